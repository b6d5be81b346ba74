"""Facilitated meetings: who is here, fair speaking orders, rating spreads, time and actions.

Pure functions and dataclasses; nothing here prompts, prints or touches files.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from reflect_cli.domain.model import GroupRating
from reflect_cli.textsafe import ascii_slug
from reflect_cli.wording import counted

FACILITATOR = "facilitator"
LEAD = "lead"
ROLES = (FACILITATOR, LEAD)
REVIEW_STATUSES = ("done", "carried over", "dropped")
DEFAULT_SECTORS = ("NHS", "Local authority", "VCSE", "Community member", "Other")


@functools.lru_cache(maxsize=65536)
def person_id(name: str) -> str:
    """A stable id for a person from their name: lowercase ASCII words joined by '-'."""
    return ascii_slug(name) or "p-" + "".join(f"{ord(c):x}" for c in name.strip())[:16]


@dataclass(frozen=True)
class Participant:
    """Someone at a meeting."""

    name: str
    organisation: str = ""
    sector: str = ""
    roles: tuple[str, ...] = ()
    #: May reports that leave the partnership give this person's name? (No unless they said
    #: so: by default they appear there by their sector or role only.)
    named_in_reports: bool = False

    @property
    def id(self) -> str:
        return person_id(self.name)

    @property
    def is_facilitator(self) -> bool:
        return FACILITATOR in self.roles

    @property
    def is_lead(self) -> bool:
        return LEAD in self.roles

    def describe(self) -> str:
        """'Aisha Khan (Northfield Food Bank, VCSE)'."""
        details = ", ".join(x for x in (self.organisation, self.sector) if x)
        return f"{self.name} ({details})" if details else self.name


#: Between the names of an action's owners, when there are several: 'Priya Shah, Jo Bell'.
OWNERS_SEPARATOR = ", "


def join_owners(names: Iterable[str]) -> str:
    """Several owners as one text (each name once, in the order given, blanks left out)."""
    found = dict.fromkeys(" ".join(name.split()) for name in names)
    return OWNERS_SEPARATOR.join(name for name in found if name)


@dataclass(frozen=True)
class Action:
    """Something the partnership agreed to do. `owner` is who will do it: one name, or several
    separated by commas (one text, so that logs written before several owners were possible,
    and the reflect that wrote them, read it as they always did)."""

    id: str
    text: str
    owner: str = ""
    due: dt.date | None = None
    section: str = ""

    @property
    def owners(self) -> tuple[str, ...]:
        return tuple(name for name in (" ".join(part.split()) for part in self.owner.split(","))
                     if name)


def overdue_since(action: Action, on: dt.date) -> dt.date | None:
    """The date an action was due by, when that has passed on the day `on` (else None)."""
    return action.due if action.due is not None and action.due < on else None


def carried_over_due(action: Action, on: dt.date) -> dt.date | None:
    """The date offered when an action is carried over at a meeting on `on`: its own date while
    that is still ahead, else four weeks on (the same as for a new action)."""
    if action.due is not None and action.due >= on:
        return action.due
    return on + dt.timedelta(days=28)


@dataclass(frozen=True)
class Review:
    """What a meeting said about an action from an earlier session: its status, the action as
    it stands after the review (carried over: with its new date), what was said about it, and
    the date it had before, when the review changed it."""

    action: Action
    status: str  # one of REVIEW_STATUSES
    comment: str = ""
    was_due: dt.date | None = None


def make_review(action: Action, status: str, comment: str = "",
                due: dt.date | None = None) -> Review:
    """What a meeting said about an earlier action; carried over, it goes on with the date
    `due` (and the review keeps the date it had before, when that changes)."""
    comment = " ".join(comment.split())
    if status != "carried over" or due == action.due:
        return Review(action, status, comment)
    return Review(replace(action, due=due), status, comment, was_due=action.due)


@dataclass
class Meeting:
    """Everything a facilitated session records besides the answers themselves."""

    participants: list[Participant] = field(default_factory=list)
    #: The rotation offset this meeting started at (it goes on from the previous meeting).
    rotation: int = 0
    checkin: dict[str, str] = field(default_factory=dict)  # person id -> their line
    orders: dict[str, list[str]] = field(default_factory=dict)  # section id -> person ids
    minutes: int | None = None
    seconds_spent: dict[str, int] = field(default_factory=dict)  # section id -> seconds
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)  # prompt -> person -> n
    #: The rating the group agreed after each person's (prompt -> n); none: the median stands.
    agreed: dict[str, int] = field(default_factory=dict)
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)  # prompt -> (low, high)
    actions: list[Action] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    #: Does the log show how many notes were typed for each person? (Off unless asked for: a
    #: count of notes is easily read as a count of who spoke.)
    count_notes: bool = False
    #: What the facilitator says the meeting's key messages are, one a line (heads a report).
    key_messages: list[str] = field(default_factory=list)
    #: The rating round revealed in this meeting, if one was: its distribution per prompt.
    round: RoundTaken | None = None
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def person(self, pid: str) -> Participant | None:
        # An index by id, checked on each use and rebuilt when the list has changed, so that
        # looking up each of thousands of people is not a scan of the list each time.
        index = self._index.get(pid)
        people = self.participants
        if index is None or index >= len(people) or people[index].id != pid:
            self._index = {p.id: i for i, p in reversed(list(enumerate(people)))}
            index = self._index.get(pid)
        return None if index is None else people[index]

    def name(self, pid: str) -> str:
        person = self.person(pid)
        return person.name if person else pid

    @property
    def is_empty(self) -> bool:
        return not (self.participants or self.actions or self.reviews or self.minutes)


# -- speaking order ------------------------------------------------------------------------------
def _organisation(person: Participant) -> str:
    """Who counts as a colleague: the same organisation (case and spaces aside); someone with
    no organisation is nobody's colleague."""
    return person.organisation.strip().lower() or "\0" + person.id


