"""Sessions made fit for a report that leaves the partnership: who may be named, and what is
left out. Pure: a redaction is a new set of sessions, the ones given are not changed.

- `public` (for anyone outside the partnership) names nobody: every participant's name,
  wherever it appears (answers, notes, actions and their owners, check-in, key messages, the
  title, the author), becomes their sector or role ("a VCSE member", "the facilitator"); the
  check-in, each person's rating and the notes are left out.
- Otherwise the people who agreed to be named (Participant.named_in_reports, at the latest
  meeting they were at) keep their names, and everyone else appears by sector or role.
- `leave_out` chooses among checkin, notes, ratings and names ("names": nobody is named).

Names are matched as whole words, whatever their case: the whole name, the first name alone,
a surname after a title (Dr Patel), and possessives (Priya's) with them. A first name that is
also a common English word ("May", "Will", "Grace") is not taken for the name when it is written
in lower case ("we may"), so the words around people are not mangled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar, overload

from reflect_cli.errors import BadInputError

from .meeting import Action, Meeting, Participant, Review, RoundTaken, person_id
from .model import Author, Note, Session

#: What can be left out of a report, in the order the report says it.
LEAVE_OUT = ("checkin", "notes", "ratings", "names")
#: What a public report leaves out: all of it.
PUBLIC = frozenset(LEAVE_OUT)

_LEFT_OUT_WORDS = {
    "checkin": "the check-in round",
    "notes": "the notes of what each person said",
    "ratings": "each person's own rating (the group's ratings are kept)",
}
_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "cllr", "councillor",
           "sir", "dame", "rev")
#: First names that are also everyday words: taken for the name only when written with a
#: capital (a lower-case "may" or "will" is the word).
_COMMON_WORDS = frozenset({
    "amber", "april", "august", "bill", "brook", "chance", "chase", "dawn", "dean", "drew",
    "faith", "frank", "grace", "guy", "hazel", "heath", "holly", "hope", "iris", "ivy", "jack",
    "jade", "joy", "june", "justice", "king", "lance", "lily", "mark", "may", "mercy", "miles",
    "olive", "patience", "pearl", "penny", "pierce", "rich", "river", "robin", "rose", "ruby",
    "rusty", "sage", "sandy", "skip", "stone", "summer", "sunny", "victor", "violet", "ward",
    "will", "win", "wood"
})

S = TypeVar("S", Session, list[Session])
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Redaction(Generic[S]):
    """Sessions as a report may show them, and what was left out, in words (for the report
    to say: 'Left out: ...')."""

    sessions: S
    left_out: tuple[str, ...] = ()
    #: The key messages to head the report: those given (--message), else the newest
    #: meeting's, with names as the rest of the report gives them.
    key_messages: tuple[str, ...] = field(default=())


def parse_leave_out(text: str | Sequence[str]) -> frozenset[str]:
    """`--leave-out checkin,notes` (or given several times) as a set; anything else is a
    BadInputError that lists what may be left out."""
    given = [text] if isinstance(text, str) else list(text)
    wanted = {part.strip().lower().replace("-", "") for item in given for part in item.split(",")
              if part.strip()}
    wanted = {"checkin" if w in ("checkins", "check in") else w for w in wanted}
    unknown = sorted(wanted - set(LEAVE_OUT))
    if unknown:
        raise BadInputError(f"--leave-out: {', '.join(repr(u) for u in unknown)} cannot be left "
                            f"out; choose among {', '.join(LEAVE_OUT)} (separated by commas)",
                            hint="For example: --leave-out checkin,notes")
    return frozenset(wanted)


def article(words: str) -> str:
    """'a' or 'an' before words, by how they sound: 'an NHS member', 'a VCSE member', 'an
    organisation', 'a local authority member'."""
    first = words.split()[0] if words.split() else ""
    if first.isupper() and len(first) > 1:  # said letter by letter: 'an NHS', 'a VCSE'
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def label_for(person: Participant | Author) -> str:
    """How someone appears when they are not named: their role, else their sector ('the
    facilitator', 'the lead partner', 'a VCSE member', 'a community member', 'a member')."""
    roles = person.roles if isinstance(person, Participant) else ()
    if "facilitator" in roles:
        return "the facilitator"
    if "lead" in roles:
        return "the lead partner"
    sector = " ".join(person.sector.split())
    if not sector or sector.lower() in ("other", "not given"):
        return "a member"
    words = sector if (sector.split()[0].isupper() and len(sector.split()[0]) > 1) else (
        sector[:1].lower() + sector[1:])
    if not words.lower().endswith("member"):
        words += " member"
    return f"{article(words)} {words}"


