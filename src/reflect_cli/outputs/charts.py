"""The report's charts as inline SVG, drawn by reflect (no library, no script, no network).

Every chart has a <title> and a <desc> (what a screen reader says), labels on the chart itself
(numbers, shapes and arrows, never colour alone), and colours from the Okabe-Ito palette, which
readers with each common kind of colour blindness can tell apart. The heat map's shades are one
blue, light to dark, with the value written in each cell. The page that holds a chart puts its
numbers in a table beside it too.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence

from reflect_cli.domain.report import Characteristic, HeatMap, arrow_mark, arrow_words
from reflect_cli.textsafe import visible

#: Okabe-Ito: blue for now, orange for before, vermillion for a warning.
NOW = "#0072B2"
BEFORE = "#E69F00"
WARN = "#D55E00"
INK = "#1a1a1a"
GRID = "#767676"
#: Light to dark blue, for ratings low to high (the text on them switches to white when dark).
SHADES = ("#f0f6fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")

LABEL_WIDTH = 300
LINE = 15


#: What XML 1.0 (so SVG, and Word's files) cannot hold at all, and HTML calls a parse error:
#: noncharacters such as U+FFFE, besides the controls `visible` already shows as escapes.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]"
                      "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U000ffffe\U000fffff"
                      "\U0010fffe\U0010ffff]")


def shown(value: str) -> str:
    """Text from a log as a document can hold it: controls, bidi marks and noncharacters
    written as visible escapes (\\x1b, \\ufffe)."""
    value = visible(value)
    if value.isascii():
        return value
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000
                        else f"\\U{ord(m.group()):08x}", value)


def text(value: str) -> str:
    """Text from a log, safe inside SVG or HTML: controls shown as escapes, markup escaped."""
    return html.escape(shown(value), quote=True)


def _label_lines(label: str, width: int = 40, lines: int = 3) -> list[str]:
    wrapped = textwrap.wrap(" ".join(label.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _label(x: float, y: float, lines: Sequence[str], anchor: str = "start") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE}">{text(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:g}" y="{y:g}" font-size="12" fill="{INK}" '
            f'text-anchor="{anchor}">{spans}</text>')


def _svg(ident: str, width: float, height: float, title: str, desc: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
            f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" '
            f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
            f'class="chart"><title id="{ident}-t">{text(title)}</title>'
            f'<desc id="{ident}-d">{text(desc)}</desc>{body}</svg>')


def _scale_numbers(low: int, top: int, left: float, right: float) -> list[str]:
    """The scale's points, numbered across the top of a chart."""
    return [f'<text x="{_scale_x(value, low, top, left, right):g}" y="20" font-size="12" '
            f'text-anchor="middle" fill="{INK}">{value}</text>' for value in range(low, top + 1)]


def _scale_x(value: float, low: int, top: int, left: float, right: float) -> float:
    return left + (value - low) / max(1, top - low) * (right - left)