def _interleave_by_organisation(people: Sequence[Participant]) -> list[Participant]:
    """The same people, the first one first, ordered so that two people from one organisation
    follow each other only when nothing else is possible."""
    return _arrange(people, None) or _greedy(people)


def _greedy(people: Sequence[Participant]) -> list[Participant]:
    """The first person first, then each next speaker from the organisation with the most people
    still to speak, other than the last speaker's: when colleagues cannot all be kept apart,
    as few of them as this finds end up side by side."""
    groups: dict[str, deque[Participant]] = {}
    for person in people:
        groups.setdefault(_organisation(person), deque()).append(person)
    rank = {key: index for index, key in enumerate(groups)}
    if not groups:
        return []
    first = next(iter(groups))
    order = [groups[first].popleft()]
    last = first
    heap = [(-len(queue), rank[key], key) for key, queue in groups.items() if queue]
    heapq.heapify(heap)
    while heap:
        top = heapq.heappop(heap)
        if top[2] == last and heap:
            chosen = heapq.heappop(heap)
            heapq.heappush(heap, top)
        else:
            chosen = top
        key = chosen[2]
        order.append(groups[key].popleft())
        last = key
        if groups[key]:
            heapq.heappush(heap, (-len(groups[key]), rank[key], key))
    return order


def _fits(count: int, total: int, key: str, before: str | None, after: str | None) -> bool:
    """Can `count` people of one organisation be spread over `total` places with none of them
    side by side, nor next to the colleague just `before` the places or just `after` them?"""
    room = total - (key == before) - (key == after)
    return count <= (room + 1) // 2


