"""Read-only views over a built dataset, so that no stage has to copy it.

A build emits into one rdflib :class:`~rdflib.Dataset`: a named graph per report
and one shared reference graph, all in one in-memory store. Merging them into a
fresh graph, as queries and validation need, used to cost about as much as
emitting them (every triple added again, with its context bookkeeping). The
store already indexes every triple once whatever its graphs, so the merged graph
is just a different way of asking it: :class:`UnionView`.

The module also converts terms between rdflib and pyoxigraph, both ways
(:class:`OxTerms`, :func:`rdflib_term`): the serializers, the SPARQL store of
validation and the loaders share these.
"""

from __future__ import annotations

from collections.abc import Container, Generator, Iterable, Mapping, Sequence
from typing import Any, NoReturn

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.term import Node


class UnionView(Graph):
    """The union of all graphs of ``dataset``, as a read-only :class:`~rdflib.Graph` sharing its store.

    Every read (``triples`` and all that rdflib builds on it: ``subjects``,
    ``value``, ``in``, iteration, SPARQL) asks the store for the pattern in any
    graph, and each triple comes once however many graphs hold it. Writing is
    refused: the view has no graph of its own to write into.
    """

    def __init__(self, dataset: Dataset) -> None:
        super().__init__(store=dataset.store, namespace_manager=dataset.namespace_manager)

    def triples(self, triple: Any) -> Generator[Any, None, None]:
        s, p, o = triple
        if isinstance(p, Path):
            for ps, po in p.eval(self, s, o):
                yield ps, p, po
            return
        for found, _contexts in self.store.triples((s, p, o), context=None):
            yield found

    def __len__(self) -> int:
        return len(self.store)  # the store's count of all its graphs' triples, each once

    def add(self, triple: Any) -> NoReturn:
        raise TypeError("a UnionView is read-only; add to one of the dataset's graphs")

    def addN(self, quads: Iterable[Any]) -> NoReturn:
        raise TypeError("a UnionView is read-only; add to one of the dataset's graphs")

    def remove(self, triple: Any) -> NoReturn:
        raise TypeError("a UnionView is read-only; remove from one of the dataset's graphs")


def holds_graph(dataset: Dataset, marker: str) -> bool:
    """Whether ``dataset`` has a non-empty graph whose name contains ``marker``."""
    return any(marker in str(g.identifier) and len(g) > 0 for g in dataset.graphs())


Triple = tuple[Node, Node, Node]


def read_graphs(dataset: Dataset) -> dict[URIRef, list[Triple]]:
    """The triples of every non-empty named graph of ``dataset``, read once, graphs in IRI order.

    Reading a graph of rdflib's memory store costs a few microseconds a triple;
    the serializers, the JSON-LD writer and the VoID description all take these
    lists instead of reading the store again each.
    """
    out: dict[URIRef, list[Triple]] = {}
    for g in sorted(dataset.graphs(), key=lambda x: str(x.identifier)):
        if isinstance(g.identifier, URIRef):
            triples = list(g.triples((None, None, None)))
            if triples:
                out[g.identifier] = triples
    return out


def read_graph_names(dataset: Dataset) -> dict[URIRef, None]:
    """The names of the non-empty named graphs of ``dataset`` (a dict used as an ordered set)."""
    return {g.identifier: None for g in dataset.graphs() if isinstance(g.identifier, URIRef) and len(g) > 0}


def union_of(graphs: Mapping[URIRef, Sequence[Triple]], skip: Container[str] = ()) -> list[Triple]:
    """The triples of all ``graphs`` but those named in ``skip``, each once (first occurrence kept)."""
    kept = [name for name in graphs if str(name) not in skip]
    if len(kept) == 1:
        return list(graphs[kept[0]])
    seen: set[Triple] = set()
    out: list[Triple] = []
    for name in kept:
        for t in graphs[name]:
            if t not in seen:
                seen.add(t)
                out.append(t)
    return out


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term: Any) -> Node:
    """A pyoxigraph term as the equal rdflib term (an ``xsd:string`` literal as a plain one, as RDF 1.1 has it)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_triples(quads: Iterable[Any]) -> Generator[Triple, None, None]:
    """The triples of pyoxigraph quads (or triples) as rdflib terms, each distinct term converted once."""
    memo: dict[Any, Node] = {}

    def term(t: Any) -> Node:
        found = memo.get(t)
        if found is None:
            found = memo[t] = rdflib_term(t)
        return found

    for q in quads:
        yield term(q.subject), term(q.predicate), term(q.object)


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
