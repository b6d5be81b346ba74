"""The reports people read: compare, history, trends, actions and search, loaded through the
storage layer. Each loader returns the report and the logs left out because they cannot be read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from reflect_cli.errors import BadInputError

if TYPE_CHECKING:  # each loader imports what it needs: `reflect actions` needs no diffing
    from reflect_cli.domain.compare import Comparison
    from reflect_cli.domain.history import History, Trends
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.model import Framework, Session
    from reflect_cli.domain.search import SearchResults
    from reflect_cli.storage import Entry, Store

T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    """A report, and the logs left out of it because they cannot be read."""

    report: T
    left_out: list[Entry] = field(default_factory=list)
    #: A line that says how reflect chose what it shows (compare with no sessions named).
    note: str = ""


def _no_sessions(store: Store, left_out: Sequence[Entry]) -> BadInputError:
    return BadInputError(f"there are no sessions in {store.location} yet"
                         + (f" that can be read ({len(left_out)} cannot)" if left_out else ""),
                         hint="Start one with: reflect session")


def load_comparison(store: Store, first: str | None = None, second: str | None = None, *,
                    questions: Sequence[str] = (), only_changed: bool = False,
                    order: Callable[[], Sequence[str]] | None = None) -> Loaded[Comparison]:
    """Compare two sessions named as `reflect show` names them (with one named: that one and
    the latest; with none: the latest and the latest earlier session that shares prompts with
    it, and a note saying which and why). The older one is always `before`. Questions come in
    the framework's order (`order` gives its prompt ids, asked only for two sessions that asked
    different prompts: the same prompts come in the order both have; see framework_order)."""
    from reflect_cli.app.finding import find_session
    from reflect_cli.domain.compare import chronological, compare_sessions, select_questions

    left_out = store.unreadable()
    note = ""
    if first is None or second is None:
        readable = store.count()
        if readable < 2:
            raise BadInputError(
                f"reflect compare needs two sessions, and {store.location} has "
                f"{'none' if readable == 0 else 'only one'}"
                + (f" that can be read ({len(left_out)} cannot)" if left_out else ""),
                hint="Add a session with: reflect session")
    if first is None:
        pair, note = _latest_pair(store)
    else:
        refs = [first, second or "latest"]
        entries = [find_session(store, ref) for ref in refs]
        if entries[0].path == entries[1].path:
            raise BadInputError(f"'{refs[0]}' and '{refs[1]}' are the same session "
                                f"({entries[0].path.name})",
                                hint="Give two different sessions, for example: reflect "
                                     "compare latest~1 latest")
        pair = [(entry.name, store.read_compared(entry)) for entry in entries]
    (before_file, before), (after_file, after) = chronological(pair)
    same = [a.prompt_id for a in before.answers] == [a.prompt_id for a in after.answers]
    in_order = order() if order is not None and not same else ()
    comparison = compare_sessions(before, after, before_file, after_file, in_order)
    present = {q.id for q in comparison.questions}
    known = store.ids() if any(q not in present for q in questions) else ()
    return Loaded(select_questions(comparison, questions, only_changed, known), left_out, note)


def framework_order(store: Store, path: Path | None) -> list[str]:
    """The prompt ids of a framework file (the bundled one when `path` is None) in order. The
    bundled framework's are kept in the index, so that a comparison need not read its YAML
    each time; a framework file named on the command line is read (and checked) each time."""
    def work_out() -> list[str]:
        from reflect_cli.inputs.framework import load_framework

        return [prompt.id for _, prompt in load_framework(path).prompts()]

    if path is not None:
        return work_out()
    import reflect_cli  # where the bundled framework is (importlib.resources costs 2 ms more)

    try:
        text = (Path(reflect_cli.__file__).parent / "data" / "framework.yaml").read_bytes()
    except OSError:  # installed in a way that hides it (a zip): read as load_framework does
        return work_out()
    return store.framework_order(text, work_out)


def _latest_pair(store: Store) -> tuple[list[tuple[str, Session]], str]:
    """The latest session and the latest earlier one of the same kind and author (a meeting
    with a meeting, a person's entry with their own) that asked a prompt it asked (read one by
    one, newest first, until one does), and a line saying which and why. When none did, the
    one of the same kind and author just before it; when there is none of those, the one just
    before it, whatever it is (and the line says so)."""
    from reflect_cli.domain.compare import describe_session

    entries = store.newest(2)
    latest = store.read_compared(entries[0])
    asked = {a.prompt_id for a in latest.answers}
    mine = _same_kind_and_author(latest)
    chosen: tuple[str, Session] | None = None
    alike: tuple[str, Session] | None = None  # the latest earlier one of the same kind, author
    passed = 0  # sessions of the same kind and author read that asked none of the same prompts
    looked = 1
    count = 2
    while True:  # a few at a time: a journal of years holds thousands
        for entry in entries[looked:]:
            looked += 1
            if entry.session is not None and not mine(entry.session):
                continue
            session = store.read_compared(entry)
            if not mine(session):
                continue
            if alike is None:
                alike = (entry.name, session)
            if asked & {a.prompt_id for a in session.answers}:
                chosen = (entry.name, session)
                break
            passed += 1
        if chosen is not None or len(entries) < count:
            break
        count *= 8
        entries = store.newest(count)
    newest = describe_session(latest, entries[0].name)
    kind = "meeting" if latest.kind == "meeting" else "journal entry"
    who = f" by {latest.author.name}" if latest.author is not None else ""
    if chosen is None and alike is None:
        session = store.read_compared(entries[1])
        return [(entries[1].name, session), (entries[0].name, latest)], (
            f"Comparing the latest session, {newest}, with the one before it, "
            f"{describe_session(session, entries[1].name)}: there is no earlier {kind}{who}. "
            "To choose, name two: reflect compare A B")
    if chosen is None:
        assert alike is not None
        return [alike, (entries[0].name, latest)], (
            f"Comparing the latest session, {newest}, with the {kind}{who} before it, "
            f"{describe_session(alike[1], alike[0])}: no earlier {kind}{who} asked any of "
            "the same prompts. To choose, name two: reflect compare A B")
    shared = len(asked & {a.prompt_id for a in chosen[1].answers})
    prompts = f"{shared} prompt{'s' if shared != 1 else ''}"
    earlier = describe_session(chosen[1], chosen[0])
    if passed == 0:
        why = f"the {kind}{who} before it, which asked {prompts} of the same"
    else:
        kinds = "meetings" if latest.kind == "meeting" else "journal entries"
        between = f"the {kind}" if passed == 1 else f"the {passed} {kinds}"
        why = (f"the latest earlier {kind}{who} that asked any of the same prompts ({prompts}; "
               f"{between} in between asked none of them)")
    return [chosen, (entries[0].name, latest)], (
        f"Comparing the latest session, {newest}, with {earlier}: {why}.")


def _same_kind_and_author(latest: Session) -> Callable[[Session], bool]:
    """Is a session of the latest's kind, and written by the same person (by person id; a
    log with no author goes with others that have none)?"""
    author = latest.author.id if latest.author is not None else None

    def alike(session: Session) -> bool:
        return session.kind == latest.kind and (
            session.author.id if session.author is not None else None) == author

    return alike


def load_history(store: Store, target: str, *, since: dt.date | None = None,
                 until: dt.date | None = None, only_changed: bool = False,
                 limit: int | None = None, author: str | None = None) -> Loaded[History]:
    """Every answer to a prompt, or to each prompt of a question, oldest first (with `limit`,
    those of the latest `limit` sessions that asked it; with `author`, only in the logs that
    person wrote: see identity.author_ids)."""
    from dataclasses import replace

    from reflect_cli.domain.dates import check_range
    from reflect_cli.domain.history import build_history

    check_range(since, until)
    authors = _authors(store, author)
    left_out = store.unreadable()
    if limit is not None and not only_changed:
        # Only the sessions shown, and the one before them (what the first is compared with).
        sessions, total = store.latest_answering(target, limit + 1, since, until, authors)
    else:
        sessions = store.with_answers(since, until, only=target, authors=authors)
        total = len(sessions)
    if not sessions and not store.count():
        raise _no_sessions(store, left_out)
    known = store.ids() if not any(s.answers for _, s in sessions) else ()
    differ, save = store.differ()
    history = build_history(sessions, target, since=since, until=until,
                            only_changed=only_changed, known=known, differ=differ, limit=limit)
    save()
    if limit is not None:
        shown = {e.session.file or e.session.id for p in history.prompts for e in p.entries}
        older = min((e.session.date for p in history.prompts for e in p.entries), default=None)
        earlier = sum(1 for _, s in sessions if older is not None and s.date < older) \
            if only_changed else total - len(shown)
        history = replace(history, earlier=max(0, earlier))
    return Loaded(history, left_out)


def _authors(store: Store, author: str | None) -> list[str] | None:
    """The person ids --author names (None: everyone's logs)."""
    if author is None:
        return None
    from reflect_cli.app.identity import author_ids

    return author_ids(store, author)


def load_sessions(store: Store, author: str | None = None) -> list[Entry]:
    """Every log, newest first, those that cannot be read last (with `author`: only the logs
    that person wrote)."""
    entries = store.entries()
    ids = _authors(store, author)
    if ids is None:
        return entries
    return [e for e in entries
            if e.session is not None and e.session.author is not None
            and e.session.author.id in ids]


def load_trends(store: Store, *, since: dt.date | None = None, until: dt.date | None = None,
                questions: Sequence[str] = (), only_changed: bool = False,
                framework: Callable[[], Framework] | None = None,
                limit: int | None = None, author: str | None = None) -> Loaded[Trends]:
    """The ratings across sessions, for each rated prompt (with the framework's whole rating
    scale, when the ratings were given on it: `framework` loads it, only when the ratings
    leave some words of the scale out); with `limit`, of the latest `limit` sessions that gave
    ratings; with `author`, only in the logs that person wrote (see identity.author_ids)."""
    from dataclasses import replace

    from reflect_cli.domain.dates import check_range
    from reflect_cli.domain.history import trends_of_ratings

    check_range(since, until)
    authors = _authors(store, author)
    left_out = store.unreadable()
    rated = store.ratings(since, until, limit, authors)
    earlier = max(0, store.rated(since, until, authors) - len(rated)) if limit is not None and \
        len(rated) >= limit else 0
    if not rated and not store.count():
        raise _no_sessions(store, left_out)
    trends = trends_of_ratings(rated, since=since, until=until, question_ids=questions,
                               only_changed=only_changed)
    top = max((t.scale_top for t in trends.trends), default=0)
    if framework is not None and len(trends.scale_labels) < top:  # some words left out
        scales = {p.scale.labels for _, p in framework().prompts() if p.scale}
        if len(scales) == 1:
            trends = trends_of_ratings(rated, since=since, until=until, question_ids=questions,
                                       only_changed=only_changed, framework_scale=scales.pop())
    return Loaded(replace(trends, earlier=earlier) if earlier else trends, left_out)


def load_actions(store: Store, *, owner: str | None = None, include_closed: bool = False
                 ) -> Loaded[list[TrackedAction]]:
    """The actions agreed in meetings and added to journal entries (open ones unless
    include_closed), oldest first. In a workspace, those of this person's own folder (entries
    not shared; meetings kept there before the workspace) are marked private."""
    from dataclasses import replace

    from reflect_cli.domain.meeting import select_actions, track_actions

    every = track_actions(store.meetings()) if include_closed else store.open_actions()
    tracked = select_actions(every, owner=owner, include_closed=include_closed)
    if "workspace" in store.roots and "logs" in store.roots and "logs" not in store.hidden:
        sources = {t.session_id for t in tracked}
        private = {e.session.id for e in store.newest()
                   if e.root == "logs" and e.session is not None and e.session.id in sources}
        tracked = [replace(t, private=True) if t.session_id in private else t
                   for t in tracked]
    return Loaded(tracked, store.unreadable())


def load_search(store: Store, words: str, *, since: dt.date | None = None,
                until: dt.date | None = None, questions: Sequence[str] = (),
                limit: int | None = None, author: str | None = None) -> Loaded[SearchResults]:
    """Every passage holding all the words, newest first (the newest `limit`; with `author`,
    only in the logs that person wrote)."""
    from reflect_cli.domain.dates import check_range
    from reflect_cli.domain.search import SearchResults

    check_range(since, until)
    authors = _authors(store, author)
    if questions:
        from reflect_cli.errors import NotFoundError, did_you_mean

        known = store.ids()
        for wanted in questions:
            if wanted not in known:
                raise NotFoundError(f"no session has a question or prompt '{wanted}'."
                                    f"{did_you_mean(wanted, known)}",
                                    hint="Give a question id (like purpose) or a prompt id "
                                         "(like purpose.impact); see them with: reflect "
                                         "framework show")
    hits = store.search(words, since=since, until=until, questions=questions,
                        limit=None if limit is None else limit + 1, authors=authors)
    more = limit is not None and len(hits) > limit
    return Loaded(SearchResults(words, tuple(hits[:limit] if more else hits), since, until,
                                more), store.unreadable())
