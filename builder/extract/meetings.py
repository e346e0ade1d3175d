"""Meetings and dates in the Arabic text of a UN report.

* :func:`parse_arabic_dates` reads dates and date ranges written the way UN
  Arabic texts write them (``١٨ حزيران/يونيه ٢٠١٨``, ``من ١٨ إلى ٢٩ حزيران/يونيه``,
  ``يومي ١٨ و ١٩ حزيران/يونيه``, ``١٨-٢٩ حزيران/يونيه ٢٠١٨``), in either digit
  system, taking the year from a hint when the text gives none.
* :func:`extract_meetings` finds the meetings one unit speaks of — plenary
  meetings of the conference, review conferences, preparatory committees,
  biennial meetings of States, meetings of governmental experts, regional
  meetings — each as a :class:`MeetingMention` with what the text says of it
  (number, dates, year, duration, place).
* :func:`merge_meetings` folds the mentions of one meeting into one record.

Rules worth knowing (more in ``docs/references.md``):

* A range of meetings held over a range of days (``في الجلسات من الأولى إلى
  الرابعة، المعقودة يومي ١٨ و ١٩ حزيران/يونيه``) gives every meeting the whole
  range as its interval ``start..end``: the text says each was held on some day
  in it, no more. :func:`merge_meetings` narrows an interval when another
  mention of the same meeting is more precise, and by meeting order (meeting
  n cannot be earlier than meeting n−1).
* Such a range gives one mention per meeting, all with the span of the
  phrase; a mention's identity is therefore (span, key), not the span alone.
* A plenary meeting's date is only taken from a participle of holding right
  after it (``المعقودة في …``); a conference's or committee's from the text
  between it and the next meeting named in the sentence.
* ``وفي الجلسة نفسها``/``وفي تلك الجلسة`` is the previous plenary meeting
  mentioned (in this unit or the ``previous`` argument); ``الجلسة ١٨ أيضا``
  takes the dates of a previous mention of meeting 18 when it has none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from builder.arabic.numbers import CARDINAL, MONTH, ORDINAL, cardinal_to_int, month_to_int, ordinal_to_int
from builder.arabic.text import DIGIT, Skeleton, compile_ar, normalize_letters, parse_int, sentence_bounds, source_span
from builder.model import Decision, Span
from builder.reference_data.meetings import MeetingCalendar

MEETING_KINDS = (
    "conference",
    "plenary",
    "preparatory-committee",
    "biennial-meeting",
    "expert-meeting",
    "review-conference",
    "regional-meeting",
)

NUM = f"{DIGIT}+"
YEAR = f"{DIGIT}{{4}}"
_B = "(?<![\\w])"
_E = "(?![\\w])"
_INDEF = "(?:[وف]?[بلك]?)"


# ------------------------------------------------------------------------ dates

_DAY = f"{DIGIT}{{1,2}}"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # من ١٨ [حزيران/يونيه [٢٠١٨]] إلى ٢ تموز/يوليه [٢٠١٨]
    compile_ar(
        rf"(?<!\d)(?P<d1>{_DAY})(?:\s+(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?)?\s+(?:إلى|حتى)\s+"
        rf"(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"
    ),
    # ١٨-٢٩ حزيران/يونيه ٢٠١٨
    compile_ar(rf"(?<!\d)(?P<d1>{_DAY})\s*[-–]\s*(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"),
    # ١٨ و ١٩ حزيران/يونيه
    compile_ar(rf"(?<!\d)(?P<d1>{_DAY})\s+و\s*(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"),
    # ١٨ حزيران/يونيه ٢٠١٨
    compile_ar(rf"(?<!\d)(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"),
)


@dataclass(frozen=True)
class _DateHit:
    start: date
    end: date
    s: int  # skeleton offsets
    e: int


def _dates_in(sk: str, lo: int, hi: int, year_hint: int | None) -> list[_DateHit]:
    hits: list[_DateHit] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATE_PATTERNS:
        for m in rx.finditer(sk, lo, hi):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            hit = _date_from(m, year_hint)
            if hit is not None:
                hits.append(hit)
                taken.append((m.start(), m.end()))
    return sorted(hits, key=lambda h: h.s)


def _date_from(m: re.Match[str], year_hint: int | None) -> _DateHit | None:
    groups = m.groupdict()
    m2 = month_to_int(groups["m2"])
    if m2 is None:
        return None
    y2 = parse_int(groups["y2"]) if groups.get("y2") else year_hint
    if y2 is None:
        return None
    d2 = parse_int(groups["d2"])
    d1 = parse_int(groups["d1"]) if groups.get("d1") else d2
    m1 = month_to_int(groups["m1"]) if groups.get("m1") else m2
    if m1 is None:
        return None
    if groups.get("y1"):
        y1 = parse_int(groups["y1"])
    else:
        y1 = y2 - 1 if m1 > m2 else y2
    try:
        start, end = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if end < start:
        return None
    return _DateHit(start, end, m.start(), m.end())


def parse_arabic_dates(text: str, year_hint: int | None) -> list[tuple[date, date, Span]]:
    """Every date or date range in ``text`` as ``(start, end, span)``.

    A single day has ``start == end``. The span (offsets into ``text``) runs
    from the first day number to the month or the year, whichever is last:
    introducing words (``في الفترة من``, ``يومي``) are outside it. A missing
    year is the year of the end date, else ``year_hint`` (the start's year is
    one less when its month is later than the end's: ``من ٢٨ كانون الأول/ديسمبر
    إلى ٣ كانون الثاني/يناير ٢٠١٩``). Impossible dates are skipped.
    """
    skel = Skeleton.of(text)
    out: list[tuple[date, date, Span]] = []
    for h in _dates_in(skel.text, 0, len(skel.text), year_hint):
        s, e = skel.span(h.s, h.e)
        out.append((h.start, h.end, Span(s, e)))
    return out


# --------------------------------------------------------------- the mentions


@dataclass(frozen=True)
class MeetingMention:
    """A meeting named in a unit, with what the text says of it.

    ``key`` is stable across mentions of one meeting (``plenary-18``,
    ``revcon-2018``, ``prepcom-2024``, ``bms-5-2014``, ``bms-2020``,
    ``mge-2015``). ``start``/``end`` bound the days the meeting was (or is to
    be) held; ``year`` is set whenever it is known, with or without days.
    ``duration`` is the phrase as written and ``duration_iso`` its ISO 8601
    value (``P1W``, ``P5D``), ``duration_bound`` ``"max"`` when the text says
    "not exceeding". ``timing`` is a part of the year (``early``/``mid``/
    ``late``). ``precedes`` is the key of the meeting this one is to precede
    (a preparatory committee and its conference); ``part_of`` the conference a
    plenary meeting belongs to, when the caller says.
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


