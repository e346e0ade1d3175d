"""The dataset a build emits into: named graphs of pyoxigraph triples, each triple once per graph.

Emission adds some 40,000 triples for a report. An rdflib store spends most of
a build's emitting time on its indexes and context bookkeeping, and everything
written afterwards had to convert its terms back into pyoxigraph's for the
serializers. A :class:`BuiltDataset` is what a build needs and no more: per
named graph an insertion-ordered set of triples of pyoxigraph terms
(:mod:`builder.vocab`). Its quads go to pyoxigraph's serializers and stores as
they are; readers that need rdflib get converted views from
:mod:`builder.graphs`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from builder.vocab import Subject, Term, Triple


class NamedGraph:
    """One graph of a build: its triples, each once, in the order they were first added."""

    __slots__ = ("_triples", "name")

    def __init__(self, name: ox.NamedNode) -> None:
        self.name = name
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def remove(self, triple: Triple) -> None:
        """Take ``triple`` out (nothing happens when the graph does not hold it)."""
        self._triples.pop(triple, None)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Subject]:
        """The subjects of the triples ``(?, predicate, obj)``, in the graph's order."""
        return [s for s, p, o in self._triples if p == predicate and o == obj]

    def predicate_objects(self, subject: Subject) -> list[tuple[ox.NamedNode, Term]]:
        """The predicates and objects of the triples about ``subject``, in the graph's order."""
        return [(p, o) for s, p, o in self._triples if s == subject]

    def quads(self) -> Iterator[ox.Quad]:
        name = self.name
        for s, p, o in self._triples:
            yield ox.Quad(s, p, o, name)


class BuiltDataset:
    """The named graphs of a build (a graph per report, the shared reference graph), by name."""

    __slots__ = ("_graphs",)

    def __init__(self) -> None:
        self._graphs: dict[ox.NamedNode, NamedGraph] = {}

    def graph(self, name: ox.NamedNode) -> NamedGraph:
        """The graph ``name``, made empty the first time it is asked for."""
        found = self._graphs.get(name)
        if found is None:
            found = self._graphs[name] = NamedGraph(name)
        return found

    def graphs(self) -> list[NamedGraph]:
        """The graphs that hold a triple, in the order of their names."""
        return sorted((g for g in self._graphs.values() if len(g)), key=lambda g: g.name.value)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of every graph, graphs in the order of their names."""
        for g in self.graphs():
            yield from g.quads()

    def __len__(self) -> int:
        """The number of quads (a triple held by two graphs counts twice)."""
        return sum(len(g) for g in self._graphs.values())
