"""The instruments and documents the reports cite: ``builder/data/instruments.csv``.

Each row is an instrument, a treaty or a UN document with its titles, symbol,
date (a day or a year), issuing body and link; the reference extractor takes the
type of an instrument it finds from here, and the emitter its description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from builder.errors import ReferenceDataError
from builder.reference_data.tables import read_table

_COLUMNS = ("key", "type", "title_en", "title_ar", "symbol", "date_or_year", "issuing_body", "link")


@dataclass(frozen=True)
class Instrument:
    key: str
    type: str  # instrument | treaty | document | ga-resolution | sc-resolution
    title_en: str
    title_ar: str
    symbol: str
    date_or_year: str  # YYYY-MM-DD or YYYY, or empty
    issuing_body: str
    link: str
    source: str


def load_instruments() -> Mapping[str, Instrument]:
    """The instruments and documents by key, in file order."""
    out: dict[str, Instrument] = {}
    for row in read_table("instruments.csv", _COLUMNS):
        instrument = Instrument(**{name: row[name].strip() for name in (*_COLUMNS, "source")})
        if instrument.key in out:
            raise ReferenceDataError(f"instruments: duplicate key {instrument.key!r}")
        out[instrument.key] = instrument
    return MappingProxyType(out)
