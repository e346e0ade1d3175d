"""The triggers of the concept schemes: the Arabic patterns of ``builder/data/concepts/*.ttl``, and how they match.

A literal trigger (``poa:trigger`` and the other literal properties) is a
phrase of whole words in the normalisation the classifier reads,
:data:`builder.arabic.text.TRIGGER_FOLDING`: its first word may carry the
conjunction و/ف and a preposition ب/ل/ك (لل for a word with ال), and a word
written with a final ``*`` may take any ending. :func:`compile_trigger` states
that as a regular expression; :meth:`Trigger.finditer` gives the very same
matches without one, by finding the first word with ``str.find`` and checking
the words around it, because the schemes hold some 470 literal triggers and
compiling them all took a third of the time of loading the reference data.
A ``poa:triggerPattern`` is a regular expression and is compiled
(:func:`compile_regex`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from builder.arabic.text import TRIGGER_FOLDING
from builder.errors import ReferenceDataError

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_PREPOSITIONS_BEFORE_ARTICLE = ("ب", "ك")  # ل + ال is written لل
_WORD_RUN = re.compile(r"\w*")
_SPACE_RUN = re.compile(r"\s*")


@dataclass(frozen=True)
class TriggerWord:
    """One word of a literal trigger: its letters, and whether it was written with a final ``*`` (any ending)."""

    core: str
    any_ending: bool


def trigger_words(trigger: str) -> tuple[TriggerWord, ...]:
    """The words of a literal trigger, normalised; a trigger with no word or an empty word is refused."""
    words = tuple(TriggerWord(w.rstrip("*"), w.endswith("*")) for w in TRIGGER_FOLDING.fold(trigger).split())
    if not words or not all(w.core for w in words):
        raise ReferenceDataError(f"empty trigger or trigger word {trigger!r}")
    return words


def _word_pattern(word: TriggerWord, first: bool) -> str:
    core = word.core
    tail = r"\w*" if word.any_ending else ""
    if not first:
        return re.escape(core) + tail
    if core.startswith("ال"):
        # بال… كال… and لل… (ل + ال with the alef dropped)
        return f"(?:[بك]?{re.escape(core)}|ل{re.escape(core[1:])}){tail}"
    return f"[بلك]?{re.escape(core)}{tail}"


def compile_trigger(trigger: str) -> re.Pattern[str]:
    """A literal trigger as a regular expression on normalised text: the definition :meth:`Trigger.finditer` follows.

    Whole words; the first word may carry the conjunction و/ف (outside the
    ``m`` group) and a preposition ب/ل/ك (inside it, لل for a word with ال);
    a word written with a final ``*`` may take any ending.
    """
    words = trigger_words(trigger)
    body = r"\s+".join(_word_pattern(w, i == 0) for i, w in enumerate(words))
    return re.compile(rf"(?<!\w)(?P<conj>[وف])?(?P<m>{body})(?!\w)")


def _needle(word: TriggerWord, first: bool) -> str:
    """What every match of the word contains: its core, without the alef of a first word's ال (لل…)."""
    return word.core[1:] if first and word.core.startswith("ال") else word.core


def trigger_needles(trigger: str) -> tuple[str, ...]:
    """Strings every match of :func:`compile_trigger` ``(trigger)`` contains in the normalised text, longest first.

    They are the cores of the trigger's words: the preposition, the
    conjunction and a ``*`` ending only add to a word, and a first word with
    ال keeps its core without the alef in both of its forms (…ال…، لل…). A
    text lacking one of them cannot match, so the classifier does not search it.
    """
    return _needles(trigger_words(trigger))


def _needles(words: tuple[TriggerWord, ...]) -> tuple[str, ...]:
    cores = {_needle(w, i == 0) for i, w in enumerate(words)}
    return tuple(sorted((c for c in cores if c), key=lambda c: (-len(c), c)))


def compile_regex(pattern: str) -> re.Pattern[str]:
    """A regular-expression trigger or exclusion, written in plain Arabic and normalised like the text."""
    return TRIGGER_FOLDING.compile(pattern)


