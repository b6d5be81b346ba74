"""A report as a Word document (python-docx), to paste into a board paper: real headings (the
navigation pane and a screen reader follow them), the summary, tables for the ratings and the
actions, and the charts as shaded tables (a mark and a number in every cell, so they read in
black and white and aloud). Imported only by `reflect report --format docx` and `reflect show
--format docx`: `reflect --help` never loads it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from reflect_cli import __version__
from reflect_cli.domain.compare import change_text
from reflect_cli.domain.report import (
    Characteristic,
    HeatMap,
    Report,
    about,
    action_counts,
    arrow_mark,
    arrow_words,
    changed_heading,
    describe,
    spread_heading,
    summary_actions,
)
from reflect_cli.outputs.charts import BEFORE, NOW, number, shade, shown
from reflect_cli.outputs.html import STATUS_WORDS, _minutes, day, who_heading, who_took_part
from reflect_cli.wording import counted


def _t(value: str) -> str:
    """Text from a log as Word shows it: controls as visible escapes (Word refuses most of
    them), lines kept."""
    return "\n".join(shown(line) for line in value.replace("\r\n", "\n").split("\n"))


def _shade(cell: Any, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    properties.append(shading)


def _cell(cell: Any, value: str, *, bold: bool = False, colour: str | None = None,
          ink: str | None = None, centre: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_t(value))
    run.bold = bold
    if ink:
        run.font.color.rgb = RGBColor.from_string(ink.lstrip("#").upper())
    if centre:
        paragraph.alignment = 1
    if colour:
        _shade(cell, colour)


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, value, bold=True, colour="#f3f3f3")
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell(cell, value)
    return table


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def report_docx(report: Report) -> bytes:
    """The Word document's bytes."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = shown(report.title)
    document.core_properties.author = "reflect"
    document.add_heading(_t(report.title), level=0)
    meta = describe(report)
    document.add_paragraph(meta)
    if about(report):  # who is named and what is left out, before anything else
        document.add_paragraph().add_run(_t(about(report))).italic = True
    if report.kind == "entry":
        _messages(document, report, 1)
        _people(document, report, 1)
        _answers(document, report, 1)
        _actions(document, report, 1)
    else:
        document.add_heading("Summary", level=1)
        _summary(document, report)
        _assessment(document, report)
        if report.changed:
            document.add_heading("What changed, prompt by prompt", level=1)
            document.add_paragraph(f"The prompts answered differently from "
                                   f"{_t(report.compared_with)}:")
            for label in report.changed:
                document.add_paragraph(_t(label), style="List Bullet")
        if report.kind == "period" and report.actions:
            _actions(document, report, 1, every=True)
        if report.appendix or report.checkin:
            heading = document.add_heading("Appendix: the answers, question by question",
                                           level=1)
            heading.paragraph_format.page_break_before = True
            if report.checkin:
                document.add_heading("Check-in", level=2)
                for name, said in report.checkin:
                    paragraph = document.add_paragraph(style="List Bullet")
                    paragraph.add_run(_t(name)).bold = True
                    paragraph.add_run(": " + _t(said))
            _answers(document, report, 2)
    document.add_paragraph(f"Made with reflect {__version__}, using A reflective "
                           "learning framework for partnering (The King's Fund, Healthy "
                           "Communities Together).")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _messages(document: Any, report: Report, level: int) -> None:
    if report.messages:
        document.add_heading("Key messages", level=level)
        for message in report.messages:
            document.add_paragraph(_t(message), style="List Bullet")


