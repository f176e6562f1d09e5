"""The app answers at once: long lists built a page at a time, search narrowing the rows in
place, slow work behind a loading indicator, tabs built when first shown. Every wait here waits
on a condition; no timing is asserted (the benchmark measures it)."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from datetime import date

from textual.widgets import DataTable, Input, Static

from dragon_tui.models import Account
from screens.app import DragonApp
from screens.base import needs_paint
from screens.dossier import DossierScreen
from screens.funnel import FunnelData, FunnelScreen
from screens.home import PAGE_ROWS, HomeScreen
from screens.widgets.footer import Footer
from screens.widgets.tabbook import TabBar

TODAY = date(2026, 11, 25)


async def wait_until(pilot, condition, *, workers: bool = True) -> None:
    """Let the app run until `condition()` holds (a count of turns, never a clock)."""
    for _ in range(2000):
        if condition():
            return
        await pilot.pause()
        if workers:
            await pilot.app.workers.wait_for_complete()
    raise AssertionError("condition never held")


async def test_long_list_is_built_a_page_at_a_time(fixed_store):
    fixed_store.put([Account(name=f"测试客户{n:03d}", industry="制造") for n in range(250)])
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#accounts", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0)
        assert table.row_count == PAGE_ROWS
        assert "254" in str(app.screen.query_one("#status", Static).render())
        table.focus()
        for expected in [*range(2 * PAGE_ROWS, 254, PAGE_ROWS), 254]:
            await pilot.press("ctrl+end")  # the cursor near the end brings the next page
            await wait_until(pilot, lambda expected=expected: table.row_count == expected)
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.row_count == 254  # every account reachable, none twice


async def test_search_narrows_the_rows_as_you_type(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        table = screen.query_one("#accounts", DataTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        await pilot.press("slash", *"shhx")  # 上海华信: pinyin initials
        await wait_until(pilot, screen.shows_query)
        assert [key.value for key in table.rows] == ["acc-2"]
        assert screen.query_one(Input).has_focus  # typing stays in the search box
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await wait_until(pilot, screen.shows_query)
        assert table.row_count == 4


async def test_funnel_shows_loading_then_its_figures(fixed_store, monkeypatch):
    release = threading.Event()
    build = FunnelData.build.__func__

    def slow_build(cls, *args, **kwargs):
        if not kwargs.get("kept"):  # (asked for what is kept: nothing is yet, it says so)
            release.wait()  # hold the worker until the test has seen the loading state
        return build(cls, *args, **kwargs)

    monkeypatch.setattr(FunnelData, "build", classmethod(slow_build))
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("funnel")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, FunnelScreen) and app.screen.query("#funnel-tabs"),
            workers=False,
        )
        screen = app.screen
        tabs = screen.query_one("#funnel-tabs")
        await wait_until(pilot, lambda: tabs.loading, workers=False)
        # footer and focus are there while the figures are worked out
        assert screen.query_one("#stages", DataTable).has_focus
        footer = screen.query_one(Footer)
        await wait_until(pilot, lambda: len(footer.entries()) > 0, workers=False)
        release.set()
        await wait_until(pilot, lambda: not tabs.loading)
        stages = screen.query_one("#stages", DataTable)
        assert stages.row_count == 6 and str(stages.get_row_at(2)[2]) == "1"


async def test_the_funnel_opens_at_once_once_the_list_is_ready(fixed_store, monkeypatch):
    # the list's worker works out what the funnel opens on; what a funnel showed is kept
    computed = []
    compute = FunnelScreen._compute

    def counted(self, *args):
        computed.append(args[1])  # the tabs a worker worked out
        return compute(self, *args)

    monkeypatch.setattr(FunnelScreen, "_compute", counted)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:

        def shown() -> bool:
            return isinstance(app.screen, FunnelScreen) and bool(app.screen.query("#stages"))

        # the list and its worker are done
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_until(pilot, lambda: app.screen.index.is_complete and not app.workers)
        for _ in range(2):  # opened, and opened again
            app.open_screen("funnel")
            await wait_until(pilot, shown, workers=False)
            await pilot.pause()
            screen = app.screen
            tabs = screen.query_one("#funnel-tabs")
            stages = screen.query_one("#stages", DataTable)
            assert stages.row_count == 6 and not tabs.loading
            assert not computed  # no worker: nothing left to work out
            screen.query_one("#funnel-filter", Input).value = "ERP"  # new inputs: a worker
            await wait_until(pilot, lambda: computed)
            await wait_until(pilot, lambda: not tabs.loading)  # noqa: B023 (awaited here)
            screen.query_one("#funnel-filter", Input).value = ""  # (worked out again)
            await pilot.pause()
            await wait_until(pilot, lambda: not tabs.loading)  # noqa: B023 (awaited here)
            await pilot.press("escape")
            await pilot.pause()
            computed.clear()


async def test_dossier_builds_a_tab_when_first_shown(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await wait_until(
            pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.is_mounted
        )
        screen = app.screen
        assert screen.built_tabs == {"tab-360"}
        assert not screen.query("#status-form") and not screen.query("#org-table")
        bar = screen.query_one(TabBar)
        await pilot.click(TabBar, offset=bar.tab_offset("tab-organisation"))
        await wait_until(pilot, lambda: bool(screen.query("#org-table")))
        org = screen.query_one("#org-table", DataTable)
        await wait_until(pilot, lambda: org.row_count == 1)
        assert str(org.get_row_at(0)[0]) == "单志强"
        assert screen.built_tabs == {"tab-360", "tab-organisation"}


async def test_funnel_deals_tab_filled_when_first_shown(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("funnel")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, FunnelScreen) and app.screen.query("#funnel-tabs"),
        )
        screen = app.screen
        await wait_until(pilot, lambda: not screen.query_one("#funnel-tabs").loading)
        assert not screen.query("#deals")  # not made, nor worked out: the tab was not shown
        bar = screen.query_one(TabBar)
        await pilot.click(TabBar, offset=bar.tab_offset("tab-deals"))
        await wait_until(pilot, lambda: bool(screen.query("#deals")))
        deals = screen.query_one("#deals", DataTable)
        await wait_until(pilot, lambda: deals.row_count == 1)
        assert str(deals.get_row_at(0)[0]) == "ERP升级项目"
        # opened for a deal, the funnel makes its deals and not its stages until shown
        await pilot.press("escape")
        app.open_screen("funnel", None, "o-1")
        await wait_until(
            pilot, lambda: isinstance(app.screen, FunnelScreen) and app.screen.query("#deals")
        )
        for_deal = app.screen
        await wait_until(pilot, lambda: for_deal.query_one("#deals", DataTable).row_count == 1)
        assert not for_deal.query("#stages")
        await for_deal.show_tab("tab-stages")
        assert for_deal.query_one("#stages", DataTable).row_count == 6


async def test_home_stays_the_first_screen(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_screen_underneath_follows_the_language_when_shown_again(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        table = home.query_one("#accounts", DataTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        app.open_screen("dossier", "acc-1")
        await wait_until(
            pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.is_mounted
        )
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: app.screen.sub_title == "Account dossier")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home)
        await wait_until(pilot, lambda: home.sub_title == "Accounts")
        assert [str(c.label) for c in table.columns.values()][0] == "Account"
        assert table.row_count == 4


async def test_the_collectors_full_pass_waits_for_an_idle_moment(fixed_store, monkeypatch):
    import gc

    from screens import app as app_module

    monkeypatch.setattr(app_module, "IDLE_SECONDS", 0.05)
    before = gc.get_threshold()
    full_passes: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full_passes.append(1)

    app = DragonApp(fixed_store, today=TODAY)
    gc.callbacks.append(seen)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            # Python's own trigger is ten times rarer while the app runs
            assert gc.get_threshold()[2] == app_module.FULL_COLLECTION_EVERY
            await pilot.press("slash", "b")  # some work, then the rep stops typing
            gc.collect(1)  # a young pass: a full one is now owed
            full_passes.clear()
            for _ in range(500):
                if full_passes:
                    break
                await pilot.pause(0.01)
            assert full_passes, "no full pass while the app sat idle"
            assert gc.get_count()[2] == 0
    finally:
        gc.callbacks.remove(seen)
    assert gc.get_threshold() == before  # put back when the app ends


class FrameCounting(DragonApp):
    """The app, counting the frames it sends to the terminal."""

    frames = 0

    def _display(self, screen, renderable) -> None:
        super()._display(screen, renderable)
        self.frames += 1


async def typed(app, char: str) -> None:
    """A key as a terminal sends it (not through Pilot, which paints whatever is pending)."""
    import asyncio

    from textual import events

    event = events.Key(char, char)
    event.set_sender(app)
    app._driver.send_message(event)
    await asyncio.sleep(0)


async def settle(app, condition) -> bool:
    import asyncio

    for _ in range(2000):  # turns of the event loop, never a clock
        if condition():
            return True
        await asyncio.sleep(0)
    return condition()


@asynccontextmanager
async def list_without_ticks(store, monkeypatch):
    """The account list shown, with Textual's update timer never ticking from now on."""
    monkeypatch.setattr("textual.screen.UPDATE_PERIOD", 3600.0)
    app = FrameCounting(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#accounts", DataTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        yield app, pilot, table


async def test_a_keys_answer_is_painted_as_soon_as_it_is_worked_out(fixed_store, monkeypatch):
    """Textual paints on its next 60 Hz tick; after a key the screen paints as soon as it is
    idle. Here the tick never comes: the answer is on the terminal all the same."""
    async with list_without_ticks(fixed_store, monkeypatch) as (app, pilot, table):
        screen = app.screen
        screen.query_one(Input).focus()
        await pilot.pause()
        frames = app.frames
        for char in "shhx":
            await typed(app, char)
        assert await settle(app, lambda: screen.shows_query() and not needs_paint(screen))
        assert [key.value for key in table.rows] == ["acc-2"] and app.frames > frames


async def test_changes_long_after_a_key_wait_for_the_tick(fixed_store, monkeypatch):
    """Outside the moments after a key (a worker's updates), the timer paces the frames."""
    monkeypatch.setattr("screens.base.ANSWER_SECONDS", 0.0)
    async with list_without_ticks(fixed_store, monkeypatch) as (app, _pilot, _table):
        screen = app.screen
        frames = app.frames
        screen.query_one(Input).value = "shhx"  # as a worker's result would change the screen
        assert await settle(app, lambda: screen.shows_query() and needs_paint(screen))
        assert not await settle(app, lambda: not needs_paint(screen))
        assert app.frames == frames


async def test_a_dossier_opened_before_the_warm_up_reads_its_tables_in_a_worker(
    tmp_path, monkeypatch
):
    """A large table whose lookups the list's warm-up has not made yet (the rep was quick):
    the dossier is there at once with its footer, its tabs behind a loading indicator, and is
    filled once a worker has read the tables; the UI never waits for the reading."""
    from datetime import UTC, datetime

    from dragon_tui.models import Activity
    from dragon_tui.service.records import Service
    from dragon_tui.store import Store
    from screens.widgets.tabbook import TabBook
    from tests.ui.conftest import fixed_accounts

    when = datetime(2026, 11, 1, tzinfo=UTC)
    path = tmp_path / "big.json"
    with Store(path, device_id="ui") as store:
        store.put(fixed_accounts())
        store.put(
            [
                Activity(id=f"a-{n:03d}", account_id="acc-1", summary=f"拜访{n}", occurred_at=when)
                for n in range(300)  # written in the line layout: read as the file's bytes
            ]
        )
    monkeypatch.setattr(HomeScreen, "_prepare_next_screens", lambda self: None)
    reading = threading.Event()
    real_prepare = Service.prepare

    def held_prepare(self, model, **kwargs):
        assert reading.wait(30)  # the worker holds until the test has seen the loading state
        return real_prepare(self, model, **kwargs)

    monkeypatch.setattr(Service, "prepare", held_prepare)
    with Store(path, device_id="ui") as store:
        assert not store.lookups_ready(Activity)
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_screen("dossier", "acc-1")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, DossierScreen) and app.screen.is_mounted,
                workers=False,
            )
            screen = app.screen
            assert screen.query_one(TabBook).loading
            assert screen.query_one(Footer).display
            assert screen.query_one("#activity-table", DataTable).row_count == 0
            reading.set()
            await wait_until(pilot, lambda: not screen.query_one(TabBook).loading)
            activities = screen.query_one("#activity-table", DataTable)
            assert activities.row_count == 10  # the ten most recent
            assert store.lookups_ready(Activity, ("account_id",))