def _arrange(people: Sequence[Participant], after: str | None) -> list[Participant] | None:
    """The same people, the first one first, with no two colleagues side by side and the last
    one not a colleague of the organisation `after` (who speaks next); None when no order
    does that. Among the orders that do, each next speaker comes from the organisation with
    the most people still to speak (the earliest in `people` on a tie), so colleagues are
    spread out and the order given is kept where it can be."""
    if not people:
        return []
    groups: dict[str, deque[Participant]] = {}
    for person in people[1:]:
        groups.setdefault(_organisation(person), deque()).append(person)
    rank = {key: index for index, key in enumerate(groups)}
    counts = {key: len(queue) for key, queue in groups.items()}
    left = len(people) - 1
    last = _organisation(people[0])

    def possible(key: str, total: int) -> bool:
        """Can the rest still be ordered when someone from `key` speaks next?"""
        # Only the biggest organisations, this one and the one after can stop it.
        if total == 0:
            return key != after
        keys = {*tops, key, *([after] if after is not None else [])}
        return all(_fits(counts.get(k, 0) - (k == key), total, k, key, after) for k in keys)

    heap = [(-n, rank[key], key) for key, n in counts.items()]
    heapq.heapify(heap)
    tops: list[str] = []
    # The whole list first: is any such order possible at all?
    if not all(_fits(n, left, k, last, after) for k, n in counts.items()) or (
            left == 0 and last == after):
        return None
    order = [people[0]]
    while left:
        chosen = None
        if 2 * -heap[0][0] + 4 <= left:
            # No organisation is anywhere near half of who is left: any next speaker will do.
            chosen = heapq.heappop(heap)
            if chosen[2] == last:
                chosen, top = heapq.heappop(heap), chosen
                heapq.heappush(heap, top)
        else:
            valid = [heapq.heappop(heap) for _ in range(min(3, len(heap)))]
            tops = [entry[2] for entry in valid]
            for entry in valid:
                heapq.heappush(heap, entry)
            tried: list[tuple[int, int, str]] = []
            while heap:
                entry = heapq.heappop(heap)
                if entry[2] != last and possible(entry[2], left - 1):
                    chosen = entry
                    break
                tried.append(entry)
            for entry in tried:
                heapq.heappush(heap, entry)
        if chosen is None:  # cannot happen when the check above holds; kept safe all the same
            return None
        key = chosen[2]
        order.append(groups[key].popleft())
        counts[key] -= 1
        left -= 1
        last = key
        if counts[key]:
            heapq.heappush(heap, (-counts[key], rank[key], key))
    return order


def speaking_order(participants: Sequence[Participant], offset: int) -> list[Participant]:
    """Who speaks in which order, for the question at this rotation offset.

    Everyone who is not the lead partner or the facilitator takes a turn at going first, one
    question after another (organisations interleaved, so the same organisation does not
    open twice running); the lead partner speaks after them, and the facilitator last. Two
    colleagues (people of one organisation) never speak one after the other when any order
    with this opener and these places avoids it.
    """
    regular = [p for p in participants if not (p.is_lead or p.is_facilitator)]
    leads = [p for p in participants if p.is_lead and not p.is_facilitator]
    facilitators = [p for p in participants if p.is_facilitator]
    regular = _interleave_by_organisation(regular)
    if regular:
        # Whose turn it is to open comes from the rotation; the rest are arranged again from
        # there, so rotating never puts two colleagues side by side.
        shift = offset % len(regular)
        regular = regular[shift:] + regular[:shift]
    if leads:
        shift = offset % len(leads)
        leads = leads[shift:] + leads[:shift]
    # The lead partner's and the facilitator's places are fixed, so whoever speaks just before
    # them counts too: the last of the others is not their colleague when that can be helped
    # (several leads or facilitators take an order among them that allows it, the rotation's
    # where it can be).
    for facilitator_first in _openings(facilitators):
        closing = _arrange(facilitator_first, None)
        if closing is None:
            continue
        for lead_first in _openings(leads):
            after = _organisation(closing[0]) if closing else None
            middle = _arrange(lead_first, after)
            if middle is None:
                continue
            after = _organisation(middle[0]) if middle else after
            opening = _arrange(regular, after)
            if opening is not None:
                return opening + middle + closing
    return _interleave_by_organisation(regular) + leads + _interleave_by_organisation(
        facilitators)


def _openings(people: list[Participant]) -> list[list[Participant]]:
    """The people with each organisation's first person brought to the front in turn (one list
    for each organisation among them, in the order they come): who could open the list."""
    if not people:
        return [[]]
    found: dict[str, int] = {}
    for index, person in enumerate(people):
        found.setdefault(_organisation(person), index)
    return [[people[i], *people[:i], *people[i + 1:]] for i in found.values()]


def next_rotation(meeting: Meeting) -> int:
    """The offset the next meeting starts at: it carries on where this one stopped, one
    further if that would give the same opening speaker as this meeting had."""
    step = max(1, len(meeting.orders))
    regular = sum(1 for p in meeting.participants if not (p.is_lead or p.is_facilitator))
    if regular > 1 and step % regular == 0:
        step += 1
    return meeting.rotation + step


