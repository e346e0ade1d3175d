"""The bureau: a paragraph about it whose list items are post headers, each followed by who holds the post.

A paragraph is about the bureau when ``مكتب`` is in its text or heading and one
of its list items is the header of a post of ``posts.csv`` (``الرئيس``, ``نواب
الرئيس``, ``المقرر`` ...; matched by similarity, so that a variant spelling still
counts). The items under a header are its holders: a person with the State in
parentheses (``جون - كلود بروني (فرنسا)``) or States; both readings are recorded
(:class:`~builder.extract.participation.facts.SeatHolder`), and the resolver
tells them apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from builder.arabic.names import normalize_arabic
from builder.extract.participation.facts import BureauList, BureauPost, SeatHolder
from builder.extract.participation.patterns import Reader
from builder.model import Unit
from builder.reference_data.posts import Post

HEADER_MIN_SCORE = 90.0
"""How similar (0..100) a list item must be to a header form of a post to be that post's header."""


def post_header(text: str, posts: Mapping[str, Post]) -> Post | None:
    """The post a bureau list item is the header of (``نواب الرئيس:``), if it is one.

    The headers of ``posts.csv`` are what gives the list its structure, so they are read here.
    """
    key = normalize_arabic(text).strip(" .:؛;،,")
    if not key or len(key.split()) > 4:
        return None
    best: tuple[float, Post] | None = None
    for d in posts.values():
        for h in d.headers:
            score = fuzz.ratio(key, normalize_arabic(h))
            if best is None or score > best[0]:
                best = (score, d)
    return best[1] if best is not None and best[0] >= HEADER_MIN_SCORE else None


def is_bureau_paragraph(para: Unit, items: Sequence[Unit], posts: Mapping[str, Post]) -> bool:
    context = normalize_arabic(" ".join((para.text, *para.heading_path[-1:])))
    return "مكتب" in context and any(post_header(i.text, posts) is not None for i in items)


def read_bureau(reader: Reader, para: Unit, items: Sequence[Unit]) -> BureauList:
    """The bureau's list: each post header with the items under it (items before the first header are not read)."""
    groups: list[tuple[Post, list[Unit]]] = []
    for item in items:
        header = post_header(item.text, reader.posts)
        if header is not None:
            groups.append((header, []))
        elif groups:
            groups[-1][1].append(item)
    return BureauList(para.eid, tuple(BureauPost(post.key, tuple(_holder(reader, item) for item in holders))
                                      for post, holders in groups))


def _holder(reader: Reader, item: Unit) -> SeatHolder:
    """An item under a header, read both as ``NAME (STATE)`` (when it ends with a parenthesis) and as States."""
    text = item.text.rstrip(" .")
    person = state = None
    if text.endswith(")") and "(" in text:
        open_at = text.rfind("(")
        name_end = open_at
        while name_end > 0 and text[name_end - 1] == " ":
            name_end -= 1
        if name_end > 0 and open_at + 1 < len(text) - 1:
            person = reader.name(item, 0, name_end)
            state = reader.name(item, open_at + 1, len(text) - 1)
    return SeatHolder(text, person, state, reader.state_names(item, 0, len(item.text)))
