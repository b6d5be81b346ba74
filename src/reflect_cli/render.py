"""Everything shown in the terminal, with rich. Plain text stays readable without colour."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .errors import ReflectError
from .journal import Entry
from .model import Answer, Framework, Section, Session


def console(stderr: bool = False) -> Console:
    """A console for this moment's stdout or stderr (so tests that swap them are honoured)."""
    return Console(stderr=stderr, highlight=False, emoji=False,
                   no_color=bool(os.environ.get("NO_COLOR")) or None)


def error(err: ReflectError) -> None:
    out = console(stderr=True)
    out.print(Text("Error: ", style="bold red") + Text(err.message))
    if err.hint:
        out.print(Text(err.hint, style="dim"))


def warn(message: str) -> None:
    console(stderr=True).print(Text("Warning: ", style="bold yellow") + Text(message))


# -- the framework -------------------------------------------------------------------------------
def framework_view(framework: Framework, section: Section | None = None) -> RenderableType:
    """The framework (or one question of it), readable in a terminal."""
    parts: list[RenderableType] = []
    if section is None:
        parts.append(Text(framework.title, style="bold"))
        if framework.subtitle:
            parts.append(Text(framework.subtitle, style="italic"))
        parts.append(Text(f"id {framework.id} · version {framework.version}", style="dim"))
        if framework.introduction:
            parts += [Text(""), Text(framework.introduction.strip())]
        if framework.source.attribution:
            parts += [Text(""), Text("Source: " + " ".join(framework.source.attribution.split()),
                                     style="dim")]
    for s in framework.sections if section is None else (section,):
        parts += [Text(""), _section_view(framework, s)]
    if section is None and framework.resources:
        parts += [Text(""), Text("Further resources", style="bold")]
        parts += [_resource(r.title, r.description) for r in framework.resources]
    return Group(*parts)


def section_heading(framework: Framework, section: Section) -> str:
    if section.is_assessment:
        return section.title
    return f"Question {framework.questions.index(section) + 1}: {section.title}"


def _section_view(framework: Framework, section: Section) -> RenderableType:
    body: list[RenderableType] = [Text(f"id: {section.id}", style="dim")]
    if section.explanation:
        body += [Text(""), Text(" ".join(section.explanation.split()))]
    if section.examples:
        body += [Text(""), Text("Examples from partnerships", style="bold")]
        body += [Text("• " + " ".join(e.split())) for e in section.examples]
    title = "Rate each of these" if section.is_assessment else "Points to consider"
    body += [Text(""), Text(title, style="bold")]
    for prompt in section.prompts:
        line = Text("• ") + Text(" ".join(prompt.text.split()))
        line.append(f"  [{prompt.id}]", style="dim")
        body.append(line)
    if section.is_assessment and section.prompts and section.prompts[0].scale:
        body.append(Text("Scale: " + section.prompts[0].scale.describe(), style="dim"))
    if section.resources:
        body += [Text(""), Text("Helpful resources", style="bold")]
        body += [_resource(r.title, r.description) for r in section.resources]
    return Panel(Group(*body), title=Text(section_heading(framework, section), style="bold"),
                 title_align="left", border_style="cyan")


def _resource(title: str, description: str) -> Text:
    text = Text("• ") + Text(title, style="bold")
    if description:
        text += Text(": " + " ".join(description.split()))
    return text


# -- sessions ------------------------------------------------------------------------------------
def sessions_table(entries: Sequence[Entry]) -> RenderableType:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for name, kwargs in (("Date", {"no_wrap": True}), ("Title", {}), ("Kind", {}),
                         ("Questions", {}), ("Answered", {"justify": "right"}),
                         ("Skipped", {"justify": "right"}), ("File", {"overflow": "fold"})):
        table.add_column(name, **kwargs)
    for entry in entries:
        s = entry.session
        if s is None:
            reason = entry.error.message if entry.error else "unreadable"
            table.add_row("?", Text("cannot be read: " + reason, style="red"), "", "", "", "",
                          entry.path.name)
            continue
        table.add_row(s.date.isoformat(), s.display_title, s.kind, ", ".join(s.sections),
                      str(entry.answered), str(entry.skipped), entry.path.name)
    return table


def session_view(session: Session, path: Path | None = None) -> RenderableType:
    """A log, read in the terminal."""
    kind = "Meeting" if session.kind == "meeting" else "Journal entry"
    parts: list[RenderableType] = [
        Text(session.display_title, style="bold"),
        Text(f"{kind} · {session.date:%A} {session.date.day} {session.date:%B %Y} · "
             f"{session.answered} answered, {session.skipped} skipped", style="dim"),
    ]
    if path is not None:
        parts.append(Text(str(path), style="dim"))
    current = None
    for answer in session.answers:
        if answer.section != current:
            current = answer.section
            parts += [Text(""), Text(session.labels.get(current, current), style="bold cyan")]
        parts += [Text(""), Text(session.labels.get(answer.prompt_id, answer.prompt_id),
                                 style="bold")]
        parts.append(Padding(answer_view(answer), (0, 0, 0, 2)))
    return Group(*parts)


def answer_view(answer: Answer) -> RenderableType:
    if answer.skipped:
        return Text("(skipped)", style="dim italic")
    if answer.rating is not None:
        return Text(rating_text(answer), style="bold")
    return Markdown(answer.text)


def rating_text(answer: Answer) -> str:
    top = f" of {answer.rating_of}" if answer.rating_of else ""
    label = f" ({answer.rating_label})" if answer.rating_label else ""
    return f"{answer.rating}{top}{label}"


def summary(session: Session, path: Path) -> RenderableType:
    lines = Text()
    lines.append("Saved. ", style="bold green")
    lines.append(f"{session.answered} answered, {session.skipped} skipped.\n")
    lines.append(f"Your log is in {path}\n")
    lines.append("Read it again with: reflect show latest", style="dim")
    return Panel(lines, border_style="green", title="Session finished", title_align="left")
