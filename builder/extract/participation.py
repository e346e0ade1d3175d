"""Who took part and in what role: the bureau, committees, speakers, people and posts.

Everything is read from the report's own paragraphs with rules that hold for any
report of the family; the names are resolved against the gazetteers, posts
and bodies of :class:`builder.reference_data.References` (``builder/data``).

* **Bureau** -- a paragraph about the bureau (``مكتب`` in its text or heading)
  whose list items are post headers (``الرئيس``, ``نواب الرئيس``, ``المقرر`` ...),
  each followed by its holders: a person with the State in parentheses
  (``جون - كلود بروني (فرنسا)``) or States. The States under one header are
  resolved as one list.
* **Committees** -- ``عيّن المؤتمر <States> أعضاء في <committee>``: the States
  between the verb and ``أعضاء``, split with the parenthesis-aware splitter and
  resolved as one list; the committee is looked up in ``conference_bodies.csv``.
* **Statements** -- a list introduced by ``بيانات أدلى بها ممثلو الدول التالية:``
  (States) or ``... المنظمات التالية:`` (organizations), up to the end of its
  sentence. After a State, ``(باسم X)`` names the groups it spoke for
  (``وباسمها`` adds the State itself: "and in its national capacity"); an
  organization list is split on ``؛`` when it has one (names may hold a comma),
  otherwise on ``،``. ``أدلى ببيان ... المراقب عن X (باسم ...)`` is a statement
  of an observer. An organization list is of intergovernmental or of
  non-governmental organizations as its heading says, else as the gazetteer
  says. ``افتتح <post> المؤتمر`` and ``أدلى <post> ببيان باسم X`` are statements of
  officials. The meeting of a statement is the meeting last named before it
  (the opening of the conference is its first meeting).
* **People** -- named where a post is given to them: ``بترشيح NAME (STATE)
  لرئاسة المؤتمر``, ``انتخب NAME رئيسا للمؤتمر``, ``تولى NAME من ORG مهام POST``, and
  under a bureau header. A name is resolved by the people gazetteer (its name or
  a variant, normalized: rule ``people-gazetteer``), else by similarity to a
  listed person of the same State or post (``people-gazetteer-fuzzy``); names
  left over are grouped when they share a State or a post and are similar
  (``same-state-fuzzy-name``/``same-post-fuzzy-name``), and each group is one
  person not in the gazetteer (flagged for review).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from builder.arabic.names import normalize_arabic, strip_affixes, transliterate
from builder.arabic.text import (
    ARABIC_LETTER,
    Skeleton,
    compile_ar,
    normalize_letters,
)
from builder.extract.plenaries import MeetingMention, MeetingTracker, meeting_mentions, opening_mention
from builder.extract.state_lists import split_state_list
from builder.model import Document, Part, Span, Unit, UnitKind
from builder.reference_data import References
from builder.reference_data.organizations import Organization
from builder.reference_data.people import PeopleGazetteer, Person
from builder.reference_data.posts import ConferenceBodies, ConferenceBody, Post
from builder.resolve.gazetteer import find_organization
from builder.resolve.states import StateResolution, resolve_state_list

PERSON_FUZZY = 80.0
"""How similar (0..100) a name must be to a listed person of the same State or post to be that person."""
PERSON_GROUP = 75.0
"""How similar two unlisted names of the same State or post must be to be one person."""
ORG_FUZZY = 88.0
"""How similar (0..100) an organization's name must be to a listed one when no exact form matches."""

# ------------------------------------------------------------------------------ facts


@dataclass(frozen=True)
class AgentRef:
    """A resolved name in the text.

    ``kind`` is ``state`` (key ISO3), ``org`` (a key of organizations.csv),
    ``member-states`` (the member States of the organization ``key``),
    ``person`` (a key of people.csv, or of a person not in it), or ``post``
    (a key of ``posts.csv``).
    """

    kind: str
    key: str
    unit_eid: str
    span: Span
    surface: str
    rule: str
    score: float
    note: str = ""
    flagged: bool = False


@dataclass(frozen=True)
class StatementFact:
    paragraph_eid: str
    order: int  # 1-based, over the whole report
    speaker: AgentRef
    capacity: str  # a key of capacities.csv
    on_behalf_of: tuple[AgentRef, ...]
    meetings: tuple[int, ...]
    dates: tuple[str, ...]
    what: str = "statement"  # "statement" | "opening"


@dataclass(frozen=True)
class BodyFact:
    key: str
    name_en: str
    name_ar: str
    kind: str
    paragraph_eid: str


@dataclass(frozen=True)
class MembershipFact:
    body: str  # BodyFact.key
    member: AgentRef
    post: str | None  # posts.csv key for a bureau seat
    order: int  # 1-based within the body


