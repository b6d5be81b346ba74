"""The session command's flow, from options to a saved log: from an answers file, or with a
person (choose what to ask, set up a meeting and its speaking orders, resume a draft, ask,
agree actions, save). Every question goes through a SessionPrompter (domain/asking.py): the
terminal's in a session, a scripted one in tests; only interactive_session picks the
terminal's."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reflect_cli.domain.asking import (
    DraftState,
    EachRated,
    ReviewInterrupted,
    Said,
    SessionPrompter,
    Step,
    StopAndDiscard,
    StopAndPause,
    StopAndSave,
    Unfinished,
    first_unanswered,
    keep_unfinished,
    make_answer,
    new_session,
    plan_steps,
    previous_answers,
    quick_title,
    record,
    run,
    section_label,
    steps_for_ids,
    typed_before,
)
from reflect_cli.domain.meeting import (
    DEFAULT_SECTORS,
    Meeting,
    Participant,
    make_review,
    new_action_id,
    next_rotation,
    speaking_order,
    track_actions,
)
from reflect_cli.domain.model import SESSION_KINDS, Answer, Framework, Session
from reflect_cli.errors import AnswersError, BadInputError
from reflect_cli.inputs.answers import parse_answers, parse_participants
from reflect_cli.inputs.yamlfiles import read_standard_input, read_text_file
from reflect_cli.outputs.plain import problem_text
from reflect_cli.storage import Draft, Store
from reflect_cli.storage.drafts import DraftInUse
from reflect_cli.storage.habits import load_habits, remember
from reflect_cli.textsafe import argument_text, visible


@dataclass
class SessionOptions:
    title: str | None = None
    kind: str | None = None
    date: dt.date | None = None
    questions: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    pick: bool = False
    from_last: bool = False
    resume: bool = False
    answers: str | None = None
    participants: str | None = None
    minutes: int | None = None
    #: A meeting: show in the log how many notes were typed for each person.
    count_notes: bool = False
    #: How to carry on with this session later, as the person should type it (see
    #: resume_command): said when they pause or stop before the questions.
    resume_command: str = "reflect session --resume"
    #: In a workspace: the partnership's name; a journal entry ends by asking whether to
    #: share it with them (None: outside a workspace, nothing is asked).
    share_with: str | None = None


def resume_command(directory: Path | None = None, framework: Path | None = None, *,
                   windows: bool | None = None, workspace: str | None = None) -> str:
    """The command that carries on with an unfinished session, with the options it needs to
    find it again (the folder of logs and the framework, when they were given), each quoted
    for the shell when it has spaces or other characters the shell would take apart."""
    import os
    import shlex

    if windows is None:
        windows = os.name == "nt"
    words = ["reflect", "session", "--resume"]
    for option, value in (("--framework", framework), ("--dir", directory),
                          ("--workspace", workspace)):
        if value is not None:
            text = argument_text(str(value))
            if windows:
                quoted = f'"{text}"' if not text or any(c in text for c in ' &|<>^()%!;,=') \
                    else text
            else:
                quoted = shlex.quote(text)
            words += [option, quoted]
    return " ".join(words)


def scripted_session(framework: Framework, store: Store, options: SessionOptions) -> tuple[
        Session, Path]:
    """Write a log from an answers file without asking anything."""
    assert options.answers is not None
    if options.questions or options.prompts or options.pick or options.from_last or \
            options.resume:
        raise BadInputError("--answers cannot be combined with --question, --prompt, --pick, "
                            "--from-last or --resume: the answers file says what was answered")
    if options.answers == "-":
        text, name = read_standard_input(AnswersError, "answers file")
    else:
        text = read_text_file(Path(options.answers), AnswersError, "answers file")
        name = options.answers
    scripted = parse_answers(text, name, framework)
    meeting = scripted.meeting
    if options.participants is not None:
        raise BadInputError("--participants goes with an interactive session; in an answers "
                            "file, list the people under 'participants:'")
    ratings = meeting.ratings if meeting else {}
    asked = [*scripted.values, *scripted.notes, *ratings]
    steps = plan_steps(framework, prompt_ids=list(dict.fromkeys(asked)))
    if options.count_notes and meeting is None:
        raise BadInputError("--count-notes goes with a meeting, and this answers file has no "
                            "participants")
    kind = options.kind or scripted.kind or (
        "meeting" if meeting and meeting.participants else "journal")
    share = scripted.share and kind == "journal"  # a meeting is the partnership's already
    if share:
        _check_sharing(store, name)
    if kind == "meeting":
        hide_private(store)
    title = options.title if options.title is not None else (scripted.title or "")
    session = new_session(framework, steps, title=title, kind=kind,
                          date=options.date or scripted.date)
    if meeting is not None:
        if options.minutes is not None:
            meeting.minutes = options.minutes
        meeting.count_notes = meeting.count_notes or options.count_notes
        if kind == "meeting" or meeting.participants:
            _start_meeting(session, meeting, _last_meeting(store))
        else:  # a journal entry's own actions: no people, no speaking orders
            session.meeting = meeting
        meeting.actions[:] = [replace(a, id=new_action_id(session.id, meeting.actions[:i]))
                              for i, a in enumerate(meeting.actions)]
        # The open actions are kept in the index; every action ever agreed only when a review
        # names one that is no longer open.
        tracked = {t.action.id: t for t in store.open_actions()} if scripted.review_ids else {}
        if any(action_id not in tracked for action_id in scripted.review_ids):
            tracked = {t.action.id: t for t in track_actions(store.meetings())}
        for action_id, said in scripted.review_ids.items():
            if action_id not in tracked:
                raise BadInputError(f"{name}: reviews: there is no earlier action '{action_id}'",
                                    hint="See the open actions and their ids with: "
                                         "reflect actions")
            meeting.reviews.append(make_review(tracked[action_id].action, said.status,
                                               said.comment, said.due if said.new_due else
                                               tracked[action_id].action.due))
    for step in steps:
        pid = step.prompt.id
        value: str | int | None | Said | EachRated = scripted.values.get(pid)
        if pid in scripted.notes:
            value = Said(str(value or ""), tuple(scripted.notes[pid]))
        elif pid in ratings and (value is None or isinstance(value, int)):
            # A rating given beside each person's is the one the group agreed.
            value = EachRated(ratings[pid], value if isinstance(value, int) else None)
            if value.agreed is not None and meeting is not None:
                meeting.agreed[pid] = value.agreed
        record(session, steps, make_answer(step, value))
    _sign(session)
    path = store.write(session)
    if share:
        from reflect_cli.app.sharing import share_written

        path = share_written(store, session, session.author)
    return session, path


def _check_sharing(store: Store, name: str) -> None:
    """`share: yes` in an answers file: refused, before anything is written, outside a
    workspace or when reflect does not know whose entry it is."""
    from reflect_cli.app.identity import current

    if "workspace" not in store.roots:
        raise BadInputError(f"{argument_text(name)}: share: yes shares the entry with the "
                            "partnership, and no workspace is in use",
                            hint="Join your partnership's workspace (reflect workspace join "
                                 "FOLDER|URL), or take 'share: yes' out of the file.")
    if current() is None:
        raise BadInputError(f"{argument_text(name)}: share: yes needs to know whose entry it "
                            "is: say who you are first",
                            hint="reflect config --name NAME --organisation ORG --sector "
                                 "SECTOR")


def _offer_share(framework: Framework, store: Store, session: Session, path: Path,
                 prompter: SessionPrompter, partnership: str) -> Path:
    """A journal entry just written in a workspace: ask whether to share it (default no), and
    share it as `reflect share` does. Where the log is now."""
    from reflect_cli.app import identity, sharing

    if not prompter.wants_to_share(partnership):
        prompter.tell("Kept private, on this computer. To share it later:",
                      command=f"reflect share {argument_text(path.name)}")
        return path
    try:
        me = session.author or identity.who_am_i(prompter.who_are_you,
                                                 framework.sectors or DEFAULT_SECTORS)
    except BadInputError as error:  # a name reflect cannot keep: the entry is kept, private
        prompter.tell(f"Not shared: {error.message}. Say who you are with reflect config, "
                      "then share it with:", command=f"reflect share {argument_text(path.name)}")
        return path
    if me is None:
        prompter.tell("Not shared: the partnership needs to know whose entry it is. Say who "
                      "you are (reflect config), then share it with:",
                      command=f"reflect share {argument_text(path.name)}")
        return path
    try:
        moved = sharing.share_written(store, session, me)
    except BadInputError as error:
        prompter.tell(f"Not shared: {error.message}. It is kept on this computer; try again "
                      "with:", command=f"reflect share {argument_text(path.name)}")
        return path
    session.author = me
    prompter.tell(f"Shared with {visible(partnership)}, with your name on it.")
    return moved


def _me() -> str | None:
    """The person id of whoever runs reflect here, when they have said who they are."""
    from reflect_cli.app.identity import current

    author = current()
    return author.id if author is not None else None


def _sign(session: Session) -> None:
    """Record who wrote the log (for a meeting: who ran it), when they have said who they
    are (`reflect config`); a log of someone who has not is written as before."""
    if session.author is None:
        from reflect_cli.app.identity import current

        session.author = current()


def _with_people(store: Store, count: int) -> list[Meeting]:
    """The newest earlier meetings that recorded who was there, newest first (as the index
    last saw them: the "who is here" screen must not wait for a look at every log)."""
    return [e.session.meeting for e in store.newest_as_last_seen(count, with_people=True)
            if e.session is not None and e.session.meeting is not None]


def _recent_people(store: Store, meetings: int = 4) -> tuple[list[Participant], set[str]]:
    """Everyone at the last few meetings (most recent first) and who was at the last one."""
    recent = _with_people(store, meetings)
    people: dict[str, Participant] = {}
    for meeting in recent:
        for person in meeting.participants:
            people.setdefault(person.id, person)
    present = {p.id for p in recent[0].participants} if recent else set()
    return list(people.values()), present


def _last_meeting(store: Store) -> Meeting | None:
    """The newest earlier meeting that recorded who was there, with its speaking orders."""
    found = store.newest(1, with_people=True)
    if not found:
        return None
    return store.read(found[0]).meeting


def _start_meeting(session: Session, meeting: Meeting, last: Meeting | None) -> None:
    """Carry the speaking rotation on from the last meeting and set each question's order."""
    meeting.rotation = next_rotation(last) if last else 0
    if last is not None and meeting.participants:
        # People come and go, so the rotation alone may give the last opener the first word
        # again: pass them over to the next person.
        last_opener = next(iter(last.orders.values()), [None])[0]
        for _ in range(len(meeting.participants)):
            if speaking_order(meeting.participants, meeting.rotation)[0].id != last_opener:
                break
            meeting.rotation += 1
    meeting.orders = {
        section_id: [p.id for p in speaking_order(meeting.participants, meeting.rotation + i)]
        for i, section_id in enumerate(session.sections)}
    session.meeting = meeting


