"""The session command's flow: choose what to ask, resume drafts, ask, save. Glue, no logic."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from . import journal, render
from .answers import parse_answers
from .errors import AnswersError, BadInputError
from .framework import read_text_file
from .model import SESSION_KINDS, Framework, Session
from .sessions import (
    Step,
    StopAndDiscard,
    StopAndPause,
    StopAndSave,
    first_unanswered,
    make_answer,
    new_session,
    plan_steps,
    previous_answers,
    record,
    run,
    steps_for_ids,
)

PLAN_KEY = "draft_plan"


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


def scripted_session(framework: Framework, directory: Path, options: SessionOptions) -> tuple[
        Session, Path]:
    """Write a log from an answers file without asking anything."""
    assert options.answers is not None
    if options.questions or options.prompts or options.pick or options.from_last or \
            options.resume:
        raise BadInputError("--answers cannot be combined with --question, --prompt, --pick, "
                            "--from-last or --resume: the answers file says what was answered")
    if options.answers == "-":
        text, name = sys.stdin.read(), "<standard input>"
    else:
        text = read_text_file(Path(options.answers), AnswersError, "answers file")
        name = options.answers
    scripted = parse_answers(text, name, framework)
    steps = plan_steps(framework, prompt_ids=list(scripted.values))
    kind = options.kind or scripted.kind or "journal"
    title = options.title if options.title is not None else (scripted.title or "")
    session = new_session(framework, steps, title=title, kind=kind,
                          date=options.date or scripted.date)
    for step in steps:
        record(session, steps, make_answer(step, scripted.values[step.prompt.id]))
    return session, journal.save_log(directory, session)


def interactive_session(framework: Framework, directory: Path,
                        options: SessionOptions) -> tuple[Session, Path] | None:
    """Run a session in the terminal; return the saved session and its log, or None."""
    from . import prompting

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInputError(
            "reflect session asks questions, so it needs to run in a terminal window.",
            hint="To write a log without questions, give the answers in a file: "
                 "reflect session --answers answers.yaml (see examples/answers.yaml).")
    journal.ensure_dir(directory)
    out = render.console()
    resumed = _resume(framework, directory, options)
    if resumed is not None:
        session, steps = resumed
        out.print(f"Carrying on with \"{session.display_title}\" "
                  f"({session.answered} answered so far).")
    else:
        questions = options.questions
        if options.pick:
            questions = tuple(prompting.pick_many(
                "Which questions will you reflect on?",
                [(render.section_heading(framework, s), s.id) for s in framework.sections]))
        steps = plan_steps(framework, questions, options.prompts)
        _welcome(framework, len(steps))
        title = options.title
        if title is None and not options.prompts:  # quick journaling: no title to think of
            title = prompting.ask_line("Title (optional, press Enter to leave it out):")
        kind = options.kind
        if kind is None:
            kind = "journal" if options.prompts else prompting.choose(
                "What kind of session is this?",
                [("A partnership meeting", "meeting"), ("My own journal entry", "journal")])
        session = new_session(framework, steps, title=title or "", kind=kind, date=options.date)
        session.extra[PLAN_KEY] = [s.prompt.id for s in steps]
    previous = {}
    if options.from_last:
        logs = journal.scan(directory, full=True)
        previous = previous_answers(s for _, s in journal.readable(logs))
        if not previous:
            out.print("There are no earlier answers yet, so --from-last has nothing to show.")

    def save_draft(current: Session) -> None:
        journal.save_draft(directory, current)

    save_draft(session)
    try:
        run(session, steps, prompting.TerminalPrompter(framework), save_draft,
            previous=previous, start=first_unanswered(session, steps))
    except StopAndDiscard:
        journal.remove_draft(directory, session.id)
        out.print("The session was thrown away; nothing was saved.")
        return None
    except (StopAndPause, StopAndSave) as stop:
        if not session.answers:
            journal.remove_draft(directory, session.id)
            out.print("Stopped before any answer, so there is nothing to keep.")
            return None
        if isinstance(stop, StopAndPause):
            out.print(f"Paused. Your {len(session.answers)} answers are kept. To carry on, "
                      "run: reflect session --resume", markup=False)
            return None
    return session, finish(directory, session)


def finish(directory: Path, session: Session) -> Path:
    """Save the final log, then remove the draft."""
    session.extra.pop(PLAN_KEY, None)
    path = journal.save_log(directory, session)
    journal.remove_draft(directory, session.id)
    return path


def _welcome(framework: Framework, count: int) -> None:
    from rich.text import Text

    out = render.console()
    out.print(Text(framework.title, style="bold"))
    out.print(Text(f"{count} prompt{'s' if count != 1 else ''} to go through. Your answers are "
                   "saved as you go: if anything goes wrong, run reflect session again to "
                   "carry on.", style="dim"))


def _resume(framework: Framework, directory: Path,
            options: SessionOptions) -> tuple[Session, list[Step]] | None:
    from . import prompting

    found = journal.drafts(directory)
    if not found:
        if options.resume:
            raise BadInputError(f"there is no unfinished session to resume in {directory}")
        return None
    draft = found[0]
    if not options.resume:
        label = (f"Carry on with \"{draft.session.display_title}\" from "
                 f"{draft.session.created:%d %B %Y %H:%M} ({draft.session.answered} answered)")
        choice = prompting.choose("You have an unfinished session.", [
            (label, "resume"),
            ("Start a new session (keep the unfinished one for later)", "new"),
            ("Save the unfinished one as it is, then start a new session", "save"),
        ], default="resume")
        if choice == "new":
            return None
        if choice == "save":
            path = finish(directory, draft.session)
            render.console().print(f"Saved the unfinished session to {path}")
            return None
    plan = draft.session.extra.get(PLAN_KEY)
    ids = [str(p) for p in plan] if isinstance(plan, list) else [
        a.prompt_id for a in draft.session.answers]
    return draft.session, steps_for_ids(framework, ids)


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in SESSION_KINDS:
        raise BadInputError(f"--kind must be {' or '.join(SESSION_KINDS)}, not '{kind}'")
    return kind
