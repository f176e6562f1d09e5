"""Dossier: search, open, edit a field and find it saved; invalid input keeps what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select, Static

from dragon_tui.models import Account
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


async def test_acard_scores_saved_and_recommendation_shown(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        await app.screen.show_tab("tab-acard")
        for criterion in ("volume", "timing", "fit", "return", "win_probability"):
            app.screen.query_one(f"#acard-score-{criterion}", Select).value = 4
        app.screen.query_one("#acard-timing", Select).value = "this_quarter"
        await pilot.pause()
        assert "20/25" in str(app.screen.query_one("#acard-result", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        card = fixed_store.get(Account, "acc-1").acard
        assert {s.score for s in card.scores.values()} == {
            4
        } and card.timing_bucket == "this_quarter"


async def test_360_view_lists_the_opportunity(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        opps = app.screen.query_one("#opp-table", DataTable)
        assert opps.row_count == 1 and str(opps.get_row_at(0)[0]) == "ERP升级项目"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tab", ["tab-status", "tab-completeness"])
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


async def test_add_contact_and_opportunity_from_the_dossier(fixed_store):
    from dragon_tui.models import Contact, Opportunity

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-2")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
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
        app.open_screen("dossier", "acc-2")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
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
