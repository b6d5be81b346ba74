"""The readers of files people write (answers, participants, log front matter) list every
problem at once, each with file, line and key, capped as FileProblemsError caps them; and they
take the same date forms as --date."""

from __future__ import annotations

import datetime as dt

import pytest

from reflect_cli.domain.model import LOG_FORMAT_VERSION, Framework
from reflect_cli.errors import MAX_LISTED, AnswersError, FileProblemsError, LogError
from reflect_cli.inputs.answers import parse_answers, parse_participants
from reflect_cli.storage.logfile import parse_log, render_log

NAME = "file.yaml"


def problems_of(error: FileProblemsError) -> list[tuple[int | None, str]]:
    return [(p.line, p.key) for p in error.problems]


def assert_listed(error: FileProblemsError, expected: list[tuple[int, str, str]]) -> None:
    """The error names each (line, key, words) once, in one message."""
    assert len(error.problems) == len(expected), error.message
    assert error.message.startswith(f"{len(expected)} problems in {NAME}:")
    for line, key, words in expected:
        assert f"{NAME}:{line}: {key}: " in error.message
        found = [p for p in error.problems if p.line == line and p.key == key]
        assert len(found) == 1, (line, key, error.message)
        assert words in found[0].message


def assert_capped(error: FileProblemsError, total: int) -> None:
    assert len(error.problems) == total
    listed = [line for line in error.message.split("\n") if line.startswith(f"  {NAME}:")]
    assert len(listed) == MAX_LISTED
    assert error.message.endswith(f"\n  and {total - MAX_LISTED} more")


# -- participants ---------------------------------------------------------------------------
def participants_error(text: str, framework: Framework) -> AnswersError:
    with pytest.raises(AnswersError) as info:
        parse_participants(text, NAME, framework.sectors)
    return info.value


def test_a_participants_file_lists_every_problem(framework: Framework) -> None:
    text = ("participants:\n"              # 1
            "  - name: Aisha Khan\n"       # 2
            "    role: chair\n"            # 3
            "  - {name: Tom Reed, sectr: NHS}\n"  # 4
            "  - organisation: Nobody\n"   # 5
            "  - Aisha Khan\n")            # 6
    error = participants_error(text, framework)
    assert_listed(error, [(2, "participants[1].role", "'chair' is not a role"),
                          (4, "participants[2].sectr", "did you mean 'sector'?"),
                          (5, "participants[3].name", "every person needs a name"),
                          (6, "participants[4]", "Aisha Khan is in the list twice")])


def test_thirty_problems_in_a_participants_file_are_capped(framework: Framework) -> None:
    text = "participants:\n" + "".join(f"  - {{name: P{i}, sector: Nowhere}}\n"
                                       for i in range(30))
    error = participants_error(text, framework)
    assert_capped(error, 30)
    assert (error.problems[0].line, error.problems[-1].line) == (2, 31)


def test_a_valid_participants_file_reads_as_before(framework: Framework) -> None:
    people = parse_participants("- Aisha Khan\n- {name: Tom Reed, sector: nhs, role: lead}\n",
                                NAME, framework.sectors)
    assert [(p.name, p.sector, p.roles) for p in people] == [
        ("Aisha Khan", "", ()), ("Tom Reed", "NHS", ("lead",))]


# -- answers --------------------------------------------------------------------------------
PEOPLE = "participants: [Aisha Khan, Tom Reed]\n"


def answers_error(text: str, framework: Framework) -> AnswersError:
    with pytest.raises(AnswersError) as info:
        parse_answers(text, NAME, framework)
    return info.value


