"""Move 5, win the commitment (赢取承诺, METHOD §2.5): buying signals, closing attempts, the
negotiation plan's checks and upsell follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dragon_tui.errors import ValidationFailed
from dragon_tui.labels import Phrase, label, phrase, t
from dragon_tui.models import Activity, NextStep, Opportunity, SignalSeen, Upsell
from dragon_tui.models.enums import (
    ActivityType,
    BuyingSignal,
    ClosingMethod,
    ClosingResult,
    OpportunityStatus,
    Stage,
    UpsellDirection,
)


def toggle_signal(opp: Opportunity, signal: BuyingSignal, seen_on: date) -> Opportunity:
    """Tick a buying signal as seen on `seen_on`, or untick it if it was ticked."""
    kept = [s for s in opp.buying_signals if s.signal != signal]
    if len(kept) == len(opp.buying_signals):
        kept.append(SignalSeen(signal=signal, seen_on=seen_on))
    return opp.with_changes(buying_signals=[s.model_dump() for s in kept])


def suggests_moving_on(opp: Opportunity) -> bool:
    """ "when signals appear the app suggests moving on": a buying signal is seen while the open
    deal is still before Win commitment."""
    return (
        opp.status == OpportunityStatus.OPEN
        and opp.stage < Stage.WIN_COMMITMENT
        and bool(opp.buying_signals)
    )


def closing_activity(
    opp: Opportunity,
    method: ClosingMethod,
    result: ClosingResult,
    when: datetime,
    summary: str = "",
) -> Activity:
    """A closing attempt ("the closing method used … and the result, logged as an activity")."""
    return Activity(
        account_id=opp.account_id,
        opportunity_id=opp.id,
        type=ActivityType.VISIT,
        occurred_at=when,
        contact_ids=list(opp.contact_ids),
        summary=summary,
        closing_method=method,
        closing_result=result,
    )


@dataclass(frozen=True)
class ConcessionWarning:
    """Step `index` (0-based) does not shrink: it is as large as or larger than the one before."""

    index: int

    @property
    def message(self) -> Phrase:
        return phrase("negotiation.concession_not_smaller", n=self.index + 1)

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def concession_warnings(opp: Opportunity) -> list[ConcessionWarning]:
    """ "probe the bottom line, concede in shrinking steps": each step must be smaller than the
    one before it."""
    steps = [c.amount for c in opp.negotiation.concessions]
    return [ConcessionWarning(i) for i in range(1, len(steps)) if steps[i] >= steps[i - 1]]


def rerank(items: list[str], order: str) -> list[str]:
    """The negotiation plan's "interests ranked for each side", ranked again: `order` names the
    current positions (1 = first) in their new order ("3 1 2", "3,1"); positions left out follow
    in their old order. A position that is not a number, out of range or named twice is refused."""
    words = order.replace(",", " ").replace("，", " ").replace("、", " ").split()
    if not words:
        raise ValidationFailed("rank: name the positions in their new order, e.g. 2 1 3")
    positions = []
    for word in words:
        if not word.isdigit() or not 1 <= int(word) <= len(items):
            raise ValidationFailed(f"rank: {word!r} is not a position from 1 to {len(items)}")
        if int(word) in positions:
            raise ValidationFailed(f"rank: position {word} is named twice")
        positions.append(int(word))
    rest = [n for n in range(1, len(items) + 1) if n not in positions]
    return [items[n - 1] for n in positions + rest]


def trades_without_return(opp: Opportunity) -> list[int]:
    """ "trade concessions (never give without getting)": indices of trades asking nothing back."""
    return [i for i, trade in enumerate(opp.negotiation.trades) if not trade.get.strip()]


def add_upsell(
    opp: Opportunity, direction: UpsellDirection, text: str, due_on: date | None = None
) -> Opportunity:
    if not text.strip():
        raise ValidationFailed("upsell: describe the idea")
    upsell = Upsell(direction=direction, text=text.strip(), due_on=due_on)
    return opp.with_changes(upsells=[u.model_dump() for u in [*opp.upsells, upsell]])


def upsell_follow_up(opp: Opportunity, upsell: Upsell, when: datetime, lang: str) -> Activity:
    """The upsell as a follow-up ("upsell … each as a follow-up"): an activity on the deal with
    one next step due when the upsell is, so it comes up on Today like every follow-up."""
    text = f"{label(upsell.direction, lang)}: {upsell.text}"
    return Activity(
        account_id=opp.account_id,
        opportunity_id=opp.id,
        type=ActivityType.OTHER,
        occurred_at=when,
        summary=t("deal.upsell", lang),
        next_steps=[NextStep(text=text[:2_000], due_on=upsell.due_on)],
    )


def open_upsells(opp: Opportunity) -> list[Upsell]:
    """Upsell follow-ups not yet done, soonest first (undated last)."""
    pending = [u for u in opp.upsells if not u.done]
    return sorted(pending, key=lambda u: (u.due_on is None, u.due_on or date.max))


def sign_contract(opp: Opportunity, on: date) -> Opportunity:
    """Move 5's exit marker: the contract signed on `on`."""
    return opp.with_changes(contract_signed_on=on)
