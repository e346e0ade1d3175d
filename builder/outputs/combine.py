"""The combined files of a corpus, from its reports' shards, in memory that does not grow with the corpus.

Each output file of :mod:`builder.outputs.write` is written here from the
shards (:mod:`builder.outputs.shards`) by merging sorted files line by line, so
the bytes are those the in-memory build writes for the same reports, whatever
the order the shards were made in:

* ``dataset.nq``: the graphs in the order of their names, each sorted; a
  report's graph is a block of its shard, the reference graph (the union of
  what each report added to it: bounded by the reference data, not by the
  corpus) is held and sorted once, the ontology written once;
* ``graph.nt``: every report's graph (read from its shard's N-Quads) and the
  reference graph merged, each triple once; the VoID counts are taken on the
  way (:class:`SubjectOrderCounts`), distinct objects from the merged ``objects.txt``;
* ``dataset.trig`` and ``graph.ttl``: pyoxigraph reads ``dataset.nq`` and
  ``graph.nt`` back and writes them again, both as streams;
* ``context.jsonld`` from the shards' context samples and ``graph.jsonld``
  by :mod:`builder.outputs.combine_jsonld`;
* ``void.ttl`` from the counts (:func:`builder.publish.describe.describe_data`);
* ``build-report.json`` from the shards' build reports, in the order of the reports.

More shards than :data:`FAN_IN` are merged in rounds, through temporary files.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from builder.errors import StrictError
from builder.iri import PREFIXES, Iris
from builder.outputs.akn import AKN_FOLDER
from builder.outputs.shards import Shard, unkeyed
from builder.publish.describe import SubjectOrderCounts
from builder.publish.serialize import SortedQuads, write_quads

#: the most files merged at once (each open file takes a descriptor and a buffer)
FAN_IN = 128


@dataclass(frozen=True)
class Part:
    """One report of the corpus to combine: its path as given, and its shard."""

    path: str
    shard: Shard
    meta: dict[str, Any]

    @property
    def iris(self) -> Iris:
        i = self.meta["iris"]
        return Iris(base=i["base"], symbol=i["symbol"], date=i["date"], language=i["language"])


# ------------------------------------------------------------------------------------------------
# merging sorted files


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="\n") as fh:
        yield from fh


def _unique(lines: Iterator[str]) -> Iterator[str]:
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


def _read(source: Path | Iterator[str]) -> Iterator[str]:
    return _lines(source) if isinstance(source, Path) else source


@contextlib.contextmanager
def merged(sources: Sequence[Path | Iterator[str]], key: Callable[[str], Any] | None = None
           ) -> Iterator[Iterator[str]]:
    """The lines of the sorted files or line streams ``sources`` (by ``key``, or as text), merged, each once."""
    with tempfile.TemporaryDirectory(prefix="poa-kg-merge-") as tmp:
        rounds = 0
        while len(sources) > FAN_IN:  # merge in rounds: a bounded number of open files
            rounds += 1
            written: list[Path | Iterator[str]] = []
            for n in range(0, len(sources), FAN_IN):
                target = Path(tmp) / f"{rounds}-{n}"
                with target.open("w", encoding="utf-8", newline="\n") as fh:
                    fh.writelines(_unique(heapq.merge(*(_read(s) for s in sources[n:n + FAN_IN]), key=key)))
                written.append(target)
            sources = written
        yield _unique(heapq.merge(*(_read(s) for s in sources), key=key))


# ------------------------------------------------------------------------------------------------
# the VoID counts, on the way through graph.nt


# ------------------------------------------------------------------------------------------------
# the files


def _section(part: Part, graph: str) -> bytes:
    """The lines of ``graph`` in the shard's N-Quads."""
    start, end = part.meta["sections"][graph]
    with part.shard.nquads.open("rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def _write_dataset_nq(target: Path, parts: Sequence[Part], ontology: Graph | None) -> dict[str, int]:
    """``dataset.nq``; returns the triples of each graph but the ontology's, by name, in name order.

    A report's graph is copied from its shard as it is; the graphs the reports share
    (the reference graph) are held, each line once, and sorted.
    """
    report_graphs = {p.meta["graph"]: p for p in parts}
    shared: dict[str, set[bytes]] = {}
    for part in parts:
        for graph in part.meta["sections"]:
            if graph not in report_graphs:
                shared.setdefault(graph, set()).update(_section(part, graph).splitlines(keepends=True))
    counts = {g: len(lines) for g, lines in shared.items()}
    counts |= {g: part.meta["graphs"][g] for g, part in report_graphs.items() if part.meta["graphs"].get(g)}
    ontology_text = b""
    if ontology is not None and len(ontology) > 0:
        name = parts[0].iris.ontology_graph.value
        ontology_text = write_quads(SortedQuads({URIRef(name): list(ontology)}).quads, "nquads")
        shared.setdefault(name, set())
    with target.open("wb") as fh:
        for g in sorted(set(shared) | set(report_graphs), key=lambda name: f"<{name}>"):
            if g in report_graphs:
                fh.write(_section(report_graphs[g], g) if g in report_graphs[g].meta["sections"] else b"")
            elif not shared[g]:
                fh.write(ontology_text)
            else:
                fh.writelines(sorted(shared[g]))
    return dict(sorted(counts.items()))


def _rewrite(source: Path, source_format: str, target: Path, target_format: str) -> None:
    """``source`` read and written again by pyoxigraph in another format, both streamed, with the prefixes."""
    import pyoxigraph as ox

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
               "trig": ox.RdfFormat.TRIG}
    with source.open("rb") as src, target.open("wb") as out:
        ox.serialize(ox.parse(src, format=formats[source_format]), out, formats[target_format], prefixes=PREFIXES)


