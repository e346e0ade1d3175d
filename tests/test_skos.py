"""Every concept scheme of a build is clean SKOS: skosify's checks find nothing, each scheme lists its top concepts
(and only concepts with no broader concept in it), every concept has a scheme, a label and one notation, and the
schemes' labels are in English and Arabic."""

from __future__ import annotations

import logging

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.term import Node

BASE = "https://w3id.org/poa-kg/id/concept/"
SCHEMES = ["action", "actor", "kind", "qualifier", "role", "speaker-capacity", "strength", "term", "theme"]
SKOS = rns.SKOS


def _scheme_graph(g: Graph, scheme: Node) -> Graph:
    """The scheme and its concepts, as skosify would read a vocabulary file of this scheme alone."""
    out = Graph()
    for t in g.triples((scheme, None, None)):
        out.add(t)
    for concept in g.subjects(SKOS.inScheme, scheme):
        for s, p, o in g.triples((concept, None, None)):
            if p in (SKOS.inScheme, SKOS.topConceptOf) and o != scheme:
                continue
            out.add((s, p, o))
    return out


def _lang(g: Graph, s: Node, p: URIRef, lang: str) -> bool:
    return any(isinstance(o, Literal) and o.language == lang and str(o).strip() for o in g.objects(s, p))


def test_the_build_has_these_schemes(out_nt: Graph) -> None:
    found = sorted(str(s)[len(BASE):] for s in out_nt.subjects(rns.RDF.type, SKOS.ConceptScheme))
    assert found == SCHEMES


@pytest.mark.parametrize("key", SCHEMES)
def test_skosify_finds_nothing_to_report(out_nt: Graph, key: str, caplog: pytest.LogCaptureFixture) -> None:
    import skosify

    vocabulary = _scheme_graph(out_nt, URIRef(BASE + key))
    with caplog.at_level(logging.INFO):
        skosify.skosify(vocabulary, infer=False, mark_top_concepts=False, eliminate_redundancy=False,
                        break_cycles=False, keep_related=True, cleanup_classes=False, cleanup_properties=False,
                        cleanup_unreachable=False, narrower=False, transitive=False, enrich_mappings=False,
                        set_modified=False)
    # skosify reports a problem as a warning; a concept its walk from the top concepts never reaches as the
    # one information that matters here (the other informations list the project's own properties)
    problems = [r.getMessage() for r in caplog.records
                if r.levelno >= logging.WARNING or "not reached" in r.getMessage()]
    assert problems == []


@pytest.mark.parametrize("key", SCHEMES)
def test_scheme_lists_exactly_its_top_concepts(out_nt: Graph, key: str) -> None:
    scheme = URIRef(BASE + key)
    listed = set(out_nt.objects(scheme, SKOS.hasTopConcept))
    marked = set(out_nt.subjects(SKOS.topConceptOf, scheme))
    assert listed == marked and listed
    members = set(out_nt.subjects(SKOS.inScheme, scheme))
    roots = {c for c in members if not set(out_nt.objects(c, SKOS.broader)) & members}
    assert listed == roots


@pytest.mark.parametrize("key", SCHEMES)
def test_scheme_has_english_and_arabic_labels_and_definitions_and_one_notation(out_nt: Graph, key: str) -> None:
    scheme = URIRef(BASE + key)
    for lang in ("en", "ar"):
        assert _lang(out_nt, scheme, SKOS.prefLabel, lang) and _lang(out_nt, scheme, SKOS.definition, lang)
    assert list(out_nt.objects(scheme, SKOS.notation)) == [Literal(key)]


def test_every_concept_has_a_scheme_a_label_and_one_notation(out_nt: Graph) -> None:
    concepts = set(out_nt.subjects(rns.RDF.type, SKOS.Concept))
    assert len(concepts) == 144
    for c in sorted(concepts):
        assert len(set(out_nt.objects(c, SKOS.inScheme))) == 1, c
        assert _lang(out_nt, c, SKOS.prefLabel, "en"), c
        assert len(set(out_nt.objects(c, SKOS.notation))) == 1, c


def test_every_concept_but_the_cited_terms_is_labelled_and_defined_in_arabic(out_nt: Graph) -> None:
    term = URIRef(BASE + "term")
    concepts = {c for c in out_nt.subjects(rns.RDF.type, SKOS.Concept) if (c, SKOS.inScheme, term) not in out_nt}
    assert len(concepts) == 143
    assert sorted(str(c) for c in concepts if not _lang(out_nt, c, SKOS.prefLabel, "ar")) == []
    assert sorted(str(c) for c in concepts if not _lang(out_nt, c, SKOS.definition, "ar")) == []


def test_the_generated_schemes_have_arabic_labels(out_nt: Graph) -> None:
    president = URIRef(BASE + "role/president")
    assert out_nt.value(president, SKOS.topConceptOf) == URIRef(BASE + "role")
    assert {str(o) for o in out_nt.objects(president, SKOS.prefLabel)} == {"President", "الرئيس"}
    igo = URIRef(BASE + "speaker-capacity/igo")
    assert {str(o) for o in out_nt.objects(igo, SKOS.prefLabel)} == {"intergovernmental organization",
                                                                     "منظمة حكومية دولية"}


def test_no_node_has_two_notations(out_nt: Graph) -> None:
    subjects = set(out_nt.subjects(SKOS.notation, None))
    assert sorted(str(s) for s in subjects if len(set(out_nt.objects(s, SKOS.notation))) > 1) == []
    interpol = URIRef("https://w3id.org/poa-kg/id/org/interpol")
    assert list(out_nt.objects(interpol, SKOS.notation)) == [Literal("INTERPOL")]
