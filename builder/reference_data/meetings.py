"""The meetings of the Programme of Action process: ``builder/data/meetings.csv`` and ``meeting_kinds.csv``.

The calendar (series → ordinal → year) fills what a mention of a meeting lacks
(the year of "the fifth biennial meeting", the number of "the 2014 biennial
meeting"); a year written in the text always wins. The 2001 Conference, one of
its kind, has the ordinal 0. The kinds give each kind of meeting its English
label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from builder.reference_data.tables import read_table


@dataclass(frozen=True)
class MeetingCalendar:
    """The known meetings of the Programme of Action process: series → ordinal → year."""

    series: Mapping[str, Mapping[int, int]]

    def years(self, series: str) -> Mapping[int, int]:
        return self.series.get(series, {})


def load_calendar() -> MeetingCalendar:
    """The calendar of ``builder/data/meetings.csv``."""
    series: dict[str, dict[int, int]] = {}
    for row in read_table("meetings.csv", ("series", "ordinal", "year")):
        series.setdefault(row["series"], {})[int(row["ordinal"] or 0)] = int(row["year"])
    return MeetingCalendar({k: MappingProxyType(v) for k, v in series.items()})


def load_meeting_labels() -> Mapping[str, str]:
    """The English label of each kind of meeting (``builder/data/meeting_kinds.csv``); ``{n}`` is its number."""
    return MappingProxyType({row["kind"].strip(): row["label_en"].strip()
                             for row in read_table("meeting_kinds.csv", ("kind", "label_en"))})
