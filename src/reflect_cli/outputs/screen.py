"""The report views of the terminal format, with rich: compare, history, trends, search and
actions, and the console they are printed on. A report is printed through `print_report`, which
writes the wrapped lines at once when there is no colour (the same text, far sooner)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reflect_cli.domain.model import Answer, rating_text
from reflect_cli.outputs.flow import (
    DiffText,
    Flow,
    Lines,
    MarkedText,
    Para,
    Pieces,
    one_cell_each,
)
from reflect_cli.textsafe import visible
from reflect_cli.wording import counted

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from reflect_cli.domain.compare import (
        Comparison,
        MeetingChanges,
        PromptChange,
        RatingChange,
        Status,
    )
    from reflect_cli.domain.history import History, HistoryEntry, Trends
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.search import Hit, SearchResults


_SAFE_CONSOLE: Any = None


def _safe_console() -> Any:
    """SafeConsole, made when first needed (rich is loaded only for a screen with colour)."""
    global _SAFE_CONSOLE
    if _SAFE_CONSOLE is None:
        from rich.console import Console

        class SafeConsole(Console):
            """A rich console where a plain string is only ever text.

            Every string given to it (to print, as a table cell, as a title) becomes a Text
            here, with no rich markup read in it (a name like `[link=...]x[/link]` stays as
            written) and with control and bidi characters shown as `visible` shows them.
            reflect's own strings hold neither, so only text from outside changes. Text
            objects are built by the views below, each with `visible` around what came from
            outside.
            """

            def render_str(self, text: str, **options: Any) -> Text:
                options["markup"] = False
                options["emoji"] = False
                return super().render_str(visible(text), **options)

        _SAFE_CONSOLE = SafeConsole
    return _SAFE_CONSOLE


def __getattr__(name: str) -> Any:
    if name == "SafeConsole":
        return _safe_console()
    raise AttributeError(name)


def console(stderr: bool = False) -> Console:
    """A console for this moment's stdout or stderr (so tests that swap them are honoured)."""
    return _safe_console()(stderr=stderr, highlight=False, emoji=False, markup=False,
                       no_color=bool(os.environ.get("NO_COLOR")) or None)




@dataclass(frozen=True)
class Shown:
    """A report for the terminal: printed on the screen, or its text without colour for a
    file (80 columns wide)."""

    view: RenderableType

    def show(self) -> None:
        print_report(self.view)

    def text(self) -> str:
        return plain_text(self.view)


_STATUS_STYLES = {"changed": "bold yellow", "newly_answered": "bold green",
                  "no_longer_answered": "bold red", "unchanged": "dim",
                  "not_asked_in_one": "dim", "skipped_in_one": "dim", "first": "dim"}
_NOTE = "dim italic"


def actions_view(tracked: Sequence[TrackedAction], *, owner: str | None,
                 include_closed: bool) -> RenderableType:
    """Each action on a line of its own, its details under it: readable on any width."""
    from rich.console import Group
    from rich.text import Text

    from reflect_cli.outputs.plain import actions_lines

    return Group(*(Text.assemble(*line) for line in actions_lines(
        tracked, owner=owner, include_closed=include_closed)))



def _short_date(date: dt.date, pad: bool = False) -> str:
    return f"{date:%a} {date.day:>2} {date:%b %Y}" if pad else f"{date:%a} {date.day} {date:%b %Y}"


def _answer_words(answer: Answer) -> str:
    from reflect_cli.domain.compare import answer_text, reflow_text

    return rating_text(answer) if answer.rating is not None else reflow_text(answer_text(answer))


def _body(*pieces: tuple[str, str]) -> Flow:
    """Lines under a heading, indented."""
    return Flow(pieces, indent=4)


def _heading_row(pieces: Pieces, status: str, label: str | None = None) -> Flow:
    from reflect_cli.domain.compare import status_label

    return Flow(pieces, tag=(label or status_label(status), _STATUS_STYLES[status]))


def _rating_line(before: Answer | None, after: Answer | None, change: RatingChange) -> Flow:
    """'3 of 5 (Partly) → 4 of 5 (Mostly)  +1', the change coloured when colour is on."""
    def side(answer: Answer | None) -> str:
        if answer is None:
            return "not asked"
        return "skipped" if answer.skipped else rating_text(answer)

    return _body((f"{side(before)} → {side(after)}", ""), *_delta(change))


