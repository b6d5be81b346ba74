"""Rating rounds as files in a workspace, and this person's own record of what they submitted.

    WORKSPACE/ratings/ROUND/round.yaml   the round: its name, mode, when opened and closed
    WORKSPACE/ratings/ROUND/*.yaml       one file per submission (an anonymous one's name is
                                         random: it says nothing about who wrote it)

Each member's computer keeps, privately (`ratings.json` in the settings folder, 0600), the
alias they chose and the name of the file they submitted in each round, so that they can
change their submission until the round closes: their file is replaced whole (atomically),
never a file of someone else's.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import json
import os
import secrets
from pathlib import Path
from typing import Any

from reflect_cli.domain.model import Framework
from reflect_cli.domain.rounds import Round, Submission
from reflect_cli.errors import BadInputError, FileProblemsError, NotFoundError
from reflect_cli.textsafe import ascii_slug, is_safe, visible

from . import files
from .places import config_home, resolved

FOLDER = "ratings"
SETTINGS = "round.yaml"
RECORD = "ratings.json"


def round_folder(base: Path, name: str) -> Path:
    """The folder of the round called `name` in a workspace (its name as ASCII words)."""
    slug = ascii_slug(name)
    if not slug and name.strip():  # a name in another script: a folder name of its own
        import hashlib

        slug = "round-" + hashlib.sha256(" ".join(name.split()).casefold()
                                         .encode("utf-8")).hexdigest()[:10]
    # (a control character, bidi ones too: the round's file would be refused as damaged)
    if not slug or len(name) > 200 or not is_safe(name):
        raise BadInputError(f"'{visible(name)}' cannot be a round's name",
                            hint="Give it a name with letters or numbers, like --round "
                                 "\"Spring 2027\"")
    folder = base / FOLDER / slug
    _refuse_links(folder.parent, folder)
    return folder


def _refuse_links(*paths: Path) -> None:
    """A ratings folder or round folder that is a symbolic link (sent by another member, say)
    is never followed: reflect would read and write wherever it points, outside the
    workspace."""
    for path in paths:
        if path.is_symlink():
            raise BadInputError(f"{visible(str(path))} is a symbolic link, and reflect never "
                                "follows a link in a workspace's ratings",
                                hint="Remove the link (it was not made by reflect).")


def _round_text(item: Round) -> str:
    data: dict[str, Any] = {"round": item.name, "mode": item.mode,
                            "opened": item.opened.isoformat()}
    if item.closed is not None:
        data["closed"] = item.closed.isoformat()
    if item.imported:
        data["imported"] = item.imported
    return ("# A rating round of reflect: members rate on their own with 'reflect rate'; the\n"
            "# round is revealed with 'reflect ratings' once it is closed.\n"
            + "".join(f"{key}: {value if key in ('opened', 'closed') else json.dumps(value)}\n"
                      for key, value in data.items()))


def open_round(base: Path, name: str, mode: str, today: dt.date) -> Round:
    folder = round_folder(base, name)
    item = Round(" ".join(name.split()), mode, today)
    try:
        folder.mkdir(parents=True, exist_ok=True)  # shared: the umask's modes
        files.atomic_write(folder / SETTINGS, _round_text(item), overwrite=False, mode=None)
    except FileExistsError:
        raise BadInputError(f"there is already a round called '{visible(name)}' in this "
                            "workspace", hint="Give the new round another name.") from None
    except OSError as exc:
        raise BadInputError(f"cannot make the round in {folder}: {exc.strerror or exc}"
                            ) from None
    return item


def load_round(base: Path, name: str) -> tuple[Round, Path]:
    """The round called `name`, and its folder; NotFoundError naming the rounds there are."""
    from reflect_cli.inputs.submissions import read_round

    folder = round_folder(base, name)
    if not (folder / SETTINGS).is_file() or (folder / SETTINGS).is_symlink():
        known = ", ".join(f"'{visible(r.name)}'" for r, _ in list_rounds(base)[0])
        raise NotFoundError(f"there is no round called '{visible(name)}' in this workspace"
                            + (f" (there are: {known})" if known else ""),
                            hint="A facilitator opens one with: reflect rate --round NAME "
                                 "--open anonymous")
    return read_round(folder / SETTINGS), folder


def list_rounds(base: Path) -> tuple[list[tuple[Round, Path]], list[str]]:
    """Every round in a workspace (oldest first), and a line for each damaged one."""
    from reflect_cli.inputs.submissions import read_round

    found: list[tuple[Round, Path]] = []
    damaged: list[str] = []
    top = base / FOLDER
    if not top.is_dir():
        return found, damaged
    if top.is_symlink():
        return found, [f"{visible(str(top))} is a symbolic link, never followed (left out)"]
    for folder in sorted(top.iterdir()):
        if not (folder / SETTINGS).is_file():
            continue
        if folder.is_symlink() or (folder / SETTINGS).is_symlink():
            damaged.append(f"{visible(str(folder))} is a symbolic link, never followed "
                           "(left out)")
            continue
        try:
            found.append((read_round(folder / SETTINGS), folder))
        except FileProblemsError as error:
            damaged.append(f"{visible(error.message)} (left out)")
    found.sort(key=lambda item: (item[0].opened, item[0].name))
    return found, damaged


def save_round(folder: Path, item: Round) -> None:
    """Write a round's settings again (closed, or brought into a meeting), whole or not at
    all."""
    try:
        files.atomic_write(folder / SETTINGS, _round_text(item), overwrite=True, mode=None)
    except OSError as exc:
        raise BadInputError(f"cannot write {folder / SETTINGS}: {exc.strerror or exc}"
                            ) from None


def submission_files(folder: Path) -> list[Path]:
    """The submission files in a folder (every .yaml but the round's own; reflect's leftovers
    and hidden files aside), in name order."""
    if not folder.is_dir():
        return []
    # (a link is not a submission: reflect writes files, and would read wherever it points)
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in (".yaml", ".yml") and p.name != SETTINGS
                  and not p.is_symlink()
                  and not p.name.startswith(".") and not p.name.startswith(files.TEMP_PREFIX))


def load_submissions(paths: list[Path], framework: Framework, round_name: str | None = None
                     ) -> tuple[list[Submission], list[str]]:
    """The submissions in these files, and a line for each file left out: one that cannot be
    read or is for another round is named, never stops the others."""
    from reflect_cli.inputs.submissions import read_submission

    found: list[Submission] = []
    skipped: list[str] = []
    for path in paths:
        try:
            name, submission = read_submission(path, framework)
        except FileProblemsError as error:
            first = error.problems[0] if error.problems else None
            if first is None:
                why = visible(error.message)
            else:  # (the file is named once, in front)
                why = visible((f"line {first.line}: " if first.line else "")
                              + (f"{first.key}: " if first.key else "") + first.message)
            more = len(error.problems) - 1
            skipped.append(f"Left out {visible(str(path))}: {why}"
                           + (f" (and {more} more problem{'s' if more != 1 else ''})"
                              if more > 0 else ""))
            continue
        except OSError as exc:
            skipped.append(f"Left out {visible(str(path))}: cannot read it ({exc.strerror})")
            continue
        if round_name is not None and " ".join(name.split()).casefold() != \
                " ".join(round_name.split()).casefold():
            skipped.append(f"Left out {visible(str(path))}: it is for the round "
                           f"'{visible(name)}', not '{visible(round_name)}'")
            continue
        found.append(submission)
    return found, skipped


def day_stamp(path: Path, day: dt.date) -> None:
    """Give a file the day's midnight (UTC) as its times, so that even the file system does
    not say at what time of day it was written."""
    moment = calendar.timegm(day.timetuple())
    # (a file system that keeps no times, or will not let them be set: left as it is)
    with contextlib.suppress(OSError):
        os.utime(path, (moment, moment))


def new_name(mode: str, label: str) -> str:
    """A submission's file name: random for an anonymous one; else the name or alias in ASCII
    words and a random tail (two people of one name never take each other's file)."""
    tail = secrets.token_hex(8 if mode == "anonymous" else 3)
    if mode == "anonymous":
        return f"{tail}.yaml"
    return f"{ascii_slug(label) or 'member'}-{tail}.yaml"


def write_submission(folder: Path, text: str, name: str, *, replace: bool, day: dt.date) -> Path:
    """Put a submission in the round's folder: a new file, or this person's own one replaced
    whole (atomically)."""
    path = folder / name
    try:
        files.atomic_write(path, text, overwrite=replace, mode=None)
    except FileExistsError:
        raise BadInputError(f"{path} already exists; try again") from None
    except OSError as exc:
        raise BadInputError(f"cannot write {path}: {exc.strerror or exc}; nothing was "
                            "written") from None
    day_stamp(path, day)
    return path


# -- this person's private record ---------------------------------------------------------------
def _record_path() -> Path:
    return config_home() / RECORD


def load_record() -> dict[str, Any]:
    """{"alias": ..., "submitted": {round folder: file name}}; empty when damaged (the record
    only helps find one's own file again)."""
    path = _record_path()
    try:
        data = json.loads(files.read_text(path)) if path.is_file() else {}
    except Exception:  # a damaged record: start again rather than stop
        return {}
    return data if isinstance(data, dict) else {}


def save_record(data: dict[str, Any]) -> None:
    folder = files.private_dir(config_home(), what="settings folder")
    try:
        files.atomic_write(folder / RECORD, json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                           overwrite=True, mode=0o600)
    except OSError as exc:
        raise BadInputError(f"cannot write {folder / RECORD}: {exc.strerror or exc}") from None


def record_key(folder: Path) -> str:
    return str(resolved(folder))


def my_file(folder: Path) -> Path | None:
    """The file this person submitted in the round in `folder`, when it is still there."""
    submitted = load_record().get("submitted")
    name = submitted.get(record_key(folder)) if isinstance(submitted, dict) else None
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = folder / name
    return path if path.is_file() and not path.is_symlink() else None


def remember_file(folder: Path, path: Path) -> None:
    data = load_record()
    submitted = data.get("submitted") if isinstance(data.get("submitted"), dict) else {}
    assert isinstance(submitted, dict)
    submitted[record_key(folder)] = path.name
    data["submitted"] = submitted
    save_record(data)


def alias() -> str:
    value = load_record().get("alias")
    return value if isinstance(value, str) else ""


def save_alias(value: str) -> None:
    data = load_record()
    data["alias"] = value
    save_record(data)
