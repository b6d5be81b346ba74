"""Rating rounds (issue 11): the numbers of a reveal, and the commands: a facilitator opens a
round, members rate on their own (three homes, one shared folder), the round is closed and
revealed; anonymous submissions say nothing of who wrote them; hostile files are left out."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reflect_cli.cli import app
from reflect_cli.domain.model import Framework
from reflect_cli.domain.rounds import OTHER, Submission, median_text, reveal, sector_groups

Member = Callable[..., Result]
TRUST = "characteristics.trust"
PURPOSE = "characteristics.purpose"
POWER = "characteristics.power"


# -- the numbers -------------------------------------------------------------------------------
def subs(values: list[int], sectors: list[str] | None = None, prompt: str = TRUST
         ) -> list[Submission]:
    sectors = sectors or ["NHS"] * len(values)
    return [Submission({prompt: v}, sector=s) for v, s in zip(values, sectors, strict=True)]


def only(framework: Framework, found: list[Submission], anonymous: bool = True):  # type: ignore[no-untyped-def]
    (one,) = reveal(framework, found, anonymous)
    return one


def test_the_median_of_an_even_count_stays_a_half(framework: Framework) -> None:
    one = only(framework, subs([4, 4, 5, 5]))
    assert one.spread.median == 4.5
    assert median_text(one.spread.median) == "4.5"
    assert median_text(4.0) == "4"
    assert (one.spread.low, one.spread.high, one.spread.count) == (4, 5, 4)
    assert dict(one.counts) == {1: 0, 2: 0, 3: 0, 4: 2, 5: 2}


def test_a_round_of_three_shows_no_sector_when_each_is_too_small(framework: Framework
                                                                 ) -> None:
    one = only(framework, subs([1, 3, 5], ["NHS", "VCSE", "Local authority"]))
    assert one.spread.median == 3
    assert one.spread.disagree
    assert one.discuss_first
    # Each sector has one person: together they make "Other", 3 of them, shown as one.
    assert [(v.sector, v.count, v.median) for v in one.sectors] == [(OTHER, 3, 3.0)]
    assert one.sector_gap is None


def test_a_round_of_eight_merges_small_sectors_and_gives_the_gap(framework: Framework) -> None:
    values = [5, 5, 4, 4, 2, 1, 2, 3]
    sectors = ["NHS", "nhs ", "NHS", "NHS", "VCSE", "VCSE", "VCSE", "Community member"]
    one = only(framework, subs(values, sectors))
    assert one.spread.median == 3.5
    # Community member (1) is under three: it is not shown alone, and "Other" holding only
    # that one person is not shown either.
    assert [(v.sector, v.count, v.median) for v in one.sectors] == [("NHS", 4, 4.5),
                                                                    ("VCSE", 3, 2.0)]
    assert one.sector_gap == 2.5
    named = only(framework, subs(values, sectors), anonymous=False)
    assert ("Community member", 1, 3.0) in [(v.sector, v.count, v.median)
                                             for v in named.sectors]


def test_a_why_without_a_rating_is_heard_with_the_others(framework: Framework) -> None:
    found = [*subs([2, 4]), Submission({}, why={TRUST: "Cannot say, but we never meet"})]
    one = only(framework, found)
    assert one.spread.count == 2
    assert one.whys == (("", "Cannot say, but we never meet"),)


def test_sector_merging_puts_small_ones_under_other() -> None:
    assert sector_groups(["NHS", "NHS", "NHS", "VCSE", "Local authority", ""],
                         merge_small=True) == ["NHS", "NHS", "NHS", OTHER, OTHER, OTHER]
    assert sector_groups(["NHS", "VCSE"], merge_small=False) == ["NHS", "VCSE"]


def test_a_round_of_forty_with_known_distributions(framework: Framework) -> None:
    found: list[Submission] = []
    for i in range(40):
        sector = ["NHS", "Local authority", "VCSE", "Community member"][i % 4]
        trust = {"NHS": 5, "Local authority": 4, "VCSE": 2, "Community member": 1}[sector]
        found.append(Submission({TRUST: trust, PURPOSE: 4, POWER: 3 + i % 2}, sector=sector))
    shown = reveal(framework, found, anonymous=True)
    assert [r.prompt.id for r in shown] == [TRUST, POWER, PURPOSE]  # widest first
    trust = shown[0]
    assert trust.spread.count == 40
    assert trust.spread.median == 3.0
    assert {v.sector: v.median for v in trust.sectors} == {
        "NHS": 5, "Local authority": 4, "VCSE": 2, "Community member": 1}
    assert trust.sector_gap == 4
    assert trust.discuss_first
    assert not shown[1].discuss_first
    assert not shown[2].discuss_first
    assert dict(shown[2].counts)[4] == 40


def test_agreement_overall_but_a_gap_between_sectors_is_discussed_first(
        framework: Framework) -> None:
    # All within 2 points (not wide disagreement), but NHS says 4 and VCSE says 2.
    one = only(framework, subs([4, 4, 4, 2, 2, 2], ["NHS"] * 3 + ["VCSE"] * 3))
    assert not one.spread.disagree
    assert one.sector_gap == 2
    assert one.discuss_first


# -- the commands ------------------------------------------------------------------------------
def _member(home: Path, **extra: str | None) -> Member:
    env: dict[str, str | None] = {
        "REFLECT_DIR": None, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
        "APPDATA": str(home / "appdata"), "LOCALAPPDATA": str(home / "localappdata"),
        "REFLECT_CONFIG_DIR": str(home / "config"), "REFLECT_CACHE_DIR": str(home / "cache"),
        "REFLECT_DRAFTS_DIR": str(home / "drafts"), "REFLECT_STATE_DIR": str(home / "state"),
        "COLUMNS": "200", **extra}
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input)

    return run


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def said(result: Result) -> str:
    return " ".join(result.output.split())


def ratings_file(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return tmp_path / "OneDrive - NHS" / "North"


@pytest.fixture
def people(tmp_path: Path, shared: Path) -> dict[str, Member]:
    """A facilitator (Ann, NHS) who makes the workspace, and three members who join it."""
    found = {}
    for name, org, sector in (("Ann Facilitator", "Northfield NHS Trust", "NHS"),
                              ("Priya Shah", "Northfield NHS Trust", "NHS"),
                              ("Aisha Khan", "Northfield Food Bank", "VCSE"),
                              ("Tom Reed", "Northfield Council", "Local authority")):
        member = _member(tmp_path / name.split()[0].lower())
        ok(member("config", "--name", name, "--organisation", org, "--sector", sector))
        found[name.split()[0].lower()] = member
    ok(found["ann"]("workspace", "create", str(shared), "--name", "North"))
    for name in ("priya", "aisha", "tom"):
        ok(found[name]("workspace", "join", str(shared)))
    return found


def round_folder(shared: Path) -> Path:
    return shared / "ratings" / "spring-2027"


def submissions(shared: Path) -> list[Path]:
    return sorted(p for p in round_folder(shared).iterdir() if p.name != "round.yaml")


def test_a_round_from_opening_to_reveal(people: dict[str, Member], shared: Path,
                                        tmp_path: Path) -> None:
    ann = people["ann"]
    opened = ok(ann("rate", "--round", "Spring 2027", "--open", "anonymous"))
    assert 'reflect rate --round "Spring 2027"' in opened
    for name, trust, why in (("priya", 5, "We share everything."),
                             ("aisha", 1, "Nobody calls us back."),
                             ("tom", 3, "")):
        text = f"ratings:\n  {TRUST}: {{rating: {trust}, why: {json.dumps(why)}}}\n" \
               f"  {PURPOSE}: 4\n"
        result = people[name]("rate", "--round", "Spring 2027", "--answers",
                              ratings_file(tmp_path, f"{name}.yaml", text))
        assert "submission" in ok(result)
    assert "3 submissions so far" in said(result)
    # Open: only the count, to anyone.
    early = people["aisha"]("ratings", "--round", "Spring 2027")
    assert early.exit_code == 2
    assert "still open: 3 submissions so far" in said(early)
    assert "Nobody calls us back" not in early.output
    assert "median" not in early.output
    listed = ok(ann("rate"))
    assert "Spring 2027 (anonymous): open, 3 submissions" in listed
    # The list says what to type next (a member typing 'reflect rate' did not know).
    assert 'To rate in the open round, type:\n  reflect rate --round "Spring 2027"' in listed
    closed = ok(ann("rate", "--round", "Spring 2027", "--close"))
    assert "closed" in closed
    assert "3 submissions" in closed
    listed = ok(ann("rate"))
    assert "To rate" not in listed
    assert 'To see a closed round\'s ratings:\n  reflect ratings --round "Spring 2027"' \
        in listed
    shown = said(people["tom"]("ratings", "--round", "Spring 2027"))
    assert shown.index("Relationships characterised by trust") < \
        shown.index("Purpose and aims are clear")
    assert "[discuss first]" in shown
    assert "3 people rated · median 3 · lowest 1 · highest 5" in shown
    assert '"Nobody calls us back."' in shown
    assert '"We share everything."' in shown
    # NHS 1, VCSE 1, Local authority 1: under three each, so only "Other" (3) is shown.
    assert "Median by sector: Other 3 (3)" in shown
    late = people["priya"]("rate", "--round", "Spring 2027", "--answers",
                           str(tmp_path / "priya.yaml"))
    assert late.exit_code == 2
    assert "closed" in said(late)
    data = json.loads(ok(ann("ratings", "--round", "Spring 2027", "--format", "json")))
    trust = data["characteristics"][0]
    assert (trust["id"], trust["median"], trust["low"], trust["high"]) == (TRUST, 3, 1, 5)
    assert trust["scores"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1}
    assert all(w["who"] is None for w in trust["why"])
    markdown = ok(ann("ratings", "--round", "Spring 2027", "--format", "markdown"))
    assert markdown.startswith('# Round "Spring 2027" (anonymous)')
    assert "(discuss first)" in markdown
    assert "| 5 Fully | █ 1 |" in markdown


def test_a_member_changes_her_submission_until_the_round_closes(
        people: dict[str, Member], shared: Path, tmp_path: Path) -> None:
    ok(people["ann"]("rate", "--round", "Spring 2027", "--open", "anonymous"))
    first = ratings_file(tmp_path, "first.yaml", f"ratings:\n  {TRUST}: 2\n")
    second = ratings_file(tmp_path, "second.yaml", f"ratings:\n  {TRUST}: 4\n")
    assert "Sent your ratings" in ok(people["aisha"]("rate", "-r", "Spring 2027", "-a", first))
    before = submissions(shared)
    changed = ok(people["aisha"]("rate", "-r", "Spring 2027", "-a", second))
    assert "Changed your ratings" in changed
    assert "1 submission so far" in changed
    assert submissions(shared) == before  # her own file, replaced: no second one
    assert f'"{TRUST}": 4' in before[0].read_text(encoding="utf-8")
    assert not [p for p in round_folder(shared).iterdir() if p.name.startswith(".")]


def test_an_anonymous_file_says_nothing_of_who_wrote_it(people: dict[str, Member],
                                                        shared: Path, tmp_path: Path) -> None:
    ok(people["ann"]("rate", "--round", "Spring 2027", "--open", "anonymous"))
    answers = ratings_file(tmp_path, "a.yaml", f"ratings:\n  {TRUST}: 2\n")
    ok(people["aisha"]("rate", "--round", "Spring 2027", "--answers", answers))
    (path,) = submissions(shared)
    text = path.read_text(encoding="utf-8")
    now = dt.datetime.now()
    for secret in ("Aisha", "Khan", "aisha-khan", "Food Bank", getpass.getuser(),
                   socket.gethostname(), str(tmp_path), now.strftime("%H:%M")):
        assert secret.lower() not in text.lower(), secret
        assert secret.lower() not in path.name.lower(), secret
    assert "sector: \"VCSE\"" in text
    assert f"day: {dt.date.today().isoformat()}" in text
    assert len(path.stem) == 16
    assert all(c in "0123456789abcdef" for c in path.stem)
    # Not even the file's own times say the time of day.
    assert dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).time() == \
        dt.time(0, 0)


def test_named_and_alias_rounds(people: dict[str, Member], shared: Path,
                                tmp_path: Path) -> None:
    ann = people["ann"]
    ok(ann("rate", "--round", "Named one", "--open", "named"))
    answers = ratings_file(tmp_path, "a.yaml",
                           f"ratings:\n  {TRUST}: {{rating: 2, why: \"Slow replies\"}}\n")
    ok(people["aisha"]("rate", "--round", "Named one", "-a", answers))
    ok(ann("rate", "--round", "Named one", "--close"))
    assert '"Slow replies" (Aisha Khan)' in said(ann("ratings", "--round", "Named one"))

    ok(ann("rate", "--round", "Alias one", "--open", "alias"))
    refused = people["tom"]("rate", "--round", "Alias one", "-a", answers)
    assert refused.exit_code == 2
    assert "--alias" in said(refused)
    ok(people["tom"]("rate", "--round", "Alias one", "-a", answers, "--alias", "Blue Heron"))
    ok(ann("rate", "--round", "Alias two", "--open", "alias"))
    ok(people["tom"]("rate", "--round", "Alias two", "-a", answers))  # kept: no --alias
    other = people["tom"]("rate", "--round", "Alias two", "-a", answers, "--alias", "Red Kite")
    assert other.exit_code == 2
    assert "Blue Heron" in said(other)
    own = people["priya"]("rate", "--round", "Alias two", "-a", answers, "--alias",
                          "priya shah")
    assert own.exit_code == 2
    assert "not an alias" in said(own)
    for name in ("Alias one", "Alias two"):
        ok(ann("rate", "--round", name, "--close"))
        shown = said(ann("ratings", "--round", name))
        assert '"Slow replies" (Blue Heron)' in shown
        assert "Tom" not in shown
    folder = shared / "ratings" / "alias-one"
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "Tom" not in text
    assert "Council" not in text


def test_without_a_workspace_a_file_to_send_and_its_reveal(tmp_path: Path) -> None:
    members = []
    for i, (sector, value) in enumerate((("NHS", 5), ("NHS", 4), ("NHS", 5), ("VCSE", 1))):
        member = _member(tmp_path / f"m{i}")
        answers = ratings_file(tmp_path, f"in{i}.yaml", f"sector: {sector}\nratings:\n"
                               f"  {TRUST}: {value}\n")
        out = tmp_path / "inbox" / f"from-{i}.yaml"
        out.parent.mkdir(exist_ok=True)
        result = member("rate", "--round", "Spring", "--answers", answers, "-o", str(out))
        assert "Your rating is in " in said(result)  # (one rating: not "1 rating are")
        assert said(result).endswith("send this file to the facilitator (by e-mail, say). It "
                                     "holds no name; the e-mail shows who sent it.")
        members.append(member)
    again = members[0]("rate", "--round", "Spring", "--answers", answers, "-o",
                       str(tmp_path / "inbox" / "from-0.yaml"))
    assert again.exit_code == 2
    assert "already exists" in said(again)
    shown = said(members[0]("ratings", str(tmp_path / "inbox")))
    assert "4 submissions" in shown
    assert "median 4.5" in shown
    # VCSE (1) is under three, and so is "Other": only NHS is shown.
    assert "Median by sector: NHS 5 (3)" in shown
    assert "VCSE" not in shown


HOSTILE = {
    "bad-yaml.yaml": "reflect_ratings: 1\nratings: [unclosed\n",
    "control.yaml": f"reflect_ratings: 1\nround: x\nmode: anonymous\nratings:\n  {TRUST}: 3\n"
                    "sector: \"NHS\x1b]0;owned\x07\"\n",
    "out-of-range.yaml": f"reflect_ratings: 1\nround: x\nmode: anonymous\nratings:\n"
                         f"  {TRUST}: 9\n",
    "not-a-number.yaml": f"reflect_ratings: 1\nround: x\nmode: anonymous\nratings:\n"
                         f"  {TRUST}: lots\n",
    "not-ours.yaml": "name: a shopping list\n",
    "huge.yaml": "reflect_ratings: 1\n# " + "x" * 400_000 + "\n",
}


def test_hostile_submission_files_are_named_and_left_out(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, text in HOSTILE.items():
        (inbox / name).write_text(text, encoding="utf-8")
    (inbox / "good.yaml").write_text(
        f"reflect_ratings: 1\nround: x\nmode: anonymous\nsector: NHS\nratings:\n"
        f"  {TRUST}: {{rating: 3, why: \"fine [bold]but[/bold] tricky\"}}\n", encoding="utf-8")
    member = _member(tmp_path / "me")
    result = member("ratings", str(inbox))
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output
    for name in HOSTILE:
        assert f"Left out {inbox / name}" in text, name
    assert "1 submission" in text
    assert '"fine [bold]but[/bold] tricky"' in text
    assert "9 is not on the scale" in text
    assert f"Left out {inbox / 'bad-yaml.yaml'}: line 3: not valid YAML" in text


def test_open_and_rate_need_what_they_need(people: dict[str, Member], tmp_path: Path) -> None:
    ann = people["ann"]
    wrong = ann("rate", "--round", "X", "--open", "secret")
    assert wrong.exit_code == 2
    assert "anonymous, named or alias" in said(wrong)
    ok(ann("rate", "--round", "X", "--open", "named"))
    twice = ann("rate", "--round", "X", "--open", "named")
    assert twice.exit_code == 2
    assert "already a round" in said(twice)
    missing = ann("ratings", "--round", "Y")
    assert missing.exit_code == 2
    assert "no round called 'Y'" in said(missing)
    assert "'X'" in said(missing)
    nobody = _member(tmp_path / "nobody")
    alone = nobody("rate", "--round", "X", "--answers", str(tmp_path / "x.yaml"))
    assert alone.exit_code == 2
    assert "-o my-ratings.yaml" in said(alone)
    typed = ann("rate", "--round", "X")  # no terminal here
    assert typed.exit_code == 2
    assert "--answers" in said(typed)
    good = ratings_file(tmp_path, "good.yaml", f"ratings:\n  {TRUST}: 3\n")
    moded = ann("rate", "--round", "X", "--answers", good, "--mode", "anonymous")
    assert moded.exit_code == 2
    assert "--mode goes with -o" in said(moded)
    bad = ratings_file(tmp_path, "bad.yaml", f"ratings:\n  {TRUST}: 7\n  nope: 3\n")
    wrong_file = ann("rate", "--round", "X", "--answers", bad)
    assert wrong_file.exit_code == 2
    assert "7 is not on the scale" in said(wrong_file)
    assert "ratings.nope" in said(wrong_file)


def test_help_has_examples(people: dict[str, Member]) -> None:
    assert "Example" in ok(people["ann"]("rate", "--help"))
    assert "Example" in ok(people["ann"]("ratings", "--help"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed here")
def test_in_git_an_anonymous_submission_is_committed_under_a_neutral_identity(
        tmp_path: Path) -> None:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    home = tmp_path / "aisha"
    home.mkdir()
    settings = home / ".gitconfig"
    settings.write_text("[user]\n\tname = Aisha Khan\n\temail = aisha@foodbank.example\n",
                        encoding="utf-8")
    aisha = _member(home, GIT_CONFIG_GLOBAL=str(settings), GIT_CONFIG_NOSYSTEM="1",
                    GIT_AUTHOR_NAME=None, GIT_AUTHOR_EMAIL=None, GIT_COMMITTER_NAME=None,
                    GIT_COMMITTER_EMAIL=None, EMAIL=None)
    ok(aisha("config", "--name", "Aisha Khan", "--organisation", "Food Bank", "--sector",
             "VCSE"))
    folder = tmp_path / "north"
    ok(aisha("workspace", "create", str(folder), "--name", "North", "--git", str(bare)))
    ok(aisha("rate", "--round", "Spring 2027", "--open", "anonymous"))
    answers = ratings_file(tmp_path, "a.yaml", f"ratings:\n  {TRUST}: 2\n")
    ok(aisha("rate", "--round", "Spring 2027", "--answers", answers))
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(settings), "GIT_CONFIG_NOSYSTEM": "1"}
    shown = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%an|%ae|%cn|%ce|"
                            "%ad|%cd|%s", "--date=iso-strict", "--name-only"],
                           capture_output=True, text=True, check=True, env=env).stdout
    assert shown.startswith("reflect|reflect@invalid|reflect|reflect@invalid|")
    assert "T00:00:00+00:00" in shown
    assert "A rating submission" in shown
    assert "Aisha" not in shown
    assert "foodbank" not in shown
    assert "ratings/spring-2027/" in shown


# -- in the meeting ----------------------------------------------------------------------------
def test_a_meeting_in_the_workspace_brings_the_round_in_and_shows_it_before_each_rating(
        people: dict[str, Member], shared: Path, tmp_path: Path, framework: Framework,
        journal: Path) -> None:
    from scripted import ScriptedPrompter

    from reflect_cli.app.rounds import meeting_wrapper
    from reflect_cli.app.session_flow import SessionOptions, run_session
    from reflect_cli.domain.meeting import Participant
    from reflect_cli.storage import open_store

    ok(people["ann"]("rate", "--round", "Spring 2027", "--open", "anonymous"))
    for name, trust in (("priya", 5), ("aisha", 1), ("tom", 2)):
        answers = ratings_file(tmp_path, f"{name}.yaml",
                               f"ratings:\n  {TRUST}: {{rating: {trust}, why: \"{name}'s\"}}\n")
        ok(people[name]("rate", "--round", "Spring 2027", "--answers", answers))
    asked: list[str] = []
    wrap = meeting_wrapper(framework, [], shared, False, dt.date(2026, 12, 1),
                           lambda message: asked.append(message) or True, asked.append)
    assert wrap is not None
    inner = ScriptedPrompter(("check-in?", False), *[("answer", 3)] * 12,
                             ("more actions?", False), ("key messages", []))
    with open_store(journal) as store:
        result = run_session(framework, store, SessionOptions(
            kind="meeting", title="December", questions=("characteristics",)), wrap(inner),
            people=[Participant("Ann Facilitator", "Northfield NHS Trust", "NHS",
                                ("facilitator",))])
    inner.done()
    assert result is not None
    (question,) = asked
    assert 'The rating round "Spring 2027" has 3 submissions, and it is still open' in question
    reveals = [t for t in inner.told if t.startswith("Rated before the meeting:")]
    assert len(reveals) == 12  # one on each characteristic's screen
    trust = " ".join(next(t for t in reveals if "priya's" in t).split())
    assert "3 people rated · median 2 · lowest 1 · highest 5 · DISCUSS FIRST (the widest " \
           "disagreement of 1)" in trust
    assert "Each score: 1: █ 1 · 2: █ 1 · 3: 0 · 4: 0 · 5: █ 1" in trust
    assert sum("nobody rated this one" in t for t in reveals) == 11
    # Bringing it in closed the round, and records the meeting that did.
    text = (round_folder(shared) / "round.yaml").read_text(encoding="utf-8")
    assert "closed: 2026-12-01" in text
    assert f'imported: "{result[0].id}"' in text
    # The next meeting is not offered it again.
    again = meeting_wrapper(framework, [], shared, False, dt.date(2026, 12, 2),
                            lambda message: asked.append(message) or True, asked.append)
    assert again is not None
    later = ScriptedPrompter(("check-in?", False), *[("answer", 3)] * 12,
                             ("more actions?", False), ("key messages", []))
    with open_store(journal) as store:
        run_session(framework, store, SessionOptions(
            kind="meeting", title="January", questions=("characteristics",)), again(later),
            people=[Participant("Ann Facilitator", "", "NHS", ("facilitator",))])
    assert len(asked) == 1
    assert not [t for t in later.told if t.startswith("Rated before the meeting")]


def test_session_ratings_takes_emailed_files_and_refuses_useless_ones(
        tmp_path: Path, framework: Framework, journal: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    from reflect_cli.app.rounds import meeting_wrapper

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad.yaml").write_text("reflect_ratings: 1\nratings: [\n", encoding="utf-8")
    warned: list[str] = []
    with pytest.raises(Exception, match="none of the submission files given can be used"):
        meeting_wrapper(framework, [str(inbox)], None, False, dt.date(2026, 12, 1),
                        lambda m: True, warned.append)
    assert any("Left out" in w and "bad.yaml" in w for w in warned)
    both = invoke("session", "--answers", str(inbox / "bad.yaml"), "--ratings", str(inbox))
    assert both.exit_code == 2
    assert "--ratings goes with a meeting" in said(both)
    missing = invoke("session", "--kind", "meeting", "--ratings", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    assert "does not exist" in said(missing)


def test_the_example_ratings_file_is_one_reflect_rate_takes(people: dict[str, Member],
                                                            shared: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "ratings.yaml"
    ok(people["ann"]("rate", "--round", "Spring 2027", "--open", "alias"))
    sent = ok(people["aisha"]("rate", "-r", "Spring 2027", "-a", str(example), "--alias",
                              "Blue Heron"))
    assert "Sent your ratings (4 ratings)" in sent
    (path,) = submissions(shared)
    assert path.name.startswith("blue-heron-")
    assert 'sector: "VCSE"' in path.read_text(encoding="utf-8")


def test_sectors_are_checked_late_files_left_out_and_any_script_names_a_round(
        people: dict[str, Member], shared: Path, tmp_path: Path) -> None:
    ann = people["ann"]
    ok(ann("rate", "--round", "春季", "--open", "anonymous"))
    answers = ratings_file(tmp_path, "a.yaml", f"ratings:\n  {TRUST}: 2\n")
    typo = people["tom"]("rate", "--round", "春季", "-a", answers, "--sector", "VSCE")
    assert typo.exit_code == 2
    assert "'VSCE' is not one of the sectors" in said(typo)
    ok(people["tom"]("rate", "--round", "春季", "-a", answers, "--sector", "vcse"))
    ok(ann("rate", "--round", "春季", "--close"))
    (folder,) = (shared / "ratings").iterdir()
    (submitted,) = [p for p in folder.iterdir() if p.name != "round.yaml"]
    assert 'sector: "VCSE"' in submitted.read_text(encoding="utf-8")  # as the framework has it
    late = folder / "late.yaml"
    late.write_text(submitted.read_text(encoding="utf-8").replace(
        f"day: {dt.date.today().isoformat()}", "day: 2999-01-01"), encoding="utf-8")
    shown = said(ann("ratings", "--round", "春季"))
    assert f"Left out late.yaml: sent on 01/01/2999, after the round closed on " \
           f"{dt.date.today():%d/%m/%Y}" in shown
    assert "1 person rated" in shown