def _delta(change: RatingChange) -> list[tuple[str, str]]:
    from reflect_cli.domain.compare import change_text

    delta = change.delta
    if delta is None:
        return []
    style = "green" if delta > 0 else "red" if delta < 0 else "dim"
    moved = change.disagreement_words
    return [("  ", ""), (change_text(delta) if delta else "no change", style),
            *([(f"\n{moved[0].upper()}{moved[1:]}", "yellow")] if moved else [])]


def _change_body(change: PromptChange, before_date: str, after_date: str) -> RenderableType:
    """What a prompt's answers were and how they changed, for one status."""
    before, after, status = change.before, change.after, change.status
    if change.rating is not None and (status in ("changed", "newly_answered",
                                                 "no_longer_answered")
                                      or change.rating.disagreement):
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
        return Para("")
    if asked.skipped:
        return _body((f"(skipped on {date}; not asked on {other})", _NOTE))
    return _body((prefix + _answer_words(asked), style), (f"\n(not asked on {other})", _NOTE))


def _legend() -> RenderableType:
    return DiffText([("equal", "Deleted words look "), ("delete", "like this"),
                     ("equal", ", added words "), ("insert", "like this"), ("equal", ".")],
                    style="dim")


def _counts_line(counts: Mapping[Status, int]) -> Para:
    from reflect_cli.domain.compare import status_label

    pieces: list[tuple[str, str]] = []
    for status, count in counts.items():
        if not count:
            continue
        if pieces:
            pieces.append((" · ", "dim"))
        pieces.append((f"{count} {status_label(status)}", _STATUS_STYLES[status]))
    if not pieces:
        return Para("nothing to compare", style="dim")
    return Para(*pieces[0], more=pieces[1:])


def comparison_view(comparison: Comparison) -> RenderableType:
    """Two sessions compared prompt by prompt: a header, then each question's prompts."""
    before, after = comparison.before, comparison.after
    days = comparison.days
    apart = "the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} apart"
    parts: list[RenderableType] = [
        Para(visible(f"{before.title} → {after.title}"), style="bold"),
        Para(f"{_short_date(before.date)} → {_short_date(after.date)} · {apart}"),
        Para(f"Before: {visible(before.file)}\nAfter:  {visible(after.file)}", style="dim"),
        _counts_line(comparison.counts()),
        _legend(),
    ]
    counts = comparison.counts()
    if comparison.questions and not any(n for status, n in counts.items()
                                        if status != "not_asked_in_one"):
        parts.append(Para("These two sessions have no prompts in common. To compare answers to "
                          "the same questions, name two sessions, for example: reflect compare "
                          "2026-03-12 latest (reflect list shows them all).", style="yellow"))
    if comparison.meeting is not None and not comparison.meeting.is_empty:
        parts += [Para(""), _meeting_changes_view(comparison.meeting)]
    before_date, after_date = _short_date(before.date), _short_date(after.date)
    for question in comparison.questions:
        parts += [Para(""), Para(visible(question.label), style="bold cyan")]
        for change in question.prompts:
            parts += [Para(""), _heading_row([(change.label, "bold")], change.status),
                      _change_body(change, before_date, after_date)]
    if not comparison.questions:
        parts += [Para(""), Para("No changes to show.", style="dim")]
    return Lines(*parts)


def _meeting_changes_view(changes: MeetingChanges) -> RenderableType:
    """Who joined and left, and how the actions moved on."""
    def owned(text: str, owner: str) -> str:
        return f"{text} ({owner})" if owner else text

    def line(label: str, text: str, style: str = "") -> Flow:
        return Flow([(f"{label}: ", "bold " + style if style else "bold"), (text, style)])

    lines: list[RenderableType] = [Para("People and actions", style="bold cyan")]
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
    return Lines(*lines)