def test_an_answers_file_lists_every_problem_of_answers_and_meeting(
        framework: Framework) -> None:
    text = (PEOPLE +                                   # 1
            "date: next week\n"                        # 2
            "purpose.impact: Fewer people waiting\n"   # 3
            "characteristics.trust: 9\n"               # 4
            "minutes: lots\n"                          # 5
            "actions:\n"                               # 6
            "  - text: Invite housing\n"               # 7
            "    due: soon\n"                          # 8
            "checkin:\n"                               # 9
            "  Nobody Known: hello\n")                 # 10
    error = answers_error(text, framework)
    assert_listed(error, [(2, "date", "YYYY-MM-DD"),
                          (4, "characteristics.trust", "should be a whole number from 1"),
                          (5, "minutes", "whole number of minutes"),
                          (8, "actions[1].due", "'soon' is not a date"),
                          (10, "checkin", "'Nobody Known' is not in the participants")])


def test_three_problems_in_the_meeting_part_are_all_named(framework: Framework) -> None:
    text = (PEOPLE +                                   # 1
            "purpose.impact: x\n"                      # 2
            "ratings:\n"                               # 3
            "  purpose.impact: {Tom Reed: 3}\n"        # 4
            "reviews:\n"                               # 5
            "  abc-1: finished\n"                      # 6
            "time_spent:\n"                            # 7
            "  nowhere: 5\n")                          # 8
    error = answers_error(text, framework)
    assert_listed(error, [(4, "ratings.purpose.impact", "not a rating prompt"),
                          (6, "reviews.abc-1", "'finished' is not a status"),
                          (8, "time_spent.nowhere", "no such question")])


def test_an_action_with_several_problems_names_each(framework: Framework) -> None:
    text = (PEOPLE + "purpose.impact: x\nactions:\n"   # 1-3
            "  - owner: Tom\n"                         # 4
            "    question: nope\n"                     # 5
            "    when: later\n")                       # 6
    error = answers_error(text, framework)
    assert_listed(error, [(6, "actions[1].when", "unknown key"),
                          (4, "actions[1].text", "every action needs a text"),
                          (5, "actions[1].question", "no question 'nope'")])


def test_broken_participants_are_not_repeated_for_every_name(framework: Framework) -> None:
    text = ("participants: Aisha Khan\n"
            "purpose.impact: x\n"
            "checkin:\n  Aisha Khan: hello\n")
    error = answers_error(text, framework)
    assert problems_of(error) == [(1, "participants")]


def test_thirty_problems_in_an_answers_file_are_capped(framework: Framework) -> None:
    text = (PEOPLE + "purpose.impact: x\nactions:\n"
            + "".join(f"  - {{text: a{i}, due: someday}}\n" for i in range(30)))
    assert_capped(answers_error(text, framework), 30)


@pytest.mark.parametrize("written", ["2026-03-12", "12/03/2026", "'12/03/2026'"])
def test_answers_files_take_the_date_forms_of_date_option(framework: Framework,
                                                           written: str) -> None:
    text = (PEOPLE + f"date: {written}\npurpose.impact: x\n"
            f"actions:\n  - text: Book the room\n    due: {written}\n")
    answers = parse_answers(text, NAME, framework)
    assert answers.date == dt.date(2026, 3, 12)
    assert answers.meeting is not None
    assert answers.meeting.actions[0].due == dt.date(2026, 3, 12)



# -- the log's front matter -----------------------------------------------------------------
LOG_NAME = "2026-03-12-board.md"


def log_text(front: str) -> str:
    return f"---\n{front}---\n\n# Board\n"


def log_error(text: str) -> LogError:
    with pytest.raises(LogError) as info:
        parse_log(text, LOG_NAME)
    return info.value


