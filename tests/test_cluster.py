"""A corpus built on a Dask cluster (builder.cluster, ``build --scheduler``): the bytes of the local build.

The workers of the cluster build the reports' shards into the build folder, which
they share with the client, and run parts of the combine step; nothing else differs
from the local build, so every file of the build folder must be the same.
"""

from __future__ import annotations

import ast
import os
import socket
import sys
from pathlib import Path

import pytest

from builder import cluster
from builder.cluster import checked_scheduler
from builder.corpus import ShardJob, build_shard
from builder.errors import ClusterError
from builder.outputs.shards import Shard
from tests.conftest import FIXTURES, REPORT, cli
from tests.test_corpus import COMBINED, assert_same_files, in_memory

REPO = FIXTURES.parent.parent
# the small reports of the fixtures, each with its own symbol (recorded-votes has other-report's)
REPORTS = [FIXTURES / "other-report.ar.txt",
           *sorted(p for p in (FIXTURES / "family").glob("*.ar.txt") if p.name != "recorded-votes.ar.txt")]


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file under the build folder ``folder`` (shards and manifest too), by its path in it."""
    root = folder.resolve()  # the link to the build's generation
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_corpus_built_on_a_local_cluster_is_the_local_build_byte_for_byte(tmp_path: Path) -> None:
    names = [str(p) for p in REPORTS]
    on_cluster = cli("build", *names, "--out", str(tmp_path / "cluster"), "--scheduler", "local", "--workers", "2")
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert on_cluster.stdout.startswith(f"built 6 report(s) into {tmp_path / 'cluster'}/: 6 built, 0 unchanged,"
                                        " 2 worker(s),")
    here = cli("build", *names, "--out", str(tmp_path / "here"), "--workers", "1")
    assert here.returncode == 0, here.stderr
    built, expected = every_file(tmp_path / "cluster"), every_file(tmp_path / "here")
    assert sorted(built) == sorted(expected)
    assert len([n for n in built if n.startswith("shards/") and n.endswith(".nq")]) == 6
    assert len([n for n in built if n.startswith("akn/")]) == 6
    for name in built:
        assert built[name] == expected[name], name
    # and the combined files are those of the in-memory build of the same reports
    assert_same_files(in_memory(REPORTS), {n: b for n, b in built.items() if n in COMBINED or n.startswith("akn/")})


@pytest.mark.parametrize("value", ["foo", "tcp://127.0.0.1", "http://127.0.0.1:8786", "tcp://:8786",
                                   "tcp://127.0.0.1:8786/path", "tcp://127.0.0.1:99999", "LOCAL"])
def test_a_scheduler_is_local_or_an_address_with_a_port(tmp_path: Path, value: str) -> None:
    run = cli("build", str(REPORT), "--out", str(tmp_path / "out"), "--scheduler", value)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"poa-kg: error: --scheduler {value}: neither 'local' nor a Dask scheduler's"
                                       " address tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)"]
    assert not (tmp_path / "out").exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("value", ["local", "tcp://10.0.0.5:8786", "tcp://scheduler.example.org:8786",
                                   "tls://[::1]:8786"])
def test_scheduler_addresses_that_are_taken(value: str) -> None:
    assert checked_scheduler(value) == value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    run = cli("build", str(REPORT), "--out", str(tmp_path / "out"), "--scheduler", address)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"poa-kg: error: --scheduler {address}: no Dask scheduler answered within 1 s"]
    assert not list(tmp_path.iterdir())  # the build folder was never touched


def test_without_dask_the_scheduler_option_says_what_to_install(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed: its import fails
    run = cli("build", str(REPORT), "--out", str(tmp_path / "out"), "--scheduler", "local")
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["poa-kg: error: --scheduler needs Dask, which is not installed:"
                                       " pip install 'poa-kg[distributed]'"]
    assert not list(tmp_path.iterdir())


def test_dask_is_imported_only_by_the_cluster_module_and_only_when_asked_for() -> None:
    importers = {}
    for path in sorted((REPO / "builder").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("dask", "distributed") for n in names):
                importers[path.name] = node in tree.body
    assert importers == {"cluster.py": False}  # inside a function: not at the module's top


def test_a_worker_that_does_not_see_the_build_folder_says_so(tmp_path: Path) -> None:
    job = ShardJob(index=0, path=str(REPORTS[0]), key="k", shards=str(tmp_path / "absent" / "shards"),
                   base="https://example.org/", symbol=None, validate=False)
    with pytest.raises(ClusterError) as err:
        build_shard(job)
    assert str(err.value) == (f"{tmp_path}/absent/shards: no such folder on the worker at {socket.gethostname()};"
                              " the workers of a cluster must see the build folder at the same path"
                              " (a shared filesystem)")


def test_a_worker_in_another_folder_reads_the_report_where_the_build_runs(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "shards").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the worker's working directory (restored after the test)
    relative = REPORTS[0].relative_to(REPO).as_posix()
    job = ShardJob(index=0, path=relative, key="k", shards=str(tmp_path / "shards"), base="https://example.org/",
                   symbol=None, validate=False, folder=str(REPO))
    done = build_shard(job)
    assert os.getcwd() == str(REPO)
    assert Shard(tmp_path / "shards", done.slug).read_meta()["path"] == relative  # as given, not as found
