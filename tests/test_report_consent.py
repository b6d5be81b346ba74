"""Consent in every report (issue 12, point 4): reflect report and reflect show --format, as a
user runs them, over meetings with people's names in answers, notes, actions and their owners,
the check-in and key messages. Without options, only the people who agreed to be named are
named; --public names nobody and leaves out the check-in, notes and each person's rating;
--leave-out chooses; --message heads the summary; the report says what it left out, under
its title. And honest ratings in reports: a median of 4.5 stays 4.5, in every format."""

from __future__ import annotations

import html
import re
from pathlib import Path

import html5lib
import pytest
from docx import Document

TRUST = "Relationships characterised by trust, respect and reciprocity"

EARLIER = """\
title: Autumn review with Fatima
date: 2026-10-08
kind: meeting
participants:
  - {name: Fatima Begum, organisation: Eastgate Carers, sector: VCSE}
  - {name: Tom Reed, organisation: Northfield NHS Trust, sector: NHS, role: lead,
     named_in_reports: yes}
  - {name: Priya Shah, organisation: Northfield Council, sector: Local authority}
purpose.impact: Fatima Begum asked for a carers' café. Tom was unsure.
characteristics.trust: 3
actions:
  - {text: Fatima to write to the carers' forum, owner: Fatima Begum, due: 2026-10-30}
"""

LATEST = """\
title: Winter review with Priya
date: 2026-11-12
kind: meeting
participants:
  - {name: Priya Shah, organisation: Northfield Council, sector: Local authority,
     named_in_reports: yes}
  - {name: Aisha Khan, organisation: Eastgate Food Bank, sector: VCSE, role: facilitator}
  - {name: Tom Reed, organisation: Northfield NHS Trust, sector: NHS, role: lead}
  - {name: Marcus Lee, organisation: Eastgate Tenants, sector: Community member}
key_messages:
  - Tom and Aisha take the housing case to the board.
checkin:
  Aisha Khan: Glad Marcus could come
  Marcus Lee: Tired, Tom Reed drove me here
notes:
  purpose.vision:
    Marcus Lee: Marcus said the estate needs a GP surgery, as Aisha said
purpose.impact: Tom's plan, which Aisha Khan and Marcus backed. Priya agreed to fund it.
ratings:
  characteristics.trust: {Priya Shah: 4, Aisha Khan: 5, Tom Reed: 4, Marcus Lee: 5}
actions:
  - {text: Marcus to invite the tenants, owner: Marcus Lee, due: 2026-12-01}
  - {text: Write to the ICB about Aisha's idea, owner: [Tom Reed, Aisha Khan]}
"""

#: Everyone's names and first names: none may be in a public report.
EVERYONE = ("Fatima", "Begum", "Tom", "Reed", "Priya", "Shah", "Aisha", "Khan", "Marcus", "Lee")
NOT_AGREED = ("Fatima", "Begum", "Tom", "Reed", "Aisha", "Khan", "Marcus", "Lee")


