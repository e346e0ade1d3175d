"""Segmentation: the text of a report → its structural units, each with exact spans.

The input is a PDF extraction, so the layout is unreliable. The rules, in the
order they are applied to each non-blank line:

* **Markers** are the patterns of the :class:`~builder.reference_data.layout.Layout`
  (``builder/data/layout/markers.csv``, the numeral words of ``numerals.csv``),
  tried in table order, each opening a unit of one *level*. They are recognised
  with or without the stray leading dash the extraction adds (``- ١ -`` and
  ``١ -`` are the same paragraph marker), in Arabic-Indic or western digits.
* **Chapters/sections** (level ``chapter``) open with an ordinal word (أولا،
  ثانيا … حادي عشر …) or a Roman numeral and a dash; **subsections** (``subsection``)
  with a letter name (ألف، باء …) or a Latin letter; **sub-topics** (``subitem``)
  with a bracketed letter or number, (أ)، (ب) … (1)، (2) …; **المرفق** opens the
  annex (``annex``). An annex whose first heading is a letter name has lettered
  *sections* (``section_B``, whose paragraphs are keyed ``B.7``); a report whose
  first heading is one has lettered *chapters* (``chp_B``). A numbered annex
  marker after the first (المرفق الثاني) is a heading of the annex component,
  under which eids start with ``annex_2__``; every paragraph of a numbered annex
  carries the annex's numeral (keys ``I:II.4``, ``II:3``).
* A report whose chapters carry no number starts with its first numbered
  paragraph, or with the heading standing apart right above it; its unnumbered
  headings are headings of the report.
* Paragraph numbers of the annex restart in each section, unless the first
  paragraph of a later section carries on the count of the one before: then
  the annex is numbered through, and its paragraphs are keyed by number alone
  (as are those of an annex without sections).
* A **numbered line** is a paragraph, a topic heading or a list item:
  - while a list is open (its paragraph ended with a colon) a number that
    continues the list rather than the paragraph sequence is a list item;
  - in the annex, a numbered line is a topic heading when it continues the
    topic count of its subsection, has no closing punctuation and is followed
    by another marker; topic numbers restart in each subsection while
    paragraph numbers run on through a whole section.
* A line without a marker **continues** the previous unit (a page break) when
  that unit has not ended: no closing ``.``/``:`` — a comma ends only a
  preambular clause, and a heading is continued only by a line that itself
  does not end a sentence; an item of a list is continued after a comma or a
  semicolon, or across page furniture (a list of States cut inside a name).
  Otherwise it is a list item (list open), a preambular clause (إذ/وإذ …), an
  unnumbered heading (short, unpunctuated), or a chapeau.
* **Sub-items** stay with their paragraph: written inside it they are its text;
  on lines of their own after its colon they are its list items, and the list
  ends with the sub-item that ends its sentence with a full stop, unless the
  next line is the sub-item that follows it ((ب) after (أ), (2) after (1)).

**Page furniture** -- a line that the whole of one pattern of the
:class:`~builder.reference_data.layout.Layout` matches (a job number, a page
number, a barcode, a running header repeating the symbol or the report's title,
the masthead's block) -- is taken out
before the rules run, wherever it falls: between two paragraphs, inside a
paragraph or a list cut by a page break (the unit then has a piece on each
side), between a heading and its paragraph. It is recorded on the
:class:`~builder.model.Document` as furniture, with its span; so is every
line above the title block (the masthead, the meeting's name, place and dates).

Nothing is dropped and nothing is invented: a line the rules cannot place (prose
without a number where no introductory text can stand, a second introductory
text of a section, a line without a word) is kept as an *unplaced* line with its
span and its text, never made into a paragraph, and a warning says where it is.
So every character of the source that is not white space or cosmetic is in a
unit, in furniture or in an unplaced line.

The rules look at each line through :data:`builder.arabic.text.COSMETIC_FOLDING`
(tatweel, harakat and invisible formatting characters such as directional marks
removed), so ``ثانـيا -``, ``جِيم -`` or ``أولا\u200f -`` is still a marker; spans
are taken on the line as written.

A text that stops in the middle of a unit (its last unit has no closing
``.``/``؟``/``!``) or right after a heading is taken to be truncated and
rejected with a :class:`ReportError` naming the last line and the unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from builder.arabic.numbers import LETTER_NAMES, ORDINAL_ADVERBS, abjad_to_latin
from builder.arabic.text import ARABIC_LETTER, COSMETIC_FOLDING, TASHKEEL, clean_text, parse_int, unit_text
from builder.model import Document, Furniture, Part, ReportMetadata, Span, Unit, UnitKind, Unplaced
from builder.reference_data.layout import Layout, load_layout
from builder.source import ReportError, SourceText, header_metadata, metadata_path, resolve_metadata

_DASH = r"[-–—]"
_LEAD = rf"^[ \t]*(?:{_DASH}[ \t]*)?"
# The first ten ordinals and the letter names as patterns of their own, for callers that look for the headings
# of a text of the bundled kind; the segmenter itself reads its markers from the Layout (builder/data/layout/).
RE_CHAPTER = re.compile(
    _LEAD + r"(" + "|".join(ORDINAL_ADVERBS) + rf")[{TASHKEEL}]*[ \t]*" + _DASH + r"[ \t]*(?P<t>\S.*)$"
)
RE_SUBSECTION = re.compile(_LEAD + r"(" + "|".join(LETTER_NAMES) + r")[ \t]*" + _DASH + r"[ \t]*(?P<t>\S.*)$")
RE_PREAMBLE = re.compile(r"^[ \t]*(?:و?إذ\s|إن\s+الدول)")

SENTENCE_END = (".", ":", "؟", "!", "।")
FINAL_END = (".", "؟", "!", "?")  # how the last unit of a complete text ends
_CLOSERS = ")]»\"'”’"
HEADING_MAX = 160  # an unpunctuated line longer than this is prose, not a heading


@dataclass
class _Line:
    start: int  # offset of the line's first character
    end: int  # offset after its last non-blank character
    text: str  # the line, right-stripped, without tatweel and harakat: what the rules look at
    where: Sequence[int]  # offset in the line of each character of ``text`` (a map of the cosmetic folding)

    def content_span(self, m: re.Match[str] | None) -> Span:
        if m is None:
            lead = len(self.text) - len(self.text.lstrip())
            return Span(self.start + self.where[lead], self.end)
        return Span(self.start + self.where[m.start("t")], self.end)


@dataclass
class _Draft:
    kind: UnitKind
    part: Part
    eid: str
    parent: str | None
    span_start: int
    pieces: list[Span]
    number: int | None = None
    label: str | None = None
    section: str | None = None
    heading_path: tuple[str, ...] = ()
    is_preamble: bool = False
    runs_through: bool = False
    annex: str | None = None


@dataclass
class _State:
    part: Part = Part.REPORT
    chapter: str | None = None  # eid of the current chapter/section
    chapter_label: str | None = None
    subsection: str | None = None
    subsection_label: str | None = None
    topic: str | None = None
    subtopic: str | None = None
    heading_texts: dict[str, str] = field(default_factory=dict)
    expected_para: int = 1  # report: runs over the whole report; annex: restarts per section, or runs through
    annex_next: int = 1  # the annex's next paragraph number, were its numbering to run on through its sections
    runs_through: bool = False  # the annex numbers its paragraphs through, not afresh in each section
    lettered_sections: bool = False  # the annex's sections are lettered (ألف، باء …), not numbered by ordinals
    lettered_chapters: bool = False  # the report's chapters are lettered: its first heading was a letter
    annexes: int = 0  # the annex markers seen so far
    annex_label: str | None = None  # the numeral of the current annex, when the report numbers its annexes
    annex_labels: dict[str, int] = field(default_factory=dict)  # how often each annex numeral was seen
    eid_prefix: str = ""  # annex_2__ … in a second or later annex, whose eids would repeat the first one's
    topic_count: int = 0
    unnumbered_topics: int = 0
    recitals: int = 0
    other_headings: int = 0
    list_owner: str | None = None  # eid of the paragraph whose list is open
    list_items: int = 0
    list_last_number: int | None = None
    list_last_item: str | None = None
    list_ended: bool = False  # the paragraph's own sub-item ended with a full stop: the list is over, unless the next
    # line is the sub-item that follows it ((ب) after (أ), (2) after (1))
    list_last_label: str | None = None
    seen_eids: dict[tuple[Part, str], int] = field(default_factory=dict)  # eids are unique within a part


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        plain, where = COSMETIC_FOLDING.fold_with_offsets(stripped)
        if len(plain) != len(stripped):
            plain = plain.rstrip()
            end = pos + where[len(plain) - 1] + 1 if plain else pos + len(stripped)
        else:
            end = pos + len(stripped)
        out.append(_Line(start=pos, end=end, text=plain, where=where))
        pos += len(raw) + 1
    return out


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)


_Kinds = dict[int, tuple[str, re.Match[str] | None]]


@dataclass
class _Segmenter:
    """One walk over the lines of a report: where it is, the units drafted so far and the warnings."""

    path: str
    symbol: str
    source: str
    lines: list[_Line]
    nonblank: list[int]  # indices of the lines that are neither blank nor page furniture
    kinds: _Kinds  # the marker of each of them
    layout: Layout
    furniture: dict[int, str]  # the lines of page furniture: a unit cut by one goes on after it
    st: _State = field(default_factory=_State)
    drafts: list[_Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    after_unplaced: bool = False  # the last line was unplaced: the next one does not continue a unit across it
    last_line: int = -1  # the index of the line placed last
    # each heading's text as a unit stores it (clean_text), made once: every unit below the heading repeats it
    clean_headings: dict[str, str] = field(default_factory=dict)

    # ---- helpers -----------------------------------------------------------------------------

    def path_for(self, *eids: str | None) -> tuple[str, ...]:
        texts = self.st.heading_texts
        return tuple(self.clean_heading(texts[e]) for e in eids if e is not None and e in texts)

    def clean_heading(self, text: str) -> str:
        if text not in self.clean_headings:
            self.clean_headings[text] = clean_text(text)
        return self.clean_headings[text]

    def path_here(self) -> tuple[str, ...]:
        """The headings above a unit at the current place, down to the sub-topic."""
        st = self.st
        return self.path_for(st.chapter, st.subsection, st.topic, st.subtopic)

    def unique(self, eid: str, line_no: int, what: str) -> str:
        st = self.st
        eid = self.scoped(eid)
        n = st.seen_eids.get((st.part, eid), 0) + 1
        st.seen_eids[(st.part, eid)] = n
        if n == 1:
            return eid
        self.warnings.append(f"{self.path}:{line_no}: {what} appears {n} times; kept as {eid}__dup_{n}")
        return f"{eid}__dup_{n}"

    def scoped(self, eid: str) -> str:
        """``eid`` inside the current annex: a second or later annex's eids start with its own (``annex_2__``)."""
        prefix = self.st.eid_prefix
        return eid if eid.startswith(prefix) else prefix + eid

    def add(self, d: _Draft) -> _Draft:
        d.annex = self.st.annex_label if d.part is Part.ANNEX else None
        self.drafts.append(d)
        self.after_unplaced = False
        return d

    def unplace(self, line_no: int, content: Span, why: str) -> None:
        """Keep a line the rules cannot place as it is, outside every unit, and say where it is."""
        text = COSMETIC_FOLDING.fold(self.source[content.start:content.end])
        where = f"{self.symbol} line {line_no} @{content.start}-{content.end}"
        self.unplaced.append(Unplaced(where=where, span=content, line=line_no, text=text))
        self.warnings.append(f"{self.path}:{line_no}: {why}; kept as an unplaced line")
        self.after_unplaced = True

    def prefix(self) -> str:
        # paragraphs are addressed within their chapter/section in the annex, globally in the report
        return f"{self.st.chapter}__" if self.st.part is Part.ANNEX and self.st.chapter else ""

    def close_list(self) -> None:
        st = self.st
        st.list_owner, st.list_items, st.list_last_number, st.list_last_item = None, 0, None, None
        st.list_ended, st.list_last_label = False, None

    def open_list(self, owner: str) -> None:
        st = self.st
        st.list_owner, st.list_items, st.list_last_number = owner, 0, None

    # ---- the walk ----------------------------------------------------------------------------

    def title(self, run: list[int]) -> None:
        """The title block, the lines ``run`` (:func:`_title_run`)."""
        if run:
            lines = self.lines
            self.add(_Draft(UnitKind.TITLE, Part.REPORT, "title", None, lines[run[0]].start,
                            [lines[i].content_span(None) for i in run]))

    def line(self, idx: int) -> None:
        """Place the non-blank line ``idx`` (0-based) according to its marker."""
        line = self.lines[idx]
        kind, m = self.kinds[idx]
        page_break = any(j in self.furniture for j in range(self.last_line + 1, idx))
        self.last_line = idx
        if m is None:  # a plain line
            self.unmarked(line, idx + 1, page_break)
        elif kind == "annex":
            self.annex(line, idx + 1, m)
        elif kind == "chapter":
            self.chapter(line, idx + 1, m, self.layout.numeral("ordinal", m.group("n")) or m.group("n"))
        elif kind == "subsection":
            self.subsection(line, idx + 1, m)
        elif kind == "paragraph":
            self.numbered(idx, line, m)
        else:
            self.lettered(line, idx + 1, m)

    def annex(self, line: _Line, line_no: int, m: re.Match[str]) -> None:
        """An annex marker: the annex component, or the heading of a second or later numbered annex in it."""
        st = self.st
        self.close_list()
        written = m.groupdict().get("n")
        if st.part is Part.ANNEX and st.annexes and (written or st.annex_label):
            # another annex of a report that numbers them: a heading of the annex component, its units apart
            st.annex_label = self.layout.numeral("annex", written) if written else None
            st.eid_prefix = ""
            st.annexes += 1
            eid = self.unique(f"annex_{st.annexes}", line_no, "an annex marker")
            st.eid_prefix = eid + "__"
            self.add(_Draft(UnitKind.HEADING, Part.ANNEX, eid, None, line.start, [line.content_span(None)]))
            st.heading_texts[eid] = line.text.strip()
        else:
            st.annexes += 1
            st.annex_label = self.layout.numeral("annex", written) if written else None
            eid = self.unique("annex_1", line_no, "the annex marker (المرفق)")
            self.add(_Draft(UnitKind.ANNEX, Part.ANNEX, eid, None, line.start, [line.content_span(None)]))
        if st.annex_label is not None:  # a numeral given twice: its paragraph keys repeat, which is said here
            n = st.annex_labels[st.annex_label] = st.annex_labels.get(st.annex_label, 0) + 1
            if n > 1:
                self.warnings.append(f"{self.path}:{line_no}: annex {st.annex_label} appears {n} times")
        st.part, st.chapter, st.subsection, st.topic, st.subtopic = Part.ANNEX, None, None, None, None
        st.chapter_label = st.subsection_label = None
        st.expected_para, st.annex_next, st.runs_through, st.lettered_sections = 1, 1, False, False
        st.topic_count = st.unnumbered_topics = st.recitals = 0

    def chapter(self, line: _Line, line_no: int, m: re.Match[str], numeral: str) -> None:
        """A chapter of the report or a section of the annex, numbered ``numeral`` (Roman, or a Latin letter)."""
        st = self.st
        self.close_list()
        eid = self.unique(("chp_" if st.part is Part.REPORT else "section_") + numeral, line_no, "heading " + numeral)
        kind = UnitKind.CHAPTER if st.part is Part.REPORT else UnitKind.SECTION
        st.chapter, st.chapter_label = eid, numeral
        st.subsection = st.subsection_label = st.topic = st.subtopic = None
        st.topic_count = st.unnumbered_topics = st.recitals = 0
        if st.part is Part.ANNEX and not st.runs_through:
            st.annex_next, st.expected_para = st.expected_para, 1
        self.add(_Draft(kind, st.part, eid, None, line.start, [line.content_span(m)], label=numeral, section=numeral))
        st.heading_texts[eid] = m.group("t")

    def subsection(self, line: _Line, line_no: int, m: re.Match[str]) -> None:
        """A lettered subsection, or a section of an annex whose first heading is lettered (ألف - …)."""
        st = self.st
        letter = self.layout.numeral("letter", m.group("n")) or m.group("n")
        if st.part is Part.ANNEX and (st.chapter is None or st.lettered_sections):
            st.lettered_sections = True
            self.chapter(line, line_no, m, letter)
            return
        if st.part is Part.REPORT and (st.chapter is None or st.lettered_chapters):
            st.lettered_chapters = True  # the report's chapters are lettered, not numbered by ordinals
            self.chapter(line, line_no, m, letter)
            return
        self.close_list()
        eid = self.unique(f"{st.chapter}__subsec_{letter}", line_no, f"subsection {letter}")
        st.subsection, st.subsection_label, st.topic, st.subtopic = eid, letter, None, None
        st.topic_count = 0
        self.add(_Draft(UnitKind.SUBSECTION, st.part, eid, st.chapter, line.start, [line.content_span(m)],
                        label=letter, section=st.chapter_label, heading_path=self.path_for(st.chapter)))
        st.heading_texts[eid] = m.group("t")

    def numbered(self, idx: int, line: _Line, m: re.Match[str]) -> None:
        """A numbered line: an item of the open list, a topic heading of the annex, or a paragraph."""
        st = self.st
        n = parse_int(m.group("n"))
        text = m.group("t")
        if st.list_ended:
            self.close_list()
        if st.list_owner is not None:
            # a list that is open takes the numbers that continue it, and a 1 that starts it
            continues = st.list_last_number is not None and n == st.list_last_number + 1 \
                and (n != st.expected_para or _number_recurs(n, idx, self.nonblank, self.kinds))
            starts = st.list_items == 0 and n == 1 and n != st.expected_para
            if continues or starts:
                st.list_items += 1
                st.list_last_number = n
                eid = f"{st.list_owner}__item_{n}"
                st.list_last_item = eid
                self.add(_Draft(UnitKind.LIST_ITEM, st.part, eid, st.list_owner, line.start, [line.content_span(m)],
                                number=n, label=str(n), section=st.chapter_label, heading_path=self.path_here()))
                return
        self.close_list()
        if st.part is Part.ANNEX and _is_topic(n, text, st, idx, self.nonblank, self.kinds):
            self.topic(idx + 1, line, m, n)
        else:
            self.paragraph(idx + 1, line, m, n)

    def topic(self, line_no: int, line: _Line, m: re.Match[str], n: int) -> None:
        st = self.st
        st.topic_count = n
        parent = st.subsection or st.chapter
        eid = self.unique(f"{parent}__topic_{n}", line_no, f"topic heading {n}")
        st.topic, st.subtopic = eid, None
        self.add(_Draft(UnitKind.TOPIC, st.part, eid, parent, line.start, [line.content_span(m)], number=n,
                        label=str(n), section=st.chapter_label, heading_path=self.path_for(st.chapter, st.subsection)))
        st.heading_texts[eid] = m.group("t")

    def paragraph(self, line_no: int, line: _Line, m: re.Match[str], n: int) -> None:
        st = self.st
        if st.part is Part.ANNEX and st.chapter is not None and not st.runs_through and st.expected_para == 1 \
                and 1 < st.annex_next == n:
            # the first paragraph of a later section carries on the numbering of the one before: the
            # outcome document numbers its paragraphs through, not afresh in each section
            st.runs_through, st.expected_para = True, n
        if n != st.expected_para:
            where = f"section {st.chapter_label}" if st.part is Part.ANNEX else "the report"
            self.warnings.append(
                f"{self.path}:{line_no}: paragraph {n} of {where} where {st.expected_para} was expected"
            )
        eid = self.unique(f"{self.prefix()}para_{n}", line_no, f"paragraph {n}")
        parent = st.subtopic or st.topic or st.subsection or st.chapter
        d = self.add(_Draft(UnitKind.PARAGRAPH, st.part, eid, parent, line.start, [line.content_span(m)], number=n,
                            label=str(n), section=st.chapter_label, heading_path=self.path_here(),
                            runs_through=st.part is Part.ANNEX and st.chapter is None))
        st.expected_para = max(st.expected_para, n + 1)
        if m.group("t").rstrip().endswith(":"):
            self.open_list(d.eid)

    def lettered(self, line: _Line, line_no: int, m: re.Match[str]) -> None:
        """A line opened by (أ)، (ب) …: an item of the open list, or a sub-topic heading."""
        st = self.st
        letter = abjad_to_latin(m.group("n")) or self.layout.numeral("subitem", m.group("n")) or m.group("n")
        if st.list_ended and not _follows(st.list_last_label, letter):
            self.close_list()
        if st.list_owner is not None:
            owner = st.list_last_item or st.list_owner
            # the last of a paragraph's own sub-items ends with a full stop (sub-items of a numbered item
            # of a list end theirs so too, and the numbered list goes on after them)
            st.list_ended = owner == st.list_owner and m.group("t").rstrip().endswith(FINAL_END)
            st.list_last_label = letter
            self.add(_Draft(UnitKind.LIST_ITEM, st.part, f"{owner}__item_{letter}", owner, line.start,
                            [line.content_span(m)], label=letter, section=st.chapter_label,
                            heading_path=self.path_here()))
            return
        parent = st.topic or st.subsection or st.chapter
        eid = self.unique(f"{parent}__subtopic_{letter}", line_no, f"sub-heading ({letter})")
        st.subtopic = eid
        self.add(_Draft(UnitKind.SUBTOPIC, st.part, eid, parent, line.start, [line.content_span(m)], label=letter,
                        section=st.chapter_label, heading_path=self.path_for(st.chapter, st.subsection, st.topic)))
        st.heading_texts[eid] = m.group("t")

    def unmarked(self, line: _Line, line_no: int, page_break: bool) -> None:
        """A line without a marker: the rest of the previous unit, a list item, or a unit of its own.

        ``page_break``: page furniture stands between this line and the one before.
        """
        st = self.st
        content = line.content_span(None)
        text = line.text.strip()
        prev = self.drafts[-1] if self.drafts and not self.after_unplaced else None
        if prev is not None and _continues(prev, self.source, text, st, page_break):
            prev.pieces.append(content)
            if prev.eid in st.heading_texts:
                st.heading_texts[prev.eid] += " " + text
            if prev.kind is UnitKind.PARAGRAPH and text.endswith(":"):
                self.open_list(prev.eid)
            return
        if st.list_ended:
            self.close_list()
        if st.list_owner is not None:
            st.list_items += 1
            eid = f"{st.list_owner}__item_{st.list_items}"
            self.add(_Draft(UnitKind.LIST_ITEM, st.part, eid, st.list_owner, line.start, [content],
                            section=st.chapter_label, heading_path=self.path_here()))
            return
        self.unnumbered(line_no, line.start, content, text)

    def unnumbered(self, line_no: int, start: int, content: Span, text: str) -> None:
        """A unit without a number: the annex title, a preambular clause, a heading, or a chapeau."""
        st = self.st
        scope = st.subsection or st.chapter
        if not re.search(ARABIC_LETTER, text):
            self.unplace(line_no, content, "a line without a word, neither heading nor text")
            return
        if st.part is Part.ANNEX and st.chapter is None and not _ends_sentence(text):
            eid = self.unique("title", line_no, "title")
            self.add(_Draft(UnitKind.HEADING, st.part, eid, None, start, [content]))
            st.heading_texts[eid] = text
            return
        heading_path = self.path_for(st.chapter, st.subsection)
        if RE_PREAMBLE.match(text) and not (text.startswith("إن") and len(text) < 20) and not text.endswith("."):
            st.recitals += 1
            eid = f"{scope}__recital_{st.recitals}" if scope else f"recital_{st.recitals}"
            self.add(_Draft(UnitKind.PREAMBLE, st.part, eid, scope, start, [content], section=st.chapter_label,
                            heading_path=heading_path, is_preamble=True))
            return
        if not _ends_sentence(text) and not text.endswith("،") and len(text) <= HEADING_MAX:
            under = f"{scope}__" if scope else ""  # a heading above every chapter is keyed by its count alone
            if st.part is Part.ANNEX:
                st.unnumbered_topics += 1
                eid = self.unique(f"{under}hdg_{st.unnumbered_topics}", line_no, "heading")
                st.topic, st.subtopic = eid, None
                self.add(_Draft(UnitKind.TOPIC, st.part, eid, scope, start, [content], section=st.chapter_label,
                                heading_path=heading_path))
            else:
                st.other_headings += 1
                eid = self.unique(f"{under}hdg_{st.other_headings}", line_no, "heading")
                self.add(_Draft(UnitKind.HEADING, st.part, eid, scope, start, [content], section=st.chapter_label,
                                heading_path=heading_path))
                st.topic = eid
            st.heading_texts[eid] = text
            return
        # prose without a marker: the chapeau of a section of the annex, once; anywhere else it has no place
        eid = f"{scope}__intro" if scope else "intro"
        if st.part is not Part.ANNEX or st.subsection is not None:
            self.unplace(line_no, content, "text without a number outside the introduction of a section")
            return
        if (st.part, eid) in st.seen_eids:
            self.unplace(line_no, content, f"text without a number after the introduction of {scope or 'the annex'}")
            return
        eid = self.unique(eid, line_no, "introductory text")
        self.add(_Draft(UnitKind.CHAPEAU, st.part, eid, scope, start, [content], section=st.chapter_label,
                        heading_path=heading_path))


