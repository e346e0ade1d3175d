"""The evidence writer: the same triples as the one-fact functions, each rule described once."""

from __future__ import annotations

from rdflib import Graph, URIRef

from builder.emit.provenance import Provenance, add_evidence, add_mention, confidence
from builder.iri import POA, Iris
from builder.model import Span

IRIS = Iris(base="https://example.org/kg/", symbol="A/CONF.192/2018/RC/3", date="2018-06-29")
UNIT = IRIS.unit("para_1", in_annex=False)


FACTS = [
    (URIRef(f"{UNIT}#m-0-4-a"), IRIS.state("FRA"), "فرنسا", Span(10, 14), "exact", 1.0, None),
    (URIRef(f"{UNIT}#m-6-9-b"), IRIS.state("DEU"), " ألمانيا\n", Span(16, 19), "fuzzy", 0.8765, "close"),
    (URIRef(f"{UNIT}#m-11-15-c"), IRIS.state("ITA"), "إيطاليا", Span(16, 25), "exact", 1, None),
]


def test_writer_adds_what_the_functions_add() -> None:
    by_function, by_writer = Graph(), Graph()
    prov = Provenance(by_writer, IRIS)
    for node, target, surface, span, rule, score, note in FACTS * 2:  # twice, as an extractor may report a fact
        add_mention(by_function, IRIS, node, unit=UNIT, target=target, surface=surface, span=span, rule=rule,
                    score=score, lang="ar", note=note)
        prov.mention(node, unit=UNIT, target=target, surface=surface, span=span, rule=rule, score=score, lang="ar",
                     note=note)
        ballot = URIRef(f"{UNIT}/ballot")
        add_evidence(by_function, IRIS, ballot, surface="x", span=span, rule=rule, score=0.5, lang="ar", flagged=True)
        prov.evidence(ballot, surface="x", span=span, rule=rule, score=0.5, lang="ar", flagged=True)
    assert set(by_writer) == set(by_function)
    # one description per rule, however many facts it decided
    assert len(set(by_writer.subjects(predicate=None, object=POA.ResolutionRule))) == 2


def test_confidence_keeps_the_lexical_form_of_int_and_float() -> None:
    g = Graph()
    prov = Provenance(g, IRIS)
    prov.evidence(URIRef(f"{UNIT}/a"), surface="a", span=Span(0, 1), rule="r", score=1, lang="ar")
    prov.evidence(URIRef(f"{UNIT}/b"), surface="b", span=Span(0, 1), rule="r", score=1.0, lang="ar")
    assert g.value(URIRef(f"{UNIT}/a"), POA.confidence) == confidence(1)
    assert g.value(URIRef(f"{UNIT}/b"), POA.confidence) == confidence(1.0)
    assert str(confidence(1)) == "1" and str(confidence(1.0)) == "1.0"
