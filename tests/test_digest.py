"""Since the last meeting: `reflect digest` lists, by question, the entries members shared
since the last meeting (or --since a day): who (name as written, organisation), when, and the
first lines; text from others is shown safely and a damaged shared file is named and left
out; with no workspace, one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import test_workspace as workspace_tests
from test_workspace import ANSWERS, Member, ok, said

from reflect_cli.domain.digest import excerpt, first_lines

shared, ann, bob = workspace_tests.shared, workspace_tests.ann, workspace_tests.bob
partnership = workspace_tests.partnership

LONG = ("We met the housing team at last and they want residents on their panel, which "
        "nobody expected after the winter we had. The connectors say people are waiting "
        "longer for a first visit and the volunteers are tired. " * 4
        + "Nobody has told the board yet.")


def entry(folder: Path, name: str, title: str, date: str, **answers: str) -> str:
    path = folder / name
    lines = [f"title: {json.dumps(title)}", "kind: journal", f"date: {date}"]
    lines += [f"{pid.replace('_', '.')}: {json.dumps(text)}" for pid, text in answers.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def share(member: Member, folder: Path, name: str, title: str, date: str,
          **answers: str) -> None:
    ok(member("session", "--answers", entry(folder, name, title, date, **answers)))
    ok(member("share", "latest"))


def test_digest_lists_entries_shared_since_the_last_meeting_by_question(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path) -> None:
    ok(bob("config", "--name", "Bob Green", "--organisation", "Eastgate Tenants"))
    ok(ann("config", "--name", "Ann Lee", "--organisation", "Northfield NHS Trust"))
    share(bob, tmp_path, "old.yaml", "Before January", "2026-01-05",
          purpose_impact="Written before the meeting")
    share(bob, tmp_path, "b.yaml", "Bob in February", "2026-02-01",
          purpose_impact=LONG, role_change="Test it on one estate first.")
    share(ann, tmp_path, "a.yaml", "Ann in February", "2026-02-03",
          purpose_impact="Fewer crises.")
    ok(ann("session", "--answers", ANSWERS, "--kind", "journal", "--title", "Ann private",
           "--date", "2026-02-04"))  # not shared: never in the digest
    out = ok(bob("digest"))
    flat = " ".join(out.split())
    assert "Shared since the last meeting, Sat 10 Jan 2026 (January)" in flat
    assert "2 entries by 2 people, on 2 questions." in flat
    assert "Written before the meeting" not in out
    assert "Ann private" not in out
    assert "Older people living alone" not in out
    purpose = flat.index("1. What is the purpose")
    role = flat.index("2. What is the distinctive role")
    assert purpose < flat.index("Bob Green (Eastgate Tenants) · Sun 1 Feb 2026") < role
    assert purpose < flat.index("Ann Lee (Northfield NHS Trust) · Tue 3 Feb 2026") < role
    assert flat.index("Bob Green (Eastgate Tenants)") < flat.index("Ann Lee")  # oldest first
    assert "Test it on one estate first." in flat[role:]
    # The first lines of a long answer, ending with '…' after a whole word.
    assert "We met the housing team" in out
    assert "Nobody has told the board yet." not in out
    cut = next(line for line in out.splitlines() if line.endswith("…"))
    assert cut.endswith(" …")
    assert all(len(line) <= 200 for line in out.splitlines())
    # --since a day; markdown and json
    since = ok(bob("digest", "--since", "2026-01-01", "--format", "markdown"))
    assert since.startswith("# Shared since Thu 1 Jan 2026")
    assert "Written before the meeting" in since
    assert "- **Bob Green (Eastgate Tenants)**, Sun 1 Feb 2026, on" in since
    data = json.loads(ok(bob("digest", "--format", "json")))
    assert data["report"] == "digest"
    assert data["last_meeting"]["date"] == "2026-01-10"
    assert [q["id"] for q in data["questions"]] == ["purpose", "role"]
    first = data["questions"][0]["answers"][0]
    assert (first["author"], first["organisation"], first["date"], first["text"]) == (
        "Bob Green", "Eastgate Tenants", "2026-02-01", LONG)


def test_digest_writes_a_file_and_a_meeting_resets_since(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path) -> None:
    ok(bob("config", "--name", "Bob Green"))
    share(bob, tmp_path, "b.yaml", "Bob", "2026-02-01", purpose_impact="Fewer crises.")
    target = tmp_path / "agenda.md"
    ok(ann("digest", "--format", "markdown", "-o", str(target)))
    assert "Fewer crises." in target.read_text(encoding="utf-8")
    ok(ann("session", "--answers", ANSWERS, "--date", "2026-03-01", "--title", "March"))
    after = said(ann("digest"))
    assert "Shared since the last meeting, Sun 1 Mar 2026 (March)" in after
    assert "Nothing was shared." in after
    assert "reflect share" in after


def test_digest_shows_hostile_text_safely_and_leaves_a_damaged_file_out(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path) -> None:
    ok(bob("config", "--name", "Bob Green"))
    share(bob, tmp_path, "b.yaml", "Bob", "2026-02-01",
          purpose_impact="Hello\x1b]0;owned\x07\x1b[2J \u202eevil [bold]x[/bold]")
    (partnership / "sessions" / "2026-02-02-broken.md").write_text("---\nid: [\n",
                                                                    encoding="utf-8")
    for fmt in ("terminal", "markdown", "json"):
        result = ann("digest", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert "\x07" not in result.output
        assert "\u202e" not in result.output
        assert "2026-02-02-broken.md" in result.output
    shown = ok(ann("digest"))
    assert "Hello\\x1b]0;owned\\x07\\x1b[2J" in shown
    assert "[bold]x[/bold]" in shown
    assert "cannot be read" in shown


def test_digest_with_no_workspace_says_how_to_join_one(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("digest")
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "no workspace is in use" in message
    assert "reflect workspace join FOLDER" in message
    assert "Traceback" not in result.output


def test_digest_of_an_empty_workspace(ann: Member, shared: Path) -> None:
    ok(ann("workspace", "create", str(shared), "--name", "North"))
    out = said(ann("digest"))
    assert "Shared so far (there has been no meeting yet)" in out
    assert "Nothing was shared." in out
    data = json.loads(ok(ann("digest", "--format", "json")))
    assert data["questions"] == []
    assert data["last_meeting"] is None


def test_digest_help_has_an_example(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("digest", "--help")
    assert result.exit_code == 0
    assert "Example: reflect digest" in result.output
    assert "--since" in result.output


def test_first_lines_never_cut_a_word_without_saying_so() -> None:
    lines, more = first_lines(LONG, 30, 2)
    assert more
    assert len(lines) == 2
    assert lines[-1].endswith(" …")
    assert all(len(line) <= 30 for line in lines)
    words = set(LONG.split())
    for line in lines:
        for word in line.removesuffix(" …").split():
            assert word in words  # whole words only
    address = "https://example.org/" + "a" * 70
    lines, more = first_lines(address, 30, 5)
    assert not more
    assert all(len(line) <= 30 for line in lines)
    assert [line.endswith("…") for line in lines] == [True, True, True, False]
    assert "".join(line.removesuffix("…") for line in lines) == address
    assert first_lines("Short.", 30, 2) == (["Short."], False)
    assert excerpt("one two three", 2) == ("one two …", True)
    assert excerpt("one two", 2) == ("one two", False)


def test_a_meeting_starts_with_what_was_shared_never_with_private_entries(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from scripted import ScriptedPrompter
    from test_workspace import _environment, private_folder

    from reflect_cli.app.session_flow import SessionOptions, run_session
    from reflect_cli.domain.meeting import Participant
    from reflect_cli.inputs.framework import load_framework
    from reflect_cli.storage.workspace import open_workspace_store, workspace_at

    ok(bob("config", "--name", "Bob Green"))
    share(bob, tmp_path, "b.yaml", "Bob", "2026-02-01", purpose_impact="Fewer crises.")
    ok(ann("session", "--answers", entry(tmp_path, "a.yaml", "Ann", "2026-02-02",
                                         purpose_impact="My own thoughts")))
    (partnership / "sessions" / "2026-02-03-broken.md").write_text("---\nid: [\n",
                                                                    encoding="utf-8")
    for key, value in _environment(tmp_path / "ann").items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    prompter = ScriptedPrompter(
        ("people", [Participant("Ann Lee", "Northfield NHS Trust", "NHS")]),
        ("check-in?", False), *[("review", None)] * 3, ("answer", "x"),
        ("more actions?", False), ("key messages", []))
    with open_workspace_store(private_folder(tmp_path / "ann"),
                              workspace_at(partnership)) as store:
        run_session(load_framework(), store, SessionOptions(prompts=("purpose.impact",),
                                                            kind="meeting"), prompter)
    prompter.done()
    (said_first,) = [t for t in prompter.told if t.startswith("Since the last meeting")]
    assert said_first == ("Since the last meeting: purpose: Bob Green Fewer crises. "
                          "(left out: 2026-02-03-broken.md)")
    # After the reviews (the review of actions comes first), before the questions.
    told = prompter.told
    assert told.index(said_first) > next(i for i, t in enumerate(told) if "to review" in t)
