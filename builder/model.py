"""Domain types shared by the pipeline stages.

Every stage is a plain function from these types to these types:

    segment   text            -> Document (units with exact spans)
    extract   Document        -> facts (mentions, votes, participation, commitments)
    resolve   surface forms   -> Resolution (entity key, rule, score)
    emit      Document+facts  -> rdflib.Dataset
    validate  graph           -> ValidationResult
    publish   graph           -> files, site, remote endpoint

Offsets are Python string indices (code points) into the decoded source text,
end-exclusive, so ``source[span.start:span.end]`` is the exact surface text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` in the source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")


class UnitKind(StrEnum):
    """What a segment of the report is, structurally."""

    TITLE = "title"  # the report's title block
    CHAPTER = "chapter"  # a chapter of the report (أولا - مقدمة)
    SECTION = "section"  # a section of the outcome document (أولا - إعلان عام ٢٠١٨)
    SUBSECTION = "subsection"  # a lettered subsection (ألف، باء ...)
    TOPIC = "topic"  # a numbered or unnumbered topic heading inside a (sub)section
    SUBTOPIC = "subtopic"  # an (أ)/(ب) sub-heading
    HEADING = "heading"  # any other heading (annex title, report sub-heading)
    CHAPEAU = "chapeau"  # the introductory text of a section
    PREAMBLE = "preamble"  # one preambular clause (إذ تؤكد ...)
    PARAGRAPH = "paragraph"  # a numbered paragraph
    LIST_ITEM = "list_item"  # an item of a list that belongs to a paragraph
    ANNEX = "annex"  # the annex marker (المرفق)


class Part(StrEnum):
    """Which document a unit belongs to."""

    REPORT = "report"
    ANNEX = "annex"


@dataclass(frozen=True)
class Unit:
    """One structural unit of the report, with its exact place in the source.

    ``text`` is normalised (no tatweel or vowel marks, Arabic-Indic digits, page
    breaks joined by one space); ``offsets`` maps each of its characters back to
    the source, and :meth:`source_span` turns a span of ``text`` into a source span.

    ``eid`` is the Akoma Ntoso-style identifier of the unit inside its
    component (``para_15``, ``section_II__para_26``); ``parent`` is the eid of
    the enclosing unit or ``None`` for a top-level unit of its component.
    ``pieces`` lists the spans that were joined (text broken by a page break
    has two or more); ``span`` runs from the first to the last of them.
    """

    kind: UnitKind
    part: Part
    eid: str
    parent: str | None
    text: str
    span: Span
    pieces: tuple[Span, ...]
    number: int | None = None
    label: str | None = None  # the numeral as written in Latin form (II, B, 3, a)
    heading: str | None = None  # the heading text for headings
    section: str | None = None  # numeral of the enclosing section/chapter: Roman (II), or Latin for a letter (B)
    heading_path: tuple[str, ...] = ()  # texts of the headings above, outermost first
    order: int = 0  # document order, 0-based
    offsets: tuple[int, ...] = ()  # source offset of each character of ``text``
    runs_through: bool = False  # an annex paragraph numbered through the annex, not afresh in its section
    annex: str | None = None  # the numeral of its annex when the report numbers its annexes (المرفق الثاني: II)

    def source_span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]`` (text is normalised; see builder.arabic.text.unit_text)."""
        if not 0 <= start < end <= len(self.offsets):
            raise ValueError(f"{self.eid}: no text at {start}..{end}")
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    @property
    def ref(self) -> str | None:
        """The citation key of a numbered paragraph: ``15``, ``II.26`` or ``B.7``.

        An annex paragraph numbered afresh in each section is keyed by the section's
        numeral (Roman for an ordinal, Latin for a letter name) and its number; one numbered
        through the annex, or in an annex without sections, by its number alone. When the
        report numbers its annexes (المرفق الأول، المرفق الثاني), the annex's numeral and a
        colon come first: ``I:II.26``, ``II:3``.
        """
        if self.kind is not UnitKind.PARAGRAPH or self.number is None:
            return None
        if self.part is Part.REPORT:
            return str(self.number)
        key = str(self.number) if self.section is None or self.runs_through else f"{self.section}.{self.number}"
        return f"{self.annex}:{key}" if self.annex else key


