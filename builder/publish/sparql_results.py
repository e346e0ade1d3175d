"""SPARQL answers: a query evaluated on a pyoxigraph store over the dataset it names, in a negotiated format.

Runs inside a query worker process (:mod:`builder.publish.query_workers`):
evaluation and writing the results are both bounded by the worker's deadline
and memory cap.

The dataset follows the SPARQL 1.1 Protocol: the request's ``default-graph-uri``
and ``named-graph-uri`` parameters, when it has any, replace the query's own
``FROM`` and ``FROM NAMED``; otherwise the query's dataset clause holds, and a
query without one sees the store's default graph, which the worker makes the
union of the named graphs (each distinct triple once). Every format is written
by pyoxigraph's own serializers. A result is cut to ``max_rows`` rows or
triples: the rows are streamed as SPARQL TSV (one row a line) until one more than
allowed has come, and the rows kept are read back and written in the format
asked for, so a large result is never held whole.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from builder.publish.replies import Response, negotiate

#: media type -> name of a ``pyoxigraph.QueryResultsFormat``, in the server's order of preference
SELECT_FORMATS: Mapping[str, str] = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
ASK_FORMATS: Mapping[str, str] = {m: f for m, f in SELECT_FORMATS.items() if f in ("JSON", "XML")}
#: media type -> name of a ``pyoxigraph.RdfFormat`` for CONSTRUCT and DESCRIBE results
GRAPH_FORMATS: Mapping[str, str] = {
    "application/n-triples": "N_TRIPLES", "text/turtle": "TURTLE", "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML", "application/n-quads": "N_QUADS", "text/plain": "N_TRIPLES",
}
#: the media type a reply in each format is labelled with (``text/plain`` is N-Triples asked for by another name)
_LABEL = {"text/plain": "application/n-triples"}


@dataclass(frozen=True)
class QueryRequest:
    """One query of the SPARQL protocol: the text, the dataset it names, and the formats the client accepts."""

    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def query_options(request: QueryRequest) -> dict[str, Any]:
    """The protocol's dataset as ``Store.query`` options; none when the request names no graph.

    Either parameter makes the whole dataset: a request with ``named-graph-uri`` alone has an
    empty default graph, one with ``default-graph-uri`` alone no named graphs.
    """
    import pyoxigraph as ox

    if not request.default_graphs and not request.named_graphs:
        return {}  # the query's FROM / FROM NAMED, else the store's default graph
    return {"default_graph": [ox.NamedNode(g) for g in request.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in request.named_graphs]}


class _RowCap(io.RawIOBase):
    """A sink for SPARQL TSV that takes the header and ``max_rows`` rows, and stops the writer at the row after."""

    def __init__(self, max_rows: int) -> None:
        super().__init__()
        self.lines_wanted = max_rows + 1  # the header line, then the rows
        self.kept = bytearray()
        self.lines = 0
        self.truncated = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.kept += chunk
        self.lines += chunk.count(b"\n")
        if self.lines > self.lines_wanted:
            self.truncated = True
            cut = -1
            for _ in range(self.lines_wanted):
                cut = self.kept.index(b"\n", cut + 1)
            del self.kept[cut + 1:]
            raise BrokenPipeError("enough rows")
        return len(chunk)


def solutions_in(result: Any, media: str, max_rows: int) -> tuple[bytes, bool]:
    """SELECT solutions (at most ``max_rows``) in the results format of ``media``, and whether rows were cut."""
    import pyoxigraph as ox

    sink = _RowCap(max_rows)
    try:
        result.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except BrokenPipeError:
        if not sink.truncated:
            raise
    kept = ox.parse_query_results(bytes(sink.kept), format=ox.QueryResultsFormat.TSV)
    out = kept.serialize(format=getattr(ox.QueryResultsFormat, SELECT_FORMATS[media]))
    assert isinstance(out, bytes)
    return out, sink.truncated


def triples_in(result: Any, media: str, max_rows: int) -> tuple[bytes, bool]:
    """CONSTRUCT or DESCRIBE triples (at most ``max_rows``) in the RDF format of ``media``; whether some were cut."""
    import pyoxigraph as ox

    kept: list[Any] = []
    truncated = False
    for triple in result:
        if len(kept) >= max_rows:
            truncated = True
            break
        kept.append(triple)
    out = ox.serialize(kept, format=getattr(ox.RdfFormat, GRAPH_FORMATS[media]))
    assert isinstance(out, bytes)
    return out, truncated


def results_type(media: str) -> str:
    media = _LABEL.get(media, media)
    return media + ("; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml", "triples",
                                                                                       "quads")) else "")


def not_acceptable(offers: Mapping[str, str]) -> Response:
    return Response(406, ("none of the requested formats is available; offered: " + ", ".join(offers) + "\n")
                    .encode())


def answer(store: Any, request: QueryRequest, max_rows: int) -> Response:
    """The reply to ``request``: its results in the negotiated format, or 400 for a query that fails."""
    headers = [("X-Result-Limit", str(max_rows)), ("Vary", "Accept")]
    try:
        return _written(store.query(request.query, **query_options(request)), request.accept, max_rows, headers)
    except (SyntaxError, ValueError, TypeError) as exc:
        return Response(400, f"query failed: {_first_line(exc)}\n".encode(), headers=headers)
    except MemoryError:
        raise  # the worker that ran out of memory reports it and is replaced
    except Exception as exc:  # a store or evaluation error (an unbound SERVICE name, a read error)
        return Response(500, f"query failed: {_first_line(exc)}\n".encode(), headers=headers)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _written(result: Any, accept: str | None, max_rows: int, headers: list[tuple[str, str]]) -> Response:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        media = negotiate(accept, list(ASK_FORMATS))
        if media is None:
            return not_acceptable(ASK_FORMATS)
        body = result.serialize(format=getattr(ox.QueryResultsFormat, ASK_FORMATS[media]))
        assert isinstance(body, bytes)
        return Response(200, body, results_type(media), headers)
    formats = SELECT_FORMATS if isinstance(result, ox.QuerySolutions) else GRAPH_FORMATS
    media = negotiate(accept, list(formats))
    if media is None:
        return not_acceptable(formats)
    write = solutions_in if formats is SELECT_FORMATS else triples_in
    body, truncated = write(result, media, max_rows)
    if truncated:
        headers = [*headers, ("X-Result-Truncated", "true")]
    return Response(200, body, results_type(media), headers)
