"""Where each named graph of a build lies in its N-Quads files, and its triples read back from there in chunks.

A build writes ``dataset.nq`` sorted by graph, one quad a line, and a corpus
build writes each report's graphs into its shard (``shards/<slug>.nq``, with
the place of each graph in the shard's meta). A graph is therefore a run of
lines in a file: a *section* (file, first and last byte, triples). Publishing
reads each section from its file in chunks of :data:`CHUNK` bytes and drops
the graph term from each line, so that the N-Triples of one graph are streamed
without the graph, or the dataset, ever being held in memory. The length of
that body is known beforehand (each line loses the same ``" <graph>"``), so a
request can announce it in ``Content-Length``, which every server accepts.

The sections of a file are found by one pass over it, beside pyoxigraph's
parser: the file is checked whole before anything is sent, and a file not
written one quad a line, each in a named graph (comments, the default graph,
other spacing), gives ``None``, to be read in memory instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.errors import DataError

#: the bytes read from a file at once
CHUNK = 1 << 16


@dataclass(frozen=True)
class Section:
    """The lines of the graph ``iri`` in the N-Quads file ``path``: bytes ``start`` to ``end``, one triple each."""

    iri: str
    path: Path
    start: int
    end: int
    triples: int

    @property
    def suffix(self) -> bytes:
        """What ends each line of the section: the graph term and the full stop."""
        return f" <{self.iri}> .".encode()

    @property
    def body_length(self) -> int:
        """The bytes of the section's N-Triples: each line less its graph term."""
        return self.end - self.start - self.triples * (len(self.suffix) - 2)


def nquads_sections(file: Path) -> list[Section] | None:
    """The section of each graph of the N-Quads ``file``, in file order, or None when it is not one quad a line.

    A syntax error is a :class:`DataError` naming the file and the line.
    """
    import pyoxigraph as ox

    sections: list[Section] = []
    offset, iri, start, count = 0, "", 0, 0
    try:
        quads = ox.parse(path=str(file), format=ox.RdfFormat.N_QUADS)
        with file.open("rb") as lines:
            for line in lines:
                quad = next(quads, None)
                graph = quad.graph_name if quad is not None else None
                if not isinstance(graph, ox.NamedNode) or not line.endswith(f" <{graph.value}> .\n".encode()):
                    return None
                if graph.value != iri:
                    if count:
                        sections.append(Section(iri, file, start, offset, count))
                    iri, start, count = graph.value, offset, 0
                count += 1
                offset += len(line)
        if next(quads, None) is not None:
            return None
    except SyntaxError as exc:
        raise DataError(f"{file}: cannot read the data: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise DataError(f"{exc.filename or file}: {exc.strerror}") from None
    if count:
        sections.append(Section(iri, file, start, offset, count))
    if len({s.iri for s in sections}) != len(sections):
        return None  # a graph in several runs: not a file sorted by graph
    return sections


def shard_sections(folder: Path, sections: list[Section]) -> list[Section]:
    """``sections`` of ``dataset.nq``, each report's graph taken from its shard instead when the build has shards.

    A shard's section must hold as many triples and bytes as the graph in
    ``dataset.nq``; a shard out of step with it is a :class:`DataError`.
    """
    from builder.outputs.shards import MANIFEST, SHARDS, Shard, read_manifest

    manifest = folder / MANIFEST
    by_iri = {s.iri: s for s in sections}
    try:
        reports = read_manifest(folder)
        if reports is None:  # not a corpus build: every graph comes from dataset.nq
            return sections
        for report in reports:
            shard = Shard(folder / SHARDS, str(report["slug"]))
            meta = shard.read_meta()
            iri = str(meta["graph"])
            start, end = (int(n) for n in meta["sections"][iri])
            own = Section(iri, shard.nquads, start, end, int(meta["graphs"][iri]))
            whole = by_iri.get(iri)
            if whole is None or (whole.triples, whole.end - whole.start) != (own.triples, own.end - own.start):
                raise DataError(f"{shard.nquads}: not the graph <{iri}> of {folder / 'dataset.nq'}; build again")
            by_iri[iri] = own
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{manifest}: cannot read the shards of the build ({type(exc).__name__}: {exc})") from None
    return [by_iri[s.iri] for s in sections]


def triple_chunks(section: Section, size: int = CHUNK) -> Iterator[bytes]:
    """The N-Triples of ``section``: its lines less their graph term, read ``size`` bytes at a time.

    A file changed since its sections were found is a :class:`DataError` (the request it feeds is cut short).
    """
    suffix = section.suffix
    left, rest, lines = section.end - section.start, b"", 0
    with section.path.open("rb") as fh:
        fh.seek(section.start)
        while left > 0:
            block = fh.read(min(size, left))
            if not block:
                break
            left -= len(block)
            *whole, rest = (rest + block).split(b"\n")
            if any(not line.endswith(suffix) for line in whole):
                break
            lines += len(whole)
            yield b"".join(line[:-len(suffix)] + b" .\n" for line in whole)
    if left or rest or lines != section.triples:
        raise DataError(f"{section.path}: changed while it was read; build again")


class SectionBody:
    """A request body streaming a section's N-Triples: iterable again for each request, its length known."""

    def __init__(self, section: Section, size: int = CHUNK) -> None:
        self.section = section
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        return triple_chunks(self.section, self.size)

    def __len__(self) -> int:
        return self.section.body_length
