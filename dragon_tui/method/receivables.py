"""Receivables (回收账款, METHOD §2.6): what is overdue and the matrix action for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dragon_tui.models import Invoice, Settings

# (long overdue?, large amount?) → action (zh, en)
MATRIX = {
    (False, False): ("财务正常提醒", "Finance sends a normal reminder"),
    (False, True): ("销售亲自拜访", "Rep visits in person"),
    (True, False): ("逐级升级的催款函", "Escalating letters"),
    (True, True): ("与管理层商定特别安排", "Special arrangement agreed with management"),
}


@dataclass(frozen=True)
class Overdue:
    invoice: Invoice
    outstanding: Decimal
    days_overdue: int
    is_long: bool
    is_large: bool

    def action(self, lang: str) -> str:
        zh, en = MATRIX[(self.is_long, self.is_large)]
        return zh if lang == "zh" else en


def outstanding(invoice: Invoice) -> Decimal:
    return max(
        invoice.amount - sum((p.amount for p in invoice.payments), Decimal("0")), Decimal("0")
    )


def overdue_invoices(invoices: Iterable[Invoice], today: date, settings: Settings) -> list[Overdue]:
    """Invoices past due with money outstanding, placed in the matrix; most urgent first."""
    result = []
    for invoice in invoices:
        owed = outstanding(invoice)
        days = (today - invoice.due_on).days
        if invoice.deleted or owed <= 0 or days <= 0:
            continue
        result.append(
            Overdue(
                invoice,
                owed,
                days,
                days >= settings.overdue_long_days,
                owed >= settings.large_amount,
            )
        )
    result.sort(key=lambda o: (not o.is_long, not o.is_large, -o.days_overdue))
    return result
