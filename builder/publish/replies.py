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
    """The index of the variant the client prefers; ``None`` when none is acceptable. Ties go to the earlier.

    A variant is one document offered under its media type and, after it, aliases (HTML as ``text/html``,
    then ``application/xhtml+xml``). An alias counts only where a range names it: ``application/*`` asks
    for data, not for the HTML page, and ``text/html;q=0, */*;q=0.1`` refuses HTML under any name. The
    variant takes the ``q`` of the most specific range that matches it.
    """
    import mimeparse

    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen: int | None = None
    for index, types in enumerate(variants):
        matches = [mimeparse.quality_and_fitness_parsed(media, ranges) for media in types]
        matches = matches[:1] + [m for m in matches[1:] if m[1] >= _NAMED]
        q, fitness = max(matches, key=lambda m: m[1])
        if fitness >= 0 and q > 0 and (best is None or (q, -index) > best):
            best, chosen = (q, -index), index
    return chosen


#: python-mimeparse's fitness of a range that names the type and subtype (100 and 10, plus parameters)
_NAMED = 110
