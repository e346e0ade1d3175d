"""The organizations: ``builder/data/organizations.csv``, with an index of their Arabic names built at load.

The file (hand-written) holds the groups of States, intergovernmental and
non-governmental organizations and UN entities that take part in the meetings
the reports describe, with the States that are their members.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from builder.arabic.names import normalize_arabic
from builder.errors import ReferenceDataError
from builder.reference_data.tables import read_table, split_cell, unique_owners

ORGANIZATION_KINDS = frozenset({"group", "igo", "ngo", "un-entity", "observer"})
_COLUMNS = ("key", "kind", "name_en", "name_ar", "variants_ar", "members")


@dataclass(frozen=True)
class Organization:
    """A group of States, an organization or a UN entity.

    ``kinds`` comes from the ``kind`` column, ``|``-separated, the main kind first
    (the European Union is ``igo|observer``); ``members`` are ISO3 codes of States,
    empty where membership is not well defined.
    """

    key: str
    kinds: tuple[str, ...]
    name_en: str
    name_ar: str
    variants_ar: tuple[str, ...]
    members: tuple[str, ...]
    source: str

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def arabic_forms(self) -> tuple[str, ...]:
        return (self.name_ar, *self.variants_ar)


@dataclass(frozen=True)
class OrganizationGazetteer:
    """The organizations, with their Arabic names normalized once.

    ``normalized`` maps each normalized name to its organization's key (a name
    of two organizations is an error); ``normalized_forms`` lists every
    organization with its normalized names, for approximate matching.
    """

    organizations: tuple[Organization, ...]
    by_key: Mapping[str, Organization] = field(init=False, repr=False, compare=False)
    normalized: Mapping[str, str] = field(init=False, repr=False, compare=False)
    normalized_forms: tuple[tuple[Organization, tuple[str, ...]], ...] = field(init=False, repr=False,
                                                                               compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Organization] = {}
        for org in self.organizations:
            if org.key in by_key:
                raise ReferenceDataError(f"duplicate organization key {org.key}")
            by_key[org.key] = org
        forms = tuple((org, tuple(normalize_arabic(f) for f in org.arabic_forms)) for org in self.organizations)
        pairs = [(f, org.key) for org, normalized in forms for f in normalized]
        object.__setattr__(self, "by_key", MappingProxyType(by_key))
        object.__setattr__(self, "normalized_forms", forms)
        object.__setattr__(self, "normalized",
                           MappingProxyType(unique_owners(pairs, strict=True, what="organization names")))

    def __len__(self) -> int:
        return len(self.organizations)

    def __iter__(self) -> Iterator[Organization]:
        return iter(self.organizations)

    def __getitem__(self, key: str) -> Organization:
        return self.by_key[key]

    def get(self, key: str) -> Organization | None:
        return self.by_key.get(key)


def _organization_from_row(row: Mapping[str, str]) -> Organization:
    org = Organization(
        key=row["key"].strip(),
        kinds=split_cell(row["kind"]),
        name_en=row["name_en"].strip(),
        name_ar=row["name_ar"].strip(),
        variants_ar=split_cell(row["variants_ar"]),
        members=split_cell(row["members"]),
        source=row["source"].strip(),
    )
    unknown = set(org.kinds) - ORGANIZATION_KINDS
    if not org.kinds or unknown:
        raise ReferenceDataError(f"{org.key}: unknown kind {row['kind']!r}")
    return org


def load_organizations(path: Path | str | None = None) -> OrganizationGazetteer:
    """Read the organizations from ``builder/data/organizations.csv`` (or from ``path``)."""
    rows = read_table("organizations.csv", _COLUMNS, path)
    return OrganizationGazetteer(tuple(_organization_from_row(row) for row in rows))
