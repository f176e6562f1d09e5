"""Stage 4 data: the FAB product library, competitive chart cells and versioned proposals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from dragon_tui.models.base import LIST_MAX, LongText, Model, Money, Name, Record, ShortText, new_id
from dragon_tui.models.enums import CompetitivePosition, Language, ProposalSection


class Product(Record):
    """A feature of our offer with its advantage over the alternative (reusable FAB library)."""

    table = "products"

    name: Name = Field(min_length=1)
    feature: LongText = ""  # 特征
    advantage: LongText = ""  # 优势
    alternative: ShortText = ""  # what the advantage is measured against
    unit_price: Money | None = None


class CompetitiveCell(Record):
    """One cell of an opportunity's competitive chart: a need × us-or-a-competitor."""

    table = "competitive_cells"

    opportunity_id: str
    need_id: str  # a NeedItem id
    competitor_id: str | None = None  # None = us
    position: CompetitivePosition = CompetitivePosition.PARITY
    note: ShortText = ""


class FabStatement(Model):
    """Feature → advantage → benefit for a named stakeholder's need."""

    id: str = Field(default_factory=new_id)
    product_id: str | None = None
    feature: LongText = ""
    advantage: LongText = ""
    benefit: LongText = ""
    contact_id: str | None = None
    need_id: str | None = None


class QuoteLine(Model):
    product: Name = Field(min_length=1)
    quantity: Decimal = Field(gt=0, le=Decimal("1e9"), allow_inf_nan=False)
    unit_price: Money
    discount: Decimal = Field(default=Decimal("0"), ge=0, le=1, allow_inf_nan=False)  # 0.1 = 10%


class Quote(Model):
    currency: str = Field(default="CNY", min_length=3, max_length=3)
    lines: list[QuoteLine] = Field(default_factory=list, max_length=LIST_MAX)
    tax_rate: Decimal = Field(default=Decimal("0.13"), ge=0, le=1, allow_inf_nan=False)


class Proposal(Record):
    """One version of the proposal (方案) for an opportunity; older versions stay readable."""

    table = "proposals"

    opportunity_id: str
    account_id: str
    version: int = Field(default=1, ge=1, le=10_000)
    title: Name = ""
    language: Language = Language.ZH
    issued_on: date | None = None
    sections: dict[ProposalSection, LongText] = Field(default_factory=dict)
    fab_statements: list[FabStatement] = Field(default_factory=list, max_length=LIST_MAX)
    quote: Quote = Field(default_factory=Quote)
