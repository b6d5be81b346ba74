"""Everything shown in the terminal, with rich. Plain text stays readable without colour."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from reflect_cli.domain import model
from reflect_cli.domain.model import Answer, Framework, Note, Section, Session
from reflect_cli.errors import ReflectError
from reflect_cli.outputs.plain import problem_text
from reflect_cli.textsafe import visible

if TYPE_CHECKING:
    import datetime as dt
    import re

    from reflect_cli.domain.asking import Step
    from reflect_cli.domain.compare import (
        Comparison,
        History,
        HistoryEntry,
        MeetingChanges,
        PromptChange,
        RatingChange,
        Status,
        Token,
        Trends,
    )
    from reflect_cli.domain.meeting import Meeting, TrackedAction
    from reflect_cli.domain.search import Hit, SearchResults
    from reflect_cli.storage import Entry
    from reflect_cli.storage import Entry as Unreadable


class SafeConsole(Console):
    """A rich console where a plain string is only ever text.

    Every string given to it (to print, as a table cell, as a title) becomes a Text here,
    with no rich markup read in it (a name like `[link=...]x[/link]` stays as written) and
    with control and bidi characters shown as `visible` shows them. reflect's own strings
    hold neither, so only text from outside changes. Text objects are built by the views
    below, each with `visible` around what came from outside.
    """

    def render_str(self, text: str, **options: Any) -> Text:
        options["markup"] = False
        options["emoji"] = False
        return super().render_str(visible(text), **options)


def console(stderr: bool = False) -> Console:
    """A console for this moment's stdout or stderr (so tests that swap them are honoured)."""
    return SafeConsole(stderr=stderr, highlight=False, emoji=False, markup=False,
                       no_color=bool(os.environ.get("NO_COLOR")) or None)


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
        if framework.introduction:
            parts += [Text(""), Text(visible(framework.introduction.strip()))]
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


def actions_view(tracked: Sequence[TrackedAction], *, owner: str | None,
                 include_closed: bool) -> RenderableType:
    """Each action on a line of its own, its details under it: readable on any width."""
    from reflect_cli.outputs.plain import actions_lines

    return Group(*(Text.assemble(*line) for line in actions_lines(
        tracked, owner=owner, include_closed=include_closed)))


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


def meeting_status(meeting: Meeting, section_id: str, session: Session,
                   section_count: int, *, rating: bool = False) -> Text:
    """Who has not been heard on this question yet, and the time left for it."""
    from reflect_cli.domain.meeting import planned_seconds

    text = Text() if rating else not_heard(meeting, section_id, session)
    planned = planned_seconds(meeting.minutes, section_count)
    if planned:
        left = planned - meeting.seconds_spent.get(section_id, 0)
        if text:
            text.append("\n")
        if left >= 0:
            text.append(f"About {max(1, round(left / 60))} min left for this question.",
                        style="cyan")
        else:
            text.append(f"Over the time for this question by {round(-left / 60)} min.",
                        style="bold yellow")
    return text


def summary(session: Session, path: Path) -> None:
    """The end of a session: what was saved and where (the path unbroken, to copy)."""
    from rich.panel import Panel

    out = console()
    lines = Text()
    lines.append("Saved. ", style="bold green")
    lines.append(f"{session.answered} answered, {session.skipped} skipped.\n")
    lines.append(f"Read it again with: reflect show {visible(path.name)}", style="dim")
    out.print(Panel(lines, border_style="green", title="Session finished", title_align="left"))
    out.print("Your log is in:")
    out.print(str(path), soft_wrap=True, markup=False)


# -- compare, history and trends -----------------------------------------------------------------
# Without colour (NO_COLOR, a pipe, a dumb terminal) deleted words read [-like this-] and added
# words {+like this+}, as in `git diff --word-diff`; with colour they are struck through in red
# and underlined in green instead. Reports can run to thousands of lines, so their text is
# wrapped here, word by word, rather than by rich's Text (which measures every character).
_STATUS_STYLES = {"changed": "bold yellow", "newly_answered": "bold green",
                  "no_longer_answered": "bold red", "unchanged": "dim",
                  "not_asked_in_one": "dim", "skipped_in_one": "dim", "first": "dim"}
_DELETED, _INSERTED = "red strike", "green underline"
_NOTE = "dim italic"
Pieces = Sequence[tuple[str, str]]  # (text, style) in reading order


