"""`reflect edit`: correct an answer, a note or an action in a finished log, safely. The log is
read with its version and written over only if nobody changed it meanwhile (Store.replace); if
someone did, or it cannot be written, the log is left as it was and the correction is kept in a
file, so nothing is lost either way."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reflect_cli.domain import corrections
from reflect_cli.domain.corrections import Target
from reflect_cli.domain.model import Session, clean_text
from reflect_cli.errors import BadInputError, ReflectError
from reflect_cli.storage import ConflictError, Entry, Store, Version
from reflect_cli.terminal import prompting, render


@dataclass
class Corrected:
    """What was done, to tell the person: the log, and lines saying what changed."""

    path: Path | None
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Asked:
    """What to correct and how, given as options (without them, a menu asks)."""

    answer: str | None = None
    note: str | None = None
    action: int | None = None
    to: str | None = None
    remove: bool = False

    @property
    def given(self) -> bool:
        return any(x is not None for x in (self.answer, self.note, self.action))


def correct(store: Store, reference: str, asked: Asked, *, interactive: bool) -> Corrected:
    """Correct one thing in the log `reference` names, and save it over the log."""
    entry = store.resolve(reference)
    if entry.path.is_symlink():
        # Written over, the link would become a copy of the log it points to, in this folder
        # (which may be shared): a private log's words would go where others read them.
        from reflect_cli.textsafe import visible

        raise BadInputError(f"{visible(entry.name)} is a link to a log kept elsewhere, so "
                            "reflect edit leaves it alone",
                            hint="Correct the log where it is kept, with --dir its folder.")
    session, _, version = store.read_with_text(entry)
    if version is None:
        raise BadInputError(f"{entry.path} is not in {store.location}: reflect edit corrects "
                            "the logs kept there", hint="Give --dir the folder it is in.")
    changed = copy.deepcopy(session)
    if asked.given:
        target = corrections.parse_target(changed, answer=asked.answer, note=asked.note,
                                          action=asked.action)
        how = _how(target, asked)
    elif not interactive:
        raise BadInputError("say what to correct: --answer ID, --note ID:N or --action N "
                            "(or run reflect edit in a terminal to pick it from a list)",
                            hint="See what there is with: reflect show " + entry.name)
    else:
        found = corrections.targets(changed)
        if not found:
            return Corrected(None, ["There is nothing written in this session to correct."])
        picked = prompting.choose_correction(changed, found)
        if picked is None:
            return Corrected(None, ["Nothing changed."])
        target, how = picked
    before = corrections.words(changed, target)
    done = _apply(changed, target, how, asked.to)
    if done is None:
        return Corrected(None, ["Nothing changed."])
    kept, said = done
    if interactive and not asked.given and not prompting.confirm(
            "Save this correction to the log?", default=True):
        return Corrected(None, ["Nothing changed."])
    _save(store, entry, changed, version, kept)
    return Corrected(entry.path, [said, "Before, it said: " + " ".join(before.split())])


def _how(target: Target, asked: Asked) -> str:
    if target.kind == "answer" and (asked.remove or asked.to is not None):
        raise BadInputError(f"{target.describe()}: an answer is corrected in your editor; "
                            "--to and --remove are for notes and actions")
    if asked.remove and asked.to is not None:
        raise BadInputError("give --to or --remove, not both")
    return "remove" if asked.remove else "who" if asked.to is not None else "words"


def _apply(session: Session, target: Target, how: str, to: str | None
           ) -> tuple[str, str] | None:
    """Make the correction; (the words to keep if it cannot be saved, what to say), or None
    when nothing changed."""
    before = corrections.words(session, target)
    if how == "remove":
        corrections.remove(session, target)
        return before, f"Removed: {_what(target)}."
    if how == "who":
        return _give(session, target, to)
    edited = prompting.edit_in_editor(before)
    if edited.text is None:
        raise ReflectError(edited.message + " Nothing was changed in the log.")
    if edited.damaged:  # written to the log, the characters lost would be lost for good
        raise BadInputError("the editor saved the text in an encoding other than UTF-8, so "
                            "reflect could not read all of it. Nothing was changed in the log.",
                            hint="Set your editor to save as UTF-8, then run reflect edit "
                                 "again.")
    if edited.message:
        render.warn(edited.message)
    text = clean_text(edited.text)
    if text == clean_text(before):
        return None
    if not text:
        raise BadInputError("the editor came back empty, so nothing was changed"
                            + ("; to take it out of the log, use --remove"
                               if target.kind != "answer" else ""))
    corrections.set_words(session, target, text)
    return text, f"Changed the words of {_what(target)}."


def _give(session: Session, target: Target, to: str | None) -> tuple[str, str] | None:
    meeting = session.meeting
    people = meeting.participants if meeting is not None else []
    if target.kind == "note":
        now = corrections.note(session, target).speaker
        if to is None:
            speaker = prompting.choose_speaker(session, now)
            if speaker is None:
                return None
        else:
            speaker = corrections.find_person(people, to).id
        if speaker == now:
            return None
        corrections.give_note(session, target, speaker)
        name = meeting.name(speaker) if meeting is not None else speaker
        return corrections.words(session, target), f"The note is now from {name}."
    now = corrections.action(session, target).owner
    owner = prompting.ask_owner(session, now) if to is None else to
    if owner is None:
        return None
    from reflect_cli.app.identity import check_name

    owner = check_name(owner, "--to")  # one line: no control characters, not too long
    matched = [p.name for p in people if p.name.lower() == owner.strip().lower()]
    owner = matched[0] if matched else " ".join(owner.split())
    if owner == now:
        return None
    corrections.set_owner(session, target, owner)
    return owner, f"The action is now for {owner or 'nobody yet'}."


def _what(target: Target) -> str:
    return {"answer": f"the answer to {target.prompt_id}",
            "note": f"note {target.index + 1} on {target.prompt_id}",
            "action": f"action {target.index + 1}"}[target.kind]


def _save(store: Store, entry: Entry, session: Session, version: Version, kept: str) -> None:
    """Write over the log if it is as it was read; if not (or if it cannot be written), keep
    the corrected words in a file and say where: the log is left as it was."""
    try:
        store.replace(entry, session, version)
    except ConflictError as error:
        raise ConflictError(error.message, hint=_kept(store, entry, kept)) from None
    except OSError as exc:
        raise ReflectError(f"cannot write {entry.path}: {exc.strerror}; the log is as it was",
                           hint=_kept(store, entry, kept)) from None


def _kept(store: Store, entry: Entry, words: str) -> str:
    """Keep the corrected words in a file beside the drafts; say where (or, if even that
    fails, say the words)."""
    from reflect_cli.storage import files

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        files.private_dir(store.drafts_folder, what="drafts folder")
        for count in range(1, 100):  # two corrections in one second: -2, -3...
            path = store.drafts_folder / (f"{Path(entry.name).stem}-correction-{stamp}"
                                          f"{'' if count == 1 else f'-{count}'}.txt")
            try:
                files.atomic_write(path, words + "\n", overwrite=False)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(str(path))
    except (OSError, ReflectError):
        return "Your correction was not saved; here it is, to copy: " + words
    return (f"Nothing is lost: your correction is kept in {path}. Run reflect edit again to "
            "make it on the log as it is now.")
