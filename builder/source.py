"""Reading a report from disk: bytes → text, plus the metadata that the text lacks.

A report is accepted in UTF-8 (with or without BOM), UTF-16 with BOM, or
windows-1256 (the legacy Arabic code page). Line ends are normalised to ``\\n``
*before* any offset is taken, so spans always refer to the decoded, normalised
text; the build records the encoding it found. Anything that is not Arabic text
(a PDF, a binary, an empty or an English file) is rejected with a one-line
:class:`ReportError` naming the file and the place.

Input is bounded before a byte is read (:func:`check_report_file`): a report is a
regular file (a named pipe with no writer would block the build for ever,
``/dev/zero`` never ends, a folder is not a report) of at most ``--max-size``
bytes (:data:`DEFAULT_MAX_REPORT_BYTES`, far above any real report: the bundled
one is about 115 KB, and a build needs several hundred MB of memory per MB of
text).
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from builder.arabic.text import ARABIC_LETTER
from builder.errors import ReportError as ReportError  # the segmenter imports it from here too
from builder.model import ReportMetadata


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    encoding: str


_ARABIC_LETTER = re.compile(ARABIC_LETTER)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")
"""A control character other than tab, line feed and form feed: binary content."""
_UTF8_EVIDENCE = 20  # multi-byte characters before a bad byte that make a text UTF-8


def decode_report(path: str, data: bytes) -> SourceText:
    """Decode the bytes of a report, or raise :class:`ReportError`."""
    if not data.strip():
        raise ReportError(f"{path}: empty file")
    if data.startswith(b"%PDF"):
        raise ReportError(f"{path}:1: this is a PDF; extract its text first (for example with pdftotext)")
    encoding: str
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, text = "utf-8-sig", _decode(path, data, 3, "utf-8", "UTF-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        encoding, text = "utf-16", _decode(path, data, 2, codec, "UTF-16")
    else:
        if b"\x00" in data:
            nul = data.index(b"\x00")
            raise ReportError(f"{path}: binary file (NUL byte at offset {nul})")
        try:
            encoding, text = "utf-8", data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _looks_utf8(data[: exc.start]):
                _decode(path, data, 0, "utf-8", "UTF-8")  # raises, naming the place
            try:
                encoding, text = "windows-1256", data.decode("cp1256")
            except UnicodeDecodeError:
                raise ReportError(
                    f"{path}: byte offset {exc.start}: not UTF-8, UTF-16 or windows-1256 text"
                ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control is not None:
        bad = control.start()
        line = text.count("\n", 0, bad) + 1
        raise ReportError(f"{path}:{line}: binary content (control character U+{ord(text[bad]):04X})")
    if sum(1 for _ in islice(_ARABIC_LETTER.finditer(text), 50)) < 50:  # the first 50 letters are enough
        raise ReportError(f"{path}: no Arabic text found; poa-kg reads the Arabic version of a report")
    return SourceText(path=path, text=text, encoding=encoding)


def _looks_utf8(head: bytes) -> bool:
    """Whether ``head`` (valid UTF-8) has enough multi-byte characters to be UTF-8 rather than windows-1256.

    Arabic in windows-1256 stops being valid UTF-8 at its first letter; a text
    with many multi-byte characters before a bad byte is UTF-8 that was cut off
    or damaged, and reading it as windows-1256 would only make gibberish of it.
    """
    return sum(1 for c in head.decode("utf-8") if ord(c) > 0x7F) >= _UTF8_EVIDENCE


def _decode(path: str, data: bytes, skip: int, codec: str, label: str) -> str:
    """``data[skip:]`` decoded strictly, or a :class:`ReportError` naming the line and the byte offset."""
    body = data[skip:]
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(codec, errors="replace").count("\n") + 1
        if exc.end == len(body) and exc.reason in ("unexpected end of data", "truncated data"):
            raise ReportError(
                f"{path}:{line}: the file ends in the middle of a {label} character; is it truncated?"
            ) from None
        raise ReportError(f"{path}:{line}: invalid {label} at byte offset {skip + exc.start} ({exc.reason})") from None


MiB = 1024 * 1024
#: the largest report a build reads unless told otherwise (``poa-kg build --max-size``)
DEFAULT_MAX_REPORT_BYTES = 16 * MiB
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}
_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def parse_size(text: str) -> int:
    """A size in bytes from ``16777216``, ``512K``, ``20M``, ``1.5G`` (also ``20MB``, ``20MiB``; powers of 1024).

    Raises :class:`ValueError` for anything else, or a size under one byte.
    """
    m = _SIZE.fullmatch(text)
    if m is None:
        raise ValueError(f"expected a size such as 20M, 512K or 1G, got {text!r}")
    size = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if size < 1:
        raise ValueError(f"expected a size of at least one byte, got {text!r}")
    return size


def format_size(size: int) -> str:
    """``16777216`` → ``16 MiB``; ``1536`` → ``1.5 KiB``; ``100`` → ``100 bytes``."""
    for unit, factor in (("GiB", 1024 * MiB), ("MiB", MiB), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _refuse_unless_report_file(path: Path, info: os.stat_result, max_bytes: int | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ReportError(f"{path}: a folder, not a report file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "a special file")
        raise ReportError(f"{path}: not a regular file ({kind}); poa-kg reads reports from files")
    if max_bytes is not None and info.st_size > max_bytes:
        exact = f" ({info.st_size} bytes)" if info.st_size >= 1024 else ""
        raise ReportError(f"{path}: {format_size(info.st_size)}{exact}, more than the limit of"
                          f" {format_size(max_bytes)} (--max-size)")


def check_report_file(path: Path, max_bytes: int | None = DEFAULT_MAX_REPORT_BYTES) -> None:
    """Refuse, without opening it, what cannot be a report: not a regular file, or more than ``max_bytes`` bytes.

    The build checks every report this way before it reads the first one, so a
    bad last argument is reported at once, not after the others are built.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror}") from None
    _refuse_unless_report_file(path, info, max_bytes)


