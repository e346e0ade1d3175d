"""Citations in the Arabic text of a UN report: what the text cites outside itself.

One module per kind of citation, each a finder over the skeleton of one unit's
text: UN document symbols (:mod:`.symbols`), General Assembly and Security
Council resolutions (:mod:`.resolutions`), the 2030 Agenda and its goals,
targets and indicators (:mod:`.sdg`), the Charter, the Programme of Action
and other instruments (:mod:`.instruments`), their paragraphs and articles
(:mod:`.provisions`), bodies of the body list (:mod:`.bodies`), web addresses
(:mod:`.web`) and the word for the internet (:mod:`.internet`). :mod:`.unit`
runs them over one unit and keeps the longest of overlapping matches;
:mod:`.document` reads the evidence of the whole document first
(:func:`~builder.extract.citations.document.scan_document`) and drives the
finders over its units. The types of what they find are in :mod:`.facts`.

What is found here is recognised, not decided: where the text leaves open
which target a citation is (the order of session and number in a General
Assembly ``N/M`` pair; the internet or INTERPOL), the citation records the
evidence and :mod:`builder.resolve.citations` decides. This package imports
the Arabic text module, the data layer and :mod:`builder.model`; it imports
nothing from a later stage. This file imports nothing, so that a later stage
can import :mod:`.facts` without the finders.
"""
