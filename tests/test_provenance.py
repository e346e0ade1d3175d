"""The evidence writer: the same triples as the one-fact functions, each rule described once."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from builder.emit.provenance import Provenance, confidence
from builder.iri import OA, POA, Iris
from builder.model import Span

IRIS = Iris(base="https://example.org/kg/", symbol="A/CONF.192/2018/RC/3", date="2018-06-29")
UNIT = IRIS.unit("para_1", in_annex=False)


FACTS = [
    (URIRef(f"{UNIT}#m-0-4-a"), IRIS.state("FRA"), "فرنسا", Span(10, 14), "exact", 1.0, None),
    (URIRef(f"{UNIT}#m-6-9-b"), IRIS.state("DEU"), " ألمانيا\n", Span(16, 19), "fuzzy", 0.8765, "close"),
    (URIRef(f"{UNIT}#m-11-15-c"), IRIS.state("ITA"), "إيطاليا", Span(16, 25), "exact", 1, None),
]


def test_writer_describes_each_fact_and_each_rule_once() -> None:
    g = Graph()
    prov = Provenance(g, IRIS)
    ballot = URIRef(f"{UNIT}/ballot")
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
    assert g.value(node, RDF.type) == POA.Mention
    assert g.value(node, POA.mentionedIn) == UNIT
    assert g.value(node, POA.refersTo) == IRIS.state("DEU")
    assert str(g.value(node, POA.surfaceForm)) == "ألمانيا"  # white space folded, as a line break may cut a name
    assert g.value(node, POA.confidence) == confidence(0.8765)
    selector = g.value(node, POA.sourceSpan)
    assert (int(g.value(selector, OA.start)), int(g.value(selector, OA.end))) == (16, 19)
    # one description per rule, however many facts it decided
    assert len(set(g.subjects(predicate=None, object=POA.ResolutionRule))) == 2


def test_confidence_keeps_the_lexical_form_of_int_and_float() -> None:
    g = Graph()
    prov = Provenance(g, IRIS)
    prov.evidence(URIRef(f"{UNIT}/a"), surface="a", span=Span(0, 1), rule="r", score=1, lang="ar")
    prov.evidence(URIRef(f"{UNIT}/b"), surface="b", span=Span(0, 1), rule="r", score=1.0, lang="ar")
    assert g.value(URIRef(f"{UNIT}/a"), POA.confidence) == confidence(1)
    assert g.value(URIRef(f"{UNIT}/b"), POA.confidence) == confidence(1.0)
    assert str(confidence(1)) == "1" and str(confidence(1.0)) == "1.0"
