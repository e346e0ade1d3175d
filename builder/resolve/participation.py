"""Which State, organization, person or post each name of the participation facts is.

The extractor (:func:`builder.extract.participation.extract_participation`)
records the names with the role the text gives them; this module decides what
each names, in document order, and builds the bodies, memberships, statements,
people and posts of the report:

* **States** of one list (the holders of one post of the bureau, the members
  appointed to a committee, a list of speakers, those one State spoke for)
  are resolved together with :func:`~builder.resolve.states.resolve_state_list`;
  ``NAME (STATE)`` under a post of the bureau is a person when the whole item is
  no State's exact name and the parenthesis is one.
* **Organizations** by :func:`~builder.resolve.organizations.match_organization`.
  An entry ``X (Y)`` of a list of organizations is one organization if the
  whole entry is one; otherwise X speaking for those the parenthesis names
  (``باسم ...``) or, when it names no one, Y speaking in the slot of X. Those
  a statement was made for are each an organization, else the member States of
  one (``الدول الأعضاء في X``), else States.
* **Capacities**: a State speaks as a State or, if the gazetteer says it is an
  observer State, as an observer; an organization of a list as the list's
  heading says (non-governmental, intergovernmental) or else as its kind in
  the gazetteer; ``المراقب عن X`` as an observer; a post as an official.
* **Posts** by their phrases in ``posts.csv`` (rule ``post-phrase``), **bodies**
  by the forms of ``conference_bodies.csv``, **people** by :mod:`builder.resolve.people`.

A name that resolves to nothing, or only doubtfully, is returned in
:class:`~builder.model.Issues` with where it is and the candidates, in the
order met; the people's issues come last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from builder.arabic.names import normalize_arabic
from builder.extract.names import Name
from builder.extract.participation.facts import (
    AgentRef,
    Appointment,
    BodyFact,
    BureauList,
    HoldingFact,
    MembershipFact,
    ObserverSpeech,
    OfficialSpeech,
    OnBehalf,
    OrganizationSpeakers,
    ParticipantFact,
    ParticipantList,
    Participation,
    ParticipationFact,
    PersonFact,
    PostGiven,
    RecordedParticipation,
    SeatHolder,
    StatementFact,
    StateSpeakers,
)
from builder.model import Issues, NameIssue
from builder.reference_data import References
from builder.reference_data.organizations import Organization
from builder.reference_data.posts import ConferenceBodies, ConferenceBody, Post
from builder.resolve.organizations import match_organization
from builder.resolve.people import NamedPerson, resolve_people
from builder.resolve.states import EXACT_METHODS, StateResolution, resolve_state, resolve_state_list


def post_of_phrase(phrase: str, posts: Mapping[str, Post]) -> Post | None:
    """The post ``phrase`` names (``رئيسا للمؤتمر``): one of the phrases of ``posts.csv``, normalized."""
    key = normalize_arabic(phrase)
    for d in posts.values():
        if any(normalize_arabic(p) == key for p in d.phrases):
            return d
    return None


def body_of(name: str, bodies: ConferenceBodies) -> ConferenceBody | None:
    """The body of the conference ``name`` begins with (one of its forms in ``conference_bodies.csv``)."""
    key = normalize_arabic(name)
    for d in bodies:
        if any(key.startswith(normalize_arabic(f)) for f in d.forms):
            return d
    return None


def capacity_of_organization(heading: str, org: Organization | None) -> str:
    """``ngo`` or ``igo``: as the heading of the list says, else as the gazetteer says of the organization."""
    heading = normalize_arabic(heading)
    if "غير الحكوميه" in heading:
        return "ngo"
    if "الحكوميه الدوليه" in heading:
        return "igo"
    return "ngo" if org is not None and org.kind == "ngo" else "igo"


class _Names:
    """Resolving the names of one report, with the problems met, in the order met."""

    def __init__(self, report: str, references: References) -> None:
        self.report = report
        self.states = references.states
        self.orgs = references.organizations
        self.posts = references.posts
        self.unresolved: list[NameIssue] = []
        self.flagged: list[NameIssue] = []

    def issue(self, name: Name, reason: str, candidates: str) -> NameIssue:
        return NameIssue(f"{self.report} {name.unit_eid} @{name.span.start}-{name.span.end}", name.text, reason,
                         candidates)

    def state(self, name: Name, res: StateResolution) -> AgentRef | None:
        if res.iso3 is None:
            return None
        return AgentRef("state", res.iso3, name.unit_eid, name.span, name.surface, res.method, res.score, res.note,
                        res.flagged)

    def states_of(self, names: Sequence[Name], named_for: bool = False) -> list[AgentRef | None]:
        """The States of the names of one list, resolved together (``None`` for a name that is none).

        ``named_for``: the names are those a statement was made for, where a name that is no organization of
        the gazetteer may be a group it does not know yet (``منتدى جزر المحيط الهادئ``); an approximate match
        with a word like no word of the State's name is then no State, and is reported unresolved.
        """
        out: list[AgentRef | None] = []
        for name, res in zip(names, resolve_state_list([n.text for n in names], self.states), strict=True):
            if named_for and res.unmatched_words:
                self.unresolved.append(self.issue(
                    name, f"no organization or group of the gazetteer, and no State: {res.note}", res.candidates()))
                out.append(None)
                continue
            if res.iso3 is None:
                self.unresolved.append(self.issue(name, res.note, res.candidates()))
            elif res.flagged:
                self.flagged.append(self.issue(name, res.note, res.candidates()))
            out.append(self.state(name, res))
        return out

    def org(self, name: Name, quiet: bool = False) -> AgentRef | None:
        """The organization ``name`` is; ``quiet`` when another reading may follow (a miss is then no issue)."""
        match = match_organization(self.orgs, name.text)
        if match.organization is None:
            if not quiet:
                self.unresolved.append(self.issue(name, match.note, match.candidates))
            return None
        if match.flagged:
            self.flagged.append(self.issue(name, match.note, match.candidates))
        return AgentRef("org", match.organization.key, name.unit_eid, name.span, name.surface, match.rule,
                        match.score, match.note, match.flagged)

    def post(self, name: Name) -> AgentRef | None:
        post = post_of_phrase(name.text, self.posts)
        if post is None:
            return None
        return AgentRef("post", post.key, name.unit_eid, name.span, name.surface, "post-phrase", 100.0)

    def on_behalf(self, behalf: OnBehalf | None) -> tuple[list[AgentRef], bool]:
        """Whom a statement was made for, and whether in the speaker's own name as well (``وباسمها``)."""
        if behalf is None:
            return [], False
        out: list[AgentRef] = []
        pending: list[Name] = []
        for piece in behalf.pieces:
            ref = self.org(piece.name, quiet=True)
            if ref is not None:
                out.append(ref)
                continue
            org = self.org(piece.member_states_of, quiet=True) if piece.member_states_of is not None else None
            if org is not None:
                n = piece.name
                out.append(AgentRef("member-states", org.key, n.unit_eid, n.span, n.surface, org.rule, org.score,
                                    org.note, org.flagged))
                continue
            pending.extend(piece.states)
        out.extend(r for r in self.states_of(pending, named_for=True) if r is not None)
        return out, behalf.own


