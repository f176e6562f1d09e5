"""Org chart: keyboard editing saved in the store, person panel, export, grid and tree snapshots."""

from __future__ import annotations

from datetime import date

import pytest

from dragon_tui.models import Contact
from dragon_tui.models.enums import Function, Level, PurchaseRole
from screens.app import DragonApp
from screens.orgchart import OrgChartScreen
from screens.widgets.person import PersonScreen
from screens.widgets.role_grid import RoleGrid

TODAY = date(2026, 11, 25)


@pytest.fixture
def team_store(fixed_store):
    fixed_store.save_many(
        [
            Contact(
                id="p-boss",
                account_id="acc-1",
                name="王总",
                level=Level.DECISION,
                function=Function.USER_DEPARTMENT,
                roles=[PurchaseRole.DECISION_MAKER],
                attitude=1,
            ),
            Contact(
                id="p-eng",
                account_id="acc-1",
                name="[b]李工[/b]",
                level=Level.MANAGEMENT,
                function=Function.TECHNICAL,
                reports_to="p-boss",
            ),
        ]
    )
    return fixed_store


async def open_org(app, pilot):
    app.open_screen("orgchart", "acc-1")
    await pilot.pause()
    assert isinstance(app.screen, OrgChartScreen)


async def test_keyboard_editing_is_saved(team_store):
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        grid = app.screen.query_one(RoleGrid)
        assert grid.selected().id == "p-boss"
        await pilot.press("plus", "plus")
        await pilot.pause()
        boss = team_store.get(Contact, "p-boss")
        assert int(boss.attitude) == 3 and len(boss.attitude_history) == 2
        await pilot.press("c", "1")  # coach flag, then toggle initiator
        await pilot.pause()
        boss = team_store.get(Contact, "p-boss")
        assert boss.is_coach and PurchaseRole.INITIATOR in boss.roles
        await pilot.press("down", "right")  # management row, technical column
        await pilot.pause()
        assert grid.selected().id == "p-eng"
        await pilot.press("minus")
        await pilot.pause()
        assert int(team_store.get(Contact, "p-eng").attitude) == -1
        await pilot.press("m", "right", "enter")  # move the engineer one column right
        await pilot.pause()
        assert team_store.get(Contact, "p-eng").function == Function.PURCHASING_FINANCE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)


async def test_export_writes_text_and_markdown(team_store, tmp_path):
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(tmp_path / "out")
        await pilot.press("enter")
        await pilot.pause()
        (text,) = (tmp_path / "out").glob("*.txt")
        assert "王总" in text.read_text() and "[b]李工[/b]" in text.read_text()
        assert list((tmp_path / "out").glob("*.md"))


@pytest.mark.parametrize("view", ["tab-grid", "tab-tree"])
def test_orgchart_snapshot(snap_compare, team_store, view):
    async def run_before(pilot):
        pilot.app.open_screen("orgchart", "acc-1")
        await pilot.pause()
        pilot.app.screen.query_one("#org-tabs").active = view
        await pilot.pause()

    assert snap_compare(
        DragonApp(team_store, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )
