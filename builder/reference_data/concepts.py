"""The concept schemes of the classifier of commitments: ``builder/data/concepts/*.ttl``.

Six SKOS schemes (actions, strength, qualifiers, themes, actors, kinds) whose
concepts carry the Arabic patterns that trigger them. The Turtle files are read
here into one graph (:func:`load_concept_graph`) and parsed into typed schemes,
their triggers (:mod:`builder.reference_data.triggers`) and their exclusion,
reading and period patterns compiled (:func:`parse_schemes`), once per build.
The patterns are written for the normalisation the classifier matches them in,
:data:`builder.arabic.text.TRIGGER_FOLDING`; the classifier itself is
:mod:`builder.extract.commitments`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from builder.arabic.text import TRIGGER_FOLDING
from builder.errors import ReferenceDataError
from builder.graphs import turtle_graph
from builder.iri import DEFAULT_BASE, POA
from builder.reference_data.tables import data_file
from builder.reference_data.triggers import Trigger, compile_regex

SCHEMES = ("action", "strength", "qualifier", "theme", "actor", "kind")

# grammatical forms of a trigger, named as in poa:grammaticalForm of the kinds
VERBAL_NOUN = "verbal-noun"
FIRST_PERSON = "first-person"
THIRD_PERSON = "third-person"
_FORM_PROPERTIES = (
    (POA.trigger, VERBAL_NOUN),
    (POA.firstPersonTrigger, FIRST_PERSON),
    (POA.thirdPersonTrigger, THIRD_PERSON),
)

@dataclass(frozen=True)
class ReadingRule:
    """A general correction of an action match (poa:readingRule)."""

    name: str
    next_word: re.Pattern[str]
    blocking: re.Pattern[str] | None
    read_as: str | None  # key of the action it reads as; None with discard
    discard: bool
    note: str


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of one of the schemes, with what the classifier needs of it."""

    scheme: str
    key: str  # skos:notation
    iri: str
    label_en: str
    label_ar: str
    definition_en: str
    triggers: tuple[Trigger, ...] = ()
    exclusions: tuple[re.Pattern[str], ...] = ()
    broader: tuple[str, ...] = ()
    rank: int | None = None  # strength concepts
    strength: str | None = None  # action concepts: key of their strength
    softening: bool = False  # qualifier concepts
    takes_addressee: bool = False  # action concepts
    light_verb: str | None = None  # the preposition that introduces the complement of a light verb
    aspectual: bool = False
    readings: tuple[ReadingRule, ...] = ()
    form: str | None = None  # kind concepts
    sections: tuple[str, ...] = ()
    chapeau_triggers: tuple[Trigger, ...] = ()
    period_patterns: tuple[re.Pattern[str], ...] = ()
    implicit_addressee: str | None = None


@dataclass(frozen=True)
class Scheme:
    """One concept scheme, with the scheme-level matching data of the actions and actors schemes."""

    key: str
    iri: str
    label_en: str
    label_ar: str
    concepts: tuple[Concept, ...]
    subordinators: tuple[Trigger, ...] = ()
    connectors: tuple[Trigger, ...] = ()
    coordinators: tuple[str, ...] = ()
    joiners: frozenset[str] = frozenset()

    def get(self, key: str) -> Concept:
        for c in self.concepts:
            if c.key == key:
                return c
        raise KeyError(f"no concept {key!r} in scheme {self.key!r}")

    def by_iri(self, iri: str) -> Concept | None:
        for c in self.concepts:
            if c.iri == iri:
                return c
        return None


@dataclass(frozen=True)
class ConceptSchemes:
    """The six parsed schemes and the RDF graph they came from."""

    action: Scheme
    strength: Scheme
    qualifier: Scheme
    theme: Scheme
    actor: Scheme
    kind: Scheme
    graph: Graph = field(compare=False, repr=False)

    def scheme(self, key: str) -> Scheme:
        if key not in SCHEMES:
            raise KeyError(f"no scheme {key!r}")
        value: Scheme = getattr(self, key)
        return value

    def strength_by_rank(self, rank: int) -> Concept:
        for c in self.strength.concepts:
            if c.rank == rank:
                return c
        raise KeyError(f"no strength of rank {rank}")


# ----------------------------------------------------------------------------
#  Loading
# ----------------------------------------------------------------------------


