"""What a build hands on to the writers, the validator and the commands: the dataset and its build report."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, URIRef

from builder.dataset import BuiltDataset
from builder.graphs import Triple, TripleView, rdflib_graphs, union_of
from builder.iri import Iris, bind_prefixes
from builder.model import BuildReport, Document


@dataclass
class BuildResult:
    dataset: BuiltDataset
    documents: list[Document]
    report: BuildReport
    iris: list[Iris] = field(default_factory=list)
    contact_point: str | None = None  # for the dataset's description (BuildSettings.contact_point)

    @cached_property
    def graphs(self) -> dict[URIRef, list[Triple]]:
        """The dataset's graphs as rdflib triples, converted once (for the writers that walk a graph)."""
        return rdflib_graphs(self.dataset)

    def data_graph(self) -> Graph:
        """The report graphs and the reference graph merged into a new rdflib graph, which the caller may change.

        :meth:`data_view` is the same triples, read-only, without an rdflib store.
        """
        g = Graph()
        bind_prefixes(g.namespace_manager)
        g.addN((s, p, o, g) for s, p, o in union_of(self.graphs))
        return g

    def data_view(self) -> Graph:
        """The report graphs and the reference graph as one read-only rdflib graph (what validation reads)."""
        return TripleView(union_of(self.graphs))
