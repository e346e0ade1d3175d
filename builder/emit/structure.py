"""Emit the report's structure: documents, components and every unit with its span."""

from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from builder.iri import OA, POA, Iris, undocs_link
from builder.model import Document, Part, Unit, UnitKind

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

# The terms of the per-unit triples, looked up once: an attribute of the POA namespace mints a new URIRef on every
# access (kept alive by the triple it went into), one of a closed rdflib namespace is a lookup of its own.
_TYPE = RDF.type
_LABEL = RDFS.label
_IS_PART_OF = DCTERMS.isPartOf
_DERIVED_FROM = PROV.wasDerivedFrom
_INTEGER = XSD.integer
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


def unit_iri(iris: Iris, unit: Unit) -> URIRef:
    return iris.unit(unit.eid, unit.part is Part.ANNEX)


class UnitIris:
    """:func:`unit_iri`, remembered per unit for one emitter call.

    ``Iris.unit`` derives the report's IRIs from its symbol again (three regular
    expression substitutions) on every call, and an emitter asks for the same
    units over and over (a paragraph has dozens of mentions).
    """

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self._memo: dict[tuple[str, bool], URIRef] = {}

    def of(self, eid: str, in_annex: bool) -> URIRef:
        """``iris.unit(eid, in_annex)``."""
        key = (eid, in_annex)
        iri = self._memo.get(key)
        if iri is None:
            iri = self._memo[key] = self.iris.unit(eid, in_annex)
        return iri

    def __call__(self, unit: Unit) -> URIRef:
        """``unit_iri(iris, unit)``."""
        return self.of(unit.eid, unit.part is Part.ANNEX)


def unit_iris(iris: Iris, doc: Document) -> dict[tuple[Part, str], URIRef]:
    """(part, eid) → IRI for every unit (the annex marker maps to the annex component).

    eids are unique within a component only (the report and the annex both have a ``title``).
    """
    out: dict[tuple[Part, str], URIRef] = {}
    for u in doc.units:
        out[(u.part, u.eid)] = iris.annex if u.kind is UnitKind.ANNEX else unit_iri(iris, u)
    return out


def emit_structure(doc: Document, iris: Iris, g: Graph) -> None:
    """Add the report, its two components and all units to ``g``."""
    _emit_report(doc, iris, g)
    iri_of = unit_iris(iris, doc)
    for u in doc.units:
        if u.kind is UnitKind.ANNEX:
            _span(g, iris.annex, u, iris.source)
        else:
            _emit_unit(doc, iris, g, u, iri_of)


