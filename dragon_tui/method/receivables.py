"""Receivables (回收账款, METHOD §2.6): what is owed, what is overdue, the matrix action for it,
and when stage 6 is done (the opportunity's invoices paid in full)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dragon_tui.errors import ValidationFailed
from dragon_tui.labels import label, phrase
from dragon_tui.method.quote import money_json
from dragon_tui.models import Invoice, Settings
from dragon_tui.models.enums import ReceivableAction

# The receivables matrix (METHOD §2.6), (long overdue?, large amount?) → action:
# "short overdue | finance sends a normal reminder | rep visits in person"
# "long overdue | escalating letters | special arrangement agreed with management"
MATRIX_ACTIONS: dict[tuple[bool, bool], ReceivableAction] = {
    (False, False): ReceivableAction.REMINDER,
    (False, True): ReceivableAction.VISIT,
    (True, False): ReceivableAction.LETTERS,
    (True, True): ReceivableAction.MANAGEMENT,
}


def paid(invoice: Invoice) -> Decimal:
    return sum((p.amount for p in invoice.payments), Decimal("0"))


def outstanding(invoice: Invoice) -> Decimal:
    return max(invoice.amount - paid(invoice), Decimal("0"))


def is_paid_in_full(invoice: Invoice) -> bool:
    return outstanding(invoice) == 0


def invoices_paid(invoices: Iterable[Invoice]) -> bool:
    """Stage 6's exit: the opportunity has invoices and every one is paid in full."""
    live = [i for i in invoices if not i.deleted]
    return bool(live) and all(is_paid_in_full(i) for i in live)


def matrix_action(days_overdue: int, owed: Decimal, settings: Settings) -> ReceivableAction | None:
    """The matrix cell for an invoice `days_overdue` past due with `owed` outstanding; None when
    nothing is overdue. Thresholds (days, amount) are settings."""
    if days_overdue <= 0 or owed <= 0:
        return None
    return MATRIX_ACTIONS[
        (days_overdue >= settings.overdue_long_days, owed >= settings.large_amount)
    ]


@dataclass(frozen=True)
class Overdue:
    invoice: Invoice
    outstanding: Decimal
    days_overdue: int
    is_long: bool
    is_large: bool

    @property
    def action_code(self) -> ReceivableAction:
        return MATRIX_ACTIONS[(self.is_long, self.is_large)]

    def action(self, lang: str) -> str:
        return label(self.action_code, lang)


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


@dataclass(frozen=True)
class ReceivableRow:
    """One open invoice as `dragon-tui receivables` lists it."""

    invoice: Invoice
    account: str
    outstanding: Decimal
    days_overdue: int  # 0 while not yet due
    action: ReceivableAction | None

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.invoice.number,
            "account": self.account,
            "opportunity_id": self.invoice.opportunity_id or None,
            "due_on": self.invoice.due_on.isoformat(),
            "outstanding": money_json(self.outstanding),
            "days_overdue": self.days_overdue,
            "action": self.action.value if self.action else None,
        }


@dataclass(frozen=True)
class ReceivablesReport:
    as_of: date
    rows: list[ReceivableRow]

    @property
    def total_outstanding(self) -> Decimal:
        return sum((r.outstanding for r in self.rows), Decimal("0"))

    @property
    def total_overdue(self) -> Decimal:
        return sum((r.outstanding for r in self.rows if r.days_overdue > 0), Decimal("0"))

    def by_action(self) -> dict[ReceivableAction, Decimal]:
        totals = {action: Decimal("0") for action in ReceivableAction}
        for row in self.rows:
            if row.action is not None:
                totals[row.action] += row.outstanding
        return totals

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "invoices": [r.as_json() for r in self.rows],
            "totals": {
                "outstanding": money_json(self.total_outstanding),
                "overdue": money_json(self.total_overdue),
                "by_action": {a.value: money_json(v) for a, v in self.by_action().items()},
            },
        }


def receivables_report(
    invoices: Iterable[Invoice],
    account_names: Mapping[str, str],
    as_of: date,
    settings: Settings,
) -> ReceivablesReport:
    """Every open invoice (money outstanding), most overdue first, then by due date."""
    rows = []
    for invoice in invoices:
        owed = outstanding(invoice)
        if invoice.deleted or owed <= 0:
            continue
        days = max((as_of - invoice.due_on).days, 0)
        rows.append(
            ReceivableRow(
                invoice,
                account_names.get(invoice.account_id, invoice.account_id),
                owed,
                days,
                matrix_action(days, owed, settings),
            )
        )
    rows.sort(key=lambda r: (-r.days_overdue, r.invoice.due_on, r.invoice.number))
    return ReceivablesReport(as_of, rows)


def add_payment(invoice: Invoice, amount: Decimal, paid_on: date, note: str = "") -> Invoice:
    """The invoice with a (partial) payment added; paying more than is owed is refused."""
    if amount <= 0:
        raise ValidationFailed(
            f"invoice {invoice.number}: a payment must be more than 0",
            phrase=phrase("error.payment_not_positive", number=invoice.number),
        )
    if amount > outstanding(invoice):
        raise ValidationFailed(
            f"invoice {invoice.number}: payment {amount} is more than the {outstanding(invoice)} owed"
        )
    payments = [p.model_dump() for p in invoice.payments]
    payments.append({"amount": amount, "paid_on": paid_on, "note": note})
    return invoice.with_changes(payments=payments)
