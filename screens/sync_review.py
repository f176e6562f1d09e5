"""Sync (同步): export a bundle, and preview an import (counts and lists) before applying it."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from dragon_tui.errors import DragonError
from dragon_tui.locations import export_folder as default_export_folder
from dragon_tui.service.exchange import ImportPlan, describe
from dragon_tui.sync.files import needs_passphrase, read_bundle

from .base import DragonScreen, literal
from .widgets.confirm import ConfirmScreen
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.table import RowTable


class SyncScreen(DragonScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="sync_review.app_pop_screen")]

    def __init__(self, store, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.plan: ImportPlan | None = None
        self.plan_path: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sync-export", classes="sync-box"):
            yield Label("", id="export-title", classes="section-title")
            # given at construction, the input opens scrolled to its end: the file name shows
            yield Input(
                str(default_export_folder() / f"dragon-{self.store.device_id}.bundle"),
                id="export-path",
                compact=True,
            )
            with Horizontal(classes="sync-row"):
                yield Checkbox("", id="export-redact", compact=True)
                yield Checkbox("", id="export-encrypt", compact=True)
                yield Button("", id="export-go", compact=True)
        with Vertical(id="sync-import", classes="sync-box"):
            yield Label("", id="import-title", classes="section-title")
            yield Input(id="import-path", compact=True)
            with Horizontal(classes="sync-row"):
                yield Button("", id="import-preview", compact=True)
                yield Button("", id="import-apply", compact=True, variant="primary")
        with Vertical(id="sync-hub", classes="sync-box"):
            yield Label("", id="hub-title", classes="section-title")
            with Horizontal(classes="sync-row"):
                yield Input(id="hub-url", compact=True)
                yield Button("", id="hub-go", compact=True)
        yield Input(id="passphrase", password=True, compact=True)
        yield Static(id="sync-summary", classes="metrics")
        yield RowTable(id="sync-changes", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        import os

        self.query_one("#hub-url", Input).value = os.environ.get("DRAGON_TUI_SERVER", "")
        self.refresh_language()
        # the bundle path first: enter there exports (the usual errand), tab reaches the rest
        self.query_one("#export-path", Input).focus()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.sync")
        for wid, key in (
            ("#export-title", "sync.export_title"),
            ("#import-title", "sync.import_title"),
            ("#hub-title", "hub.title"),
        ):
            self.query_one(wid, Label).update(self.t(key))
        self.query_one("#export-redact", Checkbox).label = self.t("sync.redact")
        self.query_one("#export-encrypt", Checkbox).label = self.t("sync.encrypt")
        for wid, key in (
            ("#export-go", "sync.export"),
            ("#import-preview", "sync.preview"),
            ("#import-apply", "sync.apply"),
            ("#hub-go", "hub.go"),
        ):
            self.query_one(wid, Button).label = self.t(key)
        self.query_one("#hub-url", Input).placeholder = self.t("hub.placeholder")
        self.query_one("#import-path", Input).placeholder = self.t("sync.import_placeholder")
        self.query_one("#passphrase", Input).placeholder = self.t("sync.passphrase")
        self._show_plan()

    def _passphrase(self) -> str | None:
        return self.query_one("#passphrase", Input).value or None

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _export(self) -> None:
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        redact = self.query_one("#export-redact", Checkbox).value
        secret = self._passphrase() if self.query_one("#export-encrypt", Checkbox).value else None
        if self.query_one("#export-encrypt", Checkbox).value and not secret:
            self.notify(self.t("sync.need_passphrase"), severity="error")
            return
        self.run_export(path, redact, secret)

    @work(thread=True, exclusive=True)
    def run_export(self, path: Path, redact: bool, secret: str | None) -> None:
        try:
            bundle, size = self.store.export_to_file(path, redact=redact, passphrase=secret)
        except (DragonError, OSError) as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", markup=False)
            return
        message = self.t(
            "sync.exported", count=len(bundle.records), path=str(path), size=f"{size:,}"
        )
        self.app.call_from_thread(self.notify, message, markup=False, timeout=8)

    @on(Button.Pressed, "#hub-go")
    def _hub_sync(self) -> None:
        self.run_hub_sync(self.query_one("#hub-url", Input).value.strip())

    @work(thread=True, exclusive=True)
    def run_hub_sync(self, url: str) -> None:
        """Sync with the team hub (docs/team-hub.md), showing the progress in the summary."""
        from dragon_tui.hub.client import connect, hub_errors, server_url
        from dragon_tui.service.hub_sync import sync_with_hub

        def progress(phase: str, done: int, total: int) -> None:
            shown = self.t(f"hub.phase.{phase}")
            message = self.t("hub.progress", phase=shown, done=done, total=total)
            self.app.call_from_thread(self.query_one("#sync-summary", Static).update, message)

        try:
            conn = connect(server_url(url))
            try:
                result = sync_with_hub(self.store, conn, progress)
            except hub_errors() as exc:
                raise DragonError(f"hub: {(str(exc).strip().splitlines() or ['?'])[0]}") from None
            finally:
                conn.close()
        except DragonError as err:
            self.app.call_from_thread(self._failed, str(err))
            return
        plan = result.plan
        message = self.t(
            "hub.done",
            rep=result.rep,
            pushed=result.pushed,
            pulled=result.pulled,
            added=len(plan.added),
            updated=len(plan.updated),
            deleted=len(plan.deleted),
            conflicts=len(plan.conflicts),
        )
        if result.refused:
            message += "  " + self.t("hub.refused", count=len(result.refused))
        self.app.call_from_thread(self._hub_done, message)

    def _hub_done(self, message: str) -> None:
        self.plan = None
        self.query_one(DataTable).clear(columns=True)
        self.query_one("#sync-summary", Static).update(Text(message))
        self.notify(message, markup=False, timeout=8)

    @on(Button.Pressed, "#import-preview")
    def _preview(self) -> None:
        path = Path(self.query_one("#import-path", Input).value).expanduser()
        self.run_preview(path, self._passphrase())

    @work(thread=True, exclusive=True)
    def run_preview(self, path: Path, secret: str | None) -> None:
        try:
            if needs_passphrase(path) and not secret:
                raise DragonError(self.t("sync.need_passphrase"))
            plan = self.store.preview_import(read_bundle(path, secret), path)
        except DragonError as err:
            self.app.call_from_thread(self._failed, str(err))
            return
        self.app.call_from_thread(self._planned, plan, path)

    def _failed(self, message: str) -> None:
        self.plan = None
        self.query_one("#sync-summary", Static).update(Text(message, style="red"))
        self.query_one(DataTable).clear(columns=True)

    def _planned(self, plan: ImportPlan, path: Path) -> None:
        self.plan, self.plan_path = plan, path
        self._show_plan()

    def _show_plan(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if self.plan is None:
            self.query_one("#sync-summary", Static).update(self.t("sync.no_plan"))
            return
        p = self.plan
        self.query_one("#sync-summary", Static).update(
            self.t(
                "sync.summary",
                added=len(p.added),
                updated=len(p.updated),
                unchanged=p.unchanged,
                deleted=len(p.deleted),
                conflicts=len(p.conflicts),
            )
        )
        table.add_column(self.t("sync.change"))
        table.add_column(self.t("sync.record"))
        for key, records in (
            ("sync.added", p.added),
            ("sync.updated", p.updated),
            ("sync.deleted", p.deleted),
            ("sync.conflict", p.conflicts),
        ):
            for record in records[:500]:
                table.add_row(
                    self.t(key),
                    literal(
                        describe(record)
                        if key != "sync.conflict"
                        else f"{record.record_table}/{record.field}"
                    ),
                )

    @on(Button.Pressed, "#import-apply")
    def _apply(self) -> None:
        if self.plan is None:
            self.notify(self.t("sync.preview_first"), severity="warning")
            return
        plan = self.plan

        def done(yes: bool | None) -> None:
            applied = self.attempt(lambda: self.store.apply_import(plan)) if yes else None
            if applied is not None:
                self.notify(self.t("sync.applied", summary=applied.summary()), markup=False)
                self.plan = None
                self._show_plan()

        self.app.push_screen(
            ConfirmScreen(
                self.t("sync.confirm", path=str(self.plan_path), summary=plan.summary()), self.lang
            ),
            done,
        )
