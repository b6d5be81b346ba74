"""Facilitated meetings written from answers files, `reflect actions`, and their logs."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from helpers import log_paths, read_log
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = """\
participants:
  - name: Aisha Khan
    organisation: Northfield Food Bank
    sector: VCSE
    role: facilitator
  - name: Tom Reed
    organisation: Northfield NHS Trust
    sector: NHS
    role: lead
  - {name: Priya Shah, organisation: Northfield Council, sector: Local authority}
  - {name: Sam Okafor, organisation: Eastgate Tenants, sector: Community member}
  - {name: Jo Bell, organisation: Age Concern, sector: VCSE}
"""
MARCH = PEOPLE + """\
title: March meeting
date: 2026-03-12
minutes: 90
checkin:
  Aisha Khan: Hopeful
  Sam Okafor: Tired after a long week
purpose.impact: Fewer people reaching crisis.
notes:
  purpose.beneficiaries:
    Sam Okafor: People on the Eastgate estate who never come to anything.
    Tom Reed: Frequent attenders at A&E.
ratings:
  characteristics.trust: {Aisha Khan: 4, Tom Reed: 5, Priya Shah: 3, Sam Okafor: 1, Jo Bell: 3}
  characteristics.purpose: {Aisha Khan: 3, Tom Reed: 3, Priya Shah: 4, Sam Okafor: 3}
actions:
  - text: Invite housing to the next meeting
    owner: Priya Shah
    due: 2026-04-30
    question: members
  - text: Book the library for June
    owner: Jo Bell
time_spent:
  purpose: 25
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def flat(text: str) -> str:
    return " ".join(text.split())


def only(journal: Path, part: str) -> Path:
    (path,) = [p for p in log_paths(journal) if part in p.name]
    return path


def test_a_scripted_meeting_records_everything(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("march.yaml", MARCH))
    assert result.exit_code == 0, result.output
    session = read_log(only(journal, "march"))
    meeting = session.meeting
    assert session.kind == "meeting"
    assert meeting is not None
    assert [p.name for p in meeting.participants][:2] == ["Aisha Khan", "Tom Reed"]
    assert meeting.participants[1].is_lead
    assert meeting.minutes == 90
    assert meeting.checkin == {"aisha-khan": "Hopeful", "sam-okafor": "Tired after a long week"}
    assert meeting.seconds_spent == {"purpose": 1500}
    notes = session.answer("purpose.beneficiaries").notes
    assert [(n.speaker, n.text) for n in notes] == [
        ("sam-okafor", "People on the Eastgate estate who never come to anything."),
        ("tom-reed", "Frequent attenders at A&E.")]
    # The group's rating is the median of each person's rating.
    assert session.answer("characteristics.trust").rating == 3
    assert meeting.ratings["characteristics.trust"]["sam-okafor"] == 1
    assert [a.text for a in meeting.actions] == ["Invite housing to the next meeting",
                                                 "Book the library for June"]
    assert meeting.actions[0].id == f"{session.id}-1"
    # Each question has a speaking order with the lead partner after the others.
    for order in meeting.orders.values():
        assert order[-1] == "aisha-khan"
        assert order[-2] == "tom-reed"


