"""The app shell: account list, search, language switch, palette, hostile text, read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import DataTable, Input, Static

from dragon_tui.models import Account, Opportunity
from dragon_tui.models.enums import Language
from dragon_tui.store import Store
from screens.app import SCREENS, DragonApp
from screens.home import HomeScreen


def column_labels(table: DataTable) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


async def test_opens_on_demo_data_switches_language_and_remembers(demo_store):
    app = DragonApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 12
        assert column_labels(table)[0] == "客户名称"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert column_labels(table)[0] == "Account"
        assert demo_store.settings().language == Language.EN
    # a new app on the same store starts in English
    app = DragonApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert column_labels(app.screen.query_one(DataTable))[0] == "Account"


async def test_search_by_pinyin_initials(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"bjxd")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "北京现代汽车有限公司"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(Input).value == ""
        assert table.row_count == 4


async def test_search_with_no_match_says_what_to_do(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zzzz")
        await pilot.pause()
        empty = app.screen.query_one("#empty", Static)
        assert empty.display
        assert "zzzz" in str(empty.render())


async def test_hostile_names_show_literally(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        # markup and escape codes appear as typed (clipped to the column, never interpreted)
        assert any(n.startswith("[bold]Markup[/] & ␛[31m") for n in names)
        assert "ABB北京 🐉 Emoji" in names


async def test_empty_database_shows_what_to_do(store):
    app = DragonApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "a" in str(app.screen.query_one("#empty", Static).render())
        assert app.screen.query_one(DataTable).row_count == 0


async def test_delete_asks_then_undo_restores(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert fixed_store.get(Account, first) is not None
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert fixed_store.get(Account, first) is None
        assert table.row_count == 3
        await pilot.press("u")
        await pilot.pause()
        assert fixed_store.get(Account, first) is not None
        assert table.row_count == 4


async def test_read_only_store_says_so(fixed_store):
    second = Store(fixed_store.path)
    try:
        assert second.readonly
        app = DragonApp(second)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.sub_title in ("只读", "read-only")
            assert any("read-only" in str(n.message) for n in app._notifications)
            await pilot.press("ctrl+l")  # switching still works, in memory
            await pilot.pause()
            assert app.language == "en"
    finally:
        second.close()


async def test_palette_lists_every_screen(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for entry in SCREENS.values():
            assert app_label(entry.label_key) in titles


async def test_the_palette_speaks_the_apps_language(fixed_store):
    """In Chinese, the palette's search box and Textual's own commands are in Chinese too."""
    from textual.command import CommandInput, CommandPalette

    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert {"主题", "退出", "截图"} <= set(titles) and titles["退出"] == "立即退出程序"
        assert not {"Theme", "Quit", "Screenshot", "Keys"} & set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
        await pilot.press("escape")
        await pilot.press("ctrl+l")  # English: Textual's words again
        await pilot.pause()
        assert "Quit" in {c.title for c in app.get_system_commands(app.screen)}


def app_label(key: str) -> str:
    from dragon_tui.labels import t

    return t(key, "zh")


async def test_filter_is_remembered_and_add_account(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"region:华北", "enter")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"新客户", "enter")
        await pilot.pause()
        assert any(a.name == "新客户" for a in fixed_store.all(Account))
        assert type(app.screen).__name__ == "DossierScreen"
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(Input).value == "region:华北"
        assert app.screen.query_one(DataTable).row_count == 2


async def test_unknown_filter_value_is_explained(fixed_store):
    app = DragonApp(fixed_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"tier:zz")
        await pilot.pause()
        assert "tier:zz" in str(app.screen.query_one("#empty", Static).render())


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_best_stage_is_whole_at_80_columns(fixed_store, lang):
    # "Collect payment" was cut to "Collect pa": the column is as wide as the longest stage
    # name of the scheme in the language, and the account name takes the rest
    fixed_store.save(Opportunity(account_id="acc-1", name="回款项目", amount=Decimal(1), stage=6))
    fixed_store.save_settings(fixed_store.settings().with_changes(language=lang))
    app = DragonApp(fixed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#accounts", DataTable)
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert {"zh": "回收账款", "en": "Collect payment"}[lang] in text
        assert table.virtual_size.width <= table.content_region.width
