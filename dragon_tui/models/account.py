"""Accounts (客户), their A-card (A卡) and the competitors (竞争对手) active at them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from dragon_tui.models.base import LIST_MAX, LongText, Model, Money, Name, Record, ShortText
from dragon_tui.models.commitment import CreditCheck
from dragon_tui.models.enums import (
    ACardCriterion,
    AccountNature,
    AccountSize,
    LeadSource,
    TimingBucket,
    ValueTier,
)

Tag = Annotated[str, Field(min_length=1, max_length=60)]


class ACardScore(Model):
    """One A-card criterion: a 1–5 score (None = not assessed yet) and a note."""

    score: int | None = Field(default=None, ge=1, le=5)
    note: ShortText = ""


class ACard(Model):
    """The A-card assessment of an account (METHOD §2.1)."""

    scores: dict[ACardCriterion, ACardScore] = Field(default_factory=dict)
    timing_bucket: TimingBucket | None = None
    assessed_on: date | None = None


class Account(Record):
    """A customer organisation: the dossier (customer status, organisation, A-card)."""

    table = "accounts"

    name: Name = Field(min_length=1)
    # customer status (客户现状)
    nature: AccountNature | None = None
    industry: Name = ""
    region: Name = ""
    size: AccountSize | None = None
    staff_count: int | None = Field(default=None, ge=0, le=10_000_000)
    annual_revenue: Money | None = None
    business_scope: LongText = ""
    address: ShortText = ""
    website: ShortText = ""
    purchase_volume: ShortText = ""  # e.g. "200 units / month"
    current_suppliers: list[Name] = Field(default_factory=list, max_length=LIST_MAX)
    # classification (客户管理)
    value_tier: ValueTier | None = None
    lead_source: LeadSource | None = None
    owner: Name = ""
    tags: list[Tag] = Field(default_factory=list, max_length=200)
    # organisation (组织结构): departments and reporting notes; people are Contacts
    departments: list[Name] = Field(default_factory=list, max_length=LIST_MAX)
    organisation_notes: LongText = ""
    # Kept for old data and accounts with no opportunity yet; since schema 2 each opportunity
    # carries its own A-card (the source scores each sales opportunity).
    acard: ACard = Field(default_factory=ACard)
    credit_check: CreditCheck | None = None  # pre-sale credit check (METHOD §2.6)
    notes: LongText = ""


class Competitor(Record):
    """A rival vendor at one account (竞争信息)."""

    table = "competitors"

    account_id: str
    name: Name = Field(min_length=1)
    history: LongText = ""  # their history with the account
    relationships: LongText = ""  # who they know there
    rival_rep: Name = ""
    rival_rep_style: ShortText = ""
    price: ShortText = ""  # strengths/weaknesses on price
    service: ShortText = ""
    network: ShortText = ""  # network / coverage
    strengths: LongText = ""
    weaknesses: LongText = ""
