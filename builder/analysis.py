"""Projections of the RDF graph into networkx graphs, for network analysis.

* :func:`co_voting_graph` — States, with an edge between two States that cast
  a ballot in the same recorded vote; ``weight`` is the share of those common
  votes in which the two voted the same way (``agreements / common``).
* :func:`citation_graph` — units of the report (paragraphs, list items …) →
  what they mention (``poa:Mention`` ``poa:mentionedIn`` unit,
  ``poa:refersTo`` target); ``weight`` counts the mentions.
* :func:`theme_graph` — paragraphs → their ``poa:theme`` concepts.
* :func:`participation_graph` — speakers (States, groups, people) and the
  meetings they spoke at (``poa:Statement`` ``poa:speaker`` / ``poa:atMeeting``);
  ``weight`` counts the statements.

Nodes are IRIs (strings) with the attributes ``label_en``, ``iso3`` and
``type`` (plus ``ref`` for units and ``bipartite`` 0/1 in the two-mode
graphs), always strings so that GraphML and GEXF can store them. The SPARQL is
tolerant: class declarations are optional where a property already says what
a node is (a vote is whatever has ``poa:hasBallot``), and a theme may be given
directly or through a ``poa:ThemeAssignment``. Node attributes fall back from
``skos:prefLabel`` to ``rdfs:label`` and from English to untagged, and the ISO
code comes from ``skos:notation``, ``dcterms:identifier`` or the last segment
of a ``…/id/state/XXX`` IRI.
Nodes and edges are added in sorted order, so exports are deterministic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.query import ResultRow

PREFIXES = """
PREFIX poa: <https://w3id.org/poa-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

BALLOTS = PREFIXES + """
SELECT DISTINCT ?vote ?state ?position WHERE {
  ?vote poa:hasBallot ?ballot .
  ?ballot poa:voter ?state ;
          poa:position ?position .
}
"""

MENTIONS = PREFIXES + """
SELECT ?mention ?unit ?target WHERE {
  ?mention poa:mentionedIn ?unit ;
           poa:refersTo ?target .
}
"""

# a theme is given to a unit directly (unit poa:theme concept) or through a poa:ThemeAssignment record
# (assignment poa:assignedTo unit ; poa:theme concept)
THEMES = PREFIXES + """
SELECT DISTINCT ?unit ?theme WHERE {
  ?holder poa:theme ?theme .
  OPTIONAL { ?holder poa:assignedTo ?assigned . }
  BIND(COALESCE(?assigned, ?holder) AS ?unit)
}
"""

STATEMENTS = PREFIXES + """
SELECT ?statement ?speaker ?meeting WHERE {
  ?statement poa:speaker ?speaker ;
             poa:atMeeting ?meeting .
}
"""

POA_REF = URIRef("https://w3id.org/poa-kg/ontology#ref")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_STATE_IRI = re.compile(r"/id/state/([A-Za-z]{3})$")
_TYPE_PREFERENCE = ("State", "ObserverState", "GroupOfStates", "IntergovernmentalOrganization",
                    "NonGovernmentalOrganization", "UNEntity", "Organization", "Person", "Paragraph", "ListItem",
                    "Chapeau", "PreambularClause", "SecurityCouncilResolution", "GeneralAssemblyResolution",
                    "Resolution", "Treaty", "PoliticalInstrument", "Instrument", "InstrumentProvision",
                    "UNDocument", "PlenaryMeeting", "Conference", "Meeting", "ThemeConcept", "ActionConcept")
#: the ``type`` values of cited instruments (for ``citation_graph(g, target_types=INSTRUMENT_TYPES)``)
INSTRUMENT_TYPES = ("Instrument", "Resolution", "GeneralAssemblyResolution", "SecurityCouncilResolution", "Treaty",
                    "PoliticalInstrument", "InstrumentProvision", "UNDocument")
POA_NS = "https://w3id.org/poa-kg/ontology#"


def _rows(g: Graph, query: str) -> list[ResultRow]:
    return [r for r in g.query(query) if isinstance(r, ResultRow)]


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def node_attributes(g: Graph, node: URIRef, default_type: str) -> dict[str, str]:
    """``label_en``, ``iso3``, ``type`` (and ``ref`` when there is one) of ``node``, as strings.

    Label: ``skos:prefLabel`` or ``rdfs:label`` in English, else any of them or
    ``dcterms:title``; code: a three-letter ``skos:notation``/``dcterms:identifier``,
    else the end of a ``…/id/state/XXX`` IRI; type: the most specific known class.
    """
    labels_en: set[str] = set()
    labels_any: set[str] = set()
    for p in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
        for o in g.objects(node, p):
            if isinstance(o, Literal):
                labels_any.add(str(o))
                if p != DCTERMS.title and (o.language or "").lower().startswith("en"):
                    labels_en.add(str(o))
    codes = {str(o) for p in (SKOS.notation, DCTERMS.identifier) for o in g.objects(node, p)}
    all_types = {str(t) for t in g.objects(node, RDF.type)}
    own = {t for t in all_types if t.startswith(POA_NS)}  # the project's classes say more than skos:Concept
    types = {_local(t) for t in (own or all_types)}
    refs = {str(o) for o in g.objects(node, POA_REF)}
    iso3 = min((c for c in codes if _ISO3.match(c)), default="")
    if not iso3:
        m = _STATE_IRI.search(str(node))
        iso3 = m.group(1).upper() if m else ""
    kind = next((t for t in _TYPE_PREFERENCE if t in types), min(types, default=default_type))
    label = min(labels_en, default="") or min(labels_any, default="") or iso3 or _local(str(node))
    out = {"label_en": label, "iso3": iso3, "type": kind}
    if refs:
        out["ref"] = min(refs)
    return out


