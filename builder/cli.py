"""Command line: parses arguments and calls the library; no pipeline logic lives here.

Exit codes (as pySHACL's): 0 success / conforms, 1 does not conform, 2 error;
interrupted: 130 (SIGINT, Ctrl-C) and 143 (SIGTERM), as a shell reports them.
Errors are one line on stderr, naming the file and the place; never a traceback:
the library raises a :class:`~builder.errors.PoaKgError` for every problem of
the user's input, and the command group reports it in one place (:class:`_Group`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from builder.atomic import remove_pending
from builder.errors import EXIT_ERROR, OutputError, PoaKgError, os_errors_as
from builder.iri import DEFAULT_BASE, checked_base, checked_symbol

if TYPE_CHECKING:
    from builder.pipeline import BuildSettings


def bundled_report() -> Path:
    """The report shipped with the project (repository ``corpus/``)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "corpus", Path(str(resources.files("builder") / "corpus"))):
        hits = sorted(candidate.glob("*.txt")) if candidate.is_dir() else []
        if hits:
            return hits[0]
    raise click.UsageError("no bundled report found; name a report file")


def _checked(check: Callable[[str], str]) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A click callback that lets a value through ``check`` (a library function raising a PoaKgError).

    The error ends the run as any other (:class:`_Group`): one line, exit 2, before the command runs.
    """
    def callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        return None if value is None else check(value)

    return callback


def _checked_query_name(name: str) -> str:
    from builder.query import checked_query_name

    return checked_query_name(name)


def _checked_contact_point(contact: str) -> str:
    from builder.publish.describe import checked_contact_point

    return checked_contact_point(contact)


def _checked_endpoint_url(url: str) -> str:
    from builder.publish.endpoint import checked_endpoint_url

    return checked_endpoint_url(url)


def _checked_scheduler(value: str) -> str:
    from builder.cluster import checked_scheduler

    return checked_scheduler(value)


def fail(error: PoaKgError) -> NoReturn:
    click.echo(f"poa-kg: error: {error}", err=True)
    sys.exit(EXIT_ERROR)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupted(signum: int) -> NoReturn:
    # every file is written to a temporary name and renamed (builder.atomic): removing the
    # temporary files of writes in progress leaves each output either as it was or complete
    for s in _STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    remove_pending()
    click.echo(f"poa-kg: interrupted ({signal.Signals(signum).name}); no half-written or temporary file was left",
               err=True)
    sys.exit(128 + signum)


def _on_signal(signum: int, _frame: object) -> None:
    if signum == signal.SIGINT and _in_command:
        raise KeyboardInterrupt  # a command may catch it (``serve`` stops cleanly); see _Group.invoke
    _interrupted(signum)


_in_command = False


class _Group(click.Group):
    """The ``poa-kg`` group: an error ends a run with one line and exit 2; SIGINT and SIGTERM with exit 128+N.

    Every command lets a :class:`~builder.errors.PoaKgError` go; it ends here.
    While a command runs, SIGINT raises KeyboardInterrupt as usual, so a command such as
    ``serve`` may catch it to stop cleanly; one no command caught ends here. Outside a command
    (parsing the arguments, for instance) and for SIGTERM, the handler ends the run itself.
    Either way the temporary files of writes in progress are deleted first.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            return super().main(*args, **kwargs)
        previous = {s: signal.getsignal(s) for s in _STOP_SIGNALS}
        for s in _STOP_SIGNALS:
            if previous[s] is not signal.SIG_IGN:  # a background job started with Ctrl-C ignored keeps it so
                signal.signal(s, _on_signal)
        try:
            return super().main(*args, **kwargs)
        finally:
            for s, handler in previous.items():
                if handler is not None:
                    signal.signal(s, handler)

    def invoke(self, ctx: click.Context) -> Any:
        global _in_command
        _in_command = True
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted(signal.SIGINT)
        except PoaKgError as exc:
            fail(exc)
        finally:
            _in_command = False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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


def _size_option(_ctx: click.Context, _param: click.Parameter, value: str) -> int:
    from builder.source import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default=Path("out"), type=click.Path(path_type=Path), show_default=True,
              help="Output folder.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, callback=_checked(checked_base),
              help="Base IRI of the project's IRIs (absolute http or https).")
@click.option("--symbol", default=None, callback=_checked(checked_symbol),
              help="Document symbol, when neither the header nor a metadata file has it.")
@click.option("--contact", default=None, metavar="URL", callback=_checked(_checked_contact_point),
              help="The dataset's contact point in void.ttl: mailto:NAME@HOST or an http(s) URL"
                   " (default: the base IRI, the dataset's landing page).")
