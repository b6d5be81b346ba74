"""reflect report and reflect show --format: which sessions a report is about, read through the
Store, made into the one Report model (domain/report.py), drawn by a format, and written to a
new file (or printed as a PDF by a browser, see app/printing.py)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect_cli.errors import BadInputError, ReflectError

if TYPE_CHECKING:
    from reflect_cli.domain.model import Framework, Session
    from reflect_cli.domain.redact import Redactor
    from reflect_cli.domain.report import Report
    from reflect_cli.storage import Entry, Store

#: The formats of reflect report: name -> (file ending, what --help says of it).
REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "html": (".html", "a page for any browser, with charts (default)"),
    "docx": (".docx", "a Word document"),
    "markdown": (".md", "plain text to paste or keep"),
    "pdf": (".pdf", "printed from the HTML by Chromium or Chrome, when one is installed"),
}
#: The formats of reflect show --format (one entry, clean, to share).
ENTRY_FORMATS = ("markdown", "html", "docx")


def load_report(store: Store, session: str | None = None, *, since: dt.date | None = None,
                until: dt.date | None = None, summary_only: bool = False,
                framework: Callable[[], Framework] | None = None, public: bool = False,
                leave_out: Sequence[str] = (), messages: Sequence[str] = ()) -> Report:
    """The report on one session (the latest meeting when none is named) or, with
    since/until, on the meetings of that period (every session of it, when it holds no
    meeting).

    Every report leaves the partnership, so every report respects consent: each session it
    reads (the one it is about, the one before, those of the heat map and the meetings whose
    actions are still open) goes through one Redactor before the Report is built, so people
    who did not agree to be named appear by their role or sector everywhere. `public` names
    nobody and leaves out the check-in, notes and each person's rating; `leave_out`
    (checkin, notes, ratings, names) chooses; `messages` (--message) are the key messages
    instead of the meeting's."""
    from reflect_cli.domain.dates import check_range
    from reflect_cli.domain.redact import parse_leave_out
    from reflect_cli.domain.report import RECENT_SESSIONS, build_report

    wanted = parse_leave_out(leave_out)
    fw = framework() if framework is not None else None
    if since is not None or until is not None:
        if session is not None:
            raise BadInputError("give a session or --since/--until, not both",
                                hint="reflect report 2026-03-12, or reflect report --since "
                                     "2026-01-01")
        check_range(since, until)
        from reflect_cli.domain.history import in_range, ratings_of

        every = [e for e in store.newest() if e.session is not None
                 and in_range(e.session.date, since, until)]
        if not every:
            raise BadInputError(f"there are no sessions {_period_words(since, until)} in "
                                f"{store.location}", hint="See them all with: reflect list")
        chosen = [e for e in every if e.session is not None and e.session.kind == "meeting"]
        # Each meeting read whole (its time, check-in and each person's ratings are not in
        # the index), oldest first.
        meetings = [(e.name, store.read(e)) for e in reversed(chosen or every)]
        last = meetings[-1][1].date
        redactor = report_redactor(store, [s for _, s in meetings], last, public, wanted)
        meetings = [(f, redactor.session(s)) for f, s in meetings]
        return build_report(meetings, kind="period" if len(meetings) > 1 else "meeting",
                            before=None, rated=[(f, s, ratings_of(s)) for f, s in meetings],
                            meetings=_meetings(store, last, redactor),
                            framework=fw, summary_only=summary_only,
                            **_said(redactor, public, messages))
    entry = _chosen(store, session)
    focus = store.read(entry)
    before = _before(store, entry, focus)
    from reflect_cli.domain.compare import when
    from reflect_cli.domain.history import ratings_of

    here = when(entry.name, focus)
    rated = [(f, s, r) for f, s, r in store.ratings(until=focus.date)
             if when(f, s) < here and s.kind == focus.kind and f != entry.name]
    rated = rated[-(RECENT_SESSIONS - 1):]
    redactor = report_redactor(store, [focus, *([before[1]] if before else [])], focus.date,
                         public, wanted)
    focus = redactor.session(focus)
    before = (before[0], redactor.session(before[1])) if before is not None else None
    rated = [(f, redactor.session(s), r) for f, s, r in rated]
    if any(a.rating is not None for a in focus.answers):
        rated.append((entry.name, focus, ratings_of(focus)))
    return build_report([(entry.name, focus)], kind="meeting", before=before, rated=rated,
                        meetings=_meetings(store, focus.date, redactor), framework=fw,
                        summary_only=summary_only, **_said(redactor, public, messages))


