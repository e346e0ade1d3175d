"""Property-based tests: random damage to the report, random misspellings of State names.

Every test fixes its own settings (derandomized, no example database, a modest number of
examples), so runs are repeatable and the suite stays fast. Strategies draw *edits* (small
tuples), not whole texts, so a failure prints the edits that broke the rule.
"""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_left
from collections import defaultdict
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.arabic.text import (
    COSMETIC_FOLDING,
    INVISIBLE,
    TATWEEL,
    VOWEL_MARKS,
    to_arabic_indic_digits,
    to_western_digits,
)
from builder.errors import ReportError
from builder.model import Document, Part, ReportMetadata, UnitKind
from builder.reference_data.layout import load_layout
from builder.segment import segment
from builder.source import SourceText, decode_report
from tests.conftest import REPORT

TEXT = REPORT.read_text(encoding="utf-8")
META = ReportMetadata(symbol="A/CONF.192/2018/RC/3")
VISIBLE = re.compile("[^\\s" + "".join(sorted(COSMETIC_FOLDING.dropped)) + "]")  # what a reader sees
ARABIC_INDIC = dict(zip("0123456789", "٠١٢٣٤٥٦٧٨٩", strict=True))
TO_ARABIC_INDIC = str.maketrans(ARABIC_INDIC)


def fixed(examples: int) -> settings:
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------------------------------
# the segmenter under damage

# things a bad extraction or a careless edit puts into a report
FRAGMENTS = ["\n", "\n\n", " ", ".", ":", "،", "؛", "-", " - ", "(أ) ", "(هـ) ", "ثانيا - ", "ثالثاً - ", "ألف - ",
             "المرفق", "\nالمرفق\n", "١٢ - ", "7 - ", "- ٣ - ", "إذ ", "وإذ تؤكد", "إن الدول،", TATWEEL, "َ", "ّ",
             "كلمة", "A/CONF.192/2018/RC/1", "٢٠١٨", "\t", "\f", "\u200f", "\ufeff",
             # the numbering of other reports of the family
             "حادي عشر - ", "عشرون - ", "XII - ", "IV. ", "B - ", "C. ", "(2) ", "(٣) ", "\nالمرفق الثاني\n",
             "المرفق الأول"]

Edit = tuple[str, int, int, str]  # operation, position (taken modulo the length), size, inserted text

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 400), st.just("")),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.just(0),
              st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), min_size=1, max_size=6).map("".join)),
    st.tuples(st.sampled_from(["join", "split", "blank"]), st.integers(0, 10**6), st.just(0), st.just("")),
)


def apply(edits: list[Edit], text: str = TEXT) -> str:
    for op, at, size, inserted in edits:
        pos = at % (len(text) + 1)
        if op == "delete":
            text = text[:pos] + text[pos + size:]
        elif op == "insert":
            text = text[:pos] + inserted + text[pos:]
        elif op == "join":  # two lines become one
            i = text.find("\n", pos)
            text = text if i < 0 else text[:i] + " " + text[i + 1:]
        elif op == "split":  # a line is broken in two
            i = text.find(" ", pos)
            text = text if i < 0 else text[:i] + "\n" + text[i + 1:]
        else:  # a blank line is added
            i = text.find("\n", pos)
            text = text if i < 0 else text[:i] + "\n\n" + text[i:]
    return text


