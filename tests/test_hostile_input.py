"""Hostile, broken and unlucky input files (issue 9): every reader refuses bad input with one
clear message naming the file (and the line), exit code 2 and no traceback; nothing hangs; and
fuzzing finds nothing but reflect's own errors escaping a reader.

The cases are generated: each kind of bad content, and each kind of bad file, is given to each
command that reads that kind of file.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLES
from helpers import read_log
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect_cli.domain.model import Framework
from reflect_cli.errors import LogError, ReflectError
from reflect_cli.inputs.answers import ANSWERS_FILE_KEYS, parse_answers, parse_participants
from reflect_cli.inputs.framework import bundled_framework_text, parse_framework
from reflect_cli.inputs.yamlfiles import MAX_INPUT_BYTES
from reflect_cli.storage.logfile import parse_log
from reflect_cli.terminal import prompting


def flat(text: str) -> str:
    return " ".join(text.split())


# -- bad content ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bad:
    """Content with one thing wrong, on `line` (None: the file as a whole), and a fragment of
    the message that names it."""

    content: bytes
    line: int | None
    says: str


FIRST = b"# a file written by hand\n"
BAD_CONTENT: dict[str, Bad] = {
    "not-utf8": Bad(FIRST + "purpose.impact: café\n".encode("latin-1"), 2, "is not UTF-8 text"),
    "utf16": Bad("purpose.impact: x\n".encode("utf-16"), 1, "is not UTF-8 text"),
    "nul": Bad(FIRST + b"purpose.impact: a\x00b\n", 2, "U+0000 (NUL) at column 18"),
    "escape": Bad(FIRST + b"purpose.impact: \x1b[2Jgone\n", 2, "U+001B (ESC)"),
    "c1-control": Bad(FIRST + "purpose.impact: a\x9bb\n".encode(), 2, "U+009B"),
    "deep-nesting": Bad(FIRST + b"purpose.impact: " + b"[" * 50_000 + b"\n", 2,
                        "nested more than 100 levels deep"),
    "deep-mapping": Bad(FIRST + b"purpose.impact: " + b"{a: " * 5_000 + b"\n", 2,
                        "nested more than 100 levels deep"),
    "huge-number": Bad(FIRST + b"purpose.impact: " + b"9" * 5000 + b"\n", 2,
                       "a number with more than 100 digits"),
    "huge-float": Bad(FIRST + b"purpose.impact: 1." + b"5" * 5000 + b"\n", 2,
                      "a number with more than 100 digits"),
    "lone-surrogate": Bad(FIRST + b'purpose.impact: "\\ud83d alone"\n', 2,
                          "half of a character"),
    "list-as-key": Bad(FIRST + b"? [a, b]\n: purpose\n", 2, "a key must be plain text"),
    "self-alias": Bad(FIRST + b"purpose.impact: &x [*x]\n", 2, "refers to the value it is in"),
    "alias-bomb": Bad(FIRST + b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n".encode()
        for i in range(7)), 5, "aliases (*name) repeat more than"),
    "colon-in-text": Bad(FIRST + b"purpose.impact: we agreed: more data\n", 2,
                         'put the text in quotes, like purpose.impact: "we agreed: more data"'),
    "tab-indent": Bad(FIRST + b"purpose.impact:\n\t- x\n", 3, "a tab where YAML expects spaces"),
    "unclosed": Bad(FIRST + b'purpose.impact: "never closed\n', None, "not valid YAML"),
    "empty": Bad(b"", None, "is empty"),
    "only-comments": Bad(b"# nothing\n# here\n", None, "is empty"),
}

GOOD_ANSWERS = "purpose.impact: Fewer people waiting\n"


@dataclass(frozen=True)
class Reader:
    """A command that reads a file of some kind: the reflect arguments for a path."""

    args: Callable[[str], list[str]]
    stdin: bool = False


READERS: dict[str, Reader] = {
    "framework-validate": Reader(lambda p: ["framework", "validate", p]),
    "framework-show": Reader(lambda p: ["framework", "show", "--framework", p]),
    "session-framework": Reader(lambda p: ["session", "--framework", p, "--answers", "good.yaml"]),
    "session-answers": Reader(lambda p: ["session", "--answers", p]),
    "session-answers-stdin": Reader(lambda p: ["session", "--answers", "-"], stdin=True),
    "session-participants": Reader(lambda p: ["session", "--participants", p]),
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.yaml").write_text(GOOD_ANSWERS, encoding="utf-8")
    return tmp_path


def check_refused(result, name: str, line: int | None, says: str) -> None:  # type: ignore[no-untyped-def]
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output and result.exception is None or isinstance(
        result.exception, SystemExit), output
    text = flat(output)
    where = f"{name}:{line}:" if line is not None else f"{name}:"
    assert where in text, text
    assert flat(says) in text, text
    assert len(output) < 5000


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("bad", list(BAD_CONTENT))
def test_bad_content_is_refused_by_every_reader(invoke, here: Path, journal: Path,  # type: ignore[no-untyped-def]
                                                 bad: str, reader: str) -> None:
    case, how = BAD_CONTENT[bad], READERS[reader]
    (here / "bad.yaml").write_bytes(case.content)
    if how.stdin:
        result = invoke(*how.args("-"), input=case.content)
        name = "<standard input>"
    else:
        result = invoke(*how.args("bad.yaml"))
        name = "bad.yaml"
    check_refused(result, name, case.line, case.says)
    assert not journal.exists() or not list(journal.glob("*.md"))


# -- bad files ------------------------------------------------------------------------------------
FILE_READERS = [r for r in READERS if not READERS[r].stdin]


def make_folder(path: Path) -> str:
    path.mkdir()
    return "is a folder; give the path of the"


def make_missing(path: Path) -> str:
    return "not found"


def make_too_big(path: Path) -> str:
    with path.open("wb") as handle:
        handle.write(b"# big\n" * (MAX_INPUT_BYTES // 6 + 10))
    return "is larger than 10 MB"


BAD_FILES = {"folder": make_folder, "missing": make_missing, "too-big": make_too_big}


@pytest.mark.parametrize("reader", FILE_READERS)
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_are_refused(invoke, here: Path, kind: str, reader: str) -> None:  # type: ignore[no-untyped-def]
    says = BAD_FILES[kind](here / "bad.yaml")
    if kind == "folder" and "--framework" in READERS[reader].args("x"):
        says = "'bad.yaml' is a directory"  # the option's own check, before reflect reads it
        result = invoke(*READERS[reader].args("bad.yaml"))
        assert result.exit_code == 2
        assert says in flat(result.output)
        return
    check_refused(invoke(*READERS[reader].args("bad.yaml")), "bad.yaml", None, says)


def test_standard_input_has_the_same_size_limit(invoke, here: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", "-", input=b"# big\n" * (MAX_INPUT_BYTES // 6 + 10))
    check_refused(result, "<standard input>", None, "is larger than 10 MB")


SPECIAL = ["fifo", "/dev/zero"] if os.name == "posix" else []


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("reader", FILE_READERS)
@pytest.mark.parametrize("special", SPECIAL)
def test_pipes_and_devices_never_hang(here: Path, special: str, reader: str) -> None:
    """Run as a separate process with a timeout: a reader that waits on a FIFO or reads
    /dev/zero for ever fails the test instead of hanging it."""
    if special == "fifo":
        os.mkfifo(here / "fifo")
    result = subprocess.run(
        [sys.executable, "-m", "reflect_cli", *READERS[reader].args(special)],
        capture_output=True, text=True, timeout=20, cwd=here, stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{special}: is not a regular file" in flat(result.stderr)


# -- what people write ----------------------------------------------------------------------------
def test_json_surrogate_pairs_are_joined(invoke, here: Path, journal: Path) -> None:  # type: ignore[no-untyped-def]
    answers = {"title": "Emoji 😀 review", "purpose.impact": "More 😀 and ✓"}
    (here / "a.json").write_text(json.dumps(answers), encoding="utf-8")  # ASCII, with \ud83d\ude00
    assert "\\ud83d\\ude00" in (here / "a.json").read_text(encoding="utf-8")
    result = invoke("session", "--answers", "a.json")
    assert result.exit_code == 0, result.output
    log = read_log(next(journal.glob("*.md")))
    assert log.title == "Emoji 😀 review"
    assert log.answer("purpose.impact").text == "More 😀 and ✓"


def test_json_surrogate_pairs_in_participants(framework: Framework) -> None:
    text = json.dumps({"participants": [{"name": "Zoë 😀 Khan"}]})
    assert [p.name for p in parse_participants(text, "p.json", framework.sectors)] == [
        "Zoë 😀 Khan"]


@pytest.mark.parametrize("key", ["learning.acting", "purpose.impact", "title"])
def test_an_answer_that_yaml_reads_as_a_comment_is_refused_with_the_quoted_form(
        invoke, here: Path, journal: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    (here / "a.yaml").write_text(f"{GOOD_ANSWERS if key != 'purpose.impact' else ''}"
                                 f"{key}: # promises to myself\n", encoding="utf-8")
    line = 2 if key != "purpose.impact" else 1
    check_refused(invoke("session", "--answers", "a.yaml"), "a.yaml", line,
                  f'which YAML reads as a comment ... {key}: "# promises to myself"'
                  .split(" ... ")[1])
    assert not journal.exists() or not list(journal.glob("*.md"))


def test_a_comment_after_an_answer_on_its_own_lines_is_fine(invoke, here: Path,  # type: ignore[no-untyped-def]
                                                            journal: Path) -> None:
    (here / "a.yaml").write_text("purpose.impact: # see below\n  Fewer people waiting\n"
                                 "purpose.vision:\n", encoding="utf-8")
    assert invoke("session", "--answers", "a.yaml").exit_code == 0
    assert read_log(next(journal.glob("*.md"))).answer("purpose.impact").text == (
        "Fewer people waiting")


@pytest.mark.parametrize(("value", "says"), [
    ("\n  we agreed: more data\n", "YAML reads this answer as a mapping"),
    (" {we agreed: more data}\n", "YAML reads this answer as a mapping"),
    ("\n  - fewer waits\n  - more data\n", "YAML reads this answer as a list"),
])
def test_an_answer_that_yaml_reads_as_a_mapping_or_list_says_how_to_write_it(
        invoke, here: Path, value: str, says: str) -> None:  # type: ignore[no-untyped-def]
    (here / "a.yaml").write_text(f"purpose.impact:{value}", encoding="utf-8")
    check_refused(invoke("session", "--answers", "a.yaml"), "a.yaml", 1, says)
    assert "'purpose.impact: |'" in flat(invoke("session", "--answers", "a.yaml").output)


@pytest.mark.parametrize("reserved", ANSWERS_FILE_KEYS)
def test_reserved_answers_file_keys_cannot_be_prompt_ids(invoke, here: Path,  # type: ignore[no-untyped-def]
                                                         reserved: str) -> None:
    text = (EXAMPLES / "custom-framework.yaml").read_text(encoding="utf-8")
    first_id = next(line.split("id:")[1].strip() for line in text.splitlines()
                    if line.strip().startswith("- id:") and line.startswith("      "))
    (here / "fw.yaml").write_text(text.replace(f"- id: {first_id}\n", f"- id: {reserved}\n", 1),
                                  encoding="utf-8")
    result = invoke("framework", "validate", "fw.yaml")
    assert result.exit_code == 2, result.output
    assert f"'{reserved}' cannot be a prompt id: an answers file uses it" in flat(result.output)


@pytest.mark.parametrize("reader", ["framework-validate", "session-answers"])
def test_thousands_of_problems_are_counted_not_printed(invoke, here: Path, reader: str) -> None:  # type: ignore[no-untyped-def]
    lines = "".join(f"unknown{i}: x\n" for i in range(20_000))
    (here / "bad.yaml").write_text("id: x\nversion: '1'\ntitle: X\n" + lines, encoding="utf-8")
    result = invoke(*READERS[reader].args("bad.yaml"))
    assert result.exit_code == 2
    assert "20001 problems" in result.output or "20002 problems" in result.output
    assert "and 19981 more" in result.output or "and 19982 more" in result.output
    assert len(result.output) < 5000


def test_ten_thousand_participants_take_seconds_not_minutes(invoke, here: Path,  # type: ignore[no-untyped-def]
                                                            journal: Path) -> None:
    people = "".join(f"  - Person {i} Example\n" for i in range(10_000))
    ratings = "".join(f"    Person {i} Example: {1 + i % 5}\n" for i in range(10_000))
    (here / "a.yaml").write_text(f"participants:\n{people}purpose.impact: ok\nratings:\n"
                                 f"  characteristics.trust:\n{ratings}", encoding="utf-8")
    start = time.monotonic()
    result = invoke("session", "--answers", "a.yaml")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 20  # about 2 s; it took over five minutes


def test_answers_take_the_same_date_forms_as_the_date_option(invoke, here: Path,  # type: ignore[no-untyped-def]
                                                            journal: Path) -> None:
    (here / "a.yaml").write_text(f"date: 12/03/2026\n{GOOD_ANSWERS}", encoding="utf-8")
    assert invoke("session", "--answers", "a.yaml").exit_code == 0
    assert read_log(next(journal.glob("*.md"))).date.isoformat() == "2026-03-12"


# -- damaged logs and drafts ----------------------------------------------------------------------
LOG = (EXAMPLES / "logs" / "2026-03-12-spring-partnership-review.md").read_text(encoding="utf-8")


def _edit(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return edit


#: A hand edit, the line it is on, and what the message says.
DAMAGE: dict[str, tuple[Callable[[str], str], int, str]] = {
    "minutes-inf": (_edit("minutes: 120", "minutes: .inf"), 42, "meeting.minutes: should be a "
                    "whole number"),
    "minutes-nan": (_edit("minutes: 120", "minutes: .nan"), 42, "meeting.minutes"),
    "minutes-text": (_edit("minutes: 120", "minutes: [two hours]"), 42, "meeting.minutes"),
    "rotation-huge": (_edit("rotation: 0", "rotation: " + "9" * 5000), 41,
                      "more than 100 digits"),
    "date-feb-30": (_edit("date: 2026-03-12", "date: 2026-02-30"), 6, "is not a real date"),
    "date-text": (_edit("date: 2026-03-12", "date: soon"), 6, "date: 'soon' is not a date"),
    "deep-title": (_edit("title: ", "nested: " + "[" * 20_000 + "\ntitle: "), 4,
                   "nested more than 100 levels deep"),
    "lone-surrogate-title": (_edit("title: Spring partnership review",
                                   'title: "Spring \\udc80 review"'), 4,
                             "half of a character"),
    "participants-not-list": (_edit("  participants:\n", "  participants: 7\n  old:\n"), 21,
                              "meeting.participants: should be a list"),
    "participant-name-mapping": (_edit("  - name: Aisha Khan", "  - name: {a: 1}"), 22,
                                 "meeting.participants[1].name: should be text"),
    "checkin-list": (_edit("  checkin:\n", "  checkin: [1, 2]\n  old_checkin:\n"), 43,
                     "meeting.checkin: should be a mapping"),
    "orders-number": (_edit("    purpose:\n    - priya-shah", "    purpose: 5\n    old:\n"
                            "    - priya-shah"), 50, "meeting.speaking_order.purpose"),
    "nul-in-front-matter": (_edit("title: Spring", "title: Spr\x00ing"), 4, "U+0000"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("how", ["parse_log", "read_log"])
def test_damaged_logs_raise_log_error_naming_file_line_and_key(tmp_path: Path, damage: str,
                                                               how: str) -> None:
    edit, line, says = DAMAGE[damage]
    path = tmp_path / "2026-03-12-damaged.md"
    path.write_text(edit(LOG), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    read = (lambda: parse_log(text, str(path))) if how == "parse_log" else (lambda: read_log(path))
    with pytest.raises(LogError) as info:
        read()
    assert info.value.exit_code == 2
    assert f"{path}:{line}:" in info.value.message
    assert says in flat(info.value.message)


def test_a_long_number_as_a_rating_in_the_body_is_read_as_text() -> None:
    text = LOG.replace("<!-- reflect:answer characteristics.agreement rating=",
                       "<!-- reflect:answer characteristics.agreement rating=9" + "9" * 5000, 1)
    assert "9" * 5000 in text
    parse_log(text, "log.md")  # no ValueError from int()


# -- the editor -----------------------------------------------------------------------------------
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str,
           name: str = "editor.sh") -> Path:
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(path))
    return path


EDITORS = {
    "latin-1": ("printf 'caf\\351 au lait\\n' > \"$1\"", "caf\ufffd au lait",
                "encoding other than UTF-8"),
    # (not \377\376: that is UTF-16's byte order mark, read as UTF-16; controls left out)
    "binary": ("printf '\\377\\000\\033x' > \"$1\"", "\ufffdx", "encoding other than"),
    "deletes": ("rm \"$1\"", None, "removed the file"),
    "folder": ("rm \"$1\"; mkdir \"$1\"", None, "could not be read (is a folder"),
    "folder-with-file": ("rm \"$1\"; mkdir \"$1\"; touch \"$1/x\"", None, "is a folder"),
    "fails": ("printf 'half' > \"$1\"; exit 3", None, "exit code 3"),
    "fifo": ("rm \"$1\"; mkfifo \"$1\"", None, "is not a regular file"),
    "fine": ("printf 'all good\\n' >> \"$1\"", "before\n\nall good", ""),
}


@pytest.mark.skipif(os.name != "posix", reason="shell-script editors")
@pytest.mark.parametrize("kind", list(EDITORS))
def test_whatever_the_editor_does_no_text_is_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  kind: str) -> None:
    script, expected, says = EDITORS[kind]
    editor(tmp_path, monkeypatch, script)
    edited = prompting.edit_in_editor("before")
    if expected is None:
        assert edited.text is None  # the caller keeps the text from before
    else:
        assert edited.text is not None
        assert expected in edited.text
    assert says in edited.message
    if not says:
        assert edited.message == ""


def test_a_missing_editor_keeps_the_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    edited = prompting.edit_in_editor("before")
    assert edited.text is None
    assert "could not be opened" in edited.message


@pytest.mark.skipif(os.name != "posix", reason="shell-script editors")
@pytest.mark.parametrize("name", ["my editor.sh", "Program Files\\Editor\\ed.sh",
                                  "C:\\Program Files\\Notepad++\\notepad++.sh"])
@pytest.mark.parametrize("quoted", [False, True])
def test_editor_paths_with_spaces_and_backslashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  name: str, quoted: bool) -> None:
    path = editor(tmp_path, monkeypatch, "printf 'from the editor\\n' >> \"$1\"", name)
    monkeypatch.setenv("VISUAL", f'"{path}"' if quoted else str(path))
    edited = prompting.edit_in_editor("before")
    assert edited.text is not None, edited.message
    assert "from the editor" in edited.text


@pytest.mark.parametrize(("command", "windows", "argv"), [
    ('"C:\\Program Files\\Notepad++\\notepad++.exe" -multiInst -nosession', True,
     ["C:\\Program Files\\Notepad++\\notepad++.exe", "-multiInst", "-nosession"]),
    ("C:\\Windows\\notepad.exe", True, ["C:\\Windows\\notepad.exe"]),
    ("code --wait", False, ["code", "--wait"]),
    ("emacs -nw '+1'", False, ["emacs", "-nw", "+1"]),
])
def test_editor_commands_are_split_as_the_platform_does(command: str, windows: bool,
                                                        argv: list[str]) -> None:
    assert prompting.split_command(command, windows=windows) == argv


# -- fuzzing: only reflect's own errors escape ----------------------------------------------------
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
yaml_words = st.sampled_from([
    "purpose.impact", "title", "date", "kind", "participants", "minutes", "checkin", "notes",
    "ratings", "actions", "reviews", "time_spent", "characteristics.trust", "name", "roles",
    "id", "version", "questions", "prompts", "scale", "type", "rating", "text", ":", ": ", "- ",
    "\n", "\n  ", "\n    ", "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "? ", "|",
    "2026-02-30", "12/03/2026", ".inf", ".nan", "9" * 120, "-1", "0x1F", "1:30", "null", "~",
    "\\ud83d", "\\ude00", "\t", "\x00", "\x1b", "é", "😀", "\ud83d", "---", "...", "!!binary ",
    "!!python/object ", "Aisha Khan", "facilitator", "lead", "count_notes", "status",
    "comment", "due", "owner", "carried over", "was_due",
])
fuzz_text = st.one_of(st.text(max_size=300),
                      st.lists(yaml_words, max_size=60).map("".join))
fuzz_bytes = st.one_of(st.binary(max_size=300), fuzz_text.map(
    lambda t: t.encode("utf-8", "surrogatepass")))


def only_reflect_errors(read: Callable[[], object]) -> None:
    with contextlib.suppress(ReflectError):
        read()


@FUZZ
@given(text=fuzz_text)
def test_fuzz_answers(text: str, framework: Framework) -> None:
    only_reflect_errors(lambda: parse_answers(text, "a.yaml", framework))


@FUZZ
@given(text=fuzz_text)
def test_fuzz_participants(text: str, framework: Framework) -> None:
    only_reflect_errors(lambda: parse_participants(text, "p.yaml", framework.sectors))


FRAMEWORK_TEXT = bundled_framework_text()


@FUZZ
@given(text=fuzz_text, at=st.integers(0, len(FRAMEWORK_TEXT)))
def test_fuzz_framework(text: str, at: int) -> None:
    only_reflect_errors(lambda: parse_framework(text, "f.yaml"))
    spliced = FRAMEWORK_TEXT[:at] + text + FRAMEWORK_TEXT[at:]
    only_reflect_errors(lambda: parse_framework(spliced, "f.yaml"))


FRONT_END = LOG.index("\n---\n", 4)


@FUZZ
@given(text=fuzz_text, at=st.integers(4, FRONT_END), cut=st.integers(0, 40))
def test_fuzz_log_front_matter(text: str, at: int, cut: int) -> None:
    """Hand edits anywhere in a meeting log's front matter (inserted text, and a cut)."""
    only_reflect_errors(lambda: parse_log(LOG[:at] + text + LOG[at + cut:], "log.md"))


@FUZZ
@given(text=fuzz_text, at=st.integers(FRONT_END, len(LOG)))
def test_fuzz_log_body(text: str, at: int) -> None:
    only_reflect_errors(lambda: parse_log(LOG[:at] + text + LOG[at:], "log.md"))


@FUZZ
@given(data=fuzz_bytes)
def test_fuzz_log_file(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("log") / "log.md"
    path.write_bytes(b"---\nreflect_log: 1\nid: x\ndate: 2026-03-12\nframework: {id: f}\n" + data)
    only_reflect_errors(lambda: read_log(path))
