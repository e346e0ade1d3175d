"""The notebooks run top to bottom with nbclient on this virtualenv's Python and save their figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
FIGURES = {
    "01-voting-blocs.ipynb": ["01-voting-blocs.png", "01-agreement-matrix.png"],
    "02-instruments-and-themes.ipynb": ["02-instruments.png", "02-themes.png", "02-instrument-theme.png"],
}
KERNEL = "poa-kg-test"


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kernelspec that runs ipykernel on the interpreter running the tests (the project's .venv)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "poa-kg (test)", "language": "python"}), encoding="utf-8")
    return root


def run_notebook(name: str, kernel_path: Path, figures: Path, data: Path | None,
                 monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))
    monkeypatch.setenv("POA_KG_FIGURES", str(figures))
    if data is None:
        monkeypatch.delenv("POA_KG_DATA", raising=False)
    else:
        monkeypatch.setenv("POA_KG_DATA", str(data))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(nb, kernel_name=KERNEL, timeout=900, allow_errors=False,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return [str(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def assert_figures(name: str, figures: Path) -> None:
    for png in FIGURES[name]:
        path = figures / png
        assert path.is_file(), png
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000, png


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysis fixtures merged into one file: two voting blocs, mentions, themes, statements."""
    g = Graph()
    for name in ("blocs", "mentions", "participation"):
        g.parse(FIXTURES / f"{name}.ttl", format="turtle")
    path = tmp_path_factory.mktemp("nbdata") / "fixtures.ttl"
    g.serialize(path, format="turtle")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_notebook_on_the_bundled_report(name: str, kernel_path: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # no POA_KG_DATA: the notebook builds the graph of the bundled report with the library
    text = "".join(run_notebook(name, kernel_path, tmp_path / "figures", None, monkeypatch))
    assert "A-CONF.192-2018-RC-3.ar.txt" in text
    assert_figures(name, tmp_path / "figures")


@pytest.mark.slow
def test_voting_notebook_finds_the_two_fixture_blocs(kernel_path: Path, fixture_data: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(run_notebook("01-voting-blocs.ipynb", kernel_path, tmp_path / "f", fixture_data, monkeypatch))
    assert "6 States, 15 pairs that voted together at least once" in text
    assert "bloc 1: AAA, BBB, CCC" in text and "bloc 2: DDD, EEE, FFF" in text
    assert_figures("01-voting-blocs.ipynb", tmp_path / "f")
    assert (tmp_path / "f" / "co-voting.graphml").is_file()


@pytest.mark.slow
def test_instruments_notebook_on_the_fixture(kernel_path: Path, fixture_data: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(run_notebook("02-instruments-and-themes.ipynb", kernel_path, tmp_path / "f", fixture_data,
                                monkeypatch))
    assert "3 citation links, 2 instrument(s) cited; 3 theme links, 2 theme(s)" in text
    assert "  2  International Tracing Instrument" in text
    assert_figures("02-instruments-and-themes.ipynb", tmp_path / "f")


@pytest.mark.slow
def test_notebooks_handle_an_empty_projection(kernel_path: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-votes.ttl"
    empty.write_text("<https://w3id.org/poa-kg/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n",
                     encoding="utf-8")
    for name in sorted(FIGURES):
        text = "".join(run_notebook(name, kernel_path, tmp_path / "f", empty, monkeypatch))
        assert_figures(name, tmp_path / "f")
        if name.startswith("01"):
            assert "no recorded votes in this graph: nothing to group" in text
