"""What a recorded vote is, as read from the report and as resolved: the types both stages share.

:func:`builder.extract.votes.extract_votes` gives :class:`RecordedVote`\\ s, whose
lists hold the names as the report writes them (:class:`ListedName`);
:func:`builder.resolve.votes.resolve_votes` turns each into a :class:`VoteFact`
whose :class:`BallotFact`\\ s say which State each name is and how that was decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from builder.extract.names import Name
from builder.model import Span


class Position(StrEnum):
    """How a State voted: the ballot's ``poa:position`` (a term of the ontology, so it stays in code)."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


POSITIONS = (Position.YES, Position.NO, Position.ABSTAIN)
"""The positions, in the order a report lists them (the keys of ``vote_positions.csv``)."""


@dataclass(frozen=True)
class ListedName:
    """One name in a vote list, as the report writes it."""

    position: Position
    name: Name  # in the list item that holds it
    order: int  # 1-based place among all names of the vote, in document order


@dataclass(frozen=True)
class RecordedVote:
    """A recorded vote as the report gives it, with the names of its lists."""

    paragraph_eid: str
    paragraph_number: int | None
    key: str  # "I-16", "outcome": the last segment of the vote's IRI
    ref: str  # "I.16", "outcome": how queries name the vote
    target_section: str | None
    target_number: int | None
    target_eid: str | None  # eid of the outcome-document unit voted on (None: the whole outcome document)
    target_found: bool  # False when the text names nothing the document has
    meeting: int | None
    date: str | None
    declared: dict[Position, int | None]
    names: tuple[ListedName, ...]  # every name of the yes, no and abstain lists, in document order
    list_items: dict[Position, tuple[str, ...]]  # eids of the items holding each list
    order: int  # document order of the paragraph
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BallotFact:
    """One name in a vote list and the State it was resolved to (``state``, ``None`` if unresolved)."""

    position: Position
    unit_eid: str  # the list item the name is in
    span: Span  # in the source
    surface: str  # source[span.start:span.end]
    order: int  # 1-based place among all names of the vote, in document order
    state: str | None  # ISO3
    rule: str  # how the name was resolved: exact, exact-normalized, fuzzy, list-exclusion, unresolved
    score: float  # 0..100
    note: str
    flagged: bool


@dataclass(frozen=True)
class VoteFact(RecordedVote):
    """A recorded vote whose names are resolved: one ballot per name, in the order of :attr:`names`."""

    ballots: tuple[BallotFact, ...] = field(kw_only=True)
