"""Each report as an Akoma Ntoso 3.0 document (``akn/<symbol-slug>.xml``), written from the built graph.

The United Nations mark up their documents in Akoma Ntoso (the AKN4UN
guidelines). The file is made from the triples of the build, not from the
segmenter's units, so it cannot say anything the graph does not:

* every structural unit becomes an element whose ``eId`` is the unit's
  ``poa:eId`` and whose text is its ``poa:text``, character for character;
  the hierarchy is the graph's ``dcterms:isPartOf``, the order its
  ``poa:order``;
* the ``FRBRthis`` of the body's expression is the graph's IRI of the body
  (``…/ara@date/!main``), its ``FRBRuri`` the graph's expression, and the work
  the graph's work; the manifestation (this XML file) is named after the
  expression, as the Akoma Ntoso naming convention names manifestations
  (``…/!main.xml``): the graph knows only the plain-text source it was read from;
* a mention of a United Nations document becomes a ``ref`` to its
  ``undocs.org`` address (the ``rdfs:seeAlso`` of the document in the graph),
  a mention of a State or an organization an ``organization`` element, placed
  on the characters the mention covers (its IRI gives their range in the
  unit's text); the States and organizations the report's graph links to are
  listed as ``TLCOrganization``s.

The outcome document (the annex) is a component of the composite document
(``components/component/doc`` beside the report's ``doc``), which the report's
``attachments/attachment`` refers to. It cannot sit inside the attachment:
the official schema wants every ``eId`` of a ``doc`` unique, attachments
included, and the annex numbers its units afresh (both components open with a
``title``; a chair's summary restarts at ``para_1``), exactly as the graph's
IRIs name them (``…/!main/annex_1/section_II__para_26``).

The graph records no author of a report: its work and expression are credited
to the United Nations, whose documents the ``un`` jurisdiction of their IRIs
names. The bytes depend on the graph alone (sorted everywhere, no clock).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from builder.graphs import Triple
from builder.iri import POA, Iris, symbol_slug

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: the folder of the build that holds the Akoma Ntoso files
AKN_FOLDER = "akn"
UNDOCS = "https://undocs.org/"
#: the United Nations, to whom every UN document is credited (the Akoma Ntoso naming convention's IRI of a TLC)
UN_TLC = ("un", "/akn/ontology/organizations/un", "United Nations")
#: who marked the document up: the knowledge graph the file is written from
SOURCE_EID = "poa-kg"

#: a unit's class → the Akoma Ntoso element and, for a generic ``hcontainer``, its name
ELEMENT_OF_CLASS: dict[str, tuple[str, str | None]] = {str(c): element for c, element in {
    POA.Chapter: ("chapter", None),
    POA.Section: ("section", None),
    POA.Subsection: ("subsection", None),
    POA.TopicHeading: ("hcontainer", "topic"),
    POA.Subtopic: ("hcontainer", "subtopic"),
    POA.Heading: ("hcontainer", "heading"),
    POA.Paragraph: ("paragraph", None),
    POA.ListItem: ("point", None),
    POA.PreambularClause: ("hcontainer", "recital"),
    POA.Chapeau: ("hcontainer", "chapeau"),
}.items()}
#: the classes whose text is a heading (it opens a division) rather than a block of text
HEADED = frozenset(str(c) for c in (POA.Chapter, POA.Section, POA.Subsection, POA.TopicHeading, POA.Subtopic,
                                    POA.Heading))
_HEADING, _CHAPEAU = str(POA.Heading), str(POA.Chapeau)
#: the classes of what the text names that become ``TLCOrganization``s and inline ``organization``s
ACTORS = frozenset({POA.State, POA.Organization})
#: a mention's fragment: ``#m-START-END-key`` (START and END count into the unit's text)
_MENTION_RANGE = re.compile(r"#[a-z]+-(\d+)-(\d+)(?:-|$)")


# The predicates this module reads, as strings: the index is keyed by strings (an rdflib term hashes slowly), and
# the terms of a namespace are looked up once (an attribute of a namespace mints a new term on every access).
_TYPE, _LABEL, _SEE_ALSO, _PREF_LABEL = str(RDF.type), str(RDFS.label), str(RDFS.seeAlso), str(SKOS.prefLabel)
_PART_OF, _DATE, _IDENTIFIER, _LANGUAGE = (str(DCTERMS.isPartOf), str(DCTERMS.date), str(DCTERMS.identifier),
                                           str(DCTERMS.language))
_EID, _ORDER, _TEXT, _NUMERAL, _REFERS_TO = (str(POA.eId), str(POA.order), str(POA.text), str(POA.numeral),
                                             str(POA.refersTo))
_IN_DOCUMENT, _MENTIONED_IN = str(POA.isPartOfDocument), str(POA.mentionedIn)
_FORWARD = frozenset({_TYPE, _LABEL, _SEE_ALSO, _PREF_LABEL, _PART_OF, _DATE, _IDENTIFIER, _LANGUAGE, _EID, _ORDER,
                      _TEXT, _NUMERAL, _REFERS_TO})
_BACKWARD = frozenset({_IN_DOCUMENT, _MENTIONED_IN})


class Index:
    """What this module reads of the build's triples, in one pass: objects by subject and predicate; the subjects
    of a unit's component and of a unit's mentions by object; what is a State or an organization."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.by_subject: dict[str, dict[str, list[Node]]] = {}
        self.by_object: dict[tuple[str, str], list[Node]] = {}
        actor_types = {str(c) for c in ACTORS}
        self.actors: set[str] = set()
        for s, p, o in triples:
            key = str(p)
            if key in _FORWARD:
                self.by_subject.setdefault(str(s), {}).setdefault(key, []).append(o)
                if key == _TYPE and str(o) in actor_types:
                    self.actors.add(str(s))
            elif key in _BACKWARD:
                self.by_object.setdefault((key, str(o)), []).append(s)

    def objects(self, s: Node, p: str) -> list[Node]:
        return self.by_subject.get(str(s), {}).get(p, [])

    def subjects(self, p: str, o: Node) -> list[Node]:
        return self.by_object.get((p, str(o)), [])

    def value(self, s: Node, p: str) -> Node | None:
        """The least object (in string order: one answer whatever the order of the triples), or ``None``."""
        objects = self.objects(s, p)
        return min(objects, key=str) if objects else None

    def types(self, s: Node) -> set[str]:
        return {str(t) for t in self.objects(s, _TYPE)}


