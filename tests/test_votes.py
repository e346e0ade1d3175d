"""Recorded votes: extraction, ballots and their resolution, the graph, the queries and the SHACL tallies."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from builder.extract.plenaries import MeetingTracker, iso_day, meeting_mentions, number_or_ordinal
from builder.extract.votes import count_at, extract_votes, match_header
from builder.extract.votes.facts import Position, VoteFact
from builder.iri import OA, POA
from builder.model import Document
from builder.outputs.read import open_store
from builder.pipeline import BuildResult
from builder.query import load_query, run_on_graph, run_on_store
from builder.reference_data import References, load_references
from builder.reference_data.states import StateGazetteer
from builder.resolve.votes import resolve_vote_lists, resolve_votes, vote_counts
from builder.segment import segment_file
from tests.conftest import OTHER, REPORT, cli, copy_report

BASE = "https://w3id.org/poa-kg/"
VOTE = BASE + "id/vote/A-CONF.192-2018-RC-3/"
EXPR = BASE + "akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06/!main"


@pytest.fixture(scope="module")
def references() -> References:
    return load_references()


@pytest.fixture(scope="module")
def states(references: References) -> StateGazetteer:
    return references.states


@pytest.fixture(scope="module")
def votes(document: Document, references: References) -> dict[str, VoteFact]:
    resolved, _issues = resolve_votes(document.metadata.symbol, extract_votes(document, references), references.states)
    return {v.ref: v for v in resolved}


def iso(v: VoteFact, p: Position) -> list[str]:
    return [b.state or "?" for b in v.ballots if b.position is p]


def csv_rows(out: Path, name: str) -> list[list[str]]:
    proc = cli("query", name, "--data", str(out), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    return list(csv.reader(io.StringIO(proc.stdout)))


# --------------------------------------------------------------------------- small rules


@pytest.mark.parametrize(("text", "position", "start"), [
    ("المؤيدون:", Position.YES, 9),
    ("المعارضون:", Position.NO, 10),
    ("المتنعون عن التصويت:", Position.ABSTAIN, 20),  # the report's own misspelling
    ("الممتنعون عن التصويت:", Position.ABSTAIN, 21),
    ("المؤيدين:", Position.YES, 9),
    ("الممتنعن عن التصويت", Position.ABSTAIN, 19),
    ("المعارضون: إسرائيل", Position.NO, 10),
])
def test_list_headers_are_matched_tolerantly(text: str, position: Position, start: int,
                                             references: References) -> None:
    assert match_header(text, references.vote_positions) == (position, start)


@pytest.mark.parametrize("text", ["لا أحد.", "إسرائيل والولايات المتحدة الأمريكية.", "الرئيس", "افتتاح المؤتمر.",
                                  "إثيوبيا، والأرجنتين، وإسبانيا، وأستراليا"])
def test_other_items_are_not_headers(text: str, references: References) -> None:
    assert match_header(text, references.vote_positions) is None


@pytest.mark.parametrize(("text", "value"), [
    (" ٦٣ صوتا", 63), (" 98 صوتا", 98), (" ۹۸ صوتا", 98), (" صوتين", 2), (" صوت واحد", 1), (" صوتا واحدا", 1),
    (" لا شيء", 0), (" لا احد", 0), (" عضوين", 2), (" ٢٨ عضوا", 28), (" ثلاثة اصوات", 3),
])
def test_vote_counts_in_words_and_both_digit_systems(text: str, value: int) -> None:
    found = count_at(text, 0)
    assert found is not None and found[0] == value


def test_meeting_numbers_ordinals_and_dates() -> None:
    assert number_or_ordinal("١٨") == 18
    assert number_or_ordinal("الأولى") == 1
    assert number_or_ordinal("السابعة عشرة") == 17
    assert iso_day((29, 6, None), "2018-07-06") == "2018-06-29"
    assert iso_day((20, 12, None), "2019-01-10") == "2018-12-20"  # a day after the report's date: the year before
    assert iso_day((29, 6, 2017), "2018-07-06") == "2017-06-29"
    [one] = meeting_mentions("وقرر المؤتمر في جلسته ١٨، المعقودة في ٢٩ حزيران/يونيه، الإبقاء")
    assert (one.kind, one.numbers, one.days) == ("one", (18,), ((29, 6, None),))
    [rng] = meeting_mentions("عقد المؤتمر في الجلسات من الأولى إلى الرابعة، المعقودة يومي ١٨ و ١٩ حزيران/يونيه")
    assert (rng.kind, rng.numbers, rng.days) == ("range", (1, 2, 3, 4), ((18, 6, None), (19, 6, None)))
    tracker = MeetingTracker("2018-07-06")
    tracker.read_text("وفي الجلسة ١٨ المعقودة في ٢٩ حزيران/يونيه، اعتمد")
    [(_, numbers, days)] = tracker.read_text("وفي الجلسة نفسها، قرر المؤتمر")
    assert (numbers, days) == ((18,), ("2018-06-29",))


def test_each_list_keeps_its_alphabetical_order_within_the_whole_vote(states: StateGazetteer) -> None:
    # "باتان" sits between بنن and بوتسوانا in an alphabetical list: Bhutan, though Pakistan is nearer in spelling.
    # The no list sorts before the yes list, so the two together are out of order.
    yes = ["بليز", "بنما", "بنن", "باتان", "بوتسوانا", "بوروندي"]
    no = ["أندورا"]
    [y, n, a] = resolve_vote_lists([yes, no, []], states)
    assert [r.iso3 for r in y] == ["BLZ", "PAN", "BEN", "BTN", "BWA", "BDI"]
    assert y[3].flagged and "whole vote: PAK at 83.3" in y[3].note
    assert [r.iso3 for r in n] == ["AND"] and a == []
    # a State named exactly in another list of the vote is never taken again
    [y2, n2, _] = resolve_vote_lists([["باتان"], ["بوتان"], []], states)
    assert n2[0].iso3 == "BTN" and y2[0].iso3 != "BTN"


# --------------------------------------------------------------------------- the four votes of the report


def test_four_recorded_votes_what_when_and_declared_totals(votes: dict[str, VoteFact]) -> None:
    assert list(votes) == ["I.16", "II.18", "I.13", "outcome"]
    assert [(v.key, v.paragraph_eid, v.target_eid) for v in votes.values()] == [
        ("I-16", "para_15", "section_I__para_16"),
        ("II-18", "para_17", "section_II__para_18"),
        ("I-13", "para_18", "section_I__para_13"),
        ("outcome", "para_19", None),
    ]
    assert all(v.meeting == 18 and v.date == "2018-06-29" for v in votes.values())
    declared = {ref: tuple(v.declared[p] for p in Position) for ref, v in votes.items()}
    assert declared == {"I.16": (63, 2, 28), "II.18": (62, 2, 29), "I.13": (65, 0, 25), "outcome": (98, 0, None)}
    assert votes["outcome"].warnings == (
        "A/CONF.192/2018/RC/3 paragraph 19: vote outcome: the report declares no number of abstentions",)


def test_ballot_lists_sizes_no_lists_and_samples(votes: dict[str, VoteFact]) -> None:
    sizes = {ref: tuple(len(iso(v, p)) for p in Position) for ref, v in votes.items()}
    assert sizes == {"I.16": (63, 2, 28), "II.18": (62, 2, 29), "I.13": (65, 0, 25), "outcome": (98, 0, 0)}
    assert iso(votes["I.16"], Position.NO) == ["ISR", "USA"]
    assert iso(votes["II.18"], Position.NO) == ["ISR", "USA"]
    assert iso(votes["I.13"], Position.NO) == [] and iso(votes["outcome"], Position.NO) == []
    i16 = votes["I.16"]
    assert iso(i16, Position.YES)[:8] == ["ETH", "ARG", "ESP", "AUS", "EST", "ECU", "ATG", "IDN"]
    assert iso(i16, Position.YES)[-3:] == ["NLD", "JPN", "GRC"]
    assert iso(i16, Position.ABSTAIN)[:5] == ["RUS", "JOR", "DEU", "ARE", "IRN"]
    assert iso(i16, Position.ABSTAIN)[-3:] == ["NIC", "IND", "YEM"]
    # II.18: Finland, Malta and New Zealand vote yes; Singapore and Myanmar abstain
    assert {"FIN", "MLT", "NZL"} <= set(iso(votes["II.18"], Position.YES))
    assert {"SGP", "MMR"} <= set(iso(votes["II.18"], Position.ABSTAIN))
    assert "MMR" not in iso(votes["II.18"], Position.YES)
    # I.13: Israel and Germany vote yes; the United States and Djibouti abstain
    assert {"ISR", "DEU", "SRB"} <= set(iso(votes["I.13"], Position.YES))
    assert {"USA", "DJI"} <= set(iso(votes["I.13"], Position.ABSTAIN))
    for v in votes.values():
        voters = [b.state for b in v.ballots]
        assert None not in voters and len(set(voters)) == len(voters)


def test_the_garbles_are_resolved_with_their_rule_and_score(votes: dict[str, VoteFact]) -> None:
    def ballot(ref: str, surface: str) -> tuple[str | None, str, float, bool]:
        [b] = [b for b in votes[ref].ballots if b.surface == surface]
        return b.state, b.rule, b.score, b.flagged

    assert ballot("outcome", "باراغواي الجديدة") == ("PNG", "fuzzy", 74.3, True)
    assert ballot("outcome", "بنغاليا") == ("HUN", "list-exclusion", 71.4, True)
    assert ballot("outcome", "هاتي") == ("HTI", "fuzzy", 88.9, False)
    assert ballot("I.13", "هاتي") == ("HTI", "fuzzy", 88.9, False)
    assert ballot("I.16", "فتزويلا (جمهورية - البوليفارية)") == ("VEN", "fuzzy", 96.6, False)
    outcome = [b.state for b in votes["outcome"].ballots]
    assert len(outcome) == len(set(outcome)) == 98
    assert "PRY" not in outcome and "MNG" not in outcome


def test_every_other_name_resolves_exactly(votes: dict[str, VoteFact]) -> None:
    loose = sorted({(b.surface, b.rule) for v in votes.values() for b in v.ballots
                    if b.rule not in ("exact", "exact-normalized")})
    assert loose == [("باراغواي الجديدة", "fuzzy"), ("بنغاليا", "list-exclusion"),
                     ("فتزويلا (جمهورية - البوليفارية)", "fuzzy"), ("هاتي", "fuzzy")]


def test_ballot_spans_are_the_source_text(votes: dict[str, VoteFact]) -> None:
    source = REPORT.read_text(encoding="utf-8")
    for v in votes.values():
        for b in v.ballots:
            assert source[b.span.start:b.span.end] == b.surface


def test_extracted_votes_hold_the_names_of_their_lists_not_states(document: Document,
                                                                  references: References) -> None:
    recorded = {v.ref: v for v in extract_votes(document, references)}
    assert list(recorded) == ["I.16", "II.18", "I.13", "outcome"]
    i16 = recorded["I.16"]
    assert not hasattr(i16, "ballots")
    assert len(i16.names) == 63 + 2 + 28 and [n.order for n in i16.names] == list(range(1, 94))
    assert [n.name.text for n in i16.names if n.position is Position.NO] == ["إسرائيل", "الولايات المتحدة الأمريكية"]
    [first] = i16.names[:1]
    assert (first.position, first.name.unit_eid, first.name.text, first.name.surface) == (
        Position.YES, "para_15__item_2", "إثيوبيا", "إثيوبيا")
    source = REPORT.read_text(encoding="utf-8")
    assert all(source[n.name.span.start:n.name.span.end] == n.name.surface for n in i16.names)
    assert recorded["outcome"].warnings == (
        "A/CONF.192/2018/RC/3 paragraph 19: vote outcome: the report declares no number of abstentions",)


def test_resolve_votes_turns_the_lists_into_ballots_and_issues(document: Document, references: References) -> None:
    symbol = document.metadata.symbol
    recorded = extract_votes(document, references)
    resolved, issues = resolve_votes(symbol, recorded, references.states)
    for vote, fact in zip(recorded, resolved, strict=True):
        assert (fact.ref, fact.declared, fact.names) == (vote.ref, vote.declared, vote.names)
        assert [(b.position, b.unit_eid, b.span, b.surface, b.order) for b in fact.ballots] == [
            (n.position, n.name.unit_eid, n.name.span, n.name.surface, n.order) for n in vote.names]
    i16 = resolved[0]
    assert [(b.state, b.position, b.order) for b in i16.ballots[63:68]] == [
        ("ISR", Position.NO, 64), ("USA", Position.NO, 65), ("RUS", Position.ABSTAIN, 66),
        ("JOR", Position.ABSTAIN, 67), ("DEU", Position.ABSTAIN, 68)]
    assert issues.warnings == (
        "A/CONF.192/2018/RC/3 paragraph 19: vote outcome: the report declares no number of abstentions",)
    assert issues.unresolved == ()
    assert [(f.surface, f.where, f.candidates) for f in issues.flagged] == [
        ("باراغواي الجديدة", "A/CONF.192/2018/RC/3 para_19__item_2 @11568-11584", "PNG 74.3; PRY 66.7"),
        ("بنغاليا", "A/CONF.192/2018/RC/3 para_19__item_2 @12433-12440", "HUN 71.4; HND 28.6")]
    assert issues.flagged[1].reason.startswith("vote outcome: list-exclusion: هنغاريا (HUN) at 71.4")
    assert vote_counts(symbol, resolved) == {"A/CONF.192/2018/RC/3: recorded votes": 4,
                                             "A/CONF.192/2018/RC/3: ballots": 374}


# --------------------------------------------------------------------------- the graph


def number(g: Graph, s: URIRef, p: URIRef) -> int:
    value = g.value(s, p)
    assert isinstance(value, Literal)
    return int(value.toPython())


def test_vote_and_ballot_nodes(built: BuildResult) -> None:
    g = built.data_graph()
    vote = URIRef(VOTE + "I-16")
    assert g.value(vote, POA.votesOn) == URIRef(EXPR + "/annex_1/section_I__para_16")
    assert g.value(URIRef(VOTE + "outcome"), POA.votesOn) == URIRef(EXPR + "/annex_1")
    assert g.value(vote, POA.duringMeeting) == URIRef(BASE + "id/meeting/A-CONF.192-2018-RC/plenary-18")
    assert g.value(vote, DCTERMS.date) == Literal("2018-06-29", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert (number(g, vote, POA.declaredYes), number(g, vote, POA.declaredNo),
            number(g, vote, POA.declaredAbstain)) == (63, 2, 28)
    outcome = URIRef(VOTE + "outcome")
    assert g.value(outcome, POA.declaredAbstain) is None
    assert str(g.value(outcome, SKOS.note)) == "The report does not declare the number of abstentions."
    ballot = URIRef(VOTE + "outcome/PNG")
    assert (outcome, POA.hasBallot, ballot) in g
    assert g.value(ballot, POA.voter) == URIRef(BASE + "id/state/PNG")
    assert g.value(ballot, POA.position) == POA.yes
    assert g.value(ballot, POA.surfaceForm) == Literal("باراغواي الجديدة", lang="ar")
    assert g.value(ballot, POA.decidedBy) == URIRef(BASE + "id/rule/fuzzy")
    assert g.value(ballot, POA.confidence).toPython() == Decimal("0.743")  # type: ignore[union-attr]
    assert str(g.value(ballot, RDFS.comment)).startswith("fuzzy: بابوا غينيا الجديدة (PNG) at 74.3")
    assert g.value(ballot, SKOS.editorialNote) is not None
    span = g.value(ballot, POA.sourceSpan)
    assert isinstance(span, URIRef)
    start, end = number(g, span, OA.start), number(g, span, OA.end)
    assert REPORT.read_text(encoding="utf-8")[start:end] == "باراغواي الجديدة"
    hun = URIRef(VOTE + "outcome/HUN")
    assert g.value(hun, POA.decidedBy) == URIRef(BASE + "id/rule/list-exclusion")
    assert g.value(URIRef(VOTE + "I-16/TUR"), SKOS.editorialNote) is None


def test_flagged_garbles_are_in_the_build_report(built: BuildResult) -> None:
    flagged = {f["surface"]: f for f in built.report.flagged if f["reason"].startswith("vote ")}
    assert sorted(flagged) == ["باراغواي الجديدة", "بنغاليا"]
    assert flagged["باراغواي الجديدة"]["candidates"] == "PNG 74.3; PRY 66.7"
    assert flagged["بنغاليا"]["where"].startswith("A/CONF.192/2018/RC/3 para_19__item_2 @")
    assert flagged["بنغاليا"]["reason"].startswith("vote outcome: list-exclusion: هنغاريا (HUN) at 71.4")
    assert not built.report.unresolved
    assert built.report.counts["A/CONF.192/2018/RC/3: ballots"] == 63 + 2 + 28 + 62 + 2 + 29 + 65 + 25 + 98


# --------------------------------------------------------------------------- queries


def test_votes_query(out_dir: Path) -> None:
    rows = csv_rows(out_dir, "votes")
    assert rows[0] == ["vote", "state", "position"]
    body = rows[1:]
    assert len(body) == 374
    assert body[:3] == [["I.16", "ETH", "yes"], ["I.16", "ARG", "yes"], ["I.16", "ESP", "yes"]]
    assert [r[1] for r in body if r[0] == "I.16" and r[2] == "no"] == ["ISR", "USA"]
    assert ["outcome", "PNG", "yes"] in body and ["outcome", "HUN", "yes"] in body
    assert body[-1] == ["outcome", "GRC", "yes"]
    assert {r[0] for r in body} == {"I.16", "II.18", "I.13", "outcome"}


def test_vote_tallies_query(out_dir: Path) -> None:
    assert csv_rows(out_dir, "vote-tallies") == [
        ["vote", "declared_yes", "declared_no", "declared_abstain", "counted_yes", "counted_no", "counted_abstain"],
        ["I.16", "63", "2", "28", "63", "2", "28"],
        ["II.18", "62", "2", "29", "62", "2", "29"],
        ["I.13", "65", "0", "25", "65", "0", "25"],
        ["outcome", "98", "0", "", "98", "0", "0"],
    ]


@pytest.mark.parametrize("name", ["votes", "vote-tallies", "speakers", "bureau", "committee-members"])
def test_same_rows_on_rdflib_and_pyoxigraph(out_dir: Path, out_nt: Graph, name: str) -> None:
    q = load_query(name)
    on_store = run_on_store(q, open_store(out_dir), {})
    g = out_nt  # graph.nt as rdflib reads it
    on_graph = run_on_graph(q, g, {})
    assert on_store.columns == on_graph.columns == q.columns
    assert on_store.rows == on_graph.rows
    assert len(on_store.rows) > 0


# --------------------------------------------------------------------------- SHACL on corrupted copies


def _para_line(text: str, para_start: str, item: str) -> str:
    """The line of ``item`` (a vote list) that follows the paragraph starting with ``para_start``."""
    after = text[text.index(para_start):]
    return next(ln for ln in after.split("\n") if ln.startswith(item))


@pytest.mark.slow  # builds and validates a report of its own
def test_a_dropped_name_fails_validation_naming_vote_and_numbers(tmp_path: Path) -> None:
    text = REPORT.read_text(encoding="utf-8")
    line = _para_line(text, "١٥ - وقرر المؤتمر في جلسته ١٨", "إثيوبيا، والأرجنتين")
    assert "، وتركيا،" in line
    path = copy_report(tmp_path, text.replace(line, line.replace("، وتركيا،", "،", 1), 1))
    out = tmp_path / "out"
    assert cli("build", str(path), "--out", str(out)).returncode == 0
    proc = cli("validate", "--data", str(out))
    assert proc.returncode == 1
    assert "- Vote I.16: 62 yes ballots counted, 63 declared." in proc.stdout
    assert "conforms: no (1 violation)" in proc.stdout


@pytest.mark.slow  # builds and validates a report of its own
def test_a_state_named_twice_fails_validation(tmp_path: Path) -> None:
    text = REPORT.read_text(encoding="utf-8")
    line = _para_line(text, "١٨ - وفي الجلسة ١٨ أيضا", "الاتحاد الروسي، والأردن")
    path = copy_report(tmp_path, text.replace(line, line.replace("والأردن،", "والأردن، والأرجنتين،", 1), 1))
    out = tmp_path / "out"
    assert cli("build", str(path), "--out", str(out)).returncode == 0
    proc = cli("validate", "--data", str(out))
    assert proc.returncode == 1
    assert "- Vote I.13: ARG has 2 ballots." in proc.stdout
    assert "- Vote I.13: 26 abstain ballots counted, 25 declared." in proc.stdout


# --------------------------------------------------------------------------- a report of our own making


def test_other_report_votes(references: References) -> None:
    doc = segment_file(OTHER)
    resolved, _issues = resolve_votes(doc.metadata.symbol, extract_votes(doc, references), references.states)
    votes = {v.ref: v for v in resolved}
    assert list(votes) == ["II.3", "outcome"]
    ii3, outcome = votes["II.3"], votes["outcome"]
    assert (ii3.target_eid, ii3.meeting, ii3.date) == ("section_II__para_3", 12, "2030-07-02")
    assert (outcome.meeting, outcome.date) == (12, "2030-07-02")  # "في الجلسة نفسها": the meeting and its date
    assert [ii3.declared[p] for p in Position] == [9, 1, 2]  # "٩ أصوات مقابل صوت واحد وامتناع عضوين"
    assert [outcome.declared[p] for p in Position] == [11, 0, 1]  # Western digits, "لا شيء", "عضو واحد"
    assert iso(ii3, Position.YES) == ["BLZ", "PAN", "BEN", "BTN", "BWA", "BDI", "CAF", "KNA", "NRU"]
    assert iso(ii3, Position.NO) == ["VUT"]
    assert iso(ii3, Position.ABSTAIN) == ["TUV", "TON"]  # "توفالو وتونغا." under the misspelt "الممتنعن"
    assert iso(outcome, Position.YES) == ["PLW", "BLZ", "PAN", "BEN", "BTN", "BWA", "TUV", "KNA", "LCA", "VUT",
                                          "NRU"]
    assert iso(outcome, Position.NO) == [] and iso(outcome, Position.ABSTAIN) == ["TON"]
    [bhutan] = [b for b in ii3.ballots if b.surface == "باتان"]
    assert (bhutan.state, bhutan.rule, bhutan.score, bhutan.flagged) == ("BTN", "fuzzy", 80.0, True)
    [kitts] = [b for b in outcome.ballots if b.surface == "سانت كتس ونيفس"]
    assert (kitts.state, kitts.rule, kitts.score, kitts.flagged) == ("KNA", "fuzzy", 96.6, False)


def test_other_report_built_by_the_pipeline(other_built: BuildResult, other_out: Path) -> None:
    assert csv_rows(other_out, "vote-tallies")[1:] == [
        ["II.3", "9", "1", "2", "9", "1", "2"],
        ["outcome", "11", "0", "1", "11", "0", "1"],
    ]
    votes = csv_rows(other_out, "votes")[1:]
    assert votes[:4] == [["II.3", "BLZ", "yes"], ["II.3", "PAN", "yes"], ["II.3", "BEN", "yes"], ["II.3", "BTN", "yes"]]
    assert ["II.3", "VUT", "no"] in votes and ["outcome", "TON", "abstain"] in votes
    g = other_built.data_graph()
    vote = URIRef(BASE + "id/vote/A-CONF.192-2030-RC-3/II-3")
    assert g.value(vote, POA.votesOn) == URIRef(
        BASE + "akn/un/doc/report/2030-07-03/A-CONF.192-2030-RC-3/ara@2030-07-03/!main/annex_1/section_II__para_3")
    assert [f["surface"] for f in other_built.report.flagged if f["reason"].startswith("vote ")] == ["باتان"]
    from builder.validate import validate
    outcome = validate(g)
    assert outcome.conforms, outcome.summary()


# --------------------------------------------------------------------------- votes in other layouts

FAMILY = Path(__file__).parent / "fixtures" / "family"
LISTS = "\n\nالمؤيدون:\n\nألمانيا، وفرنسا.\n\nالمعارضون:\n\nلا أحد.\n\nالممتنعون عن التصويت:\n\nالهند.\n"


def vote_on(fixture: str, paragraph: str, target: str, tmp_path: Path, references: References) -> VoteFact:
    """The one vote of the family fixture ``fixture`` whose ``paragraph`` is made a recorded vote on ``target``."""
    text = (FAMILY / f"{fixture}.ar.txt").read_text(encoding="utf-8")
    number, _ = paragraph.split(" - ", 1)
    vote = (f"{number} - وقرر الاجتماع في جلسته ٥، المعقودة في ٢٦ حزيران/يونيه، الإبقاء على {target} من مشروع"
            " الوثيقة الختامية بتصويت مسجل بأغلبية صوتين مقابل لا شيء وامتناع عضو واحد عن التصويت."
            " وكانت نتيجة التصويت كما يلي:" + LISTS)
    assert text.count(paragraph) == 1
    path = tmp_path / "r.ar.txt"
    path.write_text(text.replace(paragraph, vote), encoding="utf-8")
    doc = segment_file(path, layout=references.layout)
    (found,), issues = resolve_votes(doc.metadata.symbol, extract_votes(doc, references), references.states)
    assert issues.warnings == ()
    return found


def test_a_vote_on_a_paragraph_of_a_lettered_section(tmp_path: Path, references: References) -> None:
    adopted = "- 4 - واعتمد الاجتماع في جلسته الأخيرة وثيقته الختامية بتوافق الآراء (انظر المرفق)."
    v = vote_on("lettered-sections", adopted, "الفقرة ٣ من الفرع باء", tmp_path, references)
    assert (v.ref, v.key, v.target_section, v.target_number, v.target_eid, v.target_found) == (
        "B.3", "B-3", "B", 3, "section_B__para_3", True)
    assert [(b.state, b.position.value) for b in v.ballots] == [("DEU", "yes"), ("FRA", "yes"), ("IND", "abstain")]
    assert v.declared == {Position.YES: 2, Position.NO: 0, Position.ABSTAIN: 1}


def test_a_vote_on_a_paragraph_of_an_outcome_numbered_through(tmp_path: Path, references: References) -> None:
    v = vote_on("running-numbering", "٣ - اعتمد الاجتماع بتوافق الآراء النتائج الواردة في مرفق هذا التقرير.",
                "الفقرة ٧", tmp_path, references)
    assert (v.ref, v.key, v.target_section, v.target_number, v.target_eid, v.target_found) == (
        "7", "7", "III", 7, "section_III__para_7", True)


def test_votes_of_a_report_with_numbered_annexes(references: References) -> None:
    doc = segment_file(FAMILY / "recorded-votes.ar.txt", layout=references.layout)
    votes = extract_votes(doc, references)
    assert [(v.ref, v.key, v.target_eid, v.paragraph_number, v.meeting) for v in votes] == [
        ("I:II.4", "I-II-4", "section_II__para_4", 7, 12), ("I:III.2", "I-III-2", "section_III__para_2", 9, 12),
        ("outcome", "outcome", None, 10, 12)]
    assert [[v.declared[p] for p in Position] for v in votes] == [[22, 2, 3], [19, 3, 5], [27, 0, 2]]
    # the lists cut by a page foot: after a comma, and inside the name أنتيغوا وبربودا
    assert [len(u.pieces) for u in doc.units if u.eid in ("para_7__item_2", "para_9__item_2")] == [2, 2]
    assert "وأنتيغوا وبربودا" in next(u.text for u in doc.units if u.eid == "para_9__item_2")


def test_a_decision_by_consensus_has_no_ballot(references: References) -> None:
    doc = segment_file(FAMILY / "biennial-consensus.ar.txt", layout=references.layout)
    assert extract_votes(doc, references) == []
