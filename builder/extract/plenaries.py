"""The plenary meetings a report places what it records in, read in document order.

A vote, a statement or an appointment is "at" the meeting the text last named:
``في جلسته ١٨``/``في الجلسة ١٨`` (digits of any system or an ordinal word), a range
``في الجلسات من الأولى إلى الرابعة``, or ``في الجلسة نفسها``/``في تلك الجلسة`` (the
meeting last named, in an earlier sentence or paragraph). A date written right
after the meeting (``المعقودة في ٢٩ حزيران/يونيه``) is that meeting's; a meeting
named again without one keeps the date given before. The year, when not
written, is the report's (or the year before, if the day would fall after the
report's date). The opening of the conference is its first meeting.

The votes and the participation extractors share these readers; the meetings
the references extractor finds (conferences, committees, meetings of experts)
are another matter (:mod:`builder.extract.meetings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from builder.arabic.numbers import MONTH, ORDINAL, month_to_int, ordinal_to_int
from builder.arabic.text import ARABIC_OR_WESTERN_DIGIT, DIGIT, Skeleton, compile_ar, parse_int

_NUMBER_OR_ORDINAL = f"(?:{DIGIT}{{1,3}}(?!{DIGIT})|{ORDINAL}(?!\\w))"
_MEETING_WORD = "(?:جلسته|جلستها|الجلسة|جلسة)(?:\\s+العامة)?"
_RE_MEETING_ONE = re.compile(f"(?<!\\w)(?:في|وفي)\\s+{_MEETING_WORD}\\s+(?P<n>{_NUMBER_OR_ORDINAL})")
_RE_MEETING_SAME = re.compile(
    f"(?<!\\w)(?:في|وفي)\\s+(?:{_MEETING_WORD}\\s+(?:نفسها|ذاتها)|(?:تلك|هذه|نفس)\\s+الجلسة)(?!\\w)"
)
_RE_MEETING_RANGE = re.compile(
    f"(?<!\\w)(?:في|وفي)\\s+(?:جلساته|جلساتها|الجلسات)(?:\\s+العامة)?\\s+من\\s+(?P<a>{_NUMBER_OR_ORDINAL})"
    f"\\s+(?:الي|حتي)\\s+(?P<b>{_NUMBER_OR_ORDINAL})"
)
_DAY = f"{DIGIT}{{1,2}}"
_YEAR = f"{DIGIT}{{4}}"
_RE_HELD_ON = re.compile(
    f"\\s*،?\\s*(?:المعقودة|المعقود|التي\\s+عقدت)\\s+(?:في\\s+|يوم\\s+|يومي\\s+|في\\s+يومي\\s+)?"
    f"(?P<d1>{_DAY})(?:\\s*(?:و|-)\\s*(?P<d2>{_DAY}))?\\s+(?P<m>{MONTH})(?:\\s+(?P<y>{_YEAR}))?"
)


def number_or_ordinal(text: str) -> int | None:
    """``"١٨"`` → 18, ``"الأولى"`` → 1, ``"السابعة عشرة"`` → 17."""
    try:
        return parse_int(text)
    except ValueError:
        return ordinal_to_int(text)


@dataclass(frozen=True)
class MeetingMention:
    """A meeting named in a text: one meeting, a range, or "the same meeting" as before.

    ``numbers`` is empty for ``same``; ``days`` are ``(day, month, year or None)``.
    Offsets are into the text searched.
    """

    kind: str  # "one" | "range" | "same"
    numbers: tuple[int, ...]
    days: tuple[tuple[int, int, int | None], ...]
    start: int
    end: int


def meeting_mentions(text: str) -> list[MeetingMention]:
    """Every meeting named in ``text`` (normalized unit text), in order."""
    sk = Skeleton.of(text)
    found: list[MeetingMention] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in ((_RE_MEETING_RANGE, "range"), (_RE_MEETING_ONE, "one"), (_RE_MEETING_SAME, "same")):
        for m in rx.finditer(sk.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            numbers: tuple[int, ...] = ()
            if kind == "one":
                n = number_or_ordinal(m.group("n"))
                if n is None:
                    continue
                numbers = (n,)
            elif kind == "range":
                a, b = number_or_ordinal(m.group("a")), number_or_ordinal(m.group("b"))
                if a is None or b is None or b < a:
                    continue
                numbers = tuple(range(a, b + 1))
            days: tuple[tuple[int, int, int | None], ...] = ()
            end = m.end()
            held = _RE_HELD_ON.match(sk.text, m.end())
            if held is not None:
                month = month_to_int(held.group("m"))
                year = parse_int(held.group("y")) if held.group("y") else None
                if month is not None:
                    days = tuple((parse_int(d), month, year) for d in (held.group("d1"), held.group("d2")) if d)
                    end = held.end()
            s, e = sk.span(m.start(), end)
            taken.append((m.start(), end))
            found.append(MeetingMention(kind, numbers, days, s, e))
    return sorted(found, key=lambda mm: mm.start)


def iso_day(day: tuple[int, int, int | None], report_date: str | None) -> str | None:
    """``(29, 6, None)`` → ``"2018-06-29"`` given a report dated 2018-07-06.

    Without a year the report's year is used, or the year before when the day
    would fall after the report's date. ``None`` when no year can be had.
    """
    d, m, y = day
    if y is None:
        if not report_date or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", report_date):
            return None
        issued = date.fromisoformat(report_date)
        y = issued.year
        try:
            if date(y, m, d) > issued:
                y -= 1
        except ValueError:
            return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


@dataclass
class MeetingTracker:
    """The meeting last named, and the dates known for each meeting, while reading in document order."""

    report_date: str | None
    current: tuple[int, ...] = ()
    dates: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def read(self, mention: MeetingMention) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """Take in one mention; return the meetings it means and their dates (given or known)."""
        numbers = self.current if mention.kind == "same" else mention.numbers
        days = tuple(d for d in (iso_day(x, self.report_date) for x in mention.days) if d)
        if days and len(numbers) == 1:
            self.dates[numbers[0]] = days
        if not days:
            known = [self.dates.get(n, ()) for n in numbers]
            days = tuple(sorted({d for ds in known for d in ds}))
        self.current = numbers
        return numbers, days

    def read_text(self, text: str) -> list[tuple[MeetingMention, tuple[int, ...], tuple[str, ...]]]:
        return [(mm, *self.read(mm)) for mm in meeting_mentions(text)]


_RE_ON_DAY = compile_ar(
    f"\\s+(?:في|يوم)\\s+(?P<d>{ARABIC_OR_WESTERN_DIGIT}{{1,2}})\\s+(?P<m>{MONTH})"
    f"(?:\\s+(?P<y>{ARABIC_OR_WESTERN_DIGIT}{{4}}))?"
)


def opening_mention(sk: Skeleton, start: int, end: int) -> MeetingMention:
    """The first meeting, named by the opening of the conference at ``sk.text[start:end]``.

    Its day is the one written right after (``افتتح ... المؤتمر في ١٨ حزيران/يونيه``), if any.
    """
    day = _RE_ON_DAY.match(sk.text, end)
    days: tuple[tuple[int, int, int | None], ...] = ()
    if day is not None:
        month = month_to_int(day.group("m"))
        year = parse_int(day.group("y")) if day.group("y") else None
        days = ((parse_int(day.group("d")), month, year),) if month else ()
    text_start, text_end = sk.span(start, end)
    return MeetingMention("one", (1,), days, text_start, text_end)
