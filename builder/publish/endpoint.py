"""``poa-kg publish endpoint``: load the built graphs into a SPARQL 1.1 Graph Store Protocol endpoint.

Each named graph of the build is sent with one ``PUT {url}?graph={IRI}``
(N-Triples body), which *replaces* that graph on the server in one request and
leaves its other graphs alone. Credentials come only from the environment
(``POA_KG_ENDPOINT_USER`` / ``POA_KG_ENDPOINT_PASSWORD``), sent by HTTP Basic
authentication with every request, or, with ``POA_KG_ENDPOINT_AUTH=digest``, by
Digest authentication in answer to the server's challenge (Virtuoso's
``/sparql-graph-crud-auth`` takes only Digest, and refuses a Basic header);
they are never part of a message: errors name the endpoint without any user
information, and a server's reply is quoted only after every form of the
password, whole or cut short, has been blanked out of it (:mod:`builder.redaction`).
The timeout bounds each request as a whole (:mod:`builder.publish.deadline`),
not each read.

Memory stays bounded whatever the size of the build: the graphs of an N-Quads
file written one quad a line (a build's ``dataset.nq``, and for a corpus each
report's graph from its shard) are sent graph by graph, each body streamed from
the file in chunks with its ``Content-Length`` known beforehand
(:mod:`builder.publish.graph_sections`); other files (TriG, Turtle, JSON-LD) are
read in memory.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from rdflib import Graph

from builder.errors import DataError, EndpointError
from builder.outputs.read import data_file, holds_named_graphs, load_graph, named_graphs
from builder.publish.deadline import Deadline
from builder.publish.graph_sections import Section, SectionBody, nquads_sections, shard_sections
from builder.publish.serialize import to_ntriples
from builder.redaction import revealing_forms, scrubbed

USER_VAR = "POA_KG_ENDPOINT_USER"
PASSWORD_VAR = "POA_KG_ENDPOINT_PASSWORD"
AUTH_VAR = "POA_KG_ENDPOINT_AUTH"
AUTH_SCHEMES = ("basic", "digest")


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    scheme: str = "basic"  # one of AUTH_SCHEMES

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    def secrets(self) -> frozenset[str]:
        """What must never be printed: every form of the password, whole or cut short, and the user name."""
        return revealing_forms(self.user, self.password) | {self.user}

    def __repr__(self) -> str:  # never shows the secret, even in a debugger or a log of locals
        return "Credentials(user=***, password=***)"


@dataclass(frozen=True)
class Published:
    graph: str
    triples: int
    status: int


def credentials_from_env(env: Mapping[str, str] | None = None) -> Credentials | None:
    environ = os.environ if env is None else env
    user, password = environ.get(USER_VAR), environ.get(PASSWORD_VAR)
    if user is None and password is None:
        return None
    if not user:
        raise EndpointError(f"{PASSWORD_VAR} is set but {USER_VAR} is not")
    scheme = environ.get(AUTH_VAR, "basic").strip().lower() or "basic"
    if scheme not in AUTH_SCHEMES:
        raise EndpointError(f"{AUTH_VAR} must be one of {', '.join(AUTH_SCHEMES)}, not {scheme[:20]!r}")
    return Credentials(user, password or "", scheme)


def redacted(url: str) -> str:
    """``url`` without user information, query or fragment (what messages may show)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit(SplitResult(parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "the endpoint"


def _scrub(text: str, creds: Credentials | None) -> str:
    return scrubbed(text, creds.secrets()) if creds else text


#: the most of a server's error reply that is read: enough for its message, never a flood
REPLY_READ_LIMIT = 16384
#: the most of it that is quoted in an error, once scrubbed
REPLY_QUOTED_CHARS = 200
#: characters a URL given on the command line cannot hold: spaces and controls
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]")


def checked_endpoint_url(url: str) -> str:
    """``url`` itself when it can name a Graph Store endpoint (http(s), a host, no credentials), else EndpointError.

    The message never repeats an address that may hold a password (one with ``@``).
    """
    shown = "the endpoint URL" if "@" in url else f"endpoint URL {url!r}"
    if _NOT_IN_URL.search(url):
        raise EndpointError(f"{shown}: a URL holds no spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as exc:
        raise EndpointError(f"{shown}: not a usable URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{redacted(url) if parts.hostname else 'the endpoint URL'}: expected an http(s) URL"
                            " of a Graph Store Protocol endpoint, such as http://127.0.0.1:7878/store")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"{redacted(url)}: put the credentials in {USER_VAR} and {PASSWORD_VAR},"
                            " not in the URL")
    return url


def graphs_to_publish(data: Path, graph: str | None) -> list[tuple[str, Graph | Section]]:
    """(graph IRI, graph) pairs from a build: its named graphs, or the one named by ``graph``.

    A graph is a :class:`Section` of a file where the data is N-Quads written one quad a line,
    else an rdflib graph. From a triples-only file (``graph.nt``/``.ttl``) ``graph`` names the
    target graph and is required.
    """
    file = data_file(data)
    if not holds_named_graphs(file):
        if graph is None:
            raise DataError(f"{file}: holds no named graph; name the target graph with --graph IRI")
        return [(graph, load_graph(data))]
    sections = nquads_sections(file) if file.suffix == ".nq" else None
    out: list[tuple[str, Graph | Section]]
    if sections is not None:
        if data.is_dir():
            sections = shard_sections(data, sections)
        out = [(s.iri, s) for s in sorted(sections, key=lambda s: s.iri)]
    else:
        out = [(str(name), g) for name, g in named_graphs(data).items()]
    if graph is not None:
        out = [(iri, g) for iri, g in out if iri == graph]
        if not out:
            raise DataError(f"{data}: no named graph {graph}")
    if not out:
        raise DataError(f"{data}: nothing to publish")
    return out


@dataclass(frozen=True)
class _Reply:
    status: int
    reason: str = ""
    start: bytes = b""  # the first bytes of an error reply's body
    challenge: str = ""  # its WWW-Authenticate header


def _exchange(opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float) -> _Reply:
    """Send ``request`` and read the reply: its status, and for an error the reason and the start of its body."""
    try:
        with opener.open(request, timeout=timeout) as resp:
            resp.read()
            return _Reply(int(resp.status))
    except urllib.error.HTTPError as exc:
        start = b""
        try:
            start = exc.read(REPLY_READ_LIMIT)
        except (OSError, http.client.HTTPException):
            pass  # the status says enough
        return _Reply(exc.code, str(exc.reason or ""), start, str(exc.headers.get("WWW-Authenticate") or ""))


def _failure(where: str, exc: Exception, creds: Credentials | None) -> EndpointError:
    """The one-line error for a request that got no reply: refused, unreachable, cut off, not a URL."""
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            return EndpointError(f"{where}: connection refused (is the server running?)")
        text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
        return EndpointError(f"{where}: cannot connect: {_scrub(text, creds)}")
    if isinstance(exc, http.client.HTTPException):
        return EndpointError(f"{where}: not a valid HTTP reply ({type(exc).__name__})")
    if isinstance(exc, OSError):
        return EndpointError(f"{where}: connection failed: {_scrub(exc.strerror or type(exc).__name__, creds)}")
    return EndpointError(f"{where}: not a usable URL")


def put_graph(url: str, graph_iri: str, body: bytes | SectionBody, creds: Credentials | None, timeout: float) -> int:
    """``PUT url?graph=graph_iri`` with an N-Triples body; returns the HTTP status (2xx) or raises EndpointError.

    A :class:`SectionBody` is streamed from its file, its length announced. The request, reply
    included, must be over within ``timeout`` seconds. Of an error reply, the start of the body
    is quoted, scrubbed of the credentials before it is cut to a line.
    """
    where = redacted(url)
    sep = "&" if urlsplit(url).query else "?"
    target = f"{url}{sep}graph={quote(graph_iri, safe='')}"
    request = urllib.request.Request(target, data=body, method="PUT", headers={
        "Content-Type": "application/n-triples; charset=utf-8", "User-Agent": "poa-kg",
        "Content-Length": str(len(body))})
    deadline = Deadline(timeout)
    try:
        with deadline:
            opener = deadline.opener(_NoRedirect())
            authorization = None
            if creds is not None:
                authorization = creds.header() if creds.scheme == "basic" else _digest(opener, request, creds, timeout)
            if authorization is not None:
                request.add_header("Authorization", authorization)
            reply = _exchange(opener, request, timeout)
    except (OSError, http.client.HTTPException, ValueError) as exc:  # OSError: URLError and TimeoutError too
        timed_out = isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)
        if deadline.expired or timed_out:
            raise EndpointError(f"{where}: no answer within {timeout:g} s (timeout)") from None
        raise _failure(where, exc, creds) from None
    if deadline.expired:  # the reply came, but not all of it in time
        raise EndpointError(f"{where}: no answer within {timeout:g} s (timeout)")
    if not 200 <= reply.status < 300:
        detail = " ".join(_scrub(reply.start.decode("utf-8", errors="replace"), creds).split())
        detail = detail if len(detail) <= REPLY_QUOTED_CHARS else detail[:REPLY_QUOTED_CHARS - 1] + "…"
        why = " ".join(_scrub(reply.reason, creds).split())
        raise EndpointError(f"{where}: HTTP {reply.status} {why}".rstrip() + (f": {detail}" if detail else ""))
    return reply.status


