"""Deterministic serializations of the built graphs.

Triples are sorted (graph, subject, predicate, object) and written by
pyoxigraph's serializers; blank nodes, where a graph has any, get canonical
labels first. The same input therefore gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from builder.graphs import Triple, read_graphs

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
    """``graph`` itself when it has no blank node, else a copy whose blank nodes carry canonical labels (see
    :func:`labelled`), so the bytes written do not depend on the labels a parser or an emitter happened to choose."""
    triples = list(graph)
    relabelled = labelled(triples)
    if relabelled is triples:
        return graph
    out = Graph(identifier=graph.identifier)
    bind_prefixes(out.namespace_manager)
    out.addN((s, p, o, out) for s, p, o in relabelled)
    return out


def _tree_labels(blank: Sequence[Triple]) -> dict[Node, BNode] | None:
    """Content-derived labels for blank nodes that form trees, or ``None`` when they do not.

    In the usual case (RDF lists, ``[ … ]`` descriptions) every blank node is
    the object of at most one triple and no blank node reaches itself; each
    then gets the SHA-256 digest of its own triples, its blank children's
    digests standing for them (a Merkle hash). That is a canonical labelling,
    computed in one pass. Anything else (a shared or cyclic blank node, or two
    blank nodes with the same digest, which could be told apart only by where
    they hang) answers ``None``.
    """
    outgoing: dict[Node, list[tuple[Node, Node]]] = {}
    referenced: set[Node] = set()
    for s, p, o in blank:
        if isinstance(s, BNode):
            outgoing.setdefault(s, []).append((p, o))
        if isinstance(o, BNode):
            if o in referenced:
                return None
            referenced.add(o)
            outgoing.setdefault(o, [])
    digests: dict[Node, str] = {}
    visiting: set[Node] = set()

    def digest(node: Node) -> str | None:
        done = digests.get(node)
        if done is not None:
            return done
        if node in visiting:
            return None  # a cycle
        visiting.add(node)
        parts = []
        for p, o in outgoing[node]:
            if isinstance(o, BNode):
                child = digest(o)
                if child is None:
                    return None
                parts.append(f"{p.n3()} _:{child}")
            else:
                parts.append(f"{p.n3()} {o.n3()}")
        digests[node] = found = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()
        return found

    for node in outgoing:
        if digest(node) is None:
            return None
    if len(set(digests.values())) != len(digests):
        return None
    return {node: BNode("t" + value[:32]) for node, value in digests.items()}


def labelled(triples: Sequence[Triple]) -> Sequence[Triple]:
    """``triples`` themselves when none has a blank node, else the same triples with canonical blank node labels.

    Tree-shaped blank nodes (lists, nested descriptions) are labelled by a hash of
    their content (:func:`_tree_labels`); any other blank node structure falls back
    on rdflib's canonicalization, run on the triples with blank nodes only.
    """
    blank = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    if not blank:
        return triples
    plain = [t for t in triples if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))]
    labels = _tree_labels(blank)
    if labels is not None:
        return plain + [(labels.get(s, s), p, labels.get(o, o)) for s, p, o in blank]
    from rdflib.compare import to_canonical_graph

    g = Graph()
    g.addN((s, p, o, g) for s, p, o in blank)
    return plain + list(to_canonical_graph(g))


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
    if fmt in ("turtle", "nt") and quads and isinstance(quads[0], ox.Quad):
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


class OxTerms:
    """rdflib terms as pyoxigraph terms, each converted once, with the N-Triples text files are sorted by.

    One instance serves one conversion; its memo lives as long as the instance.
    """

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._memo: dict[Node, tuple[Any, str]] = {}

    def __call__(self, term: Node) -> tuple[Any, str]:
        found = self._memo.get(term)
        if found is None:
            found = self._memo[term] = self._convert(term)
        return found

    def _convert(self, term: Node) -> tuple[Any, str]:
        ox = self._ox
        value: Any
        if isinstance(term, URIRef):
            value = ox.NamedNode(str(term))
        elif isinstance(term, Literal):
            if term.language:
                value = ox.Literal(str(term), language=term.language)
            elif term.datatype is not None:
                value = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            else:
                value = ox.Literal(str(term))
        elif isinstance(term, BNode):
            value = ox.BlankNode(str(term))
        else:
            raise TypeError(f"cannot write {type(term).__name__} {term!r} as RDF 1.1")
        return value, str(value)


class SortedQuads:
    """The quads of named graphs as pyoxigraph terms, sorted by graph, subject, predicate and object.

    The rdflib terms are converted to pyoxigraph terms directly, each distinct term
    once (nothing is written out and parsed back); a graph with blank nodes is first
    given canonical labels, so the order and the bytes written depend only on the
    graphs. The N-Triples text of each term is kept beside it: it is the sort key,
    and :meth:`union` reuses it rather than formatting every term again.
    """

    def __init__(self, graphs: Mapping[URIRef, Sequence[Triple]]) -> None:
        import pyoxigraph as ox

        terms = OxTerms()
        rows: list[tuple[str, str, str, str, Any]] = []
        for name, triples in graphs.items():
            gname, gkey = terms(name)
            for s, p, o in labelled(triples):
                (os_, ks), (op, kp), (oo, ko) = terms(s), terms(p), terms(o)
                rows.append((gkey, ks, kp, ko, ox.Quad(os_, op, oo, gname)))
        rows.sort(key=itemgetter(0, 1, 2, 3))
        self._rows = rows
        self.quads: list[Any] = [r[4] for r in rows]

    def union(self, skip_graphs: Iterable[str] = ()) -> list[Any]:
        """The triples of all graphs but those named in ``skip_graphs``, each once, sorted (the merged data graph)."""
        import pyoxigraph as ox

        skip = {f"<{name}>" for name in skip_graphs}  # graph names as their sort keys (N-Triples IRIs)
        runs: dict[str, list[tuple[str, str, str, Any]]] = {}  # each graph's rows, sorted already
        for gkey, ks, kp, ko, q in self._rows:
            if gkey not in skip:
                runs.setdefault(gkey, []).append((ks, kp, ko, q))
        out: list[Any] = []
        last: tuple[str, str, str] | None = None
        for ks, kp, ko, q in heapq.merge(*runs.values(), key=itemgetter(0, 1, 2)):
            if (ks, kp, ko) != last:  # a triple in two graphs comes twice in a row
                out.append(ox.Triple(q.subject, q.predicate, q.object))
                last = (ks, kp, ko)
        return out


def quads_of(graphs: Mapping[URIRef, Sequence[Triple]]) -> list[Any]:
    """The triples of each named graph as sorted pyoxigraph quads (see :class:`SortedQuads`)."""
    return SortedQuads(graphs).quads


def build_quads(ds: Dataset, ontology: Graph | None = None, ontology_graph: str | None = None) -> list[Any]:
    """Every named graph of ``ds``, plus ``ontology`` as ``ontology_graph``, as sorted pyoxigraph quads."""
    graphs: dict[URIRef, Sequence[Triple]] = dict(read_graphs(ds))
    if ontology is not None and ontology_graph is not None and len(ontology) > 0:
        graphs[URIRef(ontology_graph)] = list(ontology)
    return quads_of(graphs)


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