def dot_plot(rows: Sequence[Characteristic], *, ident: str = "dots", now_words: str = "now",
             before_words: str = "last time") -> str:
    """Each characteristic's rating now (a filled blue circle) against last time (a hollow
    orange diamond), on the scale, with both numbers written at the end of the row."""
    low = min((c.low for c in rows), default=1)
    top = max((c.top for c in rows), default=5)
    left, right = LABEL_WIDTH + 20, 560.0
    y = 40.0
    parts = _scale_numbers(low, top, left, right)  # (a line for each point comes below)
    grid_top = 28.0
    described = []
    for row in rows:
        lines = _label_lines(row.label)
        height = max(30.0, LINE * len(lines) + 12)
        middle = y + height / 2 - 4
        parts.append(_label(8, y + 8, lines))
        parts.append(f'<line x1="{left:g}" x2="{right:g}" y1="{middle:g}" y2="{middle:g}" '
                     f'stroke="#d0d0d0" stroke-width="1"/>')
        if row.before is not None and row.now is not None and row.before != row.now:
            x1 = _scale_x(row.before, low, top, left, right)
            x2 = _scale_x(row.now, low, top, left, right)
            parts.append(f'<line x1="{x1:g}" x2="{x2:g}" y1="{middle:g}" y2="{middle:g}" '
                         f'stroke="{GRID}" stroke-width="2"/>')
        if row.before is not None:
            x = _scale_x(row.before, low, top, left, right)
            parts.append(f'<path d="M{x:g} {middle - 8:g} L{x + 8:g} {middle:g} L{x:g} '
                         f'{middle + 8:g} L{x - 8:g} {middle:g} Z" fill="white" '
                         f'stroke="{BEFORE}" stroke-width="3"/>')
        if row.now is not None:
            x = _scale_x(row.now, low, top, left, right)
            parts.append(f'<circle cx="{x:g}" cy="{middle:g}" r="7" fill="{NOW}"/>')
        said = _pair(row.before, row.now)
        parts.append(f'<text x="{right + 18:g}" y="{middle + 4:g}" font-size="12" '
                     f'fill="{INK}">{text(said)}</text>')
        described.append(f"{row.label}: {before_words} {_or_none(row.before)}, "
                         f"{now_words} {_or_none(row.now)}")
        y += height
    parts.insert(0, "".join(
        f'<line x1="{_scale_x(v, low, top, left, right):g}" x2="'
        f'{_scale_x(v, low, top, left, right):g}" y1="{grid_top:g}" y2="{y:g}" '
        f'stroke="#ececec" stroke-width="1"/>' for v in range(low, top + 1)))
    legend_y = y + 22
    parts.append(
        f'<circle cx="{left:g}" cy="{legend_y - 4:g}" r="6" fill="{NOW}"/>'
        f'<text x="{left + 12:g}" y="{legend_y:g}" font-size="12" fill="{INK}">'
        f'{text(now_words.capitalize())}</text>'
        f'<path d="M{left + 120:g} {legend_y - 11:g} l7 7 l-7 7 l-7 -7 Z" fill="white" '
        f'stroke="{BEFORE}" stroke-width="3"/>'
        f'<text x="{left + 132:g}" y="{legend_y:g}" font-size="12" fill="{INK}">'
        f'{text(before_words.capitalize())}</text>')
    title = f"The self-assessment, {now_words} against {before_words}"
    desc = (f"A dot plot of {len(rows)} characteristics on the scale {low} to {top}. "
            + "; ".join(described) + ".")
    return _svg(ident, 680, legend_y + 12, title, desc, "".join(parts))


def _or_none(value: float | None) -> str:
    return "not rated" if value is None else number(value)


def _pair(before: float | None, now: float | None) -> str:
    from reflect_cli.domain.compare import change_text

    if before is None:
        return f"{_or_none(now)}"
    if now is None:
        return f"{number(before)} → –"
    change = now - before
    sign = f" ({change_text(change)})" if change else " (=)"
    return f"{number(before)} → {number(now)}{sign}"


def spread_chart(rows: Sequence[Characteristic], *, ident: str = "spread") -> str:
    """Each person's rating of each characteristic: a circle at each value given, with how
    many people gave it written in it, a line from the lowest to the highest, and a warning
    where they are 3 or more points apart."""
    rated = [c for c in rows if len(c.individual) > 1]
    low = min((c.low for c in rated), default=1)
    top = max((c.top for c in rated), default=5)
    left, right = LABEL_WIDTH + 20, 560.0
    parts = _scale_numbers(low, top, left, right)
    y = 36.0
    described = []
    for row in rated:
        lines = _label_lines(row.label)
        height = max(40.0, LINE * len(lines) + 14)
        middle = y + height / 2 - 4
        parts.append(_label(8, y + 8, lines))
        values = [v for _, v in row.individual]
        counts = {v: values.count(v) for v in sorted(set(values))}
        x1 = _scale_x(min(values), low, top, left, right)
        x2 = _scale_x(max(values), low, top, left, right)
        parts.append(f'<line x1="{x1:g}" x2="{x2:g}" y1="{middle:g}" y2="{middle:g}" '
                     f'stroke="{GRID}" stroke-width="2"/>')
        for value, count in counts.items():
            x = _scale_x(value, low, top, left, right)
            parts.append(f'<circle cx="{x:g}" cy="{middle:g}" r="11" fill="{NOW}"/>'
                         f'<text x="{x:g}" y="{middle + 4:g}" font-size="11" '
                         f'text-anchor="middle" fill="white">{count}</text>')
        if row.disagree:
            parts.append(f'<text x="{right + 20:g}" y="{middle + 4:g}" font-size="12" '
                         f'font-weight="bold" fill="{WARN}">⚠ far apart</text>')
        said = ", ".join(f"{count} gave {value}" for value, count in counts.items())
        described.append(f"{row.label}: {said}" + (" (far apart)" if row.disagree else ""))
        y += height
    title = "Each person's rating, where people rated one by one"
    desc = ("For each characteristic, how many people gave each rating on the scale "
            f"{low} to {top}; ratings 3 or more points apart are marked far apart. "
            + "; ".join(described) + ".")
    return _svg(ident, 660, y + 10, title, desc, "".join(parts))


