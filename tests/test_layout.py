"""Layouts of the family: page furniture, invisible characters and lines the segmenter cannot place.

Each test changes the layout of the bundled report the way a PDF extraction of another report
of the family lays it out, and checks that the units come out as they do from the bundled text
(same kinds, keys, parents and text), with the furniture and the unplaced lines recorded apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.dataset import BuiltDataset
from builder.model import Document, Part, ReportMetadata, Unit, UnitKind
from builder.pipeline import BuildSettings, build, build_document, iris_for
from builder.reference_data import References, load_references
from builder.reference_data.layout import Layout, load_layout
from builder.segment import segment
from builder.source import SourceText, header_metadata
from tests.conftest import REPORT, cli, copy_report

TEXT = REPORT.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
META = ReportMetadata(symbol="A/CONF.192/2018/RC/3")
LAYOUT = load_layout()


def seg(text: str, layout: Layout = LAYOUT) -> Document:
    return segment(SourceText("r.ar.txt", text, "utf-8"), META, layout)


BASE = seg(TEXT)


def shape(doc: Document) -> list[tuple[object, ...]]:
    return [(u.kind, u.part, u.eid, u.parent, u.text, u.number, u.label, u.section, u.heading_path)
            for u in doc.units]


def line_of(prefix: str) -> int:
    """The index of the one line that starts with ``prefix``."""
    (i,) = [i for i, line in enumerate(LINES) if line.startswith(prefix)]
    return i


def with_lines(at: int, inserted: list[str], lines: list[str] = LINES) -> str:
    return "\n".join(lines[:at] + inserted + lines[at:])


def cut(index: int, after: str, between: list[str]) -> str:
    """The text with line ``index`` cut after the first ``after`` and ``between`` put between the halves."""
    line = LINES[index]
    k = line.index(after) + len(after)
    assert line[k] == " "
    return "\n".join([*LINES[:index], line[:k], *between, line[k + 1:], *LINES[index + 1:]])


def unit(doc: Document, eid: str) -> Unit:
    """The unit ``eid`` of the annex (``section_…``) or of the report (any other eid)."""
    part = Part.ANNEX if eid.startswith("section_") else Part.REPORT
    (u,) = [u for u in doc.units if u.eid == eid and u.part is part]
    return u


def furniture_text(doc: Document) -> list[tuple[str, str]]:
    return [(f.kind, doc.source[f.span.start:f.span.end]) for f in doc.furniture]


FRONT = [("distribution", "Distr.: General"), ("issue-date", "6 July 2018"), ("language", "Arabic"),
         ("original-language", "Original: English"), ("organ", "الجمعية العامة")]


def test_the_masthead_and_the_meetings_name_are_front_matter() -> None:
    kinds = [k for k, _ in furniture_text(BASE)]
    assert furniture_text(BASE)[:5] == FRONT
    assert kinds[5:] == ["front-matter"] * 5  # the meeting's name (four lines), its place and dates
    assert unit(BASE, "title").text.startswith("تقرير مؤتمر الأمم المتحدة الثالث")
    assert BASE.unplaced == () and BASE.warnings == ()


def test_furniture_between_paragraphs_is_recorded_and_changes_no_unit() -> None:
    at = line_of("٩ - عملاً بالمادة")
    doc = seg(with_lines(at, ["18-10923 7/24", "", "*1810923*", "", "A/CONF.192/2018/RC/3", ""]))
    assert shape(doc) == shape(BASE)
    assert furniture_text(doc)[10:] == [("job-number-and-page", "18-10923 7/24"), ("barcode", "*1810923*"),
                                         ("running-header", "A/CONF.192/2018/RC/3")]
    assert [f.line for f in doc.furniture[10:]] == [at + 1, at + 3, at + 5]
    assert doc.unplaced == () and doc.warnings == ()


def test_furniture_inside_a_paragraph_cuts_it_in_two_pieces() -> None:
    doc = seg(cut(line_of("٤ - عُقد مؤتمر"), "في نيويورك", ["", "18-10923 (A)    060718    090718", "",
                                                              "7/24 18-10923", "", "7", ""]))
    assert shape(doc) == shape(BASE)
    para = unit(doc, "para_4")
    assert len(para.pieces) == 2 and len(unit(BASE, "para_4").pieces) == 1
    assert doc.source[para.pieces[0].start:para.pieces[0].end].endswith("في نيويورك")
    assert doc.source[para.span.start:para.span.end].count("18-10923") == 2  # the span runs over the furniture
    assert [k for k, _ in furniture_text(doc)[10:]] == ["job-number", "page-and-job-number", "page-number"]


def test_furniture_inside_a_list_of_states() -> None:
    doc = seg(cut(line_of("إثيوبيا، والأرجنتين، وإسبانيا، وأستراليا، وإستونيا، وإكوادور، وأنتيغوا وبربودا، "
                          "وإندونيسيا، وأنغولا، وأوكرانيا، وأيرلندا، وإيطاليا، وبابوا غينيا الجديدة، والبرازيل، "
                          "والبرتغال، وبلجيكا، وبلغاريا، وبنغلاديش، وبوركينا فاسو، وبولندا، وبيرو، وتايلند، "
                          "وتركيا، وتشيكيا، وجامايكا، وجمهورية لاو"), "وكمبوديا،",
                  ["A/CONF.192/2018/RC/3", "", "18-10923 9/24"]))
    assert shape(doc) == shape(BASE)
    assert len(unit(doc, "para_15__item_2").pieces) == 2


def test_furniture_between_a_heading_and_its_paragraph() -> None:
    at = line_of("ألف - افتتاح المؤتمر")
    doc = seg(with_lines(at + 1, ["", "18-10923 3/24", "A/CONF.192/2018/RC/3"]))
    assert shape(doc) == shape(BASE)
    assert [k for k, _ in furniture_text(doc)[10:]] == ["job-number-and-page", "running-header"]


def test_the_distribution_block_in_another_order_and_at_the_end() -> None:
    lines = ["Original: English", "Arabic", "", "الجمعية العامة", "Distr.: General", "6 July 2018",
             *LINES[8:], "", "18-10923 24/24", "Arabic"]
    doc = seg("\n".join(lines))
    assert shape(doc) == shape(BASE)
    assert [k for k, _ in furniture_text(doc)] == [
        "original-language", "language", "organ", "distribution", "issue-date", *["front-matter"] * 5,
        "job-number-and-page", "language"]


def test_the_masthead_is_furniture_only_above_the_first_chapter() -> None:
    # the organ's name alone on a line of the body is the rest of a sentence, not a masthead
    doc = seg(cut(line_of("٢٠ - في الجلسة ١٨"), "تقريره المقدم إلى", []).replace(
        "إلى\nالجمعية العامة (A/CONF", "إلى\nالجمعية العامة\n(A/CONF"))
    para = unit(doc, "para_20")
    assert len(para.pieces) == 3 and para.text == unit(BASE, "para_20").text


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u061c", "\u202b", "\u2067", "\u200b", "\u200d", "\ufeff",
                                  "\u00ad"])
def test_an_invisible_character_after_a_section_numeral_changes_nothing(mark: str) -> None:
    i = TEXT.index("أولا - إعلان عام")
    doc = seg(TEXT[:i + 4] + mark + TEXT[i + 4:])
    assert shape(doc) == shape(BASE)
    assert mark not in unit(doc, "section_I").text


def test_invisible_characters_at_every_line_start_change_nothing() -> None:
    doc = seg("\n".join("\u202e" + line if line.strip() else line for line in LINES))
    assert shape(doc) == shape(BASE)
    para = unit(doc, "section_II__para_1")
    assert doc.source[para.span.start] == "\u202e"  # the span keeps the character the text leaves out


@pytest.fixture(scope="module")
def references() -> References:
    return load_references()


@pytest.mark.parametrize("variant", ["mark-after-numeral", "override-at-line-start"])
def test_invisible_characters_build_a_graph(references: References, variant: str) -> None:
    # each of these stopped the build with a traceback (a KeyError in the emitter, a ValueError
    # from a span outside a unit's text)
    if variant == "mark-after-numeral":
        i = TEXT.index("أولا - إعلان عام")
        text = TEXT[:i + 5] + "\u200f" + TEXT[i + 5:]
    else:
        text = "\n".join("\u202e" + line if n == 234 else line for n, line in enumerate(LINES))
    doc = segment(SourceText("r.ar.txt", text, "utf-8"), META, references.layout)
    resolved = build_document(doc, iris_for(doc, "https://example.org/kg/"), BuiltDataset(), references)
    assert resolved.counts()["A/CONF.192/2018/RC/3: paragraphs"] == 194
    assert resolved.issues.unplaced == ()


def test_text_without_a_number_in_a_subsection_is_unplaced_not_a_paragraph() -> None:
    at = line_of("- ٢ - تقوية التعاون مع هيئات")
    stray = "وتلاحظ الدول أن هذا النص لا رقم له ولا مكان."
    doc = seg(with_lines(at, [stray]))
    assert shape(doc) == shape(BASE)
    (u,) = doc.unplaced
    assert (u.line, u.text, doc.source[u.span.start:u.span.end]) == (at + 1, stray, stray)
    assert u.where == f"A/CONF.192/2018/RC/3 line {at + 1} @{u.span.start}-{u.span.end}"
    assert u.as_json() == {"where": u.where, "text": stray}
    assert doc.warnings == (f"r.ar.txt:{at + 1}: text without a number outside the introduction of a section;"
                            " kept as an unplaced line",)


def test_a_second_introduction_and_a_line_without_words_are_unplaced() -> None:
    at = line_of("ألف - تشجيع التعاون الدولي")  # section IV: its introduction, then subsection A
    second = "وتؤكد الدول كذلك أهمية هذا الفرع."
    doc = seg(with_lines(at, [second, "", "***", ""]))
    assert shape(doc) == shape(BASE)
    assert [(u.line, u.text) for u in doc.unplaced] == [(at + 1, second), (at + 3, "***")]
    assert [w.split(": ", 1)[1] for w in doc.warnings] == [
        "text without a number after the introduction of section_IV; kept as an unplaced line",
        "a line without a word, neither heading nor text; kept as an unplaced line"]


def test_a_line_after_an_unplaced_one_does_not_continue_the_unit_before_it() -> None:
    at = line_of("باء - ضمان التنفيذ الكامل")
    stray = "وتلاحظ الدول أن هذا النص لا رقم له ولا مكان."
    doc = seg(with_lines(at + 1, [stray, "كلمات بلا رقم"]))
    # without the line between them, the short line would carry the heading on (a heading cut by a page break)
    assert unit(doc, "section_IV__subsec_B").text == unit(BASE, "section_IV__subsec_B").text
    assert [u.text for u in doc.unplaced] == [stray]
    assert [u.text for u in doc.units if u.kind is UnitKind.TOPIC and u.section == "IV"] == ["كلمات بلا رقم"]


def test_a_layout_of_ones_own(tmp_path: Path) -> None:
    table = tmp_path / "furniture.csv"
    table.write_text("name,pattern,scope,description,source\n"
                     "footer,Page [0-9]+ of [0-9]+,anywhere,a footer,test\n", encoding="utf-8")
    layout = load_layout(table)
    assert [p.name for p in layout.furniture] == ["footer"]
    at = line_of("١٠ - وفي الجلسة ١٨ المعقودة")
    doc = seg(with_lines(at, ["Page 3 of 24", "*1810923*"]), layout)
    assert [(f.kind, f.line) for f in doc.furniture if f.kind != "front-matter"] == [("footer", at + 1)]
    assert [u.text for u in doc.unplaced] == ["*1810923*"]  # not furniture in this layout, and no words


@pytest.mark.parametrize(("row", "message"), [
    ("x,[0-9,anywhere,d,s", "bad pattern"),
    ("x,[0-9]*,anywhere,d,s", "matches an empty line"),
    ("x,[0-9]+,everywhere,d,s", "scope 'everywhere'"),
    ("x,[0-9]+,anywhere,d,s\nx,[a-z]+,front,d,s", "row 3 \\(x\\): the name is given twice"),
    ("x,[0-9]+,anywhere,d,", "row 2 has no source"),
])
def test_a_bad_layout_table_is_refused(tmp_path: Path, row: str, message: str) -> None:
    table = tmp_path / "furniture.csv"
    table.write_text("name,pattern,scope,description,source\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_layout(table)


def test_unplaced_lines_reach_the_build_report(tmp_path: Path) -> None:
    at = line_of("- ٢ - تقوية التعاون مع هيئات")
    stray = "وتلاحظ الدول أن هذا النص لا رقم له ولا مكان."
    path = tmp_path / "r.ar.txt"
    path.write_text(with_lines(at, [stray]), encoding="utf-8")
    result = build([path], BuildSettings(symbol="A/CONF.192/2018/RC/3"))
    start = len("\n".join(LINES[:at])) + 1
    assert result.report.unplaced == [
        {"where": f"A/CONF.192/2018/RC/3 line {at + 1} @{start}-{start + len(stray)}", "text": stray}]
    assert f"{path}:{at + 1}: text without a number outside the introduction of a section; kept as an unplaced line" \
        in result.report.warnings
    assert result.report.counts["A/CONF.192/2018/RC/3: paragraphs"] == 194


def test_unplaced_lines_are_listed_in_the_build_report(tmp_path: Path) -> None:
    at = line_of("- ٢ - تقوية التعاون مع هيئات")
    stray = "وتلاحظ الدول أن هذا النص لا رقم له ولا مكان."
    report = copy_report(tmp_path, with_lines(at, [stray]))
    proc = cli("build", str(report), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    listed = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))["unplaced"]
    assert [u["text"] for u in listed] == [stray]
    assert listed[0]["where"].startswith(f"A/CONF.192/2018/RC/3 line {at + 1} @")


def test_a_report_with_nothing_unplaced_has_no_unplaced_list(out_dir: Path) -> None:
    assert "unplaced" not in json.loads((out_dir / "build-report.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# numbering of the family: ordinals past ten, Roman numerals and Latin letters, lettered or unnumbered
# chapters, running titles, the masthead on one line


def test_a_chapter_numbered_past_tenth() -> None:
    doc = seg(TEXT.replace("خامسا - النظر في الوثائق", "حادي عشر - النظر في الوثائق"))
    chapter = unit(doc, "chp_XI")
    assert (chapter.kind, chapter.label, chapter.text) == (
        UnitKind.CHAPTER, "XI", unit(BASE, "chp_V").text)
    assert [(u.ref, u.section) for u in doc.paragraphs() if u.parent == "chp_XI"] == [
        (str(n), "XI") for n in range(14, 21)]


@pytest.mark.parametrize(("ordinal", "numeral"), [("ثاني عشر", "XII"), ("تاسع عشر", "XIX"), ("عشرون", "XX"),
                                                  ("حادي وعشرون", "XXI"), ("ثلاثون", "XXX")])
def test_ordinal_words_of_later_chapters(ordinal: str, numeral: str) -> None:
    assert LAYOUT.classify(f"{ordinal} - اعتماد التقرير")[0] == "chapter"
    assert LAYOUT.numeral("ordinal", ordinal) == numeral


def test_chapters_by_roman_numerals_and_subsections_by_latin_letters() -> None:
    text = TEXT
    for written, latin in [("أولا - مقدمة", "I - مقدمة"),
                           ("ثانيا - المسائل التنظيمية", "II. المسائل التنظيمية"),
                           ("ألف - افتتاح المؤتمر", "A - افتتاح المؤتمر"),
                           ("باء - النظام الداخلي", "B. النظام الداخلي"),
                           ("أولا - إعلان عام", "I - إعلان عام"),
                           ("ثانيا - تنفيذ برنامج العمل", "II - تنفيذ برنامج العمل")]:
        assert text.count(written) == 1
        text = text.replace(written, latin)
    doc = seg(text)
    assert shape(doc) == shape(BASE)
    assert doc.warnings == ()


def small_report(body: str) -> str:
    return "\n".join(["A/CONF.192/2099/TEST/1", "", "تقرير اجتماع تجريبي", "", body.strip(), ""])


def test_a_report_whose_chapters_are_lettered() -> None:
    doc = seg(small_report("""
