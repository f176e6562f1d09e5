"""A pre-visit checklist as plain text (80 columns) or Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from dragon_tui.export.text import rule, wrap
from dragon_tui.labels import label, t
from dragon_tui.models import Account, Checklist, Contact, Opportunity
from dragon_tui.models.enums import ChecklistKind

WIDTH = 80


def _groups(checklist: Checklist) -> list[tuple[ChecklistKind, list]]:
    order = list(ChecklistKind)
    groups: dict[ChecklistKind, list] = {}
    for item in checklist.items:
        groups.setdefault(item.kind, []).append(item)
    return sorted(groups.items(), key=lambda kv: order.index(kv[0]))


def _header(
    checklist: Checklist,
    account: Account,
    opportunity: Opportunity | None,
    people: Sequence[Contact],
    lang: str,
) -> list[str]:
    lines = [t("checklist.title", lang, account=account.name)]
    if opportunity is not None:
        lines.append(t("checklist.opportunity", lang, name=opportunity.name))
    if checklist.visit_on:
        lines.append(t("checklist.visit_on", lang, date=checklist.visit_on.isoformat()))
    if people:
        lines.append(
            t(
                "checklist.meeting",
                lang,
                names="、".join(p.name for p in people)
                if lang == "zh"
                else ", ".join(p.name for p in people),
            )
        )
    return lines


def checklist_text(
    checklist: Checklist,
    account: Account,
    opportunity: Opportunity | None,
    people: Sequence[Contact],
    lang: str,
) -> str:
    out: list[str] = []
    for line in _header(checklist, account, opportunity, people, lang):
        out += wrap(line, WIDTH)
    out.append(rule(WIDTH, "═"))
    for kind, items in _groups(checklist):
        out.append(f"【{label(kind, lang)}】")
        for item in items:
            box = "[x]" if item.done else "[ ]"
            lines = wrap(item.text, WIDTH - 6)
            out.append(f"  {box} {lines[0]}")
            out += [f"      {rest}" for rest in lines[1:]]
    return "\n".join(out) + "\n"


def checklist_markdown(
    checklist: Checklist,
    account: Account,
    opportunity: Opportunity | None,
    people: Sequence[Contact],
    lang: str,
) -> str:
    head = _header(checklist, account, opportunity, people, lang)
    out = [f"# {head[0]}", "", *[f"- {line}" for line in head[1:]], ""]
    for kind, items in _groups(checklist):
        out += [f"## {label(kind, lang)}", ""]
        out += [
            f"- [{'x' if item.done else ' '}] {item.text.replace(chr(10), ' ')}" for item in items
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
