"""How answers changed between two sessions, prompt by prompt, and word by word. Pure data
(history.py builds on it for a prompt's answers over time and for rating trends).

Prompts are matched by id, so logs of different question subsets or framework versions compare
cleanly. Each prompt of a comparison gets one status, from what the two sessions hold for it
(answered, skipped, or not asked at all)::

    before \\ after   answered             skipped              not asked
    answered         unchanged / changed  no longer answered   not asked in one
    skipped          newly answered       unchanged            skipped in one
    not asked        not asked in one     skipped in one       -

Text is compared word by word: a word is a run of non-space characters (so punctuation stays
with its word, as in `git diff --word-diff`), compared in Unicode NFC form. Changes in spacing
or line breaks alone do not count as changes. Ratings are compared by value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from reflect_cli.errors import NotFoundError, did_you_mean

from .model import as_number, instant, number_text, rating_text

if TYPE_CHECKING:
    from .model import Answer, GroupRating, Session

Status = Literal["unchanged", "changed", "newly_answered", "no_longer_answered",
                 "skipped_in_one", "not_asked_in_one"]
#: The statuses in the order they are counted and shown.
STATUSES: tuple[Status, ...] = ("changed", "newly_answered", "no_longer_answered",
                                "not_asked_in_one", "skipped_in_one", "unchanged")
STATUS_LABELS: dict[str, str] = {
    "unchanged": "unchanged", "changed": "changed", "newly_answered": "newly answered",
    "no_longer_answered": "no longer answered", "skipped_in_one": "skipped in one",
    "not_asked_in_one": "not asked in one", "first": "first answer",
}


def status_label(status: str) -> str:
    """How a status is worded in every output ('newly answered'); JSON keeps the status."""
    return STATUS_LABELS[status]


Op = Literal["equal", "delete", "insert"]
#: One piece of a word diff: kept ("equal"), removed ("delete") or added ("insert") text.
Token = tuple[Op, str]

_WORD = re.compile(r"(\s*)(\S+)")
#: The version of word_diff's rules: a diff remembered under other rules is worked out again.
DIFF_RULES = 2


# -- sessions and answers ------------------------------------------------------------------------
@dataclass(frozen=True)
class SessionRef:
    """Which session: enough to name it in a report."""

    file: str
    id: str
    date: dt.date
    title: str
    kind: str
    framework_id: str = ""
    framework_version: str = ""

    @classmethod
    def of(cls, session: Session, file: str = "") -> SessionRef:
        return cls(file=file, id=session.id, date=session.date, title=session.display_title,
                   kind=session.kind, framework_id=session.framework_id,
                   framework_version=session.framework_version)


def when(file: str, session: Session) -> tuple[dt.date, str, str]:
    """Where a session stands in time: its date, then the moment it was created (in any time
    zone), then file name."""
    return (session.date, instant(session.created), file)


def describe_session(session: Session, file: str = "") -> str:
    """A session named for a sentence: '"Journal: What impact…" (12 March 2026, file.md)'."""
    where = f", {file}" if file else ""
    return (f"\"{' '.join(session.display_title.split())}\" "
            f"({session.date.day} {session.date:%B %Y}{where})")


def chronological(sessions: Iterable[tuple[str, Session]]) -> list[tuple[str, Session]]:
    """(file name, session) pairs, oldest first."""
    return sorted(sessions, key=lambda fs: when(*fs))


def answer_text(answer: Answer) -> str:
    """An answer as words: its text and what individuals said ("Sam Okafor: ..."), or its
    rating written out ("4 of 5 (Mostly)")."""
    if answer.rating is None:
        said = [f"{note.name or speaker_name(note.speaker)}: {note.text}"
                for note in answer.notes]
        return "\n\n".join([answer.text, *said] if answer.text else said)
    return rating_text(answer)


def answer_parts(answer: Answer) -> list[tuple[str, str, str]]:
    """An answer in the parts a comparison matches: the group's answer, then each person's
    note, as (key, heading, text); a person's second note on a prompt is a part of its own."""
    if answer.rating is not None:
        return [("", "", rating_text(answer))]
    parts = [("", "", answer.text)] if answer.text else []
    seen: dict[str, int] = {}
    for note in answer.notes:
        who = note.speaker or note.name
        seen[who] = seen.get(who, 0) + 1
        parts.append((f"{who}\0{seen[who]}", f"{note.name or speaker_name(note.speaker)}: ",
                      note.text))
    return parts


