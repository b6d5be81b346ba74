"""Text from other people in reports and the files around them (the issue on hostile input:
never crash, hang, inject or lose words): reports, their file names and outputs, redaction
for --public, rating submissions and imported logs, each attacked as a user would meet it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_interactive import ENTER
from test_meeting_screen import SIZES, Screen, _wait_for_name
from test_redact import meeting_session
from test_rounds import _member, ok

from reflect_cli import __version__
from reflect_cli.domain.meeting import Participant
from reflect_cli.domain.redact import _COMMON_WORDS, _SUFFIXES, _TITLES, redact

MEETING = """\
title: Spring review
date: 2026-03-12
kind: meeting
participants:
  - {name: Tom Reed, organisation: Northfield NHS Trust, sector: NHS, role: lead}
  - {name: Sam Okafor, organisation: Eastgate Tenants, sector: Community member}
purpose.impact: Fewer people reaching crisis point.
characteristics.trust: 3
"""


@pytest.fixture
def meeting(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Path:  # type: ignore[no-untyped-def]
    """One meeting written from an answers file, and a folder of one's own to be in."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    (tmp_path / "meeting.yaml").write_text(MEETING, encoding="utf-8")
    result = invoke("session", "--answers", str(tmp_path / "meeting.yaml"))
    assert result.exit_code == 0, result.output
    return here


def test_the_html_report_says_which_reflect_made_it(invoke, meeting: Path
                                                    ) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "-o", "-")
    assert f"Made with reflect {__version__}," in result.output


