"""Where dragon-tui keeps its files (platformdirs), with the overrides tests and users need."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "dragon-tui"
DB_ENV = "DRAGON_TUI_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def preferences_path() -> Path:
    """Per-user look-and-feel choices (theme, keymap): not data, so not in the synced database."""
    return config_dir() / "preferences.json"


def default_db_path() -> Path:
    """The database path: `$DRAGON_TUI_DB` if set, else `dragon.json` in the user data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return data_dir() / "dragon.json"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database, so a copied folder keeps its history."""
    return db_path.parent / "backups"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def export_folder() -> Path:
    """Where exports go unless the user picks another folder: documents/dragon-tui."""
    return Path(platformdirs.user_documents_dir()) / APP_NAME
