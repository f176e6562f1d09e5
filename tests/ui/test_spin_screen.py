"""A whole S → P → I → N session on the SPIN screen, answers saved and fed to the needs ladder."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList, Static

from dragon_tui.models import NeedItem, Opportunity, SpinAnswer
from dragon_tui.models.enums import AnswerStatus, NeedLevel, SpinCategory
from screens.app import DragonApp
from screens.spin import SpinScreen

TODAY = date(2026, 11, 25)


async def open_spin(app, pilot):
    app.open_screen("spin", "acc-1", "o-1")
    await pilot.pause()
    assert isinstance(app.screen, SpinScreen)


async def test_full_spin_session(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_spin(app, pilot)
        await pilot.press("enter", *"二百人", "enter")  # Situation: answer the first suggestion
        await pilot.press("right")
        await pilot.press("enter", *"slow", "enter")  # Problem
        await pilot.pause()
        await pilot.press("right")  # Implication: the first suggestion develops the problem
        await pilot.pause()
        screen = app.screen
        first = screen.suggested[0]
        assert first.follows_answer_id is not None
        await pilot.press("enter", *"cost", "enter")
        await pilot.press("right", "s")  # Need-payoff: skip one
        await pilot.press("enter", *"faster", "enter")
        await pilot.pause()
        answers = fixed_store.all(SpinAnswer)
        assert {a.category for a in answers} == set(SpinCategory)
        assert [a.status for a in answers].count(AnswerStatus.SKIPPED) == 1
        implication = next(a for a in answers if a.category == SpinCategory.IMPLICATION)
        problem = next(a for a in answers if a.category == SpinCategory.PROBLEM)
        assert implication.follows_answer_id == problem.id
        levels = {i.level: i for i in fixed_store.all(NeedItem)}
        assert levels[NeedLevel.PROBLEM].spin_answer_ids == [problem.id]
        assert levels[NeedLevel.GOAL].text == "faster"
        assert "faster" in str(screen.query_one("#ladder", Static).render())


async def test_phase_and_written_confirmation(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_spin(app, pilot)
        await pilot.press("f", "f", "w")
        await pilot.pause()
        opp = fixed_store.get(Opportunity, "o-1")
        assert opp.purchase_phase == "internal_deliberation" and opp.needs_confirmed_in_writing
        assert "决策者" in str(app.screen.query_one("#spin-phase", Static).render())


async def test_letters_type_into_the_answer(fixed_store):
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_spin(app, pilot)
        await pilot.press("enter", *"sniff", "enter")
        await pilot.pause()
        assert [a.answer for a in fixed_store.all(SpinAnswer)] == ["sniff"]
        assert app.screen.query_one("#questions", OptionList).has_focus


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_spin_snapshot(snap_compare, fixed_store, lang):
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))

    async def run_before(pilot):
        pilot.app.open_screen("spin", "acc-1", "o-1")
        await pilot.pause()

    assert snap_compare(
        DragonApp(fixed_store, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )


async def test_bank_editing_from_the_prompt_screen(fixed_store):
    from dragon_tui.models import SpinQuestion

    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_spin(app, pilot)
        await pilot.press("right", "a")
        await pilot.pause()
        await pilot.press(*"设备多久大修一次", "enter")
        await pilot.pause()
        added = [q for q in fixed_store.all(SpinQuestion) if q.text_zh == "设备多久大修一次"]
        assert len(added) == 1 and added[0].category == SpinCategory.PROBLEM
        first = app.screen.suggested[0]
        await pilot.press("i")
        await pilot.pause()
        assert "制造" in fixed_store.get(SpinQuestion, first.question_id).industries
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "改过的问题"
        await pilot.press("enter")
        await pilot.pause()
        assert fixed_store.get(SpinQuestion, first.question_id).text_zh == "改过的问题"
        await pilot.press("x")
        await pilot.pause()
        assert fixed_store.get(SpinQuestion, first.question_id).retired
        assert first.question_id not in {s.question_id for s in app.screen.suggested}


async def test_typing_on_the_question_list_starts_the_answer(fixed_store):
    # a rep types the customer's words straight away: no `enter` first (and no command runs)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_spin(app, pilot)
        assert app.screen.query_one("#questions", OptionList).has_focus
        await pilot.press(*"预算已批", "enter")
        await pilot.pause()
        assert [a.answer for a in fixed_store.all(SpinAnswer)] == ["预算已批"]
        assert app.screen.query_one("#questions", OptionList).has_focus


async def test_a_square_bracket_starts_the_answer_on_a_screen_without_tabs(fixed_store):
    # `[` and `]` switch tabs only where there are tabs; on SPIN they are text like others
    app = DragonApp(fixed_store, today=date(2026, 11, 25))
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("spin", "acc-1", "o-1")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#questions", OptionList).focus()
        await pilot.press("left_square_bracket", *"注", "right_square_bracket")
        await pilot.pause()
        assert screen.query_one("#answer", Input).value == "[注]"
