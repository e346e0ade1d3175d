"""The static linked-data site: file layout, pages, alternates, links, index, safety of the output folder."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from builder.errors import SiteError
from builder.publish.site import (
    MARKER,
    href_for,
    publish_site,
    resource_path,
    segment_name,
    write_site,
)
from builder.query import list_queries
from tests.conftest import REPORT, ROOT, another_hash_seed, cli, run_cli

BASE = "https://w3id.org/poa-kg/"
EXPR = "akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara@2018-07-06"
PARA_26 = f"{EXPR}/!main/annex_1/section_II__para_26"
PARA_26_FILE = "akn/un/doc/report/2018-07-06/A-CONF.192-2018-RC-3/ara%402018-07-06/%21main/annex_1/section_II__para_26"
PARENT = f"{EXPR}/!main/annex_1/section_II__subsec_A__topic_2__subtopic_c"


def cached_site(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Path:
    """The site of the bundled build, generated once per test session (shared by the server and browser tests)."""
    site = tmp_path_factory.getbasetemp() / "poa-kg-site" / "site"
    if not (site / "index.html").is_file():
        publish_site(out_dir, site)
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Path:
    return cached_site(tmp_path_factory, out_dir)


class Page(HTMLParser):
    """The elements of a page as (tag, attributes, text inside) in document order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("link", "meta", "br", "img", "input"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self.elements[self._open[i]][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for i in self._open:
            self.elements[i][2].append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        want = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [(a, "".join(t)) for g, a, t in self.elements
                if g == tag and all(a.get(k) == v or (k == "class" and v in a.get("class", "").split())
                                    for k, v in want.items())]


def page(site: Path, rel_file: str) -> Page:
    return Page((site / rel_file).read_text(encoding="utf-8"))


def test_segments_are_percent_encoded_safely() -> None:
    assert segment_name("!main") == "%21main"
    assert segment_name("ara@2018-07-06") == "ara%402018-07-06"
    assert segment_name("..") == "%2E%2E" and segment_name(".") == "%2E"
    assert segment_name("a%20b") == "a%2520b"
    assert segment_name("") == "%-"
    long = segment_name("x" * 300)
    assert len(long) == 150 + 1 + 16 and long.startswith("x" * 150 + "~")
    assert resource_path(PARA_26) == PARA_26_FILE
    assert resource_path("id/state/FRA") == "id/state/FRA"
    # a resource whose last segment already ends in a page extension cannot collide with another page
    assert resource_path("id/doc/a.html") == "id/doc/a%2Ehtml"
    assert resource_path("../../etc/passwd") == "%2E%2E/%2E%2E/etc/passwd"


def test_one_page_per_local_resource(site: Path, out_dir: Path, out_nt: Graph) -> None:
    void = Graph()
    void.parse(out_dir / "void.ttl", format="turtle")
    subjects = {*out_nt.subjects(), *void.subjects()}  # those of graph.nt and void.ttl
    docs = {str(s).split("#", 1)[0] for s in subjects if isinstance(s, URIRef) and str(s).startswith(BASE)}
    docs.discard(BASE)
    pages = {str(p.relative_to(site))[:-5] for p in site.rglob("*.html")} - {"index", "ontology"}  # not data
    assert pages == {resource_path(d[len(BASE):]) for d in docs}
    for d in docs:
        for ext in (".ttl", ".jsonld", ".nt"):
            assert (site / (resource_path(d[len(BASE):]) + ext)).is_file()


def test_paragraph_page_shows_text_label_parent_and_source_excerpt(site: Path) -> None:
    p = page(site, PARA_26_FILE + ".html")
    assert p.find("h1")[0][1] == "outcome document, paragraph II.26"
    (attrs, text), = p.find("p", class_="text")
    assert attrs["dir"] == "rtl" and attrs["lang"] == "ar"
    assert text.startswith("الاحتفاظ بقوانين وأنظمة وإجراءات إدارية")
    (parent_attrs, _), = p.find("a", class_="parent")
    assert parent_attrs["rel"] == "up"
    assert parent_attrs["href"] == "section_II__subsec_A__topic_2__subtopic_c.html"
    assert (site / PARA_26_FILE).parent.joinpath(parent_attrs["href"]).is_file()
    quote_attrs, excerpt = p.find("blockquote", class_="source-excerpt")[0]  # the paragraph's own, at the top
    assert quote_attrs["dir"] == "rtl"
    assert excerpt == REPORT.read_text(encoding="utf-8")[27841:28158]
    alternates = {a["type"]: a["href"] for a, _ in p.find("link", rel="alternate")}
    assert alternates == {"text/turtle": "section_II__para_26.ttl", "application/ld+json": "section_II__para_26.jsonld",
                          "application/n-triples": "section_II__para_26.nt"}


def _description(g: Graph, iri: str) -> Graph:
    """The triples of ``g`` about ``iri`` and its hash IRIs."""
    d = Graph()
    for s, p, o in g:
        if str(s) == iri or str(s).startswith(iri + "#"):
            d.add((s, p, o))
    return d


def test_alternates_hold_the_resource_description(site: Path, out_nt: Graph) -> None:
    expected = _description(out_nt, BASE + PARA_26)  # from graph.nt
    assert len(expected) > 20
    for ext, fmt in ((".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld")):
        g = Graph()
        g.parse(site / (PARA_26_FILE + ext), format=fmt)  # the JSON-LD's context is found relative to the file
        assert isomorphic(g, expected), ext
    doc = json.loads((site / (PARA_26_FILE + ".jsonld")).read_text(encoding="utf-8"))
    assert doc["@context"] == ["../../../../../../../../../context.jsonld", {"@base": BASE}]


@pytest.mark.slow  # parses every page of the site
def test_local_links_all_lead_to_files(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    for path in pages:
        rel = path.relative_to(site).as_posix()
        for tag, attr in (("a", "href"), ("link", "href")):
            for attrs, _ in Page(path.read_text(encoding="utf-8")).find(tag):
                href = attrs.get(attr, "")
                if not href or urlsplit(href).scheme or href.startswith("#"):
                    continue
                target = urlsplit(urljoin("/" + href_for(rel), href))  # the page's own URL is percent-encoded
                if target.path == "/sparql":
                    continue  # served by 'poa-kg serve'
                if not (site / unquote(target.path).lstrip("/")).is_file():
                    broken.append((rel, href))
    assert broken == []


def test_index_has_the_description_and_the_competency_queries(site: Path) -> None:
    p = page(site, "index.html")
    assert p.find("h1")[0][1] == "PoA knowledge graph: A/CONF.192/2018/RC/3"
    assert p.find("p", class_="title-ar")[0][0]["dir"] == "rtl"
    queries = list_queries()
    assert queries
    for q in queries:
        (_, text), = p.find("article", id=f"query-{q.name}")
        assert q.question in text
        for c in q.columns:
            assert c in text
        assert (site / "queries" / f"{q.name}.rq").read_text(encoding="utf-8") == q.text
    paragraphs = next(t for a, t in p.find("article", id="query-paragraphs"))
    assert "194 row(s); the first 10 are shown." in paragraphs
    downloads = {a["href"] for a, _ in p.find("a") if a.get("href", "").startswith("dumps/")}
    assert downloads == {f"dumps/{n}" for n in ("graph.nt", "graph.ttl", "graph.jsonld", "context.jsonld",
                                                "dataset.trig", "dataset.nq", "void.ttl")}


def test_dumps_are_the_build_files(site: Path, out_dir: Path) -> None:
    for name in ("graph.nt", "graph.ttl", "graph.jsonld", "context.jsonld", "dataset.trig", "dataset.nq", "void.ttl"):
        assert (site / "dumps" / name).read_bytes() == (out_dir / name).read_bytes(), name


def test_output_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path, other_out: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteError, match="was not written by 'poa-kg publish site'"):
        write_site({"index.html": b"x"}, mine)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    # the site is rendered before the folder is looked at: the small report's build is enough
    proc = cli("publish", "site", str(mine), "--data", str(other_out))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"poa-kg: error: {mine}: folder is not empty and was not written by "
                                   "'poa-kg publish site'; refusing to replace it")


def test_an_earlier_site_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"one", "old/page.html": b"stale", MARKER: b"x"}, out)
    write_site({"index.html": b"two", MARKER: b"x"}, out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "old").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left behind
    with pytest.raises(SiteError, match="outside the site folder"):
        write_site({"../escape.html": b"x", MARKER: b"x"}, out)
    assert not (tmp_path / "escape.html").exists()


