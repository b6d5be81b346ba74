"""What a person usually does, remembered on this computer: the kind of session they chose
last (offered first next time) and what they ticked with --pick (ticked again next time).

Kept per logs folder (a member may journal in one folder and run meetings in a shared one) in
one small private file of reflect's state folder (0600 in a 0700 folder), never in the logs
folder, which may be shared or synced. A habit is a convenience: a file that cannot be read or
written is passed over in silence, and never stops a session.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflect_cli.domain.model import SESSION_KINDS
from reflect_cli.errors import BadInputError

from . import files
from .places import resolved

STATE_ENV = "REFLECT_STATE_DIR"
FILE_NAME = "habits.json"


def state_home() -> Path:
    """reflect's state folder: REFLECT_STATE_DIR, else the platform's (~/.local/state/reflect
    on Linux)."""
    setting = os.environ.get(STATE_ENV)
    if setting:
        return Path(setting).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("reflect", appauthor=False))


@dataclass
class Habits:
    """What this person did last time in one logs folder."""

    kind: str | None = None  # the kind of session chosen last ('meeting' or 'journal')
    picked: list[str] = field(default_factory=list)  # question and prompt ids ticked last


def _key(folder: Path) -> str:
    text = str(resolved(folder))
    return files.digest(text.encode("utf-8", "surrogatepass"), 8)


def _load_all() -> dict[str, Any]:
    try:
        data = json.loads((state_home() / FILE_NAME).read_bytes())
    except (OSError, ValueError, RecursionError):  # (RecursionError: nested too deep)
        return {}
    return data if isinstance(data, dict) else {}


def load_habits(folder: Path) -> Habits:
    """What the person did last time in this logs folder (the kind chosen last anywhere, for
    a folder they have not used yet)."""
    data = _load_all()
    folders = data.get("folders")
    mine = folders.get(_key(folder)) if isinstance(folders, dict) else None
    mine = mine if isinstance(mine, dict) else {}
    kind = mine.get("kind", data.get("kind"))
    picked = mine.get("picked")
    return Habits(
        kind=kind if kind in SESSION_KINDS else None,
        picked=[str(p) for p in picked] if isinstance(picked, list) else [])


def remember(folder: Path, *, kind: str | None = None, picked: list[str] | None = None) -> None:
    """Keep what the person chose this time, for next time (nothing happens when the state
    folder cannot be written)."""
    data = _load_all()
    before = json.dumps(data, sort_keys=True)
    folders = data.get("folders")
    if not isinstance(folders, dict):
        folders = data["folders"] = {}
    mine = folders.get(_key(folder))
    if not isinstance(mine, dict):
        mine = folders[_key(folder)] = {}
    if kind is not None:
        mine["kind"] = data["kind"] = kind
    if picked is not None:
        mine["picked"] = list(picked)
    if json.dumps(data, sort_keys=True) == before:
        return  # the same as last time (most sessions): no write while a screen waits
    home = state_home()
    with contextlib.suppress(OSError, BadInputError):
        files.private_dir(home, what="state folder",
                          tighten_existing=os.environ.get(STATE_ENV) is None)
        # ASCII: a lone surrogate (\udc80, read from a damaged file) cannot be written as
        # UTF-8, and would stop every habit from being kept again.
        files.atomic_write(home / FILE_NAME, json.dumps(data, indent=1))
