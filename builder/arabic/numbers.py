"""Arabic number words, month names, list letters and section numerals.

Everything here is pure and report-independent:

* ordinal words (``الأولى``, ``السابعة عشرة``, ``الثانية والسبعين``, ``رابعاً``)
  to integers, masculine or feminine, with or without the article;
* small cardinal words (``واحد``, ``خمسة``; ``أسبوعين`` is handled by callers);
* the twelve month names, Levantine/Syriac (``حزيران``) and transliterated
  (``يونيه``/``يونيو``), alone or joined with ``/`` as UN Arabic texts write them;
* the abjad letters of lettered sub-paragraphs and the letter names of
  subsections, with their Latin counterparts, and Roman section numerals.

Patterns are for :class:`~builder.arabic.text.Skeleton` text; the words are
matched in their :func:`~builder.arabic.text.normalize_letters` form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from builder.arabic.names import strip_article
from builder.arabic.text import Skeleton, normalize_letters, parse_int

# ------------------------------------------------------------------------ ordinals

# The stems of the ordinal units, masculine then feminine; "first" has its own
# form alone (الأول/الأولى) and inside compounds (الحادي/الحادية).
_UNITS: dict[int, tuple[str, ...]] = {
    1: ("أول", "أولى"),
    2: ("ثاني", "ثانية", "ثان"),
    3: ("ثالث", "ثالثة"),
    4: ("رابع", "رابعة"),
    5: ("خامس", "خامسة"),
    6: ("سادس", "سادسة"),
    7: ("سابع", "سابعة"),
    8: ("ثامن", "ثامنة"),
    9: ("تاسع", "تاسعة"),
    10: ("عاشر", "عاشرة"),
}
_COMPOUND_ONE = ("حادي", "حادية")
_TENS: dict[int, tuple[str, ...]] = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
_HUNDRED = ("مائة", "مئة")


def _unit_lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    for value, stems in _UNITS.items():
        for stem in stems:
            table[normalize_letters(stem)] = value
    for stem in _COMPOUND_ONE:
        table[normalize_letters(stem)] = 1
    return table


_UNIT_VALUE = _unit_lookup()
_TENS_VALUE = {normalize_letters(s): v for v, stems in _TENS.items() for s in stems}
_HUNDRED_VALUE = {normalize_letters(s): 100 for s in _HUNDRED}


def _alternation(words: list[str]) -> str:
    return "|".join(sorted({normalize_letters(w) for w in words}, key=len, reverse=True))


_UNIT_ALT = _alternation([s for stems in _UNITS.values() for s in stems if s not in ("أول", "أولى")])
_ONE_ALT = _alternation(list(_COMPOUND_ONE))
_FIRST_ALT = _alternation(["أول", "أولى"])
_TENS_ALT = _alternation([s for stems in _TENS.values() for s in stems])
_HUNDRED_ALT = _alternation(list(_HUNDRED))
_ART = "(?:ال)?"
_TANWIN = "(?:ا(?![\\w]))?"  # the accusative alif of an indefinite ordinal: رابعا

ORDINAL = (
    "(?:"
    # 11-19: unit + عشر/عشرة
    f"{_ART}(?:{_ONE_ALT}|{_UNIT_ALT})\\s+عشرة?"
    # 21-99: unit + و + tens
    f"|{_ART}(?:{_ONE_ALT}|{_UNIT_ALT})\\s+و{_ART}(?:{_TENS_ALT})"
    f"|{_ART}(?:{_TENS_ALT})"
    f"|{_ART}(?:{_HUNDRED_ALT})"
    f"|{_ART}(?:{_FIRST_ALT}|{_UNIT_ALT}){_TANWIN}"
    ")"
)
"""A regular expression (for skeleton text) matching one ordinal phrase, longest first."""

_ORDINAL_RE = re.compile(f"(?<!\\w){ORDINAL}(?!\\w)")


def _strip_article(word: str) -> str:
    return strip_article(word) or word


def ordinal_to_int(phrase: str) -> int | None:
    """The value of an ordinal phrase, or ``None`` if it is not one.

    ``"الأولى"`` → 1, ``"السابعة عشرة"`` → 17, ``"الثامن عشر"`` → 18,
    ``"الثانية والسبعين"`` → 72, ``"الحادي والعشرون"`` → 21, ``"رابعاً"`` → 4.
    """
    words = normalize_letters(phrase).split()
    if not words:
        return None
    if len(words) == 1:
        w = _strip_article(words[0])
        if w in _UNIT_VALUE and w not in {normalize_letters(s) for s in _COMPOUND_ONE}:
            return _UNIT_VALUE[w]
        if w.endswith("ا") and w[:-1] in _UNIT_VALUE:
            return _UNIT_VALUE[w[:-1]]
        if w in _TENS_VALUE:
            return _TENS_VALUE[w]
        if w in _HUNDRED_VALUE:
            return 100
        return None
    if len(words) == 2:
        unit = _strip_article(words[0])
        second = words[1]
        if unit not in _UNIT_VALUE or unit == normalize_letters("أول"):
            return None
        if unit == normalize_letters("أولى"):
            return None
        value = _UNIT_VALUE[unit]
        if second in ("عشر", "عشرة") and value < 10:
            return 10 + value
        if second.startswith("و"):
            tens = _strip_article(second[1:])
            if tens in _TENS_VALUE and value < 10:
                return _TENS_VALUE[tens] + value
        return None
    return None


def _find(rx: re.Pattern[str], value_of: Callable[[str], int | None], text: str) -> list[tuple[int, int, int]]:
    """Every match of ``rx`` in the skeleton of ``text`` that has a value, as ``(value, start, end)`` in ``text``."""
    sk = Skeleton.of(text)
    out: list[tuple[int, int, int]] = []
    for m in rx.finditer(sk.text):
        value = value_of(m.group(0))
        if value is not None:
            start, end = sk.span(m.start(), m.end())
            out.append((value, start, end))
    return out


def find_ordinals(text: str) -> list[tuple[int, int, int]]:
    """Every ordinal phrase in ``text`` as ``(value, start, end)`` offsets into ``text``."""
    return _find(_ORDINAL_RE, ordinal_to_int, text)


# ----------------------------------------------------------------------- cardinals

_CARDINALS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين"),
    3: ("ثلاثة", "ثلاث"),
    4: ("أربعة", "أربع"),
    5: ("خمسة", "خمس"),
    6: ("ستة", "ست"),
    7: ("سبعة", "سبع"),
    8: ("ثمانية", "ثماني", "ثمان"),
    9: ("تسعة", "تسع"),
    10: ("عشرة", "عشر"),
}
_CARDINAL_VALUE = {normalize_letters(s): v for v, stems in _CARDINALS.items() for s in stems}
CARDINAL = "(?:" + _alternation([s for stems in _CARDINALS.values() for s in stems]) + ")"
"""A regular expression (for skeleton text) matching one cardinal word from one to ten."""


def cardinal_to_int(word: str) -> int | None:
    """``"خمسة"`` → 5, ``"واحد"`` → 1; digits are accepted too; ``None`` otherwise."""
    w = normalize_letters(word.strip())
    if w in _CARDINAL_VALUE:
        return _CARDINAL_VALUE[w]
    try:
        return parse_int(w)
    except ValueError:
        return None


# -------------------------------------------------------------------------- months

_MONTHS: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    1: (("كانون الثاني",), ("يناير",)),
    2: (("شباط",), ("فبراير",)),
    3: (("آذار",), ("مارس",)),
    4: (("نيسان",), ("أبريل", "إبريل")),
    5: (("أيار",), ("مايو",)),
    6: (("حزيران",), ("يونيه", "يونيو")),
    7: (("تموز",), ("يوليه", "يوليو")),
    8: (("آب",), ("أغسطس",)),
    9: (("أيلول",), ("سبتمبر",)),
    10: (("تشرين الأول",), ("أكتوبر",)),
    11: (("تشرين الثاني",), ("نوفمبر",)),
    12: (("كانون الأول",), ("ديسمبر",)),
}


def _month_lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    for value, (levantine, transliterated) in _MONTHS.items():
        for name in (*levantine, *transliterated):
            table[re.sub(r"\s+", " ", normalize_letters(name))] = value
    return table


_MONTH_VALUE = _month_lookup()


def _month_alternation() -> str:
    forms: list[str] = []
    for levantine, transliterated in _MONTHS.values():
        for lev in levantine:
            for tr in transliterated:
                forms.append(f"{lev}/{tr}")
        forms.extend(levantine)
        forms.extend(transliterated)
    alts = sorted({normalize_letters(f) for f in forms}, key=len, reverse=True)
    return "|".join(a.replace(" ", "\\s+").replace("/", "\\s*/\\s*") for a in alts)


MONTH = f"(?:{_month_alternation()})(?!\\w)"
"""A regular expression (for skeleton text) matching one month name in any of its forms."""

_MONTH_RE = re.compile(f"(?<!\\w){MONTH}")


def month_to_int(name: str) -> int | None:
    """``"حزيران/يونيه"``, ``"حزيران"``, ``"يونيو"`` → 6; ``None`` when not a month name.

    When both halves of a joined name are given they must agree.
    """
    parts = [re.sub(r"\s+", " ", p.strip()) for p in normalize_letters(name).split("/")]
    values = {_MONTH_VALUE.get(p) for p in parts}
    if len(values) != 1:
        return None
    (value,) = values
    return value


def find_months(text: str) -> list[tuple[int, int, int]]:
    """Every month name in ``text`` as ``(month, start, end)`` offsets into ``text``."""
    return _find(_MONTH_RE, month_to_int, text)


# ------------------------------------------------------------- section numerals

# How the chapters of a report and the sections of its annex are numbered: an
# ordinal adverb (أولا "firstly") standing for the Roman numeral of the English text.
ORDINAL_ADVERBS = {
    "أولا": "I", "ثانيا": "II", "ثالثا": "III", "رابعا": "IV", "خامسا": "V",
    "سادسا": "VI", "سابعا": "VII", "ثامنا": "VIII", "تاسعا": "IX", "عاشرا": "X",
}
# How subsections (or the sections of an outcome document) are lettered: the name of a letter in
# abjad order (ألف، باء …) standing for the capital Latin letter of the English text, A to Z.
LETTER_NAMES = {
    "ألف": "A", "باء": "B", "جيم": "C", "دال": "D", "هاء": "E",
    "واو": "F", "زاي": "G", "حاء": "H", "طاء": "I", "ياء": "J",
    "كاف": "K", "لام": "L", "ميم": "M", "نون": "N", "سين": "O",
    "عين": "P", "فاء": "Q", "صاد": "R", "قاف": "S", "راء": "T",
    "شين": "U", "تاء": "V", "ثاء": "W", "خاء": "X", "ذال": "Y", "ضاد": "Z",
}

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(value: int) -> str:
    """``2`` → ``"II"`` (for section numerals; 1..39)."""
    if not 0 < value < 40:
        raise ValueError(f"out of range for a section numeral: {value}")
    out = []
    for n, sym in _ROMAN:
        while value >= n:
            out.append(sym)
            value -= n
    return "".join(out)


# The letters UN Arabic texts use for lettered sub-paragraphs, in abjad order,
# and the Latin letters the other language versions use for the same items.
_ABJAD = ["أ", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر",
          "ش", "ت", "ث", "خ", "ذ", "ض"]
_ABJAD_LATIN = {normalize_letters(a): chr(ord("a") + i) for i, a in enumerate(_ABJAD)}


def latin_to_abjad(letter: str) -> str | None:
    """The Arabic list letter of a Latin one, as UN Arabic texts write it: ``"a"`` → ``"أ"``, ``"e"`` → ``"ه"``."""
    index = ord(letter.lower()) - ord("a") if len(letter) == 1 and letter.isascii() else -1
    return _ABJAD[index] if 0 <= index < len(_ABJAD) else None


def abjad_to_latin(letter: str) -> str | None:
    """The Latin letter of an Arabic list letter: ``"أ"`` → ``"a"``, ``"هـ"`` → ``"e"``."""
    key = normalize_letters(letter.strip())
    if key.isascii() and len(key) == 1 and key.isalpha():
        return key.lower()
    return _ABJAD_LATIN.get(key)

