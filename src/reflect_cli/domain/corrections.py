"""Correcting a finished session: what can be corrected (a written answer, a note from one
person, an action), and the corrections themselves, on the session in memory. Saving it is the
storage layer's (Store.replace, only over the log as it was read)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from reflect_cli.errors import BadInputError, NotFoundError

from .meeting import Action, Participant, person_id
from .model import Answer, Note, Session, clean_text

TargetKind = Literal["answer", "note", "action"]


@dataclass(frozen=True)
class Target:
    """One thing in a session that can be corrected: an answer (by prompt id), the n-th note
    on a prompt (0-based), or the n-th action (0-based)."""

    kind: TargetKind
    prompt_id: str = ""
    index: int = 0

    def describe(self) -> str:
        """How it is named in --answer, --note and --action."""
        if self.kind == "answer":
            return f"--answer {self.prompt_id}"
        if self.kind == "note":
            return f"--note {self.prompt_id}:{self.index + 1}"
        return f"--action {self.index + 1}"


def targets(session: Session) -> list[Target]:
    """What can be corrected, in the order of the log: each written answer (skipped ones too,
    to write them now) and its notes, then the actions."""
    found: list[Target] = []
    for answer in session.answers:
        if answer.rating is None:
            found.append(Target("answer", answer.prompt_id))
        found += [Target("note", answer.prompt_id, i) for i in range(len(answer.notes))]
    if session.meeting is not None:
        found += [Target("action", index=i) for i in range(len(session.meeting.actions))]
    return found


def words(session: Session, target: Target) -> str:
    """The words of what is corrected, as they are now."""
    if target.kind == "action":
        return _action(session, target).text
    answer = session.answer(target.prompt_id)
    assert answer is not None
    return answer.notes[target.index].text if target.kind == "note" else answer.text


def note(session: Session, target: Target) -> Note:
    answer = session.answer(target.prompt_id)
    assert answer is not None
    assert target.kind == "note"
    return answer.notes[target.index]


def _action(session: Session, target: Target) -> Action:
    assert session.meeting is not None
    assert target.kind == "action"
    return session.meeting.actions[target.index]


def action(session: Session, target: Target) -> Action:
    return _action(session, target)


def parse_target(session: Session, *, answer: str | None = None, note: str | None = None,
                 action: int | None = None) -> Target:
    """The target named by --answer ID, --note ID:N or --action N, or a message saying what
    this session holds instead."""
    named = [x for x in (answer, note, action) if x is not None]
    if len(named) != 1:
        raise BadInputError("say one thing to correct: --answer ID, --note ID:N or --action N")
    if answer is not None:
        found = session.answer(answer)
        written = [t.prompt_id for t in targets(session) if t.kind == "answer"]
        if found is None or found.rating is not None:
            what = "a rating, not a written answer" if found is not None else "not in it"
            raise NotFoundError(f"--answer {answer}: that prompt is {what}",
                                hint=_listing("Written answers in this session", written))
        return Target("answer", answer)
    if note is not None:
        prompt_id, _, number = note.rpartition(":")
        notes = [t.describe().split(" ", 1)[1] for t in targets(session) if t.kind == "note"]
        if not prompt_id or not number.isdecimal():
            raise BadInputError(f"--note {note}: write the prompt and the note's number, like "
                                f"{notes[0] if notes else 'purpose.impact:1'}")
        target = Target("note", prompt_id, int(number) - 1)
        if target not in targets(session):
            raise NotFoundError(f"--note {note}: there is no such note in this session",
                                hint=_listing("Notes in this session", notes))
        return target
    assert action is not None
    count = len(session.meeting.actions) if session.meeting is not None else 0
    if not 1 <= action <= count:
        raise NotFoundError(f"--action {action}: this session has "
                            f"{count or 'no'} action{'' if count == 1 else 's'}",
                            hint=f"Give a number from 1 to {count}." if count else None)
    return Target("action", index=action - 1)


def _listing(what: str, items: list[str]) -> str:
    if not items:
        return f"{what}: none."
    shown = ", ".join(items[:8]) + (" ..." if len(items) > 8 else "")
    return f"{what}: {shown}"


def find_person(people: list[Participant], name: str) -> Participant:
    """A person at the meeting from how someone wrote them: the whole name (any case), or
    the start of one name only they have."""
    wanted = " ".join(name.split()).lower()
    exact = [p for p in people if p.name.lower() == wanted or p.id == person_id(name)]
    starts = [p for p in people if p.name.lower().startswith(wanted)] if wanted else []
    found = exact or starts
    if len(found) == 1:
        return found[0]
    names = ", ".join(p.name for p in people) or "nobody is recorded"
    what = "more than one person" if found else "nobody"
    raise NotFoundError(f"'{name}' names {what} at this meeting",
                        hint=f"The people at it: {names}.")


def set_words(session: Session, target: Target, text: str) -> None:
    """Put new words in the answer, note or action (lines as they are written: a log's
    answer holds lines wrapped by hand, and they stay as they were)."""
    text = clean_text(text)
    if target.kind == "action":
        _set_action(session, target, replace(_action(session, target), text=text))
        return
    answer = session.answer(target.prompt_id)
    assert answer is not None
    if target.kind == "note":
        notes = list(answer.notes)
        notes[target.index] = replace(notes[target.index], text=text)
        changed = replace(answer, notes=tuple(notes))
    else:
        changed = replace(answer, text=text)
    _set_answer(session, changed)


def give_note(session: Session, target: Target, speaker: str) -> None:
    """The note is someone else's words (person id)."""
    answer = session.answer(target.prompt_id)
    assert answer is not None
    notes = list(answer.notes)
    notes[target.index] = Note(speaker, notes[target.index].text)
    _set_answer(session, replace(answer, notes=tuple(notes)))


def set_owner(session: Session, target: Target, owner: str) -> None:
    _set_action(session, target, replace(_action(session, target), owner=owner))


def remove(session: Session, target: Target) -> None:
    """Take the note or the action out of the session (an answer is not removed)."""
    if target.kind == "action":
        assert session.meeting is not None
        del session.meeting.actions[target.index]
        return
    answer = session.answer(target.prompt_id)
    assert answer is not None
    assert target.kind == "note"
    notes = list(answer.notes)
    del notes[target.index]
    _set_answer(session, replace(answer, notes=tuple(notes)))


def _set_answer(session: Session, changed: Answer) -> None:
    session.answers[:] = [changed if a.prompt_id == changed.prompt_id else a
                          for a in session.answers]


def _set_action(session: Session, target: Target, changed: Action) -> None:
    assert session.meeting is not None
    session.meeting.actions[target.index] = changed
