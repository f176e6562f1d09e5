"""The header every screen shows: the palette's icon and the screen's title, drawn by one widget.

Textual's header is four widgets (the header, its icon, its title, the clock's space) and
watches the app's title from each screen it is on. A screen that is closed stays in the app's
list of watchers until the app's title changes, which it never does here: each header shown
stayed in memory with what it had drawn (about 6 MB per ten screens opened). This header looks
the same, is one widget, and watches only its own screen. A click on the icon opens the palette.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # the icon, with a cell of padding before it, then blank
CLOCK_WIDTH = 10  # blank on the right, where Textual's header keeps its clock


class Header(Widget, can_focus=False):
    """The palette's icon on the left; the screen's title and sub-title in the middle."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    Header {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._retitled, init=False)
        self.watch(self.screen, "sub_title", self._retitled, init=False)

    def _retitled(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        room = max(self.size.width - ICON_WIDTH - CLOCK_WIDTH, 0)
        return Content.assemble(
            f" {ICON}".ljust(ICON_WIDTH),
            app.format_title(title, sub_title).center(room, ellipsis=True),
            " " * CLOCK_WIDTH,
        )

    async def _on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")
