"""Real-terminal tests: type into the actual prompts in a pseudo-terminal, as a person would."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest
from helpers import drafts, log_paths, read_log

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_B = "\x02"
CTRL_C = "\x03"
CTRL_A = "\x01"
CTRL_N = "\x0e"
CTRL_E = "\x05"
CTRL_X = "\x18"
TIMEOUT = 20


class Terminal:
    """A reflect process in a pseudo-terminal of `size` (rows, columns; 40x80 by default)."""

    _previous = ""  # the last key sent

    def __init__(self, journal: Path, *args: str, env: dict[str, str] | None = None,
                 size: tuple[int, int] = (40, 80)) -> None:
        rows, columns = size
        environment = {**os.environ, "REFLECT_DIR": str(journal), "TERM": "xterm",
                       "NO_COLOR": "1", "COLUMNS": str(columns), "LINES": str(rows),
                       "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
        self.child = pexpect.spawn(sys.executable, ["-m", "reflect_cli", *args],
                                   env=environment, encoding="utf-8", timeout=TIMEOUT,
                                   dimensions=(rows, columns))
        self.child.delaybeforesend = None

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def expect_typed(self, text: str) -> None:
        """Wait until the answer box shows the text (it echoes with escape codes between)."""
        codes = r"(?:\x1b\[[0-9;?]*[a-zA-Z])*"
        self.child.expect(codes.join(re.escape(c) for c in text))

    def send(self, keys: str) -> None:
        # Keys go one at a time with a pause, as a person types, so prompt_toolkit sees
        # Enter as a key and not as part of pasted text.
        for key in _split_keys(keys):
            if key == ENTER == self._previous:
                # An Enter that finishes an answer must come alone, not in one batch with
                # the text before it (that would be a paste): give the terminal a moment,
                # long enough on a busy machine too (also when the Enters come from two calls).
                time.sleep(0.2)
            self.child.send(key)
            self._previous = key
            time.sleep(0.005)

    def answer(self, *lines: str) -> None:
        """Type a (possibly multi-line) answer and finish it with Enter twice."""
        self.expect("Press Enter twice to finish")
        # Type once the box is there: keys typed ahead reach it in one batch, and an Enter
        # that comes with text is a new line (as in a paste), not the end of the answer.
        self.expect("Ctrl-C: stop")
        self.expect("›")
        for line in lines:
            self.send(line)
            self.send(ENTER)
        self.send(ENTER)

    def start_note(self, downs: int, name: str) -> None:
        """Ctrl-N, then the person `downs` places down the speaking order (0: the first)."""
        self.send(CTRL_N)
        self.expect("Cancel: no note")
        self.send(DOWN * downs + ENTER)
        self.expect(f"What did {name} say?")

    def note(self, downs: int, name: str, text: str) -> None:
        """A whole note from one person, taken."""
        self.start_note(downs, name)
        self.send(text + ENTER + ENTER)
        self.expect(f"Note from {name} added.")

    def skip_text(self) -> None:
        self.expect("Press Enter twice to finish")
        self.send(ENTER)

    def rate(self, value: int) -> None:
        self.expect("How true is this of your partnership now?")
        self.expect("Back to the previous prompt")
        self.send(DOWN * (value - 1) + ENTER)

    def finish(self) -> str:
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0, self.child.before
        return str(self.child.before)


def _split_keys(keys: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(keys):
        if keys.startswith("\x1b[", i):
            out.append(keys[i:i + 3])
            i += 3
        else:
            out.append(keys[i])
            i += 1
    return out


def start_session(term: Terminal, title: str = "", kind_meeting: bool = True) -> None:
    term.expect("Title (optional")
    term.send(title + ENTER)
    term.expect("What kind of session is this?")
    term.expect("My own journal entry")
    term.send(ENTER if kind_meeting else DOWN + ENTER)
    if kind_meeting:
        term.expect("Name (Enter with nothing typed when everyone is added)")
        term.send(ENTER)  # a meeting without recording who is there


def only_log(journal: Path) -> Path:
    logs = log_paths(journal)
    assert len(logs) == 1, logs
    return logs[0]


def test_full_meeting_session_writes_every_answer(journal: Path) -> None:
    term = Terminal(journal, "session")
    start_session(term, "Spring review")
    term.expect("Part 1 of 6")
    term.expect("Prompt 1 of 34")
    term.answer("Older people living alone", "and their carers")
    for _ in range(4):
        term.skip_text()
    term.expect("Part 2 of 6")
    term.expect("Prompt 6 of 34")  # counted over the whole session, not per part
    term.answer("We link the GP surgery and the food bank")
    for _ in range(2 + 4 + 6 + 4):
        term.skip_text()
    term.expect("Part 6 of 6")
    for value in (4, 3, 5, 2, 1, 4, 4, 3, 2, 5, 1, 3):
        term.rate(value)
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    output = term.finish()
    assert "Session finished" in output
    session = read_log(only_log(journal))
    assert session.title == "Spring review"
    assert session.kind == "meeting"
    assert len(session.answers) == 34
    # Lines typed one under another stay apart, as paragraphs of the Markdown log.
    assert session.answer("purpose.beneficiaries").text == (
        "Older people living alone\n\nand their carers")
    assert session.answer("role.change").text == "We link the GP surgery and the food bank"
    assert session.answer("purpose.impact").skipped
    ratings = [session.answer(p).rating for p in
               ("characteristics.agreement", "characteristics.learning")]
    assert ratings == [4, 3]
    assert session.answer("characteristics.agreement").rating_label == "Mostly"
    assert drafts(journal) == []


def test_back_goes_to_the_previous_prompt_and_keeps_its_text(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "role", "--title", "Back and forth",
                    "--kind", "journal")
    term.answer("First thought")
    term.expect("Prompt 2 of 3")
    term.send(CTRL_B)
    term.expect("Prompt 1 of 3")
    # The earlier answer is back in the box: add a line to it and finish.
    term.expect("First thought")
    term.send(ENTER + "Second thought" + ENTER + ENTER)
    term.expect("Prompt 2 of 3")
    term.send(ENTER)  # skip
    term.expect("Prompt 3 of 3")
    term.answer("Distinct because we include residents")
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("role.change").text == "First thought\n\nSecond thought"
    assert session.answer("role.other_work").skipped
    assert session.answer("role.distinctiveness").text == "Distinct because we include residents"


def test_examples_are_shown_on_request(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact")
    term.expect("Press Enter twice to finish")
    term.send("Half typed")
    term.send(CTRL_X)
    term.expect("Examples from partnerships")
    term.expect("improved partnership working")
    term.send(ENTER + ENTER)
    term.finish()
    assert read_log(only_log(journal)).answer("purpose.impact").text == "Half typed"


def test_from_last_keeps_or_changes_last_answers(journal: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    answers = journal.parent / "answers.yaml"
    answers.write_text("date: 2026-01-10\npurpose.impact: Fewer people waiting\n"
                       "purpose.influence: The ICB board\n", encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    term = Terminal(journal, "session", "-p", "purpose.impact", "-p", "purpose.influence",
                    "--from-last", "--title", "Again")
    term.expect("Your answer on 10 January 2026")
    term.expect("Fewer people waiting")
    term.expect("Write a new answer")
    term.send(ENTER)  # keep it
    term.expect("Your answer on 10 January 2026")
    term.expect("The ICB board")
    term.expect("Write a new answer")
    term.send(DOWN + ENTER)  # change it
    term.expect("The ICB board")
    term.send(" and the council" + ENTER + ENTER)
    term.finish()
    newest = next(p for p in log_paths(journal) if "again" in p.name)
    session = read_log(newest)
    assert session.answer("purpose.impact").text == "Fewer people waiting"
    assert session.answer("purpose.influence").text == "The ICB board and the council"


def test_ctrl_c_pause_then_resume(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "purpose", "--title", "Paused", "--kind",
                    "meeting")
    term.expect("Name (Enter with nothing typed when everyone is added)")
    term.send(ENTER)
    term.answer("Kept answer")
    term.expect("Prompt 2 of 5")
    term.send("half an answer")
    term.expect_typed("half an answer")
    term.send(CTRL_C)
    term.expect("What would you like to do?")
    term.expect("Throw this session away")
    term.send(DOWN + ENTER)  # pause
    output = term.finish()
    assert "reflect session --resume" in output
    assert log_paths(journal) == []
    (draft,) = drafts(journal)
    assert draft.session.answer("purpose.beneficiaries").text == "Kept answer"
    assert draft.session.answer("purpose.impact").text == "half an answer"

    term = Terminal(journal, "session", "--resume")
    term.expect("Carrying on with \"Paused\"")
    # It carries on with the answer that was being written when it paused.
    term.expect("Prompt 2 of 5")
    term.expect_typed("half an answer")
    term.send(ENTER + ENTER)
    for _ in range(3):
        term.skip_text()
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("purpose.beneficiaries").text == "Kept answer"
    assert session.answer("purpose.impact").text == "half an answer"
    assert drafts(journal) == []


def test_ctrl_c_then_go_on_restores_the_typed_text(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact")
    term.expect("Press Enter twice to finish")
    term.send("Not lost")
    term.expect_typed("Not lost")  # in the answer box
    term.send(CTRL_C)
    term.expect("Throw this session away")
    term.send(DOWN + DOWN + ENTER)  # go on
    term.expect("Carrying on.")
    term.expect("Not lost")
    term.send(ENTER + ENTER)
    term.finish()
    assert read_log(only_log(journal)).answer("purpose.impact").text == "Not lost"


def test_kill_9_keeps_answers_and_next_session_offers_to_resume(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "learning", "--title", "Killed", "--kind",
                    "journal")
    term.answer("Survives a crash")
    term.expect("Prompt 2 of 4")
    term.child.kill(signal.SIGKILL)
    term.child.close()
    (draft,) = drafts(journal)
    assert draft.session.answer("learning.balance").text == "Survives a crash"

    term = Terminal(journal, "session")
    term.expect("You have an unfinished session.")
    term.expect("Carry on with \"Killed\"")
    term.expect("Start a new session")
    term.send(ENTER)
    term.expect("Prompt 2 of 4")
    for _ in range(3):
        term.skip_text()
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("learning.balance").text == "Survives a crash"
    assert [a.prompt_id for a in session.answers][1:] == [
        "learning.spaces", "learning.acting", "learning.sharing"]
    # Prompts reached only after the restart still have their questions as headings.
    question = "How are you sharing learning in your wider networks?"
    assert session.labels["learning.sharing"] == question
    assert f"### {question}" in only_log(journal).read_text(encoding="utf-8")


def editor(folder: Path, script: str) -> dict[str, str]:
    """An 'editor' that runs a shell script on the file; the environment that picks it."""
    path = folder / "editor.sh"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return {"EDITOR": str(path), "VISUAL": str(path)}


def test_editor_writes_a_long_answer(journal: Path, tmp_path: Path) -> None:
    term = Terminal(journal, "session", "-p", "members.connections",
                    env=editor(tmp_path, "printf 'From the editor\\n\\nSecond paragraph\\n' "
                                         ">> \"$1\""))
    term.expect("Press Enter twice to finish")
    term.send("Typed first")
    term.send(CTRL_E)
    term.expect("Back from the editor")
    # Enter is a new line here too, as everywhere: the answer ends with Enter twice.
    term.expect("Enter twice (or Ctrl-D) to finish")
    term.send(ENTER + "Typed after")
    term.expect_typed("Typed after")
    term.send(ENTER + ENTER)
    term.finish()
    text = read_log(only_log(journal)).answer("members.connections").text
    assert text.startswith("Typed first")
    assert text.endswith("From the editor\n\nSecond paragraph\n\nTyped after")


@pytest.mark.parametrize("choice_downs", [0])
def test_rating_can_be_skipped(journal: Path, choice_downs: int) -> None:
    term = Terminal(journal, "session", "-p", "characteristics.trust")
    term.expect("How true is this of your partnership now?")
    term.expect("Skip this one")
    term.send(DOWN * 5 + ENTER)
    term.finish()
    assert read_log(only_log(journal)).answer("characteristics.trust").skipped


PEOPLE_FILE = Path(__file__).resolve().parent.parent / "examples" / "participants.yaml"


def test_facilitated_meeting_for_five_people_then_the_next_reviews_its_action(
        journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "purpose", "-q", "characteristics",
                    "--participants", str(PEOPLE_FILE), "--minutes", "60",
                    "--title", "April meeting")
    term.expect("Who is here")
    term.expect("Start with a check-in round?")
    term.send("y" + ENTER)
    term.expect("Order: Priya Shah, Sam Okafor, Jo Bell, Tom Reed, Aisha Khan")
    for name, line in (("Priya Shah", "Glad to be here"), ("Sam Okafor", ""),
                       ("Jo Bell", "Hopeful"), ("Tom Reed", ""), ("Aisha Khan", "Ready")):
        term.expect(f"{name}:")
        term.send(line + ENTER)
    term.expect("Part 1 of 2")
    term.expect("Speaking order: Priya Shah, Sam Okafor, Jo Bell, Tom Reed, Aisha Khan")
    term.expect("Time for this question: about 30 min")
    term.expect("Not heard yet on this question: Priya Shah, Sam Okafor")
    term.expect("Ctrl-N: a note from one person")
    term.send("People who never come to anything")
    term.send(CTRL_N)
    term.expect("Who is speaking?")
    term.expect("Cancel: no note")
    term.send(DOWN + ENTER)  # Sam Okafor, second in the speaking order
    term.expect("What did Sam Okafor say?")
    term.send("The Eastgate estate" + ENTER + ENTER)
    term.expect("Note from Sam Okafor added.")
    term.expect("Not heard yet on this question: Priya Shah, Jo Bell, Tom Reed, Aisha Khan")
    term.send(CTRL_A)
    term.expect("What is the action?")
    term.send("Invite housing to the next meeting" + ENTER)
    term.expect("Who will do it?")
    term.expect("Nobody yet")
    term.send(DOWN + DOWN + ENTER)  # Priya Shah, from the people in the meeting
    term.expect("By when?")
    term.send("2026-12-31" + ENTER)
    term.expect("Action added: Invite housing to the next meeting")
    term.expect("Back to the answer.")
    term.send(ENTER + ENTER)  # finish the group's answer (still in the box)
    for _ in range(4):
        term.skip_text()
    term.expect("Part 2 of 2")
    term.expect("How will you rate the characteristics?")
    term.send(ENTER)  # each person gives their own rating
    # Ratings are typed in this part's speaking order, as the facilitator goes round.
    term.expect("Sam Okafor, Jo Bell, Priya Shah,")
    term.expect("Ratings:")
    term.send("4 5 3 1 3" + ENTER)
    term.expect("People disagree widely here")
    term.expect("Did the group agree a rating?")
    term.expect("No: the median 3 stands")
    term.send(ENTER)  # no: the median stands
    for number in range(2, 13):
        term.expect(f"Prompt {number + 5} of 17")  # after the 5 prompts of purpose
        term.expect("Ratings:")
        term.send(ENTER)  # skipped
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    session = read_log(only_log(journal))
    meeting = session.meeting
    assert meeting is not None
    assert [p.name for p in meeting.participants] == [
        "Aisha Khan", "Tom Reed", "Priya Shah", "Sam Okafor", "Jo Bell"]
    assert meeting.checkin == {"priya-shah": "Glad to be here", "jo-bell": "Hopeful",
                               "aisha-khan": "Ready"}
    answer = session.answer("purpose.beneficiaries")
    assert answer.text == "People who never come to anything"
    assert [(n.speaker, n.text) for n in answer.notes] == [("sam-okafor", "The Eastgate estate")]
    assert meeting.ratings["characteristics.agreement"] == {
        "sam-okafor": 4, "jo-bell": 5, "priya-shah": 3, "tom-reed": 1, "aisha-khan": 3}
    assert session.answer("characteristics.agreement").rating == 3
    (action,) = meeting.actions
    assert (action.text, action.owner, action.due, action.section) == (
        "Invite housing to the next meeting", "Priya Shah", dt.date(2026, 12, 31), "purpose")
    assert set(meeting.seconds_spent) == {"purpose", "characteristics"}

    # The next meeting starts from last time's people and reviews the open action.
    term = Terminal(journal, "session", "-q", "role", "--kind", "meeting",
                    "--title", "May meeting")
    term.expect("Who is here today? Everyone from last time is ticked.")
    term.expect("Jo Bell")
    term.send(ENTER)  # everyone is here again
    term.expect("Is anyone else here (someone new)?")
    term.send("n" + ENTER)
    term.expect("Who is facilitating?")
    term.send(ENTER)  # the pointer starts at last time's facilitator
    term.expect("Who is the lead partner?")
    term.send(ENTER)
    term.expect("Who agrees to be named in reports outside the partnership?")
    term.send(ENTER)  # nobody named
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.expect("1 open action from earlier sessions to review")
    term.expect("Invite housing to the next meeting")
    term.expect("What happened to it?")
    term.expect("Skip for now")
    term.send(ENTER)  # done
    term.expect("Anything to note about it for the log?")
    term.send("Housing came in May" + ENTER)
    term.expect("Part 1 of 1")
    # The rotation goes on: this meeting opens with someone else.
    term.expect("Speaking order: Jo Bell, Priya Shah, Sam Okafor, Tom Reed, Aisha Khan")
    for _ in range(3):
        term.skip_text()
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    may = read_log(next(p for p in log_paths(journal) if "may" in p.name))
    assert may.meeting is not None
    assert [(r.action.text, r.status, r.comment) for r in may.meeting.reviews] == [
        ("Invite housing to the next meeting", "done", "Housing came in May")]
    assert may.meeting.participants[0].is_facilitator
    assert may.meeting.participants[1].is_lead


def test_ctrl_c_keeps_the_notes_and_the_half_typed_note(journal: Path) -> None:
    term = Terminal(journal, "session", "-p", "purpose.impact", "--participants",
                    str(PEOPLE_FILE), "--kind", "meeting")
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.expect("Ctrl-N: a note from one person")
    term.send("Group view")
    term.expect_typed("Group view")
    term.note(1, "Sam Okafor", "We are heard")
    term.start_note(0, "Priya Shah")
    term.send("Half a thou")
    term.expect_typed("Half a thou")
    term.send(CTRL_C)
    term.expect("Throw this session away")
    term.send(ENTER)  # save the log now
    term.expect("Key message 1:")  # a meeting saved early still ends with its key messages
    term.send(ENTER)
    term.finish()
    answer = read_log(only_log(journal)).answer("purpose.impact")
    assert answer.text == "Group view"
    assert [(n.speaker, n.text) for n in answer.notes] == [
        ("sam-okafor", "We are heard"), ("priya-shah", "Half a thou")]


def test_ctrl_c_in_the_editor_belongs_to_the_editor(journal: Path, tmp_path: Path) -> None:
    # An editor that, like vim, ignores Ctrl-C and carries on.
    term = Terminal(journal, "session", "-p", "members.connections",
                    env=editor(tmp_path, "trap '' INT\nsleep 1\nsed -i '1s/$/ and more/' \"$1\""))
    term.expect("Press Enter twice to finish")
    term.send("Typed first")
    term.expect_typed("Typed first")
    term.send(CTRL_E)
    time.sleep(0.3)
    term.send(CTRL_C)  # while the editor is open
    term.expect("Back from the editor")
    term.send(ENTER + ENTER)
    term.finish()
    assert read_log(only_log(journal)).answer("members.connections").text == (
        "Typed first and more")


def test_back_keeps_what_was_typed_for_when_you_come_forward_again(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "role", "--title", "Forward", "--kind", "journal")
    term.answer("First")
    term.expect("Prompt 2 of 3")
    term.send("Second, half written")
    term.expect_typed("Second, half written")
    term.send(CTRL_B)
    term.expect("Prompt 1 of 3")
    term.send(ENTER)  # First stays as it was: one Enter ends the line, the next finishes
    term.send(ENTER)
    term.expect("Prompt 2 of 3")
    term.expect_typed("Second, half written")
    term.send(" and finished" + ENTER + ENTER)
    term.skip_text()
    term.finish()
    session = read_log(only_log(journal))
    assert session.answer("role.other_work").text == "Second, half written and finished"


def test_resume_refuses_a_draft_of_another_framework(journal: Path) -> None:
    custom = Path(__file__).resolve().parent.parent / "examples" / "custom-framework.yaml"
    term = Terminal(journal, "session", "--framework", str(custom), "-q", "quarter",
                    "--title", "Quarter", "--kind", "journal")
    term.answer("Agreed the chair")
    term.expect("Prompt 2 of 3")
    term.child.kill(signal.SIGKILL)
    term.child.close()
    term = Terminal(journal, "session", "--resume")
    term.expect("uses the framework 'quarterly-check-in'")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 2
    assert len(drafts(journal)) == 1  # still there, for the right framework
    # A new session with the bundled framework is not offered the other framework's draft.
    term = Terminal(journal, "session", "-p", "purpose.impact")
    term.expect("Press Enter twice to finish")
    term.send(ENTER)
    term.finish()


def test_ctrl_c_in_the_check_in_is_picked_up_where_it_stopped(journal: Path,
                                                               invoke) -> None:  # type: ignore[no-untyped-def]
    people = PEOPLE_FILE.read_text(encoding="utf-8")
    earlier = "participants:\n" + "".join(f"  {line}\n" for line in people.splitlines()
                                            if not line.startswith("#"))
    earlier += "date: 2026-01-10\npurpose.impact: x\nactions:\n  - text: Book the hall\n"
    answers = journal.parent / "earlier.yaml"
    answers.write_text(earlier, encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    term = Terminal(journal, "session", "-q", "role", "--participants", str(PEOPLE_FILE),
                    "--title", "Interrupted")
    term.expect("Start with a check-in round?")
    term.send("y" + ENTER)
    term.child.expect(r"Order: ([^\r\n]+)")
    order = term.child.match.group(1).strip().split(", ")
    term.expect(f"{order[0]}:")
    term.send("Glad to be here" + ENTER)
    term.expect(f"{order[1]}:")
    term.send("Half a lin")
    term.expect_typed("Half a lin")
    term.send(CTRL_C)
    term.expect("Stopped before the questions")
    term.finish()
    term = Terminal(journal, "session", "--resume")
    # The round carries on with the third person; the first two have had their say.
    term.expect(f"Order: {', '.join(order)}")
    for name in order[2:]:
        term.expect(f"{name}:")
        term.send(ENTER)
    term.expect("1 open action from earlier sessions to review")
    term.expect("Book the hall")
    term.expect("Skip for now")
    term.send(DOWN * 3 + ENTER)  # skip for now: it stays open
    for _ in range(3):
        term.skip_text()
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    session = read_log(next(p for p in log_paths(journal) if "interrupted" in p.name))
    assert session.meeting is not None
    assert list(session.meeting.checkin.values()) == ["Glad to be here", "Half a lin"]
    assert session.meeting.reviews == []  # skipped for now, not recorded as a status
    listed = invoke("actions", "--json")
    assert '"status": "open"' in listed.output


def test_saving_before_the_first_answer_keeps_the_check_in(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "role", "-q", "members", "--participants",
                    str(PEOPLE_FILE), "--title", "Short")
    term.expect("Start with a check-in round?")
    term.send("y" + ENTER)
    term.child.expect(r"Order: ([^\r\n]+)")
    order = term.child.match.group(1).strip().split(", ")
    term.expect(f"{order[0]}:")
    term.send("Here for the first time" + ENTER)
    for name in order[1:]:
        term.expect(f"{name}:")
        term.send(ENTER)
    term.expect("Press Enter twice to finish")
    term.expect("Ctrl-C: stop")
    term.expect("›")  # the box is there: a Ctrl-C sent before it could be lost under load
    term.send(CTRL_C)
    term.expect("Throw this session away")
    term.send(ENTER)  # save the log now
    term.expect("Key message 1:")  # a meeting saved early still ends with its key messages
    term.send(ENTER)
    term.finish()
    text = only_log(journal).read_text(encoding="utf-8")
    session = read_log(only_log(journal))
    assert session.meeting is not None
    assert list(session.meeting.checkin.values()) == ["Here for the first time"]
    assert session.sections == []  # no question was reached, so none is in the log
    assert "## 2. What is the distinctive role" not in text


def test_an_unfinished_session_can_be_thrown_away(journal: Path) -> None:
    term = Terminal(journal, "session", "-q", "learning", "--title", "Old", "--kind", "journal")
    term.answer("Something")
    term.expect("Prompt 2 of 4")
    term.child.kill(signal.SIGKILL)
    term.child.close()
    term = Terminal(journal, "session", "-p", "purpose.impact")
    term.expect("Throw away \"Old\" and start a new session")
    term.send(DOWN + ENTER)  # -p asks for a new session, so the pointer starts at "new"
    term.expect("This cannot be undone.")
    term.send("y" + ENTER)
    term.expect("Thrown away.")
    term.expect("Press Enter twice to finish")
    term.send("New words" + ENTER + ENTER)
    term.finish()
    assert drafts(journal) == []
    assert read_log(only_log(journal)).answer("purpose.impact").text == "New words"
