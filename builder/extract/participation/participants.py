"""The States (and observers) a report says took part: a list after ``شارك في الاجتماع ممثلو الدول التالية:``,
observers after ``حضر الاجتماع بصفة مراقب``.

Each list runs to the end of its sentence and is split into names with
:func:`~builder.extract.state_lists.split_state_list`, so that a long official
form with a conjunction in it (``المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية``)
stays one name.
"""

from __future__ import annotations

from builder.arabic.text import Skeleton
from builder.extract.participation.facts import ParticipantList
from builder.extract.participation.patterns import OBSERVERS_ATTENDING, PARTICIPANT_LIST, Reader, sentence_end
from builder.model import Unit


def participants_in(reader: Reader, para: Unit) -> list[ParticipantList]:
    """The lists of participants of one paragraph, in the order of the text."""
    sk = Skeleton.of(para.text)
    found = [(m.start(), m, False) for m in PARTICIPANT_LIST.finditer(sk.text)]
    found += [(m.start(), m, True) for m in OBSERVERS_ATTENDING.finditer(sk.text)]
    out: list[ParticipantList] = []
    for _at, m, as_observers in sorted(found, key=lambda f: f[0]):
        start = sk.span(*m.span())[1]
        end = sentence_end(para.text, start)
        names = reader.state_names(para, start, end)
        if names:
            out.append(ParticipantList(para.eid, names, as_observers))
    return out
