"""References to instruments, documents and bodies: the report's own text and other cases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from builder.arabic.numbers import abjad_to_latin, to_roman
from builder.arabic.text import normalize_letters, parse_int, to_arabic_indic_digits, to_western_digits
from builder.extract.citations import instruments
from builder.extract.citations.document import find_citations, scan_document
from builder.extract.citations.facts import (
    CitationContext,
    InternetCues,
    ProvisionOfPair,
    ResolutionCandidate,
    ResolutionPair,
    Target,
)
from builder.extract.citations.resolutions import find_resolution_candidates
from builder.extract.citations.unit import extract_citations
from builder.model import Decision, Document, Mention
from builder.reference_data import load_references
from builder.reference_data.bodies import load_bodies
from builder.reference_data.instruments import load_instruments
from builder.reference_data.organizations import load_organizations
from builder.resolve.citations import citation_counts, resolve_citations, resolve_in_context
from builder.resolve.internet import read_internet
from builder.resolve.organizations import find_organization
from builder.resolve.resolutions import (
    ResolutionReading,
    decide_resolution_order,
    max_ga_session,
    read_resolution,
    readings_by_pair,
)
from tests.conftest import matches_holding_their_word

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "A-CONF.192-2018-RC-3.ar.txt"
SOURCE = REPORT.read_text(encoding="utf-8")
LINES = SOURCE.split("\n")
OFFSETS = [sum(len(line) + 1 for line in LINES[:i]) for i in range(len(LINES))]
CONTEXT = scan_document(LINES, 2018, "2018-07-06")
REFERENCES = load_references()


def mentions_in(
    text: str,
    base_offset: int,
    unit_eid: str,
    context: CitationContext,
    *,
    offsets: list[int] | None = None,
    source: str | None = None,
) -> list[Mention]:
    """The mentions of one unit's text: its citations found, then resolved in the context of their document."""
    found = extract_citations(text, base_offset, unit_eid, context, REFERENCES, offsets=offsets, source=source)
    return resolve_in_context(found, context)


def line_mentions(number: int) -> list[Mention]:
    """The mentions of one line of the report (1-based), the line taken as a unit."""
    return mentions_in(LINES[number - 1], OFFSETS[number - 1], f"line_{number}", CONTEXT)


def rows(mentions: list[Mention]) -> list[tuple[int, int, str, str, str, str, float]]:
    return [
        (m.span.start, m.span.end, m.surface, m.target_key, m.target_type, m.decision.rule, m.decision.confidence)
        for m in mentions
    ]


# --------------------------------------------------------------------- the report

