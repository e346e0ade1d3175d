"""The whole build, stage after stage, for one report or many.

    source ──read──▶ SourceText ──segment──▶ Document ──extract──▶ Facts
           ──resolve──▶ ResolvedFacts ──emit──▶ BuiltDataset (+ counts and Issues → BuildReport)

Each stage is a plain function of its own package (:func:`builder.segment.segment_file`,
:func:`builder.extract.extract`, :func:`builder.resolve.resolve`,
:func:`builder.emit.emit`); this module only strings them together and collects
what each report counted and could not settle into the build report.
Serializing, validating and writing the result are :mod:`builder.outputs`'s:
nothing is written until every stage has succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.dataset import BuiltDataset
from builder.emit import emit
from builder.errors import StrictError
from builder.extract import extract
from builder.iri import DEFAULT_BASE, Iris
from builder.model import BuildReport, Document
from builder.reference_data import References, load_references
from builder.resolve import ResolvedFacts, resolve
from builder.result import BuildResult
from builder.runtime import build_gc
from builder.segment import segment_file
from builder.source import DEFAULT_MAX_REPORT_BYTES, check_report_file

__all__ = ["BuildResult", "BuildSettings", "build", "build_document", "iris_for"]


@dataclass(frozen=True)
class BuildSettings:
    base: str = DEFAULT_BASE
    symbol: str | None = None
    strict: bool = False
    #: the largest report file the build reads, in bytes (``--max-size``); larger ones are refused unread
    max_report_bytes: int = DEFAULT_MAX_REPORT_BYTES
    #: where the dataset's description says its maintainers are reached (``mailto:`` or a URL); default: the base
    contact_point: str | None = None


def iris_for(doc: Document, base: str) -> Iris:
    return Iris(base=base, symbol=doc.metadata.symbol, date=doc.metadata.date or "undated",
                language=doc.metadata.language)


@build_gc()
def build_document(doc: Document, iris: Iris, dataset: BuiltDataset, references: References) -> ResolvedFacts:
    """Extract, resolve and emit one segmented report into ``dataset``; its resolved facts (with their issues).

    ``references`` is the data of ``builder/data``, loaded once per build (:func:`load_references`).
    """
    resolved = resolve(extract(doc, references), references)
    emit(resolved, iris, references, dataset)
    return resolved


@build_gc()
def build(paths: list[Path], settings: BuildSettings) -> BuildResult:
    """Build one dataset from one or more reports (a named graph per report).

    Every report file is checked (a regular file, within ``settings.max_report_bytes``) before the first is read.
    """
    for path in paths:
        check_report_file(path, settings.max_report_bytes)
    dataset = BuiltDataset()
    report = BuildReport()
    docs: list[Document] = []
    all_iris: list[Iris] = []
    references = load_references()
    for path in paths:
        doc = segment_file(path, settings.symbol, references.layout)
        iris = iris_for(doc, settings.base)
        resolved = build_document(doc, iris, dataset, references)
        report.record(resolved.counts(), resolved.issues)
        docs.append(doc)
        all_iris.append(iris)
    if settings.strict and (report.unresolved or report.flagged):
        first = (report.unresolved or report.flagged)[0]
        raise StrictError(
            f"{first.get('where', paths[0])}: {len(report.unresolved)} unresolved and {len(report.flagged)} flagged"
            f" name(s) in --strict mode; first: {first.get('surface', '?')} ({first.get('reason', '')})"
        )
    return BuildResult(dataset=dataset, documents=docs, report=report, iris=all_iris,
                       contact_point=settings.contact_point)
