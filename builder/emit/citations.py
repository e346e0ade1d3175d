"""Emit citations: the mentions of the text and what they refer to.

A mention is a node of its own: the unit it is in, its exact source span, its
surface form, the target it refers to, and the rule that decided with its
confidence. Its IRI is built from the position *in the unit's normalised
text*, not in the source file, so that cosmetic variants of a report (another
encoding, CRLF line ends, tatweel) mint the same IRIs.

Targets are described once in the reference graph, from the instrument and
body lists in ``builder/data/`` where they are known, otherwise from the
mention alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.gazetteer import org_iri
from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.iri import Iris, slug, undocs_link
from builder.model import Document, Mention, Span, Unit
from builder.reference_data import References
from builder.reference_data.bodies import Body
from builder.reference_data.instruments import Instrument
from builder.reference_data.organizations import Organization
from builder.vocab import DCTERMS, POA, RDF, RDFS, SCHEMA, SDGO, SKOS, XSD, plain, text, typed

TYPE_CLASS = {
    "document": POA.UNDocument,
    "ga-resolution": POA.GeneralAssemblyResolution,
    "sc-resolution": POA.SecurityCouncilResolution,
    "instrument": POA.PoliticalInstrument,
    "treaty": POA.Treaty,
    "provision": POA.InstrumentProvision,
    "sdg-goal": SDGO.Goal,
    "sdg-target": SDGO.Target,
    "sdg-indicator": SDGO.Indicator,
    "body": POA.Organization,
    "post": POA.Post,
    "concept": SKOS.Concept,
    "web-page": SCHEMA.WebPage,
}
BODY_KIND_CLASS = {
    "igo": POA.IntergovernmentalOrganization,
    "ngo": POA.NonGovernmentalOrganization,
    "un-entity": POA.UNEntity,
    "un-organ": POA.UNEntity,
}
SYMBOL_TYPES = {"document", "ga-resolution", "sc-resolution"}
# a body or post "of the Conference" belongs to the conference the report reports on: its IRI is scoped by it
CONFERENCE_SUFFIX = " of the Conference"


def target_iri(iris: Iris, target_type: str, key: str, extra: dict[str, str], data: References) -> ox.NamedNode:
    """The IRI of what a mention refers to."""
    if target_type in SYMBOL_TYPES:
        return iris.document(key)
    if target_type in ("instrument", "treaty"):
        return iris.entity("instrument", slug(key))
    if target_type == "provision":
        parent_key = extra.get("instrument", "")
        parent_row = data.instruments.get(parent_key)
        parent_type = parent_row.type if parent_row is not None else ""
        if parent_type in SYMBOL_TYPES or "/" in parent_key:
            parent = iris.document(parent_key)
        else:
            parent = iris.entity("instrument", slug(parent_key))
        return ox.NamedNode(f"{parent.value}/{extra.get('eid', slug(key))}")
    if target_type.startswith("sdg-") and "iri" in extra:
        return ox.NamedNode(extra["iri"])
    if target_type == "web-page" and "iri" in extra:
        return ox.NamedNode(extra["iri"])
    if target_type == "body":
        if key.endswith(CONFERENCE_SUFFIX):
            return iris.entity("org", f"{iris.conference_slug}/{slug(key.removesuffix(CONFERENCE_SUFFIX))}")
        org = _organization(data, key)
        if org is not None:
            return org_iri(iris, org)
        return iris.entity("org", slug(key))
    if target_type == "post":
        if key.endswith(CONFERENCE_SUFFIX):
            return iris.entity("role", f"{iris.conference_slug}/{slug(key)}")
        return iris.entity("role", slug(key))
    return iris.concept("term", key)


def _organization(data: References, key: str) -> Organization | None:
    """The organization of the gazetteer that a body of the body list is (``bodies.csv``, column ``organization``)."""
    body = data.bodies.get(key)
    return body.organization if body is not None else None


def provision_parent(iris: Iris, extra: dict[str, str], data: References) -> tuple[ox.NamedNode, str] | None:
    key = extra.get("instrument")
    if not key:
        return None
    instrument = data.instruments.get(key)
    ptype = (instrument.type if instrument is not None else "") or ("document" if "/" in key else "instrument")
    return target_iri(iris, ptype, key, {}, data), ptype


def text_range(unit: Unit, span: Span) -> tuple[int, int]:
    """The range of the unit's normalised text that covers a source span (what the IRI of a mention is made of)."""
    i = bisect.bisect_left(unit.offsets, span.start)
    j = bisect.bisect_left(unit.offsets, span.end)
    return i, max(j, i + 1)


