"""Today (今日日程): follow-ups due and overdue, planned visits, quiet key people, deals with no
next step, and the receivables matrix's actions on overdue invoices."""

from __future__ import annotations

import weakref

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label

from dragon_tui.errors import DragonError
from dragon_tui.method.activity_log import follow_up_activity
from dragon_tui.method.followups import complete_step
from dragon_tui.models import Account, Activity, Contact, Invoice, Opportunity
from dragon_tui.models.enums import ActivityType
from dragon_tui.service.today import Today, today_key, today_view

from . import messages as m
from .base import DragonScreen
from .widgets.columns import add_wrapped_row
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.table import RowTable

# What the last Today screen worked out: (the service, weakly; the key it was worked out for;
# Today), so that opening Today again shows it at once while the records are unchanged.
_KEPT: tuple[weakref.ref, tuple, Today] | None = None

STEP_TABLES = ("overdue", "today", "soon")
PAGE = 100  # rows of a section shown at first, and added by each `enter` on "… more"
MORE = "more/"  # the key of a section's last row when it has more
SECTIONS = (
    "overdue",
    "today",
    "soon",
    "planned",
    "upkeep",
    "quiet",
    "no_next_step",
    "receivables",
)


class AgendaScreen(DragonScreen):
    """What needs doing today; `d` marks a follow-up done and logs it in one move."""

    BINDINGS = [
        Binding("d", "complete", "Done + log", id="agenda.complete"),
        Binding("u", "undo_complete", "Undo", id="agenda.undo_complete"),
        Binding("enter", "open_account", "Open", show=False, id="agenda.open_account"),
        Binding("escape", "app.pop_screen", "Back", id="agenda.app_pop_screen"),
    ]

    _undo: tuple[Activity, Activity] | None = None  # (activity before `d`, activity it logged)
    _working: tuple | None = None  # the key a worker is working Today out for
    _refused: tuple[tuple, str] | None = None  # the key Today could not be worked out for, why

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limits: dict[str, int] = {}  # rows shown per section, when more than PAGE
        self._totals: dict[str, int] = {}  # rows each section has

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="agenda"):
            for key in SECTIONS:
                yield Label("", classes="section-title", id=f"title-{key}")
                yield RowTable(id=f"agenda-{key}", cursor_type="row", classes="agenda-table")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one("#agenda-overdue", DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.resumed_again():  # the first time, it was filled as it was mounted, just now
            self.refresh_data()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.agenda')} {self.today.isoformat()}"
        self.refresh_data()

    def _key(self) -> tuple:
        """What Today is worked out from (`today_key`)."""
        return today_key(self.store, self.today)

    def _kept_today(self) -> Today | None:
        """What was worked out for the records as they are now (by this screen or an earlier
        one: opening Today again, a resize or a language switch only lays it out again)."""
        if _KEPT is not None and _KEPT[0]() is self.store and _KEPT[1] == self._key():
            return _KEPT[2]
        return None

    def _work_out(self) -> None:
        """Work Today out in a worker (two seconds at 5,000 accounts), behind a loading
        indicator the first time; what was shown stays until the new one is ready."""
        key = self._key()
        if self._working == key:
            return
        if self._refused is not None and self._refused[0] == key:
            self._say_refused()  # the same records: the same damage, not tried again
            return
        self._working = key
        if self._totals == {}:  # nothing shown yet
            self.query_one("#agenda").loading = True
        lang = self.lang

        def work() -> None:
            try:
                found = today_view(self.store, self.today)
            except DragonError as err:  # a damaged record: said on the screen, in the language
                self.app.call_from_thread(self._not_worked_out, key, err.text(lang))
                return
            self.app.call_from_thread(self._worked_out, key, found)

        self.run_worker(work, thread=True, group="today")

    def _worked_out(self, key: tuple, found: Today) -> None:
        global _KEPT
        self._working = None
        _KEPT = (weakref.ref(self.store), key, found)
        if self.is_attached:
            self.refresh_data()

    def _not_worked_out(self, key: tuple, message: str) -> None:
        self._working = None
        self._refused = (key, message)
        if self.is_attached:
            self._say_refused()

    def _say_refused(self) -> None:
        self.query_one("#agenda").loading = False
        message = self._refused[1] if self._refused else ""
        self.query_one("#title-overdue", Label).update(Text(message, style="bold red"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # a focused table takes `enter` itself (select the row): act on the row it selected
        event.stop()
        self.action_open_account()

    def on_resize(self, event) -> None:
        # column widths follow the terminal width; a resize that keeps the width changes nothing
        if event.size.width != getattr(self, "_laid_out_width", None):
            self.refresh_data()

    def _table(self, key: str, columns: list[tuple[str, int | float | None]]) -> DataTable:
        """A table whose columns fit the screen: fixed widths for dates and short values, the
        rest shared by the text columns, which wrap."""
        self._laid_out_width = self.size.width
        return self.reset_table(f"agenda-{key}", columns, fit=True)

    def refresh_data(self) -> None:
        today = self._kept_today()
        if today is None:
            self._work_out()
            return
        self.query_one("#agenda").loading = False
        agenda = today.agenda
        accounts = {a.id: a.name for a in self.store.all(Account)}
        days = self.store.settings().stale_contact_days
        titles = {
            "overdue": "agenda.overdue",
            "today": "agenda.today",
            "soon": "agenda.soon",
            "planned": "agenda.planned",
            "no_next_step": "agenda.no_next_step",
            "receivables": "agenda.receivables",
            "upkeep": "agenda.upkeep",
        }
        for key, title in titles.items():
            self.query_one(f"#title-{key}", Label).update(self.t(title))
        self.query_one("#title-quiet", Label).update(self.t("agenda.quiet", days=days))
        for key, steps in zip(
            STEP_TABLES, (agenda.overdue, agenda.due_today, agenda.due_soon), strict=True
        ):
            table = self._table(
                key,
                [
                    ("col.due", 10),
                    *([("agenda.late", 6)] if key == "overdue" else []),
                    ("col.step", 2.0),
                    ("col.account", 3.0),
                    ("activity.owner", 6),
                ],
            )
            for due in self._page(key, steps):
                late = (
                    [Text(self.t("agenda.late_days", days=due.days_overdue))]
                    if key == "overdue"
                    else []
                )
                add_wrapped_row(
                    table,
                    [
                        Text(str(due.step.due_on)),
                        *late,
                        due.step.text,
                        accounts.get(due.activity.account_id, "?"),
                        due.step.owner,
                    ],
                    key=f"{due.activity.id}/{due.step.id}",
                )
        planned = self._table(
            "planned",
            [
                ("col.when", 10),
                ("dossier.type", self.label_width(ActivityType)),
                ("col.account", None),
                ("dossier.summary_col", None),
            ],
        )
        for a in self._page("planned", agenda.planned_visits):
            add_wrapped_row(
                planned,
                [
                    Text(a.occurred_at.astimezone().strftime("%Y-%m-%d")),
                    Text(self.label(a.type)),
                    accounts.get(a.account_id, "?"),
                    a.summary,
                ],
                key=a.id,
            )
        quiet = self._table(
            "quiet",
            [("col.person", 8), ("dossier.title", None), ("col.account", None), ("col.quiet", 10)],
        )
        for q in self._page("quiet", agenda.quiet_contacts):
            span = (
                self.t("agenda.never")
                if q.days_quiet is None
                else self.t("agenda.days_quiet", days=q.days_quiet)
            )
            add_wrapped_row(
                quiet,
                [
                    q.contact.name,
                    q.contact.title,
                    accounts.get(q.contact.account_id, "?"),
                    span,
                ],
                key=q.contact.id,
            )
        lonely = self._table(
            "no_next_step",
            [("funnel.col_opportunity", None), ("col.account", None), ("funnel.col_amount", 14)],
        )
        for o in self._page("no_next_step", agenda.no_next_step):
            add_wrapped_row(
                lonely,
                [o.name, accounts.get(o.account_id, "?"), Text(f"{o.amount:,.0f}")],
                key=o.id,
            )
        self._show_receivables(today)
        self._show_upkeep(accounts, today)
        for key in SECTIONS:
            table = self.query_one(f"#agenda-{key}", DataTable)
            if table.row_count == 0:
                table.add_row(self.t("agenda.nothing"))
            hidden = self._totals.get(key, 0) - self._limit(key)
            if hidden > 0:
                # said in the widest column, wrapped there: whole at 80 columns too
                cells: list[str | Text] = [""] * len(table.ordered_columns)
                widest = max(range(len(cells)), key=lambda i: table.ordered_columns[i].width)
                cells[widest] = self.t("agenda.more", count=f"{hidden:,}", page=min(PAGE, hidden))
                add_wrapped_row(table, cells, key=f"{MORE}{key}")

    def _limit(self, key: str) -> int:
        return self._limits.get(key, PAGE)

    def _page(self, key: str, items: list) -> list:
        """The rows of a section shown now: the first PAGE, more after each `enter` on its
        last row (thousands of overdue steps would each cost a row to build and keep)."""
        self._totals[key] = len(items)
        return items[: self._limit(key)]

    def _show_more(self, key: str) -> None:
        table = self.query_one(f"#agenda-{key}", DataTable)
        row = table.cursor_row
        self._limits[key] = self._limit(key) + PAGE
        self.refresh_data()
        table.move_cursor(row=row)  # on the first of the rows just added

    def _show_upkeep(self, accounts: dict[str, str], today: Today) -> None:
        """Relationship upkeep (METHOD §5): calls after first meetings, birthdays, holidays."""
        table = self._table(
            "upkeep",
            [("col.when", 10), ("col.person", None), ("col.account", None), ("agenda.do", None)],
        )
        rows: list[tuple[list[str | Text], str]] = [
            (
                [
                    Text(call.met_on.isoformat()),
                    call.contact.name,
                    accounts.get(call.contact.account_id, "?"),
                    self.t("agenda.call_after_meeting"),
                ],
                f"contact/{call.contact.id}",
            )
            for call in today.first_calls
        ]
        for occasion in today.occasions:
            person = occasion.contact
            rows.append(
                (
                    [
                        Text(occasion.on.isoformat()),
                        occasion.text(self.lang),
                        accounts.get(person.account_id, "?") if person else "",
                        self.t("agenda.birthday_gift" if person else "agenda.holiday_message"),
                    ],
                    f"contact/{person.id}" if person else f"holiday/{occasion.on}",
                )
            )
        for cells, key in self._page("upkeep", rows):
            add_wrapped_row(table, cells, key=key)

    def _show_receivables(self, today: Today) -> None:
        """Overdue invoices with the matrix's action (METHOD §2.6), most urgent first."""
        table = self._table(
            "receivables",
            [
                ("receivables.col_action", None),
                ("receivables.col_number", None),
                ("receivables.col_account", None),
                ("receivables.col_outstanding", 14),
                ("receivables.col_days", 6),
            ],
        )
        for row in self._page("receivables", today.receivables):
            add_wrapped_row(
                table,
                [
                    self.label(row.action),
                    row.invoice.number or "—",
                    row.account,
                    Text(f"{row.outstanding:,.2f}"),
                    Text(str(row.days_overdue)),
                ],
                key=row.invoice.id,
            )

    def _focused_key(self) -> tuple[str, str] | None:
        table = self.focused
        if not isinstance(table, DataTable) or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (table.id or "", key) if key else None

    def action_complete(self) -> None:
        found = self._focused_key()
        if (
            found is None
            or found[0].removeprefix("agenda-") not in STEP_TABLES
            or found[1].startswith(MORE)
        ):
            return
        activity_id, step_id = found[1].split("/")
        activity = self.store.get(Activity, activity_id)
        if activity is None:
            return
        step = next(s for s in activity.next_steps if s.id == step_id)
        updated = complete_step(activity, step_id, self.today)
        logged = follow_up_activity(activity, step, self.today)
        saved = self.attempt(lambda: self.store.save_many([updated, logged]))
        if saved is not None:
            self._undo = (activity, saved[1])
            self.notify(self.t("agenda.done_undo", text=step.text), markup=False)
            self.refresh_data()

    def action_undo_complete(self) -> None:
        """Undo the last `d`: the follow-up is open again and the logged activity removed."""
        if self._undo is None:
            self.notify(self.t("agenda.nothing_to_undo"))
            return
        before, logged = self._undo
        current = self.store.get(Activity, before.id)
        if current is None:
            return
        restored = current.model_copy(update={"next_steps": before.next_steps})
        gone = logged.model_copy(update={"deleted": True})
        if self.attempt(lambda: self.store.save_many([restored, gone])) is not None:
            self._undo = None
            self.notify(self.t("agenda.undone"))
            self.refresh_data()

    def action_open_account(self) -> None:
        found = self._focused_key()
        if found is None:
            return
        table, key = found
        if key.startswith(MORE):
            self._show_more(key.removeprefix(MORE))
            return
        account_id = None
        if table.removeprefix("agenda-") in STEP_TABLES or table == "agenda-planned":
            activity = self.store.get(Activity, key.split("/")[0])
            account_id = activity.account_id if activity else None
        elif table == "agenda-upkeep" and key.startswith("contact/"):
            contact = self.store.get(Contact, key.removeprefix("contact/"))
            account_id = contact.account_id if contact else None
        elif table == "agenda-upkeep":
            return
        elif table == "agenda-receivables":
            invoice = self.store.get(Invoice, key)
            account_id = invoice.account_id if invoice else None
        elif table == "agenda-quiet":
            contact = self.store.get(Contact, key)
            account_id = contact.account_id if contact else None
        else:
            opp = self.store.get(Opportunity, key)
            account_id = opp.account_id if opp else None
        if account_id:
            self.post_message(m.ShowDossier(account_id))
