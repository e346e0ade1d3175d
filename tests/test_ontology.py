"""The ontology (ontology/poa.ttl): completeness against docs/design.md, labels and definitions in
English and Arabic, alignments, the OWL 2 RL consistency check, the HTML documentation, and the
resource lookup that finds all of it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rns
from rdflib.collection import Collection
from rdflib.term import Node

from builder.iri import DEFAULT_BASE, OA, ORG, POA, SCHEMA, TIME, Iris
from builder.ontology import ONTOLOGY_IRI, check_consistency, load_ontology, render_ontology_docs
from builder.pipeline import BuildResult
from builder.resources import open_resource, resource_names, resource_path, resource_text
from tests.conftest import ROOT

UNDO = Namespace("https://w3id.org/un/ontology/undo/")
ALLOT = Namespace("https://w3id.org/akn/ontology/allot/")
DOCO = Namespace("http://purl.org/spar/doco/")
FABIO = Namespace("http://purl.org/spar/fabio/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

DESIGN = ROOT / "docs" / "design.md"
IRIS = Iris(base=DEFAULT_BASE, symbol="A/CONF.192/2018/RC/3", date="2018-07-06")


@pytest.fixture(scope="module")
def ont() -> Graph:
    return load_ontology()


# --------------------------------------------------------------------------- #
#  the terms named in docs/design.md                                           #
# --------------------------------------------------------------------------- #


def _design_terms() -> tuple[list[str], list[str], list[str]]:
    """Classes, properties and individuals named in design.md's "Ontology terms" section."""
    text = DESIGN.read_text(encoding="utf-8")
    start = text.index("## Ontology terms")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    # the standard (non-poa) properties listed in the section are not ours
    section = re.sub(r"Standard properties used directly:.*?(\n\s*\n|\Z)", "\n\n", section, flags=re.S)
    classes: set[str] = set()
    props: set[str] = set()
    individuals: set[str] = set()
    for token in re.findall(r"`([^`]+)`", section):
        for piece in token.split("/"):
            piece = piece.strip()
            if m := re.fullmatch(r"poa:(\w+)", piece):
                individuals.add(m.group(1))
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,}", piece):
                (classes if piece[0].isupper() else props).add(piece)
    return sorted(classes), sorted(props), sorted(individuals)


DESIGN_CLASSES, DESIGN_PROPERTIES, DESIGN_INDIVIDUALS = _design_terms()


def test_design_section_was_found() -> None:
    assert {"Report", "Paragraph", "Commitment", "State", "Meeting", "RecordedVote", "Ballot"} <= set(DESIGN_CLASSES)
    assert {"number", "text", "isPartOfDocument", "voter", "position", "theme"} <= set(DESIGN_PROPERTIES)
    assert set(DESIGN_INDIVIDUALS) == {"yes", "no", "abstain"}


def _has_lang(g: Graph, s: Node, p: URIRef, lang: str) -> bool:
    return any(isinstance(o, Literal) and o.language == lang and str(o).strip() for o in g.objects(s, p))


def _assert_documented(g: Graph, term: URIRef) -> None:
    for lang in ("en", "ar"):
        assert _has_lang(g, term, rns.RDFS.label, lang), f"{term} has no rdfs:label @{lang}"
        assert _has_lang(g, term, rns.SKOS.definition, lang), f"{term} has no skos:definition @{lang}"
    arabic = [o for o in g.objects(term, rns.RDFS.label) if isinstance(o, Literal) and o.language == "ar"]
    assert all(re.search(r"[\u0600-\u06FF]", str(o)) for o in arabic), f"{term}: @ar label not in Arabic"
    assert (term, rns.RDFS.isDefinedBy, ONTOLOGY_IRI) in g


@pytest.mark.parametrize("name", DESIGN_CLASSES)
def test_design_class_is_declared_and_documented(ont: Graph, name: str) -> None:
    term = POA[name]
    assert (term, rns.RDF.type, rns.OWL.Class) in ont, f"poa:{name} is not declared as an owl:Class"
    _assert_documented(ont, term)


@pytest.mark.parametrize("name", DESIGN_PROPERTIES)
def test_design_property_is_declared_and_documented(ont: Graph, name: str) -> None:
    term = POA[name]
    kinds = {k for k in (rns.OWL.ObjectProperty, rns.OWL.DatatypeProperty) if (term, rns.RDF.type, k) in ont}
    assert len(kinds) == 1, f"poa:{name} must be exactly one of owl:ObjectProperty / owl:DatatypeProperty"
    _assert_documented(ont, term)