def segment(src: SourceText, metadata: ReportMetadata, layout: Layout | None = None) -> Document:
    """Cut a decoded report into units. Raises :class:`ReportError` if it has no structure.

    ``layout`` is the page furniture and the numbering to recognise, loaded once per build
    (:func:`~builder.reference_data.layout.load_layout`; loaded here when not given).
    """
    layout = layout if layout is not None else load_layout()
    lines = _lines(src.text)
    nonblank = [i for i, ln in enumerate(lines) if ln.text.strip()]
    first = _first_body_line(lines, nonblank, layout)
    if first is None:
        raise ReportError(f"{src.path}: no chapter heading (أولا - …) and no numbered paragraph found;"
                          " is this a report of the PoA family?")
    furniture = {i: kind for i in nonblank
                 if (kind := layout.furniture_kind(lines[i].text, front=i < first)) is not None}
    body = [i for i in nonblank if i not in furniture]
    title = _title_run(lines, body, first, furniture)
    if title:  # a running header may repeat the title: furniture too, now that the title is known
        titled = layout.for_title(" ".join(lines[i].text.strip() for i in title))
        furniture.update({i: kind for i in body
                          if i >= first and (kind := titled.furniture_kind(lines[i].text, front=False)) is not None})
        body = [i for i in body if i not in furniture]
    kinds = {i: layout.classify(lines[i].text) for i in body}
    walk = _Segmenter(src.path, metadata.symbol, src.text, lines, body, kinds, layout, furniture)
    walk.title(title)
    for idx in body:
        if idx >= first:
            walk.line(idx)
        elif idx not in title:
            furniture[idx] = "front-matter"  # the masthead, the meeting's name, place and dates
    if walk.st.runs_through:  # known from the second section on: the first section's paragraphs too
        for d in walk.drafts:
            d.runs_through = d.runs_through or (d.part is Part.ANNEX and d.kind is UnitKind.PARAGRAPH)
    units = tuple(_finish(d, src.text, i) for i, d in enumerate(walk.drafts))
    if not any(u.kind is UnitKind.PARAGRAPH for u in units):
        raise ReportError(f"{src.path}: no numbered paragraph found")
    _check_complete(src.path, body[-1] + 1, units[-1])
    return Document(path=src.path, source=src.text, metadata=metadata, units=units, warnings=tuple(walk.warnings),
                    furniture=tuple(Furniture(kind, lines[i].content_span(None), i + 1)
                                    for i, kind in sorted(furniture.items())),
                    unplaced=tuple(walk.unplaced))


