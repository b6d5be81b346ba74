"""The storage layer: the one way every command reads and writes logs and drafts.

    store = open_store(folder)          # the logs folder (--dir, REFLECT_DIR or the default)
    store.entries()                     # every log, newest first (unreadable ones say why)
    store.resolve("latest~1")           # find one log as people name it
    store.read(entry)                   # a whole session
    store.write(session)                # a new log: atomic, never overwriting, never twice
    store.replace(entry, session, version) / store.remove(entry, version)
    store.drafts() / save_draft / lock_draft / remove_draft

Behind it: one or more roots (today the folder; next a shared workspace), the index (a private
SQLite file in the user's cache, see index.py) and the drafts (a private folder of the user's
data, see drafts.py). A command never touches a log file itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reflect_cli.errors import BadInputError, LogError, NotFoundError

if TYPE_CHECKING:
    from reflect_cli.domain.compare import Differ, Token
from reflect_cli.domain.model import Author, Session
from reflect_cli.textsafe import is_safe

from . import files
from .base import LOG_SUFFIX, ConflictError, LogRoot, Version
from .drafts import LEGACY_FOLDER, Draft, DraftInUse, Drafts, drafts_home
from .folder import FolderRoot
from .index import Damaged, Index, Row, damaged, diff_key, digest, folder_key, unusable
from .names import log_name, whose
from .places import resolved

T = TypeVar("T")

_RELATIVE = re.compile(r"^latest(?:~(\d+))?$")
#: A text worked out from every log is kept in the index from this long (a list of about a
#: thousand sessions): a shorter one is quicker to make again than to keep.
_REMEMBER_FROM = 100_000
#: A framework's prompt order kept in the index is read back only up to this long (a framework
#: of a thousand prompts is some 40,000 characters): a longer one is not what reflect wrote.
_ORDER_MOST = 1_000_000


def _is_shared(root: LogRoot) -> bool:
    return getattr(root, "key", "") == "workspace"


def read_session(data: bytes, name: str) -> Session:
    """A session from a log file's bytes; LogError (naming the file) when it cannot be read.
    The reader checks every value it takes (the hostile-input tests fuzz it), so anything
    else it raises is a bug of reflect's, and shows as one."""
    from .logfile import parse_log

    return parse_log(files.decode(data, name), name)


class Entry:
    """A log in the store: where it is, and its session (without answers) or why it cannot be
    read. Its path is made when asked for (lists of thousands never need it)."""

    __slots__ = ("_folder", "_path", "answered", "error", "name", "note", "root", "session",
                 "skipped")

    def __init__(self, path: Path | None, session: Session | None = None,
                 error: LogError | None = None, answered: int = 0, skipped: int = 0,
                 root: str = "", name: str = "", folder: Path | None = None) -> None:
        self._path = path
        self._folder = folder
        self.session = session
        self.error = error
        self.answered = answered
        self.skipped = skipped
        self.root = root
        self.name = name or (path.name if path is not None else "")
        #: What a list says of it besides its kind, in a workspace: "private" (in this
        #: person's own folder, not shared); "" otherwise.
        self.note = ""

    @property
    def path(self) -> Path:
        if self._path is None:
            assert self._folder is not None
            self._path = self._folder / self.name
        return self._path

    def __repr__(self) -> str:
        return f"Entry({self.name!r}, {'unreadable' if self.session is None else 'readable'})"


def _progress(done: int, total: int) -> None:
    """A line on the terminal while a big index is built for the first time."""
    if not sys.stderr.isatty():
        return
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\rReading {total:,} logs into the index: {done:,} done{end}")
    sys.stderr.flush()