@pytest.mark.parametrize("name", DESIGN_INDIVIDUALS)
def test_design_individual_is_declared_and_documented(ont: Graph, name: str) -> None:
    term = POA[name]
    assert (term, rns.RDF.type, POA.Position) in ont
    assert (term, rns.RDF.type, rns.OWL.NamedIndividual) in ont
    _assert_documented(ont, term)


# --------------------------------------------------------------------------- #
#  the ontology as a whole                                                     #
# --------------------------------------------------------------------------- #

DECLARATION_TYPES = {
    rns.OWL.Class,
    rns.OWL.ObjectProperty,
    rns.OWL.DatatypeProperty,
    rns.OWL.AnnotationProperty,
    rns.OWL.NamedIndividual,
}


def _poa_terms(g: Graph) -> set[URIRef]:
    return {n for t in g for n in t if isinstance(n, URIRef) and str(n).startswith(str(POA))}


def _declared(g: Graph) -> set[URIRef]:
    return {s for s, o in g.subject_objects(rns.RDF.type) if o in DECLARATION_TYPES and isinstance(s, URIRef)}


def test_ontology_header(ont: Graph) -> None:
    assert (ONTOLOGY_IRI, rns.RDF.type, rns.OWL.Ontology) in ont
    for p in (rns.DCTERMS.title, rns.DCTERMS.description):
        assert _has_lang(ont, ONTOLOGY_IRI, p, "en") and _has_lang(ont, ONTOLOGY_IRI, p, "ar")
    assert ont.value(ONTOLOGY_IRI, rns.OWL.versionInfo) is not None
    assert ont.value(ONTOLOGY_IRI, rns.OWL.versionIRI) is not None
    assert ont.value(ONTOLOGY_IRI, rns.DCTERMS.license) is not None
    assert ont.value(ONTOLOGY_IRI, rns.DCTERMS.creator) == Literal("poa-kg")


def test_every_poa_term_in_the_ontology_is_declared_and_documented(ont: Graph) -> None:
    missing = _poa_terms(ont) - _declared(ont)
    assert not missing, f"used but not declared: {sorted(missing)}"
    for term in sorted(_poa_terms(ont)):
        _assert_documented(ont, term)


def test_every_poa_term_used_by_code_shapes_queries_and_data_is_declared(ont: Graph) -> None:
    declared = {str(t)[len(str(POA)) :] for t in _declared(ont)}
    used: dict[str, str] = {}
    for path in sorted((ROOT / "builder").rglob("*.py")):
        for name in re.findall(r"\bPOA\.([A-Za-z_]\w*)", path.read_text(encoding="utf-8")):
            used.setdefault(name, str(path.relative_to(ROOT)))
    for folder in ("shapes", "queries", "builder/data"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".ttl", ".rq", ".sparql", ".trig", ".nt"):
                for name in re.findall(r"\bpoa:([A-Za-z_]\w*)", path.read_text(encoding="utf-8")):
                    used.setdefault(name, str(path.relative_to(ROOT)))
    undeclared = {name: where for name, where in used.items() if name not in declared}
    assert not undeclared, f"poa: terms used but not declared in ontology/poa.ttl: {undeclared}"


def test_no_poa_term_is_both_class_and_property(ont: Graph) -> None:
    for term in _poa_terms(ont):
        types = set(ont.objects(term, rns.RDF.type)) & DECLARATION_TYPES
        assert len(types - {rns.OWL.NamedIndividual}) <= 1 or types == {rns.OWL.NamedIndividual}, (term, types)


def test_domains_and_ranges_are_declared_classes_or_datatypes(ont: Graph) -> None:
    classes = set(ont.subjects(rns.RDF.type, rns.OWL.Class))
    for prop in (rns.RDFS.domain, rns.RDFS.range):
        for s, c in ont.subject_objects(prop):
            if (s, rns.RDF.type, rns.OWL.DatatypeProperty) in ont and prop == rns.RDFS.range:
                assert str(c).startswith((str(rns.XSD), str(rns.RDF))), (s, c)
            else:
                assert c in classes, f"{s} {prop} {c}: not a declared class"


