"""Provenance shared by every emitter: source spans, mentions, and the rules that decided.

Whatever an emitter states on the strength of the text — a mention of an
instrument, a ballot, a speaker, an action of a paragraph — carries the same
evidence: its surface form, its exact source span (an ``oa:TextPositionSelector``),
the rule that decided (a ``poa:ResolutionRule`` named by its key) and how sure
that rule is (``poa:confidence``, 0..1).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from builder.iri import OA, POA, Iris, slug
from builder.model import Span


def rule_iri(iris: Iris, rule: str) -> URIRef:
    """``{base}id/rule/{slug}`` for a decision rule."""
    return iris.entity("rule", slug(rule) or "unnamed")


def emit_rule(g: Graph, iris: Iris, rule: str) -> URIRef:
    """The rule as a node of its own (label and key), returning its IRI."""
    r = rule_iri(iris, rule)
    g.add((r, RDF.type, POA.ResolutionRule))
    g.add((r, RDFS.label, Literal(rule, lang="en")))
    g.add((r, SKOS.notation, Literal(rule)))
    return r


def confidence(value: float) -> Literal:
    """A confidence on 0..1 as an ``xsd:decimal`` with three decimals."""
    return Literal(Decimal(str(round(value, 3))), datatype=XSD.decimal)


def add_selector(g: Graph, iris: Iris, node: URIRef, span: Span, sel: URIRef | None = None) -> URIRef:
    """``node poa:sourceSpan sel``, ``sel`` an ``oa:TextPositionSelector`` (default ``{node}#span``)."""
    sel = sel if sel is not None else Iris.selector(node)
    g.add((node, POA.sourceSpan, sel))
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((sel, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    g.add((sel, POA.sourceText, iris.source))
    return sel


def add_evidence(g: Graph, iris: Iris, node: URIRef, *, surface: str, span: Span, rule: str, score: float,
                 lang: str, note: str | None = None, flagged: bool = False, sel: URIRef | None = None) -> None:
    """Surface form, span, deciding rule and confidence (0..1) of a fact found in the text."""
    g.add((node, POA.surfaceForm, Literal(" ".join(surface.split()), lang=lang)))
    add_selector(g, iris, node, span, sel)
    g.add((node, POA.decidedBy, emit_rule(g, iris, rule)))
    g.add((node, POA.confidence, confidence(score)))
    if note:
        g.add((node, RDFS.comment, Literal(note, lang="en")))
    if flagged:
        g.add((node, SKOS.editorialNote, Literal("Flagged for review by the name resolver.", lang="en")))


def add_mention(g: Graph, iris: Iris, node: URIRef, *, unit: URIRef, target: URIRef, surface: str, span: Span,
                rule: str, score: float, lang: str, note: str | None = None) -> URIRef:
    """A ``poa:Mention`` in ``unit`` of ``target``, with its evidence; its selector is ``{node}-span``."""
    g.add((node, RDF.type, POA.Mention))
    g.add((node, POA.mentionedIn, unit))
    g.add((node, POA.refersTo, target))
    add_evidence(g, iris, node, surface=surface, span=span, rule=rule, score=score, lang=lang, note=note,
                 sel=URIRef(f"{node}-span"))
    return node
