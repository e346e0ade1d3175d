"""The facts of citations: what the finders record, and what the resolver needs to decide.

A citation whose pattern settles its target on its own (a document symbol, an
SDG target, a treaty named by its title) carries a :class:`Target`. Two kinds
leave the decision to :mod:`builder.resolve.citations`: a General Assembly
resolution written ``N/M`` (:class:`ResolutionPair`), whose session the
resolver tells from its number over the whole document, and the word
``الإنترنت`` (:class:`InternetCues`), which is the internet or, misread by the
extraction of this kind of report, INTERPOL. A paragraph of such a resolution
(:class:`ProvisionOfPair`) waits for the resolution's key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from builder.model import Decision, Span, Unit


@dataclass(frozen=True)
class ResolutionCandidate:
    """A ``N/M`` pair written after ``القرار``/``قرار الجمعية العامة``.

    ``first`` and ``second`` are the numbers in the order they stand in the
    text (logical order of the characters); ``session_hint`` is the session the
    same sentence names (``في دورتها الثانية والسبعين`` → 72), if any.
    """

    first: int
    second: int
    session_hint: int | None = None

    @property
    def pair(self) -> tuple[int, int]:
        return (self.first, self.second)


@dataclass(frozen=True)
class Target:
    """What a citation refers to, with the rule that recognised it and how sure it is.

    ``key`` is the stable key of the target (``S/RES/2370 (2017)``, ``SDG 16.4``);
    ``type`` its kind (``document``, ``ga-resolution``, ``sdg-target``, …);
    ``extra`` what an emitter needs besides (an IRI, the instrument of a provision).
    """

    key: str
    type: str
    decision: Decision
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolutionPair:
    """A General Assembly resolution written ``N/M``: which number is the session is left to the resolver.

    ``named_ga`` is False when neither the phrase nor its sentence names the
    General Assembly (``القرار ٥٥/٧٢`` alone), which the resolver counts against
    the reading.
    """

    candidate: ResolutionCandidate
    named_ga: bool


@dataclass(frozen=True)
class ProvisionOfPair:
    """A paragraph or article whose instrument is the General Assembly resolution written as ``candidate``.

    Its key is the resolution's key, a space and ``provision`` (``para 3(a)``,
    ``Art. 5``); ``eid`` names it inside the resolution.
    """

    candidate: ResolutionCandidate
    provision: str
    eid: str
    decision: Decision


@dataclass(frozen=True)
class InternetCues:
    """What the sentence says of the syntactic role of a ``الإنترنت``.

    ``medium``: it follows a preposition or noun of means (عبر، على، شبكة) or
    carries ب. ``agent``: it follows a relative pronoun and a verb no medium
    does (الذي وضعته …). ``recipient``: it follows إلى in a sentence with a verb
    of submitting, and not a word of access (الوصول إلى). ``coordinated``: it is
    coordinated with a body of the body list.
    """

    medium: bool
    agent: bool
    recipient: bool
    coordinated: bool


@dataclass(frozen=True)
class Citation:
    """A citation in one unit: where it is, the words as the source writes them, and what it refers to.

    ``target`` is a :class:`Target` when the pattern settles it, otherwise the
    evidence the resolver decides from. ``surface`` is always
    ``source[span.start:span.end]``.
    """

    unit_eid: str
    span: Span
    surface: str
    target: Target | ResolutionPair | ProvisionOfPair | InternetCues


@dataclass(frozen=True)
class CitationContext:
    """Document-level evidence a rule may need; nothing in it is report-specific.

    ``year``/``date`` are the report's. ``resolution_candidates`` are the
    General Assembly pairs of the whole document, in order (the resolver decides
    their order together); ``document_aliases`` maps a descriptive head such as
    ``مشروع الوثيقة الختامية`` (skeleton form, see
    :data:`builder.extract.citations.instruments.DOCUMENT_HEADS`) to the symbol
    the document gave it beside it (the last one given). ``alias_history`` is every
    such definition in document order, as (unit index, head, symbol):
    :meth:`at` gives the aliases in force at one unit.
    """

    year: int
    date: str | None = None
    resolution_candidates: tuple[ResolutionCandidate, ...] = ()
    document_aliases: Mapping[str, str] = field(default_factory=dict)
    alias_history: tuple[tuple[int, str, str], ...] = ()

    def at(self, unit_index: int) -> CitationContext:
        """The context as one unit sees it: each head stands for the symbol given it last, up to that unit;
        failing that, for the first given after it. A draft revised later keeps, where it was discussed
        before the revision, the symbol it had then."""
        aliases: dict[str, str] = {}
        for index, head, symbol in self.alias_history:
            if index <= unit_index or head not in aliases:
                aliases[head] = symbol
        if aliases == dict(self.document_aliases):
            return self
        return replace(self, document_aliases=aliases)

    @property
    def month(self) -> int | None:
        if self.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date):
            return int(self.date[5:7])
        return None


@dataclass(frozen=True)
class CitationFacts:
    """The citations of one document, unit by unit in document order, with the evidence of the whole document."""

    context: CitationContext
    found: tuple[tuple[Unit, Citation], ...]


def undocs_address(symbol: str) -> str:
    """The address of a UN document on the documents system, from its symbol."""
    return "https://undocs.org/" + symbol.replace(" ", "")