def answer_diff(old: Answer, new: Answer, differ: Differ | None = None) -> list[Token]:
    """The word diff of two answers, the group's answer and each person's note diffed on
    their own (a person's words are never matched with another's), the parts a paragraph
    apart, in the new answer's order (parts only the old one had at the place they were)."""
    diff = differ or word_diff
    old_parts = {key: (heading, text) for key, heading, text in answer_parts(old)}
    new_parts = {key: (heading, text) for key, heading, text in answer_parts(new)}
    if list(old_parts) == [""] and list(new_parts) == [""]:
        return list(diff(old_parts[""][1], new_parts[""][1]))
    tokens: list[Token] = []
    for key in merged_order([list(new_parts), list(old_parts)]):
        if tokens:
            tokens.append(("equal", "\n\n"))
        before, after = old_parts.get(key), new_parts.get(key)
        heading = (after or before or ("", ""))[0]
        part: list[Token] = [("equal", heading)] if heading else []  # whose words, unmarked
        if before is not None and after is not None:
            part += diff(before[1], after[1])
        else:
            op: Op = "insert" if after is not None else "delete"
            text = (after or before or ("", ""))[1]
            for paragraph in _PARAGRAPH.split(text):
                if paragraph.strip():
                    part += [("equal", "\n\n")] if part and part[-1][0] != "equal" else []
                    part.append((op, paragraph.strip()))
        for op_, text_ in part:
            if tokens and tokens[-1][0] == op_:
                tokens[-1] = (op_, tokens[-1][1] + text_)
            elif text_:
                tokens.append((op_, text_))
    while tokens and tokens[-1] == ("equal", "\n\n"):
        tokens.pop()
    return tokens


def with_names(session: Session) -> Session:
    """The session with each note carrying its speaker's name as written at the meeting."""
    meeting = session.meeting
    if meeting is None or not meeting.participants:
        return session
    names = {p.id: p.name for p in meeting.participants}
    if not any(n.speaker in names for a in session.answers for n in a.notes):
        return session
    answers = [replace(a, notes=tuple(replace(n, name=names.get(n.speaker, n.name))
                                      for n in a.notes)) if a.notes else a
               for a in session.answers]
    return replace(session, answers=answers)


def speaker_name(person_id: str) -> str:
    """A readable name from a person id, when the log does not say who that is
    ('sam-okafor' reads 'Sam Okafor')."""
    return " ".join(part.capitalize() for part in person_id.split("-"))


def _words(text: str) -> list[str]:
    # NFC never turns a space into a letter or back, so normalising first splits the same.
    return (text if text.isascii() else unicodedata.normalize("NFC", text)).split()


def same_answer(old: Answer, new: Answer) -> bool:
    """Do two given answers say the same (ratings by value, text by words)?"""
    if old.rating is not None and new.rating is not None:
        return old.rating == new.rating
    before, after = answer_text(old), answer_text(new)
    return before == after or _words(before) == _words(after)


def answer_status(old: Answer | None, new: Answer | None) -> Status:
    """The status of one prompt, from its answer in each session (None: not asked)."""
    if old is None or new is None:
        present = old if old is not None else new
        if present is None:
            raise ValueError("a prompt asked in neither session has no status")
        return "skipped_in_one" if present.skipped else "not_asked_in_one"
    if old.skipped or new.skipped:
        if old.skipped and new.skipped:
            return "unchanged"
        return "newly_answered" if old.skipped else "no_longer_answered"
    return "unchanged" if same_answer(old, new) else "changed"


