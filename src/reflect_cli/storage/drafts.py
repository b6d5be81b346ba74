"""Drafts: unfinished sessions, saved as people answer, kept on this computer only.

A draft is a log file (the same format) in a private folder of the user's data folder, one
folder per logs folder, never in the logs folder itself (which may be shared or synced). A
running session holds a lock on its draft, so a second window does not offer it; the lock goes
when the process does (`kill -9` included).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reflect_cli.domain.model import Session
from reflect_cli.errors import BadInputError, LogError

from . import files, locks
from .base import LOG_SUFFIX

DRAFTS_ENV = "REFLECT_DRAFTS_DIR"
LEGACY_FOLDER = ".drafts"  # where reflect 0.x kept drafts, inside the logs folder
_DAMAGED = ".damaged"
_LOCK = ".lock"


def drafts_home() -> Path:
    """The folder that holds every logs folder's drafts."""
    setting = os.environ.get(DRAFTS_ENV)
    if setting:
        return Path(setting).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reflect", appauthor=False)) / "drafts"


class DraftInUse(BadInputError):
    """The draft is open in another window."""


@dataclass
class Draft:
    """An unfinished session, or why its file cannot be read."""

    path: Path
    session: Session | None
    error: LogError | None = None
    #: The other reflect that has it open now, if any.
    holder: locks.Holder | None = None

    @property
    def modified(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0


class Drafts:
    """The drafts of one logs folder."""

    def __init__(self, folder: Path, reader: Callable[[bytes, str], Session],
                 legacy: Path | None = None) -> None:
        self.folder = folder
        self.reader = reader
        self.legacy = legacy
        self._held: dict[str, locks.FileLock] = {}

    def path(self, session_id: str) -> Path:
        if not session_id or any(c in session_id for c in "/\\:") or session_id in (".", ".."):
            raise BadInputError(f"'{session_id}' cannot name a draft")
        return self.folder / f"{session_id}{LOG_SUFFIX}"

    def _lock_path(self, session_id: str) -> Path:
        return self.folder / f"{session_id}{_LOCK}"

    def _bring_over_legacy(self) -> None:
        """Move drafts an earlier reflect kept inside the logs folder to their private place."""
        if self.legacy is None or not self.legacy.is_dir():
            return
        for old in self.legacy.glob(f"*{LOG_SUFFIX}"):
            target = self.folder / old.name
            with contextlib.suppress(OSError):
                if not target.exists():
                    files.private_dir(self.folder, what="folder for drafts", tighten_existing=True)
                    files.atomic_write(target, files.read_text(old), overwrite=False)
                old.unlink()
        with contextlib.suppress(OSError):
            self.legacy.rmdir()

    def all(self) -> list[Draft]:
        """Every draft, newest first; those that cannot be read carry their error."""
        with contextlib.suppress(LogError, BadInputError):
            self._bring_over_legacy()
        found: list[Draft] = []
        if not self.folder.is_dir():
            return found
        files.clear_leftovers(self.folder)
        for path in self.folder.glob(f"*{LOG_SUFFIX}"):
            try:
                session = self.reader(files.read_bytes(path), str(path))
            except LogError as error:
                found.append(Draft(path, None, error, self._holder(path.stem)))
                continue
            found.append(Draft(path, session, None, self._holder(session.id)))
        found.sort(key=lambda d: d.modified, reverse=True)
        return found

    def _holder(self, session_id: str) -> locks.Holder | None:
        """Another process that has this draft open (by the session's id, which names its
        lock), or None when it is free or ours."""
        if session_id in self._held:
            return None
        with contextlib.suppress(BadInputError):
            return locks.holder(self._lock_path(session_id))
        return None

    def save(self, session: Session, text: str) -> Path:
        """Save the session so far (the text of its log), atomically."""
        files.private_dir(self.folder, what="folder for drafts", tighten_existing=True)
        path = self.path(session.id)
        files.atomic_write(path, text)
        return path

    def lock(self, session_id: str) -> None:
        """Hold the draft for this process; DraftInUse when another window has it."""
        if session_id in self._held:
            return
        files.private_dir(self.folder, what="folder for drafts", tighten_existing=True)
        lock = locks.FileLock(self._lock_path(session_id))
        if not lock.acquire():
            holder = locks.holder(lock.path)
            since = (f" since {holder.since:%d %B %Y %H:%M}" if holder and holder.since
                     else "")
            raise DraftInUse(f"that session is open in another window{since}",
                             hint="Finish or pause it there first.")
        self._held[session_id] = lock

    def release(self, session_id: str) -> None:
        lock = self._held.pop(session_id, None)
        if lock is not None:
            lock.release()

    def remove(self, session_id: str) -> None:
        """Remove a draft: only while holding its lock (DraftInUse when another window has
        it). The lock file stays: removing it could let two windows hold one draft."""
        self.lock(session_id)
        try:
            with contextlib.suppress(FileNotFoundError, PermissionError):
                self.path(session_id).unlink()
        finally:
            self.release(session_id)

    def set_aside(self, draft: Draft) -> Path:
        """Move a draft that cannot be read out of the way (kept, for a person to look at)."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = draft.path.with_name(f"{draft.path.stem}-{stamp}{_DAMAGED}")
        os.replace(draft.path, target)
        return target
