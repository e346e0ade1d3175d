"""Meetings and dates in the Arabic text of a UN report.

:mod:`.dates` reads dates and date ranges the way UN Arabic texts write them;
:mod:`.phrases` finds the phrases that name a meeting, one finder per kind
(plenary meetings of the conference, review conferences, preparatory
committees, biennial meetings of States, meetings of governmental experts,
regional meetings); :mod:`.attributes` reads what the words around a phrase
say of the meeting (year, duration, place, part of the year); :mod:`.unit`
turns the phrases of one unit into mentions and :mod:`.document` runs it
over a document's units. The types are in :mod:`.facts`.

Joining the mentions of one meeting (two names of one meeting of a series,
the dates all mentions give) is the business of :mod:`builder.resolve.meetings`.
This package imports the Arabic text module, the data layer and
:mod:`builder.model`, nothing from a later stage; this file imports nothing,
so that a later stage can import :mod:`.facts` without the finders.
"""
