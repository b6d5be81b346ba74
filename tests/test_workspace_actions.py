"""Actions everywhere, in a workspace: `reflect actions` lists the open actions of the
partnership's meetings and of the entries its members shared, and those of this person's own
private entries (marked private, seen by her alone); a meeting's review of actions takes up
the open actions of shared entries, never those of the facilitator's private ones."""

from __future__ import annotations

import json
from pathlib import Path

import test_workspace as workspace_tests
from test_workspace import Member, _environment, ok, private_folder

from reflect_cli.app.session_flow import SessionOptions, run_session
from reflect_cli.inputs.framework import load_framework
from reflect_cli.storage.workspace import open_workspace_store, workspace_at

# Two members and their shared folder, as in test_workspace.py.
shared, ann, bob = workspace_tests.shared, workspace_tests.ann, workspace_tests.bob
partnership = workspace_tests.partnership


def entry(folder: Path, name: str, title: str, date: str, action: str, owner: str) -> str:
    """An answers file of a journal entry with one action of its own (no people needed)."""
    path = folder / name
    path.write_text(f"title: {title}\nkind: journal\ndate: {date}\n"
                    "purpose.impact: Fewer crises.\n"
                    f"actions:\n  - {{text: {action}, owner: {owner}, due: 2099-05-31, "
                    "question: purpose}\n", encoding="utf-8")
    return str(path)


def test_actions_lists_meetings_shared_entries_and_my_private_ones(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path) -> None:
    ok(bob("config", "--name", "Bob Green", "--organisation", "Eastgate Tenants"))
    ok(bob("session", "--answers", entry(tmp_path, "b1.yaml", "Bob shares", "2026-02-01",
                                         "Ask the tenants about the bus", "Bob Green")))
    ok(bob("share", "latest"))
    ok(bob("session", "--answers", entry(tmp_path, "b2.yaml", "Bob keeps", "2026-02-02",
                                         "Phone my manager", "Bob Green")))
    bobs = ok(bob("actions"))
    assert "Move meetings out of the trust HQ" in bobs  # the meeting's
    assert "Ask the tenants about the bus" in bobs  # his shared entry's
    assert "Phone my manager" in bobs  # his private entry's, marked so
    lines = bobs.splitlines()
    mine = lines.index(next(line for line in lines if "Phone my manager" in line))
    assert "private (only you see it)" in lines[mine + 1]
    shared_line = lines.index(next(line for line in lines if "Ask the tenants" in line))
    assert "private" not in lines[shared_line + 1]
    anns = ok(ann("actions"))
    assert "Ask the tenants about the bus" in anns  # shared: the partnership's
    assert "Phone my manager" not in anns  # Bob's alone
    data = json.loads(ok(bob("actions", "--format", "json")))
    private = {row["text"]: row["private"] for row in data}
    assert private["Phone my manager"] is True
    assert private["Ask the tenants about the bus"] is False
    assert "private (only you see it)" in ok(bob("actions", "--format", "markdown"))
    assert [row["text"] for row in json.loads(ok(bob("actions", "--owner", "Bob Green",
                                                     "--json")))] == [
        "Ask the tenants about the bus", "Phone my manager"]


def test_outside_a_workspace_a_journal_entrys_actions_are_listed(
        invoke, journal: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", entry(tmp_path, "a.yaml", "Alone", "2026-02-01",
                                                  "Read the strategy", "Ann"))
    assert result.exit_code == 0, result.output
    listed = invoke("actions")
    assert listed.exit_code == 0
    assert "Read the strategy" in listed.output
    assert "private" not in listed.output  # (no workspace: nothing to tell apart)
    assert "Alone" in invoke("show").output


def test_no_actions_says_they_come_from_meetings_and_entries(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    listed = invoke("actions")
    assert listed.exit_code == 0
    assert "meetings and journal entries alike (Ctrl-A while answering)" in " ".join(
        listed.output.split())


def test_a_meetings_review_takes_up_shared_entries_actions_not_private_ones(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from scripted import ScriptedPrompter

    from reflect_cli.domain.meeting import Participant

    ok(bob("config", "--name", "Bob Green"))
    ok(bob("session", "--answers", entry(tmp_path, "b1.yaml", "Bob shares", "2026-02-01",
                                         "Ask the tenants about the bus", "Bob Green")))
    ok(bob("share", "latest"))
    ok(ann("session", "--answers", entry(tmp_path, "a1.yaml", "Ann keeps", "2026-02-02",
                                         "Ann's own reminder", "Ann")))
    listed = json.loads(ok(ann("actions", "--json")))
    partnership_actions = [row["text"] for row in listed if not row["private"]]
    assert len(partnership_actions) == 4  # the meeting's three and Bob's shared one
    assert "Ask the tenants about the bus" in partnership_actions
    assert [row["text"] for row in listed if row["private"]] == ["Ann's own reminder"]
    for key, value in _environment(tmp_path / "ann").items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    prompter = ScriptedPrompter(
        ("people", [Participant("Ann Lee", "Northfield NHS Trust", "NHS")]),
        ("check-in?", False),
        *[("review", None)] * 4,  # those four: never Ann's own reminder
        ("answer", "x"), ("more actions?", False), ("key messages", []))
    framework = load_framework()
    with open_workspace_store(private_folder(tmp_path / "ann"),
                              workspace_at(partnership)) as store:
        run_session(framework, store, SessionOptions(prompts=("purpose.impact",),
                                                     kind="meeting"), prompter)
    prompter.done()
    reviewed = " ".join(prompter.told)
    assert "4 open actions from earlier sessions to review" in reviewed
    assert "Ann's own reminder" not in reviewed
