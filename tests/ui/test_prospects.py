"""The account list sorts prospects by the A-card (issue 19; METHOD §5 "Prospect priority list:
accounts ranked by A-card score and timing")."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Static

from dragon_tui.models import ACard, ACardScore, Opportunity
from dragon_tui.models.enums import ACardCriterion, TimingBucket
from screens.app import DragonApp
from screens.widgets.footer import Footer

TODAY = date(2026, 11, 25)


def card(score: int, timing: TimingBucket) -> ACard:
    return ACard(scores={c: ACardScore(score=score) for c in ACardCriterion}, timing_bucket=timing)


def score_deals(store) -> None:
    """acc-2 scores best; acc-1 and acc-4 tie on the score, acc-4 closes sooner; acc-3 has none."""
    store.save(store.require(Opportunity, "o-1").with_changes(acard=card(3, "next_year")))
    for rid, account_id, score, timing in (
        ("o-2", "acc-2", 5, TimingBucket.NEXT_YEAR),
        ("o-4", "acc-4", 3, TimingBucket.THIS_QUARTER),
    ):
        store.save(Opportunity(id=rid, account_id=account_id, name=rid, acard=card(score, timing)))


def order(app) -> list[str]:
    table = app.screen.query_one("#accounts", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_r_ranks_the_accounts_by_their_best_acard_then_timing(fixed_store, lang):
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))
    score_deals(fixed_store)
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {k.key: k.description for k in app.screen.query_one(Footer).entries()}
        assert keys["r"] == {"zh": "优先排序", "en": "A-card order"}[lang]
        await pilot.press("r")
        await pilot.pause()
        assert order(app) == ["acc-2", "acc-4", "acc-1", "acc-3"]
        status = str(app.screen.query_one("#status", Static).render())
        sorted_by = {"zh": "按A卡排序（得分、时间） ↓", "en": "by A-card (score, timing) ↓"}
        assert sorted_by[lang] in status
        await pilot.press("r")  # again: the other way round
        await pilot.pause()
        assert order(app) == ["acc-3", "acc-1", "acc-4", "acc-2"]
        assert "↑" in str(app.screen.query_one("#status", Static).render())
