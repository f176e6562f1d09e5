"""RowTable draws each cell once: a resize does not count as new cells, and rows whose columns
and heights are given are not measured. What it shows must stay right through both."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from screens.widgets.table import RowTable

ROWS = [(f"客户{n:02d}", Text(f"line {n}\nmore {n}"), f"{n * 1000:,}") for n in range(30)]


class Tables(App):
    def compose(self) -> ComposeResult:
        yield RowTable(id="fixed", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_column("名称", width=8)
        table.add_column("Note", width=10)
        table.add_column("Amount", width=8)
        for n, row in enumerate(ROWS):
            table.add_row(*row, key=f"r{n}", height=2)


def screen_text(app: App) -> list[str]:
    strips = app.screen._compositor.render_update(full=True).strips
    return ["".join(seg.text for seg in strip).rstrip() for strip in strips]


async def test_a_table_of_given_widths_shows_right_after_resizes():
    app = Tables()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        # the size is worked out without measuring the cells: every row can be reached
        assert table.virtual_size.height == 1 + 2 * len(ROWS)
        assert table.virtual_size.width == 3 * 2 + 8 + 10 + 8
        lines = screen_text(app)
        assert lines[1].split() == ["客户00", "line", "0", "0"]
        await pilot.resize_terminal(20, 12)
        await pilot.pause()
        narrow = screen_text(app)
        assert narrow[1].startswith(" 客户00") and len(narrow[1]) <= 20  # cut at the new width
        await pilot.resize_terminal(60, 12)
        await pilot.pause()
        assert screen_text(app)[1] == lines[1]  # whole again, not the narrow lines kept
        await pilot.press("end")
        await pilot.pause()
        last = screen_text(app)
        assert any(line.split()[:1] == ["客户29"] for line in last)


async def test_a_column_sized_to_its_content_is_still_measured():
    app = Tables()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        table.add_column("Auto", key="auto")  # sized to its content
        table.add_row("x", "y", "z", "a much longer cell", height=1)
        await pilot.pause()
        assert table.columns["auto"].content_width == len("a much longer cell")


class AutoWidths(App):
    """A table whose columns take their content's width, filled after its first frame."""

    def compose(self) -> ComposeResult:
        yield RowTable(id="auto", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(RowTable).add_columns("A", "B")


async def test_cells_painted_before_the_columns_are_measured_are_painted_again_whole():
    """A screen may paint as soon as it is idle, before the table has measured the rows just
    added: those cells were drawn at the heading's width. Once measured, they are drawn whole
    (Textual's resize of the table starts them again; RowTable keeps that for such columns)."""
    app = AutoWidths()
    async with app.run_test(size=(60, 8)) as pilot:
        table = app.query_one(RowTable)
        table.add_row("a long first value", "second value here")
        await pilot.pause()
        assert "a long first value" in screen_text(app)[1]
        # filled again, as a screen refreshes its tables when shown again: the columns start
        # at their headings' width until the rows are measured
        table.clear(columns=True)
        table.add_columns("A", "B")
        table.add_row("a long first value", "second value here")
        # drawn now, as a paint when the screen is idle may, before the rows are measured
        assert screen_text(app)[1].split() == ["a", "s"]
        await pilot.pause()
        await pilot.pause()
        assert "a long first value" in screen_text(app)[1]
        assert "second value here" in screen_text(app)[1]
