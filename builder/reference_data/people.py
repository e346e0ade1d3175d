"""The people: ``builder/data/people.csv``, with an index of their normalized Arabic names built at load.

Each person is listed with the State they represent and the post they held, a
key of ``posts.csv``; a name shared by two people is an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from builder.arabic.names import normalize_arabic
from builder.errors import ReferenceDataError
from builder.reference_data.posts import Post
from builder.reference_data.tables import read_table, split_cell


@dataclass(frozen=True)
class Person:
    key: str
    name_en: str
    name_ar: str
    variants_ar: tuple[str, ...]
    state_iso3: str | None
    post: str | None  # a key of posts.csv
    source: str

    @property
    def arabic_forms(self) -> tuple[str, ...]:
        return (self.name_ar, *self.variants_ar)


@dataclass(frozen=True)
class PeopleGazetteer:
    people: tuple[Person, ...]
    by_key: Mapping[str, Person] = field(init=False, repr=False, compare=False)
    normalized: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Person] = {}
        norm: dict[str, str] = {}
        for p in self.people:
            if p.key in by_key:
                raise ReferenceDataError(f"duplicate person {p.key}")
            by_key[p.key] = p
            for form in p.arabic_forms:
                n = normalize_arabic(form)
                if norm.get(n, p.key) != p.key:
                    raise ReferenceDataError(f"people: {form!r} names both {norm[n]} and {p.key}")
                norm[n] = p.key
        object.__setattr__(self, "by_key", MappingProxyType(by_key))
        object.__setattr__(self, "normalized", MappingProxyType(norm))

    def __iter__(self) -> Iterator[Person]:
        return iter(self.people)

    def __getitem__(self, key: str) -> Person:
        return self.by_key[key]


def load_people(posts: Mapping[str, Post], path: Path | str | None = None) -> PeopleGazetteer:
    """Read ``builder/data/people.csv`` (or ``path``); every post named must be one of ``posts``."""
    people = []
    for row in read_table("people.csv", ("key", "name_en", "name_ar", "variants_ar", "state_iso3", "post"), path):
        post = row["post"].strip() or None
        if post is not None and post not in posts:
            raise ReferenceDataError(f"people: {row['key']}: unknown post {post!r}")
        people.append(Person(
            key=row["key"].strip(),
            name_en=row["name_en"].strip(),
            name_ar=row["name_ar"].strip(),
            variants_ar=split_cell(row["variants_ar"]),
            state_iso3=row["state_iso3"].strip() or None,
            post=post,
            source=row["source"].strip(),
        ))
    return PeopleGazetteer(tuple(people))
