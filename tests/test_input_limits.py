"""No unbounded input: a build reads regular files of at most ``--max-size`` bytes, and refuses anything else unread.

A named pipe with no writer would block the build for ever, ``/dev/zero`` never
ends, a folder is not a report, and a file far larger than any report would take
all the memory: each is refused with one line naming the file and exit 2, before
a byte of it is read. The command line runs in this process; a pipe is read in a
thread that the test gives up on, so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from builder.errors import ReportError
from builder.pipeline import BuildSettings, build
from builder.source import (
    DEFAULT_MAX_REPORT_BYTES,
    check_report_file,
    format_size,
    parse_size,
    read_report,
    read_report_bytes,
)
from tests.conftest import REPORT, cli

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")


@pytest.mark.parametrize(("text", "size"), [
    ("16777216", 16 * 1024 * 1024), ("512K", 512 * 1024), ("20M", 20 * 1024 * 1024), ("20m", 20 * 1024 * 1024),
    ("20MB", 20 * 1024 * 1024), ("20MiB", 20 * 1024 * 1024), (" 1G ", 1024 ** 3), ("1.5K", 1536), ("1", 1),
])
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "abc", "20X", "-1M", "0", "0.1", "M", "1 2M"])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="expected a size"):
        parse_size(text)


def test_the_default_limit_is_the_documented_16_mib() -> None:
    assert DEFAULT_MAX_REPORT_BYTES == parse_size("16M") == 16 * 1024 * 1024
    assert BuildSettings().max_report_bytes == DEFAULT_MAX_REPORT_BYTES
    # far above the bundled report
    assert REPORT.stat().st_size * 100 < DEFAULT_MAX_REPORT_BYTES


def test_format_size() -> None:
    assert [format_size(n) for n in (100, 1536, 16 * 1024 * 1024, 17825792, 3 * 1024 ** 3)] == [
        "100 bytes", "1.5 KiB", "16 MiB", "17 MiB", "3 GiB"]


@needs_fifo
def test_a_pipe_with_no_writer_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "report.ar.txt"
    os.mkfifo(pipe)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            read_report(pipe)
            outcome.append(None)
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a named pipe with no writer blocked"
    assert isinstance(outcome[0], ReportError)
    assert str(outcome[0]) == f"{pipe}: not a regular file (a named pipe); poa-kg reads reports from files"


@needs_fifo
def test_the_command_line_refuses_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.ar.txt"
    os.mkfifo(pipe)
    proc = cli("build", str(pipe), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {pipe}: not a regular file (a named pipe); poa-kg reads reports from files\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_the_command_line_refuses_dev_zero(tmp_path: Path) -> None:
    proc = cli("build", "/dev/zero", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr == "poa-kg: error: /dev/zero: not a regular file (a character device); poa-kg reads reports" \
                          " from files\n"
    with pytest.raises(ReportError, match="a character device"):
        read_report(Path("/dev/zero"))


def test_a_folder_is_not_a_report(tmp_path: Path) -> None:
    # a folder names the reports in it (a corpus): one without any is refused
    proc = cli("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {tmp_path}: a folder with no report file (*.txt) in it\n"
    with pytest.raises(ReportError, match="a folder, not a report file"):
        read_report(tmp_path)


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.ar.txt"
    with big.open("wb") as fh:  # sparse: 17 MiB that take no room
        fh.truncate(17 * 1024 * 1024)
    proc = cli("build", str(big), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr == (f"poa-kg: error: {big}: 17 MiB (17825792 bytes), more than the limit of 16 MiB"
                           " (--max-size)\n")
    # a higher limit lets it through to the decoder, which finds what it is
    proc = cli("build", str(big), "--max-size", "20M", "--out", str(tmp_path / "out"), "--symbol", "A/1")
    assert proc.returncode == 2
    assert proc.stderr == f"poa-kg: error: {big}: binary file (NUL byte at offset 0)\n"


def test_max_size_option_applies_to_every_report(tmp_path: Path) -> None:
    size = REPORT.stat().st_size
    proc = cli("build", "--max-size", "1K", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr == (f"poa-kg: error: {REPORT}: {format_size(size)} ({size} bytes), more than the limit of"
                           " 1 KiB (--max-size)\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["abc", "0", "12Q"])
def test_a_bad_max_size_is_a_usage_error(tmp_path: Path, value: str) -> None:
    proc = cli("build", "--max-size", value, "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "Invalid value for '--max-size': expected a size" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_report_is_checked_before_the_first_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builder.pipeline

    def segment_nothing(path: Path, symbol: str | None = None) -> None:
        raise AssertionError(f"{path} was read before every report was checked")

    monkeypatch.setattr(builder.pipeline, "segment_file", segment_nothing)
    with pytest.raises(ReportError, match="a folder, not a report file"):
        build([REPORT, tmp_path], BuildSettings())


def test_check_report_file_and_bounded_read(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 100)
    check_report_file(small, 100)
    assert read_report_bytes(small, 100) == b"x" * 100
    assert read_report_bytes(small) == b"x" * 100
    with pytest.raises(ReportError, match=r"small\.txt: 100 bytes, more than the limit of 99 bytes"):
        check_report_file(small, 99)
    with pytest.raises(ReportError, match="more than the limit of 99 bytes"):
        read_report_bytes(small, 99)
    with pytest.raises(ReportError, match="cannot read: No such file or directory"):
        check_report_file(tmp_path / "missing.txt")
