"""A VoID and DCAT description of the built dataset, computed from the graph itself.

Every node of the description has an IRI minted from the dataset's IRI
(``{dataset}/class/poa-Paragraph``, ``{dataset}/property/poa-text``,
``{dataset}/distribution/nt``, ``{dataset}/service/sparql``), so the
description has no blank nodes. It is byte-identical for the same input and the
same build date: ``dcterms:issued`` is the latest report date, ``dcterms:modified``
the day of the build, which is taken from ``SOURCE_DATE_EPOCH`` when it is set
(the reproducible-builds convention), else from the clock.

The description follows the DCAT-AP profile (a catalogue, the dataset, its
distributions and the SPARQL service, each with the profile's mandatory and
recommended properties), so that data portals can harvest it as it is.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDFS, VOID
from rdflib.term import Node

from builder.errors import DataError, IriError
from builder.graphs import OxTerms, Triple
from builder.iri import DEFAULT_BASE, PREFIXES, Iris, bind_prefixes, undocs_link

CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
POA_ONTOLOGY = URIRef("https://w3id.org/poa-kg/ontology")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
#: the EU data themes the dataset is about: international issues; justice, legal system and public safety
THEMES = (URIRef(EU_AUTHORITY + "data-theme/INTR"), URIRef(EU_AUTHORITY + "data-theme/JUST"))
AVAILABLE = URIRef(EU_AUTHORITY + "planned-availability/AVAILABLE")
SPARQL_FORMAT = URIRef(EU_AUTHORITY + "file-type/SPARQLQ")
#: the data covers the Member and observer States of the United Nations: the world (M49 code 001)
WORLD = URIRef("http://metadata.un.org/sdg/codes/geoArea/001")
PUBLISHER_NAME = "PoA knowledge graph project"
CONTACT_NAME = "PoA knowledge graph maintainers"
#: what the SPARQL endpoint answers in, besides the dumps' formats (void:feature): SELECT and ASK results,
#: and RDF/XML for CONSTRUCT and DESCRIBE (which also come in the dumps' formats)
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "RDF_XML")

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


def dataset_iri(iris_list: Sequence[Iris]) -> URIRef:
    """The dataset's IRI: the report's ``{base}dataset/{symbol}``, or ``{base}dataset/poa-kg`` for several."""
    if len(iris_list) == 1:
        return URIRef(iris_list[0].dataset.value)
    base = iris_list[0].base if iris_list else DEFAULT_BASE
    return URIRef(f"{base}dataset/poa-kg")


def build_day(environ: Mapping[str, str]) -> str:
    """The day of the build (ISO date, UTC): that of ``SOURCE_DATE_EPOCH`` when it is set, else today.

    A reproducible build sets ``SOURCE_DATE_EPOCH`` (seconds since 1970) so that its outputs do not
    depend on when it ran; a value that is not a whole number of seconds is a :class:`DataError`.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not re.fullmatch(r"[0-9]{1,11}", epoch):
            raise DataError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, got {epoch!r}")
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    else:
        moment = datetime.datetime.now(tz=datetime.UTC)
    return moment.date().isoformat()


def checked_contact_point(contact: str) -> str:
    """``contact`` itself when it can be the dataset's contact point, else an :class:`IriError` saying why.

    It is a ``mailto:`` address or an absolute ``http``/``https`` URL with a host (a web page or form).
    """
    parts = urlsplit(contact)
    if parts.scheme == "mailto" and re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", parts.path):
        return contact
    if parts.scheme in ("http", "https") and parts.hostname and not re.search(r"[\s<>\"{}|\\^`]", contact):
        return contact
    raise IriError(f"contact point {contact!r}: expected mailto:NAME@HOST or an http(s) URL with a host")


def contact_point_of(graph: Graph) -> str | None:
    """The contact point a description gives (its e-mail address or URL), if it gives one."""
    for point in sorted(graph.objects(None, DCAT.contactPoint), key=str):
        for p in (VCARD.hasEmail, VCARD.hasURL):
            value = graph.value(point, p)
            if value is not None:
                return str(value)
    return None


