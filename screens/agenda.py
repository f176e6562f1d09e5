"""Today (今日日程): follow-ups due and overdue, planned visits, quiet key people, deals with no
next step, and the receivables matrix's actions on overdue invoices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Label

from dragon_tui.method.activity_log import follow_up_activity
from dragon_tui.method.followups import Agenda, build_agenda, complete_step
from dragon_tui.models import Account, Activity, Contact, Invoice, Opportunity
from dragon_tui.models.enums import ActivityType
from dragon_tui.service.deal import receivables

from . import messages as m
from .base import DragonScreen, literal
from .widgets.footer import Footer

STEP_TABLES = ("overdue", "today", "soon")
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

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="agenda"):
            for key in SECTIONS:
                yield Label("", classes="section-title", id=f"title-{key}")
                yield DataTable(id=f"agenda-{key}", cursor_type="row", classes="agenda-table")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one("#agenda-overdue", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.agenda')} {self.today.isoformat()}"
        self.refresh_data()

    def _agenda(self) -> Agenda:
        settings = self.store.settings()
        return build_agenda(
            self.store.all(Activity),
            self.store.all(Contact),
            self.store.all(Opportunity),
            self.today,
            settings.stale_contact_days,
        )

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
        agenda = self._agenda()
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
            for due in steps:
                late = (
                    [self.t("agenda.late_days", days=due.days_overdue)] if key == "overdue" else []
                )
                table.add_row(
                    str(due.step.due_on),
                    *late,
                    literal(due.step.text),
                    literal(accounts.get(due.activity.account_id, "?")),
                    literal(due.step.owner),
                    key=f"{due.activity.id}/{due.step.id}",
                    height=None,
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
        for a in agenda.planned_visits:
            planned.add_row(
                a.occurred_at.astimezone().strftime("%Y-%m-%d"),
                self.label(a.type),
                literal(accounts.get(a.account_id, "?")),
                literal(a.summary),
                key=a.id,
                height=None,
            )
        quiet = self._table(
            "quiet",
            [("col.person", 8), ("dossier.title", None), ("col.account", None), ("col.quiet", 10)],
        )
        for q in agenda.quiet_contacts:
            span = (
                self.t("agenda.never")
                if q.days_quiet is None
                else self.t("agenda.days_quiet", days=q.days_quiet)
            )
            quiet.add_row(
                literal(q.contact.name),
                literal(q.contact.title),
                literal(accounts.get(q.contact.account_id, "?")),
                span,
                key=q.contact.id,
                height=None,
            )
        lonely = self._table(
            "no_next_step",
            [("funnel.col_opportunity", None), ("col.account", None), ("funnel.col_amount", 14)],
        )
        for o in agenda.no_next_step:
            lonely.add_row(
                literal(o.name),
                literal(accounts.get(o.account_id, "?")),
                f"{o.amount:,.0f}",
                key=o.id,
                height=None,
            )
        self._show_receivables()
        self._show_upkeep(accounts)
        for key in SECTIONS:
            table = self.query_one(f"#agenda-{key}", DataTable)
            if table.row_count == 0:
                table.add_row(self.t("agenda.nothing"))

    def _show_upkeep(self, accounts: dict[str, str]) -> None:
        """Relationship upkeep (METHOD §5): calls after first meetings, birthdays, holidays."""
        from dragon_tui.method.upkeep import first_meeting_calls, occasions

        contacts = self.store.all(Contact)
        table = self._table(
            "upkeep",
            [("col.when", 10), ("col.person", None), ("col.account", None), ("agenda.do", None)],
        )
        for call in first_meeting_calls(contacts, self.store.all(Activity), self.today):
            table.add_row(
                call.met_on.isoformat(),
                literal(call.contact.name),
                literal(accounts.get(call.contact.account_id, "?")),
                self.t("agenda.call_after_meeting"),
                key=f"contact/{call.contact.id}",
                height=None,
            )
        for occasion in occasions(contacts, self.today):
            person = occasion.contact
            table.add_row(
                occasion.on.isoformat(),
                literal(occasion.text(self.lang)),
                literal(accounts.get(person.account_id, "?") if person else ""),
                self.t("agenda.birthday_gift" if person else "agenda.holiday_message"),
                key=f"contact/{person.id}" if person else f"holiday/{occasion.on}",
                height=None,
            )

    def _show_receivables(self) -> None:
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
        for row in receivables(self.store, self.today).rows:
            if row.action is None:
                continue
            table.add_row(
                self.label(row.action),
                literal(row.invoice.number or "—"),
                literal(row.account),
                f"{row.outstanding:,.2f}",
                str(row.days_overdue),
                key=row.invoice.id,
                height=None,
            )

    def _focused_key(self) -> tuple[str, str] | None:
        table = self.focused
        if not isinstance(table, DataTable) or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (table.id or "", key) if key else None

    def action_complete(self) -> None:
        found = self._focused_key()
        if found is None or found[0].removeprefix("agenda-") not in STEP_TABLES:
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
