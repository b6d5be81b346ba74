"""A realistic journal for the benchmark: facilitated meetings and journal entries.

Used by bench.py; it can also be run on its own to write a journal to look at:

    python benchmarks/journalgen.py FOLDER --sessions 200

Sessions are planned one after another in this process (answers drift from one session to the
next, actions agreed in one meeting are reviewed in the next ones, the speaking rotation carries
on), then written by reflect's own log writer in a pool of processes. The same seed gives the same
journal, file for file.

About 40% of the sessions are facilitated meetings of 5 to 12 people (with names such as
"Tom McDonald", "李雷" and "Zoë O'Neill"): speaking orders, a check-in, notes from individuals
under the answers, each person's rating of the self-assessment, actions with owners and due
dates, and reviews of earlier actions. The others are journal entries of a few prompts or of the
whole framework. Answers are drawn from a vocabulary of several thousand words (a few hundred real
ones and synthetic pseudo-words, made offline), whose topics drift from session to session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

# Only the model, the log format (storage/logfile.py) and the session helpers: never the Store,
# which is being rewritten and must not decide what the benchmark's journal looks like.
from reflect_cli.domain.asking import (  # noqa: E402
    EachRated,
    Said,
    Step,
    make_answer,
    new_session,
    plan_steps,
    record,
)
from reflect_cli.domain.meeting import (  # noqa: E402
    REVIEW_STATUSES,
    Action,
    Meeting,
    Participant,
    Review,
    next_rotation,
    speaking_order,
)
from reflect_cli.domain.model import Framework, Note, Session  # noqa: E402
from reflect_cli.inputs.framework import load_framework  # noqa: E402
from reflect_cli.storage.logfile import render_log  # noqa: E402
from reflect_cli.textsafe import ascii_slug  # noqa: E402

#: Bumped whenever the generator writes different journals, so kept journals are not reused.
GENERATOR_VERSION = 1
#: The last day of a generated journal (a new meeting written after it is the latest).
LAST_DAY = dt.date(2026, 3, 5)
#: A word found in many answers, notes and check-ins, for `reflect search`.
COMMON_WORD = "residents"


def _words(text: str) -> list[str]:
    return text.split()


# Frequent words: the glue of sentences and the partnership's everyday words.
_COMMON = _words("""the the the the of of and and and to to to a a in in we we we our our is it that
for with on are was be have not this they more at as but from people residents residents
partnership partners council community services health care time meeting meetings work group
voice families carers young older local housing trust hospital voluntary sector funding data
shared budget decisions power trust respect listening learning volunteers outreach clinics
neighbourhood commissioners primary networks charities faith schools libraries transport
waiting lists outcomes evaluation stories leadership energy accountability money board ICB
GP surgery food bank café""")

# Less frequent real words; the vocabulary is completed with pseudo-words.
_REAL = _words("""ability absence access account achieve acknowledge across action active activity
actually adapt address adult advice advocacy afford after afternoon again against agenda agree
agreement ahead allow almost alone along already also although always ambition among amount
analysis another answer anxious anyone appetite approach area argue around arrange arrival
article aside ask aspiration assess assumption attend attention audience autumn available
avoid aware away awkward background balance barrier base basic became because become before
begin behaviour behind belief belong benefit better between beyond bid big bill birth blame
block borough bottom boundary brave breakfast bridge brief bring broad broken brother building
burden bus busy buy calendar call calm campaign capacity capital careful carry case cash cause
centre certain chair challenge champion chance change chapter charge cheap check child choice
choir church citizen city claim clear clinic close closer coach coffee cold colleague collect
college comfort commit common compare complain complete concern condition confident conflict
connect consider consult contact context continue contract control conversation convince cost
count country county couple courage course court cover create credit crisis critical culture
curious current custom cycle daily damage danger dark daughter deadline deal dear debate debt
decide decline deep default deliver demand dementia depend deprivation describe design despite
detail develop dialogue diary difference difficult dignity dinner direct disability discharge
discuss distance district divide doctor document domestic door doubt draft dream drive drop
early earn easy economy edge education effect effort elderly election email emergency employ
empty encourage ending engage enjoy enough entry environment equal equity error estate evening
event evidence exact example excellent exchange exercise expect expensive experience expert
explain express extra face fact factor fail fair faith fall familiar fear feedback feel field
fight figure final finance find fine finish first fit flexible floor focus follow forget form
formal forward frail free fresh friend front frustrate full fund future garden gather general
generous gentle gift give goal good govern grant grateful great green ground grow guess guide
habit half hall hand happen happy hard harm head hear heart heat help hesitate high history hold
holiday home honest hope hospice host hour human hunger idea identify illness image impact
improve include income increase independent inform initial inquiry inside insight inspire
interest invite involve issue item job join journey judge keep key kind kitchen knowledge
label lack language large late laugh launch lead leaflet learn leave legal lesson letter level
life light likely limit link listen little live loan lonely long look lose loud lunch main
maintain major manage manager map market matter mean measure medicine member memory mental
mention message method middle mind minute miss mistake model moment month mood morning mother
move myth name narrow nation natural near need neighbour nervous network new news night noise
normal note notice number nurse object obvious occasion offer office officer often open option
order ordinary organise outcome outside owner pace page pain paper parent park part pass patient
pattern pay peer pension period permission person phone pilot place plan play pleasure pocket
policy poor position positive possible post poverty practice praise prepare present pressure
pretty prevent pride priority private problem process produce project promise proper protect
proud provide public pull purpose push quality question quick quiet race rain raise rare rather
reach read ready real reason receive recent record recover reduce referral reflect refuse region
relation relief remain remember rent repair report request research resource rest result
return review reward right risk road role room round rule rural safe salary save scale scheme
season seat second secret secure seek sense separate serious session settle share shift shop
short sick sign silence simple single sister site skill slow small social solution sorry sort
space speak special spend spirit spring staff stage stand start statement stay step still stop
story strategy street strength stress strong struggle study style succeed suggest summer
support sure surprise survey system table talk target task teach team tell tenant tension term
test thank theme thing think thought threat ticket tired today together tomorrow tone topic
touch toward town track train transfer travel treat trial trip trouble true trust truth turn
understand union unit unpaid upset urgent usual value vision visit vote wait walk want warm
waste watch weak wealth week weekend welcome welfare well whole wide win winter wish wonder word
worry write wrong year yesterday youth naïve déjà rôle coöperation façade résumé Zoë
señora über jalapeño smörgåsbord""")


def vocabulary(size: int = 6000, seed: int = 11) -> list[str]:
    """Real words, then pseudo-words made of English-like syllables, `size` in all."""
    rng = random.Random(seed)
    words = list(dict.fromkeys(_REAL))
    seen = set(words) | set(_COMMON)
    onsets = ["b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l",
              "m", "n", "p", "pl", "pr", "r", "s", "sh", "sl", "st", "t", "th", "tr", "v", "w",
              ""]
    nuclei = ["a", "e", "i", "o", "u", "ea", "ou", "ai", "ee", "oo", "é", "ö"]
    codas = ["", "", "n", "r", "st", "ck", "m", "nd", "th", "ll", "s", "ng", "x"]
    while len(words) < size:
        word = "".join(rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas)
                       for _ in range(rng.choice((1, 2, 2, 3))))
        if len(word) > 2 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


PEOPLE_ORGANISATIONS = [
    ("Northfield NHS Trust", "NHS"), ("Eastgate Primary Care Network", "NHS"),
    ("Northfield Council", "Local authority"), ("Eastgate Borough Council", "Local authority"),
    ("Northfield Food Bank", "VCSE"), ("Age Concern Northfield", "VCSE"),
    ("Café Rencontre", "VCSE"), ("St Mary's Church", "VCSE"),
    ("Eastgate Tenants Association", "Community member"), ("Eastgate resident", "Community member"),
    ("Northfield resident", "Community member"), ("Eastgate Housing", "Other"),
    ("Northfield Library", "Other"), ("Integrated Care Board", "NHS"),
]
PEOPLE_NAMES = [
    "Tom McDonald", "Fatima Begum", "李雷", "Zoë O'Neill", "Aisha Khan", "Tom Reed",
    "Priya Shah", "Sam Okafor", "Jo Bell", "Lee Wong", "Mary Ellis", "Siobhán Ní Bhriain",
    "José Álvarez", "Ngozi Okonkwo-Adeyemi", "Anna-Marie van der Berg", "Dafydd ap Gwilym",
    "Chloé Dubois", "Kwame Mensah", "Łukasz Nowak", "Mohammed Al-Farsi", "Hannah O'Brien",
    "Rhys MacLeod", "Grace Adebayo", "Ewa Kowalska", "Björn Andersson", "王芳",
    "Nguyễn Văn An", "Yusuf Demir", "Catriona MacDonald", "Raj Patel", "Sarah Jones",
    "David Smith", "Deborah Hughes", "Imran Hussain", "Leah Cohen", "Oluwaseun Adeyemi",
]
MEETING_TITLES = ["Partnership meeting", "Monthly partnership meeting", "Spring partnership review",
                  "Autumn partnership review", "Away day", "Café conversation with residents",
                  "Board preparation", "Réunion des partenaires", "Steering group", ""]
JOURNAL_TITLES = ["Journal", "Thoughts after the ICB board", "Notes to self", "",
                  "After the café morning", "Reflections — week", "Quick thought", "Diary"]


@dataclass
class Plan:
    """What the generator decided for one session, ready to render in a worker."""

    name: str
    session: Session


class _Writer:
    """Words and sentences whose topics drift as the journal goes on."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary()
        self.centre = 0

    def word(self) -> str:
        rng = self.rng
        if rng.random() < 0.45:
            return rng.choice(_COMMON)
        spread = int(abs(rng.gauss(0, 250)))
        return self.words[(self.centre + spread) % len(self.words)]

    def sentence(self, low: int = 5, high: int = 16) -> str:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        roll = self.rng.random()
        if roll < 0.06:
            words.insert(self.rng.randrange(len(words)), f"“{self.word()} {self.word()}”")
        elif roll < 0.1:
            words.append(f"({self.rng.randint(2, 250)} {self.word()})")
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice(".....?!")

    def answer(self) -> str:
        paragraphs = [" ".join(self.sentence() for _ in range(self.rng.randint(1, 3)))
                      for _ in range(self.rng.choice((1, 1, 1, 2, 3)))]
        return "\n\n".join(paragraphs)

    def drift(self, text: str) -> str:
        """Last time's answer with a few words changed, as people do when they revisit it."""
        rng = self.rng
        words = text.split(" ")
        for _ in range(rng.randint(1, 5)):
            where = rng.randrange(len(words))
            roll = rng.random()
            if roll < 0.45:
                words[where] = self.word()
            elif roll < 0.75 or len(words) < 6:
                words.insert(where, self.word())
            else:
                del words[where]
        changed = " ".join(words)
        if (len(words) > 60 or rng.random() < 0.1) and ". " in changed:
            return changed.split(". ", 1)[1]  # the first sentence is no longer true
        if rng.random() < 0.25:
            changed += " " + self.sentence()
        return changed


