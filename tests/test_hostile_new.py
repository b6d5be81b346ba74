"""Hostile files and values against the features merged in the second round: habits, the
settings file, dates, the pager, `reflect edit`, --limit and the git engine. Each test is an
attack that once succeeded (a traceback, a hang, a raw control character, lost words)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from reflect_cli.storage import gitsync, habits
from test_gitsync import Member


# -- habits ------------------------------------------------------------------------------------
def test_a_habits_file_nested_too_deep_is_passed_over(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "habits.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert habits.load_habits(tmp_path) == habits.Habits()
    habits.remember(tmp_path, kind="journal")
    assert habits.load_habits(tmp_path).kind == "journal"


def test_a_habits_file_with_a_lone_surrogate_is_still_written(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "habits.json").write_text('{"folders": {"other": {"picked": ["\\udc80"]}}}',
                                       encoding="utf-8")
    habits.remember(tmp_path, kind="meeting", picked=["q1"])
    assert habits.load_habits(tmp_path) == habits.Habits("meeting", ["q1"])
    json.loads((state / "habits.json").read_bytes())  # still valid, and valid UTF-8


# -- the git engine ----------------------------------------------------------------------------
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
@pytest.mark.parametrize("key", ["protocol.allow", "protocol.ext.allow"])
def test_a_repository_address_never_runs_a_command(tmp_path: Path, key: str) -> None:
    """An invitation's address 'ext::sh -c ...' would have git run the command; git refuses it
    by default, but a person's own settings may allow it: reflect never does."""
    member = Member(tmp_path, "eve", "Eve", "eve@example.org")
    subprocess.run(["git", "config", "--file", str(member.settings), key, "always"], check=True)
    proof = tmp_path / "ran"
    for url in (f"ext::sh -c touch% {proof}", "fd::7"):
        with member.acting(), pytest.raises(gitsync.GitError):
            gitsync.clone(url, member.folder, timeout=5)
        assert not proof.exists()
        assert not member.folder.exists()
