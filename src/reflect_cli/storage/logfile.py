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
import math
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from reflect_cli.domain.dates import DateError, read_date
from reflect_cli.domain.meeting import (
    Action,
    Meeting,
    Participant,
    Review,
    RoundTaken,
    Tally,
    group_rating,
    meeting_group,
)
from reflect_cli.domain.model import (
    DATE_FORMS,
    LOG_FORMAT_VERSION,
    Answer,
    Author,
    Note,
    Session,
    as_number,
    clean_text,
    number_text,
)
from reflect_cli.errors import LogError, Problem, Problems

from .names import named_after

SKIPPED_TEXT = "*Skipped.*"
NOTES_ONLY_TEXT = "*No group answer: see what each person said below.*"
_MARKER = re.compile(
    r"^<!-- (/?)reflect:(section|answer|note)(?: ([^\s]+))?((?: [^\s]+)*) -->\s*$")
_SPEAKER_LINE = re.compile(r"^\*\*.+\*\*:\s*$")
_NEEDS_ESCAPE = re.compile(r"^(\s*)(\\*<!-- /?reflect:)")
_ESCAPED = re.compile(r"^(\s*)\\(\\*<!-- /?reflect:)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")
_TITLE = re.compile(r"^#\s")  # a level-1 heading: the log's title
_SUMMARY = re.compile(r"^(?:Meeting|Journal entry) · .* · [0-9]+ answered, [0-9]+ skipped\s*$")
#: What the heading of a log without a title says (its kind).
_UNTITLED = ("Journal entry", "Meeting")
# (at most 9 digits: a longer "rating" is read as text, never as a number Python refuses)
# (a meeting's median may be a half: 4.5)
_RATING = re.compile(
    r"^\*\*(-?[0-9]{1,9}(?:\.[0-9]{1,3})?)(?: of (-?[0-9]{1,9}))?\*\*(?:\s*·\s*(.*?))?\s*$")
_NUMBER = re.compile(r"-?[0-9]{1,9}(?:\.[0-9]{1,3})?")


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
        **({"author": author_data(session.author)} if session.author is not None else {}),
        "date": session.date,
        "created": session.created.isoformat(timespec="seconds"),
        "framework": {"id": session.framework_id, "version": session.framework_version},
        "covered": list(session.sections),
        "answered": session.answered,
        "skipped": session.skipped,
    }
    if session.meeting is not None:
        data["meeting"] = meeting_data(session.meeting)
    for key, value in session.extra.items():
        data.setdefault(key, value)
    return data


def author_data(author: Author) -> dict[str, str]:
    """Who wrote a log, as its front matter holds it (an older reflect keeps it as it is)."""
    return {"name": author.name, "organisation": author.organisation, "sector": author.sector,
            "id": author.id}


def author_from_data(data: Any, fail: Callable[[str, str], None]) -> Author | None:
    """The `author` of a log's front matter (None when there is none); each problem goes to
    `fail`, by its key, and the author is then left out."""
    if data is None:
        return None
    if not isinstance(data, dict):
        fail("author", "should be a mapping: name, organisation, sector, id")
        return None
    found: dict[str, str] = {}
    for key in ("name", "organisation", "sector", "id"):
        value = data.get(key)
        if value is None:
            value = ""
        if isinstance(value, (dict, list, bool)):
            fail(f"author.{key}", "should be text")
            return None
        found[key] = " ".join(str(value).split())
    if not found["name"]:
        fail("author.name", "the author needs a name")
        return None
    return Author(found["name"], found["organisation"], found["sector"], found["id"])


def _format_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def render_log(session: Session) -> str:
    """A session as a Markdown log with YAML front matter."""
    import yaml  # imported here: commands answered from the cache never need it

    meta = yaml.safe_dump(front_matter(session), sort_keys=False, allow_unicode=True, width=1000)
    out = [
        "---",
        meta.rstrip("\n"),
        "---",
        "",
        f"# {_one_line(session.display_title)}",
        "",
        _summary_line(session),
        "",
    ]
    meeting = session.meeting
    if meeting is not None:
        out += _meeting_opening(meeting, session.date)
    by_section: dict[str, list[Answer]] = {s: [] for s in session.sections}
    for answer in session.answers:
        by_section.setdefault(answer.section, []).append(answer)
    for section_id, answers in by_section.items():
        out += [f"## {session.labels.get(section_id, section_id)}",
                f"<!-- reflect:section {section_id} -->", ""]
        if meeting is not None:
            out += _section_facts(meeting, section_id)
        for answer in answers:
            out += [f"### {session.labels.get(answer.prompt_id, answer.prompt_id)}",
                    f"<!-- reflect:answer {answer.prompt_id}{_attributes(answer)} -->", "",
                    _answer_body(answer), "", "<!-- /reflect:answer -->", ""]
            for note in answer.notes:
                speaker = meeting.person(note.speaker) if meeting else None
                who = speaker.describe() if speaker else note.speaker
                out += [f"<!-- reflect:note {answer.prompt_id} {note.speaker} -->",
                        f"**{_one_line(who)}**:", "", escape_answer(note.text), "",
                        "<!-- /reflect:note -->", ""]
            if meeting is not None and meeting.round is not None and \
                    answer.prompt_id in meeting.round.tallies:
                out += _round_lines(meeting, meeting.round, answer.prompt_id)
            if meeting is not None and answer.prompt_id in meeting.ratings:
                out += _ratings_lines(meeting, answer.prompt_id)
    if meeting is not None:
        out += _meeting_closing(session, meeting)
    return "\n".join(out)


