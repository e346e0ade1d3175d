"""The meetings a whole document names, unit by unit, the last plenary meeting passed on from one unit to the
next (for ``وفي الجلسة نفسها`` at the start of a unit)."""

from __future__ import annotations

from collections.abc import Iterable

from builder.extract.meetings.facts import MeetingFacts, MeetingMention
from builder.extract.meetings.unit import extract_meetings
from builder.model import Document, Unit
from builder.reference_data.meetings import MeetingCalendar


def _last_plenary(found: list[MeetingMention], previous: MeetingMention | None) -> MeetingMention | None:
    return next((m for m in reversed(found) if m.kind == "plenary"), previous)


def find_meetings(document: Document, calendar: MeetingCalendar) -> MeetingFacts:
    """The meetings the units of ``document`` name, in order, with the report's year (from its date).

    Two names of one meeting stay apart here; :func:`builder.resolve.meetings.resolve_meetings` joins them.
    """
    year = int(document.metadata.date[:4]) if document.metadata.date else None
    found: list[tuple[Unit, MeetingMention]] = []
    previous: MeetingMention | None = None
    for unit in document.units:
        mentions = extract_meetings(unit.text, 0, unit.eid, year, previous, offsets=unit.offsets,
                                    source=document.source, calendar=calendar)
        found.extend((unit, m) for m in mentions)
        previous = _last_plenary(mentions, previous)
    return MeetingFacts(year, tuple(found))


def extract_meetings_in_order(
    units: Iterable[tuple[str, int, str]], year_hint: int | None, *, calendar: MeetingCalendar,
    conference_key: str | None = None
) -> list[MeetingMention]:
    """:func:`~builder.extract.meetings.unit.extract_meetings` over ``(text, base_offset, unit_eid)`` units in
    document order, passing the last plenary meeting on from unit to unit."""
    out: list[MeetingMention] = []
    previous: MeetingMention | None = None
    for text, offset, eid in units:
        found = extract_meetings(text, offset, eid, year_hint, previous, conference_key=conference_key,
                                 calendar=calendar)
        out.extend(found)
        previous = _last_plenary(found, previous)
    return out