REPORT_CASES = [
    (
        24,  # report para 1: the session named in the sentence decides 57/72
        [
            (493, 507, "الجمعية العامة", "General Assembly", "body", "gazetteer:variant", 0.9),
            (535, 547, "القرار ٥٧/٧٢", "A/RES/72/57", "ga-resolution", "context-session", 0.95),
            (
                625,
                741,
                "برنامج العمل المتعلق بمنع الاتجار غير المشروع بالأسلحة الصغيرة والأسلحة الخفيفة"
                " من جميع جوانبه ومكافحته والقضاء عليه",
                "PoA",
                "instrument",
                "instrument-title",
                1.0,
            ),
        ],
    ),
    (25, [(999, 1019, "A/CONF.192/2018/RC/1", "A/CONF.192/2018/RC/1", "document", "symbol", 1.0)]),
    (
        34,  # report para 4: the Secretary-General of the UN and of the Conference
        [
            (
                1389,
                1505,
                "برنامج العمل المتعلق بمنع الاتجار غير المشروع بالأسلحة الصغيرة والأسلحة الخفيفة"
                " من جميع جوانبه ومكافحته والقضاء عليه",
                "PoA",
                "instrument",
                "instrument-title",
                1.0,
            ),
            (
                1588,
                1620,
                "الممثلة السامية لشؤون نزع السلاح",
                "High Representative for Disarmament Affairs",
                "body",
                "gazetteer:variant",
                0.9,
            ),
            (
                1723,
                1765,
                "المكتب التنفيذي للأمين العام للأمم المتحدة",
                "Executive Office of the Secretary-General",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (
                1777,
                1803,
                "الأمين العام للأمم المتحدة",
                "Secretary-General of the United Nations",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (1827, 1847, "مكتب شؤون نزع السلاح", "Office for Disarmament Affairs", "body", "gazetteer:name", 0.95),
            (1853, 1873, "الأمين العام للمؤتمر", "Secretary-General of the Conference", "post", "gazetteer:name", 0.95),
            (1952, 1976, "A/CONF.192/2018/RC/INF/3", "A/CONF.192/2018/RC/INF/3", "document", "symbol", 1.0),
        ],
    ),
    (
        103,  # report para 9: rule 4 of the rules of procedure, two credentials committees
        [
            (
                3171,
                3198,
                "بالمادة ٤ من النظام الداخلي",
                "A/CONF.192/2018/RC/L.3 rule 4",
                "provision",
                "explicit-symbol",
                0.95,
            ),
            (3208, 3230, "A/CONF.192/2018/RC/L.3", "A/CONF.192/2018/RC/L.3", "document", "symbol", 1.0),
            (
                3304,
                3340,
                "لجنة وثائق التفويض في الجمعية العامة",
                "Credentials Committee of the General Assembly",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (
                3509,
                3543,
                "لجنة وثائق التفويض التابعة للمؤتمر",
                "Credentials Committee of the Conference",
                "body",
                "gazetteer:name",
                0.95,
            ),
        ],
    ),
    (
        105,  # report para 10: the paragraph given beside the symbol
        [
            (
                3634,
                3652,
                "لجنة وثائق التفويض",
                "Credentials Committee of the Conference",
                "body",
                "gazetteer:short-form",
                0.85,
            ),
            (3722, 3742, "A/CONF.192/2018/RC/2", "A/CONF.192/2018/RC/2", "document", "symbol", 1.0),
            (
                3722,
                3753,
                "A/CONF.192/2018/RC/2، الفقرة ١٠",
                "A/CONF.192/2018/RC/2 para 10",
                "provision",
                "symbol-paragraph",
                0.95,
            ),
        ],
    ),
    (
        125,  # report para 15: a paragraph of the DRAFT OUTCOME DOCUMENT, not of the PoA
        [
            (
                6957,
                7007,
                "الفقرة ١٦ من الفرع الأول من مشروع الوثيقة الختامية",
                "A/CONF.192/2018/RC/CRP.1/Rev.3 section I para 16",
                "provision",
                "explicit-symbol",
                0.95,
            ),
            (
                7009,
                7039,
                "A/CONF.192/2018/RC/CRP.1/Rev.3",
                "A/CONF.192/2018/RC/CRP.1/Rev.3",
                "document",
                "symbol",
                1.0,
            ),
        ],
    ),
    (
        139,  # report para 16: the same head without the symbol, through the document alias
        [
            (
                8383,
                8434,
                "الفقرة ١٨ من الفرع الثاني من مشروع الوثيقة الختامية",
                "A/CONF.192/2018/RC/CRP.1/Rev.3 section II para 18",
                "provision",
                "document-alias",
                0.85,
            ),
            (
                8412,
                8434,
                "مشروع الوثيقة الختامية",
                "A/CONF.192/2018/RC/CRP.1/Rev.3",
                "document",
                "document-alias",
                0.85,
            ),
        ],
    ),
    (
        195,  # annex I.2: the Charter and its Article 51
        [
            (13802, 13821, "ميثاق الأمم المتحدة", "UN Charter", "treaty", "charter-name", 0.95),
            (13904, 13921, "للمادة ٥١ للميثاق", "UN Charter Art. 51", "provision", "explicit-instrument", 0.95),
            (13914, 13921, "للميثاق", "UN Charter", "treaty", "bare-charter", 0.85),
            (14088, 14095, "للميثاق", "UN Charter", "treaty", "bare-charter", 0.85),
            (14160, 14172, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    (
        210,  # annex I.13: the 2030 Agenda, goal 16, target 16.4
        [
            (17332, 17345, "لبرنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
            (17346, 17365, "والصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
            (17379, 17410, "خطة التنمية المستدامة لعام ٢٠٣٠", "2030 Agenda", "instrument", "agenda-2030", 0.95),
            (17420, 17428, "الهدف ١٦", "SDG 16", "sdg-goal", "sdg-pattern", 0.95),
            (17429, 17441, "والغاية ١٦-٤", "SDG 16.4", "sdg-target", "sdg-pattern", 0.95),
        ],
    ),
    (
        214,  # annex I.16: nothing in the sentence decides 55/72; the document's other pairs do
        [(18403, 18428, "قرار الجمعية العامة ٥٥/٧٢", "A/RES/72/55", "ga-resolution", "document-order", 0.7)],
    ),
    (
        245,
        [
            (22886, 22898, "بالغاية ١٦-٤", "SDG 16.4", "sdg-target", "sdg-pattern", 0.95),
            (22902, 22933, "خطة التنمية المستدامة لعام ٢٠٣٠", "2030 Agenda", "instrument", "agenda-2030", 0.95),
        ],
    ),
    (
        293,  # annex II.26
        [
            (28023, 28050, "قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)", "S/RES/2370 (2017)", "sc-resolution", "sc-pattern", 0.95),
            (28073, 28085, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    (
        303,  # annex II.31: session 81 cannot have adopted a resolution cited in 2018
        [(29191, 29217, "بقرار الجمعية العامة ٨١/٦٠", "A/RES/60/81", "ga-resolution", "session-bound", 0.9)],
    ),
    (
        329,  # annex II.42: paragraphs of section II of the PoA, named earlier in the sentence
        [
            (32135, 32147, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
            (
                32193,
                32218,
                "الفقرة ١٥ من الفرع الثاني",
                "PoA section II para 15",
                "provision",
                "sentence-instrument",
                0.7,
            ),
            (32232, 32252, "منظومة الأمم المتحدة", "United Nations system", "body", "gazetteer:name", 0.95),
            (
                32289,
                32314,
                "الفقرة ٣٢ من الفرع الثاني",
                "PoA section II para 32",
                "provision",
                "sentence-instrument",
                0.7,
            ),
        ],
    ),
    (
        389,  # annex II.71
        [
            (38735, 38748, "المؤشر ١٦-٤-٢", "SDG 16.4.2", "sdg-indicator", "sdg-pattern", 0.95),
            (38785, 38797, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
            (38798, 38817, "والصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    (
        429,  # annex III.4
        [
            (
                42640,
                42682,
                "الفقرة الفرعية ٨ (أ) من الصك الدولي للتعقب",
                "ITI para 8(a)",
                "provision",
                "explicit-instrument",
                0.95,
            ),
            (42664, 42682, "الصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    (
        430,  # annex III.5
        [
            (42967, 42998, "للفقرة ١٠ من الصك الدولي للتعقب", "ITI para 10", "provision", "explicit-instrument", 0.95),
            (42980, 42998, "الصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    (
        444,  # annex III.13
        [
            (
                44725,
                44759,
                "المكاتب المركزية الوطنية للإنتربول",
                "INTERPOL National Central Bureaus",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (
                44765,
                44806,
                "الدليل الإلكتروني للسلطات الوطنية المختصة",
                "UNODC Directory of Competent National Authorities",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (
                44821,
                44865,
                "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
                "United Nations Office on Drugs and Crime",
                "body",
                "gazetteer:name",
                0.95,
            ),
        ],
    ),
    (
        453,  # annex III.19: the internet (a medium) beside INTERPOL and its two databases
        [
            (46408, 46426, "للصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
            (46488, 46496, "الإنترنت", "internet", "concept", "interpol-internet:medium", 0.95),
            (46525, 46534, "الإنتربول", "INTERPOL", "body", "gazetteer:variant", 0.9),
            (
                46536,
                46596,
                "منظومة الإنتربول لإدارة سجلات الأسلحة المحظورة واقتفاء أثرها",
                "INTERPOL Illicit Arms Records and tracing Management System (iARMS)",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (
                46597,
                46633,
                "وشبكة الإنتربول للمعلومات الباليستية",
                "INTERPOL Ballistic Information Network (IBIN)",
                "body",
                "gazetteer:name",
                0.95,
            ),
        ],
    ),
    (
        455,  # annex III.20: "الإنترنت" put for "الإنتربول", a recipient and an agent
        [
            (46794, 46802, "الإنترنت", "INTERPOL", "body", "interpol-internet:recipient", 0.8),
            (
                46822,
                46852,
                "الجدول المرجعي للأسلحة النارية",
                "INTERPOL Firearms Reference Table",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (46864, 46872, "الإنترنت", "INTERPOL", "body", "interpol-internet:agent", 0.85),
        ],
    ),
    (
        461,  # annex III.23
        [
            (47326, 47356, "الفقرة ٧ من الصك الدولي للتعقب", "ITI para 7", "provision", "explicit-instrument", 0.95),
            (47338, 47356, "الصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    (
        477,  # annex IV.6
        [
            (
                50092,
                50136,
                "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
                "United Nations Office on Drugs and Crime",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (
                50137,
                50173,
                "وآليات الأمم المتحدة لمكافحة الإرهاب",
                "United Nations counter-terrorism mechanisms",
                "body",
                "gazetteer:name",
                0.95,
            ),
        ],
    ),
    (
        530,  # annex V.4: "الإنترنت" coordinated with an organization
        [
            (58071, 58083, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
            (58218, 58230, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
            (58231, 58250, "والصك الدولي للتعقب", "ITI", "instrument", "instrument-short-title", 0.95),
            (
                58489,
                58501,
                "الأمين العام",
                "Secretary-General of the United Nations",
                "body",
                "gazetteer:short-form",
                0.85,
            ),
            (58615, 58635, "منظومة الأمم المتحدة", "United Nations system", "body", "gazetteer:name", 0.95),
            (
                58667,
                58705,
                "آلية التنسيق المتعلقة بالأسلحة الصغيرة",
                "Coordinating Action on Small Arms",
                "body",
                "gazetteer:name",
                0.95,
            ),
            (58719, 58727, "الإنترنت", "INTERPOL", "body", "interpol-internet:coordinated-organization", 0.8),
            (58728, 58751, "ومنظمة الجمارك العالمية", "World Customs Organization", "body", "gazetteer:name", 0.95),
        ],
    ),
    # annex I.21, II.32, II.34, II.58: the internet as a medium, never INTERPOL
    (219, [(20023, 20031, "الإنترنت", "internet", "concept", "interpol-internet:medium", 0.95)]),
    (305, [(29429, 29437, "الإنترنت", "internet", "concept", "interpol-internet:medium", 0.95)]),
    (309, [(30065, 30073, "الإنترنت", "internet", "concept", "interpol-internet:medium", 0.95)]),
    (361, [(36024, 36032, "الإنترنت", "internet", "concept", "interpol-internet:medium", 0.95)]),
]


@pytest.mark.parametrize(("line", "expected"), REPORT_CASES, ids=[f"line-{c[0]}" for c in REPORT_CASES])
def test_report_line(line: int, expected: list[tuple[int, int, str, str, str, str, float]]) -> None:
    found = line_mentions(line)
    assert rows(found) == expected
    for m in found:
        assert SOURCE[m.span.start : m.span.end] == m.surface
        assert m.unit_eid == f"line_{line}"


def test_report_context() -> None:
    assert CONTEXT.month == 7
    readings = readings_by_pair(CONTEXT.resolution_candidates, CONTEXT.year, CONTEXT.month)
    assert {pair: (r.key, r.rule) for pair, r in readings.items()} == {
        (57, 72): ("A/RES/72/57", "context-session"),
        (55, 72): ("A/RES/72/55", "document-order"),
        (81, 60): ("A/RES/60/81", "session-bound"),
    }
    assert dict(CONTEXT.document_aliases) == {
        "النظام الداخلي": "A/CONF.192/2018/RC/L.3",
        "جدول الاعمال": "A/CONF.192/2018/RC/L.1",
        "مشروع الوثيقة الختامية": "A/CONF.192/2018/RC/CRP.1/Rev.3",
        # para 4: "وترد قائمة المشاركين في الوثيقة A/CONF.192/2018/RC/INF/3" -- the symbol a few words on
        "قائمة المشاركين": "A/CONF.192/2018/RC/INF/3",
    }


def test_a_described_document_takes_the_symbol_beside_it_then_the_last_given_before() -> None:
    texts = [
        "عرض الرئيس مشروع الوثيقة الختامية الوارد في الوثيقة A/CONF.192/2030/MGE/CRP.1.",
        "ونظر الاجتماع في مشروع الوثيقة الختامية وتفاوض بشأنه.",
        "واعتمد الاجتماع مشروع الوثيقة الختامية بصيغته المنقحة (A/CONF.192/2030/MGE/CRP.1/Rev.1).",
        "وأحال الاجتماع مشروع الوثيقة الختامية إلى الدول.",
    ]
    ctx = scan_document(texts, 2030, "2030-04-02")
    assert ctx.alias_history == (
        (0, "مشروع الوثيقة الختامية", "A/CONF.192/2030/MGE/CRP.1"),
        (2, "مشروع الوثيقة الختامية", "A/CONF.192/2030/MGE/CRP.1/Rev.1"),
    )
    keys = [[(m.surface, m.target_key, m.decision.rule) for m in mentions_in(t, 0, "p", ctx.at(i))]
            for i, t in enumerate(texts)]
    assert keys == [
        [("A/CONF.192/2030/MGE/CRP.1", "A/CONF.192/2030/MGE/CRP.1", "symbol")],  # the symbol beside is the mention
        [("مشروع الوثيقة الختامية", "A/CONF.192/2030/MGE/CRP.1", "document-alias")],  # before the revision
        [("A/CONF.192/2030/MGE/CRP.1/Rev.1", "A/CONF.192/2030/MGE/CRP.1/Rev.1", "symbol")],
        [("مشروع الوثيقة الختامية", "A/CONF.192/2030/MGE/CRP.1/Rev.1", "document-alias")],
    ]
    # before any symbol is given, the first given after
    assert ctx.at(-1).document_aliases == {"مشروع الوثيقة الختامية": "A/CONF.192/2030/MGE/CRP.1"}


REPORT_KEYS = {
    ("body", "Bureau of the Conference"): 3,  # para 6 (agenda item 8), the heading of section D, para 7
    ("body", "Coordinating Action on Small Arms"): 1,
    ("body", "Credentials Committee of the Conference"): 4,
    ("body", "Credentials Committee of the General Assembly"): 1,
    ("body", "Executive Office of the Secretary-General"): 1,
    ("body", "General Assembly"): 5,
    ("body", "High Representative for Disarmament Affairs"): 1,
    ("body", "INTERPOL"): 9,
    ("body", "INTERPOL Ballistic Information Network (IBIN)"): 1,
    ("body", "INTERPOL Firearms Reference Table"): 2,
    ("body", "INTERPOL Illicit Arms Records and tracing Management System (iARMS)"): 1,
    ("body", "INTERPOL National Central Bureaus"): 1,
    ("body", "Office for Disarmament Affairs"): 1,
    ("body", "Peacebuilding Fund"): 1,
    ("body", "Secretary-General of the United Nations"): 5,
    ("body", "Security Council"): 1,
    ("body", "UNODC Directory of Competent National Authorities"): 1,
    ("body", "United Nations Office on Drugs and Crime"): 2,
    ("body", "United Nations Regional Centres for Peace and Disarmament"): 2,
    ("body", "United Nations Secretariat"): 3,
    ("body", "United Nations counter-terrorism mechanisms"): 1,
    ("body", "United Nations system"): 3,
    ("body", "World Customs Organization"): 4,
    ("concept", "internet"): 5,
    ("document", "A/CONF.192/2018/RC/1"): 1,
    ("document", "A/CONF.192/2018/RC/2"): 1,
    ("document", "A/CONF.192/2018/RC/CRP.1/Rev.3"): 6,
    ("document", "A/CONF.192/2018/RC/INF/3"): 1,
    ("document", "A/CONF.192/2018/RC/L.1"): 3,
    ("document", "A/CONF.192/2018/RC/L.3"): 4,
    ("document", "A/CONF.192/2018/RC/L.5"): 1,
    ("ga-resolution", "A/RES/60/81"): 1,
    ("ga-resolution", "A/RES/72/55"): 1,
    ("ga-resolution", "A/RES/72/57"): 1,
    ("instrument", "2030 Agenda"): 8,
    ("instrument", "ITI"): 77,
    ("instrument", "PoA"): 102,
    ("post", "Secretary-General of the Conference"): 1,
    ("provision", "A/CONF.192/2018/RC/2 para 10"): 1,
    ("provision", "A/CONF.192/2018/RC/CRP.1/Rev.3 section I para 13"): 1,
    ("provision", "A/CONF.192/2018/RC/CRP.1/Rev.3 section I para 16"): 1,
    ("provision", "A/CONF.192/2018/RC/CRP.1/Rev.3 section II para 18"): 2,
    ("provision", "A/CONF.192/2018/RC/L.3 rule 4"): 1,
    ("provision", "ITI para 10"): 1,
    ("provision", "ITI para 7"): 1,
    ("provision", "ITI para 8(a)"): 2,
    ("provision", "PoA section II para 15"): 1,
    ("provision", "PoA section II para 32"): 1,
    ("provision", "UN Charter Art. 51"): 1,
    ("sc-resolution", "S/RES/2370 (2017)"): 1,
    ("sdg-goal", "SDG 16"): 1,
    ("sdg-indicator", "SDG 16.4.2"): 1,
    ("sdg-target", "SDG 16.4"): 8,
    ("treaty", "UN Charter"): 3,
    ("web-page", "www.un.org/disarmament/revcon3"): 1,
}


def test_whole_report_keys() -> None:
    counts: dict[tuple[str, str], int] = {}
    for number in range(1, len(LINES) + 1):
        for m in line_mentions(number):
            assert SOURCE[m.span.start : m.span.end] == m.surface
            counts[(m.target_type, m.target_key)] = counts.get((m.target_type, m.target_key), 0) + 1
    assert counts == REPORT_KEYS


def test_internet_is_never_interpol_in_a_medium_phrase() -> None:
    senses = [
        (m.surface, m.target_key, m.decision.rule)
        for number in range(1, len(LINES) + 1)
        for m in line_mentions(number)
        if "الإنترنت" in m.surface
    ]
    assert senses == [
        ("الإنترنت", "internet", "interpol-internet:medium"),
        ("الإنترنت", "internet", "interpol-internet:medium"),
        ("الإنترنت", "internet", "interpol-internet:medium"),
        ("الإنترنت", "internet", "interpol-internet:medium"),
        ("الإنترنت", "internet", "interpol-internet:medium"),
        ("الإنترنت", "INTERPOL", "interpol-internet:recipient"),
        ("الإنترنت", "INTERPOL", "interpol-internet:agent"),
        ("الإنترنت", "INTERPOL", "interpol-internet:coordinated-organization"),
    ]


def test_every_named_key_is_in_the_data_files() -> None:
    bodies = {b.key for b in load_bodies(load_organizations())}
    instruments = load_instruments()
    for (kind, key), _ in REPORT_KEYS.items():
        if kind in ("body", "post"):
            assert key in bodies
        if kind in ("instrument", "treaty", "document", "ga-resolution", "sc-resolution"):
            assert key in instruments


def test_data_files_are_well_formed() -> None:
    data = ROOT / "builder" / "data"
    with (data / "bodies.csv").open(encoding="utf-8") as f:
        body_rows = list(csv.DictReader(f))
    with (data / "instruments.csv").open(encoding="utf-8") as f:
        instrument_rows = list(csv.DictReader(f))
    assert list(body_rows[0]) == [
        "key", "kind", "name_en", "name_ar", "variants_ar", "parent", "organization", "link", "source"]
    assert list(instrument_rows[0]) == [
        "key",
        "type",
        "title_en",
        "title_ar",
        "symbol",
        "date_or_year",
        "issuing_body",
        "link",
        "source",
    ]
    body_keys = {r["key"] for r in body_rows}
    assert len(body_keys) == len(body_rows) == 24
    assert {r["parent"] for r in body_rows if r["parent"]} <= body_keys
    assert len({r["key"] for r in instrument_rows}) == len(instrument_rows) == 19
    for r in instrument_rows:
        if r["symbol"]:
            assert r["link"] == "https://undocs.org/" + r["symbol"].replace(" ", "")
    assert load_instruments()["S/RES/2370 (2017)"].link == "https://undocs.org/S/RES/2370(2017)"
    assert load_instruments()["PoA"].symbol == "A/CONF.192/15"


def test_a_body_that_is_an_organization_names_it_and_its_names_agree() -> None:
    # bodies.csv and organizations.csv are one list: a body of the gazetteer names its key, so it has one IRI;
    # the link is the organization the body's Arabic names find, and a body without one finds none
    organizations = load_organizations()
    bodies = load_bodies(organizations)
    linked = {b.key: b.organization.key for b in bodies if b.organization is not None}
    assert linked == {
        "INTERPOL": "interpol",
        "World Customs Organization": "world-customs-organization",
        "United Nations Office on Drugs and Crime": "unodc",
        "Peacebuilding Fund": "peacebuilding-fund",
        "United Nations Regional Centres for Peace and Disarmament": "un-regional-centres-for-peace-and-disarmament",
        "Secretary-General of the United Nations": "secretary-general",
        "United Nations Secretariat": "secretariat",
        "Security Council": "security-council",
        "General Assembly": "general-assembly",
        "Coordinating Action on Small Arms": "coordinating-action-on-small-arms",
        "Office for Disarmament Affairs": "office-for-disarmament-affairs",
        "Executive Office of the Secretary-General": "executive-office-of-the-secretary-general",
    }
    for body in bodies:
        found = {o.key for name in body.arabic_forms if (o := find_organization(organizations, name)) is not None}
        assert found == ({body.organization.key} if body.organization is not None else set()), body.key
        assert body.source


def test_the_patterns_of_the_bodies_are_built_once_when_loaded() -> None:
    bodies = REFERENCES.bodies
    assert len(bodies.patterns) == sum(len(b.arabic_forms) for b in bodies)
    [short] = [p for p in bodies.patterns if p.form == "الأمين العام"]
    assert short.short and short.body.key == "Secretary-General of the United Nations"
    assert short.required_word == "العام"
    assert short.pattern.search(normalize_letters("وأعرب الأمين العام عن")) is not None


def test_every_instrument_pattern_contains_the_word_that_gates_it() -> None:
    """A text without the word is not scanned, so the word must be one every match has: a literal of the pattern,
    outside any alternation, and found in the matches of the report and of titles written out."""
    assert [word for _, word, *_ in instruments._TITLES] == ["برنامج", "برنامج", "صك", "الدولي", "الاسلحة", "بروتوكول"]
    assert sorted(instruments.HEAD_WORDS) == sorted(instruments.HEAD_PATTERNS)
    gated = [(rx, word) for rx, word, *_ in instruments._TITLES]
    gated += [(rx, instruments.CHARTER_WORD) for rx in (instruments.CHARTER_FULL, instruments.CHARTER_BARE)]
    gated += [(instruments.HEAD_PATTERNS[h], w) for h, w in instruments.HEAD_WORDS.items()]
    texts = [normalize_letters(t) for t in (*SOURCE.splitlines(), "وللميثاق", "ونظامه الداخلي", "جدول أعماله")]
    assert matches_holding_their_word(gated, texts) > 100


# ------------------------------------------------------------- other texts

OTHER = CitationContext(2022, "2022-09-30")

OTHER_CASES = [
    (
        "تنفيذ قرار مجلس الأمن ١٥٤٠ (٢٠٠٤) تنفيذا كاملا",
        [(6, 33, "قرار مجلس الأمن ١٥٤٠ (٢٠٠٤)", "S/RES/1540 (2004)", "sc-resolution", "sc-pattern", 0.95)],
    ),
    (
        "وقراري مجلس الأمن 2117 (2013) و 2220 (2015)",
        [
            (0, 29, "وقراري مجلس الأمن 2117 (2013)", "S/RES/2117 (2013)", "sc-resolution", "sc-pattern", 0.95),
            (32, 43, "2220 (2015)", "S/RES/2220 (2015)", "sc-resolution", "sc-pattern", 0.95),
        ],
    ),
    (
        "قرار مجلس الأمن ٢٧٠٠ (٢٠٢٣)",  # after the text's year: not a resolution, the Council stays
        [(5, 15, "مجلس الأمن", "Security Council", "body", "gazetteer:variant", 0.9)],
    ),
    (
        "الغاية ٥-٢ والمؤشر ١-١-١ والغاية ١٦-أ",
        [
            (0, 10, "الغاية ٥-٢", "SDG 5.2", "sdg-target", "sdg-pattern", 0.95),
            (11, 24, "والمؤشر ١-١-١", "SDG 1.1.1", "sdg-indicator", "sdg-pattern", 0.95),
            (25, 37, "والغاية ١٦-أ", "SDG 16.a", "sdg-target", "sdg-pattern", 0.95),
        ],
    ),
    ("الهدف ١٨ من الأهداف", []),  # there are 17 goals
    (
        "وفقاً للمادة ٢٧ من ميثاق الأمم المتحدة",
        [
            (6, 38, "للمادة ٢٧ من ميثاق الأمم المتحدة", "UN Charter Art. 27", "provision", "explicit-instrument", 0.95),
            (19, 38, "ميثاق الأمم المتحدة", "UN Charter", "treaty", "charter-name", 0.95),
        ],
    ),
    ("الميثاق الأفريقي لحقوق الإنسان والشعوب", []),  # another charter
    (
        "الفقرة ١٤ من الفرع الثالث من برنامج العمل",
        [
            (
                0,
                41,
                "الفقرة ١٤ من الفرع الثالث من برنامج العمل",
                "PoA section III para 14",
                "provision",
                "explicit-instrument",
                0.95,
            ),
            (29, 41, "برنامج العمل", "PoA", "instrument", "instrument-short-title", 0.95),
        ],
    ),
    ("الفقرة ١٤ من الفرع الثالث", []),  # a paragraph of the text itself
    (
        "الدول الأطراف في بروتوكول الأسلحة النارية",
        [(17, 41, "بروتوكول الأسلحة النارية", "Firearms Protocol", "treaty", "instrument-title", 0.9)],
    ),
    (
        "انضمت إلى معاهدة تجارة الأسلحة",
        [(10, 30, "معاهدة تجارة الأسلحة", "Arms Trade Treaty", "treaty", "instrument-title", 0.95)],
    ),
    (
        "(A/72/163، الفقرة ٥ (ب))",
        [
            (1, 9, "A/72/163", "A/72/163", "document", "symbol", 1.0),
            (1, 23, "A/72/163، الفقرة ٥ (ب)", "A/72/163 para 5(b)", "provision", "symbol-paragraph", 0.95),
        ],
    ),
    (
        "اعتمد مجلس حقوق الإنسان القرار ١/٣٣",
        [],  # another body numbers its resolutions session/number
    ),
    (
        "طلب إلى الأمين العام للمؤتمر وإلى الأمين العام",
        [
            (8, 28, "الأمين العام للمؤتمر", "Secretary-General of the Conference", "post", "gazetteer:name", 0.95),
            (
                34,
                46,
                "الأمين العام",
                "Secretary-General of the United Nations",
                "body",
                "gazetteer:short-form",
                0.85,
            ),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_CASES, ids=[c[0][:24] for c in OTHER_CASES])
def test_other_texts(text: str, expected: list[tuple[int, int, str, str, str, str, float]]) -> None:
    found = mentions_in(text, 0, "p", OTHER)
    assert rows(found) == expected


def test_base_offset_and_extra() -> None:
    text = "إبراز التقدم في إطار المؤشر ١٦-أ-١ والغاية ١٦-٤"
    found = mentions_in(text, 1000, "para_71", OTHER)
    assert [(m.span.start, m.span.end, m.target_key, m.extra) for m in found] == [
        (
            1021,
            1034,
            "SDG 16.a.1",
            {"iri": "http://metadata.un.org/sdg/C160a01", "goal": "16", "target": "16.a"},
        ),
        (1035, 1047, "SDG 16.4", {"iri": "http://metadata.un.org/sdg/16.4", "goal": "16"}),
    ]
    sdg = mentions_in("الهدف ٥.", 0, "p", OTHER)
    assert [(m.target_key, m.extra["iri"]) for m in sdg] == [("SDG 5", "http://metadata.un.org/sdg/5")]


INTERNET_CASES = [
    # (text, key, type, rule)
    ("بيع الأسلحة على الإنترنت", "internet", "concept", "interpol-internet:medium"),
    ("التجارة عبر شبكة الإنترنت", "internet", "concept", "interpol-internet:medium"),
    ("الاتصال بالإنترنت", "internet", "concept", "interpol-internet:medium"),
    ("تحسين الوصول إلى الإنترنت بعد تقديم الطلب", "internet", "concept", "interpol-internet:default-literal"),
    ("انتشار الإنترنت في المدن", "internet", "concept", "interpol-internet:default-literal"),
    ("الفرص التي تتيحها الإنترنت للتجارة", "internet", "concept", "interpol-internet:default-literal"),
    ("القاعدة التي أنشأتها الإنترنت لهذا الغرض", "INTERPOL", "body", "interpol-internet:agent"),
    ("إرسال البيانات الوطنية إلى الإنترنت", "INTERPOL", "body", "interpol-internet:recipient"),
    (
        "بدعم من مكتب الأمم المتحدة المعني بالمخدرات والجريمة والإنترنت",
        "INTERPOL",
        "body",
        "interpol-internet:coordinated-organization",
    ),
]


@pytest.mark.parametrize(("text", "key", "kind", "rule"), INTERNET_CASES, ids=[c[0] for c in INTERNET_CASES])
def test_interpol_or_internet(text: str, key: str, kind: str, rule: str) -> None:
    found = [m for m in mentions_in(text, 0, "p", OTHER) if "نترنت" in m.surface]
    assert [(m.target_key, m.target_type, m.decision.rule) for m in found] == [(key, kind, rule)]
    if key == "INTERPOL":
        assert found[0].extra == {"read_as": "الإنتربول"}


# --------------------------------------------------------- the GA order rule


def reading(r: ResolutionReading) -> tuple[str, str, float, bool]:
    return (r.key, r.rule, r.confidence, r.flagged)


ORDER_CASES = [
    (
        "this report's pairs",
        [ResolutionCandidate(57, 72, 72), ResolutionCandidate(55, 72), ResolutionCandidate(81, 60)],
        2018,
        7,
        [
            ("A/RES/72/57", "context-session", 0.95, False),
            ("A/RES/72/55", "document-order", 0.7, False),
            ("A/RES/60/81", "session-bound", 0.9, False),
        ],
    ),
    (
        "242/69 in a 2016 report",
        [ResolutionCandidate(242, 69)],
        2016,
        None,
        [("A/RES/69/242", "session-bound", 0.9, False)],
    ),
    (
        "12/75 in 2018: 75 is too late",
        [ResolutionCandidate(12, 75)],
        2018,
        None,
        [("A/RES/12/75", "session-bound", 0.9, False)],
    ),
    ("12/75 alone in 2021", [ResolutionCandidate(12, 75)], 2021, None, [("A/RES/12/75", "written-order", 0.3, True)]),
    (
        "12/75 in 2021 beside a decided reversed pair",
        [ResolutionCandidate(12, 75), ResolutionCandidate(120, 70)],
        2021,
        None,
        [("A/RES/75/12", "document-order", 0.7, False), ("A/RES/70/120", "session-bound", 0.9, False)],
    ),
    (
        "a tie between the decided pairs",
        [ResolutionCandidate(100, 50), ResolutionCandidate(60, 200), ResolutionCandidate(66, 70)],
        2020,
        None,
        [
            ("A/RES/50/100", "session-bound", 0.9, False),
            ("A/RES/60/200", "session-bound", 0.9, False),
            ("A/RES/66/70", "written-order", 0.3, True),
        ],
    ),
    (
        "a majority with dissent",
        [
            ResolutionCandidate(100, 50),
            ResolutionCandidate(90, 40),
            ResolutionCandidate(60, 200),
            ResolutionCandidate(30, 45),
        ],
        2020,
        None,
        [
            ("A/RES/50/100", "session-bound", 0.9, False),
            ("A/RES/40/90", "session-bound", 0.9, False),
            ("A/RES/60/200", "session-bound", 0.9, False),
            ("A/RES/45/30", "document-order", 0.6, False),
        ],
    ),
    (
        "a hint that matches neither reading is ignored",
        [ResolutionCandidate(30, 40, 72)],
        2018,
        None,
        [("A/RES/30/40", "written-order", 0.3, True)],
    ),
    (
        "the same pair decided at another occurrence",
        [ResolutionCandidate(5, 70), ResolutionCandidate(5, 70, 70)],
        2018,
        None,
        [("A/RES/70/5", "same-pair", 0.95, False), ("A/RES/70/5", "context-session", 0.95, False)],
    ),
    ("no possible reading", [ResolutionCandidate(150, 90)], 2018, None, [("A/RES/150/90", "unresolvable", 0.1, True)]),
    (
        "the autumn part of the year",
        [ResolutionCandidate(10, 73)],
        2018,
        10,
        [("A/RES/10/73", "written-order", 0.3, True)],
    ),
    ("before September", [ResolutionCandidate(10, 73)], 2018, 6, [("A/RES/10/73", "session-bound", 0.9, False)]),
]


@pytest.mark.parametrize(
    ("name", "candidates", "year", "month", "expected"), ORDER_CASES, ids=[c[0] for c in ORDER_CASES]
)
def test_decide_resolution_order(
    name: str,
    candidates: list[ResolutionCandidate],
    year: int,
    month: int | None,
    expected: list[tuple[str, str, float, bool]],
) -> None:
    assert [reading(r) for r in decide_resolution_order(candidates, year, month)] == expected


@pytest.mark.parametrize(
    ("year", "month", "bound"), [(2018, None, 73), (2018, 7, 72), (2018, 9, 73), (2016, None, 71), (1946, 1, 0)]
)
def test_max_ga_session(year: int, month: int | None, bound: int) -> None:
    assert max_ga_session(year, month) == bound


def test_candidates_and_two_pass_context() -> None:
    texts = [
        "اتخذت الجمعية العامة في دورتها السبعين القرار ٢٤/٧٠ بشأن الموضوع.",
        "ويشير إلى قرار الجمعية العامة ٤٠/٦٩.",
        "وإلى القرارين ٢٤٢/٦٩ و١٢/٦٨.",
    ]
    assert find_resolution_candidates(texts[0]) == [ResolutionCandidate(24, 70, 70)]
    assert find_resolution_candidates(texts[2]) == [ResolutionCandidate(242, 69), ResolutionCandidate(12, 68)]
    ctx = scan_document(texts, 2016, "2016-08-01")
    found = mentions_in(texts[1], 0, "p", ctx)
    assert [(m.surface, m.target_key, m.decision.rule) for m in found] == [
        ("قرار الجمعية العامة ٤٠/٦٩", "A/RES/69/40", "document-order")
    ]
    found = mentions_in(texts[2], 0, "p", ctx)
    assert [(m.surface, m.target_key, m.decision.rule) for m in found] == [
        ("القرارين ٢٤٢/٦٩", "A/RES/69/242", "session-bound"),
        ("١٢/٦٨", "A/RES/68/12", "document-order"),
    ]
    # without the first pass the same pair is only kept as written, and flagged
    alone = mentions_in(texts[1], 0, "p", CitationContext(2016))
    assert [(m.target_key, m.decision.rule, m.extra["flagged"]) for m in alone] == [
        ("A/RES/40/69", "written-order", "true")
    ]


def test_a_reversed_pair_is_recorded_as_written_and_read_by_the_resolver() -> None:
    text = "وإذ تشير إلى القرار ٥٧/٧٢ الذي اتخذته الجمعية العامة في دورتها الثانية والسبعين، ولا سيما الفقرة ٣ منه."
    ctx = scan_document([text], 2018, "2018-07-06")
    assert ctx.resolution_candidates == (ResolutionCandidate(57, 72, 72),)
    found = extract_citations(text, 0, "p", ctx, REFERENCES)
    assert [(c.span.start, c.span.end, c.surface, c.target) for c in found if not isinstance(c.target, Target)] == [
        (13, 25, "القرار ٥٧/٧٢", ResolutionPair(ResolutionCandidate(57, 72, 72), named_ga=True)),
        (
            90,
            98,
            "الفقرة ٣",
            ProvisionOfPair(
                ResolutionCandidate(57, 72, 72),
                "para 3",
                "para_3",
                Decision(
                    "sentence-instrument",
                    0.7,
                    "no instrument named after the reference; the nearest instrument before it in the sentence",
                ),
            ),
        ),
    ]
    readings = readings_by_pair(ctx.resolution_candidates, ctx.year, ctx.month)
    assert readings == {
        (57, 72): ResolutionReading(72, 57, "context-session", 0.95, True, "the sentence names session 72")
    }
    assert read_resolution(ResolutionCandidate(57, 72), readings, 2018, 7) is readings[(57, 72)]
    # a pair the document did not show is read on its own evidence
    assert read_resolution(ResolutionCandidate(81, 60), readings, 2018, 7) == ResolutionReading(
        60, 81, "session-bound", 0.9, True, "session 81 is after the last possible session 72"
    )
    mentions = resolve_in_context(found, ctx)
    assert [(m.target_key, m.target_type, m.decision.rule, m.decision.confidence, m.extra) for m in mentions] == [
        (
            "A/RES/72/57",
            "ga-resolution",
            "context-session",
            0.95,
            {"written": "57/72", "session": "72", "number": "57", "link": "https://undocs.org/A/RES/72/57"},
        ),
        ("General Assembly", "body", "gazetteer:variant", 0.9, {}),
        ("A/RES/72/57 para 3", "provision", "sentence-instrument", 0.7, {"instrument": "A/RES/72/57", "eid": "para_3"}),
    ]


def test_the_most_confident_reading_of_a_pair_written_twice() -> None:
    candidates = [ResolutionCandidate(5, 70), ResolutionCandidate(5, 70, 70), ResolutionCandidate(12, 75)]
    readings = readings_by_pair(candidates, 2021)
    assert {pair: (r.key, r.rule, r.confidence) for pair, r in readings.items()} == {
        (5, 70): ("A/RES/70/5", "same-pair", 0.95),  # the first of two equally confident readings
        (12, 75): ("A/RES/75/12", "document-order", 0.7),
    }


@pytest.mark.parametrize(
    ("cues", "expected"),
    [
        (InternetCues(medium=True, agent=True, recipient=True, coordinated=True),
         ("internet", "concept", "interpol-internet:medium", 0.95, {})),
        (InternetCues(medium=False, agent=True, recipient=True, coordinated=True),
         ("INTERPOL", "body", "interpol-internet:agent", 0.85, {"read_as": "الإنتربول"})),
        (InternetCues(medium=False, agent=False, recipient=True, coordinated=True),
         ("INTERPOL", "body", "interpol-internet:recipient", 0.8, {"read_as": "الإنتربول"})),
        (InternetCues(medium=False, agent=False, recipient=False, coordinated=True),
         ("INTERPOL", "body", "interpol-internet:coordinated-organization", 0.8, {"read_as": "الإنتربول"})),
        (InternetCues(medium=False, agent=False, recipient=False, coordinated=False),
         ("internet", "concept", "interpol-internet:default-literal", 0.6, {})),
    ],
)
def test_read_internet(cues: InternetCues, expected: tuple[str, str, str, float, dict[str, str]]) -> None:
    t = read_internet(cues)
    assert (t.key, t.type, t.decision.rule, t.decision.confidence, t.extra) == expected


def test_internet_cues_are_recorded_by_the_finder() -> None:
    [found] = extract_citations("القاعدة التي أنشأتها الإنترنت لهذا الغرض", 0, "p", OTHER, REFERENCES)
    assert (found.surface, found.target) == (
        "الإنترنت",
        InternetCues(medium=False, agent=True, recipient=False, coordinated=False),
    )


def test_the_citations_of_the_report(document: Document) -> None:
    facts = find_citations(document, REFERENCES)
    assert facts.context.year == 2018 and facts.context.month == 7
    assert [u.eid for u, c in facts.found] == [c.unit_eid for _, c in facts.found]
    mentions = resolve_citations(facts)
    assert [(u, m.span, m.surface) for u, m in mentions] == [(u, c.span, c.surface) for u, c in facts.found]
    assert citation_counts("A/CONF.192/2018/RC/3", mentions) == {"A/CONF.192/2018/RC/3: mentions": 294}
    assert [(m.target_key, m.decision.rule) for _, m in mentions if m.target_type == "ga-resolution"] == [
        ("A/RES/72/57", "context-session"),
        ("A/RES/72/55", "document-order"),
        ("A/RES/60/81", "session-bound"),
    ]


# ----------------------------------------------------------- number helpers


@pytest.mark.parametrize(
    ("arabic", "western"), [("٢٠١٨", "2018"), ("١٦-٤-٢", "16-4-2"), ("۱۲۳", "123"), ("A/RES/72/57", "A/RES/72/57")]
)
def test_digits(arabic: str, western: str) -> None:
    assert to_western_digits(arabic) == western
    if western.isdigit():
        assert parse_int(arabic) == int(western)
        assert to_arabic_indic_digits(western) == to_arabic_indic_digits(arabic)


def test_number_helpers() -> None:
    assert to_arabic_indic_digits("18-29") == "١٨-٢٩"
    with pytest.raises(ValueError):
        parse_int("١٨a")
    assert [to_roman(n) for n in (1, 2, 4, 9, 14)] == ["I", "II", "IV", "IX", "XIV"]
    assert [abjad_to_latin(x) for x in ("أ", "ب", "ج", "د", "هـ", "و", "b", "ظ")] == [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "b",
        None,
    ]


def test_unit_made_of_pieces() -> None:
    # a unit broken by a page break: its text joins the two pieces with one space
    source = "عنوان\nوفقاً للمادة ٥١\n\nللميثاق، وقرار مجلس الأمن ١٥٤٠ (٢٠٠٤)."
    first, second = (6, 21), (23, len(source))
    text = source[first[0] : first[1]] + " " + source[second[0] : second[1]]
    offsets = [*range(first[0], first[1]), second[0], *range(second[0], second[1])]
    found = mentions_in(text, 0, "para_2", OTHER, offsets=offsets, source=source)
    assert [(m.span.start, m.span.end, m.surface, m.target_key) for m in found] == [
        (12, 30, "للمادة ٥١\n\nللميثاق", "UN Charter Art. 51"),
        (23, 30, "للميثاق", "UN Charter"),
        (32, 60, "وقرار مجلس الأمن ١٥٤٠ (٢٠٠٤)", "S/RES/1540 (2004)"),
    ]
