"""What each paragraph of the outcome document asks, of whom, and how strongly.

The vocabulary lives in SKOS concept schemes under ``builder/data/concepts``
(actions, strength, qualifiers, themes, actors, kinds); the Arabic trigger
patterns are part of that data, so nothing here lists words of the report.
:func:`parse_schemes` parses them (once per build, when
:mod:`builder.reference_data` loads them) and the result is passed explicitly
to :func:`classify_paragraph`, which returns the paragraph's kind,
main actions, strength, qualifiers, actors and addressees, themes (from the
text and from the headings above it) and, for commitments, the period read
from the chapeau. The rules are documented in ``docs/commitments.md``.

Matching is done on a normalised copy of the text (vowel marks, shadda and
tatweel removed; alef forms, ى/ي and ة/ه unified; Arabic-Indic digits made
ASCII: :data:`builder.arabic.text.TRIGGER_FOLDING`) that keeps each character's
offset, so every span returned is a span of the text as given:
``text[span.start:span.end] == surface``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from builder.arabic.text import TRIGGER_FOLDING, Skeleton
from builder.model import Document, Part, Span, Unit, UnitKind
from builder.reference_data.concepts import (
    FIRST_PERSON,
    THIRD_PERSON,
    VERBAL_NOUN,
    Concept,
    ConceptSchemes,
)
from builder.reference_data.triggers import Trigger

# ----------------------------------------------------------------------------
#  Results
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionMatch:
    """A main action of the paragraph.

    ``found_by`` says how: ``opening`` (the paragraph opens with it),
    ``first-person-verb`` (a verb of the Declaration), ``clause-start`` (a
    clause coordinated by ، و / ؛ و), ``coordinated`` (joined directly by و / أو
    to the previous action: وضع أو تعزيز), ``complement`` (the complement of a
    light or aspectual verb) or ``fallback``. ``rule`` names a reading rule
    that changed the reading, explained in ``note``.
    """

    key: str
    span: Span
    surface: str
    form: str
    found_by: str
    rule: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class QualifierMatch:
    """A qualifier, anywhere in the paragraph (or in its chapeau); ``softening`` as in the scheme."""

    key: str
    span: Span  # in the paragraph text, or in the chapeau when source == "chapeau"
    surface: str
    source: str = "text"
    softening: bool = False


@dataclass(frozen=True)
class ActorMatch:
    """A mention of an actor; ``addressee`` when it is named as the one a directive asks to act."""

    key: str
    span: Span
    surface: str
    addressee: bool = False  # named as the one asked to act


@dataclass(frozen=True)
class ThemeMatch:
    """A theme of the paragraph and where it came from: its own text or one of the headings above it."""

    key: str
    source: str  # "text" or "heading"
    span: Span | None  # in the paragraph text (source "text")
    heading: str | None = None  # the heading that triggered it (source "heading")
    surface: str | None = None


@dataclass(frozen=True)
class Strength:
    """The strength of the paragraph and how it was reached."""

    key: str
    rank: int
    base_key: str  # strength of the strongest main action
    base_rank: int
    softened_by: tuple[str, ...] = ()  # distinct softening qualifiers in the text


@dataclass(frozen=True)
class Classification:
    """What a paragraph asks (actions), how strongly, under which conditions, of whom, on what, for when."""

    kind: str
    kind_source: str  # "chapeau", "text" (verb form) or "section"
    actions: tuple[ActionMatch, ...]
    strength: Strength | None
    qualifiers: tuple[QualifierMatch, ...]
    actors: tuple[ActorMatch, ...]
    addressees: tuple[str, ...]
    addressee_source: str  # "text" or "implicit"
    themes: tuple[ThemeMatch, ...]
    period: tuple[int, int] | None
    notes: tuple[str, ...] = ()

    @property
    def action_keys(self) -> tuple[str, ...]:
        return tuple(a.key for a in self.actions)

    @property
    def qualifier_keys(self) -> tuple[str, ...]:
        return tuple(q.key for q in self.qualifiers)

    @property
    def actor_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.key for a in self.actors))

    def theme_keys(self, source: str | None = None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.key for t in self.themes if source is None or t.source == source))


# ----------------------------------------------------------------------------
#  Matching
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    key: str
    start: int  # normalised offsets of the match without the conjunction
    end: int
    full_start: int  # with the conjunction
    conj: bool
    trigger: Trigger


def _absent(needles: tuple[str, ...], text: str) -> bool:
    for n in needles:
        if n not in text:
            return True
    return False


def _scan(concepts: Iterable[Concept], text: str) -> list[_Hit]:
    """Every match of every trigger, except those overlapping an exclusion of their concept.

    Hits come concept by concept, trigger by trigger, in text order: callers
    sort them stably, so this order decides which trigger of equal spans is kept.
    A trigger whose needles are not all in the text has no match and is not
    searched; the exclusions of a concept are searched only once one of its
    triggers matches.
    """
    hits: list[_Hit] = []
    for c in concepts:
        blocked: list[tuple[int, int]] | None = None
        for t in c.triggers:
            # the longest needle alone rules out most triggers; testing it inline saves a call per trigger
            if t.needles and (t.needles[0] not in text or _absent(t.needles[1:], text)):
                continue
            for m in t.finditer(text):
                if blocked is None:
                    blocked = [x_m.span() for x in c.exclusions for x_m in x.finditer(text)]
                start, end = m.word_start, m.end
                if end <= start or any(start < b_end and b_start < end for b_start, b_end in blocked):
                    continue
                hits.append(_Hit(c.key, start, end, m.start, m.conj, t))
    return hits


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """Longest matches first; overlapping shorter ones dropped, equal spans of other concepts kept."""
    kept: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (h.start - h.end, h.start, h.key)):
        same = [k for k in kept if k.start == h.start and k.end == h.end]
        if same:
            if all(k.key != h.key for k in same):
                kept.append(h)
        elif not any(h.start < k.end and k.start < h.end for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.key))


def _first_per_key(hits: list[_Hit]) -> list[_Hit]:
    first: dict[str, _Hit] = {}
    for h in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
        first.setdefault(h.key, h)
    return sorted(first.values(), key=lambda h: (h.start, h.key))


def _contains(triggers: Iterable[Trigger], text: str) -> bool:
    return any(t.search(text) for t in triggers)


_LEAD = re.compile(r"[\s\-•]*(?:\(?\d{1,3}\)?\s*-\s*)?[\s\-]*")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_SPACE = re.compile(r"\s*")


def _opening(text: str, qualifiers: list[_Hit]) -> int:
    """Where the paragraph's first clause starts: after its number, and after a fronted qualifier phrase."""
    m = _LEAD.match(text)
    pos = m.end() if m else 0
    while True:
        fronted = [q for q in qualifiers if q.full_start == pos]
        if not fronted:
            return pos
        comma = text.find("،", fronted[0].end)
        if comma < 0:
            return pos
        pos = comma + 1
        while pos < len(text) and text[pos].isspace():
            pos += 1


