"""Paragraphs and articles of instruments and documents (``الفقرة ١٤ من الفرع الثالث من برنامج العمل``).

The instrument is the one named right after the reference (an instrument, the
Charter, a descriptive head, a symbol), else the nearest instrument cited
before it in the same sentence; with neither, the reference is to a paragraph
of the document itself and no citation.
"""

from __future__ import annotations

import re

from builder.arabic.numbers import ORDINAL, ordinal_to_int, to_roman
from builder.arabic.phrases import INDEF_CLITICS as _INDEF
from builder.arabic.phrases import WORD_END as _E
from builder.arabic.phrases import WORD_START as _B
from builder.arabic.text import compile_ar, normalize_letters, parse_int, sentence_bounds
from builder.extract.citations.candidates import (
    DEF,
    INSTRUMENT_TYPES,
    NUM,
    Candidate,
    provision_eid,
    sentence_of,
    sub_letter,
)
from builder.extract.citations.facts import CitationContext, ProvisionOfPair, ResolutionPair
from builder.extract.citations.instruments import (
    AFTER_HEAD_SYMBOL,
    ATT,
    CHARTER_BARE,
    CHARTER_FULL,
    HEAD_PATTERNS,
    ITI,
    ITI_LONG,
    POA,
    POA_FULL,
    RULES_HEAD,
)
from builder.model import Decision

_PROVISION = compile_ar(
    rf"{_B}(?:{DEF}|{_INDEF})(?P<word>فقرة\s+الفرعية|فقرة|مادة)\s+(?P<n>{NUM})"
    rf"(?:\s*\((?P<sub>\w{{1,2}})\))?"
    rf"(?:\s+من\s+(?:ال)?فرع\s+(?P<sec>{ORDINAL}|[IVX]+|{NUM}){_E})?"
)
_CONNECT = compile_ar(r"\s+(?:(?:من|في)\s+)?")
_ARTICLE = normalize_letters("مادة")
_CONFIDENCE = {"explicit-instrument": 0.95, "explicit-symbol": 0.95, "document-alias": 0.85}
_SENTENCE_RULE = "sentence-instrument"
_SENTENCE_NOTE = "no instrument named after the reference; the nearest instrument before it in the sentence"


def _instrument_at(sk: str, pos: int, ctx: CitationContext) -> tuple[str, str, int, str | None] | None:
    """An instrument named right at ``pos`` (after the connector): (key, rule, end, head)."""
    for rx, key in ((POA_FULL, "PoA"), (POA, "PoA"), (ITI_LONG, "ITI"), (ITI, "ITI"), (ATT, "Arms Trade Treaty")):
        m = rx.match(sk, pos)
        if m is not None:
            return key, "explicit-instrument", m.end(), None
    for rx in (CHARTER_FULL, CHARTER_BARE):
        m = rx.match(sk, pos)
        if m is not None:
            return "UN Charter", "explicit-instrument", m.end(), None
    for head, rx in HEAD_PATTERNS.items():
        m = rx.match(sk, pos)
        if m is None:
            continue
        s = AFTER_HEAD_SYMBOL.match(sk, m.end())
        if s is not None:
            return s.group(1).rstrip(".-"), "explicit-symbol", m.end(), head
        symbol = ctx.document_aliases.get(head)
        if symbol is not None:
            return symbol, "document-alias", m.end(), head
        return None
    s = re.match(r"\s*\(?\s*([A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9.\-]+)+)", sk[pos:])
    if s is not None:
        return s.group(1).rstrip(".-"), "explicit-symbol", pos + s.end(), None
    return None


def _section(raw: str | None) -> str | None:
    """The Roman numeral of a section written as a numeral, a number or an ordinal (``الفرع الثالث`` → III)."""
    if not raw:
        return None
    if re.fullmatch("[IVX]+", raw):
        return raw
    try:
        return to_roman(parse_int(raw))
    except ValueError:
        value = ordinal_to_int(raw)
        return to_roman(value) if value else None


def find_provisions(sk: str, ctx: CitationContext, found: list[Candidate], out: list[Candidate]) -> None:
    """Every paragraph or article of ``sk`` whose instrument is named after it or cited before it in ``found``."""
    bounds = sentence_bounds(sk)
    for m in _PROVISION.finditer(sk):
        n = parse_int(m.group("n"))
        sub = sub_letter(m.group("sub"))
        section = _section(m.group("sec"))
        conn = _CONNECT.match(sk, m.end())
        at = _instrument_at(sk, conn.end(), ctx) if conn is not None else None
        end = m.end()
        head: str | None = None
        nearest: Candidate | None = None
        if at is not None:
            key, rule, end, head = at
            conf = _CONFIDENCE[rule]
            note = None if rule != "document-alias" else f"'{head}' is {key} in this document"
        else:
            s0, _ = sentence_of(bounds, m.start())
            before = [
                c
                for c in found
                if c.type in INSTRUMENT_TYPES and s0 <= c.start and c.end <= m.start() and c.family == "entity"
            ]
            if not before:
                continue  # a paragraph of the document itself
            nearest = max(before, key=lambda c: c.end)
            key, rule, conf, note = nearest.key, _SENTENCE_RULE, 0.7, _SENTENCE_NOTE
        rules = head == RULES_HEAD
        if m.group("word").startswith(_ARTICLE):
            provision = f"{'rule' if rules else 'Art.'} {n}" + (f"({sub})" if sub else "")
            eid = provision_eid(section, n, sub, "rule" if rules else "art")
        else:
            provision = (f"section {section} " if section else "") + f"para {n}" + (f"({sub})" if sub else "")
            eid = provision_eid(section, n, sub)
        pending = None
        if nearest is not None and isinstance(nearest.pending, ResolutionPair):
            # the instrument is a General Assembly resolution whose key the resolver decides
            pending = ProvisionOfPair(nearest.pending.candidate, provision, eid, Decision(rule, conf, note))
        out.append(
            Candidate(m.start(), end, f"{key} {provision}", "provision", rule, conf, note,
                      {"instrument": key, "eid": eid}, pending)
        )
