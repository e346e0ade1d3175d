"""Command line: parses arguments and calls the library; no pipeline logic lives here.

Exit codes (as pySHACL's): 0 success / conforms, 1 does not conform, 2 error.
Errors are one line on stderr, naming the file and the place; never a traceback.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from builder.iri import DEFAULT_BASE

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 2


def bundled_report() -> Path:
    """The report shipped with the project (repository ``corpus/``)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "corpus", Path(str(resources.files("builder") / "corpus"))):
        hits = sorted(candidate.glob("*.txt")) if candidate.is_dir() else []
        if hits:
            return hits[0]
    raise click.UsageError("no bundled report found; name a report file")


def fail(message: str) -> NoReturn:
    click.echo(f"poa-kg: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _on_signal(signum: int, _frame: object) -> None:
    # every file is written atomically, so stopping here leaves no half-written output
    click.echo(f"poa-kg: interrupted by signal {signum}; nothing half-written was left", err=True)
    sys.exit(128 + signum)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="poa-kg")
def main() -> None:
    """Build, validate, query and publish a knowledge graph of UN small-arms (PoA) reports.

    \b
    Typical use:
      poa-kg build                      # the bundled report → out/
      poa-kg validate                   # SHACL; exit 0 conforms, 1 not, 2 error
      poa-kg query paragraphs --format csv
      poa-kg query commitments-citing --param instrument="S/RES/2370 (2017)"
    """
    signal.signal(signal.SIGTERM, _on_signal)


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default=Path("out"), type=click.Path(path_type=Path), show_default=True,
              help="Output folder.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the project's IRIs.")
@click.option("--symbol", default=None, help="Document symbol, when neither the header nor a metadata file has it.")
@click.option("--strict", is_flag=True, help="Unresolved or flagged names are an error, not a warning.")
def build(reports: tuple[Path, ...], out: Path, base: str, symbol: str | None, strict: bool) -> None:
    """Build the graph of REPORTS (default: the bundled report) into --out.

    Writes graph.ttl, graph.nt, dataset.trig, dataset.nq and build-report.json.
    An existing output is replaced only when the whole build has succeeded.
    """
    from builder.pipeline import BuildSettings, StrictError, write_outputs
    from builder.pipeline import build as run_build
    from builder.source import ReportError

    paths = list(reports) or [bundled_report()]
    try:
        result = run_build(paths, BuildSettings(base=base, symbol=symbol, strict=strict))
        written = write_outputs(result, out)
    except (ReportError, StrictError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or out}: {exc.strerror}")
    rep = result.report
    click.echo(f"built {len(paths)} report(s) into {out}/: "
               + ", ".join(f"{k} {v}" for k, v in sorted(rep.counts.items())))
    if rep.warnings or rep.flagged or rep.unresolved:
        click.echo(f"{len(rep.warnings)} warning(s), {len(rep.flagged)} flagged, {len(rep.unresolved)} unresolved:"
                   f" see {out}/build-report.json")
    click.echo("wrote " + ", ".join(p.name for p in written))


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="A build folder or an RDF file.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Where to write the SHACL report (Turtle). Default: DATA/validation.ttl.")
def validate(data: Path, report_path: Path | None) -> None:
    """Validate a built graph against the SHACL shapes. Exit 0 conforms, 1 does not, 2 error."""
    from builder.atomic import write_bytes_atomic, write_text_atomic
    from builder.query import QueryError, load_graph
    from builder.validate import validate as run_validate

    try:
        graph = load_graph(data)
    except (QueryError, OSError, SyntaxError, ValueError) as exc:
        fail(str(exc).splitlines()[0])
    try:
        outcome = run_validate(graph)
    except Exception as exc:  # pySHACL raises a variety of engine errors
        fail(f"validation could not run: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    folder = data if data.is_dir() else data.parent
    target = report_path or folder / "validation.ttl"
    write_bytes_atomic(target, outcome.report.serialize(format="turtle", encoding="utf-8"))
    summary = outcome.summary()
    write_text_atomic(target.with_suffix(".txt"), summary + "\n")
    click.echo(summary)
    click.echo(f"report: {target}")
    sys.exit(outcome.exit_code)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected key=value, got {p!r}", param_hint="--param")
        out[key.strip()] = value
    return out


@main.command()
@click.argument("name", required=False)
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="A build folder or an RDF file (default: out/).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--endpoint", default=None, help="Run against this remote SPARQL endpoint instead.")
@click.option("--list", "list_only", is_flag=True, help="List the competency queries and exit.")
def query(name: str | None, data: Path | None, params: tuple[str, ...], fmt: str, endpoint: str | None,
          list_only: bool) -> None:
    """Run the competency query NAME (a file of queries/) over a build or an endpoint."""
    from builder.query import QueryError, list_queries, run_query

    if list_only or not name:
        for q in list_queries():
            ps = " ".join(f"--param {p.name}=…" for p in q.parameters)
            click.echo(f"{q.name:22} {q.question} {ps}".rstrip())
        return
    try:
        result = run_query(name, _parse_params(params), data=data, endpoint=endpoint)
    except QueryError as exc:
        fail(str(exc))
    click.echo(result.format(fmt), nl=False)


@main.command("docs")
@click.option("--out", "out", default=Path("out/docs"), type=click.Path(path_type=Path), show_default=True)
def docs_cmd(out: Path) -> None:
    """Render the ontology's documentation as HTML."""
    from builder.ontology import render_ontology_docs

    try:
        path = render_ontology_docs(out)
    except OSError as exc:
        fail(f"{exc.filename or out}: {exc.strerror}")
    click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
