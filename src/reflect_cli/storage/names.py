"""A log's file name: its date, its title, and in a shared folder whose it is
('2026-03-12-spring-review-tom-reed.md'). Made here for the store, which writes logs under it,
and for the log reader, which tells by it which of a log's two titles was left as it was."""

from __future__ import annotations

import re

from reflect_cli.domain.model import Session
from reflect_cli.textsafe import ascii_slug

from .base import LOG_SUFFIX

#: A log's file name: its date, then the rest (its title, and whose it is, made by log_name).
_FILE_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-(.+)\.md$")


def slugify(title: str, fallback: str = "session", max_length: int = 40) -> str:
    """An ASCII-safe, short file-name part from a title."""
    slug = ascii_slug(title)
    if len(slug) > max_length:
        cut = slug[: max_length + 1]  # one more: a cut just before a '-' keeps the whole word
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug.strip("-") or fallback


def log_name(session: Session, attempt: int = 1, *, shared: bool = False) -> str:
    """A new log's file name: its date and title. In a folder shared with the partnership
    (`shared`), the name also says whose it is (the author's person id), so that two people,
    each writing on their own laptop, never write one name: a sync tool or git would then
    hold two sessions as one file's two versions."""
    slug = slugify(session.title, fallback=session.kind)
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{session.date.isoformat()}-{slug}{whose(session) if shared else ''}{suffix}" \
           f"{LOG_SUFFIX}"


def whose(session: Session) -> str:
    """'-priya-shah': the part of a shared log's name that says whose it is ('' for a log
    that records no author: reflect asks who you are before it shares an entry)."""
    if session.author is not None and session.author.id:
        return f"-{slugify(session.author.id, fallback='someone', max_length=30)}"
    return ""


def named_after(name: str, title: str, session: Session) -> bool:
    """Is the log file `name` named after this title ('2026-03-12-spring-review-2.md'; in a
    shared folder with whose it is, '2026-03-12-spring-review-tom-reed.md')?"""
    match = _FILE_NAME.match(name.replace("\\", "/").rsplit("/", 1)[-1])
    if match is None:
        return False
    slug = re.escape(slugify(title, fallback=session.kind))
    author = re.escape(whose(session))
    return re.fullmatch(f"{slug}(?:{author})?(?:-[0-9]+)?", match.group(1)) is not None
