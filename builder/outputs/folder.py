"""The build folder: a symbolic link to its current generation, switched to the next one in one atomic step.

A build never writes into the folder its readers use. For ``--out out``, the
parent folder holds::

    out -> .out.gen-7     the link every reader goes through (``--data out``, ``out/graph.ttl``)
    .out.gen-7/           the current generation: every file of the last build
    .out.lock             locked (``flock``) by the build that is writing ``out``

A build writes every file of its result into a new folder, ``.out.gen-8``,
fsyncs them, and replaces the link with a new one that points there (a link
made under a temporary name and renamed over ``out``: one ``rename``, atomic).
Whatever moment a kill lands on, ``out`` is the old build or the new one, whole,
never a mix. The superseded generation is deleted right after the switch.

* **Other files in the folder** (``out/docs`` from ``poa-kg docs``,
  ``out/bench.json`` from ``make bench``) are taken into the new generation as
  hard links (copies where a link cannot be made). The build's own files are
  not: a build without ``--validate`` does not keep the validation report of
  the build before it.
* **One build at a time.** A build holds an exclusive ``flock`` on
  ``.out.lock`` from its start (:func:`build_folder`); a second build into
  ``out`` stops at once with a one-line error naming the process that holds the
  lock. The lock goes with the process, however it ends, and the lock file
  stays (deleting it could let two builds hold two different locks).
* **Orphans of a killed run** (a generation the link does not point at, a new
  link not renamed yet, an old folder being migrated) are deleted by the next
  build into ``out``, under the lock, before it starts. A run stopped by SIGINT
  or SIGTERM deletes its own (:func:`builder.atomic.remove_pending`).
* **A real folder from an older version** is migrated when it holds a build
  (``build-report.json``), or nothing but names poa-kg writes into a build
  folder, or nothing at all: the new generation is written beside it and
  swapped with it in one step (``renameat2(RENAME_EXCHANGE)`` on Linux;
  elsewhere two renames, and a folder a kill leaves aside between them is put
  back by the next build). Any other folder, a file, or a link that does not
  point at a generation is refused with a one-line error: poa-kg does not
  replace what it did not write.

Test hook, for the tests only: with ``POA_KG_KILL_AT_STEP=K`` in its
environment, a build kills itself (SIGKILL) right after the K-th step of its
commit, after saying which on stderr. The steps, in order: the new generation's
folder made; each file written (one step each); the other files taken over;
the folder synced; the new link made; the switch; the old generation deleted.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path

from builder.atomic import register_pending, settle, signals_held, sync_dir
from builder.errors import OutputError, os_errors_as

#: the environment variable of the test hook (see the module's documentation)
KILL_AT_STEP = "POA_KG_KILL_AT_STEP"
#: a folder that holds this file holds a build
BUILD_MARK = "build-report.json"
_ATOMIC_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")  # builder.atomic's temporary files


class _Names:
    """The names beside the output ``out``: its lock, its generations, its temporary link, a migrated folder."""

    def __init__(self, name: str) -> None:
        quoted = re.escape(name)
        self.lock = f".{name}.lock"
        self.generation = re.compile(rf"\.{quoted}\.gen-(\d+)")
        self.new_link = re.compile(rf"\.{quoted}\.new-[0-9a-f]+")
        self.set_aside = re.compile(rf"\.{quoted}\.old-[0-9a-f]+")
        self.name = name

    def temporary(self, kind: str) -> str:
        return f".{self.name}.{kind}-{secrets.token_hex(6)}"


class BuildFolder:
    """An output folder locked for one build: :meth:`commit` switches it to a new generation of files."""

    def __init__(self, out: Path, ours: Collection[str]) -> None:
        self.out = out
        self.parent = out.parent
        self.names = _Names(out.name)
        self.ours = frozenset(ours)
        self._steps = 0

    def current(self) -> Path | None:
        """The folder ``out`` shows: its generation (``None`` when the link dangles), or itself if a real folder.

        ``None`` too when there is no ``out`` yet. Raises :class:`OutputError` for anything else.
        """
        try:
            info = os.lstat(self.out)
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(info.st_mode):
            target = os.readlink(self.out)
            if not self.names.generation.fullmatch(target):
                raise OutputError(f"{self.out}: a symbolic link to {target}, not to a generation of a build;"
                                  " give --out a new path, or the folder it points to")
            return self.parent / target if (self.parent / target).is_dir() else None
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{self.out}: a file, not a build folder")
        self._check_migratable()
        return self.out

    def _check_migratable(self) -> None:
        entries = set(os.listdir(self.out))
        if BUILD_MARK not in entries and not all(n in self.ours or _ATOMIC_TEMPORARY.fullmatch(n) for n in entries):
            raise OutputError(f"{self.out}: a folder that holds no build of poa-kg (no {BUILD_MARK});"
                              " give --out a new or empty folder, or a previous build's")
        here = Path.cwd().resolve()
        if here == self.out.resolve() or self.out.resolve() in here.parents:
            raise OutputError(f"{self.out}: the current folder is in it; run the build from elsewhere")

    def remove_orphans(self) -> None:
        """Delete what killed runs left beside ``out``; put back a real folder a kill left aside while migrating."""
        names = self.names
        entries = sorted(os.listdir(self.parent))
        aside = [n for n in entries if names.set_aside.fullmatch(n)]
        if aside and not os.path.lexists(self.out):
            os.rename(self.parent / aside.pop(), self.out)
        current = os.readlink(self.out) if self.out.is_symlink() else None
        for n in entries:
            if (names.generation.fullmatch(n) and n != current) or names.new_link.fullmatch(n) or n in aside:
                _remove(self.parent / n)

    def _step(self, what: str) -> None:
        """Count a step of the commit; the test hook stops the process here when asked to (module documentation)."""
        self._steps += 1
        if os.environ.get(KILL_AT_STEP, "").strip() == str(self._steps):
            sys.stderr.write(f"poa-kg: {KILL_AT_STEP}: killed after step {self._steps} ({what})\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    def commit(self, files: Mapping[str, bytes], replaces: Collection[str]) -> list[Path]:
        """Make ``files`` the content of ``out`` in one step; returns their paths (through ``out``), sorted.

        The other entries of the current folder are taken into the new one, but
        for the names in ``replaces`` (what a build writes). Nothing changes if
        anything fails before the switch.
        """
        with os_errors_as(OutputError, self.out):
            current = self.current()
            generation = self._new_generation()
            self._switch_to(generation, current, lambda: self._fill(generation, files, current,
                                                                    frozenset(replaces) | frozenset(files)))
        return [self.out / name for name in sorted(files)]

    def stage(self) -> Path:
        """A new generation's folder for a build that writes its files there itself, too many to hold in memory.

        The build fills it, then :meth:`commit_staged` makes it the content of ``out``
        (or it is deleted with the other pending files if the run is stopped first).
        """
        with os_errors_as(OutputError, self.out):
            return self._new_generation()

    def discard(self, generation: Path) -> None:
        """Delete the staged ``generation`` (:meth:`stage`) of a build that failed: ``out`` stays as it was."""
        _remove(generation)
        settle(generation)

    def commit_staged(self, generation: Path, replaces: Collection[str]) -> list[Path]:
        """Make ``generation`` (from :meth:`stage`, filled by the caller) the content of ``out`` in one step.

        Its files are synced; the entries of the current folder that it does not
        hold, but for the names in ``replaces``, are taken into it. Returns the
        paths of its top-level entries (through ``out``), sorted.
        """
        with os_errors_as(OutputError, self.out):
            current = self.current()
            names = sorted(os.listdir(generation))
            self._switch_to(generation, current, lambda: self._settle_staged(generation, current,
                                                                             frozenset(replaces) | frozenset(names)))
        return [self.out / name for name in names]

    def _settle_staged(self, generation: Path, current: Path | None, replaced: frozenset[str]) -> None:
        for folder, _dirs, files in os.walk(generation):
            for name in files:
                fd = os.open(os.path.join(folder, name), os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            sync_dir(Path(folder))
        self._take_over_others(generation, current, replaced)

    def _switch_to(self, generation: Path, current: Path | None, fill: Callable[[], None]) -> None:
        """Fill ``generation`` (``fill``), link it and switch ``out`` to it; it is deleted if anything fails first."""
        switched = False
        try:
            fill()
            link = self._new_link(generation)
            try:
                with signals_held():  # a SIGINT or SIGTERM is acted on after the switch and the settling
                    self._switch(link, current)
                    settle(generation)
                    switched = True
            finally:
                if not switched:
                    _remove(link)
                settle(link)
        except BaseException:
            if not switched:
                _remove(generation)
                settle(generation)
            raise
        sync_dir(self.parent)
        self._step("switched to the new generation")
        self._delete_superseded(link, current)

    def _new_generation(self) -> Path:
        numbers = [int(m.group(1)) for n in os.listdir(self.parent) if (m := self.names.generation.fullmatch(n))]
        number = max(numbers, default=0) + 1
        while True:
            folder = self.parent / f".{self.names.name}.gen-{number}"
            register_pending(folder)
            try:
                folder.mkdir()
            except FileExistsError:
                settle(folder)
                number += 1
                continue
            except BaseException:
                settle(folder)
                raise
            self._step("made the new generation's folder")
            return folder

    def _fill(self, generation: Path, files: Mapping[str, bytes], current: Path | None,
              replaced: frozenset[str]) -> None:
        folders = sorted({(generation / name).parent for name in files} - {generation})
        for folder in folders:  # a file may be in a folder of the build (akn/)
            folder.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            write_synced(generation / name, files[name], exclusive=True)
            self._step(f"wrote {name}")
        self._take_over_others(generation, current, replaced, folders)

    def _take_over_others(self, generation: Path, current: Path | None, replaced: frozenset[str],
                          folders: Collection[Path] = ()) -> None:
        """Take the current folder's other entries into ``generation``; sync ``folders`` (of the build) and it."""
        if current is not None:
            for name in sorted(os.listdir(current)):
                if name not in replaced and not _ATOMIC_TEMPORARY.fullmatch(name):
                    _take_over(current / name, generation / name)
            os.chmod(generation, stat.S_IMODE(os.stat(current).st_mode))
        self._step("took over the other files")
        for folder in folders:
            sync_dir(folder)
        sync_dir(generation)
        self._step("synced the new generation")

    def _new_link(self, generation: Path) -> Path:
        """A link to ``generation`` under a temporary name beside ``out`` (registered as pending)."""
        link = self.parent / self.names.temporary("new")
        register_pending(link)
        try:
            os.symlink(generation.name, link)
        except BaseException:
            settle(link)
            raise
        self._step("made the new link")
        return link

    def _switch(self, link: Path, current: Path | None) -> None:
        """Rename ``link`` to ``out``: over the old link, or swapped with the real folder of an older version.

        After a swap the old folder is at the link's name. Where the system cannot
        swap, the old folder is renamed aside first (the next build puts it back if
        a kill lands between the two renames).
        """
        if current is None or current != self.out:
            os.replace(link, self.out)
        elif not _exchange(link, self.out):
            aside = self.parent / self.names.temporary("old")
            os.rename(self.out, aside)
            try:
                os.replace(link, self.out)
            except BaseException:
                os.rename(aside, self.out)
                raise

    def _delete_superseded(self, link: Path, current: Path | None) -> None:
        """Delete what ``out`` showed before the switch (best effort: the next build deletes what is left)."""
        superseded = link if current == self.out else current
        with contextlib.suppress(OSError):
            if superseded is not None:
                _remove(superseded)
            self.remove_orphans()
        self._step("deleted the previous generation")


