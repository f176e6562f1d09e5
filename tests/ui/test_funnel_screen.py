"""The funnel screen: figures for the period and target, stage moves with confirmation, lost reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Input, Static

from dragon_tui.models import Opportunity
from screens.app import DragonApp
from screens.funnel import FunnelScreen
from screens.widgets.tabbook import TabBook

TODAY = date(2026, 11, 25)


async def settle(app, pilot):
    """Wait until the funnel's worker has finished and its result is on screen."""
    await pilot.pause()
    while app.screen.query_one("#funnel-tabs").loading:
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_funnel(app, pilot):
    app.open_screen("funnel")
    await pilot.pause()
    assert isinstance(app.screen, FunnelScreen)
    await settle(app, pilot)
    return app.screen


async def show_deals(screen, pilot):
    await screen.show_tab("tab-deals")
    await settle(screen.app, pilot)
    screen.query_one("#deals", DataTable).focus()
    await pilot.pause()


async def test_figures_follow_period_and_target(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        screen.query_one("#target", Input).value = "300000"
        await settle(app, pilot)
        metrics = str(screen.query_one("#metrics", Static).render())
        # one open deal of 300,000 at stage 3 (20%): forecast 60,000 / 300,000
        assert "20.0%" in metrics
        screen.query_one("#target", Input).value = "0"
        await settle(app, pilot)
        assert "target" in str(screen.query_one("#metrics", Static).render())
        stages = screen.query_one("#stages", DataTable)
        assert stages.row_count == 6 and str(stages.get_row_at(2)[2]) == "1"


async def test_advance_asks_for_the_exit_marker_then_saves_history(fixed_store):
    # The marker of move 3 (needs confirmed in writing) is met: a plain confirmation.
    opp = fixed_store.get(Opportunity, "o-1")
    fixed_store.save(opp.with_changes(needs_confirmed_in_writing=True))
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert "确认" in str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("y")
        await pilot.pause()
        opp = fixed_store.get(Opportunity, "o-1")
        assert opp.stage == 4 and opp.stage_history[-1].entered_on == TODAY
        assert opp.stage_history[-1].from_stage == 3 and opp.stage_overrides == []


async def test_advance_with_the_marker_unmet_records_the_reason(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await screen.show_tab("tab-deals")
        screen.query_one("#deals", DataTable).focus()
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert "需求已书面确认" in str(app.screen.query_one("#prompt-question", Static).render())
        await pilot.press("enter")  # blank: refused, nothing moves
        await pilot.pause()
        assert fixed_store.get(Opportunity, "o-1").stage == 3
        await pilot.press(*"oral", "enter")
        await pilot.pause()
        opp = fixed_store.get(Opportunity, "o-1")
        assert opp.stage == 4
        assert [(o.from_stage, o.to_stage, o.reason) for o in opp.stage_overrides] == [
            (3, 4, "oral")
        ]


async def test_lost_needs_a_reason(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")  # blank: refused, dialog stays
        await pilot.pause()
        assert fixed_store.get(Opportunity, "o-1").status == "open"
        await pilot.press(*"price", "enter")
        await pilot.pause()
        opp = fixed_store.get(Opportunity, "o-1")
        assert opp.status == "lost" and opp.lost_reason == "price"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_funnel_snapshot(snap_compare, fixed_store, lang, size):
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))

    async def run_before(pilot):
        pilot.app.open_screen("funnel")
        await settle(pilot.app, pilot)

    assert snap_compare(
        DragonApp(fixed_store, today=TODAY), terminal_size=size, run_before=run_before
    )


async def test_filter_and_weekly_review_export(fixed_store, tmp_path):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await screen.show_tab("tab-deals")
        screen.query_one("#funnel-filter", Input).value = "region:华南"
        await settle(app, pilot)
        assert screen.query_one("#deals", DataTable).row_count == 0
        screen.query_one("#funnel-filter", Input).value = "region:华北 owner:张明"
        await settle(app, pilot)
        assert screen.query_one("#deals", DataTable).row_count == 1
        await show_deals(screen, pilot)
        await pilot.press("R")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        text = next(tmp_path.glob("weekly-review-*.txt")).read_text()
        assert "ERP升级项目" in text and "紧迫需求" in text


def more_deals(store) -> None:
    """Three more open deals at 北京现代 (acc-1), so a move re-sorts the list."""
    for n, (name, stage, amount) in enumerate(
        [("云迁移项目", 2, "800000"), ("数据中台项目", 3, "500000"), ("安全审计", 1, "90000")]
    ):
        store.save(
            Opportunity(
                id=f"o-x{n}",
                account_id="acc-2" if n == 2 else "acc-1",
                name=name,
                amount=Decimal(amount),
                stage=stage,
            )
        )


async def test_amounts_stay_whole_at_80_columns(fixed_store):
    fixed_store.save(
        Opportunity(id="o-big", account_id="acc-1", name="大单", amount=Decimal("40670000"))
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_funnel(app, pilot)
        table = screen.query_one("#stages", DataTable)
        # the table's columns fit inside the table's visible width: no amount is cut
        assert table.virtual_size.width <= table.content_region.width
        assert str(table.get_row_at(0)[3]) == "40,670,000"


async def test_filter_finds_deals_by_account_name_and_pinyin(fixed_store):
    more_deals(fixed_store)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        box = screen.query_one("#funnel-filter", Input)
        deals = screen.query_one("#deals", DataTable)
        assert deals.row_count == 4
        for query, expected in (("shhx", {"o-x2"}), ("北京现代", {"o-1", "o-x0", "o-x1"})):
            box.value = query
            await settle(app, pilot)
            assert {
                deals.coordinate_to_cell_key((r, 0)).row_key.value for r in range(deals.row_count)
            } == expected
        box.value = "sjzt"  # pinyin initials of the deal name 数据中台
        await settle(app, pilot)
        assert deals.row_count == 1
        assert screen.query_one("#target", Input).border_title in ("销售目标", "Sales target")


async def test_cursor_stays_on_the_moved_deal(fixed_store):
    more_deals(fixed_store)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        deals = screen.query_one("#deals", DataTable)
        # sorted by stage then amount: o-1 (3, 300k) after o-x1 (3, 500k); o-x0 (2) third
        deals.move_cursor(row=deals.get_row_index("o-x0"))
        await pilot.press("greater_than_sign")
        await pilot.pause()
        # move 2's exit marker (a decision-maker or coach at 信赖) is unmet: a reason is asked
        await pilot.press(*"oral", "enter")
        await settle(app, pilot)
        assert fixed_store.get(Opportunity, "o-x0").stage == 3
        key = deals.coordinate_to_cell_key(deals.cursor_coordinate).row_key.value
        assert key == "o-x0" and deals.cursor_row == 0  # 800k now leads stage 3
        await pilot.press("less_than_sign")
        await settle(app, pilot)
        assert fixed_store.get(Opportunity, "o-x0").stage == 2
        assert deals.coordinate_to_cell_key(deals.cursor_coordinate).row_key.value == "o-x0"


async def test_keys_never_act_on_a_hidden_tab(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        assert screen.query_one(TabBook).active == "tab-stages"
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen  # no confirmation for a deal the rep cannot see
        assert fixed_store.get(Opportunity, "o-1").status == "open"


async def open_funnel_for(app, pilot, opportunity_id: str) -> FunnelScreen:
    opp = app.service.get(Opportunity, opportunity_id)
    app.open_screen("funnel", opp.account_id, opp.id)
    await settle(app, pilot)
    assert isinstance(app.screen, FunnelScreen)
    return app.screen


def deal_under_cursor(deals: DataTable) -> str:
    return deals.coordinate_to_cell_key(deals.cursor_coordinate).row_key.value


async def test_opened_for_a_deal_the_cursor_is_on_it(fixed_store):
    more_deals(fixed_store)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        # 安全审计 (stage 1, the smallest) sorts last: no arrow key needed to reach it
        screen = await open_funnel_for(app, pilot, "o-x2")
        deals = screen.query_one("#deals", DataTable)
        assert screen.query_one(TabBook).active == "tab-deals" and deals.has_focus
        assert deals.row_count == 4 and deal_under_cursor(deals) == "o-x2"
        assert screen.shown_ids() == ("acc-2", "o-x2")  # ctrl+n here logs for this deal
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_funnel(app, pilot)  # for no deal: the stages, as before
        assert screen.query_one(TabBook).active == "tab-stages"


async def test_a_deal_past_the_first_rows_is_listed_when_opened_for_it(fixed_store, monkeypatch):
    more_deals(fixed_store)
    monkeypatch.setattr("screens.funnel.SHOWN_DEALS", 2)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_funnel_for(app, pilot, "o-x2")
        deals = screen.query_one("#deals", DataTable)
        assert [k.value for k in deals.rows] == ["o-x1", "o-1", "o-x2"]
        assert deal_under_cursor(deals) == "o-x2"


async def test_d_shows_the_deals(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_funnel(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        deals = screen.query_one("#deals", DataTable)
        assert screen.query_one(TabBook).active == "tab-deals" and deals.has_focus
        assert [k.value for k in deals.rows] == ["o-1"]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_deal_tables_fit_80_columns(fixed_store, lang):
    more_deals(fixed_store)
    fixed_store.save(
        Opportunity(id="o-big", account_id="acc-2", name="大单", amount=Decimal("40670000"))
    )
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_funnel_for(app, pilot, "o-big")
        for pane, table_id in (("tab-deals", "deals"), ("tab-risk", "risks")):
            await screen.show_tab(pane)
            await settle(app, pilot)
            table = screen.query_one(f"#{table_id}", DataTable)
            assert table.row_count > 0
            # every column inside the visible width: long names and advice wrap, none is cut
            assert table.virtual_size.width <= table.content_region.width
            # and so do the headings: "Opportunity" in an 8-cell column was "Opportun"
            for column in table.ordered_columns:
                lines = column.label.plain.split("\n")
                assert all(cell_len(line) <= column.width for line in lines)
                assert len(lines) <= table.header_height
        heading = [
            c.label.plain.replace("-\n", "").replace("\n", " ") for c in table.ordered_columns
        ]
        assert heading[0] == ("销售机会" if lang == "zh" else "Opportunity")
        deals = screen.query_one("#deals", DataTable)
        heading = [
            c.label.plain.replace("-\n", "").replace("\n", " ") for c in deals.ordered_columns
        ]
        if lang == "en":
            assert heading == [
                "Opportunity",
                "Account",
                "Stage",
                "Amount",
                "Days in stage",
                "Health",
                "Next best action",
            ]
        amount_column = list(deals.columns.values())[3]  # opportunity, account, stage, amount
        assert str(deals.get_row("o-big")[3]) == "40,670,000"
        assert amount_column.width >= len("40,670,000")


async def test_deal_rows_come_a_page_at_a_time(fixed_store, monkeypatch):
    fixed_store.save_many(
        [
            Opportunity(id=f"o-p{n:02d}", account_id="acc-2", name=f"项目{n}", amount=Decimal(n))
            for n in range(1, 12)
        ]
    )  # stage 1, smaller amounts than o-1 (stage 3): o-1 first, then o-p11 … o-p01
    monkeypatch.setattr(FunnelScreen, "_deal_page", lambda self: 6)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        deals = screen.query_one("#deals", DataTable)
        assert deals.row_count == 6
        await pilot.press("down")  # the cursor near the end brings the next page
        await pilot.pause()
        assert deals.row_count == 12
        assert [k.value for k in deals.rows][-1] == "o-p01"
        await pilot.press("escape")
        await pilot.pause()
        # opened for the last deal: the rows up to it are there, the cursor on it
        screen = await open_funnel_for(app, pilot, "o-p01")
        deals = screen.query_one("#deals", DataTable)
        assert deals.row_count == 12 and deal_under_cursor(deals) == "o-p01"


async def test_a_funnel_opened_again_shows_the_records_as_they_are_now(fixed_store, store):
    # what the funnel works out is kept for the records as they are: a write, or another
    # database, is never shown the figures kept from before
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        assert screen.query_one("#deals", DataTable).row_count == 1
        await pilot.press("escape")
        fixed_store.save(
            Opportunity(account_id="acc-1", name="新增项目", amount=Decimal(80_000), stage=2)
        )
        screen = await open_funnel(app, pilot)
        await show_deals(screen, pilot)
        deals = screen.query_one("#deals", DataTable)
        assert deals.row_count == 2 and "新增项目" in {
            str(r[0]) for r in map(deals.get_row_at, range(2))
        }
    other = DragonApp(store, today=TODAY)  # an empty database, in the same process
    async with other.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(other, pilot)
        await show_deals(screen, pilot)
        assert screen.query_one("#deals", DataTable).row_count == 0


async def test_a_later_tab_gets_its_table_when_first_shown(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        assert not screen.query("#risks") and not screen.query("#receivables")
        screen.query_one(TabBook).active = "tab-risk"
        assert screen._selected() is None  # before it is filled: no deal, no error
        await settle(app, pilot)
        risks = screen.query_one("#risks", DataTable)
        # o-1 (stage 3) has no coach and no next step: at risk
        assert risks.row_count >= 1 and "o-1" in [k.value for k in risks.rows]
        assert not screen.query("#receivables")  # still not shown, still not made


@pytest.mark.parametrize(
    ("field", "value", "zh"),
    [
        ("#period", "下季度", "不是年份"),
        ("#target", "很多", "不是金额"),
        ("#target", "1e30", "超出范围"),
        ("#target", "-5", "超出范围"),
        ("#target", "NaN", "超出范围"),
        ("#target", "Infinity", "超出范围"),
    ],
)
async def test_a_bad_period_or_target_is_refused_in_chinese(fixed_store, field, value, zh):
    app = DragonApp(fixed_store, today=TODAY)  # the fixed store speaks Chinese
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_funnel(app, pilot)
        screen.query_one(field, Input).value = value
        await settle(app, pilot)
        shown = str(screen.query_one("#metrics", Static).render())
        assert zh in shown and value in shown and "is not" not in shown
        assert "out of range" not in shown


def test_a_target_in_range_is_taken_as_typed():
    from screens.funnel import parse_target

    assert parse_target(" 1,200,000 ") == Decimal("1200000")
    assert parse_target("10000000000000") == Decimal("1e13")  # the largest amount stored
    assert parse_target("") is None


@pytest.mark.parametrize("first_fails", [False, True])
def test_what_one_thread_works_out_another_waits_for(fixed_store, first_fails):
    """The funnel opened while the list's warm-up works out the same figures: the funnel's
    worker waits for them instead of reading every deal beside it; if the first thread fails,
    the second works them out itself."""
    import threading

    from dragon_tui.service.records import Service
    from screens import funnel

    service = Service(fixed_store)
    key = ("test-kind", "2026Q4")
    started, go, waiting = threading.Event(), threading.Event(), threading.Event()
    made, got = [], {}

    def slow_make():
        made.append("first")
        started.set()
        assert go.wait(30)
        if first_fails:
            raise RuntimeError("first failed")
        return "figures"

    def first():
        try:
            got["first"] = funnel._kept_part(service, TODAY, key, slow_make)
        except RuntimeError:
            got["first"] = "failed"

    def second():
        got["second"] = funnel._kept_part(
            service, TODAY, key, lambda: made.append("second") or "made again"
        )

    one = threading.Thread(target=first)
    one.start()
    assert started.wait(30)
    (event,) = [e for token, e in funnel._MAKING.items() if token[0] == "test-kind"]
    real_wait = event.wait

    def wait(*args):
        waiting.set()
        return real_wait(*args)

    event.wait = wait
    two = threading.Thread(target=second)
    two.start()
    assert waiting.wait(30)  # the second thread waits for the first
    go.set()
    one.join()
    two.join()
    if first_fails:
        assert made == ["first", "second"] and got == {"first": "failed", "second": "made again"}
    else:
        assert made == ["first"] and got == {"first": "figures", "second": "figures"}
    assert not any(token[0] == "test-kind" for token in funnel._MAKING)
    funnel._KEPT.pop("test-kind", None)
