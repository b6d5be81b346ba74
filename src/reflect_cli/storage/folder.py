"""The first kind of storage: log files in a folder on this computer."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from reflect_cli.errors import BadInputError, LogError, Problem

from . import files
from .base import LOG_SUFFIX, ConflictError, Version


def stamp_of(st: os.stat_result) -> Version:
    """A file's version from its status: it changes whenever the file is written, except
    within the resolution of the file system's clock (see index.RACY_NS)."""
    # The later of the two times: a copy that keeps the old mtime (cp -p, rsync -t) still
    # changes the ctime, and counts as changed now.
    return Version(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}",
                   max(st.st_mtime_ns, st.st_ctime_ns))


def is_log_name(name: str) -> bool:
    return name.endswith(LOG_SUFFIX) and not name.startswith(".")


class FolderRoot:
    """Logs as Markdown files in one folder (created 0700 when first written to)."""

    def __init__(self, location: Path, key: str = "logs") -> None:
        self.location = location
        self.key = key

    def listing(self) -> dict[str, Version]:
        found: dict[str, Version] = {}
        try:
            entries = os.scandir(self.location)
        except FileNotFoundError:
            return found
        except NotADirectoryError:
            raise BadInputError(f"{self.location} is a file, not a folder of logs",
                                hint="Give another folder with --dir.") from None
        except OSError as exc:
            raise BadInputError(f"cannot read the folder {self.location}: {exc.strerror}",
                                hint="Check that it is yours, or give another with --dir."
                                ) from None
        with entries:  # (written out: a journal of 20,000 logs is looked at by every command)
            for entry in entries:
                name = entry.name
                if name[0] == "." or not name.endswith(LOG_SUFFIX):
                    continue
                try:
                    if entry.is_file():
                        found[name] = stamp_of(entry.stat())
                except OSError:
                    continue
        return found

    def names(self) -> list[str]:
        """The logs' names alone (no status asked of the system for each)."""
        try:
            with os.scandir(self.location) as entries:
                return [entry.name for entry in entries if entry.name[0] != "."
                        and entry.name.endswith(LOG_SUFFIX) and entry.is_file()]
        except FileNotFoundError:
            return []
        except OSError:
            return list(self.listing())  # says what is wrong, as a full look does

    def stamp(self) -> Version | None:
        # A folder's times change whenever a file in it is created, removed or renamed: the
        # atomic writes of reflect, editors and sync tools included.
        try:
            st = os.stat(self.location)
        except FileNotFoundError:
            return Version("missing", 0)
        except OSError:
            return None
        return Version(f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}",
                       max(st.st_mtime_ns, st.st_ctime_ns))

    def path(self, name: str) -> Path:
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            raise LogError([Problem(name, None, "", "is not a log file name")], what=name)
        return self.location / name

    def read(self, name: str) -> bytes:
        return files.read_bytes(self.path(name))

    def version(self, name: str) -> Version | None:
        try:
            return stamp_of(self.path(name).stat())
        except OSError:
            return None

    def create(self, name: str, text: str) -> None:
        files.private_dir(self.location, what="folder for logs")
        files.atomic_write(self.path(name), text, overwrite=False)

    def _check(self, name: str, expected: Version) -> None:
        now = self.version(name)
        if now is None or now.stamp != expected.stamp:
            raise ConflictError(
                f"{self.path(name)} has {'gone' if now is None else 'changed'} since it was "
                "read, so it was left as it is",
                hint="Run the command again to work on it as it is now.")

    def replace(self, name: str, text: str, expected: Version) -> None:
        self._check(name, expected)
        files.atomic_write(self.path(name), text, overwrite=True)

    def remove(self, name: str, expected: Version) -> None:
        self._check(name, expected)
        with contextlib.suppress(FileNotFoundError):
            self.path(name).unlink()

    def tidy(self) -> None:
        files.clear_leftovers(self.location)
