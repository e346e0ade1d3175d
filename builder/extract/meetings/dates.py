"""Dates and date ranges written the way UN Arabic texts write them.

``١٨ حزيران/يونيه ٢٠١٨``, ``من ١٨ إلى ٢٩ حزيران/يونيه``, ``يومي ١٨ و ١٩
حزيران/يونيه``, ``١٨-٢٩ حزيران/يونيه ٢٠١٨``, in either digit system, the year
taken from a hint when the text gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from builder.arabic.numbers import MONTH, month_to_int
from builder.arabic.text import DIGIT, Skeleton, compile_ar, parse_int
from builder.model import Span

NUM = f"{DIGIT}+"
YEAR = f"{DIGIT}{{4}}"
_DAY = f"{DIGIT}{{1,2}}"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # من ١٨ [حزيران/يونيه [٢٠١٨]] إلى ٢ تموز/يوليه [٢٠١٨]
    compile_ar(
        rf"(?<!\d)(?P<d1>{_DAY})(?:\s+(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?)?\s+(?:إلى|حتى)\s+"
        rf"(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"
    ),
    # ١٨-٢٩ حزيران/يونيه ٢٠١٨
    compile_ar(rf"(?<!\d)(?P<d1>{_DAY})\s*[-–]\s*(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"),
    # ١٨ و ١٩ حزيران/يونيه
    compile_ar(rf"(?<!\d)(?P<d1>{_DAY})\s+و\s*(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"),
    # ١٨ حزيران/يونيه ٢٠١٨
    compile_ar(rf"(?<!\d)(?P<d2>{_DAY})\s+(?P<m2>{MONTH})(?:\s*،?\s*(?P<y2>{YEAR}))?(?!\d)"),
)


@dataclass(frozen=True)
class DateHit:
    """A date or range of days found in a skeleton text, at ``s:e`` (skeleton offsets)."""

    start: date
    end: date
    s: int
    e: int


def dates_in(sk: str, lo: int, hi: int, year_hint: int | None) -> list[DateHit]:
    """The dates of ``sk[lo:hi]`` in text order, the longest forms first where two would overlap."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATE_PATTERNS:
        for m in rx.finditer(sk, lo, hi):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            hit = _date_from(m, year_hint)
            if hit is not None:
                hits.append(hit)
                taken.append((m.start(), m.end()))
    return sorted(hits, key=lambda h: h.s)


def _date_from(m: re.Match[str], year_hint: int | None) -> DateHit | None:
    groups = m.groupdict()
    m2 = month_to_int(groups["m2"])
    if m2 is None:
        return None
    y2 = parse_int(groups["y2"]) if groups.get("y2") else year_hint
    if y2 is None:
        return None
    d2 = parse_int(groups["d2"])
    d1 = parse_int(groups["d1"]) if groups.get("d1") else d2
    m1 = month_to_int(groups["m1"]) if groups.get("m1") else m2
    if m1 is None:
        return None
    if groups.get("y1"):
        y1 = parse_int(groups["y1"])
    else:
        y1 = y2 - 1 if m1 > m2 else y2
    try:
        start, end = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if end < start:
        return None
    return DateHit(start, end, m.start(), m.end())


def parse_arabic_dates(text: str, year_hint: int | None) -> list[tuple[date, date, Span]]:
    """Every date or date range in ``text`` as ``(start, end, span)``.

    A single day has ``start == end``. The span (offsets into ``text``) runs
    from the first day number to the month or the year, whichever is last:
    introducing words (``في الفترة من``, ``يومي``) are outside it. A missing
    year is the year of the end date, else ``year_hint`` (the start's year is
    one less when its month is later than the end's: ``من ٢٨ كانون الأول/ديسمبر
    إلى ٣ كانون الثاني/يناير ٢٠١٩``). Impossible dates are skipped.
    """
    skel = Skeleton.of(text)
    out: list[tuple[date, date, Span]] = []
    for h in dates_in(skel.text, 0, len(skel.text), year_hint):
        s, e = skel.span(h.s, h.e)
        out.append((h.start, h.end, Span(s, e)))
    return out
