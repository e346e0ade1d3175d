"""The fast paths of the commitment classifier give exactly what the plain definitions give.

:func:`builder.extract.commitments._scan` skips a trigger whose needles
(:func:`~builder.reference_data.triggers.trigger_needles`) are not all in the text,
a literal trigger is matched word by word (:meth:`~builder.reference_data.triggers.Trigger.finditer`)
rather than by its regular expression (:func:`~builder.reference_data.triggers.compile_trigger`),
and :meth:`builder.arabic.text.Skeleton.of` (under the trigger folding and the
skeleton folding) builds its offsets from runs
of dropped characters. Each is compared here with a straightforward
character-by-character or trigger-by-trigger version written in this file, on
every text of the bundled report and of the fixtures and on generated texts
with the prefixes, suffixes and marks the triggers allow.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from builder.arabic.text import SKELETON_FOLDING, TRIGGER_FOLDING, Skeleton
from builder.extract.commitments import _Hit, _scan
from builder.reference_data.concepts import SCHEMES, Concept, ConceptSchemes, load_concept_schemes
from builder.reference_data.triggers import compile_trigger, trigger_needles
from builder.segment import segment_file

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("action", "qualifier", "theme", "actor")
HitKey = tuple[str, int, int, int, bool, str, str]


@pytest.fixture(scope="module")
def schemes() -> ConceptSchemes:
    return load_concept_schemes()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Every unit text and heading of the bundled report and of the Arabic fixtures."""
    paths = [ROOT / "corpus" / "A-CONF.192-2018-RC-3.ar.txt", *sorted((ROOT / "tests" / "fixtures").glob("*.ar.txt"))]
    out: list[str] = []
    for path in paths:
        for u in segment_file(path).units:
            out.append(u.text)
            out.extend(u.heading_path)
    return list(dict.fromkeys(out))


def _generated(schemes: ConceptSchemes, n: int) -> list[str]:
    """Texts made of trigger words with the conjunctions, prepositions, endings and marks matching must handle."""
    words = sorted(
        {w.rstrip("*") for k in SCANNED for c in schemes.scheme(k).concepts for t in c.triggers for w in t.text.split()}
    )
    words += ["في", "من", "على", "،", "؛", ".", "(أ)", "١٢", "-"]
    rnd = random.Random(20180618)

    def word() -> str:
        core = rnd.choice(words)
        if core.startswith("ال") and rnd.random() < 0.4:
            core = rnd.choice(["ل", "ول", "فل"]) + core[1:]  # the لل form of a word with ال
        w = rnd.choice(["", "", "", "و", "ف", "ب", "ل", "ك", "وب", "ال"]) + core + rnd.choice(["", "", "ها", "ات", "ي"])
        if rnd.random() < 0.2:
            i = rnd.randrange(len(w) + 1)
            w = w[:i] + rnd.choice(["\u064b", "\u064e", "\u0651", "\u0640", "\u200f"]) + w[i:]
        return w

    return [rnd.choice([" ", "  ", "\n", " ، "]).join(word() for _ in range(rnd.randint(1, 30))) for _ in range(n)]


def _exhaustive_scan(concepts: Iterable[Concept], text: str) -> list[HitKey]:
    """The definition of a scan: every trigger searched, exclusions of every concept searched first."""
    hits: list[HitKey] = []
    for c in concepts:
        blocked = [m.span() for x in c.exclusions for m in x.finditer(text)]
        for t in c.triggers:
            pattern = compile_trigger(t.text) if t.pattern is None else t.pattern
            for m in pattern.finditer(text):
                start, end = m.span("m") if t.literal else m.span()
                conj = t.literal and m.group("conj") is not None
                if end <= start or any(start < b_end and b_start < end for b_start, b_end in blocked):
                    continue
                hits.append((c.key, start, end, m.start(), conj, t.text, t.form))
    return hits


def _keys(hits: list[_Hit]) -> list[HitKey]:
    return [(h.key, h.start, h.end, h.full_start, h.conj, h.trigger.text, h.trigger.form) for h in hits]


def _normalize_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch not in TRIGGER_FOLDING.dropped:
            chars.append(TRIGGER_FOLDING.replaced.get(ch, ch))
            offsets.append(i)
    return "".join(chars), (*offsets, len(text))


def _skeleton_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    folding = SKELETON_FOLDING
    kept = [(i, folding.replaced.get(ch, ch)) for i, ch in enumerate(text) if ch not in folding.dropped]
    return "".join(ch for _, ch in kept), tuple(i for i, _ in kept)


TRICKY = [
    "",
    "\u064e",
    "\u064b\u0651\u0640",
    "حثّ",
    "تُسرَّب",
    "وفقاً.",
    "أيضاً،\u200f إلى ٢٠١٨–٢٠٣٠ ۱۲ ى ة",
    "ـــالتعاونـ\u0670",
    "a\u0610b\u06d6\u06edc",
]


