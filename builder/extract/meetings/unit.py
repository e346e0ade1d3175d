"""The meetings one unit names, each a :class:`~builder.extract.meetings.facts.MeetingMention` with what the text
says of it.

Rules worth knowing (more in ``docs/references.md``):

* A range of meetings held over a range of days (``في الجلسات من الأولى إلى
  الرابعة، المعقودة يومي ١٨ و ١٩ حزيران/يونيه``) gives every meeting the whole
  range as its interval ``start..end``: the text says each was held on some day
  in it, no more (the resolver narrows it where another mention says more).
  Such a range gives one mention per meeting, all with the span of the
  phrase; a mention's identity is therefore (span, key), not the span alone.
* A conference's or committee's dates, year, duration and place are read from
  the text between it and the next meeting named in the sentence.
* ``وفي الجلسة نفسها``/``وفي تلك الجلسة`` is the previous plenary meeting
  mentioned (in this unit or the ``previous`` argument); ``الجلسة ١٨ أيضا``
  takes the dates of a previous mention of meeting 18 when it has none;
  ``هذا المؤتمر`` is the last conference named in the unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from builder.arabic.text import Skeleton, sentence_bounds, source_span
from builder.extract.meetings.attributes import duration, place, precedes_cue, timing, year_of
from builder.extract.meetings.dates import dates_in
from builder.extract.meetings.facts import MeetingMention, meeting_key
from builder.extract.meetings.phrases import Phrase, find_phrases
from builder.model import Decision, Span
from builder.reference_data.meetings import MeetingCalendar


@dataclass(frozen=True)
class _Unit:
    """One unit's text, its skeleton, and how both map back to the source."""

    skel: Skeleton
    text: str
    eid: str
    base_offset: int
    offsets: Sequence[int] | None
    source: str | None

    def span(self, s: int, e: int) -> Span:
        return Span(*source_span(self.skel.start(s), self.skel.end(e), self.base_offset, self.offsets))

    def words(self, s: int, e: int) -> str:
        """The words of skeleton ``s:e`` as written (from the source when given)."""
        if self.source is None:
            return self.text[self.skel.start(s) : self.skel.end(e)]
        span = self.span(s, e)
        return self.source[span.start : span.end]


@dataclass(frozen=True)
class _Clause:
    """A phrase, where it is, and the bounds of the words that speak of it: from the end of the meeting named
    before it in its sentence (``lo``) to the start of the next one (``hi``)."""

    phrase: Phrase
    span: Span
    surface: str
    lo: int
    hi: int


@dataclass
class _Found:
    """The mentions of the unit so far, and the antecedents its anaphors refer to."""

    out: list[MeetingMention]
    last_plenary: MeetingMention | None
    last_conference: int | None = None  # index in out


def _clauses(unit: _Unit, phrases: list[Phrase]) -> list[_Clause]:
    sk = unit.skel.text
    bounds = sentence_bounds(sk)
    out: list[_Clause] = []
    for i, r in enumerate(phrases):
        s0, s1 = next(((s, e) for s, e in bounds if s <= r.s < e), (0, len(sk)))
        hi = min([s1, *[x.s for x in phrases[i + 1 :] if x.s >= r.e]])
        lo = max([s0, *[x.e for x in phrases[:i] if x.e <= r.s]])
        out.append(_Clause(r, unit.span(r.s, r.e), unit.words(r.s, r.e), lo, hi))
    return out


def _plenary(c: _Clause, found: _Found, eid: str, conference_key: str | None) -> None:
    """A plenary meeting, or one of each number of a range, or the previous one for ``الجلسة نفسها``."""
    r = c.phrase
    if r.anaphor == "same-plenary":
        last = found.last_plenary
        if last is None:
            return
        same = Decision(r.rule, r.confidence, f"the previous meeting mentioned: {last.key}")
        m = replace(last, unit_eid=eid, span=c.span, surface=c.surface, decision=same)
        found.out.append(m)
        found.last_plenary = m
        return
    numbers = r.numbers or ((r.number,) if r.number is not None else ())
    for n in numbers:
        start: date | None = None
        end: date | None = None
        note = r.note
        last = found.last_plenary
        if r.held_dates is not None:
            start, end = r.held_dates
            if len(numbers) > 1 and start != end:
                note = "one of a range of meetings held over a range of days: the whole range"
        elif last is not None and last.number == n and last.start is not None:
            start, end = last.start, last.end
            note = f"dates of the previous mention of meeting {n}"
        m = MeetingMention(eid, f"plenary-{n}", "plenary", c.span, c.surface, Decision(r.rule, r.confidence, note),
                           number=n, start=start, end=end, year=start.year if start else None, part_of=conference_key)
        found.out.append(m)
        found.last_plenary = m


def _this_conference(c: _Clause, found: _Found, unit: _Unit) -> None:
    """``هذا المؤتمر``: the last conference named, and the duration said of it here, which the antecedent takes
    too when it had none."""
    if found.last_conference is None:
        return
    r = c.phrase
    ante = found.out[found.last_conference]
    dur = duration(unit.skel.text, r.e, c.hi)
    note = f"the conference named before: {ante.key}"
    m = replace(ante, unit_eid=unit.eid, span=c.span, surface=c.surface, decision=Decision(r.rule, r.confidence, note))
    if dur is not None:
        m = replace(m, duration=unit.words(dur[3], dur[4]), duration_iso=dur[1], duration_bound=dur[2])
        if ante.duration_iso is None:
            d = ante.decision
            found.out[found.last_conference] = replace(
                ante,
                duration=m.duration,
                duration_iso=m.duration_iso,
                duration_bound=m.duration_bound,
                decision=Decision(d.rule, d.confidence, _join(d.note, "duration from a later 'هذا المؤتمر'")),
            )
    found.out.append(m)
    found.last_conference = len(found.out) - 1


