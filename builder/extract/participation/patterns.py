"""The sentences that say who took part, and the reading of parenthesised lists they share.

The patterns are matched on the letter skeleton of a unit's text
(:class:`~builder.arabic.text.Skeleton`); those that name a post are built,
once per build, from the phrases of ``posts.csv`` (:func:`post_patterns`).
:class:`Reader` carries what every reader of one report needs: its source, the
State gazetteer (to split lists of State names, :mod:`builder.extract.state_lists`)
and the posts with their patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from builder.arabic.text import ARABIC_LETTER, compile_ar, normalize_letters
from builder.extract.names import Name
from builder.extract.state_lists import state_names
from builder.model import Unit
from builder.reference_data.posts import Post
from builder.reference_data.states import StateGazetteer


def _alt(forms: Iterable[str]) -> str:
    """A regex alternation of Arabic phrases, longest first, spaces and dashes loose."""
    keys = sorted({normalize_letters(f) for f in forms}, key=len, reverse=True)
    return "|".join(re.escape(k).replace("\\ ", " ").replace(" ", "\\s+") for k in keys)


_WORD = f"{ARABIC_LETTER}+"
_NAME = f"{_WORD}(?:(?:\\s*-\\s*|\\s+){_WORD}){{0,5}}?"
SPEAKER_LIST = compile_ar(
    "(?:بيانات|بيانا|كلمات)\\s+(?:أدلى|أدلت|ألقاها|ألقتها)\\s+بها\\s+(?P<who>[^:.]{0,40}?)\\s*التالية\\s*:"
)
"""``بيانات أدلى بها ممثلو الدول التالية:`` -- a list of speakers follows, up to the end of the sentence."""
OBSERVER = compile_ar(
    "(?<!\\w)[وف]?(?:أدلى|أدلت)\\s+ببيان(?:\\s+أيضا)?\\s+(?:المراقب|المراقبة)\\s+عن\\s+(?P<org>[^(.،:]+?)\\s*(?=[(.،]|$)"
)
"""``أدلى ببيان ... المراقب عن X`` -- the statement of an observer."""
ONE_STATE = compile_ar(
    "(?<!\\w)[وف]?(?:أدلى|أدلت)\\s+(?:ممثل|ممثلة)\\s+(?P<state>[^،.()]+?)"
    "(?:\\s*،\\s*(?P<before>(?:باسم|نيابة\\s+عن)\\s+[^،.()]+?)\\s*،)?\\s+(?:ببيان|بكلمة)"
    "(?:\\s+(?P<after>(?:باسم|نيابة\\s+عن)\\s+[^،.()]+))?"
)
"""``أدلى ممثل X، باسم Y، ببيان`` or ``أدلى ممثل X ببيان باسم Y`` -- one State speaking, for a group or not."""
ONE_STATE_AFTER = compile_ar(
    "(?<!\\w)[وف]?(?:أدلى|أدلت)\\s+(?:ببيان|بكلمة)(?:\\s+أيضا)?\\s+(?:ممثل|ممثلة)\\s+(?P<state>[^،.()]+?)"
    "(?=\\s*(?:[،.(]|$)|\\s+(?:باسم|نيابة\\s+عن)\\s)(?:\\s*،?\\s*(?P<after>(?:باسم|نيابة\\s+عن)\\s+[^،.()]+))?"
)
"""``أدلى ببيان ممثل X، باسم Y`` or ``... ممثل X (باسم Y)`` -- the same, the verb's object first."""
PARTICIPANT_LIST = compile_ar(
    "(?<!\\w)[وف]?(?:شارك|شاركت|حضر|حضرت)\\s+(?:في\\s+)?[^:.()]{0,40}?(?:ال)?دول\\s+(?:ال)?تالية\\s*:"
)
"""``شارك في الاجتماع ممثلو الدول التالية:`` -- the States that took part follow, up to the end of the sentence."""
OBSERVERS_ATTENDING = compile_ar(
    "(?<!\\w)[وف]?(?:شارك|شاركت|حضر|حضرت)\\s+(?:في\\s+)?[^:.()]{0,40}?بصفة\\s+(?:مراقب|مراقبين|مراقبة|مراقبات)"
    "(?:\\s+(?:ال)?(?:دول|جهات)\\s+(?:ال)?تالية)?\\s*:?\\s*(?:كل\\s+من\\s+)?"
)
"""``وحضر الاجتماع بصفة مراقب الكرسي الرسولي ودولة فلسطين`` -- observers follow, up to the end of the sentence."""
APPOINTED = compile_ar(
    "(?<!\\w)(?:عين|عينت|يعين)\\s+(?:المؤتمر|الجمعية\\s+العامة|اللجنة|الاجتماع)\\s+(?P<list>.+?)"
    "\\s+(?:أعضاء|أعضاءً|عضوين)\\s+(?:في|ب)\\s*(?P<body>لجنة[^،.()]*?|اللجنة[^،.()]*?)"
    "(?=\\s+التابعة|\\s+لل|[،.]|$)"
)
"""``عيّن المؤتمر <States> أعضاء في <committee>``."""
BEHALF_HEAD = re.compile(normalize_letters("\\s*(?:باسم|نيابة\\s+عن)\\s+"))
BEHALF_OWN = compile_ar("\\s*،?\\s+(?:و\\s*)?(?:باسمها|باسمه|بصفتها\\s+الوطنية|بصفته\\s+الوطنية)\\s*$")
BEHALF_AGAIN = re.compile(normalize_letters("\\s+وباسم\\s+"))
MEMBER_STATES = compile_ar("^(?:و)?(?:ال)?دول\\s+(?:ال)?أعضاء\\s+(?:في|ب)\\s*(?P<org>.+)$")


