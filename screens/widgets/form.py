"""A small form over a pydantic record: text inputs and enum selects, validated by the model."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from dragon_tui.labels import label, t
from dragon_tui.models import Record

from .invalid import explain


@dataclass(frozen=True)
class Field:
    name: str
    label_key: str
    enum: type[Enum] | None = None
    is_list: bool = False  # comma-separated list of strings


class RecordForm(Vertical):
    """Shows `fields` of a record; `values()` reads them back; `apply()` validates via the model.

    An invalid value leaves everything the user typed in place and shows a message naming the
    field, instead of losing the edit.
    """

    def __init__(self, record: Record, fields: list[Field], lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = record
        self.fields = fields
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Grid(classes="form-grid"):
            for f in self.fields:
                yield Label(t(f.label_key, self.lang), id=f"label-{f.name}")
                value = getattr(self.record, f.name)
                if f.enum is not None:
                    options = [(label(m, self.lang), m.value) for m in f.enum]
                    current = value.value if isinstance(value, Enum) else Select.NULL
                    yield Select(
                        options,
                        value=current,
                        id=f"field-{f.name}",
                        allow_blank=True,
                        compact=True,
                        prompt=t("form.none", self.lang),
                    )
                else:
                    shown = ", ".join(value) if f.is_list else ("" if value is None else str(value))
                    yield Input(shown, id=f"field-{f.name}", compact=True)
        yield Static("", id="form-error", classes="form-error")

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                result[f.name] = (
                    None if widget.value in (Select.NULL, Select.BLANK) else widget.value
                )
            else:
                text = widget.value
                if f.is_list:
                    result[f.name] = [
                        p.strip() for p in text.replace("，", ",").split(",") if p.strip()
                    ]
                else:
                    result[f.name] = (
                        text
                        if text.strip() or isinstance(getattr(self.record, f.name), str)
                        else None
                    )
        return result

    def apply(self) -> Record | None:
        """The record with the form's values, or None (and an inline message) if invalid."""
        error = self.query_one("#form-error", Static)
        try:
            updated = self.record.with_changes(**self.values())
        except ValidationError as exc:
            first = exc.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            labels = {f.name: t(f.label_key, self.lang) for f in self.fields}
            error.update(Text(explain(exc, self.lang, labels)))
            for widget in self.query(".-invalid"):
                widget.remove_class("-invalid")
            if name:
                for widget in self.query(f"#field-{name}"):
                    widget.add_class("-invalid")
            return None
        error.update("")
        self.record = updated
        return updated
