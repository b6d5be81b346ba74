"""A rating round brought into a meeting, in its log and in every report (issue 11, point 4
for rounds): the log keeps the round's distribution apart from the rating the group agreed,
compare, history and trends show the round's median and range as they do for ratings typed
live, and `reflect ratings --format json` says the same numbers as the log."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from helpers import log_paths, read_log
from scripted import ScriptedPrompter

from reflect_cli.app.rounds import meeting_wrapper
from reflect_cli.app.session_flow import SessionOptions, run_session
from reflect_cli.domain.asking import AfterRound
from reflect_cli.domain.meeting import Participant
from reflect_cli.domain.model import Framework, rating_text
from reflect_cli.storage import open_store
from reflect_cli.storage.logfile import split_front_matter

OLD_RATINGS = Path(__file__).resolve().parent / "old_logs" / "ratings"
TRUST = "characteristics.trust"
PURPOSE = "characteristics.purpose"
POWER = "characteristics.power"
#: Eight members (three NHS, three VCSE, two from the council: too few to be shown on their
#: own in an anonymous round) rate trust, power and purpose.
MEMBERS = (("NHS", 5, 3, 4), ("NHS", 4, 2, 4), ("NHS", 5, 2, 4),
           ("VCSE", 2, 1, 3), ("VCSE", 3, 1, 4), ("VCSE", 2, 2, 3),
           ("Local authority", 3, 3, 4), ("Local authority", 4, 2, 5))
PEOPLE = [Participant("Ann Facilitator", "Northfield NHS Trust", "NHS", ("facilitator",)),
          Participant("Sam Okafor", "Eastgate Tenants", "Community member")]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def emailed(tmp_path: Path, invoke, mode: str = "anonymous") -> Path:  # type: ignore[no-untyped-def]
    """The eight members' submissions, sent by e-mail and saved in one folder."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, (sector, trust, power, purpose) in enumerate(MEMBERS):
        answers = tmp_path / f"answers-{i}.yaml"
        answers.write_text(f"sector: {sector}\nratings:\n  {TRUST}: {{rating: {trust}, why: "
                           f"\"Member {i} says why\"}}\n  {POWER}: {power}\n"
                           f"  {PURPOSE}: {purpose}\n", encoding="utf-8")
        made = invoke("rate", "--round", "Autumn 2026", "--mode", mode, "--answers",
                      str(answers), "-o", str(inbox / f"{i}.yaml"))
        assert made.exit_code == 0, made.output
    return inbox


def round_meeting(framework: Framework, journal: Path, inbox: Path, *replies: object,
                  date: dt.date = dt.date(2026, 9, 10)) -> Path:
    """A meeting on trust, power and purpose that reveals the round, the facilitator
    replying as given (in framework order: purpose, trust, power)."""
    wrap = meeting_wrapper(framework, [str(inbox)], None, False, date, lambda m: True,
                           lambda m: None)
    assert wrap is not None
    script = ScriptedPrompter(("check-in?", False), *[("answer", r) for r in replies],
                              ("more actions?", False), ("key messages", []))
    with open_store(journal) as store:
        result = run_session(framework, store, SessionOptions(
            kind="meeting", title="Autumn review", date=date,
            prompts=(PURPOSE, TRUST, POWER)), wrap(script), people=list(PEOPLE))
    script.done()
    assert result is not None
    return result[1]


