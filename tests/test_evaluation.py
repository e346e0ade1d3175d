"""The evaluation of the builder against answer keys: every key found beside a report, its scoring, ``poa-kg eval``.

Every ``*.key.toml`` beside a report in corpus/ and tests/fixtures/family/ is scored, aspect by
aspect, and must be 100 % (nothing wrong, nothing missing).
The bundled report is scored on the session's build (``built``); the small fixtures are built here.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from builder.evaluation import (
    ASPECTS,
    AnswerKey,
    AnswerKeyError,
    ReportScore,
    Row,
    evaluate_build,
    evaluate_reports,
    key_path_for,
    load_key,
    load_key_for,
    score_aspect,
    score_table,
)
from builder.evaluation.produced import produced_rows
from builder.pipeline import BuildResult, BuildSettings, build
from tests.conftest import FIXTURES, REPORT, ROOT, cli

FAMILY = FIXTURES / "family"
CHAIR = FAMILY / "chair-summary.ar.txt"


def keyed_reports() -> list[Path]:
    """Every report of corpus/ and tests/fixtures/family/ with an answer key beside it."""
    return sorted(p for folder in (ROOT / "corpus", FAMILY) for p in folder.glob("*.ar.txt")
                  if key_path_for(p).is_file())


#: where a key and the build disagree today: (report, aspect) -> what the text says against the build


def cases() -> list[object]:
    out: list[object] = []
    for report in keyed_reports():
        for aspect in ASPECTS:
            out.append(pytest.param(report, aspect, id=f"{report.name.removesuffix('.ar.txt')}-{aspect}"))
    return out


@pytest.fixture(scope="module")
def scores(built: BuildResult) -> dict[Path, ReportScore]:
    """The score of every keyed report, the bundled one on the session's build, each other built once."""
    out = {}
    for report in keyed_reports():
        key = load_key_for(report)
        result = built if report == REPORT else build([report], BuildSettings(symbol=key.symbol))
        out[report] = evaluate_build(report, result, key)
    return out


def test_the_keys_found() -> None:
    names = [p.name for p in keyed_reports()]
    assert {"A-CONF.192-2018-RC-3.ar.txt", "chair-summary.ar.txt", "lettered-sections.ar.txt",
            "running-numbering.ar.txt"} <= set(names)


@pytest.mark.parametrize(("report", "aspect"), cases())
def test_every_key_is_met(scores: dict[Path, ReportScore], report: Path, aspect: str) -> None:
    score = scores[report].aspect(aspect)
    assert (score.wrong, score.missing) == (0, 0), score.discrepancies[:5]


def test_the_bundled_report_scores(scores: dict[Path, ReportScore]) -> None:
    score = scores[REPORT]
    assert [(a.aspect, a.right, a.wrong, a.missing) for a in score.aspects] == [
        ("paragraphs", 194, 0, 0), ("ballots", 374, 0, 0), ("speakers", 115, 0, 0), ("bureau", 12, 0, 0),
        ("citations", 228, 0, 0)]
    assert [d for a in score.aspects for d in a.discrepancies] == []


# --------------------------------------------------------------------------- scoring


@pytest.fixture(scope="module")
def bundled_rows(built: BuildResult) -> dict[str, tuple[Row, ...]]:
    return produced_rows(built)


@pytest.fixture(scope="module")
def bundled_key() -> AnswerKey:
    return load_key_for(REPORT)


def changed(key: AnswerKey, aspect: str, rows: list[Row]) -> AnswerKey:
    return dataclasses.replace(key, rows={**key.rows, aspect: tuple(rows)})


def test_one_changed_vote_position_is_one_wrong_ballot(bundled_key: AnswerKey,
                                                       bundled_rows: dict[str, tuple[Row, ...]]) -> None:
    rows = list(bundled_key.rows["ballots"])
    i = rows.index(Row(("I.16", "ISR"), ("no",)))
    rows[i] = Row(("I.16", "ISR"), ("abstain",))
    score = score_aspect("ballots", changed(bundled_key, "ballots", rows).rows["ballots"], bundled_rows["ballots"])
    assert (score.right, score.wrong, score.missing) == (373, 1, 0)
    [wrong] = score.discrepancies
    assert (wrong.identity, wrong.expected, wrong.produced, wrong.verdict) == (
        ("I.16", "ISR"), ("abstain",), ("no",), "wrong")


def test_a_row_left_out_of_the_key_is_one_spurious_row(bundled_key: AnswerKey,
                                                        bundled_rows: dict[str, tuple[Row, ...]]) -> None:
    rows = [r for r in bundled_key.rows["speakers"] if r.identity != ("DJI", "plenary 1-4")]
    score = score_aspect("speakers", rows, bundled_rows["speakers"])
    assert (score.right, score.wrong, score.missing) == (114, 1, 0)
    [spurious] = score.discrepancies
    assert (spurious.identity, spurious.expected, spurious.produced) == (("DJI", "plenary 1-4"), None, ("state", ""))


