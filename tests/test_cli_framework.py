"""`reflect framework show|export`, --version, and the help people read (snapshots)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import yaml
from markdown_it import MarkdownIt

from reflect_cli import __version__
from reflect_cli.cli import app
from reflect_cli.domain.model import Framework
from reflect_cli.inputs.framework import load_framework

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("REFLECT_UPDATE_SNAPSHOTS") == "1"


def flat(text: str) -> str:
    """Output with rich's line wrapping and panel borders undone."""
    return " ".join(text.replace("│", " ").split())


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group under `reflect`, as the words you type."""
    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = command_paths()
SUBCOMMANDS = [path for path in COMMANDS if path]


def snapshot_name(path: tuple[str, ...]) -> str:
    return "-".join(("reflect", *path)) + "-help.txt"


# -- reflect framework show ----------------------------------------------------------------------
def test_show_the_whole_framework(invoke, framework: Framework) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "show")
    assert result.exit_code == 0, result.output
    output = flat(result.stdout)
    assert output.startswith(f"{framework.title} {framework.subtitle} "
                             f"id {framework.id} · version {framework.version}")
    for number, question in enumerate(framework.questions, 1):
        assert f"Question {number}: {question.title}" in output
        assert f"id: {question.id}" in output
    assert "Characteristics of effective partnerships" in output
    assert "Scale: 1 = Not at all, 2 = A little, 3 = Partly, 4 = Mostly, 5 = Fully" in output
    for _, prompt in framework.prompts():
        assert f"[{prompt.id}]" in output.replace(" ", "") or f"[{prompt.id}]" in output
    assert "Further resources" in output


def test_show_one_question(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "show", "purpose")
    assert result.exit_code == 0, result.output
    output = flat(result.stdout)
    assert output.startswith("╭─ Question 1: What is the purpose of the partnership's work?")
    assert "Points to consider" in output
    assert "Who are the intended beneficiaries of your work together? [purpose.beneficiaries]" in (
        output)
    assert "Examples from partnerships" in output
    assert "Helpful resources" in output
    assert "Uncovering purpose" in output
    assert "Question 2" not in output
    assert "A reflective learning framework for partnering" not in output


def test_show_the_self_assessment(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "show", "characteristics")
    assert result.exit_code == 0, result.output
    output = flat(result.stdout)
    assert "Rate each of these" in output
    assert "[characteristics.trust]" in output
    assert "Question 1" not in output


def test_show_an_unknown_question(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "show", "purpos")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert flat(result.stderr) == (
        "Error: there is no question 'purpos'; the ids are: purpose, role, members, workload, "
        "learning, characteristics")


def test_show_a_framework_of_your_own(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\nversion: '2'\ntitle: My framework\nquestions:\n"
                    "  - id: why\n    question: Why are we here?\n    prompts:\n"
                    "      - id: why.really\n        text: No, really, why?\n", encoding="utf-8")
    result = invoke("framework", "show", "--framework", str(path))
    assert result.exit_code == 0, result.output
    output = flat(result.stdout)
    assert output.startswith("My framework id mine · version 2")
    assert "Question 1: Why are we here?" in output
    assert "[why.really]" in output
    assert "King's Fund" not in output


# -- reflect framework export --------------------------------------------------------------------
def test_export_markdown(invoke, framework: Framework) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "export", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"# {framework.title}\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens)
                if t.type == "heading_open" and t.tag == "h2"]
    assert headings == [f"{n}. {q.title}" for n, q in enumerate(framework.questions, 1)] + [
        "Characteristics of effective partnerships", "Further resources"]
    items = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]
    for question in framework.questions:
        for prompt in question.prompts:
            assert " ".join(prompt.text.split()) in items
    cells = [t.content for t in tokens if t.type == "inline"]
    assert framework.assessment is not None
    for prompt in framework.assessment.prompts:
        assert prompt.text in cells
    assert "Rate each from 1 to 5: 1 = Not at all, 2 = A little, 3 = Partly, 4 = Mostly, " \
           "5 = Fully." in text
    assert any(t.type == "table_open" for t in tokens)


def test_export_is_markdown_by_default(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("framework", "export").stdout == invoke(
        "framework", "export", "--format", "markdown").stdout


def test_export_json(invoke, framework: Framework) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["id"], data["version"], data["title"]) == (
        framework.id, framework.version, framework.title)
    assert [q["id"] for q in data["questions"]] == [q.id for q in framework.questions]
    assert [[p["id"] for p in q["prompts"]] for q in data["questions"]] == [
        [p.id for p in q.prompts] for q in framework.questions]
    assert {p["type"] for q in data["questions"] for p in q["prompts"]} == {"text"}
    assert all(q["question"] and q["explanation"] and q["examples"] and q["resources"]
               for q in data["questions"])
    assessment = data["self_assessment"]
    assert assessment["id"] == "characteristics"
    assert len(assessment["prompts"]) == 12
    for prompt in assessment["prompts"]:
        assert prompt["type"] == "rating"
        assert prompt["scale"] == [{"value": 1, "label": "Not at all"},
                                   {"value": 2, "label": "A little"},
                                   {"value": 3, "label": "Partly"},
                                   {"value": 4, "label": "Mostly"},
                                   {"value": 5, "label": "Fully"}]


def test_export_yaml_loads_back_to_the_same_framework(
        invoke, framework: Framework, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "export", "--format", "yaml")
    assert result.exit_code == 0, result.output
    path = tmp_path / "copy.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    loaded = load_framework(path)
    assert loaded.path == str(path)
    assert dataclasses.replace(loaded, path=framework.path) == framework
    assert yaml.safe_load(result.stdout)["reflect_framework"] == 1


def test_export_to_a_file_never_overwrites(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "handout.md"
    result = invoke("framework", "export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Written to {target}" in result.stderr
    assert target.read_text(encoding="utf-8") == invoke("framework", "export").stdout
    target.write_text("my edits", encoding="utf-8")
    result = invoke("framework", "export", "--format", "json", "-o", str(target))
    assert result.exit_code == 2
    assert "already exists" in flat(result.stderr)
    assert target.read_text(encoding="utf-8") == "my edits"


def test_export_an_unknown_format(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("framework", "export", "--format", "pdf")
    assert result.exit_code == 2
    assert "pdf" in result.output
    assert "Traceback" not in result.output


# -- version and help ----------------------------------------------------------------------------
def test_version(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"reflect {__version__}\n"


def test_no_arguments_shows_help(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke()
    assert result.exit_code in (0, 2)  # click exits 2 for a group without a command
    assert "Usage: reflect" in result.output
    assert "session" in result.output


def test_help_lists_commands_in_the_order_a_newcomer_needs_them(invoke) -> None:  # type: ignore[no-untyped-def]
    """A session first, then reading what was said, then the partnership's commands, then
    where things are; every command has its place (a new one must be given one)."""
    from reflect_cli.cli import COMMAND_ORDER

    out = invoke("--help").stdout
    listed = [line.split()[0] for line in out.split("Commands:\n", 1)[1].splitlines()
              if line.startswith("  ") and not line.startswith("   ")]
    assert listed == list(COMMAND_ORDER)
    assert listed[:4] == ["session", "list", "show", "edit"]
    assert listed.index("ratings") < listed.index("where")
    # A group's commands keep their own order.
    workspace = invoke("workspace", "--help").stdout.split("Commands:\n", 1)[1]
    assert [line.split()[0] for line in workspace.splitlines() if line.strip()] == [
        "create", "join", "use"]


def test_every_command_is_known() -> None:
    assert set(SUBCOMMANDS) >= {("session",), ("list",), ("show",), ("where",), ("framework",),
                                ("framework", "show"), ("framework", "validate"),
                                ("framework", "export")}


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(("reflect", *p)))
def test_help_matches_snapshot(invoke, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: reflect {' '.join(path)}".rstrip() + " ")
    assert "-h, --help" in result.stdout
    snapshot = SNAPSHOTS / snapshot_name(path)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(result.stdout, encoding="utf-8")
    assert snapshot.exists(), (
        f"no snapshot {snapshot.name}: create it with REFLECT_UPDATE_SNAPSHOTS=1 pytest")
    assert result.stdout == snapshot.read_text(encoding="utf-8"), (
        f"--help of {' '.join(path) or 'reflect'} changed; if that is intended, run "
        "REFLECT_UPDATE_SNAPSHOTS=1 pytest tests/test_cli_framework.py and review the diff")


def test_short_help_option(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("-h").stdout == invoke("--help").stdout
    assert invoke("framework", "show", "-h").stdout == invoke("framework", "show",
                                                             "--help").stdout


def test_no_stale_snapshots() -> None:
    expected = {snapshot_name(path) for path in COMMANDS}
    present = {p.name for p in SNAPSHOTS.glob("*-help.txt")}
    assert present <= expected, f"snapshots of commands that no longer exist: {present - expected}"


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=lambda p: " ".join(p))
def test_every_command_help_has_an_example(invoke, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"reflect {path[0]}" in result.stdout.split("Example", 1)[1]


def test_help_does_not_import_the_prompting_libraries(tmp_path: Path) -> None:
    """questionary and prompt_toolkit are slow to import: only asking a question loads them."""
    runs = [[*path, "--help"] for path in COMMANDS] + [
        ["framework", "show", "purpose"], ["list"], ["where"], ["--version"]]
    code = (
        "import sys, json\n"
        "from reflect_cli.cli import app\n"
        f"for args in {runs!r}:\n"
        "    try:\n"
        "        app(args, prog_name='reflect')\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code in (0, None), (args, exit.code)\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('questionary', 'prompt_toolkit'))\n"
        "sys.stderr.write('MODULES ' + json.dumps(heavy) + '\\n')\n"
        "sys.stderr.write('CLI ' + json.dumps('reflect_cli.cli' in sys.modules) + '\\n')\n"
    )
    env = {**os.environ, "REFLECT_DIR": str(tmp_path / "journal"), "NO_COLOR": "1",
           "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stderr.splitlines()
                 if line.startswith(("MODULES ", "CLI ")))
    assert json.loads(lines["CLI"]) is True
    assert json.loads(lines["MODULES"]) == []
    assert "Usage: reflect framework show" in done.stdout  # the runs really ran


def test_the_console_script_flushes_everything_and_keeps_exit_codes(tmp_path: Path) -> None:
    """main() leaves without Python's tidying-up: output must still arrive whole."""
    env = {**os.environ, "REFLECT_DIR": str(tmp_path / "journal"), "NO_COLOR": "1"}
    run = [sys.executable, "-c", "from reflect_cli.cli import main; main()"]
    exported = subprocess.run([*run, "framework", "export", "--format", "json"], env=env,
                              capture_output=True, text=True, check=False)
    assert exported.returncode == 0
    assert json.loads(exported.stdout)["id"] == "kings-fund-partnering"
    missing = subprocess.run([*run, "show", "nothing-here"], env=env, capture_output=True,
                             text=True, check=False)
    assert missing.returncode == 2
    assert "there are no sessions in" in missing.stderr
