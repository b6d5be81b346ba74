"""Honest ratings: a meeting's median as it is (4 4 5 5 is 4.5, not 5), the rating the group
agreed kept apart from it, logs of format 1 still read, and reports that never show a change
nobody made (compare, history and trends, in every format)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import log_paths, read_log
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect_cli.domain.asking import EachRated, make_answer, new_session, plan_steps, record
from reflect_cli.domain.compare import RatingChange
from reflect_cli.domain.history import movers_note, trends_of_ratings
from reflect_cli.domain.meeting import Meeting, Participant, group_rating
from reflect_cli.domain.model import Framework, GroupRating, Session, rating_text
from reflect_cli.storage.logfile import parse_log, render_log, split_front_matter

OLD_RATINGS = Path(__file__).resolve().parent / "old_logs" / "ratings"
MARCH = "2026-03-12-march-review.md"
JUNE = "2026-06-10-june-review.md"
PEOPLE = """\
participants:
  - {name: Aisha Khan, organisation: Northfield Food Bank, sector: VCSE, role: facilitator}
  - {name: Tom Reed, organisation: Northfield NHS Trust, sector: NHS, role: lead}
  - {name: Priya Shah, organisation: Northfield Council, sector: Local authority}
  - {name: Sam Okafor, organisation: Eastgate Tenants, sector: Community member}
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def old_logs(journal: Path) -> None:
    """The two meetings of the issue, as main's reflect wrote them (format 1): trust rated
    4 4 5 5 in March (written as 5, the median rounded up) and 5 4 4 5 4 in June (4)."""
    journal.mkdir(parents=True, exist_ok=True)
    for log in OLD_RATINGS.glob("*.md"):
        shutil.copyfile(log, journal / log.name)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- the values ----------------------------------------------------------------------------------
def test_the_median_of_an_even_count_stays_a_half() -> None:
    found = group_rating([4, 4, 5, 5])
    assert found == GroupRating(4.5, 4, 5, 4)
    assert found.rating == 4.5  # no rating agreed: the median stands
    assert group_rating([5, 4, 4, 5, 4]) == GroupRating(4.0, 4, 5, 5)
    assert group_rating([4, 4, 5, 5], agreed=4).rating == 4  # type: ignore[union-attr]
    assert group_rating([]) is None


def test_a_meetings_answer_keeps_the_median_and_the_agreed_rating(framework: Framework) -> None:
    (step,) = plan_steps(framework, prompt_ids=["characteristics.trust"])
    ratings = {"aisha-khan": 4, "tom-reed": 4, "priya-shah": 5, "sam-okafor": 5}
    median = make_answer(step, EachRated(ratings))
    assert (median.rating, median.rating_label) == (4.5, "")  # no label sits between two
    assert rating_text(median) == "4.5 of 5 (median, range 4–5)"
    agreed = make_answer(step, EachRated(ratings, agreed=4))
    assert (agreed.rating, agreed.rating_label) == (4, "Mostly")
    assert agreed.group == GroupRating(4.5, 4, 5, 4, 4)
    assert rating_text(agreed) == "4 of 5 (Mostly; agreed, median 4.5, range 4–5)"
    same = make_answer(step, EachRated(dict.fromkeys(ratings, 3)))
    assert rating_text(same) == "3 of 5 (Partly; median, all gave 3)"


def meeting_session(framework: Framework, agreed: int | None) -> Session:
    steps = plan_steps(framework, prompt_ids=["characteristics.trust"])
    session = new_session(framework, steps, title="Review", kind="meeting",
                          date=dt.date(2026, 9, 1))
    people = [Participant(n) for n in ("Aisha Khan", "Tom Reed", "Priya Shah", "Sam Okafor")]
    ratings = dict(zip([p.id for p in people], [4, 4, 5, 5], strict=True))
    session.meeting = Meeting(participants=people, ratings={"characteristics.trust": ratings},
                              scales={"characteristics.trust": (1, 5)},
                              agreed={} if agreed is None else {"characteristics.trust": agreed})
    record(session, steps, make_answer(steps[0], EachRated(ratings, agreed)))
    return session


