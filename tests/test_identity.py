"""Who you are: `reflect config`, the author every log records, and --author on list,
history and search."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from helpers import log_paths, read_log

from reflect_cli.domain.meeting import person_id
from reflect_cli.domain.model import Author, Session
from reflect_cli.errors import LogError
from reflect_cli.storage.logfile import parse_log, render_log


def _journal_answers(tmp_path: Path, title: str, impact: str, date: str = "2026-03-12") -> Path:
    path = tmp_path / f"{person_id(title)}.yaml"
    path.write_text(f"title: {title}\ndate: {date}\nkind: journal\n"
                    f"purpose.impact: {impact}\n", encoding="utf-8")
    return path


def _write(invoke, tmp_path: Path, title: str, impact: str, date: str = "2026-03-12"
           ) -> None:  # type: ignore[no-untyped-def]
    result = invoke("session", "--answers", str(_journal_answers(tmp_path, title, impact, date)))
    assert result.exit_code == 0, result.output


def flat(text: str) -> str:
    """Output with its lines joined (messages are wrapped to the screen)."""
    return " ".join(text.split())


def _config_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "me.yaml"


# -- the model -----------------------------------------------------------------------------------
def test_an_author_is_known_by_the_person_id_meetings_give_participants() -> None:
    author = Author("José Álvarez", "Eastgate Council", "Local authority")
    assert author.id == person_id("José Álvarez") == "jose-alvarez"
    assert author.describe() == "José Álvarez (Eastgate Council, Local authority)"
    assert Author("Jo Bell").describe() == "Jo Bell"
    # An id recorded in a log is kept as it is, even if the name was spelled otherwise since.
    assert Author("Joanna Bell", id="jo-bell").id == "jo-bell"


@pytest.mark.parametrize("wanted", ["José Álvarez", "jose alvarez", "JOSE  ALVAREZ",
                                    "jose-alvarez", " José Álvarez "])
def test_an_author_is_named_by_id_or_whole_name_whatever_the_case_and_accents(
        wanted: str) -> None:
    assert Author("José Álvarez").is_named(wanted)


@pytest.mark.parametrize("wanted", ["José", "Alvarez Jose", "", "jose-alvarez-2"])
def test_an_author_is_not_named_by_part_of_a_name_or_another_name(wanted: str) -> None:
    assert not Author("José Álvarez").is_named(wanted)


# -- the log format ------------------------------------------------------------------------------
def _session(author: Author | None) -> Session:
    created = dt.datetime(2026, 3, 12, 14, 0, tzinfo=dt.timezone.utc)
    return Session(id="abc123", date=created.date(), created=created,
                   framework_id="kings-fund-partnering", framework_version="1.0",
                   title="Spring review", author=author)


def test_a_log_records_its_author_in_the_front_matter_and_reads_it_back() -> None:
    author = Author("Priya Shàh", "Northfield NHS Trust", "NHS")
    text = render_log(_session(author))
    assert ("author:\n  name: Priya Shàh\n  organisation: Northfield NHS Trust\n"
            "  sector: NHS\n  id: priya-shah\n") in text
    assert parse_log(text).author == author
    assert parse_log(text).extra == {}
    # Said where people read the log too (GitHub, an editor, reflect show).
    assert ("Journal entry · Thursday 12 March 2026 · by Priya Shàh (Northfield NHS Trust, "
            "NHS) · 0 answered, 0 skipped") in text


def test_a_log_without_an_author_has_none_and_writes_none() -> None:
    text = render_log(_session(None))
    assert "author" not in text
    assert parse_log(text).author is None


def test_an_author_with_a_changed_name_keeps_the_id_written_in_the_log() -> None:
    text = render_log(_session(Author("Jo Bell", "Eastgate", "VCSE")))
    edited = text.replace("name: Jo Bell", "name: Joanna Bell")
    assert parse_log(edited).author == Author("Joanna Bell", "Eastgate", "VCSE", "jo-bell")


@pytest.mark.parametrize(("author", "key", "message"), [
    ("[Priya, NHS]", "author", "should be a mapping"),
    ("'Priya'", "author", "should be a mapping"),
    ("{name: [a, b]}", "author.name", "should be text"),
    ("{name: Priya, sector: {x: 1}}", "author.sector", "should be text"),
    ("{name: Priya, id: true}", "author.id", "should be text"),
    ("{organisation: NHS Trust}", "author.name", "needs a name"),
    ("{name: '   '}", "author.name", "needs a name"),
])
def test_a_damaged_author_names_the_key_and_its_line(author: str, key: str,
                                                     message: str) -> None:
    text = render_log(_session(None)).replace("kind: journal\n",
                                              f"kind: journal\nauthor: {author}\n")
    with pytest.raises(LogError) as caught:
        parse_log(text, "x.md")
    problem = caught.value.problems[0]
    assert (problem.key, problem.line) == (key, 6)  # the line after 'kind:'
    assert message in problem.message


def test_an_author_with_control_characters_is_kept_exactly_and_never_reaches_the_screen(
        invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = "Eve\x1b]52;c;cGF5bG9hZA==\x07 \u202eevil"
    text = render_log(_session(Author(hostile, "Org\x1b[2J", "NHS")))
    assert parse_log(text).author == Author(hostile, "Org\x1b[2J", "NHS")
    journal.mkdir(parents=True)
    (journal / "2026-03-12-spring-review.md").write_text(text, encoding="utf-8")
    for args in (["list"], ["list", "--format", "markdown"], ["list", "--json"],
                 ["list", "--author", "eve"]):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert "\u202e" not in result.output
        assert "\x07" not in result.output
    assert "\\x1b]52" in invoke("list").output
    data = json.loads(invoke("list", "--json").output)
    assert data[0]["author"]["name"] == hostile  # JSON escapes it, and reads back as it was


# -- reflect config ------------------------------------------------------------------------------
def test_config_alone_says_how_to_say_who_you_are(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("config")
    assert result.exit_code == 0
    assert "reflect does not know who you are yet." in result.output
    assert 'reflect config --name "Your Name"' in result.output
    assert "NHS, Local authority, VCSE, Community member, Other" in result.output
    assert str(_config_file(tmp_path)) in result.output
    assert not _config_file(tmp_path).exists()


def test_config_keeps_who_you_are_in_a_private_file_and_shows_it(
        invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("config", "--name", "Priya Shàh", "--organisation", "Northfield NHS Trust",
                    "--sector", "nhs")
    assert result.exit_code == 0, result.output
    assert "Saved." in result.output
    path = _config_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "name: Priya Shàh\norganisation: Northfield NHS Trust\nsector: NHS\n" in text
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    shown = invoke("config")
    assert shown.exit_code == 0
    assert "Name:          Priya Shàh" in shown.output
    assert "Organisation:  Northfield NHS Trust" in shown.output
    assert "Sector:        NHS" in shown.output
    assert str(path) in shown.output


def test_config_changes_only_what_is_given(invoke) -> None:  # type: ignore[no-untyped-def]
    invoke("config", "--name", "Priya Shah", "--organisation", "Northfield", "--sector", "NHS")
    result = invoke("config", "--sector", "VCSE")
    assert result.exit_code == 0
    assert "Name:          Priya Shah" in result.output
    assert "Organisation:  Northfield" in result.output
    assert "Sector:        VCSE" in result.output
    cleared = invoke("config", "--organisation", "")
    assert "Organisation:  (not given)" in cleared.output


def test_config_needs_a_name_the_first_time(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("config", "--sector", "NHS")
    assert result.exit_code == 2
    assert "reflect needs at least your name" in result.output
    assert "Traceback" not in result.output
    assert not _config_file(tmp_path).exists()


@pytest.mark.parametrize(("typed", "close"), [("NSH", "NHS"), ("local authorty", "Local authority"),
                                             ("VSCE", "VCSE")])
def test_a_mistyped_sector_says_the_closest_and_every_sector(
        invoke, tmp_path: Path, typed: str, close: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("config", "--name", "Priya Shah", "--sector", typed)
    assert result.exit_code == 2
    assert f"'{typed}' is not one of the sectors" in flat(result.output)
    assert f"Did you mean '{close}'?" in flat(result.output)
    assert "NHS, Local authority, VCSE, Community member, Other" in flat(result.output)
    assert not _config_file(tmp_path).exists()


def test_the_sectors_are_the_frameworks_own(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.inputs.framework import bundled_framework_text

    bundled = bundled_framework_text()
    assert "  - Community member\n" in bundled
    custom = tmp_path / "framework.yaml"
    custom.write_text(bundled.replace("  - Community member\n", "  - Housing association\n"),
                      encoding="utf-8")
    result = invoke("config", "--name", "Priya Shah", "--sector", "housing ASSOCIATION",
                    "--framework", str(custom))
    assert result.exit_code == 0, result.output
    assert "Sector:        Housing association" in result.output
    refused = invoke("config", "--sector", "Community member", "--framework", str(custom))
    assert refused.exit_code == 2
    assert "Housing association" in flat(refused.output)


def test_a_name_with_control_characters_is_refused(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("config", "--name", "Eve\x1b[2J")
    assert result.exit_code == 2
    assert "--name holds control characters" in result.output
    assert "\x1b" not in result.output
    assert not _config_file(tmp_path).exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"name: [Priya, Shah]\n", "name: should be text"),
    (b"- Priya\n- NHS\n", "should be 'name:', 'organisation:' and 'sector:' lines"),
    (b"name: Priya\n  sector: : :\n", "not valid YAML"),
    (b"name: Priya \xff\xfe\n", "is not UTF-8 text"),
    (b"organisation: Northfield\n", "name: is missing"),
    (b"name: " + b"x" * 300 + b"\n", "longer than 200 characters"),
])
def test_a_damaged_settings_file_is_named_with_what_is_wrong(
        invoke, tmp_path: Path, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    path = _config_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    result = invoke("config")
    assert result.exit_code == 2, result.output
    assert str(path) in result.output
    assert message in flat(result.output)
    assert "Traceback" not in result.output
    assert "reflect config --name" in flat(result.output)  # how to put it right
    # A log is still written (without an author), and saying who you are again mends it.
    answers = _journal_answers(tmp_path, "Still written", "Words kept")
    written = invoke("session", "--answers", str(answers))
    assert written.exit_code == 0, written.output
    (log,) = log_paths(tmp_path / "journal")
    assert read_log(log).author is None
    mended = invoke("config", "--name", "Priya Shah")
    assert mended.exit_code == 0, mended.output
    assert "Name:          Priya Shah" in invoke("config").output


def test_a_settings_file_that_is_a_folder_is_named(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _config_file(tmp_path).mkdir(parents=True)
    result = invoke("config")
    assert result.exit_code == 2
    assert "is a folder" in flat(result.output)
    saved = invoke("config", "--name", "Priya Shah")
    assert saved.exit_code == 2
    assert "is a folder" in flat(saved.output)
    assert "Traceback" not in saved.output


def test_forget_removes_who_you_are(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("config", "--name", "Priya Shah")
    result = invoke("config", "--forget")
    assert result.exit_code == 0
    assert "Forgotten" in result.output
    assert not _config_file(tmp_path).exists()
    assert "reflect does not know who you are yet." in invoke("config").output
    assert "nothing to forget" in invoke("config", "--forget").output
    assert invoke("config", "--forget", "--name", "X").exit_code == 2


# -- the author of each log ----------------------------------------------------------------------
def test_every_log_written_after_config_records_its_author(
        invoke, journal: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _write(invoke, tmp_path, "Before", "Nobody said who")
    invoke("config", "--name", "Priya Shah", "--organisation", "Northfield NHS Trust",
           "--sector", "NHS")
    _write(invoke, tmp_path, "After", "Priya wrote this")
    by_title = {read_log(p).title: read_log(p) for p in log_paths(journal)}
    assert by_title["Before"].author is None
    assert by_title["After"].author == Author("Priya Shah", "Northfield NHS Trust", "NHS")


def test_a_meetings_author_is_the_person_running_it(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    invoke("config", "--name", "Sam Okafor", "--sector", "VCSE")
    result = invoke("session", "--answers", str(EXAMPLES / "answers.yaml"))
    assert result.exit_code == 0, result.output
    (log,) = log_paths(journal)
    session = read_log(log)
    assert session.kind == "meeting"
    assert session.author == Author("Sam Okafor", "", "VCSE")
    shown = invoke("show", "--no-pager")
    assert "Meeting · Thursday 12 March 2026 · by Sam Okafor (VCSE) · 30 answered" in shown.output


@pytest.fixture
def two_authors(invoke, journal: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """An old log without an author, then one by José Álvarez and two by Priya Shah."""
    _write(invoke, tmp_path, "Old entry", "waiting lists before anyone signed", "2026-01-05")
    invoke("config", "--name", "José Álvarez", "--organisation", "Eastgate Council",
           "--sector", "Local authority")
    _write(invoke, tmp_path, "Jose entry", "waiting lists in the council", "2026-02-01")
    invoke("config", "--name", "Priya Shah", "--organisation", "Northfield NHS Trust",
           "--sector", "NHS")
    _write(invoke, tmp_path, "Priya first", "waiting lists at the trust", "2026-03-01")
    _write(invoke, tmp_path, "Priya second", "waiting lists are shorter", "2026-04-01")
    return journal


@pytest.mark.parametrize("columns", [80, 60])
def test_list_says_who_wrote_each_session_on_a_screen_of_ordinary_width(
        two_authors: Path, invoke, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", str(columns))
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert all(len(line) <= columns for line in lines)
    at = next(i for i, line in enumerate(lines) if "Jose entry" in line)
    assert lines[at + 1].strip().startswith("journal by José Álvarez · 1 answered")
    old = next(i for i, line in enumerate(lines) if "Old entry" in line)
    assert lines[old + 1].strip().startswith("journal · 1 answered")


def test_list_on_a_wide_screen_has_a_by_column(
        two_authors: Path, invoke, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "120")
    lines = invoke("list").output.splitlines()
    assert lines[0].split()[:4] == ["Date", "Title", "Kind", "By"]
    column = lines[0].index("By")
    jose = next(line for line in lines if "Jose entry" in line)
    assert jose[column:].startswith("José Álvarez")
    old = next(line for line in lines if "Old entry" in line)
    assert old[column:column + 12].strip() == ""
    assert all(len(line) <= 120 for line in lines)


def test_list_json_and_markdown_give_the_author(two_authors: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    data = {row["title"]: row for row in json.loads(invoke("list", "--json").output)}
    assert data["Old entry"]["author"] is None
    assert data["Jose entry"]["author"] == {"name": "José Álvarez",
                                            "organisation": "Eastgate Council",
                                            "sector": "Local authority", "id": "jose-alvarez"}
    markdown = invoke("list", "--format", "markdown").output
    assert "| Date | Title | Kind | By | Questions |" in markdown
    assert "| Jose entry | journal | José Álvarez |" in markdown


@pytest.mark.parametrize("wanted", ["Priya Shah", "priya shah", "PRIYA", "priya-shah"])
def test_list_author_shows_only_that_persons_sessions(
        two_authors: Path, invoke, wanted: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("list", "--author", wanted)
    assert result.exit_code == 0, result.output
    assert "Priya first" in result.output
    assert "Priya second" in result.output
    assert "Jose entry" not in result.output
    assert "Old entry" not in result.output


@pytest.mark.parametrize("wanted", ["jose alvarez", "JOSÉ ÁLVAREZ", "Alvarez", "jose-alvarez"])
def test_author_ignores_case_and_accents(two_authors: Path, invoke, wanted: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(invoke("list", "--author", wanted, "--json").output)
    assert [row["title"] for row in data] == ["Jose entry"]


def test_an_author_nobody_is_says_the_closest_name(two_authors: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    for command in (["list"], ["history", "purpose.impact"], ["search", "waiting"]):
        result = invoke(*command, "--author", "Pria Sha")
        assert result.exit_code == 2, result.output
        assert "no session was written by 'Pria Sha'" in result.output
        assert "Did you mean 'Priya Shah'?" in result.output
        assert "The authors are: José Álvarez, Priya Shah." in result.output
        assert "Traceback" not in result.output


def test_author_with_no_author_recorded_anywhere_says_how_logs_get_one(
        invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _write(invoke, tmp_path, "Old entry", "words")
    result = invoke("list", "--author", "Priya")
    assert result.exit_code == 2
    assert "no session records who wrote it" in result.output
    assert "reflect config --name" in result.output
    assert "Old entry" in invoke("list").output  # old logs list as before
    assert " by " not in invoke("list").output


def test_history_author_follows_one_persons_answers(two_authors: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("history", "purpose.impact", "--author", "Priya Shah")
    assert result.exit_code == 0, result.output
    assert "waiting lists at the trust" in result.output
    assert "shorter" in result.output
    assert "council" not in result.output
    assert "before anyone signed" not in result.output
    every = invoke("history", "purpose.impact", "--author", "priya", "--all",
                   "--only-changed")
    assert every.exit_code == 0, every.output
    assert "council" not in every.output
    assert "council" in invoke("history", "purpose.impact").output


def test_search_author_finds_only_that_persons_words(two_authors: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("search", "waiting", "lists", "--author", "José Álvarez", "--format", "json")
    assert result.exit_code == 0, result.output
    texts = [hit["text"] for hit in json.loads(result.output)["passages"]]
    assert texts == ["waiting lists in the council"]
    assert "before anyone signed" in invoke("search", "waiting").output


def test_the_index_keeps_the_author_across_commands(two_authors: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.storage import open_store

    with open_store(two_authors) as store:
        assert [a.name for a in store.authors()] == ["José Álvarez", "Priya Shah"]
        authors = {e.session.title: e.session.author for e in store.entries() if e.session}
    assert authors["Old entry"] is None
    assert authors["Priya first"] == Author("Priya Shah", "Northfield NHS Trust", "NHS")


# -- asked the first time ------------------------------------------------------------------------
SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((20, 60), id="60x20")]


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX terminal")
@pytest.mark.parametrize("size", SIZES)
def test_config_in_a_terminal_asks_who_you_are_once_and_keeps_it(
        journal: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    from test_interactive import DOWN, ENTER, Terminal

    rows, columns = size
    env = {"COLUMNS": str(columns), "LINES": str(rows),
           "REFLECT_CONFIG_DIR": os.environ["REFLECT_CONFIG_DIR"]}
    term = Terminal(journal, "config", env=env)
    term.child.setwinsize(rows, columns)
    term.expect("reflect does not know who you are yet.")
    term.expect("Your name (then Enter")
    term.send("Aisha Khan" + ENTER)
    term.expect("Your organisation (then Enter; optional)")
    term.send("Northfield Food Bank" + ENTER)
    term.expect("Your sector")
    term.expect("↑ ↓")  # what to press
    term.send(DOWN + DOWN + ENTER)  # NHS, Local authority, VCSE
    term.expect("Saved.")
    term.expect("Sector:        VCSE")
    term.child.expect(pexpect_eof())
    term.child.close()
    assert term.child.exitstatus == 0
    text = _config_file(tmp_path).read_text(encoding="utf-8")
    assert "name: Aisha Khan\norganisation: Northfield Food Bank\nsector: VCSE\n" in text
    # Asked once: the next time, it is shown.
    again = Terminal(journal, "config", env=env)
    again.expect("Name:          Aisha Khan")
    again.child.expect(pexpect_eof())
    assert "Your name" not in (again.child.before or "")


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX terminal")
def test_no_name_typed_keeps_nothing_and_asks_again_next_time(
        journal: Path, tmp_path: Path) -> None:
    from test_interactive import ENTER, Terminal

    env = {"REFLECT_CONFIG_DIR": os.environ["REFLECT_CONFIG_DIR"]}
    term = Terminal(journal, "config", env=env)
    term.expect("Your name (then Enter")
    term.send(ENTER)
    term.expect("Nothing kept: reflect will ask again next time.")
    term.child.expect(pexpect_eof())
    term.child.close()
    assert term.child.exitstatus == 0
    assert not _config_file(tmp_path).exists()


def test_who_am_i_asks_only_when_nobody_has_said_and_keeps_the_answer() -> None:
    from reflect_cli.app.identity import load, who_am_i

    asked: list[tuple[str, ...]] = []

    def ask(sectors):  # type: ignore[no-untyped-def]
        asked.append(tuple(sectors))
        return Author("Aisha Khan", "Northfield Food Bank", "VCSE")

    assert who_am_i(None) is None  # nobody to ask: nothing known
    assert who_am_i(ask) == Author("Aisha Khan", "Northfield Food Bank", "VCSE")
    assert asked == [("NHS", "Local authority", "VCSE", "Community member", "Other")]
    assert load() == Author("Aisha Khan", "Northfield Food Bank", "VCSE")
    assert who_am_i(ask).name == "Aisha Khan"
    assert len(asked) == 1  # kept: never asked twice
    assert who_am_i(lambda sectors: None) is not None


def test_who_am_i_returns_none_when_the_person_would_rather_not_say() -> None:
    from reflect_cli.app.identity import load, who_am_i

    assert who_am_i(lambda sectors: None) is None
    assert load() is None


def pexpect_eof():  # type: ignore[no-untyped-def]
    import pexpect

    return pexpect.EOF


@pytest.mark.parametrize("size", [(24, 80), (20, 60)])
def test_config_in_a_terminal_breaks_its_lines_between_words(
        invoke, journal: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    import pexpect
    from test_meeting_screen import Screen

    invoke("config", "--name", "Sam Okafor", "--organisation", "Eastgate Tenants Association",
           "--sector", "Community member")
    term = Screen(journal, "config", size=size)
    term.child.expect(pexpect.EOF)
    words = " ".join(term.lines()).split()
    for sentence in ("Each log you write records this as its author. Kept, private to you, in",
                     'Change it with: reflect config --name "..." (or --organisation, '
                     "--sector); stop with: reflect config --forget"):
        wanted = sentence.split()  # every word whole: none cut at the edge of the screen
        assert any(words[i:i + len(wanted)] == wanted for i in range(len(words))), \
            "\n".join(term.lines())
    assert "Organisation:  Eastgate Tenants Association" in term.lines()[2]


def _rated(invoke, tmp_path: Path, title: str, trust: int, date: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{person_id(title)}-rated.yaml"
    path.write_text(f"title: {title}\ndate: {date}\nkind: journal\n"
                    f"characteristics.trust: {trust}\n", encoding="utf-8")
    result = invoke("session", "--answers", str(path))
    assert result.exit_code == 0, result.output


def test_trends_author_shows_only_that_persons_ratings(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    invoke("config", "--name", "Priya Shah")
    _rated(invoke, tmp_path, "Priya one", 2, "2026-01-10")
    _rated(invoke, tmp_path, "Priya two", 4, "2026-03-10")
    invoke("config", "--name", "José Álvarez")
    _rated(invoke, tmp_path, "Jose one", 5, "2026-02-10")
    result = invoke("trends", "--author", "priya", "--format", "json")
    assert result.exit_code == 0, result.output
    trust = next(t for t in json.loads(result.output)["characteristics"]
                 if t["id"] == "characteristics.trust")
    assert [p["value"] for p in trust["values"]] == [2, 4]
    everyone = json.loads(invoke("trends", "--format", "json").output)
    trust = next(t for t in everyone["characteristics"] if t["id"] == "characteristics.trust")
    assert [p["value"] for p in trust["values"]] == [2, 5, 4]
    nobody = invoke("trends", "--author", "Pria Sha")
    assert nobody.exit_code == 2
    assert "Did you mean 'Priya Shah'?" in nobody.output
