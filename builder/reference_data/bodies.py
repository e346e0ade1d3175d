"""The bodies, programmes, tools and posts the reports name: ``builder/data/bodies.csv``, joined to the organizations.

``bodies.csv`` lists what the reference extractor looks for in the text, with
the Arabic forms it is written in. Some of these bodies are organizations of
``organizations.csv`` as well (INTERPOL, the General Assembly, ...): such a row
names the organization's key in its ``organization`` column, and the body then
*is* that organization: one IRI, the organization's, with the organization's
labels. The join is made once, when the two files are loaded, so the build has
one list of bodies in which every body has one identity; a link to a key the
organization gazetteer does not have is an error.

The patterns the extractor matches are compiled here, once per load
(:attr:`BodyList.patterns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from builder.arabic.phrases import phrase_pattern, required_word
from builder.arabic.text import normalize_letters
from builder.errors import ReferenceDataError
from builder.reference_data.organizations import Organization, OrganizationGazetteer
from builder.reference_data.tables import read_table, split_cell

_COLUMNS = ("key", "kind", "name_en", "name_ar", "variants_ar", "parent", "organization", "link")


@dataclass(frozen=True)
class Body:
    """One row of ``bodies.csv``; ``organization`` is the gazetteer's organization it is, if it is one."""

    key: str
    kind: str
    name_en: str
    name_ar: str
    variants_ar: tuple[str, ...]
    parent: str
    link: str
    organization: Organization | None
    source: str

    @property
    def target_type(self) -> str:
        return "post" if self.kind == "post" else "body"

    @property
    def arabic_forms(self) -> tuple[str, ...]:
        return (self.name_ar, *self.variants_ar)


@dataclass(frozen=True)
class BodyPattern:
    """The pattern of one Arabic form of a body.

    ``short`` is true when the form is, word by word, a proper prefix of a form
    of another body (``الأمين العام`` of ``الأمين العام للمؤتمر``): it is then read
    as the body it stands for alone, with less confidence. ``required_word`` is
    a word every match contains, so that a text without it is not scanned.
    """

    pattern: re.Pattern[str]
    body: Body
    form: str
    short: bool
    required_word: str


@dataclass(frozen=True)
class BodyList:
    """The bodies in file order, by key, and the patterns of their forms."""

    bodies: tuple[Body, ...]
    by_key: Mapping[str, Body] = field(init=False, repr=False, compare=False)
    patterns: tuple[BodyPattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Body] = {}
        for body in self.bodies:
            if body.key in by_key:
                raise ReferenceDataError(f"bodies: duplicate key {body.key!r}")
            by_key[body.key] = body
        object.__setattr__(self, "by_key", MappingProxyType(by_key))
        object.__setattr__(self, "patterns", _patterns(self.bodies))

    def __len__(self) -> int:
        return len(self.bodies)

    def __iter__(self) -> Iterator[Body]:
        return iter(self.bodies)

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def get(self, key: str) -> Body | None:
        return self.by_key.get(key)


def _patterns(bodies: tuple[Body, ...]) -> tuple[BodyPattern, ...]:
    forms = [(normalize_letters(f).split(), b) for b in bodies for f in b.arabic_forms]
    out: list[BodyPattern] = []
    for b in bodies:
        for form in b.arabic_forms:
            words = normalize_letters(form).split()
            short = any(other is not b and len(ow) > len(words) and ow[: len(words)] == words for ow, other in forms)
            out.append(BodyPattern(re.compile(phrase_pattern(form)), b, form, short, required_word(form)))
    return tuple(out)


def load_bodies(organizations: OrganizationGazetteer) -> BodyList:
    """Read ``builder/data/bodies.csv`` and join each row to the organization it names, if any."""
    bodies = []
    for row in read_table("bodies.csv", _COLUMNS):
        key = row["key"].strip()
        link = row["organization"].strip()
        organization = organizations.get(link) if link else None
        if link and organization is None:
            raise ReferenceDataError(f"bodies: {key}: no organization {link!r} in the organization gazetteer")
        bodies.append(Body(
            key=key,
            kind=row["kind"].strip(),
            name_en=row["name_en"].strip(),
            name_ar=row["name_ar"].strip(),
            variants_ar=split_cell(row["variants_ar"]),
            parent=row["parent"].strip(),
            link=row["link"].strip(),
            organization=organization,
            source=row["source"].strip(),
        ))
    parents = {b.parent for b in bodies if b.parent} - {b.key for b in bodies}
    if parents:
        raise ReferenceDataError(f"bodies: parent(s) not in the list: {', '.join(sorted(parents))}")
    return BodyList(tuple(bodies))
