"""Answer keys: what a careful reader finds in a report, as rows the competency queries can be compared with.

A key is a TOML file beside its report, ``<stem>.key.toml`` for ``<stem>.ar.txt``
(tests/fixtures/family/README.md gives its format). Loading it checks its shape
as well as its syntax, so that a slip in a key is a one-line error naming the
file (and the line, where the TOML reader gives one), never a score that
silently counts the slip as the builder's mistake.

Every aspect becomes a list of :class:`Row`, each an *identity* (what the row is
about) and a *value* (what the key says of it), the same shape
:mod:`builder.evaluation.produced` gives the rows of a build.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.errors import IriError, PoaKgError
from builder.iri import checked_symbol

#: the aspects a key describes and an evaluation scores, in the order tables show them
ASPECTS = ("paragraphs", "ballots", "speakers", "bureau", "citations")
#: what a key may also record that the graph does not hold yet, so that nothing scores it (the tests that
#: read it do): the States and observers a report lists as taking part
UNSCORED = ("participants",)
#: the parts of a report whose paragraphs a key lists, in reading order
PARTS = ("report", "annex")
#: the key of a vote on the outcome document as a whole
WHOLE = "whole"
#: how the votes query names a vote on the whole outcome document (a key may use it too)
_WHOLE_ALIASES = frozenset({"whole", "outcome"})
POSITIONS = ("yes", "no", "abstain")

_SUFFIX = ".key.toml"
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class AnswerKeyError(PoaKgError):
    """An answer key that is missing, cannot be read, or does not have the shape of a key."""


@dataclass(frozen=True)
class Row:
    """One fact of an aspect: what it is about (``identity``) and what is said of it (``value``)."""

    identity: tuple[str, ...]
    value: tuple[str, ...]


@dataclass(frozen=True)
class AnswerKey:
    path: Path
    #: the file name of the report the key is for, when the key names it
    report: str | None
    #: the ``--symbol`` to build the report with, when its text gives none
    symbol: str | None
    rows: Mapping[str, tuple[Row, ...]]


def key_path_for(report: Path) -> Path:
    """``corpus/X.key.toml`` for ``corpus/X.ar.txt`` (for another name, the name less its last suffix)."""
    stem = report.name.removesuffix(".ar.txt") if report.name.endswith(".ar.txt") else report.stem
    return report.with_name(stem + _SUFFIX)


def vote_key(vote: str) -> str:
    """The key of what a vote was on, with the whole outcome document always called :data:`WHOLE`."""
    return WHOLE if vote in _WHOLE_ALIASES else vote


def load_key_for(report: Path) -> AnswerKey:
    """The answer key beside ``report``; an :class:`AnswerKeyError` when there is none or it is malformed."""
    path = key_path_for(report)
    if not path.is_file():
        raise AnswerKeyError(f"{report}: no answer key beside it (expected {path})")
    key = load_key(path)
    if key.report is not None and key.report != report.name:
        raise AnswerKeyError(f"{path}: the key is for {key.report!r}, not {report.name!r}")
    return key


def load_key(path: Path) -> AnswerKey:
    """Read and check an answer key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnswerKeyError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise AnswerKeyError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        place = _TOML_PLACE.search(message)
        where = f"{path}:{place.group(1)}" if place else str(path)
        raise AnswerKeyError(f"{where}: not a TOML file: {_TOML_PLACE.sub('', message)}") from None
    return _checked_key(path, data)


