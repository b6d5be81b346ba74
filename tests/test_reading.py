"""Reading the logs as a person does (issue 13): trends that mark only the biggest moves,
comparisons that keep each person's words and each paragraph apart, plain wording, a pager
for long output, and reports written with -o that can be shared."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
import yaml


def add(invoke, answers: dict[str, object], name: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Write a log with `reflect session --answers`, as a person would."""
    path = Path(name or f"answers-{answers['date']}.yaml")
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = invoke("session", "--answers", str(path))
    assert result.exit_code == 0, result.output


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- reports written with -o are made to be shared -------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_report_written_with_o_follows_the_umask_and_logs_stay_private(  # type: ignore[no-untyped-def]
        invoke, journal: Path, tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        add(invoke, {"title": "One", "date": "2026-03-12", "purpose.impact": "Fewer crises."})
        add(invoke, {"title": "Two", "date": "2026-04-12", "purpose.impact": "Fewer people."})
        written = {}
        for name, args in {"compare.md": ["compare", "--format", "markdown"],
                           "trends.txt": ["trends"], "list.json": ["list", "--format", "json"],
                           "handout.md": ["framework", "export"]}.items():
            result = invoke(*args, "-o", str(tmp_path / name))
            assert result.exit_code == 0, result.output
            written[name] = _mode(tmp_path / name)
    finally:
        os.umask(old)
    assert written == dict.fromkeys(written, expected)
    logs = sorted(journal.glob("*.md"))
    assert len(logs) == 2
    assert {_mode(log) for log in logs} == {0o600}
    assert not list(tmp_path.glob(".tmp-*"))  # still written atomically, nothing left over
