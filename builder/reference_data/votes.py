"""The positions of a recorded vote: ``builder/data/vote_positions.csv``.

Each position (``yes``, ``no``, ``abstain``: the ballots' ``poa:position``) has
the English words for its votes (``votes in favour``), which warnings and the
graph's notes use, and the forms a report heads the list of its States with
(``المؤيدون:``), which the vote extractor recognises by similarity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from builder.errors import ReferenceDataError
from builder.reference_data.tables import read_table, split_cell

VOTE_POSITIONS = ("yes", "no", "abstain")


@dataclass(frozen=True)
class VotePosition:
    key: str  # yes | no | abstain
    label_en: str  # what the votes of this position are called: "votes in favour"
    headers: tuple[str, ...]  # the forms a report heads the list of this position with
    source: str


def load_vote_positions() -> Mapping[str, VotePosition]:
    """The positions of ``builder/data/vote_positions.csv`` by key; there must be exactly yes, no and abstain."""
    positions = {}
    for row in read_table("vote_positions.csv", ("key", "label_en", "headers")):
        position = VotePosition(row["key"].strip(), row["label_en"].strip(), split_cell(row["headers"]),
                                row["source"].strip())
        if not position.headers:
            raise ReferenceDataError(f"vote positions: {position.key}: no header")
        positions[position.key] = position
    if sorted(positions) != sorted(VOTE_POSITIONS):
        raise ReferenceDataError(f"vote positions: {sorted(positions)} instead of {', '.join(VOTE_POSITIONS)}")
    return MappingProxyType(positions)