# -- ratings -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spread:
    low: int
    median: float
    high: int
    count: int
    disagree: bool

    @property
    def median_text(self) -> str:
        """The median as it is: '4', '4.5' (never rounded: 4 4 5 5 is 4.5, not 5)."""
        return f"{self.median:g}"


def disagreement_threshold(scale_low: int, scale_high: int) -> int:
    """How far apart the lowest and highest ratings must be to count as wide disagreement.

    On a 1 to 5 scale, 3 points (someone says 'A little', someone else 'Fully'); in general
    60% of the scale's span, and never less than 2.
    """
    return max(2, math.ceil(0.6 * (scale_high - scale_low)))


def spread(values: Iterable[int], scale_low: int, scale_high: int) -> Spread | None:
    numbers = sorted(values)
    if not numbers:
        return None
    low, high = numbers[0], numbers[-1]
    middle = len(numbers) // 2
    median = numbers[middle] if len(numbers) % 2 else (numbers[middle - 1] + numbers[middle]) / 2
    return Spread(low, float(median), high, len(numbers),
                  len(numbers) > 1 and high - low >= disagreement_threshold(scale_low,
                                                                             scale_high))


def group_rating(values: Iterable[int], agreed: int | None = None) -> GroupRating | None:
    """Each person's ratings as a meeting's rating: median (as it is), range and how many,
    with the rating the group agreed, if it agreed one (None when nobody rated)."""
    numbers = sorted(values)
    if not numbers:
        return None
    middle = len(numbers) // 2
    median = numbers[middle] if len(numbers) % 2 else (numbers[middle - 1] + numbers[middle]) / 2
    return GroupRating(float(median), numbers[0], numbers[-1], len(numbers), agreed)


@dataclass(frozen=True)
class Tally:
    """How a rating round rated one characteristic, as a meeting's log keeps it: how many gave
    each score (every score of the scale, 0 where nobody did), and the median of each sector
    the reveal showed (sector, how many, median). No names: not even in a named round."""

    scores: tuple[tuple[int, int], ...]
    sectors: tuple[tuple[str, int, float], ...] = ()

    @property
    def values(self) -> list[int]:
        """Every rating given, lowest first."""
        return [score for score, many in sorted(self.scores) for _ in range(many)]

    def group(self, agreed: int | None = None) -> GroupRating | None:
        """The round's median, range and count, with the rating the group agreed."""
        return group_rating(self.values, agreed)


@dataclass(frozen=True)
class RoundTaken:
    """A rating round brought into a meeting: its name ("" for files given one by one), how
    it carried names (anonymous, named or alias), how many submissions it had, and each rated
    characteristic's tally (prompt id -> Tally)."""

    name: str
    mode: str
    submissions: int
    tallies: dict[str, Tally] = field(default_factory=dict)


def meeting_group(meeting: Meeting, prompt_id: str) -> GroupRating | None:
    """The group behind a meeting's rating of one prompt: each person's ratings typed live
    where there are some (they were typed instead of the round's), else the round's tally;
    with the rating the group agreed. None: neither."""
    agreed = meeting.agreed.get(prompt_id)
    given = meeting.ratings.get(prompt_id)
    if given:
        return group_rating(given.values(), agreed)
    tally = meeting.round.tallies.get(prompt_id) if meeting.round is not None else None
    return tally.group(agreed) if tally is not None else None


# -- time ----------------------------------------------------------------------------------------
def planned_seconds(minutes: int | None, section_count: int) -> int | None:
    """The meeting's time shared evenly across the chosen questions."""
    if not minutes or section_count <= 0:
        return None
    return int(minutes * 60 / section_count)


# -- participation -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Participation:
    """How many notes were typed for each person and each sector: a count of notes, not of
    who spoke (much of what people say goes into the group's answer)."""

    by_person: tuple[tuple[str, int], ...]  # person id, notes; everyone present
    by_sector: tuple[tuple[str, int], ...]


