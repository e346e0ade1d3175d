"""Emit what each paragraph of the outcome document asks, of whom and how strongly.

For every numbered paragraph of the annex: its kind (statement, commitment,
decision, as an extra ``rdf:type``), its actions, strength, qualifiers,
addressees, themes and period, as links to the SKOS concepts of
``builder/data/concepts/``. Every action, qualifier and actor found in the text
is also a mention with its exact span; every theme assignment says whether it
came from the paragraph's own text (with the span) or from a heading above it
(with the heading unit).

The sorted keys of a paragraph's actions and qualifiers are also stored as one
literal each (``poa:actionKeys``, ``poa:qualifierKeys``), so that the
competency queries return them in a fixed order on every SPARQL engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from builder.emit.provenance import add_mention
from builder.emit.structure import unit_iri
from builder.extract.commitments import Classification, ConceptSchemes, classify_paragraph, rebased_graph
from builder.iri import DEFAULT_BASE as CONCEPT_BASE
from builder.iri import POA, Iris, slug
from builder.model import Document, Part, Span, Unit, UnitKind

KIND_CLASS = {"statement": POA.DeclaratoryStatement, "commitment": POA.Commitment, "decision": POA.Decision}


def _rebase(iris: Iris, iri: str) -> URIRef:
    return URIRef(iris.base + iri[len(CONCEPT_BASE):]) if iri.startswith(CONCEPT_BASE) else URIRef(iri)


def emit_schemes(schemes: ConceptSchemes, iris: Iris, ref: Graph) -> None:
    """The concept schemes (actions, strengths, qualifiers, themes, actors, kinds) into the reference graph."""
    for t in rebased_graph(schemes, iris.base):
        ref.add(t)


def classify_document(doc: Document, schemes: ConceptSchemes) -> list[tuple[Unit, Classification]]:
    """Classify every numbered paragraph of the outcome document, with its section's chapeau."""
    chapeaux: dict[str | None, str] = {}
    for u in doc.units:
        if u.part is Part.ANNEX and u.kind is UnitKind.CHAPEAU and u.section not in chapeaux:
            chapeaux[u.section] = u.text
    out = []
    for u in doc.units:
        if u.part is Part.ANNEX and u.kind is UnitKind.PARAGRAPH and u.section:
            out.append((u, classify_paragraph(u.text, u.section, u.heading_path, schemes, chapeaux.get(u.section))))
    return out


def _ancestor_headings(doc: Document, unit: Unit) -> dict[str, Unit]:
    by_eid = {u.eid: u for u in doc.units if u.part is unit.part}
    out: dict[str, Unit] = {}
    parent = unit.parent
    while parent is not None and parent in by_eid:
        p = by_eid[parent]
        if p.heading is not None:
            out[p.text] = p
        parent = p.parent
    return out


def _mention(g: Graph, iris: Iris, doc: Document, unit: Unit, span: Span, key: str, target: URIRef,
             surface: str, rule: str, confidence: float, note: str | None = None) -> URIRef:
    """A mention of a concept in ``unit`` at ``span`` (a span of the unit's normalised text)."""
    u = unit_iri(iris, unit)
    node = URIRef(f"{u}#c-{span.start}-{span.end}-{slug(key)}")
    return add_mention(g, iris, node, unit=u, target=target, surface=surface,
                       span=unit.source_span(span.start, span.end), rule=rule, score=confidence,
                       lang=doc.metadata.language, note=note)


def emit_commitments(doc: Document, iris: Iris, classified: Iterable[tuple[Unit, Classification]],
                     schemes: ConceptSchemes, g: Graph) -> int:
    """Kinds, actions, strength, qualifiers, addressees, themes and period of each classified paragraph."""
    concept = {(c.scheme, c.key): _rebase(iris, c.iri)
               for name in ("action", "strength", "qualifier", "theme", "actor", "kind")
               for c in schemes.scheme(name).concepts}
    chapeau_units = {u.section: u for u in doc.units if u.part is Part.ANNEX and u.kind is UnitKind.CHAPEAU}
    n = 0
    for unit, c in classified:
        n += 1
        p = unit_iri(iris, unit)
        g.add((p, RDF.type, KIND_CLASS[c.kind]))
        g.add((p, POA.kind, concept[("kind", c.kind)]))
        for a in c.actions:
            g.add((p, POA.action, concept[("action", a.key)]))
            _mention(g, iris, doc, unit, a.span, a.key, concept[("action", a.key)], a.surface,
                     a.rule or f"action:{a.found_by}", 0.8 if a.rule else 1.0, a.note)
        g.add((p, POA.actionKeys, Literal("|".join(sorted({a.key for a in c.actions})))))
        if c.strength is not None:
            g.add((p, POA.strength, concept[("strength", c.strength.key)]))
            g.add((p, POA.strengthRank, Literal(c.strength.rank, datatype=XSD.integer)))
        for q in c.qualifiers:
            g.add((p, POA.qualifier, concept[("qualifier", q.key)]))
            where = unit if q.source == "text" else chapeau_units.get(unit.section)
            if where is not None:
                _mention(g, iris, doc, where, q.span, q.key, concept[("qualifier", q.key)], q.surface,
                         f"qualifier:{q.source}", 1.0)
        g.add((p, POA.qualifierKeys, Literal("|".join(sorted({q.key for q in c.qualifiers})))))
        for addressee in c.addressees:
            g.add((p, POA.addressee, concept[("actor", addressee)]))
        for actor in c.actors:
            _mention(g, iris, doc, unit, actor.span, actor.key, concept[("actor", actor.key)], actor.surface,
                     "actor:text", 1.0)
        headings = _ancestor_headings(doc, unit)
        for t in c.themes:
            target = concept[("theme", t.key)]
            g.add((p, POA.theme, target))
            node = URIRef(f"{p}#theme-{slug(t.key)}-{t.source}")
            g.add((node, RDF.type, POA.ThemeAssignment))
            g.add((node, POA.assignedTo, p))
            g.add((node, POA.theme, target))
            g.add((node, POA.themeSource, Literal(t.source)))
            if t.source == "text" and t.span is not None:
                g.add((node, POA.evidence, _mention(g, iris, doc, unit, t.span, t.key, target, t.surface or "",
                                                    "theme:text", 1.0)))
            elif t.heading is not None and t.heading in headings:
                h = headings[t.heading]
                g.add((node, POA.fromHeading, unit_iri(iris, h)))
                if t.span is not None:
                    g.add((node, POA.evidence, _mention(g, iris, doc, h, t.span, t.key, target, t.surface or "",
                                                        "theme:heading", 1.0)))
        if c.period is not None:
            g.add((p, POA.period, Literal(f"{c.period[0]}/{c.period[1]}")))
            g.add((p, POA.periodStart, Literal(str(c.period[0]), datatype=XSD.gYear)))
            g.add((p, POA.periodEnd, Literal(str(c.period[1]), datatype=XSD.gYear)))
        for note in c.notes:
            g.add((p, SKOS.note, Literal(note, lang="en")))
    return n