@dataclass(frozen=True)
class PostPatterns:
    """The sentences that name a post, with the phrases of the posts of ``posts.csv`` (built once per run)."""

    given_post: re.Pattern[str]  # بترشيح NAME (STATE) لرئاسة المؤتمر
    took_post: re.Pattern[str]  # تولى NAME من ORG مهام POST
    opened: re.Pattern[str]  # افتتح POST المؤتمر
    official_spoke: re.Pattern[str]  # أدلى POST ببيان باسم X


def post_patterns(posts: Mapping[str, Post]) -> PostPatterns:
    conference = _alt(p for d in posts.values() if d.scope == "conference" for p in d.phrases)
    un = _alt(p for d in posts.values() if d.scope == "un" for p in d.phrases)
    return PostPatterns(
        given_post=compile_ar(
            "(?<!\\w)(?:ب?ترشيح|رشح|رشحت|ب?انتخاب|انتخب|انتخبت)\\s+(?P<name>" + _NAME + ")"
            "(?:\\s*\\((?P<state>[^()]+)\\))?\\s+(?P<post>" + conference + ")"
        ),
        took_post=compile_ar(
            "(?<!\\w)و?(?:تولى|تولت|يتولى|تتولى)\\s+(?P<name>" + _NAME + ")(?:\\s*\\((?P<state>[^()]+)\\))?"
            "(?:\\s+(?:من|في)\\s+(?P<org>[^،.()]+?))?\\s+(?:مهام|منصب)\\s+(?P<post>" + conference + ")"
        ),
        opened=compile_ar("(?<!\\w)[وف]?(?:افتتح|افتتحت)\\s+(?P<who>" + un + ")\\s+(?:ال)?مؤتمر(?!\\w)"),
        official_spoke=compile_ar(
            "(?<!\\w)[وف]?(?:أدلى|أدلت|ألقى|ألقت)\\s+(?P<who>" + un + ")\\s+(?:ببيان|بكلمة)"
            "(?:\\s+(?:باسم|نيابة\\s+عن)\\s+(?P<for>[^،.()]+))?"
        ),
    )


@dataclass(frozen=True)
class Reader:
    """What every reader of one report needs: its source, the State gazetteer, the posts and their patterns."""

    source: str
    states: StateGazetteer
    posts: Mapping[str, Post]
    patterns: PostPatterns

    def name(self, unit: Unit, start: int, end: int) -> Name:
        return Name.at(self.source, unit, start, end)

    def state_names(self, unit: Unit, start: int, end: int) -> tuple[Name, ...]:
        return state_names(self.source, unit, start, end, self.states)


# ------------------------------------------------------------------------------ parentheses and separators


def close_paren(text: str, open_at: int) -> int:
    """Index of the ``)`` matching the ``(`` at ``open_at`` (or ``len(text)``)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def parenthesis_after(text: str, at: int, end: int) -> tuple[int, int] | None:
    """The inside of the parenthesis that opens at ``at`` (spaces skipped) before ``end``, if one does."""
    while at < end and text[at] == " ":
        at += 1
    if at < end and text[at] == "(":
        return at + 1, close_paren(text, at)
    return None


def sentence_end(text: str, start: int) -> int:
    """The index of the first ``.`` at parenthesis depth 0 from ``start`` (or ``len(text)``)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "." and depth == 0 and not (i + 1 < len(text) and text[i + 1].isalnum() and text[i + 1].isascii()):
            return i
    return len(text)


def split_top(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Pieces of ``text[start:end]`` between separators in ``seps`` at parenthesis depth 0, trimmed."""
    out: list[tuple[int, int]] = []
    depth, s = 0, start
    for i in range(start, end + 1):
        ch = text[i] if i < end else seps[0]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            a, b = s, i
            while a < b and text[a] in " \t\n.:؛;،,":
                a += 1
            while b > a and text[b - 1] in " \t\n.:؛;،,":
                b -= 1
            if a < b:
                out.append((a, b))
            s = i + 1
    return out


def depth0(text: str, start: int, end: int) -> str:
    """The characters of ``text[start:end]`` outside parentheses."""
    out, depth = [], 0
    for ch in text[start:end]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def starts_behalf(text: str, at: int) -> bool:
    """Whether ``text[at:]`` begins with ``باسم`` or ``نيابة عن``."""
    return normalize_letters(text[at:at + 12]).lstrip().startswith(("باسم", "نيابة عن"))
