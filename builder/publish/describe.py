"""A VoID and DCAT description of the built dataset, computed from the graph itself.

Every node of the description has an IRI minted from the dataset's IRI
(``{dataset}/class/poa-Paragraph``, ``{dataset}/property/poa-text``,
``{dataset}/distribution/nt``, ``{dataset}/service/sparql``), so the
description has no blank nodes and is byte-identical for the same input. The
build date is a parameter (by default the latest report date), never the clock.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDFS, VOID
from rdflib.term import Node

from builder.graphs import Triple, read_graphs, union_of
from builder.iri import DEFAULT_BASE, PREFIXES, Iris, bind_prefixes, undocs_link

CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
POA_ONTOLOGY = URIRef("https://w3id.org/poa-kg/ontology")

#: the dumps published beside the site: file name, media type, W3C format IRI (if any), short key
DUMPS: tuple[tuple[str, str, str | None, str], ...] = (
    ("graph.nt", "application/n-triples", "N-Triples", "nt"),
    ("graph.ttl", "text/turtle", "Turtle", "ttl"),
    ("graph.jsonld", "application/ld+json", "JSON-LD", "jsonld"),
    ("dataset.trig", "application/trig", "TriG", "trig"),
    ("dataset.nq", "application/n-quads", "N-Quads", "nq"),
)

#: classes whose first instance (by IRI) is given as a void:exampleResource, in this order
EXAMPLE_CLASSES = ("Report", "OutcomeDocument", "Paragraph", "State", "RecordedVote", "Instrument", "Meeting")

TITLE_EN = "PoA knowledge graph: {what}"
TITLE_AR = "الرسم المعرفي لبرنامج العمل: {what}"
DESCRIPTION_EN = (
    "Linked data built from the Arabic text of {what}: the structure of the report and of its outcome "
    "document, every unit with its text and its exact place in the source, and what the text names "
    "(States, instruments, meetings, recorded votes), each fact with its provenance."
)
DESCRIPTION_AR = (
    "بيانات مترابطة مستخرجة من النص العربي ل{what}: بنية التقرير ووثيقته الختامية، وكل وحدة بنصها "
    "وموضعها الدقيق في المصدر، وما يذكره النص (الدول والصكوك والاجتماعات والتصويتات المسجلة)، "
    "مع مصدر كل معلومة."
)


def term_slug(iri: str) -> str:
    """A stable path segment for a class or property: ``poa-Paragraph``, ``rdfs-label``, else a hash."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            local = iri[len(ns):]
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", local):
                return f"{prefix}-{local}"
    if iri == str(RDF.type):
        return "rdf-type"
    return "h-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def data_graphs(dataset: Dataset, iris_list: Sequence[Iris]) -> list[Graph]:
    """The named graphs that hold data (not the ontology graph), in IRI order."""
    onto = {str(i.ontology_graph) for i in iris_list}
    out = [g for g in dataset.graphs() if len(g) and str(g.identifier) not in onto
           and "/graph/ontology" not in str(g.identifier)]
    return sorted(out, key=lambda g: str(g.identifier))


def dataset_iri(iris_list: Sequence[Iris]) -> URIRef:
    """The dataset's IRI: the report's ``{base}dataset/{symbol}``, or ``{base}dataset/poa-kg`` for several."""
    if len(iris_list) == 1:
        return iris_list[0].dataset
    base = iris_list[0].base if iris_list else DEFAULT_BASE
    return URIRef(f"{base}dataset/poa-kg")


def default_build_date(dataset: Dataset, iris_list: Sequence[Iris]) -> str | None:
    """The latest report date: from the reports' ``dcterms:date``, else from their IRIs."""
    dates = [str(o) for g in data_graphs(dataset, iris_list) for i in iris_list
             for o in g.objects(i.work, DCTERMS.date)]
    dates += [i.date for i in iris_list if re.fullmatch(r"\d{4}-\d{2}-\d{2}", i.date)]
    return max(dates) if dates else None


