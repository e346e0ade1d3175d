"""Resolution of Arabic State names to ISO3 codes, one at a time or a whole list at once.

Scores are similarities on a 0..100 scale: 100 for an exact match, otherwise
``rapidfuzz.fuzz.ratio`` (normalized Indel similarity, i.e. 200 × longest common
subsequence / total length) between the :func:`normalize_arabic` forms of the
surface and of a State's Arabic name or variant, with and without a leading
و/ال, the best pair counting. ``Decision.confidence`` is the score / 100. The
gazetteer answers both lookups (:meth:`StateGazetteer.exact`,
:meth:`StateGazetteer.ranked`); what is here decides with them.

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
   the runner-up is within :data:`MARGIN` points or the name is one edit (a
   letter added, dropped or changed, or two letters swapped) from the forms of
   both (a one-letter slip can turn one State's name into another's: ``يغانا``
   is a letter more than غانا, Ghana, and a swap in غيانا, Guyana), or when a word of the surface
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
   this rule changed is flagged; a close runner-up that the order sets aside
   does not flag the choice (the order has decided between them).

6. **a slip into another State's name** -- a one-letter slip can turn one
   State's name into another's exactly (``غانا`` for ``غيانا``). When the exactly
   resolved items of a list are in alphabetical order but for one (when two
   items are out of order with each other, the one naming a State named twice
   in the list), and that one is one edit (see rule 3) from a State that is not taken in the list and whose
   name sorts where the item stands, the item is read as that State: method
   **fuzzy**, its similarity as the score, flagged, the note saying which exact
   name the order set aside. Only then does list context overturn an exact match;
   a name out of order with no such neighbour stays as written.

Otherwise an exact match is never overturned by list context; a State matched
exactly twice in one list is kept twice and both are flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from builder.arabic.names import sort_key, strip_article
from builder.model import Decision
from builder.reference_data.states import ExactName, SimilarName, StateGazetteer, clean_name

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
EXACT_METHODS = frozenset({"exact", "exact-normalized"})
"""The methods of a name matched exactly: list context never overturns them."""


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
    unmatched_words: tuple[str, ...] = ()  # words of the surface like no word of the name (approximate matches)

    @property
    def resolved(self) -> bool:
        return self.iso3 is not None

    def decision(self) -> Decision:
        """The resolution as a :class:`builder.model.Decision` (confidence = score / 100)."""
        return Decision(rule=self.method, confidence=round(self.score / 100, 4), note=self.note or None)

    def candidates(self) -> str:
        """The choice and the runner-up with their scores, ``"; "``-separated, as the build report lists them."""
        parts = []
        if self.iso3:
            parts.append(f"{self.iso3} {self.score:g}")
        if self.runner_up:
            parts.append(f"{self.runner_up} {self.runner_up_score:g}" if self.runner_up_score is not None
                         else self.runner_up)
        return "; ".join(parts)


def _words(text: str) -> list[str]:
    return [strip_article(w) or w for w in text.replace("(", " ").replace(")", " ").split()]


def _unmatched_words(cand: SimilarName) -> list[str]:
    """Words of the surface that resemble no word of the matched name (similarity below WORD_FLOOR)."""
    name_words = _words(cand.form)
    return [w for w in _words(cand.query) if not name_words or max(fuzz.ratio(w, n) for n in name_words) < WORD_FLOOR]


def _name(gazetteer: StateGazetteer, iso3: str) -> str:
    return f"{gazetteer[iso3].name_ar} ({iso3})"


def _scored(gazetteer: StateGazetteer, cand: SimilarName) -> str:
    return f"{_name(gazetteer, cand.iso3)} at {cand.score:g}"


def _unresolved(surface: str, ranked: Sequence[SimilarName], why: str) -> StateResolution:
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


def _exact_pass(surfaces: Sequence[str], gazetteer: StateGazetteer,
                exact: dict[int, ExactName]) -> dict[int, StateResolution]:
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


def _in_sorted_order(keys: Sequence[str]) -> bool:
    return all(a <= b for a, b in pairwise(keys))


def _sort_keys(exact: dict[int, ExactName]) -> dict[int, str]:
    """The sort key of the name of each exactly resolved item, in the order of the list.

    The key is taken from the form of the surface that matched, so the conjunction و is not part of it.
    """
    return {i: sort_key(exact[i].form) for i in sorted(exact)}


def _anchors(keys: dict[int, str]) -> dict[int, str]:
    """The sort keys of the exactly resolved items (:func:`_sort_keys`), if they are in alphabetical order (else
    empty)."""
    if len(keys) >= MIN_SORTED_ANCHORS and _in_sorted_order(list(keys.values())):
        return keys
    return {}


def _slip_into_another(surfaces: Sequence[str], gazetteer: StateGazetteer, exact: dict[int, ExactName],
                       keys: dict[int, str]) -> dict[int, StateResolution]:
    """Rule 6: the one exact item out of alphabetical order that a one-letter slip explains, read as the State
    whose name fits where it stands (at most one item per list; none when no single item explains the order).
    ``keys`` are the sort keys of the exact items (:func:`_sort_keys`)."""
    if len(keys) <= MIN_SORTED_ANCHORS or _in_sorted_order(list(keys.values())):
        return {}
    taken = {f.iso3 for f in exact.values()}
    outliers = [k for k in keys if _in_sorted_order([key for i, key in keys.items() if i != k])]
    if len(outliers) > 1:
        # two names out of order with each other (فرنسا، غينيا where غينيا، فرنسا belongs): which one slipped is
        # told only by a duplicate, a State named twice in the list
        outliers = [k for k in outliers if sum(f.iso3 == exact[k].iso3 for f in exact.values()) > 1]
    found: dict[int, StateResolution] = {}
    for k in outliers:
        rest = {i: key for i, key in keys.items() if i != k}
        low = next((rest[j] for j in range(k - 1, -1, -1) if j in rest), None)
        high = next((rest[j] for j in range(k + 1, len(surfaces)) if j in rest), None)
        fitting = [c for c in gazetteer.ranked(surfaces[k])
                   if c.iso3 not in taken and c.score >= FUZZY_FLOOR and _one_slip(c)
                   and _fits(gazetteer.sort_keys[c.iso3], low, high)]
        if len(fitting) == 1:
            cand, written = fitting[0], exact[k]
            around = " and ".join(clean_name(surfaces[j]) for j in (k - 1, k + 1) if j in rest)
            found[k] = StateResolution(
                surface=surfaces[k], iso3=cand.iso3, method="fuzzy", score=cand.score, runner_up=written.iso3,
                runner_up_score=EXACT_SCORE, flagged=True,
                note=(f"fuzzy: {_scored(gazetteer, cand)}, one letter from {_name(gazetteer, written.iso3)}, which it"
                      f" names exactly; flagged: alphabetical order, {_name(gazetteer, written.iso3)} does not sort"
                      f" between {around}, {_name(gazetteer, cand.iso3)} does"))
    return found if len(found) == 1 else {}


@dataclass
class _List:
    """One list being resolved: its names, the States its items have taken so far and its alphabetical anchors."""

    surfaces: Sequence[str]
    gazetteer: StateGazetteer
    anchors: dict[int, str]
    taken: dict[str, int]  # ISO3 -> the item (0-based) that took it

    def fits(self, iso3: str, low: str | None, high: str | None) -> bool:
        return _fits(self.gazetteer.sort_keys[iso3], low, high)

    def scored(self, cand: SimilarName) -> str:
        return _scored(self.gazetteer, cand)

    def taken_by(self, cands: Sequence[SimilarName]) -> str:
        return ", ".join(f"{self.scored(c)} (item {self.taken[c.iso3] + 1})" for c in cands)


def resolve_state_list(surfaces: Sequence[str], gazetteer: StateGazetteer) -> list[StateResolution]:
    """Resolve the names of one list together: a State appears at most once per list.

    See the module docstring for the rules. The result has one resolution per
    surface, in the same order.
    """
    exact = {i: f for i, f in ((i, gazetteer.exact(s)) for i, s in enumerate(surfaces)) if f is not None}
    keys = _sort_keys(exact)
    slipped = _slip_into_another(surfaces, gazetteer, exact, keys)
    for i in slipped:
        del exact[i]
        del keys[i]
    results: dict[int, StateResolution] = {**_exact_pass(surfaces, gazetteer, exact), **slipped}
    taken: dict[str, int] = {}
    for i, res in sorted(results.items()):
        if res.iso3 is not None:
            taken.setdefault(res.iso3, i)
    lst = _List(surfaces, gazetteer, _anchors(keys), taken)

    pending = [i for i in range(len(surfaces)) if i not in results]
    ranks = {i: gazetteer.ranked(surfaces[i]) for i in pending}
    pending.sort(key=lambda i: (-(ranks[i][0].score if ranks[i] else 0.0), i))
    for i in pending:
        res = results[i] = _approximate(lst, i, ranks[i])
        if res.iso3 is not None:
            taken[res.iso3] = i
    return [results[i] for i in range(len(surfaces))]


def _one_slip(candidate: SimilarName) -> bool:
    """Whether the name is one edit (a letter added, dropped, changed, or two swapped) from the State's form."""
    return OSA.distance(candidate.query, candidate.form) <= 1