def check_document(doc: Document) -> None:
    src = doc.source
    for u in doc.units:
        # spans and pieces lie inside the source, in order
        assert 0 <= u.span.start <= u.pieces[0].start
        assert u.pieces[-1].end == u.span.end <= len(src)
        assert all(a.end <= b.start for a, b in zip(u.pieces, u.pieces[1:], strict=False))
        # every character of the text maps to a source character of one of the pieces
        assert u.text and len(u.offsets) == len(u.text)
        assert list(u.offsets) == sorted(u.offsets)
        # (the offsets are sorted: counting those inside each piece is the same as looking each one up)
        assert sum(bisect_left(u.offsets, p.end) - bisect_left(u.offsets, p.start) for p in u.pieces) \
            == len(u.offsets), u.eid
        joints = {p.start for p in u.pieces}
        if "".join(src[at] for at in u.offsets).translate(TO_ARABIC_INDIC) != u.text:  # else each char is as written
            for ch, at in zip(u.text, u.offsets, strict=True):
                was = src[at]
                assert was == ch or ARABIC_INDIC.get(was) == ch or (ch == " " and (was.isspace() or at in joints)), \
                    (u.eid, at, was, ch)
        assert TATWEEL not in u.text and not VOWEL_MARKS & set(u.text)
    # a paragraph number appears once per section (the report's own paragraphs: once in the body),
    # unless a warning says so: a repeated paragraph, a repeated section heading or a repeated annex numeral
    seen: dict[tuple[Part, str | None, str | None, int | None], int] = defaultdict(int)
    for u in doc.paragraphs():
        seen[(u.part, u.annex, u.section if u.part is Part.ANNEX else None, u.number)] += 1
    for (part, annex, section, n), count in seen.items():
        if count > 1:
            assert any(f"paragraph {n} appears" in w or (part is Part.ANNEX and f"heading {section} appears" in w)
                       or f"annex {annex} appears" in w for w in doc.warnings), (part, section, n, doc.warnings)


def segment_or_refuse(text: str) -> Document | None:
    try:
        return segment(SourceText("r.ar.txt", text, "utf-8"), META)
    except ReportError as exc:
        assert str(exc).startswith("r.ar.txt") and "\n" not in str(exc)
        return None


@pytest.mark.slow  # 60 segmentations of a whole report
@fixed(60)
@given(st.lists(edit, min_size=1, max_size=6))
def test_damaged_report_segments_or_is_refused_in_one_line(edits: list[Edit]) -> None:
    doc = segment_or_refuse(apply(edits))
    if doc is not None:
        check_document(doc)


@fixed(25)
@given(st.lists(st.tuples(st.sampled_from(["join", "split", "blank"]), st.integers(0, 10**6), st.just(0),
                          st.just("")), min_size=1, max_size=40))
def test_rewrapped_report_keeps_its_invariants(edits: list[Edit]) -> None:
    doc = segment_or_refuse(apply(edits))
    if doc is not None:
        check_document(doc)


BASE = segment(SourceText("r.ar.txt", TEXT, "utf-8"), META)
LETTERS = [i for i, c in enumerate(TEXT) if "\u0621" <= c <= "\u064a"]


def _shape(doc: Document) -> list[tuple[object, ...]]:
    return [(u.kind, u.part, u.eid, u.parent, u.text, u.number, u.label, u.section, u.heading_path)
            for u in doc.units]


@fixed(15)
@given(st.lists(st.tuples(st.sampled_from(LETTERS), st.sampled_from(TATWEEL + "".join(sorted(VOWEL_MARKS)))),
                max_size=400, unique_by=lambda t: t[0]),
       st.booleans())
def test_tatweel_harakat_and_western_digits_change_nothing(marks: list[tuple[int, str]], western: bool) -> None:
    text = TEXT
    for pos, mark in sorted(marks, reverse=True):
        text = text[: pos + 1] + mark + text[pos + 1:]
    if western:
        text = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    doc = segment(SourceText("r.ar.txt", text, "utf-8"), META)
    assert _shape(doc) == _shape(BASE)
    assert doc.warnings == BASE.warnings
    check_document(doc)


# --------------------------------------------------------------------------------------------------
# the segmenter under the layouts of the family: every character is accounted for

LAYOUT = load_layout()
LINES = TEXT.split("\n")
HEADING_KINDS = {UnitKind.CHAPTER, UnitKind.SECTION, UnitKind.SUBSECTION, UnitKind.TOPIC, UnitKind.SUBTOPIC,
                 UnitKind.HEADING, UnitKind.ANNEX}
