"""The ontology and the data of a build are OWL 2 DL: the structural check of builder.ontology, the OWL API's
OWL 2 DL profile checker, and HermiT finding ontology + data consistent with no unsatisfiable class. HermiT and
the OWL API come with owlready2 (HermiT.jar) and run on the Java runtime tools/install-jre.sh installs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns

from builder.iri import POA
from builder.ontology import OWL2_DATATYPES, load_ontology, owl2_dl_problems

EX = "https://example.org/"
PROFILE_CHECKER = Path(__file__).parent / "java" / "OwlDlProfile.java"


def _merged(*graphs: Graph) -> Graph:
    out = Graph()
    for g in graphs:
        for t in g:
            out.add(t)
    return out


# --------------------------------------------------------------------------- #
#  the structural check                                                        #
# --------------------------------------------------------------------------- #


def test_the_datatype_map_is_the_one_of_owl2() -> None:
    assert len(OWL2_DATATYPES) == 35
    assert rns.XSD.integer in OWL2_DATATYPES and rns.XSD.dateTime in OWL2_DATATYPES
    assert rns.XSD.gYear not in OWL2_DATATYPES and rns.XSD.date not in OWL2_DATATYPES


def test_profile_check_names_each_kind_of_problem() -> None:
    g = Graph()
    g.add((POA.year, rns.RDF.type, rns.OWL.DatatypeProperty))
    g.add((POA.year, rns.RDFS.range, rns.XSD.gYear))
    g.add((POA.geoArea, rns.RDF.type, rns.OWL.ObjectProperty))
    g.add((POA.geoArea, rns.RDFS.subPropertyOf, rns.RDFS.seeAlso))
    g.add((POA.evidence, rns.RDF.type, rns.OWL.ObjectProperty))
    g.add((POA.evidence, rns.RDFS.subPropertyOf, rns.PROV.wasDerivedFrom))
    g.add((POA.both, rns.RDF.type, rns.OWL.ObjectProperty))
    g.add((POA.both, rns.RDF.type, rns.OWL.DatatypeProperty))
    g.add((POA.hasBallot, rns.RDF.type, rns.OWL.DatatypeProperty))
    g.add((POA.hasBallot, rns.RDF.type, rns.OWL.InverseFunctionalProperty))
    meeting = URIRef(EX + "meeting")
    g.add((meeting, rns.RDF.type, POA.Meeting))
    g.add((meeting, POA.year, Literal("2018", datatype=rns.XSD.gYear)))
    g.add((meeting, POA.geoArea, Literal("250")))
    g.add((meeting, rns.SKOS.notation, Literal("m")))
    assert owl2_dl_problems(g) == [
        "<https://w3id.org/poa-kg/ontology#both> is declared as owl:DatatypeProperty and owl:ObjectProperty",
        "<https://w3id.org/poa-kg/ontology#hasBallot> is an owl:InverseFunctionalProperty but not an object property",
        "<https://w3id.org/poa-kg/ontology#year> has a value of xsd:gYear, which is not in the OWL 2 datatype map",
        "class <https://w3id.org/poa-kg/ontology#Meeting> is used but not declared as an owl:Class",
        "object property <https://w3id.org/poa-kg/ontology#geoArea> has a literal value (<https://example.org/meeting>)",
        "property skos:notation is used but not declared",
        "rdfs:subPropertyOf relates properties of different kinds: "
        "<https://w3id.org/poa-kg/ontology#evidence> (owl:ObjectProperty) and prov:wasDerivedFrom (undeclared)",
        "rdfs:subPropertyOf relates properties of different kinds: "
        "<https://w3id.org/poa-kg/ontology#geoArea> (owl:ObjectProperty) and rdfs:seeAlso (owl:AnnotationProperty)",
        "the range of <https://w3id.org/poa-kg/ontology#year>, xsd:gYear, is not in the OWL 2 datatype map",
    ]


def test_ontology_alone_is_in_owl2_dl() -> None:
    assert owl2_dl_problems(load_ontology()) == []


def test_ontology_and_the_built_graph_are_in_owl2_dl(out_nt: Graph) -> None:
    assert owl2_dl_problems(_merged(load_ontology(), out_nt)) == []


def test_states_are_not_the_same_as_their_m49_area(out_nt: Graph) -> None:
    assert not list(out_nt.triples((None, rns.OWL.sameAs, None)))
    fra = URIRef("https://w3id.org/poa-kg/id/state/FRA")
    assert out_nt.value(fra, POA.geoArea) == URIRef("http://metadata.un.org/sdg/codes/geoArea/250")


def test_years_are_integers(out_nt: Graph) -> None:
    years = [o for p in (POA.year, POA.periodStart, POA.periodEnd) for o in out_nt.objects(None, p)]
    assert len(years) == 28 + 2 * 106
    assert {y.datatype for y in years if isinstance(y, Literal)} == {rns.XSD.integer}
    assert len([y for y in years if isinstance(y, Literal)]) == len(years)


# --------------------------------------------------------------------------- #
#  HermiT                                                                      #
# --------------------------------------------------------------------------- #


def _hermit(g: Graph, tmp: Path) -> list[str]:
    """Run HermiT (owlready2) over ``g``: the IRIs of the unsatisfiable classes; raises when ``g`` is inconsistent."""
    import owlready2

    path = tmp / "merged.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return sorted(c.iri for c in world.inconsistent_classes())


@pytest.mark.slow
def test_hermit_finds_ontology_and_build_consistent_and_every_class_satisfiable(
    out_nt: Graph, tmp_path: Path
) -> None:
    assert _hermit(_merged(load_ontology(), out_nt), tmp_path) == []


@pytest.mark.slow
def test_hermit_finds_a_paragraph_that_both_commits_and_declares_inconsistent(tmp_path: Path) -> None:
    import owlready2

    para = URIRef(EX + "para")
    data = Graph()
    data.add((para, rns.RDF.type, POA.Commitment))
    data.add((para, rns.RDF.type, POA.DeclaratoryStatement))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(_merged(load_ontology(), data), tmp_path)


def _owlapi_dl_violations(g: Graph, tmp: Path) -> list[str]:
    """The OWL API's OWL 2 DL profile violations of ``g``, one line each, then ``violations: N``.

    The OWL API in HermiT.jar (3.4) predates RDF 1.1 and knows the datatype of language-tagged strings by its
    OWL 2 name, rdf:PlainLiteral, not as rdf:langString: the copy it reads says rdf:PlainLiteral.
    """
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    plain = URIRef(str(rns.RDF) + "PlainLiteral")
    copy = Graph()
    for s, p, o in g:
        copy.add((s, p, plain if o == rns.RDF.langString else o))
    path = tmp / "merged.nt"
    copy.serialize(path, format="nt", encoding="utf-8")
    run = subprocess.run(["java", "-cp", str(jar), str(PROFILE_CHECKER), str(path)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


@pytest.mark.slow
def test_owlapi_finds_ontology_and_build_in_the_owl2_dl_profile(out_nt: Graph, tmp_path: Path) -> None:
    assert _owlapi_dl_violations(_merged(load_ontology(), out_nt), tmp_path) == ["violations: 0"]


@pytest.mark.slow
def test_owlapi_reports_a_property_used_undeclared(tmp_path: Path) -> None:
    data = Graph()
    data.add((URIRef(EX + "vote"), rns.PROV.wasInformedBy, URIRef(EX + "meeting")))
    lines = _owlapi_dl_violations(_merged(load_ontology(), data), tmp_path)
    assert lines[-1] == "violations: 1"
    assert lines[0].startswith("UseOfUndeclaredAnnotationProperty: ") and "wasInformedBy" in lines[0]
