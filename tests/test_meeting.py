"""Pure tests of the meeting model: speaking order, rating spreads, time, actions."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect_cli.domain.meeting import (
    Action,
    Meeting,
    Participant,
    Review,
    carried_over_due,
    disagreement_threshold,
    join_owners,
    make_review,
    next_rotation,
    overdue_since,
    parse_ratings,
    participation,
    person_id,
    planned_seconds,
    select_actions,
    speaking_order,
    spread,
    track_actions,
)

PEOPLE = [
    Participant("Aisha Khan", "Northfield Food Bank", "VCSE", ("facilitator",)),
    Participant("Tom Reed", "Northfield NHS Trust", "NHS", ("lead",)),
    Participant("Ravi Patel", "Northfield NHS Trust", "NHS"),
    Participant("Priya Shah", "Northfield Council", "Local authority"),
    Participant("Sam Okafor", "Eastgate Tenants", "Community member"),
    Participant("Jo Bell", "Age Concern", "VCSE"),
]


def names(order: list[Participant]) -> list[str]:
    return [p.name for p in order]


def test_everyone_speaks_once_per_question() -> None:
    for offset in range(20):
        order = speaking_order(PEOPLE, offset)
        assert sorted(names(order)) == sorted(p.name for p in PEOPLE)


def test_the_lead_partner_never_speaks_first_and_the_facilitator_speaks_last() -> None:
    for offset in range(50):
        order = speaking_order(PEOPLE, offset)
        assert not order[0].is_lead
        assert order[-1].is_facilitator
        assert order[-2].is_lead


def test_going_first_rotates_fairly_over_many_questions_and_sessions() -> None:
    regular = [p for p in PEOPLE if not (p.is_lead or p.is_facilitator)]
    # Eight meetings of six questions, each meeting carrying on the rotation.
    rotation, firsts = 0, Counter()
    for _ in range(8):
        meeting = Meeting(participants=list(PEOPLE), rotation=rotation)
        for question in range(6):
            order = speaking_order(PEOPLE, meeting.rotation + question)
            meeting.orders[f"q{question}"] = [p.id for p in order]
            firsts[order[0].name] += 1
        rotation = next_rotation(meeting)
    counts = [firsts[p.name] for p in regular]
    assert set(firsts) == {p.name for p in regular}
    assert max(counts) - min(counts) <= 1


def test_the_same_organisation_does_not_open_two_questions_running() -> None:
    for offset in range(30):
        first = speaking_order(PEOPLE, offset)[0]
        following = speaking_order(PEOPLE, offset + 1)[0]
        assert first.organisation != following.organisation


COLLEAGUES = [Participant("A1", "Org A"), Participant("A2", "Org A"), Participant("B1", "Org B"),
              Participant("C1", "Org C")]


@pytest.mark.parametrize("offset", range(8))
def test_colleagues_never_speak_one_after_the_other_when_others_can(offset: int) -> None:
    order = speaking_order(COLLEAGUES, offset)
    for a, b in itertools.pairwise(order):
        assert a.organisation != b.organisation, names(order)


def test_colleagues_still_take_their_turn_at_going_first() -> None:
    firsts = Counter(speaking_order(COLLEAGUES, offset)[0].name for offset in range(8))
    assert firsts == {"A1": 2, "A2": 2, "B1": 2, "C1": 2}


def colleagues_side_by_side(order: list[Participant]) -> list[tuple[str, str]]:
    return [(a.name, b.name) for a, b in itertools.pairwise(order)
            if a.organisation and a.organisation.strip().lower() == b.organisation.strip().lower()]


def test_the_lead_partners_colleague_does_not_speak_just_before_her() -> None:
    # Two people of one trust, the lead going after the others: over six questions her
    # colleague never lands right before her, although every order puts the lead after him.
    people = [Participant("Fatima Begum", "Eastgate Tenants", "Community member"),
              Participant("Dr Helen Shaw", "Northfield NHS Trust", "NHS", ("lead",)),
              Participant("Raj Patel", "Northfield NHS Trust", "NHS"),
              Participant("Glenys Morgan", "Resident", "Community member"),
              Participant("Priya Shah", "Northfield Council", "Local authority"),
              Participant("Aisha Khan", "Northfield Food Bank", "VCSE", ("facilitator",))]
    for offset in range(6):
        order = speaking_order(people, offset)
        assert names(order)[-2:] == ["Dr Helen Shaw", "Aisha Khan"]
        assert colleagues_side_by_side(order) == [], names(order)
    openers = {speaking_order(people, offset)[0].name for offset in range(4)}
    assert openers == {"Fatima Begum", "Raj Patel", "Glenys Morgan", "Priya Shah"}


def _places(order: list[Participant]) -> tuple[list[Participant], ...]:
    regular = [p for p in order if not (p.is_lead or p.is_facilitator)]
    leads = [p for p in order if p.is_lead and not p.is_facilitator]
    return regular, leads, [p for p in order if p.is_facilitator]


def _an_order_without_colleagues_side_by_side(order: list[Participant]) -> bool:
    """Is there any order with the same opener, the others, then the leads, then the
    facilitators, where no two colleagues speak one after the other? (Every one is tried.)"""
    regular, leads, facilitators = _places(order)
    return any(not colleagues_side_by_side([*regular[:1], *rest, *ls, *fs])
               for rest in itertools.permutations(regular[1:])
               for ls in itertools.permutations(leads)
               for fs in itertools.permutations(facilitators))


_PERSON = st.tuples(st.sampled_from(["Trust", "trust ", "Council", "Food Bank", ""]),
                    st.sampled_from([(), (), (), ("lead",), ("facilitator",)]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PERSON, min_size=1, max_size=8), st.integers(0, 20))
def test_colleagues_are_side_by_side_only_when_no_order_avoids_it(
        drawn: list[tuple[str, tuple[str, ...]]], offset: int) -> None:
    people = [Participant(f"P{i}", org, roles=roles) for i, (org, roles) in enumerate(drawn)]
    order = speaking_order(people, offset)
    assert sorted(names(order)) == sorted(names(people))
    regular, leads, facilitators = _places(order)
    assert order == [*regular, *leads, *facilitators]  # the lead's and facilitator's places
    if colleagues_side_by_side(order):
        assert not _an_order_without_colleagues_side_by_side(order), names(order)
    # Avoiding colleagues never costs anyone their turn at going first.
    if regular:
        openers = {speaking_order(people, offset + i)[0].name for i in range(len(regular))}
        assert openers == {p.name for p in regular}


def test_several_leads_take_turns_after_everyone_else() -> None:
    people = [Participant("A", "X", roles=("lead",)), Participant("B", "Y", roles=("lead",)),
              Participant("C", "Z")]
    assert names(speaking_order(people, 0)) == ["C", "A", "B"]
    assert names(speaking_order(people, 1)) == ["C", "B", "A"]


def test_the_next_meeting_never_opens_with_the_same_person() -> None:
    # Three people take turns; six questions a meeting would bring the same opener back.
    people = [Participant("A", "X"), Participant("B", "Y"), Participant("C", "Z"),
              Participant("L", "W", roles=("lead",))]
    rotation, openers = 0, []
    for _ in range(6):
        meeting = Meeting(participants=people, rotation=rotation,
                          orders={f"q{i}": [] for i in range(6)})
        openers.append(speaking_order(people, meeting.rotation)[0].name)
        rotation = next_rotation(meeting)
    assert all(a != b for a, b in itertools.pairwise(openers))
    assert set(openers) == {"A", "B", "C"}


def test_rotation_carries_on_from_the_last_meeting() -> None:
    meeting = Meeting(rotation=4, orders={"purpose": [], "role": [], "learning": []})
    assert next_rotation(meeting) == 7
    assert next_rotation(Meeting(rotation=2)) == 3


@pytest.mark.parametrize(("values", "low", "median", "high", "disagree"), [
    ([3, 3, 4], 3, 3, 4, False),
    ([1, 3, 4], 1, 3, 4, True),
    ([2, 4], 2, 3, 4, False),
    ([1, 5, 5, 5], 1, 5, 5, True),
    ([4], 4, 4, 4, False),
])
def test_spread_and_the_disagreement_rule(values: list[int], low: int, median: float, high: int,
                                          disagree: bool) -> None:
    found = spread(values, 1, 5)
    assert found is not None
    assert (found.low, found.median, found.high, found.disagree) == (low, median, high,
                                                                     disagree)


def test_the_median_is_never_rounded() -> None:
    assert spread([2, 3], 1, 5).median_text == "2.5"  # type: ignore[union-attr]
    assert spread([1, 2, 4, 5], 1, 5).median_text == "3"  # type: ignore[union-attr]
    assert spread([], 1, 5) is None


def test_disagreement_threshold_follows_the_scale() -> None:
    assert disagreement_threshold(1, 5) == 3
    assert disagreement_threshold(1, 4) == 2
    assert disagreement_threshold(0, 10) == 6


def test_parse_ratings_in_order_with_gaps() -> None:
    ids = ["a", "b", "c"]
    assert parse_ratings("4 - 2", ids, 1, 5) == {"a": 4, "c": 2}
    assert parse_ratings("4,3,2", ids, 1, 5) == {"a": 4, "b": 3, "c": 2}
    assert "3 ratings" in str(parse_ratings("4 3", ids, 1, 5))
    assert "outside" in str(parse_ratings("4 3 9", ids, 1, 5))
    assert "not a rating" in str(parse_ratings("4 x 2", ids, 1, 5))


def test_time_is_shared_evenly() -> None:
    assert planned_seconds(90, 6) == 900
    assert planned_seconds(None, 6) is None


def test_participation_counts_notes_per_person_and_sector() -> None:
    meeting = Meeting(participants=list(PEOPLE))
    summary = participation(meeting, ["tom-reed", "tom-reed", "jo-bell"])
    assert dict(summary.by_person)["tom-reed"] == 2
    assert dict(summary.by_sector) == {"VCSE": 1, "NHS": 2, "Local authority": 0,
                                       "Community member": 0}
    assert dict(summary.by_person)["sam-okafor"] == 0


def test_person_ids_are_stable_and_ascii() -> None:
    assert person_id("Aisha Khan") == "aisha-khan"
    assert person_id("  Zoë  O'Neill ") == "zoe-o-neill"
    assert person_id("李明") != person_id("王芳")


def test_actions_carry_over_across_three_sessions() -> None:
    first = Action("s1-1", "Invite housing", "Priya Shah", dt.date(2026, 4, 30), "members")
    second = Action("s1-2", "Book the library", "Jo Bell")
    one = Meeting(actions=[first, second])
    two = Meeting(reviews=[Review(first, "carried over"), Review(second, "done")],
                  actions=[Action("s2-1", "Pay residents for their time", "Tom Reed")])
    three = Meeting(reviews=[Review(first, "done")])
    sessions = [("s3", dt.date(2026, 9, 1), "", three), ("s1", dt.date(2026, 3, 1), "", one),
                ("s2", dt.date(2026, 6, 1), "", two)]
    tracked = {t.action.id: t for t in track_actions(sessions)}
    assert tracked["s1-1"].status == "done"
    assert tracked["s1-1"].history == ((dt.date(2026, 6, 1), "carried over"),
                                       (dt.date(2026, 9, 1), "done"))
    assert tracked["s1-2"].status == "done"
    assert tracked["s2-1"].status == "open"
    open_now = select_actions(tracked.values())
    assert [t.action.id for t in open_now] == ["s2-1"]
    after_two = {t.action.id: t for t in track_actions(sessions[1:])}
    assert [t.action.id for t in select_actions(after_two.values())] == ["s1-1", "s2-1"]
    assert select_actions(tracked.values(), owner="tom") == open_now
    assert len(select_actions(tracked.values(), include_closed=True)) == 3


def test_an_action_carried_over_to_a_new_date_is_due_then() -> None:
    first = Action("s1-1", "Invite housing", "Priya Shah", dt.date(2026, 4, 30))
    review = make_review(first, "carried over", " Heard  nothing\nback ", dt.date(2026, 7, 31))
    assert review == Review(Action("s1-1", "Invite housing", "Priya Shah", dt.date(2026, 7, 31)),
                            "carried over", "Heard nothing back", was_due=dt.date(2026, 4, 30))
    # Kept its date, or not carried over: the action as it was, nothing kept as before.
    assert make_review(first, "carried over", "", first.due) == Review(first, "carried over")
    assert make_review(first, "done", "", dt.date(2027, 1, 1)) == Review(first, "done")
    sessions = [("s1", dt.date(2026, 3, 1), "", Meeting(actions=[first])),
                ("s2", dt.date(2026, 6, 1), "", Meeting(reviews=[review]))]
    (tracked,) = track_actions(sessions)
    assert (tracked.action.due, tracked.status) == (dt.date(2026, 7, 31), "carried over")
    # A review written before new dates existed copied the old date: nothing changes.
    older = [sessions[0], ("s2", dt.date(2026, 6, 1), "", Meeting(reviews=[
        Review(first, "carried over")]))]
    assert track_actions(older)[0].action.due == dt.date(2026, 4, 30)


def test_overdue_and_the_date_offered_when_carrying_over() -> None:
    action = Action("a", "Book the hall", due=dt.date(2026, 4, 30))
    assert overdue_since(action, dt.date(2026, 5, 1)) == dt.date(2026, 4, 30)
    assert overdue_since(action, dt.date(2026, 4, 30)) is None  # due today is not late yet
    assert overdue_since(Action("b", "No date"), dt.date(2030, 1, 1)) is None
    assert carried_over_due(action, dt.date(2026, 4, 1)) == dt.date(2026, 4, 30)  # in time
    assert carried_over_due(action, dt.date(2026, 5, 1)) == dt.date(2026, 5, 29)  # four weeks
    assert carried_over_due(Action("b", "No date"), dt.date(2026, 5, 1)) == dt.date(2026, 5, 29)


def test_an_action_can_have_several_owners_in_one_text() -> None:
    assert join_owners(["Priya Shah", " Jo  Bell ", "", "Priya Shah"]) == "Priya Shah, Jo Bell"
    assert Action("a", "x", "Priya Shah, Jo Bell").owners == ("Priya Shah", "Jo Bell")
    assert Action("a", "x", "Tom Reed and Aisha Khan").owners == ("Tom Reed and Aisha Khan",)
    assert Action("a", "x").owners == ()
    tracked = track_actions([("s1", dt.date(2026, 3, 1), "", Meeting(actions=[
        Action("s1-1", "x", "Priya Shah, Jo Bell")]))])
    assert len(select_actions(tracked, owner="jo bell")) == 1


def test_a_review_counts_whatever_order_the_meetings_were_written_in() -> None:
    action = Action("s1-1", "Invite housing", "Priya Shah")
    agreed = Meeting(actions=[action])
    # The same day, written up a little later: its review must count.
    same_day = Meeting(reviews=[Review(action, "done")])
    tracked = track_actions([("s2", dt.date(2026, 4, 1), "2026-04-01T15:00:00", same_day),
                             ("s1", dt.date(2026, 4, 1), "2026-04-01T10:00:00", agreed)])
    assert [(t.action.id, t.status) for t in tracked] == [("s1-1", "done")]
    # A meeting entered afterwards with an earlier date (--date) that reviews it.
    backdated = Meeting(reviews=[Review(action, "dropped")])
    tracked = track_actions([("s1", dt.date(2026, 4, 1), "", agreed),
                             ("s0", dt.date(2026, 3, 1), "", backdated)])
    assert tracked[0].status == "dropped"


def test_a_review_of_an_action_whose_log_is_gone_still_counts() -> None:
    action = Action("gone-1", "Book the library", "Jo Bell")
    tracked = track_actions([("s2", dt.date(2026, 6, 1), "",
                              Meeting(reviews=[Review(action, "carried over")]))])
    assert [(t.action.text, t.status, t.is_open) for t in tracked] == [
        ("Book the library", "carried over", True)]


def test_a_ratings_line_says_who_gets_what_as_it_is_typed() -> None:
    from reflect_cli.domain.meeting import ratings_so_far

    people = ["fatima", "marcus", "raj"]
    assert ratings_so_far("4 3", people, 1, 5) == (
        [("fatima", "4"), ("marcus", "3"), ("raj", "?")], 0)
    assert ratings_so_far("4,_ 9", people, 1, 5) == (
        [("fatima", "4"), ("marcus", "-"), ("raj", "9 (?)")], 0)
    assert ratings_so_far("1 2 3 4 x", people, 1, 5)[1] == 2
