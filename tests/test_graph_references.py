"""References and meetings in the built graph, through the competency queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from builder.outputs.read import open_store
from builder.outputs.write import write_outputs
from builder.pipeline import BuildResult, BuildSettings, build
from builder.query import QueryResult, load_query, run_on_graph, run_on_store
from tests.conftest import FIXTURES


def ask(out_dir: Path, name: str, **params: str) -> QueryResult:
    return run_on_store(load_query(name), open_store(out_dir), params)


def test_headline_question_sc_2370(out_dir: Path) -> None:
    res = ask(out_dir, "commitments-citing", instrument="S/RES/2370 (2017)")
    assert res.columns == ("ref", "text")
    assert [r[0] for r in res.rows] == ["II.26"]
    assert "قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)" in res.rows[0][1]


@pytest.mark.parametrize(
    ("instrument", "refs"),
    [
        ("SDG 16.4", ["I.13", "II.5", "II.68", "II.72", "II.78", "III.16", "IV.28"]),
        ("SDG 16.4.2", ["II.71"]),
        ("A/RES/72/55", ["I.16"]),
        ("A/RES/60/81", ["II.31"]),
        ("UN Charter", ["I.2"]),
        ("ITI para 8(a)", ["III.4", "III.24"]),
        ("PoA section II para 15", ["II.42"]),
        ("INTERPOL", ["II.13", "II.14", "III.12", "III.19", "III.20", "IV.5", "V.4"]),
        ("Peacebuilding Fund", ["V.2"]),
        ("S/RES/9999 (2030)", []),
    ],
)
def test_commitments_citing(out_dir: Path, instrument: str, refs: list[str]) -> None:
    assert [r[0] for r in ask(out_dir, "commitments-citing", instrument=instrument).rows] == refs


def test_citing_an_instrument_includes_its_provisions(out_dir: Path) -> None:
    iti = [r[0] for r in ask(out_dir, "commitments-citing", instrument="ITI").rows]
    assert {"III.4", "III.5", "III.23", "III.24"} <= set(iti)
    assert len(iti) == 60


def test_citations(out_dir: Path) -> None:
    res = ask(out_dir, "citations")
    assert res.columns == ("ref", "target", "target_type")
    rows = set(res.rows)
    for row in [
        ("1", "A/RES/72/57", "ga-resolution"),
        ("I.2", "UN Charter Art. 51", "provision"),
        ("II.26", "S/RES/2370 (2017)", "sc-resolution"),
        ("II.42", "PoA section II para 15", "provision"),
        ("II.42", "PoA section II para 32", "provision"),
        ("II.71", "SDG 16.4.2", "sdg-indicator"),
        ("III.5", "ITI para 10", "provision"),
        ("III.20", "INTERPOL Firearms Reference Table", "body"),
        ("15", "A/CONF.192/2018/RC/CRP.1/Rev.3 section I para 16", "provision"),
    ]:
        assert row in rows
    # "the internet" is never taken for INTERPOL, and is no citation
    assert not any(r[0] in {"II.21", "II.32", "II.58"} and r[1] == "INTERPOL" for r in rows)
    assert not any(r[2] == "concept" for r in rows)


def test_documents(out_dir: Path) -> None:
    res = ask(out_dir, "documents")
    assert res.columns == ("symbol", "cited_in")
    assert ("S/RES/2370 (2017)", "II.26") in res.rows
    crp = [r[1] for r in res.rows if r[0] == "A/CONF.192/2018/RC/CRP.1/Rev.3"]
    assert crp == ["14", "15", "16", "17", "18", "19"]
    assert sorted({r[0] for r in res.rows}) == [
        "A/CONF.192/2018/RC/1", "A/CONF.192/2018/RC/2", "A/CONF.192/2018/RC/CRP.1/Rev.3",
        "A/CONF.192/2018/RC/INF/3", "A/CONF.192/2018/RC/L.1", "A/CONF.192/2018/RC/L.3", "A/CONF.192/2018/RC/L.5",
        "A/RES/60/81", "A/RES/72/55", "A/RES/72/57", "S/RES/2370 (2017)",
    ]


def test_meetings(out_dir: Path) -> None:
    res = ask(out_dir, "meetings")
    assert res.columns == ("meeting", "kind", "start", "end", "place")
    by_key = {r[0]: r for r in res.rows}
    assert by_key["revcon-2018"] == ("revcon-2018", "review-conference", "2018-06-18", "2018-06-29",
                                     "United Nations Headquarters, New York")
    assert by_key["prepcom-2018"][2:4] == ("2018-03-19", "2018-03-23")
    assert by_key["plenary-1"][2:4] == ("2018-06-18", "2018-06-18")
    assert by_key["plenary-5"][2:4] == ("2018-06-20", "2018-06-20")
    assert by_key["plenary-18"][2:4] == ("2018-06-29", "2018-06-29")
    assert {f"plenary-{n}" for n in range(1, 19)} <= set(by_key)
    future_and_past = {"bms-7-2020", "bms-2022", "revcon-2024", "prepcom-2024", "bms-5-2014", "bms-6-2016", "mge-2015"}
    assert future_and_past <= set(by_key)
    assert not {"bms-7", "bms-2020"} & set(by_key)  # one meeting, named twice (builder.resolve.meetings)
    assert len(res.rows) == 28


def test_targets_link_to_un_identifiers(built: BuildResult) -> None:
    g = built.data_graph()
    sc = URIRef("https://w3id.org/poa-kg/id/doc/S-RES-2370-2017")
    assert URIRef("https://undocs.org/S/RES/2370(2017)") in set(g.objects(sc, RDFS.seeAlso))
    indicator = URIRef("http://metadata.un.org/sdg/C160402")
    assert str(g.value(indicator, SKOS.notation)) == "SDG 16.4.2"
    assert (None, None, URIRef("http://metadata.un.org/sdg/16.4")) in g


# rdflib's engine takes 10-20 s over these two queries on the whole report: the slow tier
@pytest.mark.parametrize("name", [pytest.param("citations", marks=pytest.mark.slow), "documents", "meetings"])
def test_rdflib_and_pyoxigraph_agree(out_dir: Path, out_graph: Graph, name: str) -> None:
    q = load_query(name)
    on_store = run_on_store(q, open_store(out_dir), {}).rows
    assert sorted(on_store) == sorted(run_on_graph(q, out_graph, {}).rows)


@pytest.mark.slow
def test_rdflib_and_pyoxigraph_agree_with_parameter(out_dir: Path, out_graph: Graph) -> None:
    q = load_query("commitments-citing")
    params = {"instrument": "SDG 16.4"}
    assert run_on_store(q, open_store(out_dir), params).rows == run_on_graph(q, out_graph, params).rows


def test_other_report_with_other_numbers(tmp_path: Path) -> None:
    res = build([FIXTURES / "refs-report.ar.txt"], BuildSettings())
    out = tmp_path / "out"
    write_outputs(res, out)
    assert res.documents[0].metadata.symbol == "A/CONF.192/2025/MGE/9"
    cites = set(ask(out, "citations").rows)
    assert ("1", "A/RES/79/43", "ga-resolution") in cites
    assert ("I.1", "S/RES/1540 (2004)", "sc-resolution") in cites
    assert ("I.1", "SDG 5.2", "sdg-target") in cites
    assert ("I.2", "SDG 1.1.1", "sdg-indicator") in cites
    assert ("I.2", "ITI para 9", "provision") in cites
    assert ("II.1", "INTERPOL", "body") in cites
    assert not any(r[0] == "II.2" and r[1] == "INTERPOL" for r in cites)
    meetings = {r[0]: r for r in ask(out, "meetings").rows}
    assert meetings["plenary-1"][2:4] == ("2025-03-03", "2025-03-03")
    g = Graph()
    g.parse(out / "graph.nt")
    assert (None, None, URIRef("http://metadata.un.org/sdg/C010101")) in g
