"""Emit meetings: each meeting as an OWL-Time interval, and a mention for every place the text names it.

Emits what :func:`builder.resolve.meetings.resolve_meetings` made of the
mentions: one record per meeting, the mentions with their joined keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from builder.emit.citations import text_range
from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.extract.meetings.facts import MeetingRecord, ResolvedMeetings
from builder.iri import POA, SCHEMA, TIME, Iris
from builder.model import Document

MEETING_CLASS = {
    "conference": POA.Conference,
    "review-conference": POA.Conference,
    "plenary": POA.PlenaryMeeting,
    "preparatory-committee": POA.PreparatoryCommittee,
    "biennial-meeting": POA.BiennialMeeting,
    "expert-meeting": POA.ExpertGroupMeeting,
    "regional-meeting": POA.Meeting,
}


def _emit_record(iris: Iris, key: str, r: MeetingRecord, g: Graph, labels: Mapping[str, str]) -> None:
    node = iris.meeting(key)
    g.add((node, RDF.type, MEETING_CLASS.get(r.kind, POA.Meeting)))
    g.add((node, SKOS.notation, Literal(key)))
    g.add((node, POA.meetingKind, Literal(r.kind)))
    label = labels.get(r.kind, r.kind).format(n=r.number or "")
    when = f" ({r.year})" if r.year and r.kind != "plenary" else ""
    g.add((node, RDFS.label, Literal(label + when, lang="en")))
    if r.number is not None:
        g.add((node, POA.number, Literal(r.number, datatype=XSD.integer)))
    if r.year is not None:
        g.add((node, POA.year, Literal(r.year, datatype=XSD.integer)))
    for prop, day, suffix in ((TIME.hasBeginning, r.start, "start"), (TIME.hasEnd, r.end, "end")):
        if day is not None:
            instant = URIRef(f"{node}#{suffix}")
            g.add((node, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))
    if r.duration_iso:
        g.add((node, TIME.hasXSDDuration, Literal(r.duration_iso, datatype=XSD.duration)))
    if r.duration_bound:
        g.add((node, POA.durationBound, Literal(r.duration_bound)))
    if r.timing:
        g.add((node, POA.timing, Literal(r.timing)))
    if r.place:
        g.add((node, SCHEMA.location, Literal(r.place, lang="en")))
    if r.precedes:
        g.add((node, POA.precedes, iris.meeting(r.precedes)))
    if r.part_of:
        g.add((node, DCTERMS.isPartOf, iris.meeting(r.part_of)))


def emit_meetings(doc: Document, iris: Iris, meetings: ResolvedMeetings, g: Graph, labels: Mapping[str, str]) -> None:
    """Meetings as OWL-Time intervals, with a mention for every place the text names them.

    ``labels`` are the English labels of the kinds of meeting (``builder/data/meeting_kinds.csv``).
    """
    for key, r in sorted(meetings.records.items()):
        _emit_record(iris, key, r, g, labels)
    prov = Provenance(g, iris)
    unit_iri = UnitIris(iris)
    for unit, m in meetings.mentions:
        u = unit_iri(unit)
        i, j = text_range(unit, m.span)
        prov.mention(URIRef(f"{u}#m-{i}-{j}-{m.key}"), unit=u, target=iris.meeting(m.key),
                     surface=m.surface, span=m.span, rule=m.decision.rule, score=m.decision.confidence,
                     lang=doc.metadata.language, note=m.decision.note)
