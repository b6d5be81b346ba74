"""Helpers the tests share: looking at a journal folder through reflect's storage layer."""

from __future__ import annotations

from pathlib import Path

from reflect_cli.domain.model import Session
from reflect_cli.storage import open_store, read_session
from reflect_cli.storage.drafts import Draft


def log_paths(folder: Path) -> list[Path]:
    """The log files in a folder, by name (what `reflect list` finds)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix == ".md" and p.is_file() and not p.name.startswith("."))


def generated_journal(folder: Path, count: int, **options: object) -> Path:
    """A journal of `count` logs as the benchmark makes them (benchmarks/journalgen.py:
    meetings of five to twelve people with notes, ratings, spreads, actions and reviews, and
    journal entries), written in `folder`."""
    import sys

    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        import journalgen
    finally:
        sys.path.remove(benchmarks)
    journalgen.write_journal(folder, count, workers=1, **options)
    return folder


def read_log(path: Path) -> Session:
    return read_session(path.read_bytes(), str(path))


def drafts(folder: Path) -> list[Draft]:
    """The unfinished sessions of a logs folder, as `reflect session` finds them."""
    with open_store(folder) as store:
        return store.drafts()


def require_tool(*names: str, why: str) -> str:
    """The path of the first of these programs that is installed. Where none is, the test is
    skipped with the reason shown (pytest -ra lists it), except in CI (the CI variable set, as
    .ci/run sets it), where it fails: CI installs them, and a test skipped there would pass
    unseen."""
    import os
    import shutil

    import pytest

    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = (f"{' or '.join(names)} is not installed on this computer, so {why} cannot be "
               "tested here (CI installs it: see .ci/run)")
    if os.environ.get("CI"):
        pytest.fail(f"{message}; in CI every test runs", pytrace=False)
    pytest.skip(message)


#: The twelve characteristics of effective partnerships, as the bundled framework words them
#: (reports must hold each of them).
CHARACTERISTICS = (
    "Genuine agreement on need for partnership",
    "Purpose and aims are clear, shared and realistic",
    "Relationships characterised by trust, respect and reciprocity",
    "Partners openly discuss and attend to the balance of power",
    "Partners are committed to working collaboratively and get development support to do so",
    "Roles and responsibilities are clear, and may be flexible",
    "Communication is open, honest, frequent",
    "Information is shared",
    "Decision-making practices are clear and transparent, and involve operational staff",
    "Communities and wider stakeholders are involved in the partnership's work",
    "Leadership convenes and facilitates; encourages understanding and learning; and "
    "provides hope and energy",
    "The partnership assesses and learns from its activities",
)
