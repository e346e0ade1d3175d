"""Atomic output: a failed or interrupted run never leaves a half-written file, a temporary
file, or a mix of old and new files; an existing good output survives a failed run byte for byte.

Failed runs go through the command line in this process. The interruptions are real: SIGINT
and SIGTERM sent to a ``poa-kg build`` subprocess at two moments — as soon as it has installed
its handlers (it is still reading and building), and as soon as the next generation of the output
folder appears beside it (it is writing); those tests are marked slow. SIGKILL at every step of the
switch to a new generation, and two builds at once, are in ``tests/test_output_folder.py``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from builder.atomic import pending_temporary_files, remove_pending, write_bytes_atomic, write_files_atomic
from tests.conftest import REPORT, cli


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder and of its folders (``akn/``), by its path in the folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def beside(out: Path) -> list[str]:
    """``out`` and what a build keeps beside it: its generations, its lock, temporary links and folders."""
    return sorted(p.name for p in out.parent.iterdir() if p.name == out.name or p.name.startswith(f".{out.name}."))


def generations(out: Path) -> list[str]:
    return [name for name in beside(out) if name.startswith(f".{out.name}.gen-")]


# --------------------------------------------------------------------------------------------------
# the writer itself


def test_write_bytes_atomic_replaces_whole_file_with_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "graph.ttl"
    write_bytes_atomic(target, b"old")
    write_bytes_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.ttl"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert pending_temporary_files() == []


class _Interrupting(Mapping[str, bytes]):
    """File contents that stop the writer (as Ctrl-C would) when the ``stop_at``-th file is asked for."""

    def __init__(self, files: dict[str, bytes], stop_at: int, folder: Path) -> None:
        self.files, self.stop_at, self.folder = files, stop_at, folder
        self.asked = 0
        self.seen_pending: list[str] = []

    def __getitem__(self, key: str) -> bytes:
        self.asked += 1
        if self.asked == self.stop_at:
            self.seen_pending = [Path(p).name for p in pending_temporary_files()]
            raise KeyboardInterrupt
        return self.files[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def test_interrupted_write_leaves_old_files_and_no_temporary(tmp_path: Path) -> None:
    old = {"a.ttl": b"old a", "b.nt": b"old b", "c.json": b"old c"}
    write_files_atomic(tmp_path, old)
    files = _Interrupting({"a.ttl": b"new a", "b.nt": b"new b", "c.json": b"new c"}, stop_at=3, folder=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        write_files_atomic(tmp_path, files)
    # two temporary files had been written when the third was asked for; none is left
    assert len(files.seen_pending) == 2
    assert all(name.startswith((".a.ttl.", ".b.nt.")) and name.endswith(".tmp") for name in files.seen_pending)
    assert snapshot(tmp_path) == old
    assert temporaries(tmp_path) == []
    assert pending_temporary_files() == []


def test_remove_pending_deletes_what_a_signal_handler_must(tmp_path: Path) -> None:
    # what the command line's handlers do: delete the temporary files of the writes in progress
    class Handler(_Interrupting):
        def __getitem__(self, key: str) -> bytes:
            self.asked += 1
            if self.asked == self.stop_at:
                self.seen_pending = [Path(p).name for p in remove_pending()]
                assert temporaries(tmp_path) == []
                raise KeyboardInterrupt
            return self.files[key]

    files = Handler({"a": b"1", "b": b"2", "c": b"3"}, stop_at=2, folder=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        write_files_atomic(tmp_path, files)
    assert len(files.seen_pending) == 1 and files.seen_pending[0].startswith(".a.")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_changes_nothing(tmp_path: Path) -> None:
    old = {"a.ttl": b"old a", "c.json": b"old c"}
    write_files_atomic(tmp_path, old)
    (tmp_path / "b.nt").mkdir()
    with pytest.raises(IsADirectoryError):
        write_files_atomic(tmp_path, {"a.ttl": b"new a", "b.nt": b"new b", "c.json": b"new c"})
    assert snapshot(tmp_path) == old  # a.ttl was not renamed before b.nt failed
    assert temporaries(tmp_path) == []


# --------------------------------------------------------------------------------------------------
# failed runs of the command line


@pytest.fixture()
def good_output(out_dir: Path, tmp_path: Path) -> Path:
    """A copy of a good build of the bundled report."""
    out = tmp_path / "out"
    shutil.copytree(out_dir, out)
    return out


@pytest.mark.parametrize(("case", "data", "message"), [
    ("empty", b"", "{path}: empty file"),
    ("pdf", b"%PDF-1.4\n", "{path}:1: this is a PDF; extract its text first (for example with pdftotext)"),
    ("truncated", REPORT.read_bytes()[:60000],
     "{path}:338: the file ends in the middle of a UTF-8 character; is it truncated?"),
])
def test_failed_build_leaves_existing_output_byte_identical(good_output: Path, tmp_path: Path, case: str,
                                                            data: bytes, message: str) -> None:
    before = snapshot(good_output)
    path = tmp_path / f"{case}.ar.txt"
    path.write_bytes(data)
    proc = cli("build", str(path), "--out", str(good_output), "--symbol", "A/1")
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {message.format(path=path)}\n"
    assert snapshot(good_output) == before
    assert temporaries(good_output) == []


# --------------------------------------------------------------------------------------------------
# interrupted runs: real signals to a real subprocess

needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")


def test_a_write_that_fails_leaves_existing_output_byte_identical(good_output: Path, alt_report: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # the build succeeds, but the disk fills up while its files are written (the third one): none is
    # replaced, and nothing is left of the new generation of the folder (builder.outputs.folder)
    before = snapshot(good_output)
    real_fsync, calls = os.fsync, []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    proc = cli("build", str(alt_report), "--out", str(good_output))
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {good_output}: No space left on device\n"
    assert snapshot(good_output) == before
    assert temporaries(good_output) == []
    assert beside(good_output) == ["." + good_output.name + ".lock", good_output.name]
    assert pending_temporary_files() == []


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _handlers_installed(pid: int) -> bool:
    # SIGINT is caught from the start (Python's KeyboardInterrupt); SIGTERM once poa-kg's handlers are in
    status = Path(f"/proc/{pid}/status").read_text()
    mask = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt:")), 16)
    return bool(mask >> (signal.SIGTERM - 1) & 1)


def _wait(proc: subprocess.Popen[str], ready: object) -> None:
    assert callable(ready)
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the build ended before the moment came: {proc.returncode} {proc.stderr}")


@pytest.mark.slow  # real signals to a real process
@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("moment", ["building", "writing"])
def test_interrupted_build_leaves_old_or_new_output_and_no_temporary(
        good_output: Path, alt_report: Path, request: pytest.FixtureRequest, signum: int, moment: str) -> None:
    before = snapshot(good_output)
    # the child starts with Ctrl-C at its default: the command line (like Python) keeps a SIGINT its
    # parent ignores ignored, and a test run elsewhere in the suite may have left it ignored here
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", str(alt_report), "--out", str(good_output)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_default_sigint)
    try:
        _wait(proc, lambda: _handlers_installed(proc.pid))
        if moment == "writing":  # the next generation of the folder appears beside it (builder.outputs.folder)
            _wait(proc, lambda: generations(good_output) != [])
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum
    assert stderr == f"poa-kg: interrupted ({name}); no half-written or temporary file was left\n"
    assert stdout == ""
    assert temporaries(good_output) == []
    switched = [os.readlink(good_output)] if good_output.is_symlink() else []
    # no generation but the one the link shows (the lock file is there once the command has started)
    assert set(beside(good_output)) - {"." + good_output.name + ".lock"} == {good_output.name, *switched}
    after = snapshot(good_output)
    if moment == "building":
        assert after == before
    else:
        # the renames run with the signals held: all old files, or all new ones, never a mix
        alt_files = request.getfixturevalue("alt_files")
        assert alt_files != before
        assert after in (before, alt_files)


# --------------------------------------------------------------------------------------------------
# the benchmark's JSON (no timing is checked: only that a tiny run writes what `make bench` reads)


@pytest.mark.slow  # the benchmark is a process of its own and starts others (end to end, the corpus)
def test_bench_tiny_run_writes_expected_keys(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "builder.bench", "--quick", "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"environment", "single", "corpus", "queries", "validation", "memory", "targets", "notes"}
    assert set(data["single"]) == {"runs", "triples", "stages", "total_seconds", "setup_seconds", "end_to_end_seconds"}
    assert [s["stage"] for s in data["single"]["stages"]] == [
        "segment", "extract", "resolve", "emit", "serialize", "rdflib terms", "validate"]
    assert [c["copies"] for c in data["corpus"]] == [1]
    assert set(data["corpus"][0]) >= {"copies", "workers", "seconds", "per_report_seconds", "ratio_to_one",
                                      "ratio_to_serial", "triples", "peak_rss_mib"}
    assert {q["name"] for q in data["queries"]} >= {"paragraphs"}
    assert all(set(q) >= {"name", "params", "rows", "oxigraph_ms", "rdflib_ms", "speedup"} for q in data["queries"])
    assert all(set(t) == {"target", "limit", "measured", "pass"} for t in data["targets"])
    # memory per MB of input: a report of one copy of the bundled report's text, then of two
    assert [r["copies"] for r in data["memory"]["runs"]] == [1, 2]
    keys = {"copies", "input_mib", "seconds", "output_mib", "peak_rss_mib"}
    assert all(set(r) == keys for r in data["memory"]["runs"])
    assert data["memory"]["runs"][1]["input_mib"] > data["memory"]["runs"][0]["input_mib"] > 0.1
    assert data["memory"]["per_input_mib"] is not None
    assert "memory per MB of input" in [t["target"] for t in data["targets"]]
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout
    assert temporaries(tmp_path) == []
