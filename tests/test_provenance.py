"""The evidence writer: the same triples as the one-fact functions, each rule described once."""

from __future__ import annotations

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.provenance import Provenance, confidence
from builder.iri import Iris
from builder.model import Span
from builder.vocab import OA, POA, RDF, XSD

IRIS = Iris(base="https://example.org/kg/", symbol="A/CONF.192/2018/RC/3", date="2018-06-29")
UNIT = IRIS.unit("para_1", in_annex=False)


FACTS = [
    (ox.NamedNode(f"{UNIT.value}#m-0-4-a"), IRIS.state("FRA"), "فرنسا", Span(10, 14), "exact", 1.0, None),
    (ox.NamedNode(f"{UNIT.value}#m-6-9-b"), IRIS.state("DEU"), " ألمانيا\n", Span(16, 19), "fuzzy", 0.8765, "close"),
    (ox.NamedNode(f"{UNIT.value}#m-11-15-c"), IRIS.state("ITA"), "إيطاليا", Span(16, 25), "exact", 1, None),
]


def value(g: NamedGraph, subject: ox.NamedNode, predicate: ox.NamedNode) -> object:
    """The one object of ``subject predicate ?`` in ``g``."""
    [found] = [o for p, o in g.predicate_objects(subject) if p == predicate]
    return found


def test_writer_describes_each_fact_and_each_rule_once() -> None:
    g = NamedGraph(ox.NamedNode("https://example.org/kg/graph/report/x"))
    prov = Provenance(g, IRIS)
    ballot = ox.NamedNode(f"{UNIT.value}/ballot")
    for node, target, surface, span, rule, score, note in FACTS:
        prov.mention(node, unit=UNIT, target=target, surface=surface, span=span, rule=rule, score=score, lang="ar",
                     note=note)
        prov.evidence(ballot, surface="x", span=span, rule=rule, score=0.5, lang="ar", flagged=True)
    once = set(g)
    for node, target, surface, span, rule, score, note in FACTS:  # again, as an extractor may report a fact twice
        prov.mention(node, unit=UNIT, target=target, surface=surface, span=span, rule=rule, score=score, lang="ar",
                     note=note)
    assert set(g) == once
    node = FACTS[1][0]
    assert value(g, node, RDF.type) == POA.Mention
    assert value(g, node, POA.mentionedIn) == UNIT
    assert value(g, node, POA.refersTo) == IRIS.state("DEU")
    assert value(g, node, POA.surfaceForm) == ox.Literal("ألمانيا", language="ar")  # a line break may cut a name
    assert value(g, node, POA.confidence) == confidence(0.8765)
    selector = value(g, node, POA.sourceSpan)
    assert isinstance(selector, ox.NamedNode)
    start, end = value(g, selector, OA.start), value(g, selector, OA.end)
    assert isinstance(start, ox.Literal) and isinstance(end, ox.Literal)
    assert (start.value, end.value, start.datatype) == ("16", "19", XSD.nonNegativeInteger)
    # one description per rule, however many facts it decided
    assert len(g.subjects(RDF.type, POA.ResolutionRule)) == 2


def test_confidence_keeps_the_lexical_form_of_int_and_float() -> None:
    g = NamedGraph(ox.NamedNode("https://example.org/kg/graph/report/x"))
    prov = Provenance(g, IRIS)
    a, b = ox.NamedNode(f"{UNIT.value}/a"), ox.NamedNode(f"{UNIT.value}/b")
    prov.evidence(a, surface="a", span=Span(0, 1), rule="r", score=1, lang="ar")
    prov.evidence(b, surface="b", span=Span(0, 1), rule="r", score=1.0, lang="ar")
    assert value(g, a, POA.confidence) == confidence(1)
    assert value(g, b, POA.confidence) == confidence(1.0)
    assert confidence(1).value == "1" and confidence(1.0).value == "1.0"
