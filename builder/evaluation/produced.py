"""The rows a build gives for each aspect of a key: the product's own competency queries, asked of the built graph.

The queries run as ``poa-kg query`` runs them on a build folder: over a
pyoxigraph store holding every graph the build writes (the ontology's too),
with the default graph as their union. The paragraphs query does not tell the
report's own paragraphs from the outcome document's, so it is asked once per
document, its ``?doc`` bound to that document: the report's main document is
the part ``report``, every other one (the annexes, in the query's order) the
part ``annex``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import URIRef

from builder.evaluation.keys import ASPECTS, Row, bureau_row, vote_key
from builder.iri import POA
from builder.outputs.write import dataset_quads
from builder.query import CompetencyQuery, QueryResult, load_query, run_on_store, with_values
from builder.result import BuildResult


def produced_rows(result: BuildResult) -> dict[str, tuple[Row, ...]]:
    """The rows of every aspect in the graph of ``result`` (a build of one report)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(dataset_quads(result).quads)
    rows: dict[str, tuple[Row, ...]] = {"paragraphs": _paragraph_rows(result, store)}
    readers: dict[str, tuple[str, Callable[[dict[str, str]], Row]]] = {
        "ballots": ("votes", lambda r: Row((vote_key(r["vote"]), r["state"]), (r["position"],))),
        "speakers": ("speakers", lambda r: Row((r["speaker"], r["meeting"]), (r["kind"], r["on_behalf_of"]))),
        "bureau": ("bureau", lambda r: bureau_row(r["role"], r["person"], r["state"])),
        "citations": ("citations", lambda r: Row((r["ref"], r["target"]), ())),
    }
    for aspect, (query, row) in readers.items():
        rows[aspect] = tuple(row(r) for r in _records(run_on_store(load_query(query), store, {})))
    assert tuple(rows) == ASPECTS
    return rows


def _records(result: QueryResult) -> list[dict[str, str]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def _paragraph_rows(result: BuildResult, store: Any) -> tuple[Row, ...]:
    query = load_query("paragraphs")
    documents = sorted({str(q.object.value) for q in store.quads_for_pattern(None, _node(POA.isPartOfDocument), None)})
    main = {iris.main.value for iris in result.iris}
    refs: dict[str, list[str]] = {"report": [], "annex": []}
    for document in documents:
        bound = CompetencyQuery(query.name, with_values(query.text, {"doc": URIRef(document)}), query.question,
                                query.parameters, query.columns)
        part = "report" if document in main else "annex"
        refs[part] += [r["ref"] for r in _records(run_on_store(bound, store, {}))]
    return tuple(Row((part, str(position)), (ref,)) for part, keys in refs.items()
                 for position, ref in enumerate(keys, 1))


def _node(iri: URIRef) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))
