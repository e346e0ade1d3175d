"""Emit the report's structure: documents, components and every unit with its span."""

from __future__ import annotations

import hashlib
import re

import pyoxigraph as ox

from builder.arabic.numbers import LETTER_NAMES, ORDINAL_ADVERBS, latin_to_abjad
from builder.arabic.text import to_arabic_indic_digits
from builder.dataset import NamedGraph
from builder.iri import Iris, undocs_link
from builder.model import Document, Part, Unit, UnitKind
from builder.vocab import DCTERMS, OA, POA, PROV, RDF, RDFS, XSD, integer, plain, text, typed

UNIT_CLASS = {
    UnitKind.TITLE: POA.Heading,
    UnitKind.CHAPTER: POA.Chapter,
    UnitKind.SECTION: POA.Section,
    UnitKind.SUBSECTION: POA.Subsection,
    UnitKind.TOPIC: POA.TopicHeading,
    UnitKind.SUBTOPIC: POA.Subtopic,
    UnitKind.HEADING: POA.Heading,
    UnitKind.CHAPEAU: POA.Chapeau,
    UnitKind.PREAMBLE: POA.PreambularClause,
    UnitKind.PARAGRAPH: POA.Paragraph,
    UnitKind.LIST_ITEM: POA.ListItem,
}

# How a label names one step of a unit's place, in English and in Arabic, by kind: the word before the
# numeral ("" for a subsection or a lettered item, named by its numeral alone). The Arabic words are those
# the UN's Arabic texts use when they cite a part of a document (الفقرة ١٨ من الفرع الثاني).
STEP_WORDS: dict[UnitKind, tuple[str, str]] = {
    UnitKind.TITLE: ("title", "العنوان"),
    UnitKind.CHAPTER: ("chapter", "الفصل"),
    UnitKind.SECTION: ("section", "الفرع"),
    UnitKind.SUBSECTION: ("", ""),
    UnitKind.TOPIC: ("topic", "الموضوع"),
    UnitKind.SUBTOPIC: ("", ""),
    UnitKind.HEADING: ("heading", "العنوان"),
    UnitKind.CHAPEAU: ("introductory text", "النص الاستهلالي"),
    UnitKind.PREAMBLE: ("preambular paragraph", "فقرة الديباجة"),
    UnitKind.PARAGRAPH: ("paragraph", "الفقرة"),
    UnitKind.LIST_ITEM: ("item", "البند"),
}
OUTCOME_DOCUMENT = ("outcome document", "الوثيقة الختامية")
_ROMAN_TO_ADVERB = {latin: adverb for adverb, latin in ORDINAL_ADVERBS.items()}
_LATIN_TO_LETTER_NAME = {latin: name for name, latin in LETTER_NAMES.items()}
_EID_NUMBER = re.compile(r"[a-z]+_([0-9]+)")

# The terms of the per-unit triples, made once: an attribute of a vocabulary mints a new NamedNode on every access.
_TYPE = RDF.type
_LABEL = RDFS.label
_IS_PART_OF = DCTERMS.isPartOf
_DERIVED_FROM = PROV.wasDerivedFrom
_OFFSET = XSD.nonNegativeInteger
_EID = POA.eId
_ORDER = POA.order
_TEXT = POA.text
_IN_DOCUMENT = POA.isPartOfDocument
_NUMBER = POA.number
_NUMERAL = POA.numeral
_SECTION_NUMERAL = POA.sectionNumeral
_HEADING_PATH = POA.headingPath
_REF = POA.ref
_NUMBERING_SCOPE = POA.numberingScope
_HEADING = POA.heading
_SOURCE_SPAN = POA.sourceSpan
_SOURCE_TEXT = POA.sourceText
_PIECE_COUNT = POA.pieceCount
_SELECTOR = OA.TextPositionSelector
_START = OA.start
_END = OA.end


def unit_iri(iris: Iris, unit: Unit) -> ox.NamedNode:
    return iris.unit(unit.eid, unit.part is Part.ANNEX)


