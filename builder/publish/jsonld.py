"""Compact, readable and deterministic JSON-LD for the built graph.

The context is a document of its own (``context.jsonld``, written beside
``graph.jsonld`` and referenced from it by IRI). It gives short names to:

* every ``poa:`` class and property of the ontology (``Paragraph``, ``text``,
  ``isPartOfDocument``), typed from the ontology's declarations: object
  properties take IRIs (``"@type": "@id"``), datatype properties with an XSD
  range take that datatype (numbers are written as JSON numbers), and
  ``rdf:langString`` properties take Arabic (``"@language": "ar"``);
* the common terms of DCMI, RDFS, SKOS, PROV, Web Annotation, OWL and OWL-Time
  the emitters use (``label`` and ``title`` as language maps, ``isPartOf``,
  ``start``/``end`` …);
* ``poa:`` properties found in the data but not (yet) in the ontology, typed
  from their values.

A value that does not fit its term's definition (a label without language, a
text in another language) is written under the prefixed name of the property
(``rdfs:label``) as a full value object, so nothing is lost: the JSON-LD
expands to exactly the triples of ``graph.nt``. Node objects are sorted by IRI,
keys and values are sorted, and IRIs under the base are written relative to
it (``@base`` in the document's own context), so the bytes depend only on the
graph.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node

from builder.graphs import Triple
from builder.iri import PREFIXES

POA_NS = PREFIXES["poa"]

#: prefixes declared in the context, beyond those bound for Turtle
CONTEXT_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "rdf": str(RDF),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "undo": "https://w3id.org/un/ontology/undo#",
    "allot": "https://w3id.org/akn/ontology/allot/",
    "sdg": "http://metadata.un.org/sdg/",
    "geo": "http://metadata.un.org/sdg/codes/geoArea/",
}

# term -> (prefixed IRI, coercion); coercion is "@id", "@language-map", an XSD datatype CURIE or "" (none)
COMMON_TERMS: tuple[tuple[str, str, str], ...] = (
    ("label", "rdfs:label", "@language-map"),
    ("comment", "rdfs:comment", "@language-map"),
    ("seeAlso", "rdfs:seeAlso", "@id"),
    ("isDefinedBy", "rdfs:isDefinedBy", "@id"),
    ("prefLabel", "skos:prefLabel", "@language-map"),
    ("altLabel", "skos:altLabel", "@language-map"),
    ("definition", "skos:definition", "@language-map"),
    ("notation", "skos:notation", ""),
    ("exactMatch", "skos:exactMatch", "@id"),
    ("closeMatch", "skos:closeMatch", "@id"),
    ("broader", "skos:broader", "@id"),
    ("narrower", "skos:narrower", "@id"),
    ("inScheme", "skos:inScheme", "@id"),
    ("topConceptOf", "skos:topConceptOf", "@id"),
    ("hasTopConcept", "skos:hasTopConcept", "@id"),
    ("identifier", "dcterms:identifier", ""),
    ("title", "dcterms:title", "@language-map"),
    ("description", "dcterms:description", "@language-map"),
    ("date", "dcterms:date", "xsd:date"),
    ("issued", "dcterms:issued", "xsd:date"),
    ("modified", "dcterms:modified", "xsd:date"),
    ("created", "dcterms:created", "xsd:date"),
    ("language", "dcterms:language", ""),
    ("format", "dcterms:format", ""),
    ("isPartOf", "dcterms:isPartOf", "@id"),
    ("hasPart", "dcterms:hasPart", "@id"),
    ("references", "dcterms:references", "@id"),
    ("source", "dcterms:source", "@id"),
    ("license", "dcterms:license", "@id"),
    ("creator", "dcterms:creator", ""),
    ("publisher", "dcterms:publisher", "@id"),
    ("wasDerivedFrom", "prov:wasDerivedFrom", "@id"),
    ("wasGeneratedBy", "prov:wasGeneratedBy", "@id"),
    ("hasSource", "oa:hasSource", "@id"),
    ("hasSelector", "oa:hasSelector", "@id"),
    ("start", "oa:start", "xsd:nonNegativeInteger"),
    ("end", "oa:end", "xsd:nonNegativeInteger"),
    ("sameAs", "owl:sameAs", "@id"),
    ("hasBeginning", "time:hasBeginning", "@id"),
    ("hasEnd", "time:hasEnd", "@id"),
    ("inXSDDate", "time:inXSDDate", "xsd:date"),
    ("TextPositionSelector", "oa:TextPositionSelector", ""),
    ("Concept", "skos:Concept", ""),
    ("ConceptScheme", "skos:ConceptScheme", ""),
)

_INTEGER_TYPES = {str(XSD[t]) for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long",
                                        "short", "nonPositiveInteger", "negativeInteger", "unsignedInt",
                                        "unsignedLong", "unsignedShort")}
_CANONICAL_INT = re.compile(r"^(0|-?[1-9][0-9]{0,14})$")
_SAFE_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_LANGUAGE_MAP = "@language-map"
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # characters json.dumps escapes (with ensure_ascii=False)
_RDF_TYPE = RDF.type


class Context:
    """A JSON-LD context: prefixes, and terms with their coercion, plus the lookup the writer needs."""

    def __init__(self, prefixes: Mapping[str, str], terms: Mapping[str, tuple[str, str]]) -> None:
        self.prefixes = dict(prefixes)
        self.terms = dict(terms)  # name -> (full IRI, coercion)
        self.by_iri: dict[str, tuple[str, str]] = {}
        self._curies: dict[str, str] = {}  # curie() answers, by IRI
        for name in sorted(self.terms):
            iri, coercion = self.terms[name]
            self.by_iri.setdefault(iri, (name, coercion))

    def curie(self, iri: str) -> str:
        """The prefixed name of ``iri`` when a declared prefix gives a safe one, else the IRI itself."""
        found = self._curies.get(iri)
        if found is None:
            found = self._curies[iri] = self._curie(iri)
        return found

    def _curie(self, iri: str) -> str:
        best = ""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(ns) > len(self.prefixes.get(best, "")):
                local = iri[len(ns):]
                if _SAFE_LOCAL.match(local):
                    best = prefix
        return f"{best}:{iri[len(self.prefixes[best]):]}" if best else iri

    def document(self) -> dict[str, Any]:
        """The context as a JSON object (``{"@context": {...}}``), keys in a fixed order."""
        body: dict[str, Any] = {}
        for prefix in sorted(self.prefixes):
            body[prefix] = self.prefixes[prefix]
        for name in sorted(self.terms, key=lambda n: (n.lower(), n)):
            iri, coercion = self.terms[name]
            ref = self.curie(iri)
            if coercion in ("@id", "@vocab"):
                body[name] = {"@id": ref, "@type": coercion}
            elif coercion == _LANGUAGE_MAP:
                body[name] = {"@id": ref, "@container": "@language"}
            elif coercion.startswith("@language="):
                body[name] = {"@id": ref, "@language": coercion.split("=", 1)[1]}
            elif coercion:
                body[name] = {"@id": ref, "@type": self.curie(coercion)}
            else:
                body[name] = ref
        return {"@context": body}


def _expand(curie: str, prefixes: Mapping[str, str]) -> str:
    prefix, _, local = curie.partition(":")
    return prefixes[prefix] + local if prefix in prefixes else curie


def _xsd_coercion(rng: Node | None) -> str:
    if rng is None:
        return ""
    r = str(rng)
    if r == str(RDF.langString):
        return "@language=ar"
    if r.startswith(str(XSD)) and r != str(XSD.string):
        return r
    return ""


def _coercion_from_values(values: Iterable[Node]) -> str:
    kinds: set[str] = set()
    for v in values:
        if isinstance(v, URIRef):
            kinds.add("@id")
        elif isinstance(v, Literal):
            if v.language:
                kinds.add(f"@language={v.language}")
            elif v.datatype is not None and v.datatype != XSD.string:
                kinds.add(str(v.datatype))
            else:
                kinds.add("")
        else:
            kinds.add("?")
    return kinds.pop() if len(kinds) == 1 and "?" not in kinds else ""


def build_context(data: Graph | Iterable[Triple], ontology: Graph | None = None) -> Context:
    """The context for ``data``: common terms, the ontology's ``poa:`` terms, then ``poa:`` terms only in the data."""
    terms: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()

    def add(name: str, iri: str, coercion: str) -> None:
        if name in taken or name.startswith("@"):
            return
        taken.add(name)
        terms[name] = (iri, coercion)

    values: dict[str, list[Node]] = defaultdict(list)
    classes: set[str] = set()
    for _, p, o in data:
        if str(p).startswith(POA_NS):
            values[str(p)].append(o)
        elif p == RDF.type and str(o).startswith(POA_NS):
            classes.add(str(o))
    if ontology is not None:
        # classes whose members are named individuals of the ontology (poa:Position: yes, no, abstain)
        enumerated = {c for i in ontology.subjects(RDF.type, OWL.NamedIndividual)
                      for c in ontology.objects(i, RDF.type) if c != OWL.NamedIndividual}
        declared: dict[str, str] = {}
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
                     OWL.Class, RDFS.Class, OWL.NamedIndividual):
            for s in ontology.subjects(RDF.type, kind):
                if not isinstance(s, URIRef) or not str(s).startswith(POA_NS):
                    continue
                if kind == OWL.ObjectProperty:
                    coercion = "@vocab" if ontology.value(s, RDFS.range) in enumerated else "@id"
                elif kind in (OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property):
                    rng = ontology.value(s, RDFS.range)
                    coercion = _xsd_coercion(rng) if rng is not None else _coercion_from_values(values[str(s)])
                else:
                    coercion = ""
                declared.setdefault(str(s), coercion)
        for iri in sorted(declared):
            local = iri[len(POA_NS):]
            if _SAFE_LOCAL.match(local):
                add(local, iri, declared[iri])
    for iri in sorted(values):
        local = iri[len(POA_NS):]
        if _SAFE_LOCAL.match(local) and not any(v[0] == iri for v in terms.values()):
            add(local, iri, _coercion_from_values(values[iri]))
    for cls in sorted(classes):
        local = cls[len(POA_NS):]
        if _SAFE_LOCAL.match(local) and not any(v[0] == cls for v in terms.values()):
            add(local, cls, "")
    for name, curie, coercion in COMMON_TERMS:
        full = _expand(coercion, CONTEXT_PREFIXES) if coercion and not coercion.startswith("@") else coercion
        add(name, _expand(curie, CONTEXT_PREFIXES), full)
    return Context(CONTEXT_PREFIXES, terms)


