"""Every IRI a build mints answers: the ontology and the named graphs as documents of the site, and the 303s to them.

A resource of the data has its page and its RDF documents beside it (:mod:`builder.publish.site`).
Two kinds of IRI under the base are no resource of the data but must answer all the same:

* ``{base}ontology`` -- the ontology (its terms are ``{base}ontology#Term``, and a client strips the
  fragment before it asks): ``ontology.html`` (pyLODE's documentation, with an anchor for every
  term's fragment), ``ontology.ttl``, ``ontology.jsonld`` and ``ontology.nt``;
* ``{base}graph/…`` -- each named graph of the dataset: ``graph/….ttl`` and ``graph/….nt``, its dump.

For a plain static host, the document a browser should see is also written at the extension-less
path itself (the ontology's HTML, a graph's Turtle), and ``.htaccess`` tells Apache httpd to
answer an IRI with a 303 to the document in the format the client asks for (nginx: see
docs/publishing.md). ``poa-kg serve`` does the same with :func:`see_other`, for these documents and
for every resource page: the offers are the formats the site has for that path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from builder.publish.replies import Response, best_variant

#: the representations of a document, in the order of preference when the client has none
DOCUMENT_OFFERS: tuple[tuple[str, str], ...] = (
    ("text/html", ".html"),
    ("application/xhtml+xml", ".html"),
    ("text/turtle", ".ttl"),
    ("application/x-turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/json", ".jsonld"),
    ("application/n-triples", ".nt"),
)
#: the media types a ``Link`` header lists (the aliases above are left out)
LINKED = {"text/html", "text/turtle", "application/ld+json", "application/n-triples"}
ONTOLOGY_PATH = "ontology"
GRAPH_PREFIX = "graph/"

#: Apache httpd (mod_rewrite): an IRI without an extension is answered with a 303 to its document in the
#: format the client names (Turtle, JSON-LD, N-Triples), else to its HTML page, else to its Turtle.
HTACCESS = """\
# Content negotiation for the IRIs of the dataset (Apache httpd with mod_rewrite; AllowOverride FileInfo).
# An IRI without an extension is answered with 303 See Other to the document in the format the client
# asks for, when the site has it: Turtle, JSON-LD, N-Triples, else the HTML page, else Turtle.
Options -MultiViews
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddType application/trig .trig
AddType application/sparql-query .rq
Header append Vary Accept
RewriteEngine On
RewriteCond %{REQUEST_URI} !\\.[A-Za-z]+$
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [R=303,L]
RewriteCond %{REQUEST_URI} !\\.[A-Za-z]+$
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [R=303,L]
RewriteCond %{REQUEST_URI} !\\.[A-Za-z]+$
RewriteCond %{HTTP_ACCEPT} application/n-triples
RewriteCond %{REQUEST_FILENAME}.nt -f
RewriteRule ^(.+)$ $1.nt [R=303,L]
RewriteCond %{REQUEST_URI} !\\.[A-Za-z]+$
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [R=303,L]
RewriteCond %{REQUEST_URI} !\\.[A-Za-z]+$
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [R=303,L]
"""


def see_other(site_file: Callable[[str], Path | None], doc: str, accept: str | None,
              href: Callable[[str], str]) -> Response | None:
    """The answer to a request for the IRI whose documents are ``doc`` + extension, or ``None`` if it has none.

    ``site_file`` gives the file of a site path if there is one; ``href`` the URL path of a site path.
    The answer is a 303 to the document in the negotiated format, or 406 when none is acceptable; both
    carry ``Vary: Accept`` and a ``Link`` to every alternate.
    """
    offers = [(media, ext) for media, ext in DOCUMENT_OFFERS if site_file(doc + ext) is not None]
    if not offers:
        return None
    links = ", ".join(f'</{href(doc + ext)}>; rel="alternate"; type="{media}"'
                      for media, ext in offers if media in LINKED)
    # one variant per document, its media type first and its aliases after (which count only where named)
    variants: dict[str, list[str]] = {}
    for media, ext in offers:
        variants.setdefault(ext, []).append(media)
    chosen = best_variant(accept, list(variants.values()))
    if chosen is None:
        offered = ", ".join(m for m, _ in offers)
        return Response(406, f"not available in the requested format; offered: {offered}\n".encode(),
                        headers=[("Vary", "Accept"), ("Link", links)])
    location = "/" + href(doc + list(variants)[chosen])
    return Response(303, f"See Other: {location}\n".encode(),
                    headers=[("Location", location), ("Vary", "Accept"), ("Link", links)])


# --- the documents of the site ------------------------------------------------------------------


def ontology_documents(ontology: Graph) -> dict[str, bytes]:
    """The ontology's documents by site path: HTML (when pyLODE is installed), Turtle, JSON-LD, N-Triples.

    The JSON-LD is expanded (full IRIs, no context): the data's context has no terms for OWL's axioms.
    """
    import pyoxigraph as ox

    from builder.publish.serialize import to_ntriples, to_turtle

    ntriples = to_ntriples(ontology)  # sorted, blank nodes labelled canonically: the JSON-LD follows that order
    jsonld = ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD)
    assert isinstance(jsonld, bytes)
    files = {
        f"{ONTOLOGY_PATH}.ttl": to_turtle(ontology),
        f"{ONTOLOGY_PATH}.nt": ntriples,
        f"{ONTOLOGY_PATH}.jsonld": jsonld + b"\n",
    }
    html = ontology_html(ontology)
    if html is not None:
        files[f"{ONTOLOGY_PATH}.html"] = files[ONTOLOGY_PATH] = html
    return files


def ontology_html(ontology: Graph) -> bytes | None:
    """pyLODE's documentation of the ontology, with an anchor for each term's fragment; ``None`` without pyLODE.

    pyLODE leaves named individuals out (``poa:yes``): they get a section of their own, from ``ontology``.
    """
    import tempfile

    from builder.ontology import render_ontology_docs

    try:
        with tempfile.TemporaryDirectory(prefix="poa-kg-ontology-") as tmp:
            html = render_ontology_docs(Path(tmp)).read_text(encoding="utf-8")
    except ImportError:
        return None
    return with_individuals(with_term_anchors(html), ontology).encode("utf-8")


_ENTITY = re.compile(r'<div class="property entity" id="(?P<id>[^"]*)">(?P<head>(?:(?!<div class="property).)*?)'
                     r"<code>(?P<iri>[^<#]*#(?P<frag>[^<]+))</code>", re.DOTALL)


def with_term_anchors(html: str) -> str:
    """``html`` with an element whose id is the fragment of each term's IRI, where pyLODE gave it another id.

    pyLODE names a term's section after its label when it can (``report`` for ``poa:Report``); a link to
    ``ontology#Report`` would then land at the top of the page.
    """
    ids = set(re.findall(r'\bid="([^"]*)"', html))

    def anchor(m: re.Match[str]) -> str:
        frag = m.group("frag")
        if frag in ids:
            return m.group(0)
        ids.add(frag)
        return m.group(0).replace(f'id="{m.group("id")}">', f'id="{m.group("id")}"><span id="{frag}"></span>', 1)

    return _ENTITY.sub(anchor, html)


def with_individuals(html: str, ontology: Graph) -> str:
    """``html`` with a section for the terms of the ontology's namespace that have no anchor in it yet."""
    from html import escape

    from rdflib import OWL, RDF, RDFS, Literal

    ids = set(re.findall(r'\bid="([^"]*)"', html))
    ns = f"{ontology_iri(ontology)}#"
    missing = sorted({s for s in ontology.subjects(RDF.type, OWL.NamedIndividual)
                      if isinstance(s, URIRef) and str(s).startswith(ns) and str(s)[len(ns):] not in ids}, key=str)
    if not missing or '<div id="namespaces">' not in html:
        return html
    entries = []
    for term in missing:
        labels = sorted(str(o) for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal))
        types = sorted(str(t) for t in ontology.objects(term, RDF.type) if t != OWL.NamedIndividual)
        rows = "".join(f'<tr><th>Type</th><td><a href="{escape(t[len(ns) - 1:] if t.startswith(ns) else t)}">'
                       f'{escape(t)}</a></td></tr>' for t in types)
        entries.append(f'<div class="property entity" id="{escape(str(term)[len(ns):])}">'
                       f'<h3>{escape(" — ".join(labels) or str(term)[len(ns):])}</h3><table>'
                       f'<tr><th>IRI</th><td><code>{escape(str(term))}</code></td></tr>{rows}</table></div>')
    section = '<div class="section" id="individuals"><h2>Named Individuals</h2>' + "".join(entries) + "</div>\n"
    return html.replace('<div id="namespaces">', section + '      <div id="namespaces">', 1)


