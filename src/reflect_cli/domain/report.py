"""A report for people outside the room (a board, a funder, residents): what a meeting, or a
period of meetings, said and did, as plain data. Pure: built from sessions, never rendered here.

`build_report` is the one way a Report is made, so whatever is later done to every report
(leaving names out, say) is done to this model, once, before any format draws it. Each output
format (outputs/html.py, outputs/docx.py, outputs/reportmd.py) only draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .compare import (
    chronological,
    compare_sessions,
    point_text,
    speaker_name,
    status_label,
    when,
    with_names,
)
from .history import Rating
from .meeting import REVIEW_STATUSES, Meeting, spread, track_actions
from .model import GroupRating, rating_text

if TYPE_CHECKING:
    from .model import Framework, Session

ReportKind = Literal["meeting", "period", "entry"]
#: Trend arrows: the latest value against the first, in the heat map's period.
UP, DOWN, SAME = "up", "down", "same"
#: How many sessions a heat map shows one by one; more are shown a month (or a year) a column.
HEAT_COLUMNS = 24
#: How many rated sessions a report on one meeting shows in its heat map (that one the last).
RECENT_SESSIONS = 12
NO_SECTOR = "Sector not given"


@dataclass(frozen=True)
class SectorGroup:
    """The people of one sector who took part, by name (and, over a period, how many of the
    period's meetings each came to)."""

    sector: str
    people: tuple[str, ...]
    attended: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportAction:
    """An action as a report tells it: `status` is new, done, carried over, dropped or open;
    `overdue_since` the date it was due by, when that has passed on the report's day."""

    text: str
    owner: str
    due: dt.date | None
    status: str
    overdue_since: dt.date | None = None
    comment: str = ""


@dataclass(frozen=True)
class Characteristic:
    """One rated characteristic: this time, last time (None: not rated), the top of the scale,
    and each person's rating this time, by name."""

    prompt_id: str
    label: str
    now: float | None  # a median may be a half (4.5): never rounded
    before: float | None
    top: int
    individual: tuple[tuple[str, int], ...] = ()
    low: int = 1
    #: Where each person rated: the median, range and the rating agreed (now, and before).
    group: GroupRating | None = None
    before_group: GroupRating | None = None

    @property
    def now_text(self) -> str:
        """This time's rating as compare says it: '4.5 (3–5)', '4 agreed (3–5)', '4'."""
        return "–" if self.now is None else point_text(self.now, self.group)

    @property
    def before_text(self) -> str:
        return "–" if self.before is None else point_text(self.before, self.before_group)

    @property
    def change(self) -> float | None:
        return None if self.now is None or self.before is None else self.now - self.before

    @property
    def disagree(self) -> bool:
        """Ratings 3 or more points apart (60% of the scale): a conversation to have."""
        found = spread((v for _, v in self.individual), self.low, self.top)
        return found is not None and found.disagree


@dataclass(frozen=True)
class HeatColumn:
    """A column of the heat map: one session, or a month or a year of them (the mean of their
    ratings); one value per row, None where it was not rated."""

    label: str
    values: tuple[float | None, ...]
    sessions: int = 1


@dataclass(frozen=True)
class HeatMap:
    """Characteristics (rows) by session (columns), oldest first, with a trend arrow for each
    row: the latest value against the first."""

    rows: tuple[tuple[str, str], ...]  # prompt id, label
    columns: tuple[HeatColumn, ...]
    arrows: tuple[str, ...]
    per: Literal["session", "month", "year"] = "session"
    top: int = 5
    low: int = 1


@dataclass(frozen=True)
class AppendixPrompt:
    """A prompt and what was said to it: the group's words, a rating in words, each person's
    note by name."""

    label: str
    text: str = ""
    rating: str = ""
    notes: tuple[tuple[str, str], ...] = ()

    @property
    def skipped(self) -> bool:
        return not (self.text or self.rating or self.notes)


@dataclass(frozen=True)
class AppendixQuestion:
    title: str
    prompts: tuple[AppendixPrompt, ...]


@dataclass(frozen=True)
class Report:
    """Everything a report says, in the order it says it."""

    kind: ReportKind
    title: str
    first: dt.date
    last: dt.date
    #: The sessions covered: (date, title), oldest first.
    sessions: tuple[tuple[dt.date, str], ...]
    people: tuple[SectorGroup, ...] = ()
    minutes_planned: int | None = None
    minutes_spent: int | None = None
    #: Time per question: (question, minutes), in the order asked.
    time_by_question: tuple[tuple[str, int], ...] = ()
    #: What the summary compares with: '"Spring partnership review" (12 March 2026)'.
    compared_with: str = ""
    #: How many prompts had each status, in words: ('changed', 27), ...
    change_counts: tuple[tuple[str, int], ...] = ()
    #: The prompts whose answer changed (or was answered for the first time), by label.
    changed: tuple[str, ...] = ()
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    actions: tuple[ReportAction, ...] = ()
    characteristics: tuple[Characteristic, ...] = ()
    scale: tuple[tuple[int, str], ...] = ()
    heatmap: HeatMap | None = None
    checkin: tuple[tuple[str, str], ...] = ()
    appendix: tuple[AppendixQuestion, ...] = ()
    #: Key messages that head the summary (the facilitator's).
    messages: tuple[str, ...] = ()
    #: What this report leaves out, in words ("the answers (--summary-only)").
    left_out: tuple[str, ...] = ()
    #: Who is named, in a sentence ("Nobody is named: ..."; "" when everyone is).
    naming: str = ""
    #: The kind of the (last) session: meeting or journal.
    session_kind: str = "meeting"
    #: The date the report speaks of for overdue actions: the last session's.
    made_for: dt.date = field(default_factory=dt.date.today)

    @property
    def has_ratings(self) -> bool:
        return any(c.now is not None or c.before is not None for c in self.characteristics)

    @property
    def has_before(self) -> bool:
        """Is there an earlier rating to set this one against (not at a first meeting)?"""
        return any(c.before is not None for c in self.characteristics)

    @property
    def has_spread(self) -> bool:
        return any(len(c.individual) > 1 for c in self.characteristics)


# -- building it ---------------------------------------------------------------------------------
def build_report(sessions: Sequence[tuple[str, Session]], *,
                 kind: ReportKind | None = None,
                 before: tuple[str, Session] | None = None,
                 rated: Iterable[tuple[str, Session, Sequence[Rating]]] = (),
                 meetings: Iterable[tuple[str, dt.date, str, Meeting]] = (),
                 framework: Framework | None = None,
                 summary_only: bool = False,
                 messages: Sequence[str] = (),
                 naming: str = "",
                 left_out: Sequence[str] = ()) -> Report:
    """The report on `sessions` (file name, session with its answers): one meeting, a period
    of them, or one entry to share (`kind` "entry": its answers only).

    `before` is what the summary compares with (for one meeting: the one before it; over a
    period the first session of the period is compared with the last, and `before` is not
    needed). `rated` are the sessions whose ratings make the heat map (the period's, or the
    last few up to this meeting); `meetings` every meeting up to the report's last day (as
    Store.meetings gives them), to know which actions are still open and overdue; the
    framework gives the characteristics their order and the scale its words.

    The key messages that head the summary are `messages` (--message), else those of the last
    meeting's. `naming` (who is named) and `left_out` (what was left out, in words) come from
    the redaction the sessions went through (domain/redact.py), and the report says them under
    its title.
    """
    if not sessions:
        raise ValueError("a report needs at least one session")
    ordered = [(f, with_names(s)) for f, s in chronological(sessions)]
    focus = ordered[-1][1]
    if kind is None:
        kind = "meeting" if len(ordered) == 1 else "period"
    if kind == "period" and len(ordered) > 1:
        baseline: tuple[str, Session] | None = ordered[0]
    else:
        baseline = (before[0], with_names(before[1])) if before is not None else None
    first, last = ordered[0][1].date, focus.date
    title = _title(kind, ordered)
    covered = tuple((s.date, s.display_title) for _, s in ordered)
    appendix = () if summary_only else _appendix(focus, framework)
    checkin = () if summary_only else _checkin(focus)
    left_out = (*left_out, *(("the answers, question by question (--summary-only)",) if (
        summary_only and kind != "entry") else ()))
    given = tuple(" ".join(m.split()) for m in messages if m.strip())
    if not given and focus.meeting is not None:
        given = tuple(" ".join(m.split()) for m in focus.meeting.key_messages if m.strip())
    if kind == "entry":
        return Report(kind, title, first, last, covered, people=_people(ordered),
                      actions=_actions(ordered, (), last, only_new=True), checkin=checkin,
                      appendix=_appendix(focus, framework), messages=given,
                      left_out=left_out, naming=naming, session_kind=focus.kind,
                      made_for=last)
    counts: tuple[tuple[str, int], ...] = ()
    changed: tuple[str, ...] = ()
    joined: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    compared_with = ""
    if baseline is not None:
        comparison = compare_sessions(baseline[1], focus, baseline[0], ordered[-1][0],
                                      _order(framework))
        counts = tuple((status_label(k), n) for k, n in comparison.counts().items() if n)
        changed = tuple(p.label for p in comparison.prompts
                        if p.status in ("changed", "newly_answered") and p.rating is None)
        compared_with = _named(baseline[1])
        if comparison.meeting is not None:
            joined, gone = comparison.meeting.joined, comparison.meeting.left
    planned = sum(s.meeting.minutes or 0 for _, s in ordered if s.meeting) or None
    spent_by: dict[str, int] = {}
    for _, session in ordered:
        if session.meeting is not None:
            for section, seconds in session.meeting.seconds_spent.items():
                spent_by[section] = spent_by.get(section, 0) + seconds
    labels = {**(dict(_section_titles(framework)) if framework else {}), **focus.labels}
    time_by = tuple((labels.get(sid, sid), round(seconds / 60)) for sid, seconds in
                    spent_by.items())
    spent = round(sum(spent_by.values()) / 60) if spent_by else None
    characteristics = _characteristics(focus, baseline[1] if baseline else None, framework)
    return Report(
        kind, title, first, last, covered, people=_people(ordered),
        minutes_planned=planned, minutes_spent=spent, time_by_question=time_by,
        compared_with=compared_with, change_counts=counts, changed=changed, joined=joined,
        left=gone, actions=_actions(ordered, meetings, last),
        characteristics=characteristics, scale=_scale(focus, framework),
        heatmap=heat_map(rated, framework), checkin=checkin, appendix=appendix,
        messages=given, left_out=left_out, naming=naming, session_kind=focus.kind,
        made_for=last)


def _title(kind: ReportKind, ordered: Sequence[tuple[str, Session]]) -> str:
    focus = ordered[-1][1]
    if kind == "period" and len(ordered) > 1:
        first, last = ordered[0][1].date, focus.date
        return f"Partnership report, {_day(first)} to {_day(last)}"
    return " ".join(focus.display_title.split())


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _named(session: Session) -> str:
    return f"\"{' '.join(session.display_title.split())}\" ({_day(session.date)})"


def _order(framework: Framework | None) -> tuple[str, ...]:
    return tuple(p.id for _, p in framework.prompts()) if framework else ()


def _section_titles(framework: Framework) -> list[tuple[str, str]]:
    return [(s.id, s.title) for s in framework.sections]


def _people(ordered: Sequence[tuple[str, Session]]) -> tuple[SectorGroup, ...]:
    """Who took part, by sector (in the framework's usual order of sectors, then any other),
    each once, with how many of the sessions they came to."""
    seen: dict[str, tuple[str, str]] = {}  # person id -> (name, sector)
    count: dict[str, int] = {}
    for _, session in ordered:
        if session.meeting is None:
            if session.author is not None:
                who = session.author
                seen.setdefault(who.id, (who.name, who.sector or NO_SECTOR))
                count[who.id] = count.get(who.id, 0) + 1
            continue
        for person in session.meeting.participants:
            seen[person.id] = (person.name, person.sector or NO_SECTOR)
            count[person.id] = count.get(person.id, 0) + 1
    by_sector: dict[str, list[str]] = {}
    for pid, (_, sector) in seen.items():
        by_sector.setdefault(sector, []).append(pid)
    from .meeting import DEFAULT_SECTORS

    rank = {s.lower(): i for i, s in enumerate(DEFAULT_SECTORS)}
    groups = sorted(by_sector.items(), key=lambda kv: (rank.get(kv[0].lower(), 99), kv[0]))
    return tuple(SectorGroup(sector, tuple(seen[p][0] for p in pids),
                             tuple(count[p] for p in pids)) for sector, pids in groups)


def _actions(ordered: Sequence[tuple[str, Session]],
             meetings: Iterable[tuple[str, dt.date, str, Meeting]], on: dt.date,
             only_new: bool = False) -> tuple[ReportAction, ...]:
    """The actions: those reviewed in the sessions (done, carried over, dropped), those agreed
    in them (new), then those still open from before and overdue on the day `on`."""
    reviewed: dict[str, ReportAction] = {}  # action id -> its latest review, in that order
    if not only_new:
        for _, session in ordered:
            for review in session.meeting.reviews if session.meeting else ():
                action = review.action
                if review.status not in REVIEW_STATUSES:
                    continue
                late = action.due if review.status == "carried over" and action.due and \
                    action.due < on else None
                reviewed.pop(action.id, None)  # carried over, then done: told once, as done
                reviewed[action.id] = ReportAction(action.text, action.owner, action.due,
                                                   review.status, late, review.comment)
    found = list(reviewed.values())
    listed = set(reviewed)
    agreed = []
    for _, session in ordered:
        for action in session.meeting.actions if session.meeting else ():
            if action.id in listed:
                continue
            agreed.append(ReportAction(action.text, action.owner, action.due, "new",
                                       action.due if action.due and action.due < on else None))
            listed.add(action.id)
    found += agreed
    if only_new:
        return tuple(found)
    until = [m for m in meetings if m[1] <= on]
    for tracked in sorted(track_actions(until), key=lambda t: (t.action.due or on, t.date)):
        action = tracked.action
        if action.id in listed or not tracked.is_open or action.due is None or \
                action.due >= on:
            continue
        found.append(ReportAction(action.text, action.owner, action.due, "open", action.due))
    return tuple(found)


def _rating_prompts(sessions: Sequence[Session], framework: Framework | None
                    ) -> list[tuple[str, str]]:
    """The rated prompts, (id, label): the framework's in its order, then any others."""
    known: dict[str, str] = {}
    if framework is not None:
        for _, prompt in framework.prompts():
            if prompt.type == "rating":
                known[prompt.id] = prompt.text
    for session in sessions:
        for answer in session.answers:
            if answer.rating is not None and answer.prompt_id not in known:
                known[answer.prompt_id] = session.labels.get(answer.prompt_id,
                                                             answer.prompt_id)
    return list(known.items())


def _characteristics(focus: Session, before: Session | None, framework: Framework | None
                     ) -> tuple[Characteristic, ...]:
    asked = [s for s in (focus, before) if s is not None]
    if not any(a.rating is not None for s in asked for a in s.answers):
        return ()
    found = []
    for prompt_id, label in _rating_prompts(asked, framework):
        now = focus.answer(prompt_id)
        was = before.answer(prompt_id) if before is not None else None
        if now is None and was is None:
            continue
        top = next((a.rating_of for a in (now, was) if a is not None and a.rating_of), None)
        low = 1
        individual: tuple[tuple[str, int], ...] = ()
        meeting = focus.meeting
        if meeting is not None and prompt_id in meeting.ratings:
            individual = tuple((meeting.name(pid), value)
                               for pid, value in meeting.ratings[prompt_id].items())
            low, scale_top = meeting.scales.get(prompt_id, (1, top or 5))
            top = top or scale_top
        found.append(Characteristic(prompt_id, focus.labels.get(prompt_id, label),
                                    now.rating if now else None, was.rating if was else None,
                                    top or 5, individual, low,
                                    now.group if now else None, was.group if was else None))
    return tuple(found)


def _scale(focus: Session, framework: Framework | None) -> tuple[tuple[int, str], ...]:
    if framework is not None:
        for _, prompt in framework.prompts():
            if prompt.scale is not None:
                return prompt.scale.labels
    return tuple(sorted({(int(a.rating), a.rating_label) for a in focus.answers
                         if a.rating is not None and a.rating_label}))


def heat_map(rated: Iterable[tuple[str, Session, Sequence[Rating]]],
             framework: Framework | None) -> HeatMap | None:
    """The ratings of each characteristic by session, oldest first: a column a session, or a
    month (a year) a column when there are more than HEAT_COLUMNS of them. `rated` are (file,
    session, its ratings), as Store.ratings gives them."""
    found = sorted(((f, s, r) for f, s, r in rated if r), key=lambda x: when(x[0], x[1]))
    if not found:
        return None
    known: dict[str, str] = {}
    if framework is not None:
        known = {p.id: p.text for _, p in framework.prompts() if p.type == "rating"}
    for _, session, ratings in found:
        for prompt_id, *_ in ratings:
            if prompt_id not in known:
                known[prompt_id] = session.labels.get(prompt_id, prompt_id)
    rows = list(known.items())
    place = {pid: i for i, (pid, _) in enumerate(rows)}
    top = max((r[3] or 5 for _, _, ratings in found for r in ratings), default=5)
    per: Literal["session", "month", "year"] = "session"
    if len(found) > HEAT_COLUMNS:
        months = {(s.date.year, s.date.month) for _, s, _ in found}
        per = "month" if len(months) <= HEAT_COLUMNS else "year"
    groups: dict[object, list[tuple[Session, Sequence[Rating]]]] = {}
    for file, session, ratings in found:
        date = session.date
        key: object = file if per == "session" else (
            (date.year, date.month) if per == "month" else date.year)
        groups.setdefault(key, []).append((session, ratings))
    columns = []
    for members in groups.values():
        sums = [0.0] * len(rows)
        counts = [0] * len(rows)
        for _, ratings in members:
            for prompt_id, _, value, *_ in ratings:
                sums[place[prompt_id]] += value
                counts[place[prompt_id]] += 1
        date = members[0][0].date
        label = (f"{date.day} {date:%b %Y}" if per == "session" else
                 f"{date:%b %Y}" if per == "month" else f"{date.year}")
        columns.append(HeatColumn(label, tuple(s / n if n else None
                                               for s, n in zip(sums, counts, strict=True)),
                                  len(members)))
    arrows = []
    for index in range(len(rows)):
        present = [v for v in (c.values[index] for c in columns) if v is not None]
        if len(present) < 2:
            arrows.append("")
            continue
        first, latest = present[0], present[-1]
        arrows.append(UP if latest - first >= 0.5 else DOWN if first - latest >= 0.5 else SAME)
    used = [i for i in range(len(rows)) if any(c.values[i] is not None for c in columns)]
    return HeatMap(tuple(rows[i] for i in used),
                   tuple(HeatColumn(c.label, tuple(c.values[i] for i in used), c.sessions)
                         for c in columns),
                   tuple(arrows[i] for i in used), per, top)


def _checkin(session: Session) -> tuple[tuple[str, str], ...]:
    meeting = session.meeting
    if meeting is None:
        return ()
    return tuple((meeting.name(pid), text) for pid, text in meeting.checkin.items() if text)


def _appendix(session: Session, framework: Framework | None
              ) -> tuple[AppendixQuestion, ...]:
    """The answers, question by question, in the order the session asked them."""
    titles = dict(_section_titles(framework)) if framework else {}
    by_section: dict[str, list[AppendixPrompt]] = {}
    for answer in session.answers:
        label = session.labels.get(answer.prompt_id, answer.prompt_id)
        rating = rating_text(answer) if answer.rating is not None else ""
        if rating and answer.group is None and session.meeting is not None and \
                answer.prompt_id in session.meeting.ratings:
            people = session.meeting.ratings[answer.prompt_id]
            found = spread(people.values(), *session.meeting.scales.get(
                answer.prompt_id, (1, answer.rating_of or 5)))
            if found is not None and found.count > 1:
                rating += (f"; each person's: lowest {found.low}, median "
                           f"{found.median:g}, highest {found.high}")
        notes = tuple((n.name or speaker_name(n.speaker), n.text) for n in answer.notes)
        by_section.setdefault(answer.section, []).append(
            AppendixPrompt(label, answer.text, rating, notes))
    return tuple(AppendixQuestion(session.labels.get(sid) or titles.get(sid, sid),
                                  tuple(prompts))
                 for sid, prompts in by_section.items())


#: How an action's status is said, in every format.
STATUS_WORDS = {"new": "New", "done": "Done", "carried over": "Carried over",
                "dropped": "Dropped", "open": "Still open"}


def action_counts(report: Report) -> str:
    """'3 done, 1 new; 2 overdue' (or '' when there are no actions)."""
    counts: dict[str, int] = {}
    for action in report.actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    overdue = sum(1 for a in report.actions if a.overdue_since)
    said = ", ".join(f"{n} {STATUS_WORDS.get(s, s).lower()}" for s, n in counts.items())
    said += f"; {overdue} overdue" if overdue else ""
    return said[:1].upper() + said[1:]


def summary_actions(report: Report) -> tuple[ReportAction, ...]:
    """The actions the summary lists: all of one meeting's; over a period (which may have a
    hundred), only those still open and overdue (the rest follow the charts)."""
    if report.kind != "period":
        return report.actions
    return tuple(a for a in report.actions if a.overdue_since and a.status not in (
        "done", "dropped"))


def spread_heading(report: Report) -> str:
    return "Each person's rating at the last meeting" if report.kind == "period" else \
        "Each person's rating"


def changed_heading(report: Report) -> str:
    return "What changed over the period" if report.kind == "period" else \
        "What changed since last time"


def describe(report: Report) -> str:
    """The line under a report's title: 'Report on the meeting of Thursday 17 September 2026',
    '52 meetings, Monday 5 January 2026 to ...', 'Journal entry of ...'."""
    def day(date: dt.date) -> str:
        return f"{date:%A} {date.day} {date:%B %Y}"

    if report.kind == "period":
        count = len(report.sessions)
        return f"{count} meeting{'s' if count != 1 else ''}, {day(report.first)} to " \
            f"{day(report.last)}"
    if report.kind == "meeting":
        what = "the meeting" if report.session_kind == "meeting" else "the journal entry"
        return f"Report on {what} of {day(report.last)}"
    what = "Meeting" if report.session_kind == "meeting" else "Journal entry"
    return f"{what} of {day(report.last)}"


def about(report: Report) -> str:
    """What the report says under its title of who is named and what it leaves out ('' when
    it names everyone and leaves nothing out)."""
    said = [report.naming] if report.naming else []
    if report.left_out:
        said.append(f"Left out of this report: {'; '.join(report.left_out)}.")
    return " ".join(said)


def arrow_words(arrow: str) -> str:
    """A trend arrow in words, for text beside a chart and for screen readers."""
    return {UP: "up", DOWN: "down", SAME: "level"}.get(arrow, "one rating only")


def arrow_mark(arrow: str) -> str:
    return {UP: "↑", DOWN: "↓", SAME: "→"}.get(arrow, "·")
