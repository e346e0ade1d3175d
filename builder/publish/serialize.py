"""Deterministic serializations of the built graphs.

Triples are sorted (graph, subject, predicate, object) and written by
pyoxigraph's serializers; blank nodes, where a graph has any, get canonical
labels first. The same input therefore gives byte-identical files.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

PREFIXES = {
    "poa": "https://w3id.org/poa-kg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}


def bind_prefixes(nm: NamespaceManager) -> None:
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True, replace=True)


def stable_bnodes(graph: Graph) -> Graph:
    """``graph`` itself when it has no blank node, else a copy whose blank nodes carry canonical labels.

    The labels are SHA-256 digests of each blank node's place among the triples it
    appears in (rdflib's canonicalization, run on those triples only), so the bytes
    written do not depend on the labels a parser or an emitter happened to choose.
    """
    plain: list[tuple[Node, Node, Node]] = []
    blank = Graph()
    for t in graph:
        if isinstance(t[0], BNode) or isinstance(t[2], BNode):
            blank.add(t)
        else:
            plain.append(t)
    if len(blank) == 0:
        return graph
    from rdflib.compare import to_canonical_graph

    out = Graph(identifier=graph.identifier)
    bind_prefixes(out.namespace_manager)
    out.addN((s, p, o, out) for s, p, o in plain)
    out.addN((s, p, o, out) for s, p, o in to_canonical_graph(blank))
    return out


def stable_dataset(ds: Dataset) -> Dataset:
    """``ds`` without empty graphs, each graph's blank nodes labelled canonically (a new dataset)."""
    out = Dataset()
    bind_prefixes(out.namespace_manager)
    for g in sorted(ds.graphs(), key=lambda x: str(x.identifier)):
        if len(g) == 0:
            continue
        target = out.graph(g.identifier)
        target.addN((s, p, o, target) for s, p, o in stable_bnodes(g))
    return out


def _sorted_quads(raw: bytes, fmt: str) -> list[Any]:
    """Parse N-Triples/N-Quads with pyoxigraph and sort by graph, subject, predicate, object."""
    import pyoxigraph as ox

    rdf_format = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.N_TRIPLES
    quads = list(ox.parse(raw, format=rdf_format))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def _write(quads: list[Any], fmt: str) -> bytes:
    import pyoxigraph as ox

    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
                  "nquads": ox.RdfFormat.N_QUADS}[fmt]
    if fmt in ("turtle", "nt"):
        quads = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    out = ox.serialize(quads, format=rdf_format, prefixes=prefixes)
    assert isinstance(out, bytes)
    return out


# The writers below hand the triples to pyoxigraph's serializers (an order of magnitude faster than
# rdflib's) in a sorted order, so the bytes depend only on the graph. rdflib only produces the
# N-Triples/N-Quads they start from, with canonical blank node labels (stable_bnodes).


def to_turtle(graph: Graph, canonical: bool = False) -> bytes:
    """Turtle, grouped and sorted by subject and predicate; ``canonical`` says blank nodes are labelled already."""
    raw = (graph if canonical else stable_bnodes(graph)).serialize(format="nt", encoding="utf-8")
    return _write(_sorted_quads(raw, "nt"), "turtle")


def to_ntriples(graph: Graph, canonical: bool = False) -> bytes:
    raw = (graph if canonical else stable_bnodes(graph)).serialize(format="nt", encoding="utf-8")
    return _write(_sorted_quads(raw, "nt"), "nt")


def to_nquads(ds: Dataset, canonical: bool = False) -> bytes:
    raw = (ds if canonical else stable_dataset(ds)).serialize(format="nquads", encoding="utf-8")
    return _write(_sorted_quads(raw, "nquads"), "nquads")


def to_trig(ds: Dataset, canonical: bool = False) -> bytes:
    """TriG with one block per named graph, graphs in IRI order, each sorted by subject and predicate."""
    raw = (ds if canonical else stable_dataset(ds)).serialize(format="nquads", encoding="utf-8")
    return _write(_sorted_quads(raw, "nquads"), "trig")


