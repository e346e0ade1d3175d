"""Reports of the family laid out otherwise than the bundled one: small reports of our own making.

``tests/fixtures/family/`` holds fictional reports (original text in the style of UN reports):

* ``lettered-sections`` -- an outcome document whose sections are lettered (ألف، باء، جيم) and
  numbered afresh in each; report paragraphs in western digits with and without the leading dash;
  page furniture inside two paragraphs;
* ``running-numbering`` -- an outcome document whose paragraphs are numbered through its three
  sections (١ to ١٠);
* ``chair-summary`` -- an annex without sections: a chair's summary of four paragraphs;
* ``biennial-consensus`` -- a procedural report without an annex, adopted by consensus: thirteen chapters
  (ordinals past عاشرا), lettered subsections, topic headings and (أ)/(ب) sub-headings under them,
  sub-items inside paragraphs, a heading cut by a page foot and a running header repeating the title;
* ``recorded-votes`` -- a review conference: chapters numbered by Roman numerals, subsections by Latin
  letters, two numbered annexes (the outcome document with sections I to III, a President's summary),
  recorded votes on two paragraphs and on the whole outcome document, lists of States cut by page feet.

Each test asserts the exact key of every paragraph, and the build's numbering scopes. The last two
have an answer key beside them (``<stem>.key.toml``, the format every workstream shares), written from
the text: their paragraph keys per part and their ballots are compared with the build here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF

from builder.extract.commitments import classify_document
from builder.iri import POA
from builder.model import Document, Part, UnitKind
from builder.pipeline import BuildResult, BuildSettings, build
from builder.query import load_query, run_on_graph
from builder.reference_data.concepts import load_concept_schemes
from builder.segment import segment_file
from builder.validate import validate
from tests.conftest import FIXTURES

FAMILY = FIXTURES / "family"

KEYS = {
    "lettered-sections": ["1", "2", "3", "4"] + ["A.1", "A.2"] + [f"B.{n}" for n in range(1, 8)] + ["C.1", "C.2"],
    "running-numbering": ["1", "2", "3"] + [str(n) for n in range(1, 11)],
    "chair-summary": ["1", "2", "1", "2", "3", "4"],
    "biennial-consensus": [str(n) for n in range(1, 20)],
    "recorded-votes": [str(n) for n in range(1, 12)] + [f"I:I.{n}" for n in range(1, 4)]
    + [f"I:II.{n}" for n in range(1, 6)] + [f"I:III.{n}" for n in range(1, 4)] + ["II:1", "II:2", "II:3"],
}
PARTS = {
    "lettered-sections": [Part.REPORT] * 4 + [Part.ANNEX] * 11,
    "running-numbering": [Part.REPORT] * 3 + [Part.ANNEX] * 10,
    "chair-summary": [Part.REPORT] * 2 + [Part.ANNEX] * 4,
    "biennial-consensus": [Part.REPORT] * 19,
    "recorded-votes": [Part.REPORT] * 11 + [Part.ANNEX] * 14,
}
KEYED = ["biennial-consensus", "recorded-votes"]  # the keys this module checks (every key is scored by `poa-kg eval`)


def report(name: str) -> Path:
    return FAMILY / f"{name}.ar.txt"


@pytest.fixture(scope="module", params=sorted(KEYS))
def family(request: pytest.FixtureRequest) -> tuple[str, Document]:
    return request.param, segment_file(report(request.param))


def test_paragraph_keys(family: tuple[str, Document]) -> None:
    name, doc = family
    assert [u.ref for u in doc.paragraphs()] == KEYS[name]
    assert [u.part for u in doc.paragraphs()] == PARTS[name]
    assert doc.warnings == () and doc.unplaced == ()


def test_lettered_sections_of_the_outcome_document() -> None:
    doc = segment_file(report("lettered-sections"))
    sections = [(u.eid, u.label, u.text) for u in doc.units if u.kind is UnitKind.SECTION]
    assert sections == [("section_A", "A", "التنفيذ على الصعيد الوطني"),
                        ("section_B", "B", "التعاون والمساعدة على الصعيد الدولي"),
                        ("section_C", "C", "متابعة الاجتماع")]
    assert not any(u.kind is UnitKind.SUBSECTION for u in doc.units)
    b7 = next(u for u in doc.paragraphs() if u.ref == "B.7")
    assert (b7.eid, b7.parent, b7.number, b7.text) == (
        "section_B__para_7", "section_B", 7, "تقييم أثر برامج المساعدة بصورة منتظمة.")
    # paragraphs cut by a page footer, a running header or a barcode: two pieces, one text
    cut = {u.ref: u for u in doc.paragraphs() if len(u.pieces) == 2}
    assert sorted(cut) == ["3", "B.3"]
    assert cut["3"].text.endswith("تبادلت فيها الوفود الآراء حول التدابير المتخذة على الصعيد الوطني.")
    assert cut["B.3"].text.endswith("ولا سيما في البلدان النامية.")
    assert [(f.kind, f.line) for f in doc.furniture if f.line > 20] == [
        ("job-number-and-page", 27), ("running-header", 29), ("job-number-and-page", 50), ("barcode", 52)]
    # western digits are written in Arabic-Indic in the text, as everywhere
    assert next(u for u in doc.paragraphs() if u.ref == "1").label == "1"


def test_a_paragraph_whose_kind_nothing_decides_is_left_unclassified() -> None:
    # section B is no section of the kind scheme, and B.3 and B.7 open with no action it knows:
    # they are left out of the classification, and the others of the annex are classified
    doc = segment_file(report("lettered-sections"))
    classified = [u.ref for u, _ in classify_document(doc, load_concept_schemes())]
    assert classified == ["A.1", "A.2", "B.1", "B.2", "B.4", "B.5", "B.6", "C.1", "C.2"]


def test_numbering_that_runs_through_the_outcome_document() -> None:
    doc = segment_file(report("running-numbering"))
    annex = [u for u in doc.paragraphs() if u.part is Part.ANNEX]
    assert [(u.section, u.number) for u in annex] == [("I", 1), ("I", 2), ("I", 3), ("II", 4), ("II", 5),
                                                      ("II", 6), ("III", 7), ("III", 8), ("III", 9), ("III", 10)]
    assert all(u.runs_through for u in annex)
    assert not any(u.runs_through for u in doc.paragraphs() if u.part is Part.REPORT)
    assert annex[3].eid == "section_II__para_4"


def test_a_chair_summary_without_sections() -> None:
    doc = segment_file(report("chair-summary"))
    annex = [u for u in doc.units if u.part is Part.ANNEX]
    assert [(u.kind, u.eid) for u in annex] == [
        (UnitKind.ANNEX, "annex_1"), (UnitKind.HEADING, "title"), (UnitKind.PARAGRAPH, "para_1"),
        (UnitKind.PARAGRAPH, "para_2"), (UnitKind.PARAGRAPH, "para_3"), (UnitKind.PARAGRAPH, "para_4")]
    assert all(u.section is None for u in annex)


@pytest.fixture(scope="module", params=sorted(KEYS))
def built_family(request: pytest.FixtureRequest) -> tuple[str, BuildResult]:
    return request.param, build([report(request.param)], BuildSettings())


def test_the_graph_keys_and_numbering_scopes(built_family: tuple[str, BuildResult]) -> None:
    name, result = built_family
    g = result.data_graph()
    paragraphs = [(str(g.value(p, POA.ref)), g.value(p, POA.numberingScope))
                  for p in g.subjects(RDF.type, POA.Paragraph)]
    assert sorted(ref for ref, _ in paragraphs) == sorted(KEYS[name])
    annex = result.iris[0].annex
    annex_scopes = [scope for _, scope in paragraphs if str(scope).startswith(annex.value)]
    assert len(annex_scopes) == PARTS[name].count(Part.ANNEX)
    if name == "lettered-sections":
        assert {str(s).rsplit("/", 1)[1] for s in annex_scopes} == {"section_A", "section_B", "section_C"}
    elif name == "biennial-consensus":  # a procedural report: no annex
        assert annex_scopes == []
    elif name == "recorded-votes":  # the outcome document's three sections, and the summary's annex
        assert sorted(str(s).rsplit("/", 1)[1] for s in annex_scopes) == \
            ["annex_1"] * 3 + ["section_I"] * 3 + ["section_II"] * 5 + ["section_III"] * 3
    else:  # numbered through the annex, or an annex without sections: the annex is the one scope
        assert {str(s) for s in annex_scopes} == {annex.value}
    outcome = validate(g)
    assert outcome.conforms, outcome.summary()


# --------------------------------------------------------------------------------------------------
# the answer keys

def answer_key(name: str) -> dict[str, Any]:
    with (FAMILY / f"{name}.key.toml").open("rb") as f:
        return tomllib.load(f)


def test_the_keyed_reports_are_family_fixtures() -> None:
    assert all((FAMILY / f"{name}.key.toml").exists() and name in KEYS for name in KEYED)


@pytest.mark.parametrize("name", KEYED)
def test_the_paragraph_keys_are_those_of_the_answer_key(name: str) -> None:
    key = answer_key(name)
    assert key["report"] == f"{name}.ar.txt"
    doc = segment_file(report(name))
    for part in (Part.REPORT, Part.ANNEX):
        assert [u.ref for u in doc.paragraphs() if u.part is part] == key["paragraphs"][part.value]
    assert doc.warnings == () and doc.unplaced == ()


def ballots_of(result: BuildResult) -> list[tuple[str, str, str]]:
    """(vote, state, position) of every ballot, the whole outcome document's vote named "whole" as in the keys."""
    rows = run_on_graph(load_query("votes"), result.data_graph(), {}).rows
    return [("whole" if str(vote) == "outcome" else str(vote), str(state), str(position))
            for vote, state, position in rows]


