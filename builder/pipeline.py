"""The whole build: segment → extract → resolve → emit → (validate) → serialize.

Each stage is a function of its own module; this module only strings them
together and collects the build report. Nothing is written until every stage
has succeeded, and then every file is written atomically.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef

from builder.atomic import write_files_atomic
from builder.emit.commitments import classify_document, emit_commitments, emit_schemes
from builder.emit.gazetteer import emit_gazetteer
from builder.emit.people import emit_participation
from builder.emit.references import emit_meetings, emit_mentions, find_meetings, find_mentions
from builder.emit.structure import emit_structure
from builder.emit.votes import emit_votes
from builder.graphs import Triple, UnionView, holds_graph, read_graph_names, read_graphs, union_of
from builder.iri import DEFAULT_BASE, Iris
from builder.model import BuildReport, Document, UnitKind
from builder.publish.serialize import SortedQuads, bind_prefixes, to_turtle
from builder.reference_data import References, load_references
from builder.runtime import build_gc
from builder.segment import segment_file
from builder.validate import ValidationOutcome

if TYPE_CHECKING:
    from builder.publish.jsonld import Context


class StrictError(Exception):
    """Raised in --strict mode when names stay unresolved or were flagged for review."""


@dataclass(frozen=True)
class BuildSettings:
    base: str = DEFAULT_BASE
    symbol: str | None = None
    strict: bool = False


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[Document]
    report: BuildReport
    iris: list[Iris] = field(default_factory=list)

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


def iris_for(doc: Document, base: str) -> Iris:
    return Iris(base=base, symbol=doc.metadata.symbol, date=doc.metadata.date or "undated",
                language=doc.metadata.language)


@build_gc()
def build_document(doc: Document, iris: Iris, ds: Dataset, report: BuildReport, references: References) -> None:
    """Emit one segmented report into its named graph of ``ds`` (and the shared reference graph).

    ``references`` is the data of ``builder/data``, loaded once per build (:func:`load_references`).
    """
    g = ds.graph(iris.report_graph)
    ref = ds.graph(iris.reference_graph)
    emit_structure(doc, iris, g)
    emit_schemes(references.concepts, iris, ref)
    report.counts[f"{doc.metadata.symbol}: classified paragraphs"] = emit_commitments(
        doc, iris, classify_document(doc, references.concepts), references.concepts, g)
    report.counts[f"{doc.metadata.symbol}: mentions"] = emit_mentions(
        doc, iris, find_mentions(doc, references), g, ref, references)
    report.counts[f"{doc.metadata.symbol}: meetings"] = emit_meetings(
        doc, iris, find_meetings(doc, references.calendar), g, references.meeting_labels)
    emit_gazetteer(iris, ref, references)
    emit_votes(doc, iris, g, report, references.states)
    emit_participation(doc, iris, g, report, references)
    sym = doc.metadata.symbol
    report.counts[f"{sym}: units"] = len(doc.units)
    report.counts[f"{sym}: paragraphs"] = sum(1 for u in doc.units if u.kind is UnitKind.PARAGRAPH)
    report.warnings.extend(doc.warnings)


@build_gc()
def build(paths: list[Path], settings: BuildSettings) -> BuildResult:
    """Build one dataset from one or more reports (a named graph per report)."""
    ds = Dataset()
    bind_prefixes(ds.namespace_manager)
    report = BuildReport()
    docs: list[Document] = []
    all_iris: list[Iris] = []
    references = load_references()
    for path in paths:
        doc = segment_file(path, settings.symbol)
        iris = iris_for(doc, settings.base)
        build_document(doc, iris, ds, report, references)
        docs.append(doc)
        all_iris.append(iris)
    if settings.strict and (report.unresolved or report.flagged):
        first = (report.unresolved or report.flagged)[0]
        raise StrictError(
            f"{first.get('where', paths[0])}: {len(report.unresolved)} unresolved and {len(report.flagged)} flagged"
            f" name(s) in --strict mode; first: {first.get('surface', '?')} ({first.get('reason', '')})"
        )
    return BuildResult(dataset=ds, documents=docs, report=report, iris=all_iris)


def _ontology_names(result: BuildResult, graphs: Mapping[URIRef, object]) -> set[str]:
    """The names of the ontology's graphs: never part of the data that is merged, described or validated."""
    named = {str(name) for name in graphs if "/graph/ontology" in str(name)}
    return {str(i.ontology_graph) for i in result.iris} | named


