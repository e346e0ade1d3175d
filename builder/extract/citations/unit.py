"""All citations of one unit: every finder over the unit's skeleton, the longest of overlapping matches kept.

Spans are aligned on words: a span starts at the beginning of the word that
carries the name, so attached particles (``و``, ``ب``, ``ل``) are inside it
(``بالغاية ١٦-٤``), and ``surface`` is always ``source[span.start:span.end]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from builder.arabic.text import Skeleton, source_span
from builder.extract.citations.bodies import find_bodies
from builder.extract.citations.candidates import Candidate
from builder.extract.citations.facts import Citation, CitationContext, Target
from builder.extract.citations.instruments import find_charter, find_instruments
from builder.extract.citations.internet import find_internet
from builder.extract.citations.provisions import find_provisions
from builder.extract.citations.resolutions import find_ga_resolutions, find_sc_resolutions
from builder.extract.citations.sdg import find_sdg
from builder.extract.citations.symbols import find_symbols
from builder.extract.citations.web import find_web_addresses
from builder.model import Decision, Span
from builder.reference_data import References


def drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Drop a candidate inside another of the same family (the longest wins;
    on equal spans the more confident, then the first found)."""
    ordered = sorted(
        enumerate(cands), key=lambda ic: (ic[1].start, -(ic[1].end - ic[1].start), -ic[1].confidence, ic[0])
    )
    kept: list[Candidate] = []
    for _, c in ordered:
        if any(k.family == c.family and k.start <= c.start and c.end <= k.end for k in kept):
            continue
        if any(k.family == c.family and k.start < c.end and c.start < k.end for k in kept):
            continue  # a partial overlap with a longer, earlier candidate
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end, c.key))


def _candidates(sk: str, context: CitationContext, references: References) -> list[Candidate]:
    """What every finder finds in ``sk``, in the order of the finders (which breaks ties between equal matches)."""
    cands: list[Candidate] = []
    find_symbols(sk, cands)
    find_ga_resolutions(sk, cands)
    find_sc_resolutions(sk, context, cands)
    find_charter(sk, cands)
    find_sdg(sk, cands)
    find_instruments(sk, context, references, cands)
    find_web_addresses(sk, cands)
    bodies: list[Candidate] = []
    find_bodies(sk, references, bodies)
    find_internet(sk, bodies, cands)
    cands.extend(bodies)
    provisions: list[Candidate] = []
    find_provisions(sk, context, cands, provisions)
    cands.extend(provisions)
    return cands


def extract_citations(
    text: str,
    base_offset: int,
    unit_eid: str,
    context: CitationContext,
    references: References,
    *,
    offsets: Sequence[int] | None = None,
    source: str | None = None,
) -> list[Citation]:
    """All citations in the text of one unit, with source spans, in text order.

    ``base_offset`` is the offset of ``text[0]`` in the full source; spans are
    ``base_offset + index``. A unit whose text is not a verbatim slice of the
    source (pieces joined across a page break, marks removed) passes
    ``offsets``, the source offset of each character of ``text``, and
    ``source``, the full source, from which the surface is then taken. The
    ``context`` built by :func:`builder.extract.citations.document.scan_document`
    gives the symbols of descriptive heads and the report's year;
    ``references`` the bodies looked for (their patterns compiled when the
    data was loaded) and the types of the instruments.
    """
    skel = Skeleton.of(text)
    out: list[Citation] = []
    for c in drop_overlaps(_candidates(skel.text, context, references)):
        start, end = skel.span(c.start, c.end)
        s0, s1 = source_span(start, end, base_offset, offsets)
        target = c.pending if c.pending is not None else Target(c.key, c.type, Decision(c.rule, c.confidence, c.note),
                                                                dict(c.extra))
        out.append(Citation(unit_eid, Span(s0, s1), source[s0:s1] if source is not None else text[start:end], target))
    return out