# -- word diffs ----------------------------------------------------------------------------------
def _split(text: str) -> tuple[list[str], list[str], list[str]]:
    """The words of a text, the space before each, and the words as compared (NFC)."""
    pairs = _WORD.findall(text)
    words = [word for _, word in pairs]
    keys = words if text.isascii() else [unicodedata.normalize("NFC", w) for w in words]
    return words, [space for space, _ in pairs], keys


def word_diff(old: str, new: str) -> list[Token]:
    """A word-level diff: kept, deleted and inserted runs of text, in reading order.

    Deleted text comes just before the text inserted in its place. Kept text and the spaces
    between words follow the new text, so changes in spacing alone show as no change; every
    space shown is one of the texts' own. A change that runs across paragraphs is shown whole
    paragraphs at a time: the old paragraphs deleted, then the new ones inserted, each apart.
    """
    old_words, old_spaces, old_keys = _split(old)
    new_words, new_spaces, new_keys = _split(new)
    old_side = _Side(old_words, old_spaces)
    new_side = _Side(new_words, new_spaces)
    segments = _absorb_small_equalities(
        [_Segment(tag == "equal", i1, i2, j1, j2)
         for tag, i1, i2, j1, j2 in _opcodes(old_keys, new_keys)], old_side, new_side)
    segments = _whole_paragraphs(segments, old_side, new_side)
    tokens: list[Token] = []

    def emit(op: Op, text: str) -> None:
        if tokens and tokens[-1][0] == op:
            tokens[-1] = (op, tokens[-1][1] + text)
        elif text:
            tokens.append((op, text))

    for segment in segments:
        if tokens:  # the space before it, as the new text has it (the old, for a deletion)
            if segment.j1 < segment.j2 or segment.equal:
                emit("equal", new_side.spaces[segment.j1] or " ")
            else:
                emit("equal", old_side.spaces[segment.i1] or " ")
        if segment.equal:
            emit("equal", new_side.run(segment.j1, segment.j2))
            continue
        deleted = old_side.paragraphs(segment.i1, segment.i2)
        inserted = new_side.paragraphs(segment.j1, segment.j2)
        if len(deleted) > 1 or len(inserted) > 1:
            for number, (op, text) in enumerate([*(("delete", d) for d in deleted),
                                                 *(("insert", i) for i in inserted)]):
                if number:
                    emit("equal", "\n\n")
                emit(op, text)  # type: ignore[arg-type]
            continue
        for op, texts in (("delete", deleted), ("insert", inserted)):
            for text in texts:
                emit(op, text)  # type: ignore[arg-type]
    return tokens


#: A blank line in the space between two words: a new paragraph.
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


@dataclass
class _Segment:
    """A run of words kept (equal) or changed: old words i1 to i2, new words j1 to j2."""

    equal: bool
    i1: int
    i2: int
    j1: int
    j2: int


@dataclass(frozen=True)
class _Side:
    """The words of one text and the space before each."""

    words: list[str]
    spaces: list[str]

    def run(self, start: int, end: int) -> str:
        """Words start to end, with the spaces between them as written."""
        if start >= end:
            return ""
        return self.words[start] + "".join(self.spaces[k] + self.words[k]
                                           for k in range(start + 1, end))

    def breaks(self, k: int) -> bool:
        """Does a new paragraph start at word k (or is k an end of the text)?"""
        return k <= 0 or k >= len(self.words) or bool(_PARAGRAPH.search(self.spaces[k]))

    def paragraphs(self, start: int, end: int) -> list[str]:
        """Words start to end, a text for each paragraph they are in."""
        out: list[str] = []
        first = start
        for k in range(start + 1, end + 1):
            if k == end or self.breaks(k):
                out.append(self.run(first, k))
                first = k
        return [text for text in out if text]

    def size(self, start: int, end: int) -> int:
        return len(self.run(start, end))


