"""Time reflect on a large, realistic journal, as whole processes, against `python -c pass`.

Run from a clone (reflect's dependencies installed, for example in its virtual environment):

    python benchmarks/bench.py                 # 1000 sessions
    python benchmarks/bench.py --sessions 200  # a smaller journal

It writes a journal of N sessions of the full bundled framework (weekly, with answers that drift
from one session to the next and ratings that wander) to a temporary folder, using reflect's own
log writer, then runs each command a few times and reports the median time as a multiple of
`python -c pass` measured in the same run, and the peak memory of each command. It exits 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from reflect_cli.journal import log_name  # noqa: E402

from reflect_cli.framework import load_framework  # noqa: E402
from reflect_cli.logfile import render_log  # noqa: E402
from reflect_cli.model import Framework  # noqa: E402
from reflect_cli.sessions import make_answer, new_session, plan_steps, record  # noqa: E402

#: Targets from issue 4, for a journal of 1000 sessions.
COMMAND_TARGET = 15.0
HELP_TARGET = 8.0
MEMORY_TARGET_MIB = 60.0

_WORDS = [
    "partners", "people", "services", "community", "council", "hospital", "trust", "voluntary",
    "sector", "residents", "carers", "waiting", "lists", "outcomes", "data", "shared", "budget",
    "decisions", "meetings", "respect", "power", "balance", "voice", "young", "families",
    "older", "housing", "health", "care", "prevention", "neighbourhood", "clinics", "outreach",
    "volunteers", "funding", "contracts", "accountability", "learning", "evaluation", "stories",
    "listening", "leadership", "time", "energy", "commissioners", "primary", "networks",
    "charities", "faith", "groups", "schools", "police", "libraries", "transport",
]
_OPENINGS = [
    "We agreed that", "Most of us feel", "The council thinks", "It is still not clear whether",
    "Since the spring,", "Residents told us", "Our best progress is that", "We worry that",
    "Looking back,", "Next time we want", "In practice,", "Everyone noticed that",
]
_ENDINGS = ["more than before.", "and it shows.", "for now.", "again this month.",
            "which surprised us.", "(see the minutes).", "— slowly.", "at last!",
            "but not everywhere.", "with the café group."]


def _sentence(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(5, 12))
    return f"{rng.choice(_OPENINGS)} {' '.join(words)} {rng.choice(_ENDINGS)}"


def _fresh_answer(rng: random.Random) -> str:
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
                  for _ in range(rng.choice((1, 1, 1, 2)))]
    return "\n\n".join(paragraphs)


def _drift(text: str, rng: random.Random) -> str:
    """Change a few words of last time's answer, as people do when they revisit it."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(words))
        roll = rng.random()
        if roll < 0.4:
            words[where] = rng.choice(_WORDS)
        elif roll < 0.7:
            words.insert(where, rng.choice(_WORDS))
        elif len(words) > 4:
            del words[where]
    if rng.random() < 0.2:
        words.append(_sentence(rng))
    return " ".join(words)


def write_journal(folder: Path, count: int, framework: Framework, seed: int = 4) -> None:
    """Write `count` weekly sessions of the whole framework into `folder`."""
    rng = random.Random(seed)
    steps = plan_steps(framework)
    last: dict[str, str | int | None] = {}
    start = dt.date(2026, 3, 12) - dt.timedelta(weeks=count - 1)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        date = start + dt.timedelta(weeks=number)
        kind = rng.choice(("meeting", "meeting", "journal"))
        title = f"{'Partnership meeting' if kind == 'meeting' else 'Journal'} {number + 1}"
        now = dt.datetime.combine(date, dt.time(10, 0), dt.timezone.utc)
        session = new_session(framework, steps, title=title, kind=kind, date=date, now=now)
        for step in steps:
            previous = last.get(step.prompt.id)
            value: str | int | None
            if rng.random() < 0.05:
                value = None
            elif step.prompt.type == "rating":
                base = previous if isinstance(previous, int) else rng.randint(2, 4)
                value = min(5, max(1, base + rng.choice((-1, 0, 0, 0, 1))))
            elif isinstance(previous, str) and rng.random() < 0.9:
                value = previous if rng.random() < 0.6 else _drift(previous, rng)
            else:
                value = _fresh_answer(rng)
            if value is not None:
                last[step.prompt.id] = value
            record(session, steps, make_answer(step, value))
        (folder / log_name(session)).write_text(render_log(session), encoding="utf-8")


# Each process is started by this small helper rather than by the benchmark itself: on Linux a
# child's peak memory counts the memory of the process that started it, and the helper's is
# small (about as much as `python -c pass`), while this script holds a whole framework.
_HELPER = r"""
import json, os, sys, time
commands, runs, errors = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
first = []
times = [[] for _ in commands]
peaks = [[] for _ in commands]
for round in range(runs + 1):
    for number, argv in enumerate(commands):
        actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                    0o600)]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code:
            with open(errors, encoding="utf-8", errors="replace") as handle:
                sys.exit("failed (%d): %s\n%s" % (code, " ".join(argv), handle.read()))
        peaks[number].append(usage.ru_maxrss)
        if round == 0:
            first.append(seconds)
        else:
            times[number].append(seconds)
print(json.dumps({"first": first, "times": times, "peaks": peaks}))
"""


