"""Org chart: keyboard editing saved in the store, person panel, export, grid and tree snapshots."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Static

from dragon_tui.models import Contact
from dragon_tui.models.enums import Function, Level, PurchaseRole
from screens.app import DragonApp
from screens.orgchart import OrgChartScreen
from screens.widgets.person import PersonScreen
from screens.widgets.role_grid import RoleGrid

TODAY = date(2026, 11, 25)


@pytest.fixture
def team_store(fixed_store):
    fixed_store.save_many(
        [
            Contact(
                id="p-boss",
                account_id="acc-1",
                name="王总",
                level=Level.DECISION,
                function=Function.USER_DEPARTMENT,
                roles=[PurchaseRole.DECISION_MAKER],
                attitude=1,
            ),
            Contact(
                id="p-eng",
                account_id="acc-1",
                name="[b]李工[/b]",
                level=Level.MANAGEMENT,
                function=Function.TECHNICAL,
                reports_to="p-boss",
            ),
        ]
    )
    return fixed_store


async def open_org(app, pilot):
    app.open_screen("orgchart", "acc-1")
    await pilot.pause()
    assert isinstance(app.screen, OrgChartScreen)


async def test_keyboard_editing_is_saved(team_store):
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        grid = app.screen.query_one(RoleGrid)
        assert grid.selected().id == "p-boss"
        await pilot.press("plus", "plus")
        await pilot.pause()
        boss = team_store.get(Contact, "p-boss")
        assert int(boss.attitude) == 3 and len(boss.attitude_history) == 2
        await pilot.press("c", "1")  # coach flag, then toggle initiator
        await pilot.pause()
        boss = team_store.get(Contact, "p-boss")
        assert boss.is_coach and PurchaseRole.INITIATOR in boss.roles
        await pilot.press("down", "right")  # management row, technical column
        await pilot.pause()
        assert grid.selected().id == "p-eng"
        await pilot.press("minus")
        await pilot.pause()
        assert int(team_store.get(Contact, "p-eng").attitude) == -1
        await pilot.press("m", "right", "enter")  # move the engineer one column right
        await pilot.pause()
        assert team_store.get(Contact, "p-eng").function == Function.PURCHASING_FINANCE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        # METHOD §3: the source's label and cues of the level the rep just rated (−1)
        shown = str(app.screen.query_one(Static).render())
        assert "毫无兴趣" in shown and "今年没有预算" in shown


async def test_export_writes_text_and_markdown(team_store, tmp_path):
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(tmp_path / "out")
        await pilot.press("enter")
        await pilot.pause()
        (text,) = (tmp_path / "out").glob("*.txt")
        assert "王总" in text.read_text() and "[b]李工[/b]" in text.read_text()
        assert list((tmp_path / "out").glob("*.md"))


@pytest.mark.parametrize("view", ["tab-grid", "tab-tree"])
def test_orgchart_snapshot(snap_compare, team_store, view):
    async def run_before(pilot):
        pilot.app.open_screen("orgchart", "acc-1")
        await pilot.pause()
        pilot.app.screen.query_one("#org-tabs").active = view
        await pilot.pause()

    assert snap_compare(
        DragonApp(team_store, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )


async def test_move_mode_shows_and_t_keeps_the_keys_on_the_view(team_store):
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_org(app, pilot)
        screen = app.screen
        grid = screen.query_one(RoleGrid)
        summary = screen.query_one("#org-summary")
        await pilot.press("m")
        await pilot.pause()
        assert grid.has_class("-moving") and "王总" in str(summary.render())
        await pilot.press("m")
        await pilot.pause()
        assert not grid.has_class("-moving") and "王总" not in str(summary.render())
        await pilot.press("t")
        await pilot.pause()
        assert app.focused is screen.query_one("Tree")
        await pilot.press("t")
        await pilot.pause()
        assert app.focused is grid  # back on the grid, its keys work at once
        await pilot.press("plus")
        await pilot.pause()
        assert team_store.get(Contact, "p-boss").attitude == 2


async def test_grid_cells_tell_people_apart_and_down_scrolls(fixed_store):
    fixed_store.save_many(
        [
            Contact(
                id=f"z-{n}",
                account_id="acc-1",
                name=name,
                level=level,
                function=Function.PURCHASING_FINANCE,
                roles=[PurchaseRole.GATEKEEPER, PurchaseRole.EVALUATOR],
            )
            for n, (name, level) in enumerate(
                [("曾强", Level.DECISION), ("曾娜", Level.DECISION)]
                + [(f"操作员{i}", Level.OPERATIONAL) for i in range(6)]
            )
        ]
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_org(app, pilot)
        screen = app.screen
        shown = app.export_screenshot()
        assert "曾强" in shown and "曾娜" in shown
        scroller = screen.query_one("#grid-scroll")
        assert scroller.max_scroll_y > 0 and scroller.scroll_y == 0
        for _ in range(8):
            await pilot.press("down")
        await pilot.pause()
        assert screen.query_one(RoleGrid).cursor_cell[0] == 2
        assert scroller.scroll_y > 0


async def test_every_function_column_can_be_reached(team_store):
    """The grid has a column per function, `Other` last: the cursor gets there and edits."""
    team_store.save(
        Contact(
            id="p-other",
            account_id="acc-1",
            name="外聘顾问",
            level=Level.DECISION,
            function=Function.OTHER,
            attitude=0,
        )
    )
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        grid = app.screen.query_one(RoleGrid)
        await pilot.press(*["right"] * len(Function))  # one more than needed: stays at the end
        await pilot.pause()
        assert grid.selected().id == "p-other"
        await pilot.press("plus")
        await pilot.pause()
        assert int(team_store.get(Contact, "p-other").attitude) == 1


async def test_the_painted_grid_follows_every_change(team_store):
    # the grid reuses its drawn lines: each change must still reach the screen
    def painted(app) -> str:
        return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

    def highlighted(grid: RoleGrid) -> str:
        """The text drawn in reverse video: the person under the cursor."""
        return "".join(
            segment.text
            for strip in grid._lines(grid.size.width)
            for segment in strip
            if segment.style is not None and segment.style.reverse
        )

    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        grid = app.screen.query_one(RoleGrid)
        assert "+1 王总" in painted(app) and "王总" in highlighted(grid)
        await pilot.press("plus")
        await pilot.pause()
        assert "+2 王总" in painted(app) and "+1 王总" not in painted(app)
        await pilot.press("down", "right")  # the cursor moves to the engineer
        await pilot.pause()
        assert "李工" in highlighted(grid) and "王总" not in highlighted(grid)
        await pilot.press("ctrl+l")  # another language: the grid's headings follow
        await pilot.pause()
        assert "Technical" in painted(app)


@pytest.mark.parametrize(("width", "narrow"), [(80, True), (120, False)])
async def test_a_screen_has_its_breakpoint_class_before_its_first_layout(team_store, width, narrow):
    # Textual sets the classes after laying the screen out once: it was laid out twice
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(width, 24)):
        screen = OrgChartScreen(app.service, "acc-1")
        assert screen.has_class("-narrow") is narrow and screen.has_class("-wide") is not narrow


async def test_long_words_in_a_narrow_cell_break_at_a_hyphen(team_store):
    # at 80 columns in English a cell is ~10 wide: "Decision-maker" was folded "Decision-m" /
    # "aker", and "Dates and interaction" (the relationship rung) "interactio" / "n"
    from dragon_tui.models.enums import RelationshipStage

    boss = team_store.get(Contact, "p-boss")
    team_store.save(boss.with_changes(relationship_stage=RelationshipStage.INTERACTION))
    team_store.save_settings(team_store.settings().with_changes(language="en"))
    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_org(app, pilot)
        painted = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any("│ Decision-  " in line for line in painted)
        assert any("│ maker " in line for line in painted)
        assert not any("Decision-m" in line for line in painted)
        assert any("│ interact-  │" in line for line in painted)
        assert any("│ ion        │" in line for line in painted)
        assert not any("interactio" in line for line in painted)


async def test_the_tree_is_made_when_first_shown_and_follows_the_records(team_store):
    from textual.widgets import Tree

    app = DragonApp(team_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_org(app, pilot)
        screen = app.screen
        assert not screen.query(Tree)  # not made while the grid is shown
        await pilot.press("t")
        await pilot.pause()
        tree = screen.query_one(Tree)
        assert app.focused is tree
        names = {str(node.label) for node in tree.root.children}
        assert any("王总" in name for name in names)
        await pilot.press("t")
        await pilot.pause()
        team_store.save(Contact(account_id="acc-1", name="新同事", title="工程师"))
        screen.refresh_data()
        labels = [str(n.label) for n in tree.root.children]
        assert any("新同事" in label for label in labels)  # filled again once made
