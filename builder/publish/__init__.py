"""Publishing: the graph as files other tools read, a linked-data site, a server, a remote store.

This package owns the serializations (:mod:`.serialize`: Turtle, N-Triples,
TriG, N-Quads through pyoxigraph; :mod:`.jsonld`: JSON-LD with its context),
the VoID/DCAT description of a build (:mod:`.describe`), the static
linked-data site (:mod:`.site`), the HTTP server with content negotiation and a
read-only SPARQL endpoint (:mod:`.server`) and uploads to a SPARQL Graph Store
(:mod:`.endpoint`).

It comes after the stages: it reads finished graphs (through
:mod:`builder.outputs.read` for a build folder) and may import
:mod:`builder.iri`, :mod:`builder.graphs`, :mod:`builder.query`,
:mod:`builder.resources` and :mod:`builder.errors`; never segment, extract,
resolve or emit.
"""
