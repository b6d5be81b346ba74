"""Reading many logs fast: an index of the journal kept in a cache, and the loaders behind
`reflect compare`, `reflect history` and `reflect trends`.

Parsing a thousand logs takes over a second, so what each log holds (its front matter, headings
and answers) is kept in a small SQLite file in the user's cache folder, one per journal folder.
Each log is known by its size, modification time and inode: it is parsed again only when it
changes, and forgotten when it is gone. Logs are still read by `journal.read_log`, the one reader
of the format; the answers are kept exactly as it returns them, and the cache is started afresh
whenever reflect's code changes. Set REFLECT_CACHE_DIR to keep the cache in another folder, or to
`off` to keep none (every log is then parsed each time). When the cache cannot be written,
reflect carries on without it.

Commands that only need a little (compare: front matter to find two logs, then those two logs)
read only that. The log reader (and YAML) is imported only when a log has to be parsed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .compare import (
    Comparison,
    Differ,
    History,
    Rating,
    Token,
    Trends,
    build_history,
    check_range,
    chronological,
    compare_sessions,
    ratings_of,
    select_questions,
    trends_of_ratings,
    when,
    word_diff,
)
from .errors import BadInputError, LogError, Problem
from .model import Session

if TYPE_CHECKING:
    from .journal import Entry

CACHE_ENV = "REFLECT_CACHE_DIR"
LOG_SUFFIX = ".md"  # as journal.LOG_SUFFIX (journal is imported only to parse a log)
_SCHEMA = 5
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS logs (
    name TEXT PRIMARY KEY, stamp TEXT, id TEXT, date TEXT, created TEXT, title TEXT, kind TEXT,
    framework_id TEXT, framework_version TEXT, sections TEXT, answered INTEGER, skipped INTEGER,
    labels TEXT, ratings TEXT, problems TEXT);
CREATE TABLE IF NOT EXISTS answers (
    name TEXT, position INTEGER, prompt_id TEXT, section TEXT, answer BLOB);
CREATE INDEX IF NOT EXISTS answers_by_prompt ON answers (prompt_id);
CREATE INDEX IF NOT EXISTS answers_by_section ON answers (section);
CREATE INDEX IF NOT EXISTS answers_by_name ON answers (name);
CREATE TABLE IF NOT EXISTS diffs (key TEXT PRIMARY KEY, tokens TEXT);
"""
_LOG_COLUMNS = ("name, stamp, id, date, created, title, kind, framework_id, framework_version, "
                "sections, answered, skipped, labels, ratings, problems")
_SESSION_COLUMNS = ("name, id, date, created, title, kind, framework_id, framework_version, "
                    "sections")
#: How long an index of a folder that is no longer used is kept.
_KEEP_UNUSED_DAYS = 90