def _absorb_small_equalities(segments: list[_Segment], old: _Side, new: _Side
                             ) -> list[_Segment]:
    """Fold a short run of kept words that sits between larger changes into those changes.

    A rewritten sentence shares little words ("the", "and") with the old one; marking them as
    kept cuts the change into fragments that are hard to read. As in diff-match-patch's
    semantic cleanup, kept text no longer than the change on each side of it is folded in,
    so the reader sees [-the old sentence-]{+the new one+}.
    """
    out: list[_Segment] = []

    def biggest(change: _Segment) -> int:
        return max(old.size(change.i1, change.i2), new.size(change.j1, change.j2))

    for segment in segments:
        if out and not out[-1].equal and not segment.equal:  # two changes side by side
            out[-1].i2, out[-1].j2 = segment.i2, segment.j2
        else:
            out.append(segment)
        while (len(out) >= 3 and not out[-1].equal and out[-2].equal and not out[-3].equal
               and new.size(out[-2].j1, out[-2].j2) <= min(biggest(out[-3]),
                                                           biggest(out[-1]))):
            right = out.pop()
            out.pop()
            out[-1].i2, out[-1].j2 = right.i2, right.j2
    return out


def _whole_paragraphs(segments: list[_Segment], old: _Side, new: _Side) -> list[_Segment]:
    """Widen each change that runs across a paragraph break to whole paragraphs (in both
    texts), taking in the kept words it shares those paragraphs with."""
    out = list(segments)
    k = 0
    while k < len(out):
        change = out[k]
        if change.equal or not (
                any(old.breaks(i) for i in range(change.i1 + 1, change.i2))
                or any(new.breaks(j) for j in range(change.j1 + 1, change.j2))):
            k += 1
            continue
        while not (old.breaks(change.i1) and new.breaks(change.j1)):  # back to a start
            back = max(change.i1 - _start(old, change.i1), change.j1 - _start(new, change.j1))
            kept = out[k - 1]  # changes never sit side by side: a kept run is before
            if back < kept.i2 - kept.i1:
                kept.i2 -= back
                kept.j2 -= back
                change.i1 -= back
                change.j1 -= back
                continue
            change.i1, change.j1 = kept.i1, kept.j1
            del out[k - 1]
            k -= 1
            if k > 0 and not out[k - 1].equal:
                earlier = out.pop(k - 1)
                change.i1, change.j1 = earlier.i1, earlier.j1
                k -= 1
        while not (old.breaks(change.i2) and new.breaks(change.j2)):  # on to an end
            on = max(_end(old, change.i2) - change.i2, _end(new, change.j2) - change.j2)
            kept = out[k + 1]
            if on < kept.i2 - kept.i1:
                kept.i1 += on
                kept.j1 += on
                change.i2 += on
                change.j2 += on
                continue
            change.i2, change.j2 = kept.i2, kept.j2
            del out[k + 1]
            if k + 1 < len(out) and not out[k + 1].equal:
                later = out.pop(k + 1)
                change.i2, change.j2 = later.i2, later.j2
        k += 1
    return out


def _start(side: _Side, k: int) -> int:
    while not side.breaks(k):
        k -= 1
    return k


def _end(side: _Side, k: int) -> int:
    while not side.breaks(k):
        k += 1
    return k


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with the words both texts start and end with set aside first (most
    edits touch a few words, and the matcher's time grows with the square of what it sees)."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail],
                                     autojunk=False).get_opcodes()
    codes = [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle
             if i1 != i2 or j1 != j2]
    if head:
        codes.insert(0, ("equal", 0, head, 0, head))
    if tail:
        codes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    merged: list[tuple[str, int, int, int, int]] = []
    for code in codes:
        if merged and merged[-1][0] == code[0] == "equal":
            merged[-1] = ("equal", merged[-1][1], code[2], merged[-1][3], code[4])
        else:
            merged.append(code)
    return merged


# -- comparing two sessions ----------------------------------------------------------------------
@dataclass(frozen=True)
class RatingChange:
    """A rating before and after (None where there was none), on a scale up to `scale_top`."""

    before: float | None
    after: float | None
    scale_top: int | None = None
    #: In a meeting where each person rated: their median and range, before and after.
    before_group: GroupRating | None = None
    after_group: GroupRating | None = None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return as_number(self.after - self.before)

    @property
    def disagreement(self) -> str:
        """'grew' or 'shrank' when the range of people's ratings widened or narrowed between
        the two meetings ('' when it did not, or either had no ratings from each person)."""
        return disagreement_change(self.before_group, self.after_group)

    @property
    def disagreement_words(self) -> str:
        """'disagreement grew (range 4–4 → 2–5)', or ''."""
        return disagreement_words(self.before_group, self.after_group)


