"""The tab bar: one widget drawing every label, pages made when first shown, keys and clicks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Static

from screens.widgets.tabbook import MORE_LEFT, MORE_RIGHT, TabBar, TabBook, TabPage, bar_layout

LABELS = {"tab-a": "客户", "tab-b": "Organisation", "tab-c": "[b]360°[/b]"}

label_text = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=14
)


@given(
    labels=st.lists(label_text, min_size=1, max_size=9),
    width=st.integers(min_value=1, max_value=140),
    data=st.data(),
)
def test_the_active_tab_is_always_in_the_bar(labels, width, data):
    active = data.draw(st.integers(min_value=0, max_value=len(labels) - 1))
    layout = bar_layout(labels, active, width)
    shown = [i for i, _start, _end in layout]
    assert active in shown
    assert shown == list(range(shown[0], shown[0] + len(shown)))  # neighbours, in order
    for (i, start, end), (_j, next_start, _e) in zip(layout, layout[1:], strict=False):
        assert end - start == cell_len(labels[i]) + 2 and next_start == end  # padded, no gaps
    widths = [cell_len(label) + 2 for label in labels]
    last = len(labels) - 1
    if sum(widths) <= width:
        assert shown == list(range(len(labels))) and layout[0][1] == 0
        return
    # a cell for `‹` when tabs are left out before, one for `›` when left out after
    before, after = shown[0] > 0, shown[-1] < last
    assert layout[0][1] == before
    if len(layout) > 1:
        assert layout[-1][2] <= width - after
    if widths[active] + before + after <= width:
        start, end = next((s, e) for i, s, e in layout if i == active)
        assert end <= width - after  # the whole label
    if shown[0] == 0 and before == 0 and widths[0] + (last > 0) <= width:
        assert layout[0][2] <= width  # from the left edge when the first tab is shown


class Book(App):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with TabBook(LABELS, id="book", initial="tab-a"):
            with TabPage(id="tab-a"):
                yield Static("page a", id="text-a")

    @on(TabBook.TabActivated, "#book")
    def _shown(self, event: TabBook.TabActivated) -> None:
        self.shown.append(event.pane.id)


def bar_lines(app: App) -> list[str]:
    return [
        "".join(seg.text for seg in line).rstrip()
        for line in app.screen._compositor.render_update(full=True).strips[:2]
    ]


async def test_a_click_on_a_label_shows_its_page_made_then():
    app = Book()
    async with app.run_test(size=(60, 10)) as pilot:
        book = app.query_one(TabBook)
        assert [p.id for p in book.query(TabPage)] == ["tab-a"]  # the others not made yet
        assert app.shown == []  # the tab it opens on is not an activation
        await pilot.click(TabBar, offset=book.bar.tab_offset("tab-c"))
        await pilot.pause()
        assert book.active == "tab-c" and app.shown == ["tab-c"]
        assert [p.id for p in book.query(TabPage)] == ["tab-a", "tab-c"]
        assert not app.query_one("#tab-a").display and app.query_one("#tab-c").display
        await pilot.click(TabBar, offset=book.bar.tab_offset("tab-a"))
        await pilot.pause()
        assert book.active == "tab-a" and app.query_one("#text-a").display
        assert app.shown == ["tab-c", "tab-a"]


async def test_arrows_on_the_focused_bar_go_round_the_tabs():
    app = Book()
    async with app.run_test(size=(60, 10)) as pilot:
        book = app.query_one(TabBook)
        book.bar.focus()
        await pilot.press("left")
        assert book.active == "tab-c"  # round the start
        await pilot.press("right", "right")
        assert book.active == "tab-b"
        await pilot.pause()
        assert app.shown == ["tab-c", "tab-a", "tab-b"]


async def test_labels_are_text_and_a_narrow_bar_keeps_the_active_one():
    app = Book()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert bar_lines(app)[0] == " 客户  Organisation  [b]360°[/b]"  # markup shown, not read
        await pilot.resize_terminal(20, 10)
        book = app.query_one(TabBook)
        book.active = "tab-c"
        await pilot.pause()
        line = bar_lines(app)[0]
        assert line.startswith(MORE_LEFT) and "[b]360°[/b]" in line
        book.active = "tab-a"
        await pilot.pause()
        line = bar_lines(app)[0]
        assert line.startswith(" 客户") and line.endswith(MORE_RIGHT)
        book.set_labels({"tab-a": "Status", "tab-x": "ignored"})
        await pilot.pause()
        assert bar_lines(app)[0].startswith(" Status") and "tab-x" not in book.labels


def test_a_book_takes_only_pages_of_its_tabs():
    book = TabBook(LABELS, id="book")
    try:
        book.compose_add_child(TabPage(id="tab-z"))
    except ValueError as refused:
        assert "tab-z" in str(refused)
    else:
        raise AssertionError("a page of no tab was taken")


class Built(App):
    """A book whose later pages are made by `build`, which counts its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.built: list[str] = []

    def compose(self) -> ComposeResult:
        with TabBook(LABELS, id="book", initial="tab-a", build=self.build):
            with TabPage(id="tab-a"):
                yield Static("page a", id="text-a")

    def build(self, page: TabPage) -> None:
        self.built.append(page.id)
        page.mount(Static(f"made {page.id}", id=f"made-{page.id}"))


async def test_a_page_made_when_first_shown_is_built_once_and_queryable_at_once():
    app = Built()
    async with app.run_test(size=(60, 10)) as pilot:
        book = app.query_one(TabBook)
        assert app.built == []
        book.active = "tab-b"
        assert app.query_one("#made-tab-b", Static)  # in the same turn, before any message
        book.active = "tab-a"
        book.active = "tab-b"
        await pilot.pause()
        assert app.built == ["tab-b"]
        assert app.query_one("#tab-b").display and not app.query_one("#tab-a").display
