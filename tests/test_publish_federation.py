"""Federated queries: which query texts the endpoint refuses, with and without allowed endpoints."""

from __future__ import annotations

import pytest

from builder.publish.federation import endpoint_problem, federation_refusal
from tests.conftest import cli

ALLOWED = "http://127.0.0.1:9/sparql"
REFUSED_BY_DEFAULT = "federated queries (SERVICE) are not allowed on this endpoint"
REFUSED_WITH_A_LIST = "SERVICE is allowed only as SERVICE <URL> with one of the allowed endpoints written in full"

#: every way of writing a SERVICE clause the query engine accepts, and a few that merely mention the word
SERVICE_QUERIES = [
    f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}",
    f"select * {{ service silent <{ALLOWED}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ SeRvIcE#a comment\n<{ALLOWED}>{{ ?s ?p ?o }} }}",
    f"SELECT * {{ ?a ?b 1SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}",  # a number, then the keyword
    f"SELECT * {{ ?a ?b ?c .SERVICE<{ALLOWED}>{{ ?s ?p ?o }} }}",
    "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:sparql { ?s ?p ?o } }",
    r"SELECT * { SERVICE <http\u003A//127.0.0.1:9/sparql> { ?s ?p ?o } }",
    f"SELECT * {{ BIND(1 AS ?x) FILTER(?x<2)SERVICE<{ALLOWED}>#>\n{{ ?s ?p ?o }} }}",
    f'SELECT * {{ BIND("\\u005C" AS ?x) SERVICE <{ALLOWED}> {{ ?s ?p ?o }} BIND("" AS ?y) }}',
    f"SELECT * {{ BIND(<{ALLOWED}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT ?service WHERE { ?service ?p ?o }",
    'SELECT * WHERE { ?s ?p "public service" }',
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_any_mention_of_service_is_refused_by_default(query: str) -> None:
    refusal = federation_refusal(query, ())
    assert refusal is not None and refusal.startswith(REFUSED_BY_DEFAULT)


def test_a_query_without_service_runs() -> None:
    assert federation_refusal("SELECT * WHERE { ?s ?p ?o } LIMIT 1", ()) is None
    assert federation_refusal("SELECT * WHERE { ?s ?p ?o } LIMIT 1", (ALLOWED,)) is None


@pytest.mark.parametrize("query", [
    f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}",
    f"select * {{ service silent <{ALLOWED}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ SeRvIcE#a comment\n<{ALLOWED}>{{ ?s ?p ?o }} }}",
    r"SELECT * { SERVICE <http\u003A//127.0.0.1:9/sparql> { ?s ?p ?o } }",  # the engine reads the escape
])
def test_a_service_clause_naming_an_allowed_endpoint_runs(query: str) -> None:
    assert federation_refusal(query, (ALLOWED,)) is None


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://127.0.0.1:9/other> { ?s ?p ?o } }",
    f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} SERVICE <http://127.0.0.1:10/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:sparql { ?s ?p ?o } }",  # only a full IRI is checked
    f"BASE <{ALLOWED}/> SELECT * {{ SERVICE <x> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ BIND(<{ALLOWED}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    f"SELECT ?service {{ SERVICE <{ALLOWED}> {{ ?service ?p ?o }} }}",
    "SELECT * { BIND(1 AS ?x) FILTER(?x<2)SERVICE<http://127.0.0.1:10/>#>\n{ ?s ?p ?o } }",
])
def test_anything_else_is_refused_with_an_allow_list(query: str) -> None:
    refusal = federation_refusal(query, (ALLOWED,))
    assert refusal is not None and refusal.startswith(REFUSED_WITH_A_LIST)
    assert ALLOWED in refusal


@pytest.mark.parametrize(("url", "problem"), [
    ("http://example.org/sparql", None),
    ("https://query.wikidata.org/sparql", None),
    ("ftp://example.org/sparql", "is not an absolute http or https URL"),
    ("/sparql", "is not an absolute http or https URL"),
    ("http://example.org/a b", "contains a space, a quote or a character an IRI cannot hold"),
    ("http://example.org/a>", "contains a space, a quote or a character an IRI cannot hold"),
    ("http://example.org/it's", "contains a space, a quote or a character an IRI cannot hold"),
])
def test_an_allowed_endpoint_must_be_an_http_url(url: str, problem: str | None) -> None:
    found = endpoint_problem(url)
    assert found == (None if problem is None else f"{url!r} {problem}")


def test_serve_refuses_an_allowed_endpoint_that_is_no_url() -> None:
    run = cli("serve", "--allow-service", "ftp://example.org/sparql")
    assert run.returncode == 2
    assert "Invalid value for '--allow-service': 'ftp://example.org/sparql' is not an absolute http or https URL" \
        in run.stderr
    assert "Traceback" not in run.stderr
