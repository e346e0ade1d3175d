"""Who took part and in what role: the bureau, committees, speakers, people and posts, as the report names them.

Everything is read from the report's own paragraphs with rules that hold for any
report of the family; each name is recorded as the text writes it, with its
span and the role the text gives it, and resolved later
(:mod:`builder.resolve.participation`).

* :mod:`~builder.extract.participation.facts` -- the types of the facts, as read and as resolved;
* :mod:`~builder.extract.participation.patterns` -- the sentences that name speakers, observers,
  appointments and posts, and the reading of parenthesised lists;
* :mod:`~builder.extract.participation.bureau` -- the bureau's list of posts and their holders;
* :mod:`~builder.extract.participation.people` -- people named where a post is given to them;
* :mod:`~builder.extract.participation.committees` -- States appointed members of a committee;
* :mod:`~builder.extract.participation.participants` -- the States and observers that took part;
* :mod:`~builder.extract.participation.statements` -- statements and the meetings they were made at.

It reads the reference data (the State gazetteer to split lists of States, the
posts whose phrases the patterns are made of) only to find names, never to
decide what they name; it imports nothing from the later stages.
"""

from __future__ import annotations

from builder.extract.participation.bureau import is_bureau_paragraph, read_bureau
from builder.extract.participation.committees import appointments
from builder.extract.participation.facts import ParticipationFact, RecordedParticipation
from builder.extract.participation.participants import participants_in
from builder.extract.participation.patterns import Reader, post_patterns
from builder.extract.participation.people import posts_given
from builder.extract.participation.statements import statements_in
from builder.extract.plenaries import MeetingTracker
from builder.model import Document, Part, Unit, UnitKind
from builder.reference_data import References


def conference_symbol(report_symbol: str) -> str:
    """``A/CONF.192/2018/RC/3`` → ``A/CONF.192/2018/RC``: a conference's report carries its symbol plus a number."""
    head, sep, tail = report_symbol.rpartition("/")
    return head if sep and tail.isdigit() else report_symbol


def _children(doc: Document, eid: str) -> list[Unit]:
    return [u for u in doc.units if u.part is Part.REPORT and u.kind is UnitKind.LIST_ITEM and u.parent == eid]


def extract_participation(doc: Document, references: References) -> RecordedParticipation:
    """The names of the bureau, committees, statements and people of one report, in document order, unresolved."""
    reader = Reader(doc.source, references.states, references.posts, post_patterns(references.posts))
    tracker = MeetingTracker(doc.metadata.date)
    facts: list[ParticipationFact] = []
    for para in doc.paragraphs():
        if para.part is not Part.REPORT:
            continue
        items = _children(doc, para.eid)
        if is_bureau_paragraph(para, items, references.posts):
            facts.append(read_bureau(reader, para, items))
        facts.extend(posts_given(reader, para))
        facts.extend(appointments(reader, para))
        facts.extend(participants_in(reader, para))
        facts.extend(statements_in(reader, para, tracker))
    return RecordedParticipation(doc.metadata.symbol, conference_symbol(doc.metadata.symbol), tuple(facts))
