"""The index: what every log holds, kept in a private SQLite file so commands need not parse
thousands of logs each time.

- **Private and plain.** The file is 0600 in a 0700 folder of the user's cache, whatever the
  umask; it holds plain columns and JSON, nothing that could run. A file reflect finds there
  that it did not make (another owner, a link, a foreign layout, another format) is never read.
- **Never trusted.** Anything damaged or odd in it is a reason to build it again from the logs;
  a file it cannot use at all is replaced by a temporary one for this command.
- **Fresh.** Each log is known by its stamp (size, times, inode). A log written within a few
  seconds of being indexed may change again in the same clock tick without a new stamp (git's
  "racy timestamp" problem): such logs are marked racy and checked by their content next time.
- **One builder.** Updates happen inside SQLite's write lock, and each command looks again at
  what is stale once it holds it: twenty commands started together on a cold index parse each
  log once, the others wait and read the result.
- **Only its own files.** It removes only index files it created and recorded (in
  `indexes.json` beside them), and only when unused for 90 days.

Set REFLECT_CACHE_DIR to keep the index in another folder, or to `off` to keep none (a private
temporary index is then built for each command and removed after it).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect_cli.domain.meeting import Action, Meeting, Participant, Review
from reflect_cli.domain.model import (
    LOG_FORMAT_VERSION,
    Answer,
    Author,
    GroupRating,
    Note,
    Session,
    as_number,
    instant,
)
from reflect_cli.errors import BadInputError, LogError, Problem

from . import files
from .base import LogRoot, Version

CACHE_ENV = "REFLECT_CACHE_DIR"
#: The index's own format: it is rebuilt when this changes (or the log reader's does).
FORMAT = 16
#: (14: a rating is a REAL, a meeting's median may be 4.5, and an answer keeps its spread:
#: median, lowest, highest, how many rated and the rating agreed. 16: a shared log's title
#: changed in its front matter is its title, as the reader now finds it.)
#: What the index file records: its own format and the log format its reader reads, so that a
#: reflect that reads logs differently never trusts what an older one stored.
_VERSION = FORMAT * 100 + LOG_FORMAT_VERSION
#: A log modified this close to the moment it was indexed is checked by content next time.
RACY_NS = 3_000_000_000
_REGISTRY = "indexes.json"
_SIDE_FILES = ("", "-journal", "-wal", "-shm")
_KEEP_UNUSED_DAYS = 90
_WAIT_SECONDS = 0.25
#: A build of this many logs or more reads them in helper processes (one per processor, at
#: most _MOST_HELPERS), _HELPER_BATCH logs at a time.
_HELPERS_FROM = 400
_MOST_HELPERS = 4
_HELPER_BATCH = 50
_BUSY_SECONDS = 120

_TABLES = {
    "meta": "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    "logs": """CREATE TABLE logs (
        root TEXT NOT NULL, name TEXT NOT NULL, stamp TEXT NOT NULL, mtime INTEGER,
        racy INTEGER, digest TEXT, id TEXT, date TEXT, created TEXT, instant TEXT,
        title TEXT, kind TEXT, framework_id TEXT, framework_version TEXT, sections TEXT,
        answered INTEGER, skipped INTEGER, labels INTEGER, ratings TEXT, people TEXT,
        actions TEXT, reviews TEXT, first_text INTEGER, last_text INTEGER, problems TEXT,
        author TEXT, author_id TEXT, PRIMARY KEY (root, name))""",
    "labels": "CREATE TABLE labels (id INTEGER PRIMARY KEY, digest TEXT UNIQUE, body TEXT)",
    "texts": """CREATE TABLE texts (
        id INTEGER PRIMARY KEY, position INTEGER, kind TEXT, prompt_id TEXT, section TEXT,
        who TEXT, body TEXT, rating REAL, rating_of INTEGER, rating_label TEXT, spread TEXT)""",
    "diffs": "CREATE TABLE diffs (key TEXT PRIMARY KEY, tokens TEXT)",
}
_INDEXES = [
    # What every command reads first (is each log as it was?), without the pages of the rest.
    "CREATE INDEX logs_by_stamp ON logs (root, name, stamp, racy)",
    # In time order, with what a list shows: a list of 20,000 logs reads this (a few MB)
    # rather than the whole table of people, ratings and actions.
    "CREATE INDEX logs_by_time ON logs (date, instant, name, root, id, created, title, kind, "
    "framework_id, framework_version, sections, answered, skipped, problems, author)",
    "CREATE INDEX logs_by_id ON logs (id)",
    # The logs that gave ratings, in time order, with their ratings: what trends reads.
    "CREATE INDEX logs_rated ON logs (date, instant, name, root, id, created, title, kind, "
    "framework_id, framework_version, sections, answered, skipped, problems, author, ratings, "
    "labels) WHERE ratings != '[]'",
    "CREATE INDEX texts_by_prompt ON texts (prompt_id)",
    "CREATE INDEX texts_by_section ON texts (section)",
]
#: The folded words of each text (search.index_text), split at spaces only: the index finds
#: exactly the words search.words finds. Contentless: the texts themselves are stored once.
_FTS = ("CREATE VIRTUAL TABLE texts_fts USING fts5(words, content='', tokenize='ascii', "
        "detail='none')")
_SUMMARY = ("root, name, id, date, created, title, kind, framework_id, framework_version, "
            "sections, answered, skipped, problems, people, author")
#: How many columns _SUMMARY has (what a Row is made from).
_WIDTH = 15
#: The same columns without the people (whose reading costs most): for lists and counts.
_BRIEF = _SUMMARY.replace("people", "NULL")


class Damaged(Exception):
    """The index holds something reflect did not put there: build it again."""


def unusable(exc: BaseException) -> bool:
    """Is this SQLite saying the index's disk cannot take it (full, read-only, failing)?"""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in text for word in ("disk is full", "readonly", "read-only", "disk i/o",
                                  "unable to open"))


def damaged(exc: BaseException) -> bool:
    """Is this an index that holds what reflect did not put there (rebuild it)?"""
    if isinstance(exc, Damaged):
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in text for word in ("malformed", "not a database", "no such table",
                                  "no such column", "datatype mismatch", "corrupt",
                                  "no such index", "fts5", "could not decode"))


def _busy(exc: BaseException) -> bool:
    """Is this SQLite saying that another process holds the index for now?"""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


def cache_folder() -> Path | None:
    """Where indexes are kept; None when the index is turned off.

    The default folder is reflect's own, kept 0700. A folder named by REFLECT_CACHE_DIR is
    left as it is (it may hold other things); when others could write in it, the index goes
    into a private folder of its own inside it."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None and setting.strip().lower() in ("off", "none", "no", "0", ""):
        return None
    if setting:
        folder = Path(setting).expanduser()
        if folder.is_dir() and not files.is_private(folder):
            return folder / "reflect-index"
        return folder
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reflect", appauthor=False)) / "index"


def folder_key(text: str) -> str:
    return files.digest(text.encode("utf-8", "surrogatepass"), 8)


def _stored(name: str) -> str | bytes:
    """A file name as the index keeps it: a name that is not UTF-8 (bytes that Python holds as
    surrogate escapes) is kept as its bytes, so it is still found and shown."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape")
    return name


