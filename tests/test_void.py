"""The dataset description (void.ttl): complete for DCAT-AP, dated by the build, counting the dataset's own IRIs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, SH, VOID

from builder.errors import DataError, IriError
from builder.publish.describe import build_day, checked_contact_point, describe_dataset
from builder.result import BuildResult
from tests.conftest import BUILD_DAY, cli

BASE = "https://w3id.org/poa-kg/"
DATASET = URIRef(f"{BASE}dataset/A-CONF.192-2018-RC-3")
SHAPES = Path(__file__).resolve().parent / "shapes" / "dcat-ap.ttl"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FORMATS = "http://www.w3.org/ns/formats/"


@pytest.fixture(scope="module")
def void(out_dir: Path) -> Graph:
    return Graph().parse(out_dir / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def shacl_results(data: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every result of validating ``data``, sorted."""
    _, report, _ = validate(data, shacl_graph=shapes)
    assert isinstance(report, Graph)
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath))) for r in report.subjects(RDF.type, SH.ValidationResult))


def test_the_description_has_every_mandatory_and_recommended_property_of_dcat_ap(void: Graph, shapes: Graph) -> None:
    assert shacl_results(void, shapes) == []
    # what the shapes look at: one catalogue, one dataset, seven distributions, the SPARQL service
    assert len(set(void.subjects(RDF.type, DCAT.Catalog))) == 1
    assert set(void.subjects(RDF.type, DCAT.Dataset)) == {DATASET}
    assert len(set(void.subjects(RDF.type, DCAT.Distribution))) == 7
    assert len(set(void.subjects(RDF.type, DCAT.DataService))) == 1


def test_the_shapes_catch_what_is_missing(void: Graph, shapes: Graph) -> None:
    damaged = Graph()
    for t in void:
        damaged.add(t)
    damaged.remove((DATASET, DCTERMS.title, None))  # mandatory
    damaged.remove((DATASET, DCAT.contactPoint, None))  # recommended
    nt = URIRef(f"{DATASET}/distribution/nt")
    damaged.remove((nt, DCAT.accessURL, None))
    assert shacl_results(damaged, shapes) == [
        ("Violation", str(DATASET), str(DCTERMS.title)),
        ("Violation", str(nt), str(DCAT.accessURL)),
        ("Warning", str(DATASET), str(DCAT.contactPoint)),
    ]