def history_view(history: History) -> RenderableType:
    """Every answer to a prompt (or to each prompt of a question), oldest first. A run of
    answers unchanged since the one before takes one line."""
    from reflect_cli.domain.history import entry_label

    parts: list[RenderableType] = []
    if history.kind == "question":
        parts.append(Para(visible(history.label), style="bold"))
    dates = [e.session.date for p in history.prompts for e in p.entries]
    if dates:
        count = history.sessions
        parts.append(Para(f"{count} session{'s' if count != 1 else ''}, "
                          f"{_short_date(min(dates))} to {_short_date(max(dates))}", style="dim"))
    if history.earlier:
        from reflect_cli.domain.history import earlier_words

        parts.append(Flow([(earlier_words(history.earlier), "dim")]))
    parts.append(_legend())
    for prompt in history.prompts:
        changes = prompt.changes
        parts += [Para(""), Para(visible(prompt.label), style="bold cyan"),
                  Para(f"{visible(prompt.prompt_id)} · changed {counted(changes, 'time')}",
                       style="dim")]
        rows = prompt.entries
        i = 0
        while i < len(rows):
            entry = rows[i]
            end = i
            # (a rating that stayed while people's disagreement grew or shrank is not folded
            # into a run: its line says so)
            while _quiet(entry) and end + 1 < len(rows) and _quiet(rows[end + 1]):
                end += 1
            if end > i:  # a run of unchanged answers: one line
                parts.append(_heading_row(
                    [(f"{_short_date(entry.session.date, True)} to "
                      f"{_short_date(rows[end].session.date, True)}", "bold"),
                     (f"  {end - i + 1} sessions", "")], "unchanged"))
                i = end + 1
                continue
            parts.append(_heading_row([(_short_date(entry.session.date, True), "bold"),
                                       (f"  {entry.session.title}", "")], entry.status,
                                      entry_label(entry.status, entry.answer.skipped)))
            body = _history_body(entry)
            if body is not None:
                parts.append(body)
            i += 1
    return Lines(*parts)


def _quiet(entry: HistoryEntry) -> bool:
    """Nothing to say of this entry but that it is unchanged."""
    return entry.status == "unchanged" and not (entry.rating is not None
                                                and entry.rating.disagreement)


def _history_body(entry: HistoryEntry) -> RenderableType | None:
    answer = entry.answer
    moved = entry.rating is not None and bool(entry.rating.disagreement)
    if (entry.status == "unchanged" and not moved) or (entry.status == "first"
                                                       and answer.skipped):
        return None  # (the heading says it all)
    if answer.skipped:
        return _body(("(skipped)", _NOTE))
    if entry.rating is not None and entry.rating.delta is not None and (
            entry.status == "changed" or entry.rating.disagreement):
        from reflect_cli.domain.compare import point_text

        before = point_text(entry.rating.before or 0, entry.rating.before_group)
        return _body((f"{before} → {rating_text(answer)}", ""), *_delta(entry.rating))
    if entry.status == "changed" and entry.diff:
        return DiffText(entry.diff, indent=4)
    return _body((_answer_words(answer), ""))


_ONE_COLUMN_MARKS = str.maketrans(dict.fromkeys("▁▂▃▄▅▆▇█★", "x"))


