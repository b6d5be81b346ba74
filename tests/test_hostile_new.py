"""Hostile files and values against the features merged in the second round: habits, the
settings file, dates, the pager, `reflect edit`, --limit and the git engine. Each test is an
attack that once succeeded (a traceback, a hang, a raw control character, lost words)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from helpers import log_paths, read_log
from hypothesis import given, settings
from hypothesis import strategies as st
from test_edit_cli import editor
from test_gitsync import Member, bare_repository, entry, join, start

from reflect_cli.app import editing, identity
from reflect_cli.domain.dates import DateError, read_date
from reflect_cli.storage import gitsync, habits
from reflect_cli.storage.logfile import render_log
from reflect_cli.terminal import pager
from reflect_cli.textsafe import is_safe


# -- habits ------------------------------------------------------------------------------------
def test_a_habits_file_nested_too_deep_is_passed_over(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "habits.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert habits.load_habits(tmp_path) == habits.Habits()
    habits.remember(tmp_path, kind="journal")
    assert habits.load_habits(tmp_path).kind == "journal"


def test_a_habits_file_with_a_lone_surrogate_is_still_written(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "habits.json").write_text('{"folders": {"other": {"picked": ["\\udc80"]}}}',
                                       encoding="utf-8")
    habits.remember(tmp_path, kind="meeting", picked=["q1"])
    assert habits.load_habits(tmp_path) == habits.Habits("meeting", ["q1"])
    json.loads((state / "habits.json").read_bytes())  # still valid, and valid UTF-8


# -- the git engine ----------------------------------------------------------------------------
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
@pytest.mark.parametrize("key", ["protocol.allow", "protocol.ext.allow"])
def test_a_repository_address_never_runs_a_command(tmp_path: Path, key: str) -> None:
    """An invitation's address 'ext::sh -c ...' would have git run the command; git refuses it
    by default, but a person's own settings may allow it: reflect never does."""
    member = Member(tmp_path, "eve", "Eve", "eve@example.org")
    subprocess.run(["git", "config", "--file", str(member.settings), key, "always"], check=True)
    proof = tmp_path / "ran"
    for url in (f"ext::sh -c touch% {proof}", "fd::7"):
        with member.acting(), pytest.raises(gitsync.GitError):
            gitsync.clone(url, member.folder, timeout=5)
        assert not proof.exists()
        assert not member.folder.exists()


# -- reflect edit ------------------------------------------------------------------------------
@pytest.fixture
def meeting_log(journal: Path, invoke) -> Path:  # type: ignore[no-untyped-def]
    """The example meeting of 12 March 2026, written as a log."""
    assert invoke("session", "--answers", str(EXAMPLES / "answers.yaml")).exit_code == 0
    (path,) = log_paths(journal)
    return path


def test_an_editor_that_writes_control_characters_never_puts_them_in_the_log(
        meeting_log: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    script = r"printf 'Far \000fewer\033[2J\033]52;c;aGk=\007 people\r\n' > " + '"$1"'
    for key, value in editor(tmp_path, script).items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "latest", "--answer", "purpose.impact")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "U+0000 (NUL), U+0007 (a control character), U+001B (ESC)" in said
    assert "they were left out" in said
    text = read_log(meeting_log).answer("purpose.impact").text  # type: ignore[union-attr]
    assert text == "Far fewer[2J]52;c;aGk= people"
    assert is_safe(meeting_log.read_text(encoding="utf-8"))


