"""The speed tricks, each guarded: a test here fails loudly when a library they lean on changes.

- plainparams.py checks plain options without pydantic, through typer's internal RuntimeParam
  (typer is pinned to the range where this is tested, in pyproject.toml);
- main() leaves without the interpreter's tidying-up, unless an exit handler is registered;
- `reflect --help` loads neither rich, questionary nor SQLite, and no command loads pydantic.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reflect_cli import plainparams

ROOT = Path(__file__).resolve().parent.parent


def test_typer_still_has_what_plainparams_leans_on() -> None:
    """If this fails, typer changed its internals: plain options would go through pydantic
    again (slower, not wrong). Update plainparams.py for the new typer, then the pin."""
    assert plainparams.RuntimeParam is not None
    for name in ("_coerce_value",):
        assert hasattr(plainparams.RuntimeParam, name)


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REFLECT_DIR": str(tmp_path / "logs"), "NO_COLOR": "1",
           "REFLECT_CACHE_DIR": str(tmp_path / "cache"),
           "REFLECT_DRAFTS_DIR": str(tmp_path / "drafts")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_an_exit_handler_still_runs(tmp_path: Path) -> None:
    """main() skips the interpreter's tidying-up only when nothing would be lost by it."""
    done = _run("import atexit, sys\n"
                "atexit.register(lambda: print('HANDLER RAN', file=sys.stderr))\n"
                "sys.argv = ['reflect', 'where']\n"
                "from reflect_cli.cli import main\n"
                "main()\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "HANDLER RAN" in done.stderr
    assert done.stdout.strip().endswith("logs")


def test_the_exit_code_survives_the_quick_exit(tmp_path: Path) -> None:
    done = _run("import sys\nsys.argv = ['reflect', 'show', 'nothing-like-this']\n"
                "from reflect_cli.cli import main\nmain()\n", tmp_path)
    assert done.returncode == 2
    assert "there are no sessions in" in done.stderr  # (an empty journal)


@pytest.mark.parametrize("args", [["--help"], ["where"], ["list", "--help"]])
def test_help_and_where_load_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    done = _run("import sys\n"
                f"sys.argv = ['reflect', *{args!r}]\n"
                "from reflect_cli.cli import app\n"
                "try:\n    app()\nexcept SystemExit:\n    pass\n"
                "heavy = [m for m in ('rich.console', 'questionary', 'prompt_toolkit', "
                "'sqlite3', 'pydantic', 'yaml') if m in sys.modules]\n"
                "print('HEAVY', heavy, file=sys.stderr)\n", tmp_path)
    assert "HEAVY []" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["list"], ["show"], ["actions"], ["search", "x"],
                                  ["history", "purpose"], ["trends"], ["compare"]])
def test_no_command_loads_pydantic(tmp_path: Path, args: list[str]) -> None:
    answers = ROOT / "examples" / "answers.yaml"
    done = _run("import sys\n"
                "from reflect_cli.cli import app\n"
                f"for argv in (['session', '--answers', {str(answers)!r}], {args!r}):\n"
                "    try:\n        app(argv, prog_name='reflect')\n"
                "    except SystemExit:\n        pass\n"
                "print('PYDANTIC', 'pydantic' in sys.modules, file=sys.stderr)\n", tmp_path)
    assert "PYDANTIC False" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["list"], ["show"], ["actions"]])
def test_a_scripted_session_and_plain_lists_do_not_load_rich(tmp_path: Path,
                                                             args: list[str]) -> None:
    """Without colour (a file, a pipe, NO_COLOR), a scripted session's summary and the plain
    lists are written without rich (40 ms to load)."""
    answers = ROOT / "examples" / "answers.yaml"
    done = _run("import sys\n"
                "from reflect_cli.cli import app\n"
                f"for argv in (['session', '--answers', {str(answers)!r}],\n"
                f"             ['session', '--answers', {str(answers)!r}], {args!r}):\n"
                "    try:\n        app(argv, prog_name='reflect')\n"
                "    except SystemExit:\n        pass\n"
                "print('RICH', 'rich.console' in sys.modules, file=sys.stderr)\n", tmp_path)
    assert "Saved. " in done.stdout
    assert "RICH False" in done.stderr, done.stderr


def test_only_the_command_called_is_made_and_the_others_still_answer(tmp_path: Path) -> None:
    """reflect makes the parser of the command it runs alone; 'reflect', '--help' and a
    mistyped command still see every command."""
    done = _run("import sys\n"
                "from reflect_cli import cli\n"
                "cli._only_what_is_called(['--debug', 'list', '--dir', 'x'])\n"
                "print('LEFT', [c.name for c in cli.app.registered_commands],\n"
                "      [g.name for g in cli.app.registered_groups], file=sys.stderr)\n", tmp_path)
    assert "LEFT ['list'] []" in done.stderr, done.stderr
    done = _run("import sys\n"
                "from reflect_cli import cli\n"
                "cli._only_what_is_called(['workspace', 'create', 'x'])\n"
                "print('LEFT', [c.name for c in cli.app.registered_commands],\n"
                "      [g.name for g in cli.app.registered_groups], file=sys.stderr)\n", tmp_path)
    assert "LEFT [] ['workspace']" in done.stderr, done.stderr
    env = {**os.environ, "REFLECT_DIR": str(tmp_path / "logs"), "NO_COLOR": "1",
           "REFLECT_CACHE_DIR": str(tmp_path / "cache")}

    def reflect(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reflect_cli", *args], capture_output=True,
                              text=True, env=env, timeout=60, check=False)

    every = reflect("--help")
    assert every.returncode == 0
    assert all(name in every.stdout for name in ("session", "list", "compare", "workspace"))
    mistyped = reflect("lst")
    assert mistyped.returncode == 2
    assert "list" in mistyped.stderr  # the nearest command is suggested
    assert reflect("list").returncode == 0
    assert "history [OPTIONS] {ID}" in reflect("history", "--help").stdout
    assert "create" in reflect("workspace", "--help").stdout
