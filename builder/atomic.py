"""Atomic file output: write to a temporary name in the same folder, then rename.

A failed or interrupted run therefore never leaves a half-written file, and an
existing good file is replaced only by a complete new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_files_atomic(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write several files; each is complete or absent, never partial. Returns the paths written."""
    written = []
    for name in sorted(files):
        target = folder / name
        write_bytes_atomic(target, files[name])
        written.append(target)
    return written