def test_two_corrections_kept_in_one_second_are_both_kept(
        meeting_log: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = dt.datetime(2026, 3, 12, 10, 0, 0)

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(frozen.timestamp(), tz)

    monkeypatch.setattr(editing.dt, "datetime", Frozen)
    kept: list[str] = []
    for word in ("first", "second"):
        script = (f"sed -i 's/Older people/Older people {word}/' '{meeting_log}'\n"
                  f"echo '{word} correction' > \"$1\"")
        for key, value in editor(tmp_path, script).items():
            monkeypatch.setenv(key, value)
        result = invoke("edit", "latest", "--answer", "purpose.impact")
        assert result.exit_code == 2, result.output
        assert "Nothing is lost: your correction is kept in" in " ".join(result.output.split())
        kept.append(result.output)
    files = (tmp_path / "drafts").rglob("*-correction-*.txt")
    assert sorted(f.read_text(encoding="utf-8") for f in files) == ["first correction\n",
                                                                    "second correction\n"]
    by_time = sorted((tmp_path / "drafts").rglob("*-correction-*.txt"),
                     key=lambda f: f.stat().st_mtime_ns)
    assert all(str(f) in said.replace("\n", "") for f, said in zip(by_time, kept, strict=True))


@pytest.mark.parametrize("number", ["²", "¹", "①"])
def test_a_note_number_that_only_looks_like_a_digit_is_refused(
        meeting_log: Path, invoke, number: str) -> None:  # type: ignore[no-untyped-def]
    before = meeting_log.read_bytes()
    result = invoke("edit", "latest", "--note", f"purpose.collaboration:{number}", "--remove")
    assert result.exit_code == 2, result.output
    assert "write the prompt and the note's number" in " ".join(result.output.split())
    assert meeting_log.read_bytes() == before


@pytest.mark.parametrize("owner", ["\x1b[2J\x1b]0;pwned\x07", "Priya\u202eShah", "x" * 201])
def test_an_action_is_never_given_to_a_name_with_control_characters_or_too_long(
        meeting_log: Path, invoke, owner: str) -> None:  # type: ignore[no-untyped-def]
    before = meeting_log.read_bytes()
    result = invoke("edit", "latest", "--action", "1", "--to", owner)
    assert result.exit_code == 2, result.output
    assert "--to" in result.output
    assert is_safe(result.output.replace("\n", " "))
    assert meeting_log.read_bytes() == before


# -- reflect config ----------------------------------------------------------------------------
@pytest.mark.parametrize(("content", "says"), [
    ('name: "Eve\\e]52;c;aGk=\\aX"\n', "name: holds control characters"),
    ('name: "Eve \\u202eliA"\n', "name: holds control characters"),
    ("name: Eve\norganisation: !!binary aGVsbG8=\n", "organisation: should be text"),
])
def test_a_settings_file_with_control_characters_or_bytes_is_refused(
        invoke, tmp_path: Path, content: str, says: str) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config"
    config.mkdir()
    (config / "me.yaml").write_text(content, encoding="utf-8")
    result = invoke("config")
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert says in said
    assert str(config / "me.yaml") in said
    assert is_safe(result.output.replace("\n", " "))
    # ... and a log written meanwhile records nobody rather than those characters.
    assert identity.current() is None


# -- the pager ---------------------------------------------------------------------------------
class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as pagers")
@pytest.mark.parametrize(("script", "shown"), [
    ("kill -SEGV $$", True),  # the pager crashed: the text is printed instead
    ("exec /nonexistent/pager", True),  # it could not run its program (127)
    ("exit 0", False),  # it quit at once, as one may choose (git shows nothing either)
])
def test_a_pager_that_crashes_never_swallows_the_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, shown: bool) -> None:
    pager_script = tmp_path / "my pager"
    pager_script.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    pager_script.chmod(0o755)
    monkeypatch.setenv("PAGER", f"'{pager_script}'")
    monkeypatch.setenv("LINES", "5")
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    text = "".join(f"line {n}\n" for n in range(50))
    with pager.paged():
        sys.stdout.write(text)
    assert screen.getvalue() == (text if shown else "")


# -- the index's registry (in the cache folder) ------------------------------------------------
def test_a_registry_of_indexes_nested_too_deep_is_passed_over(
        meeting_log: Path, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "cache" / "indexes.json").write_text("[" * 100_000 + "]" * 100_000,
                                                     encoding="utf-8")
    result = invoke("list")
    assert result.exit_code == 0, result.output
    assert meeting_log.name in result.output


@needs_git
@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_symlink_sent_by_another_member_never_reaches_outside_the_workspace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Alice sends sessions/leak.md pointing at Bob's private journal (its folder and names are
    predictable): were it a link on Bob's computer, his private log would be listed in the
    workspace, and a correction made on it would replace the link with his private words, sent
    to everyone at the next sync."""
    remote = bare_repository(tmp_path / "partnership.git")
    alice = Member(tmp_path, "alice", "Alice Adams", "alice@example.org")
    bob = Member(tmp_path, "bob", "Bob Brown", "bob@example.org")
    start(alice, remote)
    join(bob, remote)
    private = tmp_path / "bob-private" / "2026-03-12-private.md"
    private.parent.mkdir()
    private.write_text(render_log(entry("secret01", "Private", "my private words")),
                       encoding="utf-8")
    (alice.folder / "sessions").mkdir(exist_ok=True)
    (alice.folder / "sessions" / "2026-03-12-leak.md").symlink_to(private)
    assert alice.sync().ok
    report = bob.sync()
    assert report.ok, report.lines()
    received = bob.folder / "sessions" / "2026-03-12-leak.md"
    assert not received.is_symlink()
    assert "my private words" not in received.read_text(encoding="utf-8")
    # Bob's next sync sends nothing of his, and nothing of his private log.
    bob.sync()
    assert "my private words" not in alice.git("log", "-p", "--all")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_log_that_is_a_link_is_never_corrected_into_the_folder(
        meeting_log: Path, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A link in a shared folder to a private log elsewhere: correcting it would replace the
    link with the private log's words, in the shared folder."""
    private = tmp_path / "private" / meeting_log.name
    private.parent.mkdir()
    meeting_log.rename(private)
    link = meeting_log.with_name("2026-03-13-link.md")
    link.symlink_to(private)
    before = private.read_bytes()
    result = invoke("edit", link.name, "--action", "1", "--remove")
    assert result.exit_code == 2, result.output
    assert "is a link" in " ".join(result.output.split())
    assert link.is_symlink()
    assert private.read_bytes() == before


