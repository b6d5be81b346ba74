"""What a session shows in the terminal, with rich: its screens, the framework, a log, errors and
warnings. The reports (compare, history, trends, search, actions, list) are an output format:
outputs/terminal.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from reflect_cli.domain import model
from reflect_cli.domain.model import Answer, Framework, Note, Section, Session
from reflect_cli.errors import ReflectError
from reflect_cli.outputs.plain import problem_text
from reflect_cli.outputs.screen import console
from reflect_cli.textsafe import visible

if TYPE_CHECKING:
    from reflect_cli.domain.asking import Step
    from reflect_cli.domain.meeting import Meeting
    from reflect_cli.storage import Entry
    from reflect_cli.storage import Entry as Unreadable


def error(err: ReflectError) -> None:
    """An error on stderr. Its message often holds file names, titles and ids from files."""
    out = console(stderr=True)
    out.print(Text("Error: ", style="bold red") + Text(visible(err.message)))
    if err.hint:
        out.print(Text(visible(err.hint), style="dim"))


def warn(message: str) -> None:
    console(stderr=True).print(Text("Warning: ", style="bold yellow") + Text(visible(message)))


# -- the framework -------------------------------------------------------------------------------
def framework_view(framework: Framework, section: Section | None = None) -> RenderableType:
    """The framework (or one question of it), readable in a terminal."""
    parts: list[RenderableType] = []
    if section is None:
        parts.append(Text(visible(framework.title), style="bold"))
        if framework.subtitle:
            parts.append(Text(visible(framework.subtitle), style="italic"))
        parts.append(Text(visible(f"id {framework.id} · version {framework.version}"),
                          style="dim"))
        if framework.introduction:  # its own line breaks only wrap it: wrapped to the screen
            from reflect_cli.domain.compare import reflow_text

            parts += [Text(""), Text(visible(reflow_text(framework.introduction.strip())))]
        if framework.source.attribution:
            parts += [Text(""), Text("Source: " + _flat(framework.source.attribution),
                                     style="dim")]
    for s in framework.sections if section is None else (section,):
        parts += [Text(""), _section_view(framework, s)]
    if section is None and framework.resources:
        parts += [Text(""), Text("Further resources", style="bold")]
        parts += [_resource(r.title, r.description) for r in framework.resources]
    return Group(*parts)


def _flat(text: str) -> str:
    """Text from outside on one line, safe to show."""
    return visible(" ".join(text.split()))


def section_heading(framework: Framework, section: Section) -> str:
    """'Question 2: ...', safe to show (the title comes from the framework file)."""
    if section.is_assessment:
        return visible(section.title)
    return f"Question {framework.questions.index(section) + 1}: {visible(section.title)}"


def _section_view(framework: Framework, section: Section) -> RenderableType:
    from rich.panel import Panel

    body: list[RenderableType] = [Text(f"id: {visible(section.id)}", style="dim")]
    if section.explanation:
        body += [Text(""), Text(_flat(section.explanation))]
    if section.examples:
        body += [Text(""), Text("Examples from partnerships", style="bold")]
        body += [Text("• " + _flat(e)) for e in section.examples]
    title = "Rate each of these" if section.is_assessment else "Points to consider"
    body += [Text(""), Text(title, style="bold")]
    for prompt in section.prompts:
        line = Text("• ") + Text(_flat(prompt.text))
        line.append(f"  [{visible(prompt.id)}]", style="dim")
        body.append(line)
    if section.is_assessment and section.prompts and section.prompts[0].scale:
        body.append(Text("Scale: " + visible(section.prompts[0].scale.describe()), style="dim"))
    if section.resources:
        body += [Text(""), Text("Helpful resources", style="bold")]
        body += [_resource(r.title, r.description) for r in section.resources]
    return Panel(Group(*body), title=Text(section_heading(framework, section), style="bold"),
                 title_align="left", border_style="cyan")


def _resource(title: str, description: str) -> Text:
    text = Text("• ") + Text(visible(title), style="bold")
    if description:
        text += Text(": " + _flat(description))
    return text


# -- sessions ------------------------------------------------------------------------------------
def left_out(logs: Sequence[Entry | Unreadable]) -> None:
    """Warn about each log that cannot be read and is left out of what is shown."""
    for log in logs:
        if log.error is not None:
            warn(f"{visible(log.name)} cannot be read, so it is left out "
                 f"({problem_text(log.error)})")


def log_view(text: str, path: Path | None, plain: bool) -> RenderableType:
    """A log as a person reads it: its Markdown body, without the hidden markers. Without
    colour the Markdown is shown as it is, so its #-headings still set questions apart."""
    from reflect_cli.storage.logfile import visible_body

    body = visible(visible_body(text))
    parts: list[RenderableType] = [Text(body) if plain else markdown(body)]
    if path is not None:
        parts += [Text(""), Text(f"File: {visible(str(path))}", style="dim")]
    return Group(*parts)


