"""Reports in a real browser: headless Chromium takes screenshots of the HTML page (a laptop and
a phone width) and prints it to PDF, and poppler's pdftotext reads the PDF back. On the two
example meetings and on a generated year of weekly meetings (benchmarks/journalgen.py).

Skipped with a visible reason where Chromium or pdftotext is missing; in CI (the CI variable
set) that is a failure instead: .ci/run installs both.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from helpers import CHARACTERISTICS, generated_journal, require_tool

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "logs"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEADINGS = ("Summary", "Who took part", "Actions", "The self-assessment",
            "Ratings over time")


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("REFLECT_BROWSER", raising=False)
    return folder


@pytest.fixture
def examples(journal: Path) -> Path:
    journal.mkdir(parents=True, exist_ok=True)
    for log in EXAMPLES.glob("*.md"):
        shutil.copy(log, journal / log.name)
    return journal


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of weekly meetings of the whole framework, as the benchmark makes them."""
    return generated_journal(tmp_path_factory.mktemp("year") / "logs", 52, seed=7, weekly=True)


def pdf_text(pdf: Path, *pages: str, tool: str | None = None) -> str:
    """The PDF's text, as pdftotext reads it (lines joined: a long name may wrap)."""
    tool = tool or require_tool("pdftotext", why="the text of a printed report")
    done = subprocess.run([tool, "-layout", *pages, str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return " ".join(done.stdout.split())


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def screenshot(browser: str, page: Path, picture: Path, width: int, height: int) -> None:
    arguments = [browser, "--headless", "--disable-gpu", "--hide-scrollbars",
                 "--no-first-run", f"--user-data-dir={picture.parent / 'profile'}",
                 f"--window-size={width},{height}", f"--screenshot={picture}", page.as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        arguments.insert(1, "--no-sandbox")
    subprocess.run(arguments, capture_output=True, check=True, timeout=90)


def test_the_meeting_report_as_pdf_holds_its_headings_and_the_twelve_characteristics(
        invoke, here: Path, examples: Path) -> None:
    require_tool(*BROWSERS, why="printing a report to PDF")

    result = invoke("report", "--format", "pdf", "-o", "board.pdf")

    assert result.exit_code == 0, result.output
    pdf = here / "board.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(pdf)
    for heading in (*HEADINGS, "Appendix: the answers, question by question"):
        assert heading in text
    for characteristic in CHARACTERISTICS:
        assert characteristic in text
    # The summary is one page: the self-assessment starts on the second.
    first = pdf_text(pdf, "-f", "1", "-l", "1")
    assert "Summary" in first
    assert "Two residents to present with us" in first  # the actions, on the first page
    assert "The self-assessment" not in first
    info = subprocess.run([require_tool("pdfinfo", why="the page size of a printed report"),
                           str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info  # pdfinfo names the paper size it measures


def test_a_year_of_weekly_meetings_prints_with_a_heat_map_by_month(
        invoke, here: Path, year: Path) -> None:
    require_tool(*BROWSERS, why="printing a report to PDF")

    result = invoke("report", "--since", "2025-01-01", "--format", "pdf", "-o", "year.pdf",
                    "--dir", str(year))

    assert result.exit_code == 0, result.output
    text = pdf_text(here / "year.pdf")
    assert "Partnership report, 13 March 2025 to 5 March 2026" in text
    assert "52 meetings" in text
    for heading in (*HEADINGS, "Every action of the period"):
        assert heading in text
    for characteristic in CHARACTERISTICS:
        assert characteristic in text
    assert "One column a month, oldest first" in text


def test_screenshots_of_the_page_at_a_laptop_and_a_phone_width(
        invoke, here: Path, examples: Path) -> None:
    browser = require_tool(*BROWSERS, why="screenshots of a report")
    assert invoke("report", "-o", "board.html").exit_code == 0

    laptop, phone = here / "laptop.png", here / "phone.png"
    screenshot(browser, here / "board.html", laptop, 1000, 1400)
    screenshot(browser, here / "board.html", phone, 390, 844)

    assert png_size(laptop) == (1000, 1400)
    assert png_size(phone) == (390, 844)
    # A page that draws something is far bigger than a blank one of the same size.
    assert laptop.stat().st_size > 40_000
    assert phone.stat().st_size > 15_000


def test_pdf_of_a_report_from_a_browser_named_in_reflect_browser(
        invoke, here: Path, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = require_tool(*BROWSERS, why="printing a report to PDF")
    reader = require_tool("pdftotext", why="the text of a printed report")
    monkeypatch.setenv("REFLECT_BROWSER", browser)
    monkeypatch.setenv("PATH", str(here))  # found by REFLECT_BROWSER alone

    result = invoke("report", "12/03/2026", "--format", "pdf", "--summary-only")

    assert result.exit_code == 0, result.output
    text = pdf_text(here / "2026-03-12-spring-partnership-review-report.pdf", tool=reader)
    assert "Spring partnership review" in text
    assert "Appendix" not in text
    assert "Left out of this report: the answers, question by question" in text


def test_a_missing_program_skips_here_with_its_reason_and_fails_in_ci(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-browser is not installed on this "
                                                    "computer, so printing cannot be tested"):
        require_tool("no-such-browser", why="printing")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI every test runs"):
        require_tool("no-such-browser", why="printing")
