"""Emit the gazetteers into the reference graph: every State and organization, and the small concept schemes.

The reference graph does not depend on any report: all 195 States of
``states.csv`` (the UN Member States as ``poa:State``, the observer States as
``poa:ObserverState`` and, so that a query or a shape needs no inference,
``poa:State`` too), the groups and organizations of ``organizations.csv``, who
is a member of which, and the concepts the participation and vote emitters
point to: the rules names were resolved by, the capacities statements were
made in, and the roles of posts. Emitting it twice adds nothing, so every
report's build may call :func:`emit_gazetteer`.

The classes the kinds of organization are typed with (:data:`ORG_CLASS`) stay
here, in code: they are terms of the project's ontology, which the shapes and
queries depend on, so a new kind needs a new class in the ontology, not only a
row in a table. The labels of the rules, capacities and roles are data
(``builder/data/resolution_rules.csv``, ``capacities.csv``, ``posts.csv``); the
schemes of the capacities and roles are described with the other concept schemes,
in ``builder/data/concepts/generated.ttl``.
"""

from __future__ import annotations

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.provenance import rule_iri
from builder.iri import Iris
from builder.reference_data import References
from builder.reference_data.organizations import Organization
from builder.vocab import DCTERMS, GEOAREA, ORG, POA, RDF, RDFS, SKOS, plain, text

ORG_CLASS = {
    "group": POA.GroupOfStates,
    "igo": POA.IntergovernmentalOrganization,
    "ngo": POA.NonGovernmentalOrganization,
    "un-entity": POA.UNEntity,
    "observer": POA.Organization,
}


def org_iri(iris: Iris, org: Organization) -> ox.NamedNode:
    """``{base}id/group/{key}`` for a group of States, ``{base}id/org/{key}`` for anything else."""
    return iris.entity("group" if org.kind == "group" else "org", org.key)


def member_states_iri(iris: Iris, org: Organization) -> ox.NamedNode:
    """The group of the member States of an organization (``الدول الأعضاء في الاتحاد الأوروبي``)."""
    return iris.entity("group", f"{org.key}-member-states")


def capacity_iri(iris: Iris, capacity: str) -> ox.NamedNode:
    return iris.concept("speaker-capacity", capacity)


def role_iri(iris: Iris, post_key: str) -> ox.NamedNode:
    return iris.concept("role", post_key)


def emit_gazetteer(iris: Iris, g: NamedGraph, references: References) -> None:
    """Add the States, organizations and concept schemes to ``g`` (the reference graph)."""
    states = references.states
    for s in states:
        node = iris.state(s.iso3)
        if s.status == "observer":
            g.add((node, RDF.type, POA.ObserverState))
        g.add((node, RDF.type, POA.State))
        g.add((node, RDFS.label, text(s.name_en, "en")))
        g.add((node, SKOS.prefLabel, text(s.name_en, "en")))
        g.add((node, SKOS.prefLabel, text(s.name_ar, "ar")))
        for v in s.variants_en:
            g.add((node, SKOS.altLabel, text(v, "en")))
        for v in s.variants_ar:
            g.add((node, SKOS.altLabel, text(v, "ar")))
        g.add((node, SKOS.notation, plain(s.iso3)))
        g.add((node, DCTERMS.identifier, plain(s.iso3)))
        g.add((node, POA.iso2, plain(s.iso2)))
        g.add((node, POA.m49, plain(s.m49)))
        area = ox.NamedNode(s.geoarea_iri) if s.geoarea_iri else GEOAREA[s.m49]
        g.add((node, POA.geoArea, area))
        g.add((node, DCTERMS.source, plain(s.source)))

    # an organization the text may cite has one notation, the key citations give it (``INTERPOL``)
    cited_as = {b.organization.key: b.key for b in references.bodies if b.organization is not None}
    for o in references.organizations:
        node = org_iri(iris, o)
        g.add((node, RDF.type, ORG_CLASS[o.kind]))
        g.add((node, RDFS.label, text(o.name_en, "en")))
        g.add((node, SKOS.prefLabel, text(o.name_en, "en")))
        g.add((node, SKOS.prefLabel, text(o.name_ar, "ar")))
        for v in o.variants_ar:
            g.add((node, SKOS.altLabel, text(v, "ar")))
        g.add((node, SKOS.notation, plain(cited_as.get(o.key, o.key))))
        g.add((node, DCTERMS.source, plain(o.source)))
        for iso3 in o.members:
            if iso3 in states:
                g.add((iris.state(iso3), POA.memberOf, node))

    for rule in references.resolution_rules:
        node = rule_iri(iris, rule.key)
        g.add((node, RDF.type, POA.ResolutionRule))
        g.add((node, SKOS.notation, plain(rule.key)))
        g.add((node, SKOS.prefLabel, text(rule.label_en, "en")))
        g.add((node, SKOS.definition, text(rule.definition_en, "en")))

    # the two schemes themselves (labels, definitions) are described in builder/data/concepts/
    for capacity in references.capacities:
        _top_concept(g, capacity_iri(iris, capacity.key), iris.scheme("speaker-capacity"), capacity.key,
                     (capacity.label_en, capacity.label_ar), (capacity.definition_en, capacity.definition_ar))

    for post in references.posts.values():
        node = role_iri(iris, post.key)
        _top_concept(g, node, iris.scheme("role"), post.key, (post.role, post.role_ar),
                     (post.role_definition_en, post.role_definition_ar))
        g.add((node, RDF.type, ORG.Role))


def _top_concept(g: NamedGraph, node: ox.NamedNode, scheme: ox.NamedNode, key: str, labels: tuple[str, str],
                 definitions: tuple[str, str]) -> None:
    """A concept at the top of its (flat) scheme, with its English and Arabic label and definition."""
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, scheme))
    g.add((node, SKOS.topConceptOf, scheme))
    g.add((scheme, SKOS.hasTopConcept, node))
    g.add((node, SKOS.notation, plain(key)))
    for lang, label, definition in zip(("en", "ar"), labels, definitions, strict=True):
        g.add((node, SKOS.prefLabel, text(label, lang)))
        g.add((node, SKOS.definition, text(definition, lang)))
