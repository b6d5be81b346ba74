"""reflect report and reflect show --format, as a user runs them: the files they write (an HTML
page checked with an HTML5 parser, a Word document opened with python-docx, Markdown), where,
and what happens when a file is in the way. The browser's part (PDF, screenshots) is in
test_report_browser.py."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import html5lib
import pytest
from docx import Document
from helpers import CHARACTERISTICS

from reflect_cli.storage.logfile import render_log

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "logs"
SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def examples(journal: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The two example meetings as the journal, and a folder of one's own to be in."""
    journal.mkdir(parents=True, exist_ok=True)
    for log in EXAMPLES.glob("*.md"):
        shutil.copy(log, journal / log.name)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


def parse(page: str):  # type: ignore[no-untyped-def]
    """The page as an HTML5 parser reads it (strict: a parse error fails the test)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)


def external_resources(tree) -> list[str]:  # type: ignore[no-untyped-def]
    """Everything a browser would fetch from elsewhere to show the page."""
    found = []
    for element in tree.iter():
        tag = str(element.tag).split("}")[-1]
        if tag in ("script", "link", "iframe", "object", "embed", "img", "image", "use",
                   "video", "audio", "source"):
            found.append(tag)
        for name, value in element.attrib.items():
            if str(name).split("}")[-1] in ("src", "href", "srcset", "data", "action"):
                found.append(f"{tag} {name}={value}")
        if tag == "style" and ("url(" in (element.text or "") or "@import" in
                               (element.text or "")):
            found.append("style with url()")
        if "style" in element.attrib and "url(" in element.attrib["style"]:
            found.append(f"{tag} style with url()")
    return found


def texts(tree, tag: str) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(e.itertext()).strip() for e in tree.iter(f"{XHTML}{tag}")]


def test_report_writes_the_latest_meeting_as_a_page_next_to_you(invoke, examples: Path
                                                                ) -> None:
    result = invoke("report")

    assert result.exit_code == 0, result.output
    page = examples / "2026-09-17-autumn-partnership-review-report.html"
    assert f"Written to {page}" in result.output
    tree = parse(page.read_text(encoding="utf-8"))
    assert external_resources(tree) == []
    assert texts(tree, "h1") == ["Autumn partnership review"]
    assert texts(tree, "h2") == ["Summary", "The self-assessment",
                                 "What changed, prompt by prompt",
                                 "Appendix: the answers, question by question"]
    assert "What changed since last time" in texts(tree, "h3")
    svgs = list(tree.iter(f"{SVG}svg"))
    assert len(svgs) == 3  # dot plot, each person's ratings, heat map
    for svg in svgs:
        title = svg.find(f"{SVG}title")
        assert title is not None, "every chart has a title"
        assert title.text
        assert svg.find(f"{SVG}desc") is not None
        assert svg.get("role") == "img"
    tables = " ".join(texts(tree, "table"))
    for characteristic in CHARACTERISTICS:  # every chart's numbers are in a table too
        assert characteristic in tables
    body = " ".join(tree.itertext())
    assert "Since \"Spring partnership review\" (12 March 2026): 27 changed, 4 newly " \
           "answered, 3 unchanged" in body
    assert "Two residents to present with us at the ICB board in November" in body
    assert "We were asked to sign the bid, not to write it." not in body  # spring's note
    assert "Nervous, first time at one of these." in body  # autumn's check-in


def test_the_page_has_a_print_style_for_a4_and_a_phone_width(invoke, examples: Path) -> None:
    invoke("report", "-o", "board.html")
    page = (examples / "board.html").read_text(encoding="utf-8")

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print" in page
    assert "size: A4" in page
    assert "<script" not in page.lower()


def test_an_existing_file_is_never_replaced_without_force(invoke, examples: Path) -> None:
    (examples / "board.html").write_text("the board's own notes", encoding="utf-8")

    refused = invoke("report", "-o", "board.html")

    assert refused.exit_code == 2
    assert "board.html already exists" in refused.output
    assert "--force" in refused.output
    assert "Traceback" not in refused.output
    assert (examples / "board.html").read_text(encoding="utf-8") == "the board's own notes"
    forced = invoke("report", "-o", "board.html", "--force")
    assert forced.exit_code == 0
    assert (examples / "board.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_second_report_of_the_same_meeting_gets_a_name_of_its_own(invoke, examples: Path
                                                                   ) -> None:
    invoke("report")
    second = invoke("report")

    assert second.exit_code == 0
    assert (examples / "2026-09-17-autumn-partnership-review-report-2.html").exists()


def test_a_public_report_is_named_as_public_next_to_the_partnerships_own(invoke,
                                                                         examples: Path
                                                                         ) -> None:
    # A facilitator makes the partnership's copy, then the public one, of one meeting: the
    # public file must never be the one that looks like a second copy (report-2).
    own = invoke("report")
    public = invoke("report", "--public")
    word = invoke("report", "--public", "--format", "docx")

    assert own.exit_code == public.exit_code == word.exit_code == 0
    page = examples / "2026-09-17-autumn-partnership-review-report-public.html"
    assert page.exists()
    assert (examples / "2026-09-17-autumn-partnership-review-report-public.docx").exists()
    assert not (examples / "2026-09-17-autumn-partnership-review-report-2.html").exists()
    assert f"Written to {page} (for readers outside the partnership: nobody named)" \
        in public.output
    assert "nobody named" not in own.output
    assert "Nobody is named" in page.read_text(encoding="utf-8")


def test_summary_only_leaves_out_the_answers_and_says_so(invoke, examples: Path) -> None:
    result = invoke("report", "--summary-only", "--format", "markdown", "-o", "-")

    assert result.exit_code == 0
    assert "## Appendix" not in result.output
    assert "Left out of this report: the answers, question by question" in result.output
    assert "## The self-assessment" in result.output


def test_a_named_session_and_a_period(invoke, examples: Path) -> None:
    spring = invoke("report", "12/03/2026", "--format", "markdown", "-o", "-")
    period = invoke("report", "--since", "2026-01-01", "--format", "markdown", "-o", "-")

    assert spring.stdout.startswith("# Spring partnership review\n")
    assert "There is nothing earlier to compare with." in spring.stdout
    assert period.stdout.startswith(
        "# Partnership report, 12 March 2026 to 17 September 2026\n")
    # Nobody in the examples agreed to be named: each by role or sector, one person the
    # same label in every part of the report.
    assert "| NHS | the lead partner, 2 meetings |" in period.stdout
    assert "| VCSE | a VCSE member (1), 2 meetings; a VCSE member (2), 1 meeting |" in \
        period.stdout
    assert "Tom Reed" not in period.stdout
    both = invoke("report", "latest", "--since", "2026-01-01")
    assert both.exit_code == 2
    assert "not both" in both.output
    empty = invoke("report", "--since", "2030-01-01")
    assert empty.exit_code == 2
    assert "there are no sessions since 01/01/2030" in empty.output


def test_word_report_has_headings_and_tables_for_ratings_and_actions(invoke, examples: Path
                                                                     ) -> None:
    result = invoke("report", "--format", "docx")

    assert result.exit_code == 0, result.output
    document = Document(str(examples / "2026-09-17-autumn-partnership-review-report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Summary", "Who took part", "What changed since last time"]
    assert "The self-assessment" in headings
    assert "Ratings over time" in headings
    assert "Appendix: the answers, question by question" in headings
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    actions = tables["Status"]
    assert [c.text for c in actions.rows[0].cells] == ["Status", "Action", "Who", "By"]
    assert [r.cells[0].text for r in actions.rows[1:]] == ["Done", "Done", "Done", "New"]
    ratings = [t for t in document.tables if t.rows[0].cells[0].text == "Characteristic"]
    dots, spread, heat = ratings
    assert [r.cells[0].text for r in dots.rows[1:]] == list(CHARACTERISTICS)
    power = next(r for r in dots.rows if r.cells[0].text.startswith("Partners openly"))
    # The ratings as compare says them: the rating agreed, and each person's range.
    assert [c.text for c in power.cells[1:]] == ["◆", "", "●", "", "", "1 agreed (1–4)",
                                                 "3 (2–4)", "+2"]
    assert [c.text for c in heat.rows[0].cells] == ["Characteristic", "12 Mar 2026",
                                                    "17 Sep 2026", "Trend"]
    assert len(spread.rows) == 3  # trust and power were rated one by one


def test_markdown_report_escapes_what_people_wrote(invoke, examples: Path, journal: Path
                                                  ) -> None:
    log = journal / "2026-09-17-autumn-partnership-review.md"
    text = log.read_text(encoding="utf-8").replace(
        "Older people living alone", "<script>alert(1)</script> \x1b]0;owned\x07 Older people")
    log.write_text(text, encoding="utf-8")

    markdown = invoke("report", "--format", "markdown", "-o", "-").stdout
    page = invoke("report", "-o", "-").stdout

    # Markdown escapes what it would take for markup, so the tag reads as written.
    assert "<script>" not in markdown.replace("\\<script>", "")
    assert "\\<script>alert(1)\\</script>" in markdown
    assert "\x1b" not in markdown
    assert "x1b" in markdown
    assert "owned" in markdown
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page
    assert "\\x1b]0;owned\\x07" in page
    assert external_resources(parse(page)) == []


def test_show_writes_one_entry_clean_to_share(invoke, examples: Path, journal: Path) -> None:
    markdown = invoke("show", "12/03/2026", "--format", "markdown")
    page = invoke("show", "12/03/2026", "--format", "html")
    word = invoke("show", "12/03/2026", "--format", "docx", "-o", "entry.docx")

    assert markdown.exit_code == 0
    assert page.exit_code == 0
    assert word.exit_code == 0
    for text in (markdown.stdout, page.stdout):
        assert "reflect_log" not in text
        assert "---\n" not in text
        assert "reflect:answer" not in text
        assert "<!--" not in text
        assert "Spring partnership review" in text
        assert "We were asked to sign the bid, not to write it." in text
    assert markdown.stdout.startswith("# Spring partnership review\n\nMeeting of Thursday "
                                      "12 March 2026\n")
    assert external_resources(parse(page.stdout)) == []
    document = Document(str(examples / "entry.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. What is the purpose of the partnership's work?" in headings
    assert any("reflect:" in p.text for p in document.paragraphs) is False


def test_show_says_what_to_give_for_a_clean_copy(invoke, examples: Path) -> None:
    no_format = invoke("show", "-o", "entry.md")
    wrong = invoke("show", "--format", "pdf")

    assert no_format.exit_code == 2
    assert "Add --format markdown, html or docx" in \
        no_format.output.replace("\n", " ")
    assert wrong.exit_code == 2
    assert "--format pdf is not a format of reflect show" in \
        wrong.output
    assert not (examples / "entry.md").exists()
    assert "Traceback" not in no_format.output + wrong.output


def test_a_journal_entry_shared_clean(invoke, examples: Path, journal: Path) -> None:
    from reflect_cli.storage.logfile import parse_log

    spring = parse_log((EXAMPLES / "2026-03-12-spring-partnership-review.md").read_text(
        encoding="utf-8"))
    spring.kind, spring.meeting, spring.title = "journal", None, "My own thoughts"
    spring.date = spring.date.replace(day=13)
    spring.id = "0123456789ab"
    (journal / "2026-03-13-my-own-thoughts.md").write_text(render_log(spring),
                                                           encoding="utf-8")

    shown = invoke("show", "13/03/2026", "--format", "markdown").stdout

    assert shown.startswith("# My own thoughts\n\nJournal entry of Friday 13 March 2026\n")
    assert "Who took part" not in shown
    assert "## Actions" not in shown


def test_pdf_without_a_browser_says_how_to_make_one_another_way(
        invoke, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(examples))  # no browser on it
    monkeypatch.delenv("REFLECT_BROWSER", raising=False)
    import reflect_cli.app.printing as printing

    monkeypatch.setattr(printing, "PLACES", ())

    result = invoke("report", "--format", "pdf")

    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "no browser to print the PDF with" in said
    assert "open it in any browser, choose Print, then Save as PDF" in said
    assert list(examples.iterdir()) == []


def test_a_browser_named_that_does_not_exist_is_said(invoke, examples: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLECT_BROWSER", str(examples / "no-such-browser"))

    result = invoke("report", "--format", "pdf")

    assert result.exit_code == 1
    assert "REFLECT_BROWSER names" in result.output
    assert "cannot be found" in result.output


def test_help_lists_report_and_loads_none_of_its_code() -> None:
    import subprocess
    import sys

    code = ("import sys\nsys.argv = ['reflect', '--help']\n"
            "from reflect_cli.cli import app\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] == 'docx' or m in "
            "('reflect_cli.outputs.html', 'reflect_cli.domain.report', 'reflect_cli.app.report',"
            " 'html5lib')), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert "LOADED []" in done.stderr
    assert "report " in done.stdout


def test_report_help_has_an_example(invoke) -> None:
    result = invoke("report", "--help")

    assert result.exit_code == 0
    assert "reflect report --format docx" in result.output
    assert "reflect report --public" in result.output


HOSTILE = "A\ufffeB\uffff \x0b\x1b[2J <b>&amp; \ud800 \U000e0041 \u202e \x00 done"


def test_any_text_people_wrote_is_shown_in_every_format_and_never_breaks_one(
        tmp_path: Path) -> None:
    import datetime as dt
    import io

    from reflect_cli.app.report import render
    from reflect_cli.domain.meeting import Action, Meeting, Participant
    from reflect_cli.domain.model import Answer, Session
    from reflect_cli.domain.report import build_report

    session = Session(id="x", date=dt.date(2026, 1, 1), created=dt.datetime(2026, 1, 1, 10),
                      framework_id="f", framework_version="1", kind="meeting", title=HOSTILE,
                      sections=["s", "c"],
                      answers=[Answer("s.p", "s", text=HOSTILE + "\n\nsecond"),
                               Answer("c.r", "c", rating=3, rating_of=5,
                                      rating_label=HOSTILE)],
                      labels={"s": HOSTILE, "s.p": HOSTILE, "c.r": HOSTILE})
    session.meeting = Meeting(participants=[Participant(HOSTILE, HOSTILE, HOSTILE)],
                              checkin={"x": HOSTILE}, actions=[Action("x-1", HOSTILE, HOSTILE)])
    for kind in ("meeting", "entry"):
        report = build_report([("a.md", session)], kind=kind)
        page = render(report, "html")
        assert isinstance(page, str)
        tree = parse(page)  # strict: a noncharacter or control would be a parse error
        assert external_resources(tree) == []
        assert "<b>" not in page
        assert "\\ufffe" in page
        assert "\\x1b[2J" in page
        assert "\x1b" not in page
        word = render(report, "docx")
        assert isinstance(word, bytes)
        document = Document(io.BytesIO(word))
        assert any("\\x1b[2J" in p.text for p in document.paragraphs)
        markdown = render(report, "markdown")
        assert isinstance(markdown, str)
        assert "\x1b" not in markdown
        assert "\u202e" not in markdown


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in browsers are shell scripts")
def test_a_browser_that_hangs_is_stopped_at_the_time_limit(
        invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    browser = tmp_path / "slow-browser"
    browser.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("REFLECT_BROWSER", str(browser))
    monkeypatch.setenv("REFLECT_BROWSER_TIMEOUT", "1")

    started = time.monotonic()
    result = invoke("report", "--format", "pdf")

    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "the browser took longer than 1 second to print the PDF, and was stopped" in said
    assert "Save as PDF" in said
    assert list(examples.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in browsers are shell scripts")
def test_a_browser_that_makes_no_pdf_is_said_with_its_last_words(
        invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    browser = tmp_path / "broken-browser"
    browser.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("REFLECT_BROWSER", str(browser))

    result = invoke("report", "--format", "pdf")

    assert result.exit_code == 1
    assert "did not make the PDF (exit code 3: cannot open display)" in result.output
    assert list(examples.iterdir()) == []


def test_a_pdf_over_an_existing_file_is_refused_before_any_browser_starts(
        invoke, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (examples / "board.pdf").write_bytes(b"%PDF- the board's copy")
    monkeypatch.setenv("REFLECT_BROWSER", str(examples / "no-such-browser"))

    result = invoke("report", "--format", "pdf", "-o", "board.pdf")

    assert result.exit_code == 2  # the file, not the missing browser
    assert "board.pdf already exists" in result.output
    assert (examples / "board.pdf").read_bytes() == b"%PDF- the board's copy"