HEADINGS = frozenset(LINES[TEXT.count("\n", 0, u.span.start)] for u in BASE.units if u.kind in HEADING_KINDS)
NUMBERED = re.compile(r"^([ \t]*(?:-[ \t]*)?)([0-9٠-٩]{1,3})([ \t]*-)")
# what a PDF extraction leaves of the printed page
FURNITURE = ["18-10923 (A)", "18-10923 7/24", "7/24 18-10923", "*1810923*", "7", "12/24", "A/CONF.192/2018/RC/3",
             "Distr.: General", "6 July 2018", "Arabic", "Original: English", "060718    090718",
             "18-10923 (A)    060718    090718", "GE.18-10923 (A)", "Distr.: Limited"]
INVISIBLE_CHARS = sorted(INVISIBLE)

Layout = tuple[str, int, int, int]  # operation, line (taken modulo the count), a second number, a choice

# numerals of other layouts of the family put in place of a heading's own, and the marker of a second annex
RENUMERALS = ["حادي عشر", "ثاني عشر", "تاسع عشر", "عشرون", "حادي وعشرون", "XI", "XIV", "IX", "B", "D", "هاء", "ياء",
              "(٣)", "(2)", "المرفق الثاني"]
TITLE = " ".join(line.strip() for line in LINES[17:20])  # the report's title, as a running header repeats it

layout_edit = st.tuples(
    st.sampled_from(["drop-heading", "duplicate-heading", "move-heading", "furniture", "break", "break-list",
                     "renumber", "digits", "all-digits", "cut", "invisible", "renumeral", "running-title"]),
    st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))


def _cut(line: str, at: int) -> tuple[str, str] | None:
    """``line`` cut at one of its spaces (the ``at``-th, modulo their count), or ``None`` without a space."""
    spaces = [i for i, c in enumerate(line) if c == " "]
    if not spaces:
        return None
    k = spaces[at % len(spaces)]
    return line[:k], line[k + 1:]


def relayout(edits: list[Layout]) -> str:
    """The bundled report laid out otherwise: headings dropped, repeated or moved, page furniture put in
    (between lines, in the middle of a paragraph or of a list of States), paragraphs renumbered, digits
    switched, lines cut, invisible characters put in."""
    lines = list(LINES)
    for op, at, other, choice in edits:
        i = at % len(lines)
        headings = [k for k, line in enumerate(lines) if line in HEADINGS]
        numbered = [k for k, line in enumerate(lines) if NUMBERED.match(line)]
        lists = [k for k, line in enumerate(lines) if line.count("،") > 10]
        furniture = FURNITURE[choice % len(FURNITURE)]
        if op.endswith("-heading") and headings:
            k = headings[at % len(headings)]
            line = lines.pop(k) if op != "duplicate-heading" else lines[k]
            if op != "drop-heading":
                lines.insert(other % (len(lines) + 1), line)
        elif op == "furniture":
            lines[i:i] = ["", furniture, ""] if choice % 2 else [furniture]
        elif op in ("break", "break-list"):
            k = lists[at % len(lists)] if op == "break-list" and lists else i
            halves = _cut(lines[k], other)
            if halves:
                lines[k:k + 1] = [halves[0], "", furniture, "", halves[1]]
        elif op == "renumber" and numbered:
            k = numbered[at % len(numbered)]
            number = to_arabic_indic_digits(str(other % 120))
            lines[k] = NUMBERED.sub(lambda m, n=number: m.group(1) + n + m.group(3), lines[k])
        elif op == "digits":
            lines[i] = to_western_digits(lines[i]) if choice % 2 else to_arabic_indic_digits(lines[i])
        elif op == "all-digits":
            lines = [to_western_digits(line) for line in lines]
        elif op == "cut":
            halves = _cut(lines[i], other)
            if halves:
                lines[i:i + 1] = list(halves)
        elif op == "renumeral" and headings:
            k = headings[at % len(headings)]
            numeral = RENUMERALS[choice % len(RENUMERALS)]
            rest = lines[k].split(" - ", 1)[-1]
            if numeral.startswith("المرفق"):
                lines.insert(k, numeral)
            else:
                lines[k] = f"{numeral} {rest}" if numeral.startswith("(") else f"{numeral} - {rest}"
        elif op == "running-title":
            lines[i:i] = ["", TITLE, ""] if choice % 2 else [TITLE]
        elif op == "invisible":
            pos = other % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + INVISIBLE_CHARS[choice % len(INVISIBLE_CHARS)] + lines[i][pos:]
    return "\n".join(lines)


