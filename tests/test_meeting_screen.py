"""The meeting on a shared screen, as people see it: a real terminal of a given size, read
back through a terminal emulator (pyte), so what is asserted is what is on the screen."""

from __future__ import annotations

import re
import shlex
import signal
import time
from pathlib import Path

import pexpect
import pyte
import pytest
from helpers import drafts, log_paths, read_log
from test_interactive import DOWN, ENTER, TIMEOUT, Terminal

CTRL_C = "\x03"
CTRL_N = "\x0e"
SIZES = [pytest.param((24, 80), id="80x24"), pytest.param((20, 60), id="60x20")]

PEOPLE = """\
- name: Daniel Hughes
  organisation: Eastbrook Homes (housing association)
  sector: Other
  role: facilitator
- name: Margaret Oyelaran-Whitfield
  organisation: Northfield and District Clinical Commissioning
  sector: NHS
  role: lead
- name: Priya Shah
  organisation: Northfield Council
  sector: Local authority
- name: Sam Okafor
  organisation: Eastgate Tenants Association
  sector: Community member
"""
NAMES = ("Daniel Hughes", "Margaret Oyelaran-Whitfield", "Priya Shah", "Sam Okafor")


class _Feed:
    """Passes what reflect writes to the terminal emulator (and keeps it, raw)."""

    def __init__(self, stream: pyte.Stream) -> None:
        self.stream = stream
        self.raw: list[str] = []

    def write(self, text: str) -> None:
        self.raw.append(text)
        self.stream.feed(text)

    def flush(self) -> None:
        pass


class Screen(Terminal):
    """A reflect process in a pseudo-terminal of `size` (rows, columns), with its screen."""

    def __init__(self, journal: Path, *args: str, size: tuple[int, int],
                 env: dict[str, str] | None = None) -> None:
        super().__init__(journal, *args, env=env, size=size)
        rows, columns = size
        self.screen = pyte.Screen(columns, rows)
        self.feed = _Feed(pyte.Stream(self.screen))
        self.child.logfile_read = self.feed

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def shown(self) -> str:
        """The screen's text, its lines joined with spaces (so wrapped text reads whole)."""
        return " ".join(" ".join(self.lines()).split())

    def wait_match(self, pattern: str) -> re.Match[str]:
        """Wait until the pattern is found on the screen."""
        deadline = time.monotonic() + TIMEOUT
        while (found := re.search(pattern, self.shown())) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"not on the screen: {pattern}\n" + "\n".join(self.lines()))
            self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.1)
        return found

    def wait_shown(self, *texts: str, timeout: float = TIMEOUT) -> None:
        """Wait until every text is on the screen at once."""
        deadline = time.monotonic() + timeout
        while not all(t in self.shown() for t in texts):
            if time.monotonic() > deadline:
                raise AssertionError(f"not on the screen: {texts}\n" + "\n".join(self.lines()))
            self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.1)


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.yaml"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _to_first_question(term: Screen) -> None:
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("Press Enter twice to finish", "Ctrl-C: stop")


@pytest.mark.parametrize("size", SIZES)
def test_the_question_the_speaking_order_and_the_keys_stay_on_a_small_screen(
        journal: Path, people: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-q", "purpose", "-q", "role", "--participants",
                  str(people), "--minutes", "90", "--title", "Screen", size=size)
    _to_first_question(term)
    # A long answer: far more lines than the screen has.
    typed = [f"Point number {i} from the group" for i in range(1, 31)]
    for line in typed:
        term.send(line + ENTER)
    term.wait_shown("Point number 30 from the group")
    shown = term.shown()
    assert "Question 1 · prompt 1 of 5: Who are the intended beneficiaries of your work " \
           "together?" in shown
    assert "Speaking order:" in shown
    assert all(name in shown for name in NAMES)  # whole names, none cut at the edge
    assert re.search(r"Time on question 0:\d\d of 45:00 · meeting 0:\d\d of 90:00", shown)
    for key in ("Enter twice: finish", "Ctrl-N: a note from one person",
                "Ctrl-A: add an action", "Ctrl-B: back", "Ctrl-E: write in your editor",
                "Ctrl-X: examples", "Ctrl-C: stop"):
        assert key in shown
    assert "Point number 30" in shown  # and the answer being typed
    # A note: the list of people fits the screen, each line whole (shortened, not cut).
    term.send(CTRL_N)
    term.wait_shown("Who is speaking?", "Cancel: no note")
    listed = [line for line in term.lines() if any(n in line for n in NAMES)]
    assert len(listed) == 4, term.lines()
    for line in listed:
        assert line.endswith(")"), line
        assert len(line) < size[1], line
    term.send(ENTER)  # the first in the speaking order
    # The note's box keeps the essentials too, with only the keys a note takes.
    term.wait_shown("What did", "Ctrl-C: stop")
    assert "Ctrl-E: write in your editor" in term.shown()
    assert "Ctrl-N" not in term.shown()
    term.send("Tenants first" + ENTER)
    term.send(ENTER)
    # Back in the answer box, the speaker ticked in the speaking order.
    term.wait_shown("✓", "Ctrl-N: a note from one person")
    assert re.search(r"Note from [\w -]+ added\.", "".join(term.feed.raw))
    term.send(ENTER)
    term.send(ENTER)
    term.expect("Prompt 2 of ")
    term.child.terminate(force=True)
    (draft,) = drafts(journal)
    answer = draft.session.answer("purpose.beneficiaries")
    assert answer.text == "\n\n".join(typed)
    assert [n.text for n in answer.notes] == ["Tenants first"]


