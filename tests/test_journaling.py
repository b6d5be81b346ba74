"""A member journaling between meetings: what they name, where, and what reflect remembers."""

from __future__ import annotations

from pathlib import Path

import pytest


def flat(text: str) -> str:
    return " ".join(text.split())


# -- a folder that is not there, a folder with nothing in it ------------------------------------
@pytest.mark.parametrize("command", [["list"], ["show"], ["show", "latest~1"], ["compare"],
                                     ["history", "purpose"], ["trends"], ["search", "waiting"],
                                     ["actions"]])
def test_a_mistyped_dir_says_the_folder_does_not_exist(invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        command: list[str]) -> None:
    missing = tmp_path / "jounral"
    result = invoke(*command, "--dir", str(missing))
    assert result.exit_code == 2
    assert flat(result.stderr) == (f"Error: --dir: the folder {missing} does not exist Check "
                                   "its name; 'reflect where' prints the folder your logs are "
                                   "kept in.")
    assert not missing.exists()


def test_the_folder_of_reflect_dir_may_not_exist_before_the_first_session(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    assert not journal.exists()
    result = invoke("list")
    assert result.exit_code == 0
    assert flat(result.stdout) == f"No sessions yet in {journal}. Start one with: reflect session"


def test_a_session_makes_the_folder_dir_names(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.yaml"
    answers.write_text("role.change: Slowly.\n", encoding="utf-8")
    folder = tmp_path / "new-journal"
    assert invoke("session", "--answers", str(answers), "--dir", str(folder)).exit_code == 0
    assert len(list(folder.glob("*.md"))) == 1


@pytest.mark.parametrize("reference", ["latest", "latest~2", "2026-03-12", "12/03/2026"])
def test_show_in_an_empty_folder_says_there_are_no_sessions_yet(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path, reference: str) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = invoke("show", reference, "--dir", str(folder))
    assert result.exit_code == 2
    assert flat(result.stderr) == (f"Error: there are no sessions in {folder} yet Start one "
                                   "with: reflect session")
