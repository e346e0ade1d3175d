"""Which State each name of a recorded vote is: the ballots, and the names that need a human look.

The names of all lists of one vote are resolved together with
:func:`~builder.resolve.states.resolve_state_list`, since a State votes at most
once per vote (see :func:`resolve_vote_lists` for how the alphabetical order of
each list is kept in play). A name left unresolved gets a ballot with no State
(the emitter leaves it out, and the tally shape reports the missing ballot);
it and every flagged name go to the returned :class:`~builder.model.Issues`,
after the warnings of its vote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import fields, replace

from builder.extract.votes.facts import POSITIONS, BallotFact, ListedName, RecordedVote, VoteFact
from builder.model import Issues, NameIssue
from builder.reference_data.states import StateGazetteer
from builder.resolve.states import EXACT_METHODS, StateResolution, resolve_state_list


def _untwinned(chosen: list[StateResolution]) -> list[StateResolution]:
    """An exact name flagged as named twice whose twin was read as another State (a slip) is no longer flagged."""
    held = Counter(r.iso3 for r in chosen if r.iso3 is not None)
    return [replace(r, flagged=False, note="") if r.method in EXACT_METHODS and r.flagged and r.iso3 is not None
            and held[r.iso3] == 1 and r.note.startswith(f"{r.iso3} is also named as item") else r for r in chosen]


def resolve_vote_lists(lists: Sequence[Sequence[str]], gazetteer: StateGazetteer) -> list[list[StateResolution]]:
    """Resolve the yes/no/abstain lists of one vote together; one result per name, list by list.

    All names go to :func:`resolve_state_list` as one list, so a State is used at
    most once in the vote. That function trusts a list's alphabetical order only
    when the whole list it is given is sorted, and three lists one after the
    other are not, though each is. So each list is resolved on its own as well,
    and where that gives an approximately matched name another State, one that
    no other name of the vote ends up with, the list's own choice is kept (its
    note says so). Exact matches are changed only where the list's own order reads
    one as a slip into another State's name (rule 6 of :mod:`builder.resolve.states`).
    """
    flat = [s for names in lists for s in names]
    combined = resolve_state_list(flat, gazetteer)
    non_empty = [names for names in lists if names]
    chosen = list(combined)
    if len(non_empty) > 1:
        own = [r for names in lists for r in (resolve_state_list(names, gazetteer) if names else [])]
        held = Counter(r.iso3 for r in combined if r.iso3 is not None)
        for i, (whole, alone) in enumerate(zip(combined, own, strict=True)):
            if (whole.method in EXACT_METHODS and alone.method in EXACT_METHODS) or alone.iso3 is None \
                    or alone.iso3 == whole.iso3:
                continue
            if held[alone.iso3] > 0:
                continue
            if whole.iso3 is not None:
                held[whole.iso3] -= 1
            held[alone.iso3] += 1
            instead = f"{whole.iso3} at {whole.score:g}" if whole.iso3 else "unresolved"
            chosen[i] = replace(
                alone,
                flagged=True,
                note=f"{alone.note}; chosen within its own list, whose alphabetical order the whole vote"
                f" cannot use (whole vote: {instead})",
            )
    chosen = _untwinned(chosen)
    out: list[list[StateResolution]] = []
    k = 0
    for names in lists:
        out.append(chosen[k : k + len(names)])
        k += len(names)
    return out


def _ballot(listed: ListedName, res: StateResolution) -> BallotFact:
    name = listed.name
    return BallotFact(listed.position, name.unit_eid, name.span, name.surface, listed.order, res.iso3, res.method,
                      res.score, res.note, res.flagged)


def _issue(report: str, vote: RecordedVote, ballot: BallotFact, res: StateResolution) -> NameIssue:
    return NameIssue(f"{report} {ballot.unit_eid} @{ballot.span.start}-{ballot.span.end}", ballot.surface,
                     f"vote {vote.ref}: {res.note}", res.candidates())


def resolve_vote(report: str, vote: RecordedVote, states: StateGazetteer) -> tuple[VoteFact, Issues]:
    """The ballots of one vote of the report ``report`` (its symbol), and the vote's warnings and doubtful names."""
    lists = [[n for n in vote.names if n.position is p] for p in POSITIONS]
    resolved = resolve_vote_lists([[n.name.text for n in names] for names in lists], states)
    ballots: list[BallotFact] = []
    unresolved: list[NameIssue] = []
    flagged: list[NameIssue] = []
    for names, results in zip(lists, resolved, strict=True):
        for listed, res in zip(names, results, strict=True):
            ballot = _ballot(listed, res)
            ballots.append(ballot)
            if res.iso3 is None:
                unresolved.append(_issue(report, vote, ballot, res))
            elif res.flagged:
                flagged.append(_issue(report, vote, ballot, res))
    recorded = {f.name: getattr(vote, f.name) for f in fields(RecordedVote)}
    return VoteFact(**recorded, ballots=tuple(ballots)), Issues(vote.warnings, tuple(unresolved), tuple(flagged))


def resolve_votes(report: str, votes: Sequence[RecordedVote], states: StateGazetteer) -> tuple[list[VoteFact], Issues]:
    """The ballots of every recorded vote of the report ``report`` (its symbol), and the issues, vote by vote."""
    out: list[VoteFact] = []
    issues = Issues()
    for vote in votes:
        resolved, found = resolve_vote(report, vote, states)
        out.append(resolved)
        issues += found
    return out, issues


def vote_counts(report: str, votes: Sequence[VoteFact]) -> dict[str, int]:
    """What the build report counts of the votes of the report ``report``: the votes and the ballots cast."""
    return {
        f"{report}: recorded votes": len(votes),
        f"{report}: ballots": sum(1 for v in votes for b in v.ballots if b.state),
    }
