"""A corpus build: many reports, each built on its own (in worker processes) and combined from shards.

    reports ──▶ one job per report ──(workers)──▶ shards/<slug>.nq + its index ──combine──▶ the combined files

:func:`builder.pipeline.build` holds every report in one dataset, so its memory
grows with the corpus. Here each report is segmented, extracted, resolved and
emitted into a dataset of its own, written as a shard
(:mod:`builder.outputs.shards`) into the new generation of the build folder
and dropped; a worker hands back the shard's name, never a graph. The combined
files are then merged from the shards (:mod:`builder.outputs.combine`), byte for
byte those the in-memory build writes for the same reports in the same order,
whatever the order the workers finished in and however many there were.

**Incremental.** Each report's shard is recorded in ``manifest.json`` under a
key: the SHA-256 of the builder's own code and data, the build's settings, the
report's bytes and its metadata file's. A rebuild takes the shards whose key is
unchanged from the current generation (hard links) and builds the others only;
the combine step runs in full.

**Validation** (``--validate``) is per report, in its worker: the report's
graph and the part of the reference graph it adds, which is what a build of that
report alone validates. ``validation.ttl`` holds the reports' SHACL reports
together, ``validation.txt`` their summary.

**Workers** are local processes (:func:`worker_pool`) or, given an executor
(``pool``), whatever runs behind it: the workers of a Dask cluster
(:mod:`builder.cluster`), which write their shards into the same build folder.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from builder.errors import ClusterError, OutputError, ReportError, os_errors_as
from builder.outputs.combine import Part, check_strict, combine
from builder.outputs.folder import BuildFolder
from builder.outputs.shards import SHARDS, Shard, read_manifest, write_manifest
from builder.pipeline import BuildSettings
from builder.source import check_report_file, metadata_path

__all__ = ["CorpusResult", "ShardJob", "build_corpus", "build_shard", "expand_reports", "progress_bar"]

_GLOB = ("*", "?", "[")


def expand_reports(arguments: Sequence[Path]) -> list[Path]:
    """The report files that ``arguments`` name: files as given, the ``*.txt`` of a folder and a glob's matches, sorted.

    A folder without a report and a glob that matches nothing are errors naming them.
    """
    paths: list[Path] = []
    for arg in arguments:
        if arg.is_dir():
            found = sorted(p for p in arg.glob("*.txt") if p.is_file())
            if not found:
                raise ReportError(f"{arg}: a folder with no report file (*.txt) in it")
            paths += found
        elif not arg.exists() and any(c in str(arg) for c in _GLOB):
            hits = sorted(Path(p) for p in glob.glob(str(arg), recursive=True) if Path(p).is_file())
            if not hits:
                raise ReportError(f"{arg}: no report file matches")
            paths += hits
        else:
            paths.append(arg)
    return paths


def builder_digest() -> str:
    """The SHA-256 of the builder's code and data files: a shard made by other code is never reused."""
    digest = hashlib.sha256()
    root = resources.files("builder")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(Path(str(root)))).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class ShardJob:
    """One report to build into a shard: all a worker process needs, as plain data."""

    index: int
    path: str
    key: str
    shards: str
    base: str
    symbol: str | None
    validate: bool
    #: the working directory ``path`` is relative to (a cluster's worker may run in another), or "" for any
    folder: str = ""


@dataclass(frozen=True)
class ShardDone:
    """What a worker hands back: where the shard is (never a graph), and how long it took."""

    index: int
    slug: str
    seconds: float
    reused: bool = False


