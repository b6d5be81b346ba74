"""Word wrapping for the answer box. prompt_toolkit wraps a long line at the last column, in
the middle of a word ("someon" / "e"); this processor puts spaces, on the screen only, before
a word that would be cut, so that it starts the next row instead. The text typed is never
changed, and the cursor moves over it as over the text itself. A word longer than a whole row
is still cut, as it must be."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.layout.processors import Transformation, TransformationInput

#: The width of what the window puts before a row: (line number, rows wrapped so far) -> width.
Prefix = Callable[[int, int], int]


class WordWrap:
    """Wrap the lines of a buffer at spaces (for a window with wrap_lines on): a prompt_toolkit
    input processor (prompt_toolkit is imported only when it draws, like all of reflect's
    prompting)."""

    def __init__(self, prefix: Prefix | None = None) -> None:
        self.prefix = prefix

    def _prefix(self, ti: TransformationInput) -> Prefix:
        """The widths of the window's line prefixes (the prompt, the continuation)."""
        if self.prefix is not None:
            return self.prefix
        from prompt_toolkit.application.current import get_app
        from prompt_toolkit.formatted_text import fragment_list_width, to_formatted_text

        for window in get_app().layout.find_all_windows():
            if getattr(window, "content", None) is ti.buffer_control:
                made = window.get_line_prefix
                if made is None:
                    break
                return lambda line, wrap: fragment_list_width(to_formatted_text(
                    made(line, wrap)))
        return lambda line, wrap: 0

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        from prompt_toolkit.layout.processors import Transformation
        from prompt_toolkit.utils import get_cwidth

        width = ti.width
        prefix = self._prefix(ti)
        first, later = prefix(ti.lineno, 0), prefix(ti.lineno, 1)
        if any("[ZeroWidthEscape]" in style for style, *_ in ti.fragments):
            return Transformation(ti.fragments)
        chars = [(style, char) for style, text, *_ in ti.fragments for char in text]
        if width <= later + 1 or sum(get_cwidth(c) for _, c in chars) + first <= width:
            return Transformation(ti.fragments)
        out: StyleAndTextTuples = []
        pads: list[tuple[int, int]] = []  # (position in the line, spaces put before it)
        x = first
        row_start = True
        index = 0
        while index < len(chars):
            style, char = chars[index]
            if not char.isspace() and (index == 0 or chars[index - 1][1].isspace()):
                end = index
                while end < len(chars) and not chars[end][1].isspace():
                    end += 1
                size = sum(get_cwidth(c) for _, c in chars[index:end])
                if x + size > width and not row_start and size <= width - later:
                    pads.append((index, width - x))
                    out.append((chars[index - 1][0] if index else "", " " * (width - x)))
                    x, row_start = later, True
            size = get_cwidth(char)
            if x + size > width:  # where the window itself wraps
                x, row_start = later, True
            out.append((style, char))
            x += size
            row_start = False
            index += 1

        def to_display(position: int) -> int:
            return position + sum(count for at, count in pads if at <= position)

        def to_source(position: int) -> int:
            shift = 0
            for at, count in pads:
                if position >= at + shift + count:
                    shift += count
                elif position >= at + shift:
                    return at
                else:
                    break
            return position - shift

        return Transformation(out, source_to_display=to_display, display_to_source=to_source)