@pytest.mark.parametrize(("agreed", "rating", "said"), [
    (None, 4.5, "No rating agreed: the median stands."),
    (4, 4, "The group agreed 4."),
])
def test_a_format_2_log_keeps_each_value_apart(framework: Framework, agreed: int | None,
                                               rating: float, said: str) -> None:
    text = render_log(meeting_session(framework, agreed))
    meta, _, _ = split_front_matter(text, "log")
    assert meta["reflect_log"] == 2
    assert meta["meeting"]["ratings"]["characteristics.trust"] == {
        "aisha-khan": 4, "tom-reed": 4, "priya-shah": 5, "sam-okafor": 5}
    assert meta["meeting"]["medians"] == {"characteristics.trust": 4.5}
    assert meta["meeting"].get("agreed", {}) == (
        {} if agreed is None else {"characteristics.trust": agreed})
    assert f"Lowest 4, median 4.5, highest 5. {said}" in text
    answer = parse_log(text).answer("characteristics.trust")
    assert answer is not None
    assert answer.rating == rating
    assert answer.group == GroupRating(4.5, 4, 5, 4, agreed)


def test_format_1_logs_read_the_median_their_rounded_value_stood_for(journal: Path) -> None:
    old_logs(journal)
    march = (journal / MARCH).read_bytes()
    assert b"reflect_log: 1" in march
    assert b"characteristics.trust rating=5" in march  # 4 4 5 5, rounded up
    trust = parse_log(march.decode("utf-8")).answer("characteristics.trust")
    assert trust is not None
    assert (trust.rating, trust.rating_label) == (4.5, "")
    assert trust.group == GroupRating(4.5, 4, 5, 4)  # never agreed: format 1 could not say
    june = read_log(journal / JUNE).answer("characteristics.trust")
    assert june is not None
    assert june.rating == 4  # 5 4 4 5 4: the median was 4 already


def test_a_format_1_value_changed_by_hand_is_taken_as_agreed(journal: Path) -> None:
    old_logs(journal)
    text = (journal / MARCH).read_text(encoding="utf-8").replace(
        "characteristics.trust rating=5 -->\n\n**5 of 5** · Fully",
        "characteristics.trust rating=4 -->\n\n**4 of 5** · Mostly")
    trust = parse_log(text).answer("characteristics.trust")
    assert trust is not None
    assert (trust.rating, trust.group) == (4, GroupRating(4.5, 4, 5, 4, agreed=4))


# -- the ★ rule ----------------------------------------------------------------------------------
def _trends(changes: list[float]):  # type: ignore[no-untyped-def]
    def session(day: int) -> Session:
        return Session(id=f"s{day}", date=dt.date(2026, 1, day), created=dt.datetime(
            2026, 1, day, tzinfo=dt.timezone.utc), framework_id="f", framework_version="1")

    first = [(f"p{i}", "q", 3.0, 5, "", None) for i in range(len(changes))]
    later = [(f"p{i}", "q", 3.0 + c, 5, "", None) for i, c in enumerate(changes)]
    return trends_of_ratings([("a.md", session(1), first), ("b.md", session(2), later)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-4, 4).map(lambda half: half / 2), max_size=14))
def test_the_star_marks_at_most_three_moves_and_none_under_a_point(changes: list[float]) -> None:
    trends = _trends(changes)
    marked = [abs(t.change) for t in trends.trends if t.biggest_mover]
    unmarked = [abs(t.change) for t in trends.trends if not t.biggest_mover]
    assert len(marked) <= 3
    assert all(move >= 1 for move in marked)
    # Those marked are the largest: nothing left unmarked moved more than one of them.
    assert all(move <= min(marked) for move in unmarked) if marked else True
    note = movers_note(trends)
    assert "0.5 point" not in note  # a half-point move is never one "too many to mark"


def test_the_issues_half_point_move_gets_no_star() -> None:
    trends = _trends([-0.5, 1, -2])
    assert [(t.change, t.biggest_mover) for t in trends.trends] == [
        (-0.5, False), (1, True), (-2, True)]


def test_disagreement_grew_or_shrank() -> None:
    narrow, wide = GroupRating(4, 4, 4, 5), GroupRating(4, 2, 5, 5)
    assert RatingChange(4, 4, 5, narrow, wide).disagreement == "grew"
    assert RatingChange(4, 4, 5, wide, narrow).disagreement_words == (
        "disagreement shrank (range 2–5 → 4–4)")
    assert RatingChange(4, 4, 5, None, wide).disagreement == ""
    assert RatingChange(4, 4.5, 5).delta == 0.5