def _summary(document: Any, report: Report) -> None:
    _messages(document, report, 2)
    facts = [("Date", day(report.last) if report.first == report.last else
              f"{day(report.first)} to {day(report.last)}")]
    people = sum(len(g.people) for g in report.people)
    if people:
        facts.append(("People", counted(people, "person", "people") + " from "
                      + counted(len(report.people), "sector")))
    if report.minutes_spent is not None:
        planned = f" (of {_minutes(report.minutes_planned)} planned)" \
            if report.minutes_planned else ""
        facts.append(("Time spent", _minutes(report.minutes_spent) + planned))
    for key, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(key + ": ").bold = True
        paragraph.add_run(_t(value))
    _people(document, report, 2)
    document.add_heading(changed_heading(report), level=2)
    if report.compared_with:
        counts = ", ".join(f"{n} {label}" for label, n in report.change_counts)
        document.add_paragraph(_t(f"Since {report.compared_with}: {counts}."))
        moves = sorted((c for c in report.characteristics if c.change),
                       key=lambda c: -abs(c.change or 0))[:3]
        if moves:
            document.add_paragraph(_t("Biggest changes in the ratings: " + "; ".join(
                f"{c.label} {number(c.before)} → {number(c.now)}" for c in moves) + "."),
                style="List Bullet")
        if report.joined:
            document.add_paragraph(_t("Joined: " + ", ".join(report.joined) + "."),
                                   style="List Bullet")
        if report.left:
            document.add_paragraph(_t("Not here this time: " + ", ".join(report.left) + "."),
                                   style="List Bullet")
    else:
        document.add_paragraph("There is nothing earlier to compare with.")
    _actions(document, report, 2)


def _people(document: Any, report: Report, level: int) -> None:
    if not report.people:
        return
    document.add_heading("Who took part", level=level)
    _table(document, ["Sector", who_heading(report)],
           [(g.sector, who_took_part(report, g)) for g in report.people])


def _actions(document: Any, report: Report, level: int, *, every: bool = False) -> None:
    """The actions with their counts (in a period's summary, only the overdue ones: `every`
    lists them all, after the charts)."""
    if not report.actions:
        if report.kind != "entry":
            document.add_heading("Actions", level=level)
            document.add_paragraph("No actions were agreed or reviewed.")
        return
    listed = report.actions if every else summary_actions(report)
    document.add_heading("Every action of the period" if every else "Actions", level=level)
    document.add_paragraph(action_counts(report) + ".")
    if len(listed) < len(report.actions) and not every:
        document.add_paragraph(("Below: those still open and overdue." if listed else
                                "None is overdue.")
                               + " Every action of the period is listed after the charts.")
    if not listed:
        return
    rows = []
    for action in listed:
        due = f"{action.due.day} {action.due:%b %Y}" if action.due else "no date"
        status = STATUS_WORDS.get(action.status, action.status)
        if action.overdue_since:
            status += f" (overdue since {due})"
        said = action.text + (f" ({action.comment})" if action.comment else "")
        rows.append((status, said, action.owner or "–", due))
    _table(document, ["Status", "Action", "Who", "By"], rows)


def _assessment(document: Any, report: Report) -> None:
    if not report.has_ratings and report.heatmap is None:
        return
    document.add_heading("The self-assessment", level=1)
    if report.scale:
        document.add_paragraph(_t("The scale: " + ", ".join(f"{v} {label}" for v, label in
                                                            report.scale) + "."))
    if report.has_ratings:
        period = report.kind == "period"
        now_words = "the last meeting" if period else "this meeting"
        before_words = "the first meeting" if period else "last time"
        document.add_heading("The last meeting against the first" if period else
                             "This meeting against the last" if report.has_before else
                             "This meeting's ratings", level=2)
        halves = any(v is not None and v != int(v) for c in report.characteristics
                     for v in (c.now, c.before))
        # A first meeting has no 'last time': its legend does not promise one.
        against = (f", ◆ (orange) {before_words}" if report.has_before
                   else " (there is no earlier rating to compare with)")
        document.add_paragraph(f"● (blue) is {now_words}{against}; the "
                               "numbers are in the last columns" + (
                                   " (a median between two points, such as 4.5, is marked "
                                   "in both, ◐ and ◇)" if halves else "") + ".")
        _dots(document, report.characteristics, now_words, before_words)
    if report.has_spread:
        document.add_heading(spread_heading(report), level=2)
        document.add_paragraph("How many people gave each rating; ratings 3 or more points "
                               "apart are marked.")
        _spread(document, report.characteristics)
    if report.heatmap is not None and report.heatmap.columns:
        document.add_heading("Ratings over time", level=2)
        document.add_paragraph(f"One column a {report.heatmap.per}, oldest first; darker is "
                               "higher; the arrow compares the latest rating with the first.")
        _heat(document, report.heatmap)