def participation(meeting: Meeting, speakers: Iterable[str]) -> Participation:
    """Notes per person and per sector, from the speaker of every note."""
    counts = {p.id: 0 for p in meeting.participants}
    for speaker in speakers:
        counts[speaker] = counts.get(speaker, 0) + 1
    sectors: dict[str, int] = {}
    for person in meeting.participants:
        sector = person.sector or "Not given"
        sectors[sector] = sectors.get(sector, 0) + counts.get(person.id, 0)
    return Participation(tuple(counts.items()), tuple(sectors.items()))


# -- actions across sessions ---------------------------------------------------------------------
@dataclass(frozen=True)
class TrackedAction:
    """An action with where it came from and what has happened to it since."""

    action: Action
    session_id: str
    date: dt.date
    status: str  # open, done, carried over, dropped
    history: tuple[tuple[dt.date, str], ...] = ()
    #: In a workspace: added to one of this person's own journal entries, not shared (so
    #: seen by them alone, and never in a meeting's review).
    private: bool = False

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "carried over")


def track_actions(meetings: Iterable[tuple[str, dt.date, str, Meeting]]
                  ) -> list[TrackedAction]:
    """Every action ever agreed, with its latest status.

    `meetings` are (session id, date, created, meeting) in any order. Every action is known
    first, then the reviews are applied in the order the meetings happened (date, then time
    of writing), so a review in a meeting written up later, or on the same day, still counts.
    """
    ordered = sorted(meetings, key=lambda m: (m[1], m[2]))
    found: dict[str, TrackedAction] = {}
    for session_id, date, _, meeting in ordered:
        for action in meeting.actions:
            found.setdefault(action.id, TrackedAction(action, session_id, date, "open"))
    for _, date, _, meeting in ordered:
        for review in meeting.reviews:
            tracked = found.get(review.action.id)
            if tracked is None:  # the log it was agreed in is gone: the review still tells
                tracked = TrackedAction(review.action, "", date, "open")
            action = tracked.action
            if review.status == "carried over":  # carried over to the date it was given then
                action = replace(action, due=review.action.due)
            found[review.action.id] = TrackedAction(
                action, tracked.session_id, tracked.date, review.status,
                tracked.history + ((date, review.status),))
    return list(found.values())


def parse_ratings(line: str, people: Sequence[str], low: int,
                  high: int) -> dict[str, int] | str:
    """Ratings typed in speaking order ('4 3 - 5'), or a message saying what is wrong."""
    parts = line.replace(",", " ").split()
    if len(parts) != len(people):
        return (f"Please give {counted(len(people), 'rating')}, one for each person "
                f"({len(parts)} given); use - for someone who does not rate.")
    ratings: dict[str, int] = {}
    for person, part in zip(people, parts, strict=True):
        if part in ("-", "_"):
            continue
        try:
            value = int(part)
        except ValueError:
            return f"'{part}' is not a rating: use a whole number from {low} to {high}, or -."
        if not low <= value <= high:
            return f"{value} is outside the scale: use {low} to {high}, or -."
        ratings[person] = value
    return ratings


def select_actions(tracked: Iterable[TrackedAction], *, owner: str | None = None,
                   include_closed: bool = False) -> list[TrackedAction]:
    """Open actions (or all), optionally for one owner, oldest first."""
    wanted = (owner or "").strip().lower()
    chosen = [t for t in tracked if (include_closed or t.is_open)
              and (not wanted or wanted in t.action.owner.lower())]
    return sorted(chosen, key=lambda t: (t.date, t.action.id))


def new_action_id(session_id: str, existing: Sequence[Action]) -> str:
    return f"{session_id}-{len(existing) + 1}"


def ratings_so_far(line: str, people: Sequence[str], low: int, high: int
                   ) -> tuple[list[tuple[str, str]], int]:
    """Who gets what from a ratings line as it is typed, in speaking order: (person, what they
    get: a rating, '-' for none, '?' for nothing typed yet, or what was typed with ' (?)' when
    it is not a rating on the scale), and how many more were typed than there are people."""
    parts = line.replace(",", " ").split()
    shown: list[tuple[str, str]] = []
    for index, person in enumerate(people):
        part = parts[index] if index < len(parts) else "?"
        rating = part.isascii() and part.isdigit() and low <= int(part) <= high
        if part not in ("?", "-", "_") and not rating:
            part += " (?)"
        shown.append((person, "-" if part == "_" else part))
    return shown, max(0, len(parts) - len(people))