class _Generator:
    def __init__(self, framework: Framework, count: int, seed: int,
                 weekly: bool = False) -> None:
        self.framework = framework
        self.count = count
        #: Weekly meetings of the whole framework (a partnership's year), and nothing else.
        self.weekly = weekly
        self.rng = random.Random(seed)
        self.text = _Writer(self.rng)
        self.previous: dict[str, str | int] = {}
        rng = random.Random(seed + 1)
        self.people = [Participant(name, *rng.choice(PEOPLE_ORGANISATIONS))
                       for name in PEOPLE_NAMES]
        self.group = rng.sample(range(len(self.people)), 8)
        self.last_meeting: Meeting | None = None
        self.open_actions: dict[str, Action] = {}
        self.names: set[str] = set()
        self.last_created: dt.datetime | None = None
        self.text_steps = [s for s in plan_steps(framework) if s.prompt.type == "text"]

    def days(self) -> list[dt.date]:
        """The sessions' dates: several on some days, spread over up to 20 years (weekly: one
        a week, the last on LAST_DAY)."""
        if self.weekly:
            return [LAST_DAY - dt.timedelta(weeks=self.count - 1 - n) for n in range(self.count)]
        span = int(min(self.count * 1.4, 20 * 365))
        offsets = sorted(self.rng.randrange(span) for _ in range(self.count))
        return [LAST_DAY - dt.timedelta(days=span - 1 - o) for o in offsets]

    def plans(self) -> list[Plan]:
        out = []
        for number, date in enumerate(self.days()):
            self.text.centre = number * 3
            kind = "meeting" if self.weekly or self.rng.random() < 0.4 else "journal"
            session = self.meeting(date) if kind == "meeting" else self.journal(date)
            out.append(Plan(self.file_name(session), session))
        return out

    def file_name(self, session: Session) -> str:
        slug = ascii_slug(session.title)[:40].strip("-") or session.kind
        stem = f"{session.date.isoformat()}-{slug}"
        name, attempt = f"{stem}.md", 1
        while name in self.names:
            attempt += 1
            name = f"{stem}-{attempt}.md"
        self.names.add(name)
        return name

    def new(self, steps: Sequence[Step], date: dt.date, kind: str, title: str,
            hour: int) -> Session:
        summer = 4 <= date.month <= 10  # British Summer Time, roughly
        zone = dt.timezone(dt.timedelta(hours=1 if summer else 0))
        created = dt.datetime.combine(date, dt.time(hour, self.rng.randrange(60)), zone)
        last = self.last_created
        if last is not None and last.date() == date and created <= last:
            # Several sessions on one day: written one after another, as they were held.
            later = last + dt.timedelta(minutes=self.rng.randint(15, 90))
            created = later if later.date() == date else last + dt.timedelta(seconds=1)
        self.last_created = created
        session = new_session(self.framework, steps, title=title, kind=kind, date=date,
                              now=created)
        session.id = f"{self.rng.getrandbits(48):012x}"
        return session

    def value(self, step: Step) -> str | int | None:
        rng = self.rng
        previous = self.previous.get(step.prompt.id)
        if rng.random() < 0.05:
            return None
        if step.prompt.type == "rating":
            base = previous if isinstance(previous, int) else rng.randint(2, 4)
            value: str | int = min(5, max(1, base + rng.choice((-1, 0, 0, 0, 1))))
        elif isinstance(previous, str) and rng.random() < 0.7:
            value = previous if rng.random() < 0.03 else self.text.drift(previous)
        else:
            value = self.text.answer()
        self.previous[step.prompt.id] = value
        return value

    def journal(self, date: dt.date) -> Session:
        rng = self.rng
        if rng.random() < 0.25:
            steps = plan_steps(self.framework)
        else:
            chosen = rng.sample(self.text_steps, rng.randint(1, 5))
            steps = plan_steps(self.framework, prompt_ids=[s.prompt.id for s in chosen])
        title = rng.choice(JOURNAL_TITLES)
        session = self.new(steps, date, "journal", title, rng.randint(17, 22))
        for step in steps:
            record(session, steps, make_answer(step, self.value(step)))
        return session

    def who(self) -> list[Participant]:
        """This meeting's people: mostly last time's, a few come and go."""
        rng = self.rng
        group = list(self.group)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            if len(group) > 5:
                group.remove(rng.choice(group))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            if len(group) < 12:
                newcomer = rng.randrange(len(self.people))
                if newcomer not in group:
                    group.append(newcomer)
        while len(group) < 5:
            newcomer = rng.randrange(len(self.people))
            if newcomer not in group:
                group.append(newcomer)
        self.group = group
        people = [self.people[i] for i in group]
        roles = {group[0]: ("facilitator",), group[1]: ("lead",)}
        return [Participant(p.name, p.organisation, p.sector, roles.get(i, ()))
                for i, p in zip(group, people, strict=True)]

    def meeting(self, date: dt.date) -> Session:
        rng = self.rng
        fw = self.framework
        questions = [s.id for s in fw.questions]
        if self.weekly or rng.random() < 0.5:
            chosen = questions + ([fw.assessment.id] if fw.assessment else [])
        else:
            chosen = rng.sample(questions, rng.randint(1, 3))
            if fw.assessment and rng.random() < 0.5:
                chosen.append(fw.assessment.id)
        steps = plan_steps(fw, chosen)
        session = self.new(steps, date, "meeting", rng.choice(MEETING_TITLES),
                           rng.choice((10, 10, 14, 18)))
        people = self.who()
        meeting = Meeting(participants=people, minutes=rng.choice((None, 60, 90, 120)))
        meeting.rotation = next_rotation(self.last_meeting) if self.last_meeting else 0
        meeting.orders = {sid: [p.id for p in speaking_order(people, meeting.rotation + i)]
                          for i, sid in enumerate(session.sections)}
        if rng.random() < 0.6:
            meeting.checkin = {p.id: self.text.sentence(3, 10) for p in people
                               if rng.random() < 0.7}
        for sid in session.sections:
            meeting.seconds_spent[sid] = rng.randrange(120, 2400)
        session.meeting = meeting
        for step in steps:
            record(session, steps, make_answer(step, self.meeting_value(step, meeting)))
        # Reviews of the actions still open, then this meeting's own actions.
        for action in list(self.open_actions.values()):
            roll = rng.random()
            if roll < 0.1:
                continue  # not reviewed this time: still open
            status = ("done" if roll < 0.65 else "carried over" if roll < 0.9 else "dropped")
            assert status in REVIEW_STATUSES
            meeting.reviews.append(Review(action, status))
            if status != "carried over":
                del self.open_actions[action.id]
        text_sections = [s for s in session.sections if fw.section(s) is not None
                         and not fw.section(s).is_assessment]  # type: ignore[union-attr]
        for number in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            owner = rng.choice(people).name if rng.random() < 0.9 else ""
            due = date + dt.timedelta(days=rng.randint(14, 120)) if rng.random() < 0.85 else None
            action = Action(f"{session.id}-{number + 1}", self.text.sentence(4, 12), owner, due,
                            rng.choice(text_sections) if text_sections else "")
            meeting.actions.append(action)
            self.open_actions[action.id] = action
        self.last_meeting = meeting
        return session

    def meeting_value(self, step: Step, meeting: Meeting) -> str | int | None | Said | EachRated:
        rng = self.rng
        people = meeting.participants
        if step.prompt.type == "rating":
            group = self.value(step)
            if group is None or not isinstance(group, int):
                return None
            ratings = {p.id: min(5, max(1, group + rng.choice((-2, -1, 0, 0, 0, 1, 1))))
                       for p in people if rng.random() < 0.9}
            if not ratings:
                return group
            meeting.ratings[step.prompt.id] = ratings
            meeting.scales[step.prompt.id] = (step.prompt.scale.low,  # type: ignore[union-attr]
                                              step.prompt.scale.high)  # type: ignore[union-attr]
            return EachRated(ratings)
        text = self.value(step)
        count = rng.choice((0, 0, 1, 1, 2, 3))
        notes = tuple(Note(rng.choice(people).id, self.text.sentence()) for _ in range(count))
        if not notes:
            return text
        if rng.random() < 0.05:
            text = ""  # only what individuals said
        return Said(str(text or ""), notes)


