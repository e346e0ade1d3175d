"""The output files of a build: every serialization of the graph, the VoID description, the build report and
each report as an Akoma Ntoso document (``akn/``, :mod:`builder.outputs.akn`).

All of them are written from the same sorted quads and the same merged data,
each computed once (:class:`Outputs`), so that the files agree with one another
and are byte-identical for the same input. Nothing is written to disk until
every file is ready; then they become the build folder's content in one
atomic step (:func:`write_build`: a new generation of the folder,
:mod:`builder.outputs.folder`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from builder.atomic import write_files_atomic
from builder.errors import OutputError, os_errors_as
from builder.graphs import Triple, union_of
from builder.iri import DEFAULT_BASE
from builder.outputs.akn import AKN_FOLDER, akn_writers
from builder.outputs.folder import BuildFolder, build_folder
from builder.publish.serialize import SortedQuads, labelled, load_ontology_graph, to_turtle, write_quads
from builder.result import BuildResult
from builder.runtime import build_gc

if TYPE_CHECKING:
    from builder.publish.jsonld import Context

#: every file a build writes (the last two with ``--validate``; ``akn`` the folder of the Akoma Ntoso files):
#: a new generation never takes them from the last
BUILD_FILES = frozenset({"graph.ttl", "graph.nt", "graph.jsonld", "context.jsonld", "dataset.trig", "dataset.nq",
                         "void.ttl", "build-report.json", "validation.ttl", "validation.txt", AKN_FOLDER,
                         "shards", "manifest.json"})  # the last two: a corpus build's (builder.corpus)
#: what else poa-kg puts into a build folder: the ontology's documentation (``make docs``), ``make bench``'s figures
COMPANION_FILES = frozenset({"docs", "bench.json"})


def ontology_graph_names(result: BuildResult) -> set[str]:
    """The names of the ontology's graphs: never part of the data that is merged, described or validated."""
    named = {g.name.value for g in result.dataset.graphs() if "/graph/ontology" in g.name.value}
    return {i.ontology_graph.value for i in result.iris} | named


@build_gc()
def dataset_quads(result: BuildResult, ontology: Graph | None = None) -> SortedQuads:
    """The quads of every graph of ``result`` and of the ontology's graph, sorted (what every file is written from).

    The emitted quads are taken as they are; only the ontology (``ontology``, the
    project's when not given) is converted from rdflib terms.
    """
    if ontology is None:
        ontology = load_ontology_graph()
    graphs: dict[URIRef, Sequence[Triple]] = {}
    if result.iris and ontology is not None and len(ontology) > 0:
        graphs[URIRef(result.iris[0].ontology_graph.value)] = list(ontology)
    return SortedQuads(graphs, result.dataset.quads())


