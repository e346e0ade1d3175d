"""The gazetteers of States and organizations in builder/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.arabic.names import normalize_arabic, strip_article
from builder.reference_data.organizations import ORGANIZATION_KINDS, OrganizationGazetteer, load_organizations
from builder.reference_data.states import ExactName, SimilarName, StateGazetteer, clean_name, load_states
from builder.resolve.organizations import find_organization

REPORT = Path(__file__).resolve().parent.parent / "corpus" / "A-CONF.192-2018-RC-3.ar.txt"

# The 193 Member States of the United Nations, written out here independently of tools/make_states.py.
UN_MEMBERS = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
    BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA
    DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND
    HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER
    NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP
    SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO
    TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()
)


@pytest.fixture(scope="module")
def states() -> StateGazetteer:
    return load_states()


@pytest.fixture(scope="module")
def orgs() -> OrganizationGazetteer:
    return load_organizations()


def test_member_list_in_this_test_has_193_codes() -> None:
    assert len(UN_MEMBERS) == 193


def test_table_has_193_members_and_2_observers(states: StateGazetteer) -> None:
    assert len(states) == 195
    assert {s.iso3 for s in states if s.status == "member"} == UN_MEMBERS
    assert {s.iso3 for s in states if s.status == "observer"} == {"VAT", "PSE"}


def test_codes_are_unique_and_well_formed(states: StateGazetteer) -> None:
    for column in ("iso3", "iso2", "m49", "geoarea_iri", "name_en", "name_ar"):
        values = [getattr(s, column) for s in states]
        assert len(set(values)) == 195, column
    for s in states:
        assert len(s.iso3) == 3 and s.iso3.isupper()
        assert len(s.iso2) == 2 and s.iso2.isupper()
        assert len(s.m49) == 3 and s.m49.isdigit()
        assert s.geoarea_iri == f"http://metadata.un.org/sdg/codes/geoArea/{s.m49}"
        assert s.source.startswith("codes: pycountry ")


@pytest.mark.parametrize(
    ("iso3", "iso2", "m49", "name_en", "name_ar"),
    [
        ("AFG", "AF", "004", "Afghanistan", "أفغانستان"),
        ("IRN", "IR", "364", "Iran (Islamic Republic of)", "إيران (جمهورية - الإسلامية)"),
        ("VEN", "VE", "862", "Venezuela (Bolivarian Republic of)", "فنزويلا (جمهورية - البوليفارية)"),
        ("BOL", "BO", "068", "Bolivia (Plurinational State of)", "بوليفيا (دولة - المتعددة القوميات)"),
        (
            "GBR",
            "GB",
            "826",
            "United Kingdom of Great Britain and Northern Ireland",
            "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        ),
        ("USA", "US", "840", "United States of America", "الولايات المتحدة الأمريكية"),
        ("RUS", "RU", "643", "Russian Federation", "الاتحاد الروسي"),
        ("TZA", "TZ", "834", "United Republic of Tanzania", "جمهورية تنزانيا المتحدة"),
        ("LAO", "LA", "418", "Lao People's Democratic Republic", "جمهورية لاو الديمقراطية الشعبية"),
        ("KOR", "KR", "410", "Republic of Korea", "جمهورية كوريا"),
        ("PRK", "KP", "408", "Democratic People's Republic of Korea", "جمهورية كوريا الشعبية الديمقراطية"),
        ("COD", "CD", "180", "Democratic Republic of the Congo", "جمهورية الكونغو الديمقراطية"),
        ("SYR", "SY", "760", "Syrian Arab Republic", "الجمهورية العربية السورية"),
        ("DOM", "DO", "214", "Dominican Republic", "الجمهورية الدومينيكية"),
        ("CPV", "CV", "132", "Cabo Verde", "كابو فيردي"),
        ("CIV", "CI", "384", "Côte d'Ivoire", "كوت ديفوار"),
        ("MMR", "MM", "104", "Myanmar", "ميانمار"),
        ("BRN", "BN", "096", "Brunei Darussalam", "بروني دار السلام"),
        ("PNG", "PG", "598", "Papua New Guinea", "بابوا غينيا الجديدة"),
        ("CZE", "CZ", "203", "Czechia", "تشيكيا"),
        ("HTI", "HT", "332", "Haiti", "هايتي"),
        ("TTO", "TT", "780", "Trinidad and Tobago", "ترينيداد وتوباغو"),
        ("ATG", "AG", "028", "Antigua and Barbuda", "أنتيغوا وبربودا"),
        ("LKA", "LK", "144", "Sri Lanka", "سري لانكا"),
        ("LIE", "LI", "438", "Liechtenstein", "ليختنشتاين"),
        ("HUN", "HU", "348", "Hungary", "هنغاريا"),
        ("THA", "TH", "764", "Thailand", "تايلند"),
        ("GTM", "GT", "320", "Guatemala", "غواتيمالا"),
        ("HND", "HN", "340", "Honduras", "هندوراس"),
        ("VNM", "VN", "704", "Viet Nam", "فييت نام"),
        ("TUR", "TR", "792", "Türkiye", "تركيا"),
        ("MKD", "MK", "807", "North Macedonia", "مقدونيا الشمالية"),
        ("CHL", "CL", "152", "Chile", "شيلي"),
        ("MLT", "MT", "470", "Malta", "مالطة"),
        ("VAT", "VA", "336", "Holy See", "الكرسي الرسولي"),
        ("PSE", "PS", "275", "State of Palestine", "دولة فلسطين"),
    ],
)
def test_rows(states: StateGazetteer, iso3: str, iso2: str, m49: str, name_en: str, name_ar: str) -> None:
    s = states[iso3]
    assert (s.iso2, s.m49, s.name_en, s.name_ar) == (iso2, m49, name_en, name_ar)


def test_variants_and_sources(states: StateGazetteer) -> None:
    assert states["CZE"].variants_ar == ("التشيك", "الجمهورية التشيكية")
    assert states["MKD"].variants_ar == ("جمهورية مقدونيا اليوغوسلافية سابقاً",)
    assert states["VNM"].variants_ar == ("فيتنام", "فيت نام")
    assert "Turkey" in states["TUR"].variants_en
    assert "Czech Republic" in states["CZE"].variants_en
    assert states["USA"].variants_ar == ("الولايات المتحدة",)
    assert states["IRN"].source == (
        "codes: pycountry 26.2.16; name_ar: manual: UN terminology; name_en: manual: UN terminology; "
        "extra variants: manual: UN terminology"
    )
    assert states["AFG"].source == "codes: pycountry 26.2.16; name_ar: babel 2.19.0 CLDR; name_en: pycountry 26.2.16"


def test_every_arabic_form_normalizes_to_exactly_one_state(states: StateGazetteer) -> None:
    owners: dict[str, set[str]] = {}
    for s in states:
        for form in s.arabic_forms:
            owners.setdefault(normalize_arabic(form), set()).add(s.iso3)
            bare = strip_article(form)
            if bare is not None:
                owners.setdefault(normalize_arabic(bare), set()).add(s.iso3)
    assert {k: v for k, v in owners.items() if len(v) != 1} == {}
    for s in states:
        for form in s.arabic_forms:
            assert states.normalized[normalize_arabic(form)] == s.iso3
            assert states.verbatim[form] == s.iso3


def test_lookups(states: StateGazetteer) -> None:
    assert "FRA" in states
    assert states.get("XXX") is None
    found = states.find_english("turkey")
    assert found is not None and found.iso3 == "TUR"
    found = states.find_english("United Kingdom of Great Britain and  Northern Ireland")
    assert found is not None and found.iso3 == "GBR"


def test_loading_twice_gives_equal_but_separate_gazetteers() -> None:
    first, second = load_states(), load_states()
    assert first == second
    assert first is not second


# -- organizations -----------------------------------------------------------------------------


REQUIRED_ORGS = {
    "non-aligned-movement": "group",
    "group-of-arab-states": "group",
    "caribbean-community": "group",
    "group-of-african-states": "group",
    "mercosur-and-associated-states": "group",
    "european-union": "igo",
    "league-of-arab-states": "igo",
    "icrc": "observer",
    "osce": "igo",
    "east-african-community": "igo",
    "recsa": "igo",
    "african-union": "igo",
    "ecowas": "igo",
    "united-nations": "igo",
    "organization-of-american-states": "igo",
    "nato": "igo",
    "world-forum-on-shooting-activities": "ngo",
    "canadas-national-firearms-association": "ngo",
    "iansa": "ngo",
    "iansa-women-network": "ngo",
    "iansa-mena-network": "ngo",
    "iansa-survivors-network": "ngo",
    "amnesty-international-senegal": "ngo",
    "marjory-stoneman-douglas-high-school": "ngo",
    "interpol": "igo",
    "world-customs-organization": "igo",
    "unodc": "un-entity",
    "office-for-disarmament-affairs": "un-entity",
    "un-regional-centres-for-peace-and-disarmament": "un-entity",
    "peacebuilding-fund": "un-entity",
    "secretary-general": "un-entity",
    "secretariat": "un-entity",
    # groups a State speaks for in other reports of the family
    "group-of-latin-american-and-caribbean-states": "group",
    "pacific-islands-forum": "igo",
}


def test_required_organizations(orgs: OrganizationGazetteer) -> None:
    assert len(orgs) == 39
    assert {key: orgs[key].kind for key in REQUIRED_ORGS} == REQUIRED_ORGS
    assert orgs["european-union"].kinds == ("igo", "observer")
    assert orgs["caribbean-community"].kinds == ("group", "igo")
    for org in orgs:
        assert set(org.kinds) <= ORGANIZATION_KINDS
        assert org.key.isascii() and org.key == org.key.lower()


def test_organization_names_occur_in_the_report(orgs: OrganizationGazetteer) -> None:
    """Every organization is named in the bundled report or in a report of the family among the fixtures."""
    family = sorted((REPORT.parent.parent / "tests" / "fixtures" / "family").glob("*.ar.txt"))
    texts = [normalize_arabic(p.read_text(encoding="utf-8")) for p in (REPORT, *family)]
    missing = [org.key for org in orgs if not any(normalize_arabic(org.name_ar) in t for t in texts)]
    assert missing == []


def test_members(orgs: OrganizationGazetteer, states: StateGazetteer) -> None:
    counts = {org.key: len(org.members) for org in orgs if org.members}
    assert counts == {
        "non-aligned-movement": 120,
        "group-of-arab-states": 22,
        "group-of-african-states": 54,
        "caribbean-community": 14,
        "mercosur": 5,
        "european-union": 28,
        "league-of-arab-states": 22,
        "osce": 57,
        "east-african-community": 6,
        "african-union": 54,
        "ecowas": 15,
        "organization-of-american-states": 35,
        "nato": 29,
        "group-of-latin-american-and-caribbean-states": 33,
        "pacific-islands-forum": 14,
    }
    for org in orgs:
        assert len(set(org.members)) == len(org.members), org.key
        assert set(org.members) <= set(states.by_iso3), org.key
    assert "GBR" in orgs["european-union"].members
    assert "PSE" in orgs["group-of-arab-states"].members
    assert "SSD" not in orgs["non-aligned-movement"].members
    assert orgs["east-african-community"].members == ("BDI", "KEN", "RWA", "SSD", "TZA", "UGA")


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("حركة عدم الانحياز", "non-aligned-movement"),
        ("والاتحاد الأوروبي", "european-union"),
        ("الإنتربول", "interpol"),
        ("والمنظمة الدولية للشرطة الجنائية", "interpol"),
        ("ولجنة الصليب الأحمر الدولية", "icrc"),
        ("منظمة العفو الدولية، فرع السنغال", "amnesty-international-senegal"),
        (
            "وشبكة منطقة الشرق الأوسط وشمال أفريقيا ضمن شبكة العمل الدولي\n\nالمعنية بالأسلحة الصغيرة",
            "iansa-mena-network",
        ),
        ("الرابطة الوطنية للأسلحة النارية في كندا", "canadas-national-firearms-association"),
        ("الأمين العام للأمم المتحدة", "secretary-general"),
    ],
)
def test_find_organization(orgs: OrganizationGazetteer, surface: str, key: str) -> None:
    found = find_organization(orgs, surface)
    assert found is not None and found.key == key


def test_find_organization_misses(orgs: OrganizationGazetteer) -> None:
    assert find_organization(orgs, "الأمين العام للمؤتمر") is None
    assert find_organization(orgs, "فرنسا") is None


def test_the_state_gazetteer_answers_exact_and_similar_names(states: StateGazetteer) -> None:
    assert states.exact("والأرجنتين") == ExactName("ARG", "exact", "الأرجنتين")
    assert states.exact("الارجنتين.") == ExactName("ARG", "exact-normalized", "الارجنتين")
    assert states.exact("هاتي") is None
    best, second = states.ranked("هاتي")[:2]
    assert best == SimilarName("HTI", 88.9, 0.88, "هاتي", "هايتي")
    assert (second.iso3, second.score) == ("CZE", 60.0)
    assert clean_name("  الأرجنتين  ،") == "الأرجنتين"
    assert states.sort_keys["IND"] == ("هند",)
    assert states.sort_keys["SYR"] == ("جمهوريه عربيه سوريه", "سوريا", "سوريه")  # one per Arabic form


def test_best_score_is_the_score_of_the_best_ranked_state(states: StateGazetteer) -> None:
    """Splitting a list asks only how well a name reads as some State; that is the first score of the ranking."""
    assert states.best_score("هاتي") == 88.9
    assert states.best_score("،") == 0.0 and states.ranked("،") == []
    surfaces = ["هاتي", "والنمسا", "جمهوريه كوريا الشعبية", "إندونيسيا (باسم حركة عدم الانحياز)", "فرنسا وألمانيا"]
    surfaces += [form[:-1] for state in list(states)[::7] for form in state.arabic_forms]
    for surface in surfaces:
        assert states.best_score(surface) == states.ranked(surface)[0].score, surface
