"""The whole visit flow through keys only, at 80×24 in Chinese, in at most 35 command keys.

Search by pinyin → dossier → org chart → checklist → one SPIN answer → a FAB statement and a
quote line → export the proposal → move the deal in the funnel → log the visit → export a sync
bundle. Every key that is not text typed into a field is counted; each step checks that the
screen shows the right account and deal, that the data landed, and that nothing on screen is cut
off (the footer fits 80 columns, tab labels and footer labels are whole)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Input
from textual.widgets._tabbed_content import ContentTab

from dragon_tui.models import (
    Activity,
    Checklist,
    Contact,
    NeedItem,
    Opportunity,
    Product,
    Proposal,
    SpinAnswer,
)
from dragon_tui.models.enums import Function, Level, NeedLevel, PurchaseRole
from dragon_tui.sync.files import read_bundle
from dragon_tui.text import safe_file_stem
from screens.activity import ActivityEntryScreen
from screens.app import DragonApp
from screens.checklist import ChecklistScreen
from screens.dossier import DossierScreen
from screens.funnel import FunnelScreen
from screens.home import HomeScreen
from screens.orgchart import OrgChartScreen
from screens.proposal import ProposalScreen
from screens.spin import SpinScreen
from screens.sync_review import SyncScreen
from screens.widgets.footer import Footer

TODAY = date(2026, 11, 25)
WIDTH, HEIGHT = 80, 24
BUDGET = 35  # command keys for the whole flow (issue 17)


@pytest.fixture
def visit_store(fixed_store):
    """北京现代 (acc-1) with its deal ERP升级项目 (o-1, stage 3), two people, a need and one
    product with a price; the other fixed accounts stay around so the search has to narrow."""
    fixed_store.save_many(
        [
            Contact(
                id="z-1",
                account_id="acc-1",
                name="曾强",
                level=Level.DECISION,
                function=Function.USER_DEPARTMENT,
                roles=[PurchaseRole.DECISION_MAKER],
                attitude=2,
            ),
            Contact(
                id="z-2",
                account_id="acc-1",
                name="曾娜",
                level=Level.DECISION,
                function=Function.TECHNICAL,
                roles=[PurchaseRole.EVALUATOR],
            ),
            NeedItem(id="n-1", opportunity_id="o-1", level=NeedLevel.GOAL, text="产能翻番"),
            Product(
                id="p-1",
                name="数据中台",
                feature="统一数据接入",
                advantage="上线快一倍",
                unit_price=Decimal("120000"),
            ),
        ]
    )
    fixed_store.save_settings(fixed_store.settings().with_changes(language="zh"))
    return fixed_store


class Keys:
    """Presses keys and counts the command keys (text typed into a field is not counted)."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.steps: dict[str, int] = {}
        self.step = ""

    def begin(self, step: str) -> None:
        self.step = step
        self.steps[step] = 0

    async def command(self, *keys: str) -> None:
        for key in keys:
            self.steps[self.step] += 1
            await self.pilot.press(key)
            await self.settled()

    async def text(self, text: str) -> None:
        await self.pilot.press(*text)
        await self.settled()

    async def settled(self) -> None:
        await self.pilot.pause()
        await self.pilot.app.workers.wait_for_complete()
        await self.pilot.pause()

    @property
    def total(self) -> int:
        return sum(self.steps.values())


