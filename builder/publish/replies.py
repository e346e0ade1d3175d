"""HTTP replies of ``poa-kg serve``: the :class:`Response` value and content negotiation.

Kept apart from the server so that the query worker processes, which build
their replies themselves, import neither the site nor rdflib.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their q-values (``*/*`` when there is none)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); ``None`` when none is acceptable."""
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for index, offer in enumerate(offers):
        kind = offer.split("/")[0]
        q = -1.0
        specificity = -1
        for media, mq in ranges:
            if media == offer:
                spec = 2
            elif media == f"{kind}/*":
                spec = 1
            elif media == "*/*":
                spec = 0
            else:
                continue
            if spec > specificity:
                specificity, q = spec, mq
        if q > 0 and (best is None or (q, -index) > best):
            best, chosen = (q, -index), offer
    return chosen