def _write(folder: str, plans: list[Plan]) -> int:
    """Write some logs (in a worker); never replace a file."""
    written = 0
    for plan in plans:
        text = render_log(plan.session)
        with open(os.path.join(folder, plan.name), "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        written += len(text.encode())
    return written


def write_journal(folder: Path, count: int, seed: int = 4, workers: int | None = None,
                  weekly: bool = False) -> dict[str, int]:
    """Write `count` sessions into `folder` (created if needed); return what was written.
    `weekly`: a meeting of the whole framework each week, ending on LAST_DAY (the sessions
    a report over a partnership's year reads)."""
    framework = load_framework()
    plans = _Generator(framework, count, seed, weekly).plans()
    folder.mkdir(parents=True, exist_ok=True)
    workers = workers or min(4, os.cpu_count() or 1)
    chunks = [plans[i:i + 250] for i in range(0, len(plans), 250)]
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(workers) as pool:
            size = sum(pool.map(_write, [str(folder)] * len(chunks), chunks))
    else:
        size = sum(_write(str(folder), chunk) for chunk in chunks)
    meetings = sum(1 for p in plans if p.session.kind == "meeting")
    return {"sessions": count, "meetings": meetings, "journal_entries": count - meetings,
            "bytes": size}


def main(args: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a realistic reflect journal.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--weekly", action="store_true",
                        help="a meeting of the whole framework each week, nothing else")
    options = parser.parse_args(args)
    print(write_journal(options.folder, options.sessions, options.seed,
                        weekly=options.weekly))
    return 0


if __name__ == "__main__":
    sys.exit(main())
