"""The log format: a session as Markdown with YAML front matter, and back again.

A log is meant to be read by people (on GitHub, in Obsidian, in any editor) and by reflect.
Prompt ids live in HTML comments, which Markdown hides, so headings can be edited and the
framework reworded while `reflect compare` still matches answers by id::

    ### Who are the intended beneficiaries of your work together?
    <!-- reflect:answer purpose.beneficiaries -->

    The answer, as written.

    <!-- /reflect:answer -->

An answer line that itself looks like one of these markers gets a backslash in front of it when
written, and loses one when read, so any text survives the round trip.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .errors import LogError, Problem
from .model import LOG_FORMAT_VERSION, Answer, Session, clean_text

SKIPPED_TEXT = "*Skipped.*"
_MARKER = re.compile(r"^<!-- (/?)reflect:(section|answer)(?: ([^\s]+))?((?: [^\s]+)*) -->\s*$")
_NEEDS_ESCAPE = re.compile(r"^(\s*)(\\*<!-- /?reflect:)")
_ESCAPED = re.compile(r"^(\s*)\\(\\*<!-- /?reflect:)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")
_RATING = re.compile(r"^\*\*(-?\d+)(?: of (-?\d+))?\*\*(?:\s*·\s*(.*?))?\s*$")


def escape_answer(text: str) -> str:
    return "\n".join(_NEEDS_ESCAPE.sub(r"\1\\\2", line) for line in text.split("\n"))


def unescape_answer(text: str) -> str:
    return "\n".join(_ESCAPED.sub(r"\1\2", line) for line in text.split("\n"))


def front_matter(session: Session) -> dict[str, Any]:
    """The front matter of a session's log, in the order it is written."""
    data: dict[str, Any] = {
        "reflect_log": LOG_FORMAT_VERSION,
        "id": session.id,
        "title": session.title,
        "kind": session.kind,
        "date": session.date,
        "created": session.created.isoformat(timespec="seconds"),
        "framework": {"id": session.framework_id, "version": session.framework_version},
        "covered": list(session.sections),
        "answered": session.answered,
        "skipped": session.skipped,
    }
    for key, value in session.extra.items():
        data.setdefault(key, value)
    return data


def _format_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def render_log(session: Session) -> str:
    """A session as a Markdown log with YAML front matter."""
    meta = yaml.safe_dump(front_matter(session), sort_keys=False, allow_unicode=True, width=1000)
    kind = "Meeting" if session.kind == "meeting" else "Journal entry"
    out = [
        "---",
        meta.rstrip("\n"),
        "---",
        "",
        f"# {_one_line(session.display_title)}",
        "",
        f"{kind} · {_format_date(session.date)} · "
        f"{session.answered} answered, {session.skipped} skipped",
        "",
    ]
    by_section: dict[str, list[Answer]] = {s: [] for s in session.sections}
    for answer in session.answers:
        by_section.setdefault(answer.section, []).append(answer)
    for section_id, answers in by_section.items():
        out += [f"## {session.labels.get(section_id, section_id)}",
                f"<!-- reflect:section {section_id} -->", ""]
        for answer in answers:
            out += [f"### {session.labels.get(answer.prompt_id, answer.prompt_id)}",
                    f"<!-- reflect:answer {answer.prompt_id}{_attributes(answer)} -->", "",
                    _answer_body(answer), "", "<!-- /reflect:answer -->", ""]
    return "\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _attributes(answer: Answer) -> str:
    if answer.skipped:
        return " skipped"
    if answer.rating is not None:
        return f" rating={answer.rating}"
    return ""