def _problem(exc: Exception) -> str:
    """What went wrong with a save, in words (no traceback)."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    return str(exc)


class DraftKeeper:
    """Keeps the draft of the session being run: its state (the plan, how far the check-in
    went, what to carry on with), and saves both at every save point: an answer, a note, an
    action, a check-in line, a review, and what is typed, every few seconds.

    When the draft cannot be saved (a full disk, a drafts folder that cannot be written),
    nothing is dropped: the session stays in memory, and the person is told and chooses to try
    again, to save it in a folder they type (then reflect saves there until the session ends),
    or to carry on without saving the draft (later save points try again, quietly). While they
    type (ask=False) nothing is asked: the caller says it once and the text stays in the box."""

    def __init__(self, store: Store, prompter: SessionPrompter,
                 state: DraftState | None = None) -> None:
        self.store = store
        self.prompter = prompter
        self.state = state if state is not None else DraftState()
        self.elsewhere: Path | None = None  # the file the person chose for the draft instead
        self.skipping = False  # they chose to carry on without saving the draft
        self.resume_command = "reflect session --resume"  # how to carry on another time

    def _write(self, session: Session, state: DraftState) -> None:
        draft = state.written_into(session)
        if self.elsewhere is None:
            self.store.save_draft(draft)
            return
        from reflect_cli.storage import files
        from reflect_cli.storage.logfile import render_log

        files.atomic_write(self.elsewhere, render_log(draft))

    def save(self, session: Session, *, ask: bool = True, state: DraftState | None = None
             ) -> bool:
        """Save the draft (with this state, or the keeper's own); False when it was not saved
        (and the person knows)."""
        state = state if state is not None else self.state
        while True:
            try:
                self._write(session, state)
            except (BadInputError, OSError) as exc:
                if not ask or self.skipping:
                    return False
                choice = self.prompter.save_problem(_problem(exc))
                if choice == "elsewhere":
                    folder = self.prompter.ask_folder()
                    if folder:
                        self.elsewhere = Path(folder).expanduser() / f"{session.id}.md"
                        if self._saved_there(session, state):
                            return True
                        self.elsewhere = None
                    continue
                if choice == "again":
                    continue
                self.skipping = True
                self.prompter.tell("Carrying on without saving the draft: what you write "
                                   "stays here, and reflect tries again at the next answer.")
                return False
            if self.skipping:
                self.skipping = False
                self.prompter.tell("The draft is being saved again.")
            return True

    def _saved_there(self, session: Session, state: DraftState) -> bool:
        assert self.elsewhere is not None
        try:
            self._write(session, state)
        except (BadInputError, OSError) as exc:
            self.prompter.tell(f"That did not work either: {_problem(exc)}")
            return False
        self.prompter.tell(f"Saved in {self.elsewhere}; reflect saves there from now on. To "
                           f"carry on from it another time, put it back in "
                           f"{self.store.drafts_folder} and run: {self.resume_command}")
        return True

    def done(self) -> None:
        """The log is written: the copy saved elsewhere is not needed any more."""
        if self.elsewhere is not None:
            with contextlib.suppress(OSError):
                self.elsewhere.unlink()


def _lock(store: Store, session_id: str) -> None:
    """Hold the draft, so a second window does not offer it. When the drafts folder cannot be
    used at all, carry on: the first save says so and offers what to do."""
    try:
        store.lock_draft(session_id)
    except DraftInUse:
        raise
    except BadInputError:
        pass


def interactive_session(framework: Framework, store: Store, options: SessionOptions,
                        wrap: Callable[[Any], Any] | None = None
                        ) -> tuple[Session, Path] | None:
    """Run a session in the terminal; return the saved session and its log, or None. `wrap`,
    if given, wraps the terminal's prompter (a rating round's reveal: app/rounds.py)."""
    people = None
    if options.participants is not None:  # checked before anything is asked
        text = read_text_file(Path(options.participants), AnswersError, "participants file")
        people = parse_participants(text, options.participants,
                                    framework.sectors or DEFAULT_SECTORS)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInputError(
            "reflect session asks questions, so it needs to run in a terminal window.",
            hint="To write a log without questions, give the answers in a file: "
                 "reflect session --answers answers.yaml (see examples/answers.yaml).")
    from reflect_cli.terminal import prompting

    prompting.load()
    # The look at the logs, in the background while the title is read and typed (started once
    # the screens' code is loaded: the two would only slow each other down).
    store.warm_up()
    prompter: Any = prompting.TerminalPrompter(framework)
    return run_session(framework, store, options, wrap(prompter) if wrap else prompter,
                       people=people)


def run_session(framework: Framework, store: Store, options: SessionOptions,
                prompter: SessionPrompter, *, people: list[Participant] | None = None
                ) -> tuple[Session, Path] | None:
    """Run a session, asking everything through `prompter`; return the saved session and its
    log, or None when nothing was saved (paused, thrown away, stopped before a word)."""
    store.tidy()
    resumed = _resume(framework, store, options, prompter, people)
    if resumed is not None:
        session, steps, state = resumed
        if session.meeting is not None and options.count_notes:
            session.meeting.count_notes = True
        keeper = DraftKeeper(store, prompter, state)
        keeper.resume_command = options.resume_command
        prompter.tell(f"Carrying on with \"{session.display_title}\" "
                      f"({session.answered} answered, {session.skipped} skipped so far).")
        # Stopped during the check-in or the review of actions: those come first.
        if session.kind == "meeting" and not session.answers and not _finish_setup(
                store, keeper, session, [s.id for s in framework.sections]):
            return None
    else:
        habits = load_habits(store.location)
        questions, prompts = options.questions, options.prompts
        if options.pick:
            picked = prompter.pick_prompts(framework, habits.picked)
            remember(store.location, picked=picked)
            sections = {s.id for s in framework.sections}
            questions = tuple(i for i in picked if i in sections)
            prompts = tuple(i for i in picked if i not in sections)
        steps = plan_steps(framework, questions, prompts)
        prompter.show_welcome(framework, len(steps))
        title = options.title
        if title is None and not options.prompts:  # quick journaling: no title to think of
            title = prompter.ask_title()
        kind = options.kind
        if kind is None and (options.participants or options.minutes or options.count_notes):
            kind = "meeting"
        if kind is None:
            kind = "journal" if options.prompts else prompter.ask_kind(habits.kind)
        remember(store.location, kind=kind)
        if kind == "meeting":
            hide_private(store)
        if title is None:  # -p, and no --title: named after its prompt, not "Journal entry"
            title = quick_title(steps, kind)
        session = new_session(framework, steps, title=title or "", kind=kind, date=options.date)
        if kind == "journal":
            _sign(session)  # known from the start: an action added is hers unless she says
        keeper = DraftKeeper(store, prompter, DraftState(plan=[s.prompt.id for s in steps]))
        keeper.resume_command = options.resume_command
        if kind == "meeting":
            _lock(store, session.id)
            _setup_meeting(framework, store, keeper, options, session, people)
            if not _finish_setup(store, keeper, session, [s.id for s in framework.sections]):
                return None
    state = keeper.state
    _lock(store, session.id)  # a second window will not offer it while this one runs
    previous: dict[str, tuple[dt.date, Answer]] = {}
    if options.from_last:
        previous = previous_answers(s for _, s in store.with_answers(newest_first=True))
        if not previous:
            prompter.tell("There are no earlier answers yet, so --from-last has nothing to "
                          "show.")

    def save_unfinished(current: Session, unfinished: dict[str, Unfinished], at: str,
                        ask: bool) -> bool:
        """Save the draft with what is typed and not finished, as a pause would keep it (the
        session and its state themselves are left as they are)."""
        snapshot, snapshot_state = copy.deepcopy(current), copy.deepcopy(state)
        keep_unfinished(snapshot, snapshot_state, steps, unfinished, at)
        return keeper.save(snapshot, ask=ask, state=snapshot_state)

    start = first_unanswered(session, steps)
    resume_at, state.resume_at = state.resume_at, None
    start = next((i for i, s in enumerate(steps) if s.prompt.id == resume_at), start)
    keeper.save(session)
    prompter.start_questions({k: d for k, (d, _) in previous.items()}, save_unfinished)
    try:
        run(session, steps, prompter, keeper.save,
            previous={k: a for k, (_, a) in previous.items()}, start=start, state=state)
    except StopAndDiscard:
        store.remove_draft(session.id)
        prompter.tell("The session was thrown away; nothing was saved.")
        return None
    except (StopAndPause, StopAndSave) as stop:
        if not _has_content(session, state):
            store.remove_draft(session.id)
            prompter.tell("Stopped before anything was written, so there is nothing to keep.")
            return None
        if isinstance(stop, StopAndPause):
            prompter.tell(f"Paused with {session.answered} answered and {session.skipped} "
                          "skipped: all kept.")
            prompter.tell("To carry on, run:", command=options.resume_command)
            return None
        if session.kind == "meeting" and session.meeting is not None:
            # A meeting saved early (out of time) still ends with its key messages: they
            # head every report of it, and nothing else asks for them afterwards.
            session.meeting.key_messages = prompter.ask_key_messages()
    else:
        if session.kind == "meeting":
            while prompter.wants_more_actions():
                prompter.add_action(session, "", saving=lambda: keeper.save(session))
            if session.meeting is not None:
                session.meeting.key_messages = prompter.ask_key_messages()
    path = finish(store, session, keeper)
    if session.kind == "journal" and options.share_with is not None and \
            "workspace" in store.roots:
        path = _offer_share(framework, store, session, path, prompter, options.share_with)
    return session, path


def _setup_meeting(framework: Framework, store: Store, keeper: DraftKeeper,
                   options: SessionOptions, session: Session,
                   people: list[Participant] | None) -> None:
    """Who is here and the speaking orders."""
    sectors = framework.sectors or DEFAULT_SECTORS
    if people is None:
        known, present = _recent_people(store)
        people = keeper.prompter.gather_participants(known, present, sectors, _me)
    meeting = Meeting(participants=people, minutes=options.minutes,
                      count_notes=options.count_notes)
    _start_meeting(session, meeting, _last_meeting(store))
    if people:
        keeper.prompter.show_people(meeting)
    keeper.save(session)


def _finish_setup(store: Store, keeper: DraftKeeper, session: Session,
                  questions: Sequence[str] = ()) -> bool:
    """The check-in round, the review of open actions, and in a workspace what members shared
    since the last meeting (by question, in the order of `questions`), before the questions.
    False when the person stopped with Ctrl-C (what was said so far is kept, to carry on
    later)."""
    prompter, state = keeper.prompter, keeper.state
    meeting = session.meeting
    assert meeting is not None
    asked = state.checkin_asked
    try:
        if meeting.participants and not state.checkin_done and (
                asked or prompter.wants_checkin()):
            order = speaking_order(meeting.participants, meeting.rotation)
            prompter.tell("Each person says in a line how they are arriving today (Enter with "
                          "nothing typed skips someone).")
            prompter.tell("Order: " + ", ".join(p.name for p in order))
            if asked:  # carried on after a stop: who has had their turn, and what they said
                prompter.tell("Checked in already:")
                for person in (p for p in order if p.id in asked):
                    said = meeting.checkin.get(person.id)
                    prompter.tell(f"  {person.name}: " + (said or "(passed)"))
            for person in (p for p in order if p.id not in asked):
                try:
                    line = prompter.checkin(person)
                except KeyboardInterrupt as stop:
                    line = typed_before(stop).strip()  # half a line is still theirs
                    if line:
                        meeting.checkin[person.id] = line
                        asked.append(person.id)
                    raise
                if line:
                    meeting.checkin[person.id] = line
                asked.append(person.id)
                keeper.save(session)
        state.checkin_done = True
        reviewed = {r.action.id for r in meeting.reviews}
        tracked = [t for t in store.open_actions() if t.action.id not in reviewed]
        if tracked:
            prompter.tell(f"\n{len(tracked)} open action{'s' if len(tracked) != 1 else ''} "
                          "from earlier sessions to review:")
            for item in tracked:
                try:
                    review = prompter.review_action(item, session.date)
                except ReviewInterrupted as stop:  # decided, and the comment half typed
                    meeting.reviews.append(stop.review)
                    raise
                if review is not None:
                    meeting.reviews.append(review)
                keeper.save(session)
        _since_last_meeting(store, prompter, questions)
    except KeyboardInterrupt:
        keeper.save(session)
        prompter.tell("\nStopped before the questions; who is here and what was said so far "
                      "are kept.")
        prompter.tell("To carry on, run:", command=keeper.resume_command)
        return False
    state.checkin_asked = []  # the round is over (checkin_done says so)
    keeper.save(session)
    return True


def _since_last_meeting(store: Store, prompter: SessionPrompter, order: Sequence[str]) -> None:
    """In a workspace, the entries members shared since the last meeting, to read out or skip
    (nothing is said when there are none). The meeting's store shows the workspace alone."""
    if "workspace" not in store.roots:
        return
    from reflect_cli.app.digest import load_digest

    loaded = load_digest(store, order=order)
    if not loaded.report.is_empty or loaded.left_out:
        prompter.show_digest(loaded.report, [e.name for e in loaded.left_out])


