"""Account list filters (客户管理, METHOD §6): `key:value` tokens typed beside the search words.

    制造 industry:制造 region:华北 tier:a stage:3 owner:张明 source:web tag:重点 nature:private size:large

Keys have Chinese aliases (行业 区域 等级 阶段 负责人 来源 标签 性质 规模). Values of enum fields
accept the value, the number (stage) or the zh/en label. Everything that is not a token is the
free-text search. The filter is a plain string, so it is remembered in settings as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dragon_tui.labels import parse_enum
from dragon_tui.models.enums import AccountNature, AccountSize, LeadSource, Stage, ValueTier
from dragon_tui.search import AccountRow

KEYS = {
    "industry": "industry", "行业": "industry",
    "region": "region", "区域": "region",
    "tier": "value_tier", "等级": "value_tier",
    "stage": "stage", "阶段": "stage",
    "owner": "owner", "负责人": "owner",
    "source": "lead_source", "来源": "lead_source",
    "tag": "tags", "标签": "tags",
    "nature": "nature", "性质": "nature",
    "size": "size", "规模": "size",
}  # fmt: skip
ENUMS = {
    "value_tier": ValueTier,
    "lead_source": LeadSource,
    "nature": AccountNature,
    "size": AccountSize,
    "stage": Stage,
}
SORTS = ("name", "industry", "region", "value_tier", "owner", "open_opportunities", "best_stage")


@dataclass
class AccountFilter:
    text: str = ""
    conditions: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_filter(query: str) -> AccountFilter:
    """Split a typed query into free text and conditions; unknown keys or values are reported."""
    words, conditions, errors = [], {}, []
    for token in query.split():
        key, sep, value = token.partition(":")
        if not sep or not value:
            if sep and key.casefold() in KEYS:
                continue  # "industry:" still being typed
            words.append(token)
            continue
        name = KEYS.get(key.casefold()) or KEYS.get(key)
        if name is None:
            words.append(token)
            continue
        if name in ENUMS:
            try:
                conditions[name] = parse_enum(ENUMS[name], value)
            except ValueError:
                errors.append(f"{key}:{value}")
        else:
            conditions[name] = value.casefold()
    return AccountFilter(" ".join(words), conditions, errors)


def matches(row: AccountRow, conditions: dict[str, object]) -> bool:
    account = row.account
    for name, wanted in conditions.items():
        if name == "stage":
            if row.best_stage != int(wanted):  # type: ignore[call-overload]
                return False
        elif name == "tags":
            if not any(wanted == t.casefold() for t in account.tags):
                return False
        elif name in ENUMS:
            if getattr(account, name) != wanted:
                return False
        elif wanted not in str(getattr(account, name)).casefold():
            return False
    return True


def sort_rows(rows: list[AccountRow], key: str, descending: bool = False) -> list[AccountRow]:
    def value(row: AccountRow):
        if key in ("open_opportunities", "best_stage"):
            return getattr(row, key) or 0
        raw = getattr(row.account, key)
        return "" if raw is None else str(getattr(raw, "value", raw))

    return sorted(rows, key=value, reverse=descending)
