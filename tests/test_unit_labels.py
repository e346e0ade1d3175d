"""Every structural unit is labelled in English and Arabic, by its place and its numerals as the text writes them."""

from __future__ import annotations

from rdflib import RDFS, Literal, URIRef

from builder.iri import POA
from builder.result import BuildResult

EXPR = "https://w3id.org/poa-kg/akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06/!main/"


def labels(built: BuildResult, path: str) -> dict[str, str]:
    g = built.data_graph()
    return {str(o.language): str(o) for o in g.objects(URIRef(EXPR + path), RDFS.label) if isinstance(o, Literal)}


def test_every_unit_has_one_label_in_english_and_one_in_arabic(built: BuildResult) -> None:
    g = built.data_graph()
    units = set(g.subjects(POA.eId, None))
    assert len(units) == 311
    langs = {u: sorted(str(o.language) for o in g.objects(u, RDFS.label) if isinstance(o, Literal)) for u in units}
    assert {u: ls for u, ls in langs.items() if ls != ["ar", "en"]} == {}


def test_labels_name_the_place_with_the_numerals_of_the_text(built: BuildResult) -> None:
    assert labels(built, "annex_1/section_II__subsec_A__topic_2") == {
        "en": "section II, A, topic 2", "ar": "الفرع ثانيا، ألف، الموضوع ٢"}
    assert labels(built, "annex_1/section_II__subsec_A__topic_2__subtopic_c") == {
        "en": "section II, A, topic 2, (c)", "ar": "الفرع ثانيا، ألف، الموضوع ٢، (ج)"}
    assert labels(built, "annex_1/section_II__para_26") == {
        "en": "outcome document, paragraph II.26", "ar": "الوثيقة الختامية، الفرع ثانيا، الفقرة ٢٦"}
    assert labels(built, "annex_1/section_V__recital_2") == {
        "en": "section V, preambular paragraph 2", "ar": "الفرع خامسا، فقرة الديباجة ٢"}
    assert labels(built, "annex_1/section_V__intro") == {
        "en": "section V, introductory text", "ar": "الفرع خامسا، النص الاستهلالي"}
    assert labels(built, "annex_1/title") == {"en": "outcome document, title", "ar": "الوثيقة الختامية، العنوان"}
    assert labels(built, "chp_II__subsec_B") == {"en": "chapter II, B", "ar": "الفصل ثانيا، باء"}
    assert labels(built, "chp_IV__hdg_2") == {"en": "chapter IV, heading 2", "ar": "الفصل رابعا، العنوان ٢"}
    assert labels(built, "para_6__item_9__item_b") == {
        "en": "A/CONF.192/2018/RC/3, paragraph 6, item 9, (b)",
        "ar": "A/CONF.192/2018/RC/3، الفقرة ٦، البند ٩، (ب)"}
