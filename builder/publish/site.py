"""A static linked-data site: one HTML page per resource, with Turtle, JSON-LD and N-Triples beside it.

Layout of the site folder (the folder stands for the base IRI)::

    index.html                the dataset description and the competency queries
    context.jsonld            the JSON-LD context the per-resource documents use
    dumps/                    graph.nt, graph.ttl, graph.jsonld (+ context.jsonld), dataset.trig, dataset.nq, void.ttl
    queries/NAME.rq           the competency queries
    <path>.html .ttl .jsonld .nt   one set per resource IRI ``{base}<path>``
    ontology .html .ttl .jsonld .nt   the ontology ``{base}ontology`` (HTML also at ``ontology`` itself)
    graph/<name>.ttl .nt      each named graph ``{base}graph/<name>`` (Turtle also at ``graph/<name>``)
    .htaccess                 content negotiation for Apache httpd (builder.publish.dereference)

A resource IRI ``{base}a/b!c`` maps to the file path ``a/b%21c`` + extension:
each path segment is percent-encoded except for ASCII letters, digits and
``-._~``; ``.``/``..`` segments and a final segment that already ends in one of
the extensions get their dots encoded, so the mapping is one-to-one, never
leaves the folder and never collides with a page's own file. A hash IRI
(``…/para_1#span``) is described on the page of its document IRI, under the
anchor ``#span``.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, VOID
from rdflib.term import Node

from builder.errors import DataError, OutputError, QueryError, SiteError, os_errors_as
from builder.iri import DEFAULT_BASE, OA, POA, bind_prefixes
from builder.outputs.read import (
    build_file,
    build_folder,
    iris_from_graph,
    load_dataset,
    load_void,
    open_store,
    report_paths,
)
from builder.publish.serialize import to_ntriples, to_turtle

EXTENSIONS = (".html", ".ttl", ".jsonld", ".nt")
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rq": "application/sparql-query; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}
ALTERNATES = ((".ttl", "text/turtle", "Turtle"), (".jsonld", "application/ld+json", "JSON-LD"),
              (".nt", "application/n-triples", "N-Triples"))
MARKER = ".poa-kg-site"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "yi"}
SAMPLE_ROWS = 10
INCOMING_LIMIT = 500
EXCERPT_LIMIT = 6000
SERVED = ("sparql", "context.jsonld", "index.html")  # paths under the base that are not resources
DUMP_FILES = ("graph.nt", "graph.ttl", "graph.jsonld", "context.jsonld", "dataset.trig", "dataset.nq", "void.ttl")


# --- IRI → file path -------------------------------------------------------------------------


def segment_name(segment: str) -> str:
    """The file-system name of one IRI path segment (see the module docstring)."""
    if segment == "":
        return "%-"  # an empty segment; "%-" is never produced by percent-encoding
    enc = quote(segment, safe="")
    if enc in (".", ".."):
        enc = enc.replace(".", "%2E")
    if len(enc) > 200:
        enc = enc[:150] + "~" + hashlib.sha256(segment.encode("utf-8")).hexdigest()[:16]
    return enc


def resource_path(rel: str) -> str:
    """The extension-less file path of the resource ``{base}rel`` (``rel`` has no fragment)."""
    parts = [segment_name(s) for s in rel.split("/")]
    last = parts[-1]
    for ext in EXTENSIONS:
        if last.endswith(ext):
            parts[-1] = last[: -len(ext)] + "%2E" + ext[1:]
            break
    return "/".join(parts)


def href_for(path: str) -> str:
    """A relative URL reference for a file path of the site (each segment percent-encoded once more)."""
    return "/".join(quote(p, safe="") for p in path.split("/"))


def relative_href(from_file: str, to_file: str) -> str:
    """The relative URL from the page ``from_file`` to the file ``to_file`` (both site paths)."""
    start = posixpath.dirname(from_file) or "."
    return href_for(posixpath.relpath(to_file, start))


# --- inputs ----------------------------------------------------------------------------------


@dataclass
class SiteData:
    """What a site is made from: the data, its description, the ontology, the source texts."""

    data: Graph
    dataset: Dataset
    void: Graph
    ontology: Graph | None
    base: str
    sources: dict[str, str] = field(default_factory=dict)  # SourceText IRI -> text
    data_path: Path | None = None
    void_generated: bool = False  # the description was made here (no void.ttl, or another build date)


def _is_ontology_graph(identifier: Node) -> bool:
    return "/graph/ontology" in str(identifier)


def find_sources(data: Graph, candidates: Iterable[Path]) -> dict[str, str]:
    """Source texts whose SHA-256 matches a ``poa:SourceText`` of the graph: IRI → text."""
    wanted: dict[str, str] = {}
    for node in data.subjects(RDF.type, POA.SourceText):
        recorded = data.value(node, POA.sha256)
        if recorded is not None:
            wanted[str(recorded)] = str(node)
    found: dict[str, str] = {}
    seen: set[Path] = set()
    for path in candidates:
        try:
            resolved = path.resolve()
            if resolved in seen or not resolved.is_file():
                continue
            seen.add(resolved)
            text = resolved.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in wanted:
            found[wanted[digest]] = text
    return found


def source_candidates(data: Path, extra: Sequence[Path]) -> list[Path]:
    """Where the report texts may be: ``--source`` files, the paths of build-report.json, the bundled corpus."""
    out = list(extra)
    folder = build_folder(data)
    for p in report_paths(data):
        out += [p, folder / p, folder / p.name]
    corpus = Path(__file__).resolve().parent.parent.parent / "corpus"
    if corpus.is_dir():
        out += sorted(corpus.glob("*.txt"))
    return out


def load_site_data(data: Path, sources: Sequence[Path] = (), build_date: str | None = None) -> SiteData:
    """Read a build folder (or one RDF file) and everything the site shows beside the data."""
    from builder.graphs import read_graphs
    from builder.publish.describe import contact_point_of, describe_dataset
    from builder.publish.serialize import load_ontology_graph

    ds = load_dataset(data)
    g = Graph()
    bind_prefixes(g.namespace_manager)
    onto_in_data: Graph | None = None
    for ctx in ds.graphs():
        if _is_ontology_graph(ctx.identifier):
            onto_in_data = ctx
            continue
        for t in ctx:
            g.add(t)
    if len(g) == 0:
        raise DataError(f"{data}: the data is empty")
    iris = iris_from_graph(g)
    built_void = load_void(data)
    void = built_void if build_date is None else None
    generated = False
    if void is None:
        void = Graph()
        bind_prefixes(void.namespace_manager)
        if iris:
            generated = True
            contact = contact_point_of(built_void) if built_void is not None else None
            for t in describe_dataset(read_graphs(ds), iris, build_date=build_date, contact_point=contact):
                void.add(t)
    base = next((str(o) for o in void.objects(None, VOID.uriSpace)), "") or (iris[0].base if iris else DEFAULT_BASE)
    ontology = load_ontology_graph()
    if onto_in_data is not None and len(onto_in_data):
        merged = Graph()
        for t in onto_in_data:
            merged.add(t)
        if ontology is not None:
            for t in ontology:
                merged.add(t)
        ontology = merged
    return SiteData(data=g, dataset=ds, void=void, ontology=ontology, base=base,
                    sources=find_sources(g, source_candidates(data, sources)), data_path=data,
                    void_generated=generated)


# --- the pages -------------------------------------------------------------------------------


def _lang_literal(g: Graph, s: Node, preds: Sequence[URIRef], lang: str | None) -> str | None:
    for p in preds:
        for o in sorted(g.objects(s, p), key=str):
            if isinstance(o, Literal) and (lang is None or o.language == lang):
                return str(o)
    return None


LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


class Site:
    """Renders one page per local resource of ``SiteData``; keeps only per-site state."""

    def __init__(self, sd: SiteData) -> None:
        import jinja2

        from builder.publish.jsonld import build_context

        self.sd = sd
        self.base = sd.base
        self.graph = Graph()
        bind_prefixes(self.graph.namespace_manager)
        for src in (sd.data, sd.void):
            for t in src:
                self.graph.add(t)
        self.prefixes = sorted(((p, str(ns)) for p, ns in self.graph.namespace_manager.namespaces() if p),
                               key=lambda pn: -len(pn[1]))
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("builder", "templates"),
                                      autoescape=jinja2.select_autoescape(["html"]),
                                      undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        self.context = build_context(sd.data, sd.ontology)
        self.ontology = sd.ontology if sd.ontology is not None else Graph()
        # document IRI (no fragment) -> the subjects described on its page
        self.docs: dict[str, list[URIRef]] = defaultdict(list)
        for s in set(self.graph.subjects()):
            if isinstance(s, URIRef) and str(s).startswith(self.base):
                doc = str(s).split("#", 1)[0]
                if doc != self.base.rstrip("/") and len(doc) > len(self.base):
                    self.docs[doc].append(s)
        self.partition_of: dict[str, str] = {}
        for part, cls in self.graph.subject_objects(VOID["class"]):
            if str(part) in self.docs:
                self.partition_of[str(cls)] = str(part)

    # -- naming -----------------------------------------------------------------------------
    def page_path(self, doc_iri: str, ext: str = ".html") -> str:
        return resource_path(doc_iri[len(self.base):]) + ext

    def curie(self, iri: str) -> str:
        """``poa:text`` for a term of a bound namespace, else the IRI."""
        for prefix, ns in self.prefixes:
            local = iri[len(ns):]
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", local):
                return f"{prefix}:{local}"
        return iri

    def label(self, node: Node) -> str:
        for g in (self.graph, self.ontology):
            text = _lang_literal(g, node, LABEL_PREDICATES, "en") or _lang_literal(g, node, LABEL_PREDICATES, None)
            if text:
                return text
        if isinstance(node, URIRef):
            iri = str(node)
            if iri.startswith(self.base):
                doc, _, frag = iri.partition("#")
                tail = doc.rstrip("/").rsplit("/", 1)[-1]
                return f"{tail}#{frag}" if frag else tail
            return self.curie(iri)
        return str(node)

    def link(self, node: Node, from_file: str, text: str | None = None) -> dict[str, Any]:
        """A value for the templates: a link (local page, local file or external IRI) or a literal."""
        if isinstance(node, Literal):
            lang = node.language or ""
            dt = "" if node.datatype is None or lang else self.curie(str(node.datatype))
            return {"kind": "literal", "text": str(node), "lang": lang,
                    "dir": ("rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr") if lang else "", "datatype": dt}
        if not isinstance(node, URIRef):
            return {"kind": "iri", "text": str(node)}
        iri = str(node)
        doc, _, frag = iri.partition("#")
        shown = text if text is not None else self.label(node)
        if doc in self.docs:
            href = relative_href(from_file, self.page_path(doc))
            if frag:
                href += "#" + quote(frag, safe="")
            return {"kind": "link", "href": href, "text": shown, "local": True, "note": ""}
        if iri.rstrip("/") == self.base.rstrip("/"):
            return {"kind": "link", "href": relative_href(from_file, "index.html"), "text": shown,
                    "local": True, "note": ""}
        rel = iri[len(self.base):].split("#", 1)[0] if iri.startswith(self.base) else None
        if rel is not None and (rel in SERVED or (rel.startswith("dumps/") and rel[6:] in DUMP_FILES)):
            # not a resource with a page, but a file of the site (a dump) or the SPARQL endpoint
            return {"kind": "link", "href": relative_href(from_file, rel), "text": shown, "local": True, "note": ""}
        if iri.startswith(("http://", "https://")):
            return {"kind": "link", "href": iri, "text": shown, "local": False, "note": ""}
        return {"kind": "iri", "text": iri}

    def prop_label(self, p: Node) -> tuple[str, str]:
        curie = self.curie(str(p))
        text = _lang_literal(self.ontology, p, (RDFS.label, SKOS.prefLabel), "en")
        return (text or curie, curie)

    # -- one page ---------------------------------------------------------------------------
    def rows(self, s: URIRef, from_file: str, skip: Iterable[URIRef] = ()) -> list[dict[str, Any]]:
        skipped = set(skip)
        by_prop: dict[Node, list[Node]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(s):
            if p not in skipped:
                by_prop[p].append(o)
        out = []
        for p in sorted(by_prop, key=lambda x: (x != RDF.type, self.prop_label(x)[0].lower(), str(x))):
            label, curie = self.prop_label(p)
            values = sorted(by_prop[p], key=lambda o: (isinstance(o, Literal), str(o)))
            out.append({"iri": str(p), "label": label, "curie": curie,
                        "values": [self.link(o, from_file) for o in values]})
        return out

    def excerpts(self, s: URIRef, from_file: str) -> list[dict[str, Any]]:
        """The source excerpts of ``s``: through its ``poa:sourceSpan``s, or ``s`` itself when it is a selector."""
        selectors = sorted(self.graph.objects(s, POA.sourceSpan), key=str)
        if (s, OA.start, None) in self.graph:
            selectors.append(s)
        out = []
        for sel in selectors:
            start, end = self.graph.value(sel, OA.start), self.graph.value(sel, OA.end)
            src = self.graph.value(sel, POA.sourceText) or self.graph.value(sel, OA.hasSource)
            if start is None or end is None:
                continue
            try:
                a, b = int(str(start)), int(str(end))
            except ValueError:
                continue
            text = self.sd.sources.get(str(src)) if src is not None else None
            excerpt = None if text is None else text[a:b]
            if excerpt is not None and len(excerpt) > EXCERPT_LIMIT:
                excerpt = excerpt[:EXCERPT_LIMIT] + " …"
            src_link = self.link(src, from_file) if src is not None else None
            lang = str(self.graph.value(s, DCTERMS.language) or "ar")
            out.append({"start": a, "end": b, "text": excerpt, "lang": lang if len(lang) <= 3 else "ar",
                        "source_href": src_link["href"] if src_link and src_link["kind"] == "link" else "",
                        "source_label": self.label(src) if src is not None else "the source text"})
        return out

    def parent_chain(self, s: URIRef, from_file: str) -> list[dict[str, Any]]:
        chain: list[dict[str, Any]] = []
        seen = {s}
        cur = self.graph.value(s, DCTERMS.isPartOf)
        while isinstance(cur, URIRef) and cur not in seen and len(chain) < 20:
            seen.add(cur)
            chain.append(self.link(cur, from_file))
            cur = self.graph.value(cur, DCTERMS.isPartOf)
        return list(reversed(chain))

    def order_key(self, node: Node) -> tuple[int, str]:
        o = self.graph.value(node, POA.order)
        try:
            return (int(str(o)) if o is not None else 1 << 62, str(node))
        except ValueError:
            return (1 << 62, str(node))

    def description(self, doc: str) -> Graph:
        """The resource's concise bounded description, with the hash IRIs described on its page."""
        out = Graph()
        bind_prefixes(out.namespace_manager)
        todo: list[Node] = list(self.docs[doc])
        seen: set[Node] = set()
        while todo:
            s = todo.pop()
            if s in seen:
                continue
            seen.add(s)
            for p, o in self.graph.predicate_objects(s):
                out.add((s, p, o))
                if not isinstance(o, (URIRef, Literal)):
                    todo.append(o)  # a blank node: part of the bounded description
        return out

    def render_resource(self, doc: str) -> dict[str, bytes]:
        from builder.publish.jsonld import to_jsonld

        page = self.page_path(doc)
        subject = URIRef(doc)
        root = relative_href(page, "index.html")[: -len("index.html")]
        main_exists = (subject, None, None) in self.graph
        texts = [{"text": str(o), "lang": o.language or "ar"}
                 for o in sorted(self.graph.objects(subject, POA.text), key=str) if isinstance(o, Literal)]
        headings = [] if texts else [{"text": str(o), "lang": o.language or "ar"}
                                     for o in sorted(self.graph.objects(subject, POA.heading), key=str)
                                     if isinstance(o, Literal)]
        parent_node = self.graph.value(subject, DCTERMS.isPartOf)
        parent = self.link(parent_node, page) if isinstance(parent_node, URIRef) else None
        types = [self.class_link(t, page) for t in sorted(self.graph.objects(subject, RDF.type), key=str)]
        fragments = []
        for h in sorted(self.docs[doc], key=str):
            if h == subject:
                continue
            anchor = str(h).split("#", 1)[1] if "#" in str(h) else str(h)
            # the page's own span is shown at the top already
            shown_above = (subject, POA.sourceSpan, h) in self.graph
            fragments.append({"anchor": anchor, "iri": str(h), "title": self.label(h),
                              "rows": self.rows(h, page), "excerpts": [] if shown_above else self.excerpts(h, page)})
        incoming_all = sorted(
            ((s2, p2) for s2, p2 in self.graph.subject_predicates(subject)
             if isinstance(s2, URIRef) and str(s2).split("#", 1)[0] != doc),
            key=lambda sp: (self.prop_label(sp[1])[0], self.order_key(sp[0])))
        incoming = [{"subject": self.link(s2, page), "label": self.prop_label(p2)[0]}
                    for s2, p2 in incoming_all[:INCOMING_LIMIT]]
        instances = []
        cls = self.graph.value(subject, VOID["class"])
        if cls is not None:
            members = sorted(self.sd.data.subjects(RDF.type, cls), key=self.order_key)
            instances = [self.link(m, page) for m in members]
        full_source = self.sd.sources.get(doc)
        alternates = [{"type": mt, "label": name, "href": relative_href(page, self.page_path(doc, ext))}
                      for ext, mt, name in ALTERNATES]
        html = self.env.get_template("resource.html").render(
            title=self.label(subject) if main_exists else doc[len(self.base):], iri=doc, root=root,
            types=types, texts=texts, heading_texts=headings, parent=parent,
            breadcrumb=self.parent_chain(subject, page), excerpts=self.excerpts(subject, page),
            rows=self.rows(subject, page, skip=(RDF.type,)), fragments=fragments, instances=instances,
            incoming=incoming, incoming_more=max(0, len(incoming_all) - INCOMING_LIMIT),
            full_source=full_source, full_source_lang="ar", alternates=alternates)
        desc = self.description(doc)
        ctx_ref = relative_href(self.page_path(doc, ".jsonld"), "context.jsonld")
        return {
            page: html.encode("utf-8"),
            self.page_path(doc, ".ttl"): to_turtle(desc),
            self.page_path(doc, ".nt"): to_ntriples(desc),
            self.page_path(doc, ".jsonld"): to_jsonld(desc, self.context, ctx_ref, base=self.base),
        }

    def class_link(self, cls: Node, from_file: str) -> dict[str, Any]:
        part = self.partition_of.get(str(cls))
        if part is not None:
            return {"kind": "link", "href": relative_href(from_file, self.page_path(part)),
                    "text": self.curie(str(cls)), "local": True, "note": ""}
        return self.link(cls, from_file, text=self.curie(str(cls)))

    # -- the index ----------------------------------------------------------------------------
    def render_index(self, query_samples: Mapping[str, Any]) -> bytes:
        from builder.publish.describe import description_of
        from builder.query import list_queries

        d = description_of(self.sd.void)
        page = "index.html"
        queries = []
        for q in list_queries():
            sample = query_samples.get(q.name)
            run = "" if q.parameters else "sparql?query=" + quote(q.text, safe="")
            queries.append({
                "name": q.name, "question": q.question, "columns": list(q.columns),
                "parameters": [{"name": p.name, "type": p.type, "description": p.description} for p in q.parameters],
                "file": f"queries/{quote(q.name, safe='')}.rq", "run": run,
                "sample": sample if isinstance(sample, dict) else None,
                "error": sample if isinstance(sample, str) else "",
            })
        roots = [self.link(r, page) for r in sorted(self.sd.data.subjects(RDF.type, POA.Report), key=str)]
        roots += [self.link(r, page) for r in sorted(self.sd.data.subjects(RDF.type, POA.OutcomeDocument), key=str)]
        classes = [{"link": self.class_link(URIRef(c), page), "count": n} for c, n, _ in d.get("classes", [])]  # type: ignore[attr-defined]
        ds_iri = str(d.get("iri", ""))
        return self.env.get_template("index.html").render(
            title="PoA knowledge graph", root="", d=d,
            dataset_link=self.link(URIRef(ds_iri), page) if ds_iri else None,
            sources=[self.link(URIRef(str(s)), page) for s in d.get("sources", [])],  # type: ignore[attr-defined]
            dumps=[{"name": n, "href": f"dumps/{n}"} for n in DUMP_FILES],
            roots=roots, classes=classes, queries=queries,
            alternates=[{"type": "text/turtle", "href": "dumps/void.ttl"}],
        ).encode("utf-8")