@build_gc()
def dataset_quads(result: BuildResult, ontology: Graph | None = None,
                  graphs: Mapping[URIRef, Sequence[Triple]] | None = None) -> SortedQuads:
    """The quads of every graph of ``result`` and of the ontology's graph, sorted (what every file is written from).

    ``ontology`` (the project's ontology) and ``graphs`` (``read_graphs`` of the
    result's dataset) are passed when the caller has them already.
    """
    from builder.publish.serialize import SortedQuads, load_ontology_graph

    graphs = dict(graphs if graphs is not None else read_graphs(result.dataset))
    if ontology is None:
        ontology = load_ontology_graph()
    if result.iris and ontology is not None and len(ontology) > 0:
        graphs.setdefault(result.iris[0].ontology_graph, list(ontology))
    return SortedQuads(graphs)


@build_gc()
def validate_result(result: BuildResult, shapes: Graph | None = None,
                    sorted_quads: SortedQuads | None = None) -> ValidationOutcome:
    """SHACL-validate the data of ``result`` (its graphs but the ontology's), in place.

    ``sorted_quads`` (from :func:`dataset_quads`), when the caller has them, fill the
    store that answers the shapes' SPARQL constraints without converting the terms again.
    """
    import pyoxigraph as ox

    from builder.validate import validate

    store = None
    if sorted_quads is not None:
        skip = {ox.NamedNode(name) for name in _ontology_names(result, read_graph_names(result.dataset))}
        store = ox.Store()
        store.extend(q for q in sorted_quads.quads if q.graph_name not in skip)
    return validate(result.data_view(), shapes, sparql=store)