def _summary_line(session: Session, counts: tuple[int, int] | None = None) -> str:
    """The line under a log's title: 'Journal entry · Thursday 12 March 2026 · 3 answered,
    1 skipped', with 'by Priya Shah (Northfield NHS Trust, NHS) · ' before the counts when
    the log records its author. `counts` (answered, skipped) for a session read without its
    answers."""
    kind = "Meeting" if session.kind == "meeting" else "Journal entry"
    by = f"by {_one_line(session.author.describe())} · " if session.author else ""
    answered, skipped = counts if counts is not None else (session.answered, session.skipped)
    return f"{kind} · {_format_date(session.date)} · {by}{answered} answered, {skipped} skipped"


def with_current_header(text: str, session: Session,
                        counts: tuple[int, int] | None = None) -> str:
    """A log's text with its '# title' and the line under it said again from `session` (read
    from that text): a title, a date or an answer changed by hand in one place leaves these
    behind, and `reflect show` must say what `reflect list` says. `counts` (answered,
    skipped) for a session read without its answers (from the index)."""
    lines = text.split("\n")
    try:
        _, end = _lines_and_end(text, "<log>")
    except LogError:
        return text
    title_done = False
    for number in range(end + 1, len(lines)):
        line = lines[number].rstrip("\r")
        ending = lines[number][len(line):]
        if _MARKER.match(line):
            break
        if not title_done and _TITLE.match(line):
            lines[number] = f"# {_one_line(session.display_title)}{ending}"
            title_done = True
        elif _SUMMARY.match(line):
            lines[number] = _summary_line(session, counts) + ending
            break
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _attributes(answer: Answer) -> str:
    if answer.skipped:
        return " skipped"
    if answer.rating is not None:
        return f" rating={number_text(answer.rating)}"
    if not answer.text:
        return " notes-only"
    return ""


def _answer_body(answer: Answer) -> str:
    if answer.skipped:
        return SKIPPED_TEXT
    if answer.rating is None and not answer.text:
        return NOTES_ONLY_TEXT
    if answer.rating is not None:
        top = f" of {answer.rating_of}" if answer.rating_of is not None else ""
        label = f" · {answer.rating_label}" if answer.rating_label else ""
        value = number_text(answer.rating)
        if not top:
            return f"**{value}**{label}"
        return f"**{value}{top}**{label}"
    return escape_answer(answer.text)


def visible_body(text: str) -> str:
    """The body of a log as Markdown shows it: no front matter, no reflect markers."""
    all_lines, end = _lines_and_end(text, "<log>")
    lines: list[str] = []
    for line in all_lines[end + 1:]:
        if _MARKER.match(line):
            continue
        if not line.strip() and lines and not lines[-1].strip():
            continue
        lines.append(line)
    return "\n".join(lines).strip() + "\n"


def _lines_and_end(text: str, name: str) -> tuple[list[str], int]:
    """The lines of a log, and the index of the line that closes its front matter."""
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
    return lines, end


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], list[str], int]:
    """The front matter, the body lines and the line number where the body starts."""
    lines, end = _lines_and_end(text, name)
    from reflect_cli.inputs.yamlfiles import load_data

    # An empty first line in place of '---', so that the lines of problems are the file's.
    meta = load_data("\n" + "\n".join(lines[1:end]), name, LogError)
    if not isinstance(meta, dict):
        raise LogError([Problem(name, 2, "", "front matter is not a mapping of keys to "
                                "values")], what=name)
    return meta, lines[end + 1:], end + 2


