"""Funnel maths against hand-computed cases, starting with METHOD §4's worked example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dragon_tui.errors import DragonError
from dragon_tui.method.funnel import funnel_figures, moved_down_in
from dragon_tui.method.periods import parse_period
from dragon_tui.models import Opportunity, StageChange
from dragon_tui.models.enums import StageScheme
from dragon_tui.models.settings import DEFAULT_WIN_RATES

RATES = DEFAULT_WIN_RATES[StageScheme.SIX_MOVES]
Q3 = parse_period("2026Q3")


def opp(amount, stage=1, status="open", closed_on=None, history=(), **kw):
    return Opportunity(
        account_id="a",
        name="x",
        amount=Decimal(amount),
        stage=stage,
        status=status,
        closed_on=closed_on,
        stage_history=[StageChange(**h) for h in history],
        lost_reason="price" if status == "lost" else "",
        **kw,
    )


def worked_example():
    return [
        opp(
            "100000",
            stage=2,
            history=[
                {"stage": 1, "entered_on": date(2026, 5, 1)},
                {"stage": 2, "entered_on": date(2026, 8, 1), "from_stage": 1},
            ],
        ),
        opp(
            "200000",
            stage=5,
            history=[{"stage": 5, "entered_on": date(2026, 3, 1), "from_stage": 4}],
        ),
        opp("50000", stage=5, status="won", closed_on=date(2026, 9, 30)),
        opp("150000", stage=3, status="lost", closed_on=date(2026, 7, 15)),
        opp("70000", stage=6, status="won", closed_on=date(2026, 6, 30)),
    ]


def test_method_worked_example():
    figures = funnel_figures(worked_example(), Q3, RATES, Decimal("500000"))
    assert figures.weighted_open == Decimal("130000")
    assert figures.closed_revenue == Decimal("50000")
    assert figures.funnel_total == Decimal("500000")
    assert figures.forecast == pytest.approx(0.36)
    assert figures.progress == pytest.approx(0.30)
    assert figures.loss_rate == pytest.approx(0.30)


def test_stage_table():
    figures = funnel_figures(worked_example(), Q3, RATES)
    rows = {r.stage: r for r in figures.stages}
    assert (rows[2].count, rows[2].amount, rows[2].weighted) == (
        1,
        Decimal("100000"),
        Decimal("10000"),
    )
    assert (rows[5].count, rows[5].weighted) == (1, Decimal("120000"))
    assert rows[1].count == 0 and figures.forecast is None


def test_empty_funnel():
    figures = funnel_figures([], Q3, RATES, Decimal("1000"))
    assert (figures.forecast, figures.progress, figures.loss_rate) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("target", [Decimal("0"), Decimal("-5")])
def test_zero_target_is_an_error(target):
    with pytest.raises(DragonError, match="target"):
        funnel_figures(worked_example(), Q3, RATES, target)


def test_won_outside_period_counts_nowhere():
    figures = funnel_figures(
        [opp("70000", stage=6, status="won", closed_on=date(2026, 6, 30))],
        Q3,
        RATES,
        Decimal("100"),
    )
    assert figures.closed_revenue == 0 and figures.funnel_total == 0


def test_backward_move_is_not_progress():
    back = opp(
        "10", stage=2, history=[{"stage": 2, "entered_on": date(2026, 8, 1), "from_stage": 3}]
    )
    assert not moved_down_in(back, Q3)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["26Q1", "2026Q5", "2026-13", "soon", ""])
def test_bad_periods(text):
    with pytest.raises(DragonError, match="period"):
        parse_period(text)
