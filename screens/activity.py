"""Quick activity entry (one key from any account screen) and the account's activity log."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Header, Input, Label, Select, Static

from dragon_tui.errors import DragonError
from dragon_tui.labels import label, t
from dragon_tui.method.activity_log import new_activity, resolve_people
from dragon_tui.models import Account, Activity, Contact, Opportunity
from dragon_tui.models.enums import ActivityType
from dragon_tui.service.records import Service
from screens import messages as m
from screens.base import DragonScreen, literal
from screens.widgets.footer import Footer


class ActivityEntryScreen(ModalScreen[Activity | None]):
    """A compact form: type, date, people, summary, replies, next step with due date and owner."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, store: Service, account_id: str, opportunity_id: str | None, lang: str, today: date
    ) -> None:
        super().__init__()
        self.store = store
        self.account = store.require(Account, account_id)
        opportunity = store.get(Opportunity, opportunity_id) if opportunity_id else None
        self.opportunity_id = (
            opportunity.id if opportunity and opportunity.account_id == account_id else None
        )
        self.lang = lang
        self.today = today

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="activity-dialog"):
            yield Static(
                f"{t('activity.title', lang)} — {self.account.name}",
                markup=False,
                classes="section-title",
            )
            with Grid(classes="form-grid"):
                yield Label(t("activity.type", lang))
                yield Select(
                    [(label(k, lang), k.value) for k in ActivityType],
                    value=ActivityType.VISIT.value,
                    allow_blank=False,
                    id="a-type",
                    compact=True,
                )
                for key, wid, value in (
                    ("activity.when", "a-when", self.today.isoformat()),
                    ("activity.people", "a-people", ""),
                    ("activity.summary", "a-summary", ""),
                    ("activity.replies", "a-replies", ""),
                    ("activity.next_step", "a-next", ""),
                    ("activity.due", "a-due", ""),
                    ("activity.owner", "a-owner", self.account.owner),
                ):
                    yield Label(t(key, lang))
                    yield Input(value, id=wid, compact=True)
                yield Label(t("activity.planned", lang))
                yield Checkbox("", id="a-planned", compact=True)
            yield Static("", id="activity-error", classes="form-error")

    def on_mount(self) -> None:
        self.query_one("#a-summary", Input).focus()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value.strip()

    def _date(self, wid: str) -> date | None:
        text = self._value(wid)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise DragonError(t("activity.bad_date", self.lang, value=text)) from None

    def action_save(self) -> None:
        error = self.query_one("#activity-error", Static)
        try:
            contacts = self.store.find(Contact, account_id=self.account.id)
            activity = new_activity(
                self.account.id,
                ActivityType(self.query_one("#a-type", Select).value),
                self._date("a-when") or self.today,
                self._value("a-summary"),
                opportunity_id=self.opportunity_id,
                contact_ids=resolve_people(self._value("a-people"), contacts),
                replies=self._value("a-replies"),
                next_step=self._value("a-next"),
                due_on=self._date("a-due"),
                owner=self._value("a-owner"),
                planned=self.query_one("#a-planned", Checkbox).value,
            )
            saved = self.store.save(activity)
        except DragonError as err:
            error.update(literal(str(err)))
            return
        self.app.notify(t("activity.saved", self.lang))
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActivityLogScreen(DragonScreen):
    """Every activity at an account, newest first, with its next steps."""

    BINDINGS = [
        Binding("n", "new_activity", "Log activity"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, store: Service, account_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.account = store.require(Account, account_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="log", cursor_type="row")
        yield Static(id="log-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.activities')} — {self.account.name}"
        names = {c.id: c.name for c in self.store.find(Contact, account_id=self.account.id)}
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in (
            "dossier.when",
            "dossier.type",
            "activity.people",
            "dossier.summary_col",
            "activity.replies",
            "col.step",
            "col.due",
        ):
            table.add_column(self.t(key))
        activities = sorted(
            self.store.find(Activity, account_id=self.account.id),
            key=lambda a: a.occurred_at,
            reverse=True,
        )
        for a in activities:
            step = a.next_steps[0] if a.next_steps else None
            table.add_row(
                a.occurred_at.astimezone().strftime("%Y-%m-%d"),
                self.label(a.type) + ("*" if a.planned else ""),
                literal("、".join(names.get(i, "?") for i in a.contact_ids)),
                literal(a.summary),
                literal(a.customer_replies),
                literal(step.text if step else ""),
                str(step.due_on or "") if step else "",
                key=a.id,
            )
        empty = self.query_one("#log-empty", Static)
        empty.update("" if activities else self.t("activity.log_empty"))
        empty.display = not activities

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.account.id, None

    def action_new_activity(self) -> None:
        self.post_message(m.LogActivity(self.account.id))
