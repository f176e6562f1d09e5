"""Tabs in few widgets: one bar that draws every label, and the pages under it.

Textual's `TabbedContent` is two widgets per tab plus six around them (a tab, a pane, the
scrolling list, the underline, the switcher). Styling them was the larger part of opening a
dossier; this bar is one widget whatever the number of tabs, and a page that was not composed
is made the first time its tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.events import Click

MORE_LEFT, MORE_RIGHT = "‹", "›"  # tabs out of the bar's width on that side


class TabPage(Vertical):
    """The page of one tab: shown while its tab is the active one."""

    DEFAULT_CSS = """
    TabPage {
        height: 1fr;
    }
    """


def bar_layout(labels: list[str], active: int, width: int) -> list[tuple[int, int, int]]:
    """(tab index, first cell, end cell) of the tabs drawn in `width` cells, each label with a
    cell of padding either side. When they do not all fit, the window slides so the active tab
    is whole, with a cell for `‹` before it when tabs are left out on the left, and one for `›`
    after it when tabs are left out on the right."""
    widths = [cell_len(label) + 2 for label in labels]
    last = len(labels) - 1

    def fits(first: int) -> bool:  # tabs first..active with their marks
        marks = (first > 0) + (active < last)
        return sum(widths[first : active + 1]) + marks <= width

    first = 0
    if sum(widths) > width:
        while first < active and not fits(first):
            first += 1
    out, x = [], 1 if first > 0 else 0
    for i in range(first, last + 1):
        if i != first and x + widths[i] + (i < last) > width:
            break
        out.append((i, x, x + widths[i]))
        x += widths[i]
    return out


class TabBar(Widget, can_focus=True):
    """Every tab's label on one line and an underline that marks the active one."""

    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        & > .tab-bar--tab {
            color: $foreground 50%;
        }
        & > .tab-bar--active {
            color: $foreground;
        }
        & > .tab-bar--bar {
            color: $foreground 10%;
        }
        & > .tab-bar--highlight {
            color: $block-cursor-background;
        }
        &:focus {
            & > .tab-bar--active {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
            & > .tab-bar--bar {
                color: $foreground 30%;
            }
        }
        &:ansi {
            & > .tab-bar--tab {
                text-style: dim;
            }
            & > .tab-bar--active {
                text-style: not dim bold;
            }
            & > .tab-bar--bar {
                color: $border-blurred;
            }
        }
    }
    """
    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--active", "tab-bar--bar", "tab-bar--highlight"}
    BINDINGS = [
        Binding("left", "step(-1)", "Previous tab", show=False, id="tabs.previous"),
        Binding("right", "step(1)", "Next tab", show=False, id="tabs.next"),
    ]

    def __init__(self, book: TabBook) -> None:
        super().__init__()
        self.book = book

    def _layout(self) -> list[tuple[int, int, int]]:
        panes = list(self.book.labels)
        active = panes.index(self.book.active) if self.book.active in panes else 0
        return bar_layout(list(self.book.labels.values()), active, self.size.width)

    def render(self) -> Text:
        panes, labels = list(self.book.labels), list(self.book.labels.values())
        tab, active = (self.get_component_rich_style(f"tab-bar--{c}") for c in ("tab", "active"))
        bar, lit = (self.get_component_rich_style(f"tab-bar--{c}") for c in ("bar", "highlight"))
        width = self.size.width
        layout = self._layout()
        line = Text(no_wrap=True, overflow="crop", end="")
        under = Text("━" * width, style=bar, no_wrap=True, overflow="crop", end="")
        if layout and layout[0][0] > 0:
            line.append(MORE_LEFT, style=tab)
        for i, start, end in layout:
            shown = panes[i] == self.book.active
            line.append(f" {labels[i]} ", style=active if shown else tab)
            if shown:
                under.stylize(lit, start, end)
        if layout and layout[-1][0] < len(labels) - 1:
            line.pad_right(width - 1 - line.cell_len)
            line.append(MORE_RIGHT, style=tab)
        return Text("\n", end="").join([line, under])

    def tab_offset(self, pane: str) -> Offset | None:
        """Where the label of tab `pane` is drawn (for a click), or None when out of view."""
        panes = list(self.book.labels)
        for i, start, _end in self._layout():
            if panes[i] == pane:
                return Offset(start + 1, 0)
        return None

    def on_click(self, event: Click) -> None:
        panes = list(self.book.labels)
        x = event.get_content_offset(self)
        if x is None:
            return
        layout = self._layout()
        for i, start, end in layout:
            if start <= x.x < end:
                self.book.active = panes[i]
                return
        if layout and x.x < layout[0][1]:
            self.action_step(-1)  # the ‹ mark
        elif layout and x.x >= layout[-1][2] and layout[-1][0] < len(panes) - 1:
            self.action_step(1)  # the › mark

    def action_step(self, step: int) -> None:
        self.book.step(step)


class TabBook(Widget):
    """Tab pages under one `TabBar`. Compose it with the pages it opens with (`TabPage`s whose
    ids are keys of `labels`); the others are made when first shown (`page`), and given to
    `build`, if any, to fill: what it mounts in them can be queried at once."""

    DEFAULT_CSS = """
    TabBook {
        height: 1fr;
        layout: vertical;
    }
    """

    active: reactive[str] = reactive("", init=False)
    """The id of the page in view."""

    class TabActivated(Message):
        """A tab was shown (not posted for the one the book opens on)."""

        ALLOW_SELECTOR_MATCH = {"pane"}

        def __init__(self, book: TabBook, pane: TabPage) -> None:
            super().__init__()
            self.book = book
            self.pane = pane

        @property
        def control(self) -> TabBook:
            return self.book

    def __init__(
        self,
        labels: dict[str, str],
        *,
        initial: str | None = None,
        id: str,
        build: Callable[[TabPage], None] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.labels = dict(labels)
        self._build = build
        self._composed: list[TabPage] = []
        self.set_reactive(TabBook.active, initial or next(iter(self.labels), ""))

    def compose_add_child(self, widget: Widget) -> None:
        if not isinstance(widget, TabPage) or widget.id not in self.labels:
            raise ValueError(f"a TabBook takes TabPages with an id of its tabs, not {widget!r}")
        self._composed.append(widget)

    def compose(self) -> ComposeResult:
        yield TabBar(self)
        for page in self._composed:
            page.display = page.id == self.active
            yield page

    @property
    def bar(self) -> TabBar:
        return self.query_one(TabBar)

    def made(self, pane: str) -> TabPage | None:
        """The page of tab `pane` if it is made (composed, or shown or asked for since)."""
        return next((page for page in self.query_children(TabPage) if page.id == pane), None)

    def page(self, pane: str) -> TabPage:
        """The page of tab `pane`, made (and built) if it was not yet: queryable at once."""
        found = self.made(pane)
        if found is not None:
            return found
        if pane not in self.labels:
            raise KeyError(pane)
        page = TabPage(id=pane)
        page.display = pane == self.active
        self.mount(page)
        if self._build is not None:
            self._build(page)
        return page

    def set_labels(self, labels: dict[str, str]) -> None:
        """New labels for tabs (a language change); the tabs and their order stay."""
        self.labels.update((pane, text) for pane, text in labels.items() if pane in self.labels)
        if self.is_mounted:
            self.bar.refresh()

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) tab, round the end."""
        panes = list(self.labels)
        at = panes.index(self.active) if self.active in panes else -step
        self.active = panes[(at + step) % len(panes)]

    def validate_active(self, pane: str) -> str:
        if pane not in self.labels:
            raise ValueError(f"no tab {pane!r}")
        return pane

    def watch_active(self, old: str, new: str) -> None:
        if not self.query_children(TabBar):
            return  # not composed yet: `compose` shows the page of the tab active by then
        for page in self.query_children(TabPage):
            if page.id == old:
                page.display = False
        shown = self.page(new)
        shown.display = True
        self.bar.refresh()
        self.post_message(self.TabActivated(self, shown))
