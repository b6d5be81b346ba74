"""Reading the logs as a person does (issue 13): trends that mark only the biggest moves,
comparisons that keep each person's words and each paragraph apart, plain wording, a pager
for long output, and reports written with -o that can be shared."""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest
import yaml


def add(invoke, answers: dict[str, object], name: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Write a log with `reflect session --answers`, as a person would."""
    path = Path(name or f"answers-{answers['date']}.yaml")
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = invoke("session", "--answers", str(path))
    assert result.exit_code == 0, result.output


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- reports written with -o are made to be shared -------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_report_written_with_o_follows_the_umask_and_logs_stay_private(  # type: ignore[no-untyped-def]
        invoke, journal: Path, tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        add(invoke, {"title": "One", "date": "2026-03-12", "purpose.impact": "Fewer crises."})
        add(invoke, {"title": "Two", "date": "2026-04-12", "purpose.impact": "Fewer people."})
        written = {}
        for name, args in {"compare.md": ["compare", "--format", "markdown"],
                           "trends.txt": ["trends"], "list.json": ["list", "--format", "json"],
                           "handout.md": ["framework", "export"]}.items():
            result = invoke(*args, "-o", str(tmp_path / name))
            assert result.exit_code == 0, result.output
            written[name] = _mode(tmp_path / name)
    finally:
        os.umask(old)
    assert written == dict.fromkeys(written, expected)
    logs = sorted(journal.glob("*.md"))
    assert len(logs) == 2
    assert {_mode(log) for log in logs} == {0o600}
    assert not list(tmp_path.glob(".tmp-*"))  # still written atomically, nothing left over


# -- trends: ★ on the few biggest moves, and the whole scale -------------------------------------
def _ratings(framework, values: list[int]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = [p.id for p in framework.assessment.prompts]
    return dict(zip(ids, values, strict=False))


def _trends(invoke, framework, first: list[int], latest: list[int]):  # type: ignore[no-untyped-def]
    add(invoke, {"title": "Spring", "date": "2026-03-12", **_ratings(framework, first)})
    add(invoke, {"title": "Autumn", "date": "2026-09-17", **_ratings(framework, latest)})
    result = invoke("trends")
    assert result.exit_code == 0, result.output
    return result.stdout


def _starred(out: str) -> int:
    """How many rows are marked (the Change column reads '★ +2')."""
    return len(re.findall(r"★ [+-]\d", out))


def test_trends_marks_the_three_biggest_moves_only(invoke, journal: Path, framework) -> None:  # type: ignore[no-untyped-def]
    out = _trends(invoke, framework, [2, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2],
                  [5, 1, 5, 4, 3, 3, 3, 3, 3, 3, 3, 3])  # +3, -2, +2, then nine of +1
    assert _starred(out) == 3
    assert sorted(re.findall(r"★ ([+-]\d)", out)) == ["+2", "+3", "-2"]
    assert out.count("★") == 4  # the three, and the line that says what ★ means
    assert "★ the biggest changes from first to latest.\n" in out


def test_trends_marks_none_of_a_tie_too_big_to_mark_and_says_so(invoke, journal: Path,  # type: ignore[no-untyped-def]
                                                                framework) -> None:
    out = _trends(invoke, framework, [2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3],
                  [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3])  # four of +2, seven of +1, one 0
    assert _starred(out) == 0
    assert ("No ★: 4 characteristics share the biggest change, 2 points, too many to mark (★ "
            "marks at most three).") in " ".join(out.split())


def test_trends_marks_the_moves_above_a_tie_and_counts_the_tie(invoke, journal: Path,  # type: ignore[no-untyped-def]
                                                               framework) -> None:
    out = _trends(invoke, framework, [1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3],
                  [4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3])  # +3, four of +2, seven unchanged
    assert _starred(out) == 1
    assert "★ +3" in out
    assert ("★ the biggest changes from first to latest; 4 more changed by 2 points each, too "
            "many to mark (★ marks at most three).") in " ".join(out.split())


def test_trends_never_marks_a_rating_that_did_not_move(invoke, journal: Path, framework) -> None:  # type: ignore[no-untyped-def]
    out = _trends(invoke, framework, [3] * 12, [3] * 11 + [4])
    assert _starred(out) == 1
    out = invoke("trends", "--only-changed", "--format", "markdown").stdout
    assert out.count("★") == 2  # the row and the note


def test_trends_shows_the_whole_scale_even_when_few_values_were_given(  # type: ignore[no-untyped-def]
        invoke, journal: Path, framework) -> None:
    out = _trends(invoke, framework, [2, 3, 3], [3, 4, 3])  # only 2, 3 and 4 given
    assert "Scale: 1 Not at all, 2 A little, 3 Partly, 4 Mostly, 5 Fully\n" in out
    markdown = invoke("trends", "--format", "markdown").stdout
    assert "Scale: 1 = Not at all, 2 = A little, 3 = Partly, 4 = Mostly, 5 = Fully." in markdown
    data = __import__("json").loads(invoke("trends", "--format", "json").stdout)
    assert [s["value"] for s in data["scale"]] == [1, 2, 3, 4, 5]


def test_trends_of_another_framework_keeps_the_labels_its_logs_have(  # type: ignore[no-untyped-def]
        invoke, journal: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(yaml.safe_dump({
        "id": "own", "version": "1", "title": "Own",
        "questions": [{"id": "q", "question": "Q?", "prompts": [
            {"id": "q.r", "text": "How good?", "type": "rating",
             "scale": {1: "Poor", 2: "Fair", 3: "Good"}}]}]}), encoding="utf-8")
    for date, value in (("2026-01-01", 2), ("2026-02-01", 3)):
        Path("a.yaml").write_text(yaml.safe_dump({"date": date, "q.r": value}), encoding="utf-8")
        assert invoke("session", "--framework", str(own), "--answers", "a.yaml").exit_code == 0
    out = invoke("trends").stdout  # the bundled framework's scale has other words
    assert "Scale: 2 Fair, 3 Good\n" in out
    assert "Scale: 1 Poor, 2 Fair, 3 Good\n" in invoke("trends", "-f", str(own)).stdout


# -- plain words ---------------------------------------------------------------------------------
def test_history_says_a_skipped_first_time_plainly_and_counts_in_good_english(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    add(invoke, {"date": "2026-01-01", "purpose.impact": None, "purpose.influence": "The ICB."})
    add(invoke, {"date": "2026-02-01", "purpose.impact": "Fewer crises."})
    out = invoke("history", "purpose").stdout
    first = next(line for line in out.splitlines() if line.startswith("Thu  1 Jan 2026"))
    assert first.endswith("skipped (first time asked)")
    assert "first answer" not in out.split("What impact")[1].split("Who are you")[0]
    assert "(skipped)" not in out
    assert "purpose.impact · changed 1 time\n" in out
    markdown = invoke("history", "purpose", "--format", "markdown").stdout
    assert "*Skipped (first time asked).*" in markdown
    assert "*Skipped.*" not in markdown
    assert "Prompt `purpose.impact`: 2 answers, changed 1 time." in markdown
    assert "Prompt `purpose.influence`: 1 answer, changed 0 times." in markdown
    assert "1 answers" not in markdown


def test_framework_validate_counts_in_good_english(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    one = tmp_path / "one.yaml"
    one.write_text(yaml.safe_dump({"id": "one", "version": "1", "title": "One", "questions": [
        {"id": "q", "question": "Q?", "prompts": [{"id": "q.a", "text": "A?"}]}]}),
        encoding="utf-8")
    result = invoke("framework", "validate", str(one))
    assert result.exit_code == 0, result.output
    assert "1 question with 1 prompt." in " ".join(result.stdout.split())


def test_one_persons_rating_line_asks_for_one_rating() -> None:
    from reflect_cli.domain.meeting import parse_ratings

    assert parse_ratings("4 5", ["sam"], 1, 5) == (
        "Please give 1 rating, one for each person (2 given); use - for someone who does not "
        "rate.")


def test_compare_suggests_a_question_neither_session_has(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    add(invoke, {"title": "Purpose", "date": "2026-01-01", "purpose.impact": "Fewer crises."})
    add(invoke, {"title": "One", "date": "2026-02-01", "learning.acting": "Keep notes."})
    add(invoke, {"title": "Two", "date": "2026-03-01", "learning.acting": "Keep a log."})
    result = invoke("compare", "-q", "purpos")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "neither session has the question 'purpos'. Did you mean 'purpose'?" in said
    assert "The questions in these sessions: learning" in said
    assert "Traceback" not in result.output


# -- compare: each person's words, each paragraph, the logs' own spacing, the framework's order ----
PEOPLE = [{"name": "Tom Reed", "organisation": "Northfield NHS Trust", "sector": "NHS",
           "role": "lead"},
          {"name": "Helen Carter", "organisation": "Northfield Council",
           "sector": "Local authority"}]


def _meeting(date: str, group: str, notes: dict[str, str]) -> dict[str, object]:
    return {"title": f"Meeting {date}", "date": date, "kind": "meeting",
            "participants": PEOPLE, "purpose.impact": group,
            "notes": {"purpose.impact": notes}}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_compare_diffs_each_persons_note_apart_from_the_group_answer(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    add(invoke, _meeting("2026-03-12", "Members are unpaid.",
                         {"Helen Carter": "The trust does the minutes.",
                          "Tom Reed": "We host it."}))
    add(invoke, _meeting("2026-09-17", "Residents get a voucher for each meeting now.",
                         {"Helen Carter": "The council does the minutes.",
                          "Tom Reed": "We host it."}))
    out = invoke("compare").stdout
    body = out.split("What impact does your partnership want to have?")[1].split("\n\n\n")[0]
    assert body.splitlines()[1:] == [
        "    [-Members are unpaid.-]{+Residents get a voucher for each meeting now.+}",
        "",
        "    Helen Carter: The [-trust-]{+council+} does the minutes.",
        "",
        "    Tom Reed: We host it.",
    ]
    markdown = invoke("compare", "--format", "markdown").stdout
    assert "> Helen Carter: The ~~trust~~ **council** does the minutes." in markdown
    assert "unpaid.~~ **Residents" in markdown
    assert "Helen Carter: The trust" not in markdown
    tokens = __import__("json").loads(invoke("compare", "--format", "json").stdout)[
        "questions"][0]["prompts"][0]["diff"]
    assert {"op": "delete", "text": "trust"} in tokens


def test_compare_shows_a_note_added_or_dropped_under_its_persons_name(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    add(invoke, _meeting("2026-03-12", "Unpaid.", {"Helen Carter": "We were asked to sign it."}))
    add(invoke, _meeting("2026-09-17", "Unpaid.", {"Tom Reed": "It felt like ours at last."}))
    out = invoke("compare").stdout
    assert "    Helen Carter: [-We were asked to sign it.-]\n\n" in out
    assert "    Tom Reed: {+It felt like ours at last.+}\n" in out
    assert "    Unpaid.\n\n" in out


def test_compare_keeps_paragraphs_apart_when_a_change_runs_across_them(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    add(invoke, {"date": "2026-03-12", "purpose.impact":
                 "Mostly through the monthly meeting.\n\nThe bid was written by the trust."})
    add(invoke, {"date": "2026-09-17", "purpose.impact":
                 "We rewrote the purpose together at the June away day."})
    out = invoke("compare").stdout
    assert ("    [-Mostly through the monthly meeting.-]\n\n"
            "    [-The bid was written by the trust.-]\n\n"
            "    {+We rewrote the purpose together at the June away day.+}\n") in out
    markdown = invoke("compare", "--format", "markdown").stdout
    assert ("> ~~Mostly through the monthly meeting.~~\n>\n> ~~The bid was written by the "
            "trust.~~\n>\n> **We rewrote the purpose together at the June away day.**") in markdown


def test_a_change_across_paragraphs_takes_whole_paragraphs() -> None:
    from reflect_cli.domain.compare import word_diff

    old = "Keep this.\n\nWe meet people who are unpaid. More words here.\n\nThe end."
    new = "Keep this.\n\nWe meet people who are paid. A break.\n\nNew words. More words here.\n\n" \
          "The end."
    assert word_diff(old, new) == [
        ("equal", "Keep this.\n\n"), ("delete", "We meet people who are unpaid. More words here."),
        ("equal", "\n\n"), ("insert", "We meet people who are paid. A break."), ("equal", "\n\n"),
        ("insert", "New words. More words here."), ("equal", "\n\nThe end.")]


@pytest.mark.parametrize(("old", "new"), [
    ("b d c", "d b c b"),
    ("c a c\n", "b\n\nc d a"),
    ("b c\n\na d d", "\n\nc b a b d"),
    ("a d a c\n\n", "d c b\n\nb"),
    ("We need to pay people who are unpaid. The trust does it.",
     "Residents get paid. The council does the minutes and the agenda."),
])
def test_a_diff_adds_no_double_space_the_texts_do_not_have(old: str, new: str) -> None:
    from reflect_cli.domain.compare import word_diff
    from reflect_cli.outputs.flow import DiffText, Flow
    from reflect_cli.outputs.markdown import _md_lines

    tokens = word_diff(old, new)
    assert "  " not in "".join(text for _, text in tokens)
    assert "  " not in Flow(DiffText(tokens).pieces(True)).plain_text(80)
    assert "  " not in "\n".join(_md_lines(tokens))
    assert "".join(t for op, t in tokens if op != "delete").split() == new.split()
    assert "".join(t for op, t in tokens if op != "insert").split() == old.split()


def test_compare_keeps_the_indentation_show_keeps(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    add(invoke, {"date": "2026-03-12", "purpose.impact": "Our steps:\n\n    first the data"})
    add(invoke, {"date": "2026-09-17",
                 "purpose.impact": "Our steps:\n\n    first the data, then the people who "
                                   "know the estate best and the volunteers who visit them"})
    shown = invoke("show").stdout
    assert "\n    first the data, then" in shown
    out = invoke("compare").stdout
    assert "    Our steps:\n\n        first the [-data-]{+data, then the people" in out
    wrapped = out.split("first the [-data-]")[1].splitlines()[1]
    assert wrapped.startswith("        ")
    assert not wrapped.startswith("         ")
    assert all(len(line) <= 80 for line in out.splitlines())


def test_compare_lists_questions_in_the_frameworks_order(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    add(invoke, {"title": "Before", "date": "2026-03-12", "members.changes": "Housing left.",
                 "role.change": "Connectors start early."})
    add(invoke, {"title": "After", "date": "2026-04-12", "purpose.impact": "Fewer crises.",
                 "learning.acting": "Keep notes."})
    out = invoke("compare").stdout
    headings = [line for line in out.splitlines() if line[:2] in ("1.", "2.", "3.", "5.")]
    assert [h[:2] for h in headings] == ["1.", "2.", "3.", "5."]
    data = __import__("json").loads(invoke("compare", "--format", "json").stdout)
    assert [q["id"] for q in data["questions"]] == ["purpose", "role", "members", "learning"]


# -- a pager for long output, as git has ----------------------------------------------------------
EXAMPLE_LOGS = Path(__file__).resolve().parent.parent / "examples" / "logs"
#: A pager that keeps what it was given (with the arguments it was started with) in a file.
FAKE_PAGER = ("import sys, pathlib; data = sys.stdin.buffer.read(); "
              "pathlib.Path(sys.argv[1]).write_bytes(b' '.join(a.encode() for a in sys.argv[2:])"
              " + b'\\n' + data); print('PAGER DONE')")


def _spawn(tmp_path: Path, *args: str, rows: int = 24, **env: str):  # type: ignore[no-untyped-def]
    """reflect in a pseudo-terminal of 80 columns and `rows` rows; returns the finished run."""
    pexpect = pytest.importorskip("pexpect")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("PAGER", "NO_COLOR", "COLUMNS", "LINES", "LESS")}
    environment.update({"REFLECT_DIR": str(EXAMPLE_LOGS), "TERM": "xterm",
                        "REFLECT_CACHE_DIR": str(tmp_path / "cache")})
    environment.update(env)
    return pexpect.spawn(sys.executable, ["-m", "reflect_cli", *args], env=environment,
                         encoding="utf-8", timeout=20, dimensions=(rows, 80))


def _fake_pager(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    kept = tmp_path / "paged.txt"
    return f"{sys.executable} {script} {kept} --an-argument", kept


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
@pytest.mark.parametrize("command", [["show"], ["compare"], ["history", "purpose"],
                                     ["search", "the"]])
def test_long_output_on_a_terminal_goes_through_the_pager_with_its_arguments(  # type: ignore[no-untyped-def]
        tmp_path: Path, command: list[str]) -> None:
    pager, kept = _fake_pager(tmp_path)
    child = _spawn(tmp_path, *command, PAGER=pager, NO_COLOR="1")
    child.expect_exact("PAGER DONE")
    child.expect(__import__("pexpect").EOF)
    child.close()
    assert child.exitstatus == 0
    arguments, _, text = kept.read_text(encoding="utf-8").partition("\n")
    assert arguments == "--an-argument"
    assert text.count("\n") > 24  # the whole text, taller than the screen
    # NO_COLOR takes away the colour (bold may stay, as on the screen), not the pager
    assert not re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]", text)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_the_pager_keeps_the_colour(tmp_path: Path) -> None:
    pager, kept = _fake_pager(tmp_path)
    child = _spawn(tmp_path, "compare", PAGER=pager)
    child.expect_exact("PAGER DONE")
    child.expect(__import__("pexpect").EOF)
    text = kept.read_text(encoding="utf-8")
    assert "\x1b[" in text  # as the screen would show it: for less -R
    assert "[-" not in text  # struck through in colour, not marked with brackets
    assert all(len(__import__("re").sub(r"\x1b\[[0-9;]*m", "", line)) <= 80
               for line in text.splitlines()[1:])


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
@pytest.mark.parametrize(("args", "env"), [
    (["show", "--no-pager"], {}),
    (["show"], {"PAGER": ""}),
    (["show"], {"PAGER": "cat"}),
    (["show"], {"PAGER": "no-such-pager-program --flag"}),
    (["show"], {"TERM": "dumb"}),
])
def test_no_pager_prints_everything_at_once(tmp_path: Path, args: list[str],  # type: ignore[no-untyped-def]
                                            env: dict[str, str]) -> None:
    child = _spawn(tmp_path, *args, NO_COLOR="1", **env)
    child.expect_exact("Autumn partnership review")
    child.expect_exact("File: ")  # the last line of `reflect show`: everything was printed
    child.expect(__import__("pexpect").EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_output_that_fits_the_screen_is_not_paged(tmp_path: Path) -> None:
    pager, kept = _fake_pager(tmp_path)
    child = _spawn(tmp_path, "trends", rows=60, PAGER=pager, NO_COLOR="1")
    child.expect(__import__("pexpect").EOF)
    child = _spawn(tmp_path, "history", "purpose.impact", rows=60, PAGER=pager, NO_COLOR="1")
    child.expect_exact("purpose.impact · changed 0 times")
    child.expect(__import__("pexpect").EOF)
    assert not kept.exists()


def test_output_that_is_piped_is_never_paged(invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pager, kept = _fake_pager(tmp_path)
    monkeypatch.setenv("PAGER", pager)
    result = invoke("show", "--dir", str(EXAMPLE_LOGS))
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().splitlines()[-1].startswith("File: ")
    assert not kept.exists()


@pytest.mark.skipif(sys.platform == "win32" or not __import__("shutil").which("less"),
                    reason="less in a POSIX pseudo-terminal")
def test_show_opens_less_on_a_small_screen_at_the_start_of_the_log(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = _spawn(tmp_path, "show", NO_COLOR="1")
    child.expect_exact("Autumn partnership review")
    with pytest.raises(pexpect.TIMEOUT):  # the end waits for the reader
        child.expect_exact("File: ", timeout=1)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


# -- the answer box wraps at spaces ---------------------------------------------------------------
def _drawn(text: str, width: int, cursor: int | None = None) -> tuple[list[str], tuple[int, int]]:
    """The rows a prompt_toolkit window with reflect's word wrapping draws for the text (a
    prompt of '› ' before the first row, two spaces before the others), and the cursor."""
    import asyncio

    from prompt_toolkit.application import Application
    from prompt_toolkit.application.current import set_app
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.document import Document
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import BufferControl
    from prompt_toolkit.layout.mouse_handlers import MouseHandlers
    from prompt_toolkit.layout.screen import Screen, WritePosition
    from prompt_toolkit.output import DummyOutput

    from reflect_cli.terminal.wordwrap import WordWrap

    buffer = Buffer(document=Document(text, len(text) if cursor is None else cursor),
                    multiline=True)
    window = Window(BufferControl(buffer=buffer, input_processors=[WordWrap()]),
                    wrap_lines=True,
                    get_line_prefix=lambda n, w: [("", "› " if n == 0 and w == 0 else "  ")])
    screen = Screen()

    async def draw() -> None:
        with create_pipe_input() as pipe:
            app: Application[None] = Application(layout=Layout(window), input=pipe,
                                                 output=DummyOutput())
            with set_app(app):
                window.write_to_screen(screen, MouseHandlers(), WritePosition(0, 0, width, 30),
                                       parent_style="", erase_bg=False, z_index=None)

    asyncio.run(draw())
    rows = ["".join(screen.data_buffer[y][x].char for x in range(width)).rstrip()
            for y in range(30)]
    while rows and not rows[-1]:
        rows.pop()
    point = screen.get_cursor_position(window)
    return rows, (point.y, point.x)


@pytest.mark.parametrize("width", [80, 60, 30])
def test_the_answer_box_wraps_between_words(width: int) -> None:
    text = ("We need someone from the council to come to every meeting, and someone from "
            "housing too, because the tenants keep asking who is responsible for the repairs.")
    rows, _ = _drawn(text + "\nA second line.", width)
    assert all(len(row) <= width for row in rows)
    words = [row[2:].split() for row in rows]
    assert " ".join(w for row in words for w in row) == " ".join((text + " A second line."
                                                                   ).split())
    filled = [row for row in rows if row.strip()][:-2]  # (a row filled to the end is followed
    for number, row in enumerate(filled):              # by an empty one, as prompt_toolkit does)
        following = [row for row in rows if row.strip()][number + 1][2:].split()[0]
        assert len(row) + 1 + len(following) > width  # each row as full as whole words make it


def test_the_answer_box_cursor_follows_a_word_moved_down_and_a_long_word_is_still_cut() -> None:
    rows, cursor = _drawn("We need someone from the council", 20, cursor=len("We need someone f"))
    assert rows == ["› We need someone", "  from the council"]
    assert cursor == (1, 3)  # after the f of "from", on the second row
    rows, _ = _drawn("supercalifragilisticexpialidocious ok", 20)
    assert rows == ["› supercalifragilist", "  icexpialidocious", "  ok"]


class _Screen:
    """Just enough of a terminal to see what prompt_toolkit drew: text, cursor moves, erasing
    (colours and modes are ignored)."""

    def __init__(self, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        self.cells = [[" "] * cols for _ in range(rows)]
        self.y = self.x = 0

    def _scroll(self) -> None:
        if self.y >= self.rows:
            self.cells = self.cells[1:] + [[" "] * self.cols]
            self.y = self.rows - 1

    def feed(self, data: str) -> None:
        for match in re.finditer(r"\x1b\[([?0-9;]*)([A-Za-z])|\x1b[()][A-Z0-9]|\x1b.|(.)", data,
                                 re.DOTALL):
            code, final, char = match.group(1), match.group(2), match.group(3)
            if char is not None:
                if char == "\r":
                    self.x = 0
                elif char == "\n":
                    self.y += 1
                    self._scroll()
                elif char == "\b":
                    self.x = max(self.x - 1, 0)
                elif char >= " ":
                    if self.x >= self.cols:
                        self.x, self.y = 0, self.y + 1
                        self._scroll()
                    self.cells[self.y][self.x] = char
                    self.x += 1
                continue
            if final is None or code.startswith("?"):
                continue
            numbers = [int(n) if n else 0 for n in code.split(";")] if code else []
            n = numbers[0] if numbers and numbers[0] else 1
            if final == "A":
                self.y = max(self.y - n, 0)
            elif final == "B":
                self.y = min(self.y + n, self.rows - 1)
            elif final == "C":
                self.x = min(self.x + n, self.cols - 1)
            elif final == "D":
                self.x = max(self.x - n, 0)
            elif final in "Hf":
                self.y = (numbers[0] - 1 if numbers and numbers[0] else 0)
                self.x = (numbers[1] - 1 if len(numbers) > 1 and numbers[1] else 0)
            elif final == "J":
                for y in range(self.y + 1 if not numbers or numbers[0] == 0 else 0, self.rows):
                    self.cells[y] = [" "] * self.cols
                if not numbers or numbers[0] == 0:
                    self.cells[self.y][self.x:] = [" "] * (self.cols - self.x)
            elif final == "K":
                self.cells[self.y][self.x:] = [" "] * (self.cols - self.x)

    def lines(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.cells]


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
@pytest.mark.parametrize(("rows", "cols"), [(24, 80), (20, 60)])
def test_typing_a_long_answer_in_a_real_terminal_wraps_between_words(  # type: ignore[no-untyped-def]
        tmp_path: Path, journal: Path, rows: int, cols: int) -> None:
    import time

    pexpect = pytest.importorskip("pexpect")
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    environment.update({"REFLECT_DIR": str(journal), "TERM": "xterm", "NO_COLOR": "1",
                        "PROMPT_TOOLKIT_NO_CPR": "1"})
    child = pexpect.spawn(sys.executable, ["-m", "reflect_cli", "session", "-p",
                                           "purpose.impact", "--kind", "journal", "--title",
                                           "Wrap"],
                          env=environment, encoding="utf-8", timeout=20,
                          dimensions=(rows, cols))
    child.delaybeforesend = None
    screen = _Screen(rows, cols)

    def read_all() -> None:
        while True:
            try:
                screen.feed(child.read_nonblocking(100_000, timeout=0.5))
            except pexpect.TIMEOUT:
                return

    child.expect_exact("Ctrl-C: stop")
    screen.feed(child.before + child.after)
    read_all()
    # (a word crosses the last column of the first row at 80 and at 60 columns)
    text = ("We would like somebody from the council to join us at nearly every single "
            "gathering we hold, and somebody from the housing association too, because "
            "tenants ask.")
    for char in text:
        child.send(char)
        time.sleep(0.003)
    read_all()
    lines = screen.lines()
    first = max(i for i, line in enumerate(lines) if line.startswith("›  We would"))
    box = [lines[first]] + [line for line in lines[first + 1:] if line.startswith("   ")]
    assert len(box) >= 2  # wrapped
    assert all(len(line) <= cols for line in box)
    assert " ".join(" ".join(line[3:].split()) for line in box) == text
    words = set(text.replace(",", " ").replace(".", " ").split())
    for line in box:
        for word in line[3:].replace(",", " ").replace(".", " ").split():
            assert word in words, (word, box)  # never a word cut in two
    child.send("\r")
    time.sleep(0.1)
    child.send("\r")
    child.expect(pexpect.EOF)
    log = next(journal.glob("*.md")).read_text(encoding="utf-8")
    assert text in log  # what is shown never changes what is kept


@pytest.mark.parametrize("columns", ["80", "60"])
def test_framework_show_wraps_the_introduction_between_words_to_the_screen(  # type: ignore[no-untyped-def]
        invoke, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = invoke("framework", "show").stdout
    intro = out.split("\n\n")[1:3]  # the introduction's two paragraphs
    assert intro[0].startswith("A partnership is a group of people")
    assert intro[1].startswith("New partnerships can use the questions")
    width = int(columns)
    for paragraph in intro:
        lines = [line.rstrip() for line in paragraph.splitlines()]
        assert all(len(line) <= width for line in lines)
        for line, following in zip(lines, lines[1:], strict=False):
            assert len(line) + 1 + len(following.split()[0]) > width, (line, following)


# -- the README's start ---------------------------------------------------------------------------
def test_the_readme_starts_with_two_commands_then_says_how_to_begin_small_and_come_back(  # type: ignore[no-untyped-def]
        framework) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert blocks[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/reflect session\n",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m "
        "pytest -q\n"]
    start = readme.split("## Start")[1].split("\n## ")[0]
    total = sum(len(s.prompts) for s in framework.sections)
    assert f"{total} prompts in all" in start
    shortest = blocks[2].strip()
    assert shortest in start
    assert shortest == ".venv/bin/reflect session -p purpose.impact"
    assert framework.prompt("purpose.impact") is not None  # the prompt it names is real
    assert ". .venv/bin/activate" in start
    assert "~/reflect/.venv/bin/reflect session" in start
    developers = readme.split("## For developers")[1]
    assert ".venv/bin/python -m pytest -q" in developers


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("less") is None,
                    reason="a POSIX pseudo-terminal, with less")
@pytest.mark.parametrize("size", [(24, 80), (20, 60)])
def test_the_pager_says_which_keys_to_press(tmp_path: Path, size: tuple[int, int]) -> None:
    pexpect = pytest.importorskip("pexpect")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("PAGER", "NO_COLOR", "COLUMNS", "LINES", "LESS")}
    environment.update({"REFLECT_DIR": str(EXAMPLE_LOGS), "TERM": "xterm", "NO_COLOR": "1",
                        "REFLECT_CACHE_DIR": str(tmp_path / "cache")})
    child = pexpect.spawn(sys.executable, ["-m", "reflect_cli", "show"], env=environment,
                          encoding="utf-8", timeout=20, dimensions=size)
    # less's own last line was a bare ':', saying nothing to someone new to a terminal.
    child.expect_exact("Space: more, b: back, q: quit")
    child.send("G")  # to the end
    child.expect_exact("q: quit (end)")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