def _first_body_line(lines: list[_Line], nonblank: list[int], layout: Layout) -> int | None:
    """The line the report's body starts with: its first chapter heading (an ordinal, a Roman numeral, a letter).

    A report whose chapters are not numbered starts with its first numbered paragraph, or with the
    heading right above it when that heading stands apart (a blank line) from the title block.
    """
    candidates = [i for i in nonblank if layout.furniture_kind(lines[i].text, front=False) is None]
    levels = {i: layout.classify(lines[i].text)[0] for i in candidates}
    heading = next((i for i in candidates if levels[i] in ("chapter", "subsection")), None)
    if heading is not None:
        return heading
    para = next((i for i in candidates if levels[i] == "paragraph"), None)
    if para is None:
        return None
    above = [i for i in candidates if i < para]
    if len(above) >= 2 and not lines[above[-1] - 1].text.strip() and re.search(ARABIC_LETTER, lines[above[-2]].text):
        text = lines[above[-1]].text.strip()
        if re.search(ARABIC_LETTER, text) and not _ends_sentence(text) and len(text) <= HEADING_MAX:
            return above[-1]
    return para


def _title_run(lines: list[_Line], body: list[int], first: int, furniture: dict[int, str]) -> list[int]:
    """The title block: the last run of consecutive lines with Arabic letters before the body's first line.

    Lines of page furniture between two of its lines do not break the run.
    """
    title_lines = [i for i in body if i < first and re.search(ARABIC_LETTER, lines[i].text)]
    if not title_lines:
        return []
    run = [title_lines[-1]]
    for i in reversed(title_lines[:-1]):
        if all(j in furniture for j in range(i + 1, run[0])):
            run.insert(0, i)
        else:
            break
    return run


