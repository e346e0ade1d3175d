"""The RDF terms a build writes, as pyoxigraph terms: the vocabularies and the literals of emission.

Emission (:mod:`builder.emit`) writes pyoxigraph terms straight into the
build's dataset (:mod:`builder.dataset`), which pyoxigraph serializes and
loads without any conversion; rdflib terms are made from them only where a
library needs rdflib (pySHACL, the JSON-LD and VoID writers), in
:mod:`builder.graphs`. Readers of a finished graph keep using the rdflib
namespaces of :mod:`builder.iri`; the IRIs are the same strings.

A :class:`Vocabulary` mints a term per attribute (``POA.Paragraph``) or key; the
literal helpers give the lexical forms rdflib would give the same Python
values, so that a graph is the same whichever library wrote it.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

#: what a triple's subject may be
Subject = ox.NamedNode | ox.BlankNode
#: what a triple's object may be
Term = ox.NamedNode | ox.BlankNode | ox.Literal
#: a triple as emission writes it
Triple = tuple[Subject, ox.NamedNode, Term]


class Vocabulary:
    """A namespace whose attributes are its terms: ``POA.Paragraph`` is ``<…/ontology#Paragraph>``."""

    __slots__ = ("iri",)

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):  # copy, pickle and friends ask for dunders that a namespace does not have
            raise AttributeError(name)
        return ox.NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> ox.NamedNode:
        """The term ``name`` when it comes as a value, or is not a Python identifier (``VOID["class"]``)."""
        return ox.NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
OWL = Vocabulary("http://www.w3.org/2002/07/owl#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Vocabulary("http://purl.org/dc/terms/")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
OA = Vocabulary("http://www.w3.org/ns/oa#")
ORG = Vocabulary("http://www.w3.org/ns/org#")
TIME = Vocabulary("http://www.w3.org/2006/time#")
SCHEMA = Vocabulary("https://schema.org/")
POA = Vocabulary("https://w3id.org/poa-kg/ontology#")
UNDO = Vocabulary("https://w3id.org/un/ontology/undo/")
ALLOT = Vocabulary("https://w3id.org/akn/ontology/allot/")
SDG = Vocabulary("http://metadata.un.org/sdg/")
SDGO = Vocabulary("http://metadata.un.org/sdg/ontology#")
GEOAREA = Vocabulary("http://metadata.un.org/sdg/codes/geoArea/")

_INTEGER = XSD.integer
_DECIMAL = XSD.decimal
_BOOLEAN = XSD.boolean


def text(value: str, lang: str) -> ox.Literal:
    """A string in a language: ``"…"@ar``."""
    return ox.Literal(value, language=lang)


def plain(value: str) -> ox.Literal:
    """A string with no language (an ``xsd:string``): codes, keys, symbols."""
    return ox.Literal(value)


def typed(lexical: str, datatype: ox.NamedNode) -> ox.Literal:
    """A literal of ``datatype`` written as ``lexical`` (a date, a year, an offset)."""
    return ox.Literal(lexical, datatype=datatype)


def integer(n: int, datatype: ox.NamedNode = _INTEGER) -> ox.Literal:
    """A whole number as an ``xsd:integer`` (or another integer ``datatype``)."""
    return ox.Literal(str(int(n)), datatype=datatype)


def decimal(value: Decimal) -> ox.Literal:
    """An ``xsd:decimal`` written as Python writes the :class:`~decimal.Decimal` (``1``, ``0.95``, ``1.0``)."""
    return ox.Literal(str(value), datatype=_DECIMAL)


def boolean(value: bool) -> ox.Literal:
    """``true`` or ``false`` as an ``xsd:boolean``."""
    return ox.Literal("true" if value else "false", datatype=_BOOLEAN)