def default_contact(base: str) -> str:
    """Where to reach the dataset's maintainers when nobody said: the dataset's landing page."""
    return base


def describe_dataset(graphs: Mapping[URIRef, Sequence[Triple]], iris_list: Sequence[Iris],
                     build_date: str | None = None, contact_point: str | None = None,
                     ontology: Graph | None = None) -> Graph:
    """VoID + DCAT description of a dataset (its data's named graphs; the ontology graph as a subset of its own).

    ``graphs`` are the dataset's graphs, name → triples (:func:`builder.graphs.read_graphs` of an rdflib
    dataset, :attr:`builder.result.BuildResult.graphs` of a build). ``build_date`` (ISO date) becomes
    ``dcterms:modified``; by default it is :func:`build_day` of the environment. ``dcterms:issued`` is the
    latest report date. ``contact_point`` (a ``mailto:`` or web URL, by default :func:`default_contact`) is
    the ``dcat:contactPoint``. ``ontology`` is the graph the dataset's ontology graph will hold when the
    dataset does not hold it (a build adds it as it writes; by default the project's ontology).
    """
    if not iris_list:
        raise ValueError("describe_dataset needs the IRIs of at least one report")
    onto = {i.ontology_graph.value for i in iris_list}
    parts = {name: triples for name, triples in graphs.items()
             if str(name) not in onto and "/graph/ontology" not in str(name)}
    ontology_parts = {name: triples for name, triples in graphs.items() if name not in parts and len(triples)}
    if not ontology_parts:
        if ontology is None:
            from builder.publish.serialize import load_ontology_graph

            ontology = load_ontology_graph()
        if ontology is not None and len(ontology):
            ontology_parts = {URIRef(iris_list[0].ontology_graph.value): list(ontology)}
    terms = OxTerms()
    rows = sorted({(terms(s)[1], terms(p)[1], terms(o)[1]) for t in parts.values() for s, p, o in t})
    counts, work_dates = count_data(rows, iris_list)
    dates = [*work_dates, *(i.date for i in iris_list if _ISO_DATE.fullmatch(i.date))]
    return describe_counts(iris_list, counts, {name: len(t) for name, t in parts.items()},
                           Dates(max(dates) if dates else None, build_date or build_day(os.environ)),
                           contact_point, {name: len(t) for name, t in ontology_parts.items()})


def count_data(rows: Sequence[tuple[str, str, str]], iris_list: Sequence[Iris]) -> tuple[DataCounts, list[str]]:
    """The counts of the merged data, and the dates its reports give themselves (``dcterms:date``).

    ``rows`` are its triples, each once, as the N-Triples text of their terms, sorted (subject first).
    """
    counter = SubjectOrderCounts({f"<{i.work.value}>" for i in iris_list}, iris_list[0].base)
    for s, p, o in rows:
        counter.add_terms(s, p, o)
    return counter.counts(len({o for _s, _p, o in rows})), counter.work_dates


def describe_data(iris_list: Sequence[Iris], counts: DataCounts, work_dates: Sequence[str],
                  graph_triples: Mapping[str, int], contact_point: str | None, ontology: Graph | None) -> Graph:
    """The description of data counted as it was written (:class:`SubjectOrderCounts`).

    ``work_dates`` are the dates the reports give themselves; ``graph_triples`` the triples of each
    graph by name (the ontology's left out here); ``ontology`` what the dataset's ontology graph holds.
    """
    dates = [*work_dates, *(i.date for i in iris_list if _ISO_DATE.fullmatch(i.date))]
    ontology_name = iris_list[0].ontology_graph.value
    data_graphs = {URIRef(g): n for g, n in graph_triples.items() if g != ontology_name and "/graph/ontology" not in g}
    ontology_graphs = {URIRef(ontology_name): len(ontology)} if ontology is not None and len(ontology) else {}
    return describe_counts(iris_list, counts, data_graphs, Dates(max(dates) if dates else None,
                                                                 build_day(os.environ)),
                           contact_point, ontology_graphs)