# Characters that surely take one column each: printable ASCII, Latin letters with their
# accents as single characters, dashes, curly quotes and currency signs. Anything else (wide
# scripts, emoji, combining marks, zero-width spaces) is measured by rich, which is slower.
_ONE_CELL = None


def _one_cell_each(text: str) -> bool:
    global _ONE_CELL
    if text.isascii():
        return True
    if _ONE_CELL is None:
        import re

        _ONE_CELL = re.compile("[\n\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027"
                               "\u2030-\u205e\u20a0-\u20c0]*")
    return _ONE_CELL.fullmatch(text) is not None


def _plain(console: Console) -> bool:
    return console.no_color or console.color_system is None


class _Flow:
    """Styled text wrapped to the width, each line indented, no spaces added at line ends.

    Single spaces and tabs between words may break; a newline always does. With a right-hand
    `tag`, the tag sits at the right end of the first line.
    """

    def __init__(self, pieces: Pieces, indent: int = 0, tag: tuple[str, str] | None = None,
                 ) -> None:
        # A tab shows as one space: terminals (and rich) would each place it differently.
        # The pieces hold answers, titles and names from the logs: made safe to show here.
        self.pieces = [(visible(text.replace("\t", " ")), style) for text, style in pieces]
        self.indent = indent
        self.tag = tag

    def lines(self, console: Console | None, width: int,
              plain: bool = False) -> list[list[tuple[str, str]]]:
        """The text cut into lines of (text, style) runs (one unstyled run each if plain)."""
        import re

        from rich.cells import cell_len

        room = max(width - self.indent, 20)
        first_room = max(room - (cell_len(self.tag[0]) + 2 if self.tag else 0), 10)
        text = "".join(t for t, _ in self.pieces)
        if not _one_cell_each(text) and cell_len(text) != len(text) - text.count("\n"):
            # Wide characters (or zero-width ones): measure word by word.
            return self._lines_by_words(room, first_room)
        starts: list[int] = []  # where each run of one style starts
        styles: list[str] = []
        offset = 0
        for piece, style in self.pieces:
            if piece:
                starts.append(offset)
                styles.append(style)
                offset += len(piece)
        lines: list[list[tuple[str, str]]] = []
        spaces = re.compile(r"[ \t]*")
        offset = 0
        for line in text.split("\n"):
            position, end = spaces.match(line).end(), len(line)  # type: ignore[union-attr]
            if position == end:
                lines.append([])
            while position < end:
                chunk = _chunker(first_room if not lines else room).match(line, position)
                assert chunk is not None
                cut = len(chunk.group().rstrip(" \t"))
                begin = offset + position
                lines.append([(text[begin:begin + cut], "")] if plain else
                             self._runs(text, starts, styles, begin, begin + cut))
                position = spaces.match(line, chunk.end()).end()  # type: ignore[union-attr]
            offset += len(line) + 1
        return lines or [[]]

    @staticmethod
    def _runs(text: str, starts: list[int], styles: list[str], begin: int,
              finish: int) -> list[tuple[str, str]]:
        import bisect

        runs = []
        index = max(bisect.bisect_right(starts, begin) - 1, 0)
        while index < len(starts) and starts[index] < finish:
            stop = starts[index + 1] if index + 1 < len(starts) else finish
            runs.append((text[max(begin, starts[index]):min(stop, finish)], styles[index]))
            index += 1
        return runs

    def _lines_by_words(self, room: int, first_room: int) -> list[list[tuple[str, str]]]:
        import re

        from rich.cells import cell_len

        lines: list[list[tuple[str, str]]] = [[]]
        used = 0
        space: tuple[str, str] | None = None
        word: list[tuple[str, str]] = []  # the parts of one word (styles may change inside)

        def place() -> None:
            nonlocal used, space, word
            length = sum(cell_len(text) for text, _ in word)
            limit = first_room if len(lines) == 1 else room
            if used and used + (len(space[0]) if space else 0) + length > limit:
                lines.append([])
                used, space = 0, None
            if space is not None and used:
                lines[-1].append(space)
                used += len(space[0])
            for text, style in word:
                while used + cell_len(text) > limit:  # longer than the rest of the line
                    cut = min(len(text), limit - used)
                    while cut > 0 and cell_len(text[:cut]) > limit - used:
                        cut -= 1
                    if cut == 0:
                        if used == 0:  # one character wider than a whole line: as it is
                            break
                        lines.append([])
                        used, limit = 0, room
                        continue
                    lines[-1].append((text[:cut], style))
                    lines.append([])
                    text, used, limit = text[cut:], 0, room
                lines[-1].append((text, style))
                used += cell_len(text)
            space, word = None, []

        for text, style in self.pieces:
            for part in re.findall(_FLOW_PARTS, text):
                if part[0] in " \t\n" or part.isspace():
                    if word:
                        place()
                    if part == "\n":
                        lines.append([])
                        used, space = 0, None
                    elif part[0] in " \t":
                        space = (part, style)
                else:
                    word.append((part, style))
        if word:
            place()
        return lines

    def plain_text(self, width: int) -> str:
        """The lines as text without colour (what the styled lines show, styles aside)."""
        from rich.cells import cell_len

        out: list[str] = []
        margin = " " * self.indent
        for number, line in enumerate(self.lines(None, width, plain=True)):
            text = "".join(t for t, _ in line)
            if margin and line:
                out.append(margin)
            out.append(text)
            if number == 0 and self.tag is not None:
                tag = self.tag[0]
                used = self.indent + sum(len(t) if _one_cell_each(t) else cell_len(t)
                                         for t, _ in line)
                gap = width - used - cell_len(tag)
                if gap < 1:
                    out.append("\n")
                    gap = max(width - cell_len(tag), 0)
                out.append(" " * gap + tag)
            out.append("\n")
        return "".join(out)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style

        plain = _plain(console)
        if plain:
            yield Segment(self.plain_text(options.max_width))
            return
        styles: dict[str, Style | None] = {}

        def style_of(name: str) -> Style | None:
            if not name:
                return None
            if name not in styles:
                styles[name] = console.get_style(name)
            return styles[name]

        width = options.max_width
        margin = Segment(" " * self.indent) if self.indent else None
        for number, line in enumerate(self.lines(console, width)):
            if margin and line:
                yield margin
            used = self.indent
            run, run_style = "", ""
            for text, style in line:  # one segment for each run of one style
                used += len(text) if _one_cell_each(text) else cell_len(text)
                if style == run_style:
                    run += text
                    continue
                if run:
                    yield Segment(run, style_of(run_style))
                run, run_style = text, style
            if run:
                yield Segment(run, style_of(run_style))
            if number == 0 and self.tag is not None:
                tag, style = self.tag
                gap = width - used - cell_len(tag)
                if gap < 1:
                    yield Segment.line()
                    gap = max(width - cell_len(tag), 0)
                yield Segment(" " * gap)
                yield Segment(tag, style_of(style))
            yield Segment.line()


