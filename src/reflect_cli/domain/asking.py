"""Running a session: what to ask, in what order, and recording answers. No terminal I/O here."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, Protocol

from reflect_cli.errors import BadInputError, NotFoundError, did_you_mean

from .dates import DateError, read_date
from .meeting import (
    Action,
    Meeting,
    Participant,
    Review,
    Tally,
    TrackedAction,
    group_rating,
    new_action_id,
)
from .model import (
    Answer,
    Author,
    Framework,
    GroupRating,
    Note,
    Prompt,
    Section,
    Session,
    clean_text,
)

if TYPE_CHECKING:  # (a scripted session never shows what members shared)
    from .digest import Digest


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
    number: int = 1  # 1-based position of the prompt in the whole session
    total: int = 1  # how many prompts the whole session asks


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
    total = sum(len(prompts) for _, prompts in chosen)
    for number, (section, prompts) in enumerate(chosen, 1):
        framework_number = (None if section.is_assessment
                            else framework.questions.index(section) + 1)
        for index, prompt in enumerate(prompts, 1):
            steps.append(Step(section, prompt, number, len(chosen), index, len(prompts),
                              framework_number, len(steps) + 1, total))
    return steps


def quick_title(steps: Sequence[Step], kind: str = "journal", length: int = 48) -> str:
    """The title of a session of single prompts (-p) that nobody was asked to name: its kind
    and its first prompt, shortened at a word ('Journal: What impact does your partnership
    want to have?', 'Journal: Who are your stakeholders, and how are you… (and 1 more)').
    The prompt, not the answer: the title names the log's file, which may be synced or shared,
    and says what was reflected on without repeating what was said."""
    if not steps:
        return ""
    text = " ".join(steps[0].prompt.text.split())
    if len(text) > length:
        cut = text[:length + 1].rsplit(" ", 1)[0] if " " in text[:length + 1] else \
            text[:length]
        text = cut.rstrip(" ,;:.-") + "…"
    more = len(steps) - 1
    return (f"{'Meeting' if kind == 'meeting' else 'Journal'}: {text}"
            + (f" (and {more} more)" if more else ""))


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
    """A meeting's reply to a rating prompt: each person's rating (person id to rating), and
    the rating the group agreed after hearing them (None: the median stands)."""

    ratings: dict[str, int]
    agreed: int | None = None


@dataclass(frozen=True)
class AfterRound:
    """A meeting's reply to a rating a round revealed: the rating the group agreed after
    seeing it (None: the round's median stands)."""

    agreed: int | None = None


def _group_answer(step: Step, group: GroupRating) -> Answer:
    """A meeting's rating from a group's: the agreed one, else the median (4.5 stays 4.5,
    and has no label)."""
    scale = step.prompt.scale
    assert scale is not None
    rating = group.rating
    label = scale.label(int(rating)) if rating == int(rating) else ""
    return Answer(step.prompt.id, step.section.id, rating=rating, rating_of=scale.high,
                  rating_label=" ".join(label.split()), group=group)


def round_answer(step: Step, tally: Tally, agreed: int | None) -> Answer:
    """A meeting's rating of a characteristic a round revealed: the rating the group agreed,
    else the round's median, with the round's median and range beside it."""
    group = tally.group(agreed)
    if group is None:
        return make_answer(step, agreed)
    return _group_answer(step, group)


def make_answer(step: Step, value: str | int | None | Said | EachRated) -> Answer:
    """An answer to a step: text, a rating, a meeting's reply, or None for skipped."""
    if isinstance(value, Said):
        notes = tuple(Note(n.speaker, clean_text(n.text)) for n in value.notes
                      if clean_text(n.text))
        return Answer(step.prompt.id, step.section.id, text=clean_text(value.text), notes=notes)
    if isinstance(value, EachRated):
        scale = step.prompt.scale
        assert scale is not None
        group = group_rating(value.ratings.values(), value.agreed)
        if group is None:
            return make_answer(step, value.agreed)
        return _group_answer(step, group)
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
class Interrupted(KeyboardInterrupt):
    """Ctrl-C pressed while a person typed: carries what was typed, so it is not lost."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.text = text


class ReviewInterrupted(Interrupted):
    """Ctrl-C pressed while the comment on a reviewed action was typed: carries the review with
    the comment as far as it went, so the decision and the words are kept."""

    def __init__(self, review: Review) -> None:
        super().__init__(review.comment)
        self.review = review


def typed_before(stop: KeyboardInterrupt) -> str:
    """What was typed when Ctrl-C was pressed ("" for a Ctrl-C that came from elsewhere)."""
    return stop.text if isinstance(stop, Interrupted) else ""


class Back:
    """The person asked to go back to the previous prompt."""


BACK = Back()
Reply = str | int | None | Back | Said | EachRated | AfterRound


@dataclass(frozen=True)
class RatingsLine:
    """A meeting's line of ratings, typed but not finished ('3 3 -')."""

    line: str


#: What was typed into a prompt and not finished: an answer (with notes) or a ratings line.
Unfinished = Said | RatingsLine

# A draft is written as a log with these front matter keys besides (never in a finished log):
# the on-disk form of DraftState, the same since drafts were first kept.
PLAN_KEY = "draft_plan"
CHECKIN_KEY = "draft_checkin_done"
CHECKIN_ASKED_KEY = "draft_checkin_asked"
RESUME_AT_KEY = "draft_resume_at"
RATINGS_LINE_KEY = "draft_ratings_lines"


@dataclass
class DraftState:
    """Where an unfinished session stands, kept beside it in its draft: what was planned, how
    far the check-in went, the prompt to carry on with, and ratings lines typed but not
    finished (by prompt id)."""

    plan: list[str] | None = None  # the prompt ids to ask; None: those answered so far
    checkin_done: bool = False
    checkin_asked: list[str] = field(default_factory=list)  # who has had their say
    resume_at: str | None = None
    ratings_lines: dict[str, str] = field(default_factory=dict)

    def front_matter(self) -> dict[str, object]:
        """The keys a draft's front matter holds for this state (only those that say
        something)."""
        data: dict[str, object] = {}
        if self.plan is not None:
            data[PLAN_KEY] = list(self.plan)
        if self.checkin_done:
            data[CHECKIN_KEY] = True
        if self.checkin_asked:
            data[CHECKIN_ASKED_KEY] = list(self.checkin_asked)
        if self.resume_at is not None:
            data[RESUME_AT_KEY] = self.resume_at
        if self.ratings_lines:
            data[RATINGS_LINE_KEY] = dict(self.ratings_lines)
        return data

    @classmethod
    def take_from(cls, session: Session) -> DraftState:
        """The state a draft's front matter holds, taken out of the session's extra keys (so
        they never reach the finished log). Keys of the wrong shape (a draft edited by hand)
        say nothing."""
        extra = session.extra
        plan = extra.pop(PLAN_KEY, None)
        asked = extra.pop(CHECKIN_ASKED_KEY, None)
        resume_at = extra.pop(RESUME_AT_KEY, None)
        lines = extra.pop(RATINGS_LINE_KEY, None)
        return cls(
            plan=[str(p) for p in plan] if isinstance(plan, list) else None,
            checkin_done=bool(extra.pop(CHECKIN_KEY, False)),
            checkin_asked=[str(p) for p in asked] if isinstance(asked, list) else [],
            resume_at=str(resume_at) if resume_at is not None else None,
            ratings_lines=({str(k): str(v) for k, v in lines.items()}
                           if isinstance(lines, dict) else {}))

    def written_into(self, session: Session) -> Session:
        """The session as its draft is written: a copy with this state in its front matter."""
        return replace(session, extra={**session.extra, **self.front_matter()})


def keep_unfinished(session: Session, state: DraftState, steps: Sequence[Step],
                    unfinished: dict[str, Unfinished], current: str | None) -> None:
    """Put what was typed and not finished into the session and its draft state: half an
    answer and its notes as the answer, a ratings line as it was typed; and, when `current`
    is one of them, carry on with that prompt. The one way a draft keeps unfinished words,
    whether the person paused or reflect saved while they typed."""
    by_id = {s.prompt.id: s for s in steps}
    for prompt_id, item in unfinished.items():
        if prompt_id not in by_id:
            continue
        if isinstance(item, RatingsLine):
            state.ratings_lines[prompt_id] = item.line
        else:
            record(session, steps, make_answer(by_id[prompt_id], item))
    if current is not None and current in unfinished:
        state.resume_at = current


InterruptChoice = Literal["save", "pause", "discard", "continue"]
SaveProblemChoice = Literal["again", "elsewhere", "skip"]
#: The choice among unfinished sessions: carry one on, throw one away, or None for a new one.
DraftChoice = tuple[Literal["carry on", "throw away"], Session] | None
#: Saves the draft: the session, what was typed and not finished (by prompt id), the prompt
#: being answered, and whether to ask the person what to do if it cannot be saved (not while
#: they type). True when it was saved.
SaveDraft = Callable[[Session, dict[str, Unfinished], str, bool], bool]


class Prompter(Protocol):
    """What the question loop needs from whoever asks the questions (a terminal, or a test).
    Ctrl-C raises KeyboardInterrupt (Interrupted, with what was typed)."""

    def show_section(self, step: Step, session: Session) -> None: ...

    def ask(self, step: Step, session: Session, previous: Answer | None,
            can_go_back: bool) -> Reply: ...

    def interrupted(self, session: Session) -> InterruptChoice: ...

    def restore(self, prompt_id: str, item: Unfinished) -> None:
        """What was typed at this prompt and not finished, before (in a draft): to show in its
        box again, and to hand back with unfinished() if the person stops first."""
        ...

    def unfinished(self) -> dict[str, Unfinished]:
        """What was typed into answers left unfinished (by prompt id), to save on stopping."""
        ...


class SessionPrompter(Prompter, Protocol):
    """Every question a session asks a person, and what it tells them between questions: the
    question loop's (above), then choosing and resuming a session, a meeting's setup, check-in,
    reviews and closing actions, and what to do when a draft cannot be saved. The terminal's is
    terminal/prompting.py; tests script one (tests/scripted.py)."""

    def tell(self, message: str, command: str = "") -> None:
        """A line of plain text (no markup read in it); with `command`, a command to type after
        it, on a line of its own that is never broken (so it can be copied whole)."""
        ...

    def warn(self, message: str) -> None: ...

    def show_welcome(self, framework: Framework, count: int) -> None: ...

    def show_people(self, meeting: Meeting) -> None: ...

    # -- a new session, or an unfinished one
    def pick_prompts(self, framework: Framework, ticked: Sequence[str]) -> list[str]:
        """What to reflect on (--pick): the ids of whole questions and of single prompts
        (`ticked`: those ticked to begin with, as last time)."""
        ...

    def ask_title(self) -> str: ...

    def ask_kind(self, default: str | None = None) -> str:
        """'meeting' or 'journal' (`default`: the one offered first, the kind chosen last)."""
        ...

    def choose_draft(self, drafts: Sequence[Session], *, new_asked: bool) -> DraftChoice:
        """Carry on with an unfinished session, throw one away, or start a new one (the
        choice offered first when `new_asked`)."""
        ...

    def confirm_throw_away(self, session: Session) -> bool: ...

    # -- a meeting
    def gather_participants(self, known: Sequence[Participant], present: set[str],
                            sectors: Sequence[str],
                            me: Callable[[], str | None] = lambda: None) -> list[Participant]:
        """Who is here: from those at recent meetings (`present` were at the last), and
        anyone new, with who facilitates and who is the lead partner. `me` gives the person id
        of whoever runs reflect here (asked only once everyone is in: it reads their settings),
        offered as the facilitator when the last meeting's is not here."""
        ...

    def wants_checkin(self) -> bool: ...

    def checkin(self, person: Participant) -> str:
        """How this person is arriving, in a line ("" for nothing said)."""
        ...

    def review_action(self, item: TrackedAction, on: dt.date) -> Review | None:
        """What a meeting on the day `on` says happened to an open action: its status, a
        comment, and when carried over, its new date (make_review); None: leave it for now."""
        ...

    def show_digest(self, digest: Digest, left_out: Sequence[str]) -> None:
        """Since the last meeting: the entries members shared, by question, to read out or
        skip (`left_out`: the shared files that cannot be read, by name)."""
        ...

    def wants_more_actions(self) -> bool: ...

    def wants_to_share(self, partnership: str) -> bool:
        """A journal entry written in a workspace: share it with the partnership (`partnership`:
        its name, untrusted)? The default is no."""
        ...

    def who_are_you(self, sectors: Sequence[str]) -> Author | None:
        """Name, organisation and sector, asked once (None: not now)."""
        ...

    def ask_key_messages(self) -> list[str]:
        """The meeting's key messages, one a line, to head its reports ([]: none)."""
        ...

    def add_action(self, session: Session, section_id: str,
                   saving: Callable[[], object] | None = None) -> None:
        """Ask for an action and add it to the meeting (agree_action); `saving` saves the
        draft before the person is told it is added."""
        ...

    def start_questions(self, previous_dates: dict[str, dt.date],
                        save: SaveDraft | None) -> None:
        """The questions begin: when each earlier answer shown was given (--from-last), and
        how to save what is typed while it is typed."""
        ...

    # -- saving
    def save_problem(self, problem: str, what: str = "draft") -> SaveProblemChoice:
        """The draft (or the log) cannot be saved: again, elsewhere, or carry on without it."""
        ...

    def ask_folder(self) -> str:
        """A folder to save in ('' for none)."""
        ...


def agree_action(session: Session, section_id: str, text: str, owner: str = "",
                 due: dt.date | None = None) -> Action:
    """Add an action agreed in a meeting, or written in a journal entry, with its id. A
    journal entry keeps its actions as a meeting keeps them (in `session.meeting`, which then
    holds nothing else): the log, the index and `reflect actions` read them the same way."""
    if session.meeting is None:
        session.meeting = Meeting()
    meeting = session.meeting
    action = Action(new_action_id(session.id, meeting.actions), text, owner, due, section_id)
    meeting.actions.append(action)
    return action


class StopAndSave(Exception):
    """The person chose to stop and save the log with what they have written."""


class StopAndPause(Exception):
    """The person chose to stop for now and carry on later (the draft is kept)."""


class StopAndDiscard(Exception):
    """The person chose to stop and throw the session away."""


def run(session: Session, steps: Sequence[Step], prompter: Prompter,
        on_answer: Callable[[Session], object], *, previous: dict[str, Answer] | None = None,
        start: int = 0, state: DraftState | None = None,
        clock: Callable[[], float] = time.monotonic) -> Session:
    """Ask every step from `start`, saving (via on_answer) after each answer.

    In a meeting, the time spent on each question is added up as people answer. A ratings
    line the draft `state` kept goes back to its prompt when the prompt is reached; what is
    unfinished when the person stops goes into `state`.
    """
    previous = previous or {}
    state = state if state is not None else DraftState()
    index = start
    shown_section: str | None = None
    while index < len(steps):
        step = steps[index]
        started = clock()
        kept_line = state.ratings_lines.pop(step.prompt.id, None)
        if kept_line is not None:
            prompter.restore(step.prompt.id, RatingsLine(kept_line))
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
                keep_unfinished(session, state, steps, prompter.unfinished(),
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
        if isinstance(reply, EachRated) and session.meeting is not None and \
                session.kind == "meeting":
            scale = step.prompt.scale
            if reply.ratings and scale is not None:
                session.meeting.ratings[step.prompt.id] = dict(reply.ratings)
                session.meeting.scales[step.prompt.id] = (scale.low, scale.high)
            else:
                session.meeting.ratings.pop(step.prompt.id, None)
            if reply.ratings and reply.agreed is not None:
                session.meeting.agreed[step.prompt.id] = reply.agreed
            else:
                session.meeting.agreed.pop(step.prompt.id, None)
        tally = round_tally(session, step)
        if tally is not None and (isinstance(reply, AfterRound) or reply is None or (
                isinstance(reply, int) and not isinstance(reply, bool))):
            record(session, steps, _from_round(session, step, tally, reply))
        else:
            if isinstance(reply, AfterRound):  # (no round rated it: the agreed rating alone)
                reply = reply.agreed
            record(session, steps, make_answer(step, reply))
        on_answer(session)
        index += 1
    return session


def round_tally(session: Session, step: Step) -> Tally | None:
    """The tally of the round this meeting revealed, for this step's rating (None: none)."""
    meeting = session.meeting
    if meeting is None or meeting.round is None or session.kind != "meeting" or \
            step.prompt.type != "rating":
        return None
    return meeting.round.tallies.get(step.prompt.id)


def _from_round(session: Session, step: Step, tally: Tally,
                reply: AfterRound | int | None) -> Answer:
    """The answer to a rating a round revealed: one number picked is the rating the group
    agreed, AfterRound says whether it agreed one, None skips it. The round's tally stays
    in the meeting either way; each person's ratings typed live before are replaced."""
    meeting = session.meeting
    assert meeting is not None
    assert step.prompt.scale is not None
    meeting.ratings.pop(step.prompt.id, None)
    agreed = reply.agreed if isinstance(reply, AfterRound) else reply
    if agreed is not None:
        meeting.agreed[step.prompt.id] = agreed
    else:
        meeting.agreed.pop(step.prompt.id, None)
    if reply is None:
        return make_answer(step, None)
    meeting.scales[step.prompt.id] = (step.prompt.scale.low, step.prompt.scale.high)
    return round_answer(step, tally, agreed)


def _add_time(session: Session, step: Step, seconds: float) -> None:
    if session.meeting is not None and session.kind == "meeting":  # (a journal is not timed)
        spent = session.meeting.seconds_spent
        spent[step.section.id] = spent.get(step.section.id, 0) + int(round(seconds))


def first_unanswered(session: Session, steps: Sequence[Step]) -> int:
    answered = {a.prompt_id for a in session.answers}
    return next((i for i, s in enumerate(steps) if s.prompt.id not in answered), len(steps))


# -- scripted sessions --------------------------------------------------------------------------
def parse_date(value: str, where: str = "--date") -> dt.date:
    """A date given on the command line (--date, --since, --until), or one message saying
    what is wrong with it: 'February 2026 has 28 days', or how to write a date."""
    try:
        return read_date(value)
    except DateError as error:
        raise BadInputError(f"{where}: {error.message}") from None

