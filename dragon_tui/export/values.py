"""Cell values as people type them in a Chinese office: amounts, dates, enum labels, lists.

Every parser takes what a spreadsheet cell holds (text, or a number or date from an .xlsx) and
returns the model's type, or raises ValueError with a message that quotes the cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TypeVar

from dragon_tui.labels import parse_enum
from dragon_tui.models import enums as e

E = TypeVar("E", bound=Enum)

# Words reps type that are not the app's own labels. Kept apart from labels/ because they only
# ever go one way: the app shows its own label, the importer also accepts these.
SYNONYMS: dict[type[Enum], dict[str, Enum]] = {
    e.OpportunityStatus: {
        "赢单": e.OpportunityStatus.WON,
        "赢": e.OpportunityStatus.WON,
        "成交": e.OpportunityStatus.WON,
        "签约": e.OpportunityStatus.WON,
        "输单": e.OpportunityStatus.LOST,
        "丢单": e.OpportunityStatus.LOST,
        "失败": e.OpportunityStatus.LOST,
        "跟进中": e.OpportunityStatus.OPEN,
        "进行": e.OpportunityStatus.OPEN,
    },
    # The attitude scale is symmetric: 强烈反对 is −3, so its mirror 大力支持 is +3.
    e.Attitude: {
        "大力支持": e.Attitude.SUPPORTS,
        "支持者": e.Attitude.SUPPORTS,
        "反对者": e.Attitude.OPPOSES,
        "不满": e.Attitude.SLIGHTLY_NEGATIVE,
        "好感": e.Attitude.SLIGHTLY_POSITIVE,
    },
    e.PurchaseRole: {
        "决策人": e.PurchaseRole.DECISION_MAKER,
        "拍板人": e.PurchaseRole.DECISION_MAKER,
        "用户": e.PurchaseRole.USER,
        "评估人": e.PurchaseRole.EVALUATOR,
        "技术把关": e.PurchaseRole.GATEKEEPER,
    },
}

_CURRENCY = re.compile(r"^(?:¥|￥|RMB|CNY|人民币)\s*|\s*(?:元|RMB|CNY)$", re.IGNORECASE)
_UNITS = {"万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)


def _number_text(value: object) -> str:
    """A number cell as text without float noise (38000.0 → '38000')."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a number")
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def parse_amount(value: object) -> Decimal:
    """`¥380,000`, `380,000.50`, `38万`, `1.2亿`, `人民币 5000 元`, an .xlsx number → Decimal."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text = _number_text(value)
    else:
        text = str(value).strip()
    original = text
    text = _CURRENCY.sub("", text).strip()
    text = text.replace(",", "").replace("，", "").replace(" ", "").replace("\u3000", "")
    factor = 1
    for unit in ("万元", "亿元", "万", "亿"):
        if text.endswith(unit):
            factor = _UNITS[unit]
            text = text[: -len(unit)]
            break
    if not _NUMBER.match(text):
        raise ValueError(f"{original!r} is not an amount (e.g. 380000, ¥380,000, 38万, 1.2亿)")
    try:
        amount = Decimal(text) * factor
    except InvalidOperation:
        raise ValueError(f"{original!r} is not an amount") from None
    # 1.2亿 = 120000000.0: drop the zeros a unit leaves after the point, keep the written ones.
    if factor != 1 and amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    return amount


def parse_whole(value: object) -> int:
    """A whole number: `1,200`, `1200`, `1.2万`, an .xlsx number."""
    try:
        amount = parse_amount(value)
    except ValueError:
        amount = None
    if amount is None or amount != amount.to_integral_value():
        shown = value.strip() if isinstance(value, str) else value
        raise ValueError(f"{shown!r} is not a whole number") from None
    return int(amount)


def parse_date(value: object) -> date:
    """`2026-11-20`, `2026/11/20`, `2026/1/5`, `2026年11月20日`, `2026.11.20`, an Excel date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    found = _DATE.match(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date (e.g. 2026-11-20, 2026/11/20, 2026年11月20日)")
    year, month, day = map(int, found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a date that exists") from None


def parse_label(enum_cls: type[E], value: object) -> E:
    """An enum by code, name, zh/en label, or a word reps use for it (赢单 → won)."""
    text = _number_text(value) if isinstance(value, int | float) else str(value).strip()
    synonym = SYNONYMS.get(enum_cls, {}).get(text.casefold())
    if synonym is not None:
        return synonym  # type: ignore[return-value]
    return parse_enum(enum_cls, text)
