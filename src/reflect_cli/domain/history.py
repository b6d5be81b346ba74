"""How answers changed over many sessions: the history of one prompt (each answer, and how it
differs from the one before it) and the trends of ratings. Pure data, built on compare.py's
matching and word diffs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, NamedTuple

from reflect_cli.errors import NotFoundError, did_you_mean

from .compare import (
    Differ,
    RatingChange,
    SessionRef,
    Token,
    answer_status,
    chronological,
    disagreement_change,
    disagreement_words,
    heading_of,
    merged_order,
    prompt_change,
    section_of,
    status_label,
    when,
    with_names,
)
from .model import as_number, number_text

if TYPE_CHECKING:
    from .model import Answer, GroupRating, Session


#: A history entry's status: as in a comparison with the entry before it, or "first".
HistoryStatus = Literal["first", "unchanged", "changed", "newly_answered", "no_longer_answered"]


def entry_label(status: str, skipped: bool) -> str:
    """How a history entry is worded: its status, and a first time asked that was skipped
    said plainly ('skipped (first time asked)', not 'first answer' of nothing)."""
    return "skipped (first time asked)" if status == "first" and skipped else status_label(status)


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


# -- history -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryEntry:
    """One session's answer to a prompt, and how it differs from the answer before it."""

    session: SessionRef
    answer: Answer
    status: HistoryStatus
    diff: tuple[Token, ...] = ()
    rating: RatingChange | None = None


@dataclass(frozen=True)
class PromptHistory:
    """Every answer to one prompt, oldest first."""

    prompt_id: str
    section: str
    label: str
    entries: tuple[HistoryEntry, ...]

    @property
    def changes(self) -> int:
        return sum(1 for e in self.entries if e.status not in ("first", "unchanged"))


@dataclass(frozen=True)
class History:
    """The history of one prompt, or of every prompt of one question."""

    target: str
    kind: Literal["prompt", "question"]
    label: str
    prompts: tuple[PromptHistory, ...]
    since: dt.date | None = None
    until: dt.date | None = None
    #: Sessions that asked it, older than those shown, left out by a limit.
    earlier: int = 0

    @property
    def sessions(self) -> int:
        """How many sessions asked at least one of these prompts (of those shown)."""
        return len({e.session.file or e.session.id for p in self.prompts for e in p.entries})


def build_history(sessions: Iterable[tuple[str, Session]], target: str, *,
                  since: dt.date | None = None, until: dt.date | None = None,
                  only_changed: bool = False, known: Iterable[str] = (),
                  differ: Differ | None = None, limit: int | None = None) -> History:
    """Every answer to a prompt (or to each prompt of a question), oldest first.

    `sessions` are (file name, session) pairs in any order. Only sessions that asked a prompt
    have an entry for it; each entry is compared with the entry before it. With only_changed,
    entries unchanged since the one before are left out (the first is always kept). An unknown
    target raises NotFoundError, suggesting the closest of the ids in the sessions and `known`.
    `differ` computes word diffs (default: word_diff; the index passes one that remembers).
    With `limit`, only the latest `limit` entries of each prompt are kept (the one before the
    first kept is still what it is compared with).
    """
    ordered = [(f, with_names(s)) for f, s in chronological(sessions)
               if in_range(s.date, since, until)]
    newest_first = [s for _, s in reversed(ordered)]
    sections = {sid for s in newest_first for sid in s.sections} | {
        a.section for s in newest_first for a in s.answers}
    kind: Literal["prompt", "question"]
    if target in sections:
        kind = "question"
        prompt_ids = merged_order([a.prompt_id for a in s.answers if a.section == target]
                                  for s in newest_first)
    elif any(s.answer(target) is not None for s in newest_first):
        kind, prompt_ids = "prompt", [target]
    else:
        ids = sorted((sections | {a.prompt_id for s in newest_first for a in s.answers}
                      | set(known)) - {target})
        window = _window_words(since, until)
        raise NotFoundError(f"no session{window} has a question or prompt '{target}'."
                            f"{did_you_mean(target, ids)}",
                            hint="Give a question id (like purpose) or a prompt id (like "
                                 "purpose.impact); see them with: reflect framework show")
    histories = []
    for prompt_id in prompt_ids:
        # What changed is known at once; the word diffs (the costly part) are worked out only
        # for the entries shown.
        found: list[tuple[SessionRef, Answer, Answer | None]] = []
        previous: Answer | None = None
        for file, session in ordered:
            answer = session.answer(prompt_id)
            if answer is None:
                continue
            if previous is None or not (only_changed and
                                        answer_status(previous, answer) == "unchanged"):
                found.append((SessionRef.of(session, file), answer, previous))
            previous = answer
        if limit is not None:
            found = found[-limit:] if limit > 0 else []
        entries: list[HistoryEntry] = []
        for ref, answer, before in found:
            if before is None:
                rating = (RatingChange(None, answer.rating, answer.rating_of, None, answer.group)
                          if answer.rating is not None else None)
                entries.append(HistoryEntry(ref, answer, "first", (), rating))
            else:
                change = prompt_change(prompt_id, answer.section, "", before, answer, differ)
                entries.append(HistoryEntry(ref, answer, change.status,  # type: ignore[arg-type]
                                            change.diff, change.rating))
        histories.append(PromptHistory(prompt_id, section_of(prompt_id, newest_first),
                                       heading_of(prompt_id, newest_first), tuple(entries)))
    return History(target, kind, heading_of(target, newest_first), tuple(histories), since, until)


