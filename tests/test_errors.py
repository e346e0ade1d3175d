"""One family of errors, reported by the command line in one place: one line on stderr, exit 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.errors import (
    DataError,
    EndpointError,
    OutputError,
    PoaKgError,
    QueryError,
    ReportError,
    ServerError,
    ShapesError,
    SiteError,
    StrictError,
    os_errors_as,
)
from builder.publish.server import ServerSettings, make_server


def test_every_error_is_a_poa_kg_error() -> None:
    for error in (ReportError, StrictError, DataError, ShapesError, QueryError, EndpointError, OutputError,
                  SiteError, ServerError):
        assert issubclass(error, PoaKgError)
    assert issubclass(StrictError, ReportError)
    assert issubclass(SiteError, OutputError)


def test_os_errors_become_one_line_naming_the_file_or_the_place(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as err, os_errors_as(OutputError, tmp_path):
        (tmp_path / "missing" / "file.txt").write_bytes(b"")
    assert str(err.value) == f"{tmp_path / 'missing' / 'file.txt'}: No such file or directory"
    with pytest.raises(ServerError) as server_err, os_errors_as(ServerError, "host:1"):
        raise OSError(98, "Address already in use")
    assert str(server_err.value) == "host:1: Address already in use"


def test_a_port_in_use_is_a_server_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerError) as err:
            make_server(ServerSettings(site=tmp_path, port=port, quiet=True), None)
    assert str(err.value) == f"127.0.0.1:{port}: Address already in use"


@pytest.mark.parametrize(("args", "message"), [
    (["validate", "--data", "{tmp}/missing"], "{tmp}/missing: no such file or folder"),
    (["query", "paragraphs", "--data", "{tmp}/empty"],
     "{tmp}/empty: no built graph here (dataset.nq, graph.ttl …); run 'poa-kg build' first"),
    (["query", "nope", "--data", "{tmp}"], "no query named 'nope'"),
    (["publish", "site", "{tmp}/site", "--data", "{tmp}/missing"], "{tmp}/missing: no such file or folder"),
    (["publish", "endpoint", "http://127.0.0.1:9/store", "--data", "{tmp}/graph.nt"],
     "{tmp}/graph.nt: holds no named graph; name the target graph with --graph IRI"),
])
def test_the_command_line_reports_an_error_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "graph.nt").write_text("", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    first = message.format(tmp=tmp_path)
    assert result.stderr.startswith(f"poa-kg: error: {first}")
    assert result.stderr.count("\n") == 1
