"""Splitting a written list of State names into names with their exact spans.

A vote list, a list of speakers or of the members of a committee is written
``إثيوبيا، والأرجنتين، وإسبانيا ...``. Finding where each name begins and ends
needs the gazetteer (``ترينيداد وتوباغو`` is one State, ``إسرائيل والولايات المتحدة
الأمريكية`` two), so the splitter asks it how well each possible cut reads as
State names; which State each name is, is decided later, by
:mod:`builder.resolve.states`, which sees the whole list.
"""

from __future__ import annotations

import re
from itertools import combinations, pairwise

from builder.arabic.names import normalize_arabic
from builder.extract.names import Name
from builder.model import Span, Unit
from builder.reference_data.states import EDGE_PUNCTUATION, StateGazetteer, clean_name

_SEPARATORS = frozenset("،,؛;")
_NONE_FORMS = frozenset({normalize_arabic(s) for s in ("لا أحد", "لا شيء", "لا يوجد")})
_MAX_CONJUNCTION_SPLITS = 10
_EXACT_SCORE = 100.0
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans of the comma/semicolon-separated pieces of ``text``, separators inside parentheses ignored."""
    pieces: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in _SEPARATORS and depth == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(text)))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return start, end


def _conjunction_points(text: str, start: int, end: int) -> list[int]:
    """Offsets of each word-initial و in ``text[start:end]`` outside parentheses (not the first word)."""
    points: list[int] = []
    depth = 0
    for i in range(start + 1, end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "و" and depth == 0 and text[i - 1].isspace() and i + 1 < end and not text[i + 1].isspace():
            points.append(i)
    return points


def _name_span(
    text: str, start: int, end: int, gazetteer: StateGazetteer, cache: dict[tuple[int, int], tuple[int, int, float]]
) -> tuple[int, int, float]:
    """Where the name in ``text[start:end]`` is, and how well it reads as a State's name.

    The conjunction and a trailing parenthetical that is not part of the name
    are left out. The score is 100 for an exact match, else the best fuzzy similarity.
    """
    if (start, end) in cache:
        return cache[(start, end)]
    s, e = _trim(text, start, end)
    chunk = text[s:e]
    if chunk.startswith("و") and len(chunk) > 2 and not chunk[1].isspace():
        found = gazetteer.exact(chunk)
        if found is None or found.form != clean_name(chunk):
            s += 1
    result = (s, e, 0.0)
    if s < e:
        if gazetteer.exact(text[s:e]) is not None:
            result = (s, e, _EXACT_SCORE)
        else:
            match = _TRAILING_PAREN.search(text, s, e)
            if match is not None and match.end() == e and gazetteer.exact(text[s : match.start()]):
                result = (s, match.start(), _EXACT_SCORE)
            else:
                result = (s, e, gazetteer.best_score(text[s:e]))
    cache[(start, end)] = result
    return result


def split_state_list(text: str, base_offset: int, gazetteer: StateGazetteer) -> list[tuple[str, Span]]:
    """Split an Arabic list of State names into surface names with their exact spans.

    Pieces are separated by ``،`` ``,`` ``؛`` ``;`` outside parentheses; a leading
    conjunction و and the final punctuation are left out of each span (a name
    that itself starts with و keeps it). Inside a piece, a word-initial و may
    join two names (``إسرائيل والولايات المتحدة الأمريكية``): of all ways to cut
    the piece at such a و, the one whose worst part resolves best is kept (an
    exact match counts 100, otherwise the fuzzy similarity), the fewest parts
    winning a tie, so ``ترينيداد وتوباغو`` stays whole. A trailing parenthetical
    that is not part of a name (``إندونيسيا (باسم حركة عدم الانحياز)``) is left
    out of the span. ``لا أحد.`` is the empty list.

    Spans are ``base_offset`` + offsets into ``text``.
    """
    if normalize_arabic(text).strip(EDGE_PUNCTUATION) in _NONE_FORMS:
        return []
    out: list[tuple[str, Span]] = []
    for p_start, p_end in _pieces(text):
        start, end = _trim(text, p_start, p_end)
        if start >= end:
            continue
        cache: dict[tuple[int, int], tuple[int, int, float]] = {}
        points = _conjunction_points(text, start, end)[:_MAX_CONJUNCTION_SPLITS]
        best_parts: list[tuple[int, int, float]] = []
        best_key: tuple[float, int] | None = None
        for n in range(len(points) + 1):
            for cut in combinations(points, n):
                bounds = [start, *cut, end]
                parts = [_name_span(text, a, b, gazetteer, cache) for a, b in pairwise(bounds)]
                key = (min(p[2] for p in parts), -len(parts))
                if best_key is None or key > best_key:
                    best_key, best_parts = key, parts
        for s, e, _score in best_parts:
            if s < e:
                out.append((text[s:e], Span(base_offset + s, base_offset + e)))
    return out


def state_names(source: str, unit: Unit, start: int, end: int, gazetteer: StateGazetteer) -> tuple[Name, ...]:
    """The State names of the list written at ``unit.text[start:end]`` (``source`` is the report's text)."""
    return tuple(Name.at(source, unit, sp.start, sp.end)
                 for _s, sp in split_state_list(unit.text[start:end], start, gazetteer))