# -- who is who ----------------------------------------------------------------------------------
@dataclass
class _Person:
    name: str
    label: str
    named: bool
    #: When the person was last seen at a meeting: who agreed at their latest meeting counts.
    seen: tuple[object, ...] = ()


def _people(sessions: Sequence[Session]) -> dict[str, _Person]:
    """Everyone at the meetings and every author, by person id, with how they are shown."""
    found: dict[str, _Person] = {}
    for session in sessions:
        when = (session.date, session.created.isoformat())
        if session.meeting is not None:
            for person in session.meeting.participants:
                known = found.get(person.id)
                if known is None or when >= known.seen:
                    found[person.id] = _Person(person.name, label_for(person),
                                               person.named_in_reports, when)
    for session in sessions:
        author = session.author
        if author is not None and author.id not in found and person_id(author.name) not in found:
            found[author.id] = _Person(author.name, label_for(author), False)
    return found


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every name form, longest first, each a whole word."""
    forms = sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n))
    if not forms:
        return None
    parts = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
    # Whole words, and not half of a hyphenated one: 'Ann' is not in 'Ann-Marie'.
    return re.compile(r"(?<![\w])(?<!\w-)(?:" + "|".join(parts) + r")(?![\w])(?!-\w)",
                      re.IGNORECASE)


class _Renamer:
    """Replaces people's names in text with how they are to be shown.

    A name is found however it is written: in any case, with or without its accents ('Jose
    Alvarez' is José Álvarez) and with either apostrophe (O’Neill, O'Neill); by the whole name,
    the first name, or the surname alone when it is written with a capital ('Reed said', not
    'the reed beds'): a report that leaves the partnership must not name people by halves."""

    def __init__(self, people: dict[str, _Person], hidden: set[str],
                 shown: dict[str, str] | None = None) -> None:
        self.forms: dict[str, str] = {}  # a name form, folded -> what it becomes
        #: Forms taken for the name only when written with a capital (surnames: 'Reed').
        self.capital_only: set[str] = set()
        partial: dict[str, set[str]] = {}  # a first name or surname -> the labels it may be
        surnames: set[str] = set()
        for pid in hidden:
            person = people[pid]
            # As the rest of the report shows them: 'a VCSE member (2)' in the text too.
            label = (shown or {}).get(pid, person.label)
            words = _fold(person.name).casefold().split()
            if not words:
                continue
            self.forms[" ".join(words)] = label
            # Each word without the punctuation around it ('Smith, Jo': 'smith' and 'jo').
            words = [w for w in (w.strip(_AROUND) for w in words) if w]
            given = list(words)
            while len(given) > 1 and given[0].rstrip(".") in _TITLES:  # 'Dr Amara Patel'
                given = given[1:]
            if len(given) > 1:
                partial.setdefault(given[0], set()).add(label)
                surname = next((w for w in reversed(given[1:]) if w not in _SUFFIXES), "")
                if surname:
                    # A double-barrelled surname, and each of its halves: 'Whitfield said'.
                    halves = [h for h in surname.split("-") if h] if "-" in surname else []
                    for form in (surname, *halves):
                        partial.setdefault(form, set()).add(label)
                        surnames.add(form)
                    for title in _TITLES:
                        self.forms[f"{title} {surname}"] = label
                        self.forms[f"{title}. {surname}"] = label
        for form, labels in partial.items():
            # Two people of one first name and different labels: say no more than 'someone'.
            if form not in self.forms:
                self.forms[form] = next(iter(labels)) if len(labels) == 1 else "someone"
                if form in surnames:
                    self.capital_only.add(form)
        self.pattern = _pattern(self.forms)
        # The first word of every form: text without any of them holds no name, and is left
        # as it is without running the (long) pattern. A form that starts with no word
        # character turns the shortcut off.
        starts = [re.match(r"\w+", form) for form in self.forms]
        self.starts: frozenset[str] | None = frozenset(
            m.group(0) for m in starts if m is not None) if all(starts) else None

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        folded = _fold(text)
        if self.starts is not None and self.starts.isdisjoint(_WORD.findall(folded.casefold())):
            return text
        origin = _origin(text, folded)
        out: list[str] = []
        done = 0
        for match in self.pattern.finditer(folded):
            start = max(origin[match.start()], done)
            end = max(origin[match.end()] if match.end() < len(folded) else len(text), start)
            out.append(text[done:start])
            out.append(self._replace(match, text[start:end]))
            done = end
        out.append(text[done:])
        return "".join(out)

    def _replace(self, match: re.Match[str], written: str) -> str:
        found = match.group(0)
        key = " ".join(found.split()).casefold()
        if key in _COMMON_WORDS and found == found.lower():
            return written  # the everyday word, not the name
        if key in self.capital_only and not found[:1].isupper():
            return written  # 'the reed beds', not Tom Reed
        label = self.forms.get(key, "someone")
        start = match.start()
        sentence_start = start == 0 or match.string[:start].rstrip()[-1:] in (".", "!", "?",
                                                                                "\n", "")
        return label[:1].upper() + label[1:] if sentence_start else label


#: Apostrophes written as the typographer's or the modifier letter: matched as "'".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
#: Punctuation around a word of a name, not part of it.
_AROUND = ",;:()[]{}\"/!?"
#: Words after a surname that are not one.
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "obe", "mbe", "cbe"})


def _fold_char(char: str) -> str:
    """One character without its accents (é -> e, ﬁ -> fi), apostrophes as "'"; '' for a
    combining mark on its own."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", char)
                   if not unicodedata.combining(c)).translate(_APOSTROPHES)