def session_from_front_matter(meta: dict[str, Any], name: str, text: str = "") -> Session:
    """A session with only what the front matter says (no answers): enough for `list`.

    Every problem is listed in one LogError (a file that is not a log this reflect reads, by
    its `reflect_log`, says only that).
    `text` is the file's text, used to say on which line a problem is.
    """
    problems = Problems(name, LogError, _key_lines(text))

    def fail(key: str, message: str) -> None:
        problems.fail(key, key, message)

    # Without a format version this reflect reads, nothing else in the file is worth naming.
    version = meta.get("reflect_log")
    if not isinstance(version, int):
        fail("reflect_log", "missing or not a number: is this a reflect log?")
    elif version > LOG_FORMAT_VERSION:
        fail("reflect_log", f"written by a newer reflect (log format {version}); this one "
             f"reads format {LOG_FORMAT_VERSION}: please upgrade reflect")
    problems.raise_if_any()
    for key in ("id", "date", "framework"):
        if key not in meta:
            fail(key, "missing required key")
    for key in ("id", "title", "kind"):  # (a list or mapping here was shown as "{'a': 1}")
        if isinstance(meta.get(key), (dict, list)):
            fail(key, "should be text, not a list or a mapping")
    date = _day(meta.get("date"), "date", fail) if "date" in meta else None
    created_raw = meta.get("created")
    created = None
    if isinstance(created_raw, dt.datetime):
        created = created_raw
    elif isinstance(created_raw, str):
        try:
            created = dt.datetime.fromisoformat(created_raw)
        except ValueError:
            fail("created", f"'{created_raw}' is not a date and time")
    elif date is not None:
        created = dt.datetime.combine(date, dt.time(), dt.timezone.utc)
    framework = meta.get("framework")
    if "framework" in meta and (not isinstance(framework, dict) or "id" not in framework):
        fail("framework", "should have an 'id' and a 'version'")
    covered = meta.get("covered") or []
    if not isinstance(covered, list):
        fail("covered", "should be a list of question ids")
    meeting = meeting_from_data(meta["meeting"], problems) if "meeting" in meta else None
    author = author_from_data(meta.get("author"), fail)
    problems.raise_if_any()
    assert date is not None
    assert created is not None
    assert isinstance(framework, dict)
    known = {"reflect_log", "id", "title", "kind", "date", "created", "framework", "covered",
             "answered", "skipped", "meeting", "author"}
    return Session(
        id=str(meta["id"]),
        date=date,
        created=created,
        framework_id=str(framework.get("id")),
        framework_version=str(framework.get("version", "")),
        title=str(meta.get("title") or ""),
        kind=str(meta.get("kind") or "journal"),
        sections=[str(s) for s in covered],
        extra={k: v for k, v in meta.items() if k not in known},
        meeting=meeting,
        author=author,
    )


def _day(value: Any, key: str, fail: Callable[[str, str], None]) -> dt.date | None:
    """A date as front matter holds it: a YAML date, or text in one of the forms --date takes
    (a person may write 12/03/2026); None, with the problem recorded, otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return read_date(value)
        except DateError as error:
            fail(key, error.message)
            return None
    shown = f"'{value}' is not a date" if isinstance(value, dt.datetime) else "not a date"
    fail(key, f"{shown}; {DATE_FORMS}")
    return None


def _key_lines(text: str) -> Callable[[str], int | None]:
    """The line of a front matter key, dotted like `meeting.actions[2].due` (the first line
    when it is not there; None when there is no text). The front matter is composed once,
    when the first line is asked for."""
    roots: list[Any] = []

    def line(key: str) -> int | None:
        if not text:
            return None
        if not roots:
            roots.append(_front_matter_root(text))
        root = roots[0]
        if root is None:
            return 1
        from reflect_cli.inputs.yamlfiles import path_line

        return path_line(root, key) or 1

    return line


def _front_matter_root(text: str) -> Any:
    """The node tree of a log's front matter (lines as in the file), None on odd input."""
    from reflect_cli.inputs.yamlfiles import compose

    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")),
               len(lines))
    try:  # the front matter was read once already, so this only fails on odd input
        return compose("\n" + "\n".join(lines[1:end]), "", LogError)
    except LogError:
        return None


