"""The build folder (``builder/outputs/folder.py``): a link to its current generation, switched in one step.

The layout, the files kept and dropped from one build to the next, the migration
of a real folder of an older version, what is refused, the lock, and the clean-up
of what a killed run leaves: in this process. Then, marked slow, real ``poa-kg
build`` processes: killed (SIGKILL, through the test hook ``POA_KG_KILL_AT_STEP``)
after every step of the switch, the output must be the old build or the new one,
byte for byte, and the next build must clean up; and two builds at once into one
folder must give one complete build.
"""

from __future__ import annotations

import errno
import fcntl
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from builder.atomic import pending_temporary_files
from builder.errors import OutputError
from builder.outputs.folder import KILL_AT_STEP, BuildFolder, build_folder
from builder.outputs.read import load_graph
from builder.outputs.write import BUILD_FILES, COMPANION_FILES, open_build_folder, write_build
from tests.conftest import REPORT, cli

OLD = {"graph.ttl": b"old graph", "build-report.json": b"{}\n", "validation.ttl": b"old validation"}
NEW = {"graph.ttl": b"new graph", "build-report.json": b"{\"new\": 1}\n"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder and of its folders (``akn/``, ``docs/``), by its path in the folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built_files(folder: Path) -> dict[str, bytes]:
    """The files of a build folder that the build wrote (those in a folder it writes, such as ``akn/``, too)."""
    return {name: data for name, data in snapshot(folder).items() if name.split("/")[0] in BUILD_FILES}


def beside(out: Path) -> list[str]:
    """``out`` and what a build keeps beside it: its generations, its lock, temporary links and folders."""
    return sorted(p.name for p in out.parent.iterdir() if p.name == out.name or p.name.startswith(f".{out.name}."))


def no_orphans(out: Path) -> list[str]:
    """What :func:`beside` must be once a build has cleaned up: ``out``, its lock, and the generation it shows."""
    shown = [os.readlink(out)] if out.is_symlink() else []
    return sorted([out.name, f".{out.name}.lock", *shown])


def test_a_first_build_makes_a_link_to_a_generation_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "deeper" / "out"
    assert write_build(out, OLD) == [out / "build-report.json", out / "graph.ttl", out / "validation.ttl"]
    assert out.is_symlink() and os.readlink(out) == ".out.gen-1"
    assert beside(out) == [".out.gen-1", ".out.lock", "out"]
    assert snapshot(out) == OLD
    assert (tmp_path / "deeper" / ".out.lock").read_text() == f"{os.getpid()}\n"
    assert pending_temporary_files() == []


def test_the_next_build_switches_generation_keeps_other_files_and_drops_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_build(out, OLD)
    (out / "docs").mkdir()
    (out / "docs" / "ontology.html").write_text("<html/>")
    (out / "bench.json").write_text("{}")
    os.symlink("docs/ontology.html", out / "ontology.html")
    write_build(out, NEW)
    assert os.readlink(out) == ".out.gen-2"
    assert beside(out) == [".out.gen-2", ".out.lock", "out"]  # the first generation is gone
    # the old validation report described the old graph: it is not kept; docs and bench are
    assert snapshot(out) == NEW | {"bench.json": b"{}", "ontology.html": b"<html/>", "docs/ontology.html": b"<html/>"}
    assert (out / "docs" / "ontology.html").read_text() == "<html/>"
    assert os.readlink(out / "ontology.html") == "docs/ontology.html"


def test_the_names_a_build_owns() -> None:
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "context.jsonld", "dataset.trig", "dataset.nq", "void.ttl",
            "build-report.json", "validation.ttl", "validation.txt", "akn", "shards", "manifest.json"} == BUILD_FILES
    assert {"docs", "bench.json"} == COMPANION_FILES


def test_the_command_line_and_readers_go_through_the_link(tmp_path: Path, out_dir: Path) -> None:
    out = tmp_path / "out"
    write_build(out, snapshot(out_dir))
    proc = cli("query", "paragraphs", "--data", str(out), "--format", "csv")
    assert proc.returncode == 0 and proc.stdout.count("\n") == 195
    assert len(load_graph(out)) == len(load_graph(out_dir))
    proc = cli("validate", "--data", str(out) + "/")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / os.readlink(out) / "validation.ttl").is_file()


@pytest.mark.parametrize("content", ["a build", "nothing", "only what poa-kg writes"])
def test_a_real_folder_of_an_older_version_is_migrated(tmp_path: Path, content: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o750)
    kept: dict[str, bytes] = {}
    if content == "a build":
        (out / "graph.ttl").write_bytes(b"old graph")
        (out / "build-report.json").write_text("{}")
        (out / "notes.txt").write_text("mine")
        (out / ".graph.nt.0123456789ab.tmp").write_text("left by a killed run of an older version")
        kept = {"notes.txt": b"mine"}
    elif content == "only what poa-kg writes":
        (out / "docs").mkdir()
        (out / "docs" / "ontology.html").write_text("<html/>")
        (out / "bench.json").write_text("{}")
        kept = {"bench.json": b"{}", "docs/ontology.html": b"<html/>"}
    write_build(out, NEW)
    assert os.readlink(out) == ".out.gen-1"
    assert beside(out) == [".out.gen-1", ".out.lock", "out"]
    assert snapshot(out) == NEW | kept
    assert (out / "docs").is_dir() == (content == "only what poa-kg writes")
    assert os.stat(out).st_mode & 0o777 == 0o750  # the folder keeps its permissions


