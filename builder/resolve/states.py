"""Resolution of Arabic State names to ISO3 codes, one at a time or a whole list at once.

Scores are similarities on a 0..100 scale: 100 for an exact match, otherwise
``rapidfuzz.fuzz.ratio`` (normalized Indel similarity, i.e. 200 × longest common
subsequence / total length) between the :func:`normalize_arabic` forms of the
surface and of a State's Arabic name or variant, with and without a leading
و/ال, the best pair counting. ``Decision.confidence`` is the score / 100.

Rules, in order:

1. **exact** -- the surface, or the surface without a leading و and/or ال, is
   one of a State's Arabic names or variants as written (a variant's form
   without its article counts too).
2. **exact-normalized** -- the same after :func:`normalize_arabic` on both sides
   (hamza and alef forms, ta marbuta, alef maqsura, diacritics, dashes, spaces).
3. **fuzzy** -- the State with the highest score, if that score is at least
   :data:`FUZZY_FLOOR`; otherwise **unresolved**. Ties are broken by the
   Jaro-Winkler similarity (which favours a shared beginning), then by ISO3.
   The result is *flagged* when the score is below :data:`FUZZY_ACCEPT`, when
   the runner-up is within :data:`MARGIN` points, or when a word of the surface
   resembles no word of the matched name (word similarity below
   :data:`WORD_FLOOR`: ``الاتحاد الأوروبي`` is close to ``الاتحاد الروسي`` as a
   string, but ``الأوروبي`` is nothing like ``الروسي``).

In a list (a recorded vote, a list of speakers) each State appears at most
once, so :func:`resolve_state_list` resolves the exact matches first and gives
the approximate ones, most similar first, only States not yet taken:

4. **list-exclusion** -- a candidate scoring at least as high as the chosen one
   is already taken in the same list; the note names it. The choice is the best
   free candidate and is flagged by the same score/margin rule.
5. **alphabetical order** -- UN Arabic vote lists are sorted by
   :func:`~builder.arabic.names.sort_key`. When the exactly resolved items
   of a list are in that order (at least :data:`MIN_SORTED_ANCHORS` of them), a
   free candidate whose name does not sort between the nearest exactly
   resolved neighbours is set aside, unless no candidate fits. A choice that
   this rule changed is flagged.

An exact match is never overturned by list context; a State matched exactly
twice in one list is kept twice and both are flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from builder.arabic.names import normalize_arabic, sort_key, strip_affixes, strip_article
from builder.model import Decision, Span
from builder.reference_data.states import StateGazetteer

Method = Literal["exact", "exact-normalized", "fuzzy", "list-exclusion", "unresolved"]

FUZZY_FLOOR = 60.0
"""Below this similarity a surface is left unresolved."""
FUZZY_ACCEPT = 80.0
"""Below this similarity a fuzzy resolution is flagged (one substitution in a five-letter name scores 80)."""
MARGIN = 5.0
"""A runner-up within this many points of the choice makes it ambiguous: flagged."""
MIN_SORTED_ANCHORS = 3
"""How many exactly resolved items a list needs before its alphabetical order is trusted."""
WORD_FLOOR = 70.0
"""A fuzzy match is flagged when a word of the surface resembles no word of the name this much."""

EXACT_SCORE = 100.0
_EDGE_PUNCT = " \t\r\n.:؛;،,"
_SEPARATORS = frozenset("،,؛;")
_NONE_FORMS = frozenset({normalize_arabic(s) for s in ("لا أحد", "لا شيء", "لا يوجد")})
_MAX_CONJUNCTION_SPLITS = 10


@dataclass(frozen=True)
class StateResolution:
    """How one surface form was resolved.

    ``score`` and ``runner_up_score`` are similarities on 0..100 (100 for exact
    matches). ``runner_up`` is the best other candidate still open to this
    surface: in a list, one not taken by another item and, when the list's
    alphabetical order is used, one that fits it (failing that, the best free
    one); for an exact match it is ``None``; for an unresolved surface it is the
    best candidate found. ``flagged`` asks for a human check: a fuzzy match with
    a low score, a close runner-up, a word of the surface unlike any word of the
    name, a choice made by alphabetical order, an exact match repeated in the
    same list, or no resolution at all.
    """

    surface: str
    iso3: str | None
    method: Method
    score: float
    runner_up: str | None = None
    runner_up_score: float | None = None
    flagged: bool = False
    note: str = ""

    @property
    def resolved(self) -> bool:
        return self.iso3 is not None

    def decision(self) -> Decision:
        """The resolution as a :class:`builder.model.Decision` (confidence = score / 100)."""
        return Decision(rule=self.method, confidence=round(self.score / 100, 4), note=self.note or None)


@dataclass(frozen=True)
class _Candidate:
    iso3: str
    score: float
    tiebreak: float  # Jaro-Winkler similarity of the same pair, 0..1
    query: str  # the normalized surface form that scored best
    form: str  # the normalized name or variant it scored against


@dataclass(frozen=True)
class _Exact:
    iso3: str
    method: Method
    form: str  # the form of the surface that matched (conjunction/article removed as needed)


def _clean(surface: str) -> str:
    return " ".join(surface.split()).strip(_EDGE_PUNCT)


def _exact(surface: str, gazetteer: StateGazetteer) -> _Exact | None:
    text = _clean(surface)
    if not text:
        return None
    forms = strip_affixes(text)
    for form in forms:
        iso3 = gazetteer.verbatim.get(form)
        if iso3 is not None:
            return _Exact(iso3, "exact", form)
    for form in forms:
        iso3 = gazetteer.normalized.get(normalize_arabic(form))
        if iso3 is not None:
            return _Exact(iso3, "exact-normalized", form)
    return None


def _rank(surface: str, gazetteer: StateGazetteer) -> list[_Candidate]:
    """Every State with its best similarity to ``surface``, best first."""
    queries = sorted({normalize_arabic(f) for f in strip_affixes(_clean(surface))} - {""})
    choices = [form for form, _ in gazetteer.fuzzy_forms]
    best: dict[str, _Candidate] = {}
    for query in queries:
        for _choice, score, idx in process.extract(query, choices, scorer=fuzz.ratio, limit=None):
            form, iso3 = gazetteer.fuzzy_forms[idx]
            cand = _Candidate(
                iso3, round(float(score), 1), round(JaroWinkler.normalized_similarity(query, form), 4), query, form
            )
            old = best.get(iso3)
            if old is None or (cand.score, cand.tiebreak) > (old.score, old.tiebreak):
                best[iso3] = cand
    return sorted(best.values(), key=lambda c: (-c.score, -c.tiebreak, c.iso3))


def _words(text: str) -> list[str]:
    return [strip_article(w) or w for w in text.replace("(", " ").replace(")", " ").split()]


def _unmatched_words(cand: _Candidate) -> list[str]:
    """Words of the surface that resemble no word of the matched name (similarity below WORD_FLOOR)."""
    name_words = _words(cand.form)
    return [w for w in _words(cand.query) if not name_words or max(fuzz.ratio(w, n) for n in name_words) < WORD_FLOOR]


def _name(gazetteer: StateGazetteer, iso3: str) -> str:
    return f"{gazetteer[iso3].name_ar} ({iso3})"


def _scored(gazetteer: StateGazetteer, cand: _Candidate) -> str:
    return f"{_name(gazetteer, cand.iso3)} at {cand.score:g}"


def _unresolved(surface: str, ranked: Sequence[_Candidate], why: str) -> StateResolution:
    top = ranked[0] if ranked else None
    return StateResolution(
        surface=surface,
        iso3=None,
        method="unresolved",
        score=top.score if top else 0.0,
        runner_up=top.iso3 if top else None,
        runner_up_score=top.score if top else None,
        flagged=True,
        note=why,
    )


def resolve_state(surface: str, gazetteer: StateGazetteer) -> StateResolution:
    """Resolve one Arabic State name (a leading و/ال allowed) on its own, without list context."""
    return resolve_state_list([surface], gazetteer)[0]


def _fits(keys: Sequence[str], low: str | None, high: str | None) -> bool:
    """Whether one of a State's sort keys (``keys``, one per Arabic form) lies between ``low`` and ``high``."""
    return any((low is None or low <= key) and (high is None or key <= high) for key in keys)


