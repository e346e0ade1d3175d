"""``poa-kg serve`` for real: content negotiation, static files, path safety and the SPARQL endpoint."""

from __future__ import annotations

import csv
import http.client
import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph

from builder.outputs.read import open_store
from builder.query import load_query, run_on_store
from tests.conftest import ROOT
from tests.test_publish_site import PARA_26, PARA_26_FILE, cached_site

pytestmark = [pytest.mark.server, pytest.mark.slow]  # the server is a process of its own

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
    port = free_port()
    cmd = [sys.executable, "-m", "builder.cli", "serve", "--data", str(out_dir), "--site", str(site),
           "--port", str(port), *extra]
    with running(cmd, f"http://127.0.0.1:{port}/index.html", log):
        yield f"http://127.0.0.1:{port}"


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


def test_percent_encoded_resource_iri_is_the_same_resource(server: str) -> None:
    r = request(server, "GET", "/" + quote(PARA_26, safe="/"), {"Accept": "text/turtle"})
    assert r.status == 303 and r.headers["location"].endswith("section_II__para_26.ttl")


def test_unacceptable_format_is_406(server: str) -> None:
    r = request(server, "GET", RESOURCE, {"Accept": "image/png"})
    assert r.status == 406
    assert "text/turtle" in r.text


def test_turtle_document_is_the_resource_description(server: str, site: Path) -> None:
    r = request(server, "GET", "/" + quote(PARA_26_FILE, safe="/") + ".ttl")
    g = Graph()
    g.parse(data=r.text, format="turtle")
    assert r.body == (site / (PARA_26_FILE + ".ttl")).read_bytes()
    assert len(g) > 20


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
def test_no_path_outside_the_site_folder(server: str, site: Path, path: str) -> None:
    secret = site.parent / "secret.txt"
    secret.write_text("do not serve me", encoding="utf-8")
    r = request(server, "GET", path)
    assert r.status == 404
    assert b"do not serve me" not in r.body and b"root:" not in r.body


# --- SPARQL -------------------------------------------------------------------------------------

COUNT_REPORTS = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/poa-kg/ontology#Report> }"


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


def test_sparql_without_query(server: str) -> None:
    assert request(server, "GET", "/sparql", {"Accept": "application/sparql-results+json"}).status == 400
    form = request(server, "GET", "/sparql", {"Accept": "text/html"})
    assert form.status == 200 and '<form method="post" action="sparql">' in form.text
    bad = request(server, "GET", "/sparql?query=SELECT%20*%20WHERE%20%7B")
    assert bad.status == 400


def test_serve_binds_loopback_by_default(server: str, server_log: Path) -> None:
    # no --host was given: the server says it listens on 127.0.0.1, and warns about nothing
    first = server_log.read_text(errors="replace").splitlines()[0]
    assert first.startswith(f"serving {server}/ (site ")
    assert server.startswith("http://127.0.0.1:")
    assert "warning" not in server_log.read_text(errors="replace")


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
