"""Redaction for reports that leave the partnership (domain/redact.py): nobody named in a public
report, only those who agreed otherwise, and what was left out said in words."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reflect_cli.domain.meeting import Action, Meeting, Participant, Review
from reflect_cli.domain.model import Answer, Author, Note, Session
from reflect_cli.domain.redact import article, label_for, parse_leave_out, redact
from reflect_cli.errors import BadInputError
from reflect_cli.storage.logfile import render_log

PRIYA = Participant("Priya Shah", "Northfield Council", "Local authority",
                    named_in_reports=True)
AISHA = Participant("Aisha Khan", "Northfield Food Bank", "VCSE")
TOM = Participant("Tom Reed", "Northfield NHS Trust", "NHS", ("lead",))
SAM = Participant("Sam Okafor", "Eastgate Tenants", "Community member", ("facilitator",))
MAY = Participant("May Jones", "Eastgate Tenants", "VCSE")


def meeting_session(people: list[Participant], *, text: str = "", day: int = 12,
                    notes: tuple[Note, ...] = (), **meeting: object) -> Session:
    return Session(
        id=f"s{day}", date=dt.date(2026, 3, day), created=dt.datetime(2026, 3, day, 10),
        framework_id="f", framework_version="1", title="Spring review", kind="meeting",
        sections=["purpose"], labels={"purpose": "Purpose", "purpose.impact": "Impact"},
        answers=[Answer("purpose.impact", "purpose", text=text, notes=notes)],
        meeting=Meeting(participants=people, **meeting),  # type: ignore[arg-type]
    )


def test_labels_say_the_role_or_the_sector_with_the_right_article() -> None:
    assert [label_for(p) for p in (PRIYA, AISHA, TOM, SAM)] == [
        "a local authority member", "a VCSE member", "the lead partner", "the facilitator"]
    assert label_for(Participant("Raj Patel", sector="NHS")) == "an NHS member"
    assert label_for(Participant("Raj Patel", sector="Community member")) == \
        "a community member"
    assert label_for(Participant("Raj Patel")) == "a member"
    assert article("organisation") == "an"


def test_a_public_redaction_names_nobody_anywhere_and_keeps_other_words() -> None:
    text = ("Priya's idea, backed by AISHA and aisha khan: Dr Reed agreed. Priyanka and "
            "Tomorrow's plan stay. We may ask May; MAY said yes.\nSam said Priya\nShah knew.")
    session = meeting_session(
        [PRIYA, AISHA, TOM, SAM, MAY], text=text,
        notes=(Note("aisha-khan", "Tom is right", name="Aisha Khan"),),
        checkin={"tom-reed": "Tired but here"},
        ratings={"characteristics.trust": {"priya-shah": 4, "aisha-khan": 2}},
        actions=[Action("a1", "Priya to write to Tom", "Priya Shah, Marcus Lee")],
        reviews=[Review(Action("a0", "Ask Sam", "Sam Okafor"), "done", "Sam did it")],
        key_messages=["Aisha's food bank leads"])
    session.author = Author("Sam Okafor", "Eastgate Tenants", "Community member")
    result = redact(session, public=True)
    out = result.sessions
    assert out.answers[0].text == (
        "A local authority member's idea, backed by a VCSE member (1) and a VCSE member (1): "
        "the lead partner agreed. Priyanka and Tomorrow's plan stay. We may ask a VCSE member "
        "(2); a VCSE member (2) said yes.\nThe facilitator said a local authority member knew.")
    # In the text as in the rest of the report: Aisha is 'a VCSE member (1)' everywhere.
    assert out.answers[0].notes == ()
    assert out.meeting is not None
    assert out.meeting.checkin == {}
    assert out.meeting.ratings == {}
    assert [(a.text, a.owner) for a in out.meeting.actions] == [
        ("A local authority member to write to the lead partner",
         "a local authority member, someone else")]
    review = out.meeting.reviews[0]
    assert (review.action.text, review.action.owner, review.comment) == (
        "Ask the facilitator", "the facilitator", "The facilitator did it")
    assert out.meeting.key_messages == ["A VCSE member (1)'s food bank leads"]
    assert result.key_messages == ("A VCSE member (1)'s food bank leads",)
    assert out.author is not None
    assert out.author.name == "the facilitator"
    # Who took part, by sector and role only: no names, no organisations.
    assert [(p.name, p.organisation, p.sector) for p in out.meeting.participants] == [
        ("a local authority member", "", "Local authority"), ("a VCSE member (1)", "", "VCSE"),
        ("the lead partner", "", "NHS"), ("the facilitator", "", "Community member"),
        ("a VCSE member (2)", "", "VCSE")]
    assert result.left_out == (
        "Nobody is named: each person appears by their role or sector.",
        "Left out: the check-in round, the notes of what each person said and each person's "
        "own rating (the group's ratings are kept).")
    # The session given is left as it was.
    assert session.answers[0].text == text
    assert session.meeting is not None
    assert session.meeting.checkin


def test_without_public_those_who_agreed_are_named_and_the_others_by_sector() -> None:
    session = meeting_session(
        [PRIYA, AISHA, TOM], text="Priya and Aisha agreed with Tom.",
        notes=(Note("aisha-khan", "Yes", name="Aisha Khan"), Note("priya-shah", "Agreed")),
        ratings={"characteristics.trust": {"priya-shah": 4, "aisha-khan": 2, "tom-reed": 5}})
    result = redact(session)
    out = result.sessions
    assert out.answers[0].text == "Priya and a VCSE member agreed with the lead partner."
    assert [(n.speaker, n.name, n.text) for n in out.answers[0].notes] == [
        ("a-vcse-member", "a VCSE member", "Yes"), ("priya-shah", "Priya Shah", "Agreed")]
    assert out.meeting is not None
    assert out.meeting.ratings == {"characteristics.trust": {
        "priya-shah": 4, "a-vcse-member": 2, "the-lead-partner": 5}}
    assert [(p.name, p.organisation) for p in out.meeting.participants][0] == (
        "Priya Shah", "Northfield Council")
    assert result.left_out == ("Only the people who agreed to be named are named (Priya "
                               "Shah); everyone else appears by their role or sector.",)
    # Leaving names out names nobody, even those who agreed.
    named = redact(session, leave_out={"names", "notes"})
    assert named.sessions.answers[0].text == (
        "A local authority member and a VCSE member agreed with the lead partner.")
    assert named.left_out[-1] == "Left out: the notes of what each person said."


def test_an_older_log_where_nobody_was_asked_names_nobody() -> None:
    older = meeting_session([Participant("Priya Shah", sector="Local authority")],
                            text="Thanks Priya")
    result = redact(older)
    assert result.sessions.answers[0].text == "Thanks a local authority member"
    assert result.left_out == ("Nobody is named: each person appears by their role or "
                               "sector.",)


def test_over_several_meetings_what_a_person_said_at_their_latest_counts() -> None:
    agreed = meeting_session([PRIYA], text="Priya spoke", day=1)
    withdrew = meeting_session([Participant("Priya Shah", sector="Local authority")],
                               text="Priya again", day=20)
    result = redact([agreed, withdrew])
    assert isinstance(result.sessions, list)
    assert [s.answers[0].text for s in result.sessions] == [
        "A local authority member spoke", "A local authority member again"]
    again = redact([withdrew, meeting_session([PRIYA], text="Priya spoke", day=28)])
    assert [s.answers[0].text for s in again.sessions] == ["Priya again", "Priya spoke"]


def test_messages_given_head_the_report_instead_of_the_meetings() -> None:
    session = meeting_session([AISHA], key_messages=["Old message"])
    result = redact(session, public=True, messages=["Aisha leads the  food work", " "])
    assert result.key_messages == ("A VCSE member leads the food work",)
    assert result.sessions.meeting is not None
    assert result.sessions.meeting.key_messages == ["A VCSE member leads the food work"]
    assert redact(session).key_messages == ("Old message",)


def test_two_people_of_one_first_name_and_different_sectors_are_someone() -> None:
    session = meeting_session([AISHA, Participant("Aisha Begum", sector="NHS")],
                              text="Aisha said so; Aisha Begum did not.")
    assert redact(session, public=True).sessions.answers[0].text == (
        "Someone said so; an NHS member did not.")


@pytest.mark.parametrize(("given_", "wanted"), [
    ("checkin,notes", {"checkin", "notes"}), (["ratings", "names"], {"ratings", "names"}),
    ("Check-in, NOTES", {"checkin", "notes"}), ("", set())])
def test_leave_out_is_read_from_words_separated_by_commas(given_: str | list[str],
                                                          wanted: set[str]) -> None:
    assert parse_leave_out(given_) == wanted


def test_leaving_out_something_unknown_says_what_can_be() -> None:
    with pytest.raises(BadInputError, match="'answers' cannot be left out; choose among "
                                            "checkin, notes, ratings, names"):
        parse_leave_out("notes,answers")


# -- no name survives a public redaction ---------------------------------------------------------
FIRST = ["Priya", "Aisha", "Fatima", "Raj", "Marcus", "José", "Zoë", "Siobhán", "Nkechi",
         "Anne-Marie", "Jo", "Oluwaseun", "Wei", "Dev", "Bartholomew"]
LAST = ["Shah", "Khan", "Begum", "Patel", "O'Brien", "Okafor", "Álvarez", "Nowak", "Wong",
        "Ellis", "Reed", "Hughes"]
SECTORS = ["NHS", "Local authority", "VCSE", "Community member", "Other", ""]
WORDS = ["the", "board", "agreed", "with", "and", "said", "we", "will", "Priyanka",
         "Joanna", "trust", "housing", "(", ")", ",", ".", ":", "-", "\n", "#"]

people_lists = st.lists(
    st.builds(Participant, st.builds(lambda first, last: f"{first} {last}", st.sampled_from(FIRST),
                                     st.sampled_from(LAST)),
              st.sampled_from(["Northfield Council", "Food Bank", ""]),
              st.sampled_from(SECTORS),
              st.sampled_from([(), ("facilitator",), ("lead",)]), st.booleans()),
    min_size=1, max_size=6, unique_by=lambda p: p.id)


@st.composite
def texts_with_names(draw: st.DrawFn, people: list[Participant]) -> str:
    forms = []
    for person in people:
        first = person.name.split()[0]
        forms += [person.name, first, f"{first}'s", f"{person.name}’s",
                  "Dr " + person.name.split()[-1], person.name.replace(" ", "\n")]
    pieces = draw(st.lists(st.sampled_from(forms) | st.sampled_from(WORDS), max_size=25))
    cased = [draw(st.sampled_from([p, p.lower(), p.upper()])) for p in pieces]
    return " ".join(cased)


@st.composite
def generated_sessions(draw: st.DrawFn) -> list[Session]:
    people = draw(people_lists)
    sessions = []
    for day in range(1, draw(st.integers(1, 3)) + 1):
        present = draw(st.lists(st.sampled_from(people), min_size=1, unique_by=lambda p: p.id))
        ids = [p.id for p in present]
        notes = tuple(Note(draw(st.sampled_from(ids)), draw(texts_with_names(people)))
                      for _ in range(draw(st.integers(0, 2))))
        session = meeting_session(
            present, text=draw(texts_with_names(people)), day=day, notes=notes,
            checkin={pid: draw(texts_with_names(people)) for pid in ids[:2]},
            orders={"purpose": ids},
            ratings={"purpose.impact": {pid: 3 for pid in ids}},
            actions=[Action(f"a{day}", draw(texts_with_names(people)),
                            ", ".join(p.name for p in present[:2]))],
            reviews=[Review(Action("a0", draw(texts_with_names(people)), present[0].name),
                            "done", draw(texts_with_names(people)))],
            key_messages=[draw(texts_with_names(people))])
        session.title = draw(texts_with_names(people))
        author = draw(st.sampled_from(people))
        session.author = Author(author.name, author.organisation, author.sector)
        sessions.append(session)
    return sessions


def _whole_word(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split())
                      + r"(?!\w)", re.IGNORECASE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_sessions())
def test_no_name_or_first_name_survives_a_public_redaction(sessions: list[Session]) -> None:
    people = {p.name for s in sessions if s.meeting for p in s.meeting.participants}
    assume(people)
    result = redact(sessions, public=True)
    # Everything the log would hold: front matter (people, orders, actions, author) and body.
    written = "\n".join(render_log(s) for s in result.sessions)
    for name in people:
        for form in (name, name.split()[0]):
            assert not _whole_word(form).search(written), (form, written)


# -- one Redactor for a whole report ---------------------------------------------------------------
def test_one_redactor_shows_each_person_the_same_way_in_every_session() -> None:
    from dataclasses import replace as copy

    from reflect_cli.domain.redact import Redactor

    other = Participant("Jo Bell", "Eastgate Carers", "VCSE")
    first = meeting_session([AISHA, other, TOM], text="Jo and Aisha Khan disagreed.", day=5)
    second = meeting_session([other, PRIYA], text="Jo Bell again.", day=12)
    # Tom agreed later: what he said last counts, even in a report on the earlier meetings.
    later = meeting_session([copy(TOM, named_in_reports=True)], day=20)
    # Fatima was only at a meeting the report knows in part (an older action's owner).
    fatima = Participant("Fatima Begum", "Eastgate Carers", "VCSE")
    redactor = Redactor([first, second], consent_from=[later],
                        meetings=[Meeting(participants=[fatima])])

    one, two = redactor.session(first), redactor.session(second)
    assert one.answers[0].text == "A VCSE member (2) and a VCSE member (1) disagreed."
    assert two.answers[0].text == "A VCSE member (2) again."  # Jo, the same number
    assert one.meeting is not None
    assert [p.name for p in one.meeting.participants] == [
        "a VCSE member (1)", "a VCSE member (2)", "Tom Reed"]
    old = redactor.meeting(Meeting(actions=[Action("a-1", "Call Fatima", "Fatima Begum")]))
    assert (old.actions[0].text, old.actions[0].owner) == ("Call a VCSE member", "a VCSE member")
    # What the report says names only the people of its own sessions.
    assert redactor.naming == ("Only the people who agreed to be named are named (Priya Shah, "
                               "Tom Reed); everyone else appears by their role or sector.")
    assert redactor.items == ()
    assert Redactor([first], public=True).items == (
        "the check-in round", "the notes of what each person said",
        "each person's own rating (the group's ratings are kept)")
