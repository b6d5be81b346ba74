"""Sharing by e-mail and from an answers file: `reflect share -o FILE` writes an entry as one
file to send, `reflect import FILE...` brings such files in (into the workspace, or the
personal folder without one) exactly as they came, with their authors; a damaged or hostile
file is named and left out. Two members, two homes, one shared folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_workspace import Member, _member, ok, private_folder, said

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = str(ROOT / "examples" / "answers.yaml")
ENTRY = ("title: Waiting lists\ndate: 2026-02-03\nkind: journal\n"
         "purpose.impact: Fewer people waiting at the trust.\n")


@pytest.fixture
def priya(tmp_path: Path) -> Member:
    """A member who cannot reach the shared folder: she journals on her own laptop."""
    member = _member(tmp_path / "priya")
    ok(member("config", "--name", "Priya Shah", "--organisation", "Northfield NHS Trust",
              "--sector", "NHS"))
    return member


@pytest.fixture
def tom(tmp_path: Path) -> Member:
    """The facilitator, with the partnership's workspace."""
    member = _member(tmp_path / "tom")
    ok(member("config", "--name", "Tom Reed"))
    ok(member("workspace", "create", str(tmp_path / "shared" / "North"), "--name", "North"))
    return member


def _journal(member: Member, tmp_path: Path, text: str = ENTRY, name: str = "entry.yaml"
             ) -> None:
    answers = tmp_path / name
    answers.write_text(text, encoding="utf-8")
    ok(member("session", "--answers", str(answers)))


def test_an_entry_goes_by_e_mail_with_its_author_and_comes_in_as_it_was(
        tmp_path: Path, priya: Member, tom: Member) -> None:
    _journal(priya, tmp_path)
    sent = tmp_path / "priya-entry.md"
    result = priya("share", "latest", "-o", str(sent))
    assert result.exit_code == 0, result.output
    assert "reflect import FILE" in said(result)
    original = private_folder(tmp_path / "priya") / "2026-02-03-waiting-lists.md"
    assert original.is_file()  # it stays in her own folder, private
    assert sent.read_bytes() == original.read_bytes()
    assert "name: Priya Shah" in sent.read_text(encoding="utf-8")

    brought = tom("import", str(sent))
    assert brought.exit_code == 0, brought.output
    assert "Brought in 'Waiting lists' by Priya Shah" in said(brought)
    (landed,) = (tmp_path / "shared" / "North" / "sessions").glob("*.md")
    assert landed.read_bytes() == sent.read_bytes()  # nothing lost on the way
    listed = ok(tom("list", "--author", "Priya"))
    assert "Waiting lists" in listed
    assert "private" not in listed  # in the workspace: the partnership's now

    again = tom("import", str(sent))
    assert again.exit_code == 0, again.output
    assert f"Already here: {sent} is the same session as {landed.name}" in said(again)
    assert len(list(landed.parent.glob("*.md"))) == 1


def test_share_to_a_file_never_replaces_one(tmp_path: Path, priya: Member) -> None:
    _journal(priya, tmp_path)
    sent = tmp_path / "entry.md"
    sent.write_text("my own notes", encoding="utf-8")
    refused = priya("share", "-o", str(sent))
    assert refused.exit_code == 2
    assert "already exists" in said(refused)
    assert sent.read_text(encoding="utf-8") == "my own notes"


def test_an_entry_nobody_signed_is_not_sent_until_its_author_says_who_they_are(
        tmp_path: Path) -> None:
    anon = _member(tmp_path / "anon")
    _journal(anon, tmp_path)
    refused = anon("share", "-o", str(tmp_path / "out.md"))
    assert refused.exit_code == 2
    assert "say who you are first" in said(refused)
    assert not (tmp_path / "out.md").exists()
    ok(anon("config", "--name", "Sam Okafor"))
    ok(anon("share", "-o", str(tmp_path / "out.md")))
    assert "name: Sam Okafor" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_import_without_a_workspace_goes_to_the_personal_folder(
        tmp_path: Path, priya: Member) -> None:
    _journal(priya, tmp_path)
    sent = tmp_path / "sent.md"
    ok(priya("share", "-o", str(sent)))
    sam = _member(tmp_path / "sam")
    brought = sam("import", str(sent))
    assert brought.exit_code == 0, brought.output
    assert "your folder" in said(brought)
    (landed,) = private_folder(tmp_path / "sam").glob("*.md")
    assert landed.read_bytes() == sent.read_bytes()
    assert "Priya Shah" in ok(sam("list"))


