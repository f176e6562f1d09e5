"""Account list filters (客户管理, METHOD §6): `key:value` tokens typed beside the search words.

    制造 industry:制造 region:华北 tier:a stage:3 owner:张明 source:web tag:重点 nature:private size:large

Keys have Chinese aliases (行业 区域 等级 阶段 负责人 来源 标签 性质 规模). Values of enum fields
accept the value, the number (stage) or the zh/en label; a value with spaces is quoted
(`industry:"auto parts"`). Everything that is not a token is the free-text search.

`AccountFilter` is the filter as a small model: free text, conditions and the sort. The filter
bar builds one from its choices, the search box from the typed tokens; both turn into the same
`key:value` query, which is what is remembered in `Settings.last_account_filter`
(`to_settings()` / `from_settings()`), so the list opens the way it was left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from dragon_tui.labels import parse_enum
from dragon_tui.models.enums import AccountNature, AccountSize, LeadSource, Stage, ValueTier

if TYPE_CHECKING:
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
# The condition names in the order the filter bar shows them, with the token key of each.
CONDITIONS = (
    "industry",
    "region",
    "nature",
    "size",
    "value_tier",
    "stage",
    "owner",
    "lead_source",
    "tags",
)
TOKEN_KEY = {name: key for key, name in KEYS.items() if key.isascii()}
ENUMS: dict[str, type[Enum]] = {
    "value_tier": ValueTier,
    "lead_source": LeadSource,
    "nature": AccountNature,
    "size": AccountSize,
    "stage": Stage,
}
SORTS = (
    "name",
    "industry",
    "region",
    "value_tier",
    "owner",
    "open_opportunities",
    "best_stage",
    "prospect_score",  # prospect priority by A-card (METHOD §5); reached with the sort key
)
_TOKEN = re.compile(r'\S+?:"[^"]*"|\S+')


@dataclass
class AccountFilter:
    """Free text, conditions (name → enum member, lowercase text, or a tuple of tags) and sort."""

    text: str = ""
    conditions: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    sort: str = "name"
    descending: bool = False

    def with_condition(self, name: str, value: object | None) -> AccountFilter:
        """A copy with one condition set (a value) or removed (None / empty)."""
        conditions = dict(self.conditions)
        if value is None or value == "" or value == ():
            conditions.pop(name, None)
        elif name == "tags":
            tags = (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
            conditions[name] = tuple(t.casefold() for t in tags)
        else:
            conditions[name] = value if name in ENUMS else str(value).casefold()
        return replace(self, conditions=conditions, errors=[])

    def to_query(self) -> str:
        """The filter as the text a user would type: free text, then `key:value` tokens."""
        parts = [self.text] if self.text else []
        for name in CONDITIONS:
            wanted = self.conditions.get(name)
            values = wanted if isinstance(wanted, tuple) else (wanted,)
            for value in values if wanted is not None else ():
                shown = str(int(value)) if name == "stage" else str(getattr(value, "value", value))
                if any(c.isspace() for c in shown) or '"' in shown:
                    shown = '"' + shown.replace('"', "") + '"'
                parts.append(f"{TOKEN_KEY[name]}:{shown}")
        return " ".join(parts)

    def to_settings(self) -> dict[str, str]:
        """What `Settings.last_account_filter` keeps."""
        data = {"query": self.to_query(), "sort": self.sort}
        if self.descending:
            data["descending"] = "1"
        return data

    @classmethod
    def from_settings(cls, data: Mapping[str, str]) -> AccountFilter:
        """The remembered filter; unknown sort keys fall back to the name."""
        parsed = parse_filter(data.get("query", ""))
        sort = data.get("sort", "name")
        parsed.sort = sort if sort in SORTS else "name"
        parsed.descending = data.get("descending", "") == "1"
        return parsed

    def apply(self, rows: Iterable[AccountRow]) -> list[AccountRow]:
        """Rows meeting every condition, in this filter's order (free text is not applied)."""
        kept = [r for r in rows if matches(r, self.conditions)]
        if self.sort != "name" or self.descending:
            kept = sort_rows(kept, self.sort, self.descending)
        return kept


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def parse_filter(query: str) -> AccountFilter:
    """Split a typed query into free text and conditions; unknown keys or values are reported."""
    words: list[str] = []
    conditions: dict[str, object] = {}
    errors: list[str] = []
    for token in _TOKEN.findall(query):
        key, sep, value = token.partition(":")
        value = _unquote(value)
        name = KEYS.get(key.casefold()) if sep else None
        if name is None:
            words.append(token)
        elif not value.strip():
            continue  # "industry:" still being typed
        elif name in ENUMS:
            try:
                conditions[name] = parse_enum(ENUMS[name], value)
            except ValueError:
                errors.append(f"{key}:{value}")
        elif name == "tags":
            conditions[name] = (*conditions.get(name, ()), value.casefold())  # type: ignore[misc]
        else:
            conditions[name] = value.casefold()
    return AccountFilter(" ".join(words), conditions, errors)


def matches(row: AccountRow, conditions: Mapping[str, object]) -> bool:
    """Whether the row meets every condition (stage = stage of its best open opportunity)."""
    account = row.account
    for name, wanted in conditions.items():
        if name == "stage":
            if row.best_stage != int(wanted):  # type: ignore[call-overload]
                return False
        elif name == "tags":
            have = {t.casefold() for t in account.tags}
            tags = (wanted,) if isinstance(wanted, str) else wanted
            if not all(t in have for t in tags):  # type: ignore[union-attr]
                return False
        elif name in ENUMS:
            if getattr(account, name) != wanted:
                return False
        elif str(wanted) not in str(getattr(account, name)).casefold():
            return False
    return True


def sort_rows(rows: list[AccountRow], key: str, descending: bool = False) -> list[AccountRow]:
    """Rows ordered by a list column; empty values sort first (last when descending)."""

    def value(row: AccountRow):
        if key == "prospect_score":  # "ranked by A-card score and timing" (METHOD §5)
            return row.prospect_rank
        if key in ("open_opportunities", "best_stage"):
            return getattr(row, key) or 0
        raw = getattr(row.account, key)
        return "" if raw is None else str(getattr(raw, "value", raw))

    return sorted(rows, key=value, reverse=descending)


def filter_choices(rows: Iterable[AccountRow]) -> dict[str, list[str]]:
    """The values in use for the free-text conditions (industry, region, owner, tags), sorted:
    what the filter bar offers to pick from."""
    found: dict[str, set[str]] = {"industry": set(), "region": set(), "owner": set(), "tags": set()}
    for row in rows:
        account = row.account
        for name in ("industry", "region", "owner"):
            if value := getattr(account, name):
                found[name].add(value)
        found["tags"].update(account.tags)
    return {name: sorted(values) for name, values in found.items()}