def claimed(doc: Document) -> list[tuple[str, int, int]]:
    """Every range of the source that the document accounts for: the marker of each unit (from the start of
    its span to its first piece) and its pieces, each line of furniture, each unplaced line."""
    out: list[tuple[str, int, int]] = []
    for u in doc.units:
        out.append((f"{u.eid} marker", u.span.start, u.pieces[0].start))
        out.extend((u.eid, p.start, p.end) for p in u.pieces)
    out.extend((f"furniture {f.kind}", f.span.start, f.span.end) for f in doc.furniture)
    out.extend((f"unplaced {u.line}", u.span.start, u.span.end) for u in doc.unplaced)
    return out


def check_accounted_for(doc: Document) -> None:
    """Each character of the source that is neither white space nor cosmetic (COSMETIC_FOLDING: tatweel,
    harakat, invisible formatting characters) is claimed by exactly one range of :func:`claimed`;
    a white space or cosmetic character by at most one. Blank lines are made of such characters only.

    Besides: an unplaced line keeps its text and is warned about; no unit text has an invisible
    character; no unit has a whole line of page furniture among its pieces."""
    src = doc.source
    ranges = sorted((start, end, who) for who, start, end in claimed(doc) if end > start)
    for (_, end, who), (start, _, next_who) in pairwise(ranges):
        assert end <= start, (who, next_who, end, start)  # no character is claimed twice
    bounds = [0, *(x for start, end, _ in ranges for x in (start, end)), len(src)]
    for gap_start, gap_end in zip(bounds[::2], bounds[1::2], strict=True):
        loose = VISIBLE.search(src, gap_start, gap_end)
        assert loose is None, (loose.start(), loose.group(), src.count("\n", 0, loose.start()) + 1)
    for u in doc.unplaced:
        assert u.text == COSMETIC_FOLDING.fold(src[u.span.start:u.span.end]) and u.text.strip()
        assert any(f":{u.line}: " in w and "unplaced" in w for w in doc.warnings)
    for unit in doc.units:
        assert not INVISIBLE & set(unit.text), unit.eid
        for piece in unit.pieces:  # a whole line of furniture is never part of a unit
            line_start = src.rfind("\n", 0, piece.start) + 1
            if not src[line_start:piece.start].strip():
                assert LAYOUT.furniture_kind(COSMETIC_FOLDING.fold(src[piece.start:piece.end]), front=False) is None


def segment_layout(text: str) -> Document | None:
    try:
        return segment(SourceText("r.ar.txt", text, "utf-8"), META, LAYOUT)
    except ReportError as exc:
        assert str(exc).startswith("r.ar.txt") and "\n" not in str(exc)
        return None


def check_relayout(edits: list[Layout]) -> None:
    doc = segment_layout(relayout(edits))
    if doc is not None:
        check_accounted_for(doc)
        check_document(doc)


@pytest.mark.slow  # 1,000 segmentations of a whole report (one to two minutes)
@fixed(1000)
@given(st.lists(layout_edit, min_size=1, max_size=8))
def test_any_layout_of_the_report_accounts_for_every_character(edits: list[Layout]) -> None:
    check_relayout(edits)


@fixed(100)
@given(st.lists(layout_edit, min_size=1, max_size=8))
def test_a_hundred_layouts_of_the_report_account_for_every_character(edits: list[Layout]) -> None:
    check_relayout(edits)


def test_the_bundled_report_accounts_for_every_character() -> None:
    check_accounted_for(BASE)
    assert relayout([]) == TEXT


# --------------------------------------------------------------------------------------------------
# decoding: any bytes give text or a one-line ReportError

BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF"]


@fixed(300)
@given(st.sampled_from(BOMS), st.binary(max_size=300),
       st.sampled_from([b"", TEXT.encode("utf-8")[:3000], TEXT[:1500].encode("utf-16-le")]))