@dataclass(frozen=True)
class TriggerMatch:
    """A match of a trigger: where it starts (with the conjunction), where its words start and end."""

    start: int
    word_start: int
    end: int
    conj: bool  # a conjunction و/ف came before the words


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches: a letter, a digit or the underscore."""
    return ch.isalnum() or ch == "_"


def _first_word_forms(text: str, at: int, core: str) -> Iterator[tuple[int, str]]:
    """Where the first word may start at ``at`` and the letters it then has, in the order the regex tries them."""
    if core.startswith("ال"):
        if text.startswith(_PREPOSITIONS_BEFORE_ARTICLE, at):
            yield at + 1, core
        yield at, core
        if text.startswith("ل", at):
            yield at + 1, core[1:]
    else:
        if text.startswith(_PREPOSITIONS, at):
            yield at + 1, core
        yield at, core


def _run_end(run: re.Pattern[str], text: str, i: int) -> int:
    """Where the run of ``run`` (``\\w*`` or ``\\s*``, which match everywhere) starting at ``i`` ends."""
    m = run.match(text, i)
    return m.end() if m else i


def _words_end(words: tuple[TriggerWord, ...], text: str, i: int) -> int | None:
    """Where the trigger ends when its first word's letters end at ``i``, or None when the words do not follow."""
    if words[0].any_ending:
        i = _run_end(_WORD_RUN, text, i)
    for word in words[1:]:
        j = _run_end(_SPACE_RUN, text, i)
        if j == i or not text.startswith(word.core, j):
            return None
        i = j + len(word.core)
        if word.any_ending:
            i = _run_end(_WORD_RUN, text, i)
    if i < len(text) and _is_word_char(text[i]):
        return None
    return i


def _match_at(words: tuple[TriggerWord, ...], text: str, start: int) -> TriggerMatch | None:
    """The match of :func:`compile_trigger` starting at ``start``, trying the conjunction first as the regex does."""
    if start > 0 and _is_word_char(text[start - 1]):
        return None
    for word_start in (start + 1, start) if text.startswith(_CONJUNCTIONS, start) else (start,):
        for at, core in _first_word_forms(text, word_start, words[0].core):
            if text.startswith(core, at):
                end = _words_end(words, text, at + len(core))
                if end is not None:
                    return TriggerMatch(start, word_start, end, word_start > start)
    return None


def _literal_matches(words: tuple[TriggerWord, ...], text: str) -> Iterator[TriggerMatch]:
    """The matches of :func:`compile_trigger` in ``text``, left to right, not overlapping, as ``finditer`` gives them.

    A match starts at most three characters (conjunction, preposition, the alef
    of ال) before the needle of its first word, so only those places are tried.
    """
    needle = _needle(words[0], True)
    starts: set[int] = set()
    found = text.find(needle)
    while found >= 0:
        starts.update(range(max(0, found - 3), found + 1))
        found = text.find(needle, found + 1)
    searched_from = 0
    for start in sorted(starts):
        if start >= searched_from:
            m = _match_at(words, text, start)
            if m is not None:
                yield m
                searched_from = m.end


@dataclass(frozen=True)
class Trigger:
    """One Arabic pattern of a concept, as written in the data.

    A literal trigger is matched word by word (:meth:`finditer`); a
    ``poa:triggerPattern`` carries its compiled ``pattern``.
    """

    text: str
    form: str  # VERBAL_NOUN, FIRST_PERSON or THIRD_PERSON (actions); VERBAL_NOUN elsewhere
    pattern: re.Pattern[str] | None = field(default=None, repr=False)  # a poa:triggerPattern's; None for a literal
    # trigger_needles(text) for a literal trigger: a text lacking one of them is not searched;
    # empty for a regex trigger, which is always searched
    needles: tuple[str, ...] = field(init=False, compare=False, repr=False)
    words: tuple[TriggerWord, ...] = field(init=False, compare=False, repr=False)  # empty for a regex trigger

    def __post_init__(self) -> None:
        words = trigger_words(self.text) if self.pattern is None else ()
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "needles", _needles(words))

    @property
    def literal(self) -> bool:
        return self.pattern is None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def finditer(self, text: str) -> Iterator[TriggerMatch]:
        """The matches in normalised ``text``, left to right (a literal trigger's: those of :func:`compile_trigger`)."""
        if self.pattern is None:
            yield from _literal_matches(self.words, text)
            return
        for m in self.pattern.finditer(text):
            yield TriggerMatch(m.start(), m.start(), m.end(), False)

    def search(self, text: str) -> TriggerMatch | None:
        """The first match in ``text``, if any."""
        return next(self.finditer(text), None)
