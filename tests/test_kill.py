"""Hostile and unlucky input in a real terminal: `kill -9` straight after each save point
(then resume and find the words), pasted blocks without bracketed paste, and a drafts folder
that cannot be written."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import drafts, log_paths, read_log
from test_interactive import CTRL_A, CTRL_C, DOWN, ENTER, PEOPLE_FILE, Terminal, only_log

from reflect_cli.domain.asking import RATINGS_LINE_KEY
from reflect_cli.domain.model import Session

MEETING = ("--participants", str(PEOPLE_FILE), "--kind", "meeting", "--title", "Killed")


def kill(term: Terminal) -> None:
    term.child.kill(signal.SIGKILL)
    term.child.close()


def draft_when(journal: Path, ready: Callable[[Session], bool], seconds: float = 8) -> Session:
    """The draft, once it shows what `ready` looks for (saved while typing, every 2 s)."""
    end = time.monotonic() + seconds
    while True:
        found = [d.session for d in drafts(journal) if d.session is not None]
        if found and ready(found[0]):
            return found[0]
        assert time.monotonic() < end, "the draft never showed it"
        time.sleep(0.1)


def resume(journal: Path) -> Terminal:
    term = Terminal(journal, "session", "--resume")
    term.expect("Carrying on with \"Killed\"")
    return term


def no_check_in(term: Terminal) -> None:
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)


def finish_meeting(term: Terminal) -> Session:
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    journal = Path(term.child.env["REFLECT_DIR"])  # type: ignore[index]
    return read_log(next(p for p in log_paths(journal) if "killed" in p.name))


# -- kill -9 straight after each save point ---------------------------------------------------
def test_kill_after_an_answer(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "role", "--title", "Killed", "--kind", "journal")
    term.answer("Saved as soon as it is finished")
    term.expect("Prompt 2 of 3")
    kill(term)
    term = resume(journal)
    term.expect("Prompt 2 of 3")
    term.skip_text()
    term.skip_text()
    term.finish()
    assert read_log(only_log(journal)).answer("role.change").text == (
        "Saved as soon as it is finished")


def test_kill_after_a_note_keeps_the_note_and_the_answer_so_far(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact", *MEETING)
    no_check_in(term)
    term.expect("Ctrl-N: a note from one person")
    term.send("Group view")
    term.expect_typed("Group view")
    term.note(1, "Sam Okafor", "We are heard")
    kill(term)
    term = resume(journal)
    term.expect_typed("Group view")  # back in its box
    term.send(ENTER + ENTER)
    answer = finish_meeting(term).answer("purpose.impact")
    assert answer.text == "Group view"
    assert [(n.speaker, n.text) for n in answer.notes] == [("sam-okafor", "We are heard")]


def test_kill_after_an_action(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact", *MEETING)
    no_check_in(term)
    term.expect("Ctrl-N: a note from one person")
    term.send("Typed before the action")
    term.expect_typed("Typed before the action")
    term.send(CTRL_A)
    term.expect("What is the action?")
    term.send("Book the hall" + ENTER)
    term.expect("Nobody yet")
    term.send(ENTER)  # the first person
    term.expect("By when?")
    term.send(ENTER)
    term.expect("Action added: Book the hall")
    kill(term)
    term = resume(journal)
    term.expect_typed("Typed before the action")
    term.send(ENTER + ENTER)
    session = finish_meeting(term)
    assert session.answer("purpose.impact").text == "Typed before the action"
    assert session.meeting is not None
    assert [a.text for a in session.meeting.actions] == ["Book the hall"]


def test_kill_after_a_check_in_line(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact", *MEETING)
    term.expect("Start with a check-in round?")
    term.send("y" + ENTER)
    term.child.expect(r"Order: ([^\r\n]+)")
    order = term.child.match.group(1).strip().split(", ")
    term.expect(f"{order[0]}:")
    term.send("Glad to be here" + ENTER)
    term.expect(f"{order[1]}:")
    kill(term)
    term = resume(journal)
    for name in order[1:]:
        term.expect(f"{name}:")
        term.send(ENTER)
    term.skip_text()
    session = finish_meeting(term)
    assert session.meeting is not None
    assert list(session.meeting.checkin.values()) == ["Glad to be here"]


def test_kill_after_a_review(journal: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    people = PEOPLE_FILE.read_text(encoding="utf-8")
    text = "participants:\n" + "".join(f"  {line}\n" for line in people.splitlines()
                                          if not line.startswith("#"))
    text += ("date: 2026-01-10\npurpose.impact: x\nactions:\n  - text: Book the hall\n"
             "  - text: Write to the council\n")
    earlier = journal.parent / "earlier.yaml"
    earlier.write_text(text, encoding="utf-8")
    assert invoke("session", "--answers", str(earlier)).exit_code == 0
    term = Terminal(journal, "session", "-p", "purpose.impact", *MEETING)
    no_check_in(term)
    term.expect("2 open actions from earlier sessions to review")
    term.expect("Book the hall")
    term.expect("Skip for now")
    term.send(ENTER)  # the first: done
    term.expect("Anything to note about it for the log?")
    term.send(ENTER)
    term.expect("Write to the council")
    term.expect("Skip for now")
    kill(term)
    term = resume(journal)
    term.expect("Write to the council")  # the first is decided already
    term.expect("Skip for now")
    term.send(DOWN * 3 + ENTER)
    term.skip_text()
    session = finish_meeting(term)
    assert session.meeting is not None
    assert [(r.action.text, r.status) for r in session.meeting.reviews] == [
        ("Book the hall", "done")]


def each_person_rates(term: Terminal) -> None:
    term.expect("How will you rate the characteristics?")
    term.send(ENTER)  # each person gives their own rating


def test_kill_after_a_ratings_line(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "characteristics.trust", "-p",
                    "characteristics.agreement", *MEETING)
    no_check_in(term)
    each_person_rates(term)
    term.expect("Ratings:")
    term.send("4 5 3 1 3" + ENTER)
    term.expect("Did the group agree a rating?")
    term.send(ENTER)  # no: the median stands
    term.expect("Prompt 2 of 2")
    term.expect("Ratings:")
    kill(term)
    term = resume(journal)
    term.expect("Prompt 2 of 2")  # the first is answered
    each_person_rates(term)
    term.expect("Ratings:")
    term.send(ENTER)
    session = finish_meeting(term)
    assert session.meeting is not None
    assert sorted(session.meeting.ratings["characteristics.agreement"].values()) == [
        1, 3, 3, 4, 5]


def test_kill_while_typing_keeps_what_was_typed_a_moment_ago(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "role", "--title", "Killed", "--kind", "journal")
    term.answer("First")
    term.expect("Prompt 2 of 3")
    term.send("Half an answer, then the laptop died")
    draft_when(journal, lambda s: s.answer("role.other_work") is not None)
    kill(term)
    term = resume(journal)
    term.expect("Prompt 2 of 3")  # carries on with the answer being written
    term.expect_typed("Half an answer, then the laptop died")
    term.send(" and came back" + ENTER + ENTER)
    term.skip_text()
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("role.change").text == "First"
    assert session.answer("role.other_work").text == (
        "Half an answer, then the laptop died and came back")


def test_kill_while_taking_a_note_keeps_the_half_note(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact", *MEETING)
    no_check_in(term)
    term.expect("Ctrl-N: a note from one person")
    term.send("Group view")
    term.expect_typed("Group view")
    term.start_note(0, "Priya Shah")
    term.send("Half a thou")
    draft_when(journal, lambda s: bool(s.answer("purpose.impact")
                                       and s.answer("purpose.impact").notes))  # type: ignore[union-attr]
    kill(term)
    term = resume(journal)
    term.expect_typed("Group view")
    term.send(ENTER + ENTER)
    answer = finish_meeting(term).answer("purpose.impact")
    assert answer.text == "Group view"
    assert [(n.speaker, n.text) for n in answer.notes] == [("priya-shah", "Half a thou")]


@pytest.mark.parametrize("stop", ["kill", "pause"])
def test_a_half_typed_ratings_line_comes_back(journal: Path, stop: str) -> None:
    term = Terminal(journal, "session", "-p", "characteristics.trust", *MEETING)
    no_check_in(term)
    each_person_rates(term)
    term.expect("Ratings:")
    term.send("3 3 -")
    # Who gets which rating is drawn above the line at each key, between the typed keys:
    # Ctrl-L draws the screen again, with the line whole.
    term.send("\x0c")
    term.expect_typed("3 3 -")
    if stop == "kill":
        draft_when(journal, lambda s: s.extra.get(RATINGS_LINE_KEY) == {
            "characteristics.trust": "3 3 -"})
        kill(term)
    else:
        term.send(CTRL_C)
        term.expect("Throw this session away")
        term.send(DOWN + ENTER)  # pause
        term.expect("reflect session --resume")
        term.finish()
    term = resume(journal)
    each_person_rates(term)
    term.expect("Ratings:")
    term.expect_typed("3 3 -")
    term.send(" 4 5" + ENTER)
    term.expect("Did the group agree a rating?")
    term.send(ENTER)  # no: the median stands
    session = finish_meeting(term)
    assert session.meeting is not None
    assert sorted(session.meeting.ratings["characteristics.trust"].values()) == [3, 3, 4, 5]
    assert RATINGS_LINE_KEY not in session.extra


# -- pasting without bracketed paste ----------------------------------------------------------
@pytest.mark.parametrize("newline", ["\r", "\n"])
def test_a_pasted_block_with_blank_lines_stays_in_one_answer(journal: Path,
                                                             newline: str) -> None:
    term = Terminal(journal, "session", "-q", "role", "--title", "Pasted", "--kind", "journal")
    term.expect("Press Enter twice to finish")
    block = "\n\nFirst paragraph\n\nSecond paragraph\n\n\nThird paragraph\n\n"
    term.child.send(block.replace("\n", newline))  # one write, as a terminal pastes
    term.expect_typed("Third paragraph")
    term.send("more")  # still the same box: the blank lines did not finish it
    term.send(ENTER + ENTER)
    term.expect("Prompt 2 of 3")
    term.answer("Two")
    term.skip_text()
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("role.change").text == (
        "First paragraph\n\nSecond paragraph\n\n\nThird paragraph\n\nmore")
    assert session.answer("role.other_work").text == "Two"


def test_keys_delivered_in_one_batch_never_end_an_answer_by_themselves(journal: Path) -> None:
    # A remote desktop may deliver "text, Enter, Enter" at once: that is a new line, and one
    # more Enter (alone) finishes; the words are the same either way.
    term = Terminal(journal, "session", "-q", "role", "--title", "Batched", "--kind", "journal")
    term.expect("Press Enter twice to finish")
    term.child.send("Typed over Citrix\r\r")
    term.expect_typed("Typed over Citrix")
    time.sleep(0.3)
    term.send(ENTER)
    term.expect("Prompt 2 of 3")
    term.child.send("\r\r\r")  # Enters alone: the first skips, the others are dropped
    term.expect("Prompt 3 of 3")
    term.answer("Three")
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("role.change").text == "Typed over Citrix"
    assert session.answer("role.other_work").skipped
    assert session.answer("role.distinctiveness").text == "Three"


# -- a drafts folder that cannot be written ---------------------------------------------------
def test_a_draft_that_cannot_be_saved_is_saved_elsewhere_or_again(journal: Path,
                                                                  tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the drafts folder should be", encoding="utf-8")
    elsewhere = tmp_path / "stick"
    elsewhere.mkdir()
    term = Terminal(journal, "session", "-q", "role", "--title", "Killed", "--kind", "journal",
                    env={"REFLECT_DRAFTS_DIR": str(blocked)})
    term.expect("Your draft cannot be saved")
    term.expect("Nothing is lost")
    term.expect("Carry on without saving the draft")
    term.send(DOWN + ENTER)  # save it in another folder
    term.expect("Which folder?")
    term.send(str(elsewhere) + ENTER)
    term.expect("reflect saves there from now on")
    term.answer("Kept on the memory stick")
    term.expect("Prompt 2 of 3")
    kill(term)
    (saved,) = elsewhere.iterdir()
    assert read_log(saved).answer("role.change").text == "Kept on the memory stick"
    assert "Traceback" not in str(term.child.before)

    term = Terminal(journal, "session", "-p", "purpose.impact",
                    env={"REFLECT_DRAFTS_DIR": str(blocked)})
    term.expect("Your draft cannot be saved")
    term.expect("Carry on without saving the draft")
    blocked.unlink()  # space made, say
    term.send(ENTER)  # try again
    term.answer("Saved after trying again")
    term.finish()
    (newest,) = log_paths(journal)  # the first session was killed before it was saved
    assert read_log(newest).answer("purpose.impact").text == "Saved after trying again"


