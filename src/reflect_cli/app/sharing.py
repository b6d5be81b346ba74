"""Sharing a journal entry with the partnership, and taking it back (`reflect share`,
`reflect unshare`, the question at the end of a journal session); an entry as one file to
send by e-mail (`reflect share -o FILE`), and bringing such files in (`reflect import`).

An e-mailed entry is the log file itself, with its author: `import` writes it exactly as it
came (nothing is lost, not even front-matter keys this reflect does not know), after checking
that it reads as a log. A file from someone else is untrusted: every name and title said about
it is made safe to show by the caller's `visible` (the messages here already are)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reflect_cli.errors import BadInputError
from reflect_cli.textsafe import visible

if TYPE_CHECKING:
    from reflect_cli.domain.model import Author, Session
    from reflect_cli.storage import Entry, Store


def _say_who_first() -> BadInputError:
    return BadInputError("say who you are first, so the partnership knows whose entry it is",
                         hint="reflect config --name NAME --organisation ORG --sector SECTOR")


def share_entry(store: Store, entry: Entry, me: Author | None) -> tuple[Session, Path]:
    """Move one of this person's journal entries (in the store's private folder) to its
    workspace, with its author (the one it records, else `me`); the session and where it
    went. The text moves as it is when it records its author already."""
    read, _, version = store.read_with_text(entry)
    if read.kind == "meeting":
        raise BadInputError(f"{visible(entry.name)} is a meeting: meetings are the "
                            "partnership's already",
                            hint="Share a journal entry (reflect list shows which are private).")
    if version is None:
        raise BadInputError(f"{visible(entry.name)} has gone since it was found")
    if read.author is None and me is None:
        raise _say_who_first()
    signed = None if read.author is not None else replace(read, author=me)
    return read, store.move(entry, "workspace", version, signed)


def share_written(store: Store, session: Session, me: Author | None) -> Path:
    """Share the entry a session has just written (found by its id)."""
    entry = store.find_id(session.id)
    if entry is None or entry.root != "logs":
        raise BadInputError(f"\"{visible(session.display_title)}\" is not among your own "
                            "entries, so it cannot be shared from here")
    return share_entry(store, entry, me)[1]


def unshare_entry(store: Store, entry: Entry) -> tuple[Session, Path]:
    """Move an entry back from the workspace to this person's own folder."""
    read, _, version = store.read_with_text(entry)
    if read.kind == "meeting":
        raise BadInputError(f"{visible(entry.name)} is a meeting: meetings stay with the "
                            "partnership")
    if version is None:
        raise BadInputError(f"{visible(entry.name)} has gone since it was found")
    return read, store.move(entry, "logs", version)


def entry_to_send(store: Store, entry: Entry, me: Author | None) -> tuple[Session, str]:
    """A session's log as one file to send by e-mail: its text as it is, with its author
    (added, as `me`, when it records none: an entry nobody signed cannot be brought in as
    someone's)."""
    read, text, _ = store.read_with_text(entry)
    if read.author is not None:
        return read, text
    if me is None:
        raise _say_who_first()
    from reflect_cli.storage.logfile import render_log

    return read, render_log(replace(read, author=me))


@dataclass
class Imported:
    """What `reflect import` did with each file (names and titles already safe to show)."""

    #: (file given, session, where it is now)
    written: list[tuple[str, Session, Path]] = field(default_factory=list)
    #: (file given, the log already holding that session)
    already: list[tuple[str, str]] = field(default_factory=list)
    #: (file given, why it cannot be brought in)
    refused: list[tuple[str, str]] = field(default_factory=list)


def import_logs(paths: Sequence[Path], everything: Store, target: Store) -> Imported:
    """Bring log files (e-mailed entries and meetings) into `target`'s main folder (the
    workspace's, or the personal folder without one), each exactly as it came. A file that
    is not a readable log (damaged, too large, not a file) is named and left out; one whose
    session is in `everything` already (the workspace or this person's own folder) is said,
    not written twice."""
    from reflect_cli.errors import LogError
    from reflect_cli.inputs.yamlfiles import read_file_bytes
    from reflect_cli.storage import files
    from reflect_cli.storage.store import read_session

    done = Imported()
    for path in paths:
        shown = visible(str(path))
        try:
            data = read_file_bytes(path, LogError, "file")
            session = read_session(data, str(path))
            text = files.decode(data, str(path))
        except LogError as error:
            done.refused.append((shown, visible(_reason(error.message, str(path)))))
            continue
        found = everything.find_id(session.id) or target.find_id(session.id)
        if found is not None:
            done.already.append((shown, visible(found.name)))
            continue
        done.written.append((shown, session, target.add(session, text)))
    return done


def _reason(message: str, name: str) -> str:
    """Why a file cannot be read, without its name in front ('line 2: not valid YAML')."""
    import re

    rest = message.removeprefix(f"{name}:").strip()
    line = re.match(r"(\d+): (.*)", rest, re.DOTALL)
    return f"line {line.group(1)}: {line.group(2)}" if line else rest
