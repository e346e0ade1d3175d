"""Emit meetings: each meeting as an OWL-Time interval, and a mention for every place the text names it.

Emits what :func:`builder.resolve.meetings.resolve_meetings` made of the
mentions: one record per meeting, the mentions with their joined keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.citations import text_range
from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.extract.meetings.facts import MeetingRecord, ResolvedMeetings
from builder.iri import Iris
from builder.model import Document
from builder.vocab import DCTERMS, POA, RDF, RDFS, SCHEMA, SKOS, TIME, XSD, integer, plain, text, typed

MEETING_CLASS = {
    "conference": POA.Conference,
    "review-conference": POA.Conference,
    "plenary": POA.PlenaryMeeting,
    "preparatory-committee": POA.PreparatoryCommittee,
    "biennial-meeting": POA.BiennialMeeting,
    "expert-meeting": POA.ExpertGroupMeeting,
    "regional-meeting": POA.Meeting,
}

_ONE_COMPONENT = re.compile(r"P([0-9]+)([YMWD])")


def xsd_duration(iso: str) -> str:
    """An ISO 8601 duration of one component (``P1W``, ``P5D``, ``P14M``) in the canonical form of ``xsd:duration``.

    ``xsd:duration`` has no weeks, and its canonical form carries twelve months over into a year: ``P1W`` is
    written ``P7D``, ``P14M`` ``P1Y2M``, a zero ``P0D``. Anything else is written as it is.
    """
    m = _ONE_COMPONENT.fullmatch(iso)
    if m is None:
        return iso
    n, unit = int(m[1]), m[2]
    if n == 0:
        return "P0D"
    if unit == "W":
        return f"P{7 * n}D"
    if unit == "M":
        years, months = divmod(n, 12)
        return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
    return iso


def _emit_record(iris: Iris, key: str, r: MeetingRecord, g: NamedGraph, labels: Mapping[str, str]) -> None:
    node = iris.meeting(key)
    g.add((node, RDF.type, MEETING_CLASS.get(r.kind, POA.Meeting)))
    g.add((node, SKOS.notation, plain(key)))
    g.add((node, POA.meetingKind, plain(r.kind)))
    label = labels.get(r.kind, r.kind).format(n=r.number or "")
    when = f" ({r.year})" if r.year and r.kind != "plenary" else ""
    g.add((node, RDFS.label, text(label + when, "en")))
    if r.number is not None:
        g.add((node, POA.number, integer(r.number)))
    if r.year is not None:
        g.add((node, POA.year, integer(r.year)))
    for prop, day, suffix in ((TIME.hasBeginning, r.start, "start"), (TIME.hasEnd, r.end, "end")):
        if day is not None:
            instant = ox.NamedNode(f"{node.value}#{suffix}")
            g.add((node, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, TIME.inXSDDate, typed(day.isoformat(), XSD.date)))
    if r.duration_iso:
        g.add((node, TIME.hasXSDDuration, typed(xsd_duration(r.duration_iso), XSD.duration)))
    if r.duration_bound:
        g.add((node, POA.durationBound, plain(r.duration_bound)))
    if r.timing:
        g.add((node, POA.timing, plain(r.timing)))
    if r.place:
        g.add((node, SCHEMA.location, text(r.place, "en")))
    if r.precedes:
        g.add((node, POA.precedes, iris.meeting(r.precedes)))
    if r.part_of:
        g.add((node, DCTERMS.isPartOf, iris.meeting(r.part_of)))


def emit_meetings(doc: Document, iris: Iris, meetings: ResolvedMeetings, g: NamedGraph,
                  labels: Mapping[str, str]) -> None:
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
        prov.mention(ox.NamedNode(f"{u.value}#m-{i}-{j}-{m.key}"), unit=u, target=iris.meeting(m.key),
                     surface=m.surface, span=m.span, rule=m.decision.rule, score=m.decision.confidence,
                     lang=doc.metadata.language, note=m.decision.note)