def disagreement_change(before: GroupRating | None, after: GroupRating | None) -> str:
    """Did the range of each person's ratings widen ('grew') or narrow ('shrank')?"""
    if before is None or after is None or before.width == after.width:
        return ""
    return "grew" if after.width > before.width else "shrank"


def disagreement_words(before: GroupRating | None, after: GroupRating | None) -> str:
    """How the disagreement moved, in words, the same in every output ('' when it did not)."""
    how = disagreement_change(before, after)
    if not how:
        return ""
    assert before is not None
    assert after is not None
    return f"disagreement {how} (range {before.range_text} → {after.range_text})"


def point_text(value: float, group: GroupRating | None) -> str:
    """A rating as a trend shows it: '4', '4.5 (3–5)' (median and range of each person's
    ratings), '4 agreed (3–5)' (the group agreed 4 after hearing them)."""
    if group is None:
        return number_text(value)
    agreed = " agreed" if group.agreed is not None and value == group.agreed else ""
    if group.low == group.high == value:
        return f"{number_text(value)}{agreed}"  # everyone gave it: '4', not '4 (4–4)'
    return f"{number_text(value)}{agreed} ({group.low}–{group.high})"


def group_data(group: GroupRating | None) -> dict[str, object] | None:
    """A meeting's spread of ratings as data (JSON): median, lowest, highest, how many rated
    and the rating agreed (null: none, the median stands)."""
    if group is None:
        return None
    return {"median": as_number(group.median), "low": group.low, "high": group.high,
            "rated": group.count, "agreed": group.agreed}


def change_text(delta: float) -> str:
    """A change of rating, signed: '+1', '-0.5', '0'."""
    return f"{'+' if delta > 0 else ''}{number_text(delta)}" if delta else "0"


@dataclass(frozen=True)
class PromptChange:
    """One prompt in a comparison: its answers before and after (None: not asked), and how."""

    prompt_id: str
    section: str
    label: str
    status: Status
    before: Answer | None
    after: Answer | None
    #: The word diff, for changed text (empty otherwise).
    diff: tuple[Token, ...] = ()
    #: Old and new value, when either answer is a rating.
    rating: RatingChange | None = None


Differ = Callable[[str, str], Sequence[Token]]


def prompt_change(prompt_id: str, section: str, label: str, before: Answer | None,
                  after: Answer | None, differ: Differ | None = None) -> PromptChange:
    status = answer_status(before, after)
    rating = None
    if (before is not None and before.rating is not None) or (
            after is not None and after.rating is not None):
        top = next((a.rating_of for a in (after, before) if a is not None and a.rating_of),
                   None)
        rating = RatingChange(before.rating if before else None,
                              after.rating if after else None, top,
                              before.group if before else None,
                              after.group if after else None)
    diff: tuple[Token, ...] = ()
    if status == "changed" and before is not None and after is not None and not (
            before.rating is not None and after.rating is not None):
        diff = tuple(answer_diff(before, after, differ))
    return PromptChange(prompt_id, section, label, status, before, after, diff, rating)


@dataclass(frozen=True)
class QuestionChanges:
    """A question (or the self-assessment) and its prompts, in a comparison."""

    id: str
    label: str
    prompts: tuple[PromptChange, ...]


@dataclass(frozen=True)
class MeetingChanges:
    """Between two meetings: who joined and left, and how actions moved on."""

    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    stayed: tuple[str, ...] = ()
    #: Actions reviewed in the later meeting: (text, owner, status), status being done,
    #: carried over or dropped.
    reviewed: tuple[tuple[str, str, str], ...] = ()
    #: Actions of the earlier meeting the later one did not review: (text, owner).
    not_reviewed: tuple[tuple[str, str], ...] = ()
    #: Actions agreed in the later meeting: (text, owner).
    new: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.joined or self.left or self.reviewed or self.not_reviewed or self.new)


