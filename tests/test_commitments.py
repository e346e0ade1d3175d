"""What each paragraph of the outcome document asks, of whom and how strongly (builder.extract.commitments).

The paragraphs are read from the bundled report by a small line reader (below);
every expected value was checked by hand against the Arabic text and, for the
readings that correct the text, against the English original.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib.namespace as rns
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from builder.arabic.text import TRIGGER_FOLDING
from builder.errors import ReferenceDataError
from builder.extract.commitments import Classification, ThemeMatch, classify_paragraph
from builder.iri import DEFAULT_BASE, POA, slug
from builder.reference_data.concepts import (
    SCHEMES,
    ConceptSchemes,
    load_concept_graph,
    load_concept_schemes,
    rebased_graph,
)
from builder.reference_data.triggers import Trigger, compile_trigger

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "A-CONF.192-2018-RC-3.ar.txt"
LINES = CORPUS.read_text(encoding="utf-8").splitlines()
ANNEX_LINE = LINES.index("المرفق") + 1  # 1-based line of the annex marker

# ---------------------------------------------------------------------------
#  A small reader of the annex: paragraphs with their line, headings and chapeau
# ---------------------------------------------------------------------------

_SECTION = re.compile(r"^(?:-\s*)?(أولا|ثانيا|ثالثا|رابعا|خامسا)[\u064b-\u0652]*\s*-\s*\S")
_SUBSECTION = re.compile(r"^(?:-\s*)?(?:ألف|باء|جيم|دال|هاء|واو)\s*-\s*\S")
_SUBTOPIC = re.compile(r"^\((?:أ|ب|ج|د|هـ|و)\)\s*\S")
_NUMBERED = re.compile(r"^(?:-\s*)?(?P<n>[٠-٩]+)\s*-\s*(?P<t>\S.*)$")
_NUMERALS = {"أولا": "I", "ثانيا": "II", "ثالثا": "III", "رابعا": "IV", "خامسا": "V"}


@dataclass
class AnnexParagraph:
    section: str
    number: int
    line: int  # 1-based line of the corpus file where the paragraph starts
    text: str
    heading_path: tuple[str, ...]
    chapeau: str | None

    @property
    def ref(self) -> str:
        return f"{self.section}.{self.number}"


def _marked(line: str) -> bool:
    return any(rx.match(line) for rx in (_SECTION, _SUBSECTION, _SUBTOPIC, _NUMBERED))


def read_annex() -> list[AnnexParagraph]:
    """The numbered paragraphs of the outcome document, joined across page breaks."""
    body = [(n, s.strip()) for n, s in enumerate(LINES, start=1) if n > ANNEX_LINE and s.strip()]
    out: list[AnnexParagraph] = []
    levels: list[str | None] = [None, None, None, None]  # section, subsection, topic, subtopic headings
    section, chapeau = "", None
    expected, open_unit, after_section = 1, "", False
    for i, (no, line) in enumerate(body):
        following = body[i + 1][1] if i + 1 < len(body) else ""
        if open_unit and not _marked(line):  # a page break inside a paragraph or a preambular clause
            if open_unit == "paragraph":
                out[-1].text += " " + line
            open_unit = "" if line.endswith("." if open_unit == "paragraph" else "،") else open_unit
            continue
        open_unit = ""
        if after_section and not _marked(line) and not line.endswith((".", "،")) and len(line) < 40:
            levels[0] = f"{levels[0]} {line}"  # the heading of section III runs over two lines
            after_section = False
            continue
        after_section = False
        if m := _SECTION.match(line):
            section, levels, chapeau, expected = _NUMERALS[m.group(1)], [line, None, None, None], None, 1
            after_section = line[-1] not in "٠١٢٣٤٥٦٧٨٩"
        elif _SUBSECTION.match(line):
            levels[1:] = [line, None, None]
        elif _SUBTOPIC.match(line):
            levels[3] = line
        elif m := _NUMBERED.match(line):
            n = int(m.group("n").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
            if not line.endswith((".", "؛")) and (n != expected or _marked(following)):
                levels[2:] = [line.lstrip("- "), None]  # a numbered topic heading
                continue
            path = tuple(h for h in levels if h)
            out.append(AnnexParagraph(section, n, no, m.group("t").strip(), path, chapeau))
            expected, open_unit = n + 1, "" if line.endswith(".") else "paragraph"
        elif re.match(r"^و?إذ\s", line) and chapeau is not None:
            open_unit = "" if line.endswith("،") else "preamble"
        elif chapeau is None and section != "I" and line.endswith((".", "،")):
            chapeau = line
        else:
            levels[2:] = [line, None]  # an unnumbered heading (section V)
    return out


ANNEX = read_annex()
BY_REF = {p.ref: p for p in ANNEX}


@pytest.fixture(scope="module")
def schemes() -> ConceptSchemes:
    return load_concept_schemes()


def classify(ref: str, schemes: ConceptSchemes, chapeau: bool = True) -> Classification:
    p = BY_REF[ref]
    return classify_paragraph(p.text, p.section, p.heading_path, schemes, p.chapeau if chapeau else None)


def test_reader_finds_every_paragraph_of_the_annex() -> None:
    assert Counter(p.section for p in ANNEX) == {"I": 23, "II": 80, "III": 26, "IV": 28, "V": 17}
    for section in ("I", "II", "III", "IV", "V"):
        assert [p.number for p in ANNEX if p.section == section] == list(
            range(1, 1 + sum(p.section == section for p in ANNEX))
        )
    chapeaux = {p.section: p.chapeau for p in ANNEX if p.chapeau}
    assert sorted(chapeaux) == ["II", "III", "IV", "V"]
    assert chapeaux["II"] == LINES[227 - 1] and chapeaux["III"] == LINES[419 - 1]
    assert chapeaux["IV"] == LINES[468 - 1] and chapeaux["V"] == "إن الدول،"
    # page breaks are joined
    assert BY_REF["I.23"].text.endswith("بما في ذلك من البلدان النامية.")
    assert BY_REF["II.74"].text.endswith("ومنع نشوب النزاعات وحلها.")


# ---------------------------------------------------------------------------
#  The hand-checked paragraphs
# ---------------------------------------------------------------------------

NAT = "in accordance with national legal frameworks"
POS = "where in a position to do so"
AS_APP = "as appropriate"
SD = "sustainable development"
ICA = "international cooperation and assistance"
REG = "regional and subregional organizations"


@dataclass(frozen=True)
class Case:
    ref: str
    line: int
    kind: str
    actions: tuple[str, ...]
    strength: tuple[str, int]
    qualifiers: tuple[str, ...]  # found in the paragraph's own text, in order
    addressees: tuple[str, ...]
    text_themes: tuple[str, ...]
    heading_themes: tuple[str, ...]


# fmt: off
CASES = [
    # I — the Declaration: first person plural verbs, wherever they stand
    Case("I.1", 193, "statement", ("reaffirm",), ("declaratory", 0), (), ("states",), (), ()),
    Case("I.7", 204, "statement", ("express concern", "stress", "resolve"), ("firm", 4), (), ("states",),
         ("terrorism",), ()),
    Case("I.13", 210, "statement", ("stress", "recognize", "note"), ("declaratory", 0), (), ("states",),
         (SD, "gender"), ()),
    Case("I.14", 212, "statement", ("express concern", "recognize"), ("declaratory", 0), (), ("states",),
         ("gender",), ()),
    Case("I.17", 215, "statement", ("recognize", "welcome"), ("declaratory", 0), (), ("states",), (), ()),
    Case("I.21", 219, "statement", ("reaffirm",), ("declaratory", 0), (), ("states",),
         ("illicit manufacture", "diversion", "online trade"), ()),
    Case("I.23", 221, "statement", ("call for",), ("moderate", 3), (), ("states",), (ICA,), ()),
    # II — commitments on the Programme of Action
    Case("II.1", 235, "commitment", ("establish", "strengthen"), ("firm", 4), (), ("states",),
         ("national coordination",), ("national coordination",)),
    Case("II.3", 239, "commitment", ("strengthen", "encourage"), ("firm", 4), (), ("states",),
         ("gender", "civil society and industry"), ("national coordination",)),
    Case("II.4", 241, "commitment", ("establish", "identify", "exchange", "provide"), ("firm", 4), (),
         ("states",), ("national coordination", "information exchange"), ("national coordination",)),
    Case("II.10", 257, "commitment", ("encourage",), ("soft", 2), (), (REG,),
         ("regional cooperation", "information exchange"), ("regional cooperation",)),
    Case("II.12", 261, "commitment", ("encourage", "strengthen"), ("moderate", 3), (AS_APP,), ("states",),
         ("border control", "regional cooperation", "information exchange", "law enforcement",
          "transfer and export controls"), ("regional cooperation",)),
    Case("II.14", 267, "commitment", ("encourage",), ("minimal", 1), (AS_APP,), ("states",),
         ("law enforcement",), ()),
    Case("II.19", 274, "commitment", ("eliminate",), ("moderate", 3), (AS_APP,), ("states",),
         ("terrorism", "law enforcement"), ()),
    Case("II.20", 275, "commitment", ("exchange",), ("soft", 2), (NAT, AS_APP), ("states",),
         ("information exchange", "diversion", "transfer and export controls", "brokering", "law enforcement"),
         ()),
    Case("II.21", 281, "commitment", ("intensify",), ("firm", 4), (), ("states",),
         ("stockpile management", "conflict and post-conflict settings"), ("diversion", "stockpile management")),
    Case("II.42", 329, "commitment", ("reaffirm", "cooperate"), ("firm", 4), (), ("states",), (),
         ("diversion", "arms embargoes")),
    Case("II.43", 335, "commitment", ("ensure",), ("firm", 4), (NAT,), ("states",),
         ("illicit manufacture", "national coordination"), ("illicit manufacture", "diversion")),
    Case("II.45", 338, "commitment", ("destroy",), ("moderate", 3), ("subject to legal constraints",), ("states",),
         ("law enforcement", "deactivation and destruction", "illicit manufacture", "marking", "record-keeping"),
         ("illicit manufacture", "diversion")),
    Case("II.52", 354, "commitment", ("ensure", "utilize"), ("firm", 4), (AS_APP,), ("states",),
         ("new technologies", "marking", "stockpile management"), ("new technologies",)),
    Case("II.62", 368, "commitment", ("strengthen",), ("moderate", 3), (AS_APP,), ("states",),
         ("information exchange", "transparency and reporting", "civil society and industry"),
         ("transparency and reporting", "information exchange")),
    Case("II.65", 373, "commitment", ("exchange",), ("firm", 4), (), ("states",), ("gender",),
         ("transparency and reporting", "information exchange")),
    Case("II.74", 397, "commitment", ("encourage",), ("soft", 2), (), ("states",),
         ("gender", "deactivation and destruction", "conflict and post-conflict settings"), (SD, "gender")),
    # III — commitments on the International Tracing Instrument
    Case("III.1", 423, "commitment", ("mark",), ("firm", 4), (), ("states",),
         ("marking", "record-keeping", "tracing", "national coordination"), ()),
    Case("III.16", 450, "commitment", ("utilize",), ("firm", 4), (), ("states",),
         ("transparency and reporting", "information exchange", SD),
         ("transparency and reporting", "information exchange")),
    Case("III.18", 452, "commitment", ("exchange", "analyse"), ("moderate", 3), (NAT,), ("states",),
         ("information exchange",), ("transparency and reporting", "information exchange")),
    Case("III.20", 455, "commitment", ("provide",), ("soft", 2), (AS_APP, "on a voluntary basis"), ("states",),
         ("information exchange", "marking", "transfer and export controls"),
         ("transparency and reporting", "information exchange")),
    Case("III.23", 461, "commitment", ("continue", "ensure"), ("mandatory", 5), (), ("states",), ("marking",),
         ("new technologies",)),
    Case("III.24", 462, "commitment", ("mark", "record"), ("moderate", 3), (NAT,), ("states",),
         ("marking", "record-keeping", "new technologies"), ("new technologies",)),
    Case("III.26", 464, "commitment", ("urge",), ("minimal", 1), (POS, "upon request"), ("states",),
         ("capacity-building", "tracing", "record-keeping", "new technologies", "law enforcement"),
         ("new technologies",)),
    # IV — commitments on international cooperation and assistance
    Case("IV.10", 484, "commitment", ("urge",), ("minimal", 1), (POS, AS_APP, "upon request"),
         ("states", "international organizations", REG, "un regional centres"),
         ("regional cooperation", ICA, "capacity-building"), (ICA,)),
    Case("IV.18", 493, "commitment", ("urge", "urge"), ("soft", 2), (POS, "where they exist", POS, POS),
         ("states",), (ICA, "marking", "record-keeping", "tracing"), (ICA,)),
    Case("IV.21", 500, "commitment", ("ensure",), ("moderate", 3),
         (AS_APP, "upon request", "with the consent of donors"), ("states",), (ICA,), (ICA,)),
    Case("IV.26", 505, "commitment", ("encourage",), ("soft", 2), (), ("donors", "recipient states"),
         (ICA, "information exchange"), (ICA,)),
    # V — decisions on the follow-up
    Case("V.1", 522, "decision", ("welcome",), ("declaratory", 0), (), ("states",), ("capacity-building",),
         ("follow-up meetings",)),
    Case("V.2", 524, "decision", ("welcome", "encourage"), ("minimal", 1), (POS,), ("states",),
         ("conflict and post-conflict settings",), ("follow-up meetings",)),
    Case("V.3", 526, "decision", ("request", "stress"), ("mandatory", 5), (), ("secretary-general",),
         ("new technologies", "follow-up meetings"), ("follow-up meetings",)),
    Case("V.4", 530, "decision", ("decide",), ("firm", 4), ("to the extent possible",), ("states",),
         ("follow-up meetings", "diversion", "transfer and export controls"), ("follow-up meetings",)),
    Case("V.7", 534, "decision", ("stress", "decide"), ("mandatory", 5), (), ("states",),
         (ICA, "capacity-building", "follow-up meetings"), ("follow-up meetings",)),
    Case("V.9", 536, "decision", ("reaffirm", "encourage"), ("minimal", 1), ("to the extent possible",),
         ("regional groups",), ("follow-up meetings",), ("follow-up meetings",)),
    Case("V.13", 546, "decision", ("encourage",), ("minimal", 1), (AS_APP,), ("civil society", "industry"),
         ("civil society and industry",), ("follow-up meetings", "civil society and industry")),
    Case("V.15", 552, "decision", ("request",), ("firm", 4), ("within existing resources",), ("secretariat",),
         (ICA, "information exchange", "follow-up meetings"), ("follow-up meetings", "transparency and reporting")),
]
# fmt: on


@pytest.mark.parametrize("case", [pytest.param(c, id=c.ref) for c in CASES])
def test_hand_checked_paragraph(case: Case, schemes: ConceptSchemes) -> None:
    p = BY_REF[case.ref]
    assert p.line == case.line
    assert ANNEX_LINE < p.line
    c = classify(case.ref, schemes)
    assert c.kind == case.kind
    assert c.action_keys == case.actions
    assert c.strength is not None
    assert (c.strength.key, c.strength.rank) == case.strength
    assert tuple(q.key for q in c.qualifiers if q.source == "text") == case.qualifiers
    assert c.addressees == case.addressees
    assert c.theme_keys("text") == case.text_themes
    assert c.theme_keys("heading") == case.heading_themes


def test_hand_checked_set_covers_every_section() -> None:
    assert len(CASES) >= 25
    assert {c.ref.split(".")[0] for c in CASES} == {"I", "II", "III", "IV", "V"}


# ---------------------------------------------------------------------------
#  The hard cases, one by one
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "surfaces", "found_by"),
    [
        ("II.1", ("وضع", "تعزيز"), ("opening", "coordinated")),
        ("II.12", ("تشجيع", "تعزيز"), ("opening", "coordinated")),
        ("I.17", ("نقر", "نرحب"), ("opening", "coordinated")),
        ("V.2", ("ترحب", "تشجع"), ("opening", "clause-start")),
        ("V.7", ("تشدد", "تقرر"), ("opening", "clause-start")),
        ("II.4", ("إنشاء", "تحديد", "تبادل", "تزويد"), ("opening", "coordinated", "clause-start", "clause-start")),
        ("I.1", ("نؤكد من جديد",), ("first-person-verb",)),
        ("II.62", ("بتعزيز",), ("complement",)),
        ("III.23", ("مواصلة", "ضمان"), ("opening", "complement")),
    ],
)
def test_several_main_actions(
    ref: str, surfaces: tuple[str, ...], found_by: tuple[str, ...], schemes: ConceptSchemes
) -> None:
    c = classify(ref, schemes)
    text = BY_REF[ref].text
    assert tuple(a.surface for a in c.actions) == surfaces
    assert tuple(a.found_by for a in c.actions) == found_by
    for a in c.actions:
        assert text[a.span.start : a.span.end] == a.surface


def test_qualifiers_far_from_the_verb_soften_ii_20(schemes: ConceptSchemes) -> None:
    c = classify("II.20", schemes)
    verb = c.actions[0]
    assert verb.surface == "تبادل"
    quals = [q for q in c.qualifiers if q.source == "text"]
    assert [q.surface for q in quals] == ["وفقاً للأطر القانونية الوطنية", "حسب الاقتضاء"]
    assert all(q.span.start - verb.span.end > 20 for q in quals)
    assert c.strength is not None
    assert (c.strength.base_key, c.strength.base_rank) == ("firm", 4)
    assert c.strength.softened_by == (NAT, AS_APP)
    assert (c.strength.key, c.strength.rank) == ("soft", 2)


def test_chapeau_qualifier_is_recorded_but_does_not_soften(schemes: ConceptSchemes) -> None:
    c = classify("II.1", schemes)
    chapeau = BY_REF["II.1"].chapeau
    assert chapeau is not None
    (q,) = c.qualifiers
    assert (q.key, q.source, q.softening, q.surface) == (
        "if not already done",
        "chapeau",
        False,
        "إن لم تكن قد فعلت ذلك بعد",
    )
    assert chapeau[q.span.start : q.span.end] == q.surface
    assert c.strength is not None and c.strength.softened_by == ()


def test_fronted_qualifier_moves_the_opening_ii_45(schemes: ConceptSchemes) -> None:
    c = classify("II.45", schemes)
    assert BY_REF["II.45"].text.startswith("رهنا بأي قيود قانونية")
    assert [(a.key, a.surface, a.found_by) for a in c.actions] == [("destroy", "تدمير", "opening")]


def test_v1_decide_followed_by_bi_reads_welcome(schemes: ConceptSchemes) -> None:
    c = classify("V.1", schemes)
    assert BY_REF["V.1"].text.startswith("تقرر بالمقترح المتعلق بإنشاء برنامج")
    (a,) = c.actions
    assert (a.key, a.surface, a.form, a.rule) == ("welcome", "تقرر", "third-person", "decide-bi-noun-reads-welcome")
    assert a.note is not None and "Welcomes the proposal" in a.note
    assert c.kind == "decision"
    assert c.strength is not None and c.strength.key == "declaratory"
    assert any(n.startswith("decide-bi-noun-reads-welcome") for n in c.notes)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("تقرر بالمقترح المتعلق بإنشاء برنامج مخصص للتدريب.", "welcome"),
        ("تقرر بالإجماع أن تعقد اجتماعا في عام ٢٠٢٠.", "decide"),  # an أن clause follows: a real decision
        ("تقرر أن تعقد في عام ٢٠٢٢ اجتماعا مدته أسبوع واحد.", "decide"),
        ("ترحب بمبادرة الأمين العام.", "welcome"),
    ],
)
def test_decide_reading_rule_is_general(text: str, key: str, schemes: ConceptSchemes) -> None:
    c = classify_paragraph(text, "V", (), schemes)
    assert c.action_keys == (key,)


def test_identify_before_an_organization_is_not_an_action(schemes: ConceptSchemes) -> None:
    # II.14: "… مع المنظمات الدولية المعنية، وتحديد المنظمة الدولية للشرطة الجنائية ومنظمة الجمارك العالمية"
    # renders "in particular INTERPOL and the WCO"; there the clause already depends on "encourage"
    assert "، وتحديد المنظمة الدولية للشرطة الجنائية" in BY_REF["II.14"].text
    assert classify("II.14", schemes).action_keys == ("encourage",)
    # the reading rule itself, where nothing else would stop the clause
    text = "تعزيز التعاون مع المنظمات الدولية المعنية، وتحديد المنظمة الدولية للشرطة الجنائية."
    c = classify_paragraph(text, "II", (), schemes)
    assert c.action_keys == ("strengthen",)
    assert any(n.startswith("identify-organization-reads-in-particular") for n in c.notes)
    assert classify_paragraph("تعزيز التعاون، وتحديد نقاط اتصال.", "II", (), schemes).action_keys == (
        "strengthen",
        "identify",
    )


def test_coordinated_clauses_under_a_means_phrase_are_not_main_actions(schemes: ConceptSchemes) -> None:
    # II.19: "… بوسائل منها … بطرق من جعلتها تجريم …، وتعزيز التعاون القضائي" — criminalizing and strengthening
    # are the means of eliminating the supply to terrorists
    assert classify("II.19", schemes).action_keys == ("eliminate",)
    # II.46: "… من خلال اتخاذ تدابير فعالة تشمل …، وتبادل أفضل الممارسات"
    assert classify("II.46", schemes).action_keys == ("prevent",)
    # II.10: after "encourage X to …", "، وتبادل" is what X is encouraged to do
    assert classify("II.10", schemes).action_keys == ("encourage",)
    # III.26: "وبالتعاون مع الدول الطالبة" has a preposition and opens no clause
    assert classify("III.26", schemes).action_keys == ("urge",)


def test_verbal_nouns_after_semicolons_in_the_declaration_are_not_actions(schemes: ConceptSchemes) -> None:
    c = classify("I.23", schemes)
    assert "؛ وضمان كفاية وفعالية" in BY_REF["I.23"].text
    assert c.action_keys == ("call for",)


def test_theme_only_from_a_heading_ii_42(schemes: ConceptSchemes) -> None:
    c = classify("II.42", schemes)
    embargo = [t for t in c.themes if t.key == "arms embargoes"]
    assert embargo == [
        ThemeMatch(
            "arms embargoes",
            "heading",
            None,
            "(هـ) مراعاة حالات حظر توريد الأسلحة المفروض من مجلس الأمن التابع للأمم المتحدة في تنفيذ برنامج العمل",
            "حالات حظر توريد",
        )
    ]
    assert c.theme_keys("text") == ()


@pytest.mark.parametrize("ref", ["II.21", "II.22", "II.23"])
def test_stockpile_management_from_its_heading(ref: str, schemes: ConceptSchemes) -> None:
    c = classify(ref, schemes)
    assert ThemeMatch("stockpile management", "heading", None, "(أ) إدارة المخزونات وأمنها", "المخزونات") in c.themes


def test_gender_from_the_text_ii_65(schemes: ConceptSchemes) -> None:
    c = classify("II.65", schemes)
    (gender,) = [t for t in c.themes if t.key == "gender"]
    assert (gender.source, gender.surface, gender.heading) == ("text", "الجنسانية", None)
    assert gender.span is not None
    assert BY_REF["II.65"].text[gender.span.start : gender.span.end] == "الجنسانية"


@pytest.mark.parametrize(
    ("ref", "tracing"),
    [
        ("I.1", False),  # only the long name of the Instrument: "… وتعقبها في الوقت المناسب …"
        ("III.16", False),  # only "الصك الدولي للتعقب"
        ("V.3", False),  # "للصك الدولي للتعقب"
        ("III.2", True),  # "الوسم وحفظ السجلات وتعقب"
        ("III.1", True),  # "وسم الأسلحة … وتسجيلها وتعقبها"
        ("III.17", True),  # "نتائج عمليات التعقب"
    ],
)
def test_tracing_is_not_triggered_by_the_instrument_name(ref: str, tracing: bool, schemes: ConceptSchemes) -> None:
    c = classify(ref, schemes)
    assert ("tracing" in c.theme_keys("text")) is tracing
    assert "tracing" not in c.theme_keys("heading")  # the heading of section III names the Instrument


def test_online_databases_are_not_online_trade(schemes: ConceptSchemes) -> None:
    assert "online trade" not in classify("II.34", schemes).theme_keys()  # "قواعد بيانات على شبكة الإنترنت"
    assert "online trade" in classify("II.58", schemes).theme_keys()  # "عبر شبكة الإنترنت"
    assert "online trade" in classify("II.32", schemes).theme_keys()  # "التجارة عبر الإنترنت"


def test_interpol_misspelt_as_the_internet(schemes: ConceptSchemes) -> None:
    c = classify("III.20", schemes)
    assert [(a.key, a.surface) for a in c.actors] == [("interpol", "إلى الإنترنت"), ("interpol", "وضعته الإنترنت")]
    assert "online trade" not in c.theme_keys()


@pytest.mark.parametrize(
    ("ref", "addressees", "named"),
    [
        (
            "II.13",
            ("states", "un entities", "interpol", "world customs organization"),
            ("الدول", "مكاتب الأمم المتحدة", "المنظمة الدولية للشرطة الجنائية", "الإنتربول", "منظمة الجمارك العالمية"),
        ),
        ("III.26", ("states",), ("الدول",)),
        ("IV.26", ("donors", "recipient states"), ("الجهات المانحة", "البلدان المتضررة")),
        ("V.3", ("secretary-general",), ("الأمين العام",)),
        ("V.12", ("secretariat",), ("الأمانة العامة",)),
    ],
)
def test_addressees_of_directives(
    ref: str, addressees: tuple[str, ...], named: tuple[str, ...], schemes: ConceptSchemes
) -> None:
    c = classify(ref, schemes)
    assert (c.addressees, c.addressee_source) == (addressees, "text")
    assert tuple(a.surface for a in c.actors if a.addressee) == named


def test_implicit_addressee_is_the_states(schemes: ConceptSchemes) -> None:
    c = classify("II.1", schemes)
    assert (c.addressees, c.addressee_source) == (("states",), "implicit")


# ---------------------------------------------------------------------------
#  Kinds and periods
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(1, 18))
def test_section_v_paragraphs_are_decisions(number: int, schemes: ConceptSchemes) -> None:
    with_chapeau = classify(f"V.{number}", schemes)
    without = classify(f"V.{number}", schemes, chapeau=False)
    assert (with_chapeau.kind, with_chapeau.kind_source) == ("decision", "chapeau")
    assert (without.kind, without.kind_source) == ("decision", "text")
    assert with_chapeau.period is None


def test_kind_follows_the_text_where_it_differs_from_the_section(schemes: ConceptSchemes) -> None:
    # IV.26 opens with the finite verb تشجع, not the verbal noun تشجيع of its neighbours
    governed = classify("IV.26", schemes)
    assert (governed.kind, governed.kind_source) == ("commitment", "chapeau")
    assert any("the chapeau governs" in n for n in governed.notes)
    alone = classify("IV.26", schemes, chapeau=False)
    assert (alone.kind, alone.kind_source) == ("decision", "text")
    assert any("differs from the default of section IV" in n for n in alone.notes)


def test_kind_defaults_and_errors(schemes: ConceptSchemes) -> None:
    assert classify_paragraph("نص لا فعل فيه.", "III", (), schemes).kind == "commitment"
    assert classify_paragraph("نص لا فعل فيه.", "III", (), schemes).kind_source == "section"
    assert classify_paragraph("ونلاحظ التقدم المحرز.", "VI", (), schemes).kind == "statement"
    with pytest.raises(ValueError, match="no kind for section 'VI'"):
        classify_paragraph("نص لا فعل فيه.", "VI", (), schemes)


@pytest.mark.parametrize(
    ("line", "wording"),
    [
        (227, "على مدى الفترة ٢٠١٨-٢٠٢٤"),  # chapeau of section II
        (419, "على مدى الفترة ٢٠١٨-٢٠٢٤"),  # chapeau of section III
        (225, "للفترة ٢٠١٨-٢٠٢٤"),  # heading of section II
        (417, "في الفترة ٢٠١٨-٢٠٢٤"),  # second line of the heading of section III
    ],
)
def test_period_is_read_from_the_text(line: int, wording: str, schemes: ConceptSchemes) -> None:
    source = LINES[line - 1]
    assert wording in source
    c = classify_paragraph("وضع القوانين.", "II", (), schemes, chapeau=source)
    assert c.period == (2018, 2024)


def test_period_of_commitments(schemes: ConceptSchemes) -> None:
    assert {classify(p.ref, schemes).period for p in ANNEX if p.section in ("II", "III")} == {(2018, 2024)}
    # without a chapeau the heading of section II gives it
    assert classify("II.1", schemes, chapeau=False).period == (2018, 2024)
    # section IV states no period, in its chapeau or its headings
    assert {classify(p.ref, schemes).period for p in ANNEX if p.section == "IV"} == {None}
    assert {classify(p.ref, schemes).period for p in ANNEX if p.section in ("I", "V")} == {None}
    wrong = classify_paragraph("وضع القوانين.", "II", (), schemes, chapeau="التدابير التالية للفترة ٢٠٢٠-٢٠٢٦.")
    assert wrong.period == (2020, 2026)


# ---------------------------------------------------------------------------
#  The whole annex
# ---------------------------------------------------------------------------


def test_every_paragraph_of_the_annex(schemes: ConceptSchemes) -> None:
    kinds: Counter[str] = Counter()
    strengths: Counter[str] = Counter()
    for p in ANNEX:
        c = classify(p.ref, schemes)
        kinds[c.kind] += 1
        assert c.strength is not None, p.ref
        strengths[c.strength.key] += 1
        assert c.actions, p.ref
        assert c.actions[0].found_by in ("opening", "first-person-verb", "complement"), p.ref
        found = [(m.span, m.surface) for m in c.actions] + [(m.span, m.surface) for m in c.actors]
        found += [(q.span, q.surface) for q in c.qualifiers if q.source == "text"]
        for span, surface in found:
            assert p.text[span.start : span.end] == surface, p.ref
        for t in c.themes:
            if t.span is not None:
                assert p.text[t.span.start : t.span.end] == t.surface, p.ref
    assert kinds == {"statement": 23, "commitment": 134, "decision": 17}
    assert strengths == {"mandatory": 9, "firm": 54, "moderate": 30, "soft": 24, "minimal": 34, "declaratory": 23}


def test_sections_get_their_kinds(schemes: ConceptSchemes) -> None:
    by_section = {(p.section, classify(p.ref, schemes).kind) for p in ANNEX}
    assert by_section == {
        ("I", "statement"),
        ("II", "commitment"),
        ("III", "commitment"),
        ("IV", "commitment"),
        ("V", "decision"),
    }


# ---------------------------------------------------------------------------
#  The concept schemes
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(schemes: ConceptSchemes) -> Graph:
    return schemes.graph


def _concepts(graph: Graph, scheme: str) -> list[URIRef]:
    iri = URIRef(f"{DEFAULT_BASE}id/concept/{scheme}")
    return sorted(c for c in graph.subjects(SKOS.inScheme, iri) if isinstance(c, URIRef))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_is_labelled(scheme: str, graph: Graph) -> None:
    iri = URIRef(f"{DEFAULT_BASE}id/concept/{scheme}")
    assert (iri, RDF.type, SKOS.ConceptScheme) in graph
    labels = {o.language for o in graph.objects(iri, SKOS.prefLabel) if isinstance(o, Literal)}
    assert labels == {"en", "ar"}
    assert graph.value(iri, SKOS.notation) == Literal(scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_concept_has_labels_notation_and_definition(scheme: str, graph: Graph) -> None:
    concepts = _concepts(graph, scheme)
    assert concepts
    notations = []
    for c in concepts:
        labels = [o for o in graph.objects(c, SKOS.prefLabel) if isinstance(o, Literal)]
        assert sorted(str(o.language) for o in labels) == ["ar", "en"], c
        assert all(str(o).strip() for o in labels), c
        (notation,) = list(graph.objects(c, SKOS.notation))
        notations.append(str(notation))
        assert str(c) == f"{DEFAULT_BASE}id/concept/{scheme}/{slug(str(notation))}"
        assert str(notation) == str(notation).lower()
        definitions = {o.language for o in graph.objects(c, SKOS.definition) if isinstance(o, Literal)}
        assert "en" in definitions, c
        assert (c, RDF.type, SKOS.Concept) in graph
        top = (c, SKOS.topConceptOf, URIRef(f"{DEFAULT_BASE}id/concept/{scheme}")) in graph
        assert top or graph.value(c, SKOS.broader) is not None, c
    assert len(notations) == len(set(notations)), scheme


@pytest.mark.parametrize("scheme", ["action", "qualifier", "theme", "actor"])
def test_matching_schemes_carry_arabic_triggers(scheme: str, graph: Graph) -> None:
    props = (POA.trigger, POA.firstPersonTrigger, POA.thirdPersonTrigger, POA.triggerPattern)
    for c in _concepts(graph, scheme):
        triggers = [o for p in props for o in graph.objects(c, p)]
        assert triggers, c
        assert all(re.search("[\u0621-\u064a]", str(t)) for t in triggers), c


def test_strength_scale_is_ordered(schemes: ConceptSchemes, graph: Graph) -> None:
    ranks = {}
    for c in _concepts(graph, "strength"):
        rank = graph.value(c, POA.rank)
        assert isinstance(rank, Literal) and rank.datatype == rns.XSD.integer
        ranks[str(graph.value(c, SKOS.notation))] = int(rank)
    assert ranks == {"mandatory": 5, "firm": 4, "moderate": 3, "soft": 2, "minimal": 1, "declaratory": 0}
    for a in schemes.action.concepts:
        assert a.strength in ranks, a.key
    assert {q.key for q in schemes.qualifier.concepts if not q.softening} == {
        "where they exist",
        "without prejudice",
        "in accordance with respective mandates",
        "if not already done",
    }


def test_kinds_scheme(schemes: ConceptSchemes) -> None:
    assert [(k.key, k.form, k.sections, k.implicit_addressee) for k in schemes.kind.concepts] == [
        ("commitment", "verbal-noun", ("II", "III", "IV"), "states"),
        ("decision", "third-person", ("V",), "states"),
        ("statement", "first-person", ("I",), "states"),
    ]


def test_schemes_load_from_another_directory(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parent.parent / "builder" / "data" / "concepts"
    (tmp_path / "kinds.ttl").write_text((src / "kinds.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    assert len(load_concept_graph(tmp_path)) > 0
    with pytest.raises(ValueError, match="concept schemes missing: action, strength, qualifier, theme, actor"):
        load_concept_schemes(tmp_path)


def test_a_concept_file_that_is_not_turtle_is_named_with_the_place(tmp_path: Path) -> None:
    (tmp_path / "broken.ttl").write_text('<https://example.org/a> <https://example.org/b> "c" ;\n', encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=rf"^{tmp_path / 'broken.ttl'}: Parser error .*line 2"):
        load_concept_graph(tmp_path)


# ---------------------------------------------------------------------------
#  Matching primitives
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("وفقاً", "وفقا"),
        ("حثّ", "حث"),
        ("إلى", "الي"),
        ("الغاية ١٦-٤", "الغايه 16-4"),
        ("تُسرَّب", "تسرب"),
    ],
)
def test_normalize(raw: str, normal: str) -> None:
    assert TRIGGER_FOLDING.fold(raw) == normal


@pytest.mark.parametrize(
    ("trigger", "text", "matches"),
    [
        ("تعزيز", "وتعزيز التعاون", True),  # conjunction
        ("التعقب", "الصك الدولي للتعقب", True),  # ل + ال written لل
        ("الدول", "المنظمات الدولية", False),  # whole words only
        ("تعقب*", "وتسجيلها وتعقبها", True),  # * takes an ending
        ("تعقب", "وتعقبها", False),
        ("تقر", "تقرر", False),
        ("وسم", "ووسم الأسلحة", True),
        ("نؤكد من جديد", "ونؤكد من جديد التزامنا", True),
    ],
)
def test_compile_trigger(trigger: str, text: str, matches: bool) -> None:
    assert bool(compile_trigger(trigger).search(TRIGGER_FOLDING.fold(text))) is matches
    assert (Trigger(trigger, "verbal-noun").search(TRIGGER_FOLDING.fold(text)) is not None) is matches


def test_rebased_graph_uses_the_build_base(schemes: ConceptSchemes) -> None:
    g = rebased_graph(schemes, "http://example.org/kg")
    assert len(g) == len(schemes.graph)
    welcome = URIRef("http://example.org/kg/id/concept/action/welcome")
    assert g.value(welcome, SKOS.notation) == Literal("welcome")
    decide_rule = g.value(URIRef("http://example.org/kg/id/concept/action/decide"), POA.readingRule)
    assert decide_rule is not None and g.value(decide_rule, POA.readAs) == welcome
    assert not [s for s in g.subjects() if str(s).startswith(DEFAULT_BASE)]