def _dots(document: Any, rows: Sequence[Characteristic], now_words: str,
          before_words: str) -> None:
    low = min(c.low for c in rows)
    top = max(c.top for c in rows)
    scale = list(range(low, top + 1))
    table = _table(document, ["Characteristic", *map(str, scale), before_words.capitalize(),
                              now_words.capitalize(), "Change"], [])
    for row in rows:
        cells = table.add_row().cells
        _cell(cells[0], row.label)
        for index, value in enumerate(scale, start=1):
            before, now = _at(row.before, value), _at(row.now, value)
            mark = ({"whole": "◆", "half": "◇"}.get(before, "")
                    + {"whole": "●", "half": "◐"}.get(now, ""))
            colour = NOW if now == "whole" else BEFORE if before == "whole" else None
            _cell(cells[index], mark, colour=colour, ink="#ffffff" if colour == NOW else None,
                  centre=True)
        change = row.change
        _cell(cells[len(scale) + 1], row.before_text, centre=True)
        _cell(cells[len(scale) + 2], row.now_text, centre=True)
        _cell(cells[len(scale) + 3], "" if change is None else change_text(change) if change
              else "=", centre=True)


def _at(rating: float | None, point: int) -> str:
    """Where a rating stands against one point of the scale: 'whole' on it, 'half' when it
    is a median between this point and the next (4.5 is marked at 4 and at 5), else ''."""
    if rating is None:
        return ""
    if rating == point:
        return "whole"
    return "half" if rating != int(rating) and abs(rating - point) < 1 else ""


def _spread(document: Any, rows: Sequence[Characteristic]) -> None:
    rated = [c for c in rows if len(c.individual) > 1]
    low = min(c.low for c in rated)
    top = max(c.top for c in rated)
    scale = list(range(low, top + 1))
    table = _table(document, ["Characteristic", *map(str, scale), "Each person", "Note"], [])
    for row in rated:
        cells = table.add_row().cells
        _cell(cells[0], row.label)
        values = [v for _, v in row.individual]
        for index, value in enumerate(scale, start=1):
            count = values.count(value)
            _cell(cells[index], str(count) if count else "", centre=True,
                  colour=NOW if count else None, ink="#ffffff" if count else None)
        _cell(cells[len(scale) + 1], ", ".join(f"{n} {v}" for n, v in row.individual))
        _cell(cells[len(scale) + 2], "far apart" if row.disagree else "")


def _heat(document: Any, heat: HeatMap) -> None:
    table = _table(document, ["Characteristic", *(c.label for c in heat.columns), "Trend"], [])
    for index, (_, label) in enumerate(heat.rows):
        cells = table.add_row().cells
        _cell(cells[0], label)
        for column_index, column in enumerate(heat.columns, start=1):
            value = column.values[index]
            colour, ink = shade(value, heat.low, heat.top)
            _cell(cells[column_index], number(value), colour=colour, ink=ink, centre=True)
        arrow = heat.arrows[index]
        _cell(cells[-1], f"{arrow_mark(arrow)} {arrow_words(arrow)}", centre=True)


def _answers(document: Any, report: Report, level: int) -> None:
    for question in report.appendix:
        document.add_heading(_t(question.title), level=level)
        for prompt in question.prompts:
            document.add_heading(_t(prompt.label), level=level + 1)
            if prompt.skipped:
                document.add_paragraph("Skipped.").runs[0].italic = True
                continue
            if prompt.rating:
                document.add_paragraph().add_run(_t(prompt.rating)).bold = True
            for block in prompt.text.split("\n\n") if prompt.text else ():
                document.add_paragraph(_t(block))
            for name, said in prompt.notes:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(_t(name)).bold = True
                paragraph.add_run(": " + _t(said))
