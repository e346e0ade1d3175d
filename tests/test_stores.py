"""The build published to real SPARQL stores, and every competency query asked there, answered as at home.

Three stores whose default graph differs: Oxigraph as it starts (the default graph is a graph of its own,
empty here), Oxigraph with ``--union-default-graph``, and Debian's Virtuoso (the default graph is the
union of every graph it holds, its own system graphs included), which takes updates only through its
Digest-authenticated Graph Store endpoint. Each is started here on a free loopback port with a
throw-away database, and stopped at the end.
"""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from builder.iri import Iris
from builder.outputs.read import open_store
from builder.query import graphs_beside, list_queries, published_graphs, run_on_endpoint, run_on_store
from tests.conftest import cli
from tests.test_publish_endpoint import OXIGRAPH, REPORT_GRAPH, publish, sample_params
from tests.test_publish_server import free_port, running

pytestmark = [pytest.mark.server, pytest.mark.slow]  # every store is a process of its own

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
BASE = "https://w3id.org/poa-kg/"
GRAPHS = (f"{BASE}graph/ontology", f"{BASE}graph/reference", REPORT_GRAPH)
#: Virtuoso's administrator and the password a new database gives it
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"


@contextmanager
def oxigraph_store(tmp: Path, *options: str) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port, with ``options``; yields its base URL."""
    assert OXIGRAPH.is_file(), "the 'oxigraph' server package is part of the dev dependencies"
    port = free_port()
    cmd = [str(OXIGRAPH), "serve", "--location", str(tmp / "db"), "--bind", f"127.0.0.1:{port}", *options]
    with running(cmd, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", tmp / "oxigraph.log"):
        yield f"http://127.0.0.1:{port}"


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {db}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@contextmanager
def virtuoso_store(tmp: Path) -> Iterator[str]:
    """Debian's Virtuoso on free loopback ports, with a new database in ``tmp``; yields its base URL."""
    if not Path(VIRTUOSO).is_file():
        pytest.fail("Virtuoso is missing: bash tools/install-virtuoso.sh (make test runs it)")
    db = tmp / "virtuoso"
    db.mkdir()
    http_port = free_port()
    sql_port = next(port for port in iter(free_port, None) if port != http_port)
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    # -f: in the foreground, so that ending the process ends the server
    with running([VIRTUOSO, "-f", "-c", str(ini)], f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D",
                 tmp / "virtuoso-stdout.log"):
        yield f"http://127.0.0.1:{http_port}"


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Iterator[dict[str, str]]:
    """The query endpoint of each store, the build published into it."""
    with ExitStack() as started:
        plain_url = started.enter_context(oxigraph_store(tmp_path_factory.mktemp("oxigraph-plain")))
        union_url = started.enter_context(oxigraph_store(tmp_path_factory.mktemp("oxigraph-union"),
                                                         "--union-default-graph"))
        virtuoso_url = started.enter_context(virtuoso_store(tmp_path_factory.mktemp("virtuoso")))
        for store in (plain_url, union_url):
            done = publish(f"{store}/store", "--data", str(out_dir))
            assert done.returncode == 0, done.stderr
        done = publish(f"{virtuoso_url}/sparql-graph-crud-auth", "--data", str(out_dir), env={
            "POA_KG_ENDPOINT_USER": VIRTUOSO_USER, "POA_KG_ENDPOINT_PASSWORD": VIRTUOSO_PASSWORD,
            "POA_KG_ENDPOINT_AUTH": "digest"})
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == \
            f"published 3 graph(s), 41216 triples to {virtuoso_url}/sparql-graph-crud-auth"
        yield {"oxigraph": f"{plain_url}/query", "oxigraph-union": f"{union_url}/query",
               "virtuoso": f"{virtuoso_url}/sparql"}


STORES = ("oxigraph", "oxigraph-union", "virtuoso")


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_competency_query_answers_as_the_embedded_store(stores: dict[str, str], out_dir: Path, store: str,
                                                              query: str) -> None:
    q = next(x for x in list_queries() if x.name == query)
    params = sample_params(q)
    embedded = run_on_store(q, open_store(out_dir), params)
    remote = run_on_endpoint(q, stores[store], params)
    assert remote.columns == embedded.columns
    assert sorted(remote.rows) == sorted(embedded.rows)
    assert len(embedded.rows) > 0


@pytest.mark.parametrize("store", STORES)
def test_the_published_graphs_are_found_on_each_store(stores: dict[str, str], store: str) -> None:
    assert published_graphs(stores[store]) == GRAPHS


def test_the_graphs_beside_a_report_graph_are_those_a_build_names() -> None:
    iris = Iris(BASE, "A/CONF.192/2018/RC/3", "2018-07-06")
    assert graphs_beside(iris.report_graph.value) == (iris.reference_graph.value, iris.ontology_graph.value)
    assert graphs_beside("https://example.org/some/graph") == ()


def test_the_plain_default_graph_of_oxigraph_is_empty(stores: dict[str, str]) -> None:
    # what a query that names no dataset gets there: nothing (and from the embedded store, the union)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    req = urllib.request.Request(stores["oxigraph"], data=query.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        assert resp.read().decode().splitlines() == ["n", "0"]


def test_a_store_without_the_graphs_is_an_error_not_an_empty_table(tmp_path: Path) -> None:
    with oxigraph_store(tmp_path) as empty:
        proc = cli("query", "citations", "--endpoint", f"{empty}/query")
        assert proc.returncode == 2
        assert proc.stdout == ""
        assert proc.stderr == (f"poa-kg: error: {empty}/query: the store holds no graph published by poa-kg"
                               " (no named graph with a poa:Report); load a build into it with"
                               " 'poa-kg publish endpoint'\n")


def test_virtuoso_refuses_basic_authentication(stores: dict[str, str], tmp_path: Path) -> None:
    # why POA_KG_ENDPOINT_AUTH=digest: Virtuoso answers a Basic header with a bare 401
    crud = stores["virtuoso"].removesuffix("/sparql") + "/sparql-graph-crud-auth"
    other_out = tmp_path / "dataset.nq"
    other_out.write_text('<urn:x:s> <urn:x:p> "o" <urn:x:graph> .\n', encoding="utf-8")
    proc = publish(crud, "--data", str(other_out), env={
        "POA_KG_ENDPOINT_USER": VIRTUOSO_USER, "POA_KG_ENDPOINT_PASSWORD": VIRTUOSO_PASSWORD})
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {crud}: HTTP 401 Unauthorized\n"
    wrong = publish(crud, "--data", str(other_out), env={
        "POA_KG_ENDPOINT_USER": VIRTUOSO_USER, "POA_KG_ENDPOINT_PASSWORD": "not-the-password",
        "POA_KG_ENDPOINT_AUTH": "digest"})
    assert wrong.returncode == 2
    assert wrong.stderr == f"poa-kg: error: {crud}: HTTP 401 Unauthorized\n"
    assert "not-the-password" not in wrong.stdout + wrong.stderr
