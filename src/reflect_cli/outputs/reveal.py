"""The reveal of a rating round, in the three report formats: plain text for the terminal (and
above a characteristic in a meeting), Markdown to share, JSON for other tools. Every word a
member wrote (a why line, a name, a sector) is made safe to show."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from reflect_cli.domain.rounds import OTHER, SMALLEST_SECTOR, Reveal, Round, median_text
from reflect_cli.textsafe import visible
from reflect_cli.wording import counted

#: The longest bar: with more people than this, bars are drawn to scale.
BAR = 20
DISCUSS = "discuss first"


def _flat(text: str) -> str:
    return " ".join(visible(text).split())


def _bar(count: int, most: int) -> str:
    if count == 0:
        return ""
    length = count if most <= BAR else max(1, round(count * BAR / most))
    return "█" * length


def heading(item: Round | None, count: int) -> str:
    """'Round "Spring review" (anonymous): 8 submissions, closed 30/11/2026'."""
    if item is None:
        return f"Ratings from {counted(count, 'submission')}"
    closed = f", closed {item.closed:%d/%m/%Y}" if item.closed else ""
    return f"Round \"{_flat(item.name)}\" ({item.mode}): {counted(count, 'submission')}{closed}"


def summary(reveal: Reveal) -> str:
    spread = reveal.spread
    return (f"{counted(spread.count, 'person', 'people')} rated · median "
            f"{median_text(spread.median)} · lowest {spread.low} · highest {spread.high}")


def sectors_line(reveal: Reveal) -> str:
    if not reveal.sectors:
        return ""
    parts = " · ".join(f"{_flat(v.sector)} {median_text(v.median)} ({v.count})"
                       for v in reveal.sectors)
    gap = "" if reveal.sector_gap is None else f"; gap {median_text(reveal.sector_gap)}"
    return f"Median by sector: {parts}{gap}"


def characteristic_lines(reveal: Reveal, width: int, number: int | None = None) -> list[str]:
    """One characteristic, as lines of at most `width` columns."""
    width = max(30, width)
    scale = reveal.prompt.scale
    assert scale is not None
    lines: list[str] = []
    title = _flat(reveal.prompt.text)
    if number is not None:
        title = f"{number}. {title}"
    if reveal.discuss_first:
        title += f"  [{DISCUSS}]"
    lines += textwrap.wrap(title, width, break_long_words=True) or [""]
    indent = "   "
    lines += textwrap.wrap(summary(reveal), width, initial_indent=indent,
                           subsequent_indent=indent)
    most = max(n for _, n in reveal.counts)
    label_room = max(len(label) for _, label in scale.labels)
    label_room = min(label_room, max(4, width - len(indent) - BAR - 8))
    for score, n in sorted(reveal.counts, reverse=True):
        label = scale.label(score)[:label_room]
        lines.append(f"{indent}{score} {label:<{label_room}} {_bar(n, most)} {n}".rstrip())
    sector = sectors_line(reveal)
    if sector:
        lines += textwrap.wrap(sector, width, initial_indent=indent, subsequent_indent=indent)
    if reveal.whys:
        lines.append(f"{indent}Why:")
        for who, why in reveal.whys:
            said = f"\"{_flat(why)}\"" + (f" ({_flat(who)})" if who else "")
            lines += textwrap.wrap(said, width, initial_indent=indent + "- ",
                                   subsequent_indent=indent + "  ", break_long_words=True)
    return lines


def _ordinal(number: int) -> str:
    """2nd, 3rd, 11th, 21st."""
    ending = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10,
                                                                                   "th")
    return f"{number}{ending}"


def _one_line(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(1, width - 1)].rstrip() + "…"


def compact_lines(reveal: Reveal, width: int, rank: int, total: int, *,
                  room: int = 12) -> list[str]:
    """One characteristic in at most `room` lines (at least the first two), for its screen in
    a meeting, above the list the group's rating is picked from, on a screen as small as
    60x20: what matters most first, then the sectors, then as many why lines as fit."""
    width = max(30, width)
    first = f"Rated before the meeting: {summary(reveal)}"
    if reveal.discuss_first:
        first += f" · {DISCUSS.upper()}"
    # (The meeting goes in the framework's order: where this one stands by how far apart
    # people are.)
    first += (f" (the widest disagreement of {total})" if rank == 1 else
              f" ({_ordinal(rank)} widest disagreement of {total})")
    lines = textwrap.wrap(first, width)
    most = max(m for _, m in reveal.counts)
    scores = " · ".join(f"{score}: {_bar(n, most)} {n}".replace(":  ", ": ")
                        for score, n in reveal.counts)
    lines += textwrap.wrap(f"Each score: {scores}", width)
    sector = sectors_line(reveal)
    if sector and len(lines) < room:
        lines += textwrap.wrap(sector, width)
    whys = list(reveal.whys)
    while whys and len(lines) < room - (1 if len(whys) > 1 else 0):
        who, why = whys.pop(0)
        said = f"- \"{_flat(why)}\"" + (f" ({_flat(who)})" if who else "")
        lines.append(_one_line(said, width))
    if whys and len(lines) < room:
        left = counted(len(whys), "why line")
        lines.append(_one_line(f"  {'and ' if len(whys) < len(reveal.whys) else ''}{left} "
                               "more: see them all with reflect ratings", width)
                     .replace(" more: see", ": see" if len(whys) == len(reveal.whys)
                              else " more: see"))
    return lines


def notes(anonymous: bool) -> list[str]:
    if not anonymous:
        return []
    return [f"Sectors with fewer than {SMALLEST_SECTOR} ratings are counted under "
            f"\"{OTHER}\", and not shown on their own if that is still fewer than "
            f"{SMALLEST_SECTOR}."]


def terminal_text(item: Round | None, reveals: Sequence[Reveal], count: int, width: int,
                  anonymous: bool) -> str:
    lines = textwrap.wrap(heading(item, count), width) or [""]
    if not reveals:
        lines.append("Nobody rated anything in it yet.")
    else:
        lines += textwrap.wrap("Widest disagreement first: the conversations to have.", width)
    for number, reveal in enumerate(reveals, 1):
        lines.append("")
        lines += characteristic_lines(reveal, width, number)
    for note in notes(anonymous):
        lines.append("")
        lines += textwrap.wrap(note, width)
    return "\n".join(lines) + "\n"


def markdown_text(item: Round | None, reveals: Sequence[Reveal], count: int,
                  anonymous: bool) -> str:
    from reflect_cli.outputs.markdown import _md_text

    out = [f"# {_md_text(heading(item, count))}", "",
           "Widest disagreement first: the conversations to have.", ""]
    for number, reveal in enumerate(reveals, 1):
        assert reveal.prompt.scale is not None
        mark = f" ({DISCUSS})" if reveal.discuss_first else ""
        out += [f"## {number}\\. {_md_text(_flat(reveal.prompt.text))}{mark}", "",
                _md_text(summary(reveal)), "", "| Rating | How many |", "| --- | --- |"]
        most = max(n for _, n in reveal.counts)
        for score, n in sorted(reveal.counts, reverse=True):
            label = _md_text(f"{score} {reveal.prompt.scale.label(score)}")
            out.append(f"| {label} | {_bar(n, most)} {n} |")
        out.append("")
        sector = sectors_line(reveal)
        if sector:
            out += [_md_text(sector), ""]
        if reveal.whys:
            out.append("Why:")
            out.append("")
            for who, why in reveal.whys:
                out.append(f"- {_md_text(_flat(why))}"
                           + (f" ({_md_text(_flat(who))})" if who else ""))
            out.append("")
    for note in notes(anonymous):
        out += [_md_text(note), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def json_text(item: Round | None, reveals: Sequence[Reveal], count: int) -> str:
    import json

    from reflect_cli.textsafe import json_safe

    data: dict[str, Any] = {
        "report": "ratings",
        "round": None if item is None else {
            "name": item.name, "mode": item.mode, "opened": item.opened.isoformat(),
            "closed": item.closed.isoformat() if item.closed else None},
        "submissions": count,
        "characteristics": [{
            "id": r.prompt.id, "text": r.prompt.text, "count": r.spread.count,
            "median": r.spread.median, "low": r.spread.low, "high": r.spread.high,
            "scores": {str(score): n for score, n in r.counts},
            "why": [{"who": who or None, "text": why} for who, why in r.whys],
            "sectors": [{"sector": v.sector, "count": v.count, "median": v.median}
                        for v in r.sectors],
            "sector_gap": r.sector_gap, "disagree": r.spread.disagree,
            "discuss_first": r.discuss_first} for r in reveals]}
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