def earlier_words(earlier: int, which: str = "") -> str:
    """What a limited history (or trends) leaves out, and how to see it."""
    sessions = f"session{'s' if earlier != 1 else ''}" + (f" {which}" if which else "")
    return (f"{earlier:,} earlier {sessions} left out: add --all to see every one, or "
            "--since DATE for a period.")


def in_range(date: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or date >= since) and (until is None or date <= until)


def _window_words(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f" from {since} to {until}"
    if since:
        return f" since {since}"
    if until:
        return f" until {until}"
    return ""


# -- trends --------------------------------------------------------------------------------------
class TrendPoint(NamedTuple):
    """One rating in a trend. A tuple, not a dataclass: a long journal makes tens of thousands,
    and a frozen dataclass takes several times as long to make."""

    session: SessionRef
    value: float
    #: In a meeting where each person rated: their median, range and the rating agreed.
    group: GroupRating | None = None


@dataclass(frozen=True)
class Trend:
    """One rated prompt (a characteristic) across sessions, oldest first."""

    prompt_id: str
    section: str
    label: str
    points: tuple[TrendPoint, ...]
    scale_low: int = 1
    scale_top: int = 5
    biggest_mover: bool = False

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points]

    @property
    def first(self) -> float:
        return self.points[0].value

    @property
    def latest(self) -> float:
        return self.points[-1].value

    @property
    def change(self) -> float:
        return as_number(self.latest - self.first)

    @property
    def disagreement(self) -> str:
        """'grew' or 'shrank': did people's ratings spread wider or closer between the last
        two sessions where each person rated ('' when not, or fewer than two such)?"""
        groups = [p.group for p in self.points if p.group is not None]
        return disagreement_change(*groups[-2:]) if len(groups) >= 2 else ""

    @property
    def disagreement_words(self) -> str:
        groups = [p.group for p in self.points if p.group is not None]
        return disagreement_words(*groups[-2:]) if len(groups) >= 2 else ""


@dataclass(frozen=True)
class Trends:
    """The ratings across sessions, for each rated prompt."""

    trends: tuple[Trend, ...]
    sessions: tuple[SessionRef, ...]
    since: dt.date | None = None
    until: dt.date | None = None
    #: The scale's words, from the newest rating that had them: value to label.
    scale_labels: tuple[tuple[int, str], ...] = ()
    #: How many of the biggest changes are marked, at most.
    movers: int = 3
    #: Sessions with ratings, older than those shown, left out by a limit.
    earlier: int = 0


#: A rating as trends read it: prompt id, question id, value, top of the scale, label, and
#: the spread of each person's ratings in a meeting (None otherwise).
Rating = tuple[str, str, float, "int | None", str, "GroupRating | None"]


def ratings_of(session: Session) -> list[Rating]:
    """The ratings a session gave, in its order."""
    return [(a.prompt_id, a.section, a.rating, a.rating_of, a.rating_label, a.group)
            for a in session.answers if a.rating is not None]


def build_trends(sessions: Iterable[tuple[str, Session]], *, since: dt.date | None = None,
                 until: dt.date | None = None, question_ids: Sequence[str] = (),
                 only_changed: bool = False, movers: int = 3) -> Trends:
    """For each rated prompt, its values over time (skipped ratings are left out).

    The biggest movers are at most `movers` prompts with the largest change from first to
    latest value, of a whole point or more; changes tied at the cut that would make more than
    `movers` are all left out (none is picked over another as big).
    """
    return trends_of_ratings(((f, s, ratings_of(s)) for f, s in sessions), since=since,
                             until=until, question_ids=question_ids, only_changed=only_changed,
                             movers=movers)


