"""The terminal prompter's own prompts, driven through prompt_toolkit's pipe input with its
output thrown away, as questionary's tests drive theirs. What only a real terminal shows (the
screen, the editor, keys arriving one by one) is left to tests/test_interactive.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from reflect_cli.domain.asking import Interrupted, ReviewInterrupted, new_session, plan_steps
from reflect_cli.domain.meeting import Action, Participant, Review, TrackedAction
from reflect_cli.domain.model import Framework
from reflect_cli.terminal import prompting

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_B = "\x02"
CTRL_C = "\x03"


@pytest.fixture
def keys() -> Iterator[Any]:
    """Send keys (before the prompt starts) to every prompt asked in the test."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe.send_text


def test_a_line_is_typed_and_finished_with_enter(keys: Any) -> None:
    keys("  Spring review " + ENTER)
    assert prompting.ask_line("Title (optional, press Enter to leave it out):") == "Spring review"


def test_ctrl_c_on_a_line_carries_what_was_typed(keys: Any, framework: Framework) -> None:
    keys("Half a lin" + CTRL_C)
    with pytest.raises(Interrupted) as stopped:
        prompting.TerminalPrompter(framework).checkin(Participant("Sam Okafor"))
    assert stopped.value.text == "Half a lin"
    assert isinstance(stopped.value, KeyboardInterrupt)  # what catches Ctrl-C catches it


def test_a_choice_follows_the_arrow_keys(keys: Any) -> None:
    keys(DOWN + ENTER)
    assert prompting.choose("What kind of session is this?",
                            [("A partnership meeting", "meeting"),
                             ("My own journal entry", "journal")]) == "journal"


def test_a_choice_starts_at_its_default(keys: Any) -> None:
    keys(ENTER)
    assert prompting.choose("Who is facilitating?", [("Sam", "sam"), ("Jo", "jo"),
                                                     ("Nobody in particular", None)],
                            default="jo") == "jo"


@pytest.mark.parametrize(("typed", "default", "answer"), [
    ("y" + ENTER, False, True), ("n" + ENTER, True, False), (ENTER, True, True),
    (ENTER, False, False)])
def test_yes_or_no_waits_for_enter(keys: Any, typed: str, default: bool, answer: bool) -> None:
    keys(typed)
    assert prompting.confirm("Start with a check-in round?", default=default) is answer