def _check_complete(path: str, last_line: int, last: Unit) -> None:
    """Reject a text that stops inside its last unit or right after a heading (a truncated file)."""
    where = "the report" if last.part is Part.REPORT else "the annex"
    if last.section is not None:
        where = f"{'chapter' if last.part is Part.REPORT else 'section'} {last.section} of {where}"
    if last.kind in (UnitKind.CHAPTER, UnitKind.SECTION, UnitKind.SUBSECTION, UnitKind.TOPIC, UnitKind.SUBTOPIC,
                     UnitKind.HEADING, UnitKind.ANNEX, UnitKind.TITLE):
        raise ReportError(f"{path}:{last_line}: the text ends with a heading and nothing under it, in {where};"
                          " is the file truncated?")
    if last.text.rstrip(_CLOSERS + " ").endswith(FINAL_END):
        return
    what = {UnitKind.PARAGRAPH: f"paragraph {last.number}", UnitKind.LIST_ITEM: "a list item",
            UnitKind.PREAMBLE: "a preambular clause", UnitKind.CHAPEAU: "an introductory text"}[last.kind]
    raise ReportError(f"{path}:{last_line}: the text stops in the middle of {what} in {where}"
                      " (no closing punctuation); is the file truncated?")


def _number_recurs(n: int, idx: int, nonblank: list[int], kinds: _Kinds) -> bool:
    """Whether a later numbered line of the same part carries the number ``n`` too."""
    for j in nonblank[nonblank.index(idx) + 1:]:
        kind, m = kinds[j]
        if kind == "annex":
            return False
        if kind == "paragraph" and m is not None and parse_int(m.group("n")) == n:
            return True
    return False


