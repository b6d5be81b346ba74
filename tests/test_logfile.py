"""The log format: render_log and parse_log give back the same session, and hand edits survive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect_cli.domain.meeting import Action, Meeting, Participant, Review, make_review
from reflect_cli.domain.model import LOG_FORMAT_VERSION, Answer, Session, clean_text
from reflect_cli.errors import LogError
from reflect_cli.storage.logfile import (
    SKIPPED_TEXT,
    escape_answer,
    front_matter,
    parse_log,
    render_log,
    split_front_matter,
    unescape_answer,
)

UTC = dt.timezone.utc
NAME = "notes/2026-03-12-board.md"


def make_session(**changes: object) -> Session:
    """A small session with a text answer, a rating and a skipped prompt."""
    session = Session(
        id="a1b2c3d4e5f6",
        date=dt.date(2026, 3, 12),
        created=dt.datetime(2026, 3, 12, 14, 5, 9, tzinfo=UTC),
        framework_id="kings-fund-partnering",
        framework_version="1.0",
        title="Board meeting",
        kind="meeting",
        sections=["purpose", "characteristics"],
        answers=[
            Answer("purpose.impact", "purpose", text="Fewer people waiting.\n\nAnd sooner."),
            Answer("purpose.vision", "purpose"),
            Answer("characteristics.trust", "characteristics", rating=4, rating_of=5,
                   rating_label="Mostly"),
        ],
        labels={
            "purpose": "1. What is the purpose of the partnership's work?",
            "purpose.impact": "What impact does your partnership want to have?",
            "purpose.vision": "When will you need to articulate the vision?",
            "characteristics": "Characteristics of effective partnerships",
            "characteristics.trust": "Relationships characterised by trust",
        },
    )
    session = dataclasses.replace(session, **changes)  # type: ignore[arg-type]
    # Only what is in the log has a heading in it.
    used = set(session.sections) | {a.prompt_id for a in session.answers}
    session.labels = {k: v for k, v in session.labels.items() if k in used}
    return session


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def line_number(text: str, needle: str) -> int:
    """The 1-based number of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


# -- the written form ----------------------------------------------------------------------------
def test_render_writes_front_matter_in_documented_order() -> None:
    text = render_log(make_session())
    assert text.startswith("---\nreflect_log: 2\n")
    meta, _, _ = split_front_matter(text, NAME)
    assert list(meta) == ["reflect_log", "id", "title", "kind", "date", "created", "framework",
                          "covered", "answered", "skipped"]
    assert meta["reflect_log"] == LOG_FORMAT_VERSION
    assert meta["date"] == dt.date(2026, 3, 12)
    assert meta["created"] == "2026-03-12T14:05:09+00:00"
    assert meta["framework"] == {"id": "kings-fund-partnering", "version": "1.0"}
    assert meta["covered"] == ["purpose", "characteristics"]
    assert (meta["answered"], meta["skipped"]) == (2, 1)


def test_render_writes_readable_markdown() -> None:
    text = render_log(make_session())
    lines = lines_of(text)
    assert "# Board meeting" in lines
    assert "Meeting · Thursday 12 March 2026 · 2 answered, 1 skipped" in lines
    assert "## 1. What is the purpose of the partnership's work?" in lines
    assert "<!-- reflect:section purpose -->" in lines
    assert "<!-- reflect:answer purpose.impact -->" in lines
    assert "<!-- reflect:answer purpose.vision skipped -->" in lines
    assert "<!-- reflect:answer characteristics.trust rating=4 -->" in lines
    assert "**4 of 5** · Mostly" in lines
    assert SKIPPED_TEXT in lines
    assert lines.count("<!-- /reflect:answer -->") == 3


def test_untitled_sessions_get_a_heading_from_their_kind() -> None:
    assert "# Journal entry" in lines_of(render_log(make_session(title="", kind="journal")))
    assert "# Meeting" in lines_of(render_log(make_session(title="", kind="meeting")))


def test_extra_front_matter_is_kept_and_cannot_replace_known_keys() -> None:
    session = make_session(extra={"mood": "hopeful", "id": "not-this-one"})
    meta, _, _ = split_front_matter(render_log(session), NAME)
    assert meta["mood"] == "hopeful"
    assert meta["id"] == "a1b2c3d4e5f6"