def test_ctrl_c_on_a_choice_is_keyboard_interrupt(keys: Any) -> None:
    keys(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompting.choose("What happened to it?", [("Done", "done"), ("Skip for now", None)])


def test_the_unfinished_session_menu(keys: Any, framework: Framework) -> None:
    old = new_session(framework, plan_steps(framework, ["role"]), title="Old")
    newer = new_session(framework, plan_steps(framework, ["role"]), title="Newer")
    terminal = prompting.TerminalPrompter(framework)
    keys(ENTER)
    assert terminal.choose_draft([old, newer], new_asked=False) == ("carry on", old)
    keys(ENTER)  # a new session was asked for, so the pointer starts at "new"
    assert terminal.choose_draft([old, newer], new_asked=True) is None
    keys(DOWN * 4 + ENTER)  # carry on old, carry on newer, new, throw away old, newer
    assert terminal.choose_draft([old, newer], new_asked=False) == ("throw away", newer)
    keys(ENTER)
    assert terminal.confirm_throw_away(old) is False  # "cannot be undone": no by default


def test_reviewing_an_action_starts_at_done(keys: Any, framework: Framework) -> None:
    item = TrackedAction(Action("a1", "Book the hall", "Sam", dt.date(2026, 2, 1)), "s1",
                         dt.date(2026, 1, 10), "open")
    terminal = prompting.TerminalPrompter(framework)
    keys(ENTER + ENTER)  # done, nothing to note
    assert terminal.review_action(item, dt.date(2026, 3, 1)) == Review(item.action, "done")
    keys(DOWN * 3 + ENTER)
    assert terminal.review_action(item, dt.date(2026, 3, 1)) is None  # skip for now


BACKSPACE = "\x7f"


def test_carrying_an_overdue_action_over_offers_a_new_date_and_takes_a_comment(
        keys: Any, framework: Framework) -> None:
    item = TrackedAction(Action("a1", "Ask the board for a room", "Sam, Jo",
                                dt.date(2026, 2, 1)), "s1", dt.date(2026, 1, 10), "open")
    terminal = prompting.TerminalPrompter(framework)
    # Carry over; the box offers four weeks from the meeting (Enter keeps it); a comment.
    keys(DOWN + ENTER + ENTER + "It went to the board and I heard nothing back" + ENTER)
    review = terminal.review_action(item, dt.date(2026, 3, 5))
    assert review == Review(
        Action("a1", "Ask the board for a room", "Sam, Jo", dt.date(2026, 4, 2)),
        "carried over", "It went to the board and I heard nothing back",
        was_due=dt.date(2026, 2, 1))
    # Another date typed over the one offered (a wrong one first is asked again); no comment.
    keys(DOWN + ENTER + BACKSPACE * 10 + "soon" + ENTER + BACKSPACE * 4 + "30/06/2026" + ENTER
         + ENTER)
    review = terminal.review_action(item, dt.date(2026, 3, 5))
    assert review is not None
    assert (review.action.due, review.comment) == (dt.date(2026, 6, 30), "")
    # The date deleted: carried over with no date.
    keys(DOWN + ENTER + BACKSPACE * 10 + ENTER + ENTER)
    review = terminal.review_action(item, dt.date(2026, 3, 5))
    assert review is not None
    assert (review.action.due, review.was_due) == (None, dt.date(2026, 2, 1))


def test_an_action_still_in_time_keeps_its_date_when_carried_over(keys: Any,
                                                                  framework: Framework) -> None:
    item = TrackedAction(Action("a1", "Book the hall", "Sam", dt.date(2026, 5, 1)), "s1",
                         dt.date(2026, 1, 10), "open")
    keys(DOWN + ENTER + ENTER + ENTER)
    review = prompting.TerminalPrompter(framework).review_action(item, dt.date(2026, 3, 5))
    assert review == Review(item.action, "carried over")


def test_ctrl_c_in_the_comment_keeps_the_decision_and_the_words(keys: Any,
                                                                framework: Framework) -> None:
    item = TrackedAction(Action("a1", "Book the hall", "Sam"), "s1", dt.date(2026, 1, 10),
                         "open")
    keys(DOWN * 2 + ENTER + "We agreed to dr" + CTRL_C)
    with pytest.raises(ReviewInterrupted) as stopped:
        prompting.TerminalPrompter(framework).review_action(item, dt.date(2026, 3, 5))
    assert stopped.value.review == Review(item.action, "dropped", "We agreed to dr")


def test_the_answer_box_carries_its_text_on_ctrl_c_and_ctrl_b(keys: Any,
                                                              framework: Framework) -> None:
    terminal = prompting.TerminalPrompter(framework)
    keys("Half an answer" + CTRL_C)
    with pytest.raises(Interrupted) as stopped:
        terminal._text_box("", can_go_back=True)
    assert stopped.value.text == "Half an answer"
    keys("More" + CTRL_B)
    request = terminal._text_box("Some ", can_go_back=True)
    assert (getattr(request, "kind", None), getattr(request, "text", None)) == (
        "back", "Some More")


CTRL_D = "\x04"


def test_ctrl_d_finishes_a_line_and_an_empty_one_is_left_out(keys: Any) -> None:
    keys("Spring review" + CTRL_D)
    assert prompting.ask_line("Title (optional, press Enter to leave it out):") == "Spring review"
    keys(CTRL_D)  # not the end of reflect: the title is left out, as with Enter
    assert prompting.ask_line("Title (optional, press Enter to leave it out):") == ""


def test_ctrl_d_finishes_an_answer_from_anywhere_and_skips_an_empty_one(
        keys: Any, framework: Framework) -> None:
    terminal = prompting.TerminalPrompter(framework)
    keys("\x1b[D" * 3 + CTRL_D)  # the cursor moved back into the text
    assert terminal._text_box("First line\nSecond", can_go_back=True) == "First line\nSecond"
    keys(CTRL_D)  # an empty answer: skipped, not the Ctrl-C menu
    assert terminal._text_box("", can_go_back=True) == ""


def test_the_rule_for_enter_where_an_answer_ends() -> None:
    # An Enter that comes alone finishes only an empty answer (a skip) or one where the key
    # before was an Enter too; where the cursor is, or a blank line at the end, says nothing.
    # (tests/test_answer_keys.py types it in a real terminal.)
    assert not prompting._enter_finishes("Some text\n", twice=False)
    assert prompting._enter_finishes("Some text", twice=True)
    assert prompting._enter_finishes("  \n", twice=False)


@pytest.mark.parametrize(("typed", "value"), [("4" + ENTER, 4), ("s" + ENTER, "skip"),
                                              ("\x02", "back"), ("1" + DOWN + ENTER, 2)])
def test_a_rating_list_takes_a_typed_number_and_ctrl_b(keys: Any, typed: str,
                                                       value: Any) -> None:
    keys(typed)
    choices = [(label, v) for v, label in ((1, "Not at all"), (2, "A little"), (3, "Partly"),
                                           (4, "Mostly"), (5, "Fully"))]
    assert prompting.choose("How true is this of your partnership now?",
                            [*choices, ("Skip this one", "skip"), ("Back", "back")],
                            shortcuts=["1", "2", "3", "4", "5", "s", "b"],
                            keys={"c-b": "back"}) == value
