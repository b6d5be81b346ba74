"""Storage: where logs, drafts and the index live, and the one interface commands use.

`open_store(folder)` gives the `Store`; see store.py for what it offers, base.py for what a new
kind of storage implements, index.py for the private index, drafts.py for unfinished sessions.
Names are loaded when first used, so `reflect where` never loads SQLite.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import ConflictError, LogRoot, Version
    from .drafts import Draft, DraftInUse
    from .names import log_name, slugify
    from .places import logs_folder
    from .store import Entry, Store, open_store, read_session

_WHERE = {"ConflictError": "base", "LogRoot": "base", "Version": "base", "Draft": "drafts",
          "DraftInUse": "drafts", "logs_folder": "places", "Entry": "store", "Store": "store",
          "log_name": "names", "open_store": "store", "read_session": "store",
          "slugify": "names"}
__all__ = ["ConflictError", "Draft", "DraftInUse", "Entry", "LogRoot", "Store", "Version",
           "log_name", "logs_folder", "open_store", "read_session", "slugify"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
