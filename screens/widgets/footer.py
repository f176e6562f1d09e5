"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change.

Textual's footer rebuilds all its key widgets each time a screen's bindings may have changed
(on mount, on every focus move, on every language switch…), queueing one rebuild per signal.
Opening the dossier queued six and built 57 key widgets, about half the time to open it; this
one shows the keys in the screen's first frame, then rebuilds at most once per refresh, and not
at all when the keys shown are the same.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pending = False
        self._shown: tuple | None = None  # the keys the footer shows now
        self._bindings_ready = True  # show the keys in the screen's first frame, not after it

    def compose(self):
        self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Each key is born in the footer's style: Textual's key starts compact and is
                # then bound to the footer's setting, restyling every key twice after mount.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def _keys(self) -> tuple:
        return tuple(
            (key, binding.action, binding.description, binding.key_display, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
