"""Text from outside never drives the terminal (issue 9): generated cases.

Each hostile string (escape sequences, BEL, DEL, a C1 control, bidi controls, a lone surrogate,
rich markup) is put where reflect reads text it did not write: log titles, answers, notes,
participants' names and organisations, action texts and owners, framework text, and file
names that end up in messages. Every human-readable output must show it as a visible escape
(`\\x1b`, `\\u202e`) and let no raw control or bidi character through; JSON and YAML keep it
exactly, as escapes; the log on disk keeps every character.

The "unsafe" test below is written from unicodedata, independently of textsafe's own pattern.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from reflect_cli.cli import app
from reflect_cli.domain.asking import Step
from reflect_cli.domain.meeting import Action, Meeting, Participant, TrackedAction
from reflect_cli.domain.model import Answer, Framework, Session
from reflect_cli.inputs.framework import load_framework
from reflect_cli.outputs import screen as report_screen
from reflect_cli.outputs.framework import framework_yaml
from reflect_cli.terminal import render
from reflect_cli.textsafe import argument_text, json_safe, visible

# -- what counts as unsafe, from unicodedata ----------------------------------------------------
_BIDI_CLASSES = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}
_BIDI_MARKS = {"\u200e", "\u200f", "\u061c"}  # LRM, RLM, ALM


def is_unsafe(ch: str) -> bool:
    if ch in "\n\t":
        return False
    category = unicodedata.category(ch)
    return (category in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI_MARKS
            or unicodedata.bidirectional(ch) in _BIDI_CLASSES)


_SGR = re.compile(r"\x1b\[[0-9;]*m")  # reflect's own colours, when colour is on


def raw_unsafe(text: str, colour: bool = False) -> list[str]:
    """The unsafe characters in `text` (reflect's own colour codes aside when colour is on)."""
    if colour:
        text = _SGR.sub("", text)
    return sorted({f"U+{ord(c):04X}" for c in text if is_unsafe(c)})


def squash(text: str, markdown: bool = False) -> str:
    """Text without spaces, line breaks and panel borders (and Markdown's backslashes), so a
    wrapped or escaped line reads as one word again."""
    out = "".join(c for c in text if not c.isspace() and c not in "│┃╭╮╰╯─")
    return out.replace("\\", "") if markdown else out


# -- the hostile strings -------------------------------------------------------------------------
@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    shown: str  # how a person must see it (written out by hand, not by visible())

    @property
    def surrogate(self) -> bool:
        return any(0xD800 <= ord(c) <= 0xDFFF for c in self.text)


HOSTILE = [
    Hostile("clear-screen", "\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),
    Hostile("osc52-clipboard", "\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),
    Hostile("window-title", "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    Hostile("osc8-link", "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
            "\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\"),
    Hostile("bel", "ding\x07dong", "ding\\x07dong"),
    Hostile("del", "rub\x7fout", "rub\\x7fout"),
    Hostile("c1-csi", "\x9b2J\x9b0m", "\\x9b2J\\x9b0m"),
    Hostile("bidi-rlo", "abc\u202edef", "abc\\u202edef"),
    Hostile("bidi-lri", "\u2066isolated\u2069", "\\u2066isolated\\u2069"),
    Hostile("lone-surrogate", "caf\udce9", "caf\\udce9"),
    Hostile("markup-bold", "[bold red]loud[/]", "[bold red]loud[/]"),
    Hostile("markup-link", "[link=http://x.example]y[/link]", "[link=http://x.example]y[/link]"),
]
IDS = [h.name for h in HOSTILE]
WRITABLE = [h for h in HOSTILE if not h.surrogate]  # a UTF-8 file cannot hold a lone surrogate
IN_FILE_NAMES = [h for h in HOSTILE if "/" not in h.text]

ENV = {"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb", "REFLECT_FRAMEWORK": None,
       "FORCE_COLOR": None}
COLOUR_ENV = {**ENV, "NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}


def run(args: list[str], colour: bool = False, **env: str) -> Any:
    result = CliRunner().invoke(app, args, env={**(COLOUR_ENV if colour else ENV), **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the test fails with it
    return result


def outputs(result: Any) -> tuple[str, str]:
    """stdout and stderr as text; bytes that are not UTF-8 become surrogates (unsafe)."""
    return (result.stdout_bytes.decode("utf-8", "surrogateescape"),
            result.stderr_bytes.decode("utf-8", "surrogateescape"))


def check_shown(text: str, expected: list[str], *, colour: bool = False,
                markdown: bool = False) -> None:
    """No raw unsafe character in `text`, and each expected escape is there to read."""
    assert raw_unsafe(text, colour) == [], text
    flat = squash(_SGR.sub("", text) if colour else text, markdown)
    for want in expected:
        assert squash(want, markdown) in flat, (want, text)


# -- hostile journals, written by reflect's own writer --------------------------------------------
def answers(h: Hostile, date: str, words: str, people: list[str]) -> dict[str, Any]:
    ann = f"Ann{h.text}"
    return {
        "title": f"TITLE{h.text}", "date": date, "kind": "meeting",
        "purpose.impact": f"{words} ANSWER{h.text} end",
        "characteristics.trust": 2 if date < "2026-03" else 4,
        "participants": [{"name": ann, "organisation": f"ORG{h.text}", "sector": "NHS"}]
        + [{"name": p, "organisation": "Elsewhere", "sector": "VCSE"} for p in people],
        "notes": {"purpose.impact": {ann: f"NOTE{h.text} said"}},
        "actions": [{"text": f"ACTION{h.text} do", "owner": ann, "due": "2026-06-30",
                     "question": "purpose"}],
    }


_journals: dict[str, Path] = {}


def written_journal(h: Hostile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two meetings whose titles, answers, notes, names, organisations and actions hold `h`,
    written with `reflect session --answers` (JSON, so the characters travel as escapes)."""
    if h.name not in _journals:
        base = tmp_path_factory.mktemp(f"written-{h.name}")
        journal = base / "journal"
        for number, (date, words, people) in enumerate(
                (("2026-01-10", "Before", ["Bob Lee"]), ("2026-03-12", "After", ["Cy Ng"]))):
            path = base / f"answers{number}.json"
            path.write_text(json.dumps(answers(h, date, words, people)), encoding="utf-8")
            result = run(["session", "--answers", str(path), "--dir", str(journal)])
            assert result.exit_code == 0, result.output
        _journals[h.name] = journal
    return _journals[h.name]


@pytest.fixture(params=WRITABLE, ids=[h.name for h in WRITABLE])
def written(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> tuple[Hostile, Path]:
    return request.param, written_journal(request.param, tmp_path_factory)


def test_logs_keep_every_character(written: tuple[Hostile, Path]) -> None:
    h, journal = written
    for log in sorted(journal.glob("*.md")):
        text = log.read_text(encoding="utf-8")
        for field in ("TITLE", "ANSWER", "NOTE", "Ann"):
            assert f"{field}{h.text}" in text  # in the body as written, not as an escape


@dataclass(frozen=True)
class View:
    """A command on a hostile journal, and the texts from the logs it must show."""

    name: str
    args: list[str]
    shows: tuple[str, ...]
    kind: str = "text"  # text, markdown or json
    colour: bool = False


VIEWS = [
    View("list", ["list"], ("TITLE",)),
    View("list-json", ["list", "--json"], ("TITLE",), "json"),
    View("show", ["show"], ("TITLE", "ANSWER", "Ann", "ORG", "NOTE", "ACTION")),
    View("show-colour", ["show"], ("TITLE", "ANSWER", "Ann", "ORG", "NOTE", "ACTION"),
         colour=True),
    View("show-older", ["show", "latest~1"], ("TITLE", "ANSWER", "Ann", "NOTE")),
    View("compare", ["compare"], ("TITLE", "ANSWER", "ACTION")),
    View("compare-colour", ["compare"], ("TITLE", "ANSWER", "ACTION"), colour=True),
    View("compare-markdown", ["compare", "--format", "markdown"], ("TITLE", "ANSWER", "ACTION"),
         "markdown"),
    View("compare-json", ["compare", "--format", "json"], ("TITLE", "ANSWER", "NOTE", "ACTION"),
         "json"),
    View("history", ["history", "purpose.impact"], ("TITLE", "ANSWER", "NOTE")),
    View("history-question-markdown", ["history", "purpose", "--format", "markdown"],
         ("TITLE", "ANSWER", "NOTE"), "markdown"),
    View("history-json", ["history", "purpose.impact", "--format", "json"],
         ("TITLE", "ANSWER", "NOTE"), "json"),
    View("actions", ["actions"], ("ACTION", "Ann")),
    View("actions-colour", ["actions"], ("ACTION", "Ann"), colour=True),
    View("actions-all-json", ["actions", "--all", "--json"], ("ACTION", "Ann"), "json"),
]


def _json_strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _json_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _json_strings(v)]
    return []


def check_json(text: str, h: Hostile, fields: tuple[str, ...]) -> None:
    """Valid JSON, nothing raw, and each field's text read back exactly (escaped, not lost)."""
    assert raw_unsafe(text) == [], text
    strings = _json_strings(json.loads(text))
    for field in fields:
        assert any(f"{field}{h.text}" in s for s in strings), (field, text)


@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_views_of_hostile_logs(view: View, written: tuple[Hostile, Path]) -> None:
    h, journal = written
    result = run([*view.args, "--dir", str(journal)], colour=view.colour)
    assert result.exit_code == 0, result.output
    out, err = outputs(result)
    assert raw_unsafe(err) == [], err
    if view.kind == "json":
        check_json(out, h, view.shows)
        return
    if view.colour:
        assert "\x1b[" in out  # colour is really on: reflect's own codes are there
    check_shown(out, [f"{field}{h.shown}" for field in view.shows], colour=view.colour,
                markdown=view.kind == "markdown")


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json"])
def test_reports_written_with_o(fmt: str, written: tuple[Hostile, Path],
                                tmp_path: Path) -> None:
    """A report written to a file is the same safe text as on the screen."""
    h, journal = written
    report = tmp_path / f"report.{fmt}"
    result = run(["compare", "--format", fmt, "-o", str(report), "--dir", str(journal)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    if fmt == "json":
        check_json(text, h, ("TITLE", "ANSWER"))
    else:
        check_shown(text, [f"TITLE{h.shown}", f"ANSWER{h.shown}"], markdown=fmt == "markdown")


def test_owner_filter_quoted_safely(written: tuple[Hostile, Path]) -> None:
    h, journal = written
    result = run(["actions", "--owner", f"Nobody{h.text}", "--dir", str(journal)])
    assert result.exit_code == 0
    check_shown(outputs(result)[0], [f"Nobody{h.shown}"])


# -- hand-edited logs ----------------------------------------------------------------------------
_CLEAN = {"title": "Clean title", "date": "2026-02-01", "kind": "journal",
          "purpose.impact": "PLACEHOLDER words"}


@pytest.fixture(scope="module")
def clean_log(tmp_path_factory: pytest.TempPathFactory) -> str:
    base = tmp_path_factory.mktemp("clean")
    path = base / "answers.json"
    path.write_text(json.dumps(_CLEAN), encoding="utf-8")
    result = run(["session", "--answers", str(path), "--dir", str(base / "j")])
    assert result.exit_code == 0, result.output
    (log,) = (base / "j").glob("*.md")
    return log.read_text(encoding="utf-8")


def edited_journal(h: Hostile, clean: str, folder: Path) -> Path:
    """The clean log edited by hand: its title (front matter, as a YAML escape, and heading)
    and its answer hold `h` (the answer and heading only where a UTF-8 file can hold it)."""
    text = clean.replace("title: Clean title", f"title: {json.dumps('EDTITLE' + h.text)}", 1)
    if not h.surrogate:
        text = text.replace("# Clean title", f"# EDTITLE{h.text}", 1)
        text = text.replace("PLACEHOLDER", f"EDANSWER{h.text}", 1)
    folder.mkdir()
    (folder / "2026-02-01-edited.md").write_text(text, encoding="utf-8")
    second = clean.replace("2026-02-01", "2026-02-02").replace("PLACEHOLDER", "Other")
    (folder / "2026-02-02-other.md").write_text(second, encoding="utf-8")
    return folder


EDITED_VIEWS = [
    View("list", ["list"], ("EDTITLE",)),
    View("list-json", ["list", "--json"], ("EDTITLE",), "json"),
    View("show", ["show", "2026-02-01"], ("EDTITLE", "EDANSWER")),
    View("compare", ["compare"], ("EDTITLE", "EDANSWER")),
    View("compare-markdown", ["compare", "--format", "markdown"], ("EDTITLE", "EDANSWER"),
         "markdown"),
    View("compare-json", ["compare", "--format", "json"], ("EDTITLE", "EDANSWER"), "json"),
    View("history", ["history", "purpose.impact"], ("EDTITLE", "EDANSWER")),
]


# A lone surrogate cannot come from a file: the readers refuse half a character, naming the
# file and line (tests/test_hostile_input.py), so file-borne views are checked with the rest.


def _edited_cases() -> list[Any]:
    cases = []
    for h in WRITABLE:
        for view in EDITED_VIEWS:
            marks: list[Any] = []
            cases.append(pytest.param(h, view, id=f"{h.name}-{view.name}", marks=marks))
    return cases


@pytest.mark.parametrize(("h", "view"), _edited_cases())
def test_views_of_hand_edited_logs(view: View, h: Hostile, clean_log: str,
                                   tmp_path: Path) -> None:
    journal = edited_journal(h, clean_log, tmp_path / "edited")
    shows = tuple(f for f in view.shows if not (h.surrogate and f != "EDTITLE"))
    if h.surrogate and view.name == "show":
        shows = ()  # the body keeps its heading; the front matter is not shown by `show`
    result = run([*view.args, "--dir", str(journal)])
    assert result.exit_code == 0, result.output
    out, err = outputs(result)
    assert raw_unsafe(err) == [], err
    if view.kind == "json":
        check_json(out, h, shows)
    else:
        check_shown(out, [f"{field}{h.shown}" for field in shows],
                    markdown=view.kind == "markdown")


# -- hostile frameworks --------------------------------------------------------------------------
def hostile_framework(h: Hostile, folder: Path) -> Path:
    t = h.text
    data = {
        "reflect_framework": 1, "id": "hostile", "version": "1", "title": f"FWTITLE{t}",
        "subtitle": f"SUBTITLE{t}", "introduction": f"INTRO{t} words",
        "scale": {1: f"SCALE{t}", 2: "Fair", 3: "Good"},
        "questions": [{
            "id": "quarter", "question": f"QUESTION{t}", "explanation": f"EXPLAIN{t} more",
            "examples": [f"EXAMPLE{t} one"],
            "resources": [{"title": f"RESOURCE{t}", "description": f"DESCRIBED{t}"}],
            "prompts": [{"id": "quarter.went_well", "text": f"PROMPT{t} well?"},
                        {"id": "quarter.overall", "text": f"RATED{t} overall",
                         "type": "rating"}]}],
    }
    path = folder / "framework.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


FRAMEWORK_VIEWS = [
    View("show", ["framework", "show"], ("FWTITLE", "SUBTITLE", "INTRO", "QUESTION", "EXPLAIN",
                                         "EXAMPLE", "PROMPT", "RATED", "RESOURCE", "DESCRIBED")),
    View("show-colour", ["framework", "show"], ("FWTITLE", "QUESTION", "PROMPT", "EXAMPLE"),
         colour=True),
    View("show-one", ["framework", "show", "quarter"], ("QUESTION", "EXPLAIN", "PROMPT")),
    View("export-markdown", ["framework", "export"], ("FWTITLE", "SUBTITLE", "INTRO", "QUESTION",
                                                      "EXPLAIN", "EXAMPLE", "PROMPT", "RATED",
                                                      "RESOURCE", "DESCRIBED"), "markdown"),
    View("export-json", ["framework", "export", "--format", "json"],
         ("FWTITLE", "INTRO", "QUESTION", "EXPLAIN", "EXAMPLE", "PROMPT", "SCALE", "RESOURCE"),
         "json"),
    View("export-yaml", ["framework", "export", "--format", "yaml"],
         ("FWTITLE", "INTRO", "QUESTION", "EXPLAIN", "EXAMPLE", "PROMPT", "SCALE", "RESOURCE"),
         "yaml"),
]


@pytest.mark.parametrize("view", FRAMEWORK_VIEWS, ids=[v.name for v in FRAMEWORK_VIEWS])
@pytest.mark.parametrize("h", WRITABLE, ids=[h.name for h in WRITABLE])
def test_framework_views(view: View, h: Hostile, tmp_path: Path) -> None:
    path = hostile_framework(h, tmp_path)
    result = run([*view.args, "--framework", str(path)], colour=view.colour)
    assert result.exit_code == 0, result.output
    out, err = outputs(result)
    assert raw_unsafe(err) == [], err
    if view.kind == "json":
        check_json(out, h, view.shows)
    elif view.kind == "yaml":
        assert raw_unsafe(out) == [], out
        check_json(json.dumps(yaml.safe_load(out)), h, view.shows)  # read back exactly
    else:
        check_shown(out, [f"{field}{h.shown}" for field in view.shows], colour=view.colour,
                    markdown=view.kind == "markdown")


@pytest.mark.parametrize("h", WRITABLE, ids=[h.name for h in WRITABLE])
def test_framework_validate(h: Hostile, tmp_path: Path) -> None:
    path = hostile_framework(h, tmp_path)
    result = run(["framework", "validate", str(path)])
    assert result.exit_code == 0, result.output
    check_shown(outputs(result)[0], [f"FWTITLE{h.shown}"])


# -- the screens of a session --------------------------------------------------------------------
def _screen_framework(h: Hostile, tmp_path: Path) -> Framework:
    return load_framework(hostile_framework(h, tmp_path))


def _meeting(h: Hostile) -> Meeting:
    people = [Participant(f"Ann{h.text}", f"ORG{h.text}", "NHS"),
              Participant("Bob Lee", "Elsewhere", "VCSE")]
    meeting = Meeting(participants=people, minutes=60)
    meeting.orders["quarter"] = [p.id for p in people]
    return meeting


def _session(h: Hostile) -> Session:
    return Session(id="s1", date=dt.date(2026, 3, 12), created=dt.datetime(2026, 3, 12, 10),
                   title=f"TITLE{h.text}", kind="meeting", framework_id="hostile",
                   framework_version="1", sections=["quarter"], answers=[],
                   meeting=_meeting(h))


def _step(fw: Framework) -> Step:
    section = fw.questions[0]
    return Step(section=section, prompt=section.prompts[0], section_number=1, section_count=1,
                prompt_number=1, prompt_count=2, framework_number=1)


SCREENS: list[tuple[str, Callable[[Hostile, Framework], Any], tuple[str, ...]]] = [
    ("welcome", lambda h, fw: render.welcome(fw, 3), ("FWTITLE",)),
    ("section-panel", lambda h, fw: render.section_panel(fw, _step(fw), _meeting(h), 1),
     ("QUESTION", "EXPLAIN", "Ann")),
    ("examples-panel", lambda h, fw: render.examples_panel(fw.questions[0]), ("EXAMPLE",)),
    ("last-time-panel", lambda h, fw: render.last_time_panel(
        Answer("quarter.went_well", "quarter", text=f"LAST{h.text} time"), None), ("LAST",)),
    ("last-time-rating", lambda h, fw: render.last_time_panel(
        Answer("quarter.overall", "quarter", rating=1, rating_of=3,
               rating_label=f"SCALE{h.text}"), None), ("SCALE",)),
    ("people-table", lambda h, fw: render.people_table(_meeting(h)), ("Ann", "ORG")),
    ("not-heard", lambda h, fw: render.not_heard(_meeting(h), "quarter", _session(h)),
     ("Ann",)),
    ("speaking-order", lambda h, fw: Text(render.order_line(_meeting(h), "quarter",
                                                            _session(h))), ("Ann",)),
    ("actions-view", lambda h, fw: report_screen.actions_view(
        [TrackedAction(Action("a1", f"ACTION{h.text}", f"OWNER{h.text}", None, "quarter"),
                       "s1", _session(h).date, "open")], owner=None, include_closed=False),
     ("ACTION", "OWNER")),
]


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("screen", SCREENS, ids=[s[0] for s in SCREENS])
@pytest.mark.parametrize("h", WRITABLE, ids=[h.name for h in WRITABLE])
def test_session_screens(h: Hostile, screen: Any, colour: bool, tmp_path: Path) -> None:
    _, build, shows = screen
    out = report_screen.SafeConsole(file=io.StringIO(), width=400, height=50, highlight=False,
                                    emoji=False, markup=False, force_terminal=colour,
                                    color_system="standard" if colour else None)
    out.print(build(h, _screen_framework(h, tmp_path)))
    text = out.file.getvalue()  # type: ignore[attr-defined]
    check_shown(text, [f"{field}{h.shown}" for field in shows], colour=colour)


def test_summary_shows_a_hostile_folder_safely(capsys: pytest.CaptureFixture[str]) -> None:
    h = HOSTILE[0]
    render.summary(_session(h), Path(f"/tmp/DIR{h.text}/2026-03-12-x.md"))
    check_shown(capsys.readouterr().out, [f"DIR{h.shown}"])


# -- file names and arguments quoted in messages -------------------------------------------------
def _name_cases() -> list[Any]:
    return [pytest.param(h, id=h.name) for h in IN_FILE_NAMES]


MESSAGES: list[tuple[str, Callable[[Path, str], list[str]], int]] = [
    ("show-unknown", lambda d, n: ["show", f"NAME{n}", "--dir", str(d)], 2),
    ("answers-missing", lambda d, n: ["session", "--answers", str(d / f"NAME{n}.yaml"),
                                      "--dir", str(d)], 2),
    ("framework-missing", lambda d, n: ["framework", "show", "-f", str(d / f"NAME{n}.yaml")], 2),
    ("framework-broken", lambda d, n: ["framework", "validate", str(d / f"NAME{n}.yaml")], 2),
    ("output-no-folder", lambda d, n: ["framework", "export", "-o",
                                       str(d / f"NAME{n}" / "x.md")], 2),
    ("history-unknown-id", lambda d, n: ["history", f"NAME{n}", "--dir", str(d)], 2),
]


@pytest.mark.parametrize("case", MESSAGES, ids=[m[0] for m in MESSAGES])
@pytest.mark.parametrize("h", _name_cases())
def test_messages_quote_names_safely(case: Any, h: Hostile, tmp_path: Path,
                                     written_any: Path) -> None:
    name, args, code = case
    if name == "framework-broken":
        (tmp_path / f"NAME{h.text}.yaml").write_text("reflect_framework: 1\nid: [\n",
                                                     encoding="utf-8")
    folder = written_any if name in ("show-unknown", "history-unknown-id") else tmp_path
    result = run(args(folder, h.text))
    assert result.exit_code == code, result.output
    out, err = outputs(result)
    assert raw_unsafe(out) == [], out
    assert "Traceback" not in err
    # A lone surrogate in an argument stands for a byte that is not UTF-8: refused as such.
    check_shown(err, ["NAMEcaf\\xe9" if h.surrogate else f"NAME{h.shown}"])


@pytest.fixture
def written_any(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_journal(HOSTILE[0], tmp_path_factory)


@pytest.mark.parametrize("h", [pytest.param(h, id=h.name) for h in IN_FILE_NAMES])
def test_unreadable_log_with_a_hostile_name(h: Hostile, tmp_path: Path, clean_log: str) -> None:
    """A damaged log's file name, in `list` and in the warning that leaves it out."""
    journal = tmp_path / "journal"
    journal.mkdir()
    (journal / "2026-02-01-clean.md").write_text(clean_log, encoding="utf-8")
    (journal / f"2026-01-01-NAME{h.text}.md").write_text("---\nreflect_log: [\n---\n",
                                                         encoding="utf-8")
    listed = run(["list", "--dir", str(journal)])
    check_shown(outputs(listed)[0], [f"NAME{h.shown}"])
    trends = run(["trends", "--dir", str(journal)])
    out, err = outputs(trends)
    assert raw_unsafe(out) == [], out
    check_shown(err, [f"NAME{h.shown}"])


def test_a_log_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A file name with a byte that is not UTF-8 (a lone surrogate to Python) is listed."""
    journal = tmp_path / "journal"
    journal.mkdir()
    name = os.fsdecode(b"2026-01-01-caf\xe9.md")
    (journal / name).write_text("---\nreflect_log: [\n---\n", encoding="utf-8")
    result = run(["list", "--dir", str(journal)])
    check_shown(outputs(result)[0], ["caf\\udce9"])


# -- arguments that are not UTF-8 ----------------------------------------------------------------
NOT_UTF8 = os.fsdecode(b"caf\xe9")
ARGUMENT_CASES = [
    ["show", NOT_UTF8], ["session", "--title", NOT_UTF8, "--answers", "x.yaml"],
    ["session", "--answers", NOT_UTF8], ["framework", "show", "-f", NOT_UTF8],
    ["framework", "export", "-o", NOT_UTF8], ["list", "--dir", NOT_UTF8],
    ["history", NOT_UTF8], [NOT_UTF8],
]


@pytest.mark.parametrize("args", ARGUMENT_CASES, ids=lambda a: "-".join(
    x.strip("-") for x in a if x != NOT_UTF8) or "command")
def test_arguments_that_are_not_utf8(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 2
    out, err = outputs(result)
    assert out == ""
    assert "Traceback" not in err
    assert raw_unsafe(err) == []
    assert "'caf\\xe9' is not UTF-8 text" in " ".join(err.split())


def test_usage_errors_quote_what_was_typed_safely() -> None:
    for args in (["compare", "--format", "x\x1b[2J"], ["nope\x1b]0;t\x07"], ["--x\x9b"]):
        result = run(args)
        assert result.exit_code == 2
        out, err = outputs(result)
        assert raw_unsafe(out + err) == [], err
        assert "\\x1b" in err or "\\x9b" in err


# -- help --------------------------------------------------------------------------------------
@pytest.mark.parametrize("group", [[], ["framework"]], ids=["reflect", "reflect-framework"])
def test_a_group_alone_prints_its_help(group: list[str]) -> None:
    alone = run(group)
    assert alone.exit_code == 0
    assert alone.stdout == run([*group, "--help"]).stdout
    assert "Usage:" in alone.stdout


# -- output to a bad place -----------------------------------------------------------------------
def _bad_output(tmp_path: Path, name: str) -> str:
    if name == "dangling-symlink":
        (tmp_path / "link.md").symlink_to(tmp_path / "nowhere" / "x.md")
        return str(tmp_path / "link.md")
    if name == "symlink-to-file":
        (tmp_path / "real.md").write_text("mine", encoding="utf-8")
        (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
        return str(tmp_path / "link.md")
    if name == "no-folder":
        return str(tmp_path / "missing" / "x.md")
    if name == "under-a-file":
        (tmp_path / "file").write_text("", encoding="utf-8")
        return str(tmp_path / "file" / "x.md")
    if name == "empty":
        return ""
    if name == "folder":
        return str(tmp_path)
    if name == "exists":
        (tmp_path / "x.md").write_text("mine", encoding="utf-8")
        return str(tmp_path / "x.md")
    raise AssertionError(name)


BAD_OUTPUTS = {
    "dangling-symlink": "is a symbolic link", "symlink-to-file": "is a symbolic link",
    "no-folder": "is a folder that does not exist", "under-a-file": "is not a folder",
    "empty": "needs a file name", "folder": "is a folder; give -o the name of a file",
    "exists": "already exists",
}
OUTPUT_COMMANDS = [["framework", "export"], ["trends", "--format", "markdown"]]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=["framework-export", "trends"])
@pytest.mark.parametrize("bad", BAD_OUTPUTS, ids=list(BAD_OUTPUTS))
def test_bad_output_files(bad: str, command: list[str], tmp_path: Path,
                          written_any: Path) -> None:
    tmp_path = tmp_path / "out"  # (the index cache lives beside it)
    tmp_path.mkdir()
    target = _bad_output(tmp_path, bad)
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [*command, "-o", target] + (["--dir", str(written_any)] if "trends" in command
                                       else [])
    result = run(args)
    assert result.exit_code == 2, result.output
    out, err = outputs(result)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3  # one message (wrapped, perhaps with a hint)
    assert BAD_OUTPUTS[bad] in " ".join(err.split())
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, no litter
    if bad == "symlink-to-file":
        assert (tmp_path / "real.md").read_text(encoding="utf-8") == "mine"


def test_output_into_a_folder_that_is_not_writable(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The system refuses the write (as it does for a folder of someone else's; root would be
    let in, so the refusal is made here): one message, exit 2."""
    from reflect_cli.storage import files

    def refused(path: Path, text: str, *, overwrite: bool = True,
                mode: int | None = 0o600) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(files, "atomic_write", refused)
    folder = tmp_path / "locked"
    folder.mkdir()
    result = run(["framework", "export", "-o", str(folder / "x.md")])
    assert result.exit_code == 2
    assert "you may not write in the folder" in " ".join(result.stderr.split())
    assert list(folder.iterdir()) == []


def test_output_file_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills while -o is written: a failure (1), one message, nothing left."""
    import errno

    from reflect_cli.storage import files as journal

    def full(path: Path, text: str, *, overwrite: bool = True,
             mode: int | None = 0o600) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal, "atomic_write", full)
    result = run(["framework", "export", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr


def _reflect(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"}
    env.pop("REFLECT_FRAMEWORK", None)
    return subprocess.run([sys.executable, "-m", "reflect_cli", *args], env=env,
                          stderr=subprocess.PIPE, timeout=60, check=False, **kwargs)


STDOUT_COMMANDS = [["framework", "show"], ["framework", "export", "--format", "json"],
                   ["--help"], ["where"]]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: "-".join(a).strip("-"))
def test_stdout_on_a_full_disk(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = _reflect(args, stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert err.strip() == "Error: cannot write to standard output: No space left on device"


@pytest.mark.parametrize("args", STDOUT_COMMANDS[:2], ids=["show", "export"])
def test_stdout_closed(args: list[str]) -> None:
    done = _reflect(args, stdout=None, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr.decode().startswith("Error: standard output is closed")
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("args", STDOUT_COMMANDS[:2], ids=["show", "export"])
def test_stdout_reader_gone_is_quiet(args: list[str]) -> None:
    """As with `reflect ... | head -1`: the reader left, so reflect stops without a word."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _reflect(args, stdout=write)
    finally:
        os.close(write)
    assert done.stderr == b""
    assert done.returncode != 0


def test_hostile_show_in_a_real_process(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Through the console script, as in a terminal: nothing raw reaches the bytes out."""
    for h in WRITABLE:
        journal = written_journal(h, tmp_path_factory)
        done = _reflect(["show", "--dir", str(journal)], stdout=subprocess.PIPE)
        assert done.returncode == 0
        text = done.stdout.decode("utf-8", "surrogateescape")
        check_shown(text, [f"ANSWER{h.shown}"])


# -- textsafe itself -----------------------------------------------------------------------------
@pytest.mark.parametrize("h", HOSTILE, ids=IDS)
def test_visible_shows_each_hostile_string(h: Hostile) -> None:
    assert visible(h.text) == h.shown


@pytest.mark.parametrize("text", ["", "plain", "Zoë's café — naïve", "tab\tand\nnewline",
                                  "emoji 👩‍👩‍👧 with joiners", "עברית and العربية", "日本語"])
def test_visible_keeps_safe_text(text: str) -> None:
    assert visible(text) == text


@given(st.text())
def test_visible_never_lets_an_unsafe_character_through(text: str) -> None:
    shown = visible(text)
    assert not any(is_unsafe(c) for c in shown)
    assert visible(shown) == shown  # once is enough


@given(st.text().filter(lambda t: not any(is_unsafe(c) for c in t)))
def test_visible_leaves_safe_text_alone(text: str) -> None:
    assert visible(text) == text


@given(st.text())
def test_json_safe_keeps_the_data_and_shows_nothing_raw(text: str) -> None:
    dumped = json_safe(json.dumps({"k": text, "l": [text]}, ensure_ascii=False))
    assert not any(is_unsafe(c) for c in dumped)
    assert json.loads(dumped) == {"k": text, "l": [text]}


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_yaml_export_keeps_the_data_and_shows_nothing_raw(text: str) -> None:
    from reflect_cli.outputs.framework import _yaml_safe

    dumped = _yaml_safe({"title": text, "items": [text, "plain"]})
    assert not any(is_unsafe(c) for c in dumped)
    assert yaml.safe_load(dumped) == {"title": text, "items": [text, "plain"]}


def test_yaml_export_of_a_framework_reads_back(tmp_path: Path) -> None:
    h = HOSTILE[1]
    fw = load_framework(hostile_framework(h, tmp_path))
    assert yaml.safe_load(framework_yaml(fw))["title"] == f"FWTITLE{h.text}"


@pytest.mark.parametrize(("argument", "shown"), [
    (os.fsdecode(b"caf\xe9"), "caf\\xe9"), ("a\x1b", "a\\x1b"), ("plain", "plain"),
    ("\ud800", "\\ud800")])
def test_argument_text(argument: str, shown: str) -> None:
    assert argument_text(argument) == shown


def test_rich_markup_is_never_read_in_strings() -> None:
    out = Console(file=io.StringIO())  # a plain rich console would read it...
    out.print("[bold]x[/bold]")
    assert "[bold]" not in out.file.getvalue()  # type: ignore[attr-defined]
    safe = render.console()  # ...reflect's does not
    assert safe.render_str("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert safe.render_str("[link=http://x]y[/link]").spans == []