_FLOW_PARTS = r"\n|[ \t]+|[^\s]+|\s"  # a line break, spaces, a word, other space


def _chunker(width: int) -> re.Pattern[str]:
    """A pattern for the longest start of a line that fits `width` and ends before a space
    (or, for a word longer than that, the first `width` characters of it)."""
    import re

    return re.compile(rf"\S.{{0,{width - 1}}}(?=[ \t]|$)|\S{{1,{width}}}")


class DiffText:
    """A word diff, with [-...-] and {+...+} around changes when there is no colour."""

    def __init__(self, tokens: Sequence[Token], style: str = "", indent: int = 0) -> None:
        from reflect_cli.domain.compare import reflow

        self.tokens = reflow(tokens)
        self.style = style
        self.indent = indent

    def pieces(self, plain: bool) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for op, chunk in self.tokens:
            if op == "equal":
                out.append((chunk, self.style))
            elif plain:
                out.append((f"[-{chunk}-]" if op == "delete" else f"{{+{chunk}+}}", self.style))
            else:
                out.append((chunk, _DELETED if op == "delete" else _INSERTED))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _Flow(self.pieces(_plain(console)), self.indent)


def _short_date(date: dt.date, pad: bool = False) -> str:
    return f"{date:%a} {date.day:>2} {date:%b %Y}" if pad else f"{date:%a} {date.day} {date:%b %Y}"


def _answer_words(answer: Answer) -> str:
    from reflect_cli.domain.compare import answer_text, reflow_text

    return rating_text(answer) if answer.rating is not None else reflow_text(answer_text(answer))


