"""The home screen: the account list with search as you type."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial

from pydantic import ValidationError
from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from dragon_tui.method.filters import SORTS, matches, parse_filter, sort_rows
from dragon_tui.method.stages import stage_name
from dragon_tui.models import Account
from dragon_tui.search import AccountRow
from dragon_tui.service.accounts import IndexCache
from dragon_tui.text import clip

from .base import DragonScreen, literal
from .widgets.confirm import ConfirmScreen
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.invalid import explain
from .widgets.prompt import PromptScreen
from .widgets.table import RowTable

COLUMNS = (
    "col.name",
    "col.industry",
    "col.region",
    "col.tier",
    "col.owner",
    "col.open_opps",
    "col.best_stage",
)
# Fixed widths (cells): measuring thousands of cells on every refresh made start-up slow.
WIDTHS = (24, 8, 6, 6, 6, 5, 10)  # fits 80 columns with the cell padding
PAGE_ROWS = (
    100  # rows added at a time: a few screenfuls; the next page when the cursor nears the end
)


class HomeScreen(DragonScreen):
    """Accounts (客户列表): type to search, enter to open the dossier."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/", id="home.focus_search"),
        Binding("escape", "clear_search", "Clear", show=False, id="home.clear_search"),
        Binding("enter", "open_account", "Open", show=False, id="home.open_account"),
        Binding("a", "add_account", "Add", id="home.add_account"),
        Binding("delete", "delete_account", "Delete", id="home.delete_account"),
        Binding("o", "cycle_sort", "Sort", show=False, id="home.cycle_sort"),
        Binding("r", "sort_prospects", "A-card order", id="home.sort_prospects"),
        Binding("u", "undo_delete", "Undo", show=False, id="home.undo_delete"),
        Binding("q", "app.quit", "Quit", id="home.app_quit"),
    ]

    @dataclass
    class AccountSelected(Message):
        account_id: str

    def __init__(self, store, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.index = IndexCache(store)
        self._last_deleted: Account | None = None
        self._shown: tuple | None = None  # (query, generation, language, sort) on screen now
        self._filter_errors: list[str] = []
        self._building = False  # a worker is building the full search index
        self._rows: list[AccountRow] = []  # every matching row; the table holds the first pages
        self._refresh_pending = False
        self._labelled = False  # labelled once: later language changes may wait until shown
        self._language_stale = False
        self.sort_key, self.sort_descending = "name", False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Input(id="search")
            yield RowTable(id="accounts", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty")
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        remembered = self.store.settings().last_account_filter.get("query", "")
        if remembered:
            self.query_one(Input).value = remembered
        self.refresh_language()
        self.query_one(DataTable).focus()

    def refresh_language(self) -> None:
        if not self.is_current and self._labelled:
            # under another screen: relabel when shown again, not while the rep waits
            self._language_stale = True
            return
        self._labelled, self._language_stale = True, False
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.home")
        self.query_one(Input).placeholder = self.t("home.search_placeholder")
        self.reset_table(self.query_one(DataTable), list(zip(COLUMNS, self._widths(), strict=True)))
        self._shown = None
        self.refresh_rows()

    def _widths(self) -> tuple[int, ...]:
        """The columns' widths: the best stage as wide as the longest stage name of the scheme
        in the language (whole: "Collect payment", not "Collect pa"), the name takes the rest."""
        scheme = self.store.settings().stage_scheme
        stage = max(cell_len(stage_name(scheme, n, self.lang)) for n in range(1, 7))
        stage = min(stage, 17)
        name, *middle, last = WIDTHS
        return (name + last - stage, *middle, stage)

    def on_screen_resume(self) -> None:
        if self._language_stale:
            self.refresh_language()
        self.refresh_rows()  # a no-op unless the data changed while another screen was on top

    def _current_index(self):
        """The full index when it is ready; until then the quick one (no contact names), while a
        worker builds the full one, so the list is usable at once even with 5,000 accounts."""
        if self.index.is_complete:
            return self.index.get()
        if not self._building:
            self._building = True
            self.run_worker(self._build_full_index, thread=True, group="index")
            self.run_worker(self._prepare_activities, thread=True, group="activities")
        return self.index.quick()

    def _prepare_activities(self) -> None:
        """The activities' lookups by account (what the dossier finds them by), beside the
        warm-up below rather than in it: at 5,000 accounts a child process reads them on
        another core (`doc_scan`) while this thread waits, and the warm-up goes on meanwhile."""
        from dragon_tui.errors import DragonError
        from dragon_tui.models import Activity

        try:
            self.store.prepare(Activity, lookups=True, by="account_id")
        except DragonError:
            pass  # a damaged table: the screen that needs it says so

    def _build_full_index(self) -> None:
        self.index.get(elsewhere=True)
        # posted, not waited for (`call_from_thread` waits until the UI runs it: the warm-up
        # below stood still while a screen opened, the time it needed the warm-up most)
        self.call_later(self._index_ready)
        self._prepare_next_screens()
        # What was just built lives as long as the app: out of the cyclic collector's sight,
        # so its full collections (every few screens) don't rescan it while the rep waits.
        gc.freeze()

    def _prepare_next_screens(self) -> None:
        """While the rep reads the list, what the screens opened from it read first, so the
        first of each opens as fast as the next: every model's validator, the tables the
        dossier looks up by account (the activities beside: `_prepare_activities`), the
        lookups of the proposal and SPIN screens, every deal (the funnel reads them whole),
        what the funnel shows on opening (with the people of the accounts of its first deals
        only: reading all 50,000 people of 5,000 accounts here took 0.8 s from the rep's first
        keystrokes), the screens' modules, every account. Tables
        are read without holding the store's lock (`Service.prepare`), so the rep's keys do
        not wait for them; a screen that needs one being read waits for that reading."""
        import importlib

        from dragon_tui.errors import DragonError
        from dragon_tui.models import (
            Competitor,
            Contact,
            NeedItem,
            Opportunity,
            Proposal,
            SpinAnswer,
            build_validators,
        )

        from .funnel import prepare

        store = self.store
        # in the order a rep goes: the dossier, the proposal and SPIN, then the funnel; the
        # other screens' modules after (each import is quick, the funnel's deals are not)
        modules = ("dossier", "ownership", "orgchart", "proposal", "spin", "checklist")
        steps = [
            build_validators,
            *(partial(store.prepare, m, lookups=True) for m in (Opportunity, Contact)),
            # the activities are read beside (`_prepare_activities`): by account alone; the deal
            # plan's find by opportunity reads that field when asked
            *(partial(store.prepare, m, lookups=True) for m in (Proposal, Competitor)),
            *(partial(importlib.import_module, f".{name}", __package__) for name in modules[:2]),
            *(partial(store.prepare, m, lookups=True) for m in (SpinAnswer, NeedItem)),
            partial(store.prepare, Opportunity, models=True),
            partial(prepare, store, self.today),
            *(partial(importlib.import_module, f".{name}", __package__) for name in modules[2:]),
            partial(store.prepare, Account, models=True),
        ]
        for step in steps:
            try:
                step()
            except DragonError:
                continue  # a damaged table: the screen that needs it says so

    def _index_ready(self) -> None:
        self._building = False
        self._shown = None
        if not self.query(DataTable):
            return  # the app closed (its widgets removed) while the worker built the index
        self.refresh_rows()

    def matching_rows(self, query: str) -> list[AccountRow]:
        wanted = parse_filter(query)
        self._filter_errors = wanted.errors
        rows = self._current_index().search(wanted.text)
        if wanted.conditions:
            rows = [r for r in rows if matches(r, wanted.conditions)]
        if self.sort_key != "name" or self.sort_descending:
            rows = sort_rows(rows, self.sort_key, self.sort_descending)
        return rows

    def refresh_rows(self) -> None:
        query = self.query_one(Input).value
        shown = (query, self.store.generation, self.lang, self.sort_key, self.sort_descending)
        if shown == self._shown:
            return  # nothing changed: don't rebuild 500 rows
        self._shown = shown
        rows = self.matching_rows(query)
        self._rows = rows
        table = self.query_one(DataTable)
        selected = self.selected_account_id()
        table.clear()
        self._add_page(table)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        total = len(self._current_index().rows)
        empty = self.query_one("#empty", Static)
        if total == 0:
            empty.update(self.t("empty.accounts"))
        elif self._filter_errors:
            empty.update(literal(self.t("home.bad_filter", tokens=" ".join(self._filter_errors))))
        elif not rows:
            empty.update(literal(self.t("empty.search", query=query)))
        else:
            empty.update("")
        empty.display = not rows or bool(self._filter_errors)
        status = self.t("home.count", shown=len(rows), total=total)
        if self.sort_key == "prospect_score":
            arrow = "↓" if self.sort_descending else "↑"
            status += f"   {self.t('home.sorted_prospects')} {arrow}"
        self.query_one("#status", Static).update(status)

    def _add_page(self, table: DataTable) -> None:
        """Add the next page of matching rows: only what can be seen soon is ever built."""
        start = table.row_count
        scheme = self.store.settings().stage_scheme
        name_width = next(iter(table.columns.values())).width
        for row in self._rows[start : start + PAGE_ROWS]:
            a = row.account
            table.add_row(
                literal(clip(a.name, name_width)),
                literal(a.industry),
                literal(a.region),
                self.label(a.value_tier) if a.value_tier else "",
                literal(a.owner),
                str(row.open_opportunities),
                stage_name(scheme, row.best_stage, self.lang) if row.best_stage else "",
                key=a.id,
            )

    @on(DataTable.RowHighlighted, "#accounts")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if event.cursor_row >= table.row_count - 5 and table.row_count < len(self._rows):
            self._add_page(table)

    def shows_query(self) -> bool:
        """The rows on screen are those of the query typed now (no refresh pending)."""
        return self._shown is not None and self._shown[0] == self.query_one(Input).value

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.selected_account_id(), None

    def selected_account_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no valid cursor yet
            return None

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        # Debounced by the message queue: keys already waiting (fast typing, a paste) are taken
        # in before the one refresh, instead of one full refresh per key.
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_later(self._refresh_after_keys)

    def _refresh_after_keys(self) -> None:
        self._refresh_pending = False
        self.refresh_rows()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.refresh_rows()
        self.remember_filter()
        self.query_one(DataTable).focus()

    def remember_filter(self) -> None:
        """Keep the typed filter in settings, so the list opens the way it was left."""
        query = self.query_one(Input).value
        settings = self.store.settings()
        if self.store.readonly or settings.last_account_filter.get("query", "") == query:
            return
        self.attempt(
            lambda: self.store.save_settings(
                settings.with_changes(last_account_filter={"query": query})
            )
        )

    def on_screen_suspend(self) -> None:
        self.remember_filter()

    @on(DataTable.HeaderSelected, "#accounts")
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(SORTS[event.column_index])

    def sort_by(self, key: str) -> None:
        self.sort_descending = not self.sort_descending if key == self.sort_key else False
        self.sort_key = key
        self.refresh_rows()

    def action_cycle_sort(self) -> None:
        self.sort_by(
            SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
            if not self.sort_descending
            else self.sort_key
        )

    def action_sort_prospects(self) -> None:
        """The prospect priority list (METHOD §5): best A-card first (score, then timing);
        pressed again, the order turns round."""
        if self.sort_key == "prospect_score":
            self.sort_descending = not self.sort_descending
        else:
            self.sort_key, self.sort_descending = "prospect_score", True
        self.refresh_rows()

    def action_add_account(self) -> None:
        def done(name: str | None) -> None:
            if not name or not name.strip():
                return
            saved = self.attempt(lambda: self.store.save(Account(name=name.strip())))
            if saved is not None:
                self.refresh_rows()
                self.post_message(self.AccountSelected(saved.id))

        def check(name: str) -> str | None:
            try:
                Account(name=name.strip())
            except ValidationError as exc:
                return explain(exc, self.lang, {"name": self.t("col.name")})
            return None

        self.app.push_screen(PromptScreen(self.t("home.new_account"), check=check), done)

    @on(DataTable.RowSelected, "#accounts")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.post_message(self.AccountSelected(event.row_key.value))

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one(Input)
        search.value = ""
        self.query_one(DataTable).focus()

    def action_open_account(self) -> None:
        account_id = self.selected_account_id()
        if account_id:
            self.post_message(self.AccountSelected(account_id))

    def action_delete_account(self) -> None:
        account_id = self.selected_account_id()
        account = self.store.get(Account, account_id) if account_id else None
        if account is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                deleted = self.attempt(lambda: self.store.delete(Account, account.id))
                if deleted is not None:
                    self._last_deleted = deleted
                    self.notify(self.t("notify.deleted", name=account.name), markup=False)
                    self.refresh_rows()

        self.app.push_screen(
            ConfirmScreen(self.t("confirm.delete_account", name=account.name), self.lang), confirmed
        )

    def action_undo_delete(self) -> None:
        if self._last_deleted is None:
            return
        account = self._last_deleted
        if self.attempt(lambda: self.store.restore(Account, account.id)) is not None:
            self._last_deleted = None
            self.notify(self.t("notify.restored", name=account.name), markup=False)
            self.refresh_rows()
