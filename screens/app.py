"""DragonApp: the screens, the command palette entries, the language switch.

The app keeps no "current account": every screen is built with the ids it shows. Screens ask
for another screen with a typed message (`screens.messages`) that carries those ids; the palette
opens a screen for what the screen in view shows (`DragonScreen.shown_ids`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from dragon_tui.errors import DragonError
from dragon_tui.labels import STRINGS, t
from dragon_tui.models.enums import Language
from dragon_tui.service.records import Service
from dragon_tui.store import Store
from dragon_tui.text import printable

from . import messages as m
from .base import DragonScreen
from .home import HomeScreen

Ids = tuple[str | None, str | None]  # (account id, opportunity id)

# The cyclic collector's full passes free the widgets of closed screens; each takes 0.1-0.2 s,
# a frozen app if it lands on a key. They run when the rep has not pressed a key for a moment
# (reading a screen); Python's own trigger stays as a backstop, ten times rarer than its default.
IDLE_SECONDS = 1.0
FULL_COLLECTION_EVERY = 100  # young collections between full ones (Python's default: 10)


@dataclass(frozen=True)
class ScreenEntry:
    """A screen the palette can open. `needs` says which id it must be given, if any."""

    label_key: str
    factory: Callable[[DragonApp, str | None, str | None], Screen]
    needs: str | None = None  # "account" or "opportunity"


def _lazy(
    module: str, cls: str, *wants: str
) -> Callable[[DragonApp, str | None, str | None], Screen]:
    """A factory importing the screen on first use (start-up loads only the home screen) and
    giving it the ids it shows: `wants` names them in order ("account", "opportunity")."""

    def make(app: DragonApp, account_id: str | None, opportunity_id: str | None) -> Screen:
        import importlib

        screen_cls = getattr(importlib.import_module(module, __package__), cls)
        ids = {"account": account_id, "opportunity": opportunity_id}
        return screen_cls(app.service, *(ids[name] for name in wants))

    return make


def _activity_entry(app: DragonApp, account_id: str | None, opportunity_id: str | None) -> Screen:
    from .activity import ActivityEntryScreen

    assert account_id is not None  # `needs="account"` guarantees it
    return ActivityEntryScreen(app.service, account_id, opportunity_id, app.language, app.today)


SCREENS: dict[str, ScreenEntry] = {
    "home": ScreenEntry("screen.home", lambda app, a, o: HomeScreen(app.service)),
    "dossier": ScreenEntry(
        "screen.dossier", _lazy(".dossier", "DossierScreen", "account"), "account"
    ),
    "orgchart": ScreenEntry(
        "screen.orgchart", _lazy(".orgchart", "OrgChartScreen", "account"), "account"
    ),
    "spin": ScreenEntry("screen.spin", _lazy(".spin", "SpinScreen", "opportunity"), "opportunity"),
    "proposal": ScreenEntry(
        "screen.proposal", _lazy(".proposal", "ProposalScreen", "opportunity"), "opportunity"
    ),
    "agenda": ScreenEntry("screen.agenda", _lazy(".agenda", "AgendaScreen")),
    "checklist": ScreenEntry(
        "screen.checklist",
        _lazy(".checklist", "ChecklistScreen", "account", "opportunity"),
        "account",
    ),
    "activities": ScreenEntry(
        "screen.activities", _lazy(".activity", "ActivityLogScreen", "account"), "account"
    ),
    "log_activity": ScreenEntry("activity.title", _activity_entry, "account"),
    "sync": ScreenEntry("screen.sync", _lazy(".sync_review", "SyncScreen")),
    "conflicts": ScreenEntry("screen.conflicts", _lazy(".conflicts", "ConflictsScreen")),
    "settings": ScreenEntry("screen.settings", _lazy(".settings", "SettingsScreen")),
    "trash": ScreenEntry("screen.trash", _lazy(".settings", "TrashScreen")),
    "csv_import": ScreenEntry("screen.csv_import", _lazy(".csv_import", "CsvImportScreen")),
    # opened from a deal's screen, the funnel shows that deal (from elsewhere, the stages)
    "funnel": ScreenEntry("screen.funnel", _lazy(".funnel", "FunnelScreen", "opportunity")),
    "commitment": ScreenEntry(
        "screen.commitment",
        _lazy(".commitment", "CommitmentScreen", "opportunity"),
        "opportunity",
    ),
}


class DragonApp(App):
    """摧龙六式 dragon-tui."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses may live anywhere
    TITLE = "dragon-tui"
    BINDINGS = [
        Binding("ctrl+l", "toggle_language", "中文/English", id="app.toggle_language"),
        Binding("ctrl+n", "log_activity", "Log activity", id="app.log_activity"),
        Binding("ctrl+t", "open_screen('agenda')", "Today", show=False, id="app.agenda"),
        Binding("ctrl+f", "open_screen('funnel')", "Funnel", show=False, id="app.funnel"),
    ]

    language: reactive[str] = reactive("zh", init=False)

    def __init__(
        self, store: Service | Store, *, first_run: bool = False, today: date | None = None
    ) -> None:
        super().__init__()
        self.service = store if isinstance(store, Service) else Service(store)
        self.first_run = first_run
        self.today = today or date.today()
        self.set_reactive(DragonApp.language, self.service.settings().language.value)
        self._last_input = time.monotonic()
        self._gc_threshold = gc.get_threshold()

    @property
    def store(self) -> Service:
        """The records (the service layer; kept under this name for older callers)."""
        return self.service

    def on_mount(self) -> None:
        from .theme import remember_theme

        remember_theme(self)
        gc.set_threshold(*self._gc_threshold[:2], FULL_COLLECTION_EVERY)
        self.set_interval(IDLE_SECONDS / 2, self._collect_when_idle, name="idle collection")
        self.push_screen(HomeScreen(self.service))
        if self.service.readonly:
            self.sub_title = t("app.readonly", self.language)
            self.notify(
                f"{self.service.path}: {self.service.readonly_reason}",
                severity="warning",
                markup=False,
                timeout=8,
            )
        if self.first_run:
            self.notify(t("app.first_run", self.language))

    def on_unmount(self) -> None:
        gc.set_threshold(*self._gc_threshold)

    def _collect_when_idle(self) -> None:
        if time.monotonic() - self._last_input >= IDLE_SECONDS:
            self.collect_idle()

    @staticmethod
    def collect_idle() -> None:
        """The full collection the rep does not wait for (nothing to do when one just ran)."""
        if gc.get_count()[2]:  # young collections since the last full one
            gc.collect()

    # ------------------------------------------------------------------ language
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self._last_input = time.monotonic()
        # Pasted text arrives in one piece: its control characters (an escape byte, a
        # backspace, a bell) become visible symbols before any field sees them, so they are
        # never interpreted by the terminal and the text keeps its order. Newlines stay (a
        # text area keeps them; a one-line input takes the first line).
        if isinstance(event, events.Paste) and not event.is_forwarded:
            clean = printable(event.text)
            if clean != event.text:
                event.stop()
                event = events.Paste(clean)
        await super().on_event(event)

    def action_command_palette(self) -> None:
        """The palette, its search box in the app's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("palette.placeholder", self.language)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def action_toggle_language(self) -> None:
        self.language = "en" if self.language == "zh" else "zh"

    def watch_language(self, language: str) -> None:
        """Remember the choice, and relabel every screen open. (The app tells them: a screen
        watching the app would stay in the app's list of watchers, and so in memory, after it
        was closed, until the next switch.)"""
        if not self.service.readonly:
            settings = self.service.settings()
            try:
                self.service.save_settings(settings.with_changes(language=Language(language)))
            except DragonError as err:
                self.notify(str(err), severity="error", markup=False)
        for screen in list(self.screen_stack):
            if isinstance(screen, DragonScreen) and screen.is_mounted:
                screen.language_changed()
        self.notify(t("app.language_switched", language), timeout=2)

    # ------------------------------------------------------------------ screens
    def _shown_ids(self) -> Ids:
        screen = self.screen
        return screen.shown_ids() if isinstance(screen, DragonScreen) else (None, None)

    def open_screen(
        self, name: str, account_id: str | None = None, opportunity_id: str | None = None
    ) -> None:
        """Open screen `name` for the given ids (never for ids another screen remembers)."""
        entry = SCREENS.get(name)
        if entry is None:
            self.notify(t("app.coming_soon", self.language))
            return
        if name == "home":
            while len(self.screen_stack) > 2:
                self.pop_screen()
            return
        needed = {"account": account_id, "opportunity": opportunity_id}.get(entry.needs or "")
        if entry.needs and needed is None:
            self.notify(t(f"app.needs_{entry.needs}", self.language), severity="warning")
            return
        try:
            self.push_screen(entry.factory(self, account_id, opportunity_id))
        except DragonError as err:
            self.notify(str(err), severity="error", markup=False)

    def open_for_view(self, name: str) -> None:
        """Open `name` for what the screen in view shows (the palette, `ctrl+n`)."""
        self.open_screen(name, *self._shown_ids())

    def action_log_activity(self) -> None:
        self.open_for_view("log_activity")

    def action_open_screen(self, name: str) -> None:
        self.open_for_view(name)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.language
        for command in super().get_system_commands(screen):
            # Textual's own commands (theme, quit, keys …) in the app's language
            key = f"system.{command.title}"
            if key in STRINGS:
                command = SystemCommand(
                    t(key, lang), t(f"{key}.help", lang), command.callback, command.discover
                )
            yield command
        for name, entry in SCREENS.items():
            yield SystemCommand(
                t(entry.label_key, lang),
                t(f"palette.{name}", lang),
                partial(self.open_for_view, name),
            )
        yield SystemCommand(
            t("action.language", lang), t("palette.language", lang), self.action_toggle_language
        )

    # ------------------------------------------------------------------ messages from screens
    def on_home_screen_account_selected(self, message: HomeScreen.AccountSelected) -> None:
        self.open_screen("dossier", message.account_id)

    def on_show_dossier(self, message: m.ShowDossier) -> None:
        self.open_screen("dossier", message.account_id)

    def on_show_org_chart(self, message: m.ShowOrgChart) -> None:
        self.open_screen("orgchart", message.account_id)

    def on_show_spin(self, message: m.ShowSpin) -> None:
        self.open_screen("spin", message.account_id, message.opportunity_id)

    def on_show_proposal(self, message: m.ShowProposal) -> None:
        self.open_screen("proposal", message.account_id, message.opportunity_id)

    def on_show_checklist(self, message: m.ShowChecklist) -> None:
        self.open_screen("checklist", message.account_id, message.opportunity_id)

    def on_show_activities(self, message: m.ShowActivities) -> None:
        self.open_screen("activities", message.account_id)

    def on_show_commitment(self, message: m.ShowCommitment) -> None:
        self.open_screen("commitment", message.account_id, message.opportunity_id)

    def on_log_activity(self, message: m.LogActivity) -> None:
        self.open_screen("log_activity", message.account_id, message.opportunity_id)


def run_app(store: Service | Store, *, first_run: bool = False) -> None:
    DragonApp(store, first_run=first_run).run()
