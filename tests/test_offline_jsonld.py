"""JSON-LD given as data is read offline: only the project's own context is read, from disk; nothing is fetched.

A context named by a URL, at any depth of the document, is refused with one line naming the file
and the URL, exit 2, before any connection: a loopback listener that records connections sees none.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from builder.errors import DataError
from builder.outputs.offline_jsonld import parse_offline
from builder.outputs.read import load_data, load_graph
from tests.conftest import cli, run_cli

#: how long the listener keeps a connection open before closing it (so that a command that fetches fails
#: instead of waiting for ever); a command that reads offline ends well within it
HOLD = 3.0


@contextmanager
def listener() -> Iterator[tuple[str, list[float]]]:
    """A loopback address that accepts connections and never answers; each connection is recorded."""
    seen: list[float] = []
    stop = threading.Event()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.1)

        def watch() -> None:
            while not stop.is_set():  # ends with the block
                try:
                    conn, _ = sock.accept()
                except OSError:
                    continue
                seen.append(time.monotonic())
                stop.wait(HOLD)  # silent for a while, then the connection is closed
                conn.close()

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}/ctx", seen
        finally:
            stop.set()
            thread.join(HOLD + 5)


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def refusal(file: Path, reference: str) -> str:
    return (f"poa-kg: error: {file}: the JSON-LD context {json.dumps(reference)} is not loaded: only the"
            " project's own context.jsonld is read, from disk, and nothing is fetched\n")


@pytest.mark.parametrize("command", [
    ["validate", "--report", "{tmp}/v.ttl"],
    ["publish", "site", "{tmp}/site"],
    ["publish", "endpoint", "http://127.0.0.1:9/store", "--graph", "urn:x:g"],
])
def test_a_remote_context_is_refused_without_a_connection(tmp_path: Path, command: list[str]) -> None:
    with listener() as (url, seen):
        data = write_json(tmp_path / "data.jsonld", {"@context": url, "@id": "urn:x:s", "p": "v"})
        start = time.monotonic()
        proc = cli(*[a.format(tmp=tmp_path) for a in command], "--data", str(data))
        elapsed = time.monotonic() - start
    assert seen == []
    assert elapsed < HOLD
    assert proc.returncode == 2
    assert proc.stderr == refusal(data, url)


@pytest.mark.slow  # the server runs in a process of its own, so that a mistake cannot leave it serving here
def test_serve_refuses_a_remote_context_without_a_connection(tmp_path: Path) -> None:
    with listener() as (url, seen):
        data = write_json(tmp_path / "data.jsonld", {"@context": url, "@id": "urn:x:s", "p": "v"})
        proc = run_cli("serve", "--data", str(data), "--port", "0", "--site", str(tmp_path / "site"), "--quiet")
    assert seen == []
    assert proc.returncode == 2
    assert proc.stderr == refusal(data, url)


def test_query_reads_no_json_ld(tmp_path: Path) -> None:
    with listener() as (url, seen):
        data = write_json(tmp_path / "data.jsonld", {"@context": url, "@id": "urn:x:s", "p": "v"})
        proc = cli("query", "paragraphs", "--data", str(data))
    assert seen == []
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {data}: unsupported RDF file type '.jsonld'\n"


@pytest.mark.parametrize("where", ["top", "list", "node", "scoped", "import", "in the project's context"])
def test_a_remote_context_at_any_depth_is_refused(tmp_path: Path, where: str) -> None:
    with listener() as (url, seen):
        term = {"@id": "urn:x:p"}
        doc: dict[str, Any] = {"@context": {"p": term}, "@id": "urn:x:s", "p": "v"}
        if where == "top":
            doc["@context"] = url
        elif where == "list":
            doc["@context"] = [{"p": term}, url]
        elif where == "node":
            doc["urn:x:q"] = {"@context": url, "@id": "urn:x:o"}
        elif where == "scoped":
            term["@context"] = url
        elif where == "import":
            doc["@context"] = {"@import": url, "p": term}
        else:
            write_json(tmp_path / "context.jsonld", {"@context": [{"p": term}, url]})
            doc["@context"] = ["context.jsonld", {"@base": "urn:x:"}]
        data = write_json(tmp_path / "data.jsonld", doc)
        with pytest.raises(DataError) as err:
            load_graph(data)
    assert seen == []
    assert f"poa-kg: error: {err.value}\n" == refusal(data, url)


def test_a_file_context_is_refused(tmp_path: Path) -> None:
    for reference in ("file:///etc/passwd", "/etc/passwd", "../../../../../../etc/passwd", "context.jsonld#x",
                      "sub/context.jsonld", "urn:x:context.jsonld"):
        data = write_json(tmp_path / "data.jsonld", {"@context": reference, "@id": "urn:x:s", "urn:x:p": "v"})
        proc = cli("validate", "--data", str(data), "--report", str(tmp_path / "v.ttl"))
        assert (proc.returncode, proc.stderr) == (2, refusal(data, reference)), reference
        assert "root:" not in proc.stdout + proc.stderr


def test_the_build_s_own_json_ld_reads_back_as_its_n_triples(out_dir: Path, out_nt: Graph) -> None:
    graph, store = load_data(out_dir / "graph.jsonld")
    assert store is None
    assert len(graph) == len(out_nt)
    assert isomorphic(graph, out_nt)


def test_the_project_s_context_is_read_from_beside_the_file_or_a_site_s_root(tmp_path: Path) -> None:
    # a context's own @base is ignored, as it would be in a context fetched from elsewhere
    write_json(tmp_path / "context.jsonld", {"@context": {"p": {"@id": "urn:x:p", "@type": "@id"},
                                                          "@base": "http://ignored.example/"}})
    (tmp_path / "a" / "b").mkdir(parents=True)
    expected = {(URIRef("http://x.example/s"), URIRef("urn:x:p"), URIRef("http://x.example/o"))}
    base = {"@base": "http://x.example/"}
    beside = write_json(tmp_path / "data.jsonld", {"@context": ["context.jsonld", base], "@id": "s", "p": "o"})
    page = write_json(tmp_path / "a" / "b" / "s.jsonld", {"@context": ["../../context.jsonld", base],
                                                          "@id": "s", "p": "o"})
    assert set(parse_offline(beside)) == expected
    assert set(parse_offline(page)) == expected
    alone = write_json(tmp_path / "alone.jsonld", {"@context": "context.jsonld", "@id": "s", "p": "o"})
    assert set(parse_offline(alone)) == {(URIRef((tmp_path / "s").as_uri()), URIRef("urn:x:p"),
                                          URIRef((tmp_path / "o").as_uri()))}
    # a value of JSON type is data, not a document: it is left as it is
    literal = write_json(tmp_path / "literal.jsonld", {"@id": "urn:x:s", "urn:x:p": {
        "@type": "@json", "@value": {"@context": "http://127.0.0.1:9/ctx"}}})
    assert [str(o) for o in parse_offline(literal).objects()] == ['{"@context":"http://127.0.0.1:9/ctx"}']


def test_a_missing_or_broken_project_context_is_one_line(tmp_path: Path) -> None:
    data = write_json(tmp_path / "data.jsonld", {"@context": "context.jsonld", "@id": "urn:x:s", "p": "v"})
    with pytest.raises(DataError, match=r"data\.jsonld: its JSON-LD context context\.jsonld is not there"):
        load_graph(data)
    (tmp_path / "context.jsonld").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"context\.jsonld: not JSON-LD: Expecting property name .* \(a context of "):
        load_graph(data)
    write_json(tmp_path / "context.jsonld", {"@context": "context.jsonld"})
    with pytest.raises(DataError, match="includes itself"):
        load_graph(data)
    deep = tmp_path / "deep.jsonld"
    deep.write_text('{"@id": "urn:x:s", "urn:x:p": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(DataError, match=r"deep\.jsonld: not JSON-LD: "):
        load_graph(deep)
    assert set(parse_offline(write_json(tmp_path / "plain.jsonld", {"@id": "urn:x:s", "urn:x:p": "v"}))) == {
        (URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("v"))}