def _digest(opener: urllib.request.OpenerDirector, request: urllib.request.Request, creds: Credentials,
            timeout: float) -> str | None:
    """The Digest ``Authorization`` for ``request``, computed from the challenge of a bodiless probe.

    The probe is a ``HEAD`` of the same address: sent unauthenticated, a ``PUT`` would push the whole
    graph only to be refused (and Virtuoso closes the connection under it). ``None`` when the server
    asks for no Digest authentication: the request then goes without, and its reply says what is wrong.
    """
    probe = urllib.request.Request(request.full_url, method="HEAD", headers={"User-Agent": "poa-kg"})
    reply = _exchange(opener, probe, timeout)
    scheme, _, params = reply.challenge.partition(" ")
    if reply.status != 401 or scheme.lower() != "digest":
        return None
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, request.full_url, creds.user, creds.password)
    challenge = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
    answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, challenge)
    return f"Digest {answer}" if answer else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the body and the credentials elsewhere: report it instead."""

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: object, newurl: str) -> None:
        return None


def publish_to_endpoint(url: str, graphs: Sequence[tuple[str, Graph | Section]], creds: Credentials | None,
                        timeout: float) -> list[Published]:
    """Replace each graph on the Graph Store endpoint ``url``, one PUT per graph, in IRI order.

    A :class:`Section` is streamed from its file; an rdflib graph is serialized first.
    """
    checked_endpoint_url(url)
    done = []
    for iri, g in sorted(graphs, key=lambda x: x[0]):
        if isinstance(g, Section):
            status = put_graph(url, iri, SectionBody(g), creds, timeout)
            done.append(Published(iri, g.triples, status))
        else:
            status = put_graph(url, iri, to_ntriples(g), creds, timeout)
            done.append(Published(iri, len(g), status))
    return done