class _Statements:
    """The triples of the concepts' graph indexed by subject and predicate and by predicate and object.

    The loaders below ask the graph some 4,000 questions; a dictionary answers
    them several times faster than the rdflib store.
    """

    def __init__(self, g: Graph) -> None:
        self._objects: defaultdict[tuple[Node, Node], list[Node]] = defaultdict(list)
        self._subjects: defaultdict[tuple[Node, Node], list[Node]] = defaultdict(list)
        for s, p, o in g:
            self._objects[s, p].append(o)
            self._subjects[p, o].append(s)

    def objects(self, s: Node, p: Node) -> list[Node]:
        return self._objects.get((s, p), [])

    def subjects(self, p: Node, o: Node) -> list[Node]:
        return self._subjects.get((p, o), [])

    def value(self, s: Node, p: Node) -> Node | None:
        """An object of ``s`` and ``p`` (one of them, like :meth:`rdflib.Graph.value`; the data gives one), or None."""
        found = self.objects(s, p)
        return found[0] if found else None


def _objects(g: _Statements, s: Node, p: URIRef) -> list[Node]:
    return sorted(g.objects(s, p), key=str)


def _text(g: _Statements, s: Node, p: URIRef, lang: str | None = None) -> str | None:
    for o in _objects(g, s, p):
        if isinstance(o, Literal) and (lang is None or o.language == lang):
            return str(o)
    return None


def _flag(g: _Statements, s: Node, p: URIRef) -> bool:
    for o in _objects(g, s, p):
        if isinstance(o, Literal):
            return bool(o.toPython())
    return False


def _literal_triggers(g: _Statements, s: Node, p: URIRef, form: str) -> list[Trigger]:
    return [
        Trigger(str(o), form)
        for o in _objects(g, s, p)
        if isinstance(o, Literal)
    ]


def _notation(g: _Statements, node: Node) -> str:
    value = _text(g, node, SKOS.notation)
    if value is None:
        raise ReferenceDataError(f"{node} has no skos:notation")
    return value


def _reading(g: _Statements, node: Node) -> ReadingRule:
    name = _text(g, node, POA.ruleName)
    nxt = _text(g, node, POA.nextWordPattern)
    if name is None or nxt is None:
        raise ReferenceDataError(f"reading rule {node} needs poa:ruleName and poa:nextWordPattern")
    blocking = _text(g, node, POA.blockingPattern)
    target = g.value(node, POA.readAs)
    return ReadingRule(
        name=name,
        next_word=compile_regex(nxt),
        blocking=compile_regex(blocking) if blocking else None,
        read_as=_notation(g, target) if target is not None else None,
        discard=_flag(g, node, POA.discard),
        note=_text(g, node, SKOS.note, "en") or "",
    )


def _concept(g: _Statements, scheme: str, node: URIRef) -> Concept:
    key = _notation(g, node)
    triggers: list[Trigger] = []
    for prop, form in _FORM_PROPERTIES:
        triggers.extend(_literal_triggers(g, node, prop, form))
    for o in _objects(g, node, POA.triggerPattern):
        triggers.append(Trigger(str(o), VERBAL_NOUN, compile_regex(str(o))))
    rank_lit = g.value(node, POA.rank)
    strength = g.value(node, POA.strength)
    implicit = g.value(node, POA.implicitAddressee)
    return Concept(
        scheme=scheme,
        key=key,
        iri=str(node),
        label_en=_text(g, node, SKOS.prefLabel, "en") or key,
        label_ar=_text(g, node, SKOS.prefLabel, "ar") or "",
        definition_en=_text(g, node, SKOS.definition, "en") or "",
        triggers=tuple(triggers),
        exclusions=tuple(compile_regex(str(o)) for o in _objects(g, node, POA.excludePattern)),
        broader=tuple(_notation(g, b) for b in _objects(g, node, SKOS.broader)),
        rank=int(rank_lit.toPython()) if isinstance(rank_lit, Literal) else None,
        strength=_notation(g, strength) if strength is not None else None,
        softening=_flag(g, node, POA.softening),
        takes_addressee=_flag(g, node, POA.takesAddressee),
        light_verb=_text(g, node, POA.complementPreposition) if _flag(g, node, POA.lightVerb) else None,
        aspectual=_flag(g, node, POA.aspectual),
        readings=tuple(_reading(g, r) for r in _objects(g, node, POA.readingRule)),
        form=_text(g, node, POA.grammaticalForm),
        sections=tuple(str(o) for o in _objects(g, node, POA.defaultForSection)),
        chapeau_triggers=tuple(_literal_triggers(g, node, POA.chapeauTrigger, VERBAL_NOUN)),
        period_patterns=tuple(compile_regex(str(o)) for o in _objects(g, node, POA.periodPattern)),
        implicit_addressee=_notation(g, implicit) if implicit is not None else None,
    )