def read_report_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of the report file ``path``: a regular file of at most ``max_bytes`` bytes (any size for ``None``).

    The file is checked before it is opened, opened without blocking (a file
    swapped for a named pipe after the check cannot hang the build) and checked
    again once open; at most one byte more than the limit (or than the size the
    file had when it was opened) is read, so a file that grows while it is read
    cannot make the build read without end.
    """
    check_report_file(path, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        _refuse_unless_report_file(path, info, max_bytes)
        limit = info.st_size if max_bytes is None else max_bytes
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise ReportError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > limit:
        if max_bytes is None:
            raise ReportError(f"{path}: the file grew while it was read")
        raise ReportError(f"{path}: more than the limit of {format_size(max_bytes)} (--max-size)")
    return data


def read_report(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read and decode the report file ``path`` (see :func:`read_report_bytes` for what is refused)."""
    return decode_report(str(path), read_report_bytes(path, max_bytes))


_SYMBOL_LINE = re.compile(r"^\s*([A-Z]{1,4}/[A-Z0-9.]+(?:/[A-Za-z0-9.]+)+)\s*$")
_DATE = re.compile(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|"
                   r"October|November|December) (\d{4})\b")
_ORIGINAL = re.compile(r"\bOriginal:\s*(\w+)")
_DISTRIBUTION = re.compile(r"(?i)\bDistr\.?\s*:?\s*(?:General|Limited|Restricted)\b")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_LANGS = {"english": "en", "french": "fr", "spanish": "es", "russian": "ru", "chinese": "zh", "arabic": "ar"}


def header_metadata(text: str, first_body_line: int) -> dict[str, str]:
    """What the header block (lines before the first chapter) says about the report.

    The masthead's fields (date of issue, language, original language) are read on a line of their
    own or run together on one line, in any order, as PDF extractions leave them; the first of each wins.
    """
    found: dict[str, str] = {}
    for line in text.split("\n")[:first_body_line]:
        if m := _SYMBOL_LINE.match(line):
            found.setdefault("symbol", m.group(1))
            continue
        if m := _DATE.search(line):
            month = _MONTHS.index(m.group(2)) + 1
            found.setdefault("date", f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}")
        if (m := _ORIGINAL.search(line)) and (lang := _LANGS.get(m.group(1).lower())):
            found.setdefault("original_language", lang)
        rest = _DISTRIBUTION.sub(" ", _ORIGINAL.sub(" ", _DATE.sub(" ", line))).split()
        if len(rest) == 1 and rest[0].lower() in _LANGS:  # the language of this version, alone beside the others
            found.setdefault("language", _LANGS[rest[0].lower()])
    return found


def metadata_path(report: Path) -> Path:
    """The metadata file beside a report: ``X.ar.txt`` → ``X.ar.meta.json``."""
    return report.with_name(report.name.removesuffix(".txt") + ".meta.json")


def resolve_metadata(
    report_path: str, header: dict[str, str], sidecar: Path | None, symbol_option: str | None
) -> ReportMetadata:
    """Combine header, metadata file and ``--symbol``: the header wins, then the file, then the option."""
    side: dict[str, str] = {}
    if sidecar is not None and sidecar.exists():
        try:
            loaded = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ReportError(f"{sidecar}: invalid metadata file: {exc}") from None
        if not isinstance(loaded, dict):
            raise ReportError(f"{sidecar}: invalid metadata file: expected a JSON object")
        side = {str(k): str(v) for k, v in loaded.items() if v is not None}
    symbol = header.get("symbol") or side.get("symbol") or symbol_option
    if not symbol:
        raise ReportError(
            f"{report_path}: no document symbol in the header, no metadata file beside it, and no --symbol"
        )
    return ReportMetadata(
        symbol=symbol,
        language=header.get("language") or side.get("language") or "ar",
        original_language=header.get("original_language") or side.get("original_language"),
        date=header.get("date") or side.get("date"),
        title=side.get("title"),
    )