def _body(*pieces: tuple[str, str]) -> _Flow:
    """Lines under a heading, indented."""
    return _Flow(pieces, indent=4)


def _heading_row(pieces: Pieces, status: str) -> _Flow:
    from reflect_cli.domain.compare import status_label

    return _Flow(pieces, tag=(status_label(status), _STATUS_STYLES[status]))


def _rating_line(before: Answer | None, after: Answer | None, change: RatingChange) -> _Flow:
    """'3 of 5 (Partly) → 4 of 5 (Mostly)  +1', the change coloured when colour is on."""
    def side(answer: Answer | None) -> str:
        if answer is None:
            return "not asked"
        return "skipped" if answer.skipped else rating_text(answer)

    return _body((f"{side(before)} → {side(after)}", ""), *_delta(change))


def _delta(change: RatingChange) -> list[tuple[str, str]]:
    delta = change.delta
    if delta is None:
        return []
    style = "green" if delta > 0 else "red" if delta < 0 else "dim"
    return [("  ", ""), (f"{delta:+d}" if delta else "no change", style)]


def _change_body(change: PromptChange, before_date: str, after_date: str) -> RenderableType:
    """What a prompt's answers were and how they changed, for one status."""
    before, after, status = change.before, change.after, change.status
    if change.rating is not None and status in ("changed", "newly_answered",
                                                "no_longer_answered"):
        return _rating_line(before, after, change.rating)
    if status == "changed":
        return DiffText(change.diff, indent=4)
    if before is not None and after is not None:
        if status == "unchanged":
            if after.skipped:
                return _body(("(skipped both times)", _NOTE))
            return _body((_answer_words(after), "dim"))
        if status == "newly_answered":
            return _body((_answer_words(after), ""),
                         (f"\n(skipped on {before_date})", _NOTE))
        return _body(("Before: " + _answer_words(before), "dim"),
                     (f"\n(skipped on {after_date})", _NOTE))
    if before is None and after is not None:
        asked, date, other, prefix, style = after, after_date, before_date, "", ""
    elif before is not None:
        asked, date, other, prefix, style = before, before_date, after_date, "Before: ", "dim"
    else:
        return Text("")
    if asked.skipped:
        return _body((f"(skipped on {date}; not asked on {other})", _NOTE))
    return _body((prefix + _answer_words(asked), style), (f"\n(not asked on {other})", _NOTE))


def _legend() -> RenderableType:
    return DiffText([("equal", "Deleted words look "), ("delete", "like this"),
                     ("equal", ", added words "), ("insert", "like this"), ("equal", ".")],
                    style="dim")


def _counts_line(counts: Mapping[Status, int]) -> Text:
    from reflect_cli.domain.compare import status_label

    text = Text()
    for status, count in counts.items():
        if not count:
            continue
        if text:
            text.append(" · ", style="dim")
        text.append(f"{count} {status_label(status)}", style=_STATUS_STYLES[status])
    return text or Text("nothing to compare", style="dim")


def comparison_view(comparison: Comparison) -> RenderableType:
    """Two sessions compared prompt by prompt: a header, then each question's prompts."""
    before, after = comparison.before, comparison.after
    days = comparison.days
    apart = "the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} apart"
    parts: list[RenderableType] = [
        Text(visible(f"{before.title} → {after.title}"), style="bold"),
        Text(f"{_short_date(before.date)} → {_short_date(after.date)} · {apart}"),
        Text(f"Before: {visible(before.file)}\nAfter:  {visible(after.file)}", style="dim"),
        _counts_line(comparison.counts()),
        _legend(),
    ]
    counts = comparison.counts()
    if comparison.questions and not any(n for status, n in counts.items()
                                        if status != "not_asked_in_one"):
        parts.append(Text("These two sessions have no prompts in common. To compare answers to "
                          "the same questions, name two sessions, for example: reflect compare "
                          "2026-03-12 latest (reflect list shows them all).", style="yellow"))
    if comparison.meeting is not None and not comparison.meeting.is_empty:
        parts += [Text(""), _meeting_changes_view(comparison.meeting)]
    before_date, after_date = _short_date(before.date), _short_date(after.date)
    for question in comparison.questions:
        parts += [Text(""), Text(visible(question.label), style="bold cyan")]
        for change in question.prompts:
            parts += [Text(""), _heading_row([(change.label, "bold")], change.status),
                      _change_body(change, before_date, after_date)]
    if not comparison.questions:
        parts += [Text(""), Text("No changes to show.", style="dim")]
    return Group(*parts)