def meeting_changes(before: Session, after: Session) -> MeetingChanges | None:
    """Who joined and left between two meetings, and what happened to the actions. With a
    journal entry on one side only the actions agreed in the meeting after it are said: a
    journal entry has nobody present and reviews nothing, so everyone at the meeting would
    read as having left (or joined), and its actions as forgotten."""
    old, new = before.meeting, after.meeting
    if old is None and new is None:
        return None
    if old is None or new is None:
        return MeetingChanges(new=tuple((a.text, a.owner) for a in (new.actions if new else [])))
    old_people = {p.id: p.name for p in old.participants}
    new_people = {p.id: p.name for p in new.participants}
    reviewed_ids = {r.action.id for r in new.reviews}
    return MeetingChanges(
        joined=tuple(name for pid, name in new_people.items() if pid not in old_people),
        left=tuple(name for pid, name in old_people.items() if pid not in new_people),
        stayed=tuple(name for pid, name in new_people.items() if pid in old_people),
        reviewed=tuple((r.action.text, r.action.owner, r.status) for r in new.reviews),
        not_reviewed=tuple((a.text, a.owner) for a in old.actions if a.id not in reviewed_ids),
        new=tuple((a.text, a.owner) for a in new.actions))


@dataclass(frozen=True)
class Comparison:
    """Two sessions compared prompt by prompt, grouped by question."""

    before: SessionRef
    after: SessionRef
    questions: tuple[QuestionChanges, ...]
    meeting: MeetingChanges | None = None

    @property
    def days(self) -> int:
        return (self.after.date - self.before.date).days

    @property
    def prompts(self) -> tuple[PromptChange, ...]:
        return tuple(p for q in self.questions for p in q.prompts)

    def counts(self) -> dict[Status, int]:
        """How many prompts have each status (every status is present, maybe with 0)."""
        counts: dict[Status, int] = dict.fromkeys(STATUSES, 0)
        for prompt in self.prompts:
            counts[prompt.status] += 1
        return counts


def merged_order(orders: Iterable[Sequence[str]]) -> list[str]:
    """Every id of several orders in one: the first order as it is, then each id that is new
    placed after the id it follows in its own order."""
    result: list[str] = []
    seen: set[str] = set()
    done: set[tuple[str, ...]] = set()
    for order in orders:
        key = tuple(order)
        if key in done:
            continue
        done.add(key)
        if not result:
            result = list(dict.fromkeys(order))
            seen = set(result)
            continue
        position = 0
        for ident in order:
            if ident in seen:
                position = result.index(ident) + 1
                continue
            result.insert(position, ident)
            seen.add(ident)
            position += 1
    return result


def heading_of(ident: str, sessions: Sequence[Session]) -> str:
    """The heading of a question or prompt, from the newest session that has one."""
    return next((s.labels[ident] for s in sessions if s.labels.get(ident)), ident)


def section_of(prompt_id: str, sessions: Sequence[Session]) -> str:
    """The question a prompt belongs to, from the first of the sessions that answered it."""
    for session in sessions:
        answer = session.answer(prompt_id)
        if answer is not None:
            return answer.section
    return ""


def in_framework_order(order: Sequence[str], framework_order: Sequence[str]) -> list[str]:
    """Ids in the framework's order; an id the framework does not have stays after the id it
    follows."""
    place = {ident: number for number, ident in enumerate(framework_order)}
    keys: list[tuple[int, int, int]] = []
    anchor = -1
    for position, ident in enumerate(order):
        if ident in place:
            anchor = place[ident]
            keys.append((anchor, 0, position))
        else:
            keys.append((anchor, 1, position))
    return [ident for _, ident in sorted(zip(keys, order, strict=True))]


