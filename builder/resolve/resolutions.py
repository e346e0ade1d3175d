"""Which number of a General Assembly ``N/M`` pair is the session, and which the resolution.

The PDF extraction of a report may have reversed the two numbers of
``القرار ٥٧/٧٢``; the citation finder (:mod:`builder.extract.citations.resolutions`)
records the pair as written with the session its sentence names, and the
rules here decide, each decision with its rule and confidence (see
:func:`decide_resolution_order`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from builder.extract.citations.facts import ResolutionCandidate


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


def _pass_two(c: ResolutionCandidate, by_pair: dict[tuple[int, int], ResolutionReading]) -> ResolutionReading:
    """The reading of a pair its own evidence left open, from the pairs decided in the document."""
    if c.pair in by_pair:
        d = by_pair[c.pair]
        return ResolutionReading(d.session, d.number, "same-pair", d.confidence, d.swapped,
                                 f"as decided elsewhere: {d.note}")
    swapped_votes = sum(1 for r in by_pair.values() if r.swapped)
    written_votes = len(by_pair) - swapped_votes
    if swapped_votes != written_votes:
        swap = swapped_votes > written_votes
        unanimous = min(swapped_votes, written_votes) == 0
        session, number = (c.second, c.first) if swap else (c.first, c.second)
        return ResolutionReading(
            session,
            number,
            "document-order",
            0.7 if unanimous else 0.6,
            swap,
            f"{max(swapped_votes, written_votes)} of {len(by_pair)} decided pairs in the document "
            f"read {'reversed' if swap else 'as written'}",
        )
    return ResolutionReading(
        c.first,
        c.second,
        "written-order",
        0.3,
        False,
        "both readings are possible and nothing in the document decides; written order kept",
    )


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
    return [r if r is not None else _pass_two(c, by_pair) for c, r in zip(candidates, first_pass, strict=True)]


def readings_by_pair(
    candidates: Sequence[ResolutionCandidate], year: int, month: int | None = None
) -> dict[tuple[int, int], ResolutionReading]:
    """The reading of every pair written in a document (``candidates``, in document order), decided together
    (:func:`decide_resolution_order`); of a pair written more than once, the most confident reading (the first
    of equals)."""
    decided: dict[tuple[int, int], ResolutionReading] = {}
    for c, r in zip(candidates, decide_resolution_order(candidates, year, month), strict=True):
        if c.pair not in decided or r.confidence > decided[c.pair].confidence:
            decided[c.pair] = r
    return decided


def read_resolution(
    candidate: ResolutionCandidate, readings: dict[tuple[int, int], ResolutionReading], year: int,
    month: int | None = None
) -> ResolutionReading:
    """The reading of ``candidate``: the document's (``readings``, :func:`readings_by_pair`), or, for a pair the
    document did not show, the one its own evidence gives."""
    reading = readings.get(candidate.pair)
    if reading is None:
        reading = decide_resolution_order([candidate], year, month)[0]
    return reading
