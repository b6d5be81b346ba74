"""The model: plain dataclasses for a framework, a session and its answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .dates import DATE_FORMS as DATE_FORMS  # where every reader of a date says how to write one
from .dates import DateError, read_date

if TYPE_CHECKING:
    from .meeting import Meeting

PromptType = Literal["text", "rating"]
PROMPT_TYPES: tuple[str, ...] = ("text", "rating")
SESSION_KINDS: tuple[str, ...] = ("meeting", "journal")

#: Version of the log file format written in every log's front matter. Format 2 keeps a
#: meeting's median as it is (4.5 stays 4.5) and the rating the group agreed, as separate
#: values; in format 1 the group's value was the median rounded half up.
LOG_FORMAT_VERSION = 2
#: Version of the framework file schema (`reflect_framework:` key).
FRAMEWORK_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Scale:
    """A labelled rating scale, for example 1 (Not at all) to 5 (Fully)."""

    labels: tuple[tuple[int, str], ...]

    @property
    def low(self) -> int:
        return self.labels[0][0]

    @property
    def high(self) -> int:
        return self.labels[-1][0]

    def label(self, value: int) -> str:
        return dict(self.labels).get(value, "")

    def __contains__(self, value: object) -> bool:
        return any(value == v for v, _ in self.labels)

    def describe(self) -> str:
        return ", ".join(f"{v} = {label}" for v, label in self.labels)


@dataclass(frozen=True)
class Prompt:
    """One thing to answer: free text, or a rating on a scale."""

    id: str
    text: str
    type: PromptType = "text"
    scale: Scale | None = None


@dataclass(frozen=True)
class Resource:
    title: str
    description: str = ""


@dataclass(frozen=True)
class Section:
    """A question of the framework (or its closing self-assessment) and its prompts."""

    id: str
    title: str
    explanation: str = ""
    examples: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    resources: tuple[Resource, ...] = ()
    is_assessment: bool = False


@dataclass(frozen=True)
class Source:
    title: str = ""
    publisher: str = ""
    attribution: str = ""
    url: str = ""


@dataclass(frozen=True)
class Framework:
    """A reflective framework: questions with prompts, and an optional self-assessment."""

    id: str
    version: str
    title: str
    questions: tuple[Section, ...]
    subtitle: str = ""
    introduction: str = ""
    source: Source = field(default_factory=Source)
    assessment: Section | None = None
    resources: tuple[Resource, ...] = ()
    sectors: tuple[str, ...] = ()
    path: str = ""

    @property
    def sections(self) -> tuple[Section, ...]:
        """The questions, then the self-assessment if there is one."""
        return self.questions + ((self.assessment,) if self.assessment else ())

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def prompts(self) -> Iterator[tuple[Section, Prompt]]:
        for section in self.sections:
            for prompt in section.prompts:
                yield section, prompt

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for _, p in self.prompts() if p.id == prompt_id), None)

    def section_of(self, prompt_id: str) -> Section | None:
        return next((s for s, p in self.prompts() if p.id == prompt_id), None)


AnswerStatus = Literal["answered", "skipped"]


@dataclass(frozen=True)
class Note:
    """What one person said to a prompt in a meeting (`speaker` is their person id; `name`,
    when known, their name as written at the meeting, for reports)."""

    speaker: str
    text: str
    name: str = field(default="", compare=False)


def number_text(value: float) -> str:
    """A rating as people write it: 4, 4.5 (never 4.0, never 1e+08)."""
    return str(int(value)) if value == int(value) else f"{value}"


def as_number(value: float) -> float:
    """A whole value as an int (4.0 is 4), any other as it is: ratings compare and print as
    people expect."""
    return int(value) if value == int(value) else value


@dataclass(frozen=True)
class GroupRating:
    """Each person's rating of one prompt in a meeting, summed up honestly: the median as it
    is (4.5 stays 4.5), the lowest and highest, how many rated, and the rating the group
    agreed after hearing them (None: no rating was agreed, the median stands)."""

    median: float
    low: int
    high: int
    count: int
    agreed: int | None = None

    @property
    def rating(self) -> float:
        """The rating: the one the group agreed where there is one, else the median."""
        return self.agreed if self.agreed is not None else as_number(self.median)

    @property
    def range_text(self) -> str:
        """'3–5' (and '4–4' when everyone gave 4)."""
        return f"{self.low}–{self.high}"

    @property
    def width(self) -> int:
        """How far apart the lowest and highest are: the disagreement, in points."""
        return self.high - self.low


@dataclass(frozen=True)
class Answer:
    """What was said to one prompt: text, a rating, or nothing (skipped)."""

    prompt_id: str
    section: str = ""
    text: str = ""
    #: The rating: a person's own, or a meeting's (agreed, else the median: may be 4.5).
    rating: float | None = None
    #: The top of the scale and the label of the rating, as they were when it was given.
    rating_of: int | None = None
    rating_label: str = ""
    #: In a meeting: what individual people said, beside (or instead of) the group's answer.
    notes: tuple[Note, ...] = ()
    #: In a meeting where each person rated: their median, range and the agreed rating.
    group: GroupRating | None = None

    @property
    def skipped(self) -> bool:
        return self.rating is None and not self.text and not self.notes

    @property
    def status(self) -> AnswerStatus:
        return "skipped" if self.skipped else "answered"


def rating_text(answer: Answer) -> str:
    """A rating in words, the same in every output: '4 of 5 (Mostly)'. The top of the scale is
    said only when it is known (a `rating_of` of None or 0 says nothing of it: '4 (Mostly)'),
    the label only when there is one. A meeting's rating from each person's says where it
    comes from: '4.5 of 5 (median, range 4–5)', '4 of 5 (Mostly; agreed, median 4.5, range
    3–5)'. Text from the log as it is: each output makes it safe."""
    top = f" of {answer.rating_of}" if answer.rating_of else ""
    value = "" if answer.rating is None else number_text(answer.rating)
    group = answer.group
    details = [answer.rating_label] if answer.rating_label else []
    if group is not None:
        median = number_text(group.median)
        if group.agreed is not None and answer.rating == group.agreed:
            how = f"agreed, median {median}"
        elif answer.rating == group.median:
            how = "median"
        else:
            how = f"median {median}"
        spread = (f"range {group.range_text}" if group.low != group.high
                  else f"all gave {group.low}")
        details.append(f"{how}, {spread}")
    shown = f" ({'; '.join(details)})" if details else ""
    return f"{value}{top}{shown}"


