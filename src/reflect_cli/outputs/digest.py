"""`reflect digest` in each format: what members shared since the last meeting, by question.
Every word from others goes through textsafe (visible, json_safe); each answer is shortened
to its first lines, never cutting a word without '…' saying there is more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect_cli.domain.digest import Digest, SharedAnswer, excerpt, first_lines, who
from reflect_cli.outputs.json import _dump, _left_out_data
from reflect_cli.textsafe import visible

if TYPE_CHECKING:
    from reflect_cli.storage import Entry

#: How many lines of each answer the terminal shows, and how many words Markdown quotes.
LINES = 4
WORDS = 60


def _day(date: dt.date) -> str:
    return f"{date:%a} {date.day} {date:%b %Y}"


def _flat(text: str) -> str:
    return visible(" ".join(text.split()))


def heading(digest: Digest) -> str:
    """'Shared since the last meeting, Thu 12 Mar 2026 (Spring review)'."""
    if digest.since is not None:
        return f"Shared since {_day(digest.since)}"
    last = digest.last_meeting
    if last is None:
        return "Shared so far (there has been no meeting yet)"
    return f"Shared since the last meeting, {_day(last.date)} ({_flat(last.title)})"


def counts(digest: Digest) -> str:
    """'3 entries by 2 people, on 2 questions.' or 'Nothing was shared.'"""
    if digest.is_empty:
        return "Nothing was shared."
    entries = f"{digest.entries} entr{'y' if digest.entries == 1 else 'ies'}"
    people = f"{digest.people} {'person' if digest.people == 1 else 'people'}"
    questions = len(digest.questions)
    return f"{entries} by {people}, on {questions} question{'s' if questions != 1 else ''}."


def answer_lines(answer: SharedAnswer, width: int, lines: int = LINES) -> list[str]:
    """One shared answer on a screen `width` wide: who and when, the prompt, its first lines
    (indented), '…' when it goes on."""
    out = first_lines(f"{_flat(who(answer))} · {_day(answer.date)}", width - 2, 2)[0]
    out = ["  " + line for line in out]
    out += ["  " + line for line in first_lines(_flat(answer.prompt), width - 2, 2)[0]]
    text, _ = first_lines(visible(answer.text), width - 4, lines)
    return out + ["    " + line for line in text]


def terminal_text(digest: Digest, width: int, left_out: Sequence[Entry] = ()) -> str:
    out = [*first_lines(heading(digest), width, 3)[0], counts(digest)]
    if digest.is_empty:
        out.append("Members share an entry with: reflect share")
    for question in digest.questions:
        out += ["", *first_lines(_flat(question.title), width, 3)[0]]
        for answer in question.answers:
            out += ["", *answer_lines(answer, width)]
    if left_out:
        out += ["", "Left out, because they cannot be read: "
                + ", ".join(visible(e.name) for e in left_out)]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    from reflect_cli.outputs.markdown import _md_text

    return _md_text(text)


def markdown_text(digest: Digest, left_out: Sequence[Entry] = ()) -> str:
    out = [f"# {_md(heading(digest))}", "", _md(counts(digest)), ""]
    for question in digest.questions:
        out += [f"## {_md(' '.join(question.title.split()))}", ""]
        for answer in question.answers:
            words, _ = excerpt(answer.text, WORDS)
            out += [f"- **{_md(' '.join(who(answer).split()))}**, {_day(answer.date)}, on "
                    f"*{_md(' '.join(answer.prompt.split()))}*:", f"  > {_md(words)}"]
        out.append("")
    if left_out:
        out += ["Left out, because they cannot be read: "
                + ", ".join(f"`{visible(e.name)}`" if "`" not in e.name else _md(e.name)
                            for e in left_out), ""]
    return "\n".join(out)


def json_text(digest: Digest, left_out: Sequence[Entry] = ()) -> str:
    last = digest.last_meeting
    data = {
        "report": "digest", "format": 1,
        "since": digest.since.isoformat() if digest.since else None,
        "last_meeting": None if last is None else {
            "date": last.date.isoformat(), "title": last.title, "file": last.file},
        "entries": digest.entries, "people": digest.people,
        "questions": [{"id": q.id, "title": q.title, "answers": [{
            "author": a.author or None, "organisation": a.organisation or None,
            "date": a.date.isoformat(), "file": a.file, "title": a.title,
            "prompt_id": a.prompt_id, "prompt": a.prompt, "text": a.text,
            "excerpt": excerpt(a.text, WORDS)[0]} for a in q.answers]}
            for q in digest.questions],
        "left_out": _left_out_data(left_out),
    }
    return _dump(data)


def render(digest: Digest, format: str, width: int, left_out: Sequence[Entry] = ()) -> str:
    if format == "markdown":
        return markdown_text(digest, left_out)
    if format == "json":
        return json_text(digest, left_out)
    return terminal_text(digest, width, left_out)


def pages(digest: Digest, width: int, height: int) -> list[list[str]]:
    """The digest as screens of at most `height` lines `width` wide, for a meeting to read
    out: each question's title, then each answer (who, when, the prompt, its first lines);
    an answer is never split across two screens, and a screen that goes on with a question
    starts with its title again, '(continued)'."""
    height = max(height, 8)
    out: list[list[str]] = []
    page: list[str] = []
    for question in digest.questions:
        title = first_lines(_flat(question.title), width, 2)[0]
        more = first_lines(f"{_flat(question.title)} (continued)", width, 2)[0]
        # Room for an answer's text on a screen: what its title and heading leave.
        room = max(1, min(LINES, height - len(more) - 5))
        if page:
            page.append("")
        if page and len(page) + len(title) + 6 > height:
            out.append(page[:-1])
            page = []
        page += title
        for answer in question.answers:
            block = ["", *answer_lines(answer, width, room)]
            if len(page) + len(block) > height:
                out.append(page)
                page = [*more]
            page += block
    if page:
        out.append(page)
    return out
