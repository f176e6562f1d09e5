"""Import accounts, contacts, opportunities or invoices from a CSV file: preview with per-row errors, then import."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Select, Static

from dragon_tui.errors import DragonError
from dragon_tui.export.csv_io import CsvImport, read_csv
from dragon_tui.models import Record

from .base import DragonScreen, literal
from .widgets.confirm import ConfirmScreen
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.table import RowTable

KINDS = ("accounts", "contacts", "opportunities", "invoices")


class CsvImportScreen(DragonScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="csv_import.app_pop_screen")]

    def __init__(self, store, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.preview: CsvImport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="sync-row"):
            yield Select(
                [(k, k) for k in KINDS],
                value="accounts",
                allow_blank=False,
                id="csv-kind",
                compact=True,
            )
            yield Input(id="csv-path", compact=True)
            yield Button("", id="csv-preview", compact=True)
            yield Button("", id="csv-import", compact=True, variant="primary")
        yield Static(id="csv-summary", classes="metrics")
        yield RowTable(id="csv-rows", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.csv_import")
        self.query_one("#csv-path", Input).placeholder = self.t("csv.path")
        self.query_one("#csv-preview", Button).label = self.t("sync.preview")
        self.query_one("#csv-import", Button).label = self.t("sync.apply")
        if self.preview is None:
            self.query_one("#csv-summary", Static).update(self.t("csv.hint"))

    @on(Button.Pressed, "#csv-preview")
    def _preview(self) -> None:
        path = Path(self.query_one("#csv-path", Input).value).expanduser()
        kind = str(self.query_one("#csv-kind", Select).value)
        try:
            self.preview = read_csv(self.store, kind, path)
        except DragonError as err:
            self.preview = None
            self.query_one("#csv-summary", Static).update(Text(str(err), style="red"))
            return
        self._show()

    def _show(self) -> None:
        p = self.preview
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if p is None:
            return
        self.query_one("#csv-summary", Static).update(
            Text(p.summary(), style="yellow" if p.errors else "green")
        )
        table.add_column(self.t("csv.status"))
        table.add_column(self.t("sync.record"))
        for warning in p.warnings:
            table.add_row(Text(self.t("csv.warning"), style="yellow"), literal(warning))
        for error in p.errors:
            table.add_row(Text(self.t("csv.error"), style="red"), literal(error))
        for record in p.records[:500]:
            change = "sync.updated" if record.id in p.updated_ids else "sync.added"
            table.add_row(self.t(change), literal(self._record_name(record)))

    @staticmethod
    def _record_name(record: Record) -> str:
        return f"{record.table}: {getattr(record, 'name', record.id)}"

    @on(Button.Pressed, "#csv-import")
    def _import(self) -> None:
        p = self.preview
        if p is None:
            self.notify(self.t("sync.preview_first"), severity="warning")
            return
        question = (
            self.t("csv.confirm_valid_only", valid=len(p.records), invalid=len(p.errors))
            if p.errors
            else self.t("csv.confirm", count=len(p.records))
        )

        def done(yes: bool | None) -> None:
            if yes and self.attempt(lambda: self.store.save_many(p.records)) is not None:
                self.notify(self.t("csv.imported", count=len(p.records)))
                self.preview = None
                self.query_one(DataTable).clear(columns=True)
                self.refresh_language()

        self.app.push_screen(ConfirmScreen(question, self.lang), done)
