"""A validated build: the output files and the SHACL validation of the same data, on two cores when there are.

Validation and serialization only read the finished graphs, so on Linux with
two cores a forked child validates (and writes the JSON-LD files) while this
process writes the other files (:func:`serialize_and_validate`). The
validation report is written as ``validation.ttl`` and ``validation.txt``
beside the data, by a build with ``--validate`` and by ``poa-kg validate``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph

from builder.atomic import write_bytes_atomic
from builder.errors import OutputError, os_errors_as
from builder.outputs.folder import BuildFolder, write_synced
from builder.outputs.read import load_data
from builder.outputs.write import BUILD_FILES, Outputs, ontology_graph_names, open_build_folder
from builder.publish.serialize import SortedQuads
from builder.result import BuildResult
from builder.runtime import build_gc, frozen_gc
from builder.validate import ValidationOutcome, validate


@build_gc()
def validate_result(result: BuildResult, shapes: Graph | None = None) -> ValidationOutcome:
    """SHACL-validate the data of ``result`` (its graphs but the ontology's), in place.

    The emitted quads, pyoxigraph terms already, fill the store that answers the shapes' SPARQL
    constraints as they are; pySHACL reads the same data as rdflib terms (:meth:`BuildResult.data_view`).
    """
    import pyoxigraph as ox

    skip = {ox.NamedNode(name) for name in ontology_graph_names(result)}
    store = ox.Store()
    store.extend(q for q in result.dataset.quads() if q.graph_name not in skip)
    return validate(result.data_view(), shapes, sparql=store)


@dataclass(frozen=True)
class CheckedOutputs:
    """What a validated build writes: the files, and the SHACL outcome of the data they hold."""

    files: dict[str, bytes]
    outcome: ValidationOutcome


#: the files the forked child writes in :func:`serialize_and_validate`, beside the validation: those written
#: from the data as rdflib terms, which the child converts for validation anyway
CHILD_FILES = ("graph.jsonld", "context.jsonld")


#: where a file goes as soon as it is written (its name and bytes), in whichever process writes it
FileSink = Callable[[str, bytes], None]


def _child_side(outputs: Outputs, shapes: Graph | None, sink: FileSink | None, conn: Connection) -> None:
    """The forked side of :func:`serialize_and_validate`: validate, write CHILD_FILES, send back the outcome.

    The files go to ``sink`` when there is one (a folder both processes see), else back as data.
    """
    import signal

    for s in (signal.SIGINT, signal.SIGTERM):  # the parent owns the clean-up of an interrupted build
        signal.signal(s, signal.SIG_DFL)
    try:
        writers = outputs.writers()
        files = _write(writers, CHILD_FILES, sink)
        outcome = validate_result(outputs.result, shapes)
        conn.send(("ok", files, outcome.conforms, outcome.violations,
                   outcome.report.serialize(format="nt", encoding="utf-8")))
    except Exception as exc:
        conn.send(("error", exc))
    finally:
        conn.close()


def _write(writers: Mapping[str, Callable[[], bytes]], names: Iterable[str],
           sink: FileSink | None) -> dict[str, bytes]:
    """Write the files ``names`` of ``writers``: each into ``sink`` as soon as it is written, or into the answer."""
    files: dict[str, bytes] = {}
    for name in names:
        if name in writers:
            if sink is None:
                files[name] = writers[name]()
            else:
                sink(name, writers[name]())
    return files


def _own_files(result: BuildResult, sorted_quads: SortedQuads | None, sink: FileSink | None) -> dict[str, bytes]:
    """The parent's side of :func:`serialize_and_validate`: the files but CHILD_FILES.

    Written from outputs of their own, let go when this returns: the sorted quads and their text
    are freed while the child is still at work, not after it.
    """
    writers = Outputs(result, sorted_quads).writers()
    return _write(writers, [name for name in writers if name not in CHILD_FILES], sink)


def _fork_available() -> bool:
    """Whether a forked helper can run on a core of its own: Linux, two cores or more, and no other thread.

    A process that runs other threads is not forked: a lock one of them holds
    (an import, a logger) would stay held for ever in the child.
    """
    import multiprocessing as mp
    import threading

    if not sys.platform.startswith("linux") or "fork" not in mp.get_all_start_methods():
        return False
    return len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


@build_gc()
def serialize_and_validate(result: BuildResult, shapes: Graph | None = None,
                           sorted_quads: SortedQuads | None = None, parallel: bool = True,
                           sink: FileSink | None = None) -> CheckedOutputs:
    """The output files of ``result`` and its SHACL validation; with ``parallel``, on two cores at once.

    Writing and validating only read the finished graphs, so on Linux with two
    cores or more they share the work: a forked child (which sees the built
    graphs copy-on-write) validates and writes the JSON-LD files
    (``CHILD_FILES``), and sends back only bytes and the outcome, while this
    process writes the other files. Elsewhere, or when the child dies without an
    answer, everything runs here, one after the other, with the same result.

    With ``sink``, each file is handed to it as soon as it is written, by the
    process that wrote it, instead of being returned (``files`` is then empty):
    a build writes its files into its new generation while the other process
    is still at work.
    """
    outputs = Outputs(result, sorted_quads)
    writers = outputs.writers()
    if not (parallel and _fork_available()):
        files = _write(writers, writers, sink)
        return CheckedOutputs(files, validate_result(result, shapes))
    import multiprocessing as mp

    import pyshacl  # noqa: F401 - imported here, before the fork, so that the child imports nothing

    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_side, args=(outputs, shapes, sink, sender), daemon=True)
    with frozen_gc():
        child.start()
        sender.close()
        try:
            files = _own_files(result, sorted_quads, sink)
            try:
                answer = receiver.recv()
            except EOFError:
                answer = None
        finally:
            receiver.close()
            child.join()
    if answer is None:  # the child died (killed, out of memory): do its part here instead
        files |= _write(writers, CHILD_FILES, sink)
        return CheckedOutputs(files, validate_result(result, shapes))
    if answer[0] == "error":
        raise answer[1]
    _, child_files, conforms, violations, report_nt = answer
    report = Graph()
    report.parse(data=report_nt, format="nt")
    outcome = ValidationOutcome(conforms=conforms, report=report, violations=violations)
    files |= child_files
    return CheckedOutputs({name: files[name] for name in writers if name in files}, outcome)


def validation_files(outcome: ValidationOutcome) -> dict[str, bytes]:
    """The SHACL report of ``outcome`` (Turtle) and its readable summary, by the names a build gives them."""
    return {
        "validation.ttl": outcome.report.serialize(format="turtle", encoding="utf-8"),
        "validation.txt": (outcome.summary() + "\n").encode("utf-8"),
    }


@build_gc()  # until the files are written: a collection between the stages walks the whole graph
def write_validated_outputs(result: BuildResult, out: Path | BuildFolder, shapes: Graph | None = None
                            ) -> tuple[list[Path], ValidationOutcome]:
    """Serialize and validate ``result``; the output files and the validation report become the build folder ``out``.

    ``out`` as for :func:`builder.outputs.write.write_build`. Each file is written
    into a new generation of the folder as soon as it is serialized, by either
    process of :func:`serialize_and_validate`, and synced there while the other
    is still at work; the folder switches to that generation in one step once
    the validation report is written too. Returns the files' paths (through
    ``out``) and the outcome.
    """
    if not isinstance(out, BuildFolder):
        with open_build_folder(out) as folder:
            return write_validated_outputs(result, folder, shapes)
    generation = out.stage()
    try:
        def sink(name: str, data: bytes) -> None:
            write_synced(generation / name, data)

        checked = serialize_and_validate(result, shapes, sink=sink)
        for name, data in validation_files(checked.outcome).items():
            sink(name, data)
        names = sorted(str(p.relative_to(generation)) for p in generation.rglob("*") if p.is_file())
        out.commit_staged(generation, BUILD_FILES)
    except BaseException:
        out.discard(generation)
        raise
    return [out.out / name for name in names], checked.outcome


def validate_data(data: Path, report: Path | None = None) -> tuple[ValidationOutcome, Path]:
    """Validate a build folder or an RDF file, and write the report: ``report`` and the summary beside it.

    The report goes by default to ``validation.ttl`` in the build folder (or
    beside the file), its summary to the same name with ``.txt``. Returns the
    outcome and where the report went.
    """
    graph, store = load_data(data)
    outcome = validate(graph, sparql=store)
    target = report or (data if data.is_dir() else data.parent) / "validation.ttl"
    files = validation_files(outcome)
    with os_errors_as(OutputError, target):
        write_bytes_atomic(target, files["validation.ttl"])
        write_bytes_atomic(target.with_suffix(".txt"), files["validation.txt"])
    return outcome, target
