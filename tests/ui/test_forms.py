"""Forms never lose edits and never crash: model refusals inline, unsaved edits asked about."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static, TextArea

from dragon_tui.models import Account, Product, Proposal
from dragon_tui.models.base import NAME_MAX
from dragon_tui.models.enums import ProposalSection
from screens.app import DragonApp
from screens.home import HomeScreen
from screens.proposal import ProposalScreen
from screens.widgets.entry_form import EntryFormScreen
from screens.widgets.footer import Footer
from screens.widgets.prompt import PromptScreen
from screens.widgets.tabbook import TabBook
from screens.widgets.unsaved import UnsavedScreen

TODAY = date(2026, 11, 25)
FIRST_SECTION = list(ProposalSection)[0]
LONG_NAME = "长" * 352


async def test_an_account_name_the_model_refuses_is_an_inline_error(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = LONG_NAME
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt  # still open, the text still there
        assert prompt.query_one(Input).value == LONG_NAME
        error = str(prompt.query_one("#prompt-error", Static).render())
        assert "客户名称" in error and f"最多 {NAME_MAX} 个字符" in error
        assert len(fixed_store.all(Account)) == 4
        prompt.query_one(Input).value = "新客户"
        await pilot.press("enter")
        await pilot.pause()
        assert "新客户" in {a.name for a in fixed_store.all(Account)}


async def open_proposal(app, pilot) -> ProposalScreen:
    app.open_screen("proposal", "acc-1", "o-1")
    await pilot.pause()
    assert isinstance(app.screen, ProposalScreen)
    return app.screen


async def type_in_first_section(screen, pilot, text: str) -> None:
    await pilot.press("enter")
    area = screen.query_one("#section-text", TextArea)
    area.load_text(text)
    await pilot.pause()
    await pilot.press("escape")  # back to the section list, the edit kept in the draft
    await pilot.pause()


async def test_leaving_the_proposal_with_edits_asks_save_discard_stay(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_proposal(app, pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        assert not isinstance(app.screen, ProposalScreen | UnsavedScreen)

        screen = await open_proposal(app, pilot)
        await type_in_first_section(screen, pilot, "背景：产能不足")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")  # stay: the edit is still there
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#section-text", TextArea).text == "背景：产能不足"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")  # save and leave
        await pilot.pause()
        assert not isinstance(app.screen, ProposalScreen | UnsavedScreen)
        (saved,) = fixed_store.all(Proposal)
        assert saved.sections[FIRST_SECTION] == "背景：产能不足"

        screen = await open_proposal(app, pilot)
        await type_in_first_section(screen, pilot, "改掉了")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # discard and leave
        await pilot.pause()
        assert not isinstance(app.screen, ProposalScreen | UnsavedScreen)
        (saved,) = fixed_store.all(Proposal)
        assert saved.sections[FIRST_SECTION] == "背景：产能不足"


async def test_a_product_the_model_refuses_stays_in_the_form(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_proposal(app, pilot)
        screen.query_one(TabBook).active = "tab-fab"
        await pilot.pause()
        await pilot.press("a")  # no products yet: says where to add one, opens nothing
        await pilot.pause()
        assert app.screen is screen
        screen.query_one(TabBook).active = "tab-library"
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        hostile = "[bold]x[/] \x1b[31m" + "长" * 400
        form.query_one("#field-name", Input).value = hostile
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-name", Input).value == hostile
        assert str(NAME_MAX) in str(form.query_one("#entry-error", Static).render())
        form.query_one("#field-name", Input).value = "[bold]x[/] \x1b[31m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        (product,) = fixed_store.all(Product)
        assert product.name == "[bold]x[/] \x1b[31m"


async def test_proposal_footer_in_chinese_has_no_english(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_proposal(app, pilot)
        await pilot.pause()
        descriptions = [k.description for k in screen.query_one(Footer).entries()]
        assert descriptions and all(
            not any(c.isascii() and c.isalpha() for c in d) for d in descriptions if d != "EN"
        )
        assert isinstance(app.screen_stack[1], HomeScreen)


async def test_pasted_control_characters_are_shown_not_interpreted(fixed_store):
    """A paste with an escape sequence, a backspace and a carriage return keeps every
    character in order, the control ones as visible symbols (␛ ␈ ␍)."""
    from textual import events

    app = DragonApp(fixed_store, today=date(2026, 11, 25))
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.screen.query_one(Input)
        box.focus()
        await pilot.pause()
        app.post_message(events.Paste("北\x1b[31m京\x08x\ry"))
        await pilot.pause()
        assert box.value == "北␛[31m京␈x␍y"
        screen = await open_proposal(app, pilot)
        await pilot.press("enter")  # into the first section's text
        await pilot.pause()
        area = screen.query_one("#section-text", TextArea)
        assert app.focused is area
        app.post_message(events.Paste("第一行\n\x1b]0;title\x07第二行"))
        await pilot.pause()
        assert area.text.startswith("第一行\n␛]0;title␇第二行")  # pasted before the draft


@pytest.mark.parametrize(
    ("values", "field", "zh"),
    [
        ({"amount": "1e30"}, "金额", "最多 18 位"),
        ({"amount": "-5"}, "金额", "不能小于 0"),
        ({"amount": "Me"}, "金额", "不是数字"),
        ({"owner": "x" * 400}, "负责人", "最多 300 个字符"),
    ],
)
def test_a_refused_value_is_explained_in_the_users_language(values, field, zh):
    """What the model refuses reads as the rep's language, not pydantic's English."""
    from pydantic import ValidationError

    from dragon_tui.models import Opportunity
    from screens.widgets.invalid import explain

    with pytest.raises(ValidationError) as refused:
        Opportunity(account_id="acc-1", name="单", **values)
    said = explain(refused.value, "zh", {"amount": "金额", "owner": "负责人"})
    assert said.startswith(f"{field}: ") and zh in said
    assert not any(word in said for word in ("Input", "should", "Decimal", "String"))


async def test_the_record_form_explains_a_refused_amount_in_chinese(fixed_store):
    from dragon_tui.models import Opportunity
    from screens.widgets.record_form import RecordFormScreen

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("dossier", "acc-1")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        form.query_one("#field-name", Input).value = "新单"
        form.query_one("#field-amount", Input).value = "1e30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = str(form.query_one("#form-error", Static).render())
        assert "最多 18 位" in said and "should" not in said
        amount = form.query_one("#field-amount", Input)
        # marked, and the refused value still readable (a border took its only line)
        assert amount.has_class("-invalid") and amount.content_region.height >= 1
        assert app.screen is form and "新单" not in {o.name for o in fixed_store.all(Opportunity)}
