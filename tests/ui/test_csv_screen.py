"""CSV import from the UI: preview lists row errors; importing only the valid rows needs a yes."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from dragon_tui.models import Account
from screens.app import DragonApp


async def test_preview_then_import_valid_rows(fixed_store, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeff客户名称,行业\n新公司,制造\n,金融\n".encode())
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("csv_import")
        await pilot.pause()
        app.screen.query_one("#csv-path", Input).value = str(path)
        await pilot.click("#csv-preview")
        await pilot.pause()
        assert "1 added, 0 updated, 0 unchanged, 1 refused" in str(
            app.screen.query_one("#csv-summary", Static).render()
        )
        assert app.screen.query_one(DataTable).row_count == 2
        assert not any(a.name == "新公司" for a in fixed_store.all(Account))
        await pilot.click("#csv-import")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any(a.name == "新公司" and a.industry == "制造" for a in fixed_store.all(Account))


async def test_an_xlsx_preview_shows_warnings_updates_and_additions(fixed_store, tmp_path):
    from openpyxl import Workbook

    existing = fixed_store.all(Account)[0]
    book = Workbook()
    book.active.append(["编号", "客户名称", "行业", "颜色"])
    book.active.append([existing.id, existing.name, "新行业", "红"])
    book.active.append([None, "表格新客户", "制造", "蓝"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("csv_import")
        await pilot.pause()
        app.screen.query_one("#csv-path", Input).value = str(path)
        await pilot.click("#csv-preview")
        await pilot.pause()
        summary = str(app.screen.query_one("#csv-summary", Static).render())
        assert "1 added, 1 updated, 0 unchanged, 0 refused" in summary
        table = app.screen.query_one(DataTable)
        statuses = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert statuses == ["提示", "更新", "新增"] or statuses == ["warning", "updated", "added"]
        assert "'颜色'" in str(table.get_row_at(0)[1])
        await pilot.click("#csv-import")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert fixed_store.require(Account, existing.id).industry == "新行业"
        assert any(a.name == "表格新客户" for a in fixed_store.all(Account))