class _FoldTable(dict[int, str]):
    """str.translate's table for _fold, each character worked out once, when first met."""

    def __missing__(self, code: int) -> str:
        made = self[code] = _fold_char(chr(code))
        return made


class _ChangesLength(dict[int, "str | None"]):
    """A table that deletes every character folded to one character, keeping the others:
    text it leaves empty folds character for character."""

    def __missing__(self, code: int) -> str | None:
        made = self[code] = None if len(_FOLD[code]) == 1 else chr(code)
        return made


_FOLD = _FoldTable()
_CHANGES_LENGTH = _ChangesLength()


def _fold(text: str) -> str:
    return text if text.isascii() else text.translate(_FOLD)


def _origin(text: str, folded: str) -> Sequence[int]:
    """For each character of `folded` (`text` as _fold gives it), the index of the character
    of `text` it came from (to replace a name found in the folded text)."""
    if len(folded) == len(text) and not text.translate(_CHANGES_LENGTH):
        return range(len(text))  # (almost always: character for character)
    origin: list[int] = []
    for index, char in enumerate(text):
        origin.extend([index] * len(_FOLD[ord(char)]))
    return origin


# -- the redaction -------------------------------------------------------------------------------
class Redactor:
    """One way of showing people for a whole report: who is named and who appears as what
    ('a VCSE member (2)' is the same person in every session, chart and table of it), and
    what is left out. Everything a report shows goes through the one Redactor, so a person is
    never named in one place and hidden in another.

    `sessions` are the ones read whole: their people, and what each said at the latest of
    them, decide who may be named. `consent_from` are further sessions read only for that (the
    meetings after a report's own: consent withdrawn since is respected). `meetings` are
    meetings known only in part (actions, people without consent, from the index): their
    people are added, never named unless they agreed in a session read whole."""

    def __init__(self, sessions: Sequence[Session], *, public: bool = False,
                 leave_out: Iterable[str] = (), consent_from: Sequence[Session] = (),
                 meetings: Iterable[Meeting] = ()) -> None:
        wanted = PUBLIC if public else frozenset(leave_out)
        unknown = wanted - PUBLIC
        if unknown:
            raise BadInputError(f"cannot leave out {', '.join(sorted(unknown))}")
        self.wanted = wanted
        self.public = public
        self.people = _people(sessions)
        if consent_from:  # what each said at the latest meeting they were at counts
            latest = _people([*sessions, *consent_from])
            for pid, known in self.people.items():
                known.named = latest[pid].named
        self.hidden = {pid for pid, p in self.people.items()
                       if "names" in wanted or not p.named}
        self.shown = _shown_as(self.people, self.hidden)
        # People met only in `meetings` (an older action's owner) appear by their role or
        # sector, unnumbered: the numbers are for the people of the sessions read whole.
        self._report_people = len(self.people)
        for meeting in meetings:
            for someone in meeting.participants:
                if someone.id not in self.people:
                    self.people[someone.id] = _Person(someone.name, label_for(someone), False)
                    self.hidden.add(someone.id)
                    self.shown[someone.id] = label_for(someone)
        self.rename = _Renamer(self.people, self.hidden, self.shown)

    @property
    def left_out(self) -> tuple[str, ...]:
        """What was left out and who is named, in sentences ('Left out: the check-in round.')."""
        return _left_out_words(self.wanted, *self._core())

    @property
    def naming(self) -> str:
        """Who is named, in a sentence ('' when everyone is, or there is nobody)."""
        return _naming_words(self.wanted, *self._core())

    def _core(self) -> tuple[dict[str, _Person], set[str]]:
        """The people of the sessions read whole, and which of them are not named."""
        core = dict(list(self.people.items())[:self._report_people])
        return core, {pid for pid in self.hidden if pid in core}

    @property
    def items(self) -> tuple[str, ...]:
        """What was left out, each in words ('the check-in round'), in the order LEAVE_OUT."""
        return tuple(_LEFT_OUT_WORDS[k] for k in LEAVE_OUT if k in self.wanted
                     and k in _LEFT_OUT_WORDS)

    def text(self, text: str) -> str:
        """Text with people's names as this report shows them."""
        return self.rename(text)

    def session(self, session: Session) -> Session:
        return _redact_session(session, self.wanted, self.people, self.hidden, self.rename,
                               self.shown)

    def meeting(self, meeting: Meeting) -> Meeting:
        return _redact_meeting(meeting, self.wanted, self.shown, self._new_id, self.rename)

    def _new_id(self, pid: str) -> str:
        return person_id(self.shown[pid]) if pid in self.shown else pid


