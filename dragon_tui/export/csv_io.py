"""Spreadsheet import (CSV or .xlsx) for accounts, contacts and opportunities.

Headers may be Chinese or English (see ALIASES); unknown columns are listed as a warning and
ignored. The whole file is read and every row validated through the models before anything is
written; any invalid row rejects the import unless the caller accepts importing only the valid
rows. A row whose `id` (or, for an account without an id, exact name) matches a record updates
it, so re-importing the app's own export changes nothing. Exports live in `table_export.py`.

Another kind joins by adding its aliases to ALIASES, its model to MODELS and, when it refers to
other records, a branch in `_resolve` (invoices will: they name an opportunity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dragon_tui.errors import ImportRejected
from dragon_tui.export.columns import (  # noqa: F401  (ALIASES and MODELS are used by callers)
    ALIASES,
    AMOUNTS,
    DATES,
    ENUMS,
    FALSE,
    FORMULA_ESCAPED,
    KEY_COLUMN,
    LIST_SEPARATORS,
    LISTS,
    LITERAL,
    MODELS,
    TRUE,
    WHOLE,
)
from dragon_tui.export.tables import Table, read_table
from dragon_tui.export.values import parse_amount, parse_date, parse_label, parse_whole
from dragon_tui.models import Account, Invoice, Opportunity, Payment, Record, StageChange
from dragon_tui.models import enums as e
from dragon_tui.store import Store


@dataclass
class CsvImport:
    """The outcome of reading a spreadsheet: records to write (new and changed), and per-row
    errors. Nothing is written until the caller saves `records`."""

    kind: str
    path: Path
    rows: int = 0
    records: list[Record] = field(default_factory=list)
    new_accounts: list[Account] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused_rows: set[int] = field(default_factory=set)
    updated_ids: set[str] = field(default_factory=set)  # records among `records` that exist
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def refused(self) -> int:
        return len(self.refused_rows)

    def summary(self) -> str:
        text = (
            f"{self.path}: {self.rows} rows, {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.refused} refused"
        )
        if self.new_accounts:
            text += f", {len(self.new_accounts)} new accounts"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The summary for scripts (`--json`)."""
        return {
            "file": str(self.path),
            "kind": self.kind,
            "encoding": self.encoding,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "new_accounts": len(self.new_accounts),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


def map_header(kind: str, header: list[str], path: Path | str) -> tuple[dict[int, str], list[str]]:
    """Column index → field name, and the warnings for columns that are ignored. Two columns
    meaning the same field refuse the file, naming both."""
    lookup = {
        alias.casefold(): name for name, aliases in ALIASES[kind].items() for alias in aliases
    }
    mapping: dict[int, str] = {}
    seen: dict[str, str] = {}
    unknown = []
    for index, title in enumerate(header):
        if not title:
            continue  # Excel often saves empty columns after the table: ignored
        name = lookup.get(title.casefold())
        if name is None:
            unknown.append(title)
            continue
        if name in seen:
            raise ImportRejected(
                f"{path}: columns {seen[name]!r} and {title!r} both mean {name}; keep one of them"
            )
        seen[name] = title
        mapping[index] = name
    key, names = KEY_COLUMN.get(kind, ("name", "name / 名称 / 姓名"))
    if key not in mapping.values():
        raise ImportRejected(f"{path}: no {key} column ({names})")
    warnings = []
    if unknown:
        known = ", ".join(ALIASES[kind])
        warnings.append(
            f"{path}: ignored unknown column(s) {', '.join(map(repr, unknown))}; known: {known}"
        )
    return mapping, warnings


def _text(value: Any) -> str:
    """A cell as text: an .xlsx number without float noise, a date as ISO."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value).strip()


def unescape_formula(text: str) -> str:
    """Undo `table_export.escape_formula`: one leading apostrophe before = + - @ goes."""
    return text[1:] if FORMULA_ESCAPED.match(text) else text


def _parse_stage(value: Any) -> e.Stage:
    """A stage by number or by its name in either scheme: the six moves' (赢取承诺) or the
    telephone scheme's (承诺), as an export in that scheme writes it. The names of the two
    schemes differ, so a name means one stage."""
    try:
        return parse_label(e.Stage, value)
    except ValueError as six_moves:
        try:
            return e.Stage(parse_label(e.TelephoneStage, value).value)
        except ValueError:
            raise six_moves from None


def convert(name: str, value: Any, *, from_csv: bool = True) -> Any:
    """One cell → the field's value (None for an empty cell); ValueError quotes a bad cell."""
    if isinstance(value, str) or value is None:
        # Stray spaces around a cell are a spreadsheet's noise; a note's are the user's text.
        value = (value or "") if name in LITERAL else (value or "").strip()
        if from_csv:
            value = unescape_formula(value)
        if value == "":
            return None
        if name in LITERAL:
            return value
    if name in LISTS:
        text = _text(value)
        for sep in LIST_SEPARATORS:
            text = text.replace(sep, ",")
        parts = [p.strip() for p in text.split(",") if p.strip()]
        return [parse_label(e.PurchaseRole, p) for p in parts] if name == "roles" else parts
    if name in ENUMS:
        if name == "attitude" and isinstance(value, str) and value[:1] in ("+", "＋"):
            value = value[1:]  # "+3" as the org chart shows it
        if name in ("stage", "previous_stage"):
            return _parse_stage(value)
        return parse_label(ENUMS[name], value)
    if name == "is_coach":
        text = _text(value).casefold()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError(f"{text!r} is not yes/no (是/否)")
    if name in AMOUNTS:
        return parse_amount(value)
    if name in WHOLE:
        return parse_whole(value)
    if name in DATES:
        return parse_date(value)
    return _text(value)


def _row_values(
    mapping: dict[int, str], row: list[Any], number: int, width: int, from_csv: bool
) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    errors = []
    if len(row) > width and any(_text(cell) for cell in row[width:]):
        errors.append(f"row {number}: {len(row)} cells but the header has {width} columns")
    for index, name in mapping.items():
        cell = row[index] if index < len(row) else ""
        try:
            values[name] = convert(name, cell, from_csv=from_csv)
        except ValueError as exc:
            errors.append(f"row {number}: {name}: {exc}")
    return values, errors


def _validation_errors(number: int, exc: ValidationError) -> list[str]:
    return [
        f"row {number}: {'.'.join(map(str, err['loc'])) or 'row'}: {err['msg']}"
        for err in exc.errors()
    ]


class _Records:
    """What the file's rows are matched against: existing records by id (accounts also by exact
    name), accounts created on the way, and the rows already seen in this file."""

    def __init__(self, store: Store, model: type[Record]) -> None:
        self.store = store
        self.model = model
        self.accounts = {a.id: a for a in store.all(Account)}
        self.account_names = {a.name: a for a in self.accounts.values()}
        self.created: list[Account] = []
        self.rows_by_key: dict[str, int] = {}

    def account(self, key: str, create: bool) -> Account | None:
        found = self.accounts.get(key) or self.account_names.get(key)
        if found is None and create:
            found = Account(name=key)
            self.account_names[key] = found
            self.created.append(found)
        return found

    def existing(self, record_id: str | None, name: str | None) -> Record | None:
        if record_id:
            found = self.store.get(self.model, record_id, include_deleted=True)
            if found is not None and found.deleted:
                raise ValueError(f"id: {record_id!r} was deleted; leave the id empty to add it")
            return found
        if self.model is Account and name:
            return self.account_names.get(name)
        return None

    def claim(self, key: str, number: int) -> None:
        """Refuse a second row for the same record within one file."""
        if key in self.rows_by_key:
            raise ValueError(f"the same record as row {self.rows_by_key[key]}")
        self.rows_by_key[key] = number


def _default(model: type[Record], name: str) -> Any:
    return model.model_fields[name].get_default(call_default_factory=True)


def _resolve(kind: str, values: dict[str, Any], records: _Records) -> dict[str, Any]:
    """The row's `account` column → `account_id` (contacts and opportunities)."""
    key = values.pop("account", None)
    if kind == "accounts":
        return values
    if not key:
        raise ValueError("account: missing (name or id of the account)")
    account = records.account(key, create=kind == "opportunities")
    if account is None:
        raise ValueError(f"account: no account named {key!r}")
    values["account_id"] = account.id
    if kind == "invoices":
        values["opportunity_id"] = _invoice_opportunity(
            values.pop("opportunity", None), account, records
        )
    return values


def _invoice_opportunity(key: str | None, account: Account, records: _Records) -> str:
    """An invoice row's opportunity, by id or by name at the row's account; empty is allowed
    (an invoice not tied to one opportunity)."""
    if not key:
        return ""
    for opp in records.store.find(Opportunity, account_id=account.id):
        if key in (opp.id, opp.name):
            return opp.id
    raise ValueError(f"opportunity: no opportunity {key!r} at {account.name}")


def _invoice_payments(
    existing: Invoice | None, paid: Decimal | None, amount: Decimal | None
) -> list[dict[str, Any]] | None:
    """The `paid` column (已收金额) is the total received so far: what is new since the records
    already held becomes one payment dated today. None: leave the payments as they are."""
    if paid is None:
        return None
    before = existing.payments if existing is not None else []
    received = sum((p.amount for p in before), Decimal(0))
    total = amount if amount is not None else (existing.amount if existing else None)
    if total is not None and paid > total:
        raise ValueError(f"paid: {paid} is more than the amount {total}")
    if paid < received:
        raise ValueError(f"paid: {paid} is less than the {received} already recorded")
    if paid == received:
        return None
    new = Payment(amount=paid - received, paid_on=date.today(), note="(imported)")
    return [p.model_dump() for p in before] + [new.model_dump()]


def _stage_history(
    existing: Opportunity | None, values: dict[str, Any], entered: date | None, previous: Any
) -> list[StageChange] | None:
    """A new opportunity starts its history at the file's stage date; a stage changed by the
    file is recorded as a move on that date (or today)."""
    stage = int(values.get("stage") or (existing.stage if existing else 1))
    values["stage"] = stage
    if existing is None:
        if entered is None:
            return []
        from_stage = int(previous) if previous else None
        return [StageChange(stage=stage, entered_on=entered, from_stage=from_stage)]
    if stage == existing.stage:
        return None
    move = StageChange(stage=stage, entered_on=entered or date.today(), from_stage=existing.stage)
    return [*existing.stage_history, move]


def _build(
    kind: str, values: dict[str, Any], records: _Records, number: int
) -> tuple[Record, Record | None]:
    """The record a row describes, and the existing one it updates (None when it is new)."""
    model = MODELS[kind]
    record_id = values.pop("id", None)
    existing = records.existing(record_id, values.get("name"))
    if existing is not None:
        records.claim(existing.id, number)
    elif record_id:
        records.claim(record_id, number)
    elif kind == "accounts" and values.get("name"):
        records.claim(f"name:{values['name']}", number)
    values = _resolve(kind, values, records)
    entered = values.pop("stage_entered_on", None)
    previous = values.pop("previous_stage", None)
    if kind == "invoices":
        paid = values.pop("paid", None)
        payments = _invoice_payments(existing, paid, values.get("amount"))  # type: ignore[arg-type]
        if payments is not None:
            values["payments"] = payments
    if kind == "opportunities":
        history = _stage_history(existing, values, entered, previous)  # type: ignore[arg-type]
        if history is not None:
            values["stage_history"] = [h.model_dump() for h in history]
        if values.get("status") == e.OpportunityStatus.LOST and not values.get("lost_reason"):
            values["lost_reason"] = "(imported)"
    if existing is None:
        fields = {k: v for k, v in values.items() if v is not None}
        if record_id:
            fields["id"] = record_id
        return model(**fields), None
    # The columns present in the file define the value: an emptied cell clears the field.
    changes = {k: (_default(model, k) if v is None else v) for k, v in values.items()}
    if "account_id" in changes and changes["account_id"] is None:
        changes.pop("account_id")
    return existing.with_changes(**changes), existing


def read_table_records(store: Store, kind: str, table: Table, path: Path | str) -> CsvImport:
    """Validate every row of a table already read; nothing is written."""
    mapping, warnings = map_header(kind, table.header, path)
    result = CsvImport(kind, Path(str(path)), rows=len(table.rows), encoding=table.encoding)
    result.warnings = warnings
    records = _Records(store, MODELS[kind])
    from_csv = table.encoding != "xlsx"
    for number, row in table.rows:
        if number == table.incomplete_row:
            result.errors.append(
                f"row {number}: incomplete (the file ends in the middle of this row)"
            )
            result.refused_rows.add(number)
            continue
        values, errors = _row_values(mapping, row, number, len(table.header), from_csv)
        if not errors:
            try:
                record, existing = _build(kind, values, records, number)
            except ValidationError as exc:
                errors = _validation_errors(number, exc)
            except ValueError as exc:
                errors = [f"row {number}: {exc}"]
        if errors:
            result.errors += errors
            result.refused_rows.add(number)
            continue
        if existing is None:
            result.added += 1
            result.records.append(record)
        elif record == existing:
            result.unchanged += 1
        else:
            result.updated += 1
            result.updated_ids.add(record.id)
            result.records.append(record)
    result.new_accounts = records.created
    result.records = [*records.created, *result.records]
    return result


def read_csv(store: Store, kind: str, path: Path | str, *, sheet: str | None = None) -> CsvImport:
    """Read and validate a whole CSV or .xlsx file (`-` = standard input); nothing is written."""
    if kind not in ALIASES:
        kinds = ", ".join(ALIASES)
        raise ImportRejected(f"{path}: cannot import {kind!r}; use {kinds}")
    table = read_table(path, sheet=sheet)
    return read_table_records(store, kind, table, path)


def rejection(result: CsvImport) -> ImportRejected:
    """The error for an import refused because of invalid rows (the first three quoted)."""
    first = "; ".join(result.errors[:3])
    more = f" (+{len(result.errors) - 3} more)" if len(result.errors) > 3 else ""
    return ImportRejected(
        f"{result.path}: {len(result.errors)} invalid row(s), nothing imported: {first}{more}"
    )


def import_csv(
    store: Store,
    kind: str,
    path: Path | str,
    *,
    dry_run: bool = False,
    valid_only: bool = False,
    sheet: str | None = None,
) -> CsvImport:
    """Read, validate, then write every new or changed record in one atomic step (or nothing).

    Any invalid row refuses the whole file unless `valid_only` accepts importing only the valid
    rows; `dry_run` validates and reports but never writes.
    """
    result = read_csv(store, kind, path, sheet=sheet)
    if result.errors and not valid_only:
        raise rejection(result)
    if not dry_run and result.records:
        store.save_many(result.records)
    return result


def export_csv(store: Store, kind: str, lang: str = "en") -> str:
    """Kept here for callers of the old name; see `table_export.export_csv`."""
    from dragon_tui.export.table_export import export_csv as export

    return export(store, kind, lang)
