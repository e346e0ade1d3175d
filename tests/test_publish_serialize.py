"""The serializations written by ``poa-kg build``: JSON-LD and its context, TriG, the VoID/DCAT description."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, VOID
from rdflib.term import Node

from builder.iri import POA
from builder.outputs.write import serialize_outputs
from builder.pipeline import BuildResult
from builder.publish.describe import CC_BY_4, describe_dataset, term_slug
from builder.publish.jsonld import build_context, context_bytes, to_jsonld
from builder.publish.serialize import load_ontology_graph, to_ntriples
from tests.conftest import BUILD_DAY, ROOT, another_hash_seed, run_cli

BASE = "https://w3id.org/poa-kg/"
EXPR = f"{BASE}akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06"
WORK = f"{BASE}akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3"
PARA_26 = URIRef(f"{EXPR}/!main/annex_1/section_II__para_26")
DATASET = URIRef(f"{BASE}dataset/A-CONF.192-2018-RC-3")
OUTPUTS = ["build-report.json", "context.jsonld", "dataset.nq", "dataset.trig", "graph.jsonld", "graph.nt",
           "graph.ttl", "void.ttl"]


def num(g: Graph, s: Node, p: Node) -> int:
    value = g.value(s, p)
    assert value is not None, (s, p)
    return int(str(value))


def test_build_writes_every_serialization(out_dir: Path) -> None:
    assert sorted(p.name for p in out_dir.iterdir() if p.is_file()) == OUTPUTS


def test_jsonld_reads_back_to_exactly_the_ntriples(out_dir: Path, out_nt: Graph) -> None:
    doc = json.loads((out_dir / "graph.jsonld").read_text(encoding="utf-8"))
    # the context is its own file, referred to by IRI; only @base is given inline
    assert doc["@context"] == ["context.jsonld", {"@base": BASE}]
    from_jsonld = Graph()
    from_jsonld.parse(out_dir / "graph.jsonld", format="json-ld")
    from_nt = out_nt  # graph.nt as rdflib reads it
    assert len(from_jsonld) == len(from_nt)
    assert isomorphic(from_jsonld, from_nt)  # equal up to blank node labels (the data has a few)


def test_jsonld_is_compact_and_readable(out_dir: Path) -> None:
    doc = json.loads((out_dir / "graph.jsonld").read_text(encoding="utf-8"))
    nodes = {n["@id"]: n for n in doc["@graph"]}
    para = nodes[str(PARA_26)[len(BASE):]]
    assert "Paragraph" in ([para["@type"]] if isinstance(para["@type"], str) else para["@type"])
    assert para["ref"] == "II.26"
    assert para["number"] == 26  # a JSON number, typed xsd:integer by the context
    assert para["order"] == 150
    assert para["label"] == {"en": "outcome document, paragraph II.26",
                             "ar": "الوثيقة الختامية، الفرع ثانيا، الفقرة ٢٦"}
    assert para["text"].startswith("الاحتفاظ بقوانين وأنظمة")  # plain string, Arabic by the context
    assert para["isPartOf"] == str(PARA_26)[len(BASE):].replace("section_II__para_26",
                                                                "section_II__subsec_A__topic_2__subtopic_c")
    # the provenance selector (a hash IRI referenced only from here) is written inside its unit
    span = para["sourceSpan"]
    assert span["@id"] == str(PARA_26)[len(BASE):] + "#span"
    assert span["@type"] == "TextPositionSelector"
    assert (span["start"], span["end"]) == (27841, 28158)
    assert str(PARA_26)[len(BASE):] + "#span" not in nodes
    # nodes are sorted by IRI, no blank node anywhere
    ids = [n["@id"] if n["@id"].startswith("http") else BASE + n["@id"] for n in doc["@graph"]]
    assert ids == sorted(ids)
    assert not any(i.startswith("_:") for i in ids)


def test_context_maps_ontology_and_common_terms(out_dir: Path) -> None:
    ctx = json.loads((out_dir / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert ctx["poa"] == "https://w3id.org/poa-kg/ontology#"
    assert ctx["text"] == {"@id": "poa:text", "@language": "ar"}
    assert ctx["number"] == {"@id": "poa:number", "@type": "xsd:integer"}
    assert ctx["start"] == {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"}
    assert ctx["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert ctx["title"] == {"@id": "dcterms:title", "@container": "@language"}
    assert ctx["isPartOf"] == {"@id": "dcterms:isPartOf", "@type": "@id"}
    assert ctx["sourceSpan"] == {"@id": "poa:sourceSpan", "@type": "@id"}
    assert ctx["Paragraph"] == "poa:Paragraph"
    assert ctx["date"] == {"@id": "dcterms:date", "@type": "xsd:date"}
    # the positions of a ballot are named individuals: written by their term name ("yes")
    assert ctx["position"] == {"@id": "poa:position", "@type": "@vocab"}
    assert ctx["yes"] == "poa:yes"


def test_values_that_do_not_fit_their_term_keep_their_exact_form(tmp_path: Path) -> None:
    g = Graph()
    s = URIRef(f"{BASE}id/state/FRA")
    ballot = URIRef(f"{BASE}id/vote/X/outcome/FRA")
    g.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("France")))  # no language
    g.add((s, POA.text, Literal("France", lang="en")))  # text that is not Arabic
    g.add((s, POA.number, Literal("7", datatype=XSD.decimal)))  # not an integer
    g.add((ballot, POA.position, POA.yes))
    g.add((ballot, POA.voter, s))
    g.add((ballot, URIRef("http://example.org/odd"), URIRef("http://example.org/x")))
    ctx = build_context(g, load_ontology_graph())
    (tmp_path / "context.jsonld").write_bytes(context_bytes(ctx))
    (tmp_path / "g.jsonld").write_bytes(to_jsonld(g, ctx, "context.jsonld", base=BASE))
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    nodes = {n["@id"]: n for n in doc["@graph"]}
    assert nodes["id/state/FRA"]["rdfs:label"] == "France"
    assert nodes["id/state/FRA"]["poa:text"] == {"@value": "France", "@language": "en"}
    assert nodes["id/state/FRA"]["poa:number"] == {"@value": "7", "@type": "xsd:decimal"}
    assert nodes["id/vote/X/outcome/FRA"]["position"] == "yes"
    assert nodes["id/vote/X/outcome/FRA"]["http://example.org/odd"] == {"@id": "http://example.org/x"}
    back = Graph()
    back.parse(tmp_path / "g.jsonld", format="json-ld")
    assert set(back) == set(g)


def test_trig_has_the_named_graphs(out_dir: Path, built: BuildResult) -> None:
    ds = Dataset()
    ds.parse(out_dir / "dataset.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert f"{BASE}graph/report/A-CONF.192-2018-RC-3" in names
    expected = {g.name.value for g in built.dataset.graphs()}
    import importlib.util

    if importlib.util.find_spec("builder.ontology") is not None:  # added by the ontology work; optional here
        expected.add(f"{BASE}graph/ontology")
        onto = {str(g.identifier): g for g in ds.graphs()}[f"{BASE}graph/ontology"]
        owl_ontology = URIRef("http://www.w3.org/2002/07/owl#Ontology")
        assert (URIRef("https://w3id.org/poa-kg/ontology"), RDF.type, owl_ontology) in onto
    assert names == expected
    quads = Dataset()
    quads.parse(out_dir / "dataset.nq", format="nquads")
    assert {str(g.identifier) for g in quads.graphs() if len(g)} == names
    assert sum(len(g) for g in quads.graphs()) == sum(len(g) for g in ds.graphs())


@pytest.mark.slow  # serializes the whole report twice and parses it once
def test_no_blank_node_is_added_and_their_labels_are_canonical(out_dir: Path, out_nt: Graph,
                                                               built: BuildResult) -> None:
    data = built.data_graph()
    in_data = {t for triple in data for t in triple if isinstance(t, BNode)}
    nt = out_nt  # graph.nt as rdflib reads it
    assert len({t for triple in nt for t in triple if isinstance(t, BNode)}) == len(in_data)
    # the description mints an IRI for every node it adds
    void = Graph()
    void.parse(out_dir / "void.ttl", format="turtle")
    assert not any(isinstance(t, BNode) for triple in void for t in triple)
    # whatever labels the parser chose, blank nodes are written with labels derived from the graph
    assert to_ntriples(data) == (out_dir / "graph.nt").read_bytes()
    relabelled = Graph()
    relabelled.parse(data=(out_dir / "graph.nt").read_text(encoding="utf-8"), format="nt")
    assert to_ntriples(relabelled) == (out_dir / "graph.nt").read_bytes()


@pytest.mark.slow
def test_outputs_are_byte_identical_whatever_the_hash_seed(tmp_path: Path, out_dir: Path) -> None:
    # a build in a process with another hash seed, and the session's build in this one
    proc = run_cli("build", "--out", str(tmp_path / "a"), cwd=ROOT,
                   env={**os.environ, "PYTHONHASHSEED": another_hash_seed()})
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == ["akn/A-CONF.192-2018-RC-3.xml", *OUTPUTS]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (out_dir / name).read_bytes(), name


def test_serialize_outputs_twice_in_one_process_is_identical(built: BuildResult) -> None:
    assert serialize_outputs(built) == serialize_outputs(built)


# --- the dataset description -------------------------------------------------------------------


@pytest.fixture(scope="module")
def void(out_dir: Path) -> Graph:
    g = Graph()
    g.parse(out_dir / "void.ttl", format="turtle")
    return g


def test_void_and_dcat_dataset_with_titles_licence_and_source(void: Graph) -> None:
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    titles = {(str(o), o.language) for o in void.objects(DATASET, DCTERMS.title) if isinstance(o, Literal)}
    assert titles == {("PoA knowledge graph: A/CONF.192/2018/RC/3", "en"),
                      ("الرسم المعرفي لبرنامج العمل: A/CONF.192/2018/RC/3", "ar")}
    langs = {o.language for o in void.objects(DATASET, DCTERMS.description) if isinstance(o, Literal)}
    assert langs == {"en", "ar"}
    assert void.value(DATASET, DCTERMS.license) == CC_BY_4
    assert set(void.objects(DATASET, DCTERMS.source)) == {URIRef(WORK)}
    # issued: the report's date; modified: the build's (SOURCE_DATE_EPOCH, which the tests set), never the clock
    assert void.value(DATASET, DCTERMS.issued) == Literal("2018-07-06", datatype=XSD.date)
    assert void.value(DATASET, DCTERMS.modified) == Literal(BUILD_DAY, datatype=XSD.date)


def test_void_statistics_match_the_graph(void: Graph, out_nt: Graph) -> None:
    data = out_nt  # graph.nt as rdflib reads it
    assert num(void, DATASET, VOID.triples) == len(data)
    typed = {s for s in data.subjects(RDF.type, None) if str(s).startswith(BASE)}  # the dataset's own IRIs
    assert num(void, DATASET, VOID.entities) == len(typed)
    paragraphs = URIRef(f"{DATASET}/class/poa-Paragraph")
    assert (DATASET, VOID.classPartition, paragraphs) in void
    assert void.value(paragraphs, VOID["class"]) == POA.Paragraph
    assert num(void, paragraphs, VOID.entities) == 194
    text = URIRef(f"{DATASET}/property/poa-text")
    assert void.value(text, VOID.property) == POA.text
    assert num(void, text, VOID.triples) == len(set(data.triples((None, POA.text, None))))
    classes = {void.value(p, VOID["class"]) for p in void.objects(DATASET, VOID.classPartition)}
    assert classes == {o for o in data.objects(None, RDF.type)}
    props = {void.value(p, VOID.property) for p in void.objects(DATASET, VOID.propertyPartition)}
    assert props == set(data.predicates())
    assert sum(num(void, p, VOID.triples) for p in void.objects(DATASET, VOID.propertyPartition)) \
        == len(data)


def test_void_access_links_and_examples(void: Graph) -> None:
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(f"{BASE}sparql")
    assert set(void.objects(DATASET, VOID.dataDump)) == {
        URIRef(f"{BASE}dumps/{n}") for n in ("graph.nt", "graph.ttl", "graph.jsonld", "dataset.trig", "dataset.nq")}
    examples = set(void.objects(DATASET, VOID.exampleResource))
    assert URIRef(WORK) in examples
    assert URIRef(f"{EXPR}/!main/para_1") in examples  # the first paragraph in document order
    nt = URIRef(f"{DATASET}/distribution/nt")
    assert void.value(nt, DCAT.downloadURL) == URIRef(f"{BASE}dumps/graph.nt")
    assert void.value(nt, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/application/n-triples")


def test_build_date_is_a_parameter(built: BuildResult) -> None:
    g = describe_dataset(built.graphs, built.iris, build_date="2024-01-31")
    assert g.value(DATASET, DCTERMS.modified) == Literal("2024-01-31", datatype=XSD.date)
    assert term_slug(str(POA.Paragraph)) == "poa-Paragraph"
    assert term_slug("http://example.org/a b").startswith("h-")