def _has_content(session: Session, state: DraftState) -> bool:
    """Has anything been said or decided: an answer, a check-in, a review, an action?"""
    meeting = session.meeting
    return bool(session.answers or state.ratings_lines) or (
        meeting is not None and bool(meeting.checkin or meeting.reviews or meeting.actions))


def finish(store: Store, session: Session, keeper: DraftKeeper | None = None) -> Path:
    """Save the final log (without the questions it never reached), then remove the draft.
    With a keeper (in a terminal), a log that cannot be written is offered again or written
    to a folder the person types, never dropped."""
    reached = {a.section for a in session.answers}
    session.sections = [s for s in session.sections if s in reached]
    if session.meeting is not None:
        session.meeting.orders = {k: v for k, v in session.meeting.orders.items()
                                  if k in reached}
        session.meeting.seconds_spent = {k: v for k, v in session.meeting.seconds_spent.items()
                                         if k in reached}
    _sign(session)
    path = _write_log(store, session, keeper)
    store.remove_draft(session.id)
    if keeper is not None:
        keeper.done()
    return path


def _write_log(store: Store, session: Session, keeper: DraftKeeper | None) -> Path:
    while True:
        try:
            return store.write(session)
        except BadInputError as exc:
            if keeper is None:
                raise
            problem = str(exc)
        if keeper.prompter.save_problem(problem, what="log") != "elsewhere":
            continue
        folder = keeper.prompter.ask_folder()
        if not folder:
            continue
        from reflect_cli.storage import files
        from reflect_cli.storage.logfile import render_log
        from reflect_cli.storage.names import log_name

        for attempt in range(1, 100):
            path = Path(folder).expanduser() / log_name(session, attempt)
            try:
                files.atomic_write(path, render_log(session), overwrite=False)
            except FileExistsError:
                continue
            except OSError as exc:
                keeper.prompter.tell(f"That did not work either: {_problem(exc)}")
                break
            return path