_ORD_OR_NUM = f"(?:{ORDINAL}|{NUM})"
_POA_TAIL = (
    r"(?:\s+برنامج\s+العمل(?:\s+(?:المتعلق\s+ب|ل)?منع\s+الاتجار\s+غير\s+المشروع\s+بالأسلحة\s+الصغيرة"
    r"\s+والأسلحة\s+الخفيفة\s+من\s+جميع\s+جوانبه،?\s+ومكافحته\s+والقضاء\s+عليه)?)"
)
_REVCON = (
    compile_ar(
        rf"{_B}{_INDEF}مؤتمر\s+الأمم\s+المتحدة\s+(?P<ord>{ORDINAL})\s+لاستعراض\s+التقدم\s+المحرز\s+في\s+تنفيذ"
        rf"{_POA_TAIL}?{_E}"
    ),
    compile_ar(
        rf"{_B}{_INDEF}مؤتمرا?\s+(?P<ord>{ORDINAL})\s+للأمم\s+المتحدة\s+لاستعراض\s+التقدم\s+المحرز\s+في\s+تنفيذ"
        rf"{_POA_TAIL}?{_E}"
    ),
    compile_ar(rf"{_B}{_INDEF}مؤتمر\s+الاستعراض\s+(?P<ord>{ORDINAL}){_E}"),
)
_SALW_CONF = compile_ar(
    rf"{_B}{_INDEF}مؤتمر\s+الأمم\s+المتحدة\s+المعني\s+بالاتجار\s+غير\s+المشروع\s+بالأسلحة\s+الصغيرة"
    rf"\s+والأسلحة\s+الخفيفة\s+من\s+جميع\s+جوانبه{_E}"
)
_THIS_CONF = compile_ar(rf"{_B}(?:هذا|ذلك)\s+المؤتمر{_E}")
_PREPCOM = compile_ar(
    rf"{_B}(?:{_INDEF}اجتماع\s+)?(?:(?:[وف]?[بك]?اللجنة|[وف]?للجنة)\s+التحضيرية|{_INDEF}لجنة\s+تحضيرية){_E}"
)
_BIENNIAL = "(?:مرة\\s+)?كل\\s+سنتين"
_BMS = (
    compile_ar(rf"{_B}{_INDEF}اجتماع\s+الدول\s+(?P<ord>{ORDINAL})\s+من\s+الاجتماعات\s+التي\s+تعقد\s+{_BIENNIAL}"),
    compile_ar(rf"{_B}(?:[وف]?[بك]?ال|[وف]?لل)اجتماع\s+(?P<ord>{ORDINAL})\s+للدول(?:\s+الذي\s+يعقد\s+{_BIENNIAL})?"),
    compile_ar(
        rf"{_B}{_INDEF}اجتماعا?\s+(?:مدته\s+\S+(?:\s+واحدا?)?\s+)?من\s+(?:ال)?اجتماعات\s+(?:الدول\s+)?"
        rf"التي\s+تعقد\s+{_BIENNIAL}"
    ),
    compile_ar(rf"{_B}{_INDEF}اجتماعا?\s+(?:ال|لل)?دول\s+(?:الذي\s+)?يعقد\s+{_BIENNIAL}"),
)
_MGE = compile_ar(
    rf"{_B}{_INDEF}اجتماع\s+الخبراء\s+الحكوميين(?:\s+(?P<ord>{ORDINAL}))?\s+المفتوح\s+باب\s+العضوية"
    rf"(?:\s+المعني\s+بتنفيذ{_POA_TAIL})?"
)
_REGIONAL = compile_ar(rf"{_B}{_INDEF}اجتماعا?\s+(?:دون\s+)?إقليميا?{_E}")