def test_a_row_added_to_the_key_is_one_missing_row(bundled_key: AnswerKey,
                                                   bundled_rows: dict[str, tuple[Row, ...]]) -> None:
    rows = [*bundled_key.rows["bureau"], Row(("Rapporteur", "BRA"), ("", "BRA"))]
    score = score_aspect("bureau", rows, bundled_rows["bureau"])
    assert (score.right, score.wrong, score.missing) == (12, 0, 1)
    [missing] = score.discrepancies
    assert (missing.identity, missing.expected, missing.produced, missing.verdict) == (
        ("Rapporteur", "BRA"), ("", "BRA"), None, "missing")


def test_rows_sharing_an_identity_are_matched_value_for_value() -> None:
    # a speaker for two groups at the same meetings: two rows of one identity, in either order
    key = [Row(("DZA", "plenary 1"), ("state", "A")), Row(("DZA", "plenary 1"), ("state", "B"))]
    assert score_aspect("speakers", key, list(reversed(key))).right == 2
    built = [Row(("DZA", "plenary 1"), ("state", "B")), Row(("DZA", "plenary 1"), ("state", "C")),
             Row(("DZA", "plenary 1"), ("state", "D"))]
    score = score_aspect("speakers", key, built)
    assert (score.right, score.wrong, score.missing) == (1, 2, 0)
    assert [(d.expected, d.produced) for d in score.discrepancies] == [
        (("state", "A"), ("state", "C")), (None, ("state", "D"))]


def test_the_paragraphs_of_each_part_are_compared_by_position() -> None:
    result = build([CHAIR], BuildSettings())
    rows = produced_rows(result)["paragraphs"]
    assert [(r.identity, r.value) for r in rows] == [
        (("report", "1"), ("1",)), (("report", "2"), ("2",)),
        (("annex", "1"), ("1",)), (("annex", "2"), ("2",)), (("annex", "3"), ("3",)), (("annex", "4"), ("4",))]


# --------------------------------------------------------------------------- keys


def write_key(tmp_path: Path, text: str, report: Path = CHAIR) -> Path:
    """A copy of ``report`` in ``tmp_path`` with the key ``text`` beside it; the copy's path."""
    copy = tmp_path / report.name
    shutil.copy(report, copy)
    key_path_for(copy).write_text(text, encoding="utf-8")
    return copy


CHAIR_KEY = '[paragraphs]\nreport = ["1", "2"]\nannex = ["1", "2", "3", "4"]\n'


def test_a_key_is_read_into_rows(tmp_path: Path) -> None:
    report = write_key(tmp_path, 'report = "chair-summary.ar.txt"\nsymbol = "A/CONF.192/2029/PC/5"\n' + CHAIR_KEY +
                       '[[ballots]]\nvote = "outcome"\nyes = ["FRA"]\nno = ["USA"]\n'
                       '[[speakers]]\nspeaker = "IDN"\nkind = "state"\n'
                       '[[bureau]]\nrole = "President"\nperson = "A. Person"\n'
                       '[[citations]]\nref = "A.1"\ntarget = "PoA"\n')
    key = load_key_for(report)
    assert (key.path, key.report, key.symbol) == (tmp_path / "chair-summary.key.toml", report.name,
                                                  "A/CONF.192/2029/PC/5")
    assert key.rows["ballots"] == (Row(("whole", "FRA"), ("yes",)), Row(("whole", "USA"), ("no",)))
    assert key.rows["speakers"] == (Row(("IDN", ""), ("state", "")),)
    assert key.rows["bureau"] == (Row(("President", "A. Person"), ("A. Person", "")),)
    assert key.rows["citations"] == (Row(("A.1", "PoA"), ()),)
    assert len(key.rows["paragraphs"]) == 6


