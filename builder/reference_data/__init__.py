"""The reference data of a build: every file under ``builder/data``, each read by one typed loader.

This package owns reading the tables and concept schemes that the stages look
names up in, and the indexes and patterns derived from them, which are built
once, when a file is loaded (never in a module-level cache, never again while
a report is processed). :func:`load_references` loads all of them into one
frozen :class:`References` that the pipeline passes down to every stage that
needs data.

One module per data file or family of files:

* :mod:`~builder.reference_data.tables` -- the one CSV reader (every row must have a ``source``);
* :mod:`~builder.reference_data.states` -- ``states.csv``;
* :mod:`~builder.reference_data.organizations` -- ``organizations.csv``;
* :mod:`~builder.reference_data.bodies` -- ``bodies.csv``, joined to the organizations
  (one identity per body), with the patterns of their names in running text;
* :mod:`~builder.reference_data.people` -- ``people.csv``;
* :mod:`~builder.reference_data.posts` -- ``posts.csv`` and ``conference_bodies.csv``;
* :mod:`~builder.reference_data.instruments` -- ``instruments.csv``;
* :mod:`~builder.reference_data.meetings` -- ``meetings.csv`` and ``meeting_kinds.csv``;
* :mod:`~builder.reference_data.labels` -- ``capacities.csv`` and ``resolution_rules.csv``;
* :mod:`~builder.reference_data.votes` -- ``vote_positions.csv``;
* :mod:`~builder.reference_data.layout` -- ``layout/*.csv``: the page furniture the segmenter removes
  from the units (``furniture.csv``), the line patterns that open annexes, chapters, sections,
  paragraphs and sub-items (``markers.csv``) and the numbering words (``numerals.csv``);
* :mod:`~builder.reference_data.concepts` -- ``concepts/*.ttl``, whose triggers
  :mod:`~builder.reference_data.triggers` reads and matches.

It imports nothing from the pipeline stages (segment, extract, resolve, emit,
validate, publish): only :mod:`builder.model`, :mod:`builder.iri` and
:mod:`builder.arabic`, with which names and patterns are normalised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.errors import ReferenceDataError
from builder.reference_data.bodies import BodyList, load_bodies
from builder.reference_data.concepts import ConceptSchemes, load_concept_schemes
from builder.reference_data.instruments import Instrument, load_instruments
from builder.reference_data.labels import Capacity, ResolutionRule, load_capacities, load_resolution_rules
from builder.reference_data.layout import Layout, load_layout
from builder.reference_data.meetings import MeetingCalendar, load_calendar, load_meeting_labels
from builder.reference_data.organizations import OrganizationGazetteer, load_organizations
from builder.reference_data.people import PeopleGazetteer, load_people
from builder.reference_data.posts import ConferenceBodies, Post, load_conference_bodies, load_posts
from builder.reference_data.states import StateGazetteer, load_states
from builder.reference_data.votes import VotePosition, load_vote_positions


@dataclass(frozen=True)
class References:
    """Every data file of ``builder/data``, loaded once per build and passed to the stages that need it."""

    states: StateGazetteer
    organizations: OrganizationGazetteer
    bodies: BodyList
    people: PeopleGazetteer
    posts: Mapping[str, Post]
    conference_bodies: ConferenceBodies
    instruments: Mapping[str, Instrument]
    calendar: MeetingCalendar
    meeting_labels: Mapping[str, str]
    capacities: tuple[Capacity, ...]
    resolution_rules: tuple[ResolutionRule, ...]
    vote_positions: Mapping[str, VotePosition]
    concepts: ConceptSchemes
    layout: Layout


def load_references() -> References:
    """Load every file of ``builder/data``, checking the keys one file gives another."""
    organizations = load_organizations()
    posts = load_posts()
    unknown = sorted(p.key for p in posts.values() if p.organization and p.organization not in organizations.by_key)
    if unknown:
        raise ReferenceDataError(f"posts: in no organization of the gazetteer: {', '.join(unknown)}")
    return References(
        states=load_states(),
        organizations=organizations,
        bodies=load_bodies(organizations),
        people=load_people(posts),
        posts=posts,
        conference_bodies=load_conference_bodies(),
        instruments=load_instruments(),
        calendar=load_calendar(),
        meeting_labels=load_meeting_labels(),
        capacities=load_capacities(),
        resolution_rules=load_resolution_rules(),
        vote_positions=load_vote_positions(),
        concepts=load_concept_schemes(),
        layout=load_layout(),
    )
