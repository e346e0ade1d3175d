"""The Arabic text package: its character sets, foldings, offset maps and number words."""

from __future__ import annotations

import re

import pytest

from builder.arabic.numbers import LETTER_NAMES, ORDINAL_ADVERBS, abjad_to_latin, ordinal_to_int, to_roman
from builder.arabic.text import (
    COSMETIC_FOLDING,
    DIGIT,
    INVISIBLE,
    SKELETON_FOLDING,
    TRIGGER_FOLDING,
    Folding,
    Skeleton,
    clean_text,
    compile_ar,
    normalize_letters,
    parse_int,
    sentence_bounds,
    source_span,
    unit_text,
)
from builder.model import Span

ALL_BMP = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]


def _matching(pattern: str) -> frozenset[str]:
    rx = re.compile(pattern)
    return frozenset(c for c in ALL_BMP if rx.fullmatch(c))


def test_the_dropped_characters_of_each_folding() -> None:
    """The character sets, spelled out as code-point ranges."""
    assert COSMETIC_FOLDING.dropped == _matching(
        "[\u0640\u064b-\u0652\u0670\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
    assert SKELETON_FOLDING.dropped == _matching("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
    assert TRIGGER_FOLDING.dropped == _matching("[\u064b-\u065f\u0670\u0640\u200b-\u200f]")
    assert INVISIBLE == _matching("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def test_the_replacements_of_each_folding() -> None:
    assert dict(COSMETIC_FOLDING.replaced) == {}
    assert dict(SKELETON_FOLDING.replaced) == {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}
    assert TRIGGER_FOLDING.fold("أإآٱ ى ة – — ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "اااا ي ه - - 0123456789 0123456789"
    assert len(TRIGGER_FOLDING.replaced) == 4 + 2 + 2 + 20


def test_a_folding_replaces_one_character_by_one() -> None:
    with pytest.raises(ValueError, match="one character"):
        Folding(frozenset(), {"ﻻ": "لا"})
    assert Folding(frozenset(), {"ة": "ه"}).fold_with_offsets("ةا") == ("ها", (0, 1, 2))
    with pytest.raises(ValueError, match="replaces in turn"):
        Folding(frozenset(), {"ى": "ي", "ي": "ئ"})  # a replacement is made once, as str.translate makes it


def test_a_folding_folds_as_its_translation_table() -> None:
    """Dropping runs and replacing character by character gives what one ``str.translate`` would."""
    for folding in (COSMETIC_FOLDING, SKELETON_FOLDING, TRIGGER_FOLDING):
        table: dict[int, str | None] = {ord(a): b for a, b in folding.replaced.items()}
        table.update(dict.fromkeys(map(ord, folding.dropped)))
        chars = sorted(folding.dropped | set(folding.replaced) | set(folding.replaced.values()) | set("ab تؤكد 12"))
        for i in range(len(chars)):
            text = "".join(chars[i:] + chars[:i]) + "".join(reversed(chars[: i + 1]))
            assert folding.fold(text) == text.translate(table)


def test_skeleton_maps_back_to_the_original() -> None:
    text = "الأُولىٰ ثانـيةً"
    sk = Skeleton.of(text)
    assert sk.text == "الاولي ثانية"
    assert sk.offsets[-1] == len(text)
    start, end = sk.span(0, 6)
    assert text[start:end] == "الأُولىٰ"  # the final superscript alef stays with the word
    start, end = sk.span(7, len(sk.text))
    assert text[start:end] == "ثانـيةً"
    assert sk.span(0, 0) == (0, 0)
    assert sk.start(len(sk.text) + 5) == len(text)


def test_skeleton_under_the_trigger_folding() -> None:
    sk = Skeleton.of("تُسرَّب ة\u200f١", TRIGGER_FOLDING)
    assert sk.text == "تسرب ه1"
    assert sk.offsets == (0, 2, 3, 6, 7, 8, 10, 11)


def test_normalize_letters_and_compile_ar() -> None:
    assert normalize_letters("يُمكّن الأولى") == "يمكن الاولي"
    rx = compile_ar(r"(?<!\w)الأولى(?!\w)")
    assert rx.pattern == r"(?<!\w)الاولي(?!\w)"
    assert rx.search(Skeleton.of("الدورة الأُولى").text) is not None


def test_digits() -> None:
    assert parse_int(" ٢٠١٨ ") == 2018
    assert parse_int("۱۲") == 12
    with pytest.raises(ValueError, match="not a number"):
        parse_int("١٢a")
    assert [m.group(0) for m in re.finditer(DIGIT, "1٢۳x")] == ["1", "٢", "۳"]


def test_unit_text_and_its_offsets() -> None:
    source = "١٥ - تؤكـد  الدول\nصفحة\n  أن A/CONF.192/2018/RC/1 و 12 بنداً."
    first = Span(0, source.index("\n"))
    second = Span(source.index("أن"), len(source))
    text, offsets = unit_text(source, (first, second))
    assert text == "١٥ - تؤكد الدول أن A/CONF.192/2018/RC/1 و ١٢ بندا."
    assert len(offsets) == len(text)
    assert all(source[o] == c for o, c in zip(offsets, text, strict=True) if c not in " ١٢")
    joint = text.index("الدول") + len("الدول")
    assert offsets[joint] == second.start  # the joint takes the offset after the page break
    assert clean_text("  ثانـيا   -  إعلانٌ  ") == "ثانيا - إعلان"


def test_source_span() -> None:
    assert source_span(2, 5, 100, None) == (102, 105)
    assert source_span(1, 3, 0, [10, 11, 13, 14]) == (11, 14)
    assert source_span(2, 2, 0, [10, 11, 13, 14]) == (13, 13)


def test_sentence_bounds() -> None:
    assert sentence_bounds("أولا. ثانيا؟ ثالثا") == [(0, 5), (5, 12), (12, 18)]


def test_section_numerals_and_letters() -> None:
    assert [to_roman(o) for o in (ordinal_to_int(w) for w in ORDINAL_ADVERBS) if o] == list(ORDINAL_ADVERBS.values())
    assert list(LETTER_NAMES.values()) == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert [abjad_to_latin(w[0]) for w in LETTER_NAMES] == list("abcdefghijklmnopqrstuvwxyz")
