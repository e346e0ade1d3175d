"""``graph.jsonld`` of a corpus, written one subject at a time from the merged shards.

:func:`builder.publish.jsonld.to_jsonld` holds the whole graph: it indexes every
subject, counts who refers to each node to decide which nodes are written inside
another (:func:`~builder.publish.jsonld.written_inside`), and writes the node
objects sorted by subject. The same document comes out of two sorted streams
read in step, each shard's ``subjects.txt`` and ``refs.txt`` merged
(:mod:`builder.outputs.shards`):

* the triples, by subject (IRIs in the document's order);
* the triples that may put a node inside another, by that node.

A hash IRI ``P#x`` is written inside ``P`` only, and sorts after it, so a node
is written once the stream has passed every IRI that starts with ``P#``; at most
the nodes of that stretch are held. Blank nodes (which no emitter makes today)
come first in both streams and are held until the end, where the document
writes those that are not inside another.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import IO, Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from builder.graphs import Triple
from builder.outputs.shards import split_line, unkeyed
from builder.publish.jsonld import Context, document_context, node_object, written_inside


def _dumps(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``level`` levels deep in a document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _term(flag: int, text: str) -> Node:
    return BNode(text) if flag == 0 else URIRef(text)


class _Referrers:
    """The ``refs.txt`` stream, read in step with the subjects: who refers to a node, once per triple."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._groups = groupby(lines, key=lambda line: line.split("\t", 2)[:2])
        self._next: tuple[tuple[int, str], list[Node]] | None = None
        self._advance()

    def _advance(self) -> None:
        found = next(self._groups, None)
        if found is None:
            self._next = None
            return
        (flag, text), lines = found
        referrers: list[Node] = []
        for line in lines:
            subject = line.split("\t")[2]
            referrers.append(BNode(subject[2:]) if subject.startswith("_:") else URIRef(subject[1:-1]))
        self._next = ((int(flag), text), referrers)

    def of(self, key: tuple[int, str]) -> list[Node]:
        """The referrers of the node ``key`` (keys asked in increasing order)."""
        while self._next is not None and self._next[0] < key:
            self._advance()
        if self._next is not None and self._next[0] == key:
            return self._next[1]
        return []


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf\"'\\])")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
#: the most terms remembered while reading: predicates, classes and shared nodes come again and again
_MEMO_SIZE = 200_000


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if code[0] in "uU" else _ESCAPED[code]


def _term_of(token: str) -> Node:
    """The rdflib term of an N-Triples term, as pyoxigraph writes them (IRIs as they are, literals escaped)."""
    if token.startswith("<"):
        return URIRef(token[1:-1])
    if token.startswith("_:"):
        return BNode(token[2:])
    end = token.rindex('"')
    text = token[1:end]
    if "\\" in text:
        text = _ESCAPE.sub(_unescape, text)
    suffix = token[end + 1:]
    if suffix.startswith("@"):
        return Literal(text, lang=suffix[1:])
    if suffix.startswith("^^"):
        return Literal(text, datatype=URIRef(suffix[3:-1]))
    return Literal(text)


def _subjects(lines: Iterator[str]) -> Iterator[tuple[tuple[int, str], list[Triple]]]:
    """The merged ``subjects.txt`` lines, grouped by subject, as rdflib triples."""
    memo: dict[str, Node] = {}

    def term(token: str) -> Node:
        found = memo.get(token)
        if found is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[token] = _term_of(token)
        return found

    for key, group in groupby(map(unkeyed, lines), key=itemgetter(0)):
        triples: list[Triple] = []
        for _key, line in group:
            s, p, o = split_line(line)
            triples.append((term(s), term(p), term(o)))
        yield key, triples


class _Node:
    """A node to write, with the triples of the hash IRIs written inside it."""

    def __init__(self, subject: Node, triples: list[Triple]) -> None:
        self.subject = subject
        self.triples = triples
        self.prefix = f"{subject}#"
        self.inside: dict[Node, Node] = {}

    def closed_by(self, iri: str) -> bool:
        """Whether no IRI at or after ``iri`` (in order) can be written inside this node."""
        return not iri.startswith(self.prefix) and iri > self.prefix


