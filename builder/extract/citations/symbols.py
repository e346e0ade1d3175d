"""UN document symbols in Latin script (``A/CONF.192/2018/RC/L.3``), and the paragraph given beside one
(``(A/CONF.192/2018/RC/2، الفقرة ١٠)``)."""

from __future__ import annotations

import re

from builder.arabic.text import compile_ar, parse_int
from builder.extract.citations.candidates import NUM, Candidate, provision_eid, sub_letter
from builder.extract.citations.facts import undocs_address

_SYMBOL = re.compile(r"(?<![A-Za-z0-9/.])([A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9.\-]+)+)")
_SYMBOL_YEAR = re.compile(r"\s*\((\d{4})\)")
_SYMBOL_PARA = compile_ar(
    rf"\(\s*(?P<sym>[A-Z][A-Z0-9]{{0,5}}(?:/[A-Za-z0-9.\-]+)+)\s*[،,]\s*"
    rf"(?P<word>(?:ال)?فقرة)\s+(?P<n>{NUM})(?:\s*\((?P<sub>\w{{1,2}})\))?\s*\)"
)


def symbol_type(symbol: str) -> str:
    """The kind of document a symbol names: a resolution of the Assembly or the Council, or another document."""
    if symbol.startswith("A/RES/"):
        return "ga-resolution"
    if symbol.startswith("S/RES/"):
        return "sc-resolution"
    return "document"


def find_symbols(sk: str, out: list[Candidate]) -> None:
    """Every symbol of ``sk``, with the year the Council's resolutions carry (``S/RES/2370 (2017)``)."""
    for m in _SYMBOL.finditer(sk):
        symbol = m.group(1).rstrip(".-")
        end = m.start(1) + len(symbol)
        kind = symbol_type(symbol)
        y = _SYMBOL_YEAR.match(sk, end)
        if kind == "sc-resolution" and y is not None:
            symbol = f"{symbol} ({y.group(1)})"
            end = y.end()
        out.append(Candidate(m.start(1), end, symbol, kind, "symbol", 1.0, extra={"link": undocs_address(symbol)}))
    for m in _SYMBOL_PARA.finditer(sk):
        symbol = m.group("sym").rstrip(".-")
        n = parse_int(m.group("n"))
        sub = sub_letter(m.group("sub"))
        key = f"{symbol} para {n}{f'({sub})' if sub else ''}"
        out.append(
            Candidate(
                m.start("sym"),
                m.end("sub") + 1 if m.group("sub") else m.end("n"),
                key,
                "provision",
                "symbol-paragraph",
                0.95,
                "paragraph given beside the symbol in parentheses",
                {"instrument": symbol, "eid": provision_eid(None, n, sub)},
            )
        )
