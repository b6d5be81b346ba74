"""Where the logs are: --dir, else REFLECT_DIR, else the per-user folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "REFLECT_DIR"
CONFIG_ENV = "REFLECT_CONFIG_DIR"


def default_dir() -> Path:
    """The per-user folder for logs when neither --dir nor REFLECT_DIR is given."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reflect", appauthor=False)) / "logs"


def config_home() -> Path:
    """reflect's settings folder (who you are, your partnerships' workspaces): REFLECT_CONFIG_DIR,
    else the platform's (~/.config/reflect on Linux, %APPDATA%\\reflect on Windows). Never a
    shared or synced folder: what is in it is this person's own."""
    setting = os.environ.get(CONFIG_ENV)
    if setting:
        return Path(setting).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("reflect", appauthor=False, roaming=True))


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
