"""The commitment workbench: move guide, buying signals, negotiation plan, invoices and
payments, and moving on with an override."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import DataTable, Input, SelectionList, Static

from dragon_tui.models import Invoice, Opportunity
from dragon_tui.models.enums import BuyingSignal
from screens.app import DragonApp
from screens.commitment import CommitmentScreen
from screens.widgets.prompt import PromptScreen
from screens.widgets.record_form import RecordFormScreen
from tests.ui.conftest import today_ready

TODAY = date(2026, 11, 25)


async def open_workbench(app, pilot) -> CommitmentScreen:
    app.open_screen("commitment", "acc-1", "o-1")
    await pilot.pause()
    assert isinstance(app.screen, CommitmentScreen)
    return app.screen


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def answer(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_guide_shows_the_moves_steps_and_unmet_marker(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        guide = shown(screen, "#cw-guide")
        assert "第3式 挖掘需求" in guide and "需求已书面确认" in guide and "未达成" in guide
        app.action_toggle_language()
        await pilot.pause()
        assert "Needs confirmed in writing — not met" in shown(screen, "#cw-guide")


async def test_ticking_a_buying_signal_saves_its_date_and_suggests_moving_on(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        signals = screen.query_one("#cw-signals", SelectionList)
        signals.focus()
        signals.highlighted = 1  # payment terms
        await pilot.press("space")
        await pilot.pause()
        opp = fixed_store.get(Opportunity, "o-1")
        assert [(s.signal, s.seen_on) for s in opp.buying_signals] == [
            (BuyingSignal.PAYMENT_TERMS, TODAY)
        ]
        assert "建议推进到赢取承诺" in shown(screen, "#cw-hint")


async def test_concessions_that_do_not_shrink_are_flagged_and_text_is_literal(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        for amount in ("50,000", "60000"):
            await pilot.press("k")
            await pilot.pause()
            await answer(pilot, amount)
        await pilot.press("t")
        await pilot.pause()
        await answer(pilot, "[bold]培训[/] → 预付")
        plan = fixed_store.get(Opportunity, "o-1").negotiation
        assert [c.amount for c in plan.concessions] == [Decimal("50000"), Decimal("60000")]
        assert (plan.trades[0].give, plan.trades[0].get) == ("[bold]培训[/]", "预付")
        assert "逐步缩小" in shown(screen, "#cw-hint")
        assert "[bold]培训[/] → 预付" in shown(screen, "#cw-plan")
        await pilot.press("k")
        await pilot.pause()
        await answer(pilot, "很多")  # not an amount: refused, nothing saved
        assert len(fixed_store.get(Opportunity, "o-1").negotiation.concessions) == 2


async def test_invoice_form_and_partial_payment(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        assert "按 n 新增" in shown(screen, "#cw-invoices-empty")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        form.query_one("#field-number", Input).value = "INV-9"
        form.query_one("#field-due_on", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "到期日" in str(
            form.query_one("#form-error", Static).render()
        )
        form.query_one("#field-due_on", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (invoice,) = fixed_store.find(Invoice, opportunity_id="o-1")
        assert invoice.number == "INV-9" and invoice.amount == Decimal("300000")
        table = screen.query_one("#cw-invoices", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[4]) == "5"
        table.focus()
        await pilot.press("p")
        await pilot.pause()
        await answer(pilot, "100000")
        paid = fixed_store.get(Invoice, invoice.id)
        assert [(p.amount, p.paid_on) for p in paid.payments] == [(Decimal("100000"), TODAY)]
        assert "200,000.00" in str(table.get_row_at(0)[3])


async def test_moving_on_with_the_marker_unmet_asks_a_reason_and_records_it(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_workbench(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "未达成" in str(app.screen.query_one("#prompt-question", Static).render())
        await answer(pilot, "客户口头确认")
        opp = fixed_store.get(Opportunity, "o-1")
        assert opp.stage == 4
        assert [(o.from_stage, o.to_stage, o.reason) for o in opp.stage_overrides] == [
            (3, 4, "客户口头确认")
        ]
        assert any("已推进到：4 呈现价值" in str(n.message) for n in app._notifications)
        await pilot.press("W")  # won from move 4: a reason is asked first
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert fixed_store.get(Opportunity, "o-1").status == "open"


async def test_today_shows_the_receivables_matrix_action(fixed_store):
    # Issue 19: "The receivables matrix's actions appear on Today."
    fixed_store.save(
        Invoice(
            account_id="acc-1",
            opportunity_id="o-1",
            number="INV-7",
            amount=Decimal("500000"),
            issued_on=date(2026, 8, 1),
            due_on=date(2026, 9, 1),
        )
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 60)) as pilot:
        app.open_screen("agenda")
        await today_ready(pilot)
        table = app.screen.query_one("#agenda-receivables", DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row == ["与管理层商定特别安排", "INV-7", "北京现代汽车有限公司", "500,000.00", "85"]


async def test_the_acard_is_scored_on_the_opportunity(fixed_store):
    # METHOD §2.1 A-card; issue 19: "The A-card moves to the opportunity"
    from textual.widgets import Select

    fixed_store.save_settings(fixed_store.settings().with_changes(sales_target=Decimal("900000")))
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_workbench(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        dialog = app.screen
        for criterion in ("volume", "timing", "fit", "return", "win_probability"):
            dialog.query_one(f"#opp-acard-score-{criterion}", Select).value = 4
        dialog.query_one("#opp-acard-timing", Select).value = "next_year"
        await pilot.pause()
        result = str(dialog.query_one("#opp-acard-result", Static).render())
        # one open deal of 300,000 at 20% against 900,000: the quarter is at risk → 0% next year
        assert "20/25" in result and "0%" in result and "全部精力放在本季度" in result
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CommitmentScreen)
        card = fixed_store.get(Opportunity, "o-1").acard
        assert {c.value: s.score for c, s in card.scores.items()} == dict.fromkeys(
            ("volume", "timing", "fit", "return", "win_probability"), 4
        )
        assert card.timing_bucket == "next_year" and card.assessed_on == TODAY


async def test_the_dossier_opens_the_workbench_of_its_opportunity(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        app.screen.action_commitment()
        await pilot.pause()
        assert isinstance(app.screen, CommitmentScreen)
        assert app.screen.opportunity_id == "o-1"


async def test_today_shows_relationship_upkeep(fixed_store):
    # METHOD §5: "call within one or two days after a first meeting"
    from datetime import UTC, datetime

    from dragon_tui.models import Activity

    fixed_store.save(
        Activity(
            account_id="acc-1",
            occurred_at=datetime(2026, 11, 24, 10, tzinfo=UTC),
            contact_ids=["c-1"],
        )
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 60)) as pilot:
        app.open_screen("agenda")
        await today_ready(pilot)
        table = app.screen.query_one("#agenda-upkeep", DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[:3] == ["2026-11-24", "单志强", "北京现代汽车有限公司"]
        assert "打电话" in row[3]


async def test_every_rung_of_the_needs_ladder_can_be_entered(fixed_store):
    # METHOD §2.3: "目标/愿望 goals → 问题/障碍 problems → 解决方案 solution → 产品/服务
    # products/services → 采购指标 purchase criteria"; issue 19: all five can be entered
    from textual.widgets import Select

    from dragon_tui.method.proposal import ProposalSources, prefill
    from dragon_tui.models import Account, NeedItem
    from dragon_tui.models.enums import NeedLevel, ProposalSection
    from screens.spin import SpinScreen

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        app.open_screen("spin", "acc-1", "o-1")
        await pilot.pause()
        assert isinstance(app.screen, SpinScreen)
        app.screen.query_one("#questions").focus()
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        form.query_one("#field-level", Select).value = "product_service"
        form.query_one("#field-text", Input).value = "MES二期模块"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SpinScreen)
        assert "MES二期模块" in str(app.screen.query_one("#ladder", Static).render())
    (item,) = fixed_store.find(NeedItem, opportunity_id="o-1")
    assert item.level == NeedLevel.PRODUCT_SERVICE
    sections = prefill(
        ProposalSources(
            account=fixed_store.get(Account, "acc-1"),
            opportunity=fixed_store.get(Opportunity, "o-1"),
            needs=[item],
            lang="zh",
        )
    )
    assert sections[ProposalSection.PRODUCTS_AND_SERVICES] == "1. MES二期模块"


async def test_paying_the_last_invoice_ends_move_6_and_won_needs_no_reason(fixed_store):
    # Issue 19: "Stage 6 ends when the opportunity's invoices are paid in full."
    fixed_store.save(fixed_store.get(Opportunity, "o-1").with_changes(stage=6))
    fixed_store.save(
        Invoice(
            account_id="acc-1",
            opportunity_id="o-1",
            number="INV-1",
            amount=Decimal("1000"),
            issued_on=date(2026, 11, 1),
            due_on=date(2026, 12, 1),
        )
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        assert "发票已全部回款 — 未达成" in shown(screen, "#cw-guide")
        screen.query_one("#cw-invoices", DataTable).focus()
        await pilot.press("p")
        await pilot.pause()
        await answer(pilot, "1000")
        assert "发票已全部回款 — 已达成" in shown(screen, "#cw-guide")
        assert "按 W 标记成交" in shown(screen, "#cw-hint")
        await pilot.press("W")
        await pilot.pause()
        won = fixed_store.get(Opportunity, "o-1")
        assert won.status == "won" and won.closed_on == TODAY and won.stage_overrides == []


async def test_an_upsell_is_saved_with_its_follow_up(fixed_store):
    from dragon_tui.models import Activity

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        screen.query_one("#cw-invoices", DataTable).focus()
        await pilot.press("h")
        await pilot.pause()
        await answer(pilot, "引荐财务部")
        (upsell,) = fixed_store.get(Opportunity, "o-1").upsells
        assert upsell.text == "引荐财务部" and upsell.due_on == date(2026, 12, 25)
        (follow,) = fixed_store.find(Activity, opportunity_id="o-1")
        assert [(s.text, s.due_on) for s in follow.next_steps] == [
            ("横向（转介绍/其他部门）: 引荐财务部", date(2026, 12, 25))
        ]
        assert "引荐财务部" in shown(screen, "#cw-plan")


async def test_moving_on_names_the_stage_in_the_active_scheme(fixed_store):
    # Issue 19: "Review, list and dossier show the active scheme's stage names everywhere."
    settings = fixed_store.settings()
    fixed_store.save_settings(settings.with_changes(stage_scheme="telephone", language="en"))
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_workbench(app, pilot)
        await pilot.press("a")  # the telephone scheme's markers are confirmed by hand
        await pilot.pause()
        assert fixed_store.get(Opportunity, "o-1").stage == 4
        assert any("Moved on to: 4 Evaluate" in str(n.message) for n in app._notifications)


async def test_each_sides_interests_can_be_ranked_again(fixed_store):
    # Issue 19: "a negotiation plan: interests ranked for each side"
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_workbench(app, pilot)
        for text in ("价格", "交期", "服务"):
            await pilot.press("i")
            await pilot.pause()
            await answer(pilot, text)
        assert fixed_store.get(Opportunity, "o-1").negotiation.their_interests == [
            "价格",
            "交期",
            "服务",
        ]
        await pilot.press("b")
        await pilot.pause()
        question = str(app.screen.query_one("#prompt-question", Static).render())
        assert "1. 价格  2. 交期  3. 服务" in question
        await answer(pilot, "3 1")
        plan = fixed_store.get(Opportunity, "o-1").negotiation
        assert plan.their_interests == ["服务", "价格", "交期"]
        assert "1. 服务" in shown(screen, "#cw-plan")
        await pilot.press("b")
        await pilot.pause()
        await answer(pilot, "5")  # no such position: refused, the ranking kept
        assert fixed_store.get(Opportunity, "o-1").negotiation.their_interests[0] == "服务"
        await pilot.press("B")  # our side has nothing to rank yet: said, nothing asked
        await pilot.pause()
        assert isinstance(app.screen, CommitmentScreen)
