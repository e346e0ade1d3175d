"""The Charter, the Programme of Action, the International Tracing Instrument and a few treaties by name,
and the descriptive heads a document gives a symbol (``مشروع الوثيقة الختامية (A/CONF.192/2018/RC/L.3)``)."""

from __future__ import annotations

import re

from builder.arabic.phrases import INDEF_CLITICS as _INDEF
from builder.arabic.phrases import WORD_END as _E
from builder.arabic.phrases import WORD_START as _B
from builder.arabic.phrases import phrase_pattern as _phrase
from builder.arabic.phrases import required_word
from builder.arabic.text import compile_ar, normalize_letters
from builder.extract.citations.candidates import DEF, Candidate
from builder.extract.citations.facts import CitationContext, undocs_address
from builder.extract.citations.symbols import symbol_type
from builder.reference_data import References

CHARTER_FULL = re.compile(_phrase("ميثاق الأمم المتحدة"))
CHARTER_BARE = re.compile(f"{_B}(?:[وف]?[بك]?الميثاق|[وف]?للميثاق){_E}")

POA_FULL = re.compile(
    _phrase("برنامج العمل")[: -len(_E)]
    + normalize_letters(
        r"\s+(?:المتعلق\s+ب|ل)?منع\s+الاتجار\s+غير\s+المشروع\s+بالأسلحة\s+الصغيرة\s+والأسلحة\s+الخفيفة"
        r"\s+من\s+جميع\s+جوانبه،?\s+ومكافحته\s+والقضاء\s+عليه"
    )
    + _E
)
POA = re.compile(_phrase("برنامج العمل"))
ITI_LONG = compile_ar(
    rf"{_B}{DEF}صك\s+الدولي\s+(?:الذي\s+يمكن\s+الدول|لتمكين\s+الدول)\s+من\s+(?:التعرف\s+على|الكشف\s+عن)"
    r"(?:\s+الأسلحة\s+الصغيرة\s+والأسلحة\s+الخفيفة\s+غير\s+المشروعة\s+وتعقبها\s+في\s+الوقت\s+المناسب"
    r"\s+وبطريقة\s+(?:يعول\s+عليها?|موثوق(?:ة|\s+بها)?))?"
)
ITI = re.compile(_phrase("الصك الدولي للتعقب"))
ATT = re.compile(_phrase("معاهدة تجارة الأسلحة"))
_FIREARMS_PROTOCOL = compile_ar(
    rf"{_B}{_INDEF}بروتوكول\s+(?:مكافحة\s+صنع\s+)?الأسلحة\s+النارية(?:\s+وأجزائها\s+ومكوناتها\s+والذخيرة(?:\s+والاتجار\s+بها\s+بصورة\s+غير\s+مشروعة)?)?{_E}"
)

#: (pattern, a word every match contains, key of builder/data/instruments.csv, rule, confidence), longest titles
#: first; a text without the word is not scanned (a pattern opening with a look-behind is tried at every position)
_TITLES = (
    (POA_FULL, "برنامج", "PoA", "instrument-title", 1.0),
    (POA, "برنامج", "PoA", "instrument-short-title", 0.95),
    (ITI_LONG, "صك", "ITI", "instrument-title", 1.0),
    (ITI, required_word("الصك الدولي للتعقب"), "ITI", "instrument-short-title", 0.95),
    (ATT, required_word("معاهدة تجارة الأسلحة"), "Arms Trade Treaty", "instrument-title", 0.95),
    (_FIREARMS_PROTOCOL, "بروتوكول", "Firearms Protocol", "instrument-title", 0.9),
)
CHARTER_WORD = "ميثاق"
"""A word every match of :data:`CHARTER_FULL` and :data:`CHARTER_BARE` contains."""