@pytest.mark.parametrize(("text", "message"), [
    ('[paragraphs]\nreport = ["1"]\nannex = \n', ":3: not a TOML file: Invalid value"),
    ('[paragraphs]\nreport = ["1"\n', ": not a TOML file: Unclosed array (at end of document)"),
    ('[[ballots]]\nyes = ["FRA"]\n', ": ballots[1]: 'vote' is missing"),
    ('[[ballots]]\nvote = "whole"\nyes = "FRA"\n', ": ballots[1]: 'yes' must be an array of strings"),
    ('[[speakers]]\nspeaker = "IDN"\nkind = "state"\ngroup = "x"\n',
     ": speakers[1]: unknown entry 'group' (expected: speaker, kind, on_behalf_of, meeting)"),
    ('[paragraphs]\nbody = []\n', ": paragraphs: unknown entry 'body' (expected: report, annex)"),
    ('[ballots]\nvote = "whole"\n', ": ballots: expected an array of tables ([[ballots]])"),
    ('votes = []\n', ": unknown entry 'votes' (a key has: report, symbol, paragraphs, ballots, speakers, bureau,"
                     " citations)"),
    ('symbol = "A B"\n', ": symbol: document symbol 'A B': expected parts"),
    ('report = "other.ar.txt"\n', ": the key is for 'other.ar.txt', not 'chair-summary.ar.txt'"),
    ('[[citations]]\nref = 1\ntarget = "PoA"\n', ": citations[1]: 'ref' must be a string, not int"),
])
def test_a_malformed_key_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    report = write_key(tmp_path, text)
    with pytest.raises(AnswerKeyError) as caught:
        load_key_for(report)
    line = str(caught.value)
    assert line.startswith(str(tmp_path / "chair-summary.key.toml") + message) and "\n" not in line


def test_a_report_without_a_key(tmp_path: Path) -> None:
    copy = tmp_path / CHAIR.name
    shutil.copy(CHAIR, copy)
    with pytest.raises(AnswerKeyError, match="no answer key beside it"):
        evaluate_reports([copy])
    assert key_path_for(Path("a/b.ar.txt")) == Path("a/b.key.toml")
    assert key_path_for(Path("a/b.txt")) == Path("a/b.key.toml")
    assert load_key(key_path_for(CHAIR)).rows["citations"] == ()


# --------------------------------------------------------------------------- the command line


def test_eval_prints_the_table_and_exits_0_when_all_is_right(tmp_path: Path) -> None:
    report = write_key(tmp_path, CHAIR_KEY)
    run = cli("eval", str(report))
    assert run.returncode == 0, run.stderr
    name = str(report)
    assert run.stdout.splitlines() == [
        "report".ljust(len(name)) + "  aspect      right  wrong  missing",
        "-" * len(name) + "  ----------  -----  -----  -------",
        *[f"{name}  {aspect.ljust(10)}  {right:>5}      0        0"
          for aspect, right in (("paragraphs", 6), ("ballots", 0), ("speakers", 0), ("bureau", 0), ("citations", 0))],
    ]
    assert run.stderr == ""


def test_eval_exits_1_and_details_the_wrong_and_missing_rows(tmp_path: Path) -> None:
    report = write_key(tmp_path, '[paragraphs]\nreport = ["1", "2"]\nannex = ["1", "2", "4", "3"]\n'
                                 '[[citations]]\nref = "2"\ntarget = "PoA"\n')
    run = cli("eval", str(report), "--details")
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert f"{report}  paragraphs      4      2        0" in lines
    assert f"{report}  citations       0      0        1" in lines
    assert lines[-3:] == [
        f"{report}  paragraphs  wrong  ('annex', '3')  key: '4'  built: '3'",
        f"{report}  paragraphs  wrong  ('annex', '4')  key: '3'  built: '4'",
        f"{report}  citations  missing  ('2', 'PoA')  key: present  built: -",
    ]
    plain = cli("eval", str(report))
    assert plain.returncode == 1 and plain.stdout.splitlines() == lines[:7]


def test_eval_exits_2_on_a_report_without_a_key_or_a_bad_key(tmp_path: Path) -> None:
    lone = tmp_path / "lone" / CHAIR.name
    lone.parent.mkdir()
    shutil.copy(CHAIR, lone)
    run = cli("eval", str(lone))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"poa-kg: error: {lone}: no answer key beside it"
                          f" (expected {lone.parent / 'chair-summary.key.toml'})\n")
    bad = write_key(tmp_path, '[paragraphs]\nreport = ["1", "2"]\nannex = \n')
    run = cli("eval", str(bad))
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"poa-kg: error: {tmp_path / 'chair-summary.key.toml'}:3: not a TOML file: ")
    assert run.stderr.count("\n") == 1
    # every key is read before any report is built: a bad key after a good report stops the run at once
    run = cli("eval", str(CHAIR), str(lone))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.startswith(f"poa-kg: error: {lone}: no answer key") and run.stderr.count("\n") == 1
    run = cli("eval", str(tmp_path / "absent.ar.txt"))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"poa-kg: error: {tmp_path / 'absent.ar.txt'}: cannot read: No such file or directory\n"
    run = cli("eval")
    assert run.returncode == 2 and "Missing argument" in run.stderr


def test_the_table_of_several_reports() -> None:
    score = ReportScore(Path("x.ar.txt"), Path("x.key.toml"),
                        tuple(score_aspect(a, [], []) for a in ASPECTS))
    assert score.perfect
    assert score_table([score]).splitlines()[2] == "x.ar.txt  paragraphs      0      0        0"
