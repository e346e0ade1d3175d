"""Emit what each paragraph of the outcome document asks, of whom and how strongly.

For every numbered paragraph of the annex: its kind (statement, commitment,
decision, as an extra ``rdf:type``), its actions, strength, qualifiers,
addressees, themes and period, as links to the SKOS concepts of
``builder/data/concepts/``. Every action, qualifier and actor found in the text
is also a mention with its exact span; every theme assignment says whether it
came from the paragraph's own text (with the span) or from a heading above it
(with the heading unit).

The sorted keys of a paragraph's actions and qualifiers are also stored as one
literal each (``poa:actionKeys``, ``poa:qualifierKeys``), so that the
competency queries return them in a fixed order on every SPARQL engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.extract.commitments import Classification
from builder.graphs import OxTerms
from builder.iri import DEFAULT_BASE as CONCEPT_BASE
from builder.iri import Iris, slug
from builder.model import Document, Part, Span, Unit, UnitKind
from builder.reference_data.concepts import ConceptSchemes, rebased_iri
from builder.vocab import POA, RDF, SKOS, Term, Triple, integer, plain, text

if TYPE_CHECKING:
    from rdflib.term import Node  # the concept schemes are read as an rdflib graph

KIND_CLASS = {"statement": POA.DeclaratoryStatement, "commitment": POA.Commitment, "decision": POA.Decision}

# The terms of the per-paragraph triples, made once: an attribute of a vocabulary mints a new NamedNode on every
# access.
_TYPE = RDF.type
_NOTE = SKOS.note
_KIND = POA.kind
_ACTION = POA.action
_ACTION_KEYS = POA.actionKeys
_STRENGTH = POA.strength
_STRENGTH_RANK = POA.strengthRank
_QUALIFIER = POA.qualifier
_QUALIFIER_KEYS = POA.qualifierKeys
_ADDRESSEE = POA.addressee
_THEME = POA.theme
_THEME_ASSIGNMENT = POA.ThemeAssignment
_ASSIGNED_TO = POA.assignedTo
_THEME_SOURCE = POA.themeSource
_EVIDENCE = POA.evidence
_FROM_HEADING = POA.fromHeading
_PERIOD = POA.period
_PERIOD_START = POA.periodStart
_PERIOD_END = POA.periodEnd


def _rebase(iris: Iris, iri: str) -> ox.NamedNode:
    return ox.NamedNode(iris.base + iri[len(CONCEPT_BASE):] if iri.startswith(CONCEPT_BASE) else iri)


def emit_schemes(schemes: ConceptSchemes, iris: Iris, ref: NamedGraph) -> None:
    """The concept schemes (actions, strengths, qualifiers, themes, actors, kinds) into the reference graph.

    The schemes are read as an rdflib graph; their terms are converted here, each distinct term once,
    and their own IRIs moved under the build's base (:func:`rebased_iri`, as :func:`rebased_graph` does).
    """
    ox_term = OxTerms()
    memo: dict[object, Term] = {}

    def term(t: Node) -> Term:
        found = memo.get(t)
        if found is None:
            found = ox_term(t)[0]
            if isinstance(found, ox.NamedNode):
                found = ox.NamedNode(rebased_iri(found.value, iris.base))
            memo[t] = found
        return found

    for s, p, o in schemes.graph:
        ref.add(cast(Triple, (term(s), term(p), term(o))))


def _ancestor_headings(by_eid: dict[str, Unit], unit: Unit) -> dict[str, Unit]:
    """The headings above ``unit`` by their text; ``by_eid`` holds the units of the unit's component."""
    out: dict[str, Unit] = {}
    parent = unit.parent
    while parent is not None and parent in by_eid:
        p = by_eid[parent]
        if p.heading is not None:
            out[p.text] = p
        parent = p.parent
    return out


class _Mentions:
    """Writes the mentions of concepts of one report (one per call of :func:`emit_commitments`)."""

    def __init__(self, g: NamedGraph, iris: Iris, doc: Document) -> None:
        self.prov = Provenance(g, iris)
        self.unit_iri = UnitIris(iris)
        self.lang = doc.metadata.language
        self._slugs: dict[str, str] = {}  # a few dozen concept keys, slugged for every mention

    def __call__(self, unit: Unit, span: Span, key: str, target: ox.NamedNode, surface: str, rule: str,
                 confidence: float, note: str | None = None) -> ox.NamedNode:
        """A mention of a concept in ``unit`` at ``span`` (a span of the unit's normalised text)."""
        key_slug = self._slugs.get(key)
        if key_slug is None:
            key_slug = self._slugs[key] = slug(key)
        u = self.unit_iri(unit)
        node = ox.NamedNode(f"{u.value}#c-{span.start}-{span.end}-{key_slug}")
        return self.prov.mention(node, unit=u, target=target, surface=surface,
                                 span=unit.source_span(span.start, span.end), rule=rule, score=confidence,
                                 lang=self.lang, note=note)


