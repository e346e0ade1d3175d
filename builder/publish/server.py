"""``poa-kg serve``: the static site with content negotiation, and a read-only SPARQL endpoint.

* ``GET {resource path}`` (a resource IRI under the base, such as
  ``/akn/…/!main/para_1``) answers **303 See Other** to the document that
  describes the resource in the negotiated format: ``….html`` (the default, and
  for ``text/html``), ``….ttl`` (``text/turtle``), ``….jsonld``
  (``application/ld+json``) or ``….nt`` (``application/n-triples``); ``Vary:
  Accept`` is set and a ``Link`` header lists every alternate. No acceptable
  format is 406.
* Any other path is a file of the site folder or 404. Paths are decoded once,
  ``.``/``..`` segments are refused, and the resolved file must lie inside the
  site folder.
* ``/sparql`` is a SPARQL 1.1 Protocol query endpoint over the embedded
  pyoxigraph store (the default graph is the union of the named graphs):
  ``GET ?query=``, ``POST`` form-encoded or ``application/sparql-query``.
  Updates are refused (403). Each query runs in a worker thread and is
  abandoned after the timeout (503); at most ``max_concurrent`` run at once
  (503 with ``Retry-After`` beyond that); a result has at most ``max_rows``
  rows, announced by ``X-Result-Limit`` and, when cut, ``X-Result-Truncated: true``.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from builder.errors import ServerError, os_errors_as
from builder.publish.site import MEDIA_TYPES, href_for, resource_path

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# offered representations of a resource: media type -> file extension, in the server's order of preference
RESOURCE_OFFERS: tuple[tuple[str, str], ...] = (
    ("text/html", ".html"),
    ("application/xhtml+xml", ".html"),
    ("text/turtle", ".ttl"),
    ("application/x-turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/json", ".jsonld"),
    ("application/n-triples", ".nt"),
)
SELECT_OFFERS = ("application/sparql-results+json", "application/json", "application/sparql-results+xml",
                 "application/xml", "text/xml", "text/csv", "text/tab-separated-values")
ASK_OFFERS = ("application/sparql-results+json", "application/json", "application/sparql-results+xml",
              "application/xml", "text/xml")
EXAMPLE_QUERY = "SELECT ?class (COUNT(?s) AS ?n)\nWHERE { ?s a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)"
GRAPH_OFFERS = ("application/n-triples", "text/turtle", "application/n-quads", "text/plain")


@dataclass(frozen=True)
class ServerSettings:
    site: Path
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_concurrent: int = 4
    max_body: int = 1_000_000
    quiet: bool = False


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


# --- content negotiation ------------------------------------------------------------------------


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their q-values (``*/*`` when there is none)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); ``None`` when none is acceptable."""
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for index, offer in enumerate(offers):
        kind = offer.split("/")[0]
        q = -1.0
        specificity = -1
        for media, mq in ranges:
            if media == offer:
                spec = 2
            elif media == f"{kind}/*":
                spec = 1
            elif media == "*/*":
                spec = 0
            else:
                continue
            if spec > specificity:
                specificity, q = spec, mq
        if q > 0 and (best is None or (q, -index) > best):
            best, chosen = (q, -index), offer
    return chosen


# --- SPARQL results -----------------------------------------------------------------------------


def _term_json(t: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(t.subject), "predicate": _term_json(t.predicate),
                                            "object": _term_json(t.object)}}
    return {"type": "literal", "value": str(t)}


def _term_xml(t: Any) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_term_xml(t.subject)}</subject><predicate>{_term_xml(t.predicate)}</predicate>"
                f"<object>{_term_xml(t.object)}</object></triple>")
    return f"<literal>{escape(str(t))}</literal>"


def _term_csv(t: Any) -> str:
    import pyoxigraph as ox

    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return str(t.value)
    return str(t)


