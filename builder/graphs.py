"""rdflib views of built graphs, and the conversion of terms between rdflib and pyoxigraph.

A build emits pyoxigraph terms (:mod:`builder.dataset`), which the serializers
and stores take as they are. pySHACL and the writers that walk a graph (JSON-LD,
VoID, Akoma Ntoso) read rdflib terms: :func:`rdflib_graphs` converts a built
dataset's graphs once, and :class:`TripleView` reads the merged triples as a
read-only rdflib graph without adding them to an rdflib store one by one.

The conversions both ways (:class:`OxTerms`, :func:`rdflib_term`) serve the
serializers, the SPARQL store of validation and the loaders too.
"""

from __future__ import annotations

from collections.abc import Container, Generator, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.paths import Path
from rdflib.term import Node

from builder.iri import bind_prefixes

if TYPE_CHECKING:
    from builder.dataset import BuiltDataset


class TripleView(Graph):
    """Triples held in memory, read as a read-only :class:`~rdflib.Graph` (what validation and readers see).

    A build emits pyoxigraph terms (:mod:`builder.dataset`); pySHACL and the
    readers of a built graph take rdflib graphs. Adding 40,000 triples to an
    rdflib store one by one costs about half a second (indexes, contexts, events);
    this view indexes the converted triples in two dictionaries instead, built in
    one pass, and answers every pattern from them. Writing is refused.
    """

    def __init__(self, triples: Iterable[Triple]) -> None:
        super().__init__()
        bind_prefixes(self.namespace_manager)
        by_subject: dict[Node, dict[Node, list[Node]]] = {}
        by_predicate: dict[Node, dict[Node, list[Node]]] = {}
        count = 0
        for s, p, o in dict.fromkeys(triples):
            by_subject.setdefault(s, {}).setdefault(p, []).append(o)
            by_predicate.setdefault(p, {}).setdefault(o, []).append(s)
            count += 1
        self._by_subject = by_subject
        self._by_predicate = by_predicate
        self._count = count

    def triples(self, triple: Any) -> Generator[Any, None, None]:
        s, p, o = triple
        if isinstance(p, Path):
            for ps, po in p.eval(self, s, o):
                yield ps, p, po
            return
        if s is not None:
            for pp, objects in self._by_subject.get(s, {}).items():
                if p is None or pp == p:
                    for oo in objects:
                        if o is None or oo == o:
                            yield s, pp, oo
        elif p is not None:
            by_object = self._by_predicate.get(p, {})
            for oo, subjects in (by_object.items() if o is None else [(o, by_object.get(o, []))]):
                for ss in subjects:
                    yield ss, p, oo
        else:
            for pp, by_object in self._by_predicate.items():
                for oo, subjects in by_object.items():
                    if o is None or oo == o:
                        for ss in subjects:
                            yield ss, pp, oo

    def __len__(self) -> int:
        return self._count

    def __contains__(self, triple: object) -> bool:
        return any(True for _ in self.triples(triple))

    def add(self, triple: Any) -> NoReturn:
        raise TypeError("a TripleView is read-only; copy it into a Graph to change it")

    def addN(self, quads: Iterable[Any]) -> NoReturn:
        raise TypeError("a TripleView is read-only; copy it into a Graph to change it")

    def remove(self, triple: Any) -> NoReturn:
        raise TypeError("a TripleView is read-only; copy it into a Graph to change it")


def rdflib_graphs(dataset: BuiltDataset) -> dict[URIRef, list[Triple]]:
    """The triples of every non-empty graph of a built ``dataset`` as rdflib terms, graphs in IRI order.

    Each distinct term is converted once for all the graphs; the JSON-LD and
    Akoma Ntoso writers and validation read these lists.
    """
    term = RdflibTerms()
    return {URIRef(g.name.value): [(term(s), term(p), term(o)) for s, p, o in g] for g in dataset.graphs()}


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


class RdflibTerms:
    """pyoxigraph terms as rdflib terms (:func:`rdflib_term`), each distinct term converted once per instance."""

    def __init__(self) -> None:
        self._memo: dict[Any, Node] = {}

    def __call__(self, term: Any) -> Node:
        found = self._memo.get(term)
        if found is None:
            found = self._memo[term] = rdflib_term(term)
        return found


def rdflib_triples(quads: Iterable[Any]) -> Generator[Triple, None, None]:
    """The triples of pyoxigraph quads (or triples) as rdflib terms, each distinct term converted once."""
    term = RdflibTerms()
    for q in quads:
        yield term(q.subject), term(q.predicate), term(q.object)


def turtle_graph(sources: Iterable[tuple[str, str]]) -> Graph:
    """The triples of Turtle documents (each a name and its text) in one rdflib graph, with their prefixes bound.

    pyoxigraph parses them, several times faster than rdflib's Turtle parser, and
    each distinct term is converted once; the graph holds the triples in the
    documents' order. A document that is not Turtle raises :class:`SyntaxError`
    naming it and the place.
    """
    import pyoxigraph as ox

    g = Graph()
    term = RdflibTerms()
    for name, text in sources:
        parser = ox.parse(text, ox.RdfFormat.TURTLE, rename_blank_nodes=True)
        try:
            triples = [(term(t.subject), term(t.predicate), term(t.object)) for t in parser]
        except SyntaxError as exc:
            raise SyntaxError(f"{name}: {exc}") from None
        g.addN((s, p, o, g) for s, p, o in triples)
        for prefix, namespace in parser.prefixes.items():
            g.bind(prefix, namespace)
    return g


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
