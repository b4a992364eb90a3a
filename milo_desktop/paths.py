"""Where things live: the project's data folders (also inside a PyInstaller bundle) and the user's."""

from __future__ import annotations

import sys
from pathlib import Path

from . import APP_ID


def project_root() -> Path:
    """The folder holding ``db/`` and ``resources/`` (the bundle folder once frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    return project_root() / "db"


def resources_dir() -> Path:
    return project_root() / "resources"


def package_data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir
    return Path(user_data_dir(APP_ID, appauthor=False))


def default_log_dir() -> Path:
    from platformdirs import user_log_dir
    return Path(user_log_dir(APP_ID, appauthor=False))


STORE_FILENAME = "milo.db"
BACKUP_DIRNAME = "sauvegardes"