class _Document:
    """The ``@graph`` array being written: the node objects, in order, and the blank nodes held."""

    def __init__(self, out: IO[str], ctx: Context, base: str | None) -> None:
        self.out = out
        self.ctx = ctx
        self.base = base
        self.blank: dict[Node, list[Triple]] = {}
        self.blank_inside: dict[Node, Node] = {}  # blank node -> the node it is written inside
        self.empty = True

    def write(self, node: _Node) -> None:
        triples = list(node.triples)
        inside = self.blank_inside | node.inside
        todo = [o for _s, _p, o in triples if isinstance(o, BNode) and o in self.blank_inside]
        while todo:  # the blank nodes written inside this node, and inside those
            child = todo.pop()
            held = self.blank.get(child, [])
            triples += held
            todo += [o for _s, _p, o in held if isinstance(o, BNode) and self.blank_inside.get(o) == child]
        value = node_object(triples, node.subject, inside, self.ctx, self.base)
        self.out.write(("" if self.empty else NODE_SEPARATOR) + _dumps(value, 2))
        self.empty = False

    def break_blank_cycles(self) -> None:
        """Blank nodes inside one another in a cycle would be written nowhere: write them on their own."""
        inside = self.blank_inside
        for child in list(inside):
            seen = {child}
            up = inside.get(child)
            while up is not None and up in inside:
                if up in seen:
                    del inside[child]
                    break
                seen.add(up)
                up = inside.get(up)


#: what comes between two node objects of the ``@graph`` array
NODE_SEPARATOR = ",\n    "


def document_head(base: str | None, context_ref: str = "context.jsonld") -> str:
    """The document up to its first node object."""
    return "{\n  \"@context\": " + _dumps(document_context(context_ref, base), 1) + ",\n  \"@graph\": ["


def document_tail(empty: bool) -> str:
    """The document after its last node object (``empty``: it has none)."""
    return "]\n}\n" if empty else "\n  ]\n}\n"


def write_nodes(out: IO[str], subject_lines: Iterator[str], ref_lines: Iterator[str], ctx: Context,
                base: str | None) -> bool:
    """Write the node objects of the merged data into ``out``, separated by :data:`NODE_SEPARATOR`; any written?

    ``subject_lines`` and ``ref_lines``: the shards' ``subjects.txt`` and ``refs.txt`` merged, each line once
    (a stretch of them that no hash IRI straddles, for one part of the array). The document
    (:func:`document_head`, these, :func:`document_tail`) is byte-identical to :func:`to_jsonld`'s.
    """
    referrers = _Referrers(ref_lines)
    doc = _Document(out, ctx, base)
    pending: deque[_Node] = deque()  # IRIs whose hash IRIs may still come, in order
    by_subject: dict[Node, _Node] = {}
    blanks_done = False
    for key, triples in _subjects(subject_lines):
        subject = _term(*key)
        parent = written_inside(subject, referrers.of(key))
        if key[0] == 0:
            doc.blank[subject] = triples
            if parent is not None:
                doc.blank_inside[subject] = parent
            continue
        if not blanks_done:
            doc.break_blank_cycles()
            blanks_done = True
        while pending and pending[0].closed_by(key[1]):
            doc.write(by_subject.pop(pending.popleft().subject))
        holder = by_subject.get(parent) if parent is not None else None
        if holder is not None:
            holder.inside[subject] = holder.subject
            holder.triples.extend(triples)
        else:
            by_subject[subject] = node = _Node(subject, triples)
            pending.append(node)
    if not blanks_done:
        doc.break_blank_cycles()
    while pending:
        doc.write(by_subject.pop(pending.popleft().subject))
    for subject in sorted(doc.blank, key=str):
        if subject not in doc.blank_inside:
            doc.write(_Node(subject, doc.blank[subject]))
    return not doc.empty