class _Participation:
    """The bodies, seats, statements and people of one report, built fact by fact in document order."""

    def __init__(self, recorded: RecordedParticipation, references: References) -> None:
        self.names = _Names(recorded.report, references)
        self.report = recorded.report
        self.conference_bodies = references.conference_bodies
        self.warnings: list[str] = []
        self.bodies: dict[str, BodyFact] = {}
        self.memberships: list[MembershipFact] = []
        self.statements: list[StatementFact] = []
        self.named: list[NamedPerson] = []
        self.seats: list[tuple[str, AgentRef | int]] = []  # a post of the bureau and its holder (int: of named)
        self.participants: list[ParticipantFact] = []

    def read(self, fact: ParticipationFact) -> None:
        if isinstance(fact, BureauList):
            self.bureau(fact)
        elif isinstance(fact, PostGiven):
            self.post_given(fact)
        elif isinstance(fact, Appointment):
            self.appointment(fact)
        elif isinstance(fact, OfficialSpeech):
            self.official(fact)
        elif isinstance(fact, StateSpeakers):
            self.state_speakers(fact)
        elif isinstance(fact, OrganizationSpeakers):
            self.organization_speakers(fact)
        elif isinstance(fact, ParticipantList):
            self.participant_list(fact)
        else:
            self.observer(fact)

    def body(self, body: ConferenceBody, paragraph_eid: str) -> None:
        self.bodies.setdefault(body.key, BodyFact(body.key, body.name_en, body.name_ar, body.kind, paragraph_eid))

    def bureau(self, fact: BureauList) -> None:
        """The holders of each post: people with their State, and the States under one header resolved as one list."""
        self.body(self.conference_bodies.bureau, fact.paragraph_eid)
        for seat in fact.posts:
            names: list[Name] = []
            for holder in seat.holders:
                person = self.person_with_state(holder, seat.post)
                if person is not None:
                    self.seats.append((seat.post, len(self.named)))
                    self.named.append(person)
                    continue
                names.extend(holder.states)
            if names:
                self.seats.extend((seat.post, ref) for ref in self.names.states_of(names) if ref is not None)

    def person_with_state(self, holder: SeatHolder, post: str) -> NamedPerson | None:
        """``NAME (STATE)`` where STATE is a State and the whole is not: a person and the State they represent."""
        if holder.person is None or holder.person_state is None:
            return None
        if resolve_state(holder.item, self.names.states).method in EXACT_METHODS:
            return None
        inner = resolve_state(holder.person_state.text, self.names.states)
        if inner.method not in EXACT_METHODS:
            return None
        return NamedPerson(holder.person, self.names.state(holder.person_state, inner), post, None)

    def post_given(self, fact: PostGiven) -> None:
        post = post_of_phrase(fact.post.text, self.names.posts)
        if post is None:
            return
        state = None
        if fact.state is not None:
            state = self.names.state(fact.state, resolve_state(fact.state.text, self.names.states))
        org = self.names.org(fact.organization, quiet=True) if fact.organization is not None else None
        self.named.append(NamedPerson(fact.person, state, post.key, org.key if org else None))

    def appointment(self, fact: Appointment) -> None:
        body = body_of(fact.body, self.conference_bodies)
        if body is None:
            self.warnings.append(f"{self.report} {fact.paragraph_eid}: members appointed to a body not known:"
                                 f" {fact.body}")
            return
        self.body(body, fact.paragraph_eid)
        n = sum(1 for x in self.memberships if x.body == body.key)
        for ref in self.names.states_of(fact.members):
            if ref is not None:
                n += 1
                self.memberships.append(MembershipFact(body.key, ref, None, n))

    def statement(self, fact: OfficialSpeech | StateSpeakers | OrganizationSpeakers | ObserverSpeech,
                  speaker: AgentRef, capacity: str, behalf: Sequence[AgentRef], what: str = "statement") -> None:
        self.statements.append(StatementFact(fact.paragraph_eid, len(self.statements) + 1, speaker, capacity,
                                             tuple(behalf), fact.meetings, fact.dates, what))

    def official(self, fact: OfficialSpeech) -> None:
        behalf = self.names.org(fact.on_behalf_of) if fact.on_behalf_of is not None else None
        post = self.names.post(fact.post)
        if post is not None:
            self.statement(fact, post, "official", [behalf] if behalf is not None else [], fact.what)

    def state_speakers(self, fact: StateSpeakers) -> None:
        refs = self.names.states_of([s.name for s in fact.speakers])
        for speaker, ref in zip(fact.speakers, refs, strict=True):
            if ref is None:
                continue
            behalf, own = self.names.on_behalf(speaker.on_behalf)
            if own:
                behalf.append(ref)
            state = self.names.states.get(ref.key)
            self.statement(fact, ref, "observer" if state is not None and state.status == "observer" else "state",
                           behalf)

    def organization_speakers(self, fact: OrganizationSpeakers) -> None:
        orgs = self.names.orgs
        for entry in fact.speakers:
            whole = self.names.org(entry.entry, quiet=True)
            if whole is not None:
                self.statement(fact, whole, capacity_of_organization(fact.heading, orgs.get(whole.key)), [])
                continue
            if entry.outer is None:
                self.names.org(entry.entry)  # no other reading: the entry is unresolved
                continue
            main = self.names.org(entry.outer)
            inner = self.names.on_behalf(entry.on_behalf)[0] if entry.on_behalf is not None else []
            if main is None:
                continue
            capacity = capacity_of_organization(fact.heading, orgs.get(main.key))
            if inner:
                self.statement(fact, main, capacity, inner)
                continue
            speaker = self.names.org(entry.inner) if entry.inner is not None else None
            if speaker is not None:  # "X (Y)": Y spoke in the slot of X
                self.statement(fact, speaker, capacity, [main])

    def participant_list(self, fact: ParticipantList) -> None:
        """The States of a list of participants, resolved as one list; observer States and those listed as
        observers take part as observers. Among observers, a name that is no State may be an organization."""
        orgs: dict[int, AgentRef] = {}
        if fact.as_observers:
            for i, name in enumerate(fact.names):
                org = self.names.org(name, quiet=True) if self.names.states.exact(name.text) is None else None
                if org is not None:
                    orgs[i] = org
        pending = [n for i, n in enumerate(fact.names) if i not in orgs]
        states = iter(self.names.states_of(pending, named_for=fact.as_observers))
        for i in range(len(fact.names)):
            ref = orgs[i] if i in orgs else next(states)
            if ref is None:
                continue
            state = self.names.states.get(ref.key) if ref.kind == "state" else None
            observer = fact.as_observers or (state is not None and state.status == "observer")
            self.participants.append(ParticipantFact(fact.paragraph_eid, ref, "observer" if observer else "state"))

    def observer(self, fact: ObserverSpeech) -> None:
        org = self.names.org(fact.observer)
        if org is None:
            return
        behalf, own = self.names.on_behalf(fact.on_behalf)
        self.statement(fact, org, "observer", [*behalf, *([org] if own else [])])

    def issues(self) -> Issues:
        return Issues(tuple(self.warnings), tuple(self.names.unresolved), tuple(self.names.flagged))