def _exact_pass(surfaces: Sequence[str], gazetteer: StateGazetteer) -> dict[int, StateResolution]:
    exact = {i: f for i, f in ((i, _exact(s, gazetteer)) for i, s in enumerate(surfaces)) if f is not None}
    out: dict[int, StateResolution] = {}
    for i, found in exact.items():
        twins = [str(j + 1) for j, f in exact.items() if f.iso3 == found.iso3 and j != i]
        note = f"{found.iso3} is also named as item {', '.join(twins)} of this list" if twins else ""
        out[i] = StateResolution(
            surface=surfaces[i],
            iso3=found.iso3,
            method=found.method,
            score=EXACT_SCORE,
            flagged=bool(twins),
            note=note,
        )
    return out


def _anchors(surfaces: Sequence[str], gazetteer: StateGazetteer, exact: Sequence[int]) -> dict[int, str]:
    """Sort keys of the names of the exactly resolved items, if they are in alphabetical order (else empty).

    The key is taken from the form of the surface that matched, so the conjunction و is not part of it.
    """
    keys: dict[int, str] = {}
    for i in sorted(exact):
        found = _exact(surfaces[i], gazetteer)
        if found is not None:
            keys[i] = sort_key(found.form)
    ordered = list(keys.values())
    if len(ordered) >= MIN_SORTED_ANCHORS and all(a <= b for a, b in pairwise(ordered)):
        return keys
    return {}


