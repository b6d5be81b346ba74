"""Real-terminal tests of what each key means, the same in every prompt, at the sizes a
shared screen has (80x24, and a narrow 60x20): how an answer ends (Enter twice, from anywhere;
Ctrl-D), the ratings line, a rating typed as a number, and notes seen, changed, given to the
right person and removed during the meeting."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from helpers import log_paths, read_log
from test_interactive import (
    CTRL_A,
    CTRL_B,
    CTRL_N,
    DOWN,
    ENTER,
    PEOPLE_FILE,
    Terminal,
    only_log,
)

CTRL_D = "\x04"
BACKSPACE = "\x7f"
CTRL_L = "\x0c"  # redraws the whole screen, so what is below the line is shown whole
UP = "\x1b[A"
END = "\x1b[F"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((20, 60), id="60x20")]
CODES = r"(?:\x1b\[[0-9;?]*[a-zA-Z]|\s)*"  # escape codes and line breaks between words


class Screen(Terminal):
    """A reflect process in a pseudo-terminal of a given size (rows, columns)."""

    def expect_words(self, text: str) -> None:
        """Wait for the words, whatever line breaks a narrow screen puts between them."""
        self.child.expect(CODES.join(re.escape(word) for word in text.split()))


@pytest.mark.parametrize("size", SIZES)
def test_ctrl_d_finishes_what_is_typed_everywhere(journal: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-q", "role", size=size)
    term.expect("Title (optional")
    term.send("Keys" + CTRL_D)  # finishes the title; it used to stop reflect (exit 130)
    term.expect("What kind of session is this?")
    term.expect("My own journal entry")
    term.send(DOWN + ENTER)
    term.expect_words("Press Enter twice to finish, wherever you are in the text, or "
                      "Ctrl-D at once; Enter or Ctrl-D on an empty answer skips.")
    term.expect("Ctrl-D: finish")
    term.expect("›")
    term.send("Words")
    term.expect_typed("Words")
    term.send(CTRL_D)  # with text: finished at once
    term.expect("Prompt 2 of 3")
    term.expect("Ctrl-C: stop")
    term.expect("›")
    term.send(CTRL_D)  # on an empty answer: skipped (it used to open the Ctrl-C menu)
    term.expect("Skipped.")
    term.expect("Prompt 3 of 3")
    term.expect("Ctrl-C: stop")
    term.expect("›")
    term.send(CTRL_D)
    output = term.finish()
    assert "What would you like to do?" not in output
    session = read_log(only_log(journal))
    assert session.title == "Keys"
    assert session.answer("role.change").text == "Words"
    assert session.answer("role.other_work").skipped


@pytest.mark.parametrize("size", SIZES)
def test_enter_twice_finishes_in_the_middle_of_a_changed_answer(
        journal: Path, invoke, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    answers = journal.parent / "answers.yaml"
    answers.write_text("date: 2026-01-10\npurpose.influence: |\n  The ICB board\n\n"
                       "  The council\n", encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    term = Screen(journal, "session", "-p", "purpose.influence", "--from-last",
                  "--title", "Again", size=size)
    term.expect("Write a new answer")
    term.send(DOWN + ENTER)  # change it
    term.expect("wherever you are in")
    term.expect_typed("The council")
    # A paragraph added after the first: Enter, the words, then Enter twice finishes, there,
    # in the middle of the text.
    term.send(UP + UP + END + ENTER + "and the hospital trust" + ENTER + ENTER)
    term.finish()
    session = read_log(next(p for p in log_paths(journal) if "again" in p.name))
    assert session.answer("purpose.influence").text == (
        "The ICB board\n\nand the hospital trust\n\nThe council")


@pytest.mark.parametrize("size", SIZES)
def test_after_a_paste_enter_is_a_new_line(journal: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-p", "purpose.impact", "--kind", "journal",
                  "--title", "Pasted", size=size)
    term.expect("Ctrl-C: stop")
    term.expect("›")
    term.send(PASTE_START + "First pasted\n\nSecond pasted\n" + PASTE_END)
    term.expect_typed("Second pasted")
    # The paste ended with a new line: one Enter more is a new line too, never the end.
    term.send(ENTER + "Typed after")
    term.expect_typed("Typed after")
    term.send(ENTER + ENTER)
    term.finish()
    text = read_log(only_log(journal)).answer("purpose.impact").text
    assert text.startswith("First pasted\n\nSecond pasted\n")
    assert text.endswith("\n\nTyped after")


def _meeting(journal: Path, size: tuple[int, int], *prompts: str) -> Screen:
    args = [a for p in prompts for a in ("-p", p)]
    term = Screen(journal, "session", *args, "--participants", str(PEOPLE_FILE),
                  "--kind", "meeting", "--title", "Notes", size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    return term


@pytest.mark.parametrize("size", SIZES)
def test_notes_are_seen_changed_given_to_the_right_person_and_removed(
        journal: Path, size: tuple[int, int]) -> None:
    term = _meeting(journal, size, "purpose.impact")
    term.expect("or change one")  # Ctrl-N, on the keys line
    term.send("Group view")
    term.expect_typed("Group view")
    # One Down too many: Priya's words go to Sam.
    term.note(1, "Sam Okafor", "Words of Priya")
    term.expect("Ctrl-N again to change it")
    term.send(CTRL_N)
    term.expect("See, change or remove the notes taken here (1)")
    term.expect("Cancel: no note")
    term.send(DOWN * 5 + ENTER)  # after the five people
    term.expect("Notes on this prompt:")
    term.expect_words("1. Sam Okafor: Words of Priya")
    term.expect("Back to the answer")
    term.send(ENTER)
    term.expect("Leave it as it is")
    term.send(DOWN + ENTER)  # give it to someone else
    term.expect("Whose words are these? (now: Sam Okafor)")
    term.expect("Cancel: leave it with Sam Okafor")
    term.send(ENTER)  # Priya Shah, first of the others in the speaking order
    term.expect_words("The note is now from Priya Shah, not Sam Okafor.")
    term.expect("Not heard yet on this question: Sam Okafor")
    term.expect("Back to the answer")
    term.send(ENTER)  # the note again
    term.expect("Leave it as it is")
    term.send(ENTER)  # change its words
    term.expect_typed("Words of Priya")
    term.send(" and more" + ENTER + ENTER)
    term.expect("Priya Shah's note changed.")
    term.expect("Back to the answer")
    term.send(DOWN + ENTER)
    term.expect("Back to the answer.")
    # The pointer starts at the first not heard yet (Sam Okafor): Jo Bell is next.
    term.note(1, "Jo Bell", "Taken by mistake")
    term.send(CTRL_N)
    term.expect("notes taken here (2)")
    term.expect("Cancel: no note")
    term.send(DOWN * 4 + ENTER)  # from Sam Okafor, past the five people
    term.expect_words("2. Jo Bell: Taken by mistake")
    term.expect("Back to the answer")
    term.send(DOWN + ENTER)  # Jo's note
    term.expect("Leave it as it is")
    term.send(DOWN * 2 + ENTER)  # remove it
    term.expect("Remove Jo Bell's note \"Taken by mistake\"?")
    term.send("y" + ENTER)
    term.expect("Jo Bell's note removed.")
    term.expect("Back to the answer")
    term.send(DOWN + ENTER)
    term.expect("Back to the answer.")
    term.expect_typed("Group view")
    term.send(ENTER + ENTER)
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    answer = read_log(only_log(journal)).answer("purpose.impact")
    assert answer.text == "Group view"
    assert [(n.speaker, n.text) for n in answer.notes] == [
        ("priya-shah", "Words of Priya and more")]


@pytest.mark.parametrize("size", SIZES)
def test_the_ratings_line_keys_mean_what_they_mean_in_an_answer(
        journal: Path, size: tuple[int, int]) -> None:
    term = _meeting(journal, size, "characteristics.agreement", "characteristics.learning")
    term.expect("How will you rate the characteristics?")
    term.send(ENTER)  # each person gives their own rating
    term.expect_words("Ctrl-A adds an action.")
    term.expect("Ratings:")
    term.send("4 3")
    # Who gets which rating, above the line, before it is taken (drawn again at each key;
    # Ctrl-L draws the whole screen again, to read it here).
    term.send(CTRL_L)
    name = r"([A-Z][a-z]+ [A-Z][a-z]+)"
    term.child.expect(CODES.join([name + " 4", "·", name + " 3", "·", name + r" \?"]))
    first, second, third = term.child.match.groups()

    def given(*ratings: str) -> str:
        return (CODES + "·" + CODES).join(f"{re.escape(who)} {re.escape(value)}" for who, value
                                          in zip((first, second, third), ratings, strict=True))
    # Ctrl-A adds an action (it used to move the cursor, so numbers landed in front).
    term.send(CTRL_A)
    term.expect("What is the action?")
    term.send("Book the room" + ENTER)
    term.expect("Nobody yet")
    term.send(DOWN * 7 + ENTER)  # (past the people, "Several people" and "Someone else")
    term.expect("By when?")
    term.send(ENTER)
    term.expect("Action added: Book the room")
    term.child.expect(given("4", "3", "?"))  # the line is as it was
    term.expect("Ratings:")
    term.send(" - 5 1" + ENTER)
    term.expect("Did the group agree a rating?")
    term.send(ENTER)  # no: the median stands
    term.expect("Prompt 2 of 2")
    term.expect("Ratings:")
    term.send("2")
    time.sleep(0.2)
    term.send(CTRL_B)  # back, as in an answer box (it used to take typing the word back)
    term.expect("Prompt 1 of 2")
    term.child.expect(given("4", "3", "-"))
    term.expect("Ratings:")
    term.send(CTRL_D)  # kept as it was
    term.expect("Did the group agree a rating?")
    term.send(ENTER)
    term.expect("Prompt 2 of 2")
    term.child.expect(r"[A-Z][a-z]+ [A-Z][a-z]+ 2 ")  # what was typed here is back
    term.expect("Ratings:")
    term.send(" 2 2 2 2" + CTRL_D)
    term.expect("Everyone gave 2.")  # nothing for the group to agree
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    session = read_log(only_log(journal))
    meeting = session.meeting
    assert meeting is not None
    ids = {p.name: p.id for p in meeting.participants}
    ratings = meeting.ratings["characteristics.agreement"]
    assert (ratings[ids[first]], ratings[ids[second]]) == (4, 3)
    assert ids[third] not in ratings
    assert sorted(ratings.values()) == [1, 3, 4, 5]
    assert set(meeting.ratings["characteristics.learning"].values()) == {2}
    assert [a.text for a in meeting.actions] == ["Book the room"]


@pytest.mark.parametrize("size", SIZES)
def test_a_ratings_line_refused_stays_in_the_box_to_correct(
        journal: Path, size: tuple[int, int]) -> None:
    term = _meeting(journal, size, "characteristics.agreement")
    term.expect("How will you rate the characteristics?")
    term.send(ENTER)  # each person gives their own rating
    term.expect("Ratings:")
    term.send("4 3 5 2 9" + ENTER)  # one rating off the scale
    term.expect_words("9 is outside the scale: use 1 to 5, or -.")
    term.expect_words("The line is kept below: correct it, then Enter.")
    term.expect("Ratings:")
    term.expect_typed("4 3 5 2 9")  # not emptied: only the 9 needs changing
    term.send(BACKSPACE + "1" + ENTER)
    term.expect("Did the group agree a rating?")
    term.send(ENTER)
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    meeting = read_log(only_log(journal)).meeting
    assert meeting is not None
    assert sorted(meeting.ratings["characteristics.agreement"].values()) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("size", SIZES)
def test_a_rating_is_picked_by_typing_its_number(journal: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-p", "characteristics.agreement", "-p",
                  "characteristics.trust", "--kind", "journal", "--title", "Typed", size=size)
    term.expect_words("(a number, or ↑ ↓; then Enter)" if size[1] == 80 else "4) Mostly")
    term.expect("Skip this one")
    term.send("2" + ENTER)
    term.expect("Prompt 2 of 2")
    term.expect("Back to the previous prompt (Ctrl-B)")
    term.send(CTRL_B)
    term.expect("Prompt 1 of 2")
    term.expect("Skip this one")
    term.send("5" + ENTER)
    term.expect("Prompt 2 of 2")
    term.expect("Back to the previous prompt")
    term.send("3" + ENTER)
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("characteristics.agreement").rating == 5
    assert session.answer("characteristics.trust").rating == 3


@pytest.mark.parametrize("size", SIZES)
def test_reflect_edit_gives_a_note_to_the_right_person_from_a_list(
        journal: Path, invoke, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    answers = journal.parent / "answers.yaml"
    answers.write_text(
        "title: Small\ndate: 2026-03-12\nkind: meeting\nparticipants:\n"
        "  - {name: Fatima Begum}\n  - {name: Marcus Lee}\n  - {name: Raj Patel}\n"
        "purpose.impact: Fewer crises\nnotes:\n  purpose.impact:\n"
        "    Marcus Lee: We need the data first.\n"
        "actions:\n  - {text: Book the hall, owner: Raj Patel}\n", encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    term = Screen(journal, "edit", size=size)
    term.expect("What would you like to correct?")
    term.expect("Note from Marcus Lee: We need the data first.")
    term.expect("Action 1: Book the hall (Raj Patel)")
    term.expect("Nothing: leave the log as it is")
    term.send(DOWN + ENTER)  # the note
    term.expect("Take it out of the log")
    term.send(DOWN + ENTER)  # change who it is from
    term.expect("Whose words are these? (now: Marcus Lee)")
    term.expect("Cancel: leave it with Marcus Lee")
    term.send(ENTER)  # Fatima Begum
    term.expect("Save this correction to the log?")
    term.send(ENTER)  # yes
    term.expect("The note is now from Fatima Begum.")
    term.finish()
    session = read_log(only_log(journal))
    answer = session.answer("purpose.impact")
    assert answer is not None
    assert [(n.speaker, n.text) for n in answer.notes] == [
        ("fatima-begum", "We need the data first.")]
    # The action is Marcus's, not Raj's.
    term = Screen(journal, "edit", size=size)
    term.expect("Nothing: leave the log as it is")
    term.send(DOWN * 2 + ENTER)
    term.expect("Change who will do it")
    term.send(DOWN + ENTER)
    term.expect("Who will do it? (now: Raj Patel)")
    term.expect("Cancel: leave it as it is")
    term.send(UP + ENTER)  # from Raj Patel, where it starts, to Marcus Lee
    term.expect("Save this correction to the log?")
    term.send(ENTER)
    term.expect("The action is now for Marcus Lee.")
    term.finish()
    meeting = read_log(only_log(journal)).meeting
    assert meeting is not None
    assert [(a.text, a.owner) for a in meeting.actions] == [("Book the hall", "Marcus Lee")]


@pytest.mark.parametrize("size", SIZES)
def test_another_key_in_a_note_keeps_its_words(journal: Path, size: tuple[int, int]) -> None:
    term = _meeting(journal, size, "purpose.impact")
    term.expect("or change one")
    term.expect("›")
    term.start_note(0, "Priya Shah")
    term.send("Half a note")
    term.expect_typed("Half a note")
    term.send(CTRL_B)  # meant for the answer: the note is kept, not lost
    term.expect_words("the note is taken as it is")
    term.expect("Note from Priya Shah added.")
    term.expect("›")
    term.send(ENTER)  # an empty group answer, with a note: taken
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    answer = read_log(only_log(journal)).answer("purpose.impact")
    assert answer is not None
    assert [(n.speaker, n.text) for n in answer.notes] == [("priya-shah", "Half a note")]
