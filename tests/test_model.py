"""Pure tests of the model's small helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from reflect_cli.domain.compare import answer_text
from reflect_cli.domain.model import Answer, Note, clean_text, parse_day, rating_text


@pytest.mark.parametrize(("text", "day"), [
    ("2026-05-31", dt.date(2026, 5, 31)),
    (" 31/05/2026 ", dt.date(2026, 5, 31)),
    ("1/6/2026", dt.date(2026, 6, 1)),
    ("31.05.2026", dt.date(2026, 5, 31)),
    ("31/02/2026", None),
    ("05/31/2026", None),
    ("31/05/26", dt.date(2026, 5, 31)),
    ("31 May 2026", dt.date(2026, 5, 31)),
    ("next tuesday", None),
    ("", None),
])
def test_parse_day_takes_iso_and_day_first_dates(text: str, day: dt.date | None) -> None:
    assert parse_day(text) == day


def test_an_answer_with_only_notes_is_not_skipped() -> None:
    assert Answer("p").skipped
    assert not Answer("p", notes=(Note("sam", "hi"),)).skipped
    assert not Answer("p", rating=0).skipped


def test_clean_text_trims_blank_lines_and_line_endings() -> None:
    assert clean_text("\r\n\n  \nfirst\r\nsecond  \n\n") == "first\nsecond"
    assert clean_text("  indented\n\n  kept") == "  indented\n\n  kept"
    assert clean_text(" \n \t\n") == ""


@pytest.mark.parametrize(("rating_of", "label", "words"), [
    (5, "Mostly", "4 of 5 (Mostly)"), (5, "", "4 of 5"),
    (None, "Mostly", "4 (Mostly)"), (0, "Mostly", "4 (Mostly)"), (0, "", "4")])
def test_rating_text_says_the_top_only_when_it_is_known(rating_of: int | None, label: str,
                                                         words: str) -> None:
    answer = Answer("characteristics.trust", "characteristics", rating=4, rating_of=rating_of,
                    rating_label=label)
    assert rating_text(answer) == words
    assert answer_text(answer) == words  # what a diff of two ratings compares
