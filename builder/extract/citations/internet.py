"""The word ``الإنترنت`` (internet) and the cues of its syntactic role.

The extraction of this kind of report sometimes writes ``الإنترنت`` for
``الإنتربول`` (INTERPOL). What the sentence says of the word's role is recorded
here (:class:`~builder.extract.citations.facts.InternetCues`);
:mod:`builder.resolve.internet` decides which of the two it is.
"""

from __future__ import annotations

from builder.arabic.phrases import INDEF_CLITICS as _INDEF
from builder.arabic.phrases import WORD_END as _E
from builder.arabic.phrases import WORD_START as _B
from builder.arabic.text import compile_ar, normalize_letters, sentence_bounds
from builder.extract.citations.candidates import DEF, Candidate, sentence_of, words
from builder.extract.citations.facts import InternetCues

_INTERNET = compile_ar(f"{_B}(?:{DEF}|{_INDEF})إنترنت{_E}")
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


def find_internet(sk: str, bodies: list[Candidate], out: list[Candidate]) -> None:
    """Every ``الإنترنت`` of ``sk`` with its cues; ``bodies`` are the bodies found in ``sk`` (for coordination).

    Until the resolver decides, the word stands as the literal internet.
    """
    bounds = sentence_bounds(sk)
    for m in _INTERNET.finditer(sk):
        s0, _ = sentence_of(bounds, m.start())
        prev = words(sk[s0 : m.start()])
        word = m.group(0)
        coord_next = any(
            c.start >= m.end() and sk[m.end() : c.start].strip() == "" and sk[c.start] == "و" and c.type == "body"
            for c in bodies
        )
        coord_prev = word.startswith("و") and any(
            c.end <= m.start() and sk[c.end : m.start()].strip() == "" and c.type == "body" for c in bodies
        )
        cues = InternetCues(
            medium=bool(prev and prev[-1] in _MEDIUM_WORDS) or word.startswith(("بال", "وبال")),
            agent=len(prev) >= 2 and prev[-2] in _RELATIVES and not any(r in prev[-1] for r in _MEDIUM_VERB_ROOTS),
            recipient=bool(prev)
            and prev[-1] == _TO
            and (len(prev) < 2 or prev[-2] not in _ACCESS_WORDS)
            and any(any(w.startswith(stem) or w[1:].startswith(stem) for stem in _SUBMIT_STEMS) for w in prev),
            coordinated=coord_next or coord_prev,
        )
        out.append(Candidate(m.start(), m.end(), "internet", "concept", "internet-word", 1.0, pending=cues))