def _answer_body(answer: Answer) -> str:
    if answer.skipped:
        return SKIPPED_TEXT
    if answer.rating is not None:
        top = f" of {answer.rating_of}" if answer.rating_of is not None else ""
        label = f" · {answer.rating_label}" if answer.rating_label else ""
        if not top:
            return f"**{answer.rating}**{label}"
        return f"**{answer.rating}{top}**{label}"
    return escape_answer(answer.text)


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], list[str], int]:
    """The front matter, the body lines and the line number where the body starts."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise LogError([Problem(name, 1, "", "not a reflect log: it does not start with "
                                "'---' front matter")], what=name)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        raise LogError([Problem(name, 1, "", "the front matter that starts on line 1 is "
                                "never closed with a '---' line")], what=name) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise LogError([Problem(name, line, "", f"front matter is not valid YAML: "
                                f"{getattr(exc, 'problem', exc)}")], what=name) from None
    if not isinstance(meta, dict):
        raise LogError([Problem(name, 2, "", "front matter is not a mapping of keys to "
                                "values")], what=name)
    return meta, lines[end + 1:], end + 2


def session_from_front_matter(meta: dict[str, Any], name: str, text: str = "") -> Session:
    """A session with only what the front matter says (no answers): enough for `list`.

    `text` is the file's text, used to say on which line a problem is.
    """
    def problem(key: str, message: str) -> LogError:
        return LogError([Problem(name, _key_line(text, key), key, message)], what=name)

    version = meta.get("reflect_log")
    if not isinstance(version, int):
        raise problem("reflect_log", "missing or not a number: is this a reflect log?")
    if version > LOG_FORMAT_VERSION:
        raise problem("reflect_log", f"written by a newer reflect (log format {version}); "
                      f"this one reads format {LOG_FORMAT_VERSION}: please upgrade reflect")
    for key in ("id", "date", "framework"):
        if key not in meta:
            raise problem(key, "missing required key")
    date = meta["date"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise problem("date", f"'{date}' is not a date like 2026-03-12") from None
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise problem("date", "not a date like 2026-03-12")
    created_raw = meta.get("created")
    if isinstance(created_raw, dt.datetime):
        created = created_raw
    elif isinstance(created_raw, str):
        try:
            created = dt.datetime.fromisoformat(created_raw)
        except ValueError:
            raise problem("created", f"'{created_raw}' is not a date and time") from None
    else:
        created = dt.datetime.combine(date, dt.time(), dt.timezone.utc)
    framework = meta["framework"]
    if not isinstance(framework, dict) or "id" not in framework:
        raise problem("framework", "should have an 'id' and a 'version'")
    covered = meta.get("covered") or []
    if not isinstance(covered, list):
        raise problem("covered", "should be a list of question ids")
    known = {"reflect_log", "id", "title", "kind", "date", "created", "framework", "covered",
             "answered", "skipped"}
    session = Session(
        id=str(meta["id"]),
        date=date,
        created=created,
        framework_id=str(framework.get("id")),
        framework_version=str(framework.get("version", "")),
        title=str(meta.get("title") or ""),
        kind=str(meta.get("kind") or "journal"),
        sections=[str(s) for s in covered],
        extra={k: v for k, v in meta.items() if k not in known},
    )
    return session


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level front matter key (the first line when it is missing)."""
    if not text:
        return None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines()[1:], 2):
        if line.strip() in ("---", "..."):
            return 1
        if line.startswith(f"{key}:"):
            return number
    return 1


def parse_log(text: str, name: str = "<log>") -> Session:
    """Read a log back into a session. Tolerates hand edits; raises LogError when it cannot."""
    meta, body, first_line = split_front_matter(text, name)
    session = session_from_front_matter(meta, name, text)
    heading = ""
    current: tuple[str, str, int] | None = None  # prompt id, attributes, line
    buffer: list[str] = []
    seen: dict[str, int] = {}

    section = ""

    def finish(lines: list[str]) -> None:
        assert current is not None
        prompt_id, attrs, _ = current
        session.answers.append(_read_answer(prompt_id, section, attrs, lines))

    for number, line in enumerate(body, first_line):
        match = _MARKER.match(line)
        if current is not None and not match:
            buffer.append(line)
            continue
        if match is None:
            heading_match = _HEADING.match(line)
            if heading_match:
                heading = heading_match.group(1)
            continue
        closing, what, ident, attrs = match.groups()
        if current is not None:
            if closing and what == "answer":
                finish(buffer)
                current, buffer = None, []
                continue
            # The closing marker was lost in an edit: the answer ends before the next heading.
            while buffer and (not buffer[-1].strip() or _HEADING.match(buffer[-1])):
                if _HEADING.match(buffer[-1]):
                    heading = _HEADING.match(buffer[-1]).group(1)  # type: ignore[union-attr]
                buffer.pop()
            finish(buffer)
            current, buffer = None, []
        if closing or not ident:
            continue
        if what == "section":
            section = ident
            if heading:
                session.labels[ident] = heading
            if ident not in session.sections:
                session.sections.append(ident)
        else:
            if ident in seen:
                raise LogError([Problem(name, number, ident, f"answered twice (first at line "
                                        f"{seen[ident]})")], what=name)
            seen[ident] = number
            if heading:
                session.labels[ident] = heading
            current = (ident, attrs, number)
    if current is not None:
        finish(buffer)
    return session


def _read_answer(prompt_id: str, section: str, attrs: str, lines: list[str]) -> Answer:
    text = clean_text(unescape_answer("\n".join(lines)))
    flags = attrs.split()
    if "skipped" in flags and text in ("", SKIPPED_TEXT):
        return Answer(prompt_id, section)
    rating_attr = next((f.split("=", 1)[1] for f in flags if f.startswith("rating=")), None)
    if rating_attr is not None:
        # The visible rating wins over the marker, so a rating changed by hand is kept.
        match = _RATING.match(text)
        if match:
            top = int(match.group(2)) if match.group(2) else None
            return Answer(prompt_id, section, rating=int(match.group(1)), rating_of=top,
                          rating_label=match.group(3) or "")
        if re.fullmatch(r"-?\d+", rating_attr) and not text:
            return Answer(prompt_id, section, rating=int(rating_attr))
    return Answer(prompt_id, section, text=text)
