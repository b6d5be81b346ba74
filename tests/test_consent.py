"""Consent to be named in reports that leave the partnership, and a meeting's key messages:
given in an answers file, kept in the log as optional keys, read back; older logs name nobody."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import log_paths, read_log

from reflect_cli.storage.logfile import parse_log, render_log, split_front_matter

MEETING = """\
title: Spring review
date: 2026-03-12
participants:
  - name: Priya Shah
    organisation: Northfield Council
    sector: Local authority
    named_in_reports: yes
  - name: Aisha Khan
    organisation: Northfield Food Bank
    sector: VCSE
    role: facilitator
key_messages:
  - Housing has to be at the table.
  - "Trust is growing:   slowly"
purpose.impact: Fewer people reaching crisis point.
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _write(text: str, name: str = "answers.yaml") -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def test_consent_and_key_messages_from_an_answers_file_are_kept_in_the_log(
        invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", _write(MEETING))
    assert result.exit_code == 0, result.output
    (path,) = log_paths(journal)
    text = path.read_text(encoding="utf-8")
    meta, _, _ = split_front_matter(text, "log")
    assert meta["reflect_log"] == 2  # optional keys: they did not bump the format (ratings did)
    people = meta["meeting"]["participants"]
    assert people[0]["named_in_reports"] is True
    assert "named_in_reports" not in people[1]  # written only for who agreed
    assert meta["meeting"]["key_messages"] == ["Housing has to be at the table.",
                                               "Trust is growing: slowly"]
    # The readable log says both, in words.
    assert ("*May be named in reports outside the partnership: Priya Shah (the others by "
            "sector only).*") in text
    assert "## Key messages\n\n- Housing has to be at the table.\n- Trust is growing: slowly" \
        in text
    session = read_log(path)
    assert session.meeting is not None
    assert [(p.name, p.named_in_reports) for p in session.meeting.participants] == [
        ("Priya Shah", True), ("Aisha Khan", False)]
    assert session.meeting.key_messages == ["Housing has to be at the table.",
                                            "Trust is growing: slowly"]
    assert parse_log(render_log(session)) == session


def test_key_messages_may_be_one_text_a_message_a_line(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    text = MEETING.replace('''key_messages:
  - Housing has to be at the table.
  - "Trust is growing:   slowly"
''', '''key_messages: |
  Housing has to be at the table.

  Trust is growing.
''')
    assert invoke("session", "--answers", _write(text)).exit_code == 0
    meeting = read_log(log_paths(journal)[0]).meeting
    assert meeting is not None
    assert meeting.key_messages == ["Housing has to be at the table.", "Trust is growing."]


def test_a_consent_that_is_not_yes_or_no_is_named_with_its_line(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", _write(MEETING.replace(
        "named_in_reports: yes", "named_in_reports: maybe")))
    assert result.exit_code == 2
    assert "answers.yaml:7: participants[1].named_in_reports: should be yes or no" in \
        " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not log_paths(journal)


def test_a_participants_file_gives_consent_too(tmp_path: Path) -> None:
    from reflect_cli.domain.meeting import DEFAULT_SECTORS
    from reflect_cli.inputs.answers import parse_participants

    people = parse_participants("- name: Jo Bell\n  named_in_reports: true\n- Sam Okafor\n",
                                "people.yaml", DEFAULT_SECTORS)
    assert [(p.name, p.named_in_reports) for p in people] == [("Jo Bell", True),
                                                              ("Sam Okafor", False)]


def test_an_older_log_names_nobody_and_has_no_key_messages(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("session", "--answers", _write(MEETING)).exit_code == 0
    (path,) = log_paths(journal)
    text = path.read_text(encoding="utf-8")
    older = text.replace("    named_in_reports: true\n", "")
    older = older.replace("  key_messages:\n  - Housing has to be at the table.\n"
                          "  - 'Trust is growing: slowly'\n", "")
    assert "named_in_reports" not in older
    assert "key_messages" not in older
    session = parse_log(older)
    assert session.meeting is not None
    assert not any(p.named_in_reports for p in session.meeting.participants)
    assert session.meeting.key_messages == []


def test_a_hand_edited_consent_that_is_not_true_or_false_is_named(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.errors import LogError

    assert invoke("session", "--answers", _write(MEETING)).exit_code == 0
    text = log_paths(journal)[0].read_text(encoding="utf-8").replace(
        "named_in_reports: true", "named_in_reports: sometimes")
    with pytest.raises(LogError, match=r"meeting.participants\[1\].named_in_reports: should "
                                       r"be true or false"):
        parse_log(text, "log.md")


# -- reflect show --public / --leave-out ---------------------------------------------------------
SHOWN = MEETING.replace("purpose.impact: Fewer people reaching crisis point.\n", """\
purpose.impact: Priya's idea, which Aisha backed. A&E waits fell.
checkin:
  Aisha Khan: Tired but glad to be here
notes:
  purpose.vision:
    Aisha Khan: Aisha Khan said the food bank is full
characteristics.trust: 3
ratings:
  characteristics.trust:
    Priya Shah: 4
    Aisha Khan: 2
actions:
  - text: Write to the ICB
    owner: Aisha Khan
""")


def _shown(invoke, *options: str):  # type: ignore[no-untyped-def]
    assert invoke("session", "--answers", _write(SHOWN)).exit_code == 0
    return invoke("show", "latest", "--no-pager", *options)


def test_show_public_names_nobody_and_says_what_was_left_out(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = _shown(invoke, "--public")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name in ("Priya", "Aisha", "Khan", "Shah", "Northfield"):
        assert name not in out, name
    assert "A local authority member's idea, which the facilitator backed. A&E waits fell." \
        in out
    assert ("*For readers outside the partnership. Nobody is named: each person appears by "
            "their role or sector. Left out: the check-in round, the notes of what each person "
            "said and each person's own rating (the group's ratings are kept).*") in out
    assert "Tired but glad" not in out
    assert "food bank is full" not in out
    assert "Each person's rating" not in out
    assert "**3 of 5** · Partly" in out  # the group's rating stays
    assert "| Write to the ICB | the facilitator |" in out
    assert "Housing has to be at the table." in out  # the key messages stay
    assert "reflect:" not in out  # no hidden markers
    assert "reflect_log" not in out  # nor front matter
    # The log itself is not changed.
    assert "Priya's idea" in log_paths(journal)[0].read_text(encoding="utf-8")


def test_show_leave_out_names_who_agreed_and_drops_what_is_asked(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = _shown(invoke, "--leave-out", "checkin,ratings")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Priya's idea, which the facilitator backed." in out  # Priya agreed
    assert "Aisha" not in out
    assert "Tired but glad" not in out
    assert "Each person's rating" not in out
    # Notes are kept, with who said them and what they said by role or sector.
    assert "**the facilitator (VCSE)**:\n\nThe facilitator said the food bank is full" in out
    assert ("*Only the people who agreed to be named are named (Priya Shah); everyone else "
            "appears by their role or sector. Left out: the check-in round and each person's "
            "own rating (the group's ratings are kept).*") in out


def test_show_leave_out_of_something_unknown_is_refused(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = _shown(invoke, "--leave-out", "answers")
    assert result.exit_code == 2
    assert "'answers' cannot be left out; choose among checkin, notes, ratings, names" in \
        " ".join(result.output.split())
    assert "Traceback" not in result.output