def _approximate(lst: _List, i: int, ranked: Sequence[SimilarName]) -> StateResolution:
    """The best State still free for item ``i`` of the list, by similarity and, if it can be used, by order."""
    free = [c for c in ranked if c.iso3 not in lst.taken]
    viable = [c for c in free if c.score >= FUZZY_FLOOR]
    if not viable:
        blocked = [c for c in ranked if c.score >= FUZZY_FLOOR]
        why = f"no State scores {FUZZY_FLOOR:g} or more"
        if blocked:
            why = f"every candidate is already taken in this list: {lst.taken_by(blocked)}"
        elif ranked:
            why += f" (best {lst.scored(ranked[0])})"
        return _unresolved(lst.surfaces[i], ranked, why)

    notes: list[str] = []
    reasons: list[str] = []
    open_ = _in_order(lst, i, free, viable, notes, reasons) if lst.anchors else free
    best = open_[0]
    runner_up = open_[1] if len(open_) > 1 else next((c for c in free if c is not best), None)
    # Taken candidates at least as similar as the choice decide the method; those up to
    # MARGIN points below it are named in the note too.
    method: Method = "fuzzy"
    if any(c.iso3 in lst.taken and c.score >= best.score for c in ranked):
        method = "list-exclusion"
    near = [c for c in ranked if c.iso3 in lst.taken and c.score >= max(best.score - MARGIN, FUZZY_FLOOR)]
    if near:
        notes.insert(0, f"already taken in this list: {lst.taken_by(near)}")
    if best.score < FUZZY_ACCEPT:
        reasons.insert(0, f"score {best.score:g} below {FUZZY_ACCEPT:g}")
    if runner_up is not None and best.score - runner_up.score < MARGIN:
        reasons.append(f"runner-up {runner_up.iso3} within {MARGIN:g} points")
    elif len(open_) > 1 and _one_slip(best) and _one_slip(open_[1]):
        # one slip away from two real States (يغانا: a letter more than غانا, Ghana, two letters swapped in
        # غيانا, Guyana), and the list's order, if it has one, does not rule the other out
        reasons.append(f"one letter from {open_[1].iso3} too")
    unmatched = _unmatched_words(best)
    if unmatched:
        reasons.append(f"no word of the name resembles {' '.join(unmatched)}")
    head = f"{method}: {lst.scored(best)}"
    if runner_up is not None:
        head += f", runner-up {lst.scored(runner_up)}"
    note = "; ".join([head, *notes])
    if reasons:
        note += "; flagged: " + ", ".join(reasons)
    return StateResolution(
        surface=lst.surfaces[i],
        iso3=best.iso3,
        method=method,
        score=best.score,
        runner_up=runner_up.iso3 if runner_up else None,
        runner_up_score=runner_up.score if runner_up else None,
        flagged=bool(reasons),
        note=note,
        unmatched_words=tuple(unmatched),
    )


def _in_order(lst: _List, i: int, free: list[SimilarName], viable: list[SimilarName], notes: list[str],
              reasons: list[str]) -> list[SimilarName]:
    """The free candidates of item ``i`` that sort between its exactly resolved neighbours, if any can be chosen.

    What the order set aside goes to ``notes``; a choice it changed, to ``reasons`` (flagged).
    """
    before = next((j for j in range(i - 1, -1, -1) if j in lst.anchors), None)
    after = next((j for j in range(i + 1, len(lst.surfaces)) if j in lst.anchors), None)
    low = lst.anchors[before] if before is not None else None
    high = lst.anchors[after] if after is not None else None
    fitting = [c for c in free if lst.fits(c.iso3, low, high)]
    if not any(c.score >= FUZZY_FLOOR for c in fitting):
        notes.append("no candidate fits the alphabetical order, order not used")
        return free
    out = [c for c in viable if c.score >= fitting[0].score and c not in fitting]
    if out:
        around = " and ".join(clean_name(lst.surfaces[j]) for j in (before, after) if j is not None)
        notes.append(f"not in alphabetical order between {around}: {', '.join(lst.scored(c) for c in out)}")
        if viable[0] in out:
            reasons.append("choice made by alphabetical order")
    return fitting
