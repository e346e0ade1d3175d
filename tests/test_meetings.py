"""Dates, Arabic number words and month names, and the meetings a report speaks of."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from builder.arabic.numbers import (
    cardinal_to_int,
    find_months,
    find_ordinals,
    month_to_int,
    ordinal_to_int,
)
from builder.arabic.text import normalize_letters
from builder.extract.meetings import phrases
from builder.extract.meetings.dates import parse_arabic_dates
from builder.extract.meetings.document import extract_meetings_in_order, find_meetings
from builder.extract.meetings.facts import MeetingMention, MeetingRecord
from builder.extract.meetings.unit import extract_meetings
from builder.model import Decision, Document, Span
from builder.reference_data.meetings import load_calendar
from builder.resolve.meetings import meeting_counts, merge_meetings, resolve_meetings, resolve_series
from tests.conftest import matches_holding_their_word

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "corpus" / "A-CONF.192-2018-RC-3.ar.txt").read_text(encoding="utf-8")
LINES = SOURCE.split("\n")
OFFSETS = [sum(len(line) + 1 for line in LINES[:i]) for i in range(len(LINES))]
UNITS = [(line, OFFSETS[i], f"line_{i + 1}") for i, line in enumerate(LINES)]
CALENDAR = load_calendar()


# ---------------------------------------------------------------- number words


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("الأولى", 1),
        ("الأول", 1),
        ("أولى", 1),
        ("الثانية", 2),
        ("ثان", 2),
        ("الخامسة", 5),
        ("السادس", 6),
        ("العاشرة", 10),
        ("الحادية عشرة", 11),
        ("الحادي عشر", 11),
        ("السابعة عشرة", 17),
        ("الثامنة عشرة", 18),
        ("الثامن عشر", 18),
        ("العشرين", 20),
        ("الحادي والعشرون", 21),
        ("الثانية والسبعين", 72),
        ("الثالثة والسبعون", 73),
        ("التاسع والتسعين", 99),
        ("المائة", 100),
        ("رابعاً", 4),
        ("رابعا", 4),
        ("ثالثة", 3),
        ("الحادية", None),  # "first" only inside a compound
        ("الأولى عشرة", None),
        ("الجلسة", None),
    ],
)
def test_ordinal_to_int(phrase: str, value: int | None) -> None:
    assert ordinal_to_int(phrase) == value


def test_find_ordinals() -> None:
    text = "في الجلسات من السادسة إلى السابعة عشرة، في دورتها الثانية والسبعين، مؤتمرا رابعا"
    assert find_ordinals(text) == [(6, 14, 21), (17, 26, 38), (72, 50, 66), (4, 75, 80)]


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("كانون الثاني/يناير", 1),
        ("يناير", 1),
        ("شباط/فبراير", 2),
        ("آذار/مارس", 3),
        ("اذار", 3),
        ("نيسان/أبريل", 4),
        ("إبريل", 4),
        ("أيار/مايو", 5),
        ("حزيران/يونيه", 6),
        ("حزيران / يونيو", 6),
        ("حزيران", 6),
        ("تموز/يوليه", 7),
        ("آب/أغسطس", 8),
        ("أيلول/سبتمبر", 9),
        ("تشرين الأول/أكتوبر", 10),
        ("تشرين الثاني/نوفمبر", 11),
        ("كانون الأول/ديسمبر", 12),
        ("ديسمبر", 12),
        ("حزيران/يوليه", None),  # the two halves disagree
        ("الثاني", None),
    ],
)
def test_month_to_int(name: str, month: int | None) -> None:
    assert month_to_int(name) == month


def test_find_months() -> None:
    assert find_months("من ١٩ إلى ٢٣ آذار/مارس ولغاية كانون الأول/ديسمبر") == [(3, 13, 22), (12, 30, 48)]


@pytest.mark.parametrize(
    ("word", "value"), [("واحد", 1), ("أسبوع", None), ("خمسة", 5), ("خمس", 5), ("ثلاثة", 3), ("١٢", 12)]
)
def test_cardinal_to_int(word: str, value: int | None) -> None:
    assert cardinal_to_int(word) == value


# ----------------------------------------------------------------------- dates

DATE_CASES = [
    ("١٨ حزيران/يونيه ٢٠١٨", None, [(date(2018, 6, 18), date(2018, 6, 18), 0, 20)]),
    ("في ١٨ حزيران/يونيه", 2018, [(date(2018, 6, 18), date(2018, 6, 18), 3, 18)]),
    ("في ١٨ حزيران/يونيه", None, []),  # no year and no hint
    (
        "في الفترة من ١٨ إلى ٢٩ حزيران/يونيه ٢٠١٨",
        None,
        [(date(2018, 6, 18), date(2018, 6, 29), 13, 40)],
    ),
    ("يومي ١٨ و ١٩ حزيران/يونيه", 2018, [(date(2018, 6, 18), date(2018, 6, 19), 5, 25)]),
    ("نيويورك، ١٨-٢٩ حزيران/يونيه ٢٠١٨", None, [(date(2018, 6, 18), date(2018, 6, 29), 9, 32)]),
    ("من 19 إلى 23 آذار/مارس 2018", None, [(date(2018, 3, 19), date(2018, 3, 23), 3, 27)]),
    ("من ٣٠ أيار/مايو إلى ٣ حزيران/يونيه", 2022, [(date(2022, 5, 30), date(2022, 6, 3), 3, 34)]),
    (
        "من ٢٨ كانون الأول/ديسمبر ٢٠١٨ إلى ٣ كانون الثاني/يناير ٢٠١٩",
        None,
        [(date(2018, 12, 28), date(2019, 1, 3), 3, 59)],
    ),
    ("من ٢٨ كانون الأول/ديسمبر إلى ٣ كانون الثاني/يناير ٢٠١٩", None, [(date(2018, 12, 28), date(2019, 1, 3), 3, 54)]),
    ("الجلسة الحادية عشرة المعقودة في ٣ آذار/مارس ٢٠٢٢", None, [(date(2022, 3, 3), date(2022, 3, 3), 32, 48)]),
    ("في ٣١ شباط/فبراير ٢٠٢٠ وفي ٥ نيسان ٢٠٢١", None, [(date(2021, 4, 5), date(2021, 4, 5), 27, 39)]),
    ("في عام ٢٠٢٠ وفي الفترة ٢٠١٨-٢٠٢٤", 2018, []),  # years alone are not dates
]


@pytest.mark.parametrize(("text", "hint", "expected"), DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_parse_arabic_dates(text: str, hint: int | None, expected: list[tuple[date, date, int, int]]) -> None:
    found = parse_arabic_dates(text, hint)
    assert [(a, b, s.start, s.end) for a, b, s in found] == expected


# ---------------------------------------------------------- the report's meetings


def meeting_rows(
    found: list[MeetingMention],
) -> list[tuple[int, int, str, str, str, int | None, date | None, date | None, int | None]]:
    return [(m.span.start, m.span.end, m.surface, m.key, m.kind, m.number, m.start, m.end, m.year) for m in found]


CONFERENCE_NAME = (
    "مؤتمر الأمم المتحدة الثالث لاستعراض التقدم المحرز في تنفيذ برنامج العمل المتعلق بمنع الاتجار غير المشروع"
    " بالأسلحة الصغيرة والأسلحة الخفيفة من جميع جوانبه ومكافحته والقضاء عليه"
)
JUNE_18, JUNE_19, JUNE_20, JUNE_29 = date(2018, 6, 18), date(2018, 6, 19), date(2018, 6, 20), date(2018, 6, 29)

REPORT_CASES = [
    (
        24,  # report para 1: the conference, then its preparatory committee
        [
            (566, 741, CONFERENCE_NAME, "revcon-2018", "review-conference", 3, JUNE_18, JUNE_29, 2018),
            (
                802,
                825,
                "اجتماع اللجنة التحضيرية",
                "prepcom-2018",
                "preparatory-committee",
                None,
                date(2018, 3, 19),
                date(2018, 3, 23),
                2018,
            ),
        ],
    ),
    (
        25,
        [
            (
                891,
                907,
                "اللجنة التحضيرية",
                "prepcom-2018",
                "preparatory-committee",
                None,
                date(2018, 3, 19),
                date(2018, 3, 23),
                2018,
            )
        ],
    ),
    (26, [(1033, 1049, "اللجنة التحضيرية", "prepcom-2018", "preparatory-committee", None, None, None, 2018)]),
    (
        34,  # report para 4: the opening, "that meeting"
        [
            (1330, 1505, CONFERENCE_NAME, "revcon-2018", "review-conference", 3, JUNE_18, JUNE_29, 2018),
            (
                1580,
                1647,
                "وافتتحت الممثلة السامية لشؤون نزع السلاح المؤتمر في ١٨ حزيران/يونيه",
                "plenary-1",
                "plenary",
                1,
                JUNE_18,
                JUNE_18,
                2018,
            ),
            (1653, 1663, "تلك الجلسة", "plenary-1", "plenary", 1, JUNE_18, JUNE_18, 2018),
        ],
    ),
    (38, [(2022, 2034, "جلسته الأولى", "plenary-1", "plenary", 1, JUNE_18, JUNE_18, 2018)]),
    (105, [(3555, 3564, "الجلسة ١٨", "plenary-18", "plenary", 18, JUNE_29, JUNE_29, 2018)]),
    (
        109,  # report para 11: meetings 1 to 4 over two days
        [
            (3808, 3837, "الجلسات من الأولى إلى الرابعة", f"plenary-{n}", "plenary", n, JUNE_18, JUNE_19, 2018)
            for n in range(1, 5)
        ],
    ),
    (113, [(5564, 5578, "الجلسة الخامسة", "plenary-5", "plenary", 5, JUNE_20, JUNE_20, 2018)]),
    (
        123,  # report para 14: meetings 6 to 17
        [
            (6748, 6783, "الجلسات من السادسة إلى السابعة عشرة", f"plenary-{n}", "plenary", n, JUNE_20, JUNE_29, 2018)
            for n in range(6, 18)
        ],
    ),
    (125, [(6906, 6914, "جلسته ١٨", "plenary-18", "plenary", 18, JUNE_29, JUNE_29, 2018)]),
    (139, [(8325, 8334, "الجلسة ١٨", "plenary-18", "plenary", 18, None, None, None)]),  # no previous given
    (183, [(12569, 12578, "الجلسة ١٨", "plenary-18", "plenary", 18, JUNE_29, JUNE_29, 2018)]),
    (
        207,  # annex I.10: the Second Review Conference, year from the series calendar
        [
            (
                16572,
                16747,
                CONFERENCE_NAME.replace("الثالث", "الثاني"),
                "revcon-2012",
                "review-conference",
                2,
                None,
                None,
                2012,
            )
        ],
    ),
    (
        526,
        [
            (
                57937,
                57981,
                "الاجتماع السابع للدول الذي يعقد مرة كل سنتين",
                "bms-7",
                "biennial-meeting",
                7,
                None,
                None,
                None,
            )
        ],
    ),
    (
        530,
        [
            (
                58085,
                58134,
                "اجتماعاً من اجتماعات الدول التي تعقد مرة كل سنتين",
                "bms-2020",
                "biennial-meeting",
                None,
                None,
                None,
                2020,
            )
        ],
    ),
    (
        532,
        [
            (
                58826,
                58882,
                "اجتماعا مدته أسبوع واحد من الاجتماعات التي تعقد كل سنتين",
                "bms-2022",
                "biennial-meeting",
                None,
                None,
                None,
                2022,
            ),
            (
                58919,
                58971,
                "اجتماع الدول السابع من الاجتماعات التي تعقد كل سنتين",
                "bms-7",
                "biennial-meeting",
                7,
                None,
                None,
                None,
            ),
        ],
    ),
    (
        533,
        [
            (
                58992,
                59167,
                "مؤتمرا رابعا للأمم المتحدة لاستعراض التقدم المحرز في تنفيذ برنامج العمل المتعلق بمنع الاتجار"
                " غير المشروع بالأسلحة الصغيرة والأسلحة الخفيفة من جميع جوانبه ومكافحته والقضاء عليه",
                "revcon-2024",
                "review-conference",
                4,
                None,
                None,
                2024,
            ),
            (59189, 59200, "هذا المؤتمر", "revcon-2024", "review-conference", 4, None, None, 2024),
            (59223, 59245, "اجتماع للجنة التحضيرية", "prepcom-2024", "preparatory-committee", None, None, None, 2024),
        ],
    ),
]


@pytest.mark.parametrize(("line", "expected"), REPORT_CASES, ids=[f"line-{c[0]}" for c in REPORT_CASES])
def test_report_line(
    line: int, expected: list[tuple[int, int, str, str, str, int | None, date | None, date | None, int | None]]
) -> None:
    found = extract_meetings(LINES[line - 1], OFFSETS[line - 1], f"line_{line}", 2018, calendar=CALENDAR)
    assert meeting_rows(found) == expected
    for m in found:
        assert SOURCE[m.span.start : m.span.end] == m.surface


def test_future_meetings_details() -> None:
    v6 = extract_meetings(LINES[532], OFFSETS[532], "annex_V_6", 2018, calendar=CALENDAR)
    assert [(m.key, m.duration, m.duration_iso, m.duration_bound, m.timing, m.precedes) for m in v6] == [
        ("revcon-2024", "لمدة أسبوعين", "P2W", None, None, None),
        ("revcon-2024", "لمدة أسبوعين", "P2W", None, None, None),
        ("prepcom-2024", "لا تتجاوز مدته خمسة أيام", "P5D", "max", "early", "revcon-2024"),
    ]
    assert v6[0].decision == Decision("review-conference-name", 0.95, "duration from a later 'هذا المؤتمر'")
    assert v6[1].decision == Decision("anaphor:this-conference", 0.85, "the conference named before: revcon-2024")
    v4 = extract_meetings(LINES[529], OFFSETS[529], "annex_V_4", 2018, calendar=CALENDAR)
    assert [(m.key, m.duration, m.duration_iso) for m in v4] == [("bms-2020", "لمدة أسبوع واحد", "P1W")]
    v5 = extract_meetings(LINES[531], OFFSETS[531], "annex_V_5", 2018, calendar=CALENDAR)
    assert [(m.key, m.duration_iso, m.decision.note) for m in v5] == [
        ("bms-2022", "P1W", "year from the clause before"),
        ("bms-7", None, None),
    ]


def test_places_and_preceding() -> None:
    para1 = extract_meetings(LINES[23], OFFSETS[23], "para_1", 2018, calendar=CALENDAR)
    assert [(m.key, m.place, m.precedes) for m in para1] == [
        ("revcon-2018", "New York", None),
        ("prepcom-2018", "New York", "revcon-2018"),
    ]
    para4 = extract_meetings(LINES[33], OFFSETS[33], "para_4", 2018, calendar=CALENDAR)
    assert [(m.key, m.place, m.decision.rule) for m in para4] == [
        ("revcon-2018", "United Nations Headquarters, New York", "review-conference-name"),
        ("plenary-1", None, "opening-meeting"),
        ("plenary-1", None, "anaphor:previous-meeting"),
    ]


def test_title_block_and_preamble_as_units() -> None:
    title = "\n".join(LINES[11:16])
    found = extract_meetings(title, OFFSETS[11], "title", 2018, calendar=CALENDAR)
    assert [(m.key, m.start, m.end, m.place, m.span.start, m.span.end) for m in found] == [
        ("revcon-2018", JUNE_18, JUNE_29, "New York", 74, 249)
    ]
    assert SOURCE[74:249] == found[0].surface
    assert found[0].surface.startswith("مؤتمر الأمم المتحدة الثالث")
    assert found[0].surface.endswith("ومكافحته والقضاء عليه")
    preamble = "\n".join(LINES[513:516])
    found = extract_meetings(preamble, OFFSETS[513], "annex_V_preamble_2", 2018, calendar=CALENDAR)
    assert [(m.key, m.kind, m.number, m.year, m.decision.note) for m in found] == [
        ("bms-5-2014", "biennial-meeting", 5, 2014, None),
        ("bms-6-2016", "biennial-meeting", 6, 2016, None),
        ("mge-2015", "expert-meeting", None, 2015, None),
    ]


def test_whole_report_in_order() -> None:
    found = extract_meetings_in_order(UNITS, 2018, conference_key="revcon-2018", calendar=CALENDAR)
    assert Counter(m.key for m in found) == Counter(
        {
            "plenary-18": 7,
            "revcon-2018": 8,
            "plenary-1": 5,
            "prepcom-2018": 3,
            "plenary-5": 2,
            "bms-7": 2,
            "revcon-2024": 2,
            **{f"plenary-{n}": 1 for n in (2, 3, 4, *range(6, 18))},
            "revcon-2012": 1,
            "bms-5-2014": 1,
            "bms-6-2016": 1,
            "mge-2015": 1,
            "bms-2020": 1,
            "bms-2022": 1,
            "prepcom-2024": 1,
        }
    )
    # report paras 16-19: "الجلسة ١٨ أيضا" and "الجلسة نفسها" take meeting 18's date
    later = [
        (m.unit_eid, m.key, m.start, m.decision.rule)
        for m in found
        if m.unit_eid in {"line_139", "line_141", "line_155", "line_169"}
    ]
    assert later == [
        ("line_139", "plenary-18", JUNE_29, "plenary-number"),
        ("line_141", "plenary-18", JUNE_29, "anaphor:previous-meeting"),
        ("line_155", "plenary-18", JUNE_29, "plenary-number"),
        ("line_169", "plenary-18", JUNE_29, "plenary-number"),
    ]
    assert {m.part_of for m in found if m.kind == "plenary"} == {"revcon-2018"}
    assert {m.part_of for m in found if m.kind != "plenary"} == {None}


def test_merge_meetings() -> None:
    records = merge_meetings(extract_meetings_in_order(UNITS, 2018, calendar=CALENDAR))
    summary = {k: (r.start, r.end, r.year, r.duration_iso, r.place, r.mentions) for k, r in records.items()}
    assert summary["revcon-2018"] == (JUNE_18, JUNE_29, 2018, None, "United Nations Headquarters, New York", 8)
    assert summary["prepcom-2018"] == (
        date(2018, 3, 19),
        date(2018, 3, 23),
        2018,
        None,
        "United Nations Headquarters, New York",
        3,
    )
    assert summary["plenary-1"] == (JUNE_18, JUNE_18, 2018, None, None, 5)  # narrowed from 18-19 June
    assert summary["plenary-4"] == (JUNE_18, JUNE_19, 2018, None, None, 1)
    assert summary["plenary-6"] == (JUNE_20, JUNE_29, 2018, None, None, 1)
    assert summary["revcon-2024"] == (None, None, 2024, "P2W", None, 2)
    assert records["prepcom-2024"].timing == "early"
    assert records["prepcom-2024"].duration_bound == "max"


def test_merge_narrows_by_meeting_order() -> None:
    def plenary(n: int, start: date, end: date) -> MeetingMention:
        return MeetingMention("u", f"plenary-{n}", "plenary", Span(0, 1), "x", Decision("t", 1.0), n, start, end, 2019)

    records = merge_meetings(
        [
            plenary(1, date(2019, 7, 1), date(2019, 7, 1)),
            plenary(2, date(2019, 6, 30), date(2019, 7, 3)),
            plenary(3, date(2019, 7, 2), date(2019, 7, 2)),
        ]
    )
    assert (records["plenary-2"].start, records["plenary-2"].end) == (date(2019, 7, 1), date(2019, 7, 2))


# ------------------------------------------------------------ other texts

OTHER_CASES = [
    (
        "في الجلسة الحادية عشرة المعقودة في ٣ آذار/مارس ٢٠٢٢",
        [(3, 22, "الجلسة الحادية عشرة", "plenary-11", "plenary", 11, date(2022, 3, 3), date(2022, 3, 3), 2022)],
    ),
    (
        "في جلستيه الأولى والثانية، المعقودتين في ٣ أيار/مايو",
        [
            (3, 25, "جلستيه الأولى والثانية", f"plenary-{n}", "plenary", n, date(2020, 5, 3), date(2020, 5, 3), 2020)
            for n in (1, 2)
        ],
    ),
    (
        "وفي الجلسات 3 إلى 5 المعقودة في الفترة من 7 إلى 9 تموز/يوليه 2019",
        [
            (4, 19, "الجلسات 3 إلى 5", f"plenary-{n}", "plenary", n, date(2019, 7, 7), date(2019, 7, 9), 2019)
            for n in (3, 4, 5)
        ],
    ),
    (
        "عقد اجتماع الدول الثالث من الاجتماعات التي تعقد مرة كل سنتين في نيويورك في الفترة من ١٤ إلى ١٨"
        " تموز/يوليه ٢٠٠٨.",
        [
            (
                4,
                60,
                "اجتماع الدول الثالث من الاجتماعات التي تعقد مرة كل سنتين",
                "bms-3-2008",
                "biennial-meeting",
                3,
                date(2008, 7, 14),
                date(2008, 7, 18),
                2008,
            )
        ],
    ),
    (
        "وأشار إلى الاجتماع الرابع للدول.",
        [(10, 31, "الاجتماع الرابع للدول", "bms-4-2010", "biennial-meeting", 4, None, None, 2010)],
    ),
    (
        "رئاسة مؤتمر الاستعراض الأول",
        [(6, 27, "مؤتمر الاستعراض الأول", "revcon-2006", "review-conference", 1, None, None, 2006)],
    ),
    (
        "اجتماع الخبراء الحكوميين الثاني المفتوح باب العضوية (٢٠١٥)",
        [
            (
                0,
                51,
                "اجتماع الخبراء الحكوميين الثاني المفتوح باب العضوية",
                "mge-2-2015",
                "expert-meeting",
                2,
                None,
                None,
                2015,
            )
        ],
    ),
    (
        "اعتمده مؤتمر الأمم المتحدة المعني بالاتجار غير المشروع بالأسلحة الصغيرة والأسلحة الخفيفة من جميع جوانبه",
        [
            (
                7,
                103,
                "مؤتمر الأمم المتحدة المعني بالاتجار غير المشروع بالأسلحة الصغيرة والأسلحة الخفيفة من جميع جوانبه",
                "salw-conference-2001",
                "conference",
                None,
                None,
                None,
                2001,
            )
        ],
    ),
    (
        "عقد اجتماع إقليمي في نيروبي في عام ٢٠١٩.",
        [(4, 17, "اجتماع إقليمي", "regional-2019", "regional-meeting", None, None, None, 2019)],
    ),
    ("ونتائج اجتماع الخبراء الحكوميين المفتوح باب العضوية،", []),  # the kind, not one meeting
    ("تعقد اجتماعات دون إقليمية أو إقليمية", []),
    ("وفي الجلسة نفسها، قرر المؤتمر", []),  # no previous meeting to refer to
]


@pytest.mark.parametrize(("text", "expected"), OTHER_CASES, ids=[c[0][:30] for c in OTHER_CASES])
def test_other_texts(
    text: str, expected: list[tuple[int, int, str, str, str, int | None, date | None, date | None, int | None]]
) -> None:
    assert meeting_rows(extract_meetings(text, 0, "p", 2020, calendar=CALENDAR)) == expected


def test_previous_meeting_argument() -> None:
    first = extract_meetings("في الجلسة الحادية عشرة المعقودة في ٣ آذار/مارس ٢٠٢٢", 500, "para_3", 2022,
                             calendar=CALENDAR)
    same = extract_meetings("وفي الجلسة نفسها، قرر المؤتمر", 600, "para_4", 2022, first[-1], calendar=CALENDAR)
    assert [(m.unit_eid, m.key, m.span, m.surface, m.start, m.decision) for m in same] == [
        (
            "para_4",
            "plenary-11",
            Span(604, 616),
            "الجلسة نفسها",
            date(2022, 3, 3),
            Decision("anaphor:previous-meeting", 0.9, "the previous meeting mentioned: plenary-11"),
        )
    ]
    also = extract_meetings("وفي الجلسة الحادية عشرة أيضا", 700, "para_5", 2022, first[-1], calendar=CALENDAR)
    assert [(m.key, m.start, m.decision.note) for m in also] == [
        ("plenary-11", date(2022, 3, 3), "dates of the previous mention of meeting 11")
    ]
    other = extract_meetings("وفي الجلسة الثانية عشرة أيضا", 700, "para_5", 2022, first[-1], calendar=CALENDAR)
    assert [(m.key, m.start) for m in other] == [("plenary-12", None)]


def test_unit_made_of_pieces() -> None:
    source = "وإذ تشير إلى اجتماع الدول السادس من الاجتماعات التي تعقد مرة كل سنتين\n\n(٢٠١٦) وغيره،"
    cut = source.index("\n")
    text = source[:cut] + " " + source[cut + 2 :]
    offsets = [*range(cut), cut + 2, *range(cut + 2, len(source))]
    found = extract_meetings(text, 0, "preamble_2", 2018, offsets=offsets, source=source, calendar=CALENDAR)
    assert [(m.key, m.span.start, m.span.end, m.surface, m.year) for m in found] == [
        ("bms-6-2016", 13, 69, "اجتماع الدول السادس من الاجتماعات التي تعقد مرة كل سنتين", 2016)
    ]


# --------------------------------------------------------------- one meeting, two names (resolve_series)


def test_the_seventh_biennial_meeting_is_the_one_of_2020() -> None:
    from builder.resolve.meetings import resolve_series

    in_order = extract_meetings_in_order(UNITS, 2018, conference_key="revcon-2018", calendar=CALENDAR)
    found = resolve_series(in_order, 2018, CALENDAR)
    keys = Counter(m.key for m in found)
    assert keys["bms-7-2020"] == 3 and keys["bms-7"] == 0 and keys["bms-2020"] == 0
    assert keys["bms-2022"] == 1 and keys["bms-6-2016"] == 1  # the others keep their keys
    joined = [m for m in found if m.key == "bms-7-2020"]
    assert {(m.number, m.year, m.decision.rule, m.decision.confidence) for m in joined} == {
        (7, 2020, "series-order", 0.8)}
    assert joined[0].decision.note == ("the meeting after the 6th (bms-6-2016) and the first of the series after the"
                                       " report (2018): bms-7 = bms-2020; biennial-meeting-name")


def test_the_meetings_of_the_report_found_then_resolved(document: Document) -> None:
    facts = find_meetings(document, CALENDAR)
    assert facts.report_year == 2018 and len(facts.found) == 51
    assert [u.eid for u, _ in facts.found] == [m.unit_eid for _, m in facts.found]
    found = Counter(m.key for _, m in facts.found)
    assert (found["bms-7"], found["bms-2020"], found["bms-7-2020"]) == (2, 1, 0)  # two names, still apart
    resolved = resolve_meetings(facts, CALENDAR)
    assert [u for u, _ in resolved.mentions] == [u for u, _ in facts.found]
    assert [m for _, m in resolved.mentions] == resolve_series([m for _, m in facts.found], 2018, CALENDAR)
    assert resolved.records == merge_meetings([m for _, m in resolved.mentions])
    assert resolved.records["bms-7-2020"] == MeetingRecord(
        "bms-7-2020", "biennial-meeting", 7, None, None, 2020, "P1W", None, None, None, None, None, 3
    )
    assert not {"bms-7", "bms-2020"} & set(resolved.records)
    assert meeting_counts("A/CONF.192/2018/RC/3", resolved) == {"A/CONF.192/2018/RC/3: meetings": 28}


def bms(number: int | None, year: int | None, eid: str = "u") -> MeetingMention:
    from builder.extract.meetings.facts import meeting_key

    key = meeting_key("biennial-meeting", number, year)
    assert key is not None
    return MeetingMention(eid, key, "biennial-meeting", Span(0, 1), "…", Decision("biennial-meeting-name", 1.0),
                          number=number, year=year)


@pytest.mark.parametrize(("mentions", "report_year", "keys"), [
    # the next ordinal and the first later year: joined
    ([bms(7, None), bms(None, 2020), bms(None, 2022)], 2018, ["bms-7-2020", "bms-7-2020", "bms-2022"]),
    # the calendar (builder/data/meetings.csv) knows the 6th (2016) even when the text does not name it
    ([bms(None, 2020), bms(7, None)], 2018, ["bms-7-2020", "bms-7-2020"]),
    # a meeting named in the text after the calendar's last moves the count on: the 8th is next
    ([bms(7, 2020), bms(8, None), bms(None, 2022)], 2021, ["bms-7-2020", "bms-8-2022", "bms-8-2022"]),
    # not the next ordinal: nothing to join
    ([bms(8, None), bms(None, 2020)], 2018, ["bms-8", "bms-2020"]),
    # the ordinal has a year elsewhere in the text: that year stands
    ([bms(7, None), bms(7, 2021), bms(None, 2020)], 2018, ["bms-7", "bms-7-2021", "bms-2020"]),
    # no meeting of the series named by a later year
    ([bms(7, None), bms(None, 2016)], 2018, ["bms-7", "bms-2016"]),
    # no report year: no rule
    ([bms(7, None), bms(None, 2020)], None, ["bms-7", "bms-2020"]),
])
def test_series_order(mentions: list[MeetingMention], report_year: int | None, keys: list[str]) -> None:
    from builder.resolve.meetings import resolve_series

    assert [m.key for m in resolve_series(mentions, report_year, CALENDAR)] == keys


def test_without_the_calendar_only_the_text_counts() -> None:
    from builder.resolve.meetings import resolve_series

    assert [m.key for m in resolve_series([bms(None, 2020), bms(7, None)], 2018)] == ["bms-2020", "bms-7"]


def test_the_calendar_is_a_data_file_with_sources() -> None:
    import csv
    import io
    from importlib import resources


    calendar = CALENDAR
    assert dict(calendar.years("biennial-meeting")) == {1: 2003, 2: 2005, 3: 2008, 4: 2010, 5: 2014, 6: 2016}
    assert dict(calendar.years("review-conference")) == {1: 2006, 2: 2012, 3: 2018, 4: 2024}
    assert dict(calendar.years("conference")) == {0: 2001}
    text = (resources.files("builder") / "data" / "meetings.csv").read_text(encoding="utf-8")
    assert all(row["source"].strip() for row in csv.DictReader(io.StringIO(text)))


def test_every_meeting_pattern_contains_the_word_that_gates_it() -> None:
    """A text without the word is not scanned for the patterns, so it must be in every match: a literal of each
    pattern, outside any alternation, and found in every match of the report's lines."""
    gated = [(rx, phrases.CONFERENCE_WORD) for rx in (*phrases._REVCON, phrases._SALW_CONF, phrases._THIS_CONF)]
    gated += [(phrases._PREPCOM, phrases.PREPCOM_WORD)]
    gated += [(rx, phrases.MEETING_WORD) for rx in (*phrases._BMS, phrases._MGE, phrases._REGIONAL)]
    gated += [(rx, phrases.PLENARY_WORD) for rx in (phrases._PLENARY_ONE, phrases._PLENARY_RANGE,
                                                    phrases._PLENARY_TWO, phrases._PLENARY_SAME)]
    gated += [(phrases._OPENING, phrases.OPENING_WORD)]
    texts = [normalize_letters(line) for line in LINES]
    assert matches_holding_their_word(gated, texts) > 30