def test_a_build_from_inside_an_old_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    with pytest.raises(OutputError) as err:
        write_build(Path("."), NEW)
    assert str(err.value) == f"{out}: the current folder is in it; run the build from elsewhere"
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("what", ["a folder of mine", "a file", "a link of mine"])
def test_what_poa_kg_did_not_write_is_refused(tmp_path: Path, what: str) -> None:
    out = tmp_path / "out"
    message = {
        "a folder of mine": f"{out}: a folder that holds no build of poa-kg (no build-report.json); give --out a new"
                            " or empty folder, or a previous build's",
        "a file": f"{out}: a file, not a build folder",
        "a link of mine": f"{out}: a symbolic link to elsewhere, not to a generation of a build; give --out a new"
                          " path, or the folder it points to",
    }[what]
    if what == "a folder of mine":
        out.mkdir()
        (out / "thesis.tex").write_text("years of work")
    elif what == "a file":
        out.write_text("a file")
    else:
        os.symlink("elsewhere", out)
    before = beside(out)
    with pytest.raises(OutputError) as err:
        write_build(out, NEW)
    assert str(err.value) == message
    assert beside(out) == before  # not even a lock file
    proc = cli("build", "--out", str(out))
    assert (proc.returncode, proc.stderr) == (2, f"poa-kg: error: {message}\n")