@dataclass(frozen=True)
class PersonFact:
    key: str
    name_en: str | None
    name_ar: str  # preferred Arabic spelling
    spellings: tuple[str, ...]  # every spelling seen in the text (unit text), first first
    state: str | None
    org: str | None
    listed: bool  # in people.csv
    rule: str
    score: float
    note: str
    mentions: tuple[AgentRef, ...]


@dataclass(frozen=True)
class HoldingFact:
    post: str  # posts.csv key
    holder: AgentRef | None  # None: the text names the post but not who held it


@dataclass(frozen=True)
class Participation:
    conference: str  # the conference's symbol, e.g. A/CONF.192/2018/RC
    bodies: tuple[BodyFact, ...]
    memberships: tuple[MembershipFact, ...]
    statements: tuple[StatementFact, ...]
    people: tuple[PersonFact, ...]
    holdings: tuple[HoldingFact, ...]
    unresolved: tuple[dict[str, str], ...]
    flagged: tuple[dict[str, str], ...]
    warnings: tuple[str, ...]


def conference_symbol(report_symbol: str) -> str:
    """``A/CONF.192/2018/RC/3`` → ``A/CONF.192/2018/RC``: a conference's report carries its symbol plus a number."""
    head, sep, tail = report_symbol.rpartition("/")
    return head if sep and tail.isdigit() else report_symbol


# ------------------------------------------------------------------------------ helpers


def _alt(forms: Iterable[str]) -> str:
    """A regex alternation of Arabic phrases, longest first, spaces and dashes loose."""
    keys = sorted({normalize_letters(f) for f in forms}, key=len, reverse=True)
    return "|".join(re.escape(k).replace("\\ ", " ").replace(" ", "\\s+") for k in keys)


_WORD = f"{ARABIC_LETTER}+"
_NAME = f"{_WORD}(?:(?:\\s*-\\s*|\\s+){_WORD}){{0,5}}?"
_RE_SPEAKER_LIST = compile_ar(
    "(?:بيانات|بيانا|كلمات)\\s+(?:أدلى|أدلت|ألقاها|ألقتها)\\s+بها\\s+(?P<who>[^:.]{0,40}?)\\s*التالية\\s*:"
)
_RE_OBSERVER = compile_ar(
    "(?<!\\w)[وف]?(?:أدلى|أدلت)\\s+ببيان(?:\\s+أيضا)?\\s+(?:المراقب|المراقبة)\\s+عن\\s+(?P<org>[^(.،:]+?)\\s*(?=[(.،]|$)"
)
_RE_APPOINTED = compile_ar(
    "(?<!\\w)(?:عين|عينت|يعين)\\s+(?:المؤتمر|الجمعية\\s+العامة|اللجنة|الاجتماع)\\s+(?P<list>.+?)"
    "\\s+(?:أعضاء|أعضاءً|عضوين)\\s+(?:في|ب)\\s*(?P<body>لجنة[^،.()]*?|اللجنة[^،.()]*?)"
    "(?=\\s+التابعة|\\s+لل|[،.]|$)"
)
_RE_BEHALF_OWN = compile_ar("\\s*،?\\s+(?:و\\s*)?(?:باسمها|باسمه|بصفتها\\s+الوطنية|بصفته\\s+الوطنية)\\s*$")
_RE_MEMBER_STATES = compile_ar("^(?:و)?(?:ال)?دول\\s+(?:ال)?أعضاء\\s+(?:في|ب)\\s*(?P<org>.+)$")


@dataclass(frozen=True)
class _PostPatterns:
    """The sentences that name a post, with the phrases of the posts of ``posts.csv`` (built once per run)."""

    given_post: re.Pattern[str]  # بترشيح NAME (STATE) لرئاسة المؤتمر
    took_post: re.Pattern[str]  # تولى NAME من ORG مهام POST
    opened: re.Pattern[str]  # افتتح POST المؤتمر
    official_spoke: re.Pattern[str]  # أدلى POST ببيان باسم X


