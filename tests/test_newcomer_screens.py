"""What a newcomer reads on a real terminal, 80 and 60 columns wide, read back through pyte:
the messages of setting up a workspace and a rating round break lines between words, and the
commands to copy stand whole on lines of their own."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest
from test_meeting_screen import SIZES, Screen


def _done(term: Screen) -> list[str]:
    term.child.expect(pexpect.EOF)
    term.child.close()
    return term.lines()


@pytest.mark.parametrize("size", SIZES)
def test_making_a_workspace_and_a_round_never_cuts_a_word_or_a_command(
        journal: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    shared = tmp_path / "shared-folder-of-the-north-partnership"
    env = {"REFLECT_DIR": ""}  # the workspace is in use, as for a person who set none
    made = _done(Screen(journal, "workspace", "create", str(shared), "--name",
                        "North Partnership", size=size, env=env))
    words = " ".join(" ".join(made).split())
    # Every line ends at a space: no word is split over two lines.
    assert "Meetings you run are written there; your journal entries stay private." in words
    # The command starts a line of its own (a path longer than the screen runs on).
    start = next(i for i, line in enumerate(made) if line.startswith("  reflect workspace join"))
    assert f'  reflect workspace join "{shared}"' in "".join(made[start:])
    assert all(len(line) <= size[1] for line in made)

    opened = _done(Screen(journal, "rate", "-r", "Spring 2027", "--open", "anonymous",
                          size=size, env=env))
    assert '  reflect rate --round "Spring 2027"' in opened
    assert '  reflect rate --round "Spring 2027" --close' in opened
    shown = " ".join(" ".join(opened).split())
    assert "Until you close it, only the number of submissions is shown. Close it with:" in shown

    listed = _done(Screen(journal, "rate", size=size, env=env))
    assert "To rate in the open round, type:" in listed
    assert '  reflect rate --round "Spring 2027"' in listed



ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("colour", [pytest.param("", id="colour"), pytest.param("1", id="plain")])
def test_trends_on_a_60_column_screen_keep_each_characteristic_whole(
        journal: Path, colour: str) -> None:
    # At 60 columns the characteristic's column was 9 wide: 'Character' / 'istic',
    # 'partnersh' / 'ip'. Now each name has lines of its own, its ratings under it.
    import shutil

    shutil.copytree(ROOT / "examples" / "logs", journal)
    # Tall enough to hold it all: the width is what is tested.
    lines = _done(Screen(journal, "trends", size=(50, 60), env={"NO_COLOR": colour}))
    assert all(len(line) <= 60 for line in lines)
    assert "  Over time           First   Latest  Change" in lines
    at = lines.index("Roles and responsibilities are clear, and may be flexible")
    assert lines[at + 1].split() == ["▃▅", "2", "3", "+1"]  # its ratings, under it
    at = lines.index("Partners are committed to working collaboratively and get")
    assert lines[at + 1] == "development support to do so"
    assert lines[at + 2].split() == ["▅▆", "3", "4", "+1"]
    assert "Character" not in " ".join(lines)  # no column head cut in two


@pytest.mark.parametrize("size", SIZES)
def test_a_meeting_saved_early_still_asks_its_key_messages(journal: Path, tmp_path: Path,
                                                          size: tuple[int, int]) -> None:
    # Out of time, the facilitator presses Ctrl-C and saves: the key messages, which head
    # every report of the meeting, were never asked.
    from helpers import log_paths, read_log
    from test_interactive import ENTER

    people = tmp_path / "people.yaml"
    people.write_text("- Daniel Hughes\n- Priya Shah\n", encoding="utf-8")
    term = Screen(journal, "session", "-q", "purpose", "--participants", str(people),
                  "--title", "Out of time", size=size)
    term.wait_shown("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send("Older people living alone" + ENTER + ENTER)
    term.wait_shown("Prompt 2 of")
    term.wait_shown("Ctrl-C: stop")
    term.send("\x03")
    term.wait_shown("Save the log now")
    term.send(ENTER)
    term.wait_shown("Key message 1:", "Enter with nothing typed when done")
    assert all(len(line) <= size[1] for line in term.lines())
    term.send("Housing must join us" + ENTER)
    term.wait_shown("Key message 2:")
    term.send(ENTER)
    term.child.expect(pexpect.EOF)
    session = read_log(log_paths(journal)[0])
    assert session.meeting is not None
    assert session.meeting.key_messages == ["Housing must join us"]
    assert session.answer("purpose.beneficiaries").text == "Older people living alone"


def test_the_end_of_a_session_gives_the_commands_whole_and_a_meeting_the_report(
        journal: Path) -> None:
    # The file name ran past the box's edge at 60 columns: '...-ana-co │' / '│ sta.md'.
    from test_interactive import ENTER

    term = Screen(journal, "session", "-p", "purpose.impact", "--kind", "journal", "--title",
                  "How are you holding yourselves to account", size=(20, 60))
    term.wait_shown("Ctrl-C: stop")
    term.send("We keep promising to look back" + ENTER + ENTER)
    lines = _done(term)
    start = next(i for i, line in enumerate(lines) if line.startswith("  reflect show "))
    assert lines[start - 1] == "Read it again with:"
    shown = "".join(lines[start:start + 2])
    assert "-how-are-you-holding-yourselves-to.md" in shown
    assert "│" not in shown
    assert "reflect report" not in " ".join(lines)  # a journal entry is no board paper


def test_a_meeting_written_from_a_file_ends_with_how_to_make_its_report(
        invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "meeting.yaml"
    answers.write_text("title: Spring review\nkind: meeting\nparticipants: [Tom Reed]\n"
                       "purpose.impact: Fewer crises.\n", encoding="utf-8")
    result = invoke("session", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "Read it again with:\n  reflect show " in result.output
    assert "A paper for a board or a funder, naming only who agreed:\n  reflect report\n" \
        in result.output


def test_a_first_meetings_report_does_not_promise_a_last_time(
        invoke, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:  # type: ignore[no-untyped-def]
    # Its chart said "◆ (orange) last time" under "This meeting against the last", and the
    # board reading it looked for marks that are not there.
    import html

    from docx import Document

    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "first.yaml"
    answers.write_text("title: First\nkind: meeting\nparticipants: [Tom Reed, Sam Okafor]\n"
                       "ratings:\n  characteristics.trust: {Tom Reed: 4, Sam Okafor: 2}\n",
                       encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    assert invoke("report", "-o", "first.html").exit_code == 0
    assert invoke("report", "--format", "docx", "-o", "first.docx").exit_code == 0
    page = html.unescape((tmp_path / "first.html").read_text(encoding="utf-8"))
    word = "\n".join(p.text for p in Document(str(tmp_path / "first.docx")).paragraphs)
    for said in (page, word):
        assert "This meeting's ratings" in said
        assert "This meeting against the last" not in said
        assert "there is no earlier rating to compare with" in said
    assert "a hollow diamond last time" not in page
    assert "◆ (orange) last time" not in word

    # A second meeting: the comparison is back.
    answers.write_text("title: Second\nkind: meeting\nparticipants: [Tom Reed, Sam Okafor]\n"
                       "ratings:\n  characteristics.trust: {Tom Reed: 4, Sam Okafor: 4}\n",
                       encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    assert invoke("report", "-o", "second.html").exit_code == 0
    page = html.unescape((tmp_path / "second.html").read_text(encoding="utf-8"))
    assert "This meeting against the last" in page
    assert "a hollow diamond last time" in page


def test_joining_a_folder_that_is_not_there_says_so_in_one_line(
        invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A mistyped folder (or one not synced yet) was taken for a git address: "Could not
    # reach the partnership's repository: you may be offline ... goes out at the next sync".
    missing = tmp_path / "OneDrive - NHS" / "North Partnership"
    result = invoke("workspace", "join", str(missing))
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert said.startswith(f"Error: there is no folder {' '.join(str(missing).split())} on "
                           "this computer Check the name")
    assert "synced to this computer" in result.output
    assert "offline" not in result.output
    assert "Traceback" not in result.output


def test_share_with_every_entry_shared_already_says_so(tmp_path: Path) -> None:
    # It said "there are no sessions in ~/.local/share/reflect/logs yet": a folder the member
    # never saw, when her entries were all in the workspace.
    from test_workspace import _member, ok

    ana = _member(tmp_path / "ana")
    ok(ana("config", "--name", "Ana Costa", "--sector", "VCSE"))
    ok(ana("workspace", "create", str(tmp_path / "shared"), "--name", "North"))
    answers = tmp_path / "entry.yaml"
    answers.write_text("kind: journal\nshare: yes\npurpose.impact: Fewer crises.\n",
                       encoding="utf-8")
    ok(ana("session", "--answers", str(answers)))
    result = ana("share")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert said.startswith("Error: you have no private journal entries to share Any you shared "
                           "already are in the workspace (reflect list shows them).")
    assert ".local" not in said
