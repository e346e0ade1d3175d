"""A report's shard: its graphs as N-Quads, written as soon as the report is built, and what combining needs.

A corpus is built one report at a time (:mod:`builder.corpus`); each report's
own small dataset (its named graph and the part of the reference graph it adds)
is written into the build folder's ``shards/`` and dropped::

    shards/<slug>.nq        the report's graphs, sorted (graph, subject, predicate, object)
    shards/<slug>.json      what the build report, the VoID description and the JSON-LD context take from it
    shards/<slug>.idx/      the same triples sorted as each combined file reads them:
        subjects.txt        the report's data (its graph and its reference part, each triple once) as N-Triples
                            lines behind ``flag<TAB>subject<TAB>``, in the order JSON-LD writes its nodes
        objects.txt         its distinct objects (N-Triples terms), sorted
        refs.txt            the triples that may write a node inside another (object a hash IRI or a blank node),
                            by object

Every file is sorted by text, so :mod:`builder.outputs.combine` merges the
shards of any number of reports reading each file once, line by line. Lines of
N-Triples are compared as strings: that order is the one
:class:`~builder.publish.serialize.SortedQuads` sorts terms in, because no term
is a prefix of another term ending where it does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.dataset import BuiltDataset
from builder.iri import PREFIXES
from builder.publish.serialize import SortedQuads, write_quads

#: the folder of the shards, in the build folder
SHARDS = "shards"
#: the build folder's list of the reports of a corpus build: each one's path, shard key and slug
MANIFEST = "manifest.json"


def write_manifest(folder: Path, reports: Iterable[Mapping[str, str]]) -> None:
    """Write the manifest of a corpus build into the build folder ``folder``."""
    text = json.dumps({"reports": list(reports)}, ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def read_manifest(folder: Path) -> list[dict[str, Any]] | None:
    """The reports of the manifest in the build folder ``folder``; ``None`` when it has none (not a corpus build).

    A damaged manifest raises (``OSError``, ``ValueError``, ``KeyError``, ``TypeError``): its reader says what it means.
    """
    path = folder / MANIFEST
    if not path.is_file():
        return None
    reports = json.loads(path.read_text(encoding="utf-8"))["reports"]
    if not isinstance(reports, list):
        raise TypeError("the manifest's reports are not a list")
    return reports
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SAMPLE = "<urn:x-poa-kg:sample>"  # the subject of the context samples


@dataclass(frozen=True)
class Shard:
    """The files of one report's shard in ``folder`` (the build folder's ``shards/``)."""

    folder: Path
    slug: str

    @property
    def nquads(self) -> Path:
        return self.folder / f"{self.slug}.nq"

    @property
    def meta(self) -> Path:
        return self.folder / f"{self.slug}.json"

    @property
    def index(self) -> Path:
        return self.folder / f"{self.slug}.idx"

    @property
    def validation(self) -> Path:
        return self.folder / f"{self.slug}.validation.nt"

    @property
    def akn(self) -> Path:
        """The report as Akoma Ntoso, linked into the build folder's ``akn/`` when the corpus is combined."""
        return self.folder / f"{self.slug}.akn.xml"

    def paths(self) -> list[Path]:
        """Every file and folder of the shard that exists."""
        return [p for p in (self.nquads, self.meta, self.index, self.validation, self.akn) if os.path.lexists(p)]

    def read_meta(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.meta.read_text(encoding="utf-8"))
        return loaded