_PLENARY_ONE = compile_ar(
    rf"{_B}(?:[وف]?[بل]?جلست(?:ه|ها)|[وف]?[بل]?الجلسة|[وف]?للجلسة)\s+(?:العامة\s+)?(?P<n>{_ORD_OR_NUM}){_E}"
)
_PLENARY_RANGE = compile_ar(
    rf"{_B}(?:[وف]?[بل]?جلسات(?:ه|ها)|[وف]?[بل]?الجلسات|[وف]?للجلسات)\s+(?:العامة\s+)?(?:من\s+)?"
    rf"(?P<a>{_ORD_OR_NUM})\s+(?:إلى|حتى)\s+(?P<b>{_ORD_OR_NUM}){_E}"
)
_PLENARY_TWO = compile_ar(
    rf"{_B}(?:[وف]?[بل]?جلستي(?:ه|ها)|[وف]?[بل]?الجلستين)\s+(?:العامتين\s+)?"
    rf"(?P<a>{_ORD_OR_NUM})\s+و\s*(?P<b>{_ORD_OR_NUM}){_E}"
)
_PLENARY_SAME = compile_ar(rf"{_B}(?:(?:تلك|هذه|ذات)\s+الجلسة|[وف]?[بل]?الجلسة\s+(?:نفسها|ذاتها)){_E}")
_OPENING = compile_ar(rf"{_B}[وف]?(?:افتتح|افتتحت|يفتتح|تفتتح)(?:ه|ها)?{_E}")
_CONF_WORD = compile_ar(rf"{_B}(?:ال)?مؤتمر{_E}")
_HELD = compile_ar(
    r"\s*،?\s*(?:التي\s+عقدت|اللتين\s+عقدتا|الذي\s+عقد|المعقودتين|المعقودة|المعقود)\s+"
    r"(?:في\s+|يوم\s+|يومي\s+)?(?:(?:ال)?فترة\s+)?(?:من\s+)?"
)
_DURATION = compile_ar(
    rf"(?P<neg1>لا\s+تتجاوز\s+)?(?:لمدة|مدته|مدتها)\s+(?P<neg2>لا\s+تتجاوز\s+)?"
    rf"(?:(?P<num>{NUM}|{CARDINAL})\s+)?"
    rf"(?P<unit>أسبوعين|أسبوعان|أسبوع|أسابيع|يومين|يومان|يوم|أيام|شهرين|شهران|شهر|أشهر)"
    rf"(?:\s+(?:واحد|واحدة))?{_E}"
)
_YEAR_WORD = compile_ar(rf"(?:عام|سنة)\s+(?P<y>{YEAR})(?!\d)")
_YEAR_PAREN = compile_ar(rf"\(\s*(?P<y>{YEAR})\s*\)")
_TIMING = compile_ar(rf"(?P<t>أوائل|مطلع|بداية|منتصف|أواسط|أواخر|نهاية)\s+(?:عام|سنة)\s+(?P<y>{YEAR})")
_PRECEDES = compile_ar(rf"{_B}[وف]?(?:س)?[يت]سبق(?:ه|ها){_E}")
_PLACES: tuple[tuple[re.Pattern[str], str], ...] = (
    (compile_ar(r"مقر\s+الأمم\s+المتحدة"), "United Nations Headquarters, New York"),
    (compile_ar(rf"{_B}[بو]?نيويورك{_E}"), "New York"),
    (compile_ar(rf"{_B}[بو]?جنيف{_E}"), "Geneva"),
    (compile_ar(rf"{_B}[بو]?فيينا{_E}"), "Vienna"),
    (compile_ar(rf"{_B}[بو]?نيروبي{_E}"), "Nairobi"),
)
_TIMING_EN = {
    normalize_letters(k): v
    for k, v in {
        "أوائل": "early",
        "مطلع": "early",
        "بداية": "early",
        "منتصف": "mid",
        "أواسط": "mid",
        "أواخر": "late",
        "نهاية": "late",
    }.items()
}
_UNIT_ISO = {
    normalize_letters(k): v
    for k, v in {
        "أسبوع": ("W", 1),
        "أسبوعين": ("W", 2),
        "أسبوعان": ("W", 2),
        "أسابيع": ("W", 0),
        "يوم": ("D", 1),
        "يومين": ("D", 2),
        "يومان": ("D", 2),
        "أيام": ("D", 0),
        "شهر": ("M", 1),
        "شهرين": ("M", 2),
        "شهران": ("M", 2),
        "أشهر": ("M", 0),
    }.items()
}


