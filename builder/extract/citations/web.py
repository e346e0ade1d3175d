"""Web addresses written in the text (``www.poa-iss.org/…``)."""

from __future__ import annotations

import re

from builder.extract.citations.candidates import Candidate

_WEB = re.compile(
    r"(?<![\w./])(?:https?://)?www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:/[A-Za-z0-9._\-~/]*[A-Za-z0-9_\-~/])?"
)


def find_web_addresses(sk: str, out: list[Candidate]) -> None:
    """Every address, without a sentence's final full stop; one without a scheme is read as https."""
    for m in _WEB.finditer(sk):
        url = m.group(0).rstrip(".")
        iri = url if url.startswith("http") else "https://" + url
        out.append(Candidate(m.start(), m.start() + len(url), url, "web-page", "web-address", 1.0, None, {"iri": iri}))