def _post_patterns(posts: Mapping[str, Post]) -> _PostPatterns:
    conference = _alt(p for d in posts.values() if d.scope == "conference" for p in d.phrases)
    un = _alt(p for d in posts.values() if d.scope == "un" for p in d.phrases)
    return _PostPatterns(
        given_post=compile_ar(
            "(?<!\\w)(?:ب?ترشيح|رشح|رشحت|ب?انتخاب|انتخب|انتخبت)\\s+(?P<name>" + _NAME + ")"
            "(?:\\s*\\((?P<state>[^()]+)\\))?\\s+(?P<post>" + conference + ")"
        ),
        took_post=compile_ar(
            "(?<!\\w)و?(?:تولى|تولت|يتولى|تتولى)\\s+(?P<name>" + _NAME + ")(?:\\s*\\((?P<state>[^()]+)\\))?"
            "(?:\\s+(?:من|في)\\s+(?P<org>[^،.()]+?))?\\s+(?:مهام|منصب)\\s+(?P<post>" + conference + ")"
        ),
        opened=compile_ar("(?<!\\w)[وف]?(?:افتتح|افتتحت)\\s+(?P<who>" + un + ")\\s+(?:ال)?مؤتمر(?!\\w)"),
        official_spoke=compile_ar(
            "(?<!\\w)[وف]?(?:أدلى|أدلت|ألقى|ألقت)\\s+(?P<who>" + un + ")\\s+(?:ببيان|بكلمة)"
            "(?:\\s+(?:باسم|نيابة\\s+عن)\\s+(?P<for>[^،.()]+))?"
        ),
    )


def _where(doc: Document, unit: Unit, span: Span) -> str:
    return f"{doc.metadata.symbol} {unit.eid} @{span.start}-{span.end}"


def _close_paren(text: str, open_at: int) -> int:
    """Index of the ``)`` matching the ``(`` at ``open_at`` (or ``len(text)``)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _sentence_end(text: str, start: int) -> int:
    """The index of the first ``.`` at parenthesis depth 0 from ``start`` (or ``len(text)``)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "." and depth == 0 and not (i + 1 < len(text) and text[i + 1].isalnum() and text[i + 1].isascii()):
            return i
    return len(text)


