"""`reflect rate` at a real terminal, read back through a terminal emulator (pyte): a member
rates on her own, with a line on why, stops after two, sends them, and comes back to change
them; at 80x24 and at 60x20."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_interactive import CTRL_C, DOWN, ENTER
from test_meeting_screen import SIZES, Screen

UP = "\x1b[A"


def _ask(term: Screen) -> None:
    term.wait_shown("How true is this of your partnership now?",
                    "(a number, or ↑ ↓; then Enter)")


@pytest.mark.parametrize("size", SIZES)
def test_a_member_rates_alone_stops_sends_and_changes_her_ratings(
        journal: Path, tmp_path: Path, invoke, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    shared = tmp_path / "shared"
    assert invoke("workspace", "create", str(shared), "--name", "North").exit_code == 0
    assert invoke("rate", "--round", "Spring", "--open", "anonymous").exit_code == 0
    term = Screen(journal, "rate", "--round", "Spring", size=size)
    term.wait_shown("Rating on your own: the round \"Spring\" (anonymous), 0 submissions so "
                    "far.", "What reflect cannot hide:", "may record who uploaded the file")
    term.wait_shown("Which sector are you from?")
    term.send(DOWN * 2 + ENTER)  # NHS, Local authority, VCSE
    _ask(term)
    assert "Characteristic 1 of 12 · Ctrl-C: stop (send what you rated, or not)" in \
        term.shown()
    assert "Genuine agreement on need for partnership" in term.shown()
    assert all(len(line) <= size[1] for line in term.lines())
    term.send("4" + ENTER)
    term.wait_shown("Why? One line, if you like")
    term.send("Everyone came to the table" + ENTER)
    term.wait_shown("Characteristic 2 of 12")
    _ask(term)
    assert "Back to the previous one (Ctrl-B)" in term.shown()
    term.send("2" + ENTER)
    term.wait_shown("Why? One line, if you like")
    time.sleep(0.3)  # (keys typed before the line is ready are dropped, as a person's are)
    term.send("Half a tho")
    term.wait_shown("a tho")
    term.send(CTRL_C)  # stopped while typing: what is typed is kept
    term.wait_shown("Stopped. What now?", "Send what I have rated so far")
    term.send(UP + ENTER)
    out = term.finish()
    assert "Sent your ratings (2 ratings) in the round \"Spring\": 1 submission so far." in \
        " ".join(out.split())
    (path,) = [p for p in (shared / "ratings" / "spring").iterdir() if p.name != "round.yaml"]
    text = path.read_text(encoding="utf-8")
    assert 'why: "Everyone came to the table"' in text
    assert 'sector: "VCSE"' in text
    assert '"characteristics.purpose": {rating: 2, why: "Half a tho"}' in text

    # Back again: her ratings are filled in; she changes the first and stops at once.
    again = Screen(journal, "rate", "--round", "Spring", "--sector", "VCSE", size=size)
    again.wait_shown("You sent ratings in this round already")
    _ask(again)
    again.send("5" + ENTER)
    again.wait_shown("Why? One line, if you like")
    again.send(ENTER)  # the why stays as it was (it is in the box)
    again.wait_shown("Characteristic 2 of 12")
    _ask(again)
    again.send(CTRL_C)
    again.wait_shown("Stopped. What now?")
    again.send(UP + ENTER)
    out = again.finish()
    assert "Changed your ratings (2 ratings)" in " ".join(out.split())
    assert [p for p in (shared / "ratings" / "spring").iterdir() if p.name != "round.yaml"] \
        == [path]
    changed = path.read_text(encoding="utf-8")
    assert '"characteristics.agreement": {rating: 5, why: "Everyone came to the table"}' in \
        changed


PEOPLE = """\
- name: Daniel Hughes
  organisation: Eastbrook Homes
  sector: Other
  role: facilitator
- name: Priya Shah
  organisation: Northfield Council
  sector: Local authority