def test_the_clock_runs_while_typing_and_says_when_to_move_on(journal: Path,
                                                              people: Path) -> None:
    # Six questions in a minute: ten seconds each.
    questions = [a for q in ("purpose", "role", "members", "workload", "learning",
                             "characteristics") for a in ("-q", q)]
    term = Screen(journal, "session", *questions, "--participants", str(people),
                  "--minutes", "1", "--title", "Clock", size=(24, 80))
    _to_first_question(term)
    clock = r"Time on question 0:(\d\d) of 0:10 · meeting 0:(\d\d) of 1:00"
    first = int(term.wait_match(clock).group(1))
    assert first < 10
    assert "Time's up" not in term.shown()
    term.send("Typed while the clock runs")
    term.expect_typed("Typed while the clock runs")
    # The clock moves on by itself, while the box waits for keys.
    deadline = time.monotonic() + TIMEOUT
    while int(term.wait_match(clock).group(1)) < first + 2:
        assert time.monotonic() < deadline, "the clock stands still"
        term.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.2)
    term.wait_shown("Time's up for this question: move on when you are ready.", timeout=15)
    term.wait_shown("Time on question 0:1")
    assert "Typed while the clock runs" in term.shown()  # the typing is left as it was
    term.send(", and after the cue" + ENTER + ENTER)
    term.expect("Prompt 2 of ")
    # The next prompt of the same question carries its clock on (time is per question).
    term.wait_shown("Time on question 0:1")
    raw = "".join(term.feed.raw)
    term.child.terminate(force=True)
    (draft,) = drafts(journal)
    assert draft.session.answer("purpose.beneficiaries").text == (
        "Typed while the clock runs, and after the cue")
    # NO_COLOR: the clock and the cue are drawn without a single colour.
    colours = [m for m in re.findall(r"\x1b\[([0-9;]*)m", raw)
               if any(p in {"30", "31", "32", "33", "34", "35", "36", "37", "38", "90", "91",
                            "92", "93", "94", "95", "96", "97"} for p in m.split(";"))]
    assert colours == []
    assert log_paths(journal) == []  # stopped in the middle: a draft, no log


