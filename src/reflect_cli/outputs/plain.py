"""Plain text for pipes, files and screens without colour, made without rich (which takes a
good part of a command's time to load): the list of sessions, a log as written, and whether
colour is wanted at all."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reflect_cli.textsafe import visible

if TYPE_CHECKING:
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.model import Session
    from reflect_cli.errors import LogError
    from reflect_cli.storage import Entry

#: A line of styled text: (text, rich style) runs; the styles are dropped without colour.
Line = list[tuple[str, str]]


def write_lines(lines: Sequence[Line], stream: IO[str], room: int | None = None) -> None:
    """Lines without their styles, each folded to `room` columns (at spaces; by default the
    screen's width)."""
    import textwrap

    room = room or width()
    out = []
    for line in lines:
        text = "".join(t for t, _ in line)
        out += textwrap.wrap(text, room, drop_whitespace=False, replace_whitespace=False,
                             break_on_hyphens=False) if len(text) > room else [text]
    stream.write("".join(f"{line.rstrip()}\n" for line in out))


def actions_lines(tracked: Sequence[TrackedAction], *, owner: str | None,
                  include_closed: bool) -> list[Line]:
    """Each action on a line of its own, its details under it: readable on any width."""
    import datetime as dt

    what = "actions" if include_closed else "open actions"
    if not tracked:
        who = f" for '{visible(owner)}'" if owner else ""
        return [[(f"No {what}{who}. Actions are added during sessions, meetings and "
                  "journal entries alike (Ctrl-A while answering).", "")]]
    today = dt.date.today()
    lines: list[Line] = []
    for item in tracked:
        action = item.action
        details: Line = [("  ", ""), (visible(action.owner) if action.owner
                                      else "nobody named yet", "")]
        if action.due and item.is_open and action.due < today:
            details.append((f" · OVERDUE since {action.due:%d %b %Y}", "bold red"))
        elif action.due:
            details.append((f" · by {action.due:%d %b %Y}", ""))
        details.append((f" · agreed {item.date:%d %b %Y} · {visible(item.status)}"
                        + (" · private (only you see it)" if item.private else ""), "dim"))
        lines += [[("• ", ""), (visible(action.text), "bold")], details]
    return lines


def colour_wanted(stream: IO[str]) -> bool:
    """Would rich colour this stream? (A terminal that is not 'dumb', no NO_COLOR; FORCE_COLOR
    forces it.)"""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def summary_lines(session: Session, path: Path) -> list[str]:
    """The end of a session, in plain words: what was saved and where (the path whole, to
    copy)."""
    return ["Session finished",
            f"Saved. {session.answered} answered, {session.skipped} skipped.",
            "Read it again with:", f"  reflect show {visible(path.name)}",
            *(["A paper for a board or a funder, naming only who agreed:", "  reflect report"]
              if session.kind == "meeting" else []),
            "Your log is in:", visible(str(path))]


def report_width() -> int:
    """The width rich gives what it prints on standard output, so that text made without
    rich is the same: the width of the terminal of standard input, output or error (the first
    that is one), COLUMNS over it, else 80; 80 on a 'dumb' terminal."""
    import sys

    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        with contextlib.suppress(AttributeError, ValueError):
            if sys.stdout.isatty():
                return 80
    found = None
    for fd in (0, 1, 2):
        try:
            found = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        found = int(columns)
    return found or 80


def width() -> int:
    """The screen's width in columns (COLUMNS, else the terminal's, else 80)."""
    return shutil.get_terminal_size((80, 24)).columns


def _flat(text: str) -> str:
    """Text from outside on one line, safe to show."""
    return visible(" ".join(text.split()))


#: The widest the "By" column of `reflect list` gets (a longer name is shortened with '…').
BY_WIDTH = 18


def sessions_lines(entries: Sequence[Entry], width: int) -> list[str]:
    """The list of sessions as aligned plain text that fits `width` columns.

    Plain text rather than a rich Table: a partnership's journal grows to hundreds of logs,
    and a Table of a thousand rows takes most of a second to lay out. The title (and, on a
    wide screen, the questions) is shortened with '…' so each session stays on one line; the
    file name is never shortened, as people copy it. When any log records who wrote it, a
    "By" column (after the kind) gives the author's name, shortened past BY_WIDTH.
    """
    rows = []
    # A journal of years repeats the same few kinds, question lists, days, titles, authors
    # and counts: each is made safe to show once (a list of 20,000 logs is made in this loop).
    titles: dict[tuple[str, str], str] = {}
    questions_of: dict[tuple[str, ...], str] = {}
    kinds: dict[str, str] = {}
    days: dict[object, str] = {}
    writers: dict[str, str] = {}
    numbers: dict[int, str] = {}
    for entry in entries:  # all but the numbers and the date come from the logs: made safe
        s = entry.session
        if s is None:
            rows.append(("?", "cannot be read: " + problem_text(entry.error), "", "", "", "",
                         visible(entry.name), ""))
            continue
        kind = f"{s.kind}, {entry.note}" if entry.note else s.kind
        if (shown_title := titles.get((s.title, kind))) is None:
            shown_title = titles[(s.title, kind)] = _flat(s.display_title)
        sections = tuple(s.sections)
        if (questions := questions_of.get(sections)) is None:
            questions = questions_of[sections] = visible(", ".join(sections))
        if (shown_kind := kinds.get(kind)) is None:
            shown_kind = kinds[kind] = visible(kind)
        if (shown_day := days.get(s.date)) is None:
            shown_day = days[s.date] = s.date.isoformat()
        writer = ""
        if s.author is not None and (writer := writers.get(s.author.name, "")) == "":
            writer = writers[s.author.name] = _flat(s.author.name)
        if (answered := numbers.get(entry.answered)) is None:
            answered = numbers[entry.answered] = str(entry.answered)
        if (skipped := numbers.get(entry.skipped)) is None:
            skipped = numbers[entry.skipped] = str(entry.skipped)
        rows.append((shown_day, shown_title, shown_kind, questions, answered, skipped,
                     visible(entry.name), writer))
    header = ("Date", "Title", "Kind", "Questions", "Answered", "Skipped", "File", "By")
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    widths = [max(len(h), max(map(len, column), default=0))
              for h, column in zip(header, columns, strict=True)]
    by = any(r[7] for r in rows)
    shown = [0, 1, 2, 7, 3, 4, 5, 6] if by else [0, 1, 2, 3, 4, 5, 6]
    widths[7] = min(widths[7], BY_WIDTH)
    fixed = sum(widths[i] for i in (0, 2, 4, 5, 6, *((7,) if by else ()))) + 2 * (
        len(shown) - 1)
    room = width - fixed
    if room < 24:
        return _sessions_stacked(rows, width)
    if room < widths[1] + widths[3] and room < 40 + 20:  # no room for the questions too
        shown.remove(3)
        room += 2
    else:
        widths[3] = min(widths[3], max(len(header[3]), room - min(widths[1], room // 2)))
    widths[1] = max(len(header[1]), min(widths[1], room - (widths[3] if 3 in shown else 0)))
    right = {4, 5}

    def line(cells: Sequence[str]) -> str:
        out = []
        for i in shown:
            cell = cells[i]
            if len(cell) > widths[i]:
                cell = cell[: widths[i] - 1] + "…"
            out.append(cell.rjust(widths[i]) if i in right else
                       cell if i == shown[-1] else cell.ljust(widths[i]))
        return "  ".join(out)

    return [line(header), *(line(r) for r in rows)]


def _sessions_stacked(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """For a screen of ordinary width: each session on three short lines (the date and title;
    the kind, counts and questions; the file name, never shortened, to copy)."""
    lines: list[str] = []
    add = lines.append
    room = max(10, width - 12)
    shortened: dict[str, str] = {}  # the few titles and facts of a journal, each cut once
    for date, title, kind, questions, answered, skipped, name, by in rows:
        if len(title) > room:
            if (cut := shortened.get(title)) is None:
                cut = shortened[title] = title[: room - 1] + "…"
            title = cut
        kind = f"{kind} by {by}" if kind and by else kind
        facts = f"{kind} · {answered} answered, {skipped} skipped" if kind else ""
        if questions:
            facts += f" · {questions}"
        if len(facts) > room:
            facts = facts[: room - 1] + "…"
        add(f"{date:<10}  {title}")
        if facts:
            add(f"{'':10}  {facts}")
        add(f"{'':10}  {name}")
    return lines


def problem_text(error: LogError | None) -> str:
    """Why a log cannot be read, without repeating its path (it is shown beside); safe to
    show (the message may quote the log)."""
    if error is None or not error.problems:
        return visible(error.message) if error else "unreadable"
    problem = error.problems[0]
    where = f"line {problem.line}: " if problem.line else ""
    key = f"{problem.key}: " if problem.key else ""
    return visible(f"{where}{key}{problem.message}")


def log_text(text: str, path: Path | None) -> str:
    """A log without colour: its Markdown body as written (no hidden markers), then its file."""
    from reflect_cli.storage.logfile import visible_body

    body = "\n".join(line.rstrip() for line in visible(visible_body(text)).split("\n"))
    return body + (f"\nFile: {visible(str(path))}\n" if path is not None else "")
