"""How an Arabic name of a list is found in running text.

A name is matched on the letter skeleton of the text
(:func:`~builder.arabic.text.normalize_letters`), whole words only;
its first word may carry the clitics Arabic attaches to it (و/ف, then ب/ك/ل,
and ل swallows the alif of ال: ``للمؤتمر``). The extractor of references uses
the same building blocks for the titles it knows.
"""

from __future__ import annotations

import re

from builder.arabic.text import normalize_letters

INDEF_CLITICS = "(?:[وف]?[بلك]?)"
"""The clitics before a word without the article: و/ف then ب/ل/ك, each optional."""
WORD_START = "(?<![\\w])"
WORD_END = "(?![\\w])"


def phrase_pattern(arabic: str) -> str:
    """A skeleton pattern for an Arabic phrase, its first word with clitics."""
    words = normalize_letters(arabic).split()
    first, rest = words[0], words[1:]
    if first.startswith("ال"):
        stem = first[2:]
        # ل + الX → للX, but ل + اللX → للX as well (one lam is dropped)
        lam_form = "ل" + stem if stem.startswith("ل") else "لل" + stem
        head = f"(?:[وف]?[بك]?{re.escape(first)}|[وف]?{re.escape(lam_form)})"
    else:
        head = f"{INDEF_CLITICS}{re.escape(first)}"
    tail = "".join("\\s+" + re.escape(w) for w in rest)
    return f"{WORD_START}{head}{tail}{WORD_END}"


def required_word(arabic: str) -> str:
    """The longest word every match of :func:`phrase_pattern` ``(arabic)`` contains as written.

    The words after the first are matched literally; the first may carry clitics,
    and for ``الX`` the form with ل (``للX``) drops the article, so only ``X`` is sure.
    """
    first, *rest = normalize_letters(arabic).split()
    return max([first[2:] if first.startswith("ال") else first, *rest], key=len)