class UnitIris:
    """:func:`unit_iri`, remembered per unit for one emitter call.

    ``Iris.unit`` derives the report's IRIs from its symbol again (three regular
    expression substitutions) on every call, and an emitter asks for the same
    units over and over (a paragraph has dozens of mentions).
    """

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self._memo: dict[tuple[str, bool], ox.NamedNode] = {}

    def of(self, eid: str, in_annex: bool) -> ox.NamedNode:
        """``iris.unit(eid, in_annex)``."""
        key = (eid, in_annex)
        iri = self._memo.get(key)
        if iri is None:
            iri = self._memo[key] = self.iris.unit(eid, in_annex)
        return iri

    def __call__(self, unit: Unit) -> ox.NamedNode:
        """``unit_iri(iris, unit)``."""
        return self.of(unit.eid, unit.part is Part.ANNEX)


def unit_iris(iris: Iris, doc: Document) -> dict[tuple[Part, str], ox.NamedNode]:
    """(part, eid) → IRI for every unit (the annex marker maps to the annex component).

    eids are unique within a component only (the report and the annex both have a ``title``).
    """
    out: dict[tuple[Part, str], ox.NamedNode] = {}
    for u in doc.units:
        out[(u.part, u.eid)] = iris.annex if u.kind is UnitKind.ANNEX else unit_iri(iris, u)
    return out


def emit_structure(doc: Document, iris: Iris, g: NamedGraph) -> None:
    """Add the report, its two components and all units to ``g``."""
    _emit_report(doc, iris, g)
    iri_of = unit_iris(iris, doc)
    units = {(u.part, u.eid): u for u in doc.units}
    for u in doc.units:
        if u.kind is UnitKind.ANNEX:
            _span(g, iris.annex, u, iris.source)
        else:
            _emit_unit(doc, iris, g, u, iri_of, units)


def _emit_report(doc: Document, iris: Iris, g: NamedGraph) -> None:
    """The report as a work, its Arabic expression, its body, its source text and, if it has one, its annex."""
    meta = doc.metadata
    work, expr, main, annex, source = iris.work, iris.expression, iris.main, iris.annex, iris.source
    lang = meta.language

    g.add((work, RDF.type, POA.Report))
    g.add((work, DCTERMS.identifier, plain(meta.symbol)))
    g.add((work, RDFS.label, text(f"{meta.symbol}", "en")))
    g.add((work, RDFS.seeAlso, undocs_link(meta.symbol)))
    g.add((work, POA.hasExpression, expr))
    if meta.title:
        g.add((work, DCTERMS.title, text(meta.title, "en")))
    if meta.date:
        g.add((work, DCTERMS.date, typed(meta.date, XSD.date)))
    if meta.original_language:
        g.add((work, POA.originalLanguage, plain(meta.original_language)))

    g.add((expr, RDF.type, POA.Expression))
    g.add((expr, RDFS.label, text(f"{meta.symbol} ({lang})", "en")))
    g.add((expr, DCTERMS.language, plain(lang)))
    g.add((expr, POA.realizes, work))
    g.add((expr, DCTERMS.hasPart, main))
    g.add((expr, RDFS.seeAlso, ox.NamedNode(f"https://undocs.org/{lang}/{meta.symbol}")))

    g.add((main, RDF.type, POA.ReportBody))
    g.add((main, RDFS.label, text(f"{meta.symbol}, body of the report", "en")))
    g.add((main, DCTERMS.isPartOf, expr))

    g.add((source, RDF.type, POA.SourceText))
    g.add((source, RDFS.label, text(f"{meta.symbol}: source text ({doc.path.rsplit('/', 1)[-1]})", "en")))
    g.add((source, POA.characterCount, integer(len(doc.source))))
    g.add((source, POA.sha256, plain(hashlib.sha256(doc.source.encode("utf-8")).hexdigest())))
    g.add((source, DCTERMS.format, plain("text/plain; charset=utf-8")))
    g.add((expr, PROV.wasDerivedFrom, source))

    has_annex = any(u.kind is UnitKind.ANNEX for u in doc.units)
    if has_annex:
        g.add((annex, RDF.type, POA.Annex))
        g.add((annex, RDF.type, POA.OutcomeDocument))
        g.add((annex, RDFS.label, text(f"{meta.symbol}, annex: outcome document", "en")))
        g.add((annex, DCTERMS.isPartOf, main))
        g.add((main, DCTERMS.hasPart, annex))


