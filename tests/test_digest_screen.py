"""Since the last meeting, on the meeting's screen: in a workspace, after the review of
actions, the entries members shared since the last meeting are said in a line, then read out a
screen at a time (each fits the terminal, with its keys) or skipped; at 80x24 and 60x20, read
back through a terminal emulator (pyte), so what is asserted is what is on the screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import log_paths
from test_interactive import DOWN, ENTER, PEOPLE_FILE
from test_meeting_screen import SIZES, Screen

LONG = ("We met the housing team at last and they want residents on their panel, which "
        "nobody expected after the winter we had. The connectors say people are waiting "
        "longer for a first visit, the volunteers are tired, and the library has offered "
        "its back room on Thursdays. The surgery wants to send people to the cafe, and "
        "nobody has asked the cafe whether it wants them. Nobody has told the board yet.")


def _answers(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def workspace(invoke, journal: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A workspace 'North' with a meeting on 10 January, then three entries shared since by
    two people (one with words that would clear the screen, were they obeyed)."""
    def ok(*args: str) -> None:
        result = invoke(*args, "--workspace", "North") if args[0] != "config" else \
            invoke(*args)
        assert result.exit_code == 0, result.output

    folder = tmp_path / "shared" / "North"
    assert invoke("workspace", "create", str(folder), "--name", "North").exit_code == 0
    ok("session", "--answers", _answers(tmp_path, "m.yaml", "title: January\nkind: meeting\n"
                                        "date: 2026-01-10\npurpose.impact: x\n"))

    def entry(name: str, date: str, **answers: str) -> None:
        text = f"kind: journal\ndate: {date}\ntitle: {name}\n" + "".join(
            f"{pid.replace('_', '.')}: {json.dumps(said)}\n" for pid, said in answers.items())
        ok("session", "--answers", _answers(tmp_path, f"{name}.yaml", text))
        ok("share", "latest")

    ok("config", "--name", "Bob Green", "--organisation", "Eastgate Tenants Association")
    entry("bob1", "2026-02-01", purpose_impact=LONG)
    ok("config", "--name", "Fatima Begum", "--organisation", "Northfield Food Bank")
    entry("fatima", "2026-02-03", purpose_impact="Fewer crises \x1b[2J[red]loud[/red].",
          role_change="Test it on one estate first.")
    ok("config", "--name", "Bob Green", "--organisation", "Eastgate Tenants Association")
    entry("bob2", "2026-02-05", members_resources="We have never asked the council what "
          "rooms it has.")
    return folder


def _to_the_digest(journal: Path, size: tuple[int, int]) -> Screen:
    term = Screen(journal, "session", "-p", "purpose.impact", "--kind", "meeting",
                  "--participants", str(PEOPLE_FILE), "--title", "March", "--workspace",
                  "North", size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Read them out now?", "Skip them: go on to the questions")
    return term


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_reads_out_what_was_shared_a_screen_at_a_time(
        journal: Path, workspace: Path, size: tuple[int, int]) -> None:
    rows, columns = size
    term = _to_the_digest(journal, size)
    shown = term.shown()
    assert "Shared since the last meeting, Sat 10 Jan 2026 (January)" in shown
    assert "3 entries by 2 people, on 3 questions." in shown
    term.send(ENTER)  # read them out
    term.wait_shown("Screen 1 of", "Next screen", "Skip the rest")
    first = term.lines()
    shown = term.shown()
    total = int(shown.split("Screen 1 of ", 1)[1].split()[0])
    assert total >= 2  # more than one screen's worth, at either size
    assert "1. What is the purpose of the partnership's work?" in shown
    assert "Bob Green (Eastgate Tenants Association) · Sun 1 Feb 2026" in shown
    assert "We met the housing team" in shown
    assert "Nobody has told the board yet." not in shown  # the first lines only...
    cut = [line for line in first if line.endswith("…")]
    assert cut  # ... ending with '…' after a whole word
    assert all(line.endswith(" …") for line in cut)
    assert all(len(line) <= columns for line in first)
    seen = shown
    for number in range(2, total + 1):
        term.send(ENTER)  # the next screen
        term.wait_shown(f"Screen {number} of {total}")
        seen += " " + term.shown()
        if number < total:
            term.wait_shown("Next screen", "Skip the rest")
    term.wait_shown("Go on to the questions")
    # Everything shared was on one screen or another, safely: codes shown, not obeyed.
    for words in ("Fatima Begum (Northfield Food Bank) · Tue 3 Feb 2026",
                  "Fewer crises \\x1b[2J[red]loud[/red].", "Test it on one estate first.",
                  "2. What is the distinctive role", "We have never asked the council"):
        assert words in seen, words
    term.send(ENTER)
    term.wait_shown("Press Enter twice to finish", "Ctrl-C: stop")
    term.send(ENTER)  # skip the prompt
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    assert len(list((workspace / "sessions").glob("*march*.md"))) == 1
    assert len(first) == rows


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_can_skip_what_was_shared(journal: Path, workspace: Path,
                                              size: tuple[int, int]) -> None:
    term = _to_the_digest(journal, size)
    term.send(DOWN + ENTER)
    term.expect("Skipped.")
    term.wait_shown("Press Enter twice to finish", "Ctrl-C: stop")
    assert "Screen 1 of" not in "".join(term.feed.raw)
    term.send(ENTER)
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    assert log_paths(journal) == []  # a meeting: written to the workspace, not the journal