# Descriptive heads that a document may give a symbol in parentheses; the
# canonical (skeleton) form is the key of CitationContext.document_aliases.
DOCUMENT_HEADS: dict[str, str] = {
    normalize_letters("مشروع الوثيقة الختامية"): rf"{_INDEF}مشروع\s+الوثيقة\s+الختامية",
    normalize_letters("النظام الداخلي"): rf"(?:{DEF}نظام|{_INDEF}نظام(?:ه|ها))\s+الداخلي",
    normalize_letters("جدول الأعمال"): rf"{_INDEF}جدول\s+(?:الأعمال|أعمال(?:ه|ها))",
    normalize_letters("قائمة المشاركين"): rf"{_INDEF}قائمة\s+المشاركين",
}
HEAD_PATTERNS = {k: compile_ar(f"{_B}(?:{v}){_E}") for k, v in DOCUMENT_HEADS.items()}
HEAD_WORDS = {
    normalize_letters("مشروع الوثيقة الختامية"): "الختامية",
    normalize_letters("النظام الداخلي"): "الداخلي",
    normalize_letters("جدول الأعمال"): "جدول",
    normalize_letters("قائمة المشاركين"): "المشاركين",
}
"""A word every match of each head's pattern contains: a text without it is not scanned for the head."""
RULES_HEAD = normalize_letters("النظام الداخلي")
AFTER_HEAD_SYMBOL = re.compile(r"(?:\s+[\w]+){0,2}?\s*\(\s*([A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9.\-]+)+)\s*[)،,]")
NEAR_HEAD_SYMBOL = re.compile(r"(?:\s+[^\s\d،,.;؛:()A-Za-z]+){1,5}?\s+([A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9.\-]+)+)")
"""A symbol standing after a head in the same clause, a few words on (``مشروع الوثيقة الختامية الوارد في الوثيقة
A/CONF.192/2030/MGE/CRP.1``): no comma, full stop, parenthesis or digit between them."""


def symbol_beside(sk: str, end: int) -> str | None:
    """The symbol the head ending at ``end`` is given where it stands: in parentheses right after it, or a few
    words on in the same clause; ``None`` when none stands there."""
    m = AFTER_HEAD_SYMBOL.match(sk, end) or NEAR_HEAD_SYMBOL.match(sk, end)
    return m.group(1).rstrip(".-") if m is not None else None


def find_charter(sk: str, out: list[Candidate]) -> None:
    """The Charter of the United Nations by name, or as ``الميثاق`` alone (not followed by another qualifier)."""
    if CHARTER_WORD not in sk:
        return
    for m in CHARTER_FULL.finditer(sk):
        out.append(Candidate(m.start(), m.end(), "UN Charter", "treaty", "charter-name", 0.95))
    for m in CHARTER_BARE.finditer(sk):
        nxt = re.match(r"\s+(\w+)", sk[m.end() :])
        if nxt is not None and nxt.group(1).startswith(("ال", "ل")):
            continue  # الميثاق الأفريقي ...: another charter
        out.append(
            Candidate(
                m.start(),
                m.end(),
                "UN Charter",
                "treaty",
                "bare-charter",
                0.85,
                "'الميثاق' alone in a UN text is the Charter of the United Nations",
            )
        )


def find_instruments(sk: str, ctx: CitationContext, references: References, out: list[Candidate]) -> None:
    """Instruments by their titles, then the heads the document gave a symbol (where the symbol does not follow)."""
    for rx, word, key, rule, conf in _TITLES:
        if word not in sk:
            continue
        instrument = references.instruments.get(key)
        kind = instrument.type if instrument is not None else "instrument"
        for m in rx.finditer(sk):
            out.append(Candidate(m.start(), m.end(), key, kind, rule, conf))
    for head, rx in HEAD_PATTERNS.items():
        symbol = ctx.document_aliases.get(head)
        if symbol is None or HEAD_WORDS[head] not in sk:
            continue
        for m in rx.finditer(sk):
            if symbol_beside(sk, m.end()) is not None:
                continue  # the symbol itself stands beside the head and is the mention
            out.append(
                Candidate(
                    m.start(),
                    m.end(),
                    symbol,
                    symbol_type(symbol),
                    "document-alias",
                    0.85,
                    f"the document gives this head the symbol {symbol}",
                    {"link": undocs_address(symbol)},
                )
            )


def alias_definitions(sk: str) -> list[tuple[str, str]]:
    """(head, symbol) for each descriptive head of ``sk`` with a symbol beside it (:func:`symbol_beside`), in the
    order of the text."""
    out: list[tuple[int, str, str]] = []
    for head, rx in HEAD_PATTERNS.items():
        if HEAD_WORDS[head] not in sk:
            continue
        for m in rx.finditer(sk):
            symbol = symbol_beside(sk, m.end())
            if symbol is not None:
                out.append((m.start(), head, symbol))
    return [(head, symbol) for _, head, symbol in sorted(out)]
