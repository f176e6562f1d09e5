"""Pydantic models of every stored record; `RECORD_TYPES` lists them, `model_for_table` finds one."""

import collections.abc
import dataclasses
import enum
import functools
import typing
from typing import Any

from pydantic import BaseModel

from dragon_tui.models.account import ACard, ACardScore, Account, Competitor
from dragon_tui.models.activity import Activity, Checklist, ChecklistItem, NextStep
from dragon_tui.models.base import Model, Record, new_id, utc_now
from dragon_tui.models.commitment import (
    Concession,
    CreditCheck,
    NegotiationPlan,
    SignalSeen,
    StageOverride,
    Trade,
    Upsell,
)
from dragon_tui.models.conflict import Conflict
from dragon_tui.models.contact import AttitudeChange, Contact
from dragon_tui.models.enums import *  # noqa: F403
from dragon_tui.models.needs import NeedItem, Objection, SpinAnswer, SpinQuestion
from dragon_tui.models.opportunity import Invoice, Opportunity, Payment, StageChange
from dragon_tui.models.proposal import (
    CompetitiveCell,
    FabStatement,
    Product,
    Proposal,
    Quote,
    QuoteLine,
)
from dragon_tui.models.settings import (
    DEFAULT_EXPECTED_STAGE_DAYS,
    DEFAULT_WIN_RATES,
    SETTINGS_ID,
    Settings,
)

RECORD_TYPES: tuple[type[Record], ...] = (
    Account,
    Contact,
    Competitor,
    Opportunity,
    Activity,
    Checklist,
    Proposal,
    Product,
    CompetitiveCell,
    SpinQuestion,
    SpinAnswer,
    NeedItem,
    Objection,
    Invoice,
    Conflict,
    Settings,
)
_BY_TABLE = {model.table: model for model in RECORD_TYPES}


def model_for_table(table: str) -> type[Record]:
    """The record type stored in `table`; KeyError for an unknown table."""
    return _BY_TABLE[table]


__all__ = [
    "ACard",
    "ACardScore",
    "Account",
    "Activity",
    "AttitudeChange",
    "Checklist",
    "ChecklistItem",
    "CompetitiveCell",
    "Competitor",
    "Concession",
    "Conflict",
    "Contact",
    "CreditCheck",
    "DEFAULT_EXPECTED_STAGE_DAYS",
    "DEFAULT_WIN_RATES",
    "FabStatement",
    "Invoice",
    "Model",
    "NegotiationPlan",
    "NeedItem",
    "NextStep",
    "Objection",
    "Opportunity",
    "Payment",
    "Product",
    "Proposal",
    "Quote",
    "QuoteLine",
    "RECORD_TYPES",
    "Record",
    "SETTINGS_ID",
    "Settings",
    "SignalSeen",
    "SpinAnswer",
    "SpinQuestion",
    "StageChange",
    "StageOverride",
    "Trade",
    "Upsell",
    "model_for_table",
    "new_id",
    "utc_now",
    "build_validators",
]

# The tables whose records hang from an account (`account_id`) or an opportunity
# (`opportunity_id`): what an account's bundle scope and a hub's row checks follow.
BY_ACCOUNT = (
    "contacts",
    "competitors",
    "opportunities",
    "activities",
    "checklists",
    "proposals",
    "invoices",
)
BY_OPPORTUNITY = ("need_items", "spin_answers", "competitive_cells")


def build_validators() -> None:
    """Build every model's validator now (a worker, while the rep reads the list), rather than
    on the first record of each kind a screen reads (`defer_build` in `Model`)."""
    pending = list(Model.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        model.model_rebuild()


@functools.cache
def nested_keys(model: type[BaseModel]) -> frozenset[str] | None:
    """Every key a valid document of `model` may hold below its top level: the fields of the
    models inside it and the members of the enums its mappings are keyed by. None when some
    field may hold a key this cannot list (a mapping keyed by free text, `Any`, a dataclass or
    a typed dict). A key not in this set names a top-level field wherever it appears in a valid
    document (`store.read_fields` relies on it)."""
    keys: set[str] = set()
    seen: set[type] = {model}
    pending: list[Any] = [field.annotation for field in model.model_fields.values()]
    while pending:
        kind = pending.pop()
        if kind is Any or kind is object:
            return None
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind not in seen:
                seen.add(kind)
                for name, field in kind.model_fields.items():
                    keys.update(k for k in (name, field.alias) if k)
                    pending.append(field.annotation)
            continue
        if isinstance(kind, type) and (
            dataclasses.is_dataclass(kind)
            or typing.is_typeddict(kind)
            or issubclass(kind, collections.abc.Mapping)
        ):
            return None  # keys this does not list (an unparametrised dict among them)
        origin = typing.get_origin(kind)
        args = typing.get_args(kind)
        if origin is typing.Annotated:
            pending.append(args[0])
            continue
        if isinstance(origin, type) and issubclass(origin, collections.abc.Mapping):
            key = args[0] if args else Any
            if not (isinstance(key, type) and issubclass(key, enum.Enum)):
                return None
            keys.update(str(member.value) for member in key)
            pending.extend(args[1:])
            continue
        pending.extend(args)
    return frozenset(keys)