@pytest.mark.parametrize("name", KEYED)
def test_the_ballots_are_those_of_the_answer_key(name: str) -> None:
    key = answer_key(name)
    expected = sorted((b["vote"], state, position) for b in key.get("ballots", [])
                      for position in ("yes", "no", "abstain") for state in b[position])
    result = build([report(name)], BuildSettings())
    assert sorted(ballots_of(result)) == expected
    assert result.report.warnings == []


def test_a_procedural_report_of_thirteen_chapters() -> None:
    doc = segment_file(report("biennial-consensus"))
    assert [u.label for u in doc.units if u.kind is UnitKind.CHAPTER] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
    assert not any(u.part is Part.ANNEX for u in doc.units)
    # the heading of chapter IX goes on after the page foot, the barcode and the running title
    (ix,) = [u for u in doc.units if u.eid == "chp_IX"]
    assert len(ix.pieces) == 2 and ix.text == ("النظر في تنفيذ الصك الدولي للتعقب وفي التطورات الأخيرة في مجال صنع"
                                               " الأسلحة الصغيرة والأسلحة الخفيفة وتكنولوجياتها وتصميمها")
    assert [(f.kind, f.line) for f in doc.furniture] == [
        ("masthead-line", 3), ("issue-date", 4), ("organ", 6), ("running-header", 7), ("front-matter", 10),
        ("front-matter", 11), ("job-number", 94), ("barcode", 96), ("running-title", 98),
        ("job-number-and-page", 110), ("running-header", 112)]
    # headings at four depths above paragraph 12: chapter, subsection, topic heading, (أ) sub-heading
    para12 = next(u for u in doc.paragraphs() if u.ref == "12")
    assert (para12.parent, para12.heading_path) == ("chp_VIII__subsec_B__hdg_2__subtopic_a", (
        "النظر في التنفيذ على الصعيد الوطني", "التعاون والمساعدة", "المساعدة التقنية", "الاحتياجات المعلنة"))
    # sub-items: list items of their paragraph, or words of it; never paragraphs of their own
    items = [(u.parent, u.label) for u in doc.units if u.kind is UnitKind.LIST_ITEM]
    assert items == [("para_4", None)] * 6 + [("para_5", str(n)) for n in range(1, 6)] + [
        ("para_11", c) for c in "abc"]
    assert "(أ) تحديث القوانين" in next(u.text for u in doc.paragraphs() if u.ref == "9")
    assert "(٢) تبادل الخبراء" in next(u.text for u in doc.paragraphs() if u.ref == "15")


