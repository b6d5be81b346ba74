"""A prompter that answers from a script: the whole session flow, run without a terminal.

Each entry of the script is (what is asked, the reply), in the order a person would be asked;
asking anything else, or in another order, fails the test with both named. A reply that is an
exception is raised, as the terminal does: `Interrupted("half a li")` is Ctrl-C pressed with
that typed. What the session tells the person is kept in `told`.

What is asked, and its reply:
  pick            the question and prompt ids ticked (--pick)
  title, kind     a title; 'meeting' or 'journal'
  draft           None (a new session), or ("carry on" | "throw away", index of the draft)
  throw away?     True or False
  people          the participants (the arguments are kept in `gathered`)
  check-in?       True or False
  check-in        the line a person says (`checkins` keeps whose turn it was)
  review          a review status, (status, comment, new date), or None for "skip for now";
                  an exception is raised (ReviewInterrupted: Ctrl-C in the comment)
  answer          the reply to a prompt: text, a rating, None to skip, BACK, Said, EachRated
  stop            after Ctrl-C: save, pause, continue or discard
  more actions?   True or False
  share?          True or False (a journal entry written in a workspace)
  who             an Author, or None (who the person is, asked when sharing needs it)
  action          (text, owner, due) or None for "no action added"
  key messages    the meeting's key messages, a list of lines ([] for none)
  save problem    again, elsewhere or skip
  folder          a folder typed, or ""
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from reflect_cli.domain.asking import (
    DraftChoice,
    InterruptChoice,
    Interrupted,
    RatingsLine,
    Reply,
    Said,
    SaveDraft,
    SaveProblemChoice,
    Step,
    Unfinished,
    agree_action,
)
from reflect_cli.domain.digest import Digest
from reflect_cli.domain.meeting import Meeting, Participant, Review, TrackedAction, make_review
from reflect_cli.domain.model import Answer, Author, Framework, Session


class ScriptedPrompter:
    """A SessionPrompter (domain/asking.py) that replies from a script."""

    def __init__(self, *script: tuple[str, Any]) -> None:
        self.script = list(script)
        self.asked: list[str] = []
        self.told: list[str] = []
        self.sections: list[str] = []
        #: What was in each prompt's box when it was shown (typed before, or restored).
        self.boxes: dict[str, Unfinished] = {}
        self.unsaved: dict[str, Unfinished] = {}
        self.gathered: tuple[list[str], set[str]] | None = None
        self.checkins: list[str] = []
        self.review_days: list[dt.date] = []
        self.previous_dates: dict[str, dt.date] = {}
        self.save: SaveDraft | None = None
        self.ticked: list[str] = []  # what --pick ticked to begin with
        self.kind_offered: str | None = None  # the kind offered first

    def _reply(self, question: str) -> Any:
        self.asked.append(question)
        assert self.script, f"asked {question!r} after the script ended"
        expected, reply = self.script.pop(0)
        assert expected == question, f"asked {question!r}; the script says {expected!r} next"
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def done(self) -> None:
        assert not self.script, f"never asked: {self.script}"

    # -- the question loop
    def show_section(self, step: Step, session: Session) -> None:
        self.sections.append(step.section.id)

    def ask(self, step: Step, session: Session, previous: Answer | None,
            can_go_back: bool) -> Reply:
        restored = self.unsaved.pop(step.prompt.id, None)
        if restored is not None:
            self.boxes[step.prompt.id] = restored
        try:
            reply: Reply = self._reply("answer")
        except Interrupted as stop:  # the terminal keeps what was in the box, so here
            if stop.text:
                self.unsaved[step.prompt.id] = (RatingsLine(stop.text) if step.prompt.type ==
                                                "rating" else Said(stop.text))
            raise
        except KeyboardInterrupt:  # Ctrl-C before the box showed what was restored
            if restored is not None:
                self.unsaved[step.prompt.id] = restored
            raise
        return reply

    def interrupted(self, session: Session) -> InterruptChoice:
        choice: InterruptChoice = self._reply("stop")
        return choice

    def restore(self, prompt_id: str, item: Unfinished) -> None:
        self.unsaved.setdefault(prompt_id, item)

    def unfinished(self) -> dict[str, Unfinished]:
        unsaved, self.unsaved = self.unsaved, {}
        return unsaved

    def start_questions(self, previous_dates: dict[str, dt.date],
                        save: SaveDraft | None) -> None:
        self.previous_dates, self.save = previous_dates, save

    # -- what is said between the questions
    def tell(self, message: str, command: str = "") -> None:
        self.told.append(f"{message} {command}" if command else message)

    def warn(self, message: str) -> None:
        self.told.append(f"Warning: {message}")

    def show_welcome(self, framework: Framework, count: int) -> None:
        self.told.append(f"{framework.title}: {count} prompts")

    def show_people(self, meeting: Meeting) -> None:
        self.told.append("Who is here: " + ", ".join(p.name for p in meeting.participants))

    # -- a new session, or an unfinished one
    def pick_prompts(self, framework: Framework, ticked: Sequence[str]) -> list[str]:
        self.ticked = list(ticked)
        return list(self._reply("pick"))

    def ask_title(self) -> str:
        return str(self._reply("title"))

    def ask_kind(self, default: str | None = None) -> str:
        self.kind_offered = default
        return str(self._reply("kind"))

    def choose_draft(self, drafts: Sequence[Session], *, new_asked: bool) -> DraftChoice:
        self.told.append("Drafts offered: " + ", ".join(d.display_title for d in drafts))
        reply = self._reply("draft")
        if reply is None:
            return None
        what, index = reply
        return what, drafts[index]

    def confirm_throw_away(self, session: Session) -> bool:
        return bool(self._reply("throw away?"))

    # -- a meeting
    def gather_participants(self, known: Sequence[Participant], present: set[str],
                            sectors: Sequence[str],
                            me: Callable[[], str | None] = lambda: None) -> list[Participant]:
        self.gathered = ([p.id for p in known], set(present))
        return list(self._reply("people"))

    def wants_checkin(self) -> bool:
        return bool(self._reply("check-in?"))

    def checkin(self, person: Participant) -> str:
        self.checkins.append(person.id)
        return str(self._reply("check-in"))

    def review_action(self, item: TrackedAction, on: dt.date) -> Review | None:
        self.review_days.append(on)
        reply = self._reply("review")
        if reply is None:
            return None
        status, comment, due = (reply, "", item.action.due) if isinstance(reply, str) else reply
        return make_review(item.action, status, comment, due)

    def show_digest(self, digest: Digest, left_out: Sequence[str]) -> None:
        self.told.append("Since the last meeting: " + "; ".join(
            f"{q.id}: " + ", ".join(f"{a.author} {a.text}" for a in q.answers)
            for q in digest.questions) + "".join(f" (left out: {n})" for n in left_out))

    def wants_more_actions(self) -> bool:
        return bool(self._reply("more actions?"))

    def wants_to_share(self, partnership: str) -> bool:
        self.told.append(f"Share with {partnership}?")
        return bool(self._reply("share?"))

    def who_are_you(self, sectors: Sequence[str]) -> Author | None:
        reply: Author | None = self._reply("who")
        return reply

    def ask_key_messages(self) -> list[str]:
        return list(self._reply("key messages"))

    def add_action(self, session: Session, section_id: str,
                   saving: Callable[[], object] | None = None) -> None:
        reply = self._reply("action")
        if reply is None:
            return
        text, owner, due = reply
        agree_action(session, section_id, text, owner, due)
        if saving is not None:
            saving()
        self.told.append(f"Action added: {text}")

    # -- saving
    def save_problem(self, problem: str, what: str = "draft") -> SaveProblemChoice:
        self.told.append(f"Your {what} cannot be saved: {problem}")
        choice: SaveProblemChoice = self._reply("save problem")
        return choice

    def ask_folder(self) -> str:
        return str(self._reply("folder"))