@dataclass(frozen=True)
class DataCounts:
    """What the description says of the merged data: its counts, its meeting days, an example of a few classes.

    Computed one subject at a time on the N-Triples text of the triples (:class:`SubjectOrderCounts`), from
    the triples in memory (:func:`count_data`) or by a writer that reads a corpus too large to hold
    (:mod:`builder.outputs.combine`). Entities are IRIs in the
    dataset's own URI space (VoID's sense): a class whose members are all elsewhere counts 0.
    """

    triples: int
    subjects: int  # distinct IRI subjects
    objects: int  # distinct objects
    entities: int  # distinct IRI subjects in the dataset's URI space with an IRI class
    class_members: Mapping[URIRef, int]  # class -> how many of its instances are entities
    per_property: Mapping[URIRef, int]  # property -> its triples
    examples: Mapping[URIRef, Node]  # class of EXAMPLE_CLASSES -> its example resource
    dates: frozenset[str]  # the days of the meetings (time:inXSDDate)


def example_key(member: Node, order: int | None) -> tuple[int, str]:
    """The order examples are chosen in: the smallest ``poa:order`` first (nodes without one last), then the IRI."""
    return (1 << 62 if order is None else order, str(member))


def example_classes() -> tuple[URIRef, ...]:
    """The classes whose first instance is given as an example (:data:`EXAMPLE_CLASSES`, as IRIs)."""
    return tuple(URIRef(PREFIXES["poa"] + local) for local in EXAMPLE_CLASSES)


def describe_counts(iris_list: Sequence[Iris], counts: DataCounts, graph_triples: Mapping[URIRef, int],
                    dates: Dates, contact_point: str | None = None,
                    ontology_triples: Mapping[URIRef, int] | None = None) -> Graph:
    """VoID + DCAT description of the data ``counts`` tells of.

    ``graph_triples``: each data graph's triples; ``ontology_triples``: the ontology graph's (a subset of
    its own); ``contact_point`` as for :func:`describe_dataset`.
    """
    if not iris_list:
        raise ValueError("describe_dataset needs the IRIs of at least one report")
    base = iris_list[0].base
    ds = dataset_iri(iris_list)
    out = Graph()
    bind_prefixes(out.namespace_manager)
    for prefix, ns in (("foaf", FOAF), ("vcard", VCARD), ("dcatap", DCATAP)):
        out.namespace_manager.bind(prefix, ns, override=True, replace=True)
    _describe_what(out, ds, iris_list, dates, set(counts.class_members) | set(counts.per_property))
    _describe_coverage(out, ds, counts.dates)
    _describe_agents(out, ds, base, contact_point or default_contact(base))
    _describe_statistics(out, ds, counts)
    _describe_graphs(out, ds, base, graph_triples)
    _describe_graphs(out, ds, base, ontology_triples or {}, ontology=True)
    for cls in sorted(counts.examples, key=lambda c: EXAMPLE_CLASSES.index(str(c)[len(PREFIXES["poa"]):])):
        out.add((ds, VOID.exampleResource, counts.examples[cls]))
    _describe_access(out, ds, base)
    _describe_catalog(out, ds, base, iris_list, dates)
    out.add((ds, VOID.rootResource, URIRef(iris_list[0].work.value)))
    return out


@dataclass(frozen=True)
class Dates:
    """The dates of a description: when the reports were issued (the latest), and when the data was built."""

    issued: str | None
    modified: str


