"""The git engine of a workspace, with real git: a bare repository in a temporary folder is the
partnership's remote, and two clones are two members, each with a home and git settings of
their own. Nothing of git is mocked."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect_cli.domain.model import Answer, Session
from reflect_cli.errors import BadInputError
from reflect_cli.storage import gitsync, open_store
from reflect_cli.storage.gitsync import SyncReport
from reflect_cli.storage.logfile import parse_log, render_log

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None,
    reason="git is not installed on this computer, so the git workspace cannot be tested "
           "here (CI installs git)")

UTC = dt.timezone.utc
_IDENTITY_VARIABLES = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                       "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_DIR", "GIT_WORK_TREE")
MARKERS = ("<<<<<<<", ">>>>>>>", "|||||||")


def entry(session_id: str, title: str, text: str) -> Session:
    """A small journal entry."""
    date = dt.date(2026, 3, 12)
    return Session(
        id=session_id, date=date, created=dt.datetime.combine(date, dt.time(10), UTC),
        framework_id="kings-fund-partnering", framework_version="1.0", title=title,
        sections=["purpose"], answers=[Answer("purpose.impact", "purpose", text=text)],
        labels={"purpose": "1. Purpose", "purpose.impact": "What difference?"})


class Member:
    """One member of the partnership: a home, git settings and a workspace folder of her own."""

    def __init__(self, root: Path, slug: str, name: str, email: str | None) -> None:
        self.name = name
        self.home = root / f"home-{slug}"
        self.home.mkdir()
        self.settings = self.home / ".gitconfig"
        self.settings.write_text(f"[user]\n\tname = {name}\n\temail = {email}\n"
                                 if email else "", encoding="utf-8")
        self.folder = root / f"workspace-{slug}"

    @contextlib.contextmanager
    def acting(self) -> Iterator[None]:
        """The environment of this member's computer."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HOME", str(self.home))
            patch.setenv("GIT_CONFIG_GLOBAL", str(self.settings))
            patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
            for variable in _IDENTITY_VARIABLES:
                patch.delenv(variable, raising=False)
            yield

    def sync(self, **options: float) -> SyncReport:
        with self.acting():
            return gitsync.sync(self.folder, author=self.name, **options)  # type: ignore[arg-type]

    def write(self, session: Session, name: str) -> Path:
        path = self.folder / "sessions" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_log(session), encoding="utf-8")
        return path

    def git(self, *args: str) -> str:
        with self.acting():
            return subprocess.run(["git", *args], cwd=self.folder, check=True,
                                  capture_output=True, text=True).stdout


def bare_repository(path: Path) -> Path:
    """An empty repository, as a git host makes one."""
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    return path


