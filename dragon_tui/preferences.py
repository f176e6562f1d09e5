"""Per-user preferences kept beside, not inside, the database: the UI theme and the keymap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dragon_tui.errors import DragonError
from dragon_tui.locations import preferences_path
from dragon_tui.storage import write_atomic


class PreferencesError(DragonError):
    """The preferences file could not be read or written."""


class Preferences(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    theme: str | None = Field(default=None, max_length=100)
    # Binding id → keys, e.g. {"dossier.spin": "f2", "app.toggle_language": "ctrl+g"}: the
    # ids are in each screen's BINDINGS; Textual's keymap rebinds them at start.
    keymap: dict[str, Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=dict, max_length=500
    )


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences; none saved yet gives the defaults. A damaged file raises a
    PreferencesError naming it (the caller shows it and carries on with the defaults)."""
    path = path or preferences_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Preferences()
    except OSError as exc:
        raise PreferencesError(f"{path}: {exc.strerror}") from None
    try:
        return Preferences.model_validate(orjson.loads(raw))
    except (orjson.JSONDecodeError, ValidationError) as exc:
        reason = "not JSON" if isinstance(exc, orjson.JSONDecodeError) else "unexpected content"
        raise PreferencesError(f"{path}: {reason}; using the default preferences") from None


def save_preferences(preferences: Preferences, path: Path | None = None) -> None:
    """Write the preferences atomically (0600, its folder 0700)."""
    path = path or preferences_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, orjson.dumps(preferences.model_dump(), option=orjson.OPT_INDENT_2))
    except OSError as exc:
        raise PreferencesError(f"{path}: {exc.strerror}") from None