def shade(value: float | None, low: int, top: int) -> tuple[str, str]:
    """The cell colour for a rating, and the colour of the text written on it."""
    if value is None:
        return "#ffffff", INK
    step = round((value - low) / max(1, top - low) * (len(SHADES) - 1))
    step = max(0, min(len(SHADES) - 1, step))
    return SHADES[step], ("#ffffff" if step >= 4 else INK)


def number(value: float | None) -> str:
    """A rating or a mean of ratings, as short as it can be said: 4, 3.5."""
    if value is None:
        return "–"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def heat_map(heat: HeatMap, *, ident: str = "heat") -> str:
    """Characteristics (rows) by session (columns), each cell shaded by its rating and with the
    rating written in it (when the cells are wide enough; the table beside has every number),
    and a trend arrow at the end of each row."""
    count = len(heat.columns)
    cell = 34.0 if count <= 12 else max(16.0, 420.0 / count)
    left = LABEL_WIDTH
    header = 70.0
    width = max(680.0, left + cell * count + 110)
    parts: list[str] = []
    for index, column in enumerate(heat.columns):
        x = left + cell * index + cell / 2
        parts.append(f'<text x="{x:g}" y="{header - 6:g}" font-size="10" fill="{INK}" '
                     f'transform="rotate(-55 {x:g} {header - 6:g})">{text(column.label)}</text>')
    y = header
    described = []
    for row_index, (_, label) in enumerate(heat.rows):
        lines = _label_lines(label, 42, 2)
        height = max(26.0, LINE * len(lines) + 6)
        parts.append(_label(8, y + 14, lines))
        for index, column in enumerate(heat.columns):
            value = column.values[row_index]
            fill, ink = shade(value, heat.low, heat.top)
            x = left + cell * index
            parts.append(f'<rect x="{x:g}" y="{y:g}" width="{cell - 1:g}" height="'
                         f'{height - 2:g}" fill="{fill}" stroke="#d0d0d0" stroke-width="0.5"/>')
            if cell >= 24 or value is None:
                parts.append(f'<text x="{x + cell / 2:g}" y="{y + height / 2 + 3:g}" '
                             f'font-size="11" text-anchor="middle" fill="{ink}">'
                             f'{number(value)}</text>')
        arrow = heat.arrows[row_index]
        parts.append(f'<text x="{left + cell * count + 12:g}" y="{y + height / 2 + 5:g}" '
                     f'font-size="16" fill="{INK}" aria-hidden="true">{arrow_mark(arrow)}'
                     f'</text><text x="{left + cell * count + 30:g}" y="'
                     f'{y + height / 2 + 4:g}" font-size="10" fill="{INK}">'
                     f'{text(arrow_words(arrow) if arrow else "")}</text>')
        values = [number(c.values[row_index]) for c in heat.columns]
        described.append(f"{label}: {', '.join(values)} ({arrow_words(arrow)})")
        y += height
    legend = y + 18
    for step, value in enumerate(range(heat.low, heat.top + 1)):
        colour, ink = shade(value, heat.low, heat.top)  # the same shade as in the cells
        x = left + step * 46
        parts.append(f'<rect x="{x:g}" y="{legend - 12:g}" width="44" height="18" stroke="#d0d0d0" '
                     f'fill="{colour}"/><text x="{x + 22:g}" y="{legend + 1:g}" font-size="11" '
                     f'text-anchor="middle" fill="{ink}">{value}</text>')
    parts.append(f'<text x="8" y="{legend + 1:g}" font-size="11" fill="{INK}">'
                 f'Darker is higher:</text>')
    per = {"session": "session", "month": "month (the mean of its sessions)",
           "year": "year (the mean of its sessions)"}[heat.per]
    title = f"The self-assessment by {heat.per}, with trend arrows"
    desc = (f"A heat map of {len(heat.rows)} characteristics by {per}, oldest first, "
            f"{count} columns from {heat.columns[0].label} to {heat.columns[-1].label}; "
            "each row ends with an arrow from the first rating to the latest. "
            + "; ".join(described) + ".")
    return _svg(ident, width, legend + 14, title, desc, "".join(parts))
