"""The terminal format, the default: reports to read on the screen, coloured when the screen
takes colour. Without colour the list of sessions and the actions are made without rich, which
takes a good part of a command's time to load (outputs/plain.py); the other reports use the rich
views of outputs/screen.py, which print their wrapped lines at once when there is no colour.
With -o, a file gets the text without colour, 80 columns wide."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflect_cli.outputs import plain

if TYPE_CHECKING:
    from pathlib import Path

    from reflect_cli.domain.compare import Comparison
    from reflect_cli.domain.history import History, Trends
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.search import SearchResults
    from reflect_cli.outputs.registry import Output
    from reflect_cli.storage import Entry

#: The width of the text written to a file.
FILE_WIDTH = 80


class TerminalFormat:
    """Reports for the screen (the logs left out are warned of before the report, by the
    command)."""

    def comparison(self, report: Comparison, left_out: Sequence[Entry]) -> Output:
        from reflect_cli.outputs import screen

        return screen.Shown(screen.comparison_view(report))

    def history(self, report: History, left_out: Sequence[Entry]) -> Output:
        from reflect_cli.outputs import screen

        return screen.Shown(screen.history_view(report))

    def trends(self, report: Trends, left_out: Sequence[Entry]) -> Output:
        from reflect_cli.outputs import screen

        return screen.Shown(screen.trends_view(report))

    def search(self, report: SearchResults, left_out: Sequence[Entry]) -> Output:
        from reflect_cli.outputs import screen

        return screen.Shown(screen.search_view(report))

    def actions(self, report: Sequence[TrackedAction], left_out: Sequence[Entry], *,
                owner: str | None, include_closed: bool) -> Output:
        return _Actions(report, owner, include_closed)

    def sessions(self, entries: Sequence[Entry], folder: Path) -> Output:
        return _Sessions(entries, folder)


@dataclass(frozen=True)
class _Actions:
    """Each action on a line, its details under it: plain lines, or coloured by rich."""

    tracked: Sequence[TrackedAction]
    owner: str | None
    include_closed: bool

    def _lines(self) -> list[plain.Line]:
        return plain.actions_lines(self.tracked, owner=self.owner,
                                   include_closed=self.include_closed)

    def show(self) -> None:
        if not plain.colour_wanted(sys.stdout):
            plain.write_lines(self._lines(), sys.stdout)
            return
        from reflect_cli.outputs import screen

        screen.console().print(screen.actions_view(self.tracked, owner=self.owner,
                                                   include_closed=self.include_closed))

    def text(self) -> str:
        import io

        out = io.StringIO()
        plain.write_lines(self._lines(), out, FILE_WIDTH)
        return out.getvalue()


@dataclass(frozen=True)
class _Sessions:
    """The sessions as aligned plain text that fits the screen (rich is never loaded)."""

    entries: Sequence[Entry]
    folder: Path

    def _text(self, width: int) -> str:
        if not self.entries:
            from reflect_cli.textsafe import visible

            return (f"No sessions yet in {visible(str(self.folder))}. Start one with: "
                    "reflect session\n")
        return "\n".join(plain.sessions_lines(self.entries, width)) + "\n"

    def show(self) -> None:
        sys.stdout.write(self._text(plain.width()))

    def text(self) -> str:
        return self._text(FILE_WIDTH)
