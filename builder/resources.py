"""Access to the project's data folders (ontology, shapes, queries) by name.

The folders live at the top of the repository (``ontology/``, ``shapes/``,
``queries/``). ``setup.py`` copies them into the wheel as
``builder/resources/<kind>/`` so that an installed package finds them with
``importlib.resources``. Callers only ever ask by kind and name::

    resource_text("ontology", "poa.ttl")
    resource_names("queries")

Lookup order for one name: in a source checkout (the package sits next to the
repository's ``pyproject.toml``) the top-level folder wins, because it is the
file people edit and a copy under ``builder/resources/`` left by an earlier
build may be stale; otherwise the packaged copy is used. A name missing from the
first place is looked for in the second.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO

KINDS = ("ontology", "shapes", "queries")

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE_DIR.parent


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {', '.join(KINDS)}")


def _parts(name: str) -> list[str]:
    """The path segments of ``name``; rejects empty, absolute and escaping names."""
    parts = name.replace("\\", "/").split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"invalid resource name {name!r}")
    return parts


def _in_source_checkout() -> bool:
    return (_REPO_ROOT / "pyproject.toml").is_file()


def _folders(kind: str) -> list[Traversable]:
    """The folders that may hold resources of ``kind``, in lookup order (existing ones only)."""
    _check_kind(kind)
    packaged = resources.files("builder") / "resources" / kind
    top_level = _REPO_ROOT / kind
    order: list[Traversable] = [top_level, packaged] if _in_source_checkout() else [packaged, top_level]
    return [folder for folder in order if folder.is_dir()]


def resource_path(kind: str, name: str) -> Traversable:
    """The resource ``name`` of ``kind`` (a ``Path`` in a checkout, a ``Traversable`` when packaged).

    ``name`` may contain ``/`` to reach a subfolder. Raises ``ValueError`` for an
    unknown kind or an invalid name, ``FileNotFoundError`` if no folder has it.
    """
    parts = _parts(name)
    folders = _folders(kind)
    for folder in folders:
        item = folder
        for part in parts:
            item = item / part
        if item.is_file():
            return item
    looked = ", ".join(str(f) for f in folders) or f"no {kind}/ folder found"
    raise FileNotFoundError(f"no {kind} resource named {name!r} (looked in: {looked})")


def resource_text(kind: str, name: str, encoding: str = "utf-8") -> str:
    """The text of a resource."""
    return resource_path(kind, name).read_text(encoding=encoding)


@contextmanager
def open_resource(kind: str, name: str, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a resource for reading text: ``with open_resource("queries", "q.rq") as fh: ...``."""
    with resource_path(kind, name).open("r", encoding=encoding) as fh:
        yield fh


def resource_names(kind: str, suffix: str = "") -> list[str]:
    """Names of the files of ``kind`` at the top of its folder(s), sorted and without duplicates.

    Hidden files are skipped; ``suffix`` (such as ``".ttl"``) keeps only names ending with it.
    """
    names: set[str] = set()
    for folder in _folders(kind):
        for item in folder.iterdir():
            if item.is_file() and not item.name.startswith(".") and item.name.endswith(suffix):
                names.add(item.name)
    return sorted(names)
