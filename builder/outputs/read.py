"""Reading a build back: the one reader of a build folder (or of one RDF file) for every command given ``--data``.

A build folder is read through its dataset: ``dataset.nq``, else
``dataset.trig``, else the merged ``graph.nt`` or ``graph.ttl``, so that the
named graphs come back as they were built. A file is read as it is, its format
told by its extension. Files pyoxigraph parses (N-Quads, TriG, N-Triples,
Turtle) are parsed once, by it, several times faster than rdflib's parsers,
and its terms converted where rdflib is wanted (validation, the site, the
endpoint publisher, the network analysis); JSON-LD is parsed by rdflib, offline:
its contexts are the project's own, read from disk, or it is refused
(:mod:`builder.outputs.offline_jsonld`). The triples of a file without named
graphs are read into :data:`DEFAULT_GRAPH`.

The files a build writes beside its data (``void.ttl``, ``build-report.json``,
the dumps) are read here too. Whatever cannot be read is a
:class:`~builder.errors.DataError` whose one line names the file or the folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import IdentifiedNode

from builder.errors import DataError
from builder.graphs import Triple, rdflib_term, rdflib_triples
from builder.iri import DEFAULT_BASE, POA, Iris, bind_prefixes
from builder.outputs.offline_jsonld import parse_offline

#: the files of a build folder that hold its data, in the order they are looked for
DATA_FILES = ("dataset.nq", "dataset.trig", "graph.nt", "graph.ttl")
#: the graph that the triples of a file without named graphs are read into
DEFAULT_GRAPH = URIRef(f"{DEFAULT_BASE}graph/default")

_NAMED_GRAPH_SUFFIXES = (".nq", ".trig")
_RDFLIB_FORMATS = {".nq": "nquads", ".trig": "trig", ".nt": "nt", ".ttl": "turtle"}


def data_file(data: Path) -> Path:
    """The RDF file to read for ``data``: a build folder's dataset, or ``data`` itself when it is a file."""
    if data.is_dir():
        for name in DATA_FILES:
            if (data / name).is_file():
                return data / name
        raise DataError(f"{data}: no built graph here (dataset.nq, graph.ttl …); run 'poa-kg build' first")
    if data.is_file():
        return data
    raise DataError(f"{data}: no such file or folder")


def build_folder(data: Path) -> Path:
    """The folder of the build: ``data`` itself, or the folder of the RDF file ``data``."""
    return data if data.is_dir() else data.parent


def holds_named_graphs(file: Path) -> bool:
    """Whether ``file`` is of a format with named graphs (N-Quads, TriG)."""
    return file.suffix in _NAMED_GRAPH_SUFFIXES


def _ox_format(suffix: str) -> Any:
    import pyoxigraph as ox

    return {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
            ".ttl": ox.RdfFormat.TURTLE}.get(suffix)


def _unreadable(data: Path, exc: Exception) -> DataError:
    """The one-line error for data that could not be read or parsed."""
    if isinstance(exc, OSError):
        return DataError(f"{exc.filename or data}: {exc.strerror}")
    return DataError(f"{data}: cannot read the data: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


def _parse(data: Path, file: Path) -> list[Any] | Graph:
    """The quads of ``file`` as pyoxigraph parses them, or, for a format it does not read, an rdflib graph."""
    import pyoxigraph as ox

    fmt = _ox_format(file.suffix)
    try:
        if file.suffix == ".jsonld":
            return parse_offline(file)
        if fmt is None:
            return Graph().parse(str(file), format=_RDFLIB_FORMATS.get(file.suffix, "turtle"))
        return [q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object)
                for q in ox.parse(path=str(file), format=fmt)]
    except (SyntaxError, ValueError, OSError) as exc:
        raise _unreadable(data, exc) from None


def open_store(data: Path) -> Any:
    """A pyoxigraph store loaded with the data (what queries, query samples and the SPARQL endpoint run on)."""
    import pyoxigraph as ox

    file = data_file(data)
    fmt = _ox_format(file.suffix)
    if fmt is None:
        raise DataError(f"{file}: unsupported RDF file type {file.suffix!r}")
    store = ox.Store()
    try:
        store.bulk_load(path=str(file), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise DataError(f"{file}: cannot load: {exc}") from None
    return store


def _union(quads: Iterable[Any]) -> Graph:
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in rdflib_triples(quads))
    return g


