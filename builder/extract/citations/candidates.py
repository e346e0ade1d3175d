"""What a finder of citations returns, and the pieces of pattern and naming the finders share.

A finder reads the skeleton of one unit's text (:class:`builder.arabic.text.Skeleton`)
and appends :class:`Candidate` values in skeleton offsets; :mod:`.unit` keeps
the longest of overlapping candidates and turns the rest into citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder.arabic.numbers import abjad_to_latin
from builder.arabic.text import DIGIT
from builder.extract.citations.facts import InternetCues, ProvisionOfPair, ResolutionPair

NUM = f"{DIGIT}+"
# Clitics before a definite word: و/ف then ب/ك, or ل which swallows the alif of ال.
DEF = "(?:[وف]?(?:[بك]?ال|لل))"

#: the kinds of target a paragraph or article can belong to
INSTRUMENT_TYPES = {"instrument", "treaty", "document", "ga-resolution", "sc-resolution"}


@dataclass
class Candidate:
    """A match of a finder, in skeleton offsets.

    ``key``/``type``/``rule``/``confidence``/``note``/``extra`` are those of the
    recognised target. When the resolver is to decide the target, ``pending``
    holds the evidence and ``key``, ``type`` and ``confidence`` are provisional:
    they only place the candidate among the others of the unit (no other
    pattern covers exactly the words of a pending one, so they never decide a
    tie).
    """

    start: int
    end: int
    key: str
    type: str
    rule: str
    confidence: float
    note: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    pending: ResolutionPair | ProvisionOfPair | InternetCues | None = None

    @property
    def family(self) -> str:
        """Candidates of one family compete for the same words; of different families they may nest."""
        if self.type == "provision":
            return "provision"
        if self.type.startswith("sdg-"):
            return "sdg"
        return "entity"


def sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence of ``bounds`` (:func:`builder.arabic.text.sentence_bounds`) that holds ``pos``."""
    for s, e in bounds:
        if s <= pos < e:
            return s, e
    return (0, 0) if not bounds else bounds[-1]


def words(text: str) -> list[str]:
    return re.findall(r"[\w/.\-]+", text)


def sub_letter(raw: str | None) -> str | None:
    """The Latin letter of a lettered subparagraph written in Arabic (``(ب)`` → ``b``)."""
    if raw is None:
        return None
    return abjad_to_latin(raw)


def provision_eid(section: str | None, n: int, sub: str | None, word: str = "para") -> str:
    """The name of a paragraph (or article, ``word="art"``) inside its instrument: ``section_II__para_15__a``."""
    eid = f"{word}_{n}" + (f"__{sub}" if sub else "")
    return f"section_{section}__{eid}" if section else eid
