"""The telephone scheme (METHOD §2): −80% and +80% kept apart, 跟进 after payment counted once
in the forecast, and the active scheme's stage names in the review and the deal plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dragon_tui.export.review import review_text
from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.periods import parse_period
from dragon_tui.method.stages import paid_stage, stage_name
from dragon_tui.models import DEFAULT_WIN_RATES, Account, Opportunity, StageChange
from dragon_tui.models.enums import OpportunityStatus, StageScheme

Q3 = parse_period("2026Q3")
PHONE = DEFAULT_WIN_RATES[StageScheme.TELEPHONE]


def deal(stage: int, amount: str, entered: date, **kw) -> Opportunity:
    return Opportunity(
        account_id="a",
        name=f"d{stage}",
        amount=Decimal(amount),
        stage=stage,
        stage_history=[StageChange(stage=stage, entered_on=entered, from_stage=stage - 1)],
        **kw,
    )


def test_minus_and_plus_80_are_shown_apart():
    # METHOD §2: "承诺 commit 80% (−80%: accepts the price; +80%: confirms payment date)"
    commit = deal(5, "1", date(2026, 8, 1))
    assert stage_name(StageScheme.TELEPHONE, commit, "zh") == "承诺 −80%"
    confirmed = commit.with_changes(payment_date_confirmed_on=date(2026, 8, 5))
    assert stage_name(StageScheme.TELEPHONE, confirmed, "en") == "Commit +80%"
    assert stage_name(StageScheme.SIX_MOVES, confirmed, "zh") == "赢取承诺"
    assert stage_name(StageScheme.TELEPHONE, 6, "zh") == "跟进"


def test_follow_up_after_payment_is_counted_once_in_the_forecast():
    # METHOD §2: "跟进 follow-up 100%" comes after payment; issue 19: "`跟进` after payment is
    # not counted twice in the forecast"
    paid = deal(6, "100000", date(2026, 8, 10))  # paid in Q3: Q3 revenue
    earlier = deal(6, "70000", date(2026, 5, 10))  # paid in Q2: not Q3's funnel
    won = deal(
        6, "30000", date(2026, 7, 1), status=OpportunityStatus.WON, closed_on=date(2026, 9, 1)
    )
    commit = deal(5, "50000", date(2026, 8, 1))
    figures = funnel_figures(
        [paid, earlier, won, commit],
        Q3,
        PHONE,
        Decimal("400000"),
        paid_stage(StageScheme.TELEPHONE),
    )
    assert figures.closed_revenue == Decimal("130000")
    assert figures.weighted_open == Decimal("40000")  # the 承诺 deal at 80% only
    assert figures.stages[5].weighted == 0 and figures.stages[5].count == 1
    assert figures.forecast == 170000 / 400000
    assert figures.funnel_total == Decimal("180000")
    # the six-move scheme has no paid stage: stage 6 open deals stay weighted
    six = funnel_figures([paid], Q3, PHONE, Decimal("400000"))
    assert six.closed_revenue == 0 and six.weighted_open == Decimal("100000")


def test_review_shows_the_active_schemes_stage_names():
    # Issue 19: "Review, list and dossier show the active scheme's stage names everywhere."
    opp = deal(3, "1000", date(2026, 8, 1))
    account = {"a": Account(id="a", name="甲")}
    assert "探寻" in review_text([opp], account, {}, "zh", "周回顾", StageScheme.TELEPHONE)
    assert "挖掘需求" in review_text([opp], account, {}, "zh", "周回顾")
