"""``poa-kg publish endpoint`` against a real Oxigraph server (the competency queries on it: tests/test_stores.py).

The command line runs in this process; the tests that start the Oxigraph server (a process of its
own) are marked ``server`` and ``slow``. The failures that need no server are in the quick tier.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import pytest

from builder.publish.endpoint import REPLY_READ_LIMIT
from builder.query import CompetencyQuery
from tests.conftest import CliRun, cli
from tests.test_publish_server import free_port, running

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
REPORT_GRAPH = "https://w3id.org/poa-kg/graph/report/A-CONF.192-2018-RC-3"
USER, PASSWORD = "publisher", "s3cr3t-Pa55word-xyzzy"
SECRETS = (PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())

#: a sample value for each parameter of the competency queries (when its description gives no "e.g.")
SAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "commitments-citing": {"instrument": "S/RES/2370 (2017)"},
    "commitments-by-theme": {"theme": "marking"},
}


def sample_params(q: CompetencyQuery) -> dict[str, str]:
    """The parameters to run ``q`` with: from SAMPLE_PARAMS, else the example in each parameter's description."""
    out = dict(SAMPLE_PARAMS.get(q.name, {}))
    for p in q.parameters:
        if p.name not in out:
            m = re.search(r"\be\.g\.,?\s*(.+?)\s*$", p.description)
            assert m, f"add a sample value for parameter {p.name!r} of query {q.name!r} to SAMPLE_PARAMS"
            out[p.name] = m.group(1).strip().strip("`'\"")
    return out


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port, the default graph being the union of the named graphs."""
    assert OXIGRAPH.is_file(), "the 'oxigraph' server package is part of the dev dependencies"
    tmp = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    cmd = [str(OXIGRAPH), "serve", "--location", str(tmp / "db"), "--bind", f"127.0.0.1:{port}",
           "--union-default-graph"]
    with running(cmd, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", tmp / "oxigraph.log"):
        yield f"http://127.0.0.1:{port}"


def publish(url: str, *args: str, env: dict[str, str] | None = None) -> CliRun:
    """``poa-kg publish endpoint URL ARGS`` with no endpoint credentials in the environment but ``env``'s."""
    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("POA_KG_ENDPOINT_")}
    return cli("publish", "endpoint", url, *args, env={**unset, **(env or {})})


