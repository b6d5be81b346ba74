"""What a place that holds logs must do: the interface every kind of storage implements.

A *root* holds log files by name: today a folder on this computer (`folder.FolderRoot`); next a
shared workspace folder or a git repository. The storage layer (`store.Store`) puts one or more
roots behind one interface for the commands, and keeps the index and the drafts, which always
stay on the person's own machine. tests/test_storage_contract.py is the suite any new root must
pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol

from reflect_cli.errors import BadInputError

LOG_SUFFIX = ".md"


class ConflictError(BadInputError):
    """A log changed (or went) since it was read: the change was not made, nothing is lost."""


class Version(NamedTuple):
    """A log file's state when it was read: its stamp (size, times, inode), and its time of
    change, by which the index knows when the stamp alone could miss an edit (the same
    second). A named tuple: a journal of 20,000 logs makes 20,000 of them per command."""

    stamp: str
    mtime_ns: int


class LogRoot(Protocol):
    """A place that holds log files by name."""

    #: A short name for this root, unique in a store ("logs", later "workspace").
    key: str
    #: Where it is, to show people and to find its index.
    location: Path

    def listing(self) -> dict[str, Version]:
        """Every log file's name and version (hidden and temporary files left out)."""
        ...

    def names(self) -> list[str]:
        """Every log file's name, as listing() gives them, without their versions (cheaper)."""
        ...

    def stamp(self) -> Version | None:
        """The root's own version: it changes whenever a log comes, goes or is renamed (not
        when one is edited in place); None when the root cannot tell (then every command
        looks at every log)."""
        ...

    def read(self, name: str) -> bytes:
        """A log's bytes; LogError naming it when it cannot be read."""
        ...

    def version(self, name: str) -> Version | None:
        """The log's version now, or None when it is gone."""
        ...

    def create(self, name: str, text: str) -> None:
        """Write a new log atomically; FileExistsError if the name is taken (never replaced)."""
        ...

    def replace(self, name: str, text: str, expected: Version) -> None:
        """Write over a log atomically, only if it is still at `expected` (ConflictError)."""
        ...

    def remove(self, name: str, expected: Version) -> None:
        """Remove a log, only if it is still at `expected` (ConflictError)."""
        ...

    def path(self, name: str) -> Path:
        """Where a log is, for people and editors."""
        ...

    def tidy(self) -> None:
        """Clear away what killed writes left behind."""
        ...