ألف - مقدمة

١ - عقد الاجتماع في نيويورك.

باء - اعتماد التقرير

٢ - اعتمد الاجتماع تقريره بتوافق الآراء.
"""))
    assert [(u.kind, u.eid, u.label, u.parent) for u in doc.units] == [
        (UnitKind.TITLE, "title", None, None), (UnitKind.CHAPTER, "chp_A", "A", None),
        (UnitKind.PARAGRAPH, "para_1", "1", "chp_A"), (UnitKind.CHAPTER, "chp_B", "B", None),
        (UnitKind.PARAGRAPH, "para_2", "2", "chp_B")]
    assert [u.ref for u in doc.paragraphs()] == ["1", "2"] and doc.warnings == ()


def test_a_report_whose_chapters_are_not_numbered() -> None:
    doc = seg(small_report("""
مقدمة

١ - عقد الاجتماع في نيويورك.

اعتماد التقرير

٢ - اعتمد الاجتماع تقريره بتوافق الآراء.
"""))
    assert [(u.kind, u.eid, u.text) for u in doc.units] == [
        (UnitKind.TITLE, "title", "تقرير اجتماع تجريبي"), (UnitKind.HEADING, "hdg_1", "مقدمة"),
        (UnitKind.PARAGRAPH, "para_1", "عقد الاجتماع في نيويورك."),
        (UnitKind.HEADING, "hdg_2", "اعتماد التقرير"),
        (UnitKind.PARAGRAPH, "para_2", "اعتمد الاجتماع تقريره بتوافق الآراء.")]
    assert [(u.parent, u.heading_path) for u in doc.paragraphs()] == [("hdg_1", ("مقدمة",)),
                                                                   ("hdg_2", ("اعتماد التقرير",))]
    assert doc.unplaced == () and doc.warnings == ()


def test_a_running_header_that_repeats_the_title_is_furniture() -> None:
    title = " ".join(LINES[line_of("تقرير مؤتمر الأمم المتحدة الثالث"):line_of("أولا - مقدمة") - 1])
    at = line_of("٩ - عملاً بالمادة")
    doc = seg(with_lines(at, [title, "", "A/CONF.192/2018/RC/3 " + title, ""]))
    assert shape(doc) == shape(BASE)
    assert [(f.kind, f.line) for f in doc.furniture[10:]] == [("running-title", at + 1), ("running-title", at + 3)]


def test_a_running_title_cuts_a_paragraph_in_two() -> None:
    title = " ".join(LINES[line_of("تقرير مؤتمر الأمم المتحدة الثالث"):line_of("أولا - مقدمة") - 1])
    doc = seg(cut(line_of("٤ - عُقد مؤتمر"), "في نيويورك", ["", "18-10923 3/24", "", title, ""]))
    assert shape(doc) == shape(BASE)
    assert len(unit(doc, "para_4").pieces) == 2


def test_the_masthead_block_on_one_line() -> None:
    lines = ["Distr.: General   6 July 2018   Arabic   Original: English", "", *LINES[7:]]
    doc = seg("\n".join(lines))
    assert shape(doc) == shape(BASE)
    assert furniture_text(doc)[:2] == [("masthead-line", lines[0]), ("organ", "الجمعية العامة")]


def test_a_list_of_states_cut_inside_a_name() -> None:
    # the foot of the page falls between the two words of أنتيغوا وبربودا: the item goes on after it
    at = line_of("إثيوبيا، والأرجنتين، وإسبانيا، وأستراليا، وإستونيا، وإكوادور، وأنتيغوا وبربودا، وإندونيسيا، "
                 "وأنغولا، وأوكرانيا، وأيرلندا، وإيطاليا، وبابوا غينيا الجديدة، والبرازيل، والبرتغال، وبلجيكا، "
                 "وبلغاريا، وبنغلاديش، وبوركينا فاسو، وبولندا، وبيرو، وتايلند، وتركيا، وتشيكيا، وجامايكا، وجمهورية لاو")
    doc = seg(cut(at, "وأنتيغوا", ["", "18-10923 9/24", "", "A/CONF.192/2018/RC/3", ""]))
    assert shape(doc) == shape(BASE)
    assert len(unit(doc, "para_15__item_2").pieces) == 2


def test_numbered_sub_items_of_a_paragraph_are_its_list_items() -> None:
    doc = seg(small_report("""
