"""``poa-kg serve``: the static site with content negotiation, and a read-only SPARQL endpoint.

* ``GET {resource path}`` (a resource IRI under the base, such as
  ``/akn/…/!main/para_1``, the ontology ``/ontology`` or a named graph
  ``/graph/…``) answers **303 See Other** to the document that describes the
  resource in the negotiated format, among those the site has for it:
  ``….html`` (the default, and for ``text/html``), ``….ttl``
  (``text/turtle``), ``….jsonld`` (``application/ld+json``) or ``….nt``
  (``application/n-triples``); ``Vary: Accept`` is set and a ``Link`` header
  lists every alternate. No acceptable format is 406
  (:mod:`builder.publish.dereference`).
* Any other path is a file of the site folder or 404. Paths are decoded once,
  ``.``/``..`` segments are refused, and the resolved file must lie inside the
  site folder.
* ``/sparql`` is a SPARQL 1.1 Protocol query endpoint over the data:
  ``GET ?query=``, ``POST`` form-encoded or ``application/sparql-query``. The
  dataset is the one ``default-graph-uri``/``named-graph-uri`` name, else the
  query's ``FROM``/``FROM NAMED``, else the union of the named graphs (each
  triple once); the results come in the negotiated format
  (:mod:`builder.publish.sparql_results`). Updates are refused (403);
  federated queries (``SERVICE``) too (400), unless they name only endpoints
  the operator allowed. Each query runs in a worker process
  (:mod:`builder.publish.query_workers`) that is killed and replaced when the
  query outlives its time limit (503), needs more than its memory allowance
  (503), or its client goes away; when every worker is busy the answer is 503
  with ``Retry-After``. A result has at most ``max_rows`` rows, announced by
  ``X-Result-Limit`` and, when cut, ``X-Result-Truncated: true``.
* ``OPTIONS`` answers 204 with the ``Allow`` header of the path; other methods
  are 405 (with ``Allow``). A request whose headers or body do not arrive
  within the read timeout is dropped (408 for a body that stalls); a request
  body is at most ``max_body`` bytes (413). A client that goes away is no error.
"""

from __future__ import annotations

import select
import socket
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from builder.errors import ServerError, os_errors_as
from builder.publish.dereference import see_other
from builder.publish.federation import federation_refusal
from builder.publish.query_workers import WorkerLimits, WorkerPool
from builder.publish.replies import Response, negotiate
from builder.publish.site import MEDIA_TYPES, href_for, resource_path
from builder.publish.sparql_results import QueryRequest

EXAMPLE_QUERY = "SELECT ?class (COUNT(?s) AS ?n)\nWHERE { ?s a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)"
#: the methods each kind of path answers (``Allow``)
SPARQL_METHODS = "GET, HEAD, POST, OPTIONS"
FILE_METHODS = "GET, HEAD, OPTIONS"


@dataclass(frozen=True)
class ServerSettings:
    site: Path
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0
    max_rows: int = 10_000
    #: query worker processes: how many queries run at once
    workers: int = 4
    #: megabytes a query may use on top of the data, per worker
    query_memory_mb: int = 512
    #: seconds a client has to send a request's headers, and its body
    read_timeout: float = 30.0
    #: endpoints a federated query (``SERVICE <URL>``) may name; none by default
    allowed_services: tuple[str, ...] = ()
    max_body: int = 1_000_000
    quiet: bool = False


# --- the endpoint -------------------------------------------------------------------------------


class SparqlEndpoint:
    """Read-only queries over the data, each in a worker process bounded in time, memory and rows.

    A federated query (``SERVICE``) is refused unless it names only endpoints the operator allowed
    (:mod:`builder.publish.federation`).
    """

    def __init__(self, pool: WorkerPool, allowed_services: Sequence[str]) -> None:
        self.pool = pool
        self.allowed_services = tuple(allowed_services)

    def run(self, request: QueryRequest, client_gone: Callable[[], bool] = lambda: False) -> Response | None:
        """The reply to ``request``; ``None`` when the client went away before it."""
        refusal = federation_refusal(request.query, self.allowed_services)
        if refusal is not None:
            return Response(400, f"query refused: {refusal}\n".encode())
        return self.pool.run(request, client_gone)

    def close(self) -> None:
        self.pool.close()


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

    def document(self, rel: str, accept: str | None) -> Response | None:
        """The 303 (or 406) for the IRI ``{base}rel`` when the site has documents for it, else ``None``.

        A resource of the data, the ontology, a named graph (:mod:`builder.publish.dereference`).
        """
        if not rel or any(p in (".", "..") for p in rel.split("/")):
            return None
        return see_other(self.safe_file, resource_path(rel), accept, href_for)

    # -- dispatch -----------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: Mapping[str, str], body: Callable[[], bytes | None],
               client_gone: Callable[[], bool] = lambda: False) -> Response | None:
        """The response to a request; ``None`` when the client went away before it was ready."""
        split = urlsplit(target)
        raw_path = split.path or "/"
        if method == "OPTIONS":
            return Response(204, headers=[("Allow", SPARQL_METHODS if raw_path in ("/sparql", "*") else FILE_METHODS)])
        if raw_path == "/sparql":
            return self.sparql(method, split.query, headers, body, client_gone)
        if method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", headers=[("Allow", FILE_METHODS)])
        decoded = unquote(raw_path, errors="replace")
        if not decoded.startswith("/"):
            return self.not_found()
        accept = headers.get("accept")
        for rel in dict.fromkeys((raw_path[1:], decoded[1:])):
            answer = self.document(rel, accept)
            if answer is not None:
                return answer
        rel = decoded[1:] or "index.html"
        f = self.safe_file(rel)
        if f is None:
            return self.not_found()
        media = MEDIA_TYPES.get(f.suffix, "application/octet-stream")
        return Response(200, f.read_bytes(), media)

    def sparql(self, method: str, query_string: str, headers: Mapping[str, str], body: Callable[[], bytes | None],
               client_gone: Callable[[], bool]) -> Response | None:
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            refused = self.read_form(headers, body, params)
            if refused is not None:
                return refused
        elif method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", headers=[("Allow", SPARQL_METHODS)])
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
        request = QueryRequest(queries[0], headers.get("accept"), tuple(params.get("default-graph-uri", [])),
                               tuple(params.get("named-graph-uri", [])))
        return self.endpoint.run(request, client_gone)

    def read_form(self, headers: Mapping[str, str], body: Callable[[], bytes | None],
                  params: dict[str, list[str]]) -> Response | None:
        """Add the parameters of a POST body to ``params``; the refusal when the body is not acceptable."""
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
        return None

    @staticmethod
    def read_only() -> Response:
        return Response(403, b"this endpoint is read-only: SPARQL Update is not accepted\n")


