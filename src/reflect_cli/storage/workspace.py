"""A partnership's workspace: a folder its members share (OneDrive, SharePoint, Dropbox,
Syncthing, a network drive), and this person's list of the workspaces they belong to.

    FOLDER/reflect-workspace.yaml   the partnership's name, kind (folder or git), framework file
    FOLDER/README.md                what the folder is, for a person who opens it
    FOLDER/sessions/*.md            the partnership's logs (the only folder read as logs)

The list (`workspaces.json` in places.config_home(), private) holds each workspace's name,
folder, kind, which one is in use, when it was last synced (for the git engine), and whether
reflect syncs it after every write (`sync`: "manual", the default, or "auto"). Meetings
are written to the workspace; journal entries, drafts and the index stay on this machine.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect_cli.errors import BadInputError, NotFoundError

from . import files
from .folder import FolderRoot
from .places import config_home, resolved

SETTINGS = "reflect-workspace.yaml"
README = "README.md"
SESSIONS = "sessions"
REGISTRY = "workspaces.json"
KINDS = ("folder", "git")
#: How a git workspace is synced: by `reflect sync` alone, or also after every write.
SYNC_MODES = ("manual", "auto")


@dataclass
class Workspace:
    """One partnership's workspace, as this person's list knows it."""

    name: str
    path: Path
    kind: str = "folder"
    last_sync: str | None = None
    #: "auto": reflect syncs (with a short time limit) after every write; "manual": only
    #: `reflect sync` does. Only a git workspace is synced by reflect.
    sync: str = "manual"

    @property
    def sessions(self) -> Path:
        return self.path / SESSIONS

    def data(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "kind": self.kind,
                "last_sync": self.last_sync, "sync": self.sync}


class SharedFolderRoot(FolderRoot):
    """The workspace's `sessions` folder: logs written as the folder's own files are (0666
    less the umask, in a folder made the same way), since the people it is shared with must
    read them; the personal folder stays 0700/0600."""

    def __init__(self, location: Path, key: str = "workspace") -> None:
        super().__init__(location, key)

    def create(self, name: str, text: str) -> None:
        self.location.mkdir(parents=True, exist_ok=True)
        files.atomic_write(self.path(name), text, overwrite=False, mode=None)

    def replace(self, name: str, text: str, expected: Any) -> None:
        self._check(name, expected)
        files.atomic_write(self.path(name), text, overwrite=True, mode=None)


# -- the list of this person's workspaces -------------------------------------------------------
def registry_path() -> Path:
    return config_home() / REGISTRY


def _damaged(why: str) -> BadInputError:
    return BadInputError(f"the list of your workspaces, {registry_path()}, cannot be read "
                         f"({why})",
                         hint="Move it away and join your workspaces again with: reflect "
                              "workspace join FOLDER")


def load() -> tuple[list[Workspace], str | None]:
    """This person's workspaces, and the name of the one in use (None: none is)."""
    path = registry_path()
    if not path.exists():
        return [], None
    try:
        text = files.read_text(path)
    except Exception as exc:  # LogError, OSError: say which file, never a traceback
        raise _damaged(str(getattr(exc, "strerror", "") or exc)) from None
    try:
        data = json.loads(text)
        found = [Workspace(str(item["name"]), Path(str(item["path"])),
                           str(item.get("kind") or "folder"),
                           None if item.get("last_sync") is None else str(item["last_sync"]),
                           "auto" if item.get("sync") == "auto" else "manual")
                 for item in data.get("workspaces", [])]
        in_use = data.get("in_use")
    except (ValueError, TypeError, KeyError, AttributeError):
        raise _damaged("it is not what reflect writes") from None
    names = {w.name for w in found}
    return found, (str(in_use) if in_use in names else None)


def save(workspaces: list[Workspace], in_use: str | None) -> None:
    """Write the list, readable by this person alone."""
    folder = files.private_dir(config_home(), what="settings folder")
    text = json.dumps({"in_use": in_use, "workspaces": [w.data() for w in workspaces]},
                      indent=2, ensure_ascii=False) + "\n"
    try:
        files.atomic_write(folder / REGISTRY, text, overwrite=True, mode=0o600)
    except OSError as exc:
        raise BadInputError(f"cannot write {folder / REGISTRY}: {exc.strerror}") from None


def find(name: str) -> Workspace:
    workspaces, _ = load()
    for workspace in workspaces:
        if workspace.name == name:
            return workspace
    from reflect_cli.textsafe import visible

    known = ", ".join(visible(w.name) for w in workspaces)
    raise NotFoundError(f"there is no workspace called '{visible(name)}'"
                        + (f" (yours: {known})" if known else ""),
                        hint="See yours with: reflect workspace; join one with: "
                             "reflect workspace join FOLDER")