@click.option("--strict", is_flag=True, help="Unresolved or flagged names are an error, not a warning.")
@click.option("--validate", "check", is_flag=True,
              help="Also validate against the SHACL shapes (at the same time as writing, on a second core) and"
                   " write validation.ttl and validation.txt; exit 1 when the graph does not conform.")
@click.option("--max-size", "max_size", default="16M", show_default=True, metavar="SIZE", callback=_size_option,
              help="Refuse a report file larger than this: bytes, or with K, M or G (powers of 1024), e.g. 20M.")
@click.option("--workers", default=None, type=click.IntRange(min=1), metavar="N",
              help="Worker processes that build the reports of a corpus at once (with --scheduler local, the"
                   " LocalCluster's; a tcp:// scheduler has its own).  [default: the cores]")
@click.option("--scheduler", default=None, metavar="ADDRESS", callback=_checked(_checked_scheduler),
              help="Build the reports on a Dask cluster: tcp://HOST:PORT of a running scheduler, or 'local' for a"
                   " LocalCluster of --workers processes. Needs poa-kg[distributed]; on a cluster, --out must be on"
                   " a filesystem every worker shares (docs/scaling.md).")
def build(reports: tuple[Path, ...], out: Path, base: str, symbol: str | None, contact: str | None, strict: bool,
          check: bool, max_size: int, workers: int | None, scheduler: str | None) -> None:
    """Build the graph of REPORTS (default: the bundled report) into --out.

    REPORTS are files, folders (their *.txt) or globs. Writes graph.ttl,
    graph.nt, graph.jsonld, context.jsonld, dataset.trig, dataset.nq, void.ttl
    and build-report.json (with --validate, also validation.ttl and
    validation.txt). --out is a link to a folder of these files beside it
    (.OUT.gen-N), replaced by a new one in one step when the whole build has
    succeeded; one build at a time writes into it (.OUT.lock).

    Several reports are built as a corpus: each in a worker process, written
    as a shard (shards/SLUG.nq) as soon as it is done, the combined files
    merged from the shards; a rebuild builds again only the reports that
    changed (manifest.json).
    """
    from builder.corpus import expand_reports
    from builder.outputs.validated import write_validated_outputs
    from builder.outputs.write import open_build_folder, write_outputs
    from builder.pipeline import BuildSettings
    from builder.pipeline import build as run_build

    paths = expand_reports(reports) if reports else [bundled_report()]
    settings = BuildSettings(base=base, symbol=symbol, strict=strict, max_report_bytes=max_size,
                             contact_point=contact)
    if len(paths) > 1 or scheduler is not None:
        _build_corpus(paths, settings, out, check, workers, scheduler)
        return
    outcome = None
    with open_build_folder(out) as folder:  # locked from the start: a second build into it stops at once
        result = run_build(paths, settings)
        if check:
            written, outcome = write_validated_outputs(result, folder)
        else:
            written = write_outputs(result, folder)
    rep = result.report
    by_report: dict[str, list[str]] = {}
    for key, value in sorted(rep.counts.items()):
        symbol, _, what = key.rpartition(": ")
        by_report.setdefault(symbol, []).append(f"{value} {what}")
    click.echo(f"built {len(paths)} report(s) into {out}/")
    for symbol, counts in by_report.items():
        click.echo(f"  {symbol or 'all'}: " + ", ".join(counts))
    if rep.warnings or rep.flagged or rep.unresolved:
        click.echo(f"{len(rep.warnings)} warning(s), {len(rep.flagged)} flagged, {len(rep.unresolved)} unresolved:"
                   f" see {out}/build-report.json")
    click.echo("wrote " + ", ".join(p.relative_to(folder.out).as_posix() for p in written))
    if outcome is not None:
        click.echo(outcome.summary())
        sys.exit(outcome.exit_code)


