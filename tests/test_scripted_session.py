"""Scripted sessions (`reflect session --answers FILE`) and reading logs: list, show, where."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from helpers import log_paths, read_log

from reflect_cli.domain.model import Answer, Framework
from reflect_cli.storage.logfile import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ANSWERS = ROOT / "examples" / "answers.yaml"

ANSWERS = """\
title: Spring review
date: 2026-03-12
kind: meeting
purpose.impact: |
  Fewer people reaching crisis point.

  And feeling connected.
purpose.vision:
role.change: If connectors start early, fewer need urgent care.
characteristics.trust: 3
characteristics.power: 1
"""


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def unboxed(text: str) -> str:
    """Output without spaces or panel borders, so a wrapped path reads as one word again."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "│┃")


def logs(journal: Path) -> list[Path]:
    return log_paths(journal)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers files are named relative to the working folder, as a person would type them."""
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


# -- writing a log from a file -------------------------------------------------------------------
def test_answers_file_writes_one_log(invoke, journal: Path, framework: Framework) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("answers.yaml", ANSWERS))
    assert result.exit_code == 0, result.output
    paths = logs(journal)
    assert [p.name for p in paths] == ["2026-03-12-spring-review.md"]
    output = flat(result.stdout)
    assert "Saved. 4 answered, 1 skipped." in output
    assert str(paths[0]).replace(" ", "") in unboxed(result.stdout)

    meta, _, _ = split_front_matter(paths[0].read_text(encoding="utf-8"), "log")
    assert meta["reflect_log"] == 2
    assert meta["title"] == "Spring review"
    assert meta["kind"] == "meeting"
    assert meta["date"] == dt.date(2026, 3, 12)
    assert meta["framework"] == {"id": framework.id, "version": framework.version}
    assert meta["covered"] == ["purpose", "role", "characteristics"]
    assert (meta["answered"], meta["skipped"]) == (4, 1)
    assert "draft_plan" not in meta

    session = read_log(paths[0])
    assert [a.prompt_id for a in session.answers] == [  # framework order, not file order
        "purpose.impact", "purpose.vision", "role.change", "characteristics.trust",
        "characteristics.power"]
    assert session.answer("purpose.impact") == Answer(
        "purpose.impact", "purpose", text="Fewer people reaching crisis point.\n\n"
        "And feeling connected.")
    assert session.answer("purpose.vision") == Answer("purpose.vision", "purpose")
    assert session.answer("characteristics.trust") == Answer(
        "characteristics.trust", "characteristics", rating=3, rating_of=5, rating_label="Partly")
    assert session.labels["purpose"] == "1. What is the purpose of the partnership's work?"
    assert session.labels["role.change"] == (
        "How do you see your work leading to the change you want?")


def test_json_answers_file(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    data = {"title": "From JSON", "date": "2026-04-01", "kind": "journal",
            "learning.acting": "We wrote it down.", "characteristics.learning": 2,
            "learning.sharing": None, "learning.spaces": ""}
    result = invoke("session", "--answers", write("answers.json", json.dumps(data)))
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    assert path.name == "2026-04-01-from-json.md"
    session = read_log(path)
    assert (session.title, session.kind, session.date) == (
        "From JSON", "journal", dt.date(2026, 4, 1))
    assert session.answer("learning.acting") == Answer(
        "learning.acting", "learning", text="We wrote it down.")
    assert session.answer("characteristics.learning") is not None
    assert session.answer("characteristics.learning").rating == 2  # type: ignore[union-attr]
    assert session.answer("learning.sharing") == Answer("learning.sharing", "learning")
    assert session.answer("learning.spaces") == Answer("learning.spaces", "learning")
    assert (session.answered, session.skipped) == (2, 2)


def test_answers_from_standard_input(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", "-", input=ANSWERS)
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    assert read_log(path).title == "Spring review"


def test_the_example_answers_file(invoke, journal: Path, framework: Framework) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", str(EXAMPLE_ANSWERS))
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    session = read_log(path)
    assert [a.prompt_id for a in session.answers] == [p.id for _, p in framework.prompts()]
    assert session.sections == [s.id for s in framework.sections]
    expected = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    skipped = [k for k, v in expected.items() if v is None]
    assert sorted(a.prompt_id for a in session.answers if a.skipped) == sorted(skipped)


def test_options_override_the_file(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", ANSWERS), "--title", "Renamed",
                    "--date", "2026-05-06", "--kind", "journal")
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    assert path.name == "2026-05-06-renamed.md"
    session = read_log(path)
    assert (session.title, session.date, session.kind) == (
        "Renamed", dt.date(2026, 5, 6), "journal")


def test_an_empty_title_option_overrides_the_file(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", ANSWERS), "--title", "")
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    assert path.name == "2026-03-12-meeting.md"
    assert read_log(path).title == ""


def test_defaults_without_title_date_or_kind(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    before = dt.date.today()
    result = invoke("session", "--answers", write("a.yaml", "role.change: Slowly.\n"))
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    session = read_log(path)
    assert session.title == ""
    assert session.kind == "journal"
    assert before <= session.date <= dt.date.today()
    assert path.name == f"{session.date.isoformat()}-journal.md"
    assert session.created.tzinfo is not None


def test_an_empty_kind_means_the_default(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", "kind:\nrole.change: Slowly.\n"))
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    assert read_log(path).kind == "journal"


def test_two_scripted_sessions_never_overwrite(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    name = write("a.yaml", ANSWERS)
    assert invoke("session", "--answers", name).exit_code == 0
    assert invoke("session", "--answers", name).exit_code == 0
    assert [p.name for p in logs(journal)] == ["2026-03-12-spring-review-2.md",
                                               "2026-03-12-spring-review.md"]
    ids = {read_log(p).id for p in logs(journal)}
    assert len(ids) == 2


def test_dir_option_chooses_the_folder(invoke, tmp_path: Path, journal: Path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    result = invoke("session", "--answers", write("a.yaml", ANSWERS), "--dir", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert len(logs(elsewhere)) == 1
    assert logs(journal) == []


# -- refused answers files -----------------------------------------------------------------------
BAD_FILES = [
    pytest.param("purpose.impac: Fewer people waiting\n",
                 ["a.yaml:1: purpose.impac: no prompt with this id in A reflective learning "
                  "framework for partnering (did you mean 'purpose.impact'?)"], id="unknown-id"),
    pytest.param("role.change: ok\ncharacteristics.trust: 7\n",
                 ["a.yaml:2: characteristics.trust: should be a whole number from 1 to 5 "
                  "(1 = Not at all, 2 = A little, 3 = Partly, 4 = Mostly, 5 = Fully), or empty "
                  "to skip; found '7'"], id="rating-outside-scale"),
    pytest.param("characteristics.trust: 0\n",
                 ["a.yaml:1: characteristics.trust: should be a whole number from 1 to 5"],
                 id="rating-zero"),
    pytest.param("characteristics.trust: four\n",
                 ["a.yaml:1: characteristics.trust: should be a whole number", "found 'four'"],
                 id="rating-as-text"),
    pytest.param("characteristics.trust: '4'\n",
                 ["a.yaml:1: characteristics.trust: should be a whole number", "found '4'"],
                 id="rating-quoted"),
    pytest.param("characteristics.trust: 3.5\n",
                 ["a.yaml:1: characteristics.trust: should be a whole number", "found '3.5'"],
                 id="rating-fraction"),
    pytest.param("role.change:\n  - one\n  - two\n",
                 ["a.yaml:1: role.change: YAML reads this answer as a list", "write it as a "
                  "block: 'role.change: |'"], id="list-value"),
    pytest.param("role.change: {a: b}\n",
                 ["a.yaml:1: role.change: YAML reads this answer as a mapping",
                  'put it in quotes (role.change: "we agreed: more data")'],
                 id="mapping-value"),
    pytest.param("date: 31/02/2026\nrole.change: ok\n",
                 ["a.yaml:1: date: '31/02/2026' is not a date: February 2026 has 28 days"],
                 id="bad-date"),
    pytest.param("kind: workshop\nrole.change: ok\n",
                 ["a.yaml:1: kind: 'workshop' is not a kind of session (use meeting or journal)"],
                 id="bad-kind"),
    pytest.param("role.change: one\nrole.change: two\n",
                 ["a.yaml:2: role.change: given twice"], id="given-twice"),
    pytest.param("titel: Spring\nrole.change: ok\n",
                 ["a.yaml:1: titel: no prompt with this id", "(did you mean 'title'?)"],
                 id="misspelt-title"),
    pytest.param("- role.change: ok\n",
                 ["a.yaml:1: expected one mapping of prompt ids to answers"], id="a-list"),
    pytest.param("role.change: [unclosed\n",
                 ["a.yaml:2: not valid YAML or JSON"], id="bad-yaml"),
    pytest.param('{"role.change": "ok"\n', ["a.yaml:2: not valid YAML or JSON"],
                 id="bad-json"),
    pytest.param("", ["a.yaml: the answers file is empty"], id="empty"),
    pytest.param("title: Only a title\n", ["a.yaml: no answers in the file"], id="no-answers"),
    pytest.param("purpose.nope: x\ncharacteristics.trust: 9\nkind: other\n",
                 ["3 problems in a.yaml:", "a.yaml:1: purpose.nope:", "a.yaml:2: "
                  "characteristics.trust:", "a.yaml:3: kind:"], id="every-problem"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
def test_bad_answers_files_are_refused_and_nothing_is_written(
        invoke, journal: Path, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", text))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    output = flat(result.stderr)
    assert output.startswith("Error: ")
    for piece in expected:
        assert piece in output
    assert logs(journal) == []


def test_bad_answers_from_standard_input_name_it(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", "-", input="characteristics.trust: 6\n")
    assert result.exit_code == 2
    assert "<standard input>:1: characteristics.trust:" in flat(result.stderr)
    assert logs(journal) == []


def test_a_missing_answers_file(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: answers file not found" in flat(result.stderr)
    assert logs(journal) == []


def test_an_answers_file_that_is_not_utf8(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    Path("a.yaml").write_bytes(b"role.change: caf\xe9\n")
    result = invoke("session", "--answers", "a.yaml")
    assert result.exit_code == 2
    assert "a.yaml:1: is not UTF-8 text" in flat(result.stderr)
    assert logs(journal) == []


@pytest.mark.parametrize(("args", "expected"), [
    (["--date", "next tuesday"], "--date: 'next tuesday' is not a date; write it as YYYY-MM-DD"),
    (["--date", "2026-02-30"], "--date: '2026-02-30' is not a date"),
    (["--kind", "workshop"], "--kind must be meeting or journal, not 'workshop'"),
    (["-q", "purpose"], "--answers cannot be combined with --question"),
    (["--resume"], "--answers cannot be combined with"),
])
def test_bad_options_are_refused_and_nothing_is_written(
        invoke, journal: Path, args: list[str], expected: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", write("a.yaml", ANSWERS), *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert expected in flat(result.stderr)
    assert logs(journal) == []


def test_a_session_without_a_terminal_points_to_answers_files(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", input="")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    output = flat(result.stderr)
    assert "needs to run in a terminal" in output
    assert "--answers" in output
    assert logs(journal) == []
    assert not (journal / ".drafts").exists()


def test_debug_shows_the_traceback(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("--debug", "session", "--answers", write("a.yaml", "nope: 1\n"))
    assert result.exit_code != 0
    assert result.exception is not None
    assert type(result.exception).__name__ == "AnswersError"


# -- reflect list --------------------------------------------------------------------------------
def make_logs(invoke) -> None:  # type: ignore[no-untyped-def]
    first = write("first.yaml", "title: Kick-off\ndate: 2026-01-05\nkind: meeting\n"
                                "purpose.impact: Less waiting.\npurpose.vision:\n")
    second = write("second.yaml", "date: 2026-03-12\nrole.change: Slowly.\n"
                                  "characteristics.trust: 4\n")
    assert invoke("session", "--answers", first).exit_code == 0
    assert invoke("session", "--answers", second).exit_code == 0


def test_list_when_there_are_no_sessions(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("list")
    assert result.exit_code == 0
    assert flat(result.stdout) == (f"No sessions yet in {journal}. Start one with: "
                                   "reflect session")
    assert invoke("list", "--json").stdout == "[]\n"


def test_list_on_a_wide_screen_is_a_table(invoke, journal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    monkeypatch.setenv("COLUMNS", "160")
    result = invoke("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = lines[0]
    for column in ("Date", "Title", "Kind", "Questions", "Answered", "Skipped", "File"):
        assert column in header
    rows = [line for line in lines if line[:4].isdigit()]
    assert [row.split()[0] for row in rows] == ["2026-03-12", "2026-01-05"]  # newest first
    assert rows[0].split() == ["2026-03-12", "Journal", "entry", "journal", "role,",
                               "characteristics", "2", "0", "2026-03-12-journal.md"]
    assert "Kick-off" in rows[1]
    assert "meeting" in rows[1]
    assert all(len(line) <= 160 for line in lines)


def test_list_on_an_80_column_screen_stacks_each_session(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    lines = invoke("list").stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[:3] == ["2026-03-12  Journal entry",
                         "            journal · 2 answered, 0 skipped · role, characteristics",
                         "            2026-03-12-journal.md"]
    assert lines[3] == "2026-01-05  Kick-off"
    assert lines[4].startswith("            meeting · 1 answered, 1 skipped")


def test_list_json(invoke, journal: Path, framework: Framework) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["file"] for row in rows] == ["2026-03-12-journal.md", "2026-01-05-kick-off.md"]
    newest = rows[0]
    assert set(newest) == {"file", "id", "date", "created", "title", "kind", "framework",
                           "questions", "answered", "skipped", "author"}
    assert newest["author"] is None  # written before anyone said who they are
    assert newest["date"] == "2026-03-12"
    assert newest["title"] == ""
    assert newest["kind"] == "journal"
    assert newest["framework"] == {"id": framework.id, "version": framework.version}
    assert newest["questions"] == ["role", "characteristics"]
    assert (newest["answered"], newest["skipped"]) == (2, 0)
    assert dt.datetime.fromisoformat(newest["created"]).tzinfo is not None
    assert (rows[1]["title"], rows[1]["kind"], rows[1]["answered"], rows[1]["skipped"]) == (
        "Kick-off", "meeting", 1, 1)


def test_list_shows_unreadable_files(
        invoke, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    (journal / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    result = invoke("list", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 3
    broken = [row for row in rows if row["file"] == "broken.md"]
    assert len(broken) == 1
    assert set(broken[0]) == {"file", "error"}
    assert "not a reflect log" in broken[0]["error"]

    table = invoke("list")
    assert table.exit_code == 0
    assert "broken.md" in table.stdout
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for the reason to stay on one line
    table = invoke("list")
    assert table.exit_code == 0
    [row] = [line for line in table.stdout.splitlines() if "broken.md" in line]
    assert row.split()[0] == "?"
    assert "cannot be read:" in row
    assert "does not start with '---' front matter" in table.stdout


# -- reflect show --------------------------------------------------------------------------------
def test_show_latest_by_default(invoke) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    for args in ([], ["latest"]):
        result = invoke("show", *args)
        assert result.exit_code == 0, result.output
        output = flat(result.stdout)
        # Without colour the log's Markdown is shown as written: # marks the headings.
        assert output.startswith("# Journal entry Journal entry · Thursday 12 March 2026 · "
                                 "2 answered, 0 skipped")
        assert "### What is the purpose" not in output
        assert "Slowly." in output
        assert "**4 of 5** · Mostly" in output
        assert "Kick-off" not in output
        assert "reflect:" not in output  # the hidden markers stay hidden


def test_show_by_date_and_earlier(invoke) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    for reference in ("2026-01-05", "latest~1", "2026-01-05-kick-off.md", "2026-01"):
        result = invoke("show", reference)
        assert result.exit_code == 0, result.output
        output = flat(result.stdout)
        assert output.startswith("# Kick-off Meeting · Monday 5 January 2026 · 1 answered, "
                                 "1 skipped")
        assert "Less waiting." in output
        assert "*Skipped.*" in output


@pytest.mark.parametrize(("reference", "expected"), [
    ("2025-12-25", "there is no session on Thursday 25 December 2025 in"),
    ("31/02/2026", "'31/02/2026' is not a date: February 2026 has 28 days"),
    ("spring", "no session matches 'spring'"),
    ("2026", "'2026' matches 2 sessions"),
    ("latest~5", "there are only 2 sessions"),
])
def test_show_errors(invoke, reference: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    result = invoke("show", reference)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert expected in flat(result.stderr)


def test_show_with_no_sessions(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("show")
    assert result.exit_code == 2
    assert flat(result.stderr) == (f"Error: there are no sessions in {journal} yet Start one "
                                   "with: reflect session")


def test_show_an_unreadable_log_is_a_clear_error(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    make_logs(invoke)
    path = journal / "2026-01-05-kick-off.md"
    path.write_text(path.read_text(encoding="utf-8").replace("reflect_log: 2", "reflect_log: 7"),
                    encoding="utf-8")
    result = invoke("show", "2026-01-05")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    output = flat(result.stderr)
    assert "2026-01-05-kick-off.md" in output.replace(" ", "")
    assert "newer reflect" in output


# -- reflect where -------------------------------------------------------------------------------
def test_where_uses_reflect_dir(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("where")
    assert result.exit_code == 0
    assert result.stdout == f"{journal}\n"


def test_where_prefers_the_dir_option(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("where", "--dir", str(tmp_path / "mine"))
    assert result.stdout == f"{tmp_path / 'mine'}\n"
    result = invoke("where", "-d", str(tmp_path / "short"))
    assert result.stdout == f"{tmp_path / 'short'}\n"


def test_where_without_reflect_dir_uses_the_user_data_folder(
        invoke, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.storage.places import default_dir

    monkeypatch.delenv("REFLECT_DIR")
    result = invoke("where")
    assert result.exit_code == 0
    assert result.stdout == f"{default_dir()}\n"
    assert Path(result.stdout.strip()).parts[-2:] == ("reflect", "logs")


def test_dates_can_be_typed_day_first(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    """People in the UK write 12/03/2026 for 12 March 2026."""
    result = invoke("session", "--answers", write("a.yaml", "role.change: ok\n"),
                    "--date", "12/03/2026")
    assert result.exit_code == 0, result.output
    [path] = logs(journal)
    assert read_log(path).date == dt.date(2026, 3, 12)


@pytest.mark.parametrize(("text", "minutes"), [("90", 90), ("1:30", 90), (" 45 ", 45)])
def test_minutes_as_people_write_them(text: str, minutes: int) -> None:
    from reflect_cli.app.session_flow import parse_minutes

    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["ninety", "0", "-5", "1:x", ""])
def test_minutes_that_are_not_a_length_of_time(invoke, text: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--minutes", text)
    assert result.exit_code == 2
    assert "is not a length of time" in flat(result.output)
    assert "Traceback" not in result.output


def test_a_question_id_given_as_a_prompt_says_what_to_use() -> None:
    from reflect_cli.domain.asking import plan_steps
    from reflect_cli.errors import NotFoundError
    from reflect_cli.inputs.framework import load_framework

    with pytest.raises(NotFoundError, match="'purpose' is a question, not a prompt: use -q"):
        plan_steps(load_framework(), prompt_ids=["purpose"])
