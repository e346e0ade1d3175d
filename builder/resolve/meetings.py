"""One meeting under two names: "the seventh biennial meeting" and "a biennial meeting in 2020".

A report names the next meeting of a numbered series twice over: by its
ordinal where it speaks of the series (``الاجتماع السابع للدول الذي يعقد مرة كل
سنتين``), by its year where it decides when to hold it (``اجتماعاً … في عام
٢٠٢٠``). The extractor keys the first ``bms-7`` and the second ``bms-2020``.

Rule ``series-order``: within one report of year R, in a series whose meetings
are held one after the other, let n be the highest ordinal of a meeting held
by R (a mention with both ordinal and year, or the calendar of past meetings)
and Y the earliest year after R of a meeting of the series named by year only.
When the report names the (n+1)-th meeting by ordinal only, and no other
mention gives that ordinal a year, the two are one meeting, keyed
``bms-{n+1}-{Y}``. Its confidence is below certainty: it assumes that no
meeting of the series fell between the n-th and the report without being
named (true of the Programme of Action's calendar, whose biennial meetings
skip the years of review conferences).

Then the mentions of one key are one meeting, and :func:`merge_meetings`
folds what they say into one record: the date interval is the intersection
of the mentions' intervals, narrowed by meeting order for plenary meetings
(meeting n cannot be earlier than meeting n−1).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

from builder.extract.meetings.facts import MeetingFacts, MeetingMention, MeetingRecord, ResolvedMeetings, meeting_key
from builder.model import Decision
from builder.reference_data.meetings import MeetingCalendar

SERIES_RULE = "series-order"
SERIES_CONFIDENCE = 0.8

#: the series whose meetings are numbered in the order they are held (and are keyed by ordinal and year)
NUMBERED_SERIES = ("biennial-meeting",)


def resolve_series(mentions: Sequence[MeetingMention], report_year: int | None,
                   calendar: MeetingCalendar | None = None) -> list[MeetingMention]:
    """``mentions`` (in order), the two names of the next meeting of each series given one key (see module).

    ``calendar`` (``builder/data/meetings.csv``) adds the past meetings the text does not name.
    """
    out = list(mentions)
    if report_year is None:
        return out
    for kind in NUMBERED_SERIES:
        of_kind = [m for m in out if m.kind == kind]
        past = calendar.years(kind) if calendar is not None else {}
        held = {n: y for n, y in past.items() if y <= report_year}
        held |= {m.number: m.year for m in of_kind if m.number is not None and m.year is not None
                 and m.year <= report_year}
        if not held:
            continue
        last = max(held)
        following = last + 1
        by_ordinal = [m for m in of_kind if m.number == following and m.year is None]
        dated = {m.year for m in of_kind if m.number == following and m.year is not None}
        future = sorted({m.year for m in of_kind if m.number is None and m.year is not None and m.year > report_year})
        if not by_ordinal or dated or not future:
            continue
        year = future[0]
        by_year = [m for m in of_kind if m.number is None and m.year == year]
        key = meeting_key(kind, following, year)
        if key is None:
            continue
        why = (f"the meeting after the {_ordinal(last)} ({meeting_key(kind, last, held[last])}) and the first of"
               f" the series after the report ({report_year}): {meeting_key(kind, following, None)}"
               f" = {meeting_key(kind, None, year)}")
        joined = {id(m) for m in (*by_ordinal, *by_year)}
        out = [_joined(m, key, following, year, why) if id(m) in joined else m for m in out]
    return out


def _joined(m: MeetingMention, key: str, number: int, year: int, why: str) -> MeetingMention:
    note = f"{why}; {m.decision.rule}: {m.decision.note}" if m.decision.note else f"{why}; {m.decision.rule}"
    decision = Decision(SERIES_RULE, min(m.decision.confidence, SERIES_CONFIDENCE), note)
    return replace(m, key=key, number=number, year=year, decision=decision)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _more_specific(a: str | None, b: str | None) -> str | None:
    """The more specific of two place names (``…, New York`` over ``New York``)."""
    if a is None or b is None:
        return a or b
    return b if b != a and b.endswith(a) else a


def _record(m: MeetingMention) -> MeetingRecord:
    return MeetingRecord(m.key, m.kind, m.number, m.start, m.end, m.year, m.duration_iso, m.duration_bound,
                         m.timing, m.place, m.precedes, m.part_of, 1)


def _fold(r: MeetingRecord, m: MeetingMention) -> MeetingRecord:
    """``r`` with what one more mention of its meeting says: the intersection of the intervals (an empty
    intersection keeps the first), the first value given of the other fields."""
    start, end = r.start, r.end
    if m.start is not None and m.end is not None:
        if start is None or end is None:
            start, end = m.start, m.end
        else:
            lo, hi = max(start, m.start), min(end, m.end)
            if lo <= hi:
                start, end = lo, hi
    return MeetingRecord(
        r.key,
        r.kind,
        r.number if r.number is not None else m.number,
        start,
        end,
        r.year if r.year is not None else m.year,
        r.duration_iso or m.duration_iso,
        r.duration_bound or m.duration_bound,
        r.timing or m.timing,
        _more_specific(r.place, m.place),
        r.precedes or m.precedes,
        r.part_of or m.part_of,
        r.mentions + 1,
    )


def _narrow_by_order(records: dict[str, MeetingRecord]) -> None:
    """Narrow the dated plenary meetings of ``records`` in place until nothing changes: meeting n starts no
    earlier than meeting n−1 and ends no later than n+1."""
    plenaries = sorted(
        (r for r in records.values() if r.kind == "plenary" and r.number is not None and r.start and r.end),
        key=lambda r: r.number or 0,
    )
    changed = True
    while changed:
        changed = False
        for a, b in itertools.pairwise(plenaries):
            ra, rb = records[a.key], records[b.key]
            assert ra.start and ra.end and rb.start and rb.end
            if rb.start < ra.start <= rb.end:
                records[b.key] = replace(rb, start=ra.start)
                changed = True
            rb = records[b.key]
            assert rb.end
            if ra.start <= rb.end < ra.end:
                records[a.key] = replace(ra, end=rb.end)
                changed = True
        plenaries = [records[p.key] for p in plenaries]


def merge_meetings(mentions: Sequence[MeetingMention]) -> dict[str, MeetingRecord]:
    """One record per key: the date interval is the intersection of the
    mentions' intervals (an empty intersection keeps the first); other fields
    take the first value given. Then plenary meetings are narrowed by order:
    meeting n starts no earlier than meeting n−1 and ends no later than n+1."""
    records: dict[str, MeetingRecord] = {}
    for m in mentions:
        r = records.get(m.key)
        records[m.key] = _record(m) if r is None else _fold(r, m)
    _narrow_by_order(records)
    return records


def resolve_meetings(facts: MeetingFacts, calendar: MeetingCalendar | None = None) -> ResolvedMeetings:
    """The meetings of one document: the two names of one meeting of a series joined (:func:`resolve_series`),
    then one record per meeting (:func:`merge_meetings`)."""
    mentions = resolve_series([m for _, m in facts.found], facts.report_year, calendar)
    found = tuple((unit, m) for (unit, _), m in zip(facts.found, mentions, strict=True))
    return ResolvedMeetings(found, merge_meetings(mentions))


def meeting_counts(symbol: str, meetings: ResolvedMeetings) -> dict[str, int]:
    """The counts of the build report for the meetings of the report ``symbol``: one per meeting, not mention."""
    return {f"{symbol}: meetings": len(meetings.records)}
