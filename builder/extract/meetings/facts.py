"""The facts of meetings: a meeting as one place of the text names it, the record all mentions of one meeting
make together, and the naming rule of their keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from builder.model import Decision, Span, Unit


@dataclass(frozen=True)
class MeetingMention:
    """A meeting named in a unit, with what the text says of it.

    ``key`` is stable across mentions of one meeting (``plenary-18``,
    ``revcon-2018``, ``prepcom-2024``, ``bms-5-2014``, ``bms-2020``,
    ``mge-2015``; see :func:`meeting_key`). ``start``/``end`` bound the days
    the meeting was (or is to be) held; ``year`` is set whenever it is known,
    with or without days. ``duration`` is the phrase as written and
    ``duration_iso`` its ISO 8601 value (``P1W``, ``P5D``), ``duration_bound``
    ``"max"`` when the text says "not exceeding". ``timing`` is a part of the
    year (``early``/``mid``/``late``). ``precedes`` is the key of the meeting
    this one is to precede (a preparatory committee and its conference);
    ``part_of`` the conference a plenary meeting belongs to, when the caller
    says.
    """

    unit_eid: str
    key: str
    kind: str
    span: Span
    surface: str
    decision: Decision
    number: int | None = None
    start: date | None = None
    end: date | None = None
    year: int | None = None
    duration: str | None = None
    duration_iso: str | None = None
    duration_bound: str | None = None
    timing: str | None = None
    place: str | None = None
    precedes: str | None = None
    part_of: str | None = None


def meeting_key(kind: str, number: int | None, year: int | None) -> str | None:
    """The stable key of a meeting of ``kind`` from its ordinal and year, as far as they are known."""
    if kind == "review-conference":
        return f"revcon-{year}" if year else (f"revcon-{number}" if number else None)
    if kind == "conference":
        return f"salw-conference-{year}" if year else None
    if kind == "preparatory-committee":
        return f"prepcom-{year}" if year else None
    if kind == "biennial-meeting":
        if number and year:
            return f"bms-{number}-{year}"
        return f"bms-{year}" if year else (f"bms-{number}" if number else None)
    if kind == "expert-meeting":
        if number and year:
            return f"mge-{number}-{year}"
        return f"mge-{year}" if year else None
    if kind == "regional-meeting":
        return f"regional-{year}" if year else None
    return None


@dataclass(frozen=True)
class MeetingFacts:
    """The meetings the units of one document name, in document order, and the year of the report."""

    report_year: int | None
    found: tuple[tuple[Unit, MeetingMention], ...]


@dataclass(frozen=True)
class MeetingRecord:
    """What all mentions of one meeting say together."""

    key: str
    kind: str
    number: int | None
    start: date | None
    end: date | None
    year: int | None
    duration_iso: str | None
    duration_bound: str | None
    timing: str | None
    place: str | None
    precedes: str | None
    part_of: str | None
    mentions: int


@dataclass(frozen=True)
class ResolvedMeetings:
    """The meetings of one document: every mention with its unit (keys joined where two name one meeting) and
    one record per key."""

    mentions: tuple[tuple[Unit, MeetingMention], ...]
    records: dict[str, MeetingRecord]