def load_data(data: Path) -> tuple[Graph, Any]:
    """The data as one rdflib graph (the union of its named graphs), and a pyoxigraph store of the same triples.

    The store is filled from the quads parsed once for both; for a file that
    pyoxigraph does not read (JSON-LD) it is ``None``.
    """
    import pyoxigraph as ox

    parsed = _parse(data, data_file(data))
    if isinstance(parsed, Graph):
        return parsed, None
    store = ox.Store()
    store.extend(parsed)
    return _union(parsed), store


def load_graph(data: Path) -> Graph:
    """The data as one rdflib graph (the union of its named graphs)."""
    parsed = _parse(data, data_file(data))
    return parsed if isinstance(parsed, Graph) else _union(parsed)


def _triples_by_graph(data: Path) -> dict[IdentifiedNode, list[Triple]]:
    """The triples of each graph of the data, by graph name, in the order the graphs come in the file."""
    import pyoxigraph as ox

    parsed = _parse(data, data_file(data))
    if isinstance(parsed, Graph):
        return {DEFAULT_GRAPH: list(parsed)}
    quads: dict[Any, list[Any]] = {}
    for q in parsed:
        quads.setdefault(q.graph_name, []).append(q)
    return {DEFAULT_GRAPH if isinstance(name, ox.DefaultGraph) else cast(IdentifiedNode, rdflib_term(name)):
            list(rdflib_triples(qs)) for name, qs in quads.items()}


def load_dataset(data: Path) -> Dataset:
    """The data as an rdflib dataset, each named graph as it was built."""
    ds = Dataset()
    bind_prefixes(ds.namespace_manager)
    for name, triples in _triples_by_graph(data).items():
        g = ds.graph(name)
        g.addN((s, p, o, g) for s, p, o in triples)
    return ds


def named_graphs(data: Path) -> dict[URIRef, Graph]:
    """Each non-empty graph of the data named by an IRI, as a graph of its own, in IRI order."""
    out: dict[URIRef, Graph] = {}
    for name, triples in sorted(_triples_by_graph(data).items(), key=lambda item: str(item[0])):
        if isinstance(name, URIRef) and triples:
            g = out[name] = Graph()
            g.addN((s, p, o, g) for s, p, o in triples)
    return out


def load_void(data: Path) -> Graph | None:
    """The VoID description a build folder holds (``void.ttl``), or ``None`` when ``data`` is no folder or has none."""
    file = data / "void.ttl"
    if not (data.is_dir() and file.is_file()):
        return None
    parsed = _parse(data, file)
    void = Graph()
    bind_prefixes(void.namespace_manager)
    void.addN((s, p, o, void) for s, p, o in (parsed if isinstance(parsed, Graph) else rdflib_triples(parsed)))
    return void


def report_paths(data: Path) -> list[Path]:
    """The report files the build read, as its ``build-report.json`` gives them (none when it cannot be read)."""
    report = build_folder(data) / "build-report.json"
    if not report.is_file():
        return []
    try:
        rep = json.loads(report.read_text(encoding="utf-8"))
        return [Path(str(r.get("path", ""))) for r in rep.get("reports", [])]
    except (OSError, ValueError):
        return []


def build_file(data: Path, name: str) -> bytes | None:
    """The bytes of the file ``name`` of a build folder, or ``None`` when ``data`` is no folder or has no such file."""
    file = data / name
    if not (data.is_dir() and file.is_file()):
        return None
    try:
        return file.read_bytes()
    except OSError as exc:
        raise _unreadable(data, exc) from None


def iris_from_graph(g: Graph) -> list[Iris]:
    """The :class:`Iris` of each report in ``g`` (base, symbol and date read back from the report node)."""
    out = []
    for work in sorted(g.subjects(RDF.type, POA.Report), key=str):
        m = re.match(r"^(.*?)akn/un/doc/report/([^/]+)/", str(work))
        symbol = g.value(work, DCTERMS.identifier)
        if m is None or symbol is None:
            continue
        expr = g.value(work, POA.hasExpression)
        lang = str(g.value(expr, DCTERMS.language) or "ar") if expr is not None else "ar"
        out.append(Iris(base=m.group(1), symbol=str(symbol), date=m.group(2), language=lang))
    return out
