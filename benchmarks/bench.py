"""Time reflect on a large, realistic journal, as whole processes, against `python -c pass`.

Run from a clone, with reflect's test dependencies installed (pexpect drives the terminal):

    python benchmarks/bench.py                                  # 1,000 sessions
    python benchmarks/bench.py --sessions 200 --runs 3          # a quick smoke check
    python benchmarks/bench.py --sessions 1000,20000 --keep ~/.cache/reflect-bench

It writes a journal of N sessions with benchmarks/journalgen.py (about 40% facilitated meetings
of 5 to 12 people with notes, each person's ratings, actions and reviews; the rest journal entries
of a few prompts or the whole framework; answers drifting from session to session over a
vocabulary of thousands of words). `--keep DIR` keeps each generated journal in DIR, named after
its size, seed and generator version, and reuses it next time (anything a run added is removed
afterwards, so the journal stays as generated).

Then, for each journal size, every command runs as a whole process started by a small helper
(so its peak memory is its own), with reflect's bytecode written as on a user's machine:

- the first index build: `reflect list` on a cold cache (absolute seconds);
- `python -c pass`, `reflect --help`, `list` (all, to a file), `show` (the latest), `compare`
  (the latest two), `actions`, `history purpose.impact`, `trends` and `search WORD` (when the
  command exists), with the index on (REFLECT_CACHE_DIR in the temporary folder), in turns: one
  warm-up round, then the median of `--runs` rounds, as a multiple of `python -c pass` measured
  in the same rounds. A command whose warm-up takes longer than `--slow` seconds (default 10)
  is timed once; one that takes longer than `--timeout` (default 120; the first index build
  gets at least 300) is stopped and reported as a miss. Output goes to files, as when piped;
- `reflect report` (HTML, charts and all) over a generated year of weekly meetings (52, target
  1 s) and over the whole journal (target 3 s up to 1,000 sessions), in seconds and as a ratio;
- the size of the index on disk (every file in the cache folder) against the size of the logs;
- each command again with the index off (REFLECT_CACHE_DIR=off), once, for its peak memory
  (a command stopped at the timeout reports its peak so far);
- `reflect session --answers examples/answers.yaml` writing a new meeting log (median of runs);
- the screens of `reflect session --kind meeting` up to the first prompt (the title, who is here,
  the actions to review, the first prompt), in a real pseudo-terminal: how long each takes to
  appear after the key that leads to it (the title: after the start), in the journal against an
  empty folder. The empty folder has no actions to review: that screen is compared with the
  screen that follows the setup there (the first prompt). The session is killed at the first
  prompt and its draft removed. Medians of `--runs` rounds after a warm-up round, or one timed
  round when the journal's screens took longer than `--slow` seconds. Memory is not measured
  here.

Targets (from issue 8; those for 1,000 sessions apply up to 1,000, those for 20,000 above):
--help 7x; list 10x / 30x; show, compare, actions 10x / 15x; history, trends, search 12x / 40x;
session --answers 15x / 20x; each screen within 10% of the empty folder; peak memory of every
command, index on and off, 40 / 80 MiB; first index build 2 s / 30 s; index at most the size of
the logs. Each row says PASS or MISS; the script exits 1 when a target is missed. With more than
one size (`--sessions 1000,20000`) it also prints how each command grows from the smallest
journal to the largest.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
ANSWERS = ROOT / "examples" / "answers.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import journalgen  # noqa: E402

MiB = 2**20
#: Multiples of `python -c pass`: (up to 1,000 sessions, above).
TARGETS = {
    "help": (7.0, 7.0), "list": (10.0, 30.0), "show": (10.0, 15.0), "compare": (10.0, 15.0),
    "actions": (10.0, 15.0), "history": (12.0, 40.0), "trends": (12.0, 40.0),
    "search": (12.0, 40.0), "answers": (15.0, 20.0),
}
MEMORY_MIB = (40.0, 80.0)
BUILD_SECONDS = (2.0, 30.0)
#: reflect report (HTML) in seconds: over a year of weekly meetings, and over 1,000 sessions.
REPORT_SECONDS = {52: 1.0, 1000: 3.0}
INDEX_SIZE_RATIO = 1.0
SCREEN_RATIO = 1.10


def _target(pair: tuple[float, float], sessions: int) -> float:
    return pair[0] if sessions <= 1000 else pair[1]


# -- the journal ---------------------------------------------------------------------------------
def journal_for(sessions: int, seed: int, keep: Path | None, scratch: Path
                ) -> tuple[Path, dict[str, int], str]:
    """A generated journal: reused from `keep` when it is there and whole, else written."""
    key = f"reflect-bench-{sessions}-seed{seed}-v{journalgen.GENERATOR_VERSION}"
    folder = (keep or scratch) / key
    marker = folder.with_name(key + ".json")
    if keep is not None and marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        names = set(info.pop("names"))
        present = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
        if names <= present:
            restore(folder, names)
            return folder, info, f"reused from {folder}"
    if folder.exists():
        shutil.rmtree(folder)
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    info = journalgen.write_journal(folder, sessions, seed)
    how = f"generated in {time.perf_counter() - started:.1f} s"
    if keep is not None:
        names = sorted(p.name for p in folder.iterdir())
        marker.write_text(json.dumps({**info, "names": names}), encoding="utf-8")
        how += f", kept in {folder}"
    return folder, info, how


def listing(folder: Path) -> set[str]:
    """Every file and folder under `folder`, as paths relative to it."""
    found = set()
    for top, dirs, files in os.walk(folder):
        rel = os.path.relpath(top, folder)
        found.update(os.path.normpath(os.path.join(rel, n)) for n in [*dirs, *files])
    return found


def restore(folder: Path, names: set[str]) -> None:
    """Remove whatever a run added to the journal (new logs, drafts, leftovers)."""
    for rel in sorted(listing(folder) - names, key=len, reverse=True):
        path = folder / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# -- whole processes -----------------------------------------------------------------------------
# Each process is started by this small helper rather than by the benchmark itself: on Linux a
# child's peak memory counts the memory of the process that started it, and the helper's is
# small (about as much as `python -c pass`), while this script holds a whole journal's plan.
_HELPER = r"""
import json, os, signal, sys, time
spec = json.loads(sys.stdin.read())
commands, warmups, runs, slow = spec["commands"], spec["warmups"], spec["runs"], spec["slow"]
running = [0]

