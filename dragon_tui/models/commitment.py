"""Move 5 (赢取承诺) records kept on an opportunity: buying signals, negotiation plan, upsell,
and the stage overrides a rep records when moving on without the exit marker."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from dragon_tui.models.base import LongText, Model, Money, ShortText, new_id
from dragon_tui.models.enums import BuyingSignal, CreditRating, UpsellDirection


class SignalSeen(Model):
    """A buying signal (购买信号) the rep saw, with the date."""

    signal: BuyingSignal
    seen_on: date
    note: ShortText = ""


class Trade(Model):
    """One item of the trade list: what we give (cheap for us, valuable to them) and what we
    ask in return — never give without getting (METHOD §2.5)."""

    give: ShortText = Field(min_length=1)
    get: ShortText = ""


class Concession(Model):
    """One concession step (e.g. a price reduction); the steps should shrink."""

    amount: Money
    note: ShortText = ""


class NegotiationPlan(Model):
    """The negotiation plan (METHOD §2.5, five steps); lists are in rank order."""

    our_interests: list[ShortText] = Field(default_factory=list, max_length=200)
    their_interests: list[ShortText] = Field(default_factory=list, max_length=200)
    trades: list[Trade] = Field(default_factory=list, max_length=200)
    concessions: list[Concession] = Field(default_factory=list, max_length=200)
    walk_away: ShortText = ""  # the point where we leave the table
    escalation: ShortText = ""  # who we escalate to, and when
    agreed_terms: LongText = ""
    agreed_in_writing: bool = False


class Upsell(Model):
    """An upsell idea (扩大成果), followed up like a next step."""

    id: str = Field(default_factory=new_id)
    direction: UpsellDirection
    text: ShortText = Field(min_length=1)
    due_on: date | None = None
    done: bool = False


class StageOverride(Model):
    """A move made with the exit marker unmet, and the reason the rep gave.

    `to_stage` 0 means the opportunity was marked won."""

    from_stage: int = Field(ge=1, le=6)
    to_stage: int = Field(ge=0, le=6)
    on: date
    reason: ShortText = Field(min_length=1)


class CreditCheck(Model):
    """The pre-sale credit check on an account (prevents fraud, METHOD §2.6)."""

    checked_on: date
    rating: CreditRating
    note: ShortText = ""
