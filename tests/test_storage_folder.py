"""Storage in a folder: atomic writes, never overwriting, file names, finding logs, drafts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from reflect_cli.domain.model import Answer, Session
from reflect_cli.errors import BadInputError, LogError, NotFoundError
from reflect_cli.storage import Entry, open_store, read_session
from reflect_cli.storage.drafts import Draft
from reflect_cli.storage.files import atomic_write, read_bytes
from reflect_cli.storage.logfile import render_log
from reflect_cli.storage.names import log_name, slugify
from reflect_cli.storage.places import default_dir, logs_folder

UTC = dt.timezone.utc


def session(title: str = "Board meeting", date: dt.date = dt.date(2026, 3, 12),
            hour: int = 10, kind: str = "meeting", session_id: str = "") -> Session:
    return Session(
        id=session_id or f"{date:%Y%m%d}{hour:02d}{len(title):02d}",
        date=date,
        created=dt.datetime.combine(date, dt.time(hour), UTC),
        framework_id="kings-fund-partnering",
        framework_version="1.0",
        title=title,
        kind=kind,
        sections=["purpose"],
        answers=[Answer("purpose.impact", "purpose", text="Fewer people waiting"),
                 Answer("purpose.vision", "purpose")],
        labels={"purpose": "1. Purpose", "purpose.impact": "Impact",
                "purpose.vision": "Vision"},
    )


# -- the storage layer, one call at a time, as a command makes them ---------------------------
def save_log(folder: Path, log: Session) -> Path:
    with open_store(folder) as store:
        return store.write(log)


def resolve(folder: Path, reference: str) -> Path:
    with open_store(folder) as store:
        return store.resolve(reference).path


def scan(folder: Path, full: bool = False) -> list[Entry]:
    with open_store(folder) as store:
        entries = store.entries()
        if full:
            for entry in entries:
                if entry.session is not None:
                    entry.session = store.read(entry)
        return entries


def read_log(path: Path) -> Session:
    return read_session(read_bytes(path), str(path))


def save_draft(folder: Path, draft: Session) -> Path:
    with open_store(folder) as store:
        return store.save_draft(draft)


def drafts(folder: Path) -> list[Draft]:
    with open_store(folder) as store:
        return store.drafts()


def remove_draft(folder: Path, session_id: str) -> None:
    with open_store(folder) as store:
        store.remove_draft(session_id)


def drafts_folder(folder: Path) -> Path:
    return open_store(folder).drafts_folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".tmp-"))


# -- atomic_write --------------------------------------------------------------------------------
def test_atomic_write_writes_utf8_with_lf(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    atomic_write(target, "héllo\nwörld 🎉\n")
    assert target.read_bytes() == "héllo\nwörld 🎉\n".encode()
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_atomic_write_replaces_by_default(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old")
    atomic_write(target, "new")
    assert target.read_text() == "new"


def test_atomic_write_without_overwrite_keeps_the_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old")
    with pytest.raises(FileExistsError):
        atomic_write(target, "new", overwrite=False)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "half \udc80 written")  # a lone surrogate cannot be UTF-8
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old and whole")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "new \udc80")
    assert target.read_text() == "old and whole"
    assert leftovers(tmp_path) == []


# -- save_log ------------------------------------------------------------------------------------
def test_save_log_creates_a_private_folder_and_file(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "logs"
    path = save_log(folder, session())
    assert path == folder / "2026-03-12-board-meeting.md"
    assert path.read_text(encoding="utf-8") == render_log(session())
    assert mode(path) == 0o600
    assert mode(folder) == 0o700
    assert read_log(path) == session()


def test_save_log_never_overwrites(tmp_path: Path) -> None:
    first = save_log(tmp_path, session(session_id="first"))
    second = save_log(tmp_path, session(session_id="second"))
    third = save_log(tmp_path, session(session_id="third"))
    assert first.name == "2026-03-12-board-meeting.md"
    assert second.name == "2026-03-12-board-meeting-2.md"
    assert third.name == "2026-03-12-board-meeting-3.md"
    assert [read_log(p).id for p in (first, second, third)] == [
        "first", "second", "third"]


def test_save_log_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "2026-03-12-board-meeting.md").write_text("my own notes")
    path = save_log(tmp_path, session())
    assert path.name == "2026-03-12-board-meeting-2.md"
    assert (tmp_path / "2026-03-12-board-meeting.md").read_text() == "my own notes"


def test_save_log_where_the_file_system_has_no_hard_links(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FAT memory sticks and some network shares refuse hard links: logs are still saved,
    whole, and still never over an existing file."""
    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "2026-03-12-board-meeting.md").write_text("my own notes")
    path = save_log(tmp_path, session())
    assert path.name == "2026-03-12-board-meeting-2.md"
    assert read_log(path) == session()
    assert mode(path) == 0o600
    assert (tmp_path / "2026-03-12-board-meeting.md").read_text() == "my own notes"
    assert leftovers(tmp_path) == []