def _meeting_changes_view(changes: MeetingChanges) -> RenderableType:
    """Who joined and left, and how the actions moved on."""
    def owned(text: str, owner: str) -> str:
        return f"{text} ({owner})" if owner else text

    def line(label: str, text: str, style: str = "") -> _Flow:
        return _Flow([(f"{label}: ", "bold " + style if style else "bold"), (text, style)])

    lines: list[RenderableType] = [Text("People and actions", style="bold cyan")]
    if changes.joined:
        lines.append(line("Joined", ", ".join(changes.joined), "green"))
    if changes.left:
        lines.append(line("Left", ", ".join(changes.left), "yellow"))
    if changes.stayed and (changes.joined or changes.left):
        lines.append(line("Still here", ", ".join(changes.stayed), "dim"))
    for text, owner, status in changes.reviewed:
        lines.append(line(status.capitalize(), owned(text, owner)))
    for text, owner in changes.not_reviewed:
        lines.append(line("Not reviewed yet", owned(text, owner), "yellow"))
    for text, owner in changes.new:
        lines.append(line("New action", owned(text, owner)))
    return Group(*lines)


def history_view(history: History) -> RenderableType:
    """Every answer to a prompt (or to each prompt of a question), oldest first. A run of
    answers unchanged since the one before takes one line."""
    parts: list[RenderableType] = []
    if history.kind == "question":
        parts.append(Text(visible(history.label), style="bold"))
    dates = [e.session.date for p in history.prompts for e in p.entries]
    if dates:
        count = history.sessions
        parts.append(Text(f"{count} session{'s' if count != 1 else ''}, "
                          f"{_short_date(min(dates))} to {_short_date(max(dates))}", style="dim"))
    parts.append(_legend())
    for prompt in history.prompts:
        changes = prompt.changes
        parts += [Text(""), Text(visible(prompt.label), style="bold cyan"),
                  Text(f"{visible(prompt.prompt_id)} · changed {changes} time"
                       f"{'s' if changes != 1 else ''}", style="dim")]
        rows = prompt.entries
        i = 0
        while i < len(rows):
            entry = rows[i]
            end = i
            while entry.status == "unchanged" and end + 1 < len(rows) and \
                    rows[end + 1].status == "unchanged":
                end += 1
            if end > i:  # a run of unchanged answers: one line
                parts.append(_heading_row(
                    [(f"{_short_date(entry.session.date, True)} to "
                      f"{_short_date(rows[end].session.date, True)}", "bold"),
                     (f"  {end - i + 1} sessions", "")], "unchanged"))
                i = end + 1
                continue
            parts.append(_heading_row([(_short_date(entry.session.date, True), "bold"),
                                       (f"  {entry.session.title}", "")], entry.status))
            body = _history_body(entry)
            if body is not None:
                parts.append(body)
            i += 1
    return Group(*parts)


def _history_body(entry: HistoryEntry) -> RenderableType | None:
    answer = entry.answer
    if entry.status == "unchanged":
        return None
    if answer.skipped:
        return _body(("(skipped)", _NOTE))
    if entry.rating is not None and entry.status == "changed" and entry.rating.delta is not None:
        return _body((f"{entry.rating.before} → {rating_text(answer)}", ""),
                     *_delta(entry.rating))
    if entry.status == "changed" and entry.diff:
        return DiffText(entry.diff, indent=4)
    return _body((_answer_words(answer), ""))


