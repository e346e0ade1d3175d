"""Cosmetic normalisation of unit text, keeping a map back to the source.

A report's text may reach us with tatweel (ـ) stretching its words, vowel
marks sprinkled in, or Western digits where the UN writes Arabic-Indic ones.
None of that changes what the report says, so the text stored in the graph is
normalised: tatweel and harakat are removed, and a run of Western digits that
is not part of a Latin token (a document symbol such as ``A/CONF.192/2018/RC/1``
or an address) is written in Arabic-Indic digits. Pieces of a unit that a page
break separated are joined with one space.

Every character of the normalised text keeps the offset of the source character
it came from, so a span found in the text maps back to an exact source span.
"""

from __future__ import annotations

import re

from builder.model import Span

TATWEEL = "\u0640"
HARAKAT = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670"}
_LATIN = re.compile(r"[A-Za-z]")
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _arabic_digits(text: str) -> str:
    """Western digits → Arabic-Indic, except inside tokens that contain a Latin letter."""
    def fix(token: re.Match[str]) -> str:
        t = token.group(0)
        return t if _LATIN.search(t) else t.translate(_TO_ARABIC_INDIC)

    return re.sub(r"\S+", fix, text)


def normalize_with_offsets(source: str, pieces: tuple[Span, ...]) -> tuple[str, tuple[int, ...]]:
    """The normalised text of a unit made of ``pieces`` of ``source``, and each character's source offset."""
    chars: list[str] = []
    offsets: list[int] = []
    for n, piece in enumerate(pieces):
        raw = source[piece.start:piece.end]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        if n and chars:
            chars.append(" ")
            offsets.append(piece.start + lead)  # the joint stands for the page break before this piece
        last_space = False
        for i in range(lead, trail):
            ch = raw[i]
            if ch == TATWEEL or ch in HARAKAT:
                continue
            if ch.isspace():
                if last_space:
                    continue
                ch, last_space = " ", True
            else:
                last_space = False
            chars.append(ch)
            offsets.append(piece.start + i)
    text = _arabic_digits("".join(chars))
    assert len(text) == len(offsets)
    return text, tuple(offsets)


def clean(text: str) -> str:
    """The same normalisation for a free-standing string (a name, a query value)."""
    text, _ = normalize_with_offsets(text, (Span(0, len(text)),))
    return text