def answer_view(answer: Answer) -> RenderableType:
    if answer.skipped:
        return Text("(skipped)", style="dim italic")
    if answer.rating is not None:
        return Text(rating_text(answer), style="bold")
    return markdown(visible(answer.text))


def markdown(text: str) -> RenderableType:
    """Markdown from outside (already through `visible`) for the terminal. A link shows its
    address in brackets rather than as a terminal hyperlink, so no link is hidden."""
    from rich.markdown import Markdown  # costs ~25 ms to import: only when an answer is shown

    return Markdown(text, hyperlinks=False)


def rating_text(answer: Answer) -> str:
    """'3 of 5 (Partly)', safe to show (the label comes from the log or framework)."""
    return visible(model.rating_text(answer))


# -- the screens of a session ----------------------------------------------------------------------
def welcome(framework: Framework, count: int) -> RenderableType:
    return Group(Text(visible(framework.title), style="bold"),
                 Text(f"{count} prompt{'s' if count != 1 else ''} to go through. Your answers "
                      "are saved as you go: if anything goes wrong, run reflect session again "
                      "to carry on.", style="dim"))


def section_panel(framework: Framework, step: Step, meeting: Meeting | None,
                  section_count: int) -> RenderableType:
    """The panel that opens each part of a session: the question and how to answer it."""
    from rich.panel import Panel

    from reflect_cli.domain.meeting import planned_seconds

    section = step.section
    body: list[RenderableType] = [Text(section_heading(framework, section), style="bold")]
    if meeting is not None and meeting.participants:
        order = meeting.orders.get(section.id) or []
        if order:
            body.append(Text("Speaking order: " + visible(", ".join(meeting.name(p)
                                                                    for p in order)),
                             style="cyan"))
        planned = planned_seconds(meeting.minutes, section_count)
        if planned:
            body.append(Text(f"Time for this question: about {round(planned / 60)} min",
                             style="cyan"))
    if section.explanation:
        body.append(Text(_flat(section.explanation)))
    if section.examples:
        body.append(Text("Press Ctrl-X while answering to see examples from partnerships.",
                         style="dim"))
    if section.is_assessment and section.prompts and section.prompts[0].scale:
        body.append(Text("Scale: " + visible(section.prompts[0].scale.describe()), style="dim"))
    where = f"Part {step.section_number} of {step.section_count}"
    return Panel(Group(*body), title=Text(where, style="bold"), title_align="left",
                 border_style="cyan", padding=(0, 1))


def examples_panel(section: Section) -> RenderableType:
    from rich.panel import Panel

    lines = [Text("• " + _flat(e)) for e in section.examples] or [
        Text("This question has no examples.")]
    return Panel(Group(*lines), title="Examples from partnerships", title_align="left",
                 border_style="magenta")


def last_time_panel(previous: Answer, when: dt.date | None) -> RenderableType:
    from rich.panel import Panel

    title = f"Your answer on {when.day} {when:%B %Y}" if when else "Your answer last time"
    return Panel(answer_view(previous), title=title, title_align="left", border_style="dim")