def split_line(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object of an N-Triples line, as the N-Triples text of each term."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest[:-3]  # less " .\n"


def subject_key(line: str) -> tuple[int, str]:
    """Where JSON-LD writes the line's subject: blank nodes first here (read and held), then IRIs by their text."""
    token = line[:line.index(" ")]
    return (0, token[2:]) if token.startswith("_:") else (1, token[1:-1])


def keyed(line: str) -> str:
    """The N-Triples ``line`` behind its :func:`subject_key` (``flag<TAB>subject<TAB>line``): text order is key order.

    No character of an IRI or a blank node label sorts before a tab, so the text
    order of these lines is the order of their keys, then of the lines.
    """
    flag, subject = subject_key(line)
    return f"{flag}\t{subject}\t{line}"


def unkeyed(line: str) -> tuple[tuple[int, str], str]:
    """The key and the N-Triples line of a :func:`keyed` line."""
    flag, subject, rest = line.split("\t", 2)
    return (int(flag), subject), rest


def object_kind(term: str) -> str:
    """What the JSON-LD context asks of an object term: an IRI, a blank node, or a literal's language or datatype."""
    if term.startswith("<"):
        return "@id"
    if term.startswith("_:"):
        return "?"
    return term[term.rindex('"') + 1:]  # "", "@ar" or "^^<datatype>"


def context_samples(lines: Iterable[str]) -> list[str]:
    """One line per ``poa:`` property and kind of value, and one per ``poa:`` class: all the context depends on.

    The subject and the text of a string don't matter to the context: they are left out (kept short).
    """
    poa = "<" + PREFIXES["poa"]
    seen: dict[tuple[str, str], str] = {}
    for line in lines:
        _s, p, o = split_line(line)
        if p.startswith(poa):
            kind = object_kind(o)
            if kind == "" or kind.startswith("@"):
                o = f'""{kind}' if kind != "@id" else o
            seen.setdefault((p, kind), f"{_SAMPLE} {p} {o} .\n")
        elif p == RDF_TYPE and o.startswith(poa):
            seen.setdefault((p, o), f"{_SAMPLE} {p} {o} .\n")
    return sorted(seen.values())


def _refs(lines: Iterable[str]) -> list[str]:
    """``flag<TAB>object<TAB>subject<TAB>predicate`` for each triple whose object may be written inside its subject."""
    out = []
    for line in lines:
        s, p, o = split_line(line)
        if o.startswith("_:"):
            out.append(f"0\t{o[2:]}\t{s}\t{p}\n")
        elif o.startswith("<") and "#" in o:
            out.append(f"1\t{o[1:-1]}\t{s}\t{p}\n")
    return sorted(out)


def _sections(nquads: bytes) -> dict[str, list[int]]:
    """Where each graph's lines are in the N-Quads of a shard (sorted by graph first): its start and end bytes."""
    out: dict[str, list[int]] = {}
    start = 0
    for line in nquads.splitlines(keepends=True):
        graph = line.rsplit(b" ", 2)[-2].decode("utf-8")[1:-1]
        out.setdefault(graph, [start, start])[1] = start + len(line)
        start += len(line)
    return out


def write_shard(shard: Shard, dataset: BuiltDataset, meta: Mapping[str, Any]) -> dict[str, Any]:
    """Write the shard of one report's ``dataset`` (no ontology graph in it) with ``meta``; returns the meta written.

    The meta is completed with the triples and the place of each graph, the context samples
    and whether the data has blank nodes (:func:`context_samples`).
    """
    nquads = write_quads(SortedQuads({}, dataset.quads()).quads, "nquads")
    shard.nquads.write_bytes(nquads)
    # the data: each quad's line less its graph is the triple's line (terms are written alike in both formats)
    lines = sorted({line.rsplit(" ", 2)[0] + " .\n" for line in nquads.decode("utf-8").splitlines()})
    shard.index.mkdir(exist_ok=True)
    with (shard.index / "subjects.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(sorted(keyed(line) for line in lines))
    with (shard.index / "objects.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(o + "\n" for o in sorted({split_line(line)[2] for line in lines}))
    with (shard.index / "refs.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(_refs(lines))
    full = dict(meta) | {
        "graphs": {g.name.value: len(g) for g in dataset.graphs()},
        "sections": _sections(nquads),
        "context_samples": context_samples(lines),
        "blank_nodes": any(line.startswith("_:") or split_line(line)[2].startswith("_:") for line in lines),
    }
    shard.meta.write_text(json.dumps(full, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return full
