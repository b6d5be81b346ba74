"""The Markdown format: reports to save and share, readable as plain text too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect_cli.domain.model import rating_text
from reflect_cli.outputs.registry import Written
from reflect_cli.textsafe import visible
from reflect_cli.wording import counted

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from reflect_cli.domain.compare import (
        Comparison,
        MeetingChanges,
        PromptChange,
        RatingChange,
        SessionRef,
        Token,
    )
    from reflect_cli.domain.history import History, Trends
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.model import Answer
    from reflect_cli.domain.search import SearchResults
    from reflect_cli.storage import Entry


class MarkdownFormat:
    """Reports as Markdown documents."""

    def comparison(self, report: Comparison, left_out: Sequence[Entry]) -> Written:
        return Written(comparison_markdown(report))

    def history(self, report: History, left_out: Sequence[Entry]) -> Written:
        return Written(history_markdown(report))

    def trends(self, report: Trends, left_out: Sequence[Entry]) -> Written:
        return Written(trends_markdown(report))

    def search(self, report: SearchResults, left_out: Sequence[Entry]) -> Written:
        return Written(search_markdown(report))

    def actions(self, report: Sequence[TrackedAction], left_out: Sequence[Entry], *,
                owner: str | None, include_closed: bool) -> Written:
        return Written(actions_markdown(report, owner=owner, include_closed=include_closed))

    def sessions(self, entries: Sequence[Entry], folder: Path) -> Written:
        return Written(sessions_markdown(entries))


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- compare, history and trends -----------------------------------------------------------------
# Markdown reports mark deleted words ~~like this~~ and added words **like this**. GitHub, GitLab,
# Obsidian and most editors show ~~...~~ struck through; a viewer of plain CommonMark (which has
# no strikethrough) shows the tildes themselves, so deletions stay visible either way. Answers are
# escaped, so nothing a person wrote can pass for a marker or break the report's layout. Compare
# and history reports are otherwise plain CommonMark; the trends report is a table (GitHub's
# table syntax, which a plain CommonMark viewer shows as rows of text between | bars).
_MD_NUMBERED = re.compile(r"(\d{1,9})([.)])")
#: What opens a block when it starts a line: a heading, a quote, a list item, a thematic
#: break or a heading's underline ('---', '==='), a table's delimiter row ('--|--').
_MD_BLOCK_START = re.compile(r"#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)"
                             r"|[-\s]+$|=[=\s]*$|[|:\-\s]*-[|:\-\s]*$")
_MD_LEGEND = "Deleted words are ~~struck through~~ and added words are **bold**."
#: An entity or character reference (&amp; &#38; &#x26;): written as it is, Markdown would
#: show the character it stands for. A '&' that starts none ('A&E') needs no escape.
_MD_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_MD_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _md_needs_escape(text: str, at: int, cell: bool) -> bool:
    """Would the character at `at` be read as Markdown (CommonMark, with GitHub's
    strikethrough and tables) rather than as itself? Only those are escaped, so 'A&E',
    'snake_case' or '5 * 3' read as typed in the Markdown text too. A neighbour beyond the
    text counts as a letter: the text may be put next to a marker."""
    char = text[at]
    before = text[at - 1] if at else "a"
    after = text[at + 1] if at + 1 < len(text) else "a"
    if char == "`":
        return True  # a code span
    if char == "\\":
        return after in _MD_PUNCTUATION or at + 1 == len(text)  # an escape, or a line break
    if char in "*~":
        return not (before.isspace() and after.isspace())  # emphasis, strikethrough
    if char == "_":
        return not ((before.isalnum() and after.isalnum()) or (before.isspace() and
                                                                after.isspace()))
    if char == "<":
        return after.isalpha() or after in "/!?"  # HTML or an autolink
    if char == "&":
        return _MD_ENTITY.match(text, at) is not None
    if char == "]":
        return after in "([:"  # a link, or a link's definition
    if char == "|":
        return cell  # a table's column
    return False


def _md_text(text: str, line_start: bool = False, *, cell: bool = False) -> str:
    """Text for Markdown that reads exactly as written (controls as escapes): only what
    Markdown would take for markup is escaped. `line_start`: the text opens a line (a '#'
    there is a heading, '1.' a list...); `cell`: it is in a table, where '|' is a column."""
    text = visible(text)
    text = "".join("\\" + c if _md_needs_escape(text, i, cell) else c
                   for i, c in enumerate(text))
    return _md_block_safe(text) if line_start else text


def _md_block_safe(line: str) -> str:
    """A line of escaped text that may open with what opens a block ('# ', '1. ', '> '):
    with that escaped."""
    if not line.startswith("\\") and _MD_BLOCK_START.match(line):
        numbered = _MD_NUMBERED.match(line)
        if numbered:
            return f"{numbered.group(1)}\\{numbered.group(2)}{line[numbered.end():]}"
        return "\\" + line
    return line


def _md_lines(tokens: Sequence[Token]) -> list[str]:
    """A diff (or a plain text, as one kept token) as Markdown lines; "" between paragraphs."""
    from reflect_cli.domain.compare import reflow

    lines: list[list[tuple[str, str]]] = [[]]
    for op, text in reflow(tokens):
        for number, piece in enumerate(text.split("\n")):
            if number:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    out: list[str] = []
    for pieces in lines:
        while pieces and not pieces[0][1].strip():
            pieces.pop(0)
        if pieces:
            pieces[0] = (pieces[0][0], pieces[0][1].lstrip())
        line = ""
        previous = ""
        for kind, piece in pieces:
            if kind == "equal" or not piece.strip():
                line += _md_text(piece, line_start=not line)
            else:
                core = piece.strip()
                lead = piece[:len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()):]
                mark = "~~" if kind == "delete" else "**"
                gap = " " if previous == "delete" and kind == "insert" else ""
                line += f"{gap}{lead}{mark}{_md_text(core)}{mark}{trail}"
            previous = kind
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return out


def _md_quote(lines: Sequence[str]) -> list[str]:
    """Lines as a block quote, line breaks kept (a backslash at the end of a line)."""
    out: list[str] = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        out.append(f"> {line}\\" if line and following else (f"> {line}" if line else ">"))
    return out + [""]


def _md_answer(answer: Answer) -> list[str]:
    if answer.skipped:
        return ["*Skipped.*", ""]
    if answer.rating is not None:
        return [_md_text(rating_text(answer)), ""]
    from reflect_cli.domain.compare import answer_text

    return _md_quote(_md_lines([("equal", answer_text(answer))]))


def _md_rating(before: Answer | None, after: Answer | None, change: RatingChange) -> str:
    def side(answer: Answer | None) -> str:
        if answer is None:
            return "not asked"
        return "skipped" if answer.skipped else _md_text(rating_text(answer))

    from reflect_cli.domain.compare import change_text

    delta = change.delta
    size = f", **{change_text(delta)}**" if delta else ""
    moved = f"; {change.disagreement_words}" if change.disagreement_words else ""
    return f"{side(before)} → {side(after)}{size}{moved}"


def _long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def _md_session(ref: SessionRef) -> str:
    """'Thursday 12 March 2026, *Spring review* (meeting), `2026-03-12-spring-review.md`'."""
    file = f", `{visible(ref.file)}`" if ref.file and "`" not in ref.file else ""
    return f"{_long_date(ref.date)}, *{_md_text(_flat(ref.title))}* ({_md_text(ref.kind)}){file}"


def _md_heading(level: int, text: str) -> str:
    words = _md_text(_flat(text))
    closing = re.search(r"(?:^|\s)(#+)$", words)
    if closing:  # '#'s at the end would close the heading and not be shown: keep them
        words = words[:closing.start(1)] + "\\" + words[closing.start(1):]
    return f"{'#' * level} {words}"


def comparison_markdown(comparison: Comparison) -> str:
    """A change report to save and share: both sessions, the counts, then every prompt."""
    from reflect_cli.domain.compare import status_label

    before, after = comparison.before, comparison.after
    counts = ", ".join(f"{n} {status_label(s)}" for s, n in comparison.counts().items() if n)
    days = comparison.days
    apart = "On the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} apart"
    out = [_md_heading(1, f"{before.title} → {after.title}"), "",
           f"- **Before:** {_md_session(before)}", f"- **After:** {_md_session(after)}", "",
           f"{apart}: {counts or 'nothing to compare'}.", "", _MD_LEGEND, ""]
    if comparison.meeting is not None and not comparison.meeting.is_empty:
        out += _md_meeting_changes(comparison.meeting)
    b_date, a_date = _long_date(before.date), _long_date(after.date)
    for question in comparison.questions:
        out += [_md_heading(2, question.label), ""]
        for change in question.prompts:
            out += [_md_heading(3, change.label), ""]
            out += _md_change(change, b_date, a_date)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_meeting_changes(changes: MeetingChanges) -> list[str]:
    def owned(text: str, owner: str) -> str:
        return _md_text(f"{text} ({owner})" if owner else text)

    out = [_md_heading(2, "People and actions"), ""]
    if changes.joined:
        out.append(f"- **Joined:** {_md_text(', '.join(changes.joined))}")
    if changes.left:
        out.append(f"- **Left:** {_md_text(', '.join(changes.left))}")
    out += [f"- **{status.capitalize()}:** {owned(text, owner)}"
            for text, owner, status in changes.reviewed]
    out += [f"- **Not reviewed yet:** {owned(text, owner)}"
            for text, owner in changes.not_reviewed]
    out += [f"- **New action:** {owned(text, owner)}" for text, owner in changes.new]
    return [*out, ""]



def _md_change(change: PromptChange, before_date: str, after_date: str) -> list[str]:
    from reflect_cli.domain.compare import status_label

    before, after, status = change.before, change.after, change.status
    label = f"*{status_label(status).capitalize()}.*"
    if change.rating is not None and (status in ("changed", "newly_answered",
                                                 "no_longer_answered")
                                      or change.rating.disagreement):
        return [f"{label} {_md_rating(before, after, change.rating)}", ""]
    if status == "changed":
        return [label, "", *_md_quote(_md_lines(change.diff))]
    if before is not None and after is not None:
        if status == "unchanged":
            return [label, "", *_md_answer(after)] if not after.skipped else [
                "*Skipped both times.*", ""]
        if status == "newly_answered":
            return [f"{label} Skipped on {before_date}; now:", "", *_md_answer(after)]
        return [f"{label} Skipped on {after_date}; before, it was:", "", *_md_answer(before)]
    if before is None and after is not None:
        asked, date, other = after, after_date, before_date
    elif before is not None:
        asked, date, other = before, before_date, after_date
    else:
        return []
    if asked.skipped:
        return [f"{label} Skipped on {date}; not asked on {other}.", ""]
    return [f"{label} Asked on {date} only (not on {other}):", "", *_md_answer(asked)]


def _md_rating_change(change: RatingChange, answer: Answer) -> str:
    """'4.5 (4–5) → 4 of 5 (Mostly; median, range 3–5), **-0.5**; disagreement grew (range
    4–5 → 3–5)': a history entry's rating against the one before it."""
    from reflect_cli.domain.compare import change_text, point_text

    assert change.before is not None
    delta = change.delta or 0
    moved = f"; {change.disagreement_words}" if change.disagreement_words else ""
    return (f"{point_text(change.before, change.before_group)} → "
            f"{_md_text(rating_text(answer))}, "
            f"{f'**{change_text(delta)}**' if delta else 'no change'}{moved}")


def history_markdown(history: History) -> str:
    """Every answer to a prompt (or each prompt of a question), oldest first, as Markdown."""
    from reflect_cli.domain.history import entry_label

    title = history.label if history.kind == "question" else (
        history.prompts[0].label if history.prompts else history.target)
    out = [_md_heading(1, f"History: {title}"), "", _MD_LEGEND, ""]
    if history.earlier:
        from reflect_cli.domain.history import earlier_words

        out += [f"*The latest sessions only. {earlier_words(history.earlier)}*", ""]
    for prompt in history.prompts:
        if history.kind == "question":
            out += [_md_heading(2, prompt.label), ""]
        out += [f"Prompt `{visible(prompt.prompt_id)}`: {counted(len(prompt.entries), 'answer')}"
                f", changed {counted(prompt.changes, 'time')}.", ""]
        level = 3 if history.kind == "question" else 2
        for entry in prompt.entries:
            out += [_md_heading(level, f"{_long_date(entry.session.date)}: "
                                       f"{entry.session.title}"), ""]
            answer = entry.answer
            status = f"*{entry_label(entry.status, answer.skipped).capitalize()}.*"
            moved = entry.rating is not None and bool(entry.rating.disagreement)
            if (entry.status == "unchanged" and not moved) or (entry.status == "first"
                                                               and answer.skipped):
                out += [status, ""]
            elif entry.status == "changed" and entry.diff:
                out += [status, "", *_md_quote(_md_lines(entry.diff))]
            elif entry.rating is not None and entry.rating.delta is not None and (
                    entry.status == "changed" or entry.rating.disagreement):
                out += [f"{status} {_md_rating_change(entry.rating, answer)}", ""]
            else:
                out += [status, "", *_md_answer(answer)]
    return "\n".join(out).rstrip("\n") + "\n"


def trends_markdown(trends: Trends) -> str:
    """A table of the ratings over time: values, first, latest and change; movers in bold."""
    from reflect_cli.domain.compare import change_text, point_text
    from reflect_cli.domain.history import movers_note, sparkline

    out = ["# Ratings over time", ""]
    if not trends.trends:
        return "\n".join(out + ["No ratings yet.", ""])
    first, last = trends.sessions[0].date, trends.sessions[-1].date
    count = len(trends.sessions)
    out += [f"{count} session{'s' if count != 1 else ''} with ratings, {_long_date(first)} to "
            f"{_long_date(last)}."]
    if trends.earlier:
        from reflect_cli.domain.history import earlier_words

        out += ["", f"*The latest sessions only. {earlier_words(trends.earlier, 'with ratings')}*"]
    if trends.scale_labels:
        out += ["", "Scale: " + ", ".join(f"{v} = {_md_text(label)}"
                                          for v, label in trends.scale_labels) + "."]
    out += ["", "| Characteristic | Over time | Values | First | Latest | Change |",
            "| --- | --- | --- | ---: | ---: | ---: |"]
    for trend in trends.trends:
        values = trend.values
        points = [point_text(p.value, p.group) for p in trend.points]
        shown = ", ".join(points) if len(points) <= 12 else (
            ", ".join(points[:3]) + " … " + ", ".join(points[-3:]))
        change = change_text(trend.change)
        label = _md_text(_flat(trend.label), cell=True)
        if trend.biggest_mover:
            label, change = f"**{label}**", f"**{change}** ★"
        if trend.disagreement:
            change += f"; disagreement {trend.disagreement}"
        oldest, newest = trend.points[0], trend.points[-1]
        out.append(f"| {label} | {sparkline(values, trend.scale_low, trend.scale_top, 24)} | "
                   f"{shown} | {point_text(oldest.value, oldest.group)} | "
                   f"{point_text(newest.value, newest.group)} | {change} |")
    note = movers_note(trends)
    if note:
        out += ["", _md_text(note)]
    return "\n".join(out) + "\n"


def search_markdown(results: SearchResults) -> str:
    """What `reflect search` found, as Markdown: matching words in **bold**."""
    from reflect_cli.domain.search import marked

    count = len(results.hits)
    out = [_md_heading(1, f"Search: {results.words}"), "",
           f"The newest {count} passages found. {results.more_words}" if results.more else
           f"{count} passage{'s' if count != 1 else ''} found, newest first.", ""]
    for hit in results.hits:
        what = hit.label or hit.prompt_id or hit.kind
        if hit.who:
            what += f" ({hit.kind}, {hit.who})"
        out += [_md_heading(2, f"{_long_date(hit.date)}: {hit.title}"), "",
                f"*{_md_text(what)}* · `{hit.file}`", ""]
        lines = "".join(f"**{_md_text(piece)}**" if is_match else _md_text(piece)
                        for piece, is_match in marked(hit.text, hit.marks))
        out += [f"> {_md_block_safe(line)}" if line else ">" for line in lines.split("\n")]
        out.append("")
    return "\n".join(out).rstrip() + "\n"



# -- actions and the list of sessions ------------------------------------------------------------
def actions_markdown(tracked: Sequence[TrackedAction], *, owner: str | None,
                     include_closed: bool) -> str:
    """The actions as a Markdown list, one line each: what, who, by when, agreed, status."""
    import datetime as dt

    what = "Actions" if include_closed else "Open actions"
    out = [_md_heading(1, f"{what} for {owner}" if owner else what), ""]
    if not tracked:
        return "\n".join([*out, f"No {what.lower()}. Actions are added during sessions, "
                                "meetings and journal entries alike.", ""])
    today = dt.date.today()
    for item in tracked:
        action = item.action
        facts = [_md_text(_flat(action.owner)) if action.owner else "nobody named yet"]
        if action.due and item.is_open and action.due < today:
            facts.append(f"**overdue since {_long_date(action.due)}**")
        elif action.due:
            facts.append(f"by {_long_date(action.due)}")
        facts += [f"agreed {_long_date(item.date)}", _md_text(item.status)]
        if item.private:
            facts.append("private (only you see it)")
        out.append(f"- **{_md_text(_flat(action.text))}**: " + " · ".join(facts))
    return "\n".join(out) + "\n"


def sessions_markdown(entries: Sequence[Entry]) -> str:
    """The sessions as a Markdown table, newest first (one that cannot be read says why)."""
    from reflect_cli.outputs.plain import problem_text

    count = len(entries)
    out = ["# Sessions", ""]
    if not entries:
        return "\n".join([*out, "No sessions yet.", ""])
    by = any(e.session is not None and e.session.author is not None for e in entries)
    out += [f"{count} session{'s' if count != 1 else ''}, newest first.", "",
            "| Date | Title | Kind | " + ("By | " if by else "")
            + "Questions | Answered | Skipped | File |",
            "| --- | --- | --- | " + ("--- | " if by else "") + "--- | ---: | ---: | --- |"]
    for entry in entries:
        name = entry.name
        file = _md_text(name, cell=True) if "`" in name or "|" in name else f"`{visible(name)}`"
        s = entry.session
        if s is None:
            cells = ["?", _md_text("cannot be read: " + problem_text(entry.error), cell=True),
                     "", "", "",
                     "", file]
        else:
            kind = f"{s.kind}, {entry.note}" if entry.note else s.kind
            cells = [s.date.isoformat(), _md_text(_flat(s.display_title), cell=True),
                     _md_text(kind, cell=True), _md_text(", ".join(s.sections), cell=True),
                     str(entry.answered), str(entry.skipped),
                     file]
            if by:
                cells.insert(3, _md_text(_flat(s.author.name), cell=True) if s.author else "")
        if by and s is None:
            cells.insert(3, "")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
