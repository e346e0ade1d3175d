"""References from the Arabic text of a UN report to things outside it.

:func:`extract_references` takes the text of one unit with its offset in the
full source and returns :class:`~builder.model.Mention` values with exact
spans. It finds:

* UN document symbols in Latin script (``A/CONF.192/2018/RC/L.3``), with the
  paragraph given beside them (``(A/CONF.192/2018/RC/2، الفقرة ١٠)``);
* General Assembly resolutions written ``session/number`` in Arabic digits,
  whose order the PDF extraction may have reversed (see
  :func:`decide_resolution_order`);
* Security Council resolutions (``قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)``);
* the Charter, its articles, the 2030 Agenda, its goals, targets and indicators;
* the Programme of Action, the International Tracing Instrument and a few
  treaties, and paragraphs of them or of documents named by symbol;
* bodies, programmes and tools from ``builder/data/bodies.csv``;
* the word ``الإنترنت`` (internet), which the extraction of this kind of report
  sometimes puts for ``الإنتربول`` (INTERPOL), decided by its syntactic role.

Nothing here is specific to one report: what a rule needs to know about the
document as a whole travels in a :class:`ReferenceContext`, built by
:func:`scan_document` in a first pass over all units. Spans are aligned on
words: a span starts at the beginning of the word that carries the name, so
attached particles (``و``, ``ب``, ``ل``) are inside it (``بالغاية ١٦-٤``), and
``surface`` is always ``source[span.start:span.end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from builder.arabic.numbers import ORDINAL, abjad_to_latin, ordinal_to_int, to_roman
from builder.arabic.phrases import INDEF_CLITICS as _INDEF
from builder.arabic.phrases import WORD_END as _E
from builder.arabic.phrases import WORD_START as _B
from builder.arabic.phrases import phrase_pattern as _phrase
from builder.arabic.text import (
    DIGIT,
    Skeleton,
    compile_ar,
    normalize_letters,
    parse_int,
    sentence_bounds,
    source_span,
)
from builder.model import Decision, Mention, Span
from builder.reference_data import References

# ----------------------------------------------------------------- small helpers

NUM = f"{DIGIT}+"
# Clitics before a definite word: و/ف then ب/ك, or ل which swallows the alif of ال.
_DEF = "(?:[وف]?(?:[بك]?ال|لل))"


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in bounds:
        if s <= pos < e:
            return s, e
    return (0, 0) if not bounds else bounds[-1]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w/.\-]+", text)


# ------------------------------------------------------- General Assembly order


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
class ResolutionReading:
    """The decided reading of one candidate: ``A/RES/{session}/{number}``."""

    session: int
    number: int
    rule: str  # context-session | session-bound | same-pair | document-order | written-order | unresolvable
    confidence: float
    swapped: bool  # True when session is the number written second
    note: str

    @property
    def key(self) -> str:
        return f"A/RES/{self.session}/{self.number}"

    @property
    def flagged(self) -> bool:
        """True when nothing decided the order (the written order was kept)."""
        return self.rule in ("written-order", "unresolvable")


def max_ga_session(year: int, month: int | None = None) -> int:
    """The last regular session of the General Assembly that can have adopted a
    resolution cited in a text of ``year`` (``month`` if known).

    The n-th session opens in September of year 1945 + n. With the month
    known, a text of January-August cannot cite the session opening that
    September; with the year alone the bound is the lenient ``year − 1945``.
    """
    if month is not None and month < 9:
        return year - 1946
    return year - 1945


def _pass_one(c: ResolutionCandidate, bound: int) -> ResolutionReading | None:
    written = (c.first, c.second)
    swapped = (c.second, c.first)
    if c.session_hint is not None:
        matches = [r for r in (written, swapped) if r[0] == c.session_hint]
        if matches:
            session, number = matches[0]
            return ResolutionReading(
                session,
                number,
                "context-session",
                0.95,
                swapped=(session, number) != written,
                note=f"the sentence names session {c.session_hint}",
            )
    ok_written = 1 <= written[0] <= bound and written[1] >= 1
    ok_swapped = 1 <= swapped[0] <= bound and swapped[1] >= 1
    if ok_written and not ok_swapped:
        return ResolutionReading(
            written[0],
            written[1],
            "session-bound",
            0.9,
            swapped=False,
            note=f"session {swapped[0]} is after the last possible session {bound}",
        )
    if ok_swapped and not ok_written:
        return ResolutionReading(
            swapped[0],
            swapped[1],
            "session-bound",
            0.9,
            swapped=True,
            note=f"session {written[0]} is after the last possible session {bound}",
        )
    if not ok_written and not ok_swapped:
        return ResolutionReading(
            written[0],
            written[1],
            "unresolvable",
            0.1,
            swapped=False,
            note=f"neither reading has a session between 1 and {bound}; written order kept",
        )
    return None


def decide_resolution_order(
    candidates: Sequence[ResolutionCandidate], year: int, month: int | None = None
) -> list[ResolutionReading]:
    """Decide which number of each ``N/M`` pair is the session, over a whole document.

    Pass one decides a pair on its own evidence: (a) the session named in its
    sentence (``context-session``, 0.95); (b) a reading whose session is
    after :func:`max_ga_session` or below 1 is impossible (``session-bound``,
    0.9). Pass two decides the rest: a pair decided elsewhere in the document
    reads the same (``same-pair``); otherwise (c) the orientation most of the
    distinct decided pairs showed — written or reversed — is followed
    (``document-order``, 0.7 when they all agree, 0.6 on a majority); (d) with
    no decided pair or a tie the written order is kept (``written-order``,
    0.3, flagged). The result is in the order of ``candidates``.
    """
    bound = max_ga_session(year, month)
    first_pass = [_pass_one(c, bound) for c in candidates]
    by_pair: dict[tuple[int, int], ResolutionReading] = {}
    for c, r in zip(candidates, first_pass, strict=True):
        if r is not None and r.rule in ("context-session", "session-bound"):
            by_pair.setdefault(c.pair, r)
    swapped_votes = sum(1 for r in by_pair.values() if r.swapped)
    written_votes = len(by_pair) - swapped_votes
    out: list[ResolutionReading] = []
    for c, r in zip(candidates, first_pass, strict=True):
        if r is not None:
            out.append(r)
            continue
        if c.pair in by_pair:
            d = by_pair[c.pair]
            out.append(
                ResolutionReading(
                    d.session, d.number, "same-pair", d.confidence, d.swapped, f"as decided elsewhere: {d.note}"
                )
            )
            continue
        if swapped_votes != written_votes:
            swap = swapped_votes > written_votes
            unanimous = min(swapped_votes, written_votes) == 0
            session, number = (c.second, c.first) if swap else (c.first, c.second)
            out.append(
                ResolutionReading(
                    session,
                    number,
                    "document-order",
                    0.7 if unanimous else 0.6,
                    swap,
                    f"{max(swapped_votes, written_votes)} of {len(by_pair)} decided pairs in the document "
                    f"read {'reversed' if swap else 'as written'}",
                )
            )
            continue
        out.append(
            ResolutionReading(
                c.first,
                c.second,
                "written-order",
                0.3,
                False,
                "both readings are possible and nothing in the document decides; written order kept",
            )
        )
    return out


# ------------------------------------------------------------------- the context


@dataclass(frozen=True)
class ReferenceContext:
    """Document-level evidence a rule may need; nothing in it is report-specific.

    ``year``/``date`` are the report's. ``resolutions`` maps a written
    ``(first, second)`` pair to its decided reading (from
    :func:`decide_resolution_order` over the whole document);
    ``document_aliases`` maps a descriptive head such as
    ``مشروع الوثيقة الختامية`` (skeleton form, see :data:`DOCUMENT_HEADS`)
    to the symbol the document gave it in parentheses.
    """

    year: int
    date: str | None = None
    resolutions: Mapping[tuple[int, int], ResolutionReading] = field(default_factory=dict)
    document_aliases: Mapping[str, str] = field(default_factory=dict)

    @property
    def month(self) -> int | None:
        if self.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date):
            return int(self.date[5:7])
        return None


# ----------------------------------------------------------------- the patterns

_SYMBOL = re.compile(r"(?<![A-Za-z0-9/.])([A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9.\-]+)+)")
_SYMBOL_YEAR = re.compile(r"\s*\((\d{4})\)")
_SYMBOL_PARA = compile_ar(
    rf"\(\s*(?P<sym>[A-Z][A-Z0-9]{{0,5}}(?:/[A-Za-z0-9.\-]+)+)\s*[،,]\s*"
    rf"(?P<word>(?:ال)?فقرة)\s+(?P<n>{NUM})(?:\s*\((?P<sub>\w{{1,2}})\))?\s*\)"
)

_GA_HEAD = compile_ar(
    rf"{_B}(?:{_DEF}|{_INDEF})(?P<head>قرار(?:ها|ه)?|قراري|قرارين|قرارات(?:ها)?)"
    rf"(?P<ga>\s+(?:ال)?جمعية\s+العامة)?\s+(?={NUM}\s*/)"
)
_PAIR = re.compile(rf"(?P<a>{NUM})\s*/\s*(?P<b>{NUM})(?![\d/])")
_LIST_SEP = re.compile(r"\s*(?:[،,]\s*|\s)(?:و\s*)?")
_SESSION_HINT = compile_ar(rf"(?:دورت(?:ها|ه)|{_DEF}?دورة)\s+(?P<ord>{ORDINAL}|{NUM}){_E}")
_OTHER_N_M_BODIES = [normalize_letters(x) for x in ("مجلس حقوق الإنسان", "المجلس الاقتصادي والاجتماعي", "مجلس الأمناء")]

_SC = compile_ar(
    rf"{_B}(?:{_DEF}|{_INDEF})(?:قرار|قرارات|قراري|قرارين)\s+(?:ال)?مجلس\s+الأمن\s+"
    rf"(?P<n>{NUM})\s*\(\s*(?P<y>{NUM})\s*\)"
)
_SC_MORE = re.compile(rf"\s*(?:[،,]\s*|\s)(?:و\s*)?(?P<n>{NUM})\s*\(\s*(?P<y>{NUM})\s*\)")

_CHARTER_FULL = re.compile(_phrase("ميثاق الأمم المتحدة"))
_CHARTER_BARE = re.compile(f"{_B}(?:[وف]?[بك]?الميثاق|[وف]?للميثاق){_E}")

_AGENDA_2030 = compile_ar(rf"{_B}{_INDEF}خطة\s+(?:التنمية\s+المستدامة\s+)?ل?عام\s+(?:2030|٢٠٣٠|۲۰۳۰){_E}")
_ART_OPT = f"(?:{_DEF}|{_INDEF})"
_TARGET_PART = f"(?:{NUM}|[a-z]|[أابجده])"
_SDG_IND = compile_ar(
    rf"{_B}{_ART_OPT}(?:مؤشر|مؤشرات)\s+(?P<g>{NUM})\s*[-.]\s*(?P<t>{_TARGET_PART})\s*[-.]\s*(?P<i>{NUM})(?![\d\-])"
)
_SDG_TARGET = compile_ar(rf"{_B}{_ART_OPT}(?:غاية|غايات)\s+(?P<g>{NUM})\s*[-.]\s*(?P<t>{_TARGET_PART})(?![\w\-])")
_SDG_GOAL = compile_ar(rf"{_B}{_ART_OPT}(?:هدف|أهداف)\s+(?P<g>{NUM})(?![\d\-]|\.\d)")

_POA_FULL = re.compile(
    _phrase("برنامج العمل")[: -len(_E)]
    + normalize_letters(
        r"\s+(?:المتعلق\s+ب|ل)?منع\s+الاتجار\s+غير\s+المشروع\s+بالأسلحة\s+الصغيرة\s+والأسلحة\s+الخفيفة"
        r"\s+من\s+جميع\s+جوانبه،?\s+ومكافحته\s+والقضاء\s+عليه"
    )
    + _E
)
_POA = re.compile(_phrase("برنامج العمل"))
_ITI_LONG = compile_ar(
    rf"{_B}{_DEF}صك\s+الدولي\s+(?:الذي\s+يمكن\s+الدول|لتمكين\s+الدول)\s+من\s+(?:التعرف\s+على|الكشف\s+عن)"
    r"(?:\s+الأسلحة\s+الصغيرة\s+والأسلحة\s+الخفيفة\s+غير\s+المشروعة\s+وتعقبها\s+في\s+الوقت\s+المناسب"
    r"\s+وبطريقة\s+(?:يعول\s+عليها?|موثوق(?:ة|\s+بها)?))?"
)
_ITI = re.compile(_phrase("الصك الدولي للتعقب"))
_ATT = re.compile(_phrase("معاهدة تجارة الأسلحة"))
_FIREARMS_PROTOCOL = compile_ar(
    rf"{_B}{_INDEF}بروتوكول\s+(?:مكافحة\s+صنع\s+)?الأسلحة\s+النارية(?:\s+وأجزائها\s+ومكوناتها\s+والذخيرة(?:\s+والاتجار\s+بها\s+بصورة\s+غير\s+مشروعة)?)?{_E}"
)
_WEB = re.compile(
    r"(?<![\w./])(?:https?://)?www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:/[A-Za-z0-9._\-~/]*[A-Za-z0-9_\-~/])?"
)

# Descriptive heads that a document may give a symbol in parentheses; the
# canonical (skeleton) form is the key of ReferenceContext.document_aliases.
DOCUMENT_HEADS: dict[str, str] = {
    normalize_letters("مشروع الوثيقة الختامية"): rf"{_INDEF}مشروع\s+الوثيقة\s+الختامية",
    normalize_letters("النظام الداخلي"): rf"(?:{_DEF}نظام|{_INDEF}نظام(?:ه|ها))\s+الداخلي",
    normalize_letters("جدول الأعمال"): rf"{_INDEF}جدول\s+(?:الأعمال|أعمال(?:ه|ها))",
    normalize_letters("قائمة المشاركين"): rf"{_INDEF}قائمة\s+المشاركين",
}
_HEAD_RES = {k: compile_ar(f"{_B}(?:{v}){_E}") for k, v in DOCUMENT_HEADS.items()}
_RULES_HEAD = normalize_letters("النظام الداخلي")
_AFTER_HEAD_SYMBOL = re.compile(r"(?:\s+[\w]+){0,2}?\s*\(\s*([A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9.\-]+)+)\s*[)،,]")

_PROVISION = compile_ar(
    rf"{_B}(?:{_DEF}|{_INDEF})(?P<word>فقرة\s+الفرعية|فقرة|مادة)\s+(?P<n>{NUM})"
    rf"(?:\s*\((?P<sub>\w{{1,2}})\))?"
    rf"(?:\s+من\s+(?:ال)?فرع\s+(?P<sec>{ORDINAL}|[IVX]+|{NUM}){_E})?"
)
_CONNECT = compile_ar(r"\s+(?:(?:من|في)\s+)?")

_INTERNET = compile_ar(f"{_B}(?:{_DEF}|{_INDEF})إنترنت{_E}")
_MEDIUM_WORDS = {normalize_letters(w) for w in ("عبر", "على", "خلال", "شبكة", "بواسطة", "باستخدام", "مواقع")}
_RELATIVES = {normalize_letters(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللتان", "اللذان")}
_SUBMIT_STEMS = [
    normalize_letters(w)
    for w in (
        "تقديم",
        "يقدم",
        "تقدم",
        "إرسال",
        "يرسل",
        "ترسل",
        "إحالة",
        "يحيل",
        "تحيل",
        "إبلاغ",
        "تبليغ",
        "تزويد",
        "موافاة",
    )
]
# Verbs whose subject can well be the internet (it offers, provides, enables, links):
# a relative clause with one of them is no evidence of an agent.
_MEDIUM_VERB_ROOTS = tuple(normalize_letters(r) for r in ("تيح", "تاح", "وفر", "سهل", "مكن", "ربط", "نقل"))
_ACCESS_WORDS = {normalize_letters(w) for w in ("الوصول", "النفاذ", "الاتصال", "الربط", "الدخول")}
_TO = normalize_letters("إلى")


# ------------------------------------------------------------------ candidates


@dataclass
class _Cand:
    start: int  # skeleton offsets
    end: int
    key: str
    type: str
    rule: str
    confidence: float
    note: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def family(self) -> str:
        if self.type == "provision":
            return "provision"
        if self.type.startswith("sdg-"):
            return "sdg"
        return "entity"


_INSTRUMENT_TYPES = {"instrument", "treaty", "document", "ga-resolution", "sc-resolution"}


def _session_hint(sk: str, sentence: tuple[int, int]) -> int | None:
    s, e = sentence
    chunk = sk[s:e]
    if normalize_letters("الجمعية العامة") not in chunk:
        return None
    for m in _SESSION_HINT.finditer(chunk):
        raw = m.group("ord")
        try:
            return parse_int(raw)
        except ValueError:
            value = ordinal_to_int(raw)
            if value is not None:
                return value
    return None


def _ga_matches(sk: str) -> list[tuple[int, int, ResolutionCandidate, bool]]:
    """(start, end, candidate, named_ga) for each ``N/M`` pair after a resolution head."""
    bounds = sentence_bounds(sk)
    out: list[tuple[int, int, ResolutionCandidate, bool]] = []
    for h in _GA_HEAD.finditer(sk):
        sentence = _sentence_of(bounds, h.start())
        chunk = sk[sentence[0] : sentence[1]]
        named_ga = h.group("ga") is not None or normalize_letters("الجمعية العامة") in chunk
        if not named_ga and any(b in chunk for b in _OTHER_N_M_BODIES):
            continue  # another body numbers its resolutions session/number too
        hint = _session_hint(sk, sentence)
        pos = h.end()
        first = True
        while True:
            p = _PAIR.match(sk, pos)
            if p is None:
                break
            cand = ResolutionCandidate(parse_int(p.group("a")), parse_int(p.group("b")), hint)
            out.append((h.start() if first else p.start(), p.end(), cand, named_ga))
            first = False
            sep = _LIST_SEP.match(sk, p.end())
            if sep is None or not h.group("head").startswith(("قراري", "قرارين", "قرارات")):
                break
            pos = sep.end()
    return out


def find_resolution_candidates(text: str) -> list[ResolutionCandidate]:
    """The General Assembly ``N/M`` pairs in ``text`` with their sentence's session hint."""
    sk = Skeleton.of(text).text
    return [c for _, _, c, _ in _ga_matches(sk)]


def _alias_definitions(sk: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for head, rx in _HEAD_RES.items():
        for m in rx.finditer(sk):
            s = _AFTER_HEAD_SYMBOL.match(sk, m.end())
            if s is not None:
                out.append((head, s.group(1).rstrip(".")))
    return out


def scan_document(texts: Iterable[str], year: int, date: str | None = None) -> ReferenceContext:
    """First pass over all unit texts of a document, in order: decide the
    order of every General Assembly pair (:func:`decide_resolution_order`) and
    collect the symbols the document gives to descriptive heads (the last
    one given wins, as later revisions come later)."""
    candidates: list[ResolutionCandidate] = []
    aliases: dict[str, str] = {}
    for text in texts:
        sk = Skeleton.of(text).text
        candidates.extend(c for _, _, c, _ in _ga_matches(sk))
        for head, symbol in _alias_definitions(sk):
            aliases[head] = symbol
    probe = ReferenceContext(year, date)
    readings = decide_resolution_order(candidates, year, probe.month)
    decided: dict[tuple[int, int], ResolutionReading] = {}
    for c, r in zip(candidates, readings, strict=True):
        # keep the strongest reading of a pair seen more than once
        if c.pair not in decided or r.confidence > decided[c.pair].confidence:
            decided[c.pair] = r
    return ReferenceContext(year, date, decided, aliases)


# ------------------------------------------------------------------ extraction


def _symbol_type(symbol: str) -> str:
    if symbol.startswith("A/RES/"):
        return "ga-resolution"
    if symbol.startswith("S/RES/"):
        return "sc-resolution"
    return "document"


def _undocs(symbol: str) -> str:
    return "https://undocs.org/" + symbol.replace(" ", "")


def _symbols(sk: str, out: list[_Cand]) -> None:
    for m in _SYMBOL.finditer(sk):
        symbol = m.group(1).rstrip(".-")
        end = m.start(1) + len(symbol)
        kind = _symbol_type(symbol)
        y = _SYMBOL_YEAR.match(sk, end)
        if kind == "sc-resolution" and y is not None:
            symbol = f"{symbol} ({y.group(1)})"
            end = y.end()
        out.append(_Cand(m.start(1), end, symbol, kind, "symbol", 1.0, extra={"link": _undocs(symbol)}))
    for m in _SYMBOL_PARA.finditer(sk):
        symbol = m.group("sym").rstrip(".-")
        n = parse_int(m.group("n"))
        sub = _sub_letter(m.group("sub"))
        key = f"{symbol} para {n}{f'({sub})' if sub else ''}"
        out.append(
            _Cand(
                m.start("sym"),
                m.end("sub") + 1 if m.group("sub") else m.end("n"),
                key,
                "provision",
                "symbol-paragraph",
                0.95,
                "paragraph given beside the symbol in parentheses",
                {"instrument": symbol, "eid": _eid(None, n, sub)},
            )
        )


def _sub_letter(raw: str | None) -> str | None:
    if raw is None:
        return None
    return abjad_to_latin(raw)


def _eid(section: str | None, n: int, sub: str | None, word: str = "para") -> str:
    eid = f"{word}_{n}" + (f"__{sub}" if sub else "")
    return f"section_{section}__{eid}" if section else eid


def _ga_resolutions(sk: str, ctx: ReferenceContext, out: list[_Cand]) -> None:
    for start, end, cand, named_ga in _ga_matches(sk):
        reading = ctx.resolutions.get(cand.pair)
        if reading is None:
            reading = decide_resolution_order([cand], ctx.year, ctx.month)[0]
        note = reading.note + ("" if named_ga else "; 'القرار N/M' read as a General Assembly resolution")
        out.append(
            _Cand(
                start,
                end,
                reading.key,
                "ga-resolution",
                reading.rule,
                reading.confidence if named_ga else round(reading.confidence * 0.95, 3),
                note,
                {
                    "written": f"{cand.first}/{cand.second}",
                    "session": str(reading.session),
                    "number": str(reading.number),
                    "link": _undocs(reading.key),
                    **({"flagged": "true"} if reading.flagged else {}),
                },
            )
        )


def _sc_resolutions(sk: str, ctx: ReferenceContext, out: list[_Cand]) -> None:
    def add(start: int, end: int, n_raw: str, y_raw: str) -> None:
        n, y = parse_int(n_raw), parse_int(y_raw)
        if not 1946 <= y <= ctx.year:
            return
        key = f"S/RES/{n} ({y})"
        out.append(_Cand(start, end, key, "sc-resolution", "sc-pattern", 0.95, None, {"link": _undocs(key)}))

    for m in _SC.finditer(sk):
        add(m.start(), m.end(), m.group("n"), m.group("y"))
        pos = m.end()
        while (more := _SC_MORE.match(sk, pos)) is not None:
            add(more.start("n"), more.end(), more.group("n"), more.group("y"))
            pos = more.end()


def _charter(sk: str, out: list[_Cand]) -> None:
    for m in _CHARTER_FULL.finditer(sk):
        out.append(_Cand(m.start(), m.end(), "UN Charter", "treaty", "charter-name", 0.95))
    for m in _CHARTER_BARE.finditer(sk):
        nxt = re.match(r"\s+(\w+)", sk[m.end() :])
        if nxt is not None and nxt.group(1).startswith(("ال", "ل")):
            continue  # الميثاق الأفريقي ...: another charter
        out.append(
            _Cand(
                m.start(),
                m.end(),
                "UN Charter",
                "treaty",
                "bare-charter",
                0.85,
                "'الميثاق' alone in a UN text is the Charter of the United Nations",
            )
        )


def _sdg(sk: str, out: list[_Cand]) -> None:
    for m in _AGENDA_2030.finditer(sk):
        out.append(
            _Cand(m.start(), m.end(), "2030 Agenda", "instrument", "agenda-2030", 0.95, None, {"symbol": "A/RES/70/1"})
        )
    for m in _SDG_IND.finditer(sk):
        g, t, i = parse_int(m.group("g")), _target_part(m.group("t")), parse_int(m.group("i"))
        if not 1 <= g <= 17 or t is None:
            continue
        code = f"C{g:02d}{t.zfill(2)}{i:02d}"
        out.append(
            _Cand(
                m.start(),
                m.end(),
                f"SDG {g}.{t}.{i}",
                "sdg-indicator",
                "sdg-pattern",
                0.95,
                None,
                {"iri": f"http://metadata.un.org/sdg/{code}", "goal": str(g), "target": f"{g}.{t}"},
            )
        )
    for m in _SDG_TARGET.finditer(sk):
        g, t = parse_int(m.group("g")), _target_part(m.group("t"))
        if not 1 <= g <= 17 or t is None:
            continue
        out.append(
            _Cand(
                m.start(),
                m.end(),
                f"SDG {g}.{t}",
                "sdg-target",
                "sdg-pattern",
                0.95,
                None,
                {"iri": f"http://metadata.un.org/sdg/{g}.{t}", "goal": str(g)},
            )
        )
    for m in _SDG_GOAL.finditer(sk):
        g = parse_int(m.group("g"))
        if not 1 <= g <= 17:
            continue
        out.append(
            _Cand(
                m.start(),
                m.end(),
                f"SDG {g}",
                "sdg-goal",
                "sdg-pattern",
                0.95,
                None,
                {"iri": f"http://metadata.un.org/sdg/{g}"},
            )
        )


def _target_part(raw: str) -> str | None:
    try:
        return str(parse_int(raw))
    except ValueError:
        return abjad_to_latin(raw)


def _instruments(sk: str, ctx: ReferenceContext, references: References, out: list[_Cand]) -> None:
    for rx, key, rule, conf in (
        (_POA_FULL, "PoA", "instrument-title", 1.0),
        (_POA, "PoA", "instrument-short-title", 0.95),
        (_ITI_LONG, "ITI", "instrument-title", 1.0),
        (_ITI, "ITI", "instrument-short-title", 0.95),
        (_ATT, "Arms Trade Treaty", "instrument-title", 0.95),
        (_FIREARMS_PROTOCOL, "Firearms Protocol", "instrument-title", 0.9),
    ):
        instrument = references.instruments.get(key)
        kind = instrument.type if instrument is not None else "instrument"
        for m in rx.finditer(sk):
            out.append(_Cand(m.start(), m.end(), key, kind, rule, conf))
    for head, rx in _HEAD_RES.items():
        symbol = ctx.document_aliases.get(head)
        if symbol is None:
            continue
        for m in rx.finditer(sk):
            if _AFTER_HEAD_SYMBOL.match(sk, m.end()) is not None:
                continue  # the symbol itself follows and is the mention
            out.append(
                _Cand(
                    m.start(),
                    m.end(),
                    symbol,
                    _symbol_type(symbol),
                    "document-alias",
                    0.85,
                    f"the document gives this head the symbol {symbol}",
                    {"link": _undocs(symbol)},
                )
            )
    for m in _WEB.finditer(sk):
        url = m.group(0).rstrip(".")
        iri = url if url.startswith("http") else "https://" + url
        out.append(_Cand(m.start(), m.start() + len(url), url, "web-page", "web-address", 1.0, None, {"iri": iri}))


def _instrument_at(sk: str, pos: int, ctx: ReferenceContext) -> tuple[str, str, int, str | None] | None:
    """An instrument named right at ``pos`` (after the connector): (key, rule, end, head)."""
    for rx, key in ((_POA_FULL, "PoA"), (_POA, "PoA"), (_ITI_LONG, "ITI"), (_ITI, "ITI"), (_ATT, "Arms Trade Treaty")):
        m = rx.match(sk, pos)
        if m is not None:
            return key, "explicit-instrument", m.end(), None
    for rx in (_CHARTER_FULL, _CHARTER_BARE):
        m = rx.match(sk, pos)
        if m is not None:
            return "UN Charter", "explicit-instrument", m.end(), None
    for head, rx in _HEAD_RES.items():
        m = rx.match(sk, pos)
        if m is None:
            continue
        s = _AFTER_HEAD_SYMBOL.match(sk, m.end())
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


def _provisions(sk: str, ctx: ReferenceContext, found: list[_Cand], out: list[_Cand]) -> None:
    bounds = sentence_bounds(sk)
    for m in _PROVISION.finditer(sk):
        word = m.group("word")
        n = parse_int(m.group("n"))
        sub = _sub_letter(m.group("sub"))
        section: str | None = None
        if m.group("sec"):
            raw = m.group("sec")
            if re.fullmatch("[IVX]+", raw):
                section = raw
            else:
                try:
                    section = to_roman(parse_int(raw))
                except ValueError:
                    value = ordinal_to_int(raw)
                    section = to_roman(value) if value else None
        conn = _CONNECT.match(sk, m.end())
        at = _instrument_at(sk, conn.end(), ctx) if conn is not None else None
        end = m.end()
        if at is not None:
            key, rule, end, head = at
            conf = {"explicit-instrument": 0.95, "explicit-symbol": 0.95, "document-alias": 0.85}[rule]
            note = None if rule != "document-alias" else f"'{head}' is {key} in this document"
        else:
            head = None
            s0, _ = _sentence_of(bounds, m.start())
            before = [
                c
                for c in found
                if c.type in _INSTRUMENT_TYPES and s0 <= c.start and c.end <= m.start() and c.family == "entity"
            ]
            if not before:
                continue  # a paragraph of the document itself
            nearest = max(before, key=lambda c: c.end)
            key, rule, conf = nearest.key, "sentence-instrument", 0.7
            note = "no instrument named after the reference; the nearest instrument before it in the sentence"
        is_article = word.startswith(normalize_letters("مادة"))
        if is_article:
            label = "rule" if head == _RULES_HEAD else "Art."
            pkey = f"{key} {label} {n}" + (f"({sub})" if sub else "")
            eid = _eid(section, n, sub, "rule" if head == _RULES_HEAD else "art")
        else:
            pkey = f"{key} " + (f"section {section} " if section else "") + f"para {n}" + (f"({sub})" if sub else "")
            eid = _eid(section, n, sub)
        out.append(_Cand(m.start(), end, pkey, "provision", rule, conf, note, {"instrument": key, "eid": eid}))


def _bodies(sk: str, references: References, out: list[_Cand]) -> None:
    for p in references.bodies.patterns:
        # a substring test is much cheaper than a scan with a look-behind at every position, and most units name
        # no body at all
        if p.required_word not in sk:
            continue
        entry, form = p.body, p.form
        for m in p.pattern.finditer(sk):
            if p.short:
                rule, conf = "gazetteer:short-form", 0.85
                note: str | None = f"'{form}' without a qualifier read as {entry.key}"
            elif normalize_letters(form) == normalize_letters(entry.name_ar):
                rule, conf, note = "gazetteer:name", 0.95, None
            else:
                rule, conf, note = "gazetteer:variant", 0.9, None
            out.append(_Cand(m.start(), m.end(), entry.key, entry.target_type, rule, conf, note))


def _internet(sk: str, bodies: list[_Cand], out: list[_Cand]) -> None:
    """Decide each ``الإنترنت`` between the internet and INTERPOL (an extraction error).

    Medium (internet): the word follows عبر/على/خلال/شبكة/… or carries ب.
    Agent or recipient (INTERPOL): it follows a relative pronoun and one verb
    (الذي وضعته الإنترنت) that is not one a medium does (تتيحها، توفره); it follows إلى in a sentence with a verb of
    submitting (تقديم … إلى الإنترنت) and not a word of access (الوصول إلى);
    or it is coordinated with an organization (الإنترنت ومنظمة الجمارك
    العالمية). Otherwise the literal internet, with less confidence. The
    internet sense is never linked to INTERPOL.
    """
    bounds = sentence_bounds(sk)
    for m in _INTERNET.finditer(sk):
        s0, _ = _sentence_of(bounds, m.start())
        prev = _words(sk[s0 : m.start()])
        word = m.group(0)
        coord_next = any(
            c.start >= m.end() and sk[m.end() : c.start].strip() == "" and sk[c.start] == "و" and c.type == "body"
            for c in bodies
        )
        coord_prev = word.startswith("و") and any(
            c.end <= m.start() and sk[c.end : m.start()].strip() == "" and c.type == "body" for c in bodies
        )
        rule: str
        if (prev and prev[-1] in _MEDIUM_WORDS) or word.startswith(("بال", "وبال")):
            rule, conf, interpol = "interpol-internet:medium", 0.95, False
            note = "a medium: the word follows a preposition or noun of means (عبر/على/شبكة)"
        elif len(prev) >= 2 and prev[-2] in _RELATIVES and not any(r in prev[-1] for r in _MEDIUM_VERB_ROOTS):
            rule, conf, interpol = "interpol-internet:agent", 0.85, True
            note = "subject of a verb in a relative clause (الذي وضعته …): an agent, read as الإنتربول"
        elif (
            prev
            and prev[-1] == _TO
            and (len(prev) < 2 or prev[-2] not in _ACCESS_WORDS)
            and any(any(w.startswith(stem) or w[1:].startswith(stem) for stem in _SUBMIT_STEMS) for w in prev)
        ):
            rule, conf, interpol = "interpol-internet:recipient", 0.8, True
            note = "recipient of something submitted (تقديم … إلى …): read as الإنتربول"
        elif coord_next or coord_prev:
            rule, conf, interpol = "interpol-internet:coordinated-organization", 0.8, True
            note = "coordinated with an organization: read as الإنتربول"
        else:
            rule, conf, interpol = "interpol-internet:default-literal", 0.6, False
            note = "no agent cue: the literal internet"
        if interpol:
            out.append(_Cand(m.start(), m.end(), "INTERPOL", "body", rule, conf, note, {"read_as": "الإنتربول"}))
        else:
            out.append(_Cand(m.start(), m.end(), "internet", "concept", rule, conf, note))


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Drop a candidate inside another of the same family (the longest wins;
    on equal spans the more confident, then the first found)."""
    ordered = sorted(
        enumerate(cands), key=lambda ic: (ic[1].start, -(ic[1].end - ic[1].start), -ic[1].confidence, ic[0])
    )
    kept: list[_Cand] = []
    for _, c in ordered:
        if any(k.family == c.family and k.start <= c.start and c.end <= k.end for k in kept):
            continue
        if any(k.family == c.family and k.start < c.end and c.start < k.end for k in kept):
            continue  # a partial overlap with a longer, earlier candidate
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end, c.key))


def extract_references(
    text: str,
    base_offset: int,
    unit_eid: str,
    context: ReferenceContext,
    references: References,
    *,
    offsets: Sequence[int] | None = None,
    source: str | None = None,
) -> list[Mention]:
    """All references in the text of one unit, as mentions with source spans.

    ``base_offset`` is the offset of ``text[0]`` in the full source; spans are
    ``base_offset + index``. A unit whose text is not a verbatim slice of the
    source (pieces joined across a page break, marks removed) passes
    ``offsets``, the source offset of each character of ``text``, and
    ``source``, the full source, from which the surface is then taken. For
    General Assembly pairs and descriptive heads the ``context`` built by
    :func:`scan_document` is used; a pair not in it is decided on its own
    evidence only. ``references`` gives the bodies looked for (their patterns
    compiled when the data was loaded) and the types of the instruments.
    """
    skel = Skeleton.of(text)
    sk = skel.text
    cands: list[_Cand] = []
    _symbols(sk, cands)
    _ga_resolutions(sk, context, cands)
    _sc_resolutions(sk, context, cands)
    _charter(sk, cands)
    _sdg(sk, cands)
    _instruments(sk, context, references, cands)
    bodies: list[_Cand] = []
    _bodies(sk, references, bodies)
    _internet(sk, bodies, cands)
    cands.extend(bodies)
    provisions: list[_Cand] = []
    _provisions(sk, context, cands, provisions)
    cands.extend(provisions)
    mentions: list[Mention] = []
    for c in _resolve_overlaps(cands):
        start, end = skel.span(c.start, c.end)
        s0, s1 = source_span(start, end, base_offset, offsets)
        mentions.append(
            Mention(
                unit_eid=unit_eid,
                span=Span(s0, s1),
                surface=source[s0:s1] if source is not None else text[start:end],
                target_key=c.key,
                target_type=c.type,
                decision=Decision(c.rule, c.confidence, c.note),
                extra=dict(c.extra),
            )
        )
    return mentions
