"""Minting of the project's IRIs, all under one configurable base.

The patterns are documented in ``docs/design.md``. Nothing here keeps state:
an :class:`Iris` value is built once per build from the base and the report's
metadata and passed to whoever needs to mint an IRI.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Namespace
from rdflib.namespace import NamespaceManager

from builder.errors import IriError

DEFAULT_BASE = "https://w3id.org/poa-kg/"

POA = Namespace("https://w3id.org/poa-kg/ontology#")
UNDO = Namespace("https://w3id.org/un/ontology/undo/")
ALLOT = Namespace("https://w3id.org/akn/ontology/allot/")
OA = Namespace("http://www.w3.org/ns/oa#")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
GEOAREA = Namespace("http://metadata.un.org/sdg/codes/geoArea/")
UNDOCS = "https://undocs.org/"
TIME = Namespace("http://www.w3.org/2006/time#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


#: a character no IRI may hold (RFC 3987): spaces, controls and ``<>"{}|^`\``
_NOT_IN_IRI = re.compile(r"[\x00-\x20<>\"{}|^`\\\x7f-\x9f]")
#: a percent sign not followed by two hexadecimal digits
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: a document symbol as the United Nations write them: parts of letters, digits, dots and hyphens, joined by "/"
_SYMBOL = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)*")
_BASE_EXAMPLE = "such as https://w3id.org/poa-kg/"


def checked_base(base: str) -> str:
    """``base`` itself when the project's IRIs can be minted under it, else an :class:`IriError` saying why.

    Every IRI of a build is the base followed by a path (``{base}id/state/FRA``), so the base
    must be an absolute ``http``/``https`` IRI with a host, no user information, no query, and
    no fragment but a final ``#`` (a missing final ``/`` is added by :class:`Iris`).
    """
    if not base:
        raise IriError(f"the base IRI is empty; give an absolute http(s) IRI, {_BASE_EXAMPLE}")
    if bad := _NOT_IN_IRI.search(base):
        raise IriError(f"base IRI {base!r}: {bad.group()!r} cannot be part of an IRI")
    if _BAD_PERCENT.search(base):
        raise IriError(f"base IRI {base!r}: a '%' must begin a percent-encoded byte (%XX)")
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as exc:
        raise IriError(f"base IRI {base!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IriError(f"base IRI {base!r}: not an absolute http(s) IRI, {_BASE_EXAMPLE}")
    if "@" in parts.netloc:
        raise IriError(f"base IRI {base!r}: holds user information")
    if "?" in base or "#" in base[:-1]:
        raise IriError(f"base IRI {base!r}: a query or a fragment would swallow the paths minted under it;"
                       " end it with / or #")
    import pyoxigraph as ox  # the store the build is loaded into is the judge of what an IRI is

    try:
        ox.NamedNode(f"{base}id")
    except ValueError as exc:
        raise IriError(f"base IRI {base!r}: {exc}") from None
    return base


def checked_symbol(symbol: str) -> str:
    """``symbol`` itself when it is a document symbol (``A/CONF.192/2018/RC/3``), else an :class:`IriError`.

    The symbol is part of the report's IRIs and of its ``undocs.org`` link, so it may hold
    only what a UN symbol holds: letters, digits, ``.`` and ``-``, in parts joined by ``/``.
    """
    if not _SYMBOL.fullmatch(symbol):
        raise IriError(f"document symbol {symbol!r}: expected parts of letters, digits, '.' and '-' joined by '/',"
                       " such as A/CONF.192/2018/RC/3")
    return symbol


def symbol_slug(symbol: str) -> str:
    """``A/CONF.192/2018/RC/3`` → ``A-CONF.192-2018-RC-3``; ``S/RES/2370 (2017)`` → ``S-RES-2370-2017``."""
    s = symbol.strip().replace("/", "-")
    s = re.sub(r"\s*\((\d{4})\)", r"-\1", s)
    s = re.sub(r"\s+", "-", s)
    return re.sub(r"[^A-Za-z0-9.\-]", "", s)


def slug(text: str) -> str:
    """A lower-case ASCII slug for an English name: ``World Customs Organization`` → ``world-customs-organization``."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def undocs_link(symbol: str) -> ox.NamedNode:
    """The undocs.org address of a document symbol (spaces dropped)."""
    return ox.NamedNode(UNDOCS + symbol.replace(" ", ""))


@dataclass(frozen=True)
class Iris:
    """IRI factory for one report under one base."""

    base: str
    symbol: str
    date: str  # ISO date of the report
    language: str = "ar"

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    # -- the report and its parts ------------------------------------------------
    @property
    def work(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}akn/un/doc/report/{self.date}/{symbol_slug(self.symbol)}")

    @property
    def expression(self) -> ox.NamedNode:
        lang3 = {"ar": "ara", "en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "zh": "zho"}.get(
            self.language, self.language
        )
        return ox.NamedNode(f"{self.work.value}/{lang3}@{self.date}")

    @property
    def main(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.expression.value}/!main")

    @property
    def annex(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.main.value}/annex_1")

    @property
    def source(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.expression.value}/source")

    def unit(self, eid: str, in_annex: bool) -> ox.NamedNode:
        return ox.NamedNode(f"{(self.annex if in_annex else self.main).value}/{eid}")

    @staticmethod
    def selector(unit_iri: ox.NamedNode) -> ox.NamedNode:
        return ox.NamedNode(f"{unit_iri.value}#span")

    @staticmethod
    def mention(unit_iri: ox.NamedNode, start: int, end: int) -> ox.NamedNode:
        return ox.NamedNode(f"{unit_iri.value}#m-{start}-{end}")

    # -- entities ----------------------------------------------------------------
    def entity(self, kind: str, key: str) -> ox.NamedNode:
        """``entity("state", "FRA")``, ``entity("org", "interpol")``, ``entity("doc", "S-RES-2370-2017")``."""
        return ox.NamedNode(f"{self.base}id/{kind}/{key}")

    def state(self, iso3: str) -> ox.NamedNode:
        return self.entity("state", iso3.upper())

    def document(self, symbol: str) -> ox.NamedNode:
        return self.entity("doc", symbol_slug(symbol))

    def concept(self, scheme: str, key: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}id/concept/{scheme}/{slug(key)}")

    def scheme(self, scheme: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}id/concept/{scheme}")

    def vote(self, target: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}id/vote/{symbol_slug(self.symbol)}/{target}")

    @property
    def conference_slug(self) -> str:
        """The slug of the conference a report reports on: its symbol less the final number.

        ``A/CONF.192/2018/RC/3`` → ``A-CONF.192-2018-RC``. Things that exist only within one
        conference (its numbered plenary meetings, its bureau, its posts) are scoped by it.
        """
        head, _, last = self.symbol.rpartition("/")
        return symbol_slug(head if head and last.isdigit() else self.symbol)

    def meeting(self, key: str) -> ox.NamedNode:
        """A meeting by key; numbered plenary meetings are scoped by their conference."""
        if re.fullmatch(r"plenary-\d+", key):
            return self.entity("meeting", f"{self.conference_slug}/{key}")
        return self.entity("meeting", key)

    @property
    def dataset(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}dataset/{symbol_slug(self.symbol)}")

    @property
    def report_graph(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}graph/report/{symbol_slug(self.symbol)}")

    @property
    def reference_graph(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}graph/reference")

    @property
    def ontology_graph(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}graph/ontology")


#: the prefixes every serialization and every graph of a build binds
PREFIXES = {
    "poa": "https://w3id.org/poa-kg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}


def bind_prefixes(nm: NamespaceManager) -> None:
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True, replace=True)