class _ActionFinder:
    """Finds the main actions of one paragraph (rules in docs/commitments.md)."""

    def __init__(self, original: str, norm: Skeleton, schemes: ConceptSchemes, notes: list[str]) -> None:
        self.original = original
        self.norm = norm
        self.text = norm.text
        self.schemes = schemes
        self.notes = notes

    def surface(self, h: _Hit) -> str:
        span = Span(*self.norm.span(h.start, h.end))
        return self.original[span.start : span.end]

    def boundary(self, h: _Hit, opening: int) -> str | None:
        """What opens the clause that ``h`` starts: the opening, a full stop, or ، / ؛ with the conjunction و."""
        if h.full_start == opening:
            return "opening"
        before = self.text[: h.full_start].rstrip()
        joined = h.conj
        for c in self.schemes.action.connectors:
            m = c.search(before)
            if m and m.end == len(before):
                before, joined = before[: m.start].rstrip(), True
                break
        if not before:
            return "opening"
        if before.endswith("."):
            return "."
        if before.endswith(("،", "؛")) and joined:
            return before[-1]
        return None

    def prefixed(self, h: _Hit) -> bool:
        """Whether a preposition is attached to the trigger (بالتعاون): then it does not open a clause."""
        first = TRIGGER_FOLDING.fold(h.trigger.text).split()[0].rstrip("*")
        return not self.text.startswith(first, h.start)

    def subordinate(self, prev: _Hit, h: _Hit, boundary: str) -> bool:
        """Whether a coordinated verbal-noun clause depends on the previous main action rather than being one."""
        if _contains(self.schemes.action.subordinators, self.text[prev.end : h.full_start]):
            return True
        # after a directive (encourage X to …), ، و… continues what X is asked to do
        return boundary == "،" and self.schemes.action.get(prev.key).takes_addressee

    def coordinated(self, h: _Hit, pool: list[_Hit]) -> _Hit | None:
        """A trigger joined to a one-word trigger by و or a coordinator word (وضع أو تعزيز، نقر ونرحب)."""
        if h.trigger.word_count != 1:
            return None
        words = "|".join(re.escape(w) for w in self.schemes.action.coordinators) or "(?!)"
        m = re.compile(rf"\s+(?:({words})\s+)?").match(self.text, h.end)
        if m is None:
            return None
        for n in pool:
            if n.full_start == m.end() and n.trigger.form == h.trigger.form and (n.conj or m.group(1)):
                return n
        return None

    def complement(self, h: _Hit, pool: list[_Hit]) -> _Hit | None:
        """The verbal noun a light verb stands for (القيام … بتعزيز) or an aspectual verb continues (مواصلة ضمان)."""
        concept = self.schemes.action.get(h.key)
        nouns = [n for n in pool if n.trigger.form == VERBAL_NOUN and n.start >= h.end]
        if concept.aspectual:
            m = _SPACE.match(self.text, h.end)
            return next((n for n in nouns if n.full_start == m.end() and not n.conj), None) if m else None
        if concept.light_verb:
            prep = TRIGGER_FOLDING.fold(concept.light_verb)
            stops = [i for i in (self.text.find("؛", h.end), self.text.find(".", h.end)) if i >= 0]
            stop = min(stops, default=len(self.text))
            return next(
                (n for n in nouns if n.start < stop and self.text.startswith(prep, n.start) and self.prefixed(n)), None
            )
        return None

    def read(self, h: _Hit, found_by: str) -> ActionMatch | None:
        """The action match, after the concept's reading rules."""
        concept = self.schemes.action.get(h.key)
        key, rule, note = h.key, None, None
        m = _NEXT_WORD.match(self.text, h.end)
        next_word = m.group(1) if m else ""
        stop = self.text.find(".", h.end)
        rest = self.text[h.end : stop if stop >= 0 else len(self.text)]
        for r in concept.readings:
            if not r.next_word.search(next_word) or (r.blocking is not None and r.blocking.search(rest)):
                continue
            if r.discard:
                self.notes.append(f"{r.name}: '{self.surface(h)}' is not an action here. {r.note}")
                return None
            key, rule, note = r.read_as or h.key, r.name, r.note
            self.notes.append(f"{r.name}: '{self.surface(h)}' is read as '{key}'. {r.note}")
            break
        span = Span(*self.norm.span(h.start, h.end))
        return ActionMatch(key, span, self.surface(h), h.trigger.form, found_by, rule, note)

    def lead(self, pool: list[_Hit], opening: int) -> tuple[_Hit, str] | None:
        at_opening = next((h for h in pool if h.full_start == opening), None)
        if at_opening is not None:
            return at_opening, "opening"
        first_person = next((h for h in pool if h.trigger.form == FIRST_PERSON), None)
        if first_person is not None:
            return first_person, "first-person-verb"
        third = next((h for h in pool if h.trigger.form == THIRD_PERSON and self.boundary(h, opening)), None)
        if third is not None:
            return third, "clause-start"
        other = next((h for h in pool if self.boundary(h, opening) and not self.prefixed(h)), None)
        if other is not None:
            self.notes.append(
                f"no action at the opening; the first clause-initial trigger '{self.surface(other)}' is taken"
            )
            return other, "fallback"
        return None

    def find(self, qualifiers: list[_Hit]) -> list[tuple[ActionMatch, int]]:
        """The main actions in text order, each with its end in the normalised text."""
        pool = _longest(_scan(self.schemes.action.concepts, self.text))
        opening = _opening(self.text, qualifiers)
        found = self.lead(pool, opening)
        if found is None:
            return []
        lead, how = found
        form = lead.trigger.form
        chosen: list[tuple[_Hit, str]] = [(lead, how)]
        for h in pool:
            if h.start <= lead.start or h.trigger.form != form:
                continue
            if form == FIRST_PERSON:
                chosen.append((h, "first-person-verb"))
                continue
            boundary = self.boundary(h, opening)
            if boundary is None:
                continue
            if form == VERBAL_NOUN and (self.prefixed(h) or self.subordinate(chosen[-1][0], h, boundary)):
                continue
            chosen.append((h, "clause-start"))
        result: list[tuple[_Hit, str]] = []
        seen: set[int] = set()
        queue = sorted(chosen, key=lambda x: x[0].start)
        while queue:
            h, how = queue.pop(0)
            if h.start in seen:
                continue
            seen.add(h.start)
            comp = self.complement(h, pool)
            if comp is not None and self.schemes.action.get(h.key).light_verb:
                self.notes.append(f"light verb '{self.surface(h)}' stands for '{self.surface(comp)}'")
                h, how = comp, "complement"
                seen.add(h.start)
            elif comp is not None:
                queue.insert(0, (comp, "complement"))
            result.append((h, how))
            nxt = self.coordinated(h, pool)
            if nxt is not None and nxt.start not in seen:
                queue.insert(0, (nxt, "coordinated"))
        out: list[tuple[ActionMatch, int]] = []
        for h, how in sorted(result, key=lambda x: x[0].start):
            match = self.read(h, how)
            if match is not None:
                out.append((match, h.end))
        return out