def describe_dataset(dataset: Dataset, iris_list: Sequence[Iris], build_date: str | None = None,
                     graphs: Mapping[URIRef, Sequence[Triple]] | None = None) -> Graph:
    """VoID + DCAT description of ``dataset`` (all named graphs but the ontology's).

    ``build_date`` (ISO date) becomes ``dcterms:issued``/``dcterms:modified``;
    by default it is the latest report date, so the description depends only on the input.
    ``graphs`` are the dataset's graphs as :func:`builder.graphs.read_graphs` gives them,
    when the caller has read them already.
    """
    if not iris_list:
        raise ValueError("describe_dataset needs the IRIs of at least one report")
    if graphs is None:
        graphs = read_graphs(dataset)
    onto = {str(i.ontology_graph) for i in iris_list}
    parts = {name: triples for name, triples in graphs.items()
             if str(name) not in onto and "/graph/ontology" not in str(name)}
    triples = union_of(parts)  # the merged data (a triple in two graphs counts once)
    return describe_counts(iris_list, _Statistics(triples).counts(), {name: len(t) for name, t in parts.items()},
                           build_date or default_build_date(dataset, iris_list))


@dataclass(frozen=True)
class DataCounts:
    """What the description says of the merged data: its counts, and an example of a few classes.

    Computed from the triples in memory (:class:`_Statistics`), or by a writer that
    reads a corpus too large to hold one subject at a time.
    """

    triples: int
    subjects: int  # distinct IRI subjects
    objects: int  # distinct objects
    entities: int  # distinct IRI subjects with an IRI class
    class_members: Mapping[URIRef, int]  # class -> how many IRIs are its instances
    per_property: Mapping[URIRef, int]  # property -> its triples
    examples: Mapping[URIRef, Node]  # class of EXAMPLE_CLASSES -> its example resource


def example_key(member: Node, order: int | None) -> tuple[int, str]:
    """The order examples are chosen in: the smallest ``poa:order`` first (nodes without one last), then the IRI."""
    return (1 << 62 if order is None else order, str(member))


def describe_counts(iris_list: Sequence[Iris], counts: DataCounts, graph_triples: Mapping[URIRef, int],
                    date: str | None) -> Graph:
    """VoID + DCAT description of the data ``counts`` tells of; ``graph_triples``: each data graph's triples."""
    if not iris_list:
        raise ValueError("describe_dataset needs the IRIs of at least one report")
    base = iris_list[0].base
    ds = dataset_iri(iris_list)
    out = Graph()
    bind_prefixes(out.namespace_manager)
    out.namespace_manager.bind("foaf", FOAF, override=True, replace=True)
    _describe_what(out, ds, iris_list, date, set(counts.per_property))
    _describe_statistics(out, ds, counts)
    _describe_graphs(out, ds, base, graph_triples)
    for cls in sorted(counts.examples, key=_example_rank):
        out.add((ds, VOID.exampleResource, counts.examples[cls]))
    _describe_access(out, ds, base)
    out.add((ds, VOID.rootResource, iris_list[0].work))
    return out


def _example_rank(cls: URIRef) -> int:
    return EXAMPLE_CLASSES.index(str(cls)[len(PREFIXES["poa"]):])


def example_classes() -> tuple[URIRef, ...]:
    """The classes whose first instance is given as an example (:data:`EXAMPLE_CLASSES`, as IRIs)."""
    return tuple(URIRef(PREFIXES["poa"] + local) for local in EXAMPLE_CLASSES)