def in_use() -> Workspace | None:
    workspaces, name = load()
    return next((w for w in workspaces if w.name == name), None)


def chosen(name: str | None) -> Workspace | None:
    """The workspace a command works in: the one named (--workspace), else the one in use;
    its folder must be there (a synced drive not connected is said, not read as empty)."""
    workspace = find(name) if name is not None else in_use()
    if workspace is not None and not (workspace.path / SETTINGS).is_file():
        from reflect_cli.textsafe import visible

        raise BadInputError(
            f"the workspace '{visible(workspace.name)}' is not at {workspace.path} any more "
            f"(no {SETTINGS} there)",
            hint="Check that the shared folder is connected (OneDrive, the network drive), or "
                 "give another with --dir to work in a plain folder.")
    return workspace


# -- the workspace folder -----------------------------------------------------------------------
def read_settings(folder: Path) -> dict[str, str]:
    """The workspace's settings (untrusted: someone else may have written them)."""
    from reflect_cli.errors import FileProblemsError
    from reflect_cli.inputs.yamlfiles import load_data

    path = folder / SETTINGS
    if not path.exists():
        raise BadInputError(f"{folder} is not a reflect workspace: it has no {SETTINGS}",
                            hint="Check the folder someone shared with you, or make a new "
                                 "workspace with: reflect workspace create FOLDER")
    try:
        text = files.read_text(path)
    except Exception as exc:
        raise BadInputError(f"cannot read {path}: {getattr(exc, 'strerror', '') or exc}"
                            ) from None
    data = load_data(text, str(path), FileProblemsError, "the workspace's settings")
    if not isinstance(data, dict) or not str(data.get("name") or "").strip():
        raise BadInputError(f"{path}: there is no 'name:' for the partnership",
                            hint="Add a line like: name: North Partnership")
    kind = str(data.get("kind") or "folder")
    if kind not in KINDS:
        raise BadInputError(f"{path}: kind must be folder or git, not '{kind}'")
    settings = {"name": str(data["name"]).strip(), "kind": kind}
    if data.get("framework"):
        settings["framework"] = str(data["framework"])
    return settings


def _settings_text(name: str, kind: str) -> str:
    return ("# A reflect workspace: the partnership's shared logs. See README.md.\n"
            f"name: {json.dumps(name, ensure_ascii=False)}\n"
            f"kind: {kind}\n"
            "# framework: our-framework.yaml   (a framework file in this folder, if not the "
            "bundled one)\n")


def _readme_text(name: str) -> str:
    return f"""# {name}: a reflect workspace

This folder holds the shared logs of the partnership "{name}", written by `reflect`
(a tool for reflecting on how the partnership works, with dated logs of its meetings).

- `sessions/` holds one Markdown file per meeting. reflect writes them; you can read them
  in any text editor. Please do not edit or rename them by hand unless you mean to: reflect
  compares them over time, and a changed file changes that history.
- `reflect-workspace.yaml` holds the partnership's name (and its framework file, if it uses
  its own).
- Nothing private is kept here: journal entries, unfinished sessions and reflect's index
  stay on each person's own computer.

## Joining

Once this folder is synced to your computer (OneDrive, SharePoint, Dropbox, Syncthing or
a network drive), run:

    reflect workspace join "PATH/TO/THIS/FOLDER"

Then `reflect list` shows the partnership's meetings with your own entries, and a meeting
you run is written here for everyone.

If your sync tool makes a copy such as `name (1).md` or `name-conflict-...md`, reflect
lists it as "two copies of one session"; keep the right one and delete the other.
"""


def _add(workspace: Workspace) -> Workspace:
    """Put the workspace on this person's list (or find it there), and use it."""
    from reflect_cli.textsafe import visible

    workspaces, _ = load()
    here = resolved(workspace.path)
    for known in workspaces:
        if resolved(known.path) == here:
            save(workspaces, known.name)
            return known
        if known.name == workspace.name:
            raise BadInputError(
                f"you already have a workspace called '{visible(known.name)}', at "
                f"{known.path}", hint="Give this one another name with --name NAME.")
    workspaces.append(workspace)
    save(workspaces, workspace.name)
    return workspace