def load_entry(store: Store, session: str, framework: Callable[[], Framework] | None = None,
               *, public: bool = False, leave_out: Sequence[str] = ()) -> Report:
    """One session as a clean entry to share: its answers, with no front matter or markers,
    and consent respected as in every report (see load_report)."""
    from reflect_cli.app.finding import find_session
    from reflect_cli.domain.redact import parse_leave_out
    from reflect_cli.domain.report import build_report

    wanted = parse_leave_out(leave_out)
    entry = find_session(store, session)
    focus = store.read(entry)
    redactor = report_redactor(store, [focus], focus.date, public, wanted)
    return build_report([(entry.name, redactor.session(focus))], kind="entry",
                        framework=framework() if framework is not None else None,
                        **_said(redactor, public, ()))


def report_redactor(store: Store, sessions: Sequence[Session], last: dt.date, public: bool,
              wanted: frozenset[str]) -> Redactor:
    """The one way of showing people for a report on `sessions` (read whole). Consent is
    what each person said at the latest meeting they were at, the meetings after the
    report's own included (consent withdrawn since is respected). Everyone else at any meeting
    (the owner of an older action) is known by their role or sector, and never named."""
    from reflect_cli.domain.redact import Redactor

    meetings = store.newest(kind="meeting", with_people=True)
    later = [store.read(e) for e in meetings if e.session is not None and e.session.date > last]
    known = [e.session.meeting for e in meetings
             if e.session is not None and e.session.meeting is not None]
    return Redactor(sessions, public=public, leave_out=wanted, consent_from=later,
                    meetings=known)


def _said(redactor: Redactor, public: bool, messages: Sequence[str]) -> dict[str, Any]:
    """What the report says of its redaction, and the key messages given (--message), with
    names as the rest of it gives them."""
    naming = redactor.naming
    if public:
        naming = f"For readers outside the partnership. {naming}".strip()
    return {"naming": naming, "left_out": redactor.items,
            "messages": tuple(redactor.text(m) for m in messages if m.strip())}