def all_text(folder: Path) -> str:
    """Every file of a workspace (not git's own), as one text."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
                     if p.is_file() and ".git" not in p.relative_to(folder).parts)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return bare_repository(tmp_path / "partnership.git")


@pytest.fixture
def alice(tmp_path: Path) -> Member:
    return Member(tmp_path, "alice", "Alice Adams", "alice@example.org")


@pytest.fixture
def bob(tmp_path: Path) -> Member:
    return Member(tmp_path, "bob", "Bob Brown", "bob@example.org")


def start(member: Member, remote: Path) -> None:
    """The first member makes the workspace, as `reflect workspace create --git` will."""
    member.folder.mkdir()
    (member.folder / "reflect-workspace.yaml").write_text("name: Riverside partnership\n",
                                                          encoding="utf-8")
    (member.folder / "README.md").write_text("# Riverside partnership\n", encoding="utf-8")
    with member.acting():
        gitsync.create(str(remote), member.folder, "Riverside partnership", author=member.name)


def join(member: Member, remote: Path) -> None:
    with member.acting():
        gitsync.clone(str(remote), member.folder)


@pytest.fixture
def pair(remote: Path, alice: Member, bob: Member) -> tuple[Member, Member]:
    """Alice made the workspace, Bob joined it."""
    start(alice, remote)
    join(bob, remote)
    return alice, bob


def test_each_member_sees_the_others_entries(pair: tuple[Member, Member]) -> None:
    alice, bob = pair
    assert (bob.folder / "reflect-workspace.yaml").read_text(encoding="utf-8") == (
        "name: Riverside partnership\n")
    alice.write(entry("a1", "Waiting lists", "Fewer people waiting"), "2026-03-12-alice-wait.md")
    bob.write(entry("b1", "Réunion du lundi", "Housing first"), "2026-03-12-bob-réunion.md")

    sent = alice.sync()
    assert sent.ok
    assert sent.pushed
    assert not sent.received
    assert [(c.path, c.change, c.session_id, c.title) for c in sent.sent] == [
        ("sessions/2026-03-12-alice-wait.md", "new", "a1", "Waiting lists")]

    both = bob.sync()
    assert both.ok
    assert both.pushed
    assert [c.title for c in both.received] == ["Waiting lists"]
    assert [c.path for c in both.sent] == ["sessions/2026-03-12-bob-réunion.md"]
    assert parse_log((bob.folder / "sessions" / "2026-03-12-alice-wait.md").read_text(
        encoding="utf-8")).answers[0].text == "Fewer people waiting"
    assert 'Came in (1): "Waiting lists" (new)' in both.lines()

    back = alice.sync()
    assert back.ok
    assert [c.title for c in back.received] == ["Réunion du lundi"]
    assert not back.sent
    assert parse_log((alice.folder / "sessions" / "2026-03-12-bob-réunion.md").read_text(
        encoding="utf-8")).answers[0].text == "Housing first"
    assert alice.sync().lines() == ["Already up to date: nothing new to send or receive."]


def test_a_commit_names_the_sessions_and_the_person_under_her_own_git_identity(
        pair: tuple[Member, Member]) -> None:
    alice, _ = pair
    alice.write(entry("a1", "Waiting lists", "Fewer people waiting"), "2026-03-12-a.md")
    alice.write(entry("a2", "Data sharing", "A common form"), "2026-03-12-b.md")
    assert alice.sync().ok
    message = alice.git("log", "-1", "--format=%B")
    assert message.splitlines()[0] == (
        'Alice Adams: new "Waiting lists", new "Data sharing"')
    assert '"Waiting lists" (id a1), sessions/2026-03-12-a.md' in message
    assert '"Data sharing" (id a2), sessions/2026-03-12-b.md' in message
    assert "for Alice Adams" in message
    # her own identity, never reflect's
    assert alice.git("log", "-1", "--format=%an <%ae>").strip() == (
        "Alice Adams <alice@example.org>")
    (alice.folder / "sessions" / "2026-03-12-b.md").unlink()
    assert alice.sync().ok
    assert alice.git("log", "-1", "--format=%s").strip() == 'Alice Adams: removed "Data sharing"'


def test_a_person_without_a_git_identity_commits_as_reflect(
        remote: Path, alice: Member, tmp_path: Path) -> None:
    start(alice, remote)
    carol = Member(tmp_path, "carol", "Carol Cole", None)
    join(carol, remote)
    carol.write(entry("c1", "First thoughts", "Listening"), "2026-03-12-c.md")
    report = carol.sync()
    assert report.ok
    assert [c.title for c in report.sent] == ["First thoughts"]
    assert carol.git("log", "-1", "--format=%an <%ae>|%s").strip() == (
        'reflect <reflect@invalid>|Carol Cole: new "First thoughts"')


@pytest.mark.parametrize("name", ["2026-03-12-board.md", "2026-03-12-board [draft].md"])
def test_both_edit_one_log_by_hand_and_both_versions_survive(
        pair: tuple[Member, Member], name: str) -> None:
    alice, bob = pair
    alice.write(entry("m1", "Board", "First draft"), name)
    assert alice.sync().ok
    assert bob.sync().ok
    alice.write(entry("m1", "Board", "Alice's wording"), name)
    bob.write(entry("m1", "Board", "Bob's wording"), name)
    assert alice.sync().ok  # first to sync: nothing to settle

    report = bob.sync()
    assert report.ok
    assert report.pushed
    (conflict,) = report.conflicts
    assert conflict.path == f"sessions/{name}"
    assert conflict.copy is not None
    assert conflict.copy.startswith(f"sessions/{name[:-3]}.conflict-bob-brown-")
    assert conflict.copy.endswith(".md")
    assert f"Both you and someone else changed sessions/{name}" in conflict.note
    assert conflict.note in report.lines()

    for member in (bob, alice):
        if member is alice:
            assert [c.path for c in alice.sync().received] == [conflict.copy]
        kept = parse_log((member.folder / conflict.path).read_text(encoding="utf-8"))
        copy = parse_log((member.folder / conflict.copy).read_text(encoding="utf-8"))
        assert kept.answers[0].text == "Alice's wording"
        assert copy.answers[0].text == "Bob's wording"
        text = all_text(member.folder)
        assert not any(marker in text for marker in MARKERS)
        assert member.git("status", "--porcelain") == ""
        # the workspace lists the two as one session in conflict, by their repeated id
        with open_store(member.folder / "sessions") as store:
            (group,) = store.conflicts()
            assert sorted(e.name for e in group) == sorted(
                [name, conflict.copy.removeprefix("sessions/")])


def test_a_log_removed_on_one_side_and_edited_on_the_other_is_kept(
        pair: tuple[Member, Member]) -> None:
    alice, bob = pair
    name = "2026-03-12-board.md"
    alice.write(entry("m1", "Board", "First draft"), name)
    assert alice.sync().ok
    assert bob.sync().ok
    (alice.folder / "sessions" / name).unlink()
    bob.write(entry("m1", "Board", "Bob's corrections"), name)
    assert alice.sync().ok
    report = bob.sync()
    (conflict,) = report.conflicts
    assert conflict.copy is None
    assert "Someone else removed" in conflict.note
    assert "your version is kept" in conflict.note
    assert alice.sync().ok
    assert parse_log((alice.folder / "sessions" / name).read_text(
        encoding="utf-8")).answers[0].text == "Bob's corrections"


def test_offline_the_commit_stays_and_goes_out_when_the_remote_is_back(
        pair: tuple[Member, Member], remote: Path) -> None:
    alice, bob = pair
    away = remote.with_name("moved.git")
    remote.rename(away)
    alice.write(entry("a1", "On the train", "Written offline"), "2026-03-12-train.md")
    report = alice.sync()
    assert report.problem == gitsync.OFFLINE
    assert not report.pushed
    assert "Could not reach the partnership's repository" in report.message
    assert [c.title for c in report.committed] == ["On the train"]
    assert report.lines()[0] == (
        'Saved here, to send at the next sync (1): "On the train" (new)')
    assert alice.git("log", "-1", "--format=%s").strip() == 'Alice Adams: new "On the train"'
    assert alice.git("status", "--porcelain") == ""

    away.rename(remote)
    back = alice.sync()
    assert back.ok
    assert back.pushed
    assert not back.committed
    assert [c.title for c in back.sent] == ["On the train"]
    assert [c.title for c in bob.sync().received] == ["On the train"]


def test_auto_sync_returns_within_seconds_when_the_remote_does_not_answer(
        pair: tuple[Member, Member]) -> None:
    alice, _ = pair
    # A server that takes the connection and never answers: git would wait for ever.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        alice.git("remote", "set-url", "origin", f"http://127.0.0.1:{port}/partnership.git")
        alice.write(entry("a1", "Late evening", "Written at home"), "2026-03-12-late.md")
        began = time.monotonic()
        with alice.acting():
            report = gitsync.auto_sync(alice.folder, author=alice.name, timeout=2)
        took = time.monotonic() - began
    assert took < 5, f"auto sync took {took:.1f} seconds"
    assert report.problem == gitsync.OFFLINE
    assert "did not answer within 2 seconds" in report.message
    assert [c.title for c in report.committed] == ["Late evening"]
    assert alice.git("status", "--porcelain") == ""


def test_a_push_refused_because_the_remote_moved_is_tried_again(
        pair: tuple[Member, Member], monkeypatch: pytest.MonkeyPatch) -> None:
    alice, bob = pair
    alice.write(entry("a1", "Waiting lists", "Fewer people waiting"), "2026-03-12-a.md")
    bob.write(entry("b1", "Housing", "Housing first"), "2026-03-12-b.md")
    fetch = gitsync._fetch
    pushes: list[str] = []

    def fetch_then_bob_pushes(git: gitsync._Git, upstream: str) -> str | None:
        found = fetch(git, upstream)
        if not pushes:  # Bob pushes between Alice's fetch and her push: the remote moved
            pushes.append("bob")
            with monkeypatch.context():
                assert bob.sync().ok
        return found

    monkeypatch.setattr(gitsync, "_fetch", fetch_then_bob_pushes)
    report = alice.sync()
    assert report.ok
    assert report.pushed
    assert [c.title for c in report.received] == ["Housing"]
    assert [c.title for c in report.sent] == ["Waiting lists"]
    assert [c.title for c in bob.sync().received] == ["Waiting lists"]


@pytest.mark.skipif(sys.platform == "win32", reason="hooks are shell scripts here")
def test_no_hook_ever_runs(pair: tuple[Member, Member], tmp_path: Path) -> None:
    alice, bob = pair
    ran = tmp_path / "ran"
    for member in (alice, bob):
        hooks = member.folder / ".git" / "hooks"
        for hook in ("pre-commit", "commit-msg", "post-commit", "post-merge", "pre-push",
                     "post-checkout", "pre-merge-commit", "reference-transaction"):
            (hooks / hook).write_text(f"#!/bin/sh\necho {hook} >> '{ran}'\n", encoding="utf-8")
            (hooks / hook).chmod(0o755)
    alice.write(entry("m1", "Board", "Alice's wording"), "2026-03-12-board.md")
    assert alice.sync().ok
    bob.write(entry("m1", "Board", "Bob's wording"), "2026-03-12-board.md")
    report = bob.sync()
    assert report.ok
    assert report.conflicts
    assert not ran.exists()


def test_without_a_remote_the_changes_are_committed_here(
        alice: Member) -> None:
    alice.folder.mkdir()
    alice.git("init", "--quiet")
    alice.write(entry("a1", "Alone", "Just me"), "2026-03-12-a.md")
    report = alice.sync()
    assert report.problem == gitsync.NO_REMOTE
    assert "no remote repository" in report.message
    assert [c.title for c in report.committed] == ["Alone"]


def test_create_refuses_a_repository_that_has_a_workspace_already(
        pair: tuple[Member, Member], remote: Path, tmp_path: Path) -> None:
    carol = Member(tmp_path, "carol", "Carol Cole", "carol@example.org")
    carol.folder.mkdir()
    with carol.acting(), pytest.raises(BadInputError) as raised:
        gitsync.create(str(remote), carol.folder, "Another")
    assert "already holds a repository" in raised.value.message
    assert "reflect workspace join" in (raised.value.hint or "")
    assert not (carol.folder / ".git").exists()


def test_join_refuses_a_folder_that_is_not_empty(remote: Path, alice: Member,
                                                 bob: Member) -> None:
    start(alice, remote)
    bob.folder.mkdir()
    (bob.folder / "notes.txt").write_text("mine", encoding="utf-8")
    with bob.acting(), pytest.raises(BadInputError, match="not an empty folder"):
        gitsync.clone(str(remote), bob.folder)


def test_joining_an_unreachable_repository_says_so_and_leaves_nothing(
        alice: Member, tmp_path: Path) -> None:
    with alice.acting(), pytest.raises(gitsync.GitError) as raised:
        gitsync.clone(str(tmp_path / "nowhere.git"), alice.folder)
    assert raised.value.kind == gitsync.OFFLINE
    assert not alice.folder.exists()


def test_without_git_the_message_says_to_use_a_shared_folder(
        pair: tuple[Member, Member], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    alice, _ = pair
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert not gitsync.git_available()
    with pytest.raises(BadInputError) as raised:
        gitsync.sync(alice.folder)
    assert "git is not installed" in raised.value.message
    assert "reflect workspace create FOLDER" in (raised.value.hint or "")
    assert "shared folder" in (raised.value.hint or "")


def test_members_who_both_join_an_empty_repository_share_one_branch(
        remote: Path, alice: Member, bob: Member) -> None:
    join(alice, remote)  # the repository was made empty on the git host; nobody "created" it
    join(bob, remote)
    bob.write(entry("b1", "Housing", "Housing first"), "2026-03-12-b.md")
    alice.write(entry("a1", "Waiting lists", "Fewer people waiting"), "2026-03-12-a.md")
    assert [c.title for c in alice.sync().sent] == ["Waiting lists"]
    report = bob.sync()
    assert report.ok
    assert [c.title for c in report.received] == ["Waiting lists"]
    assert [c.title for c in alice.sync().received] == ["Housing"]
    assert alice.git("branch", "--show-current").strip() == "main"
    assert bob.git("branch", "--show-current").strip() == "main"


def test_a_log_still_being_written_is_never_sent(pair: tuple[Member, Member]) -> None:
    alice, bob = pair
    alice.write(entry("a1", "Waiting lists", "Fewer people waiting"), "2026-03-12-a.md")
    (alice.folder / "sessions" / ".tmp-abc123.part").write_text("half a log", encoding="utf-8")
    report = alice.sync()
    assert [c.path for c in report.sent] == ["sessions/2026-03-12-a.md"]
    bob.sync()
    assert not (bob.folder / "sessions" / ".tmp-abc123.part").exists()


def test_a_login_refused_is_said_in_words_and_never_asks_for_a_password(
        pair: tuple[Member, Member]) -> None:
    import http.server
    import threading

    class AskForLogin(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="partnership"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), AskForLogin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        alice, _ = pair
        alice.git("remote", "set-url", "origin",
                  f"http://127.0.0.1:{server.server_address[1]}/partnership.git")
        alice.write(entry("a1", "Waiting lists", "Fewer people waiting"), "2026-03-12-a.md")
        began = time.monotonic()
        report = alice.sync(timeout=20)
        assert time.monotonic() - began < 10
    finally:
        server.shutdown()
        server.server_close()
    assert report.problem == gitsync.AUTH
    assert "refused your git login" in report.message
    assert "terminal prompts disabled" in report.message
    assert [c.title for c in report.committed] == ["Waiting lists"]


def test_a_merge_left_half_done_is_done_again_without_markers(
        pair: tuple[Member, Member]) -> None:
    alice, bob = pair
    name = "2026-03-12-board.md"
    alice.write(entry("m1", "Board", "First draft"), name)
    assert alice.sync().ok
    assert bob.sync().ok
    alice.write(entry("m1", "Board", "Alice's wording"), name)
    assert alice.sync().ok
    bob.write(entry("m1", "Board", "Bob's wording"), name)
    bob.git("commit", "--quiet", "-am", "Bob's wording")
    bob.git("fetch", "--quiet")
    # a sync killed in the middle of its merge (or a merge by hand) leaves markers behind
    with bob.acting():
        subprocess.run(["git", "merge", "origin/main"], cwd=bob.folder, capture_output=True)
    assert "<<<<<<<" in (bob.folder / "sessions" / name).read_text(encoding="utf-8")

    report = bob.sync()
    assert report.ok
    (conflict,) = report.conflicts
    assert not any(marker in all_text(bob.folder) for marker in MARKERS)
    assert parse_log((bob.folder / conflict.path).read_text(
        encoding="utf-8")).answers[0].text == "Alice's wording"
    assert conflict.copy is not None
    assert parse_log((bob.folder / conflict.copy).read_text(
        encoding="utf-8")).answers[0].text == "Bob's wording"
