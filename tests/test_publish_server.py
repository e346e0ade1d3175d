"""``poa-kg serve`` for real: content negotiation, static files, path safety and the SPARQL endpoint."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph

from builder.outputs.read import open_store
from builder.query import load_query, run_on_store
from tests.conftest import ROOT
from tests.test_publish_site import PARA_26, PARA_26_FILE, cached_site

EXPR = "akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


# --- helpers shared with the endpoint and browser tests ----------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on right now (bind to port 0, read it, release it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 120.0) -> None:
    """Poll ``url`` until the server answers anything at all (any HTTP status counts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url} within {timeout} s: {log.read_text(errors='replace')}")


@contextmanager
def running(cmd: list[str], probe: str, log: Path,
            env: Mapping[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``cmd``, wait until ``probe`` answers, and terminate the process at the end (kill if it lingers)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        try:
            wait_until_up(probe, proc, log)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


@contextmanager
def serve(out_dir: Path, site: Path, log: Path, *extra: str) -> Iterator[str]:
    """``poa-kg serve`` on a free loopback port; yields its base URL."""
    with serve_process(out_dir, site, log, *extra) as (url, _pid):
        yield url


@contextmanager
def serve_process(out_dir: Path, site: Path, log: Path, *extra: str) -> Iterator[tuple[str, int]]:
    """``poa-kg serve`` on a free loopback port; yields its base URL and its process id."""
    port = free_port()
    cmd = [sys.executable, "-m", "builder.cli", "serve", "--data", str(out_dir), "--site", str(site),
           "--port", str(port), *extra]
    with running(cmd, f"http://127.0.0.1:{port}/index.html", log) as proc:
        yield f"http://127.0.0.1:{port}", proc.pid


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(base: str, method: str, path: str, headers: Mapping[str, str] | None = None,
            body: bytes | None = None) -> Reply:
    """One raw HTTP request: the path is sent exactly as given (no normalisation, no redirects)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Path:
    return cached_site(tmp_path_factory, out_dir)


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve") / "serve.log"


@pytest.fixture(scope="module")
def server(site: Path, out_dir: Path, server_log: Path) -> Iterator[str]:
    with serve(out_dir, site, server_log, "--max-rows", "50") as url:
        yield url
    assert "Traceback" not in server_log.read_text(errors="replace")


# --- content negotiation -----------------------------------------------------------------------

RESOURCE = "/" + quote(PARA_26, safe="/!@")


@pytest.mark.parametrize(("accept", "ext"), [
    (None, ".html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ".html"),
    ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/n-triples", ".nt"),
    ("text/turtle;q=0.5, application/ld+json", ".jsonld"),
    ("*/*", ".html"),
])
@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_resource_iri_redirects_to_the_negotiated_document(server: str, accept: str | None, ext: str) -> None:
    r = request(server, "GET", RESOURCE, {"Accept": accept} if accept else {})
    assert r.status == 303
    location = "/" + quote(PARA_26_FILE, safe="/") + ext
    assert r.headers["location"] == location
    assert r.headers["vary"] == "Accept"
    assert f'<{"/" + quote(PARA_26_FILE, safe="/")}.ttl>; rel="alternate"; type="text/turtle"' in r.headers["link"]
    doc = request(server, "GET", location)
    assert doc.status == 200
    assert doc.headers["content-type"].split(";")[0] == {
        ".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
        ".nt": "application/n-triples"}[ext]


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_percent_encoded_resource_iri_is_the_same_resource(server: str) -> None:
    r = request(server, "GET", "/" + quote(PARA_26, safe="/"), {"Accept": "text/turtle"})
    assert r.status == 303 and r.headers["location"].endswith("section_II__para_26.ttl")


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_unacceptable_format_is_406(server: str) -> None:
    r = request(server, "GET", RESOURCE, {"Accept": "image/png"})
    assert r.status == 406
    assert "text/turtle" in r.text


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_turtle_document_is_the_resource_description(server: str, site: Path) -> None:
    r = request(server, "GET", "/" + quote(PARA_26_FILE, safe="/") + ".ttl")
    g = Graph()
    g.parse(data=r.text, format="turtle")
    assert r.body == (site / (PARA_26_FILE + ".ttl")).read_bytes()
    assert len(g) > 20


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_index_and_dumps_are_served(server: str, out_dir: Path) -> None:
    index = request(server, "GET", "/")
    assert index.status == 200 and "Competency queries" in index.text
    nt = request(server, "GET", "/dumps/graph.nt")
    assert nt.status == 200 and nt.headers["content-type"] == "application/n-triples"
    assert nt.body == (out_dir / "graph.nt").read_bytes()
    head = request(server, "HEAD", "/dumps/graph.nt")
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) == len(nt.body)
    assert request(server, "GET", "/no/such/page").status == 404
    assert request(server, "PUT", "/index.html", body=b"x").status == 405


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt", "/dumps/../../secret.txt",
    "/dumps/%2e%2e/%2e%2e/secret.txt", "/dumps/..%2f..%2fsecret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
    "/./../secret.txt", "/dumps/..%5c..%5csecret.txt", "/" + "%2e%2e/" * 12 + "etc/passwd", "/../../../../etc/passwd",
    "//etc/passwd", "/%2fetc/passwd", "/dumps/%00/../../secret.txt",
])
@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_no_path_outside_the_site_folder(server: str, site: Path, path: str) -> None:
    secret = site.parent / "secret.txt"
    secret.write_text("do not serve me", encoding="utf-8")
    r = request(server, "GET", path)
    assert r.status == 404
    assert b"do not serve me" not in r.body and b"root:" not in r.body


# --- SPARQL -------------------------------------------------------------------------------------

COUNT_REPORTS = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/poa-kg/ontology#Report> }"


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_sparql_get_json_matches_the_embedded_answer(server: str, out_dir: Path) -> None:
    q = load_query("paragraphs")
    r = request(server, "GET", "/sparql?" + urlencode({"query": q.text}),
                {"Accept": "application/sparql-results+json"})
    assert r.status == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.headers["x-result-limit"] == "50"
    data = json.loads(r.body)
    assert data["head"]["vars"] == ["ref", "section", "number", "text"]
    rows = [tuple(b[c]["value"] for c in data["head"]["vars"]) for b in data["results"]["bindings"]]
    embedded = run_on_store(q, open_store(out_dir), {})
    assert rows == list(embedded.rows[:50])
    assert r.headers["x-result-truncated"] == "true"  # 194 paragraphs, 50 rows at most on this server
    assert data["results"]["bindings"][0]["number"] == {
        "type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert data["results"]["bindings"][0]["text"]["xml:lang"] == "ar"


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_sparql_post_form_and_direct(server: str) -> None:
    form = request(server, "POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded",
                                                "Accept": "application/sparql-results+json"},
                   urlencode({"query": COUNT_REPORTS}).encode())
    direct = request(server, "POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                  "Accept": "application/sparql-results+json"}, COUNT_REPORTS.encode())
    for r in (form, direct):
        assert r.status == 200
        assert json.loads(r.body)["results"]["bindings"] == [
            {"n": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
        assert "x-result-truncated" not in r.headers
    other = request(server, "POST", "/sparql", {"Content-Type": "text/plain"}, COUNT_REPORTS.encode())
    assert other.status == 415


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_sparql_result_formats(server: str) -> None:
    q = "SELECT ?r ?id WHERE { ?r a <https://w3id.org/poa-kg/ontology#Report> ; " \
        "<http://purl.org/dc/terms/identifier> ?id }"
    work = "https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3"
    xml = request(server, "GET", "/sparql?" + urlencode({"query": q}), {"Accept": "application/sparql-results+xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(xml.body)
    assert [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")] == ["r", "id"]
    assert [u.text for u in root.iter(f"{SPARQL_RESULTS}uri")] == [work]
    assert [lit.text for lit in root.iter(f"{SPARQL_RESULTS}literal")] == ["A/CONF.192/2018/RC/3"]
    csv_reply = request(server, "GET", "/sparql?" + urlencode({"query": q}), {"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(csv_reply.text))) == [["r", "id"], [work, "A/CONF.192/2018/RC/3"]]
    tsv = request(server, "GET", "/sparql?" + urlencode({"query": q}), {"Accept": "text/tab-separated-values"})
    assert tsv.text == f'?r\t?id\n<{work}>\t"A/CONF.192/2018/RC/3"\n'
    ask = request(server, "GET", "/sparql?" + urlencode({"query": f"ASK {{ <{work}> ?p ?o }}"}))
    assert json.loads(ask.body) == {"head": {}, "boolean": True}
    construct = request(server, "GET", "/sparql?" + urlencode(
        {"query": f"CONSTRUCT {{ <{work}> ?p ?o }} WHERE {{ <{work}> ?p ?o }}"}), {"Accept": "application/n-triples"})
    g = Graph()
    g.parse(data=construct.text, format="nt")
    assert len(g) >= 5
    assert request(server, "GET", "/sparql?" + urlencode({"query": q}), {"Accept": "image/png"}).status == 406


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_sparql_dataset_over_http(server: str) -> None:
    # the query's FROM, then the protocol's parameters, by GET, by a form and by a direct POST
    rules = "SELECT (COUNT(?r) AS ?n) {} WHERE {{ ?r a <https://w3id.org/poa-kg/ontology#ResolutionRule> }}"
    graph = "https://w3id.org/poa-kg/graph/"

    def count(reply: Reply) -> str:
        assert reply.status == 200, reply.text
        return str(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])

    json_results = {"Accept": "application/sparql-results+json"}
    assert count(request(server, "GET", "/sparql?" + urlencode({"query": rules.format("")}), json_results)) == "56"
    from_report = rules.format(f"FROM <{graph}report/A-CONF.192-2018-RC-3>")  # every rule is the reference graph's
    assert count(request(server, "GET", "/sparql?" + urlencode({"query": from_report}), json_results)) == "0"
    both = [("query", from_report), ("default-graph-uri", f"{graph}reference")]  # the protocol's dataset wins
    assert count(request(server, "GET", "/sparql?" + urlencode(both), json_results)) == "56"
    form = request(server, "POST", "/sparql", {**json_results, "Content-Type": "application/x-www-form-urlencoded"},
                   urlencode([("query", rules.format("")), ("named-graph-uri", f"{graph}reference")]).encode())
    assert count(form) == "0"  # named graphs only: the default graph is empty
    direct = request(server, "POST", "/sparql?" + urlencode({"default-graph-uri": f"{graph}reference"}),
                     {**json_results, "Content-Type": "application/sparql-query"}, rules.format("").encode())
    assert count(direct) == "56"


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_html_refused_by_q_zero_is_not_served(server: str) -> None:
    r = request(server, "GET", RESOURCE, {"Accept": "text/html;q=0, */*;q=0.1"})
    assert r.status == 303 and r.headers["location"].endswith("section_II__para_26.ttl")
    page = request(server, "GET", "/sparql", {"Accept": "text/html;q=0, */*;q=0.1"})
    assert page.status == 400 and page.text == "missing query parameter\n"
    construct = request(server, "GET", "/sparql?" + urlencode(
        {"query": "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"}), {"Accept": "application/rdf+xml"})
    assert construct.status == 200 and construct.headers["content-type"] == "application/rdf+xml; charset=utf-8"
    g = Graph()
    g.parse(data=construct.body, format="xml")
    assert len(g) == 3


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_sparql_update_is_refused(server: str) -> None:
    update = "INSERT DATA { <http://example.org/s> <http://example.org/p> <http://example.org/o> }"
    assert request(server, "POST", "/sparql", {"Content-Type": "application/sparql-update"},
                   update.encode()).status == 403
    assert request(server, "POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                   urlencode({"update": update}).encode()).status == 403
    assert request(server, "GET", "/sparql?" + urlencode({"update": update})).status == 403
    as_query = request(server, "GET", "/sparql?" + urlencode({"query": update}))
    assert as_query.status == 400 and as_query.text.startswith("query failed:")
    check = request(server, "GET", "/sparql?" + urlencode({"query": "ASK { ?s <http://example.org/p> ?o }"}))
    assert json.loads(check.body)["boolean"] is False


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_sparql_without_query(server: str) -> None:
    assert request(server, "GET", "/sparql", {"Accept": "application/sparql-results+json"}).status == 400
    form = request(server, "GET", "/sparql", {"Accept": "text/html"})
    assert form.status == 200 and '<form method="post" action="sparql">' in form.text
    bad = request(server, "GET", "/sparql?query=SELECT%20*%20WHERE%20%7B")
    assert bad.status == 400


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_serve_binds_loopback_by_default(server: str, server_log: Path) -> None:
    # no --host was given: the server says it listens on 127.0.0.1, and warns about nothing
    first = server_log.read_text(errors="replace").splitlines()[0]
    assert first.startswith(f"serving {server}/ (site ")
    assert server.startswith("http://127.0.0.1:")
    assert "warning" not in server_log.read_text(errors="replace")


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_a_query_over_the_time_limit_is_abandoned(site: Path, out_dir: Path, tmp_path: Path) -> None:
    # its own server: the abandoned evaluation keeps a worker busy until the process ends
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with serve(out_dir, site, tmp_path / "serve.log", "--query-timeout", "1", "--quiet") as url:
        r = request(url, "GET", "/sparql?" + urlencode({"query": heavy}))
        assert r.status == 503
        assert r.headers["x-query-timeout"] == "1"
        assert r.text == "query time limit of 1 s exceeded\n"
        # the server still answers other requests
        ok = request(url, "GET", "/sparql?" + urlencode({"query": COUNT_REPORTS}))
        assert ok.status == 200


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_a_symbolic_link_out_of_the_site_is_not_followed(out_dir: Path, tmp_path: Path) -> None:
    from builder.publish.site import MARKER, write_site

    site = tmp_path / "site"
    write_site({"index.html": b"<!DOCTYPE html><title>t</title>", MARKER: b"x"}, site)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve me", encoding="utf-8")
    (site / "leak.txt").symlink_to(secret)
    (site / "inside.txt").write_text("fine", encoding="utf-8")
    with serve(out_dir, site, tmp_path / "serve.log", "--quiet") as url:
        assert request(url, "GET", "/inside.txt").body == b"fine"
        leak = request(url, "GET", "/leak.txt")
        assert leak.status == 404 and b"do not serve me" not in leak.body


# --- hostile clients ----------------------------------------------------------------------------

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours of CPU
HUGE_SORT = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # gigabytes of memory
NOT_IN_THE_LOG = ("Traceback", "BrokenPipeError", "ConnectionResetError", "unsendable")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            parents.setdefault(int(stat.rpartition(")")[2].split()[1]), []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo and len(tree) < 1000:
        tree.append(todo.pop())
        todo += parents.get(tree[-1], [])
    return tree


def tree_rss_mb(pid: int) -> float:
    """Resident memory of the process tree of ``pid``, in MB."""
    total = 0
    for p in process_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of the processes now in the tree of ``pid``."""
    ticks = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def sparql_get(url: str, query: str, timeout: float = 60) -> Reply:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", "/sparql?" + urlencode({"query": query}),
                     headers={"Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def ask_and_hang_up(url: str, query: str, after: float, reset: bool = False) -> None:
    """Send ``query`` and close the connection ``after`` seconds later, without reading (``reset``: with an RST)."""
    hang_up(url, "/sparql?" + urlencode({"query": query}), after, reset)


def hang_up(url: str, path: str, after: float, reset: bool) -> None:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        time.sleep(after)
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def wait_for_memory(pid: int, limit_mb: float, within: float = 15.0) -> float:
    """The tree's RSS once it is under ``limit_mb`` (workers being replaced take a moment), or the last reading."""
    deadline = time.monotonic() + within
    rss = tree_rss_mb(pid)
    while rss > limit_mb and time.monotonic() < deadline:
        time.sleep(0.25)
        rss = tree_rss_mb(pid)
    return rss


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_hostile_queries_are_stopped_and_cheap_ones_still_answered(site: Path, out_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with serve_process(out_dir, site, log, "--query-timeout", "2", "--quiet") as (url, pid):
        assert sparql_get(url, COUNT_REPORTS).status == 200
        before = tree_rss_mb(pid)
        with ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(lambda q: sparql_get(url, q), [CROSS_PRODUCT, HUGE_SORT] * 4))
        for r in replies:
            # stopped at the time limit, at the memory cap, or refused while every worker was busy
            assert r.status == 503, r.text
            assert ("x-query-timeout" in r.headers or "retry-after" in r.headers
                    or r.text.startswith("query stopped: it needed more than the 512 MB")), r.text
        assert any("x-query-timeout" in r.headers for r in replies)
        start = time.monotonic()
        cheap = sparql_get(url, COUNT_REPORTS)
        assert cheap.status == 200 and time.monotonic() - start < 1.0
        assert json.loads(cheap.body)["results"]["bindings"][0]["n"]["value"] == "1"
        # nothing is still evaluating: the tree is idle, and its memory is back
        cpu = tree_cpu_seconds(pid)
        time.sleep(1.0)
        assert tree_cpu_seconds(pid) - cpu < 0.5
        assert wait_for_memory(pid, before + 100) <= before + 100
        # clients that give up: the server neither minds nor logs a traceback
        for after, reset in ((0.2, False), (0.5, True), (2.5, True)):
            ask_and_hang_up(url, HUGE_SORT if reset else CROSS_PRODUCT, after, reset)
        for _ in range(3):  # a dump of several megabytes written to a client that is gone
            hang_up(url, "/dumps/graph.nt", 0.0, reset=True)
        assert sparql_get(url, COUNT_REPORTS).status == 200
    text = log.read_text(errors="replace")
    assert [word for word in NOT_IN_THE_LOG if word in text] == [], text


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_a_client_that_goes_away_frees_its_worker(site: Path, out_dir: Path, tmp_path: Path) -> None:
    # one worker and a long time limit: only the client's leaving can free the worker for the next query
    with serve_process(out_dir, site, tmp_path / "serve.log", "--workers", "1", "--query-timeout", "120",
                       "--quiet") as (url, pid):
        ask_and_hang_up(url, CROSS_PRODUCT, 0.5)
        start = time.monotonic()
        assert sparql_get(url, COUNT_REPORTS, timeout=10).status == 200
        assert time.monotonic() - start < 5.0
        cpu = tree_cpu_seconds(pid)
        time.sleep(1.0)
        assert tree_cpu_seconds(pid) - cpu < 0.5


# --- federated queries ---------------------------------------------------------------------------


@contextmanager
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A loopback socket that listens and never accepts on its own; yields it and a SPARQL endpoint URL on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"


def connections_to(sock: socket.socket) -> int:
    """How many connections are waiting on ``sock`` (accepted and closed here)."""
    sock.setblocking(False)
    count = 0
    while count < 100:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1
    return count


def federated(endpoint: str) -> list[str]:
    """SERVICE clauses as a careless or a crafty client writes them."""
    prefix, _, last = endpoint.rpartition("/")
    return [
        f"SELECT * {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{endpoint}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SeRvIcE#comment\n<{endpoint}>{{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b 1SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"PREFIX : <{prefix}/> SELECT * {{ SERVICE:{last} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE <{endpoint.replace(':', chr(92) + 'u003A', 1)}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ BIND(1 AS ?x) FILTER EXISTS {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_a_federated_query_is_refused_and_nothing_is_fetched(site: Path, out_dir: Path, tmp_path: Path) -> None:
    with listener() as (sock, endpoint), serve(out_dir, site, tmp_path / "serve.log", "--query-timeout", "2",
                                               "--quiet") as url:
        for query in federated(endpoint):
            r = sparql_get(url, query)
            assert r.status == 400, (query, r.status, r.text)
            assert r.text.startswith("query refused: federated queries (SERVICE) are not allowed"), r.text
        posted = request(url, "POST", "/sparql", {"Content-Type": "application/sparql-query"},
                         federated(endpoint)[0].encode())
        assert posted.status == 400
        time.sleep(0.5)
        assert connections_to(sock) == 0


def answer_one_federated_query(sock: socket.socket, seen: list[bytes]) -> None:
    """Accept one connection on ``sock`` and answer it with one SPARQL JSON row (bounded in time and size)."""
    sock.settimeout(30)
    conn, _ = sock.accept()
    with conn:
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        seen.append(data)
        body = json.dumps({"head": {"vars": ["o"]},
                           "results": {"bindings": [{"o": {"type": "literal", "value": "from afar"}}]}}).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_an_allowed_service_is_called_and_no_other(site: Path, out_dir: Path, tmp_path: Path) -> None:
    with listener() as (allowed_sock, allowed), listener() as (other_sock, other), \
            serve(out_dir, site, tmp_path / "serve.log", "--allow-service", allowed, "--quiet") as url:
        seen: list[bytes] = []
        remote = threading.Thread(target=answer_one_federated_query, args=(allowed_sock, seen), daemon=True)
        remote.start()
        r = sparql_get(url, f"SELECT ?o {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}")
        remote.join(30)
        assert r.status == 200, r.text
        assert [b["o"]["value"] for b in json.loads(r.body)["results"]["bindings"]] == ["from afar"]
        assert len(seen) == 1
        for query in [f"SELECT * {{ SERVICE <{other}> {{ ?s ?p ?o }} }}",
                      f"SELECT * {{ SERVICE <{allowed}> {{ ?s ?p ?o }} SERVICE <{other}> {{ ?s ?p ?o }} }}",
                      f"SELECT * {{ BIND(<{other}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"]:
            refused = sparql_get(url, query)
            assert refused.status == 400 and refused.text.startswith("query refused: SERVICE is allowed only as")
        time.sleep(0.5)
        assert connections_to(other_sock) == 0
        assert connections_to(allowed_sock) == 0


# --- the protocol: OPTIONS, stalled requests -----------------------------------------------------


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_options_answers_with_the_allowed_methods(server: str) -> None:
    sparql = request(server, "OPTIONS", "/sparql")
    assert sparql.status == 204 and sparql.body == b""
    assert sparql.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert "content-length" not in sparql.headers
    page = request(server, "OPTIONS", "/index.html")
    assert page.status == 204 and page.headers["allow"] == "GET, HEAD, OPTIONS"
    put = request(server, "PUT", "/sparql", body=b"x")
    assert put.status == 405 and put.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert request(server, "DELETE", "/index.html").headers["allow"] == "GET, HEAD, OPTIONS"


def read_until_closed(sock: socket.socket, within: float) -> bytes:
    """What the server sends before it closes the connection (at most ``within`` seconds, 1 MB)."""
    sock.settimeout(within)
    data = b""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and len(data) < 1_000_000:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    raise AssertionError(f"the connection is still open after {within} s: {data!r}")


@pytest.mark.server  # the server is a process of its own
@pytest.mark.slow
def test_a_request_that_stalls_is_dropped(site: Path, out_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with serve(out_dir, site, log, "--read-timeout", "1") as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:  # a body that never comes
            start = time.monotonic()
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 100\r\n\r\nSELECT")
            reply = read_until_closed(sock, 10)
            assert reply.startswith(b"HTTP/1.1 408 "), reply
            assert b"Connection: close" in reply and time.monotonic() - start < 5
        with socket.create_connection((host, int(port)), timeout=10) as sock:  # headers that never end
            start = time.monotonic()
            sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")
            assert read_until_closed(sock, 10) == b""
            assert time.monotonic() - start < 5
        assert request(url, "GET", "/sparql?" + urlencode({"query": COUNT_REPORTS})).status == 200
    text = log.read_text(errors="replace")
    assert [word for word in NOT_IN_THE_LOG if word in text] == [], text


# --- the protocol, in process: content negotiation, the dataset, the result formats -------------
# (the application and the query workers' answers without a socket; the worker's store is loaded as a
# worker loads it)

POA = "PREFIX poa: <https://w3id.org/poa-kg/ontology#>\n"
REFERENCE = "https://w3id.org/poa-kg/graph/reference"
REPORT = "https://w3id.org/poa-kg/graph/report/A-CONF.192-2018-RC-3"
ONTOLOGY = "https://w3id.org/poa-kg/graph/ontology"
RULES = POA + "SELECT ?r WHERE { ?r a poa:ResolutionRule }"
OFFERS = ["text/html", "text/turtle", "application/ld+json"]


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, "text/html"),
    ("", "text/html"),
    ("text/html;q=0, */*;q=0.1", "text/turtle"),
    ("application/*", "application/ld+json"),
    ("application/*;q=0.5, text/turtle;q=0.4", "application/ld+json"),
    ("text/*;q=0.2, text/html;q=0", "text/turtle"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("TEXT/Turtle", "text/turtle"),
    ("not a media type, text/turtle", "text/turtle"),
    ("text/turtle;q=0.5, application/ld+json;q=0.5", "text/turtle"),
    ("*/*;q=0", None),
    ("image/png", None),
    ("text/html;q=0", None),
])
def test_the_accept_header_is_read_with_its_q_values(accept: str | None, chosen: str | None) -> None:
    from builder.publish.replies import negotiate

    assert negotiate(accept, OFFERS) == chosen


def test_html_refused_by_name_is_not_given_under_another_name() -> None:
    from builder.publish.replies import best_variant

    variants = [("text/html", "application/xhtml+xml"), ("text/turtle",)]
    assert best_variant("text/html;q=0, */*;q=0.1", variants) == 1
    assert best_variant("application/xhtml+xml", variants) == 0
    assert best_variant("application/xhtml+xml;q=0, text/html", variants) == 0
    assert best_variant("text/html;q=0, application/xhtml+xml;q=0", variants) is None
    assert best_variant("application/*", variants) is None  # no HTML page for a client that asks for data
    assert best_variant("application/*, text/turtle;q=0.1", variants) == 1


@pytest.mark.parametrize(("accept", "ext"), [
    ("text/html;q=0, */*;q=0.1", ".ttl"),
    ("application/*", ".jsonld"),
    ("application/xhtml+xml", ".html"),
    ("application/json", ".jsonld"),
    ("application/*;q=0.9, text/turtle", ".ttl"),
    ("text/*", ".html"),
])
def test_a_resource_is_negotiated_in_process(site: Path, accept: str, ext: str) -> None:
    from builder.publish.server import App, ServerSettings

    app = App(ServerSettings(site=site), None)
    reply = app.handle("GET", RESOURCE, {"accept": accept}, lambda: b"")
    assert reply is not None and reply.status == 303
    assert dict(reply.headers)["Location"] == "/" + quote(PARA_26_FILE, safe="/") + ext


@pytest.fixture(scope="module")
def worker_store(out_dir: Path) -> object:
    from builder.publish.query_workers import _load

    return _load(out_dir / "dataset.nq")


def ask(store: object, query: str, accept: str = "text/csv", max_rows: int = 10_000,
        default: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> Reply:
    """The worker's reply to ``query`` as a :class:`Reply` (status, headers, body)."""
    from builder.publish.sparql_results import QueryRequest, answer

    r = answer(store, QueryRequest(query, accept, default, named), max_rows)
    return Reply(r.status, {"content-type": r.content_type, **{k.lower(): v for k, v in r.headers}}, r.body)


def csv_rows(reply: Reply) -> list[list[str]]:
    assert reply.status == 200, reply.text
    return list(csv.reader(io.StringIO(reply.text)))


def test_no_triple_is_in_two_graphs(out_dir: Path) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(out_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    quads = [(q.subject, q.predicate, q.object) for q in store]
    assert len(quads) == len(set(quads)) == 41216


def test_the_union_default_graph_holds_each_rule_once(worker_store: object) -> None:
    rows = csv_rows(ask(worker_store, RULES))[1:]
    assert len(rows) == len({tuple(r) for r in rows}) == 56
    assert ["https://w3id.org/poa-kg/id/rule/exact"] in rows
    assert csv_rows(ask(worker_store, POA + "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")) == [["n"], ["41216"]]


def test_the_query_dataset_clause_is_honoured(worker_store: object) -> None:
    def count(graph: str) -> str:
        return POA + f"SELECT (COUNT(?r) AS ?n) FROM <{graph}> WHERE {{ ?r a poa:ResolutionRule }}"

    assert csv_rows(ask(worker_store, count(REFERENCE))) == [["n"], ["56"]]  # every rule is the reference graph's
    assert csv_rows(ask(worker_store, count(REPORT))) == [["n"], ["0"]]
    assert csv_rows(ask(worker_store, count(ONTOLOGY))) == [["n"], ["0"]]
    per_graph = POA + f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{REFERENCE}> FROM NAMED <{ONTOLOGY}> " \
                      "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert csv_rows(ask(worker_store, per_graph)) == [["g", "n"], [ONTOLOGY, "1509"], [REFERENCE, "5616"]]
    # FROM without FROM NAMED: no named graph at all
    assert csv_rows(ask(worker_store, f"SELECT ?g FROM <{REPORT}> WHERE {{ GRAPH ?g {{ }} }}")) == [["g"]]


def test_the_protocol_dataset_overrides_the_query(worker_store: object) -> None:
    count = POA + f"SELECT (COUNT(?r) AS ?n) FROM <{REFERENCE}> WHERE {{ ?r a poa:ResolutionRule }}"
    assert csv_rows(ask(worker_store, count, default=(REPORT,))) == [["n"], ["0"]]
    assert csv_rows(ask(worker_store, count, default=(REPORT, REFERENCE))) == [["n"], ["56"]]
    # named-graph-uri alone: the default graph is empty, the named graphs are those named
    assert csv_rows(ask(worker_store, count, named=(REFERENCE,))) == [["n"], ["0"]]
    graphs = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
    assert csv_rows(ask(worker_store, graphs, named=(REFERENCE,))) == [["g"], [REFERENCE]]
    assert csv_rows(ask(worker_store, graphs)) == [["g"], [ONTOLOGY], [REFERENCE], [REPORT]]


SELECT_REPORT = POA + "SELECT ?r ?id ?none WHERE { ?r a poa:Report ; <http://purl.org/dc/terms/identifier> ?id }"
WORK = "https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3"


def test_select_results_in_every_format(worker_store: object) -> None:
    as_json = ask(worker_store, SELECT_REPORT, "application/sparql-results+json")
    assert as_json.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert json.loads(as_json.body) == {"head": {"vars": ["r", "id", "none"]}, "results": {"bindings": [
        {"r": {"type": "uri", "value": WORK}, "id": {"type": "literal", "value": "A/CONF.192/2018/RC/3"}}]}}
    as_xml = ask(worker_store, SELECT_REPORT, "application/sparql-results+xml")
    root = ET.fromstring(as_xml.body)
    assert [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")] == ["r", "id", "none"]
    assert [(b.get("name"), b[0].tag.removeprefix(SPARQL_RESULTS), b[0].text)
            for b in root.iter(f"{SPARQL_RESULTS}binding")] == [("r", "uri", WORK),
                                                                ("id", "literal", "A/CONF.192/2018/RC/3")]
    assert csv_rows(ask(worker_store, SELECT_REPORT)) == [["r", "id", "none"], [WORK, "A/CONF.192/2018/RC/3", ""]]
    tsv = ask(worker_store, SELECT_REPORT, "text/tab-separated-values")
    assert tsv.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert tsv.text == f'?r\t?id\t?none\n<{WORK}>\t"A/CONF.192/2018/RC/3"\t\n'
    # the default format, and the first the client accepts once HTML is refused
    for accept in (None, "text/html;q=0, */*;q=0.1", "application/*"):
        assert ask(worker_store, SELECT_REPORT, accept).body == as_json.body  # type: ignore[arg-type]
    assert ask(worker_store, SELECT_REPORT, "text/html").status == 406


def test_ask_results(worker_store: object) -> None:
    query = f"ASK {{ <{WORK}> ?p ?o }}"
    assert json.loads(ask(worker_store, query, "application/sparql-results+json").body) == {"head": {}, "boolean": True}
    root = ET.fromstring(ask(worker_store, "ASK { <urn:x:nothing> ?p ?o }", "application/sparql-results+xml").body)
    assert [b.text for b in root.iter(f"{SPARQL_RESULTS}boolean")] == ["false"]
    assert ask(worker_store, query, "text/turtle").status == 406


def test_graph_results_in_every_rdf_format(worker_store: object, out_dir: Path) -> None:
    from rdflib.compare import to_isomorphic

    query = f"CONSTRUCT {{ <{WORK}> ?p ?o }} WHERE {{ <{WORK}> ?p ?o }}"
    expected = Graph()
    for line in (out_dir / "graph.nt").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"<{WORK}> "):
            expected.parse(data=line, format="nt")
    assert len(expected) >= 5
    for media, rdflib_format in [("application/n-triples", "nt"), ("text/turtle", "turtle"),
                                 ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                                 ("application/n-quads", "nquads"), ("text/plain", "nt")]:
        reply = ask(worker_store, query, media)
        assert reply.status == 200, (media, reply.text)
        assert reply.headers["content-type"] == f"{_label(media)}; charset=utf-8"
        g = Graph()
        g.parse(data=reply.body, format=rdflib_format)
        assert to_isomorphic(g) == to_isomorphic(expected), media
    assert ask(worker_store, query, "application/sparql-results+json").status == 406


def _label(media: str) -> str:
    return "application/n-triples" if media == "text/plain" else media


def test_results_are_cut_at_the_row_limit(worker_store: object) -> None:
    ordered = RULES + " ORDER BY ?r"
    whole = csv_rows(ask(worker_store, ordered))
    cut = ask(worker_store, ordered, max_rows=5)
    assert csv_rows(cut) == whole[:6]
    assert cut.headers["x-result-truncated"] == "true" and cut.headers["x-result-limit"] == "5"
    exact = ask(worker_store, ordered, max_rows=56)
    assert csv_rows(exact) == whole and "x-result-truncated" not in exact.headers
    as_json = json.loads(ask(worker_store, ordered, "application/sparql-results+json", max_rows=3).body)
    assert [b["r"]["value"] for b in as_json["results"]["bindings"]] == [r[0] for r in whole[1:4]]
    triples = ask(worker_store, "CONSTRUCT { ?r a ?c } WHERE { ?r a ?c }", "application/n-triples", max_rows=7)
    assert len(triples.text.splitlines()) == 7 and triples.headers["x-result-truncated"] == "true"


def test_a_failing_query_is_400(worker_store: object) -> None:
    bad = ask(worker_store, "SELECT * WHERE {")
    assert bad.status == 400 and bad.text.startswith("query failed:")


def test_rows_read_back_after_the_cut_keep_every_term_whole() -> None:
    # the rows kept pass through SPARQL TSV: a literal with a line break, a tab and a quote, a blank node,
    # a language and a datatype come out as they went in
    import pyoxigraph as ox

    store = ox.Store()
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    store.add(ox.Quad(s, p, ox.Literal('سطر\nثان\t"مقتبس"', language="ar")))
    store.add(ox.Quad(s, p, ox.BlankNode("b1")))
    store.add(ox.Quad(s, p, ox.Literal("2018-06-18", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))))
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)"
    whole = json.loads(ask(store, query, "application/sparql-results+json", max_rows=3).body)
    assert whole["results"]["bindings"] == [
        {"o": {"type": "bnode", "value": "b1"}},  # STR() of a blank node is an error: it sorts first
        {"o": {"type": "literal", "value": "2018-06-18", "datatype": "http://www.w3.org/2001/XMLSchema#date"}},
        {"o": {"type": "literal", "value": 'سطر\nثان\t"مقتبس"', "xml:lang": "ar"}}]
    cut = ask(store, query, "application/sparql-results+json", max_rows=2)
    assert json.loads(cut.body)["results"]["bindings"] == whole["results"]["bindings"][:2]
    assert cut.headers["x-result-truncated"] == "true"
    none = ask(store, query, "application/sparql-results+json", max_rows=0)
    assert json.loads(none.body) == {"head": {"vars": ["o"]}, "results": {"bindings": []}}
