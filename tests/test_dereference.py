"""Every IRI a build mints answers: the ontology and each named graph, from the static site and from ``serve``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from builder.publish.dereference import with_term_anchors
from tests.test_publish_server import request, serve
from tests.test_publish_site import cached_site

BASE = "https://w3id.org/poa-kg/"
POA = BASE + "ontology#"
REPORT_GRAPH = "graph/report/A-CONF.192-2018-RC-3"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Path:
    return cached_site(tmp_path_factory, out_dir)


@pytest.fixture(scope="module")
def dataset(out_dir: Path) -> Dataset:
    ds = Dataset()
    ds.parse(out_dir / "dataset.nq", format="nquads")
    return ds


def named(ds: Dataset, path: str) -> Graph:
    return ds.graph(URIRef(BASE + path))


# --- the static site ------------------------------------------------------------------------------


def test_the_ontology_documents_are_the_published_ontology(site: Path, dataset: Dataset) -> None:
    ontology = named(dataset, "graph/ontology")
    assert len(ontology) > 1000
    assert isomorphic(Graph().parse(site / "ontology.ttl", format="turtle"), ontology)
    assert isomorphic(Graph().parse(site / "ontology.nt", format="nt"), ontology)
    assert isomorphic(Graph().parse(site / "ontology.jsonld", format="json-ld"), ontology)
    # a static host without negotiation serves the HTML at the IRI's own path
    assert (site / "ontology").read_bytes() == (site / "ontology.html").read_bytes()


def test_every_term_of_the_ontology_has_its_anchor_in_the_html(site: Path, dataset: Dataset) -> None:
    html = (site / "ontology.html").read_text(encoding="utf-8")
    assert "pyLODE" in html
    ids = set(re.findall(r'\bid="([^"]*)"', html))
    terms = {str(s)[len(POA):] for s in named(dataset, "graph/ontology").subjects()
             if str(s).startswith(POA) and len(str(s)) > len(POA)}
    assert len(terms) > 150
    assert sorted(terms - ids) == []
    assert '<span id="Report"></span>' in html  # pyLODE named the section of poa:Report "report"


def test_term_anchors_are_added_only_where_missing() -> None:
    html = ('<div class="property entity" id="report"><h3>report</h3><code>https://x.org/o#Report</code></div>'
            '<div class="property entity" id="Chapter"><h3>c</h3><code>https://x.org/o#Chapter</code></div>')
    assert with_term_anchors(html) == html.replace('id="report">', 'id="report"><span id="Report"></span>')


def test_each_named_graph_has_its_dump(site: Path, dataset: Dataset) -> None:
    for path in ("graph/ontology", "graph/reference", REPORT_GRAPH):
        graph = named(dataset, path)
        assert len(graph) > 1000, path
        assert len(Graph().parse(site / f"{path}.nt", format="nt")) == len(graph)
        assert (site / path).read_bytes() == (site / f"{path}.ttl").read_bytes()
    report = Graph().parse(site / f"{REPORT_GRAPH}.ttl", format="turtle")
    assert isomorphic(report, named(dataset, REPORT_GRAPH))


def test_the_site_tells_apache_how_to_negotiate(site: Path) -> None:
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteEngine On" in rules and "Options -MultiViews" in rules
    assert re.findall(r"RewriteRule \^\(\.\+\)\$ \$1(\.\w+) \[R=303,L\]", rules) == [
        ".ttl", ".jsonld", ".nt", ".html", ".ttl"]


# --- poa-kg serve ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(site: Path, out_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("deref") / "serve.log"
    with serve(out_dir, site, log, "--quiet") as url:
        yield url
    assert "Traceback" not in log.read_text(errors="replace")


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize(("path", "accept", "location"), [
    ("/ontology", BROWSER, "/ontology.html"),
    ("/ontology", None, "/ontology.html"),
    ("/ontology", "text/turtle", "/ontology.ttl"),
    ("/ontology", "application/ld+json", "/ontology.jsonld"),
    ("/ontology", "application/n-triples", "/ontology.nt"),
    ("/graph/reference", "text/turtle", "/graph/reference.ttl"),
    ("/graph/reference", "application/n-triples", "/graph/reference.nt"),
    ("/graph/reference", BROWSER, "/graph/reference.ttl"),  # no page: a browser gets the Turtle
    (f"/{REPORT_GRAPH}", "application/n-triples", f"/{REPORT_GRAPH}.nt"),
    ("/graph/ontology", "text/turtle", "/graph/ontology.ttl"),
])
def test_minted_iris_are_answered_by_negotiation(server: str, path: str, accept: str | None,
                                                 location: str) -> None:
    r = request(server, "GET", path, {"Accept": accept} if accept else {})
    assert (r.status, r.headers["location"], r.headers["vary"]) == (303, location, "Accept")
    doc = request(server, "GET", location)
    assert doc.status == 200
    assert doc.headers["content-type"].split(";")[0] == {
        "html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
        "nt": "application/n-triples"}[location.rsplit(".", 1)[1]]


@pytest.mark.server
@pytest.mark.slow
def test_a_graph_has_no_json_ld_and_says_what_it_has(server: str) -> None:
    r = request(server, "GET", "/graph/reference", {"Accept": "application/ld+json"})
    assert r.status == 406
    assert r.text == "not available in the requested format; offered: text/turtle, application/x-turtle," \
                     " application/n-triples\n"
    assert r.headers["link"] == ('</graph/reference.ttl>; rel="alternate"; type="text/turtle", '
                                 '</graph/reference.nt>; rel="alternate"; type="application/n-triples"')


@pytest.mark.server
@pytest.mark.slow
def test_a_term_iri_lands_on_its_anchor(server: str, dataset: Dataset) -> None:
    # the client strips "#Paragraph", follows the 303, and finds the anchor in the page
    r = request(server, "GET", "/ontology", {"Accept": BROWSER})
    page = request(server, "GET", r.headers["location"])
    assert 'id="Paragraph"' in page.text
    rdf = request(server, "GET", request(server, "GET", "/ontology", {"Accept": "application/ld+json"})
                  .headers["location"])
    nodes = {n["@id"]: n for n in json.loads(rdf.text)}
    assert POA + "Paragraph" in nodes
