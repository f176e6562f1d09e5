"""DragonApp: the screens, the command palette entries, the language switch."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from dragon_tui.errors import DragonError
from dragon_tui.labels import t
from dragon_tui.models.enums import Language
from dragon_tui.store import Store
from screens.base import DragonScreen, relabel_bindings
from screens.home import HomeScreen


@dataclass(frozen=True)
class ScreenEntry:
    """A screen the palette can open. `needs` says which selection it requires, if any."""

    label_key: str
    factory: Callable[[DragonApp], Screen] | None
    needs: str | None = None  # "account" or "opportunity"


def _lazy(module: str, cls: str, *args: str) -> Callable[[DragonApp], Screen]:
    """A factory importing the screen on first use, so start-up loads only the home screen."""

    def make(app: DragonApp) -> Screen:
        import importlib

        screen_cls = getattr(importlib.import_module(module), cls)
        values = [getattr(app, f"current_{name}_id") for name in args]
        return screen_cls(app.store, *values)

    return make


def _activity_entry(app: DragonApp) -> Screen:
    from screens.activity import ActivityEntryScreen

    return ActivityEntryScreen(
        app.store, app.current_account_id, app.current_opportunity_id, app.language, app.today
    )


SCREENS: dict[str, ScreenEntry] = {
    "home": ScreenEntry("screen.home", lambda app: HomeScreen(app.store)),
    "dossier": ScreenEntry(
        "screen.dossier", _lazy("screens.dossier", "DossierScreen", "account"), "account"
    ),
    "orgchart": ScreenEntry(
        "screen.orgchart", _lazy("screens.orgchart", "OrgChartScreen", "account"), "account"
    ),
    "spin": ScreenEntry(
        "screen.spin", _lazy("screens.spin", "SpinScreen", "opportunity"), "opportunity"
    ),
    "proposal": ScreenEntry(
        "screen.proposal", _lazy("screens.proposal", "ProposalScreen", "opportunity"), "opportunity"
    ),
    "agenda": ScreenEntry("screen.agenda", _lazy("screens.agenda", "AgendaScreen")),
    "checklist": ScreenEntry(
        "screen.checklist",
        _lazy("screens.checklist", "ChecklistScreen", "account", "opportunity"),
        "account",
    ),
    "activities": ScreenEntry(
        "screen.activities", _lazy("screens.activity", "ActivityLogScreen", "account"), "account"
    ),
    "log_activity": ScreenEntry("activity.title", lambda app: _activity_entry(app), "account"),
    "sync": ScreenEntry("screen.sync", _lazy("screens.sync_review", "SyncScreen")),
    "conflicts": ScreenEntry("screen.conflicts", _lazy("screens.conflicts", "ConflictsScreen")),
    "settings": ScreenEntry("screen.settings", _lazy("screens.settings", "SettingsScreen")),
    "trash": ScreenEntry("screen.trash", _lazy("screens.settings", "TrashScreen")),
    "csv_import": ScreenEntry("screen.csv_import", _lazy("screens.csv_import", "CsvImportScreen")),
    "funnel": ScreenEntry("screen.funnel", _lazy("screens.funnel", "FunnelScreen")),
}


def register_screen(name: str, entry: ScreenEntry) -> None:
    SCREENS[name] = entry


class DragonApp(App):
    """摧龙六式 dragon-tui."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses may live anywhere
    TITLE = "dragon-tui"
    BINDINGS = [
        Binding("ctrl+l", "toggle_language", "中文/English"),
        Binding("ctrl+n", "log_activity", "Log activity"),
        Binding("ctrl+t", "open_screen('agenda')", "Today", show=False),
        Binding("ctrl+f", "open_screen('funnel')", "Funnel", show=False),
    ]

    language: reactive[str] = reactive("zh", init=False)

    def __init__(self, store: Store, *, first_run: bool = False, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.first_run = first_run
        self.today = today or date.today()
        self.current_account_id: str | None = None
        self.current_opportunity_id: str | None = None
        self.set_reactive(DragonApp.language, store.settings().language.value)

    def on_mount(self) -> None:
        from screens.theme import remember_theme

        remember_theme(self)
        relabel_bindings(self, self.language)
        self.push_screen(HomeScreen(self.store))
        if self.store.readonly:
            self.sub_title = t("app.readonly", self.language)
            self.notify(
                f"{self.store.path}: {self.store.readonly_reason}",
                severity="warning",
                markup=False,
                timeout=8,
            )
        if self.first_run:
            self.notify(t("app.first_run", self.language))

    # ------------------------------------------------------------------ language
    def action_toggle_language(self) -> None:
        self.language = "en" if self.language == "zh" else "zh"

    def watch_language(self, language: str) -> None:
        if not self.store.readonly:
            settings = self.store.settings()
            try:
                self.store.save_settings(settings.with_changes(language=Language(language)))
            except DragonError as err:
                self.notify(str(err), severity="error", markup=False)
        relabel_bindings(self, language)
        for screen in self.screen_stack:
            if isinstance(screen, DragonScreen):
                screen.relabel()
                screen.refresh_language()
        self.notify(t("app.language_switched", language), timeout=2)

    # ------------------------------------------------------------------ screens
    def open_screen(self, name: str) -> None:
        entry = SCREENS.get(name)
        if entry is None or entry.factory is None:
            self.notify(t("app.coming_soon", self.language))
            return
        if entry.needs and getattr(self, f"current_{entry.needs}_id") is None:
            self.notify(t(f"app.needs_{entry.needs}", self.language), severity="warning")
            return
        if name == "home":
            while len(self.screen_stack) > 2:
                self.pop_screen()
            return
        try:
            self.push_screen(entry.factory(self))
        except DragonError as err:
            self.notify(str(err), severity="error", markup=False)

    def action_log_activity(self) -> None:
        """Quick activity entry for the account in view (or selected in the list)."""
        if isinstance(self.screen, HomeScreen):
            self.current_account_id = self.screen.selected_account_id() or self.current_account_id
        self.open_screen("log_activity")

    def action_open_screen(self, name: str) -> None:
        self.open_screen(name)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        lang = self.language
        for name, entry in SCREENS.items():
            yield SystemCommand(
                t(entry.label_key, lang),
                t("palette.open_screen", lang),
                partial(self.open_screen, name),
            )
        yield SystemCommand(
            t("action.language", lang), t("palette.language", lang), self.action_toggle_language
        )

    def on_home_screen_account_selected(self, message: HomeScreen.AccountSelected) -> None:
        self.current_account_id = message.account_id
        self.open_screen("dossier")

    def on_dossier_screen_open(self, message) -> None:
        self.current_account_id = message.account_id
        if message.opportunity_id:
            self.current_opportunity_id = message.opportunity_id
        self.open_screen(message.screen)


def run_app(store: Store, *, first_run: bool = False) -> None:
    DragonApp(store, first_run=first_run).run()
