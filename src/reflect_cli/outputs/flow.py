"""The wrapping engine of the terminal reports: styled text cut into lines word by word, far
faster than rich's Text for reports of thousands of lines (it measures every character), and
giving the same lines with colour and without (a test holds them equal).

Without colour (NO_COLOR, a pipe, a dumb terminal) deleted words read [-like this-] and added
words {+like this+}, as in `git diff --word-diff`, and found words [like this]; with colour they
are struck through in red, underlined in green, and in reverse video instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect_cli.textsafe import visible

if TYPE_CHECKING:
    import re

    from rich.console import Console, ConsoleOptions, RenderResult

    from reflect_cli.domain.compare import Token

_DELETED, _INSERTED = "red strike", "green underline"
Pieces = Sequence[tuple[str, str]]  # (text, style) in reading order



# Characters that surely take one column each: printable ASCII, Latin letters with their
# accents as single characters, dashes, curly quotes and currency signs. Anything else (wide
# scripts, emoji, combining marks, zero-width spaces) is measured by rich, which is slower.
_ONE_CELL = None


def one_cell_each(text: str) -> bool:
    global _ONE_CELL
    if text.isascii():
        return True
    if _ONE_CELL is None:
        import re

        _ONE_CELL = re.compile("[\n\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027"
                               "\u2030-\u205e\u20a0-\u20c0]*")
    return _ONE_CELL.fullmatch(text) is not None


def is_plain(console: Console) -> bool:
    """Is this console without colour (NO_COLOR, a pipe, a dumb terminal)?"""
    return console.no_color or console.color_system is None


class Flow:
    """Styled text wrapped to the width, each line indented, no spaces added at line ends.

    Single spaces and tabs between words may break; a newline always does. A line indented
    in the text keeps its indentation (up to half the width), on each line it wraps to. With
    a right-hand `tag`, the tag sits at the right end of the first line.
    """

    def __init__(self, pieces: Pieces, indent: int = 0, tag: tuple[str, str] | None = None,
                 ) -> None:
        # A tab shows as one space: terminals (and rich) would each place it differently.
        # The pieces hold answers, titles and names from the logs: made safe to show here.
        self.pieces = [(visible(text.replace("\t", " ")), style) for text, style in pieces]
        self.indent = indent
        self.tag = tag

    def lines(self, console: Console | None, width: int,
              plain: bool = False) -> list[list[tuple[str, str]]]:
        """The text cut into lines of (text, style) runs (one unstyled run each if plain)."""
        import re

        from rich.cells import cell_len

        room = max(width - self.indent, 20)
        first_room = max(room - (cell_len(self.tag[0]) + 2 if self.tag else 0), 10)
        text = "".join(t for t, _ in self.pieces)
        if not one_cell_each(text) and cell_len(text) != len(text) - text.count("\n"):
            # Wide characters (or zero-width ones): measure word by word.
            return self._lines_by_words(room, first_room)
        starts: list[int] = []  # where each run of one style starts
        styles: list[str] = []
        offset = 0
        for piece, style in self.pieces:
            if piece:
                starts.append(offset)
                styles.append(style)
                offset += len(piece)
        lines: list[list[tuple[str, str]]] = []
        spaces = re.compile(r"[ \t]*")
        offset = 0
        for line in text.split("\n"):
            position, end = spaces.match(line).end(), len(line)  # type: ignore[union-attr]
            if position == end:
                lines.append([])
            pad = " " * min(position, room // 2)  # the line's own indentation
            while position < end:
                fits = max((first_room if not lines else room) - len(pad), 10)
                chunk = _chunker(fits).match(line, position)
                assert chunk is not None
                cut = len(chunk.group().rstrip(" \t"))
                begin = offset + position
                runs = ([(text[begin:begin + cut], "")] if plain else
                        self._runs(text, starts, styles, begin, begin + cut))
                lines.append([(pad, ""), *runs] if pad else runs)
                position = spaces.match(line, chunk.end()).end()  # type: ignore[union-attr]
            offset += len(line) + 1
        return lines or [[]]

    @staticmethod
    def _runs(text: str, starts: list[int], styles: list[str], begin: int,
              finish: int) -> list[tuple[str, str]]:
        import bisect

        runs = []
        index = max(bisect.bisect_right(starts, begin) - 1, 0)
        while index < len(starts) and starts[index] < finish:
            stop = starts[index + 1] if index + 1 < len(starts) else finish
            runs.append((text[max(begin, starts[index]):min(stop, finish)], styles[index]))
            index += 1
        return runs

    def _lines_by_words(self, room: int, first_room: int) -> list[list[tuple[str, str]]]:
        import re

        from rich.cells import cell_len

        lines: list[list[tuple[str, str]]] = [[]]
        used = 0
        pad = ""  # the indentation of the line in the text, kept on each line it wraps to
        space: tuple[str, str] | None = None
        word: list[tuple[str, str]] = []  # the parts of one word (styles may change inside)

        def new_line() -> None:
            nonlocal used
            lines.append([(pad, "")] if pad else [])
            used = len(pad)

        def place() -> None:
            nonlocal used, space, word
            length = sum(cell_len(text) for text, _ in word)
            limit = first_room if len(lines) == 1 else room
            if used > len(pad) and used + (len(space[0]) if space else 0) + length > limit:
                new_line()
                space = None
            if space is not None and used > len(pad):
                lines[-1].append(space)
                used += len(space[0])
            for text, style in word:
                while used + cell_len(text) > limit:  # longer than the rest of the line
                    cut = min(len(text), limit - used)
                    while cut > 0 and cell_len(text[:cut]) > limit - used:
                        cut -= 1
                    if cut == 0:
                        if used <= len(pad):  # one character wider than a line: as it is
                            break
                        new_line()
                        limit = room
                        continue
                    lines[-1].append((text[:cut], style))
                    new_line()
                    text, limit = text[cut:], room
                lines[-1].append((text, style))
                used += cell_len(text)
            space, word = None, []

        at_start = True  # of a line of the text, where spaces are its indentation
        for text, style in self.pieces:
            for part in re.findall(_FLOW_PARTS, text):
                if part[0] in " \t\n" or part.isspace():
                    if word:
                        place()
                    if part == "\n":
                        pad = ""
                        new_line()
                        space, at_start = None, True
                    elif part[0] in " \t" and at_start:
                        pad = " " * min(len(part), room // 2)
                        lines[-1].append((pad, ""))
                        used = len(pad)
                        at_start = False
                    elif part[0] in " \t":
                        space = (part, style)
                else:
                    word.append((part, style))
                    at_start = False
        if word:
            place()
        return lines

    def plain_text(self, width: int) -> str:
        """The lines as text without colour (what the styled lines show, styles aside)."""
        from rich.cells import cell_len

        out: list[str] = []
        margin = " " * self.indent
        for number, line in enumerate(self.lines(None, width, plain=True)):
            text = "".join(t for t, _ in line)
            if margin and line:
                out.append(margin)
            out.append(text)
            if number == 0 and self.tag is not None:
                tag = self.tag[0]
                used = self.indent + sum(len(t) if one_cell_each(t) else cell_len(t)
                                         for t, _ in line)
                gap = width - used - cell_len(tag)
                if gap < 1:
                    out.append("\n")
                    gap = max(width - cell_len(tag), 0)
                out.append(" " * gap + tag)
            out.append("\n")
        return "".join(out)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style

        plain = is_plain(console)
        if plain:
            yield Segment(self.plain_text(options.max_width))
            return
        styles: dict[str, Style | None] = {}

        def style_of(name: str) -> Style | None:
            if not name:
                return None
            if name not in styles:
                styles[name] = console.get_style(name)
            return styles[name]

        width = options.max_width
        margin = Segment(" " * self.indent) if self.indent else None
        for number, line in enumerate(self.lines(console, width)):
            if margin and line:
                yield margin
            used = self.indent
            run, run_style = "", ""
            for text, style in line:  # one segment for each run of one style
                used += len(text) if one_cell_each(text) else cell_len(text)
                if style == run_style:
                    run += text
                    continue
                if run:
                    yield Segment(run, style_of(run_style))
                run, run_style = text, style
            if run:
                yield Segment(run, style_of(run_style))
            if number == 0 and self.tag is not None:
                tag, style = self.tag
                gap = width - used - cell_len(tag)
                if gap < 1:
                    yield Segment.line()
                    gap = max(width - cell_len(tag), 0)
                yield Segment(" " * gap)
                yield Segment(tag, style_of(style))
            yield Segment.line()


_FLOW_PARTS = r"\n|[ \t]+|[^\s]+|\s"  # a line break, spaces, a word, other space


def _chunker(width: int) -> re.Pattern[str]:
    """A pattern for the longest start of a line that fits `width` and ends before a space
    (or, for a word longer than that, the first `width` characters of it)."""
    import re

    return re.compile(rf"\S.{{0,{width - 1}}}(?=[ \t]|$)|\S{{1,{width}}}")


class DiffText:
    """A word diff, with [-...-] and {+...+} around changes when there is no colour."""

    def __init__(self, tokens: Sequence[Token], style: str = "", indent: int = 0) -> None:
        from reflect_cli.domain.compare import reflow

        self.tokens = reflow(tokens)
        self.style = style
        self.indent = indent

    def pieces(self, plain: bool) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for op, chunk in self.tokens:
            if op == "equal":
                out.append((chunk, self.style))
            elif plain:
                out.append((f"[-{chunk}-]" if op == "delete" else f"{{+{chunk}+}}", self.style))
            else:
                out.append((chunk, _DELETED if op == "delete" else _INSERTED))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Flow(self.pieces(is_plain(console)), self.indent)



class MarkedText:
    """A passage with its matching words in reverse video, or [like this] without colour."""

    def __init__(self, pieces: list[tuple[str, str]], indent: int) -> None:
        self.marked = pieces
        self.indent = indent

    def pieces(self, plain: bool) -> list[tuple[str, str]]:
        if plain:
            return [(f"[{text}]" if kind == "match" else text, "") for kind, text in self.marked]
        return [(text, "bold reverse" if kind == "match" else "") for kind, text in self.marked]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Flow(self.pieces(is_plain(console)), self.indent)




class Para:
    """A paragraph in one or more styles, as rich's Text shows it (it becomes one on a screen
    with colour), and its lines without colour when they fit the width, without loading rich
    (which takes a good part of a report's time to load)."""

    __slots__ = ("pieces",)

    def __init__(self, text: str = "", style: str = "",
                 more: Pieces = ()) -> None:
        self.pieces = [(text, style), *more]

    @property
    def plain(self) -> str:
        return "".join(t for t, _ in self.pieces)

    def plain_text(self, width: int) -> str | None:
        """The text as rich prints it without colour, when every line fits `width` (None
        otherwise: rich wraps it)."""
        text = self.plain
        lines = text.split("\n")
        for line in lines:
            if len(line) > width or not one_cell_each(line):
                from rich.cells import cell_len

                if cell_len(line) > width:
                    return None
        return "".join(f"{line.rstrip()}\n" for line in lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        yield Text.assemble(*self.pieces)


class Lines:
    """Parts of a report, one after the other (rich's Group, without loading rich)."""

    __slots__ = ("renderables",)

    def __init__(self, *parts: object) -> None:
        self.renderables = list(parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.renderables  # type: ignore[misc]
