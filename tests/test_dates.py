"""The one date reader: every form people write, and a precise reason for a date that is not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reflect_cli.domain.dates import DateError, read_date, read_due_date


@pytest.mark.parametrize(("text", "day"), [
    ("2026-01-12", dt.date(2026, 1, 12)),
    ("12/01/2026", dt.date(2026, 1, 12)),
    ("12.01.2026", dt.date(2026, 1, 12)),
    ("12-01-2026", dt.date(2026, 1, 12)),
    ("15/1/27", dt.date(2027, 1, 15)),
    ("31 March 2027", dt.date(2027, 3, 31)),
    ("31 Mar 2027", dt.date(2027, 3, 31)),
    ("31 mar. 2027", dt.date(2027, 3, 31)),
    ("1st Sept 2026", dt.date(2026, 9, 1)),
    ("March 31, 2027", dt.date(2027, 3, 31)),
    ("Thursday 12 March 2026", dt.date(2026, 3, 12)),  # as a log's heading writes it
    ("  29/2/2028 ", dt.date(2028, 2, 29)),
])
def test_every_form_people_write_is_read_day_first(text: str, day: dt.date) -> None:
    assert read_date(text) == day


@pytest.mark.parametrize(("text", "reason"), [
    ("31/02/2026", "February 2026 has 28 days"),
    ("2026-02-29", "February 2026 has 28 days"),
    ("31 April 2026", "April 2026 has 30 days"),
    ("0/1/2026", "there is no day 0"),
    ("12/31/2026", "there is no month 31; reflect reads the day first, so this may be "
                   "31/12/2026"),
    ("20/13/2026", "there is no month 13"),
    ("12 Marhc 2026", "'Marhc' is not the name of a month"),
    ("Friday 12 March 2026", "12 March 2026 is a Thursday, not a Friday"),
    ("1/1/026", "write the year in full (026 is not a year)"),
])
def test_a_date_that_cannot_be_says_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as raised:
        read_date(text)
    assert raised.value.message == f"'{text}' is not a date: {reason}"
    assert raised.value.shaped  # so `show` says why, rather than looking for a file name


@pytest.mark.parametrize("text", ["next tuesday", "spring", "2026-03", "", "2026-03-12-x"])
def test_what_is_not_a_date_says_how_to_write_one(text: str) -> None:
    with pytest.raises(DateError) as raised:
        read_date(text)
    assert "write it as YYYY-MM-DD (2026-03-12), DD/MM/YYYY (12/03/2026) or 12 March 2026" \
        in raised.value.message
    assert not raised.value.shaped  # so `show` looks for a file name that starts so


# -- the same reader wherever a date is given: --date, --since, --until, show DATE, compare DATE
def flat(text: str) -> str:
    return " ".join(text.split())


def journal_of_two(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, text in (("a", "title: First\ndate: 2026-01-12\nkind: journal\n"
                              "purpose.impact: Less waiting.\n"),
                       ("b", "title: Second\ndate: 2027-03-31\nkind: journal\n"
                              "purpose.impact: Fewer crises.\n")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        assert invoke("session", "--answers", str(path)).exit_code == 0


@pytest.mark.parametrize("day", ["12/01/2026", "12/1/26", "12 January 2026", "12 Jan 2026",
                                 "2026-01-12", "Monday 12 January 2026"])
def test_show_finds_a_session_by_any_form_of_its_date(invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       day: str) -> None:
    journal_of_two(invoke, tmp_path)
    result = invoke("show", day)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# First")


@pytest.mark.parametrize("day", ["31 March 2027", "31 Mar 2027", "31/3/27", "31/03/2027"])
def test_date_takes_the_forms_show_takes(invoke, tmp_path: Path, day: str) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "c.yaml"
    answers.write_text("kind: journal\nrole.change: Slowly.\n", encoding="utf-8")
    result = invoke("session", "--answers", str(answers), "--date", day)
    assert result.exit_code == 0, result.output
    assert invoke("show", day).stdout.startswith("# Journal entry")
    listed = invoke("list", "--format", "json").stdout
    assert '"date": "2027-03-31"' in listed


@pytest.mark.parametrize(("args", "message"), [
    (["session", "--answers", "x.yaml", "--date", "31/02/2026"],
     "--date: '31/02/2026' is not a date: February 2026 has 28 days"),
    (["history", "purpose", "--since", "31/04/2026"],
     "--since: '31/04/2026' is not a date: April 2026 has 30 days"),
    (["trends", "--until", "12/13/2026"],
     "--until: '12/13/2026' is not a date: there is no month 13; reflect reads the day first"),
    (["show", "29/02/2026"], "'29/02/2026' is not a date: February 2026 has 28 days"),
    (["compare", "30 Feb 2026"], "'30 Feb 2026' is not a date: February 2026 has 28 days"),
])
def test_an_impossible_date_says_why_everywhere(invoke, tmp_path: Path, args: list[str],  # type: ignore[no-untyped-def]
                                                message: str) -> None:
    journal_of_two(invoke, tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert message in flat(result.stderr)


def test_compare_takes_dates_in_any_form(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal_of_two(invoke, tmp_path)
    result = invoke("compare", "12 Jan 2026", "31/3/27")
    assert result.exit_code == 0, result.output
    assert "Less waiting." in result.stdout
    assert "Fewer crises." in result.stdout


def test_a_date_corrected_by_hand_is_found_by_show_as_list_shows_it(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path, journal: Path) -> None:
    journal_of_two(invoke, tmp_path)
    log = journal / "2026-01-12-first.md"
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("date: 2026-01-12", "date: 2026-01-14"), encoding="utf-8")
    assert "2026-01-14" in invoke("list").stdout
    result = invoke("show", "14/01/2026")
    assert result.exit_code == 0, result.output
    # The line under the title says the date list says, not the one the file was written with.
    assert "Journal entry · Wednesday 14 January 2026 · 1 answered, 0 skipped" in result.stdout
    assert "Monday 12 January" not in result.stdout


def test_two_sessions_on_the_day_asked_for_are_both_named(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    journal_of_two(invoke, tmp_path)
    answers = tmp_path / "c.yaml"
    answers.write_text("title: Later\ndate: 2026-01-12\nrole.change: x\n", encoding="utf-8")
    invoke("session", "--answers", str(answers))
    result = invoke("show", "12/1/2026")
    assert result.exit_code == 2
    assert ("there are 2 sessions on Monday 12 January 2026: 2026-01-12-first.md, "
            "2026-01-12-later.md") in flat(result.stderr)


@pytest.mark.parametrize(("text", "day"), [
    ("15 Dec", dt.date(2026, 12, 15)),       # later this year
    ("15 Jan", dt.date(2027, 1, 15)),        # already past this year: next year's
    ("30 Nov", dt.date(2026, 11, 30)),       # today counts
    ("March 3rd", dt.date(2027, 3, 3)),
    ("29 Feb", dt.date(2028, 2, 29)),        # the next year that has one
    ("15 Dec 2027", dt.date(2027, 12, 15)),  # a year given is kept
    ("15/1/26", dt.date(2026, 1, 15)),       # even in the past (the prompt asks to keep it)
])
def test_a_due_date_without_a_year_is_the_next_such_day(text: str, day: dt.date) -> None:
    assert read_due_date(text, dt.date(2026, 11, 30)) == day


@pytest.mark.parametrize(("text", "reason"), [
    ("31 Feb", "February 2027 has 28 days"),
    ("12 Marhc", "'Marhc' is not the name of a month"),
    ("31/02/2026", "February 2026 has 28 days"),
])
def test_a_due_date_that_cannot_be_says_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        read_due_date(text, dt.date(2026, 11, 30))
    assert caught.value.reason == reason


def test_a_due_date_that_is_no_date_says_so() -> None:
    with pytest.raises(DateError) as caught:
        read_due_date("soon", dt.date(2026, 11, 30))
    assert not caught.value.shaped
