"""One error hierarchy: each user-facing error carries its exit code and a plain message."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


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
