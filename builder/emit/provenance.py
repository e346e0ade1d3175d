"""Provenance shared by every emitter: source spans, mentions, and the rules that decided.

Whatever an emitter states on the strength of the text — a mention of an
instrument, a ballot, a speaker, an action of a paragraph — carries the same
evidence: its surface form, its exact source span (an ``oa:TextPositionSelector``),
the rule that decided (a ``poa:ResolutionRule`` named by its key) and how sure
that rule is (``poa:confidence``, 0..1).

An emitter that states many facts writes their evidence through one
:class:`Provenance` (one per emitter call and graph): a report has some 1,900
facts but only a few dozen rules and confidences, and adding a triple the graph
already holds costs as much as adding a new one. The module-level functions
are the same writes for a single fact.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from builder.dataset import NamedGraph
from builder.iri import Iris, slug
from builder.model import Span
from builder.vocab import OA, POA, RDF, RDFS, SKOS, XSD, decimal, integer, plain, text

# The terms written for every fact, made once: an attribute of a vocabulary mints a new NamedNode on every
# access, which costs about as much as building the literal beside it.
_TYPE = RDF.type
_LABEL = RDFS.label
_COMMENT = RDFS.comment
_NOTATION = SKOS.notation
_EDITORIAL_NOTE = SKOS.editorialNote
_RESOLUTION_RULE = POA.ResolutionRule
_MENTION = POA.Mention
_MENTIONED_IN = POA.mentionedIn
_REFERS_TO = POA.refersTo
_SURFACE_FORM = POA.surfaceForm
_DECIDED_BY = POA.decidedBy
_CONFIDENCE = POA.confidence
_SOURCE_SPAN = POA.sourceSpan
_SOURCE_TEXT = POA.sourceText
_SELECTOR = OA.TextPositionSelector
_START = OA.start
_END = OA.end
_OFFSET = XSD.nonNegativeInteger
_FLAGGED = text("Flagged for review by the name resolver.", "en")


def rule_iri(iris: Iris, rule: str) -> ox.NamedNode:
    """``{base}id/rule/{slug}`` for a decision rule."""
    return iris.entity("rule", slug(rule) or "unnamed")


def confidence(value: float) -> ox.Literal:
    """A confidence on 0..1 as an ``xsd:decimal`` with three decimals."""
    return decimal(Decimal(str(round(value, 3))))


class Provenance:
    """Writes the evidence of facts into one graph, describing each rule once.

    It remembers the rules it has described and the mentions it has written (an
    extractor may report the same mention twice), so that their triples are not
    added again, and reuses the literals it has built (offsets and confidences
    repeat). The triples are those of the module-level functions. Nothing is
    shared between two writers: each emitter call makes its own.
    """

    def __init__(self, g: NamedGraph, iris: Iris) -> None:
        self.g = g
        self.iris = iris
        self.source = iris.source  # derived from the report's symbol on every access of the property
        self._rules: dict[str, ox.NamedNode] = {}
        self._mentions: set[tuple[object, ...]] = set()
        self._offsets: dict[int, ox.Literal] = {}
        self._confidences: dict[str, ox.Literal] = {}

    def rule(self, rule: str) -> ox.NamedNode:
        """The rule as a node of its own (label and key), described the first time; returns its IRI."""
        r = self._rules.get(rule)
        if r is None:
            r = self._rules[rule] = rule_iri(self.iris, rule)
            g = self.g
            g.add((r, _TYPE, _RESOLUTION_RULE))
            g.add((r, _LABEL, text(rule, "en")))
            g.add((r, _NOTATION, plain(rule)))
        return r

    def _offset(self, n: int) -> ox.Literal:
        lit = self._offsets.get(n)
        if lit is None:
            lit = self._offsets[n] = integer(n, _OFFSET)
        return lit

    def _confidence(self, score: float) -> ox.Literal:
        # confidence(score), keyed by the rounded text, not the number: 1 and 1.0 are equal keys but give
        # "1" and "1.0"
        rounded = str(round(score, 3))
        lit = self._confidences.get(rounded)
        if lit is None:
            lit = self._confidences[rounded] = decimal(Decimal(rounded))
        return lit

    def selector(self, node: ox.NamedNode, span: Span, sel: ox.NamedNode | None = None) -> ox.NamedNode:
        """``node poa:sourceSpan sel``, ``sel`` an ``oa:TextPositionSelector`` (default ``{node}#span``)."""
        sel = sel if sel is not None else Iris.selector(node)
        g = self.g
        g.add((node, _SOURCE_SPAN, sel))
        g.add((sel, _TYPE, _SELECTOR))
        g.add((sel, _START, self._offset(span.start)))
        g.add((sel, _END, self._offset(span.end)))
        g.add((sel, _SOURCE_TEXT, self.source))
        return sel

    def evidence(self, node: ox.NamedNode, *, surface: str, span: Span, rule: str, score: float, lang: str,
                 note: str | None = None, flagged: bool = False, sel: ox.NamedNode | None = None) -> None:
        """Surface form, span, deciding rule and confidence (0..1) of a fact found in the text."""
        g = self.g
        g.add((node, _SURFACE_FORM, text(" ".join(surface.split()), lang)))
        self.selector(node, span, sel)
        g.add((node, _DECIDED_BY, self.rule(rule)))
        g.add((node, _CONFIDENCE, self._confidence(score)))
        if note:
            g.add((node, _COMMENT, text(note, "en")))
        if flagged:
            g.add((node, _EDITORIAL_NOTE, _FLAGGED))

    def mention(self, node: ox.NamedNode, *, unit: ox.NamedNode, target: ox.NamedNode, surface: str, span: Span,
                rule: str, score: float, lang: str, note: str | None = None) -> ox.NamedNode:
        """A ``poa:Mention`` in ``unit`` of ``target``, with its evidence; its selector is ``{node}-span``."""
        # the triples are a function of the arguments: the same arguments again would add nothing new
        key = (node, unit, target, surface, span, rule, type(score), score, lang, note)
        if key in self._mentions:
            return node
        self._mentions.add(key)
        g = self.g
        g.add((node, _TYPE, _MENTION))
        g.add((node, _MENTIONED_IN, unit))
        g.add((node, _REFERS_TO, target))
        self.evidence(node, surface=surface, span=span, rule=rule, score=score, lang=lang, note=note,
                      sel=ox.NamedNode(f"{node.value}-span"))
        return node