def _ord_value(raw: str) -> int | None:
    try:
        return parse_int(raw)
    except ValueError:
        return ordinal_to_int(raw)


@dataclass
class _Raw:
    """A meeting phrase found in the skeleton, before its attributes are read."""

    s: int
    e: int
    kind: str
    rule: str
    confidence: float
    number: int | None = None
    numbers: tuple[int, ...] = ()
    anaphor: str | None = None  # "same-plenary" | "this-conference"
    note: str | None = None
    held_dates: tuple[date, date] | None = None


def _find_raw(sk: str, year_hint: int | None) -> list[_Raw]:
    raws: list[_Raw] = []
    for rx in _REVCON:
        for m in rx.finditer(sk):
            raws.append(
                _Raw(m.start(), m.end(), "review-conference", "review-conference-name", 0.95, _ord_value(m["ord"]))
            )
    for m in _SALW_CONF.finditer(sk):
        raws.append(_Raw(m.start(), m.end(), "conference", "conference-name", 0.9))
    for m in _THIS_CONF.finditer(sk):
        raws.append(
            _Raw(m.start(), m.end(), "review-conference", "anaphor:this-conference", 0.85, anaphor="this-conference")
        )
    for m in _PREPCOM.finditer(sk):
        raws.append(_Raw(m.start(), m.end(), "preparatory-committee", "prepcom-name", 0.9))
    for rx in _BMS:
        for m in rx.finditer(sk):
            n = _ord_value(m["ord"]) if "ord" in rx.groupindex and m["ord"] else None
            raws.append(_Raw(m.start(), m.end(), "biennial-meeting", "biennial-meeting-name", 0.9, n))
    for m in _MGE.finditer(sk):
        n = _ord_value(m["ord"]) if m["ord"] else None
        raws.append(_Raw(m.start(), m.end(), "expert-meeting", "expert-meeting-name", 0.9, n))
    for m in _REGIONAL.finditer(sk):
        raws.append(_Raw(m.start(), m.end(), "regional-meeting", "regional-meeting-name", 0.8))
    for m in _PLENARY_RANGE.finditer(sk):
        a, b = _ord_value(m["a"]), _ord_value(m["b"])
        if a is None or b is None or b < a:
            continue
        raws.append(
            _Raw(
                m.start(),
                m.end(),
                "plenary",
                "plenary-range",
                0.9,
                numbers=tuple(range(a, b + 1)),
                held_dates=_held(sk, m.end(), year_hint),
            )
        )
    for m in _PLENARY_TWO.finditer(sk):
        a, b = _ord_value(m["a"]), _ord_value(m["b"])
        if a is None or b is None:
            continue
        raws.append(
            _Raw(
                m.start(),
                m.end(),
                "plenary",
                "plenary-pair",
                0.9,
                numbers=(a, b),
                held_dates=_held(sk, m.end(), year_hint),
            )
        )
    for m in _PLENARY_ONE.finditer(sk):
        n = _ord_value(m["n"])
        if n is None:
            continue
        raws.append(
            _Raw(m.start(), m.end(), "plenary", "plenary-number", 0.95, n, held_dates=_held(sk, m.end(), year_hint))
        )
    for m in _PLENARY_SAME.finditer(sk):
        raws.append(_Raw(m.start(), m.end(), "plenary", "anaphor:previous-meeting", 0.9, anaphor="same-plenary"))
    for m in _OPENING.finditer(sk):
        raw = _opening(sk, m, year_hint)
        if raw is not None:
            raws.append(raw)
    # longest first, then drop what lies inside an earlier kept phrase
    raws.sort(key=lambda r: (r.s, -(r.e - r.s)))
    kept: list[_Raw] = []
    for r in raws:
        if any(k.s <= r.s and r.e <= k.e for k in kept) or any(k.s < r.e and r.s < k.e for k in kept):
            continue
        kept.append(r)
    return kept


