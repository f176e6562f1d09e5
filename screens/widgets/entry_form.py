"""A modal form of text fields and pick-lists that builds one value through a model.

`build(values)` turns the fields into the value (a FAB statement, a quote line, a product …);
whatever the model refuses is shown inline under the fields and everything typed stays.
Escape with edits asks save / discard / stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import InvalidOperation
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from dragon_tui.errors import DragonError
from dragon_tui.labels import t

from ..base import literal
from .footer import Footer
from .footer_language import TranslatedFooter
from .invalid import explain
from .unsaved import leave_or_ask


@dataclass(frozen=True)
class EntryField:
    """A text field (no `options`) or a pick-list of (shown label, value) pairs."""

    name: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None
    required: bool = False  # for pick-lists: blank is refused with a message


class FormRefused(Exception):
    """Raised by a `build` function: the message is shown inline, naming the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


class EntryFormScreen(TranslatedFooter, ModalScreen[Any]):
    """ctrl+s (or enter in a text field) builds and dismisses with the value; escape cancels
    (asking if anything changed). Focus starts on the first field still empty."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Save", id="entry_form.submit"),
        Binding("escape", "cancel", "Cancel", id="entry_form.cancel"),
    ]

    def __init__(
        self,
        heading: str,
        fields: list[EntryField],
        build: Callable[[dict[str, str | None]], Any],
        lang: str,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.fields = fields
        self.build = build
        self.lang = lang
        self._initial: dict[str, str | None] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry-dialog"):
            yield Static(literal(self.heading), classes="section-title")
            with Grid(classes="form-grid"):
                for f in self.fields:
                    yield Label(f.label, id=f"label-{f.name}")
                    if f.options is not None:
                        yield Select(
                            # names (people, products, needs) are user text: shown literally
                            [(literal(label), value) for label, value in f.options],
                            value=f.value or Select.NULL,
                            id=f"field-{f.name}",
                            allow_blank=True,
                            prompt=t("form.none", self.lang),
                            compact=True,
                        )
                    else:
                        yield Input(f.value, id=f"field-{f.name}", compact=True)
            yield Static("", id="entry-error", classes="form-error")
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self.values()
        # the first field still to fill: a pick-list already set (the only product …) is skipped
        fields = list(self.query("Input, Select"))
        empty = [
            w
            for w in fields
            if (w.is_blank() if isinstance(w, Select) else not w.value)  # type: ignore[attr-defined]
        ]
        (empty or fields)[0].focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text field submits the form, as ctrl+s does."""
        event.stop()
        self.action_submit()

    def values(self) -> dict[str, str | None]:
        result: dict[str, str | None] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                result[f.name] = None if widget.is_blank() else str(widget.value)
            else:
                result[f.name] = widget.value
        return result

    @property
    def is_changed(self) -> bool:
        return self.values() != self._initial

    def _refuse(self, field_name: str, message: str) -> None:
        error = self.query_one("#entry-error", Static)
        error.update(literal(message))
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        for widget in self.query(f"#field-{field_name}"):
            widget.add_class("-invalid")
            widget.focus()  # the field to fix, in view
        self.call_after_refresh(error.scroll_visible)  # the message under the form, in view

    def action_submit(self) -> None:
        values = self.values()
        labels = {f.name: f.label for f in self.fields}
        for f in self.fields:
            if f.required and not values[f.name]:
                self._refuse(f.name, f"{f.label}: {t('invalid.pick', self.lang)}")
                return
        try:
            built = self.build(values)
        except FormRefused as exc:
            self._refuse(exc.field_name, f"{labels.get(exc.field_name, '')}: {exc}")
            return
        except (ValidationError, InvalidOperation, DragonError) as exc:
            message = explain(exc, self.lang, labels)
            name = exc.errors()[0]["loc"][0] if isinstance(exc, ValidationError) else ""
            self._refuse(str(name), message)
            return
        self.dismiss(built)

    def action_cancel(self) -> None:
        leave_or_ask(
            self, self.is_changed, self.action_submit, lambda: self.dismiss(None), self.lang
        )
