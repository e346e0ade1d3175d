"""Resolution: which entity each surface form names, with the rule that decided and how sure it is.

This package owns every decision the extractors leave open: State names
(:mod:`.states`, lists of them in :mod:`.votes`), organisations
(:mod:`.organizations`), people (:mod:`.people`), participation as a whole
(:mod:`.participation`), the order of a General Assembly resolution's numbers
(:mod:`.resolutions`), the internet told from INTERPOL (:mod:`.internet`),
citations (:mod:`.citations`) and two names of one meeting (:mod:`.meetings`).
:func:`resolve` calls them all from this one place. Resolvers are pure
functions: what they cannot settle comes back as :class:`~builder.model.Issues`,
with the result, never written anywhere.

It may import :mod:`builder.model`, :mod:`builder.arabic`, :mod:`builder.iri`,
:mod:`builder.reference_data` and the *types* of the facts of
:mod:`builder.extract`; never an extractor, nothing from a later stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.extract import Facts
from builder.extract.commitments import Classification
from builder.extract.meetings.facts import ResolvedMeetings
from builder.extract.participation.facts import Participation
from builder.extract.votes.facts import VoteFact
from builder.model import Document, Issues, Mention, Unit, UnitKind
from builder.reference_data import References
from builder.resolve.citations import citation_counts, resolve_citations
from builder.resolve.meetings import meeting_counts, resolve_meetings
from builder.resolve.participation import participation_counts, resolve_participation
from builder.resolve.votes import resolve_votes, vote_counts


@dataclass(frozen=True)
class ResolvedFacts:
    """The facts of one report with every name resolved, and what could not be."""

    document: Document
    commitments: tuple[tuple[Unit, Classification], ...]
    mentions: tuple[tuple[Unit, Mention], ...]  # citations, each with its target and decision
    meetings: ResolvedMeetings
    votes: tuple[VoteFact, ...]  # recorded votes, ballot by ballot
    participation: Participation
    issues: Issues  # vote issues first, then participation's, then the segmenter's warnings and unplaced lines

    def counts(self) -> dict[str, int]:
        """The build report's counts for this report, keyed ``"{symbol}: {what}"``."""
        sym = self.document.metadata.symbol
        units = self.document.units
        return {
            f"{sym}: classified paragraphs": len(self.commitments),
            **citation_counts(sym, self.mentions),
            **meeting_counts(sym, self.meetings),
            **vote_counts(sym, self.votes),
            **participation_counts(sym, self.participation),
            f"{sym}: units": len(units),
            f"{sym}: paragraphs": sum(1 for u in units if u.kind is UnitKind.PARAGRAPH),
        }


def resolve(facts: Facts, references: References) -> ResolvedFacts:
    """Resolve every fact of one report against ``references``."""
    document = facts.document
    symbol = document.metadata.symbol
    votes, vote_issues = resolve_votes(symbol, facts.votes, references.states)
    participation, participation_issues = resolve_participation(facts.participation, references)
    return ResolvedFacts(
        document=document,
        commitments=facts.commitments,
        mentions=tuple(resolve_citations(facts.citations)),
        meetings=resolve_meetings(facts.meetings, references.calendar),
        votes=tuple(votes),
        participation=participation,
        issues=vote_issues + participation_issues + Issues(warnings=document.warnings, unplaced=document.unplaced),
    )
