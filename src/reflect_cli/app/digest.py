"""Since the last meeting: the entries members shared, by question, loaded through the Store
(for `reflect digest`, and for the screen that opens a meeting in a workspace)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reflect_cli.app.reports import Loaded

if TYPE_CHECKING:
    from reflect_cli.domain.digest import Digest
    from reflect_cli.storage import Store


def load_digest(store: Store, *, since: dt.date | None = None,
                order: Sequence[str] = ()) -> Loaded[Digest]:
    """The journal entries the store's shared logs hold, written on or after `since`, or
    else since the newest meeting there (every one, when there is none yet), by question in
    `order`; and the shared logs that cannot be read, left out. The store must show the
    workspace's logs alone (a digest store, or a meeting's, which hides the private folder)."""
    from reflect_cli.domain.digest import build_digest

    left_out = [e for e in store.unreadable() if e.root not in store.hidden]
    found = store.newest(1, kind="meeting")
    last = None
    if found and found[0].session is not None:
        last = (found[0].name, found[0].session)
    start = since if since is not None else (last[1].date if last is not None else None)
    shared = [(name, s) for name, s in store.with_answers(since=start) if s.kind == "journal"]
    return Loaded(build_digest(shared, since=since, last_meeting=last, order=order), left_out)