def _is_topic(n: int, text: str, st: _State, idx: int, nonblank: list[int], kinds: _Kinds) -> bool:
    """A numbered line in the annex is a topic heading, not a paragraph (see module docstring)."""
    if n != st.topic_count + 1 or _ends_sentence(text) or text.endswith(("؛", "،")):
        return False
    pos = nonblank.index(idx)
    nxt = kinds[nonblank[pos + 1]][0] if pos + 1 < len(nonblank) else "end"
    if nxt not in ("paragraph", "subitem", "subsection", "chapter", "end"):
        return False  # the text goes on after a page break: a paragraph
    if n != st.expected_para:
        return True
    # the number fits both counts: a heading is followed by a paragraph with the same number or a (أ)
    if nxt == "subitem":
        return True
    m = kinds[nonblank[pos + 1]][1]
    return m is not None and nxt == "paragraph" and parse_int(m.group("n")) == st.expected_para


def _follows(before: str | None, label: str) -> bool:
    """Whether the sub-item ``label`` comes right after ``before`` (``b`` after ``a``, ``2`` after ``1``)."""
    if before is None:
        return False
    if before.isdigit() and label.isdigit():
        return int(label) == int(before) + 1
    return len(before) == len(label) == 1 and ord(label) == ord(before) + 1


