"""Quick activity entry (one key from any account screen) and the account's activity log."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from dragon_tui.errors import DragonError
from dragon_tui.labels import label, t
from dragon_tui.method.activity_log import new_activity, resolve_people
from dragon_tui.models import Account, Activity, Contact, Opportunity
from dragon_tui.models.enums import ActivityType
from dragon_tui.service.records import Service
from dragon_tui.text import printable

from . import messages as m
from .base import DragonScreen, literal
from .widgets.columns import set_columns
from .widgets.footer import Footer
from .widgets.footer_language import TranslatedFooter
from .widgets.header import Header
from .widgets.table import RowTable
from .widgets.unsaved import leave_or_ask


class ActivityEntryScreen(TranslatedFooter, ModalScreen[Activity | None]):
    """A compact form: type, date, people, summary, replies, next step with due date and owner."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="activity.save"),
        Binding("escape", "cancel", "Cancel", id="activity.cancel"),
    ]

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
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self._typed()
        self.query_one("#a-summary", Input).focus()

    def _typed(self) -> tuple:
        return (
            *(i.value for i in self.query(Input)),
            self.query_one("#a-type", Select).value,
            self.query_one("#a-planned", Checkbox).value,
        )

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
            error.update(literal(err.text(self.lang)))
            return
        self.app.notify(t("activity.saved", self.lang))
        self.dismiss(saved)

    def action_cancel(self) -> None:
        changed = self._typed() != self._initial
        leave_or_ask(self, changed, self.action_save, lambda: self.dismiss(None), self.lang)


class ActivityLogScreen(DragonScreen):
    """Every activity at an account, newest first, with its next steps."""

    BINDINGS = [
        Binding("n", "new_activity", "Log activity", id="activity.new_activity"),
        Binding("escape", "app.pop_screen", "Back", id="activity.app_pop_screen"),
    ]

    def __init__(self, store: Service, account_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.account = store.require(Account, account_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield RowTable(id="log", cursor_type="row")
        yield Static(id="log-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.resumed_again():  # the first time, it was filled as it was mounted, just now
            self.refresh_language()

    def on_resize(self, event) -> None:
        # column widths follow the terminal width; a resize that keeps the width changes nothing
        if event.size.width != getattr(self, "_laid_out_width", None):
            self.refresh_language()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = (
            f"{self.t('screen.activities')} — {printable(self.account.name, single_line=True)}"
        )
        names = {c.id: c.name for c in self.store.find(Contact, account_id=self.account.id)}
        table = self.query_one(DataTable)
        self._laid_out_width = self.size.width
        type_width = self.label_width(ActivityType) + 1
        # Date, type and people keep their width; the summary (with the customer's replies and
        # the next step under it) gets the rest of the line and wraps.
        set_columns(
            table,
            self.size.width or self.app.size.width,
            [
                (self.t("dossier.when"), 10),
                (self.t("dossier.type"), type_width),
                (self.t("activity.people_col"), 10),
                (self.t("dossier.summary_col"), None),
            ],
        )
        activities = sorted(
            self.store.find(Activity, account_id=self.account.id),
            key=lambda a: a.occurred_at,
            reverse=True,
        )
        for a in activities:
            table.add_row(
                a.occurred_at.astimezone().strftime("%Y-%m-%d"),
                self.label(a.type) + ("*" if a.planned else ""),
                # one name a line, so a name never breaks in the middle
                Text("\n").join(literal(names.get(i, "?")) for i in a.contact_ids),
                self._details(a),
                key=a.id,
                height=None,
            )
        empty = self.query_one("#log-empty", Static)
        empty.update("" if activities else self.t("activity.log_empty"))
        empty.display = not activities

    def _details(self, activity: Activity) -> Text:
        """Summary, then the customer's replies and each next step with its due date."""
        text = literal(activity.summary)
        if activity.customer_replies:
            text.append("\n")
            text.append_text(
                literal(
                    self.t("activity.replies_line", text=activity.customer_replies), style="dim"
                )
            )
        for step in activity.next_steps:
            due = f" ({step.due_on})" if step.due_on else ""
            text.append("\n")
            text.append_text(literal(f"→ {step.text}{due}", style="cyan"))
        return text

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.account.id, None

    def action_new_activity(self) -> None:
        self.post_message(m.LogActivity(self.account.id))
