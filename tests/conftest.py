"""Shared fixtures: the bundled report, built once per session with the real pipeline, and its outputs.

The command line runs in this process (:func:`cli`, click's test runner) unless a test must see a
real process: signals, hash seeds, servers, the wheel, the forked validation child. Those tests,
and those that take more than a few seconds (a report built of their own, rdflib's SPARQL engine
over the whole report), carry the ``slow`` mark: ``pytest -m "not slow"`` is the quick tier.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import traceback
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from builder.model import Document
from builder.outputs.read import load_graph
from builder.outputs.write import write_outputs
from builder.pipeline import BuildResult, BuildSettings, build
from builder.segment import segment_file

# The day every build of the tests is built on (dcterms:modified of void.ttl): builds are byte-identical
# whatever day the tests run, as reproducible builds make them (SOURCE_DATE_EPOCH, seconds since 1970).
BUILD_EPOCH = "1750000000"
BUILD_DAY = "2025-06-15"
os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "A-CONF.192-2018-RC-3.ar.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OTHER = FIXTURES / "other-report.ar.txt"


@pytest.fixture(scope="session")
def report_path() -> Path:
    return REPORT


@pytest.fixture(scope="session")
def document() -> Document:
    return segment_file(REPORT)


@pytest.fixture(scope="session")
def built() -> BuildResult:
    return build([REPORT], BuildSettings())


@pytest.fixture(scope="session")
def out_dir(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    write_outputs(built, out)
    return out


@pytest.fixture(scope="session")
def out_nt(out_dir: Path) -> Graph:
    """``graph.nt`` of the session's build as rdflib reads it. Shared: a test must not change it."""
    g = Graph()
    g.parse(out_dir / "graph.nt", format="nt")
    return g


@pytest.fixture(scope="session")
def out_graph(out_dir: Path) -> Graph:
    """The session's build folder as ``builder.query`` loads it for rdflib. Shared: a test must not change it."""
    return load_graph(out_dir)


@pytest.fixture(scope="session")
def other_built() -> BuildResult:
    """The report of our own making (tests/fixtures/other-report.ar.txt), built once."""
    return build([OTHER], BuildSettings())


@pytest.fixture(scope="session")
def other_out(other_built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("other")
    write_outputs(other_built, out)
    return out


ALT_SYMBOL = "A/CONF.192/2018/RC/3/ALT"


@pytest.fixture(scope="session")
def alt_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The body of the bundled report (no annex) under another symbol: a complete report that
    builds fast, with outputs unlike the bundled report's."""
    folder = tmp_path_factory.mktemp("alt")
    path = folder / REPORT.name
    text = REPORT.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nالمرفق")].rstrip(), encoding="utf-8")
    meta = json.loads(REPORT.with_name("A-CONF.192-2018-RC-3.ar.meta.json").read_text(encoding="utf-8"))
    path.with_name("A-CONF.192-2018-RC-3.ar.meta.json").write_text(json.dumps(meta | {"symbol": ALT_SYMBOL}))
    return path


@pytest.fixture(scope="session")
def alt_files(alt_report: Path) -> dict[str, bytes]:
    """What a complete build of the alternative report writes."""
    from builder.outputs.write import serialize_outputs

    return serialize_outputs(build([alt_report], BuildSettings()))


@pytest.fixture(scope="session")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The names of the files in the project's wheel, built once by pip (a subprocess: mark the test slow)."""
    folder = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(folder), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return zipfile.ZipFile(next(folder.glob("poa_kg-*.whl"))).namelist()


def copy_report(tmp: Path, text: str | None = None, name: str = "A-CONF.192-2018-RC-3.ar.txt") -> Path:
    """A copy of the bundled report (optionally with other text) and its metadata file in ``tmp``."""
    target = tmp / name
    target.write_text(text if text is not None else REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    meta = REPORT.with_name("A-CONF.192-2018-RC-3.ar.meta.json")
    shutil.copy(meta, target.with_name(name.removesuffix(".txt") + ".meta.json"))
    return target


@dataclass(frozen=True)
class CliRun:
    """What a run of the command line left: its exit code and what it wrote on stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, env: Mapping[str, str | None] | None = None) -> CliRun:
    """Run the command line in this process, as ``poa-kg ARGS`` would run.

    ``env`` sets environment variables for the run (``None`` unsets one). An exception the
    command line does not catch ends the run as it would end the interpreter: exit code 1 and
    the traceback on stderr (so a test that says "no traceback" still sees one).
    """
    from builder.cli import main

    # the click group itself: its main() installs the signal handlers and restores them on return
    result = CliRunner().invoke(main, list(args), prog_name="poa-kg", env=env)
    if result.exit_code in (128 + signal.SIGINT, 128 + signal.SIGTERM):
        raise KeyboardInterrupt  # the command line ended on Ctrl-C (or SIGTERM): so does the test run
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exc_info[1], SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return CliRun(result.exit_code, result.stdout, stderr)


def another_hash_seed() -> str:
    """A PYTHONHASHSEED for a child process unlike this process's own (random, unless the variable is set)."""
    return "2024" if os.environ.get("PYTHONHASHSEED") == "5" else "5"


def run_cli(*args: str, cwd: Path | None = None,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line for real, in a subprocess: only for what must cross a process boundary
    (a hash seed, a signal); ``env`` is the whole environment of the child when given."""
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600, env=None if env is None else dict(env))


def matches_holding_their_word(gated: Iterable[tuple[re.Pattern[str], str]], texts: Sequence[str]) -> int:
    """How many matches the patterns find in ``texts``, each pattern with the word that gates it.

    A text without the word is not scanned for the pattern, so the word must be a literal of the
    pattern and stand in every match (asserted here).
    """
    matches = 0
    for rx, word in gated:
        assert word in rx.pattern
        for text in texts:
            for m in rx.finditer(text):
                assert word in m.group(0), (rx.pattern, m.group(0))
                matches += 1
    return matches