def _period_words(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f"from {since:%d/%m/%Y} to {until:%d/%m/%Y}"
    return f"since {since:%d/%m/%Y}" if since else f"until {until:%d/%m/%Y}"


def _chosen(store: Store, session: str | None) -> Entry:
    """The session named, or the latest meeting (the latest session when there is none)."""
    from reflect_cli.app.finding import find_session, no_sessions_yet

    if session is not None:
        return find_session(store, session)
    newest = store.newest(1, kind="meeting") or store.newest(1)
    if not newest:
        raise no_sessions_yet(store)
    return newest[0]


def _before(store: Store, entry: Entry, focus: Session) -> tuple[str, Session] | None:
    """The session the report compares with: the latest earlier one of the same kind that
    asked any of the same prompts (of the latest few read one by one)."""
    from reflect_cli.domain.compare import when

    asked = {a.prompt_id for a in focus.answers}
    here = when(entry.name, focus)
    candidates = [e for e in store.newest(kind=focus.kind) if e.session is not None
                  and e.name != entry.name and when(e.name, e.session) < here]
    for candidate in candidates[:20]:
        session = store.read(candidate)
        if asked & {a.prompt_id for a in session.answers}:
            return candidate.name, session
    return None


def _meetings(store: Store, last: dt.date, redactor: Redactor
              ) -> list[tuple[str, dt.date, str, Any]]:
    """Every meeting up to `last` (for the actions still open), people shown as the report
    shows them."""
    return [(ident, date, created, redactor.meeting(meeting))
            for ident, date, created, meeting in store.meetings() if date <= last]


# -- drawing and writing -------------------------------------------------------------------------
def render(report: Report, format: str) -> str | bytes:
    """The report drawn in a format: text (html, markdown) or bytes (docx)."""
    if format == "docx":
        from reflect_cli.outputs.docx import report_docx

        return report_docx(report)
    if format == "markdown":
        from reflect_cli.outputs.reportmd import report_markdown

        return report_markdown(report)
    from reflect_cli.outputs.html import report_html

    return report_html(report, for_print=format == "pdf")


def default_name(report: Report, format: str, folder: Path, *, public: bool = False) -> Path:
    """A file name that says what the report is, in the folder the person is in, one that
    is not taken yet: 2026-09-17-autumn-partnership-review-report.html. A public one says
    so (...-report-public.html), so that it is never mistaken for the partnership's own
    copy, which names people, when both are made from one meeting."""
    from reflect_cli.textsafe import ascii_slug

    ending = REPORT_FORMATS[format][0]
    if report.kind == "period" and report.first != report.last:
        stem = f"partnership-report-{report.first.isoformat()}-to-{report.last.isoformat()}"
    else:
        slug = ascii_slug(report.title)[:50].strip("-") or "report"
        stem = f"{report.last.isoformat()}-{slug}" + ("" if report.kind == "entry"
                                                      else "-report")
    if public:
        stem += "-public"
    path = folder / f"{stem}{ending}"
    number = 2
    while os.path.lexists(path):
        path = folder / f"{stem}-{number}{ending}"
        number += 1
    return path


def write_report(content: str | bytes, path: Path, *, force: bool = False) -> None:
    """Write a report as a new file (or over one, with force): whole or not at all, never
    through a link, with the permissions any new file of the person's gets."""
    from reflect_cli.storage.files import atomic_write_bytes
    from reflect_cli.textsafe import argument_text

    check_target(path, force=force)
    shown = argument_text(str(path))
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        atomic_write_bytes(path, data, overwrite=force)
    except FileExistsError:
        raise BadInputError(f"{shown} already exists",
                            hint="Choose another file name, or add --force to replace it."
                            ) from None
    except PermissionError:
        raise BadInputError(f"cannot write {shown}: you may not write in that folder",
                            hint="Choose a folder of your own, with -o.") from None
    except OSError as error:
        raise ReflectError(f"cannot write {shown}: {error.strerror or error}; nothing was "
                           "written") from None


def check_target(path: Path, *, force: bool = False) -> None:
    """Can a report be written to `path`? Said before any work is done (a PDF takes a few
    seconds of a browser's time)."""
    from reflect_cli.textsafe import argument_text

    shown = argument_text(str(path))
    if path.is_dir():
        raise BadInputError(f"{shown} is a folder; give -o the name of a file to write")
    if path.is_symlink():
        raise BadInputError(f"{shown} is a symbolic link; reflect never writes through a "
                            "link: choose another file name")
    if os.path.lexists(path) and not force:
        raise BadInputError(f"{shown} already exists",
                            hint="Choose another file name, or add --force to replace it.")
    if not path.parent.is_dir():
        raise BadInputError(f"cannot write {shown}: {argument_text(str(path.parent))} is not "
                            "a folder that exists")


def make_pdf(report: Report, path: Path, *, force: bool = False,
             browser: Sequence[str] | None = None) -> None:
    """The report printed to a PDF by a browser, as a new file (see app/printing.py)."""
    from reflect_cli.app.printing import print_pdf

    check_target(path, force=force)
    html = render(report, "pdf")
    assert isinstance(html, str)
    data = print_pdf(html, browser)
    write_report(data, path, force=force)
