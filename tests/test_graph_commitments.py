"""Commitments in the built graph: kinds, actions, strength, qualifiers and themes through the queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from builder.iri import POA
from builder.outputs.read import open_store
from builder.pipeline import BuildResult
from builder.query import load_query, run_on_graph, run_on_store

ANNEX = ("https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06"
         "/!main/annex_1/")


def rows(out_dir: Path, name: str, **params: str) -> list[tuple[str, ...]]:
    return list(run_on_store(load_query(name), open_store(out_dir), params).rows)


@pytest.mark.parametrize(
    "row",
    [
        ("I.17", "statement", "recognize|welcome", "declaratory", ""),
        ("II.1", "commitment", "establish|strengthen", "firm", "if not already done"),
        ("II.12", "commitment", "encourage|strengthen", "moderate", "as appropriate|if not already done"),
        ("II.20", "commitment", "exchange", "soft",
         "as appropriate|if not already done|in accordance with national legal frameworks"),
        ("II.44", "commitment", "criminalize", "firm",
         "if not already done|in accordance with national legal frameworks"),
        ("III.4", "commitment", "consider", "minimal", "if not already done"),
        ("V.1", "decision", "welcome", "declaratory", ""),
        ("V.2", "decision", "encourage|welcome", "minimal", "where in a position to do so"),
        ("V.7", "decision", "decide|stress", "mandatory", ""),
        ("V.15", "decision", "request", "firm", "within existing resources"),
    ],
)
def test_commitments_rows(out_dir: Path, row: tuple[str, ...]) -> None:
    assert row in rows(out_dir, "commitments")


def test_every_outcome_paragraph_is_classified(out_dir: Path) -> None:
    res = rows(out_dir, "commitments")
    assert len(res) == 174
    kinds = [r[1] for r in res]
    assert kinds.count("statement") == 23 and kinds.count("commitment") == 134 and kinds.count("decision") == 17
    assert all(r[2] for r in res)


@pytest.mark.parametrize(
    ("theme", "refs"),
    [
        ("online trade", ["I.21", "II.32", "II.58"]),
        ("arms embargoes", ["II.42"]),
        ("ammunition", ["I.16", "II.18"]),
    ],
)
def test_commitments_by_theme(out_dir: Path, theme: str, refs: list[str]) -> None:
    assert [r[0] for r in rows(out_dir, "commitments-by-theme", theme=theme)] == refs


def test_themes_counts(out_dir: Path) -> None:
    res = dict(rows(out_dir, "themes"))
    assert res["ammunition"] == "2"
    assert res["arms embargoes"] == "1"
    assert res["marking"] == "22"
    assert res["tracing"] == "22"
    assert len(res) == 30


def test_theme_from_heading_keeps_its_heading(built: BuildResult) -> None:
    g = built.data_graph()
    para = URIRef(ANNEX + "section_II__para_42")
    assignment = URIRef(f"{para}#theme-arms-embargoes-heading")
    assert g.value(assignment, POA.themeSource) == Literal("heading")
    assert g.value(assignment, POA.fromHeading) == URIRef(ANNEX + "section_II__subsec_A__topic_2__subtopic_e")


def test_qualifier_mentions_keep_their_span(built: BuildResult) -> None:
    g = built.data_graph()
    doc = built.documents[0]
    para = URIRef(ANNEX + "section_II__para_20")
    spans = []
    for m in g.subjects(POA.mentionedIn, para):
        target = str(g.value(m, POA.refersTo))
        if target.endswith("/qualifier/in-accordance-with-national-legal-frameworks"):
            sel = g.value(m, POA.sourceSpan)
            start = int(g.value(sel, URIRef("http://www.w3.org/ns/oa#start")))  # type: ignore[arg-type]
            end = int(g.value(sel, URIRef("http://www.w3.org/ns/oa#end")))  # type: ignore[arg-type]
            spans.append(doc.source[start:end])
    assert spans == ["وفقاً للأطر القانونية الوطنية"]


@pytest.mark.parametrize("name", ["commitments", "themes"])
def test_rdflib_and_pyoxigraph_agree(out_dir: Path, out_graph: Graph, name: str) -> None:
    q = load_query(name)
    assert run_on_store(q, open_store(out_dir), {}).rows == run_on_graph(q, out_graph, {}).rows