# the properties whose subjects (or values) are of unrelated kinds, so that no class is their domain (or range)
WITHOUT_DOMAIN = ["confidence", "decidedBy", "issuingBody", "number", "order", "ref", "sourceSpan", "strength",
                  "surfaceForm", "targetType", "theme"]
WITHOUT_RANGE = ["issuingBody", "refersTo", "speaker", "surfaceForm"]


def test_every_property_has_a_domain_and_a_range_where_one_holds(ont: Graph) -> None:
    props = {p for k in (rns.OWL.ObjectProperty, rns.OWL.DatatypeProperty) for p in ont.subjects(rns.RDF.type, k)
             if str(p).startswith(str(POA))}
    assert sorted(str(p)[len(str(POA)):] for p in props if ont.value(p, rns.RDFS.domain) is None) == WITHOUT_DOMAIN
    assert sorted(str(p)[len(str(POA)):] for p in props if ont.value(p, rns.RDFS.range) is None) == WITHOUT_RANGE


def test_years_are_integers_and_geoarea_is_no_annotation(ont: Graph) -> None:
    for name in ("year", "periodStart", "periodEnd"):
        assert ont.value(POA[name], rns.RDFS.range) == rns.XSD.integer
    assert ont.value(POA.geoArea, rns.RDFS.subPropertyOf) is None
    assert (rns.PROV.wasDerivedFrom, rns.RDF.type, rns.OWL.ObjectProperty) in ont


def test_external_terms_are_only_declared_not_redefined(ont: Graph) -> None:
    for s in set(ont.subjects()):
        if isinstance(s, URIRef) and s != ONTOLOGY_IRI and not str(s).startswith(str(POA)):
            preds = set(ont.predicates(s))
            assert preds <= {rns.RDF.type, rns.RDFS.isDefinedBy}, f"external term {s} is given {preds}"


def test_positions_are_all_different(ont: Graph) -> None:
    members: set[Node] = set()
    for axiom in ont.subjects(rns.RDF.type, rns.OWL.AllDifferent):
        for head in ont.objects(axiom, rns.OWL.members):
            assert isinstance(head, BNode)
            members |= set(Collection(ont, head))
    assert {POA.yes, POA.no, POA.abstain} <= members


@pytest.mark.parametrize(
    ("sub", "sup", "prop"),
    [
        (POA.Report, UNDO.Document, rns.RDFS.subClassOf),
        (POA.Report, FABIO.Report, rns.RDFS.subClassOf),
        (POA.Expression, UNDO.DocumentVersion, rns.RDFS.subClassOf),
        (POA.Paragraph, DOCO.Paragraph, rns.RDFS.subClassOf),
        (POA.Chapter, DOCO.Chapter, rns.RDFS.subClassOf),
        (POA.Resolution, UNDO.Resolution, rns.RDFS.subClassOf),
        (POA.Treaty, UNDO.Treaty, rns.RDFS.subClassOf),
        (POA.State, SCHEMA.Country, rns.RDFS.subClassOf),
        (POA.Organization, ORG.FormalOrganization, rns.RDFS.subClassOf),
        (POA.Person, FOAF.Person, rns.RDFS.subClassOf),
        (POA.Person, ALLOT.Person, rns.RDFS.subClassOf),
        (POA.Post, ORG.Post, rns.RDFS.subClassOf),
        (POA.Meeting, TIME.ProperInterval, rns.RDFS.subClassOf),
        (POA.Meeting, SCHEMA.Event, rns.RDFS.subClassOf),
        (POA.Mention, OA.Annotation, rns.RDFS.subClassOf),
        (POA.RecordedVote, rns.PROV.Activity, rns.RDFS.subClassOf),
        (POA.isPartOfDocument, rns.DCTERMS.isPartOf, rns.RDFS.subPropertyOf),
        (POA.memberOf, ORG.memberOf, rns.RDFS.subPropertyOf),
        (POA.mentionedIn, OA.hasTarget, rns.RDFS.subPropertyOf),
    ],
)
def test_alignment(ont: Graph, sub: URIRef, sup: URIRef, prop: URIRef) -> None:
    assert (sub, prop, sup) in ont


def test_functional_properties(ont: Graph) -> None:
    for name in ("number", "eId", "order", "voter", "position", "realizes"):
        assert (POA[name], rns.RDF.type, rns.OWL.FunctionalProperty) in ont, name


