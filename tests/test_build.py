"""The spine end to end: build, determinism, metadata, validation exit codes, the paragraphs query."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from builder.errors import ReportError
from builder.iri import POA
from builder.outputs.read import open_store
from builder.pipeline import BuildResult, BuildSettings, build
from builder.query import load_query, run_on_graph, run_on_store
from builder.validate import validate
from tests.conftest import REPORT, cli, copy_report

PARA_26 = URIRef("https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06"
                 "/!main/annex_1/section_II__para_26")


def test_paragraph_node_has_number_text_span_and_place(built: BuildResult) -> None:
    g = built.data_graph()
    assert g.value(PARA_26, POA.number) == Literal(26)
    assert g.value(PARA_26, POA.ref) == Literal("II.26")
    text = g.value(PARA_26, POA.text)
    assert isinstance(text, Literal) and text.language == "ar"
    assert str(text).startswith("الاحتفاظ بقوانين وأنظمة")
    span = g.value(PARA_26, POA.sourceSpan)
    start = int(g.value(span, URIRef("http://www.w3.org/ns/oa#start")))  # type: ignore[arg-type]
    end = int(g.value(span, URIRef("http://www.w3.org/ns/oa#end")))  # type: ignore[arg-type]
    source = REPORT.read_text(encoding="utf-8")
    assert source[start:end].startswith("٢٦ - الاحتفاظ")
    assert "الجهات المتلقية غير المأذون لها" in str(g.value(PARA_26, POA.headingPath))


def test_build_is_byte_identical_twice(tmp_path: Path, out_dir: Path) -> None:
    # this run of the command line and the session's build (tests/conftest.py); across processes and
    # hash seeds: test_publish_serialize.py::test_outputs_are_byte_identical_whatever_the_hash_seed
    a, b = tmp_path / "a", out_dir
    assert cli("build", "--out", str(a)).returncode == 0
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert names == ["akn/A-CONF.192-2018-RC-3.xml", "build-report.json", "context.jsonld", "dataset.nq",
                     "dataset.trig", "graph.jsonld", "graph.nt", "graph.ttl", "void.ttl"]
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_base_iri_is_configurable() -> None:
    res = build([REPORT], BuildSettings(base="http://example.org/kg/"))
    subjects = {str(s) for s in res.data_graph().subjects()}
    # everything the project mints hangs off the base; the only other subjects are the UN's own IRIs
    # (SDG goal, target and indicator, the conference's web page) that the reference data describes
    outside = sorted(s for s in subjects if not s.startswith("http://example.org/kg/"))
    assert outside == ["http://metadata.un.org/sdg/16", "http://metadata.un.org/sdg/16.4",
                       "http://metadata.un.org/sdg/C160402", "https://www.un.org/disarmament/revcon3"]
    assert not any("w3id.org/poa-kg/id" in s or "w3id.org/poa-kg/akn" in s for s in subjects)


def test_symbol_from_metadata_file_or_option(tmp_path: Path) -> None:
    plain = tmp_path / "report.ar.txt"
    plain.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReportError, match=r"report\.ar\.txt: no document symbol"):
        build([plain], BuildSettings())
    res = build([plain], BuildSettings(symbol="A/CONF.192/2024/RC/3"))
    assert res.documents[0].metadata.symbol == "A/CONF.192/2024/RC/3"
    proc = cli("build", str(plain), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("no document symbol in the header, no metadata file beside it, and no --symbol")
    assert not (tmp_path / "o").exists()


def test_symbol_from_header_wins(tmp_path: Path) -> None:
    text = REPORT.read_text(encoding="utf-8").replace("Distr.: General", "A/CONF.192/2030/RC/3\nDistr.: General", 1)
    path = copy_report(tmp_path, text)
    res = build([path], BuildSettings(symbol="X/Y/1"))
    assert res.documents[0].metadata.symbol == "A/CONF.192/2030/RC/3"
    assert res.documents[0].metadata.date == "2018-07-06"


def test_bundled_graph_conforms(built: BuildResult) -> None:
    outcome = validate(built.data_graph())
    assert outcome.conforms, outcome.summary()
    assert outcome.exit_code == 0


def test_dropped_paragraph_fails_validation_naming_section_and_number(tmp_path: Path) -> None:
    # drop paragraph 27 of section II (its whole line)
    text = REPORT.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("٢٧ - اتخاذ جميع التدابير المناسبة لمنع تسريب"))
    path = copy_report(tmp_path, text.replace(line + "\n", ""))
    out = tmp_path / "out"
    assert cli("build", str(path), "--out", str(out)).returncode == 0
    proc = cli("validate", "--data", str(out))
    assert proc.returncode == 1
    assert "section II: paragraph number 27 is missing (paragraph 28 follows)." in proc.stdout
    assert (out / "validation.ttl").is_file()


@pytest.mark.slow  # builds and validates a report of its own
def test_duplicated_number_fails_validation(tmp_path: Path) -> None:
    # paragraph II.27 appears twice: a duplicate, nothing missing
    text = REPORT.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("٢٧ - اتخاذ جميع التدابير المناسبة لمنع تسريب"))
    path = copy_report(tmp_path, text.replace(line + "\n", line + "\n\n" + line + "\n"))
    out = tmp_path / "out"
    assert cli("build", str(path), "--out", str(out)).returncode == 0
    proc = cli("validate", "--data", str(out))
    assert proc.returncode == 1
    assert "section II: paragraph number 27 is duplicated." in proc.stdout
    assert "section II: paragraph number 28 is missing" not in proc.stdout
    assert proc.stdout.count("- ") == 1


@pytest.mark.slow  # forks the validation child (a process boundary)
def test_build_validate_writes_the_report_beside_the_graph(tmp_path: Path, out_dir: Path) -> None:
    out = tmp_path / "out"
    proc = cli("build", "--validate", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith("conforms: yes (0 violations)")
    assert (out / "validation.txt").read_text(encoding="utf-8") == "conforms: yes (0 violations)\n"
    assert {p.name for p in out.iterdir()} == {
        "akn", "build-report.json", "context.jsonld", "dataset.nq", "dataset.trig", "graph.jsonld", "graph.nt",
        "graph.ttl", "validation.ttl", "validation.txt", "void.ttl"}
    plain = out_dir  # the session's build, without validation
    for name in ("build-report.json", "context.jsonld", "dataset.nq", "dataset.trig", "graph.jsonld", "graph.nt",
                 "graph.ttl", "void.ttl", "akn/A-CONF.192-2018-RC-3.xml"):  # validating on the way changes nothing
        assert (out / name).read_bytes() == (plain / name).read_bytes(), name


@pytest.mark.slow  # forks the validation child (a process boundary)
def test_build_validate_exits_1_naming_the_defect(tmp_path: Path) -> None:
    text = REPORT.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("٢٧ - اتخاذ جميع التدابير المناسبة لمنع تسريب"))
    path = copy_report(tmp_path, text.replace(line + "\n", ""))
    out = tmp_path / "out"
    proc = cli("build", str(path), "--validate", "--out", str(out))
    assert proc.returncode == 1
    assert "- section II: paragraph number 27 is missing (paragraph 28 follows)." in proc.stdout
    assert (out / "graph.ttl").is_file()
    assert "paragraph number 27 is missing" in (out / "validation.txt").read_text(encoding="utf-8")


def test_validate_error_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    proc = cli("validate", "--data", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.startswith("poa-kg: error:")
    assert "Traceback" not in proc.stderr
    assert cli("validate", "--data", str(tmp_path / "missing")).returncode == 2


def test_paragraphs_query_csv(out_dir: Path) -> None:
    proc = cli("query", "paragraphs", "--data", str(out_dir), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["ref", "section", "number", "text"]
    body = rows[1:]
    assert len(body) == 20 + 23 + 80 + 26 + 28 + 17
    assert [r[0] for r in body[:3]] == ["1", "2", "3"]
    assert body[19][:3] == ["20", "", "20"]
    assert body[20][:3] == ["I.1", "I", "1"]
    assert body[-1][:3] == ["V.17", "V", "17"]
    ii26 = next(r for r in body if r[0] == "II.26")
    assert "قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)" in ii26[3]


def test_same_query_same_answer_on_rdflib_and_pyoxigraph(out_dir: Path, out_nt: Graph) -> None:
    q = load_query("paragraphs")
    on_store = run_on_store(q, open_store(out_dir), {})
    g = out_nt  # graph.nt as rdflib reads it
    on_graph = run_on_graph(q, g, {})
    assert on_store.columns == on_graph.columns == ("ref", "section", "number", "text")
    assert on_store.rows == on_graph.rows


def test_unknown_query_and_parameter_are_clear_errors(out_dir: Path) -> None:
    proc = cli("query", "nope", "--data", str(out_dir))
    assert proc.returncode == 2 and "no query named 'nope'" in proc.stderr
    proc = cli("query", "paragraphs", "--data", str(out_dir), "--param", "x=1")
    assert proc.returncode == 2 and "has no parameter 'x'" in proc.stderr


def test_failed_build_leaves_existing_output(tmp_path: Path, out_dir: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(out_dir, out)  # a good build of the bundled report
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    empty = tmp_path / "empty.ar.txt"
    empty.write_text("", encoding="utf-8")
    proc = cli("build", str(empty), "--out", str(out), "--symbol", "A/1")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"poa-kg: error: {empty}: empty file"
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.slow  # pip builds the wheel in a process of its own (once a session)
def test_wheel_carries_ontology_shapes_and_queries(wheel_names: list[str]) -> None:
    names = wheel_names
    assert "builder/resources/queries/paragraphs.rq" in names
    assert "builder/resources/shapes/structure.ttl" in names
    assert any(re.fullmatch(r"builder/resources/ontology/.+\.ttl", n) for n in names)
    assert "builder/py.typed" in names
    assert "builder/data/layout/furniture.csv" in names  # the page furniture every build loads


def test_each_triple_is_stored_in_one_graph(built: BuildResult, other_built: BuildResult) -> None:
    """What every report would say alike (rules, posts, groups of States) is the reference graph's alone.

    Two reports built together therefore share no triple of their own graphs, and the union of the
    graphs (what a store with a union default graph, or the embedded endpoint, answers from) holds
    each triple once.
    """
    from builder.emit import SHARED_KINDS
    from builder.vocab import RDF

    graphs = []
    for result in (built, other_built):
        [iris] = result.iris
        report, reference = result.dataset.graph(iris.report_graph), result.dataset.graph(iris.reference_graph)
        assert not any(t in reference for t in report)
        assert not any((s, RDF.type, kind) in reference for kind in SHARED_KINDS for s in {t[0] for t in report})
        graphs.append(set(report))
    assert graphs[0] & graphs[1] == set()
    assert (len(graphs[0]), len(graphs[1])) == (34091, 2475)