@pytest.mark.parametrize("format", ["pdf", "docx"])
def test_a_report_that_is_not_text_is_never_written_to_a_file_named_dash(
        invoke, meeting: Path, format: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", "--format", format, "-o", "-")
    assert (result.exit_code, "is not text" in result.output) == (2, True), result.output
    assert not (meeting / "-").exists()


# -- names in a report that leaves the partnership -----------------------------------------------
def _public(text: str, *people: Participant) -> str:
    session = meeting_session(list(people), text=text)
    out = redact(session, public=True).sessions
    return out.answers[0].text


TOM = Participant("Tom Reed", "Northfield NHS Trust", "NHS", ("lead",))
JOSE = Participant("José Álvarez", "Eastgate Carers", "VCSE")
SIOBHAN = Participant("Siobhan O'Neill", "Northfield Council", "Local authority")


def test_a_surname_alone_is_a_name_when_it_is_written_with_a_capital() -> None:
    assert _public("Reed said so. REED agreed. Dr. Reed too. The reed beds stay.", TOM) == (
        "The lead partner said so. The lead partner agreed. The lead partner too. The reed "
        "beds stay.")


def test_a_name_written_without_its_accents_or_with_another_apostrophe_is_found() -> None:
    decomposed = "Jose\u0301"  # é as e and a combining accent, as some keyboards write it
    assert _public(f"Jose Alvarez and {decomposed}'s idea; O\u2019Neill and Siobhan\u2019s "
                   "team.", JOSE, SIOBHAN) == (
        "A VCSE member and a VCSE member's idea; a local authority member and a local "
        "authority member\u2019s team.")


def test_a_title_in_a_name_is_not_taken_for_a_first_name() -> None:
    doctor = Participant("Dr Amara Patel", "Northfield NHS Trust", "NHS")
    assert _public("Dr Jones met Amara, then Patel.", doctor) == (
        "Dr Jones met an NHS member, then an NHS member.")


def test_two_people_of_one_surname_are_someone() -> None:
    ann = Participant("Ann Smith", "Eastgate Tenants", "Community member")
    bob = Participant("Bob Smith", "Northfield Council", "Local authority")
    assert _public("Smith will write.", ann, bob) == "Someone will write."


NAME = st.text(alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=2,
               max_size=8).map(str.capitalize)
FILLER = st.text(alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1,
                 max_size=8)
SEPARATORS = st.sampled_from([" ", ", ", ". ", "\n", " (", ") ", "'s ", "\u2019s ", ": "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=NAME, last=NAME, data=st.data())
def test_a_public_text_never_holds_a_name_however_it_is_written(first: str, last: str,
                                                                data: st.DataObject) -> None:
    assume(first.lower() not in _COMMON_WORDS and first != last)
    assume(last.lower() not in _SUFFIXES and first.lower() not in _TITLES)
    assume(not {first.lower(), last.lower()} & {"a", "an", "the", "member", "vcse", "lead",
                                                  "partner", "someone", "nhs"})
    forms = [f"{first} {last}", first, last, first.upper(), f"{first.upper()} {last.upper()}",
             f"Dr {last}", f"{first}\n{last}"]
    parts = data.draw(st.lists(st.one_of(st.sampled_from(forms), FILLER), min_size=1,
                               max_size=12))
    seps = data.draw(st.lists(SEPARATORS, min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps, strict=True))
    person = Participant(f"{first} {last}", "Eastgate Tenants", "VCSE")
    out = _public(text, person)
    assert not re.search(rf"(?<!\w)({first}|{last}|{first.upper()}|{last.upper()})(?!\w)",
                         out), (text, out)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_text_without_a_name_comes_out_of_a_public_report_as_it_went_in(text: str) -> None:
    folded = unicodedata.normalize("NFKD", text).casefold()
    assume("qzxv" not in folded and "wqxj" not in folded)
    assert _public(text, Participant("Qzxv Wqxj", "Org", "VCSE")) == text


def test_a_file_in_the_way_is_said_before_the_report_is_made(
        invoke, meeting: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A report over years of meetings takes a while: an -o file that exists (or a folder)
    is said at once, not after it."""
    from reflect_cli.app import report as reporting

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report was made before the file was checked")

    monkeypatch.setattr(reporting, "load_report", never)
    (meeting / "taken.html").write_text("mine", encoding="utf-8")
    result = invoke("report", "-o", "taken.html")
    assert (result.exit_code, "already exists" in result.output) == (2, True), result.output
    assert (meeting / "taken.html").read_text(encoding="utf-8") == "mine"
    result = invoke("report", "-o", str(meeting))
    assert (result.exit_code, "is a folder" in " ".join(result.output.split())) == (2, True)


# -- anonymous rating submissions ----------------------------------------------------------------
@pytest.mark.skipif(shutil.which("git") is None or sys.platform == "win32",
                    reason="needs git, and a shell script as the signing program")
def test_an_anonymous_rating_is_never_signed_with_the_members_own_key(tmp_path: Path) -> None:
    """A member whose git signs every commit (commit.gpgsign) would sign her anonymous
    rating's commit with her own key: the signature names her."""
    signer = tmp_path / "sign"
    signer.write_text("#!/bin/sh\ncat > /dev/null\necho '[GNUPG:] SIG_CREATED ' >&2\n"
                      "printf -- '-----BEGIN PGP SIGNATURE-----\\nAISHA-KEY\\n"
                      "-----END PGP SIGNATURE-----\\n'\n", encoding="utf-8")
    signer.chmod(0o755)
    bare = tmp_path / "north.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    people = {}
    for name, sector in (("Ann Facilitator", "NHS"), ("Aisha Khan", "VCSE")):
        home = tmp_path / name.split()[0].lower()
        home.mkdir()
        (home / ".gitconfig").write_text(
            f"[user]\n\tname = {name}\n\temail = {name.split()[0].lower()}@example.org\n"
            f"\tsigningkey = {name.split()[0].upper()}\n[commit]\n\tgpgsign = true\n"
            f"[gpg]\n\tprogram = {signer}\n", encoding="utf-8")
        people[name] = _member(home, GIT_CONFIG_GLOBAL=None, GIT_CONFIG_NOSYSTEM="1")
        ok(people[name]("config", "--name", name, "--organisation", "Org", "--sector", sector))
    ok(people["Ann Facilitator"]("workspace", "create", str(tmp_path / "ann-north"),
                                 "--name", "North", "--git", str(bare)))
    ok(people["Ann Facilitator"]("rate", "--round", "Spring", "--open", "anonymous"))
    ok(people["Ann Facilitator"]("sync"))
    ok(people["Aisha Khan"]("workspace", "join", str(bare), "--into",
                             str(tmp_path / "aisha-north")))
    answers = tmp_path / "a.yaml"
    answers.write_text("ratings:\n  characteristics.trust: 2\n", encoding="utf-8")
    ok(people["Aisha Khan"]("rate", "--round", "Spring", "--answers", str(answers)))
    commit = subprocess.run(["git", "cat-file", "-p", "HEAD"], cwd=tmp_path / "aisha-north",
                            capture_output=True, text=True, check=True).stdout
    assert "ratings/spring/" not in commit  # (the tree, not the names, is in the object)
    assert "author reflect <" in commit
    assert "gpgsig" not in commit
    assert "AISHA" not in commit


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_a_link_in_the_ratings_folder_is_never_followed(tmp_path: Path) -> None:
    """A member's link in the shared folder (git keeps links) never makes reflect write or
    read outside the workspace: a round folder that is a link is refused, a submission that
    is a link is not one."""
    ann = _member(tmp_path / "ann")
    ok(ann("config", "--name", "Ann Lee", "--organisation", "Org", "--sector", "NHS"))
    shared = tmp_path / "north"
    ok(ann("workspace", "create", str(shared), "--name", "North"))
    ok(ann("rate", "--round", "Spring", "--open", "anonymous"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "round.yaml").write_bytes((shared / "ratings" / "spring" / "round.yaml")
                                         .read_bytes())
    (shared / "ratings" / "summer").symlink_to(outside, target_is_directory=True)
    (outside / "round.yaml").write_text((outside / "round.yaml").read_text(encoding="utf-8")
                                        .replace('"Spring"', '"Summer"'), encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("ratings:\n  characteristics.trust: 2\n", encoding="utf-8")
    refused = ann("rate", "--round", "Summer", "--answers", str(answers))
    assert (refused.exit_code, "symbolic link" in " ".join(refused.output.split())) == (2, True)
    assert sorted(p.name for p in outside.iterdir()) == ["round.yaml"]
    assert "Summer" not in ann("rate").output
    # A submission that is a link is not counted, nor read.
    secret = tmp_path / "secret.yaml"
    secret.write_text("reflect_ratings: 1\nround: Spring\nmode: anonymous\nratings:\n"
                      "  characteristics.trust: 1\n", encoding="utf-8")
    (shared / "ratings" / "spring" / "link.yaml").symlink_to(secret)
    assert "Spring (anonymous): open, 0 submissions" in ann("rate").output


def test_a_copy_to_share_never_names_its_author_through_the_file_name(
        tmp_path: Path) -> None:
    """In a workspace a log's file name says whose it is: reflect show --public (made to be
    redirected to a file for the board) must not end with it."""
    priya = _member(tmp_path / "priya")
    ok(priya("config", "--name", "Priya Shah", "--organisation", "Org", "--sector", "NHS"))
    ok(priya("workspace", "create", str(tmp_path / "north"), "--name", "North"))
    answers = tmp_path / "entry.yaml"
    answers.write_text("title: Waiting lists\nkind: journal\nshare: yes\n"
                       "purpose.impact: Shorter waits.\n", encoding="utf-8")
    ok(priya("session", "--answers", str(answers)))
    assert "priya-shah.md" in ok(priya("show", "latest"))  # the partnership's own record
    for options in (["--public"], ["--leave-out", "names"]):
        shown = ok(priya("show", "latest", *options))
        assert "Shorter waits." in shown
        assert ("priya" not in shown.lower(), "shah" not in shown.lower()) == (True, True)


# -- names with a comma --------------------------------------------------------------------------
def test_a_name_with_a_comma_in_a_participants_file_is_refused(invoke, tmp_path: Path
                                                               ) -> None:  # type: ignore[no-untyped-def]
    """'Smith, Jo' as an action's owner would read as two people, Smith and Jo (and Jo may be
    someone else at the meeting): the file says so, and nothing is written."""
    answers = tmp_path / "meeting.yaml"
    answers.write_text(MEETING.replace("Sam Okafor", '"Okafor, Sam"', 1), encoding="utf-8")
    result = invoke("session", "--answers", str(answers))
    said = " ".join(result.output.split())
    assert (result.exit_code, "participants[2].name: a name cannot hold a comma" in said) == (
        2, True), said
    assert "write it as 'Jo Smith'" in said


def test_a_name_written_surname_first_is_still_found_in_a_public_report() -> None:
    older = Participant("Okafor, Sam", "Eastgate Tenants", "Community member")
    assert _public("Okafor and Sam spoke.", older) == (
        "A community member and a community member spoke.")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("size", SIZES)
def test_a_name_typed_with_a_comma_is_asked_again(journal: Path, size: tuple[int, int]
                                                  ) -> None:
    term = Screen(journal, "session", "-q", "role", "--kind", "meeting", "--title", "First",
                  size=size)
    _wait_for_name(term, 1)
    term.send("Smith, Jo" + ENTER)
    term.wait_shown("A name cannot hold a comma")
    _wait_for_name(term, 2)
    term.send("Jo Smith" + ENTER)
    term.wait_shown("Jo Smith's organisation (optional)")
    assert "Smith, Jo's organisation" not in term.shown()
    assert all(len(line) <= size[1] for line in term.lines())
    term.child.terminate(force=True)


def test_a_hyphenated_name_is_one_name() -> None:
    ann = Participant("Ann Lee", "Eastgate Tenants", "Community member")
    margaret = Participant("Margaret Oyelaran-Whitfield", "Northfield Council",
                           "Local authority")
    assert _public("Ann-Marie met Ann. Whitfield and Oyelaran-Whitfield said so.", ann,
                   margaret) == (
        "Ann-Marie met a community member. A local authority member and a local authority "
        "member said so.")


@pytest.mark.parametrize("name", ["Spring \u202e2027", "Spring\u200f", "Spring \x9b2J"])
def test_a_round_name_with_a_control_character_is_refused_before_it_is_opened(
        tmp_path: Path, name: str) -> None:
    """Opened, its settings file would hold the control and be left out as damaged."""
    ann = _member(tmp_path / "ann")
    ok(ann("config", "--name", "Ann Lee", "--organisation", "Org", "--sector", "NHS"))
    ok(ann("workspace", "create", str(tmp_path / "north"), "--name", "North"))
    refused = ann("rate", "--round", name, "--open", "anonymous")
    assert (refused.exit_code, "cannot be a round's name" in refused.output) == (2, True)
    assert "left out" not in ann("rate").output


def test_a_bar_in_a_name_or_an_action_never_moves_a_markdown_tables_columns(
        invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "pipes.yaml"
    answers.write_text(
        'title: Pipes\ndate: 2026-03-12\nkind: meeting\nparticipants:\n'
        '  - {name: "Al | Bo", organisation: "x|y", sector: NHS, named_in_reports: yes}\n'
        '  - {name: Cy Dee, organisation: z, sector: VCSE, named_in_reports: yes}\n'
        'characteristics.trust: 3\nratings:\n  characteristics.trust: {"Al | Bo": 2, Cy Dee: 4}\n'
        'actions:\n  - {text: "Do | this", owner: "Al | Bo"}\n', encoding="utf-8")
    assert invoke("session", "--answers", str(answers)).exit_code == 0
    for command in (["report", "--format", "markdown", "-o", "-"],
                    ["show", "latest", "--format", "markdown"]):
        text = invoke(*command).output
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        assert rows, text
        for table in _tables(rows):
            columns = {len(re.split(r"(?<!\\)\|", row)) for row in table}
            assert len(columns) == 1, table
        assert r"| New | Do \| this | Al \| Bo | no date |" in text


def _tables(rows: list[str]) -> list[list[str]]:
    """Rows grouped into tables: a table starts at the row before its '| --- |' line."""
    tables: list[list[str]] = []
    for index, row in enumerate(rows):
        if index + 1 < len(rows) and rows[index + 1].startswith("| ---"):
            tables.append([])
        if tables:
            tables[-1].append(row)
    return tables


# -- the browser that prints a PDF ---------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX's")
def test_a_browser_too_slow_to_print_is_stopped_with_everything_it_started(
        invoke, meeting: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Chromium is started by a shell script and runs helpers: stopping only the script left
    the rest running (writing into a folder that was gone)."""
    marker = tmp_path / "still-running"
    browser = tmp_path / "slow-browser"
    browser.write_text(f"#!/bin/sh\n(while true; do touch '{marker}'; sleep 0.05; done) &\n"
                       "sleep 600\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("REFLECT_BROWSER", str(browser))
    monkeypatch.setenv("REFLECT_BROWSER_TIMEOUT", "1")
    result = invoke("report", "--format", "pdf", "-o", "out.pdf")
    assert (result.exit_code, "took longer than 1 second" in result.output) == (1, True)
    assert not (meeting / "out.pdf").exists()
    time.sleep(0.3)  # (a touch on its way when the group was stopped)
    marker.unlink()
    time.sleep(0.5)
    assert not marker.exists(), "the browser's helper is still running"


# -- logs from others ----------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["id", "title", "kind"])
def test_a_log_whose_title_id_or_kind_is_a_mapping_is_named_and_left_out(
        invoke, meeting: Path, journal: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    (log,) = journal.glob("*.md")
    text = log.read_text(encoding="utf-8")
    start = text.index(f"\n{key}: ") + 1
    end = text.index("\n", start)
    damaged = journal / "2026-03-13-damaged.md"
    damaged.write_text(text[:start] + f"{key}: {{a: 1}}" + text[end:], encoding="utf-8")
    result = invoke("list")
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert "2026-03-13-damaged.md" in said
    assert f"{key}: should be text" in said
    assert "{'a': 1}" not in said
    assert "Spring review" in said


def test_a_surname_that_is_also_a_title_leaves_the_first_name_found() -> None:
    dean = Participant("Amara Dr", "Northfield NHS Trust", "NHS")
    assert _public("Amara said so.", dean) == "An NHS member said so."
