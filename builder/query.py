"""Competency queries: load a named ``.rq`` file, bind its parameters, run it.

A query file starts with a comment header::

    # question: Which commitments cite a given instrument?
    # param: instrument  string  the key of the cited target, e.g. S/RES/2370 (2017)
    # columns: ref,text

Parameters are always *bound*, never pasted into the text: ``initBindings``
on rdflib, and a ``VALUES`` block built from RDF terms (escaped by rdflib) on
pyoxigraph and on a remote endpoint. The same file runs unchanged on all three.
On a remote store the query is asked over the graphs a build published there,
named as its dataset (:func:`run_on_endpoint`), so its answers do not depend on
what the store takes its default graph to be.
An ``iri`` parameter must be an absolute IRI without the characters an IRI
cannot hold (``<>"{}|^`\\``, spaces, controls), so its ``<…>`` form cannot be
closed early. Errors about a remote endpoint never show the credentials of its
address.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit, urlunsplit

from rdflib import Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from builder.errors import QueryError
from builder.iri import PREFIXES
from builder.outputs.read import open_store
from builder.redaction import revealing_forms, scrubbed
from builder.resources import resource_names, resource_text


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # string | integer | iri
    description: str


@dataclass(frozen=True)
class CompetencyQuery:
    name: str
    text: str
    question: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]

    def bind(self, values: Mapping[str, str]) -> dict[str, Node]:
        """Check ``values`` against the declared parameters and turn them into RDF terms."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r}"
                             f" (it takes: {', '.join(declared) or 'none'})")
        missing = [p for p in declared if p not in values]
        if missing:
            raise QueryError(f"query {self.name!r} needs --param {missing[0]}=VALUE")
        out: dict[str, Node] = {}
        for name, raw in values.items():
            ptype = declared[name].type
            if ptype == "iri":
                if not _IRI.fullmatch(raw):
                    raise QueryError(f"parameter {name!r} must be an absolute IRI, got {raw!r}")
                out[name] = URIRef(raw)
            elif ptype == "integer":
                try:
                    out[name] = Literal(int(raw))
                except ValueError:
                    raise QueryError(f"parameter {name!r} must be an integer, got {raw!r}") from None
            else:
                out[name] = Literal(raw)
        return out


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*")


_HEADER = re.compile(r"^#\s*(question|param|columns)\s*:\s*(.*)$", re.IGNORECASE)


def parse_query(name: str, text: str) -> CompetencyQuery:
    question = ""
    params: list[Parameter] = []
    columns: tuple[str, ...] = ()
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "question":
            question = value
        elif key == "columns":
            columns = tuple(c.strip() for c in value.split(",") if c.strip())
        else:
            parts = value.split(None, 2)
            params.append(Parameter(parts[0], parts[1] if len(parts) > 1 else "string",
                                    parts[2] if len(parts) > 2 else ""))
    return CompetencyQuery(name, text, question, tuple(params), columns)


def query_names() -> list[str]:
    """The names of the competency queries (the ``.rq`` files of ``queries/``), sorted."""
    return [n.removesuffix(".rq") for n in resource_names("queries", ".rq")]


def list_queries() -> list[CompetencyQuery]:
    return [parse_query(n, resource_text("queries", f"{n}.rq")) for n in query_names()]


def checked_query_name(name: str) -> str:
    """``name`` itself when it names a competency query, else a :class:`QueryError` listing the names there are.

    Only a listed name is ever turned into a file name, so no name can reach outside ``queries/``.
    """
    names = query_names()
    if name not in names:
        raise QueryError(f"no query named {name!r} (known: {', '.join(names)})")
    return name