def _checked_key(path: Path, data: dict[str, Any]) -> AnswerKey:
    unknown = sorted(set(data) - {"report", "symbol", *ASPECTS, *UNSCORED})
    if unknown:
        raise AnswerKeyError(f"{path}: unknown entry {unknown[0]!r} (a key has: report, symbol, {', '.join(ASPECTS)})")
    fields = _Fields(path)
    symbol = fields.optional_text(data, "symbol", "", default=None)
    if symbol is not None:
        try:
            checked_symbol(symbol)
        except IriError as exc:
            raise AnswerKeyError(f"{path}: symbol: {exc}") from None
    rows: dict[str, tuple[Row, ...]] = {
        "paragraphs": _paragraph_rows(fields, data.get("paragraphs", {})),
    }
    readers: dict[str, Callable[[_Fields, str, dict[str, Any]], list[Row]]] = {
        "ballots": _ballot_rows, "speakers": _speaker_rows, "bureau": _bureau_rows, "citations": _citation_rows}
    for aspect, reader in readers.items():
        tables = data.get(aspect, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise AnswerKeyError(f"{path}: {aspect}: expected an array of tables ([[{aspect}]])")
        rows[aspect] = tuple(r for i, t in enumerate(tables, 1) for r in reader(fields, f"{aspect}[{i}]", t))
    name = fields.optional_text(data, "report", "", default=None)
    return AnswerKey(path=path, report=name, symbol=symbol, rows=rows)


class _Fields:
    """Typed reading of a key's entries; every slip is an error naming the file and the entry."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, where: str, message: str) -> AnswerKeyError:
        return AnswerKeyError(f"{self.path}: {where}{': ' if where else ''}{message}")

    def only(self, table: dict[str, Any], where: str, allowed: tuple[str, ...]) -> None:
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            raise self.error(where, f"unknown entry {unknown[0]!r} (expected: {', '.join(allowed)})")

    def text(self, table: dict[str, Any], name: str, where: str) -> str:
        if name not in table:
            raise self.error(where, f"{name!r} is missing")
        return str(self.optional_text(table, name, where, default=""))

    def optional_text(self, table: dict[str, Any], name: str, where: str, default: str | None) -> Any:
        value = table.get(name, default)
        if value is not default and not isinstance(value, str):
            raise self.error(where, f"{name!r} must be a string, not {type(value).__name__}")
        return value

    def texts(self, table: dict[str, Any], name: str, where: str) -> list[str]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(where, f"{name!r} must be an array of strings")
        return value


def _paragraph_rows(fields: _Fields, table: Any) -> tuple[Row, ...]:
    if not isinstance(table, dict):
        raise fields.error("paragraphs", "expected a table ([paragraphs])")
    fields.only(table, "paragraphs", PARTS)
    return tuple(Row((part, str(position)), (ref,)) for part in PARTS
                 for position, ref in enumerate(fields.texts(table, part, "paragraphs"), 1))


def _ballot_rows(fields: _Fields, where: str, table: dict[str, Any]) -> list[Row]:
    fields.only(table, where, ("vote", *POSITIONS))
    vote = vote_key(fields.text(table, "vote", where))
    return [Row((vote, state), (position,)) for position in POSITIONS for state in fields.texts(table, position, where)]


def _speaker_rows(fields: _Fields, where: str, table: dict[str, Any]) -> list[Row]:
    fields.only(table, where, ("speaker", "kind", "on_behalf_of", "meeting"))
    return [Row((fields.text(table, "speaker", where), fields.optional_text(table, "meeting", where, "")),
                (fields.text(table, "kind", where), fields.optional_text(table, "on_behalf_of", where, "")))]


def _bureau_rows(fields: _Fields, where: str, table: dict[str, Any]) -> list[Row]:
    fields.only(table, where, ("role", "person", "state"))
    return [bureau_row(fields.text(table, "role", where), fields.optional_text(table, "person", where, ""),
                       fields.optional_text(table, "state", where, ""))]


def bureau_row(role: str, person: str, state: str) -> Row:
    """A seat of the bureau: known by its role and its State (by the person when it has no State)."""
    return Row((role, state or person), (person, state))


def _citation_rows(fields: _Fields, where: str, table: dict[str, Any]) -> list[Row]:
    fields.only(table, where, ("ref", "target"))
    return [Row((fields.text(table, "ref", where), fields.text(table, "target", where)), ())]
