"""Emit who took part and in what role: bodies, memberships, posts, people and statements.

IRIs (``{conf}`` is the slug of the conference's symbol, ``A-CONF.192-2018-RC``;
``{report}`` the slug of the report's symbol):

* the bureau and the committees of the conference: ``{base}id/org/{conf}/{key}``
  (``poa:Bureau``/``poa:Committee``, both ``org:OrganizationalUnit``); a seat in one
  is an ``org:Membership`` ``{body}/membership/{n}`` with ``org:member``,
  ``org:organization``, ``org:role`` (for a bureau seat) and how its holder's
  name was resolved; the member also gets ``org:memberOf`` the body;
* posts: ``{base}id/role/{conf}/{key}`` for a post of the conference,
  ``{base}id/role/{key}`` for a standing post of the United Nations
  (``poa:Post`` with ``org:role``, ``org:postIn``, ``poa:heldBy``/``poa:holdsPost``);
* people: ``{base}id/person/{key}`` (``skos:prefLabel`` @en and @ar, the other
  spellings of the text as ``skos:altLabel``, ``poa:represents`` the State they
  represent); every place a person is named is a ``poa:Mention``;
* statements: ``{base}id/statement/{report}/{paragraph eid}/{n}`` with
  ``poa:speaker``, ``poa:onBehalfOf``, ``poa:atMeeting`` (each plenary meeting
  the report places it in), ``dcterms:date``, ``dcterms:type`` (the capacity,
  a concept whose ``skos:notation`` is state/observer/igo/ngo/official);
* the group of the member States of an organization a statement was made for
  (``الدول الأعضاء في الاتحاد الأوروبي``): ``{base}id/group/{org}-member-states``.
"""

from __future__ import annotations

import bisect

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.gazetteer import capacity_iri, member_states_iri, org_iri, role_iri
from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.extract.participation.facts import AgentRef, Participation
from builder.iri import Iris, symbol_slug
from builder.model import Document, Part, Span, Unit
from builder.reference_data import References
from builder.vocab import DCTERMS, ORG, POA, PROV, RDF, RDFS, SKOS, XSD, integer, text, typed

BODY_CLASS = {"bureau": POA.Bureau, "committee": POA.Committee}


class _Names:
    """IRIs and English names of the agents of one report."""

    def __init__(self, iris: Iris, conference: str, references: References, people: dict[str, str]) -> None:
        self.iris = iris
        self.conf = symbol_slug(conference)
        self.states = references.states
        self.orgs = references.organizations
        self.posts = references.posts
        self.people = people  # person key -> English (or Arabic) name
        self.units = UnitIris(iris)

    def unit(self, eid: str) -> ox.NamedNode:
        """A unit of the report proper (participation is only ever stated there)."""
        return self.units.of(eid, in_annex=False)

    def post(self, key: str) -> ox.NamedNode:
        d = self.posts[key]
        return self.iris.entity("role", f"{self.conf}/{key}" if d.scope == "conference" else key)

    def body(self, key: str) -> ox.NamedNode:
        return self.iris.entity("org", f"{self.conf}/{key}")

    def agent(self, ref: AgentRef) -> ox.NamedNode:
        if ref.kind == "state":
            return self.iris.state(ref.key)
        if ref.kind == "org":
            return org_iri(self.iris, self.orgs[ref.key])
        if ref.kind == "member-states":
            return member_states_iri(self.iris, self.orgs[ref.key])
        if ref.kind == "person":
            return self.iris.entity("person", ref.key)
        if ref.kind == "post":
            return self.post(ref.key)
        raise ValueError(f"unknown kind of agent {ref.kind!r}")

    def name(self, ref: AgentRef) -> str:
        if ref.kind == "state":
            return self.states[ref.key].name_en if ref.key in self.states else ref.key
        if ref.kind == "org":
            return self.orgs[ref.key].name_en
        if ref.kind == "member-states":
            return f"Member States of the {self.orgs[ref.key].name_en}"
        if ref.kind == "person":
            return self.people.get(ref.key, ref.key)
        return self.posts[ref.key].name_en


