"""``poa-kg publish oxigraph DIR``: bulk-load a build into a local Oxigraph database, for ``oxigraph serve``.

The build's dataset (``dataset.nq``, or a TriG or N-Quads file given as
``--data``) is loaded by pyoxigraph's bulk loader, which writes the database's
sorted files directly. That loader sorts all it is given in memory (1.9 GB for
the 3.4 million quads of a hundred reports), so N-Quads are given to it in
parts of :data:`LOAD_PART` bytes, cut between lines (a statement of N-Quads is
one line, and blank node labels are kept as written, so the parts load as the
whole file would): memory is bounded by the part, not by the build. TriG is
loaded whole. The named graphs come in as they were built. The database may already hold data: each graph of
the build *replaces* the graph of the same name there (removed first), and
every other graph is left as it is, as ``poa-kg publish endpoint`` does on a
server.

The file is read through once before the database is opened, so that data that
does not parse changes nothing. A database is opened by one process at a time:
one that ``oxigraph serve`` has open is refused, as is a folder that holds
something else than an Oxigraph database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.errors import DataError, OutputError
from builder.outputs.read import data_file

#: a file every Oxigraph (RocksDB) database folder holds
_DATABASE_MARK = "CURRENT"
#: the bytes of N-Quads given to the bulk loader at once (about 100,000 quads of a build)
LOAD_PART = 32 << 20


@dataclass(frozen=True)
class Loaded:
    """What a load did: the graphs of the build and their quads, and how many of those graphs it replaced."""

    graphs: int
    quads: int
    replaced: int


def _format(file: Path) -> Any:
    import pyoxigraph as ox

    fmt = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}.get(file.suffix)
    if fmt is None:
        raise DataError(f"{file}: holds no named graph; load a build folder, or its dataset.nq or dataset.trig")
    return fmt


def dataset_graphs(file: Path) -> tuple[list[Any], int]:
    """The graph names of the dataset ``file`` (in the order they come) and its quads, read through once.

    Whatever does not parse is a :class:`DataError` naming the file.
    """
    import pyoxigraph as ox

    names: dict[Any, None] = {}
    quads = 0
    try:
        for quad in ox.parse(path=str(file), format=_format(file)):
            names.setdefault(quad.graph_name, None)
            quads += 1
    except SyntaxError as exc:
        raise DataError(f"{file}: cannot read the data: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise DataError(f"{file}: {exc.strerror or exc}") from None
    if not quads:
        raise DataError(f"{file}: nothing to load")
    return list(names), quads


def checked_location(location: Path) -> Path:
    """``location`` itself when a database can be made or opened there: a new or empty folder, or a database."""
    if location.exists() and not location.is_dir():
        raise OutputError(f"{location}: not a folder; give the folder of an Oxigraph database (new or existing)")
    if location.is_dir() and any(location.iterdir()) and not (location / _DATABASE_MARK).is_file():
        raise OutputError(f"{location}: a folder that holds something else than an Oxigraph database")
    return location


def _open(location: Path) -> Any:
    import pyoxigraph as ox

    try:
        return ox.Store(str(location))
    except OSError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        hint = "; is 'oxigraph serve' running on it? stop it first" if "lock" in first.lower() else ""
        raise OutputError(f"{location}: cannot open the Oxigraph database ({first}){hint}") from None


def load_into_oxigraph(data: Path, location: Path) -> Loaded:
    """Load the build at ``data`` into the Oxigraph database folder ``location`` (made when new).

    The build's graphs replace those of the same names in the database; its other graphs stay.
    """
    file = data_file(data)
    checked_location(location)
    names, quads = dataset_graphs(file)
    store = _open(location)
    try:
        replaced = 0
        for name in names:
            if store.contains_named_graph(name):
                store.remove_graph(name)
                store.flush()  # the removal's write buffers to disk: memory bounded by one graph, not by all
                replaced += 1
        if file.suffix == ".nq":
            for start, end in line_parts(file, LOAD_PART):
                with file.open("rb") as fh:
                    store.bulk_load(input=_Range(fh, start, end), format=_format(file))
        else:
            store.bulk_load(path=str(file), format=_format(file))
        store.flush()
    except (OSError, SyntaxError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise OutputError(f"{location}: loading {file} failed: {first}") from None
    finally:
        del store  # closes the database, so that a server can open it next
    return Loaded(graphs=len(names), quads=quads, replaced=replaced)


def line_parts(file: Path, size: int) -> list[tuple[int, int]]:
    """Byte ranges that cut ``file`` into parts of about ``size`` bytes, each ending with a whole line."""
    total = file.stat().st_size
    parts, start = [], 0
    with file.open("rb") as fh:
        while start < total:
            fh.seek(min(start + size, total) - 1)
            fh.readline()  # to the end of the line the part would cut
            end = min(fh.tell(), total)
            parts.append((start, end))
            start = end
    return parts


class _Range:
    """The bytes ``start`` to ``end`` of the open file ``fh``, read as a file of their own."""

    def __init__(self, fh: Any, start: int, end: int) -> None:
        self._fh, self._left = fh, end - start
        fh.seek(start)

    def read(self, size: int = -1) -> bytes:
        n = self._left if size is None or size < 0 else min(size, self._left)
        data: bytes = self._fh.read(n)
        self._left -= len(data)
        return data