def _qualifiers(
    schemes: ConceptSchemes, norm: Skeleton, original: str, source: str
) -> tuple[list[_Hit], list[QualifierMatch]]:
    hits = _longest(_scan(schemes.qualifier.concepts, norm.text))
    out: list[QualifierMatch] = []
    for h in hits:
        span = Span(*norm.span(h.start, h.end))
        out.append(
            QualifierMatch(h.key, span, original[span.start : span.end], source, schemes.qualifier.get(h.key).softening)
        )
    return hits, out


def _addressees(
    text: str, schemes: ConceptSchemes, actions: list[tuple[ActionMatch, int]], actors: list[_Hit]
) -> set[int]:
    """Start offsets of the actor hits named as the object of a directive action (encourage, urge, request).

    The first actor must follow the verb with nothing but joiner words between
    (كذلك، أيضاً); each further actor must follow the previous one the same way
    (و، فضلاً عن، المعنية …). Anything else (على، أن، إذا كانت …) ends the list.
    """
    joiners = schemes.actor.joiners
    chosen: set[int] = set()
    for action, end in actions:
        if not schemes.action.get(action.key).takes_addressee:
            continue
        prev_end = end
        for h in actors:
            if h.start < end:
                continue
            if not all(w in joiners for w in re.findall(r"\w+", text[prev_end : h.full_start])):
                break
            chosen.add(h.start)
            prev_end = h.end
    return chosen