def _emit_unit(doc: Document, iris: Iris, g: NamedGraph, u: Unit, iri_of: dict[tuple[Part, str], ox.NamedNode],
               units: dict[tuple[Part, str], Unit]) -> None:
    """One structural unit: its type, place in the hierarchy, number, text, label and source span."""
    lang, main, annex, source = doc.metadata.language, iris.main, iris.annex, iris.source
    s = iri_of[(u.part, u.eid)]
    component = annex if u.part is Part.ANNEX else main
    parent = iri_of[(u.part, u.parent)] if u.parent is not None else component
    unit_text = text(u.text, lang)
    g.add((s, _TYPE, UNIT_CLASS[u.kind]))
    g.add((s, _EID, plain(u.eid)))
    g.add((s, _ORDER, integer(u.order)))
    g.add((s, _TEXT, unit_text))
    g.add((s, _IS_PART_OF, parent))
    g.add((s, _IN_DOCUMENT, component))
    if u.number is not None:
        g.add((s, _NUMBER, integer(u.number)))
    if u.label is not None:
        g.add((s, _NUMERAL, plain(u.label)))
    if u.section is not None:
        g.add((s, _SECTION_NUMERAL, plain(u.section)))
    if u.heading_path:
        g.add((s, _HEADING_PATH, text(" > ".join(u.heading_path), lang)))
    if u.kind is UnitKind.PARAGRAPH:
        ref = u.ref
        assert ref is not None
        g.add((s, _REF, plain(ref)))
        # numbered within its section, or through the whole annex (its numbering runs on, or it has no sections)
        section = None if u.part is Part.REPORT or u.runs_through else section_of(u, units)
        scope = main if u.part is Part.REPORT else iri_of[(u.part, section)] if section is not None else annex
        g.add((s, _NUMBERING_SCOPE, scope))
    elif u.kind in (UnitKind.CHAPTER, UnitKind.SECTION) or u.heading is not None:
        g.add((s, _HEADING, unit_text))
    english, arabic = unit_labels(doc, u, units)
    g.add((s, _LABEL, text(english, "en")))
    g.add((s, _LABEL, text(arabic, "ar")))
    _span(g, s, u, source)


def section_of(u: Unit, units: dict[tuple[Part, str], Unit]) -> str | None:
    """The eid of the section ``u`` lies in (its nearest section above it), if any.

    Found through the unit's parents, not by its section numeral: a second annex numbers its sections
    again (I, II …), and its paragraph belongs to its own section, not to the first annex's.
    """
    eid = u.parent
    while eid is not None:
        above = units.get((u.part, eid))
        if above is None:
            return None
        if above.kind is UnitKind.SECTION:
            return eid
        eid = above.parent
    return None