def _session(draft: Draft) -> Session:
    assert draft.session is not None  # the store offers only drafts it could read
    return draft.session


def _busy_message(busy: list[Draft]) -> str:
    """Which unfinished sessions are open in another window, and since when."""
    parts = []
    for draft in busy:
        since = draft.holder.since if draft.holder is not None else None
        when = f" since {since:%H:%M on %d %B}" if since is not None else ""
        parts.append(f"\"{_session(draft).display_title}\" is open in another window{when}")
    return "; ".join(parts) + (", so it is not offered here." if len(parts) == 1 else
                               ", so they are not offered here.")


def _new_session_asked(options: SessionOptions) -> bool:
    """Did the person ask for a particular new session (so a draft should not take over)?"""
    return bool(options.questions or options.prompts or options.pick or options.title
                or options.participants or options.minutes or options.date
                or options.count_notes)


def _same_session(session: Session, options: SessionOptions,
                  people: list[Participant] | None) -> bool:
    """Is this unfinished session the one the command line asks for (the same command run
    again after a crash, say)? Every option given must agree with it; --pick and --prompt
    ask for a new choice, so they never do."""
    meeting = session.meeting
    kind = options.kind or ("meeting" if options.participants or options.minutes else None)
    return not (options.pick or options.prompts) and all((
        options.title is None or options.title.strip() == session.title.strip(),
        kind is None or kind == session.kind,
        options.date is None or options.date == session.date,
        not options.questions or set(options.questions) == set(session.sections),
        options.minutes is None or (meeting is not None and meeting.minutes == options.minutes),
        people is None or (meeting is not None and {p.id for p in people} == {
            p.id for p in meeting.participants}),
    ))


