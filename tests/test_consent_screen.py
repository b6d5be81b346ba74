"""Consent at "Who is here" and the key messages at the end of a meeting, on a real terminal
read back through pyte at 80x24 and 60x20: what a facilitator in front of a room sees."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest
from helpers import log_paths, read_log
from test_interactive import DOWN, ENTER
from test_meeting_screen import SIZES, Screen, _add_person, _wait_for_name

SPACE = " "


def _two_people_then_who_facilitates(term: Screen) -> None:
    """Add Daniel Hughes and Priya Shah, nobody else, and wait for "Who is facilitating?"."""
    _add_person(term, 1, "Daniel Hughes", "Eastbrook Homes")
    _add_person(term, 2, "Priya Shah", "Northfield Council")
    _wait_for_name(term, 3)
    term.send(ENTER)
    term.wait_shown("Who is facilitating?", "Nobody in particular")


@pytest.mark.parametrize("size", SIZES)
def test_who_agrees_to_be_named_is_one_list_nobody_ticked_and_the_key_messages_end_it(
        journal: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-p", "purpose.impact", "--kind", "meeting", "--title",
                  "Consent", size=size)
    _two_people_then_who_facilitates(term)
    term.send(ENTER)
    term.wait_shown("Who is the lead partner?", "There is no lead partner")
    term.send(ENTER)
    term.wait_shown("Who agrees to be named in reports outside the partnership?",
                    "Space to tick", "Enter when done")
    shown = term.shown()
    # Why it is asked, and what happens to the others, in plain words; nobody ticked.
    assert "the others appear by sector (\"a VCSE member\")" in shown
    assert "Enter with nobody ticked: nobody named." in shown
    lines = term.lines()
    asked = max(i for i, line in enumerate(lines) if "Who agrees" in line)
    listed = [line for line in lines[asked:] if "Daniel Hughes" in line or "Priya Shah" in line]
    assert len(listed) == 2, lines
    assert all("●" not in line and len(line) <= size[1] for line in listed), listed
    term.send(DOWN + SPACE)  # Priya agrees
    term.send(ENTER)
    term.wait_shown("Start with a check-in round?")
    # The answer says by name who will be named, for the room to check; the keys' help and
    # "nobody named" are gone with the list (it said "Enter with nobody ticked: nobody named.
    # 1 person named chosen").
    shown = term.shown()
    assert "Who agrees to be named in reports outside the partnership? Priya Shah" in shown
    assert "nobody named" not in shown
    assert "chosen" not in shown
    term.send("n" + ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send(ENTER)  # the answer skipped
    term.wait_shown("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:", "Enter with nothing typed when done")
    term.send("Housing has to be at the table" + ENTER)
    term.wait_shown("Key message 2:")
    term.send(ENTER)
    term.child.expect(pexpect.EOF)
    session = read_log(log_paths(journal)[0])
    assert session.meeting is not None
    assert [(p.name, p.named_in_reports) for p in session.meeting.participants] == [
        ("Daniel Hughes", False), ("Priya Shah", True)]
    assert session.meeting.key_messages == ["Housing has to be at the table"]


def test_ctrl_c_in_the_key_messages_keeps_what_was_typed(journal: Path, tmp_path: Path) -> None:
    people = tmp_path / "people.yaml"
    people.write_text("- Daniel Hughes\n- Priya Shah\n", encoding="utf-8")
    term = Screen(journal, "session", "-p", "purpose.impact", "--participants", str(people),
                  "--title", "Stopped", size=(24, 80))
    term.wait_shown("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send(ENTER)
    term.wait_shown("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:")
    term.send("Half a messa" + "\x03")
    term.child.expect(pexpect.EOF)
    meeting = read_log(log_paths(journal)[0]).meeting
    assert meeting is not None
    assert meeting.key_messages == ["Half a messa"]


def test_nobody_ticked_is_said_in_words_on_a_narrow_screen(journal: Path) -> None:
    term = Screen(journal, "session", "-p", "purpose.impact", "--kind", "meeting", "--title",
                  "Nobody named", size=(20, 60))
    _add_person(term, 1, "Daniel Hughes", "Eastbrook Homes")
    _wait_for_name(term, 2)
    term.send(ENTER)
    term.wait_shown("Who is facilitating?", "Nobody in particular")
    term.send(ENTER)
    term.wait_shown("Who is the lead partner?", "There is no lead partner")
    term.send(ENTER)
    term.wait_shown("Who agrees to be named", "Enter when done")
    term.send(ENTER)
    term.wait_shown("Start with a check-in round?")
    shown = term.shown()
    assert ("Who agrees to be named in reports outside the partnership? nobody: each person "
            "appears by sector or role") in shown
    assert "none chosen" not in shown
    assert all(len(line) <= 60 for line in term.lines())
    term.child.sendcontrol("c")
    term.child.close()


@pytest.mark.parametrize("size", SIZES)
def test_whoever_runs_reflect_is_offered_as_the_facilitator_when_there_was_none(
        journal: Path, size: tuple[int, int]) -> None:
    """The first meeting has no facilitator to offer from the last one: the person who said
    who they are (reflect config) and is in the room is offered, and Enter takes them."""
    from reflect_cli.app import identity
    from reflect_cli.domain.model import Author

    identity.save(Author("Priya Shah", "Northfield Council", "Local authority"))
    term = Screen(journal, "session", "-p", "purpose.impact", "--kind", "meeting", "--title",
                  "Facilitator", size=size)
    _two_people_then_who_facilitates(term)
    pointed = [line for line in term.lines() if "»" in line]
    assert len(pointed) == 1
    assert "Priya Shah" in pointed[0], term.lines()
    term.send(ENTER)
    term.wait_shown("Who is the lead partner?", "There is no lead partner")
    term.send(ENTER)
    term.wait_shown("Who agrees to be named in reports outside the partnership?")
    term.send(ENTER)
    term.wait_shown("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send("Fewer people waiting" + ENTER + ENTER)
    term.wait_shown("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:")
    term.send(ENTER)
    term.child.expect(pexpect.EOF)
    (log,) = log_paths(journal)
    meeting = read_log(log).meeting
    assert meeting is not None
    roles = {p.name: p.roles for p in meeting.participants}
    assert roles == {"Daniel Hughes": (), "Priya Shah": ("facilitator",)}
