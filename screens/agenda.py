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
from dragon_tui.service.deal import receivables
from screens import messages as m
from screens.base import DragonScreen, literal
from screens.widgets.footer import Footer

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
        Binding("d", "complete", "Done + log"),
        Binding("enter", "open_account", "Open", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

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

    def _table(self, key: str, columns: list[str]) -> DataTable:
        table = self.query_one(f"#agenda-{key}", DataTable)
        table.clear(columns=True)
        for column in columns:
            table.add_column(self.t(column))
        return table

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
            table = self._table(key, ["col.due", "col.step", "col.account", "activity.owner"])
            for due in steps:
                when = str(due.step.due_on) + (
                    f" ({self.t('agenda.days_overdue', days=due.days_overdue)})"
                    if due.is_overdue
                    else ""
                )
                table.add_row(
                    when,
                    literal(due.step.text),
                    literal(accounts.get(due.activity.account_id, "?")),
                    literal(due.step.owner),
                    key=f"{due.activity.id}/{due.step.id}",
                )
        planned = self._table(
            "planned", ["col.when", "dossier.type", "col.account", "dossier.summary_col"]
        )
        for a in agenda.planned_visits:
            planned.add_row(
                a.occurred_at.astimezone().strftime("%Y-%m-%d"),
                self.label(a.type),
                literal(accounts.get(a.account_id, "?")),
                literal(a.summary),
                key=a.id,
            )
        quiet = self._table("quiet", ["col.person", "dossier.title", "col.account", "col.quiet"])
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
            )
        lonely = self._table(
            "no_next_step", ["funnel.col_opportunity", "col.account", "funnel.col_amount"]
        )
        for o in agenda.no_next_step:
            lonely.add_row(
                literal(o.name),
                literal(accounts.get(o.account_id, "?")),
                f"{o.amount:,.0f}",
                key=o.id,
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
        table = self._table("upkeep", ["col.when", "col.person", "col.account", "agenda.do"])
        for call in first_meeting_calls(contacts, self.store.all(Activity), self.today):
            table.add_row(
                call.met_on.isoformat(),
                literal(call.contact.name),
                literal(accounts.get(call.contact.account_id, "?")),
                self.t("agenda.call_after_meeting"),
                key=f"contact/{call.contact.id}",
            )
        for occasion in occasions(contacts, self.today):
            person = occasion.contact
            table.add_row(
                occasion.on.isoformat(),
                literal(occasion.text(self.lang)),
                literal(accounts.get(person.account_id, "?") if person else ""),
                self.t("agenda.birthday_gift" if person else "agenda.holiday_message"),
                key=f"contact/{person.id}" if person else f"holiday/{occasion.on}",
            )

    def _show_receivables(self) -> None:
        """Overdue invoices with the matrix's action (METHOD §2.6), most urgent first."""
        table = self._table(
            "receivables",
            [
                "receivables.col_action",
                "receivables.col_number",
                "receivables.col_account",
                "receivables.col_outstanding",
                "receivables.col_days",
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
        if self.attempt(lambda: self.store.save_many([updated, logged])) is not None:
            self.notify(self.t("agenda.done", text=step.text), markup=False)
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
