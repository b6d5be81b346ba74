"""The command line: each command parses its options, calls the core, and renders the result."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import BadInputError, ExitCode, ReflectError
from .plainparams import PlainCommand, PlainParams

FrameworkOption = typer.Option(
    None, "--framework", "-f", envvar="REFLECT_FRAMEWORK", show_envvar=True, metavar="FILE",
    help="A framework file of your own (default: the bundled King's Fund framework).",
    dir_okay=False)
DirOption = typer.Option(
    None, "--dir", "-d", envvar="REFLECT_DIR", show_envvar=True, metavar="FOLDER",
    help="The folder where logs are kept (default: see 'reflect where').", file_okay=False)


class ExportFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    yaml = "yaml"


class ReflectGroup(PlainParams, TyperGroup):
    """The one place where errors become a message on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReflectError as error:
            if _debug_requested(ctx):
                raise
            from . import render

            render.error(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            if _debug_requested(ctx):
                raise
            from . import render

            render.console(stderr=True).print("Stopped.")
            raise typer.Exit(int(ExitCode.CANCELLED)) from None


def _debug_requested(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(isinstance(obj, dict) and obj.get("debug")) or "--debug" in sys.argv


app = typer.Typer(
    cls=ReflectGroup,
    name="reflect",
    help="Reflect on your partnership with The King's Fund framework for partnering, keep "
         "dated logs, and see how your answers change.\n\n"
         "Start here: reflect session",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
framework_app = typer.Typer(
    cls=ReflectGroup,
    help="Read, check and print the framework.\n\nExample: reflect framework show purpose",
    no_args_is_help=True, rich_markup_mode=None)
app.add_typer(framework_app, name="framework")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reflect {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and stop."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    """Reflect on your partnership, keep dated logs, and compare them."""
    ctx.obj = {"debug": debug}


def _framework(path: Path | None) -> Any:
    from .framework import load_framework

    return load_framework(path)


def _dir(path: Path | None) -> Path:
    from .journal import journal_dir

    return journal_dir(path)


# -- reflect framework ---------------------------------------------------------------------------
@framework_app.command("show")
def framework_show(
    question: str | None = typer.Argument(None, help="Show only this question (its id)."),
    framework: Path | None = FrameworkOption,
) -> None:
    """Show the framework: questions, explanations, prompts and resources.

    Example: reflect framework show purpose
    """
    from . import render
    from .errors import NotFoundError

    fw = _framework(framework)
    section = None
    if question is not None:
        section = fw.section(question)
        if section is None:
            ids = ", ".join(s.id for s in fw.sections)
            raise NotFoundError(f"there is no question '{question}'; the ids are: {ids}")
    render.console().print(render.framework_view(fw, section))


@framework_app.command("validate")
def framework_validate(
    path: Path = typer.Argument(..., help="The framework file to check.", dir_okay=True),
) -> None:
    """Check a framework file and list every problem in it.

    Example: reflect framework validate my-framework.yaml
    """
    from . import render
    from .errors import FrameworkError
    from .framework import load_framework

    try:
        fw = load_framework(path)
    except FrameworkError as error:
        out = render.console(stderr=True)
        count = len(error.problems)
        out.print(f"{path}: {count} problem{'s' if count != 1 else ''}:")
        for line in error.listed():
            out.print(f"  {line}", markup=False)
        raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
    prompts = sum(len(s.prompts) for s in fw.questions)
    count = len(fw.questions)
    parts = f"{count} question{'s' if count != 1 else ''} with {prompts} prompts"
    if fw.assessment is not None:
        parts += f" and a self-assessment of {len(fw.assessment.prompts)}"
    render.console().print(f"{path} is a valid framework: {fw.title} (id {fw.id}, version "
                           f"{fw.version}), {parts}.", markup=False)


@framework_app.command("export")
def framework_export(
    format: ExportFormat = typer.Option(ExportFormat.markdown, "--format",
                                        help="markdown (a handout), json or yaml (data)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write to this file instead of the screen."),
    framework: Path | None = FrameworkOption,
) -> None:
    """Print the framework as a handout (markdown) or as data (json, yaml).

    Example: reflect framework export --format markdown -o handout.md
    """
    from . import formats

    fw = _framework(framework)
    text = {ExportFormat.markdown: formats.framework_markdown,
            ExportFormat.json: formats.framework_json,
            ExportFormat.yaml: formats.framework_yaml}[format](fw)
    _emit(text, output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from .journal import atomic_write

    if output.exists():
        raise BadInputError(f"{output} already exists; choose another file name")
    if not output.parent.is_dir():
        raise BadInputError(f"cannot write {output}: there is no folder {output.parent}")
    atomic_write(output, text, overwrite=False)
    typer.echo(f"Written to {output}", err=True)


# -- reflect session -----------------------------------------------------------------------------
@app.command("session", cls=PlainCommand)
def session_command(
    title: str | None = typer.Option(None, "--title", "-t", metavar="TITLE",
                                         help="A title for the session."),
    question: list[str] = typer.Option([], "--question", "-q", metavar="ID",
                                       help="Only this question (its id); repeat for more."),
    prompt: list[str] = typer.Option([], "--prompt", "-p", metavar="ID",
                                     help="Only this prompt (its id), for quick journaling; "
                                          "repeat for more."),
    pick: bool = typer.Option(False, "--pick", help="Tick the questions to go through."),
    kind: str | None = typer.Option(None, "--kind", "-k", metavar="KIND",
                                        help="meeting or journal."),
    date: str | None = typer.Option(None, "--date", metavar="DATE",
                                       help="The day of the meeting, YYYY-MM-DD or "
                                            "DD/MM/YYYY (default: today)."),
    from_last: bool = typer.Option(False, "--from-last",
                                   help="Show each answer from last time to keep or change."),
    resume: bool = typer.Option(False, "--resume", help="Carry on with the unfinished session."),
    answers: str | None = typer.Option(None, "--answers", "-a", metavar="FILE",
                                          help="Write the log from this YAML or JSON file "
                                               "without asking ('-' reads standard input)."),
    participants: str | None = typer.Option(
        None, "--participants", metavar="FILE",
        help="A meeting: take the people from this YAML or JSON file (name, organisation, "
             "sector, role)."),
    minutes: str | None = typer.Option(
        None, "--minutes", metavar="N",
        help="A meeting: share N minutes across the questions and show the time left."),
    framework: Path | None = FrameworkOption,
    directory: Path | None = DirOption,
) -> None:
    """Go through the framework and save your answers as a dated log.

    Examples:

      reflect session                      (the whole framework)

      reflect session -q purpose -q role   (two questions)

      reflect session -p learning.acting   (one prompt, for journaling)

      reflect session --kind meeting --minutes 90 --participants people.yaml

      reflect session --answers examples/answers.yaml
    """
    from . import flows, render
    from .sessions import parse_date

    options = flows.SessionOptions(
        title=title, kind=flows.check_kind(kind),
        date=parse_date(date) if date is not None else None,
        questions=tuple(question), prompts=tuple(prompt), pick=pick, from_last=from_last,
        resume=resume, answers=answers, participants=participants,
        minutes=flows.parse_minutes(minutes))
    fw = _framework(framework)
    folder = _dir(directory)
    if answers is not None:
        session, path = flows.scripted_session(fw, folder, options)
    else:
        result = flows.interactive_session(fw, folder, options)
        if result is None:
            return
        session, path = result
    render.summary(session, path)


# -- reading -------------------------------------------------------------------------------------
@app.command("list", cls=PlainCommand)
def list_command(
    json_output: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    directory: Path | None = DirOption,
) -> None:
    """List your sessions, newest first.

    Example: reflect list
    """
    from . import formats, render
    from .logindex import Index

    folder = _dir(directory)
    entries = Index.open(folder).entries()
    if json_output:
        _emit(formats.list_json(entries), None)
        return
    out = render.console()
    if not entries:
        out.print(f"No sessions yet in {folder}. Start one with: reflect session", markup=False)
        return
    _emit("\n".join(render.sessions_lines(entries, out.width)), None)


@app.command("show")
def show_command(
    session: str = typer.Argument("latest", help="A file name, a date, the start of a file "
                                                 "name, 'latest' or 'latest~1'."),
    directory: Path | None = DirOption,
) -> None:
    """Show one log in the terminal (the latest by default).

    Example: reflect show 2026-03-12
    """
    from . import journal, render

    folder = _dir(directory)
    path = journal.resolve(folder, session)
    _, text = journal.read_log_and_text(path)  # one that cannot be read says why, and where
    out = render.console()
    out.print(render.log_view(text, path, plain=out.no_color or out.color_system is None))


@app.command("where")
def where_command(directory: Path | None = DirOption) -> None:
    """Print the folder where logs are kept.

    Example: reflect where
    """
    typer.echo(str(_dir(directory)))


@app.command("actions")
def actions_command(
    owner: str | None = typer.Option(None, "--owner", metavar="NAME",
                                     help="Only actions for this person (part of a name is "
                                          "enough)."),
    show_all: bool = typer.Option(False, "--all", help="Also actions that are done or "
                                                       "dropped."),
    json_output: bool = typer.Option(False, "--json", help="Print the actions as JSON."),
    directory: Path | None = DirOption,
) -> None:
    """List the open actions agreed in meetings, oldest first.

    Example: reflect actions --owner Tom
    """
    from . import flows, formats, render

    tracked, left_out = flows.load_actions(_dir(directory), owner=owner, include_closed=show_all)
    render.left_out(left_out)
    if json_output:
        _emit(formats.actions_json(tracked), None)
        return
    render.console().print(render.actions_view(tracked, owner=owner, include_closed=show_all))


# -- reflect compare, history, trends ------------------------------------------------------------
class ReportFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


FormatOption = typer.Option(
    ReportFormat.terminal, "--format", metavar="FORMAT",
    help="terminal (default), markdown (a report to save and share) or json (for other tools).")
OutputOption = typer.Option(None, "--output", "-o", metavar="FILE",
                            help="Write to this file instead of the screen.")
SinceOption = typer.Option(None, "--since", metavar="DATE",
                           help="Only sessions on or after this day, YYYY-MM-DD.")
UntilOption = typer.Option(None, "--until", metavar="DATE",
                           help="Only sessions on or before this day, YYYY-MM-DD.")


def _day(value: str | None, option: str) -> Any:
    if value is None:
        return None
    from .sessions import parse_date

    return parse_date(value, option)


def _report(loaded: Any, format: ReportFormat, output: Path | None, name: str) -> None:
    """Warn about logs left out, then show or write a report in the chosen format."""
    if loaded.left_out:
        from . import render

        render.left_out(loaded.left_out)
    if format is ReportFormat.terminal:
        from . import render

        view = getattr(render, f"{name}_view")(loaded.report)
        if output is None:
            render.print_report(render.console(), view)
        else:
            _emit(render.plain_text(view), output)
        return
    from . import formats

    if format is ReportFormat.json:
        _emit(getattr(formats, f"{name}_json")(loaded.report, loaded.left_out), output)
    else:
        _emit(getattr(formats, f"{name}_markdown")(loaded.report), output)


@app.command("compare", cls=PlainCommand)
def compare_command(
    first: str | None = typer.Argument(None, metavar="A",
                                       help="A session (default: the one before the latest)."),
    second: str | None = typer.Argument(None, metavar="B",
                                        help="Another session (default: the latest)."),
    question: list[str] = typer.Option([], "--question", "-q", metavar="ID",
                                       help="Only this question (its id); repeat for more."),
    only_changed: bool = typer.Option(False, "--only-changed",
                                      help="Leave out prompts answered the same both times."),
    format: ReportFormat = FormatOption,
    output: Path | None = OutputOption,
    directory: Path | None = DirOption,
) -> None:
    """Compare two sessions, prompt by prompt: what changed and how.

    Each prompt is marked unchanged, changed (with the words deleted and added), newly
    answered, no longer answered, skipped in one, or not asked in one; ratings show the old
    and new value and the change.

    With no sessions named, compares the two most recent; with one, that one and the latest.
    Name a session by its file name, its date (2026-03-12), the start of its file name,
    'latest', or 'latest~1' for the one before the latest ('latest~2' for the one before
    that, and so on). The older session is always shown first.

    Example: reflect compare 2026-03-12 latest
    """
    from . import logindex

    loaded = logindex.load_comparison(_dir(directory), first, second, questions=question,
                                      only_changed=only_changed)
    _report(loaded, format, output, "comparison")


@app.command("history", cls=PlainCommand)
def history_command(
    target: str = typer.Argument(..., metavar="ID",
                                 help="A prompt id (purpose.impact) or a question id (purpose)."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    only_changed: bool = typer.Option(False, "--only-changed",
                                      help="Leave out answers that did not change since the "
                                           "one before."),
    format: ReportFormat = FormatOption,
    output: Path | None = OutputOption,
    directory: Path | None = DirOption,
) -> None:
    """Every answer to a prompt (or a question) over time, and what changed.

    ID is a prompt id, like purpose.impact, or a question id, like purpose, for all its
    prompts. Answers are shown oldest first, each with what changed since the one before.

    Example: reflect history purpose.impact --since 2026-01-01
    """
    from . import logindex

    loaded = logindex.load_history(_dir(directory), target, since=_day(since, "--since"),
                                   until=_day(until, "--until"), only_changed=only_changed)
    _report(loaded, format, output, "history")


@app.command("trends", cls=PlainCommand)
def trends_command(
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    question: list[str] = typer.Option([], "--question", "-q", metavar="ID",
                                       help="Only the ratings of this question (its id); "
                                            "repeat for more."),
    only_changed: bool = typer.Option(False, "--only-changed",
                                      help="Leave out ratings that are where they started."),
    format: ReportFormat = FormatOption,
    output: Path | None = OutputOption,
    directory: Path | None = DirOption,
) -> None:
    """The self-assessment ratings over time, and the biggest changes.

    For each characteristic: its values over time as a small chart, the first and the latest
    value, and the change between them; the biggest changes are marked.

    Example: reflect trends --since 2026-01-01
    """
    from . import logindex

    loaded = logindex.load_trends(_dir(directory), since=_day(since, "--since"),
                                  until=_day(until, "--until"), questions=question,
                                  only_changed=only_changed)
    _report(loaded, format, output, "trends")


def main() -> None:
    """The console script.

    When a command has finished, reflect leaves without Python's tidying-up of every loaded
    module (about 15 ms of a 150 ms command): everything it writes is already flushed and
    fsynced by then, and it uses no exit handlers. An unexpected error still goes through
    Python's normal exit, so its traceback is shown.
    """
    import os

    try:
        app()
        code: object = 0
    except SystemExit as exit_:
        code = exit_.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `reflect history purpose | head`: the reader has gone, fine
        pass
    os._exit(code or 0)
