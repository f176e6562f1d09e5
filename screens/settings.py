"""Settings (设置): stage scheme and win rates, thresholds, target; and the trash (回收站)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, Static

from dragon_tui.models import Account
from dragon_tui.models.enums import StageScheme

from .base import DragonScreen, literal
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.invalid import explain
from .widgets.table import RowTable

NUMBERS = ("stale_contact_days", "overdue_long_days", "large_amount", "sales_target")


class SettingsScreen(DragonScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "app.pop_screen", "Back", id="settings.app_pop_screen"),
    ]

    def compose(self) -> ComposeResult:
        settings = self.store.settings()
        yield Header()
        with VerticalScroll():
            with Grid(classes="form-grid"):
                yield Label("", id="label-scheme")
                yield Select(
                    [(self.label(s), s.value) for s in StageScheme],
                    value=settings.stage_scheme.value,
                    allow_blank=False,
                    id="scheme",
                    compact=True,
                )
                for stage in range(1, 7):
                    yield Label("", id=f"label-rate-{stage}")
                    yield Input(id=f"rate-{stage}", compact=True)
                for name in NUMBERS:
                    yield Label("", id=f"label-{name}")
                    yield Input(str(getattr(settings, name)), id=f"field-{name}", compact=True)
            yield Static("", id="settings-error", classes="form-error")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_rates()
        self.refresh_language()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._fill_rates()
        self.refresh_language()

    def _scheme(self) -> StageScheme:
        return StageScheme(self.query_one("#scheme", Select).value)

    def _fill_rates(self) -> None:
        rates = self.store.settings().win_rates[self._scheme()]
        for stage, rate in enumerate(rates, 1):
            self.query_one(f"#rate-{stage}", Input).value = f"{rate:g}"

    def refresh_language(self) -> None:
        from dragon_tui.method.stages import stage_enum

        self.title = self.t("app.title")
        self.sub_title = self.t("screen.settings")
        self.query_one("#label-scheme", Label).update(self.t("settings.scheme"))
        for stage in range(1, 7):
            name = self.label(stage_enum(self._scheme(), stage))
            self.query_one(f"#label-rate-{stage}", Label).update(
                self.t("settings.rate", stage=name)
            )
        for name in NUMBERS:
            self.query_one(f"#label-{name}", Label).update(self.t(f"settings.{name}"))

    def action_save(self) -> None:
        settings = self.store.settings()
        error = self.query_one("#settings-error", Static)
        try:
            rates = [float(self.query_one(f"#rate-{s}", Input).value) for s in range(1, 7)]
            values = {
                name: self.query_one(f"#field-{name}", Input).value.strip() for name in NUMBERS
            }
            for name in ("large_amount", "sales_target"):
                values[name] = Decimal(values[name] or "0")
            win_rates = {k.value: v for k, v in settings.win_rates.items()} | {
                self._scheme().value: rates
            }
            updated = settings.with_changes(
                stage_scheme=self._scheme(), win_rates=win_rates, **values
            )
        except (ValueError, InvalidOperation, ValidationError) as exc:
            # in the user's language, inline and as a notice (at 80x24 the line under the
            # form can be below the screen's edge)
            if isinstance(exc, ValidationError | InvalidOperation):
                labels = {name: self.t(f"settings.{name}") for name in NUMBERS}
                labels["win_rates"] = self.t("settings.win_rates")
                message = explain(exc, self.lang, labels)
            else:  # float() refused a win rate
                message = self.t("invalid.number")
            error.update(Text(message))
            self.notify(message, severity="error", markup=False)
            return
        if self.attempt(lambda: self.store.save_settings(updated)):
            error.update("")
            self.notify(self.t("notify.saved"))


class TrashScreen(DragonScreen):
    """Deleted accounts, newest first; `r` restores one."""

    BINDINGS = [
        Binding("r", "restore", "Restore", id="settings.restore"),
        Binding("escape", "app.pop_screen", "Back", id="settings.app_pop_screen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield RowTable(id="trash", cursor_type="row")
        yield Static(id="trash-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one(DataTable).focus()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.trash")
        table = self.reset_table(self.query_one(DataTable), ["col.name", "trash.deleted_at"])
        gone = self.store.deleted(Account)
        for account in gone:
            table.add_row(
                literal(account.name),
                account.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                key=account.id,
            )
        empty = self.query_one("#trash-empty", Static)
        empty.update("" if gone else self.t("trash.empty"))
        empty.display = not gone

    def action_restore(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        account_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        restored = self.attempt(lambda: self.store.restore(Account, account_id))
        if restored is not None:
            self.notify(self.t("notify.restored", name=restored.name), markup=False)
            self.refresh_language()