أولا - جدول الأعمال

١ - أقر الاجتماع جدول أعماله على النحو التالي:
(١) افتتاح الاجتماع.
(٢) اعتماد التقرير.

٢ - وقرر الاجتماع ما يلي: (أ) أن يعقد اجتماعه المقبل في عام ٢١٠١؛ (ب) أن يطلب تقريرا إلى الأمانة.
"""))
    assert [(u.kind, u.eid, u.parent, u.label) for u in doc.units[2:]] == [
        (UnitKind.PARAGRAPH, "para_1", "chp_I", "1"), (UnitKind.LIST_ITEM, "para_1__item_1", "para_1", "1"),
        (UnitKind.LIST_ITEM, "para_1__item_2", "para_1", "2"), (UnitKind.PARAGRAPH, "para_2", "chp_I", "2")]
    assert "(أ) أن يعقد" in unit(doc, "para_2").text


@pytest.mark.parametrize(("table", "row", "message"), [
    ("markers", "x,chapter,(?P<n>[0-9]+,d,s", "bad pattern"),
    ("markers", "x,volume,(?P<n>[0-9]+) (?P<t>.*),d,s", "level 'volume'"),
    ("markers", "x,chapter,[0-9]+ .*,d,s", "needs a group n"),
    ("numerals", "ordinal,أولا,I,s\nordinal,أولا,II,s", "row 3 \\(أولا\\): the word is given twice"),
    ("numerals", "cardinal,واحد,1,s", "scheme 'cardinal'"),
])
def test_a_bad_numbering_table_is_refused(tmp_path: Path, table: str, row: str, message: str) -> None:
    header = {"markers": "name,level,pattern,description,source", "numerals": "scheme,word,numeral,source"}[table]
    path = tmp_path / f"{table}.csv"
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_layout(**{table: path})  # type: ignore[arg-type]


def test_a_title_row_needs_its_title(tmp_path: Path) -> None:
    table = tmp_path / "furniture.csv"
    table.write_text("name,pattern,scope,description,source\nx,Report,title,d,s\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a title row's pattern has no"):
        load_layout(table)


@pytest.mark.parametrize("between", [[], ["", "18-10923 12/24", "", "A/CONF.192/2018/RC/3", ""]])
def test_a_heading_broken_over_two_lines_or_across_a_page(between: list[str]) -> None:
    doc = seg(cut(line_of("خامسا - النظر في الوثائق الختامية"), "للمؤتمر", between))
    assert shape(doc) == shape(BASE)
    assert len(unit(doc, "chp_V").pieces) == 2 and doc.warnings == ()


@pytest.mark.parametrize("masthead", [
    ["Distr.: General", "6 July 2031", "Arabic", "Original: English"],
    ["Distr.: General   6 July 2031   Arabic   Original: English"],
    ["Arabic   Original: English", "Distr.: General 6 July 2031"],
    ["6 July 2031 Distr.: General Original: English Arabic"],
])
def test_the_masthead_is_read_on_its_own_lines_or_run_together(masthead: list[str]) -> None:
    text = "\n".join(["الأمم المتحدة", "A/CONF.192/2031/BMS/1", *masthead, "", "أولا - مقدمة"])
    assert header_metadata(text, len(masthead) + 3) == {
        "symbol": "A/CONF.192/2031/BMS/1", "date": "2031-07-06", "language": "ar", "original_language": "en"}
