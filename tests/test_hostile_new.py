"""Hostile files and values against the features merged in the second round: habits, the
settings file, dates, the pager, `reflect edit`, --limit and the git engine. Each test is an
attack that once succeeded (a traceback, a hang, a raw control character, lost words)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect_cli.storage import habits


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
