"""`reflect edit`: correcting an answer, a note or an action in a finished log, without losing
anything when the log changed meanwhile or the editor fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import log_paths, read_log

from reflect_cli.domain.model import Session

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def meeting_log(journal: Path, invoke) -> Path:  # type: ignore[no-untyped-def]
    """The example meeting of 12 March 2026, written as a log."""
    assert invoke("session", "--answers", str(EXAMPLES / "answers.yaml")).exit_code == 0
    (path,) = log_paths(journal)
    return path


def editor(folder: Path, script: str) -> dict[str, str]:
    """An 'editor' (a shell script in a folder with a space in its name, as on Windows' C:\\
    Program Files) that runs `script` on the file it is given."""
    place = folder / "my editor"
    place.mkdir(exist_ok=True)
    path = place / "edit.sh"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return {"EDITOR": str(path), "VISUAL": ""}


def notes(session: Session, prompt_id: str) -> list[tuple[str, str]]:
    answer = session.answer(prompt_id)
    assert answer is not None
    return [(n.speaker, n.text) for n in answer.notes]


def test_a_note_is_given_to_the_right_person(meeting_log: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    before = read_log(meeting_log)
    result = invoke("edit", "latest", "--note", "purpose.collaboration:1", "--to", "tom reed")
    assert result.exit_code == 0, result.output
    assert "The note is now from Tom Reed." in result.output
    assert "Before, it said: We were asked to sign the bid" in result.output
    after = read_log(meeting_log)
    assert notes(after, "purpose.collaboration") == [
        ("tom-reed", "We were asked to sign the bid, not to write it."),
        ("tom-reed", "That's fair. We wrote it in a hurry to meet the deadline.")]
    # Nothing else moved.
    assert [a for a in after.answers if a.prompt_id != "purpose.collaboration"] == [
        a for a in before.answers if a.prompt_id != "purpose.collaboration"]
    assert after.meeting == before.meeting


def test_an_answer_is_corrected_in_the_editor(meeting_log: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in editor(tmp_path, "sed -i 's/Fewer people/Far fewer people/' \"$1\"").items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "2026-03-12", "--answer", "purpose.impact")
    assert result.exit_code == 0, result.output
    assert "Changed the words of the answer to purpose.impact." in result.output
    text = read_log(meeting_log).answer("purpose.impact").text  # type: ignore[union-attr]
    # The lines of the answer stay as they were written; only the words changed.
    assert text == ("Far fewer people reaching crisis point before anyone notices. We want "
                    "people to feel\nconnected to their neighbourhood, not just \"referred\".")


def test_an_action_is_taken_out_and_another_given_to_someone(meeting_log: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("edit", "latest", "--action", "2", "--remove")
    assert result.exit_code == 0, result.output
    assert "Removed: action 2." in result.output
    assert "Before, it said: Move meetings out of the trust HQ" in result.output
    result = invoke("edit", "latest", "--action", "2", "--to", "Jo Bell")
    assert result.exit_code == 0, result.output
    meeting = read_log(meeting_log).meeting
    assert meeting is not None
    assert [(a.text[:20], a.owner) for a in meeting.actions] == [
        ("Hold a half-day to r", "Sam Okafor"), ("Find out how to pay ", "Jo Bell")]


def test_a_log_changed_meanwhile_is_never_overwritten(meeting_log: Path, invoke,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path, journal: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # While the editor is open, someone else (or a sync) changes the log.
    script = (f"sed -i 's/Older people/Lonely older people/' '{meeting_log}'\n"
              "sed -i 's/Fewer people/Far fewer people/' \"$1\"")
    for key, value in editor(tmp_path, script).items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "latest", "--answer", "purpose.impact")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "has changed since it was read, so it was left as it is" in said
    assert "Nothing is lost: your correction is kept in" in said
    assert "Traceback" not in result.output
    session = read_log(meeting_log)
    assert session.answer("purpose.beneficiaries").text.startswith(  # type: ignore[union-attr]
        "Lonely older people")  # their change is kept
    assert session.answer("purpose.impact").text.startswith("Fewer people")  # type: ignore[union-attr]
    # ... and so is the correction, in a file the message names.
    (kept,) = (tmp_path / "drafts").rglob("*-correction-*.txt")
    assert str(kept) in result.output.replace("\n", "")
    assert kept.read_text(encoding="utf-8").startswith("Far fewer people reaching crisis")


def test_an_editor_that_fails_changes_nothing(meeting_log: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = meeting_log.read_bytes()
    for key, value in editor(tmp_path, "echo broken > \"$1\"\nexit 3").items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "latest", "--answer", "purpose.impact")
    assert result.exit_code == 1
    assert "exit code 3" in result.output
    assert "Nothing was changed in the log." in result.output
    assert meeting_log.read_bytes() == before


def test_an_editor_that_comes_back_empty_changes_nothing(meeting_log: Path, invoke,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    before = meeting_log.read_bytes()
    for key, value in editor(tmp_path, ": > \"$1\"").items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "latest", "--note", "workload.power:2")
    assert result.exit_code == 2
    assert "came back empty, so nothing was changed; to take it out of the log, use " \
           "--remove" in " ".join(result.output.split())
    assert meeting_log.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--note", "purpose.collaboration:9"],
     "Notes in this session: purpose.collaboration:1, purpose.collaboration:2"),
    (["--note", "purpose.collaboration"], "write the prompt and the note's number"),
    (["--answer", "characteristics.power"], "that prompt is a rating, not a written answer"),
    (["--action", "4"], "this session has 3 actions"),
    (["--answer", "purpose.impact", "--remove"], "--to and --remove are for notes and actions"),
    (["--note", "workload.power:1", "--to", "Fatima"], "'Fatima' names nobody at this meeting"),
    (["--note", "workload.power:1", "--to", "Tom", "--remove"], "not both"),
    ([], "say what to correct: --answer ID, --note ID:N or --action N"),
])
def test_what_cannot_be_corrected_is_said(meeting_log: Path, invoke, args: list[str],  # type: ignore[no-untyped-def]
                                          message: str) -> None:
    before = meeting_log.read_bytes()
    result = invoke("edit", "latest", *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert meeting_log.read_bytes() == before


def test_edit_has_help_with_an_example(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("edit", "--help")
    assert result.exit_code == 0
    assert "reflect edit latest --note purpose.impact:2 --to" in result.output
