"""The review of earlier actions and the closing actions in a real terminal: an overdue action
is marked, carrying it over offers a new date, a comment is taken, an action can have several
owners; at 80x24 and at 60x20."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pexpect
import pytest
from helpers import log_paths, read_log
from test_interactive import DOWN, ENTER, PEOPLE_FILE, Terminal

SPACE = " "
BACKSPACE = "\x7f"


def earlier_meeting(journal: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    people = PEOPLE_FILE.read_text(encoding="utf-8")
    text = "participants:\n" + "".join(f"  {line}\n" for line in people.splitlines()
                                          if not line.startswith("#"))
    text += ("date: 2026-01-10\npurpose.impact: x\nactions:\n"
             "  - {text: Ask the board for a room, owner: [Sam Okafor, Jo Bell], "
             "due: 2026-01-31}\n  - {text: Book the hall, due: 2099-06-30}\n")
    earlier = journal.parent / "earlier.yaml"
    earlier.write_text(text, encoding="utf-8")
    assert invoke("session", "--answers", str(earlier)).exit_code == 0


@pytest.mark.parametrize(("rows", "columns"), [(24, 80), (20, 60)])
def test_reviewing_marks_overdue_offers_a_new_date_and_takes_a_comment(
        journal: Path, invoke, rows: int, columns: int) -> None:  # type: ignore[no-untyped-def]
    earlier_meeting(journal, invoke)
    term = Terminal(journal, "session", "-p", "purpose.impact", "--participants",
                    str(PEOPLE_FILE), "--kind", "meeting", "--title", "March",
                    "--date", "2026-03-05",
                    env={"COLUMNS": str(columns), "LINES": str(rows)})
    term.child.setwinsize(rows, columns)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.expect("2 open actions from earlier sessions to review")
    term.expect("Ask the board for a room")
    term.expect("OVERDUE since 31 January 2026")  # due before this meeting: marked
    term.expect("Skip for now")
    term.send(DOWN + ENTER)  # carry it over
    term.expect("By when now?")
    term.expect_typed("02/04/2026")  # four weeks on from the meeting, in the box already
    term.send(ENTER)
    term.expect("Anything to note about it for the log?")
    term.send("It went to the board and I heard nothing back" + ENTER)
    term.expect("Book the hall")  # still in time: no mark, and its own date is offered
    term.expect("Skip for now")
    term.send(DOWN + ENTER)
    term.expect("By when now?")
    term.expect_typed("30/06/2099")
    term.send(BACKSPACE * 10 + "31/07/2099" + ENTER)
    term.expect("Anything to note about it for the log?")
    term.send(ENTER)
    term.expect("Ctrl-C: stop")  # the answer box (its key line wraps differently by width)
    term.expect("›")
    term.send(ENTER)  # skipped
    term.expect("Any actions to add before you finish?")
    term.send("y" + ENTER)
    term.expect("What is the action?")
    term.send("Write to the ICB" + ENTER)
    term.expect("Several people (tick them)")
    term.expect("Nobody yet")
    term.send(DOWN * 5 + ENTER)
    term.expect("Tick each person")
    term.expect("Jo Bell")
    term.send(SPACE + DOWN + DOWN + SPACE + ENTER)  # Aisha Khan and Priya Shah
    term.expect("Who will do it? Aisha Khan, Priya Shah")  # who, by name, once ticked
    term.expect("Anyone else?")
    term.send("Housing team" + ENTER)
    term.expect("By when?")
    term.send(ENTER)
    term.expect("Action added: Write to the ICB")
    term.expect("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.expect("Key message 1:")
    term.send(ENTER)  # no key messages
    screen = term.finish()
    assert "Traceback" not in screen
    session = read_log(next(p for p in log_paths(journal) if "march" in p.name))
    meeting = session.meeting
    assert meeting is not None
    assert [(r.action.text, r.status, r.action.due, r.was_due, r.comment)
            for r in meeting.reviews] == [
        ("Ask the board for a room", "carried over", dt.date(2026, 4, 2), dt.date(2026, 1, 31),
         "It went to the board and I heard nothing back"),
        ("Book the hall", "carried over", dt.date(2099, 7, 31), dt.date(2099, 6, 30), "")]
    (action,) = meeting.actions
    assert action.owners == ("Aisha Khan", "Priya Shah", "Housing team")
    text = next(p for p in log_paths(journal) if "march" in p.name).read_text(encoding="utf-8")
    assert ("- **Carried over**: Ask the board for a room (Sam Okafor, Jo Bell) · now due by "
            "02 Apr 2026 (was due by 31 Jan 2026, overdue) · “It went to the board and I heard "
            "nothing back”") in text


@pytest.mark.parametrize("size", [(24, 80), (20, 60)])
def test_review_lines_break_between_words_not_inside_them(
        journal: Path, invoke, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    from test_meeting_screen import Screen

    earlier_meeting(journal, invoke)
    term = Screen(journal, "session", "-p", "purpose.impact", "--participants",
                  str(PEOPLE_FILE), "--kind", "meeting", "--title", "March",
                  "--date", "2026-03-05", size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Ask the board for a room", "Skip for now")
    term.send(DOWN + ENTER)  # carry it over
    term.wait_shown("02/04/2026")
    # The choice taken, echoed after the question, and the question for the new date are
    # broken at spaces: every word is whole on the screen (they used to be cut at the edge:
    # 'then choo' / 'se a new date', 'type another date, o' / 'r delete it').
    _words_whole(term, "› What happened to it? Carry it over (choose a new date)")
    _words_whole(term, "› By when now? (Enter keeps 02/04/2026; type another date, or delete "
                       "it for no date) 02/04/2026")
    term.send(ENTER)
    term.wait_shown("Anything to note about it for the log?")
    _words_whole(term, "› Anything to note about it for the log? (a line, or Enter for nothing)")
    term.send("Heard nothing back" + ENTER)
    term.wait_shown("Book the hall", "Skip for now")
    term.send(ENTER)  # done
    term.expect("Anything to note about it for the log?")
    term.send(ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send(ENTER)  # the answer skipped
    term.wait_shown("Any actions to add before you finish?", "then Enter)")
    _words_whole(term, "Any actions to add before you finish? (y = yes, n = no, then Enter)")
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:")
    _words_whole(term, "The meeting's key messages head any report of it. Type one a line, "
                       "then Enter; Enter with nothing typed when done (or to have none).")
    term.send(ENTER)
    term.child.expect(pexpect.EOF)
    assert "Heard nothing back" in log_paths(journal)[-1].read_text(encoding="utf-8")


def _words_whole(term, text: str) -> None:  # type: ignore[no-untyped-def]
    """Every word of `text` is on the screen whole and in order, lines broken only at spaces."""
    words = " ".join(term.lines()).split()
    wanted = text.split()
    assert any(words[i:i + len(wanted)] == wanted for i in range(len(words))), \
        "\n".join(term.lines())


@pytest.mark.parametrize("size", [(24, 80), (20, 60)])
def test_an_actions_date_can_be_a_day_and_a_month_and_a_wrong_one_says_why(
        journal: Path, size: tuple[int, int]) -> None:
    from test_meeting_screen import Screen

    term = Screen(journal, "session", "-p", "purpose.impact", "--participants",
                  str(PEOPLE_FILE), "--kind", "meeting", "--title", "Dates", size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send(ENTER)  # the answer skipped
    term.wait_shown("Any actions to add before you finish?")
    term.send("y" + ENTER)
    term.expect("What is the action?")
    term.send("Write to the ICB" + ENTER)
    term.expect("Nobody yet")
    term.send(DOWN * 7 + ENTER)
    term.expect("By when?")
    term.send("31 Feb" + ENTER)  # it used to say only "is not a date"
    term.wait_match(r"'31 Feb' is not a date: February 20\d\d has 2[89] days\. Write it like")
    term.send("31 Dec" + ENTER)  # no year: the next 31 December (it used to be refused)
    year = dt.date.today().year
    term.wait_shown(f"Action added: Write to the ICB (nobody named yet, due 31 December {year})")
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:")
    term.send(ENTER)
    term.child.expect(pexpect.EOF)
    assert f"due: {year}-12-31" in log_paths(journal)[-1].read_text(encoding="utf-8")