def _name(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return str(value)


def _listing_digest(listing: dict[tuple[str, str], Version]) -> str:
    """One digest of every log's name and stamp: equal only when no log came, went or
    changed."""
    # In the order the folder gives (the same from one look to the next, when nothing moved).
    text = "\n".join(f"{root}/{name}\0{version.stamp}"
                     for (root, name), version in listing.items())
    return digest(text.encode("utf-8", "surrogateescape"))


def digest(data: bytes) -> str:
    return files.digest(data)


# -- opening ---------------------------------------------------------------------------------------
def _registry(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / _REGISTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # (RecursionError: nested too deep)
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@contextlib.contextmanager
def _registry_lock(folder: Path) -> Iterator[None]:
    """Hold the registry while it is read and written again (two commands starting together
    on two folders must not lose each other's entry)."""
    from .locks import FileLock

    lock = FileLock(folder / "indexes.lock")
    deadline = time.monotonic() + 10
    while not lock.acquire() and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield
    finally:
        lock.release()


def _record(folder: Path, name: str, what: str) -> None:
    if _registry(folder).get(name) == what:
        return
    with contextlib.suppress(OSError), _registry_lock(folder):
        known = _registry(folder)  # again, inside the lock
        if known.get(name) != what:
            known[name] = what
            files.atomic_write(folder / _REGISTRY, json.dumps(known, indent=1))


def _forget_unused(folder: Path, keep: str) -> None:
    """Remove the indexes reflect recorded that nobody has used for a long time."""
    limit = time.time() - _KEEP_UNUSED_DAYS * 86400
    with contextlib.suppress(OSError), _registry_lock(folder):
        _forget_old(folder, keep, limit)


def _forget_old(folder: Path, keep: str, limit: float) -> None:
    known = _registry(folder)
    gone = []
    for name in known:
        if name == keep or "/" in name or "\\" in name or not name.endswith(".sqlite3"):
            continue
        path = folder / name
        try:
            if path.lstat().st_mtime >= limit:
                continue
        except FileNotFoundError:
            gone.append(name)
            continue
        except OSError:
            continue
        for extra in _SIDE_FILES:
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{extra}")
        gone.append(name)
    if gone:
        for name in gone:
            known.pop(name, None)
        files.atomic_write(folder / _REGISTRY, json.dumps(known, indent=1))


def _private_file(path: Path, recorded: bool) -> bool:
    """Make sure `path` is a private file of ours (creating it 0600); False when it cannot be
    (someone else's, a link, another kind of file)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
        os.close(fd)
        return True
    except FileExistsError:
        pass
    except OSError:
        return False
    if not recorded or not files.is_private(path):
        return False
    files.tighten(path, 0o600)
    return True


def _connect_file(path: Path, what: str) -> sqlite3.Connection | None:
    folder = path.parent
    ours = os.environ.get(CACHE_ENV) is None or folder.name == "reflect-index"
    try:
        files.private_dir(folder, what="folder for the index", tighten_existing=ours)
    except BadInputError:  # it cannot be made: do without
        return None
    if not files.is_private(folder):
        return None
    recorded = path.name in _registry(folder)
    if not recorded and path.exists():
        return None  # a file reflect did not make: never read, never changed
    _record(folder, path.name, what)  # first, so that others starting now know it is ours
    if not _private_file(path, True):
        return None
    fresh = not recorded
    try:
        db = sqlite3.connect(path, timeout=_BUSY_SECONDS, isolation_level=None,
                             check_same_thread=False)
        # Readers never wait for the one updating it; its log is kept small once written.
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA journal_size_limit = 4194304")
    except sqlite3.Error:
        return None
    if fresh:
        _forget_unused(folder, path.name)
    return db


def _schema_ok(db: sqlite3.Connection, what: str) -> bool:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != _VERSION:
        return False
    found = {name: sql for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    for name, sql in _TABLES.items():
        if found.get(name) != sql:
            return False
    if db.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')"
                  ).fetchone()[0]:
        return False  # reflect makes neither
    row = db.execute("SELECT value FROM meta WHERE key = 'for'").fetchone()
    return row is not None and row[0] == what


def _create(db: sqlite3.Connection, what: str, fts: bool) -> bool:
    """Empty the database and lay out the tables; True when full-text search is there."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if _schema_ok(db, what):  # laid out by another reflect while this one waited
            found = db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone()
            db.execute("COMMIT")
            return bool(found and found[0] == "1")
        for (kind, name) in db.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'texts_fts_%'").fetchall():
            db.execute(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), "")}"')
        for sql in [*_TABLES.values(), *_INDEXES]:
            db.execute(sql)
        if fts:
            try:
                db.execute(_FTS)
            except sqlite3.OperationalError:  # a Python without FTS5: search reads texts
                fts = False
        db.execute("INSERT INTO meta (key, value) VALUES ('for', ?), ('fts', ?)",
                   (what, "1" if fts else "0"))
        db.execute(f"PRAGMA user_version = {_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return fts


# -- the index -------------------------------------------------------------------------------------
@dataclass
class Row:
    """What the index knows of one log, without its answers."""

    root: str
    name: str
    session: Session | None
    error: LogError | None
    answered: int = 0
    skipped: int = 0


class Index:
    """The logs of a store's roots, as their reader last found them."""

    def __init__(self, roots: Sequence[LogRoot], reader: Callable[[bytes, str], Session],
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.roots = {root.key: root for root in roots}
        self.reader = reader
        self.progress = progress
        from .places import resolved

        self.what = " ".join(f"{r.key}={resolved(r.location)}" for r in roots)
        self.path: Path | None = None
        #: After a quick look (refresh(full=False)) that found every folder as it was: the
        #: logs' names are as the index knows them, but one may have been edited in place, so
        #: what a command shows is checked with changed() first.
        self.unverified = False
        self.db = self._open()

    # -- opening and keeping it fresh ------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        folder = cache_folder()
        if folder is not None:
            self.path = folder / f"{folder_key(self.what)}.sqlite3"
            for _ in range(2):
                db = _connect_file(self.path, self.what)
                if db is None:
                    break
                try:
                    self.fts = self._prepare(db)
                    return db
                except (sqlite3.Error, Damaged) as exc:
                    db.close()
                    if _busy(exc) or not self._discard():
                        break
        self.path = None
        # A private temporary database: on disk (so memory stays small), removed on close.
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self.fts = _create(db, self.what, True)
        return db

    def _prepare(self, db: sqlite3.Connection) -> bool:
        ok = _schema_ok(db, self.what)
        fts = ok and db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone()
        if not ok:
            self._wait(db, "BEGIN IMMEDIATE")
            db.execute("COMMIT")  # waited for whoever was laying it out; look again
            if _schema_ok(db, self.what):
                return self._prepare(db)
            return _create(db, self.what, True)
        return bool(fts and fts[0] == "1")

    def _discard(self) -> bool:
        """Remove a damaged index file of ours; False when it is not ours to remove."""
        if self.path is None or self.path.name not in _registry(self.path.parent):
            return False
        for extra in _SIDE_FILES:
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{extra}")
        return True

    def _wait(self, db: sqlite3.Connection, statement: str) -> None:
        """Run BEGIN IMMEDIATE, waiting as long as another reflect is updating the index."""
        told = False
        started = time.monotonic()
        db.execute(f"PRAGMA busy_timeout = {int(_WAIT_SECONDS * 1000)}")
        try:
            while True:
                try:
                    db.execute(statement)
                    return
                except sqlite3.OperationalError as exc:
                    if not _busy(exc):
                        raise
                if not told and time.monotonic() - started > 2 and sys.stderr.isatty():
                    print("Waiting for another reflect to finish reading the logs...",
                          file=sys.stderr, flush=True)
                    told = True
        finally:
            db.execute(f"PRAGMA busy_timeout = {_BUSY_SECONDS * 1000}")

    def _write_if_free(self, write: Callable[[sqlite3.Connection], object]) -> None:
        """Keep something worked out for speed (a list, open actions, word diffs): written only
        when no other reflect is updating the index (after a moment's wait at most), and never
        an error. A command never waits on another's long update to keep what saves it time."""
        if self.path is None:
            return
        try:
            self.db.execute(f"PRAGMA busy_timeout = {int(_WAIT_SECONDS * 1000)}")
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            return  # busy: kept another time
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute(f"PRAGMA busy_timeout = {_BUSY_SECONDS * 1000}")
        try:
            write(self.db)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def temporary(self) -> None:
        """Carry on with a private temporary index for this command (the file cannot be
        written: a full disk, a read-only folder)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self.path = None
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self.fts = _create(self.db, self.what, True)
        self._refresh()

    def rebuild(self) -> None:
        """Start again from the logs: something in the index is not what reflect wrote."""
        self.db.close()
        if not self._discard():
            self.path = None  # not ours to remove: a temporary index for this command
            self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            self.fts = _create(self.db, self.what, True)
        else:
            self.db = self._open()
        self._refresh()

    def refresh(self, full: bool = True) -> None:
        """Bring the index up to date with the logs (each changed log parsed once).

        A quick look (`full=False`) only looks at each folder's own stamp: when no log came,
        went or was renamed since the last full look, it trusts the index and marks it
        unverified (a log edited in place is then found by changed(), for the logs a command
        shows). A full look stats every log (about 0.2 s for 20,000 logs)."""
        try:
            self._refresh(full)
        except (sqlite3.DatabaseError, Damaged) as exc:
            if self.path is None or _busy(exc):
                raise
            if unusable(exc):
                self.temporary()
            else:
                self.rebuild()

    def _folders(self) -> str | None:
        """Every root's own stamp, as one text; None when a root cannot tell, or one changed
        so recently that a change in the same clock tick could be missed."""
        now = time.time_ns()
        stamps = {}
        for key, root in self.roots.items():
            stamp = root.stamp()
            if stamp is None or now - stamp.mtime_ns < RACY_NS:
                return None
            stamps[key] = stamp.stamp
        return json.dumps(stamps, sort_keys=True)

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def changed(self, names: Sequence[tuple[str, str]]) -> bool:
        """After a quick look: has any of these logs changed (or gone) since the index read it?"""
        if not self.unverified:
            return False
        for key, name in names:
            root = self.roots.get(key)
            version = root.version(name) if root is not None else None
            row = self.db.execute("SELECT stamp FROM logs WHERE root = ? AND name = ?",
                                  (key, _stored(name))).fetchone()
            if version is None or row is None or row[0] != version.stamp:
                return True
        return False

    def _listing(self) -> dict[tuple[str, str], Version]:
        found = {}
        for key, root in self.roots.items():
            for name, version in root.listing().items():
                found[(key, name)] = version
        return found

    def _stale(self, listing: dict[tuple[str, str], Version]
               ) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
        """(gone, changed, racy to check by content)."""
        known = {(r, n if type(n) is str else _name(n)): (s, racy)
                 for r, n, s, racy in self.db.execute(
                     "SELECT root, name, stamp, racy FROM logs INDEXED BY logs_by_stamp")}
        gone = [k for k in known if k not in listing]
        changed, racy = [], []
        for key, version in listing.items():
            was = known.get(key)
            if was is None or was[0] != version.stamp:
                changed.append(key)
            elif was[1]:
                racy.append(key)
        return gone, sorted(changed), racy

    def _refresh(self, full: bool = True) -> None:
        folders = self._folders()  # before the listing: a change made meanwhile is seen next time
        if not full and self._meta("generation"):
            if folders is not None and self._meta("folders") == folders:
                self.unverified = True
                return  # no log came, went or was renamed: trust the index, check what is shown
            if self._names_only(folders):
                self.unverified = True
                return
        self.unverified = False
        listing = self._listing()
        seen = _listing_digest(listing)
        if self._meta("seen") == seen:
            # The very files, at the very stamps, of the last look: none of them racy.
            if folders is not None and self._meta("folders") != folders:
                with contextlib.suppress(sqlite3.OperationalError):
                    self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                                    "('folders', ?)", (folders,))
            return
        gone, changed, racy = self._stale(listing)
        self._wait(self.db, "BEGIN IMMEDIATE")
        try:
            gone, changed, racy = self._stale(listing)  # another reflect may have done it
            now = time.time_ns()
            for key in racy:
                data = self._bytes(key)
                row = self.db.execute("SELECT digest FROM logs WHERE root = ? AND name = ?",
                                      (key[0], _stored(key[1]))).fetchone()
                if data is None or row is None or row[0] != digest(data):
                    changed.append(key)
                elif now - listing[key].mtime_ns >= RACY_NS:
                    self.db.execute("UPDATE logs SET racy = 0 WHERE root = ? AND name = ?",
                                    (key[0], _stored(key[1])))
            for key in gone:
                self._forget(key)
            total = len(changed)
            for done, (key, prepared) in enumerate(zip(changed, self._prepared(changed),
                                                       strict=True), 1):
                self._forget(key)
                self._add(key, listing[key], now, prepared)
                if self.progress is not None and done % 200 == 0:
                    self.progress(done, total)
            still_racy = self.db.execute("SELECT count(*) FROM logs WHERE racy").fetchone()[0]
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seen', ?)",
                            (seen if not still_racy else "",))
            if gone or changed or not self._meta("generation"):
                self._next_generation()
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('folders', ?)",
                            (folders if folders is not None and not still_racy else "",))
            self.db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise
        if self.progress is not None and len(changed) >= 200:
            self.progress(len(changed), len(changed))

    def _prepared(self, keys: list[tuple[str, str]]) -> Iterator[Prepared | None]:
        """Each log read and parsed, in order: by helper processes, one per processor, when
        there are many (a first build of 20,000 logs), else here (None: read it when added)."""
        workers = min(os.cpu_count() or 1, _MOST_HELPERS)
        if len(keys) < _HELPERS_FROM or workers < 2:
            yield from (None for _ in keys)
            return
        import multiprocessing
        from concurrent.futures import Future, ProcessPoolExecutor

        jobs = [[(self.roots[key], name, self.reader, self.fts) for key, name in
                 keys[start:start + _HELPER_BATCH]]
                for start in range(0, len(keys), _HELPER_BATCH)]
        done = 0
        try:
            # "spawn" everywhere (as on Windows): a fresh process, never a copy of this one
            # with its open index and threads.
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")
                                     ) as pool:
                running: list[Future[list[Prepared]]] = []
                for job in jobs:
                    running.append(pool.submit(_prepare_many, job))
                    if len(running) > 2 * workers:  # only a few batches waiting at a time
                        for prepared in running.pop(0).result():
                            done += 1
                            yield prepared
                for future in running:
                    for prepared in future.result():
                        done += 1
                        yield prepared
        except (OSError, RuntimeError, ValueError, TypeError, AttributeError, ImportError,
                EOFError) as exc:  # helpers cannot be started or died (BrokenProcessPool is a
            # RuntimeError; a pickling problem a TypeError or AttributeError): read the rest here
            if isinstance(exc, GeneratorExit):  # pragma: no cover
                raise
            yield from (None for _ in keys[done:])

    def _next_generation(self) -> None:
        """The logs the index knows have changed: what was worked out from them is forgotten."""
        now = self._meta("generation") or "0"
        number = int(now) + 1 if now.isdigit() else 1
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('generation', ?)",
                        (str(number),))

    def _names_only(self, folders: str | None) -> bool:
        """A quick look at a folder that changed: when logs came or went, only they are looked
        at (a folder's list of names costs a fraction of every log's status) and the others
        are trusted as after a quick look. False when none came or went: a log was replaced
        (renamed over), and only a full look can say which."""
        names = {(key, name) for key, root in self.roots.items() for name in root.names()}

        def stale() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            known = {(r, n if type(n) is str else _name(n))
                     for r, n in self.db.execute("SELECT root, name FROM logs INDEXED BY "
                                                 "logs_by_stamp")}
            return sorted(names - known), sorted(known - names)

        new, gone = stale()
        if not new and not gone:
            return False
        if new or gone:
            self._wait(self.db, "BEGIN IMMEDIATE")
            try:
                new, gone = stale()  # another reflect may have done it
                now = time.time_ns()
                for key in gone:
                    self._forget(key)
                for key in new:
                    version = self.roots[key[0]].version(key[1])
                    if version is not None:
                        self._forget(key)
                        self._add(key, version, now)
                if new or gone:
                    self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                                    "('seen', '')")  # the next full look compares every stamp
                    self._next_generation()
                self.db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                raise
        if folders is not None and not self.db.execute(
                "SELECT 1 FROM logs WHERE racy LIMIT 1").fetchone():
            with contextlib.suppress(sqlite3.OperationalError):
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('folders', ?)",
                                (folders,))
        return True

    def _bytes(self, key: tuple[str, str]) -> bytes | None:
        try:
            return self.roots[key[0]].read(key[1])
        except LogError:
            return None

    def _forget(self, name: tuple[str, str]) -> None:
        key = (name[0], _stored(name[1]))
        row = self.db.execute("SELECT first_text, last_text FROM logs WHERE root = ? AND "
                              "name = ?", key).fetchone()
        if row is not None and row[0] is not None:
            if self.fts:
                from reflect_cli.domain.search import index_text

                self.db.executemany(
                    "INSERT INTO texts_fts (texts_fts, rowid, words) VALUES ('delete', ?, ?)",
                    [(text_id, index_text(body)) for text_id, body in self.db.execute(
                        "SELECT id, body FROM texts WHERE id BETWEEN ? AND ? AND body != ''",
                        row).fetchall()])
            self.db.execute("DELETE FROM texts WHERE id BETWEEN ? AND ?", row)
        self.db.execute("DELETE FROM logs WHERE root = ? AND name = ?", key)

    def _add(self, name: tuple[str, str], version: Version, now: int,
             prepared: Prepared | None = None) -> None:
        root = self.roots[name[0]]
        key = (name[0], _stored(name[1]))
        racy = int(now - version.mtime_ns < RACY_NS)
        if prepared is None:
            prepared = prepare(root, name[1], self.reader, self.fts)
        data_digest, session, words, problems = prepared
        if session is None:
            self.db.execute("INSERT INTO logs (root, name, stamp, mtime, racy, digest, "
                            "problems) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (*key, version.stamp, version.mtime_ns, racy, data_digest,
                             json.dumps(problems)))
            return
        first, last = self._add_texts(session, words)
        meeting = session.meeting
        self.db.execute(
            "INSERT INTO logs (root, name, stamp, mtime, racy, digest, id, date, created, "
            "instant, title, kind, framework_id, framework_version, sections, answered, "
            "skipped, labels, ratings, people, actions, reviews, first_text, last_text, "
            "author, author_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, version.stamp, version.mtime_ns, racy, data_digest, session.id,
             session.date.isoformat(), session.created.isoformat(),
             instant(session.created), session.title, session.kind, session.framework_id,
             session.framework_version, _dumps(session.sections), session.answered,
             session.skipped, self._labels(session.labels), _dumps(_ratings(session)),
             _dumps([_person(p) for p in meeting.participants]) if meeting else None,
             _dumps([_action(a) for a in meeting.actions]) if meeting else None,
             _dumps([[*_action(r.action), r.status] for r in meeting.reviews])
             if meeting else None, first, last,
             _dumps(_author(session.author)) if session.author else None,
             session.author.id if session.author else None))

    def _labels(self, labels: dict[str, str]) -> int:
        body = _dumps(labels)
        key = digest(body.encode("utf-8", "surrogatepass"))
        row = self.db.execute("SELECT id FROM labels WHERE digest = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
        cursor = self.db.execute("INSERT INTO labels (digest, body) VALUES (?, ?)", (key, body))
        return int(cursor.lastrowid or 0)

    def _add_texts(self, session: Session, words: list[str | None] | None
                   ) -> tuple[int | None, int | None]:
        rows = text_rows(session)
        if not rows:
            return None, None
        # The texts of one log take consecutive ids (one writer holds the index meanwhile).
        top = self.db.execute("SELECT coalesce(max(id), 0) FROM texts").fetchone()[0]
        first, last = top + 1, top + len(rows)
        self.db.executemany(
            "INSERT INTO texts (id, position, kind, prompt_id, section, who, body, rating, "
            "rating_of, rating_label, spread) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, *row) for i, row in enumerate(rows)])
        if self.fts:
            if words is None:
                words = fts_words(rows)
            self.db.executemany("INSERT INTO texts_fts (rowid, words) VALUES (?, ?)",
                                [(first + i, found) for i, found in enumerate(words)
                                 if found is not None])
        return first, last

    # -- reading -----------------------------------------------------------------------------------
    def rows(self, *, newest_first: bool = True) -> list[Row]:
        """Every log (readable or not), newest first (unreadable ones last)."""
        order = "DESC" if newest_first else "ASC"
        readable = [_row(row) for row in self.db.execute(
            f"SELECT {_BRIEF} FROM logs INDEXED BY logs_by_time WHERE problems IS NULL "
            f"ORDER BY date {order}, instant {order}, name {order}")]
        unreadable = [_row(row) for row in self.db.execute(
            f"SELECT {_BRIEF} FROM logs WHERE problems IS NOT NULL ORDER BY name {order}")]
        return readable + unreadable if newest_first else unreadable + readable

    def unreadable(self) -> list[Row]:
        return [_row(row) for row in self.db.execute(
            f"SELECT {_BRIEF} FROM logs WHERE problems IS NOT NULL ORDER BY name")]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM logs WHERE problems IS NULL"
                                   ).fetchone()[0])

    def _where(self, since: dt.date | None, until: dt.date | None, extra: str = "",
               authors: Sequence[str] | None = None) -> tuple[str, list[Any]]:
        """The condition for readable logs between two days (and by one of `authors`, their
        person ids, when given)."""
        query = "problems IS NULL" + (f" AND {extra}" if extra else "")
        args: list[Any] = []
        if authors is not None:
            query += f" AND author_id IN ({','.join('?' * len(authors))})"
            args += list(authors)
        if since is not None:
            query += " AND date >= ?"
            args.append(since.isoformat())
        if until is not None:
            query += " AND date <= ?"
            args.append(until.isoformat())
        return query, args

    def find(self, *, newest: int | None = None, offset: int = 0, since: dt.date | None = None,
             until: dt.date | None = None, kind: str | None = None, session_id: str | None = None,
             with_people: bool = False, name_prefix: str | None = None) -> list[Row]:
        """Readable logs, newest first, chosen by the arguments."""
        conditions = []
        args: list[Any] = []
        if kind is not None:
            conditions.append("kind = ?")
            args.append(kind)
        if session_id is not None:
            conditions.append("id = ?")
            args.append(session_id)
        if with_people:
            conditions.append("people IS NOT NULL AND people != '[]'")
        if name_prefix is not None:
            conditions.append("substr(name, 1, ?) = ?")
            args += [len(name_prefix), name_prefix]
        where, more = self._where(since, until, " AND ".join(conditions))
        query = (f"SELECT {_SUMMARY if with_people else _BRIEF} FROM logs WHERE {where} "
                 "ORDER BY date DESC, instant DESC, name DESC")
        params = [*args, *more]
        if newest is not None:
            query += " LIMIT ? OFFSET ?"
            params += [newest, offset]
        return [_row(row) for row in self.db.execute(query, params)]

    def by_name(self, name: str) -> list[Row]:
        return [_row(row) for row in self.db.execute(
            f"SELECT {_BRIEF} FROM logs WHERE name = ?", (_stored(name),))]

    def by_prefix(self, prefix: str) -> list[Row]:
        """Every log (readable or not) whose file name starts with `prefix`."""
        raw = prefix.encode("utf-8", "surrogateescape")  # names that are not UTF-8 are bytes
        return [_row(row) for row in self.db.execute(
            f"SELECT {_BRIEF} FROM logs WHERE substr(name, 1, ?) = ? OR (typeof(name) = 'blob' "
            "AND substr(name, 1, ?) = ?) ORDER BY name", (len(prefix), prefix, len(raw), raw))]

    def with_answers(self, since: dt.date | None = None, until: dt.date | None = None, *,
                     only: str | None = None, newest_first: bool = False,
                     authors: Sequence[str] | None = None) -> list[Row]:
        """Readable logs in time order with their answers and headings: all of them, or (with
        `only`, a question or prompt id) those that answered it, with those answers alone."""
        if only is None:
            texts = list(self.db.execute(
                "SELECT id, position, kind, prompt_id, section, who, body, rating, rating_of, "
                "rating_label, spread FROM texts WHERE kind IN ('answer', 'note') ORDER BY id"))
        else:
            texts = list(self.db.execute(
                "SELECT id, position, kind, prompt_id, section, who, body, rating, rating_of, "
                "rating_label, spread FROM texts WHERE (prompt_id = ? OR section = ?) AND kind IN "
                "('answer', 'note') ORDER BY id", (only, only)))
        where, args = self._where(since, until, authors=authors)
        order = "DESC" if newest_first else "ASC"
        spans = list(self.db.execute(
            f"SELECT first_text, last_text, rowid FROM logs WHERE {where} AND first_text IS "
            f"NOT NULL ORDER BY first_text", args))
        starts = [first for first, _, _ in spans]
        wanted: set[int] = set()
        for text_id, *_ in texts:  # which logs hold these texts (their ids are consecutive)
            at = bisect.bisect_right(starts, text_id) - 1
            if at >= 0 and text_id <= spans[at][1]:
                wanted.add(spans[at][2])
        if only is not None and not wanted:
            return []
        found: list[Row] = []
        by_text: list[tuple[int, int, Session]] = []
        for raw in self.db.execute(
                f"SELECT {_SUMMARY}, labels, first_text, last_text, rowid FROM logs WHERE "
                f"{where} ORDER BY date {order}, instant {order}, name {order}", args):
            if only is not None and raw[_WIDTH + 3] not in wanted:
                continue
            row = _row(raw[:_WIDTH])
            assert row.session is not None
            found.append(row)
            row.session.labels = self._label_body(raw[_WIDTH])
            if raw[_WIDTH + 1] is not None:
                by_text.append((raw[_WIDTH + 1], raw[_WIDTH + 2], row.session))
        _attach(texts, sorted(by_text, key=lambda t: t[0]))
        return found

    def compared(self, name: tuple[str, str]) -> Row | None:
        """One readable log with what reports compare: its answers and notes, headings,
        people, actions and reviews (not its check-ins, timings or each person's ratings).
        None when the index does not hold it as readable, or the log is racy: written so
        lately that an edit in place since may have left its stamp as it was (then only a
        full look, by its content, would see the edit; the file is read instead)."""
        raw = self.db.execute(
            f"SELECT {_SUMMARY}, labels, first_text, last_text, actions, reviews FROM logs "
            "WHERE root = ? AND name = ? AND problems IS NULL AND NOT racy",
            (name[0], _stored(name[1]))).fetchone()
        if raw is None:
            return None
        row = _row(raw[:_WIDTH])
        session = row.session
        assert session is not None
        session.labels = self._label_body(raw[_WIDTH])
        if raw[_WIDTH + 1] is not None:
            _attach(self.db.execute(
                "SELECT id, position, kind, prompt_id, section, who, body, rating, rating_of, "
                "rating_label, spread FROM texts WHERE id BETWEEN ? AND ? AND kind IN "
                "('answer', 'note') ORDER BY id", raw[_WIDTH + 1:_WIDTH + 3]),
                [(raw[_WIDTH + 1], raw[_WIDTH + 2], session)])
        if raw[_WIDTH + 3] is not None:
            session.meeting = _with_actions(session.meeting or Meeting(), raw[_WIDTH + 3],
                                            raw[_WIDTH + 4])
        return row

    def _label_body(self, label_id: Any) -> dict[str, str]:
        cache = self.__dict__.setdefault("_labels_cache", {})
        if label_id not in cache:
            row = self.db.execute("SELECT body FROM labels WHERE id = ?", (label_id,)).fetchone()
            try:
                data = json.loads(row[0]) if row else {}
            except (ValueError, TypeError) as exc:
                raise Damaged(f"labels: {exc}") from None
            if not isinstance(data, dict):
                raise Damaged("labels")
            cache[label_id] = {str(k): str(v) for k, v in data.items()}
        return cache[label_id]  # shared between sessions: reports read headings, never change them

    def ratings(self, since: dt.date | None = None, until: dt.date | None = None,
                newest: int | None = None, authors: Sequence[str] | None = None
                ) -> list[tuple[Row, list[tuple[Any, ...]], dict[str, str]]]:
        """(log, its ratings, its headings) for every readable log that gave ratings (or the
        newest `newest` of them; by one of `authors` when given), oldest first."""
        where, args = self._where(since, until, authors=authors)
        order = "ORDER BY date, instant, name" if newest is None else \
            "ORDER BY date DESC, instant DESC, name DESC LIMIT ?"
        found = []
        for raw in self.db.execute(
                f"SELECT {_BRIEF}, ratings, labels FROM logs INDEXED BY logs_rated WHERE {where} "
                f"AND ratings != '[]' {order}", [*args, *([newest] if newest else [])]):
            try:
                ratings = json.loads(raw[_WIDTH] or "[]")
                checked = [(str(p), _question(p, q), as_number(float(v)),
                            None if t is None else int(t), str(lab), _group_from(g))
                           for p, q, v, t, lab, g in ratings]
            except (ValueError, TypeError) as exc:
                raise Damaged(f"ratings: {exc}") from None
            found.append((_row(raw[:_WIDTH]), checked, raw[_WIDTH + 1]))
        if newest is not None:
            found.reverse()
        return [(row, ratings, self._label_body(labels)) for row, ratings, labels in found]

    def rated(self, since: dt.date | None = None, until: dt.date | None = None,
              authors: Sequence[str] | None = None) -> int:
        """How many readable logs gave ratings (by one of `authors` when given)."""
        where, args = self._where(since, until, authors=authors)
        return int(self.db.execute(f"SELECT count(*) FROM logs INDEXED BY logs_rated WHERE "
                                   f"{where} AND ratings != '[]'", args).fetchone()[0])

    def meetings(self) -> list[tuple[Row, Meeting]]:
        """Every readable meeting with its actions and reviews (and people), oldest first."""
        found = []
        for raw in self.db.execute(
                f"SELECT {_BRIEF}, actions, reviews FROM logs WHERE problems IS NULL AND "
                "(actions != '[]' OR reviews != '[]') ORDER BY date, instant, name"):
            row = _row(raw[:_WIDTH])
            assert row.session is not None
            found.append((row, _with_actions(row.session.meeting or Meeting(), raw[_WIDTH],
                                             raw[_WIDTH + 1])))
        return found

    def remembered(self, key: str, seen_as: str) -> str | None:
        """A value worked out from the logs as they were at the look `seen_as` (the index's
        generation), or None when the logs have changed since, or it was never kept."""
        if not seen_as or self._meta("generation") != seen_as:
            return None
        return self._meta(f"{key}@{seen_as}")

    def remember(self, key: str, value: str, seen_as: str | None = None) -> None:
        """Keep a value worked out from the logs as they are now (forgotten when they change);
        with `seen_as`, only if they are still as they were at that look (its generation:
        another reflect may have seen one change while the value was worked out). Not while a
        log is racy (it may change without its stamp saying so)."""
        def write(db: sqlite3.Connection) -> None:
            # Looked at in the write lock: no other reflect moves the index on meanwhile.
            generation = self._meta("generation")
            if not generation or seen_as not in (None, generation) or db.execute(
                    "SELECT 1 FROM logs WHERE racy LIMIT 1").fetchone():
                return
            db.execute("DELETE FROM meta WHERE key LIKE ?", (f"{key}@%",))
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                       (f"{key}@{generation}", value))

        self._write_if_free(write)

    def kept(self, key: str) -> str | None:
        """A value kept with keep() (None when there is none)."""
        return self._meta(f"kept:{key}")

    def keep(self, family: str, key: str, value: str) -> None:
        """Keep a value that does not depend on the logs (a framework's prompt order, under the
        framework's digest), in place of any other of its `family` (a key starting with it)."""
        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM meta WHERE substr(key, 1, ?) = ?",
                       (len(f"kept:{family}"), f"kept:{family}"))
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (f"kept:{key}", value))

        self._write_if_free(write)

    def seen(self) -> str:
        """The index's generation: it changes whenever a log it knows changes."""
        return self._meta("generation") or ""

    def authors(self) -> list[Author]:
        """Everyone recorded as the author of a readable log (as their newest log says who
        they are), by name."""
        found: dict[str, Author] = {}
        for (data,) in self.db.execute(
                "SELECT author FROM logs WHERE problems IS NULL AND author IS NOT NULL "
                "ORDER BY date, instant, name"):
            try:
                author = _author_from(json.loads(data))
            except (ValueError, TypeError) as exc:
                raise Damaged(f"author: {exc}") from None
            found[author.id] = author
        return sorted(found.values(), key=lambda a: (a.name.casefold(), a.id))

    def ids(self) -> list[str]:
        """Every question and prompt id answered (or skipped) in any log."""
        rows = self.db.execute("SELECT DISTINCT prompt_id FROM texts WHERE kind = 'answer' "
                               "UNION SELECT DISTINCT section FROM texts WHERE kind = 'answer'")
        return [row[0] for row in rows if row[0]]

    def latest_answering(self, only: str, count: int, since: dt.date | None = None,
                         until: dt.date | None = None, authors: Sequence[str] | None = None,
                         *, once: bool = False
                         ) -> tuple[list[Row], int]:
        """The newest `count` readable logs that answered a question or prompt (oldest first,
        with those answers alone), and how many logs answered it in all. Only their texts
        are read: a prompt answered in 10,000 logs costs what the few shown cost. With `once`
        (a workspace), each session once: a sync tool's conflict copy repeats its id."""
        ids = [row[0] for row in self.db.execute(
            "SELECT id FROM texts WHERE (prompt_id = ? OR section = ?) AND kind = 'answer'",
            (only, only))]
        if not ids:
            return [], 0
        ids.sort()
        where, args = self._where(since, until, authors=authors)
        answering: list[tuple[int, str]] = []
        best: dict[str, tuple[int, str, int]] = {}  # of copies, the shortest name is kept
        for rowid, first, last, session_id, name in self.db.execute(
                f"SELECT rowid, first_text, last_text, id, name FROM logs WHERE {where} AND "
                "first_text IS NOT NULL ORDER BY date DESC, instant DESC, name DESC", args):
            at = bisect.bisect_left(ids, first)
            if at < len(ids) and ids[at] <= last:
                key = session_id if once else str(rowid)
                answering.append((rowid, key))
                mine = (len(name), name, rowid)
                if key not in best or mine < best[key]:
                    best[key] = mine
        holding = [rowid for rowid, key in answering if best[key][2] == rowid]
        found: list[Row] = []
        by_text: list[tuple[int, int, Session]] = []
        for rowid in reversed(holding[:count]):
            raw = self.db.execute(f"SELECT {_SUMMARY}, labels, first_text, last_text FROM logs "
                                  "WHERE rowid = ?", (rowid,)).fetchone()
            row = _row(raw[:_WIDTH])
            assert row.session is not None
            row.session.labels = self._label_body(raw[_WIDTH])
            found.append(row)
            by_text.append((raw[_WIDTH + 1], raw[_WIDTH + 2], row.session))
        texts: list[Any] = []
        for first, last, _ in sorted(by_text, key=lambda t: t[0]):
            texts += [text for text in self.db.execute(
                "SELECT id, position, kind, prompt_id, section, who, body, rating, rating_of, "
                "rating_label, spread FROM texts WHERE id BETWEEN ? AND ? ORDER BY id",
                (first, last))
                if (text[3] == only or text[4] == only) and text[2] in ("answer", "note")]
        _attach(texts, sorted(by_text, key=lambda t: t[0]))
        return found, len(holding)

    def search_candidates(self, words: Sequence[str], fts_query: str, since: dt.date | None,
                          until: dt.date | None, questions: Sequence[str],
                          authors: Sequence[str] | None = None
                          ) -> Iterator[tuple[Row, str, str, str, str, str]]:
        """Passages that may match, newest first: (log, kind, prompt id, section, who, text).
        The words are checked again by the caller."""
        where, args = self._where(since, until, authors=authors)
        # Only where each log's texts are, newest first; a log's summary is read when one of
        # its passages is yielded (a caller that wants the newest twenty stops early).
        logs = self.db.execute(
            f"SELECT rowid, first_text, last_text FROM logs WHERE {where} "
            "AND first_text IS NOT NULL ORDER BY date DESC, instant DESC, name DESC",
            args).fetchall()
        if self.fts:
            ids = sorted((row[0] for row in self.db.execute(
                "SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?", (fts_query,))),
                reverse=True)
        else:  # every passage: the caller checks the words
            ids = sorted((row[0] for row in self.db.execute(
                "SELECT id FROM texts WHERE body != ''")), reverse=True)
        if not ids:
            return

        starts = sorted((raw[1], i) for i, raw in enumerate(logs))
        keys = [s for s, _ in starts]
        hits: dict[int, list[int]] = {}
        for text_id in ids:
            at = bisect.bisect_right(keys, text_id) - 1
            if at >= 0:
                _, which = starts[at]
                if text_id <= logs[which][2]:
                    hits.setdefault(which, []).append(text_id)
        wanted = set(questions)
        for which in sorted(hits):
            raw = self.db.execute(f"SELECT {_SUMMARY}, labels FROM logs WHERE rowid = ?",
                                  (logs[which][0],)).fetchone()
            if raw is None:
                raise Damaged("logs")
            row = _row(raw[:_WIDTH])
            assert row.session is not None
            row.session.labels = self._label_body(raw[_WIDTH])
            marks = ",".join("?" * len(hits[which]))
            for _, kind, prompt_id, section, who, body in self.db.execute(
                    f"SELECT id, kind, prompt_id, section, who, body FROM texts WHERE id IN "
                    f"({marks}) ORDER BY id", hits[which]):
                if not isinstance(body, str):
                    raise Damaged("texts")
                if wanted and section not in wanted and prompt_id not in wanted:
                    continue
                yield (row, str(kind), str(prompt_id or ""), str(section or ""), str(who or ""),
                       str(body or ""))

    # -- remembered word diffs ---------------------------------------------------------------------
    def cached_diff(self, key: str) -> str | None:
        row = self.db.execute("SELECT tokens FROM diffs WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def save_diffs(self, found: dict[str, str]) -> None:
        if found:
            self._write_if_free(lambda db: db.executemany(
                "INSERT OR REPLACE INTO diffs (key, tokens) VALUES (?, ?)", found.items()))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


def diff_key(old: str, new: str) -> str:
    pair = f"{old}\0{new}".encode("utf-8", "surrogatepass")
    return f"{len(pair)}:{zlib.crc32(pair):08x}{zlib.adler32(pair):08x}"


# -- rows to the model and back --------------------------------------------------------------------
def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _list(text: Any) -> list[Any]:
    data = json.loads(text or "[]")
    if not isinstance(data, list):
        raise Damaged("list")
    return data


def _ratings(session: Session) -> list[list[Any]]:
    """The ratings a session gave, as history.ratings_of gives them (prompt, question, value,
    top of the scale, label, spread), as short as they can be said: the question as 0 when
    the prompt's id starts with it ("characteristics.trust"). Twelve ratings then fit, with
    the rest of a log's row, in one entry of the index trends reads (an entry longer than a
    thousand bytes takes a page of its own: the index was larger than the logs)."""
    # (Written out, not imported from compare: writing a log need not load the diffing.)
    return [[a.prompt_id, 0 if a.prompt_id.startswith(f"{a.section}.") else a.section,
             _short(a.rating), a.rating_of, a.rating_label, _group(a.group)]
            for a in session.answers if a.rating is not None]


def _question(prompt_id: Any, question: Any) -> str:
    """The question a stored rating belongs to (see _ratings)."""
    return str(prompt_id).partition(".")[0] if question == 0 else str(question)


def _short(value: Any) -> Any:
    """4.0 as 4 (a rating, a median), so that it is stored in one character."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _group(group: GroupRating | None) -> list[Any] | None:
    """A meeting's spread of ratings, as the index keeps it (the rating agreed last, left
    out when there is none)."""
    if group is None:
        return None
    kept = [_short(group.median), group.low, group.high, group.count]
    return kept if group.agreed is None else [*kept, group.agreed]


def _group_from(data: Any) -> GroupRating | None:
    """The spread _group stored (as a list, or its JSON text); Damaged if it is not one."""
    if data is None:
        return None
    try:
        median, low, high, count, *agreed = json.loads(data) if isinstance(data, str) else data
        if len(agreed) > 1:
            raise ValueError("too many values")
        return GroupRating(float(median), int(low), int(high), int(count),
                           int(agreed[0]) if agreed and agreed[0] is not None else None)
    except (ValueError, TypeError) as exc:
        raise Damaged(f"spread: {exc}") from None


def _person(person: Participant) -> list[Any]:
    return [person.name, person.organisation, person.sector, list(person.roles)]


def _author(author: Author) -> list[str]:
    return [author.name, author.organisation, author.sector, author.id]


def _author_from(data: Any) -> Author:
    name, organisation, sector, ident = data
    return Author(str(name), str(organisation), str(sector), str(ident))


def _action(action: Action) -> list[Any]:
    return [action.id, action.text, action.owner,
            action.due.isoformat() if action.due else None, action.section]


def _with_actions(meeting: Meeting, actions: Any, reviews: Any) -> Meeting:
    """The meeting with its actions and reviews, from the index's columns of them. Raises
    Damaged for anything reflect would not have written."""
    try:
        meeting.actions = [_action_from(a) for a in _list(actions)]
        meeting.reviews = [Review(_action_from(r[:5]), str(r[5])) for r in _list(reviews)]
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as exc:
        raise Damaged(f"actions: {exc}") from None
    return meeting


def _action_from(data: Any) -> Action:
    ident, text, owner, due, section = data
    return Action(id=str(ident), text=str(text), owner=str(owner or ""),
                  due=dt.date.fromisoformat(due) if due else None, section=str(section or ""))


# A journal of years repeats the same few values in every row: each is read once.
@functools.lru_cache(maxsize=4096)
def _sections(text: str) -> tuple[str, ...]:
    return tuple(str(s) for s in json.loads(text))


@functools.lru_cache(maxsize=8192)
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


#: What reading one log gives the index: its bytes' digest ("" when they cannot be read), and
#: either the session and the full-text words of its texts (None for a text without words),
#: or the problems ([path, line, key, message]) that stop it being read.
Prepared = tuple[str, "Session | None", "list[str | None] | None", "list[list[Any]] | None"]


def prepare(root: LogRoot, name: str, reader: Callable[[bytes, str], Session],
            with_words: bool) -> Prepared:
    """Read and parse one log (in this process or in a helper process)."""
    data: bytes | None = None
    downloaded = getattr(root, "downloaded", None)
    if downloaded is not None and not downloaded(name):
        from .folder import NOT_DOWNLOADED

        return "", None, None, [[str(root.path(name)), None, "", NOT_DOWNLOADED]]
    try:
        data = root.read(name)
        session = reader(data, str(root.path(name)))
    except LogError as error:
        # ASCII: a file name that is not UTF-8 comes back as it was, escapes and all.
        return (digest(data) if data is not None else "", None, None,
                [[p.path, p.line, p.key, p.message] for p in error.problems])
    words = fts_words(text_rows(session)) if with_words else None
    return digest(data), session, words, None


def _prepare_many(jobs: list[tuple[LogRoot, str, Callable[[bytes, str], Session], bool]]
                  ) -> list[Prepared]:
    return [prepare(*job) for job in jobs]


def text_rows(session: Session) -> list[tuple[Any, ...]]:
    """The rows of the texts table for a session's answers, notes, check-ins and actions."""
    rows: list[tuple[Any, ...]] = []
    for position, answer in enumerate(session.answers):
        group = _group(answer.group)
        rows.append((position, "answer", answer.prompt_id, answer.section, "", answer.text,
                     answer.rating, answer.rating_of, answer.rating_label,
                     None if group is None else _dumps(group)))
        rows += [(position, "note", answer.prompt_id, answer.section, note.speaker,
                  note.text, None, None, None, None) for note in answer.notes]
    meeting = session.meeting
    if meeting is not None:
        rows += [(-1, "checkin", None, None, who, text, None, None, None, None)
                 for who, text in meeting.checkin.items()]
        rows += [(-1, "action", None, a.section, a.owner, a.text, None, None, None, None)
                 for a in meeting.actions]
    return rows


def fts_words(rows: list[tuple[Any, ...]]) -> list[str | None]:
    from reflect_cli.domain.search import index_text

    return [index_text(row[5]) if row[5] else None for row in rows]


def _row(raw: Sequence[Any]) -> Row:
    """A Row from (root, name, id, date, created, title, kind, framework id, framework
    version, sections, answered, skipped, problems, people, author). Raises Damaged for
    anything reflect would not have written."""
    try:
        root, name = str(raw[0]), _name(raw[1])
        if raw[12] is not None:
            found = [Problem(str(p[0]), p[1] if isinstance(p[1], int) else None, str(p[2]),
                             str(p[3])) for p in json.loads(raw[12])]
            return Row(root, name, None, LogError(found, what=name))
        session = Session(
            id=str(raw[2]), date=_day(raw[3]), created=_moment(raw[4]),
            title=str(raw[5] or ""), kind=str(raw[6] or "journal"), framework_id=str(raw[7]),
            framework_version=str(raw[8] or ""), sections=list(_sections(raw[9])))
        if raw[13] is not None:
            session.meeting = Meeting(participants=[
                Participant(str(n), str(o), str(s), tuple(str(r) for r in roles))
                for n, o, s, roles in json.loads(raw[13])])
        if raw[14] is not None:
            session.author = _author_from(json.loads(raw[14]))
        return Row(root, name, session, None, int(raw[10]), int(raw[11]))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise Damaged(str(exc)) from None


def _attach(texts: Any, spans: list[tuple[int, int, Session]]) -> None:
    """Put answers and notes (rows in id order) on the sessions whose text ids hold them."""
    starts = [s for s, _, _ in spans]
    current: dict[int, Answer] = {}
    for (text_id, _position, kind, prompt_id, section, who, body, rating, rating_of, label,
         spread) in texts:
        at = bisect.bisect_right(starts, text_id) - 1
        if at < 0 or text_id > spans[at][1]:
            continue
        session = spans[at][2]
        if not isinstance(body, str) or not isinstance(prompt_id, str):
            raise Damaged("texts")
        if kind == "answer":
            session.answers.append(Answer(
                str(prompt_id), str(section or ""), text=body or "",
                rating=None if rating is None else as_number(rating), rating_of=rating_of,
                rating_label=label or "",
                group=_group_from(spread)))
            current[id(session)] = session.answers[-1]
        else:
            answer = current.get(id(session))
            if answer is None or answer.prompt_id != prompt_id:
                continue
            updated = Answer(answer.prompt_id, answer.section, answer.text, answer.rating,
                             answer.rating_of, answer.rating_label,
                             (*answer.notes, Note(str(who), str(body))), answer.group)
            session.answers[-1] = updated
            current[id(session)] = updated
