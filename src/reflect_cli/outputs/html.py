"""A report as one self-contained HTML page: no script, no network, charts as inline SVG.

Readable on a phone (it reflows; wide tables scroll on their own), printable on A4 (a print
style: the summary on the first page, the appendix from a new page, no chart cut in two), and
followable by a screen reader (one h1, then h2 sections and h3 parts; every chart with a title,
a description and its numbers in a table). Everything people wrote is escaped, with control
characters shown as escapes (charts.text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reflect_cli import __version__
from reflect_cli.domain.compare import change_text
from reflect_cli.domain.report import STATUS_WORDS as STATUS_WORDS
from reflect_cli.domain.report import (
    AppendixQuestion,
    Characteristic,
    HeatMap,
    Report,
    ReportAction,
    SectorGroup,
    about,
    action_counts,
    arrow_mark,
    arrow_words,
    changed_heading,
    describe,
    spread_heading,
    summary_actions,
)
from reflect_cli.outputs import charts
from reflect_cli.outputs.charts import number, text
from reflect_cli.wording import counted

STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --now: #0072B2;
  --before: #E69F00; --warn: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid var(--now);
  padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
p, li { overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.about { border: 1px solid var(--line); padding: 0.4rem 0.8rem; background: #fafafa; }
.messages { border-left: 4px solid var(--now); padding: 0.3rem 1rem; background: #f0f6fb; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.45rem; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: center; white-space: nowrap; }
tbody th[scope=row] { min-width: 11rem; }
.status { font-weight: 600; white-space: nowrap; }
.overdue { color: var(--warn); font-weight: 600; }
figure { margin: 0.5rem 0 1rem; }
figcaption { color: var(--muted); font-size: 0.9rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
.notes { list-style: none; padding-left: 0.8rem; border-left: 3px solid var(--line); }
.skipped { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 2rem;
  border-top: 1px solid var(--line); padding-top: 0.5rem; }
@media (max-width: 30rem) {
  body { font-size: 15px; }
  main { padding: 0.6rem; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 0.4rem; }
}
@media print {
  @page { size: A4; margin: 16mm 15mm 18mm; }
  body { font-size: 10pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18pt; }
  h2 { font-size: 14pt; margin: 1rem 0 0.4rem; break-after: avoid; }
  h3 { font-size: 11.5pt; margin: 0.8rem 0 0.3rem; }
  h3, h4 { break-after: avoid; }
  table { margin: 0.3rem 0 0.6rem; }
  th, td { padding: 0.15rem 0.35rem; }
  .summary { break-after: page; }
  .appendix { break-before: page; }
  figure, tr { break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""


def report_html(report: Report, *, for_print: bool = False) -> str:
    """The whole page. `for_print`: the same page, made to be printed to a PDF (it is the
    same now; the print style does the work)."""
    parts = [f"<h1>{text(report.title)}</h1>", f'<p class="meta">{_meta(report)}</p>']
    if about(report):  # who is named and what is left out, before anything else
        parts.append(f'<p class="about">{text(about(report))}</p>')
    if report.kind == "entry":
        parts += _messages(report)
        parts += _people_section(report, level=2)
        parts += _appendix(report, level=2)
        parts += _actions_section(report, level=2)
    else:
        parts.append('<section class="summary" aria-labelledby="summary">')
        parts.append('<h2 id="summary">Summary</h2>')
        parts += _summary(report)
        parts.append("</section>")
        parts += _assessment(report)
        parts += _changes(report)
        if report.kind == "period" and report.actions:
            parts.append('<section aria-labelledby="actions">')
            parts += [line.replace("<h2>", '<h2 id="actions">', 1)
                      for line in _actions_section(report, level=2, every=True)]
            parts.append("</section>")
        if report.appendix or report.checkin:
            parts.append('<section class="appendix" aria-labelledby="appendix">')
            parts.append('<h2 id="appendix">Appendix: the answers, question by question</h2>')
            parts += _checkin(report)
            parts += _appendix(report, level=3)
            parts.append("</section>")
    parts.append(_footer(report))
    body = "\n".join(parts)
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta name=\"generator\" content=\"reflect {text(__version__)}\">\n"
            f"<title>{text(report.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<main>\n{body}\n</main>\n</body>\n</html>\n")


def day(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def _meta(report: Report) -> str:
    return text(describe(report))


def _messages(report: Report) -> list[str]:
    if not report.messages:
        return []
    level = 2 if report.kind == "entry" else 3
    return [f'<div class="messages"><h{level}>Key messages</h{level}><ul>',
            *(f"<li>{text(m)}</li>" for m in report.messages), "</ul></div>"]


def _summary(report: Report) -> list[str]:
    out = _messages(report)
    facts = [("Date", day(report.last) if report.first == report.last else
              f"{day(report.first)} to {day(report.last)}")]
    if report.kind == "period":
        facts.append(("Meetings", str(len(report.sessions))))
    people = sum(len(g.people) for g in report.people)
    if people:
        facts.append(("People", counted(people, "person", "people") + " from "
                      + counted(len(report.people), "sector")))
    if report.minutes_spent is not None:
        planned = f" (of {_minutes(report.minutes_planned)} planned)" \
            if report.minutes_planned else ""
        facts.append(("Time spent", _minutes(report.minutes_spent) + planned))
    elif report.minutes_planned:
        facts.append(("Time planned", _minutes(report.minutes_planned)))
    out.append('<dl class="facts">' + "".join(f"<dt>{text(k)}</dt><dd>{text(v)}</dd>"
                                              for k, v in facts) + "</dl>")
    out += _people_section(report, level=3)
    out.append(f"<h3>{changed_heading(report)}</h3>")
    out += _changed_summary(report)
    out += _actions_section(report, level=3)
    return out


def _minutes(minutes: int | None) -> str:
    if not minutes:
        return "0 minutes"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return counted(rest, "minute")
    return counted(hours, "hour") + (f" {counted(rest, 'minute')}" if rest else "")


def who_heading(report: Report) -> str:
    return ("Who (and how many of the meetings they came to)"
            if report.kind == "period" and len(report.sessions) > 1 else "Who")


def who_took_part(report: Report, group: SectorGroup) -> str:
    """The people of a sector, by name (over a period: with how many meetings they came to)."""
    if report.kind == "period" and len(report.sessions) > 1 and group.attended:
        # 'Tom Reed, 2 meetings; a VCSE member (2), 1 meeting': a label may hold a number.
        return "; ".join(f"{name}, {counted(count, 'meeting')}" for name, count in
                         zip(group.people, group.attended, strict=True))
    return ", ".join(group.people)


def _people_section(report: Report, level: int) -> list[str]:
    if not report.people:
        return []
    rows = "".join(f"<tr><th scope=\"row\">{text(group.sector)}</th><td>"
                   f"{text(who_took_part(report, group))}</td></tr>" for group in report.people)
    return [f"<h{level}>Who took part</h{level}>", '<div class="scroll"><table>',
            f'<thead><tr><th scope="col">Sector</th><th scope="col">{who_heading(report)}'
            f"</th></tr></thead><tbody>{rows}</tbody></table></div>"]


def _changed_summary(report: Report) -> list[str]:
    if not report.compared_with:
        return ["<p>This is the first session: there is nothing earlier to compare it with."
                "</p>" if report.kind != "period" else
                "<p>There is one meeting in this period: nothing to compare.</p>"]
    counts = ", ".join(f"{n} {label}" for label, n in report.change_counts)
    since = "Since" if report.kind != "period" else "From the first meeting of the period,"
    out = [f"<p>{text(since)} {text(report.compared_with)}: {text(counts)} "
           f"(of {counted(sum(n for _, n in report.change_counts), 'prompt')}).</p>"]
    moves = sorted((c for c in report.characteristics if c.change),
                   key=lambda c: -abs(c.change or 0))[:3]
    items = []
    if moves:
        said = "; ".join(f"{c.label} {_value(c.before)} → {_value(c.now)}" for c in moves)
        items.append(f"<li>Biggest changes in the ratings: {text(said)}.</li>")
    if report.joined:
        items.append(f"<li>Joined: {text(', '.join(report.joined))}.</li>")
    if report.left:
        items.append(f"<li>Not here this time: {text(', '.join(report.left))}.</li>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return out


def _actions_section(report: Report, level: int, *, every: bool = False) -> list[str]:
    """The actions with their counts (in a period's summary, only the overdue ones: `every`
    lists them all, after the charts)."""
    if not report.actions:
        return [f"<h{level}>Actions</h{level}>", "<p>No actions were agreed or reviewed.</p>"] \
            if report.kind != "entry" else []
    shown = report.actions if every else summary_actions(report)
    heading = "Every action of the period" if every else "Actions"
    out = [f"<h{level}>{heading}</h{level}>", f"<p>{text(action_counts(report))}.</p>"]
    if len(shown) < len(report.actions) and not every:
        out.append(f"<p>{'Below: those still open and overdue.' if shown else 'None is overdue.'} "
                   "Every action of the period is listed after the charts.</p>")
    if shown:
        rows = "".join(_action_row(a) for a in shown)
        out.append('<div class="scroll"><table><thead><tr><th scope="col">Status</th>'
                   '<th scope="col">Action</th><th scope="col">Who</th><th scope="col">By</th>'
                   f"</tr></thead><tbody>{rows}</tbody></table></div>")
    return out


def _action_row(action: ReportAction) -> str:
    due = f"{action.due.day} {action.due:%b %Y}" if action.due else "no date"
    late = (f'<br><span class="overdue">Overdue since {text(due)}</span>'
            if action.overdue_since else "")
    comment = f"<br><em>{text(action.comment)}</em>" if action.comment else ""
    return (f'<tr><td class="status">{text(STATUS_WORDS.get(action.status, action.status))}'
            f"{late}</td><td>{text(action.text)}{comment}</td><td>{text(action.owner or '–')}"
            f"</td><td>{text(due)}</td></tr>")


def _assessment(report: Report) -> list[str]:
    if not report.has_ratings and report.heatmap is None:
        return []
    out = ['<section aria-labelledby="assessment">',
           '<h2 id="assessment">The self-assessment</h2>']
    if report.scale:
        out.append("<p>The scale: " + text(", ".join(f"{v} {label}" for v, label in
                                                      report.scale)) + ".</p>")
    if report.has_ratings:
        period = report.kind == "period"
        now_words = "the last meeting" if period else "this meeting"
        before_words = "the first meeting" if period else "last time"
        heading = ("The last meeting against the first" if period
                   else "This meeting against the last" if report.has_before
                   else "This meeting's ratings")
        out.append(f"<h3>{text(heading)}</h3>")
        out.append("<figure>" + charts.dot_plot(report.characteristics, now_words=now_words,
                                                before_words=before_words))
        # A first meeting has no 'last time': its legend does not promise one.
        against = (f", a hollow diamond {text(before_words)}" if report.has_before
                   else " (there is no earlier rating to compare with)")
        out.append("<figcaption>A filled circle is "
                   f"{text(now_words)}{against}; the numbers "
                   "are at the end of each row and in the table below.</figcaption></figure>")
        out += _ratings_table(report.characteristics, now_words, before_words)
    if report.has_spread:
        out.append(f"<h3>{text(spread_heading(report))}</h3>")
        out.append("<figure>" + charts.spread_chart(report.characteristics))
        out.append("<figcaption>Each circle holds how many people gave that rating. Ratings 3 "
                   "or more points apart are the conversations to have.</figcaption></figure>")
        out += _spread_table(report.characteristics)
    if report.heatmap is not None and report.heatmap.columns:
        out.append("<h3>Ratings over time</h3>")
        out.append("<figure>" + charts.heat_map(report.heatmap))
        per = "session" if report.heatmap.per == "session" else report.heatmap.per
        out.append(f"<figcaption>One column a {text(per)}, oldest first; the arrow compares "
                   "the latest rating with the first.</figcaption></figure>")
        out += _heat_table(report.heatmap)
    out.append("</section>")
    return out


def _ratings_table(rows: Sequence[Characteristic], now_words: str, before_words: str
                   ) -> list[str]:
    body = "".join(
        f"<tr><th scope=\"row\">{text(c.label)}</th><td class=\"n\">{text(c.before_text)}"
        f"</td><td class=\"n\">{text(c.now_text)}</td><td class=\"n\">"
        f"{'' if c.change is None else change_text(c.change) if c.change else '='}</td></tr>"
        for c in rows)
    return ['<div class="scroll"><table><caption>The ratings in numbers</caption><thead><tr>'
            f'<th scope="col">Characteristic</th><th scope="col">{text(before_words.capitalize())}'
            f'</th><th scope="col">{text(now_words.capitalize())}</th><th scope="col">Change'
            f"</th></tr></thead><tbody>{body}</tbody></table></div>"]


def _value(value: float | None) -> str:
    return "–" if value is None else charts.number(value)


def _spread_table(rows: Sequence[Characteristic]) -> list[str]:
    body = []
    for c in rows:
        if len(c.individual) < 2:
            continue
        values = sorted(v for _, v in c.individual)
        who = ", ".join(f"{name} {value}" for name, value in c.individual)
        body.append(f"<tr><th scope=\"row\">{text(c.label)}</th><td>{text(who)}</td>"
                    f"<td class=\"n\">{values[0]}–{values[-1]}</td><td>"
                    f"{'far apart' if c.disagree else ''}</td></tr>")
    return ['<div class="scroll"><table><caption>Each person\'s rating</caption><thead><tr>'
            '<th scope="col">Characteristic</th><th scope="col">Ratings</th>'
            '<th scope="col">Range</th><th scope="col">Note</th></tr></thead><tbody>'
            + "".join(body) + "</tbody></table></div>"]


def _heat_table(heat: HeatMap) -> list[str]:
    head = "".join(f'<th scope="col">{text(c.label)}</th>' for c in heat.columns)
    body = []
    for index, (_, label) in enumerate(heat.rows):
        cells = "".join(f'<td class="n">{number(c.values[index])}</td>' for c in heat.columns)
        arrow = heat.arrows[index]
        body.append(f"<tr><th scope=\"row\">{text(label)}</th>{cells}<td class=\"n\">"
                    f"{arrow_mark(arrow)} {text(arrow_words(arrow))}</td></tr>")
    return ['<div class="scroll"><table><caption>Ratings over time in numbers</caption>'
            f'<thead><tr><th scope="col">Characteristic</th>{head}<th scope="col">Trend</th>'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>"]


def _changes(report: Report) -> list[str]:
    if not report.changed:
        return []
    items = "".join(f"<li>{text(label)}</li>" for label in report.changed)
    return ['<section aria-labelledby="changed">',
            '<h2 id="changed">What changed, prompt by prompt</h2>',
            f"<p>The prompts answered differently from {text(report.compared_with)}:</p>",
            f"<ul>{items}</ul></section>"]


def _checkin(report: Report) -> list[str]:
    if not report.checkin:
        return []
    items = "".join(f"<li><strong>{text(name)}</strong>: {text(said)}</li>"
                    for name, said in report.checkin)
    return ["<h3>Check-in</h3>", f"<ul>{items}</ul>"]


def paragraphs(value: str) -> str:
    """An answer's paragraphs, each line kept: <p>...<br>...</p>."""
    blocks = [b for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + "<br>".join(text(line) for line in block.split("\n")) + "</p>"
                   for block in blocks)


def _appendix(report: Report, level: int) -> list[str]:
    out: list[str] = []
    for question in report.appendix:
        out += _question(question, level)
    return out


def _question(question: AppendixQuestion, level: int) -> list[str]:
    out = [f"<h{level}>{text(question.title)}</h{level}>"]
    inner = level + 1
    for prompt in question.prompts:
        out.append(f"<h{inner}>{text(prompt.label)}</h{inner}>")
        if prompt.skipped:
            out.append('<p class="skipped">Skipped.</p>')
            continue
        if prompt.rating:
            out.append(f"<p><strong>{text(prompt.rating)}</strong></p>")
        if prompt.text:
            out.append(paragraphs(prompt.text))
        if prompt.notes:
            out.append('<ul class="notes">' + "".join(
                f"<li><strong>{text(name)}</strong>: {paragraphs(said)}</li>"
                for name, said in prompt.notes) + "</ul>")
    return out


def _footer(report: Report) -> str:
    return (f"<footer><p>Made with reflect {text(__version__)}, using A reflective "
            "learning framework for partnering (The King's Fund, Healthy Communities Together)."
            "</p></footer>")
