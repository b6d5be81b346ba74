"""A lock held by a running reflect, released by the system when that process ends (even by
`kill -9` or a crash), so a lock is never left behind.

It is an operating-system lock on a small file: `flock` on Linux and macOS, `msvcrt.locking`
on Windows. The file also says who holds it (process id, since when), for the message shown to
whoever finds it taken. Locks only work between processes on one machine: drafts and the index,
which they guard, never leave it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

_WINDOWS_BYTE = 1 << 20  # Windows locks a byte range: one far past the text about the holder


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: a process, and since when."""

    pid: int
    since: dt.datetime | None


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_BYTE)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_BYTE)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class FileLock:
    """An exclusive lock on `path` for as long as it is held (or the process lives)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process does."""
        if self._handle is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        if not _try_lock(handle):
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        now = dt.datetime.now().astimezone().replace(microsecond=0)
        handle.write(json.dumps({"pid": os.getpid(), "since": now.isoformat()}))
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        """Let go of the lock (its file stays: removing it could race with a new holder)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        _unlock(handle)
        handle.close()

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def holder(path: Path) -> Holder | None:
    """The process holding the lock at `path`, or None when nobody does (a lock file left by
    a process that has ended is not held)."""
    try:
        if not path.exists():
            return None
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    handle = os.fdopen(fd, "r+", encoding="utf-8", errors="replace")
    try:
        if _try_lock(handle):
            _unlock(handle)
            return None
        handle.seek(0)
        try:
            data = json.loads(handle.read(4096) or "{}")
            since = dt.datetime.fromisoformat(str(data.get("since")))
            return Holder(int(data.get("pid") or 0), since)
        except (ValueError, TypeError, AttributeError):
            return Holder(0, None)
    finally:
        handle.close()
