"""history and search show the latest few by default (--limit N, --all): a journal of years
answers at once, and says what it left out and how to see it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reflect_cli.domain.model import Answer, Session
from reflect_cli.storage.logfile import render_log

UTC = dt.timezone.utc


@pytest.fixture
def years(journal: Path) -> Path:
    """25 sessions a week apart, each answering purpose.impact with 'residents week N'."""
    journal.mkdir()
    for week in range(25):
        day = dt.date(2026, 1, 5) + dt.timedelta(weeks=week)
        session = Session(
            id=f"s{week:02d}", date=day, created=dt.datetime.combine(day, dt.time(10), UTC),
            framework_id="kings-fund-partnering", framework_version="1.0",
            title=f"Week {week}", kind="journal", sections=["purpose"],
            answers=[Answer("purpose.impact", "purpose", text=f"Residents said week {week}.")],
            labels={"purpose": "1. Purpose", "purpose.impact": "What difference?"})
        (journal / f"{day}-week.md").write_text(render_log(session), encoding="utf-8")
    return journal


def _history(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = invoke("history", "purpose.impact", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_history_shows_the_latest_twenty_and_says_what_it_left_out(invoke, years: Path) -> None:  # type: ignore[no-untyped-def]
    data = _history(invoke)
    entries = data["prompts"][0]["entries"]
    assert [e["session"]["id"] for e in entries] == [f"s{w:02d}" for w in range(5, 25)]
    assert data["earlier"] == 5
    # The first shown is still compared with the answer before it, not called the first.
    assert entries[0]["status"] == "changed"
    assert entries[0]["diff"] is not None
    shown = invoke("history", "purpose.impact")
    assert shown.exit_code == 0
    assert "20 sessions, Mon 9 Feb 2026 to Mon 22 Jun 2026" in shown.output
    assert "5 earlier sessions left out: add --all to see every one" in shown.output
    assert "Week 4 " not in shown.output
    markdown = invoke("history", "purpose.impact", "--format", "markdown").output
    assert "5 earlier sessions left out" in markdown


def test_history_all_and_limit(invoke, years: Path) -> None:  # type: ignore[no-untyped-def]
    every = _history(invoke, "--all")
    assert len(every["prompts"][0]["entries"]) == 25
    assert every["prompts"][0]["entries"][0]["status"] == "first"
    assert every["earlier"] == 0
    assert "left out" not in invoke("history", "purpose.impact", "--all").output
    three = _history(invoke, "-n", "3")
    assert [e["session"]["id"] for e in three["prompts"][0]["entries"]] == ["s22", "s23", "s24"]
    assert three["earlier"] == 22
    # A question id: the latest sessions that asked any of its prompts.
    question = invoke("history", "purpose", "--limit", "2", "--format", "json")
    assert [e["session"]["id"] for e in json.loads(question.stdout)["prompts"][0]["entries"]
            ] == ["s23", "s24"]
    # A period and a limit together: the limit counts within the period.
    period = _history(invoke, "--until", "2026-02-01", "-n", "2")
    assert [e["session"]["id"] for e in period["prompts"][0]["entries"]] == ["s02", "s03"]
    assert period["earlier"] == 2


def test_history_only_changed_with_a_limit(invoke, journal: Path, years: Path) -> None:  # type: ignore[no-untyped-def]
    data = _history(invoke, "--only-changed", "-n", "4")
    assert [e["session"]["id"] for e in data["prompts"][0]["entries"]] == [
        "s21", "s22", "s23", "s24"]
    assert data["earlier"] == 21


@pytest.mark.parametrize("command", ["history purpose.impact", "search residents"])
@pytest.mark.parametrize(("value", "message"), [
    ("0", "--limit must be 1 or more, not 0"), ("-3", "--limit must be 1 or more, not -3"),
    ("many", "'many' is not a whole number")])
def test_a_limit_that_is_not_a_count_is_refused(invoke, years: Path, command: str, value: str,  # type: ignore[no-untyped-def]
                                                message: str) -> None:
    result = invoke(*command.split(), "--limit", value)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def _search(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = invoke("search", "residents", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("index", ["on", "off"])
def test_search_shows_the_newest_twenty_and_says_more_match(  # type: ignore[no-untyped-def]
        invoke, years: Path, index: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if index == "off":
        monkeypatch.setenv("REFLECT_CACHE_DIR", "off")
    data = _search(invoke)
    assert [p["session"] for p in data["passages"]] == [f"s{w:02d}" for w in range(24, 4, -1)]
    assert data["more"] is True
    shown = invoke("search", "residents")
    assert "The newest 20 passages found for 'residents'" in shown.output
    assert "More passages match: add --all to see every one" in shown.output
    assert "week 4." not in shown.output
    every = _search(invoke, "--all")
    assert len(every["passages"]) == 25
    assert every["more"] is False
    assert "25 passages found for 'residents'" in invoke("search", "residents", "--all").output
    assert [p["session"] for p in _search(invoke, "-n", "2")["passages"]] == ["s24", "s23"]
    # Exactly as many as the limit: nothing more to say.
    exact = _search(invoke, "-n", "25")
    assert len(exact["passages"]) == 25
    assert exact["more"] is False


@pytest.fixture
def rated(journal: Path) -> Path:
    """60 sessions a week apart, each rating one characteristic 1 to 5 in turn."""
    journal.mkdir()
    for week in range(60):
        day = dt.date(2025, 1, 6) + dt.timedelta(weeks=week)
        session = Session(
            id=f"r{week:02d}", date=day, created=dt.datetime.combine(day, dt.time(10), UTC),
            framework_id="kings-fund-partnering", framework_version="1.0",
            title=f"Week {week}", kind="journal", sections=["characteristics"],
            answers=[Answer("characteristics.trust", "characteristics", rating=week % 5 + 1,
                            rating_of=5, rating_label="x")],
            labels={"characteristics": "Characteristics", "characteristics.trust": "Trust"})
        (journal / f"{day}-week.md").write_text(render_log(session), encoding="utf-8")
    return journal


def _trends(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = invoke("trends", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_trends_read_the_latest_fifty_sessions_and_say_what_they_left_out(  # type: ignore[no-untyped-def]
        invoke, rated: Path) -> None:
    data = _trends(invoke)
    assert data["sessions"] == 50
    assert data["earlier"] == 10
    values = data["characteristics"][0]["values"]
    assert values[0]["date"] == str(dt.date(2025, 1, 6) + dt.timedelta(weeks=10))
    assert [v["value"] for v in values[:3]] == [1, 2, 3]  # weeks 10, 11, 12
    shown = invoke("trends")
    assert "10 earlier sessions with ratings left out: add --all" in shown.output
    every = _trends(invoke, "--all")
    assert every["sessions"] == 60
    assert every["earlier"] == 0
    assert "left out" not in invoke("trends", "--all").output
    assert _trends(invoke, "-n", "5")["earlier"] == 55
    assert "55 earlier sessions" in invoke("trends", "-n", "5", "--format", "markdown").output
