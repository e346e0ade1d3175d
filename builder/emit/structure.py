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


def unit_iri(iris: Iris, unit: Unit) -> URIRef:
    return iris.unit(unit.eid, unit.part is Part.ANNEX)


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

    iri_of = unit_iris(iris, doc)
    for u in doc.units:
        if u.kind is UnitKind.ANNEX:
            _span(g, annex, u, source)
            continue
        s = iri_of[(u.part, u.eid)]
        component = annex if u.part is Part.ANNEX else main
        parent = iri_of[(u.part, u.parent)] if u.parent is not None else component
        g.add((s, RDF.type, UNIT_CLASS[u.kind]))
        g.add((s, POA.eId, Literal(u.eid)))
        g.add((s, POA.order, Literal(u.order, datatype=XSD.integer)))
        g.add((s, POA.text, Literal(u.text, lang=lang)))
        g.add((s, DCTERMS.isPartOf, parent))
        g.add((s, POA.isPartOfDocument, component))
        if u.number is not None:
            g.add((s, POA.number, Literal(u.number, datatype=XSD.integer)))
        if u.label is not None:
            g.add((s, POA.numeral, Literal(u.label)))
        if u.section is not None:
            g.add((s, POA.sectionNumeral, Literal(u.section)))
        if u.heading_path:
            g.add((s, POA.headingPath, Literal(" > ".join(u.heading_path), lang=lang)))
        if u.kind is UnitKind.PARAGRAPH:
            ref = u.ref
            assert ref is not None
            g.add((s, POA.ref, Literal(ref)))
            scope = iri_of[(u.part, f"section_{u.section}")] if u.part is Part.ANNEX else main
            g.add((s, POA.numberingScope, scope))
            where = "outcome document" if u.part is Part.ANNEX else meta.symbol
            g.add((s, RDFS.label, Literal(f"{where}, paragraph {ref}", lang="en")))
        elif u.kind in (UnitKind.CHAPTER, UnitKind.SECTION):
            what = "section" if u.kind is UnitKind.SECTION else "chapter"
            g.add((s, RDFS.label, Literal(f"{what} {u.label}", lang="en")))
            g.add((s, POA.heading, Literal(u.text, lang=lang)))
        elif u.heading is not None:
            g.add((s, POA.heading, Literal(u.text, lang=lang)))
        _span(g, s, u, source)


def _span(g: Graph, s: URIRef, u: Unit, source: URIRef) -> None:
    sel = Iris.selector(s)
    g.add((s, POA.sourceSpan, sel))
    g.add((s, PROV.wasDerivedFrom, source))
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, OA.start, Literal(u.span.start, datatype=XSD.nonNegativeInteger)))
    g.add((sel, OA.end, Literal(u.span.end, datatype=XSD.nonNegativeInteger)))
    g.add((sel, POA.sourceText, source))
    if len(u.pieces) > 1:
        g.add((sel, POA.pieceCount, Literal(len(u.pieces), datatype=XSD.integer)))