def _continues(prev: _Draft, source: str, text: str, st: _State, page_break: bool) -> bool:
    """Whether a marker-less line carries on the previous unit across a page break.

    An item of a list goes on after a comma or a semicolon, or after page furniture when it has not
    ended its sentence (a list of States cut in the middle of a name by the foot of a page).
    """
    last = prev.pieces[-1]
    before = COSMETIC_FOLDING.fold(source[last.start:last.end]).rstrip()
    if prev.kind in (UnitKind.TITLE, UnitKind.ANNEX, UnitKind.HEADING) and prev.eid == "title":
        return False
    if prev.kind is UnitKind.HEADING and prev.part is Part.ANNEX and prev.parent is None:
        return False  # the marker of a later annex, or an annex's title: the next line is a unit of its own
    if prev.kind in (UnitKind.CHAPTER, UnitKind.SECTION, UnitKind.SUBSECTION, UnitKind.TOPIC,
                     UnitKind.SUBTOPIC, UnitKind.HEADING):
        # a heading goes on only with words that do not end a sentence themselves
        return not _ends_sentence(text) and not text.endswith("،") and not RE_PREAMBLE.match(text) \
            and not _ends_sentence(before) and len(text) <= HEADING_MAX
    if prev.kind is UnitKind.ANNEX:
        return False
    if _ends_sentence(before):
        return False
    if before.endswith("،") and (prev.is_preamble or RE_PREAMBLE.match(text)):
        return False
    if prev.kind is UnitKind.LIST_ITEM and st.list_owner is not None:
        return before.endswith(("،", "؛")) or page_break
    return True


