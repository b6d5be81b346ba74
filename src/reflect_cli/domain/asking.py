"""Running a session: what to ask, in what order, and recording answers. No terminal I/O here."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from reflect_cli.errors import BadInputError, NotFoundError, did_you_mean

from .meeting import spread
from .model import Answer, Framework, Note, Prompt, Section, Session, clean_text, parse_day


@dataclass(frozen=True)
class Step:
    """One prompt to ask, with where it stands in the session."""

    section: Section
    prompt: Prompt
    section_number: int  # 1-based position of the section in this session
    section_count: int
    prompt_number: int  # 1-based position of the prompt in its section (as planned)
    prompt_count: int
    framework_number: int | None  # the question's number in the framework; None for assessment


def section_label(framework: Framework, section: Section) -> str:
    if section.is_assessment:
        return " ".join(section.title.split())
    number = framework.questions.index(section) + 1
    return f"{number}. {' '.join(section.title.split())}"


def plan_steps(framework: Framework, question_ids: Sequence[str] = (),
               prompt_ids: Sequence[str] = ()) -> list[Step]:
    """The prompts to ask: all, those of some questions, or some single prompts."""
    section_ids = [s.id for s in framework.sections]
    for qid in question_ids:
        if qid not in section_ids:
            raise NotFoundError(f"there is no question '{qid}' in {framework.title}."
                                f"{did_you_mean(qid, section_ids)}",
                                hint="See the ids with: reflect framework show")
    all_prompt_ids = [p.id for _, p in framework.prompts()]
    for pid in prompt_ids:
        if pid in section_ids:
            raise NotFoundError(f"'{pid}' is a question, not a prompt: use -q {pid} for the "
                                f"whole question",
                                hint=f"Or one of its prompts, like -p "
                                     f"{framework.section(pid).prompts[0].id}")  # type: ignore[union-attr]
        if pid not in all_prompt_ids:
            raise NotFoundError(f"there is no prompt '{pid}' in {framework.title}."
                                f"{did_you_mean(pid, all_prompt_ids)}",
                                hint="See the ids with: reflect framework show")
    chosen: list[tuple[Section, list[Prompt]]] = []
    for section in framework.sections:
        if prompt_ids or question_ids:
            prompts = [p for p in section.prompts
                       if p.id in prompt_ids or section.id in question_ids]
        else:
            prompts = list(section.prompts)
        if prompts:
            chosen.append((section, prompts))
    steps: list[Step] = []
    for number, (section, prompts) in enumerate(chosen, 1):
        framework_number = (None if section.is_assessment
                            else framework.questions.index(section) + 1)
        for index, prompt in enumerate(prompts, 1):
            steps.append(Step(section, prompt, number, len(chosen), index, len(prompts),
                              framework_number))
    return steps


def steps_for_ids(framework: Framework, prompt_ids: Sequence[str]) -> list[Step]:
    """Rebuild a plan from the prompt ids a draft recorded (ids no longer known are dropped)."""
    known = {p.id for _, p in framework.prompts()}
    return plan_steps(framework, prompt_ids=[p for p in prompt_ids if p in known])


def new_session(framework: Framework, steps: Sequence[Step], *, title: str = "",
                kind: str = "journal", date: dt.date | None = None,
                now: dt.datetime | None = None) -> Session:
    """An empty session for these steps."""
    created = (now or dt.datetime.now().astimezone()).replace(microsecond=0)
    session = Session(
        id=uuid.uuid4().hex[:12],
        date=date or created.date(),
        created=created,
        framework_id=framework.id,
        framework_version=framework.version,
        title=" ".join(title.split()),
        kind=kind,
    )
    for step in steps:
        if step.section.id not in session.sections:
            session.sections.append(step.section.id)
            session.labels[step.section.id] = section_label(framework, step.section)
        session.labels[step.prompt.id] = " ".join(step.prompt.text.split())
    return session


@dataclass(frozen=True)
class Said:
    """A meeting's reply to a text prompt: the group's answer and what individuals said."""

    text: str
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class EachRated:
    """A meeting's reply to a rating prompt: each person's rating (person id to rating)."""

    ratings: dict[str, int]


def make_answer(step: Step, value: str | int | None | Said | EachRated) -> Answer:
    """An answer to a step: text, a rating, a meeting's reply, or None for skipped."""
    if isinstance(value, Said):
        notes = tuple(Note(n.speaker, clean_text(n.text)) for n in value.notes
                      if clean_text(n.text))
        return Answer(step.prompt.id, step.section.id, text=clean_text(value.text), notes=notes)
    if isinstance(value, EachRated):
        scale = step.prompt.scale
        assert scale is not None
        found = spread(value.ratings.values(), scale.low, scale.high)
        return make_answer(step, found.group_rating if found else None)
    if value is None:
        return Answer(step.prompt.id, step.section.id)
    if step.prompt.type == "rating":
        scale = step.prompt.scale
        assert scale is not None
        assert isinstance(value, int)
        return Answer(step.prompt.id, step.section.id, rating=value, rating_of=scale.high,
                      rating_label=" ".join(scale.label(value).split()))
    return Answer(step.prompt.id, step.section.id, text=clean_text(str(value)))


def record(session: Session, steps: Sequence[Step], answer: Answer) -> None:
    """Put an answer in the session, replacing an earlier one, keeping the plan's order."""
    order = {step.prompt.id: i for i, step in enumerate(steps)}
    kept = [a for a in session.answers if a.prompt_id != answer.prompt_id]
    kept.append(answer)
    kept.sort(key=lambda a: order.get(a.prompt_id, len(order)))
    session.answers[:] = kept


