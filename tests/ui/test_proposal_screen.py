"""Building a proposal on the screen: sections, FAB, quote line, save, new version, export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import Input, Static, TextArea

from dragon_tui.models import Contact, NeedItem, Product, Proposal
from dragon_tui.models.enums import NeedLevel, ProposalSection, PurchaseRole
from screens.app import DragonApp
from screens.proposal import ProposalScreen
from screens.widgets.entry_form import EntryFormScreen
from screens.widgets.tabbook import TabBook
from screens.widgets.unsaved import UnsavedScreen

TODAY = date(2026, 11, 25)


@pytest.fixture
def deal_store(fixed_store):
    fixed_store.save_many(
        [
            Contact(
                id="boss", account_id="acc-1", name="王总", roles=[PurchaseRole.DECISION_MAKER]
            ),
            Product(id="prod-1", name="数据中台", feature="统一数据接入", advantage="上线快一倍"),
            NeedItem(id="need-1", opportunity_id="o-1", level=NeedLevel.GOAL, text="产能翻番"),
        ]
    )
    return fixed_store


async def open_builder(app, pilot):
    app.open_screen("proposal", "acc-1", "o-1")
    await pilot.pause()
    assert isinstance(app.screen, ProposalScreen)
    return app.screen


async def fill_form(app, pilot, **values: str) -> EntryFormScreen:
    """Press `a`, set the form's pick-lists and fields, then ctrl+s."""
    await pilot.press("a")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, EntryFormScreen)
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        widget.value = value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form


async def test_build_a_proposal(deal_store, tmp_path):
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(app, pilot)
        await pilot.press("down", "down", "enter")  # problems & challenges
        area = screen.query_one("#section-text", TextArea)
        area.load_text("")
        await pilot.press(*"1. slow", "enter", *"2. silos", "enter")
        await pilot.pause()
        assert "2" in str(screen.query_one("#section-guidance", Static).render())
        await pilot.press(*"3. cost", "escape", "ctrl+s")
        await pilot.pause()
        (saved,) = deal_store.all(Proposal)
        assert saved.sections[ProposalSection.PROBLEMS_AND_CHALLENGES].splitlines()[-1] == "3. cost"
        assert "✓" in str(screen.query_one("#section-list").get_option_at_index(2).prompt)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        await fill_form(
            app, pilot, product="prod-1", benefit="停线损失减半", person="boss", need="need-1"
        )
        (fab,) = deal_store.all(Proposal)[0].fab_statements
        assert (fab.product_id, fab.contact_id, fab.need_id) == ("prod-1", "boss", "need-1")
        assert "王总" not in str(screen.query_one("#fab-warnings", Static).render())
        screen.query_one(TabBook).active = "tab-quote"
        await pilot.pause()
        await fill_form(
            app, pilot, library="prod-1", quantity="2", unit_price="1000", discount="10"
        )
        quote = deal_store.all(Proposal)[0].quote
        assert quote.lines[0].unit_price == Decimal("1000")
        assert "1,800.00" in str(screen.query_one("#quote-totals", Static).render())
        # a bad number: named inline on the form, nothing saved, nothing typed lost
        form = await fill_form(app, pilot, product="bad", quantity="x", unit_price="1")
        assert isinstance(app.screen, EntryFormScreen)
        assert "数量" in str(form.query_one("#entry-error", Static).render())
        assert form.query_one("#field-quantity").has_class("-invalid")
        assert form.query_one("#field-product", Input).value == "bad"
        await pilot.press("escape")  # edits: asks save / discard / stay
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        assert len(deal_store.all(Proposal)[0].quote.lines) == 1
        await pilot.press("N")
        await pilot.pause()
        versions = sorted(deal_store.all(Proposal), key=lambda p: p.version)
        assert [p.version for p in versions] == [1, 2]
        assert versions[1].fab_statements == versions[0].fab_statements
        await pilot.press("v")  # back to v1: read-only
        await pilot.pause()
        assert screen.is_old_version and screen.query_one("#section-text", TextArea).read_only
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        # named by account and opportunity, not by id
        assert "数据中台" in (tmp_path / "北京现代汽车有限公司-ERP升级项目-v1.txt").read_text()
        from docx import Document

        document = Document(str(tmp_path / "北京现代汽车有限公司-ERP升级项目-v1.docx"))
        assert document.tables[0].rows[1].cells[0].text == "数据中台"