class NoKind(ValueError):
    """A paragraph whose kind nothing decides: no chapeau, no leading action, no default for its section."""


def _kind(
    schemes: ConceptSchemes, section: str, nchap: str | None, lead: ActionMatch | None, notes: list[str]
) -> tuple[Concept, str]:
    """The kind of the paragraph; ``nchap`` is its chapeau, normalised (None when it has none)."""
    by_section = next((k for k in schemes.kind.concepts if section in k.sections), None)
    by_chapeau = None
    if nchap is not None:
        by_chapeau = next((k for k in schemes.kind.concepts if _contains(k.chapeau_triggers, nchap)), None)
    by_form = next((k for k in schemes.kind.concepts if lead is not None and k.form == lead.form), None)
    if by_chapeau is not None:
        kind, source = by_chapeau, "chapeau"
        if lead is not None and lead.form != kind.form:
            notes.append(
                f"the leading verb '{lead.surface}' has the {lead.form} form where the chapeau "
                f"introduces {kind.key}s ({kind.form}); the chapeau governs"
            )
    elif by_form is not None:
        kind, source = by_form, "text"
    elif by_section is not None:
        kind, source = by_section, "section"
    else:
        raise NoKind(f"no kind for section {section!r}: no chapeau, no action and no default")
    if by_section is not None and kind.key != by_section.key:
        notes.append(
            f"kind '{kind.key}' (from the {source}) differs from the default of section {section} ('{by_section.key}')"
        )
    return kind, source