def report_key(path: Path, settings: BuildSettings, validate: bool, code: str) -> str:
    """The key of a report's shard: the builder's code and data, the settings, the report and its metadata file."""
    digest = hashlib.sha256()
    for part in (code, settings.base, settings.symbol or "", str(validate), str(path)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(path.read_bytes() + b"\0")
    sidecar = metadata_path(path)
    digest.update(sidecar.read_bytes() if sidecar.is_file() else b"-")
    return digest.hexdigest()


def build_shard(job: ShardJob, references: Any = None) -> ShardDone:
    """Build one report into its shard (segment, extract, resolve, emit, with ``--validate`` validate), in any process.

    ``references`` (:func:`builder.reference_data.load_references`) is loaded here when not given.
    """
    import gc

    from builder.dataset import BuiltDataset
    from builder.iri import symbol_slug
    from builder.model import BuildReport
    from builder.outputs.shards import write_shard
    from builder.pipeline import build_document, iris_for
    from builder.reference_data import load_references
    from builder.result import BuildResult
    from builder.runtime import build_gc
    from builder.segment import segment_file

    start = time.perf_counter()
    if not Path(job.shards).is_dir():  # a cluster's worker that does not see the build folder
        import socket

        raise ClusterError(f"{job.shards}: no such folder on the worker at {socket.gethostname()}; the workers of a"
                           " cluster must see the build folder at the same path (a shared filesystem)")
    if job.folder and os.getcwd() != job.folder:
        # the report's path stays as given (it is named in the outputs): the worker moves to where it is relative
        # to, for good, since the jobs it runs at once (one per thread) may all be of this build
        os.chdir(job.folder)
    with build_gc():
        refs = references if references is not None else load_references()
        doc = segment_file(Path(job.path), job.symbol, refs.layout)
        iris = iris_for(doc, job.base)
        dataset = BuiltDataset()
        resolved = build_document(doc, iris, dataset, refs)
        report = BuildReport()
        report.record(resolved.counts(), resolved.issues)
        shard = Shard(Path(job.shards), symbol_slug(doc.metadata.symbol))
        meta: dict[str, Any] = {
            "key": job.key, "path": doc.path, "symbol": doc.metadata.symbol, "language": doc.metadata.language,
            "date": doc.metadata.date, "graph": iris.report_graph.value,
            "iris": {"base": iris.base, "symbol": iris.symbol, "date": iris.date, "language": iris.language},
            "counts": report.counts, "warnings": report.warnings, "unresolved": report.unresolved,
            "flagged": report.flagged, "unplaced": report.unplaced,
        }
        result = BuildResult(dataset=dataset, documents=[doc], report=report, iris=[iris])
        if job.validate:
            meta["validation"] = _validate(result, shard)
        write_shard(shard, dataset, meta)
        # The files of one report drawn from its own dataset (not from the merged graph) are written into the
        # shard while the dataset is at hand, so that a rebuild takes them over with it; combining links them in.
        shard.akn.write_bytes(_akn_of(result))
        del dataset, resolved, doc, result
    gc.collect()  # the rdflib views of a report hold reference cycles: free this report's before the next
    return ShardDone(index=job.index, slug=shard.slug, seconds=time.perf_counter() - start)


def _akn_of(result: Any) -> bytes:
    """The Akoma Ntoso file of the one report of ``result``."""
    from builder.outputs.akn import akn_writers

    [write_akn] = akn_writers(lambda: result.graphs, result.iris, ()).values()
    return write_akn()


def _validate(result: Any, shard: Shard) -> dict[str, Any]:
    from builder.outputs.validated import validate_result

    outcome = validate_result(result)
    shard.validation.write_bytes(outcome.report.serialize(format="nt", encoding="utf-8"))
    return {"conforms": outcome.conforms, "violations": [asdict(v) for v in outcome.violations]}


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the build's own process, which stops the workers and cleans up."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` processes (started as they are first needed), or None for one worker: all runs here."""
    if workers <= 1:
        yield None
        return
    import multiprocessing as mp
    from multiprocessing.context import BaseContext

    context: BaseContext = mp.get_context("spawn")
    if "forkserver" in mp.get_all_start_methods():
        server = mp.get_context("forkserver")
        # the server imports the builder once; each worker forked from it starts with it imported
        server.set_forkserver_preload(["builder.corpus", "builder.pipeline", "builder.outputs.combine"])
        context = server
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def run_jobs(jobs: Sequence[ShardJob], pool: Executor | None, done: Callable[[ShardDone], None]) -> None:
    """Build the shards of ``jobs``: through ``pool`` (worker processes, a cluster), else here; ``done`` as each
    finishes."""
    if pool is None or (len(jobs) <= 1 and isinstance(pool, ProcessPoolExecutor)):  # no process started for one
        from builder.reference_data import load_references

        references = load_references() if jobs else None
        for job in jobs:
            done(build_shard(job, references))
        return
    running: set[Future[ShardDone]] = {pool.submit(build_shard, job) for job in jobs}
    while running:
        finished, running = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            done(future.result())


@dataclass
class CorpusResult:
    """What a corpus build did: its reports, how many were built and how many taken unchanged, and the files."""

    parts: list[Part]
    built: int
    reused: int
    workers: int
    seconds: float
    combine_seconds: float = 0.0  # of ``seconds``: merging the shards into the combined files
    written: list[Path] = field(default_factory=list)
    outcome: Any = None  # the ValidationOutcome of --validate

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.parts:
            out.update(p.meta["counts"])
        return out

    def issues(self, kind: str) -> list[Any]:
        return [i for p in self.parts for i in p.meta[kind]]

    def summary(self, out: Path) -> str:
        """What the command prints at the end: reports built and unchanged, totals, warnings, the files."""
        totals: dict[str, int] = {}
        for key, value in self.counts.items():
            what = key.rpartition(": ")[2]
            totals[what] = totals.get(what, 0) + value
        lines = [f"built {len(self.parts)} report(s) into {out}/: {self.built} built, {self.reused} unchanged,"
                 f" {self.workers} worker(s), {self.seconds:.1f} s (combining {self.combine_seconds:.1f} s)",
                 "  all: " + ", ".join(f"{n} {what}" for what, n in sorted(totals.items()))]
        warnings, flagged, unresolved = (self.issues(k) for k in ("warnings", "flagged", "unresolved"))
        if warnings or flagged or unresolved:
            lines.append(f"{len(warnings)} warning(s), {len(flagged)} flagged, {len(unresolved)} unresolved:"
                         f" see {out}/build-report.json")
        lines.append("wrote " + ", ".join(p.name for p in self.written))
        return "\n".join(lines)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _reuse(previous: Path | None, manifest: dict[str, str], key: str, shards: Path) -> str | None:
    """Link the unchanged shard of ``key`` from the ``previous`` generation into ``shards``; its slug, or None."""
    slug = manifest.get(key)
    if previous is None or slug is None:
        return None
    old = Shard(previous / SHARDS, slug)
    if not (old.nquads.is_file() and old.meta.is_file() and old.index.is_dir()):
        return None
    if old.read_meta().get("key") != key:
        return None
    for src in old.paths():
        dst = shards / src.name
        if src.is_dir():
            shutil.copytree(src, dst, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(src), str(dst))
    return slug


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _old_manifest(previous: Path | None) -> dict[str, str]:
    if previous is None:
        return {}
    try:
        return {r["key"]: r["slug"] for r in read_manifest(previous) or ()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # a damaged manifest: every report is built again


def build_corpus(paths: Sequence[Path], settings: BuildSettings, folder: BuildFolder, workers: int,
                 validate: bool = False, progress: Callable[[ShardDone], None] | None = None,
                 pool: Executor | None = None) -> CorpusResult:
    """Build the reports ``paths`` into the locked build folder ``folder``, shard by shard, and switch it.

    Every report file is checked before the first is built. ``progress`` is called as each report is done.
    The reports are built by ``pool`` when given (a cluster's executor: ``workers`` of them at once), else by
    ``workers`` local processes.
    """
    start = time.perf_counter()
    for path in paths:
        check_report_file(path, settings.max_report_bytes)
    from builder.outputs.write import BUILD_FILES

    with os_errors_as(OutputError, folder.out):
        previous = folder.current()
        generation = folder.stage()
    try:
        with os_errors_as(OutputError, folder.out):
            # absolute: a cluster's worker may run in another working directory than this process
            result = _build_into(generation.absolute(), previous, paths, settings, workers, validate, progress, pool)
    except BaseException:
        folder.discard(generation)
        raise
    result.written = folder.commit_staged(generation, BUILD_FILES)  # it deletes the generation if it fails
    result.seconds = time.perf_counter() - start
    return result


def _build_into(generation: Path, previous: Path | None, paths: Sequence[Path], settings: BuildSettings,
                workers: int, validate: bool, progress: Callable[[ShardDone], None] | None,
                given: Executor | None) -> CorpusResult:
    """Fill the staged ``generation``: the shards (from ``previous`` or built), the combined files, the manifest."""
    shards = generation / SHARDS
    shards.mkdir()
    old = _old_manifest(previous)
    code = builder_digest()
    keys = [report_key(p, settings, validate, code) for p in paths]
    slugs: dict[int, str] = {}
    jobs = []
    for i, (path, key) in enumerate(zip(paths, keys, strict=True)):
        slug = _reuse(previous, old, key, shards) if key not in keys[:i] else None  # a report named twice: built
        if slug is not None:
            slugs[i] = slug
            if progress is not None:
                progress(ShardDone(index=i, slug=slug, seconds=0.0, reused=True))
        else:
            jobs.append(ShardJob(index=i, path=str(path), key=key, shards=str(shards), base=settings.base,
                                 symbol=settings.symbol, validate=validate, folder=os.getcwd()))

    def done(finished: ShardDone) -> None:
        slugs[finished.index] = finished.slug
        if progress is not None:
            progress(finished)

    with worker_pool(workers) if given is None else nullcontext(given) as pool:
        run_jobs(jobs, pool, done)
        combining = time.perf_counter()
        parts = [_part(p, Shard(shards, slugs[i])) for i, p in enumerate(paths)]
        _check_distinct(parts)
        if settings.strict:
            check_strict(parts)
        combine(generation, parts, pool.submit if pool is not None else None, workers, settings.contact_point)
        combined = time.perf_counter() - combining
    write_manifest(generation, [{"path": p.path, "key": k, "slug": p.shard.slug}
                                for p, k in zip(parts, keys, strict=True)])
    outcome = _validation(generation, parts) if validate else None
    return CorpusResult(parts=parts, built=len(jobs), reused=len(paths) - len(jobs), workers=workers, seconds=0.0,
                        combine_seconds=combined, outcome=outcome)


def _part(path: Path, shard: Shard) -> Part:
    """A report to combine, with what its shard's meta says but the context samples (read again when needed)."""
    meta = shard.read_meta()
    del meta["context_samples"]
    return Part(path=str(path), shard=shard, meta=meta)


def _check_distinct(parts: Sequence[Part]) -> None:
    seen: dict[str, str] = {}
    for p in parts:
        if p.shard.slug in seen:
            raise ReportError(f"{p.path}: the same symbol as {seen[p.shard.slug]} ({p.meta['symbol']});"
                              " each report of a corpus needs its own")
        seen[p.shard.slug] = p.path


def _validation(generation: Path, parts: Sequence[Part]) -> Any:
    """The reports' validations as one outcome, written as ``validation.ttl`` and ``validation.txt``."""
    from rdflib import Graph

    from builder.outputs.validated import validation_files
    from builder.validate import ValidationOutcome, Violation

    report = Graph()
    for p in parts:
        report.parse(p.shard.validation, format="nt")
    violations = tuple(Violation(**v) for p in parts for v in p.meta["validation"]["violations"])
    outcome = ValidationOutcome(conforms=all(p.meta["validation"]["conforms"] for p in parts), report=report,
                                violations=violations)
    for name, data in validation_files(outcome).items():
        (generation / name).write_bytes(data)
    return outcome


@contextmanager
def progress_bar(total: int, enabled: bool | None = None) -> Iterator[Callable[[ShardDone], None]]:
    """A progress bar on standard error when it is a terminal (not in CI): a callable to tell it a report is done."""
    if enabled is None:
        enabled = sys.stderr.isatty() and not os.environ.get("CI")
    if not enabled:
        yield lambda _done: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="report", desc="building", file=sys.stderr, dynamic_ncols=True) as bar:
        def tick(finished: ShardDone) -> None:
            bar.update(1)
            bar.set_postfix_str(("unchanged " if finished.reused else "") + finished.slug, refresh=False)

        yield tick
