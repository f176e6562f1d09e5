"""Dossier completeness (METHOD §2.1): per information category, what is still missing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dragon_tui.labels import Phrase, phrase, t
from dragon_tui.models import Account, Competitor, Contact
from dragon_tui.models.enums import Level

CATEGORIES = ("customer_status", "organisation", "personal", "competitors")


def category_label(category: str, lang: str) -> str:
    """The name of an information category (客户现状 …) in `lang`."""
    return t(f"completeness.category.{category}", lang)


# The fields each category wants filled; each is labelled `completeness.field.<name>`.
STATUS_FIELDS = (
    "nature",
    "industry",
    "region",
    "size",
    "staff_count",
    "annual_revenue",
    "business_scope",
    "address",
    "website",
    "purchase_volume",
    "current_suppliers",
)
PERSONAL_FIELDS = (
    "title",
    "phone",
    "level",
    "function",
    "roles",
    "attitude",
    "communication_style",
    "personal_need",
    "hobbies",
)
COMPETITOR_FIELDS = ("history", "relationships", "rival_rep", "price", "service", "network")


@dataclass(frozen=True)
class Gap:
    category: str
    text: Phrase

    def label(self, lang: str) -> str:
        return self.text.text(lang)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _field_gaps(record, fields: Sequence[str], category: str, who: str = "") -> list[Gap]:
    missing = [
        phrase(f"completeness.field.{name}") for name in fields if _empty(getattr(record, name))
    ]
    if not missing:
        return []
    if who:
        return [Gap(category, phrase("completeness.missing_of", who=who, fields=missing))]
    return [Gap(category, phrase("completeness.missing", fields=missing))]


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
        org.append(Gap("organisation", phrase("completeness.no_contacts")))
    if people and not any(c.level == Level.DECISION for c in people):
        org.append(Gap("organisation", phrase("completeness.no_decision_level")))
    unplaced = [c.name for c in people if c.level is None or c.function is None]
    if unplaced:
        org.append(Gap("organisation", phrase("completeness.unplaced", names=unplaced)))
    if people and not any(c.reports_to for c in people):
        org.append(Gap("organisation", phrase("completeness.no_reporting_lines")))
    if not account.departments:
        org.append(Gap("organisation", phrase("completeness.no_departments")))
    for person in people:
        result["personal"] += _field_gaps(person, PERSONAL_FIELDS, "personal", person.name)
    if not rivals:
        result["competitors"].append(Gap("competitors", phrase("completeness.no_competitors")))
    for rival in rivals:
        result["competitors"] += _field_gaps(rival, COMPETITOR_FIELDS, "competitors", rival.name)
    return result


def completeness_ratio(gaps: dict[str, list[Gap]]) -> float:
    """Share of categories with nothing missing."""
    return sum(1 for g in gaps.values() if not g) / len(gaps)
