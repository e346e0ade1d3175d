"""People named where a post is given to them.

``بترشيح NAME (STATE) لرئاسة المؤتمر``, ``انتخب NAME رئيسا للمؤتمر``, ``تولى NAME من
ORG مهام POST``: the name, the phrase of the post (one of the phrases of
``posts.csv``, which the patterns are built from), the State in parentheses and
the organization, as the text writes them. People named in the bureau's list
are read with the bureau (:mod:`builder.extract.participation.bureau`).
"""

from __future__ import annotations

from builder.arabic.text import Skeleton
from builder.extract.participation.facts import PostGiven
from builder.extract.participation.patterns import Reader
from builder.model import Unit


def posts_given(reader: Reader, unit: Unit) -> list[PostGiven]:
    """Every person ``unit`` names as given a post, in the order of the patterns, then of the text."""
    sk = Skeleton.of(unit.text)
    out: list[PostGiven] = []
    for rx in (reader.patterns.given_post, reader.patterns.took_post):
        for m in rx.finditer(sk.text):
            state = reader.name(unit, *sk.span(*m.span("state"))) if m.group("state") else None
            org = reader.name(unit, *sk.span(*m.span("org"))) if "org" in m.groupdict() and m.group("org") else None
            out.append(PostGiven(reader.name(unit, *sk.span(*m.span("name"))),
                                 reader.name(unit, *sk.span(*m.span("post"))), state, org))
    return out
