"""The posts and the bodies of a conference: ``builder/data/posts.csv`` and ``builder/data/conference_bodies.csv``.

A post is one a report of the family may name: a post of the conference itself
(``scope`` ``conference``: one per conference) or a standing post of the United
Nations (``un``). ``role`` is the role's short English name (``role_ar`` its
Arabic name, ``role_definition_en``/``_ar`` what the role is); ``headers`` the
forms a bureau list gives it as a header; ``phrases`` the forms a sentence gives
it (``رئيسا للمؤتمر``); ``organization`` the organization it is in, a key of
``organizations.csv``.

A body of the conference is its bureau or one of its committees, with the
Arabic forms a report names it by.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from builder.errors import ReferenceDataError
from builder.reference_data.tables import read_table, split_cell

POST_SCOPES = frozenset({"conference", "un"})
CONFERENCE_BODY_KINDS = frozenset({"bureau", "committee"})


@dataclass(frozen=True)
class Post:
    """A post a report of the family may name (see the module docstring)."""

    key: str
    name_en: str
    name_ar: str
    role: str
    role_ar: str
    role_definition_en: str
    role_definition_ar: str
    scope: str
    headers: tuple[str, ...]
    phrases: tuple[str, ...]
    organization: str | None
    source: str


@dataclass(frozen=True)
class ConferenceBody:
    """A body of the conference: its bureau or a committee."""

    key: str
    name_en: str
    name_ar: str
    kind: str  # "bureau" | "committee"
    forms: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ConferenceBodies:
    """The bodies of a conference in file order; exactly one of them is the bureau."""

    bodies: tuple[ConferenceBody, ...]

    def __post_init__(self) -> None:
        if len({b.key for b in self.bodies}) != len(self.bodies):
            raise ReferenceDataError("conference bodies: duplicate key")
        if sum(1 for b in self.bodies if b.kind == "bureau") != 1:
            raise ReferenceDataError("conference bodies: there must be exactly one bureau")

    def __iter__(self) -> Iterator[ConferenceBody]:
        return iter(self.bodies)

    @property
    def bureau(self) -> ConferenceBody:
        return next(b for b in self.bodies if b.kind == "bureau")


def load_posts() -> Mapping[str, Post]:
    """The posts of ``builder/data/posts.csv`` by key, in file order."""
    posts: dict[str, Post] = {}
    columns = ("key", "name_en", "name_ar", "role", "role_ar", "role_definition_en", "role_definition_ar", "scope",
               "headers", "phrases", "organization")
    for row in read_table("posts.csv", columns):
        post = Post(
            key=row["key"].strip(),
            name_en=row["name_en"].strip(),
            name_ar=row["name_ar"].strip(),
            role=row["role"].strip(),
            role_ar=row["role_ar"].strip(),
            role_definition_en=row["role_definition_en"].strip(),
            role_definition_ar=row["role_definition_ar"].strip(),
            scope=row["scope"].strip(),
            headers=split_cell(row["headers"]),
            phrases=split_cell(row["phrases"]),
            organization=row["organization"].strip() or None,
            source=row["source"].strip(),
        )
        if post.scope not in POST_SCOPES:
            raise ReferenceDataError(f"posts: {post.key}: unknown scope {post.scope!r}")
        if post.key in posts:
            raise ReferenceDataError(f"posts: duplicate key {post.key!r}")
        posts[post.key] = post
    return MappingProxyType(posts)


def load_conference_bodies() -> ConferenceBodies:
    """The bureau and committees of ``builder/data/conference_bodies.csv``, in file order."""
    bodies = []
    for row in read_table("conference_bodies.csv", ("key", "name_en", "name_ar", "kind", "forms")):
        body = ConferenceBody(
            key=row["key"].strip(),
            name_en=row["name_en"].strip(),
            name_ar=row["name_ar"].strip(),
            kind=row["kind"].strip(),
            forms=split_cell(row["forms"]),
            source=row["source"].strip(),
        )
        if body.kind not in CONFERENCE_BODY_KINDS:
            raise ReferenceDataError(f"conference bodies: {body.key}: unknown kind {body.kind!r}")
        bodies.append(body)
    return ConferenceBodies(tuple(bodies))
