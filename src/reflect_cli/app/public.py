"""A log to share outside the partnership (`reflect show --public`, `--leave-out`): the
session redacted (domain/redact.py) and written out again as a log, with a line under its
title that says what was left out."""

from __future__ import annotations

from collections.abc import Sequence

from reflect_cli.domain.redact import parse_leave_out
from reflect_cli.storage import Entry, Store


def shared_log_text(store: Store, entry: Entry, *, public: bool,
                    leave_out: Sequence[str] = ()) -> str:
    """The log of `entry` as a report outside the partnership may show it (front matter
    included: the reader of a log shows only its body)."""
    from reflect_cli.app.report import report_redactor
    from reflect_cli.storage.logfile import render_log

    wanted = parse_leave_out(leave_out)
    session = store.read(entry)
    # Consent as every report takes it: at the latest meeting each person was at.
    redactor = report_redactor(store, [session], session.date, public, wanted)
    text = render_log(redactor.session(session))
    if not redactor.left_out:
        return text
    said = ("*For readers outside the partnership. " if public else "*") + " ".join(
        redactor.left_out) + "*"
    lines = text.split("\n")
    # Under the title and the line under it: '# Title', '', 'Meeting · ...', ''.
    title = next(i for i, line in enumerate(lines) if line.startswith("# ") and i > 0)
    return "\n".join([*lines[:title + 4], said, "", *lines[title + 4:]])
