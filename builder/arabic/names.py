"""Arabic names: their matching form, the affixes they take in running text, their order and a Latin slug.

:func:`normalize_arabic` maps the spelling variation that carries no meaning
for name matching onto one form; :func:`strip_affixes` lists the forms a name
may have once the conjunction و and the article ال written in front of it in
a list (``والجزائر``, ``والولايات المتحدة الأمريكية``) are taken off;
:func:`sort_key` is the key UN Arabic lists of States are sorted by;
:func:`transliterate` gives a plain ASCII slug for a name nobody has listed.
"""

from __future__ import annotations

import re
import unicodedata

import pyarabic.araby as araby

from builder.arabic.text import INVISIBLE, to_western_digits

_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
# Hyphen-minus, the Unicode hyphens and dashes, the minus sign.
_DASHES = re.compile("[-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_OPEN_PAREN = re.compile(r"\s*\(\s*")
_CLOSE_PAREN = re.compile(r"\s*\)")
_SPACES = re.compile(r"\s+")
# Persian/Urdu letter shapes that stand for Arabic letters in names typed on other keyboards
# (pyarabic has no such folding); alef maqsura is taken to ya before the alef forms are
# unified, since pyarabic counts ى among the alefs.
_LETTERS = str.maketrans(
    {
        "\u0649": "\u064a",  # ى alef maqsura -> ي ya
        "\u06cc": "\u064a",  # ی farsi yeh -> ي
        "\u06d2": "\u064a",  # ے yeh barree -> ي
        "\u06a9": "\u0643",  # ک keheh -> ك
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u06d5": "\u0647",  # ە ae -> ه
    }
)

WAW = str(araby.WAW)
ARTICLE = str(araby.ALEF) + str(araby.LAM)  # ال, written with a bare alef (hamzat al-wasl)


def strip_diacritics(text: str) -> str:
    """``text`` without pyarabic's diacritics (tashkeel, superscript alef, Quranic marks); tatweel stays."""
    return str(araby.strip_diacritics(text))


def normalize_arabic(text: str) -> str:
    """Return the matching form of an Arabic name.

    Steps, in order: Unicode NFKC (presentation forms and lam-alef ligatures
    become plain letters); invisible formatting characters dropped; diacritics
    (tashkeel, shadda, superscript alef) and tatweel stripped (pyarabic);
    alef maqsura ى → ي and Persian letter shapes → Arabic; the alef forms
    أ إ آ ٱ → ا and hamza on waw/ya ؤ ئ → و ي (pyarabic ``normalize_alef`` and
    ``normalize_hamza(method="tasheel")``); ta marbuta ة → ه; Arabic-Indic
    digits → ASCII digits; every hyphen or dash → a space; no space just inside
    parentheses and one space before ``(``; runs of whitespace → one space;
    leading and trailing space removed.

    ``"إيران (جمهورية - الإسلامية)"``, ``"ايران (جمهورية-الإسلامية)"`` and
    ``"إيران ( جمهورية الإسلامية )"`` all give ``"ايران (جمهوريه الاسلاميه)"``.
    """
    s = unicodedata.normalize("NFKC", text)
    s = s.translate(_DROP_INVISIBLE)
    s = strip_diacritics(s)
    s = str(araby.strip_tatweel(s))
    s = str(araby.normalize_ligature(s))
    s = s.translate(_LETTERS)
    s = str(araby.normalize_alef(s))
    s = str(araby.normalize_hamza(s, method="tasheel"))
    s = str(araby.normalize_teh(s))
    s = to_western_digits(s)
    s = _DASHES.sub(" ", s)
    s = _OPEN_PAREN.sub(" (", s)
    s = _CLOSE_PAREN.sub(")", s)
    return _SPACES.sub(" ", s).strip()


def strip_article(name: str) -> str | None:
    """``الهند`` → ``هند``; ``None`` when the name does not start with the article.

    Only a bare alef counts (``ألمانيا`` and ``ألبانيا`` start with alef-hamza, not
    with the article), and at least two letters must remain.
    """
    if name.startswith(ARTICLE) and len(name) >= len(ARTICLE) + 2 and not name[2].isspace():
        return name[len(ARTICLE) :]
    return None


def strip_affixes(name: str) -> list[str]:
    """The forms ``name`` may stand for once a leading و and the article ال are taken off.

    The name as given comes first, then without the conjunction, then without the
    article; duplicates are dropped. Only the start of the name is touched, so an
    internal و (``ترينيداد وتوباغو``) survives, and since the name as given is always
    the first candidate a name that itself begins with و (``ولايات ميكرونيزيا الموحدة``)
    still matches as written.

    >>> strip_affixes("والولايات المتحدة الأمريكية")
    ['والولايات المتحدة الأمريكية', 'الولايات المتحدة الأمريكية', 'ولايات المتحدة الأمريكية']
    >>> strip_affixes("وإيران")
    ['وإيران', 'إيران']
    """
    text = _SPACES.sub(" ", name).strip()
    forms: list[str] = []

    def add(form: str | None) -> None:
        if form and form not in forms:
            forms.append(form)

    add(text)
    without_conjunction: str | None = None
    if text.startswith(WAW) and len(text) >= 3 and not text[1].isspace():
        without_conjunction = text[1:]
    add(without_conjunction)
    add(strip_article(text))
    if without_conjunction is not None:
        add(strip_article(without_conjunction))
    return forms


def sort_key(name: str) -> str:
    """The key UN Arabic lists of States are sorted by: ال dropped from every word, then normalized.

    After :func:`normalize_arabic` the Arabic letters' code points follow the
    order of the alphabet (ا ب ت ث ... ن ه و ي), so plain string comparison of
    these keys reproduces the order of the report's vote lists, e.g.
    ``الهند`` < ``هنغاريا`` < ``هولندا`` and ``جمهورية تنزانيا المتحدة`` <
    ``الجمهورية العربية السورية`` < ``جمهورية كوريا``.
    """
    plain = strip_diacritics(unicodedata.normalize("NFKC", name))
    words = []
    for word in plain.replace("(", " ").replace(")", " ").split():
        words.append(strip_article(word) or word)
    return normalize_arabic(" ".join(words))


# One Latin spelling per letter of the matching form; ع and ء are left out.
_TRANSLIT = str.maketrans({
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
    "ي": "y", "ى": "a", "ة": "a", "ء": "", "ؤ": "w", "ئ": "y",
})


def transliterate(name: str) -> str:
    """A plain ASCII slug of an Arabic name, for the key of a person the gazetteer does not list."""
    s = normalize_arabic(name).translate(_TRANSLIT).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "unnamed"