def test_cli_publish_site_with_a_build_date(tmp_path: Path, other_out: Path) -> None:
    # the option, not the pages, is under test: the site of the small report (dated 2030-07-03) is enough
    proc = cli("publish", "site", str(tmp_path / "s"), "--data", str(other_out), "--build-date", "2024-05-01")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("wrote ") and proc.stdout.rstrip().endswith(f"into {tmp_path / 's'}/")
    void = Graph()
    void.parse(tmp_path / "s" / "dumps" / "void.ttl", format="turtle")
    dataset = URIRef(f"{BASE}dataset/A-CONF.192-2030-RC-3")
    assert str(void.value(dataset, URIRef("http://purl.org/dc/terms/modified"))) == "2024-05-01"
    assert str(void.value(dataset, URIRef("http://purl.org/dc/terms/issued"))) == "2030-07-03"  # the report's date
    bad = cli("publish", "site", str(tmp_path / "t"), "--data", str(other_out), "--build-date", "May 1")
    assert bad.returncode == 2 and "expected YYYY-MM-DD" in bad.stderr


@pytest.mark.slow  # pip builds the wheel in a process of its own (once a session)
def test_wheel_carries_the_templates(wheel_names: list[str]) -> None:
    names = wheel_names
    for template in ("base.html", "macros.html", "resource.html", "index.html", "sparql.html", "error.html"):
        assert f"builder/templates/{template}" in names


