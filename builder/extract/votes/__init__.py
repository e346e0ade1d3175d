"""Recorded votes: what was voted on, at which meeting, the declared totals and the names of every list.

A recorded vote shows in a report of this family as a paragraph that says what
was decided "by a recorded vote of 63 to 2, with 28 abstentions", followed by
list items: a header for each position (``المؤيدون:``, ``المعارضون:``,
``الممتنعون عن التصويت:``) and, after each header, the names of the States that
voted that way (``لا أحد.`` for none). Nothing here knows the report at hand:

* **headers** are recognised after :func:`~builder.arabic.names.normalize_arabic`
  by similarity to the forms of ``vote_positions.csv`` (so the misspelling
  ``المتنعون`` still counts),
  and only on a short item, the text before a colon; names written after the colon
  of a header item are read too. A paragraph with list items under at least two
  headers is a recorded vote.
* **what was voted on**: ``الفقرة ١٦ من الفرع الأول من مشروع الوثيقة الختامية`` is
  paragraph 16 of section I of the outcome document (the ordinal of the section,
  masculine or feminine, gives its Roman numeral; a letter name such as ``باء`` its
  Latin letter, by the layout's numerals; a Roman numeral or Latin letter stands as
  it is); ``الفقرة ٧ من مشروع الوثيقة الختامية``, with no section, is the paragraph
  keyed 7 of an outcome document numbered through. The vote's key is the key of the
  paragraph voted on (``I.16``, ``B.3``, ``7``, ``I:II.4`` in a report that numbers
  its annexes). A vote adopting the draft outcome document with no paragraph named
  is on the outcome document as a whole.
* **the meeting**: the one meeting the paragraph names first, with its date
  (read by :mod:`builder.extract.plenaries`: ``في جلسته ١٨``, ``في الجلسة نفسها``,
  ``المعقودة في ٢٩ حزيران/يونيه``).
* **declared totals**: ``بأغلبية N`` (yes), ``مقابل N`` (no), ``وامتناع N عن التصويت``
  (abstain), where N is a number in any digit system, a dual (``صوتين`` = 2),
  ``صوت واحد`` (1), a cardinal word with its counted noun, or ``لا شيء``/``لا أحد`` (0).
  A total the text does not give stays ``None`` and a warning says so.
* **the lists**: the names of each list, split with
  :func:`~builder.extract.state_lists.split_state_list`, each with its span and
  its place in the vote. Which State each name is, is decided by
  :func:`builder.resolve.votes.resolve_votes`, which sees all lists of a vote at once.

The types of the facts are in :mod:`builder.extract.votes.facts`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from builder.arabic.names import normalize_arabic
from builder.arabic.numbers import CARDINAL, ORDINAL, cardinal_to_int, ordinal_to_int, to_roman
from builder.arabic.text import DIGIT, Skeleton, parse_int
from builder.extract.names import Name
from builder.extract.plenaries import MeetingMention, MeetingTracker
from builder.extract.state_lists import state_names
from builder.extract.votes.facts import POSITIONS, ListedName, Position, RecordedVote
from builder.model import Document, Part, Unit, UnitKind
from builder.reference_data import References
from builder.reference_data.votes import VotePosition

HEADER_MIN_SCORE = 80.0
"""How similar (0..100, normalized Indel similarity) an item must be to a header form to count as one."""
HEADER_MAX_WORDS = 4

# ------------------------------------------------------------------------------ small pieces



def _section_target(letters: Mapping[str, str]) -> re.Pattern[str]:
    """``الفقرة N [من الفرع X] من [مشروع] الوثيقة الختامية`` (skeleton text); X an ordinal, numeral or letter name."""
    names = "|".join(sorted(letters, key=len, reverse=True))
    return re.compile(
        f"الفقرة\\s+(?P<n>{DIGIT}{{1,3}})(?:\\s+من\\s+(?:الفرع|الجزء|القسم)\\s+"
        f"(?P<sec>{ORDINAL}|[IVX]+|[A-Z]|{names})(?!\\w))?"
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


def match_header(text: str, positions: Mapping[str, VotePosition]) -> tuple[Position, int] | None:
    """The position a vote-list header stands for, and where names after its colon begin.

    ``"المتنعون عن التصويت:"`` → ``(Position.ABSTAIN, 20)``; ``None`` if the item is no header.
    ``positions`` are those of ``vote_positions.csv``, with their header forms.
    """
    colon = text.find(":")
    head = text[:colon] if colon >= 0 else text
    if not head.strip() or len(head.split()) > HEADER_MAX_WORDS:
        return None
    key = normalize_arabic(head).strip(" .:؛;،,")
    scores = sorted(
        ((max(fuzz.ratio(key, normalize_arabic(f)) for f in p.headers), Position(p.key)) for p in positions.values()),
        reverse=True,
    )
    (best, position), (second, _) = scores[0], scores[1]
    if best < HEADER_MIN_SCORE or best - second < 10:
        return None
    return position, (colon + 1 if colon >= 0 else len(text))


def _children(doc: Document, eid: str) -> list[Unit]:
    return [u for u in doc.units if u.part is Part.REPORT and u.kind is UnitKind.LIST_ITEM and u.parent == eid]


def _target(doc: Document, sk: Skeleton, letters: Mapping[str, str]) -> tuple[str | None, int | None, str | None,
                                                                             bool, str]:
    """(section, number, eid in the annex, found, ref) of what the paragraph says was voted on.

    ``letters`` maps the skeleton of each letter name to its Latin letter.
    """
    m = _section_target(letters).search(sk.text)
    if m is not None:
        sec_raw = m.group("sec")
        section: str | None = None
        if sec_raw:
            sec_n = ordinal_to_int(sec_raw)
            section = to_roman(sec_n) if sec_n else letters.get(sec_raw, sec_raw)
        number = parse_int(m.group("n"))
        unit = next(
            (u for u in doc.units if u.part is Part.ANNEX and u.kind is UnitKind.PARAGRAPH and u.number == number
             and (u.section == section and not u.runs_through if section else u.section is None or u.runs_through)),
            None,
        )
        if unit is not None and unit.ref is not None:
            return unit.section, number, unit.eid, True, unit.ref
        return section, number, None, False, f"{section}.{number}" if section else str(number)
    if _RE_OUTCOME.search(sk.text):
        has_annex = any(u.kind is UnitKind.ANNEX for u in doc.units)
        return None, None, None, has_annex, "outcome"
    return None, None, None, False, ""


@dataclass
class _Lists:
    """The names under each header of one paragraph's list items, and the items that hold them."""

    names: dict[Position, list[Name]] = field(default_factory=lambda: {p: [] for p in POSITIONS})
    items: dict[Position, list[str]] = field(default_factory=lambda: {p: [] for p in POSITIONS})
    seen: set[Position] = field(default_factory=set)


