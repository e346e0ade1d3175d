"""Emit the recorded votes of a report: each vote, its declared totals and one ballot per State.

A vote is ``{base}id/vote/{report-symbol-slug}/{key}`` (key ``I-16``, ``outcome``);
its ballots are ``{vote}/{ISO3}``. A State resolved twice in one vote (the
text names it twice) gets a second ballot ``{vote}/{ISO3}-2`` so that the
``no State votes twice`` shape can say so; a name left unresolved gets no
ballot (the resolver reports it), and the tally shape then reports the missing
ballot. The votes come resolved (:func:`builder.resolve.votes.resolve_votes`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.extract.votes.facts import POSITIONS, VoteFact
from builder.iri import Iris
from builder.model import Document
from builder.reference_data import References
from builder.reference_data.states import StateGazetteer
from builder.reference_data.votes import VotePosition
from builder.vocab import DCTERMS, POA, PROV, RDF, RDFS, SKOS, XSD, integer, plain, text, typed

DECLARED = {"yes": POA.declaredYes, "no": POA.declaredNo, "abstain": POA.declaredAbstain}

# The terms of the per-ballot triples, made once: an attribute of a vocabulary mints a new NamedNode on every
# access, kept alive by the triple it went into.
_TYPE = RDF.type
_LABEL = RDFS.label
_DERIVED_FROM = PROV.wasDerivedFrom
_HAS_BALLOT = POA.hasBallot
_BALLOT = POA.Ballot
_VOTER = POA.voter
_POSITION = POA.position
_ORDER = POA.order


def emit_votes(doc: Document, iris: Iris, g: NamedGraph, votes: Sequence[VoteFact], references: References) -> None:
    """Add the resolved recorded votes of ``doc`` to ``g``."""
    prov = Provenance(g, iris)
    units = UnitIris(iris)
    for v in votes:
        _vote(doc, iris, g, v, references.states, references.vote_positions, prov, units)


def _vote(doc: Document, iris: Iris, g: NamedGraph, v: VoteFact, states: StateGazetteer,
          positions: Mapping[str, VotePosition], prov: Provenance, units: UnitIris) -> None:
    vote = iris.vote(v.key)
    sym = doc.metadata.symbol
    g.add((vote, RDF.type, POA.RecordedVote))
    if v.target_number is not None:  # a paragraph of the outcome document, in a section or numbered through
        what = f"paragraph {v.ref} of the draft outcome document"
    elif v.key.startswith("outcome"):
        what = "the draft outcome document as a whole"
    else:
        what = "a proposal the report names in its paragraph " + str(v.paragraph_number)
    g.add((vote, RDFS.label, text(f"Recorded vote on {what} ({sym}, paragraph {v.paragraph_number})", "en")))
    g.add((vote, POA.ref, plain(v.ref)))
    g.add((vote, POA.order, integer(v.order)))
    g.add((vote, PROV.wasDerivedFrom, iris.unit(v.paragraph_eid, in_annex=False)))
    if v.target_found:
        target = iris.unit(v.target_eid, in_annex=True) if v.target_eid else iris.annex
        g.add((vote, POA.votesOn, target))
    if v.meeting is not None:
        meeting = iris.meeting(f"plenary-{v.meeting}")
        g.add((vote, POA.duringMeeting, meeting))
        g.add((meeting, RDF.type, POA.PlenaryMeeting))
        g.add((meeting, POA.number, integer(v.meeting)))
    if v.date is not None:
        g.add((vote, DCTERMS.date, typed(v.date, XSD.date)))
    for p in POSITIONS:
        n = v.declared[p]
        if n is None:
            missing = f"The report does not declare the number of {positions[p].label_en}."
            g.add((vote, SKOS.note, text(missing, "en")))
        else:
            g.add((vote, DECLARED[p.value], integer(n)))

    seen: Counter[str] = Counter()
    for b in v.ballots:
        if b.state is None:
            continue
        seen[b.state] += 1
        suffix = b.state if seen[b.state] == 1 else f"{b.state}-{seen[b.state]}"
        ballot = ox.NamedNode(f"{vote.value}/{suffix}")
        name = states[b.state].name_en if b.state in states else b.state
        g.add((vote, _HAS_BALLOT, ballot))
        g.add((ballot, _TYPE, _BALLOT))
        g.add((ballot, _LABEL, text(f"{name}: {b.position.value} (vote {v.ref})", "en")))
        g.add((ballot, _VOTER, iris.state(b.state)))
        g.add((ballot, _POSITION, POA[b.position.value]))
        g.add((ballot, _ORDER, integer(b.order)))
        g.add((ballot, _DERIVED_FROM, units.of(b.unit_eid, in_annex=False)))
        prov.evidence(ballot, surface=b.surface, span=b.span, rule=b.rule, score=b.score / 100,
                      lang=doc.metadata.language, note=b.note, flagged=b.flagged)