@pytest.mark.parametrize("size", SIZES)
def test_a_rating_in_a_meeting_shows_the_speaking_order_and_the_clock(
        journal: Path, people: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-p", "characteristics.agreement", "-p",
                  "characteristics.trust", "--participants", str(people), "--minutes", "30",
                  "--title", "Ratings", size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("How will you rate the characteristics?")
    term.send(DOWN + ENTER)  # one rating agreed by the group
    term.wait_shown("How true is this of your partnership now?", "Skip this one",
                    "Time on question 0:0")
    shown = term.shown()
    assert "Prompt 1 of 2 · Genuine agreement on need for partnership" in shown
    assert "Speaking order:" in shown
    assert all(name in shown for name in NAMES)
    assert re.search(r"Time on question 0:0\d of 30:00 · meeting 0:0\d of 30:00", shown)
    assert shown.count("Genuine agreement on need") == 1  # said once, not twice
    term.send(DOWN * 3 + ENTER)  # 4: Mostly
    # The rating is taken and kept: the meeting moves on to the next prompt.
    term.wait_shown("Prompt 2 of 2", "How true is this of your partnership now?")
    term.child.terminate(force=True)
    (draft,) = drafts(journal)
    assert draft.session.answer("characteristics.agreement").rating == 4


@pytest.mark.parametrize("size", SIZES)
def test_the_same_command_after_a_crash_carries_on_by_default(
        journal: Path, people: Path, size: tuple[int, int]) -> None:
    command = ("session", "-q", "purpose", "--participants", str(people), "--minutes", "90",
               "--title", "Quarterly meeting of the Northfield partnership board")
    term = Screen(journal, *command, size=size)
    _to_first_question(term)
    term.send("Kept through the crash" + ENTER)
    term.send(ENTER)
    term.wait_shown("Prompt 2 of 5")
    term.child.kill(signal.SIGKILL)
    term.child.close()

    term = Screen(journal, *command, size=size)  # the very same command, run again
    term.wait_shown("You have an unfinished session.", "Start a new session")
    (line,) = [x for x in term.lines() if "Carry on with" in x]
    # The line is whole: shortened to fit (the title, not the details), and the pointer
    # starts on it, so Enter carries on.
    started = r", started \d+ \w\w\w \d\d:\d\d" if size[1] == 80 else ""
    assert re.search(r'» Carry on with "Quarterly meeting .*" \(1 answered' + started + r'\)$',
                     line), line
    assert len(line) < size[1]
    term.send(ENTER)
    term.wait_shown("Prompt 2 of 5", "Ctrl-C: stop")
    assert 'Carrying on with "Quarterly meeting' in "".join(term.feed.raw)
    term.child.terminate(force=True)
    (draft,) = drafts(journal)
    assert draft.session.answer("purpose.beneficiaries").text == "Kept through the crash"


@pytest.mark.parametrize("columns", [200, 60])
def test_the_hint_to_carry_on_repeats_the_folder_quoted_for_the_shell(tmp_path: Path,
                                                                      columns: int) -> None:
    # A long path on a narrow screen: the command is still one line, to copy whole.
    folder = tmp_path / "partnership logs of the Northfield and Eastgate partnership"
    term = Screen(tmp_path / "elsewhere", "session", "-p", "purpose.impact", "--kind",
                  "journal", "--title", "Paused", "--dir", str(folder), size=(24, columns))
    term.expect("Press Enter twice to finish")
    term.expect("Ctrl-C: stop")
    term.send("Half an answer")
    term.expect_typed("Half an answer")
    term.send(CTRL_C)
    term.expect("Throw this session away")
    term.send(DOWN + ENTER)  # pause
    term.child.expect(r"To carry on, run:\s+([^\r\n]+)")
    hint = term.child.match.group(1).strip()
    assert hint == f"reflect session --resume --dir '{folder}'"
    term.finish()
    # The hint, typed as it is, finds the session again (and REFLECT_DIR points elsewhere).
    words = shlex.split(hint)
    assert words[:2] == ["reflect", "session"]
    term = Screen(tmp_path / "elsewhere", *words[1:], size=(24, 80))
    term.expect("Carrying on with \"Paused\"")
    term.expect_typed("Half an answer")
    term.send(ENTER + ENTER)
    term.finish()
    assert [read_log(p).answer("purpose.impact").text for p in log_paths(folder)] == [
        "Half an answer"]


@pytest.mark.parametrize(("windows", "expected"), [
    (False, "reflect session --resume --framework 'my framework.yaml' --dir "
            "'/home/jo/Partnership logs'"),
    (True, 'reflect session --resume --framework "my framework.yaml" --dir '
           '"/home/jo/Partnership logs"'),
])
def test_the_resume_command_quotes_paths_for_the_shell(windows: bool, expected: str) -> None:
    from reflect_cli.app.session_flow import resume_command

    assert resume_command(Path("/home/jo/Partnership logs"), Path("my framework.yaml"),
                          windows=windows) == expected
    assert resume_command(windows=windows) == "reflect session --resume"
    assert resume_command(Path("/logs"), windows=windows) == (
        "reflect session --resume --dir /logs")


NAME_PROMPT = "Name (Enter with nothing typed when everyone is added)"


def _wait_for_name(term: Screen, count: int) -> None:
    """Wait for the count-th question for a name (the earlier ones are still on the screen)."""
    deadline = time.monotonic() + TIMEOUT
    while term.shown().count(NAME_PROMPT) < count:
        assert time.monotonic() < deadline, "\n".join(term.lines())
        term.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.1)


def _add_person(term: Screen, count: int, name: str, organisation: str) -> None:
    _wait_for_name(term, count)
    term.send(name + ENTER)
    term.wait_shown(f"{name}'s organisation (optional)")
    term.send(organisation + ENTER)
    term.wait_shown(f"{name}'s sector:", "Not given")
    term.send(ENTER)  # the first sector


def _listed(term: Screen) -> list[str]:
    """The people in the list on the screen, without the pointer."""
    return [line.replace("»", " ").strip() for line in term.lines()
            if any(name in line for name in NAMES) and "›" not in line]