def resolve_state_list(surfaces: Sequence[str], gazetteer: StateGazetteer) -> list[StateResolution]:
    """Resolve the names of one list together: a State appears at most once per list.

    See the module docstring for the rules. The result has one resolution per
    surface, in the same order.
    """
    results: dict[int, StateResolution] = _exact_pass(surfaces, gazetteer)
    anchors = _anchors(surfaces, gazetteer, list(results))
    taken: dict[str, int] = {}
    for i, res in sorted(results.items()):
        if res.iso3 is not None:
            taken.setdefault(res.iso3, i)

    pending = [i for i in range(len(surfaces)) if i not in results]
    # the sort keys of a State's forms, computed once per list: every pending item tests every free State
    sort_keys: dict[str, tuple[str, ...]] = {}

    def fits(iso3: str, low: str | None, high: str | None) -> bool:
        keys = sort_keys.get(iso3)
        if keys is None:
            keys = sort_keys[iso3] = tuple(sort_key(form) for form in gazetteer[iso3].arabic_forms)
        return _fits(keys, low, high)

    ranks = {i: _rank(surfaces[i], gazetteer) for i in pending}
    pending.sort(key=lambda i: (-(ranks[i][0].score if ranks[i] else 0.0), i))
    for i in pending:
        ranked = ranks[i]
        free = [c for c in ranked if c.iso3 not in taken]
        viable = [c for c in free if c.score >= FUZZY_FLOOR]
        if not viable:
            blocked = [c for c in ranked if c.score >= FUZZY_FLOOR]
            why = f"no State scores {FUZZY_FLOOR:g} or more"
            if blocked:
                names = ", ".join(f"{_scored(gazetteer, c)} (item {taken[c.iso3] + 1})" for c in blocked)
                why = f"every candidate is already taken in this list: {names}"
            elif ranked:
                why += f" (best {_scored(gazetteer, ranked[0])})"
            results[i] = _unresolved(surfaces[i], ranked, why)
            continue

        notes: list[str] = []
        reasons: list[str] = []
        open_ = free
        if anchors:
            before = next((j for j in range(i - 1, -1, -1) if j in anchors), None)
            after = next((j for j in range(i + 1, len(surfaces)) if j in anchors), None)
            low = anchors[before] if before is not None else None
            high = anchors[after] if after is not None else None
            fitting = [c for c in free if fits(c.iso3, low, high)]
            if any(c.score >= FUZZY_FLOOR for c in fitting):
                out = [c for c in viable if c.score >= fitting[0].score and c not in fitting]
                if out:
                    around = " and ".join(_clean(surfaces[j]) for j in (before, after) if j is not None)
                    names = ", ".join(_scored(gazetteer, c) for c in out)
                    notes.append(f"not in alphabetical order between {around}: {names}")
                    if viable[0] in out:
                        reasons.append("choice made by alphabetical order")
                open_ = fitting
            else:
                notes.append("no candidate fits the alphabetical order, order not used")

        best = open_[0]
        runner_up = open_[1] if len(open_) > 1 else next((c for c in free if c is not best), None)
        # Taken candidates at least as similar as the choice decide the method; those up to
        # MARGIN points below it are named in the note too.
        method: Method = "fuzzy"
        if any(c.iso3 in taken and c.score >= best.score for c in ranked):
            method = "list-exclusion"
        near = [c for c in ranked if c.iso3 in taken and c.score >= max(best.score - MARGIN, FUZZY_FLOOR)]
        if near:
            names = ", ".join(f"{_scored(gazetteer, c)} (item {taken[c.iso3] + 1})" for c in near)
            notes.insert(0, f"already taken in this list: {names}")
        if best.score < FUZZY_ACCEPT:
            reasons.insert(0, f"score {best.score:g} below {FUZZY_ACCEPT:g}")
        if runner_up is not None and best.score - runner_up.score < MARGIN:
            reasons.append(f"runner-up {runner_up.iso3} within {MARGIN:g} points")
        unmatched = _unmatched_words(best)
        if unmatched:
            reasons.append(f"no word of the name resembles {' '.join(unmatched)}")
        head = f"{method}: {_scored(gazetteer, best)}"
        if runner_up is not None:
            head += f", runner-up {_scored(gazetteer, runner_up)}"
        note = "; ".join([head, *notes])
        if reasons:
            note += "; flagged: " + ", ".join(reasons)
        results[i] = StateResolution(
            surface=surfaces[i],
            iso3=best.iso3,
            method=method,
            score=best.score,
            runner_up=runner_up.iso3 if runner_up else None,
            runner_up_score=runner_up.score if runner_up else None,
            flagged=bool(reasons),
            note=note,
        )
        taken[best.iso3] = i
    return [results[i] for i in range(len(surfaces))]


