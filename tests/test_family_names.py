"""A report of the family that names States, groups and documents in other wordings, scored against its key.

``tests/fixtures/family/expert-meeting.ar.txt`` is a fictional report of a meeting of governmental
experts: long official forms of State names (``المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية`` with
its conjunction, ``جمهورية كوريا الشعبية الديمقراطية`` ...), the two observer States as participants and
speakers, one State speaking for a group (``أدلى ممثل جامايكا، باسم مجموعة ...، ببيان``), a draft outcome
document named by its description beside its symbol and alone, and a one-letter slip into another
State's name in a vote list. Its answer key, ``expert-meeting.key.toml``, was written from the text;
each aspect of the build must match it exactly.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from builder.extract.participation import extract_participation
from builder.pipeline import BuildResult, BuildSettings, build
from builder.query import load_query, run_on_graph
from builder.reference_data import load_references
from builder.resolve.participation import resolve_participation
from builder.segment import segment_file
from tests.conftest import FIXTURES

REPORT = FIXTURES / "family" / "expert-meeting.ar.txt"
KEY: dict[str, Any] = tomllib.loads((FIXTURES / "family" / "expert-meeting.key.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built() -> BuildResult:
    return build([REPORT], BuildSettings())


def rows(result: BuildResult, name: str) -> list[tuple[str, ...]]:
    return list(run_on_graph(load_query(name), result.data_view(), {}).rows)


def test_paragraphs_as_the_key_gives_them(built: BuildResult) -> None:
    refs = [r[0] for r in rows(built, "paragraphs")]
    assert refs == KEY["paragraphs"]["report"] + KEY["paragraphs"]["annex"]


def test_speakers_long_forms_observers_and_groups(built: BuildResult) -> None:
    expected = [(s["speaker"], s["kind"], s["on_behalf_of"], s["meeting"]) for s in KEY["speakers"]]
    assert rows(built, "speakers") == expected
    assert list(built.report.unresolved) == []


def test_bureau(built: BuildResult) -> None:
    assert rows(built, "bureau") == [(b["role"], b["person"], b["state"]) for b in KEY["bureau"]]


def test_ballots_a_slip_into_another_name_read_by_the_list_order(built: BuildResult) -> None:
    [ballot] = KEY["ballots"]
    expected = [(ballot["vote"], iso3, position) for position in ("yes", "no", "abstain") for iso3 in ballot[position]]
    assert rows(built, "votes") == expected
    slip = [f for f in built.report.flagged if f["surface"] == "غانا" and "alphabetical order" in f["reason"]]
    assert len(slip) == 1
    assert "one letter from غانا (GHA)" in slip[0]["reason"] and "غيانا (GUY) does" in slip[0]["reason"]
    assert slip[0]["candidates"] == "GUY 88.9; GHA 100"
    # Ghana, named rightly fourth, is no longer a doubtful twin; the President is a person no list has
    assert [(f["where"].split()[-2], f["surface"]) for f in built.report.flagged] == [
        ("para_8__item_2", "غانا"), ("para_3__item_2", "كارمن إيسابيل روخاس")]


def test_citations_of_the_described_document(built: BuildResult) -> None:
    got = {(ref, target) for ref, target, _type in rows(built, "citations")}
    assert got == {(c["ref"], c["target"]) for c in KEY["citations"]}


def test_participants_and_observer_states() -> None:
    """The list of participants is split into whole long names; the observers take part as observer States."""
    references = load_references()
    doc = segment_file(REPORT)
    participation, issues = resolve_participation(extract_participation(doc, references), references)
    [key] = KEY["participants"]
    assert [p.participant.key for p in participation.participants if p.capacity == "state"] == key["states"]
    assert [p.participant.key for p in participation.participants if p.capacity == "observer"] == key["observers"]
    assert all(p.participant.rule == "exact" and not p.participant.flagged for p in participation.participants)
    assert "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية" in [p.participant.surface
                                                                for p in participation.participants]
    assert {references.states[k].status for k in key["observers"]} == {"observer"}
    assert issues.unresolved == ()
