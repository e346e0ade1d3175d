"""The project's OWL 2 ontology: loading, an OWL 2 RL consistency check, an OWL 2 DL profile check, HTML docs.

The ontology is ``ontology/poa.ttl`` (packaged as ``builder/resources/ontology``)
and is found through :mod:`builder.resources`.

:func:`check_consistency` materialises the OWL 2 RL closure of the ontology plus
some data with owlrl and reports, in plain words, everything that makes the
union inconsistent:

* an individual that is an instance of ``owl:Nothing``;
* an individual that is an instance of two disjoint classes (``owl:disjointWith``
  or ``owl:AllDisjointClasses``), with the types asserted for it in the data;
* two individuals that are inferred to be the same (``owl:sameAs``) but are
  declared different (``owl:differentFrom`` or ``owl:AllDifferent``), with the
  functional-property values that made them the same;
* a subject with two different values of a functional datatype property (owlrl
  only infers an ``owl:sameAs`` between the two literals and says nothing);
* anything else owlrl itself reports (ill-typed literals, disjoint properties,
  cardinality violations and so on), prefixed with ``OWL RL:``.

:func:`owl2_dl_problems` checks the structural restrictions of OWL 2 DL that a
DL reasoner (HermiT) needs before it reads ontology and data at all.

The first three are computed from the closure here rather than taken from
owlrl's own messages, which name no asserted types and skip some pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph, Dataset
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from builder.graphs import turtle_graph
from builder.resources import resource_text

ONTOLOGY_NAME = "poa.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/poa-kg/ontology")

# owlrl writes its own inconsistency messages as  [] a err:ErrorMessage ; err:error "…" .
_ERR = "http://www.daml.org/2002/03/agents/agent-ont#"
_ERR_MESSAGE = URIRef(_ERR + "ErrorMessage")
_ERR_TEXT = URIRef(_ERR + "error")
# owlrl message families that the checks below recompute with better wording.
_RECOMPUTED = ("Disjoint classes ", "'sameAs' and ", "is defined of type 'Nothing'")

Triple = tuple[Node, Node, Node]


def load_ontology() -> Graph:
    """The ontology as a fresh graph (callers may modify it)."""
    return turtle_graph([(ONTOLOGY_NAME, resource_text("ontology", ONTOLOGY_NAME))])


# --------------------------------------------------------------------------- #
#  consistency                                                                 #
# --------------------------------------------------------------------------- #


def _triples(g: Graph) -> Iterator[Triple]:
    """All triples of a graph, or of every named graph of a dataset."""
    if isinstance(g, ConjunctiveGraph | Dataset):
        for s, p, o, _ctx in g.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from g


def check_consistency(data: Graph, ontology: Graph) -> list[str]:
    """Problems that make ``ontology`` + ``data`` inconsistent under OWL 2 RL; ``[]`` if none.

    Neither argument is modified: the closure is computed over a copy of both.
    ``data`` may be a plain graph or a dataset (all its graphs are merged).
    """
    import owlrl

    closed = Graph()
    for prefix, ns in ontology.namespace_manager.namespaces():
        closed.namespace_manager.bind(prefix, ns, override=False)
    for t in _triples(ontology):
        closed.add(t)
    for t in _triples(data):
        closed.add(t)

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)

    names = _Namer(closed)
    asserted = _AssertedTypes(data)
    problems: list[str] = []
    problems += _nothing_problems(closed, names, asserted)
    problems += _disjointness_problems(closed, names, asserted)
    problems += _difference_problems(closed, names)
    problems += _functional_data_problems(closed, names)
    problems += _owlrl_problems(closed)
    return problems


class _Namer:
    """Short, readable names: CURIEs for vocabulary terms, <IRI> for individuals."""

    def __init__(self, g: Graph) -> None:
        self.nm = g.namespace_manager

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            try:
                return self.nm.normalizeUri(node)
            except Exception:  # an IRI rdflib cannot shorten
                return f"<{node}>"
        return self.individual(node)

    def individual(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, Literal):
            return node.n3(self.nm)
        return f"a blank node ({node})"


class _AssertedTypes:
    """The classes an individual is typed with in the data itself (not inferred)."""

    def __init__(self, data: Graph) -> None:
        self.types: dict[Node, set[Node]] = defaultdict(set)
        self.uses: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in _triples(data):
            if p == RDF.type:
                self.types[s].add(o)
            elif isinstance(o, Literal) and len(self.uses[o]) < 3:
                self.uses[o].append((s, p))

    def describe(self, node: Node, names: _Namer) -> str:
        if isinstance(node, Literal):
            uses = self.uses.get(node, [])
            if not uses:
                return ""
            where = "; ".join(f"{names.term(p)} of {names.individual(s)}" for s, p in uses)
            return f" (the value of {where})"
        types = sorted(names.term(t) for t in self.types.get(node, ()))
        return f" (asserted types: {', '.join(types)})" if types else " (no asserted type)"


def _nothing_problems(closed: Graph, names: _Namer, asserted: _AssertedTypes) -> list[str]:
    return sorted(
        f"{names.individual(x)} is an instance of owl:Nothing{asserted.describe(x, names)}"
        for x in set(closed.subjects(RDF.type, OWL.Nothing))
    )


def _rdf_list(g: Graph, head: Node) -> list[Node]:
    if not isinstance(head, BNode | URIRef):
        return []
    return list(Collection(g, head))


def _disjoint_pairs(g: Graph) -> set[tuple[Node, Node]]:
    pairs: set[tuple[Node, Node]] = set()

    def add(a: Node, b: Node) -> None:
        if a != b:
            pairs.add((a, b) if str(a) <= str(b) else (b, a))

    for a, b in g.subject_objects(OWL.disjointWith):
        add(a, b)
    for axiom in set(g.subjects(RDF.type, OWL.AllDisjointClasses)):
        for head in g.objects(axiom, OWL.members):
            members = _rdf_list(g, head)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    add(a, b)
    return pairs


def _disjointness_problems(closed: Graph, names: _Namer, asserted: _AssertedTypes) -> list[str]:
    instances: dict[Node, set[Node]] = {}

    def of(c: Node) -> set[Node]:
        if c not in instances:
            instances[c] = set(closed.subjects(RDF.type, c))
        return instances[c]

    found: dict[Node, set[str]] = defaultdict(set)
    for a, b in _disjoint_pairs(closed):
        first, second = sorted((names.term(a), names.term(b)))
        for x in of(a) & of(b):
            found[x].add(f"{first} and {second}")
    problems = []
    for x, clashes in found.items():
        which = "; ".join(sorted(clashes))
        problems.append(
            f"{names.individual(x)} is an instance of disjoint classes {which}{asserted.describe(x, names)}"
        )
    return sorted(problems)


def _same(closed: Graph, a: Node, b: Node) -> bool:
    return (a, OWL.sameAs, b) in closed or (b, OWL.sameAs, a) in closed


def _why_same(closed: Graph, a: Node, b: Node, names: _Namer) -> str:
    """Functional / inverse-functional property values that identify ``a`` with ``b``."""
    reasons: list[str] = []
    for p in set(closed.subjects(RDF.type, OWL.FunctionalProperty)):
        for s in set(closed.subjects(p, a)) & set(closed.subjects(p, b)):
            reasons.append(f"{names.individual(s)} has both as values of functional property {names.term(p)}")
    for p in set(closed.subjects(RDF.type, OWL.InverseFunctionalProperty)):
        for o in set(closed.objects(a, p)) & set(closed.objects(b, p)):
            reasons.append(f"both have {names.individual(o)} as value of inverse-functional property {names.term(p)}")
    return f": {'; '.join(sorted(reasons)[:3])}" if reasons else ""


def _difference_problems(closed: Graph, names: _Namer) -> list[str]:
    problems: set[str] = set()
    for a, b in closed.subject_objects(OWL.differentFrom):
        if a == b:
            problems.add(f"{names.individual(a)} is declared different from itself (owl:differentFrom)")
        elif _same(closed, a, b):
            x, y = sorted((a, b), key=str)
            problems.add(
                f"{names.individual(x)} and {names.individual(y)} are declared different "
                f"(owl:differentFrom) but inferred to be the same{_why_same(closed, x, y, names)}"
            )
    for axiom in set(closed.subjects(RDF.type, OWL.AllDifferent)):
        members: list[Node] = []
        for prop in (OWL.members, OWL.distinctMembers):
            for head in closed.objects(axiom, prop):
                members += _rdf_list(closed, head)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a != b and _same(closed, a, b):
                    x, y = sorted((a, b), key=str)
                    problems.add(
                        f"{names.individual(x)} and {names.individual(y)} are declared different "
                        f"(owl:AllDifferent) but inferred to be the same{_why_same(closed, x, y, names)}"
                    )
    return sorted(problems)


def _same_value(a: Literal, b: Literal) -> bool:
    if a == b:
        return True
    if a.datatype is None or b.datatype is None or a.ill_typed or b.ill_typed:
        return False
    try:
        return bool(a.eq(b))
    except TypeError:  # values rdflib cannot compare
        return False


def _distinct_values(values: Iterable[Literal]) -> list[Literal]:
    """Literals that differ in value (``"3"^^xsd:integer`` and ``"03"^^xsd:integer`` are one)."""
    out: list[Literal] = []
    for v in sorted(values, key=lambda lit: (str(lit.datatype or ""), str(lit), lit.language or "")):
        if not any(_same_value(v, w) for w in out):
            out.append(v)
    return out


def _functional_data_problems(closed: Graph, names: _Namer) -> list[str]:
    problems = []
    functional = set(closed.subjects(RDF.type, OWL.FunctionalProperty))
    for p in functional & set(closed.subjects(RDF.type, OWL.DatatypeProperty)):
        by_subject: dict[Node, list[Literal]] = defaultdict(list)
        for s, o in closed.subject_objects(p):
            if isinstance(o, Literal):
                by_subject[s].append(o)
        for s, values in by_subject.items():
            distinct = _distinct_values(values)
            if len(distinct) > 1:
                shown = ", ".join(names.individual(v) for v in distinct[:5])
                problems.append(
                    f"{names.individual(s)} has {len(distinct)} different values of functional "
                    f"property {names.term(p)}: {shown}"
                )
    return sorted(problems)


def _owlrl_problems(closed: Graph) -> list[str]:
    messages = {
        str(text) for node in closed.subjects(RDF.type, _ERR_MESSAGE) for text in closed.objects(node, _ERR_TEXT)
    }
    return sorted(f"OWL RL: {m}" for m in messages if not any(key in m for key in _RECOMPUTED))


# --------------------------------------------------------------------------- #
#  OWL 2 DL: the structural restrictions                                       #
# --------------------------------------------------------------------------- #

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = str(RDF)
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString,
# the datatype RDF 1.1 gives language-tagged strings (rdf:PlainLiteral's in OWL 2's RDF 1.0 terms).
OWL2_DATATYPES = frozenset(
    [URIRef(_RDF + n) for n in ("PlainLiteral", "XMLLiteral", "langString")]
    + [RDFS.Literal, OWL.real, OWL.rational]
    + [
        URIRef(_XSD + n)
        for n in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short "
            "byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token "
            "language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ]
)
# Annotation properties every OWL 2 tool knows without a declaration (section 5.5).
_BUILTIN_ANNOTATION = frozenset(
    {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
     OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
)
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# Characteristics OWL 2 DL allows on object properties only (sections 9.2.4 to 9.2.9).
_OBJECT_ONLY = (OWL.InverseFunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
                OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty)
_RESERVED = (str(RDF), str(RDFS), str(OWL), _XSD)


def _kinds(g: Graph) -> dict[Node, set[Node]]:
    kinds: dict[Node, set[Node]] = defaultdict(set)
    for kind in _PROPERTY_KINDS:
        for p in g.subjects(RDF.type, kind):
            kinds[p].add(kind)
    for p in _BUILTIN_ANNOTATION:
        kinds[p].add(OWL.AnnotationProperty)
    return kinds


def owl2_dl_problems(g: Graph) -> list[str]:
    """Where ontology + data (merged in ``g``) break the OWL 2 DL restrictions that matter here; ``[]`` if none.

    OWL 2 DL asks a reasoner's input to say what each name is and to use it as
    that (OWL 2 Structural Specification, sections 5.8 and 11): every property is
    declared as exactly one of object, datatype or annotation property (no punning
    of property kinds); an object property has resources as values, a datatype
    property literals; a sub-property axiom and the characteristics of a property
    relate properties of one kind only (an annotation property is never the
    super-property of an object property); every class an individual is typed with
    is declared; and the datatypes the reasoner interprets (ranges of datatype
    properties and their values) are in the OWL 2 datatype map. Values of
    annotation properties are not interpreted by a reasoner and are not checked
    against the map.
    """
    names = _Namer(g)
    kinds = _kinds(g)
    classes = set(g.subjects(RDF.type, OWL.Class)) | {OWL.Thing, OWL.Nothing}
    problems: set[str] = set()
    for p, ks in kinds.items():
        if len(ks) > 1:
            problems.add(f"{names.term(p)} is declared as {' and '.join(sorted(names.term(k) for k in ks))}")
        if p in classes:
            problems.add(f"{names.term(p)} is declared both a class and a property")
    problems |= _usage_problems(g, kinds, classes, names)
    problems |= _axiom_problems(g, kinds, names)
    return sorted(problems)


def _usage_problems(g: Graph, kinds: dict[Node, set[Node]], classes: set[Node], names: _Namer) -> set[str]:
    problems: set[str] = set()
    for s, p, o in g:
        if p == RDF.type:
            if isinstance(o, URIRef) and not str(o).startswith(_RESERVED) and o not in classes:
                problems.add(f"class {names.term(o)} is used but not declared as an owl:Class")
            continue
        if str(p).startswith(_RESERVED) and p not in _BUILTIN_ANNOTATION:
            continue  # the vocabulary of the axioms themselves
        ks = kinds.get(p, set())
        if not ks:
            problems.add(f"property {names.term(p)} is used but not declared")
        elif OWL.ObjectProperty in ks and isinstance(o, Literal):
            problems.add(f"object property {names.term(p)} has a literal value ({names.individual(s)})")
        elif OWL.DatatypeProperty in ks and not isinstance(o, Literal):
            problems.add(f"datatype property {names.term(p)} has a resource as value ({names.individual(s)})")
        elif OWL.DatatypeProperty in ks and isinstance(o, Literal) and o.datatype is not None:
            if o.datatype not in OWL2_DATATYPES:
                problems.add(f"{names.term(p)} has a value of {names.term(o.datatype)}, "
                             "which is not in the OWL 2 datatype map")
    return problems


def _axiom_problems(g: Graph, kinds: dict[Node, set[Node]], names: _Namer) -> set[str]:
    problems: set[str] = set()
    for axiom in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.propertyDisjointWith, OWL.inverseOf):
        for a, b in g.subject_objects(axiom):
            ka, kb = kinds.get(a, set()), kinds.get(b, set())
            if ka != kb or (axiom == OWL.inverseOf and ka != {OWL.ObjectProperty}):
                shown = [f"{names.term(x)} ({', '.join(sorted(names.term(k) for k in kx)) or 'undeclared'})"
                         for x, kx in ((a, ka), (b, kb))]
                problems.add(f"{names.term(axiom)} relates properties of different kinds: {shown[0]} and {shown[1]}")
    for characteristic in _OBJECT_ONLY:
        for p in g.subjects(RDF.type, characteristic):
            if kinds.get(p) != {OWL.ObjectProperty}:
                problems.add(f"{names.term(p)} is an {names.term(characteristic)} but not an object property")
    for p, r in g.subject_objects(RDFS.range):
        if OWL.DatatypeProperty in kinds.get(p, set()) and r not in OWL2_DATATYPES:
            problems.add(f"the range of {names.term(p)}, {names.term(r)}, is not in the OWL 2 datatype map")
    return problems


# --------------------------------------------------------------------------- #
#  documentation                                                               #
# --------------------------------------------------------------------------- #


def _import_ontpub() -> Any:
    """pyLODE's ``OntPub`` class, imported lazily (pyLODE is an optional dependency).

    pyLODE calls ``logging.basicConfig(level=DEBUG)`` when imported; the root
    logger's level and handlers are put back as they were, so that importing it
    does not make the rest of the program chatty.
    """
    import logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    finally:
        root.setLevel(level)
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
    return OntPub


def _docs_graph() -> Graph:
    """The ontology as pyLODE should show it.

    Two changes, for readability only: the declarations of external terms are
    left out (pyLODE would list every one of them as a class of this ontology;
    they still appear as the targets of the alignments), and the English and
    Arabic labels and titles of each term are joined into one ``label — تسمية``
    (pyLODE would run them together).
    """
    g = load_ontology()
    ns = str(ONTOLOGY_IRI) + "#"
    for s in set(g.subjects()):
        if isinstance(s, URIRef) and s != ONTOLOGY_IRI and not str(s).startswith(ns):
            g.remove((s, None, None))
    for prop in (RDFS.label, DCTERMS.title):
        for s in set(g.subjects(prop)):
            labels = {lit.language: lit for lit in g.objects(s, prop) if isinstance(lit, Literal)}
            if "en" in labels and "ar" in labels:
                g.remove((s, prop, None))
                g.add((s, prop, Literal(f"{labels['en']} — {labels['ar']}", lang="en")))
    return g


def render_ontology_docs(out_dir: Path) -> Path:
    """Write the ontology's HTML documentation (pyLODE) to ``out_dir/ontology.html``; returns its path."""
    OntPub = _import_ontpub()

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "ontology.html"
    OntPub(ontology=_docs_graph()).make_html(destination=target)
    return target
