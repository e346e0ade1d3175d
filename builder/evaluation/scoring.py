"""Scoring a build against a key, aspect by aspect: right, wrong and missing rows.

Rows are matched by their identity (a paragraph's part and position, a ballot's
vote and State, a speaker and the meeting, a bureau seat's role and State, a
citation's paragraph and target). A row in both with the same value is right;
in both with another value, wrong; in the key only, missing; in the build only,
wrong as well (spurious: the build says something the report does not).
Rows sharing an identity (a speaker for two groups at the same meetings) are
matched value for value first, the rest paired off in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.evaluation.keys import ASPECTS, Row


@dataclass(frozen=True)
class Discrepancy:
    """A row the build and the key disagree on.

    ``expected`` is None for a spurious row (the build's only), ``produced`` for a missing one (the key's only).
    """

    aspect: str
    identity: tuple[str, ...]
    expected: tuple[str, ...] | None
    produced: tuple[str, ...] | None

    @property
    def verdict(self) -> str:
        return "missing" if self.produced is None else "wrong"


@dataclass(frozen=True)
class AspectScore:
    aspect: str
    right: int
    discrepancies: tuple[Discrepancy, ...]

    @property
    def wrong(self) -> int:
        return sum(d.verdict == "wrong" for d in self.discrepancies)

    @property
    def missing(self) -> int:
        return sum(d.verdict == "missing" for d in self.discrepancies)


@dataclass(frozen=True)
class ReportScore:
    report: Path
    key: Path
    aspects: tuple[AspectScore, ...]

    @property
    def perfect(self) -> bool:
        """Nothing wrong and nothing missing in any aspect."""
        return all(not a.discrepancies for a in self.aspects)

    def aspect(self, name: str) -> AspectScore:
        return next(a for a in self.aspects if a.aspect == name)


def score_aspect(aspect: str, expected: Iterable[Row], produced: Iterable[Row]) -> AspectScore:
    """Compare the key's rows of one aspect with the build's."""
    want: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    got: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for row in expected:
        want[row.identity].append(row.value)
    for row in produced:
        got[row.identity].append(row.value)
    right = 0
    found: list[Discrepancy] = []
    for identity in list(want) + [i for i in got if i not in want]:
        keyed, built = list(want.get(identity, [])), list(got.get(identity, []))
        for value in list(keyed):
            if value in built:
                keyed.remove(value)
                built.remove(value)
                right += 1
        for k, b in zip(keyed, built, strict=False):
            found.append(Discrepancy(aspect, identity, k, b))
        found += [Discrepancy(aspect, identity, k, None) for k in keyed[len(built):]]
        found += [Discrepancy(aspect, identity, None, b) for b in built[len(keyed):]]
    return AspectScore(aspect, right, tuple(found))


def score_report(report: Path, key: Path, expected: Mapping[str, Iterable[Row]],
                 produced: Mapping[str, Iterable[Row]]) -> ReportScore:
    return ReportScore(report, key, tuple(score_aspect(a, expected.get(a, ()), produced.get(a, ()))
                                          for a in ASPECTS))


def score_table(scores: Iterable[ReportScore]) -> str:
    """One line per report and aspect: right, wrong and missing rows."""
    lines = [("report", "aspect", "right", "wrong", "missing")]
    lines += [(str(s.report), a.aspect, str(a.right), str(a.wrong), str(a.missing)) for s in scores for a in s.aspects]
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    out = ["  ".join(c.ljust(widths[i]) if i < 2 else c.rjust(widths[i]) for i, c in enumerate(line)).rstrip()
           for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def discrepancy_lines(scores: Iterable[ReportScore]) -> str:
    """The wrong and missing rows, one a line: report, aspect, verdict, identity, what the key and the build say."""
    lines = []
    for s in scores:
        for a in s.aspects:
            for d in a.discrepancies:
                lines.append(f"{s.report}  {a.aspect}  {d.verdict}  {_shown(d.identity)}"
                             f"  key: {_said(d.expected)}  built: {_said(d.produced)}")
    return "".join(line + "\n" for line in lines)


def _shown(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(repr(v) for v in values) + ")"


def _said(value: tuple[str, ...] | None) -> str:
    """A row's value as the details show it: ``-`` for no row, ``present`` for a row without a value."""
    if value is None:
        return "-"
    return ", ".join(repr(v) for v in value) if value else "present"