def test_proposal_snapshot(snap_compare, deal_store):
    async def run_before(pilot):
        pilot.app.open_screen("proposal", "acc-1", "o-1")
        await pilot.pause()

    assert snap_compare(
        DragonApp(deal_store, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )


async def test_fab_table_shows_every_column_at_80_columns(deal_store):
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        await fill_form(
            app, pilot, product="prod-1", benefit="停线损失减半，交付提前两个月", person="boss"
        )
        table = screen.query_one("#fab-table")
        assert table.row_count == 1 and len(table.columns) == 5
        # all five columns inside the visible width: nothing off to the right
        assert table.virtual_size.width <= table.content_region.width
        warnings = screen.query_one("#fab-warnings")
        assert warnings.region.y >= table.region.bottom  # the warnings sit under the table


async def press_add(app, pilot) -> EntryFormScreen:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, EntryFormScreen)
    return app.screen


async def test_forms_start_on_what_is_left_to_fill_and_enter_saves(deal_store):
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        # one product in the library: it is picked, the benefit has the focus
        form = await press_add(app, pilot)
        assert form.query_one("#field-product").value == "prod-1"
        assert form.query_one("#field-benefit", Input).has_focus
        await pilot.press(*"停线损失减半", "enter")
        await pilot.pause()
        assert app.screen is screen
        (fab,) = deal_store.all(Proposal)[0].fab_statements
        assert (fab.product_id, fab.benefit) == ("prod-1", "停线损失减半")
        # the quote line offers the product the FAB presents; enter without a price refuses
        screen.query_one(TabBook).active = "tab-quote"
        await pilot.pause()
        form = await press_add(app, pilot)
        assert form.query_one("#field-library").value == "prod-1"
        assert form.query_one("#field-product", Input).has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form and form.query_one("#field-unit_price").has_class("-invalid")
        assert deal_store.all(Proposal)[0].quote.lines == []


async def test_the_quote_line_defaults_to_the_product_the_fab_presents(deal_store):
    deal_store.save(
        Product(id="prod-0", name="AAA 网关", feature="边缘采集", unit_price=Decimal("5000"))
    )
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        form = await press_add(app, pilot)
        # two products: none is guessed, the pick-list has the focus
        assert (
            form.query_one("#field-product").is_blank()
            and form.query_one("#field-product").has_focus
        )
        await pilot.press("escape")
        await pilot.pause()
        await fill_form(app, pilot, product="prod-1", benefit="停线损失减半")
        screen.query_one(TabBook).active = "tab-quote"
        await pilot.pause()
        form = await press_add(app, pilot)
        assert form.query_one("#field-library").value == "prod-1"  # not the first, AAA 网关


async def test_pick_lists_show_names_with_markup_literally(deal_store):
    """A contact named `张三[/]` in the FAB form's people list: opened, the list shows the name
    as typed (it used to end the app with a MarkupError)."""
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    deal_store.save(Contact(id="odd", account_id="acc-1", name="张三[/]"))
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        people = form.query_one("#field-person", Select)
        people.focus()
        await pilot.press("enter")  # open the list: every option is drawn
        await pilot.pause()
        overlay = people.query_one(SelectOverlay)
        shown = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert "张三[/]" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None and app.screen is form


async def test_a_refused_form_puts_the_field_to_fix_in_view(deal_store):
    """At 80x24 the FAB form's message line can sit under the screen's edge: a refusal
    focuses the field to fix and scrolls the message into view."""
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        from textual.widgets import Select

        form = await fill_form(app, pilot, product=Select.NULL, benefit="更快")
        assert app.screen is form
        assert app.focused is form.query_one("#field-product")
        error = form.query_one("#entry-error", Static)
        assert "产品" in str(error.render())
        await pilot.pause()
        assert error.region.bottom <= form.size.height  # on the screen, not below it


async def test_square_brackets_go_from_tab_to_tab_but_not_from_a_text_field(deal_store):
    """`]` and `[` move to the next and previous tab (round the ends) from the section list;
    typed in a text, they are text."""
    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(app, pilot)
        tabs = screen.query_one(TabBook)
        assert tabs.active == "tab-sections"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tabs.active == "tab-fab"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert tabs.active == "tab-library"  # round the start, to the last tab
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tabs.active == "tab-sections"
        area = screen.query_one("#section-text", TextArea)
        area.load_text("")
        area.focus()  # a section's text
        await pilot.pause()
        await pilot.press("right_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert tabs.active == "tab-sections" and area.text == "]["


async def test_a_tab_is_made_and_filled_when_first_shown(deal_store):
    """The builder opens on its sections; the other tabs (a table each) are made when first
    shown, filled at once, and refreshed with the rest once made."""
    from dragon_tui.models import Product

    app = DragonApp(deal_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        assert not screen.query("#fab-table") and not screen.query("#library-table")
        screen.query_one(TabBook).active = "tab-library"
        library = screen.query_one("#library-table")
        products = deal_store.all(Product)
        assert products and library.row_count == len(products)
        deal_store.save(Product(name="新产品", feature="快"))
        screen.refresh_data()
        assert library.row_count == len(products) + 1
        assert not screen.query("#quote-table")  # never shown: never made
