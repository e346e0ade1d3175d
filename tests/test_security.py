"""Security: a query parameter cannot change a query's structure; credentials never show.

Parameters reach a query in three ways (builder/query.py): rdflib's ``initBindings``, and a
``VALUES`` block of RDF terms (escaped by rdflib) on pyoxigraph and on a remote endpoint. Each
hostile value below must match nothing (it is one literal, not SPARQL), change no data, and —
for the ``VALUES`` text — parse to the same algebra, term for term, as a benign value.
"""

from __future__ import annotations

import base64
import importlib.util
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from builder.errors import QueryError
from builder.outputs.read import open_store
from builder.pipeline import BuildResult
from builder.query import (
    CompetencyQuery,
    list_queries,
    parse_query,
    redact,
    run_on_endpoint,
    run_on_graph,
    run_on_store,
    with_values,
)
from builder.redaction import revealing_forms, scrubbed
from tests.conftest import CliRun, cli

# --------------------------------------------------------------------------------------------------
# injection through parameters

PARAGRAPH_BY_REF = parse_query("paragraph-by-ref", """\
# question: What does the paragraph with a given key say?
# param: ref  string  the paragraph's key, e.g. II.26
# columns: ref,text
PREFIX poa: <https://w3id.org/poa-kg/ontology#>

SELECT ?ref ?text
WHERE {
  ?p a poa:Paragraph ; poa:ref ?ref ; poa:text ?text .
}
""")

PARAGRAPH_BY_NUMBER = parse_query("paragraph-by-number", """\
# param: number  integer  a paragraph number
PREFIX poa: <https://w3id.org/poa-kg/ontology#>
SELECT ?ref WHERE { ?p a poa:Paragraph ; poa:number ?number ; poa:ref ?ref . }
""")

PARTS_OF = parse_query("parts-of", """\
# param: doc  iri  a component of a report
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?part WHERE { ?part dcterms:isPartOf ?doc . }
""")

INJECTIONS = [
    'x" } ; DROP ALL ; #',
    '") } UNION { ?s ?p ?o } #',
    "') } UNION { ?s ?p ?o } #",
    'II.26" } UNION { ?s ?p ?o } #',
    'II.26"@en',
    'II.26"^^<http://www.w3.org/2001/XMLSchema#string>',
    "II.26\n} UNION { ?s ?p ?o }\n#",
    "II.26\r\n) } #",
    'II.26"""',
    '"""',
    "\\",
    '\\" } #',
    ">",
    "<https://w3id.org/poa-kg/ontology#Paragraph>",
    "?s",
    "$p",
    "II.26 } ; INSERT DATA { <urn:a> <urn:b> <urn:c> } ; #",
    "II.26\u202e",  # a right-to-left override
    "II.26\x00",
    "",
]

IRI_INJECTIONS = [
    "https://w3id.org/x> } UNION { ?s ?p ?o } #<urn:y",
    'https://w3id.org/x" } #',
    "https://w3id.org/a b",
    "https://w3id.org/{x}",
    "https://w3id.org/x\n",
    "no-scheme",
    ">",
    "",
]


def _shape(node: Any) -> Any:
    """The algebra of a query with every constant replaced by its kind: what a value may not change."""
    if isinstance(node, CompValue):
        return node.name, tuple(sorted((k, _shape(v)) for k, v in node.items()))
    if isinstance(node, dict):
        return tuple(sorted((str(k), _shape(v)) for k, v in node.items()))
    if isinstance(node, list | tuple):
        return tuple(_shape(x) for x in node)
    if isinstance(node, set | frozenset):
        return tuple(sorted(str(x) for x in node))
    if isinstance(node, Variable):
        return "?" + str(node)
    if isinstance(node, Literal | URIRef | BNode):
        return type(node).__name__
    return repr(node)


def algebra_shape(text: str) -> Any:
    return _shape(translateQuery(parseQuery(text)).algebra)


