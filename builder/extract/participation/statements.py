"""Statements: who spoke, in what capacity, for whom, at which meeting.

* A list introduced by ``بيانات أدلى بها ممثلو الدول التالية:`` (States) or ``...
  المنظمات التالية:`` (organizations) runs to the end of its sentence. After a
  State, ``(باسم X)`` names the groups it spoke for (``وباسمها`` adds the State
  itself: "and in its national capacity"). An organization list is split on
  ``؛`` when it has one (names may hold a comma), otherwise on ``،``; an entry
  ``X (Y)`` is recorded whole and in its parts, for the resolver to choose.
* ``أدلى ممثل X، باسم Y، ببيان`` (or ``... ببيان باسم Y``, ``أدلى ببيان ممثل X (باسم Y)``) is the
  statement of one State, X, made for the group Y when the sentence names one; it is read as a list
  of speakers of one.
* ``أدلى ببيان ... المراقب عن X (باسم ...)`` is a statement of an observer.
* ``افتتح <post> المؤتمر`` and ``أدلى <post> ببيان باسم X`` are statements of officials.

The meeting of a statement is the meeting last named before it (the opening of
the conference is its first meeting), read with :mod:`builder.extract.plenaries`.
"""

from __future__ import annotations

import re

from builder.arabic.names import normalize_arabic
from builder.arabic.text import Skeleton
from builder.extract.participation.facts import (
    BehalfPiece,
    ObserverSpeech,
    OfficialSpeech,
    OnBehalf,
    OrganizationSpeaker,
    OrganizationSpeakers,
    ParticipationFact,
    StateSpeaker,
    StateSpeakers,
)
from builder.extract.participation.patterns import (
    BEHALF_AGAIN,
    BEHALF_HEAD,
    BEHALF_OWN,
    MEMBER_STATES,
    OBSERVER,
    ONE_STATE,
    ONE_STATE_AFTER,
    SPEAKER_LIST,
    Reader,
    depth0,
    parenthesis_after,
    sentence_end,
    split_top,
    starts_behalf,
)
from builder.extract.plenaries import MeetingMention, MeetingTracker, meeting_mentions, opening_mention
from builder.model import Unit

_MEETING, _SPEECH = 0, 1  # at one offset, a meeting named is read before a statement


def statements_in(reader: Reader, para: Unit, tracker: MeetingTracker) -> list[ParticipationFact]:
    """The statements of one paragraph, in the order of the text, each at the meeting last named before it."""
    sk = Skeleton.of(para.text)
    events: list[tuple[int, int, str, re.Match[str] | MeetingMention]] = [
        (mm.start, _MEETING, "meeting", mm) for mm in meeting_mentions(para.text)]
    for kind, rx in (("opened", reader.patterns.opened), ("official", reader.patterns.official_spoke),
                     ("list", SPEAKER_LIST), ("observer", OBSERVER), ("one", ONE_STATE),
                     ("one", ONE_STATE_AFTER)):
        events.extend((sk.span(*m.span())[0], _SPEECH, kind, m) for m in rx.finditer(sk.text))
    events.sort(key=lambda e: (e[0], e[1]))
    meetings: tuple[int, ...] = ()
    dates: tuple[str, ...] = ()
    out: list[ParticipationFact] = []
    for _pos, _prio, kind, ev in events:
        if isinstance(ev, MeetingMention):
            meetings, dates = tracker.read(ev)
        elif kind == "opened":
            meetings, dates = tracker.read(opening_mention(sk, *ev.span()))
            out.append(OfficialSpeech(para.eid, reader.name(para, *sk.span(*ev.span("who"))), None, "opening",
                                      meetings, dates))
        elif kind == "official":
            behalf = reader.name(para, *sk.span(*ev.span("for"))) if ev.group("for") else None
            out.append(OfficialSpeech(para.eid, reader.name(para, *sk.span(*ev.span("who"))), behalf, "statement",
                                      meetings, dates))
        elif kind == "list":
            start = sk.span(*ev.span())[1]
            end = sentence_end(para.text, start)
            if "المنظمات" in normalize_arabic(ev.group("who")):
                heading = " ".join(para.heading_path[-1:])
                out.append(OrganizationSpeakers(para.eid, heading, _organizations(reader, para, start, end),
                                                meetings, dates))
            else:
                out.append(StateSpeakers(para.eid, _states(reader, para, start, end), meetings, dates))
        elif kind == "one":
            out.append(StateSpeakers(para.eid, (_one_state(reader, para, sk, ev),), meetings, dates))
        else:
            out.append(_observer(reader, para, sk, ev, meetings, dates))
    return out