def test_speech_act_classes_are_pairwise_disjoint(ont: Graph) -> None:
    acts = {POA.DeclaratoryStatement, POA.Commitment, POA.Decision}
    found = False
    for axiom in ont.subjects(rns.RDF.type, rns.OWL.AllDisjointClasses):
        for head in ont.objects(axiom, rns.OWL.members):
            assert isinstance(head, BNode)
            if acts <= set(Collection(ont, head)):
                found = True
    assert found


# --------------------------------------------------------------------------- #
#  consistency                                                                 #
# --------------------------------------------------------------------------- #

PARA = URIRef(IRIS.unit("section_II__para_26", in_annex=True).value)
FRA = URIRef(IRIS.state("FRA").value)
VOTE = URIRef(IRIS.vote("outcome").value)
BALLOT = URIRef(f"{VOTE}/FRA")
MEETING = URIRef(IRIS.meeting("plenary-18").value)


def _typical_data() -> Graph:
    """A report with a commitment paragraph, a State, a recorded vote with a ballot, a meeting, a mention."""
    g = Graph()
    work, expr, main, annex, source = (URIRef(n.value)
                                       for n in (IRIS.work, IRIS.expression, IRIS.main, IRIS.annex, IRIS.source))
    g.add((work, rns.RDF.type, POA.Report))
    g.add((work, rns.DCTERMS.identifier, Literal("A/CONF.192/2018/RC/3")))
    g.add((work, POA.hasExpression, expr))
    g.add((expr, rns.RDF.type, POA.Expression))
    g.add((expr, POA.realizes, work))
    g.add((main, rns.RDF.type, POA.ReportBody))
    g.add((annex, rns.RDF.type, POA.Annex))
    g.add((annex, rns.RDF.type, POA.OutcomeDocument))
    g.add((annex, rns.DCTERMS.isPartOf, main))
    g.add((source, rns.RDF.type, POA.SourceText))
    g.add((source, POA.characterCount, Literal(113989, datatype=rns.XSD.integer)))
    section = URIRef(IRIS.unit("section_II", in_annex=True).value)
    g.add((section, rns.RDF.type, POA.Section))
    g.add((PARA, rns.RDF.type, POA.Paragraph))
    g.add((PARA, rns.RDF.type, POA.Commitment))
    g.add((PARA, POA.number, Literal(26, datatype=rns.XSD.integer)))
    g.add((PARA, POA.ref, Literal("II.26")))
    g.add((PARA, POA.eId, Literal("section_II__para_26")))
    g.add((PARA, POA.order, Literal(120, datatype=rns.XSD.integer)))
    g.add((PARA, POA.text, Literal("الاحتفاظ بقوانين وأنظمة", lang="ar")))
    g.add((PARA, rns.DCTERMS.isPartOf, section))
    g.add((PARA, POA.isPartOfDocument, annex))
    g.add((PARA, POA.numberingScope, section))
    selector = URIRef(IRIS.selector(IRIS.unit("section_II__para_26", in_annex=True)).value)
    g.add((PARA, POA.sourceSpan, selector))
    g.add((selector, rns.RDF.type, OA.TextPositionSelector))
    g.add((selector, OA.start, Literal(100, datatype=rns.XSD.nonNegativeInteger)))
    g.add((selector, OA.end, Literal(180, datatype=rns.XSD.nonNegativeInteger)))
    g.add((selector, POA.sourceText, source))
    g.add((PARA, POA.strength, URIRef(IRIS.concept("strengths", "undertake").value)))
    g.add((PARA, POA.theme, URIRef(IRIS.concept("themes", "marking").value)))
    g.add((FRA, rns.RDF.type, POA.State))
    g.add((FRA, POA.geoArea, URIRef("http://metadata.un.org/sdg/codes/geoArea/250")))
    g.add((MEETING, rns.RDF.type, POA.PlenaryMeeting))
    begin = URIRef(f"{MEETING}#beginning")
    g.add((MEETING, TIME.hasBeginning, begin))
    g.add((begin, TIME.inXSDDate, Literal("2018-06-29", datatype=rns.XSD.date)))
    g.add((VOTE, rns.RDF.type, POA.RecordedVote))
    g.add((VOTE, POA.votesOn, annex))
    g.add((VOTE, POA.duringMeeting, MEETING))
    g.add((VOTE, POA.declaredYes, Literal(98, datatype=rns.XSD.integer)))
    g.add((VOTE, POA.declaredNo, Literal(0, datatype=rns.XSD.integer)))
    g.add((VOTE, POA.hasBallot, BALLOT))
    g.add((BALLOT, rns.RDF.type, POA.Ballot))
    g.add((BALLOT, POA.voter, FRA))
    g.add((BALLOT, POA.position, POA.yes))
    mention = URIRef(IRIS.mention(IRIS.unit("section_II__para_26", in_annex=True), 10, 20).value)
    g.add((mention, rns.RDF.type, POA.Mention))
    g.add((mention, POA.mentionedIn, PARA))
    g.add((mention, POA.refersTo, URIRef(IRIS.document("S/RES/2370 (2017)").value)))
    g.add((mention, POA.surfaceForm, Literal("2370 (2017)")))
    g.add((mention, POA.confidence, Literal("1.0", datatype=rns.XSD.decimal)))
    g.add((URIRef(IRIS.document("S/RES/2370 (2017)").value), rns.RDF.type, POA.SecurityCouncilResolution))
    return g