def values_terms(text: str) -> list[Any]:
    """The constants of the query's VALUES block, as rdflib parsed them."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "values":
                found.extend(v for row in node["res"] for v in row.values())
            for v in node.values():
                walk(v)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v)

    walk(translateQuery(parseQuery(text)).algebra)
    return found


@pytest.fixture(scope="module")
def graph(built: BuildResult) -> Graph:
    return built.data_graph()


@pytest.fixture(scope="module")
def store(out_dir: Path) -> Any:
    return open_store(out_dir)


def test_benign_values_find_the_paragraph(graph: Graph, store: Any) -> None:
    expected = (("II.26",),)
    assert tuple(r[:1] for r in run_on_graph(PARAGRAPH_BY_REF, graph, {"ref": "II.26"}).rows) == expected
    assert tuple(r[:1] for r in run_on_store(PARAGRAPH_BY_REF, store, {"ref": "II.26"}).rows) == expected
    by_number = run_on_store(PARAGRAPH_BY_NUMBER, store, {"number": "26"}).rows
    assert sorted(by_number) == [("II.26",), ("III.26",), ("IV.26",)]  # the body has 20 paragraphs
    annex = "https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06/!main/annex_1"
    assert len(run_on_store(PARTS_OF, store, {"doc": annex}).rows) > 5


@pytest.mark.parametrize("value", INJECTIONS)
def test_string_parameter_cannot_change_the_query(graph: Graph, store: Any, value: str) -> None:
    size_graph, size_store = len(graph), len(store)
    assert run_on_graph(PARAGRAPH_BY_REF, graph, {"ref": value}).rows == ()
    assert run_on_store(PARAGRAPH_BY_REF, store, {"ref": value}).rows == ()
    assert (len(graph), len(store)) == (size_graph, size_store)
    # the remote path: the text sent parses, has the benign algebra and carries the value intact
    text = with_values(PARAGRAPH_BY_REF.text, PARAGRAPH_BY_REF.bind({"ref": value}))
    benign = with_values(PARAGRAPH_BY_REF.text, PARAGRAPH_BY_REF.bind({"ref": "II.26"}))
    assert algebra_shape(text) == algebra_shape(benign)
    assert values_terms(text) == [Literal(value)]


@pytest.mark.parametrize("value", ["1 } UNION { ?s ?p ?o }", "26; DROP ALL", "0x1A", "one", ""])
def test_integer_parameter_must_be_an_integer(store: Any, value: str) -> None:
    with pytest.raises(QueryError) as err:
        run_on_store(PARAGRAPH_BY_NUMBER, store, {"number": value})
    assert str(err.value) == f"parameter 'number' must be an integer, got {value!r}"


@pytest.mark.parametrize("value", IRI_INJECTIONS)
def test_iri_parameter_cannot_close_its_brackets(graph: Graph, store: Any, value: str) -> None:
    message = f"parameter 'doc' must be an absolute IRI, got {value!r}"
    for run in (lambda: run_on_store(PARTS_OF, store, {"doc": value}),
                lambda: run_on_graph(PARTS_OF, graph, {"doc": value}),
                lambda: PARTS_OF.bind({"doc": value})):
        with pytest.raises(QueryError) as err:
            run()
        assert str(err.value) == message


@pytest.mark.parametrize("value", ["urn:x:%22%7D%20UNION", "https://example.org/a#b?c=%3E", "mailto:x@y.z"])
def test_odd_but_valid_iris_match_nothing_and_keep_the_shape(graph: Graph, store: Any, value: str) -> None:
    assert run_on_store(PARTS_OF, store, {"doc": value}).rows == ()
    assert run_on_graph(PARTS_OF, graph, {"doc": value}).rows == ()
    text = with_values(PARTS_OF.text, PARTS_OF.bind({"doc": value}))
    assert algebra_shape(text) == algebra_shape(with_values(PARTS_OF.text, PARTS_OF.bind({"doc": "urn:x"})))
    assert values_terms(text) == [URIRef(value)]


def _parametrised() -> list[CompetencyQuery]:
    return [q for q in list_queries() if q.parameters]


@pytest.mark.skipif(not _parametrised(), reason="no parametrised competency query in queries/ yet")
@pytest.mark.parametrize("value", [INJECTIONS[0], INJECTIONS[1], INJECTIONS[6]])
@pytest.mark.slow  # rdflib's engine over the whole report
def test_every_parametrised_competency_query_keeps_its_shape(graph: Graph, store: Any, value: str) -> None:
    for q in _parametrised():
        bound_bad = {p.name: value if p.type == "string" else _benign(p.type) for p in q.parameters}
        bound_good = {p.name: "x" if p.type == "string" else _benign(p.type) for p in q.parameters}
        assert algebra_shape(with_values(q.text, q.bind(bound_bad))) == \
            algebra_shape(with_values(q.text, q.bind(bound_good))), q.name
        before = len(store)
        assert run_on_store(q, store, bound_bad).rows == run_on_store(q, store, bound_good).rows == (), q.name
        assert run_on_graph(q, graph, bound_bad).rows == (), q.name
        assert len(store) == before


def _benign(ptype: str) -> str:
    return {"integer": "1", "iri": "urn:x"}.get(ptype, "x")


@pytest.mark.skipif(not any(q.name == "commitments-citing" for q in _parametrised()),
                    reason="queries/commitments-citing.rq is not in the tree yet")
@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; #', '") } UNION { ?s ?p ?o } #', "S/RES/2370 (2017)\n#"])
def test_injection_through_the_command_line(out_dir: Path, value: str) -> None:
    proc = cli("query", "commitments-citing", "--data", str(out_dir), "--param", f"instrument={value}",
                   "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 1  # the header row alone: nothing matched


# --------------------------------------------------------------------------------------------------
# credentials never appear in messages

USER, PASSWORD = "publisher", "s3cret-Pa55"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
SECRETS = (PASSWORD, TOKEN)


class _Echo(BaseHTTPRequestHandler):
    """Answers every request with ``status`` and a body that repeats the request's credentials."""

    status = 401

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = f"denied: Authorization={self.headers.get('Authorization')} password={PASSWORD}".encode()
        self.send_response(self.status, f"No {PASSWORD}")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def echo_server(request: pytest.FixtureRequest) -> Iterator[str]:
    handler = type("Handler", (_Echo,), {"status": getattr(request, "param", 401)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _clean(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def test_redact_hides_the_password_of_an_address() -> None:
    assert redact(f"https://{USER}:{PASSWORD}@example.org:8443/sparql?x=1") == \
        f"https://{USER}:***@example.org:8443/sparql?x=1"
    assert redact("http://example.org/sparql") == "http://example.org/sparql"


@pytest.mark.parametrize("echo_server", [401, 500], indirect=True)
def test_remote_query_errors_carry_no_credentials(echo_server: str) -> None:
    q = parse_query("t", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    for url in (f"{echo_server}/sparql", f"http://{USER}:{PASSWORD}@127.0.0.1:{_free_port()}/sparql"):
        with pytest.raises(QueryError) as err:
            run_on_endpoint(q, url, {}, timeout=10)
        assert "\n" not in str(err.value)
        _clean(str(err.value))


def test_remote_query_through_the_command_line_carries_no_credentials() -> None:
    proc = cli("query", "paragraphs", "--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:{_free_port()}/q")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"poa-kg: error: http://{USER}:***@127.0.0.1:")
    assert proc.stderr.count("\n") == 1
    _clean(proc.stdout, proc.stderr)


HAS_PUBLISHER = importlib.util.find_spec("builder.publish.endpoint") is not None
needs_publisher = pytest.mark.skipif(not HAS_PUBLISHER,
                                     reason="the endpoint publisher (builder/publish/endpoint.py) is not in the tree")


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pub") / "dataset.nq"
    path.write_text('<urn:a> <urn:b> "c" <https://w3id.org/poa-kg/graph/report/X> .\n', encoding="utf-8")
    return path


def _publish(url: str, data: Path) -> CliRun:
    env = {"POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD}
    return cli("publish", "endpoint", url, "--data", str(data), env=env)


@needs_publisher
@pytest.mark.parametrize("echo_server", [401, 403, 500], indirect=True)
def test_publisher_errors_carry_no_credentials(echo_server: str, small_dataset: Path) -> None:
    proc = _publish(f"{echo_server}/store", small_dataset)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"poa-kg: error: {echo_server}/store: HTTP ")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "***" in proc.stderr  # the server's reply was quoted, with the secrets blanked out
    _clean(proc.stdout, proc.stderr)


@needs_publisher
def test_publisher_refuses_credentials_in_the_address(small_dataset: Path) -> None:
    for url in (f"http://{USER}:{PASSWORD}@127.0.0.1:{_free_port()}/store", f"http://127.0.0.1:{_free_port()}/store"):
        proc = _publish(url, small_dataset)
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
        _clean(proc.stdout, proc.stderr)


@needs_publisher
def test_credentials_never_show_in_a_repr() -> None:
    from builder.publish.endpoint import Credentials

    creds = Credentials(USER, PASSWORD)
    _clean(repr(creds), str(creds), repr([creds]))


def test_every_form_of_a_password_and_every_start_of_one_is_scrubbed() -> None:
    forms = revealing_forms("alice", "S3cr3tPa55!")
    token = base64.b64encode(b"alice:S3cr3tPa55!").decode()
    assert {"S3cr3tPa55!", "alice:S3cr3tPa55!", token, "S3cr3tPa55%21", "alice%3AS3cr3tPa55%21"} <= forms
    assert {token[:n] for n in range(4, len(token) + 1)} <= forms
    assert {"S3cr", "alice:S", "alice%3AS"} <= forms
    # a start that reaches no further than the user name gives nothing away: an address may show it
    assert not {"S3c", "alice", "alice:", "alice%3A"} & forms
    text = f"x {token[:13]} / alice:S3cr3tPa5 / S3cr3tPa55%21 / alice:*** / Basic {token}."
    assert scrubbed(text, forms) == "x *** / *** / *** / alice:*** / Basic ***."
    assert scrubbed(text, []) == text


def test_a_remote_query_error_is_scrubbed_before_it_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    from SPARQLWrapper import SPARQLWrapper

    # an address holds the password percent-encoded; what the server says back may hold it decoded, or cut
    token = base64.b64encode(b"alice:S3cr3tPa55!").decode()

    def failing(self: object) -> None:
        raise RuntimeError(f"denied: Basic {token[:12]} (S3cr3tPa5\n5!) for {token}")

    monkeypatch.setattr(SPARQLWrapper, "queryAndConvert", failing)
    q = parse_query("t", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    port = _free_port()
    with pytest.raises(QueryError) as err:
        run_on_endpoint(q, f"http://alice:S3cr3tPa55%21@127.0.0.1:{port}/sparql", {})
    assert str(err.value) == f"http://alice:***@127.0.0.1:{port}/sparql: query failed: RuntimeError: denied:" \
                             " Basic *** (***"
