"""A name as a report writes it, before anyone has decided what it names.

Extractors record every name they find as a :class:`Name`: the unit it is in,
its text there (the unit's normalised text, which resolvers read) and its exact
place in the source (which provenance cites). Which State, organization or
person it is, is for :mod:`builder.resolve` to say.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import Span, Unit


@dataclass(frozen=True)
class Name:
    """A name in a unit: where it is in the unit's text and in the source, and how each writes it."""

    unit_eid: str
    start: int  # where the name is in the unit's normalised text: text == unit.text[start:end]
    end: int
    text: str  # the name in the unit's normalised text: what a resolver reads
    span: Span  # in the source
    surface: str  # source[span.start:span.end]

    @classmethod
    def at(cls, source: str, unit: Unit, start: int, end: int) -> Name:
        """The name at ``unit.text[start:end]`` (``source`` is the report's text)."""
        span = unit.source_span(start, end)
        return cls(unit.eid, start, end, unit.text[start:end], span, source[span.start:span.end])
