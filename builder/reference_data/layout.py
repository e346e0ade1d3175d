"""The page layout of the reports as data: the tables of ``builder/data/layout/``.

A report reaches the builder as the text of a PDF, and the extraction keeps
what the printed pages carry besides the report itself: the job number and the
page at the foot of each page, a barcode, the symbol or the title repeated at
the head of each page, the masthead's block of distribution, date and languages.
And the reports of the family number their parts in several ways: ordinal
words, letter names, Roman numerals or Latin letters, bracketed sub-items.
Three tables say all of it, so that a new layout is a new row, not new code:

* ``furniture.csv`` -- one kind of page furniture a row: a regular expression
  that the whole line must match (stripped, and read through the cosmetic
  folding like every line the segmenter looks at), where it may stand
  (``anywhere``; ``front``: only above the first chapter, where the masthead is;
  ``title``: anywhere, the pattern's ``{title}`` standing for the report's own
  title as its title block gives it), what it is, and where it comes from;
* ``markers.csv`` -- how a line opens a unit: one pattern a row (the line's
  start after an optional stray dash), with the *level* of what it opens
  (``annex``, ``chapter``, ``subsection``, ``paragraph``, ``subitem``), a group
  ``n`` for the numeral and ``t`` for the text; placeholders name the word lists
  (``{ordinal}``, ``{letter}``, ``{annex}``) and character classes (``{dash}``,
  ``{digit}``, ``{arabic}``, ``{tashkeel}``);
* ``numerals.csv`` -- the words of those numerals and what they stand for:
  ordinal words (أولا … حادي عشر … عشرون) as Roman numerals, letter names
  (ألف، باء …) as Latin capitals, the ordinals of numbered annexes (المرفق الثاني).

The segmenter is given a :class:`Layout` and names no pattern of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.arabic.text import ARABIC_LETTER, COSMETIC_FOLDING, DIGIT, TASHKEEL, parse_int
from builder.errors import ReferenceDataError
from builder.reference_data.tables import read_table

FURNITURE_TABLE = "layout/furniture.csv"
MARKERS_TABLE = "layout/markers.csv"
NUMERALS_TABLE = "layout/numerals.csv"
SCOPES = ("anywhere", "front", "title")
LEVELS = ("annex", "chapter", "subsection", "paragraph", "subitem")
SCHEMES = ("ordinal", "letter", "annex")
TITLE = "{title}"
_PLACEHOLDER = re.compile(r"\{(dash|digit|arabic|tashkeel|ordinal|letter|annex)\}")
_LEAD = r"^[ \t]*(?:[-–—][ \t]*)?"


@dataclass(frozen=True)
class FurniturePattern:
    """One kind of page furniture line."""

    name: str  # what the line is: job-number, page-number, running-header …
    pattern: re.Pattern[str] | None  # matched against the whole line; None for a title row not yet given its title
    scope: str  # anywhere | front (above the first chapter only) | title (the report's title stands in the pattern)
    description: str
    source: str
    template: str = ""  # a title row's pattern, with {title} in it


@dataclass(frozen=True)
class Marker:
    """One way a line opens a unit: its pattern (groups ``n`` and ``t``) and the level of what it opens."""

    name: str
    level: str  # annex | chapter | subsection | paragraph | subitem
    pattern: re.Pattern[str]
    description: str
    source: str


@dataclass(frozen=True)
class Layout:
    """What the segmenter knows of the printed page and of the numbering, loaded once per build."""

    furniture: tuple[FurniturePattern, ...]
    markers: tuple[Marker, ...] = ()
    numerals: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # scheme -> word -> numeral

    def furniture_kind(self, line: str, *, front: bool) -> str | None:
        """The name of the first pattern that the whole of ``line`` matches, or ``None``.

        ``line`` is read as the segmenter reads it (folded); ``front`` says whether
        it stands above the first chapter, where the masthead's own patterns apply too.
        A title row counts only once :meth:`for_title` has given it the report's title.
        """
        text = line.strip()
        for p in self.furniture:
            if p.pattern is not None and (front or p.scope != "front") and p.pattern.fullmatch(text):
                return p.name
        return None

    def for_title(self, title: str) -> Layout:
        """This layout with the report's ``title`` put into its title rows (any white space between the words)."""
        words = title.split()
        if not words:
            return self
        escaped = r"\s+".join(re.escape(w) for w in words)
        rows = tuple(FurniturePattern(p.name, COSMETIC_FOLDING.compile(p.template.replace(TITLE, f"(?:{escaped})")),
                                      p.scope, p.description, p.source, p.template) if p.scope == "title" else p
                     for p in self.furniture)
        return Layout(rows, self.markers, self.numerals)

    def classify(self, line: str) -> tuple[str, re.Match[str] | None]:
        """The level of the first marker ``line`` (folded) opens with, and its match; ``("plain", None)`` if none."""
        for marker in self.markers:
            m = marker.pattern.match(line)
            if m:
                return marker.level, m
        return "plain", None

    def numeral(self, scheme: str, written: str) -> str | None:
        """What a numeral as written stands for: ``حادي عشر`` → ``XI``, ``باء`` → ``B``, ``II`` → ``II``, ``٣`` → ``3``.

        A word of the ``scheme``'s list (``ordinal``, ``letter``, ``annex``) by the table; Latin
        letters and digits as they are; ``None`` for anything else.
        """
        word = " ".join(written.split())
        found = self.numerals.get(scheme, {}).get(word)
        if found is not None:
            return found
        if word.isascii() and word.isalpha():
            return word.upper()
        if re.fullmatch(f"{DIGIT}+", word):
            return str(parse_int(word))
        return None


