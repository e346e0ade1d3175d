"""Atomic file output: write to a temporary name in the same folder, then rename.

A failed or interrupted run therefore never leaves a half-written file, and an
existing good file is replaced only by a complete new one.

* A temporary file is ``.<name>.<random>.tmp`` beside its target. Its name is
  recorded in a registry *before* the file is created (``O_EXCL``), and removed
  from it once the file is renamed or deleted, so :func:`remove_pending` can
  always delete the temporary files of writes in progress: the command line
  calls it from its SIGINT/SIGTERM handlers.
* :func:`write_files_atomic` writes and fsyncs every temporary file first, then
  renames them all with SIGINT and SIGTERM held back (in the main thread), so a
  signal leaves either all the old files or all the new ones, never a mix. A
  signal that arrives while they are held is acted on right after the renames.
* A whole folder written before it is switched into place (a build's next
  generation, :mod:`builder.outputs.folder`) is registered the same way
  (:func:`register_pending`), so :func:`remove_pending` deletes it, and what
  is in it, when a signal stops the run before the switch.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

_PENDING: set[str] = set()  # temporary files that exist (or are about to) and are not renamed yet
_HELD = (signal.SIGINT, signal.SIGTERM)


def _new_temp(path: Path) -> tuple[int, str]:
    while True:
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        _PENDING.add(tmp)
        try:
            # mode 0o666 less the umask, as for any file the user creates
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            _PENDING.discard(tmp)
            continue
        except BaseException:
            _PENDING.discard(tmp)
            raise
        return fd, tmp


def _discard(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    _PENDING.discard(tmp)


def _write_temp(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _new_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def register_pending(path: Path) -> None:
    """Register a temporary file or folder that :func:`remove_pending` must delete until :func:`settle` is called."""
    _PENDING.add(str(path))


def settle(path: Path) -> None:
    """``path`` is no longer temporary (it was switched into place, or deleted): leave it to its owner."""
    _PENDING.discard(str(path))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back in the main thread; they are delivered on exit."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def sync_dir(folder: Path) -> None:
    """Make the renames durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _commit(pairs: list[tuple[str, Path]]) -> None:
    # a folder where a file should go is the one way a rename in the same folder fails in
    # practice: check them all first, so that a failure replaces nothing
    for _tmp, target in pairs:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    with signals_held():
        for tmp, target in pairs:
            os.replace(tmp, target)
            _PENDING.discard(tmp)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    tmp = _write_temp(path, data)
    try:
        _commit([(tmp, path)])
    except BaseException:
        _discard(tmp)
        raise
    sync_dir(path.parent)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_files_atomic(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write several files; each is complete or absent, never partial, and a signal never mixes old and new.

    Returns the paths written.
    """
    pairs: list[tuple[str, Path]] = []
    try:
        for name in sorted(files):
            target = folder / name
            pairs.append((_write_temp(target, files[name]), target))
        _commit(pairs)
    except BaseException:
        for tmp, _target in pairs:
            _discard(tmp)
        raise
    sync_dir(folder)
    return [target for _tmp, target in pairs]


def pending_temporary_files() -> list[str]:
    """The temporary files of writes in progress in this process."""
    return sorted(_PENDING)


def remove_pending() -> list[str]:
    """Delete the temporary files (and folders) of writes in progress (for signal handlers); returns those deleted."""
    removed = []
    for tmp in list(_PENDING):
        try:
            if os.path.isdir(tmp) and not os.path.islink(tmp):
                shutil.rmtree(tmp)
            else:
                os.unlink(tmp)
            removed.append(tmp)
        except OSError:
            pass
        _PENDING.discard(tmp)
    return sorted(removed)
