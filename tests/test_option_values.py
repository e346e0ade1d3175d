"""A value on the command line that cannot be used is one line naming it, exit 2, before anything is read or written.

The checks are library functions (a base IRI and a document symbol in builder/iri.py, a query name in
builder/query.py, an endpoint URL in builder/publish/endpoint.py); the command line calls them as it
parses its arguments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import EndpointError, IriError, PoaKgError, QueryError
from builder.iri import DEFAULT_BASE, Iris, checked_base, checked_symbol
from builder.publish.endpoint import checked_endpoint_url
from builder.query import checked_query_name, query_names
from tests.conftest import OTHER, cli

SYMBOL_RULE = "expected parts of letters, digits, '.' and '-' joined by '/', such as A/CONF.192/2018/RC/3"
KNOWN = ", ".join(query_names())


@pytest.fixture()
def report_without_symbol(tmp_path: Path) -> Path:
    """The small report without the line of its symbol and without its metadata file: --symbol is needed."""
    text = OTHER.read_text(encoding="utf-8").replace("A/CONF.192/2030/RC/3\n", "", 1)
    path = tmp_path / "no-symbol.ar.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--symbol", "A/X Y", f"document symbol 'A/X Y': {SYMBOL_RULE}"),
    ("--symbol", 'A/X"Y', f"document symbol 'A/X\"Y': {SYMBOL_RULE}"),
    ("--symbol", "A/X\nY", f"document symbol 'A/X\\nY': {SYMBOL_RULE}"),
    ("--base", "http://x/<>", "base IRI 'http://x/<>': '<' cannot be part of an IRI"),
    ("--base", "foo", "base IRI 'foo': not an absolute http(s) IRI, such as https://w3id.org/poa-kg/"),
    ("--base", "", "the base IRI is empty; give an absolute http(s) IRI, such as https://w3id.org/poa-kg/"),
])
def test_build_refuses_a_symbol_or_a_base_no_iri_can_hold(report_without_symbol: Path, tmp_path: Path, option: str,
                                                          value: str, message: str) -> None:
    out = tmp_path / "out"
    proc = cli("build", str(report_without_symbol), "--symbol", "A/CONF.192/2030/RC/3", option, value,
               "--out", str(out))
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"poa-kg: error: {message}\n")
    assert not out.exists()


def test_query_names_only_a_listed_query() -> None:
    proc = cli("query", "../../etc/passwd")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"poa-kg: error: no query named '../../etc/passwd' (known: {KNOWN})\n"


def test_publish_endpoint_blames_the_url_before_the_data(tmp_path: Path) -> None:
    proc = cli("publish", "endpoint", "http://[::1/store", "--data", str(tmp_path / "missing"))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "poa-kg: error: endpoint URL 'http://[::1/store': not a usable URL (Invalid IPv6 URL)\n"
    # an address with user information is never repeated, even when it cannot be parsed
    proc = cli("publish", "endpoint", "http://me:pa55word@[::1/store", "--data", str(tmp_path / "missing"))
    assert proc.stderr == "poa-kg: error: the endpoint URL: not a usable URL (Invalid IPv6 URL)\n"


def test_the_checks_are_errors_of_the_project() -> None:
    assert issubclass(IriError, PoaKgError)


@pytest.mark.parametrize("base", [DEFAULT_BASE, "https://example.org/kg/", "http://example.org/kg",
                                  "http://example.org/ns#", "http://[::1]:8080/kg/", "https://exa.example/%C3%A9/"])
def test_a_usable_base_is_let_through_unchanged(base: str) -> None:
    assert checked_base(base) == base
    assert Iris(base=base, symbol="A/1", date="2020-01-01").state("fra").value.startswith(base)


@pytest.mark.parametrize(("base", "why"), [
    ("http://x/a b", "' ' cannot be part of an IRI"),
    ("http://x/%zz/", "a '%' must begin a percent-encoded byte (%XX)"),
    ("http://x:12a/", "Port could not be cast to integer value as '12a'"),
    ("ftp://x/", "not an absolute http(s) IRI"),
    ("http:///kg/", "not an absolute http(s) IRI"),
    ("http://me@x/", "holds user information"),
    ("http://x/kg?a=", "a query or a fragment would swallow the paths minted under it; end it with / or #"),
    ("http://x/a#b#", "a query or a fragment would swallow the paths minted under it; end it with / or #"),
])
def test_an_unusable_base_is_an_iri_error(base: str, why: str) -> None:
    with pytest.raises(IriError) as err:
        checked_base(base)
    assert str(err.value).startswith(f"base IRI {base!r}: {why}")


def test_symbols() -> None:
    for symbol in ("A/CONF.192/2018/RC/3", "A/1", "S/2019/1011", "A/C.1/72/L.35-Rev.1"):
        assert checked_symbol(symbol) == symbol
    for symbol in ("", "A//B", "/A", "A/", "A/<x>", "S/RES/2370 (2017)", "A/X#1", "A/١"):
        with pytest.raises(IriError, match=SYMBOL_RULE.replace("(", r"\(").replace(")", r"\)")):
            checked_symbol(symbol)


def test_query_names() -> None:
    assert checked_query_name("paragraphs") == "paragraphs"
    for name in ("../../etc/passwd", "", "paragraphs.rq", "queries/paragraphs", "/etc/passwd"):
        with pytest.raises(QueryError, match=f"no query named {name!r}"):
            checked_query_name(name)


def test_endpoint_urls() -> None:
    assert checked_endpoint_url("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/store"
    for url, message in (
        ("http://x/a b", "endpoint URL 'http://x/a b': a URL holds no spaces or control characters"),
        ("http://x:port/store", "endpoint URL 'http://x:port/store': not a usable URL (Port could not be cast"),
        ("ftp://x/store", "ftp://x/store: expected an http(s) URL of a Graph Store Protocol endpoint"),
        ("http://me:secret@x/store", "http://x/store: put the credentials in POA_KG_ENDPOINT_USER and"),
    ):
        with pytest.raises(EndpointError) as err:
            checked_endpoint_url(url)
        assert str(err.value).startswith(message)
        assert "secret" not in str(err.value)