def _describe_what(out: Graph, ds: URIRef, iris_list: Sequence[Iris], dates: Dates, terms: set[Node]) -> None:
    """What the dataset is: titles, descriptions, licence, languages, sources, dates, themes, vocabularies."""
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
        add((ds, DCTERMS.source, URIRef(i.work.value)))
        add((ds, RDFS.seeAlso, URIRef(undocs_link(i.symbol).value)))
    for kw_en in ("small arms and light weapons", "Programme of Action", "United Nations", "linked data"):
        add((ds, DCAT.keyword, Literal(kw_en, lang="en")))
    add((ds, DCAT.keyword, Literal("الأسلحة الصغيرة والأسلحة الخفيفة", lang="ar")))
    for theme in THEMES:
        add((ds, DCAT.theme, theme))
    if dates.issued:
        add((ds, DCTERMS.issued, Literal(dates.issued, datatype=XSD.date)))
    add((ds, DCTERMS.modified, Literal(dates.modified, datatype=XSD.date)))
    add((ds, DCAT.landingPage, URIRef(base)))
    add((ds, FOAF.homepage, URIRef(base)))
    add((ds, VOID.uriSpace, Literal(base)))
    for vocabulary in vocabularies(terms):
        add((ds, VOID.vocabulary, vocabulary))


def vocabularies(terms: set[Node]) -> list[URIRef]:
    """The vocabularies the classes and properties ``terms`` come from (XML Schema, which has neither, aside).

    A vocabulary is named as its namespace without a final ``#`` (``http://www.w3.org/2004/02/skos/core``);
    the namespace of a term of no known vocabulary is the term's IRI up to its last ``#`` or ``/``.
    """
    known = sorted(set(PREFIXES.values()) | {str(RDF)}, key=len, reverse=True)
    found: set[str] = set()
    for term in terms:
        iri = str(term)
        ns = next((n for n in known if iri.startswith(n)), None)
        if ns is None:
            cut = max(iri.rfind("#"), iri.rfind("/"))
            ns = iri[: cut + 1] if cut > 0 else iri
        if ns != PREFIXES["xsd"]:
            found.add(ns[:-1] if ns.endswith("#") else ns)
    return [URIRef(v) for v in sorted(found)]


def _describe_coverage(out: Graph, ds: URIRef, dates: frozenset[str]) -> None:
    """Where and when: the world (the States of the United Nations), and the span of the meetings' dates."""
    out.add((ds, DCTERMS.spatial, WORLD))
    if dates:
        period = URIRef(f"{ds}/period")
        out.add((ds, DCTERMS.temporal, period))
        out.add((period, RDF.type, DCTERMS.PeriodOfTime))
        out.add((period, DCAT.startDate, Literal(min(dates), datatype=XSD.date)))
        out.add((period, DCAT.endDate, Literal(max(dates), datatype=XSD.date)))


def _describe_agents(out: Graph, ds: URIRef, base: str, contact: str) -> None:
    """Who publishes the dataset, and where to reach its maintainers (an e-mail address or a web page)."""
    add = out.add
    publisher = URIRef(f"{base}publisher")
    add((ds, DCTERMS.publisher, publisher))
    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, Literal(PUBLISHER_NAME, lang="en")))
    add((publisher, FOAF.homepage, URIRef(base)))
    point = URIRef(f"{ds}/contact")
    add((ds, DCAT.contactPoint, point))
    add((point, RDF.type, VCARD.Kind))
    add((point, VCARD.fn, Literal(CONTACT_NAME, lang="en")))
    add((point, VCARD.hasEmail if contact.startswith("mailto:") else VCARD.hasURL, URIRef(contact)))


