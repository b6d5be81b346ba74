"""One error hierarchy: each user-facing error carries its exit code and a plain message."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    FAILURE = 1
    BAD_INPUT = 2
    CANCELLED = 130


class ReflectError(Exception):
    """Base for errors shown to the user as a message, never a traceback (unless --debug)."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class BadInputError(ReflectError):
    """Something the user gave us (a file, an option, an answer) is not usable."""

    exit_code = ExitCode.BAD_INPUT


class Problem:
    """One thing wrong in a file, with where it is."""

    __slots__ = ("path", "line", "key", "message")

    def __init__(self, path: str, line: int | None, key: str, message: str) -> None:
        self.path = path
        self.line = line
        self.key = key
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


#: At most this many problems are listed in one message; the rest are counted.
MAX_LISTED = 20


class FileProblemsError(BadInputError):
    """A file has one or more problems; each names the file, the line and the key. The message
    lists the first MAX_LISTED and counts the rest."""

    def __init__(self, problems: list[Problem], *, what: str, hint: str | None = None) -> None:
        self.problems = problems
        if len(problems) == 1:
            message = str(problems[0])
        else:
            message = f"{len(problems)} problems in {what}:\n" + "\n".join(
                f"  {line}" for line in self.listed())
        super().__init__(message, hint=hint)

    def listed(self) -> list[str]:
        """The problems to show, one a line: the first MAX_LISTED, then how many more."""
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"and {len(self.problems) - MAX_LISTED} more")
        return lines


class Problems:
    """The problems found in one file, collected so that one error lists them all.

    A reader calls `fail(at, key, message)` where it would have raised, carries on with what it
    can still check, and calls `raise_if_any()` at the end. `at` says where the problem is: a
    line number, or anything `locate` turns into one (a YAML node, a key path)."""

    def __init__(self, name: str, error: type[FileProblemsError],
                 locate: Callable[[Any], int | None] | None = None) -> None:
        self.name = name
        self.error = error
        self.found: list[Problem] = []
        self._locate = locate

    def fail(self, at: Any, key: str, message: str) -> None:
        """Record a problem (instead of raising it)."""
        if self._locate is not None and at is not None and not isinstance(at, int):
            line = self._locate(at)
        else:
            line = at if isinstance(at, int) else None
        self.found.append(Problem(self.name, line, key, message))

    def __len__(self) -> int:
        return len(self.found)

    @property
    def listing(self) -> bool:
        """Is a new problem still among those listed (so a did-you-mean hint is worth
        looking for)? Past MAX_LISTED only the count is shown."""
        return len(self.found) < MAX_LISTED

    def error_now(self) -> FileProblemsError:
        """The error listing every problem so far."""
        return self.error(list(self.found), what=self.name)

    def raise_if_any(self) -> None:
        if self.found:
            raise self.error_now()


class FrameworkError(FileProblemsError):
    """A framework file cannot be used."""


class AnswersError(FileProblemsError):
    """An answers file for a scripted session cannot be used."""


class LogError(FileProblemsError):
    """A reflection log cannot be read."""


class NotFoundError(BadInputError):
    """A session, question or prompt the user named does not exist."""


def closest(name: str, known: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The known name most like a mistyped one, if any is close enough."""
    import difflib

    found = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the known name closest to a mistyped one, or ''."""
    close = closest(name, known)
    return f" Did you mean '{close}'?" if close else ""


class ConfigError(FileProblemsError):
    """reflect's own settings file (who you are) cannot be read."""