def test_a_log_whose_meeting_was_mangled_by_hand_is_left_out_not_fatal(tmp_path: Path) -> None:
    good = save_log(tmp_path, session(session_id="good"))
    text = render_log(session(session_id="bad", title="Mangled")).replace(
        "skipped:", "meeting:\n  participants: 3\n  actions: 5\nskipped:", 1)
    bad = tmp_path / "2026-03-13-mangled.md"
    bad.write_text(text, encoding="utf-8")
    entries = {e.path.name: e for e in scan(tmp_path, full=True)}
    assert entries[good.name].session is not None
    error = entries[bad.name].error
    assert error is not None
    assert "meeting" in error.message
    with pytest.raises(LogError):
        read_log(bad)


def test_save_log_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with pytest.raises(BadInputError, match="is a file, not a folder"):
        save_log(not_a_folder, session())


def test_untitled_logs_are_named_after_their_kind(tmp_path: Path) -> None:
    assert save_log(tmp_path, session(title="")).name == "2026-03-12-meeting.md"
    assert save_log(tmp_path, session(title="", kind="journal", session_id="j")).name == (
        "2026-03-12-journal.md")


# -- slugify -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("title", "slug"), [
    ("Board meeting", "board-meeting"),
    ("  Q3 review: what's next?!  ", "q3-review-what-s-next"),
    ("Café déjà vu", "cafe-deja-vu"),
    ("Straße", "strae"),
    ("../../etc/passwd", "etc-passwd"),
    ("a/b\\c:d*e?f", "a-b-c-d-e-f"),
    ("Ünïcödé 🎉 party", "unicode-party"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["", "   ", "会议记录", "Встреча", "اجتماع", "🎉🎉", "---"])
def test_slugify_falls_back_when_nothing_is_left(title: str) -> None:
    assert slugify(title) == "session"
    assert slugify(title, fallback="meeting") == "meeting"


def test_slugify_is_short_and_cuts_at_a_word() -> None:
    title = "The partnership meeting where we finally talked about power and money"
    slug = slugify(title)
    full = slugify(title, max_length=1000)
    assert full == "the-partnership-meeting-where-we-finally-talked-about-power-and-money"
    assert len(slug) <= 40
    assert full.startswith(slug + "-")  # cut between words, never inside one
    assert slug.startswith("the-partnership-meeting-where")
    assert slugify("x" * 100) == "x" * 40


def test_slugify_keeps_a_word_that_ends_exactly_at_the_limit() -> None:
    title = "Spring review of where we finally got to in the end"
    assert len("spring-review-of-where-we-finally-got-to") == 40
    assert slugify(title) == "spring-review-of-where-we-finally-got-to"


def test_slugified_names_are_ascii_and_safe() -> None:
    for title in ["Réunion à Paris", "会议", "a" * 200, "..", "CON", "name with\nnewline"]:
        name = log_name(session(title=title))
        assert name.isascii()
        assert "/" not in name
        assert "\\" not in name
        assert "\n" not in name
        assert name.startswith("2026-03-12-")
        assert name.endswith(".md")
        assert len(name) <= len("2026-03-12-") + 40 + len(".md")


def test_non_latin_titles_fall_back_to_the_kind_in_file_names(tmp_path: Path) -> None:
    path = save_log(tmp_path, session(title="会议记录"))
    assert path.name == "2026-03-12-meeting.md"
    assert read_log(path).title == "会议记录"


