"""Learned win rates: from closed deals' stage history, the share that went on to win per stage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dragon_tui.models import Opportunity
from dragon_tui.models.enums import OpportunityStatus


@dataclass(frozen=True)
class LearnedRate:
    stage: int
    configured: float
    observed: float | None  # None when no closed deal ever reached this stage
    reached: int  # closed deals that reached the stage (the sample size)
    won: int


def stages_reached(opp: Opportunity) -> set[int]:
    """Every stage the opportunity was in at some point (its history, and where it is now)."""
    return {change.stage for change in opp.stage_history} | {opp.stage}


def learned_win_rates(
    opportunities: Iterable[Opportunity], configured: list[float]
) -> list[LearnedRate]:
    reached = [0] * 6
    won = [0] * 6
    for opp in opportunities:
        if opp.deleted or opp.status == OpportunityStatus.OPEN:
            continue
        for stage in stages_reached(opp):
            reached[stage - 1] += 1
            won[stage - 1] += opp.status == OpportunityStatus.WON
    return [
        LearnedRate(
            i + 1, configured[i], won[i] / reached[i] if reached[i] else None, reached[i], won[i]
        )
        for i in range(6)
    ]


def adopted_rates(learned: list[LearnedRate], minimum_sample: int = 1) -> list[float]:
    """The rates to use if the user adopts the learned ones: observed where the sample allows."""
    return [
        round(r.observed, 4)
        if r.observed is not None and r.reached >= minimum_sample
        else r.configured
        for r in learned
    ]