@pytest.mark.parametrize("size", SIZES)
def test_people_are_listed_alike_and_the_screen_says_how_many_are_here(
        journal: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-q", "role", "--kind", "meeting", "--title", "First",
                  size=size)
    _add_person(term, 1, "Daniel Hughes", "Eastbrook Homes (housing association)")
    _add_person(term, 2, "Margaret Oyelaran-Whitfield",
                "Northfield and District Clinical Commissioning")
    _wait_for_name(term, 3)
    term.send(ENTER)
    term.wait_shown("Who is facilitating?", "Nobody in particular")
    facilitators = _listed(term)
    term.send(ENTER)
    term.wait_shown("Who is the lead partner?", "There is no lead partner")
    leads = _listed(term)
    # Both lists show each person the same way: name and organisation, whole.
    assert facilitators == leads
    assert facilitators[0].startswith("Daniel Hughes (Eastbrook Homes (housing association)")
    assert facilitators[1].startswith("Margaret Oyelaran-Whitfield (Northfield")
    assert all(line.endswith(")") and len(line) < size[1] for line in facilitators)
    term.send(DOWN + ENTER)
    term.wait_shown("Who agrees to be named", "Enter when done")
    term.send(ENTER)  # nobody named
    term.wait_shown("Start with a check-in round?")
    term.send("y" + ENTER)
    term.wait_shown("Order: ")
    first = term.shown().split("Order: ")[1].split(", ")[0]
    (second,) = {"Daniel Hughes", "Margaret Oyelaran-Whitfield"} - {first}
    term.wait_shown(f"› {first}:")
    term.send("Here" + ENTER)
    term.wait_shown(f"› {second}:")
    term.send(ENTER)
    term.wait_shown("Ctrl-C: stop")
    term.send(CTRL_C)
    term.wait_shown("Throw this session away")
    term.send(ENTER)  # save the log now, with who was there
    term.wait_shown("Key message 1:")
    term.send(ENTER)
    term.finish()

    term = Screen(journal, "session", "-q", "role", "--kind", "meeting", "--title", "Second",
                  size=size)
    term.wait_shown("Who is here today?", "Enter when done", "Margaret")
    term.send(ENTER)  # everyone from last time
    term.wait_shown("Is anyone else here (someone new)?")
    # Said in plain words, not as questionary's 'done (2 selections)'.
    # Who, by name, for the room to check (it said "Everyone from last time is ticked. 2
    # people chosen").
    assert "› Who is here today? Daniel Hughes, Margaret Oyelaran-Whitfield" in term.shown() \
        or "› Who is here today? Margaret Oyelaran-Whitfield, Daniel Hughes" in term.shown()
    assert "chosen" not in term.shown()
    assert "selections" not in term.shown()
    term.child.terminate(force=True)


def test_an_added_action_is_repeated_with_who_does_it_and_by_when(journal: Path,
                                                                  people: Path) -> None:
    term = Screen(journal, "session", "-p", "purpose.impact", "--participants", str(people),
                  "--title", "Actions", size=(24, 80))
    _to_first_question(term)
    term.send("\x01")  # Ctrl-A
    term.wait_shown("What is the action?")
    term.send("Book the hall" + ENTER)
    term.wait_shown("Who will do it?", "Nobody yet")
    # Each person as in every other list of people: name and organisation.
    assert "» Daniel Hughes (Eastbrook Homes (housing association), Other)" in term.shown()
    term.send(ENTER)
    term.wait_shown("By when?")
    term.send("31/12/2026" + ENTER)
    term.wait_shown("Action added: Book the hall (Daniel Hughes, due 31 December 2026)")
    term.send(ENTER)  # the answer is empty: skipped
    term.wait_shown("Any actions to add before you finish?")
    term.send(ENTER)  # no
    term.wait_shown("Key message 1:")
    term.send(ENTER)  # no key messages
    term.wait_shown("Session finished")
    term.finish()


def test_the_clock_counts_up_against_each_share_and_cues_once_it_is_used() -> None:
    from reflect_cli.terminal.render import clock_line

    # The case: 75 seconds on a question of a one-minute meeting of two questions.
    assert clock_line(75, 75, 30, 1) == (
        "Time on question 1:15 of 0:30 · meeting 1:15 of 1:00",
        "Time's up for this question: move on when you are ready.")
    assert clock_line(29.9, 29.9, 30, 1) == (
        "Time on question 0:29 of 0:30 · meeting 0:29 of 1:00", "")
    assert clock_line(600, 3000, 1800, 90)[1] == ""  # both within their time
    assert clock_line(600, 5400, None, 90) == (
        "Time on question 10:00 · meeting 90:00 of 90:00",
        "The meeting's time is up: finish when you are ready.")
    assert clock_line(5, 120, None, None) == ("Time on question 0:05 · meeting 2:00", "")