@dataclass
class Measure:
    label: str
    seconds: float
    first_seconds: float
    peak_mib: float | None


def measure(commands: Sequence[tuple[str, list[str]]], env: dict[str, str],
            runs: int) -> list[Measure]:
    """Run the commands in turns (a first, unmeasured round, then `runs` rounds), so that
    whatever else the machine is doing weighs on all of them alike."""
    if not (hasattr(os, "posix_spawn") and hasattr(os, "wait4")):
        return _measure_portably(commands, env, runs)
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [sys.executable, "-c", _HELPER, json.dumps([argv for _, argv in commands]),
             str(runs), str(Path(tmp) / "stderr")],
            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr or result.stdout)
    data = json.loads(result.stdout)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return [Measure(label, statistics.median(data["times"][i]), data["first"][i],
                    max(data["peaks"][i]) * scale / 2**20)
            for i, (label, _) in enumerate(commands)]


def _measure_portably(commands: Sequence[tuple[str, list[str]]], env: dict[str, str],
                      runs: int) -> list[Measure]:
    """Time only (no memory figure), where processes cannot be spawned and waited on as above."""
    times: list[list[float]] = [[] for _ in commands]
    first: list[float] = []
    for round in range(runs + 1):
        for number, (_, argv) in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            seconds = time.perf_counter() - start
            if round == 0:
                first.append(seconds)
            else:
                times[number].append(seconds)
    return [Measure(label, statistics.median(times[i]), first[i], None)
            for i, (label, _) in enumerate(commands)]


def main(args: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=1000,
                        help="how many sessions to write (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the journal to this folder and keep it")
    options = parser.parse_args(args)
    if options.sessions < 2:
        parser.error("--sessions must be at least 2 (compare needs two sessions)")

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.update(NO_COLOR="1", COLUMNS="80", TERM="dumb")
    env.pop("REFLECT_DIR", None)
    env.pop("REFLECT_FRAMEWORK", None)
    # As installed: the first run writes the bytecode that later runs (and users) load.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    reflect = [sys.executable, "-c",
               "import sys; from reflect_cli.cli import main; sys.exit(main())"]

    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as tmp:
        folder = options.keep or Path(tmp) / "journal"
        env["REFLECT_CACHE_DIR"] = str(Path(tmp) / "cache")  # a fresh cache, removed after
        started = time.perf_counter()
        write_journal(folder, options.sessions, load_framework())
        size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        print(f"Wrote {options.sessions} sessions ({size:.1f} MiB) to {folder} in "
              f"{time.perf_counter() - started:.1f} s.")
        print(f"Python {sys.version.split()[0]} on {sys.platform}. Time: the median of "
              f"{options.runs} runs after a first run (the first also builds reflect's cache of "
              "the journal). Memory: the largest peak of all runs.\n")
        directory = ["--dir", str(folder)]
        commands = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("reflect --help", [*reflect, "--help"], HELP_TARGET),
            ("reflect list", [*reflect, "list", *directory], COMMAND_TARGET),
            ("reflect compare", [*reflect, "compare", *directory], COMMAND_TARGET),
            ("reflect history purpose.impact",
             [*reflect, "history", "purpose.impact", *directory], COMMAND_TARGET),
            ("reflect trends", [*reflect, "trends", *directory], COMMAND_TARGET),
        ]
        results = measure([(label, argv) for label, argv, _ in commands], env, options.runs)

    base = results[0]
    failed = 0
    print(f"{'command':<31} {'median':>8} {'ratio':>6} {'target':>6} {'memory':>10} "
          f"{'first run':>10}  result")
    for row, (_, _, target) in zip(results, commands, strict=True):
        ratio = row.seconds / base.seconds
        memory = _mib(row.peak_mib)
        first = f"{row.first_seconds * 1000:.0f} ms"
        if target is None:
            print(f"{row.label:<31} {row.seconds * 1000:>5.1f} ms {ratio:>5.1f}x {'':>6} "
                  f"{memory:>10} {first:>10}")
            continue
        ok = ratio < target and (row.peak_mib is None or row.peak_mib < MEMORY_TARGET_MIB)
        failed += not ok
        print(f"{row.label:<31} {row.seconds * 1000:>5.0f} ms {ratio:>5.1f}x {target:>5.0f}x "
              f"{memory:>10} {first:>10}  {'pass' if ok else 'FAIL'}")
    print(f"\nTargets: each command under {COMMAND_TARGET:.0f}x `python -c pass`, --help under "
          f"{HELP_TARGET:.0f}x, peak memory under {MEMORY_TARGET_MIB:.0f} MiB. "
          + ("All met." if not failed else f"{failed} missed."))
    return 1 if failed else 0


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} MiB"


if __name__ == "__main__":
    sys.exit(main())
