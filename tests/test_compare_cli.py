"""`reflect compare`, `reflect history` and `reflect trends`, as people run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import log_paths
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_LOGS = ROOT / "examples" / "logs"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("REFLECT_UPDATE_SNAPSHOTS") == "1"

WINTER = {
    "title": "Winter check-in", "date": "2026-01-08", "kind": "meeting",
    "purpose.impact": "Fewer people reaching crisis point.",
    "purpose.influence": "The ICB's ageing well board and the council.",
    "role.change": None,
    "characteristics.trust": 2, "characteristics.power": 1,
}
SPRING = {
    "title": "Spring review", "date": "2026-03-12", "kind": "meeting",
    "purpose.impact": "Fewer people reaching crisis point.",
    "purpose.influence": "The ICB's ageing well board, the council and the housing "
                         "association.",
    "role.change": "Connectors start early.",
    "members.changes": "Housing left in January.",
    "characteristics.trust": 3, "characteristics.power": 1,
}
SUMMER = {
    "title": "Summer review", "date": "2026-06-18", "kind": "meeting",
    "purpose.impact": "Fewer people reaching crisis point, and *nobody* left ~~alone~~ "
                      "<b>at home</b>.",
    "purpose.influence": "The ICB's ageing well board, the council and the housing "
                         "association.",
    "role.change": None,
    "learning.acting": "Three actions, each with a name against it.",
    "characteristics.trust": 5, "characteristics.power": 2,
}


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The index of logs goes to a temporary folder, never the user's cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("REFLECT_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)
    return cache


def add(invoke, answers: dict[str, object]) -> Path:  # type: ignore[no-untyped-def]
    """Write a log with `reflect session --answers`, as a person would."""
    name = f"answers-{answers['date']}.yaml"
    Path(name).write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = invoke("session", "--answers", name)
    assert result.exit_code == 0, result.output
    return Path(name)


@pytest.fixture
def three(invoke, journal: Path) -> Path:  # type: ignore[no-untyped-def]
    for answers in (WINTER, SPRING, SUMMER):
        add(invoke, answers)
    assert len(log_paths(journal)) == 3
    return journal


def flat(text: str) -> str:
    return " ".join(text.split())


def json_of(result) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def markdown_html(text: str, strikethrough: bool = True) -> str:
    parser = MarkdownIt("commonmark")
    if strikethrough:
        parser.enable("strikethrough")
    return parser.render(text)


# -- compare -------------------------------------------------------------------------------------
def test_compare_with_no_arguments_takes_the_two_most_recent(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Spring review → Summer review\n")
    assert "Thu 12 Mar 2026 → Thu 18 Jun 2026 · 98 days apart" in out
    assert "Before: 2026-03-12-spring-review.md" in out
    assert "3 changed · 1 no longer answered · 2 not asked in one · 1 unchanged" in out
    assert "reaching crisis [-point.-]{+point, and *nobody* left ~~alone~~ <b>at home</b>.+}" \
        in flat(out)
    assert "3 of 5 (Partly) → 5 of 5 (Fully) +2" in flat(out)
    assert "1 of 5 (Not at all) → 2 of 5 (A little) +1" in flat(out)
    assert "Before: Connectors start early. (skipped on Thu 18 Jun 2026)" in flat(out)
    assert "(not asked on Thu 12 Mar 2026)" in out


def test_compare_one_session_against_the_latest(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    data = json_of(invoke("compare", "2026-01-08", "--format", "json"))
    assert (data["before"]["title"], data["after"]["title"]) == ("Winter check-in",
                                                                 "Summer review")
    assert data["days_between"] == 161


@pytest.mark.parametrize(("first", "second"), [
    ("latest~2", "latest~1"), ("2026-01-08", "2026-03-12"),
    ("2026-01-08-winter", "2026-03-12-spring-review.md"),
    ("2026-03-12", "2026-01"),  # given newest first: still shown oldest first
])
def test_compare_names_sessions_like_show(invoke, three: Path, first: str,  # type: ignore[no-untyped-def]
                                         second: str) -> None:
    data = json_of(invoke("compare", first, second, "--format", "json"))
    assert data["before"]["file"] == "2026-01-08-winter-check-in.md"
    assert data["after"]["file"] == "2026-03-12-spring-review.md"


def test_compare_a_log_by_its_path(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    path = three / "2026-01-08-winter-check-in.md"
    data = json_of(invoke("compare", str(path), "--format", "json"))
    assert data["before"]["file"] == path.name


def test_compare_the_same_session_twice_is_refused(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare", "latest")
    assert result.exit_code == 2
    assert "'latest' and 'latest' are the same session" in flat(result.stderr)


def test_compare_needs_two_sessions(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare")
    assert result.exit_code == 2
    assert "reflect compare needs two sessions" in flat(result.stderr)
    assert "has none" in flat(result.stderr)
    add(invoke, WINTER)
    result = invoke("compare")
    assert result.exit_code == 2
    assert "has only one" in flat(result.stderr)
    assert "reflect session" in result.stderr


def test_compare_an_unknown_session(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare", "2025", "latest")
    assert result.exit_code == 2
    assert "no session matches '2025'" in flat(result.stderr)
    assert invoke("compare", "latest~5").exit_code == 2


def test_compare_only_changed_and_one_question(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    data = json_of(invoke("compare", "--only-changed", "-q", "purpose", "--format", "json"))
    assert [q["id"] for q in data["questions"]] == ["purpose"]
    assert [p["id"] for p in data["questions"][0]["prompts"]] == ["purpose.impact"]
    result = invoke("compare", "-q", "purpse")
    assert result.exit_code == 2
    assert "Did you mean 'purpose'?" in flat(result.stderr)


def test_compare_json_shape(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    data = json_of(invoke("compare", "--format", "json"))
    assert set(data) == {"report", "format", "before", "after", "days_between", "counts",
                         "questions", "meeting", "left_out"}
    assert (data["report"], data["format"], data["left_out"]) == ("compare", 1, [])
    assert set(data["before"]) == {"file", "id", "date", "title", "kind", "framework"}
    assert data["before"]["framework"] == {"id": "kings-fund-partnering", "version": "1.0"}
    assert data["counts"] == {"changed": 3, "newly_answered": 0, "no_longer_answered": 1,
                              "not_asked_in_one": 2, "skipped_in_one": 0, "unchanged": 1}
    prompts = {p["id"]: p for q in data["questions"] for p in q["prompts"]}
    assert sum(data["counts"].values()) == len(prompts)
    for prompt in prompts.values():
        assert set(prompt) == {"id", "prompt", "status", "before", "after", "diff", "rating"}
    impact = prompts["purpose.impact"]
    assert impact["prompt"] == "What impact does your partnership want to have?"
    assert set(impact["before"]) == {"status", "text", "rating", "rating_of", "rating_label",
                                   "notes", "group"}
    new_text = "".join(d["text"] for d in impact["diff"] if d["op"] != "delete")
    assert new_text == impact["after"]["text"]
    assert {d["op"] for d in impact["diff"]} == {"equal", "delete", "insert"}
    trust = prompts["characteristics.trust"]
    assert trust["rating"] == {"before": 3, "after": 5, "change": 2, "scale_top": 5,
                               "before_group": None, "after_group": None,
                               "disagreement": None}
    assert trust["diff"] is None
    assert prompts["learning.acting"]["before"] is None
    assert prompts["learning.acting"]["status"] == "not_asked_in_one"
    assert prompts["role.change"]["after"]["status"] == "skipped"


def test_compare_markdown_renders_deletions_and_insertions(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Spring review → Summer review\n")
    # Escaped only where Markdown would read markup: no backslash before ">", "&" or "_".
    assert "~~point.~~ **point, and \\*nobody\\* left \\~\\~alone\\~\\~ \\<b>at home\\</b>.**" \
        in text
    html = markdown_html(text)
    assert "<s>point.</s> <strong>point, and *nobody* left ~~alone~~ &lt;b&gt;at home&lt;/b&gt;." \
           "</strong>" in html
    assert "<b>" not in html  # what people wrote is shown, never taken as markup
    assert "<h2>1. What is the purpose of the partnership's work?</h2>" in html
    assert "<li><strong>Before:</strong> Thursday 12 March 2026, <em>Spring review</em> " \
           "(meeting), <code>2026-03-12-spring-review.md</code></li>" in html
    assert "Deleted words are <s>struck through</s> and added words are " \
           "<strong>bold</strong>." in html
    # Plain CommonMark has no strikethrough: the tildes stay, so a deletion is still marked.
    plain = markdown_html(text, strikethrough=False)
    assert "~~point.~~ <strong>point," in plain


def test_compare_reads_well_in_80_columns_without_colour(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The README's example: the two logs in examples/, in a plain 80-column terminal."""
    result = invoke("compare", "--dir", str(EXAMPLE_LOGS))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert not [line for line in out.splitlines() if line != line.rstrip()]
    snapshot = SNAPSHOTS / "compare-examples.txt"
    if UPDATE:
        snapshot.write_text(out, encoding="utf-8")
    assert out == snapshot.read_text(encoding="utf-8"), (
        "the compare report changed; if that is intended, run "
        "REFLECT_UPDATE_SNAPSHOTS=1 pytest tests/test_compare_cli.py and review the diff")