@overload
def redact(sessions: Session, *, public: bool = False, leave_out: Iterable[str] = (),
           messages: Sequence[str] = ()) -> Redaction[Session]: ...


@overload
def redact(sessions: list[Session], *, public: bool = False, leave_out: Iterable[str] = (),
           messages: Sequence[str] = ()) -> Redaction[list[Session]]: ...


def redact(sessions: Session | list[Session], *, public: bool = False,
           leave_out: Iterable[str] = (), messages: Sequence[str] = ()
           ) -> Redaction[Session] | Redaction[list[Session]]:
    """The sessions as a report may show them (see the module's docstring), and what was left
    out, in words. `messages` (--message), when given, are the key messages instead of the
    newest meeting's."""
    given = [sessions] if isinstance(sessions, Session) else list(sessions)
    redactor = Redactor(given, public=public, leave_out=leave_out)
    rename = redactor.rename
    redacted = [redactor.session(s) for s in given]
    newest = max((s for s in redacted if s.meeting is not None),
                 key=lambda s: (s.date, s.created.isoformat()), default=None)
    chosen = [" ".join(m.split()) for m in messages if m.strip()]
    if chosen and newest is not None and newest.meeting is not None:
        newest.meeting.key_messages = [rename(m) for m in chosen]
    heading = tuple(rename(m) for m in chosen) if chosen else tuple(
        newest.meeting.key_messages if newest is not None and newest.meeting is not None
        else ())
    said = redactor.left_out
    if isinstance(sessions, Session):
        return Redaction(redacted[0], said, heading)
    return Redaction(redacted, said, heading)


def _naming_words(wanted: frozenset[str], people: dict[str, _Person], hidden: set[str]) -> str:
    if not people:
        return ""
    if "names" in wanted or len(hidden) == len(people):
        return "Nobody is named: each person appears by their role or sector."
    if hidden:
        named = sorted(people[pid].name for pid in people if pid not in hidden)
        return (f"Only the people who agreed to be named are named ({', '.join(named)}); "
                "everyone else appears by their role or sector.")
    return ""


def _left_out_words(wanted: frozenset[str], people: dict[str, _Person],
                    hidden: set[str]) -> tuple[str, ...]:
    said = []
    naming = _naming_words(wanted, people, hidden)
    if naming:
        said.append(naming)
    items = [_LEFT_OUT_WORDS[k] for k in LEAVE_OUT if k in wanted and k in _LEFT_OUT_WORDS]
    if items:
        joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
        said.append(f"Left out: {joined}.")
    return tuple(said)