def _describe_instrument(ref: NamedGraph, target: ox.NamedNode, row: Instrument) -> None:
    """Titles, symbol, date, issuing body and link of an instrument of ``builder/data/instruments.csv``."""
    if row.title_en:
        ref.add((target, DCTERMS.title, text(row.title_en, "en")))
        ref.add((target, RDFS.label, text(row.title_en, "en")))
    if row.title_ar:
        ref.add((target, DCTERMS.title, text(row.title_ar, "ar")))
        ref.add((target, RDFS.label, text(row.title_ar, "ar")))
    if row.symbol:
        ref.add((target, DCTERMS.identifier, plain(row.symbol)))
    if row.date_or_year:
        value = row.date_or_year
        dtype = XSD.date if len(value) == 10 else XSD.gYear
        ref.add((target, DCTERMS.date, typed(value, dtype)))
    if row.issuing_body:
        ref.add((target, POA.issuingBody, text(row.issuing_body, "en")))
    if row.link:
        ref.add((target, RDFS.seeAlso, ox.NamedNode(row.link)))


def _describe_body(ref: NamedGraph, target: ox.NamedNode, body: Body) -> None:
    """Kind, names and link of a body of ``builder/data/bodies.csv``."""
    kind_class = BODY_KIND_CLASS.get(body.kind)
    if kind_class is not None:
        ref.add((target, RDF.type, kind_class))
    if body.name_en:
        ref.add((target, RDFS.label, text(body.name_en, "en")))
        ref.add((target, SKOS.prefLabel, text(body.name_en, "en")))
    if body.name_ar:
        ref.add((target, SKOS.prefLabel, text(body.name_ar, "ar")))
    for v in body.variants_ar:
        ref.add((target, SKOS.altLabel, text(v, "ar")))
    if body.link:
        ref.add((target, RDFS.seeAlso, ox.NamedNode(body.link)))


def _describe_term(ref: NamedGraph, target: ox.NamedNode, scheme: ox.NamedNode, key: str) -> None:
    """A term of the text that names no entity of a gazetteer: a top concept of the flat scheme of terms."""
    ref.add((target, SKOS.prefLabel, text(key, "en")))
    ref.add((target, SKOS.inScheme, scheme))
    ref.add((target, SKOS.topConceptOf, scheme))
    ref.add((scheme, SKOS.hasTopConcept, target))


def describe_target(ref: NamedGraph, iris: Iris, target: ox.NamedNode, target_type: str, key: str,
                    extra: dict[str, str], data: References,
                    described: set[tuple[object, ...]] | None = None) -> None:
    """Type, key and labels of a target, in the reference graph.

    What is written depends on the arguments only: with ``described`` (the arguments of the targets already
    described into ``ref`` with the same ``iris`` and ``data``), a target is described once however often the
    text names it.
    """
    if described is not None:
        seen = (target, target_type, key, tuple(sorted(extra.items())))
        if seen in described:
            return
        described.add(seen)
    ref.add((target, RDF.type, TYPE_CLASS.get(target_type, SKOS.Concept)))
    ref.add((target, SKOS.notation, plain(key)))
    ref.add((target, POA.targetType, plain(target_type)))
    row = data.instruments.get(key)
    body = data.bodies.get(key)
    if row is not None:
        _describe_instrument(ref, target, row)
    elif target_type in ("body", "post") and (key.endswith(CONFERENCE_SUFFIX) or _organization(data, key)):
        # labelled elsewhere: organizations from their gazetteer (builder/emit/gazetteer.py), the bodies and
        # posts of the conference by the participation emitter (builder/emit/people.py)
        pass
    elif body is not None:
        _describe_body(ref, target, body)
    else:
        ref.add((target, RDFS.label, text(key, "en")))
    if target == iris.concept("term", key):
        _describe_term(ref, target, iris.scheme("term"), key)
    if target_type in SYMBOL_TYPES:
        ref.add((target, DCTERMS.identifier, plain(key)))
        ref.add((target, RDFS.seeAlso, undocs_link(key)))
        if target_type == "ga-resolution":
            ref.add((target, RDF.type, POA.UNDocument))
        if target_type == "sc-resolution":
            ref.add((target, RDF.type, POA.UNDocument))
    if target_type.startswith("sdg-"):
        ref.add((target, RDFS.label, text(key, "en")))
    if target_type == "provision":
        parent = provision_parent(iris, extra, data)
        if parent is not None:
            ref.add((target, DCTERMS.isPartOf, parent[0]))
            describe_target(ref, iris, parent[0], parent[1], extra["instrument"], {}, data, described)


def emit_mentions(doc: Document, iris: Iris, mentions: Sequence[tuple[Unit, Mention]], g: NamedGraph, ref: NamedGraph,
                  data: References) -> None:
    """Mentions into ``g`` (the report graph), their targets into ``ref``."""
    prov = Provenance(g, iris)
    unit_iri = UnitIris(iris)
    described: set[tuple[object, ...]] = set()
    for unit, m in mentions:
        u = unit_iri(unit)
        i, j = text_range(unit, m.span)
        node = ox.NamedNode(f"{u.value}#m-{i}-{j}-{slug(m.target_key) or 'x'}")
        target = target_iri(iris, m.target_type, m.target_key, m.extra, data)
        prov.mention(node, unit=u, target=target, surface=m.surface, span=m.span, rule=m.decision.rule,
                     score=m.decision.confidence, lang=doc.metadata.language, note=m.decision.note)
        g.add((u, DCTERMS.references, target))
        describe_target(ref, iris, target, m.target_type, m.target_key, m.extra, data, described)