def _scheme(g: _Statements, node: URIRef) -> Scheme:
    key = _notation(g, node)
    concepts = sorted(
        (_concept(g, key, c) for c in g.subjects(SKOS.inScheme, node) if isinstance(c, URIRef)),
        key=lambda c: c.key,
    )
    joiners = frozenset(
        w for o in _objects(g, node, POA.addresseeJoiner) for w in TRIGGER_FOLDING.fold(str(o)).split()
    )
    return Scheme(
        key=key,
        iri=str(node),
        label_en=_text(g, node, SKOS.prefLabel, "en") or key,
        label_ar=_text(g, node, SKOS.prefLabel, "ar") or "",
        concepts=tuple(concepts),
        subordinators=tuple(_literal_triggers(g, node, POA.subordinator, VERBAL_NOUN)),
        connectors=tuple(_literal_triggers(g, node, POA.clauseConnector, VERBAL_NOUN)),
        coordinators=tuple(TRIGGER_FOLDING.fold(str(o)) for o in _objects(g, node, POA.coordinator)),
        joiners=joiners,
    )


def parse_schemes(graph: Graph) -> ConceptSchemes:
    """The six concept schemes of ``graph`` (the graph of ``builder/data/concepts``), with their patterns compiled.

    Raises ``ValueError`` when a scheme is missing, an action has no strength or a reading rule points nowhere.
    """
    g = _Statements(graph)
    nodes = {_notation(g, n): n for n in g.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(n, URIRef)}
    missing = [k for k in SCHEMES if k not in nodes]
    if missing:
        raise ReferenceDataError(f"concept schemes missing: {', '.join(missing)}")
    found = {k: _scheme(g, nodes[k]) for k in SCHEMES}
    schemes = ConceptSchemes(
        action=found["action"],
        strength=found["strength"],
        qualifier=found["qualifier"],
        theme=found["theme"],
        actor=found["actor"],
        kind=found["kind"],
        graph=graph,
    )
    for c in schemes.action.concepts:
        if c.strength is None:
            raise ReferenceDataError(f"action {c.key!r} has no poa:strength")
        schemes.strength.get(c.strength)
    for r in (r for c in schemes.action.concepts for r in c.readings):
        if r.read_as is not None:
            schemes.action.get(r.read_as)
    return schemes


def rebased_iri(iri: str, base: str) -> str:
    """``iri`` moved from the data's placeholder base to ``base`` when it is one of the data's own IRIs.

    The concepts, the schemes and the reading rules are ``{DEFAULT_BASE}id/…`` in the files; they become
    ``{base}id/…``.
    """
    if not base.endswith(("/", "#")):
        base += "/"
    old = DEFAULT_BASE + "id/"
    return base + "id/" + iri[len(old):] if iri.startswith(old) else iri


def rebased_graph(schemes: ConceptSchemes, base: str) -> Graph:
    """The schemes' graph with the concept and scheme IRIs moved from the data's placeholder base to ``base``.

    The data is written under ``https://w3id.org/poa-kg/``; a build with another
    base gets ``{base}id/concept/{scheme}/{key-slug}``, the IRIs
    :meth:`builder.iri.Iris.concept` mints.
    """
    def move(node: Node) -> Node:
        return URIRef(rebased_iri(str(node), base)) if isinstance(node, URIRef) else node

    out = Graph()
    for prefix, ns in schemes.graph.namespaces():
        out.bind(prefix, URIRef(rebased_iri(str(ns), base)), replace=True)
    for s, p, o in schemes.graph:
        out.add((move(s), move(p), move(o)))
    return out


def load_concept_graph(directory: Traversable | None = None) -> Graph:
    """All ``*.ttl`` files of ``builder/data/concepts`` (or of ``directory``) in one graph.

    pyoxigraph parses them (rdflib's Turtle parser took a third of the time of
    loading the reference data); the graph holds the same triples, in the same
    order, and binds the files' prefixes.
    """
    root = directory if directory is not None else data_file("concepts")
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".ttl")), key=lambda e: e.name)
    if not entries:
        raise FileNotFoundError(f"no concept schemes (*.ttl) in {root}")
    try:
        return turtle_graph((str(e), e.read_text(encoding="utf-8")) for e in entries)
    except SyntaxError as exc:
        raise ReferenceDataError(str(exc)) from None


def load_concept_schemes(directory: Traversable | None = None) -> ConceptSchemes:
    """The six concept schemes of ``builder/data/concepts`` (or of ``directory``), parsed and compiled."""
    return parse_schemes(load_concept_graph(directory))
