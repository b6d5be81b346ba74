"""The report's model (domain/report.py): what a report on a meeting, or on a period of meetings,
says, built from real logs (the two example meetings) and from sessions made here. Pure: no
format draws anything in these tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from reflect_cli.domain.history import ratings_of
from reflect_cli.domain.meeting import Action, Meeting, Participant, Review
from reflect_cli.domain.model import Answer, Framework, Session
from reflect_cli.domain.report import (
    DOWN,
    HEAT_COLUMNS,
    SAME,
    UP,
    build_report,
    heat_map,
    summary_actions,
)
from reflect_cli.storage.logfile import parse_log

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "logs"


def example(name: str) -> tuple[str, Session]:
    path = next(EXAMPLES.glob(f"{name}*.md"))
    return path.name, parse_log(path.read_text(encoding="utf-8"), path.name)


def rated(day: dt.date, values: dict[str, int], *, number: int = 0) -> tuple[str, Session]:
    answers = [Answer(pid, "characteristics", rating=v, rating_of=5) for pid, v in values.items()]
    session = Session(id=f"s{day:%Y%m%d}{number}", date=day,
                      created=dt.datetime.combine(day, dt.time(10, number)),
                      framework_id="kings-fund-partnering", framework_version="1.0",
                      kind="meeting", sections=["characteristics"], answers=answers)
    return f"{day.isoformat()}-{number}.md", session


def test_a_meeting_report_summarises_the_autumn_meeting_against_the_spring_one(
        framework: Framework) -> None:
    spring, autumn = example("2026-03-12"), example("2026-09-17")
    report = build_report([autumn], before=spring, framework=framework)

    assert report.kind == "meeting"
    assert report.title == "Autumn partnership review"
    assert report.compared_with == '"Spring partnership review" (12 March 2026)'
    assert dict(report.change_counts) == {"changed": 27, "newly answered": 4, "unchanged": 3}
    sectors = {g.sector: g.people for g in report.people}
    assert sectors["Community member"] == ("Sam Okafor", "Mary Ellis")
    assert sectors["NHS"] == ("Tom Reed",)
    assert [g.sector for g in report.people][:3] == ["NHS", "Local authority", "VCSE"]
    assert (report.minutes_planned, report.minutes_spent) == (120, 120)
    assert report.joined == ("Lee Wong", "Mary Ellis")
    assert report.left == ("Jo Bell",)
    assert [(a.status, a.owner) for a in report.actions] == [
        ("done", "Sam Okafor"), ("done", "Aisha Khan"), ("done", "Tom Reed"),
        ("new", "Mary Ellis")]
    # The twelve characteristics, in the framework's order, now and last time.
    assert len(report.characteristics) == 12
    power = next(c for c in report.characteristics if c.prompt_id == "characteristics.power")
    assert (power.before, power.now, power.change) == (1, 3, 2)
    assert dict(power.individual) == {"Sam Okafor": 3, "Tom Reed": 3, "Aisha Khan": 3,
                                      "Priya Shah": 3, "Lee Wong": 4, "Mary Ellis": 2}
    assert report.has_spread
    assert not power.disagree
    # The appendix: every question, the notes under their speaker's name.
    assert [q.title for q in report.appendix][0] == \
        "1. What is the purpose of the partnership's work?"
    assert len([p for q in report.appendix for p in q.prompts]) == 34
    assert ("Mary Ellis", "Nervous, first time at one of these.") in report.checkin


def test_summary_only_leaves_the_answers_out_and_says_so(framework: Framework) -> None:
    report = build_report([example("2026-09-17")], before=example("2026-03-12"),
                          framework=framework, summary_only=True)

    assert report.appendix == ()
    assert report.checkin == ()
    assert report.left_out == ("the answers, question by question (--summary-only)",)
    assert report.characteristics  # the summary and charts stay


def test_the_first_meeting_has_nothing_to_compare_with(framework: Framework) -> None:
    report = build_report([example("2026-03-12")], framework=framework)

    assert report.compared_with == ""
    assert report.change_counts == ()
    assert all(c.before is None for c in report.characteristics)


def test_a_period_compares_its_first_meeting_with_its_last(framework: Framework) -> None:
    spring, autumn = example("2026-03-12"), example("2026-09-17")
    report = build_report([autumn, spring], framework=framework,
                          rated=[(f, s, ratings_of(s)) for f, s in (spring, autumn)])

    assert report.kind == "period"
    assert report.title == "Partnership report, 12 March 2026 to 17 September 2026"
    assert [d for d, _ in report.sessions] == [dt.date(2026, 3, 12), dt.date(2026, 9, 17)]
    attended = {name: n for g in report.people for name, n in zip(g.people, g.attended,
                                                                  strict=True)}
    assert attended["Tom Reed"] == 2
    assert attended["Jo Bell"] == 1
    assert (report.minutes_planned, report.minutes_spent) == (240, 245)  # both meetings
    # Actions agreed in spring and done by autumn are told once, as done.
    assert [a.status for a in report.actions] == ["done", "done", "done", "new"]
    assert report.heatmap is not None
    assert len(report.heatmap.columns) == 2


def test_overdue_actions_from_earlier_meetings_are_listed_as_still_open() -> None:
    people = [Participant("Tom Reed", "Trust", "NHS")]
    late = Action("old-1", "Write to the ICB", "Tom Reed", dt.date(2026, 4, 1))
    kept = Action("old-2", "Book the hall", "Tom Reed", dt.date(2026, 9, 1))
    earlier = Meeting(participants=people, actions=[late, kept])
    _, first = rated(dt.date(2026, 3, 1), {"characteristics.trust": 3})
    first.meeting = earlier
    _, now = rated(dt.date(2026, 5, 1), {"characteristics.trust": 4})
    now.meeting = Meeting(participants=people, reviews=[Review(kept, "carried over")])
    meetings = [("s1", first.date, "2026-03-01T10:00", earlier),
                ("s2", now.date, "2026-05-01T10:00", now.meeting)]

    report = build_report([("b.md", now)], before=("a.md", first), meetings=meetings)

    assert [(a.text, a.status, a.overdue_since) for a in report.actions] == [
        ("Book the hall", "carried over", None),
        ("Write to the ICB", "open", dt.date(2026, 4, 1))]
    # Over a period, the summary lists only what is overdue.
    period = replace(report, kind="period")
    assert [a.text for a in summary_actions(period)] == ["Write to the ICB"]


def test_the_heat_map_has_a_column_a_session_and_an_arrow_a_row() -> None:
    sessions = [rated(dt.date(2026, 1, 5) + dt.timedelta(weeks=n),
                      {"characteristics.trust": 2 + n, "characteristics.power": 4 - n,
                       "characteristics.learning": 3}) for n in range(3)]

    heat = heat_map([(f, s, ratings_of(s)) for f, s in reversed(sessions)], None)

    assert heat is not None
    assert heat.per == "session"
    assert [c.label for c in heat.columns] == ["5 Jan 2026", "12 Jan 2026", "19 Jan 2026"]
    rows = dict(zip((pid for pid, _ in heat.rows), heat.arrows, strict=True))
    assert rows == {"characteristics.trust": UP, "characteristics.power": DOWN,
                    "characteristics.learning": SAME}
    trust = [pid for pid, _ in heat.rows].index("characteristics.trust")
    assert [c.values[trust] for c in heat.columns] == [2, 3, 4]


def test_a_year_of_weekly_meetings_is_shown_a_month_a_column() -> None:
    start = dt.date(2025, 1, 6)
    sessions = [rated(start + dt.timedelta(weeks=n), {"characteristics.trust": 1 + n % 5})
                for n in range(52)]
    assert len(sessions) > HEAT_COLUMNS

    heat = heat_map([(f, s, ratings_of(s)) for f, s in sessions], None)

    assert heat is not None
    assert heat.per == "month"
    assert [c.label for c in heat.columns][:2] == ["Jan 2025", "Feb 2025"]
    assert len(heat.columns) == 12
    assert sum(c.sessions for c in heat.columns) == 52
    january = [1 + n % 5 for n in range(4)]  # the four Mondays of January 2025
    assert heat.columns[0].values == (sum(january) / 4,)


def test_twenty_years_of_meetings_are_shown_a_year_a_column() -> None:
    sessions = [rated(dt.date(2006 + n // 4, 1 + 3 * (n % 4), 1), {"characteristics.trust": 3})
                for n in range(80)]

    heat = heat_map([(f, s, ratings_of(s)) for f, s in sessions], None)

    assert heat is not None
    assert heat.per == "year"
    assert len(heat.columns) == 20


def test_an_entry_keeps_its_answers_and_actions_and_nothing_of_a_summary(
        framework: Framework) -> None:
    report = build_report([example("2026-03-12")], kind="entry", framework=framework)

    assert report.kind == "entry"
    assert report.characteristics == ()
    assert report.heatmap is None
    assert len([p for q in report.appendix for p in q.prompts]) == 34
    assert {a.status for a in report.actions} == {"new"}


def test_an_action_carried_over_then_done_in_a_period_is_told_once_as_done() -> None:
    people = [Participant("Aisha Khan", "Food Bank", "VCSE")]
    hall = Action("m1-1", "Book the hall", "Aisha Khan", dt.date(2026, 2, 1))
    sessions = []
    for number, (day, meeting) in enumerate((
            (dt.date(2026, 1, 5), Meeting(participants=people, actions=[hall])),
            (dt.date(2026, 2, 2), Meeting(participants=people, reviews=[
                Review(replace(hall, due=dt.date(2026, 3, 1)), "carried over")])),
            (dt.date(2026, 3, 2), Meeting(participants=people, reviews=[
                Review(replace(hall, due=dt.date(2026, 3, 1)), "done", "Booked for May")])))):
        name, session = rated(day, {"characteristics.trust": 3}, number=number)
        session.meeting = meeting
        sessions.append((name, session))

    report = build_report(sessions, kind="period")

    assert [(a.text, a.status, a.comment) for a in report.actions] == [
        ("Book the hall", "done", "Booked for May")]