def parse_log(text: str, name: str = "<log>") -> Session:
    """Read a log back into a session. Tolerates hand edits; raises LogError when it cannot."""
    meta, body, first_line = split_front_matter(text, name)
    session = session_from_front_matter(meta, name, text)
    heading = ""
    section = ""
    current: tuple[str, str, str] | None = None  # answer or note, prompt id, attributes
    buffer: list[str] = []
    seen: dict[str, int] = {}
    title_heading: str | None = None  # the log's '# Title', before the first marker

    def finish(lines: list[str]) -> None:
        assert current is not None
        what, prompt_id, attrs = current
        if what == "answer":
            session.answers.append(_read_answer(prompt_id, section, attrs, lines))
        else:
            _add_note(session, prompt_id, section, attrs, lines)

    for number, line in enumerate(body, first_line):
        match = _MARKER.match(line)
        if current is not None and not match:
            buffer.append(line)
            continue
        if match is None:
            heading_match = _HEADING.match(line)
            if heading_match:
                heading = heading_match.group(1)
                if title_heading is None and not seen and not section and \
                        _TITLE.match(line):
                    title_heading = heading
            continue
        closing, what, ident, attrs = match.groups()
        if current is not None:
            if closing and what == current[0]:
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
        elif what == "note":
            current = ("note", ident, attrs)
        else:
            if ident in seen:
                raise LogError([Problem(name, number, ident, f"answered twice (first at line "
                                        f"{seen[ident]})")], what=name)
            seen[ident] = number
            if heading:
                session.labels[ident] = heading
            current = ("answer", ident, attrs)
    if current is not None:
        finish(buffer)
    if title_heading is not None:
        _title_from_heading(session, title_heading, name)
    if session.meeting is not None and (session.meeting.ratings or session.meeting.round):
        _with_groups(session, session.meeting, meta.get("reflect_log") == 1)
    return session


def _with_groups(session: Session, meeting: Meeting, rounded: bool) -> None:
    """Each rating the people of a meeting gave one by one carries their median, range and
    the rating the group agreed. In a format-1 log the group's value is their median rounded
    half up, a number nobody gave or agreed: the median as it is is read in its place (the
    file is left as it is). A value that is neither (changed by hand) is taken as agreed."""
    for index, answer in enumerate(session.answers):
        if answer.rating is None:
            continue
        # (each person's ratings typed live, else the tally of the round the meeting revealed)
        group = meeting_group(meeting, answer.prompt_id)
        if group is None:
            continue
        agreed = group.agreed
        rating, label = answer.rating, answer.rating_label
        if rounded and agreed is None:
            if rating == math.floor(group.median + 0.5):
                rating = as_number(group.median)
                label = label if rating == answer.rating else ""
            elif rating != group.median and rating == int(rating):
                group = replace(group, agreed=int(rating))
        session.answers[index] = replace(answer, rating=rating, rating_label=label,
                                         group=group)


def _title_from_heading(session: Session, heading: str, name: str) -> None:
    """Settle the title when the log's '# heading' and its front matter's title disagree
    (reflect writes both from one title, so a person changed one of them):

    - the one the file is still named after is the one left as it was, so the other wins;
    - otherwise the heading wins: it is what people read, in any Markdown viewer.

    So `reflect list` says what `reflect show` shows, whichever of the two was reworded."""
    shown = _one_line(heading)
    if not shown or shown == _one_line(session.display_title):
        return
    if shown in _UNTITLED or (named_after(name, shown, session)
                              and not named_after(name, session.title, session)):
        return  # the front matter's title was changed (or added): it stands
    session.title = shown


def _add_note(session: Session, prompt_id: str, section: str, attrs: str,
              lines: list[str]) -> None:
    """Attach a person's note to the answer it belongs to."""
    speaker = (attrs.split() or ["someone"])[0]
    while lines and not lines[0].strip():
        lines = lines[1:]
    if lines and _SPEAKER_LINE.match(lines[0]):
        lines = lines[1:]
    note = Note(speaker, clean_text(unescape_answer("\n".join(lines))))
    if not note.text:
        return
    for index, answer in enumerate(session.answers):
        if answer.prompt_id == prompt_id:
            session.answers[index] = replace(answer, notes=answer.notes + (note,))
            return
    session.answers.append(Answer(prompt_id, section, notes=(note,)))


def _read_answer(prompt_id: str, section: str, attrs: str, lines: list[str]) -> Answer:
    text = clean_text(unescape_answer("\n".join(lines)))
    flags = attrs.split()
    if "skipped" in flags and text in ("", SKIPPED_TEXT):
        return Answer(prompt_id, section)
    if "notes-only" in flags and text == NOTES_ONLY_TEXT:
        return Answer(prompt_id, section)
    rating_attr = next((f.split("=", 1)[1] for f in flags if f.startswith("rating=")), None)
    if rating_attr is not None:
        # The visible rating wins over the marker, so a rating changed by hand is kept.
        match = _RATING.match(text)
        if match:
            top = int(match.group(2)) if match.group(2) else None
            return Answer(prompt_id, section, rating=as_number(float(match.group(1))),
                          rating_of=top, rating_label=match.group(3) or "")
        if _NUMBER.fullmatch(rating_attr) and not text:
            return Answer(prompt_id, section, rating=as_number(float(rating_attr)))
    return Answer(prompt_id, section, text=text)