def hold_lock(out: Path, pid: int = 4242) -> int:
    """Lock ``out``'s lock file as a running build would, with ``pid`` in it; returns the descriptor to close."""
    fd = os.open(out.parent / f".{out.name}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.pwrite(fd, f"{pid}\n".encode(), 0)
    return fd


def test_a_second_build_into_a_locked_folder_stops_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_build(out, OLD)
    fd = hold_lock(out)
    try:
        start = time.monotonic()
        proc = cli("build", "--out", str(out))
        assert time.monotonic() - start < 5  # refused before the report is built
        assert proc.returncode == 2
        assert proc.stderr == (f"poa-kg: error: {out}: another build is writing into it (process 4242);"
                               " try again when it has finished\n")
        with pytest.raises(OutputError, match="another build is writing into it"):
            write_build(out, NEW)
    finally:
        os.close(fd)
    assert snapshot(out) == OLD
    assert beside(out) == no_orphans(out)
    write_build(out, NEW)  # the lock went with its holder
    assert snapshot(out) == NEW


def test_orphans_of_killed_runs_are_deleted_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_build(out, OLD)
    for name in (".out.gen-2", ".out.gen-9"):  # generations being written, or superseded
        (tmp_path / name).mkdir()
        (tmp_path / name / "graph.ttl").write_bytes(b"half a gra")
    os.symlink(".out.gen-9", tmp_path / ".out.new-0123456789ab")  # a new link not renamed yet
    (tmp_path / ".out.new-abcdef012345").mkdir()  # an old real folder swapped out, not deleted yet
    (tmp_path / ".other.gen-3").mkdir()  # another output's: not ours to touch
    with open_build_folder(out):
        assert beside(out) == [".out.gen-1", ".out.lock", "out"]
    assert snapshot(out) == OLD
    assert (tmp_path / ".other.gen-3").is_dir()
    write_build(out, NEW)
    assert os.readlink(out) == ".out.gen-2"


def test_a_real_folder_a_kill_left_aside_is_put_back(tmp_path: Path) -> None:
    # where the system cannot swap two names in one step, a migration renames the old folder aside
    # and then the link into place: a kill between the two leaves no `out` at all
    aside = tmp_path / ".out.old-0123456789ab"
    aside.mkdir()
    (aside / "graph.ttl").write_bytes(b"old graph")
    (aside / "build-report.json").write_text("{}")
    out = tmp_path / "out"
    with open_build_folder(out):
        assert beside(out) == [".out.lock", "out"]
        assert not out.is_symlink() and snapshot(out) == {"build-report.json": b"{}", "graph.ttl": b"old graph"}


def test_the_migration_without_a_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builder.outputs.folder as folder

    monkeypatch.setattr(folder, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "build-report.json").write_text("{}")
    write_build(out, NEW)
    assert beside(out) == [".out.gen-1", ".out.lock", "out"]
    assert snapshot(out) == NEW


class _FailingFiles(Mapping[str, bytes]):
    """File contents that raise ``error`` when the ``stop_at``-th file is asked for, after noting what is pending."""

    def __init__(self, files: dict[str, bytes], stop_at: int, error: BaseException) -> None:
        self.files, self.stop_at, self.error = files, stop_at, error
        self.asked = 0
        self.pending: list[str] = []

    def __getitem__(self, key: str) -> bytes:
        self.asked += 1
        if self.asked == self.stop_at:
            self.pending = [Path(p).name for p in pending_temporary_files()]
            raise self.error
        return self.files[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")],
                         ids=["interrupted", "disk full"])
def test_a_commit_that_fails_changes_nothing_and_leaves_nothing(tmp_path: Path, error: BaseException) -> None:
    out = tmp_path / "out"
    write_build(out, OLD)
    files = _FailingFiles(NEW | {"void.ttl": b"new void"}, stop_at=2, error=error)
    with pytest.raises((KeyboardInterrupt, OutputError)):
        write_build(out, files)
    assert files.pending == [".out.gen-2"]  # what a signal handler would have deleted (builder.atomic)
    assert snapshot(out) == OLD
    assert beside(out) == [".out.gen-1", ".out.lock", "out"]
    assert pending_temporary_files() == []


def test_the_commit_steps_are_counted_for_the_test_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []
    monkeypatch.setattr(BuildFolder, "_step", lambda self, what: steps.append(what))
    with build_folder(tmp_path / "out") as folder:
        folder.commit(NEW, BUILD_FILES)
        folder.commit(OLD, BUILD_FILES)
    assert steps[:7] == ["made the new generation's folder", "wrote build-report.json", "wrote graph.ttl",
                         "took over the other files", "synced the new generation", "made the new link",
                         "switched to the new generation"]
    assert steps[7] == "deleted the previous generation" and len(steps) == 8 + 9


# --------------------------------------------------------------------------------------------------
# real processes: killed at every step of the switch, and two builds at once

needs_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and flock as on Linux")


def _build(report: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "builder.cli", "build", str(report), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ | env)


def _start_from(out: Path, start: str, files: dict[str, bytes]) -> None:
    """Empty the place of ``out`` and put the old build there: as a generation, or as an older version's folder."""
    for name in beside(out):
        path = out.parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    if start == "generation":
        write_build(out, files)
    else:
        out.mkdir()
        for name, data in files.items():
            (out / name).parent.mkdir(exist_ok=True)
            (out / name).write_bytes(data)


@pytest.mark.slow  # a real build process per step, killed
@needs_linux
@pytest.mark.parametrize("start", ["generation", "older version's folder"])
def test_a_kill_at_any_step_leaves_the_old_build_or_the_new_and_the_next_build_cleans_up(
        tmp_path: Path, out_dir: Path, alt_report: Path, alt_files: dict[str, bytes], start: str) -> None:
    old = built_files(out_dir)
    assert old != alt_files
    out = tmp_path / "out"
    seen = []
    for step in itertools.count(1):
        _start_from(out, start, old)
        proc = _build(alt_report, out, **{KILL_AT_STEP: str(step)})
        stdout, stderr = proc.communicate(timeout=300)
        if proc.returncode == 0:  # past the last step: the build ran to its end
            break
        assert proc.returncode == -signal.SIGKILL, stderr
        assert stderr.startswith(f"poa-kg: {KILL_AT_STEP}: killed after step {step} (") and stdout == ""
        after = snapshot(out)
        assert after in (old, alt_files), f"a mix after step {step}: {stderr}"
        seen.append("new" if after == alt_files else "old")
        with open_build_folder(out):  # what the next build does first
            pass
        assert beside(out) == no_orphans(out), stderr
        assert snapshot(out) == after
    # 1 folder, 9 files (akn/ one of them), taking over, sync, link, switch, deleting the old one
    assert step == 16
    assert seen == ["old"] * 13 + ["new"] * 2
    assert snapshot(out) == alt_files
    assert beside(out) == no_orphans(out) == [".out.gen-1" if start != "generation" else ".out.gen-2", ".out.lock",
                                              "out"]
    # and a whole build after a killed one (after the last step, the old generation still there)
    _start_from(out, start, old)
    assert _build(alt_report, out, **{KILL_AT_STEP: "14"}).wait(timeout=300) == -signal.SIGKILL
    assert cli("build", str(alt_report), "--out", str(out)).returncode == 0
    assert snapshot(out) == alt_files
    assert beside(out) == no_orphans(out)


@pytest.mark.slow  # two real build processes
@needs_linux
def test_two_builds_at_once_into_one_folder_give_one_complete_build(
        tmp_path: Path, out_dir: Path, alt_report: Path, alt_files: dict[str, bytes]) -> None:
    bundled = built_files(out_dir)
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    first = _build(REPORT, out)
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):  # it holds the lock
        assert first.poll() is None, first.communicate()
        time.sleep(0.01)
    second = _build(alt_report, out)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0, outs[0][1]
    if second.returncode == 2:  # the usual case: the first build held the lock all along
        assert outs[1] == ("", f"poa-kg: error: {out}: another build is writing into it (process {first.pid});"
                               " try again when it has finished\n")
        assert snapshot(out) == bundled
    else:  # the first had finished before the second started its own: one after the other
        assert second.returncode == 0, outs[1][1]
        assert snapshot(out) == alt_files
    assert beside(out) == no_orphans(out)
