"""Storage: where logs, drafts and the index live, and the one interface commands use.

`open_store(folder)` gives the `Store`; see store.py for what it offers, base.py for what a new
kind of storage implements, index.py for the private index, drafts.py for unfinished sessions.
"""

from .base import ConflictError, LogRoot, Version
from .drafts import Draft, DraftInUse
from .store import Entry, Store, log_name, logs_folder, open_store, read_session, slugify

__all__ = ["ConflictError", "Draft", "DraftInUse", "Entry", "LogRoot", "Store", "Version",
           "log_name", "logs_folder", "open_store", "read_session", "slugify"]
