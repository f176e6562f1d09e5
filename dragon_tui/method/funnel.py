"""Funnel management (销售漏斗, METHOD §4): the stage table, forecast, progress and loss rate.

Definitions, exactly as METHOD §4 gives them ("in the period" = the dated event falls inside
the period, both ends included):
- closed revenue = Σ amount of opportunities won in the period;
- funnel total = Σ amount of every opportunity in the funnel during the period: open now, plus
  won or lost in the period;
- forecast = (closed revenue + Σ open amount × win rate of its current stage) ÷ target;
- progress = Σ amount of opportunities that moved down ≥ 1 stage in the period (a win counts)
  ÷ funnel total;
- loss rate = Σ amount lost in the period ÷ funnel total.
A target of zero is an error, not infinity. Everything is one pass over the opportunities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from dragon_tui.errors import DragonError
from dragon_tui.method.periods import Period
from dragon_tui.method.quote import money_json
from dragon_tui.method.stages import entered_current_stage
from dragon_tui.models import Opportunity
from dragon_tui.models.enums import OpportunityStatus

ZERO = Decimal("0")


@dataclass(frozen=True)
class StageRow:
    stage: int
    win_rate: float
    count: int
    amount: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class FunnelFigures:
    period: Period
    stages: list[StageRow]
    closed_revenue: Decimal
    weighted_open: Decimal
    funnel_total: Decimal
    moved_amount: Decimal
    lost_amount: Decimal
    target: Decimal | None
    forecast: float | None  # None when no target was given
    progress: float
    loss_rate: float

    def as_json(self) -> dict:
        return {
            "period": self.period.name,
            "stages": [
                {
                    "stage": r.stage,
                    "win_rate": r.win_rate,
                    "count": r.count,
                    "amount": money_json(r.amount),
                    "weighted": money_json(r.weighted),
                }
                for r in self.stages
            ],
            "closed_revenue": money_json(self.closed_revenue),
            "target": money_json(self.target) if self.target is not None else None,
            "forecast": self.forecast,
            "progress": self.progress,
            "loss_rate": self.loss_rate,
            "funnel_total": money_json(self.funnel_total),
        }


def moved_down_in(opp: Opportunity, period: Period) -> bool:
    """Did the opportunity advance at least one stage (or win) inside the period?"""
    if opp.status == OpportunityStatus.WON and opp.closed_on in period:
        return True
    return any(
        change.entered_on in period
        and change.from_stage is not None
        and change.stage > change.from_stage
        for change in opp.stage_history
    )


def _ratio(part: Decimal, whole: Decimal) -> float:
    return float(part / whole) if whole else 0.0


def funnel_figures(
    opportunities: Iterable[Opportunity],
    period: Period,
    win_rates: Sequence[float],
    target: Decimal | None = None,
    paid_stage: int | None = None,
) -> FunnelFigures:
    """All the funnel figures for a period in one pass; `win_rates[i]` is stage i+1's rate.

    `paid_stage` (the telephone scheme's 跟进) is reached after payment: an open opportunity
    there is revenue of the period it entered that stage in, never also a weighted open deal
    (so it is not counted twice), and outside that period it is not in the funnel."""
    if target is not None and target <= 0:
        raise DragonError(
            f"the sales target must be above zero (got {target}); a zero target has no forecast"
        )
    rates = [Decimal(str(r)) for r in win_rates]
    count = [0] * 6
    amount = [ZERO] * 6
    closed = total = moved = lost = ZERO
    for opp in opportunities:
        if opp.deleted:
            continue
        if opp.status == OpportunityStatus.OPEN and opp.stage == paid_stage:
            if entered_current_stage(opp) not in period:
                continue
            closed += opp.amount
            count[opp.stage - 1] += 1
            amount[opp.stage - 1] += opp.amount
        elif opp.status == OpportunityStatus.OPEN:
            count[opp.stage - 1] += 1
            amount[opp.stage - 1] += opp.amount
        elif opp.closed_on not in period:
            continue  # won or lost outside the period: not in this period's funnel
        elif opp.status == OpportunityStatus.WON:
            closed += opp.amount
        else:
            lost += opp.amount
        total += opp.amount
        if moved_down_in(opp, period):
            moved += opp.amount
    stages = [
        StageRow(
            i + 1,
            float(rates[i]),
            count[i],
            amount[i],
            ZERO if i + 1 == paid_stage else amount[i] * rates[i],  # already closed revenue
        )
        for i in range(6)
    ]
    weighted = sum((row.weighted for row in stages), ZERO)
    forecast = float((closed + weighted) / target) if target is not None else None
    return FunnelFigures(
        period=period,
        stages=stages,
        closed_revenue=closed,
        weighted_open=weighted,
        funnel_total=total,
        moved_amount=moved,
        lost_amount=lost,
        target=target,
        forecast=forecast,
        progress=_ratio(moved, total),
        loss_rate=_ratio(lost, total),
    )