def _triple_lines(part: Part, graph: str) -> Iterator[str]:
    """The lines of ``graph`` in the shard's N-Quads, read as they are needed, less their graph (N-Triples)."""
    start, end = part.meta["sections"][graph]
    with part.shard.nquads.open("rb") as fh:
        fh.seek(start)
        while start < end:
            line = fh.readline()
            start += len(line)
            yield line.rsplit(b" ", 2)[0].decode("utf-8") + " .\n"


def _write_graph_nt(target: Path, parts: Sequence[Part]) -> SubjectOrderCounts:
    """``graph.nt``: each report's graph and the union of the shared graphs, merged; the VoID counts on the way."""
    counter = SubjectOrderCounts({f"<{p.iris.work.value}>" for p in parts}, parts[0].iris.base)
    shared: set[str] = set()  # the reference graph: held, as for dataset.nq
    for part in parts:
        for graph in part.meta["sections"]:
            if graph != part.meta["graph"]:
                shared.update(_triple_lines(part, graph))
    runs: list[Path | Iterator[str]] = [_triple_lines(p, p.meta["graph"]) for p in parts
                                        if p.meta["graph"] in p.meta["sections"]]
    with merged([*runs, iter(sorted(shared))]) as lines, target.open("w", encoding="utf-8", newline="\n") as fh:
        for line in lines:
            counter.add(line)
            fh.write(line)
    return counter


def _distinct_objects(parts: Sequence[Part]) -> int:
    with merged([p.shard.index / "objects.txt" for p in parts]) as lines:
        return sum(1 for _ in lines)


def _context(parts: Sequence[Part], ontology: Graph | None) -> Any:
    import pyoxigraph as ox

    from builder.graphs import rdflib_triples
    from builder.publish.jsonld import build_context

    samples: set[str] = set()
    for p in parts:  # read from the shards' files again: a part's meta in memory may go without them
        samples.update(p.shard.read_meta()["context_samples"])
    text = "".join(sorted(samples)).encode("utf-8")
    triples = list(rdflib_triples(ox.parse(text, format=ox.RdfFormat.N_TRIPLES)))
    return build_context(triples, ontology)


Bound = tuple[int, str] | None


def _in(key: tuple[int, str], low: Bound, high: Bound) -> bool:
    return (low is None or key >= low) and (high is None or key < high)


def _ref_key(line: str) -> tuple[int, str]:
    flag, node, _rest = line.split("\t", 2)
    return int(flag), node