def test_publisher_and_contact_point(void: Graph) -> None:
    publisher = void.value(DATASET, DCTERMS.publisher)
    assert publisher == URIRef(f"{BASE}publisher")
    assert str(void.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "PoA knowledge graph project"
    point = void.value(DATASET, DCAT.contactPoint)
    assert (point, RDF.type, VCARD.Kind) in void
    assert void.value(point, VCARD.hasURL) == URIRef(BASE)  # by default, the dataset's landing page


def test_modified_is_the_build_date_and_issued_the_report_date(void: Graph) -> None:
    assert void.value(DATASET, DCTERMS.modified) == Literal(BUILD_DAY, datatype=XSD.date)
    assert void.value(DATASET, DCTERMS.issued) == Literal("2018-07-06", datatype=XSD.date)
    period = void.value(DATASET, DCTERMS.temporal)
    assert (void.value(period, DCAT.startDate), void.value(period, DCAT.endDate)) == (
        Literal("2018-03-19", datatype=XSD.date), Literal("2018-06-29", datatype=XSD.date))


def test_build_day_comes_from_source_date_epoch() -> None:
    assert build_day({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"
    assert build_day({"SOURCE_DATE_EPOCH": "1750000000"}) == "2025-06-15"
    assert len(build_day({})) == 10  # today
    with pytest.raises(DataError, match=r"SOURCE_DATE_EPOCH: expected seconds since 1970, got '2025-06-15'"):
        build_day({"SOURCE_DATE_EPOCH": "2025-06-15"})


def test_every_vocabulary_used_and_every_format_offered(void: Graph) -> None:
    assert sorted(str(v) for v in void.objects(DATASET, VOID.vocabulary)) == [
        "http://metadata.un.org/sdg/ontology",
        "http://purl.org/dc/terms/",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns",
        "http://www.w3.org/2000/01/rdf-schema",
        "http://www.w3.org/2004/02/skos/core",
        "http://www.w3.org/2006/time",
        "http://www.w3.org/ns/oa",
        "http://www.w3.org/ns/org",
        "http://www.w3.org/ns/prov",
        "https://schema.org/",
        "https://w3id.org/poa-kg/ontology",
    ]
    assert sorted(str(f)[len(FORMATS):] for f in void.objects(DATASET, VOID.feature)) == [
        "JSON-LD", "N-Quads", "N-Triples", "RDF_XML", "SPARQL_Results_CSV", "SPARQL_Results_JSON", "SPARQL_Results_TSV",
        "SPARQL_Results_XML", "TriG", "Turtle"]


def test_the_ontology_graph_is_described(void: Graph, out_dir: Path) -> None:
    sub = URIRef(f"{DATASET}/graph/ontology")
    assert (DATASET, VOID.subset, sub) in void
    dataset = Dataset()
    dataset.parse(out_dir / "dataset.nq", format="nquads")
    ontology = dataset.graph(URIRef(f"{BASE}graph/ontology"))
    assert int(str(void.value(sub, VOID.triples))) == len(ontology) > 1000
    assert void.value(sub, VOID.vocabulary) == URIRef("https://w3id.org/poa-kg/ontology")
    dist = URIRef(f"{DATASET}/distribution/ontology")
    assert void.value(dist, DCAT.accessURL) == URIRef(f"{BASE}ontology")


def test_entities_are_the_iris_of_the_dataset_own_uri_space(void: Graph, out_nt: Graph) -> None:
    typed = set(out_nt.subjects(RDF.type, None))
    own = {s for s in typed if str(s).startswith(BASE)}
    assert sorted(str(s) for s in typed - own) == [  # the SDG's terms, and the conference's web page
        "http://metadata.un.org/sdg/16", "http://metadata.un.org/sdg/16.4", "http://metadata.un.org/sdg/C160402",
        "https://www.un.org/disarmament/revcon3"]
    assert int(str(void.value(DATASET, VOID.entities))) == len(own) == 5308
    goals = URIRef(f"{DATASET}/class/sdgo-Goal")
    assert int(str(void.value(goals, VOID.entities))) == 0


def test_the_contact_point_is_an_option_of_the_build(tmp_path: Path) -> None:
    run = cli("build", "tests/fixtures/other-report.ar.txt", "--out", str(tmp_path / "out"),
              "--contact", "mailto:poa-kg@example.org")
    assert run.returncode == 0, run.stderr
    g = Graph().parse(tmp_path / "out" / "void.ttl", format="turtle")
    (point,) = set(g.objects(None, DCAT.contactPoint))
    assert g.value(point, VCARD.hasEmail) == URIRef("mailto:poa-kg@example.org")
    bad = cli("build", "--out", str(tmp_path / "bad"), "--contact", "somebody")
    assert bad.returncode == 2
    assert bad.stderr == ("poa-kg: error: contact point 'somebody': expected mailto:NAME@HOST or an http(s) URL"
                          " with a host\n")
    assert not (tmp_path / "bad").exists()


def test_contact_points_accepted_and_refused() -> None:
    assert checked_contact_point("https://example.org/contact") == "https://example.org/contact"
    for bad in ("mailto:nobody", "ftp://example.org/", "https:///nohost", "https://example.org/a b"):
        with pytest.raises(IriError):
            checked_contact_point(bad)


def test_the_build_date_given_is_the_modified_date(built: BuildResult) -> None:
    g = describe_dataset(built.graphs, built.iris, build_date="2024-01-31")
    assert g.value(DATASET, DCTERMS.modified) == Literal("2024-01-31", datatype=XSD.date)
    assert g.value(DATASET, DCTERMS.issued) == Literal("2018-07-06", datatype=XSD.date)


def test_a_description_of_rdflib_graphs_is_the_one_a_build_writes(built: BuildResult) -> None:
    """The site describes data read from files with the same counts the build took on its emitted quads."""
    from builder.outputs.write import Outputs
    from builder.publish.serialize import to_turtle

    assert to_turtle(describe_dataset(built.graphs, built.iris)) == to_turtle(Outputs(built).description())