def _lists(doc: Document, para: Unit, references: References) -> _Lists:
    lists = _Lists()
    current: Position | None = None
    for item in _children(doc, para.eid):
        header = match_header(item.text, references.vote_positions)
        start = 0
        if header is not None:
            current, start = header
            lists.seen.add(current)
        if current is None:
            continue
        names = state_names(doc.source, item, start, len(item.text), references.states)
        if names or header is None:
            lists.items[current].append(item.eid)
        lists.names[current].extend(names)
    return lists


def extract_votes(doc: Document, references: References) -> list[RecordedVote]:
    """Every recorded vote of the report, in document order, with the names of its lists (not yet resolved)."""
    tracker = MeetingTracker(doc.metadata.date)
    votes: list[RecordedVote] = []
    keys: Counter[str] = Counter()
    for para in doc.paragraphs():
        if para.part is not Part.REPORT:
            continue
        mentions = tracker.read_text(para.text)
        lists = _lists(doc, para, references)
        if len(lists.seen) < 2:
            continue
        letters = {Skeleton.of(w).text: n for w, n in references.layout.numerals.get("letter", {}).items()}
        votes.append(_vote(doc, para, mentions, lists, keys, references.vote_positions, letters))
    return votes


def _vote(
    doc: Document,
    para: Unit,
    mentions: list[tuple[MeetingMention, tuple[int, ...], tuple[str, ...]]],
    lists: _Lists,
    keys: Counter[str],
    positions: Mapping[str, VotePosition],
    letters: Mapping[str, str],
) -> RecordedVote:
    warnings: list[str] = []
    where = f"{doc.metadata.symbol} paragraph {para.number}"
    sk = Skeleton.of(para.text)
    section, number, target_eid, found, ref = _target(doc, sk, letters)
    if not ref:
        ref = f"para-{para.number}"
        warnings.append(f"{where}: recorded vote on something not recognised; named {ref}")
    elif not found:
        key = ref.replace(".", "-") if number is not None else ref
        warnings.append(f"{where}: vote {key}: the outcome document has no such paragraph")
    key = re.sub("[.:]", "-", ref)  # the last segment of the vote's IRI
    keys[key] += 1
    if keys[key] > 1:
        key, ref = f"{key}-{keys[key]}", f"{ref}-{keys[key]}"

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
            warnings.append(f"{where}: vote {ref}: the report declares no number of {positions[p].label_en}")
    for p in POSITIONS:
        if p not in lists.seen:
            warnings.append(f"{where}: vote {ref}: no list of {positions[p].label_en}")

    names = [(p, name) for p in POSITIONS for name in lists.names[p]]
    return RecordedVote(
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
        names=tuple(ListedName(p, name, n) for n, (p, name) in enumerate(names, start=1)),
        list_items={p: tuple(v) for p, v in lists.items.items()},
        order=para.order,
        warnings=tuple(warnings),
    )
