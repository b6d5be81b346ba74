"""Where the logs are: --dir, else REFLECT_DIR, else the per-user folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "REFLECT_DIR"


def default_dir() -> Path:
    """The per-user folder for logs when neither --dir nor REFLECT_DIR is given."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reflect", appauthor=False)) / "logs"


def logs_folder(option: Path | None = None) -> Path:
    """The logs folder: --dir, else $REFLECT_DIR, else the per-user default."""
    if option is not None:
        return option.expanduser()
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    return default_dir()


def resolved(path: Path) -> Path:
    """The full path, links followed where they can be (a loop of links is left as it is)."""
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()