def _build_corpus(paths: list[Path], settings: BuildSettings, out: Path, check: bool, workers: int | None,
                  scheduler: str | None) -> None:
    """``build`` of several reports: streamed through shards (:mod:`builder.corpus`), with a progress bar.

    With a ``scheduler``, on a Dask cluster (:mod:`builder.cluster`), connected before the build folder is locked.
    """
    from contextlib import nullcontext

    from builder.cluster import dask_cluster
    from builder.corpus import build_corpus, default_workers, progress_bar
    from builder.outputs.write import open_build_folder

    count = workers or default_workers()
    with dask_cluster(scheduler, count) if scheduler else nullcontext() as cluster, \
            open_build_folder(out) as folder, progress_bar(len(paths)) as tick:
        pool = cluster.executor if cluster is not None else None
        result = build_corpus(paths, settings, folder, cluster.workers if cluster is not None else count, check,
                              tick, pool)
    click.echo(result.summary(out))
    if result.outcome is not None:
        click.echo(result.outcome.summary())
        sys.exit(result.outcome.exit_code)


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="A build folder or an RDF file.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Where to write the SHACL report (Turtle). Default: DATA/validation.ttl.")
def validate(data: Path, report_path: Path | None) -> None:
    """Validate a built graph against the SHACL shapes. Exit 0 conforms, 1 does not, 2 error."""
    from builder.outputs.validated import validate_data

    outcome, target = validate_data(data, report_path)
    click.echo(outcome.summary())
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
@click.argument("name", required=False, callback=_checked(_checked_query_name))
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="A build folder or an RDF file (default: out/).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--endpoint", default=None, help="Run against this remote SPARQL endpoint instead.")
@click.option("--list", "list_only", is_flag=True, help="List the competency queries and exit.")
def query(name: str | None, data: Path | None, params: tuple[str, ...], fmt: str, endpoint: str | None,
          list_only: bool) -> None:
    """Run the competency query NAME (a file of queries/) over a build or an endpoint."""
    from builder.query import list_queries, run_query

    if list_only or not name:
        for q in list_queries():
            ps = " ".join(f"--param {p.name}=…" for p in q.parameters)
            click.echo(f"{q.name:22} {q.question} {ps}".rstrip())
        return
    result = run_query(name, _parse_params(params), data=data, endpoint=endpoint)
    click.echo(result.format(fmt), nl=False)


@main.command("eval")
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--details", is_flag=True, help="Also list the wrong and missing rows.")
def eval_cmd(reports: tuple[Path, ...], details: bool) -> None:
    """Score the builder on REPORTS against their answer keys (REPORT's <stem>.key.toml beside it).

    Prints one line per report and aspect (paragraphs, ballots, speakers, bureau,
    citations) with its right, wrong and missing rows. Exit 0 when everything is
    right, 1 when anything is wrong or missing, 2 on an error (a report without a
    key, a malformed key, a report that cannot be built).
    """
    from builder.evaluation import discrepancy_lines, evaluate_reports, score_table

    scores = evaluate_reports(list(reports))
    click.echo(score_table(scores), nl=False)
    if details:
        click.echo(discrepancy_lines(scores), nl=False)
    sys.exit(0 if all(s.perfect for s in scores) else 1)


@main.command("docs")
@click.option("--out", "out", default=Path("out/docs"), type=click.Path(path_type=Path), show_default=True)
def docs_cmd(out: Path) -> None:
    """Render the ontology's documentation as HTML."""
    from builder.ontology import render_ontology_docs

    with os_errors_as(OutputError, out):
        path = render_ontology_docs(out)
    click.echo(f"wrote {path}")


@main.group()
def publish() -> None:
    """Publish a build: a static linked-data site, into a SPARQL Graph Store endpoint, or into an Oxigraph database."""


@publish.command("site")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="A build folder or an RDF file.")
@click.option("--source", "sources", multiple=True, type=click.Path(path_type=Path),
              help="A report text file, for the source excerpts (default: found through build-report.json).")
@click.option("--build-date", default=None, metavar="YYYY-MM-DD",
              help="Build date given to the dataset description, dcterms:modified (default: that of DATA/void.ttl).")
def publish_site_cmd(out: Path, data: Path, sources: tuple[Path, ...], build_date: str | None) -> None:
    """Write a static linked-data site of the build at --data into the folder OUT.

    One HTML page per resource (with .ttl, .jsonld and .nt beside it), an index
    with the dataset description and the competency queries, and the dumps.
    """
    from builder.publish.site import publish_site

    if build_date is not None and not _is_iso_date(build_date):
        raise click.BadParameter(f"expected YYYY-MM-DD, got {build_date!r}", param_hint="--build-date")
    pages = publish_site(data, out, sources, build_date)
    click.echo(f"wrote {pages} resource page(s) and the index into {out}/")


def _is_iso_date(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


@publish.command("endpoint")
@click.argument("url", callback=_checked(_checked_endpoint_url))
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="A build folder or an RDF file.")
@click.option("--graph", "graph", default=None, metavar="IRI",
              help="Publish only this named graph (from a triples-only file: the graph to put the data in).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds each request may take as a whole, the reply included.")
