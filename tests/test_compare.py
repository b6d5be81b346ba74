"""The comparison model: statuses, word diffs, histories and trends, as pure functions."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect_cli.domain.compare import (
    STATUSES,
    answer_status,
    chronological,
    compare_sessions,
    merged_order,
    reflow,
    reflow_text,
    select_questions,
    word_diff,
)
from reflect_cli.domain.history import build_history, build_trends, sparkline
from reflect_cli.domain.model import Answer, Session
from reflect_cli.errors import BadInputError, NotFoundError

LABELS = {
    "purpose": "1. What is the purpose of the partnership's work?",
    "purpose.impact": "What impact does your partnership want to have?",
    "purpose.influence": "Who are you trying to influence?",
    "role": "2. What is the distinctive role of this partnership?",
    "role.change": "How do you see your work leading to the change you want?",
    "members": "3. Who are the partnership's members and stakeholders?",
    "members.changes": "What do changes in your membership mean?",
    "characteristics": "Characteristics of effective partnerships",
    "characteristics.trust": "Relationships characterised by trust, respect and reciprocity",
    "characteristics.power": "Partners openly discuss and attend to the balance of power",
}
SCALE = {1: "Not at all", 2: "A little", 3: "Partly", 4: "Mostly", 5: "Fully"}


def text(prompt_id: str, words: str) -> Answer:
    return Answer(prompt_id, prompt_id.split(".")[0], text=words)


def rated(prompt_id: str, value: int) -> Answer:
    return Answer(prompt_id, prompt_id.split(".")[0], rating=value, rating_of=5,
                  rating_label=SCALE[value])


def skipped(prompt_id: str) -> Answer:
    return Answer(prompt_id, prompt_id.split(".")[0])


def session(day: str, *answers: Answer, title: str = "", version: str = "1.0",
            labels: dict[str, str] | None = None, hour: int = 10) -> Session:
    date = dt.date.fromisoformat(day)
    sections = list(dict.fromkeys(a.section for a in answers))
    all_labels = {**LABELS, **(labels or {})}
    return Session(
        id=f"id-{day}-{hour}", date=date,
        created=dt.datetime.combine(date, dt.time(hour), dt.timezone.utc),
        framework_id="kings-fund-partnering", framework_version=version,
        title=title or f"Session of {day}", kind="meeting", sections=sections,
        answers=list(answers),
        labels={k: v for k, v in all_labels.items()
                if k in sections or any(a.prompt_id == k for a in answers)})


def changed_words(tokens: list[tuple[str, str]], op: str) -> list[str]:
    return [t for o, t in tokens if o == op]


# -- statuses ------------------------------------------------------------------------------------
def test_every_status_from_the_table_in_the_docstring() -> None:
    a, s = text("purpose.impact", "Fewer people waiting"), skipped("purpose.impact")
    other = text("purpose.impact", "Fewer people waiting long")
    assert answer_status(a, a) == "unchanged"
    assert answer_status(a, other) == "changed"
    assert answer_status(s, a) == "newly_answered"
    assert answer_status(a, s) == "no_longer_answered"
    assert answer_status(s, s) == "unchanged"
    assert answer_status(a, None) == "not_asked_in_one"
    assert answer_status(None, a) == "not_asked_in_one"
    assert answer_status(s, None) == "skipped_in_one"
    assert answer_status(None, s) == "skipped_in_one"
    with pytest.raises(ValueError, match="neither"):
        answer_status(None, None)


def test_compare_reports_each_status_and_counts_them() -> None:
    before = session("2026-03-12",
                     text("purpose.impact", "Fewer people waiting."),
                     text("purpose.influence", "The ICB."),
                     skipped("role.change"),
                     text("members.changes", "Housing left."),
                     skipped("characteristics.power"))
    after = session("2026-09-17",
                    text("purpose.impact", "Fewer people waiting."),
                    text("purpose.influence", "The ICB and the council."),
                    text("role.change", "Connectors start early."),
                    skipped("members.changes"),
                    rated("characteristics.trust", 4))
    comparison = compare_sessions(before, after, "a.md", "b.md")
    statuses = {p.prompt_id: p.status for p in comparison.prompts}
    assert statuses == {
        "purpose.impact": "unchanged",
        "purpose.influence": "changed",
        "role.change": "newly_answered",
        "members.changes": "no_longer_answered",
        "characteristics.power": "skipped_in_one",
        "characteristics.trust": "not_asked_in_one",
    }
    counts = comparison.counts()
    assert list(counts) == list(STATUSES)
    assert counts == {"changed": 1, "newly_answered": 1, "no_longer_answered": 1,
                      "not_asked_in_one": 1, "skipped_in_one": 1, "unchanged": 1}
    assert comparison.days == 189
    assert (comparison.before.file, comparison.after.file) == ("a.md", "b.md")


def test_whitespace_only_changes_are_unchanged() -> None:
    before = session("2026-01-01", text("purpose.impact", "Fewer people\nwaiting  for care."))
    after = session("2026-02-01", text("purpose.impact", "Fewer people waiting for\ncare."))
    change = compare_sessions(before, after).prompts[0]
    assert change.status == "unchanged"
    assert change.diff == ()


def test_unicode_forms_of_the_same_word_are_unchanged() -> None:
    composed = unicodedata.normalize("NFC", "Café naïve")
    decomposed = unicodedata.normalize("NFD", "Café naïve")
    assert composed != decomposed
    before = session("2026-01-01", text("purpose.impact", composed))
    after = session("2026-02-01", text("purpose.impact", decomposed))
    assert compare_sessions(before, after).prompts[0].status == "unchanged"


# -- mixed subsets and framework versions --------------------------------------------------------
def test_mixed_question_subsets_compare_cleanly() -> None:
    before = session("2026-01-01", text("purpose.impact", "A"), text("role.change", "B"))
    after = session("2026-02-01", text("purpose.impact", "A"), text("members.changes", "C"))
    comparison = compare_sessions(before, after)
    # Each question keeps its place next to those it followed: here, the framework's order.
    assert [q.id for q in comparison.questions] == ["purpose", "role", "members"]
    by_id = {p.prompt_id: p for p in comparison.prompts}
    assert by_id["role.change"].status == "not_asked_in_one"
    assert by_id["role.change"].after is None
    assert by_id["members.changes"].status == "not_asked_in_one"
    assert by_id["members.changes"].before is None
    assert comparison.questions[1].label == LABELS["role"]  # from the session that has it


def test_different_framework_versions_match_prompts_by_id() -> None:
    old_label = {"purpose.impact": "What impact do you want?"}
    before = session("2026-01-01", text("purpose.impact", "Fewer people waiting"),
                     text("purpose.influence", "The ICB"), version="1.0", labels=old_label)
    after = session("2026-06-01", text("purpose.impact", "Fewer people waiting"),
                    rated("characteristics.trust", 3), version="2.0")
    comparison = compare_sessions(before, after)
    by_id = {p.prompt_id: p for p in comparison.prompts}
    assert by_id["purpose.impact"].status == "unchanged"
    assert by_id["purpose.impact"].label == LABELS["purpose.impact"]  # the newer heading
    assert by_id["purpose.influence"].status == "not_asked_in_one"
    assert by_id["characteristics.trust"].status == "not_asked_in_one"
    assert comparison.before.framework_version == "1.0"
    assert comparison.after.framework_version == "2.0"


def test_a_prompt_that_became_a_rating_is_compared_as_words() -> None:
    before = session("2026-01-01", text("characteristics.trust", "Mostly"))
    after = session("2026-02-01", rated("characteristics.trust", 4))
    change = compare_sessions(before, after).prompts[0]
    assert change.status == "changed"
    assert changed_words(list(change.diff), "insert")  # "4 of 5 (Mostly)" against "Mostly"
    assert change.rating is not None
    assert change.rating.before is None


def test_labels_fall_back_to_the_id() -> None:
    before = Session(id="x", date=dt.date(2026, 1, 1),
                     created=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                     framework_id="f", framework_version="1", answers=[text("new.prompt", "A")])
    after = Session(id="y", date=dt.date(2026, 1, 2),
                    created=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
                    framework_id="f", framework_version="1", answers=[text("new.prompt", "B")])
    comparison = compare_sessions(before, after)
    assert comparison.questions[0].label == "new"
    assert comparison.prompts[0].label == "new.prompt"


# -- ratings -------------------------------------------------------------------------------------
def test_ratings_show_old_new_and_the_change() -> None:
    before = session("2026-01-01", rated("characteristics.trust", 3),
                     rated("characteristics.power", 4))
    after = session("2026-02-01", rated("characteristics.trust", 5),
                    rated("characteristics.power", 4))
    trust, power = compare_sessions(before, after).prompts
    assert trust.status == "changed"
    assert trust.rating is not None
    assert (trust.rating.before, trust.rating.after, trust.rating.delta) == (3, 5, 2)
    assert trust.rating.scale_top == 5
    assert trust.diff == ()
    assert power.status == "unchanged"
    assert power.rating is not None
    assert power.rating.delta == 0


def test_a_rating_given_after_a_skip_has_no_change_size() -> None:
    before = session("2026-01-01", skipped("characteristics.trust"))
    after = session("2026-02-01", rated("characteristics.trust", 2))
    change = compare_sessions(before, after).prompts[0]
    assert change.status == "newly_answered"
    assert change.rating is not None
    assert (change.rating.before, change.rating.after, change.rating.delta) == (None, 2, None)


# -- word diffs ----------------------------------------------------------------------------------
def test_word_diff_marks_deleted_and_inserted_words() -> None:
    tokens = word_diff("The ICB's ageing well board and the council's adult social care team.",
                       "The ICB's ageing well board, the council's adult social care team "
                       "and the housing association.")
    assert tokens == [
        ("equal", "The ICB's ageing well "), ("delete", "board and"), ("insert", "board,"),
        ("equal", " the council's adult social care "), ("delete", "team."),
        ("insert", "team and the housing association."),
    ]


def test_punctuation_stays_with_its_word() -> None:
    assert word_diff("Our purpose.", "Our purpose!") == [
        ("equal", "Our "), ("delete", "purpose."), ("insert", "purpose!")]
    assert word_diff("Fewer, better meetings", "Fewer better meetings") == [
        ("delete", "Fewer,"), ("insert", "Fewer"), ("equal", " better meetings")]
    assert word_diff("“Referred” people", "“Referred” people (not patients)") == [
        ("equal", "“Referred” people "), ("insert", "(not patients)")]


def test_unicode_words_are_diffed_whole() -> None:
    assert word_diff("Les données sont partagées", "Les données ne sont pas partagées") == [
        ("equal", "Les données "), ("insert", "ne"), ("equal", " sont "), ("insert", "pas"),
        ("equal", " partagées")]
    assert word_diff("東京 大阪", "東京 京都") == [
        ("equal", "東京 "), ("delete", "大阪"), ("insert", "京都")]
    assert word_diff("naïve 🙂", "naive 🙂") == [
        ("delete", "naïve"), ("insert", "naive"), ("equal", " 🙂")]


def test_whitespace_changes_show_as_no_change_and_keep_the_new_spacing() -> None:
    assert word_diff("one  two\nthree", "one two three") == [("equal", "one two three")]
    assert word_diff("one\n\ntwo", "one\n\ntwo three") == [
        ("equal", "one\n\ntwo "), ("insert", "three")]


def test_deletions_at_either_end_keep_words_apart() -> None:
    assert word_diff("Mostly the trust decides", "the trust decides") == [
        ("delete", "Mostly"), ("equal", " the trust decides")]
    assert word_diff("the trust decides now", "the trust decides") == [
        ("equal", "the trust decides "), ("delete", "now")]
    assert word_diff("", "new words") == [("insert", "new words")]
    assert word_diff("old words", "") == [("delete", "old words")]
    assert word_diff("", "") == []


def test_a_rewritten_sentence_is_one_deletion_and_one_insertion() -> None:
    old = "Mostly through the monthly meeting. The bid was written by the trust's team."
    new = "We rewrote the purpose together at the June away day. The trust wrote it up."
    assert word_diff(old, new) == [("delete", old), ("insert", new)]


words = st.lists(st.sampled_from(["a", "b", "the", "café", "x,", "y.", "—", "🙂"]), max_size=12)
gaps = st.sampled_from([" ", "  ", "\n", "\n\n", "\t"])


@given(words, words, gaps, gaps)
def test_a_diff_rebuilds_both_texts(old: list[str], new: list[str], gap_old: str,
                                    gap_new: str) -> None:
    old_text, new_text = gap_old.join(old), gap_new.join(new)
    tokens = word_diff(old_text, new_text)
    assert "".join(t for op, t in tokens if op != "delete").split() == new_text.split()
    assert "".join(t for op, t in tokens if op != "insert").split() == old_text.split()
    assert all(tokens[i][0] != tokens[i + 1][0] for i in range(len(tokens) - 1))
    assert all(t for _, t in tokens)


def test_reflow_joins_wrapped_lines_and_keeps_paragraphs_and_lists() -> None:
    assert reflow_text("one\ntwo\n\nthree\n- a\n- b\n1. c") == "one two\n\nthree\n- a\n- b\n1. c"
    assert reflow([("equal", "a\n"), ("insert", "b")]) == [("equal", "a "), ("insert", "b")]


# -- choosing what to show -----------------------------------------------------------------------
def test_select_questions_and_only_changed() -> None:
    before = session("2026-01-01", text("purpose.impact", "A"), text("purpose.influence", "B"),
                     text("role.change", "C"))
    after = session("2026-02-01", text("purpose.impact", "A"), text("purpose.influence", "B2"),
                    text("role.change", "C"))
    comparison = compare_sessions(before, after)
    only = select_questions(comparison, ["purpose"], only_changed=True)
    assert [(q.id, [p.prompt_id for p in q.prompts]) for q in only.questions] == [
        ("purpose", ["purpose.influence"])]
    assert select_questions(comparison, only_changed=True).counts()["unchanged"] == 0
    with pytest.raises(NotFoundError, match="Did you mean 'purpose'"):
        select_questions(comparison, ["purpse"])


def test_merged_order_keeps_each_id_near_its_neighbours() -> None:
    assert merged_order([["a", "c", "d"], ["a", "b", "c", "e"], ["z"]]) == [
        "z", "a", "b", "c", "e", "d"]
    assert merged_order([]) == []


def test_chronological_orders_by_date_then_time_of_creation() -> None:
    late = session("2026-01-01", hour=15)
    early = session("2026-01-01", hour=9)
    older = session("2025-12-31")
    ordered = chronological([("c.md", late), ("b.md", early), ("a.md", older)])
    assert [name for name, _ in ordered] == ["a.md", "b.md", "c.md"]


# -- history -------------------------------------------------------------------------------------
def journal_of_five() -> list[tuple[str, Session]]:
    sessions = [
        session("2026-01-01", text("purpose.impact", "Fewer people waiting."),
                rated("characteristics.trust", 2)),
        session("2026-02-01", text("purpose.impact", "Fewer people waiting."),
                rated("characteristics.trust", 3)),
        session("2026-03-01", text("role.change", "Not asked about purpose")),
        session("2026-04-01", skipped("purpose.impact"), skipped("characteristics.trust")),
        session("2026-05-01", text("purpose.impact", "Fewer people waiting long."),
                text("purpose.influence", "The ICB."), rated("characteristics.trust", 5),
                rated("characteristics.power", 3)),
    ]
    return [(f"{s.date}.md", s) for s in reversed(sessions)]  # any order will do


def test_history_of_a_prompt_oldest_first_with_changes() -> None:
    history = build_history(journal_of_five(), "purpose.impact")
    assert history.kind == "prompt"
    (prompt,) = history.prompts
    assert prompt.label == LABELS["purpose.impact"]
    assert [(str(e.session.date), e.status) for e in prompt.entries] == [
        ("2026-01-01", "first"), ("2026-02-01", "unchanged"),
        ("2026-04-01", "no_longer_answered"), ("2026-05-01", "newly_answered")]
    assert prompt.changes == 2
    assert history.sessions == 4


def test_history_compares_with_the_answer_before_even_across_skips() -> None:
    sessions = [("a.md", session("2026-01-01", text("purpose.impact", "one two"))),
                ("b.md", session("2026-02-01", text("purpose.impact", "one three")))]
    (prompt,) = build_history(sessions, "purpose.impact").prompts
    assert prompt.entries[1].status == "changed"
    assert prompt.entries[1].diff == (("equal", "one "), ("delete", "two"), ("insert", "three"))


def test_history_of_a_question_covers_all_its_prompts() -> None:
    history = build_history(journal_of_five(), "purpose")
    assert history.kind == "question"
    assert history.label == LABELS["purpose"]
    assert [p.prompt_id for p in history.prompts] == ["purpose.impact", "purpose.influence"]


def test_history_of_ratings_shows_each_change() -> None:
    (prompt,) = build_history(journal_of_five(), "characteristics.trust").prompts
    changes = [(e.status, e.rating.delta if e.rating else None) for e in prompt.entries]
    assert changes == [("first", None), ("changed", 1), ("no_longer_answered", None),
                       ("newly_answered", None)]


def test_history_since_until_and_only_changed() -> None:
    history = build_history(journal_of_five(), "purpose.impact",
                            since=dt.date(2026, 2, 1), until=dt.date(2026, 4, 30))
    assert [e.status for e in history.prompts[0].entries] == ["first", "no_longer_answered"]
    only = build_history(journal_of_five(), "purpose.impact", only_changed=True)
    assert [e.status for e in only.prompts[0].entries] == [
        "first", "no_longer_answered", "newly_answered"]


def test_history_of_an_unknown_id_suggests_one() -> None:
    with pytest.raises(NotFoundError, match="Did you mean 'purpose.impact'"):
        build_history(journal_of_five(), "purpose.impakt")
    with pytest.raises(NotFoundError, match="since 2027-01-01"):
        build_history(journal_of_five(), "purpose.impact", since=dt.date(2027, 1, 1))


# -- trends --------------------------------------------------------------------------------------
def test_trends_values_first_latest_change_and_movers() -> None:
    trends = build_trends(journal_of_five(), movers=1)
    by_id = {t.prompt_id: t for t in trends.trends}
    assert [t.prompt_id for t in trends.trends] == ["characteristics.trust",
                                                    "characteristics.power"]
    trust = by_id["characteristics.trust"]
    assert trust.values == [2, 3, 5]  # the skipped rating is left out
    assert (trust.first, trust.latest, trust.change) == (2, 5, 3)
    assert trust.biggest_mover
    assert by_id["characteristics.power"].values == [3]
    assert not by_id["characteristics.power"].biggest_mover
    assert [str(s.date) for s in trends.sessions] == ["2026-01-01", "2026-02-01", "2026-05-01"]
    assert dict(trends.scale_labels) == {2: "A little", 3: "Partly", 5: "Fully"}


def test_biggest_movers_leave_out_a_tie_too_big_to_mark_and_never_no_change() -> None:
    sessions = [
        ("a.md", session("2026-01-01", rated("characteristics.trust", 1),
                         rated("characteristics.power", 5))),
        ("b.md", session("2026-02-01", rated("characteristics.trust", 3),
                         rated("characteristics.power", 3))),
    ]
    trends = build_trends(sessions, movers=1)
    assert [t.biggest_mover for t in trends.trends] == [False, False]  # +2 and -2 tie
    assert [t.biggest_mover for t in build_trends(sessions, movers=2).trends] == [True, True]
    flat = build_trends(sessions[:1])
    assert not any(t.biggest_mover for t in flat.trends)


def test_trends_window_question_and_only_changed() -> None:
    trends = build_trends(journal_of_five(), until=dt.date(2026, 2, 1))
    assert [t.values for t in trends.trends] == [[2, 3]]
    assert build_trends(journal_of_five(), only_changed=True).trends[0].prompt_id == (
        "characteristics.trust")
    assert len(build_trends(journal_of_five(), only_changed=True).trends) == 1
    assert len(build_trends(journal_of_five(), question_ids=["characteristics"]).trends) == 2
    with pytest.raises(NotFoundError, match="no ratings for the question 'purpose'"):
        build_trends(journal_of_five(), question_ids=["purpose"])


def test_sparkline_follows_the_scale_and_fits_a_width() -> None:
    assert sparkline([1, 3, 5], 1, 5) == "▁▅█"
    assert sparkline([2, 2], 2, 2) == "▁▁"
    assert len(sparkline(list(range(100)), 0, 99, 16)) == 16
    assert sparkline([1] * 50 + [5] * 50, 1, 5, 2) == "▁█"


def test_an_until_before_since_is_refused() -> None:
    from reflect_cli.domain.dates import check_range

    with pytest.raises(BadInputError, match="before --since"):
        check_range(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