def unit_labels(doc: Document, u: Unit, units: dict[tuple[Part, str], Unit]) -> tuple[str, str]:
    """The English and Arabic labels of a unit: its place, step by step (``section II, A, topic 2``).

    A paragraph is named by where it stands and its key (``outcome document, paragraph II.26``), and a
    list item after its paragraph; other units by the steps from their chapter or section down. Each step
    is the kind's word and the unit's numeral as the text writes it: an ordinal adverb for a Roman numeral
    (ثانيا), the name of a letter for a capital (ألف), an abjad letter for a small one ((أ)), Arabic-Indic
    digits for a number; a unit without a numeral (a recital, an unnumbered heading) takes the number of
    its ``eId``. ``units`` are the document's units by part and ``eId``.
    """
    chain = [u]
    while chain[-1].parent is not None and chain[-1].kind is not UnitKind.PARAGRAPH:
        parent = units.get((u.part, chain[-1].parent or ""))
        if parent is None:
            break
        chain.append(parent)
    chain.reverse()
    head: list[tuple[str, str]] = []
    if chain[0].kind is UnitKind.PARAGRAPH:
        head.append(_paragraph_label(doc, chain.pop(0)))
    elif chain[0].kind not in (UnitKind.CHAPTER, UnitKind.SECTION):  # outside any chapter: name the document
        head.append(OUTCOME_DOCUMENT if u.part is Part.ANNEX else (doc.metadata.symbol, doc.metadata.symbol))
    steps = head + [_step(v) for v in chain]
    return ", ".join(en for en, _ in steps), "، ".join(ar for _, ar in steps)


def _paragraph_label(doc: Document, u: Unit) -> tuple[str, str]:
    """``outcome document, paragraph II.26`` / ``الوثيقة الختامية، الفرع ثانيا، الفقرة ٢٦``."""
    where_en, where_ar = OUTCOME_DOCUMENT if u.part is Part.ANNEX else (doc.metadata.symbol, doc.metadata.symbol)
    number = str(u.number) if u.number is not None else (u.label or "")
    in_section = u.part is Part.ANNEX and u.section is not None and not u.runs_through
    section_ar = f"{STEP_WORDS[UnitKind.SECTION][1]} {_numeral_ar(u.section or '')}، " if in_section else ""
    return (f"{where_en}, paragraph {u.ref or number}",
            f"{where_ar}، {section_ar}{STEP_WORDS[UnitKind.PARAGRAPH][1]} {to_arabic_indic_digits(number)}")


def _step(u: Unit) -> tuple[str, str]:
    """One step of a label: the kind's word and the unit's numeral, in English and Arabic."""
    last = u.eid.rsplit("__", 1)[-1]
    word_en, word_ar = STEP_WORDS[UnitKind.TITLE if last == "title" else u.kind]
    numeral = u.label
    if numeral is None:
        m = _EID_NUMBER.fullmatch(last)
        numeral = m.group(1) if m else ""
    if numeral.isalpha() and numeral.islower():  # a lettered item or sub-heading, named by its letter alone
        return f"({numeral})", f"({latin_to_abjad(numeral) or numeral})"
    shown_en, shown_ar = numeral, _numeral_ar(numeral, lettered=u.kind is UnitKind.SUBSECTION)
    en = " ".join(x for x in (word_en, shown_en) if x)
    ar = " ".join(x for x in (word_ar, shown_ar) if x)
    return en, ar


def _numeral_ar(numeral: str, lettered: bool = False) -> str:
    """A numeral as the Arabic text writes it: ``II`` → ثانيا, ``B`` → باء, ``12`` → ١٢.

    A subsection is ``lettered``: its ``I`` is the ninth letter (طاء), not the first ordinal.
    """
    if numeral in _ROMAN_TO_ADVERB and not lettered:
        return _ROMAN_TO_ADVERB[numeral]
    if numeral in _LATIN_TO_LETTER_NAME:
        return _LATIN_TO_LETTER_NAME[numeral]
    return to_arabic_indic_digits(numeral)


def _span(g: NamedGraph, s: ox.NamedNode, u: Unit, source: ox.NamedNode) -> None:
    sel = Iris.selector(s)
    g.add((s, _SOURCE_SPAN, sel))
    g.add((s, _DERIVED_FROM, source))
    g.add((sel, _TYPE, _SELECTOR))
    g.add((sel, _START, integer(u.span.start, _OFFSET)))
    g.add((sel, _END, integer(u.span.end, _OFFSET)))
    g.add((sel, _SOURCE_TEXT, source))
    if len(u.pieces) > 1:
        g.add((sel, _PIECE_COUNT, integer(len(u.pieces))))