def test_rating_without_top_or_label() -> None:
    answer = Answer("characteristics.trust", "characteristics", rating=3)
    session = make_session(answers=[answer], sections=["characteristics"])
    text = render_log(session)
    assert "**3**" in lines_of(text)
    assert parse_log(text).answers == [answer]


# -- round trip ----------------------------------------------------------------------------------
def test_round_trip_of_a_simple_session() -> None:
    session = make_session()
    assert parse_log(render_log(session), NAME) == session


def test_round_trip_of_reviews_with_comments_new_dates_owners_and_note_counts() -> None:
    before = Action("s0-1", "Ask the board for a room", "Sam Okafor, Jo Bell",
                    dt.date(2026, 1, 31), "purpose")
    meeting = Meeting(
        participants=[Participant("Sam Okafor", "Eastgate Tenants"), Participant("Jo Bell")],
        actions=[Action("a1b2c3d4e5f6-1", "Write to the ICB", "Sam Okafor, Jo Bell")],
        reviews=[make_review(before, "carried over", "It went to the board: nothing back",
                             dt.date(2026, 4, 2)),
                 make_review(Action("s0-2", "Book the hall"), "dropped", "The hall closed")],
        count_notes=True)
    session = make_session(meeting=meeting)
    assert parse_log(render_log(session)).meeting == meeting
    # Without the new keys (a log from before them), the same meeting less what they hold.
    older = parse_log(render_log(make_session(meeting=Meeting(
        participants=meeting.participants, actions=meeting.actions,
        reviews=[Review(before, "carried over")])))).meeting
    assert older is not None
    assert (older.count_notes, older.reviews) == (False, [Review(before, "carried over")])


def test_round_trip_of_text_that_looks_like_markers() -> None:
    text = clean_text("\n".join([
        "<!-- reflect:answer purpose.vision -->",
        "<!-- /reflect:answer -->",
        "<!-- reflect:section role -->",
        "\\<!-- reflect:answer already escaped -->",
        "  <!-- reflect:answer indented -->",
        "---",
        "# A heading inside an answer",
        "*Skipped.*",
        "**4 of 5** · Mostly",
    ]))
    session = make_session(answers=[Answer("purpose.impact", "purpose", text=text)],
                           sections=["purpose"])
    written = render_log(session)
    # Only the real markers are markers in the written file.
    assert sum(line.startswith("<!-- reflect:answer") for line in lines_of(written)) == 1
    assert parse_log(written) == session


def test_escape_and_unescape_are_inverse() -> None:
    text = "<!-- reflect:answer x -->\n\\\\<!-- /reflect:answer -->\nplain \\<!-- text"
    escaped = escape_answer(text)
    assert escaped.split("\n")[0] == "\\<!-- reflect:answer x -->"
    assert escaped.split("\n")[2] == "plain \\<!-- text"  # not at the start: left alone
    assert unescape_answer(escaped) == text


def test_negative_ratings_round_trip() -> None:
    """A framework may use a scale like -2..2; its ratings must read back as ratings."""
    answer = Answer("characteristics.trust", "characteristics", rating=-1, rating_of=2,
                    rating_label="Slightly worse")
    session = make_session(answers=[answer], sections=["characteristics"])
    assert parse_log(render_log(session)).answers == [answer]


def test_multiline_front_matter_values_with_document_markers_round_trip() -> None:
    """YAML writes a multi-line string with a '---' line indented; it must not end the header."""
    session = make_session(title="Part one\n---\nPart two", extra={"notes": "a\n...\nb"})
    assert parse_log(render_log(session)) == session


# The ids a framework allows (see framework.ID_PATTERN).
ids = st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,15}\Z")
# Headings: one line, not blank, no space around it (Markdown headings are read trimmed).
labels = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
                 min_size=1, max_size=40).map(str.strip).filter(bool)
answer_lines = st.one_of(
    st.text(max_size=60),
    st.sampled_from([
        "", "   ", "---", "...", "# Heading", "## Another", "<!-- a comment -->",
        "<!-- reflect:answer purpose.impact -->", "<!-- /reflect:answer -->",
        "<!-- reflect:section purpose -->", "<!-- reflect:answer x skipped -->",
        "\\<!-- reflect:answer x -->", " <!-- /reflect:answer -->", "*Skipped.*",
        "**3 of 5** · Partly", "**2**", "> quoted", "- [ ] task", "```", "| a | b |",
        "Emoji 🎉🤝🏽 👩‍👩‍👧", "مرحبا بالعالم", "שלום עולם", "\u202eRTL override", "\ufeffBOM",
        "tab\there", "trailing spaces   ",
    ]),
)
answer_texts = st.lists(answer_lines, max_size=8).map(
    lambda lines: clean_text("\n".join(lines))).filter(bool)