# -- meetings ------------------------------------------------------------------------------------
def meeting_data(meeting: Meeting) -> dict[str, Any]:
    """A meeting as front matter data (people are referred to by their person id)."""
    data: dict[str, Any] = {
        "participants": [_participant_data(p) for p in meeting.participants],
        "rotation": meeting.rotation,
    }
    if meeting.minutes:
        data["minutes"] = meeting.minutes
    if meeting.count_notes:  # written only when asked for: an older reflect ignores it
        data["count_notes"] = True
    optional = {
        "checkin": dict(meeting.checkin),
        "speaking_order": {k: list(v) for k, v in meeting.orders.items()},
        "seconds_spent": dict(meeting.seconds_spent),
        "ratings": {k: dict(v) for k, v in meeting.ratings.items()},
        # (the median of each person's ratings, as it is: 4.5 stays 4.5; and the rating the
        # group agreed, where it agreed one: separate values, never one rounded number)
        "medians": {k: as_number(found.median) for k, v in meeting.ratings.items()
                    if (found := group_rating(v.values())) is not None},
        "agreed": {k: v for k, v in meeting.agreed.items() if k in meeting.ratings or (
            meeting.round is not None and k in meeting.round.tallies)},
        "scales": {k: list(v) for k, v in meeting.scales.items()},
        "actions": [_action_data(a) for a in meeting.actions],
        "reviews": [_review_data(r) for r in meeting.reviews],
        "key_messages": list(meeting.key_messages),
    }
    data.update({k: v for k, v in optional.items() if v})
    if meeting.round is not None:
        data["round"] = round_data(meeting.round)
    return data


def round_data(taken: RoundTaken) -> dict[str, Any]:
    """A rating round brought into a meeting, as its front matter keeps it (under `meeting:`,
    a key a reflect that does not know rounds passes over): its name, mode, how many
    submissions, and for each characteristic how many gave each score, with the median,
    lowest, highest and count worked out from them, and the medians by sector. No names."""
    data: dict[str, Any] = {}
    if taken.name:
        data["name"] = taken.name
    data["mode"] = taken.mode
    data["submissions"] = taken.submissions
    distribution: dict[str, Any] = {}
    for prompt_id, tally in taken.tallies.items():
        group = tally.group()
        if group is None:
            continue
        item: dict[str, Any] = {"scores": {score: many for score, many in tally.scores},
                                "count": group.count, "median": as_number(group.median),
                                "low": group.low, "high": group.high}
        if tally.sectors:
            item["sectors"] = [{"sector": sector, "count": count, "median": as_number(median)}
                               for sector, count, median in tally.sectors]
        distribution[prompt_id] = item
    data["distribution"] = distribution
    return data


def _participant_data(person: Participant) -> dict[str, Any]:
    data: dict[str, Any] = {"name": person.name}
    if person.organisation:
        data["organisation"] = person.organisation
    if person.sector:
        data["sector"] = person.sector
    if person.roles:
        data["roles"] = list(person.roles)
    if person.named_in_reports:  # written only when they agreed: an older reflect ignores it
        data["named_in_reports"] = True
    return data


def _review_data(review: Review) -> dict[str, Any]:
    """A review as the action it was (with its new date when carried over) and its status,
    as before; a comment and the date it had before come after, under keys an older reflect
    passes over."""
    data = {**_action_data(review.action), "status": review.status}
    if review.was_due is not None:
        data["was_due"] = review.was_due
    if review.comment:
        data["comment"] = review.comment
    return data


def _action_data(action: Action) -> dict[str, Any]:
    data: dict[str, Any] = {"id": action.id, "text": action.text}
    if action.owner:
        data["owner"] = action.owner
    if action.due is not None:
        data["due"] = action.due
    if action.section:
        data["question"] = action.section
    return data


