"""A partnership's workspace as a shared folder: two members (two homes, two settings folders,
two caches) share one folder, as OneDrive, Dropbox or Syncthing would give it to them."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reflect_cli.cli import app
from reflect_cli.storage.workspace import open_workspace_store, workspace_at

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = str(ROOT / "examples" / "answers.yaml")

Member = Callable[..., Result]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _environment(home: Path) -> dict[str, str | None]:
    """One person's computer: their own home, settings, logs, drafts, index and habits; no
    REFLECT_DIR (which would make the logs folder a plain folder, out of the workspace)."""
    return {"REFLECT_DIR": None, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "APPDATA": str(home / "appdata"), "LOCALAPPDATA": str(home / "localappdata"),
            "REFLECT_CONFIG_DIR": str(home / "config"), "REFLECT_CACHE_DIR": str(home / "cache"),
            "REFLECT_DRAFTS_DIR": str(home / "drafts"), "REFLECT_STATE_DIR": str(home / "state"),
            "COLUMNS": "200"}


def _member(home: Path) -> Member:
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), env=_environment(home))

    return run


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """The synced folder both members see (its workspace folder inside it)."""
    return tmp_path / "OneDrive - NHS" / "North Partnership"


@pytest.fixture
def ann(tmp_path: Path) -> Member:
    return _member(tmp_path / "ann")


@pytest.fixture
def bob(tmp_path: Path) -> Member:
    return _member(tmp_path / "bob")


def private_folder(home: Path) -> Path:
    return home / "data" / "reflect" / "logs"


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def said(result: Result) -> str:
    """The output as one line (messages wrap at the terminal's width)."""
    return " ".join(result.output.split())


@pytest.fixture
def partnership(ann: Member, bob: Member, shared: Path) -> Path:
    """Ann makes the workspace and runs a meeting; Bob joins."""
    ok(ann("workspace", "create", str(shared), "--name", "North Partnership"))
    ok(ann("session", "--answers", ANSWERS, "--date", "2026-01-10", "--title", "January"))
    ok(bob("workspace", "join", str(shared)))
    return shared


def test_one_member_runs_a_meeting_the_other_lists_and_compares_it(
        ann: Member, bob: Member, partnership: Path) -> None:
    listed = ok(bob("list"))
    assert "January" in listed
    assert "meeting" in listed
    assert "private" not in listed
    (log,) = (partnership / "sessions").glob("*.md")
    assert log.name == "2026-01-10-january.md"
    ok(bob("session", "--answers", ANSWERS, "--date", "2026-03-10", "--title", "March"))
    compared = ok(ann("compare"))
    assert "2026-01-10-january.md" in compared
    assert "2026-03-10-march.md" in compared
    assert "Ratings from 2 sessions" in ok(ann("trends"))
    assert "2 sessions" in ok(bob("history", "purpose.impact"))
    assert "Move meetings out of the trust HQ" in ok(bob("actions"))


def test_private_journal_entries_are_not_seen_by_the_other_member(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path) -> None:
    ok(ann("session", "--answers", ANSWERS, "--kind", "journal", "--title", "Ann alone",
           "--date", "2026-02-01"))
    ok(bob("session", "--answers", ANSWERS, "--kind", "journal", "--title", "Bob alone",
           "--date", "2026-02-02"))
    assert [p.name for p in (partnership / "sessions").iterdir()] == ["2026-01-10-january.md"]
    assert (private_folder(tmp_path / "ann") / "2026-02-01-ann-alone.md").is_file()
    ann_list, bob_list = ok(ann("list")), ok(bob("list"))
    assert "Ann alone" in ann_list
    assert "Bob alone" not in ann_list
    assert "Bob alone" in bob_list
    assert "Ann alone" not in bob_list
    line = next(line for line in ann_list.splitlines() if "journal" in line)
    assert "journal, private" in line
    assert json.loads(ok(ann("list", "--format", "json")))[0]["private"] is True
    # compare, history and trends read the meetings in a workspace; --kind journal the entries
    assert "Ann alone" not in ok(ann("history", "purpose.impact"))
    journal = ok(ann("history", "purpose.impact", "--kind", "journal"))
    assert "Ann alone" in journal
    assert "January" not in journal
    refused = ann("compare", "--kind", "journal")
    assert refused.exit_code == 2
    assert "only one" in refused.output


def test_the_workspace_holds_logs_settings_and_readme_alone(
        tmp_path: Path, ann: Member, partnership: Path) -> None:
    """Drafts and the index stay on each computer; the README says what the folder is."""
    ok(ann("session", "--answers", ANSWERS, "--kind", "journal", "--title", "Private"))
    ok(ann("list"))
    ok(ann("trends"))
    found = sorted(str(p.relative_to(partnership)) for p in partnership.rglob("*"))
    assert found == ["README.md", "reflect-workspace.yaml", "sessions",
                     os.path.join("sessions", "2026-01-10-january.md")]
    readme = (partnership / "README.md").read_text(encoding="utf-8")
    assert "North Partnership" in readme
    assert "reflect workspace join" in readme
    assert "do not edit" in readme
    assert list((tmp_path / "ann" / "cache").rglob("*.sqlite3"))


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_shared_files_follow_the_umask_and_private_ones_stay_private(
        tmp_path: Path, ann: Member, shared: Path) -> None:
    old = os.umask(0o002)  # a team's shared folder: the group may read and write
    try:
        ok(ann("workspace", "create", str(shared)))
        ok(ann("session", "--answers", ANSWERS))
        ok(ann("session", "--answers", ANSWERS, "--kind", "journal", "--title", "Mine"))
    finally:
        os.umask(old)
    (log,) = (shared / "sessions").glob("*.md")
    assert mode(log) == 0o664
    assert mode(shared / "sessions") == 0o775
    assert mode(shared / "reflect-workspace.yaml") == 0o664
    personal = private_folder(tmp_path / "ann")
    assert mode(personal) == 0o700
    assert mode(personal / next(iter(
        p.name for p in personal.glob("*.md")))) == 0o600
    registry = tmp_path / "ann" / "config" / "workspaces.json"
    assert mode(registry) == 0o600
    assert mode(registry.parent) == 0o700


def test_workspace_shows_which_is_in_use_and_switches(
        tmp_path: Path, ann: Member, partnership: Path) -> None:
    shown = ok(ann("workspace"))
    assert "Workspace in use: North Partnership" in shown
    assert "a shared folder" in shown
    assert str(partnership) in shown
    assert "Last sync" in shown
    south = tmp_path / "Dropbox" / "South"
    ok(ann("workspace", "create", str(south), "--name", "South"))
    assert "Workspace in use: South" in ok(ann("workspace"))
    assert "No sessions yet" in ok(ann("list"))
    assert "January" in ok(ann("list", "--workspace", "North Partnership"))
    ok(ann("workspace", "use", "North Partnership"))
    assert "January" in ok(ann("list"))
    unknown = ann("list", "--workspace", "West")
    assert unknown.exit_code == 2
    assert "no workspace called 'West'" in said(unknown)
    assert "Traceback" not in unknown.output


def test_dir_uses_a_plain_folder_and_says_the_workspace_is_not_in_use(
        tmp_path: Path, ann: Member, partnership: Path) -> None:
    plain = tmp_path / "plain"
    written = ok(ann("session", "--answers", ANSWERS, "--dir", str(plain), "--title", "Apart"))
    assert "not in use" in written
    assert "North Partnership" in written
    assert [p.name for p in plain.glob("*.md")] == ["2026-03-12-apart.md"]
    listed = ok(ann("list", "--dir", str(plain)))
    assert "Apart" in listed
    assert "January" not in listed
    assert "private" not in listed
    assert len(list((partnership / "sessions").glob("*.md"))) == 1


def test_joining_or_making_twice_is_a_clear_error(ann: Member, bob: Member, tmp_path: Path,
                                                  partnership: Path) -> None:
    again = bob("workspace", "create", str(partnership))
    assert again.exit_code == 2
    assert "already a reflect workspace" in said(again)
    assert "reflect workspace join" in said(again)
    nowhere = bob("workspace", "join", str(tmp_path / "ann"))
    assert nowhere.exit_code == 2
    assert "not a reflect workspace" in said(nowhere)
    (partnership / "reflect-workspace.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    damaged = bob("workspace", "join", str(partnership))
    assert damaged.exit_code == 2
    assert "reflect-workspace.yaml" in said(damaged)
    assert "Traceback" not in damaged.output


def test_a_workspace_folder_that_is_gone_is_said(ann: Member, partnership: Path) -> None:
    (partnership / "reflect-workspace.yaml").rename(partnership / "moved.yaml")
    gone = ann("list")
    assert gone.exit_code == 2
    assert "is not at" in said(gone)
    assert "connected" in said(gone)


def test_a_damaged_registry_is_named(tmp_path: Path, ann: Member, partnership: Path) -> None:
    (tmp_path / "ann" / "config" / "workspaces.json").write_text("{not json", encoding="utf-8")
    damaged = ann("list")
    assert damaged.exit_code == 2
    assert "workspaces.json" in said(damaged)
    assert "cannot be read" in said(damaged)


# Conflict copies, as each sync tool names them.
CONFLICT_NAMES = [
    "2026-01-10-january (1).md",                                    # OneDrive, SharePoint
    "2026-01-10-january-LAPTOP-123.md",                             # OneDrive (device name)
    "2026-01-10-january (Jane's conflicted copy).md",               # Dropbox
    "2026-01-10-january (Jane Smith's conflicted copy 2026-01-11).md",  # Dropbox, dated
    "2026-01-10-january.sync-conflict-20260111-101010-ABCDEFG.md",  # Syncthing
    "2026-01-10-january-conflict-20260111-101010.md",               # Nextcloud, others
]


@pytest.mark.parametrize("copy", CONFLICT_NAMES)
def test_a_sync_tools_conflict_copy_is_listed_and_counted_once(
        ann: Member, bob: Member, partnership: Path, copy: str) -> None:
    ok(bob("session", "--answers", ANSWERS, "--date", "2026-03-10", "--title", "March"))
    sessions = partnership / "sessions"
    original = (sessions / "2026-01-10-january.md").read_text(encoding="utf-8")
    (sessions / copy).write_text(original.replace("Fewer people", "Far fewer people"),
                                 encoding="utf-8")
    listed = ok(ann("list"))
    assert "Two copies of one session" in listed
    assert copy in listed
    assert "Ratings from 2 sessions" in ok(ann("trends"))
    history = ok(ann("history", "purpose.impact"))
    assert "2 sessions" in history
    assert "Far fewer" not in history
    compared = ok(ann("compare"))
    assert "2026-01-10-january.md" in compared
    assert copy not in compared
    actions = ok(bob("actions", "--format", "json"))
    texts = [a["text"] for a in json.loads(actions)]
    assert len(texts) == len(set((a["text"], a["agreed"]) for a in json.loads(actions)))


def test_a_damaged_or_hostile_file_from_someone_else_is_named_and_left_out(
        ann: Member, bob: Member, partnership: Path) -> None:
    sessions = partnership / "sessions"
    (sessions / "2026-02-01-broken.md").write_text("---\nid: [\n", encoding="utf-8")
    hostile = (sessions / "2026-01-10-january.md").read_text(encoding="utf-8").replace(
        "title: January", "title: \"Jan\\e]0;owned\\a\\e[2J\"").replace(
        "id: ", "id: x", 1)
    (sessions / "2026-01-11-hostile.md").write_text(hostile, encoding="utf-8")
    listed = bob("list")
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.output
    assert "\a" not in listed.output
    assert "2026-02-01-broken.md" in listed.output
    assert "cannot be read" in listed.output
    trends = bob("trends")
    assert trends.exit_code == 0
    assert "2026-02-01-broken.md" in trends.output


def test_a_meeting_on_a_shared_screen_hides_the_facilitators_private_logs(
        tmp_path: Path, ann: Member, partnership: Path) -> None:
    from reflect_cli.app.session_flow import hide_private

    ok(ann("session", "--answers", ANSWERS, "--kind", "journal", "--title", "Secret",
           "--date", "2026-02-01"))
    env = _environment(tmp_path / "ann")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            if value is None:
                patch.delenv(key, raising=False)
            else:
                patch.setenv(key, value)
        with open_workspace_store(private_folder(tmp_path / "ann"),
                                  workspace_at(partnership)) as store:
            assert {s.title for _, s in store.with_answers()} == {"January", "Secret"}
            hide_private(store)
            assert {s.title for _, s in store.with_answers()} == {"January"}
            assert [e.session.title for e in store.newest() if e.session] == ["January"]
            assert store.count() == 1


def test_a_meetings_resume_menu_leaves_out_the_facilitators_private_drafts(
        invoke, journal: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In a real terminal: an unfinished journal entry is not offered when a meeting starts on
    the shared screen, and is offered again when no meeting is asked for."""
    import signal

    from test_interactive import Terminal

    shared = tmp_path / "shared"
    assert invoke("workspace", "create", str(shared), "--name", "North").exit_code == 0
    term = Terminal(journal, "session", "-q", "learning", "--title", "Private thoughts",
                    "--kind", "journal", "--workspace", "North")
    term.answer("Not for the room")
    term.expect("Prompt 2 of 4")
    term.child.kill(signal.SIGKILL)
    term.child.close()

    term = Terminal(journal, "session", "-q", "purpose", "--kind", "meeting",
                    "--workspace", "North")
    term.expect("Title (optional")
    assert "Private thoughts" not in term.child.before
    assert "unfinished" not in term.child.before
    term.child.kill(signal.SIGKILL)
    term.child.close()

    term = Terminal(journal, "session", "--workspace", "North")
    term.expect("Carry on with \"Private thoughts\"")
    term.child.kill(signal.SIGKILL)
    term.child.close()


def test_a_hostile_partnership_name_is_shown_safely_and_the_last_sync_is_shown(
        tmp_path: Path, ann: Member, bob: Member, partnership: Path) -> None:
    from reflect_cli.storage.workspace import record_sync

    settings = partnership / "reflect-workspace.yaml"
    settings.write_text('name: "North\\e]0;owned\\a\\e[2J"\nkind: folder\n', encoding="utf-8")
    carol = _member(tmp_path / "carol")
    joined = ok(carol("workspace", "join", str(partnership)))
    assert "\x1b" not in joined
    assert "\a" not in joined
    shown = ok(carol("workspace"))
    assert "\x1b" not in shown
    assert "Workspace in use: North" in shown
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "bob" / "config"))
        import datetime as dt

        record_sync("North Partnership", dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.timezone.utc))
    assert "Last sync:  2026-03-12T09:30:00+00:00" in ok(bob("workspace"))
    unknown = bob("workspace", "use", "South")
    assert unknown.exit_code == 2
    assert "reflect workspace join FOLDER" in said(unknown)


def test_a_member_shares_a_journal_entry_and_takes_it_back(ann: Member, bob: Member,
                                                            shared: Path, tmp_path: Path) -> None:
    assert ann("workspace", "create", str(shared)).exit_code == 0
    assert bob("workspace", "join", str(shared)).exit_code == 0
    answers = tmp_path / "entry.yaml"
    answers.write_text("title: Thinking about trust\nkind: journal\n"
                       "purpose.impact: Fewer people waiting\n", encoding="utf-8")
    assert ann("session", "--answers", str(answers)).exit_code == 0
    assert "Thinking about trust" not in bob("list").output  # private until shared
    unknown = ann("share", "latest")
    assert unknown.exit_code == 2
    assert "say who you are first" in unknown.output
    assert ann("config", "--name", "Ann Smith", "--sector", "NHS").exit_code == 0
    shared_now = ann("share", "latest")
    assert shared_now.exit_code == 0, shared_now.output
    assert "Shared 'Thinking about trust'" in shared_now.output
    (log,) = (shared / "sessions").glob("*.md")
    assert "name: Ann Smith" in log.read_text(encoding="utf-8")  # with her name on it
    assert not list(private_folder(tmp_path / "ann").glob("*.md"))
    listed = bob("list")
    assert "Thinking about trust" in listed.output
    back = ann("unshare", log.name)
    assert back.exit_code == 0, back.output
    assert "Took back" in back.output
    assert not list((shared / "sessions").glob("*.md"))
    assert "Thinking about trust" not in bob("list").output
    assert len(list(private_folder(tmp_path / "ann").glob("*.md"))) == 1


def test_share_needs_a_workspace_and_a_journal_entry(ann: Member, shared: Path,
                                                    tmp_path: Path) -> None:
    alone = ann("share", "latest")
    assert alone.exit_code == 2
    assert "no workspace is in use" in alone.output
    assert ann("workspace", "create", str(shared)).exit_code == 0
    answers = ROOT / "examples" / "answers.yaml"
    assert ann("session", "--answers", str(answers)).exit_code == 0  # a meeting: shared
    assert ann("unshare", "nothing-like-this").exit_code == 2


def test_a_file_the_sync_app_keeps_in_the_cloud_is_listed_not_downloaded(
        ann: Member, bob: Member, partnership: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing a shared folder never brings down the files a sync app keeps online until
    they are opened (OneDrive's, Dropbox's and iCloud's on-demand files): such a file is
    named as not downloaded yet, and the others are read as usual. (No sync app runs here:
    the file's "in the cloud" attribute is what is played; reading it is what is watched.)"""
    from reflect_cli.storage.folder import FolderRoot

    sessions = partnership / "sessions"
    online = "2026-02-20-in-the-cloud.md"
    (sessions / online).write_text((sessions / "2026-01-10-january.md").read_text(
        encoding="utf-8").replace("title: January", "title: Cloud"), encoding="utf-8")
    read: list[str] = []
    real_read = FolderRoot.read
    monkeypatch.setattr(FolderRoot, "downloaded", lambda self, name: name != online)
    monkeypatch.setattr(FolderRoot, "read",
                        lambda self, name: read.append(name) or real_read(self, name))
    listed = ok(bob("list"))
    assert online in listed
    assert "not downloaded to this computer yet" in listed
    assert "January" in listed
    assert online not in read
    # Asked for by name, it is opened (which brings it down).
    shown = ok(bob("show", online, "--no-pager"))
    assert "Who was here" in shown
    assert online in shown
    assert online in read


def test_on_demand_files_are_known_by_their_status_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from reflect_cli.storage import folder
    from reflect_cli.storage.folder import in_the_cloud, stamp_of

    # (Each system is asked only what it can say: here, as on each of them, all of it.)
    monkeypatch.setattr(folder, "_cloud", in_the_cloud)

    real = tmp_path / "here.md"
    real.write_text("x", encoding="utf-8")
    assert not in_the_cloud(real.stat())
    times = {"st_size": 10, "st_mtime_ns": 1, "st_ctime_ns": 2, "st_ino": 3}
    for online in ({"st_file_attributes": 0x400000}, {"st_file_attributes": 0x1000},
                   {"st_file_attributes": 0x40000}, {"st_flags": 0x40000000}):
        status = SimpleNamespace(**times, **online)
        assert in_the_cloud(status)  # type: ignore[arg-type]
        # Once downloaded (the same size and times), it is a new version: read then.
        assert stamp_of(status).stamp != stamp_of(SimpleNamespace(**times)).stamp  # type: ignore[arg-type]
    assert not in_the_cloud(SimpleNamespace(**times, st_file_attributes=0x20))  # type: ignore[arg-type]
