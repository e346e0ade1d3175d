"""Arabic characters and digits, and the normalised copies of a text that rules read.

A report reaches us with spelling variation that does not change what it says:
tatweel stretching a word, vowel marks on some words, four shapes of alef,
final ى for ي, three digit systems. Each reader wants some of that removed,
and each must still point at the exact characters of the text it was given.

A :class:`Folding` says which characters are dropped and which are replaced by
another, one for one; :class:`Skeleton` is a folded copy of a text that keeps
the offset of every kept character. Three foldings are used, each by the code
its rules were written and tested for:

* :data:`COSMETIC_FOLDING` (tatweel, the vowel marks and the invisible formatting
  characters: directional marks, embeddings and isolates, zero-width characters,
  soft hyphens) is what the stored text of a unit loses (:func:`unit_text`) and
  what segmentation looks through;
* :data:`SKELETON_FOLDING` (every Arabic mark and tatweel dropped, alef forms
  and final ى unified) is what the patterns of references, meetings, votes and
  participation run on (:func:`normalize_letters`, :func:`compile_ar`);
* :data:`TRIGGER_FOLDING` (the marks of U+064B–U+065F, superscript alef,
  tatweel and the zero-width characters dropped; alef forms, ى and ة unified,
  digits made ASCII, en and em dashes made hyphens) is the form the commitment
  vocabulary's triggers are written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pyarabic.araby as araby

from builder.model import Span

# ------------------------------------------------------------------------ characters

TATWEEL = str(araby.TATWEEL)
"""ـ (U+0640), the stroke that stretches a join between two letters."""

TASHKEEL = "".join(sorted(araby.TASHKEEL))
"""The eight vowel marks U+064B–U+0652: the three tanwin, fatha, damma, kasra, shadda and sukun."""

SMALL_ALEF = str(araby.SMALL_ALEF)
"""The superscript (dagger) alef, U+0670."""

VOWEL_MARKS = frozenset(TASHKEEL) | {SMALL_ALEF}
"""The marks a vocalised text adds to an unvocalised one: the tashkeel and the superscript alef."""

ARABIC_MARKS = frozenset(
    chr(c)
    for block in (range(0x0610, 0x061B), range(0x064B, 0x0660), (0x0670,), range(0x06D6, 0x06EE))
    for c in block
)
"""Every Arabic combining mark and Quranic sign: U+0610–U+061A, U+064B–U+065F, U+0670, U+06D6–U+06ED.