def stop(signum, frame):
    if running[0]:
        try:
            os.kill(running[0], signal.SIGKILL)
        except ProcessLookupError:
            pass

signal.signal(signal.SIGALRM, stop)
results = [{"first": [], "times": [], "peaks": [], "timed_out": False, "error": None}
           for _ in commands]

def once(command):
    env = dict(os.environ)
    env.update(command["env"])
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, command["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                0o600),
               (os.POSIX_SPAWN_OPEN, 2, command["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                0o600)]
    start = time.perf_counter()
    pid = os.posix_spawn(command["argv"][0], command["argv"], env, file_actions=actions)
    running[0] = pid
    signal.setitimer(signal.ITIMER_REAL, command["timeout"])
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    running[0] = 0
    return seconds, status, usage.ru_maxrss

for round in range(warmups + runs):
    for command, result in zip(commands, results):
        if result["timed_out"] or result["error"]:
            continue
        if round >= warmups + 1 and result["first"] and result["first"][0] > slow:
            continue  # slow: timed once only
        seconds, status, peak = once(command)
        result["peaks"].append(peak)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL \
                and seconds >= command["timeout"]:
            result["timed_out"] = True
            result["times"].append(seconds)
            continue
        code = os.waitstatus_to_exitcode(status)
        if code:
            with open(command["err"], encoding="utf-8", errors="replace") as handle:
                result["error"] = "exit %d: %s" % (code, handle.read().strip()[-500:])
            continue
        (result["first"] if round < warmups else result["times"]).append(seconds)
print(json.dumps(results))
"""


@dataclass
class Command:
    key: str
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Timing:
    seconds: float | None  # median of the timed runs
    runs: int
    peak_mib: float
    first: float | None
    timed_out: bool
    error: str | None


def measure(commands: Sequence[Command], env: dict[str, str], scratch: Path, *, warmups: int,
            runs: int, slow: float, timeout: float) -> list[Timing]:
    """Run the commands in turns (warm-up rounds, then timed rounds), so that whatever else
    the machine is doing weighs on all of them alike."""
    spec = {"warmups": warmups, "runs": runs, "slow": slow, "commands": [
        {"argv": c.argv, "env": c.env, "timeout": timeout,
         "out": str(scratch / f"out-{i}.txt"), "err": str(scratch / f"err-{i}.txt")}
        for i, c in enumerate(commands)]}
    result = subprocess.run([sys.executable, "-c", _HELPER], input=json.dumps(spec), env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the measuring helper failed:\n{result.stderr}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    out = []
    for data in json.loads(result.stdout):
        times = data["times"]
        out.append(Timing(statistics.median(times) if times else None, len(times),
                          max(data["peaks"] or [0]) * scale / MiB,
                          data["first"][0] if data["first"] else None, data["timed_out"],
                          data["error"]))
    return out


# -- the session screens in a terminal -----------------------------------------------------------
ENTER = "\r"
WHO_KNOWN = "Who is here today?"
WHO_NEW = "Name (Enter with nothing typed"
TO_REVIEW = "from earlier sessions to review"
COMMENT = "Anything to note about it for the log?"
FIRST_PROMPT = ("Part 1 of", "Prompt 1 of")
SCREENS = ("title", "who is here", "actions to review", "first prompt")


def drive_meeting(argv: list[str], env: dict[str, str], timeout: float) -> dict[str, float]:
    """Start `reflect session --kind meeting` in a pseudo-terminal and go to its first prompt;
    for each screen, the seconds from the key that leads to it (the title: from the start)."""
    import pexpect

    waits: dict[str, float] = {}
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=timeout,
                          dimensions=(40, 80))
    child.delaybeforesend = None
    sent = start

    def wait_for(*texts: str) -> int:
        return int(child.expect_exact(list(texts)))

    def send(*keys: str) -> float:
        """Type the keys as a person does; the time the last one went."""
        time.sleep(0.1)  # the screen is drawn whole; keys typed too early are thrown away
        for number, key in enumerate(keys):
            if number:
                time.sleep(0.01)  # one key at a time: Enter is a key, not pasted text
            child.send(key)
        return time.perf_counter()

    try:
        wait_for("Title (optional")
        waits["title"] = time.perf_counter() - start
        sent = send(ENTER)
        known = wait_for(WHO_KNOWN, WHO_NEW) == 0
        waits["who is here"] = time.perf_counter() - sent
        if known:  # everyone from last time, no newcomer, the same facilitator and lead
            sent = send(ENTER)
            wait_for("Is anyone else here")
            sent = send("n", ENTER)
            wait_for("Who is facilitating?")
            sent = send(ENTER)
            wait_for("Who is the lead partner?")
            sent = send(ENTER)
            wait_for("Who agrees to be named")
            sent = send(ENTER)  # nobody named in reports
            wait_for("Start with a check-in round?")
            sent = send("n", ENTER)
        else:
            sent = send(ENTER)  # nobody added
        while True:
            # The last choice, shown only while the question is open (an answered one is
            # echoed as "What happened to it? Done").
            seen = wait_for(TO_REVIEW, "Skip for now", COMMENT, *FIRST_PROMPT)
            if seen == 0:
                waits["actions to review"] = time.perf_counter() - sent
            elif seen in (1, 2):
                sent = send(ENTER)  # done; no comment on it
            else:
                waits["first prompt"] = time.perf_counter() - sent
                break
    finally:
        child.kill(9)
        child.close(force=True)
    return waits


def measure_screens(argv: list[str], env: dict[str, str], journal: Path, others: list[Path],
                    home: Path, runs: int, slow: float, timeout: float
                    ) -> tuple[dict[Path, dict[str, list[float]]], str | None]:
    """Each screen's waits in the journal and in each of the `others` folders (an empty one,
    say), in turns (the first round is a warm-up, and when the journal's screens took longer
    than `slow` seconds in all, only one round is timed); drafts and anything else a killed
    session leaves are removed after each run."""
    folders = [*others, journal]
    before = {folder: listing(folder) for folder in folders}
    waits: dict[Path, dict[str, list[float]]] = {folder: {} for folder in folders}
    slow_journal = False
    try:
        for round in range(runs + 1):
            if round >= 2 and slow_journal:
                break  # as slow as this, one timed run tells enough
            for folder in folders:
                shutil.rmtree(home, ignore_errors=True)
                home.mkdir()
                run_env = {**env, "REFLECT_DIR": str(folder), "HOME": str(home),
                           "XDG_DATA_HOME": str(home / "data"),
                           "XDG_STATE_HOME": str(home / "state"),
                           "XDG_CONFIG_HOME": str(home / "config"),
                           "TERM": "xterm", "LINES": "40", "PROMPT_TOOLKIT_NO_CPR": "1"}
                try:
                    found = drive_meeting(argv, run_env, timeout)
                finally:
                    restore(folder, before[folder])
                if round == 0:  # a warm-up
                    slow_journal = slow_journal or (folder == journal
                                                    and sum(found.values()) > slow)
                    continue
                for screen, seconds in found.items():
                    waits[folder].setdefault(screen, []).append(seconds)
    except Exception as error:  # pexpect.TIMEOUT, EOF: say what the terminal showed
        what = "timed out" if type(error).__name__ == "TIMEOUT" else type(error).__name__
        return waits, f"{what} (--timeout {timeout:g} s per screen)"
    return waits, None


def latest_meeting(journal: Path) -> Path | None:
    """The journal's newest meeting log (by its name, which starts with its date)."""
    for path in sorted(journal.glob("*.md"), reverse=True):
        with path.open(encoding="utf-8") as log:
            head = [line for _, line in zip(range(40), log, strict=False)]
        if "kind: meeting\n" in head:
            return path
    return None


# -- the report ----------------------------------------------------------------------------------
@dataclass
class Row:
    label: str
    value: str
    target: str = ""
    memory: str = ""
    note: str = ""
    ok: bool | None = None  # None: not judged

    def line(self) -> str:
        result = "" if self.ok is None else ("PASS" if self.ok else "MISS")
        return (f"{self.label:<34} {self.value:>16} {self.target:>8} {self.memory:>17}  "
                f"{result:<4} {self.note}").rstrip()


HEADER = (f"{'':<34} {'median (ratio)':>16} {'target':>8} {'peak on / off':>17}  result")


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def run_size(sessions: int, options: argparse.Namespace, env: dict[str, str],
             reflect: list[str], scratch: Path) -> tuple[list[Row], dict[str, float]]:
    """Measure every command on a journal of `sessions`; the report's rows, and each command's
    median seconds (for the growth table)."""
    journal, info, how = journal_for(sessions, options.seed, options.keep, scratch)
    names = {p.name for p in journal.iterdir()}
    log_bytes = sum((journal / n).stat().st_size for n in names if n.endswith(".md"))
    print(f"\n== {sessions:,} sessions: {info['meetings']:,} meetings, "
          f"{info['journal_entries']:,} journal entries, {log_bytes / MiB:.1f} MiB of logs "
          f"({how})")
    work = scratch / f"run-{sessions}"
    work.mkdir()
    empty = work / "empty"
    empty.mkdir()
    home = work / "home"
    cache = work / "cache"
    base_env = {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state")}
    home.mkdir()
    directory = ["--dir", str(journal)]
    rows: list[Row] = []
    medians: dict[str, float] = {}
    memory_target = _target(MEMORY_MIB, sessions)
    timing = dict(slow=options.slow, timeout=options.timeout)

    # Bytecode is written (as on a user's first run) before anything is measured.
    help_text = subprocess.run([*reflect, "--help"], env=base_env, capture_output=True,
                               text=True, check=True).stdout
    subprocess.run([*reflect, "list", "--dir", str(empty)], capture_output=True, check=True,
                   env={**base_env, "REFLECT_CACHE_DIR": str(work / "cache-warm")})
    has_search = re.search(r"^\s+search\b", help_text, re.MULTILINE) is not None

    # The first index build: `reflect list` on a cold cache (a fresh one each time).
    builds: list[float] = []
    build_peak = 0.0
    for attempt in range(3):
        shutil.rmtree(cache, ignore_errors=True)
        (built,) = measure([Command("list", "list", [*reflect, "list", *directory],
                                    {"REFLECT_CACHE_DIR": str(cache)})],
                           base_env, work, warmups=0, runs=1, slow=options.slow,
                           timeout=max(options.timeout, 300))
        if built.seconds is None:
            rows.append(Row("first index build (cold list)", "failed", note=built.error or
                            "timed out", ok=False))
            break
        builds.append(built.seconds)
        build_peak = max(build_peak, built.peak_mib)
        if built.seconds > 3 or attempt + 1 >= min(3, options.runs):
            break
    if builds:
        build = statistics.median(builds)
        target = _target(BUILD_SECONDS, sessions)
        rows.append(Row("first index build (cold list)", f"{build:.2f} s", f"≤{target:g} s",
                        f"{build_peak:.0f}", f"{len(builds)} build(s)", build <= target))

    on = {"REFLECT_CACHE_DIR": str(cache)}
    off = {"REFLECT_CACHE_DIR": "off"}
    reading = [
        Command("help", "reflect --help", [*reflect, "--help"]),
        Command("list", "reflect list (all, to a file)", [*reflect, "list", *directory]),
        Command("show", "reflect show (latest)", [*reflect, "show", *directory]),
        Command("compare", "reflect compare (latest two)", [*reflect, "compare", *directory]),
        Command("actions", "reflect actions", [*reflect, "actions", *directory]),
        Command("history", "reflect history purpose.impact",
                [*reflect, "history", "purpose.impact", *directory]),
        Command("trends", "reflect trends", [*reflect, "trends", *directory]),
    ]
    if has_search:
        reading.append(Command("search", f"reflect search {journalgen.COMMON_WORD}",
                               [*reflect, "search", journalgen.COMMON_WORD, *directory]))
    baseline = Command("pass", "python -c pass", [sys.executable, "-c", "pass"])
    warm = measure([baseline, *[Command(c.key, c.label, c.argv, on) for c in reading]],
                   base_env, work, warmups=1, runs=options.runs, **timing)
    index_bytes = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) \
        if cache.exists() else 0
    cold = measure([Command(c.key, c.label, c.argv, off) for c in reading if c.key != "help"],
                   base_env, work, warmups=0, runs=1, **timing)
    restore(journal, names)
    cold_by_key = {c.key: t for c, t in zip([c for c in reading if c.key != "help"], cold,
                                            strict=True)}

    # Writing a new meeting log, index on (timed) and off (memory).
    answers = [*reflect, "session", "--answers", str(ANSWERS), *directory]
    written = measure([baseline, Command("answers", "reflect session --answers", answers, on)],
                      base_env, work, warmups=1, runs=options.runs, **timing)
    restore(journal, names)
    (written_off,) = measure([Command("answers", "", answers, off)], base_env, work, warmups=0,
                             runs=1, **timing)
    restore(journal, names)

    base = warm[0].seconds or float("nan")
    rows.insert(0, Row("python -c pass", f"{base * 1000:.1f} ms", "",
                       f"{warm[0].peak_mib:.0f}", f"{warm[0].runs} runs"))
    for command, measured, off_measured, pass_seconds in [
            *[(c, t, cold_by_key.get(c.key), base) for c, t in zip(reading, warm[1:],
                                                                     strict=True)],
            (Command("answers", "reflect session --answers (meeting)", answers), written[1],
             written_off, written[0].seconds or base)]:
        rows.append(_command_row(command, measured, off_measured, pass_seconds, sessions,
                                 memory_target))
        if measured.seconds is not None:
            medians[command.key] = measured.seconds
    if not has_search:
        rows.append(Row(f"reflect search {journalgen.COMMON_WORD}", "n/a",
                        note="(no search command)"))

    ratio = index_bytes / log_bytes if log_bytes else 0.0
    rows.append(Row("index size on disk", f"{index_bytes / MiB:.1f} MiB",
                    f"≤{INDEX_SIZE_RATIO:g}x", note=f"{ratio:.2f}x the logs "
                    f"({log_bytes / MiB:.1f} MiB)", ok=ratio <= INDEX_SIZE_RATIO))

    rows += _report_rows(journal, sessions, {**base_env, **on}, work, reflect, options)
    restore(journal, names)

    # The meeting's screens, in a pseudo-terminal.
    if options.no_terminal:
        rows.append(Row("session screens", "n/a", note="(--no-terminal)"))
    else:
        rows += _screen_rows([*reflect, "session", "--kind", "meeting"],
                             {**base_env, **on}, journal, empty, home, options)
    restore(journal, names)
    return rows, medians


def _report_rows(journal: Path, sessions: int, env: dict[str, str], work: Path,
                 reflect: list[str], options: argparse.Namespace) -> list[Row]:
    """`reflect report` (HTML, with its charts) over a generated year of weekly meetings (52
    sessions) and over this whole journal: seconds against REPORT_SECONDS, and the ratio to
    `python -c pass`. Each writes its page over the last (--force)."""
    year = work / "year-of-meetings"
    if not year.exists():
        journalgen.write_journal(year, 52, options.seed, workers=1, weekly=True)
    commands = [Command("pass", "python -c pass", [sys.executable, "-c", "pass"])]
    for key, folder in (("year", year), ("all", journal)):
        commands.append(Command(key, "", [*reflect, "report", "--since", "1900-01-01",
                                          "--dir", str(folder), "--force",
                                          "-o", str(work / f"report-{key}.html")]))
    timed = measure(commands, env, work, warmups=1, runs=options.runs, slow=options.slow,
                    timeout=options.timeout)
    base = timed[0].seconds or float("nan")
    rows = []
    for (label, count), measured in zip(
            (("reflect report, a year of weekly meetings", 52),
             (f"reflect report, all {sessions:,} sessions", sessions)), timed[1:], strict=True):
        target = REPORT_SECONDS.get(count) if count == 52 else (
            REPORT_SECONDS[1000] if count <= 1000 else None)
        if measured.seconds is None:
            rows.append(Row(label, "failed", "" if target is None else f"≤{target:g} s",
                            note=measured.error or "timed out", ok=False))
            continue
        rows.append(Row(label, f"{_seconds(measured.seconds)} {measured.seconds / base:5.1f}x",
                        "" if target is None else f"≤{target:g} s",
                        f"{measured.peak_mib:.0f}", f"{measured.runs} runs",
                        None if target is None else measured.seconds <= target))
    return rows


def _command_row(command: Command, measured: Timing, off: Timing | None, base: float,
                 sessions: int, memory_target: float) -> Row:
    target = _target(TARGETS[command.key], sessions)
    peaks = f"{measured.peak_mib:.0f} / {_mib(off.peak_mib if off else None)}"
    notes = []
    ok = True
    if measured.error or measured.seconds is None:
        notes.append(measured.error or "no run finished")
        return Row(command.label, "failed", f"≤{target:g}x", peaks, " ".join(notes), False)
    ratio = measured.seconds / base
    value = f"{_seconds(measured.seconds)} {ratio:5.1f}x"
    if measured.timed_out:
        notes.append("stopped at the timeout")
        ok = False
    if ratio > target:
        ok = False
    if measured.runs < 5:
        notes.append(f"{measured.runs} run{'s' if measured.runs != 1 else ''}")
    over = [name for name, t in (("on", measured), ("off", off))
            if t is not None and t.peak_mib > memory_target]
    if over:
        ok = False
        notes.append(f"memory over {memory_target:g} MiB ({', '.join(over)})")
    if off is not None:
        if off.error:
            ok = False
            notes.append(f"index off failed: {off.error}")
        elif off.timed_out:
            notes.append("index off: stopped at the timeout, peak so far")
        elif off.seconds is not None:
            notes.append(f"index off {_seconds(off.seconds)}")
    return Row(command.label, value, f"≤{target:g}x", peaks, "; ".join(notes), ok)


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def _screen_rows(argv: list[str], env: dict[str, str], journal: Path, empty: Path,
                 home: Path, options: argparse.Namespace) -> list[Row]:
    """Each screen against an empty folder (the target), and against a folder holding only the
    journal's latest meeting: the same screens, with the same people to tick, so the second
    ratio is what the size of the journal costs."""
    try:
        import pexpect  # noqa: F401
    except ImportError:
        return [Row("session screens", "n/a", note="(pexpect is not installed)")]
    runs = options.runs
    alike = empty.parent / "one-meeting"
    alike.mkdir(exist_ok=True)
    meeting = latest_meeting(journal)
    if meeting is not None:
        shutil.copy2(meeting, alike / meeting.name)
    waits, error = measure_screens(argv, env, journal, [empty, alike], home, runs,
                                   options.slow, options.timeout)
    full, bare, one = waits[journal], waits[empty], waits[alike]
    rows = []
    for screen in SCREENS:
        label = f"screen: {screen}" + (" (from start)" if screen == "title" else "")
        against = "first prompt" if screen == "actions to review" else screen
        if screen not in full or against not in bare:
            reason = error or ("no open actions to review" if screen == "actions to review"
                               else "not reached")
            rows.append(Row(label, "n/a", note=reason, ok=False if error else None))
            continue
        mine, theirs = statistics.median(full[screen]), statistics.median(bare[against])
        ratio = mine / theirs
        same = ""
        if screen in one:
            like = statistics.median(one[screen])
            same = f"; one meeting alone {_seconds(like)} ({mine / like:.2f}x)"
        rows.append(Row(label, f"{_seconds(mine)} {ratio:5.2f}x", f"≤{SCREEN_RATIO:g}x",
                        note=f"empty folder {_seconds(theirs)}"
                        + (" (its first prompt)" if against != screen else "") + same
                        + f"; {len(full[screen])} run{'s' if len(full[screen]) != 1 else ''}",
                        ok=ratio <= SCREEN_RATIO))
    return rows


def main(args: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sessions", default="1000",
                        help="sessions in the journal; several sizes separated by commas "
                             "(default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command "
                        "(default 5)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="keep generated journals in DIR and reuse them")
    parser.add_argument("--seed", type=int, default=4, help="the journal's seed (default 4)")
    parser.add_argument("--slow", type=float, default=10.0, metavar="SECONDS",
                        help="time a command once when its warm-up takes longer (default 10)")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                        help="stop a command that takes longer (default 120)")
    parser.add_argument("--no-terminal", action="store_true",
                        help="leave out the session screens in a pseudo-terminal")
    options = parser.parse_args(args)
    try:
        sizes = [int(part) for part in options.sessions.split(",") if part.strip()]
    except ValueError:
        parser.error("--sessions takes whole numbers separated by commas, like 1000,20000")
    if not sizes or min(sizes) < 2:
        parser.error("--sessions must be at least 2 (compare needs two sessions)")
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    if options.keep is not None:
        options.keep = options.keep.expanduser().resolve()
        options.keep.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.update(NO_COLOR="1", COLUMNS="80", TERM="dumb")
    for name in ("REFLECT_DIR", "REFLECT_FRAMEWORK", "REFLECT_CACHE_DIR",
                 "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"):
        env.pop(name, None)  # as installed: the first run writes the bytecode later runs load
    reflect = [sys.executable, "-c",
               "import sys; from reflect_cli.cli import main; sys.exit(main())"]

    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs. Times: "
          f"median of {options.runs} runs after a warm-up run, ratio to `python -c pass` in the "
          "same rounds; memory in MiB, the largest peak, index on / off.")
    failed = 0
    growth: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as tmp:
        for sessions in sizes:
            rows, medians = run_size(sessions, options, env, reflect, Path(tmp))
            growth[sessions] = medians
            print(HEADER)
            for row in rows:
                print(row.line())
            missed = sum(1 for row in rows if row.ok is False)
            failed += missed
            print("All targets met." if not missed else f"{missed} target(s) missed.")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print(f"\nGrowth from {small:,} to {large:,} sessions ({large / small:g}x the journal):")
        for key, seconds in growth[small].items():
            if key in growth[large]:
                print(f"  {key:<10} {_seconds(seconds):>9} -> {_seconds(growth[large][key]):>9}"
                      f"  {growth[large][key] / seconds:6.1f}x")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
