"""The JSON format: each report as data for other tools. The shapes are in the docstrings
below; each report but the lists of actions and sessions has "report" (which one) and
"format" (this shape's version)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reflect_cli.outputs.registry import Written
from reflect_cli.textsafe import json_safe

if TYPE_CHECKING:
    from pathlib import Path

    from reflect_cli.domain.compare import (
        Comparison,
        MeetingChanges,
        RatingChange,
        SessionRef,
        Token,
    )
    from reflect_cli.domain.history import History, Trends
    from reflect_cli.domain.meeting import TrackedAction
    from reflect_cli.domain.model import Answer
    from reflect_cli.domain.search import SearchResults
    from reflect_cli.storage import Entry
    from reflect_cli.storage import Entry as Unreadable


class JsonFormat:
    """Reports as JSON (see each function below for its shape)."""

    def comparison(self, report: Comparison, left_out: Sequence[Entry]) -> Written:
        return Written(comparison_json(report, left_out))

    def history(self, report: History, left_out: Sequence[Entry]) -> Written:
        return Written(history_json(report, left_out))

    def trends(self, report: Trends, left_out: Sequence[Entry]) -> Written:
        return Written(trends_json(report, left_out))

    def search(self, report: SearchResults, left_out: Sequence[Entry]) -> Written:
        return Written(search_json(report, left_out))

    def actions(self, report: Sequence[TrackedAction], left_out: Sequence[Entry], *,
                owner: str | None, include_closed: bool) -> Written:
        return Written(actions_json(report))

    def sessions(self, entries: Sequence[Entry], folder: Path) -> Written:
        return Written(list_json(entries))


def actions_json(tracked: Sequence[TrackedAction]) -> str:
    """Actions as JSON: a list of {id, text, owner, owners, due, overdue_since, question,
    agreed, session, status, private, history: [{date, status}]} (`owner` is the names as one
    text,
    `owners` a list of them; `overdue_since` the date it was due by, when that has passed and
    it is still open, else null)."""
    import datetime as dt

    today = dt.date.today()
    rows = [{
        "id": t.action.id, "text": t.action.text, "owner": t.action.owner,
        "owners": list(t.action.owners),
        "due": t.action.due.isoformat() if t.action.due else None,
        "overdue_since": t.action.due.isoformat()
        if t.is_open and t.action.due and t.action.due < today else None,
        "question": t.action.section or None, "agreed": t.date.isoformat(),
        "session": t.session_id, "status": t.status, "private": t.private,
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
            "author": {"name": s.author.name, "organisation": s.author.organisation,
                       "sector": s.author.sector, "id": s.author.id} if s.author else None,
            **({"private": entry.note == "private"} if entry.note else {}),
        })
    return json_safe(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"



JSON_FORMAT = 1


def _session_data(ref: SessionRef) -> dict[str, Any]:
    return {"file": ref.file, "id": ref.id, "date": ref.date.isoformat(), "title": ref.title,
            "kind": ref.kind, "framework": {"id": ref.framework_id,
                                            "version": ref.framework_version}}


def _answer_data(answer: Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    from reflect_cli.domain.compare import group_data

    return {"status": answer.status, "text": answer.text, "rating": answer.rating,
            "rating_of": answer.rating_of, "rating_label": answer.rating_label,
            "notes": [{"speaker": n.speaker, "text": n.text} for n in answer.notes],
            "group": group_data(answer.group)}


def _diff_data(tokens: Sequence[Token]) -> list[dict[str, str]] | None:
    return [{"op": op, "text": text} for op, text in tokens] if tokens else None


def _rating_data(change: RatingChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    from reflect_cli.domain.compare import group_data

    return {"before": change.before, "after": change.after, "change": change.delta,
            "scale_top": change.scale_top, "before_group": group_data(change.before_group),
            "after_group": group_data(change.after_group),
            "disagreement": change.disagreement or None}


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
         "earlier": 0 (sessions that asked it, older than those shown, left out by --limit),
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
        "earlier": history.earlier,
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
         "sessions": 12, "earlier": 0 (older sessions with ratings left out by --limit),
         "scale": [{"value": 1, "label": "Not at all"}, ...],
         "characteristics": [{"id": "characteristics.trust", "question": "characteristics",
                              "prompt": "Relationships characterised by trust, ...",
                              "values": [{"date": "2026-03-12", "file": "...", "value": 3,
                                          "group": null}],
                              "first": 3, "latest": 4, "change": 1, "scale_top": 5,
                              "biggest_mover": false, "disagreement": null}],
         "left_out": [{"file", "error"}]}

    A value is the rating: in a meeting where each person rated, the one the group agreed, else
    their median (4.5 stays 4.5); its "group" is then {"median", "low", "high", "rated",
    "agreed" (null: none)}. "disagreement" is "grew" or "shrank" when the range of each
    person's ratings widened or narrowed between the last two such meetings, else null.
    """
    from reflect_cli.domain.compare import group_data

    return _dump({
        "report": "trends", "format": JSON_FORMAT,
        "since": trends.since.isoformat() if trends.since else None,
        "until": trends.until.isoformat() if trends.until else None,
        "sessions": len(trends.sessions),
        "earlier": trends.earlier,
        "scale": [{"value": v, "label": label} for v, label in trends.scale_labels],
        "characteristics": [{
            "id": t.prompt_id, "question": t.section, "prompt": t.label,
            "values": [{"date": p.session.date.isoformat(), "file": p.session.file,
                        "value": p.value, "group": group_data(p.group)} for p in t.points],
            "first": t.first, "latest": t.latest, "change": t.change,
            "scale_top": t.scale_top, "biggest_mover": t.biggest_mover,
            "disagreement": t.disagreement or None,
        } for t in trends.trends],
        "left_out": _left_out_data(left_out),
    })


# -- search --------------------------------------------------------------------------------------
def search_json(results: SearchResults, left_out: Sequence[Unreadable] = ()) -> str:
    """What `reflect search` found, shaped like this (newest first)::

        {"report": "search", "format": 1, "words": "waiting lists",
         "since": "YYYY-MM-DD" or null, "until": ...,
         "more": false (true: more passages match than the newest shown, up to --limit),
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
        "more": results.more,
        "passages": [{
            "date": h.date.isoformat(), "file": h.file, "session": h.session_id,
            "title": h.title, "kind": h.kind, "prompt": h.prompt_id, "heading": h.label,
            "who": h.who, "text": h.text, "matches": [list(m) for m in h.marks],
        } for h in results.hits],
        "left_out": _left_out_data(left_out),
    })



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


