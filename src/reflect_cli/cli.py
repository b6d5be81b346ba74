"""The command line: each command parses its options, calls the core, and renders the result."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

try:
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - a typer that uses click itself
    from click.exceptions import ClickException  # type: ignore[no-redef]

from . import __version__
from .errors import BadInputError, ExitCode, ReflectError
from .outputs import registry
from .plainparams import PlainCommand, PlainParams

if TYPE_CHECKING:
    from .outputs.registry import Format, Output, ReportFormat
else:
    ReportFormat = registry.choices()  # the names of the formats in the registry

FrameworkOption = typer.Option(
    None, "--framework", "-f", envvar="REFLECT_FRAMEWORK", show_envvar=True, metavar="FILE",
    help="A framework file of your own (default: the bundled King's Fund framework).",
    dir_okay=False)
DirOption = typer.Option(
    None, "--dir", "-d", envvar="REFLECT_DIR", show_envvar=True, metavar="FOLDER",
    help="The folder where logs are kept (default: see 'reflect where').", file_okay=False)
WorkspaceOption = typer.Option(
    None, "--workspace", "-w", metavar="NAME",
    help="Work in this partnership workspace for this command (default: the one in use; see "
         "'reflect workspace').")
KindOption = typer.Option(
    None, "--kind", "-k", metavar="KIND",
    help="In a workspace: meeting (the partnership's meetings, the default) or journal (your "
         "own entries).")
FormatOption = typer.Option(registry.DEFAULT, "--format", metavar="FORMAT",
                            help=registry.help_text())
# --json, kept working for scripts written before --format: the same as --format json.
JsonOption = typer.Option(False, "--json", hidden=True, help="The same as --format json.")
OutputOption = typer.Option(None, "--output", "-o", metavar="FILE",
                            help="Write to this file instead of the screen.")
NoPagerOption = typer.Option(False, "--no-pager",
                             help="Print everything at once, even when it is taller than the "
                                  "screen (default: a long text opens in $PAGER, or less).")
# (-o is taken as text, not as a path: an empty name is then an error of its own, not '.')


class ExportFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    yaml = "yaml"


#: The order `reflect --help` lists its commands in, for someone new: a session first; then
#: reading what was said; then working as a partnership; then where things are.
COMMAND_ORDER = ("session", "list", "show", "edit", "compare", "history", "trends", "search",
                 "actions", "digest", "report", "config", "workspace", "sync", "share",
                 "unshare", "import", "rate", "ratings", "where", "framework")


class ReflectGroup(PlainParams, TyperGroup):
    """The one place where errors become a message on stderr and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        """reflect's own commands in COMMAND_ORDER (any other after them, as registered); a
        group's (reflect workspace ...) as registered."""
        names = list(super().list_commands(ctx))
        if ctx.parent is not None:
            return names
        return sorted(names, key=lambda name: COMMAND_ORDER.index(name)
                      if name in COMMAND_ORDER else len(COMMAND_ORDER))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            _check_arguments(args)
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())  # `reflect` (or `reflect framework`) alone: help, fine
            ctx.exit(0)
        try:
            return super().parse_args(ctx, args)
        except ClickException as error:
            _made_visible(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClickException as error:  # a usage error quotes what was typed: keep it inert
            _made_visible(error)
            raise
        except ReflectError as error:
            if _debug_requested(ctx):
                raise
            from .terminal import render

            render.error(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            if _debug_requested(ctx):
                raise
            from .terminal import render

            render.console(stderr=True).print("Stopped.")
            raise typer.Exit(int(ExitCode.CANCELLED)) from None
        finally:
            while _opened:
                _opened.pop().close()


def _check_arguments(args: list[str]) -> None:
    """Refuse an argument that is not UTF-8 (Python holds such bytes as surrogate escapes,
    which could be neither shown nor written to a log) with a message, before anything runs."""
    from .textsafe import argument_text, not_utf8

    for arg in args:
        if not_utf8(arg):
            from .terminal import render

            render.error(BadInputError(
                f"the argument '{argument_text(arg)}' is not UTF-8 text",
                hint="reflect takes its arguments in UTF-8 (the bytes that are not are shown "
                     "as \\xNN): type it again, or give the file a UTF-8 name."))
            raise typer.Exit(int(ExitCode.BAD_INPUT))


def _made_visible(error: ClickException) -> None:
    from .textsafe import argument_text

    error.message = argument_text(error.message)


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
workspace_app = typer.Typer(
    cls=ReflectGroup,
    help="A partnership's workspace: a shared folder (OneDrive, SharePoint, Dropbox, "
         "Syncthing, a network drive) where the meetings are kept for everyone.\n\n"
         "Examples:\n\n"
         "  reflect workspace                          (which one is in use)\n\n"
         "  reflect workspace create ~/OneDrive/North --name \"North Partnership\"\n\n"
         "  reflect workspace join ~/OneDrive/North\n\n"
         "  reflect workspace --sync auto              (a git workspace: sync after every "
         "write)",
    short_help="Make, join or switch your partnership's shared workspace.",
    invoke_without_command=True, rich_markup_mode=None)
app.add_typer(workspace_app, name="workspace")


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
    from .inputs.framework import load_framework

    return load_framework(path)


def _dir(path: Path | None) -> Path:
    from .storage import logs_folder

    return logs_folder(path)


#: Stores opened by the running command, closed when it ends (its index and draft locks let
#: go even when reflect runs inside another program, as in the tests).
_opened: list[Any] = []


def _store(path: Path | None, *, reading: bool = True, one_shot: bool = True,
           workspace: str | None = None, view: str = "all", kind: str | None = None) -> Any:
    """The storage layer over the logs folder (closed when the command ends): in a workspace,
    its shared folder too (`view`: "all", "meetings" alone, the private "journal" alone, or
    "kind": as --kind says, see _view).
    A command that only reads refuses a folder named by --dir that does not exist (a mistyped
    name would otherwise read as "no sessions yet"); REFLECT_DIR and the default folder may
    not exist yet: the first session makes them.

    A command that reads and answers at once (`one_shot`) runs without Python's cycle
    collector, which otherwise walks the tens of thousands of objects a report of a large
    journal makes, over and over, as they are made (a third of `trends` on 20,000 sessions);
    the few cycles made meanwhile are freed when the process ends. An interactive session
    keeps it."""
    import gc

    from .storage import open_store

    if reading and path is not None and _given_on_command_line("directory"):
        _check_folder(path)
    shared = _workspace(path, workspace)
    if shared is None:
        if view == "kind":
            _view(kind, None)
        store = open_store(_dir(path))
    else:
        from .storage.workspace import open_workspace_store

        store = open_workspace_store(_dir(path), shared,
                                     _view(kind, shared) if view == "kind" else view)
    _opened.append(store)
    if one_shot and gc.isenabled():
        gc.disable()
        _opened.append(_Collector())
    return store


def _workspace(path: Path | None, name: str | None) -> Any:
    """The workspace a command works in: the one named by --workspace, else the one in use,
    unless --dir or REFLECT_DIR names a folder: then that folder is used as a plain folder,
    and the screen says the workspace is not in use."""
    from .storage import workspace

    if name is not None:
        return workspace.chosen(name)
    if path is None:
        return workspace.chosen(None)
    current = workspace.in_use()
    if current is not None:
        from .textsafe import visible

        typer.echo(f"Note: the workspace '{visible(current.name)}' is not in use for this "
                   f"command: the folder {visible(str(_dir(path)))} is used as a plain folder "
                   "(--dir or REFLECT_DIR).", err=True)
    return None


def _view(kind: str | None, shared: Any) -> str:
    """Which logs compare, history and trends read: in a workspace, its meetings unless
    --kind journal; outside one, every log (as always), and --kind has nothing to choose."""
    if kind is not None and kind not in ("meeting", "journal"):
        raise BadInputError(f"--kind must be meeting or journal, not '{kind}'")
    if shared is None:
        if kind is not None:
            raise BadInputError("--kind chooses between a workspace's meetings and your own "
                                "entries, and no workspace is in use",
                                hint="Leave --kind out to read every session, or give "
                                     "--workspace NAME.")
        return "all"
    return "journal" if kind == "journal" else "meetings"


class _Collector:
    """Turns the cycle collector back on when the command ends (reflect may be running
    inside another program, as in the tests)."""

    def close(self) -> None:
        import gc

        gc.enable()


def _note(text: str) -> None:
    """A line of plain words on stderr, wrapped to the screen (without loading rich: it is
    only words)."""
    import textwrap

    from .outputs import plain
    from .textsafe import visible

    words = visible(text)
    if sys.stderr.isatty():
        words = textwrap.fill(words, width=max(20, plain.width()), break_long_words=False,
                              break_on_hyphens=False)
    sys.stderr.write(words + "\n")
    sys.stderr.flush()


def _say(text: str) -> None:
    """A line on stdout, wrapped at spaces to the screen's width on a terminal (which would
    cut words and commands to copy in two: 'reflect workspace joi' / 'n'); as it is when
    piped."""
    if sys.stdout.isatty():
        import textwrap

        from .outputs import plain

        text = textwrap.fill(text, width=max(20, plain.width()), break_long_words=False,
                             break_on_hyphens=False)
    typer.echo(text)


def _rounds_next(base: Path) -> None:
    """Under the list of rounds, what to type next: rate in the open one, reveal a closed one
    (the list alone left a member who typed 'reflect rate' not knowing how to rate)."""
    from .storage.rounds import list_rounds
    from .textsafe import visible

    found, _ = list_rounds(base)
    opened = [item for item, _ in found if not item.closed]
    closed = [item for item, _ in found if item.closed]
    if opened:
        _say("To rate in the open round, type:" if len(opened) == 1
             else "To rate in an open round, type (with its name):")
        typer.echo(f"  reflect rate --round \"{visible(opened[-1].name)}\"")
    if closed:
        _say("To see a closed round's ratings:")
        typer.echo(f"  reflect ratings --round \"{visible(closed[-1].name)}\"")


def _given_on_command_line(name: str) -> bool:
    """Was this option typed on the command line (not taken from the environment)?"""
    try:
        from typer._click.core import ParameterSource
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - a typer that uses click itself
        from click.core import ParameterSource  # type: ignore[no-redef]
        from click.globals import get_current_context  # type: ignore[no-redef]

    ctx = get_current_context(silent=True)
    return ctx is not None and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE


def _check_folder(path: Path) -> None:
    from .textsafe import argument_text

    folder = path.expanduser()
    if not folder.exists():
        raise BadInputError(f"--dir: the folder {argument_text(str(folder))} does not exist",
                            hint="Check its name; 'reflect where' prints the folder your logs "
                                 "are kept in.")


# -- reflect framework ---------------------------------------------------------------------------
@framework_app.command("show")
def framework_show(
    question: str | None = typer.Argument(None, help="Show only this question (its id)."),
    framework: Path | None = FrameworkOption,
) -> None:
    """Show the framework: questions, explanations, prompts and resources.

    Example: reflect framework show purpose
    """
    from .errors import NotFoundError
    from .terminal import render

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
    from .errors import FrameworkError
    from .inputs.framework import load_framework
    from .terminal import render
    from .wording import counted

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
    parts = f"{counted(count, 'question')} with {counted(prompts, 'prompt')}"
    if fw.assessment is not None:
        parts += f" and a self-assessment of {counted(len(fw.assessment.prompts), 'rating')}"
    render.console().print(f"{path} is a valid framework: {fw.title} (id {fw.id}, version "
                           f"{fw.version}), {parts}.", markup=False)


@framework_app.command("export")
def framework_export(
    format: ExportFormat = typer.Option(ExportFormat.markdown, "--format",
                                        help="markdown (a handout), json or yaml (data)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write to this file instead of the screen."),
    framework: Path | None = FrameworkOption,
) -> None:
    """Print the framework as a handout (markdown) or as data (json, yaml).

    Example: reflect framework export --format markdown -o handout.md
    """
    from .outputs import framework as exports

    fw = _framework(framework)
    text = {ExportFormat.markdown: exports.framework_markdown,
            ExportFormat.json: exports.framework_json,
            ExportFormat.yaml: exports.framework_yaml}[format](fw)
    _emit(text, output)


def _emit(text: str, output: str | None) -> None:
    """Print `text`, or write it to a new file named by -o (never replacing anything)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from .storage.files import atomic_write
    from .textsafe import argument_text

    path = _output_path(output)
    shown = argument_text(output)

    try:
        # A report is made to be shared: it gets the permissions of any new file (the umask),
        # where logs, drafts and the index stay private.
        atomic_write(path, text, overwrite=False, mode=None)
    except FileExistsError:  # made in the meantime
        raise BadInputError(f"{shown} already exists; choose another file name") from None
    except PermissionError:
        raise BadInputError(f"cannot write {shown}: you may not write in the folder "
                            f"{argument_text(str(path.parent))}",
                            hint="Choose a folder of your own, for example your home folder."
                            ) from None
    except OSError as error:  # a full disk, a file-size limit, a read-only disk, ...
        import errno

        reason = error.strerror or str(error)
        # A full disk is no fault of the name given: a failure (1); anything else is a place
        # that cannot take a file, as for a folder that does not exist (2).
        failure = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)
        raise (ReflectError if failure else BadInputError)(
            f"cannot write {shown}: {reason}; nothing was written") from None
    typer.echo(f"Written to {shown}", err=True)


def _output_path(output: str) -> Path:
    """The file named by -o, checked: a new file in a folder that exists."""
    import os

    from .textsafe import argument_text

    shown = argument_text(output)
    if not output.strip():
        raise BadInputError("-o/--output needs a file name, and it was given an empty one")
    path = Path(output)
    if path.is_dir():
        raise BadInputError(f"{shown} is a folder; give -o the name of a file to write, for "
                            f"example {argument_text(str(path / 'report.md'))}")
    if path.is_symlink():
        raise BadInputError(f"{shown} is a symbolic link; reflect writes only new files, "
                            "never through a link: choose another file name")
    if os.path.lexists(path):
        raise BadInputError(f"{shown} already exists; choose another file name")
    parent = path.parent
    if not parent.is_dir():
        what = "is not a folder" if os.path.lexists(parent) else "is a folder that does not exist"
        raise BadInputError(f"cannot write {shown}: {argument_text(str(parent))} {what}")
    return path


# -- reflect workspace ---------------------------------------------------------------------------
SyncOption = typer.Option(
    None, "--sync", metavar="auto|manual",
    help="A git workspace: auto syncs after every write (a new meeting, a share, an edit), "
         "giving up after a few seconds when offline; manual (the default) syncs only with "
         "'reflect sync'.")


@workspace_app.callback()
def workspace_show(ctx: typer.Context, sync: str | None = SyncOption) -> None:
    """Show which partnership workspace is in use, its kind, where it is, and its last sync;
    with --sync, change how the workspace in use is synced.

    Examples:

      reflect workspace

      reflect workspace --sync auto     (sync after every write)

      reflect workspace --sync manual   (sync only with: reflect sync)
    """
    if ctx.invoked_subcommand is not None:
        if sync is not None:
            raise BadInputError("--sync goes after the subcommand, or alone",
                                hint="reflect workspace create FOLDER --git URL --sync auto, "
                                     "or: reflect workspace --sync auto")
        return
    import os

    from .storage import workspace
    from .textsafe import visible

    every, name = workspace.load()
    current = next((w for w in every if w.name == name), None)
    if sync is not None:
        if current is None:
            raise BadInputError("no workspace is in use, so there is nothing to sync",
                                hint="Join your partnership's with: reflect workspace join "
                                     "FOLDER|URL")
        current = workspace.set_sync(current.name, sync)
        typer.echo(_sync_said(current.sync, changed=True))
        return
    plain_folder = os.environ.get("REFLECT_DIR")
    if current is None:
        typer.echo("No workspace is in use: your logs stay in your own folder, "
                   f"{visible(str(_dir(None)))}.")
        typer.echo("Make one for your partnership: reflect workspace create FOLDER "
                   "--name NAME\nJoin one someone shared: reflect workspace join FOLDER")
    else:
        kind = {"folder": "a shared folder", "git": "a git repository"}.get(
            current.kind, visible(current.kind))
        typer.echo(f"Workspace in use: {visible(current.name)}")
        typer.echo(f"  Kind:       {kind}")
        typer.echo(f"  Where:      {visible(str(current.path))}")
        if current.last_sync:
            synced = visible(current.last_sync)
        elif current.kind == "folder":
            synced = "done by your sync tool (OneDrive, SharePoint, Dropbox, Syncthing)"
        else:
            synced = "never"
        typer.echo(f"  Last sync:  {synced}")
        if current.kind == "git":
            typer.echo(f"  Syncing:    {_sync_said(current.sync)}")
        typer.echo(f"  Your own entries stay in {visible(str(_dir(None)))}")
        if plain_folder:
            typer.echo(f"Note: REFLECT_DIR is set, so commands use {visible(plain_folder)} as "
                       "a plain folder and the workspace is not in use (unless you give "
                       "--workspace NAME).")
    others = [w for w in every if w is not current]
    if others:
        typer.echo("Your other workspaces (switch with: reflect workspace use NAME): "
                   + ", ".join(visible(w.name) for w in others))


@workspace_app.command("create")
def workspace_create(
    folder: Path = typer.Argument(..., metavar="FOLDER", file_okay=False,
                                  help="The folder to make it in (inside your synced folder, "
                                       "so the others get it)."),
    name: str | None = typer.Option(None, "--name", metavar="NAME",
                                    help="The partnership's name (default: the folder's)."),
    git: str | None = typer.Option(None, "--git", metavar="URL",
                                   help="Keep it in this git repository (an empty one, on your "
                                        "git host or a shared drive) instead of a synced "
                                        "folder."),
    sync: str = typer.Option("manual", "--sync", metavar="auto|manual",
                             help="With --git: auto syncs after every write (giving up after "
                                  "a few seconds when offline); manual syncs only with "
                                  "'reflect sync'."),
) -> None:
    """Make a partnership workspace in a shared folder (or a git repository), and use it.

    Meetings are written there from now on; your journal entries stay private.

    Examples:

      reflect workspace create ~/OneDrive/North-Partnership --name "North Partnership"

      reflect workspace create ~/north --git git@github.com:north/reflect.git

      reflect workspace create ~/north --git git@github.com:north/reflect.git --sync auto
    """
    from .storage import workspace
    from .textsafe import argument_text, visible

    if sync not in workspace.SYNC_MODES:
        raise BadInputError(f"--sync must be auto or manual, not '{argument_text(sync)}'")
    if git is None and sync == "auto":
        raise BadInputError("--sync auto goes with a workspace kept in git (--git URL): a "
                            "shared folder is synced by its own tool (OneDrive, SharePoint, "
                            "Dropbox, Syncthing)")
    if git is None:
        made = workspace.create(folder, name)
    else:
        from .storage import gitsync

        gitsync.require_git()
        fresh = not folder.expanduser().exists()
        made = workspace.create(folder, name, kind="git")
        try:
            gitsync.create(git, made.path, made.name, author=_my_name())
        except BadInputError:
            workspace.forget(made.name)  # nothing was sent: leave no half-made workspace
            if fresh:
                import shutil

                shutil.rmtree(made.path, ignore_errors=True)
            raise
    _say(f"Made the workspace '{visible(made.name)}' in {visible(str(made.path))}, "
         "and it is in use.")
    _say("Meetings you run are written there; your journal entries stay private.")
    if git is None:
        # The command on a line of its own, whole, to copy into an e-mail to the members.
        _say("Others join it, once the folder is shared with them, with:")
        typer.echo(f"  reflect workspace join \"{visible(str(made.path))}\"")
    else:
        made = workspace.set_sync(made.name, sync)
        _say(_sync_said(made.sync))
        _say("Others join it with:")
        typer.echo(f"  reflect workspace join {argument_text(git)}")


def _sync_said(mode: str, *, changed: bool = False) -> str:
    """How a git workspace is synced, in words."""
    if mode == "auto":
        return ("From now on, reflect syncs after every write (a meeting, a share, an edit); "
                "offline, it gives up after a few seconds and 'reflect sync' sends it later."
                if changed else "reflect syncs after every write (--sync auto); 'reflect "
                "sync' also sends and fetches at any time.")
    return ("From now on, send and fetch the partnership's logs with: reflect sync"
            if changed else "Send and fetch the partnership's logs with: reflect sync")


def _auto_sync(directory: Path | None, workspace: str | None,
               written: Path | None = None) -> None:
    """After a write to a git workspace synced automatically (--sync auto): sync, giving up
    after a few seconds (an offline laptop never waits); what was written is committed here
    either way, and the next sync sends it. `written`: the file written, when only a write
    into the workspace calls for a sync. Never fails the command: the write is done."""
    from .storage import workspace as spaces

    if directory is not None and workspace is None:
        return  # --dir: a plain folder, the workspace is not in use
    try:
        chosen = spaces.chosen(workspace)
    except ReflectError:
        return
    if chosen is None or chosen.kind != "git" or chosen.sync != "auto":
        return
    if written is not None:
        from .storage.places import resolved

        if resolved(chosen.path) not in resolved(written).parents:
            return
    from .storage import gitsync

    try:
        report = gitsync.auto_sync(chosen.path, author=_my_name())
    except ReflectError as error:
        _note(f"Not synced: {error.message}")
        return
    if report.ok:
        spaces.record_sync(chosen.name)
        _note("Synced with the partnership. " + " ".join(report.lines()))
    else:
        _note("Not synced now: " + " ".join(report.lines()))


def _my_name() -> str | None:
    """The person's name as 'reflect config' keeps it, for commit messages (None: unknown)."""
    from .app import identity

    me = identity.current()
    return me.name if me is not None else None


def _git_address(where: str) -> bool:
    """Does this look like a git repository's address rather than a folder: a URL
    (https://, ssh://, file://) or the short form host:path (git@github.com:north/x.git),
    not a Windows drive (C:\\...)?"""
    import re

    return "://" in where or re.match(r"^(?:[^/\\\s]+@)?[A-Za-z0-9.-]{2,}:", where) is not None


@workspace_app.command("join")
def workspace_join(
    where: str = typer.Argument(..., metavar="FOLDER|URL",
                                help="The workspace folder someone shared with you, or its git "
                                     "repository's address."),
    name: str | None = typer.Option(None, "--name", metavar="NAME",
                                    help="Call it this on your computer (default: its own "
                                         "name)."),
    into: Path | None = typer.Option(None, "--into", metavar="FOLDER", file_okay=False,
                                     help="A git workspace: where to keep it on this computer "
                                          "(default: in reflect's own folder)."),
    sync: str | None = typer.Option(None, "--sync", metavar="auto|manual",
                                    help="A git workspace: auto syncs after every write "
                                         "(giving up after a few seconds when offline); manual "
                                         "(the default) syncs only with 'reflect sync'."),
) -> None:
    """Join a workspace someone shared with you: its folder (synced to this computer), or its
    git repository (copied here; then 'reflect sync' sends and fetches).

    Examples:

      reflect workspace join ~/OneDrive/North-Partnership

      reflect workspace join git@github.com:north/reflect.git --sync auto
    """
    from .storage import workspace
    from .textsafe import argument_text, visible

    if sync is not None and sync not in workspace.SYNC_MODES:
        raise BadInputError(f"--sync must be auto or manual, not '{argument_text(sync)}'")

    folder = Path(where).expanduser()
    if not folder.exists() and not _git_address(where):
        # A folder typed wrong, or not synced here yet: git's "could not reach the
        # repository... goes out at the next sync" said nothing of that.
        raise BadInputError(f"there is no folder {argument_text(str(folder))} on this computer",
                            hint="Check the name, and that the shared folder is synced to "
                                 "this computer (in OneDrive or SharePoint: 'Add shortcut to "
                                 "My files'); or give the git repository's address, like "
                                 "git@github.com:north/reflect.git")
    repository = (folder / "HEAD").is_file() and (folder / "objects").is_dir()  # a bare one
    if folder.is_dir() and not repository:  # a shared folder (it says if it is not a workspace)
        joined = workspace.join(folder, name)
    else:  # an address git knows (a local path to a repository included)
        from .storage import gitsync

        gitsync.require_git()
        target = into.expanduser() if into is not None else workspace.clone_folder(where)
        gitsync.clone(where, target)
        joined = workspace.join(target, name)
        typer.echo(f"Copied the partnership's repository into {visible(str(target))}.")
    _say(f"Joined the workspace '{visible(joined.name)}' ({visible(str(joined.path))}); "
         "it is in use.")
    _say("See its meetings with: reflect list")
    if joined.kind == "git":
        if sync is not None:
            joined = workspace.set_sync(joined.name, sync)
        typer.echo(_sync_said(joined.sync))
    elif sync == "auto":
        typer.echo("(--sync auto has nothing to do here: this shared folder is synced by its "
                   "own tool, OneDrive, SharePoint, Dropbox or Syncthing.)")


@app.command("sync", cls=PlainCommand)
def sync_command(workspace: str | None = WorkspaceOption) -> None:
    """Send your new meetings and shared entries to the partnership's git repository, and
    fetch theirs (a workspace kept in git; a shared folder is synced by its own tool).

    If two people changed the same log, both versions are kept (the other as a copy) and the
    list says so. Without a network, nothing is lost: what you wrote is sent next time.

    Example: reflect sync
    """
    from .storage import gitsync
    from .storage import workspace as spaces

    chosen = spaces.chosen(workspace)
    if chosen is None:
        raise BadInputError("no workspace is in use, so there is nothing to sync",
                            hint="Join your partnership's with: reflect workspace join "
                                 "FOLDER|URL")
    if chosen.kind != "git":
        from .textsafe import visible

        typer.echo(f"The workspace '{visible(chosen.name)}' is a shared folder: your sync tool "
                   "(OneDrive, SharePoint, Dropbox, Syncthing) keeps it up to date, not reflect.")
        return
    report = gitsync.sync(chosen.path, author=_my_name())
    for line in report.lines():
        typer.echo(line)
    if report.ok:
        spaces.record_sync(chosen.name)
    else:
        raise typer.Exit(int(ExitCode.FAILURE))


@app.command("share", cls=PlainCommand)
def share_command(
    session: str = typer.Argument("latest", help="One of your journal entries: a date, a file "
                                                 "name or its start, 'latest'."),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE",
        help="Do not move it: write it as one file to send by e-mail (a new file; the "
             "facilitator brings it in with 'reflect import FILE')."),
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Share one of your journal entries with the partnership: it moves to the workspace, with
    your name on it (as 'reflect config' says it), for everyone to read. With -o, it is
    written as one file to send by e-mail instead (it stays private here).

    Examples:

      reflect share 2026-03-12

      reflect share latest -o my-entry.md     (then attach my-entry.md to an e-mail)
    """
    if output is not None:
        _send_entry(session, output, directory, workspace)
        return
    if directory is not None and workspace is None and _given_on_command_line("directory"):
        raise BadInputError("--dir goes with -o: sharing moves an entry into the workspace",
                            hint="reflect share SESSION -o FILE writes it to send by e-mail.")
    _move_entry(session, workspace, share=True)
    _auto_sync(None, workspace)


@app.command("unshare", cls=PlainCommand)
def unshare_command(
    session: str = typer.Argument(..., help="An entry you shared: a date, a file name or its "
                                            "start."),
    workspace: str | None = WorkspaceOption,
) -> None:
    """Take back an entry you shared: it moves back to your own folder.

    Example: reflect unshare 2026-03-12
    """
    _move_entry(session, workspace, share=False)
    _auto_sync(None, workspace)


def _move_entry(reference: str, workspace: str | None, *, share: bool) -> None:
    """Share (to the workspace) or unshare (back to the private folder) one journal entry."""
    from .app import sharing
    from .app.finding import find_session
    from .storage import workspace as spaces
    from .textsafe import visible

    chosen = spaces.chosen(workspace)
    if chosen is None:
        raise BadInputError("no workspace is in use, so there is nobody to share with",
                            hint="Join your partnership's with: reflect workspace join "
                                 "FOLDER|URL; or send the entry by e-mail: reflect share "
                                 "SESSION -o FILE")
    # Found among the entries it can be (your own, or the workspace's); moved by a store
    # that holds both.
    finder = _store(None, workspace=workspace, view="journal" if share else "meetings")
    if share and not finder.count() and not finder.unreadable():
        # Not "there are no sessions in ~/.local/share/reflect/logs yet" to someone whose
        # entries are all shared already.
        raise BadInputError("you have no private journal entries to share",
                            hint="Any you shared already are in the workspace (reflect list "
                                 "shows them). Write a new one with: reflect session -p "
                                 "purpose.impact")
    entry = find_session(finder, reference)
    store = _store(None, workspace=workspace)
    if entry.root != ("logs" if share else "workspace"):
        raise BadInputError(f"{visible(entry.name)} is not "
                            + ("one of your own entries" if share else "in the workspace"))
    if share:
        from .app import identity

        read, moved = sharing.share_entry(store, entry, identity.current())
        typer.echo(f"Shared '{visible(read.display_title)}' with {visible(chosen.name)}: "
                   f"{visible(str(moved))}")
        if chosen.kind == "git" and chosen.sync != "auto":
            typer.echo("It goes to the others at your next: reflect sync")
    else:
        read, moved = sharing.unshare_entry(store, entry)
        typer.echo(f"Took back '{visible(read.display_title)}': it is in your own folder again "
                   f"({visible(str(moved))}).")
        if chosen.kind == "git":
            typer.echo("Those who synced meanwhile keep their copy, and the repository's "
                       "history still holds it (git keeps every version).")
        else:
            typer.echo("Anyone who copied the shared folder meanwhile may keep a copy.")


def _send_entry(reference: str, output: str, directory: Path | None,
                workspace: str | None) -> None:
    """reflect share -o FILE: one entry as a file to send by e-mail (a new file)."""
    from .app import identity, sharing
    from .app.finding import find_session
    from .textsafe import visible

    path = _output_path(output)  # checked before anything is read
    store = _store(directory, workspace=workspace)
    read, text = sharing.entry_to_send(store, find_session(store, reference), identity.current())
    _emit(text, str(path))
    by = f" by {visible(read.author.name)}" if read.author is not None else ""
    typer.echo(f"It holds '{visible(read.display_title)}'{by}, and stays private here. Attach "
               "the file to an e-mail; the facilitator brings it in with: reflect import FILE",
               err=True)


@app.command("import", cls=PlainCommand)
def import_command(
    files: list[Path] = typer.Argument(..., metavar="FILE",
                                       help="Log files sent to you (reflect share -o FILE); "
                                            "give as many as you like."),
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Bring in entries (or meetings) people sent you by e-mail, with their authors: into the
    workspace in use, or your own folder without one. A file that is not a readable log is
    named and left out; one already here is not written twice.

    Examples:

      reflect import priya-entry.md

      reflect import ~/Downloads/*.md
    """
    from .app import sharing
    from .textsafe import visible

    everything = _store(directory, workspace=workspace)
    if "workspace" in everything.roots:
        target = _store(directory, workspace=workspace, view="meetings")
        where = "the workspace"
    else:
        target, where = everything, f"your folder {visible(str(everything.location))}"
    done = sharing.import_logs(files, everything, target)
    for given, session, path in done.written:
        by = f" by {visible(session.author.name)}" if session.author else " (no author recorded)"
        typer.echo(f"Brought in '{visible(session.display_title)}'{by}, from {given}: "
                   f"{visible(path.name)} in {where}")
    for given, there in done.already:
        typer.echo(f"Already here: {given} is the same session as {there}; not written again.")
    for given, why in done.refused:
        typer.echo(f"Left out {given}: {why}", err=True)
    if done.written:
        _auto_sync(directory, workspace)
    elif done.refused:
        raise typer.Exit(int(ExitCode.BAD_INPUT))


# -- reflect rate and reflect ratings: rating rounds ------------------------------------------
RoundOption = typer.Option(None, "--round", "-r", metavar="NAME",
                           help="The rating round (a name the facilitator gave it).")


def _today() -> Any:
    import datetime as dt

    return dt.date.today()


def _round_workspace(workspace: str | None, needed: str) -> Any:
    from .storage import workspace as spaces

    chosen = spaces.chosen(workspace)
    if chosen is None:
        raise BadInputError(f"no workspace is in use, and {needed}",
                            hint="Join your partnership's with: reflect workspace join "
                                 "FOLDER|URL. Without one, rate into a file to send with: "
                                 "reflect rate --round NAME -o my-ratings.yaml")
    return chosen


@app.command("rate", cls=PlainCommand)
def rate_command(
    round_name: str | None = RoundOption,
    open_mode: str | None = typer.Option(
        None, "--open", metavar="MODE",
        help="Open the round (facilitator): anonymous (no names), named, or alias (a name "
             "each member picks once)."),
    close: bool = typer.Option(False, "--close",
                               help="Close the round (facilitator): no more changes; it can "
                                    "then be revealed."),
    answers: str | None = typer.Option(None, "--answers", "-a", metavar="FILE",
                                       help="Take the ratings from this YAML or JSON file "
                                            "without asking ('-' reads standard input)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="No workspace: write your ratings to this new "
                                           "file, to send to the facilitator."),
    mode: str = typer.Option("anonymous", "--mode", metavar="MODE",
                             help="With -o: anonymous (the default), named or alias."),
    sector: str | None = typer.Option(None, "--sector", metavar="SECTOR",
                                      help="Your sector (default: as 'reflect config' says)."),
    alias: str | None = typer.Option(None, "--alias", metavar="NAME",
                                     help="Your alias for alias rounds, chosen once: the same "
                                          "in every round."),
    framework: Path | None = FrameworkOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Rate the self-assessment on your own before the meeting, with a line on why if you
    like. Your ratings are revealed together with everyone's once the round is closed; until
    then only the number of submissions is shown. Run it again to change yours.

    Examples:

      reflect rate -r Spring --open anonymous    (facilitator: open a round)

      reflect rate -r Spring                     (each member: rate)

      reflect rate -r Spring --close             (facilitator: close it)

      reflect rate -r Spring -o my-ratings.yaml  (no workspace: a file to send)

      reflect rate -r Spring --answers my-ratings.yaml

      reflect rate                               (the rounds and their counts)
    """
    from .app import rounds

    if round_name is None:
        if open_mode is not None or close or answers is not None or output is not None:
            raise BadInputError("say which round with --round NAME",
                                hint="For example: reflect rate --round \"Spring 2027\"")
        chosen = _round_workspace(workspace, "rounds are kept in a workspace")
        lines, damaged = rounds.rounds_status(chosen.path)
        for line in damaged:
            _note(line)
        if not lines:
            _say("No rating rounds yet. A facilitator opens one with:")
            typer.echo("  reflect rate --round NAME --open anonymous")
        for line in lines:
            typer.echo(line)
        _rounds_next(chosen.path)
        return
    if open_mode is not None and close:
        raise BadInputError("--open and --close go one at a time")
    if (open_mode is not None or close) and (answers is not None or output is not None):
        raise BadInputError("--open and --close are for the facilitator; --answers and -o "
                            "are for rating")
    fw = _framework(framework)
    if fw.assessment is None or not any(p.type == "rating" for p in fw.assessment.prompts):
        raise BadInputError("this framework has no self-assessment ratings to rate")
    from .textsafe import visible

    shown = visible(round_name)
    if open_mode is not None:
        chosen = _round_workspace(workspace, "a round is opened in a workspace")
        item = rounds.open_round(chosen.path, round_name,
                                 rounds.check_mode(open_mode, "--open"), _today(),
                                 chosen.kind == "git")
        _say(f"Opened the {item.mode} rating round \"{shown}\". Members rate with:")
        typer.echo(f"  reflect rate --round \"{shown}\"")
        _say("Until you close it, only the number of submissions is shown. Close it with:")
        typer.echo(f"  reflect rate --round \"{shown}\" --close")
        if chosen.kind == "git":
            _say("It goes to the others at your next: reflect sync")
        return
    if close:
        chosen = _round_workspace(workspace, "rounds are kept in a workspace")
        item, count = rounds.close_round(chosen.path, round_name, _today(),
                                         chosen.kind == "git")
        _say(f"The round \"{shown}\" is closed ({item.closed:%d/%m/%Y}), with "
             f"{count} submission{'s' if count != 1 else ''}. Reveal it with:")
        typer.echo(f"  reflect ratings --round \"{shown}\"")
        return
    _rate(fw, round_name, answers=answers, output=output, mode=mode, sector=sector,
          alias=alias, workspace=workspace)


def _rate(fw: Any, round_name: str, *, answers: str | None, output: str | None, mode: str,
          sector: str | None, alias: str | None, workspace: str | None) -> None:
    """A member's ratings: asked (or read from --answers), then written."""
    from .app import identity, rounds
    from .storage import rounds as round_files
    from .textsafe import visible

    folder = git_base = target = None
    count = 0
    if output is not None:
        target = _output_path(output)
        round_mode = rounds.check_mode(mode, "--mode")
    elif _given_on_command_line("mode"):
        raise BadInputError("--mode goes with -o (a file to send): a round in a workspace has "
                            "the mode the facilitator chose")
    else:
        chosen = _round_workspace(workspace, "there is no round to rate in")
        item, folder = round_files.load_round(chosen.path, round_name)
        if not item.is_open:
            raise BadInputError(f"the round '{visible(item.name)}' is closed: ratings can no "
                                "longer be sent or changed",
                                hint=f"See them with: reflect ratings --round "
                                     f"\"{visible(item.name)}\"")
        round_name, round_mode = item.name, item.mode
        git_base = chosen.path if chosen.kind == "git" else None
        count = len(round_files.submission_files(folder))
    me = identity.current()
    interactive = answers is None
    if interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInputError("reflect rate asks questions, so it needs to run in a terminal "
                            "window.",
                            hint="To rate without questions, give the ratings in a file: "
                                 "reflect rate --round NAME --answers ratings.yaml")
    ratings: dict[str, int] = {}
    why: dict[str, str] = {}
    said_sector: str | None = sector
    if answers is not None:
        ratings, why, from_file = rounds.read_answers(answers, fw)
        said_sector = sector if sector is not None else from_file
    if said_sector is not None:  # as the framework spells it, or a "did you mean"
        said_sector = identity.check_sector(said_sector, fw.sectors or _sectors())
    if interactive:
        from .terminal import prompting, rating

        prompting.load()
        where = f"round \"{visible(round_name)}\" ({round_mode})"
        rating.tell(f"Rating on your own: the {where}" + (
            f", {count} submission{'s' if count != 1 else ''} so far." if folder else "."))
        rating.tell(rounds.notice(round_mode))
        if round_mode == "named" and me is None:
            me = prompting.ask_who_you_are(fw.sectors or _sectors())
            if me is None:
                raise BadInputError("this round is named, and you would rather not say who "
                                    "you are: nothing was sent")
            identity.save(me)
        if round_mode == "alias" and alias is None and not round_files.alias():
            alias = rating.ask_alias()
        if said_sector is None and not (me and me.sector):
            said_sector = rating.ask_sector(fw.sectors or _sectors())
        member = rounds.member_for(round_mode, me, sector=said_sector, alias=alias)
        rating.tell(f"Your sector: {visible(member.sector or 'not said')}"
                    + (" (from reflect config; --sector gives another)"
                       if said_sector is None else "") + ".")
        before = rounds.my_submission(folder, fw) if folder is not None else None
        if before is not None:
            ratings, why = dict(before.ratings), dict(before.why)
            rating.tell("You sent ratings in this round already: they are filled in, to keep "
                        "or change.")
        if not rating.ask_ratings(fw, ratings, why):
            rating.tell("Stopped: nothing was sent" + (" (what you sent before stays)."
                                                       if before is not None else "."))
            return
    else:
        member = rounds.member_for(round_mode, me, sector=said_sector, alias=alias)
    sent = rounds.submit(fw, round_name, member, ratings, why, _today(), folder=folder,
                         output=target, git_base=git_base)
    rated = f"{len(ratings)} rating{'s' if len(ratings) != 1 else ''}"
    if sent.count is None:
        yours = "Your rating is" if len(ratings) == 1 else f"Your {rated} are"
        typer.echo(f"{yours} in {visible(str(sent.path))}: send this file to the "
                   "facilitator (by e-mail, say)."
                   + (" It holds no name; the e-mail shows who sent it."
                      if member.mode == "anonymous" else ""))
        return
    typer.echo(("Changed your ratings" if sent.replaced else "Sent your ratings")
               + f" ({rated}) in the round \"{visible(round_name)}\": "
               f"{sent.count} submission{'s' if sent.count != 1 else ''} so far.")
    typer.echo("You can change them until the round is closed: run the same command again.")
    if git_base is not None:
        typer.echo("They go to the others at your next: reflect sync")


def _sectors() -> Any:
    from .domain.meeting import DEFAULT_SECTORS

    return DEFAULT_SECTORS


@app.command("ratings", cls=PlainCommand)
def ratings_command(
    files: list[str] | None = typer.Argument(None, metavar="FILE", hidden=True),
    round_name: str | None = RoundOption,
    format: ReportFormat = FormatOption,
    output: str | None = OutputOption,
    framework: Path | None = FrameworkOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Reveal a closed rating round: for each characteristic, how many rated, the median,
    lowest and highest, how many gave each score, the why lines, and the median of each
    sector, the widest disagreement first ("discuss first"). An open round shows only its
    number of submissions. Without a workspace, give the files members sent (reflect rate
    -o), or the folder you saved them in.

    Examples:

      reflect ratings --round "Spring 2027"

      reflect ratings --round "Spring 2027" --format markdown -o ratings.md

      reflect ratings ~/Downloads/ratings/        (files members e-mailed)
    """
    from .app import rounds
    from .outputs import reveal

    fw = _framework(framework)
    if files:
        if round_name is not None:
            raise BadInputError("give --round or submission files, not both")
        revealed = rounds.reveal_files(files, fw)
    else:
        if round_name is None:
            raise BadInputError("say which round with --round NAME, or give submission files",
                                hint="See the rounds with: reflect rate")
        chosen = _round_workspace(workspace, "rounds are kept in a workspace")
        revealed = rounds.reveal_round(chosen.path, round_name, fw)
    for line in revealed.skipped:
        _note(line)
    name = getattr(format, "value", format)
    if name not in ("terminal", "markdown", "json"):
        raise BadInputError(f"the ratings are shown as terminal, markdown or json, not {name}")
    count = len(revealed.submissions)
    if name == "json":
        text = reveal.json_text(revealed.item, revealed.reveals, count)
    elif name == "markdown":
        text = reveal.markdown_text(revealed.item, revealed.reveals, count, revealed.anonymous)
    else:
        from .outputs import plain

        width = 80 if output is not None else max(30, plain.width() - 1)
        text = reveal.terminal_text(revealed.item, revealed.reveals, count, width,
                                    revealed.anonymous)
    _emit(text, output)


@workspace_app.command("use")
def workspace_use(name: str = typer.Argument(..., metavar="NAME",
                                             help="The workspace's name.")) -> None:
    """Switch to another of your workspaces.

    Example: reflect workspace use "North Partnership"
    """
    from .storage import workspace
    from .textsafe import visible

    chosen = workspace.use(name)
    typer.echo(f"Now using the workspace '{visible(chosen.name)}' ({visible(str(chosen.path))}).")


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
                                       help="The day of the session, like 2026-03-12, "
                                            "12/03/2026 or 12 March 2026, day first "
                                            "(default: today)."),
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
        help="A meeting: share N minutes across the questions; a clock shows the time "
             "used on each against its share."),
    count_notes: bool = typer.Option(
        False, "--count-notes",
        help="A meeting: add to the log how many notes were typed for each person (left out "
             "unless asked for: it counts notes, not who spoke)."),
    ratings: list[str] = typer.Option(
        [], "--ratings", metavar="FILE",
        help="A meeting: show the ratings members sent (reflect rate -o) on each "
             "characteristic's screen; repeat for more files, or give their folder."),
    framework: Path | None = FrameworkOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Go through the framework and save your answers as a dated log.

    Examples:

      reflect session                      (the whole framework)

      reflect session -q purpose -q role   (two questions)

      reflect session -p learning.acting   (one prompt, for journaling)

      reflect session --kind meeting --minutes 90 --participants people.yaml

      reflect session --answers examples/answers.yaml

      reflect session --kind meeting --ratings ~/Downloads/ratings/
    """
    from .app import session_flow
    from .domain.asking import parse_date

    options = session_flow.SessionOptions(
        title=title, kind=session_flow.check_kind(kind, count_notes),
        date=parse_date(date) if date is not None else None,
        questions=tuple(question), prompts=tuple(prompt), pick=pick, from_last=from_last,
        resume=resume, answers=answers, participants=participants,
        minutes=session_flow.parse_minutes(minutes), count_notes=count_notes,
        resume_command=session_flow.resume_command(directory, framework,
                                                   workspace=workspace))
    fw = _framework(framework)
    if ratings and answers is not None:
        raise BadInputError("--ratings goes with a meeting run at the terminal, not with "
                            "--answers")
    store = _store(directory, reading=False, one_shot=answers is not None, workspace=workspace)
    options.share_with = _partnership(store, workspace)
    if answers is not None:
        session, path = session_flow.scripted_session(fw, store, options)
    else:
        result = session_flow.interactive_session(
            fw, store, options, _round_reveal(fw, ratings, directory, workspace))
        if result is None:
            return
        session, path = result
    from .outputs import plain

    if answers is not None and not plain.colour_wanted(sys.stdout):
        # A scripted session's words, at once (without loading rich to draw a box).
        sys.stdout.write("".join(f"{line}\n" for line in plain.summary_lines(session, path)))
    else:
        from .terminal import render

        render.summary(session, path)
    _auto_sync(directory, workspace, path)


def _partnership(store: Any, workspace: str | None) -> str | None:
    """The name of the workspace a store writes to (None: no workspace is in use)."""
    if "workspace" not in store.roots:
        return None
    from .storage import workspace as spaces

    chosen = spaces.chosen(workspace)
    return chosen.name if chosen is not None else None


def _round_reveal(fw: Any, given: list[str], directory: Path | None,
                  workspace: str | None) -> Any:
    """A meeting's view of a rating round: the files given with --ratings, else the offer of
    the workspace's newest round (None: neither)."""
    if not given and not sys.stdin.isatty():
        return None  # (the session itself says it needs a terminal)
    from .app import rounds
    from .storage import workspace as spaces

    shared = spaces.chosen(workspace) if directory is None or workspace is not None else None

    def confirm(message: str) -> bool:
        from .terminal import prompting

        return prompting.confirm(message, default=True)

    return rounds.meeting_wrapper(fw, given, shared.path if shared is not None else None,
                                  shared is not None and shared.kind == "git", _today(),
                                  confirm, _note)


# -- reading -------------------------------------------------------------------------------------
AuthorOption = typer.Option(None, "--author", metavar="NAME",
                            help="Only sessions this person wrote (their name, with any case "
                                 "and accents, or part of it).")


@app.command("list", cls=PlainCommand)
def list_command(
    author: str | None = AuthorOption,
    format: ReportFormat = FormatOption,
    json_output: bool = JsonOption,
    output: str | None = OutputOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """List your sessions, newest first, and who wrote each.

    Example: reflect list --author "Priya Shah"
    """
    import contextlib
    import io
    import json

    from .outputs.plain import width

    store = _store(directory, workspace=workspace)
    chosen = _format(format, json_output)

    def listed() -> str:
        from .app import reports

        entries = reports.load_sessions(store, author)
        if "workspace" in store.roots:
            for entry in entries:
                entry.note = "private" if entry.root == "logs" else ""
        shown = chosen.sessions(entries, store.location)
        if output is not None:
            return shown.text()
        screen = io.StringIO()
        with contextlib.redirect_stdout(screen):
            shown.show()
        return screen.getvalue()

    # A list of thousands of sessions is kept in the index until a log changes (every log's
    # stamp is still looked at first): asked again the same way, of the same reflect (another
    # may lay it out otherwise), it is printed as it was made.
    asked = [type(chosen).__name__, output is not None, width(), author, sorted(store.hidden),
             __version__]
    text = store.remembered_text("list", json.dumps(asked, ensure_ascii=False), listed)
    _out(registry.Written(text), output)
    if "workspace" in store.roots and (conflicts := store.conflicts()):
        _say_conflicts(conflicts)


@app.command("show", cls=PlainCommand)
def show_command(
    session: str = typer.Argument("latest", help="A date (12/03/2026, 12 March 2026), a file "
                                                 "name or its start, 'latest' or 'latest~1'."),
    no_pager: bool = NoPagerOption,
    format: str = typer.Option("terminal", "--format", metavar="FORMAT",
                               help="terminal (the log as written; the default), or a clean "
                                    "copy to share by e-mail, without the log's front matter "
                                    "or hidden markers: markdown, html or docx (Word)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write the clean copy to this new file (docx: "
                                           "default a name that says what it is, in the "
                                           "folder you are in)."),
    force: bool = typer.Option(False, "--force", help="Replace the -o file if it exists."),
    public: bool = typer.Option(False, "--public", help="For readers outside the partnership: "
                                "nobody named (each person by role or sector), no check-in, "
                                "notes or individual ratings."),
    leave_out: list[str] = typer.Option([], "--leave-out", metavar="WHAT",
                                        help="Leave out some of checkin, notes, ratings, "
                                             "names (separated by commas). Without --public, "
                                             "only people who agreed to be named are named."),
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Show one log in the terminal (the latest by default). A log taller than the screen
    opens in a pager (less: Space for the next page, q to quit). With --format markdown, html
    or docx, a clean copy of it to share: its answers, without front matter or markers.

    Examples:

      reflect show 2026-03-12

      reflect show 2026-03-12 --format docx -o entry.docx

      reflect show latest --public --format markdown -o board.md

      reflect show latest --leave-out checkin,notes
    """
    from .app.finding import find_session

    store = _store(directory, workspace=workspace)
    if format != "terminal" or output is not None:
        _show_clean(store, session, format, output, force, public=public,
                    leave_out=leave_out)
        return
    from .outputs import plain
    from .terminal.pager import paged

    entry = find_session(store, session)
    if public or leave_out:
        from .app.public import shared_log_text

        text = shared_log_text(store, entry, public=public, leave_out=leave_out)
    else:
        text = store.shown_text(entry)  # one that cannot be read says why, and where
    # A log's file name says whose it is (…-priya-shah.md): not in a copy to share.
    where = None if public or leave_out else entry.path
    with paged(not no_pager):
        if not plain.colour_wanted(sys.stdout):  # as written, at once (a long log is fast)
            _emit(plain.log_text(text, where), None)
            return
        from .terminal import render

        render.console().print(render.log_view(text, where, plain=False))


def _show_clean(store: Any, session: str, format: str, output: str | None,
                force: bool, *, public: bool = False, leave_out: list[str] | None = None
                ) -> None:
    """reflect show --format markdown|html|docx: one entry, clean, to print or write."""
    from .app import report as reporting
    from .textsafe import argument_text

    if format == "terminal":
        raise BadInputError("-o writes a clean copy of the session to share, and needs its "
                            "format", hint="Add --format markdown, html or docx, for example: "
                                           "reflect show latest --format docx -o entry.docx")
    if format not in reporting.ENTRY_FORMATS:
        raise BadInputError(f"--format {argument_text(format)} is not a format of reflect show",
                            hint="Give --format terminal (the log as it is written, the "
                                 "default), or markdown, html or docx for a clean copy.")
    # Its headings as the log has them; people as consent (and --public) allow.
    made = reporting.load_entry(store, session, public=public, leave_out=leave_out or ())
    content = reporting.render(made, format)
    # On the screen when no file is named (a Word document always goes to a file).
    _write_or_print(made, content, format, "-" if output is None and isinstance(
        content, str) else output, force, public=public)


@app.command("edit", cls=PlainCommand)
def edit_command(
    session: str = typer.Argument("latest", help="A file name, a date, the start of a file "
                                                 "name, 'latest' or 'latest~1'."),
    answer: str | None = typer.Option(None, "--answer", metavar="ID",
                                      help="Correct the answer to this prompt (its id)."),
    note: str | None = typer.Option(None, "--note", metavar="ID:N",
                                    help="Correct the N-th note on this prompt."),
    action: int | None = typer.Option(None, "--action", metavar="N",
                                      help="Correct the N-th action agreed."),
    to: str | None = typer.Option(None, "--to", metavar="NAME",
                                  help="Give the note to this person, or the action to them, "
                                       "instead of opening the editor."),
    remove: bool = typer.Option(False, "--remove", help="Take the note or the action out."),
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Correct an answer, a note or an action in a log.

    In your editor, or by picking who from a list. Without --answer, --note or
    --action, reflect lists what there is to pick from. The log is changed only
    if nobody changed it since it was read; if they did, your correction is kept
    in a file and the log is left as it is.

    Examples:

      reflect edit              (the latest session: pick from a list)

      reflect edit 2026-03-12 --answer purpose.impact

      reflect edit latest --note purpose.impact:2 --to "Fatima Begum"

      reflect edit latest --action 1 --remove
    """
    from .app import editing
    from .terminal import render
    from .textsafe import visible

    asked = editing.Asked(answer=answer, note=note, action=action, to=to, remove=remove)
    done = editing.correct(_store(directory, workspace=workspace), session, asked,
                           interactive=sys.stdin.isatty() and sys.stdout.isatty())
    out = render.console()
    if done.path is not None:
        out.print(f"Corrected {visible(str(done.path))}", markup=False, highlight=False)
    for line in done.lines:
        out.print(visible(line), markup=False, highlight=False)
    if done.path is not None:
        _auto_sync(directory, workspace, done.path)


@app.command("config", cls=PlainCommand)
def config_command(
    name: str | None = typer.Option(None, "--name", metavar="NAME", help="Your name."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="ORG",
                                            help="Your organisation."),
    sector: str | None = typer.Option(None, "--sector", metavar="SECTOR",
                                      help="Your sector, one of the framework's: NHS, Local "
                                           "authority, VCSE, Community member, Other."),
    forget: bool = typer.Option(False, "--forget", help="Forget who you are: logs written "
                                                        "from then on record no author."),
    framework: Path | None = FrameworkOption,
) -> None:
    """Say or show who you are: each log records its author.

    Your name, organisation and sector are kept on this computer only, in a file private to
    you, and each log you write from then on records them as its author (for a meeting: the
    person running it). Give only what changes; with nothing, shows what is kept and where
    (in a terminal, when nothing is kept yet, asks).

    Example: reflect config --name "Priya Shah" --organisation "Northfield NHS Trust"
    --sector NHS
    """
    from .app import identity
    from .domain.meeting import DEFAULT_SECTORS
    from .textsafe import visible

    path = identity.config_file()

    def say(text: str) -> None:
        """A line on the screen, wrapped at spaces to its width (a terminal would cut words:
        'private' / ' to you', '--organisati' / 'on'); as it is when piped."""
        if sys.stdout.isatty():
            import textwrap

            from .outputs import plain

            text = textwrap.fill(text, width=max(20, plain.width()), break_long_words=False,
                                 break_on_hyphens=False, replace_whitespace=False,
                                 drop_whitespace=True)
        typer.echo(text)

    if forget:
        if name is not None or organisation is not None or sector is not None:
            raise BadInputError("--forget cannot go with --name, --organisation or --sector",
                                hint="Give one or the other.")
        if path.is_file() or path.is_symlink():
            path.unlink()
            say(f"Forgotten: {visible(str(path))} is removed. Logs you write from now on "
                "record no author.")
        else:
            say("reflect did not know who you are: nothing to forget.")
        return
    if name is None and organisation is None and sector is None:
        author = identity.load()
        if author is None and sys.stdin.isatty() and sys.stdout.isatty():
            from .terminal import prompting

            fw = _framework(framework) if framework is not None else None
            author = identity.who_am_i(prompting.ask_who_you_are,
                                       (fw.sectors if fw else ()) or DEFAULT_SECTORS)
            if author is not None:
                say("Saved.")
    else:
        fw = _framework(framework) if framework is not None else None
        author = identity.change(name=name, organisation=organisation, sector=sector,
                                 sectors=(fw.sectors if fw else ()) or DEFAULT_SECTORS)
        say("Saved.")
    if author is None:
        say("reflect does not know who you are yet.")
        say('Say it with: reflect config --name "Your Name" --organisation "Your '
            'organisation" --sector NHS')
        say(f"The sectors are: {', '.join(DEFAULT_SECTORS)}.")
        say(f"It is kept on this computer only, in {visible(str(path))}, and each log you "
            "write from then on records it as its author.")
        return
    say("Who you are:")
    say(f"  Name:          {visible(author.name)}")
    say(f"  Organisation:  {visible(author.organisation) or '(not given)'}")
    say(f"  Sector:        {visible(author.sector) or '(not given)'}")
    say(f"Each log you write records this as its author. Kept, private to you, in "
        f"{visible(str(path))}.")
    say('Change it with: reflect config --name "..." (or --organisation, --sector); '
        "stop with: reflect config --forget")


@app.command("where", cls=PlainCommand)
def where_command(directory: Path | None = DirOption) -> None:
    """Print the folder where logs are kept.

    Example: reflect where
    """
    typer.echo(str(_dir(directory)))


@app.command("actions", cls=PlainCommand,
             short_help="List the open actions of meetings and journal entries.")
def actions_command(
    owner: str | None = typer.Option(None, "--owner", metavar="NAME",
                                     help="Only actions for this person (part of a name is "
                                          "enough)."),
    show_all: bool = typer.Option(False, "--all", help="Also actions that are done or "
                                                       "dropped."),
    format: ReportFormat = FormatOption,
    json_output: bool = JsonOption,
    output: str | None = OutputOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """List the open actions agreed in meetings and added to journal entries, oldest first.

    In a workspace: the partnership's (meetings and shared entries) and those of your own
    entries, marked private.

    Example: reflect actions --owner Tom
    """
    from .app import reports

    chosen = _format(format, json_output)
    loaded = reports.load_actions(_store(directory, workspace=workspace, view="all"),
                                  owner=owner, include_closed=show_all)
    _left_out(loaded.left_out)
    _out(chosen.actions(loaded.report, loaded.left_out, owner=owner, include_closed=show_all),
         output)


@app.command("digest", cls=PlainCommand,
             short_help="What members shared since the last meeting, by question.")
def digest_command(
    since: str | None = typer.Option(None, "--since", metavar="DATE",
                                     help="Entries written on or after this day, like "
                                          "2026-03-01, 01/03/2026 or 1 March 2026 (default: "
                                          "since the last meeting)."),
    format: ReportFormat = FormatOption,
    output: str | None = OutputOption,
    no_pager: bool = NoPagerOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """What members shared since the last meeting, by question: who, when, and the first
    lines of each answer, to prepare the meeting's agenda.

    The next meeting in the workspace starts with the same list, to read out or skip.

    Example: reflect digest --format markdown -o agenda.md

    Example: reflect digest --since 2026-03-01
    """
    from .app.digest import load_digest
    from .outputs import digest as digest_output
    from .outputs import plain

    day = _day(since, "--since")
    shared = _workspace(directory, workspace)
    if shared is None:
        raise BadInputError("reflect digest lists what members of a partnership shared, and "
                            "no workspace is in use",
                            hint="Join your partnership's workspace with: reflect workspace "
                                 "join FOLDER (or name one with --workspace NAME; see yours "
                                 "with: reflect workspace).")
    from .storage.workspace import open_workspace_store

    store = open_workspace_store(_dir(directory), shared, "meetings")
    _opened.append(store)
    import contextlib

    order: tuple[str, ...] = ()
    with contextlib.suppress(ReflectError):  # (else: in the order the entries give them)
        order = tuple(s.id for s in _framework(None).sections)
    loaded = load_digest(store, since=day, order=order)
    _left_out(loaded.left_out)
    width = plain.width() if output is None else 80
    # (On the screen, the warning above names them already.)
    named = loaded.left_out if output is not None or format.value != "terminal" else []
    text = digest_output.render(loaded.report, format.value, width, named)
    _out(registry.Written(text), output, pager=not no_pager and format.value == "terminal")


def _say_conflicts(groups: Any) -> None:
    """Name each session a sync tool left two copies of (on stderr, after the list)."""
    from .textsafe import visible

    for group in groups:
        names = ", ".join(visible(entry.name) for entry in group)
        typer.echo(f"{'Two' if len(group) == 2 else len(group)} copies of one session: "
                   f"{names}. A sync tool (OneDrive, Dropbox, Syncthing) made them when two "
                   "people changed it at once; reports count it once. Keep the right one and "
                   "delete the other.", err=True)


def _left_out(entries: Any) -> None:
    """Warn about the logs that cannot be read and are left out (rich is loaded only then)."""
    if entries:
        from .terminal import render

        render.left_out(entries)


def _format(format: ReportFormat, json_alias: bool = False) -> Format:
    """The output format chosen with --format (or with --json, which is --format json)."""
    name = format.value
    if json_alias and name not in (registry.DEFAULT, "json"):
        raise BadInputError(f"--json is short for --format json, and --format {name} was "
                            "given too", hint="Give one of them.")
    return registry.get("json" if json_alias else name)


def _out(shown: Output, output: str | None, *, pager: bool = False) -> None:
    """Show a report on the screen (through the pager when it is long, if `pager`), or write
    it to the new file named by -o."""
    if output is not None:
        _emit(shown.text(), output)
    elif pager:
        from .terminal.pager import paged

        with paged():
            shown.show()
    else:
        shown.show()


# -- reflect compare, history, trends ------------------------------------------------------------
SinceOption = typer.Option(None, "--since", metavar="DATE",
                           help="Only sessions on or after this day, like 2026-01-31, "
                                "31/01/2026 or 31 January 2026.")
UntilOption = typer.Option(None, "--until", metavar="DATE",
                           help="Only sessions on or before this day, like 2026-01-31, "
                                "31/01/2026 or 31 January 2026.")
AllOption = typer.Option(False, "--all", help="Show every one (no --limit).")


def _limit(limit: int, every: bool) -> int | None:
    """How many to show: --limit, or None for --all."""
    if every:
        return None
    if limit < 1:
        raise BadInputError(f"--limit must be 1 or more, not {limit}",
                            hint="Give how many to show, or --all to show every one.")
    return limit


def _day(value: str | None, option: str) -> Any:
    if value is None:
        return None
    from .domain.asking import parse_date

    return parse_date(value, option)


@app.command("compare", cls=PlainCommand)
def compare_command(
    first: str | None = typer.Argument(None, metavar="A",
                                       help="A session (default: the latest earlier one of "
                                            "the latest's kind and author that asked some of "
                                            "its prompts)."),
    second: str | None = typer.Argument(None, metavar="B",
                                        help="Another session (default: the latest)."),
    question: list[str] = typer.Option([], "--question", "-q", metavar="ID",
                                       help="Only this question (its id); repeat for more."),
    only_changed: bool = typer.Option(False, "--only-changed",
                                      help="Only what changed: leave out prompts answered the "
                                           "same both times, and those asked or answered in "
                                           "one session only."),
    format: ReportFormat = FormatOption,
    output: str | None = OutputOption,
    no_pager: bool = NoPagerOption,
    framework: Path | None = FrameworkOption,
    kind: str | None = KindOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Compare two sessions, prompt by prompt: what changed and how.

    Each prompt is marked unchanged, changed (with the words deleted and added), newly
    answered, no longer answered, skipped in one, or not asked in one; ratings show the old
    and new value and the change.

    With no sessions named, compares the latest with the latest earlier session of the same
    kind and author (a meeting with a meeting, your entry with your own) that asked some of
    the same prompts (and says which); with one, that one and the latest. In a workspace it
    reads the meetings unless --kind journal.
    Name a session by its file name, its date (2026-03-12, 12/03/2026 or 12 March 2026,
    day first), the start of its file name,
    'latest', or 'latest~1' for the one before the latest ('latest~2' for the one before
    that, and so on). The older session is always shown first, and the questions in the
    framework's order.

    Examples:

      reflect compare 2026-03-12 latest

      reflect compare --kind journal    (your latest entry with your one before it)
    """
    from .app import reports

    store = _store(directory, workspace=workspace, view="kind", kind=kind)
    loaded = reports.load_comparison(store, first, second, questions=question,
                                      only_changed=only_changed,
                                      order=lambda: reports.framework_order(store, framework))
    _left_out(loaded.left_out)
    if loaded.note:  # which two were chosen, and why (on stderr: the report stays as it is)
        _note(loaded.note)
    _out(_format(format).comparison(loaded.report, loaded.left_out), output,
         pager=not no_pager)


@app.command("history", cls=PlainCommand)
def history_command(
    target: str = typer.Argument(..., metavar="ID",
                                 help="A prompt id (purpose.impact) or a question id (purpose)."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    only_changed: bool = typer.Option(False, "--only-changed",
                                      help="Leave out answers that did not change since the "
                                           "one before."),
    limit: int = typer.Option(20, "--limit", "-n", metavar="N",
                              help="Show the latest N sessions that asked it."),
    every: bool = AllOption,
    author: str | None = AuthorOption,
    format: ReportFormat = FormatOption,
    output: str | None = OutputOption,
    no_pager: bool = NoPagerOption,
    kind: str | None = KindOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Every answer to a prompt (or a question) over time, and what changed.

    ID is a prompt id, like purpose.impact, or a question id, like purpose, for all its
    prompts. Answers are shown oldest first, each with what changed since the one before:
    those of the latest 20 sessions that asked it, unless --limit or --all says otherwise.

    Example: reflect history purpose.impact --since 2026-01-01
    """
    from .app import reports

    store = _store(directory, workspace=workspace, view="kind", kind=kind)
    loaded = reports.load_history(store, target, since=_day(since, "--since"),
                                   until=_day(until, "--until"), only_changed=only_changed,
                                   limit=_limit(limit, every), author=author)
    _left_out(loaded.left_out)
    _out(_format(format).history(loaded.report, loaded.left_out), output, pager=not no_pager)


@app.command("trends", cls=PlainCommand)
def trends_command(
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    question: list[str] = typer.Option([], "--question", "-q", metavar="ID",
                                       help="Only the ratings of this question (its id); "
                                            "repeat for more."),
    only_changed: bool = typer.Option(False, "--only-changed",
                                      help="Leave out ratings that are where they started."),
    limit: int = typer.Option(50, "--limit", "-n", metavar="N",
                              help="The latest N sessions that gave ratings."),
    every: bool = AllOption,
    author: str | None = AuthorOption,
    format: ReportFormat = FormatOption,
    output: str | None = OutputOption,
    framework: Path | None = FrameworkOption,
    kind: str | None = KindOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """The self-assessment ratings over time, and the biggest changes.

    For each characteristic: its values over time as a small chart, the first and the latest
    value, and the change between them; the three biggest changes (of a point or more) are
    marked. The scale is the framework's. The latest 50 sessions with ratings are read, unless
    --limit or --all says otherwise.

    Examples:

      reflect trends --since 2026-01-01

      reflect trends --kind journal --author "Priya Shah"   (one person's own ratings)
    """
    from .app import reports

    store = _store(directory, workspace=workspace, view="kind", kind=kind)
    loaded = reports.load_trends(store, since=_day(since, "--since"),
                                  until=_day(until, "--until"), questions=question,
                                  only_changed=only_changed,
                                  framework=lambda: _framework(framework),
                                  limit=_limit(limit, every), author=author)
    _left_out(loaded.left_out)
    _out(_format(format).trends(loaded.report, loaded.left_out), output)


@app.command("search", cls=PlainCommand)
def search_command(
    words: list[str] = typer.Argument(..., metavar="WORDS",
                                      help='Words to find (all of them), or a "phrase in '
                                           'quotes".'),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    question: list[str] = typer.Option([], "--question", "-q", metavar="ID",
                                       help="Only answers to this question or prompt (its "
                                            "id); repeat for more."),
    limit: int = typer.Option(20, "--limit", "-n", metavar="N",
                              help="Show the newest N passages found."),
    every: bool = AllOption,
    author: str | None = AuthorOption,
    format: ReportFormat = FormatOption,
    output: str | None = OutputOption,
    no_pager: bool = NoPagerOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """Find answers, notes, check-ins and actions that hold all the words, newest first.

    Case and accents do not matter ("cafe" finds "Café"); put a phrase in quotes to find
    those words together and in order. Matching words are marked. The newest 20 passages
    are shown, unless --limit or --all says otherwise.

    Example: reflect search "waiting lists" --since 2026-01-01
    """
    from .app import reports

    loaded = reports.load_search(_store(directory, workspace=workspace), " ".join(words),
                                 since=_day(since, "--since"), until=_day(until, "--until"),
                                 questions=question, limit=_limit(limit, every),
                                 author=author)
    _left_out(loaded.left_out)
    _out(_format(format).search(loaded.report, loaded.left_out), output, pager=not no_pager)


# -- reflect report ------------------------------------------------------------------------------
class ReportOutput(str, Enum):
    html = "html"
    docx = "docx"
    markdown = "markdown"
    pdf = "pdf"


@app.command("report", cls=PlainCommand)
def report_command(
    session: str | None = typer.Argument(None, metavar="SESSION",
                                         help="A session: a date (12/03/2026), a file name or "
                                              "its start, 'latest' or 'latest~1' (default: the "
                                              "latest meeting)."),
    since: str | None = typer.Option(None, "--since", metavar="DATE",
                                     help="A report on the meetings of a period, from this "
                                          "day (like 2026-01-31 or 31/01/2026)."),
    until: str | None = typer.Option(None, "--until", metavar="DATE",
                                     help="A report on the meetings of a period, up to this "
                                          "day."),
    format: ReportOutput = typer.Option(ReportOutput.html, "--format", metavar="FORMAT",
                                        help="html (a page for any browser, with charts; the "
                                             "default), docx (Word), markdown or pdf (printed "
                                             "by Chromium or Chrome, when installed)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="The file to write (default: a name that says what "
                                           "it is, in the folder you are in)."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
    summary_only: bool = typer.Option(False, "--summary-only",
                                      help="Leave out the appendix of answers, question by "
                                           "question."),
    public: bool = typer.Option(False, "--public", help="For readers outside the partnership: "
                                "nobody named (each person by role or sector), no check-in, "
                                "notes or individual ratings."),
    leave_out: list[str] = typer.Option([], "--leave-out", metavar="WHAT",
                                        help="Leave out some of checkin, notes, ratings, "
                                             "names (separated by commas). People who did not "
                                             "agree to be named are never named."),
    message: list[str] = typer.Option([], "--message", "-m", metavar="TEXT",
                                      help="A key message to head the summary (give it once "
                                           "for each; instead of the meeting's own)."),
    framework: Path | None = FrameworkOption,
    workspace: str | None = WorkspaceOption,
    directory: Path | None = DirOption,
) -> None:
    """A report for a board or a funder: a summary, charts and the answers.

    A one-page summary (who took part by sector, time spent, what changed since last time,
    the actions: new, done, carried over, overdue), the self-assessment as charts, then the
    answers question by question (--summary-only leaves them out).

    The latest meeting by default; name a session, or give --since/--until for a report on
    the meetings of a period. The file is written in the folder you are in (its name is said
    at the end), or where -o says; an existing file is never replaced without --force.

    Only people who agreed to be named are named; everyone else appears by role or sector.
    --public names nobody and leaves out the check-in, notes and each person's rating. The
    report says under its title what it left out.

    Examples:

      reflect report --format docx

      reflect report --public -m "Housing joins in May" -o for-the-funder.html
    """
    from .app import report as reporting

    store = _store(directory, workspace=workspace)
    if output is not None and output.strip() and output != "-":
        # Said at once, not after a report over years of meetings has been made.
        reporting.check_target(Path(output), force=force)
    made = reporting.load_report(store, session, since=_day(since, "--since"),
                                 until=_day(until, "--until"), summary_only=summary_only,
                                 framework=lambda: _framework(framework), public=public,
                                 leave_out=leave_out, messages=message)
    name = format.value
    if name == "pdf":
        path = _report_path(made, name, output, public=public)
        reporting.make_pdf(made, path, force=force)
        _written(path, public=public)
    else:
        _write_or_print(made, reporting.render(made, name), name, output, force,
                        public=public)


def _report_path(made: Any, format: str, output: str | None, *, public: bool = False) -> Path:
    from .app import report as reporting

    if output is not None and not output.strip():
        raise BadInputError("-o/--output needs a file name, and it was given an empty one")
    if output == "-":  # never a file named '-': docx and pdf are not text for the screen
        raise BadInputError(f"-o - prints to the screen, and --format {format} is not text",
                            hint=f"Give a file name: -o report.{format}")
    return Path(output) if output is not None else reporting.default_name(
        made, format, Path.cwd(), public=public)


def _write_or_print(made: Any, content: str | bytes, format: str, output: str | None,
                    force: bool, *, public: bool = False) -> None:
    """A report written to its file (-o, or a name of its own in the folder the person is
    in), or printed when -o is '-' (a format that is text)."""
    from .app import report as reporting

    if output == "-":
        if not isinstance(content, str):
            raise BadInputError(f"-o - prints to the screen, and --format {format} is not "
                                "text", hint="Give a file name: -o report.docx")
        _emit(content, None)
        return
    path = _report_path(made, format, output, public=public)
    reporting.write_report(content, path, force=force)
    _written(path, public=public)


def _written(path: Path, *, public: bool = False) -> None:
    from .textsafe import argument_text

    # Said, so that the copy for the public is never mistaken for the one that names people.
    said = " (for readers outside the partnership: nobody named)" if public else ""
    _note(f"Written to {argument_text(str(path))}{said}")


class OutputError(ReflectError):
    """Standard output cannot be written: a full disk, /dev/full, a device error."""


class _GuardedStdout:
    """sys.stdout, where a failure to write (other than a reader that has gone, as with
    `| head`, which is quiet) becomes an OutputError: one line on stderr, not a traceback."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _output_error(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _output_error(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_error(error: OSError) -> OutputError:
    reason = error.strerror or str(error)
    return OutputError(f"cannot write to standard output: {reason}")


def main() -> None:
    """The console script.

    When a command has finished, reflect leaves without Python's tidying-up of every loaded
    module (about 15 ms of a 150 ms command): everything it writes is already flushed and
    fsynced by then, and it uses no exit handlers. An unexpected error still goes through
    Python's normal exit, so its traceback is shown.

    Standard output that is closed (`>&-`) stops reflect before it does anything; one that
    cannot be written (`> /dev/full`) gives a message and exit code 1.
    """
    import contextlib
    import os

    def say(error: ReflectError) -> None:
        from .terminal import render  # only when there is something to say: --help never loads rich

        render.error(error)

    if sys.stdout is None:
        say(ReflectError("standard output is closed: reflect has nowhere to write"))
        os._exit(int(ExitCode.FAILURE))
    sys.stdout = _GuardedStdout(sys.stdout)
    _only_what_is_called(sys.argv[1:])
    try:
        app()
        code: object = 0
    except SystemExit as exit_:
        code = exit_.code
    except OutputError as error:  # while typer itself was printing (help, a usage error)
        say(error)
        code = int(error.exit_code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `reflect history purpose | head`: the reader has gone, fine
        pass
    except OutputError as error:  # the last of the output could not be written
        if not code:  # (if the command failed, it has said so already)
            say(error)
            code = int(error.exit_code)
    with contextlib.suppress(OSError):  # nowhere left to say anything
        sys.stderr.flush()
    _leave(code or 0)


def _only_what_is_called(args: list[str]) -> None:
    """Leave out of the command line's parser the commands this run does not call: typer
    makes every command's parser on every run (a dozen commands and their options, about
    10 ms). Only when the command is named plainly; 'reflect', 'reflect --help' and a
    mistyped command keep them all (to list them, or to suggest the nearest)."""
    named = next((arg for arg in args if not arg.startswith("-")), None)
    if named is None:
        return
    commands = [c for c in app.registered_commands if c.name == named]
    groups = [g for g in app.registered_groups if g.name == named]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def _leave(code: int) -> None:
    """Leave at once, skipping the interpreter's tidying-up (about 15 ms): safe because all
    output is flushed and every file written is fsynced. If anything registered an exit
    handler (a library, or later code of reflect's), leave the normal way so it runs."""
    import atexit
    import os

    handlers = getattr(atexit, "_ncallbacks", None)
    if handlers is None or handlers() > 0:
        sys.exit(code)
    os._exit(code)