def _term_tsv(t: Any) -> str:
    if t is None:
        return ""
    return str(t).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def select_results(variables: Sequence[str], rows: Sequence[Sequence[Any]], media: str) -> bytes:
    """SELECT results in the SPARQL JSON, XML, CSV or TSV results format."""
    if media in ("application/sparql-results+json", "application/json"):
        bindings = [{v: _term_json(t) for v, t in zip(variables, r, strict=True) if t is not None} for r in rows]
        return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if media in ("application/sparql-results+xml", "application/xml", "text/xml"):
        out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>", "<results>"]
        for r in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                                            for v, t in zip(variables, r, strict=True) if t is not None) + "</result>")
        out += ["</results>", "</sparql>", ""]
        return "\n".join(out).encode("utf-8")
    if media == "text/csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        w.writerows([_term_csv(t) for t in r] for r in rows)
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join(_term_tsv(t) for t in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ask_result(value: bool, media: str) -> bytes:
    if media in ("application/sparql-results+xml", "application/xml", "text/xml"):
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def graph_result(triples: Sequence[Any], media: str) -> bytes:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
    data = ox.serialize(triples, format=fmt)
    return data if isinstance(data, bytes) else b""


# --- the endpoint -------------------------------------------------------------------------------


class SparqlEndpoint:
    """Runs read-only queries over one pyoxigraph store, bounded in time, concurrency and size."""

    def __init__(self, store: Any, timeout: float, max_rows: int, max_concurrent: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.slots = threading.BoundedSemaphore(max_concurrent)

    def _evaluate(self, query: str, options: Mapping[str, Any], cancel: threading.Event) -> tuple[Any, ...]:
        import pyoxigraph as ox

        result = self.store.query(query, **options)
        if isinstance(result, ox.QueryBoolean):
            return ("ask", bool(result), False)
        limit = self.max_rows
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows: list[tuple[Any, ...]] = []
            truncated = False
            for solution in result:
                if cancel.is_set():
                    break
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append(tuple(solution[n] for n in names))
            return ("select", (names, rows), truncated)
        triples: list[Any] = []
        truncated = False
        for t in result:
            if cancel.is_set():
                break
            if len(triples) >= limit:
                truncated = True
                break
            triples.append(t)
        return ("graph", triples, truncated)

    def run(self, query: str, accept: str | None, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = ()) -> Response:
        import pyoxigraph as ox

        options: dict[str, Any] = {}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if not self.slots.acquire(timeout=1.0):
            return Response(503, b"too many queries running; try again shortly\n",
                            headers=[("Retry-After", "5")])
        outcome: dict[str, Any] = {}
        done = threading.Event()
        cancel = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = self._evaluate(query, options, cancel)
            except BaseException as exc:  # reported to the client below
                outcome["error"] = exc
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        limit_headers = [("X-Result-Limit", str(self.max_rows)), ("Vary", "Accept")]
        if not done.wait(self.timeout):
            cancel.set()
            return Response(503, f"query time limit of {self.timeout:g} s exceeded\n".encode(),
                            headers=[("X-Query-Timeout", f"{self.timeout:g}"), *limit_headers])
        if "error" in outcome:
            exc = outcome["error"]
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            status = 400 if isinstance(exc, (SyntaxError, ValueError, TypeError)) else 500
            return Response(status, f"query failed: {first}\n".encode(), headers=limit_headers)
        kind, value, truncated = outcome["value"]
        headers = list(limit_headers)
        if truncated:
            headers.append(("X-Result-Truncated", "true"))
        if kind == "ask":
            media = negotiate(accept, ASK_OFFERS)
            if media is None:
                return _not_acceptable(ASK_OFFERS)
            return Response(200, ask_result(value, media), _results_type(media), headers)
        if kind == "select":
            media = negotiate(accept, SELECT_OFFERS)
            if media is None:
                return _not_acceptable(SELECT_OFFERS)
            names, rows = value
            return Response(200, select_results(names, rows, media), _results_type(media), headers)
        media = negotiate(accept, GRAPH_OFFERS)
        if media is None:
            return _not_acceptable(GRAPH_OFFERS)
        media = "application/n-triples" if media in ("text/plain", "application/n-quads") else media
        return Response(200, graph_result(value, media), f"{media}; charset=utf-8", headers)


def _results_type(media: str) -> str:
    return media + ("; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else "")


def _not_acceptable(offers: Sequence[str]) -> Response:
    return Response(406, ("none of the requested formats is available; offered: " + ", ".join(offers) + "\n")
                    .encode())


# --- the application ----------------------------------------------------------------------------


class App:
    """Request → response, independent of the socket layer."""

    def __init__(self, settings: ServerSettings, endpoint: SparqlEndpoint | None) -> None:
        import jinja2

        self.settings = settings
        self.root = settings.site.resolve()
        self.endpoint = endpoint
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("builder", "templates"),
                                      autoescape=jinja2.select_autoescape(["html"]),
                                      undefined=jinja2.StrictUndefined)

    # -- helpers ------------------------------------------------------------------------------
    def page(self, status: int, title: str, message: str, headers: Sequence[tuple[str, str]] = ()) -> Response:
        body = self.env.get_template("error.html").render(root="/", title=title, status=status, message=message)
        return Response(status, body.encode("utf-8"), "text/html; charset=utf-8", list(headers))

    def not_found(self) -> Response:
        return self.page(404, "Not Found", "There is nothing at this address.")

    def safe_file(self, rel: str) -> Path | None:
        """The regular file ``rel`` of the site folder, or ``None`` (never a path outside the folder)."""
        parts = rel.split("/")
        if rel.startswith("/") or any(p in (".", "..") or "\\" in p or "\x00" in p for p in parts):
            return None
        candidate = (self.root / rel).resolve()
        if candidate != self.root and not candidate.is_relative_to(self.root):
            return None
        return candidate if candidate.is_file() else None

    def resource_doc(self, rel: str) -> str | None:
        """The extension-less site path describing the resource ``{base}rel``, if there is such a resource."""
        if not rel or any(p in (".", "..") for p in rel.split("/")):
            return None
        mapped = resource_path(rel)
        return mapped if self.safe_file(mapped + ".html") is not None else None

    # -- dispatch -----------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: Mapping[str, str],
               body: Callable[[], bytes | None]) -> Response:
        split = urlsplit(target)
        raw_path = split.path or "/"
        if raw_path == "/sparql":
            return self.sparql(method, split.query, headers, body)
        if method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", headers=[("Allow", "GET, HEAD")])
        decoded = unquote(raw_path, errors="replace")
        if not decoded.startswith("/"):
            return self.not_found()
        accept = headers.get("accept")
        for rel in dict.fromkeys((raw_path[1:], decoded[1:])):
            doc = self.resource_doc(rel)
            if doc is not None:
                return self.negotiated(doc, accept)
        rel = decoded[1:] or "index.html"
        f = self.safe_file(rel)
        if f is None:
            return self.not_found()
        media = MEDIA_TYPES.get(f.suffix, "application/octet-stream")
        return Response(200, f.read_bytes(), media)

    def negotiated(self, doc: str, accept: str | None) -> Response:
        offers = [m for m, _ in RESOURCE_OFFERS]
        media = negotiate(accept, offers)
        links = ", ".join(f'</{href_for(doc + ext)}>; rel="alternate"; type="{m}"'
                          for m, ext in RESOURCE_OFFERS if m not in ("application/xhtml+xml", "application/x-turtle",
                                                                     "application/json"))
        if media is None:
            return Response(406, ("not available in the requested format; offered: " + ", ".join(offers) + "\n")
                            .encode(), headers=[("Vary", "Accept"), ("Link", links)])
        ext = dict(RESOURCE_OFFERS)[media]
        location = "/" + href_for(doc + ext)
        return Response(303, f"See Other: {location}\n".encode(), headers=[
            ("Location", location), ("Vary", "Accept"), ("Link", links)])

    def sparql(self, method: str, query_string: str, headers: Mapping[str, str],
               body: Callable[[], bytes | None]) -> Response:
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return self.read_only()
            data = body()
            if data is None:
                return Response(413, f"request body larger than {self.settings.max_body} bytes\n".encode())
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(data.decode("utf-8", errors="replace"), keep_blank_values=True)
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                params["query"] = [data.decode("utf-8", errors="replace")]
            else:
                return Response(415, b"send application/sparql-query or application/x-www-form-urlencoded\n")
        elif method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", headers=[("Allow", "GET, HEAD, POST")])
        if "update" in params:
            return self.read_only()
        queries = params.get("query", [])
        if not queries:
            if negotiate(headers.get("accept"), ["text/html", "application/sparql-results+json"]) == "text/html":
                page = self.env.get_template("sparql.html").render(
                    root="", title="SPARQL", max_rows=self.settings.max_rows, timeout=self.settings.query_timeout,
                    example=EXAMPLE_QUERY)
                return Response(200, page.encode("utf-8"), "text/html; charset=utf-8")
            return Response(400, b"missing query parameter\n")
        if len(queries) > 1:
            return Response(400, b"exactly one query parameter is allowed\n")
        if self.endpoint is None:
            return Response(503, b"no data loaded for the SPARQL endpoint\n")
        return self.endpoint.run(queries[0], headers.get("accept"), params.get("default-graph-uri", []),
                                 params.get("named-graph-uri", []))

    @staticmethod
    def read_only() -> Response:
        return Response(403, b"this endpoint is read-only: SPARQL Update is not accepted\n")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "poa-kg"
    timeout = 30

    def _dispatch(self, method: str) -> None:
        app = self.server.app
        headers = {k.lower(): v for k, v in self.headers.items()}

        def body() -> bytes | None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = 0
            if length > app.settings.max_body:
                return None
            return self.rfile.read(length) if length > 0 else b""

        try:
            resp = app.handle(method, self.path, headers, body)
        except Exception as exc:  # never a traceback to the client
            resp = Response(500, f"internal error: {type(exc).__name__}\n".encode())
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in resp.headers:
            self.send_header(k, v)
        if resp.status in (413,):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(resp.body)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.app.settings.quiet:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: App


def make_server(settings: ServerSettings, store: Any | None) -> ThreadingHTTPServer:
    """A bound (not yet serving) HTTP server; ``port`` 0 picks a free port (see ``server_address``).

    An address that cannot be bound is a :class:`~builder.errors.ServerError`.
    """
    endpoint = None if store is None else SparqlEndpoint(store, settings.query_timeout, settings.max_rows,
                                                          settings.max_concurrent)
    with os_errors_as(ServerError, f"{settings.host}:{settings.port}"):
        server = _Server((settings.host, settings.port), _Handler)
    server.app = App(settings, endpoint)
    return server


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    shown = f"[{host!s}]" if ":" in str(host) else str(host)
    return f"http://{shown}:{port}/"