def _holdings(seats: Sequence[tuple[str, AgentRef]], posts_of_people: Sequence[tuple[str, AgentRef]],
              statements: Sequence[StatementFact]) -> list[HoldingFact]:
    """Who held each post: the seats of the bureau, then the people given a post, then the posts named alone."""
    holdings: list[HoldingFact] = []
    seen: set[tuple[str, str, str]] = set()
    for post, ref in (*seats, *posts_of_people):
        if (post, ref.kind, ref.key) not in seen:
            seen.add((post, ref.kind, ref.key))
            holdings.append(HoldingFact(post, ref))
    unnamed = dict.fromkeys(s.speaker.key for s in statements if s.speaker.kind == "post")
    held = {h.post for h in holdings}
    holdings.extend(HoldingFact(p, None) for p in unnamed if p not in held)
    return holdings


def _mention_refs(named: Sequence[NamedPerson], people: Sequence[PersonFact], keys: Sequence[str]) -> list[AgentRef]:
    """The mention of each named person, as resolved."""
    mention_of = {(m.unit_eid, m.span): m for p in people for m in p.mentions}
    refs = [mention_of[(r.name.unit_eid, r.name.span)] for r in named]
    assert all(ref.key == key for ref, key in zip(refs, keys, strict=True))
    return refs


