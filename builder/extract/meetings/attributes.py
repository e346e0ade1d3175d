"""What the words around a meeting's name say of it: its year, how long it lasts, where and in which part of the
year it is held, and whether it is to precede another."""

from __future__ import annotations

import re

from builder.arabic.numbers import CARDINAL, cardinal_to_int
from builder.arabic.text import compile_ar, normalize_letters, parse_int
from builder.extract.meetings.dates import NUM, YEAR

_B = "(?<![\\w])"
_E = "(?![\\w])"

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


def year_of(sk: str, lo: int, hi: int, allow_paren: bool) -> int | None:
    """The first year of ``sk[lo:hi]`` written ``عام ٢٠٢٠`` (or ``(٢٠٢٠)`` with ``allow_paren``)."""
    found: list[tuple[int, int]] = []
    for m in _YEAR_WORD.finditer(sk, lo, hi):
        found.append((m.start(), parse_int(m["y"])))
    if allow_paren:
        for m in _YEAR_PAREN.finditer(sk, lo, hi):
            found.append((m.start(), parse_int(m["y"])))
    return min(found)[1] if found else None


def duration(sk: str, lo: int, hi: int) -> tuple[str, str, str | None, int, int] | None:
    """(phrase, ISO 8601 duration, ``"max"`` for "not exceeding", start, end) of the first duration in
    ``sk[lo:hi]``; a plural without a number (``أسابيع``) is none."""
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


def place(sk: str, lo: int, hi: int) -> str | None:
    """The first of the known places of UN meetings named in ``sk[lo:hi]``, most specific first."""
    for rx, name in _PLACES:
        if rx.search(sk, lo, hi):
            return name
    return None


def timing(sk: str, lo: int, hi: int) -> str | None:
    """The part of a year (``early``/``mid``/``late``) ``sk[lo:hi]`` names (``أواخر عام ٢٠٢٠``)."""
    m = _TIMING.search(sk, lo, hi)
    return _TIMING_EN.get(m["t"]) if m else None


def precedes_cue(sk: str, lo: int, hi: int) -> bool:
    """True when ``sk[lo:hi]`` says that what follows is to precede what came before (``تسبقه``)."""
    return _PRECEDES.search(sk, lo, hi) is not None