timezones = st.sampled_from([None, UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                             dt.timezone(dt.timedelta(hours=-8))])
# PyYAML (6.0) writes NEL (U+0085) unescaped and reads it back as a line break folded into a
# space, so front matter text avoids it; answers and headings (not YAML) may hold it.
yaml_text = st.text(st.characters(blacklist_characters="\x85", blacklist_categories=("Cs",)),
                    max_size=40)
scalars = st.one_of(yaml_text, st.integers(), st.booleans(), st.none())
extra_keys = st.from_regex(r"\A[a-z_]{1,12}\Z").filter(
    lambda k: k not in {"reflect_log", "id", "title", "kind", "date", "created", "framework",
                        "covered", "answered", "skipped"})


@st.composite
def answers_for(draw: st.DrawFn, prompt_id: str, section: str) -> Answer:
    kind = draw(st.sampled_from(["text", "rating", "skipped"]))
    if kind == "text":
        return Answer(prompt_id, section, text=draw(answer_texts))
    if kind == "skipped":
        return Answer(prompt_id, section)
    top = draw(st.none() | st.integers(-5, 10))
    label = draw(st.just("") | labels)
    return Answer(prompt_id, section, rating=draw(st.integers(-5, 10)), rating_of=top,
                  rating_label=label)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    all_ids = draw(st.lists(ids, min_size=1, max_size=12, unique=True))
    split = draw(st.integers(1, len(all_ids)))
    section_ids, prompt_ids = all_ids[:split], all_ids[split:]
    answers: list[Answer] = []
    for prompt_id in prompt_ids:
        section = draw(st.sampled_from(section_ids))
        answers.append(draw(answers_for(prompt_id, section)))
    # The log groups answers by section, in the order of the sections.
    answers.sort(key=lambda a: section_ids.index(a.section))
    created = draw(st.datetimes(min_value=dt.datetime(1900, 1, 1),
                                max_value=dt.datetime(2200, 1, 1), timezones=timezones))
    return Session(
        id=draw(st.from_regex(r"\A[0-9a-f]{12}\Z")),
        date=draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1))),
        created=created.replace(microsecond=0),
        framework_id=draw(yaml_text),
        framework_version=draw(yaml_text),
        title=draw(yaml_text),
        kind=draw(st.sampled_from(["meeting", "journal"])),
        sections=section_ids,
        answers=answers,
        labels={i: draw(labels) for i in section_ids + prompt_ids},
        extra=draw(st.dictionaries(extra_keys, scalars | st.lists(scalars, max_size=3),
                                   max_size=3)),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_any_session_round_trips(session: Session) -> None:
    assert parse_log(render_log(session), NAME) == session


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_any_session_round_trips_through_windows_line_endings_and_a_bom(session: Session) -> None:
    # Only answers and labels are compared: YAML front matter values are read as they are.
    text = "\ufeff" + render_log(session).replace("\n", "\r\n")
    parsed = parse_log(text, NAME)
    assert parsed.answers == session.answers
    assert parsed.labels == session.labels


@settings(max_examples=200, deadline=None)
@given(answer_texts)
def test_clean_text_is_idempotent_and_trimmed(text: str) -> None:
    assert clean_text(text) == text
    assert text == text.strip("\n")
    assert not text.split("\n")[-1].endswith(" ")


# -- hand edits ----------------------------------------------------------------------------------
def test_crlf_and_bom_are_read() -> None:
    session = make_session()
    text = "\ufeff" + render_log(session).replace("\n", "\r\n")
    assert parse_log(text, NAME) == session


def test_an_answer_rewritten_by_hand_is_read() -> None:
    text = render_log(make_session()).replace("Fewer people waiting.\n\nAnd sooner.",
                                              "Nobody waiting at all.")
    assert parse_log(text).answer("purpose.impact") == Answer(
        "purpose.impact", "purpose", text="Nobody waiting at all.")


def test_extra_paragraphs_are_part_of_the_answer() -> None:
    text = render_log(make_session()).replace(
        "And sooner.\n", "And sooner.\n\nA second thought.\n\n- a list\n- of points\n\n\n")
    answer = parse_log(text).answer("purpose.impact")
    assert answer is not None
    assert answer.text == ("Fewer people waiting.\n\nAnd sooner.\n\nA second thought.\n\n"
                           "- a list\n- of points")


