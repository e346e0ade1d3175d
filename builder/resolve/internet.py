"""The internet, or INTERPOL misread: what a ``الإنترنت`` of the text is.

The extraction of this kind of report sometimes writes ``الإنترنت`` (internet)
for ``الإنتربول`` (INTERPOL). The citation finder
(:mod:`builder.extract.citations.internet`) records what the sentence says of
the word's role; the rule here reads it, the first cue that holds deciding:

* a medium (the word follows عبر/على/خلال/شبكة/… or carries ب): the internet, 0.95;
* an agent (it follows a relative pronoun and one verb, الذي وضعته الإنترنت,
  that is not one a medium does, تتيحها، توفره): INTERPOL, 0.85;
* a recipient (it follows إلى in a sentence with a verb of submitting,
  تقديم … إلى الإنترنت, and not a word of access, الوصول إلى): INTERPOL, 0.8;
* coordinated with an organization (الإنترنت ومنظمة الجمارك العالمية): INTERPOL, 0.8;
* otherwise the literal internet, with less confidence (0.6).

The internet sense is never linked to INTERPOL.
"""

from __future__ import annotations

from builder.extract.citations.facts import InternetCues, Target
from builder.model import Decision

_READ_AS = {"read_as": "الإنتربول"}


def read_internet(cues: InternetCues) -> Target:
    """INTERPOL (a body) or the internet (a concept), with the rule that decided."""
    if cues.medium:
        return _internet("medium", 0.95, "a medium: the word follows a preposition or noun of means (عبر/على/شبكة)")
    if cues.agent:
        return _interpol("agent", 0.85,
                         "subject of a verb in a relative clause (الذي وضعته …): an agent, read as الإنتربول")
    if cues.recipient:
        return _interpol("recipient", 0.8, "recipient of something submitted (تقديم … إلى …): read as الإنتربول")
    if cues.coordinated:
        return _interpol("coordinated-organization", 0.8, "coordinated with an organization: read as الإنتربول")
    return _internet("default-literal", 0.6, "no agent cue: the literal internet")


def _internet(rule: str, confidence: float, note: str) -> Target:
    return Target("internet", "concept", Decision(f"interpol-internet:{rule}", confidence, note))


def _interpol(rule: str, confidence: float, note: str) -> Target:
    return Target("INTERPOL", "body", Decision(f"interpol-internet:{rule}", confidence, note), dict(_READ_AS))
