"""The Sync screen's "sync with hub" and the dossier's ownership line, against a real hub."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from dragon_tui.hub.client import change_ownership
from dragon_tui.models import Account
from dragon_tui.store import Store
from screens.app import DragonApp

TODAY = date(2026, 11, 25)


async def _sync_on_screen(app, pilot, url: str) -> str:
    app.open_screen("sync")
    await pilot.pause()
    app.screen.query_one("#hub-url", Input).value = url
    await pilot.click("#hub-go")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return str(app.screen.query_one("#sync-summary", Static).render())


async def test_sync_with_hub_from_the_sync_screen_and_ownership_in_the_dossier(hub, tmp_path):
    with Store(tmp_path / "ui.json", device_id="ui") as store:
        store.save(Account(id="acc-hub", name="华东电力"))
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            summary = await _sync_on_screen(app, pilot, hub.url("rep_a"))
            assert "rep_a" in summary and ("推送 1" in summary or "pushed 1" in summary)
            with hub.connect("rep_a") as conn:
                change_ownership(conn, "acc-hub", "claim")
                change_ownership(conn, "acc-hub", "share", "rep_b")
            await _sync_on_screen(app, pilot, hub.url("rep_a"))
            app.pop_screen()
            app.open_screen("dossier", "acc-hub")
            await pilot.pause()
            line = str(app.screen.query_one("#dossier-summary", Static).render())
            assert "rep_a" in line and "rep_b" in line


async def test_a_bad_hub_url_is_one_line_on_the_screen(tmp_path):
    with Store(tmp_path / "ui.json", device_id="ui") as store:
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            summary = await _sync_on_screen(app, pilot, "postgresql://me:secret@db/hub")
            assert "password" in summary and "secret" not in summary
            summary = await _sync_on_screen(app, pilot, f"host={tmp_path} dbname=none")
            assert "cannot connect to the hub" in summary
