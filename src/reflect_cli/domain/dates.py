"""Dates as people write them: the one reader behind every date reflect accepts (--date,
--since, --until, `show DATE`, `compare DATE`, answers files, a log's front matter, due dates).

Numbers are read day first, as in the UK: 12/01/2026 is 12 January. Accepted forms:
2026-01-12, 12/01/2026, 12/1/26 (a two-digit year is in this century), 12.01.2026, 12-01-2026,
12 January 2026, 12 Jan 2026, 12th January 2026, Monday 12 January 2026 (the form logs are
headed with; the weekday must be right), January 12 2026. A date of the right shape that does
not exist says why: "February 2026 has 28 days", "there is no month 13".
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

#: How to write a date, said wherever one is refused.
DATE_FORMS = ("write it as YYYY-MM-DD (2026-03-12), DD/MM/YYYY (12/03/2026) or "
              "12 March 2026, day first")

# The patterns are compiled when a date is first read (re keeps them), not when this module
# is loaded: every command loads it, few read a date typed in words (3 ms of each command).
_NUMBERS = r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})$"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:([a-z]+),?\s+)?"
_DAY_MONTH_YEAR = rf"^{_WEEKDAY}{_ORDINAL}\s+([a-z]+)\.?,?\s+(\d{{1,4}})$"
_MONTH_DAY_YEAR = rf"^{_WEEKDAY}([a-z]+)\.?\s+{_ORDINAL},?\s+(\d{{1,4}})$"


@functools.cache
def _months() -> dict[str, int]:
    return {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


@functools.cache
def _days() -> list[str]:
    return [name.lower() for name in calendar.day_name]


class DateError(ValueError):
    """A text that is not a date. `shaped` when it looks like one (numbers and separators,
    a month's name) but cannot be: `reason` then says why."""

    def __init__(self, text: str, reason: str = "", *, shaped: bool = False) -> None:
        self.text = text
        self.reason = reason
        self.shaped = shaped
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """'31/02/2026' is not a date: February 2026 has 28 days (or how to write one)."""
        if self.reason:
            return f"'{self.text}' is not a date: {self.reason}"
        return f"'{self.text}' is not a date; {DATE_FORMS}"


def read_date(text: str) -> dt.date:
    """The day a person wrote, in any of the forms above; DateError saying why not."""
    cleaned = " ".join(text.strip().split())
    numbers = re.match(_NUMBERS, cleaned)
    if numbers:
        first, _, middle, last = numbers.groups()
        if len(first) == 4:
            return _day(text, first, middle, last)
        return _day(text, last, middle, first)
    words = re.match(_DAY_MONTH_YEAR, cleaned, re.IGNORECASE)
    if words:
        weekday, day, month, year = words.groups()
        return _named(text, weekday, day, month, year)
    words = re.match(_MONTH_DAY_YEAR, cleaned, re.IGNORECASE)
    if words:
        weekday, month, day, year = words.groups()
        return _named(text, weekday, day, month, year)
    raise DateError(text)


def _named(text: str, weekday: str | None, day: str, month: str, year: str) -> dt.date:
    number = _month(month)
    if number is None:  # "12 Marhc 2026": a day and a year, so a date's message
        raise DateError(text, f"'{month}' is not the name of a month", shaped=True)
    date = _day(text, year, str(number), day)
    if weekday is not None:
        named = _weekday(weekday)
        if named is None:
            raise DateError(text, f"'{weekday}' is not a day of the week", shaped=True)
        if named != date.weekday():
            raise DateError(text, f"{date.day} {calendar.month_name[date.month]} {date.year} "
                                  f"is a {calendar.day_name[date.weekday()]}, not a "
                                  f"{calendar.day_name[named]}", shaped=True)
    return date


def _month(word: str) -> int | None:
    """A month by its name or the start of it (three letters at least: 'Mar', 'Sept')."""
    word = word.lower()
    if len(word) < 3:
        return None
    found = {number for name, number in _months().items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _weekday(word: str) -> int | None:
    word = word.lower()
    if len(word) < 3:
        return None
    found = [i for i, name in enumerate(_days()) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _day(text: str, year_text: str, month_text: str, day_text: str) -> dt.date:
    """The date of these numbers, or a DateError that says which of them cannot be."""
    if len(year_text) == 2:
        year = 2000 + int(year_text)  # 15/1/27: a journal is kept this century
    elif len(year_text) == 4:
        year = int(year_text)
    else:
        raise DateError(text, f"write the year in full ({year_text} is not a year)",
                        shaped=True)
    month, day = int(month_text), int(day_text)
    if year < 1:
        raise DateError(text, "there is no year 0", shaped=True)
    if not 1 <= month <= 12:
        hint = (f"; reflect reads the day first, so this may be {month}/{day}/{year}"
                if 1 <= day <= 12 and 1 <= month <= 31 else "")
        raise DateError(text, f"there is no month {month}{hint}", shaped=True)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        reason = ("there is no day 0" if day == 0 else
                  f"{calendar.month_name[month]} {year} has {days} days")
        raise DateError(text, reason, shaped=True)
    return dt.date(year, month, day)


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    """--since and --until in the right order (a period that ends before it starts is a
    mistake to say, not an empty report)."""
    if since is not None and until is not None and until < since:
        from reflect_cli.errors import BadInputError

        raise BadInputError(f"--until {until} is before --since {since}")


_DAY_MONTH = rf"^{_ORDINAL}\s+([a-z]+)\.?$"
_MONTH_DAY = rf"^([a-z]+)\.?\s+{_ORDINAL}$"


def read_due_date(text: str, today: dt.date) -> dt.date:
    """A date something is due by: any form of read_date, or a day and a month without the
    year ('15 Dec', 'March 3rd'), taken as the next such day from `today` on (an action
    agreed in November 'by 15 Jan' is due next January). DateError says why not."""
    cleaned = " ".join(text.strip().split())
    found = re.match(_DAY_MONTH, cleaned, re.IGNORECASE)
    day_month = (found.group(1), found.group(2)) if found else None
    found = re.match(_MONTH_DAY, cleaned, re.IGNORECASE)
    if found:
        day_month = (found.group(2), found.group(1))
    if day_month is None:
        return read_date(text)
    day, month = day_month
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            date = _named(text, None, day, month, str(year))
        except DateError as error:
            if "is not the name of a month" in error.reason or int(day) > 31 or int(day) < 1:
                raise
            continue  # 29 February: the next year that has one
        if date >= today:
            return date
    return _named(text, None, day, month, str(today.year + 1))  # says why not