def resolve_participation(recorded: RecordedParticipation, references: References) -> tuple[Participation, Issues]:
    """The bodies, memberships, statements, people and posts of one report, and the names met but not settled."""
    p = _Participation(recorded, references)
    for fact in recorded.facts:
        p.read(fact)
    people, keys, people_issues = resolve_people(recorded.report, p.named, references.people)
    person = _mention_refs(p.named, people, keys)
    seats = [(post, person[h] if isinstance(h, int) else h) for post, h in p.seats]
    bureau = references.conference_bodies.bureau.key
    memberships = [*p.memberships, *(MembershipFact(bureau, ref, post, n) for n, (post, ref) in enumerate(seats, 1))]
    posts_of_people = [(r.post, person[i]) for i, r in enumerate(p.named) if r.post is not None]
    participation = Participation(
        conference=recorded.conference,
        bodies=tuple(p.bodies.values()),
        memberships=tuple(memberships),
        statements=tuple(p.statements),
        people=tuple(people),
        holdings=tuple(_holdings(seats, posts_of_people, p.statements)),
        participants=tuple(p.participants),
    )
    return participation, p.issues() + people_issues


def participation_counts(report: str, participation: Participation) -> dict[str, int]:
    """What the build report counts of the participation of the report ``report``."""
    return {
        f"{report}: statements": len(participation.statements),
        f"{report}: memberships": len(participation.memberships),
        f"{report}: people": len(participation.people),
    }
