"""The Sync screen's "sync with hub" and the dossier's ownership line, against a real hub."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from dragon_tui.hub.client import change_ownership, ownership_rows
from dragon_tui.models import Account
from dragon_tui.service.hub_sync import sync_with_hub
from dragon_tui.service.ownership import Ownership, known_ownership
from dragon_tui.store import Store
from screens.app import DragonApp
from screens.ownership import OwnershipScreen

TODAY = date(2026, 11, 25)


async def _sync_on_screen(app, pilot, url: str, shown: list | None = None) -> str:
    app.open_screen("sync")
    await pilot.pause()
    if shown is not None:  # every text the summary line shows, progress included
        summary = app.screen.query_one("#sync-summary", Static)
        update = summary.update
        summary.update = lambda text="": (shown.append(str(text)), update(text))[1]
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
            shown: list[str] = []
            summary = await _sync_on_screen(app, pilot, hub.url("rep_a"), shown)
            assert "rep_a" in summary and ("推送 1" in summary or "pushed 1" in summary)
            assert "正在同步：拉取 0/1" in shown and "正在同步：推送 1/1" in shown
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


async def _settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _on_hub(hub, account_id: str) -> tuple:
    with hub.connect("boss") as conn:
        row = ownership_rows(conn)[account_id]
    return row["owner"], row["shared"], row["protected"]


async def test_the_ownership_dialog_claims_shares_and_protects_on_the_hub(hub, tmp_path):
    with Store(tmp_path / "ui.json", device_id="ui") as store:
        store.save(Account(id="acc-own", name="华东电力"))
        with hub.connect("rep_a") as conn:
            sync_with_hub(store, conn)  # the dialog offers this hub's URL
        app = DragonApp(store, today=TODAY)
        results: list[bool] = []
        async with app.run_test(size=(120, 40)) as pilot:
            app.push_screen(OwnershipScreen(app.service, "acc-own", "en"), results.append)
            await pilot.pause()
            assert "rep_a" in app.screen.query_one("#ownership-url", Input).value
            assert "in the pool" in _text(app, "#ownership-now")
            await pilot.press("c")
            await _settle(app, pilot)
            assert "owner rep_a" in _text(app, "#ownership-now")
            assert _on_hub(hub, "acc-own") == ("rep_a", [], False)
            await pilot.press("s")  # share asks for the rep first
            assert "type the rep's login name" in _text(app, "#ownership-message")
            assert app.focused is app.screen.query_one("#ownership-rep", Input)
            await pilot.press(*"rep", "underscore", "b", "enter")
            await _settle(app, pilot)
            assert "shared with rep_b" in _text(app, "#ownership-now")
            await pilot.press("p")
            await _settle(app, pilot)
            assert _on_hub(hub, "acc-own") == ("rep_a", ["rep_b"], True)
            assert "Protect: done" in _text(app, "#ownership-message")
            await pilot.press("escape")
            await pilot.pause()
            assert results == [True]
            # the laptop knows at once, without a sync
            assert known_ownership(store, "acc-own") == Ownership("rep_a", ("rep_b",), True)


async def test_the_ownership_dialog_says_inline_why_nothing_changed(hub, tmp_path):
    with Store(tmp_path / "ui.json", device_id="ui") as store:
        store.save(Account(id="acc-b", name="长江航运"))
        with hub.connect("rep_a") as conn:
            sync_with_hub(store, conn)
        with hub.connect("rep_b") as conn:
            change_ownership(conn, "acc-b", "claim")
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            app.push_screen(OwnershipScreen(app.service, "acc-b", "zh"))
            await pilot.pause()
            assert "客户归属：长江航运" in _text(app, ".section-title")
            await pilot.press("c")
            await _settle(app, pilot)
            message = app.screen.query_one("#ownership-message", Static)
            assert "未更改（认领）" in _text(app, "#ownership-message")
            assert "owned by rep_b" in _text(app, "#ownership-message")
            assert message.has_class("-error")
            app.screen.query_one("#ownership-url", Input).value = f"host={tmp_path} dbname=none"
            await pilot.press("r")
            await _settle(app, pilot)
            assert "cannot connect to the hub" in _text(app, "#ownership-message")
            app.screen.query_one("#ownership-url", Input).value = "postgresql://me:pw@db/hub"
            await pilot.press("u")
            await _settle(app, pilot)
            assert "password" in _text(app, "#ownership-message")
            assert "pw@" not in _text(app, "#ownership-message")
            assert isinstance(app.screen, OwnershipScreen)  # still open, no traceback
            assert _on_hub(hub, "acc-b") == ("rep_b", [], False)


async def test_the_dossier_opens_the_ownership_dialog_and_shows_the_change(hub, tmp_path):
    with Store(tmp_path / "ui.json", device_id="ui") as store:
        store.save(Account(id="acc-d", name="华东电力"))
        with hub.connect("rep_a") as conn:
            sync_with_hub(store, conn)
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_screen("dossier", "acc-d")
            await pilot.pause()
            assert "公海  (O)" in _text(app, "#dossier-summary")
            await pilot.press("O")
            await pilot.pause()
            assert isinstance(app.screen, OwnershipScreen)
            await pilot.press("c")
            await _settle(app, pilot)
            await pilot.press("escape")
            await pilot.pause()
            assert "负责人 rep_a  (O)" in _text(app, "#dossier-summary")
            assert _on_hub(hub, "acc-d") == ("rep_a", [], False)