@dataclass
class Unit:
    """A structural unit as the graph gives it."""

    iri: URIRef
    eid: str
    order: int
    text: str
    classes: set[str]
    numeral: str | None
    children: list[Unit] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


@dataclass(frozen=True)
class Mark:
    """An inline element over ``text[start:end]`` of a unit: a ``ref`` (href) or an ``organization`` (refersTo)."""

    start: int
    end: int
    tag: str
    attribute: str
    value: str


@dataclass(frozen=True)
class Actor:
    """A State or an organization the report refers to, as a ``TLCOrganization``."""

    eid: str
    href: str
    show_as: str


@dataclass(frozen=True)
class ReportIris:
    """What this writer needs of a report's :class:`~builder.iri.Iris`, its IRIs as the rdflib terms it reads by."""

    base: str
    symbol: str
    date: str
    language: str
    work: URIRef
    expression: URIRef
    main: URIRef
    annex: URIRef

    @classmethod
    def of(cls, iris: Iris) -> ReportIris:
        return cls(iris.base, iris.symbol, iris.date, iris.language, URIRef(iris.work.value),
                   URIRef(iris.expression.value), URIRef(iris.main.value), URIRef(iris.annex.value))


def akn_writers(graphs: Callable[[], Mapping[URIRef, Sequence[Triple]]], iris: Sequence[Iris],
                skip: Container[str]) -> dict[str, Callable[[], bytes]]:
    """``akn/<symbol-slug>.xml`` of each report and the function that writes it; the graphs in ``skip`` are left out.

    ``graphs`` gives the graphs as rdflib triples when the first file is written (not before: a build that
    writes these files in another process converts its terms there).
    """
    shared: dict[str, Index] = {}

    def index() -> Index:  # built once, when the first file is written, for all of them
        if "index" not in shared:
            shared["index"] = Index(t for name, ts in graphs().items() if str(name) not in skip for t in ts)
        return shared["index"]

    def writer(report: Iris) -> Callable[[], bytes]:
        return lambda: akn_document(index(), graphs().get(URIRef(report.report_graph.value), ()), report)

    return {f"{AKN_FOLDER}/{symbol_slug(i.symbol)}.xml": writer(i) for i in iris}