def count_in_graph(oxigraph: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    req = urllib.request.Request(f"{oxigraph}/query", data=query.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return int(resp.read().decode().splitlines()[1])


@pytest.fixture(scope="module")
def published(oxigraph: str, out_dir: Path) -> str:
    proc = publish(f"{oxigraph}/store", "--data", str(out_dir))
    assert proc.returncode == 0, proc.stderr
    return oxigraph


@pytest.mark.server
@pytest.mark.slow
def test_publish_replaces_each_named_graph(published: str, out_dir: Path) -> None:
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out_dir / "dataset.nq", format="nquads")
    sizes = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    assert REPORT_GRAPH in sizes
    for graph, n in sizes.items():
        assert count_in_graph(published, graph) == n
    # a triple added by someone else to the report graph is gone after the next publish: PUT replaces
    junk = f"<{REPORT_GRAPH}> {{ <http://example.org/s> <http://example.org/p> \"junk\" }}"
    req = urllib.request.Request(f"{published}/store", data=junk.encode(), method="POST",
                                 headers={"Content-Type": "application/trig"})
    urllib.request.urlopen(req, timeout=60).close()
    assert count_in_graph(published, REPORT_GRAPH) == sizes[REPORT_GRAPH] + 1
    again = publish(f"{published}/store", "--data", str(out_dir))
    assert again.returncode == 0, again.stderr
    assert count_in_graph(published, REPORT_GRAPH) == sizes[REPORT_GRAPH]
    lines = again.stdout.splitlines()
    assert f"replaced <{REPORT_GRAPH}>: {sizes[REPORT_GRAPH]} triples (HTTP 204)" in lines
    assert lines[-1] == f"published {len(sizes)} graph(s), {sum(sizes.values())} triples to {published}/store"


@pytest.mark.server
@pytest.mark.slow
def test_one_named_graph_with_graph_option(oxigraph: str, out_dir: Path, tmp_path: Path) -> None:
    target = "https://w3id.org/poa-kg/graph/test-only-triples"
    proc = publish(f"{oxigraph}/store", "--data", str(out_dir / "graph.nt"), "--graph", target)
    assert proc.returncode == 0, proc.stderr
    n = sum(1 for ln in (out_dir / "graph.nt").read_text(encoding="utf-8").splitlines() if ln.strip())
    assert count_in_graph(oxigraph, target) == n
    missing = publish(f"{oxigraph}/store", "--data", str(out_dir / "graph.nt"))
    assert missing.returncode == 2
    assert missing.stderr == f"poa-kg: error: {out_dir / 'graph.nt'}: holds no named graph; name the target graph" \
                             " with --graph IRI\n"


# --- failures: one line, exit 2, never a credential ---------------------------------------------
# (without a server, the build of the small report, tests/fixtures/other-report.ar.txt, is data enough)


def _assert_clean_failure(proc: CliRun, expected: str) -> None:
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"poa-kg: error: {expected}\n"
    for secret in (*SECRETS, USER):
        assert secret not in proc.stderr


def test_connection_refused(other_out: Path) -> None:
    port = free_port()
    proc = publish(f"http://127.0.0.1:{port}/store", "--data", str(other_out),
                   env={"POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD})
    _assert_clean_failure(proc, f"http://127.0.0.1:{port}/store: connection refused (is the server running?)")


@pytest.mark.server
@pytest.mark.slow
def test_http_error(oxigraph: str, out_dir: Path) -> None:
    proc = publish(f"{oxigraph}/no-such-service", "--data", str(out_dir),
                   env={"POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD})
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"poa-kg: error: {oxigraph}/no-such-service: HTTP 404 ")
    assert proc.stderr.count("\n") == 1
    for secret in (*SECRETS, USER):
        assert secret not in proc.stderr


def test_timeout(other_out: Path) -> None:
    # a real socket that accepts connections (the kernel's backlog) and never answers
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        proc = publish(f"http://127.0.0.1:{port}/store", "--data", str(other_out), "--timeout", "1",
                       env={"POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD})
    _assert_clean_failure(proc, f"http://127.0.0.1:{port}/store: no answer within 1 s (timeout)")


def test_credentials_in_the_url_are_refused_without_echoing_them(other_out: Path) -> None:
    proc = publish(f"http://{USER}:{PASSWORD}@127.0.0.1:9/store", "--data", str(other_out))
    _assert_clean_failure(proc, "http://127.0.0.1:9/store: put the credentials in POA_KG_ENDPOINT_USER and"
                                " POA_KG_ENDPOINT_PASSWORD, not in the URL")


class _AuthProxy(BaseHTTPRequestHandler):
    """Basic authentication in front of Oxigraph's /store, as a web server would put it there.

    On a wrong password it answers 401 and, like a careless server, echoes the Authorization header it got.
    """

    server: Any

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        got = self.headers.get("Authorization", "")
        self.server.seen.append(got)
        if got != "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode():
            msg = f"bad credentials: {got}".encode()
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", str(len(msg)))
            self.end_headers()
            self.wfile.write(msg)
            return
        req = urllib.request.Request(self.server.upstream + self.path, data=body, method="PUT",
                                     headers={"Content-Type": self.headers["Content-Type"]})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def auth_proxy(oxigraph: str) -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AuthProxy)
    server.upstream = oxigraph  # type: ignore[attr-defined]
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.server
@pytest.mark.slow
def test_basic_auth_from_the_environment(auth_proxy: tuple[str, list[str]], oxigraph: str, out_dir: Path) -> None:
    proxy, seen = auth_proxy
    ok = publish(f"{proxy}/store", "--data", str(out_dir),
                 env={"POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD})
    assert ok.returncode == 0, ok.stderr
    assert seen and set(seen) == {"Basic " + SECRETS[1]}
    for secret in (*SECRETS, USER):
        assert secret not in ok.stdout + ok.stderr
    assert count_in_graph(oxigraph, REPORT_GRAPH) > 0


@pytest.mark.server
@pytest.mark.slow
def test_wrong_password_is_a_clean_401(auth_proxy: tuple[str, list[str]], out_dir: Path) -> None:
    proxy, _ = auth_proxy
    proc = publish(f"{proxy}/store", "--data", str(out_dir),
                   env={"POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD + "-wrong"})
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"poa-kg: error: {proxy}/store: HTTP 401 Unauthorized: bad credentials: ")
    assert proc.stderr.count("\n") == 1
    wrong = base64.b64encode(f"{USER}:{PASSWORD}-wrong".encode()).decode()
    for secret in (PASSWORD, PASSWORD + "-wrong", wrong, USER):
        assert secret not in proc.stderr
    none = publish(f"{proxy}/store", "--data", str(out_dir))
    assert none.returncode == 2 and "HTTP 401" in none.stderr


def test_password_without_user_is_an_error(other_out: Path) -> None:
    proc = publish("http://127.0.0.1:9/store", "--data", str(other_out), env={"POA_KG_ENDPOINT_PASSWORD": PASSWORD})
    _assert_clean_failure(proc, "POA_KG_ENDPOINT_PASSWORD is set but POA_KG_ENDPOINT_USER is not")


# --- a reply echoing the credentials, cut anywhere; a reply that trickles in ---------------------------
# (against servers in threads of this process, on a small dataset of one named graph)

LEAKY_USER, LEAKY_PASSWORD = "alice", "S3cr3tPa55!"
LEAKY_TOKEN = base64.b64encode(f"{LEAKY_USER}:{LEAKY_PASSWORD}".encode()).decode()
#: every form of the password that must not show, and every start of the header's token from 8 characters on
LEAKS = (LEAKY_PASSWORD, f"{LEAKY_USER}:{LEAKY_PASSWORD}", quote(LEAKY_PASSWORD, safe=""),
         *(LEAKY_TOKEN[:n] for n in range(8, len(LEAKY_TOKEN) + 1)))
ECHO_LEAD = " Authorization: "


@pytest.fixture()
def small_dataset(tmp_path: Path) -> Path:
    path = tmp_path / "dataset.nq"
    path.write_text('<urn:x:s> <urn:x:p> "o" <https://w3id.org/poa-kg/graph/report/X> .\n', encoding="utf-8")
    return path


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` behind a loopback HTTP server in a thread; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.stop = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stop.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()


class _Leaky(BaseHTTPRequestHandler):
    """Answers 500 with ``padding`` and then the request's Authorization header, the password, and its URL form."""

    padding = ""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        got = self.headers.get("Authorization", "")
        body = (f"{self.padding}{ECHO_LEAD}{got} as {LEAKY_USER}:{LEAKY_PASSWORD}"
                f" or {quote(LEAKY_PASSWORD, safe='')}").encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("padding", [
    "",
    # 268 bytes of Arabic, 134 characters: a reply cut at its 300th byte ends 10 characters into the token,
    # and that start of it fits in a quote of 200 characters
    "خ" * 134,
    # blank lines (gone once the spaces are folded), the token cut at the end of what is read of a reply
    "\n" * (REPLY_READ_LIMIT - len(ECHO_LEAD) - len("Basic ") - 10),
])
def test_an_echoed_secret_never_shows_wherever_the_reply_is_cut(small_dataset: Path, padding: str) -> None:
    with serving(type("Leaky", (_Leaky,), {"padding": padding})) as url:
        proc = publish(f"{url}/store", "--data", str(small_dataset),
                       env={"POA_KG_ENDPOINT_USER": LEAKY_USER, "POA_KG_ENDPOINT_PASSWORD": LEAKY_PASSWORD})
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"poa-kg: error: {url}/store: HTTP 500 Internal Server Error: ")
    assert proc.stderr.count("\n") == 1
    assert "Authorization: Basic ***" in proc.stderr
    for leak in LEAKS:
        assert leak not in proc.stdout + proc.stderr


#: seconds between two bytes of a trickling reply, and the timeout given to the command: the reply as a
#: whole takes 20 times the timeout, yet no single read waits as long as the timeout
TRICKLE_EVERY, TIMEOUT = 0.5, 2.0


class _Trickle(BaseHTTPRequestHandler):
    """Answers one byte at a time: the whole reply (``whole``), or a quick status line and then the body."""

    whole = True

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"x" * 80
        head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
        if not self.whole:
            self.wfile.write(head)
        stop = self.server.stop  # type: ignore[attr-defined]
        for i in range(len(head) + len(body) if self.whole else len(body)):  # bounded: the reply's length
            if stop.wait(TRICKLE_EVERY):
                return
            try:
                self.wfile.write(((head + body) if self.whole else body)[i:i + 1])
            except OSError:
                return  # the client has gone

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("whole", [True, False], ids=["status-line", "body"])
def test_the_timeout_bounds_the_whole_request(small_dataset: Path, whole: bool) -> None:
    with serving(type("Trickle", (_Trickle,), {"whole": whole})) as url:
        start = time.monotonic()
        proc = publish(f"{url}/store", "--data", str(small_dataset), "--timeout", f"{TIMEOUT:g}")
        elapsed = time.monotonic() - start
    assert elapsed < TIMEOUT + 1.5
    _assert_clean_failure(proc, f"{url}/store: no answer within {TIMEOUT:g} s (timeout)")


class _Short(BaseHTTPRequestHandler):
    """Promises a body of 100 bytes, sends 10 and closes the connection."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b"x" * 10)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_reply_cut_short_is_one_line(small_dataset: Path) -> None:
    with serving(_Short) as url:
        proc = publish(f"{url}/store", "--data", str(small_dataset))
    _assert_clean_failure(proc, f"{url}/store: not a valid HTTP reply (IncompleteRead)")


def test_an_unknown_authentication_scheme_is_an_error(other_out: Path) -> None:
    proc = publish("http://127.0.0.1:9/store", "--data", str(other_out), env={
        "POA_KG_ENDPOINT_USER": USER, "POA_KG_ENDPOINT_PASSWORD": PASSWORD, "POA_KG_ENDPOINT_AUTH": "bearer"})
    _assert_clean_failure(proc, "POA_KG_ENDPOINT_AUTH must be one of basic, digest, not 'bearer'")


# --- bounded memory: each graph streamed from its section of an N-Quads file ------------------------

G1, G2 = "https://w3id.org/poa-kg/graph/a", "https://w3id.org/poa-kg/graph/b"
TWO_GRAPHS = (f'<urn:x:s1> <urn:x:p> "one" <{G1}> .\n<urn:x:s2> <urn:x:p> <urn:x:o> <{G1}> .\n'
              f'_:b0 <urn:x:p> "two"@ar <{G2}> .\n<urn:x:s3> <urn:x:p> "three" <{G2}> .\n'
              f'<urn:x:s4> <urn:x:p> "four" <{G2}> .\n')


class _Recording(BaseHTTPRequestHandler):
    """Answers 204 to every PUT, keeping its graph, headers and body in ``got``."""

    got: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.got.append((self.path.partition("graph=")[2], dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _recorded(data: Path) -> tuple[CliRun, list[tuple[str, dict[str, str], bytes]]]:
    handler = type("Recording", (_Recording,), {"got": []})
    with serving(handler) as url:
        proc = publish(f"{url}/store", "--data", str(data))
    return proc, handler.got


def test_the_sections_of_an_n_quads_file(tmp_path: Path) -> None:
    from builder.publish.graph_sections import Section, nquads_sections

    data = tmp_path / "dataset.nq"
    data.write_text(TWO_GRAPHS, encoding="utf-8")
    first = len(TWO_GRAPHS.splitlines(keepends=True)[0]) + len(TWO_GRAPHS.splitlines(keepends=True)[1])
    assert nquads_sections(data) == [Section(G1, data, 0, first, 2), Section(G2, data, first, len(TWO_GRAPHS), 3)]


@pytest.mark.parametrize("text", [
    "# a comment\n" + TWO_GRAPHS,  # not one quad a line
    TWO_GRAPHS + '<urn:x:s> <urn:x:p> "default" .\n',  # a triple in the default graph
    TWO_GRAPHS + f'<urn:x:s5> <urn:x:p> "again" <{G1}> .\n',  # a graph in two runs
    TWO_GRAPHS.replace(" .\n", "  .\n"),  # other spacing
])
def test_other_n_quads_are_read_whole(tmp_path: Path, text: str) -> None:
    from builder.publish.graph_sections import nquads_sections

    data = tmp_path / "dataset.nq"
    data.write_text(text, encoding="utf-8")
    assert nquads_sections(data) is None


def test_a_section_is_read_in_chunks_of_the_given_size(tmp_path: Path) -> None:
    from builder.publish.graph_sections import SectionBody, nquads_sections, triple_chunks

    data = tmp_path / "dataset.nq"
    data.write_text(TWO_GRAPHS, encoding="utf-8")
    section = nquads_sections(data)[1]  # type: ignore[index]
    chunks = list(triple_chunks(section, size=16))
    # one chunk a read of 16 bytes (empty while no line is whole): the file is never read at once
    assert len(chunks) == -(-(section.end - section.start) // 16)
    assert all(len(c) <= 16 + max(map(len, TWO_GRAPHS.splitlines())) for c in chunks)
    expected = b'_:b0 <urn:x:p> "two"@ar .\n<urn:x:s3> <urn:x:p> "three" .\n<urn:x:s4> <urn:x:p> "four" .\n'
    assert b"".join(chunks) == expected
    body = SectionBody(section, size=16)
    assert len(body) == len(expected)
    assert b"".join(body) == b"".join(body) == expected  # a new stream each time


def test_a_file_changed_under_the_upload_is_an_error(tmp_path: Path) -> None:
    from builder.errors import DataError
    from builder.publish.graph_sections import nquads_sections, triple_chunks

    data = tmp_path / "dataset.nq"
    data.write_text(TWO_GRAPHS, encoding="utf-8")
    section = nquads_sections(data)[0]  # type: ignore[index]
    data.write_text(TWO_GRAPHS.replace(G1, G2), encoding="utf-8")
    with pytest.raises(DataError, match=r"dataset\.nq: changed while it was read; build again$"):
        b"".join(triple_chunks(section))


def test_each_graph_is_sent_with_its_length_from_the_file(tmp_path: Path) -> None:
    data = tmp_path / "dataset.nq"
    data.write_text(TWO_GRAPHS, encoding="utf-8")
    proc, got = _recorded(data)
    assert proc.returncode == 0, proc.stderr
    assert [(g, b) for g, _h, b in got] == [
        (quote(G1, safe=""), b'<urn:x:s1> <urn:x:p> "one" .\n<urn:x:s2> <urn:x:p> <urn:x:o> .\n'),
        (quote(G2, safe=""),
         b'_:b0 <urn:x:p> "two"@ar .\n<urn:x:s3> <urn:x:p> "three" .\n<urn:x:s4> <urn:x:p> "four" .\n')]
    assert all(h["Content-Length"] == str(len(b)) and "Transfer-Encoding" not in h for _g, h, b in got)
    assert proc.stdout.splitlines()[-1] == f"published 2 graph(s), 5 triples to {proc.stdout.split(' to ')[-1].strip()}"


def test_a_corpus_is_sent_report_by_report_from_its_shards(tmp_path: Path) -> None:
    from builder.publish.endpoint import graphs_to_publish
    from builder.publish.graph_sections import Section

    reports = [Path(__file__).parent / "fixtures" / "other-report.ar.txt",
               Path(__file__).parent / "fixtures" / "family" / "chair-summary.ar.txt"]
    out = tmp_path / "out"
    assert cli("build", *map(str, reports), "--out", str(out), "--workers", "1").returncode == 0
    graphs = graphs_to_publish(out, None)
    files = {iri: g.path for iri, g in graphs if isinstance(g, Section)}
    assert len(files) == len(graphs) == 4
    reports = sorted(iri for iri in files if "/graph/report/" in iri)
    assert len(reports) == 2
    for iri in reports:  # each report's graph from its own shard, the others from the dataset
        assert files[iri].parent == out / "shards" and files[iri].suffix == ".nq"
    assert [files[iri] for iri in files if iri not in reports] == [out / "dataset.nq"] * 2
    proc, got = _recorded(out)
    assert proc.returncode == 0, proc.stderr
    lines = (out / "dataset.nq").read_bytes().splitlines(keepends=True)
    for graph, _headers, body in got:
        iri = urllib.parse.unquote(graph)
        expected = [ln.rsplit(b" ", 2)[0] + b" .\n" for ln in lines if ln.rsplit(b" ", 2)[1] == f"<{iri}>".encode()]
        assert body == b"".join(expected), iri
    assert proc.stdout.splitlines()[-1].startswith(f"published 4 graph(s), {len(lines)} triples to ")


def test_n_quads_of_another_layout_are_still_published(tmp_path: Path) -> None:
    data = tmp_path / "dataset.nq"
    text = TWO_GRAPHS.replace(" .\n", "  .\n").replace("_:b0", "<urn:x:s0>")  # (read whole, blank nodes get new labels)
    data.write_text("# written by hand\n" + text, encoding="utf-8")
    proc, got = _recorded(data)
    assert proc.returncode == 0, proc.stderr
    assert [(g, sorted(b.splitlines())) for g, _h, b in got] == [
        (quote(G1, safe=""), [b'<urn:x:s1> <urn:x:p> "one" .', b"<urn:x:s2> <urn:x:p> <urn:x:o> ."]),
        (quote(G2, safe=""), [b'<urn:x:s0> <urn:x:p> "two"@ar .', b'<urn:x:s3> <urn:x:p> "three" .',
                              b'<urn:x:s4> <urn:x:p> "four" .'])]
    assert proc.stdout.splitlines()[0] == f"replaced <{G1}>: 2 triples (HTTP 204)"
