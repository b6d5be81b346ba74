"""The output formats, found by name: each is one module with a class that has every method of
`Format`, one for each report. A command loads only the format it prints (and so only what
that format imports: `--format json` never loads rich).

To add a format: write outputs/<name>.py with a class that has each method of `Format` (each
returning an `Output`), and add its line to FORMATS. Every report command then takes it as
`--format <name>`, and tests/test_outputs.py checks that it has every method.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from pathlib import Path

    from reflect_cli.domain.compare import Comparison
    from reflect_cli.domain.history import History, Trends
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.search import SearchResults
    from reflect_cli.storage import Entry

#: name: (module:class, the words --format's help says of it). The first is the default.
FORMATS: dict[str, tuple[str, str]] = {
    "terminal": ("reflect_cli.outputs.terminal:TerminalFormat", "default"),
    "markdown": ("reflect_cli.outputs.markdown:MarkdownFormat", "a report to save and share"),
    "json": ("reflect_cli.outputs.json:JsonFormat", "for other tools"),
}
DEFAULT = next(iter(FORMATS))


@runtime_checkable
class Output(Protocol):
    """A report made by a format: shown on the screen, or written to a file (-o)."""

    def show(self) -> None:
        """Print it on standard output."""

    def text(self) -> str:
        """Its text, for a file."""


@runtime_checkable
class Format(Protocol):
    """An output format: one method for each report. The logs that cannot be read are given
    too (`left_out`): the terminal warns of them before the report, JSON lists them in it."""

    def comparison(self, report: Comparison, left_out: Sequence[Entry]) -> Output:
        """`reflect compare`: two sessions, prompt by prompt."""

    def history(self, report: History, left_out: Sequence[Entry]) -> Output:
        """`reflect history`: every answer to a prompt over time."""

    def trends(self, report: Trends, left_out: Sequence[Entry]) -> Output:
        """`reflect trends`: the ratings over time."""

    def search(self, report: SearchResults, left_out: Sequence[Entry]) -> Output:
        """`reflect search`: the passages found, newest first."""

    def actions(self, report: Sequence[TrackedAction], left_out: Sequence[Entry], *,
                owner: str | None, include_closed: bool) -> Output:
        """`reflect actions`: the actions agreed in meetings (as chosen by owner and all)."""

    def sessions(self, entries: Sequence[Entry], folder: Path) -> Output:
        """`reflect list`: the sessions in a folder, newest first, unreadable ones included."""


#: The report methods every format has (the public methods of `Format`).
REPORTS = tuple(name for name in vars(Format) if not name.startswith("_"))


def get(name: str) -> Format:
    """The format of this name, its module imported now (and only now)."""
    where = FORMATS[name][0]
    module, _, cls = where.partition(":")
    made: Format = getattr(import_module(module), cls)()
    return made


def help_text() -> str:
    """What --format says in help: 'terminal (default), markdown (...) or json (...).'."""
    said = [f"{name} ({words})" for name, (_, words) in FORMATS.items()]
    return (", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]) + "."


if TYPE_CHECKING:
    class ReportFormat(str, Enum):
        """The names of the formats, as --format takes them (made by `choices`)."""


def choices() -> type[ReportFormat]:
    """The names in FORMATS as a str Enum, the type of the --format option."""
    members = {name: name for name in FORMATS}
    made: Any = Enum("ReportFormat", members, type=str)  # type: ignore[misc]
    return cast("type[ReportFormat]", made)


@dataclass(frozen=True)
class Written:
    """A report that is text: the same on the screen as in a file (Markdown, JSON)."""

    content: str

    def show(self) -> None:
        text = self.content
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    def text(self) -> str:
        return self.content