def akn_document(index: Index, report_graph: Sequence[Triple], report: Iris) -> bytes:
    """The Akoma Ntoso document of one report: its body, and its annex as a component, if it has one."""
    iris = ReportIris.of(report)
    components = _units(index, iris)
    actors = _actors(index, report_graph, iris)
    _mark_mentions(index, components, actors)
    root = ET.Element("akomaNtoso", xmlns=AKN)  # the elements are unqualified: all in the default namespace
    main = _doc(index, iris, components.get(iris.main, []), actors, "report", iris.main)
    root.append(main)
    annex_units = components.get(iris.annex)
    if annex_units:
        attachment = _sub(_sub(main, "attachments"), "attachment", eId="att_1")
        _sub(attachment, "documentRef", href=f"#{_component_eid(iris)}", showAs=_label(index, iris.annex))
        annex_doc = _doc(index, iris, annex_units, actors, "annex", iris.annex)
        _sub(root, "components").append(_component(annex_doc, _component_eid(iris)))
    _indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _component_eid(iris: ReportIris) -> str:
    """The name of the annex's component: the last step of the graph's IRI of the annex (``annex_1``)."""
    return str(iris.annex).rsplit("/", 1)[-1]


def _component(doc: ET.Element, eid: str) -> ET.Element:
    component = ET.Element("component", eId=eid)
    component.append(doc)
    return component


# -- reading the graph ------------------------------------------------------------


def _units(index: Index, iris: ReportIris) -> dict[URIRef, list[Unit]]:
    """The top-level units of each component (body, annex), each with its children, in the graph's order."""
    units: dict[str, Unit] = {}
    parent_of: dict[str, str] = {}
    for component in (iris.main, iris.annex):
        for s in index.subjects(_IN_DOCUMENT, component):
            eid, order, text = index.value(s, _EID), index.value(s, _ORDER), index.value(s, _TEXT)
            if eid is None or text is None or not isinstance(s, URIRef):
                continue
            numeral = index.value(s, _NUMERAL)
            units[str(s)] = Unit(s, str(eid), int(order) if isinstance(order, Literal) else 0, str(text),
                                 index.types(s), None if numeral is None else str(numeral))
            whole = index.value(s, _PART_OF)
            parent_of[str(s)] = str(whole) if whole is not None else str(component)
    top: dict[str, list[Unit]] = {}
    for iri, unit in units.items():
        parent = parent_of[iri]
        (units[parent].children if parent in units else top.setdefault(parent, [])).append(unit)
    for unit in units.values():
        unit.children.sort(key=lambda u: (u.order, u.eid))
    return {URIRef(name): sorted(us, key=lambda u: (u.order, u.eid)) for name, us in top.items()}


def _actors(index: Index, report_graph: Sequence[Triple], iris: ReportIris) -> dict[str, Actor]:
    """The States and organizations that the report's graph links to, each with its ``TLCOrganization``."""
    found = {str(o) for _, _, o in report_graph if isinstance(o, URIRef)} & index.actors
    actors: dict[str, Actor] = {}
    taken = {UN_TLC[0], SOURCE_EID}
    for iri in sorted(found):
        eid = _tlc_eid(iri, iris.base)
        while eid in taken:
            eid += "_"
        taken.add(eid)
        actors[iri] = Actor(eid, iri, _label(index, URIRef(iri)))
    return actors


def _tlc_eid(iri: str, base: str) -> str:
    """``{base}id/state/FRA`` → ``state_FRA``; ``{base}id/org/european-union`` → ``org_european-union``."""
    tail = iri.removeprefix(f"{base}id/") if iri.startswith(f"{base}id/") else iri.rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9.\-]+", "_", tail).strip("_") or "tlc"


