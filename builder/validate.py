"""Validation: the built graph against the SHACL shapes in ``shapes/``.

Exit codes follow pySHACL: 0 the graph conforms, 1 it does not, 2 an error
stopped the validation. Shapes are targeted (by class or by a SPARQL target)
and carry no inference, so validation stays fast.

pySHACL runs a SPARQL-based constraint once per focus node, and rdflib parses
the query text again each time; on the bundled report that parsing was about
85% of the validation time. The data are therefore validated through a graph
whose ``query`` parses each distinct query text once (:class:`_PreparedQueryGraph`),
in place (pySHACL would otherwise clone it back into a plain graph). That graph
shares the caller's store when the shapes have no ``sh:rule`` (nothing can then
be added to the data); otherwise it is a copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor, Result
from rdflib.term import Identifier

from builder.resources import resource_names, resource_text

SH = Namespace("http://www.w3.org/ns/shacl#")

EXIT_CONFORMS = 0
EXIT_NOT_CONFORMS = 1
EXIT_ERROR = 2


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    severity: str
    message: str
    shape: str | None


@dataclass(frozen=True)
class ValidationOutcome:
    conforms: bool
    report: Graph
    violations: tuple[Violation, ...]

    @property
    def exit_code(self) -> int:
        return EXIT_CONFORMS if self.conforms else EXIT_NOT_CONFORMS

    def summary(self) -> str:
        """A readable summary: one line per violation, grouped counts first."""
        if self.conforms:
            return "conforms: yes (0 violations)"
        by_sev = Counter(v.severity for v in self.violations)
        head = ", ".join(f"{n} {sev.lower()}" for sev, n in sorted(by_sev.items()))
        lines = [f"conforms: no ({head})"]
        for v in sorted(self.violations, key=lambda v: (v.message, v.focus)):
            lines.append(f"- {v.message} [{v.focus}]")
        return "\n".join(lines)


def load_shapes() -> Graph:
    """All shape files of the package, merged."""
    g = Graph()
    for name in resource_names("shapes"):
        if name.endswith(".ttl"):
            g.parse(data=resource_text("shapes", name), format="turtle")
    return g


class _PreparedQueryGraph(Graph):
    """A graph whose ``query`` parses each distinct SPARQL text once and reuses it.

    The text is prepared with the graph's namespaces, as ``Graph.query`` does
    for a string, so the answers are the same.
    """

    def __init__(self, over: Graph | None = None) -> None:
        if over is None:
            super().__init__()
        else:
            super().__init__(store=over.store, identifier=over.identifier)
        self._prepared: dict[str, Query] = {}

    def query(
        self,
        query_object: str | Query,
        processor: str | Processor = "sparql",
        result: str | type[Result] = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and not initNs and processor == "sparql" and not kwargs:
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=dict(self.namespaces()))
                self._prepared[query_object] = prepared
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def validate(data: Graph, shapes: Graph | None = None) -> ValidationOutcome:
    """Run pySHACL over ``data``; raises on an engine error (the CLI maps that to exit 2)."""
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else load_shapes()
    if type(data) is Graph and (None, SH.rule, None) not in shapes:
        work = _PreparedQueryGraph(over=data)  # the same triples, no copy
    else:
        work = _PreparedQueryGraph()
        for prefix, namespace in data.namespaces():
            work.bind(prefix, namespace, override=True, replace=True)
        work.addN((s, p, o, work) for s, p, o in data.triples((None, None, None)))
    conforms, report, _text = shacl_validate(
        work,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        inplace=True,  # a clone would lose the prepared queries; see the module docstring
    )
    assert isinstance(report, Graph)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        sev = report.value(result, SH.resultSeverity)
        msgs = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        shape = report.value(result, SH.sourceShape)
        violations.append(Violation(
            focus=str(focus),
            path=str(path) if path is not None else None,
            severity=str(sev).rsplit("#", 1)[-1] if isinstance(sev, URIRef) else "Violation",
            message=msgs[0] if msgs else "constraint not met",
            shape=str(shape) if isinstance(shape, URIRef) else None,
        ))
    # warnings alone do not make a graph non-conforming
    return ValidationOutcome(conforms=bool(conforms), report=report, violations=tuple(violations))