@pytest.mark.parametrize(
    ("trigger", "needles"),
    [
        ("التعاون الدولي", ("الدولي", "لتعاون")),  # the first word's ال loses its alef: لل… contains لتعاون too
        ("تعزيز*", ("تعزيز",)),
        ("بذل الجهود", ("الجهود", "بذل")),
        ("على الصعيد الإقليمي", ("الاقليمي", "الصعيد", "علي")),
        ("الأمم المتحدة", ("المتحده", "لامم")),
    ],
)
def test_trigger_needles(trigger: str, needles: tuple[str, ...]) -> None:
    assert trigger_needles(trigger) == needles
    pattern = compile_trigger(trigger)
    words = TRIGGER_FOLDING.fold(trigger).replace("*", "").split()
    # the forms of the first word a trigger allows, with ال and without
    if words[0].startswith("ال"):
        firsts = [words[0], "ب" + words[0], "ول" + words[0][1:], "ل" + words[0][1:]]
    else:
        firsts = [words[0], "ل" + words[0], "فب" + words[0]]
    for first in firsts:
        text = "في " + " ".join([first, *words[1:]]) + " ."
        m = pattern.search(text)
        assert m is not None, text
        assert all(n in m.group(0) for n in needles)


def test_needles_are_in_every_match(schemes: ConceptSchemes, texts: list[str]) -> None:
    """The premise of the pre-filter, on real text: a literal trigger's match contains all of its needles."""
    normalised = [TRIGGER_FOLDING.fold(t) for t in texts]
    matches = 0
    for key in (*SCANNED, "kind"):
        for c in schemes.scheme(key).concepts:
            for t in (*c.triggers, *c.chapeau_triggers):
                assert t.needles == (trigger_needles(t.text) if t.literal else ())
                pattern = compile_trigger(t.text) if t.pattern is None else t.pattern
                for text in normalised:
                    for m in pattern.finditer(text):
                        matches += 1
                        assert all(n in m.group(0) for n in t.needles), (t.text, m.group(0))
    assert matches > 1000


def _affixed(trigger: str) -> list[str]:
    """The trigger's words with the conjunctions, prepositions, article forms and endings around them."""
    words = TRIGGER_FOLDING.fold(trigger).replace("*", "").split()
    out = []
    for before in ("", "و", "ف", "ب", "ل", "ك", "وب", "فل", "ول", "لل", "ال", "وو", "فف", "بب", "x", "_"):
        for after in ("", "ها", " .", "_", "x"):
            out.append(before + " ".join(words) + after)
            out.append("في " + before + words[0][1:] + "\n " + " ".join(words[1:]) + after)
    return out


def test_literal_triggers_match_as_their_regular_expression(schemes: ConceptSchemes, texts: list[str]) -> None:
    """:meth:`Trigger.finditer` finds what :func:`compile_trigger` does: start, words, end and conjunction alike."""
    triggers = [t for key in SCHEMES for c in schemes.scheme(key).concepts for t in (*c.triggers, *c.chapeau_triggers)]
    triggers += [t for key in SCHEMES for t in (*schemes.scheme(key).subordinators, *schemes.scheme(key).connectors)]
    shared = [TRIGGER_FOLDING.fold(t) for t in [*texts, *_generated(schemes, 100)]]
    matches = 0
    for t in (t for t in triggers if t.literal):
        pattern = compile_trigger(t.text)
        for text in [*shared, *_affixed(t.text)]:
            expected = [(m.start(), m.start("m"), m.end("m"), m["conj"] is not None) for m in pattern.finditer(text)]
            assert [(m.start, m.word_start, m.end, m.conj) for m in t.finditer(text)] == expected, (t.text, text)
            matches += len(expected)
    assert len(triggers) == 473
    assert matches > 12000


def test_scan_equals_exhaustive_scan(schemes: ConceptSchemes, texts: list[str]) -> None:
    hits = 0
    for text in [*texts, *_generated(schemes, 400)]:
        norm = TRIGGER_FOLDING.fold(text)
        for key in SCANNED:
            concepts = schemes.scheme(key).concepts
            expected = _exhaustive_scan(concepts, norm)
            assert _keys(_scan(concepts, norm)) == expected, (key, text)
            hits += len(expected)
    assert hits > 2000


def test_normalize_equals_char_by_char(texts: list[str]) -> None:
    for text in [*TRICKY, *texts]:
        norm = Skeleton.of(text, TRIGGER_FOLDING)
        assert (norm.text, norm.offsets) == _normalize_by_char(text)
        assert TRIGGER_FOLDING.fold(text) == norm.text
    assert Skeleton.of("وفقاً.", TRIGGER_FOLDING).offsets == (0, 1, 2, 3, 5, 6)
    assert Skeleton.of("حثّ", TRIGGER_FOLDING).text == "حث"


def test_skeleton_equals_char_by_char(texts: list[str]) -> None:
    for text in [*TRICKY, *texts]:
        sk = Skeleton.of(text)
        assert (sk.text, sk.offsets[:-1]) == _skeleton_by_char(text)
        assert sk.offsets[-1] == len(text)
        assert sk.original == text
    sk = Skeleton.of("الأُولى")
    assert (sk.text, sk.offsets[:-1]) == ("الاولي", (0, 1, 2, 4, 5, 6))
    assert re.fullmatch(r"\w+", sk.text)