def _split_top(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Pieces of ``text[start:end]`` between separators in ``seps`` at parenthesis depth 0, trimmed."""
    out: list[tuple[int, int]] = []
    depth, s = 0, start
    for i in range(start, end + 1):
        ch = text[i] if i < end else seps[0]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            a, b = s, i
            while a < b and text[a] in " \t\n.:؛;،,":
                a += 1
            while b > a and text[b - 1] in " \t\n.:؛;،,":
                b -= 1
            if a < b:
                out.append((a, b))
            s = i + 1
    return out


def _state_ref(doc: Document, unit: Unit, a: int, b: int, res: StateResolution) -> AgentRef | None:
    if res.iso3 is None:
        return None
    span = unit.source_span(a, b)
    return AgentRef("state", res.iso3, unit.eid, span, doc.source[span.start:span.end], res.method, res.score,
                    res.note, res.flagged)


def _issue(doc: Document, unit: Unit, span: Span, surface: str, reason: str, candidates: str) -> dict[str, str]:
    return {"where": _where(doc, unit, span), "surface": surface, "reason": reason, "candidates": candidates}


def _candidates(res: StateResolution) -> str:
    parts = []
    if res.iso3:
        parts.append(f"{res.iso3} {res.score:g}")
    if res.runner_up:
        parts.append(f"{res.runner_up} {res.runner_up_score:g}" if res.runner_up_score is not None else res.runner_up)
    return "; ".join(parts)


class _Collector:
    """What one run of :func:`extract_participation` gathers, with the resolution problems it meets."""

    def __init__(self, doc: Document, references: References) -> None:
        self.doc = doc
        self.states = references.states
        self.orgs = references.organizations
        self.posts = references.posts
        self.post_patterns = _post_patterns(references.posts)
        self.conference_bodies = references.conference_bodies
        self.unresolved: list[dict[str, str]] = []
        self.flagged: list[dict[str, str]] = []
        self.warnings: list[str] = []

    def states_in(self, unit: Unit, pieces: Sequence[tuple[str, int, int]]) -> list[AgentRef | None]:
        """Resolve State names (unit-text surface, start, end) of one list together."""
        results = resolve_state_list([s for s, _, _ in pieces], self.states)
        out: list[AgentRef | None] = []
        for (surface, a, b), res in zip(pieces, results, strict=True):
            span = unit.source_span(a, b)
            if res.iso3 is None:
                self.unresolved.append(_issue(self.doc, unit, span, surface, res.note, _candidates(res)))
            elif res.flagged:
                self.flagged.append(_issue(self.doc, unit, span, surface, res.note, _candidates(res)))
            out.append(_state_ref(self.doc, unit, a, b, res))
        return out

    def state_names(self, unit: Unit, a: int, b: int) -> list[tuple[str, int, int]]:
        return [(s, sp.start, sp.end) for s, sp in split_state_list(unit.text[a:b], a, self.states)]

    def org(self, unit: Unit, a: int, b: int, quiet: bool = False) -> AgentRef | None:
        """The organization named by ``unit.text[a:b]``: exact (normalized) or, failing that, similar enough."""
        surface = unit.text[a:b]
        span = unit.source_span(a, b)
        found = find_organization(self.orgs, surface)
        if found is not None:
            return AgentRef("org", found.key, unit.eid, span, self.doc.source[span.start:span.end],
                            "exact-normalized", 100.0)
        best: tuple[float, Organization] | None = None
        second = 0.0
        queries = [normalize_arabic(f) for f in strip_affixes(surface)]
        for o, forms in self.orgs.normalized_forms:
            score = max(fuzz.ratio(q, f) for q in queries for f in forms)
            if best is None or score > best[0]:
                second = best[0] if best else 0.0
                best = (score, o)
            elif score > second:
                second = score
        if best is not None and best[0] >= ORG_FUZZY:
            score, o = best
            note = f"fuzzy: {o.name_ar} ({o.key}) at {score:.1f}, runner-up at {second:.1f}"
            flagged = score - second < 5.0
            ref = AgentRef("org", o.key, unit.eid, span, self.doc.source[span.start:span.end], "fuzzy",
                           round(score, 1), note, flagged)
            if flagged:
                self.flagged.append(_issue(self.doc, unit, span, surface, note, f"{o.key} {score:.1f}"))
            return ref
        if not quiet:
            cand = f"{best[1].key} {best[0]:.1f}" if best else ""
            self.unresolved.append(_issue(self.doc, unit, span, surface, "no organization of that name", cand))
        return None


# ------------------------------------------------------------------------------ the bureau


def _post_header(text: str, posts: Mapping[str, Post]) -> Post | None:
    key = normalize_arabic(text).strip(" .:؛;،,")
    if not key or len(key.split()) > 4:
        return None
    best: tuple[float, Post] | None = None
    for d in posts.values():
        for h in d.headers:
            score = fuzz.ratio(key, normalize_arabic(h))
            if best is None or score > best[0]:
                best = (score, d)
    return best[1] if best is not None and best[0] >= 90.0 else None


@dataclass(frozen=True)
class _RawPerson:
    unit_eid: str
    start: int  # unit-text offsets of the name
    end: int
    state: AgentRef | None
    post: str | None
    org: str | None

    @property
    def state_key(self) -> str | None:
        return self.state.key if self.state is not None else None


def _bureau(c: _Collector, para: Unit, items: Sequence[Unit], people: list[_RawPerson],
            seats: list[tuple[str, AgentRef | _RawPerson]]) -> None:
    """Read the bureau's list: a post header, then who holds it (a person with a State, or States)."""
    groups: list[tuple[Post, list[Unit]]] = []
    for item in items:
        header = _post_header(item.text, c.posts)
        if header is not None:
            groups.append((header, []))
        elif groups:
            groups[-1][1].append(item)
    for post, holders in groups:
        names: list[tuple[Unit, str, int, int]] = []
        for item in holders:
            person = _person_with_state(c, item, post.key)
            if person is not None:
                people.append(person)
                seats.append((post.key, person))
                continue
            names.extend((item, s, a, b) for s, a, b in c.state_names(item, 0, len(item.text)))
        if not names:
            continue
        # resolve the States under one header as one list; spans stay with their own items
        results = resolve_state_list([s for _, s, _, _ in names], c.states)
        for (item, surface, a, b), res in zip(names, results, strict=True):
            span = item.source_span(a, b)
            if res.iso3 is None:
                c.unresolved.append(_issue(c.doc, item, span, surface, res.note, _candidates(res)))
                continue
            if res.flagged:
                c.flagged.append(_issue(c.doc, item, span, surface, res.note, _candidates(res)))
            ref = _state_ref(c.doc, item, a, b, res)
            assert ref is not None
            seats.append((post.key, ref))


def _person_with_state(c: _Collector, item: Unit, post: str) -> _RawPerson | None:
    """``NAME (STATE)`` where STATE is a State and NAME is not: a person and the State they represent."""
    text = item.text.rstrip(" .")
    if not text.endswith(")") or "(" not in text:
        return None
    whole = resolve_state_list([text], c.states)[0]
    if whole.method in ("exact", "exact-normalized"):
        return None
    open_at = text.rfind("(")
    inner = resolve_state_list([text[open_at + 1:-1]], c.states)[0]
    if inner.method not in ("exact", "exact-normalized"):
        return None
    name_end = open_at
    while name_end > 0 and text[name_end - 1] == " ":
        name_end -= 1
    state = _state_ref(c.doc, item, open_at + 1, len(text) - 1, inner)
    return _RawPerson(item.eid, 0, name_end, state, post, None)


# ------------------------------------------------------------------------------ people in sentences


def _post_of_phrase(phrase: str, posts: Mapping[str, Post]) -> Post | None:
    key = normalize_arabic(phrase)
    for d in posts.values():
        if any(normalize_arabic(p) == key for p in d.phrases):
            return d
    return None


def _people_in_text(c: _Collector, unit: Unit, people: list[_RawPerson]) -> None:
    sk = Skeleton.of(unit.text)
    for rx in (c.post_patterns.given_post, c.post_patterns.took_post):
        for m in rx.finditer(sk.text):
            post = _post_of_phrase(unit.text[slice(*sk.span(*m.span("post")))], c.posts)
            if post is None:
                continue
            a, b = sk.span(*m.span("name"))
            state: AgentRef | None = None
            if m.group("state"):
                sa, sb = sk.span(*m.span("state"))
                res = resolve_state_list([unit.text[sa:sb]], c.states)[0]
                state = _state_ref(c.doc, unit, sa, sb, res)
            org: str | None = None
            if "org" in m.groupdict() and m.group("org"):
                oa, ob = sk.span(*m.span("org"))
                found = c.org(unit, oa, ob, quiet=True)
                org = found.key if found else None
            people.append(_RawPerson(unit.eid, a, b, state, post.key, org))


def _resolve_people(c: _Collector, raw: Sequence[_RawPerson], gazetteer: PeopleGazetteer,
                    units: Mapping[str, Unit]) -> tuple[list[PersonFact], dict[int, str]]:
    """Who each raw name is: a listed person, or one of the groups of unlisted names. Returns facts and i → key."""
    key_of: dict[int, str] = {}
    how: dict[int, tuple[str, float, str]] = {}
    names = [normalize_arabic(units[r.unit_eid].text[r.start:r.end]) for r in raw]
    for i, r in enumerate(raw):
        found = gazetteer.normalized.get(names[i])
        if found is not None:
            key_of[i], how[i] = found, ("people-gazetteer", 100.0, "")
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
            how[i] = ("people-gazetteer-fuzzy", round(best[0], 1), f"{why} as {best[1].name_ar} ({best[1].key}),"
                      f" name similarity {best[0]:.1f}")
    # names left over: group those of one State or one post whose names are alike
    groups: list[list[int]] = []
    for i, r in enumerate(raw):
        if i in key_of:
            continue
        home: list[int] | None = None
        for g in groups:
            for j in g:
                same_state = r.state_key is not None and r.state_key == raw[j].state_key
                same_post = r.post is not None and r.post == raw[j].post
                if (same_state or same_post) and fuzz.ratio(names[i], names[j]) >= PERSON_GROUP:
                    home = g
                    break
            if home is not None:
                break
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    for g in groups:
        first = raw[g[0]]
        key = "ar-" + transliterate(units[first.unit_eid].text[first.start:first.end])
        for i in g:
            key_of[i] = key
            if i == g[0]:
                how[i] = ("unlisted", 0.0, "not in the people gazetteer")
            else:
                j = g[0]
                same_state = raw[i].state is not None and raw[j].state is not None
                rule = "same-state-fuzzy-name" if same_state else "same-post-fuzzy-name"
                score = round(fuzz.ratio(names[i], names[j]), 1)
                how[i] = (rule, score, f"same {'State' if same_state else 'post'} as the first mention,"
                          f" name similarity {score:g}")
    # a listed person may also be grouped with names that were resolved only by similarity to the listed one
    # (nothing to do: they already carry the listed key)
    facts: list[PersonFact] = []
    for key in dict.fromkeys(key_of[i] for i in range(len(raw))):
        idx = [i for i in range(len(raw)) if key_of[i] == key]
        entry = gazetteer.by_key.get(key)
        spellings = tuple(dict.fromkeys(units[raw[i].unit_eid].text[raw[i].start:raw[i].end] for i in idx))
        mentions = []
        states = [k for k in (raw[i].state_key for i in idx) if k is not None]
        orgs = [raw[i].org for i in idx if raw[i].org]
        for i in idx:
            r = raw[i]
            unit = units[r.unit_eid]
            span = unit.source_span(r.start, r.end)
            rule, score, note = how[i]
            flagged = entry is None or rule == "people-gazetteer-fuzzy"
            mentions.append(AgentRef("person", key, r.unit_eid, span, c.doc.source[span.start:span.end], rule, score,
                                     note, flagged))
            if flagged:
                c.flagged.append(_issue(c.doc, unit, span, unit.text[r.start:r.end],
                                        note or rule, key if entry is not None else ""))
        state = entry.state_iso3 if entry and entry.state_iso3 else (states[0] if states else None)
        if len(set(states) | ({entry.state_iso3} if entry and entry.state_iso3 else set())) > 1:
            c.warnings.append(f"{c.doc.metadata.symbol}: person {key} is given several States: {sorted(set(states))}")
        rule, score, note = how[idx[0]]
        facts.append(PersonFact(
            key=key,
            name_en=entry.name_en if entry else None,
            name_ar=entry.name_ar if entry else spellings[0],
            spellings=spellings,
            state=state,
            org=orgs[0] if orgs else None,
            listed=entry is not None,
            rule=rule,
            score=score,
            note=note,
            mentions=tuple(mentions),
        ))
    return facts, key_of


# ------------------------------------------------------------------------------ statements


class _Add(Protocol):
    def __call__(self, speaker: AgentRef, capacity: str, behalf: Sequence[AgentRef], what: str = ...) -> None: ...



def _capacity_of_orgs(para: Unit, org: Organization | None) -> str:
    heading = normalize_arabic(" ".join(para.heading_path[-1:]))
    if "غير الحكوميه" in heading:
        return "ngo"
    if "الحكوميه الدوليه" in heading:
        return "igo"
    return "ngo" if org is not None and org.kind == "ngo" else "igo"


def _behalf(c: _Collector, unit: Unit, a: int, b: int) -> tuple[list[AgentRef], bool]:
    """Whom ``unit.text[a:b]`` (the inside of a parenthesis, ``باسم ...``) names, and whether ``وباسمها`` is there."""
    text = unit.text
    sk = Skeleton.of(text[a:b])
    m = re.match(normalize_letters("\\s*(?:باسم|نيابة\\s+عن)\\s+"), sk.text)
    if m is None:
        return [], False
    a += sk.span(0, m.end())[1]
    own = False
    tail = _RE_BEHALF_OWN.search(Skeleton.of(text[a:b]).text)
    if tail is not None:
        own = True
        b = a + Skeleton.of(text[a:b]).span(tail.start(), tail.end())[0]
    out: list[AgentRef] = []
    pending: list[tuple[str, int, int]] = []
    for pa, pb in _split_top(text, a, b, "،,؛;"):
        for qa, qb in _split_on_behalf_again(text, pa, pb):
            ref = c.org(unit, qa, qb, quiet=True)
            if ref is not None:
                out.append(ref)
                continue
            ms = _RE_MEMBER_STATES.match(Skeleton.of(text[qa:qb]).text)
            if ms is not None:
                inner = Skeleton.of(text[qa:qb])
                oa, ob = inner.span(ms.start("org"), ms.end("org"))
                org = c.org(unit, qa + oa, qa + ob, quiet=True)
                if org is not None:
                    span = unit.source_span(qa, qb)
                    out.append(AgentRef("member-states", org.key, unit.eid, span, c.doc.source[span.start:span.end],
                                        org.rule, org.score, org.note, org.flagged))
                    continue
            pending.extend(c.state_names(unit, qa, qb))
    out.extend(r for r in c.states_in(unit, pending) if r is not None)
    return out, own


def _split_on_behalf_again(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``X وباسم Y`` → X, Y."""
    sk = Skeleton.of(text[a:b])
    cuts = [(sk.span(m.start(), m.end())) for m in re.finditer(normalize_letters("\\s+وباسم\\s+"), sk.text)]
    out, s = [], a
    for ca, cb in cuts:
        out.append((s, a + ca))
        s = a + cb
    out.append((s, b))
    return [(x, y) for x, y in out if x < y]


def _statements_in(c: _Collector, para: Unit, tracker: MeetingTracker, statements: list[StatementFact]) -> None:
    text = para.text
    sk = Skeleton.of(text)
    events: list[tuple[int, int, str, re.Match[str] | MeetingMention]] = []
    for mm in meeting_mentions(text):
        events.append((mm.start, 0, "meeting", mm))
    for m in c.post_patterns.opened.finditer(sk.text):
        events.append((sk.span(*m.span())[0], 1, "opened", m))
    for m in c.post_patterns.official_spoke.finditer(sk.text):
        events.append((sk.span(*m.span())[0], 1, "official", m))
    for m in _RE_SPEAKER_LIST.finditer(sk.text):
        events.append((sk.span(*m.span())[0], 1, "list", m))
    for m in _RE_OBSERVER.finditer(sk.text):
        events.append((sk.span(*m.span())[0], 1, "observer", m))
    events.sort(key=lambda e: (e[0], e[1]))
    meetings: tuple[int, ...] = ()
    dates: tuple[str, ...] = ()

    def add(speaker: AgentRef, capacity: str, behalf: Sequence[AgentRef], what: str = "statement") -> None:
        statements.append(StatementFact(para.eid, len(statements) + 1, speaker, capacity, tuple(behalf),
                                        meetings, dates, what))

    for _pos, _prio, kind, ev in events:
        if isinstance(ev, MeetingMention):
            meetings, dates = tracker.read(ev)
            continue
        m = ev
        if kind == "opened":
            meetings, dates = tracker.read(opening_mention(sk, *m.span()))
            post_ref = _post_ref(c, para, sk, m)
            if post_ref is not None:
                add(post_ref, "official", (), "opening")
        elif kind == "official":
            post_ref = _post_ref(c, para, sk, m)
            behalf: list[AgentRef] = []
            if m.group("for"):
                fa, fb = sk.span(*m.span("for"))
                org = c.org(para, fa, fb)
                if org is not None:
                    behalf.append(org)
            if post_ref is not None:
                add(post_ref, "official", behalf)
        elif kind == "list":
            who = normalize_arabic(m.group("who"))
            start = sk.span(*m.span())[1]
            end = _sentence_end(text, start)
            if "المنظمات" in who:
                _org_list(c, para, start, end, add)
            else:
                _state_list(c, para, start, end, add)
        elif kind == "observer":
            oa, ob = sk.span(*m.span("org"))
            org = c.org(para, oa, ob)
            if org is None:
                continue
            after = ob
            while after < len(text) and text[after] == " ":
                after += 1
            behalf_refs: list[AgentRef] = []
            own = False
            if after < len(text) and text[after] == "(":
                close = _close_paren(text, after)
                behalf_refs, own = _behalf(c, para, after + 1, close)
            add(org, "observer", [*behalf_refs, *([org] if own else [])])


def _post_ref(c: _Collector, para: Unit, sk: Skeleton, m: re.Match[str]) -> AgentRef | None:
    wa, wb = sk.span(*m.span("who"))
    post = _post_of_phrase(para.text[wa:wb], c.posts)
    if post is None:
        return None
    span = para.source_span(wa, wb)
    return AgentRef("post", post.key, para.eid, span, c.doc.source[span.start:span.end], "post-phrase", 100.0)


def _state_list(c: _Collector, para: Unit, start: int, end: int, add: _Add) -> None:
    text = para.text
    names = c.state_names(para, start, end)
    refs = c.states_in(para, names)
    for (_s, _a, b), ref in zip(names, refs, strict=True):
        if ref is None:
            continue
        after = b
        while after < end and text[after] == " ":
            after += 1
        behalf: list[AgentRef] = []
        own = False
        if after < end and text[after] == "(":
            close = _close_paren(text, after)
            behalf, own = _behalf(c, para, after + 1, close)
        if own:
            behalf.append(ref)
        observer = c.states.get(ref.key)
        add(ref, "observer" if observer is not None and observer.status == "observer" else "state", behalf)


def _org_list(c: _Collector, para: Unit, start: int, end: int, add: _Add) -> None:
    text = para.text
    seps = "؛;" if any(ch in "؛;" for ch in _depth0(text, start, end)) else "،,"
    for a, b in _split_top(text, start, end, seps):
        whole = c.org(para, a, b, quiet=True)
        if whole is not None:
            add(whole, _capacity_of_orgs(para, c.orgs.get(whole.key)), [])
            continue
        open_at = text.find("(", a, b)
        if open_at > a and text[b - 1] == ")":
            me = open_at
            while me > a and text[me - 1] == " ":
                me -= 1
            main = c.org(para, a, me)
            inner = _behalf(c, para, open_at + 1, b - 1)[0] if _starts_behalf(text, open_at + 1) else []
            if main is None:
                continue
            if inner:
                add(main, _capacity_of_orgs(para, c.orgs.get(main.key)), inner)
                continue
            speaker = c.org(para, open_at + 1, b - 1)
            if speaker is not None:
                # "X (Y)": Y spoke in the slot of X
                add(speaker, _capacity_of_orgs(para, c.orgs.get(main.key)), [main])
            continue
        c.org(para, a, b)  # records it as unresolved


def _starts_behalf(text: str, at: int) -> bool:
    return normalize_letters(text[at:at + 12]).lstrip().startswith(("باسم", "نيابة عن"))


def _depth0(text: str, start: int, end: int) -> str:
    out, depth = [], 0
    for ch in text[start:end]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


# ------------------------------------------------------------------------------ committees


def _body_of(name: str, bodies: ConferenceBodies) -> ConferenceBody | None:
    key = normalize_arabic(name)
    for d in bodies:
        if any(key.startswith(normalize_arabic(f)) for f in d.forms):
            return d
    return None


def _committees(c: _Collector, para: Unit, bodies: dict[str, BodyFact],
                memberships: list[MembershipFact]) -> None:
    sk = Skeleton.of(para.text)
    for m in _RE_APPOINTED.finditer(sk.text):
        ba, bb = sk.span(*m.span("body"))
        body = _body_of(para.text[ba:bb], c.conference_bodies)
        if body is None:
            c.warnings.append(f"{c.doc.metadata.symbol} {para.eid}: members appointed to a body not known:"
                              f" {para.text[ba:bb]}")
            continue
        bodies.setdefault(body.key, BodyFact(body.key, body.name_en, body.name_ar, body.kind, para.eid))
        la, lb = sk.span(*m.span("list"))
        names = c.state_names(para, la, lb)
        n = sum(1 for x in memberships if x.body == body.key)
        for ref in c.states_in(para, names):
            if ref is not None:
                n += 1
                memberships.append(MembershipFact(body.key, ref, None, n))


# ------------------------------------------------------------------------------ the whole report


def _children(doc: Document, eid: str) -> list[Unit]:
    return [u for u in doc.units if u.part is Part.REPORT and u.kind is UnitKind.LIST_ITEM and u.parent == eid]


def _is_bureau_paragraph(para: Unit, items: Sequence[Unit], posts: Mapping[str, Post]) -> bool:
    context = normalize_arabic(" ".join((para.text, *para.heading_path[-1:])))
    return "مكتب" in context and any(_post_header(i.text, posts) is not None for i in items)


def extract_participation(doc: Document, references: References) -> Participation:
    """The bureau, committees, statements, people and posts of one report."""
    c = _Collector(doc, references)
    bureau = references.conference_bodies.bureau
    units = {u.eid: u for u in doc.units if u.part is Part.REPORT}
    tracker = MeetingTracker(doc.metadata.date)
    raw_people: list[_RawPerson] = []
    seats: list[tuple[str, AgentRef | _RawPerson]] = []
    bodies: dict[str, BodyFact] = {}
    memberships: list[MembershipFact] = []
    statements: list[StatementFact] = []
    unnamed_posts: list[str] = []

    for para in doc.paragraphs():
        if para.part is not Part.REPORT:
            continue
        items = _children(doc, para.eid)
        if _is_bureau_paragraph(para, items, c.posts):
            bodies.setdefault(bureau.key, BodyFact(bureau.key, bureau.name_en, bureau.name_ar, bureau.kind, para.eid))
            _bureau(c, para, items, raw_people, seats)
        _people_in_text(c, para, raw_people)
        _committees(c, para, bodies, memberships)
        _statements_in(c, para, tracker, statements)

    person_facts, key_of = _resolve_people(c, raw_people, references.people, units)
    by_raw = {id(r): i for i, r in enumerate(raw_people)}
    mention_of = {(m.unit_eid, m.span): m for p in person_facts for m in p.mentions}

    def person_ref(r: _RawPerson) -> AgentRef:
        span = units[r.unit_eid].source_span(r.start, r.end)
        ref = mention_of[(r.unit_eid, span)]
        assert ref.key == key_of[by_raw[id(r)]]
        return ref

    n = 0
    for post, holder in seats:
        n += 1
        ref = person_ref(holder) if isinstance(holder, _RawPerson) else holder
        memberships.append(MembershipFact(bureau.key, ref, post, n))

    holdings: list[HoldingFact] = []
    seen_holdings: set[tuple[str, str, str]] = set()
    for post, holder in seats:
        ref = person_ref(holder) if isinstance(holder, _RawPerson) else holder
        if (post, ref.kind, ref.key) not in seen_holdings:
            seen_holdings.add((post, ref.kind, ref.key))
            holdings.append(HoldingFact(post, ref))
    for r in raw_people:
        if r.post is None:
            continue
        ref = person_ref(r)
        if (r.post, "person", ref.key) not in seen_holdings:
            seen_holdings.add((r.post, "person", ref.key))
            holdings.append(HoldingFact(r.post, ref))
    for st in statements:
        if st.speaker.kind == "post" and st.speaker.key not in unnamed_posts:
            unnamed_posts.append(st.speaker.key)
    held = {h.post for h in holdings}
    holdings.extend(HoldingFact(p, None) for p in unnamed_posts if p not in held)

    return Participation(
        conference=conference_symbol(doc.metadata.symbol),
        bodies=tuple(bodies.values()),
        memberships=tuple(memberships),
        statements=tuple(statements),
        people=tuple(person_facts),
        holdings=tuple(holdings),
        unresolved=tuple(c.unresolved),
        flagged=tuple(c.flagged),
        warnings=tuple(c.warnings),
    )