def previous_answers(sessions: Iterable[Session]) -> dict[str, tuple[dt.date, Answer]]:
    """For each prompt, the latest answer given and its date (sessions come newest first;
    skipped prompts are passed over)."""
    found: dict[str, tuple[dt.date, Answer]] = {}
    for session in sessions:
        for answer in session.answers:
            if not answer.skipped and answer.prompt_id not in found:
                found[answer.prompt_id] = (session.date, answer)
    return found


# -- the interactive loop -----------------------------------------------------------------------
#: In a paused draft: the prompt whose answer was being written, to carry on with it.
RESUME_AT_KEY = "draft_resume_at"
#: In a draft: ratings lines typed but not finished, by prompt id, to show again in their box.
RATINGS_LINE_KEY = "draft_ratings_lines"


class Back:
    """The person asked to go back to the previous prompt."""


BACK = Back()
Reply = str | int | None | Back | Said | EachRated


@dataclass(frozen=True)
class RatingsLine:
    """A meeting's line of ratings, typed but not finished ('3 3 -')."""

    line: str


#: What was typed into a prompt and not finished: an answer (with notes) or a ratings line.
Unfinished = Said | RatingsLine


def keep_unfinished(session: Session, steps: Sequence[Step], unfinished: dict[str, Unfinished],
                    current: str | None) -> None:
    """Put what was typed and not finished into the session, so a draft keeps it: half an
    answer and its notes as the answer, a ratings line as it was typed; and, when `current`
    is one of them, carry on with that prompt. The one way a draft keeps unfinished words,
    whether the person paused or reflect saved while they typed."""
    by_id = {s.prompt.id: s for s in steps}
    for prompt_id, item in unfinished.items():
        if prompt_id not in by_id:
            continue
        if isinstance(item, RatingsLine):
            lines = session.extra.get(RATINGS_LINE_KEY)
            lines = dict(lines) if isinstance(lines, dict) else {}
            lines[prompt_id] = item.line
            session.extra[RATINGS_LINE_KEY] = lines
        else:
            record(session, steps, make_answer(by_id[prompt_id], item))
    if current is not None and current in unfinished:
        session.extra[RESUME_AT_KEY] = current
InterruptChoice = Literal["save", "pause", "discard", "continue"]


class Prompter(Protocol):
    """What the loop needs from whoever asks the questions (a terminal, or a test)."""

    def show_section(self, step: Step, session: Session) -> None: ...

    def ask(self, step: Step, session: Session, previous: Answer | None,
            can_go_back: bool) -> Reply: ...

    def interrupted(self, session: Session) -> InterruptChoice: ...

    def unfinished(self) -> dict[str, Unfinished]:
        """What was typed into answers left unfinished (by prompt id), to save on stopping."""
        ...


class StopAndSave(Exception):
    """The person chose to stop and save the log with what they have written."""


class StopAndPause(Exception):
    """The person chose to stop for now and carry on later (the draft is kept)."""


class StopAndDiscard(Exception):
    """The person chose to stop and throw the session away."""


def run(session: Session, steps: Sequence[Step], prompter: Prompter,
        on_answer: Callable[[Session], None], *, previous: dict[str, Answer] | None = None,
        start: int = 0, clock: Callable[[], float] = time.monotonic) -> Session:
    """Ask every step from `start`, saving (via on_answer) after each answer.

    In a meeting, the time spent on each question is added up as people answer.
    """
    previous = previous or {}
    index = start
    shown_section: str | None = None
    while index < len(steps):
        step = steps[index]
        started = clock()
        try:
            if step.section.id != shown_section:
                prompter.show_section(step, session)
                shown_section = step.section.id
            reply = prompter.ask(step, session, previous.get(step.prompt.id), index > 0)
        except KeyboardInterrupt:
            _add_time(session, step, clock() - started)
            choice = prompter.interrupted(session)
            if choice in ("save", "pause"):
                # People's words are never dropped, even half an answer or a half-taken note.
                keep_unfinished(session, steps, prompter.unfinished(),
                                step.prompt.id if choice == "pause" else None)
                on_answer(session)
                raise (StopAndSave() if choice == "save" else StopAndPause()) from None
            if choice == "discard":
                raise StopAndDiscard() from None
            shown_section = None
            continue
        _add_time(session, step, clock() - started)
        if isinstance(reply, Back):
            index = max(0, index - 1)
            if steps[index].section.id != step.section.id:
                shown_section = None
            continue
        if isinstance(reply, EachRated) and session.meeting is not None:
            scale = step.prompt.scale
            if reply.ratings and scale is not None:
                session.meeting.ratings[step.prompt.id] = dict(reply.ratings)
                session.meeting.scales[step.prompt.id] = (scale.low, scale.high)
            else:
                session.meeting.ratings.pop(step.prompt.id, None)
        record(session, steps, make_answer(step, reply))
        on_answer(session)
        index += 1
    return session


def _add_time(session: Session, step: Step, seconds: float) -> None:
    if session.meeting is not None:
        spent = session.meeting.seconds_spent
        spent[step.section.id] = spent.get(step.section.id, 0) + int(round(seconds))


def first_unanswered(session: Session, steps: Sequence[Step]) -> int:
    answered = {a.prompt_id for a in session.answers}
    return next((i for i, s in enumerate(steps) if s.prompt.id not in answered), len(steps))


# -- scripted sessions --------------------------------------------------------------------------
def parse_date(value: str, where: str = "--date") -> dt.date:
    day = parse_day(value)
    if day is None:
        raise BadInputError(f"{where}: '{value}' is not a date; write it as YYYY-MM-DD "
                            "(2026-03-12) or DD/MM/YYYY (12/03/2026)")
    return day