class _BodyTimeout(Exception):
    """The request body did not arrive within the read timeout."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "poa-kg"

    def setup(self) -> None:
        super().setup()
        # how long the headers (and the next request on a kept-alive connection) may take to arrive
        self.connection.settimeout(self.server.app.settings.read_timeout)

    def read_body(self) -> bytes | None:
        """The request body (``None`` when it is larger than allowed), read within the read timeout as a whole."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > self.server.app.settings.max_body:
            return None
        deadline = time.monotonic() + self.server.app.settings.read_timeout
        chunks: list[bytes] = []
        missing = length
        try:
            while missing > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _BodyTimeout
                self.connection.settimeout(left)
                chunk = self.rfile.read1(min(missing, 65536))
                if not chunk:
                    raise ConnectionAbortedError("the client closed the connection during the request body")
                chunks.append(chunk)
                missing -= len(chunk)
        except TimeoutError:
            raise _BodyTimeout from None
        finally:
            self.connection.settimeout(self.server.app.settings.read_timeout)
        return b"".join(chunks)

    def client_gone(self) -> bool:
        """Whether the client closed its side of the connection (it sends nothing while it waits for an answer)."""
        try:
            poller = select.poll()
            poller.register(self.connection, select.POLLIN | select.POLLHUP)
            if not poller.poll(0):
                return False
            return bool(self.connection.recv(1, socket.MSG_PEEK) == b"")
        except (OSError, ValueError):
            return True

    def _dispatch(self, method: str) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            resp = self.server.app.handle(method, self.path, headers, self.read_body, self.client_gone)
        except _BodyTimeout:
            resp = Response(408, b"the request body did not arrive in time\n")
        except (ConnectionError, TimeoutError):
            resp = None
        except Exception as exc:  # never a traceback to the client
            resp = Response(500, f"internal error: {type(exc).__name__}\n".encode())
        if resp is None:  # the client went away: nobody to answer
            self.close_connection = True
            return
        try:
            self.send(resp, method)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def send(self, resp: Response, method: str) -> None:
        self.send_response(resp.status)
        if resp.status != 204:  # a 204 has neither a body nor a Content-Length
            self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in resp.headers:
            self.send_header(k, v)
        if resp.status in (408, 413):  # the rest of the request may still be on its way: do not read it as another
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if method != "HEAD" and resp.status != 204:
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

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.app.settings.quiet:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: App

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away or stalls is no error of the server's: no traceback for it."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        app = getattr(self, "app", None)  # none yet when the address could not be bound
        if app is not None and app.endpoint is not None:
            app.endpoint.close()


def make_server(settings: ServerSettings, store: Any | None) -> ThreadingHTTPServer:
    """A bound (not yet serving) HTTP server; ``port`` 0 picks a free port (see ``server_address``).

    With a store, the query workers are started (each loads a copy of the data) before this returns.
    An address that cannot be bound, or workers that cannot start, are a :class:`~builder.errors.ServerError`.
    """
    with os_errors_as(ServerError, f"{settings.host}:{settings.port}"):
        server = _Server((settings.host, settings.port), _Handler)
    server.app = App(settings, None)
    if store is not None:
        try:
            server.app.endpoint = SparqlEndpoint(start_workers(settings, store), settings.allowed_services)
        except BaseException:
            server.server_close()
            raise
    return server


def start_workers(settings: ServerSettings, store: Any) -> WorkerPool:
    """The pool of query workers over ``store``'s data, every worker started."""
    pool = WorkerPool(store, WorkerLimits(settings.query_timeout, settings.max_rows, settings.query_memory_mb),
                      settings.workers)
    pool.start()
    return pool


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    shown = f"[{host!s}]" if ":" in str(host) else str(host)
    return f"http://{shown}:{port}/"
