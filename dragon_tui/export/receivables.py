"""The receivables report (`dragon-tui receivables`) as an aligned plain-text table."""

from __future__ import annotations

from dragon_tui.export.deal import money
from dragon_tui.export.text import rule, table
from dragon_tui.labels import label, t
from dragon_tui.method.receivables import ReceivablesReport

WIDTHS = (12, 16, 10, 14, 6, 12)  # 80 columns with the separators


def receivables_text(report: ReceivablesReport, lang: str) -> str:
    out = [t("receivables.title", lang, as_of=report.as_of.isoformat())]
    if not report.rows:
        out.append(t("receivables.empty", lang))
        return "\n".join(out) + "\n"
    head = [
        t(f"receivables.col_{name}", lang)
        for name in ("number", "account", "due", "outstanding", "days", "action")
    ]
    rows = [
        [
            row.invoice.number or "—",
            row.account,
            row.invoice.due_on.isoformat(),
            money(row.outstanding),
            str(row.days_overdue),
            t(f"receivables.short.{row.action.value}", lang)
            if row.action
            else t("receivables.not_due", lang),
        ]
        for row in report.rows
    ]
    aligns = ["left", "left", "left", "right", "right", "left"]
    lines = table([head], WIDTHS, aligns)
    lines.append(rule(sum(WIDTHS) + 2 * (len(WIDTHS) - 1)))
    lines += table(rows, WIDTHS, aligns)
    out += lines
    out.append(
        t(
            "receivables.total",
            lang,
            outstanding=money(report.total_outstanding),
            overdue=money(report.total_overdue),
        )
    )
    for action, amount in report.by_action().items():
        if amount:
            out.append(f"  {label(action, lang)}: {money(amount)}")
    return "\n".join(out) + "\n"
