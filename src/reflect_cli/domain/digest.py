"""Since the last meeting: what members shared between meetings, by question, to read out or
skip at the start of the next meeting, or to prepare its agenda (`reflect digest`).

Pure: the sessions come in, a Digest goes out. Text stays as it was written; each output
makes it safe to show (textsafe.visible), and shortens it with excerpt() or first_lines(),
which never cut a word without an ellipsis saying there is more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Session, instant, rating_text

#: Said at the end of a text that goes on.
MORE = "…"


@dataclass(frozen=True)
class SharedAnswer:
    """One answer of an entry a member shared: who, when, to which prompt, and what."""

    author: str  # the name as written in the entry ("" when it names nobody)
    organisation: str
    date: dt.date
    file: str
    title: str
    prompt_id: str
    prompt: str  # the prompt as the entry words it
    text: str  # the whole answer as written (a rating in words)


@dataclass(frozen=True)
class DigestQuestion:
    id: str
    title: str
    answers: tuple[SharedAnswer, ...]


@dataclass(frozen=True)
class LastMeeting:
    date: dt.date
    title: str
    file: str


@dataclass(frozen=True)
class Digest:
    """The entries shared since a day or since the last meeting, by question."""

    since: dt.date | None  # --since, when given
    last_meeting: LastMeeting | None  # what "since the last meeting" counts from
    questions: tuple[DigestQuestion, ...]
    entries: int  # how many entries
    people: int  # by how many people

    @property
    def is_empty(self) -> bool:
        return not self.questions


def after_meeting(session: Session, meeting: Session) -> bool:
    """Was this entry written after that meeting: a later day, or the same day, later?"""
    if session.date != meeting.date:
        return session.date > meeting.date
    return instant(session.created) > instant(meeting.created)


def build_digest(shared: Iterable[tuple[str, Session]], *, since: dt.date | None = None,
                 last_meeting: tuple[str, Session] | None = None,
                 order: Sequence[str] = ()) -> Digest:
    """The digest of these shared entries (file name, session): the journal entries among
    them on or after `since`, or else written after `last_meeting` (all, when there is none).
    Questions come in `order` (the framework's), then any others; in each, the entries oldest
    first, and each entry's answers in the order it gave them. Skipped prompts are left out."""
    meeting = last_meeting[1] if last_meeting is not None else None
    chosen = sorted(
        ((name, s) for name, s in shared if s.kind == "journal"
         and (s.date >= since if since is not None else
              meeting is None or after_meeting(s, meeting))),
        key=lambda item: (item[1].date, instant(item[1].created), item[0]))
    by_question: dict[str, list[SharedAnswer]] = {}
    titles: dict[str, str] = {}
    entries = 0
    people: set[str] = set()
    for name, session in chosen:
        given = [a for a in session.answers if not a.skipped]
        if not given:
            continue
        entries += 1
        author = session.author
        people.add(author.id if author is not None else f"?{name}")
        for answer in given:
            section = answer.section or answer.prompt_id.split(".")[0]
            titles.setdefault(section, session.labels.get(section, section))
            text = rating_text(answer) if answer.rating is not None else answer.text
            if answer.notes:  # (a journal has none; a hand-made one may)
                text = "\n\n".join([text, *(n.text for n in answer.notes)]).strip()
            by_question.setdefault(section, []).append(SharedAnswer(
                author=author.name if author is not None else "",
                organisation=author.organisation if author is not None else "",
                date=session.date, file=name, title=session.display_title,
                prompt_id=answer.prompt_id,
                prompt=session.labels.get(answer.prompt_id, answer.prompt_id), text=text))
    rank = {qid: i for i, qid in enumerate(order)}
    ordered = sorted(by_question, key=lambda qid: (rank.get(qid, len(rank)),
                                                   list(by_question).index(qid)))
    questions = tuple(DigestQuestion(qid, titles[qid], tuple(by_question[qid]))
                      for qid in ordered)
    last = None if last_meeting is None else LastMeeting(
        last_meeting[1].date, last_meeting[1].display_title, last_meeting[0])
    return Digest(since, last, questions, entries, len(people))


def excerpt(text: str, words: int) -> tuple[str, bool]:
    """The first `words` words of a text on one line, and whether it goes on (then the text
    ends with '…')."""
    found = text.split()
    if len(found) <= words:
        return " ".join(found), False
    return " ".join(found[:words]) + " " + MORE, True


def first_lines(text: str, width: int, lines: int) -> tuple[list[str], bool]:
    """The text wrapped to `width` columns (paragraphs kept apart by their line breaks), its
    first `lines` lines, and whether it goes on. A text that goes on ends with ' …' on the
    last line shown, after a whole word; a word wider than a line is cut with '…' too."""
    width = max(width, 4)
    out: list[str] = []
    for paragraph in [p for p in text.replace("\r\n", "\n").split("\n") if p.strip()]:
        line = ""
        for word in paragraph.split():
            while len(word) > width:  # a web address, say: cut, and say it goes on
                if line:
                    out.append(line)
                    line = ""
                out.append(word[:width - 1] + MORE)
                word = word[width - 1:]
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= width:
                line = candidate
            else:
                out.append(line)
                line = word
        if line:
            out.append(line)
    if len(out) <= lines:
        return out, False
    shown = out[:lines]
    last = shown[-1]
    # Room for " …" after a whole word: drop words from the end until it fits.
    while last and len(last) + 2 > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:width - 2]
    shown[-1] = f"{last} {MORE}" if last else MORE
    return shown, True


def who(answer: SharedAnswer) -> str:
    """'Priya Shah (Northfield NHS Trust)', as written; 'Someone (no name given)'."""
    name = answer.author or "Someone (no name given)"
    return f"{name} ({answer.organisation})" if answer.organisation else name
