"""The page layout of the reports as data: ``builder/data/layout/furniture.csv``.

A report reaches the builder as the text of a PDF, and the extraction keeps
what the printed pages carry besides the report itself: the job number and the
page at the foot of each page, a barcode, the symbol repeated at the head of
each page, the masthead's block of distribution, date and languages. Each row
of the table is one kind of such a line: a regular expression that the whole
line must match (stripped, and read through the cosmetic folding like every
line the segmenter looks at), where it may stand (``anywhere``, or ``front``:
only above the first chapter, where the masthead is), what it is, and where
the pattern comes from. The segmenter is given a :class:`Layout` and removes
the lines it names from the units, recording them as furniture; it names no
pattern of its own, so a new layout is a new row, not new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.arabic.text import COSMETIC_FOLDING
from builder.reference_data.tables import read_table

FURNITURE_TABLE = "layout/furniture.csv"
SCOPES = ("anywhere", "front")


@dataclass(frozen=True)
class FurniturePattern:
    """One kind of page furniture line."""

    name: str  # what the line is: job-number, page-number, running-header …
    pattern: re.Pattern[str]  # matched against the whole line
    scope: str  # anywhere | front (above the first chapter only)
    description: str
    source: str


@dataclass(frozen=True)
class Layout:
    """What the segmenter knows of the printed page, loaded once per build (:func:`load_layout`)."""

    furniture: tuple[FurniturePattern, ...]

    def furniture_kind(self, line: str, *, front: bool) -> str | None:
        """The name of the first pattern that the whole of ``line`` matches, or ``None``.

        ``line`` is read as the segmenter reads it (folded); ``front`` says whether
        it stands above the first chapter, where the masthead's own patterns apply too.
        """
        text = line.strip()
        for p in self.furniture:
            if (front or p.scope == "anywhere") and p.pattern.fullmatch(text):
                return p.name
        return None


def load_layout(path: Path | str | None = None) -> Layout:
    """The furniture patterns of ``builder/data/layout/furniture.csv`` (or of the file ``path``), in table order.

    Raises ``ValueError`` for a pattern that does not compile, matches an empty
    line, has an unknown scope or a name given twice.
    """
    patterns: list[FurniturePattern] = []
    for n, row in enumerate(read_table(FURNITURE_TABLE, ("name", "pattern", "scope", "description"), path), 2):
        name, scope = row["name"].strip(), row["scope"].strip()
        where = f"{path or 'builder/data/' + FURNITURE_TABLE}: row {n} ({name})"
        if scope not in SCOPES:
            raise ValueError(f"{where}: scope {scope!r} is not one of {', '.join(SCOPES)}")
        if any(p.name == name for p in patterns):
            raise ValueError(f"{where}: the name is given twice")
        try:
            rx = COSMETIC_FOLDING.compile(row["pattern"].strip())
        except re.error as exc:
            raise ValueError(f"{where}: bad pattern: {exc}") from None
        if rx.fullmatch(""):
            raise ValueError(f"{where}: the pattern matches an empty line")
        patterns.append(FurniturePattern(name, rx, scope, row["description"].strip(), row["source"].strip()))
    return Layout(tuple(patterns))