def meeting_from_data(data: Any, problems: Problems) -> Meeting:
    """Read the `meeting` front matter; each problem goes to `problems` (by its key path),
    and what can still be read is read.

    Every value is checked for the type reflect writes, so a hand edit of any shape is named
    (with its key) instead of surprising the code that uses the meeting."""
    def fail(key: str, message: str) -> None:
        problems.fail(key, key, message)

    if not isinstance(data, dict):
        fail("meeting", "should be a mapping (participants, actions, ...)")
        return Meeting()

    def mapping(value: Any, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            fail(key, "should be a mapping (key: value lines)")
            return {}
        return {str(k): v for k, v in value.items()}

    def listing(value: Any, key: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            fail(key, "should be a list")
            return []
        return value

    def text(value: Any, key: str) -> str:
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            fail(key, "should be text")
            return ""
        return str(value)

    def number(value: Any, key: str) -> int:
        if isinstance(value, float) and math.isfinite(value) and value == int(value):
            return int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            fail(key, f"should be a whole number, found {_shown(value)}")
            return 0
        return value

    participants = []
    for index, item in enumerate(listing(data.get("participants"), "meeting.participants"), 1):
        key = f"meeting.participants[{index}]"
        before = len(problems)
        name = text(item.get("name"), f"{key}.name").strip() if isinstance(item, dict) else ""
        if len(problems) > before:
            continue
        if not name:
            fail(key, "needs at least a name")
            continue
        roles = item.get("roles") or []
        named = item.get("named_in_reports", False)
        if not isinstance(named, bool):
            fail(f"{key}.named_in_reports", f"should be true or false, found {_shown(named)}")
            named = False
        participants.append(Participant(
            name=name,
            organisation=text(item.get("organisation"), f"{key}.organisation"),
            sector=text(item.get("sector"), f"{key}.sector"),
            roles=tuple(text(r, f"{key}.roles") for r in (
                roles if isinstance(roles, list) else [roles])),
            named_in_reports=named))

    def action(item: Any, key: str) -> Action | None:
        if not isinstance(item, dict) or not item.get("id") or not item.get("text"):
            fail(key, "needs an id and a text")
            return None
        due = item.get("due")
        if isinstance(due, str):  # anything else but a date is left out, as it always was
            due = _day(due, f"{key}.due", fail)
        return Action(id=text(item["id"], f"{key}.id"), text=text(item["text"], f"{key}.text"),
                      owner=text(item.get("owner"), f"{key}.owner"),
                      due=due if isinstance(due, dt.date) else None,
                      section=text(item.get("question"), f"{key}.question"))

    actions = [found for i, item in enumerate(listing(data.get("actions"), "meeting.actions"), 1)
               if (found := action(item, f"meeting.actions[{i}]")) is not None]
    reviews = []
    for i, item in enumerate(listing(data.get("reviews"), "meeting.reviews"), 1):
        key = f"meeting.reviews[{i}]"
        reviewed = action(item, key)
        if reviewed is not None:
            was_due = item.get("was_due")
            if was_due is not None and not isinstance(was_due, dt.date):
                was_due = _day(str(was_due), f"{key}.was_due", fail) if isinstance(
                    was_due, str) else None
            reviews.append(Review(reviewed, text(item.get("status"), f"{key}.status"),
                                  comment=text(item.get("comment"), f"{key}.comment").strip(),
                                  was_due=was_due if isinstance(was_due, dt.date) else None))
    ratings = {}
    for prompt_id, given in mapping(data.get("ratings"), "meeting.ratings").items():
        key = f"meeting.ratings.{prompt_id}"
        ratings[prompt_id] = {p: number(n, f"{key}.{p}") for p, n in mapping(given, key).items()}
    agreed = {prompt_id: number(n, f"meeting.agreed.{prompt_id}")
              for prompt_id, n in mapping(data.get("agreed"), "meeting.agreed").items()}
    scales = {}
    for prompt_id, ends in mapping(data.get("scales"), "meeting.scales").items():
        key = f"meeting.scales.{prompt_id}"
        if not isinstance(ends, list) or len(ends) != 2:
            fail(key, "should be the lowest and highest point, like [1, 5]")
            continue
        scales[prompt_id] = (number(ends[0], key), number(ends[1], key))
    seconds = {k: number(v, f"meeting.seconds_spent.{k}")
               for k, v in mapping(data.get("seconds_spent"), "meeting.seconds_spent").items()}
    orders = {k: [text(p, f"meeting.speaking_order.{k}") for p in listing(
        v, f"meeting.speaking_order.{k}")]
        for k, v in mapping(data.get("speaking_order"), "meeting.speaking_order").items()}
    minutes = data.get("minutes")
    messages = [" ".join(text(m, "meeting.key_messages").split())
                for m in listing(data.get("key_messages"), "meeting.key_messages")]
    count_notes = data.get("count_notes", False)
    if not isinstance(count_notes, bool):
        fail("meeting.count_notes", f"should be true or false, found {_shown(count_notes)}")
        count_notes = False
    taken = round_from_data(data["round"], problems) if "round" in data else None
    return Meeting(
        round=taken,
        participants=participants, rotation=number(data.get("rotation") or 0, "meeting.rotation"),
        checkin={k: text(v, f"meeting.checkin.{k}")
                 for k, v in mapping(data.get("checkin"), "meeting.checkin").items()},
        orders=orders, minutes=number(minutes, "meeting.minutes") if minutes else None,
        seconds_spent=seconds, ratings=ratings, agreed=agreed, scales=scales, actions=actions,
        reviews=reviews, count_notes=count_notes, key_messages=[m for m in messages if m])


def round_from_data(data: Any, problems: Problems) -> RoundTaken | None:
    """Read `meeting.round`; each problem goes to `problems` by its key path. The scores are
    what counts: the median, lowest, highest and count beside them are worked out again."""
    def fail(key: str, message: str) -> None:
        problems.fail(key, key, message)

    if not isinstance(data, dict):
        fail("meeting.round", "should be a mapping (name, mode, submissions, distribution)")
        return None

    def whole(value: Any, key: str) -> int | None:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, float) and math.isfinite(value) and value == int(value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            fail(key, f"should be a whole number, found {_shown(value)}")
            return None
        return value

    name, mode = data.get("name") or "", data.get("mode") or "anonymous"
    if not isinstance(name, str):
        fail("meeting.round.name", "should be text")
        name = ""
    if mode not in ("anonymous", "named", "alias"):
        fail("meeting.round.mode", f"should be anonymous, named or alias, found {_shown(mode)}")
    submissions = whole(data.get("submissions", 0), "meeting.round.submissions") or 0
    distribution = data.get("distribution") or {}
    if not isinstance(distribution, dict):
        fail("meeting.round.distribution", "should be a mapping: a characteristic's id to "
             "its scores")
        distribution = {}
    tallies: dict[str, Tally] = {}
    for prompt_id, item in distribution.items():
        key = f"meeting.round.distribution.{prompt_id}"
        scores = item.get("scores") if isinstance(item, dict) else None
        if not isinstance(scores, dict) or not scores:
            fail(f"{key}.scores", "should say how many gave each score, like {1: 0, 2: 3}")
            continue
        counted_scores = [(whole(score, f"{key}.scores"), whole(many, f"{key}.scores.{score}"))
                          for score, many in scores.items()]
        sectors: list[tuple[str, int, float]] = []
        listed = item.get("sectors") or []
        if not isinstance(listed, list):
            fail(f"{key}.sectors", "should be a list of sector, count, median")
            listed = []
        for index, view in enumerate(listed, 1):
            where = f"{key}.sectors[{index}]"
            median = view.get("median") if isinstance(view, dict) else None
            if not isinstance(view, dict) or not isinstance(view.get("sector"), str) or \
                    not isinstance(median, (int, float)) or isinstance(median, bool):
                fail(where, "should have a sector, a count and a median")
                continue
            many = whole(view.get("count"), f"{where}.count")
            sectors.append((" ".join(view["sector"].split()), many or 0, float(median)))
        if any(score is None or many is None for score, many in counted_scores):
            continue
        tallies[str(prompt_id)] = Tally(
            tuple(sorted((int(score), int(many)) for score, many in counted_scores
                         if score is not None and many is not None)), tuple(sectors))
    return RoundTaken(" ".join(name.split()), str(mode), submissions, tallies)


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:40] + "..."


def _names(meeting: Meeting, ids: list[str]) -> str:
    return ", ".join(meeting.name(pid) for pid in ids)


def _minutes(seconds: int) -> str:
    minutes = round(seconds / 60)
    return "under a minute" if minutes < 1 else f"{minutes} min"


def _meeting_opening(meeting: Meeting, on: dt.date) -> list[str]:
    out: list[str] = []
    if meeting.participants:
        out += ["## Who was here", "", "| Name | Organisation | Sector | Role |",
                "| --- | --- | --- | --- |"]
        for person in meeting.participants:
            roles = ", ".join("lead partner" if r == "lead" else r for r in person.roles)
            cells = (person.name, person.organisation, person.sector, roles)
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
        named = [p.name for p in meeting.participants if p.named_in_reports]
        if named:
            out += [f"*May be named in reports outside the partnership: "
                    f"{_one_line(', '.join(named))} (the others by sector only).*", ""]
    if meeting.checkin:
        out += ["## Check-in", ""]
        out += [f"- **{_one_line(meeting.name(pid))}**: {_one_line(line)}"
                for pid, line in meeting.checkin.items()]
        out.append("")
    if meeting.reviews:
        out += ["## Actions from earlier sessions", ""]
        out += [_review_line(review, on) for review in meeting.reviews]
        out.append("")
    return out


def _review_line(review: Review, on: dt.date) -> str:
    """'- **Carried over**: Invite housing (Priya Shah) · now due by 28 May 2026 (was due by
    30 Apr 2026, overdue) · “It went to the board and we heard nothing back.”'"""
    action = review.action
    who = f" ({_one_line(action.owner)})" if action.owner else ""
    line = f"- **{review.status.capitalize()}**: {_one_line(action.text)}{who}"
    if review.status == "carried over":
        before = review.was_due
        if before is not None:
            line += f" · now due by {action.due:%d %b %Y}" if action.due else " · now no date"
            line += f" (was due by {before:%d %b %Y}{', overdue' if before < on else ''})"
        elif action.due is not None and action.due < on:
            line += f" · **overdue since {action.due:%d %b %Y}**"
        elif action.due is not None:
            line += f" · due by {action.due:%d %b %Y}"
    if review.comment:
        line += f" · “{_one_line(review.comment)}”"
    return line


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "/") or " "


