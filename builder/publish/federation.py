"""Federated queries (SPARQL ``SERVICE``): refused, unless they name an endpoint the operator allowed.

A ``SERVICE`` clause makes the query engine open an HTTP connection to the
address it names, so a public endpoint that evaluates one can be made to probe
the machine's own network, or to wait on a silent server. The check is on the
query's text and errs towards refusing: the engine parses keywords without
requiring a space before them (``?s ?p 1SERVICE <…>`` is a number and a
``SERVICE`` clause), and whether a ``<`` opens an IRI or compares two values
depends on where it stands. So every occurrence of the word, whatever its case
and wherever it appears (names and strings included), must be accounted for:

* with no allowed endpoint, any occurrence refuses the query;
* otherwise each occurrence must be the keyword itself, followed (after spaces,
  comments and an optional ``SILENT``) by an IRI written out in full that is one
  of the allowed endpoints, or lie inside that IRI.

Right after a real ``SERVICE`` keyword the grammar admits only spaces, comments,
``SILENT`` and the endpoint, so reading that stretch needs no guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

_WORD = re.compile("service", re.IGNORECASE)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEME = re.compile(r"""
    (?P<escape>\\.)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:'{0,2}(?:[^'\\]|\\.))*'''|\"\"\"(?:"{0,2}(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<space>\s+)
  | (?P<code>[^\\\#'"<\s]+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
#: characters an allowed endpoint may not contain: they could end or escape the IRI it is written in
_UNSAFE_IN_ENDPOINT = re.compile(r"""[\s<>"'{}|^`\\]""")


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` cannot be an allowed ``SERVICE`` endpoint, or ``None``: an absolute http(s) URL is needed."""
    if _UNSAFE_IN_ENDPOINT.search(url) or any(ord(c) < 0x20 for c in url):
        return f"{url!r} contains a space, a quote or a character an IRI cannot hold"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{url!r} is not an absolute http or https URL"
    return None


def federation_refusal(query: str, allowed: Sequence[str]) -> str | None:
    """Why ``query`` is refused as a federated query (one line), or ``None`` when it may run."""
    if not _WORD.search(query):
        return None
    if not allowed:
        return ("federated queries (SERVICE) are not allowed on this endpoint; the word 'service' is refused "
                "anywhere in a query, in names and strings too")
    accounted = _allowed_clauses(query, frozenset(allowed))
    for hit in _WORD.finditer(query):
        if not any(start <= hit.start() and hit.end() <= end for start, end in accounted):
            return ("SERVICE is allowed only as SERVICE <URL> with one of the allowed endpoints written in full: "
                    + " ".join(sorted(allowed)) + "; the word 'service' is refused anywhere else in a query")
    return None


def _allowed_clauses(query: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    """The spans ``SERVICE [SILENT] <endpoint>`` of the query whose endpoint is allowed."""
    lexemes = [(m.lastgroup or "other", m.start(), m.end()) for m in _LEXEME.finditer(query)]
    spans = []
    for index, (kind, start, end) in enumerate(lexemes):
        if kind == "code" and query[start:end].lower().endswith("service"):
            following = (lexeme for lexeme in lexemes[index + 1:] if lexeme[0] not in ("space", "comment"))
            target = next(following, None)
            if target is not None and target[0] == "code" and query[target[1]:target[2]].lower() == "silent":
                target = next(following, None)
            if target is not None and target[0] == "iri" and _unescaped(query[target[1] + 1:target[2] - 1]) in allowed:
                spans.append((end - len("service"), target[2]))
    return spans


def _unescaped(iri: str) -> str:
    """An IRI's text with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced, as the query parser reads it."""
    def char(m: re.Match[str]) -> str:
        code = int(m[1] or m[2], 16)
        return chr(code) if code <= 0x10FFFF else m[0]

    return _UCHAR.sub(char, iri)
