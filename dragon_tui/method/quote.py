"""Quote maths with Decimal (报价表): line totals, subtotal, tax, total.

Rounding, documented: each line total is rounded half-up to 2 places (what is printed on the
quote is what is added up); tax is computed on the rounded subtotal and rounded half-up to 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dragon_tui.models import Quote, QuoteLine

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_json(value: Decimal) -> str:
    """Money in JSON: a string with two decimals (a float would lose cents on large sums and
    invite scripts to add floats)."""
    return str(money(value))


def line_total(line: QuoteLine) -> Decimal:
    return money(line.quantity * line.unit_price * (1 - line.discount))


@dataclass(frozen=True)
class QuoteTotals:
    lines: list[Decimal]
    subtotal: Decimal
    tax: Decimal
    total: Decimal


def totals(quote: Quote) -> QuoteTotals:
    lines = [line_total(line) for line in quote.lines]
    subtotal = sum(lines, Decimal("0.00"))
    tax = money(subtotal * quote.tax_rate)
    return QuoteTotals(lines, subtotal, tax, subtotal + tax)
