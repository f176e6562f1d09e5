"""The deal plan (`dragon-tui deal`): the current move, its steps and exit marker, buying signals,
negotiation plan, upsell and invoices, as plain text (80 columns) or Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from dragon_tui.export.text import rule, wrap
from dragon_tui.labels import label, t
from dragon_tui.method.commitment import concession_warnings, trades_without_return
from dragon_tui.method.moves import DealRecords, move_guide
from dragon_tui.method.receivables import outstanding, paid
from dragon_tui.method.stages import stage_name
from dragon_tui.models.enums import BuyingSignal, StageScheme
from dragon_tui.text import printable

WIDTH = 80


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


@dataclass
class Item:
    text: str
    checked: bool | None = None  # None: a plain line, no box


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


def _none(lang: str) -> list[Item]:
    return [Item(t("deal.none", lang))]


def _move_sections(records: DealRecords, scheme: StageScheme, lang: str) -> list[Section]:
    opp = records.opportunity
    guide = move_guide(records, scheme)
    steps = [Item(t(f"move.step.{s.key}", lang), s.done) for s in guide.steps]
    if scheme == StageScheme.SIX_MOVES:
        marker = t(f"move.marker.{opp.stage}", lang)
    else:
        from dragon_tui.method.stages import exit_marker

        marker = exit_marker(scheme, opp.stage, lang)
    state = {True: "move.marker_met", False: "move.marker_unmet", None: "move.marker_unknown"}
    sections = [
        Section(t("deal.steps", lang), steps or _none(lang)),
        Section(
            t("deal.exit_marker", lang),
            [Item(f"{marker} — {t(state[guide.marker_met], lang)}", guide.marker_met)],
        ),
    ]
    if opp.stage_overrides:
        sections.append(
            Section(
                t("deal.overrides", lang),
                [
                    Item(
                        f"{o.on.isoformat()}  {o.from_stage} → "
                        f"{o.to_stage or label(opp.status, lang)}  {o.reason}"
                    )
                    for o in opp.stage_overrides
                ],
            )
        )
    return sections


def _commitment_sections(records: DealRecords, lang: str) -> list[Section]:
    opp = records.opportunity
    seen = {s.signal: s for s in opp.buying_signals}
    signals = [
        Item(
            label(signal, lang)
            + (f"  {seen[signal].seen_on.isoformat()}" if signal in seen else ""),
            signal in seen,
        )
        for signal in BuyingSignal
    ]
    closings = [
        Item(
            f"{a.occurred_at.date().isoformat()}  {label(a.closing_method, lang)}"
            + (f" → {label(a.closing_result, lang)}" if a.closing_result else "")
            + (f"  {a.summary}" if a.summary else "")
        )
        for a in sorted(records.activities, key=lambda a: a.occurred_at)
        if a.closing_method is not None
    ]
    plan = opp.negotiation
    no_return = set(trades_without_return(opp))
    negotiation = [Item(t("deal.our_interests", lang) + colon(lang))]
    negotiation += [Item(f"  {n}. {text}") for n, text in enumerate(plan.our_interests, 1)]
    negotiation.append(Item(t("deal.their_interests", lang) + colon(lang)))
    negotiation += [Item(f"  {n}. {text}") for n, text in enumerate(plan.their_interests, 1)]
    negotiation.append(Item(t("deal.trades", lang) + colon(lang)))
    for n, trade in enumerate(plan.trades):
        flag = f"  ⚠ {t('deal.trade_no_return', lang)}" if n in no_return else ""
        negotiation.append(Item(f"  {trade.give} → {trade.get or '—'}{flag}"))
    negotiation.append(Item(t("deal.concessions", lang) + colon(lang)))
    negotiation += [
        Item(f"  {n}. {money(c.amount)}" + (f"  {c.note}" if c.note else ""))
        for n, c in enumerate(plan.concessions, 1)
    ]
    negotiation += [Item(f"  ⚠ {w.text(lang)}") for w in concession_warnings(opp)]
    negotiation.append(Item(f"{t('deal.walk_away', lang)}{colon(lang)}{plan.walk_away or '—'}"))
    negotiation.append(Item(f"{t('deal.escalation', lang)}{colon(lang)}{plan.escalation or '—'}"))
    negotiation.append(
        Item(
            f"{t('deal.agreed_terms', lang)}{colon(lang)}{plan.agreed_terms or '—'}",
            plan.agreed_in_writing,
        )
    )
    signed = opp.contract_signed_on.isoformat() if opp.contract_signed_on else "—"
    negotiation.append(Item(f"{t('deal.contract_signed', lang)}{colon(lang)}{signed}"))
    upsell = [
        Item(
            f"{label(u.direction, lang)}{colon(lang)}{u.text}"
            + (f"  {u.due_on.isoformat()}" if u.due_on else ""),
            u.done,
        )
        for u in opp.upsells
    ]
    return [
        Section(t("deal.buying_signals", lang), signals),
        Section(t("deal.closing", lang), closings or _none(lang)),
        Section(t("deal.negotiation", lang), negotiation),
        Section(t("deal.upsell", lang), upsell or _none(lang)),
    ]


def _invoice_section(records: DealRecords, lang: str) -> Section:
    items = []
    check = records.account.credit_check
    if check is not None:
        note = f"  {check.note}" if check.note else ""
        items.append(
            Item(
                f"{t('deal.credit_check', lang)}{colon(lang)}{label(check.rating, lang)} "
                f"{check.checked_on.isoformat()}{note}"
            )
        )
    for invoice in sorted(records.invoices, key=lambda i: (i.issued_on, i.number)):
        line = t(
            "deal.invoice_line",
            lang,
            number=invoice.number or "—",
            amount=money(invoice.amount),
            paid=money(paid(invoice)),
            outstanding=money(outstanding(invoice)),
            due=invoice.due_on.isoformat(),
        )
        items.append(Item(line, outstanding(invoice) == 0))
        if invoice.late_cause is not None:
            cause = label(invoice.late_cause, lang)
            items.append(Item(f"    {t('deal.late_cause', lang)}{colon(lang)}{cause}"))
        items += [
            Item(
                f"    {p.paid_on.isoformat()}  {money(p.amount)}"
                + (f"  {p.note}" if p.note else "")
            )
            for p in invoice.payments
        ]
    return Section(t("deal.invoices", lang), items or _none(lang))


def deal_sections(
    records: DealRecords, scheme: StageScheme, lang: str
) -> tuple[list[str], list[Section]]:
    """The header lines and the sections of the deal plan."""
    opp = records.opportunity
    header = [
        t("deal.title", lang, name=opp.name),
        f"{t('deal.account', lang)}{colon(lang)}{records.account.name}",
        f"{t('deal.amount', lang)}{colon(lang)}{money(opp.amount)} {opp.currency}",
        f"{t('deal.status', lang)}{colon(lang)}{label(opp.status, lang)}",
        f"{t('deal.current_move', lang)}{colon(lang)}{opp.stage} {stage_name(scheme, opp, lang)}",
    ]
    sections = [
        *_move_sections(records, scheme, lang),
        *_commitment_sections(records, lang),
        _invoice_section(records, lang),
    ]
    return header, sections


def _box(item: Item, markdown: bool) -> str:
    if item.checked is None:
        return ""
    return "[x] " if item.checked else "[ ] "


def deal_text(records: DealRecords, scheme: StageScheme, lang: str) -> str:
    header, sections = deal_sections(records, scheme, lang)
    out: list[str] = []
    for line in header:
        out += wrap(line, WIDTH)
    out.append(rule(WIDTH, "═"))
    for section in sections:
        out.append(f"【{section.title}】")
        for item in section.items:
            lead = "  " + _box(item, markdown=False)
            lines = wrap(item.text, WIDTH - len(lead))
            out.append(lead + lines[0])
            out += [" " * len(lead) + rest for rest in lines[1:]]
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    """User text as literal Markdown: no headings, lists or HTML from what the rep typed."""
    text = printable(text, single_line=True)
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def deal_markdown(records: DealRecords, scheme: StageScheme, lang: str) -> str:
    header, sections = deal_sections(records, scheme, lang)
    out = [f"# {_md_escape(header[0])}", "", *[f"- {_md_escape(line)}" for line in header[1:]], ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        for item in section.items:
            text = _md_escape(item.text.strip())
            indent = "  " if item.text.startswith("  ") else ""
            out.append(f"{indent}- {_box(item, markdown=True)}{text}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