# --- the writer ---------------------------------------------------------------------------------


def _ref(iri: str, base: str | None) -> str:
    """``iri`` relative to ``base`` when that is safe to read back, else as is."""
    if base and iri.startswith(base):
        rest = iri[len(base):]
        head = rest.split("/", 1)[0]
        if rest and ":" not in head and not rest.startswith(("/", "#", "?", ".")):
            return rest
    return iri


def _fits(value: Literal, coercion: str) -> bool:
    """Whether ``value`` can be written as a plain JSON value under a term with ``coercion``."""
    if coercion in ("@id", "@vocab"):
        return False
    if coercion == _LANGUAGE_MAP:
        return bool(value.language)
    if coercion.startswith("@language="):
        return value.language == coercion.split("=", 1)[1]
    if value.language:
        return False
    if coercion == "":
        return value.datatype is None or value.datatype == XSD.string
    return value.datatype is not None and str(value.datatype) == coercion


def _scalar(value: Literal, coercion: str) -> Any:
    """A literal that fits its term's coercion, as the plain JSON value."""
    text = str(value)
    if coercion in _INTEGER_TYPES and _CANONICAL_INT.match(text):
        return int(text)
    return text


def _value_object(value: Literal, ctx: Context) -> Any:
    """A literal written under a prefixed name, with no term coercion to rely on."""
    text = str(value)
    if value.language:
        return {"@value": text, "@language": value.language}
    if value.datatype is None or value.datatype == XSD.string:
        return text
    if str(value.datatype) == str(XSD.integer) and _CANONICAL_INT.match(text):
        return int(text)
    if value.datatype == XSD.boolean and text in ("true", "false"):
        return text == "true"
    return {"@value": text, "@type": ctx.curie(str(value.datatype))}