class _Outputs:
    """What the output files of one result are written from, each part computed once, when first needed."""

    def __init__(self, result: BuildResult, sorted_quads: SortedQuads | None = None,
                 ontology: Graph | None = None) -> None:
        self.result = result
        self._sorted_quads = sorted_quads
        self._ontology = ontology

    @cached_property
    def graphs(self) -> dict[URIRef, list[Triple]]:
        return read_graphs(self.result.dataset)  # the store is read once; every writer takes these lists

    @cached_property
    def ontology(self) -> Graph | None:
        from builder.publish.serialize import load_ontology_graph

        return self._ontology if self._ontology is not None else load_ontology_graph()

    @cached_property
    def data(self) -> Sequence[Triple]:
        """The merged data (all graphs but the ontology's), blank nodes labelled once, canonically, for every file."""
        from builder.publish.serialize import labelled

        return labelled(union_of(self.graphs, skip=_ontology_names(self.result, self.graphs)))

    @cached_property
    def context(self) -> Context:
        from builder.publish.jsonld import build_context

        return build_context(self.data, self.ontology)

    @cached_property
    def sorted_quads(self) -> SortedQuads:
        if self._sorted_quads is not None:
            return self._sorted_quads
        return dataset_quads(self.result, self.ontology, self.graphs)

    @cached_property
    def union(self) -> list[Any]:
        return self.sorted_quads.union(_ontology_names(self.result, self.graphs))

    def writers(self) -> dict[str, Callable[[], bytes]]:
        """Each output file's name and the function that writes its bytes."""
        from builder.publish.describe import describe_dataset
        from builder.publish.jsonld import context_bytes, to_jsonld
        from builder.publish.serialize import write_quads

        result = self.result
        base = result.iris[0].base if result.iris else DEFAULT_BASE
        out: dict[str, Callable[[], bytes]] = {
            "graph.ttl": lambda: write_quads(self.union, "turtle"),
            "graph.nt": lambda: write_quads(self.union, "nt"),
            "graph.jsonld": lambda: to_jsonld(self.data, self.context, "context.jsonld", base=base, canonical=True),
            "context.jsonld": lambda: context_bytes(self.context),
            "dataset.trig": lambda: write_quads(self.sorted_quads.quads, "trig"),
            "dataset.nq": lambda: write_quads(self.sorted_quads.quads, "nquads"),
            "build-report.json": self.build_report,
        }
        if result.iris:
            out["void.ttl"] = lambda: to_turtle(describe_dataset(result.dataset, result.iris, graphs=self.graphs))
        return out

    def build_report(self) -> bytes:
        result = self.result
        rep = {
            "reports": [
                {"path": d.path, "symbol": d.metadata.symbol, "language": d.metadata.language,
                 "date": d.metadata.date, "graph": str(i.report_graph)}
                for d, i in zip(result.documents, result.iris, strict=True)
            ],
            "counts": dict(sorted(result.report.counts.items())) | {"triples": len(self.data)},
            "warnings": result.report.warnings,
            "unresolved": result.report.unresolved,
            "flagged": result.report.flagged,
        }
        return (json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


@build_gc()
def serialize_outputs(result: BuildResult, sorted_quads: SortedQuads | None = None,
                      ontology: Graph | None = None) -> dict[str, bytes]:
    """Every output file of ``result``, in memory: name → bytes (byte-identical for the same input).

    ``sorted_quads`` (:func:`dataset_quads` of ``result``) and ``ontology`` are
    passed when the caller has them already.
    """
    return {name: write() for name, write in _Outputs(result, sorted_quads, ontology).writers().items()}


def write_outputs(result: BuildResult, out: Path) -> list[Path]:
    files = serialize_outputs(result)
    return write_files_atomic(out, files)


@dataclass(frozen=True)
class CheckedOutputs:
    """What a validated build writes: the files, and the SHACL outcome of the data they hold."""

    files: dict[str, bytes]
    outcome: ValidationOutcome


#: the files the forked child writes in :func:`serialize_and_validate`, beside the validation
CHILD_FILES = ("graph.jsonld",)


def _child_side(outputs: _Outputs, shapes: Graph | None, conn: Connection) -> None:
    """The forked side of :func:`serialize_and_validate`: validate, write CHILD_FILES, send it all back as data."""
    import signal

    for s in (signal.SIGINT, signal.SIGTERM):  # the parent owns the clean-up of an interrupted build
        signal.signal(s, signal.SIG_DFL)
    try:
        writers = outputs.writers()
        files = {name: writers[name]() for name in CHILD_FILES if name in writers}
        outcome = validate_result(outputs.result, shapes)
        conn.send(("ok", files, outcome.conforms, outcome.violations,
                   outcome.report.serialize(format="nt", encoding="utf-8")))
    except Exception as exc:
        conn.send(("error", exc))
    finally:
        conn.close()


def _fork_available() -> bool:
    """Whether a forked helper can run on a core of its own: Linux, two cores or more, and no other thread.

    A process that runs other threads is not forked: a lock one of them holds
    (an import, a logger) would stay held for ever in the child.
    """
    import multiprocessing as mp
    import threading

    if not sys.platform.startswith("linux") or "fork" not in mp.get_all_start_methods():
        return False
    return len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


@build_gc()
def serialize_and_validate(result: BuildResult, shapes: Graph | None = None,
                           sorted_quads: SortedQuads | None = None, parallel: bool = True) -> CheckedOutputs:
    """The output files of ``result`` and its SHACL validation; with ``parallel``, on two cores at once.

    Writing and validating only read the finished graphs, so on Linux with two
    cores or more they share the work: a forked child (which sees the built
    graphs copy-on-write) validates and writes the JSON-LD file
    (``CHILD_FILES``), and sends back only bytes and the outcome, while this
    process writes the other files. Elsewhere, or when the child dies without an
    answer, everything runs here, one after the other, with the same result.
    """
    outputs = _Outputs(result, sorted_quads)
    writers = outputs.writers()
    if not (parallel and _fork_available()):
        files = {name: write() for name, write in writers.items()}
        return CheckedOutputs(files, validate_result(result, shapes, outputs.sorted_quads))
    import multiprocessing as mp

    import pyshacl  # noqa: F401 - imported here, before the fork, so that the child imports nothing

    outputs.context  # noqa: B018 - computed before the fork: both sides read it
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_side, args=(outputs, shapes, sender), daemon=True)
    child.start()
    sender.close()
    try:
        files = {name: write() for name, write in writers.items() if name not in CHILD_FILES}
        try:
            answer = receiver.recv()
        except EOFError:
            answer = None
    finally:
        receiver.close()
        child.join()
    if answer is None:  # the child died (killed, out of memory): do its part here instead
        files |= {name: writers[name]() for name in CHILD_FILES if name in writers}
        return CheckedOutputs(files, validate_result(result, shapes, outputs.sorted_quads))
    if answer[0] == "error":
        raise answer[1]
    _, child_files, conforms, violations, report_nt = answer
    report = Graph()
    report.parse(data=report_nt, format="nt")
    outcome = ValidationOutcome(conforms=conforms, report=report, violations=violations)
    return CheckedOutputs({name: (files | child_files)[name] for name in writers}, outcome)
