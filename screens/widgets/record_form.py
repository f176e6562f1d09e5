"""A modal form to add or edit one record (contact, competitor, opportunity) through its model."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dragon_tui.errors import DragonError
from dragon_tui.labels import t
from dragon_tui.models import Record
from dragon_tui.service.records import Service

from .form import Field, RecordForm
from .unsaved import leave_or_ask


class RecordFormScreen(ModalScreen[Record | None]):
    """ctrl+s validates and saves (an invalid field is named and nothing typed is lost)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="record_form.save"),
        Binding("escape", "cancel", "Cancel", id="record_form.cancel"),
    ]

    def __init__(
        self, store: Service, record: Record, fields: list[Field], title: str, lang: str
    ) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.fields = fields
        self.heading = title
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="record-dialog"):
            yield Static(self.heading, markup=False, classes="section-title")
            yield RecordForm(self.record, self.fields, self.lang)

    def on_mount(self) -> None:
        form = self.query_one(RecordForm)
        self._initial = form.values()
        form.query("Input, Select").first().focus()

    def action_save(self) -> None:
        updated = self.query_one(RecordForm).apply()
        if updated is None:
            return
        try:
            saved = self.store.save(updated)
        except DragonError as err:
            self.notify(err.text(self.lang), severity="error", markup=False)
            return
        self.app.notify(t("notify.saved", self.lang))
        self.dismiss(saved)

    def action_cancel(self) -> None:
        """Leave; with unsaved edits, ask save / discard / stay first."""
        changed = self.query_one(RecordForm).values() != self._initial
        leave_or_ask(self, changed, self.action_save, lambda: self.dismiss(None), self.lang)
