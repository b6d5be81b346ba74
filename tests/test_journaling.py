"""A member journaling between meetings: what they name, where, and what reflect remembers."""

from __future__ import annotations

from pathlib import Path

import pytest


def flat(text: str) -> str:
    return " ".join(text.split())


# -- a folder that is not there, a folder with nothing in it ------------------------------------
@pytest.mark.parametrize("command", [["list"], ["show"], ["show", "latest~1"], ["compare"],
                                     ["history", "purpose"], ["trends"], ["search", "waiting"],
                                     ["actions"]])
def test_a_mistyped_dir_says_the_folder_does_not_exist(invoke, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        command: list[str]) -> None:
    missing = tmp_path / "jounral"
    result = invoke(*command, "--dir", str(missing))
    assert result.exit_code == 2
    assert flat(result.stderr) == (f"Error: --dir: the folder {missing} does not exist Check "
                                   "its name; 'reflect where' prints the folder your logs are "
                                   "kept in.")
    assert not missing.exists()


def test_the_folder_of_reflect_dir_may_not_exist_before_the_first_session(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    assert not journal.exists()
    result = invoke("list")
    assert result.exit_code == 0
    assert flat(result.stdout) == f"No sessions yet in {journal}. Start one with: reflect session"


def test_a_session_makes_the_folder_dir_names(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.yaml"
    answers.write_text("role.change: Slowly.\n", encoding="utf-8")
    folder = tmp_path / "new-journal"
    assert invoke("session", "--answers", str(answers), "--dir", str(folder)).exit_code == 0
    assert len(list(folder.glob("*.md"))) == 1


@pytest.mark.parametrize("reference", ["latest", "latest~2", "2026-03-12", "12/03/2026"])
def test_show_in_an_empty_folder_says_there_are_no_sessions_yet(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path, reference: str) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = invoke("show", reference, "--dir", str(folder))
    assert result.exit_code == 2
    assert flat(result.stderr) == (f"Error: there are no sessions in {folder} yet Start one "
                                   "with: reflect session")


# -- compare with no sessions named ---------------------------------------------------------------
def write_sessions(invoke, tmp_path: Path, *texts: str) -> None:  # type: ignore[no-untyped-def]
    for number, text in enumerate(texts):
        path = tmp_path / f"s{number}.yaml"
        path.write_text(text, encoding="utf-8")
        result = invoke("session", "--answers", str(path))
        assert result.exit_code == 0, result.output


MEETING = ("title: Spring review\ndate: 2026-01-05\nkind: meeting\npurpose.impact: Less waiting."
           "\nrole.change: Slowly.\npurpose.vision:\n")
ACTING = "title: On acting\ndate: 2026-02-01\nkind: journal\nlearning.acting: We act.\n"
IMPACT = ("title: On impact\ndate: 2026-03-01\nkind: journal\npurpose.impact: Fewer crises.\n"
          "members.changes: New members.\n")


def test_compare_pairs_the_latest_with_the_last_of_its_kind_that_shares_prompts(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    earlier = IMPACT.replace("On impact", "First on impact").replace("2026-03-01", "2025-12-01")
    write_sessions(invoke, tmp_path, earlier, MEETING, ACTING, IMPACT)
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    # The meeting asked purpose.impact too, but a journal entry is paired with a journal entry.
    assert flat(result.stderr) == (
        'Comparing the latest session, "On impact" (1 March 2026, 2026-03-01-on-impact.md), '
        'with "First on impact" (1 December 2025, 2025-12-01-first-on-impact.md): the latest '
        "earlier journal entry that asked any of the same prompts (2 prompts; the journal "
        "entry in between asked none of them).")
    shown = flat(result.stdout)
    assert "First on impact → On impact" in shown
    assert "Spring review" not in shown
    assert "On acting" not in shown


def test_compare_pairs_a_meeting_with_the_meeting_before_it(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    later = MEETING.replace("Spring review", "Summer review").replace("2026-01-05", "2026-04-01")
    write_sessions(invoke, tmp_path, MEETING, ACTING, IMPACT, later)
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    assert flat(result.stderr).endswith('"Spring review" (5 January 2026, '
                                        "2026-01-05-spring-review.md): the meeting before it, "
                                        "which asked 3 prompts of the same.")
    assert "Spring review → Summer review" in flat(result.stdout)


def test_compare_pairs_a_persons_entry_with_their_own_not_someone_elses(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    invoke("config", "--name", "Priya Shah")
    write_sessions(invoke, tmp_path, IMPACT.replace("On impact", "Priya before")
                   .replace("2026-03-01", "2026-01-01"))
    invoke("config", "--name", "Raj Patel")
    write_sessions(invoke, tmp_path, IMPACT.replace("On impact", "Raj on impact")
                   .replace("2026-03-01", "2026-02-01"))
    invoke("config", "--name", "Priya Shah")
    write_sessions(invoke, tmp_path, IMPACT)
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    assert "the journal entry by Priya Shah before it" in flat(result.stderr)
    assert "Priya before → On impact" in flat(result.stdout)
    assert "Raj" not in result.stdout


def test_compare_with_nothing_shared_compares_the_last_two_of_a_kind_and_says_so(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    write_sessions(invoke, tmp_path, ACTING, MEETING.replace("2026-01-05", "2026-02-15"), IMPACT)
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    assert "with the journal entry before it, " in flat(result.stderr)
    assert "no earlier journal entry asked any of the same prompts. To choose, name two: " \
           "reflect compare A B" in flat(result.stderr)
    assert "On acting → On impact" in flat(result.stdout)


def test_compare_with_no_other_of_its_kind_compares_the_one_before_and_says_so(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    write_sessions(invoke, tmp_path, MEETING, IMPACT)
    result = invoke("compare")
    assert result.exit_code == 0, result.output
    assert "there is no earlier journal entry." in flat(result.stderr)
    assert "Spring review → On impact" in flat(result.stdout)


def test_compare_of_named_sessions_says_nothing_of_how_they_were_chosen(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path) -> None:
    write_sessions(invoke, tmp_path, MEETING, ACTING, IMPACT)
    result = invoke("compare", "latest~1", "latest")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "On acting → On impact" in flat(result.stdout)


def test_only_changed_leaves_out_what_only_one_session_asked(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_sessions(invoke, tmp_path, MEETING, IMPACT)
    every = flat(invoke("compare").stdout)
    assert "not asked in one" in every
    assert "skipped in one" in every
    result = invoke("compare", "--only-changed")
    shown = flat(result.stdout)
    assert "1 changed" in shown
    assert "not asked in one" not in shown
    assert "skipped in one" not in shown
    assert "What impact does your partnership want to have?" in shown
    assert "How do you see your work leading" not in shown
    data = invoke("compare", "--only-changed", "--format", "json").stdout
    assert '"not_asked_in_one"' not in data.replace('"not_asked_in_one": 0', "")


# -- what reflect remembers, and what a quick entry is called -------------------------------------
def run(framework, journal: Path, prompter, **options):  # type: ignore[no-untyped-def]
    from reflect_cli.app.session_flow import SessionOptions, run_session
    from reflect_cli.storage import open_store

    with open_store(journal) as store:
        result = run_session(framework, store, SessionOptions(**options), prompter)
    prompter.done()
    return result


def test_a_prompt_session_is_named_after_its_prompt(framework, journal: Path) -> None:  # type: ignore[no-untyped-def]
    from helpers import read_log
    from scripted import ScriptedPrompter

    result = run(framework, journal, ScriptedPrompter(("answer", "Fewer crises.")),
                 prompts=("purpose.impact",))
    assert result is not None
    assert result[0].title == "Journal: What impact does your partnership want to have?"
    assert result[1].name.startswith(
        f"{result[0].date.isoformat()}-journal-what-impact-does-your")
    assert read_log(result[1]).title == result[0].title


def test_a_long_prompt_is_cut_at_a_word_and_more_prompts_are_counted(framework,  # type: ignore[no-untyped-def]
                                                                     journal: Path) -> None:
    from scripted import ScriptedPrompter

    result = run(framework, journal, ScriptedPrompter(("answer", "x"), ("answer", "y")),
                 prompts=("members.stakeholders", "learning.acting"))
    assert result is not None
    assert result[0].title == ("Journal: Who are your stakeholders, and how are you… "
                               "(and 1 more)")


def test_a_title_given_is_kept(framework, journal: Path) -> None:  # type: ignore[no-untyped-def]
    from scripted import ScriptedPrompter

    result = run(framework, journal, ScriptedPrompter(("answer", "x")),
                 prompts=("purpose.impact",), title="After the board")
    assert result is not None
    assert result[0].title == "After the board"


def test_the_kind_chosen_last_is_offered_first(framework, journal: Path,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    from scripted import ScriptedPrompter

    first = ScriptedPrompter(("title", ""), ("kind", "journal"), *[("answer", None)] * 3)
    run(framework, journal, first, questions=("role",))
    assert first.kind_offered is None  # nothing known yet: the list's first, a meeting
    second = ScriptedPrompter(("title", ""), ("kind", "journal"), *[("answer", None)] * 3)
    run(framework, journal, second, questions=("role",))
    assert second.kind_offered == "journal"
    # Another logs folder of the same person: the kind they chose last anywhere.
    other = ScriptedPrompter(("title", ""), ("kind", "meeting"), ("people", []),
                             *[("answer", None)] * 3, ("more actions?", False),
                             ("key messages", []))
    run(framework, tmp_path / "shared", other, questions=("role",))
    assert other.kind_offered == "journal"
    again = ScriptedPrompter(("title", ""), ("kind", "journal"), *[("answer", None)] * 3)
    run(framework, journal, again, questions=("role",))
    assert again.kind_offered == "journal"  # this folder's own habit


def test_a_quick_entry_counts_as_the_kind_used_last(framework, journal: Path) -> None:  # type: ignore[no-untyped-def]
    from scripted import ScriptedPrompter

    run(framework, journal, ScriptedPrompter(("answer", "x")), prompts=("purpose.impact",))
    asked = ScriptedPrompter(("title", ""), ("kind", "journal"), *[("answer", None)] * 3)
    run(framework, journal, asked, questions=("role",))
    assert asked.kind_offered == "journal"


def test_habits_are_private_and_never_in_the_logs_folder(framework, journal: Path,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    import os
    import stat
    import sys

    from scripted import ScriptedPrompter

    run(framework, journal, ScriptedPrompter(("answer", "x")), prompts=("purpose.impact",))
    state = tmp_path / "state"
    assert sorted(p.name for p in state.iterdir()) == ["habits.json"]
    assert [p.name for p in journal.iterdir() if not p.name.endswith(".md")] == []
    assert str(journal) not in (state / "habits.json").read_text(encoding="utf-8")
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(state / "habits.json").st_mode) == 0o600


def test_habits_unchanged_since_last_time_are_not_written_again(framework,  # type: ignore[no-untyped-def]
                                                                 journal: Path,
                                                                 tmp_path: Path) -> None:
    """The same choice as last time writes nothing (the write comes while a screen waits);
    a different one is kept."""
    from scripted import ScriptedPrompter

    run(framework, journal, ScriptedPrompter(("answer", "x")), prompts=("purpose.impact",))
    habits = tmp_path / "state" / "habits.json"
    first = habits.stat().st_ino, habits.read_text(encoding="utf-8")
    run(framework, journal, ScriptedPrompter(("answer", "y")), prompts=("purpose.impact",))
    assert (habits.stat().st_ino, habits.read_text(encoding="utf-8")) == first
    from reflect_cli.storage.habits import load_habits, remember

    remember(journal, kind="meeting")
    assert load_habits(journal).kind == "meeting"


def test_a_damaged_habits_file_is_passed_over(framework, journal: Path,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    from scripted import ScriptedPrompter

    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "habits.json").write_text("{not json", encoding="utf-8")
    asked = ScriptedPrompter(("title", ""), ("kind", "journal"), *[("answer", None)] * 3)
    assert run(framework, journal, asked, questions=("role",)) is not None
    assert asked.kind_offered is None


def test_pick_takes_single_prompts_and_ticks_them_again_next_time(framework,  # type: ignore[no-untyped-def]
                                                                   journal: Path) -> None:
    from scripted import ScriptedPrompter

    first = ScriptedPrompter(("pick", ["purpose.impact", "learning.acting"]), ("title", ""),
                             ("kind", "journal"), ("answer", "One"), ("answer", "Two"))
    result = run(framework, journal, first, pick=True)
    assert result is not None
    assert [a.prompt_id for a in result[0].answers] == ["purpose.impact", "learning.acting"]
    assert result[0].sections == ["purpose", "learning"]
    assert first.ticked == []
    second = ScriptedPrompter(("pick", ["role", "purpose.impact"]), ("title", ""),
                              ("kind", "journal"), *[("answer", None)] * 4)
    result = run(framework, journal, second, pick=True)
    assert second.ticked == ["purpose.impact", "learning.acting"]
    assert result is not None
    assert [a.prompt_id for a in result[0].answers] == [
        "purpose.impact", "role.change", "role.other_work", "role.distinctiveness"]


# -- a title changed by hand: list and show agree --------------------------------------------------
def one_titled_log(invoke, tmp_path: Path, journal: Path) -> Path:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.yaml"
    answers.write_text("title: First\ndate: 2026-01-12\nkind: journal\n"
                       "purpose.impact: Less waiting.\n", encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    assert "First" in invoke("list").stdout  # the index has seen the log as it was written
    return journal / "2026-01-12-first.md"


def test_a_reworded_title_heading_is_the_title_list_shows(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path, journal: Path) -> None:
    log = one_titled_log(invoke, tmp_path, journal)
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("# First\n", "# First thoughts on waiting\n"), encoding="utf-8")
    assert "First thoughts on waiting" in invoke("list").stdout
    assert invoke("show", "12/01/2026").stdout.startswith("# First thoughts on waiting")
    assert '"title": "First thoughts on waiting"' in invoke("list", "--format", "json").stdout


def test_a_title_changed_in_the_front_matter_is_the_title_show_shows(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path, journal: Path) -> None:
    log = one_titled_log(invoke, tmp_path, journal)
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("title: First\n", "title: Waiting lists\n"), encoding="utf-8")
    assert "Waiting lists" in invoke("list").stdout
    shown = invoke("show", "latest").stdout
    assert shown.startswith("# Waiting lists")
    assert "# First" not in shown


def test_a_title_added_to_an_untitled_entry_is_kept(  # type: ignore[no-untyped-def]
        invoke, tmp_path: Path, journal: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("date: 2026-01-12\nkind: journal\nrole.change: Slowly.\n",
                       encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    (log,) = journal.glob("*.md")
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("title: ''\n", "title: On our role\n"), encoding="utf-8")
    assert "On our role" in invoke("list").stdout
    assert invoke("show").stdout.startswith("# On our role")


# -- the terminal prompter's own screens, through prompt_toolkit's pipe input --------------------
@pytest.fixture
def keys():  # type: ignore[no-untyped-def]
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe.send_text


DOWN, ENTER = "\x1b[B", "\r"


def test_pick_ticks_single_prompts_and_whole_questions(keys, framework) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.terminal.prompting import TerminalPrompter

    # Question 1's second prompt; then question 2 as a whole (past 3 prompts and a heading).
    keys(DOWN * 2 + " " + DOWN * 4 + " " + ENTER)
    assert TerminalPrompter(framework).pick_prompts(framework, []) == ["purpose.impact", "role"]


def test_pick_ticks_again_only_what_this_framework_has(keys, framework) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.terminal.prompting import TerminalPrompter

    keys(ENTER)
    picked = TerminalPrompter(framework).pick_prompts(
        framework, ["learning.acting", "other-framework.question"])
    assert picked == ["learning.acting"]


def test_the_kind_offered_first_is_the_one_used_last(keys, framework) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.terminal.prompting import TerminalPrompter

    keys(ENTER + ENTER)
    prompter = TerminalPrompter(framework)
    assert prompter.ask_kind("journal") == "journal"
    assert prompter.ask_kind(None) == "meeting"
