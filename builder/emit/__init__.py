"""Emission: resolved facts as RDF, one named graph per report and one shared reference graph.

This package owns the IRIs and triples of everything the graph holds: the
report's structure (:mod:`.structure`), commitments and the concept schemes
(:mod:`.commitments`), citations and what they cite (:mod:`.citations`),
meetings (:mod:`.meetings`), recorded votes (:mod:`.votes`), participation
(:mod:`.people`), the gazetteer of States and organisations (:mod:`.gazetteer`),
and the provenance every one of them shares (:mod:`.provenance`). :func:`emit`
calls them all from this one place.

Emitters are pure: they extract nothing, resolve nothing and report nothing;
they turn what :mod:`builder.resolve` decided into triples. They may import
:mod:`builder.model`, :mod:`builder.iri`, :mod:`builder.reference_data` and the
*types* of :mod:`builder.extract`; nothing from a later stage.
"""

from __future__ import annotations

from builder.dataset import BuiltDataset, NamedGraph
from builder.emit.citations import emit_mentions
from builder.emit.commitments import emit_commitments, emit_schemes
from builder.emit.gazetteer import emit_gazetteer
from builder.emit.meetings import emit_meetings
from builder.emit.people import emit_participation
from builder.emit.structure import emit_structure
from builder.emit.votes import emit_votes
from builder.iri import Iris
from builder.reference_data import References
from builder.resolve import ResolvedFacts
from builder.vocab import POA, RDF


def emit(resolved: ResolvedFacts, iris: Iris, references: References,
         dataset: BuiltDataset | None = None) -> BuiltDataset:
    """The graphs of one resolved report, as pyoxigraph terms: its own named graph and the reference graph.

    Into ``dataset`` when one is given (a corpus is one dataset: the reports share
    the reference graph), else into a new dataset.
    """
    if dataset is None:
        dataset = BuiltDataset()
    doc = resolved.document
    g = dataset.graph(iris.report_graph)
    ref = dataset.graph(iris.reference_graph)
    emit_structure(doc, iris, g)
    emit_schemes(references.concepts, iris, ref)
    emit_commitments(doc, iris, resolved.commitments, references.concepts, g)
    emit_mentions(doc, iris, resolved.mentions, g, ref, references)
    emit_meetings(doc, iris, resolved.meetings, g, references.meeting_labels)
    emit_gazetteer(iris, ref, references)
    emit_votes(doc, iris, g, resolved.votes, references)
    emit_participation(doc, iris, g, resolved.participation, references)
    keep_shared_in_reference(g, ref)
    return dataset


#: the kinds of node every report may describe alike: the rules that decided, the posts people hold, the
#: groups of States that speak as one
SHARED_KINDS = (POA.ResolutionRule, POA.Post, POA.GroupOfStates)


def keep_shared_in_reference(report: NamedGraph, reference: NamedGraph) -> None:
    """Move into ``reference`` what ``report`` says that is not the report's own.

    A triple is stored in one graph, so that the union of the graphs holds it once: what the reference
    graph holds already, and what the report says of a node of :data:`SHARED_KINDS` (or of a State's
    membership of such a group), which another report of the corpus would say word for word, belong to
    the reference graph; the report's graph keeps what only it says.
    """
    kinds = set(SHARED_KINDS)
    a, member_of = RDF.type, POA.memberOf
    shared = {s for g in (report, reference) for s, p, o in g if p == a and o in kinds}
    moved = [(s, p, o) for s, p, o in report if s in shared or (p == member_of and o in shared)]
    for triple in moved:
        report.remove(triple)
        reference.add(triple)
    for triple in [t for t in reference if t in report]:
        report.remove(triple)