def trends_of_ratings(rated: Iterable[tuple[str, Session, Sequence[Rating]]], *,
                      since: dt.date | None = None, until: dt.date | None = None,
                      question_ids: Sequence[str] = (), only_changed: bool = False,
                      movers: int = 3, framework_scale: Sequence[tuple[int, str]] = ()
                      ) -> Trends:
    """build_trends, from (file name, session, its ratings): ratings can then be read without
    the rest of each answer, as the journal's index does. Headings come from the sessions.
    `framework_scale` (value, label) gives the whole scale when its labels agree with those
    the ratings were given with."""
    ordered = [(f, s, r) for f, s, r in sorted(
        rated, key=lambda fsr: when(fsr[0], fsr[1]))
        if in_range(s.date, since, until)]
    newest_first = [(s, r) for _, s, r in reversed(ordered)]
    if question_ids:
        known = sorted({rating[1] for _, r in newest_first for rating in r})
        for qid in question_ids:
            if qid not in known:
                raise NotFoundError(f"no ratings for the question '{qid}'."
                                    f"{did_you_mean(qid, known)}",
                                    hint="Questions with ratings: " + (", ".join(known)
                                                                       or "none yet"))
    order = merged_order([rating[0] for rating in r
                          if not question_ids or rating[1] in question_ids]
                         for _, r in newest_first)
    points: dict[str, list[TrendPoint]] = {pid: [] for pid in order}
    sections: dict[str, str] = {}
    tops: dict[str, int] = {}
    lows: dict[str, int] = {}
    scale: dict[int, str] = {}
    sessions: list[SessionRef] = []
    for file, session, ratings in ordered:
        ref: SessionRef | None = None
        for prompt_id, section, value, top, label, group in ratings:
            series = points.get(prompt_id)
            if series is None:
                continue
            if ref is None:
                ref = SessionRef.of(session, file)
                sessions.append(ref)
            series.append(TrendPoint(ref, value, group))
            sections[prompt_id] = section
            if top:
                tops[prompt_id] = top
            if value < lows.get(prompt_id, 1):
                lows[prompt_id] = int(value // 1)
            if label and value == int(value):
                scale[int(value)] = label
    labelled = [s for s, _ in newest_first]
    trends = []
    for pid in order:
        values = [p.value for p in points[pid]]
        trend = Trend(pid, sections.get(pid, ""), heading_of(pid, labelled), tuple(points[pid]),
                      lows.get(pid, 1), math.ceil(max([tops.get(pid, 0), *values])))
        if not only_changed or trend.change != 0:
            trends.append(trend)
    cut = _movers_cut([abs(t.change) for t in trends], movers)
    if cut is not None:
        trends = [replace(t, biggest_mover=abs(t.change) >= cut) for t in trends]
    whole = dict(framework_scale)
    if whole and all(whole.get(value) == label for value, label in scale.items()):
        scale = whole  # the whole scale, not only the values given (the labels agree)
    return Trends(tuple(trends), tuple(sessions), since, until, tuple(sorted(scale.items())),
                  movers)


def _movers_cut(changes: Sequence[float], movers: int) -> float | None:
    """The smallest change (in whole points) that is marked as one of the biggest: at most
    `movers` are marked, so changes tied at the cut are all left out when they do not fit."""
    moving = sorted((c for c in changes if c >= 1), reverse=True)
    if not moving or movers <= 0:
        return None
    if len(moving) <= movers:
        return moving[-1]
    fitting = [c for c in moving if c > moving[movers]]  # above the first change left out
    return fitting[-1] if fitting else None


def movers_note(trends: Trends) -> str:
    """What the ★ marks, in words, for every format: the biggest changes, and those as big
    that there was no room to mark ('' when nothing changed)."""
    marked = [t for t in trends.trends if t.biggest_mover]
    # (a move under a whole point is never marked: a median of 4.5 to 4 is no news)
    unmarked = [abs(t.change) for t in trends.trends
                if abs(t.change) >= 1 and not t.biggest_mover]
    top = max(unmarked, default=0)
    tied = unmarked.count(top)
    if marked and (not unmarked or len(marked) >= trends.movers):
        return "★ the biggest changes from first to latest."
    if not unmarked:
        return ""  # nothing moved
    size = f"{number_text(top)} point{'s' if top != 1 else ''}"
    most = {1: "one", 2: "two", 3: "three"}.get(trends.movers, str(trends.movers))
    if marked:
        return (f"★ the biggest changes from first to latest; {tied} more changed by {size} "
                f"each, too many to mark (★ marks at most {most}).")
    return (f"No ★: {tied} characteristics share the biggest change, {size}, too many to mark "
            f"(★ marks at most {most}).")


def sparkline(values: Sequence[float], low: float, high: float, width: int | None = None) -> str:
    """A row of block characters, one per value (averaged into `width` blocks if longer)."""
    if width is not None and len(values) > width > 0:
        size = len(values) / width
        values = [_mean(values[int(i * size):max(int((i + 1) * size), int(i * size) + 1)])
                  for i in range(width)]
    span = high - low
    top = len(SPARK_BLOCKS) - 1
    out = []
    for value in values:
        level = 0 if span <= 0 else round((min(max(value, low), high) - low) / span * top)
        out.append(SPARK_BLOCKS[level])
    return "".join(out)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
