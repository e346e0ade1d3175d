"""Recorded votes: what was voted on, at which meeting, the declared totals and every State's ballot.

A recorded vote shows in a report of this family as a paragraph that says what
was decided "by a recorded vote of 63 to 2, with 28 abstentions", followed by
list items: a header for each position (``المؤيدون:``, ``المعارضون:``,
``الممتنعون عن التصويت:``) and, after each header, the names of the States that
voted that way (``لا أحد.`` for none). Nothing here knows the report at hand:

* **headers** are recognised after :func:`~builder.arabic.names.normalize_arabic`
  by similarity to the three forms (so the misspelling ``المتنعون`` still counts),
  and only on a short item, the text before a colon; names written after the colon
  of a header item are read too. A paragraph with list items under at least two
  headers is a recorded vote.
* **what was voted on**: ``الفقرة ١٦ من الفرع الأول من مشروع الوثيقة الختامية`` is
  paragraph 16 of section I of the outcome document (the ordinal of the section,
  masculine or feminine, gives its Roman numeral); a vote adopting the draft
  outcome document with no paragraph named is on the outcome document as a whole.
* **the meeting**: ``في جلسته ١٨``/``في الجلسة ١٨`` (digits of any system or an
  ordinal word), ``في الجلسة نفسها``/``في تلك الجلسة`` (the meeting last named in
  an earlier sentence or paragraph); **the date**: ``المعقودة في ٢٩ حزيران/يونيه``
  right after the meeting, otherwise the date last given for the same meeting;
  the year, when not written, is the report's (or the year before, if the day
  would fall after the report's date).
* **declared totals**: ``بأغلبية N`` (yes), ``مقابل N`` (no), ``وامتناع N عن التصويت``
  (abstain), where N is a number in any digit system, a dual (``صوتين`` = 2),
  ``صوت واحد`` (1), a cardinal word with its counted noun, or ``لا شيء``/``لا أحد`` (0).
  A total the text does not give stays ``None`` and a warning says so.
* **ballots**: the names of all lists of one vote are resolved together with
  :func:`~builder.resolve.states.resolve_state_list`, since a State votes at most
  once per vote (see :func:`resolve_vote_lists` for how the alphabetical order of
  each list is kept in play).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz import fuzz

from builder.arabic.names import normalize_arabic
from builder.arabic.numbers import CARDINAL, ORDINAL, cardinal_to_int, ordinal_to_int, to_roman
from builder.arabic.text import DIGIT, Skeleton, parse_int
from builder.extract.plenaries import MeetingMention, MeetingTracker
from builder.extract.state_lists import split_state_list
from builder.model import Document, Part, Span, Unit, UnitKind
from builder.reference_data.states import StateGazetteer
from builder.resolve.states import StateResolution, resolve_state_list


class Position(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


POSITIONS = (Position.YES, Position.NO, Position.ABSTAIN)
WHAT = {Position.YES: "votes in favour", Position.NO: "votes against", Position.ABSTAIN: "abstentions"}

HEADER_FORMS: dict[Position, tuple[str, ...]] = {
    Position.YES: ("المؤيدون", "المؤيدين"),
    Position.NO: ("المعارضون", "المعارضين"),
    Position.ABSTAIN: ("الممتنعون عن التصويت", "الممتنعين عن التصويت", "الممتنعون", "الممتنعين"),
}
HEADER_MIN_SCORE = 80.0
"""How similar (0..100, normalized Indel similarity) an item must be to a header form to count as one."""
HEADER_MAX_WORDS = 4

EXACT_METHODS = frozenset({"exact", "exact-normalized"})

# ------------------------------------------------------------------------------ small pieces

_RE_SECTION_TARGET = re.compile(
    f"الفقرة\\s+(?P<n>{DIGIT}{{1,3}})\\s+من\\s+(?:الفرع|الجزء|القسم)\\s+(?P<sec>{ORDINAL}|[IVX]+)(?!\\w)"
    f"\\s+من\\s+(?:مشروع\\s+)?الوثيقة\\s+الختامية"
)
_RE_OUTCOME = re.compile("(?:مشروع\\s+)?الوثيقة\\s+الختامية")
_RE_RECORDED = re.compile("بتصويت\\s+مسجل")

_UNIT_WORD = "(?:\\s+(?:صوتا|صوت|اصوات|عضوا|عضو|اعضاء|دولة|دول))?"
_COUNT_FORMS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile("\\s*(?:لا\\s+شيء|لا\\s+احد|لا\\s+يوجد)(?!\\w)"), 0),
    (re.compile("\\s*(?:صوتين|صوتان|عضوين|عضوان|دولتين|دولتان)(?!\\w)"), 2),
    (re.compile("\\s*(?:صوتا|صوت|عضوا|عضو|دولة)\\s+واحد(?:ا|ة)?(?!\\w)"), 1),
    (re.compile(f"\\s*(?P<d>{DIGIT}+){_UNIT_WORD}(?!\\w)"), None),
    (re.compile(f"\\s*(?P<w>{CARDINAL})\\s+(?:اصوات|صوتا|اعضاء|عضوا|دول)(?!\\w)"), None),
)
_RE_YES = re.compile("(?<!\\w)(?:باغلبية|بأغلبية)")
_RE_NO = re.compile("(?<!\\w)مقابل")
_RE_ABSTAIN = re.compile("(?<!\\w)و?امتناع")
_RE_NO_ABSTAIN = re.compile("(?<!\\w)و?(?:دون|بدون)\\s+(?:اي\\s+)?امتناع")


def count_at(text: str, pos: int) -> tuple[int, int] | None:
    """The number of votes written at ``text[pos:]`` (skeleton text) and where it ends."""
    for rx, fixed in _COUNT_FORMS:
        m = rx.match(text, pos)
        if m is None:
            continue
        if fixed is not None:
            return fixed, m.end()
        groups = m.groupdict()
        raw = groups.get("d") or groups.get("w") or ""
        value = cardinal_to_int(raw)
        if value is not None:
            return value, m.end()
    return None


def _declared(sk: str, start: int, end: int) -> dict[Position, int | None]:
    out: dict[Position, int | None] = dict.fromkeys(POSITIONS)
    for position, rx in ((Position.YES, _RE_YES), (Position.NO, _RE_NO), (Position.ABSTAIN, _RE_ABSTAIN)):
        for m in rx.finditer(sk, start, end):
            found = count_at(sk, m.end())
            if found is not None:
                out[position] = found[0]
                break
    if out[Position.ABSTAIN] is None and _RE_NO_ABSTAIN.search(sk, start, end):
        out[Position.ABSTAIN] = 0
    return out


# ------------------------------------------------------------------------------ list headers


def match_header(text: str) -> tuple[Position, int] | None:
    """The position a vote-list header stands for, and where names after its colon begin.

    ``"المتنعون عن التصويت:"`` → ``(Position.ABSTAIN, 20)``; ``None`` if the item is no header.
    """
    colon = text.find(":")
    head = text[:colon] if colon >= 0 else text
    if not head.strip() or len(head.split()) > HEADER_MAX_WORDS:
        return None
    key = normalize_arabic(head).strip(" .:؛;،,")
    scores = sorted(
        ((max(fuzz.ratio(key, normalize_arabic(f)) for f in forms), p) for p, forms in HEADER_FORMS.items()),
        reverse=True,
    )
    (best, position), (second, _) = scores[0], scores[1]
    if best < HEADER_MIN_SCORE or best - second < 10:
        return None
    return position, (colon + 1 if colon >= 0 else len(text))


# ------------------------------------------------------------------------------ facts


@dataclass(frozen=True)
class BallotFact:
    """One name in a vote list and the State it was resolved to (``resolution.iso3``, ``None`` if unresolved)."""

    position: Position
    unit_eid: str  # the list item the name is in
    span: Span  # in the source
    surface: str  # source[span.start:span.end]
    resolution: StateResolution
    order: int  # 1-based place among all names of the vote, in document order


@dataclass(frozen=True)
class VoteFact:
    """A recorded vote as the report gives it."""

    paragraph_eid: str
    paragraph_number: int | None
    key: str  # "I-16", "outcome": the last segment of the vote's IRI
    ref: str  # "I.16", "outcome": how queries name the vote
    target_section: str | None
    target_number: int | None
    target_eid: str | None  # eid of the outcome-document unit voted on (None: the whole outcome document)
    target_found: bool  # False when the text names nothing the document has
    meeting: int | None
    date: str | None
    declared: dict[Position, int | None]
    ballots: tuple[BallotFact, ...]
    list_items: dict[Position, tuple[str, ...]]  # eids of the items holding each list
    order: int  # document order of the paragraph
    warnings: tuple[str, ...] = ()

    def counted(self, position: Position) -> int:
        return sum(1 for b in self.ballots if b.position is position and b.resolution.iso3 is not None)


def resolve_vote_lists(lists: Sequence[Sequence[str]], gazetteer: StateGazetteer) -> list[list[StateResolution]]:
    """Resolve the yes/no/abstain lists of one vote together; one result per name, list by list.

    All names go to :func:`resolve_state_list` as one list, so a State is used at
    most once in the vote. That function trusts a list's alphabetical order only
    when the whole list it is given is sorted, and three lists one after the
    other are not, though each is. So each list is resolved on its own as well,
    and where that gives an approximately matched name another State, one that
    no other name of the vote ends up with, the list's own choice is kept (its
    note says so). Exact matches are never changed.
    """
    flat = [s for names in lists for s in names]
    combined = resolve_state_list(flat, gazetteer)
    non_empty = [names for names in lists if names]
    chosen = list(combined)
    if len(non_empty) > 1:
        own = [r for names in lists for r in (resolve_state_list(names, gazetteer) if names else [])]
        held = Counter(r.iso3 for r in combined if r.iso3 is not None)
        for i, (whole, alone) in enumerate(zip(combined, own, strict=True)):
            if whole.method in EXACT_METHODS or alone.iso3 is None or alone.iso3 == whole.iso3:
                continue
            if held[alone.iso3] > 0:
                continue
            if whole.iso3 is not None:
                held[whole.iso3] -= 1
            held[alone.iso3] += 1
            instead = f"{whole.iso3} at {whole.score:g}" if whole.iso3 else "unresolved"
            chosen[i] = replace(
                alone,
                flagged=True,
                note=f"{alone.note}; chosen within its own list, whose alphabetical order the whole vote"
                f" cannot use (whole vote: {instead})",
            )
    out: list[list[StateResolution]] = []
    k = 0
    for names in lists:
        out.append(chosen[k : k + len(names)])
        k += len(names)
    return out


def _children(doc: Document, eid: str) -> list[Unit]:
    return [u for u in doc.units if u.part is Part.REPORT and u.kind is UnitKind.LIST_ITEM and u.parent == eid]


def _target(doc: Document, sk: Skeleton) -> tuple[str | None, int | None, str | None, bool, str]:
    """(section, number, eid in the annex, found, key) of what the paragraph says was voted on."""
    m = _RE_SECTION_TARGET.search(sk.text)
    if m is not None:
        sec_raw = m.group("sec")
        sec_n = ordinal_to_int(sec_raw)
        section = to_roman(sec_n) if sec_n else sec_raw
        number = parse_int(m.group("n"))
        unit = next(
            (u for u in doc.units if u.part is Part.ANNEX and u.kind is UnitKind.PARAGRAPH
             and u.section == section and u.number == number),
            None,
        )
        return section, number, unit.eid if unit else None, unit is not None, f"{section}-{number}"
    if _RE_OUTCOME.search(sk.text):
        has_annex = any(u.kind is UnitKind.ANNEX for u in doc.units)
        return None, None, None, has_annex, "outcome"
    return None, None, None, False, ""


def _names(unit: Unit, start: int, gazetteer: StateGazetteer) -> list[tuple[str, int, int]]:
    """(unit-text surface, start, end) of each State name in ``unit.text[start:]``."""
    return [(s, sp.start, sp.end) for s, sp in split_state_list(unit.text[start:], start, gazetteer)]


def extract_votes(doc: Document, gazetteer: StateGazetteer) -> list[VoteFact]:
    """Every recorded vote of the report, in document order."""
    tracker = MeetingTracker(doc.metadata.date)
    votes: list[VoteFact] = []
    keys: Counter[str] = Counter()
    for para in doc.paragraphs():
        if para.part is not Part.REPORT:
            continue
        mentions = tracker.read_text(para.text)
        items = _children(doc, para.eid)
        lists: dict[Position, list[tuple[str, Unit, int, int]]] = {p: [] for p in POSITIONS}
        list_items: dict[Position, list[str]] = {p: [] for p in POSITIONS}
        seen: set[Position] = set()
        current: Position | None = None
        for item in items:
            header = match_header(item.text)
            start = 0
            if header is not None:
                current, start = header
                seen.add(current)
            if current is None:
                continue
            names = _names(item, start, gazetteer)
            if names or header is None:
                list_items[current].append(item.eid)
            lists[current].extend((s, item, a, b) for s, a, b in names)
        if len(seen) < 2:
            continue
        votes.append(_vote(doc, para, mentions, lists, list_items, seen, gazetteer, keys))
    return votes


def _vote(
    doc: Document,
    para: Unit,
    mentions: list[tuple[MeetingMention, tuple[int, ...], tuple[str, ...]]],
    lists: dict[Position, list[tuple[str, Unit, int, int]]],
    list_items: dict[Position, list[str]],
    seen: set[Position],
    gazetteer: StateGazetteer,
    keys: Counter[str],
) -> VoteFact:
    warnings: list[str] = []
    where = f"{doc.metadata.symbol} paragraph {para.number}"
    sk = Skeleton.of(para.text)
    section, number, target_eid, found, key = _target(doc, sk)
    if not key:
        key = f"para-{para.number}"
        warnings.append(f"{where}: recorded vote on something not recognised; named {key}")
    elif not found:
        warnings.append(f"{where}: vote {key}: the outcome document has no such paragraph")
    keys[key] += 1
    if keys[key] > 1:
        key = f"{key}-{keys[key]}"
    ref = key.replace("-", ".", 1) if section is not None else key

    meeting: int | None = None
    day: str | None = None
    singles = [(nums, days) for _mm, nums, days in mentions if len(nums) == 1]
    if singles:
        meeting, day = singles[0][0][0], (singles[0][1][0] if singles[0][1] else None)
    else:
        warnings.append(f"{where}: vote {ref}: no meeting named")
    if meeting is not None and day is None:
        warnings.append(f"{where}: vote {ref}: no date for meeting {meeting}")

    rec = _RE_RECORDED.search(sk.text)
    declared = _declared(sk.text, rec.start() if rec else 0, len(sk.text))
    for p in POSITIONS:
        if declared[p] is None:
            warnings.append(f"{where}: vote {ref}: the report declares no number of {WHAT[p]}")
    for p in POSITIONS:
        if p not in seen:
            warnings.append(f"{where}: vote {ref}: no list of {WHAT[p]}")

    resolved = resolve_vote_lists([[s for s, *_ in lists[p]] for p in POSITIONS], gazetteer)
    ballots: list[BallotFact] = []
    for p, results in zip(POSITIONS, resolved, strict=True):
        for (_s, item, a, b), res in zip(lists[p], results, strict=True):
            span = item.source_span(a, b)
            ballots.append(BallotFact(p, item.eid, span, doc.source[span.start:span.end], res, len(ballots) + 1))
    return VoteFact(
        paragraph_eid=para.eid,
        paragraph_number=para.number,
        key=key,
        ref=ref,
        target_section=section,
        target_number=number,
        target_eid=target_eid,
        target_found=found,
        meeting=meeting,
        date=day,
        declared=declared,
        ballots=tuple(ballots),
        list_items={p: tuple(v) for p, v in list_items.items()},
        order=para.order,
        warnings=tuple(warnings),
    )
