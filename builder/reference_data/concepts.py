"""The concept schemes of the classifier of commitments: ``builder/data/concepts/*.ttl``.

Six SKOS schemes (actions, strength, qualifiers, themes, actors, kinds) whose
concepts carry the Arabic patterns that trigger them. The Turtle files are read
here into one graph; the schemes are then parsed and their patterns compiled by
:func:`builder.extract.commitments.parse_schemes`, whose types they are and
which matches the patterns in the same normalisation of the text.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable

from rdflib import Graph

from builder.extract.commitments import ConceptSchemes, parse_schemes
from builder.reference_data.tables import data_file


def load_concept_graph(directory: Traversable | None = None) -> Graph:
    """All ``*.ttl`` files of ``builder/data/concepts`` (or of ``directory``) in one graph."""
    root = directory if directory is not None else data_file("concepts")
    g = Graph()
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".ttl")), key=lambda e: e.name)
    if not entries:
        raise FileNotFoundError(f"no concept schemes (*.ttl) in {root}")
    for entry in entries:
        g.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return g


def load_concept_schemes(directory: Traversable | None = None) -> ConceptSchemes:
    """The six concept schemes of ``builder/data/concepts`` (or of ``directory``), parsed and compiled."""
    return parse_schemes(load_concept_graph(directory))