def trends_view(trends: Trends) -> RenderableType:
    """A row per rated prompt: a sparkline of its values, first, latest and change."""
    from rich.table import Table

    from reflect_cli.domain.compare import sparkline

    count = len(trends.sessions)
    if not trends.trends:
        return Text("No ratings to show yet. They come from the self-assessment at the end of "
                    "a session.", style="dim")
    first, last = trends.sessions[0].date, trends.sessions[-1].date
    scale = visible(", ".join(f"{v} {label}" for v, label in trends.scale_labels))
    parts: list[RenderableType] = [
        Text(f"Ratings from {count} session{'s' if count != 1 else ''}, "
             f"{_short_date(first)} to {_short_date(last)}", style="bold")]
    if scale:
        parts.append(Text(f"Scale: {scale}", style="dim"))
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1), expand=True)
    table.add_column("Characteristic", ratio=1, overflow="fold")
    table.add_column("Over time", no_wrap=True)
    table.add_column("First", justify="right", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    movers = False
    for trend in trends.trends:
        change = trend.change
        style = "green" if change > 0 else "red" if change < 0 else "dim"
        label = Text(visible(trend.label))
        mark = Text(f"{change:+d}" if change else "0", style=style)
        if trend.biggest_mover:
            movers = True
            label.stylize("bold")
            mark = Text("★ ", style="bold") + mark
        table.add_row(label, sparkline(trend.values, trend.scale_low, trend.scale_top, 16),
                      str(trend.first), str(trend.latest), mark)
    parts += [Text(""), table]
    if movers:
        parts += [Text(""), Text("★ the biggest changes from first to latest", style="dim")]
    return Group(*parts)


def _passage_heading(hit: Hit) -> str:
    """What a found passage is: the prompt, and whose words they are."""
    if hit.kind == "answer":
        return hit.label or hit.prompt_id
    if hit.kind == "note":
        return f"{hit.label or hit.prompt_id} (note from {hit.who})"
    if hit.kind == "check-in":
        return f"Check-in: {hit.who}"
    return f"Action for {hit.who}" if hit.who else "Action"


def search_view(results: SearchResults) -> RenderableType:
    """The passages found, newest first, the matching words marked (in [brackets] without
    colour)."""
    from reflect_cli.domain.search import marked
    from reflect_cli.textsafe import visible

    count = len(results.hits)
    words = visible(results.words)
    if not count:
        return Text(f"Nothing found for '{words}'.")
    parts: list[RenderableType] = [Text(
        f"{count} passage{'s' if count != 1 else ''} found for '{words}', newest first. "
        "Matching words are marked.", style="bold")]
    for hit in results.hits:
        parts += [Text(""),
                  _Flow([(f"{_short_date(hit.date)}  {hit.title}", "bold")]),
                  _Flow([(_passage_heading(hit), "dim")], indent=2)]
        pieces: list[tuple[str, str]] = []
        for text, is_match in marked(hit.text, hit.marks):
            pieces.append(("match", text) if is_match else ("plain", text))
        parts.append(_MarkedText(pieces, indent=4))
        parts.append(_Flow([(hit.file, "dim")], indent=4))
    return Group(*parts)


class _MarkedText:
    """A passage with its matching words in reverse video, or [like this] without colour."""

    def __init__(self, pieces: list[tuple[str, str]], indent: int) -> None:
        self.marked = pieces
        self.indent = indent

    def pieces(self, plain: bool) -> list[tuple[str, str]]:
        if plain:
            return [(f"[{text}]" if kind == "match" else text, "") for kind, text in self.marked]
        return [(text, "bold reverse" if kind == "match" else "") for kind, text in self.marked]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _Flow(self.pieces(_plain(console)), self.indent)


def print_report(console: Console, report: RenderableType) -> None:
    """Print a compare, history or trends report.

    Without colour, the report's own wrapped lines are joined and written at once: for a
    report of thousands of lines that takes a fraction of the time of rich's full printing,
    and gives the same text (a test holds them equal).
    """
    if not _plain(console) or not isinstance(report, Group):
        console.print(report)
        return
    from rich.cells import cell_len

    options = console.options
    width = options.max_width
    out: list[str] = []
    for part in report.renderables:
        if isinstance(part, (DiffText, _MarkedText)):
            part = _Flow(part.pieces(True), part.indent)
        if isinstance(part, _Flow):
            out.append(part.plain_text(width))
        elif isinstance(part, Text) and "\n" not in part.plain and cell_len(part.plain) <= width:
            out.append(part.plain.rstrip() + "\n")
        else:
            with console.capture() as captured:
                console.print(part)
            out.append(captured.get())
    console.file.write("".join(out))
    console.file.flush()


def plain_text(renderable: RenderableType, width: int = 80) -> str:
    """What a renderable looks like without colour, as text for a file."""
    import io

    out = SafeConsole(file=io.StringIO(), width=width, color_system=None, highlight=False,
                      emoji=False, markup=False, no_color=True)
    out.print(renderable)
    text: str = out.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.split("\n"))
