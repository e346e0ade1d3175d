"""The 2030 Agenda for Sustainable Development and its goals, targets and indicators (``الغاية ١٦-٤``)."""

from __future__ import annotations

from builder.arabic.numbers import abjad_to_latin
from builder.arabic.phrases import INDEF_CLITICS as _INDEF
from builder.arabic.phrases import WORD_END as _E
from builder.arabic.phrases import WORD_START as _B
from builder.arabic.text import compile_ar, parse_int
from builder.extract.citations.candidates import DEF, NUM, Candidate

_AGENDA_2030 = compile_ar(rf"{_B}{_INDEF}خطة\s+(?:التنمية\s+المستدامة\s+)?ل?عام\s+(?:2030|٢٠٣٠|۲۰۳۰){_E}")
_ART_OPT = f"(?:{DEF}|{_INDEF})"
_TARGET_PART = f"(?:{NUM}|[a-z]|[أابجده])"
_SDG_IND = compile_ar(
    rf"{_B}{_ART_OPT}(?:مؤشر|مؤشرات)\s+(?P<g>{NUM})\s*[-.]\s*(?P<t>{_TARGET_PART})\s*[-.]\s*(?P<i>{NUM})(?![\d\-])"
)
_SDG_TARGET = compile_ar(rf"{_B}{_ART_OPT}(?:غاية|غايات)\s+(?P<g>{NUM})\s*[-.]\s*(?P<t>{_TARGET_PART})(?![\w\-])")
_SDG_GOAL = compile_ar(rf"{_B}{_ART_OPT}(?:هدف|أهداف)\s+(?P<g>{NUM})(?![\d\-]|\.\d)")
_SDG = "http://metadata.un.org/sdg/"


def _target_part(raw: str) -> str | None:
    """The target's part after the goal: a number, or a letter (Latin or abjad) for a means of implementation."""
    try:
        return str(parse_int(raw))
    except ValueError:
        return abjad_to_latin(raw)


def find_sdg(sk: str, out: list[Candidate]) -> None:
    """The Agenda, then indicators, targets and goals (a goal beyond the 17 is no goal)."""
    for m in _AGENDA_2030.finditer(sk):
        out.append(
            Candidate(m.start(), m.end(), "2030 Agenda", "instrument", "agenda-2030", 0.95, None,
                      {"symbol": "A/RES/70/1"})
        )
    _indicators(sk, out)
    _targets(sk, out)
    for m in _SDG_GOAL.finditer(sk):
        g = parse_int(m.group("g"))
        if not 1 <= g <= 17:
            continue
        out.append(Candidate(m.start(), m.end(), f"SDG {g}", "sdg-goal", "sdg-pattern", 0.95, None,
                             {"iri": f"{_SDG}{g}"}))


def _indicators(sk: str, out: list[Candidate]) -> None:
    for m in _SDG_IND.finditer(sk):
        g, t, i = parse_int(m.group("g")), _target_part(m.group("t")), parse_int(m.group("i"))
        if not 1 <= g <= 17 or t is None:
            continue
        code = f"C{g:02d}{t.zfill(2)}{i:02d}"
        out.append(
            Candidate(m.start(), m.end(), f"SDG {g}.{t}.{i}", "sdg-indicator", "sdg-pattern", 0.95, None,
                      {"iri": f"{_SDG}{code}", "goal": str(g), "target": f"{g}.{t}"})
        )


def _targets(sk: str, out: list[Candidate]) -> None:
    for m in _SDG_TARGET.finditer(sk):
        g, t = parse_int(m.group("g")), _target_part(m.group("t"))
        if not 1 <= g <= 17 or t is None:
            continue
        out.append(
            Candidate(m.start(), m.end(), f"SDG {g}.{t}", "sdg-target", "sdg-pattern", 0.95, None,
                      {"iri": f"{_SDG}{g}.{t}", "goal": str(g)})
        )