def publish_endpoint_cmd(url: str, data: Path, graph: str | None, timeout: float) -> None:
    """Replace the build's named graphs on the Graph Store Protocol endpoint URL (e.g. http://HOST:7878/store).

    One HTTP PUT per named graph (URL?graph=IRI). Credentials for HTTP basic
    authentication are read from POA_KG_ENDPOINT_USER and POA_KG_ENDPOINT_PASSWORD.
    """
    from builder.publish.endpoint import credentials_from_env, graphs_to_publish, publish_to_endpoint
    from builder.publish.endpoint import redacted as redact

    creds = credentials_from_env()
    done = publish_to_endpoint(url, graphs_to_publish(data, graph), creds, timeout)
    for p in done:
        click.echo(f"replaced <{p.graph}>: {p.triples} triples (HTTP {p.status})")
    click.echo(f"published {len(done)} graph(s), {sum(p.triples for p in done)} triples to {redact(url)}")


@publish.command("oxigraph")
@click.argument("location", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="A build folder, or its dataset.nq or dataset.trig.")
def publish_oxigraph_cmd(location: Path, data: Path) -> None:
    """Bulk-load the build into the Oxigraph database folder DIR, for 'oxigraph serve --location DIR'.

    DIR is made when new. In a database that holds data already, each named
    graph of the build replaces the graph of the same name; the other graphs
    stay. The database must not be open in a running server.
    """
    from builder.publish.oxigraph_load import load_into_oxigraph

    loaded = load_into_oxigraph(data, location)
    click.echo(f"loaded {loaded.graphs} graph(s), {loaded.quads} quads into {location}/"
               f" ({loaded.replaced} graph(s) replaced); serve it with: oxigraph serve --location {location}")


def _service_endpoints(_ctx: click.Context, _param: click.Parameter, urls: tuple[str, ...]) -> tuple[str, ...]:
    from builder.publish.federation import endpoint_problem

    for url in urls:
        problem = endpoint_problem(url)
        if problem is not None:
            raise click.BadParameter(problem)
    return urls


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="A build folder or an RDF file (what /sparql answers from).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--site", "site", type=click.Path(path_type=Path), default=None,
              help="Serve this site folder (generated there first when it has no index.html)."
                   " Default: a temporary one.")
@click.option("--query-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a SPARQL query may run; its worker is then killed and replaced.")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) a SPARQL result may have.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes: how many queries run at once.")
@click.option("--query-memory", "query_memory", default=512, show_default=True, type=click.IntRange(min=16),
              metavar="MB", help="Megabytes a query may use on top of the data; its worker is then replaced.")
@click.option("--read-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a client has to send a request's headers, and then its body.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL", callback=_service_endpoints,
              help="Let federated queries call this SPARQL endpoint (SERVICE <URL>); repeatable. None by default.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def serve(data: Path, host: str, port: int, site: Path | None, query_timeout: float, max_rows: int, workers: int,
          query_memory: int, read_timeout: float, allow_service: tuple[str, ...], quiet: bool) -> None:
    """Serve the linked-data site with content negotiation and a read-only SPARQL endpoint at /sparql.

    Each SPARQL query runs in one of --workers processes, forked from one that
    holds the data. A query that outlives --query-timeout, needs more than
    --query-memory MB, or whose client goes away is stopped: its worker is
    killed and a fresh one forked. When every worker is busy the answer is 503
    with Retry-After. Federated queries (SERVICE) are refused unless
    --allow-service names their endpoint. Facing the internet, put a reverse
    proxy with TLS, rate limits and connection limits in front of it (see
    docs/robustness.md).
    """
    import tempfile

    from builder.publish.server import ServerSettings, make_server, server_url
    from builder.publish.site import prepare_site

    with tempfile.TemporaryDirectory(prefix="poa-kg-site-") as tmp:
        folder = site if site is not None else Path(tmp) / "site"
        store = prepare_site(data, folder)
        server = make_server(ServerSettings(site=folder, host=host, port=port, query_timeout=query_timeout,
                                            max_rows=max_rows, workers=workers, query_memory_mb=query_memory,
                                            read_timeout=read_timeout, allowed_services=allow_service,
                                            quiet=quiet), store)
        del store  # the workers hold the data now
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"poa-kg: warning: listening on {host}, not only on this machine", err=True)
        click.echo(f"serving {server_url(server)} (site {folder}, data {data}); SPARQL at {server_url(server)}sparql")
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


if __name__ == "__main__":
    main()