def test_damaged_and_hostile_files_are_named_and_left_out(
        tmp_path: Path, priya: Member, tom: Member) -> None:
    _journal(priya, tmp_path)
    good = tmp_path / "good.md"
    ok(priya("share", "-o", str(good)))
    text = good.read_text(encoding="utf-8")
    odd = tmp_path / "evil\x1b]0;owned\x07.md"
    odd.write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    bad_yaml = tmp_path / "bad.md"
    bad_yaml.write_text(text.replace("kind: journal", "kind: [journal"), encoding="utf-8")
    huge = tmp_path / "huge.md"
    with huge.open("w", encoding="utf-8") as out:
        out.write(text)
        out.write("x" * (11 * 1024 * 1024))
    not_a_log = tmp_path / "letter.md"
    not_a_log.write_text("Dear Tom, here is my entry.\n", encoding="utf-8")
    folder = tmp_path / "a-folder.md"
    folder.mkdir()

    result = tom("import", str(odd), str(bad_yaml), str(huge), str(not_a_log), str(good))
    assert result.exit_code == 0, result.output  # the good one came in
    shown = said(result)
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert "Left out " + str(tmp_path / "evil\\x1b]0;owned\\x07.md") in shown
    assert f"Left out {bad_yaml}" in shown
    assert f"Left out {huge}" in shown
    assert "10 MB" in shown or "too large" in shown
    assert f"Left out {not_a_log}" in shown
    assert "Traceback" not in result.output
    assert "Brought in 'Waiting lists' by Priya Shah" in shown
    assert len(list((tmp_path / "shared" / "North" / "sessions").glob("*.md"))) == 1

    nothing = tom("import", str(bad_yaml), str(folder), str(tmp_path / "missing.md"))
    assert nothing.exit_code == 2
    assert "Traceback" not in nothing.output
    left_out = said(nothing)
    assert "missing.md: file not found" in left_out  # (not 'log not found': it is not there)
    assert "is a folder; give the path of the file" in left_out


def test_a_meeting_by_e_mail_goes_into_the_workspace_as_a_meeting(
        tmp_path: Path, tom: Member) -> None:
    sam = _member(tmp_path / "sam")
    ok(sam("config", "--name", "Sam Okafor"))
    ok(sam("session", "--answers", ANSWERS, "--title", "Away day"))
    sent = tmp_path / "away-day.md"
    ok(sam("share", "latest", "-o", str(sent)))
    ok(tom("import", str(sent)))
    (row,) = json.loads(ok(tom("list", "--format", "json")))
    assert row["title"] == "Away day"
    assert row["kind"] == "meeting"
    assert not row.get("private")
    assert row["author"]["name"] == "Sam Okafor"
    assert [p.name for p in (tmp_path / "shared" / "North" / "sessions").glob("*.md")] == [
        "2026-03-12-away-day-sam-okafor.md"]  # whose it is, in the name


def test_an_answers_file_can_share_the_entry_in_a_workspace(tmp_path: Path,
                                                             tom: Member) -> None:
    _journal(tom, tmp_path, ENTRY + "share: yes\n")
    (landed,) = (tmp_path / "shared" / "North" / "sessions").glob("*.md")
    assert landed.name == "2026-02-03-waiting-lists-tom-reed.md"
    assert "name: Tom Reed" in landed.read_text(encoding="utf-8")
    assert not list(private_folder(tmp_path / "tom").glob("*.md"))
    _journal(tom, tmp_path, ENTRY.replace("Waiting", "Kept") + "share: no\n", "kept.yaml")
    assert (private_folder(tmp_path / "tom") / "2026-02-03-kept-lists.md").is_file()


def test_share_yes_outside_a_workspace_writes_nothing_and_says_why(
        tmp_path: Path, priya: Member) -> None:
    answers = tmp_path / "entry.yaml"
    answers.write_text(ENTRY + "share: yes\n", encoding="utf-8")
    refused = priya("session", "--answers", str(answers))
    assert refused.exit_code == 2
    assert "no workspace is in use" in said(refused)
    assert not private_folder(tmp_path / "priya").exists() or \
        not list(private_folder(tmp_path / "priya").glob("*.md"))
    answers.write_text(ENTRY + "share: perhaps\n", encoding="utf-8")
    wrong = priya("session", "--answers", str(answers))
    assert wrong.exit_code == 2
    assert "share" in said(wrong)
    assert "yes or no" in said(wrong)


def test_two_members_sharing_entries_of_one_day_and_title_never_write_one_name(
        tmp_path: Path, tom: Member) -> None:
    """Each shared log's name says whose it is: two laptops syncing one folder (or one git
    repository) never make two sessions into one file's two versions."""
    ann = _member(tmp_path / "ann")
    ok(ann("config", "--name", "Ann Smith"))
    ok(ann("workspace", "join", str(tmp_path / "shared" / "North")))
    _journal(tom, tmp_path, ENTRY + "share: yes\n", "tom.yaml")
    _journal(ann, tmp_path, ENTRY + "share: yes\n", "ann.yaml")
    names = sorted(p.name for p in (tmp_path / "shared" / "North" / "sessions").glob("*.md"))
    assert names == ["2026-02-03-waiting-lists-ann-smith.md",
                     "2026-02-03-waiting-lists-tom-reed.md"]
    listed = json.loads(ok(tom("list", "--format", "json")))
    assert sorted(row["author"]["name"] for row in listed) == ["Ann Smith", "Tom Reed"]