def test_the_log_keeps_the_rounds_distribution_apart_from_the_agreed_rating(
        framework: Framework, journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    inbox = emailed(tmp_path, invoke)
    # purpose: a number picked is the rating the group agreed; trust: the median stands;
    # power: the group agreed 2 after seeing the round.
    path = round_meeting(framework, journal, inbox, 4, AfterRound(), AfterRound(2))
    text = path.read_text(encoding="utf-8")
    meta, _, _ = split_front_matter(text, path.name)
    assert meta["reflect_log"] == 2  # no new format: a key a format-2 reader passes over
    taken = meta["meeting"]["round"]
    assert (taken["name"], taken["mode"], taken["submissions"]) == ("Autumn 2026",
                                                                   "anonymous", 8)
    trust = taken["distribution"][TRUST]
    assert trust["scores"] == {1: 0, 2: 2, 3: 2, 4: 2, 5: 2}
    assert (trust["count"], trust["median"], trust["low"], trust["high"]) == (8, 3.5, 2, 5)
    # Council (2) merged into "Other", still under three: not shown on its own.
    assert trust["sectors"] == [{"sector": "NHS", "count": 3, "median": 5},
                                {"sector": "VCSE", "count": 3, "median": 2}]
    assert taken["distribution"][POWER]["scores"] == {1: 2, 2: 4, 3: 2, 4: 0, 5: 0}
    # The rating the group agreed, apart from the round's numbers; none for trust.
    assert meta["meeting"]["agreed"] == {PURPOSE: 4, POWER: 2}
    assert "ratings" not in meta["meeting"]  # nobody's rating was typed live
    # Never a name or a why line of an anonymous round (nor a file's name).
    assert "Member 0 says why" not in text
    assert "0.yaml" not in text
    assert "Local authority" not in text
    assert ('Rating round "Autumn 2026" (anonymous): 8 rated; 1: 0 · 2: 2 · 3: 2 · 4: 2 · '
            "5: 2. Lowest 2, median 3.5, highest 5. Median by sector: NHS 5 (3), VCSE 2 (3). "
            "No rating agreed: the round's median stands. **People disagree widely here: "
            "a conversation worth having.**") in text
    assert "highest 3. Median by sector: NHS 2 (3), VCSE 1 (3). The group agreed 2." in text
    # Read back: "the rating" is the agreed one, else the round's median, with its range.
    session = read_log(path)
    answers = {a.prompt_id: a for a in session.answers}
    assert rating_text(answers[TRUST]) == "3.5 of 5 (median, range 2–5)"
    assert rating_text(answers[POWER]) == "2 of 5 (A little; agreed, median 2, range 1–3)"
    assert rating_text(answers[PURPOSE]) == "4 of 5 (Mostly; agreed, median 4, range 3–5)"
    assert session.meeting is not None
    assert session.meeting.round is not None
    assert session.meeting.round.tallies[TRUST].sectors == (("NHS", 3, 5.0), ("VCSE", 3, 2.0))


def test_a_named_round_keeps_no_names_in_the_log_either(
        framework: Framework, journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("config", "--name", "Priya Shah", "--organisation", "Northfield Council",
                  "--sector", "Local authority").exit_code == 0
    inbox = emailed(tmp_path, invoke, mode="named")
    path = round_meeting(framework, journal, inbox, AfterRound(), AfterRound(), None)
    text = path.read_text(encoding="utf-8")
    meta, _, _ = split_front_matter(text, path.name)
    assert meta["meeting"]["round"]["mode"] == "named"
    kept = json.dumps(meta["meeting"]["round"])
    assert "Priya" not in kept
    assert "Northfield Council" not in kept
    assert "Member 0 says why" not in text
    # A named round shows each sector, however small.
    sectors = meta["meeting"]["round"]["distribution"][TRUST]["sectors"]
    assert [s["sector"] for s in sectors] == ["Local authority", "NHS", "VCSE"]
    # Power was skipped: its distribution is still the round's, and no rating is made up.
    assert POWER in meta["meeting"]["round"]["distribution"]
    power = next(a for a in read_log(path).answers if a.prompt_id == POWER)
    assert power.skipped


def test_reports_show_the_rounds_median_and_range_beside_live_meetings(
        framework: Framework, journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    """March and June: ratings typed live (power 1–4, then 1–5); September: a round (power
    1–3): the disagreement flag works across the two ways of rating."""
    journal.mkdir(parents=True, exist_ok=True)
    for log in OLD_RATINGS.glob("*.md"):
        shutil.copyfile(log, journal / log.name)
    inbox = emailed(tmp_path, invoke)
    round_meeting(framework, journal, inbox, 4, AfterRound(), AfterRound())
    assert len(log_paths(journal)) == 3
    compared = flat(invoke("compare").output)
    assert ("Relationships characterised by trust, respect and reciprocity changed 4 of 5 "
            "(Mostly; median, range 4–5) → 3.5 of 5 (median, range 2–5) -0.5 Disagreement "
            "grew (range 4–5 → 2–5)") in compared
    assert ("balance of power unchanged 2 of 5 (A little; median, range 1–5) → 2 of 5 "
            "(A little; median, range 1–3) no change Disagreement shrank (range 1–5 → 1–3)"
            ) in compared
    data = json.loads(invoke("compare", "--format", "json").stdout)
    prompts = {p["id"]: p for q in data["questions"] for p in q["prompts"]}
    assert prompts[TRUST]["rating"]["after_group"] == {
        "median": 3.5, "low": 2, "high": 5, "rated": 8, "agreed": None}
    assert prompts[POWER]["rating"]["disagreement"] == "shrank"
    trends = invoke("trends").output
    trust = next(line for line in trends.splitlines() if line.startswith("Relationships"))
    assert "4.5 (4–5)       3.5 (2–5)    ★ -1" in trust
    assert "power: disagreement shrank (range 1–5 → 1–3)" in flat(trends)
    # Unchanged twice, but neither time folded away: the disagreement moved each time.
    history = flat(invoke("history", POWER).output)
    assert "2 (1–4) → 2 of 5 (A little; median, range 1–5) no change Disagreement grew " \
           "(range 1–4 → 1–5)" in history
    assert "2 (1–5) → 2 of 5 (A little; median, range 1–3) no change Disagreement shrank " \
           "(range 1–5 → 1–3)" in history
    assert "2 sessions" not in history
    purpose = flat(invoke("history", PURPOSE).output)
    assert "4 of 5 (Mostly; agreed, median 4, range 3–5)" in purpose


def test_reflect_ratings_json_and_the_meeting_log_agree(
        framework: Framework, journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    inbox = emailed(tmp_path, invoke)
    path = round_meeting(framework, journal, inbox, AfterRound(), AfterRound(), AfterRound())
    meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    logged = meta["meeting"]["round"]
    shown = invoke("ratings", str(inbox), "--format", "json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["submissions"] == logged["submissions"] == 8
    assert {c["id"] for c in data["characteristics"]} == set(logged["distribution"])
    for item in data["characteristics"]:
        kept = logged["distribution"][item["id"]]
        assert {int(k): v for k, v in item["scores"].items()} == kept["scores"]
        assert (item["count"], item["median"], item["low"], item["high"]) == (
            kept["count"], kept["median"], kept["low"], kept["high"])
        assert item["sectors"] == kept["sectors"]
        answer = next(a for a in read_log(path).answers if a.prompt_id == item["id"])
        assert answer.rating == item["median"]  # nothing agreed: the round's median stands


def test_a_damaged_round_in_a_log_is_named_by_its_key(
        framework: Framework, journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    inbox = emailed(tmp_path, invoke)
    path = round_meeting(framework, journal, inbox, AfterRound(), AfterRound(), AfterRound())
    text = path.read_text(encoding="utf-8")
    assert "        scores:\n          1: 0\n" in text
    path.write_text(text.replace("        scores:\n          1: 0\n",
                                 "        scores:\n          1: many\n", 1), encoding="utf-8")
    shown = invoke("show", path.name)
    assert shown.exit_code == 2
    assert "meeting.round.distribution.characteristics.trust.scores.1" in flat(shown.output)
    assert "should be a whole number, found 'many'" in flat(shown.output)
    assert "Traceback" not in shown.output


def test_a_public_log_keeps_the_round_and_the_agreed_rating_but_no_small_sector(
        framework: Framework, journal: Path, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("config", "--name", "Priya Shah", "--sector", "Local authority"
                  ).exit_code == 0
    inbox = emailed(tmp_path, invoke, mode="named")
    path = round_meeting(framework, journal, inbox, AfterRound(), AfterRound(), AfterRound(2))
    full = flat(invoke("show", path.name, "--leave-out", "checkin").output)
    assert "Median by sector: Local authority 3.5 (2), NHS 5 (3), VCSE 2 (3)." in full
    public = invoke("show", path.name, "--public")
    assert public.exit_code == 0, public.output
    shown = flat(public.output)
    # The round's numbers stay (they name nobody), and so does what the group agreed; a
    # sector of two, whose median would come near telling each one's rating, goes.
    assert ("Rating round \"Autumn 2026\" (named): 8 rated; 1: 0 · 2: 2 · 3: 2 · 4: 2 · 5: 2. "
            "Lowest 2, median 3.5, highest 5. Median by sector: NHS 5 (3), VCSE 2 (3). No "
            "rating agreed: the round's median stands.") in shown
    assert "Median by sector: NHS 2 (3), VCSE 1 (3). The group agreed 2." in shown
    assert "Local authority 3.5" not in shown
