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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from builder.extract.meetings import MeetingMention, meeting_key
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
