"""Shared fixtures: the bundled report, built once per session with the real pipeline."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.model import Document
from builder.outputs.write import write_outputs
from builder.pipeline import BuildResult, BuildSettings, build
from builder.segment import segment_file

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "A-CONF.192-2018-RC-3.ar.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


def copy_report(tmp: Path, text: str | None = None, name: str = "A-CONF.192-2018-RC-3.ar.txt") -> Path:
    """A copy of the bundled report (optionally with other text) and its metadata file in ``tmp``."""
    target = tmp / name
    target.write_text(text if text is not None else REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    meta = REPORT.with_name("A-CONF.192-2018-RC-3.ar.meta.json")
    shutil.copy(meta, target.with_name(name.removesuffix(".txt") + ".meta.json"))
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command line for real, in a subprocess."""
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)
