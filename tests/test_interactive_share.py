"""Real-terminal tests of the question at the end of a journal entry written in a workspace:
"Share this entry with the partnership?" (default no), at 80x24 and 60x20."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import log_paths, read_log
from test_interactive import ENTER, Terminal

SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((20, 60), id="60x20")]


def terminal(journal: Path, *args: str, size: tuple[int, int]) -> Terminal:
    rows, columns = size
    term = Terminal(journal, *args, env={"COLUMNS": str(columns), "LINES": str(rows)})
    term.child.setwinsize(rows, columns)
    return term


@pytest.fixture
def workspace(invoke, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The partnership's shared folder (REFLECT_DIR is set in the tests, so the sessions
    name the workspace with --workspace)."""
    shared = tmp_path / "shared" / "North"
    made = invoke("workspace", "create", str(shared), "--name", "North")
    assert made.exit_code == 0, made.output
    return shared


def _write_entry(journal: Path, size: tuple[int, int]) -> Terminal:
    term = terminal(journal, "session", "-p", "purpose.impact", "--workspace", "North",
                    size=size)
    term.answer("Fewer people waiting")
    term.expect("Shared, it goes to")
    term.expect("Share this entry with the partnership?")
    term.expect("n = no")
    return term


@pytest.mark.parametrize("size", SIZES)
def test_a_journal_entry_is_shared_when_the_person_says_yes(
        invoke, journal: Path, workspace: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert invoke("config", "--name", "Priya Shah").exit_code == 0
    term = _write_entry(journal, size)
    term.send("y" + ENTER)
    term.expect("Shared with North, with your name on it.")
    term.finish()
    assert log_paths(journal) == []
    (log,) = log_paths(workspace / "sessions")
    session = read_log(log)
    assert session.author is not None
    assert session.author.name == "Priya Shah"
    assert [a.text for a in session.answers] == ["Fewer people waiting"]


@pytest.mark.parametrize("size", SIZES)
def test_enter_keeps_the_entry_private_and_says_how_to_share_it_later(
        journal: Path, workspace: Path, size: tuple[int, int]) -> None:
    term = _write_entry(journal, size)
    term.send(ENTER)
    term.expect("Kept private, on this computer.")
    term.expect("reflect share ")
    term.finish()
    assert log_paths(workspace / "sessions") == []
    assert len(log_paths(journal)) == 1


@pytest.mark.parametrize("size", SIZES)
def test_sharing_asks_who_you_are_the_first_time(
        invoke, journal: Path, workspace: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    term = _write_entry(journal, size)
    term.send("y" + ENTER)
    term.expect("reflect does not know who you are yet.")
    term.expect("Your name")
    term.expect("for now):")
    time.sleep(0.3)  # a person reads the question before typing
    term.send("Sam Okafor" + ENTER)
    term.expect("Your organisation")
    term.send("Eastgate Tenants" + ENTER)
    term.expect("Your sector")
    term.send(ENTER)
    term.expect("Shared with North, with your name on it.")
    term.finish()
    (log,) = log_paths(workspace / "sessions")
    author = read_log(log).author
    assert author is not None
    assert (author.name, author.organisation) == ("Sam Okafor", "Eastgate Tenants")
    assert "Sam Okafor" in invoke("config").output  # kept for next time


def test_no_share_question_outside_a_workspace(journal: Path) -> None:
    term = terminal(journal, "session", "-p", "purpose.impact", size=(24, 80))
    term.answer("Fewer people waiting")
    said = term.finish()
    assert "Share this entry" not in said
    assert len(log_paths(journal)) == 1


def test_sharing_without_a_name_keeps_the_entry_private(journal: Path, workspace: Path) -> None:
    term = _write_entry(journal, (20, 60))
    term.send("y" + ENTER)
    term.expect("for now):")
    time.sleep(0.3)
    term.send(ENTER)  # no name: rather not say now
    term.expect("Not shared: the partnership needs to know whose")
    term.expect("reflect share ")
    term.finish()
    assert log_paths(workspace / "sessions") == []
    assert len(log_paths(journal)) == 1
