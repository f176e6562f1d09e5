"""Dossier completeness (METHOD §2.1): per information category, what is still missing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dragon_tui.models import Account, Competitor, Contact
from dragon_tui.models.enums import Level

CATEGORIES = ("customer_status", "organisation", "personal", "competitors")
CATEGORY_LABELS = {
    "customer_status": ("客户现状", "Customer status"),
    "organisation": ("组织结构", "Organisation"),
    "personal": ("个人信息", "Personal information"),
    "competitors": ("竞争信息", "Competitor information"),
}


def category_label(category: str, lang: str) -> str:
    """The name of an information category (客户现状 …) in `lang`."""
    zh, en = CATEGORY_LABELS[category]
    return zh if lang == "zh" else en


# Customer-status fields that should be filled, with their labels.
STATUS_FIELDS = {
    "nature": ("企业性质", "nature"),
    "industry": ("行业", "industry"),
    "region": ("区域", "region"),
    "size": ("规模", "size"),
    "staff_count": ("员工数", "staff count"),
    "annual_revenue": ("营收", "revenue"),
    "business_scope": ("经营范围", "business scope"),
    "address": ("地址", "address"),
    "website": ("网站", "website"),
    "purchase_volume": ("采购量", "purchase volume"),
    "current_suppliers": ("现有供应商", "current suppliers"),
}
PERSONAL_FIELDS = {
    "title": ("职务", "title"),
    "phone": ("电话", "phone"),
    "level": ("层级", "level"),
    "function": ("职能", "function"),
    "roles": ("采购角色", "purchase role"),
    "attitude": ("支持度", "attitude"),
    "communication_style": ("沟通风格", "communication style"),
    "personal_need": ("个人需求", "personal need"),
    "hobbies": ("爱好", "hobbies"),
}
COMPETITOR_FIELDS = {
    "history": ("合作历史", "history"),
    "relationships": ("关系", "relationships"),
    "rival_rep": ("对手销售", "rival rep"),
    "price": ("价格", "price"),
    "service": ("服务", "service"),
    "network": ("网络覆盖", "network"),
}


@dataclass(frozen=True)
class Gap:
    category: str
    text: tuple[str, str]

    def label(self, lang: str) -> str:
        return self.text[0] if lang == "zh" else self.text[1]


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _field_gaps(
    record, fields: dict[str, tuple[str, str]], category: str, who: tuple[str, str] = ("", "")
) -> list[Gap]:
    missing = [pair for name, pair in fields.items() if _empty(getattr(record, name))]
    if not missing:
        return []
    zh = who[0] + "缺少" + "、".join(m[0] for m in missing)
    en = (who[1] + ": missing " if who[1] else "Missing ") + ", ".join(m[1] for m in missing)
    return [Gap(category, (zh, en))]


def completeness(
    account: Account, contacts: Sequence[Contact], competitors: Sequence[Competitor]
) -> dict[str, list[Gap]]:
    """For each category, the short list of what is missing (empty list = complete)."""
    people = [c for c in contacts if not c.deleted]
    rivals = [c for c in competitors if not c.deleted]
    result: dict[str, list[Gap]] = {c: [] for c in CATEGORIES}
    result["customer_status"] = _field_gaps(account, STATUS_FIELDS, "customer_status")
    org = result["organisation"]
    if not people:
        org.append(Gap("organisation", ("还没有联系人", "No contacts yet")))
    if people and not any(c.level == Level.DECISION for c in people):
        org.append(Gap("organisation", ("决策层没有联系人", "Nobody at the decision level")))
    unplaced = [c.name for c in people if c.level is None or c.function is None]
    if unplaced:
        org.append(
            Gap(
                "organisation",
                (
                    "未放入组织结构：" + "、".join(unplaced),
                    "Not placed on the org chart: " + ", ".join(unplaced),
                ),
            )
        )
    if people and not any(c.reports_to for c in people):
        org.append(Gap("organisation", ("没有汇报关系", "No reporting lines")))
    if not account.departments:
        org.append(Gap("organisation", ("没有部门信息", "No departments")))
    for person in people:
        result["personal"] += _field_gaps(
            person, PERSONAL_FIELDS, "personal", (person.name, person.name)
        )
    if not rivals:
        result["competitors"].append(
            Gap("competitors", ("还没有竞争对手信息", "No competitor information yet"))
        )
    for rival in rivals:
        result["competitors"] += _field_gaps(
            rival, COMPETITOR_FIELDS, "competitors", (rival.name, rival.name)
        )
    return result


def completeness_ratio(gaps: dict[str, list[Gap]]) -> float:
    """Share of categories with nothing missing."""
    return sum(1 for g in gaps.values() if not g) / len(gaps)
