"""Who took part and in what role: the facts as read from the report, and as resolved.

:func:`builder.extract.participation.extract_participation` gives a
:class:`RecordedParticipation`: every name it found (a :class:`~builder.extract.names.Name`)
in the role the text gives it -- a seat of the bureau, a member appointed to a
committee, a person given a post, a speaker and those spoken for -- in document
order. Where the text allows two readings (``NAME (STATE)`` is a person or a
State; ``X (Y)`` in a list of organizations is one organization, or Y speaking
in the slot of X), both are recorded and the resolver chooses.

:func:`builder.resolve.participation.resolve_participation` decides which State,
organization, person or post each name is (an :class:`AgentRef`, with the rule
and score of the decision) and gives a :class:`Participation`: the bodies, their
memberships, the statements, the people and the posts they held.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.extract.names import Name
from builder.model import Span

# ------------------------------------------------------------------------------ as the report names them


@dataclass(frozen=True)
class BehalfPiece:
    """One of those a statement was made for, as the text names it.

    The resolver reads it as an organization, else as the member States of one
    (``الدول الأعضاء في X``: ``member_states_of`` is X), else as State names.
    """

    name: Name
    member_states_of: Name | None
    states: tuple[Name, ...]


@dataclass(frozen=True)
class OnBehalf:
    """The inside of ``(باسم X، وY)`` after a speaker: whom the statement was made for."""

    pieces: tuple[BehalfPiece, ...]
    own: bool  # ``وباسمها``: in its own name as well


@dataclass(frozen=True)
class SeatHolder:
    """An item under a post header of the bureau: a person with their State in parentheses, or States.

    It is a person when the whole item is no State's name and the parenthesis is one.
    """

    item: str  # the item's text without its final full stop
    person: Name | None  # NAME of ``NAME (STATE)``
    person_state: Name | None  # STATE of ``NAME (STATE)``
    states: tuple[Name, ...]  # the item read as a list of State names


@dataclass(frozen=True)
class BureauPost:
    post: str  # a key of posts.csv, from the header
    holders: tuple[SeatHolder, ...]


@dataclass(frozen=True)
class BureauList:
    """The bureau's list: each post header with the items under it."""

    paragraph_eid: str
    posts: tuple[BureauPost, ...]


@dataclass(frozen=True)
class PostGiven:
    """A person named where a post is given to them (``بترشيح NAME (STATE) لرئاسة المؤتمر``)."""

    person: Name
    post: Name  # the phrase that names the post
    state: Name | None  # the parenthesis after the name
    organization: Name | None  # ``من ORG``


@dataclass(frozen=True)
class Appointment:
    """States appointed members of a body (``عيّن المؤتمر <States> أعضاء في <body>``)."""

    paragraph_eid: str
    body: str  # the body as the text names it
    members: tuple[Name, ...]


@dataclass(frozen=True)
class OfficialSpeech:
    """``افتتح <post> المؤتمر`` (``what`` is ``opening``) or ``أدلى <post> ببيان باسم X`` (``statement``)."""

    paragraph_eid: str
    post: Name  # the phrase that names the post
    on_behalf_of: Name | None  # X, an organization
    what: str
    meetings: tuple[int, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class StateSpeaker:
    name: Name
    on_behalf: OnBehalf | None  # the parenthesis right after the name, if it says for whom


@dataclass(frozen=True)
class StateSpeakers:
    """``بيانات أدلى بها ممثلو الدول التالية: ...``: the States that spoke, as one list."""

    paragraph_eid: str
    speakers: tuple[StateSpeaker, ...]
    meetings: tuple[int, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class OrganizationSpeaker:
    """An entry of a list of organizations: ``X``, ``X (باسم ...)`` or ``X (Y)``.

    The resolver tries the whole ``entry`` as one organization first; failing
    that, ``outer`` (X) is the organization, speaking for ``on_behalf`` or, when
    that names no one, ``inner`` (Y) spoke in the slot of X.
    """

    entry: Name
    outer: Name | None  # X, when the entry ends with a parenthesis
    on_behalf: OnBehalf | None  # the parenthesis, when it begins with باسم/نيابة عن
    inner: Name | None  # the parenthesis, as a name


@dataclass(frozen=True)
class OrganizationSpeakers:
    """``بيانات أدلى بها ممثلو المنظمات التالية: ...``, under a heading that may say of which kind."""

    paragraph_eid: str
    heading: str  # the paragraph's nearest heading
    speakers: tuple[OrganizationSpeaker, ...]
    meetings: tuple[int, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class ObserverSpeech:
    """``أدلى ببيان ... المراقب عن X (باسم ...)``."""

    paragraph_eid: str
    observer: Name  # X, an organization
    on_behalf: OnBehalf | None
    meetings: tuple[int, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class ParticipantList:
    """``شارك في الاجتماع ممثلو الدول التالية: ...`` (``as_observers`` False) or ``حضر ... بصفة مراقب ...`` (True)."""

    paragraph_eid: str
    names: tuple[Name, ...]
    as_observers: bool


ParticipationFact = (BureauList | PostGiven | Appointment | OfficialSpeech | StateSpeakers | OrganizationSpeakers
                     | ObserverSpeech | ParticipantList)


@dataclass(frozen=True)
class RecordedParticipation:
    """What the report says of who took part, before any name is resolved."""

    report: str  # the report's symbol, e.g. A/CONF.192/2018/RC/3
    conference: str  # the conference's symbol, e.g. A/CONF.192/2018/RC
    facts: tuple[ParticipationFact, ...]  # in document order; within a paragraph: bureau, posts, committees, speech


# ------------------------------------------------------------------------------ as resolved


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
class ParticipantFact:
    """A State or organization the report says took part, and in what capacity (``state`` or ``observer``).

    An observer State (the gazetteer's status) takes part as an observer wherever it is listed; a Member
    State listed among the observers, as an observer too.
    """

    paragraph_eid: str
    participant: AgentRef
    capacity: str  # a key of capacities.csv


@dataclass(frozen=True)
class Participation:
    conference: str  # the conference's symbol, e.g. A/CONF.192/2018/RC
    bodies: tuple[BodyFact, ...]
    memberships: tuple[MembershipFact, ...]
    statements: tuple[StatementFact, ...]
    people: tuple[PersonFact, ...]
    holdings: tuple[HoldingFact, ...]
    participants: tuple[ParticipantFact, ...] = ()