def cache_file(directory: Path) -> Path | None:
    """Where the index of a journal folder is kept; None when caching is off."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None and setting.strip().lower() in ("off", "none", "no", "0", ""):
        return None
    if setting:
        folder = Path(setting).expanduser()
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("reflect", appauthor=False)) / "index"
    return folder / f"{_folder_key(directory)}.sqlite3"


def _folder_key(directory: Path) -> str:
    """A short name for a folder's index (two folders sharing one are told apart by `folder`
    in the index itself)."""
    resolved = str(directory.expanduser().resolve())
    return f"{zlib.crc32(resolved.encode()):08x}{zlib.adler32(resolved.encode()):08x}"


def _code_stamp() -> str:
    """Changes whenever reflect's code changes (a new version, or an edit to any module), so an
    index written by other code is never trusted."""
    from . import __version__

    parts = [f"{_SCHEMA}:{__version__}"]
    with os.scandir(Path(__file__).parent) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    text = ";".join(parts).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def _listing(directory: Path) -> dict[str, str]:
    """The logs of a folder (as journal.log_paths finds them), each with a stamp of its state."""
    found: dict[str, str] = {}
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(LOG_SUFFIX) or name.startswith("."):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                found[name] = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
    except OSError:
        return {}
    return found


@dataclass
class Unreadable:
    """A log that cannot be read, and why."""

    path: Path
    error: LogError


class Index:
    """The logs of one journal folder, as their reader last found them."""

    def __init__(self, directory: Path, db: sqlite3.Connection) -> None:
        self.directory = directory
        self.db = db

    @classmethod
    def open(cls, directory: Path) -> Index:
        """The index of a folder, brought up to date with the logs in it."""
        path = cache_file(directory)
        listing = _listing(directory)
        if path is not None:
            for _ in range(2):
                try:
                    index = cls(directory, _connect(path, directory.expanduser().resolve()))
                    index._sync(listing)
                    return index
                except (sqlite3.Error, OSError, pickle.PickleError):
                    # A damaged or unwritable cache: start it afresh once, then do without.
                    with contextlib.suppress(OSError):
                        path.unlink()
        index = cls(directory, _connect(None))
        index._sync(listing)
        return index

    def _sync(self, listing: dict[str, str]) -> None:
        db = self.db
        known = dict(db.execute("SELECT name, stamp FROM logs").fetchall())
        gone = [name for name in known if name not in listing]
        changed = sorted(name for name, stamp in listing.items() if known.get(name) != stamp)
        if not gone and not changed:
            return
        with db:  # one transaction; each log is parsed, stored and let go in turn
            names = [(name,) for name in gone + changed]
            db.executemany("DELETE FROM logs WHERE name = ?", names)
            db.executemany("DELETE FROM answers WHERE name = ?", names)
            for name in changed:
                stamp = listing[name]
                session, error = _read(self.directory / name)
                db.execute(f"INSERT INTO logs ({_LOG_COLUMNS}) VALUES "
                           f"({', '.join('?' * 15)})", _log_row(name, stamp, session, error))
                if session is not None:
                    db.executemany(
                        "INSERT INTO answers (name, position, prompt_id, section, answer) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(name, i, a.prompt_id, a.section,
                          pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL))
                         for i, a in enumerate(session.answers)])

    # -- what the index holds --------------------------------------------------------------------
    def unreadable(self) -> list[Unreadable]:
        """The logs that cannot be read, by name."""
        rows = self.db.execute("SELECT name, problems FROM logs WHERE problems IS NOT NULL "
                               "ORDER BY name").fetchall()
        return [Unreadable(self.directory / name, _error(problems)) for name, problems in rows]

    def entries(self) -> list[Entry]:
        """Every log, newest first, with its front matter (no answers) or why it cannot be
        read: as journal.scan gives them."""
        from .journal import Entry, sort_newest_first

        found = []
        for row in self.db.execute(f"SELECT {_SESSION_COLUMNS}, answered, skipped, problems "
                                   "FROM logs"):
            path = self.directory / row[0]
            if row[11]:
                found.append(Entry(path, error=_error(row[11])))
            else:
                found.append(Entry(path, _session(row), None, row[9], row[10]))
        return sort_newest_first(found)

    def _logs(self, columns: str, since: dt.date | None,
              until: dt.date | None) -> list[tuple[Any, ...]]:
        query = f"SELECT {columns} FROM logs WHERE problems IS NULL"
        args: list[Any] = []
        if since is not None:
            query += " AND date >= ?"
            args.append(since.isoformat())
        if until is not None:
            query += " AND date <= ?"
            args.append(until.isoformat())
        return self.db.execute(query, args).fetchall()

    def sessions(self, since: dt.date | None = None, until: dt.date | None = None, *,
                 only: str | None = None) -> list[tuple[str, Session]]:
        """(file name, session) for every readable log dated in the window, oldest first, with
        its answers to one question or prompt (`only`), or none."""
        by_name = {row[0]: _session(row) for row in self._logs(_SESSION_COLUMNS, since, until)}
        if only is not None:
            for name, blob in self.db.execute(
                    "SELECT name, answer FROM answers WHERE prompt_id = ? OR section = ? "
                    "ORDER BY name, position", (only, only)):
                session = by_name.get(name)
                if session is not None:
                    session.answers.append(pickle.loads(blob))
        ordered = chronological(by_name.items())
        self._add_labels(ordered, {a.prompt_id for _, s in ordered for a in s.answers} | {
            a.section for _, s in ordered for a in s.answers})
        return ordered

    def ratings(self, since: dt.date | None = None, until: dt.date | None = None
                ) -> list[tuple[str, Session, list[Rating]]]:
        """(file name, session without answers, its ratings) for every readable log dated in
        the window, oldest first."""
        rows = [(row[0], _session(row), [tuple(r) for r in json.loads(row[9])])
                for row in self._logs(f"{_SESSION_COLUMNS}, ratings", since, until)]
        rows.sort(key=lambda r: when(r[0], r[1]))
        needed = {key for _, _, ratings in rows for r in ratings for key in r[:2]}
        self._add_labels([(name, session) for name, session, _ in rows], needed)
        return rows

    def ids(self) -> list[str]:
        """Every question and prompt id answered (or skipped) in any log."""
        rows = self.db.execute("SELECT DISTINCT prompt_id FROM answers UNION "
                               "SELECT DISTINCT section FROM answers").fetchall()
        return [row[0] for row in rows if row[0]]

    def differ(self) -> tuple[Differ, Callable[[], None]]:
        """A word_diff that remembers its results in the index (a history of years of answers
        computes hundreds of diffs), and the function that saves the new ones."""
        new: dict[str, str] = {}

        def cached(old: str, changed: str) -> Sequence[Token]:
            pair = f"{old}\0{changed}".encode()
            key = f"{len(pair)}:{zlib.crc32(pair):08x}{zlib.adler32(pair):08x}"
            row = self.db.execute("SELECT tokens FROM diffs WHERE key = ?", (key,)).fetchone()
            if row is not None:
                return [(op, text) for op, text in json.loads(row[0])]
            tokens = word_diff(old, changed)
            new[key] = json.dumps(tokens, ensure_ascii=False)
            return tokens

        def save() -> None:
            if new:
                with contextlib.suppress(sqlite3.Error), self.db:
                    self.db.executemany("INSERT OR REPLACE INTO diffs (key, tokens) VALUES "
                                        "(?, ?)", new.items())

        return cached, save

    def _add_labels(self, ordered: Sequence[tuple[str, Session]], needed: set[str]) -> None:
        """The headings of `needed` ids, on the newest session (older ones filling any gaps):
        the reports take each heading from the newest session that has it."""
        if not ordered:
            return
        newest = ordered[-1][1]
        for name, _ in reversed(ordered):
            missing = needed - newest.labels.keys()
            if not missing and newest.labels:
                break
            row = self.db.execute("SELECT labels FROM logs WHERE name = ?", (name,)).fetchone()
            for key, text in json.loads(row[0] or "{}").items():
                newest.labels.setdefault(key, text)


def _connect(path: Path | None, folder: Path | None = None) -> sqlite3.Connection:
    """The index at `path` (in memory for None) for the journal `folder`, emptied if it was
    written by other code or for another folder."""
    if path is None:
        db = sqlite3.connect(":memory:")
        db.executescript(_TABLES)
        return db
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    db = sqlite3.connect(path, timeout=10)
    db.executescript(_TABLES)
    stamp = f"{_code_stamp()} {folder}"
    row = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
    if row is None or row[0] != stamp:
        with db:
            db.execute("DELETE FROM logs")
            db.execute("DELETE FROM answers")
            db.execute("DELETE FROM diffs")
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('code', ?)", (stamp,))
    if fresh:
        _forget_unused(path.parent)
    return db


def _forget_unused(folder: Path) -> None:
    """Remove indexes of journal folders not used for a long time."""
    import time

    limit = time.time() - _KEEP_UNUSED_DAYS * 86400
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".sqlite3") and entry.stat().st_mtime < limit:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _read(path: Path) -> tuple[Session | None, LogError | None]:
    from .journal import read_log

    try:
        return read_log(path), None
    except LogError as error:
        return None, error


def _log_row(name: str, stamp: str, session: Session | None,
             error: LogError | None) -> tuple[Any, ...]:
    if session is None:
        assert error is not None
        problems = json.dumps([[p.path, p.line, p.key, p.message] for p in error.problems])
        return (name, stamp, None, None, None, None, None, None, None, None, 0, 0, None, None,
                problems)
    return (name, stamp, session.id, session.date.isoformat(), session.created.isoformat(),
            session.title, session.kind, session.framework_id, session.framework_version,
            json.dumps(session.sections), session.answered, session.skipped,
            json.dumps(session.labels, ensure_ascii=False),
            json.dumps(ratings_of(session), ensure_ascii=False), None)


def _session(row: Sequence[Any]) -> Session:
    """A session (without answers) from (name, id, date, created, title, kind, framework id,
    framework version, sections)."""
    return Session(id=row[1], date=dt.date.fromisoformat(row[2]),
                   created=dt.datetime.fromisoformat(row[3]), title=row[4], kind=row[5],
                   framework_id=row[6], framework_version=row[7], sections=json.loads(row[8]))


def _error(problems: str) -> LogError:
    found = [Problem(*p) for p in json.loads(problems)]
    return LogError(found, what=found[0].path if found else "log")


# -- the loaders behind compare, history and trends ----------------------------------------------
T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    """A report, and the logs left out of it because they cannot be read."""

    report: T
    left_out: list[Unreadable] = field(default_factory=list)


def load_comparison(directory: Path, first: str | None = None, second: str | None = None, *,
                    questions: Sequence[str] = (), only_changed: bool = False
                    ) -> Loaded[Comparison]:
    """Compare two sessions named as `reflect show` names them (default: the two most recent;
    with one named: that one and the latest). The older one is always `before`."""
    from .journal import read_log, resolve

    index = Index.open(directory)
    entries = index.entries()
    left_out = sorted((Unreadable(e.path, e.error) for e in entries if e.error is not None),
                      key=lambda u: u.path.name)
    readable = len(entries) - len(left_out)
    refs = ["latest~1", "latest"] if first is None else [first, second or "latest"]
    if (first is None or second is None) and readable < 2:
        raise BadInputError(
            f"reflect compare needs two sessions, and {directory} has "
            f"{'none' if readable == 0 else 'only one'}"
            + (f" that can be read ({len(left_out)} cannot)" if left_out else ""),
            hint="Add a session with: reflect session")
    paths = [resolve(directory, ref, entries) for ref in refs]
    if paths[0].resolve() == paths[1].resolve():
        raise BadInputError(f"'{refs[0]}' and '{refs[1]}' are the same session ({paths[0].name})",
                            hint="Give two different sessions, for example: reflect compare "
                                 "latest~1 latest")
    (before_file, before), (after_file, after) = chronological(
        (path.name, read_log(path)) for path in paths)
    comparison = compare_sessions(before, after, before_file, after_file)
    return Loaded(select_questions(comparison, questions, only_changed), left_out)


def _no_sessions(index: Index, left_out: Sequence[Unreadable]) -> BadInputError:
    return BadInputError(f"there are no sessions in {index.directory} yet"
                         + (f" that can be read ({len(left_out)} cannot)" if left_out else ""),
                         hint="Start one with: reflect session")


def load_history(directory: Path, target: str, *, since: dt.date | None = None,
                 until: dt.date | None = None, only_changed: bool = False) -> Loaded[History]:
    """Every answer to a prompt, or to each prompt of a question, oldest first."""
    check_range(since, until)
    index = Index.open(directory)
    left_out = index.unreadable()
    sessions = index.sessions(since, until, only=target)
    if not sessions and not index.sessions():
        raise _no_sessions(index, left_out)
    known = index.ids() if not any(s.answers for _, s in sessions) else ()
    differ, save = index.differ()
    history = build_history(sessions, target, since=since, until=until,
                            only_changed=only_changed, known=known, differ=differ)
    save()
    return Loaded(history, left_out)


def load_trends(directory: Path, *, since: dt.date | None = None, until: dt.date | None = None,
                questions: Sequence[str] = (), only_changed: bool = False) -> Loaded[Trends]:
    """The ratings across sessions, for each rated prompt."""
    check_range(since, until)
    index = Index.open(directory)
    left_out = index.unreadable()
    rated = index.ratings(since, until)
    if not rated and not index.sessions():
        raise _no_sessions(index, left_out)
    trends = trends_of_ratings(rated, since=since, until=until, question_ids=questions,
                               only_changed=only_changed)
    return Loaded(trends, left_out)