def _label(index: Index, iri: Node) -> str:
    """The Arabic name of a thing when the graph has one, else its English label, else the end of its IRI."""
    for p, lang in ((_PREF_LABEL, "ar"), (_LABEL, "ar"), (_PREF_LABEL, "en"), (_LABEL, "en"), (_LABEL, None)):
        labels = sorted(str(o) for o in index.objects(iri, p)
                        if isinstance(o, Literal) and (lang is None or o.language == lang))
        if labels:
            return labels[0]
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _mark_mentions(index: Index, components: Mapping[URIRef, list[Unit]], actors: Mapping[str, Actor]) -> None:
    """Put on each unit the inline elements of its mentions: documents first, then States and organizations.

    Marks cannot overlap: a mention over characters already marked is left
    out (its target is still in the graph, and in the references if an actor).
    """
    units = list(_walk(components))
    candidates: list[tuple[int, Unit, Mark]] = []
    for unit in units:
        for mention in index.subjects(_MENTIONED_IN, unit.iri):
            target, m = index.value(mention, _REFERS_TO), _MENTION_RANGE.search(str(mention))
            if target is None or m is None:
                continue
            start, end = int(m.group(1)), int(m.group(2))
            if not 0 <= start < end <= len(unit.text):
                continue
            links = sorted(str(x) for x in index.objects(target, _SEE_ALSO) if str(x).startswith(UNDOCS))
            if links:
                candidates.append((0, unit, Mark(start, end, "ref", "href", links[0])))
            elif str(target) in actors:
                candidates.append((1, unit, Mark(start, end, "organization", "refersTo",
                                                 f"#{actors[str(target)].eid}")))
    for _, unit, mark in sorted(candidates, key=lambda c: (c[0], c[1].order, c[1].eid, c[2].start, -c[2].end,
                                                          c[2].value)):
        if all(mark.end <= other.start or other.end <= mark.start for other in unit.marks):
            unit.marks.append(mark)
    for unit in units:
        unit.marks.sort(key=lambda k: k.start)


def _walk(components: Mapping[URIRef, list[Unit]]) -> Iterable[Unit]:
    stack = [u for us in components.values() for u in us]
    while stack:
        unit = stack.pop()
        yield unit
        stack.extend(unit.children)


# -- writing the document -----------------------------------------------------------


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, tag, attributes)


def _doc(index: Index, iris: ReportIris, units: list[Unit], actors: Mapping[str, Actor], name: str,
         component: URIRef) -> ET.Element:
    """A ``doc``: its metadata, its title as its preface, its units as its main body."""
    doc = ET.Element("doc", name=name)
    meta = _sub(doc, "meta")
    _identification(_sub(meta, "identification", source=f"#{SOURCE_EID}"), index, iris, component)
    in_this = {mark.value.removeprefix("#") for u in _walk({component: units}) for mark in u.marks
               if mark.tag == "organization"}
    listed = actors.values() if component == iris.main else [a for a in actors.values() if a.eid in in_this]
    _references(_sub(meta, "references", source=f"#{SOURCE_EID}"), index, iris, component, listed)
    body = list(units)
    if len(body) > 1 and _is_title(body[0]):  # a main body holds one part at least
        preface = _sub(doc, "preface")
        preface.set(XML_LANG, _language(index, iris))
        title = _sub(preface, "longTitle", eId=body[0].eid)
        _text(_sub(title, "p"), body.pop(0))
    main_body = _sub(doc, "mainBody")
    main_body.set(XML_LANG, _language(index, iris))
    for unit in body:
        _unit(main_body, unit, in_hierarchy=False)
    return doc


def _is_title(unit: Unit) -> bool:
    """A heading that opens its component and holds nothing: the component's title, its preface."""
    return _HEADING in unit.classes and not unit.children


def _language(index: Index, iris: ReportIris) -> str:
    lang = index.value(iris.expression, _LANGUAGE)
    return str(lang) if lang is not None else iris.language


