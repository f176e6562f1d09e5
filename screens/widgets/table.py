"""The app's table: `home` and `end` go to the first and last row, and each cell is drawn
once, at its column's width."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable):
    """A DataTable on which, with a row cursor, `home` and `end` move the cursor to the first
    and last row (Textual's go to the first and last column, which a row cursor does not have:
    the table scrolled sideways and the cursor stayed where it was); with a cell cursor they do
    what Textual's do. Its cells are drawn again only when what they show or their width
    changes (see `_on_resize`, `_update_dimensions`)."""

    BINDINGS = [
        Binding("home", "first_row", "First", show=False, id="table.first_row"),
        Binding("end", "last_row", "Last", show=False, id="table.last_row"),
    ]

    def _on_resize(self, event: events.Resize) -> None:
        # Textual's table counts a resize as a change of its cells, so every cell on screen was
        # drawn again after the first frame of a screen (the table is given its size then): a
        # tenth of opening the funnel. A cell is drawn at its column's width, which the table's
        # size does not change, and the lines drawn are kept by width: nothing to draw again.
        event.prevent_default()

    def _update_dimensions(self, new_rows) -> None:
        # Textual measures every cell of the rows added (a rich measure each, a tenth of opening
        # the funnel) to widen columns sized to their content. A column given its width and a
        # row given its height have nothing to measure: only the table's size is worked out.
        new_rows = list(new_rows)
        sized = [c for c in self.columns.values() if c.auto_width]
        if sized or any(
            row.auto_height or row.label is not None
            for row in (self.rows.get(key) for key in new_rows)
            if row is not None
        ):
            before = [c.content_width for c in sized]
            super()._update_dimensions(new_rows)
            if before != [c.content_width for c in sized]:
                # Textual keeps each cell as drawn under a key without its width: cells drawn
                # before their rows were measured (at the heading's width, when the screen
                # painted first) would stay cut. A new count draws them again at the new width.
                self._update_count += 1
                self.refresh()
        else:
            super()._update_dimensions(())

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