@dataclass(frozen=True)
class ReportMetadata:
    """What the text itself may lack, read from the header or a metadata file."""

    symbol: str
    language: str = "ar"
    original_language: str | None = None
    date: str | None = None  # ISO date of issue
    title: str | None = None


@dataclass(frozen=True)
class Furniture:
    """A line of the printed page that is not the report's text: a footer, a running header, the masthead.

    It is in no unit (a unit it fell into is cut in two pieces around it) and is kept
    here with its span, so that every character of the source is accounted for.
    """

    kind: str  # the layout pattern that named it (job-number, page-number …), or front-matter
    span: Span
    line: int  # 1-based line number


@dataclass(frozen=True)
class Unplaced:
    """A line the segmenter could not place: neither heading, paragraph, list item nor page furniture.

    It is kept with its span and its text (as written, the cosmetic characters left out), never
    made into a paragraph, and listed in the build report so that a reader can see what was left out.
    """

    where: str  # "{symbol} line {n} @{start}-{end}": the report, the line and the source span
    span: Span
    line: int  # 1-based line number
    text: str

    def as_json(self) -> dict[str, str]:
        return {"where": self.where, "text": self.text}


@dataclass(frozen=True)
class Document:
    """A segmented report: its source text, metadata and units in document order.

    ``furniture`` and ``unplaced`` hold, in document order, the lines that are in no unit:
    page furniture, and what the segmenter could not place.
    """

    path: str
    source: str
    metadata: ReportMetadata
    units: tuple[Unit, ...]
    warnings: tuple[str, ...] = ()
    furniture: tuple[Furniture, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()

    def paragraphs(self) -> list[Unit]:
        return [u for u in self.units if u.kind is UnitKind.PARAGRAPH]

    def by_eid(self) -> dict[str, Unit]:
        return {u.eid: u for u in self.units}


@dataclass(frozen=True)
class Decision:
    """How a surface form was turned into an entity: the rule and how sure it is."""

    rule: str  # e.g. "exact", "fuzzy", "list-exclusion", "context:interpol"
    confidence: float  # 0..1
    note: str | None = None


@dataclass(frozen=True)
class Mention:
    """A reference in the text to something outside it, with provenance."""

    unit_eid: str
    span: Span
    surface: str
    target_key: str  # stable key of the target: "S/RES/2370 (2017)", "SDG 16.4", ...
    target_type: str  # "document", "ga-resolution", "sc-resolution", "sdg-target", ...
    decision: Decision
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NameIssue:
    """A name the resolver could not place, or placed with too little margin to trust (flagged for review)."""

    where: str  # "{symbol} {unit eid} @{start}-{end}": the report, the unit and the source span
    surface: str  # the name as the text writes it
    reason: str  # why it was not resolved, or why the decision is doubtful
    candidates: str  # the best candidates with their scores, "; "-separated ("" when there were none)

    def as_json(self) -> dict[str, str]:
        return {"where": self.where, "surface": self.surface, "reason": self.reason, "candidates": self.candidates}


@dataclass(frozen=True)
class Issues:
    """What a stage met but could not settle, returned with its result rather than written into a shared report.

    The pipeline adds up the issues of every stage, in stage order, into the build report.
    """

    warnings: tuple[str, ...] = ()
    unresolved: tuple[NameIssue, ...] = ()
    flagged: tuple[NameIssue, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()  # lines of the text the segmenter could not place

    def __add__(self, other: Issues) -> Issues:
        return Issues(self.warnings + other.warnings, self.unresolved + other.unresolved,
                      self.flagged + other.flagged, self.unplaced + other.unplaced)


@dataclass
class BuildReport:
    """Counts, warnings and what could not be resolved, for ``build-report.json``."""

    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unresolved: list[dict[str, str]] = field(default_factory=list)
    flagged: list[dict[str, str]] = field(default_factory=list)
    unplaced: list[dict[str, str]] = field(default_factory=list)  # written only when there are some

    def record(self, counts: Mapping[str, int], issues: Issues) -> None:
        """Add one report's counts and issues (after those of the reports before it)."""
        self.counts.update(counts)
        self.warnings.extend(issues.warnings)
        self.unresolved.extend(i.as_json() for i in issues.unresolved)
        self.flagged.extend(i.as_json() for i in issues.flagged)
        self.unplaced.extend(u.as_json() for u in issues.unplaced)