def _shown_as(people: dict[str, _Person], hidden: set[str]) -> dict[str, str]:
    """Each person id -> the name the redacted meeting gives them: their own when named, else
    their label, numbered when several people share it ('a VCSE member (2)')."""
    counts: dict[str, int] = {}
    for pid in hidden:
        counts[people[pid].label] = counts.get(people[pid].label, 0) + 1
    seen: dict[str, int] = {}
    shown = {}
    for pid, person in people.items():
        if pid not in hidden:
            shown[pid] = person.name
            continue
        label = person.label
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} ({seen[label]})"
        shown[pid] = label
    return shown


def _redact_session(session: Session, wanted: frozenset[str], people: dict[str, _Person],
                    hidden: set[str], rename: _Renamer, shown: dict[str, str]) -> Session:

    def new_id(pid: str) -> str:
        return person_id(shown[pid]) if pid in shown else pid

    answers = []
    for answer in session.answers:
        notes: tuple[Note, ...] = () if "notes" in wanted else tuple(
            Note(new_id(n.speaker), rename(n.text),
                 name=shown.get(n.speaker, rename(n.name) if n.name else ""))
            for n in answer.notes)
        answers.append(replace(answer, text=rename(answer.text), notes=notes))
    meeting = None
    if session.meeting is not None:
        meeting = _redact_meeting(session.meeting, wanted, shown, new_id, rename)
    author = session.author
    if author is not None:
        pid = author.id if author.id in people else person_id(author.name)
        if pid in hidden:
            author = Author(shown.get(pid, people[pid].label) if pid in people else "someone")
    return replace(session, title=rename(session.title), answers=answers, meeting=meeting,
                   author=author, labels=dict(session.labels),
                   extra={} if "names" in wanted or wanted == PUBLIC else dict(session.extra),
                   sections=list(session.sections))


def _redact_round(taken: RoundTaken | None, own_ratings_out: bool) -> RoundTaken | None:
    """A rating round's tallies hold no names, and stay; but with each person's own rating
    left out, so does the median of a sector too small to hide one (under three), as in
    the reveal of an anonymous round."""
    from .rounds import SMALLEST_SECTOR

    if taken is None or not own_ratings_out:
        return taken
    return replace(taken, tallies={
        k: replace(t, sectors=tuple(v for v in t.sectors if v[1] >= SMALLEST_SECTOR))
        for k, t in taken.tallies.items()})


def _redact_meeting(meeting: Meeting, wanted: frozenset[str], shown: dict[str, str],
                    new_id: Callable[[str], str], rename: _Renamer) -> Meeting:
    strict = "names" in wanted

    def owner(text: str) -> str:
        """Each owner as shown; one who was never at a meeting (a name typed for the action)
        is 'someone else' when nobody is named, and as typed otherwise (it may be a team)."""
        names = [name.strip() for name in text.split(",") if name.strip()]
        return ", ".join(dict.fromkeys(
            shown.get(person_id(name)) or (
                "someone else" if strict and rename(name) == name else rename(name))
            for name in names))

    def action(item: Action) -> Action:
        return replace(item, text=rename(item.text), owner=owner(item.owner))

    people = [Participant(shown.get(p.id, p.name), p.organisation if shown.get(p.id) == p.name
                          else "", p.sector, p.roles, named_in_reports=shown.get(p.id) == p.name)
              for p in meeting.participants]
    return Meeting(
        participants=people,
        rotation=meeting.rotation,
        checkin={} if "checkin" in wanted else {new_id(k): rename(v)
                                                 for k, v in meeting.checkin.items()},
        orders={k: [new_id(p) for p in v] for k, v in meeting.orders.items()},
        minutes=meeting.minutes,
        seconds_spent=dict(meeting.seconds_spent),
        ratings={} if "ratings" in wanted else {
            k: {new_id(p): n for p, n in v.items()} for k, v in meeting.ratings.items()},
        agreed=dict(meeting.agreed),
        scales=dict(meeting.scales),
        round=_redact_round(meeting.round, "ratings" in wanted),
        actions=[action(a) for a in meeting.actions],
        reviews=[Review(action(r.action), r.status, rename(r.comment), r.was_due)
                 for r in meeting.reviews],
        count_notes=meeting.count_notes and "notes" not in wanted,
        key_messages=[rename(m) for m in meeting.key_messages])