# -- reports -------------------------------------------------------------------------------------
def test_trends_show_no_change_nobody_made(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    old_logs(journal)
    result = invoke("trends")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    trust = next(i for i, line in enumerate(lines) if line.startswith("Relationships"))
    assert "4.5 (4–5)  4 (4–5)    -0.5" in lines[trust]
    assert "★" not in lines[trust]  # 4.5 to 4: half a point, no star (it was "★ -1")
    purpose = next(line for line in lines if line.startswith("Purpose"))
    assert purpose.split()[-4:] == ["3", "4", "★", "+1"]  # everyone gave 3, then 4: no range
    assert ("Partners openly discuss and attend to the balance of power: disagreement grew "
            "(range 1–4 → 1–5)") in flat(result.output)
    assert "★ the biggest changes from first to latest." in result.output
    assert "too many to mark" not in result.output


def test_trends_markdown_and_json_say_the_same(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    old_logs(journal)
    markdown = invoke("trends", "--format", "markdown").output
    assert ("| Relationships characterised by trust, respect and reciprocity | ▇▆ | "
            "4.5 (4–5), 4 (4–5) | 4.5 (4–5) | 4 (4–5) | -0.5 |") in markdown
    assert "| 2 (1–4) | 2 (1–5) | 0; disagreement grew |" in markdown
    data = json.loads(invoke("trends", "--format", "json").output)
    trust = next(c for c in data["characteristics"] if c["id"] == "characteristics.trust")
    assert (trust["first"], trust["latest"], trust["change"]) == (4.5, 4, -0.5)
    assert trust["biggest_mover"] is False
    assert trust["values"][0]["group"] == {"median": 4.5, "low": 4, "high": 5, "rated": 4,
                                           "agreed": None}
    power = next(c for c in data["characteristics"] if c["id"] == "characteristics.power")
    assert power["disagreement"] == "grew"


def test_compare_shows_median_range_and_disagreement(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    old_logs(journal)
    out = flat(invoke("compare").output)
    assert ("Relationships characterised by trust, respect and reciprocity changed "
            "4.5 of 5 (median, range 4–5) → 4 of 5 (Mostly; median, range 4–5) -0.5") in out
    assert ("balance of power unchanged 2 of 5 (A little; median, range 1–4) → 2 of 5 "
            "(A little; median, range 1–5) no change Disagreement grew (range 1–4 → 1–5)") in out
    markdown = flat(invoke("compare", "--format", "markdown").output)
    assert ("4.5 of 5 (median, range 4–5) → 4 of 5 (Mostly; median, range 4–5), **-0.5**"
            in markdown)
    assert "**0**" not in markdown
    assert "; disagreement grew (range 1–4 → 1–5)" in markdown
    data = json.loads(invoke("compare", "--format", "json").stdout)
    prompts = {p["id"]: p for q in data["questions"] for p in q["prompts"]}
    trust = prompts["characteristics.trust"]["rating"]
    assert (trust["before"], trust["after"], trust["change"]) == (4.5, 4, -0.5)
    assert trust["after_group"] == {"median": 4, "low": 4, "high": 5, "rated": 5,
                                    "agreed": None}
    assert prompts["characteristics.power"]["rating"]["disagreement"] == "grew"


def test_history_shows_each_rating_with_its_spread(invoke, journal: Path) -> None:  # type: ignore[no-untyped-def]
    old_logs(journal)
    out = flat(invoke("history", "characteristics.power").output)
    assert "first answer 2 of 5 (A little; median, range 1–4)" in out
    assert ("2 (1–4) → 2 of 5 (A little; median, range 1–5) no change Disagreement grew "
            "(range 1–4 → 1–5)") in out
    markdown = flat(invoke("history", "characteristics.trust", "--format", "markdown").output)
    assert "*Changed.* 4.5 (4–5) → 4 of 5 (Mostly; median, range 4–5), **-0.5**" in markdown
    power = flat(invoke("history", "characteristics.power", "--format", "markdown").output)
    assert ("*Unchanged.* 2 (1–4) → 2 of 5 (A little; median, range 1–5), no change; "
            "disagreement grew (range 1–4 → 1–5)") in power
    data = json.loads(invoke("history", "characteristics.trust", "--format", "json").output)
    (entries,) = [p["entries"] for p in data["prompts"]]
    assert [e["answer"]["rating"] for e in entries] == [4.5, 4]


def test_an_answers_file_records_the_agreed_rating_beside_each_persons(  # type: ignore[no-untyped-def]
        invoke, journal: Path) -> None:
    old_logs(journal)
    Path("sept.yaml").write_text(PEOPLE + (
        "title: September review\ndate: 2026-09-10\n"
        "characteristics.trust: 4\n"  # beside each person's rating: the one the group agreed
        "ratings:\n"
        "  characteristics.trust: {Aisha Khan: 4, Tom Reed: 4, Priya Shah: 5, Sam Okafor: 5}\n"
        "  characteristics.power: {Aisha Khan: 2, Tom Reed: 3, Priya Shah: 2, Sam Okafor: 3}\n"),
        encoding="utf-8")
    result = invoke("session", "--answers", "sept.yaml")
    assert result.exit_code == 0, result.output
    (path,) = [p for p in log_paths(journal) if "september" in p.name]
    text = path.read_text(encoding="utf-8")
    assert "Lowest 4, median 4.5, highest 5. The group agreed 4." in text
    assert "Lowest 2, median 2.5, highest 3. No rating agreed: the median stands." in text
    assert "**2.5 of 5**" in text
    session = read_log(path)
    power = session.answer("characteristics.power")
    assert power is not None
    assert power.rating == 2.5
    out = flat(invoke("compare").stdout)
    # The same rating as in June, agreed this time: unchanged, and said how it was reached.
    assert ("reciprocity unchanged 4 of 5 (Mostly; agreed, median 4.5, range 4–5)") in out
    assert "Disagreement shrank (range 1–5 → 2–3)" in out
    trends = invoke("trends").output
    assert "4 agreed (4–5)" in trends
    assert "2.5 (2–3)" in trends


def test_an_index_of_format_13_is_built_again(invoke, journal: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old_logs(journal)
    assert "4.5 (4–5)" in invoke("trends").output
    (index,) = (tmp_path / "cache").glob("*.sqlite3")
    # Make it the index reflect kept before (format 13, log format 1): whole-number ratings
    # (the rounded median), no spread.
    db = sqlite3.connect(index)
    db.execute("DROP TABLE texts")
    db.execute("""CREATE TABLE texts (
        id INTEGER PRIMARY KEY, position INTEGER, kind TEXT, prompt_id TEXT, section TEXT,
        who TEXT, body TEXT, rating INTEGER, rating_of INTEGER, rating_label TEXT)""")
    db.execute("""UPDATE logs SET ratings = '[["characteristics.trust", "characteristics", 5, 5,
        "Fully"]]' WHERE name LIKE '%march%'""")
    db.execute("PRAGMA user_version = 1301")
    db.commit()
    db.close()
    result = invoke("trends")
    assert result.exit_code == 0, result.output
    assert "4.5 (4–5)" in result.output  # read from the logs again, not the rounded 5
    assert "Traceback" not in result.output
    hist = invoke("history", "characteristics.trust").output
    assert "4.5 (4–5) → 4 of 5" in hist



def test_the_index_keeps_ratings_short_and_reads_them_back_whole() -> None:
    """What the index keeps of a rating says it in as few characters as it can (a whole
    median as 4, no agreed rating when there is none, the question as 0 when the prompt's
    id starts with it), and reads back the same values."""
    import json

    from reflect_cli.domain.model import GroupRating
    from reflect_cli.storage.index import _group, _group_from, _question, _ratings

    for group in (GroupRating(4.5, 3, 5, 8, None), GroupRating(4.0, 4, 4, 2, 4),
                  GroupRating(1.0, 1, 2, 10, None)):
        stored = json.dumps(_group(group))
        assert _group_from(stored) == group
    assert json.dumps(_group(GroupRating(4.0, 3, 5, 8, None))) == "[4, 3, 5, 8]"
    session = _session_with_rating("characteristics.trust", "characteristics")
    ((prompt, question, *_),) = _ratings(session)
    assert question == 0
    assert _question(prompt, question) == "characteristics"
    assert _question("x.y", "elsewhere") == "elsewhere"


def _session_with_rating(prompt_id: str, section: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    from reflect_cli.domain.model import Answer, Session

    return Session(id="s", date=dt.date(2026, 1, 1),
                   created=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                   framework_id="f", framework_version="1",
                   answers=[Answer(prompt_id, section, rating=4, rating_of=5,
                                   rating_label="Mostly")])
