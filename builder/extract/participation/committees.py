"""Committees: ``عيّن المؤتمر <States> أعضاء في <committee>``.

The States between the verb and ``أعضاء`` are split as one list of State names;
the committee is recorded as the text names it, for the resolver to find among
the bodies of ``conference_bodies.csv``.
"""

from __future__ import annotations

from builder.arabic.text import Skeleton
from builder.extract.participation.facts import Appointment
from builder.extract.participation.patterns import APPOINTED, Reader
from builder.model import Unit


def appointments(reader: Reader, para: Unit) -> list[Appointment]:
    sk = Skeleton.of(para.text)
    out: list[Appointment] = []
    for m in APPOINTED.finditer(sk.text):
        ba, bb = sk.span(*m.span("body"))
        la, lb = sk.span(*m.span("list"))
        out.append(Appointment(para.eid, para.text[ba:bb], reader.state_names(para, la, lb)))
    return out