def _finish(d: _Draft, source: str, order: int) -> Unit:
    text, offsets = unit_text(source, d.pieces)
    span = Span(d.span_start, d.pieces[-1].end)
    heading = text if d.kind in (UnitKind.CHAPTER, UnitKind.SECTION, UnitKind.SUBSECTION, UnitKind.TOPIC,
                                 UnitKind.SUBTOPIC, UnitKind.HEADING, UnitKind.TITLE) else None
    return Unit(kind=d.kind, part=d.part, eid=d.eid, parent=d.parent, text=text, span=span,
                pieces=tuple(d.pieces), number=d.number, label=d.label, heading=heading, section=d.section,
                heading_path=d.heading_path, order=order, offsets=offsets, runs_through=d.runs_through,
                annex=d.annex)


def first_body_line(text: str, layout: Layout | None = None) -> int:
    """Index of the line the report's body starts with (the header ends before it); 0 when none is found."""
    layout = layout if layout is not None else load_layout()
    lines = _lines(text)
    first = _first_body_line(lines, [i for i, ln in enumerate(lines) if ln.text.strip()], layout)
    return first or 0


def segment_file(path: Path, symbol: str | None = None, layout: Layout | None = None) -> Document:
    """Read, decode and segment a report file, taking metadata from its header, its metadata file or ``symbol``.

    ``layout`` is the build's page furniture (:attr:`~builder.reference_data.References.layout`).
    """
    from builder.source import read_report

    src = read_report(path)
    layout = layout if layout is not None else load_layout()
    header = header_metadata(src.text, first_body_line(src.text, layout))
    meta = resolve_metadata(str(path), header, metadata_path(path), symbol)
    return segment(src, meta, layout)