def load_query(name: str) -> CompetencyQuery:
    return parse_query(name, resource_text("queries", f"{checked_query_name(name)}.rq"))


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        w.writerows(self.rows)
        return buf.getvalue()

    def to_json(self) -> str:
        return json.dumps([dict(zip(self.columns, r, strict=True)) for r in self.rows],
                          ensure_ascii=False, indent=2) + "\n"

    def to_table(self) -> str:
        widths = [len(c) for c in self.columns]
        shown = [[_clip(v) for v in r] for r in self.rows]
        for r in shown:
            for i, v in enumerate(r):
                widths[i] = max(widths[i], len(v))
        line = "  ".join(c.ljust(widths[i]) for i, c in enumerate(self.columns))
        out = [line, "  ".join("-" * w for w in widths)]
        out += ["  ".join(v.ljust(widths[i]) for i, v in enumerate(r)) for r in shown]
        out.append(f"({len(self.rows)} rows)")
        return "\n".join(out) + "\n"

    def format(self, fmt: str) -> str:
        return {"csv": self.to_csv, "json": self.to_json, "table": self.to_table}[fmt]()


def _clip(v: str, n: int = 90) -> str:
    return v if len(v) <= n else v[: n - 1] + "…"


# --- running ----------------------------------------------------------------------------------


def _lexical(term: Any) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def run_on_store(q: CompetencyQuery, store: Any, params: Mapping[str, str]) -> QueryResult:

    # pyoxigraph's ``substitutions`` only binds projected variables, so parameters
    # are bound with a VALUES block of RDF terms, as for a remote endpoint
    bound = q.bind(params)
    try:
        solutions = store.query(with_values(q.text, bound), use_default_graph_as_union=True)
    except (SyntaxError, RuntimeError, OSError) as exc:
        raise QueryError(f"query {q.name!r} failed: {str(exc).splitlines()[0]}") from None
    cols = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(_lexical(s[c]) for c in cols) for s in solutions)
    return QueryResult(cols, rows)


def run_on_graph(q: CompetencyQuery, graph: Graph, params: Mapping[str, str]) -> QueryResult:
    bound = q.bind(params)
    bindings: dict[str, Any] = {k: v for k, v in bound.items()}
    res = graph.query(q.text, initBindings=bindings)
    names = list(res.vars or [])
    cols = tuple(str(v) for v in names)
    rows = tuple(tuple(_lexical(cast(ResultRow, row).asdict().get(c)) for c in cols) for row in res)
    return QueryResult(cols, rows)


def with_values(text: str, bound: Mapping[str, Node]) -> str:
    """The query with a VALUES block of RDF terms at the start of its outermost WHERE group."""
    if not bound:
        return text
    names = sorted(bound)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + \
        " ".join(bound[n].n3() for n in names) + ") }"
    m = re.search(r"\bWHERE\s*\{", _strip_comments(text), re.IGNORECASE)
    if m is None:
        raise QueryError("query has no WHERE clause to bind parameters in")
    return text[: m.end()] + "\n  " + block + "\n" + text[m.end():]


def _strip_comments(text: str) -> str:
    # blank out comments but keep offsets, so positions found map back onto the original text
    return re.sub(r"(?m)#[^\n]*$", lambda m: " " * len(m.group(0)), text)


#: every report graph holds its report: how the graphs a build published are found on a store
_REPORT_GRAPHS = f"""PREFIX poa: <{PREFIXES['poa']}>
SELECT DISTINCT ?graph WHERE {{ GRAPH ?graph {{ ?report a poa:Report }} }}"""


def graphs_beside(report_graph: str) -> tuple[str, ...]:
    """The reference and ontology graphs a build publishes beside a report graph (``{base}graph/report/…``)."""
    base, marker, _ = report_graph.rpartition("graph/report/")
    return (f"{base}graph/reference", f"{base}graph/ontology") if marker else ()