def test_notes_between_answers_are_ignored() -> None:
    text = render_log(make_session()).replace(
        "<!-- /reflect:answer -->\n\n### When",
        "<!-- /reflect:answer -->\n\nA note outside any answer.\n\n### When", 1)
    assert "A note outside any answer." in text
    assert parse_log(text) == make_session()


def test_an_edited_heading_becomes_the_label_and_the_id_still_matches() -> None:
    text = render_log(make_session()).replace(
        "### What impact does your partnership want to have?", "### Impact (reworded)")
    session = parse_log(text)
    assert session.labels["purpose.impact"] == "Impact (reworded)"
    assert session.answer("purpose.impact") == make_session().answer("purpose.impact")


@pytest.mark.parametrize(("visible", "rating", "top", "label"), [
    ("**2 of 5** · A little", 2, 5, "A little"),
    ("**5 of 5**", 5, 5, ""),
    ("**1**", 1, None, ""),
])
def test_a_rating_changed_by_hand_in_the_visible_text_wins(
        visible: str, rating: int, top: int | None, label: str) -> None:
    text = render_log(make_session()).replace("**4 of 5** · Mostly", visible)
    assert "rating=4" in text  # the marker still says 4
    assert parse_log(text).answer("characteristics.trust") == Answer(
        "characteristics.trust", "characteristics", rating=rating, rating_of=top,
        rating_label=label)


def test_a_rating_emptied_by_hand_falls_back_to_the_marker() -> None:
    text = render_log(make_session()).replace("**4 of 5** · Mostly", "")
    assert parse_log(text).answer("characteristics.trust") == Answer(
        "characteristics.trust", "characteristics", rating=4)


def test_a_rating_replaced_by_words_becomes_text() -> None:
    text = render_log(make_session()).replace("**4 of 5** · Mostly", "Hard to say.")
    assert parse_log(text).answer("characteristics.trust") == Answer(
        "characteristics.trust", "characteristics", text="Hard to say.")


def test_a_skipped_prompt_answered_by_hand_is_answered() -> None:
    text = render_log(make_session()).replace(SKIPPED_TEXT, "Next spring, with the council.")
    answer = parse_log(text).answer("purpose.vision")
    assert answer is not None
    assert not answer.skipped
    assert answer.text == "Next spring, with the council."


def test_a_missing_closing_marker_ends_the_answer_at_the_next_heading() -> None:
    original = make_session()
    text = render_log(original)
    first_close = text.index("<!-- /reflect:answer -->")
    text = text[:first_close] + text[first_close + len("<!-- /reflect:answer -->"):]
    session = parse_log(text)
    assert session == original  # the answer, its neighbour and their headings all survive


def test_a_missing_closing_marker_on_the_last_answer() -> None:
    original = make_session()
    text = render_log(original).rstrip("\n")
    assert text.endswith("<!-- /reflect:answer -->")
    text = text[: -len("<!-- /reflect:answer -->")]
    assert parse_log(text) == original


def test_an_answer_given_twice_is_an_error_with_both_lines() -> None:
    text = render_log(make_session()).replace("reflect:answer purpose.vision skipped",
                                              "reflect:answer purpose.impact skipped")
    with pytest.raises(LogError) as info:
        parse_log(text, NAME)
    first = line_number(text, "reflect:answer purpose.impact -->")
    second = line_number(text, "reflect:answer purpose.impact skipped")
    message = str(info.value)
    assert message.startswith(f"{NAME}:{second}: purpose.impact: ")
    assert f"first at line {first}" in message


def test_unknown_front_matter_keys_are_kept_in_extra() -> None:
    text = render_log(make_session()).replace("answered: 2\n", "answered: 2\nmood: hopeful\n")
    assert parse_log(text).extra == {"mood": "hopeful"}


def test_front_matter_counts_are_not_trusted() -> None:
    text = render_log(make_session()).replace("answered: 2\n", "answered: 99\n")
    assert parse_log(text).answered == 2


# -- errors --------------------------------------------------------------------------------------
def parse_error(text: str) -> LogError:
    with pytest.raises(LogError) as info:
        parse_log(text, NAME)
    error = info.value
    assert NAME in error.message
    assert len(error.problems) == 1
    return error


def test_no_front_matter() -> None:
    error = parse_error("# Just some notes\n\nNothing else.\n")
    assert error.problems[0].line == 1
    assert error.message.startswith(f"{NAME}:1: ")
    assert "front matter" in error.message


def test_empty_file() -> None:
    assert parse_error("").problems[0].line == 1


def test_unclosed_front_matter() -> None:
    text = render_log(make_session())
    text = text.replace("skipped: 1\n---\n", "skipped: 1\n", 1)
    error = parse_error(text)
    assert error.message.startswith(f"{NAME}:1: ")
    assert "never closed" in error.message


def test_bad_yaml_in_front_matter_names_the_line() -> None:
    text = render_log(make_session()).replace("kind: meeting", "kind: [meeting")
    error = parse_error(text)
    assert "not valid YAML" in error.message
    # The line of the file where YAML noticed the problem (after the opening '---').
    line = error.problems[0].line
    assert line is not None
    assert line_number(text, "kind: [meeting") <= line <= line_number(text, "skipped: 1") + 1


def test_front_matter_that_is_not_a_mapping() -> None:
    error = parse_error("---\n- a list\n---\n")
    assert error.problems[0].line == 2
    assert "not a mapping" in error.message


def test_newer_log_format() -> None:
    text = render_log(make_session()).replace("reflect_log: 2", "reflect_log: 3")
    error = parse_error(text)
    assert error.problems[0].key == "reflect_log"
    assert "newer reflect" in error.message
    assert "upgrade" in error.message


def test_not_a_reflect_log() -> None:
    error = parse_error("---\ntitle: A blog post\n---\n\nHello\n")
    assert error.problems[0].key == "reflect_log"


@pytest.mark.parametrize("key", ["id", "date", "framework"])
def test_missing_required_key(key: str) -> None:
    text = render_log(make_session())
    meta, _, _ = split_front_matter(text, NAME)
    del meta[key]
    body = text.split("\n---\n", 1)[1]
    error = parse_error("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body)
    assert error.problems[0].key == key
    assert f"{NAME}:1: {key}: missing required key" in error.message


@pytest.mark.parametrize(("old", "new", "key"), [
    ("date: 2026-03-12", "date: next tuesday", "date"),
    ("date: 2026-03-12", "date: 12", "date"),
    ("created: '2026-03-12T14:05:09+00:00'", "created: 'yesterday'", "created"),
    ("covered:\n- purpose\n- characteristics", "covered: purpose", "covered"),
])
def test_bad_front_matter_values(old: str, new: str, key: str) -> None:
    text = render_log(make_session())
    assert old in text
    edited = text.replace(old, new)
    error = parse_error(edited)
    assert error.problems[0].key == key
    # The line named is the line of that key in the file.
    line = edited.splitlines()[error.problems[0].line - 1]
    assert line.startswith(f"{key}:")


def test_framework_without_id() -> None:
    text = render_log(make_session()).replace("  id: kings-fund-partnering\n", "")
    assert parse_error(text).problems[0].key == "framework"


def test_missing_created_defaults_to_midnight_of_the_date() -> None:
    text = re.sub(r"^created: .*\n", "", render_log(make_session()), flags=re.M)
    assert parse_log(text).created == dt.datetime(2026, 3, 12, tzinfo=UTC)


def test_front_matter_function_matches_what_is_written() -> None:
    session = make_session()
    meta, _, _ = split_front_matter(render_log(session), NAME)
    expected = front_matter(session)
    assert meta == expected


@pytest.mark.parametrize("name", ["2026-03-12-first-tom-reed.md", "2026-03-12-first-tom-reed-2.md",
                                  "2026-03-12-first.md", "2026-03-12-first-3.md"])
def test_a_title_changed_in_the_front_matter_wins_in_a_shared_log_named_after_its_author(
        name: str) -> None:
    """A shared log's name says whose it is ('…-first-tom-reed.md'). It is still named after
    its old title, so a title changed in the front matter is the title, not the heading left
    as it was; and a reworded heading is the title when the front matter was left alone."""
    from reflect_cli.domain.model import Author

    session = make_session(title="First", author=Author("Tom Reed", "Northfield Council"))
    text = render_log(session)
    assert "\n# First\n" in text
    changed = parse_log(text.replace("title: First\n", "title: Waiting lists\n"), name)
    assert changed.title == "Waiting lists"
    reworded = parse_log(text.replace("\n# First\n", "\n# First thoughts\n"), name)
    assert reworded.title == "First thoughts"
