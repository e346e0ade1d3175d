"""Generate ``builder/data/states.csv``: the 193 UN Member States and the two observer States.

Run from the project root with the project's virtualenv::

    .venv/bin/python tools/make_states.py            # writes builder/data/states.csv
    .venv/bin/python tools/make_states.py --check    # exits 1 if the file on disk differs

Where each column comes from:

* ``iso3``, ``iso2``, ``m49`` -- pycountry (ISO 3166-1). For sovereign States the
  UN M49 numeric code is the ISO 3166-1 numeric code, so ``m49`` is pycountry's
  ``numeric`` and ``geoarea_iri`` is the UN SDG geoArea IRI built from it.
* ``name_en`` -- pycountry's short name, replaced by the UN English short name
  where the two differ (``EN_OVERRIDES``); pycountry's and CLDR's English names
  that differ from the UN form are kept in ``variants_en``.
* ``name_ar`` -- the Arabic territory name of CLDR (``babel.Locale("ar").territories``),
  replaced by the UN Arabic short name only where the UN form differs
  (``AR_OVERRIDES``). The overridden CLDR form is kept in ``variants_ar``.
* ``variants_ar`` / ``variants_en`` -- the forms above plus a small hand-written
  table of other forms in use (``AR_VARIANTS``/``EN_VARIANTS``), e.g. names used
  in 2018 that have since changed, or spellings used in UN documents.
* ``source`` -- which of these sources each row's values came from.

The override tables were checked against the spellings used in the report
A/CONF.192/2018/RC/3 (Arabic) wherever the report names the State.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import babel
import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "builder" / "data" / "states.csv"
GEOAREA = "http://metadata.un.org/sdg/codes/geoArea/"
COLUMNS = (
    "iso3",
    "iso2",
    "m49",
    "geoarea_iri",
    "name_en",
    "name_ar",
    "variants_ar",
    "variants_en",
    "status",
    "source",
)

# The 193 Member States of the United Nations (ISO 3166-1 alpha-3).
MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()

# Non-member States with permanent observer status at the General Assembly.
OBSERVERS = ("VAT", "PSE")

# UN Arabic short names where they differ from CLDR's Arabic territory name.
AR_OVERRIDES: dict[str, str] = {
    "BEN": "بنن",
    "BOL": "بوليفيا (دولة - المتعددة القوميات)",
    "BRN": "بروني دار السلام",
    "CHL": "شيلي",
    "CIV": "كوت ديفوار",
    "COD": "جمهورية الكونغو الديمقراطية",
    "COG": "الكونغو",
    "CPV": "كابو فيردي",
    "CZE": "تشيكيا",
    "DOM": "الجمهورية الدومينيكية",
    "ECU": "إكوادور",
    "FSM": "ميكرونيزيا (ولايات - الموحدة)",
    "GAB": "غابون",
    "GBR": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
    "GNB": "غينيا - بيساو",
    "IRN": "إيران (جمهورية - الإسلامية)",
    "KIR": "كيريباس",
    "KNA": "سانت كيتس ونيفس",
    "KOR": "جمهورية كوريا",
    "LAO": "جمهورية لاو الديمقراطية الشعبية",
    "LBR": "ليبريا",
    "LKA": "سري لانكا",
    "LUX": "لكسمبرغ",
    "MDA": "جمهورية مولدوفا",
    "MDV": "ملديف",
    "MLT": "مالطة",
    "MMR": "ميانمار",
    "MOZ": "موزامبيق",
    "OMN": "عمان",
    "PRK": "جمهورية كوريا الشعبية الديمقراطية",
    "PSE": "دولة فلسطين",
    "RUS": "الاتحاد الروسي",
    "STP": "سان تومي وبرينسيبي",
    "SYR": "الجمهورية العربية السورية",
    "THA": "تايلند",
    "TZA": "جمهورية تنزانيا المتحدة",
    "URY": "أوروغواي",
    "USA": "الولايات المتحدة الأمريكية",
    "VAT": "الكرسي الرسولي",
    "VEN": "فنزويلا (جمهورية - البوليفارية)",
    "VNM": "فييت نام",
    "ZWE": "زمبابوي",
}

# Other Arabic forms in use (former names, forms used in UN documents, common forms).
AR_VARIANTS: dict[str, tuple[str, ...]] = {
    "BOL": ("دولة بوليفيا المتعددة القوميات", "بوليفيا"),
    "CZE": ("الجمهورية التشيكية",),
    "FSM": ("ولايات ميكرونيزيا الموحدة", "ميكرونيزيا"),
    "GBR": ("بريطانيا",),
    "IRN": ("جمهورية إيران الإسلامية", "إيران"),
    "MKD": ("جمهورية مقدونيا اليوغوسلافية سابقاً",),
    "MMR": ("بورما",),
    "PSE": ("فلسطين",),
    "RUS": ("روسيا الاتحادية",),
    "SWZ": ("سوازيلند",),
    "SYR": ("سورية",),
    "TLS": ("تيمور الشرقية",),
    "VEN": ("جمهورية فنزويلا البوليفارية", "فنزويلا"),
    "VNM": ("فيت نام",),
}

# UN English short names where they differ from pycountry's name.
EN_OVERRIDES: dict[str, str] = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
}

EN_VARIANTS: dict[str, tuple[str, ...]] = {
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "CZE": ("Czech Republic",),
    "MKD": ("The former Yugoslav Republic of Macedonia",),
    "NLD": ("Netherlands",),
    "SWZ": ("Swaziland",),
    "TUR": ("Turkey",),
}

PYCOUNTRY = f"pycountry {pycountry.__version__}"
BABEL = f"babel {babel.__version__} CLDR"
MANUAL = "manual: UN terminology"


def _unique(values: list[str], exclude: str) -> list[str]:
    seen: set[str] = {exclude}
    out: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


def build_rows() -> list[dict[str, str]]:
    """One row per State, sorted by ISO3, with the values and where they came from."""
    if len(MEMBERS) != 193 or len(set(MEMBERS)) != 193:
        raise SystemExit(f"member list has {len(MEMBERS)} codes ({len(set(MEMBERS))} distinct)")
    cldr_ar = babel.Locale("ar").territories
    cldr_en = babel.Locale("en").territories
    rows: list[dict[str, str]] = []
    for iso3 in sorted((*MEMBERS, *OBSERVERS)):
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            raise SystemExit(f"pycountry does not know {iso3}")
        iso2 = str(country.alpha_2)
        m49 = str(country.numeric).zfill(3)
        base_ar = str(cldr_ar[iso2])
        name_ar = AR_OVERRIDES.get(iso3, base_ar)
        variants_ar = _unique([base_ar, *AR_VARIANTS.get(iso3, ())], exclude=name_ar)
        py_name = str(country.name)
        name_en = EN_OVERRIDES.get(iso3, py_name)
        english = [
            py_name,
            str(getattr(country, "official_name", "") or ""),
            str(getattr(country, "common_name", "") or ""),
            str(cldr_en[iso2]),
            *EN_VARIANTS.get(iso3, ()),
        ]
        variants_en = _unique(english, exclude=name_en)
        source = "; ".join(
            (
                f"codes: {PYCOUNTRY}",
                f"name_ar: {MANUAL if iso3 in AR_OVERRIDES else BABEL}",
                f"name_en: {MANUAL if iso3 in EN_OVERRIDES else PYCOUNTRY}",
            )
        )
        if iso3 in AR_VARIANTS or iso3 in EN_VARIANTS:
            source += f"; extra variants: {MANUAL}"
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "m49": m49,
                "geoarea_iri": GEOAREA + m49,
                "name_en": name_en,
                "name_ar": name_ar,
                "variants_ar": "|".join(variants_ar),
                "variants_en": "|".join(variants_en),
                "status": "observer" if iso3 in OBSERVERS else "member",
                "source": source,
            }
        )
    return rows


def render(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the file on disk, write nothing")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render(build_rows())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run tools/make_states.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines()) - 1} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
