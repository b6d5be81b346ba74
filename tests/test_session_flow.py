"""The whole session flow (setup, check-in, resume, reviews, the questions, closing actions),
run with a scripted prompter instead of a person at a terminal."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest
from helpers import drafts, read_log
from scripted import ScriptedPrompter

from reflect_cli.app.session_flow import SessionOptions, run_session, scripted_session
from reflect_cli.domain.asking import (
    DraftState,
    EachRated,
    Interrupted,
    RatingsLine,
    ReviewInterrupted,
    Said,
    SessionPrompter,
    new_session,
    plan_steps,
)
from reflect_cli.domain.meeting import Participant, make_review
from reflect_cli.domain.model import Answer, Framework, Session
from reflect_cli.storage import open_store, read_session
from reflect_cli.storage.logfile import render_log
from reflect_cli.terminal.prompting import TerminalPrompter

ROLE = ["role.change", "role.other_work", "role.distinctiveness"]
PEOPLE = [Participant("Aisha Khan", "Northfield Food Bank", "VCSE", ("facilitator",)),
          Participant("Tom Reed", "Northfield NHS Trust", "NHS", ("lead",)),
          Participant("Priya Shah", "Northfield Council", "Local authority")]


def session_with(framework: Framework, journal: Path, prompter: ScriptedPrompter,
                 people: list[Participant] | None = None,
                 **options: object) -> tuple[Session, Path] | None:
    """Run `reflect session` with these options, the prompter answering; the script must be
    used up."""
    with open_store(journal) as store:
        result = run_session(framework, store, SessionOptions(**options),  # type: ignore[arg-type]
                             prompter, people=people)
    prompter.done()
    return result


def only_draft(journal: Path) -> tuple[Session, DraftState]:
    (draft,) = drafts(journal)
    assert draft.session is not None
    return draft.session, DraftState.take_from(draft.session)


def test_a_journal_entry_asks_title_kind_and_each_prompt(framework: Framework,
                                                         journal: Path) -> None:
    prompter = ScriptedPrompter(("title", "Spring"), ("kind", "journal"), ("answer", "One"),
                                ("answer", None), ("answer", "Three"))
    result = session_with(framework, journal, prompter, questions=("role",))
    assert result is not None
    session = read_log(result[1])
    assert (session.title, session.kind) == ("Spring", "journal")
    assert [(a.prompt_id, a.text) for a in session.answers] == [
        ("role.change", "One"), ("role.other_work", ""), ("role.distinctiveness", "Three")]
    assert "draft_plan" not in result[1].read_text(encoding="utf-8")
    assert drafts(journal) == []
    assert prompter.sections == ["role"]


def test_pick_asks_which_questions(framework: Framework, journal: Path) -> None:
    prompter = ScriptedPrompter(("pick", ["role"]), ("title", ""), ("kind", "journal"),
                                *[("answer", None)] * 3)
    result = session_with(framework, journal, prompter, pick=True)
    assert result is not None
    assert result[0].sections == ["role"]
    assert [a.prompt_id for a in result[0].answers] == ROLE


def write_earlier_meeting(framework: Framework, journal: Path, tmp_path: Path) -> None:
    """A meeting in January with the three people and an open action: Book the hall."""
    people = "".join(f"  - name: {p.name}\n    organisation: {p.organisation}\n"
                     f"    sector: {p.sector}\n" for p in PEOPLE)
    answers = tmp_path / "earlier.yaml"
    answers.write_text(f"participants:\n{people}date: 2026-01-10\npurpose.impact: x\n"
                       "actions:\n  - text: Book the hall\n", encoding="utf-8")
    with open_store(journal) as store:
        scripted_session(framework, store, SessionOptions(answers=str(answers)))


def test_a_meeting_from_who_is_here_to_the_closing_actions(framework: Framework, journal: Path,
                                                           tmp_path: Path) -> None:
    write_earlier_meeting(framework, journal, tmp_path)
    prompter = ScriptedPrompter(
        ("kind", "meeting"), ("people", PEOPLE[:2]),
        ("check-in?", True), ("check-in", "Glad to be here"), ("check-in", ""),
        ("review", "done"),
        ("answer", Said("Group view")), ("answer", None), ("answer", None),
        ("more actions?", True), ("action", ("Write to the council", "Tom Reed", None)),
        ("more actions?", False),
        ("key messages", ["Housing must be at the table", "Trust is growing"]))
    result = session_with(framework, journal, prompter, questions=("role",), title="April")
    assert result is not None
    # Everyone from the last meeting is offered, those at it ticked.
    assert prompter.gathered == (["aisha-khan", "tom-reed", "priya-shah"],
                                 {"aisha-khan", "tom-reed", "priya-shah"})
    assert "Who is here: Aisha Khan, Tom Reed" in prompter.told
    assert "1 open action from earlier sessions to review:" in "".join(prompter.told)
    session = read_log(result[1])
    assert session.meeting is not None
    assert session.meeting.checkin == {prompter.checkins[0]: "Glad to be here"}
    assert [(r.action.text, r.status) for r in session.meeting.reviews] == [
        ("Book the hall", "done")]
    assert [(a.text, a.owner) for a in session.meeting.actions] == [
        ("Write to the council", "Tom Reed")]
    assert session.answer("role.change").text == "Group view"  # type: ignore[union-attr]
    assert session.meeting.key_messages == ["Housing must be at the table", "Trust is growing"]


def test_ctrl_c_in_the_check_in_keeps_half_a_line_and_the_round_carries_on(
        framework: Framework, journal: Path) -> None:
    first = ScriptedPrompter(("check-in?", True), ("check-in", "Glad to be here"),
                             ("check-in", Interrupted("Half a lin")))
    assert session_with(framework, journal, first, people=PEOPLE, questions=("role",),
                        kind="meeting", title="Interrupted") is None
    assert "To carry on, run: reflect session --resume" in first.told
    draft, state = only_draft(journal)
    assert draft.meeting is not None
    assert draft.meeting.checkin == {first.checkins[0]: "Glad to be here",
                                     first.checkins[1]: "Half a lin"}
    assert (state.checkin_asked, state.checkin_done) == (first.checkins, False)

    # Carried on: no "check-in?" again; the third person speaks, then the questions.
    second = ScriptedPrompter(("check-in", "Ready"), *[("answer", None)] * 3,
                              ("more actions?", False), ("key messages", []))
    result = session_with(framework, journal, second, resume=True)
    assert result is not None
    assert second.checkins == [p.id for p in PEOPLE if p.id not in first.checkins]
    # Before the round goes on, the screen says who has checked in already, and what they said.
    names = {p.id: p.name for p in PEOPLE}
    start = second.told.index("Checked in already:")
    assert second.told[start + 1:start + 3] == [
        f"  {names[first.checkins[0]]}: Glad to be here",
        f"  {names[first.checkins[1]]}: Half a lin"]
    meeting = read_log(result[1]).meeting
    assert meeting is not None
    assert list(meeting.checkin.values()) == ["Glad to be here", "Half a lin", "Ready"]
    assert drafts(journal) == []


def test_a_review_carries_an_action_over_to_a_new_date_with_a_comment(
        framework: Framework, journal: Path, tmp_path: Path) -> None:
    write_earlier_meeting(framework, journal, tmp_path)
    prompter = ScriptedPrompter(
        ("kind", "meeting"), ("people", PEOPLE[:2]), ("check-in?", False),
        ("review", ("carried over", "  It went to the board and\nI heard nothing back ",
                    dt.date(2026, 5, 29))),
        *[("answer", None)] * 3, ("more actions?", False), ("key messages", []))
    result = session_with(framework, journal, prompter, questions=("role",), title="April",
                          date=dt.date(2026, 4, 30))
    assert result is not None
    assert prompter.review_days == [dt.date(2026, 4, 30)]  # overdue is reckoned on its day
    meeting = read_log(result[1]).meeting
    assert meeting is not None
    (review,) = meeting.reviews
    assert (review.status, review.action.due, review.was_due, review.comment) == (
        "carried over", dt.date(2026, 5, 29), None,
        "It went to the board and I heard nothing back")


def test_ctrl_c_in_a_review_comment_keeps_the_review_and_the_words(
        framework: Framework, journal: Path, tmp_path: Path) -> None:
    write_earlier_meeting(framework, journal, tmp_path)
    with open_store(journal) as store:
        (item,) = store.open_actions()
    half = make_review(item.action, "dropped", "The hall is clo")
    first = ScriptedPrompter(("kind", "meeting"), ("people", PEOPLE[:2]), ("check-in?", False),
                             ("review", ReviewInterrupted(half)))
    assert session_with(framework, journal, first, questions=("role",), title="April") is None
    draft, _ = only_draft(journal)
    assert draft.meeting is not None
    assert draft.meeting.reviews == [half]
    # Carried on: the action is decided already, so the questions come next.
    second = ScriptedPrompter(*[("answer", None)] * 3, ("more actions?", False),
                              ("key messages", []))
    result = session_with(framework, journal, second, resume=True)
    assert result is not None
    meeting = read_log(result[1]).meeting
    assert meeting is not None
    assert [(r.status, r.comment) for r in meeting.reviews] == [("dropped", "The hall is clo")]


def test_pause_then_carry_on_from_the_menu_where_it_stopped(framework: Framework,
                                                            journal: Path) -> None:
    first = ScriptedPrompter(("title", "Old"), ("kind", "journal"), ("answer", "One"),
                             ("answer", Interrupted("half of two")), ("stop", "pause"))
    assert session_with(framework, journal, first, questions=("role",)) is None
    assert "Paused with 2 answered and 0 skipped: all kept." in first.told
    draft, state = only_draft(journal)
    assert (state.plan, state.resume_at) == (ROLE, "role.other_work")
    assert draft.answer("role.other_work").text == "half of two"  # type: ignore[union-attr]
    assert draft.extra == {}

    second = ScriptedPrompter(("draft", ("carry on", 0)), ("answer", "Two, finished"),
                              ("answer", "Three"))
    result = session_with(framework, journal, second)
    assert result is not None
    assert 'Carrying on with "Old" (2 answered, 0 skipped so far).' in second.told
    assert [a.text for a in read_log(result[1]).answers] == ["One", "Two, finished", "Three"]


def test_an_unfinished_session_is_thrown_away_only_when_confirmed(framework: Framework,
                                                                  journal: Path) -> None:
    first = ScriptedPrompter(("title", "Old"), ("kind", "journal"), ("answer", "One"),
                             ("answer", Interrupted()), ("stop", "pause"))
    session_with(framework, journal, first, questions=("role",))
    second = ScriptedPrompter(("draft", ("throw away", 0)), ("throw away?", False),
                              ("draft", ("throw away", 0)), ("throw away?", True),
                              ("answer", "New words"))
    result = session_with(framework, journal, second, prompts=("purpose.impact",))
    assert result is not None
    assert second.told.count('Drafts offered: Old') == 2  # asked again after "no"
    assert "Thrown away." in second.told
    assert drafts(journal) == []
    assert read_log(result[1]).answer("purpose.impact").text == "New words"  # type: ignore[union-attr]


def test_a_half_typed_ratings_line_is_kept_in_the_draft_and_comes_back(
        framework: Framework, journal: Path) -> None:
    first = ScriptedPrompter(("check-in?", False), ("answer", Interrupted("3 3 -")),
                             ("stop", "pause"))
    assert session_with(framework, journal, first, people=PEOPLE,
                        prompts=("characteristics.trust",), kind="meeting") is None
    _, state = only_draft(journal)
    assert state.ratings_lines == {"characteristics.trust": "3 3 -"}
    assert state.resume_at == "characteristics.trust"

    second = ScriptedPrompter(("answer", EachRated({"aisha-khan": 3, "tom-reed": 3,
                                                    "priya-shah": 4})),
                              ("more actions?", False), ("key messages", []))
    result = session_with(framework, journal, second, resume=True)
    assert result is not None
    assert second.boxes == {"characteristics.trust": RatingsLine("3 3 -")}
    text = result[1].read_text(encoding="utf-8")
    assert "draft_" not in text
    assert read_log(result[1]).answer("characteristics.trust").rating == 3  # type: ignore[union-attr]


def test_a_ratings_line_stays_in_the_draft_until_its_box_shows_it(framework: Framework) -> None:
    from reflect_cli.domain.asking import StopAndPause, run

    steps = plan_steps(framework, prompt_ids=["characteristics.trust", "characteristics.power"])
    session = new_session(framework, steps)
    state = DraftState(ratings_lines={"characteristics.power": "2 -"})
    saved: list[dict[str, str]] = []
    # Ctrl-C at the first prompt: the line for the second is still saved with the draft.
    prompter = ScriptedPrompter(("answer", Interrupted()), ("stop", "pause"))
    with pytest.raises(StopAndPause):
        run(session, steps, prompter, lambda s: saved.append(dict(state.ratings_lines)),
            state=state)
    assert saved == [{"characteristics.power": "2 -"}]
    # Ctrl-C at its prompt before its box was shown: it goes back into the draft.
    prompter = ScriptedPrompter(("answer", KeyboardInterrupt()), ("stop", "pause"))
    with pytest.raises(StopAndPause):
        run(session, steps, prompter, lambda s: None, start=1, state=state)
    assert state.ratings_lines == {"characteristics.power": "2 -"}


def test_a_draft_written_by_an_earlier_reflect_is_carried_on(framework: Framework,
                                                             journal: Path) -> None:
    """Drafts before DraftState kept the same keys in front matter: they are read as ever."""
    steps = plan_steps(framework, ["role"])
    session = new_session(framework, steps, title="Before the upgrade")
    session.answers.append(Answer("role.change", "role", text="Written before"))
    session.extra.update({"draft_plan": ROLE, "draft_resume_at": "role.distinctiveness",
                          "draft_ratings_lines": {"no.such": "1"}})
    with open_store(journal) as store:
        store.save_draft(session)
    prompter = ScriptedPrompter(("answer", "After it"))
    result = session_with(framework, journal, prompter, resume=True)
    assert result is not None
    log = read_log(result[1])
    assert [(a.prompt_id, a.text) for a in log.answers] == [
        ("role.change", "Written before"), ("role.distinctiveness", "After it")]
    assert log.extra == {}


def test_draft_state_round_trips_through_a_draft_file(framework: Framework) -> None:
    session = new_session(framework, plan_steps(framework, ["role"]))
    session.extra["mood"] = "hopeful"  # a key from a newer reflect stays where it is
    state = DraftState(plan=ROLE, checkin_done=True, checkin_asked=["sam"],
                       resume_at="role.change", ratings_lines={"role.change": "1 2"})
    read = read_session(render_log(state.written_into(session)).encode(), "draft.md")
    assert DraftState.take_from(read) == state
    assert read.extra == {"mood": "hopeful"}
    assert session.extra == {"mood": "hopeful"}  # writing it left the session as it was
    assert DraftState.take_from(new_session(framework, [])) == DraftState()


def _members(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")}


@pytest.mark.parametrize("prompter", [TerminalPrompter, ScriptedPrompter])
def test_each_prompter_answers_every_question_of_the_interface(prompter: type) -> None:
    assert _members(SessionPrompter) <= _members(prompter)
    for name in _members(SessionPrompter):
        wanted = list(inspect.signature(getattr(SessionPrompter, name)).parameters)
        assert list(inspect.signature(getattr(prompter, name)).parameters) == wanted, name


def test_the_date_kept_for_each_earlier_answer_reaches_the_prompter(framework: Framework,
                                                                    journal: Path) -> None:
    with open_store(journal) as store:
        earlier = new_session(framework, plan_steps(framework, prompt_ids=["purpose.impact"]),
                              date=dt.date(2026, 1, 10))
        earlier.answers.append(Answer("purpose.impact", "purpose", text="Before"))
        store.write(earlier)
    prompter = ScriptedPrompter(("answer", "Before"))
    session_with(framework, journal, prompter, prompts=("purpose.impact",), from_last=True)
    assert prompter.previous_dates == {"purpose.impact": dt.date(2026, 1, 10)}
    assert prompter.save is not None
