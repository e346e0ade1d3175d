"""The whole build: segment → extract → resolve → emit, into one dataset and its build report.

Each stage is a function of its own module; this module only strings them
together and collects the build report. Serializing, validating and writing
the result are the business of :mod:`builder.outputs`: nothing is written
until every stage has succeeded, and then every file is written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from builder.emit.citations import emit_mentions
from builder.emit.commitments import emit_commitments, emit_schemes
from builder.emit.gazetteer import emit_gazetteer
from builder.emit.meetings import emit_meetings
from builder.emit.people import emit_participation
from builder.emit.structure import emit_structure
from builder.emit.votes import emit_votes
from builder.errors import StrictError
from builder.extract.citations.document import find_citations
from builder.extract.commitments import classify_document
from builder.extract.meetings.document import find_meetings
from builder.extract.participation import extract_participation
from builder.extract.votes import extract_votes
from builder.graphs import UnionView, holds_graph
from builder.iri import DEFAULT_BASE, Iris
from builder.model import BuildReport, Document, UnitKind
from builder.publish.serialize import bind_prefixes
from builder.reference_data import References, load_references
from builder.resolve.citations import citation_counts, resolve_citations
from builder.resolve.meetings import meeting_counts, resolve_meetings
from builder.resolve.participation import participation_counts, resolve_participation
from builder.resolve.votes import resolve_votes, vote_counts
from builder.runtime import build_gc
from builder.segment import segment_file


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
    mentions = resolve_citations(find_citations(doc, references))
    emit_mentions(doc, iris, mentions, g, ref, references)
    report.counts.update(citation_counts(doc.metadata.symbol, mentions))
    meetings = resolve_meetings(find_meetings(doc, references.calendar), references.calendar)
    emit_meetings(doc, iris, meetings, g, references.meeting_labels)
    report.counts.update(meeting_counts(doc.metadata.symbol, meetings))
    emit_gazetteer(iris, ref, references)
    sym = doc.metadata.symbol
    votes, vote_issues = resolve_votes(sym, extract_votes(doc, references), references.states)
    participation, participation_issues = resolve_participation(extract_participation(doc, references), references)
    emit_votes(doc, iris, g, votes, references)
    emit_participation(doc, iris, g, participation, references)
    report.counts.update(vote_counts(sym, votes))
    report.counts.update(participation_counts(sym, participation))
    issues = vote_issues + participation_issues
    report.warnings.extend(issues.warnings)
    report.unresolved.extend(i.as_json() for i in issues.unresolved)
    report.flagged.extend(i.as_json() for i in issues.flagged)
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