def _resume(framework: Framework, store: Store, options: SessionOptions,
            prompter: SessionPrompter, people: list[Participant] | None = None
            ) -> tuple[Session, list[Step], DraftState] | None:
    """An unfinished session to carry on with, its state, and what is left to ask; None for a
    new one."""
    every = store.drafts()
    for moved, why in store.set_aside:
        prompter.warn(f"an unfinished session cannot be read, so it was moved aside to "
                      f"{visible(str(moved))} ({problem_text(why)})")
    if "workspace" in store.roots and (options.kind == "meeting" or options.participants
                                       or options.minutes or options.count_notes):
        # A meeting on a shared screen: the facilitator's own unfinished entries stay hidden.
        every = [d for d in every if d.session is None or d.session.kind == "meeting"]
    busy = [d for d in every if d.holder is not None]
    found = [d for d in every if d.holder is None]
    usable = [d for d in found if _session(d).framework_id == framework.id]
    if busy and not options.resume:
        prompter.tell(_busy_message(busy))
    if options.resume and not usable:
        if found:
            other = _session(found[0]).framework_id
            raise BadInputError(
                f"the unfinished session uses the framework '{other}', not '{framework.id}'",
                hint="Run it with that framework: reflect session --resume --framework FILE")
        if busy:
            raise BadInputError(_busy_message(busy), hint="Carry on with it in that window.")
        raise BadInputError(f"there is no unfinished session to resume in {store.location}")
    if not usable:
        return None
    if options.resume:
        session = _session(usable[0])
    else:
        offered = [_session(d) for d in usable]
        # The session this command line started comes first, and the pointer starts on it.
        same = [d for d in offered if _same_session(d, options, people)]
        offered = same + [d for d in offered if all(d is not x for x in same)]
        choice = prompter.choose_draft(offered,
                                       new_asked=_new_session_asked(options) and not same)
        if choice is None:
            return None
        what, session = choice
        if what == "throw away":
            if not prompter.confirm_throw_away(session):
                return _resume(framework, store, options, prompter, people)
            try:
                store.remove_draft(session.id)
            except DraftInUse as busy_now:  # taken up in another window meanwhile: not thrown
                prompter.tell(f"Not thrown away: {busy_now.message}.")
                return _resume(framework, store, options, prompter, people)
            prompter.tell("Thrown away.")
            return None
    store.lock_draft(session.id)
    if session.kind == "meeting":
        hide_private(store)
    state = DraftState.take_from(session)
    ids = state.plan if state.plan is not None else [a.prompt_id for a in session.answers]
    steps = steps_for_ids(framework, ids)
    for step in steps:  # headings of prompts not reached yet come from the framework
        session.labels.setdefault(step.section.id, section_label(framework, step.section))
        session.labels.setdefault(step.prompt.id, " ".join(step.prompt.text.split()))
    return session, steps, state


def hide_private(store: Store) -> None:
    """In a workspace, a meeting (on a shared screen) shows nothing from the facilitator's
    private folder: not earlier answers, not people or actions of private logs."""
    if "workspace" in store.roots:
        store.hidden = frozenset({"logs"})


def parse_minutes(text: str | None) -> int | None:
    """--minutes: a whole number of minutes (90), or hours and minutes (1:30)."""
    if text is None:
        return None
    hours, _, minutes = text.strip().rpartition(":")
    if (not hours or hours.isdigit()) and minutes.isdigit():
        total = int(hours or 0) * 60 + int(minutes)
        if total > 0:
            return total
    raise BadInputError(f"--minutes: '{text}' is not a length of time; give the minutes, "
                        "like 90 (or 1:30)")


def check_kind(kind: str | None, count_notes: bool = False) -> str | None:
    if kind is not None and kind not in SESSION_KINDS:
        raise BadInputError(f"--kind must be {' or '.join(SESSION_KINDS)}, not '{kind}'")
    if count_notes and kind == "journal":
        raise BadInputError("--count-notes goes with a meeting, not a journal entry")
    return kind
