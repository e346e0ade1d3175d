"""JSON-LD read offline: the contexts a document names are read from disk when they are the project's, else refused.

rdflib's JSON-LD parser loads every context a document names by IRI as it
meets it, through the network (``http:``, ``https:``) or the file system
(``file:``): data given to a command could make it wait on a silent server or
open any file of the machine. So the document is read as JSON first, and each
context reference in it, at any depth (the document's ``@context``, those of
nested node objects, the scoped contexts of term definitions, ``@import``),
is replaced by the context it names, read from disk, when that is the
project's own context: ``context.jsonld`` beside the file (as ``graph.jsonld``
names it), or at the root of a site (``../../context.jsonld``, as its pages
do). Any other reference is a :class:`~builder.errors.DataError` naming the
file and the reference. The parser then gets a document with every context
inline, and has nothing left to load.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rdflib import Graph

from builder.errors import DataError

#: the file name of the project's JSON-LD context, which a build and a site write
CONTEXT_FILE = "context.jsonld"
#: how the project's documents refer to it: beside them, or some folders up
_PROJECT_REFERENCE = re.compile(r"(?:\.\./)*" + re.escape(CONTEXT_FILE))


def parse_offline(file: Path) -> Graph:
    """The triples of the JSON-LD document ``file``, its contexts resolved from disk; nothing is fetched."""
    try:
        doc = _inline(_read_json(file, file), _Contexts(file))
    except RecursionError:
        raise DataError(f"{file}: not JSON-LD: nested too deeply") from None
    return Graph().parse(data=json.dumps(doc), format="json-ld", publicID=file.absolute().as_uri())


def _read_json(path: Path, data: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except OSError as exc:
        raise DataError(f"{exc.filename or path}: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise DataError(f"{path}: not JSON-LD: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                        + ("" if path == data else f" (a context of {data})")) from None


class _Contexts:
    """The contexts of one document, loaded as its references are met."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.loading: list[Path] = []

    def refused(self, reference: object) -> DataError:
        shown = json.dumps(reference, ensure_ascii=False)
        return DataError(f"{self.file}: the JSON-LD context {shown} is not loaded: only the project's own"
                         f" {CONTEXT_FILE} is read, from disk, and nothing is fetched")

    def load(self, reference: str, folder: Path) -> Any:
        """The context named by ``reference`` from a document in ``folder``, its own references inline."""
        if not _PROJECT_REFERENCE.fullmatch(reference):
            raise self.refused(reference)
        path = (folder / reference).resolve()
        if not path.is_file():
            raise DataError(f"{self.file}: its JSON-LD context {reference} is not there ({path})")
        if path in self.loading:
            raise DataError(f"{self.file}: its JSON-LD context {path} includes itself")
        doc = _read_json(path, self.file)
        if not isinstance(doc, dict) or "@context" not in doc:
            raise DataError(f"{path}: not a JSON-LD context (no @context)")
        self.loading.append(path)
        try:
            return _without_base(self.resolve(doc["@context"], path.parent))
        finally:
            self.loading.pop()

    def resolve(self, context: Any, folder: Path) -> Any:
        """``context`` (a value of ``@context``) with every reference replaced by what it names."""
        if isinstance(context, str):
            return self.load(context, folder)
        if isinstance(context, list):
            out: list[Any] = []
            for item in context:
                loaded = self.resolve(item, folder)
                out += loaded if isinstance(loaded, list) else [loaded]
            return out
        if isinstance(context, dict):
            definitions = {key: _inline(value, self, folder) for key, value in context.items() if key != "@import"}
            if "@import" not in context:
                return definitions
            reference = context["@import"]
            imported = self.load(reference, folder) if isinstance(reference, str) else None
            if not isinstance(imported, dict):
                raise self.refused(reference)
            return {**imported, **definitions}
        return context  # null or a mistake the parser reports


def _without_base(context: Any) -> Any:
    """A loaded context without ``@base``: as with a fetched one, only the document's own context sets it."""
    if isinstance(context, dict):
        return {k: v for k, v in context.items() if k != "@base"}
    if isinstance(context, list):
        return [_without_base(c) for c in context]
    return context


def _inline(value: Any, contexts: _Contexts, folder: Path | None = None) -> Any:
    """``value`` (a JSON-LD document or part of one) with the references of every ``@context`` in it resolved."""
    where = folder if folder is not None else contexts.file.parent
    if isinstance(value, list):
        return [_inline(v, contexts, where) for v in value]
    if not isinstance(value, dict):
        return value
    return {key: contexts.resolve(v, where) if key == "@context" else v if key == "@value" else
            _inline(v, contexts, where) for key, v in value.items()}
