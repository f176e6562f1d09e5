"""Opportunities (销售机会): the unit the funnel manages, with dated stage history and invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, model_validator

from dragon_tui.models.account import ACard
from dragon_tui.models.base import LIST_MAX, LongText, Model, Money, Name, Record, ShortText
from dragon_tui.models.commitment import NegotiationPlan, SignalSeen, StageOverride, Upsell
from dragon_tui.models.enums import LatePaymentCause, OpportunityStatus, PurchasePhase

StagePosition = int  # 1..6, the position in the team's stage scheme


class StageChange(Model):
    """One dated stage event: entering `stage` on `entered_on` (from `from_stage`, if any)."""

    stage: int = Field(ge=1, le=6)
    entered_on: date
    from_stage: int | None = Field(default=None, ge=1, le=6)
    note: str = Field(default="", max_length=2_000)


class Opportunity(Record):
    """One concrete deal at an account."""

    table = "opportunities"

    account_id: str
    name: Name = Field(min_length=1)
    amount: Money = Decimal("0")
    currency: str = Field(default="CNY", min_length=3, max_length=3)
    stage: int = Field(default=1, ge=1, le=6)
    status: OpportunityStatus = OpportunityStatus.OPEN
    owner: Name = ""
    stage_history: list[StageChange] = Field(default_factory=list, max_length=LIST_MAX)
    closed_on: date | None = None  # date won or lost
    lost_reason: ShortText = ""
    expected_close: date | None = None
    # weekly review (METHOD §4)
    first_contact_on: date | None = None
    next_contact_on: date | None = None
    next_step: ShortText = ""
    urgent_need: ShortText = ""
    decision_process: ShortText = ""
    decision_date: date | None = None
    quoted: bool = False
    competitor_ids: list[str] = Field(default_factory=list, max_length=200)
    contact_ids: list[str] = Field(default_factory=list, max_length=1_000)  # people involved
    # stage 3: needs and purchase process
    purchase_phase: PurchasePhase | None = None
    needs_confirmed_in_writing: bool = False
    # stage 1: the A-card scores each opportunity (METHOD §2.1)
    acard: ACard = Field(default_factory=ACard)
    # stage 5: win the commitment (赢取承诺)
    buying_signals: list[SignalSeen] = Field(default_factory=list, max_length=LIST_MAX)
    negotiation: NegotiationPlan = Field(default_factory=NegotiationPlan)
    upsells: list[Upsell] = Field(default_factory=list, max_length=LIST_MAX)
    contract_signed_on: date | None = None
    # telephone scheme, 承诺: −80% on entry (price accepted), +80% once this date is set
    payment_date_confirmed_on: date | None = None
    # moves made with the exit marker unmet, each with its reason
    stage_overrides: list[StageOverride] = Field(default_factory=list, max_length=LIST_MAX)
    notes: LongText = ""

    @model_validator(mode="after")
    def _closed_needs_date(self) -> Opportunity:
        if self.status == OpportunityStatus.LOST and not self.lost_reason.strip():
            raise ValueError("a lost opportunity needs a lost_reason")
        return self


class Payment(Model):
    """A payment received against an invoice (partial payments allowed)."""

    amount: Money
    paid_on: date
    note: ShortText = ""


class Invoice(Record):
    """An invoice on a won deal; payments against it (回收账款, METHOD §2.6)."""

    table = "invoices"

    opportunity_id: str = ""  # empty: an invoice not tied to one opportunity
    account_id: str
    number: Name = ""
    amount: Money
    issued_on: date
    due_on: date
    payments: list[Payment] = Field(default_factory=list, max_length=LIST_MAX)
    late_cause: LatePaymentCause | None = None  # why it is paid late, once known
    notes: LongText = ""
