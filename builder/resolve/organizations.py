"""Which organization of the gazetteer a name as the text writes it is.

The gazetteer itself (its rows and the index of their normalized names) is
loaded once per build by :mod:`builder.reference_data`; what is here decides.

Rules, in order:

1. **exact-normalized** -- the name, or the name without a leading و and/or ال,
   is an Arabic name or variant of an organization after
   :func:`~builder.arabic.names.normalize_arabic` (score 100);
2. **fuzzy** -- otherwise the organization with the highest
   ``rapidfuzz.fuzz.ratio`` between the normalized forms, if that is at least
   :data:`ORG_FUZZY`; flagged when the runner-up is within 5 points, or when a
   word of the name resembles no word of the organization's (similarity below
   :data:`WORD_FLOOR`: ``منتدى جزر المحيط الشمالي`` is close to ``منتدى جزر المحيط
   الهادئ`` as a string, but it names another forum);
3. otherwise the name is left unresolved (its best candidate is reported).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from builder.arabic.names import normalize_arabic, strip_affixes, strip_article
from builder.reference_data.organizations import Organization, OrganizationGazetteer

ORG_FUZZY = 88.0
"""How similar (0..100) an organization's name must be to a listed one when no exact form matches."""
ORG_MARGIN = 5.0
"""A runner-up within this many points of a fuzzy choice makes it doubtful: flagged."""
WORD_FLOOR = 70.0
"""A fuzzy match is flagged when a word of the name resembles no word of the organization's this much."""


def _unlike_words(query: str, form: str) -> list[str]:
    """Words of ``query`` (article-less) that resemble no word of ``form`` (similarity below WORD_FLOOR)."""
    words = [strip_article(w) or w for w in form.split()]
    return [w for w in (strip_article(q) or q for q in query.split())
            if not words or max(fuzz.ratio(w, n) for n in words) < WORD_FLOOR]


def find_organization(orgs: OrganizationGazetteer, surface: str) -> Organization | None:
    """The organization named ``surface`` (a leading و/ال allowed, spelling normalized), if any."""
    for form in strip_affixes(surface):
        key = orgs.normalized.get(normalize_arabic(form))
        if key is not None:
            return orgs[key]
    return None


@dataclass(frozen=True)
class OrganizationMatch:
    """How a name was resolved to an organization (``organization`` is ``None`` when it was not).

    ``candidates`` is what the build report lists for a doubtful or unresolved
    name: the best candidate and its score (``""`` when there is none).
    """

    organization: Organization | None
    rule: str  # "exact-normalized" | "fuzzy" | "unresolved"
    score: float  # 0..100, rounded to one decimal
    note: str = ""
    flagged: bool = False
    candidates: str = ""


def match_organization(orgs: OrganizationGazetteer, surface: str) -> OrganizationMatch:
    """The organization ``surface`` names: exactly (normalized) or, failing that, by similarity."""
    found = find_organization(orgs, surface)
    if found is not None:
        return OrganizationMatch(found, "exact-normalized", 100.0)
    best: tuple[float, Organization, str, str] | None = None
    second = 0.0
    queries = [normalize_arabic(f) for f in strip_affixes(surface)]
    for o, forms in orgs.normalized_forms:
        score, query, form = max((fuzz.ratio(q, f), q, f) for q in queries for f in forms)
        if best is None or score > best[0]:
            second = best[0] if best else 0.0
            best = (score, o, query, form)
        elif score > second:
            second = score
    if best is None:
        return OrganizationMatch(None, "unresolved", 0.0, "no organization of that name")
    score, o, query, form = best
    if score < ORG_FUZZY:
        return OrganizationMatch(None, "unresolved", round(score, 1), "no organization of that name",
                                 candidates=f"{o.key} {score:.1f}")
    note = f"fuzzy: {o.name_ar} ({o.key}) at {score:.1f}, runner-up at {second:.1f}"
    unlike = _unlike_words(query, form)
    if unlike:
        note += f"; flagged: no word of the name resembles {' '.join(unlike)}"
    return OrganizationMatch(o, "fuzzy", round(score, 1), note, score - second < ORG_MARGIN or bool(unlike),
                             f"{o.key} {score:.1f}")
