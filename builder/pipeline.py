"""The whole build: segment → extract → resolve → emit → (validate) → serialize.

Each stage is a function of its own module; this module only strings them
together and collects the build report. Nothing is written until every stage
has succeeded, and then every file is written atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from builder.atomic import write_files_atomic
from builder.emit.commitments import classify_document, emit_commitments, emit_schemes
from builder.emit.people import emit_participation
from builder.emit.reference import emit_reference
from builder.emit.references import (
    ReferenceData,
    emit_meetings,
    emit_mentions,
    find_meetings,
    find_mentions,
    load_reference_data,
)
from builder.emit.structure import emit_structure
from builder.emit.votes import emit_votes
from builder.extract.commitments import ConceptSchemes, load_schemes
from builder.extract.participation import Gazetteers, load_gazetteers
from builder.iri import DEFAULT_BASE, Iris
from builder.model import BuildReport, Document, UnitKind
from builder.publish.serialize import bind_prefixes, to_turtle
from builder.segment import segment_file


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
        """The report graphs and the reference graph merged (what queries run over)."""
        g = Graph()
        bind_prefixes(g.namespace_manager)
        for ctx in self.dataset.graphs():
            if "/graph/ontology" in str(ctx.identifier):
                continue
            for t in ctx:
                g.add(t)
        return g


def iris_for(doc: Document, base: str) -> Iris:
    return Iris(base=base, symbol=doc.metadata.symbol, date=doc.metadata.date or "undated",
                language=doc.metadata.language)


@dataclass(frozen=True)
class ReferenceInputs:
    """Data files read once per build and passed to the stages that need them."""

    references: ReferenceData
    gazetteers: Gazetteers
    schemes: ConceptSchemes


def load_inputs() -> ReferenceInputs:
    gazetteers = load_gazetteers()
    return ReferenceInputs(references=load_reference_data(gazetteers.organizations), gazetteers=gazetteers,
                           schemes=load_schemes())


def build_document(doc: Document, iris: Iris, ds: Dataset, report: BuildReport, inputs: ReferenceInputs) -> None:
    """Emit one segmented report into its named graph of ``ds`` (and the shared reference graph)."""
    g = ds.graph(iris.report_graph)
    ref = ds.graph(iris.reference_graph)
    emit_structure(doc, iris, g)
    emit_schemes(inputs.schemes, iris, ref)
    report.counts[f"{doc.metadata.symbol}: classified paragraphs"] = emit_commitments(
        doc, iris, classify_document(doc, inputs.schemes), inputs.schemes, g)
    report.counts[f"{doc.metadata.symbol}: mentions"] = emit_mentions(
        doc, iris, find_mentions(doc), g, ref, inputs.references)
    report.counts[f"{doc.metadata.symbol}: meetings"] = emit_meetings(doc, iris, find_meetings(doc), g)
    emit_reference(iris, ref, inputs.gazetteers.states, inputs.gazetteers.organizations)
    emit_votes(doc, iris, g, report, inputs.gazetteers.states)
    emit_participation(doc, iris, g, report, inputs.gazetteers.states, inputs.gazetteers.organizations,
                       inputs.gazetteers.people)
    sym = doc.metadata.symbol
    report.counts[f"{sym}: units"] = len(doc.units)
    report.counts[f"{sym}: paragraphs"] = sum(1 for u in doc.units if u.kind is UnitKind.PARAGRAPH)
    report.warnings.extend(doc.warnings)


def build(paths: list[Path], settings: BuildSettings) -> BuildResult:
    """Build one dataset from one or more reports (a named graph per report)."""
    ds = Dataset()
    bind_prefixes(ds.namespace_manager)
    report = BuildReport()
    docs: list[Document] = []
    all_iris: list[Iris] = []
    inputs = load_inputs()
    for path in paths:
        doc = segment_file(path, settings.symbol)
        iris = iris_for(doc, settings.base)
        build_document(doc, iris, ds, report, inputs)
        docs.append(doc)
        all_iris.append(iris)
    if settings.strict and (report.unresolved or report.flagged):
        first = (report.unresolved or report.flagged)[0]
        raise StrictError(
            f"{first.get('where', paths[0])}: {len(report.unresolved)} unresolved and {len(report.flagged)} flagged"
            f" name(s) in --strict mode; first: {first.get('surface', '?')} ({first.get('reason', '')})"
        )
    return BuildResult(dataset=ds, documents=docs, report=report, iris=all_iris)


def serialize_outputs(result: BuildResult) -> dict[str, bytes]:
    from builder.publish.describe import describe_dataset
    from builder.publish.jsonld import build_context, context_bytes, to_jsonld
    from builder.publish.serialize import build_quads, load_ontology_graph, stable_bnodes, union_triples, write_quads

    data = stable_bnodes(result.data_graph())  # blank nodes labelled once, canonically, for every file
    rep = {
        "reports": [
            {"path": d.path, "symbol": d.metadata.symbol, "language": d.metadata.language,
             "date": d.metadata.date, "graph": str(i.report_graph)}
            for d, i in zip(result.documents, result.iris, strict=True)
        ],
        "counts": dict(sorted(result.report.counts.items())) | {"triples": len(data)},
        "warnings": result.report.warnings,
        "unresolved": result.report.unresolved,
        "flagged": result.report.flagged,
    }
    base = result.iris[0].base if result.iris else DEFAULT_BASE
    ontology = load_ontology_graph()
    quads = build_quads(result.dataset, ontology, str(result.iris[0].ontology_graph) if result.iris else None)
    context = build_context(data, ontology)
    triples = union_triples(quads, {str(i.ontology_graph) for i in result.iris})
    files = {
        "graph.ttl": write_quads(triples, "turtle"),
        "graph.nt": write_quads(triples, "nt"),
        "graph.jsonld": to_jsonld(data, context, "context.jsonld", base=base, canonical=True),
        "context.jsonld": context_bytes(context),
        "dataset.trig": write_quads(quads, "trig"),
        "dataset.nq": write_quads(quads, "nquads"),
        "build-report.json": (json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(),
    }
    if result.iris:
        files["void.ttl"] = to_turtle(describe_dataset(result.dataset, result.iris))
    return files


def write_outputs(result: BuildResult, out: Path) -> list[Path]:
    files = serialize_outputs(result)
    return write_files_atomic(out, files)
