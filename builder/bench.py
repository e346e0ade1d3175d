"""``make bench``: how long a build takes, where the time goes, and how it scales.

    python -m builder.bench --out out/bench.json [--copies 10,100] [--workers 1,2] [--runs 3] [--quick]

Five measurements, printed as tables and saved as JSON:

* **one report**, end to end and stage by stage; the median of ``--runs`` runs.
  End to end is what ``poa-kg build --validate`` does but start Python and
  import the modules: ``build``, then ``write_validated_outputs`` (serialization
  and SHACL validation side by side, on two cores, every file written into a
  new build folder). Stage by stage, each stage function is called directly,
  one after the other (``segment_file``, ``extract``, ``resolve``, ``emit``,
  ``dataset_quads`` + ``serialize_outputs``, ``BuildResult.graphs``,
  ``validate_result``), which gives each stage's share.
* **a corpus, through the product**: ``poa-kg build`` itself, run as a user
  runs it (a process of its own), on 1 and N copies of the report under
  different symbols (each with its own metadata file; ``--copies``, 10 and 100
  by default, 1,000 with ``make bench-large``), with 1 and 2 worker processes
  (``--workers``): wall time, time per report, ratio to one report and to the
  serial build, and the peak memory of the whole process tree (psutil, sampled).
* **every competency query** (``builder.query.list_queries()``), on the
  embedded pyoxigraph store and on a plain rdflib graph, with a sample value for
  each parameter: the median of several runs, and the ratio.
* **SHACL validation** of the report's graph.
* **memory per MB of input**: one report made of 1, 5 and 10 copies of the
  bundled report's text (its header once), built and serialized as ``poa-kg
  build`` does, each size in a fresh process; the figure is the growth of the
  peak RSS per MiB of input between the smallest and the largest.

Each target is printed beside its measurement with PASS or FAIL. No test
checks a timing; ``tests/test_atomic.py`` only runs ``--quick`` and checks the
JSON's keys.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from builder.atomic import write_text_atomic

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "A-CONF.192-2018-RC-3.ar.txt"
BASE = "https://w3id.org/poa-kg/"
MiB = 1024 * 1024

# targets (issue "Hold up and measure")
ONE_REPORT_SECONDS = 1.0  # built, validated and written in every format (issue "A corpus through the product")
QUERY_MS = 20.0
QUERY_SPEEDUP = 10.0
CORPUS_RATIO = 100.0
CORPUS_PEAK_MIB = 1024.0
PARALLEL_RATIO = 0.6  # 2 workers: under 60 % of the serial time
MEMORY_PER_INPUT_MIB = 150.0  # peak memory per MiB of input (issue "Hard to break")
MEMORY_COPIES = (1, 5, 10)

SAMPLE_PARAMS = {"instrument": "S/RES/2370 (2017)", "theme": "marking", "ref": "II.26"}


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def peak_rss_mib(who: int) -> float:
    """Peak resident memory of this process or of its largest waited-for child (Linux: KiB)."""
    rss = resource.getrusage(who).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / MiB


# --------------------------------------------------------------------------------------------------
# the stages of one report


def load_pipeline_inputs() -> Any:
    from builder.reference_data import load_references

    return load_references()


def _one_run(shapes: Any) -> tuple[dict[str, float], Any, bool]:
    """One pass over the stages of the bundled report, each stage function called and timed on its own."""
    from builder.dataset import BuiltDataset
    from builder.emit import emit
    from builder.extract import extract
    from builder.model import BuildReport
    from builder.outputs.validated import validate_result
    from builder.outputs.write import dataset_quads, serialize_outputs
    from builder.pipeline import BuildResult, iris_for
    from builder.resolve import resolve
    from builder.segment import segment_file

    times: dict[str, float] = {}
    times["setup"], references = timed(load_pipeline_inputs)
    times["segment"], doc = timed(lambda: segment_file(REPORT, None, references.layout))
    times["extract"], facts = timed(lambda: extract(doc, references))
    times["resolve"], resolved = timed(lambda: resolve(facts, references))
    iris = iris_for(doc, BASE)
    ds = BuiltDataset()
    times["emit"], _ = timed(lambda: emit(resolved, iris, references, ds))
    report = BuildReport()
    report.record(resolved.counts(), resolved.issues)
    result = BuildResult(dataset=ds, documents=[doc], report=report, iris=[iris])
    times["quads"], quads = timed(lambda: dataset_quads(result))
    times["rdflib"], _ = timed(lambda: result.graphs)  # converted once, read by the JSON-LD, AKN and SHACL sides
    times["serialize"], _ = timed(lambda: serialize_outputs(result, quads))
    times["data_graph"], _ = timed(result.data_view)
    times["validate"], outcome = timed(lambda: validate_result(result, shapes))
    return times, result, outcome.conforms


def end_to_end_run() -> dict[str, Any]:
    """One build as ``poa-kg build --validate`` runs it, in this (fresh) process, files written and all.

    Modules are imported first, untimed (Python's start-up is not the build's);
    then the timer covers reading the reference data and the shapes, segmenting,
    extracting, resolving, emitting, serializing and validating side by side
    (:func:`builder.outputs.validated.write_validated_outputs`) and writing every
    file into a new build folder.
    """
    import pyshacl  # noqa: F401 - imported before the timer, as a running command has it
    import rdflib.plugins.sparql  # noqa: F401

    from builder.outputs.validated import write_validated_outputs
    from builder.pipeline import BuildSettings, build
    from builder.publish import describe, jsonld  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        def run() -> bool:
            result = build([REPORT], BuildSettings(base=BASE))
            return write_validated_outputs(result, Path(tmp) / "out")[1].conforms

        seconds, conforms = timed(run)
    return {"seconds": seconds, "conforms": conforms}


def _end_to_end() -> tuple[float, bool]:
    """:func:`end_to_end_run` in a fresh process, so no earlier run's memory or garbage weighs on it."""
    proc = subprocess.run([sys.executable, "-m", "builder.bench", "--end-to-end-run"], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    answer = json.loads(proc.stdout)
    return float(answer["seconds"]), bool(answer["conforms"])


def measure_one_report(runs: int) -> tuple[dict[str, Any], Any]:
    from builder.resources import resource_names
    from builder.validate import load_shapes

    shapes = load_shapes()
    times: dict[str, list[float]] = {}
    result: Any = None
    conforms = True
    walls: list[float] = []
    for _ in range(runs):
        one, result, conforms = _one_run(shapes)
        for key, value in one.items():
            times.setdefault(key, []).append(value)
        wall, ok = _end_to_end()
        walls.append(wall)
        conforms = conforms and ok
    m = {k: median(v) for k, v in times.items()}
    serialize = m["quads"] + m["serialize"]
    total = (m["setup"] + m["segment"] + m["extract"] + m["resolve"] + m["emit"] + serialize + m["rdflib"]
             + m["data_graph"] + m["validate"])
    stages: list[tuple[str, float | None, str]] = [
        ("segment", m["segment"], "read, decode and segment (builder.segment.segment_file)"),
        ("extract", m["extract"], "every extractor (builder.extract.extract)"),
        ("resolve", m["resolve"], "States, organizations, people, resolutions, meetings (builder.resolve.resolve)"),
        ("emit", m["emit"], "pyoxigraph quads of the report's graph and the reference graph (builder.emit.emit)"),
        ("serialize", serialize,
         "builder.outputs.write: dataset_quads + serialize_outputs (every output format, in memory)"),
        ("rdflib terms", m["rdflib"], "the graphs as rdflib terms, once, for JSON-LD, AKN and pySHACL"
                                      " (BuildResult.graphs)"),
        ("validate", m["validate"] + m["data_graph"], f"SHACL (pySHACL) over the data graph; conforms: {conforms}"),
    ]
    triples = len(result.data_view())
    single = {
        "runs": runs,
        "triples": triples,
        "setup_seconds": round(m["setup"], 4),
        "total_seconds": round(total, 4),
        "end_to_end_seconds": round(median(walls), 4),
        "stages": [{"stage": name, "seconds": None if sec is None else round(sec, 4),
                    "share": None if sec is None else round(sec / total, 4), "note": note}
                   for name, sec, note in stages],
    }
    validation = {"seconds": round(m["validate"], 4), "data_graph_seconds": round(m["data_graph"], 4),
                  "triples": triples, "conforms": conforms, "shapes": resource_names("shapes", ".ttl")}
    return {"single": single, "validation": validation}, result


# --------------------------------------------------------------------------------------------------
# the corpus


def make_corpus(folder: Path, copies: int) -> list[Path]:
    """``copies`` copies of the report, each with a metadata file giving it its own symbol."""
    meta = json.loads(REPORT.with_name("A-CONF.192-2018-RC-3.ar.meta.json").read_text(encoding="utf-8"))
    paths = []
    for i in range(copies):
        path = folder / f"COPY-{i:04d}.ar.txt"
        shutil.copyfile(REPORT, path)
        path.with_name(f"COPY-{i:04d}.ar.meta.json").write_text(
            json.dumps(meta | {"symbol": f"A/CONF.192/2018/RC/3/COPY-{i:04d}"}), encoding="utf-8")
        paths.append(path)
    return paths


def run_command(args: Sequence[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``args``; its wall time and the peak memory of its whole process tree (MiB, sampled every 50 ms).

    The peak is that of the sum of the resident memory of the process and all its
    descendants at each sample (pages shared after a fork count once per process:
    an upper bound).
    """
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    return wall, peak / MiB, subprocess.CompletedProcess(list(args), proc.returncode, stdout, stderr)


def measure_corpus(paths: Sequence[Path], workers: int, tmp: Path) -> dict[str, Any]:
    """``poa-kg build`` of ``paths`` into a new folder with ``--workers``, as a user runs it: a process of its own."""
    out = tmp / f"out-{len(paths)}-{workers}"
    reports = [str(paths[0])] if len(paths) == 1 else [str(paths[0].parent)]  # one file, or the corpus's folder
    args = [sys.executable, "-m", "builder.cli", "build", *reports, "--out", str(out), "--workers", str(workers)]
    wall, peak, proc = run_command(args, ROOT)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"poa-kg build of {len(paths)} report(s): {last}")
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    size = sum(f.stat().st_size for f in out.resolve().glob("*.n*"))
    shutil.rmtree(out.resolve())
    out.unlink()
    return {"copies": len(paths), "workers": workers, "seconds": round(wall, 2), "peak_rss_mib": round(peak, 1),
            "triples": report["counts"]["triples"], "dumps_mib": round(size / MiB, 1),
            "summary": proc.stdout.strip().splitlines()[0]}


def measure_corpora(sizes: Sequence[int], workers: Sequence[int]) -> list[dict[str, Any]]:
    """Each corpus size built by ``poa-kg build`` with each number of workers; ratios to one report and to serial."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="poa-kg-bench-") as tmp:
        for copies in sizes:
            folder = Path(tmp) / f"corpus-{copies}"
            folder.mkdir()
            paths = make_corpus(folder, copies)
            for n in workers if copies > 1 else workers[:1]:
                with _status(f"poa-kg build: {copies} report(s), {n} worker(s)"):
                    rows.append(measure_corpus(paths, n, Path(tmp)))
            shutil.rmtree(folder)
    one = next((r for r in rows if r["copies"] == 1), None)
    for r in rows:
        r["per_report_seconds"] = round(r["seconds"] / r["copies"], 3)
        r["ratio_to_one"] = round(r["seconds"] / one["seconds"], 2) if one else None
        serial = next((s for s in rows if s["copies"] == r["copies"] and s["workers"] == 1), None)
        r["ratio_to_serial"] = round(r["seconds"] / serial["seconds"], 3) if serial else None
    return rows


# --------------------------------------------------------------------------------------------------
# memory per MB of input


def make_long_report(folder: Path, copies: int) -> Path:
    """One report made of ``copies`` copies of the bundled report's text after its header (the header once)."""
    from builder.segment import first_body_line

    lines = REPORT.read_text(encoding="utf-8").split("\n")
    start = first_body_line("\n".join(lines))
    header, body = "\n".join(lines[:start]), "\n".join(lines[start:]).strip()
    path = folder / f"LONG-{copies:03d}.ar.txt"
    path.write_text(header + "\n" + "\n\n".join([body] * copies) + "\n", encoding="utf-8")
    return path


def run_memory(copies: int) -> dict[str, Any]:
    """Build and serialize a report of ``copies`` copies, as ``poa-kg build`` but the writing (in a fresh process)."""
    from builder.outputs.write import serialize_outputs
    from builder.pipeline import BuildSettings, build

    with tempfile.TemporaryDirectory(prefix="poa-kg-bench-") as tmp:
        path = make_long_report(Path(tmp), copies)
        size = path.stat().st_size
        seconds, files = timed(lambda: serialize_outputs(build([path], BuildSettings(
            base=BASE, symbol=f"A/CONF.192/2018/RC/3/LONG-{copies:03d}", max_report_bytes=size))))
    return {"copies": copies, "input_mib": round(size / MiB, 3), "seconds": round(seconds, 2),
            "output_mib": round(sum(len(b) for b in files.values()) / MiB, 1),
            "peak_rss_mib": round(peak_rss_mib(resource.RUSAGE_SELF), 1)}


def measure_memory(sizes: Sequence[int]) -> dict[str, Any]:
    """:func:`run_memory` for each size, each in a fresh process; the peak's growth per MiB of input."""
    runs = []
    for copies in sizes:
        proc = subprocess.run([sys.executable, "-m", "builder.bench", "--memory-run", str(copies)],
                              capture_output=True, text=True, check=False, cwd=ROOT)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"memory run of {copies} copies: {last}")
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    first, last = runs[0], runs[-1]
    grown = last["input_mib"] - first["input_mib"]
    per_mib = (last["peak_rss_mib"] - first["peak_rss_mib"]) / grown if grown > 0 else None
    return {"runs": runs, "per_input_mib": None if per_mib is None else round(per_mib, 1)}


# --------------------------------------------------------------------------------------------------
# queries


def sample_value(name: str, ptype: str, description: str) -> str:
    """A value to try a parameter with: a known sample, else the first example its description gives."""
    if name in SAMPLE_PARAMS:
        return SAMPLE_PARAMS[name]
    if ptype == "integer":
        return "1"
    text = description.split("e.g.", 1)[-1] if "e.g." in description else description.rsplit(":", 1)[-1]
    first = text.split(",")[0].strip(" .…")
    return first or "x"


def measure_queries(result: Any, runs: int) -> list[dict[str, Any]]:
    import pyoxigraph as ox

    from builder.query import list_queries, run_on_graph, run_on_store

    store = ox.Store()
    store.bulk_extend(list(result.dataset.quads()))
    graph = result.data_graph()
    rows = []
    for q in list_queries():
        params = {p.name: sample_value(p.name, p.type, p.description) for p in q.parameters}
        ox_times, rdf_times = [], []
        on_store = on_graph = None
        for _ in range(runs):
            t, on_store = timed(functools.partial(run_on_store, q, store, params))
            ox_times.append(t)
        for _ in range(max(1, min(runs, 3))):
            t, on_graph = timed(functools.partial(run_on_graph, q, graph, params))
            rdf_times.append(t)
        ox_ms, rdf_ms = median(ox_times) * 1000, median(rdf_times) * 1000
        same = on_store is not None and on_graph is not None and sorted(on_store.rows) == sorted(on_graph.rows)
        rows.append({"name": q.name, "params": params, "rows": len(on_store.rows) if on_store else 0,
                     "oxigraph_ms": round(ox_ms, 2), "rdflib_ms": round(rdf_ms, 2),
                     "speedup": round(rdf_ms / ox_ms, 1) if ox_ms > 0 else None, "same_rows": same})
    return rows


# --------------------------------------------------------------------------------------------------
# report


def environment() -> dict[str, Any]:
    def v(pkg: str) -> str:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return "-"

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            **{pkg: v(pkg) for pkg in ("rdflib", "pyshacl", "pyoxigraph")}}


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []

    def add(target: str, limit: str, measured: str, ok: bool) -> None:
        out.append({"target": target, "limit": limit, "measured": measured, "pass": ok})

    wall = data["single"]["end_to_end_seconds"]
    add("one report built, validated and written", f"< {ONE_REPORT_SECONDS:g} s", f"{wall:.2f} s",
        wall < ONE_REPORT_SECONDS)
    if data["queries"]:
        slow = max(data["queries"], key=lambda q: q["oxigraph_ms"])
        add("every query on the embedded store", f"< {QUERY_MS:g} ms",
            f"slowest {slow['name']}: {slow['oxigraph_ms']:.1f} ms", slow["oxigraph_ms"] < QUERY_MS)
        least = min(data["queries"], key=lambda q: q["speedup"] or 0)
        add("every query vs rdflib", f">= {QUERY_SPEEDUP:g}x faster",
            f"least {least['name']}: {least['speedup']}x", (least["speedup"] or 0) >= QUERY_SPEEDUP)
    corpus = data["corpus"]
    one = next((c for c in corpus if c["copies"] == 1), None)
    largest = max((c["copies"] for c in corpus), default=0)
    if largest > 1:  # the issue sets them for 100 reports (and 1,000 with make bench-large)
        runs = [c for c in corpus if c["copies"] == largest]
        if one is not None:
            best = min(runs, key=lambda c: c["seconds"])
            ratio = best["seconds"] / one["seconds"]
            add(f"{largest} reports vs one", f"< {largest}x the time of one",
                f"{ratio:.1f}x ({best['workers']} worker(s))", ratio < largest)
        peak = max(c["peak_rss_mib"] for c in runs)
        add(f"{largest} reports peak memory (process tree)", f"< {CORPUS_PEAK_MIB:g} MiB", f"{peak:.0f} MiB",
            peak < CORPUS_PEAK_MIB)
        parallel = [c for c in runs if c["workers"] == 2 and c["ratio_to_serial"] is not None]
        for c in parallel:
            add(f"{largest} reports, 2 workers vs 1", f"< {100 * PARALLEL_RATIO:g} % of the serial time",
                f"{100 * c['ratio_to_serial']:.0f} %", c["ratio_to_serial"] < PARALLEL_RATIO)
    per_mib = data["memory"]["per_input_mib"]
    if per_mib is not None:
        add("memory per MB of input", f"< {MEMORY_PER_INPUT_MIB:g} MiB per MiB", f"{per_mib:.0f} MiB per MiB",
            per_mib < MEMORY_PER_INPUT_MIB)
    return out


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [["-" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render(data: dict[str, Any]) -> str:
    s = data["single"]
    out = [f"== one report ({REPORT.name}), median of {s['runs']} run(s): {s['triples']:,} triples; "
           f"end to end {s['end_to_end_seconds']:.2f} s (build, then serialization and validation side by side,"
           f" files written, as 'poa-kg build --validate'); the stages one after the other"
           f" {s['total_seconds']:.2f} s"
           f" (of which {s['setup_seconds']:.2f} s loading reference data)"]
    out.append(_table(["stage", "seconds", "share", "note"], [
        (st["stage"], None if st["seconds"] is None else f"{st['seconds']:.3f}",
         None if st["share"] is None else f"{100 * st['share']:.0f}%", st["note"]) for st in s["stages"]]))
    out.append("")
    out.append("== corpus: 'poa-kg build' itself (a process of its own) on N copies of the report, each with its"
               " own symbol; peak: the memory of the whole process tree")
    out.append(_table(
        ["copies", "workers", "wall s", "s/report", "x one", "x serial", "triples", "dumps MiB", "peak MiB"],
        [(c["copies"], c["workers"], f"{c['seconds']:.1f}", f"{c['per_report_seconds']:.2f}", c["ratio_to_one"],
          c["ratio_to_serial"], f"{c['triples']:,}", c["dumps_mib"], f"{c['peak_rss_mib']:.0f}")
         for c in data["corpus"]]))
    out.append("")
    out.append("== competency queries: median ms, embedded pyoxigraph store vs plain rdflib graph")
    out.append(_table(["query", "params", "rows", "oxigraph ms", "rdflib ms", "speedup", "same rows",
                       f"<{QUERY_MS:g}ms", f">={QUERY_SPEEDUP:g}x"],
                      [(q["name"], ", ".join(f"{k}={v}" for k, v in q["params"].items()) or None, q["rows"],
                        f"{q['oxigraph_ms']:.2f}", f"{q['rdflib_ms']:.1f}", q["speedup"],
                        "yes" if q["same_rows"] else "NO", "PASS" if q["oxigraph_ms"] < QUERY_MS else "FAIL",
                        "PASS" if (q["speedup"] or 0) >= QUERY_SPEEDUP else "FAIL") for q in data["queries"]]))
    out.append("")
    v = data["validation"]
    out.append(f"== SHACL validation: {v['seconds']:.2f} s over {v['triples']:,} triples "
               f"(+{v['data_graph_seconds']:.2f} s to take the data graph's view); shapes: {', '.join(v['shapes'])}; "
               f"conforms: {v['conforms']}")
    out.append("")
    mem = data["memory"]
    per_mib = "-" if mem["per_input_mib"] is None else f"{mem['per_input_mib']:.0f}"
    out.append(f"== memory per MB of input: one report of N copies of the bundled report's text, built and serialized"
               f" as 'poa-kg build' does, each in a fresh process; peak RSS grows {per_mib} MiB per MiB of input")
    out.append(_table(["copies", "input MiB", "seconds", "output MiB", "peak MiB"],
                      [(r["copies"], f"{r['input_mib']:.2f}", f"{r['seconds']:.1f}", r["output_mib"],
                        f"{r['peak_rss_mib']:.0f}") for r in mem["runs"]]))
    out.append("")
    out.append("== targets")
    out.append(_table(["target", "limit", "measured", ""],
                      [(t["target"], t["limit"], t["measured"], "PASS" if t["pass"] else "FAIL")
                       for t in data["targets"]]))
    for note in data["notes"]:
        out.append(f"note: {note}")
    return "\n".join(out) + "\n"


@contextmanager
def _status(what: str) -> Iterator[None]:
    print(f"... {what}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    yield
    print(f"    done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out/bench.json"), help="where to write the JSON")
    parser.add_argument("--copies", default="10,100", help="corpus sizes, comma-separated (default 10,100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--workers", default="1,2", help="corpus worker processes to try, comma-separated (1,2)")
    parser.add_argument("--quick", action="store_true", help="one run, a corpus of one copy (a smoke test)")
    parser.add_argument("--end-to-end-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--memory-run", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.end_to_end_run:  # internal: one build as the command runs it, in its own process
        print(json.dumps(end_to_end_run()))
        return 0

    if args.memory_run is not None:  # internal: one input size, in its own process
        print(json.dumps(run_memory(args.memory_run)))
        return 0

    runs = 1 if args.quick else max(1, args.runs)
    sizes = [1] if args.quick else sorted({1, *(int(x) for x in args.copies.split(",") if x.strip())})
    data: dict[str, Any] = {"environment": environment(), "notes": []}
    with _status(f"one report, {runs} run(s)"):
        measured, result = measure_one_report(runs)
    data.update(measured)
    with _status("competency queries"):
        data["queries"] = measure_queries(result, 1 if args.quick else max(5, runs))
    workers = [1] if args.quick else sorted({int(x) for x in args.workers.split(",") if x.strip()})
    data["corpus"] = measure_corpora(sizes, workers)
    copies_for_memory = (1, 2) if args.quick else MEMORY_COPIES
    with _status(f"memory per MB of input ({', '.join(map(str, copies_for_memory))} copies)"):
        data["memory"] = measure_memory(copies_for_memory)
    data["targets"] = targets(data)
    data["notes"].append("corpus: 'poa-kg build' of a folder of copies into a new build folder, every output file;"
                         " one report takes the in-memory path, several the streamed one (shards, then combined)")
    data["notes"].append("memory per MB of input: the growth of the peak between the smallest and the largest input;"
                         " the peak of the smallest is mostly Python, the libraries and the reference data")
    data["notes"].append("peak memory of a corpus build: the largest sum of the resident memory of the command and"
                         " its worker processes, sampled every 50 ms (pages shared after a fork counted in each)")
    text = render(data)
    print(text, end="")
    write_text_atomic(args.out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
