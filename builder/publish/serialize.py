"""Deterministic serializations of the built graphs.

rdflib's Turtle and TriG writers sort subjects and predicates, so with no blank
nodes their output depends only on the graph; N-Triples has no order of its own,
so its lines are sorted here. The same input therefore gives byte-identical files.
"""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.namespace import NamespaceManager

PREFIXES = {
    "poa": "https://w3id.org/poa-kg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}


def bind_prefixes(nm: NamespaceManager) -> None:
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True, replace=True)


def to_turtle(graph: Graph) -> bytes:
    g = Graph()
    bind_prefixes(g.namespace_manager)
    for t in graph:
        g.add(t)
    return g.serialize(format="turtle", encoding="utf-8")


def to_ntriples(graph: Graph) -> bytes:
    raw = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted({ln for ln in raw.split(b"\n") if ln.strip()})
    return b"\n".join(lines) + b"\n"


def to_nquads(ds: Dataset) -> bytes:
    raw = ds.serialize(format="nquads", encoding="utf-8")
    lines = sorted({ln for ln in raw.split(b"\n") if ln.strip()})
    return b"\n".join(lines) + b"\n"


def to_trig(ds: Dataset) -> bytes:
    out = Dataset()
    bind_prefixes(out.namespace_manager)
    for g in sorted(ds.graphs(), key=lambda x: str(x.identifier)):
        if len(g) == 0:
            continue
        target = out.graph(g.identifier)
        for t in g:
            target.add(t)
    return out.serialize(format="trig", encoding="utf-8")
