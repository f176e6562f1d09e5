"""Preferences applied at start: the chosen theme (saved again when changed) and the keymap."""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

from dragon_tui.errors import DragonError
from dragon_tui.preferences import Preferences, load_preferences, save_preferences


def remember_theme(app: App) -> None:
    """Apply the saved theme (if Textual still knows it) and keymap, and save every later
    theme change."""
    try:
        preferences = load_preferences()
    except DragonError as err:
        app.notify(str(err), severity="warning", markup=False)
        preferences = Preferences()
    saved = preferences.theme
    if preferences.keymap:
        app.set_keymap(dict(preferences.keymap))
    if saved and saved in app.available_themes and saved != app.theme:
        app.theme = saved

    def changed(theme: Theme) -> None:
        try:
            current = load_preferences()
        except DragonError:
            current = None  # a damaged file is replaced by a good one
        try:
            save_preferences((current or Preferences()).model_copy(update={"theme": theme.name}))
        except DragonError as err:
            app.notify(str(err), severity="error", markup=False)

    app.theme_changed_signal.subscribe(app, changed)