def compare_sessions(before: Session, after: Session, before_file: str = "",
                     after_file: str = "", framework_order: Sequence[str] = ()) -> Comparison:
    """Compare two sessions prompt by prompt (labels come from the later one, `after`), in
    the order of the framework's prompt ids when given (then in the sessions' own order)."""
    before, after = with_names(before), with_names(after)
    newest_first = (after, before)
    order = in_framework_order(
        merged_order([a.prompt_id for a in s.answers] for s in newest_first), framework_order)
    by_section: dict[str, list[PromptChange]] = {}
    for prompt_id in order:
        section = section_of(prompt_id, newest_first)
        change = prompt_change(prompt_id, section, heading_of(prompt_id, newest_first),
                               before.answer(prompt_id), after.answer(prompt_id))
        by_section.setdefault(section, []).append(change)
    questions = tuple(QuestionChanges(sid, heading_of(sid, newest_first), tuple(prompts))
                      for sid, prompts in by_section.items())
    return Comparison(SessionRef.of(before, before_file), SessionRef.of(after, after_file),
                      questions, meeting_changes(before, after))


#: The statuses `--only-changed` leaves out: the same both times, or in one session only.
_NOT_CHANGES = ("unchanged", "skipped_in_one", "not_asked_in_one")


def select_questions(comparison: Comparison, question_ids: Sequence[str] = (),
                     only_changed: bool = False, known: Iterable[str] = ()) -> Comparison:
    """Keep some questions (by id) and, with only_changed, the prompts whose answer changed
    (left out: those the same both times, and those asked or answered in one session only).

    Raises NotFoundError for a question id in neither session, suggesting the closest of the
    ids in the sessions and `known` (those of the other sessions).
    """
    questions = comparison.questions
    if question_ids:
        present = [q.id for q in questions]
        for qid in question_ids:
            if qid not in present:
                ids = sorted({*present, *known} - {qid})
                raise NotFoundError(f"neither session has the question '{qid}'."
                                    f"{did_you_mean(qid, ids)}",
                                    hint="The questions in these sessions: "
                                         f"{', '.join(present) or 'none'}")
        questions = tuple(q for q in questions if q.id in question_ids)
    if only_changed:  # what changed between the two: not what only one of them asked
        questions = tuple(
            replace(q, prompts=tuple(p for p in q.prompts if p.status not in _NOT_CHANGES))
            for q in questions)
        questions = tuple(q for q in questions if q.prompts)
    return replace(comparison, questions=questions)



# -- reading a diff ------------------------------------------------------------------------------
_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_INDENTED = re.compile(r"  |\t")
_BLOCK_START = re.compile(r"(?:[-*+>|#]|\d{1,9}[.)])(?:\s|$)")


def reflow(tokens: Sequence[Token]) -> list[Token]:
    """Join lines broken only to wrap, as Markdown does: a single line break becomes a space,
    unless the next line starts a list item, quote, heading or table row. Blank lines (new
    paragraphs) stay, so a diff can be wrapped again to the width of a screen."""
    joined = "".join(text for _, text in tokens)
    if "\n" not in joined:
        return list(tokens)
    soft: list[tuple[int, int]] = []  # where each soft break starts and ends
    for match in _BREAK.finditer(joined):
        start, end = match.span()
        if (start > 0 and joined[start - 1] == "\n") or joined[end:end + 1] == "\n":
            continue
        if end == len(joined) or _BLOCK_START.match(joined, end) or _INDENTED.match(
                joined, joined.index("\n", start) + 1):
            continue  # (an indented line keeps its place, as `reflect show` shows it)
        soft.append((start, end))
    out: list[Token] = []
    offset = 0
    for op, text in tokens:
        stop = offset + len(text)
        if "\n" in text:
            pieces: list[str] = []
            position = offset
            for start, end in soft:
                if offset <= start < stop:
                    pieces += [joined[position:start], " "]
                    position = min(end, stop)
            pieces.append(joined[position:stop])
            text = "".join(pieces)
        out.append((op, text))
        offset = stop
    return out


def reflow_text(text: str) -> str:
    """A text with the line breaks that only wrap it joined (see reflow)."""
    return "".join(t for _, t in reflow([("equal", text)]))
