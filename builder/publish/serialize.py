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

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from builder.graphs import OxTerms, Triple, read_graphs
from builder.iri import PREFIXES


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


# Every writer below hands the triples to pyoxigraph's serializers (an order of magnitude faster than
# rdflib's) in the order of SortedQuads, so the bytes depend only on the graph.

#: the name a lone graph is given while its triples are sorted (it is not written)
_LONE_GRAPH = URIRef("urn:x-poa-kg:graph")


def to_turtle(graph: Graph) -> bytes:
    """Turtle, grouped and sorted by subject and predicate, blank nodes labelled canonically."""
    return _write(SortedQuads({_LONE_GRAPH: list(graph)}).union(), "turtle")


def to_ntriples(graph: Graph) -> bytes:
    """N-Triples, sorted, blank nodes labelled canonically."""
    return _write(SortedQuads({_LONE_GRAPH: list(graph)}).union(), "nt")


def to_nquads(ds: Dataset) -> bytes:
    """N-Quads of every non-empty graph of ``ds``, sorted by graph, subject, predicate and object."""
    return _write(SortedQuads(read_graphs(ds)).quads, "nquads")


def to_trig(ds: Dataset) -> bytes:
    """TriG with one block per named graph, graphs in IRI order, each sorted by subject and predicate."""
    return _write(SortedQuads(read_graphs(ds)).quads, "trig")


class SortedQuads:
    """The quads of named graphs as pyoxigraph terms, sorted by graph, subject, predicate and object.

    ``graphs`` hold rdflib triples (the ontology, a graph read from files): their terms are converted
    to pyoxigraph terms directly, each distinct term once (nothing is written out and parsed back).
    ``quads`` are pyoxigraph quads already (what a build emits, :class:`builder.dataset.BuiltDataset`)
    and are taken as they are. A graph with blank nodes is first given canonical labels, so the order
    and the bytes written depend only on the graphs. The N-Triples text of each term is kept beside it:
    it is the sort key, and :meth:`union` reuses it rather than formatting every term again.
    """

    def __init__(self, graphs: Mapping[URIRef, Sequence[Triple]], quads: Iterable[Any] = ()) -> None:
        import pyoxigraph as ox

        terms = OxTerms()
        rows: list[tuple[str, str, str, str, Any]] = []
        for name, triples in graphs.items():
            # rdflib's default graph is the dataset's default graph, not a graph named urn:x-rdflib:default
            gname, gkey = (ox.DefaultGraph(), str(ox.DefaultGraph())) if name == DATASET_DEFAULT_GRAPH_ID \
                else terms(name)
            for s, p, o in labelled(triples):
                (os_, ks), (op, kp), (oo, ko) = terms(s), terms(p), terms(o)
                rows.append((gkey, ks, kp, ko, ox.Quad(os_, op, oo, gname)))
        rows += _quad_rows(quads)
        rows.sort(key=itemgetter(0, 1, 2, 3))
        self._rows = rows
        self.quads: list[Any] = [r[4] for r in rows]

    def union_rows(self, skip_graphs: Iterable[str] = ()) -> list[tuple[str, str, str, Any]]:
        """The triples of all graphs but those named in ``skip_graphs``, each once, sorted by their N-Triples text.

        Each row is the N-Triples text of the subject, the predicate and the object, then the quad.
        """
        skip = {f"<{name}>" for name in skip_graphs}  # graph names as their sort keys (N-Triples IRIs)
        runs: dict[str, list[tuple[str, str, str, Any]]] = {}  # each graph's rows, sorted already
        for gkey, ks, kp, ko, q in self._rows:
            if gkey not in skip:
                runs.setdefault(gkey, []).append((ks, kp, ko, q))
        out: list[tuple[str, str, str, Any]] = []
        last: tuple[str, str, str] | None = None
        for row in heapq.merge(*runs.values(), key=itemgetter(0, 1, 2)):
            if row[:3] != last:  # a triple in two graphs comes twice in a row
                out.append(row)
                last = row[:3]
        return out

    def union(self, skip_graphs: Iterable[str] = ()) -> list[Any]:
        """The triples of all graphs but those named in ``skip_graphs``, each once, sorted (the merged data graph)."""
        import pyoxigraph as ox

        return [ox.Triple(q.subject, q.predicate, q.object) for _s, _p, _o, q in self.union_rows(skip_graphs)]


def _quad_rows(quads: Iterable[Any]) -> list[tuple[str, str, str, str, Any]]:
    """Sort rows of pyoxigraph quads: the N-Triples text of each term (each distinct term formatted once).

    Emission writes no blank node; a graph that had one would go through :func:`labelled` as rdflib triples.
    """
    import pyoxigraph as ox

    text: dict[Any, str] = {}

    def key(term: Any) -> str:
        found = text.get(term)
        if found is None:
            if isinstance(term, ox.BlankNode):
                raise ValueError(f"a blank node in emitted quads cannot be sorted canonically: {term}")
            found = text[term] = str(term)
        return found

    return [(key(q.graph_name), key(q.subject), key(q.predicate), key(q.object), q) for q in quads]


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