class _TrendTable:
    """The trends' table: a row a characteristic (label, sparkline, first, latest, change).
    A rich Table on a screen with colour; without colour, the same columns laid out here as
    rich lays them out (without loading rich)."""

    HEADER = ("Characteristic", "Over time", "First", "Latest", "Change")

    def __init__(self) -> None:
        #: (label, bold, sparkline, first, latest, change, its style, starred)
        self.rows: list[tuple[str, bool, str, str, str, str, str, bool]] = []

    def plain_text(self, width: int) -> str | None:
        """The table as rich prints it without colour, or None when a cell holds characters
        wider (or narrower) than one column each, or the label's column would be too narrow:
        rich is asked then."""
        cells = [(label, spark, first, latest, ("★ " if star else "") + change)
                 for label, _, spark, first, latest, change, _, star in self.rows]
        # (A sparkline's bars and the star take one column each, as rich measures them.)
        if not all(one_cell_each("".join(row).translate(_ONE_COLUMN_MARKS))
                   and "\n" not in row[0] and "  " not in row[0] for row in cells):
            return None
        widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in
                  enumerate(self.HEADER)][1:]
        room = width - sum(widths) - 2 * len(widths)
        if room < self.NARROW:
            lines = [line for line, _ in self._stacked(width)]
            return None if any(len(line) > width for line in lines) else "".join(
                f"{line}\n" for line in lines)
        if room < len(self.HEADER[0]) or room < max(
                (len(w) for row in cells for w in row[0].split()), default=0):
            return None
        out: list[str] = []
        for row in [self.HEADER, *cells]:
            label_lines = _fold(row[0], room)
            rest = "  ".join(cell.rjust(w) if i else cell.ljust(w)
                             for i, (cell, w) in enumerate(zip(row[1:], widths, strict=True)))
            out.append(f"{label_lines[0].ljust(room)}  {rest}\n")
            blank = " " * (width - room)
            out += [f"{line.ljust(room)}{blank}\n" for line in label_lines[1:]]
        return "".join(out)

    #: Narrower than this, the characteristic's column would cut its words in pieces
    #: ('Character' / 'istic', 'partnersh' / 'ip' on a 60-column screen): each one's name
    #: goes on a line of its own instead, its ratings on the line under it.
    NARROW = 20

    def _widths(self, measure: Any = len) -> list[int]:
        """The widths of the columns after the label: over time, first, latest, change."""
        cells = [(spark, first, latest, ("★ " if star else "") + change)
                 for _, _, spark, first, latest, change, _, star in self.rows]
        return [max(measure(h), *(measure(row[i]) for row in cells))
                for i, h in enumerate(self.HEADER[1:])]

    def _stacked(self, width: int, measure: Any = len) -> list[tuple[str, list[tuple[str, str]]]]:
        """The narrow layout: the columns' heads, then for each characteristic its name
        (folded at spaces) and, indented under it, its ratings. Each line as text and as
        its styled runs."""
        widths = self._widths(measure)

        def row(cells: Sequence[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
            runs: list[tuple[str, str]] = [("  ", "")]
            for i, ((cell, style), w) in enumerate(zip(cells, widths, strict=True)):
                pad = " " * (w - measure(cell))
                runs += [("  ", "")] if i else []
                runs += [(cell, style), (pad, "")] if i == 0 else [(pad, ""), (cell, style)]
            text = "".join(t for t, _ in runs).rstrip()
            return text, runs

        lines = [row([(h, "bold") for h in self.HEADER[1:]])]
        for label, bold, spark, first, latest, change, style, star in self.rows:
            for line in _fold(label, width):
                lines.append((line, [(line, "bold" if bold else "")]))
            mark = ("★ " if star else "") + change
            lines.append(row([(spark, ""), (first, ""), (latest, ""), (mark, style)]))
        return lines

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.table import Table
        from rich.text import Text

        widths = self._widths(cell_len)
        if options.max_width - sum(widths) - 2 * len(widths) < self.NARROW:
            for _, runs in self._stacked(options.max_width, cell_len):
                line = Text.assemble(*runs)
                line.rstrip()
                yield line
            return
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1), expand=True)
        table.add_column("Characteristic", ratio=1, overflow="fold")
        table.add_column("Over time", no_wrap=True)
        table.add_column("First", justify="right", no_wrap=True)
        table.add_column("Latest", justify="right", no_wrap=True)
        table.add_column("Change", justify="right", no_wrap=True)
        for label, bold, spark, first, latest, change, style, star in self.rows:
            shown = Text(label, style="bold" if bold else "")
            mark = Text(change, style=style)
            if star:
                mark = Text("★ ", style="bold") + mark
            table.add_row(shown, spark, first, latest, mark)
        yield table