def test_compare_with_colour_strikes_and_underlines(invoke, three: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from reflect_cli.domain.compare import word_diff
    from reflect_cli.outputs.flow import DiffText

    monkeypatch.delenv("NO_COLOR")
    console = Console(force_terminal=True, color_system="standard", width=80)
    with console.capture() as capture:
        console.print(DiffText(word_diff("a b c", "a x c")))
    out = capture.get()
    assert "[-" not in out
    assert "{+" not in out
    assert "\x1b[" in out
    assert "9" in out  # strike


def test_compare_to_a_file(invoke, three: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "report.md"
    result = invoke("compare", "--format", "markdown", "-o", str(report))
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("# Spring review → Summer review")
    assert invoke("compare", "-o", str(report)).exit_code == 2  # never overwritten
    plain = tmp_path / "report.txt"
    assert invoke("compare", "-o", str(plain)).exit_code == 0
    text = plain.read_text(encoding="utf-8")
    assert "{+point, and" in text
    assert not [line for line in text.splitlines() if line != line.rstrip()]


def test_compare_bad_format(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare", "--format", "html")
    assert result.exit_code == 2
    assert "'html' is not one of 'terminal', 'markdown', 'json'" in flat(result.stderr)


# -- logs that cannot be read --------------------------------------------------------------------
@pytest.fixture
def broken(three: Path) -> Path:
    path = three / "2026-06-30-broken.md"
    path.write_text("Just some notes, not a log.\n", encoding="utf-8")
    (three / "2026-07-01-binary.md").write_bytes(b"---\nreflect_log: 1\n\xff\xfe\n---\n")
    return path


@pytest.mark.parametrize("args", [["compare"], ["history", "purpose"], ["trends"]])
def test_unreadable_logs_are_named_and_left_out(invoke, broken: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    warnings = flat(result.stderr)
    assert "Warning: 2026-06-30-broken.md cannot be read, so it is left out (line 1: not a " \
           "reflect log" in warnings
    assert "Warning: 2026-07-01-binary.md cannot be read" in warnings
    assert "broken" not in result.stdout
    data = json_of(invoke(*args, "--format", "json"))
    assert [e["file"] for e in data["left_out"]] == ["2026-06-30-broken.md",
                                                    "2026-07-01-binary.md"]


def test_compare_of_an_unreadable_log_named_on_purpose_says_why(invoke, broken: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare", "2026-06-30-broken.md")
    assert result.exit_code == 2
    assert "not a reflect log" in flat(result.stderr)


def test_compare_needs_two_readable_sessions(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    add(invoke, WINTER)
    (journal / "2026-02-01-broken.md").write_text("nothing\n", encoding="utf-8")
    result = invoke("compare")
    assert result.exit_code == 2
    assert "only one that can be read (1 cannot)" in flat(result.stderr)


# -- history -------------------------------------------------------------------------------------
def test_history_of_a_prompt(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("history", "purpose.influence")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "What impact" not in out
    lines = [line for line in out.splitlines() if line.startswith("Thu")]
    assert lines[0].startswith("Thu  8 Jan 2026  Winter check-in")
    assert lines[0].endswith("first answer")
    assert lines[1].endswith("changed")
    assert lines[2].endswith("unchanged")
    assert "board [-and-]{+and+} the [-council.-]{+council, and the housing association.+}" \
        not in flat(out)
    assert "{+" in out


def test_history_of_a_question_with_since_and_until(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    data = json_of(invoke("history", "characteristics", "--since", "2026-03-01",
                          "--until", "2026-06-30", "--format", "json"))
    assert (data["report"], data["kind"], data["id"]) == ("history", "question",
                                                           "characteristics")
    assert (data["since"], data["until"]) == ("2026-03-01", "2026-06-30")
    assert data["title"] == "Characteristics of effective partnerships"
    trust = next(p for p in data["prompts"] if p["id"] == "characteristics.trust")
    assert set(trust) == {"id", "question", "prompt", "changes", "entries"}
    assert [(e["session"]["date"], e["status"], e["answer"]["rating"])
            for e in trust["entries"]] == [("2026-03-12", "first", 3),
                                           ("2026-06-18", "changed", 5)]
    assert trust["entries"][1]["rating"] == {"before": 3, "after": 5, "change": 2,
                                             "scale_top": 5, "before_group": None,
                                             "after_group": None, "disagreement": None}
    assert set(trust["entries"][0]) == {"session", "status", "answer", "diff", "rating"}


def test_history_only_changed_and_markdown(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("history", "purpose.impact", "--only-changed", "--format", "markdown")
    assert result.exit_code == 0, result.output
    html = markdown_html(result.stdout)
    assert "<h1>History: What impact does your partnership want to have?</h1>" in html
    assert "Spring review" not in result.stdout  # unchanged since the one before
    assert "<s>point.</s>" in html
    assert html.count("<h2>") == 2


def test_history_markdown_collapses_nothing_and_terminal_collapses_runs(invoke,  # type: ignore[no-untyped-def]
                                                                       journal: Path) -> None:
    for day in ("2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22"):
        add(invoke, {"date": day, "purpose.impact": "Same as ever."})
    out = invoke("history", "purpose.impact").stdout
    assert "Thu  8 Jan 2026 to Thu 22 Jan 2026  3 sessions" in out
    assert "unchanged" in out


def test_history_of_an_unknown_id(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("history", "purpose.impakt")
    assert result.exit_code == 2
    assert "Did you mean 'purpose.impact'?" in flat(result.stderr)


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "31/02/2026"], "--since: '31/02/2026' is not a date"),
    (["--since", "2026-06-01", "--until", "2026-01-01"], "--until 2026-01-01 is before --since"),
])
def test_history_bad_dates(invoke, three: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("history", "purpose", *args)
    assert result.exit_code == 2
    assert message in flat(result.stderr)


def test_history_in_an_empty_journal(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("history", "purpose")
    assert result.exit_code == 2
    assert "there are no sessions in" in flat(result.stderr)


# -- trends --------------------------------------------------------------------------------------
def test_trends_in_the_terminal(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("trends")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Ratings from 3 sessions, Thu 8 Jan 2026 to Thu 18 Jun 2026" in out
    assert "Scale: 1 Not at all, 2 A little, 3 Partly, 4 Mostly, 5 Fully" in out
    trust = next(line for line in out.splitlines() if line.startswith("Relationships"))
    assert re.search(r"▃▅█ +2 +5 +★ \+3$", trust), trust
    power = next(line for line in out.splitlines() if line.startswith("Partners openly"))
    assert re.search(r"▁▁▃ +1 +2 +★ \+1$", power), power  # both changes are among the top 3
    assert "★ the biggest changes" in out


def test_trends_json_and_markdown_with_a_window(invoke, three: Path) -> None:  # type: ignore[no-untyped-def]
    data = json_of(invoke("trends", "--since", "2026-03-01", "--format", "json"))
    assert (data["report"], data["sessions"], data["since"], data["until"]) == (
        "trends", 2, "2026-03-01", None)
    trust = data["characteristics"][0]
    assert set(trust) == {"id", "question", "prompt", "values", "first", "latest", "change",
                          "scale_top", "biggest_mover", "disagreement"}
    assert [v["value"] for v in trust["values"]] == [3, 5]
    assert (trust["first"], trust["latest"], trust["change"], trust["biggest_mover"]) == (
        3, 5, 2, True)
    assert {"value": 3, "label": "Partly"} in data["scale"]
    result = invoke("trends", "--until", "2026-03-31", "--format", "markdown")
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<th>Characteristic</th>" in html
    assert "<strong>Relationships characterised by trust, respect and reciprocity</strong>" \
        in html
    assert "<td>2, 3</td>" in html


def test_trends_without_ratings(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    add(invoke, {"date": "2026-01-01", "purpose.impact": "Words only."})
    result = invoke("trends")
    assert result.exit_code == 0, result.output
    assert "No ratings to show yet" in result.stdout
    assert json_of(invoke("trends", "--format", "json"))["characteristics"] == []


# -- the cache of logs ---------------------------------------------------------------------------
def test_a_log_edited_after_a_report_is_read_again(invoke, three: Path, own_cache: Path) -> None:  # type: ignore[no-untyped-def]
    assert json_of(invoke("trends", "--format", "json"))["characteristics"][0]["latest"] == 5
    assert list(own_cache.glob("*.sqlite3"))
    log = three / "2026-06-18-summer-review.md"
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("**5 of 5** · Fully", "**4 of 5** · Mostly"), encoding="utf-8")
    assert json_of(invoke("trends", "--format", "json"))["characteristics"][0]["latest"] == 4
    log.unlink()
    assert json_of(invoke("trends", "--format", "json"))["sessions"] == 2


def test_reports_work_without_a_cache(invoke, three: Path,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch, own_cache: Path) -> None:
    before = sorted(own_cache.rglob("*")) if own_cache.exists() else []
    monkeypatch.setenv("REFLECT_CACHE_DIR", "off")
    assert json_of(invoke("history", "purpose", "--format", "json"))["prompts"]
    assert (sorted(own_cache.rglob("*")) if own_cache.exists() else []) == before


def test_a_damaged_cache_is_started_afresh(invoke, three: Path, own_cache: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("trends").exit_code == 0
    (cache,) = own_cache.glob("*.sqlite3")
    cache.write_bytes(b"not a database")
    assert json_of(invoke("trends", "--format", "json"))["sessions"] == 3


def test_the_examples_compare_from_a_copy(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy"
    shutil.copytree(EXAMPLE_LOGS, copy)
    data = json_of(invoke("compare", "--dir", str(copy), "--format", "json"))
    assert data["counts"]["changed"] > 10


# -- speed ---------------------------------------------------------------------------------------
def test_reports_do_not_import_pydantic(tmp_path: Path, three: Path) -> None:
    """typer would import pydantic (~40 ms) to check options; reflect's commands do without."""
    code = (
        "import sys\n"
        "from reflect_cli.cli import app\n"
        "for args in (['compare'], ['history', 'purpose'], ['trends', '--format', 'json'],\n"
        "             ['compare', '--help']):\n"
        "    try:\n"
        "        app(args, prog_name='reflect')\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code in (0, None), (args, exit.code)\n"
        "sys.stderr.write('PYDANTIC %s\\n' % ('pydantic' in sys.modules))\n"
    )
    env = {**os.environ, "REFLECT_DIR": str(three), "NO_COLOR": "1", "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "PYDANTIC False" in done.stderr
    assert "Summer review" in done.stdout


# -- what people write is shown as written -------------------------------------------------------
def _as_markers(html: str) -> str:
    """The text a browser shows, with struck and bold text marked as in the terminal."""
    import html as entities

    html = re.sub(r"<s>(.*?)</s>", r"[-\1-]", html, flags=re.S)
    html = re.sub(r"<strong>(.*?)</strong>", r"{+\1+}", html, flags=re.S)
    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", html)).split())


special_words = st.text(alphabet="ab*_~`[]()<>&|#-+=.!\\:é", min_size=1, max_size=6).filter(
    lambda w: not w.isspace() and " " not in w)
texts = st.lists(st.tuples(special_words, st.sampled_from([" ", " ", "\n", "\n\n"])),
                 max_size=8).map(lambda pairs: "".join(w + gap for w, gap in pairs).strip())


@given(texts, texts)
def test_markdown_shows_any_diff_exactly(old: str, new: str) -> None:
    """Markdown specials in answers never become formatting, and changes are always marked."""
    from reflect_cli.domain.compare import reflow, word_diff
    from reflect_cli.outputs import markdown as formats

    def marked(op: str, text: str) -> str:  # each line of a change is marked on its own
        if op == "equal":
            return text
        start, end = ("[-", "-]") if op == "delete" else ("{+", "+}")
        return "\n".join(f"{start}{line.strip()}{end}" if line.strip() else line
                         for line in text.split("\n"))

    tokens = word_diff(old, new)
    markdown = "\n".join(formats._md_quote(formats._md_lines(tokens)))
    expected = " ".join("".join(marked(op, t) for op, t in reflow(tokens)).split())
    expected = expected.replace("-]{+", "-] {+")  # Markdown puts a space between the two
    assert _as_markers(markdown_html(markdown)) == expected


def test_wide_characters_wrap_within_80_columns(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    from rich.cells import cell_len

    add(invoke, {"date": "2026-01-01", "purpose.impact": "地域の人々 " * 12})
    add(invoke, {"date": "2026-02-01", "purpose.impact": "地域の人々 " * 11 + "住民の声"})
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())
    assert "[-地域の人々-]{+住民の声+}" in result.stdout


@pytest.mark.parametrize("args", [["compare"], ["compare", "--only-changed"],
                                  ["history", "purpose"], ["history", "purpose.impact"],
                                  ["trends"]])
def test_the_quick_plain_printing_matches_rich(invoke, args: list[str],  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour, reports are printed by joining their lines (fast); the text must be
    exactly what rich itself prints."""
    from reflect_cli.outputs import screen

    logs = str(ROOT / "examples" / "logs")
    quick = invoke(*args, "--dir", logs)
    assert quick.exit_code == 0, quick.output
    monkeypatch.setattr(screen, "print_report", lambda view: screen.console().print(view))
    slow = invoke(*args, "--dir", logs)
    assert quick.stdout == slow.stdout
    assert len(quick.stdout.splitlines()) > 3


def test_one_column_characters_really_take_one_column() -> None:
    """The quick width check agrees with rich for every character it accepts."""
    from rich.cells import cell_len

    from reflect_cli.outputs.flow import one_cell_each

    codes = [*range(0x20, 0x7f), *range(0x80, 0x2100)]  # ASCII control codes aside
    accepted = [chr(c) for c in codes if one_cell_each(chr(c))]
    assert "é" in accepted
    assert "’" in accepted
    assert "—" in accepted
    assert "€" in accepted
    assert not one_cell_each("\u200b")
    assert not one_cell_each("e\u0301")
    assert not one_cell_each("会")
    assert not one_cell_each("🎉")
    for char in accepted:
        assert cell_len(char) == 1, hex(ord(char))


def test_history_remembers_its_word_diffs(invoke, three: Path, own_cache: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    first = invoke("history", "purpose", "--format", "json")
    (index,) = own_cache.glob("*.sqlite3")
    with sqlite3.connect(index) as db:
        remembered = db.execute("SELECT COUNT(*) FROM diffs").fetchone()[0]
    assert remembered > 0
    second = invoke("history", "purpose", "--format", "json")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout  # the remembered diffs give the same report


_FLOW_TEXT = st.text(alphabet=st.sampled_from(list("ab cd\tef\n-—’éü会🎉")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.tuples(_FLOW_TEXT, st.sampled_from(["", "bold", "red strike"])),
                       max_size=5),
       indent=st.integers(0, 4), tagged=st.booleans(), width=st.integers(24, 100))
def test_plain_lines_are_the_coloured_lines_without_colour(pieces: list[tuple[str, str]],
                                                           indent: int, tagged: bool,
                                                           width: int) -> None:
    """The quick plain text of a report line is exactly what the coloured version shows.

    (Reports indent by 4 at most; on a screen narrower than that allows, lines keep 20
    columns and the terminal wraps them, so wider indents are not compared.)"""
    import io

    from rich.console import Console

    from reflect_cli.outputs.flow import Flow

    flow = Flow(pieces, indent, ("changed", "bold yellow") if tagged else None)
    coloured = Console(file=io.StringIO(), width=width, force_terminal=True,
                       color_system="truecolor", record=True, _environ={})
    coloured.print(flow)
    shown = coloured.export_text(styles=False)
    assert flow.plain_text(width) == shown


def test_the_readme_shows_what_compare_really_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("`reflect compare --dir examples/logs` shows:\n\n```\n", 1)[1]
    shown = [line for line in block.split("\n```", 1)[0].splitlines() if line != "..."]
    printed = (SNAPSHOTS / "compare-examples.txt").read_text(encoding="utf-8").splitlines()
    assert len(shown) > 10
    for line in shown:
        assert line in printed


def test_compare_says_when_two_sessions_share_no_prompt(invoke) -> None:  # type: ignore[no-untyped-def]
    add(invoke, {"date": "2026-03-01", "purpose.impact": "Less waiting."})
    add(invoke, {"date": "2026-04-01", "role.change": "Slowly."})
    text = flat(invoke("compare").stdout)
    assert "These two sessions have no prompts in common" in text


def test_reports_made_without_rich_match_rich_at_every_width(tmp_path: Path) -> None:
    """The quick plain text of each report view (paragraphs, flows, the trends' table with
    long characteristic names, stars and ranges) is what rich prints, from 30 to 140
    columns; and making it loads no more of rich than its cell widths."""
    from reflect_cli.app import reports
    from reflect_cli.outputs import screen
    from reflect_cli.storage import open_store

    logs = tmp_path / "logs"
    shutil.copytree(ROOT / "examples" / "logs", logs)
    with open_store(logs) as store:
        views = [screen.comparison_view(reports.load_comparison(store).report),
                 screen.history_view(reports.load_history(store, "purpose").report),
                 screen.trends_view(reports.load_trends(store).report)]
    for view in views:
        for width in range(30, 141, 7):
            assert screen.plain_report(view, width) == screen._printed(view, width), width
    code = ("import sys; from reflect_cli.cli import main; sys.argv[1:] = ['trends', '--dir', "
            f"{str(logs)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('rich')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "NO_COLOR": "1"})
    assert "★" in done.stdout or "+" in done.stdout
    assert "rich.console" not in done.stderr