def _period(kind: Concept, normalised: Iterable[str]) -> tuple[int, int] | None:
    """The first period of the kind's patterns in the chapeau then the headings (outermost first), normalised."""
    for n in normalised:
        for p in kind.period_patterns:
            m = p.search(n)
            if m:
                return int(m.group(1)), int(m.group(2))
    return None


def _strength(schemes: ConceptSchemes, actions: list[ActionMatch], qualifiers: list[QualifierMatch]) -> Strength | None:
    if not actions:
        return None
    ranked = [schemes.strength.get(s) for s in (schemes.action.get(a.key).strength for a in actions) if s is not None]
    base = max(ranked, key=lambda c: c.rank or 0)
    base_rank = base.rank or 0
    softened = tuple(dict.fromkeys(q.key for q in qualifiers if q.softening and q.source == "text"))
    rank = base_rank if base_rank == 0 else max(1, base_rank - min(2, len(softened)))
    final = schemes.strength_by_rank(rank)
    return Strength(final.key, rank, base.key, base_rank, softened)


class _Surroundings:
    """The chapeaux and headings of one document, each normalised and scanned once.

    Every paragraph of a section reads the same chapeau and most share their
    headings; what the classifier finds in them is kept here for the one call
    of :func:`classify_document` (or :func:`classify_paragraph`) that reads them.
    """

    def __init__(self, schemes: ConceptSchemes) -> None:
        self.schemes = schemes
        self._skeletons: dict[str, Skeleton] = {}
        self._qualifiers: dict[str, list[QualifierMatch]] = {}
        self._themes: dict[str, list[ThemeMatch]] = {}

    def skeleton(self, text: str) -> Skeleton:
        if text not in self._skeletons:
            self._skeletons[text] = Skeleton.of(text, TRIGGER_FOLDING)
        return self._skeletons[text]

    def chapeau_qualifiers(self, chapeau: str) -> list[QualifierMatch]:
        if chapeau not in self._qualifiers:
            self._qualifiers[chapeau] = _qualifiers(self.schemes, self.skeleton(chapeau), chapeau, "chapeau")[1]
        return self._qualifiers[chapeau]

    def heading_themes(self, heading: str) -> list[ThemeMatch]:
        if heading not in self._themes:
            hn = self.skeleton(heading)
            themes = []
            for h in _first_per_key(_scan(self.schemes.theme.concepts, hn.text)):
                start, end = hn.span(h.start, h.end)
                themes.append(ThemeMatch(h.key, "heading", None, heading, heading[start:end]))
            self._themes[heading] = themes
        return self._themes[heading]