"""


@pytest.mark.parametrize("size", SIZES)
def test_a_meeting_shows_the_emailed_ratings_then_asks_what_the_group_agreed(
        journal: Path, tmp_path: Path, invoke, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """With a round, the facilitator is not asked to type everyone's ratings again: the
    reveal, then "What rating did the group agree?" (Enter: the round's median stands), or
    each person's rating typed live instead; an empty line goes back to the round's."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, (sector, value) in enumerate((("NHS", 5), ("NHS", 4), ("VCSE", 1), ("VCSE", 2))):
        answers = tmp_path / f"a{i}.yaml"
        answers.write_text(f"sector: {sector}\nratings:\n  characteristics.agreement: "
                           f"{{rating: {value}, why: \"reason {i}\"}}\n"
                           f"  characteristics.purpose: {3 + i % 2}\n", encoding="utf-8")
        made = invoke("rate", "--round", "Dec", "--answers", str(answers), "-o",
                      str(inbox / f"{i}.yaml"))
        assert made.exit_code == 0, made.output
    people = tmp_path / "people.yaml"
    people.write_text(PEOPLE, encoding="utf-8")
    term = Screen(journal, "session", "--kind", "meeting", "-q", "characteristics", "--title",
                  "December", "--participants", str(people), "--ratings", str(inbox),
                  size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("What rating did the group agree?", "(a number, or ↑ ↓; then Enter)")
    shown = term.shown()
    # The reveal, the characteristic under it, then the question, all in sight at once.
    assert "How will you rate the characteristics?" not in shown
    assert ("Rated before the meeting: 4 people rated · median 3 · lowest 1 · highest 5 · "
            "DISCUSS FIRST") in shown
    assert "Each score: 1: █ 1 · 2: █ 1 · 3: 0 · 4: █ 1 · 5: █ 1" in shown
    if size[0] >= 24:
        assert "Median by sector: Other 3 (4)" in shown
        assert '- "reason 0"' in shown
    assert shown.index("Rated before the meeting") < shown.index("Prompt 1 of 12") < shown.index(
        "What rating did the group agree?")
    assert "No rating agreed: the round's median 3 stands" in shown
    assert "The group agreed: 4 Mostly" in shown
    assert "Type each person's rating instead" in shown
    assert "Back to the previous prompt" not in shown  # (the first prompt)
    assert all(len(line) <= size[1] for line in term.lines())
    term.send(ENTER)  # the round's median stands
    term.wait_match(r"Prompt 2 of 12 .*What rating did the group agree\? .*\(a number")
    shown = term.shown()
    assert "Rated before the meeting: 4 people rated · median 3.5 · lowest 3 · highest 4" in shown
    assert "Each score: 1: 0 · 2: 0 · 3: ██ 2 · 4: ██ 2 · 5: 0" in shown
    assert "Back to the previous prompt (Ctrl-B)" in shown
    assert all(len(line) <= size[1] for line in term.lines())
    # Each person's rating instead; an empty line is back at the round's question.
    term.send("t" + ENTER)
    term.wait_shown("Ratings:", "Enter on an empty line goes back to the round's ratings")
    term.send(ENTER)
    term.wait_match(r"Back to the round's ratings\. .*What rating did the group agree\? "
                    r".*\(a number")
    term.send("t" + ENTER)
    term.wait_match(r"Back to the round's ratings\. .*Ratings:")
    term.send("2 5" + ENTER)
    term.wait_shown("Did the group agree a rating?")
    term.send("4" + ENTER)
    # Trust: nobody rated it in the round; the usual question of how to rate.
    term.wait_shown("Prompt 3 of 12", "nobody rated this one",
                    "How will you rate the characteristics?")
    term.send(CTRL_C)
    term.wait_shown("Save the log now")
    term.send(ENTER)
    term.wait_shown("Key message 1:")
    term.send(ENTER)
    term.finish()
    (log,) = journal.glob("*.md")
    text = log.read_text(encoding="utf-8")
    assert "No rating agreed: the round's median stands." in text
    assert "Each person's rating: Priya Shah 2, Daniel Hughes 5. Lowest 2, median 3.5, " \
           "highest 5. The group agreed 4." in text
    shown = " ".join(invoke("show", log.name).output.split())
    assert "Rating round \"Dec\" (anonymous): 4 rated" in shown
    from helpers import read_log

    answers = {a.prompt_id: a for a in read_log(log).answers}
    agreement = answers["characteristics.agreement"]
    assert (agreement.rating, agreement.group.median if agreement.group else None) == (3, 3)
    purpose = answers["characteristics.purpose"]
    assert purpose.rating == 4
    assert purpose.group is not None
    assert (purpose.group.low, purpose.group.high, purpose.group.agreed) == (2, 5, 4)


def test_a_meeting_in_the_workspace_offers_the_round_and_shows_it(
        journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    shared = tmp_path / "shared"
    assert invoke("workspace", "create", str(shared), "--name", "North").exit_code == 0
    assert invoke("rate", "--round", "Spring", "--open", "named").exit_code == 0
    assert invoke("config", "--name", "Priya Shah", "--sector", "NHS").exit_code == 0
    answers = tmp_path / "a.yaml"
    answers.write_text("ratings:\n  characteristics.agreement: {rating: 2, why: \"Slow\"}\n",
                       encoding="utf-8")
    assert invoke("rate", "--round", "Spring", "--answers", str(answers)).exit_code == 0
    people = tmp_path / "people.yaml"
    people.write_text(PEOPLE, encoding="utf-8")
    term = Screen(journal, "session", "--kind", "meeting", "-q", "characteristics", "--title",
                  "December", "--participants", str(people), "--workspace", "North",
                  size=(24, 80))
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown('The rating round "Spring" has 1 submission, and it is still open '
                    "(bringing it in closes it). Show its ratings on each characteristic's "
                    "screen?")
    term.send("y" + ENTER)
    term.wait_shown("What rating did the group agree?", "(a number, or ↑ ↓; then Enter)")
    shown = term.shown()
    assert "No rating agreed: the round's median 2 stands" in shown
    assert "Rated before the meeting: 1 person rated · median 2 · lowest 2 · highest 2" in shown
    assert '- "Slow" (Priya Shah)' in shown
    assert "closed:" in (shared / "ratings" / "spring" / "round.yaml").read_text(
        encoding="utf-8")
    term.send(CTRL_C)
    term.wait_shown("Save the log now")
    term.send(ENTER)  # nothing written yet: nothing kept, so no key messages asked
    term.finish()