def people_table(meeting: Meeting) -> RenderableType:
    from rich.table import Table

    table = Table(title="Who is here", title_justify="left", show_edge=False, pad_edge=False)
    for name in ("Name", "Organisation", "Sector", "Role"):
        table.add_column(name, overflow="fold")  # a name is shown whole, never cut short
    for person in meeting.participants:
        roles = ", ".join("lead partner" if r == "lead" else r for r in person.roles)
        table.add_row(*(Text(visible(cell)) for cell in (person.name, person.organisation,
                                                         person.sector, roles)))
    return table


def not_heard(meeting: Meeting, section_id: str, session: Session,
              notes: Sequence[Note] = ()) -> Text:
    """Who has no note yet on this question (notes of the answer being written included)."""
    heard = {n.speaker for a in session.answers if a.section == section_id for n in a.notes}
    heard |= {n.speaker for n in notes}
    order = meeting.orders.get(section_id) or [p.id for p in meeting.participants]
    waiting = [meeting.name(pid) for pid in order if pid not in heard]
    if waiting:
        return Text("Not heard yet on this question: " + visible(", ".join(waiting)),
                    style="cyan")
    return Text("Everyone has been heard on this question.", style="green")


def summary(session: Session, path: Path) -> None:
    """The end of a session: what was saved and where (the path unbroken, to copy)."""
    from rich.panel import Panel

    out = console()
    lines = Text()
    lines.append("Saved. ", style="bold green")
    lines.append(f"{session.answered} answered, {session.skipped} skipped.")
    out.print(Panel(lines, border_style="green", title="Session finished", title_align="left"))
    # The command on a line of its own, outside the box, so that a long file name is never
    # cut by the box's edge ('...-ana-co │' / '│ sta.md' on a 60-column screen).
    out.print("Read it again with:", style="dim")
    out.print(f"  reflect show {visible(path.name)}", soft_wrap=True, markup=False,
              highlight=False)
    if session.kind == "meeting":
        out.print("A paper for a board or a funder, naming only who agreed:", style="dim")
        out.print("  reflect report", soft_wrap=True, markup=False, highlight=False)
    out.print("Your log is in:")
    out.print(str(path), soft_wrap=True, markup=False)




# -- what stays on screen above the answer box -------------------------------------------------
def clock(seconds: float) -> str:
    """A stopwatch reading in minutes and seconds: '4:05', '90:00'."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def clock_line(question_seconds: float, meeting_seconds: float, planned: int | None,
               minutes: int | None) -> tuple[str, str]:
    """The live clock of a meeting (time on this question, and on the whole meeting, each
    against its share when the meeting has a length) and a gentle cue to move on once the
    question's share (or the meeting's time) is used; the cue is '' before then."""
    question = f"Time on question {clock(question_seconds)}"
    meeting = f"meeting {clock(meeting_seconds)}"
    if planned:
        question += f" of {clock(planned)}"
    if minutes:
        meeting += f" of {clock(minutes * 60)}"
    cue = ""
    if planned and question_seconds >= planned:
        cue = "Time's up for this question: move on when you are ready."
    elif minutes and meeting_seconds >= minutes * 60:
        cue = "The meeting's time is up: finish when you are ready."
    return f"{question} · {meeting}", cue


def order_line(meeting: Meeting, section_id: str, session: Session,
               notes: Sequence[Note] = ()) -> str:
    """This question's speaking order, each person heard on it ticked, safe to show."""
    heard = {n.speaker for a in session.answers if a.section == section_id for n in a.notes}
    heard |= {n.speaker for n in notes}
    order = meeting.orders.get(section_id) or [p.id for p in meeting.participants]
    return "Speaking order: " + ", ".join(
        visible(meeting.name(pid)) + (" ✓" if pid in heard else "") for pid in order)
