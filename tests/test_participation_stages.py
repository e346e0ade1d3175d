"""Participation stage by stage: the names the extractor records, and what the resolvers decide they name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builder.arabic.text import Skeleton
from builder.extract.names import Name
from builder.extract.participation import extract_participation
from builder.extract.participation.facts import (
    AgentRef,
    Appointment,
    BureauList,
    ObserverSpeech,
    OfficialSpeech,
    OrganizationSpeakers,
    PostGiven,
    RecordedParticipation,
    StateSpeakers,
)
from builder.extract.plenaries import MeetingTracker, opening_mention
from builder.extract.state_lists import state_names
from builder.model import Document, Span
from builder.pipeline import BuildResult
from builder.reference_data import References, load_references
from builder.reference_data.people import load_people
from builder.resolve.organizations import match_organization
from builder.resolve.participation import (
    body_of,
    capacity_of_organization,
    participation_counts,
    post_of_phrase,
    resolve_participation,
)
from builder.resolve.people import NamedPerson, resolve_people
from builder.segment import segment
from builder.source import SourceText

SYMBOL = "A/CONF.192/2018/RC/3"


@pytest.fixture(scope="module")
def references() -> References:
    return load_references()


@pytest.fixture(scope="module")
def recorded(document: Document, references: References) -> RecordedParticipation:
    return extract_participation(document, references)


def test_the_extractor_records_names_in_their_roles_and_resolves_none(recorded: RecordedParticipation) -> None:
    assert (recorded.report, recorded.conference) == (SYMBOL, "A/CONF.192/2018/RC")
    assert [type(f).__name__ for f in recorded.facts] == [
        "PostGiven", "PostGiven", "PostGiven", "OfficialSpeech", "OfficialSpeech", "BureauList", "Appointment",
        "StateSpeakers", "ObserverSpeech", "OrganizationSpeakers", "OrganizationSpeakers"]
    assert "AgentRef" not in repr(recorded)
    given = [f for f in recorded.facts if isinstance(f, PostGiven)]
    assert [(g.person.text, g.post.text, g.state.text if g.state else None) for g in given] == [
        ("جون كلود - بريني", "لرئاسة المؤتمر", "فرنسا"), ("جون - كلود بروني", "رئيسا للمؤتمر", None),
        ("دانييل برينس", "الأمين العام للمؤتمر", None)]
    assert given[2].organization is not None and given[2].organization.text == "مكتب شؤون نزع السلاح"
    [bureau] = [f for f in recorded.facts if isinstance(f, BureauList)]
    assert [(p.post, len(p.holders)) for p in bureau.posts] == [("president", 1), ("vice-president", 11)]
    president = bureau.posts[0].holders[0]
    assert president.person is not None and president.person_state is not None
    assert (president.item, president.person.text, president.person_state.text) == (
        "جون - كلود بروني (فرنسا)", "جون - كلود بروني", "فرنسا")
    assert [n.text for n in president.states] == ["جون - كلود بروني (فرنسا)"]  # the other reading, for the resolver
    [committee] = [f for f in recorded.facts if isinstance(f, Appointment)]
    assert (committee.paragraph_eid, committee.body) == ("para_9", "لجنة وثائق التفويض")
    assert [n.text for n in committee.members][:3] == ["الاتحاد الروسي", "إندونيسيا", "أوروغواي"]


def test_speakers_are_recorded_with_those_they_spoke_for(recorded: RecordedParticipation) -> None:
    [opening, chef] = [f for f in recorded.facts if isinstance(f, OfficialSpeech)]
    assert (opening.post.text, opening.what, opening.meetings, opening.dates) == (
        "الممثلة السامية لشؤون نزع السلاح", "opening", (1,), ("2018-06-18",))
    assert chef.on_behalf_of is not None and chef.on_behalf_of.text == "الأمين العام للأمم المتحدة"
    [states] = [f for f in recorded.facts if isinstance(f, StateSpeakers)]
    assert len(states.speakers) == 95 and states.meetings == (1, 2, 3, 4)
    algeria = states.speakers[1]
    assert algeria.name.text == "الجزائر" and algeria.on_behalf is not None and algeria.on_behalf.own
    assert [p.name.text for p in algeria.on_behalf.pieces] == ["مجموعة الدول العربية"]
    [observer] = [f for f in recorded.facts if isinstance(f, ObserverSpeech)]
    assert observer.observer.text == "الاتحاد الأوروبي" and observer.on_behalf is not None
    first = observer.on_behalf.pieces[0]
    assert first.member_states_of is not None and first.member_states_of.text == "الاتحاد الأوروبي"
    igo, ngo = [f for f in recorded.facts if isinstance(f, OrganizationSpeakers)]
    assert (igo.heading, len(igo.speakers), ngo.heading, len(ngo.speakers)) == (
        "بيانات المنظمات الحكومية الدولية", 11, "بيانات المنظمات غير الحكومية", 8)
    last = ngo.speakers[-1]
    assert last.outer is not None and last.inner is not None and last.on_behalf is None
    assert (last.outer.text, last.inner.text) == (
        "وشبكة العمل الدولي المعنية بالأسلحة الصغيرة",
        "مدرسة مارجوري ستونمان دوغلاس الثانوية في باركلاند، فلوريدا، الولايات المتحدة")


def test_the_resolver_gives_the_participation_the_build_counts(recorded: RecordedParticipation,
                                                               references: References, built: BuildResult) -> None:
    participation, issues = resolve_participation(recorded, references)
    assert issues.warnings == issues.unresolved == issues.flagged == ()
    counts = participation_counts(SYMBOL, participation)
    assert counts == {f"{SYMBOL}: statements": 117, f"{SYMBOL}: memberships": 21, f"{SYMBOL}: people": 2}
    assert all(built.report.counts[k] == v for k, v in counts.items())
    # the last entry "X (Y)": X, the whole, is no organization; Y spoke in the slot of X
    last = participation.statements[-1]
    assert (last.speaker.kind, last.capacity, [(b.kind, b.key) for b in last.on_behalf_of]) == (
        "org", "ngo", [("org", "iansa")])
    assert [(m.member.kind, m.member.key, m.post) for m in participation.memberships if m.body == "bureau"][:2] == [
        ("person", "jean-claude-brugger", "president"), ("state", "RUS", "vice-president")]


def test_unresolved_names_and_unknown_bodies_are_issues(document: Document, references: References) -> None:
    text = document.source.replace("أعضاء في لجنة وثائق التفويض", "أعضاء في لجنة الشؤون الغريبة", 1)
    text = text.replace("المنظمات التالية: جامعة الدول العربية؛", "المنظمات التالية: منظمة لا وجود لها؛", 1)
    assert text != document.source
    doc = _document_of(text, document)
    participation, issues = resolve_participation(extract_participation(doc, references), references)
    assert [w.split(": ", 1)[1] for w in issues.warnings] == [
        "members appointed to a body not known: لجنة الشؤون الغريبة"]
    assert [(u.surface, u.reason) for u in issues.unresolved] == [
        ("منظمة لا وجود لها", "no organization of that name")]
    assert issues.unresolved[0].where.startswith(f"{SYMBOL} para_12 @")
    assert not any(b.key == "credentials-committee" for b in participation.bodies)


def _document_of(text: str, like: Document) -> Document:
    return segment(SourceText(like.path, text, "utf-8"), like.metadata)


def test_match_organization_exact_fuzzy_and_unresolved(references: References) -> None:
    orgs = references.organizations
    exact = match_organization(orgs, "وجامعة الدول العربية")
    assert exact.organization is not None
    assert (exact.organization.key, exact.rule, exact.score, exact.flagged) == (
        "league-of-arab-states", "exact-normalized", 100.0, False)
    fuzzy = match_organization(orgs, "جامعة الدول العربيية")
    assert fuzzy.organization is not None
    assert (fuzzy.organization.key, fuzzy.rule, fuzzy.score, fuzzy.flagged, fuzzy.candidates) == (
        "league-of-arab-states", "fuzzy", 97.4, False, "league-of-arab-states 97.4")
    assert fuzzy.note == "fuzzy: جامعة الدول العربية (league-of-arab-states) at 97.4, runner-up at 90.0"
    missing = match_organization(orgs, "الاتحاد الأفريقى للرماية")  # 80 to the African Union: below 88
    assert (missing.organization, missing.rule, missing.note, missing.candidates) == (
        None, "unresolved", "no organization of that name", "african-union 80.0")


def test_resolve_people_groups_the_names_no_list_has(tmp_path: Path, references: References) -> None:
    empty = tmp_path / "people.csv"
    empty.write_text("key,name_en,name_ar,variants_ar,state_iso3,post,source\n", encoding="utf-8")
    gazetteer = load_people(references.posts, empty)

    def named(text: str, start: int, state: str | None) -> NamedPerson:
        ref = AgentRef("state", state, "para_1", Span(start, start + 5), "x", "exact", 100.0) if state else None
        return NamedPerson(Name("para_1", 0, len(text), text, Span(start, start + len(text)), text), ref,
                           "president", None)

    people, keys, issues = resolve_people(SYMBOL, [named("تاشي نامغيال", 10, "BTN"), named("تاشي نامجيال", 40, None),
                                                   named("دانييل برينس", 70, "FRA"),
                                                   named("تاشي - نامغيال", 90, "NPL")], gazetteer)
    assert keys == ["ar-tashy-namghyal", "ar-tashy-namghyal", "ar-danyyl-bryns", "ar-tashy-namghyal"]
    tashi = people[0]
    assert (tashi.listed, tashi.state, tashi.spellings) == (
        False, "BTN", ("تاشي نامغيال", "تاشي نامجيال", "تاشي - نامغيال"))
    assert [m.rule for m in tashi.mentions] == ["unlisted", "same-post-fuzzy-name", "same-state-fuzzy-name"]
    assert [f.where for f in issues.flagged] == [f"{SYMBOL} para_1 @{s}-{s + n}" for s, n in
                                                 ((10, 12), (40, 12), (90, 14), (70, 12))]
    assert issues.warnings == (f"{SYMBOL}: person ar-tashy-namghyal is given several States: ['BTN', 'NPL']",)


def test_posts_bodies_and_capacities(references: References) -> None:
    post = post_of_phrase("رئيسا للمؤتمر", references.posts)
    assert post is not None and post.key == "president"
    assert post_of_phrase("رئيس الجمهورية", references.posts) is None
    body = body_of("لجنة وثائق التفويض التابعة للمؤتمر", references.conference_bodies)
    assert body is not None and body.key == "credentials-committee"
    assert body_of("لجنة أخرى", references.conference_bodies) is None
    iansa = references.organizations["iansa"]
    assert capacity_of_organization("بيانات المنظمات غير الحكومية", None) == "ngo"
    assert capacity_of_organization("بيانات المنظمات الحكومية الدولية", iansa) == "igo"
    assert capacity_of_organization("", iansa) == "ngo"
    assert capacity_of_organization("", None) == "igo"


def test_state_names_and_the_opening_meeting(document: Document, references: References) -> None:
    [para] = [u for u in document.units if u.eid == "para_9"]
    start = para.text.index("الاتحاد الروسي")
    names = state_names(document.source, para, start, para.text.index(" أعضاء"), references.states)
    assert [n.text for n in names][:2] == ["الاتحاد الروسي", "إندونيسيا"]
    first = names[0]
    assert (first.unit_eid, first.start, first.end) == ("para_9", start, start + len("الاتحاد الروسي"))
    assert document.source[first.span.start:first.span.end] == first.surface == "الاتحاد الروسي"
    sk = Skeleton.of("افتتحت الممثلة السامية المؤتمر في ١٨ حزيران/يونيه ٢٠١٨")
    mention = opening_mention(sk, 0, sk.text.index(" في"))
    assert (mention.kind, mention.numbers, mention.days) == ("one", (1,), ((18, 6, 2018),))
    assert MeetingTracker("2018-07-06").read(mention) == ((1,), ("2018-06-18",))


# ------------------------------------------------------------------------------ other wordings


def _participation_with(document: Document, references: References, old: str, new: str) -> tuple[Any, Any]:
    text = document.source.replace(old, new, 1)
    assert text != document.source
    return resolve_participation(extract_participation(_document_of(text, document), references), references)


ONE_STATE_SENTENCES = [
    "وأدلى ممثل غيانا، باسم مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي، ببيان.",
    "وأدلى ممثل غيانا ببيان باسم مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي.",
    "وأدلت ببيان أيضا ممثلة غيانا (باسم مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي).",
]


@pytest.mark.parametrize("sentence", ONE_STATE_SENTENCES)
def test_one_state_speaking_for_a_group(document: Document, references: References, sentence: str) -> None:
    anchor = "وأدلى ببيان أيضاً المراقب عن الاتحاد الأوروبي"
    participation, issues = _participation_with(document, references, anchor, sentence + " " + anchor)
    guy = [s for s in participation.statements if s.speaker.key == "GUY"]
    assert [(s.capacity, [(b.kind, b.key) for b in s.on_behalf_of], s.meetings) for s in guy] == [
        ("state", [("org", "group-of-latin-american-and-caribbean-states")], (1, 2, 3, 4))]
    assert guy[0].speaker.surface == "غيانا" and guy[0].speaker.rule == "exact"
    assert len(participation.statements) == 118 and issues.unresolved == ()


def test_a_group_the_gazetteer_does_not_know_is_reported_not_read_as_a_state(document: Document,
                                                                                references: References) -> None:
    sentence = "وأدلى ممثل فيجي ببيان باسم منتدى الجزر الصغيرة."
    anchor = "وأدلى ببيان أيضاً المراقب عن الاتحاد الأوروبي"
    participation, issues = _participation_with(document, references, anchor, sentence + " " + anchor)
    fji = [s for s in participation.statements if s.speaker.key == "FJI"]
    assert [(s.capacity, s.on_behalf_of) for s in fji] == [("state", ())]
    assert [(u.surface, u.reason, u.candidates) for u in issues.unresolved] == [
        ("منتدى الجزر الصغيرة", "no State scores 60 or more (best مقدونيا الشمالية (MKD) at 57.1)", "MKD 57.1")]
    # above the floor, an approximate State with a word unlike any of its name's is no State either
    sentence = "وأدلى ممثل فيجي ببيان باسم منتدى جزر مارشال."
    participation, issues = _participation_with(document, references, anchor, sentence + " " + anchor)
    assert [s.on_behalf_of for s in participation.statements if s.speaker.key == "FJI"] == [()]
    assert [(u.surface, u.reason.split(":")[0]) for u in issues.unresolved] == [
        ("منتدى جزر مارشال", "no organization or group of the gazetteer, and no State")]  # not MHL


def test_a_group_like_a_known_one_in_all_but_a_word_is_flagged(document: Document, references: References) -> None:
    sentence = "وأدلى ممثل فيجي ببيان باسم منتدى جزر المحيط الشمالي."
    anchor = "وأدلى ببيان أيضاً المراقب عن الاتحاد الأوروبي"
    participation, issues = _participation_with(document, references, anchor, sentence + " " + anchor)
    [fji] = [s for s in participation.statements if s.speaker.key == "FJI"]
    [forum] = fji.on_behalf_of
    assert (forum.key, forum.rule, forum.score, forum.flagged) == ("pacific-islands-forum", "fuzzy", 89.4, True)
    assert [(f.surface, f.reason) for f in issues.flagged] == [(
        "منتدى جزر المحيط الشمالي",
        "fuzzy: منتدى جزر المحيط الهادئ (pacific-islands-forum) at 89.4, runner-up at 63.0;"
        " flagged: no word of the name resembles شمالي")]


def test_participants_and_observers(document: Document, references: References) -> None:
    sentence = ("وشارك في المؤتمر ممثلو الدول التالية: جمهورية إيران الإسلامية، وأيرلندا، والمملكة المتحدة"
                " لبريطانيا العظمى وأيرلندا الشمالية. وحضر المؤتمر بصفة مراقب كل من الكرسي الرسولي ودولة فلسطين"
                " والاتحاد الأوروبي.")
    anchor = "وترد قائمة المشاركين"
    participation, issues = _participation_with(document, references, anchor, sentence + " " + anchor)
    assert [(p.participant.kind, p.participant.key, p.capacity) for p in participation.participants] == [
        ("state", "IRN", "state"), ("state", "IRL", "state"), ("state", "GBR", "state"),
        ("state", "VAT", "observer"), ("state", "PSE", "observer"), ("org", "european-union", "observer")]
    assert [p.participant.surface for p in participation.participants][2] == (
        "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية")
    assert issues.unresolved == ()