def test_any_bytes_decode_or_are_refused_in_one_line(bom: bytes, noise: bytes, body: bytes) -> None:
    try:
        src = decode_report("r.ar.txt", bom + body + noise)
    except ReportError as exc:
        assert str(exc).startswith("r.ar.txt") and "\n" not in str(exc)
        return
    assert "\r" not in src.text and "\x00" not in src.text


# --------------------------------------------------------------------------------------------------
# the State name resolver under misspelling

HAS_RESOLVER = importlib.util.find_spec("builder.resolve.states") is not None
needs_resolver = pytest.mark.skipif(not HAS_RESOLVER, reason="builder/resolve/states.py is not in the tree yet")

if HAS_RESOLVER:
    from builder.reference_data.states import load_states
    from builder.resolve.states import resolve_state, resolve_state_list

    GAZETTEER = load_states()
    NAMES = sorted({(s.iso3, n) for s in GAZETTEER.states for n in (s.name_ar, *s.variants_ar)})
else:  # pragma: no cover
    NAMES = [("XXX", "اسم")]

# what a typist or an extraction may put in a name: any Arabic letter, a vowel mark, a tatweel,
# a space, a dash, brackets, an Arabic comma, a Latin letter, a digit
NOISE = [chr(c) for c in range(0x0621, 0x064B)] + [" ", TATWEEL, "َ", "-", "(", ")", "،", "a", "1", "٣"]


@st.composite
def misspelt(draw: st.DrawFn) -> tuple[str, str]:
    """A State's name or variant with one random character inserted, deleted, replaced or swapped."""
    iso3, name = draw(st.sampled_from(NAMES))
    op = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
    i = draw(st.integers(0, len(name) - 1))
    ch = draw(st.sampled_from(NOISE))
    if op == "insert":
        return iso3, name[:i] + ch + name[i:]
    if op == "delete":
        return iso3, name[:i] + name[i + 1:]
    if op == "replace":
        return iso3, name[:i] + ch + name[i + 1:]
    return iso3, name[:i] + name[i + 1: i + 2] + name[i: i + 1] + name[i + 2:]


@needs_resolver
@fixed(300)
@given(misspelt())
def test_misspelt_name_resolves_or_is_flagged(case: tuple[str, str]) -> None:
    _iso3, surface = case
    res = resolve_state(surface, GAZETTEER)
    assert res.surface == surface
    if res.iso3 is None:
        assert res.method == "unresolved" and res.flagged
    else:
        assert res.iso3 in GAZETTEER.by_iso3
        assert res.method in ("exact", "exact-normalized", "fuzzy", "list-exclusion")
        assert 0 <= res.score <= 100
        assert res.method not in ("exact", "exact-normalized") or res.score == 100


@needs_resolver
@fixed(40)
@given(st.lists(misspelt() | st.sampled_from(NAMES), min_size=1, max_size=25))
def test_misspelt_list_resolves_each_item_once_or_flags(cases: list[tuple[str, str]]) -> None:
    surfaces = [s for _iso3, s in cases]
    results = resolve_state_list(surfaces, GAZETTEER)
    assert [r.surface for r in results] == surfaces
    by_state: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        if r.iso3 is None:
            assert r.method == "unresolved" and r.flagged
        else:
            assert r.iso3 in GAZETTEER.by_iso3
            by_state[r.iso3].append(r.flagged)
    # a State appears at most once in a list, unless every appearance is flagged for review
    for flags in by_state.values():
        assert len(flags) == 1 or all(flags)


def test_an_annex_numeral_given_twice_is_said() -> None:
    """Regression: a second annex marker put into the report's body, and another before the outcome document,
    open two annexes numbered II; the paragraph keys that repeat are accounted for by a warning."""
    edits: list[Layout] = [("drop-heading", 0, 0, 0)] * 3 + [("renumeral", 1, 0, 374), ("renumeral", 10, 0, 374)]
    check_relayout(edits)
    doc = segment_layout(relayout(edits))
    assert doc is not None
    assert [w.split(": ", 1)[1] for w in doc.warnings if "annex" in w] == ["annex II appears 2 times"]
