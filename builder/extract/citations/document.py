"""The citations of a whole document: a first pass for the evidence of the document, then every unit.

Nothing here is specific to one report: what a rule needs to know about the
document as a whole travels in a
:class:`~builder.extract.citations.facts.CitationContext`, built by
:func:`scan_document` over all units before any unit is read.
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.arabic.text import Skeleton
from builder.extract.citations.facts import CitationContext, CitationFacts, ResolutionCandidate
from builder.extract.citations.instruments import alias_definitions
from builder.extract.citations.resolutions import ga_matches
from builder.extract.citations.unit import extract_citations
from builder.model import Document
from builder.reference_data import References


def scan_document(texts: Iterable[str], year: int, date: str | None = None) -> CitationContext:
    """First pass over all unit texts of a document, in order: the General Assembly
    pairs of the whole document (whose order the resolver decides together) and the
    symbols the document gives to descriptive heads, each with the unit it is given in (a head
    mentioned alone stands for the symbol given it last before, see :meth:`CitationContext.at`)."""
    candidates: list[ResolutionCandidate] = []
    aliases: dict[str, str] = {}
    history: list[tuple[int, str, str]] = []
    for index, text in enumerate(texts):
        sk = Skeleton.of(text).text
        candidates.extend(c for _, _, c, _ in ga_matches(sk))
        for head, symbol in alias_definitions(sk):
            aliases[head] = symbol
            history.append((index, head, symbol))
    return CitationContext(year, date, tuple(candidates), aliases, tuple(history))


def find_citations(document: Document, references: References) -> CitationFacts:
    """The citations of every unit of ``document``, in document order (two passes: the document's evidence, then
    each unit)."""
    year = int(document.metadata.date[:4]) if document.metadata.date else 0
    context = scan_document([u.text for u in document.units], year, document.metadata.date)
    found = tuple(
        (unit, citation)
        for index, unit in enumerate(document.units)
        for citation in extract_citations(unit.text, 0, unit.eid, context.at(index), references,
                                          offsets=unit.offsets, source=document.source)
    )
    return CitationFacts(context, found)