def parse_day(text: str) -> dt.date | None:
    """A date as people type it (see dates.py: 2026-05-31, 31/05/2026, 31 May 2026...), or
    None; dates.read_date says why not."""
    try:
        return read_date(text)
    except DateError:
        return None


def instant(created: dt.datetime) -> str:
    """A moment as UTC text that sorts in time order, whatever time zone it was written in (a
    time without a zone is taken as this computer's local time)."""
    try:
        moment = created.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError, OSError):  # a year at the edge of the calendar
        moment = created.replace(tzinfo=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def clean_text(text: str) -> str:
    """Normalise an answer: LF line endings, no blank lines or spaces around it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return ""
    lines[-1] = lines[-1].rstrip()
    return "\n".join(lines)


@dataclass(frozen=True)
class Author:
    """Who wrote a log (for a meeting, the person who ran it), as they said in `reflect
    config`. `id` is their stable person id, the one meetings give participants
    (meeting.person_id of the name), so one person is matched across logs, the configuration
    and the owners of actions; it is worked out from the name when not given."""

    name: str
    organisation: str = ""
    sector: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            from .meeting import person_id

            object.__setattr__(self, "id", person_id(self.name))

    def describe(self) -> str:
        """'Aisha Khan (Northfield Food Bank, VCSE)', as meetings describe people."""
        details = ", ".join(x for x in (self.organisation, self.sector) if x)
        return f"{self.name} ({details})" if details else self.name

    def is_named(self, wanted: str) -> bool:
        """Is this the person `wanted` names: their id, or their whole name with case,
        accents and spacing not counting ('jose alvarez' is José Álvarez)?"""
        from .meeting import person_id

        wanted = wanted.strip()
        return bool(wanted) and (wanted == self.id or person_id(wanted) in (
            self.id, person_id(self.name)))


@dataclass
class Session:
    """One reflection: a meeting or a journal entry, with its answers in framework order."""

    id: str
    date: dt.date
    created: dt.datetime
    framework_id: str
    framework_version: str
    title: str = ""
    kind: str = "journal"
    sections: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    #: Headings as written in the log: section and prompt ids to their text.
    labels: dict[str, str] = field(default_factory=dict)
    #: Who was at a meeting, check-in, speaking orders, time, per-person ratings, actions.
    meeting: Meeting | None = None
    #: Who wrote it (None in logs written before reflect knew who you are).
    author: Author | None = None
    #: Front matter keys written by a newer reflect, kept as they are.
    extra: dict[str, object] = field(default_factory=dict)

    def answer(self, prompt_id: str) -> Answer | None:
        return next((a for a in self.answers if a.prompt_id == prompt_id), None)

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if not a.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for a in self.answers if a.skipped)

    @property
    def display_title(self) -> str:
        return self.title or ("Meeting" if self.kind == "meeting" else "Journal entry")
