"""Validation: the built graph against the SHACL shapes in ``shapes/``.

Exit codes follow pySHACL: 0 the graph conforms, 1 it does not, 2 an error
stopped the validation. Shapes are targeted (by class or by a SPARQL target)
and carry no inference, so validation stays fast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

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


def validate(data: Graph, shapes: Graph | None = None) -> ValidationOutcome:
    """Run pySHACL over ``data``; raises on an engine error (the CLI maps that to exit 2)."""
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else load_shapes()
    conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
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
