"""HTTP replies of ``poa-kg serve``: the :class:`Response` value and content negotiation.

Kept apart from the server so that the query worker processes, which build
their replies themselves, import neither the site nor rdflib. The ``Accept``
header is read by python-mimeparse (media ranges, ``q`` values, wildcards such
as ``application/*``); a range with ``q=0`` refuses what it matches, and a
range that cannot be parsed is passed over rather than spoiling the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def parse_accept(header: str | None) -> list[Any]:
    """The media ranges of an ``Accept`` header, parsed (``*/*`` when there is none)."""
    import mimeparse

    ranges = []
    for part in (header or "").split(","):
        if not part.strip():
            continue
        try:
            ranges.append(mimeparse.parse_media_range(part.strip().lower()))
        except (mimeparse.MimeTypeParseException, ValueError):
            continue
    return ranges or [mimeparse.parse_media_range("*/*")]


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); ``None`` when none is acceptable.

    Each offer takes the ``q`` of the most specific range that matches it (``text/html`` before
    ``text/*`` before ``*/*``), so ``text/html;q=0, */*;q=0.1`` accepts anything but HTML.
    """
    chosen = best_variant(header, [(offer,) for offer in offers])
    return None if chosen is None else offers[chosen]


def best_variant(header: str | None, variants: Sequence[Sequence[str]]) -> int | None:
    """The index of the variant the client prefers, each variant a document offered under one or more media
    types (HTML as ``text/html`` and ``application/xhtml+xml``); ``None`` when none is acceptable.

    A variant takes the ``q`` of the most specific range that matches any of its types, so a client that
    refuses ``text/html`` by name is not given HTML because ``*/*`` lets ``application/xhtml+xml`` through.
    Ties go to the earlier variant.
    """
    import mimeparse

    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen: int | None = None
    for index, types in enumerate(variants):
        matches = [mimeparse.quality_and_fitness_parsed(media, ranges) for media in types]
        q, fitness = max(matches, key=lambda m: m[1])
        if fitness >= 0 and q > 0 and (best is None or (q, -index) > best):
            best, chosen = (q, -index), index
    return chosen