# -- finding logs --------------------------------------------------------------------------------
@pytest.fixture
def three_logs(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "logs"
    return {
        "old": save_log(folder, session("Kick-off", dt.date(2026, 1, 5))),
        "mid": save_log(folder, session("Board meeting", dt.date(2026, 2, 9))),
        "new": save_log(folder, session("Board meeting", dt.date(2026, 3, 12))),
    }


def test_resolve_by_file_name_with_and_without_suffix(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    assert resolve(folder, "2026-01-05-kick-off.md") == three_logs["old"]
    assert resolve(folder, "2026-01-05-kick-off") == three_logs["old"]


def test_resolve_by_path(three_logs: dict[str, Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert resolve(elsewhere, str(three_logs["mid"])) == three_logs["mid"]


def test_resolve_by_date_and_by_unique_prefix(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    assert resolve(folder, "2026-02-09") == three_logs["mid"]
    assert resolve(folder, "2026-03") == three_logs["new"]
    assert resolve(folder, "2026-01-05-k") == three_logs["old"]


def test_resolve_ambiguous_prefix_lists_the_matches(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    with pytest.raises(NotFoundError) as info:
        resolve(folder, "2026-0")
    message = info.value.message
    assert "'2026-0' matches 3 sessions" in message
    for path in three_logs.values():
        assert path.name in message
    assert info.value.hint


def test_resolve_two_logs_on_the_same_day_by_date_is_ambiguous(tmp_path: Path) -> None:
    save_log(tmp_path, session("Morning", hour=9))
    save_log(tmp_path, session("Evening", hour=18))
    with pytest.raises(NotFoundError, match="matches 2 sessions"):
        resolve(tmp_path, "2026-03-12")


def test_resolve_no_match(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    with pytest.raises(NotFoundError, match="no session matches '2025'"):
        resolve(folder, "2025")


def test_resolve_latest_and_earlier(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    assert resolve(folder, "latest") == three_logs["new"]
    assert resolve(folder, "latest~0") == three_logs["new"]
    assert resolve(folder, "latest~1") == three_logs["mid"]
    assert resolve(folder, "latest~2") == three_logs["old"]


def test_latest_is_by_date_then_time_not_by_file_name(tmp_path: Path) -> None:
    late = save_log(tmp_path, session("aaa", dt.date(2026, 3, 12), hour=18))
    early = save_log(tmp_path, session("zzz", dt.date(2026, 3, 12), hour=9))
    assert resolve(tmp_path, "latest") == late
    assert resolve(tmp_path, "latest~1") == early


def test_resolve_out_of_range(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    with pytest.raises(NotFoundError) as info:
        resolve(folder, "latest~3")
    assert "only 3 sessions" in info.value.message
    assert "'latest~3' does not exist" in info.value.message


def test_resolve_latest_in_an_empty_or_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="only 0 sessions"):
        resolve(tmp_path / "missing", "latest")


def test_resolve_latest_skips_unreadable_logs(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    (folder / "2099-01-01-broken.md").write_text("not a log")
    assert resolve(folder, "latest") == three_logs["new"]


# -- scanning ------------------------------------------------------------------------------------
def test_scan_lists_newest_first_with_counts(three_logs: dict[str, Path]) -> None:
    entries = scan(three_logs["old"].parent)
    assert [e.path for e in entries] == [three_logs["new"], three_logs["mid"], three_logs["old"]]
    assert all(e.error is None and e.session is not None for e in entries)
    assert [(e.answered, e.skipped) for e in entries] == [(1, 1)] * 3


def test_scan_full_reads_answers(three_logs: dict[str, Path]) -> None:
    entries = scan(three_logs["old"].parent, full=True)
    assert entries[0].session is not None
    assert entries[0].session.answer("purpose.impact") == Answer(
        "purpose.impact", "purpose", text="Fewer people waiting")


@pytest.mark.parametrize(("content", "reason"), [
    (b"just notes, no front matter\n", "front matter"),
    (b"---\nreflect_log: 1\nid: x\n", "never closed"),
    (b"---\nreflect_log: 9\nid: x\ndate: 2026-01-01\nframework: {id: a}\n---\n", "newer"),
    (b"---\nreflect_log: 1\nid: [x\n---\n", "not valid YAML"),
    (b"---\nreflect_log: 1\ntitle: caf\xe9\n---\n", "not UTF-8"),
])
def test_scan_lists_unreadable_files_with_a_reason(
        three_logs: dict[str, Path], content: bytes, reason: str) -> None:
    folder = three_logs["old"].parent
    bad = folder / "2026-02-01-bad.md"
    bad.write_bytes(content)
    for full in (False, True):
        entries = scan(folder, full=full)
        assert len(entries) == 4
        broken = [e for e in entries if e.path == bad]
        assert len(broken) == 1
        assert broken[0].session is None
        assert broken[0].error is not None
        assert reason in broken[0].error.message
        assert str(bad) in broken[0].error.message
        readable = {e.path for e in entries if e.session is not None}
        assert readable == set(three_logs.values())


def test_scan_ignores_other_files_and_hidden_files(three_logs: dict[str, Path]) -> None:
    folder = three_logs["old"].parent
    (folder / "notes.txt").write_text("not a log")
    (folder / ".hidden.md").write_text("not a log")
    (folder / "sub.md").mkdir()
    save_draft(folder, session(session_id="draft1"))
    assert {e.path for e in scan(folder)} == set(three_logs.values())


def test_scan_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert scan(tmp_path / "missing") == []


def test_a_broken_body_makes_the_log_unreadable_and_says_where(tmp_path: Path) -> None:
    path = save_log(tmp_path, session())
    path.write_text(path.read_text() + "\n<!-- reflect:answer purpose.impact -->\n")
    (entry,) = scan(tmp_path)
    assert entry.session is None
    assert entry.error is not None
    assert "answered twice" in entry.error.message
    with pytest.raises(LogError, match="answered twice"):
        read_log(path)


def test_read_log_of_a_crlf_bom_file(tmp_path: Path) -> None:
    path = tmp_path / "2026-03-12-windows.md"
    path.write_bytes(b"\xef\xbb\xbf" + render_log(session()).replace("\n", "\r\n").encode())
    assert read_log(path) == session()
    (entry,) = scan(tmp_path)
    assert entry.session is not None
    assert entry.session.id == session().id
    assert entry.answered == 1


def test_read_log_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="no such file"):
        read_log(tmp_path / "nope.md")


# -- where logs live -----------------------------------------------------------------------------
def test_journal_dir_prefers_the_option_then_the_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REFLECT_DIR", str(tmp_path / "env"))
    assert logs_folder(tmp_path / "option") == tmp_path / "option"
    assert logs_folder() == tmp_path / "env"
    monkeypatch.delenv("REFLECT_DIR")
    assert logs_folder() == default_dir()
    assert default_dir().name == "logs"


# -- drafts --------------------------------------------------------------------------------------
def test_drafts_save_list_and_remove(tmp_path: Path) -> None:
    assert drafts(tmp_path) == []
    first = session("First", session_id="draft-one")
    second = session("Second", session_id="draft-two")
    first_path = save_draft(tmp_path, first)
    second_path = save_draft(tmp_path, second)
    assert first_path == drafts_folder(tmp_path) / "draft-one.md"
    assert not (tmp_path / ".drafts").exists()  # never in the logs folder, which may be shared
    assert mode(first_path) == 0o600
    assert mode(drafts_folder(tmp_path)) == 0o700
    os.utime(first_path, (1_000_000_000, 1_000_000_000))  # the first is older
    found = drafts(tmp_path)
    assert [d.session for d in found] == [second, first]
    assert [d.path for d in found] == [second_path, first_path]

    remove_draft(tmp_path, "draft-two")
    assert [d.session.id for d in drafts(tmp_path)] == ["draft-one"]
    remove_draft(tmp_path, "draft-two")  # removing twice is fine
    remove_draft(tmp_path, "never-there")


def test_saving_a_draft_again_replaces_it(tmp_path: Path) -> None:
    draft = session(session_id="d1")
    save_draft(tmp_path, draft)
    more = dataclasses.replace(draft, answers=[*draft.answers, Answer(
        "purpose.influence", "purpose", text="The council")],
        labels={**draft.labels, "purpose.influence": "Influence"})
    save_draft(tmp_path, more)
    found = drafts(tmp_path)
    assert len(found) == 1
    assert found[0].session == more


def test_unreadable_drafts_are_moved_aside_and_said(tmp_path: Path) -> None:
    save_draft(tmp_path, session(session_id="good"))
    broken = drafts_folder(tmp_path) / "broken.md"
    broken.write_text("garbage")
    with open_store(tmp_path) as store:
        assert [d.session.id for d in store.drafts() if d.session] == ["good"]
        ((moved, why),) = store.set_aside  # for the session to tell the person
        assert "not a reflect log" in why.message
    assert not broken.exists()
    (aside,) = drafts_folder(tmp_path).glob("broken-*.damaged")
    assert aside == moved
    assert aside.read_text() == "garbage"  # kept, for a person to look at
    with open_store(tmp_path) as store:
        assert [d.session.id for d in store.drafts() if d.session] == ["good"]
        assert store.set_aside == []  # said once


def test_drafts_of_an_earlier_reflect_are_brought_over(tmp_path: Path) -> None:
    old = tmp_path / ".drafts"
    old.mkdir()
    (old / "old-one.md").write_text(render_log(session(session_id="old-one")), encoding="utf-8")
    assert [d.session.id for d in drafts(tmp_path)] == ["old-one"]
    assert not old.exists()
