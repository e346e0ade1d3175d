"""What a build hands on to the writers, the validator and the commands: the dataset and its build report."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from builder.graphs import UnionView, holds_graph
from builder.iri import Iris, bind_prefixes
from builder.model import BuildReport, Document


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[Document]
    report: BuildReport
    iris: list[Iris] = field(default_factory=list)
    contact_point: str | None = None  # for the dataset's description (BuildSettings.contact_point)

    def data_graph(self) -> Graph:
        """The report graphs and the reference graph merged into a new graph (what queries run over).

        A copy the caller may change; :meth:`data_view` is the same triples without copying.
        """
        g = Graph()
        bind_prefixes(g.namespace_manager)
        for ctx in self.dataset.graphs():
            if "/graph/ontology" in str(ctx.identifier):
                continue
            for t in ctx:
                g.add(t)
        return g

    def data_view(self) -> Graph:
        """The report graphs and the reference graph as one read-only graph, without copying them."""
        if holds_graph(self.dataset, "/graph/ontology"):
            return self.data_graph()  # a view cannot leave a graph out
        return UnionView(self.dataset)
