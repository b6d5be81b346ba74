"""Real-terminal tests of journaling between meetings: picking single prompts, counting them
over the whole session, and the kind offered as last time (at 80x24 and 60x20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import log_paths, read_log
from test_interactive import DOWN, ENTER, Terminal

SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((20, 60), id="60x20")]


def terminal(journal: Path, *args: str, size: tuple[int, int]) -> Terminal:
    rows, columns = size
    term = Terminal(journal, *args, env={"COLUMNS": str(columns), "LINES": str(rows)})
    term.child.setwinsize(rows, columns)
    return term


@pytest.mark.parametrize("size", SIZES)
def test_pick_takes_single_prompts_of_two_questions(journal: Path,
                                                    size: tuple[int, int]) -> None:
    term = terminal(journal, "session", "--pick", size=size)
    term.expect("What will you reflect on?")
    term.expect("Space to tick")
    term.expect("Question 1: What is the purpose")
    term.expect("The whole question (5 prompts)")
    term.send(ENTER)  # nothing ticked yet
    term.expect("Tick at least one with Space, then press Enter.")
    term.expect("What will you reflect on?")
    # The first choice is question 1 as a whole; two down is its second prompt.
    term.send(DOWN + DOWN + " ")
    # Past the rest of question 1, question 2 as a whole and its first two prompts.
    term.send(DOWN * 7 + " ")
    term.send(ENTER)
    term.expect("2 prompts to go through")
    term.expect("Title (optional")
    term.send(ENTER)
    term.expect("My own journal entry")
    term.send(DOWN + ENTER)
    term.expect("Part 1 of 2")
    term.expect("Prompt 1 of 2")
    term.answer("Fewer crises")
    term.expect("Part 2 of 2")
    term.expect("Prompt 2 of 2")
    term.answer("Residents sit with commissioners")
    term.finish()
    (log,) = log_paths(journal)
    session = read_log(log)
    assert [(a.prompt_id, a.text) for a in session.answers] == [
        ("purpose.impact", "Fewer crises"),
        ("role.distinctiveness", "Residents sit with commissioners")]


@pytest.mark.parametrize("size", SIZES)
def test_prompts_are_counted_over_the_whole_session(journal: Path,
                                                    size: tuple[int, int]) -> None:
    term = terminal(journal, "session", "-p", "purpose.impact", "-p", "role.change", "-p",
                    "role.other_work", size=size)
    term.expect("3 prompts to go through")
    term.expect("Part 1 of 2")
    term.expect("Prompt 1 of 3")
    term.answer("Fewer crises")
    term.expect("Part 2 of 2")
    term.expect("Prompt 2 of 3")
    term.skip_text()
    term.expect("Prompt 3 of 3")
    term.skip_text()
    term.finish()
    (log,) = log_paths(journal)
    assert read_log(log).title == ("Journal: What impact does your partnership want to "
                                   "have? (and 2 more)")


@pytest.mark.parametrize("size", SIZES)
def test_the_kind_used_last_is_offered_first_and_picks_are_ticked_again(
        journal: Path, size: tuple[int, int]) -> None:
    term = terminal(journal, "session", "-p", "purpose.impact", size=size)
    term.answer("Quick thought")
    term.finish()
    term = terminal(journal, "session", "--pick", size=size)
    term.expect("What will you reflect on?")
    term.send(DOWN * 6 + " " + ENTER)  # question 2 as a whole
    term.expect("Title (optional")
    term.send(ENTER)
    term.expect("My own journal entry (as last time)")
    term.send(ENTER)  # a journal entry again, with one key
    for _ in range(3):
        term.skip_text()
    term.finish()
    term = terminal(journal, "session", "--pick", size=size)
    term.expect("Ticked: what you chose")  # (last time, on the next line at 60 columns)
    term.send(ENTER)
    term.expect("3 prompts to go through")
    term.expect("Title (optional")
    term.child.terminate(force=True)
    kinds = sorted(read_log(p).kind for p in log_paths(journal))
    assert kinds == ["journal", "journal"]


@pytest.mark.parametrize("size", SIZES)
def test_pick_says_its_keys_in_whole_words_and_what_was_ticked_plainly(
        journal: Path, size: tuple[int, int]) -> None:
    from test_meeting_screen import Screen

    term = Screen(journal, "session", "--pick", size=size)
    term.wait_shown("What will you reflect on?", "Enter when done)", "The whole question")
    words = " ".join(term.lines()).split()
    keys = ("What will you reflect on? (↑ ↓ to move, Space to tick a whole question or "
            "single prompts, Enter when done)")
    wanted = keys.split()
    # Broken at spaces (it was cut 'a wh' / 'ole question' at 60 columns).
    assert any(words[i:i + len(wanted)] == wanted for i in range(len(words))), \
        "\n".join(term.lines())
    term.send(DOWN + DOWN + " " + DOWN + " " + ENTER)
    term.wait_shown("2 prompts to go through")
    # Said in plain words, not as questionary's 'done (2 selections)'.
    assert "› What will you reflect on? 2 ticked" in term.lines()
    assert "selections" not in term.shown()
    term.child.terminate(force=True)
