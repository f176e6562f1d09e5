"""The footer every screen shows: its keys drawn as one line by one widget.

Textual's footer is a container holding one widget per key (57 on the dossier, each styled, laid
out and rendered on its own) and rebuilds all of them whenever the screen's bindings may have
changed: on mount, on every focus move, on every language switch. That was about a third of the
time to open a screen. This footer draws the same line itself and only repaints it when the keys
it shows change. It looks the same, a click on a key presses it, hovering one highlights it and
shows its tooltip.
"""

from __future__ import annotations

from itertools import accumulate
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class FooterEntry(NamedTuple):
    """One key shown in the footer and the columns it takes (relative to the footer)."""

    key: str  # the key pressed (a click simulates it)
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool  # the command palette's key, drawn at the right end
    x: int = 0
    width: int = 0

    @property
    def right(self) -> int:
        return self.x + self.width


class Footer(Widget, can_focus=False):
    """The keys of the screen's active bindings: `key description`, the palette's at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--hover"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_command_palette = show_command_palette
        self._entries: tuple[FooterEntry, ...] | None = None  # laid out for `_width`
        self._width = -1
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # ------------------------------------------------------------------ what it shows
    def _wanted(self) -> tuple[FooterEntry, ...]:
        """The keys to show, in the screen's order: one per action (its first key), the
        command palette's last."""
        app = self.app
        active = self.screen.active_bindings

        def entry(binding, enabled: bool, tooltip: str, palette: bool) -> FooterEntry:
            return FooterEntry(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                palette,
            )

        entries: list[FooterEntry] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            if binding.key == app.COMMAND_PALETTE_BINDING:
                continue
            actions.add(binding.action)
            entries.append(entry(binding, enabled, tooltip or binding.tooltip, False))
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                tooltip = binding.tooltip or binding.description
                entries.append(entry(binding, enabled, tooltip, True))
        return tuple(entries)

    @staticmethod
    def _label_width(entry: FooterEntry) -> int:
        # " key" then " description" (no description: the key alone)
        width = 1 + cell_len(entry.key_display)
        return width + (1 + cell_len(entry.description) if entry.description else 0)

    def _layout(self, entries: tuple[FooterEntry, ...], width: int) -> tuple[FooterEntry, ...]:
        """Each entry's columns: the keys from the left, the palette's against the right edge
        behind a bar (`▏ key description `)."""
        keys = [e for e in entries if not e.palette]
        widths = [self._label_width(e) for e in keys]
        lefts = list(accumulate(widths, initial=0))[: len(keys)]
        placed = [e._replace(x=x, width=w) for e, x, w in zip(keys, lefts, widths, strict=True)]
        for entry in entries:
            if entry.palette:
                size = 1 + self._label_width(entry) + 1
                placed.append(entry._replace(x=max(width - size, 0), width=size))
        return tuple(placed)

    def entries(self) -> tuple[FooterEntry, ...]:
        """The keys shown and the columns each takes (what a click or a test looks at)."""
        width = self.size.width
        if self._entries is None or width != self._width:
            self._width = width
            self._entries = self._layout(self._wanted(), width)
        return self._entries

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown = self._entries
        self._entries = None
        if shown is None or self.entries() != shown:
            self.refresh()

    # ------------------------------------------------------------------ drawing
    def render(self) -> Text:
        entries = self.entries()
        key_style = self.get_component_rich_style("footer-key--key", partial=True)
        text_style = self.get_component_rich_style("footer-key--description", partial=True)
        hover_style = self.get_component_rich_style("footer-key--hover", partial=True)
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        palette = [e for e in entries if e.palette]
        for index, entry in enumerate(entries):
            if entry.palette:
                continue
            extra = (Style() if entry.enabled else dim) + (
                hover_style if index == self._hover else Style()
            )
            self._append(line, entry, key_style + extra, text_style + extra)
        for entry in palette:
            if line.cell_len > entry.x:  # the palette's key covers what runs under it
                line.truncate(entry.x, overflow="crop")
            line.append(" " * max(entry.x - line.cell_len, 0))
            line.append("▏", style=Style(color=self._bar_color()))
            index = entries.index(entry)
            extra = hover_style if index == self._hover else Style()
            self._append(line, entry, key_style + extra, text_style + extra)
            line.append(" ", style=text_style + extra)
        return line

    def _bar_color(self) -> str:
        # Textual's palette key has a `vkey $foreground 20%` left border: the same colour
        background = self.styles.background
        return background.blend(self.styles.color, 0.2).hex

    @staticmethod
    def _append(line: Text, entry: FooterEntry, key_style: Style, text_style: Style) -> None:
        line.append(" " + entry.key_display, style=key_style)
        if entry.description:
            line.append(" " + entry.description, style=text_style)

    # ------------------------------------------------------------------ the mouse
    def _entry_at(self, x: int) -> int | None:
        for index, entry in enumerate(self.entries()):
            if entry.x <= x < entry.right:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._entry_at(event.x)
        if index != self._hover:
            self._hover = index
            entry = None if index is None else self.entries()[index]
            self.tooltip = entry.tooltip if entry is not None and entry.tooltip else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._entry_at(event.x)
        if index is None:
            return
        entry = self.entries()[index]
        event.stop()
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()
