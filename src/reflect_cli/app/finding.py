"""Finding a session as people name it (`reflect show`, `reflect compare`): a file name or its
start, `latest`, `latest~N`, or a date in any form people write one (dates.py), found by the
date the log says it was held (a date corrected by hand in a log's front matter included), so
that `show` finds what `list` lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reflect_cli.domain.dates import DateError, read_date
from reflect_cli.errors import BadInputError, NotFoundError

if TYPE_CHECKING:
    from reflect_cli.storage import Entry, Store


def no_sessions_yet(store: Store) -> BadInputError:
    return BadInputError(f"there are no sessions in {store.location} yet",
                         hint="Start one with: reflect session")


def find_session(store: Store, reference: str) -> Entry:
    """The log a person named; NotFoundError (or BadInputError for a date that cannot be)
    saying what there is instead."""
    from reflect_cli.storage.base import LOG_SUFFIX

    as_path = Path(reference).expanduser()
    if as_path.suffix == LOG_SUFFIX and as_path.is_file():
        return store.resolve(reference)  # a log named by its path, perhaps from elsewhere
    if not store.count() and not store.unreadable():
        raise no_sessions_yet(store)
    try:
        day = read_date(reference)
    except DateError as error:
        if error.shaped:
            raise BadInputError(error.message, hint="See the sessions and their dates with: "
                                                    "reflect list") from None
        return store.resolve(reference)
    found = store.on_day(day)
    if len(found) == 1:
        return found[0]
    when = f"{day:%A} {day.day} {day:%B %Y}"
    if found:
        names = ", ".join(sorted(e.name for e in found))
        raise NotFoundError(f"there are {len(found)} sessions on {when}: {names}",
                            hint="Give the file name (or enough of its start) instead.")
    try:  # a log whose file name says this day, though its front matter says another
        return store.resolve(reference)
    except NotFoundError:
        raise NotFoundError(f"there is no session on {when} in {store.location}",
                            hint="See them all with: reflect list") from None
