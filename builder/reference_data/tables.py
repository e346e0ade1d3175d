"""The one reader of the tables of ``builder/data``.

Every table is a UTF-8 CSV file with a header row and a ``source`` column that
says where each row's values come from; a row without a source is an error, so
that nothing enters the graph whose origin cannot be traced. The files are read
with :mod:`importlib.resources`, so an installed package finds them in the
wheel; a loader may be given another file instead (a test's own table).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from builder.errors import ReferenceDataError


def data_file(name: str) -> Traversable:
    """The packaged file ``builder/data/<name>`` (``name`` may hold ``/`` to reach a subfolder)."""
    return resources.files("builder").joinpath("data", *name.split("/"))


def read_table(name: str, columns: Iterable[str], path: Path | str | None = None) -> list[dict[str, str]]:
    """The rows of the table ``builder/data/<name>`` (or of the file ``path``), as dictionaries.

    Raises ``ValueError`` when a column of ``columns`` or ``source`` is missing
    from the header, or when a row's source is empty.
    """
    where = str(path) if path is not None else f"builder/data/{name}"
    text = data_file(name).read_text(encoding="utf-8") if path is None else Path(path).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in (*columns, "source") if c not in (reader.fieldnames or ())]
    if missing:
        raise ReferenceDataError(f"{where}: missing column(s) {', '.join(missing)}")
    rows = list(reader)
    for n, row in enumerate(rows, start=2):
        if not (row["source"] or "").strip():
            raise ReferenceDataError(f"{where}: row {n} has no source")
    return rows


def split_cell(cell: str) -> tuple[str, ...]:
    """The values of a ``|``-separated cell, stripped, empty ones left out."""
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def unique_owners(pairs: list[tuple[str, str]], strict: bool, what: str) -> dict[str, str]:
    """Map each key to its one owner; a key claimed by two owners raises (strict) or is dropped."""
    owners: dict[str, set[str]] = {}
    for key, owner in pairs:
        owners.setdefault(key, set()).add(owner)
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    if clashes and strict:
        raise ReferenceDataError(f"{what}: forms shared by several entries: {clashes}")
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