def dataset_quads(ds: Dataset, canonical: bool = False) -> list[Any]:
    """All quads of ``ds``, sorted, as pyoxigraph quads: serialize once, write every format from them."""
    raw = (ds if canonical else stable_dataset(ds)).serialize(format="nquads", encoding="utf-8")
    return _sorted_quads(raw, "nquads")


def _nquads_of(graph: Graph, name: URIRef) -> bytes:
    """A graph's triples as N-Quads lines in the named graph ``name`` (blank nodes labelled canonically)."""
    raw = stable_bnodes(graph).serialize(format="nt", encoding="utf-8")
    suffix = b" " + name.n3().encode("utf-8") + b" .\n"
    return b"".join(line[:-2].rstrip() + suffix for line in raw.splitlines() if line.endswith(b" ."))


def build_quads(ds: Dataset, ontology: Graph | None = None, ontology_graph: str | None = None) -> list[Any]:
    """Every named graph of ``ds``, plus ``ontology`` as ``ontology_graph``, as sorted pyoxigraph quads.

    No rdflib dataset is copied: each graph is written once as N-Triples and tagged with its name.
    """
    chunks = [_nquads_of(g, g.identifier) for g in ds.graphs()
              if isinstance(g.identifier, URIRef) and len(g) > 0]
    if ontology is not None and ontology_graph is not None and len(ontology) > 0:
        chunks.append(_nquads_of(ontology, URIRef(ontology_graph)))
    return _sorted_quads(b"".join(chunks), "nquads")


def union_triples(quads: list[Any], skip_graphs: set[str]) -> list[Any]:
    """The triples of all graphs but ``skip_graphs``, each once, sorted (the merged data graph)."""
    import pyoxigraph as ox

    seen: dict[tuple[str, str, str], Any] = {}
    for q in quads:
        name = q.graph_name
        if isinstance(name, ox.NamedNode) and name.value in skip_graphs:
            continue
        key = (str(q.subject), str(q.predicate), str(q.object))
        if key not in seen:
            seen[key] = ox.Quad(q.subject, q.predicate, q.object)
    return [seen[k] for k in sorted(seen)]


def write_quads(quads: list[Any], fmt: str) -> bytes:
    """Sorted quads (or triples) as ``turtle``, ``nt``, ``trig`` or ``nquads``."""
    return _write(quads, fmt)


def load_ontology_graph(fallback: bool = True) -> Graph | None:
    """The project's ontology as a graph, or ``None`` when it cannot be had.

    ``builder.ontology.load_ontology()`` is used when that module exists. With
    ``fallback`` the ``.ttl`` files of the ontology resources are parsed when it
    does not (the JSON-LD context and the site only take term names, ranges and
    labels from it, so its absence is never an error).
    """
    import importlib

    try:
        onto_mod = importlib.import_module("builder.ontology")
    except ImportError:
        onto_mod = None
    loader = getattr(onto_mod, "load_ontology", None)
    if callable(loader):
        loaded = loader()
        if isinstance(loaded, Graph):
            return loaded
    if not fallback:
        return None
    from builder.resources import resource_names, resource_text

    names = resource_names("ontology", ".ttl")
    if not names:
        return None
    g = Graph()
    for name in names:
        g.parse(data=resource_text("ontology", name), format="turtle")
    return g


def include_ontology(ds: Dataset, graph_iri: str) -> bool:
    """Add the ontology to ``ds`` as the named graph ``graph_iri`` (blank nodes labelled canonically).

    Done only when ``builder.ontology.load_ontology()`` exists and ``ds`` has no such
    graph yet; returns whether the graph was added. Changes ``ds``: pass a copy
    (``stable_dataset`` makes one) when the original must stay as it is.
    """

    if any(str(g.identifier) == graph_iri and len(g) for g in ds.graphs()):
        return False
    onto = load_ontology_graph(fallback=False)
    if onto is None or len(onto) == 0:
        return False
    target = ds.graph(URIRef(graph_iri))
    target.addN((s, p, o, target) for s, p, o in stable_bnodes(onto))
    return True
