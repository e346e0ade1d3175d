"""What each citation of a document refers to: the targets its finder left open, decided.

A citation whose pattern settled its target passes as it is. A General
Assembly pair takes the reading of :mod:`builder.resolve.resolutions`, decided
over the pairs of the whole document; a paragraph of such a resolution takes
its key; a ``الإنترنت`` is read by :mod:`builder.resolve.internet`. The result
is one :class:`~builder.model.Mention` per citation, in the order of the
citations.
"""

from __future__ import annotations

from collections.abc import Sequence

from builder.extract.citations.facts import (
    Citation,
    CitationContext,
    CitationFacts,
    ProvisionOfPair,
    ResolutionPair,
    Target,
    undocs_address,
)
from builder.model import Decision, Mention, Unit
from builder.resolve.internet import read_internet
from builder.resolve.resolutions import ResolutionReading, read_resolution, readings_by_pair


def _resolution(pair: ResolutionPair, reading: ResolutionReading) -> Target:
    """A General Assembly resolution as read; one whose phrase and sentence do not name the Assembly counts
    for a little less."""
    cand = pair.candidate
    note = reading.note + ("" if pair.named_ga else "; 'القرار N/M' read as a General Assembly resolution")
    return Target(
        reading.key,
        "ga-resolution",
        Decision(reading.rule, reading.confidence if pair.named_ga else round(reading.confidence * 0.95, 3), note),
        {
            "written": f"{cand.first}/{cand.second}",
            "session": str(reading.session),
            "number": str(reading.number),
            "link": undocs_address(reading.key),
            **({"flagged": "true"} if reading.flagged else {}),
        },
    )


def _target(citation: Citation, context: CitationContext,
            readings: dict[tuple[int, int], ResolutionReading]) -> Target:
    t = citation.target
    if isinstance(t, Target):
        return t
    if isinstance(t, ResolutionPair):
        return _resolution(t, read_resolution(t.candidate, readings, context.year, context.month))
    if isinstance(t, ProvisionOfPair):
        key = read_resolution(t.candidate, readings, context.year, context.month).key
        return Target(f"{key} {t.provision}", "provision", t.decision, {"instrument": key, "eid": t.eid})
    return read_internet(t)


def _mention(citation: Citation, target: Target) -> Mention:
    return Mention(citation.unit_eid, citation.span, citation.surface, target.key, target.type, target.decision,
                   dict(target.extra))


def resolve_in_context(citations: Sequence[Citation], context: CitationContext) -> list[Mention]:
    """The mentions of ``citations`` (of one document, or one unit of it), the pairs of ``context`` deciding the
    order of the General Assembly pairs."""
    readings = readings_by_pair(context.resolution_candidates, context.year, context.month)
    return [_mention(c, _target(c, context, readings)) for c in citations]


def resolve_citations(facts: CitationFacts) -> list[tuple[Unit, Mention]]:
    """The mention of every citation of a document, with its unit, in document order."""
    mentions = resolve_in_context([c for _, c in facts.found], facts.context)
    return [(unit, m) for (unit, _), m in zip(facts.found, mentions, strict=True)]


def citation_counts(symbol: str, mentions: Sequence[tuple[Unit, Mention]]) -> dict[str, int]:
    """The counts of the build report for the citations of the report ``symbol``."""
    return {f"{symbol}: mentions": len(mentions)}