class Outputs:
    """What the output files of one result are written from, each part computed once, when first needed."""

    def __init__(self, result: BuildResult, sorted_quads: SortedQuads | None = None,
                 ontology: Graph | None = None) -> None:
        self.result = result
        self._sorted_quads = sorted_quads
        self._ontology = ontology

    @property
    def graphs(self) -> dict[URIRef, list[Triple]]:
        return self.result.graphs  # converted to rdflib terms once; every writer that walks a graph takes these

    @cached_property
    def ontology(self) -> Graph | None:
        return self._ontology if self._ontology is not None else load_ontology_graph()

    @cached_property
    def data(self) -> Sequence[Triple]:
        """The merged data (all graphs but the ontology's), blank nodes labelled once, canonically, for every file."""
        return labelled(union_of(self.graphs, skip=ontology_graph_names(self.result)))

    @cached_property
    def context(self) -> Context:
        from builder.publish.jsonld import build_context

        return build_context(self.data, self.ontology)

    @cached_property
    def sorted_quads(self) -> SortedQuads:
        if self._sorted_quads is not None:
            return self._sorted_quads
        return dataset_quads(self.result, self.ontology)

    @cached_property
    def union_rows(self) -> list[tuple[str, str, str, Any]]:
        """The merged data, sorted, as the N-Triples text of each term and the quad it came from."""
        return self.sorted_quads.union_rows(ontology_graph_names(self.result))

    @cached_property
    def union(self) -> list[Any]:
        import pyoxigraph as ox

        return [ox.Triple(q.subject, q.predicate, q.object) for _s, _p, _o, q in self.union_rows]

    def description(self) -> Graph:
        """The VoID/DCAT description, counted on the merged data's text as the corpus build counts it."""
        from builder.publish.describe import count_data, describe_data

        result = self.result
        counts, work_dates = count_data([(s, p, o) for s, p, o, _q in self.union_rows], result.iris)
        graph_triples = {g.name.value: len(g) for g in result.dataset.graphs()}
        return describe_data(result.iris, counts, work_dates, graph_triples, result.contact_point, self.ontology)

    def writers(self) -> dict[str, Callable[[], bytes]]:
        """Each output file's name and the function that writes its bytes."""
        from builder.publish.jsonld import context_bytes, to_jsonld

        result = self.result
        base = result.iris[0].base if result.iris else DEFAULT_BASE
        out: dict[str, Callable[[], bytes]] = {
            "graph.ttl": lambda: write_quads(self.union, "turtle"),
            "graph.nt": lambda: write_quads(self.union, "nt"),
            "graph.jsonld": lambda: to_jsonld(self.data, self.context, "context.jsonld", base=base, canonical=True),
            "context.jsonld": lambda: context_bytes(self.context),
            "dataset.trig": lambda: write_quads(self.sorted_quads.quads, "trig"),
            "dataset.nq": lambda: write_quads(self.sorted_quads.quads, "nquads"),
            "build-report.json": self.build_report,
        }
        if result.iris:
            out["void.ttl"] = lambda: to_turtle(self.description())
        return out | akn_writers(lambda: self.graphs, result.iris, ontology_graph_names(result))

    def build_report(self) -> bytes:
        result = self.result
        rep = {
            "reports": [
                {"path": d.path, "symbol": d.metadata.symbol, "language": d.metadata.language,
                 "date": d.metadata.date, "graph": i.report_graph.value}
                for d, i in zip(result.documents, result.iris, strict=True)
            ],
            "counts": dict(sorted(result.report.counts.items())) | {"triples": len(self.union_rows)},
            "warnings": result.report.warnings,
            "unresolved": result.report.unresolved,
            "flagged": result.report.flagged,
            **({"unplaced": result.report.unplaced} if result.report.unplaced else {}),
        }
        return (json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


@build_gc()
def serialize_outputs(result: BuildResult, sorted_quads: SortedQuads | None = None,
                      ontology: Graph | None = None) -> dict[str, bytes]:
    """Every output file of ``result``, in memory: name → bytes (byte-identical for the same input).

    ``sorted_quads`` (:func:`dataset_quads` of ``result``) and ``ontology`` are
    passed when the caller has them already.
    """
    return {name: write() for name, write in Outputs(result, sorted_quads, ontology).writers().items()}


def write_files(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` into the plain folder ``out``: each file atomically, and all of them or none.

    A build's output goes through :func:`write_build` instead, which switches the whole folder at once.

    A file that cannot be written is an :class:`~builder.errors.OutputError` naming it.
    """
    with os_errors_as(OutputError, out):
        return write_files_atomic(out, files)


@contextmanager
def open_build_folder(out: Path) -> Iterator[BuildFolder]:
    """The build folder ``out``, locked for one build (see :func:`builder.outputs.folder.build_folder`)."""
    with build_folder(out, BUILD_FILES | COMPANION_FILES) as folder:
        yield folder


def write_build(out: Path | BuildFolder, files: Mapping[str, bytes]) -> list[Path]:
    """Make ``files`` the content of the build folder ``out`` in one atomic step: a new generation of it.

    ``out`` is a path (locked here for the time of the write) or a folder the
    caller has locked for the whole build (:func:`open_build_folder`). Files of
    the folder that a build does not write (``docs/``, ``bench.json``) are kept.
    Returns the paths of the files, through ``out``.
    """
    if isinstance(out, BuildFolder):
        return out.commit(files, BUILD_FILES)
    with open_build_folder(out) as folder:
        return folder.commit(files, BUILD_FILES)


@build_gc()  # until the files are written: a collection between the stages walks the whole graph
def write_outputs(result: BuildResult, out: Path | BuildFolder) -> list[Path]:
    """Serialize ``result`` and make its output files the content of the build folder ``out`` (:func:`write_build`)."""
    return write_build(out, serialize_outputs(result))
