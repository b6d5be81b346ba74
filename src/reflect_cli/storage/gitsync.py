"""The git engine of a partnership workspace: a workspace folder that is a git repository,
cloned, created and synced with the person's own `git`.

reflect runs the real `git` program, with the person's own credentials (ssh-agent, or git's
credential helper), and never asks for, sees or stores a password. Every call:

- never prompts: no terminal (`GIT_TERMINAL_PROMPT=0`, its own session, nothing on stdin),
  no editor (`GIT_EDITOR=true`, `GIT_MERGE_AUTOEDIT=no`), ssh in batch mode unless the person
  set up their own ssh command;
- never runs hooks (`core.hooksPath` points nowhere, `--no-verify`): nothing from a remote, or
  left in a folder by someone else, runs on this computer;
- has a time limit: a network call that does not answer in time is stopped (with everything it
  started), so an offline laptop never hangs;
- reads file names as they are (`core.quotepath=off`, NUL-separated lists).

A commit gets the neutral identity "reflect" only where git has none for the person (no
`user.name` / `user.email` anywhere in git's settings nor in the environment); a person's own
identity is never overridden. Whatever is written, the git host records the person's own login
for a push.

**Sync** (`sync`, `auto_sync`): commit this person's changes (new logs and removals in
`sessions/`, and hand edits of any file git already tracks), fetch, integrate, push, and try
once more if the push is refused because someone pushed meanwhile. Integration never opens an
editor and never leaves conflict markers: a file changed on both sides is never merged line by
line. The version already on the remote keeps the file's name (everyone else already has it, as
a synced folder gives the name to whoever synced first) and this person's version is kept
beside it as `NAME.conflict-WHO-COMMIT.md`, a copy with the same session id, which the workspace
lists as a conflict until one of the two is removed. A file removed on one side and edited on the
other is kept, edited: words are never lost. Offline, the local commit stays, and goes out with
the next sync that reaches the remote.

This module only moves files; it never reads a log for more than its title and id (for commit
messages and reports). Titles and file names in a SyncReport come from other people: pass them
through `textsafe.visible` before a screen (`SyncReport.lines()` does).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reflect_cli.errors import BadInputError, ReflectError
from reflect_cli.textsafe import ascii_slug, visible

#: Seconds a network call (clone, fetch, push) may take in `sync` before it is stopped.
NETWORK_TIMEOUT = 60.0
#: Seconds the whole of an `auto_sync` may take: a write never waits longer for the network.
AUTO_TIMEOUT = 5.0
#: Seconds a local git command may take (a commit, a merge): generous, only against a hang.
LOCAL_TIMEOUT = 300.0
#: The name of the partnership's remote in every workspace reflect clones or creates.
REMOTE = "origin"
#: The branch `create` starts.
BRANCH = "main"
#: The folder of logs in a workspace: new files in it are shared by `sync`.
SESSIONS = "sessions"
#: The identity a commit gets only when git has none for the person.
NEUTRAL_NAME = "reflect"
NEUTRAL_EMAIL = "reflect@invalid"
#: The `.gitignore` `create` writes: files that never go to the partnership.
GITIGNORE = """\
# Written by reflect: files that never go to the partnership.
.tmp-*.part
.DS_Store
Thumbs.db
desktop.ini
~$*
.~lock.*#
*.swp
*~
"""

#: Files never committed, even in a repository without reflect's .gitignore: a log being
#: written (reflect's own temporary files) and what file managers leave.
_NEVER_SHARED = (".tmp-*.part", ".DS_Store", "Thumbs.db", "desktop.ini")

#: What a SyncReport's `problem` can be.
OFFLINE = "offline"  # the remote did not answer (no network, moved, or too slow)
AUTH = "auth"  # the remote answered but refused this person's login, or has no such repository
NO_REMOTE = "no-remote"  # the workspace has no remote to sync with
REJECTED = "rejected"  # the remote refused the push (a protected branch, still moving)
BUSY = "busy"  # another reflect is syncing this workspace right now
FAILED = "failed"  # anything else git could not do, in its words

_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_AUTH_SIGNS = ("authentication failed", "permission denied", "could not read username",
               "could not read password", "terminal prompts disabled",
               "host key verification failed", "invalid username or password",
               "returned error: 401", "returned error: 403", "repository not found",
               "access denied")
_OFFLINE_SIGNS = ("could not resolve host", "could not resolve hostname", "not known",
                  "name resolution", "network is unreachable", "connection refused",
                  "connection timed out", "operation timed out", "no route to host",
                  "failed to connect", "couldn't connect", "connection reset",
                  "does not appear to be a git repository", "unable to access",
                  "no such file or directory", "does not exist", "could not read from remote")


class GitError(ReflectError):
    """git could not do what was asked: `kind` is one of the SyncReport problems (OFFLINE,
    AUTH, REJECTED, FAILED), the message says it in words."""

    def __init__(self, message: str, *, kind: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind


@dataclass(frozen=True)
class FileChange:
    """One file a sync brought in or sent out."""

    #: The file, from the workspace folder down, '/'-separated ('sessions/2026-03-12-x.md').
    path: str
    #: "new", "edited" or "removed".
    change: str
    #: The session's id and title from its front matter ('' for a file that is not a log);
    #: the title is the log's, or "Meeting" / "Journal entry" when it has none. Untrusted.
    session_id: str = ""
    title: str = ""

    def describe(self) -> str:
        """'"Board meeting" (new)', or the file name for a file that is not a log; safe."""
        what = f'"{self.title}"' if self.title else self.path
        return visible(f"{what} ({self.change})")


@dataclass(frozen=True)
class Conflict:
    """A file both this person and someone else changed: both versions are kept."""

    #: The file that keeps its name: it holds the version that was already on the remote.
    path: str
    #: Where this person's version was kept (same session id); None when one side removed
    #: the file and the other edited it: the edited version is then kept under its name.
    copy: str | None
    #: What happened, in words (file names shown safely).
    note: str


@dataclass
class SyncReport:
    """What a sync did. `problem` is None when it reached the remote and all went through."""

    #: Files others changed that are now in this workspace (a conflict's name included).
    received: list[FileChange] = field(default_factory=list)
    #: Files of this person's that are now on the remote (conflict copies included).
    sent: list[FileChange] = field(default_factory=list)
    #: Files changed on both sides; both versions are in the workspace.
    conflicts: list[Conflict] = field(default_factory=list)
    #: This person's changes were committed here (they stay, even when the push failed).
    committed: list[FileChange] = field(default_factory=list)
    #: The remote now has everything this workspace has.
    pushed: bool = False
    #: OFFLINE, AUTH, NO_REMOTE, REJECTED, BUSY or FAILED; None when all went well.
    problem: str | None = None
    #: The problem in words, for the screen (already safe to show).
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    def lines(self) -> list[str]:
        """The report in plain words, one line each, safe to show."""
        out: list[str] = []
        if self.received:
            out.append(f"Came in ({len(self.received)}): "
                       + ", ".join(c.describe() for c in self.received))
        if self.sent:
            out.append(f"Sent ({len(self.sent)}): " + ", ".join(c.describe() for c in self.sent))
        elif self.committed and not self.pushed:
            out.append(f"Saved here, to send at the next sync ({len(self.committed)}): "
                       + ", ".join(c.describe() for c in self.committed))
        out += [conflict.note for conflict in self.conflicts]
        if self.message:
            out.append(self.message)
        if not out:
            out.append("Already up to date: nothing new to send or receive.")
        return out


# ---------------------------------------------------------------------------------------------
# Running git


def git_available() -> bool:
    """Is there a `git` program on this computer?"""
    return shutil.which("git") is not None


def require_git() -> str:
    """The path of the `git` program; BadInputError saying how to use a shared folder instead
    when there is none."""
    path = shutil.which("git")
    if path is None:
        raise _no_git()
    return path


def _no_git() -> BadInputError:
    return BadInputError(
        "git is not installed on this computer, so reflect cannot use a git workspace.",
        hint="Use a shared folder instead: make the workspace in a folder your partnership "
             "already shares (OneDrive, SharePoint, Teams, Dropbox, a network drive) with "
             "'reflect workspace create FOLDER'. Or install git from https://git-scm.com and "
             "try again.")


@dataclass(frozen=True)
class _Result:
    code: int
    out: bytes
    err: str
    timed_out: bool = False

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "surrogateescape")


#: Environment variables that would point git at another repository than the workspace.
_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                       "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
                       "GIT_PREFIX")


class _Git:
    """git in one folder, with reflect's settings, and a deadline for network calls."""

    def __init__(self, folder: Path | None, *, timeout: float,
                 deadline: float | None = None) -> None:
        self.program = require_git()
        self.folder = folder
        self.timeout = timeout
        self.deadline = deadline
        self._env: dict[str, str] | None = None
        self._identity: list[str] | None = None

    def env(self) -> dict[str, str]:
        if self._env is None:
            env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES}
            env.update(GIT_TERMINAL_PROMPT="0", GIT_EDITOR="true", GIT_SEQUENCE_EDITOR="true",
                       GIT_MERGE_AUTOEDIT="no", GIT_PAGER="cat", PAGER="cat",
                       LC_ALL="C", LANGUAGE="C")
            self._env = env
            if not (env.get("GIT_SSH_COMMAND") or env.get("GIT_SSH")) and \
                    not self.config("core.sshCommand"):
                # The person's ssh-agent still works; a passphrase or a new host is never
                # asked for (it would wait for a terminal nobody is looking at).
                connect = max(1, min(10, int(self.timeout)))
                env["GIT_SSH_COMMAND"] = f"ssh -o BatchMode=yes -o ConnectTimeout={connect}"
        return self._env

    def argv(self, args: Sequence[str], identity: bool) -> list[str]:
        argv = [self.program, "-c", "core.quotepath=off", "-c", f"core.hooksPath={os.devnull}",
                "-c", "color.ui=false", "-c", "advice.detachedHead=false",
                # A repository's address comes from an invitation: 'ext::' would run a command
                # and 'fd::' read a file descriptor, whatever the person's settings allow.
                "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never",
                # A link another member sends is written as a small file holding its target,
                # never as a link: one pointing at a private log outside the workspace would
                # list it there, and a correction made on it would send its words to everyone.
                "-c", "core.symlinks=false"]
        if identity:
            argv += self.identity()
        return argv + list(args)

    def run(self, *args: str, network: bool = False, check: bool = True,
            identity: bool = False, cwd: Path | None = None) -> _Result:
        """Run git; with `check`, a failure raises GitError (its kind read from git's words)."""
        if network:
            timeout = self.timeout
            if self.deadline is not None:
                timeout = min(timeout, self.deadline - time.monotonic())
                if timeout <= 0.05:
                    raise GitError(_too_slow(self.timeout), kind=OFFLINE)
        else:
            timeout = LOCAL_TIMEOUT
        result = _run(self.argv(args, identity), cwd or self.folder, self.env(), timeout)
        if result.timed_out:
            raise GitError(_too_slow(self.timeout), kind=OFFLINE)
        if check and result.code != 0:
            kind = _kind(result.err) if network else FAILED
            raise GitError(_in_words(kind, result.err, args), kind=kind)
        return result

    def config(self, key: str) -> str:
        """A git setting as the person has it ('' when unset)."""
        result = _run([self.program, "config", "--get", key], self.folder,
                      {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES},
                      LOCAL_TIMEOUT)
        return result.out.decode("utf-8", "replace").strip() if result.code == 0 else ""

    def identity(self) -> list[str]:
        """`-c` settings giving a commit the neutral identity, only for what the person's git
        has no value for."""
        if self._identity is None:
            found: list[str] = []
            for key, variables, neutral in (
                    ("user.name", ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"), NEUTRAL_NAME),
                    ("user.email", ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"), NEUTRAL_EMAIL)):
                if not self.config(key) and not all(os.environ.get(v) for v in variables):
                    found += ["-c", f"{key}={neutral}"]
            self._identity = found
        return self._identity


def _run(argv: list[str], cwd: Path | None, env: dict[str, str], timeout: float) -> _Result:
    """Run a program with nothing on stdin and its output in files (not pipes: a process it
    started and that outlives it, such as ssh, cannot keep us waiting), in a session of its
    own (no terminal to prompt on), stopped with everything it started after `timeout`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            if sys.platform == "win32":
                process = subprocess.Popen(
                    argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    creationflags=subprocess.CREATE_NEW_PROCESS_GROUP)
            else:
                process = subprocess.Popen(
                    argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    start_new_session=True)
        except FileNotFoundError:
            raise _no_git() from None
        timed_out = False
        try:
            code = process.wait(timeout=max(timeout, 0.01))
        except subprocess.TimeoutExpired:
            timed_out = True
            _stop(process)
            code = process.wait()
        out.seek(0)
        err.seek(0)
        return _Result(code, out.read(), err.read().decode("utf-8", "replace"), timed_out)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop git and whatever it started (ssh, a credential helper) that is still waiting."""
    if sys.platform == "win32":
        process.kill()
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)


def _too_slow(seconds: float) -> str:
    return (f"The partnership's repository did not answer within {seconds:g} seconds: you "
            "may be offline, or the network is slow. "
            "Everything is saved on this computer and goes out at the next sync.")


def _kind(err: str) -> str:
    low = err.lower()
    if any(sign in low for sign in _AUTH_SIGNS):
        return AUTH
    if any(sign in low for sign in _OFFLINE_SIGNS):
        return OFFLINE
    return FAILED


def _last_words(err: str) -> str:
    """git's own explanation: its last 'fatal:'/'error:' line, else its last line."""
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.lower().startswith(("fatal:", "error:", "remote:")):
            return visible(line.split(":", 1)[1].strip())
    return visible(lines[-1]) if lines else "no reason given"


def _in_words(kind: str, err: str, args: Sequence[str]) -> str:
    said = _last_words(err)
    if kind == OFFLINE:
        return ("Could not reach the partnership's repository: you may be offline, or it has "
                f"moved (git said: {said}). Everything is saved on this computer and goes out "
                "at the next sync.")
    if kind == AUTH:
        return ("The partnership's repository refused your git login, or your account has no "
                f"access to it (git said: {said}). reflect uses your own git login: check that "
                "you can reach it with git itself (ssh-agent, or git's credential helper), or "
                "ask whoever runs it for access.")
    what = " ".join(a for a in args if not a.startswith("-"))[:60]
    return f"git could not do this ({visible(what)}): {said}"


# ---------------------------------------------------------------------------------------------
# Workspaces


def is_git_workspace(folder: Path) -> bool:
    """Is this folder itself the top of a git repository (a git workspace)?"""
    return (folder / ".git").exists()


def remote_url(folder: Path) -> str | None:
    """The URL the workspace syncs with (None without one): for `reflect workspace`."""
    git = _Git(folder, timeout=NETWORK_TIMEOUT)
    url = git.run("remote", "get-url", REMOTE, check=False)
    return (url.text.strip() or None) if url.code == 0 else None


def clone(url: str | Path, folder: Path, *, timeout: float | None = None) -> None:
    """Copy the partnership's repository at `url` (any URL git accepts, a local path included)
    into `folder`, which must not exist or be empty.

    Raises BadInputError (no git; folder not empty), GitError (kind OFFLINE, AUTH or FAILED,
    in words) when git cannot; a folder left half-made by a failed clone is removed."""
    git = _Git(None, timeout=timeout or NETWORK_TIMEOUT)
    folder = Path(folder)
    existed = folder.exists()
    if existed and (not folder.is_dir() or any(folder.iterdir())):
        raise BadInputError(f"{visible(str(folder))} is not an empty folder, so the workspace "
                            "cannot be put there.", hint="Give a new folder (reflect makes it).")
    try:
        git.run("clone", "--quiet", "--origin", REMOTE, "--no-recurse-submodules", "--",
                os.fspath(url), os.fspath(folder), network=True, cwd=_cwd_for(folder))
    except GitError:
        if existed:
            for child in folder.iterdir():
                _remove(child)
        else:
            _remove(folder)
        raise
    _adopt_remote_branch(_Git(folder, timeout=git.timeout))


def _adopt_remote_branch(git: _Git) -> None:
    """With no commit of its own yet, take the remote's branch: a repository on a shared drive
    may point its HEAD at a branch nobody pushed ('master') while the workspace is on 'main',
    and a clone of it then has nothing checked out."""
    if _rev(git, "HEAD") is not None:
        return
    found = git.run("for-each-ref", "--format=%(refname:strip=3)", f"refs/remotes/{REMOTE}/")
    branches = [b for b in found.text.splitlines() if b and b != "HEAD"]
    if not branches:  # an empty repository: the workspace's branch, whatever git's default
        git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
        return
    branch = BRANCH if BRANCH in branches else branches[0]
    git.run("checkout", "--quiet", "-B", branch, "--track", f"{REMOTE}/{branch}")


def _cwd_for(folder: Path) -> Path:
    parent = folder.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def create(url: str | Path, folder: Path, name: str, *, author: str | None = None,
           timeout: float | None = None) -> None:
    """Make `folder` (holding what the caller wrote: the settings file, the README) a git
    workspace: a repository whose first commit holds it (and a .gitignore for files that never
    go to the partnership), pushed to `url`, which must be an empty repository.

    Raises BadInputError (no git; `folder` already a repository; `url` already holds commits),
    or GitError (kind OFFLINE, AUTH or FAILED) when `url` cannot be reached: checked before
    `folder` is touched. A push that fails at the end leaves the workspace ready here, with
    its remote, so `sync` sends it later; GitError says so."""
    folder = Path(folder)
    git = _Git(folder, timeout=timeout or NETWORK_TIMEOUT)
    if is_git_workspace(folder):
        raise BadInputError(f"{visible(str(folder))} is already a git repository.",
                            hint="Give a new folder for the workspace.")
    heads = git.run("ls-remote", "--heads", "--", os.fspath(url), network=True,
                    cwd=_cwd_for(folder))
    if heads.text.strip():
        raise BadInputError(f"{visible(os.fspath(url))} already holds a repository with "
                            "commits, so a new workspace cannot start there.",
                            hint="To use the workspace it holds, run "
                                 "'reflect workspace join URL'; to start a new one, make an "
                                 "empty repository first.")
    folder.mkdir(parents=True, exist_ok=True)
    git.run("init", "--quiet")
    git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")
    git.run("add", "--all")
    who = author or git.config("user.name") or NEUTRAL_NAME
    git.run("commit", "--quiet", "--no-verify", "--allow-empty", "-m",
            f"Start the workspace of {_one_line(name)}\n\nCreated by reflect for "
            f"{_one_line(who)}.", identity=True)
    git.run("remote", "add", REMOTE, os.fspath(url))
    try:
        git.run("push", "--quiet", "--no-verify", "--set-upstream", REMOTE,
                f"{BRANCH}:{BRANCH}", network=True)
    except GitError as error:
        raise GitError(error.message + " The workspace is ready on this computer: "
                       "'reflect sync' sends it once the repository can be reached.",
                       kind=error.kind) from None


def sync(folder: Path, *, author: str | None = None,
         timeout: float | None = None) -> SyncReport:
    """Commit this person's changes, fetch, integrate (conflicts kept as copies), push.

    `author` is the person's name, for commit messages (else git's user.name); `timeout` the
    seconds each network call may take (NETWORK_TIMEOUT by default). Problems with the
    network, the login or the remote come back in the report (its `problem` and `message`);
    BadInputError when git is missing or `folder` is not a git workspace."""
    return _sync(Path(folder), author, timeout or NETWORK_TIMEOUT, None)


def auto_sync(folder: Path, *, author: str | None = None,
              timeout: float = AUTO_TIMEOUT) -> SyncReport:
    """A sync that takes at most about `timeout` seconds in all, for `--sync auto` after every
    write: this person's changes are always committed here first; with the remote slow or
    unreachable, the report says OFFLINE and the next sync sends them."""
    return _sync(Path(folder), author, timeout, time.monotonic() + timeout)


def _sync(folder: Path, author: str | None, timeout: float,
          deadline: float | None) -> SyncReport:
    from reflect_cli.storage.locks import FileLock

    git = _Git(folder, timeout=timeout, deadline=deadline)
    git_dir = _git_dir(git, folder)
    report = SyncReport()
    lock = FileLock(git_dir / "reflect-sync.lock")
    if not lock.acquire():
        report.problem, report.message = BUSY, ("Another reflect is syncing this workspace "
                                                "right now: try again in a moment.")
        return report
    with lock:
        try:
            _settle_interrupted(git, git_dir)
            _adopt_remote_branch(git)
            branch = _branch(git)
            who = author or git.config("user.name") or NEUTRAL_NAME
            report.committed = _commit_own(git, who)
            if git.run("remote", "get-url", REMOTE, check=False).code != 0:
                report.problem, report.message = NO_REMOTE, (
                    "This workspace has no remote repository to sync with: your changes are "
                    "saved on this computer only.")
                return report
            upstream = _upstream(git, branch)
            for attempt in (1, 2):
                theirs = _fetch(git, upstream)
                if _rev(git, "HEAD") is None:  # nothing here yet: take what came, if any
                    _adopt_remote_branch(git)
                    branch = _branch(git)
                    upstream = _upstream(git, branch)
                    theirs = _rev(git, f"refs/remotes/{REMOTE}/{upstream}")
                before = _rev(git, "HEAD")
                report.conflicts += _integrate(git, theirs, who)
                head = _rev(git, "HEAD")
                copies = {c.copy for c in report.conflicts}
                if head is not None and head != before:
                    report.received += [c for c in _changes(git, before or _EMPTY_TREE, head)
                                        if c.path not in copies]
                if head is None or head == theirs:
                    report.pushed = True
                    break
                if _push(git, branch, upstream, retry=attempt == 1):
                    report.sent = _changes(git, theirs or _EMPTY_TREE, head)
                    report.pushed = True
                    break
        except GitError as error:
            report.problem, report.message = error.kind, error.message
    return report


def _git_dir(git: _Git, folder: Path) -> Path:
    if not folder.is_dir():
        raise BadInputError(f"{visible(str(folder))} is not a folder, so there is no "
                            "workspace to sync.")
    if not is_git_workspace(folder):
        raise BadInputError(f"{visible(str(folder))} is not a git workspace, so there is "
                            "nothing to sync.",
                            hint="A workspace in a shared folder is synced by the folder's "
                                 "own program (OneDrive, Dropbox...), not by reflect.")
    found = git.run("rev-parse", "--absolute-git-dir", check=False)
    if found.code != 0:
        said = _last_words(found.err)
        raise BadInputError(f"git cannot use {visible(str(folder))}: {said}",
                            hint="If git says the folder belongs to someone else, the "
                                 "workspace should be a folder of your own.")
    return Path(found.text.strip())


def _settle_interrupted(git: _Git, git_dir: Path) -> None:
    """A merge a killed sync left half done is undone (it is done again); anything else git
    is in the middle of was started by hand and is the person's to finish."""
    if (git_dir / "MERGE_HEAD").exists():
        git.run("merge", "--abort", check=False)
    for name, what in (("rebase-merge", "rebase"), ("rebase-apply", "rebase"),
                       ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert")):
        if (git_dir / name).exists():
            raise GitError(f"git is in the middle of a {what} in this workspace, started "
                           f"outside reflect: finish it or abort it with git first "
                           f"('git {what} --abort').", kind=FAILED)
    if _unmerged(git):
        raise GitError("Some files in this workspace are left unmerged by git, outside "
                       "reflect: settle them with git first.", kind=FAILED)


def _branch(git: _Git) -> str:
    found = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if found.code != 0:
        raise GitError("This workspace is not on a branch (git is showing an old commit): run "
                       f"'git switch {BRANCH}' in it, then sync again.", kind=FAILED)
    return found.text.strip()


def _upstream(git: _Git, branch: str) -> str:
    """The remote branch this one syncs with: its upstream's, else the same name."""
    merge = git.run("config", "--get", f"branch.{branch}.merge", check=False).text.strip()
    return merge.removeprefix("refs/heads/") if merge.startswith("refs/heads/") else branch


def _rev(git: _Git, ref: str) -> str | None:
    found = git.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return found.text.strip() if found.code == 0 else None


def _fetch(git: _Git, upstream: str) -> str | None:
    """Fetch; the remote branch's commit, None while the remote has no such branch."""
    git.run("fetch", "--quiet", "--no-tags", "--no-recurse-submodules", REMOTE, network=True)
    return _rev(git, f"refs/remotes/{REMOTE}/{upstream}")


def _push(git: _Git, branch: str, upstream: str, *, retry: bool) -> bool:
    """Push; False when refused because the remote moved and `retry` allows another try."""
    result = git.run("push", "--porcelain", "--no-verify", "--set-upstream", REMOTE,
                     f"{branch}:refs/heads/{upstream}", network=True, check=False)
    if result.code == 0:
        return True
    said = result.text + result.err
    if "[remote rejected]" in said:
        raise GitError("The partnership's repository refused what you sent (git said: "
                       f"{_last_words(said)}). Everything is saved on this computer; ask "
                       "whoever runs the repository whether you may push to it.",
                       kind=REJECTED)
    if "[rejected]" in said or "non-fast-forward" in said or "fetch first" in said:
        if retry:
            return False
        raise GitError("Others kept sending changes while this sync ran: everything is "
                       "saved on this computer; sync again in a moment.", kind=REJECTED)
    kind = _kind(result.err)
    raise GitError(_in_words(kind, result.err, ("push",)), kind=kind)


# ---------------------------------------------------------------------------------------------
# Committing this person's changes


def _commit_own(git: _Git, who: str) -> list[FileChange]:
    """Commit the new, edited and removed files of `sessions/` and hand edits of any file git
    tracks; what was committed (nothing: [])."""
    assert git.folder is not None
    never = [f":(exclude,glob)**/{pattern}" for pattern in _NEVER_SHARED]
    if (git.folder / SESSIONS).exists():
        # The logs go whatever a .gitignore says (another member may send one that ignores
        # them: they would never be sent, or the add below would fail, and every sync with it).
        logs = ("add", "--all", "--force", "--", f":(glob){SESSIONS}/**/*.md", *never)
        added = git.run(*logs, check=False)
        if added.code != 0 and "did not match any files" not in added.err:  # (no log yet)
            raise GitError(_in_words(FAILED, added.err, logs), kind=FAILED)
        git.run("add", "--all", "--", SESSIONS, *never, check=False)
    git.run("add", "--update", "--", ".", *never)
    head = _rev(git, "HEAD")
    staged = _changes(git, head or _EMPTY_TREE, None)
    if not staged:
        return []
    git.run("commit", "--quiet", "--no-verify", "-m", _message(who, staged), identity=True)
    return staged


def _message(who: str, changes: list[FileChange]) -> str:
    """A commit message naming the sessions and the person: a subject that fits a line, then
    every file with its session's title and id."""
    who = _one_line(who)
    names = [f'{c.change} "{_one_line(c.title)}"' if c.title else
             f"{c.change} {_one_line(c.path)}" for c in changes]
    subject = f"{who}: {names[0]}"
    for count, name in enumerate(names[1:], 1):
        left = len(names) - count - 1
        tail = f" and {left} more" if left else ""
        if len(subject) + len(name) + len(tail) + 2 > 72:
            subject += f" and {len(names) - count} more"
            break
        subject += f", {name}"
    body = []
    for c in changes:
        said = f'"{_one_line(c.title)}" (id {_one_line(c.session_id)}), ' if c.title else ""
        body.append(f"- {c.change}: {said}{_one_line(c.path)}")
    return f"{subject}\n\n" + "\n".join(body) + f"\n\nSynced by reflect for {who}.\n"


def _one_line(text: str) -> str:
    return visible(" ".join(str(text).split()))


def _changes(git: _Git, old: str, new: str | None) -> list[FileChange]:
    """The files that differ from `old` to `new` (the index when None), with the title and
    id of each log (read from its new version, or its old one when it was removed)."""
    args = ["diff", "--no-renames", "--name-status", "-z", "--no-ext-diff", "--no-textconv"]
    args += [old, new] if new is not None else ["--cached", old]
    fields = [f for f in git.run(*args).text.split("\0") if f]
    out: list[FileChange] = []
    for status, path in zip(fields[0::2], fields[1::2], strict=False):
        change = {"A": "new", "D": "removed"}.get(status[:1], "edited")
        source = old if change == "removed" else (new or "")
        session_id, title = _session_of(git, source, path)
        out.append(FileChange(path, change, session_id, title))
    return out


def _session_of(git: _Git, tree: str, path: str) -> tuple[str, str]:
    """The session id and title of the log at `path` in `tree` ('' for the index), or two ''
    for a file that is not a readable log."""
    if not path.endswith(".md") or not path.startswith(f"{SESSIONS}/"):
        return "", ""
    blob = git.run("cat-file", "blob", f"{tree}:{path}", check=False)
    if blob.code != 0:
        return "", ""
    from reflect_cli.errors import LogError
    from reflect_cli.storage.logfile import split_front_matter

    try:
        meta, _, _ = split_front_matter(blob.out.decode("utf-8", "replace"), path)
    except LogError:
        return "", ""
    kind = str(meta.get("kind") or "journal")
    title = str(meta.get("title") or ("Meeting" if kind == "meeting" else "Journal entry"))
    return str(meta.get("id") or ""), title


# ---------------------------------------------------------------------------------------------
# Integrating what others sent


def _integrate(git: _Git, theirs: str | None, who: str) -> list[Conflict]:
    """Bring the remote's commit `theirs` into this branch; a file changed on both sides keeps
    the remote's version under its name and ours as a conflict copy. Never leaves an unmerged
    file: a merge that cannot be finished is undone (GitError)."""
    head = _rev(git, "HEAD")
    if theirs is None or head == theirs:
        return []
    if head is None or _is_ancestor(git, head, theirs):
        git.run("merge", "--quiet", "--ff-only", "--no-verify", theirs)
        return []
    if _is_ancestor(git, theirs, head):
        return []
    base_found = git.run("merge-base", head, theirs, check=False)
    base = base_found.text.strip() if base_found.code == 0 else _EMPTY_TREE
    ours_changed = {c.path for c in _changes(git, base, head)}
    theirs_changed = {c.path for c in _changes(git, base, theirs)}
    both = sorted(p for p in ours_changed & theirs_changed
                  if _blob(git, head, p) != _blob(git, theirs, p))
    merged = git.run("merge", "--quiet", "--no-ff", "--no-commit", "--no-verify",
                     "--allow-unrelated-histories", "-X", "no-renames", theirs, check=False)
    if merged.code not in (0, 1) or not _merge_started(git):
        _undo_merge(git)
        raise GitError(f"git could not bring in the others' changes: {_last_words(merged.err)}",
                       kind=FAILED)
    conflicts: list[Conflict] = []
    try:
        for path in sorted(set(both) | set(_unmerged(git))):
            conflicts.append(_keep_both(git, path, head, theirs, who))
        if _unmerged(git):
            raise GitError("git could not bring in the others' changes: some files could not "
                           "be settled. Nothing was lost; sync again, or ask for help.",
                           kind=FAILED)
        names = ", ".join(c.path for c in conflicts)
        message = "Bring in the partnership's changes"
        if conflicts:
            message += f"\n\nBoth versions kept of: {_one_line(names)}"
        git.run("commit", "--quiet", "--no-verify", "-m", message + f"\n\nSynced by reflect for "
                f"{_one_line(who)}.\n", identity=True)
    except GitError:
        _undo_merge(git)
        raise
    return conflicts


def _merge_started(git: _Git) -> bool:
    return git.run("rev-parse", "--verify", "--quiet", "MERGE_HEAD", check=False).code == 0


def _undo_merge(git: _Git) -> None:
    git.run("merge", "--abort", check=False)


def _is_ancestor(git: _Git, old: str, new: str) -> bool:
    return git.run("merge-base", "--is-ancestor", old, new, check=False).code == 0


def _blob(git: _Git, commit: str, path: str) -> str | None:
    """The object id of `path` in `commit`, None when it has no such file."""
    found = git.run("ls-tree", "-z", commit, "--", path, check=False)
    entry = found.text.split("\0")[0]
    return entry.split("\t", 1)[0].split()[2] if found.code == 0 and "\t" in entry else None


def _unmerged(git: _Git) -> list[str]:
    found = git.run("diff", "--name-only", "-z", "--diff-filter=U", check=False)
    return sorted({p for p in found.text.split("\0") if p})


def _keep_both(git: _Git, path: str, head: str, theirs: str, who: str) -> Conflict:
    """Settle a file changed on both sides: the remote's version under its name, ours as a
    copy beside it; or, when one side removed it, the other's edited version."""
    ours_blob, theirs_blob = _blob(git, head, path), _blob(git, theirs, path)
    shown = visible(path)
    if ours_blob is not None and theirs_blob is not None:
        copy = _copy_name(git, path, who, head, theirs)
        git.run("checkout", theirs, "--", _literal(path))
        data = git.run("cat-file", "blob", ours_blob).out
        assert git.folder is not None
        target = git.folder / copy
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        git.run("add", "--", _literal(copy))
        return Conflict(path, copy, (
            f"Both you and someone else changed {shown}: theirs keeps the name, yours is "
            f"kept as {visible(copy)}. Read both, keep what you want and remove the other."))
    if theirs_blob is not None:
        git.run("checkout", theirs, "--", _literal(path))
        return Conflict(path, None, (
            f"You removed {shown} and someone else changed it: their version is kept. Remove "
            "it again if it should go."))
    if ours_blob is not None:
        git.run("checkout", head, "--", _literal(path))
        return Conflict(path, None, (
            f"Someone else removed {shown} and you changed it: your version is kept. Remove "
            "it if it should go."))
    git.run("rm", "--quiet", "--force", "--ignore-unmatch", "--", _literal(path))
    return Conflict(path, None, f"{shown} was removed on both sides.")


def _literal(path: str) -> str:
    """A file name git reads as it is: '[draft]' or '*' in a name is not a pattern."""
    return f":(literal){path}"


def _copy_name(git: _Git, path: str, who: str, head: str, theirs: str) -> str:
    """'sessions/NAME.conflict-WHO-COMMIT.md' beside `path`, for this person's version: a name
    no commit and no file has yet."""
    pure = PurePosixPath(path)
    suffix = pure.suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", pure.suffix) else ""
    stem = pure.name[: len(pure.name) - len(suffix)] if suffix else pure.name
    tag = "-".join(p for p in (ascii_slug(who)[:24].strip("-"), head[:7]) if p)
    assert git.folder is not None
    for number in range(1, 1000):
        extra = "" if number == 1 else f"-{number}"
        name = str(pure.with_name(f"{stem}.conflict-{tag}{extra}{suffix}"))
        if not (git.folder / name).exists() and _blob(git, theirs, name) is None and \
                _blob(git, head, name) is None:
            return name
    raise GitError(f"Too many conflict copies of {visible(path)}: remove some and sync again.",
                   kind=FAILED)


# ---------------------------------------------------------------------------------------------
# A rating submission


def commit_rating_file(folder: Path, path: Path, message: str, *, anonymous: bool = False,
                       day: dt.date | None = None) -> None:
    """Commit one file of a rating round (a submission, new or replaced, or the round's
    settings) in a git workspace, alone; it goes out with the next sync. An anonymous one is
    committed under the neutral identity, dated the day's midnight (UTC), with a message that
    names nobody: the commit says no more about its author than the file does (the git host
    still records who pushes it)."""
    import calendar

    git = _Git(folder, timeout=NETWORK_TIMEOUT)
    relative = path.relative_to(folder).as_posix()
    git.run("add", "--force", "--", _literal(relative))
    if git.run("diff", "--cached", "--quiet", "--", _literal(relative), check=False).code == 0:
        return  # (the same ratings sent again: nothing to commit)
    if anonymous:
        assert day is not None
        stamp = f"{calendar.timegm(day.timetuple())} +0000"
        env = git.env()
        for variable in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME", "GIT_AUTHOR_EMAIL",
                         "GIT_COMMITTER_EMAIL"):
            env.pop(variable, None)
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        git._identity = ["-c", f"user.name={NEUTRAL_NAME}", "-c", f"user.email={NEUTRAL_EMAIL}"]
    # A signature would name its author as surely as a name: an anonymous commit is never
    # signed, whatever the person's commit.gpgsign says.
    unsigned = ("--no-gpg-sign",) if anonymous else ()
    git.run("commit", "--quiet", "--no-verify", *unsigned, "--only", "-m", message, "--",
            _literal(relative), identity=True)
