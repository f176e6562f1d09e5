"""The record base class: the fields every stored record carries for sync and history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator, model_validator

# Field sizes: generous for real use, but bounded so absurd input is refused with a clear message.
NAME_MAX = 300
TEXT_MAX = 1_048_576  # 1 MiB of text in one field is already absurd; more is refused
LIST_MAX = 10_000

Name = Annotated[str, Field(max_length=NAME_MAX)]
ShortText = Annotated[str, Field(max_length=2_000)]
LongText = Annotated[str, Field(max_length=TEXT_MAX)]
# Money is a Decimal, stored as a string so no float rounding ever touches it.
Money = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("1e13"), max_digits=18, decimal_places=4, allow_inf_nan=False),
    PlainSerializer(lambda v: str(v), return_type=str, when_used="json"),
]
SignedMoney = Annotated[
    Decimal,
    Field(ge=Decimal("-1e13"), le=Decimal("1e13"), allow_inf_nan=False),
    PlainSerializer(lambda v: str(v), return_type=str, when_used="json"),
]
Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def new_id() -> str:
    """A random, globally unique id (UUID4 as a string)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


# The sets of field names models were given, one of each: see `Model._share_fields_set`.
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


class Model(BaseModel):
    """Base of every model: immutable, strict about unknown fields."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_enum_values=False,
        validate_default=True,
        str_strip_whitespace=False,
        # Each model's validator is built when first used, not as the app imports the models
        # (70 ms of every start): the list's warm-up builds them all (`build_validators`).
        # pydantic >= 2.14 builds a model once when two threads first use it at once.
        defer_build=True,
    )

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        """Records read from one table name the same fields: they share one set of the names set,
        instead of a set each (2 KB a person; 100 MB for the people of 5,000 accounts). Safe
        because a model is frozen: pydantic changes the set only on assignment, and copies it
        before changing it in `model_copy(update=)`."""
        names = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(names), names)
        if shared is not names:
            object.__setattr__(self, "__pydantic_fields_set__", shared)
        return self

    def with_changes(self, **changes: Any) -> Self:
        """A validated copy with some fields changed (model_copy(update=) does not validate)."""
        data = self.model_dump()
        data.update(changes)
        return type(self).model_validate(data)


class Record(Model):
    """A stored record. `table` names its TinyDB table.

    `revision`, `updated_at`, `updated_by` and `deleted` are what sync merges on: the store bumps
    them on every save; a delete keeps the record as a tombstone so it travels to other laptops.
    """

    table: ClassVar[str] = ""
    # Fields holding personal information (METHOD §2.1 cat. 3), left out of redacted exports.
    personal_fields: ClassVar[frozenset[str]] = frozenset()

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    updated_by: str = Field(default="", max_length=64)
    revision: int = Field(default=0, ge=0)
    deleted: bool = False

    @field_validator("created_at", "updated_at")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
