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


def read_log(path: Path) -> Session:
    return read_session(path.read_bytes(), str(path))


def drafts(folder: Path) -> list[Draft]:
    """The unfinished sessions of a logs folder, as `reflect session` finds them."""
    with open_store(folder) as store:
        return store.drafts()