def _describe_catalog(out: Graph, ds: URIRef, base: str, iris_list: Sequence[Iris], dates: Dates) -> None:
    """The catalogue the dataset and its SPARQL service are listed in: the site at the base IRI."""
    add = out.add
    catalog = URIRef(f"{base}catalog")
    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.title, Literal("PoA knowledge graph", lang="en")))
    add((catalog, DCTERMS.title, Literal("الرسم المعرفي لبرنامج العمل", lang="ar")))
    add((catalog, DCTERMS.description, Literal(
        "Linked data built from the Arabic text of United Nations reports on the Programme of Action on small arms"
        " and light weapons.", lang="en")))
    add((catalog, DCTERMS.publisher, URIRef(f"{base}publisher")))
    add((catalog, FOAF.homepage, URIRef(base)))
    add((catalog, DCTERMS.license, CC_BY_4))
    for lang in sorted({i.language for i in iris_list} | {"en"}):
        add((catalog, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    if dates.issued:
        add((catalog, DCTERMS.issued, Literal(dates.issued, datatype=XSD.date)))
    add((catalog, DCTERMS.modified, Literal(dates.modified, datatype=XSD.date)))
    add((catalog, DCTERMS.spatial, WORLD))
    add((catalog, DCAT.themeTaxonomy, URIRef(EU_AUTHORITY + "data-theme")))
    add((catalog, DCAT.dataset, ds))
    add((catalog, DCAT.service, URIRef(f"{ds}/service/sparql")))


#: the N-Triples text of the terms :class:`SubjectOrderCounts` looks for
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DCTERMS_DATE = "<http://purl.org/dc/terms/date>"
_IN_XSD_DATE = "<http://www.w3.org/2006/time#inXSDDate>"
_XSD_DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SubjectOrderCounts:
    """The :class:`DataCounts` of merged data read one triple at a time, in subject order, as N-Triples text.

    What a writer uses that never holds the data as rdflib terms: the corpus build reads it from
    ``graph.nt`` as it merges the shards, a build from its sorted quads (:func:`count_data`).
    """

    def __init__(self, works: set[str], base: str) -> None:
        self.own = f"<{base}"  # the dataset's own URI space: its entities (VoID's sense)
        self.dates: set[str] = set()  # the days of the meetings (time:inXSDDate)
        self.triples = 0
        self.subjects = 0
        self.entities = 0
        self.class_members: Counter[str] = Counter()
        self.per_property: Counter[str] = Counter()
        self.examples: dict[str, tuple[tuple[int, str], str]] = {}
        self.example_classes = {f"<{c}>" for c in example_classes()}
        self.order_predicate = "<" + PREFIXES["poa"] + "order>"
        self.works = works
        self.work_dates: list[str] = []
        self._subject = ""
        self._classes: list[str] = []
        self._order: int | None = None

    def add(self, line: str) -> None:
        """An N-Triples line (``<s> <p> o .\\n``)."""
        s, p, rest = line.split(" ", 2)
        self.add_terms(s, p, rest[:-3])

    def add_terms(self, s: str, p: str, o: str) -> None:
        """A triple as the N-Triples text of its terms; the triples of a subject come one after the other."""
        if s != self._subject:
            self._close()
            self._subject = s
            self.subjects += s.startswith("<")
        self.triples += 1
        self.per_property[p] += 1
        if p == _RDF_TYPE and o.startswith("<") and s.startswith("<"):
            self.class_members[o] += s.startswith(self.own)
            self._classes.append(o)
        elif p == self.order_predicate and o.startswith('"'):
            lexical = o[1:o.rindex('"')]
            if lexical.lstrip("-").isdigit():
                self._order = int(lexical) if self._order is None else min(self._order, int(lexical))
        if p == _IN_XSD_DATE and o.endswith(_XSD_DATE):
            self.dates.add(o[1:o.rindex('"')])
        if p == _DCTERMS_DATE and s in self.works:
            self.work_dates.append(o[1:o.rindex('"')] if o.startswith('"') else o[1:-1])

    def _close(self) -> None:
        if self._classes:
            self.entities += self._subject.startswith(self.own)
            for c in self.example_classes.intersection(self._classes):
                key = example_key(URIRef(self._subject[1:-1]), self._order)
                if c not in self.examples or key < self.examples[c][0]:
                    self.examples[c] = (key, self._subject[1:-1])
        self._classes = []
        self._order = None

    def counts(self, objects: int) -> DataCounts:
        self._close()
        return DataCounts(triples=self.triples, subjects=self.subjects, objects=objects, entities=self.entities,
                          class_members={URIRef(c[1:-1]): n for c, n in self.class_members.items()},
                          per_property={URIRef(p[1:-1]): n for p, n in self.per_property.items()},
                          examples={URIRef(c[1:-1]): URIRef(m) for c, (_k, m) in self.examples.items()},
                          dates=frozenset(self.dates))


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


def _describe_graphs(out: Graph, ds: URIRef, base: str, graph_triples: Mapping[URIRef, int],
                     ontology: bool = False) -> None:
    """One sub-dataset per named graph, with its count of triples; the ontology's says what it holds."""
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
        if ontology:
            add((sub, DCTERMS.title, Literal("the PoA-KG ontology (OWL 2)", lang="en")))
            add((sub, VOID.vocabulary, POA_ONTOLOGY))
            add((sub, DCTERMS.conformsTo, URIRef(str(OWL).rstrip("#"))))
            add((sub, FOAF.page, URIRef(f"{base}ontology")))


def _describe_access(out: Graph, ds: URIRef, base: str) -> None:
    """The SPARQL endpoint, the dumps and the ontology, relative to the base (where the site is published)."""
    add = out.add
    endpoint = URIRef(f"{base}sparql")
    add((ds, VOID.sparqlEndpoint, endpoint))
    service = URIRef(f"{ds}/service/sparql")
    sparql = URIRef(f"{ds}/distribution/sparql")
    _distribution(out, ds, sparql, endpoint, "SPARQL 1.1 endpoint",
                  "Read-only SPARQL 1.1 Protocol endpoint over the dataset's named graphs.")
    add((sparql, DCAT.accessService, service))
    add((sparql, DCTERMS["format"], SPARQL_FORMAT))
    add((service, RDF.type, DCAT.DataService))
    add((service, DCAT.endpointURL, endpoint))
    add((service, DCAT.servesDataset, ds))
    add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    add((service, DCTERMS.title, Literal("SPARQL 1.1 Protocol endpoint (read-only)", lang="en")))
    add((service, DCTERMS.license, CC_BY_4))
    for name in RESULT_FORMATS:
        add((ds, VOID.feature, FORMATS[name]))
    for name, media, fmt, key in DUMPS:
        url = URIRef(f"{base}dumps/{name}")
        dist = URIRef(f"{ds}/distribution/{key}")
        add((ds, VOID.dataDump, url))
        _distribution(out, ds, dist, url, f"{name} ({fmt})", f"The whole dataset in one file, as {fmt}.")
        add((dist, DCAT.downloadURL, url))
        add((dist, DCAT.mediaType, IANA[media]))
        if fmt:
            add((dist, DCTERMS["format"], FORMATS[fmt]))
            add((ds, VOID.feature, FORMATS[fmt]))
    ontology = URIRef(f"{base}ontology")
    dist = URIRef(f"{ds}/distribution/ontology")
    _distribution(out, ds, dist, ontology, "the ontology (OWL 2)",
                  "The ontology of the dataset's terms: HTML for browsers, Turtle or JSON-LD for RDF clients.")
    add((dist, DCTERMS["format"], FORMATS["Turtle"]))
    add((dist, DCTERMS.conformsTo, URIRef(str(OWL).rstrip("#"))))


def _distribution(out: Graph, ds: URIRef, dist: URIRef, url: URIRef, title: str, description: str) -> None:
    """A distribution of ``ds`` at ``url`` with what DCAT-AP asks of every one: title, description, licence."""
    out.add((ds, DCAT.distribution, dist))
    out.add((dist, RDF.type, DCAT.Distribution))
    out.add((dist, DCAT.accessURL, url))
    out.add((dist, DCTERMS.title, Literal(title, lang="en")))
    out.add((dist, DCTERMS.description, Literal(description, lang="en")))
    out.add((dist, DCTERMS.license, CC_BY_4))
    out.add((dist, DCATAP.availability, AVAILABLE))


#: the headline facts :func:`description_of` gives, in the order the index page shows them
DESCRIPTION_KEYS = ("iri", "title_en", "title_ar", "description_en", "description_ar", "issued", "modified", "triples",
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
        "modified": lit(DCTERMS.modified),
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