def _describe_what(out: Graph, ds: URIRef, iris_list: Sequence[Iris], date: str | None,
                   predicates: set[Node]) -> None:
    """What the dataset is: titles, descriptions, licence, languages, sources, dates, vocabularies."""
    add = out.add
    base = iris_list[0].base
    add((ds, RDF.type, VOID.Dataset))
    add((ds, RDF.type, DCAT.Dataset))
    symbols = [i.symbol for i in iris_list]
    what_en = "report " + ", ".join(symbols) if len(symbols) == 1 else "reports " + ", ".join(symbols)
    what_ar = ("تقرير الأمم المتحدة " if len(symbols) == 1 else "تقارير الأمم المتحدة ") + "، ".join(symbols)
    add((ds, DCTERMS.title, Literal(TITLE_EN.format(what=", ".join(symbols)), lang="en")))
    add((ds, DCTERMS.title, Literal(TITLE_AR.format(what="، ".join(symbols)), lang="ar")))
    add((ds, DCTERMS.description, Literal(DESCRIPTION_EN.format(what=f"United Nations {what_en}"), lang="en")))
    add((ds, DCTERMS.description, Literal(DESCRIPTION_AR.format(what=what_ar), lang="ar")))
    add((ds, RDFS.label, Literal(TITLE_EN.format(what=", ".join(symbols)), lang="en")))
    add((ds, DCTERMS.license, CC_BY_4))
    for lang in sorted({i.language for i in iris_list}):
        add((ds, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    for i in iris_list:
        add((ds, DCTERMS.source, i.work))
        add((ds, RDFS.seeAlso, undocs_link(i.symbol)))
    for kw_en in ("small arms and light weapons", "Programme of Action", "United Nations", "linked data"):
        add((ds, DCAT.keyword, Literal(kw_en, lang="en")))
    add((ds, DCAT.keyword, Literal("الأسلحة الصغيرة والأسلحة الخفيفة", lang="ar")))
    if date:
        add((ds, DCTERMS.issued, Literal(date, datatype=XSD.date)))
        add((ds, DCTERMS.modified, Literal(date, datatype=XSD.date)))
    add((ds, DCAT.landingPage, URIRef(base)))
    add((ds, FOAF.homepage, URIRef(base)))
    add((ds, VOID.uriSpace, Literal(base)))
    add((ds, VOID.vocabulary, POA_ONTOLOGY))
    used_ns = {ns for ns in PREFIXES.values() for p in predicates if str(p).startswith(ns)}
    for ns in sorted(used_ns):
        if ns != PREFIXES["poa"] and ns != PREFIXES["xsd"]:
            add((ds, VOID.vocabulary, URIRef(ns.rstrip("#"))))


class _Statistics:
    """The counts VoID gives of the merged data, from one pass over its triples."""

    def __init__(self, triples: Sequence[Triple]) -> None:
        self.triples = len(triples)
        self.subjects: set[Node] = set()
        self.objects: set[Node] = set()
        self.classes: dict[URIRef, set[URIRef]] = {}  # class -> its instances
        self.order: dict[Node, int] = {}  # a node's smallest poa:order
        self.per_property: Counter[Node] = Counter()
        poa_order = URIRef(PREFIXES["poa"] + "order")
        rdf_type = RDF.type
        for s, p, o in triples:
            if isinstance(s, URIRef):
                self.subjects.add(s)
            self.objects.add(o)
            self.per_property[p] += 1
            if p == rdf_type and isinstance(o, URIRef) and isinstance(s, URIRef):
                self.classes.setdefault(o, set()).add(s)
            elif p == poa_order and isinstance(o, Literal) and str(o).lstrip("-").isdigit():
                self.order[s] = min(self.order.get(s, 1 << 62), int(str(o)))

    def counts(self) -> DataCounts:
        classes = self.classes
        examples = {c: min(classes[c], key=lambda m: example_key(m, self.order.get(m)))
                    for c in example_classes() if classes.get(c)}
        return DataCounts(triples=self.triples, subjects=len(self.subjects), objects=len(self.objects),
                          entities=len(set().union(*classes.values())) if classes else 0,
                          class_members={c: len(members) for c, members in classes.items()},
                          per_property={URIRef(str(p)): n for p, n in self.per_property.items()}, examples=examples)


def _describe_statistics(out: Graph, ds: URIRef, counts: DataCounts) -> None:
    """The dataset's counts, and one partition per class and per property with its own count."""
    add = out.add
    classes = counts.class_members
    add((ds, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    add((ds, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    add((ds, VOID.distinctSubjects, Literal(counts.subjects, datatype=XSD.integer)))
    add((ds, VOID.distinctObjects, Literal(counts.objects, datatype=XSD.integer)))
    add((ds, VOID.properties, Literal(len(counts.per_property), datatype=XSD.integer)))
    add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for c in sorted(classes, key=str):
        part = URIRef(f"{ds}/class/{term_slug(str(c))}")
        add((ds, VOID.classPartition, part))
        add((part, RDF.type, VOID.Dataset))
        add((part, VOID["class"], c))
        add((part, VOID.entities, Literal(classes[c], datatype=XSD.integer)))
        add((part, RDFS.label, Literal(f"instances of {out.namespace_manager.normalizeUri(c)}", lang="en")))
    for p in sorted(counts.per_property, key=str):
        part = URIRef(f"{ds}/property/{term_slug(str(p))}")
        add((ds, VOID.propertyPartition, part))
        add((part, RDF.type, VOID.Dataset))
        add((part, VOID.property, p))
        add((part, VOID.triples, Literal(counts.per_property[p], datatype=XSD.integer)))
        add((part, RDFS.label, Literal(f"triples of {out.namespace_manager.normalizeUri(p)}", lang="en")))


def _describe_graphs(out: Graph, ds: URIRef, base: str, graph_triples: Mapping[URIRef, int]) -> None:
    """One sub-dataset per named graph of data, with its count of triples."""
    add = out.add
    for graph_name, count in graph_triples.items():
        gid = str(graph_name)
        rest = gid[len(f"{base}graph/"):] if gid.startswith(f"{base}graph/") else ""
        key = rest.replace("/", "-") if re.fullmatch(r"[A-Za-z0-9._/\-]+", rest) else \
            "h-" + hashlib.sha256(gid.encode("utf-8")).hexdigest()[:16]
        sub = URIRef(f"{ds}/graph/{key}")
        add((ds, VOID.subset, sub))
        add((sub, RDF.type, VOID.Dataset))
        add((sub, VOID.triples, Literal(count, datatype=XSD.integer)))
        add((sub, RDFS.seeAlso, URIRef(gid)))
        add((sub, RDFS.label, Literal(f"named graph {gid}", lang="en")))


def _describe_access(out: Graph, ds: URIRef, base: str) -> None:
    """The SPARQL endpoint and the dumps, relative to the base (where the site is published)."""
    add = out.add
    endpoint = URIRef(f"{base}sparql")
    add((ds, VOID.sparqlEndpoint, endpoint))
    service = URIRef(f"{ds}/service/sparql")
    sparql = URIRef(f"{ds}/distribution/sparql")
    add((ds, DCAT.distribution, sparql))
    add((sparql, RDF.type, DCAT.Distribution))
    add((sparql, DCAT.accessURL, endpoint))
    add((sparql, DCAT.accessService, service))
    add((sparql, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    add((service, RDF.type, DCAT.DataService))
    add((service, DCAT.endpointURL, endpoint))
    add((service, DCAT.servesDataset, ds))
    add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    add((service, DCTERMS.title, Literal("SPARQL 1.1 Protocol endpoint (read-only)", lang="en")))
    for name, media, fmt, key in DUMPS:
        url = URIRef(f"{base}dumps/{name}")
        dist = URIRef(f"{ds}/distribution/{key}")
        add((ds, VOID.dataDump, url))
        add((ds, DCAT.distribution, dist))
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCAT.downloadURL, url))
        add((dist, DCAT.accessURL, url))
        add((dist, DCAT.mediaType, IANA[media]))
        add((dist, DCTERMS.title, Literal(f"{name} ({fmt})", lang="en")))
        add((dist, DCTERMS.license, CC_BY_4))
        if fmt:
            add((dist, DCTERMS["format"], FORMATS[fmt]))
            if key in ("nt", "ttl", "jsonld"):
                add((ds, VOID.feature, FORMATS[fmt]))


#: the headline facts :func:`description_of` gives, in the order the index page shows them
DESCRIPTION_KEYS = ("iri", "title_en", "title_ar", "description_en", "description_ar", "issued", "triples",
                    "entities", "license", "sources", "endpoint", "dumps", "classes")


def description_of(graph: Graph) -> dict[str, object]:
    """The headline facts of a VoID description, for the site's index page."""
    ds = next((s for s in sorted(graph.subjects(RDF.type, DCAT.Dataset), key=str)
               if (None, VOID.classPartition, None) in graph and graph.value(s, VOID.triples) is not None), None)
    if ds is None:  # a data file without a description: every fact empty, so a page can still be drawn
        return {key: [] if key in ("sources", "dumps", "classes") else "" for key in DESCRIPTION_KEYS}

    def lit(p: URIRef, lang: str | None = None) -> str:
        for o in sorted(graph.objects(ds, p), key=str):
            if isinstance(o, Literal) and (lang is None or o.language == lang):
                return str(o)
        return ""

    return {
        "iri": str(ds),
        "title_en": lit(DCTERMS.title, "en"),
        "title_ar": lit(DCTERMS.title, "ar"),
        "description_en": lit(DCTERMS.description, "en"),
        "description_ar": lit(DCTERMS.description, "ar"),
        "issued": lit(DCTERMS.issued),
        "triples": lit(VOID.triples),
        "entities": lit(VOID.entities),
        "license": str(graph.value(ds, DCTERMS.license) or ""),
        "sources": sorted(str(o) for o in graph.objects(ds, DCTERMS.source)),
        "endpoint": str(graph.value(ds, VOID.sparqlEndpoint) or ""),
        "dumps": sorted(str(o) for o in graph.objects(ds, VOID.dataDump)),
        "classes": sorted(
            ((str(graph.value(p, VOID["class"])), int(str(graph.value(p, VOID.entities) or 0)), str(p))
             for p in graph.objects(ds, VOID.classPartition)),
            key=lambda t: (-t[1], t[0])),
    }
