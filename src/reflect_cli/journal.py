"""The journal: where logs live on disk, atomic writes that never overwrite, drafts, lookup."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputError, LogError, NotFoundError, Problem
from .model import Session, ascii_slug

ENV_DIR = "REFLECT_DIR"
DRAFTS = ".drafts"
LOG_SUFFIX = ".md"
_LOG_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-.*\.md$")
_RELATIVE = re.compile(r"^latest(?:~(\d+))?$")


def default_dir() -> Path:
    """The per-user folder for logs when neither --dir nor REFLECT_DIR is given."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reflect", appauthor=False)) / "logs"


def journal_dir(option: Path | None = None) -> Path:
    """The logs folder: --dir, else $REFLECT_DIR, else the per-user default."""
    if option is not None:
        return option.expanduser()
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    return default_dir()


def ensure_dir(path: Path) -> Path:
    """Create the folder (readable by the user alone) if it is not there yet."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise BadInputError(f"{path} is a file, not a folder for logs",
                            hint="Give another folder with --dir.") from None
    except OSError as exc:
        raise BadInputError(f"cannot create the logs folder {path}: {exc.strerror}",
                            hint="Give another folder with --dir.") from None
    return path


def atomic_write(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write UTF-8 text so the file is either whole or absent, never half-written.

    With overwrite=False an existing file is never replaced: FileExistsError is raised instead.
    """
    directory = path.parent
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if overwrite:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
        _fsync_dir(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _place_new(tmp: str, path: Path) -> None:
    """Move a finished temporary file to `path`, which must not exist (FileExistsError)."""
    try:
        os.link(tmp, path)  # fails if path exists: no overwrite, even in a race
    except FileExistsError:
        raise
    except OSError:
        # Some file systems (FAT and exFAT memory sticks, some network shares) have no hard
        # links: claim the name by creating it exclusively, then put the text in its place.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def slugify(title: str, fallback: str = "session", max_length: int = 40) -> str:
    """An ASCII-safe, short file-name part from a title."""
    slug = ascii_slug(title)
    if len(slug) > max_length:
        cut = slug[: max_length + 1]  # one more: a cut just before a '-' keeps the whole word
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug.strip("-") or fallback


def log_name(session: Session, attempt: int = 1) -> str:
    slug = slugify(session.title, fallback=session.kind)
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{session.date.isoformat()}-{slug}{suffix}{LOG_SUFFIX}"


def save_log(directory: Path, session: Session) -> Path:
    """Write a new log for the session, never replacing an existing file; return its path."""
    ensure_dir(directory)
    from .logfile import render_log  # the log format loads only when a log is touched

    text = render_log(session)
    for attempt in range(1, 10_000):
        path = directory / log_name(session, attempt)
        try:
            atomic_write(path, text, overwrite=False)
        except FileExistsError:
            continue
        return path
    raise BadInputError(f"too many logs named like {log_name(session)} in {directory}")


# -- drafts -------------------------------------------------------------------------------------
def draft_path(directory: Path, session_id: str) -> Path:
    return directory / DRAFTS / f"{session_id}{LOG_SUFFIX}"


def save_draft(directory: Path, session: Session) -> Path:
    """Save the session so far; called after every answer."""
    path = draft_path(directory, session.id)
    ensure_dir(path.parent)
    from .logfile import render_log

    atomic_write(path, render_log(session))
    return path


def remove_draft(directory: Path, session_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        draft_path(directory, session_id).unlink()


@dataclass
class Draft:
    path: Path
    session: Session


def drafts(directory: Path) -> list[Draft]:
    """Unfinished sessions, newest first. Unreadable drafts are left where they are."""
    folder = directory / DRAFTS
    found: list[Draft] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"*{LOG_SUFFIX}"):
        try:
            found.append(Draft(path, read_log(path)))
        except LogError:
            continue
    found.sort(key=lambda d: d.path.stat().st_mtime, reverse=True)
    return found


# -- reading ------------------------------------------------------------------------------------
def read_text(path: Path) -> str:
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LogError([Problem(name, None, "", "no such file")], what=name) from None
    except OSError as exc:
        raise LogError([Problem(name, None, "", f"cannot read: {exc.strerror}")],
                       what=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LogError([Problem(name, line, "", "is not UTF-8 text")], what=name) from None


def read_log(path: Path) -> Session:
    """A whole log, answers included."""
    return read_log_and_text(path)[0]


def read_log_and_text(path: Path) -> tuple[Session, str]:
    """A whole log, and its text as it is in the file."""
    from .logfile import parse_log

    text = read_text(path)
    try:
        return parse_log(text, str(path)), text
    except LogError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # The parser checks what it knows; a hand edit can still surprise it. One such log
        # must never stop `reflect list` or a report from reading the others.
        raise LogError([Problem(str(path), None, "", f"cannot be read ({exc})")],
                       what=str(path)) from None


def read_summary(path: Path) -> tuple[Session, int, int]:
    """What a log's front matter says (the session, answered and skipped counts), fast."""
    name = str(path)
    head = _read_head(path)
    from .logfile import session_from_front_matter, split_front_matter

    meta, _, _ = split_front_matter(head, name)
    counts = [meta.get(key) for key in ("answered", "skipped")]
    answered, skipped = (c if isinstance(c, int) else 0 for c in counts)
    return session_from_front_matter(meta, name, head), answered, skipped


def _read_head(path: Path) -> str:
    """The start of a file, up to the end of its front matter."""
    closing = re.compile(rb"\n(?:---|\.\.\.)[ \t]*\r?\n")
    with path.open("rb") as handle:
        head = b""
        while True:
            more = handle.read(16384)
            head += more
            found = closing.search(head, 3)
            if found:
                head = head[: found.end()]
                break
            if not more:
                break
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return read_text(path)


@dataclass
class Entry:
    """A log file in the journal: its session, or why it could not be read."""

    path: Path
    session: Session | None = None
    error: LogError | None = None
    answered: int = 0
    skipped: int = 0


def log_paths(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir()
                  if p.suffix == LOG_SUFFIX and p.is_file() and not p.name.startswith("."))


def scan(directory: Path, *, full: bool = False) -> list[Entry]:
    """Every log in the folder, newest first; unreadable ones carry their error."""
    entries: list[Entry] = []
    for path in log_paths(directory):
        try:
            if full:
                session = read_log(path)
                entries.append(Entry(path, session, None, session.answered, session.skipped))
            else:
                entries.append(Entry(path, *_summary_fields(path)))
        except LogError as error:
            entries.append(Entry(path, error=error))
    return sort_newest_first(entries)


def _summary_fields(path: Path) -> tuple[Session, None, int, int]:
    session, answered, skipped = read_summary(path)
    return session, None, answered, skipped


def sort_newest_first(entries: list[Entry]) -> list[Entry]:
    def key(entry: Entry) -> tuple[int, str, str, str]:
        if entry.session is None:
            return (0, "", "", entry.path.name)
        s = entry.session
        return (1, s.date.isoformat(), s.created.isoformat(), entry.path.name)

    return sorted(entries, key=key, reverse=True)


def readable(entries: list[Entry]) -> Iterator[tuple[Path, Session]]:
    for entry in entries:
        if entry.session is not None:
            yield entry.path, entry.session


def resolve(directory: Path, reference: str, entries: list[Entry] | None = None) -> Path:
    """Find a log by file name or path, date, unique prefix, `latest` or `latest~N`."""
    as_path = Path(reference).expanduser()
    if as_path.suffix == LOG_SUFFIX and as_path.is_file():
        return as_path
    if entries is None:
        entries = scan(directory)
    sessions = list(readable(entries))
    relative = _RELATIVE.match(reference.strip())
    if relative:
        back = int(relative.group(1) or 0)
        if back >= len(sessions):
            count = len(sessions)
            raise NotFoundError(
                f"there {'is' if count == 1 else 'are'} only {count} session"
                f"{'' if count == 1 else 's'} in {directory}, so '{reference}' does not exist",
                hint="See them all with: reflect list")
        return sessions[back][0]
    names = [entry.path for entry in entries]
    exact = [p for p in names if p.name in (reference, reference + LOG_SUFFIX)]
    if exact:
        return exact[0]
    matches = [p for p in names if p.name.startswith(reference)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no session matches '{reference}' in {directory}",
                            hint="Give a file name, a date (2026-03-12), the start of a file "
                            "name, 'latest' or 'latest~1'. See them all with: reflect list")
    listing = ", ".join(p.name for p in matches[:5]) + (" ..." if len(matches) > 5 else "")
    raise NotFoundError(f"'{reference}' matches {len(matches)} sessions: {listing}",
                        hint="Give more of the file name.")
