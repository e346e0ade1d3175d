"""What a reader sees: the served site in headless Chromium (Debian's /usr/bin/chromium)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest

from builder.query import list_queries
from tests.conftest import REPORT
from tests.test_publish_server import serve
from tests.test_publish_site import PARA_26, PARA_26_FILE, Page, cached_site

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Iterator[str]:
    if not Path(CHROMIUM).is_file():
        pytest.fail("Chromium is missing: apt-get install -y chromium (.ci/run installs it)")
    site = cached_site(tmp_path_factory, out_dir)
    with serve(out_dir, site, tmp_path_factory.mktemp("browser") / "serve.log", "--quiet") as url:
        yield url


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=180)


def dom(tmp_path: Path, url: str) -> Page:
    proc = chromium(tmp_path, "--dump-dom", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.lstrip().lower().startswith("<!doctype html>") or "<html" in proc.stdout[:200]
    return Page(proc.stdout)


def test_paragraph_page_as_a_reader_sees_it(served: str, tmp_path: Path) -> None:
    # the resource IRI itself: the browser follows the 303 to the HTML document
    page = dom(tmp_path, f"{served}/{quote(PARA_26, safe='/!@')}")
    assert page.find("title")[0][1] == "outcome document, paragraph II.26 · PoA-KG"
    assert page.find("h1")[0][1] == "outcome document, paragraph II.26"
    (attrs, text), = page.find("p", class_="text")
    assert attrs["dir"] == "rtl" and attrs["lang"] == "ar"
    assert text.startswith("الاحتفاظ بقوانين وأنظمة وإجراءات إدارية أو وضعها أو إرساؤها وتنفيذها بفعالية")
    (parent, parent_text), = page.find("a", class_="parent")
    assert parent["rel"] == "up" and parent["href"] == "section_II__subsec_A__topic_2__subtopic_c.html"
    excerpt_attrs, excerpt = page.find("blockquote", class_="source-excerpt")[0]
    assert excerpt_attrs["dir"] == "rtl"
    assert excerpt == REPORT.read_text(encoding="utf-8")[27841:28158]
    assert excerpt.startswith("٢٦ - الاحتفاظ")
    assert {a["type"] for a, _ in page.find("link", rel="alternate")} == {
        "text/turtle", "application/ld+json", "application/n-triples"}

    # the parent link leads to the parent's page
    doc_url = f"{served}/{quote(PARA_26_FILE, safe='/')}.html"
    parent_page = dom(tmp_path, urljoin(doc_url, parent["href"]))
    assert parent_page.find("h1")[0][1] == parent_text
    children = [t for _, t in parent_page.find("a") if t == "outcome document, paragraph II.26"]
    assert children  # "Referenced by" lists the paragraph


def test_index_lists_the_competency_queries(served: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{served}/")
    assert page.find("h1")[0][1] == "PoA knowledge graph: A/CONF.192/2018/RC/3"
    names = [t for _, t in page.find("h3")]
    for q in list_queries():
        assert q.name in names
        assert any(q.question == t for _, t in page.find("p", class_="question"))
    tables = page.find("table", class_="sample")
    assert len(tables) == sum(1 for q in list_queries() if not q.parameters)


def test_screenshot_of_a_paragraph_page(served: str, tmp_path: Path) -> None:
    shot = tmp_path / "para.png"
    proc = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600",
                    f"{served}/{quote(PARA_26, safe='/!@')}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


# Run inside the page: for each value of the property tables, its language, computed direction and how far its
# text stands from the left and the right edge of its cell's content box, and on how many lines it is laid out.
_MEASURE_VALUES = """<script>
const found = [];
for (const cell of document.querySelectorAll("table.properties td:not(.prop)")) {
  const box = cell.getBoundingClientRect(), style = getComputedStyle(cell);
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  for (const value of cell.querySelectorAll(":scope > div.value")) {
    const range = document.createRange();
    range.selectNodeContents(value);
    const text = range.getBoundingClientRect();
    found.push([value.lang, getComputedStyle(value).direction, Math.round(text.left - left),
                Math.round(right - text.right), new Set([...range.getClientRects()].map(r => r.top)).size]);
  }
}
document.body.setAttribute("data-values", JSON.stringify(found));
</script>"""


def test_arabic_values_of_the_property_table_run_right_to_left(site_page: Path, tmp_path: Path) -> None:
    import json

    # the paragraph's own page, measured where it is laid out: a copy that runs the measuring script at its end
    measured = tmp_path / "measured.html"
    measured.write_text(site_page.read_text(encoding="utf-8").replace("</body>", _MEASURE_VALUES + "</body>"),
                        encoding="utf-8")
    proc = chromium(tmp_path, "--window-size=1200,1600", "--dump-dom", measured.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    (body, _), = Page(proc.stdout).find("body")
    values = json.loads(body["data-values"])
    arabic = [v for v in values if v[0] == "ar"]
    english = [v for v in values if v[0] == "en"]
    # the heading path, the Arabic label, the text, the surface forms of mentions; the English label
    assert len(arabic) == 9 and len(english) == 1
    assert max(lines for *_, lines in arabic) >= 3  # the paragraph's text wraps over several lines of its cell
    for lang, direction, from_left, from_right, _ in arabic:
        assert direction == "rtl" and from_right == 0 and from_left >= 0, (lang, from_left, from_right)
    for lang, direction, from_left, from_right, _ in english:
        assert direction == "ltr" and from_left == 0 and from_right > 0, (lang, from_left, from_right)


@pytest.fixture
def site_page(tmp_path_factory: pytest.TempPathFactory, out_dir: Path) -> Path:
    return cached_site(tmp_path_factory, out_dir) / f"{PARA_26_FILE}.html"