def _fold(text: str, room: int) -> list[str]:
    """Words onto lines of at most `room` columns, as rich folds a table cell."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def trends_view(trends: Trends) -> RenderableType:
    """A row per rated prompt: a sparkline of its values, first, latest and change."""
    from reflect_cli.domain.compare import change_text, point_text
    from reflect_cli.domain.history import movers_note, sparkline

    count = len(trends.sessions)
    if not trends.trends:
        return Para("No ratings to show yet. They come from the self-assessment at the end of "
                    "a session.", style="dim")
    first, last = trends.sessions[0].date, trends.sessions[-1].date
    scale = visible(", ".join(f"{v} {label}" for v, label in trends.scale_labels))
    parts: list[RenderableType] = [
        Para(f"Ratings from {count} session{'s' if count != 1 else ''}, "
             f"{_short_date(first)} to {_short_date(last)}", style="bold")]
    if trends.earlier:
        from reflect_cli.domain.history import earlier_words

        parts.append(Flow([(earlier_words(trends.earlier, "with ratings"), "dim")]))
    if scale:
        parts.append(Para(f"Scale: {scale}", style="dim"))
    table = _TrendTable()
    for trend in trends.trends:
        change = trend.change
        style = "green" if change > 0 else "red" if change < 0 else "dim"
        oldest, newest = trend.points[0], trend.points[-1]
        table.rows.append((visible(trend.label), trend.biggest_mover,
                           sparkline(trend.values, trend.scale_low, trend.scale_top, 16),
                           point_text(oldest.value, oldest.group),
                           point_text(newest.value, newest.group), change_text(change), style,
                           trend.biggest_mover))
    parts += [Para(""), table]
    moved = [(t.label, t.disagreement_words) for t in trends.trends if t.disagreement]
    if moved:
        parts.append(Para(""))
        parts += [Flow([(visible(f"{' '.join(label.split())}: {words}"), "yellow")])
                  for label, words in moved]
    note = movers_note(trends)
    if note:
        parts += [Para(""), Flow([(note, "dim")])]
    return Lines(*parts)


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
        return Para(f"Nothing found for '{words}'.")
    found = (f"The newest {count} passages found for '{words}'" if results.more else
             f"{count} passage{'s' if count != 1 else ''} found for '{words}', newest first")
    parts: list[RenderableType] = [Para(f"{found}. Matching words are marked.", style="bold")]
    for hit in results.hits:
        parts += [Para(""),
                  Flow([(f"{_short_date(hit.date)}  {hit.title}", "bold")]),
                  Flow([(_passage_heading(hit), "dim")], indent=2)]
        pieces: list[tuple[str, str]] = []
        for text, is_match in marked(hit.text, hit.marks):
            pieces.append(("match", text) if is_match else ("plain", text))
        parts.append(MarkedText(pieces, indent=4))
        parts.append(Flow([(hit.file, "dim")], indent=4))
    if results.more:
        parts += [Para(""), Flow([(results.more_words, "bold")])]
    return Lines(*parts)



def print_report(report: RenderableType) -> None:
    """Print a compare, history, trends or search report on standard output.

    Without colour, the report's own wrapped lines are joined and written at once, without
    loading rich: for a report of thousands of lines that takes a fraction of the time of
    rich's full printing, and gives the same text (a test holds them equal). On Windows rich
    always prints (its old consoles take one column less).
    """
    import sys

    from reflect_cli.outputs.plain import colour_wanted, report_width

    if (isinstance(report, Lines) and not colour_wanted(sys.stdout)
            and sys.platform != "win32"):
        sys.stdout.write(plain_report(report, report_width()))
        sys.stdout.flush()
        return
    console().print(report)


def plain_report(report: Lines, width: int) -> str:
    """A report's text without colour, `width` columns wide: each part's own lines, or (for
    a part with characters of other widths) as rich prints it."""
    out: list[str] = []
    for part in report.renderables:
        if isinstance(part, (DiffText, MarkedText)):
            part = Flow(part.pieces(True), part.indent)
        if isinstance(part, Lines):
            text: str | None = plain_report(part, width)
        else:
            text = part.plain_text(width) if isinstance(part, (Flow, Para, _TrendTable)) else None
        if text is None:
            text = _printed(part, width)
        out.append(text)
    return "".join(out)


def _printed(renderable: Any, width: int) -> str:
    """What rich prints of a renderable without colour, `width` columns wide."""
    import io

    out = _safe_console()(file=io.StringIO(), width=width, color_system=None, highlight=False,
                          emoji=False, markup=False, no_color=True)
    out.print(renderable)
    return str(out.file.getvalue())


def plain_text(renderable: RenderableType, width: int = 80) -> str:
    """What a renderable looks like without colour, as text for a file."""
    import io

    out = _safe_console()(file=io.StringIO(), width=width, color_system=None, highlight=False,
                          emoji=False, markup=False, no_color=True)
    out.print(renderable)
    text: str = out.file.getvalue()
    return "\n".join(line.rstrip() for line in text.split("\n"))
