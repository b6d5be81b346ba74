"""Files on the person's own disk: private folders, atomic writes that never overwrite, reading
text, and clearing away reflect's own leftovers.

Every write goes to a temporary file beside its target (`.tmp-*.part`), is flushed to disk, and
is then moved into place, so a file is either whole or absent. A new log never replaces a file:
it claims its name with a hard link (or an exclusive create where the file system has no links).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

from reflect_cli.errors import BadInputError, LogError, Problem

try:  # built into CPython: importing hashlib first loads OpenSSL, 3 ms of every command
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b as _blake2b

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
#: A temporary file older than this was left by a write that was killed: no write takes long.
_STALE_TEMP_SECONDS = 3600


def digest(data: bytes, size: int = 16) -> str:
    """A short fingerprint of some bytes (BLAKE2b, `size` bytes as hex): equal for equal bytes,
    different, in practice, for any others."""
    return _blake2b(data, digest_size=size).hexdigest()


def private_dir(path: Path, *, what: str = "folder", tighten_existing: bool = False) -> Path:
    """Create the folder readable by its owner alone (0700, whatever the umask). An existing
    folder is left as it is (a team's shared folder keeps its group), unless
    `tighten_existing` (a folder that is reflect's alone). BadInputError when it cannot be
    made."""
    existed = path.is_dir()
    try:
        # The folders made on the way (an XDG folder not there yet) are never writable by
        # others, whatever the umask: someone who could would put a folder of their own in
        # place of this one. (mkdir's parents=True gives them 0777 less the umask.)
        for parent in reversed([p for p in path.parents if not p.exists()]):
            with contextlib.suppress(FileExistsError):
                parent.mkdir(mode=0o755)
        path.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:
        raise BadInputError(f"{path} is a file, not a {what}",
                            hint="Give another folder with --dir.") from None
    except OSError as exc:
        raise BadInputError(f"cannot create the {what} {path}: {exc.strerror}",
                            hint="Give another folder with --dir.") from None
    if tighten_existing or not existed:
        tighten(path, 0o700)
    return path


def tighten(path: Path, mode: int) -> None:
    """Make a file or folder of ours no more open than `mode` (nothing to do on Windows)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        st = path.lstat()
        if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & ~mode:
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)


def is_private(path: Path) -> bool:
    """Is this an existing folder or file of ours that nobody else can write to (and not a
    symbolic link)? Always true on Windows, where the user's profile folders are private."""
    try:
        st = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode):
        return False
    if sys.platform == "win32":
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def atomic_write(path: Path, text: str, *, overwrite: bool = True,
                 mode: int | None = 0o600) -> None:
    """Write UTF-8 text so the file is either whole or absent, never half-written.

    With overwrite=False an existing file is never replaced: FileExistsError is raised instead.
    The file is private (0600) unless `mode` says otherwise; None gives it the permissions any
    new file gets (0666 less the umask), for a report made to be shared.
    """
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite, mode=mode)


def _umask() -> int:
    """The process's umask (read by setting it and putting it back at once)."""
    current = os.umask(0o077)
    os.umask(current)
    return current


def _place_new(tmp: str, path: Path) -> None:
    """Move a finished temporary file to `path`, which must not exist (FileExistsError)."""
    try:
        os.link(tmp, path)  # fails if path exists: no overwrite, even in a race
    except FileExistsError:
        raise
    except OSError:
        # Some file systems (FAT and exFAT memory sticks, some network shares) have no hard
        # links: claim the name by creating it exclusively, then put the text in its place.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clear_leftovers(directory: Path, now: float | None = None) -> int:
    """Remove temporary files that a killed write left in the folder; returns how many.
    Only reflect's own (`.tmp-*.part`), and only old ones: a live write is never touched."""
    limit = (now if now is not None else time.time()) - _STALE_TEMP_SECONDS
    removed = 0
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is allowed); LogError with the line when it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LogError([Problem(name, line, "", "is not UTF-8 text")], what=name) from None


def read_bytes(path: Path) -> bytes:
    """A file's bytes; LogError (naming the file) when it cannot be read."""
    name = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LogError([Problem(name, None, "", "no such file")], what=name) from None
    except OSError as exc:
        raise LogError([Problem(name, None, "", f"cannot be opened: {exc.strerror}")],
                       what=name) from None


def read_text(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False,
                       mode: int | None = None) -> None:
    """Write bytes (a Word document, a PDF, or text atomic_write encoded) so the file is
    either whole or absent: never replacing a file unless `overwrite`, with the permissions
    any new file gets (a report made to be shared) unless `mode` says otherwise."""
    directory = path.parent
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
        _fsync_dir(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
