"""Dossier: search, open, edit a field and find it saved; invalid input keeps what was typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import DataTable, Input, Select, Static

from dragon_tui.models import Account, Opportunity
from dragon_tui.models import enums as e
from screens.app import DragonApp
from screens.dossier import DossierScreen

TODAY = date(2026, 11, 25)


async def test_search_open_edit_save(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"bjxd", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen) and app.screen.account_id == "acc-1"
        await app.screen.show_tab("tab-status")
        industry = app.screen.query_one("#field-industry", Input)
        industry.value = "汽车制造"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert fixed_store.get(Account, "acc-1").industry == "汽车制造"


async def test_invalid_value_names_the_field_and_keeps_the_text(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        await app.screen.show_tab("tab-status")
        staff = app.screen.query_one("#field-staff_count", Input)
        staff.value = "很多"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "员工数" in error
        assert staff.value == "很多" and staff.has_class("-invalid")
        assert fixed_store.get(Account, "acc-1").staff_count is None


async def test_acard_scores_saved_on_the_opportunity_and_recommendation_shown(fixed_store):
    # Issue 19: the A-card scores each opportunity; the dossier's tab edits that card, not the
    # account's.
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        await app.screen.show_tab("tab-acard")
        assert app.screen.query_one("#acard-opportunity", Select).value == "o-1"
        for criterion in ("volume", "timing", "fit", "return", "win_probability"):
            app.screen.query_one(f"#acard-score-{criterion}", Select).value = 4
        app.screen.query_one("#acard-timing", Select).value = "this_quarter"
        await pilot.pause()
        assert "20/25" in str(app.screen.query_one("#acard-result", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        card = fixed_store.get(Opportunity, "o-1").acard
        assert {s.score for s in card.scores.values()} == {4}
        assert card.timing_bucket == "this_quarter" and card.assessed_on == TODAY
        assert fixed_store.get(Account, "acc-1").acard.scores == {}  # the account's card untouched
        # the summary's A-card is the best open opportunity's
        assert "A卡 20/25" in str(app.screen.query_one("#dossier-summary", Static).render())


def _second_opportunity(store) -> None:
    store.save(Opportunity(id="o-2", account_id="acc-1", name="云迁移项目", stage=1))


async def test_acard_tab_shows_the_opportunity_under_the_cursor_and_keeps_each_cards_edits(
    fixed_store,
):
    _second_opportunity(fixed_store)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#opp-table", DataTable)
        table.move_cursor(row=table.get_row_index("o-2"))  # the second deal is the one selected
        await pilot.pause()
        await screen.show_tab("tab-acard")
        await pilot.pause()
        picker = screen.query_one("#acard-opportunity", Select)
        assert picker.value == "o-2" and screen.acard_opportunity_id == "o-2"
        screen.query_one("#acard-score-volume", Select).value = 5
        await pilot.pause()
        picker.value = "o-1"  # the rep picks the other deal: o-2's edit is kept apart
        await pilot.pause()
        assert screen.query_one("#acard-score-volume", Select).value == Select.NULL
        screen.query_one("#acard-score-volume", Select).value = 2
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        volume = e.ACardCriterion.VOLUME
        assert fixed_store.get(Opportunity, "o-2").acard.scores[volume].score == 5
        assert fixed_store.get(Opportunity, "o-1").acard.scores[volume].score == 2
        assert fixed_store.get(Account, "acc-1").acard.scores == {}


async def test_acard_tab_follows_a_new_choice_in_the_opportunities_table(fixed_store):
    _second_opportunity(fixed_store)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        screen = app.screen
        await screen.show_tab("tab-acard")
        await pilot.pause()
        assert screen.acard_opportunity_id == "o-1"  # the first row: the deal furthest on
        await screen.show_tab("tab-status")  # going elsewhere and back keeps the card shown
        await screen.show_tab("tab-acard")
        await pilot.pause()
        assert screen.acard_opportunity_id == "o-1"
        await screen.show_tab("tab-360")
        table = screen.query_one("#opp-table", DataTable)
        table.move_cursor(row=table.get_row_index("o-2"))
        await pilot.pause()
        await screen.show_tab("tab-acard")
        await pilot.pause()
        assert screen.acard_opportunity_id == "o-2"
        assert screen.query_one("#acard-opportunity", Select).value == "o-2"


async def test_acard_tab_without_an_opportunity_says_how_to_add_one(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-2")
        await pilot.pause()
        await app.screen.show_tab("tab-acard")
        await pilot.pause()
        hint = app.screen.query_one("#acard-none", Static)
        assert hint.display and "ctrl+o" in str(hint.render())
        assert not app.screen.query_one("#acard-editor").display
        before = fixed_store.get(Account, "acc-2").revision
        await pilot.press("ctrl+s")  # nothing changed: nothing written, no A-card anywhere
        await pilot.pause()
        assert fixed_store.find(Opportunity, account_id="acc-2") == []
        assert fixed_store.get(Account, "acc-2").revision == before


@pytest.mark.parametrize(
    ("target", "share", "all_in"), [(None, "70%", False), (900000, "100%", True)]
)
async def test_acard_tab_shows_the_effort_rules(fixed_store, target, share, all_in):
    # METHOD §2.1: "70% of time on deals closing this quarter, 20% this year, 10% next year";
    # issue 19: "a quarter's target that can't be made → all effort this quarter"
    if target is not None:
        settings = fixed_store.settings().with_changes(sales_target=Decimal(target))
        fixed_store.save_settings(settings)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        await app.screen.show_tab("tab-acard")
        app.screen.query_one("#acard-timing", Select).value = "this_quarter"
        await pilot.pause()
        shown = str(app.screen.query_one("#acard-result", Static).render())
        assert f"投入精力 {share}" in shown
        assert "本季度成交的机会70%，今年20%，明年10%" in shown  # the rule is always stated
        assert ("本季度目标完不成：全部精力放在本季度" in shown) is all_in  # and when it applies


async def test_360_view_lists_the_opportunity(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        opps = app.screen.query_one("#opp-table", DataTable)
        assert opps.row_count == 1 and str(opps.get_row_at(0)[0]) == "ERP升级项目"


async def test_the_dossier_opens_with_the_opportunities_table_focused(fixed_store):
    # not the scroll box around it (arrows would scroll instead of choosing a deal)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#opp-table", DataTable)
        await pilot.press("s")  # a key of the table's deal: the SPIN screen of o-1
        await pilot.pause()
        assert app.screen.shown_ids() == ("acc-1", "o-1")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tab", ["tab-status", "tab-completeness", "tab-acard"])
def test_dossier_snapshot(snap_compare, fixed_store, tab, lang):
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))

    async def run_before(pilot):
        pilot.app.open_screen("dossier", "acc-1")
        await pilot.pause()
        pilot.app.screen.query_one("#dossier-tabs").active = tab
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(
        DragonApp(fixed_store, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )


async def new_contact_form(app, pilot, account_id: str):
    """The dossier of `account_id`, then `k`: its new-contact form."""
    app.open_screen("dossier", account_id)
    await pilot.pause()
    await pilot.press("k")
    await pilot.pause()
    return app.screen


async def test_add_contact_and_opportunity_from_the_dossier(fixed_store):
    from dragon_tui.models import Contact, Opportunity

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_contact_form(app, pilot, "acc-2")
        form.query_one("#field-name", Input).value = "[b]新人[/b]"
        form.query_one("#field-age", Input).value = "300"  # absurd: refused, the form stays
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "年龄" in str(form.query_one("#form-error", Static).render())
        form.query_one("#field-age", Input).value = "35"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (person,) = fixed_store.find(Contact, account_id="acc-2")
        assert person.name == "[b]新人[/b]" and person.age == 35
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "新项目"
        app.screen.query_one("#field-amount", Input).value = "250000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (deal,) = fixed_store.find(Opportunity, account_id="acc-2")
        assert deal.amount == 250000
        assert app.screen.query_one("#opp-table", DataTable).row_count == 1


async def test_empty_tables_say_how_to_add_a_row(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("dossier", "acc-3")  # no contacts, deals, rivals, activities
        await pilot.pause()
        screen = app.screen
        for pane in ("tab-organisation", "tab-competitors", "tab-360"):
            await screen.show_tab(pane)  # tabs are built when first shown
        await pilot.pause()
        hints = {
            wid: str(screen.query_one(f"#{wid}-empty", Static).render())
            for wid in ("org-table", "competitor-table", "opp-table", "activity-table")
        }
        assert "k" in hints["org-table"] and "ctrl+r" in hints["competitor-table"]
        assert "ctrl+o" in hints["opp-table"] and "ctrl+n" in hints["activity-table"]
        await pilot.press("k")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "新人"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.query_one("#org-table-empty", Static).display
        assert screen.query_one("#opp-table-empty", Static).display


async def test_a_record_form_with_edits_asks_before_closing(fixed_store):
    from dragon_tui.models import Contact
    from screens.widgets.unsaved import UnsavedScreen

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_contact_form(app, pilot, "acc-2")
        form.query_one("#field-name", Input).value = "\x1b[31m红 [/] " + "名" * 400
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("s")  # save: the model refuses the 400-character name, inline
        await pilot.pause()
        assert app.screen is form
        assert "姓名" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not fixed_store.find(Contact, account_id="acc-2")
        assert app.screen.__class__.__name__ == "DossierScreen"
