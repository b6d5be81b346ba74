"""Actions everywhere: a member adds an action to her own journal entry with Ctrl-A, as in a
meeting (who does it: herself, unless she says otherwise), in a real terminal at 80x24 and
60x20; the action is kept in the log and `reflect actions` lists it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from helpers import log_paths, read_log
from test_interactive import CTRL_A, ENTER, Terminal

SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((20, 60), id="60x20")]


def terminal(journal: Path, *args: str, size: tuple[int, int], config: Path) -> Terminal:
    rows, columns = size
    term = Terminal(journal, *args, env={"COLUMNS": str(columns), "LINES": str(rows),
                                         "REFLECT_CONFIG_DIR": str(config)})
    term.child.setwinsize(rows, columns)
    return term


@pytest.mark.parametrize("size", SIZES)
def test_ctrl_a_adds_an_action_to_a_journal_entry_owned_by_its_writer(
        journal: Path, invoke, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    config = Path(os.environ["REFLECT_CONFIG_DIR"])
    assert invoke("config", "--name", "Priya Shah", "--organisation", "Northfield NHS Trust"
                  ).exit_code == 0
    term = terminal(journal, "session", "-p", "purpose.impact", size=size, config=config)
    term.expect("Ctrl-A: add an action")  # the keys under the box say it
    term.expect("›")
    term.send("Fewer crises")
    term.send(CTRL_A)
    term.expect("What is the action?")
    term.send("Ask the ICB for the waiting list figures" + ENTER)
    term.expect("Who will do it?")
    term.expect("Me (Priya Shah)")
    term.send(ENTER)  # herself, the choice offered first
    term.expect("By when?")
    due = dt.date.today() + dt.timedelta(days=30)
    term.send(f"{due:%d/%m/%Y}" + ENTER)
    term.expect("Action added: Ask the ICB")  # (the rest wraps on a narrow screen)
    term.expect("Back to the answer.")
    term.expect("›")
    term.send(ENTER + ENTER)  # the words typed before Ctrl-A are still in the box
    term.finish()
    (log,) = log_paths(journal)
    session = read_log(log)
    assert session.kind == "journal"
    assert [(a.prompt_id, a.text) for a in session.answers] == [("purpose.impact",
                                                                 "Fewer crises")]
    assert session.meeting is not None
    assert not session.meeting.participants
    assert not session.meeting.seconds_spent  # a journal entry is not timed
    (action,) = session.meeting.actions
    assert (action.text, action.owner, action.due, action.section) == (
        "Ask the ICB for the waiting list figures", "Priya Shah", due, "purpose")
    text = log.read_text(encoding="utf-8")
    assert "## Actions" in text
    assert "Who was here" not in text
    listed = invoke("actions")
    assert listed.exit_code == 0, listed.output
    assert "Ask the ICB for the waiting list figures" in listed.output
    assert "Priya Shah" in listed.output


@pytest.mark.parametrize("size", SIZES)
def test_someone_else_can_do_a_journal_action_and_a_note_key_says_what_it_is_for(
        journal: Path, size: tuple[int, int]) -> None:
    term = terminal(journal, "session", "-p", "purpose.impact", size=size,
                    config=journal.parent / "nobody")
    term.expect("Ctrl-A: add an action")
    term.expect("›")
    term.send("\x0e")  # Ctrl-N: notes from people are for meetings
    term.expect("Notes from people are for meetings;")
    term.send(CTRL_A)
    term.expect("What is the action?")
    term.send("Book the room" + ENTER)
    # Nobody said who they are: a name is typed (or none).
    term.expect("Who will do it?")
    term.send("Sam Okafor" + ENTER)
    term.expect("By when?")
    term.send(ENTER)
    term.expect("Action added: Book the room (Sam Okafor,")
    term.expect("›")
    term.send(ENTER)  # an empty answer: skipped, and the action is still kept
    term.finish()
    (log,) = log_paths(journal)
    session = read_log(log)
    assert session.meeting is not None
    assert [(a.text, a.owner) for a in session.meeting.actions] == [("Book the room",
                                                                     "Sam Okafor")]