def write_jsonld_nodes(target: Path, parts: Sequence[Part], ctx: Any, low: Bound, high: Bound) -> bool:
    """The node objects of the subjects from ``low`` (included) to ``high`` (excluded) into ``target``; any?"""
    from builder.outputs.combine_jsonld import write_nodes

    def within(key: Callable[[str], tuple[int, str]], path: Path) -> Path | Iterator[str]:
        return path if low is None and high is None else (line for line in _lines(path) if _in(key(line), low, high))

    subjects = [within(lambda line: unkeyed(line)[0], p.shard.index / "subjects.txt") for p in parts]
    refs = [within(_ref_key, p.shard.index / "refs.txt") for p in parts]
    with merged(subjects) as subj, merged(refs) as ref, \
            target.open("w", encoding="utf-8", newline="\n") as fh:
        return write_nodes(fh, subj, ref, ctx, parts[0].iris.base)


def jsonld_ranges(parts: Sequence[Part], count: int) -> list[tuple[Bound, Bound]]:
    """``count`` stretches of subjects of about the same size, split at reports' IRIs that no node straddles.

    A node's hash IRIs (``P#x``, written inside it) sort right after it, so a split at an
    IRI with no ``#`` and no character that sorts before ``#`` never parts them. Blank
    nodes (held until the end) are not split.
    """
    if count <= 1 or any(p.meta["blank_nodes"] for p in parts):
        return [(None, None)]
    works = sorted((p.iris.work.value, p.meta["graphs"].get(p.meta["graph"], 0)) for p in parts)
    works = [(w, n) for w, n in works if all(c > "#" for c in w)]
    total = sum(n for _w, n in works)
    bounds: list[Bound] = [None]
    seen = 0
    for work, n in works:
        if len(bounds) < count and seen >= total * len(bounds) / count > 0 and (1, work) != bounds[-1]:
            bounds.append((1, work))
        seen += n
    bounds.append(None)
    return list(itertools.pairwise(bounds))


