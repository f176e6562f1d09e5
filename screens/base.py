"""The base of every dragon-tui screen: the service, the language, and errors shown as notices."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.binding import ActiveBinding, Binding
from textual.events import Idle, ScreenResume, Unmount
from textual.screen import Screen
from textual.widgets import DataTable

from dragon_tui.errors import DragonError
from dragon_tui.labels import STRINGS, label, t
from dragon_tui.service.records import Service
from dragon_tui.store import Store
from dragon_tui.text import printable

from .widgets.columns import set_columns
from .widgets.tabbook import TabBook

T = TypeVar("T")

# For this long after a key or a screen shown, what changed is painted as soon as the screen has
# nothing left to do, rather than on Textual's next 60 Hz tick (see `DragonScreen._on_idle`).
ANSWER_SECONDS = 0.3


def needs_paint(screen: Screen) -> bool:
    """The screen has changes not painted yet (Textual paints them on its next update)."""
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )


def literal(value: object, *, style: str = "", single_line: bool = True) -> Text:
    """User text as a Rich Text: never parsed as markup, control characters made visible."""
    return Text(
        printable("" if value is None else str(value), single_line=single_line), style=style
    )


def forget_closed_widgets() -> None:
    """Let the widgets of a closed screen go. Textual keeps the style caches of the last 1,024
    widgets drawn, and every line each drew, through an `lru_cache` on a method that takes the
    cache itself as its key (Textualize/textual#6665): the widgets of every screen closed
    stayed in memory (about 5 MB for each account visited). Emptying that cache when a screen
    closes lets them go; what it cached, two colours added, is worked out again as needed."""
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()
    except (ImportError, AttributeError):  # a Textual without the cache: nothing kept
        pass


def translated(active: dict[str, ActiveBinding], lang: str) -> dict[str, ActiveBinding]:
    """Active bindings with the footer labels of `lang` (strings keyed "key.<action>")."""
    out = {}
    for key, item in active.items():
        name = f"key.{item.binding.action}"
        if name in STRINGS:
            item = item._replace(binding=replace(item.binding, description=t(name, lang)))
        out[key] = item
    return out


class DragonScreen(Screen):
    """A screen that reads the store and re-labels itself when the language changes."""

    BINDINGS = [
        # the tabs of a screen that has them (dossier, org chart, proposal, funnel), from
        # wherever the focus is but a text field
        Binding("right_square_bracket", "tab(1)", "Next tab", show=False, id="screen.next_tab"),
        Binding(
            "left_square_bracket", "tab(-1)", "Previous tab", show=False, id="screen.previous_tab"
        ),
    ]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "tab":  # `[` and `]` stay keys like others on a screen with no tabs
            return bool(self.query(TabBook))
        return True

    def action_tab(self, step: int) -> None:
        """The next (1) or previous (-1) tab, round the end."""
        book = next(iter(self.query(TabBook)), None)
        if book is not None:
            book.step(step)

    def __init__(self, store: Service | Store, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store if isinstance(store, Service) else Service(store)
        self._shown_once = False
        self._shown_at = 0.0  # when the screen was last shown (`_on_idle`)
        self._resumed_before = False  # see `resumed_again`
        self._breakpoints_now()

    async def _on_idle(self, event: Idle) -> None:
        # Runs before Textual's own handler, which leaves what changed to the screen's update
        # timer: painted on its next 60 Hz tick, up to 17 ms later. A screen opening is laid
        # out in three or four rounds (its widgets mounted, its size, its scroll bars), each
        # waiting for a tick: a third of the time to open one, and as much of a key's answer.
        # In the moments after a key or a screen shown, the changes are painted as soon as the
        # screen is idle (its messages handled: the work of one answer is done); otherwise the
        # timer paces the frames as before (a worker's stream of updates).
        last = max(self._shown_at, getattr(self.app, "_last_input", 0.0))
        if time.monotonic() - last >= ANSWER_SECONDS:
            return
        if self.is_current and not self.app._batch_count and needs_paint(self):
            self._on_timer_update()

    def _on_screen_resume(self, event: ScreenResume) -> None:
        self._shown_at = time.monotonic()
        # Runs before Textual's own handler (which restyles the whole screen when told to). A
        # screen shown for the first time was styled as it was mounted, just before: restyling
        # it all again was a fifth of the time to open one. Later resumes restyle as usual.
        if not self._shown_once:
            self._shown_once = True
            event.refresh_styles = False

    def resumed_again(self) -> bool:
        """For a screen's `on_screen_resume` (which Textual runs before this class's own
        handler): False the first time, when the screen was filled as it was mounted just
        before, so there is nothing to read again; True on every later return to it."""
        again, self._resumed_before = self._resumed_before, True
        return again

    def _breakpoints_now(self) -> None:
        """The breakpoint classes for the terminal's size, from the start: Textual sets them
        after laying the screen out once, so a screen with breakpoints was laid out (and its
        grid and tables drawn) twice while it opened."""
        from textual._context import NoActiveAppError

        try:
            width, height = self.app.size
        except NoActiveAppError:
            return  # built outside an app: Textual sets them when it is shown
        app = self.app
        for size, breakpoints in (
            (width, self.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []),
            (height, self.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or []),
        ):
            chosen = self._get_breakpoint_classes(size, breakpoints)
            for _, name in breakpoints:
                self.set_class(name in chosen, name, update=False)

    def shown_ids(self) -> tuple[str | None, str | None]:
        """The account and opportunity this screen shows: the palette and `ctrl+n` open other
        screens for these (and only these)."""
        return None, None

    @property
    def today(self):
        """Today's date as the app sees it (tests fix it so snapshots are stable)."""
        from datetime import date

        return getattr(self.app, "today", None) or date.today()

    @property
    def lang(self) -> str:
        return getattr(self.app, "language", None) or self.store.settings().language.value

    def t(self, key: str, **fmt: object) -> str:
        return t(key, self.lang, **fmt)

    def label(self, member: Any) -> str:
        return label(member, self.lang)

    def refresh_language(self) -> None:
        """Called when the app's language changes; screens re-render their labels."""

    def label_width(self, enum: Any) -> int:
        """The widest label of `enum`'s members in the current language (a column that shows
        them is never cut)."""
        return max(cell_len(self.label(member)) for member in enum)

    def reset_table(
        self,
        table: str | DataTable,
        columns: list[str | tuple[str, int | float | None]],
        *,
        fit: bool = False,
        most: list[int | None] | None = None,
    ) -> DataTable:
        """Empty `table` (a DataTable or its id) and give it `columns`, each a label key or
        (label key, width): an int is a fixed width, None or a float a share of what is left.

        With `fit`, the widths are worked out so the table fits the screen's width (its text
        columns wrap; a shared column no wider than `most`, its widest cells: `fit_widths`);
        without, a column is as wide as its cells unless a fixed width is given. Each column is
        keyed by its label key."""
        if isinstance(table, str):
            table = self.query_one(f"#{table}", DataTable)
        pairs = [(c, None) if isinstance(c, str) else c for c in columns]
        if fit:
            # tables sit in scrolling containers, whose scrollbar takes two cells more
            available = (self.size.width or self.app.size.width) - 2
            set_columns(table, available, [(self.t(key), width) for key, width in pairs], most)
            return table
        table.clear(columns=True)
        for key, width in pairs:
            table.add_column(self.t(key), key=key, width=width if isinstance(width, int) else None)
        return table

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer shows every key (the screen's, its widgets', the app's) in the language."""
        return translated(super().active_bindings, self.lang)

    @on(Unmount)
    def _let_go_of_widgets(self) -> None:
        forget_closed_widgets()

    def language_changed(self) -> None:
        """The app's language was switched (the app calls this on every screen open)."""
        self.refresh_language()
        self.refresh_bindings()

    def export_files(
        self, stem: str, render: Callable[[], dict[str, str | bytes]], done_key: str
    ) -> None:
        """Ask for a folder (default: documents/dragon-tui), then write `stem`.<suffix> for each
        rendered text (or document bytes) atomically, and say where they went."""
        from pathlib import Path

        from dragon_tui.locations import export_folder
        from dragon_tui.storage import write_atomic

        from .widgets.prompt import PromptScreen

        def done(folder: str | None) -> None:
            if not folder:
                return
            base = Path(folder).expanduser() / stem
            try:
                files = render()
                for suffix, text in files.items():
                    data = text if isinstance(text, bytes) else text.encode("utf-8")
                    write_atomic(base.with_suffix(suffix), data)
            except OSError as exc:
                self.notify(f"{folder}: {exc.strerror}", severity="error", markup=False)
                return
            shown = f"{base}{'/'.join(files)}"
            self.notify(self.t(done_key, path=shown), markup=False, timeout=8)

        self.app.push_screen(
            PromptScreen(self.t("export.folder"), value=str(export_folder())), done
        )

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a core call; a DragonError becomes an error notice instead of a traceback."""
        try:
            return action()
        except DragonError as err:
            self.notify(err.text(self.lang), severity="error", markup=False)
            return None
