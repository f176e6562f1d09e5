"""The org-chart role grid and its coverage warnings as plain text (80 columns) and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dragon_tui.export.text import pad, rule, wrap
from dragon_tui.labels import label, t
from dragon_tui.method.coverage import CoverageWarning
from dragon_tui.models import Account, Contact
from dragon_tui.models.enums import Function, Level

WIDTH = 80


def person_line(contact: Contact, lang: str) -> str:
    """王伟 +2 决策者/评估者 ★教练 猫头鹰 信赖 高"""
    parts = [contact.name]
    parts.append("?" if contact.attitude is None else f"{int(contact.attitude):+d}")
    if contact.roles:
        parts.append("/".join(label(r, lang) for r in contact.roles))
    if contact.is_coach:
        parts.append("★" + t("orgchart.coach", lang))
    for value in (contact.communication_style, contact.relationship_stage):
        if value is not None:
            parts.append(label(value, lang))
    if contact.influence is not None:
        parts.append(t("orgchart.influence", lang) + label(contact.influence, lang))
    return " ".join(parts)


def cells(contacts: Sequence[Contact]) -> dict[tuple[Level | None, Function | None], list[Contact]]:
    grid: dict[tuple[Level | None, Function | None], list[Contact]] = {}
    for c in sorted((c for c in contacts if not c.deleted), key=lambda c: c.name):
        grid.setdefault((c.level, c.function), []).append(c)
    return grid


def orgchart_text(
    account: Account,
    contacts: Sequence[Contact],
    warnings: Sequence[CoverageWarning],
    lang: str,
    today: date,
) -> str:
    grid = cells(contacts)
    out = [account.name, t("orgchart.export_title", lang, date=today.isoformat()), rule(WIDTH, "═")]
    for level in Level:
        out.append(f"【{label(level, lang)}】")
        for function in Function:
            people = grid.get((level, function), [])
            head = pad(label(function, lang), 14)
            if not people:
                out.append(f"  {head}  —")
                continue
            for i, person in enumerate(people):
                lines = wrap(person_line(person, lang), WIDTH - 18)
                for j, line in enumerate(lines):
                    prefix = head if i == 0 and j == 0 else " " * 14
                    out.append(f"  {prefix}  {line}" if j == 0 else f"  {' ' * 14}    {line}")
        out.append(rule(WIDTH))
    unplaced = [c for (lv, fn), people in grid.items() if lv is None or fn is None for c in people]
    if unplaced:
        out.append(t("orgchart.unplaced", lang))
        out += ["  " + line for c in unplaced for line in wrap(person_line(c, lang), WIDTH - 2)]
        out.append(rule(WIDTH))
    out.append(t("orgchart.warnings", lang) + f" ({len(warnings)})")
    for w in warnings:
        out += wrap(f"! {w.text(lang)}", WIDTH)
        out += wrap(f"→ {w.todo(lang)}", WIDTH, indent="  ")
    if not warnings:
        out.append(t("orgchart.no_warnings", lang))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def orgchart_markdown(
    account: Account,
    contacts: Sequence[Contact],
    warnings: Sequence[CoverageWarning],
    lang: str,
    today: date,
) -> str:
    grid = cells(contacts)
    out = [
        f"# {_md(account.name)}",
        "",
        t("orgchart.export_title", lang, date=today.isoformat()),
        "",
    ]
    out.append(
        "| " + " | ".join([t("orgchart.level", lang)] + [label(f, lang) for f in Function]) + " |"
    )
    out.append("|" + "---|" * (len(Function) + 1))
    for level in Level:
        row = [label(level, lang)]
        for function in Function:
            row.append(
                "<br>".join(_md(person_line(c, lang)) for c in grid.get((level, function), []))
                or "—"
            )
        out.append("| " + " | ".join(row) + " |")
    out += ["", f"## {t('orgchart.warnings', lang)}", ""]
    out += [f"- **{_md(w.text(lang))}** — {_md(w.todo(lang))}" for w in warnings] or [
        t("orgchart.no_warnings", lang)
    ]
    return "\n".join(out) + "\n"