def create(folder: Path, name: str | None = None, kind: str = "folder") -> Workspace:
    """Make a workspace in a folder (new, or empty of reflect's files), and use it. With kind
    "git", the caller then makes the folder a repository (gitsync.create)."""
    folder = folder.expanduser().absolute()
    if (folder / SETTINGS).exists():
        raise BadInputError(f"{folder} is already a reflect workspace",
                            hint=f"Join it with: reflect workspace join \"{folder}\"")
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"{folder} is a file, not a folder")
    title = (name or folder.name).strip()
    if not title or any(ord(c) < 32 for c in title):
        raise BadInputError(f"'{title}' cannot be a workspace's name",
                            hint="Give one with --name, like --name \"North Partnership\"")
    workspaces, _ = load()
    if any(w.name == title for w in workspaces):
        raise BadInputError(f"you already have a workspace called '{title}'",
                            hint="Give this one another name with --name NAME.")
    try:
        (folder / SESSIONS).mkdir(parents=True, exist_ok=True)  # shared: the umask's modes
        files.atomic_write(folder / README, _readme_text(title), overwrite=False, mode=None) \
            if not (folder / README).exists() else None
        files.atomic_write(folder / SETTINGS, _settings_text(title, kind),
                           overwrite=False, mode=None)
    except OSError as exc:
        raise BadInputError(f"cannot make the workspace in {folder}: "
                            f"{exc.strerror or exc}",
                            hint="Check that you can write there, or choose another folder."
                            ) from None
    return _add(Workspace(title, folder, kind))


def join(folder: Path, name: str | None = None) -> Workspace:
    """Add a workspace someone shared (its folder, synced to this computer), and use it."""
    folder = folder.expanduser().absolute()
    if not folder.is_dir():
        raise BadInputError(f"the folder {folder} does not exist",
                            hint="Check that it is synced to this computer, and its name.")
    settings = read_settings(folder)
    from reflect_cli.textsafe import visible

    title = (name or visible(settings["name"])).strip()
    return _add(Workspace(title, folder, settings["kind"]))


def forget(name: str) -> None:
    """Take a workspace off this person's list (its folder is left as it is)."""
    workspaces, current = load()
    kept = [w for w in workspaces if w.name != name]
    save(kept, current if current != name else None)


def clone_folder(url: str) -> Path:
    """Where a workspace joined by its git address is kept on this computer: a folder of its
    own under reflect's data folder, named after the address."""
    from platformdirs import user_data_dir

    from reflect_cli.textsafe import ascii_slug

    stem = url.rstrip("/\\").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
    base = Path(user_data_dir("reflect", appauthor=False)) / "workspaces"
    slug = ascii_slug(stem) or "workspace"
    folder = base / slug
    number = 2
    while folder.exists():
        folder = base / f"{slug}-{number}"
        number += 1
    return folder


def use(name: str) -> Workspace:
    workspace = find(name)
    workspaces, _ = load()
    save(workspaces, workspace.name)
    return workspace


def record_sync(name: str, when: dt.datetime | None = None) -> None:
    """Note when a workspace was last synced (the git engine calls this)."""
    workspaces, current = load()
    stamp = (when or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    for workspace in workspaces:
        if workspace.name == name:
            workspace.last_sync = stamp
    save(workspaces, current)


def set_sync(name: str, mode: str) -> Workspace:
    """Sync a git workspace after every write ("auto") or only with `reflect sync`
    ("manual")."""
    from reflect_cli.textsafe import visible

    if mode not in SYNC_MODES:
        raise BadInputError(f"--sync must be auto or manual, not '{visible(mode)}'",
                            hint="auto: sync after every write; manual: only with reflect sync")
    workspaces, current = load()
    chosen = next((w for w in workspaces if w.name == name), None)
    if chosen is None:
        raise NotFoundError(f"there is no workspace called '{visible(name)}'")
    if chosen.kind != "git" and mode == "auto":
        raise BadInputError(
            f"the workspace '{visible(name)}' is a shared folder: its sync tool (OneDrive, "
            "SharePoint, Dropbox, Syncthing) syncs it, not reflect, so --sync auto has nothing "
            "to do", hint="--sync auto goes with a workspace kept in git (--git URL).")
    chosen.sync = mode
    save(workspaces, current)
    return chosen


# -- the store of a command ---------------------------------------------------------------------
VIEWS = ("all", "meetings", "journal")


def open_workspace_store(personal: Path, workspace: Workspace, view: str = "all") -> Any:
    """The store a command reads in a workspace: "all" (the workspace's logs and the private
    ones; meetings written go to the workspace), "meetings" (the workspace's logs alone) or
    "journal" (the private folder alone). Drafts always stay with the private folder."""
    from .drafts import LEGACY_FOLDER, Drafts, drafts_home
    from .index import folder_key
    from .store import Store, open_store, read_session

    shared = SharedFolderRoot(workspace.sessions)
    if view == "journal":
        return open_store(personal)
    if view == "all":
        return open_store(personal, [shared])
    drafts = Drafts(drafts_home() / folder_key(str(resolved(personal))), read_session,
                    legacy=personal / LEGACY_FOLDER)
    return Store([shared], drafts)


def workspace_at(folder: Path) -> Workspace:
    """The workspace in a folder, as its settings describe it (not from this person's list)."""
    settings = read_settings(folder)
    return Workspace(settings["name"], folder.expanduser().absolute(), settings["kind"])
