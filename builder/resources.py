"""Access to the project's data folders (ontology, shapes, queries) by name.

An installed wheel carries them in ``builder/resources/<kind>/`` (copied at
build time by ``setup.py``); a source checkout reads the top-level folders of
the repository. Either way callers ask by kind and name only.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

KINDS = ("ontology", "shapes", "queries")


def _folder(kind: str) -> Traversable:
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {', '.join(KINDS)}")
    packaged = resources.files("builder") / "resources" / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / kind


def resource_path(kind: str, name: str) -> Traversable:
    """The resource ``name`` of ``kind``; raises FileNotFoundError naming what was looked for."""
    item = _folder(kind) / name
    if not item.is_file():
        raise FileNotFoundError(f"no {kind} resource named {name!r}")
    return item


def resource_text(kind: str, name: str) -> str:
    return resource_path(kind, name).read_text(encoding="utf-8")


def resource_names(kind: str) -> list[str]:
    """Names of all resources of ``kind``, sorted."""
    folder = _folder(kind)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