def query_samples(store: Any) -> dict[str, Any]:
    """For each competency query without parameters, its first rows; for the others nothing."""
    from builder.query import list_queries, run_on_store

    out: dict[str, Any] = {}
    for q in list_queries():
        if q.parameters:
            continue
        try:
            res = run_on_store(q, store, {})
        except (QueryError, SyntaxError, OSError, ValueError) as exc:
            out[q.name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            continue
        rows = [[v if len(v) <= 300 else v[:299] + "…" for v in r] for r in res.rows[:SAMPLE_ROWS]]
        out[q.name] = {"columns": list(res.columns), "rows": rows, "total": len(res.rows)}
    return out


def open_store_for(sd: SiteData) -> Any:
    """A pyoxigraph store of the site's dataset (for query samples and the server)."""
    import pyoxigraph as ox

    if sd.data_path is not None:
        return open_store(sd.data_path)
    store = ox.Store()
    store.load(sd.dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def render_site(sd: SiteData, store: Any | None = None) -> dict[str, bytes]:
    """Every file of the site, by its path in the site folder."""
    from builder.publish.dereference import documents_of_minted_iris
    from builder.publish.jsonld import context_bytes, to_jsonld
    from builder.publish.serialize import to_nquads, to_trig
    from builder.resources import resource_text

    site = Site(sd)
    files: dict[str, bytes] = {}
    for doc in sorted(site.docs):
        files.update(site.render_resource(doc))
    for path, body in documents_of_minted_iris(sd.dataset, sd.base).items():
        files.setdefault(path, body)  # the ontology's and the named graphs' documents, and .htaccess
    files["context.jsonld"] = context_bytes(site.context)
    generated = {
        "graph.nt": lambda: to_ntriples(sd.data),
        "graph.ttl": lambda: to_turtle(sd.data),
        "graph.jsonld": lambda: to_jsonld(sd.data, site.context, "context.jsonld", base=sd.base),
        "context.jsonld": lambda: context_bytes(site.context),
        "dataset.trig": lambda: to_trig(sd.dataset),
        "dataset.nq": lambda: to_nquads(sd.dataset),
        "void.ttl": lambda: to_turtle(sd.void),
    }
    for name in DUMP_FILES:
        own = None if sd.data_path is None or (name == "void.ttl" and sd.void_generated) else \
            build_file(sd.data_path, name)
        files[f"dumps/{name}"] = own if own is not None else generated[name]()  # the build's own bytes if it has them
    from builder.query import list_queries

    for q in list_queries():
        files[f"queries/{segment_name(q.name)}.rq"] = resource_text("queries", f"{q.name}.rq").encode("utf-8")
    samples = query_samples(store if store is not None else open_store_for(sd))
    files["index.html"] = site.render_index(samples)
    files[MARKER] = b"generated by poa-kg publish site\n"
    return files


def write_site(files: Mapping[str, bytes], out: Path) -> None:
    """Write the site into ``out``, replacing an earlier site there only once the new one is complete.

    ``out`` must be absent, empty, or a folder this command wrote before (it holds the marker file).
    A file or folder that cannot be written is an :class:`~builder.errors.OutputError` naming it.
    """
    with os_errors_as(OutputError, out):
        if out.exists() and not out.is_dir():
            raise SiteError(f"{out}: exists and is not a folder")
        if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
            raise SiteError(f"{out}: folder is not empty and was not written by 'poa-kg publish site';"
                            " refusing to replace it")
        _replace_folder(files, out)


def _replace_folder(files: Mapping[str, bytes], out: Path) -> None:
    """Write ``files`` into a new folder beside ``out``, then put it in the place of ``out`` in one rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel in sorted(files):
            target = tmp / rel
            if not target.resolve().is_relative_to(tmp.resolve()):
                raise SiteError(f"refusing to write outside the site folder: {rel}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        os.chmod(tmp, 0o755)
        old: Path | None = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.rmdir(old)
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def publish_site(data: Path, out: Path, sources: Sequence[Path] = (), build_date: str | None = None) -> int:
    """Generate the site of the build at ``data`` into ``out``; returns the number of resource pages.

    The ontology's page is not counted: it documents the vocabulary, not a resource of the data.
    """
    sd = load_site_data(data, sources, build_date)
    files = render_site(sd)
    write_site(files, out)
    return sum(1 for f in files if f.endswith(".html") and f not in ("index.html", "ontology.html"))


def prepare_site(data: Path, folder: Path) -> Any:
    """The store of the build at ``data`` for a SPARQL endpoint, its site written into ``folder`` if not there yet.

    A folder that already has an ``index.html`` is served as it is.
    """
    sd = load_site_data(data)
    store = open_store_for(sd)
    if not (folder / "index.html").is_file():
        write_site(render_site(sd, store), folder)
    return store