def test_a_meeting_log_reads_well_to_someone_who_was_not_there(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("session", "--answers", write("march.yaml", MARCH))
    text = only(journal, "march").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    html = MarkdownIt("commonmark").enable("table").render(body)
    assert "<h2>Who was here</h2>" in html
    assert "<td>Tom Reed</td>" in html
    assert "<td>lead partner</td>" in html
    assert "<h2>Check-in</h2>" in html
    assert "Speaking order: Priya Shah" in html or "Speaking order: " in html
    assert "time taken: 25 min" in html
    assert "<strong>Sam Okafor (Eastgate Tenants, Community member)</strong>:" in html
    assert ("Lowest 1, median 3, highest 5. No rating agreed: the median stands. <strong>People "
            "disagree widely here: a conversation worth having.</strong>") in html
    assert "Lowest 3, median 3, highest 4." in html  # no flag where people agree
    assert "<h2>Actions</h2>" in html
    assert "Invite housing to the next meeting" in html
    # A count of notes per person is left out unless asked for (read as who spoke, it misleads).
    assert "Notes typed" not in html
    assert "Participation" not in html
    visible = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    assert "reflect:" not in visible  # ids stay in comments, hidden when rendered


@pytest.mark.parametrize("how", ["flag", "answers file"])
def test_notes_per_person_are_counted_only_when_asked_and_say_what_they_count(
        invoke, journal: Path, how: str) -> None:  # type: ignore[no-untyped-def]
    quoted = MARCH + "purpose.beneficiaries: Glenys Morgan said the estate is cut off.\n"
    if how == "flag":
        result = invoke("session", "--answers", write("march.yaml", quoted), "--count-notes")
    else:
        result = invoke("session", "--answers", write("march.yaml", quoted + "count_notes: yes\n"))
    assert result.exit_code == 0, result.output
    path = only(journal, "march")
    html = MarkdownIt("commonmark").enable("table").render(
        path.read_text(encoding="utf-8").split("\n---\n", 1)[1])
    assert "<h2>Notes typed for each person</h2>" in html
    assert ("This counts notes, not who spoke: what people said together is in the group "
            "answers above, so 0 does not mean someone said nothing.") in html
    assert "<td>Sam Okafor</td>\n<td>Community member</td>\n<td>1</td>" in html
    assert "<td>Priya Shah</td>\n<td>Local authority</td>\n<td>0</td>" in html
    assert "Notes typed, by sector: VCSE 0, NHS 1, Local authority 0, Community member 1." in html
    assert "No notes were recorded from" not in html
    assert read_log(path).meeting.count_notes is True  # kept, so a resumed draft keeps it too


@pytest.mark.parametrize(("args", "extra", "says"), [
    (("--kind", "journal", "--count-notes"), "", "--count-notes goes with a meeting, not a "
                                                 "journal entry"),
    (("--count-notes",), "", "--count-notes goes with a meeting, and this answers file has no "
                             "participants"),
    ((), "count_notes: sometimes\n", "count_notes: should be yes or no"),
])
def test_counting_notes_outside_a_meeting_or_with_an_odd_value_is_refused(
        invoke, journal: Path, args: tuple[str, ...], extra: str, says: str) -> None:  # type: ignore[no-untyped-def]
    text = (MARCH + extra) if extra else "purpose.impact: Fewer people reaching crisis.\n"
    result = invoke("session", "--answers", write("a.yaml", text), *args)
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not list(journal.glob("*.md"))


def test_actions_lists_open_actions_and_follows_reviews(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("session", "--answers", write("march.yaml", MARCH))
    march = read_log(only(journal, "march"))
    first, second = (a.id for a in march.meeting.actions)  # type: ignore[union-attr]
    listed = json.loads(invoke("actions", "--json").output)
    assert [a["text"] for a in listed] == ["Invite housing to the next meeting",
                                          "Book the library for June"]
    late = dt.date.today() > dt.date(2026, 4, 30)
    assert listed[0] == {"id": first, "text": "Invite housing to the next meeting",
                         "owner": "Priya Shah", "owners": ["Priya Shah"], "due": "2026-04-30",
                         "overdue_since": "2026-04-30" if late else None,
                         "question": "members", "agreed": "2026-03-12", "session": march.id,
                         "status": "open", "private": False, "history": []}
    june = PEOPLE + f"""\
date: 2026-06-10
purpose.impact: Still fewer crises.
reviews:
  {first}: carried over
  {second}: done
actions:
  - text: Pay residents for their time
    owner: Tom Reed
"""
    assert invoke("session", "--answers", write("june.yaml", june)).exit_code == 0
    september = PEOPLE + f"""\
date: 2026-09-17
purpose.impact: Crises down a third.
reviews:
  {first}: done
"""
    assert invoke("session", "--answers", write("sept.yaml", september)).exit_code == 0
    listed = json.loads(invoke("actions", "--json").output)
    assert [a["text"] for a in listed] == ["Pay residents for their time"]
    everything = json.loads(invoke("actions", "--json", "--all").output)
    housing = next(a for a in everything if a["id"] == first)
    assert housing["status"] == "done"
    assert housing["history"] == [{"date": "2026-06-10", "status": "carried over"},
                                  {"date": "2026-09-17", "status": "done"}]
    table = flat(invoke("actions").output)
    assert "Pay residents for their time" in table
    assert "Tom Reed" in table
    assert "Invite housing" not in table
    assert flat(invoke("actions", "--owner", "priya").output).startswith("No open actions")
    # The June log says what happened to March's actions, in words.
    june_text = only(journal, "2026-06-10").read_text(encoding="utf-8")
    assert "- **Carried over**: Invite housing to the next meeting (Priya Shah)" in june_text
    assert "- **Done**: Book the library for June (Jo Bell)" in june_text


def test_a_review_takes_a_comment_a_new_date_and_several_owners(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("session", "--answers", write("march.yaml", MARCH))
    march = read_log(only(journal, "march"))
    first, second = (a.id for a in march.meeting.actions)  # type: ignore[union-attr]
    june = PEOPLE + f"""\
date: 2026-06-10
purpose.impact: Still fewer crises.
reviews:
  {first}:
    status: carried over
    due: 31/01/2099
    comment: It went to the board and I heard nothing back
  {second}: {{status: dropped, comment: The library is closed for the summer}}
actions:
  - text: Pay residents for their time
    owner: [Tom Reed, Sam Okafor]
    due: 2026-07-01
  - {{text: Write to the ICB, owner: "Jo Bell, Priya Shah"}}
"""
    result = invoke("session", "--answers", write("june.yaml", june))
    assert result.exit_code == 0, result.output
    text = only(journal, "2026-06-10").read_text(encoding="utf-8")
    # The log says it in words: the new date, the one it had (overdue by then), the comment.
    assert ("- **Carried over**: Invite housing to the next meeting (Priya Shah) · now due by "
            "31 Jan 2099 (was due by 30 Apr 2026, overdue) · “It went to the board and I heard "
            "nothing back”") in text
    assert ("- **Dropped**: Book the library for June (Jo Bell) · “The library is closed for "
            "the summer”") in text
    assert "| Pay residents for their time | Tom Reed, Sam Okafor | 01 Jul 2026 |" in text
    meeting = read_log(only(journal, "2026-06-10")).meeting
    assert meeting is not None
    housing = meeting.reviews[0]
    assert (housing.action.due, housing.was_due, housing.comment) == (
        dt.date(2099, 1, 31), dt.date(2026, 4, 30),
        "It went to the board and I heard nothing back")
    assert [a.owners for a in meeting.actions] == [("Tom Reed", "Sam Okafor"),
                                                   ("Jo Bell", "Priya Shah")]
    # The front matter an older reflect reads is as it was: the owner one text, the review
    # the action (with its date now) and its status; what is new comes under new keys.
    front = text.split("\n---\n", 1)[0]
    assert "owner: Tom Reed, Sam Okafor\n" in front
    assert "    status: carried over\n    was_due: 2026-04-30\n    comment: It went" in front
    # reflect actions: carried over to its new date, so no longer overdue; owners listed.
    listed = {a["text"]: a for a in json.loads(invoke("actions", "--json").output)}
    housing_now = listed["Invite housing to the next meeting"]
    assert (housing_now["due"], housing_now["overdue_since"], housing_now["status"]) == (
        "2099-01-31", None, "carried over")
    assert listed["Pay residents for their time"]["owners"] == ["Tom Reed", "Sam Okafor"]
    assert [a["text"] for a in json.loads(invoke("actions", "--json", "--owner",
                                                 "sam").output)] == [
        "Pay residents for their time"]
    table = flat(invoke("actions").output)
    assert "Priya Shah · by 31 Jan 2099" in table
    if dt.date.today() > dt.date(2026, 7, 1):
        assert "Tom Reed, Sam Okafor · OVERDUE since 01 Jul 2026" in table
        markdown = flat(invoke("actions", "--format", "markdown").output)
        assert "**overdue since Wednesday 1 July 2026**" in markdown


def test_carried_over_without_a_new_date_keeps_its_date_and_shows_it_overdue(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    invoke("session", "--answers", write("march.yaml", MARCH))
    march = read_log(only(journal, "march"))
    first = march.meeting.actions[0].id  # type: ignore[union-attr]
    june = PEOPLE + f"date: 2026-06-10\npurpose.impact: x\nreviews:\n  {first}: carried over\n"
    assert invoke("session", "--answers", write("june.yaml", june)).exit_code == 0
    text = only(journal, "2026-06-10").read_text(encoding="utf-8")
    assert ("- **Carried over**: Invite housing to the next meeting (Priya Shah) · **overdue "
            "since 30 Apr 2026**") in text
    (housing,) = json.loads(invoke("actions", "--json").output)[:1]
    assert housing["due"] == "2026-04-30"
    if dt.date.today() > dt.date(2026, 4, 30):
        assert housing["overdue_since"] == "2026-04-30"
        assert "Priya Shah · OVERDUE since 30 Apr 2026" in flat(invoke("actions").output)


@pytest.mark.parametrize(("review", "message"), [
    ("{status: done, due: 2026-07-01}", "reviews.ID.due: a new date goes with 'carried over' "
                                        "only"),
    ("{status: carried over, due: soon}", "reviews.ID.due: 'soon' is not a date"),
    ("{comment: hello}", "reviews.ID.status: missing: say what happened to the action"),
    ("{status: done, note: hello}", "reviews.ID.note: unknown key (use status, due, comment)"),
    ("{status: finished}", "reviews.ID.status: 'finished' is not a status"),
])
def test_bad_reviews_in_an_answers_file_are_named(invoke, journal: Path, review: str,  # type: ignore[no-untyped-def]
                                                  message: str) -> None:
    invoke("session", "--answers", write("march.yaml", MARCH))
    first = read_log(only(journal, "march")).meeting.actions[0].id  # type: ignore[union-attr]
    june = PEOPLE + f"date: 2026-06-10\npurpose.impact: x\nreviews:\n  {first}: {review}\n"
    result = invoke("session", "--answers", write("june.yaml", june))
    assert result.exit_code == 2, result.output
    assert message.replace("ID", first) in flat(result.output)
    assert "Traceback" not in result.output
    assert len(log_paths(journal)) == 1


OLD_LOGS = Path(__file__).resolve().parent / "old_logs"


def test_logs_written_before_comments_new_dates_and_several_owners_still_load(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    # Two meetings written by the reflect before this change (its own files, unedited): in
    # June, March's first action was carried over (its old date copied) and the second done.
    journal.mkdir(parents=True, exist_ok=True)
    for old in OLD_LOGS.glob("*.md"):
        (journal / old.name).write_bytes(old.read_bytes())
    everything = json.loads(invoke("actions", "--json", "--all").output)
    assert [(a["text"], a["owner"], a["owners"], a["due"], a["status"]) for a in everything] == [
        ("Invite housing to the next meeting", "Priya Shah", ["Priya Shah"], "2026-04-30",
         "carried over"),
        ("Book the library for June", "Tom Reed and Aisha Khan", ["Tom Reed and Aisha Khan"],
         None, "done")]
    june = read_log(journal / "2026-06-10-june-meeting.md").meeting
    assert june is not None
    assert [(r.status, r.comment, r.was_due) for r in june.reviews] == [
        ("carried over", "", None), ("done", "", None)]
    assert not june.count_notes
    compared = json.loads(invoke("compare", "--format", "json").stdout)
    assert compared["meeting"]["actions_reviewed"] == [
        {"text": "Invite housing to the next meeting", "owner": "Priya Shah",
         "status": "carried over"},
        {"text": "Book the library for June", "owner": "Tom Reed and Aisha Khan",
         "status": "done"}]
    assert invoke("show", "2026-06-10").exit_code == 0
    # A new meeting reviews the old action again, with a new date and a comment.
    housing = everything[0]["id"]
    september = PEOPLE + (f"date: 2026-09-17\npurpose.impact: x\nreviews:\n  {housing}: "
                          "{status: carried over, due: 2099-01-31, comment: Housing replied}\n")
    assert invoke("session", "--answers", write("sept.yaml", september)).exit_code == 0
    (now,) = json.loads(invoke("actions", "--json").output)
    assert (now["due"], now["status"], [h["status"] for h in now["history"]]) == (
        "2099-01-31", "carried over", ["carried over", "carried over"])


def test_the_next_meeting_carries_the_speaking_rotation_on(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("session", "--answers", write("march.yaml", MARCH))
    later = PEOPLE + "date: 2026-06-10\npurpose.impact: Still fewer crises.\n"
    invoke("session", "--answers", write("june.yaml", later))
    march = read_log(only(journal, "march")).meeting
    june = read_log(only(journal, "2026-06-10")).meeting
    assert march is not None
    assert june is not None
    assert june.rotation == march.rotation + len(march.orders)
    assert june.orders["purpose"][0] != march.orders["purpose"][0]


@pytest.mark.parametrize(("text", "message"), [
    ("- name: A\n  sector: Charity\n", "participants[1].sector: 'Charity' is not one of the "
                                       "sectors"),
    ("- name: A\n  role: chair\n", "participants[1].role: 'chair' is not a role"),
    ("- organisation: X\n", "participants[1].name: every person needs a name"),
    ("- name: A\n- name: a\n", "participants[2].name: a is in the list twice"),
    ("- name: A\n  organisaton: X\n", "participants[1].organisaton: unknown key (did you mean "
                                      "'organisation'?)"),
    ("name: A\n", "participants: missing"),
    ("- [\n", "not valid YAML"),
    ("", "the participants file is empty"),
    ("# nobody yet\n", "the participants file is empty"),
])
def test_bad_participants_files_are_refused(invoke, journal: Path, text: str,  # type: ignore[no-untyped-def]
                                            message: str) -> None:
    result = invoke("session", "--participants", write("people.yaml", text))
    assert result.exit_code == 2, result.output
    assert "people.yaml" in result.output
    assert message in flat(result.output)
    assert "Traceback" not in result.output
    assert log_paths(journal) == []


def test_a_missing_participants_file_is_named(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--participants", "nobody.yaml")
    assert result.exit_code == 2
    assert "nobody.yaml: participants file not found" in flat(result.output)


def test_the_example_participants_file_is_valid(framework) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.inputs.answers import parse_participants

    text = (ROOT / "examples" / "participants.yaml").read_text(encoding="utf-8")
    people = parse_participants(text, "participants.yaml", framework.sectors)
    assert len(people) == 5
    assert people[0].is_facilitator
    assert people[1].is_lead


@pytest.mark.parametrize(("extra", "message"), [
    ("notes:\n  purpose.impact:\n    Nobody Known: hi\n", "'Nobody Known' is not in the "
                                                         "participants"),
    ("ratings:\n  characteristics.trust: {Tom Reed: 9}\n", "should be a whole number from 1 "
                                                           "to 5"),
    ("ratings:\n  purpose.impact: {Tom Reed: 3}\n", "not a rating prompt"),
    ("notes:\n  characteristics.trust: {Tom Reed: hi}\n", "notes go with a text prompt"),
    ("actions:\n  - owner: Tom\n", "every action needs a text"),
    ("actions:\n  - text: x\n    due: soon\n", "not a date"),
    ("actions:\n  - text: x\n    question: nope\n", "no question 'nope'"),
    ("reviews:\n  abc-1: finished\n", "'finished' is not a status"),
    ("reviews:\n  abc-1: done\n", "there is no earlier action 'abc-1'"),
    ("minutes: lots\n", "should be a whole number of minutes"),
    ("time_spent:\n  purpose: -5\n", "should be minutes"),
])
def test_bad_meeting_answers_are_refused_and_nothing_is_written(  # type: ignore[no-untyped-def]
        invoke, journal: Path, extra: str, message: str) -> None:
    result = invoke("session", "--answers", write("a.yaml", PEOPLE + "purpose.impact: x\n" +
                                                   extra))
    assert result.exit_code == 2, result.output
    assert message in flat(result.output)
    assert "Traceback" not in result.output
    assert log_paths(journal) == []


def test_meeting_extras_need_participants(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", "checkin:\n  Tom: hi\n"
                                                   "purpose.impact: x\n"))
    assert result.exit_code == 2
    assert "add 'participants:'" in flat(result.output)


def test_compare_of_a_meeting_with_a_journal_entry_says_nobody_left_or_joined(
        invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("session", "--answers", write("march.yaml", MARCH))
    entry = "title: My thoughts\ndate: 2026-03-20\nkind: journal\npurpose.impact: Fewer crises.\n"
    assert invoke("session", "--answers", write("entry.yaml", entry)).exit_code == 0
    text = flat(invoke("compare").output)
    assert "March meeting → My thoughts" in text
    # A journal entry has nobody present and reviews nothing: the five at the meeting did
    # not leave, and its actions were not forgotten.
    for misleading in ("People and actions", "Left:", "Not reviewed yet"):
        assert misleading not in text
    data = json.loads(invoke("compare", "--format", "json").stdout)
    assert data["meeting"] is None or not data["meeting"]["left"]
    # A meeting after a journal entry: nobody "joined", but its new actions are said.
    april = PEOPLE + ("title: April meeting\ndate: 2026-04-10\npurpose.impact: Sooner.\n"
                      "actions:\n  - {text: Pay residents for their time, owner: Tom Reed}\n")
    assert invoke("session", "--answers", write("april.yaml", april)).exit_code == 0
    text = flat(invoke("compare", "2026-03-20", "2026-04-10").output)
    assert "New action: Pay residents for their time (Tom Reed)" in text
    assert "Joined:" not in text


def test_compare_shows_who_joined_and_left_and_how_actions_moved_on(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("session", "--answers", write("march.yaml", MARCH))
    march = read_log(only(journal, "march"))
    first, second = (a.id for a in march.meeting.actions)  # type: ignore[union-attr]
    june = PEOPLE.replace("  - {name: Jo Bell, organisation: Age Concern, sector: VCSE}\n",
                          "  - {name: Lee Wong, organisation: Eastgate Housing, sector: Other}\n")
    june += f"""\
date: 2026-06-10
purpose.impact: Fewer people reaching crisis, sooner.
reviews:
  {first}: done
actions:
  - text: Pay residents for their time
    owner: Tom Reed
"""
    assert invoke("session", "--answers", write("june.yaml", june)).exit_code == 0
    text = flat(invoke("compare").output)
    assert "People and actions" in text
    assert "Joined: Lee Wong" in text
    assert "Left: Jo Bell" in text
    assert "Done: Invite housing to the next meeting (Priya Shah)" in text
    assert "Not reviewed yet: Book the library for June (Jo Bell)" in text
    assert "New action: Pay residents for their time (Tom Reed)" in text
    data = json.loads(invoke("compare", "--format", "json").stdout)
    assert data["meeting"]["joined"] == ["Lee Wong"]
    assert data["meeting"]["left"] == ["Jo Bell"]
    assert data["meeting"]["actions_reviewed"] == [
        {"text": "Invite housing to the next meeting", "owner": "Priya Shah", "status": "done"}]
    markdown = invoke("compare", "--format", "markdown").output
    assert "## People and actions" in markdown
    assert "- **Joined:** Lee Wong" in markdown
    assert "- **New action:** Pay residents for their time (Tom Reed)" in markdown


def test_yaml_number_forms_are_understood(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    """YAML reads 1:30 as 90 and 0x3 as 3; such values never crash reflect."""
    text = PEOPLE + ("minutes: 1:30\ncharacteristics.trust: 0x3\n"
                     "time_spent: {purpose: 1:20}\npurpose.impact: x\n")
    result = invoke("session", "--answers", write("a.yaml", text))
    assert result.exit_code == 0, result.output
    (path,) = log_paths(journal)
    session = read_log(path)
    assert session.meeting is not None
    assert session.meeting.minutes == 90
    assert session.meeting.seconds_spent == {"purpose": 4800}
    assert session.answer("characteristics.trust").rating == 3


@pytest.mark.parametrize("extra", ["time_spent: {purpose: .nan}\n", "minutes: .inf\n",
                                   "characteristics.trust: 3.5\n"])
def test_numbers_that_are_not_usable_are_refused(invoke, journal: Path, extra: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", PEOPLE + "purpose.impact: x\n" +
                                                   extra))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert log_paths(journal) == []


def test_no_one_opens_two_meetings_running_when_people_come_and_go(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    everyone = ["Ann", "Ben", "Cat", "Dev", "Eve"]
    attendance = [everyone, everyone[:3], everyone, everyone[1:], everyone[:4], everyone,
                  everyone[2:], everyone]
    openers = []
    for month, people in enumerate(attendance, 1):
        text = "participants: [" + ", ".join(people) + "]\n"
        text += f"date: 2026-{month:02d}-10\npurpose.impact: x\nrole.change: y\n"
        assert invoke("session", "--answers", write(f"m{month}.yaml", text)).exit_code == 0
        newest = max(log_paths(journal), key=lambda p: p.name)
        meeting = read_log(newest).meeting
        assert meeting is not None
        openers.append(meeting.orders["purpose"][0])
    assert all(a != b for a, b in zip(openers, openers[1:], strict=False)), openers
