"""Spreadsheet export (CSV or .xlsx) of accounts, contacts and opportunities.

Headers and enum values in Chinese or English; an `id` column first, so re-importing the file
updates the records instead of duplicating them. A cell that starts with = + - @ is written so
Excel shows it as text (no formula injection from a customer's name or note).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from dragon_tui.errors import ImportRejected
from dragon_tui.export.columns import ALIASES, MODELS
from dragon_tui.labels import label
from dragon_tui.method.stages import stage_enum
from dragon_tui.models import Account, Opportunity, Record
from dragon_tui.store import Store

EXPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "id",
        "name",
        "industry",
        "region",
        "nature",
        "size",
        "value_tier",
        "lead_source",
        "owner",
        "tags",
        "address",
        "website",
        "staff_count",
        "annual_revenue",
        "notes",
    ),
    "contacts": (
        "id",
        "account",
        "name",
        "title",
        "department",
        "phone",
        "email",
        "level",
        "function",
        "roles",
        "is_coach",
        "attitude",
        "influence",
        "communication_style",
        "relationship_stage",
        "personal_need",
    ),
    "opportunities": (
        "id",
        "account",
        "name",
        "stage",
        "amount",
        "status",
        "owner",
        "expected_close",
        "closed_on",
        "stage_entered_on",
        "lost_reason",
        "next_step",
        "notes",
    ),
}
_FORMULA = re.compile(r"^'*[=+\-@]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def escape_formula(text: str) -> str:
    """`=1+1` → `'=1+1`: Excel shows it as text. Apostrophes already in front get one more, so
    the importer's `unescape_formula` gives back exactly the text that was exported."""
    return "'" + text if _FORMULA.match(text) else text


def header_title(kind: str, name: str, lang: str) -> str:
    """The column title: the field name in English, its first Chinese alias in Chinese (both
    are read back by the importer)."""
    if lang == "zh":
        for alias in ALIASES[kind].get(name, ()):
            if _CJK.search(alias):
                return alias
    return name


def _value(value: Any, lang: str) -> Any:
    """A field's value for a cell: labels for enums, ISO dates, plain numbers; None = empty."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return ";".join(str(_value(v, lang)) for v in value)
    if isinstance(value, bool):
        if not value:
            return None
        return "是" if lang == "zh" else "yes"
    if isinstance(value, Enum):
        return label(value, lang)
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _stage_entered_on(opp: Opportunity) -> date | None:
    for change in reversed(opp.stage_history):
        if change.stage == opp.stage:
            return change.entered_on
    return None


def export_rows(store: Store, kind: str, lang: str = "en") -> tuple[list[str], list[list[Any]]]:
    """The header and one row per live record (sorted by name); cells are text, numbers as
    text, dates as `date`, or None for empty."""
    if kind not in EXPORT_FIELDS:
        kinds = ", ".join(EXPORT_FIELDS)
        raise ImportRejected(f"cannot export {kind!r}; use {kinds}")
    names = {a.id: a.name for a in store.all(Account)}
    scheme = store.settings().stage_scheme
    fields = EXPORT_FIELDS[kind]
    header = [header_title(kind, name, lang) for name in fields]
    model: type[Record] = MODELS[kind]
    rows = []
    for record in sorted(store.all(model), key=lambda r: (getattr(r, "name", ""), r.id)):
        row = []
        for name in fields:
            if name == "account":
                value: Any = names.get(record.account_id, record.account_id)  # type: ignore[attr-defined]
            elif name == "stage_entered_on":
                value = _stage_entered_on(record)  # type: ignore[arg-type]
            elif name == "stage":  # named in the scheme the rep works in
                value = stage_enum(scheme, record.stage)  # type: ignore[attr-defined]
            else:
                value = getattr(record, name)
            row.append(_value(value, lang))
        rows.append(row)
    return header, rows


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def export_csv(store: Store, kind: str, lang: str = "en") -> str:
    """The records as CSV text (the caller adds a BOM when writing, so Excel reads UTF-8)."""
    header, rows = export_rows(store, kind, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def export_xlsx(store: Store, kind: str, lang: str = "en") -> bytes:
    """The records as an .xlsx workbook (one sheet named after the kind)."""
    from dragon_tui.export.xlsx import workbook_bytes

    header, rows = export_rows(store, kind, lang)
    return workbook_bytes(kind, header, rows)