def _identification(ident: ET.Element, index: Index, iris: ReportIris, component: URIRef) -> None:
    """FRBR work, expression and manifestation: the graph's IRIs of the report, of its language version, of
    the component, and this file's."""
    date = index.value(iris.work, _DATE)
    day = str(date) if date is not None else iris.date
    part = str(component).removeprefix(f"{iris.expression}/")  # "!main" or "!main/annex_1"
    work = _sub(ident, "FRBRWork")
    _core(work, f"{iris.work}/{part}", str(iris.work), day, f"#{UN_TLC[0]}")
    symbol = index.value(iris.work, _IDENTIFIER)
    if symbol is not None:
        work.insert(2, ET.Element("FRBRalias", value=str(symbol), name="symbol"))
    _sub(work, "FRBRcountry", value="un")
    _sub(work, "FRBRsubtype", value="report")
    _sub(work, "FRBRnumber", value=symbol_slug(iris.symbol))
    expression = _sub(ident, "FRBRExpression")
    _core(expression, str(component), str(iris.expression), day, f"#{UN_TLC[0]}")
    _sub(expression, "FRBRlanguage", language=_language(index, iris))
    manifestation = _sub(ident, "FRBRManifestation")
    _core(manifestation, f"{component}.xml", f"{iris.expression}.akn", day, f"#{SOURCE_EID}")
    _sub(manifestation, "FRBRformat", value="application/akn+xml")


def _core(parent: ET.Element, this: str, uri: str, day: str, author: str) -> None:
    _sub(parent, "FRBRthis", value=this)
    _sub(parent, "FRBRuri", value=uri)
    _sub(parent, "FRBRdate", date=day, name="issued")
    _sub(parent, "FRBRauthor", href=author)


def _references(refs: ET.Element, index: Index, iris: ReportIris, component: URIRef, actors: Iterable[Actor]) -> None:
    """The annex as an attachment of the body (or the body as what the annex is attached to), then the TLCs."""
    if component == iris.main:
        if index.objects(iris.annex, _TYPE):
            _sub(refs, "hasAttachment", href=str(iris.annex), showAs=_label(index, iris.annex))
    else:
        _sub(refs, "attachmentOf", href=str(iris.main), showAs=_label(index, iris.main))
    _sub(refs, "TLCOrganization", eId=UN_TLC[0], href=UN_TLC[1], showAs=UN_TLC[2])
    _sub(refs, "TLCOrganization", eId=SOURCE_EID, href=iris.base, showAs="poa-kg")
    for actor in sorted(actors, key=lambda a: a.eid):
        _sub(refs, "TLCOrganization", eId=actor.eid, href=actor.href, showAs=actor.show_as)


def _unit(parent: ET.Element, unit: Unit, in_hierarchy: bool, first: bool = False) -> None:
    """One unit and, inside it, its children: a division under a ``heading``, a block of text as ``content``."""
    if _CHAPEAU in unit.classes and in_hierarchy and first and not unit.children:
        _text(_sub(_sub(parent, "intro", eId=unit.eid), "p"), unit)  # a section's chapeau, before its parts
        return
    tag, name = next((ELEMENT_OF_CLASS[c] for c in sorted(unit.classes) if c in ELEMENT_OF_CLASS),
                     ("hcontainer", "unit"))
    element = _sub(parent, tag, **({"name": name} if name else {}))
    element.set("eId", unit.eid)
    if unit.numeral is not None and tag in ("chapter", "section", "subsection", "paragraph", "point", "hcontainer"):
        _sub(element, "num").text = unit.numeral
    if unit.classes & HEADED:
        _text(_sub(element, "heading"), unit)
    elif unit.children:
        _text(_sub(_sub(element, "intro"), "p"), unit)
    else:
        _text(_sub(_sub(element, "content"), "p"), unit)
    for i, child in enumerate(unit.children):
        _unit(element, child, in_hierarchy=True, first=i == 0 and bool(unit.classes & HEADED))


def _text(element: ET.Element, unit: Unit) -> None:
    """The unit's text into ``element``, its marks as inline elements over their characters."""
    text, at, last = unit.text, 0, None
    for mark in unit.marks:
        piece = text[at:mark.start]
        if last is None:
            element.text = piece
        else:
            last.tail = piece
        last = _sub(element, mark.tag, **{mark.attribute: mark.value})
        last.text = text[mark.start:mark.end]
        at = mark.end
    if last is None:
        element.text = text[at:]
    else:
        last.tail = text[at:]


#: the elements whose content is text (with inline elements): no whitespace is added inside them
_TEXT_ELEMENTS = frozenset({"p", "heading", "num"})


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the element structure by two spaces a level, leaving the text of every block as it is."""
    if element.tag in _TEXT_ELEMENTS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level