def test_two_numbered_annexes() -> None:
    doc = segment_file(report("recorded-votes"))
    annex = [(u.kind, u.eid, u.parent, u.annex) for u in doc.units if u.part is Part.ANNEX
             and u.kind is not UnitKind.PARAGRAPH]
    assert annex == [
        (UnitKind.ANNEX, "annex_1", None, "I"), (UnitKind.HEADING, "title", None, "I"),
        (UnitKind.SECTION, "section_I", None, "I"), (UnitKind.SECTION, "section_II", None, "I"),
        (UnitKind.SECTION, "section_III", None, "I"), (UnitKind.HEADING, "annex_2", None, "II"),
        (UnitKind.HEADING, "annex_2__title", None, "II")]
    summary = [u for u in doc.paragraphs() if u.annex == "II"]
    assert [(u.eid, u.ref, u.section) for u in summary] == [
        ("annex_2__para_1", "II:1", None), ("annex_2__para_2", "II:2", None), ("annex_2__para_3", "II:3", None)]
    # the report's chapters by Roman numerals, its subsections by Latin letters; the masthead's block split
    assert [u.eid for u in doc.units if u.kind in (UnitKind.CHAPTER, UnitKind.SUBSECTION)] == [
        "chp_I", "chp_II", "chp_II__subsec_A", "chp_II__subsec_B", "chp_III", "chp_IV", "chp_V"]
    assert [f.kind for f in doc.furniture if f.line < 20] == [
        "language", "original-language", "organ", "running-header", "front-matter", "front-matter",
        "distribution", "issue-date"]


def test_a_second_annex_numbers_its_paragraphs_in_its_own_sections(tmp_path: Path) -> None:
    """Regression: a paragraph of a second annex with sections of its own was given the first annex's section
    of the same numeral as its numbering scope."""
    text = report("recorded-votes").read_text(encoding="utf-8")
    summary = text[text.index("المرفق الثاني\n"):]
    two_sections = ("المرفق الثاني\n\nموجز الرئيس عن المناقشات المواضيعية\n\nI - إدارة المخزونات\n\n"
                    "١ - تناولت الوفود إدارة المخزونات.\n\nII - التعاون الدولي\n\n١ - وتناولت التعاون الدولي.\n")
    path = tmp_path / "two-annexes.ar.txt"
    path.write_text(text.replace(summary, two_sections), encoding="utf-8")
    result = build([path], BuildSettings())
    g = result.data_graph()
    scopes = {str(g.value(p, POA.ref)): str(g.value(p, POA.numberingScope)).rsplit("/", 1)[1]
              for p in g.subjects(RDF.type, POA.Paragraph) if str(g.value(p, POA.ref)).startswith(("I:I.", "II:"))}
    assert scopes == {"I:I.1": "section_I", "I:I.2": "section_I", "I:I.3": "section_I",
                      "II:I.1": "annex_2__section_I", "II:II.1": "annex_2__section_II"}
    assert validate(g).conforms
