"""Validation: the built graph against the SHACL shapes in ``shapes/``.

Exit codes follow pySHACL: 0 the graph conforms, 1 it does not, 2 an error
stopped the validation. Shapes are targeted (by class or by objects of a
property) and carry no inference, so validation stays fast.

pySHACL drives the validation. Two things keep it fast on a whole report:

* it reads the caller's graph in place (no copy into a fresh graph), through a
  thin graph that delegates every read to it (:class:`_ShaclData`);
* its SPARQL-based constraints, which it runs once per focus node, are answered
  by the project's embedded SPARQL engine (pyoxigraph) over the same triples,
  with the focus node pre-bound by substitution (SEP-0007, the pre-binding
  SHACL asks for) rather than by rdflib's interpreter. On the bundled report
  that turned ~1.5 s of rdflib query evaluation into a few milliseconds.
  Any other query pySHACL might ask goes to rdflib as usual, and so does every
  query when the shapes have rules (which add triples the store would not see).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from rdflib import Graph, Namespace, URIRef, Variable
from rdflib.namespace import RDF
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor, Result
from rdflib.term import Identifier, Node

from builder.errors import ShapesError
from builder.graphs import OxTerms, rdflib_term, turtle_graph
from builder.resources import resource_names, resource_text
from builder.runtime import build_gc

SH = Namespace("http://www.w3.org/ns/shacl#")

EXIT_CONFORMS = 0
EXIT_NOT_CONFORMS = 1


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
    try:
        return turtle_graph((name, resource_text("shapes", name)) for name in resource_names("shapes")
                            if name.endswith(".ttl"))
    except SyntaxError as exc:
        raise ShapesError(f"the shapes cannot be read: {exc}") from None


def sparql_store(triples: Iterable[tuple[Node, Node, Node]]) -> Any:
    """A pyoxigraph store holding ``triples`` (rdflib terms) in its default graph."""
    import pyoxigraph as ox

    terms = OxTerms()
    store = ox.Store()
    store.extend(ox.Quad(terms(s)[0], terms(p)[0], terms(o)[0]) for s, p, o in triples)
    return store


class _ShaclData(Graph):
    """The data as pySHACL sees it: every read delegated to ``data``, SELECT queries answered by ``store``.

    ``store`` must hold the same triples as ``data``, in any of its graphs
    (:func:`sparql_store`); queries see the union of its graphs. With no store,
    rdflib answers them.
    """

    def __init__(self, data: Graph, store: Any | None) -> None:
        super().__init__(store=data.store, identifier=data.identifier, namespace_manager=data.namespace_manager)
        self._data = data
        self._sparql = store

    def triples(self, triple: Any) -> Generator[Any, None, None]:
        yield from self._data.triples(triple)

    def __len__(self) -> int:
        return len(self._data)

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
        if self._sparql is None or not (isinstance(query_object, str) and not initNs and processor == "sparql"
                                        and result == "sparql" and not kwargs):
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        import pyoxigraph as ox

        terms = OxTerms()
        substitutions = {ox.Variable(str(name)): terms(value)[0] for name, value in (initBindings or {}).items()}
        try:
            answer = self._sparql.query(query_object, substitutions=substitutions, use_default_graph_as_union=True)
        except RuntimeError:
            # pyoxigraph substitutes only variables the query projects; a constraint that does not
            # select $this (legal SHACL) is answered by rdflib, with its own pre-binding
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        if not isinstance(answer, ox.QuerySolutions):
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        names = [v.value for v in answer.variables]
        out = Result("SELECT")
        out.vars = [Variable(n) for n in names]
        out.bindings = [{Variable(n): cast(Identifier, rdflib_term(row[n])) for n in names if row[n] is not None}
                        for row in answer]
        return out


@build_gc()
def validate(data: Graph, shapes: Graph | None = None, sparql: Any = None) -> ValidationOutcome:
    """Run pySHACL over ``data``; raises :class:`ShapesError` when the validation cannot run (exit 2 on the CLI).

    ``sparql`` is a pyoxigraph store holding the same triples as ``data`` when the
    caller has one (a build has: :func:`builder.outputs.validated.validate_result`); else
    one is filled from ``data``.
    """
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else load_shapes()
    if (None, SH.rule, None) in shapes:
        # rules add triples: work on a copy, never on the caller's graph, and let rdflib answer the queries
        copy = Graph()
        copy.addN((s, p, o, copy) for s, p, o in data.triples((None, None, None)))
        work = _ShaclData(copy, None)
    else:
        work = _ShaclData(data, sparql if sparql is not None else sparql_store(data.triples((None, None, None))))
    try:
        conforms, report, text = shacl_validate(
            work,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
            inplace=True,  # a clone would be a plain graph again: no view, no embedded SPARQL (module docstring)
        )
    except Exception as exc:  # pySHACL raises a variety of engine errors; each is a validation that could not run
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise ShapesError(f"validation could not run: {type(exc).__name__}: {first}") from exc
    if not isinstance(report, Graph):  # pySHACL reports a failure of the shapes themselves this way
        raise ShapesError("validation could not run: " + str(text).strip().replace("\n", " "))
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
