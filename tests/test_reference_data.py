"""The data layer: every file of builder/data read by one loader, loaded once into one References."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from builder.errors import PoaKgError, ReferenceDataError
from builder.reference_data import References, load_references
from builder.reference_data.labels import load_capacities, load_resolution_rules
from builder.reference_data.meetings import load_meeting_labels
from builder.reference_data.people import load_people
from builder.reference_data.posts import load_conference_bodies, load_posts
from builder.reference_data.tables import read_table, split_cell
from builder.reference_data.votes import load_vote_positions

DATA = Path(__file__).resolve().parent.parent / "builder" / "data"

# each file under builder/data and the loader that reads it
LOADERS = {
    "bodies.csv": "builder.reference_data.bodies.load_bodies",
    "capacities.csv": "builder.reference_data.labels.load_capacities",
    "conference_bodies.csv": "builder.reference_data.posts.load_conference_bodies",
    "instruments.csv": "builder.reference_data.instruments.load_instruments",
    "meeting_kinds.csv": "builder.reference_data.meetings.load_meeting_labels",
    "meetings.csv": "builder.reference_data.meetings.load_calendar",
    "organizations.csv": "builder.reference_data.organizations.load_organizations",
    "people.csv": "builder.reference_data.people.load_people",
    "posts.csv": "builder.reference_data.posts.load_posts",
    "resolution_rules.csv": "builder.reference_data.labels.load_resolution_rules",
    "states.csv": "builder.reference_data.states.load_states",
    "vote_positions.csv": "builder.reference_data.votes.load_vote_positions",
    "concepts": "builder.reference_data.concepts.load_concept_graph",
    "layout": "builder.reference_data.layout.load_layout",
}


@pytest.fixture(scope="module")
def references() -> References:
    return load_references()


def test_every_data_file_has_its_loader() -> None:
    assert sorted(p.name for p in DATA.iterdir()) == sorted(LOADERS)


def test_every_table_row_has_a_source() -> None:
    for name in LOADERS:
        if name.endswith(".csv"):
            rows = read_table(name, ())
            assert rows and all(r["source"].strip() for r in rows), name


def test_read_table_refuses_a_missing_column_or_source(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("key,label_en\na,A\n", encoding="utf-8")
    # an error of the project's family: the command line reports it in one line, exit 2, no traceback
    with pytest.raises(ReferenceDataError, match=f"^{table}: missing column"):
        read_table("t.csv", ("key",), table)
    table.write_text("key,source\na,somewhere\nb,\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="row 3 has no source"):
        read_table("t.csv", ("key",), table)
    assert issubclass(ReferenceDataError, PoaKgError)
    assert split_cell(" a | |b ") == ("a", "b")


def test_references_hold_every_file_once(references: References) -> None:
    assert len(references.states) == 195
    assert references.organizations["interpol"].name_en == "International Criminal Police Organization (INTERPOL)"
    assert references.bodies.get("INTERPOL") is not None
    assert references.instruments["PoA"].type == "instrument"
    assert dict(references.calendar.years("review-conference")) == {1: 2006, 2: 2012, 3: 2018, 4: 2024}
    assert {s.key for s in (references.concepts.action, references.concepts.kind)} == {"action", "kind"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        references.states = references.states  # type: ignore[misc]


def test_posts_and_conference_bodies() -> None:
    posts = load_posts()
    assert list(posts) == ["president", "vice-president", "rapporteur", "secretary-general-of-the-conference",
                           "high-representative-for-disarmament-affairs", "chef-de-cabinet"]
    assert posts["president"].headers == ("الرئيس", "الرئيسة")
    assert posts["president"].phrases[0] == "لرئاسة المؤتمر"
    assert posts["chef-de-cabinet"].organization == "executive-office-of-the-secretary-general"
    assert {p.scope for p in posts.values()} == {"conference", "un"}
    bodies = load_conference_bodies()
    assert bodies.bureau.key == "bureau" and bodies.bureau.forms == ("مكتب المؤتمر", "أعضاء المكتب")
    assert [b.key for b in bodies if b.kind == "committee"] == [
        "credentials-committee", "drafting-committee", "general-committee"]


def test_people_name_posts_of_the_posts_table(tmp_path: Path) -> None:
    posts = load_posts()
    people = load_people(posts)
    assert people["jean-claude-brugger"].post == "president"
    bad = tmp_path / "people.csv"
    bad.write_text("key,name_en,name_ar,variants_ar,state_iso3,post,source\nx,X,س,,,chair,test\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown post 'chair'"):
        load_people(posts, bad)


def test_labels_of_the_small_vocabularies() -> None:
    assert [(c.key, c.label_en) for c in load_capacities()] == [
        ("state", "State"), ("observer", "observer"), ("igo", "intergovernmental organization"),
        ("ngo", "non-governmental organization"), ("official", "United Nations official")]
    rules = {r.key: r for r in load_resolution_rules()}
    assert rules["list-exclusion"].label_en == "approximate match excluding names taken in the list"
    assert rules["post-phrase"].definition_en == "A post recognised by one of the phrases that name it."
    assert len(rules) == 11
    labels = load_meeting_labels()
    assert labels["plenary"].format(n=3) == "plenary meeting 3"
    assert labels["biennial-meeting"] == "biennial meeting of States"


def test_vote_positions_and_their_headers() -> None:
    positions = load_vote_positions()
    assert [(p.key, p.label_en) for p in positions.values()] == [
        ("yes", "votes in favour"), ("no", "votes against"), ("abstain", "abstentions")]
    assert positions["yes"].headers == ("المؤيدون", "المؤيدين")
    assert positions["abstain"].headers[0] == "الممتنعون عن التصويت"
