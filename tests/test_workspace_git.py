"""A partnership workspace kept in git, through reflect's commands: one member creates it on an
empty repository, another joins it by its address, meetings go both ways with `reflect sync`.
Real git: a bare repository in a temporary folder is the remote; each member has a home, git
settings and reflect settings of her own."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reflect_cli.cli import app

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None,
    reason="git is not installed on this computer, so the git workspace cannot be tested "
           "here (CI installs git)")

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "examples" / "answers.yaml"
Member = Callable[..., Result]


def _member(home: Path, name: str) -> Member:
    home.mkdir(parents=True)
    settings = home / ".gitconfig"
    settings.write_text(f"[user]\n\tname = {name}\n\temail = {name.lower()}@example.org\n",
                        encoding="utf-8")
    env: dict[str, str | None] = {
        "REFLECT_DIR": None, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
        "APPDATA": str(home / "appdata"), "LOCALAPPDATA": str(home / "localappdata"),
        "REFLECT_CONFIG_DIR": str(home / "config"), "REFLECT_CACHE_DIR": str(home / "cache"),
        "REFLECT_DRAFTS_DIR": str(home / "drafts"), "REFLECT_STATE_DIR": str(home / "state"),
        "GIT_CONFIG_GLOBAL": str(settings), "GIT_CONFIG_NOSYSTEM": "1", "COLUMNS": "200",
        "GIT_AUTHOR_NAME": None, "GIT_AUTHOR_EMAIL": None, "GIT_COMMITTER_NAME": None,
        "GIT_COMMITTER_EMAIL": None, "EMAIL": None}
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), env=env)

    return run


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote" / "north.git"
    bare.parent.mkdir()
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return bare


def test_two_members_meet_through_a_git_workspace(tmp_path: Path, remote: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    bob = _member(tmp_path / "bob", "Bob")
    made = ann("workspace", "create", str(tmp_path / "ann-north"), "--name", "North",
               "--git", str(remote))
    assert made.exit_code == 0, made.output
    assert "Others join it with:\n  reflect workspace join" in made.output
    assert ann("config", "--name", "Ann Smith", "--sector", "NHS").exit_code == 0

    joined = bob("workspace", "join", str(remote), "--into", str(tmp_path / "bob-north"))
    assert joined.exit_code == 0, joined.output
    assert "Joined the workspace 'North'" in joined.output
    assert (tmp_path / "bob-north" / "reflect-workspace.yaml").is_file()

    # Ann runs a meeting; it goes to the workspace, and out with reflect sync.
    assert ann("session", "--answers", str(ANSWERS)).exit_code == 0
    assert len(list((tmp_path / "ann-north" / "sessions").glob("*.md"))) == 1
    sent = ann("sync")
    assert sent.exit_code == 0, sent.output
    assert "Spring partnership review" in sent.output
    assert "Last sync:" in ann("workspace").output
    log = subprocess.run(["git", "-C", str(remote), "log", "--format=%an|%s", "-1", "main"],
                         capture_output=True, text=True, check=True).stdout
    assert log.startswith("Ann|")  # the person's own git identity
    assert "Ann Smith" in log

    # Bob fetches it and sees it.
    fetched = bob("sync")
    assert fetched.exit_code == 0, fetched.output
    listed = bob("list")
    assert "Spring partnership review" in listed.output
    assert bob("compare").exit_code != 0  # one meeting: nothing to compare yet, said plainly


def test_sync_of_a_shared_folder_says_its_sync_tool_does_it(tmp_path: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    assert ann("workspace", "create", str(tmp_path / "North")).exit_code == 0
    said = ann("sync")
    assert said.exit_code == 0
    assert "your sync tool" in said.output


def test_a_git_workspace_on_a_repository_that_is_not_empty_is_refused_and_leaves_nothing(
        tmp_path: Path, remote: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    assert ann("workspace", "create", str(tmp_path / "first"), "--name", "North",
               "--git", str(remote)).exit_code == 0
    bob = _member(tmp_path / "bob", "Bob")
    again = bob("workspace", "create", str(tmp_path / "second"), "--name", "North",
                "--git", str(remote))
    assert again.exit_code == 2
    assert "reflect workspace join" in again.output
    assert "Traceback" not in again.output
    assert not (tmp_path / "second").exists()
    assert "No workspace is in use" in bob("workspace").output


def test_joining_an_address_that_is_not_there_says_so(tmp_path: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    missing = ann("workspace", "join", str(tmp_path / "nowhere.git"))
    assert missing.exit_code in (1, 2)
    assert "Traceback" not in missing.output
    assert "No workspace is in use" in ann("workspace").output


def test_sync_offline_keeps_what_was_written_and_says_so(tmp_path: Path, remote: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    assert ann("workspace", "create", str(tmp_path / "north"), "--git",
               str(remote)).exit_code == 0
    assert ann("session", "--answers", str(ANSWERS)).exit_code == 0
    remote.rename(remote.with_name("moved.git"))
    offline = ann("sync")
    assert offline.exit_code == 1
    assert "Traceback" not in offline.output
    remote.with_name("moved.git").rename(remote)
    back = ann("sync")
    assert back.exit_code == 0, back.output
    count = subprocess.run(["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "main",
                            "sessions"], capture_output=True, text=True, check=True).stdout
    assert count.strip().endswith(".md")


def _remote_log(remote: Path) -> str:
    return subprocess.run(["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "main",
                           "sessions"], capture_output=True, text=True, check=True).stdout


def test_sync_auto_sends_each_write_at_once(tmp_path: Path, remote: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    made = ann("workspace", "create", str(tmp_path / "north"), "--name", "North",
               "--git", str(remote), "--sync", "auto")
    assert made.exit_code == 0, made.output
    assert "reflect syncs after every write" in made.output
    assert "Syncing:    reflect syncs after every write" in ann("workspace").output
    written = ann("session", "--answers", str(ANSWERS))
    assert written.exit_code == 0, written.output
    assert "Synced with the partnership." in written.output
    assert _remote_log(remote).strip().endswith("spring-partnership-review.md")

    # A journal entry stays private: nothing to sync, nothing said.
    entry = tmp_path / "entry.yaml"
    entry.write_text("title: Alone\nkind: journal\npurpose.impact: Mine.\n", encoding="utf-8")
    private = ann("session", "--answers", str(entry))
    assert private.exit_code == 0, private.output
    assert "Synced" not in private.output
    assert ann("config", "--name", "Ann Smith").exit_code == 0
    shared = ann("share", "latest")
    assert shared.exit_code == 0, shared.output
    assert "Synced with the partnership." in shared.output
    assert "alone-ann-smith.md" in _remote_log(remote)
    taken = ann("unshare", "latest")
    assert taken.exit_code == 0, taken.output
    assert "alone-ann-smith.md" not in _remote_log(remote)

    # A correction goes out too.
    commits = _commits(remote)
    corrected = ann("edit", "2026-03-12", "--action", "1", "--remove")
    assert corrected.exit_code == 0, corrected.output
    assert "Synced with the partnership." in corrected.output
    assert _commits(remote) == commits + 1

    # Back to manual: writes wait for reflect sync.
    manual = ann("workspace", "--sync", "manual")
    assert manual.exit_code == 0, manual.output
    assert "reflect sync" in manual.output
    again = ann("session", "--answers", str(ANSWERS), "--title", "Later")
    assert "Synced" not in again.output
    assert "later.md" not in _remote_log(remote)


def test_sync_auto_offline_returns_within_seconds_and_a_later_sync_sends_it(
        tmp_path: Path, remote: Path) -> None:
    import socket
    import time

    ann = _member(tmp_path / "ann", "Ann")
    assert ann("workspace", "create", str(tmp_path / "north"), "--git", str(remote),
               "--sync", "auto").exit_code == 0
    folder = tmp_path / "north"
    # A server that takes the connection and never answers: git would wait for ever.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        subprocess.run(["git", "-C", str(folder), "remote", "set-url", "origin",
                        f"http://127.0.0.1:{port}/north.git"], check=True)
        began = time.monotonic()
        written = ann("session", "--answers", str(ANSWERS))
        took = time.monotonic() - began
    assert written.exit_code == 0, written.output
    assert took < 10, f"the session took {took:.1f} seconds"
    assert "Not synced now" in written.output
    assert "goes out at the next sync" in " ".join(written.output.split())
    (log,) = (folder / "sessions").glob("*.md")
    assert log.name.endswith("spring-partnership-review.md")
    assert _remote_log(remote) == ""

    subprocess.run(["git", "-C", str(folder), "remote", "set-url", "origin", str(remote)],
                   check=True)
    back = ann("sync")
    assert back.exit_code == 0, back.output
    assert _remote_log(remote).strip().endswith("spring-partnership-review.md")


def test_sync_auto_is_refused_for_a_shared_folder_and_must_be_auto_or_manual(
        tmp_path: Path, remote: Path) -> None:
    ann = _member(tmp_path / "ann", "Ann")
    refused = ann("workspace", "create", str(tmp_path / "folder"), "--sync", "auto")
    assert refused.exit_code == 2
    assert "--sync auto goes with a workspace kept in git" in " ".join(refused.output.split())
    assert not (tmp_path / "folder").exists()
    wrong = ann("workspace", "create", str(tmp_path / "north"), "--git", str(remote),
                "--sync", "always")
    assert wrong.exit_code == 2
    assert "--sync must be auto or manual, not 'always'" in wrong.output
    assert not (tmp_path / "north").exists()
    assert ann("workspace", "create", str(tmp_path / "folder")).exit_code == 0
    folder = ann("workspace", "--sync", "auto")
    assert folder.exit_code == 2
    assert "is a shared folder" in folder.output

    bob = _member(tmp_path / "bob", "Bob")
    assert ann("workspace", "create", str(tmp_path / "ann-north"), "--name", "North",
               "--git", str(remote)).exit_code == 0
    joined = bob("workspace", "join", str(remote), "--into", str(tmp_path / "bob-north"),
                 "--sync", "auto")
    assert joined.exit_code == 0, joined.output
    assert "reflect syncs after every write" in joined.output
    assert "Syncing:    reflect syncs after every write" in bob("workspace").output


def _commits(remote: Path) -> int:
    return int(subprocess.run(["git", "-C", str(remote), "rev-list", "--count", "main"],
                              capture_output=True, text=True, check=True).stdout)