@pytest.mark.slow
def test_site_is_byte_identical_whatever_the_hash_seed(tmp_path: Path, out_dir: Path, site: Path) -> None:
    import os

    # the session's site, made in this process, and the site a process with another hash seed makes
    proc = run_cli("publish", "site", str(tmp_path / "other"), "--data", str(out_dir), cwd=ROOT,
                   env={**os.environ, "PYTHONHASHSEED": another_hash_seed()})
    assert proc.returncode == 0, proc.stderr
    a = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "other"): p.read_bytes() for p in (tmp_path / "other").rglob("*") if p.is_file()}
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_a_data_file_without_a_dataset_description_still_gets_a_site(other_out: Path, tmp_path: Path) -> None:
    """Regression: one RDF file with no VoID description beside it gave a template traceback (exit 1)."""
    data = tmp_path / "data.nt"
    shutil.copy(other_out / "graph.nt", data)
    proc = cli("publish", "site", str(tmp_path / "site"), "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">PoA knowledge graph: A/CONF.192/2030/RC/3</h1>' in index


def test_a_data_file_that_holds_no_report_still_gets_an_index(tmp_path: Path) -> None:
    """Regression: data with no report and no dataset description gave a template traceback (exit 1)."""
    data = tmp_path / "tiny.nt"
    data.write_text('<http://example.org/a> <http://example.org/p> "x" .\n', encoding="utf-8")
    proc = cli("publish", "site", str(tmp_path / "site"), "--data", str(data))
    assert (proc.returncode, "Traceback" in proc.stderr) == (0, False), proc.stderr
    assert proc.stdout.startswith("wrote 0 resource page(s) and the index")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">PoA knowledge graph</h1>' in index