async def wait_until(pilot, condition) -> None:
    """Let the app run until `condition()` holds (a count of turns, never a clock)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("condition never held")


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_nothing_cut_off(app, *whole: str) -> None:
    """The footer fits 80 columns with each key's label whole, tab labels are whole, and every
    text in `whole` (an account or deal name …) shows in one piece."""
    screen = app.screen
    keys = ()
    for footer in screen.query(Footer):  # a prompt has none
        assert footer.region.width == WIDTH
        keys = footer.entries()
    palette = [k for k in keys if k.palette]
    limit = palette[0].x if palette else WIDTH
    name = type(screen).__name__
    for key in keys:
        if key in palette:
            continue
        label = f"{key.key_display} {key.description}"
        assert key.width > 0 and key.right <= limit, f"{name}: {label} cut off"
        assert cell_len(label) < key.width, f"{name}: {label} does not fit its key"
        assert not any(c.isascii() and c.isalpha() for c in key.description) or (
            key.description in ("EN", "SPIN")
        ), f"{name}: English in a Chinese footer: {key.description}"
    for tab in screen.query(ContentTab):
        label = tab.label.plain
        assert tab.region.right <= WIDTH and cell_len(label) <= tab.region.width, (
            f"{name}: tab {label} cut off"
        )
    for table in screen.query(DataTable):
        if table.region.area and table.row_count:  # on screen (a hidden tab has no region)
            assert table.virtual_size.width <= table.content_region.width, (
                f"{name}: #{table.id} runs off the right edge"
            )
    for widget in screen.query("Label, ToggleButton"):
        if widget.region.area:
            shown = widget.render()
            plain = shown.plain if hasattr(shown, "plain") else str(shown)
            room = widget.content_region.width * widget.content_region.height
            assert cell_len(plain) <= room, f"{name}: label {plain!r} cut off"
    text = screen_text(app)
    for part in whole:
        assert part in text, f"{name}: {part!r} not shown whole"


async def test_the_visit_flow_in_at_most_35_command_keys(visit_store, tmp_path, monkeypatch):
    documents = tmp_path / "documents"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    exports = documents / "dragon-tui"
    account, deal = "北京现代汽车有限公司", "ERP升级项目"
    app = DragonApp(visit_store, today=TODAY)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        keys = Keys(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: home.query_one("#accounts", DataTable).row_count == 4)

        # 1. search by pinyin and open the dossier
        keys.begin("search → dossier")
        await keys.command("slash")
        await keys.text("bjxd")
        await wait_until(pilot, home.shows_query)
        assert [k.value for k in home.query_one("#accounts", DataTable).rows] == ["acc-1"]
        await keys.command("enter", "enter")
        dossier = app.screen
        assert isinstance(dossier, DossierScreen) and dossier.account_id == "acc-1"
        assert dossier.shown_ids() == ("acc-1", "o-1")
        assert_nothing_cut_off(app, account, deal)

        # 2. the org chart, and back
        keys.begin("org chart")
        await keys.command("o")
        assert isinstance(app.screen, OrgChartScreen) and app.screen.account.id == "acc-1"
        assert_nothing_cut_off(app, account, "曾强", "曾娜")
        await keys.command("escape")
        assert app.screen is dossier

        # 3. the pre-visit checklist, generated for this account and deal
        keys.begin("checklist")
        await keys.command("c")
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        assert checklist.shown_ids() == ("acc-1", "o-1")
        await keys.command("g")
        (saved_list,) = visit_store.find(Checklist, account_id="acc-1")
        assert saved_list.opportunity_id == "o-1" and saved_list.items
        assert_nothing_cut_off(app, account)
        await keys.command("escape")
        assert app.screen is dossier

        # 4. one SPIN answer, on this deal
        keys.begin("SPIN answer")
        await keys.command("s")
        spin = app.screen
        assert isinstance(spin, SpinScreen) and spin.opportunity.id == "o-1"
        assert_nothing_cut_off(app, deal, "需求-效益问题")  # the last of the four steps
        await keys.command("enter")  # the highlighted question: type its answer
        assert spin.query_one("#answer", Input).has_focus
        await keys.text("三条产线每月停机两次")
        await keys.command("enter")
        (answer,) = visit_store.find(SpinAnswer, opportunity_id="o-1")
        assert answer.answer == "三条产线每月停机两次"
        await keys.command("escape")
        assert app.screen is dossier

        # 5. a FAB statement and a quote line in the proposal
        keys.begin("FAB + quote line")
        await keys.command("p")
        proposal = app.screen
        assert isinstance(proposal, ProposalScreen) and proposal.opportunity.id == "o-1"
        assert_nothing_cut_off(app, deal)
        await keys.command("shift+tab", "right")  # to the tabs, then the FAB tab
        await keys.command("a")  # the only product is picked: the benefit has the focus
        assert_nothing_cut_off(app)
        await keys.text("产能翻番不加人")
        await keys.command("enter")
        assert app.screen is proposal
        (stored,) = visit_store.find(Proposal, opportunity_id="o-1")
        (fab,) = stored.fab_statements
        assert (fab.product_id, fab.feature, fab.benefit) == (
            "p-1",
            "统一数据接入",
            "产能翻番不加人",
        )
        await keys.command("right", "a")  # the quote tab; the FAB's product, at its price
        assert_nothing_cut_off(app)
        await keys.command("enter")
        assert app.screen is proposal
        (stored,) = visit_store.find(Proposal, opportunity_id="o-1")
        (line,) = stored.quote.lines
        assert (line.product, line.quantity, line.unit_price) == ("数据中台", 1, Decimal("120000"))

        # 6. export the proposal, named by account and deal
        keys.begin("export proposal")
        await keys.command("e")  # asks for the folder, the documents folder filled in
        assert_nothing_cut_off(app)
        await keys.command("enter")
        stem = safe_file_stem(account, deal, "v1")
        written = sorted(p.name for p in exports.iterdir())
        assert written == sorted(f"{stem}{suffix}" for suffix in (".docx", ".md", ".txt"))
        assert "产能翻番不加人" in (exports / f"{stem}.md").read_text(encoding="utf-8")
        await keys.command("escape")
        assert app.screen is dossier

        # 7. move the deal in the funnel: it opens on the deals, the cursor on this deal
        keys.begin("funnel: move the deal")
        await keys.command("ctrl+f")
        funnel = app.screen
        assert isinstance(funnel, FunnelScreen)
        deals = funnel.query_one("#deals", DataTable)
        await wait_until(pilot, lambda: deals.row_count > 0)
        assert deals.has_focus and funnel.shown_ids() == ("acc-1", "o-1")
        assert deals.get_row("o-1")[0].plain.replace("\n", "") == deal  # whole, wrapped
        assert_nothing_cut_off(app, "300,000")
        await keys.command("greater_than_sign")  # the exit marker is not met: a reason
        await keys.text("客户口头确认需求")
        await keys.command("enter")
        moved = visit_store.get(Opportunity, "o-1")
        assert moved.stage == 4 and moved.stage_history[-1].entered_on == TODAY
        await wait_until(pilot, lambda: funnel.shown_ids() == ("acc-1", "o-1"))
        await keys.command("escape")
        assert app.screen is dossier

        # 8. log the visit, for this account and deal
        keys.begin("log the visit")
        await keys.command("ctrl+n")
        entry = app.screen
        assert isinstance(entry, ActivityEntryScreen)
        assert (entry.account.id, entry.opportunity_id) == ("acc-1", "o-1")
        assert_nothing_cut_off(app, account)
        await keys.text("与曾强过方案 下周演示")
        await keys.command("ctrl+s")
        assert app.screen is dossier
        (visit,) = visit_store.find(Activity, account_id="acc-1")
        assert (visit.opportunity_id, visit.summary) == ("o-1", "与曾强过方案 下周演示")

        # 9. export a sync bundle (the palette opens the sync screen)
        keys.begin("sync bundle")
        await keys.command("ctrl+p")
        await keys.text("同步")
        await keys.command("enter")
        sync = app.screen
        assert isinstance(sync, SyncScreen)
        bundle = Path(sync.query_one("#export-path", Input).value)
        await keys.settled()
        assert_nothing_cut_off(app, bundle.name)  # a long folder scrolls, the name shows
        await keys.command("enter")  # enter in the path exports
        await wait_until(pilot, bundle.exists)
        assert bundle.parent == exports
        records = {r["record"]["id"]: r["record"] for r in read_bundle(bundle, None).records}
        assert records["o-1"]["stage"] == 4 and visit.id in records and answer.id in records

    print("\nvisit flow, command keys per step:")
    for step, count in keys.steps.items():
        print(f"  {step:<24} {count}")
    print(f"  {'total':<24} {keys.total}")
    assert keys.total <= BUDGET, keys.steps
