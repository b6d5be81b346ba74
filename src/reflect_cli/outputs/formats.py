"""Text outputs for files and other tools: Markdown handouts and JSON/YAML data."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reflect_cli.domain.meeting import TrackedAction
from reflect_cli.domain.model import Framework, Prompt, Section, rating_text
from reflect_cli.textsafe import json_safe, visible

if TYPE_CHECKING:
    import datetime as dt

    from reflect_cli.domain.compare import (
        Comparison,
        History,
        MeetingChanges,
        PromptChange,
        RatingChange,
        SessionRef,
        Token,
        Trends,
    )
    from reflect_cli.domain.model import Answer
    from reflect_cli.domain.search import SearchResults
    from reflect_cli.storage import Entry
    from reflect_cli.storage import Entry as Unreadable


def _flat(text: str) -> str:
    return " ".join(text.split())


def _safe(text: str) -> str:
    """Text from outside on one line, with control and bidi characters shown as escapes."""
    return visible(_flat(text))


# Human-readable outputs (the Markdown handout and reports) show every control or bidi
# character from outside as an escape (`visible`), so neither a terminal that prints them nor
# an editor that opens them is driven by what a log or framework holds. JSON and YAML keep
# each character, written as an escape of their own.
def framework_markdown(framework: Framework) -> str:
    """A printable handout for the people in the room who are not at the keyboard."""
    out = [f"# {_safe(framework.title)}", ""]
    if framework.subtitle:
        out += [f"*{_safe(framework.subtitle)}*", ""]
    if framework.introduction:
        out += [visible(framework.introduction.strip()), ""]
    for number, section in enumerate(framework.sections, 1):
        title = _safe(section.title)
        heading = title if section.is_assessment else f"{number}. {title}"
        out += [f"## {heading}", ""]
        if section.explanation:
            out += [_safe(section.explanation), ""]
        if section.examples:
            out += ["**Examples from partnerships**", ""]
            out += [f"> {_safe(e)}\n" for e in section.examples]
        if section.is_assessment:
            scale = section.prompts[0].scale if section.prompts else None
            if scale:
                out += [f"Rate each from {scale.low} to {scale.high}: "
                        f"{visible(scale.describe())}.", ""]
            out += ["| Characteristic | Rating |", "| --- | --- |"]
            out += [f"| {_safe(p.text).replace('|', '/')} | |" for p in section.prompts]
            out.append("")
        else:
            out += ["**Points to consider**", ""]
            out += [f"- {_safe(p.text)}" for p in section.prompts]
            out.append("")
        if section.resources:
            out += ["**Helpful resources**", ""]
            out += [_md_resource(r.title, r.description) for r in section.resources]
            out.append("")
    if framework.resources:
        out += ["## Further resources", ""]
        out += [_md_resource(r.title, r.description) for r in framework.resources]
        out.append("")
    if framework.source.attribution:
        out += ["---", "", f"*{_safe(framework.source.attribution)}*", ""]
    return "\n".join(out)


def _md_resource(title: str, description: str) -> str:
    return f"- **{_safe(title)}**" + (f": {_safe(description)}" if description else "")


def _prompt_data(prompt: Prompt) -> dict[str, Any]:
    data: dict[str, Any] = {"id": prompt.id, "text": _flat(prompt.text), "type": prompt.type}
    if prompt.scale is not None:
        data["scale"] = [{"value": v, "label": label} for v, label in prompt.scale.labels]
    return data


def _section_data(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "question": section.title,
        "explanation": section.explanation,
        "examples": list(section.examples),
        "prompts": [_prompt_data(p) for p in section.prompts],
        "resources": [{"title": r.title, "description": r.description}
                      for r in section.resources],
    }


def framework_data(framework: Framework) -> dict[str, Any]:
    """The framework as plain data (the documented JSON shape)."""
    assessment = None
    if framework.assessment is not None:
        assessment = _section_data(framework.assessment)
        assessment["title"] = assessment.pop("question")
        assessment["introduction"] = assessment.pop("explanation")
        del assessment["examples"]
    return {
        "id": framework.id,
        "version": framework.version,
        "title": framework.title,
        "subtitle": framework.subtitle,
        "introduction": framework.introduction,
        "source": {"title": framework.source.title, "publisher": framework.source.publisher,
                   "attribution": framework.source.attribution},
        "sectors": list(framework.sectors),
        "questions": [_section_data(s) for s in framework.questions],
        "self_assessment": assessment,
        "resources": [{"title": r.title, "description": r.description}
                      for r in framework.resources],
    }


def framework_json(framework: Framework) -> str:
    return _dump(framework_data(framework))


def framework_yaml(framework: Framework) -> str:
    """The framework as YAML, in the shape a framework file takes (so it can be adapted)."""

    def prompt_yaml(p: Prompt) -> dict[str, Any]:
        data: dict[str, Any] = {"id": p.id, "text": _flat(p.text)}
        if p.type != "text":
            data["type"] = p.type
            if p.scale is not None:
                data["scale"] = dict(p.scale.labels)
        return data

    def section_yaml(s: Section) -> dict[str, Any]:
        key, text_key = ("title", "introduction") if s.is_assessment else ("question",
                                                                          "explanation")
        data: dict[str, Any] = {"id": s.id, key: s.title}
        if s.explanation:
            data[text_key] = s.explanation
        if s.examples:
            data["examples"] = list(s.examples)
        data["prompts"] = [prompt_yaml(p) for p in s.prompts]
        if s.resources:
            data["resources"] = [_resource_yaml(r.title, r.description) for r in s.resources]
        return data

    data: dict[str, Any] = {"reflect_framework": 1, "id": framework.id,
                            "version": framework.version, "title": framework.title}
    if framework.subtitle:
        data["subtitle"] = framework.subtitle
    if framework.introduction:
        data["introduction"] = framework.introduction
    source = {k: v for k, v in (("title", framework.source.title),
                                ("publisher", framework.source.publisher),
                                ("attribution", framework.source.attribution)) if v}
    if source:
        data["source"] = source
    if framework.sectors:
        data["sectors"] = list(framework.sectors)
    data["questions"] = [section_yaml(s) for s in framework.questions]
    if framework.assessment is not None:
        data["self_assessment"] = section_yaml(framework.assessment)
    if framework.resources:
        data["resources"] = [_resource_yaml(r.title, r.description) for r in framework.resources]
    return _yaml_safe(data)


class _SafeDumper:
    """Made on first use: a YAML dumper that writes text holding a control, bidi or lone
    surrogate character in double quotes, where each such character becomes an escape."""

    dumper: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls.dumper is None:
            import yaml

            from reflect_cli.textsafe import is_safe

            class Dumper(yaml.SafeDumper):
                pass

            def text(dumper: Any, value: str) -> Any:
                if is_safe(value):
                    return dumper.represent_str(value)
                return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')

            Dumper.add_representer(str, text)
            cls.dumper = Dumper
        return cls.dumper


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"


def _yaml_safe(data: Any) -> str:
    """YAML of `data` in which every unsafe character is an escape. PyYAML escapes most of
    them in double quotes, but writes bidi controls (and NEL, U+2028, U+2029 when they are
    not line breaks) as they are; those can only stand inside a double-quoted scalar here
    (see _SafeDumper), where \\xNN and \\uNNNN are escapes that read back the same."""
    import yaml

    from reflect_cli.textsafe import UNSAFE

    text = str(yaml.dump(data, Dumper=_SafeDumper.get(), sort_keys=False, allow_unicode=True,
                         width=100))
    return UNSAFE.sub(_yaml_escape, text)


def _resource_yaml(title: str, description: str) -> dict[str, str]:
    return {"title": title, "description": description} if description else {"title": title}


def actions_json(tracked: Sequence[TrackedAction]) -> str:
    """Actions as JSON: a list of {id, text, owner, due, question, agreed, session, status,
    history: [{date, status}]}."""
    rows = [{
        "id": t.action.id, "text": t.action.text, "owner": t.action.owner,
        "due": t.action.due.isoformat() if t.action.due else None,
        "question": t.action.section or None, "agreed": t.date.isoformat(),
        "session": t.session_id, "status": t.status,
        "history": [{"date": d.isoformat(), "status": s} for d, s in t.history],
    } for t in tracked]
    return json_safe(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"


def list_json(entries: Sequence[Entry]) -> str:
    rows: list[dict[str, Any]] = []
    for entry in entries:
        s = entry.session
        if s is None:
            rows.append({"file": entry.name, "error": entry.error.message
                         if entry.error else "unreadable"})
            continue
        rows.append({
            "file": entry.name, "id": s.id, "date": s.date.isoformat(),
            "created": s.created.isoformat(), "title": s.title, "kind": s.kind,
            "framework": {"id": s.framework_id, "version": s.framework_version},
            "questions": list(s.sections), "answered": entry.answered,
            "skipped": entry.skipped,
        })
    return json_safe(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"


# -- compare, history and trends -----------------------------------------------------------------
# Markdown reports mark deleted words ~~like this~~ and added words **like this**. GitHub, GitLab,
# Obsidian and most editors show ~~...~~ struck through; a viewer of plain CommonMark (which has
# no strikethrough) shows the tildes themselves, so deletions stay visible either way. Answers are
# escaped, so nothing a person wrote can pass for a marker or break the report's layout. Compare
# and history reports are otherwise plain CommonMark; the trends report is a table (GitHub's
# table syntax, which a plain CommonMark viewer shows as rows of text between | bars).
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>&|])")
_MD_NUMBERED = re.compile(r"(\d{1,9})([.)])")
_MD_LEGEND = "Deleted words are ~~struck through~~ and added words are **bold**."


def _md_text(text: str, line_start: bool = False) -> str:
    """Text escaped for Markdown, so it reads exactly as written (controls as escapes)."""
    text = _MD_SPECIAL.sub(r"\\\1", visible(text))
    if line_start:
        numbered = _MD_NUMBERED.match(text)
        if numbered:
            text = f"{numbered.group(1)}\\{numbered.group(2)}{text[numbered.end():]}"
        elif text[:1] in ("-", "+", "=", "#", ">"):
            text = "\\" + text
    return text


def _md_lines(tokens: Sequence[Token]) -> list[str]:
    """A diff (or a plain text, as one kept token) as Markdown lines; "" between paragraphs."""
    from reflect_cli.domain.compare import reflow

    lines: list[list[tuple[str, str]]] = [[]]
    for op, text in reflow(tokens):
        for number, piece in enumerate(text.split("\n")):
            if number:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    out: list[str] = []
    for pieces in lines:
        while pieces and not pieces[0][1].strip():
            pieces.pop(0)
        if pieces:
            pieces[0] = (pieces[0][0], pieces[0][1].lstrip())
        line = ""
        previous = ""
        for kind, piece in pieces:
            if kind == "equal" or not piece.strip():
                line += _md_text(piece, line_start=not line)
            else:
                core = piece.strip()
                lead = piece[:len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()):]
                mark = "~~" if kind == "delete" else "**"
                gap = " " if previous == "delete" and kind == "insert" else ""
                line += f"{gap}{lead}{mark}{_md_text(core)}{mark}{trail}"
            previous = kind
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return out


def _md_quote(lines: Sequence[str]) -> list[str]:
    """Lines as a block quote, line breaks kept (a backslash at the end of a line)."""
    out: list[str] = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        out.append(f"> {line}\\" if line and following else (f"> {line}" if line else ">"))
    return out + [""]


def _md_answer(answer: Answer) -> list[str]:
    if answer.skipped:
        return ["*Skipped.*", ""]
    if answer.rating is not None:
        return [_md_text(rating_text(answer)), ""]
    from reflect_cli.domain.compare import answer_text

    return _md_quote(_md_lines([("equal", answer_text(answer))]))


def _md_rating(before: Answer | None, after: Answer | None, change: RatingChange) -> str:
    def side(answer: Answer | None) -> str:
        if answer is None:
            return "not asked"
        return "skipped" if answer.skipped else _md_text(rating_text(answer))

    delta = change.delta
    size = f", **{delta:+d}**" if delta else ""
    return f"{side(before)} → {side(after)}{size}"


def _long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def _md_session(ref: SessionRef) -> str:
    """'Thursday 12 March 2026, *Spring review* (meeting), `2026-03-12-spring-review.md`'."""
    file = f", `{visible(ref.file)}`" if ref.file and "`" not in ref.file else ""
    return f"{_long_date(ref.date)}, *{_md_text(_flat(ref.title))}* ({_md_text(ref.kind)}){file}"


def _md_heading(level: int, text: str) -> str:
    return f"{'#' * level} {_md_text(_flat(text))}"


def comparison_markdown(comparison: Comparison) -> str:
    """A change report to save and share: both sessions, the counts, then every prompt."""
    from reflect_cli.domain.compare import status_label

    before, after = comparison.before, comparison.after
    counts = ", ".join(f"{n} {status_label(s)}" for s, n in comparison.counts().items() if n)
    days = comparison.days
    apart = "On the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} apart"
    out = [_md_heading(1, f"{before.title} → {after.title}"), "",
           f"- **Before:** {_md_session(before)}", f"- **After:** {_md_session(after)}", "",
           f"{apart}: {counts or 'nothing to compare'}.", "", _MD_LEGEND, ""]
    if comparison.meeting is not None and not comparison.meeting.is_empty:
        out += _md_meeting_changes(comparison.meeting)
    b_date, a_date = _long_date(before.date), _long_date(after.date)
    for question in comparison.questions:
        out += [_md_heading(2, question.label), ""]
        for change in question.prompts:
            out += [_md_heading(3, change.label), ""]
            out += _md_change(change, b_date, a_date)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_meeting_changes(changes: MeetingChanges) -> list[str]:
    def owned(text: str, owner: str) -> str:
        return _md_text(f"{text} ({owner})" if owner else text)

    out = [_md_heading(2, "People and actions"), ""]
    if changes.joined:
        out.append(f"- **Joined:** {_md_text(', '.join(changes.joined))}")
    if changes.left:
        out.append(f"- **Left:** {_md_text(', '.join(changes.left))}")
    out += [f"- **{status.capitalize()}:** {owned(text, owner)}"
            for text, owner, status in changes.reviewed]
    out += [f"- **Not reviewed yet:** {owned(text, owner)}"
            for text, owner in changes.not_reviewed]
    out += [f"- **New action:** {owned(text, owner)}" for text, owner in changes.new]
    return [*out, ""]


def _meeting_data(changes: MeetingChanges | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    return {
        "joined": list(changes.joined), "left": list(changes.left),
        "stayed": list(changes.stayed),
        "actions_reviewed": [{"text": t, "owner": o, "status": s}
                             for t, o, s in changes.reviewed],
        "actions_not_reviewed": [{"text": t, "owner": o} for t, o in changes.not_reviewed],
        "actions_new": [{"text": t, "owner": o} for t, o in changes.new],
    }


def _md_change(change: PromptChange, before_date: str, after_date: str) -> list[str]:
    from reflect_cli.domain.compare import status_label

    before, after, status = change.before, change.after, change.status
    label = f"*{status_label(status).capitalize()}.*"
    if change.rating is not None and status in ("changed", "newly_answered",
                                                "no_longer_answered"):
        return [f"{label} {_md_rating(before, after, change.rating)}", ""]
    if status == "changed":
        return [label, "", *_md_quote(_md_lines(change.diff))]
    if before is not None and after is not None:
        if status == "unchanged":
            return [label, "", *_md_answer(after)] if not after.skipped else [
                "*Skipped both times.*", ""]
        if status == "newly_answered":
            return [f"{label} Skipped on {before_date}; now:", "", *_md_answer(after)]
        return [f"{label} Skipped on {after_date}; before, it was:", "", *_md_answer(before)]
    if before is None and after is not None:
        asked, date, other = after, after_date, before_date
    elif before is not None:
        asked, date, other = before, before_date, after_date
    else:
        return []
    if asked.skipped:
        return [f"{label} Skipped on {date}; not asked on {other}.", ""]
    return [f"{label} Asked on {date} only (not on {other}):", "", *_md_answer(asked)]


def history_markdown(history: History) -> str:
    """Every answer to a prompt (or each prompt of a question), oldest first, as Markdown."""
    from reflect_cli.domain.compare import status_label

    title = history.label if history.kind == "question" else (
        history.prompts[0].label if history.prompts else history.target)
    out = [_md_heading(1, f"History: {title}"), "", _MD_LEGEND, ""]
    for prompt in history.prompts:
        if history.kind == "question":
            out += [_md_heading(2, prompt.label), ""]
        out += [f"Prompt `{visible(prompt.prompt_id)}`: {len(prompt.entries)} answers, changed "
                f"{prompt.changes} time{'s' if prompt.changes != 1 else ''}.", ""]
        level = 3 if history.kind == "question" else 2
        for entry in prompt.entries:
            out += [_md_heading(level, f"{_long_date(entry.session.date)}: "
                                       f"{entry.session.title}"), ""]
            status = f"*{status_label(entry.status).capitalize()}.*"
            answer = entry.answer
            if entry.status == "unchanged":
                out += [status, ""]
            elif entry.status == "changed" and entry.diff:
                out += [status, "", *_md_quote(_md_lines(entry.diff))]
            elif entry.status == "changed" and entry.rating is not None:
                delta = entry.rating.delta or 0
                out += [f"{status} {entry.rating.before} → {_md_text(rating_text(answer))}, "
                        f"**{delta:+d}**", ""]
            else:
                out += [status, "", *_md_answer(answer)]
    return "\n".join(out).rstrip("\n") + "\n"


def trends_markdown(trends: Trends) -> str:
    """A table of the ratings over time: values, first, latest and change; movers in bold."""
    from reflect_cli.domain.compare import sparkline

    out = ["# Ratings over time", ""]
    if not trends.trends:
        return "\n".join(out + ["No ratings yet.", ""])
    first, last = trends.sessions[0].date, trends.sessions[-1].date
    count = len(trends.sessions)
    out += [f"{count} session{'s' if count != 1 else ''} with ratings, {_long_date(first)} to "
            f"{_long_date(last)}."]
    if trends.scale_labels:
        out += ["", "Scale: " + ", ".join(f"{v} = {_md_text(label)}"
                                          for v, label in trends.scale_labels) + "."]
    out += ["", "| Characteristic | Over time | Values | First | Latest | Change |",
            "| --- | --- | --- | ---: | ---: | ---: |"]
    for trend in trends.trends:
        values = trend.values
        shown = " ".join(map(str, values)) if len(values) <= 12 else (
            " ".join(map(str, values[:3])) + " … " + " ".join(map(str, values[-3:])))
        change = f"{trend.change:+d}" if trend.change else "0"
        label = _md_text(_flat(trend.label))
        if trend.biggest_mover:
            label, change = f"**{label}**", f"**{change}** ★"
        out.append(f"| {label} | {sparkline(values, trend.scale_low, trend.scale_top, 24)} | "
                   f"{shown} | {trend.first} | {trend.latest} | {change} |")
    if any(t.biggest_mover for t in trends.trends):
        out += ["", "★ the biggest changes from first to latest."]
    return "\n".join(out) + "\n"


# JSON for other tools: the shapes are in the docstrings of comparison_json, history_json and
# trends_json. Each report has "report" (which one) and "format" (this shape's version).
JSON_FORMAT = 1


def _session_data(ref: SessionRef) -> dict[str, Any]:
    return {"file": ref.file, "id": ref.id, "date": ref.date.isoformat(), "title": ref.title,
            "kind": ref.kind, "framework": {"id": ref.framework_id,
                                            "version": ref.framework_version}}


def _answer_data(answer: Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    return {"status": answer.status, "text": answer.text, "rating": answer.rating,
            "rating_of": answer.rating_of, "rating_label": answer.rating_label,
            "notes": [{"speaker": n.speaker, "text": n.text} for n in answer.notes]}


def _diff_data(tokens: Sequence[Token]) -> list[dict[str, str]] | None:
    return [{"op": op, "text": text} for op, text in tokens] if tokens else None


def _rating_data(change: RatingChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {"before": change.before, "after": change.after, "change": change.delta,
            "scale_top": change.scale_top}


def _left_out_data(left_out: Sequence[Unreadable]) -> list[dict[str, str]]:
    return [{"file": e.name, "error": e.error.message if e.error else "unreadable"}
            for e in left_out]


def _dump(data: dict[str, Any]) -> str:
    """JSON for other tools: every character kept, those unsafe to show as \\uXXXX."""
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def comparison_json(comparison: Comparison, left_out: Sequence[Unreadable] = ()) -> str:
    """The comparison as JSON, shaped like this::

        {"report": "compare", "format": 1,
         "before": SESSION, "after": SESSION,   # the older one is always "before"
         "days_between": 189,
         "counts": {"changed": 27, "newly_answered": 4, "no_longer_answered": 0,
                    "not_asked_in_one": 0, "skipped_in_one": 0, "unchanged": 3},
         "questions": [{"id": "purpose", "title": "1. What is the purpose ...?",
                        "prompts": [{"id": "purpose.impact", "prompt": "What impact ...?",
                                     "status": "changed",
                                     "before": ANSWER, "after": ANSWER,
                                     "diff": DIFF or null, "rating": RATING or null}]}],
         "meeting": MEETING or null,
         "left_out": [{"file": "2026-01-01-x.md", "error": "why it cannot be read"}]}

    SESSION is {"file", "id", "date": "YYYY-MM-DD", "title", "kind": "meeting" | "journal",
    "framework": {"id", "version"}}. ANSWER is {"status": "answered" | "skipped", "text",
    "rating": int or null, "rating_of": the top of the scale or null, "rating_label",
    "notes": [{"speaker": person id, "text"}] (what individuals said in a meeting)}, or null
    where the prompt was not asked. DIFF (for changed text) is a list of {"op": "equal" |
    "delete" | "insert", "text"}: the "equal" and "insert" texts make the new answer, the
    "equal" and "delete" texts the old one (spacing aside). RATING (when either answer is a
    rating) is {"before", "after", "change", "scale_top"}, each an int or null. A status is one
    of "unchanged", "changed", "newly_answered", "no_longer_answered", "skipped_in_one" and
    "not_asked_in_one". MEETING (when either session is a meeting) is {"joined", "left",
    "stayed": [names], "actions_reviewed": [{"text", "owner", "status"}],
    "actions_not_reviewed": [{"text", "owner"}], "actions_new": [{"text", "owner"}]}.
    """
    return _dump({
        "report": "compare", "format": JSON_FORMAT,
        "before": _session_data(comparison.before), "after": _session_data(comparison.after),
        "days_between": comparison.days, "counts": comparison.counts(),
        "questions": [{"id": q.id, "title": q.label, "prompts": [
            {"id": p.prompt_id, "prompt": p.label, "status": p.status,
             "before": _answer_data(p.before), "after": _answer_data(p.after),
             "diff": _diff_data(p.diff), "rating": _rating_data(p.rating)}
            for p in q.prompts]} for q in comparison.questions],
        "meeting": _meeting_data(comparison.meeting),
        "left_out": _left_out_data(left_out),
    })


def history_json(history: History, left_out: Sequence[Unreadable] = ()) -> str:
    """The history as JSON, shaped like this (SESSION, ANSWER, DIFF and RATING as in
    comparison_json; an entry's status compares it with the entry before, and the first is
    "first")::

        {"report": "history", "format": 1, "id": "purpose", "kind": "question" | "prompt",
         "title": "1. What is the purpose ...?", "since": "YYYY-MM-DD" or null, "until": ...,
         "prompts": [{"id": "purpose.impact", "question": "purpose", "prompt": "What ...?",
                      "changes": 2,
                      "entries": [{"session": SESSION, "status": "first", "answer": ANSWER,
                                   "diff": DIFF or null, "rating": RATING or null}]}],
         "left_out": [{"file", "error"}]}
    """
    return _dump({
        "report": "history", "format": JSON_FORMAT, "id": history.target, "kind": history.kind,
        "title": history.label,
        "since": history.since.isoformat() if history.since else None,
        "until": history.until.isoformat() if history.until else None,
        "prompts": [{"id": p.prompt_id, "question": p.section, "prompt": p.label,
                     "changes": p.changes, "entries": [
                         {"session": _session_data(e.session), "status": e.status,
                          "answer": _answer_data(e.answer), "diff": _diff_data(e.diff),
                          "rating": _rating_data(e.rating)} for e in p.entries]}
                    for p in history.prompts],
        "left_out": _left_out_data(left_out),
    })


def trends_json(trends: Trends, left_out: Sequence[Unreadable] = ()) -> str:
    """The trends as JSON, shaped like this (values oldest first; skipped ratings left out)::

        {"report": "trends", "format": 1, "since": "YYYY-MM-DD" or null, "until": ...,
         "sessions": 12,
         "scale": [{"value": 1, "label": "Not at all"}, ...],
         "characteristics": [{"id": "characteristics.trust", "question": "characteristics",
                              "prompt": "Relationships characterised by trust, ...",
                              "values": [{"date": "2026-03-12", "file": "...", "value": 3}],
                              "first": 3, "latest": 4, "change": 1, "scale_top": 5,
                              "biggest_mover": false}],
         "left_out": [{"file", "error"}]}
    """
    return _dump({
        "report": "trends", "format": JSON_FORMAT,
        "since": trends.since.isoformat() if trends.since else None,
        "until": trends.until.isoformat() if trends.until else None,
        "sessions": len(trends.sessions),
        "scale": [{"value": v, "label": label} for v, label in trends.scale_labels],
        "characteristics": [{
            "id": t.prompt_id, "question": t.section, "prompt": t.label,
            "values": [{"date": p.session.date.isoformat(), "file": p.session.file,
                        "value": p.value} for p in t.points],
            "first": t.first, "latest": t.latest, "change": t.change,
            "scale_top": t.scale_top, "biggest_mover": t.biggest_mover,
        } for t in trends.trends],
        "left_out": _left_out_data(left_out),
    })


# -- search --------------------------------------------------------------------------------------
def search_json(results: SearchResults, left_out: Sequence[Unreadable] = ()) -> str:
    """What `reflect search` found, shaped like this (newest first)::

        {"report": "search", "format": 1, "words": "waiting lists",
         "since": "YYYY-MM-DD" or null, "until": ...,
         "passages": [{"date": "2026-03-12", "file": "...", "session": "id", "title": "...",
                       "kind": "answer" | "note" | "check-in" | "action",
                       "prompt": "purpose.impact" or "", "heading": "...", "who": "...",
                       "text": "...", "matches": [[start, end], ...]}],
         "left_out": [{"file", "error"}]}
    """
    return _dump({
        "report": "search", "format": JSON_FORMAT, "words": results.words,
        "since": results.since.isoformat() if results.since else None,
        "until": results.until.isoformat() if results.until else None,
        "passages": [{
            "date": h.date.isoformat(), "file": h.file, "session": h.session_id,
            "title": h.title, "kind": h.kind, "prompt": h.prompt_id, "heading": h.label,
            "who": h.who, "text": h.text, "matches": [list(m) for m in h.marks],
        } for h in results.hits],
        "left_out": _left_out_data(left_out),
    })


def search_markdown(results: SearchResults) -> str:
    """What `reflect search` found, as Markdown: matching words in **bold**."""
    from reflect_cli.domain.search import marked

    count = len(results.hits)
    out = [_md_heading(1, f"Search: {results.words}"), "",
           f"{count} passage{'s' if count != 1 else ''} found, newest first.", ""]
    for hit in results.hits:
        what = hit.label or hit.prompt_id or hit.kind
        if hit.who:
            what += f" ({hit.kind}, {hit.who})"
        out += [_md_heading(2, f"{_long_date(hit.date)}: {hit.title}"), "",
                f"*{_md_text(what)}* · `{hit.file}`", ""]
        lines = "".join(f"**{_md_text(piece)}**" if is_match else _md_text(piece)
                        for piece, is_match in marked(hit.text, hit.marks))
        out += [f"> {line}" if line else ">" for line in lines.split("\n")]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