def build_report(parts: Sequence[Part], triples: int) -> bytes:
    """``build-report.json``, as :meth:`builder.outputs.write.Outputs.build_report` writes it for the same reports."""
    counts: dict[str, int] = {}
    issues: dict[str, list[Any]] = {"warnings": [], "unresolved": [], "flagged": [], "unplaced": []}
    for p in parts:
        counts.update(p.meta["counts"])
        for key, found in issues.items():
            found.extend(p.meta[key])
    rep = {
        "reports": [{"path": p.path, "symbol": p.meta["symbol"], "language": p.meta["language"],
                     "date": p.meta["date"], "graph": p.meta["graph"]} for p in parts],
        "counts": dict(sorted(counts.items())) | {"triples": triples},
        "warnings": issues["warnings"],
        "unresolved": issues["unresolved"],
        "flagged": issues["flagged"],
        **({"unplaced": issues["unplaced"]} if issues["unplaced"] else {}),
    }
    return (json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def check_strict(parts: Sequence[Part]) -> None:
    """``--strict``: an unresolved or flagged name in any report is an error (as the in-memory build has it)."""
    unresolved = [u for p in parts for u in p.meta["unresolved"]]
    flagged = [f for p in parts for f in p.meta["flagged"]]
    if unresolved or flagged:
        first = (unresolved or flagged)[0]
        where = parts[0].path if parts else "?"
        raise StrictError(
            f"{first.get('where', where)}: {len(unresolved)} unresolved and {len(flagged)} flagged"
            f" name(s) in --strict mode; first: {first.get('surface', '?')} ({first.get('reason', '')})"
        )


def write_dataset_files(folder: Path, parts: Sequence[Part]) -> dict[str, int]:
    """``dataset.nq`` and ``dataset.trig``; the triples of each graph but the ontology's, by name."""
    from builder.publish.serialize import load_ontology_graph

    graph_triples = _write_dataset_nq(folder / "dataset.nq", parts, load_ontology_graph())
    _rewrite(folder / "dataset.nq", "nquads", folder / "dataset.trig", "trig")
    return graph_triples


def write_graph_files(folder: Path, parts: Sequence[Part]) -> tuple[Any, list[str]]:
    """``graph.nt`` and ``graph.ttl``; the VoID counts of the data, and the dates the reports give themselves."""
    counter = _write_graph_nt(folder / "graph.nt", parts)
    _rewrite(folder / "graph.nt", "nt", folder / "graph.ttl", "turtle")
    return counter.counts(_distinct_objects(parts)), counter.work_dates


def write_context(folder: Path, parts: Sequence[Part]) -> Any:
    """``context.jsonld``; the context, for the JSON-LD nodes."""
    from builder.publish.jsonld import context_bytes
    from builder.publish.serialize import load_ontology_graph

    ctx = _context(parts, load_ontology_graph())
    (folder / "context.jsonld").write_bytes(context_bytes(ctx))
    return ctx


def _write_jsonld(folder: Path, parts: Sequence[Part], ctx: Any, run: Submit, count: int) -> list[Future[Any]]:
    """Start writing the ``@graph`` of ``graph.jsonld`` in ``count`` stretches, each into a file of its own."""
    return [run(write_jsonld_nodes, folder / f".graph.jsonld.{n}", parts, ctx, low, high)
            for n, (low, high) in enumerate(jsonld_ranges(parts, count))]


def _join_jsonld(folder: Path, parts: Sequence[Part], written: Sequence[bool]) -> None:
    """``graph.jsonld``: its head, the stretches of nodes that hold any, its tail."""
    from builder.outputs.combine_jsonld import NODE_SEPARATOR, document_head, document_tail

    pieces = [folder / f".graph.jsonld.{n}" for n in range(len(written))]
    with (folder / "graph.jsonld").open("w", encoding="utf-8", newline="\n") as out:
        out.write(document_head(parts[0].iris.base))
        first = True
        for piece, any_node in zip(pieces, written, strict=True):
            if any_node:
                out.write("\n    " if first else NODE_SEPARATOR)
                with piece.open(encoding="utf-8", newline="\n") as fh:
                    shutil.copyfileobj(fh, out)
                first = False
        out.write(document_tail(first))
    for piece in pieces:
        piece.unlink()


#: a function that runs a function on its arguments, maybe in another process, and gives a future of its value
Submit = Callable[..., "Future[Any]"]


def combine(folder: Path, parts: Sequence[Part], submit: Submit | None = None, stretches: int = 1,
            contact_point: str | None = None) -> list[str]:
    """Write every combined output file of ``parts`` (in the order of the reports) into ``folder``; their names.

    The independent groups of files (the dataset's, the merged graph's, and the
    JSON-LD's nodes in ``stretches`` parts) are written side by side through
    ``submit`` (a process pool's), else one after the other here.
    """
    from builder.publish.describe import describe_data
    from builder.publish.serialize import load_ontology_graph, to_turtle

    if not parts:
        raise ValueError("combine needs at least one report")
    run: Submit = submit if submit is not None else _here
    ctx = write_context(folder, parts)
    nodes = _write_jsonld(folder, parts, ctx, run, stretches)
    graph = run(write_graph_files, folder, parts)
    dataset = run(write_dataset_files, folder, parts)
    _join_jsonld(folder, parts, [future.result() for future in nodes])
    counts, work_dates = graph.result()
    graph_triples = dataset.result()
    iris = [p.iris for p in parts]
    void = describe_data(iris, counts, work_dates, graph_triples, contact_point, load_ontology_graph())
    (folder / "void.ttl").write_bytes(to_turtle(void))
    (folder / "build-report.json").write_bytes(build_report(parts, counts.triples))
    _link_akn(folder, parts)
    return sorted(["dataset.nq", "dataset.trig", "graph.nt", "graph.ttl", "context.jsonld", "graph.jsonld",
                   "void.ttl", "build-report.json", AKN_FOLDER])


def _link_akn(folder: Path, parts: Sequence[Part]) -> None:
    """``akn/<slug>.xml`` of every report: its shard's Akoma Ntoso file, linked (or copied) into place."""
    target = folder / AKN_FOLDER
    target.mkdir(exist_ok=True)
    for part in parts:
        dest = target / f"{part.shard.slug}.xml"
        if not dest.exists():  # a report named twice has one file
            try:
                os.link(part.shard.akn, dest)
            except OSError:
                shutil.copyfile(part.shard.akn, dest)


def _here(fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """Run ``fn`` now, in this process: its value (or its error) as a done future."""
    future: Future[Any] = Future()
    try:
        future.set_result(fn(*args))
    except BaseException as exc:
        future.set_exception(exc)
    return future
