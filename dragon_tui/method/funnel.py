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
A target of zero is an error, not infinity. Everything is one pass over the opportunities:
`funnel_place` says where each counts, `FunnelSums` adds it up and takes the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

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


class Place(StrEnum):
    """Where an opportunity counts in a period's funnel (`funnel_place`)."""

    OPEN = "open"  # an open deal: its stage's row, weighted by the stage's win rate
    PAID = "paid"  # open at the paid stage, reached in the period: its row and closed revenue
    WON = "won"  # won in the period: closed revenue
    LOST = "lost"  # lost in the period: the loss


def funnel_place(opp: Opportunity, period: Period, paid_stage: int | None = None) -> Place | None:
    """Where the opportunity counts in the period's funnel; None: not in it.

    `paid_stage` (the telephone scheme's 跟进) is reached after payment: an open opportunity
    there is revenue of the period it entered that stage in, never also a weighted open deal
    (so it is not counted twice), and outside that period it is not in the funnel. The team hub
    states this rule in SQL (hub/funnel.py); tests/hub holds the two to the same figures."""
    if opp.deleted:
        return None
    if opp.status == OpportunityStatus.OPEN and opp.stage == paid_stage:
        return Place.PAID if entered_current_stage(opp) in period else None
    if opp.status == OpportunityStatus.OPEN:
        return Place.OPEN
    if opp.closed_on not in period:
        return None  # won or lost outside the period: not in this period's funnel
    return Place.WON if opp.status == OpportunityStatus.WON else Place.LOST


@dataclass
class FunnelSums:
    """The sums the figures are taken from: count and amount per stage row, and the period's
    closed revenue, loss, moved amount and funnel total. The laptop adds one opportunity at a
    time; the hub adds SQL's grouped sums. Both then take the same `figures`."""

    count: list[int] = field(default_factory=lambda: [0] * 6)
    amount: list[Decimal] = field(default_factory=lambda: [ZERO] * 6)
    closed: Decimal = ZERO
    lost: Decimal = ZERO
    moved: Decimal = ZERO
    total: Decimal = ZERO

    def add(
        self, place: Place, stage: int, amount: Decimal, moved: Decimal = ZERO, count: int = 1
    ) -> None:
        """Add `count` opportunities of `amount` in all (`moved` of it moved down a stage)."""
        if place in (Place.OPEN, Place.PAID):
            self.count[stage - 1] += count
            self.amount[stage - 1] += amount
        if place in (Place.PAID, Place.WON):
            self.closed += amount
        elif place == Place.LOST:
            self.lost += amount
        self.total += amount
        self.moved += moved

    def figures(
        self,
        period: Period,
        win_rates: Sequence[float],
        target: Decimal | None = None,
        paid_stage: int | None = None,
    ) -> FunnelFigures:
        check_target(target)
        rates = [Decimal(str(r)) for r in win_rates]
        stages = [
            StageRow(
                i + 1,
                float(rates[i]),
                self.count[i],
                self.amount[i],
                ZERO if i + 1 == paid_stage else self.amount[i] * rates[i],  # closed already
            )
            for i in range(6)
        ]
        weighted = sum((row.weighted for row in stages), ZERO)
        return FunnelFigures(
            period=period,
            stages=stages,
            closed_revenue=self.closed,
            weighted_open=weighted,
            funnel_total=self.total,
            moved_amount=self.moved,
            lost_amount=self.lost,
            target=target,
            forecast=float((self.closed + weighted) / target) if target is not None else None,
            progress=_ratio(self.moved, self.total),
            loss_rate=_ratio(self.lost, self.total),
        )


def check_target(target: Decimal | None) -> None:
    if target is not None and target <= 0:
        raise DragonError(
            f"the sales target must be above zero (got {target}); a zero target has no forecast"
        )


def funnel_figures(
    opportunities: Iterable[Opportunity],
    period: Period,
    win_rates: Sequence[float],
    target: Decimal | None = None,
    paid_stage: int | None = None,
) -> FunnelFigures:
    """All the funnel figures for a period in one pass; `win_rates[i]` is stage i+1's rate;
    `paid_stage` as in `funnel_place`."""
    check_target(target)
    sums = FunnelSums()
    for opp in opportunities:
        place = funnel_place(opp, period, paid_stage)
        if place is not None:
            moved = opp.amount if moved_down_in(opp, period) else ZERO
            sums.add(place, opp.stage, opp.amount, moved)
    return sums.figures(period, win_rates, target, paid_stage)