def ontology_iri(ontology: Graph) -> str:
    """The IRI of the ontology a graph declares (the project's when it declares none)."""
    from rdflib import OWL, RDF

    declared = sorted(str(s) for s in ontology.subjects(RDF.type, OWL.Ontology))
    return declared[0] if declared else "https://w3id.org/poa-kg/ontology"


def graph_documents(dataset: Dataset, base: str) -> dict[str, bytes]:
    """Each named graph's dump by site path: ``graph/….ttl``, ``graph/….nt``, and its Turtle at ``graph/…``."""
    from builder.publish.serialize import to_ntriples, to_turtle
    from builder.publish.site import resource_path

    files: dict[str, bytes] = {}
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        name = str(graph.identifier)
        if not name.startswith(base + GRAPH_PREFIX) or not len(graph):
            continue
        path = resource_path(name[len(base):])
        files[path + ".ttl"] = files[path] = to_turtle(graph)
        files[path + ".nt"] = to_ntriples(graph)
    return files


def documents_of_minted_iris(dataset: Dataset, base: str) -> Mapping[str, bytes]:
    """Every document :mod:`builder.publish.site` adds for the ontology and the named graphs, and ``.htaccess``.

    The ontology is the one the build published (its graph ``{base}graph/ontology``), else the project's.
    """
    from builder.publish.serialize import load_ontology_graph

    files: dict[str, bytes] = {".htaccess": HTACCESS.encode("utf-8")}
    name = URIRef(f"{base}{GRAPH_PREFIX}ontology")
    ontology = next((g for g in dataset.graphs() if g.identifier == name and len(g)), None)
    if ontology is None:
        ontology = load_ontology_graph()
    if ontology is not None and len(ontology):
        files.update(ontology_documents(ontology))
    files.update(graph_documents(dataset, base))
    return files
