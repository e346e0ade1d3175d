"""Who's who: the bureau, the Credentials Committee, speakers, people and posts, and the reference graph."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from builder.arabic.names import transliterate
from builder.extract.participation import conference_symbol, extract_participation
from builder.extract.participation.facts import Participation
from builder.iri import ORG, POA
from builder.model import Document, Issues
from builder.pipeline import BuildResult
from builder.reference_data import References, load_references
from builder.reference_data.people import load_people
from builder.resolve.participation import resolve_participation
from builder.segment import segment_file
from tests.conftest import OTHER, REPORT, cli, copy_report

BASE = "https://w3id.org/poa-kg/"
PEOPLE_HEADER = "key,name_en,name_ar,variants_ar,state_iso3,post,source\n"


def csv_rows(out: Path, name: str) -> list[list[str]]:
    proc = cli("query", name, "--data", str(out), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    return list(csv.reader(io.StringIO(proc.stdout)))


def participation(document: Document, references: References) -> tuple[Participation, Issues]:
    return resolve_participation(extract_participation(document, references), references)


@pytest.fixture(scope="module")
def resolved(document: Document) -> tuple[Participation, Issues]:
    return participation(document, load_references())


@pytest.fixture(scope="module")
def facts(resolved: tuple[Participation, Issues]) -> Participation:
    return resolved[0]


# --------------------------------------------------------------------------- bureau and committee


def test_bureau_query(out_dir: Path) -> None:
    assert csv_rows(out_dir, "bureau") == [
        ["role", "person", "state"],
        ["President", "Jean-Claude Brugger", "FRA"],
        *[["Vice-President", "", s] for s in ("RUS", "EST", "IRN", "SLE", "HRV", "KEN", "EGY", "AUT", "NPL", "JPN",
                                               "GRC")],
    ]


def test_committee_members_query(out_dir: Path) -> None:
    assert csv_rows(out_dir, "committee-members") == [
        ["committee", "state"],
        *[["Credentials Committee", s] for s in ("RUS", "IDN", "URY", "UGA", "IRL", "DMA", "CHN", "CPV", "USA")],
    ]


def test_bodies_posts_and_memberships_in_the_graph(built: BuildResult) -> None:
    g = built.data_graph()
    conf = BASE + "id/role/A-CONF.192-2018-RC/"
    president, vice = URIRef(conf + "president"), URIRef(conf + "vice-president")
    bureau = URIRef(BASE + "id/org/A-CONF.192-2018-RC/bureau")
    committee = URIRef(BASE + "id/org/A-CONF.192-2018-RC/credentials-committee")
    brugger = URIRef(BASE + "id/person/jean-claude-brugger")
    assert (bureau, RDF.type, POA.Bureau) in g and (committee, RDF.type, POA.Committee) in g
    assert set(g.objects(president, POA.heldBy)) == {brugger}
    assert (brugger, POA.holdsPost, president) in g
    assert g.value(president, ORG.postIn) == bureau
    assert g.value(president, ORG.role) == URIRef(BASE + "id/concept/role/president")
    assert len(set(g.objects(vice, POA.heldBy))) == 11
    assert (URIRef(BASE + "id/state/IRN"), POA.holdsPost, vice) in g
    seat = URIRef(f"{committee}/membership/8")
    assert g.value(seat, ORG.member) == URIRef(BASE + "id/state/CPV")
    assert g.value(seat, ORG.organization) == committee
    assert g.value(seat, POA.surfaceForm) == Literal("كابو فيردي", lang="ar")
    assert g.value(seat, POA.decidedBy) == URIRef(BASE + "id/rule/exact")
    assert (URIRef(BASE + "id/state/CPV"), ORG.memberOf, committee) in g


# --------------------------------------------------------------------------- people and posts


def test_the_president_is_one_person_with_both_spellings(built: BuildResult, facts: Participation) -> None:
    [brugger] = [p for p in facts.people if p.key == "jean-claude-brugger"]
    assert brugger.spellings == ("جون كلود - بريني", "جون - كلود بروني")
    assert [m.unit_eid for m in brugger.mentions] == ["para_3", "para_4", "para_7__item_2"]
    assert {m.rule for m in brugger.mentions} == {"people-gazetteer"}
    g = built.data_graph()
    node = URIRef(BASE + "id/person/jean-claude-brugger")
    assert (node, RDF.type, POA.Person) in g
    assert set(g.objects(node, SKOS.prefLabel)) == {Literal("Jean-Claude Brugger", lang="en"),
                                                     Literal("جون - كلود بروني", lang="ar")}
    assert set(g.objects(node, SKOS.altLabel)) == {Literal("جون كلود - بريني", lang="ar")}
    assert g.value(node, POA.represents) == URIRef(BASE + "id/state/FRA")
    assert len(list(g.subjects(POA.refersTo, node))) == 3


def test_secretary_general_and_posts_without_a_holder(built: BuildResult) -> None:
    g = built.data_graph()
    prins = URIRef(BASE + "id/person/daniel-prins")
    post = URIRef(BASE + "id/role/A-CONF.192-2018-RC/secretary-general-of-the-conference")
    assert g.value(post, POA.heldBy) == prins
    assert g.value(prins, ORG.memberOf) == URIRef(BASE + "id/org/office-for-disarmament-affairs")
    assert g.value(prins, POA.represents) is None
    high_rep = URIRef(BASE + "id/role/high-representative-for-disarmament-affairs")
    chef = URIRef(BASE + "id/role/chef-de-cabinet")
    for p in (high_rep, chef):
        assert (p, RDF.type, POA.Post) in g and g.value(p, POA.heldBy) is None
    assert g.value(high_rep, ORG.postIn) == URIRef(BASE + "id/org/office-for-disarmament-affairs")
    [opening] = g.subjects(POA.speaker, high_rep)
    assert g.value(opening, POA.atMeeting) == URIRef(BASE + "id/meeting/A-CONF.192-2018-RC/plenary-1")
    [speech] = g.subjects(POA.speaker, chef)
    assert g.value(speech, POA.onBehalfOf) == URIRef(BASE + "id/org/secretary-general")
    assert g.value(speech, POA.atMeeting) == URIRef(BASE + "id/meeting/A-CONF.192-2018-RC/plenary-1")
    assert str(g.value(speech, DCTERMS.date)) == "2018-06-18"


def test_a_person_not_in_the_gazetteer_by_the_general_rules(document: Document, tmp_path: Path) -> None:
    references = load_references()
    # only one spelling listed: the other is the same person by State (or post) and name similarity
    one = tmp_path / "one.csv"
    one.write_text(PEOPLE_HEADER + "jean-claude-brugger,Jean-Claude Brugger,جون - كلود بروني,,FRA,president,test\n",
                   encoding="utf-8")
    facts, _ = participation(document, dataclasses.replace(references, people=load_people(references.posts, one)))
    [brugger] = [p for p in facts.people if p.key == "jean-claude-brugger"]
    assert [(m.unit_eid, m.rule, m.score) for m in brugger.mentions] == [
        ("para_3", "people-gazetteer-fuzzy", 92.9), ("para_4", "people-gazetteer", 100.0),
        ("para_7__item_2", "people-gazetteer", 100.0)]
    # nobody listed: the three names are grouped into one unlisted person
    none = tmp_path / "none.csv"
    none.write_text(PEOPLE_HEADER, encoding="utf-8")
    facts, issues = participation(document, dataclasses.replace(references, people=load_people(references.posts, none)))
    president = next(p for p in facts.people if len(p.mentions) == 3)
    assert president.key == "ar-jwn-klwd-bryny" and not president.listed and president.state == "FRA"
    assert [m.rule for m in president.mentions] == ["unlisted", "same-post-fuzzy-name", "same-state-fuzzy-name"]
    assert {f.surface for f in issues.flagged} >= {"جون كلود - بريني", "جون - كلود بروني", "دانييل برينس"}


def test_small_helpers() -> None:
    assert conference_symbol("A/CONF.192/2018/RC/3") == "A/CONF.192/2018/RC"
    assert conference_symbol("A/CONF.192/BMS/2016") == "A/CONF.192/BMS"
    assert transliterate("دانييل برينس") == "danyyl-bryns"


# --------------------------------------------------------------------------- speakers


def test_speakers_query(out_dir: Path) -> None:
    rows = csv_rows(out_dir, "speakers")
    assert rows[0] == ["speaker", "kind", "on_behalf_of", "meeting"]
    body = rows[1:]
    states = [r for r in body if r[1] == "state"]
    assert len({r[0] for r in states}) == len(states) == 95
    assert all(r[3] == "plenary 1-4" for r in states)
    groups = {r[0]: r[2] for r in states if r[2]}
    assert groups == {
        "IDN": "Non-Aligned Movement",
        "DZA": "Group of Arab States",
        "ATG": "Caribbean Community",
        "NGA": "Group of African States",
        "PRY": "Southern Common Market (MERCOSUR) and associated States",
    }
    assert states[5:8] == [["MDG", "state", "", "plenary 1-4"], ["CHN", "state", "", "plenary 1-4"],
                           ["CHE", "state", "", "plenary 1-4"]]
    assert states[-1] == ["DJI", "state", "", "plenary 1-4"]
    assert ["European Union", "observer", "Member States of the European Union", "plenary 1-4"] in body
    igo = [r for r in body if r[1] == "igo"]
    assert len(igo) == 11 and all(r[3] == "plenary 5" and r[2] == "" for r in igo)
    assert igo[0][0] == "League of Arab States" and igo[-1][0] == "North Atlantic Treaty Organization"
    assert ["European Union", "igo", "", "plenary 5"] in igo
    ngo = [r for r in body if r[1] == "ngo"]
    assert len(ngo) == 8
    assert ngo[-1] == ["Marjory Stoneman Douglas High School (Parkland, Florida)", "ngo",
                       "International Action Network on Small Arms", "plenary 5"]
    assert len(body) == 95 + 1 + 11 + 8


def test_statements_in_the_graph(built: BuildResult, resolved: tuple[Participation, Issues]) -> None:
    facts, issues = resolved
    g = built.data_graph()
    stmt = BASE + "id/statement/A-CONF.192-2018-RC-3/para_11/"
    dza = URIRef(stmt + "2")
    assert g.value(dza, POA.speaker) == URIRef(BASE + "id/state/DZA")
    assert set(g.objects(dza, POA.onBehalfOf)) == {URIRef(BASE + "id/group/group-of-arab-states"),
                                                   URIRef(BASE + "id/state/DZA")}  # "وباسمها"
    assert {str(m).rsplit("-", 1)[1] for m in g.objects(dza, POA.atMeeting)} == {"1", "2", "3", "4"}
    assert {str(d) for d in g.objects(dza, DCTERMS.date)} == {"2018-06-18", "2018-06-19"}
    [eu] = [s for s in facts.statements if s.capacity == "observer"]
    assert [(b.kind, b.key) for b in eu.on_behalf_of] == [
        ("member-states", "european-union"), ("state", "ALB"), ("state", "BIH"), ("state", "GEO"),
        ("state", "MDA"), ("state", "SRB"), ("state", "MKD"), ("state", "TUR"), ("state", "UKR")]
    group = URIRef(BASE + "id/group/european-union-member-states")
    assert (group, RDF.type, POA.GroupOfStates) in g
    assert (URIRef(BASE + "id/state/DEU"), POA.memberOf, group) in g
    assert not issues.unresolved and not issues.flagged


@pytest.mark.slow  # builds and validates a report of its own
def test_corrupted_committee_fails_validation(tmp_path: Path) -> None:
    text = REPORT.read_text(encoding="utf-8")
    marker = "عيّن المؤتمر الاتحاد الروسي، وإندونيسيا،"
    assert marker in text
    path = copy_report(tmp_path, text.replace(marker, marker + " والاتحاد الروسي،", 1))
    out = tmp_path / "out"
    assert cli("build", str(path), "--out", str(out)).returncode == 0
    proc = cli("validate", "--data", str(out))
    assert proc.returncode == 1
    assert "- Credentials Committee: RUS is listed 2 times." in proc.stdout


# --------------------------------------------------------------------------- the reference graph


def test_reference_graph_has_every_state_and_organization(built: BuildResult) -> None:
    ref = Graph()
    ref.addN((s, p, o, ref) for s, p, o in built.graphs[URIRef(BASE + "graph/reference")])
    states = set(ref.subjects(RDF.type, POA.State))
    assert len(states) == 195
    observers = {str(s).rsplit("/", 1)[1] for s in ref.subjects(RDF.type, POA.ObserverState)}
    assert observers == {"VAT", "PSE"}
    fra = URIRef(BASE + "id/state/FRA")
    assert set(ref.objects(fra, SKOS.prefLabel)) == {Literal("France", lang="en"), Literal("فرنسا", lang="ar")}
    assert ref.value(fra, SKOS.notation) == Literal("FRA") and ref.value(fra, DCTERMS.identifier) == Literal("FRA")
    assert ref.value(fra, POA.iso2) == Literal("FR") and ref.value(fra, POA.m49) == Literal("250")
    area = URIRef("http://metadata.un.org/sdg/codes/geoArea/250")
    assert ref.value(fra, POA.geoArea) == area and ref.value(fra, OWL.sameAs) is None
    assert ref.value(URIRef(BASE + "id/state/AFG"), POA.m49) == Literal("004")
    assert Literal("سانت كيتس ونيفيس", lang="ar") in set(ref.objects(URIRef(BASE + "id/state/KNA"), SKOS.altLabel))
    nam = URIRef(BASE + "id/group/non-aligned-movement")
    assert (nam, RDF.type, POA.GroupOfStates) in ref
    assert set(ref.objects(nam, SKOS.prefLabel)) == {Literal("Non-Aligned Movement", lang="en"),
                                                     Literal("حركة عدم الانحياز", lang="ar")}
    assert (URIRef(BASE + "id/state/IDN"), POA.memberOf, nam) in ref
    assert (URIRef(BASE + "id/org/iansa"), RDF.type, POA.NonGovernmentalOrganization) in ref
    assert (URIRef(BASE + "id/org/european-union"), RDF.type, POA.IntergovernmentalOrganization) in ref


# --------------------------------------------------------------------------- a report of our own making


def test_other_report_bureau_committee_and_speakers(other_out: Path) -> None:
    assert csv_rows(other_out, "bureau") == [
        ["role", "person", "state"],
        ["President", "تاشي نامغيال", "BTN"],
        *[["Vice-President", "", s] for s in ("PLW", "TUV", "LCA", "GRD", "FJI")],
    ]
    assert csv_rows(other_out, "committee-members")[1:] == [
        ["Credentials Committee", s] for s in ("PLW", "BRB", "MHL", "SYC", "GNB", "KIR", "LUX", "MUS", "NOR")]
    assert csv_rows(other_out, "speakers")[1:] == [
        ["CAF", "state", "Group of African States", "plenary 1-3"],
        ["KNA", "state", "Caribbean Community", "plenary 1-3"],
        ["BTN", "state", "Non-Aligned Movement", "plenary 1-3"],
        ["NRU", "state", "", "plenary 1-3"],
        ["VUT", "state", "", "plenary 1-3"],
        ["VAT", "observer", "", "plenary 1-3"],
        ["TON", "state", "", "plenary 1-3"],
        ["European Union", "observer", "Member States of the European Union", "plenary 1-3"],
        ["International Criminal Police Organization (INTERPOL)", "igo", "", "plenary 4"],
        ["World Customs Organization", "igo", "", "plenary 4"],
        ["African Union", "igo", "", "plenary 4"],
        ["World Forum on Shooting Activities", "ngo", "", "plenary 4"],
        ["International Action Network on Small Arms", "ngo", "", "plenary 4"],
    ]


def test_other_report_people_by_the_general_rules() -> None:
    doc = segment_file(OTHER)
    facts, issues = participation(doc, load_references())
    president = next(p for p in facts.people if p.state == "BTN")
    assert president.key == "ar-tashy-namghyal" and not president.listed
    assert president.spellings == ("تاشي نامغيال", "تاشي نامجيال", "تاشي - نامغيال")
    assert [m.rule for m in president.mentions] == ["unlisted", "same-post-fuzzy-name", "same-state-fuzzy-name"]
    secretary = next(p for p in facts.people if p.key != president.key)
    assert (secretary.name_ar, secretary.org) == ("سلمى الحداد", "office-for-disarmament-affairs")
    holders = {h.post: (h.holder.key if h.holder else None) for h in facts.holdings}
    assert holders["president"] == president.key
    assert holders["secretary-general-of-the-conference"] == secretary.key
    assert holders["high-representative-for-disarmament-affairs"] is None
    [tuvalu] = [m.member for m in facts.memberships if m.member.surface == "توفالوا"]
    assert (tuvalu.key, tuvalu.rule) == ("TUV", "fuzzy")
    [vanuatu] = [s.speaker for s in facts.statements if s.speaker.surface == "فانوتو"]
    assert (vanuatu.key, vanuatu.rule) == ("VUT", "fuzzy")
    eu = next(s for s in facts.statements if s.capacity == "observer" and s.speaker.kind == "org")
    assert [b.key for b in eu.on_behalf_of] == ["european-union", "AND", "MCO", "SMR"]
    flagged = {f.surface for f in issues.flagged}
    assert flagged == {"تاشي نامغيال", "تاشي نامجيال", "تاشي - نامغيال", "سلمى الحداد"}


def test_capacities_of_statements_are_those_of_the_data(facts: Participation) -> None:
    # the capacities are data (builder/data/capacities.csv) and the extractor gives only those
    assert {s.capacity for s in facts.statements} == {c.key for c in load_references().capacities}