def published_graphs(endpoint: str, timeout: int = 30) -> tuple[str, ...]:
    """The graphs of the store at ``endpoint`` that ``publish endpoint`` wrote: each report graph, and the
    reference and ontology graphs beside it that the store holds; sorted, empty when there is none."""
    reports = [row["graph"] for row in _select(endpoint, _REPORT_GRAPHS, (), timeout)[1]]
    # only what can be written as an IRI: the names come from the store
    candidates = sorted(g for g in {g for r in reports for g in graphs_beside(r)} - set(reports) if _IRI.fullmatch(g))
    held: list[str] = []
    if candidates:
        block = " ".join(URIRef(g).n3() for g in candidates)
        text = f"SELECT ?graph WHERE {{ VALUES ?graph {{ {block} }} FILTER EXISTS {{ GRAPH ?graph {{ ?s ?p ?o }} }} }}"
        held = [row["graph"] for row in _select(endpoint, text, (), timeout)[1]]
    return tuple(sorted({*reports, *held}))


def run_on_endpoint(q: CompetencyQuery, endpoint: str, params: Mapping[str, str],
                    timeout: int = 30) -> QueryResult:
    """``q`` on a remote store, over the graphs a build published there, whatever the store's default graph.

    The dataset is named with the protocol's ``default-graph-uri`` (their merge is the default graph) and
    ``named-graph-uri`` (for ``GRAPH``), so the answers do not depend on whether the store's own default
    graph is empty (Oxigraph), the union of its graphs (Virtuoso, Oxigraph ``--union-default-graph``) or
    something else. A store that holds none of those graphs is an error, not an empty answer.
    """
    bound = q.bind(params)
    graphs = published_graphs(endpoint, timeout)
    if not graphs:
        raise QueryError(f"{redact(endpoint)}: the store holds no graph published by poa-kg (no named graph"
                         " with a poa:Report); load a build into it with 'poa-kg publish endpoint'")
    cols, rows = _select(endpoint, with_values(q.text, bound), graphs, timeout)
    return QueryResult(cols, tuple(tuple(r.get(c, "") for c in cols) for r in rows))


def _select(endpoint: str, text: str, graphs: tuple[str, ...],
            timeout: int) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The columns and rows (variable -> lexical value) of a SELECT query on ``endpoint``, over ``graphs``."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    sw = SPARQLWrapper(endpoint)
    sw.setMethod(POST)  # a query with its parameters and a dataset can outgrow a URL
    sw.setQuery(text)
    for graph in graphs:
        sw.addDefaultGraph(graph)
        sw.addNamedGraph(graph)
    sw.setReturnFormat(JSON)
    sw.setTimeout(timeout)
    try:
        data = sw.queryAndConvert()
    except Exception as exc:  # SPARQLWrapper raises many unrelated types
        # scrubbed whole, then cut to its first line: a cut first could leave the start of a secret
        message = _scrub(f"{redact(endpoint)}: query failed: {type(exc).__name__}: {exc}", endpoint)
        raise QueryError(message.splitlines()[0]) from None
    if not isinstance(data, dict) or "results" not in data:
        raise QueryError(f"{redact(endpoint)}: query failed: the reply is not SPARQL JSON results")
    cols = tuple(data["head"]["vars"])
    rows = [{c: str(v.get("value", "")) for c, v in b.items()} for b in data["results"]["bindings"]]
    return cols, rows


def redact(url: str) -> str:
    """``url`` with the password of its user part (``user:secret@``) replaced by ``***``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "<endpoint>"
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username or ''}:***@{host}" + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _scrub(message: str, url: str) -> str:
    """``message`` without the password of ``url``, in whatever form or wherever cut it appears."""
    message = message.replace(url, redact(url))
    try:
        user, password = urlsplit(url).username or "", urlsplit(url).password
    except ValueError:
        return message
    if not password:
        return message
    # the address holds them percent-encoded; a server or a library may show them decoded
    forms = revealing_forms(user, password) | revealing_forms(unquote(user), unquote(password))
    return scrubbed(message, forms)


def run_query(name: str, params: Mapping[str, str], data: Path | None = None,
              endpoint: str | None = None) -> QueryResult:
    """Run a named competency query over a build (default ``out/``) or a remote endpoint."""
    q = load_query(name)
    if endpoint:
        return run_on_endpoint(q, endpoint, params)
    store = open_store(data or Path("out"))
    return run_on_store(q, store, params)

