"""The first kind of storage: log files in a folder on this computer."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from reflect_cli.errors import BadInputError, LogError, Problem

from . import files
from .base import LOG_SUFFIX, ConflictError, Version

# A file a sync tool keeps in the cloud until it is opened (an "on-demand" file): on Windows
# (OneDrive, Dropbox, Google Drive) one of these attributes (offline, recall on open, recall
# on data access); on macOS (iCloud Drive, the File Provider apps) the "dataless" flag.
_IN_THE_CLOUD_ATTRIBUTES = 0x1000 | 0x40000 | 0x400000
_DATALESS = 0x40000000
#: Why the index does not read such a file (the person's own opening of it brings it down).
NOT_DOWNLOADED = ("is not downloaded to this computer yet (your sync app keeps it online "
                  "until it is opened): reflect show opens it")


def in_the_cloud(st: os.stat_result) -> bool:
    """Is this a file a sync tool has not downloaded yet? (Asking its status never does.)"""
    return bool(getattr(st, "st_file_attributes", 0) & _IN_THE_CLOUD_ATTRIBUTES
                or getattr(st, "st_flags", 0) & _DATALESS)


# The check as each system can make it (a journal of 20,000 logs asks it 20,000 times a
# command: asking Linux for attributes it never has cost a tenth of `reflect list`).
if sys.platform == "win32":
    def _cloud(st: os.stat_result) -> bool:
        return bool(st.st_file_attributes & _IN_THE_CLOUD_ATTRIBUTES)
elif hasattr(os.stat_result, "st_flags"):
    def _cloud(st: os.stat_result) -> bool:
        return bool(st.st_flags & _DATALESS)  # type: ignore[attr-defined]  # (macOS, BSD)
else:
    def _cloud(st: os.stat_result) -> bool:
        return False


def stamp_of(st: os.stat_result) -> Version:
    """A file's version from its status: it changes whenever the file is written, except
    within the resolution of the file system's clock (see index.RACY_NS), and when a sync
    tool downloads a file it had kept in the cloud."""
    # The later of the two times: a copy that keeps the old mtime (cp -p, rsync -t) still
    # changes the ctime, and counts as changed now.
    stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
    if _cloud(st):
        stamp += ":cloud"
    return Version(stamp, max(st.st_mtime_ns, st.st_ctime_ns))


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

    def downloaded(self, name: str) -> bool:
        """False for a file a sync tool keeps in the cloud until it is opened: the index
        leaves it unread (listing a shared folder never brings every file down)."""
        try:
            return not in_the_cloud(self.path(name).stat())
        except OSError:
            return True  # (reading it says what is wrong)

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
