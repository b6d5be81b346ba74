"""Who you are: the name, organisation and sector this person gave `reflect config`, kept in
a small private file in reflect's settings folder (places.config_home(), never a shared one),
and recorded as the author of every log written from then on.

The person is known by the same stable person id meetings give their participants
(meeting.person_id of the name), so one person is matched across logs, this configuration
and the owners of actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect_cli.domain.meeting import DEFAULT_SECTORS, person_id
from reflect_cli.domain.model import Author
from reflect_cli.errors import BadInputError, ConfigError, NotFoundError, Problem

if TYPE_CHECKING:
    from reflect_cli.storage import Store

#: The file, in the settings folder.
FILE_NAME = "me.yaml"
#: The version of its layout, written in it.
CONFIG_VERSION = 1
_KEYS = ("name", "organisation", "sector")
#: The longest name, organisation or sector kept (a name is a line, not a text).
MAX_LENGTH = 200

#: What asks a person who they are, the first time a shared action needs it: given the
#: sectors to choose from, the Author they said, or None when they would rather not say.
AskWho = Callable[[Sequence[str]], "Author | None"]


def config_file() -> Path:
    """Where who you are is kept."""
    from reflect_cli.storage.places import config_home

    return config_home() / FILE_NAME


def load() -> Author | None:
    """Who this person said they are, or None when they have not said yet. ConfigError,
    naming the file and what is wrong in it, when it cannot be read."""
    path = config_file()
    if not path.exists() and not path.is_symlink():
        return None
    from reflect_cli.inputs.yamlfiles import decode_text, load_data, read_file_bytes

    name = str(path)
    hint = (f"Say who you are again with: reflect config --name \"Your Name\" (or remove the "
            f"file {name}).")
    try:
        text = decode_text(read_file_bytes(path, ConfigError, "settings file"), name,
                           ConfigError)
        data = load_data(text, name, ConfigError, "the settings file")
    except ConfigError as error:
        raise ConfigError(error.problems, what=name, hint=hint) from None
    if data is None:
        return None  # an empty file: nothing said yet

    def fail(message: str, key: str = "") -> ConfigError:
        return ConfigError([Problem(name, None, key, message)], what=name, hint=hint)

    if not isinstance(data, dict):
        raise fail("should be 'name:', 'organisation:' and 'sector:' lines")
    found: dict[str, str] = {}
    for key in _KEYS:
        value = data.get(key)
        if value is None:
            value = ""
        if isinstance(value, (dict, list, bool, bytes, set)):
            raise fail("should be text", key)
        from reflect_cli.textsafe import is_safe

        if not is_safe(str(value).replace("\n", " ").replace("\t", " ")):
            # (each log would carry them to everyone who reads it)
            raise fail("holds control characters; type it again with letters, numbers and "
                       "punctuation only", key)
        found[key] = " ".join(str(value).split())
        if len(found[key]) > MAX_LENGTH:
            raise fail(f"is longer than {MAX_LENGTH} characters", key)
    if not found["name"]:
        if found["organisation"] or found["sector"]:
            raise fail("is missing: who you are needs at least a name", "name")
        return None
    return Author(found["name"], found["organisation"], found["sector"])


def current() -> Author | None:
    """Who this person is, for a log being written: None when they have not said, or when
    the settings file cannot be read (the log is written all the same; `reflect config`
    says what is wrong)."""
    try:
        return load()
    except (ConfigError, BadInputError, OSError):
        return None


def save(author: Author) -> Path:
    """Keep who you are (the file is private, 0600, in a folder of its own, 0700; written
    whole or not at all). BadInputError when the folder or the file cannot be written."""
    import yaml

    from reflect_cli.storage import files

    path = config_file()
    files.private_dir(path.parent, what="settings folder", tighten_existing=True)
    data: dict[str, Any] = {"reflect_config": CONFIG_VERSION, "name": author.name,
                            "organisation": author.organisation, "sector": author.sector}
    text = ("# Who you are, for reflect: written by 'reflect config'. Private to you: it stays\n"
            "# on this computer, and each log you write records your name, organisation and\n"
            "# sector as its author.\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
    if path.is_dir():
        raise BadInputError(f"{path} is a folder, where reflect keeps who you are",
                            hint="Move that folder away, then try again.")
    try:
        files.atomic_write(path, text, overwrite=True, mode=0o600)
    except OSError as exc:
        raise BadInputError(f"cannot write {path}: {exc.strerror or exc}",
                            hint="Check the settings folder (space left, permissions).") from None
    return path


def check_name(value: str, option: str) -> str:
    """A name, organisation or sector as given: one line of ordinary text."""
    from reflect_cli.textsafe import is_safe, visible

    text = " ".join(value.split())
    if not is_safe(value.replace("\n", " ").replace("\t", " ")):
        raise BadInputError(f"{option} holds control characters: '{visible(value)}'",
                            hint="Type it again with letters, numbers and punctuation only.")
    if len(text) > MAX_LENGTH:
        raise BadInputError(f"{option} is longer than {MAX_LENGTH} characters",
                            hint="Give a shorter one.")
    return text


def check_sector(value: str, sectors: Sequence[str] = DEFAULT_SECTORS) -> str:
    """A sector as the framework spells it (case does not matter); '' for none. BadInputError
    with the closest sector, and every one, otherwise."""
    from reflect_cli.errors import closest
    from reflect_cli.textsafe import visible

    text = check_name(value, "--sector")
    if not text:
        return ""
    by_fold = {s.casefold(): s for s in sectors}
    if text.casefold() in by_fold:
        return by_fold[text.casefold()]
    close = closest(text.casefold(), by_fold)
    hint = f"Did you mean '{by_fold[close]}'? " if close else ""
    raise BadInputError(f"'{visible(text)}' is not one of the sectors",
                        hint=f"{hint}The sectors are: {', '.join(sectors)}.")


def change(*, name: str | None = None, organisation: str | None = None,
           sector: str | None = None, sectors: Sequence[str] = DEFAULT_SECTORS) -> Author:
    """Say who you are, or change part of it (what is not given stays as it was), and keep it.
    The first time, a name is needed."""
    try:
        before = load()
    except ConfigError:
        before = None  # a damaged file is replaced by what is said now
    new_name = check_name(name, "--name") if name is not None else (
        before.name if before else "")
    if not new_name:
        raise BadInputError("reflect needs at least your name",
                            hint='For example: reflect config --name "Priya Shah" '
                                 '--organisation "Northfield NHS Trust" --sector NHS')
    author = Author(
        new_name,
        check_name(organisation, "--organisation") if organisation is not None else (
            before.organisation if before else ""),
        check_sector(sector, sectors) if sector is not None else (
            before.sector if before else ""))
    save(author)
    return author


def who_am_i(ask: AskWho | None = None, sectors: Sequence[str] = DEFAULT_SECTORS
             ) -> Author | None:
    """Who this person is, for a shared action: as they said before, else (with `ask`, in a
    terminal) asked now, once, and kept for next time; None when they have not said and
    cannot be asked, or would rather not. A damaged settings file is asked about again."""
    known = current()
    if known is not None or ask is None:
        return known
    said = ask(sectors)
    if said is None:
        return None
    return change(name=said.name, organisation=said.organisation, sector=said.sector,
                  sectors=sectors)


# -- --author ------------------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return [w for w in person_id(text).split("-") if w]


def author_ids(store: Store, wanted: str) -> list[str]:
    """The person ids of the authors `wanted` names: by person id, or by whole name with case
    and accents not counting ('jose alvarez' finds José Álvarez); failing that, everyone whose
    name holds all its words ('Priya' finds Priya Shah). NotFoundError with the closest name
    when nobody does."""
    from reflect_cli.errors import closest
    from reflect_cli.textsafe import visible

    wanted = " ".join(wanted.split())
    if not wanted:
        raise BadInputError("--author needs a name", hint='For example: --author "Priya Shah"')
    known = store.authors()
    exact = [a.id for a in known if a.is_named(wanted)]
    if exact:
        return exact
    words = set(_words(wanted))
    partly = [a.id for a in known if words and words <= set(_words(a.name))]
    if partly:
        return partly
    if not known:
        raise NotFoundError(f"no session records who wrote it, so none is by "
                            f"'{visible(wanted)}'",
                            hint="Logs record their author once you say who you are: "
                                 "reflect config --name \"Your Name\".")
    names = {a.name.casefold(): a.name for a in known}
    close = closest(wanted.casefold(), names)
    hint = f"Did you mean '{visible(names[close])}'? " if close else ""
    listed = ", ".join(visible(a.name) for a in known[:10])
    more = f" and {len(known) - 10} more" if len(known) > 10 else ""
    raise NotFoundError(f"no session was written by '{visible(wanted)}'",
                        hint=f"{hint}The authors are: {listed}{more}.")
