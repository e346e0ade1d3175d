"""Graph projections on small hand-written fixtures, with exact expected weights."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from builder.analysis import (
    INSTRUMENT_TYPES,
    citation_graph,
    co_voting_graph,
    export_graph,
    participation_graph,
    theme_graph,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
STATE = "https://w3id.org/poa-kg/id/state/"
UNIT = "https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06/!main/annex_1/"
ID = "https://w3id.org/poa-kg/id/"


def fixture(name: str) -> Graph:
    g = Graph()
    g.parse(FIXTURES / f"{name}.ttl", format="turtle")
    return g


def test_co_voting_weights_are_shares_of_common_votes() -> None:
    G = co_voting_graph(fixture("votes"))
    edges = {(a[len(STATE):], b[len(STATE):]): (d["agreements"], d["common"], d["weight"])
             for a, b, d in G.edges(data=True)}
    assert {tuple(sorted(k)): v for k, v in edges.items()} == {
        ("FRA", "GBR"): (2, 3, 2 / 3),
        ("FRA", "USA"): (0, 2, 0.0),
        ("FRA", "RUS"): (1, 2, 0.5),
        ("GBR", "USA"): (1, 2, 0.5),
        ("GBR", "RUS"): (1, 2, 0.5),
        ("RUS", "USA"): (0, 1, 0.0),
    }


def test_co_voting_node_attributes_from_tolerant_lookups() -> None:
    G = co_voting_graph(fixture("votes"))
    assert dict(G.nodes(data=True)) == {
        f"{STATE}FRA": {"label_en": "France", "iso3": "FRA", "type": "State"},  # skos:prefLabel@en, notation
        f"{STATE}GBR": {"label_en": "United Kingdom", "iso3": "GBR", "type": "State"},  # rdfs:label@en
        f"{STATE}USA": {"label_en": "United States", "iso3": "USA", "type": "State"},  # untagged, identifier
        f"{STATE}RUS": {"label_en": "RUS", "iso3": "RUS", "type": "State"},  # only the IRI
    }
    assert list(G.nodes) == sorted(G.nodes)


def test_two_blocs_are_found_by_louvain() -> None:
    G = co_voting_graph(fixture("blocs"))
    weights = {(a[len(STATE):], b[len(STATE):]): (d["common"], d["weight"]) for a, b, d in G.edges(data=True)}
    assert weights[("AAA", "BBB")] == (4, 1.0)
    assert weights[("DDD", "EEE")] == (3, 1.0)  # EEE did not vote in v4
    assert weights[("AAA", "EEE")] == (3, 0.0)
    assert sum(1 for _, w in weights.values() if w == 1.0) == 6 and len(weights) == 15
    communities = nx.community.louvain_communities(G, weight="weight", seed=42)
    assert sorted(sorted(s[len(STATE):] for s in c) for c in communities) == [["AAA", "BBB", "CCC"],
                                                                              ["DDD", "EEE", "FFF"]]


def test_citation_graph_counts_mentions_per_paragraph_and_target() -> None:
    G = citation_graph(fixture("mentions"))
    assert isinstance(G, nx.DiGraph)
    edges = {(a[len(UNIT):], b[len(ID):]): d["weight"] for a, b, d in G.edges(data=True)}
    assert edges == {
        ("section_II__para_26", "doc/S-RES-2370-2017"): 2,
        ("section_II__para_26", "instrument/iti"): 1,
        ("section_II__para_27", "instrument/iti"): 1,
        ("section_II__para_28", "state/FRA"): 1,
    }
    assert G.nodes[f"{UNIT}section_II__para_26"] == {
        "bipartite": "0", "label_en": "outcome document, paragraph II.26", "iso3": "", "type": "Paragraph",
        "ref": "II.26"}
    assert G.nodes[f"{ID}doc/S-RES-2370-2017"] == {
        "bipartite": "1", "label_en": "Security Council resolution 2370 (2017)", "iso3": "",
        "type": "SecurityCouncilResolution"}


def test_citation_graph_can_keep_only_instruments() -> None:
    G = citation_graph(fixture("mentions"), target_types=INSTRUMENT_TYPES)
    assert sorted((a[len(UNIT):], b[len(ID):], d["weight"]) for a, b, d in G.edges(data=True)) == [
        ("section_II__para_26", "doc/S-RES-2370-2017", 2),
        ("section_II__para_26", "instrument/iti", 1),
        ("section_II__para_27", "instrument/iti", 1),
    ]
    assert f"{UNIT}section_II__para_28" not in G  # it cites no instrument


def test_theme_graph() -> None:
    G = theme_graph(fixture("mentions"))
    assert sorted((a[len(UNIT):], b[len(ID):]) for a, b in G.edges()) == [
        ("section_II__para_26", "concept/theme/marking"),
        ("section_II__para_27", "concept/theme/marking"),
        ("section_II__para_27", "concept/theme/tracing"),
    ]
    assert G.nodes[f"{ID}concept/theme/tracing"]["label_en"] == "tracing"


def test_theme_given_through_an_assignment_record() -> None:
    g = Graph()
    g.parse(data=f"""
        @prefix poa: <https://w3id.org/poa-kg/ontology#> .
        <{UNIT}section_II__para_26#theme-marking-text> a poa:ThemeAssignment ;
            poa:assignedTo <{UNIT}section_II__para_26> ; poa:theme <{ID}concept/theme/marking> .
        """, format="turtle")
    assert list(theme_graph(g).edges()) == [(f"{UNIT}section_II__para_26", f"{ID}concept/theme/marking")]


def test_participation_graph() -> None:
    G = participation_graph(fixture("participation"))
    edges = {(a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1], d["weight"]) for a, b, d in G.edges(data=True)}
    assert {(min(a, b), max(a, b), w) for a, b, w in edges} == {
        ("FRA", "plenary-1", 2), ("GBR", "plenary-2", 1), ("jean-claude-brunet", "plenary-2", 1)}
    assert G.nodes[f"{ID}person/jean-claude-brunet"]["type"] == "Person"
    assert G.nodes[f"{ID}meeting/A-CONF.192-2018-RC/plenary-1"] == {
        "bipartite": "1", "label_en": "1st plenary meeting", "iso3": "", "type": "PlenaryMeeting"}


def test_empty_projections() -> None:
    empty = Graph()
    for f in (co_voting_graph, citation_graph, theme_graph, participation_graph):
        assert f(empty).number_of_nodes() == 0


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_export_round_trips(tmp_path: Path, suffix: str) -> None:
    G = co_voting_graph(fixture("votes"))
    path = export_graph(G, tmp_path / f"co-voting{suffix}")
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert sorted(back.nodes) == sorted(G.nodes)
    assert back.nodes[f"{STATE}FRA"]["label_en"] == "France"
    # the label graph tools show is the English label, not the IRI
    assert {n: back.nodes[n]["label"] for n in (f"{STATE}FRA", f"{STATE}GBR", f"{STATE}RUS")} == {
        f"{STATE}FRA": "France", f"{STATE}GBR": "United Kingdom", f"{STATE}RUS": "RUS"}
    w = back.edges[f"{STATE}FRA", f"{STATE}GBR"]["weight"]
    assert float(w) == pytest.approx(2 / 3)
    ET.parse(path)  # well-formed XML
    assert path.read_bytes() == export_graph(G, tmp_path / f"again{suffix}").read_bytes()


def test_export_refuses_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown graph format \.csv"):
        export_graph(nx.Graph(), tmp_path / "g.csv")