class Store:
    """Logs (in one or more roots), their index, and the drafts."""

    def __init__(self, roots: Sequence[LogRoot], drafts: Drafts) -> None:
        if not roots:
            raise ValueError("a store needs at least one root")
        self.roots = {root.key: root for root in roots}
        self.main = roots[0]
        self._drafts = drafts
        self._index: Index | None = None
        self._stale = False  # something was written since the index was last refreshed
        self._looked = ""  # "", "quick" or "full": how the index last looked at the logs
        self._warming: Any = None  # a thread opening the index ahead of need
        self._warmed: Index | None = None
        #: Drafts that could not be read and were moved out of the way: (where to, why).
        self.set_aside: list[tuple[Path, LogError]] = []
        #: Roots whose logs reading methods leave out (a meeting on a shared screen hides the
        #: facilitator's private folder, "logs", while a workspace is in use).
        self.hidden: frozenset[str] = frozenset()

    def _once(self, rows: Iterable[T], row_of: Callable[[T], Row] = lambda r: r  # type: ignore
              ) -> list[T]:
        """In a workspace, the rows of roots not hidden, each session once: a conflict copy
        (`name (1).md`, `name.sync-conflict-….md`) repeats a session id, and is never counted
        twice. The copy kept is the one with the shortest name (the sync tools lengthen it)."""
        if not self.hidden and "workspace" not in self.roots:
            return list(rows)  # outside a workspace, every log counts, as it always has
        shown = [item for item in rows if row_of(item).root not in self.hidden]
        best: dict[str, tuple[int, str, str]] = {}
        for item in shown:
            row = row_of(item)
            if row.session is not None:
                mine = (len(row.name), row.name, row.root)
                if row.session.id not in best or mine < best[row.session.id]:
                    best[row.session.id] = mine
        return [item for item in shown if (row := row_of(item)).session is None
                or best[row.session.id] == (len(row.name), row.name, row.root)]

    @property
    def location(self) -> Path:
        return self.main.location

    # -- the index, opened and refreshed once per command ----------------------------------------
    def warm_up(self) -> None:
        """Open and refresh the index in the background, while a person reads or types, so
        that the screens that need it (who is here, actions to review) come at once."""
        import threading

        if self._index is not None or self._warming is not None:
            return

        def work() -> None:
            self._tidy()  # (a look at every name in the folder: not before the first screen)
            try:
                index = Index(list(self.roots.values()), read_session, None)  # no progress line
                index.refresh(full=False)  # (a full look, 0.1 s of 20,000 stats, only if needed)
                self._warmed = index
            except (sqlite3.Error, Damaged, OSError, BadInputError):
                pass  # the command's own first use tries again, and says what is wrong

        self._warmed = None
        self._warming = threading.Thread(target=work, name="reflect-index", daemon=True)
        self._warming.start()

    @property
    def index(self) -> Index:
        """The index, after a full look at every log."""
        return self._look(full=True)

    def _look(self, full: bool) -> Index:
        """The index, after a look at the logs: a full one (every log's stamp), or a quick one
        (only each folder's stamp: enough for a command that shows a few logs, which it checks
        with _checked)."""
        if self._warming is not None:
            self._warming.join()
            self._warming = None
            if self._index is None and self._warmed is not None:
                self._index = self._warmed  # refreshed moments ago, while the person typed
                self._looked = "quick" if self._warmed.unverified else "full"
        if self._index is None:
            self._index = Index(list(self.roots.values()), read_session, _progress)
            self._looked = ""
        if self._stale:
            self._looked = ""
            self._stale = False
        if self._looked != "full" and (full or not self._looked):
            self._index.refresh(full=full)
            self._looked = "quick" if self._index.unverified else "full"
        return self._index

    def refresh(self) -> None:
        """Look at every log again (after writing one, say)."""
        self._stale = True
        self._look(full=True)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        for session_id in list(self._drafts._held):
            self._drafts.release(session_id)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _ask(self, question: Callable[[Index], T], *, full: bool = True) -> T:
        """Ask the index; if it holds what reflect did not write, build it again and ask once
        more (never a traceback for a damaged index)."""
        index = self._look(full)
        try:
            return question(index)
        except (sqlite3.DatabaseError, Damaged) as exc:
            if unusable(exc):
                index.temporary()
            elif damaged(exc):
                index.rebuild()
            else:
                raise
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError,
                RecursionError):
            # A value of the wrong kind in the index (reflect never writes one; JSON nested
            # too deep to read): build it again from the logs. Asked again below, a bug of
            # reflect's still shows itself.
            index.rebuild()
        self._looked = "full"
        return question(index)

    def _shown(self, question: Callable[[Index], list[Row]], *, confirm_none: bool = True
               ) -> list[Row]:
        """Rows for a command that shows a few logs: after a quick look, checked one by one;
        if any was edited in place since the index read it (or none was found, unless
        `confirm_none` is False), after a full look after all."""
        rows = self._ask(question, full=False)
        if self._looked == "quick" and self._index is not None and (
                (confirm_none and not rows) or (
                self._index.changed([(row.root, row.name) for row in rows]))):
            return self._ask(question)
        return rows

    def _entry(self, row: Row) -> Entry:
        return Entry(None, row.session, row.error, row.answered, row.skipped, row.root,
                     row.name, folder=self.roots[row.root].location)

    # -- reading -----------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every log, newest first; those that cannot be read (last) say why."""
        return [self._entry(row) for row in self._ask(lambda i: i.rows())]

    def unreadable(self) -> list[Entry]:
        return [self._entry(row) for row in self._ask(lambda i: i.unreadable(), full=False)]

    def count(self) -> int:
        """How many logs can be read (each session once, when a root holds a conflict copy)."""
        if not self.hidden and "workspace" not in self.roots:
            return self._ask(lambda i: i.count(), full=False)
        return len(self.newest())

    def newest_as_last_seen(self, count: int, *, with_people: bool = False) -> list[Entry]:
        """As newest(), at once: from the index as the last command left it, while the look at
        the logs goes on in the background (for a screen a room of people is waiting for).
        When the index knows nothing yet, it waits for that look after all."""
        if self._index is None and self._warming is not None and self._warming.is_alive():
            rows: list[Row] = []
            with contextlib.suppress(sqlite3.Error, Damaged, OSError, BadInputError):
                quick = Index(list(self.roots.values()), read_session, None)
                try:
                    rows = quick.find(newest=count, with_people=with_people)
                finally:
                    quick.close()
            if rows:
                return [self._entry(row) for row in self._once(rows)]
        return self.newest(count, with_people=with_people)

    def newest(self, count: int | None = None, *, kind: str | None = None,
               with_people: bool = False) -> list[Entry]:
        """The newest readable logs (all, or `count`), newest first."""
        if not self.hidden and "workspace" not in self.roots:
            return [self._entry(row) for row in self._shown(
                lambda i: i.find(newest=count, kind=kind, with_people=with_people))]
        asked = None if count is None else count + 1

        def question(n: int | None) -> Callable[[Index], list[Row]]:
            return lambda i: i.find(newest=n, kind=kind, with_people=with_people)

        while True:
            rows = self._shown(question(asked))
            kept = self._once(rows)
            # Copies and hidden logs left out: ask for more until there are `count` and one
            # more (a session's copies come together: all of the last one's are then seen), or
            # no more.
            if count is None or len(kept) > count or asked is None or len(rows) < asked:
                return [self._entry(row) for row in kept[:count]]
            asked *= 2

    def resolve(self, reference: str) -> Entry:
        """A log by file name or path, date, unique start of a name, `latest` or `latest~N`."""
        as_path = Path(reference).expanduser()
        if as_path.suffix == LOG_SUFFIX and as_path.is_file():
            for key, root in self.roots.items():
                if resolved(as_path).parent == resolved(root.location):
                    return Entry(root.path(as_path.name), root=key, name=as_path.name)
            return Entry(as_path)  # a log from elsewhere, read as it is
        relative = _RELATIVE.match(reference.strip())
        if relative:
            back = int(relative.group(1) or 0)
            found = self._shown(lambda i: i.find(newest=1, offset=back)) if back < 2**62 else []
            if not found:
                count = self.count()
                raise NotFoundError(
                    f"there {'is' if count == 1 else 'are'} only {count} session"
                    f"{'' if count == 1 else 's'} in {self.location}, so '{reference}' does "
                    "not exist", hint="See them all with: reflect list")
            return self._entry(found[0])
        exact = self._shown(lambda i: i.by_name(reference) or i.by_name(reference + LOG_SUFFIX))
        if exact:
            return self._entry(exact[0])
        matches = [self._entry(row) for row in self._shown(lambda i: i.by_prefix(reference))]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"no session matches '{reference}' in {self.location}",
                                hint="Give a file name, a date (2026-03-12), the start of a "
                                "file name, 'latest' or 'latest~1'. See them all with: "
                                "reflect list")
        names = sorted(e.name for e in matches)
        listing = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
        raise NotFoundError(f"'{reference}' matches {len(matches)} sessions: {listing}",
                            hint="Give more of the file name.")

    def read_bytes(self, entry: Entry) -> bytes:
        if entry.root:
            return self.roots[entry.root].read(entry.name)
        return files.read_bytes(entry.path)

    def read(self, entry: Entry) -> Session:
        """The whole session of a log, answers included."""
        return read_session(self.read_bytes(entry), str(entry.path))

    def read_compared(self, entry: Entry) -> Session:
        """The session of a log with what reports compare (answers and notes, headings,
        people, actions and reviews; not its check-ins, timings or each person's ratings): from
        the index when it holds the log as it is (as found by newest() or resolve()), without
        parsing it again; else read from the file."""
        if entry.session is not None and entry.root:
            row = self._ask(lambda i: i.compared((entry.root, entry.name)), full=False)
            if row is not None and row.session is not None:
                return row.session
        return self.read(entry)

    def shown_text(self, entry: Entry) -> str:
        """A log's text as `reflect show` shows it: as written, with its title and the line
        under it said as `reflect list` says them. A log the index knows (and checked as
        unchanged when it was found) is not parsed again."""
        from .logfile import with_current_header

        if entry.session is not None and entry.root:
            text = files.decode(self.read_bytes(entry), str(entry.path))
            return with_current_header(text, entry.session, (entry.answered, entry.skipped))
        session, text, _ = self.read_with_text(entry)  # one that cannot be read says why
        return with_current_header(text, session)

    def read_with_text(self, entry: Entry) -> tuple[Session, str, Version | None]:
        """The session, the log's text as it is in the file, and its version (to change it)."""
        version = self.roots[entry.root].version(entry.name) if entry.root else None
        data = self.read_bytes(entry)
        return read_session(data, str(entry.path)), files.decode(data, str(entry.path)), version

    def with_answers(self, since: dt.date | None = None, until: dt.date | None = None, *,
                     only: str | None = None, newest_first: bool = False,
                     authors: Sequence[str] | None = None) -> list[tuple[str, Session]]:
        """(file name, session with its answers and headings), in time order (only those
        written by `authors`, person ids, when given)."""
        rows = self._once(self._ask(lambda i: i.with_answers(
            since, until, only=only, newest_first=newest_first, authors=authors)))
        return [(row.name, row.session) for row in rows if row.session is not None]

    def latest_answering(self, only: str, count: int, since: dt.date | None = None,
                         until: dt.date | None = None, authors: Sequence[str] | None = None
                         ) -> tuple[list[tuple[str, Session]], int]:
        """The newest `count` sessions that answered a question or prompt, oldest first (file
        name, session with those answers), and how many sessions answered it in all."""
        total = 0

        def question(index: Index) -> list[Row]:
            nonlocal total
            rows, total = index.latest_answering(only, count, since, until, authors,
                                                 once="workspace" in self.roots)
            return rows

        rows = self._once(self._shown(question))
        return [(row.name, row.session) for row in rows if row.session is not None], total

    def ratings(self, since: dt.date | None = None, until: dt.date | None = None,
                newest: int | None = None, authors: Sequence[str] | None = None
                ) -> list[tuple[str, Session, list[tuple[Any, ...]]]]:
        """(file name, session, its ratings) of the sessions that gave ratings (the newest
        `newest` of them; written by `authors`, person ids, when given), oldest first."""
        found = []
        for row, ratings, labels in self._once(self._ask(lambda i: i.ratings(since, until,
                                                                             newest, authors)),
                                               lambda r: r[0]):
            assert row.session is not None
            row.session.labels = labels
            found.append((row.name, row.session, ratings))
        return found

    def rated(self, since: dt.date | None = None, until: dt.date | None = None,
              authors: Sequence[str] | None = None) -> int:
        """How many sessions gave ratings (a sync tool's copies counted as they are)."""
        return self._ask(lambda i: i.rated(since, until, authors))

    def meetings(self) -> list[tuple[str, dt.date, str, Any]]:
        """(session id, date, created, meeting with its actions and reviews) of every
        readable meeting, oldest first: what `meeting.track_actions` takes."""
        return [(row.session.id, row.session.date, row.session.created.isoformat(), meeting)
                for row, meeting in self._once(self._ask(lambda i: i.meetings()), lambda r: r[0])
                if row.session is not None]

    def open_actions(self) -> list[Any]:
        """The actions still open (or carried over), tracked across every meeting, oldest
        first. Worked out once after the logs change, and kept in the index till they do again
        (a journal of years of meetings has tens of thousands of actions, a handful open)."""
        from reflect_cli.domain.meeting import track_actions

        # Kept for each view: every root, or some hidden (a meeting on a shared screen).
        key = "open-actions" + "".join(f"-without-{root}" for root in sorted(self.hidden))
        index = self._look(full=False)
        kept = _remembered_actions(index, key)
        if kept is not None and self._looked == "quick":
            # Trusted after a quick look unless a log they came from was edited in place.
            sources = {t.session_id for t in kept}
            rows = [row for sid in sources for row in index.find(session_id=sid)]
            if len(rows) >= len(sources) and not index.changed([(r.root, r.name)
                                                                  for r in rows]):
                return kept
            index = self._look(full=True)
            kept = _remembered_actions(index, key)
        if kept is not None:
            return kept
        seen = self._look(full=True).seen()  # (as meetings() looks: kept only if still so)
        found = [t for t in track_actions(self.meetings()) if t.is_open]
        index.remember(key, json.dumps([_tracked_data(t) for t in found], ensure_ascii=False),
                       seen)
        return found

    def framework_order(self, text: bytes, work_out: Callable[[], list[str]]) -> list[str]:
        """A framework's prompt ids in order, kept in the index under the framework's digest
        (worked out once by `work_out`, which reads its YAML, and not again until it changes)."""
        key = f"framework-order:{digest(text)}"
        kept = self._ask(lambda i: i.kept(key), full=False)
        if kept is not None and len(kept) <= _ORDER_MOST:  # (else: slow to read, every time)
            with contextlib.suppress(ValueError, RecursionError):  # (nested too deep)
                order = json.loads(kept)
                if isinstance(order, list) and all(isinstance(p, str) for p in order):
                    return order
        order = work_out()
        if len(value := json.dumps(order, ensure_ascii=False)) <= _ORDER_MOST:
            self._look(full=False).keep("framework-order:", key, value)
        return order

    def remembered_text(self, key: str, variant: str, make: Callable[[], str]) -> str:
        """A long text worked out from every log (the list of 20,000 sessions, say), kept in
        the index after a full look until a log changes: `make` makes it when it is not kept
        for this `variant` (how it was asked for: format, width, options; only the last
        variant asked is kept). A short text is made each time, and not kept."""
        asked = json.dumps(variant)  # one line, whatever the options hold
        # (Asked as any question is: the kept text is the most of the index, the likeliest
        # to be damaged on disk, and a damaged index is built again, never a traceback.)
        seen = self._ask(lambda i: i.seen())
        kept = self._ask(lambda i: i.remembered(key, seen))
        if kept is not None:
            line, _, text = kept.partition("\n")
            if line == asked and is_safe(text):  # (what reflect shows never holds a control)
                return text
        text = make()
        if len(text) >= _REMEMBER_FROM:  # (not if another reflect saw a log change meanwhile)
            self._look(full=True).remember(key, f"{asked}\n{text}", seen)
        return text

    def ids(self) -> list[str]:
        return self._ask(lambda i: i.ids(), full=False)

    def authors(self) -> list[Author]:
        """Everyone recorded as the author of a readable log, by name."""
        return self._ask(lambda i: i.authors())

    def differ(self) -> tuple[Differ, Callable[[], None]]:
        """A word diff that remembers its results in the index, and the function that saves
        the new ones."""
        import json

        from reflect_cli.domain.compare import DIFF_RULES, word_diff

        index = self._look(full=False)  # only reads and adds diffs of texts already shown
        new: dict[str, str] = {}

        def cached(old: str, changed: str) -> Sequence[Token]:
            key = f"{DIFF_RULES}:{diff_key(old, changed)}"  # diffs by older rules: not used
            found = index.cached_diff(key)
            if found is not None:
                try:
                    tokens = [(op, str(text)) for op, text in json.loads(found)]
                    if all(op in ("equal", "delete", "insert") for op, _ in tokens):
                        return tokens
                except (ValueError, TypeError, RecursionError):
                    pass  # not what reflect wrote: work it out again
            result = word_diff(old, changed)
            new[key] = json.dumps(result, ensure_ascii=False)
            return result

        return cached, lambda: index.save_diffs(new)

    def search(self, text: str, *, since: dt.date | None = None, until: dt.date | None = None,
               questions: Sequence[str] = (), limit: int | None = None,
               authors: Sequence[str] | None = None) -> list[Any]:
        """Every answer, note, check-in line and action holding all the words, newest first
        (the newest `limit` of them)."""
        from reflect_cli.domain.search import Hit, fts_query, matches, parse_query, spans

        query = parse_query(text)
        hits: list[Any] = []

        def question(index: Index) -> list[tuple[Any, ...]]:
            found = []
            for candidate in index.search_candidates(query.all_words, fts_query(query), since,
                                                     until, questions, authors):
                if matches(query, candidate[-1]):
                    found.append(candidate)
                    if limit is not None and len(found) >= limit:
                        break
            return found

        for row, kind, prompt_id, _section, who, body in self._ask(question):
            session = row.session
            assert session is not None
            meeting = session.meeting
            name = meeting.name(who) if meeting is not None and who else who
            label = session.labels.get(prompt_id, prompt_id) if prompt_id else ""
            hits.append(Hit(file=row.name, session_id=session.id, date=session.date,
                            title=session.display_title,
                            kind={"checkin": "check-in"}.get(kind, kind), prompt_id=prompt_id,
                            label=label, who=name, text=body,
                            marks=tuple(spans(query, body))))
        return hits

    # -- writing -----------------------------------------------------------------------------------
    def find_id(self, session_id: str) -> Entry | None:
        """The log written for this session, if there is one."""
        # A log for this session can only have come by a write (reflect's, a copy, a sync),
        # which the quick look sees: not finding it is not a reason to look at every log.
        found = self._shown(lambda i: i.find(session_id=session_id), confirm_none=False)
        return self._entry(found[0]) if found else None

    def write(self, session: Session) -> Path:
        """Write a new log for the session, never replacing a file, and never twice: if its
        log is already written (a kill between writing it and removing the draft), that log's
        path is returned."""
        from .logfile import render_log

        existing = self.find_id(session.id)
        if existing is not None:
            return existing.path
        text = render_log(session)
        # In a workspace, meetings are the partnership's: they go to its folder.
        root = self.roots.get("workspace", self.main) if session.kind == "meeting" else self.main
        for attempt in range(1, 10_000):
            name = log_name(session, attempt, shared=_is_shared(root))
            try:
                root.create(name, text)
                self._stale = True
            except FileExistsError:
                continue
            except OSError as exc:
                raise BadInputError(f"cannot write the log {root.path(name)}: {exc.strerror}",
                                    hint="Check the folder (space left, permissions), or "
                                         "give another with --dir.") from None
            return root.path(name)
        raise BadInputError(f"too many logs named like {log_name(session)} in {root.location}")

    def replace(self, entry: Entry, session: Session, expected: Version) -> None:
        """Write a changed session over its log, only if the file has not changed since it
        was read (ConflictError otherwise: nothing is lost)."""
        from .logfile import render_log

        if not entry.root:
            raise ConflictError(f"{entry.path} is not in {self.location}")
        self.roots[entry.root].replace(entry.name, render_log(session), expected)
        self._stale = True

    def remove(self, entry: Entry, expected: Version) -> None:
        """Remove a log, only if it has not changed since it was read."""
        if not entry.root:
            raise ConflictError(f"{entry.path} is not in {self.location}")
        self.roots[entry.root].remove(entry.name, expected)
        self._stale = True

    def move(self, entry: Entry, to: str, expected: Version, session: Session | None = None
             ) -> Path:
        """Move a log to another root (sharing, unsharing), never overwriting there; only if it
        has not changed since it was read (ConflictError), checked before anything is copied.
        With `session`, that session is written there (its author added, say) instead of the
        log's text as it is."""
        now = self.roots[entry.root].version(entry.name)
        if now is None or now.stamp != expected.stamp:
            raise ConflictError(f"{entry.path} has changed since it was read, so it was left "
                                "where it is", hint="Run the command again.")
        data = self.read_bytes(entry)
        target = self.roots[to]
        name = entry.name
        written = session or entry.session
        if _is_shared(target) and written is not None and not name.endswith(
                whose(written) + LOG_SUFFIX):
            name = name[: -len(LOG_SUFFIX)] + whose(written) + LOG_SUFFIX  # (see log_name)
        if session is not None:
            from .logfile import render_log

            text = render_log(session)
        else:
            text = files.decode(data, str(entry.path))
        stem = name[: -len(LOG_SUFFIX)]
        for attempt in range(1, 10_000):
            candidate = name if attempt == 1 else f"{stem}-{attempt}{LOG_SUFFIX}"
            try:
                target.create(candidate, text)
            except FileExistsError:
                continue
            self.roots[entry.root].remove(entry.name, expected)
            self._stale = True
            return target.path(candidate)
        raise BadInputError(f"too many logs named like {name} in {target.location}")

    def conflicts(self) -> list[list[Entry]]:
        """Logs that share one session id (two copies of one session), each group by name."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries():
            if entry.session is not None:
                groups.setdefault(entry.session.id, []).append(entry)
        return [sorted(g, key=lambda e: e.name) for g in groups.values() if len(g) > 1]

    # -- drafts ------------------------------------------------------------------------------------
    def drafts(self) -> list[Draft]:
        """Unfinished sessions, newest first. A draft whose log is already written is removed
        (a kill came between the two); one that cannot be read is moved aside and recorded in
        `set_aside` (where it went, and why), for the caller to tell the person."""
        found = []
        for draft in self._drafts.all():
            if draft.session is None:
                if draft.holder is None and draft.error is not None:
                    with contextlib.suppress(OSError):
                        self.set_aside.append((self._drafts.set_aside(draft), draft.error))
                continue
            if draft.holder is None and self.find_id(draft.session.id) is not None:
                with contextlib.suppress(DraftInUse):  # taken up this moment: leave it be
                    self._drafts.remove(draft.session.id)
                    continue
            found.append(draft)
        return found

    def save_draft(self, session: Session) -> Path:
        from .logfile import render_log

        try:
            return self._drafts.save(session, render_log(session))
        except OSError as exc:
            raise BadInputError(f"cannot save the unfinished session in "
                                f"{self._drafts.folder}: {exc.strerror}") from None

    def lock_draft(self, session_id: str) -> None:
        self._drafts.lock(session_id)

    def remove_draft(self, session_id: str) -> None:
        self._drafts.remove(session_id)

    @property
    def drafts_folder(self) -> Path:
        return self._drafts.folder

    def tidy(self) -> None:
        """Clear away what killed writes left behind: now, or in the background when the
        index is being warmed up (warm_up does it there: in a folder of 20,000 logs, looking
        at every name took 11 ms before the title screen)."""
        if self._warming is None:
            self._tidy()

    def _tidy(self) -> None:
        for root in self.roots.values():
            root.tidy()

    def on_day(self, day: dt.date) -> list[Entry]:
        """The readable logs of this day (by the date in their front matter), newest first."""
        return [self._entry(row) for row in self._shown(lambda i: i.find(since=day, until=day))]

    def add(self, session: Session, text: str) -> Path:
        """Write a log brought from elsewhere (reflect import) exactly as its text is, under a
        new name in the main folder, never replacing a file. The caller checks that no log of
        this session is here already (find_id)."""
        root = self.main
        for attempt in range(1, 10_000):
            name = log_name(session, attempt, shared=_is_shared(root))
            try:
                root.create(name, text)
            except FileExistsError:
                continue
            except OSError as exc:
                raise BadInputError(f"cannot write the log {root.path(name)}: {exc.strerror}",
                                    hint="Check the folder (space left, permissions).") from None
            self._stale = True
            return root.path(name)
        raise BadInputError(f"too many logs named like {log_name(session)} in {root.location}")


def _remembered_actions(index: Index, key: str) -> list[Any] | None:
    """The open actions worked out from the logs as the index last saw them, if kept."""
    try:
        seen = index.seen()
        kept = index.remembered(key, seen) if seen else None
    except sqlite3.DatabaseError:  # (not UTF-8: never what reflect wrote) worked out again
        return None
    if kept is None:
        return None
    with contextlib.suppress(ValueError, TypeError, KeyError, IndexError, RecursionError):
        return [_tracked_from(item) for item in json.loads(kept)]
    return None


def _tracked_data(tracked: Any) -> dict[str, Any]:
    action = tracked.action
    return {"id": action.id, "text": action.text, "owner": action.owner,
            "due": action.due.isoformat() if action.due else None, "section": action.section,
            "session": tracked.session_id, "date": tracked.date.isoformat(),
            "status": tracked.status,
            "history": [[d.isoformat(), status] for d, status in tracked.history]}


def _tracked_from(data: dict[str, Any]) -> Any:
    from reflect_cli.domain.meeting import Action, TrackedAction

    action = Action(id=str(data["id"]), text=str(data["text"]), owner=str(data["owner"]),
                    due=dt.date.fromisoformat(data["due"]) if data["due"] else None,
                    section=str(data["section"]))
    return TrackedAction(action, str(data["session"]), dt.date.fromisoformat(data["date"]),
                         str(data["status"]),
                         tuple((dt.date.fromisoformat(d), str(st)) for d, st in data["history"]))


def open_store(folder: Path, roots: Iterable[LogRoot] = ()) -> Store:
    """The store of a logs folder (and any further roots)."""
    main = FolderRoot(folder)
    key = folder_key(str(resolved(folder)))
    drafts = Drafts(drafts_home() / key, read_session, legacy=folder / LEGACY_FOLDER)
    return Store([main, *roots], drafts)
