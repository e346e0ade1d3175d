"""``poa-kg publish oxigraph DIR``: the build bulk-loaded into a local Oxigraph database, then served from it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest

from builder.outputs.read import open_store
from builder.query import list_queries, run_on_store
from tests.conftest import cli
from tests.test_publish_endpoint import OXIGRAPH, REPORT_GRAPH, sample_params
from tests.test_publish_server import free_port, running

BASE = "https://w3id.org/poa-kg/"
GRAPHS = [f"{BASE}graph/ontology", f"{BASE}graph/reference", REPORT_GRAPH]
#: the quads of the bundled build (the lines of its dataset.nq), and those of its report graph
QUADS, REPORT_QUADS = 41216, 34091
OTHER = ox.NamedNode("urn:x:someone-elses-graph")


def load(db: Path, data: Path) -> tuple[int, str, str]:
    proc = cli("publish", "oxigraph", str(db), "--data", str(data))
    return proc.returncode, proc.stdout, proc.stderr


def graph_sizes(db: Path) -> dict[str, int]:
    store = ox.Store.read_only(str(db))
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def add_quads(db: Path, *quads: ox.Quad) -> None:
    store = ox.Store(str(db))
    store.extend(quads)
    store.flush()  # and closed when it goes


@pytest.fixture(scope="module")
def loaded(out_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("oxigraph-load") / "db"
    code, stdout, stderr = load(db, out_dir)
    assert code == 0, stderr
    assert stdout == (f"loaded 3 graph(s), {QUADS} quads into {db}/ (0 graph(s) replaced);"
                      f" serve it with: oxigraph serve --location {db}\n")
    return db


def test_the_build_is_loaded_graph_by_graph(loaded: Path, out_dir: Path) -> None:
    sizes = graph_sizes(loaded)
    assert sorted(sizes) == GRAPHS
    assert sum(sizes.values()) == QUADS == len((out_dir / "dataset.nq").read_bytes().splitlines())
    assert sizes[REPORT_GRAPH] == REPORT_QUADS
    assert len(ox.Store.read_only(str(loaded))) == QUADS  # nothing in the default graph


def test_a_competency_query_answers_as_the_embedded_store(loaded: Path, out_dir: Path) -> None:
    q = next(x for x in list_queries() if x.name == "citations")
    embedded = run_on_store(q, open_store(out_dir), sample_params(q))
    there = run_on_store(q, ox.Store.read_only(str(loaded)), sample_params(q))
    assert there.columns == embedded.columns
    assert sorted(there.rows) == sorted(embedded.rows)
    assert len(embedded.rows) > 0


def test_loading_again_replaces_the_builds_graphs_and_leaves_the_others(out_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert load(db, out_dir)[0] == 0
    junk = (ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("junk"))
    add_quads(db, ox.Quad(*junk, ox.NamedNode(REPORT_GRAPH)), ox.Quad(*junk, OTHER))
    assert graph_sizes(db)[REPORT_GRAPH] == REPORT_QUADS + 1
    code, stdout, stderr = load(db, out_dir)
    assert code == 0, stderr
    assert stdout.startswith(f"loaded 3 graph(s), {QUADS} quads into {db}/ (3 graph(s) replaced);")
    sizes = graph_sizes(db)
    assert sizes[REPORT_GRAPH] == REPORT_QUADS
    assert sizes[OTHER.value] == 1
    assert sum(sizes.values()) == QUADS + 1


def test_data_that_does_not_parse_leaves_no_database(tmp_path: Path) -> None:
    data = tmp_path / "dataset.nq"
    data.write_text('<urn:x:s> <urn:x:p> "o" <urn:x:g> .\n<urn:x:s> <urn:x:p> "unclosed <urn:x:g> .\n',
                    encoding="utf-8")
    db = tmp_path / "db"
    code, stdout, stderr = load(db, data)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"poa-kg: error: {data}: cannot read the data: ")
    assert stderr.count("\n") == 1
    assert not db.exists()


@pytest.mark.parametrize("what", ["file", "other folder", "triples only", "no build"])
def test_what_cannot_be_loaded_is_a_one_line_error(what: str, out_dir: Path, tmp_path: Path) -> None:
    db, data = tmp_path / "db", out_dir
    if what == "file":
        db.write_text("not a database", encoding="utf-8")
        expected = f"{db}: not a folder; give the folder of an Oxigraph database (new or existing)"
    elif what == "other folder":
        db.mkdir()
        (db / "notes.txt").write_text("mine", encoding="utf-8")
        expected = f"{db}: a folder that holds something else than an Oxigraph database"
    elif what == "triples only":
        data = out_dir / "graph.nt"
        expected = f"{data}: holds no named graph; load a build folder, or its dataset.nq or dataset.trig"
    else:
        data = tmp_path / "nothing"
        expected = f"{data}: no such file or folder"
    assert load(db, data) == (2, "", f"poa-kg: error: {expected}\n")


def test_a_database_open_elsewhere_is_refused(out_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    held = ox.Store(str(db))  # as a running server holds it
    code, stdout, stderr = load(db, out_dir)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"poa-kg: error: {db}: cannot open the Oxigraph database (")
    assert stderr.count("\n") == 1
    assert len(held) == 0


@pytest.mark.server
@pytest.mark.slow
def test_oxigraph_serves_the_loaded_folder(loaded: Path, out_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    cmd = [str(OXIGRAPH), "serve", "--location", str(loaded), "--bind", f"127.0.0.1:{port}"]
    with running(cmd, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", tmp_path / "oxigraph.log"):
        for name in ("citations", "commitments-by-theme"):
            q = next(x for x in list_queries() if x.name == name)
            params = [arg for key, value in sample_params(q).items() for arg in ("--param", f"{key}={value}")]
            served = cli("query", name, "--endpoint", f"http://127.0.0.1:{port}/query", "--format", "csv", *params)
            at_home = cli("query", name, "--data", str(out_dir), "--format", "csv", *params)
            assert served.returncode == 0, served.stderr
            assert sorted(served.stdout.splitlines()) == sorted(at_home.stdout.splitlines())
            assert len(at_home.stdout.splitlines()) > 1


def test_n_quads_are_loaded_in_parts_cut_between_lines(out_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.publish import oxigraph_load

    data = out_dir / "dataset.nq"
    parts = oxigraph_load.line_parts(data, 1 << 16)
    size = data.stat().st_size
    longest = max(len(line) for line in data.read_bytes().splitlines(keepends=True))
    assert all(1 << 16 <= end - start < (1 << 16) + longest for start, end in parts[:-1])
    assert parts[0][0] == 0 and parts[-1][1] == size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    with data.open("rb") as fh:
        for _start, end in parts:
            fh.seek(end - 1)
            assert fh.read(1) == b"\n"
    monkeypatch.setattr(oxigraph_load, "LOAD_PART", 1 << 16)  # a hundred parts and more: the same database
    db = tmp_path / "db"
    assert load(db, out_dir)[0] == 0
    assert sum(graph_sizes(db).values()) == QUADS
    assert graph_sizes(db)[REPORT_GRAPH] == REPORT_QUADS
