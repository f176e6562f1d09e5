"""A proposal as plain text (wrapped, CJK-aware, aligned quote table) or Markdown, zh or en labels."""

from __future__ import annotations

from collections.abc import Mapping

from dragon_tui.export.text import pad, rule, table, wrap
from dragon_tui.labels import label, t
from dragon_tui.method.quote import totals
from dragon_tui.models import Account, Opportunity, Proposal
from dragon_tui.models.enums import ProposalSection

QUOTE_WIDTHS = (24, 8, 12, 6, 14)  # product, quantity, unit price, discount, line total


def _num(value) -> str:
    return f"{value:,.2f}"


def _qty(value) -> str:
    return f"{value.normalize():f}"


def quote_rows(
    proposal: Proposal, lang: str
) -> tuple[list[str], list[list[str]], list[tuple[str, str]]]:
    quote = proposal.quote
    sums = totals(quote)
    head = [
        t(k, lang)
        for k in (
            "proposal.q_product",
            "proposal.q_quantity",
            "proposal.q_unit_price",
            "proposal.q_discount",
            "proposal.q_line_total",
        )
    ]
    rows = [
        [
            line.product,
            _qty(line.quantity),
            _num(line.unit_price),
            f"{line.discount * 100:.0f}%",
            _num(total),
        ]
        for line, total in zip(quote.lines, sums.lines, strict=True)
    ]
    foot = [
        (t("proposal.q_subtotal", lang), _num(sums.subtotal)),
        (t("proposal.q_tax", lang, rate=f"{quote.tax_rate * 100:.0f}%"), _num(sums.tax)),
        (t("proposal.q_total", lang, currency=quote.currency), _num(sums.total)),
    ]
    return head, rows, foot


def _fab_lines(proposal: Proposal, names: Mapping[str, str], lang: str) -> list[tuple[str, str]]:
    """(label, text) pairs for each FAB statement."""
    out = []
    for i, s in enumerate(proposal.fab_statements, 1):
        who = names.get(s.contact_id or "", "")
        out.append((f"{i}.", ""))
        out.append((t("proposal.feature", lang), s.feature))
        out.append((t("proposal.advantage", lang), s.advantage))
        out.append(
            (
                t("proposal.benefit", lang)
                + (f"（{who}）" if who and lang == "zh" else f" ({who})" if who else ""),
                s.benefit,
            )
        )
    return out


def proposal_text(
    proposal: Proposal,
    account: Account,
    opportunity: Opportunity,
    names: Mapping[str, str],
    lang: str,
    width: int = 80,
) -> str:
    out = wrap(proposal.title or opportunity.name, width)
    out += wrap(
        t(
            "proposal.meta",
            lang,
            account=account.name,
            opportunity=opportunity.name,
            version=proposal.version,
            date=proposal.issued_on or "—",
        ),
        width,
    )
    out.append(rule(width, "═"))
    for n, section in enumerate(ProposalSection, 1):
        out.append("")
        out.append(f"{n}. {label(section, lang)}")
        out.append(rule(min(width, 40)))
        body = proposal.sections.get(section, "")
        if body.strip():
            out += wrap(body, width)
        if section == ProposalSection.PRODUCTS_AND_SERVICES:
            for head, text in _fab_lines(proposal, names, lang):
                out += (
                    [head]
                    if not text and head.endswith(".")
                    else wrap(
                        f"{head}：{text}" if lang == "zh" else f"{head}: {text}", width, indent=""
                    )
                )
        if section == ProposalSection.QUOTE and proposal.quote.lines:
            head, rows, foot = quote_rows(proposal, lang)
            aligns = ["left", "right", "right", "right", "right"]
            out += table([head], QUOTE_WIDTHS, aligns)
            out.append(rule(sum(QUOTE_WIDTHS) + 2 * (len(QUOTE_WIDTHS) - 1), "─"))
            for row in rows:  # long product names wrap inside their column, never clipped
                names = wrap(row[0], QUOTE_WIDTHS[0])
                out += table([[names[0], *row[1:]]], QUOTE_WIDTHS, aligns)
                out += [pad(rest, QUOTE_WIDTHS[0]).rstrip() for rest in names[1:]]
            label_width = sum(QUOTE_WIDTHS[:-1]) + 2 * (len(QUOTE_WIDTHS) - 2)
            out += [
                pad(name, label_width, "right") + "  " + pad(value, QUOTE_WIDTHS[-1], "right")
                for name, value in foot
            ]
    return "\n".join(line.rstrip() for line in out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def proposal_markdown(
    proposal: Proposal,
    account: Account,
    opportunity: Opportunity,
    names: Mapping[str, str],
    lang: str,
) -> str:
    out = [
        f"# {_md(proposal.title or opportunity.name)}",
        "",
        t(
            "proposal.meta",
            lang,
            account=account.name,
            opportunity=opportunity.name,
            version=proposal.version,
            date=proposal.issued_on or "—",
        ),
        "",
    ]
    for n, section in enumerate(ProposalSection, 1):
        out += [f"## {n}. {label(section, lang)}", ""]
        body = proposal.sections.get(section, "").strip()
        if body:
            out += [body, ""]
        if section == ProposalSection.PRODUCTS_AND_SERVICES:
            for head, text in _fab_lines(proposal, names, lang):
                out.append(
                    f"\n**{head}**"
                    if not text and head.endswith(".")
                    else f"- **{_md(head)}**: {_md(text)}"
                )
            out.append("")
        if section == ProposalSection.QUOTE and proposal.quote.lines:
            head, rows, foot = quote_rows(proposal, lang)
            out.append("| " + " | ".join(head) + " |")
            out.append("|---|---:|---:|---:|---:|")
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
            out += [f"| **{name}** | | | | **{value}** |" for name, value in foot]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