def _alternation(words: list[str]) -> str:
    return "|".join(r"[ \t]+".join(re.escape(w) for w in word.split())
                    for word in sorted(set(words), key=len, reverse=True))


def load_numerals(path: Path | str | None = None) -> dict[str, dict[str, str]]:
    """The numeral words of ``builder/data/layout/numerals.csv`` (or of ``path``): scheme -> word -> numeral."""
    out: dict[str, dict[str, str]] = {s: {} for s in SCHEMES}
    for n, row in enumerate(read_table(NUMERALS_TABLE, ("scheme", "word", "numeral"), path), 2):
        scheme, word, numeral = row["scheme"].strip(), " ".join(row["word"].split()), row["numeral"].strip()
        where = f"{path or 'builder/data/' + NUMERALS_TABLE}: row {n} ({word})"
        if scheme not in SCHEMES:
            raise ReferenceDataError(f"{where}: scheme {scheme!r} is not one of {', '.join(SCHEMES)}")
        if not word or not numeral:
            raise ReferenceDataError(f"{where}: a word and its numeral are both needed")
        if word in out[scheme]:
            raise ReferenceDataError(f"{where}: the word is given twice")
        out[scheme][COSMETIC_FOLDING.fold(word)] = numeral
    return out


def load_markers(numerals: Mapping[str, Mapping[str, str]], path: Path | str | None = None) -> tuple[Marker, ...]:
    """The marker patterns of ``builder/data/layout/markers.csv`` (or of ``path``), in table order, their
    placeholders filled from ``numerals``. Raises ``ValueError`` for a bad row."""
    fill = {"dash": "[-–—]", "digit": DIGIT, "arabic": ARABIC_LETTER, "tashkeel": TASHKEEL,
            **{scheme: f"(?:{_alternation(list(words))})" for scheme, words in numerals.items()}}
    markers: list[Marker] = []
    for n, row in enumerate(read_table(MARKERS_TABLE, ("name", "level", "pattern", "description"), path), 2):
        name, level = row["name"].strip(), row["level"].strip()
        where = f"{path or 'builder/data/' + MARKERS_TABLE}: row {n} ({name})"
        if level not in LEVELS:
            raise ReferenceDataError(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
        pattern = _PLACEHOLDER.sub(lambda m: fill[m.group(1)], row["pattern"].strip())
        try:
            rx = COSMETIC_FOLDING.compile(_LEAD + pattern + "$")
        except re.error as exc:
            raise ReferenceDataError(f"{where}: bad pattern: {exc}") from None
        if level != "annex" and not {"n", "t"} <= set(rx.groupindex):
            raise ReferenceDataError(f"{where}: the pattern needs a group n (the numeral) and a group t (the text)")
        markers.append(Marker(name, level, rx, row["description"].strip(), row["source"].strip()))
    return tuple(markers)


def load_furniture(path: Path | str | None = None) -> tuple[FurniturePattern, ...]:
    """The furniture patterns of ``builder/data/layout/furniture.csv`` (or of the file ``path``), in table order.

    Raises ``ValueError`` for a pattern that does not compile, matches an empty
    line, has an unknown scope, a title row without ``{title}``, or a name given twice.
    """
    patterns: list[FurniturePattern] = []
    for n, row in enumerate(read_table(FURNITURE_TABLE, ("name", "pattern", "scope", "description"), path), 2):
        name, scope, text = row["name"].strip(), row["scope"].strip(), row["pattern"].strip()
        where = f"{path or 'builder/data/' + FURNITURE_TABLE}: row {n} ({name})"
        if scope not in SCOPES:
            raise ReferenceDataError(f"{where}: scope {scope!r} is not one of {', '.join(SCOPES)}")
        if any(p.name == name for p in patterns):
            raise ReferenceDataError(f"{where}: the name is given twice")
        if scope == "title" and TITLE not in text:
            raise ReferenceDataError(f"{where}: a title row's pattern has no {TITLE}")
        try:
            rx = COSMETIC_FOLDING.compile(text.replace(TITLE, "(?:x)"))
        except re.error as exc:
            raise ReferenceDataError(f"{where}: bad pattern: {exc}") from None
        if rx.fullmatch(""):
            raise ReferenceDataError(f"{where}: the pattern matches an empty line")
        patterns.append(FurniturePattern(name, None if scope == "title" else rx, scope, row["description"].strip(),
                                         row["source"].strip(), text if scope == "title" else ""))
    return tuple(patterns)


def load_layout(path: Path | str | None = None, *, markers: Path | str | None = None,
                numerals: Path | str | None = None) -> Layout:
    """The layout of ``builder/data/layout/``: furniture (or the table ``path``), markers and numerals."""
    words = load_numerals(numerals)
    return Layout(load_furniture(path), load_markers(words, markers), words)
