"""The terms a build emits (builder.vocab), the dataset it emits into (builder.dataset), and their readers.

Emission writes pyoxigraph terms; the literal helpers must give what rdflib gave for the same values, so
that the files do not depend on the library that made the terms.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import XSD as RXSD
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from builder.dataset import BuiltDataset
from builder.graphs import OxTerms, TripleView, turtle_graph
from builder.ontology import ONTOLOGY_NAME, load_ontology
from builder.publish.serialize import SortedQuads
from builder.resources import resource_text
from builder.vocab import GEOAREA, POA, RDF, XSD, Vocabulary, boolean, decimal, integer, plain, text, typed

G = ox.NamedNode("https://example.org/kg/graph/report/x")
S = ox.NamedNode("https://example.org/kg/id/state/FRA")


@pytest.mark.parametrize(("made", "rdflib_literal"), [
    (integer(7), Literal(7)),
    (integer(0), Literal(0, datatype=RXSD.integer)),
    (integer(12, XSD.nonNegativeInteger), Literal(12, datatype=RXSD.nonNegativeInteger)),
    (decimal(Decimal("1")), Literal(Decimal("1"), datatype=RXSD.decimal)),
    (decimal(Decimal("1.0")), Literal(Decimal("1.0"), datatype=RXSD.decimal)),
    (decimal(Decimal("0.877")), Literal(Decimal("0.877"), datatype=RXSD.decimal)),
    (boolean(True), Literal(True)),
    (boolean(False), Literal(False)),
    (text("فرنسا", "ar"), Literal("فرنسا", lang="ar")),
    (plain("FRA"), Literal("FRA")),
    (typed("2018-06-18", XSD.date), Literal(datetime.date(2018, 6, 18))),
    (typed("2018", XSD.gYear), Literal("2018", datatype=RXSD.gYear)),
])
def test_a_literal_is_what_rdflib_made_of_the_same_value(made: ox.Literal, rdflib_literal: Literal) -> None:
    assert made == OxTerms()(rdflib_literal)[0]
    assert str(made) == OxTerms()(rdflib_literal)[1]


def test_a_vocabulary_mints_by_attribute_and_by_key() -> None:
    assert POA.Paragraph == ox.NamedNode("https://w3id.org/poa-kg/ontology#Paragraph")
    assert POA["yes"] == POA.yes and GEOAREA["076"].value == "http://metadata.un.org/sdg/codes/geoArea/076"
    assert RDF.type.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert str(Vocabulary("urn:x:")) == "urn:x:"
    with pytest.raises(AttributeError):
        Vocabulary("urn:x:").__deepcopy__  # noqa: B018 - a dunder is not a term


def test_a_named_graph_holds_each_triple_once_in_the_order_first_added() -> None:
    ds = BuiltDataset()
    g = ds.graph(G)
    assert ds.graph(G) is g
    t1, t2 = (S, RDF.type, POA.State), (S, POA.iso2, plain("FR"))
    for t in (t1, t2, t1):
        g.add(t)
    assert list(g) == [t1, t2] and len(ds) == 2 and t1 in g
    assert g.subjects(RDF.type, POA.State) == [S] and g.predicate_objects(S) == [(RDF.type, POA.State),
                                                                                    (POA.iso2, plain("FR"))]
    g.remove(t1)
    g.remove(t1)  # nothing to remove: no error
    assert list(ds.quads()) == [ox.Quad(S, POA.iso2, plain("FR"), G)]
    ds.graph(ox.NamedNode("https://example.org/kg/graph/empty"))
    assert [x.name for x in ds.graphs()] == [G]  # an empty graph is no graph


def test_emitted_quads_are_sorted_by_their_text_and_a_blank_node_is_refused() -> None:
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    quads = [ox.Quad(b, RDF.type, POA.State, G), ox.Quad(a, POA.iso2, plain("ZZ"), G),
             ox.Quad(a, POA.iso2, plain("AA"), G)]
    assert SortedQuads({}, quads).quads == [quads[2], quads[1], quads[0]]
    with pytest.raises(ValueError, match="blank node"):
        SortedQuads({}, [ox.Quad(ox.BlankNode("b0"), RDF.type, POA.State, G)])


def test_the_turtle_reader_gives_rdflibs_graph_with_the_prefixes() -> None:
    text_ = resource_text("ontology", ONTOLOGY_NAME)
    from rdflib import Graph

    by_rdflib = Graph().parse(data=text_, format="turtle")
    ours = turtle_graph([(ONTOLOGY_NAME, text_)])
    assert len(ours) == len(by_rdflib) == len(load_ontology())
    assert isomorphic(ours, by_rdflib)
    assert dict(ours.namespaces())["poa"] == URIRef("https://w3id.org/poa-kg/ontology#")


def test_the_turtle_reader_names_the_document_and_the_place_of_an_error() -> None:
    with pytest.raises(SyntaxError, match=r"^broken\.ttl: .*line 2"):
        turtle_graph([("broken.ttl", "@prefix ex: <urn:x:> .\nex:a ex:b ex:c ex:d .\n")])


def test_the_data_view_refuses_writes_and_counts_each_triple_once() -> None:
    t = (URIRef("urn:x:a"), URIRef("urn:x:p"), BNode("b"))
    view = TripleView([t, t])
    assert len(view) == 1 and list(view) == [t] and t in view
    with pytest.raises(TypeError, match="read-only"):
        view.add(t)


@pytest.mark.parametrize("iso", ["P1W", "P2W", "P5D", "P0D", "P0W", "P12M", "P14M", "P6M", "P2Y", "PT3H", "P1Y2M"])
def test_a_duration_is_written_as_rdflib_wrote_it(iso: str) -> None:
    from builder.emit.meetings import xsd_duration

    assert xsd_duration(iso) == str(Literal(iso, datatype=RXSD.duration))