def _emit_report(doc: Document, iris: Iris, g: Graph) -> None:
    """The report as a work, its Arabic expression, its body, its source text and, if it has one, its annex."""
    meta = doc.metadata
    work, expr, main, annex, source = iris.work, iris.expression, iris.main, iris.annex, iris.source
    lang = meta.language

    g.add((work, RDF.type, POA.Report))
    g.add((work, DCTERMS.identifier, Literal(meta.symbol)))
    g.add((work, RDFS.label, Literal(f"{meta.symbol}", lang="en")))
    g.add((work, RDFS.seeAlso, undocs_link(meta.symbol)))
    g.add((work, POA.hasExpression, expr))
    if meta.title:
        g.add((work, DCTERMS.title, Literal(meta.title, lang="en")))
    if meta.date:
        g.add((work, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
    if meta.original_language:
        g.add((work, POA.originalLanguage, Literal(meta.original_language)))

    g.add((expr, RDF.type, POA.Expression))
    g.add((expr, RDFS.label, Literal(f"{meta.symbol} ({lang})", lang="en")))
    g.add((expr, DCTERMS.language, Literal(lang)))
    g.add((expr, POA.realizes, work))
    g.add((expr, DCTERMS.hasPart, main))
    g.add((expr, RDFS.seeAlso, URIRef(f"https://undocs.org/{lang}/{meta.symbol}")))

    g.add((main, RDF.type, POA.ReportBody))
    g.add((main, RDFS.label, Literal(f"{meta.symbol}, body of the report", lang="en")))
    g.add((main, DCTERMS.isPartOf, expr))

    g.add((source, RDF.type, POA.SourceText))
    g.add((source, RDFS.label, Literal(f"{meta.symbol}: source text ({doc.path.rsplit('/', 1)[-1]})", lang="en")))
    g.add((source, POA.characterCount, Literal(len(doc.source), datatype=XSD.integer)))
    g.add((source, POA.sha256, Literal(hashlib.sha256(doc.source.encode("utf-8")).hexdigest())))
    g.add((source, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((expr, PROV.wasDerivedFrom, source))

    has_annex = any(u.kind is UnitKind.ANNEX for u in doc.units)
    if has_annex:
        g.add((annex, RDF.type, POA.Annex))
        g.add((annex, RDF.type, POA.OutcomeDocument))
        g.add((annex, RDFS.label, Literal(f"{meta.symbol}, annex: outcome document", lang="en")))
        g.add((annex, DCTERMS.isPartOf, main))
        g.add((main, DCTERMS.hasPart, annex))


def _emit_unit(doc: Document, iris: Iris, g: Graph, u: Unit, iri_of: dict[tuple[Part, str], URIRef]) -> None:
    """One structural unit: its type, place in the hierarchy, number, text, label and source span."""
    lang, main, annex, source = doc.metadata.language, iris.main, iris.annex, iris.source
    s = iri_of[(u.part, u.eid)]
    component = annex if u.part is Part.ANNEX else main
    parent = iri_of[(u.part, u.parent)] if u.parent is not None else component
    text = Literal(u.text, lang=lang)
    g.add((s, _TYPE, UNIT_CLASS[u.kind]))
    g.add((s, _EID, Literal(u.eid)))
    g.add((s, _ORDER, Literal(u.order, datatype=_INTEGER)))
    g.add((s, _TEXT, text))
    g.add((s, _IS_PART_OF, parent))
    g.add((s, _IN_DOCUMENT, component))
    if u.number is not None:
        g.add((s, _NUMBER, Literal(u.number, datatype=_INTEGER)))
    if u.label is not None:
        g.add((s, _NUMERAL, Literal(u.label)))
    if u.section is not None:
        g.add((s, _SECTION_NUMERAL, Literal(u.section)))
    if u.heading_path:
        g.add((s, _HEADING_PATH, Literal(" > ".join(u.heading_path), lang=lang)))
    if u.kind is UnitKind.PARAGRAPH:
        ref = u.ref
        assert ref is not None
        g.add((s, _REF, Literal(ref)))
        # numbered within its section, or through the whole annex (its numbering runs on, or it has no sections)
        scope = main if u.part is Part.REPORT else annex if u.runs_through \
            else iri_of.get((u.part, f"section_{u.section}"), annex)
        g.add((s, _NUMBERING_SCOPE, scope))
        where = "outcome document" if u.part is Part.ANNEX else doc.metadata.symbol
        g.add((s, _LABEL, Literal(f"{where}, paragraph {ref}", lang="en")))
    elif u.kind in (UnitKind.CHAPTER, UnitKind.SECTION):
        what = "section" if u.kind is UnitKind.SECTION else "chapter"
        g.add((s, _LABEL, Literal(f"{what} {u.label}", lang="en")))
        g.add((s, _HEADING, text))
    elif u.heading is not None:
        g.add((s, _HEADING, text))
    _span(g, s, u, source)


def _span(g: Graph, s: URIRef, u: Unit, source: URIRef) -> None:
    sel = Iris.selector(s)
    g.add((s, _SOURCE_SPAN, sel))
    g.add((s, _DERIVED_FROM, source))
    g.add((sel, _TYPE, _SELECTOR))
    g.add((sel, _START, Literal(u.span.start, datatype=_OFFSET)))
    g.add((sel, _END, Literal(u.span.end, datatype=_OFFSET)))
    g.add((sel, _SOURCE_TEXT, source))
    if len(u.pieces) > 1:
        g.add((sel, _PIECE_COUNT, Literal(len(u.pieces), datatype=_INTEGER)))
