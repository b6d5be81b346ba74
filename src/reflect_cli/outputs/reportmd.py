"""A report (or one entry, clean) as Markdown: the same parts as the HTML page, the charts as
tables of numbers. No front matter and no hidden markers: what is there is what reads. People's
words are escaped as every Markdown report of reflect escapes them (markdown._md_text)."""

from __future__ import annotations

from reflect_cli.domain.compare import change_text
from reflect_cli.domain.report import (
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
from reflect_cli.outputs.charts import number
from reflect_cli.outputs.html import STATUS_WORDS, _minutes, who_heading, who_took_part
from reflect_cli.outputs.markdown import _md_text


def _md(value: str) -> str:
    """A heading's text, on one line (a heading's text cannot start a list)."""
    return _md_text(" ".join(value.split()))


def _cell(value: str) -> str:
    """Text in a table's cell: on one line, and a '|' in it is not a new column."""
    return _md_text(" ".join(value.split()), cell=True) or " "


def _block(value: str) -> list[str]:
    """An answer's paragraphs and lines, escaped, each line kept (two spaces end a line)."""
    out: list[str] = []
    for block in value.replace("\r\n", "\n").split("\n\n"):
        lines = [_md_text(line.strip(), line_start=True) for line in block.split("\n")
                 if line.strip()]
        if lines:
            out += [line + "  " for line in lines[:-1]] + [lines[-1], ""]
    return out


def _actions(report: Report, level: str, *, every: bool = False) -> list[str]:
    shown = report.actions if every else summary_actions(report)
    out = [f"{level} {'Every action of the period' if every else 'Actions'}", "",
           action_counts(report) + ".", ""]
    if len(shown) < len(report.actions) and not every:
        out += [("Below: those still open and overdue." if shown else "None is overdue.")
                + " Every action of the period is listed after the ratings.", ""]
    if not shown:
        return out
    out += ["| Status | Action | Who | By |", "| --- | --- | --- | --- |"]
    for action in shown:
        due = f"{action.due.day} {action.due:%b %Y}" if action.due else "no date"
        status = STATUS_WORDS.get(action.status, action.status) + (
            f" (overdue since {due})" if action.overdue_since else "")
        said = action.text + (f" ({action.comment})" if action.comment else "")
        out.append(f"| {status} | {_cell(said)} | {_cell(action.owner or '–')} | {due} |")
    return [*out, ""]


def report_markdown(report: Report) -> str:
    out = [f"# {_md(report.title)}", ""]
    out += [describe(report), ""]
    if about(report):  # who is named and what is left out, before anything else
        out += [f"*{_md_text(about(report))}*", ""]
    level = "##" if report.kind == "entry" else "###"
    if report.kind == "entry" and report.messages:
        out += ["## Key messages", ""] + [f"- {_md(m)}" for m in report.messages] + [""]
    if report.kind != "entry":
        out += ["## Summary", ""]
        if report.messages:
            out += ["### Key messages", ""] + [f"- {_md(m)}" for m in report.messages] + [""]
        if report.people:
            count = sum(len(g.people) for g in report.people)
            out += [f"**People:** {count} from {len(report.people)} "
                    f"sector{'s' if len(report.people) != 1 else ''}", ""]
        if report.minutes_spent is not None:
            planned = f" (of {_minutes(report.minutes_planned)} planned)" \
                if report.minutes_planned else ""
            out += [f"**Time spent:** {_minutes(report.minutes_spent)}{planned}", ""]
    if report.people:
        out += [f"{level} Who took part", "", f"| Sector | {who_heading(report)} |",
                "| --- | --- |"]
        out += [f"| {_cell(g.sector)} | {_cell(who_took_part(report, g))} |"
                for g in report.people]
        out.append("")
    if report.kind != "entry":
        out += [f"### {changed_heading(report)}", ""]
        if report.compared_with:
            counts = ", ".join(f"{n} {label}" for label, n in report.change_counts)
            out += [f"Since {_md_text(report.compared_with)}: {counts}.", ""]
            if report.joined:
                out += [f"- Joined: {_md_text(', '.join(report.joined))}."]
            if report.left:
                out += [f"- Not here this time: {_md_text(', '.join(report.left))}."]
            out += [""] if report.joined or report.left else []
        else:
            out += ["There is nothing earlier to compare with.", ""]
    if report.actions and report.kind != "entry":
        out += _actions(report, level)
    if report.has_ratings:
        period = report.kind == "period"
        before, now = ("First meeting", "Last meeting") if period else ("Last time",
                                                                         "This meeting")
        out += ["## The self-assessment", "", f"| Characteristic | {before} | {now} | Change |",
                "| --- | --- | --- | --- |"]
        for c in report.characteristics:
            change = "" if c.change is None else change_text(c.change) if c.change else "="
            out.append(f"| {_cell(c.label)} | {_cell(c.before_text)} | {_cell(c.now_text)} "
                       f"| {change} |")
        out.append("")
    if report.has_spread:
        out += [f"### {spread_heading(report)}", "", "| Characteristic | Ratings | Note |",
                "| --- | --- | --- |"]
        for c in report.characteristics:
            if len(c.individual) > 1:
                who = ", ".join(f"{name} {value}" for name, value in c.individual)
                out.append(f"| {_cell(c.label)} | {_cell(who)} | "
                           f"{'far apart' if c.disagree else ''} |")
        out.append("")
    heat = report.heatmap
    if heat is not None and heat.columns and report.kind != "entry":
        out += ["### Ratings over time", "",
                "| Characteristic | " + " | ".join(c.label for c in heat.columns)
                + " | Trend |", "| --- |" + " --- |" * (len(heat.columns) + 1)]
        for index, (_, label) in enumerate(heat.rows):
            values = " | ".join(number(c.values[index]) for c in heat.columns)
            arrow = heat.arrows[index]
            out.append(f"| {_cell(label)} | {values} | {arrow_mark(arrow)} "
                       f"{arrow_words(arrow)} |")
        out.append("")
    if report.kind == "period" and report.actions:
        out += _actions(report, "##", every=True)
    if report.appendix or report.checkin:
        top = "#" if report.kind == "entry" else "##"
        if report.kind != "entry":
            out += ["## Appendix: the answers, question by question", ""]
        if report.checkin:
            out += [f"{top}# Check-in", ""] + [f"- **{_md_text(n)}**: {_md_text(s)}"
                                               for n, s in report.checkin] + [""]
        for question in report.appendix:
            out += [f"{top}# {_md(question.title)}", ""]
            for prompt in question.prompts:
                out += [f"{top}## {_md(prompt.label)}", ""]
                if prompt.skipped:
                    out += ["*Skipped.*", ""]
                    continue
                if prompt.rating:
                    out += [f"**{_md_text(prompt.rating)}**", ""]
                out += _block(prompt.text)
                for name, said in prompt.notes:
                    out += [f"- **{_md_text(name)}**: {_md_text(' '.join(said.split()))}"]
                out += [""] if prompt.notes else []
    if report.actions and report.kind == "entry":
        out += _actions(report, "##")
    return "\n".join(out).rstrip("\n") + "\n"
