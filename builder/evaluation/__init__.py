"""Evaluation of the builder against answer keys: each report built, queried and scored, aspect by aspect.

For every report its answer key (``<stem>.key.toml`` beside ``<stem>.ar.txt``,
:mod:`builder.evaluation.keys`) is loaded first, so that a missing or malformed
key stops the run before anything is built. Then the report is built in this
process through :func:`builder.pipeline.build` (with the key's symbol when it
gives one), the competency queries are asked of the built graph
(:mod:`builder.evaluation.produced`), and the rows are scored against the key's
(:mod:`builder.evaluation.scoring`). Scores are returned as values; nothing is
printed or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from builder.evaluation.keys import ASPECTS, AnswerKey, AnswerKeyError, Row, key_path_for, load_key, load_key_for
from builder.evaluation.produced import produced_rows
from builder.evaluation.scoring import (
    AspectScore,
    Discrepancy,
    ReportScore,
    discrepancy_lines,
    score_aspect,
    score_report,
    score_table,
)
from builder.pipeline import BuildSettings, build
from builder.result import BuildResult
from builder.source import check_report_file

__all__ = ["ASPECTS", "AnswerKey", "AnswerKeyError", "AspectScore", "Discrepancy", "ReportScore", "Row",
           "discrepancy_lines", "evaluate_build", "evaluate_reports", "key_path_for", "load_key", "load_key_for",
           "score_aspect", "score_table"]


def evaluate_build(report: Path, result: BuildResult, key: AnswerKey) -> ReportScore:
    """Score the build of one report (``result``) against its key."""
    return score_report(report, key.path, key.rows, produced_rows(result))


def evaluate_reports(reports: Sequence[Path]) -> list[ReportScore]:
    """Build each report on its own and score it against the key beside it.

    Every report file is checked and every key read before the first build, so that a bad last argument
    stops the run at once.
    """
    for report in reports:
        check_report_file(report)
    keys = [load_key_for(report) for report in reports]
    return [evaluate_build(report, build([report], BuildSettings(symbol=key.symbol)), key)
            for report, key in zip(reports, keys, strict=True)]
