"""Segmentation of the whole bundled report: counts by hand, page breaks, lists, spans."""

from __future__ import annotations

from collections import Counter

import pytest

from builder.model import Document, Part, UnitKind


def test_paragraph_counts_per_section(document: Document) -> None:
    counts = Counter((u.part.value, u.section) for u in document.paragraphs())
    # counted by hand from the text: the report's own paragraphs run 1..20 over chapters I-V;
    # the outcome document restarts in each of its five sections
    assert counts == {
        ("report", "I"): 3, ("report", "II"): 5, ("report", "III"): 2, ("report", "IV"): 3, ("report", "V"): 7,
        ("annex", "I"): 23, ("annex", "II"): 80, ("annex", "III"): 26, ("annex", "IV"): 28, ("annex", "V"): 17,
    }


def test_numbers_run_without_gap(document: Document) -> None:
    by_scope: dict[tuple[str, str | None], list[int]] = {}
    for u in document.paragraphs():
        key = (u.part.value, u.section if u.part is Part.ANNEX else None)
        assert u.number is not None
        by_scope.setdefault(key, []).append(u.number)
    for numbers in by_scope.values():
        assert numbers == list(range(1, len(numbers) + 1))
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("ref", "pieces", "first", "last"),
    [
        ("13", 2, "في الجلسة الخامسة،", "فلوريدا، الولايات المتحدة)."),
        ("I.23", 2, "وندعو إلى زيادة", "بما في ذلك من البلدان النامية."),
        ("II.5", 2, "التشجيع على وضع", "وعدم الانتشار وتحديد الأسلحة."),
        ("II.74", 2, "تشجيع مشاركة المرأة", "ومنع نشوب النزاعات وحلها."),
    ],
)
def test_paragraphs_joined_across_page_breaks(document: Document, ref: str, pieces: int, first: str,
                                              last: str) -> None:
    para = next(u for u in document.paragraphs() if u.ref == ref)
    assert len(para.pieces) == pieces
    assert para.text.startswith(first)
    assert para.text.endswith(last)


def test_headings_and_preamble_joined_across_page_breaks(document: Document) -> None:
    by_eid = {(u.part, u.eid): u for u in document.units}
    sec3 = by_eid[(Part.ANNEX, "section_III")]
    assert sec3.kind is UnitKind.SECTION
    assert sec3.text.endswith("وبطريقة موثوق بها في الفترة ٢٠١٨-٢٠٢٤")
    recital = by_eid[(Part.ANNEX, "section_V__recital_2")]
    assert recital.text.startswith("وإذ تشير إلى عقد اجتماع الدول الخامس")
    assert "(٢٠١٦) واجتماع الخبراء الحكوميين" in recital.text
    assert len(recital.pieces) == 2


def test_agenda_list_keeps_items_whose_markers_were_lost(document: Document) -> None:
    items = [u for u in document.units if u.kind is UnitKind.LIST_ITEM and u.parent == "para_6"]
    assert [u.number for u in items] == list(range(1, 15))
    assert items[11].text == "بيانات يدلي بها ممثلو المنظمات غير الحكومية."
    assert items[13].text == "اعتماد تقرير المؤتمر."
    subitems = [u.text for u in document.units if u.parent == "para_6__item_9"]
    assert subitems == ["تعيين أعضاء لجنة وثائق التفويض؛", "تقرير لجنة وثائق التفويض."]


def test_bureau_and_vote_lists_belong_to_their_paragraphs(document: Document) -> None:
    bureau = [u.text for u in document.units if u.parent == "para_7"]
    assert bureau[:3] == ["الرئيس", "جون - كلود بروني (فرنسا)", "نواب الرئيس"]
    assert len(bureau) == 14
    vote = [u.text for u in document.units if u.parent == "para_15"]
    assert vote[0] == "المؤيدون:" and vote[2] == "المعارضون:" and vote[4] == "المتنعون عن التصويت:"
    assert vote[3] == "إسرائيل والولايات المتحدة الأمريكية."


def test_topic_headings_are_not_paragraphs(document: Document) -> None:
    topics = [u for u in document.units if u.kind is UnitKind.TOPIC and u.number is not None]
    assert [(u.section, u.eid.split("__")[1], u.number) for u in topics] == [
        ("II", "subsec_A", 1), ("II", "subsec_A", 2), ("II", "subsec_A", 3), ("II", "subsec_A", 4),
        ("II", "subsec_A", 5), ("II", "subsec_B", 1), ("II", "subsec_B", 2), ("II", "subsec_B", 3),
    ]
    subtopics = [u for u in document.units if u.kind is UnitKind.SUBTOPIC]
    assert len(subtopics) == 11
    unnumbered = [u.text for u in document.units if u.kind is UnitKind.TOPIC and u.number is None]
    assert unnumbered == ["برنامج الأنشطة", "الجدول الزمني لاجتماعات الفترة ٢٠١٨-٢٠٢٤", "الاجتماعات الإقليمية",
                          "إشراك المجتمع المدني", "الإبلاغ", "دعم المشاركة في الاجتماعات"]


def test_heading_path_and_parent(document: Document) -> None:
    para = next(u for u in document.paragraphs() if u.ref == "II.26")
    assert para.eid == "section_II__para_26"
    assert para.parent == "section_II__subsec_A__topic_2__subtopic_c"
    assert para.heading_path[-1] == "الجهات المتلقية غير المأذون لها"
    assert len(para.heading_path) == 4


def test_every_span_is_exact(document: Document) -> None:
    src = document.source
    for u in document.units:
        assert 0 <= u.span.start < u.span.end <= len(src)
        assert u.span.start <= u.pieces[0].start and u.pieces[-1].end == u.span.end
        assert len(u.offsets) == len(u.text)
        for i, ch in enumerate(u.text):
            assert src[u.offsets[i]] == ch or (ch == " " and i and u.offsets[i] in {p.start for p in u.pieces}) \
                or src[u.offsets[i]].isspace()


def test_text_maps_back_to_source(document: Document) -> None:
    para = next(u for u in document.paragraphs() if u.ref == "II.26")
    i = para.text.index("قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)")
    span = para.source_span(i, i + len("قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)"))
    assert document.source[span.start:span.end] == "قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)"
    broken = next(u for u in document.paragraphs() if u.ref == "II.5")
    j = broken.text.index("بالغاية ١٦-٤")
    span = broken.source_span(j - len("المتصلة "), j + len("بالغاية"))
    assert document.source[span.start:span.end].split() == ["المتصلة", "بالغاية"]


def test_chapeaux_and_sections(document: Document) -> None:
    kinds = Counter(u.kind for u in document.units)
    assert kinds[UnitKind.CHAPTER] == 5
    assert kinds[UnitKind.SECTION] == 5
    assert kinds[UnitKind.SUBSECTION] == 5 + 2 + 6 + 3
    assert kinds[UnitKind.CHAPEAU] == 4  # II, III, IV and "إن الدول،" of V
    assert kinds[UnitKind.PREAMBLE] == 3
