"""The storage layer: the contract every root keeps, the private index and its attacks, drafts
held by a running session, order in time, names as written, and `reflect search`."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pickle
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import generated_journal
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from reflect_cli.domain.meeting import Action, Meeting, Participant
from reflect_cli.domain.model import Answer, Note, Session
from reflect_cli.errors import BadInputError, LogError
from reflect_cli.storage import ConflictError, open_store
from reflect_cli.storage.folder import FolderRoot
from reflect_cli.storage.index import Index
from reflect_cli.storage.logfile import render_log
from reflect_cli.storage.workspace import SharedFolderRoot

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc


def session(session_id: str, *, title: str = "Board", date: dt.date = dt.date(2026, 3, 12),
            created: dt.datetime | None = None, text: str = "Fewer people waiting",
            notes: tuple[Note, ...] = (), meeting: Meeting | None = None) -> Session:
    return Session(
        id=session_id, date=date,
        created=created or dt.datetime.combine(date, dt.time(10), UTC),
        framework_id="kings-fund-partnering", framework_version="1.0", title=title,
        kind="meeting" if meeting else "journal", sections=["purpose"],
        answers=[Answer("purpose.impact", "purpose", text=text, notes=notes)],
        labels={"purpose": "1. Purpose", "purpose.impact": "What difference?"},
        meeting=meeting)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def index_file(cache: Path) -> Path:
    (found,) = cache.glob("*.sqlite3")
    return found


# -- the contract: what any root must do ------------------------------------------------------
@pytest.fixture(params=["folder", "workspace"])
def root(request: pytest.FixtureRequest, tmp_path: Path) -> FolderRoot:
    """Every kind of root; a new kind of storage adds itself here and passes the same tests."""
    if request.param == "workspace":
        return SharedFolderRoot(tmp_path / "shared" / "sessions")
    return FolderRoot(tmp_path / "logs")


def test_contract_create_lists_and_reads_back(root: FolderRoot) -> None:
    assert root.listing() == {}
    root.create("2026-03-12-a.md", "héllo 🎉\n")
    assert list(root.listing()) == ["2026-03-12-a.md"]
    assert root.read("2026-03-12-a.md") == "héllo 🎉\n".encode()


def test_contract_create_never_replaces(root: FolderRoot) -> None:
    root.create("a.md", "first")
    with pytest.raises(FileExistsError):
        root.create("a.md", "second")
    assert root.read("a.md") == b"first"


def test_contract_replace_only_what_has_not_changed(root: FolderRoot) -> None:
    root.create("a.md", "first")
    seen = root.version("a.md")
    assert seen is not None
    root.replace("a.md", "second", seen)
    assert root.read("a.md") == b"second"
    with pytest.raises(ConflictError, match="changed since it was read"):
        root.replace("a.md", "third", seen)  # the version read is no longer the file's
    assert root.read("a.md") == b"second"


def test_contract_remove_only_what_has_not_changed(root: FolderRoot) -> None:
    root.create("a.md", "first")
    seen = root.version("a.md")
    assert seen is not None
    root.replace("a.md", "changed by someone", seen)
    with pytest.raises(ConflictError):
        root.remove("a.md", seen)
    now = root.version("a.md")
    assert now is not None
    root.remove("a.md", now)
    assert root.listing() == {}
    assert root.version("a.md") is None


def test_contract_hidden_and_other_files_are_not_logs(root: FolderRoot) -> None:
    root.create("a.md", "x")
    (root.location / ".hidden.md").write_text("x")
    (root.location / "notes.txt").write_text("x")
    assert list(root.listing()) == ["a.md"]


def test_contract_reading_a_missing_log_names_it(root: FolderRoot) -> None:
    with pytest.raises(LogError, match="no such file"):
        root.read("missing.md")
    with pytest.raises(LogError):
        root.read("../escape.md")


def test_contract_tidy_clears_only_old_leftovers(root: FolderRoot) -> None:
    root.create("a.md", "x")
    old = root.location / ".tmp-old.part"
    new = root.location / ".tmp-new.part"
    mine = root.location / ".tmp-mine.txt"
    for path in (old, new, mine):
        path.write_text("half an answer")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    os.utime(mine, (1_000_000_000, 1_000_000_000))
    root.tidy()
    assert not old.exists()
    assert new.exists()  # a write may be going on now
    assert mine.exists()  # not reflect's


@pytest.mark.parametrize("warmed", [False, True])
def test_a_store_clears_old_leftovers_at_once_or_while_the_index_warms_up(
        tmp_path: Path, warmed: bool) -> None:
    """A session clears what killed writes left: at once, or (in a terminal, where the index
    is warmed up in the background while the title is typed) in that background look, so
    that a folder of thousands of logs is not looked through before the first screen."""
    journal = tmp_path / "journal"
    journal.mkdir()
    (journal / "2026-03-12-board.md").write_text(render_log(session("s1")), encoding="utf-8")
    old = journal / ".tmp-old.part"
    old.write_text("half an answer")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    with open_store(journal) as store:
        if warmed:
            store.warm_up()
        store.tidy()
        assert store.count() == 1  # (waits for the look in the background, if there is one)
    assert not old.exists()


# -- the store over a root --------------------------------------------------------------------
def test_a_session_is_written_once_even_when_asked_twice(tmp_path: Path) -> None:
    """A kill between writing the log and removing the draft must not give two logs."""
    with open_store(tmp_path) as store:
        store.save_draft(session("s1"))
        first = store.write(session("s1"))
    with open_store(tmp_path) as store:
        assert store.drafts() == []  # its log is written: the draft is gone, never offered
        assert store.write(session("s1")) == first
        assert [e.name for e in store.entries()] == [first.name]


def test_replace_and_remove_through_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        path = store.write(session("s1"))
    with open_store(tmp_path) as store:
        entry = store.resolve("latest")
        old, _, version = store.read_with_text(entry)
        assert version is not None
        store.replace(entry, session("s1", text="Corrected after the meeting"), version)
        with pytest.raises(ConflictError):
            store.remove(entry, version)
    with open_store(tmp_path) as store:
        assert store.read(store.resolve("latest")).answers[0].text == (
            "Corrected after the meeting")
    assert path.exists()


def test_conflicts_are_two_files_with_one_session_id(tmp_path: Path) -> None:
    (tmp_path / "2026-03-12-a.md").write_text(render_log(session("same")), encoding="utf-8")
    (tmp_path / "2026-03-12-b.md").write_text(render_log(session("same")), encoding="utf-8")
    (tmp_path / "2026-03-12-c.md").write_text(render_log(session("other")), encoding="utf-8")
    with open_store(tmp_path) as store:
        (group,) = store.conflicts()
        assert [e.name for e in group] == ["2026-03-12-a.md", "2026-03-12-b.md"]


def test_move_to_another_root_never_overwrites(tmp_path: Path) -> None:
    shared = FolderRoot(tmp_path / "shared", key="shared")
    shared.create("2026-03-12-board.md", "someone else's")
    with open_store(tmp_path / "mine", [shared]) as store:
        store.write(session("s1"))
    with open_store(tmp_path / "mine", [shared]) as store:
        entry = store.resolve("latest")
        version = store.roots["logs"].version(entry.name)
        assert version is not None
        moved = store.move(entry, "shared", version)
    assert moved.name == "2026-03-12-board-2.md"
    assert shared.read("2026-03-12-board.md") == b"someone else's"
    assert not (tmp_path / "mine" / entry.name).exists()


# -- order in time ----------------------------------------------------------------------------
def test_same_day_sessions_are_ordered_by_instant_across_time_zones(tmp_path: Path) -> None:
    """09:30 in New York is 14:30 in London: later than 11:00 London, though '09' < '11'."""
    new_york = dt.timezone(dt.timedelta(hours=-5))
    london = dt.timezone.utc
    with open_store(tmp_path) as store:
        store.write(session("ny", title="New York",
                            created=dt.datetime(2026, 3, 12, 9, 30, tzinfo=new_york)))
        store.write(session("ldn", title="London",
                            created=dt.datetime(2026, 3, 12, 11, 0, tzinfo=london)))
    with open_store(tmp_path) as store:
        assert [e.session.id for e in store.entries() if e.session] == ["ny", "ldn"]
        assert store.resolve("latest").name == "2026-03-12-new-york.md"


def test_the_repeated_hour_when_clocks_go_back_orders_correctly(tmp_path: Path) -> None:
    """01:30 BST (00:30 UTC) comes before 01:10 GMT (01:10 UTC) on the night clocks go back."""
    bst = dt.timezone(dt.timedelta(hours=1))
    with open_store(tmp_path) as store:
        store.write(session("first", title="First", date=dt.date(2026, 10, 25),
                            created=dt.datetime(2026, 10, 25, 1, 30, tzinfo=bst)))
        store.write(session("second", title="Second", date=dt.date(2026, 10, 25),
                            created=dt.datetime(2026, 10, 25, 1, 10, tzinfo=UTC)))
    with open_store(tmp_path) as store:
        assert store.resolve("latest").session.id == "second"  # type: ignore[union-attr]


# -- the index: private, safe, fresh ---------------------------------------------------------
def test_index_is_private_whatever_the_umask(tmp_path: Path, cache: Path) -> None:
    old = os.umask(0)
    try:
        with open_store(tmp_path) as store:
            store.write(session("s1"))
            assert len(store.entries()) == 1
    finally:
        os.umask(old)
    assert mode(cache) == 0o700
    for path in cache.iterdir():
        assert mode(path) == 0o600, path


def test_a_cache_folder_others_can_write_to_gets_a_private_folder_inside(
        tmp_path: Path, cache: Path) -> None:
    """REFLECT_CACHE_DIR may name a folder that holds other things: it is left as it is, and
    the index goes into a private folder of its own inside it."""
    cache.mkdir(mode=0o777)
    os.chmod(cache, 0o777)
    with open_store(tmp_path) as store:
        store.write(session("s1"))
        assert len(store.entries()) == 1
    assert mode(cache) == 0o777
    assert mode(cache / "reflect-index") == 0o700
    (index,) = (cache / "reflect-index").glob("*.sqlite3")
    assert mode(index) == 0o600


def test_an_existing_logs_folder_keeps_its_permissions(tmp_path: Path) -> None:
    """A team's folder (group-writable, setgid) is not closed up by writing a log in it."""
    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o2775)
    with open_store(team) as store:
        path = store.write(session("s1"))
    assert mode(team) == 0o2775
    assert mode(path) == 0o600