def test_typical_data_is_consistent(ont: Graph) -> None:
    assert check_consistency(_typical_data(), ont) == []


def test_check_leaves_its_inputs_alone(ont: Graph) -> None:
    data = _typical_data()
    sizes = (len(data), len(ont))
    check_consistency(data, ont)
    assert (len(data), len(ont)) == sizes


def test_paragraph_that_both_commits_and_declares_is_reported(ont: Graph) -> None:
    data = _typical_data()
    data.add((PARA, rns.RDF.type, POA.DeclaratoryStatement))
    problems = check_consistency(data, ont)
    assert problems
    assert any(str(PARA) in p and "poa:Commitment" in p and "poa:DeclaratoryStatement" in p for p in problems)


def test_thing_that_is_both_state_and_person_is_reported(ont: Graph) -> None:
    data = _typical_data()
    data.add((FRA, rns.RDF.type, POA.Person))
    problems = check_consistency(data, ont)
    assert any(str(FRA) in p and "poa:Person" in p and "poa:State" in p for p in problems), problems


def test_both_inconsistencies_at_once_name_both_iris(ont: Graph) -> None:
    data = _typical_data()
    data.add((PARA, rns.RDF.type, POA.DeclaratoryStatement))
    data.add((FRA, rns.RDF.type, POA.Person))
    problems = check_consistency(data, ont)
    assert len(problems) >= 2
    assert any(str(PARA) in p for p in problems) and any(str(FRA) in p for p in problems)


def test_inferred_type_clash_is_reported(ont: Graph) -> None:
    """A person as voter is inferred to be a State (range of poa:voter), which clashes with Person."""
    data = _typical_data()
    person = URIRef(IRIS.entity("person", "someone").value)
    data.add((person, rns.RDF.type, POA.Person))
    data.add((BALLOT, POA.voter, person))
    problems = check_consistency(data, ont)
    assert any(str(person) in p and "poa:State" in p for p in problems), problems


def test_ballot_with_two_positions_is_reported(ont: Graph) -> None:
    data = _typical_data()
    data.add((BALLOT, POA.position, POA.abstain))
    problems = check_consistency(data, ont)
    assert any("AllDifferent" in p and str(BALLOT) in p for p in problems), problems


def test_two_values_of_a_functional_datatype_property_are_reported(ont: Graph) -> None:
    data = _typical_data()
    data.add((VOTE, POA.declaredYes, Literal(97, datatype=rns.XSD.integer)))
    problems = check_consistency(data, ont)
    assert any(str(VOTE) in p and "poa:declaredYes" in p for p in problems), problems


def test_same_and_different_is_reported(ont: Graph) -> None:
    data = _typical_data()
    deu = URIRef(IRIS.state("DEU").value)
    data.add((deu, rns.RDF.type, POA.State))
    data.add((FRA, rns.OWL.differentFrom, deu))
    data.add((FRA, rns.OWL.sameAs, deu))
    problems = check_consistency(data, ont)
    assert any(str(FRA) in p and str(deu) in p and "differentFrom" in p for p in problems), problems