def test_a_person_in_a_list_is_shortened_to_fit_never_cut() -> None:
    from reflect_cli.domain.meeting import Participant
    from reflect_cli.terminal.prompting import person_choice

    daniel = Participant("Daniel Hughes", "Eastbrook Homes (housing association)", "Other")
    assert person_choice(daniel, 80) == (
        "Daniel Hughes (Eastbrook Homes (housing association), Other)")
    assert person_choice(daniel, 56) == "Daniel Hughes (Eastbrook Homes (housing association))"
    assert person_choice(daniel, 40) == "Daniel Hughes (Eastbrook Homes…)"
    assert person_choice(daniel, 20) == "Daniel Hughes"  # the name, whole, above all
    assert person_choice(Participant("Jo Bell", "", ""), 40) == "Jo Bell"
    for room in range(20, 70):
        assert len(person_choice(daniel, room)) <= room


@pytest.mark.parametrize("size", SIZES)
def test_after_each_persons_rating_the_group_can_record_the_rating_it_agreed(
        journal: Path, people: Path, size: tuple[int, int]) -> None:
    term = Screen(journal, "session", "-p", "characteristics.trust", "-p",
                  "characteristics.agreement", "--participants", str(people), "--title",
                  "Agreed", size=size)
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("How will you rate the characteristics?")
    term.send(ENTER)  # each person gives their own rating
    term.wait_shown("Ratings:")
    term.send("4 4 5 5" + ENTER)
    # The median as it is (once 5, rounded up), and the question, whole, with every choice
    # and the keys for it on the screen at once, however small the terminal.
    term.wait_shown("Lowest 4, median 4.5, highest 5.", "Did the group agree a rating?",
                    "No: the median 4.5 stands", "The group agreed: 1 Not at all",
                    "The group agreed: 5 Fully", "Change the ratings typed",
                    "(a number, or ↑ ↓; then Enter)")
    assert not any(len(line) > size[1] for line in term.lines())
    term.send("4" + ENTER)  # the group agreed 4, after talking it through
    term.wait_shown("Prompt 2 of 2")
    term.wait_shown("Ratings:")
    term.send("3 4 - 4" + ENTER)
    term.wait_shown("No: the median 4 stands")
    term.send(ENTER)  # no rating agreed: the median stands
    term.wait_shown("Any actions to add before you finish?")
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:")
    term.send(ENTER)  # no key messages
    term.finish()
    (log,) = log_paths(journal)
    session = read_log(log)
    # (in the framework's order: agreement first, then trust)
    agreement = session.answer("characteristics.agreement")
    assert agreement is not None
    assert (agreement.rating, agreement.rating_label) == (4, "Mostly")
    assert agreement.group is not None
    assert (agreement.group.median, agreement.group.agreed) == (4.5, 4)
    trust = session.answer("characteristics.trust")
    assert trust is not None
    assert trust.group is not None
    assert (trust.rating, trust.group.agreed) == (4, None)
    text = log.read_text(encoding="utf-8")
    assert "Lowest 4, median 4.5, highest 5. The group agreed 4." in text
    assert "Lowest 3, median 4, highest 4. No rating agreed: the median stands." in text


def test_when_everyone_gives_one_rating_the_group_is_not_asked_to_agree_one(
        journal: Path, people: Path) -> None:
    term = Screen(journal, "session", "-p", "characteristics.trust", "--participants",
                  str(people), "--title", "Same", size=(24, 80))
    term.expect("Start with a check-in round?")
    term.send("n" + ENTER)
    term.wait_shown("How will you rate the characteristics?")
    term.send(ENTER)  # each person gives their own rating
    term.wait_shown("Ratings:")
    term.send("4 4 4 4" + ENTER)
    term.wait_shown("Everyone gave 4.", "Any actions to add before you finish?")
    assert "Did the group agree a rating?" not in "\n".join(term.lines())
    term.send("n" + ENTER)
    term.wait_shown("Key message 1:")
    term.send(ENTER)
    term.finish()
    (log,) = log_paths(journal)
    trust = read_log(log).answer("characteristics.trust")
    assert trust is not None
    assert trust.group is not None
    assert (trust.rating, trust.group.agreed, trust.group.low, trust.group.high) == (4, None, 4, 4)
