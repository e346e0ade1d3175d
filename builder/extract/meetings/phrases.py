"""The phrases that name a meeting, one finder per kind of meeting.

Each finder reads the skeleton of one unit's text and returns :class:`Phrase`
values; :func:`find_phrases` runs them all and keeps the longest of
overlapping phrases. A plenary meeting's dates are only taken from a
participle of holding right after it (``المعقودة في …``); the dates of other
meetings are read later, from the words up to the next meeting named
(:mod:`builder.extract.meetings.unit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from builder.arabic.numbers import ORDINAL, ordinal_to_int
from builder.arabic.text import compile_ar, parse_int, sentence_bounds
from builder.extract.meetings.dates import NUM, dates_in

_B = "(?<![\\w])"
_E = "(?![\\w])"
_INDEF = "(?:[وف]?[بلك]?)"

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
# A word every match of a group of the patterns above contains: a text without it is not scanned for them (a
# pattern that opens with a look-behind is tried at every position of the text, and most units name no meeting).
CONFERENCE_WORD = "مؤتمر"  # _REVCON, _SALW_CONF, _THIS_CONF
PREPCOM_WORD = "تحضيري"  # _PREPCOM
MEETING_WORD = "اجتماع"  # _BMS, _MGE, _REGIONAL
PLENARY_WORD = "جلس"  # _PLENARY_ONE, _PLENARY_RANGE, _PLENARY_TWO, _PLENARY_SAME
OPENING_WORD = "فتتح"  # _OPENING
_ON_DAY = compile_ar(r"\s+(?:في|يوم)\s+")
_HELD = compile_ar(
    r"\s*،?\s*(?:التي\s+عقدت|اللتين\s+عقدتا|الذي\s+عقد|المعقودتين|المعقودة|المعقود)\s+"
    r"(?:في\s+|يوم\s+|يومي\s+)?(?:(?:ال)?فترة\s+)?(?:من\s+)?"
)


@dataclass
class Phrase:
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


def _ord_value(raw: str) -> int | None:
    try:
        return parse_int(raw)
    except ValueError:
        return ordinal_to_int(raw)


def _conferences(sk: str) -> list[Phrase]:
    """Review conferences by ordinal, the 2001 Conference by its title, and ``هذا المؤتمر``."""
    out: list[Phrase] = []
    if CONFERENCE_WORD not in sk:
        return out
    for rx in _REVCON:
        for m in rx.finditer(sk):
            out.append(
                Phrase(m.start(), m.end(), "review-conference", "review-conference-name", 0.95, _ord_value(m["ord"]))
            )
    for m in _SALW_CONF.finditer(sk):
        out.append(Phrase(m.start(), m.end(), "conference", "conference-name", 0.9))
    for m in _THIS_CONF.finditer(sk):
        out.append(
            Phrase(m.start(), m.end(), "review-conference", "anaphor:this-conference", 0.85, anaphor="this-conference")
        )
    return out


def _series(sk: str) -> list[Phrase]:
    """Preparatory committees, biennial meetings of States, meetings of governmental experts, regional meetings."""
    out: list[Phrase] = []
    if PREPCOM_WORD in sk:
        for m in _PREPCOM.finditer(sk):
            out.append(Phrase(m.start(), m.end(), "preparatory-committee", "prepcom-name", 0.9))
    if MEETING_WORD not in sk:
        return out
    for rx in _BMS:
        for m in rx.finditer(sk):
            n = _ord_value(m["ord"]) if "ord" in rx.groupindex and m["ord"] else None
            out.append(Phrase(m.start(), m.end(), "biennial-meeting", "biennial-meeting-name", 0.9, n))
    for m in _MGE.finditer(sk):
        n = _ord_value(m["ord"]) if m["ord"] else None
        out.append(Phrase(m.start(), m.end(), "expert-meeting", "expert-meeting-name", 0.9, n))
    for m in _REGIONAL.finditer(sk):
        out.append(Phrase(m.start(), m.end(), "regional-meeting", "regional-meeting-name", 0.8))
    return out


def _plenaries(sk: str, year_hint: int | None) -> list[Phrase]:
    """Plenary meetings: a range, a pair, one by number, ``الجلسة نفسها``, and the opening of the conference."""
    out: list[Phrase] = []
    if PLENARY_WORD not in sk and OPENING_WORD not in sk:
        return out
    for m in _PLENARY_RANGE.finditer(sk):
        a, b = _ord_value(m["a"]), _ord_value(m["b"])
        if a is None or b is None or b < a:
            continue
        out.append(Phrase(m.start(), m.end(), "plenary", "plenary-range", 0.9, numbers=tuple(range(a, b + 1)),
                          held_dates=_held(sk, m.end(), year_hint)))
    for m in _PLENARY_TWO.finditer(sk):
        a, b = _ord_value(m["a"]), _ord_value(m["b"])
        if a is None or b is None:
            continue
        out.append(Phrase(m.start(), m.end(), "plenary", "plenary-pair", 0.9, numbers=(a, b),
                          held_dates=_held(sk, m.end(), year_hint)))
    for m in _PLENARY_ONE.finditer(sk):
        n = _ord_value(m["n"])
        if n is None:
            continue
        out.append(Phrase(m.start(), m.end(), "plenary", "plenary-number", 0.95, n,
                          held_dates=_held(sk, m.end(), year_hint)))
    for m in _PLENARY_SAME.finditer(sk):
        out.append(Phrase(m.start(), m.end(), "plenary", "anaphor:previous-meeting", 0.9, anaphor="same-plenary"))
    for m in _OPENING.finditer(sk):
        opening = _opening(sk, m, year_hint)
        if opening is not None:
            out.append(opening)
    return out


def _held(sk: str, pos: int, year_hint: int | None) -> tuple[date, date] | None:
    h = _HELD.match(sk, pos)
    if h is None:
        return None
    hits = dates_in(sk, h.end(), min(len(sk), h.end() + 80), year_hint)
    if hits and hits[0].s == h.end():
        return hits[0].start, hits[0].end
    return None


def _opening(sk: str, m: re.Match[str], year_hint: int | None) -> Phrase | None:
    """``افتتح(ت) … المؤتمر في <date>``: the opening, held at the first plenary meeting."""
    bounds = sentence_bounds(sk)
    end_of_sentence = next((e for s, e in bounds if s <= m.start() < e), len(sk))
    conf = _CONF_WORD.search(sk, m.end(), end_of_sentence)
    if conf is None or conf.start() - m.end() > 120:
        return None
    intro = _ON_DAY.match(sk, conf.end())
    if intro is None:
        return None
    hits = dates_in(sk, intro.end(), end_of_sentence, year_hint)
    if not hits or hits[0].s != intro.end():
        return None
    return Phrase(
        m.start(),
        hits[0].e,
        "plenary",
        "opening-meeting",
        0.75,
        1,
        note="a conference is opened at its first plenary meeting",
        held_dates=(hits[0].start, hits[0].end),
    )


def find_phrases(sk: str, year_hint: int | None) -> list[Phrase]:
    """The meeting phrases of ``sk`` in text order; of overlapping phrases the one that starts first, then the
    longest, is kept."""
    phrases = [*_conferences(sk), *_series(sk), *_plenaries(sk, year_hint)]
    phrases.sort(key=lambda r: (r.s, -(r.e - r.s)))
    kept: list[Phrase] = []
    for r in phrases:
        if any(k.s <= r.s and r.e <= k.e for k in kept) or any(k.s < r.e and r.s < k.e for k in kept):
            continue
        kept.append(r)
    return kept