def emit_commitments(doc: Document, iris: Iris, classified: Iterable[tuple[Unit, Classification]],
                     schemes: ConceptSchemes, g: NamedGraph) -> int:
    """Kinds, actions, strength, qualifiers, addressees, themes and period of each classified paragraph."""
    concept = {(c.scheme, c.key): _rebase(iris, c.iri)
               for name in ("action", "strength", "qualifier", "theme", "actor", "kind")
               for c in schemes.scheme(name).concepts}
    chapeau_units: dict[str | None, Unit] = {}  # the first chapeau of each section: the one the classifier read
    for u in doc.units:
        if u.part is Part.ANNEX and u.kind is UnitKind.CHAPEAU:
            chapeau_units.setdefault(u.section, u)
    by_eid = {part: {u.eid: u for u in doc.units if u.part is part} for part in Part}
    mention = _Mentions(g, iris, doc)
    unit_iri = mention.unit_iri
    # theme assignments already written: a paragraph may get the same theme from the same source twice
    # (from two headings), and the assignment's own four triples are then the same
    assigned: set[tuple[ox.NamedNode, ox.NamedNode, str]] = set()
    n = 0
    for unit, c in classified:
        n += 1
        p = unit_iri(unit)
        g.add((p, _TYPE, KIND_CLASS[c.kind]))
        g.add((p, _KIND, concept[("kind", c.kind)]))
        for a in c.actions:
            g.add((p, _ACTION, concept[("action", a.key)]))
            mention(unit, a.span, a.key, concept[("action", a.key)], a.surface, a.rule or f"action:{a.found_by}",
                    0.8 if a.rule else 1.0, a.note)
        g.add((p, _ACTION_KEYS, plain("|".join(sorted({a.key for a in c.actions})))))
        if c.strength is not None:
            g.add((p, _STRENGTH, concept[("strength", c.strength.key)]))
            g.add((p, _STRENGTH_RANK, integer(c.strength.rank)))
        for q in c.qualifiers:
            g.add((p, _QUALIFIER, concept[("qualifier", q.key)]))
            where = unit if q.source == "text" else chapeau_units.get(unit.section)
            if where is not None:
                mention(where, q.span, q.key, concept[("qualifier", q.key)], q.surface, f"qualifier:{q.source}", 1.0)
        g.add((p, _QUALIFIER_KEYS, plain("|".join(sorted({q.key for q in c.qualifiers})))))
        for addressee in c.addressees:
            g.add((p, _ADDRESSEE, concept[("actor", addressee)]))
        for actor in c.actors:
            mention(unit, actor.span, actor.key, concept[("actor", actor.key)], actor.surface, "actor:text", 1.0)
        headings = _ancestor_headings(by_eid[unit.part], unit)
        for t in c.themes:
            target = concept[("theme", t.key)]
            node = ox.NamedNode(f"{p.value}#theme-{slug(t.key)}-{t.source}")
            if (node, target, t.source) not in assigned:
                assigned.add((node, target, t.source))
                g.add((p, _THEME, target))
                g.add((node, _TYPE, _THEME_ASSIGNMENT))
                g.add((node, _ASSIGNED_TO, p))
                g.add((node, _THEME, target))
                g.add((node, _THEME_SOURCE, plain(t.source)))
            if t.source == "text" and t.span is not None:
                g.add((node, _EVIDENCE, mention(unit, t.span, t.key, target, t.surface or "", "theme:text", 1.0)))
            elif t.heading is not None and t.heading in headings:
                h = headings[t.heading]
                g.add((node, _FROM_HEADING, unit_iri(h)))
                if t.span is not None:
                    g.add((node, _EVIDENCE,
                           mention(h, t.span, t.key, target, t.surface or "", "theme:heading", 1.0)))
        if c.period is not None:
            g.add((p, _PERIOD, plain(f"{c.period[0]}/{c.period[1]}")))
            g.add((p, _PERIOD_START, integer(c.period[0])))
            g.add((p, _PERIOD_END, integer(c.period[1])))
        for note in c.notes:
            g.add((p, _NOTE, text(note, "en")))
    return n