def _section_facts(meeting: Meeting, section_id: str) -> list[str]:
    facts = []
    order = meeting.orders.get(section_id)
    if order:
        facts.append(f"Speaking order: {_names(meeting, order)}")
    spent = meeting.seconds_spent.get(section_id)
    if spent is not None:
        facts.append(f"time taken: {_minutes(spent)}")
    return [f"*{' · '.join(facts)}*", ""] if facts else []


def _ratings_lines(meeting: Meeting, prompt_id: str) -> list[str]:
    from reflect_cli.domain.meeting import spread

    given = meeting.ratings[prompt_id]
    low, high = meeting.scales.get(prompt_id, (1, 5))
    result = spread(given.values(), low, high)
    if result is None:
        return []
    each = ", ".join(f"{meeting.name(pid)} {n}" for pid, n in given.items())
    line = (f"Each person's rating: {each}. Lowest {result.low}, median {result.median_text}, "
            f"highest {result.high}.")
    agreed = meeting.agreed.get(prompt_id)
    line += (f" The group agreed {agreed}." if agreed is not None else
             " No rating agreed: the median stands.")
    if result.disagree:
        line += " **People disagree widely here: a conversation worth having.**"
    return [line, ""]


def _round_lines(meeting: Meeting, taken: RoundTaken, prompt_id: str) -> list[str]:
    """'Rating round "Spring" (anonymous): 8 rated; 1: 0 · 2: 1 · ... Lowest 2, median 4.5,
    highest 5. Median by sector: NHS 4 (3), Other 5 (5). The group agreed 4.'"""
    from reflect_cli.domain.meeting import spread

    tally = taken.tallies[prompt_id]
    low, high = meeting.scales.get(prompt_id, (1, 5))
    result = spread(tally.values, low, high)
    if result is None:
        return []
    named = f" \"{_one_line(taken.name)}\"" if taken.name else ""
    scores = " · ".join(f"{score}: {many}" for score, many in tally.scores)
    line = (f"Rating round{named} ({taken.mode}): {result.count} rated; {scores}. Lowest "
            f"{result.low}, median {result.median_text}, highest {result.high}.")
    if tally.sectors:
        line += " Median by sector: " + ", ".join(
            f"{_one_line(sector)} {number_text(median)} ({count})"
            for sector, count, median in tally.sectors) + "."
    if prompt_id not in meeting.ratings:  # (else each person's line below says it)
        agreed = meeting.agreed.get(prompt_id)
        line += (f" The group agreed {agreed}." if agreed is not None else
                 " No rating agreed: the round's median stands.")
        if result.disagree:
            line += " **People disagree widely here: a conversation worth having.**"
    return [line, ""]