def write_synced(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Write ``data`` as the file ``path`` (its folder made if need be) and sync it to disk.

    With ``exclusive`` the file must not exist yet; else an existing one is replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags, 0o666), "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _remove(path: Path) -> None:
    """Delete a file, a link or a folder and all it holds; nothing if there is nothing."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        if stat.S_ISREG(os.stat(src).st_mode):
            shutil.copy2(src, dst)  # a pipe or a socket is not taken over: opening one could block


def _take_over(src: Path, dst: Path) -> None:
    """Put ``src`` (a file, a folder or a link of the previous generation) into the new one, as hard links."""
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
    elif src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(src), str(dst))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _lock(out: Path, lock_path: Path) -> int:
    """Lock ``lock_path`` for this process (its id written in it), or raise :class:`OutputError` if another holds it."""
    import fcntl

    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        by = f" (process {holder})" if holder.isdigit() else ""
        raise OutputError(f"{out}: another build is writing into it{by}; try again when it has finished") from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def _output_path(out: Path) -> Path:
    if out.name in ("", ".", ".."):
        out = Path(os.path.abspath(out))
    if not out.name:
        raise OutputError(f"{out}: cannot be a build folder; name a folder in it")
    return out


@contextlib.contextmanager
def build_folder(out: Path, ours: Collection[str] = ()) -> Iterator[BuildFolder]:
    """Lock the output folder ``out`` for one build, check it is ours to replace, and delete orphans of killed runs.

    ``ours`` are the names poa-kg writes into a build folder: a real folder that
    holds nothing else (or a build) is migrated by the commit. Raises
    :class:`OutputError` when another build holds the lock, or ``out`` is not a
    build folder to replace.
    """
    folder = BuildFolder(_output_path(out), ours)
    with os_errors_as(OutputError, folder.out):
        folder.current()  # an output that is not ours is refused before anything is written beside it
        folder.parent.mkdir(parents=True, exist_ok=True)
        fd = _lock(folder.out, folder.parent / folder.names.lock)
    try:
        with os_errors_as(OutputError, folder.out):
            folder.remove_orphans()
            folder.current()
        yield folder
    finally:
        os.close(fd)