def _one_state(reader: Reader, para: Unit, sk: Skeleton, m: re.Match[str]) -> StateSpeaker:
    """The State of ``أدلى ممثل X ... ببيان`` (its name whole, as a list of one) and the group it spoke for."""
    sa, sb = sk.span(*m.span("state"))
    behalf = None
    for group in ("before", "after"):
        if group in m.groupdict() and m.group(group):
            behalf = on_behalf(reader, para, *sk.span(*m.span(group)))
    if behalf is None:  # ``ممثل X (باسم Y)``
        inside = parenthesis_after(para.text, sb, len(para.text))
        behalf = on_behalf(reader, para, *inside) if inside is not None else None
    return StateSpeaker(reader.name(para, sa, sb), behalf)


def _observer(reader: Reader, para: Unit, sk: Skeleton, m: re.Match[str], meetings: tuple[int, ...],
              dates: tuple[str, ...]) -> ObserverSpeech:
    oa, ob = sk.span(*m.span("org"))
    inside = parenthesis_after(para.text, ob, len(para.text))
    behalf = on_behalf(reader, para, *inside) if inside is not None else None
    return ObserverSpeech(para.eid, reader.name(para, oa, ob), behalf, meetings, dates)


def _states(reader: Reader, para: Unit, start: int, end: int) -> tuple[StateSpeaker, ...]:
    """The States of a list of speakers, each with the parenthesis after it that says for whom it spoke."""
    out = []
    for name in reader.state_names(para, start, end):
        inside = parenthesis_after(para.text, name.end, end)
        out.append(StateSpeaker(name, on_behalf(reader, para, *inside) if inside is not None else None))
    return tuple(out)


def _organizations(reader: Reader, para: Unit, start: int, end: int) -> tuple[OrganizationSpeaker, ...]:
    """The entries of a list of organizations: on ``؛`` if the list has one (outside parentheses), else on ``،``."""
    text = para.text
    seps = "؛;" if any(ch in "؛;" for ch in depth0(text, start, end)) else "،,"
    out = []
    for a, b in split_top(text, start, end, seps):
        entry = reader.name(para, a, b)
        open_at = text.find("(", a, b)
        if not (open_at > a and text[b - 1] == ")"):
            out.append(OrganizationSpeaker(entry, None, None, None))
            continue
        outer_end = open_at
        while outer_end > a and text[outer_end - 1] == " ":
            outer_end -= 1
        behalf = on_behalf(reader, para, open_at + 1, b - 1) if starts_behalf(text, open_at + 1) else None
        inner = reader.name(para, open_at + 1, b - 1) if open_at + 1 < b - 1 else None
        out.append(OrganizationSpeaker(entry, reader.name(para, a, outer_end), behalf, inner))
    return tuple(out)


def on_behalf(reader: Reader, unit: Unit, a: int, b: int) -> OnBehalf | None:
    """Whom ``unit.text[a:b]`` (the inside of a parenthesis, ``باسم ...``) names, if it begins so."""
    text = unit.text
    sk = Skeleton.of(text[a:b])
    m = BEHALF_HEAD.match(sk.text)
    if m is None:
        return None
    a += sk.span(0, m.end())[1]
    own = False
    tail = BEHALF_OWN.search(Skeleton.of(text[a:b]).text)
    if tail is not None:
        own = True
        b = a + Skeleton.of(text[a:b]).span(tail.start(), tail.end())[0]
    pieces = []
    for pa, pb in split_top(text, a, b, "،,؛;"):
        for qa, qb in _split_on_behalf_again(text, pa, pb):
            member_states_of = None
            inner = Skeleton.of(text[qa:qb])
            ms = MEMBER_STATES.match(inner.text)
            if ms is not None:
                oa, ob = inner.span(ms.start("org"), ms.end("org"))
                member_states_of = reader.name(unit, qa + oa, qa + ob)
            pieces.append(BehalfPiece(reader.name(unit, qa, qb), member_states_of, reader.state_names(unit, qa, qb)))
    return OnBehalf(tuple(pieces), own)


def _split_on_behalf_again(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``X وباسم Y`` → X, Y."""
    sk = Skeleton.of(text[a:b])
    cuts = [(sk.span(m.start(), m.end())) for m in BEHALF_AGAIN.finditer(sk.text)]
    out, s = [], a
    for ca, cb in cuts:
        out.append((s, a + ca))
        s = a + cb
    out.append((s, b))
    return [(x, y) for x, y in out if x < y]