def test_a_planted_pickle_runs_nothing(tmp_path: Path, cache: Path) -> None:
    """A row holding a pickle that would write a file when unpickled is just bad data."""
    with open_store(tmp_path) as store:
        store.write(session("s1"))
        store.entries()
    proof = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {proof}",))

    db = sqlite3.connect(index_file(cache))
    db.execute("UPDATE texts SET body = ?", (pickle.dumps(Exploit()),))
    db.execute("UPDATE logs SET sections = ?", (pickle.dumps(Exploit()),))
    db.commit()
    db.close()
    with open_store(tmp_path) as store:
        for command in (store.entries, lambda: store.with_answers(), lambda: store.search("x")):
            command()
    assert not proof.exists()


@pytest.mark.parametrize("damage", ["bytes", "json", "table", "version", "trigger", "empty",
                                    "actions", "ratings", "labels", "spread"])
def test_a_damaged_index_is_rebuilt_without_a_traceback(
        invoke, tmp_path: Path, cache: Path, damage: str) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    (journal).mkdir()
    people = [Participant("Tom McDonald", "Council", "Local authority")]
    meeting = Meeting(participants=people, actions=[Action("a1", "Write to the board",
                                                           "Tom McDonald")])
    log = session("s1", meeting=meeting)
    log.answers.append(Answer("characteristics.trust", "characteristics", rating=4,
                              rating_of=5, rating_label="Mostly"))
    (journal / "2026-03-12-board.md").write_text(render_log(log), encoding="utf-8")
    assert invoke("list").exit_code == 0
    path = index_file(cache)
    if damage == "bytes":
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        db = sqlite3.connect(path)
        if damage == "json":
            db.execute("UPDATE logs SET sections = '{not json', people = '[[1]]'")
        elif damage == "table":
            db.execute("DROP TABLE texts")
        elif damage == "version":
            db.execute("PRAGMA user_version = 9999")
        elif damage == "actions":
            db.execute("UPDATE logs SET actions = '[[1, 2]]', reviews = '[]'")
        elif damage == "ratings":
            db.execute("UPDATE logs SET ratings = '[1]'")
        elif damage == "labels":
            db.execute("UPDATE labels SET body = '{bad'")
        elif damage == "spread":  # (a meeting's median and range, kept with each answer)
            db.execute("UPDATE texts SET spread = '[4.5, 4' WHERE kind = 'answer'")
        else:
            db.execute("CREATE TRIGGER t AFTER INSERT ON logs BEGIN DELETE FROM logs; END")
        db.commit()
        db.close()
    for args in (["list"], ["history", "purpose.impact"], ["search", "waiting"], ["show"],
                 ["actions"], ["trends"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    assert "Fewer people waiting" in invoke("history", "purpose.impact").output


def test_a_foreign_file_in_the_cache_folder_survives(tmp_path: Path, cache: Path) -> None:
    cache.mkdir()
    foreign = cache / "old.sqlite3"
    foreign.write_bytes(b"someone's data")
    os.utime(foreign, (1_000_000_000, 1_000_000_000))  # older than any clean-up limit
    with open_store(tmp_path) as store:
        store.entries()
    assert foreign.read_bytes() == b"someone's data"


def test_an_unused_index_of_reflects_own_is_cleared_after_90_days(tmp_path: Path,
                                                                  cache: Path) -> None:
    with open_store(tmp_path / "old") as store:
        store.entries()
    old = index_file(cache)
    os.utime(old, (1_000_000_000, 1_000_000_000))
    with open_store(tmp_path / "new") as store:
        store.entries()
    assert not old.exists()
    assert len(list(cache.glob("*.sqlite3"))) == 1


def test_a_file_at_the_index_path_that_reflect_did_not_make_is_never_read(
        tmp_path: Path, cache: Path) -> None:
    with open_store(tmp_path) as store:
        store.write(session("s1"))
        store.entries()
    path = index_file(cache)
    (cache / "indexes.json").write_text("{}")  # reflect no longer knows this file
    path.write_bytes(b"not ours")
    with open_store(tmp_path) as store:
        assert [e.session.id for e in store.entries() if e.session] == ["s1"]
    assert path.read_bytes() == b"not ours"


def test_a_same_second_same_size_edit_is_seen(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system with 1-second timestamps, an edit in the same second as indexing
    leaves the same stamp: the index checks such racy logs by content."""
    from reflect_cli.storage import folder

    real = folder.stamp_of

    def coarse(st: os.stat_result) -> folder.Version:  # whole seconds, no inode or ctime
        seconds = st.st_mtime_ns // 1_000_000_000 * 1_000_000_000
        return folder.Version(f"{st.st_size}:{seconds}", seconds)

    monkeypatch.setattr(folder, "stamp_of", coarse)
    log = tmp_path / "2026-03-12-board.md"
    log.write_text(render_log(session("s1", text="Answer AAAA")), encoding="utf-8")
    with open_store(tmp_path) as store:
        assert store.with_answers()[0][1].answers[0].text == "Answer AAAA"
    times = log.stat()
    log.write_text(render_log(session("s1", text="Answer BBBB")), encoding="utf-8")
    os.utime(log, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert coarse(log.stat()) == coarse(times)
    with open_store(tmp_path) as store:
        assert store.with_answers()[0][1].answers[0].text == "Answer BBBB"
    assert real is not coarse


_COUNTING = textwrap.dedent("""
    import os, sys
    from reflect_cli.storage import index, store
    if os.environ.get("SETTLED"):  # logs written seconds ago: none racy (compare would
        index.RACY_NS = 0          # read a racy one from its file)
    real = store.read_session
    def counted(data, name):
        with open(os.environ["PARSES"], "a", encoding="utf-8") as out:
            out.write(name + "\\n")
        return real(data, name)
    store.read_session = counted
    from reflect_cli.cli import main
    sys.argv = ["reflect", *sys.argv[1:]]
    main()
""")


def test_many_commands_on_a_cold_index_parse_each_log_once(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    journal.mkdir()
    for n in range(60):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        (journal / f"{day}-board.md").write_text(
            render_log(session(f"s{n}", date=day, text=f"Answer {n}")), encoding="utf-8")
    parses = tmp_path / "parses.txt"
    env = {**os.environ, "REFLECT_DIR": str(journal), "PARSES": str(parses),
           "REFLECT_CACHE_DIR": str(tmp_path / "cache"), "SETTLED": "1"}
    commands = [["list"], ["history", "purpose.impact"], ["trends"], ["search", "answer"],
                ["compare"], ["actions"]] * 3
    running = [subprocess.Popen([sys.executable, "-c", _COUNTING, *args], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for args in commands]
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode in (0, 2), err.decode()
        assert b"Traceback" not in err
    names = parses.read_text(encoding="utf-8").splitlines()
    assert len(set(names)) == 60
    assert len(names) == 60, f"{len(names)} parses for 60 logs"  # compare's two included


# -- what compare reads from the index ------------------------------------------------------------
@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixty logs as the benchmark makes them: meetings of five to twelve people with notes,
    ratings, spreads, actions and reviews, and journal entries."""
    return generated_journal(tmp_path_factory.mktemp("realistic") / "logs", 60, seed=3)


def test_compare_reads_from_the_index_what_the_logs_say(realistic: Path) -> None:
    """Compare reads its two sessions from the index rather than parsing their logs: any two
    compare exactly as they do read from their files (names, notes, ratings with their
    spreads, people, actions and reviews)."""
    from reflect_cli.domain.compare import compare_sessions

    with open_store(realistic) as store:
        entries = store.newest()
        assert len(entries) == 60
        from_files = {e.name: store.read(e) for e in entries}
        indexed = {e.name: store.read_compared(e) for e in entries}
    assert any(s.meeting and s.meeting.reviews and s.meeting.actions and
               any(a.group for a in s.answers) and any(a.notes for a in s.answers)
               for s in from_files.values())
    for name, session in from_files.items():
        assert indexed[name].answers == session.answers, name
        assert indexed[name].labels == session.labels, name
        assert (indexed[name].author, indexed[name].title, indexed[name].created) == (
            session.author, session.title, session.created)
    names = sorted(from_files)
    for before, after in zip(names, names[1:] + names[:1], strict=True):
        assert compare_sessions(indexed[before], indexed[after], before, after) == \
            compare_sessions(from_files[before], from_files[after], before, after)


def test_compare_reads_a_log_just_written_from_its_file(
        invoke, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """On a file system that keeps whole seconds (FAT, HFS+, some network shares), a log
    edited in place in the second it was written keeps its stamp, and a quick look (another
    log came meanwhile) does not read it again: compare reads such a racy log from its file,
    as it did before it read the index, and shows the edit."""
    from reflect_cli.storage import folder
    from reflect_cli.storage.base import Version

    real = folder.stamp_of

    def whole_seconds(st: os.stat_result) -> Version:
        size, modified, changed, *rest = real(st).stamp.split(":")
        return Version(":".join([size, modified[:-9], changed[:-9], *rest]),
                       real(st).mtime_ns)

    monkeypatch.setattr(folder, "stamp_of", whole_seconds)
    journal.mkdir()
    first = journal / "2026-03-01-board.md"
    for item in (session("s1", date=dt.date(2026, 3, 1), text="Fewer people waiting"),
                 session("s2", date=dt.date(2026, 3, 2), text="More people waiting")):
        (journal / f"{item.date}-board.md").write_text(render_log(item), encoding="utf-8")
    assert "Fewer" in invoke("compare", "2026-03-01", "2026-03-02").output
    first.write_text(first.read_text(encoding="utf-8").replace("Fewer", "Lower"),
                     encoding="utf-8")  # the same size, in the same second
    (journal / "2026-03-03-board.md").write_text(
        render_log(session("s3", date=dt.date(2026, 3, 3))), encoding="utf-8")
    shown = invoke("compare", "2026-03-01", "2026-03-02")
    assert shown.exit_code == 0, shown.output
    assert "Lower" in shown.output
    assert "Fewer" not in shown.output


def test_compare_reads_the_framework_order_once_and_again_when_it_changes(
        invoke, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The bundled framework's prompt order (two sessions that asked different prompts come
    in it) is kept in the index under the framework's digest: read once, not on every
    compare. Another framework's text is worked out afresh, and so is a damaged value."""
    from reflect_cli.inputs import framework as framework_module

    first = session("s1", date=dt.date(2026, 3, 1))
    second = session("s2", date=dt.date(2026, 3, 2))  # asked in the order the framework is not
    second.answers.append(Answer("purpose.beneficiaries", "purpose", text="Older residents"))
    second.labels["purpose.beneficiaries"] = "Who are the intended beneficiaries?"
    journal.mkdir()
    for item in (first, second):
        (journal / f"{item.date}-board.md").write_text(render_log(item), encoding="utf-8")
    loads: list[Path | None] = []
    real = framework_module.load_framework

    def counted(path: Path | None = None) -> object:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(framework_module, "load_framework", counted)
    for _ in range(3):
        done = invoke("compare")
        assert done.exit_code == 0, done.output
        assert done.output.index("intended beneficiaries") < done.output.index("What difference")
    assert loads == [None]

    def damage(store: object) -> None:
        with contextlib.closing(sqlite3.connect(store.index.path)) as db, db:  # type: ignore[attr-defined]
            db.execute("UPDATE meta SET value = '{not json' WHERE key LIKE 'kept:framework%'")

    with open_store(journal) as store:
        assert store.framework_order(b"another framework", lambda: ["a", "b"]) == ["a", "b"]
        assert store.framework_order(b"another framework", lambda: ["c"]) == ["a", "b"]
        damage(store)
        assert store.framework_order(b"another framework", lambda: ["c"]) == ["c"]
    done = invoke("compare")  # the bundled framework's order was replaced: worked out again
    assert done.exit_code == 0
    assert loads == [None, None]



@pytest.fixture(scope="module")
def meetings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten logs as the benchmark makes them (meetings with people, actions, reviews, spreads;
    journal entries; the latest two asked different prompts)."""
    return generated_journal(tmp_path_factory.mktemp("meetings") / "logs", 10, seed=7)


_DEEP = "[" * 100_000 + "]" * 100_000


def _shown_the_same_after(invoke, cache: Path, asked: list[list[str]], damage: str,  # type: ignore[no-untyped-def]
                          values: tuple[object, ...] = ()) -> None:
    """Each command in `asked` succeeds, and shows after the index is damaged (the `damage`
    statement run on it, changing at least one row) exactly what it showed before."""
    before = {}
    for args in asked:
        done = invoke(*args)
        assert done.exit_code == 0, done.output
        before[" ".join(args)] = done.output
    with contextlib.closing(sqlite3.connect(index_file(cache))) as db, db:
        assert db.execute(damage, values).rowcount > 0
    for args in asked:
        done = invoke(*args)
        assert done.exit_code == 0, done.output
        assert done.output == before[" ".join(args)]


@pytest.mark.parametrize("damage", [
    "UPDATE logs SET actions = ? WHERE actions IS NOT NULL",
    "UPDATE logs SET reviews = ? WHERE reviews IS NOT NULL",
    "UPDATE logs SET people = ? WHERE people IS NOT NULL",
    "UPDATE texts SET spread = ? WHERE spread IS NOT NULL",
    "UPDATE meta SET value = ? WHERE key LIKE 'kept:%' OR key LIKE 'open-actions@%'",
    "UPDATE diffs SET tokens = ?",
])
def test_json_nested_too_deep_in_the_index_is_read_again_from_the_logs(
        invoke, meetings: Path, cache: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        damage: str) -> None:
    """A value in the index nested deeper than Python reads (what reflect never writes) is
    no traceback: compare, actions, list and history show what the logs say, as before."""
    monkeypatch.setenv("REFLECT_DIR", str(meetings))
    asked = [["compare"], ["compare", "--format", "json"], ["actions"], ["list"],
             ["history", "purpose.impact"]]
    _shown_the_same_after(invoke, cache, asked, damage, (_DEEP,))


@pytest.mark.parametrize("damage", [
    "UPDATE meta SET value = CAST(x'2266fe' AS TEXT) WHERE key LIKE 'list@%'",
    "UPDATE meta SET value = CAST(x'5b22fe225d' AS TEXT) WHERE key LIKE 'kept:%'",
    "UPDATE meta SET value = CAST(x'5bfe5d' AS TEXT) WHERE key LIKE 'open-actions@%'",
    "UPDATE texts SET body = CAST(x'41fe42' AS TEXT)",
    "UPDATE logs SET actions = CAST(x'5bfe5d' AS TEXT) WHERE actions IS NOT NULL",
])
def test_text_in_the_index_that_is_not_utf8_is_read_again_from_the_logs(
        invoke, meetings: Path, cache: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        damage: str) -> None:
    """Bytes that are not UTF-8 where the index holds text (SQLite cannot give them as text;
    reflect never writes them): no traceback, and list, compare and actions show what the
    logs say, as before."""
    from reflect_cli.storage import index
    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(index, "RACY_NS", 0)
    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    monkeypatch.setenv("REFLECT_DIR", str(meetings))
    asked = [["list"], ["compare"], ["actions"]]
    _shown_the_same_after(invoke, cache, asked, damage)



class _FullDisk:
    """An index's connection on a full disk: every value written to its meta table fails."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.startswith(("INSERT INTO meta", "INSERT OR REPLACE INTO meta")):
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


def test_a_kept_framework_order_too_long_to_be_one_is_worked_out_again(
        journal: Path) -> None:
    """A kept order of millions of prompts (no framework has them: what reflect never wrote)
    would take seconds and half a gigabyte to read on every compare: it is worked out again,
    and replaced."""
    journal.mkdir()
    huge = json.dumps([f"p{n}" for n in range(200_000)])
    with open_store(journal) as store:
        assert store.framework_order(b"a framework", lambda: ["a", "b"]) == ["a", "b"]
        with contextlib.closing(sqlite3.connect(store.index.path)) as db, db:  # type: ignore[arg-type]
            db.execute("UPDATE meta SET value = ? WHERE key LIKE 'kept:framework%'", (huge,))
        assert store.framework_order(b"a framework", lambda: ["a", "b"]) == ["a", "b"]
        assert store.framework_order(b"a framework", lambda: ["c"]) == ["a", "b"]  # kept again


def test_a_framework_order_that_cannot_be_kept_leaves_the_index_to_other_reflects(
        journal: Path) -> None:
    """Keeping a framework's order fails half way (the disk full): the order is given all the
    same, and the index is not left locked for writing."""
    journal.mkdir()
    with open_store(journal) as store:
        index = store.index
        real, index.db = index.db, _FullDisk(index.db)  # type: ignore[assignment]
        assert store.framework_order(b"a framework", lambda: ["a", "b"]) == ["a", "b"]
        assert not real.in_transaction
        index.db = real
        assert store.framework_order(b"a framework", lambda: ["c"]) == ["c"]  # not kept

# -- a long list kept until a log changes ---------------------------------------------------------
def _settled_logs(journal: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Logs the index takes as settled at once (not racy, as they are seconds after they were
    written): it may keep what it works out from them."""
    from reflect_cli.storage import index

    monkeypatch.setattr(index, "RACY_NS", 0)
    journal.mkdir(exist_ok=True)
    made = []
    for n in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        path = journal / f"{day}-board.md"
        path.write_text(render_log(session(f"s{n}", date=day, title=f"Board {n}")),
                        encoding="utf-8")
        made.append(path)
    return made


def _kept(cache: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(index_file(cache))) as db:
        return [key for (key,) in db.execute("SELECT key FROM meta WHERE key LIKE 'list@%'")]


def test_a_long_list_is_kept_until_a_log_changes_and_is_the_list_it_would_be(
        invoke, journal: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The list of a large journal is kept in the index (as the kept open actions are), and
    printed from there while every log's stamp is as it was: exactly the text that making it
    afresh prints, for each format, width and author asked; an edit in place is seen."""
    from reflect_cli.storage import store as store_module

    logs = _settled_logs(journal, 12, monkeypatch)
    asked = [["list"], ["list", "--format", "json"], ["list", "--format", "markdown"],
             ["list", "--author", "nobody"]]
    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 10**9)  # never kept: made each time
    made = {" ".join(args): invoke(*args).output for args in asked}
    for columns in ("140", "80"):
        monkeypatch.setenv("COLUMNS", columns)
        made[columns] = invoke("list").output
    assert made["140"] != made["80"]
    assert _kept(cache) == []
    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)  # every list kept
    for _ in range(2):
        monkeypatch.setenv("COLUMNS", "80")
        for args in asked:
            assert invoke(*args).output == made[" ".join(args)]
        for columns in ("80", "140", "80"):
            monkeypatch.setenv("COLUMNS", columns)
            assert invoke("list").output == made[columns]
    assert len(_kept(cache)) == 1  # only the last way it was asked
    text = logs[3].read_text(encoding="utf-8").replace("Board 3", "Board three")
    logs[3].write_text(text, encoding="utf-8")  # in place: the folder's own times stay
    shown = invoke("list").output
    assert "Board three" in shown
    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 10**9)
    assert invoke("list").output == shown


class _Malformed:
    """An index's connection whose pages holding kept values (`kept`, a key's start) are
    damaged on disk, as SQLite says when it reads them."""

    def __init__(self, db: sqlite3.Connection, kept: str) -> None:
        self.db, self.kept = db, kept

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        found = args[0] if args else ()
        if "FROM meta" in sql and any(str(k).startswith(self.kept) for k in found):  # type: ignore[attr-defined]
            raise sqlite3.DatabaseError("database disk image is malformed")
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


@pytest.mark.parametrize("kept", ["list@", "kept:framework-order:"])
def test_a_kept_value_damaged_on_disk_is_no_traceback(
        journal: Path, monkeypatch: pytest.MonkeyPatch, kept: str) -> None:
    """The kept list (the most of the index, so the likeliest part to be damaged on disk) or
    framework order cannot be read: the index is built again, as for any other damage, and
    the list or order is made afresh."""
    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    _settled_logs(journal, 3, monkeypatch)
    with open_store(journal) as store:
        assert store.remembered_text("list", "asked", lambda: "kept") == "kept"
        assert store.framework_order(b"a framework", lambda: ["a"]) == ["a"]
    with open_store(journal) as store:
        index = store.index
        index.db = _Malformed(index.db, kept)  # type: ignore[assignment]
        assert store.remembered_text("list", "asked", lambda: "made") == (
            "made" if kept == "list@" else "kept")
        assert store.framework_order(b"a framework", lambda: ["b"]) == ["b"]  # built again
        assert not isinstance(index.db, _Malformed)


def test_a_list_kept_by_another_version_of_reflect_is_made_again(
        invoke, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """reflect is upgraded while no log changes: the list is laid out as the new reflect lays
    it out (a column added, a word changed), not printed as the old one kept it."""
    import reflect_cli
    from reflect_cli import cli
    from reflect_cli.outputs import plain
    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    _settled_logs(journal, 3, monkeypatch)
    assert "Board 2" in invoke("list").output  # kept
    real = plain.sessions_lines
    monkeypatch.setattr(plain, "sessions_lines",
                        lambda entries, width: [*real(entries, width), "(laid out anew)"])
    monkeypatch.setattr(reflect_cli, "__version__", "99.0")
    monkeypatch.setattr(cli, "__version__", "99.0")
    assert "(laid out anew)" in invoke("list").output


def test_a_kept_list_holding_controls_is_made_again(
        invoke, journal: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The index is never trusted: a kept list that holds what reflect never shows (an
    escape that would clear the screen) is not printed, but made again from the logs."""
    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    _settled_logs(journal, 3, monkeypatch)
    first = invoke("list").output
    assert len(_kept(cache)) == 1
    with contextlib.closing(sqlite3.connect(index_file(cache))) as db, db:
        db.execute("UPDATE meta SET value = value || '\x1b[2J\x1b]52;c;aGk=\x07' "
                   "WHERE key LIKE 'list@%'")
    again = invoke("list")
    assert again.exit_code == 0
    assert again.output == first
    assert "\x1b" not in again.output


def test_what_is_kept_for_speed_never_waits_for_another_reflect_updating_the_index(
        invoke, journal: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Another reflect holds the index's write lock (a first build of 20,000 logs takes half a
    minute): list, actions and compare still answer at once, from what the index holds, and
    keep their work for another time."""
    import threading

    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    _settled_logs(journal, 3, monkeypatch)
    made = {args: invoke(*args).output for args in (("list",), ("actions",), ("compare",))}
    with contextlib.closing(sqlite3.connect(index_file(cache))) as db:
        db.execute("DELETE FROM meta WHERE key LIKE 'list@%' OR key LIKE 'kept:%' "
                   "OR key LIKE 'open-actions@%'")
        db.commit()
        db.execute("BEGIN IMMEDIATE")  # held, as a long update holds it
        for args, output in made.items():
            done: list[str] = []
            worker = threading.Thread(target=lambda a=args, d=done: d.append(invoke(*a).output),
                                      daemon=True)
            worker.start()
            worker.join(timeout=30)
            assert not worker.is_alive(), f"reflect {args[0]} waited for the lock"
            assert done == [output]
        db.rollback()
    assert _kept(cache) == []  # nothing could be kept meanwhile
    assert invoke("list").output == made[("list",)]
    assert len(_kept(cache)) == 1  # kept now the index is free


def test_a_list_made_while_another_reflect_saw_a_log_change_is_not_kept(
        invoke, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Two reflects at once: while one makes the list, the other sees a log changed (and
    moves the index on). The list made from the logs as they were is printed, but not kept
    as the list of the logs as they are now: the next list shows the change."""
    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    logs = _settled_logs(journal, 3, monkeypatch)
    with open_store(journal) as store:
        def made_meanwhile() -> str:
            made = "\n".join(e.session.title for e in store.entries() if e.session) + "\n"
            logs[0].write_text(logs[0].read_text(encoding="utf-8").replace(
                "Board 0", "Board zero"), encoding="utf-8")
            with open_store(journal) as other:  # the other reflect: it sees the change
                assert "Board zero" in [e.session.title for e in other.entries() if e.session]
            return made

        assert "Board 0" in store.remembered_text("list", "asked", made_meanwhile)
    with open_store(journal) as store:
        assert store.remembered_text("list", "asked", lambda: "made again") == "made again"
    shown = invoke("list")
    assert "Board zero" in shown.output


def test_a_list_that_cannot_be_kept_leaves_the_index_to_other_reflects(
        invoke, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Keeping the list fails half way (the disk full): the list is printed all the same,
    and the index is not left locked for writing (every other reflect would wait on it)."""
    from reflect_cli.storage import store as store_module

    monkeypatch.setattr(store_module, "_REMEMBER_FROM", 0)
    _settled_logs(journal, 3, monkeypatch)
    first = invoke("list").output

    with open_store(journal) as store:
        index = store.index
        real, index.db = index.db, _FullDisk(index.db)  # type: ignore[assignment]
        assert store.remembered_text("list", "asked", lambda: first) == first
        assert not real.in_transaction
        index.db = real
    assert invoke("list").output == first

# -- drafts held by a running session --------------------------------------------------------
_HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from reflect_cli.storage import open_store
    store = open_store(Path(sys.argv[1]))
    store.lock_draft("live")
    print("holding", flush=True)
    time.sleep(60)
""")


@contextlib.contextmanager
def _held_elsewhere(folder: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The draft "live" saved, and held by another reflect process until the block ends
    (then killed, as kill -9 would)."""
    with open_store(folder) as store:
        store.save_draft(session("live"))
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(folder)],
                              stdout=subprocess.PIPE, env=os.environ.copy())
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"holding"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_draft_open_in_another_window_is_not_offered_until_that_process_goes(
        tmp_path: Path) -> None:
    with _held_elsewhere(tmp_path) as holder, open_store(tmp_path) as store:
        (draft,) = store.drafts()
        assert draft.holder is not None
        assert draft.holder.pid == holder.pid
        with pytest.raises(BadInputError, match="open in another window"):
            store.lock_draft("live")
    with open_store(tmp_path) as store:
        (draft,) = store.drafts()
        assert draft.holder is None
        store.lock_draft("live")  # now it is free to carry on


def test_two_stores_in_one_process_do_not_share_a_draft(tmp_path: Path) -> None:
    first, second = open_store(tmp_path), open_store(tmp_path)
    first.save_draft(session("d"))
    first.lock_draft("d")
    try:
        assert second.drafts()[0].holder is not None
        with pytest.raises(BadInputError):
            second.lock_draft("d")
    finally:
        first.close()
    assert second.drafts()[0].holder is None
    second.close()


# -- names as written -------------------------------------------------------------------------
def _meeting_log(journal: Path, session_id: str, day: dt.date, text: str) -> None:
    people = [Participant("Tom McDonald", "Northfield Council", "Local authority"),
              Participant("李雷", "Eastgate Trust", "NHS")]
    meeting = Meeting(participants=people)
    notes = (Note(people[0].id, f"{text} from Tom"), Note(people[1].id, f"{text} from Lei"))
    journal.mkdir(exist_ok=True)
    (journal / f"{day}-meeting.md").write_text(
        render_log(session(session_id, date=day, text=text, notes=notes, meeting=meeting)),
        encoding="utf-8")


def test_compare_history_and_search_show_names_as_written(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    _meeting_log(journal, "m1", dt.date(2026, 3, 12), "Spring")
    _meeting_log(journal, "m2", dt.date(2026, 9, 17), "Autumn")
    for args in (["compare"], ["history", "purpose.impact"], ["search", "from"]):
        output = invoke(*args).output
        assert "Tom McDonald" in output, args
        assert "李雷" in output, args
        assert "Tom Mcdonald" not in output
        assert "P 674e" not in output


# -- reflect search ---------------------------------------------------------------------------
@pytest.fixture
def searchable(journal: Path) -> Path:
    journal.mkdir()
    logs = [("a", dt.date(2026, 1, 10), "The waiting lists at the café grew."),
            ("b", dt.date(2026, 2, 10), "Lists of people waiting for a cafe table."),
            ("c", dt.date(2026, 3, 10), "Nothing about that here.")]
    for session_id, day, text in logs:
        (journal / f"{day}-s.md").write_text(render_log(session(session_id, date=day,
                                                                text=text)), encoding="utf-8")
    return journal


def _found(invoke, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = invoke("search", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [p["session"] for p in json.loads(result.stdout)["passages"]]


@pytest.mark.parametrize("index", ["on", "off"])
def test_search_words_accents_phrases_and_dates(invoke, searchable: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch,
                                                index: str) -> None:
    if index == "off":
        monkeypatch.setenv("REFLECT_CACHE_DIR", "off")
    assert _found(invoke, "waiting", "lists") == ["b", "a"]  # all the words, newest first
    assert _found(invoke, "WAITING") == ["b", "a"]
    assert _found(invoke, "cafe") == ["b", "a"]  # accents do not matter
    assert _found(invoke, "café") == ["b", "a"]
    assert _found(invoke, '"waiting lists"') == ["a"]  # a phrase, in order
    assert _found(invoke, '"lists waiting"') == []
    assert _found(invoke, "wait") == []  # no stemming
    assert _found(invoke, "waiting", "--since", "2026-02-01") == ["b"]
    assert _found(invoke, "waiting", "--until", "2026-01-31") == ["a"]
    unknown = invoke("search", "waiting", "-q", "purpse")
    assert unknown.exit_code == 2
    assert "Did you mean 'purpose'?" in unknown.output
    assert _found(invoke, "waiting", "-q", "purpose") == ["b", "a"]


def test_search_marks_the_words_in_plain_text(invoke, searchable: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("search", "cafe")
    assert result.exit_code == 0
    assert "[café]" in result.output
    assert "[cafe]" in result.output
    assert "2 passages found for 'cafe'" in result.output
    markdown = invoke("search", "cafe", "--format", "markdown").output
    assert "**café**" in markdown


def test_search_finds_notes_checkins_and_actions(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    answers = ROOT / "examples" / "answers.yaml"
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    data = json.loads(invoke("search", "the", "--all", "--format", "json").stdout)
    assert {"answer", "note", "check-in", "action"} <= {p["kind"] for p in data["passages"]}


def test_search_names_a_damaged_log_and_goes_on(invoke, searchable: Path) -> None:  # type: ignore[no-untyped-def]
    (searchable / "2026-04-01-broken.md").write_text("---\nnot: [closed\n", encoding="utf-8")
    result = invoke("search", "waiting")
    assert result.exit_code == 0
    assert "2026-04-01-broken.md cannot be read" in result.stderr
    assert "2 passages found" in result.stdout


def test_search_with_nothing_to_look_for_says_so(invoke, searchable: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("search", "!!!")
    assert result.exit_code == 2
    assert "no words to look for" in result.output
    assert "Nothing found for 'zebra'" in invoke("search", "zebra").output


def test_index_is_rebuilt_only_when_its_own_format_changes(tmp_path: Path, cache: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from reflect_cli.storage import index

    with open_store(tmp_path) as store:
        store.write(session("s1"))
        store.entries()
    parsed: list[str] = []
    monkeypatch.setattr(Index, "_add", lambda self, *a: parsed.append("x"))
    with open_store(tmp_path) as store:
        store.entries()
    assert parsed == []  # nothing changed: nothing parsed
    monkeypatch.setattr(index, "_VERSION", index._VERSION + 1)  # a new format or log reader
    with open_store(tmp_path) as store:
        store.entries()
    assert parsed == ["x"]


def test_throwing_away_a_draft_another_window_holds_is_refused(tmp_path: Path) -> None:
    with _held_elsewhere(tmp_path):
        with open_store(tmp_path) as store, pytest.raises(BadInputError,
                                                          match="open in another window"):
            store.remove_draft("live")
        with open_store(tmp_path) as store:
            (draft,) = store.drafts()  # still there, still held
            assert draft.holder is not None
    with open_store(tmp_path) as store:
        store.remove_draft("live")
        assert store.drafts() == []


def test_latest_far_back_is_a_clear_error(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    journal.mkdir()
    (journal / "2026-03-12-board.md").write_text(render_log(session("s1")), encoding="utf-8")
    result = invoke("show", "latest~99999999999999999999")
    assert result.exit_code == 2
    assert "there is only 1 session" in result.output


def test_a_full_disk_under_the_index_falls_back_to_a_temporary_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(tmp_path) as store:
        store.write(session("s1"))
    real = Index._add_texts

    def full(self: Index, log: Session,
             words: list[str | None] | None) -> tuple[int | None, int | None]:
        if self.path is not None:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, log, words)

    monkeypatch.setattr(Index, "_add_texts", full)
    with open_store(tmp_path) as store:
        assert [e.session.id for e in store.entries() if e.session] == ["s1"]
        assert store.index.path is None  # this command carried on without the file


def test_a_copy_that_keeps_the_old_time_is_seen(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """cp -p and rsync -t put the old modification time back; the change time still moves."""
    log = tmp_path / "2026-03-12-board.md"
    log.write_text(render_log(session("s1", text="Answer AAAA")), encoding="utf-8")
    with open_store(tmp_path) as store:
        assert store.with_answers()[0][1].answers[0].text == "Answer AAAA"
    old = log.stat()
    log.write_text(render_log(session("s1", text="Answer BBBB")), encoding="utf-8")
    os.utime(log, ns=(old.st_atime_ns, old.st_mtime_ns))
    with open_store(tmp_path) as store:
        assert store.with_answers()[0][1].answers[0].text == "Answer BBBB"


@pytest.mark.parametrize(("written", "asked"), [
    ("Straße", "strasse"), ("strasse", "Straße"), ("λόγος", "λογος"), ("ＡＢＣ", "abc"),
    ("ﬁsh", "fish"), ("我们需要更多的资金。", "资金"), ("مَرْحَبًا بِكُمْ", "مرحبا"),
    ("Waits at A&E grew", "A&E"), ("Café", "CAFE")])
@pytest.mark.parametrize("index", ["on", "off"])
def test_search_finds_words_in_any_script(invoke, journal: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch, written: str,
                                          asked: str, index: str) -> None:
    if index == "off":
        monkeypatch.setenv("REFLECT_CACHE_DIR", "off")
    journal.mkdir()
    (journal / "2026-03-12-s.md").write_text(render_log(session("w", text=f"Said: {written}")),
                                            encoding="utf-8")
    assert _found(invoke, asked) == ["w"]
    assert _found(invoke, "资") == (["w"] if "资" in written else [])


def test_search_keeps_what_is_typed_together_together(invoke, searchable: Path) -> None:  # type: ignore[no-untyped-def]
    """'A&E' is a phrase: it finds 'A&E', not an 'a' in one place and an 'e' in another."""
    (searchable / "2026-04-01-s.md").write_text(render_log(session(
        "x", date=dt.date(2026, 4, 1), text="a thing and e-mail")), encoding="utf-8")
    assert _found(invoke, "A&E") == []
    assert _found(invoke, "a", "e") == ["x"]


def test_search_marks_a_phrase_only_where_it_stands(invoke, searchable: Path) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.domain.search import parse_query, spans

    text = "lists first; then the waiting lists, and more waiting"
    marked = [text[a:b] for a, b in spans(parse_query('"waiting lists"'), text)]
    assert marked == ["waiting", "lists"]
    assert [text[a:b] for a, b in spans(parse_query("waiting"), text)] == ["waiting", "waiting"]


# -- fuzzing the index: whatever is in it, nothing but reflect's own errors comes out ---------
_COLUMNS = {
    "logs": ["id", "date", "created", "instant", "title", "kind", "framework_id", "sections",
             "answered", "skipped", "labels", "ratings", "people", "actions", "reviews",
             "first_text", "last_text", "problems", "stamp", "racy"],
    "texts": ["position", "kind", "prompt_id", "section", "who", "body", "rating",
              "rating_of", "rating_label"],
    "labels": ["body"],
}


@pytest.fixture(scope="module")
def indexed_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    people = [Participant("Tom McDonald", "Council", "Local authority")]
    meeting = Meeting(participants=people, actions=[Action("a1", "Write", "Tom McDonald")],
                      checkin={people[0].id: "Fine"})
    log = session("s1", meeting=meeting,
                  notes=(Note(people[0].id, "We agreed"),))
    log.answers.append(Answer("characteristics.trust", "characteristics", rating=4,
                              rating_of=5, rating_label="Mostly"))
    (folder / "logs").mkdir()
    (folder / "logs" / "2026-03-12-board.md").write_text(render_log(log), encoding="utf-8")
    return folder


@given(table=st.sampled_from(sorted(_COLUMNS)), data=st.data(),
       value=st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.text(max_size=30),
                       st.binary(max_size=30), st.floats(allow_nan=True),
                       st.sampled_from(["[]", "{}", "[[1]]", '[["a"]]', "[1, 2]", '{"a": 1}',
                                        "null", "2026-02-30", "[[1,2,3,4,5,6]]"])))
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_value_planted_in_the_index_gives_no_traceback(
        indexed_journal: Path, table: str, data: st.DataObject, value: object) -> None:
    import shutil

    from reflect_cli.errors import ReflectError

    work = Path(tempfile.mkdtemp(dir=indexed_journal))
    logs = indexed_journal / "logs"
    before = os.environ.get("REFLECT_CACHE_DIR")
    os.environ["REFLECT_CACHE_DIR"] = str(work / "cache")
    try:
        with open_store(logs) as store:
            store.entries()
            path = store.index.path
        assert path is not None
        column = data.draw(st.sampled_from(_COLUMNS[table]))
        db = sqlite3.connect(path)
        try:
            db.execute(f"UPDATE {table} SET {column} = ?", (value,))
        except sqlite3.IntegrityError:  # the schema refuses it (NULL where NOT NULL): no plant
            db.close()
            reject()
        db.commit()
        db.close()
        with open_store(logs) as store:
            for ask in (store.entries, store.unreadable, lambda: store.with_answers(),
                        lambda: store.ratings(), store.meetings,
                        lambda: store.search("agreed"), lambda: store.resolve("latest"),
                        store.ids):
                with contextlib.suppress(ReflectError):
                    ask()
    finally:
        if before is not None:
            os.environ["REFLECT_CACHE_DIR"] = before
        shutil.rmtree(work, ignore_errors=True)


def test_open_actions_are_worked_out_once_and_again_when_the_logs_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect_cli.domain.meeting import Review
    from reflect_cli.storage import index
    from reflect_cli.storage.store import Store

    monkeypatch.setattr(index, "RACY_NS", 0)  # (logs written this second are checked again)
    people = [Participant("Tom McDonald", "Council", "Local authority")]
    action = Action("m1-1", "Write to the board", "Tom McDonald")
    first = session("m1", meeting=Meeting(participants=people, actions=[action]))
    (tmp_path / "2026-03-12-board.md").write_text(render_log(first), encoding="utf-8")
    with open_store(tmp_path) as store:
        assert [t.action.id for t in store.open_actions()] == ["m1-1"]

    def no_reading(self: Store) -> list[object]:
        raise AssertionError("the open actions should have been remembered")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "meetings", no_reading)
        with open_store(tmp_path) as store:
            (kept,) = store.open_actions()
            assert kept.action == action
            assert kept.status == "open"
    later = session("m2", date=dt.date(2026, 4, 9), title="April",
                    meeting=Meeting(participants=people, reviews=[Review(action, "done")]))
    (tmp_path / "2026-04-09-april.md").write_text(render_log(later), encoding="utf-8")
    with open_store(tmp_path) as store:
        assert store.open_actions() == []  # the logs changed: worked out again


def test_open_actions_worked_out_while_another_reflect_saw_a_review_are_not_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another reflect sees a new meeting (the action reviewed as done) while this one works
    out the open actions from the meetings before it: they are not kept as the open actions
    of the logs as they are now."""
    from reflect_cli.domain.meeting import Review
    from reflect_cli.storage import index
    from reflect_cli.storage.store import Store

    monkeypatch.setattr(index, "RACY_NS", 0)
    people = [Participant("Tom McDonald", "Council", "Local authority")]
    action = Action("m1-1", "Write to the board", "Tom McDonald")
    first = session("m1", meeting=Meeting(participants=people, actions=[action]))
    (tmp_path / "2026-03-12-board.md").write_text(render_log(first), encoding="utf-8")
    real = Store.meetings

    def meanwhile(self: Store) -> list[object]:
        found = real(self)
        later = session("m2", date=dt.date(2026, 4, 9), title="April",
                        meeting=Meeting(participants=people, reviews=[Review(action, "done")]))
        (tmp_path / "2026-04-09-april.md").write_text(render_log(later), encoding="utf-8")
        with open_store(tmp_path) as other:
            assert other.count() == 2
        return found

    with monkeypatch.context() as patch, open_store(tmp_path) as store:
        patch.setattr(Store, "meetings", meanwhile)
        assert [t.action.id for t in store.open_actions()] == ["m1-1"]
    with open_store(tmp_path) as store:
        assert store.open_actions() == []

# -- the quick look: each folder's own stamp, then only the logs a command shows ---------------
def _age(folder: Path) -> None:
    """Set a folder's modification time an hour back (as if nothing had come for a while)."""
    past = (dt.datetime.now().timestamp() - 3600) * 1e9
    os.utime(folder, ns=(int(past), int(past)))


def test_contract_the_roots_stamp_changes_when_a_log_comes_goes_or_is_replaced(
        root: FolderRoot) -> None:
    root.create("a.md", "first")
    _age(root.location)
    before = root.stamp()
    assert before is not None
    assert root.stamp() == before
    root.read("a.md")
    assert root.stamp() == before
    for change in (lambda: root.create("b.md", "second"),
                   lambda: root.replace("a.md", "changed", root.version("a.md")),  # type: ignore[arg-type]
                   lambda: root.remove("b.md", root.version("b.md"))):  # type: ignore[arg-type]
        _age(root.location)
        before = root.stamp()
        change()
        assert root.stamp() != before


def _folder_of_two(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    from reflect_cli.storage import index

    monkeypatch.setattr(index, "RACY_NS", 0)  # (logs written this second are checked again)
    folder.mkdir()
    older = folder / "2026-03-12-board.md"
    newer = folder / "2026-04-09-april.md"
    older.write_text(render_log(session("s1", title="March")), encoding="utf-8")
    newer.write_text(render_log(session("s2", title="April", date=dt.date(2026, 4, 9))),
                     encoding="utf-8")
    _age(folder)
    with open_store(folder) as store:
        assert len(store.entries()) == 2  # a full look: the index knows both
        assert store.open_actions() == []  # (worked out once, and kept)
    return older, newer


def test_an_unchanged_folder_is_not_looked_at_log_by_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "logs"
    _folder_of_two(folder, monkeypatch)

    def every_log(self: FolderRoot) -> dict[str, object]:
        raise AssertionError("a quick look should not list every log")

    with monkeypatch.context() as patch:
        patch.setattr(FolderRoot, "listing", every_log)
        with open_store(folder) as store:
            (latest,) = store.newest(1)
            assert latest.session is not None
            assert latest.session.title == "April"
            assert store.resolve("latest~1").name == "2026-03-12-board.md"
            assert store.count() == 2
            assert store.open_actions() == []


def test_a_log_edited_in_place_is_seen_when_it_is_shown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "logs"
    _, newer = _folder_of_two(folder, monkeypatch)
    stamp = os.stat(folder).st_mtime_ns
    with open(newer, "r+", encoding="utf-8") as handle:  # in place: the folder does not change
        text = handle.read().replace("title: April", "title: April (corrected)")
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    assert os.stat(folder).st_mtime_ns == stamp
    with open_store(folder) as store:
        (latest,) = store.newest(1)
        assert latest.session is not None
        assert latest.session.title == "April (corrected)"
        assert store.resolve("latest").session.title == "April (corrected)"  # type: ignore[union-attr]


def test_a_log_that_comes_or_goes_is_seen_by_a_quick_look(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "logs"
    older, newer = _folder_of_two(folder, monkeypatch)
    (folder / "2026-05-01-may.md").write_text(
        render_log(session("s3", title="May", date=dt.date(2026, 5, 1))), encoding="utf-8")
    with open_store(folder) as store:
        assert [e.name for e in store.newest(1)] == ["2026-05-01-may.md"]
    _age(folder)
    newer.unlink()
    (folder / "2026-05-01-may.md").unlink()
    with open_store(folder) as store:
        assert [e.name for e in store.newest(5)] == [older.name]
        assert store.count() == 1


def test_a_date_changed_in_place_is_seen_by_the_full_look_of_list(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "logs"
    older, _ = _folder_of_two(folder, monkeypatch)
    with open(older, "r+", encoding="utf-8") as handle:
        text = handle.read().replace("date: 2026-03-12", "date: 2026-06-01")
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    with open_store(folder) as store:
        assert [str(e.session.date) for e in store.entries()  # type: ignore[union-attr]
                ] == ["2026-06-01", "2026-04-09"]
    with open_store(folder) as store:
        assert store.resolve("latest").name == older.name  # and the index keeps it


def test_a_large_build_reads_the_logs_in_helper_processes_to_the_same_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Helper processes (a first build of thousands of logs) make the very index one process
    makes: the same sessions, answers, words to search, and unreadable logs named."""
    from reflect_cli.storage import index

    folder = tmp_path / "logs"
    folder.mkdir()
    people = [Participant("Tom McDonald", "Council", "Local authority")]
    for n in range(7):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        meeting = Meeting(participants=people, actions=[Action(f"a{n}", "Write", "Tom McDonald")],
                          checkin={people[0].id: f"Fine {n}"}) if n % 2 else None
        (folder / f"{day}-s.md").write_text(render_log(session(
            f"s{n}", date=day, text=f"Waiting lists café {n}", meeting=meeting)), encoding="utf-8")
    (folder / "2026-02-01-broken.md").write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    (folder / "2026-02-02-bytes.md").write_bytes(b"\xff\xfe not text")

    def built(cache: str) -> tuple[object, ...]:
        monkeypatch.setenv("REFLECT_CACHE_DIR", str(tmp_path / cache))
        with open_store(folder) as store:
            return ([(e.name, e.session, e.error and [(p.path, p.line, p.key, p.message)
                                                      for p in e.error.problems])
                     for e in store.entries()],
                    store.with_answers(), [h.text for h in store.search("cafe waiting")],
                    [t.action.id for t in store.open_actions()])

    alone = built("one")
    here = []
    real = index.prepare

    def counted(*args: object) -> object:
        here.append(args[1])
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "prepare", counted)
    monkeypatch.setattr(index, "_HELPERS_FROM", 2)
    monkeypatch.setattr(index, "_HELPER_BATCH", 3)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert built("helped") == alone
    assert here == []  # every log was read in a helper process, none here
    assert len(alone[0]) == 9  # type: ignore[arg-type]



def test_contract_names_are_the_listings_names(root: FolderRoot) -> None:
    assert root.names() == []
    root.create("2026-03-12-a.md", "one")
    root.create("2026-03-13-b.md", "two")
    (root.location / ".hidden.md").write_text("x")
    (root.location / "notes.txt").write_text("x")
    assert sorted(root.names()) == sorted(root.listing()) == ["2026-03-12-a.md",
                                                              "2026-03-13-b.md"]


def test_a_log_that_came_is_added_without_looking_at_every_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after a session is written (the folder changed moments ago), the next command
    looks only at the names: the new log is read, the others are trusted."""
    folder = tmp_path / "logs"
    older, newer = _folder_of_two(folder, monkeypatch)

    def every_log(self: FolderRoot) -> dict[str, object]:
        raise AssertionError("only the names should have been looked at")

    (folder / "2026-05-01-may.md").write_text(
        render_log(session("s3", title="May", date=dt.date(2026, 5, 1))), encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(FolderRoot, "listing", every_log)
        with open_store(folder) as store:
            assert [e.name for e in store.newest(3)] == ["2026-05-01-may.md", newer.name,
                                                         older.name]
        newer.unlink()
        with open_store(folder) as store:
            assert [e.name for e in store.newest(3)] == ["2026-05-01-may.md", older.name]
            assert store.count() == 2


def test_a_log_renamed_over_is_seen_by_a_full_look(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor or a sync tool that saves by renaming a new copy over the log changes the
    folder but not its names: only a full look can say which log changed, and one is made."""
    folder = tmp_path / "logs"
    older, _ = _folder_of_two(folder, monkeypatch)
    copy = folder / ".older.tmp"
    copy.write_text(render_log(session("s1", title="March", date=dt.date(2026, 6, 1))),
                    encoding="utf-8")
    os.replace(copy, older)
    with open_store(folder) as store:
        assert store.newest(1)[0].name == older.name  # now the latest, by its new date


def test_show_says_the_same_from_the_index_as_from_the_log(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    """show takes a known log's title and counts from the index (without parsing it again):
    the very text it gives when it reads the log itself, a title changed by hand included."""
    answers = ROOT / "examples" / "answers.yaml"
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    (log,) = journal.glob("*.md")
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("title: Spring partnership review", "title: Spring review"),
                   encoding="utf-8")
    shown = invoke("show").stdout
    assert "# Spring review" in shown
    with open_store(journal) as store:
        (entry,) = store.entries()
        from_index = store.shown_text(entry)
        entry.session = None  # as for a log from elsewhere: read and parsed
        assert store.shown_text(entry) == from_index
    body = from_index.split("\n---\n", 1)[1]  # (show leaves out the front matter)
    assert body.strip().splitlines()[:8] == shown.strip().splitlines()[:8]