Written as ranges rather than taken from pyarabic's ``DIACRITICS``, which leaves
out U+06DD, U+06DE, U+06E5, U+06E6 and U+06E9 of the last range.
"""

ZERO_WIDTH = frozenset(chr(c) for c in range(0x200B, 0x2010))
"""Zero-width space, non-joiner and joiner, and the left-to-right and right-to-left marks."""

INVISIBLE = ZERO_WIDTH | {"\u00ad", "\u061c", "\ufeff"} | {
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
"""Characters that print as nothing: :data:`ZERO_WIDTH`, the soft hyphen, the Arabic letter mark, the
byte-order mark and the bidirectional embeddings, overrides and isolates."""

ARABIC_LETTER = "[\u0621-\u064a]"
"""A regular-expression class for one character of hamza..yeh (U+0621–U+064A), the Arabic letters of the
basic block (tatweel, which sits among them, included)."""

ALEF_FORMS = MappingProxyType({c: str(araby.ALEF) for c in "أإآٱ"})
"""Alef with hamza above or below, with madda, and alef wasla, each mapped to the bare alef."""

# ---------------------------------------------------------------------------- digits

WESTERN_DIGITS = "".join(araby.NUMBERS_WEST)
ARABIC_INDIC_DIGITS = "".join(araby.NUMBERS_EAST)
EXTENDED_DIGITS = "".join(araby.NUMBERS_PERS)
"""The Extended Arabic-Indic digits ۰–۹ (Persian and Urdu keyboards)."""

DIGIT = "[0-9٠-٩۰-۹]"
"""A regular-expression class for one digit in any of the three digit systems."""

ARABIC_OR_WESTERN_DIGIT = "[0-9٠-٩]"
"""A regular-expression class for one Western or Arabic-Indic digit (the Extended ones left out)."""

_TO_WESTERN = str.maketrans(ARABIC_INDIC_DIGITS + EXTENDED_DIGITS, WESTERN_DIGITS * 2)
_TO_ARABIC_INDIC = str.maketrans(WESTERN_DIGITS + EXTENDED_DIGITS, ARABIC_INDIC_DIGITS * 2)
_WESTERN_TO_ARABIC_INDIC = str.maketrans(WESTERN_DIGITS, ARABIC_INDIC_DIGITS)


def to_western_digits(text: str) -> str:
    """``"١٨-٢٩"`` → ``"18-29"`` (Extended digits too); other characters are left as they are."""
    return text.translate(_TO_WESTERN)


def to_arabic_indic_digits(text: str) -> str:
    """``"18-29"`` → ``"١٨-٢٩"`` (Extended digits too); other characters are left as they are."""
    return text.translate(_TO_ARABIC_INDIC)


def parse_int(text: str) -> int:
    """An integer written in any digit system: ``parse_int("٢٠١٨") == 2018``.

    Raises :class:`ValueError` when ``text`` is not made of digits only.
    """
    western = to_western_digits(text.strip())
    if not western.isascii() or not western.isdigit():
        raise ValueError(f"not a number: {text!r}")
    return int(western)


# --------------------------------------------------------------------------- folding


@dataclass(frozen=True, eq=False)
class Folding:
    """Characters ``dropped`` from a text and characters ``replaced`` by another, one for one.

    A character listed in both is dropped. Since a replacement never changes the
    length, the offsets of a folded text follow from the runs of dropped
    characters alone (:meth:`fold_with_offsets`).
    """

    dropped: frozenset[str]
    replaced: Mapping[str, str]
    _replacements: tuple[tuple[str, str], ...] = field(init=False, repr=False)
    _dropped_run: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if any(len(a) != 1 or len(b) != 1 for a, b in self.replaced.items()):
            raise ValueError("a folding replaces one character by one character")
        replacements = tuple((a, b) for a, b in sorted(self.replaced.items()) if a not in self.dropped)
        if any(b in self.replaced for _, b in replacements):
            raise ValueError("a folding replaces a character by one it replaces in turn")
        run = "[" + "".join(re.escape(c) for c in sorted(self.dropped)) + "]+" if self.dropped else "(?!)"
        object.__setattr__(self, "replaced", MappingProxyType(dict(self.replaced)))
        object.__setattr__(self, "_replacements", replacements)
        object.__setattr__(self, "_dropped_run", re.compile(run))

    def fold(self, text: str) -> str:
        """``text`` folded.

        The dropped characters go in one regular-expression pass and each
        replaced character that occurs in one ``str.replace``: on Arabic text that
        is several times faster than ``str.translate``, which looks every
        character up in a table. No replacement is replaced again (checked when
        the folding is made), so the order of the passes does not matter.
        """
        folded = self._dropped_run.sub("", text)
        for a, b in self._replacements:
            if a in folded:
                folded = folded.replace(a, b)
        return folded

    def fold_with_offsets(self, text: str) -> tuple[str, tuple[int, ...]]:
        """``text`` folded, and the offset in ``text`` of each folded character followed by ``len(text)``."""
        folded = self.fold(text)
        if len(folded) == len(text):  # nothing dropped: every character keeps its offset
            return folded, tuple(range(len(text) + 1))
        offsets: list[int] = []
        kept_from = 0
        for m in self._dropped_run.finditer(text):
            offsets.extend(range(kept_from, m.start()))
            kept_from = m.end()
        offsets.extend(range(kept_from, len(text) + 1))  # the rest, and the end offset
        return folded, tuple(offsets)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """A pattern written in ordinary Arabic, folded like the text it will run on, compiled."""
        return re.compile(self.fold(pattern), flags)


def _folding(dropped: Iterable[str], replaced: Mapping[str, str]) -> Folding:
    return Folding(frozenset(dropped), replaced)


COSMETIC_FOLDING = _folding(VOWEL_MARKS | {TATWEEL} | INVISIBLE, {})
"""Tatweel, the vowel marks and the :data:`INVISIBLE` characters dropped, nothing replaced: what leaves the
words as they are. A directional mark or a zero-width joiner that a PDF extraction leaves before a
marker (``أولا\u200f -``) or at the start of a line must not hide it, and says nothing a reader sees."""

SKELETON_FOLDING = _folding(ARABIC_MARKS | {TATWEEL}, {**ALEF_FORMS, "ى": "ي"})
"""Every Arabic mark and tatweel dropped; the alef forms made bare alef and ى made ي."""

TRIGGER_FOLDING = _folding(
    {chr(c) for c in range(0x064B, 0x0660)} | {SMALL_ALEF, TATWEEL} | ZERO_WIDTH,
    {
        **ALEF_FORMS,
        "ى": "ي",
        "ة": "ه",
        "–": "-",
        "—": "-",
        **dict(zip(ARABIC_INDIC_DIGITS, WESTERN_DIGITS, strict=True)),
        **dict(zip(EXTENDED_DIGITS, WESTERN_DIGITS, strict=True)),
    },
)
"""The marks of U+064B–U+065F, superscript alef, tatweel and :data:`ZERO_WIDTH` dropped; alef forms, ى and ة
unified, digits made ASCII, en and em dashes made hyphen-minus."""


@dataclass(frozen=True)
class Skeleton:
    """A folded copy ``text`` of ``original`` with a map back to its offsets.

    ``text[i]`` comes from ``original[offsets[i]]``, and ``offsets[len(text)]`` is
    ``len(original)``. :meth:`span` turns a half-open range of ``text`` into the
    half-open range of ``original`` that covers the same characters: dropped
    characters inside the range are included, and so are those after its last
    character, so that a word keeps its final vowel.
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str, folding: Folding = SKELETON_FOLDING) -> Skeleton:
        text, offsets = folding.fold_with_offsets(original)
        return cls(original, text, offsets)

    def start(self, i: int) -> int:
        """The original offset of folded offset ``i >= 0`` (a range start)."""
        return self.offsets[min(i, len(self.text))]

    def end(self, i: int) -> int:
        """The original offset just past folded offset ``i - 1`` and the dropped characters after it (a range end)."""
        if i <= 0:
            return 0
        return self.offsets[min(i, len(self.text))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


def normalize_letters(text: str) -> str:
    """``text`` under :data:`SKELETON_FOLDING`: no marks or tatweel, one alef, final ى as ي.

    Used on patterns and on text alike, so that ``"يُمكّن"`` matches ``"يمكن"``
    and ``"الأولى"`` matches ``"الاولي"``. The result can be shorter than the
    input; use :class:`Skeleton` when offsets matter.
    """
    return SKELETON_FOLDING.fold(text)


def compile_ar(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern written in ordinary Arabic for use on a :class:`Skeleton` text."""
    return SKELETON_FOLDING.compile(pattern, flags)


# ------------------------------------------------------------------ stored unit text

_LATIN = re.compile(r"[A-Za-z]")
_TOKEN_WITH_DIGIT = re.compile(r"(?<!\S)\S*[0-9]\S*")
_COSMETIC = "".join(re.escape(c) for c in sorted(COSMETIC_FOLDING.dropped))
_COSMETIC_GAP = re.compile(rf"[{_COSMETIC}\s]{{2,}}|[{_COSMETIC}]|(?! )\s")
"""A run of the characters :func:`unit_text` drops or collapses (cosmetic marks, whitespace), but for a
lone space, which is kept as it is."""
_SPACE = re.compile(r"\s")


def _arabic_digits(text: str) -> str:
    """Western digits → Arabic-Indic, except inside tokens that contain a Latin letter."""

    def fix(token: re.Match[str]) -> str:
        t = token.group(0)
        return t if _LATIN.search(t) else t.translate(_WESTERN_TO_ARABIC_INDIC)

    return _TOKEN_WITH_DIGIT.sub(fix, text)  # only the whitespace-separated tokens with a Western digit


def unit_text(source: str, pieces: Sequence[Span]) -> tuple[str, tuple[int, ...]]:
    """The stored text of a unit made of ``pieces`` of ``source``, and each character's source offset.

    Tatweel and vowel marks (:data:`COSMETIC_FOLDING`) are removed, runs of
    whitespace become one space, a run of Western digits that is not part of a
    Latin token (a document symbol such as ``A/CONF.192/2018/RC/1``) is written
    in Arabic-Indic digits, and pieces that a page break separated are joined
    with one space, which takes the offset of the first character after the break.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for n, piece in enumerate(pieces):
        raw = source[piece.start:piece.end]
        lead = len(raw) - len(raw.lstrip())
        body = raw[lead:len(raw.rstrip())]
        if n and offsets:
            chars.append(" ")
            offsets.append(piece.start + lead)  # the joint stands for the page break before this piece
        base = piece.start + lead
        kept_from = 0
        # the characters between two gaps are kept as they are; a gap becomes one space at its first
        # whitespace character, or nothing when it holds marks only
        for gap in _COSMETIC_GAP.finditer(body):
            chars.append(body[kept_from:gap.start()])
            offsets.extend(range(base + kept_from, base + gap.start()))
            space = _SPACE.search(gap.group())
            if space is not None:
                chars.append(" ")
                offsets.append(base + gap.start() + space.start())
            kept_from = gap.end()
        chars.append(body[kept_from:])
        offsets.extend(range(base + kept_from, base + len(body)))
    text = _arabic_digits("".join(chars))
    assert len(text) == len(offsets)
    return text, tuple(offsets)


def clean_text(text: str) -> str:
    """The normalisation of :func:`unit_text` for a free-standing string (a heading, a name)."""
    cleaned, _ = unit_text(text, (Span(0, len(text)),))
    return cleaned


def source_span(start: int, end: int, base_offset: int, offsets: Sequence[int] | None) -> tuple[int, int]:
    """The source range of ``text[start:end]`` for a unit text.

    Without ``offsets`` the text is a verbatim slice of the source starting at
    ``base_offset``. With ``offsets`` (one source offset per character of the
    text, as :func:`unit_text` gives them) the range runs from the source offset
    of the first character to just past that of the last one.
    """
    if offsets is None:
        return base_offset + start, base_offset + end
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


# ------------------------------------------------------------------------- sentences


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence bounds in ``text``: cut after ``.``/``؟``/``!``/``?`` followed by a space or the end."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.!?؟](?=\s|$)", text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds
