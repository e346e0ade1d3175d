"""``poa-kg publish endpoint``: load the built graphs into a SPARQL 1.1 Graph Store Protocol endpoint.

Each named graph of the build is sent with one ``PUT {url}?graph={IRI}``
(N-Triples body), which *replaces* that graph on the server in one request and
leaves its other graphs alone. Credentials come only from the environment
(``POA_KG_ENDPOINT_USER`` / ``POA_KG_ENDPOINT_PASSWORD``, HTTP basic auth);
they are never part of a message: errors name the endpoint without any user
information, and a server's reply is quoted only after every credential has
been blanked out of it.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from rdflib import Graph

from builder.errors import DataError, EndpointError
from builder.outputs.read import data_file, holds_named_graphs, load_graph, named_graphs
from builder.publish.serialize import to_ntriples

USER_VAR = "POA_KG_ENDPOINT_USER"
PASSWORD_VAR = "POA_KG_ENDPOINT_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    def secrets(self) -> list[str]:
        return [s for s in (self.password, self.user, base64.b64encode(
            f"{self.user}:{self.password}".encode()).decode("ascii")) if s]

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
    return Credentials(user, password or "")


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
    for secret in creds.secrets() if creds else []:
        text = text.replace(secret, "***")
    return text


def graphs_to_publish(data: Path, graph: str | None) -> list[tuple[str, Graph]]:
    """(graph IRI, graph) pairs from a build: its named graphs, or the one named by ``graph``.

    From a triples-only file (``graph.nt``/``.ttl``) ``graph`` names the target graph and is required.
    """
    file = data_file(data)
    if not holds_named_graphs(file):
        if graph is None:
            raise DataError(f"{file}: holds no named graph; name the target graph with --graph IRI")
        return [(graph, load_graph(data))]
    out = [(str(name), g) for name, g in named_graphs(data).items()]
    if graph is not None:
        out = [(iri, g) for iri, g in out if iri == graph]
        if not out:
            raise DataError(f"{data}: no named graph {graph}")
    if not out:
        raise DataError(f"{data}: nothing to publish")
    return out


def put_graph(url: str, graph_iri: str, body: bytes, creds: Credentials | None, timeout: float) -> int:
    """``PUT url?graph=graph_iri`` with an N-Triples body; returns the HTTP status (2xx) or raises EndpointError."""
    where = redacted(url)
    sep = "&" if urlsplit(url).query else "?"
    target = f"{url}{sep}graph={quote(graph_iri, safe='')}"
    request = urllib.request.Request(target, data=body, method="PUT", headers={
        "Content-Type": "application/n-triples; charset=utf-8", "User-Agent": "poa-kg"})
    if creds is not None:
        request.add_header("Authorization", creds.header())
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as resp:
            status = int(resp.status)
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = ""
        try:
            detail = exc.read(300).decode("utf-8", errors="replace")
        except OSError:
            pass
        detail = " ".join(_scrub(detail, creds).split())[:200]
        why = _scrub(str(exc.reason or ""), creds)
        raise EndpointError(f"{where}: HTTP {exc.code} {why}".rstrip()
                            + (f": {detail}" if detail else "")) from None
    except TimeoutError:
        raise EndpointError(f"{where}: no answer within {timeout:g} s (timeout)") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"{where}: no answer within {timeout:g} s (timeout)") from None
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(f"{where}: connection refused (is the server running?)") from None
        text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
        raise EndpointError(f"{where}: cannot connect: {_scrub(text, creds)}") from None
    except (ConnectionError, OSError) as exc:
        text = exc.strerror or type(exc).__name__
        raise EndpointError(f"{where}: connection failed: {_scrub(text, creds)}") from None
    except ValueError:
        raise EndpointError(f"{where}: not a usable URL") from None
    return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the body and the credentials elsewhere: report it instead."""

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: object, newurl: str) -> None:
        return None


def publish_to_endpoint(url: str, graphs: Sequence[tuple[str, Graph]], creds: Credentials | None,
                        timeout: float) -> list[Published]:
    """Replace each graph on the Graph Store endpoint ``url``, one PUT per graph, in IRI order."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{redacted(url) if parts.hostname else 'the endpoint URL'}: expected an http(s) URL"
                            " of a Graph Store Protocol endpoint, such as http://127.0.0.1:7878/store")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"{redacted(url)}: put the credentials in {USER_VAR} and {PASSWORD_VAR},"
                            " not in the URL")
    done = []
    for iri, g in sorted(graphs, key=lambda x: x[0]):
        status = put_graph(url, iri, to_ntriples(g), creds, timeout)
        done.append(Published(iri, len(g), status))
    return done
