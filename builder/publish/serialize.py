"""Deterministic serializations of the built graphs.

rdflib's Turtle and TriG writers sort subjects and predicates, so with no blank
nodes their output depends only on the graph; N-Triples has no order of its own,
so its lines are sorted here. The same input therefore gives byte-identical files.
"""

from __future__ import annotations

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


def to_turtle(graph: Graph, canonical: bool = False) -> bytes:
    """Turtle sorted by subject and predicate; ``canonical`` says blank nodes are labelled already."""
    g = Graph()
    bind_prefixes(g.namespace_manager)
    g.addN((s, p, o, g) for s, p, o in (graph if canonical else stable_bnodes(graph)))
    return g.serialize(format="turtle", encoding="utf-8")


def to_ntriples(graph: Graph, canonical: bool = False) -> bytes:
    raw = (graph if canonical else stable_bnodes(graph)).serialize(format="nt", encoding="utf-8")
    lines = sorted({ln for ln in raw.split(b"\n") if ln.strip()})
    return b"\n".join(lines) + b"\n"


def to_nquads(ds: Dataset, canonical: bool = False) -> bytes:
    raw = (ds if canonical else stable_dataset(ds)).serialize(format="nquads", encoding="utf-8")
    lines = sorted({ln for ln in raw.split(b"\n") if ln.strip()})
    return b"\n".join(lines) + b"\n"


def to_trig(ds: Dataset, canonical: bool = False) -> bytes:
    """TriG with one block per named graph, in IRI order (rdflib's writer orders graphs by hash).

    Each block is the graph's Turtle (sorted by rdflib's Turtle writer); the prefixes
    used by any block are declared once at the top.
    """
    prefixes: set[bytes] = set()
    blocks: list[bytes] = []
    for g in sorted(ds.graphs(), key=lambda x: str(x.identifier)):
        if len(g) == 0:
            continue
        lines = to_turtle(g, canonical).split(b"\n")
        prefixes.update(ln for ln in lines if ln.startswith(b"@prefix "))
        body = b"\n".join(ln for ln in lines if not ln.startswith(b"@prefix ")).strip(b"\n")
        name = g.identifier.n3().encode("utf-8") if isinstance(g.identifier, URIRef) else b""
        blocks.append((name + b" {\n" if name else b"{\n") + body + b"\n}\n")
    head = b"\n".join(sorted(prefixes)) + b"\n\n" if prefixes else b""
    return head + b"\n".join(blocks)


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
    from rdflib import URIRef

    if any(str(g.identifier) == graph_iri and len(g) for g in ds.graphs()):
        return False
    onto = load_ontology_graph(fallback=False)
    if onto is None or len(onto) == 0:
        return False
    target = ds.graph(URIRef(graph_iri))
    target.addN((s, p, o, target) for s, p, o in stable_bnodes(onto))
    return True