@pytest.fixture
def meetings(invoke, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Path:  # type: ignore[no-untyped-def]
    """Two meetings written from answers files, and a folder of one's own to be in."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for name, text in (("earlier.yaml", EARLIER), ("latest.yaml", LATEST)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = invoke("session", "--answers", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    return here


def named(text: str, names: tuple[str, ...]) -> list[str]:
    """The names (as whole words, in any case) that the text still holds."""
    return [n for n in names if re.search(rf"\b{n}\b", text, re.IGNORECASE)]


def docx_text(path: Path) -> str:
    """Everything a Word document says: its paragraphs, every table cell, its title."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [document.core_properties.title or "", document.core_properties.author or ""]
    return "\n".join(parts)


def test_public_reports_name_nobody_in_html_word_and_markdown(invoke, meetings: Path) -> None:
    for format, name in (("html", "p.html"), ("docx", "p.docx"), ("markdown", "p.md")):
        result = invoke("report", "--public", "--format", format, "-o", name)
        assert result.exit_code == 0, result.output
    page = html.unescape((meetings / "p.html").read_text(encoding="utf-8"))
    word = docx_text(meetings / "p.docx")
    markdown = (meetings / "p.md").read_text(encoding="utf-8")

    for said in (page, word, markdown):
        assert named(said, EVERYONE) == []
        assert "Northfield" not in said
        assert "Eastgate" not in said
        # Said in roles and sectors, the same person the same way everywhere.
        assert "The lead partner's plan, which the facilitator and a community member backed." \
            in said
        assert "A local authority member agreed to fund it." in said
        assert "The lead partner and the facilitator take the housing case to the board." in said
        assert ("For readers outside the partnership. Nobody is named: each person appears by "
                "their role or sector. Left out of this report: the check-in round; the notes "
                "of what each person said; each person's own rating (the group's ratings are "
                "kept).") in " ".join(said.replace("*", "").split())
        assert "Glad" not in said
        assert "drove me" not in said
        assert "GP surgery" not in said  # no notes
        assert "Each person's rating" not in said  # no individual ratings
        assert "4.5 (4–5)" in said  # the group's rating stays, with its range
    # An older action still open: its owner (at an earlier meeting only) is not named either.
    assert "A VCSE member to write to the carers' forum" in markdown
    assert "| Still open (overdue since 30 Oct 2026) | A VCSE member to write to the carers' " \
           "forum | a VCSE member |" in markdown
    assert "<title>Winter review with a local authority member</title>" in page


def test_without_public_only_who_agreed_is_named(invoke, meetings: Path) -> None:
    result = invoke("report", "--format", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    out = result.stdout

    assert out.startswith("# Winter review with Priya\n")
    assert "| Local authority | Priya Shah |" in out
    assert "Priya agreed to fund it." in out
    # Tom agreed at the earlier meeting, not at this one: what he said last counts.
    assert named(out, NOT_AGREED) == []
    assert ("*Only the people who agreed to be named are named (Priya Shah); everyone else "
            "appears by their role or sector.*") in out
    # Consent is about names only: the check-in, notes and each person's rating stay.
    assert "- **a community member**: Tired, the lead partner drove me here" in out
    assert "- **a community member**: A community member said the estate needs a GP surgery, " \
           "as the facilitator said" in out
    assert "Priya Shah 4, the facilitator 5, the lead partner 4, a community member 5" in out
    assert "| Write to the ICB about the facilitator's idea | the lead partner, the " \
           "facilitator |" in out


def test_consent_withdrawn_later_is_respected_in_a_report_on_an_earlier_meeting(
        invoke, meetings: Path) -> None:  # type: ignore[no-untyped-def]
    out = invoke("report", "2026-10-08", "--format", "markdown", "-o", "-").stdout

    assert "| NHS | the lead partner |" in out
    assert named(out, NOT_AGREED) == []
    assert "Priya" in out  # she agreed at the latest meeting


def test_the_key_messages_head_the_summary(invoke, meetings: Path) -> None:
    own = invoke("report", "--format", "markdown", "-o", "-").stdout
    given = invoke("report", "--format", "markdown", "-o", "-", "--message",
                   "Marcus Lee's tenants join in May", "-m", "Funding is agreed").stdout
    page = invoke("report", "-m", "Funding is agreed", "-o", "-").stdout

    summary = own.split("## Summary\n\n", 1)[1]
    assert summary.startswith("### Key messages\n\n- The lead partner and the facilitator take "
                              "the housing case to the board.\n")
    summary = given.split("## Summary\n\n", 1)[1]
    # --message replaces the meeting's own, with names as the rest of the report gives them.
    assert summary.startswith("### Key messages\n\n- A community member's tenants join in May\n"
                              "- Funding is agreed\n\n")
    assert "housing case" not in given
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    section = tree.find(".//section[@class='summary']")
    assert section is not None
    first = [child for child in section if child.tag != "h2"][0]
    assert " ".join("".join(first.itertext()).split()) == "Key messages Funding is agreed"


def test_what_was_left_out_is_said_under_the_title(invoke, meetings: Path) -> None:
    out = invoke("report", "--leave-out", "checkin,ratings", "--summary-only", "--format",
                 "markdown", "-o", "-").stdout
    lines = out.splitlines()

    said = ("*Only the people who agreed to be named are named (Priya Shah); everyone else "
            "appears by their role or sector. Left out of this report: the check-in round; "
            "each person's own rating (the group's ratings are kept); the answers, question by "
            "question (--summary-only).*")
    assert lines.index(said) == 4  # title, blank, what it is, blank, then this
    assert lines.index(said) < lines.index("## Summary")
    assert "Each person's rating" not in out
    assert "GP surgery" not in out  # --summary-only: no appendix

    names = invoke("report", "--leave-out", "names", "--format", "markdown", "-o", "-").stdout
    assert named(names, EVERYONE) == []
    assert "GP surgery" in names  # notes kept, by role or sector
    bad = invoke("report", "--leave-out", "answers")
    assert bad.exit_code == 2
    assert "'answers' cannot be left out" in " ".join(bad.output.split())
    assert "Traceback" not in bad.output


def test_a_median_of_four_and_a_half_stays_so_in_every_format(invoke, meetings: Path) -> None:
    markdown = invoke("report", "--format", "markdown", "-o", "-").stdout
    page = invoke("report", "-o", "-").stdout
    assert invoke("report", "--format", "docx", "-o", "r.docx").exit_code == 0
    document = Document(str(meetings / "r.docx"))

    assert f"| {TRUST} | 3 | 4.5 (4–5) | +1.5 |" in markdown
    assert "**4.5 of 5 (median, range 4–5)**" in markdown  # the appendix, as the log says it
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    table = next(t for t in tree.iter("table") if "".join(
        next(iter(t.iter("caption")), t).itertext()).startswith("The ratings in numbers"))
    rows = {"".join(r[0].itertext()): ["".join(c.itertext()) for c in r[1:]]
            for r in table.iter("tr")}
    assert rows[TRUST] == ["3", "4.5 (4–5)", "+1.5"]
    svg = page.split('<svg', 1)[1].split("</svg>", 1)[0]  # the dot plot
    assert f"{TRUST}: last time 3, this meeting 4.5" in svg
    assert "3 → 4.5 (+1.5)" in svg
    heat = page.split('id="heat-t"', 1)[1].split("</svg>", 1)[0]
    assert ">4.5</text>" in heat
    dots = next(t for t in document.tables if t.rows[0].cells[0].text == "Characteristic")
    trust = next(r for r in dots.rows if r.cells[0].text == TRUST)
    # On the scale 1 to 5: last time's 3, and this time's 4.5 halfway, at 4 and at 5.
    assert [c.text for c in trust.cells[1:]] == ["", "", "◆", "◐", "◐", "3", "4.5 (4–5)",
                                                 "+1.5"]


def test_show_format_respects_consent_and_public(invoke, meetings: Path) -> None:
    plain = invoke("show", "latest", "--format", "markdown").stdout
    public = invoke("show", "latest", "--format", "markdown", "--public").stdout
    assert invoke("show", "latest", "--format", "docx", "-o", "e.docx", "--public"
                  ).exit_code == 0
    page = invoke("show", "latest", "--format", "html", "--leave-out", "names,notes").stdout

    assert "Priya Shah" in plain
    assert named(plain, NOT_AGREED) == []
    assert "Tired, the lead partner drove me here" in plain
    assert "## Key messages\n\n- The lead partner and the facilitator take" in plain
    for said in (public, docx_text(meetings / "e.docx"), page):
        assert named(said, EVERYONE) == []
        assert "GP surgery" not in said
        assert "Nobody is named: each person appears by their role or sector." in said
    assert "drove me" not in public
    assert "Left out of this report: the check-in round; the notes" in public
