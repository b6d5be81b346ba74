"""Text from other people in reports and the files around them (the issue on hostile input:
never crash, hang, inject or lose words): reports, their file names and outputs, redaction
for --public, rating submissions and imported logs, each attacked as a user would meet it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect_cli import __version__

MEETING = """\
title: Spring review
date: 2026-03-12
kind: meeting
participants:
  - {name: Tom Reed, organisation: Northfield NHS Trust, sector: NHS, role: lead}
  - {name: Sam Okafor, organisation: Eastgate Tenants, sector: Community member}
purpose.impact: Fewer people reaching crisis point.
characteristics.trust: 3
"""


@pytest.fixture
def meeting(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Path:  # type: ignore[no-untyped-def]
    """One meeting written from an answers file, and a folder of one's own to be in."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    (tmp_path / "meeting.yaml").write_text(MEETING, encoding="utf-8")
    result = invoke("session", "--answers", str(tmp_path / "meeting.yaml"))
    assert result.exit_code == 0, result.output
    return here


def test_the_html_report_says_which_reflect_made_it(invoke, meeting: Path
                                                    ) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "-o", "-")
    assert f"Made with reflect {__version__}," in result.output


@pytest.mark.parametrize("format", ["pdf", "docx"])
def test_a_report_that_is_not_text_is_never_written_to_a_file_named_dash(
        invoke, meeting: Path, format: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "--format", format, "-o", "-")
    assert (result.exit_code, "is not text" in result.output) == (2, True), result.output
    assert not (meeting / "-").exists()
