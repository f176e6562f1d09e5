"""Settings: stage scheme and win rates saved; invalid input named; trash restores."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from dragon_tui.models import Account
from dragon_tui.models.enums import StageScheme
from screens.app import DragonApp


async def test_scheme_and_rates_are_saved(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("settings")
        await pilot.pause()
        app.screen.query_one("#scheme", Select).value = "telephone"
        await pilot.pause()
        assert app.screen.query_one("#rate-2", Input).value == "0.2"
        app.screen.query_one("#rate-2", Input).value = "0.25"
        app.screen.query_one("#field-sales_target", Input).value = "800000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        settings = fixed_store.settings()
        assert settings.stage_scheme == StageScheme.TELEPHONE
        assert (
            settings.win_rates[StageScheme.TELEPHONE][1] == 0.25 and settings.sales_target == 800000
        )
        app.screen.query_one("#rate-3", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = str(app.screen.query_one("#settings-error", Static).render())
        assert said == "阶段赢率: 不能大于 1"  # in the rep's language, and as a notice
        assert said in [n.message for n in app._notifications]
        assert fixed_store.settings().win_rates[StageScheme.TELEPHONE][2] == 0.4


async def test_trash_restores(fixed_store):
    fixed_store.delete(Account, "acc-2")
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("trash")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("r")
        await pilot.pause()
        assert fixed_store.get(Account, "acc-2") is not None