def co_voting_graph(g: Graph) -> Any:
    """States as nodes; an edge for every pair that voted in a common recorded vote.

    Edge attributes: ``weight`` = ``agreements / common`` (0.0 to 1.0), ``agreements``
    (votes in which both took the same position) and ``common`` (votes in which both
    cast a ballot). A State with two different positions recorded in one vote
    counts with the first of them in IRI order.
    """
    import networkx as nx

    positions: dict[str, dict[str, str]] = defaultdict(dict)  # vote -> state -> position
    for r in sorted(_rows(g, BALLOTS), key=lambda r: (str(r.vote), str(r.state), str(r.position))):
        positions[str(r.vote)].setdefault(str(r.state), str(r.position))
    agreements: dict[tuple[str, str], int] = defaultdict(int)
    common: dict[tuple[str, str], int] = defaultdict(int)
    states: set[str] = set()
    for by_state in positions.values():
        states.update(by_state)
        for a, b in combinations(sorted(by_state), 2):
            common[(a, b)] += 1
            if by_state[a] == by_state[b]:
                agreements[(a, b)] += 1
    G = nx.Graph()
    for s in sorted(states):
        G.add_node(s, **node_attributes(g, URIRef(s), "State"))
    for a, b in sorted(common):
        n, same = common[(a, b)], agreements.get((a, b), 0)
        G.add_edge(a, b, weight=same / n, agreements=same, common=n)
    return G


def citation_graph(g: Graph, target_types: Iterable[str] | None = None) -> Any:
    """Directed: unit (paragraph …) → mentioned target, ``weight`` = number of mentions.

    ``target_types`` (local class names such as ``"Instrument"``) keeps only targets
    whose ``type`` attribute is one of them; by default every target is kept.
    """
    import networkx as nx

    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in _rows(g, MENTIONS):
        counts[(str(r.unit), str(r.target))] += 1
    G = nx.DiGraph()
    targets = sorted({t for _, t in counts})
    attrs = {t: node_attributes(g, URIRef(t), "Target") for t in targets}
    wanted = set(target_types) if target_types is not None else None
    keep = {t for t in targets if wanted is None or attrs[t]["type"] in wanted}
    used_units = sorted({u for u, t in counts if t in keep})
    for u in used_units:
        G.add_node(u, bipartite="0", **node_attributes(g, URIRef(u), "Unit"))
    for t in sorted(keep):
        if t not in G:
            G.add_node(t, bipartite="1", **attrs[t])
    for (u, t), n in sorted(counts.items()):
        if t in keep:
            G.add_edge(u, t, weight=n)
    return G


def theme_graph(g: Graph) -> Any:
    """Directed: paragraph → theme concept (``poa:theme``), ``weight`` 1."""
    import networkx as nx

    pairs = sorted({(str(r.unit), str(r.theme)) for r in _rows(g, THEMES)})
    G = nx.DiGraph()
    for u in sorted({u for u, _ in pairs}):
        G.add_node(u, bipartite="0", **node_attributes(g, URIRef(u), "Unit"))
    for t in sorted({t for _, t in pairs}):
        if t not in G:
            G.add_node(t, bipartite="1", **node_attributes(g, URIRef(t), "Concept"))
    for u, t in pairs:
        G.add_edge(u, t, weight=1)
    return G


def participation_graph(g: Graph) -> Any:
    """Two-mode: speakers (``bipartite`` "0") – meetings ("1"), ``weight`` = statements made there."""
    import networkx as nx

    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in _rows(g, STATEMENTS):
        counts[(str(r.speaker), str(r.meeting))] += 1
    G = nx.Graph()
    for s in sorted({s for s, _ in counts}):
        G.add_node(s, bipartite="0", **node_attributes(g, URIRef(s), "Agent"))
    for m in sorted({m for _, m in counts}):
        if m not in G:
            G.add_node(m, bipartite="1", **node_attributes(g, URIRef(m), "Meeting"))
    for (s, m), n in sorted(counts.items()):
        G.add_edge(s, m, weight=n)
    return G


def export_graph(G: Any, path: Path | str) -> Path:
    """Write ``G`` as GraphML (``.graphml``) or GEXF (``.gexf``), chosen by the file extension.

    Each node gets a ``label``, its English label: graph tools (Gephi, Cytoscape, yEd) show that
    attribute on the node, and GEXF would otherwise fill it with the node's IRI.
    """
    import networkx as nx

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".graphml", ".gexf"):
        raise ValueError(f"{target}: unknown graph format {suffix or '(none)'}; use .graphml or .gexf")
    target.parent.mkdir(parents=True, exist_ok=True)
    G = G.copy()
    for node, attrs in G.nodes(data=True):
        attrs["label"] = attrs.get("label_en") or str(node)
    if suffix == ".graphml":
        nx.write_graphml(G, target, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(G, target, encoding="utf-8", prettyprint=True)
    return target


def load_rdf(path: Path | str) -> Graph:
    """An RDF file, or a build folder (its dataset, all named graphs merged), as one graph."""
    from builder.outputs.read import load_graph

    return load_graph(Path(path))