# -- private folders ---------------------------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_folders_made_on_the_way_to_a_private_one_are_not_open_to_all(tmp_path: Path) -> None:
    """With umask 000, the folders made above the settings folder (an XDG folder that did not
    exist yet) were 0777: anyone could rename reflect's private folder and put their own in its
    place, with a name of their choosing for every log you write."""
    from reflect_cli.storage import files

    previous = os.umask(0)
    try:
        files.private_dir(tmp_path / "xdg" / "config" / "reflect")
    finally:
        os.umask(previous)
    for folder in (tmp_path / "xdg", tmp_path / "xdg" / "config"):
        assert not folder.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH), folder
    assert stat.S_IMODE((tmp_path / "xdg" / "config" / "reflect").stat().st_mode) == 0o700


def test_an_editor_that_saves_in_utf16_is_read_as_it_was_written(
        meeting_log: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows Notepad's 'Unicode' is UTF-16 with a byte order mark."""
    saved = tmp_path / "utf16.txt"
    saved.write_bytes("Café for everyone, not just \u201creferred\u201d.".encode("utf-16"))
    for key, value in editor(tmp_path, f"cp '{saved}' \"$1\"").items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "latest", "--answer", "purpose.impact")
    assert result.exit_code == 0, result.output
    text = read_log(meeting_log).answer("purpose.impact").text  # type: ignore[union-attr]
    assert text == "Café for everyone, not just \u201creferred\u201d."


def test_an_editor_that_saves_in_another_encoding_never_damages_the_log(
        meeting_log: Path, invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Latin-1 'Café': written as it came back, the log would say 'Caf\ufffd' for good."""
    before = meeting_log.read_bytes()
    for key, value in editor(tmp_path, r"printf 'Caf\351 for all\n' > " + '"$1"').items():
        monkeypatch.setenv(key, value)
    result = invoke("edit", "latest", "--answer", "purpose.impact")
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "an encoding other than UTF-8" in said
    assert "Nothing was changed in the log" in said
    assert meeting_log.read_bytes() == before


@needs_git
def test_a_gitignore_sent_by_another_member_never_keeps_a_log_from_the_partnership(
        tmp_path: Path) -> None:
    """Alice sends a .gitignore that ignores every log: Bob's logs were then never sent, and
    his syncs said all was well."""
    remote = bare_repository(tmp_path / "partnership.git")
    alice = Member(tmp_path, "alice", "Alice Adams", "alice@example.org")
    bob = Member(tmp_path, "bob", "Bob Brown", "bob@example.org")
    start(alice, remote)
    join(bob, remote)
    ignore = alice.folder / ".gitignore"
    ignore.write_text(ignore.read_text(encoding="utf-8") + "sessions/\n*.md\n", encoding="utf-8")
    assert alice.sync().ok
    assert bob.sync().ok
    bob.write(entry("bob00001", "Bob's entry", "my words for everyone"), "2026-03-12-bob.md")
    report = bob.sync()
    assert report.ok, report.lines()
    assert [c.path for c in report.sent] == ["sessions/2026-03-12-bob.md"]
    alice.sync()
    assert (alice.folder / "sessions" / "2026-03-12-bob.md").exists()


# -- dates -------------------------------------------------------------------------------------
_DATE_CHARACTERS = st.sampled_from(list("0123456789/.- ,thstndrdJanuaryFebMondayK")
                                   + ["١", "٢", "９", "𝟐", "²", "①", "\u212a", "\x00", "\x1b",
                                      "\u202e", "\u00a0", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(_DATE_CHARACTERS, max_size=30), st.text(max_size=30)))
def test_any_text_is_a_date_or_says_why_not(text: str) -> None:
    """Superscripts and circled numbers (digits to str.isdigit, not to int), years 0 and
    10000, 31/02, controls and other scripts' digits: a date, or a DateError, never a crash."""
    try:
        day = read_date(text)
    except DateError as error:
        said = error.message
    else:
        said = day.isoformat()
    assert said


@pytest.mark.parametrize("text", ["31/02/2026", "0000-01-01", "10000-01-01", "1/1/0000",
                                  "99999999999999999999", "", "   ", "29/02/2027",
                                  "Monday 31 December 9999", "2026-13-01"])
def test_dates_that_cannot_be_are_refused_with_exit_2(invoke, text: str) -> None:  # type: ignore[no-untyped-def]
    for args in (["show", text], ["search", "x", "--since", text],
                 ["trends", "--until", text]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
