"""Extraction: what a segmented report says, every fact with the span of text it stands on.

This package owns finding things in the units of a :class:`~builder.model.Document`:
the commitments of the outcome document (:mod:`.commitments`), citations of
documents, resolutions, instruments, targets and bodies (:mod:`.citations`),
meetings (:mod:`.meetings`, :mod:`.plenaries`), recorded votes (:mod:`.votes`,
their lists of names split by :mod:`.state_lists`) and participation: bureau,
committees, statements, people (:mod:`.participation`). :func:`extract` calls
every extractor, from this one place.

An extractor records surface forms, spans and the context a decision needs; it
never decides which State, organisation, person, document or meeting a name
is: that is :mod:`builder.resolve`. It may use the reference data to *spot* or
*split* names (a list of States, a known title), never to choose between them.

It may import :mod:`builder.model`, :mod:`builder.arabic`, :mod:`builder.iri`
and :mod:`builder.reference_data`; nothing from a later stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.extract.citations.document import find_citations
from builder.extract.citations.facts import CitationFacts
from builder.extract.commitments import Classification, classify_document
from builder.extract.meetings.document import find_meetings
from builder.extract.meetings.facts import MeetingFacts
from builder.extract.participation import extract_participation
from builder.extract.participation.facts import RecordedParticipation
from builder.extract.votes import extract_votes
from builder.extract.votes.facts import RecordedVote
from builder.model import Document, Unit
from builder.reference_data import References


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one report, nothing resolved yet."""

    document: Document
    commitments: tuple[tuple[Unit, Classification], ...]  # each paragraph of the outcome document, classified
    citations: CitationFacts
    meetings: MeetingFacts
    votes: tuple[RecordedVote, ...]  # the names of each list, not yet States
    participation: RecordedParticipation  # names in their roles, not yet agents


def extract(document: Document, references: References) -> Facts:
    """Run every extractor over ``document``, in document order within each."""
    return Facts(
        document=document,
        commitments=tuple(classify_document(document, references.concepts)),
        citations=find_citations(document, references),
        meetings=find_meetings(document, references.calendar),
        votes=tuple(extract_votes(document, references)),
        participation=extract_participation(document, references),
    )
