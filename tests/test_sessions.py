"""The session loop, driven by a scripted prompter instead of a terminal."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from reflect_cli.domain.asking import (
    BACK,
    DraftState,
    EachRated,
    Reply,
    Said,
    Step,
    StopAndDiscard,
    StopAndPause,
    StopAndSave,
    new_session,
    plan_steps,
    run,
)
from reflect_cli.domain.meeting import Meeting, Participant
from reflect_cli.domain.model import Answer, Framework, Note, Session


class Scripted:
    """Replies in turn; `Ctrl-C` in the script stands for the key being pressed."""

    def __init__(self, replies: list[object], on_interrupt: str = "save",
                 unsaved: dict[str, Said] | None = None) -> None:
        self.replies: Iterator[object] = iter(replies)
        self.on_interrupt = on_interrupt
        self.unsaved = unsaved or {}
        self.asked: list[str] = []
        self.sections: list[str] = []

    def show_section(self, step: Step, session: Session) -> None:
        self.sections.append(step.section.id)

    def ask(self, step: Step, session: Session, previous: Answer | None,
            can_go_back: bool) -> Reply:
        self.asked.append(step.prompt.id)
        reply = next(self.replies)
        if reply == "Ctrl-C":
            raise KeyboardInterrupt
        return reply  # type: ignore[return-value]

    def interrupted(self, session: Session) -> str:
        return self.on_interrupt

    def restore(self, prompt_id: str, item: object) -> None:
        self.unsaved.setdefault(prompt_id, item)  # type: ignore[arg-type]

    def unfinished(self) -> dict[str, Said]:
        unsaved, self.unsaved = self.unsaved, {}
        return unsaved


def role_session(framework: Framework) -> tuple[Session, list[Step]]:
    steps = plan_steps(framework, ["role"])
    return new_session(framework, steps, title="Test"), steps


def test_answers_are_recorded_in_order_and_saved_after_each(framework: Framework) -> None:
    session, steps = role_session(framework)
    saves: list[int] = []
    run(session, steps, Scripted(["One", None, "Three"]), lambda s: saves.append(len(s.answers)))
    assert [(a.prompt_id, a.text, a.skipped) for a in session.answers] == [
        ("role.change", "One", False), ("role.other_work", "", True),
        ("role.distinctiveness", "Three", False)]
    assert saves == [1, 2, 3]


def test_back_asks_the_previous_prompt_again(framework: Framework) -> None:
    session, steps = role_session(framework)
    prompter = Scripted(["One", BACK, "One, again", "Two", "Three"])
    run(session, steps, prompter, lambda s: None)
    assert prompter.asked == ["role.change", "role.other_work", "role.change",
                              "role.other_work", "role.distinctiveness"]
    assert session.answer("role.change").text == "One, again"  # type: ignore[union-attr]
    assert len(session.answers) == 3


@pytest.mark.parametrize(("choice", "stop"), [("save", StopAndSave), ("pause", StopAndPause),
                                              ("discard", StopAndDiscard)])
def test_ctrl_c_keeps_the_words_being_typed(framework: Framework, choice: str,
                                            stop: type[Exception]) -> None:
    session, steps = role_session(framework)
    prompter = Scripted(["One", "Ctrl-C"], on_interrupt=choice,
                        unsaved={"role.other_work": Said("half of it", (Note("sam", "hi"),))})
    state = DraftState()
    with pytest.raises(stop):
        run(session, steps, prompter, lambda s: None, state=state)
    if choice == "discard":
        return
    answer = session.answer("role.other_work")
    assert answer is not None
    assert (answer.text, answer.notes) == ("half of it", (Note("sam", "hi"),))
    assert (state.resume_at == "role.other_work") == (choice == "pause")


def test_go_on_after_ctrl_c_asks_the_same_prompt_again(framework: Framework) -> None:
    session, steps = role_session(framework)
    prompter = Scripted(["One", "Ctrl-C", "Two", "Three"], on_interrupt="continue")
    run(session, steps, prompter, lambda s: None)
    assert prompter.asked[1:3] == ["role.other_work", "role.other_work"]
    assert [a.text for a in session.answers] == ["One", "Two", "Three"]


def test_a_meeting_counts_time_and_each_persons_ratings(framework: Framework) -> None:
    steps = plan_steps(framework, ["role", "characteristics"])
    session = new_session(framework, steps, kind="meeting")
    session.meeting = Meeting(participants=[Participant("Sam"), Participant("Jo")])
    ticks = itertools.count(0, 30)  # every call of the clock is 30 seconds later
    replies: list[object] = ["a", "b", "c", EachRated({"sam": 1, "jo": 4})] + [None] * 11
    run(session, steps, Scripted(replies), lambda s: None, clock=lambda: float(next(ticks)))
    assert session.meeting.seconds_spent == {"role": 90, "characteristics": 360}
    assert session.meeting.ratings == {"characteristics.agreement": {"sam": 1, "jo": 4}}
    # 1 and 4: the median is 2.5, as it is (once it was rounded up to 3, a rating nobody gave)
    assert session.answer("characteristics.agreement").rating == 2.5  # type: ignore[union-attr]


# -- a draft that cannot be saved --------------------------------------------------------------
def test_a_draft_that_cannot_be_saved_keeps_the_session_and_asks(framework: Framework,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path) -> None:  # type: ignore[no-untyped-def]
    import errno
    from pathlib import Path

    from scripted import ScriptedPrompter

    from reflect_cli.app import session_flow
    from reflect_cli.storage import open_store

    store = open_store(Path(tmp_path) / "logs")
    saved: list[int] = []
    failures = iter([True, False, True, False])  # full, space again, full, space

    def save_draft(session: Session) -> None:
        if next(failures):
            raise OSError(errno.ENOSPC, "No space left on device")
        saved.append(len(session.answers))

    monkeypatch.setattr(store, "save_draft", save_draft)
    prompter = ScriptedPrompter(("save problem", "again"), ("save problem", "skip"))
    keeper = session_flow.DraftKeeper(store, prompter)
    session, steps = role_session(framework)
    run(session, steps, Scripted(["One", "Two", "Three"]), keeper.save)
    # Nothing typed is lost, whatever the disk did; the person was told, once for each choice.
    assert [a.text for a in session.answers] == ["One", "Two", "Three"]
    prompter.done()
    assert [t for t in prompter.told if "cannot be saved" in t] == [
        "Your draft cannot be saved: No space left on device"] * 2
    # Tried again after the first failure (saved); after 'carry on', later saves try quietly.
    assert saved == [1, 3]
    assert not keeper.skipping


def test_a_draft_can_be_saved_in_another_folder(framework: Framework,
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from scripted import ScriptedPrompter

    from reflect_cli.app import session_flow
    from reflect_cli.errors import BadInputError
    from reflect_cli.storage import open_store, read_session

    store = open_store(Path(tmp_path) / "logs")

    def save_draft(session: Session) -> None:
        raise BadInputError("cannot save the unfinished session in /x: Read-only file system")

    monkeypatch.setattr(store, "save_draft", save_draft)
    stick = Path(tmp_path) / "stick"
    stick.mkdir()
    prompter = ScriptedPrompter(("save problem", "elsewhere"), ("folder", str(stick)))
    keeper = session_flow.DraftKeeper(store, prompter)
    session, steps = role_session(framework)
    run(session, steps, Scripted(["One", "Two", "Three"]), keeper.save)
    (path,) = stick.iterdir()
    kept = read_session(path.read_bytes(), str(path))
    assert [a.text for a in kept.answers] == ["One", "Two", "Three"]
    prompter.done()
    keeper.done()  # the log is written: the copy goes
    assert list(stick.iterdir()) == []


def test_unfinished_words_are_kept_as_a_pause_keeps_them(framework: Framework) -> None:
    from reflect_cli.domain.asking import RatingsLine, keep_unfinished

    steps = plan_steps(framework, ["role", "characteristics"])
    session = new_session(framework, steps, kind="meeting")
    state = DraftState()
    keep_unfinished(session, state, steps, {
        "role.change": Said("half", (Note("sam", "a note"),)),
        "characteristics.trust": RatingsLine("3 3 -"),
        "no.such.prompt": Said("gone")}, "characteristics.trust")
    answer = session.answer("role.change")
    assert answer is not None
    assert (answer.text, answer.notes) == ("half", (Note("sam", "a note"),))
    assert state.ratings_lines == {"characteristics.trust": "3 3 -"}
    assert state.resume_at == "characteristics.trust"
    assert session.extra == {}  # the draft's state is beside the session, not in it
    assert session.answer("characteristics.trust") is None  # a line is not a rating yet

