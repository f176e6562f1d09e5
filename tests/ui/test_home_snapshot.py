"""Snapshot of the home screen on a small fixed dataset, at 120×40 and 80×24, in both languages."""

from __future__ import annotations

import pytest

from screens.app import DragonApp


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_snapshot(snap_compare, fixed_store, size, lang):
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))
    app = DragonApp(fixed_store)
    assert snap_compare(app, terminal_size=size)
