"""The output registry: every format has every report, a new format is one module and one line,
and the list of sessions and the actions come in each format."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reflect_cli.domain.compare import Comparison, compare_sessions, status_label
from reflect_cli.domain.model import Answer, Session
from reflect_cli.outputs import registry

ROOT = Path(__file__).resolve().parent.parent
LOGS = str(ROOT / "examples" / "logs")


@pytest.mark.parametrize("name", list(registry.FORMATS))
def test_every_format_has_every_report(name: str) -> None:
    made = registry.get(name)
    assert isinstance(made, registry.Format)
    for report in registry.REPORTS:
        wanted = inspect.signature(getattr(registry.Format, report))
        got = inspect.signature(getattr(made, report))
        assert list(got.parameters) == [p for p in wanted.parameters if p != "self"], (
            f"{name}.{report} takes {got}, and Format.{report} {wanted}")


def test_the_reports_are_the_commands() -> None:
    assert set(registry.REPORTS) == {"comparison", "history", "trends", "search", "actions",
                                     "sessions"}


def test_a_format_is_imported_only_when_it_is_used() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys\nimport reflect_cli.cli\n"
         "print(sorted(m for m in sys.modules if m.startswith('reflect_cli.outputs.')))"],
        capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['reflect_cli.outputs.registry']"


NEW_FORMAT = '''
from reflect_cli.outputs.registry import Written


class Shouting:
    def comparison(self, report, left_out):
        return Written(f"COMPARED {report.before.title} AND {report.after.title}")

    def history(self, report, left_out):
        return Written("HISTORY")

    def trends(self, report, left_out):
        return Written("TRENDS")

    def search(self, report, left_out):
        return Written(f"FOUND {len(report.hits)}")

    def actions(self, report, left_out, *, owner, include_closed):
        return Written(f"{len(report)} ACTIONS")

    def sessions(self, entries, folder):
        return Written(f"{len(entries)} SESSIONS")
'''


@pytest.mark.parametrize(("args", "shown"), [
    (["compare"], "COMPARED Spring partnership review AND Autumn partnership review"),
    (["list"], "2 SESSIONS"), (["actions", "--all"], "4 ACTIONS"),
    (["search", "purpose"], "FOUND")])
def test_a_new_format_is_one_module_and_one_line(tmp_path: Path, args: list[str],
                                                 shown: str) -> None:
    (tmp_path / "shouting.py").write_text(NEW_FORMAT, encoding="utf-8")
    code = ("import sys\n"
            f"sys.path.insert(0, {str(tmp_path)!r})\n"
            "from reflect_cli.outputs import registry\n"
            "registry.FORMATS['shouting'] = ('shouting:Shouting', 'in capitals')\n"
            "from reflect_cli.cli import app\n"
            f"app([*{args!r}, '--format', 'shouting', '--dir', {LOGS!r}], "
            "prog_name='reflect')\n")
    env = {**os.environ, "REFLECT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(shown)


def test_help_names_every_format(invoke) -> None:  # type: ignore[no-untyped-def]
    assert registry.help_text() == ("terminal (default), markdown (a report to save and "
                                    "share) or json (for other tools).")


# -- reflect list and reflect actions in each format -----------------------------------------
def test_list_as_markdown_is_a_table(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("list", "--format", "markdown", "--dir", LOGS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == ["# Sessions", "", "2 sessions, newest first."]
    assert lines[4] == "| Date | Title | Kind | Questions | Answered | Skipped | File |"
    assert lines[6].startswith("| 2026-09-17 | Autumn partnership review | meeting | ")
    assert lines[6].endswith(" | `2026-09-17-autumn-partnership-review.md` |")
    assert lines[7].startswith("| 2026-03-12 | Spring partnership review |")


def test_list_with_no_sessions(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("list", "--format", "markdown").stdout == "# Sessions\n\nNo sessions yet.\n"
    assert invoke("list", "--format", "json").stdout == "[]\n"
    assert invoke("list").stdout.startswith("No sessions yet in ")


def test_json_is_the_same_as_format_json(invoke) -> None:  # type: ignore[no-untyped-def]
    for command in (["list"], ["actions", "--all"]):
        alias = invoke(*command, "--json", "--dir", LOGS)
        chosen = invoke(*command, "--format", "json", "--dir", LOGS)
        assert alias.exit_code == chosen.exit_code == 0, alias.output
        assert alias.stdout == chosen.stdout
        json.loads(alias.stdout)


def test_json_and_another_format_together_is_an_error(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("list", "--json", "--format", "markdown", "--dir", LOGS)
    assert result.exit_code == 2
    assert "--json is short for --format json" in result.stderr


def test_json_is_hidden_from_help_but_works(invoke) -> None:  # type: ignore[no-untyped-def]
    for command in ("list", "actions"):
        shown = invoke(command, "--help").stdout
        assert "--json" not in shown
        assert "--format FORMAT" in shown
        assert "-o, --output FILE" in shown


def test_actions_as_markdown(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("actions", "--all", "--format", "markdown", "--dir", LOGS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["# Actions", ""]
    assert len(lines) == 2 + 4
    assert all(line.startswith("- **") for line in lines[2:])
    assert lines[2] == ("- **Hold a half-day to rewrite our purpose together, led by the community "
                        "groups**: Sam Okafor · by Tuesday 30 June 2026 · agreed Thursday 12 "
                        "March 2026 · done")


def test_no_actions_as_markdown(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("actions", "--owner", "Nobody", "--format", "markdown", "--dir", LOGS)
    assert result.stdout == ("# Open actions for Nobody\n\nNo open actions. Actions are added "
                             "during sessions, meetings and journal entries alike.\n")


@pytest.mark.parametrize("format", list(registry.FORMATS))
@pytest.mark.parametrize("command", [["list"], ["actions", "--all"]])
def test_list_and_actions_write_a_file(invoke, tmp_path: Path, format: str,  # type: ignore[no-untyped-def]
                                       command: list[str]) -> None:
    target = tmp_path / "out.txt"
    result = invoke(*command, "--format", format, "-o", str(target), "--dir", LOGS)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Written to" in result.stderr
    on_screen = invoke(*command, "--format", format, "--dir", LOGS).stdout
    assert target.read_text(encoding="utf-8") == on_screen  # 80 columns, as the tests' screen


# -- worded once -----------------------------------------------------------------------------
def _rating_comparison(top: int | None) -> Comparison:
    def rated(day: str, value: int, label: str) -> Session:
        date = dt.date.fromisoformat(day)
        answer = Answer("characteristics.trust", "characteristics", rating=value,
                        rating_of=top, rating_label=label)
        return Session(id=day, date=date,
                       created=dt.datetime.combine(date, dt.time(10), dt.timezone.utc),
                       framework_id="f", framework_version="1", title=day, kind="journal",
                       sections=["characteristics"], answers=[answer])

    return compare_sessions(rated("2026-01-01", 3, "Partly"), rated("2026-02-01", 4, "Mostly"))


@pytest.mark.parametrize(("top", "before", "after"), [
    (5, "3 of 5 (Partly)", "4 of 5 (Mostly)"),
    (None, "3 (Partly)", "4 (Mostly)"),
    (0, "3 (Partly)", "4 (Mostly)")])  # a top of 0 is unknown, as None is: nothing is said
def test_every_format_words_a_rating_and_a_status_alike(top: int | None, before: str,
                                                        after: str) -> None:
    comparison = _rating_comparison(top)
    terminal = registry.get("terminal").comparison(comparison, ()).text()
    markdown = registry.get("markdown").comparison(comparison, ()).text()
    assert f"{before} → {after}  +1" in terminal
    assert f"{before} → {after}, **+1**" in markdown
    assert " of 0" not in terminal + markdown
    label = status_label("changed")
    assert f"1 {label}" in terminal
    assert f"1 {label}." in markdown
    assert f"*{label.capitalize()}.*" in markdown
    data = json.loads(registry.get("json").comparison(comparison, ()).text())
    prompt = data["questions"][0]["prompts"][0]
    assert prompt["rating"]["scale_top"] == (top or None)  # the comparison's: 0 is unknown
    assert prompt["after"]["rating_of"] == top  # the answer as the log holds it
