"""SPARQL answers: a query evaluated on a pyoxigraph store, cut to a number of rows, in a results format.

Runs inside a query worker process (:mod:`builder.publish.query_workers`):
evaluation and writing the results are both bounded by the worker's deadline
and memory cap.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from builder.publish.replies import Response, negotiate

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SELECT_OFFERS = ("application/sparql-results+json", "application/json", "application/sparql-results+xml",
                 "application/xml", "text/xml", "text/csv", "text/tab-separated-values")
ASK_OFFERS = ("application/sparql-results+json", "application/json", "application/sparql-results+xml",
              "application/xml", "text/xml")
GRAPH_OFFERS = ("application/n-triples", "text/turtle", "application/n-quads", "text/plain")


@dataclass(frozen=True)
class QueryRequest:
    """One query of the SPARQL protocol: the text, the dataset it names, and the formats the client accepts."""

    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


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


def query_options(request: QueryRequest) -> dict[str, Any]:
    """The dataset of a request as ``Store.query`` options (the union of the named graphs by default)."""
    import pyoxigraph as ox

    options: dict[str, Any] = {}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    return options


def evaluate(store: Any, request: QueryRequest, max_rows: int) -> tuple[str, Any, bool]:
    """``(kind, value, truncated)``: ``ask`` and a boolean, ``select`` and ``(names, rows)``, or ``graph`` and
    triples; at most ``max_rows`` rows or triples are kept (``truncated`` when there were more)."""
    import pyoxigraph as ox

    result = store.query(request.query, **query_options(request))
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result), False)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows: list[tuple[Any, ...]] = []
        for solution in result:
            if len(rows) >= max_rows:
                return ("select", (names, rows), True)
            rows.append(tuple(solution[n] for n in names))
        return ("select", (names, rows), False)
    triples: list[Any] = []
    for t in result:
        if len(triples) >= max_rows:
            return ("graph", triples, True)
        triples.append(t)
    return ("graph", triples, False)


def results_type(media: str) -> str:
    return media + ("; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else "")


def not_acceptable(offers: Sequence[str]) -> Response:
    return Response(406, ("none of the requested formats is available; offered: " + ", ".join(offers) + "\n")
                    .encode())


def answer(store: Any, request: QueryRequest, max_rows: int) -> Response:
    """The reply to ``request``: its results in the negotiated format, or 400 for a query that fails."""
    headers = [("X-Result-Limit", str(max_rows)), ("Vary", "Accept")]
    try:
        kind, value, truncated = evaluate(store, request, max_rows)
    except (SyntaxError, ValueError, TypeError) as exc:
        return Response(400, f"query failed: {_first_line(exc)}\n".encode(), headers=headers)
    except MemoryError:
        raise  # the worker that ran out of memory reports it and is replaced
    except Exception as exc:  # a store or evaluation error (an unbound SERVICE name, a read error)
        return Response(500, f"query failed: {_first_line(exc)}\n".encode(), headers=headers)
    if truncated:
        headers.append(("X-Result-Truncated", "true"))
    return _written(kind, value, request.accept, headers)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _written(kind: str, value: Any, accept: str | None, headers: list[tuple[str, str]]) -> Response:
    offers: Mapping[str, Sequence[str]] = {"ask": ASK_OFFERS, "select": SELECT_OFFERS, "graph": GRAPH_OFFERS}
    media = negotiate(accept, offers[kind])
    if media is None:
        return not_acceptable(offers[kind])
    if kind == "ask":
        return Response(200, ask_result(value, media), results_type(media), headers)
    if kind == "select":
        names, rows = value
        return Response(200, select_results(names, rows, media), results_type(media), headers)
    media = "application/n-triples" if media in ("text/plain", "application/n-quads") else media
    return Response(200, graph_result(value, media), f"{media}; charset=utf-8", headers)