def _held(sk: str, pos: int, year_hint: int | None) -> tuple[date, date] | None:
    h = _HELD.match(sk, pos)
    if h is None:
        return None
    hits = _dates_in(sk, h.end(), min(len(sk), h.end() + 80), year_hint)
    if hits and hits[0].s == h.end():
        return hits[0].start, hits[0].end
    return None


def _opening(sk: str, m: re.Match[str], year_hint: int | None) -> _Raw | None:
    """``افتتح(ت) … المؤتمر في <date>``: the opening, held at the first plenary meeting."""
    bounds = sentence_bounds(sk)
    end_of_sentence = next((e for s, e in bounds if s <= m.start() < e), len(sk))
    conf = _CONF_WORD.search(sk, m.end(), end_of_sentence)
    if conf is None or conf.start() - m.end() > 120:
        return None
    intro = compile_ar(r"\s+(?:في|يوم)\s+").match(sk, conf.end())
    if intro is None:
        return None
    hits = _dates_in(sk, intro.end(), end_of_sentence, year_hint)
    if not hits or hits[0].s != intro.end():
        return None
    return _Raw(
        m.start(),
        hits[0].e,
        "plenary",
        "opening-meeting",
        0.75,
        1,
        note="a conference is opened at its first plenary meeting",
        held_dates=(hits[0].start, hits[0].end),
    )


def _year_of(sk: str, lo: int, hi: int, allow_paren: bool) -> int | None:
    found: list[tuple[int, int]] = []
    for m in _YEAR_WORD.finditer(sk, lo, hi):
        found.append((m.start(), parse_int(m["y"])))
    if allow_paren:
        for m in _YEAR_PAREN.finditer(sk, lo, hi):
            found.append((m.start(), parse_int(m["y"])))
    return min(found)[1] if found else None


def _duration(sk: str, lo: int, hi: int) -> tuple[str, str, str | None, int, int] | None:
    m = _DURATION.search(sk, lo, hi)
    if m is None:
        return None
    unit, count = _UNIT_ISO[m["unit"]]
    if m["num"]:
        value = cardinal_to_int(m["num"])
        count = value if value is not None else count
    if count == 0:
        return None
    bound = "max" if (m["neg1"] or m["neg2"]) else None
    return m.group(0), f"P{count}{unit}", bound, m.start(), m.end()


def _place(sk: str, lo: int, hi: int) -> str | None:
    for rx, name in _PLACES:
        if rx.search(sk, lo, hi):
            return name
    return None


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


