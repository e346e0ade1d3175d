"""Emit the recorded votes of a report: each vote, its declared totals and one ballot per State.

A vote is ``{base}id/vote/{report-symbol-slug}/{key}`` (key ``I-16``, ``outcome``);
its ballots are ``{vote}/{ISO3}``. A State resolved twice in one vote (the
text names it twice) gets a second ballot ``{vote}/{ISO3}-2`` so that the
``no State votes twice`` shape can say so; a name left unresolved gets no
ballot and goes to the build report's ``unresolved`` list, and the tally
shape then reports the missing ballot.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from builder.emit.provenance import Provenance
from builder.emit.structure import UnitIris
from builder.extract.votes import POSITIONS, WHAT, BallotFact, VoteFact, extract_votes
from builder.iri import POA, Iris
from builder.model import BuildReport, Document
from builder.reference_data.states import StateGazetteer

DECLARED = {"yes": POA.declaredYes, "no": POA.declaredNo, "abstain": POA.declaredAbstain}

# The terms of the per-ballot triples, looked up once: an attribute of the POA namespace mints a new URIRef on every
# access (kept alive by the triple it went into), one of a closed rdflib namespace is a lookup of its own.
_TYPE = RDF.type
_LABEL = RDFS.label
_DERIVED_FROM = PROV.wasDerivedFrom
_INTEGER = XSD.integer
_HAS_BALLOT = POA.hasBallot
_BALLOT = POA.Ballot
_VOTER = POA.voter
_POSITION = POA.position
_ORDER = POA.order


def emit_votes(doc: Document, iris: Iris, g: Graph, report: BuildReport, states: StateGazetteer) -> list[VoteFact]:
    """Extract the recorded votes of ``doc`` and add them to ``g``; problems go to ``report``."""
    votes = extract_votes(doc, states)
    sym = doc.metadata.symbol
    prov = Provenance(g, iris)
    units = UnitIris(iris)
    for v in votes:
        _vote(doc, iris, g, v, states, prov, units)
        report.warnings.extend(v.warnings)
        for b in v.ballots:
            res = b.resolution
            if res.iso3 is None:
                report.unresolved.append(_issue(sym, b, f"vote {v.ref}: {res.note}"))
            elif res.flagged:
                report.flagged.append(_issue(sym, b, f"vote {v.ref}: {res.note}"))
    report.counts[f"{sym}: recorded votes"] = len(votes)
    report.counts[f"{sym}: ballots"] = sum(1 for v in votes for b in v.ballots if b.resolution.iso3)
    return votes


def _issue(symbol: str, b: BallotFact, reason: str) -> dict[str, str]:
    res = b.resolution
    cands = []
    if res.iso3:
        cands.append(f"{res.iso3} {res.score:g}")
    if res.runner_up:
        cands.append(f"{res.runner_up} {res.runner_up_score:g}" if res.runner_up_score is not None else res.runner_up)
    return {"where": f"{symbol} {b.unit_eid} @{b.span.start}-{b.span.end}", "surface": b.surface,
            "reason": reason, "candidates": "; ".join(cands)}


def _vote(doc: Document, iris: Iris, g: Graph, v: VoteFact, states: StateGazetteer, prov: Provenance,
          units: UnitIris) -> None:
    vote = iris.vote(v.key)
    sym = doc.metadata.symbol
    g.add((vote, RDF.type, POA.RecordedVote))
    if v.target_section is not None:
        what = f"paragraph {v.ref} of the draft outcome document"
    elif v.key.startswith("outcome"):
        what = "the draft outcome document as a whole"
    else:
        what = "a proposal the report names in its paragraph " + str(v.paragraph_number)
    g.add((vote, RDFS.label, Literal(f"Recorded vote on {what} ({sym}, paragraph {v.paragraph_number})", lang="en")))
    g.add((vote, POA.ref, Literal(v.ref)))
    g.add((vote, POA.order, Literal(v.order, datatype=XSD.integer)))
    g.add((vote, PROV.wasDerivedFrom, iris.unit(v.paragraph_eid, in_annex=False)))
    if v.target_found:
        target = iris.unit(v.target_eid, in_annex=True) if v.target_eid else iris.annex
        g.add((vote, POA.votesOn, target))
    if v.meeting is not None:
        meeting = iris.meeting(f"plenary-{v.meeting}")
        g.add((vote, POA.duringMeeting, meeting))
        g.add((meeting, RDF.type, POA.PlenaryMeeting))
        g.add((meeting, POA.number, Literal(v.meeting, datatype=XSD.integer)))
    if v.date is not None:
        g.add((vote, DCTERMS.date, Literal(v.date, datatype=XSD.date)))
    for p in POSITIONS:
        n = v.declared[p]
        if n is None:
            g.add((vote, SKOS.note, Literal(f"The report does not declare the number of {WHAT[p]}.", lang="en")))
        else:
            g.add((vote, DECLARED[p.value], Literal(n, datatype=XSD.integer)))

    seen: Counter[str] = Counter()
    for b in v.ballots:
        res = b.resolution
        if res.iso3 is None:
            continue
        seen[res.iso3] += 1
        suffix = res.iso3 if seen[res.iso3] == 1 else f"{res.iso3}-{seen[res.iso3]}"
        ballot = URIRef(f"{vote}/{suffix}")
        name = states[res.iso3].name_en if res.iso3 in states else res.iso3
        g.add((vote, _HAS_BALLOT, ballot))
        g.add((ballot, _TYPE, _BALLOT))
        g.add((ballot, _LABEL, Literal(f"{name}: {b.position.value} (vote {v.ref})", lang="en")))
        g.add((ballot, _VOTER, iris.state(res.iso3)))
        g.add((ballot, _POSITION, POA[b.position.value]))
        g.add((ballot, _ORDER, Literal(b.order, datatype=_INTEGER)))
        g.add((ballot, _DERIVED_FROM, units.of(b.unit_eid, in_annex=False)))
        prov.evidence(ballot, surface=b.surface, span=b.span, rule=res.method, score=res.score / 100,
                      lang=doc.metadata.language, note=res.note, flagged=res.flagged)