async def test_the_activities_are_read_beside_the_warm_up(tmp_path, monkeypatch):
    """The activities (200,000 at 5,000 accounts) are read by a worker of their own, by
    account alone, while the warm-up goes on: here the warm-up is held, and the dossier's
    lookups of the activities are made all the same."""
    from datetime import UTC, datetime

    from dragon_tui.models import Activity
    from dragon_tui.store import Store
    from tests.ui.conftest import fixed_accounts

    when = datetime(2026, 11, 1, tzinfo=UTC)
    path = tmp_path / "big.json"
    with Store(path, device_id="ui") as store:
        store.put(fixed_accounts())
        store.put(
            [
                Activity(id=f"a-{n:03d}", account_id="acc-1", opportunity_id="o", occurred_at=when)
                for n in range(300)  # written in the line layout: read as the file's bytes
            ]
        )
    held, go = threading.Event(), threading.Event()
    real = HomeScreen._prepare_next_screens

    def held_warm_up(self):
        held.set()
        assert go.wait(30)
        real(self)

    monkeypatch.setattr(HomeScreen, "_prepare_next_screens", held_warm_up)
    with Store(path, device_id="ui") as store:
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            try:
                await wait_until(
                    pilot,
                    lambda: held.is_set() and store.lookups_ready(Activity, ("account_id",)),
                    workers=False,
                )
                assert not store.lookups_ready(Activity)  # not by opportunity: read when asked
            finally:
                go.set()
            await pilot.app.workers.wait_for_complete()