def test_a_log_lists_every_front_matter_problem() -> None:
    text = log_text(f"reflect_log: {LOG_FORMAT_VERSION}\n"  # 2
                    "id: abc\n"                             # 3
                    "date: someday\n"                       # 4
                    "created: yesterday\n"                  # 5
                    "framework: {id: partnership}\n"        # 6
                    "covered: purpose\n"                    # 7
                    "meeting:\n"                            # 8
                    "  participants:\n"                     # 9
                    "    - {organisation: Nobody}\n"        # 10
                    "  actions:\n"                          # 11
                    "    - {id: a1, text: Book, due: soon}\n"  # 12
                    "  minutes: lots\n")                    # 13
    error = log_error(text)
    expected = [(4, "date", "'someday' is not a date; write it as YYYY-MM-DD"),
                (5, "created", "'yesterday' is not a date and time"),
                (7, "covered", "should be a list"),
                (10, "meeting.participants[1]", "needs at least a name"),
                (12, "meeting.actions[1].due", "'soon' is not a date"),
                (13, "meeting.minutes", "should be a whole number")]
    assert len(error.problems) == len(expected), error.message
    assert error.message.startswith(f"{len(expected)} problems in {LOG_NAME}:")
    for line, key, words in expected:
        (found,) = [p for p in error.problems if p.line == line and p.key == key]
        assert words in found.message
        assert f"{LOG_NAME}:{line}: {key}: " in error.message


def test_missing_keys_are_all_named() -> None:
    error = log_error(log_text(f"reflect_log: {LOG_FORMAT_VERSION}\ntitle: Board\n"))
    assert [(p.key, p.message) for p in error.problems] == [
        ("id", "missing required key"), ("date", "missing required key"),
        ("framework", "missing required key")]


def test_thirty_problems_in_a_log_are_capped() -> None:
    actions = "".join(f"    - {{id: a{i}, text: t, due: someday}}\n" for i in range(30))
    text = log_text(f"reflect_log: {LOG_FORMAT_VERSION}\nid: abc\ndate: 2026-03-12\n"
                    "framework: {id: partnership}\nmeeting:\n  actions:\n" + actions)
    with pytest.raises(LogError) as info:
        parse_log(text, LOG_NAME)
    error = info.value
    assert len(error.problems) == 30
    listed = [line for line in error.message.split("\n") if line.startswith(f"  {LOG_NAME}:")]
    assert len(listed) == MAX_LISTED
    assert error.message.endswith("\n  and 10 more")
    assert [p.line for p in error.problems] == list(range(8, 38))


@pytest.mark.parametrize("written", ["2026-03-12", "'2026-03-12'", "12/03/2026"])
def test_logs_take_the_date_forms_of_the_date_option(written: str) -> None:
    text = log_text(f"reflect_log: {LOG_FORMAT_VERSION}\nid: abc\ndate: {written}\n"
                    "framework: {id: partnership}\nmeeting:\n  participants: [{name: Ann}]\n"
                    f"  actions:\n    - {{id: a1, text: Book, due: {written}}}\n")
    session = parse_log(text, LOG_NAME)
    assert session.date == dt.date(2026, 3, 12)
    assert session.meeting is not None
    assert session.meeting.actions[0].due == dt.date(2026, 3, 12)
    # what reflect writes back is ISO, whatever the person wrote
    written_back = render_log(session)
    assert "\ndate: 2026-03-12\n" in written_back
    assert "due: 2026-03-12" in written_back


def test_new_meeting_keys_in_a_log_are_checked_and_named() -> None:
    text = log_text(f"reflect_log: {LOG_FORMAT_VERSION}\n"        # 2
                    "id: abc\ndate: 2026-03-12\n"               # 3, 4
                    "framework: {id: partnership}\n"            # 5
                    "meeting:\n"                                # 6
                    "  count_notes: maybe\n"                    # 7
                    "  reviews:\n"                              # 8
                    "    - {id: a1, text: Book, status: carried over, was_due: soon}\n"  # 9
                    "    - {id: a2, text: Ask, status: done, comment: [a, b]}\n")       # 10
    error = log_error(text)
    found = {(p.line, p.key): p.message for p in error.problems}
    assert "should be true or false" in found[(7, "meeting.count_notes")]
    assert "'soon' is not a date" in found[(9, "meeting.reviews[1].was_due")]
    assert "should be text" in found[(10, "meeting.reviews[2].comment")]
    assert len(found) == 3, error.message