def emit_participation(doc: Document, iris: Iris, g: NamedGraph, facts: Participation, references: References) -> None:
    """Add the resolved participation facts of ``doc`` to ``g``."""
    names = _Names(iris, facts.conference, references, {p.key: p.name_en or p.name_ar for p in facts.people})
    prov = Provenance(g, iris)
    _people(doc, iris, g, facts, names, prov)
    _bodies(doc, iris, g, facts, names, prov)
    _posts(g, facts, names)
    _statements(doc, iris, g, facts, names, prov)


def _evidence(prov: Provenance, node: ox.NamedNode, ref: AgentRef, lang: str, sel: ox.NamedNode | None = None) -> None:
    """How the name behind ``node`` was found and resolved."""
    prov.evidence(node, surface=ref.surface, span=ref.span, rule=ref.rule, score=ref.score / 100, lang=lang,
                  note=ref.note, flagged=ref.flagged, sel=sel)


def text_range(unit: Unit, span: Span) -> tuple[int, int]:
    """The range of the unit's normalised text that covers a source span."""
    i = bisect.bisect_left(unit.offsets, span.start)
    j = bisect.bisect_left(unit.offsets, span.end)
    return i, max(j, i + 1)


def _people(doc: Document, iris: Iris, g: NamedGraph, facts: Participation, names: _Names, prov: Provenance) -> None:
    units = {u.eid: u for u in doc.units if u.part is Part.REPORT}
    lang = doc.metadata.language
    for p in facts.people:
        node = iris.entity("person", p.key)
        g.add((node, RDF.type, POA.Person))
        if p.name_en:
            g.add((node, SKOS.prefLabel, text(p.name_en, "en")))
            g.add((node, RDFS.label, text(p.name_en, "en")))
        else:
            g.add((node, RDFS.label, text(p.name_ar, "ar")))
        g.add((node, SKOS.prefLabel, text(p.name_ar, "ar")))
        for s in p.spellings:
            if s != p.name_ar:
                g.add((node, SKOS.altLabel, text(s, "ar")))
        if p.state is not None:
            g.add((node, POA.represents, iris.state(p.state)))
        if p.org is not None and p.org in names.orgs.by_key:
            g.add((node, ORG.memberOf, org_iri(iris, names.orgs[p.org])))
        for m in p.mentions:
            unit = names.unit(m.unit_eid)
            i, j = text_range(units[m.unit_eid], m.span)
            mention = ox.NamedNode(f"{unit.value}#m-{i}-{j}-{p.key}")
            g.add((node, PROV.wasDerivedFrom, unit))
            g.add((mention, RDF.type, POA.Mention))
            g.add((mention, POA.mentionedIn, unit))
            g.add((mention, POA.refersTo, node))
            _evidence(prov, mention, m, lang, ox.NamedNode(f"{mention.value}-span"))


def _bodies(doc: Document, iris: Iris, g: NamedGraph, facts: Participation, names: _Names, prov: Provenance) -> None:
    for b in facts.bodies:
        node = names.body(b.key)
        g.add((node, RDF.type, BODY_CLASS[b.kind]))
        g.add((node, RDF.type, ORG.OrganizationalUnit))
        g.add((node, RDFS.label, text(b.name_en, "en")))
        g.add((node, SKOS.prefLabel, text(b.name_en, "en")))
        g.add((node, SKOS.prefLabel, text(b.name_ar, "ar")))
        g.add((node, PROV.wasDerivedFrom, names.unit(b.paragraph_eid)))
    labels = {b.key: b.name_en for b in facts.bodies}
    for m in facts.memberships:
        body = names.body(m.body)
        node = ox.NamedNode(f"{body.value}/membership/{m.order}")
        member = names.agent(m.member)
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, member))
        g.add((node, ORG.organization, body))
        g.add((member, ORG.memberOf, body))
        role = f", {names.posts[m.post].role}" if m.post else ""
        g.add((node, RDFS.label, text(f"{names.name(m.member)}: {labels[m.body]}{role}", "en")))
        if m.post is not None:
            g.add((node, ORG.role, role_iri(iris, m.post)))
        g.add((node, POA.order, integer(m.order)))
        g.add((node, PROV.wasDerivedFrom, names.unit(m.member.unit_eid)))
        _evidence(prov, node, m.member, doc.metadata.language)


