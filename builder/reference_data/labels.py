"""The small vocabularies the reference graph describes: ``capacities.csv`` and ``resolution_rules.csv``.

A capacity is one in which a statement was made (a State, an observer, an
intergovernmental or non-governmental organization, an official of the United
Nations); a resolution rule is one by which a name of the text was linked to an
entry of a gazetteer. Both are written into the reference graph as SKOS
concepts: a capacity with English and Arabic labels and definitions, a rule
with an English label and definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.reference_data.tables import read_table


@dataclass(frozen=True)
class Capacity:
    key: str
    label_en: str
    label_ar: str
    definition_en: str
    definition_ar: str
    source: str


@dataclass(frozen=True)
class ResolutionRule:
    key: str
    label_en: str
    definition_en: str
    source: str


def load_capacities() -> tuple[Capacity, ...]:
    """The capacities of ``builder/data/capacities.csv``, in file order."""
    columns = ("key", "label_en", "label_ar", "definition_en", "definition_ar")
    return tuple(Capacity(r["key"].strip(), r["label_en"].strip(), r["label_ar"].strip(), r["definition_en"].strip(),
                          r["definition_ar"].strip(), r["source"].strip())
                 for r in read_table("capacities.csv", columns))


def load_resolution_rules() -> tuple[ResolutionRule, ...]:
    """The rules of ``builder/data/resolution_rules.csv``, in file order."""
    return tuple(ResolutionRule(r["key"].strip(), r["label_en"].strip(), r["definition_en"].strip(),
                                r["source"].strip())
                 for r in read_table("resolution_rules.csv", ("key", "label_en", "definition_en")))