def extract_meetings(
    text: str,
    base_offset: int,
    unit_eid: str,
    year_hint: int | None,
    previous: MeetingMention | None = None,
    *,
    conference_key: str | None = None,
    offsets: Sequence[int] | None = None,
    source: str | None = None,
    calendar: MeetingCalendar,
) -> list[MeetingMention]:
    """The meetings the text of one unit names, in text order.

    ``previous`` is the last plenary meeting mentioned before this unit (for
    ``وفي الجلسة نفسها``); ``year_hint`` the year of the report's conference,
    for dates without a year and a bare ``اللجنة التحضيرية``;
    ``conference_key`` is put in ``part_of`` of every plenary meeting.
    ``offsets``/``source`` are for a unit whose text is not a verbatim slice
    of the source, as in :func:`builder.extract.references.extract_references`.
    ``calendar`` (:attr:`builder.reference_data.References.calendar`) gives the
    years of the meetings of a series the text names by ordinal only.
    """
    skel = Skeleton.of(text)
    sk = skel.text
    raws = _find_raw(sk, year_hint)
    bounds = sentence_bounds(sk)
    out: list[MeetingMention] = []
    last_plenary = previous
    last_conference: int | None = None  # index in out

    def _text(s: int, e: int) -> str:
        """The words of ``sk[s:e]`` as written (from the source when given)."""
        a, b = source_span(skel.start(s), skel.end(e), base_offset, offsets)
        return source[a:b] if source is not None else text[skel.start(s) : skel.end(e)]

    def sentence(pos: int) -> tuple[int, int]:
        return next(((s, e) for s, e in bounds if s <= pos < e), (0, len(sk)))

    for i, r in enumerate(raws):
        s0, s1 = sentence(r.s)
        after_hi = min([s1, *[x.s for x in raws[i + 1 :] if x.s >= r.e]])
        before_lo = max([s0, *[x.e for x in raws[:i] if x.e <= r.s]])
        span = Span(*source_span(skel.start(r.s), skel.end(r.e), base_offset, offsets))
        surface = source[span.start : span.end] if source is not None else text[skel.start(r.s) : skel.end(r.e)]

        if r.kind == "plenary":
            if r.anaphor == "same-plenary":
                if last_plenary is None:
                    continue
                m = replace(
                    last_plenary,
                    unit_eid=unit_eid,
                    span=span,
                    surface=surface,
                    decision=Decision(r.rule, r.confidence, f"the previous meeting mentioned: {last_plenary.key}"),
                )
                out.append(m)
                last_plenary = m
                continue
            numbers = r.numbers or ((r.number,) if r.number is not None else ())
            for n in numbers:
                start = end = None
                note = r.note
                if r.held_dates is not None:
                    start, end = r.held_dates
                    if len(numbers) > 1 and start != end:
                        note = "one of a range of meetings held over a range of days: the whole range"
                elif last_plenary is not None and last_plenary.number == n and last_plenary.start is not None:
                    start, end = last_plenary.start, last_plenary.end
                    note = f"dates of the previous mention of meeting {n}"
                m = MeetingMention(
                    unit_eid,
                    f"plenary-{n}",
                    "plenary",
                    span,
                    surface,
                    Decision(r.rule, r.confidence, note),
                    number=n,
                    start=start,
                    end=end,
                    year=start.year if start else None,
                    part_of=conference_key,
                )
                out.append(m)
                last_plenary = m
            continue

        if r.anaphor == "this-conference":
            if last_conference is None:
                continue
            ante = out[last_conference]
            dur = _duration(sk, r.e, after_hi)
            m = replace(
                ante,
                unit_eid=unit_eid,
                span=span,
                surface=surface,
                decision=Decision(r.rule, r.confidence, f"the conference named before: {ante.key}"),
            )
            if dur is not None:
                m = replace(m, duration=_text(dur[3], dur[4]), duration_iso=dur[1], duration_bound=dur[2])
                if ante.duration_iso is None:
                    out[last_conference] = replace(
                        ante,
                        duration=m.duration,
                        duration_iso=m.duration_iso,
                        duration_bound=m.duration_bound,
                        decision=Decision(
                            ante.decision.rule,
                            ante.decision.confidence,
                            _join(ante.decision.note, "duration from a later 'هذا المؤتمر'"),
                        ),
                    )
            out.append(m)
            last_conference = len(out) - 1
            continue

        dates = _dates_in(sk, r.e, after_hi, year_hint)
        start = dates[0].start if dates else None
        end = dates[0].end if dates else None
        year = start.year if start else None
        notes: list[str] = []
        if year is None:
            year = _year_of(sk, r.e, after_hi, allow_paren=True)
        if year is None:
            year = _year_of(sk, before_lo, r.s, allow_paren=False)
            if year is not None:
                notes.append("year from the clause before")
        timing_m = _TIMING.search(sk, r.e, after_hi)
        timing = _TIMING_EN.get(timing_m["t"]) if timing_m else None
        dur = _duration(sk, r.s, after_hi)
        place = _place(sk, r.e, after_hi)
        precedes: str | None = None
        rule, conf = r.rule, r.confidence
        number = r.number

        if r.kind == "review-conference" and number is not None:
            table_year = calendar.years("review-conference").get(number)
            if year is None and table_year is not None:
                year = table_year
                notes.append(f"year of review conference {number} from the series calendar")
            elif year is not None and table_year is not None and table_year != year:
                notes.append(f"the series calendar has {table_year}")
        if r.kind == "conference" and year is None and 0 in calendar.years("conference"):
            year = calendar.years("conference")[0]
            notes.append(f"the {year} Conference")
        if r.kind == "biennial-meeting":
            biennial = calendar.years("biennial-meeting")
            if number is not None and year is None and number in biennial:
                year = biennial[number]
                notes.append(f"year of biennial meeting {number} from the series calendar")
            elif number is None and year is not None:
                inverse = {y: n for n, y in biennial.items()}
                if year in inverse:
                    number = inverse[year]
                    notes.append(f"number of the {year} biennial meeting from the series calendar")
        if r.kind == "preparatory-committee":
            if _PRECEDES.search(sk, before_lo, r.s) and last_conference is not None:
                precedes = out[last_conference].key
                if year is None:
                    year = out[last_conference].year
                    notes.append("year of the conference it precedes")
            if year is None and year_hint is not None:
                year, conf = year_hint, 0.7
                notes.append("the preparatory committee of the report's conference")
        if r.kind in ("expert-meeting", "regional-meeting") and year is None and number is None:
            continue  # a kind of meeting, not one meeting
        key = meeting_key(r.kind, number, year)
        if key is None:
            continue
        m = MeetingMention(
            unit_eid,
            key,
            r.kind,
            span,
            surface,
            Decision(rule, conf, "; ".join(notes) or None),
            number=number,
            start=start,
            end=end,
            year=year,
            duration=_text(dur[3], dur[4]) if dur else None,
            duration_iso=dur[1] if dur else None,
            duration_bound=dur[2] if dur else None,
            timing=timing,
            place=place,
            precedes=precedes,
        )
        out.append(m)
        if r.kind in ("review-conference", "conference"):
            last_conference = len(out) - 1
    return out