def classify_paragraph(
    text: str,
    section: str,
    heading_path: tuple[str, ...],
    schemes: ConceptSchemes,
    chapeau: str | None = None,
) -> Classification:
    """Classify one numbered paragraph of the outcome document.

    ``section`` is the Roman numeral (I–V) of its section, ``heading_path`` the
    headings above it (outermost first) and ``chapeau`` the introductory text
    of its section, if any. Spans refer to ``text`` (qualifiers with source
    ``chapeau`` to ``chapeau``).
    """
    return _classify(text, section, heading_path, chapeau, _Surroundings(schemes))


def _classify(
    text: str, section: str, heading_path: tuple[str, ...], chapeau: str | None, around: _Surroundings
) -> Classification:
    """:func:`classify_paragraph`, reading the chapeau and the headings through ``around``."""
    schemes = around.schemes
    # the text is normalised once here and passed on (qualifiers, actions, actors, themes all read it)
    norm = Skeleton.of(text, TRIGGER_FOLDING)
    cnorm = around.skeleton(chapeau) if chapeau else None
    notes: list[str] = []
    q_hits, qualifiers = _qualifiers(schemes, norm, text, "text")
    if chapeau:
        qualifiers += around.chapeau_qualifiers(chapeau)

    found = _ActionFinder(text, norm, schemes, notes).find(q_hits)
    actions = [a for a, _ in found]
    lead = actions[0] if actions else None
    kind, kind_source = _kind(schemes, section, cnorm.text if cnorm is not None else None, lead, notes)

    actor_hits = _longest(_scan(schemes.actor.concepts, norm.text))
    addressed = _addressees(norm.text, schemes, found, actor_hits)
    actors = []
    for h in actor_hits:
        span = Span(*norm.span(h.start, h.end))
        actors.append(ActorMatch(h.key, span, text[span.start : span.end], h.start in addressed))
    addressees = tuple(dict.fromkeys(a.key for a in actors if a.addressee))
    addressee_source = "text"
    if not addressees and kind.implicit_addressee:
        addressees, addressee_source = (kind.implicit_addressee,), "implicit"

    themes: list[ThemeMatch] = []
    for h in _first_per_key(_scan(schemes.theme.concepts, norm.text)):
        span = Span(*norm.span(h.start, h.end))
        themes.append(ThemeMatch(h.key, "text", span, None, text[span.start : span.end]))
    for heading in heading_path:
        themes += around.heading_themes(heading)

    if kind.period_patterns:
        texts = [cnorm.text] if cnorm is not None else []
        period = _period(kind, texts + [around.skeleton(heading).text for heading in heading_path])
    else:
        period = None
    if not actions:
        notes.append("no action found")
    return Classification(
        kind=kind.key,
        kind_source=kind_source,
        actions=tuple(actions),
        strength=_strength(schemes, actions, qualifiers),
        qualifiers=tuple(qualifiers),
        actors=tuple(actors),
        addressees=addressees,
        addressee_source=addressee_source,
        themes=tuple(themes),
        period=period,
        notes=tuple(notes),
    )


def classify_document(document: Document, schemes: ConceptSchemes) -> list[tuple[Unit, Classification]]:
    """Classify every numbered paragraph of the outcome document, with its section's chapeau.

    A paragraph whose kind nothing decides (:class:`NoKind`) is left unclassified.
    """
    chapeaux: dict[str | None, str] = {}
    for u in document.units:
        if u.part is Part.ANNEX and u.kind is UnitKind.CHAPEAU and u.section not in chapeaux:
            chapeaux[u.section] = u.text
    around = _Surroundings(schemes)
    out = []
    for u in document.units:
        if u.part is Part.ANNEX and u.kind is UnitKind.PARAGRAPH and u.section:
            try:
                c = _classify(u.text, u.section, u.heading_path, chapeaux.get(u.section), around)
            except NoKind:
                continue  # a section no scheme knows (a lettered one, a sixth), and nothing in the text: unclassified
            out.append((u, c))
    return out

