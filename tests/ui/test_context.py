"""Screens show the ids they were given: an account without a deal never opens another's."""

from __future__ import annotations

from textual.widgets import Input

from dragon_tui.models import Opportunity, SpinAnswer
from screens.app import DragonApp
from screens.checklist import ChecklistScreen
from screens.dossier import DossierScreen
from screens.proposal import ProposalScreen
from screens.spin import SpinScreen
from screens.widgets.confirm import ConfirmScreen
from tests.ui.conftest import TODAY


async def wait_for(pilot, condition, what: str) -> None:
    """Let the app run until `condition()` holds (a condition, not a clock)."""
    for _ in range(2000):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def test_account_without_opportunity_never_opens_another_accounts_deal(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        # The rep looks at acc-1 (which has deal o-1) first, then at acc-2, which has none.
        app.open_screen("dossier", "acc-1")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen), "dossier acc-1")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SpinScreen), "spin of o-1")
        assert app.screen.opportunity.id == "o-1"
        await pilot.press("escape", "escape")
        app.open_screen("dossier", "acc-2")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, DossierScreen) and app.screen.account_id == "acc-2",
            "dossier acc-2",
        )
        for key in ("s", "p"):
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), f"offer ({key})")
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen), "back")
            assert fixed_store.find(Opportunity, account_id="acc-2") == []
        # The checklist opens for acc-2 itself, with no opportunity (never o-1).
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen), "checklist")
        assert app.screen.account.id == "acc-2" and app.screen.opportunity is None
        assert app.screen.shown_ids() == ("acc-2", None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen), "back")

        # Accepting the offer creates acc-2's first deal and opens SPIN on it.
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "offer")
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(app.screen.query(Input)), "the opportunity form")
        app.screen.query(Input).first().value = "新项目"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SpinScreen), "spin of the new deal")
        (created,) = fixed_store.find(Opportunity, account_id="acc-2")
        assert created.name == "新项目"
        assert app.screen.opportunity.id == created.id
        await pilot.press("enter", *"每月停机三次", "enter")
        await wait_for(pilot, lambda: fixed_store.all(SpinAnswer), "the answer saved")
        (answer,) = fixed_store.all(SpinAnswer)
        assert answer.opportunity_id == created.id
        assert answer.answer == "每月停机三次"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen), "back")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProposalScreen), "proposal")
        assert app.screen.opportunity.account_id == "acc-2"


async def test_palette_opens_deal_screens_only_for_the_deal_in_view(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # From the list, an account is in view but no deal: SPIN has nothing to open.
        assert app.screen.shown_ids()[1] is None
        app.open_for_view("spin")
        await pilot.pause()
        assert not isinstance(app.screen, SpinScreen)
        app.open_screen("dossier", "acc-2")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen), "dossier acc-2")
        app.open_for_view("proposal")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