def _sort_key(v: Any) -> tuple[str, str]:
    """Values of a key are sorted by type name, then by their JSON text."""
    if isinstance(v, str) and not _JSON_ESCAPED.search(v):
        return ("str", f'"{v}"')  # what json.dumps gives for a string with nothing to escape, much sooner
    return (type(v).__name__, json.dumps(v, ensure_ascii=False, sort_keys=True))


def _one_or_many(values: list[Any]) -> Any:
    if len(values) == 1:
        return values[0]
    values = sorted(values, key=_sort_key)
    return values[0] if len(values) == 1 else values


def _id(term: Node, base: str | None) -> str:
    return _ref(str(term), base) if isinstance(term, URIRef) else f"_:{term}"


def written_inside(node: Node, referrers: Sequence[Node]) -> Node | None:
    """The node ``node`` (a subject) is written inside, given every subject that refers to it (once per triple).

    A node referred to by one triple only is written inside its referrer when it is a
    blank node, or a hash IRI of the referrer (``…/para_1#span`` inside ``…/para_1``).
    """
    if len(referrers) != 1:
        return None
    parent = referrers[0]
    if isinstance(node, BNode) or ("#" in str(node) and parent == URIRef(str(node).split("#", 1)[0])):
        return parent
    return None


class _Writer:
    """Writes the node objects of a graph, read once into a subject index (no store lookups per node)."""

    def __init__(self, graph: Graph | Iterable[Triple], ctx: Context, base: str | None) -> None:
        self.ctx = ctx
        self.base = base
        self.by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self.types: dict[Node, set[str]] = defaultdict(set)  # the IRI classes of each subject
        incoming: dict[Node, list[Node]] = defaultdict(list)
        for s, p, o in graph:
            if p == _RDF_TYPE and isinstance(o, URIRef):
                self.types[s].add(str(o))
                self.by_subject[s]  # a subject with types only is still a node
                continue
            self.by_subject[s].append((p, o))
            if not isinstance(o, Literal):
                incoming[o].append(s)
        subjects = self.by_subject.keys()
        # written inside the one node that refers to it: a hash IRI of that node (``…/para_1#span``),
        # or a blank node referred to once
        self.embedded: dict[Node, Node] = {}
        for o, refs in incoming.items():
            parent = written_inside(o, refs) if o in subjects else None
            if parent is not None:
                self.embedded[o] = parent
        for child in list(self.embedded):  # a cycle of embedded nodes would be written nowhere
            seen = {child}
            up = self.embedded.get(child)
            while up is not None and up in self.embedded:
                if up in seen:
                    del self.embedded[child]
                    break
                seen.add(up)
                up = self.embedded.get(up)

    def node(self, subject: Node) -> dict[str, Any]:
        out: dict[str, Any] = {} if isinstance(subject, BNode) and subject in self.embedded \
            else {"@id": _id(subject, self.base)}
        pairs = self.by_subject.get(subject, [])
        types = sorted(self.types.get(subject, ()))
        if types:
            names = sorted(self.class_name(t) for t in types)
            out["@type"] = names[0] if len(names) == 1 else names
        props: dict[str, list[Any]] = defaultdict(list)
        langmaps: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for p, o in pairs:
            term = self.ctx.by_iri.get(str(p))
            if isinstance(o, Literal):
                if term and _fits(o, term[1]):
                    if term[1] == _LANGUAGE_MAP:
                        langmaps[term[0]][str(o.language)].append(str(o))
                    else:
                        props[term[0]].append(_scalar(o, term[1]))
                else:
                    props[self.ctx.curie(str(p))].append(_value_object(o, self.ctx))
            elif self.embedded.get(o) == subject:
                props[term[0] if term else self.ctx.curie(str(p))].append(self.node(o))
            elif term and term[1] == "@id" and isinstance(o, URIRef):
                props[term[0]].append(_ref(str(o), self.base))
            elif term and term[1] == "@vocab" and isinstance(o, URIRef):
                # vocabulary-relative: a term name (``yes``), else a prefixed name or the full IRI
                props[term[0]].append(self.class_name(str(o)))
            else:
                props[term[0] if term else self.ctx.curie(str(p))].append({"@id": _id(o, self.base)})
        for key, by_lang in langmaps.items():
            props[key].append({lang: _one_or_many(list(vs)) for lang, vs in sorted(by_lang.items())})
        for key in sorted(props):
            out[key] = _one_or_many(props[key])
        return out

    def class_name(self, iri: str) -> str:
        term = self.ctx.by_iri.get(iri)
        return term[0] if term and term[1] == "" else self.ctx.curie(iri)

    def nodes(self) -> list[dict[str, Any]]:
        subjects = sorted({s for s in self.by_subject if not isinstance(s, Literal)},
                          key=lambda t: (not isinstance(t, URIRef), str(t)))
        return [self.node(s) for s in subjects if s not in self.embedded]