def _meeting_closing(session: Session, meeting: Meeting) -> list[str]:
    from reflect_cli.domain.meeting import participation

    out: list[str] = []
    if meeting.key_messages:
        out += ["## Key messages", ""]
        out += [f"- {_one_line(message)}" for message in meeting.key_messages]
        out.append("")
    if meeting.actions:
        out += ["## Actions", "", "| Action | Who | By when | Question |",
                "| --- | --- | --- | --- |"]
        for action in meeting.actions:
            due = f"{action.due:%d %b %Y}" if action.due else ""
            question = session.labels.get(action.section, action.section)
            out.append("| " + " | ".join(_cell(c) for c in (
                action.text, action.owner, due, question)) + " |")
        out.append("")
    if meeting.participants and meeting.count_notes:
        speakers = [n.speaker for a in session.answers for n in a.notes]
        summary = participation(meeting, speakers)
        out += ["## Notes typed for each person", "",
                "*How many separate notes were typed for each person during the meeting. This "
                "counts notes, not who spoke: what people said together is in the group "
                "answers above, so 0 does not mean someone said nothing.*", "",
                "| Person | Sector | Notes typed |", "| --- | --- | --- |"]
        for pid, count in summary.by_person:
            person = meeting.person(pid)
            out.append(f"| {_cell(meeting.name(pid))} | "
                       f"{_cell(person.sector if person else '')} | {count} |")
        out += ["", "Notes typed, by sector: " + ", ".join(
            f"{sector} {count}" for sector, count in summary.by_sector) + ".", ""]
    return out