def test_nothing_is_reported(ont: Graph) -> None:
    data = _typical_data()
    data.add((FRA, rns.RDF.type, rns.OWL.Nothing))
    assert any(str(FRA) in p and "owl:Nothing" in p for p in check_consistency(data, ont))


def test_ill_typed_literal_is_reported_by_owlrl(ont: Graph) -> None:
    data = _typical_data()
    data.add((PARA, POA.order, Literal("twelve", datatype=rns.XSD.integer)))
    problems = check_consistency(data, ont)
    assert any(p.startswith("OWL RL:") and "twelve" in p for p in problems), problems


def _sample(built: BuildResult) -> Graph:
    """A representative sample of the built graph: a unit of every kind, with everything two links away.

    Seeds: the report and its components, one unit of each class, a recorded vote, a statement, a
    meeting, a state and a mention of each target type; around each, every triple whose subject is
    reached within two links (schemes and the whole gazetteer are left out: they are data, not
    instances of the report).
    """
    data = built.data_graph()
    seeds: set[Node] = set()
    for cls in sorted({o for o in data.objects(None, rns.RDF.type) if str(o).startswith(str(POA))}):
        seeds.update(sorted(data.subjects(rns.RDF.type, cls))[:3])
    for tt in sorted({str(o) for o in data.objects(None, POA.targetType)}):
        target = next(iter(sorted(data.subjects(POA.targetType, Literal(tt)))))
        seeds.update(sorted(data.subjects(POA.refersTo, target))[:1])
    sample = Graph()
    frontier = seeds
    seen: set[Node] = set()
    for _ in range(3):
        nxt: set[Node] = set()
        for s in frontier - seen:
            seen.add(s)
            for t in data.triples((s, None, None)):
                sample.add(t)
                if isinstance(t[2], URIRef) and str(t[2]).startswith(DEFAULT_BASE):
                    nxt.add(t[2])
        frontier = nxt
    return sample


@pytest.mark.slow  # the OWL RL closure of a sample of 2,000 triples
def test_a_sample_of_the_built_report_is_consistent_with_the_ontology(built: BuildResult, ont: Graph) -> None:
    sample = _sample(built)
    assert len(sample) > 2000
    kinds = {str(o).rsplit("#", 1)[-1] for o in sample.objects(None, rns.RDF.type) if str(o).startswith(str(POA))}
    assert {"Paragraph", "Commitment", "Decision", "DeclaratoryStatement", "Mention", "RecordedVote", "Ballot",
            "State", "PlenaryMeeting", "Statement", "ListItem", "TopicHeading"} <= kinds
    assert check_consistency(sample, ont) == []


# --------------------------------------------------------------------------- #
#  documentation                                                               #
# --------------------------------------------------------------------------- #


def test_render_docs_writes_html_with_class_labels(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    path = render_ontology_docs(tmp_path / "docs")
    assert path == tmp_path / "docs" / "ontology.html"
    html = path.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    for label in ("recorded vote", "commitment", "paragraph", "تصويت مسجل", "التزام"):
        assert label in html, label
    assert "https://w3id.org/poa-kg/ontology#Meeting" in html
    assert (root.level, list(root.handlers)) == before, "rendering changed the root logger"


# --------------------------------------------------------------------------- #
#  builder.resources                                                           #
# --------------------------------------------------------------------------- #


def test_resource_text_reads_the_top_level_file() -> None:
    assert resource_text("ontology", "poa.ttl") == (ROOT / "ontology" / "poa.ttl").read_text(encoding="utf-8")
    with open_resource("ontology", "poa.ttl") as fh:
        assert "owl:Ontology" in fh.read()
    assert resource_path("ontology", "poa.ttl").is_file()


def test_resource_names_lists_files() -> None:
    assert "poa.ttl" in resource_names("ontology")
    assert resource_names("ontology", suffix=".ttl") == [n for n in resource_names("ontology") if n.endswith(".ttl")]


@pytest.mark.parametrize("name", ["", "../pyproject.toml", "/etc/passwd", "a/../../x", "./poa.ttl"])
def test_resource_names_cannot_escape(name: str) -> None:
    with pytest.raises(ValueError):
        resource_path("ontology", name)


def test_unknown_kind_and_missing_name() -> None:
    with pytest.raises(ValueError):
        resource_text("secrets", "x")
    with pytest.raises(FileNotFoundError):
        resource_text("ontology", "no-such-file.ttl")