def _when(sk: str, c: _Clause, year_hint: int | None) -> tuple[date | None, date | None, int | None, list[str]]:
    """The days and the year the words after a meeting's name give it, else the year of the clause before."""
    r = c.phrase
    dates = dates_in(sk, r.e, c.hi, year_hint)
    start = dates[0].start if dates else None
    end = dates[0].end if dates else None
    year = start.year if start else None
    notes: list[str] = []
    if year is None:
        year = year_of(sk, r.e, c.hi, allow_paren=True)
    if year is None:
        year = year_of(sk, c.lo, r.s, allow_paren=False)
        if year is not None:
            notes.append("year from the clause before")
    return start, end, year, notes


def _from_calendar(kind: str, number: int | None, year: int | None,
                   calendar: MeetingCalendar) -> tuple[int | None, int | None, list[str]]:
    """The ordinal and year of a meeting of a series completed from the series calendar, with notes saying so."""
    notes: list[str] = []
    if kind == "review-conference" and number is not None:
        table_year = calendar.years("review-conference").get(number)
        if year is None and table_year is not None:
            year = table_year
            notes.append(f"year of review conference {number} from the series calendar")
        elif year is not None and table_year is not None and table_year != year:
            notes.append(f"the series calendar has {table_year}")
    if kind == "conference" and year is None and 0 in calendar.years("conference"):
        year = calendar.years("conference")[0]
        notes.append(f"the {year} Conference")
    if kind == "biennial-meeting":
        biennial = calendar.years("biennial-meeting")
        if number is not None and year is None and number in biennial:
            year = biennial[number]
            notes.append(f"year of biennial meeting {number} from the series calendar")
        elif number is None and year is not None:
            inverse = {y: n for n, y in biennial.items()}
            if year in inverse:
                number = inverse[year]
                notes.append(f"number of the {year} biennial meeting from the series calendar")
    return number, year, notes


def _preparatory(sk: str, c: _Clause, found: _Found, year: int | None, year_hint: int | None,
                 notes: list[str]) -> tuple[str | None, int | None, float]:
    """(precedes, year, confidence) of a preparatory committee: the conference it is said to precede, else the
    report's own conference (appends to ``notes``)."""
    precedes: str | None = None
    conf = c.phrase.confidence
    if precedes_cue(sk, c.lo, c.phrase.s) and found.last_conference is not None:
        conference = found.out[found.last_conference]
        precedes = conference.key
        if year is None:
            year = conference.year
            notes.append("year of the conference it precedes")
    if year is None and year_hint is not None:
        year, conf = year_hint, 0.7
        notes.append("the preparatory committee of the report's conference")
    return precedes, year, conf


def _named(c: _Clause, found: _Found, unit: _Unit, year_hint: int | None, calendar: MeetingCalendar) -> None:
    """A meeting named by its kind (a conference, a committee, a meeting of a series) and what the words after
    it say; skipped when nothing tells which meeting it is."""
    sk = unit.skel.text
    r = c.phrase
    start, end, year, notes = _when(sk, c, year_hint)
    number, year, more = _from_calendar(r.kind, r.number, year, calendar)
    notes.extend(more)
    precedes: str | None = None
    conf = r.confidence
    if r.kind == "preparatory-committee":
        precedes, year, conf = _preparatory(sk, c, found, year, year_hint, notes)
    if r.kind in ("expert-meeting", "regional-meeting") and year is None and number is None:
        return  # a kind of meeting, not one meeting
    key = meeting_key(r.kind, number, year)
    if key is None:
        return
    dur = duration(sk, r.s, c.hi)
    found.out.append(MeetingMention(
        unit.eid, key, r.kind, c.span, c.surface, Decision(r.rule, conf, "; ".join(notes) or None),
        number=number, start=start, end=end, year=year,
        duration=unit.words(dur[3], dur[4]) if dur else None,
        duration_iso=dur[1] if dur else None,
        duration_bound=dur[2] if dur else None,
        timing=timing(sk, r.e, c.hi),
        place=place(sk, r.e, c.hi),
        precedes=precedes,
    ))
    if r.kind in ("review-conference", "conference"):
        found.last_conference = len(found.out) - 1


def _join(a: str | None, b: str) -> str:
    return f"{a}; {b}" if a else b


def extract_meetings(
    text: str,
    base_offset: int,
    unit_eid: str,
    year_hint: int | None,
    previous: MeetingMention | None = None,
    *,
    conference_key: str | None = None,
    offsets: Sequence[int] | None = None,
    source: str | None = None,
    calendar: MeetingCalendar,
) -> list[MeetingMention]:
    """The meetings the text of one unit names, in text order.

    ``previous`` is the last plenary meeting mentioned before this unit (for
    ``وفي الجلسة نفسها``); ``year_hint`` the year of the report's conference,
    for dates without a year and a bare ``اللجنة التحضيرية``;
    ``conference_key`` is put in ``part_of`` of every plenary meeting.
    ``offsets``/``source`` are for a unit whose text is not a verbatim slice
    of the source, as in :func:`builder.extract.citations.unit.extract_citations`.
    ``calendar`` (:attr:`builder.reference_data.References.calendar`) gives the
    years of the meetings of a series the text names by ordinal only.
    """
    unit = _Unit(Skeleton.of(text), text, unit_eid, base_offset, offsets, source)
    found = _Found([], previous)
    for c in _clauses(unit, find_phrases(unit.skel.text, year_hint)):
        if c.phrase.kind == "plenary":
            _plenary(c, found, unit_eid, conference_key)
        elif c.phrase.anaphor == "this-conference":
            _this_conference(c, found, unit)
        else:
            _named(c, found, unit, year_hint, calendar)
    return found.out
