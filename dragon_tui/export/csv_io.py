"""Plain-table import and export (CSV) for accounts, contacts, opportunities and invoices.

Headers may be Chinese or English (see ALIASES). The whole file is read and every row validated
through the models before anything is written; any invalid row rejects the import unless the
caller accepts importing only the valid rows. UTF-8 with or without BOM (Excel) is read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dragon_tui.errors import ImportRejected
from dragon_tui.labels import parse_enum
from dragon_tui.models import Account, Contact, Invoice, Opportunity, Payment, Record, StageChange
from dragon_tui.models import enums as e
from dragon_tui.store import Store

MAX_BYTES = 50 * 1024 * 1024
LIST_SEPARATORS = (";", "；", "、", "|")

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        "name": ("name", "account", "客户名称", "名称", "客户"),
        "industry": ("industry", "行业"),
        "region": ("region", "区域", "地区"),
        "nature": ("nature", "企业性质", "性质"),
        "size": ("size", "规模"),
        "value_tier": ("value_tier", "tier", "价值等级", "等级"),
        "lead_source": ("lead_source", "source", "线索来源", "来源"),
        "owner": ("owner", "负责人"),
        "tags": ("tags", "标签"),
        "address": ("address", "地址"),
        "website": ("website", "网站"),
        "staff_count": ("staff_count", "staff", "员工数", "人数"),
        "annual_revenue": ("annual_revenue", "revenue", "年营收", "营收"),
        "notes": ("notes", "备注"),
    },
    "contacts": {
        "account": ("account", "account_id", "客户", "客户名称"),
        "name": ("name", "姓名", "联系人"),
        "title": ("title", "职务", "职位"),
        "department": ("department", "部门"),
        "phone": ("phone", "电话", "手机"),
        "email": ("email", "邮箱"),
        "level": ("level", "层级"),
        "function": ("function", "职能"),
        "roles": ("roles", "role", "采购角色", "角色"),
        "is_coach": ("is_coach", "coach", "教练", "内线"),
        "attitude": ("attitude", "支持度", "态度"),
        "influence": ("influence", "影响力"),
        "communication_style": ("communication_style", "style", "沟通风格"),
        "relationship_stage": ("relationship_stage", "relationship", "关系阶段"),
        "personal_need": ("personal_need", "个人需求"),
    },
    "opportunities": {
        "account": ("account", "account_id", "客户", "客户名称"),
        "name": ("name", "商机", "机会名称", "项目"),
        "stage": ("stage", "阶段"),
        "amount": ("amount", "金额"),
        "status": ("status", "状态"),
        "closed_on": ("closed_on", "关闭日期", "成交日期"),
        "stage_entered_on": ("stage_entered_on", "进入阶段日期"),
        "previous_stage": ("previous_stage", "上一阶段"),
        "owner": ("owner", "负责人"),
        "lost_reason": ("lost_reason", "流失原因"),
    },
    "invoices": {
        "account": ("account", "account_id", "客户", "客户名称"),
        "opportunity": ("opportunity", "opportunity_id", "商机", "销售机会"),
        "number": ("number", "发票号", "发票号码"),
        "amount": ("amount", "金额"),
        "issued_on": ("issued_on", "开票日期"),
        "due_on": ("due_on", "到期日"),
        "paid": ("paid", "已收金额"),
    },
}
# The column every row must have, per kind (default: name).
KEY_COLUMN = {"invoices": ("number", "number / 发票号")}
ENUMS: dict[str, type[Enum]] = {
    "nature": e.AccountNature,
    "size": e.AccountSize,
    "value_tier": e.ValueTier,
    "lead_source": e.LeadSource,
    "level": e.Level,
    "function": e.Function,
    "roles": e.PurchaseRole,
    "attitude": e.Attitude,
    "influence": e.Influence,
    "communication_style": e.CommunicationStyle,
    "relationship_stage": e.RelationshipStage,
    "personal_need": e.PersonalNeed,
    "stage": e.Stage,
    "previous_stage": e.Stage,
    "status": e.OpportunityStatus,
}
TRUE = {"1", "true", "yes", "y", "是", "✓", "x"}


@dataclass
class CsvImport:
    """The outcome of reading a CSV: valid records to write, and per-row errors."""

    kind: str
    path: Path
    rows: int = 0
    records: list[Record] = field(default_factory=list)
    new_accounts: list[Account] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        main = len(self.records) - len(self.new_accounts)
        text = (
            f"{self.path}: {self.rows} rows, {main} valid {self.kind}, {len(self.errors)} invalid"
        )
        if self.new_accounts:
            text += f", {len(self.new_accounts)} new accounts"
        return text


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows, each with its row number as a spreadsheet shows it
    (blank rows are skipped but still counted, so the numbers match what the user sees)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRejected(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise ImportRejected(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV"
        ) from None
    if "\x00" in text:
        raise ImportRejected(f"{path}: contains NUL bytes; not a CSV file")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportRejected(f"{path}: not a valid CSV ({exc})") from None
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not numbered:
        raise ImportRejected(f"{path}: empty file, no header row")
    return [h.strip() for h in numbered[0][1]], numbered[1:]


def map_header(kind: str, header: list[str], path: Path) -> dict[int, str]:
    """Column index → field name; unknown columns are an error naming them."""
    lookup = {
        alias.casefold(): name for name, aliases in ALIASES[kind].items() for alias in aliases
    }
    mapping, unknown = {}, []
    for index, title in enumerate(header):
        if not title:
            continue  # Excel often saves empty columns after the table: ignored
        name = lookup.get(title.casefold())
        if name is None:
            unknown.append(title)
        else:
            mapping[index] = name
    if unknown:
        known = ", ".join(ALIASES[kind])
        raise ImportRejected(
            f"{path}: unknown column(s) {', '.join(map(repr, unknown))}; known: {known}"
        )
    key, names = KEY_COLUMN.get(kind, ("name", "name / 名称 / 姓名"))
    if key not in mapping.values():
        raise ImportRejected(f"{path}: no {key} column ({names})")
    return mapping


def _convert(name: str, value: str) -> Any:
    value = value.strip()
    if value == "":
        return None
    if name in ("roles", "tags"):
        for sep in LIST_SEPARATORS:
            value = value.replace(sep, ",")
        parts = [p.strip() for p in value.replace("，", ",").split(",") if p.strip()]
        return [parse_enum(e.PurchaseRole, p) for p in parts] if name == "roles" else parts
    if name == "attitude" and value[:1] in ("+", "＋"):
        value = value[1:]  # "+3" as the org chart shows it
    if name in ENUMS:
        return parse_enum(ENUMS[name], value)
    if name == "is_coach":
        return value.casefold() in TRUE
    if name in ("amount", "annual_revenue", "paid"):
        try:
            return Decimal(value.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if name == "staff_count":
        try:
            return int(value.replace(",", ""))
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number") from None
    if name in ("closed_on", "stage_entered_on", "issued_on", "due_on"):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return value


def _row_values(
    mapping: dict[int, str], row: list[str], number: int, width: int
) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    errors = []
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        errors.append(f"row {number}: {len(row)} cells but the header has {width} columns")
    for index, name in mapping.items():
        cell = row[index] if index < len(row) else ""
        try:
            converted = _convert(name, cell)
        except ValueError as exc:
            errors.append(f"row {number}: {name}: {exc}")
            continue
        if converted is not None:
            values[name] = converted
    return values, errors


def _validation_errors(number: int, exc: ValidationError) -> list[str]:
    return [
        f"row {number}: {'.'.join(map(str, err['loc'])) or 'row'}: {err['msg']}"
        for err in exc.errors()
    ]


class _Accounts:
    """Finds accounts by id or exact name; creates missing ones when allowed."""

    def __init__(self, store: Store) -> None:
        self.by_id = {a.id: a for a in store.all(Account)}
        self.by_name = {a.name: a for a in self.by_id.values()}
        self.created: list[Account] = []
        self.opportunities: dict[Any, Opportunity] = {}

    def load_opportunities(self, store: Store) -> None:
        """Opportunities by id and by (account id, name), for invoice rows."""
        for opp in store.all(Opportunity):
            self.opportunities[opp.id] = opp
            self.opportunities[(opp.account_id, opp.name)] = opp

    def find(self, key: str, create: bool) -> Account | None:
        found = self.by_id.get(key) or self.by_name.get(key)
        if found is None and create:
            found = Account(name=key)
            self.by_name[key] = found
            self.created.append(found)
        return found


def _build(kind: str, values: dict[str, Any], accounts: _Accounts, number: int) -> Record:
    if kind == "accounts":
        return Account(**values)
    key = values.pop("account", None)
    if not key:
        raise ValueError(f"row {number}: account: missing (name or id of the account)")
    account = accounts.find(key, create=kind == "opportunities")
    if account is None:
        raise ValueError(f"row {number}: account: no account named {key!r}")
    if kind == "contacts":
        return Contact(account_id=account.id, **values)
    if kind == "invoices":
        return _invoice(values, account, accounts, number)
    entered = values.pop("stage_entered_on", None)
    previous = values.pop("previous_stage", None)
    stage = int(values.get("stage", 1))
    values["stage"] = stage
    if values.get("status") == e.OpportunityStatus.LOST and not values.get("lost_reason"):
        values["lost_reason"] = "(imported)"
    history = (
        [
            StageChange(
                stage=stage, entered_on=entered, from_stage=int(previous) if previous else None
            )
        ]
        if entered
        else []
    )
    return Opportunity(account_id=account.id, stage_history=history, **values)


def _invoice(values: dict[str, Any], account: Account, accounts: _Accounts, number: int) -> Invoice:
    """An invoice row: the opportunity (id or name at that account) may be empty; `paid` is one
    payment recorded on the import day."""
    key = values.pop("opportunity", None)
    opportunity_id = ""
    if key:
        found = accounts.opportunities.get(key) or accounts.opportunities.get((account.id, key))
        if found is None or found.account_id != account.id:
            raise ValueError(f"row {number}: opportunity: no opportunity {key!r} at {account.name}")
        opportunity_id = found.id
    paid = values.pop("paid", None)
    for required in ("amount", "issued_on", "due_on"):
        if required not in values:
            raise ValueError(f"row {number}: {required}: missing")
    if paid is not None and paid > values["amount"]:
        raise ValueError(f"row {number}: paid: {paid} is more than the amount {values['amount']}")
    payments = [Payment(amount=paid, paid_on=date.today(), note="(imported)")] if paid else []
    return Invoice(
        account_id=account.id, opportunity_id=opportunity_id, payments=payments, **values
    )


def read_csv(store: Store, kind: str, path: Path) -> CsvImport:
    """Read and validate a whole CSV file; nothing is written."""
    if kind not in ALIASES:
        raise ImportRejected(
            f"{path}: cannot import {kind!r}; use accounts, contacts, opportunities or invoices"
        )
    header, rows = read_table(path)
    mapping = map_header(kind, header, path)
    result = CsvImport(kind, Path(path), rows=len(rows))
    accounts = _Accounts(store)
    if kind == "invoices":
        accounts.load_opportunities(store)
    for number, row in rows:
        values, errors = _row_values(mapping, row, number, len(header))
        if errors:
            result.errors += errors
            continue
        try:
            result.records.append(_build(kind, values, accounts, number))
        except ValidationError as exc:
            result.errors += _validation_errors(number, exc)
        except ValueError as exc:
            result.errors.append(str(exc))
    result.new_accounts = accounts.created
    result.records = [*accounts.created, *result.records]
    return result


def rejection(result: CsvImport) -> ImportRejected:
    """The error for an import refused because of invalid rows (the first three quoted)."""
    first = "; ".join(result.errors[:3])
    more = f" (+{len(result.errors) - 3} more)" if len(result.errors) > 3 else ""
    return ImportRejected(
        f"{result.path}: {len(result.errors)} invalid row(s), nothing imported: {first}{more}"
    )


def import_csv(
    store: Store, kind: str, path: Path, *, dry_run: bool = False, valid_only: bool = False
) -> CsvImport:
    """Read, validate, then write every record in one atomic step (or nothing).

    Any invalid row refuses the whole file unless `valid_only` accepts importing only the valid
    rows; `dry_run` validates and reports but never writes.
    """
    result = read_csv(store, kind, path)
    if result.errors and not valid_only:
        raise rejection(result)
    if not dry_run and result.records:
        store.save_many(result.records)
    return result


EXPORT_FIELDS = {
    "accounts": (
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
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def export_csv(store: Store, kind: str) -> str:
    """Accounts or contacts as CSV text (UTF-8 with BOM when written, so Excel reads it)."""
    if kind not in EXPORT_FIELDS:
        raise ImportRejected(f"cannot export {kind!r}; use accounts or contacts")
    names = {a.id: a.name for a in store.all(Account)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS[kind])
    model = Account if kind == "accounts" else Contact
    for record in sorted(store.all(model), key=lambda r: r.name):
        row = []
        for name in EXPORT_FIELDS[kind]:
            value = (
                names.get(record.account_id, record.account_id)
                if name == "account"
                else getattr(record, name)
            )
            row.append(_cell(value))
        writer.writerow(row)
    return out.getvalue()
