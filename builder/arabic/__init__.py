"""Arabic text handling: the one place that knows Arabic characters, digits, words for numbers and names.

What it owns:

* :mod:`builder.arabic.text` -- characters (tatweel, vowel marks and the other
  Arabic marks, invisible and bidirectional formatting characters, alef forms),
  the three digit systems, the foldings that rules read a text through, each
  with a map from the folded text back to the offsets of the text
  (:class:`~builder.arabic.text.Skeleton`), patterns written in plain Arabic
  (:func:`~builder.arabic.text.compile_ar`), the stored text of a unit with its
  source offsets (:func:`~builder.arabic.text.unit_text`), and sentence bounds;
* :mod:`builder.arabic.numbers` -- ordinal and cardinal number words, month
  names, abjad list letters and letter names, Roman section numerals;
* :mod:`builder.arabic.names` -- the matching form of a name, the conjunction
  and article it takes in running text, the order of UN Arabic lists of
  States, and an ASCII slug.

What it may import: the standard library, pyarabic, and from this project only
:mod:`builder.model` (for :class:`~builder.model.Span`). Every other part of
the builder imports it, never the other way round.

pyarabic supplies the character constants (tatweel, the tashkeel, the
superscript alef, alef, waw, lam, the three sets of digits) and the steps of a
name's matching form (``strip_diacritics``, ``strip_tatweel``,
``normalize_ligature``, ``normalize_alef``, ``normalize_hamza``,
``normalize_teh``). What stays written out here, and why:

* the set of Arabic marks the skeleton drops is written as code-point ranges,
  since pyarabic's ``DIACRITICS`` leaves out five Quranic signs that the
  skeleton has always dropped;
* the foldings are one-for-one translation tables rather than pyarabic's
  ``normalize_*`` calls, because those cannot keep a map back to the source
  offsets (and ``normalize_alef`` also takes ى to ا, where the rules want ي);
* the digit tables, built from pyarabic's digit constants as ``str.translate``
  tables (``trans.normalize_digits`` does the same in two passes per call);
* Persian and Urdu letter shapes, which pyarabic does not fold;
* the transliteration table, since pyarabic's (Buckwalter-style
  ``trans.utf82latin``) spells names otherwise than the person keys already
  published;
* number words, month names and letter names: pyarabic's ``number`` module
  reads cardinal phrases and spells numbers out, but does not read ordinal
  phrases (``السابعة عشرة``), the Levantine/transliterated month pairs or the
  list letters of UN texts.

Where the rules of two stages disagree on what to drop (the marks outside
U+064B–U+0652, ة, the digits, the zero-width characters), each keeps a folding
of its own, named for its reader in :mod:`builder.arabic.text`: their rules and
tests were written against those exact sets, and every output stays byte for
byte what it was.
"""
