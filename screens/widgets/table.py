"""A table of rows whose `home` and `end` go to the first and last row."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable):
    """A DataTable with a row cursor, on which `home` and `end` move the cursor to the first and
    last row (Textual's go to the first and last column, which a row cursor does not have: the
    table scrolled sideways and the cursor stayed where it was)."""

    BINDINGS = [
        Binding("home", "first_row", "First", show=False, id="table.first_row"),
        Binding("end", "last_row", "Last", show=False, id="table.last_row"),
    ]

    def action_first_row(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_top()
        else:
            self.action_scroll_home()

    def action_last_row(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_bottom()
        else:
            self.action_scroll_end()