def _join(a: str | None, b: str) -> str:
    return f"{a}; {b}" if a else b


def extract_meetings_in_order(
    units: Iterable[tuple[str, int, str]], year_hint: int | None, *, calendar: MeetingCalendar,
    conference_key: str | None = None
) -> list[MeetingMention]:
    """:func:`extract_meetings` over ``(text, base_offset, unit_eid)`` units in
    document order, passing the last plenary meeting on from unit to unit."""
    out: list[MeetingMention] = []
    previous: MeetingMention | None = None
    for text, offset, eid in units:
        found = extract_meetings(text, offset, eid, year_hint, previous, conference_key=conference_key,
                                 calendar=calendar)
        out.extend(found)
        for m in reversed(found):
            if m.kind == "plenary":
                previous = m
                break
    return out


# ------------------------------------------------------------------- merging


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


def _more_specific(a: str | None, b: str | None) -> str | None:
    """The more specific of two place names (``…, New York`` over ``New York``)."""
    if a is None or b is None:
        return a or b
    return b if b != a and b.endswith(a) else a


def merge_meetings(mentions: Sequence[MeetingMention]) -> dict[str, MeetingRecord]:
    """One record per key: the date interval is the intersection of the
    mentions' intervals (an empty intersection keeps the first); other fields
    take the first value given. Then plenary meetings are narrowed by order:
    meeting n starts no earlier than meeting n−1 and ends no later than n+1."""
    records: dict[str, MeetingRecord] = {}
    for m in mentions:
        r = records.get(m.key)
        if r is None:
            records[m.key] = MeetingRecord(
                m.key,
                m.kind,
                m.number,
                m.start,
                m.end,
                m.year,
                m.duration_iso,
                m.duration_bound,
                m.timing,
                m.place,
                m.precedes,
                m.part_of,
                1,
            )
            continue
        start, end = r.start, r.end
        if m.start is not None and m.end is not None:
            if start is None or end is None:
                start, end = m.start, m.end
            else:
                lo, hi = max(start, m.start), min(end, m.end)
                if lo <= hi:
                    start, end = lo, hi
        records[m.key] = MeetingRecord(
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
    return records
