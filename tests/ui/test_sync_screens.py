"""Sync screen: export, preview, apply; conflict review: keep, take the other, edit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from textual.widgets import DataTable, Input, Static

from dragon_tui.models import Account, Conflict
from dragon_tui.service.exchange import export_bundle
from dragon_tui.store import Store
from dragon_tui.sync.files import write_bundle
from screens.app import DragonApp

TODAY = date(2026, 11, 25)


async def test_preview_then_apply_a_bundle(fixed_store, tmp_path):
    with Store(tmp_path / "friend.json", device_id="friend") as friend:
        friend.save(Account(id="new-acc", name="新客户"))
        write_bundle(tmp_path / "friend.bundle", export_bundle(friend))
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("sync")
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "friend.bundle")
        await pilot.click("#import-preview")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1" in str(app.screen.query_one("#sync-summary", Static).render())
        assert app.screen.query_one(DataTable).row_count == 1
        assert fixed_store.get(Account, "new-acc") is None  # preview writes nothing
        await pilot.click("#import-apply")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert fixed_store.get(Account, "new-acc").name == "新客户"


async def test_enter_in_the_bundle_path_exports(fixed_store, tmp_path):
    from dragon_tui.sync.files import read_bundle

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("sync")
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input)
        assert path.has_focus  # the usual errand first
        path.value = str(tmp_path / "out" / "mine.bundle")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        bundle = read_bundle(tmp_path / "out" / "mine.bundle", None)
        assert {r["record"]["id"] for r in bundle.records} >= {"acc-1", "acc-2", "o-1"}


async def test_bad_bundle_shows_the_error(fixed_store, tmp_path):
    bad = tmp_path / "bad.bundle"
    bad.write_text("not a bundle")
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("sync")
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(bad)
        await pilot.click("#import-preview")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not a dragon-tui bundle" in str(
            app.screen.query_one("#sync-summary", Static).render()
        )


@pytest.fixture
def conflicted(fixed_store):
    when = datetime(2026, 11, 20, tzinfo=UTC)
    fixed_store.save_many(
        [
            Conflict(
                id="c1",
                record_table="accounts",
                record_id="acc-2",
                field="industry",
                kept_value="制造",
                lost_value="[red]能源[/]",
                kept_by="A",
                lost_by="B",
                detected_at=when,
                created_at=when,
                updated_at=when,
            ),
            Conflict(
                id="c2",
                record_table="accounts",
                record_id="acc-1",
                field="region",
                kept_value="华北",
                lost_value="华南",
                kept_by="A",
                lost_by="B",
                detected_at=when - (when - when.replace(day=19)),
                created_at=when,
                updated_at=when,
            ),
        ]
    )
    return fixed_store


async def test_conflict_review(conflicted):
    app = DragonApp(conflicted, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("conflicts")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2 and "[red]能源[/]" in str(table.get_row_at(0)[3])
        await pilot.press("t")  # take the other value for acc-2.industry
        await pilot.pause()
        assert conflicted.get(Account, "acc-2").industry == "[red]能源[/]"
        assert conflicted.get(Conflict, "c1").resolved
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "西北"
        await pilot.press("enter")
        await pilot.pause()
        assert (
            conflicted.get(Account, "acc-1").region == "西北"
            and conflicted.get(Conflict, "c2").resolved
        )
        assert table.row_count == 0


def test_conflicts_snapshot(snap_compare, conflicted):
    async def run_before(pilot):
        pilot.app.open_screen("conflicts")
        await pilot.pause()

    assert snap_compare(
        DragonApp(conflicted, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )
