"""Resolutions of the General Assembly and the Security Council cited by number.

A General Assembly resolution is written ``session/number`` in Arabic digits
after ``القرار`` or ``قرار الجمعية العامة``, and the PDF extraction of a report
may have reversed the two numbers: the finder records the pair as written, with
the session its sentence names (``في دورتها الثانية والسبعين``), and
:mod:`builder.resolve.resolutions` decides the order. A Security Council
resolution (``قرار مجلس الأمن ٢٣٧٠ (٢٠١٧)``) carries its year and is read here.
"""

from __future__ import annotations

import re

from builder.arabic.numbers import ORDINAL, ordinal_to_int
from builder.arabic.phrases import INDEF_CLITICS as _INDEF
from builder.arabic.phrases import WORD_END as _E
from builder.arabic.phrases import WORD_START as _B
from builder.arabic.text import Skeleton, compile_ar, normalize_letters, parse_int, sentence_bounds
from builder.extract.citations.candidates import DEF, NUM, Candidate, sentence_of
from builder.extract.citations.facts import CitationContext, ResolutionCandidate, ResolutionPair, undocs_address

_GA_HEAD = compile_ar(
    rf"{_B}(?:{DEF}|{_INDEF})(?P<head>قرار(?:ها|ه)?|قراري|قرارين|قرارات(?:ها)?)"
    rf"(?P<ga>\s+(?:ال)?جمعية\s+العامة)?\s+(?={NUM}\s*/)"
)
_PAIR = re.compile(rf"(?P<a>{NUM})\s*/\s*(?P<b>{NUM})(?![\d/])")
_LIST_SEP = re.compile(r"\s*(?:[،,]\s*|\s)(?:و\s*)?")
_SESSION_HINT = compile_ar(rf"(?:دورت(?:ها|ه)|{DEF}?دورة)\s+(?P<ord>{ORDINAL}|{NUM}){_E}")
_GENERAL_ASSEMBLY = normalize_letters("الجمعية العامة")
_OTHER_N_M_BODIES = [normalize_letters(x) for x in ("مجلس حقوق الإنسان", "المجلس الاقتصادي والاجتماعي", "مجلس الأمناء")]

_SC = compile_ar(
    rf"{_B}(?:{DEF}|{_INDEF})(?:قرار|قرارات|قراري|قرارين)\s+(?:ال)?مجلس\s+الأمن\s+"
    rf"(?P<n>{NUM})\s*\(\s*(?P<y>{NUM})\s*\)"
)
_SC_MORE = re.compile(rf"\s*(?:[،,]\s*|\s)(?:و\s*)?(?P<n>{NUM})\s*\(\s*(?P<y>{NUM})\s*\)")


def _session_hint(sk: str, sentence: tuple[int, int]) -> int | None:
    s, e = sentence
    chunk = sk[s:e]
    if _GENERAL_ASSEMBLY not in chunk:
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


def ga_matches(sk: str) -> list[tuple[int, int, ResolutionCandidate, bool]]:
    """(start, end, candidate, named_ga) for each ``N/M`` pair after a resolution head, in skeleton offsets.

    The first pair of a head spans the head too; the next ones of a list
    (``القرارين ٢٤٢/٦٩ و١٢/٦٨``) span their numbers only.
    """
    bounds = sentence_bounds(sk)
    out: list[tuple[int, int, ResolutionCandidate, bool]] = []
    for h in _GA_HEAD.finditer(sk):
        sentence = sentence_of(bounds, h.start())
        chunk = sk[sentence[0] : sentence[1]]
        named_ga = h.group("ga") is not None or _GENERAL_ASSEMBLY in chunk
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
    return [c for _, _, c, _ in ga_matches(sk)]


def find_ga_resolutions(sk: str, out: list[Candidate]) -> None:
    """Every General Assembly pair of ``sk``, its order left to the resolver.

    Until then it stands as the resolution it would be in the written order.
    """
    for start, end, cand, named_ga in ga_matches(sk):
        written = f"A/RES/{cand.first}/{cand.second}"
        out.append(
            Candidate(
                start, end, written, "ga-resolution", "ga-pair", 1.0, pending=ResolutionPair(cand, named_ga)
            )
        )


def find_sc_resolutions(sk: str, ctx: CitationContext, out: list[Candidate]) -> None:
    """Security Council resolutions with their year, one or a list; a year after the report's is no resolution."""

    def add(start: int, end: int, n_raw: str, y_raw: str) -> None:
        n, y = parse_int(n_raw), parse_int(y_raw)
        if not 1946 <= y <= ctx.year:
            return
        key = f"S/RES/{n} ({y})"
        out.append(Candidate(start, end, key, "sc-resolution", "sc-pattern", 0.95, None, {"link": undocs_address(key)}))

    for m in _SC.finditer(sk):
        add(m.start(), m.end(), m.group("n"), m.group("y"))
        pos = m.end()
        while (more := _SC_MORE.match(sk, pos)) is not None:
            add(more.start("n"), more.end(), more.group("n"), more.group("y"))
            pos = more.end()