def _posts(g: NamedGraph, facts: Participation, names: _Names) -> None:
    iris = names.iris
    bureau = next((b for b in facts.bodies if b.kind == "bureau"), None)
    done: set[str] = set()
    for h in facts.holdings:
        d = names.posts[h.post]
        node = names.post(h.post)
        if h.post not in done:
            done.add(h.post)
            g.add((node, RDF.type, POA.Post))
            g.add((node, RDFS.label, text(d.name_en, "en")))
            g.add((node, SKOS.prefLabel, text(d.name_en, "en")))
            g.add((node, SKOS.prefLabel, text(d.name_ar, "ar")))
            g.add((node, ORG.role, role_iri(iris, d.key)))
            if d.headers and bureau is not None:
                g.add((node, ORG.postIn, names.body(bureau.key)))
            if d.organization is not None and d.organization in names.orgs.by_key:
                g.add((node, ORG.postIn, org_iri(iris, names.orgs[d.organization])))
        if h.holder is not None:
            holder = names.agent(h.holder)
            g.add((node, POA.heldBy, holder))
            g.add((holder, POA.holdsPost, node))


def _statements(doc: Document, iris: Iris, g: NamedGraph, facts: Participation, names: _Names,
                prov: Provenance) -> None:
    report_slug = symbol_slug(doc.metadata.symbol)
    per_para: dict[str, int] = {}
    meetings: dict[int, ox.NamedNode] = {}  # plenary meetings typed and numbered already (most statements name one)
    for s in facts.statements:
        per_para[s.paragraph_eid] = per_para.get(s.paragraph_eid, 0) + 1
        node = iris.entity("statement", f"{report_slug}/{s.paragraph_eid}/{per_para[s.paragraph_eid]}")
        speaker = names.agent(s.speaker)
        g.add((node, RDF.type, POA.Statement))
        what = "Opening of the conference by" if s.what == "opening" else "Statement by"
        behalf = [names.name(b) for b in s.on_behalf_of if b.key != s.speaker.key or b.kind != s.speaker.kind]
        tail = f" on behalf of {', '.join(behalf)}" if behalf else ""
        g.add((node, RDFS.label, text(f"{what} {names.name(s.speaker)}{tail}", "en")))
        g.add((node, POA.speaker, speaker))
        for b in s.on_behalf_of:
            target = names.agent(b)
            g.add((node, POA.onBehalfOf, target))
            if b.kind == "member-states":
                _member_states(iris, g, names, b.key)
        for n in s.meetings:
            new = n not in meetings
            if new:
                meetings[n] = iris.meeting(f"plenary-{n}")
            meeting = meetings[n]
            g.add((node, POA.atMeeting, meeting))
            if new:
                g.add((meeting, RDF.type, POA.PlenaryMeeting))
                g.add((meeting, POA.number, integer(n)))
        for d in s.dates:
            g.add((node, DCTERMS.date, typed(d, XSD.date)))
        g.add((node, DCTERMS.type, capacity_iri(iris, s.capacity)))
        g.add((node, POA.order, integer(s.order)))
        g.add((node, PROV.wasDerivedFrom, names.unit(s.paragraph_eid)))
        _evidence(prov, node, s.speaker, doc.metadata.language)


def _member_states(iris: Iris, g: NamedGraph, names: _Names, org_key: str) -> None:
    org = names.orgs[org_key]
    node = member_states_iri(iris, org)
    g.add((node, RDF.type, POA.GroupOfStates))
    g.add((node, RDFS.label, text(f"Member States of the {org.name_en}", "en")))
    g.add((node, SKOS.prefLabel, text(f"Member States of the {org.name_en}", "en")))
    g.add((node, SKOS.prefLabel, text(f"الدول الأعضاء في {org.name_ar}", "ar")))
    g.add((node, DCTERMS.relation, org_iri(iris, org)))
    for iso3 in org.members:
        if iso3 in names.states:
            g.add((iris.state(iso3), POA.memberOf, node))
