"""Who each person named in a report is: someone of ``people.csv``, or one of the people it does not list.

A name is resolved by the people gazetteer (its name or a variant, normalized:
rule ``people-gazetteer``), else by similarity to a listed person of the same
State or, when the text gives no State, of the same post
(``people-gazetteer-fuzzy``, at least :data:`PERSON_FUZZY`). The names left
over are grouped when they share a State or a post and are similar (at least
:data:`PERSON_GROUP`: ``same-state-fuzzy-name``/``same-post-fuzzy-name``); each
group is one person not in the gazetteer, keyed by the transliteration of its
first spelling. Every mention of a person not listed, and every one matched
only by similarity, is flagged for review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from builder.arabic.names import normalize_arabic, transliterate
from builder.extract.names import Name
from builder.extract.participation.facts import AgentRef, PersonFact
from builder.model import Issues, NameIssue
from builder.reference_data.people import PeopleGazetteer, Person

PERSON_FUZZY = 80.0
"""How similar (0..100) a name must be to a listed person of the same State or post to be that person."""
PERSON_GROUP = 75.0
"""How similar two unlisted names of the same State or post must be to be one person."""


@dataclass(frozen=True)
class NamedPerson:
    """A person's name in the text, with the State they represent, the post they hold and their organization."""

    name: Name
    state: AgentRef | None
    post: str | None  # a key of posts.csv
    org: str | None  # a key of organizations.csv

    @property
    def state_key(self) -> str | None:
        return self.state.key if self.state is not None else None


@dataclass(frozen=True)
class _How:
    rule: str
    score: float
    note: str


def _listed(named: Sequence[NamedPerson], names: Sequence[str], gazetteer: PeopleGazetteer,
            ) -> tuple[dict[int, str], dict[int, _How]]:
    """The names that are someone of the gazetteer: by name, else by similarity within the same State or post."""
    key_of: dict[int, str] = {}
    how: dict[int, _How] = {}
    for i, r in enumerate(named):
        found = gazetteer.normalized.get(names[i])
        if found is not None:
            key_of[i], how[i] = found, _How("people-gazetteer", 100.0, "")
            continue
        state = r.state_key
        best: tuple[float, Person] | None = None
        for p in gazetteer.people:
            if not ((state is not None and p.state_iso3 == state) or (state is None and p.post == r.post)):
                continue
            score = max(fuzz.ratio(names[i], normalize_arabic(f)) for f in p.arabic_forms)
            if best is None or score > best[0]:
                best = (score, p)
        if best is not None and best[0] >= PERSON_FUZZY:
            why = "same State" if state is not None else "same post"
            key_of[i] = best[1].key
            how[i] = _How("people-gazetteer-fuzzy", round(best[0], 1),
                          f"{why} as {best[1].name_ar} ({best[1].key}), name similarity {best[0]:.1f}")
    return key_of, how


def _groups(named: Sequence[NamedPerson], names: Sequence[str], listed: dict[int, str]) -> list[list[int]]:
    """The names not listed, grouped: one group per person, a name joining the first group it resembles."""
    groups: list[list[int]] = []
    for i, r in enumerate(named):
        if i in listed:
            continue
        home: list[int] | None = None
        for g in groups:
            for j in g:
                same_state = r.state_key is not None and r.state_key == named[j].state_key
                same_post = r.post is not None and r.post == named[j].post
                if (same_state or same_post) and fuzz.ratio(names[i], names[j]) >= PERSON_GROUP:
                    home = g
                    break
            if home is not None:
                break
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return groups


def _unlisted(named: Sequence[NamedPerson], names: Sequence[str], groups: list[list[int]], key_of: dict[int, str],
              how: dict[int, _How]) -> None:
    """Key each group by its first spelling, and say how each later name joined it."""
    for g in groups:
        key = "ar-" + transliterate(named[g[0]].name.text)
        for i in g:
            key_of[i] = key
            if i == g[0]:
                how[i] = _How("unlisted", 0.0, "not in the people gazetteer")
                continue
            j = g[0]
            same_state = named[i].state is not None and named[j].state is not None
            rule = "same-state-fuzzy-name" if same_state else "same-post-fuzzy-name"
            score = round(fuzz.ratio(names[i], names[j]), 1)
            how[i] = _How(rule, score, f"same {'State' if same_state else 'post'} as the first mention,"
                          f" name similarity {score:g}")


def resolve_people(report: str, named: Sequence[NamedPerson], gazetteer: PeopleGazetteer,
                   ) -> tuple[list[PersonFact], list[str], Issues]:
    """Who each name of ``named`` is (in the report ``report``, its symbol).

    Returns the people (in the order of their first mention), the key of each
    name of ``named``, and the doubtful mentions (flagged) and the people given
    several States (warnings).
    """
    names = [normalize_arabic(r.name.text) for r in named]
    key_of, how = _listed(named, names, gazetteer)
    _unlisted(named, names, _groups(named, names, key_of), key_of, how)
    keys = [key_of[i] for i in range(len(named))]
    facts: list[PersonFact] = []
    issues = Issues()
    for key in dict.fromkeys(keys):
        fact, found = _person(report, key, [i for i in range(len(named)) if keys[i] == key], named, how, gazetteer)
        facts.append(fact)
        issues += found
    return facts, keys, issues


def _person(report: str, key: str, idx: list[int], named: Sequence[NamedPerson], how: dict[int, _How],
            gazetteer: PeopleGazetteer) -> tuple[PersonFact, Issues]:
    """One person from the names ``idx`` of ``named``: their mentions, State and organization."""
    entry = gazetteer.by_key.get(key)
    mentions = []
    flagged = []
    for i in idx:
        name = named[i].name
        h = how[i]
        doubtful = entry is None or h.rule == "people-gazetteer-fuzzy"
        mentions.append(AgentRef("person", key, name.unit_eid, name.span, name.surface, h.rule, h.score, h.note,
                                 doubtful))
        if doubtful:
            flagged.append(NameIssue(f"{report} {name.unit_eid} @{name.span.start}-{name.span.end}", name.text,
                                     h.note or h.rule, key if entry is not None else ""))
    states = [k for k in (named[i].state_key for i in idx) if k is not None]
    orgs = [named[i].org for i in idx if named[i].org]
    listed_state = {entry.state_iso3} if entry and entry.state_iso3 else set()
    warnings: tuple[str, ...] = ()
    if len(set(states) | listed_state) > 1:
        warnings = (f"{report}: person {key} is given several States: {sorted(set(states))}",)
    first = how[idx[0]]
    fact = PersonFact(
        key=key,
        name_en=entry.name_en if entry else None,
        name_ar=entry.name_ar if entry else named[idx[0]].name.text,
        spellings=tuple(dict.fromkeys(named[i].name.text for i in idx)),
        state=entry.state_iso3 if entry and entry.state_iso3 else (states[0] if states else None),
        org=orgs[0] if orgs else None,
        listed=entry is not None,
        rule=first.rule,
        score=first.score,
        note=first.note,
        mentions=tuple(mentions),
    )
    return fact, Issues(warnings, (), tuple(flagged))