def to_jsonld(graph: Graph | Iterable[Triple], ctx: Context, context_ref: str | dict[str, Any] = "context.jsonld",
              base: str | None = None, canonical: bool = False) -> bytes:
    """``graph`` as compact JSON-LD referring to the context at ``context_ref`` (or embedding a context object).

    A blank node referred to once is written inside its referrer, without ``@id``;
    any other gets a canonical ``_:`` label (see ``serialize.labelled``).
    """
    from builder.publish.serialize import labelled

    if not canonical:
        graph = labelled(list(graph))
    doc = {"@context": document_context(context_ref, base), "@graph": _Writer(graph, ctx, base).nodes()}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def document_context(context_ref: str | dict[str, Any], base: str | None) -> Any:
    """The ``@context`` of a document: the context at ``context_ref`` (or that context object), and ``@base``."""
    local: dict[str, Any] = {"@base": base} if base else {}
    if isinstance(context_ref, dict):
        return [context_ref["@context"], local] if local else context_ref["@context"]
    return [context_ref, local] if local else context_ref


def node_object(triples: Iterable[Triple], subject: Node, embedded: Mapping[Node, Node], ctx: Context,
                base: str | None) -> dict[str, Any]:
    """The node object of ``subject`` from its triples and those of the nodes written inside it.

    For a writer that reads a graph one subject at a time (a corpus too large to
    hold): ``embedded`` (child → the node it is written inside, as
    :func:`written_inside` decides) was found over the whole graph, so the node is
    written exactly as :func:`to_jsonld` would write it.
    """
    writer = _Writer(triples, ctx, base)
    writer.embedded = dict(embedded)
    return writer.node(subject)


def context_bytes(ctx: Context) -> bytes:
    return (json.dumps(ctx.document(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
