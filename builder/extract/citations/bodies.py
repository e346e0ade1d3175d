"""Bodies, programmes and tools of the body list (``builder/data/bodies.csv``) by their Arabic names."""

from __future__ import annotations

from builder.arabic.text import normalize_letters
from builder.extract.citations.candidates import Candidate
from builder.reference_data import References


def find_bodies(sk: str, references: References, out: list[Candidate]) -> None:
    """Every form of every body in ``sk``: its name, a variant, or a short form read as the body it most often is."""
    for p in references.bodies.patterns:
        # a substring test is much cheaper than a scan with a look-behind at every position, and most units name
        # no body at all
        if p.required_word not in sk:
            continue
        entry, form = p.body, p.form
        for m in p.pattern.finditer(sk):
            if p.short:
                rule, conf = "gazetteer:short-form", 0.85
                note: str | None = f"'{form}' without a qualifier read as {entry.key}"
            elif normalize_letters(form) == normalize_letters(entry.name_ar):
                rule, conf, note = "gazetteer:name", 0.95, None
            else:
                rule, conf, note = "gazetteer:variant", 0.9, None
            out.append(Candidate(m.start(), m.end(), entry.key, entry.target_type, rule, conf, note))