# --------------------------------------------------------------------------------------------------
# Splitting a written list into names


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
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
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


_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _name_span(
    text: str, start: int, end: int, gazetteer: StateGazetteer, cache: dict[tuple[int, int], tuple[int, int, float]]
) -> tuple[int, int, float]:
    """Where the name in ``text[start:end]`` is, and how well it resolves.

    The conjunction and a trailing parenthetical that is not part of the name
    are left out. The score is 100 for an exact match, else the best fuzzy similarity.
    """
    if (start, end) in cache:
        return cache[(start, end)]
    s, e = _trim(text, start, end)
    chunk = text[s:e]
    if chunk.startswith("و") and len(chunk) > 2 and not chunk[1].isspace():
        found = _exact(chunk, gazetteer)
        if found is None or found.form != _clean(chunk):
            s += 1
    result = (s, e, 0.0)
    if s < e:
        if _exact(text[s:e], gazetteer) is not None:
            result = (s, e, EXACT_SCORE)
        else:
            match = _TRAILING_PAREN.search(text, s, e)
            if match is not None and match.end() == e and _exact(text[s : match.start()], gazetteer):
                result = (s, match.start(), EXACT_SCORE)
            else:
                ranked = _rank(text[s:e], gazetteer)
                result = (s, e, ranked[0].score if ranked else 0.0)
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
    if normalize_arabic(text).strip(_EDGE_PUNCT) in _NONE_FORMS:
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
