"""Keeping a password out of what poa-kg prints, whatever form it comes back in and wherever it was cut.

A password travels in several forms: as it was given, in ``user:password``, in
the base64 of that (a ``Basic`` authorization header), percent-encoded (in a
URL or a form). A server's error reply may echo any of them, and what poa-kg
quotes of a reply is cut to a few lines, as the reply itself may have been
cut by the server or a proxy: a secret can come back whole or as its first
few characters. So a text is scrubbed of every form and of every start of a
form that holds part of the password, and is cut for display only afterwards.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

#: the shortest start of a secret that is blanked out (shorter ones would blank out ordinary words)
SHORTEST_PREFIX = 4
MASK = "***"


def _prefixes(form: str, shortest: int) -> set[str]:
    return {form[:n] for n in range(min(shortest, len(form)), len(form) + 1)} if form else set()


def revealing_forms(user: str, password: str) -> frozenset[str]:
    """Every string that gives away some of ``password``: each form it travels in, and each start of a form.

    A start of ``user:password`` gives something away only once it reaches into the password, so
    the user name alone is not among them (it is no secret in an address shown as ``user:***@host``).
    """
    pair = f"{user}:{password}"
    out: set[str] = set()
    for secret, with_user, user_part in zip(_encodings(password), _encodings(pair), _encodings(f"{user}:"),
                                            strict=True):
        out |= _prefixes(secret, SHORTEST_PREFIX)
        if password:
            out |= _prefixes(with_user, len(user_part) + 1)
    out |= _prefixes(base64.b64encode(pair.encode()).decode("ascii"), SHORTEST_PREFIX)
    return frozenset(out)


def _encodings(text: str) -> tuple[str, str, str]:
    """``text`` as given and percent-encoded as in a URL's path or user information, and in a query or a form."""
    return text, quote(text, safe=""), quote_plus(text, safe="")


def scrubbed(text: str, forms: Iterable[str]) -> str:
    """``text`` with every occurrence of one of ``forms`` replaced by ``***``, the longest form first."""
    pieces = sorted({f for f in forms if f}, key=lambda f: (-len(f), f))
    if not pieces:
        return text
    return re.sub("|".join(re.escape(p) for p in pieces), MASK, text)
