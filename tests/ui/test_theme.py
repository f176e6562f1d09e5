"""The chosen theme is kept in the preferences file of the user config folder and restored."""

from __future__ import annotations

import os
import stat

from dragon_tui.locations import preferences_path
from dragon_tui.preferences import load_preferences
from screens.app import DragonApp


async def test_theme_persists_across_starts(fixed_store, tmp_path):
    path = preferences_path()
    assert str(path).startswith(str(tmp_path))  # the autouse fixture isolates the config folder
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        default = app.theme
        chosen = next(name for name in app.available_themes if name != default)
        app.theme = chosen
        await pilot.pause()
    assert load_preferences().theme == chosen
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == chosen


async def test_a_damaged_preferences_file_is_a_notice_not_a_crash(fixed_store):
    path = preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00{not json")
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any(str(path) in m and "not JSON" in m for m in notices)
        app.theme = next(name for name in app.available_themes if name != app.theme)
        await pilot.pause()
    assert load_preferences().theme == app.theme  # replaced by a good file


async def test_a_keymap_in_the_preferences_rebinds_keys_by_binding_id(fixed_store):
    from dragon_tui.preferences import Preferences, save_preferences
    from screens.dossier import DossierScreen
    from screens.spin import SpinScreen

    save_preferences(Preferences(keymap={"dossier.spin": "f2", "app.toggle_language": "f3"}))
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.language
        await pilot.press("f3")
        await pilot.pause()
        assert app.language != before
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
        await pilot.press("s")  # no longer SPIN
        await pilot.pause()
        assert not isinstance(app.screen, SpinScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SpinScreen)


def test_every_binding_carries_an_id():
    """Textual's keymap rebinds bindings by id: every binding of every screen has one."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import screens

    missing = []
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ):
                for binding in value.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding) and not binding.id:
                        missing.append(f"{value.__name__}: {binding.key}")
    assert not missing
