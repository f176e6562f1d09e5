"""Conflict review (冲突): the same field changed on two laptops; keep it, take the other, or edit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from dragon_tui.models import Conflict, model_for_table

from .base import DragonScreen, literal
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.prompt import PromptScreen
from .widgets.table import RowTable


def shown(value: object) -> str:
    return "—" if value is None else str(value)


class ConflictsScreen(DragonScreen):
    BINDINGS = [
        Binding("k", "keep", "Keep current", id="conflicts.keep"),
        Binding("t", "take_other", "Take other", id="conflicts.take_other"),
        Binding("e", "edit", "Edit", id="conflicts.edit"),
        Binding("escape", "app.pop_screen", "Back", id="conflicts.app_pop_screen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield RowTable(id="conflicts", cursor_type="row")
        yield Static(id="conflicts-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one(DataTable).focus()

    def _open(self) -> list[Conflict]:
        return sorted(
            (c for c in self.store.all(Conflict) if not c.resolved),
            key=lambda c: c.detected_at,
            reverse=True,
        )

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.conflicts")
        table = self.reset_table(
            self.query_one(DataTable),
            [
                "conflict.record",
                "conflict.field",
                "conflict.kept",
                "conflict.lost",
                "conflict.when",
            ],
        )
        conflicts = self._open()
        for c in conflicts:
            model = model_for_table(c.record_table)
            record = self.store.get(model, c.record_id, include_deleted=True)
            name = getattr(record, "name", None) or c.record_id
            table.add_row(
                literal(f"{self.t('table.' + c.record_table)}: {name}"),
                literal(c.field),
                literal(f"{shown(c.kept_value)} ({c.kept_by})"),
                literal(f"{shown(c.lost_value)} ({c.lost_by})"),
                c.detected_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                key=c.id,
            )
        empty = self.query_one("#conflicts-empty", Static)
        empty.update("" if conflicts else self.t("conflict.none"))
        empty.display = not conflicts

    def _selected(self) -> Conflict | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return self.store.get(
            Conflict, table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        )

    def _resolve(self, conflict: Conflict, value: object | None, change: bool) -> None:
        def write() -> bool:
            records = [conflict.with_changes(resolved=True)]
            if change:
                model = model_for_table(conflict.record_table)
                record = self.store.get(model, conflict.record_id, include_deleted=True)
                if record is not None:
                    records.append(record.with_changes(**{conflict.field: value}))
            self.store.save_many(records)
            return True

        try:
            ok = self.attempt(write)
        except ValueError as err:  # the edited value does not fit the field
            self.notify(f"{conflict.field}: {err}", severity="error", markup=False)
            return
        if ok:
            self.notify(self.t("conflict.resolved"))
            self.refresh_language()

    def action_keep(self) -> None:
        if (c := self._selected()) is not None:
            self._resolve(c, None, change=False)

    def action_take_other(self) -> None:
        if (c := self._selected()) is not None:
            self._resolve(c, c.lost_value, change=True)

    def action_edit(self) -> None:
        c = self._selected()
        if c is None:
            return
        self.app.push_screen(
            PromptScreen(self.t("conflict.edit", field=c.field), value=shown(c.kept_value)),
            lambda text: self._resolve(c, text, change=True) if text is not None else None,
        )
