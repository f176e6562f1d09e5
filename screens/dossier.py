"""The account dossier (客户档案): the four information categories, A-card, completeness, 360° view."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from dragon_tui.method.acard import assess
from dragon_tui.method.completeness import CATEGORY_LABELS, completeness
from dragon_tui.models import (
    Account,
    Activity,
    Competitor,
    Contact,
    Opportunity,
    Proposal,
)
from dragon_tui.models import enums as e
from screens.base import DragonScreen, literal
from screens.widgets.acard_panel import ACardPanel
from screens.widgets.account_form import ACCOUNT_FIELDS
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.dossier_forms import COMPETITOR_FIELDS, CONTACT_FIELDS, OPPORTUNITY_FIELDS
from screens.widgets.form import RecordForm

# The status tab shows the same fields as the add/edit account form.
STATUS_FIELDS = ACCOUNT_FIELDS
# What the delete key removes, by the table that has the focus.
DELETABLE = {
    "org-table": Contact,
    "personal-table": Contact,
    "contact-table": Contact,
    "competitor-table": Competitor,
    "opp-table": Opportunity,
}


class DossierScreen(DragonScreen):
    """One account: everything known, what is missing, and the way into every other screen."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("o", "org_chart", "Org chart"),
        Binding("s", "spin", "SPIN"),
        Binding("p", "proposal", "Proposal"),
        Binding("c", "checklist", "Checklist"),
        Binding("n", "log_activity", "Log activity"),
        Binding("k", "new_contact", "New contact"),
        Binding("ctrl+o", "new_opportunity", "New opportunity", show=False),
        Binding("ctrl+r", "new_competitor", "New competitor", show=False),
        Binding("delete", "delete_row", "Delete"),
        Binding("u", "undo_delete", "Undo", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    @dataclass
    class Open(Message):
        """Ask the app to open a screen for this account (and an opportunity, if chosen)."""

        screen: str
        account_id: str
        opportunity_id: str | None = None
        record_id: str | None = None  # the contact, activity or proposal of the chosen row

    def __init__(self, store, account_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.account_id = account_id
        self.account: Account = store.require(Account, account_id)
        self._last_deleted: Contact | Competitor | Opportunity | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dossier-summary", classes="metrics")
        with TabbedContent(id="dossier-tabs", initial="tab-360"):
            with TabPane("", id="tab-status"):
                with VerticalScroll():
                    yield RecordForm(self.account, STATUS_FIELDS, self.lang, id="status-form")
            with TabPane("", id="tab-organisation"):
                yield DataTable(id="org-table", cursor_type="row")
            with TabPane("", id="tab-personal"):
                yield DataTable(id="personal-table", cursor_type="row")
            with TabPane("", id="tab-competitors"):
                yield DataTable(id="competitor-table", cursor_type="row")
            with TabPane("", id="tab-acard"):
                with VerticalScroll():
                    yield ACardPanel(self.account.acard, self.lang)
            with TabPane("", id="tab-completeness"):
                yield Static(id="completeness", classes="metrics")
            with TabPane("", id="tab-360"):
                with VerticalScroll():
                    yield Label("", classes="section-title", id="title-contacts")
                    yield DataTable(id="contact-table", cursor_type="row")
                    yield Static("", id="empty-contacts", classes="empty")
                    yield Label("", classes="section-title", id="title-opps")
                    yield DataTable(id="opp-table", cursor_type="row")
                    yield Static("", id="empty-opps", classes="empty")
                    yield Label("", classes="section-title", id="title-activities")
                    yield DataTable(id="activity-table", cursor_type="row")
                    yield Label("", classes="section-title", id="title-proposals")
                    yield DataTable(id="proposal-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one("#opp-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.account = self.store.get(Account, self.account_id) or self.account
        self.refresh_data()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.dossier")
        tabs = self.query_one(TabbedContent)
        for pane, key in (
            ("tab-status", "dossier.tab_status"),
            ("tab-organisation", "dossier.tab_organisation"),
            ("tab-personal", "dossier.tab_personal"),
            ("tab-competitors", "dossier.tab_competitors"),
            ("tab-acard", "dossier.tab_acard"),
            ("tab-completeness", "dossier.tab_completeness"),
            ("tab-360", "dossier.tab_360"),
        ):
            tabs.get_tab(pane).label = self.t(key)
        form = self.query_one(RecordForm)
        form.lang = self.lang
        for f in STATUS_FIELDS:
            form.query_one(f"#label-{f.name}", Label).update(self.t(f.label_key))
        self.query_one(ACardPanel).set_language(self.lang)
        for key in ("contacts", "opps", "activities", "proposals"):
            self.query_one(f"#title-{key}", Label).update(self.t(f"dossier.title_{key}"))
        self.refresh_data()

    # ---------------------------------------------------------------- data
    def _table(
        self, table_id: str, keys: list[str], widths: tuple[int, ...] | None = None
    ) -> DataTable:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear(columns=True)
        for key, width in zip(keys, widths or (None,) * len(keys), strict=True):
            table.add_column(self.t(key), key=key, width=width)
        return table

    def _enum(self, value) -> str:
        return self.label(value) if value is not None else ""

    def refresh_data(self) -> None:
        account = self.account
        contacts = sorted(
            self.store.find(Contact, account_id=account.id),
            key=lambda c: (c.level is None, c.level or "", c.name),
        )
        competitors = self.store.find(Competitor, account_id=account.id)
        self._show_summary(account, contacts, competitors)
        org = self._table(
            "org-table",
            [
                "dossier.person",
                "dossier.title",
                "dossier.level",
                "dossier.function",
                "dossier.roles",
                "dossier.attitude",
                "dossier.coach",
            ],
        )
        for c in contacts:
            attitude = "?" if c.attitude is None else f"{int(c.attitude):+d}"
            org.add_row(
                literal(c.name),
                literal(c.title),
                self._enum(c.level),
                self._enum(c.function),
                "、".join(self.label(r) for r in c.roles),
                attitude,
                "✓" if c.is_coach else "",
                key=c.id,
            )
        personal = self._table(
            "personal-table",
            [
                "dossier.person",
                "dossier.phone",
                "dossier.email",
                "dossier.hobbies",
                "dossier.family",
                "dossier.birthday",
                "dossier.personal_need",
                "dossier.style",
            ],
        )
        for c in contacts:
            personal.add_row(
                literal(c.name),
                literal(c.phone),
                literal(c.email),
                literal(c.hobbies),
                literal(c.family),
                str(c.birthday or ""),
                self._enum(c.personal_need),
                self._enum(c.communication_style),
                key=c.id,
            )
        rivals = self._table(
            "competitor-table",
            [
                "dossier.competitor",
                "dossier.history",
                "contact.relationships",
                "dossier.rival_rep",
                "dossier.price",
                "dossier.service",
                "dossier.network",
                "dossier.strengths",
                "dossier.weaknesses",
            ],
        )
        for r in competitors:
            rep = f"{r.rival_rep}（{r.rival_rep_style}）" if r.rival_rep_style else r.rival_rep
            rivals.add_row(
                literal(r.name),
                literal(r.history),
                literal(r.relationships),
                literal(rep),
                literal(r.price),
                literal(r.service),
                literal(r.network),
                literal(r.strengths),
                literal(r.weaknesses),
                key=r.id,
            )
        self._show_completeness(account, contacts, competitors)
        self._show_contacts(contacts)
        self._show_360(account)

    def _show_summary(self, account, contacts, competitors) -> None:
        result = assess(account.acard)
        total = "—" if result.total is None else f"{result.total}/25"
        text = Text()
        text.append(account.name, style="bold")
        text.append(
            f"   {self.t('dossier.summary', contacts=len(contacts), competitors=len(competitors), acard=total)}"
        )
        self.query_one("#dossier-summary", Static).update(text)

    def _show_completeness(self, account, contacts, competitors) -> None:
        gaps = completeness(account, contacts, competitors)
        text = Text()
        for category, items in gaps.items():
            zh, en = CATEGORY_LABELS[category]
            text.append(
                ("✓ " if not items else "• ") + (zh if self.lang == "zh" else en) + "\n",
                style="bold green" if not items else "bold",
            )
            for gap in items:
                text.append("    " + gap.label(self.lang) + "\n")
        self.query_one("#completeness", Static).update(text)

    def _show_contacts(self, contacts: list[Contact]) -> None:
        """The 360° view's people: name, title, role, attitude; enter opens the org chart."""
        table = self._table(
            "contact-table",
            ["dossier.person", "dossier.title", "dossier.roles", "dossier.attitude"],
            (14, 18, 24, 6),
        )
        for c in contacts:
            table.add_row(
                literal(c.name),
                literal(c.title),
                "、".join(self.label(r) for r in c.roles),
                "?" if c.attitude is None else f"{int(c.attitude):+d}",
                key=c.id,
            )
        self._empty("#empty-contacts", not contacts, "dossier.empty_contacts")

    def _empty(self, selector: str, empty: bool, key: str) -> None:
        hint = self.query_one(selector, Static)
        hint.update(self.t(key) if empty else "")
        hint.display = empty

    def _show_360(self, account) -> None:
        opps = self._table(
            "opp-table",
            ["funnel.col_opportunity", "funnel.col_stage", "funnel.col_amount", "dossier.status"],
        )
        deals = sorted(self.store.find(Opportunity, account_id=account.id), key=lambda o: -o.stage)
        self._empty("#empty-opps", not deals, "dossier.empty_opportunities")
        for o in deals:
            opps.add_row(
                literal(o.name),
                self.label(e.Stage(o.stage)),
                f"{o.amount:,.0f}",
                self.label(o.status),
                key=o.id,
            )
        acts = self._table(
            "activity-table", ["dossier.when", "dossier.type", "dossier.summary_col"], (10, 12, 48)
        )
        recent = sorted(
            self.store.find(Activity, account_id=account.id),
            key=lambda a: a.occurred_at,
            reverse=True,
        )[:10]
        for a in recent:
            acts.add_row(
                a.occurred_at.astimezone().strftime("%Y-%m-%d"),
                self.label(a.type),
                literal(a.summary),
                key=a.id,
            )
        props = self._table(
            "proposal-table", ["dossier.proposal", "dossier.version", "dossier.issued"], (48, 6, 10)
        )
        for p in sorted(
            self.store.find(Proposal, account_id=account.id),
            key=lambda p: (p.opportunity_id, -p.version),
        ):
            props.add_row(literal(p.title), f"v{p.version}", str(p.issued_on or ""), key=p.id)

    # ---------------------------------------------------------------- editing
    def action_save(self) -> None:
        form = self.query_one(RecordForm)
        updated = form.apply()
        if updated is None:
            self.notify(self.t("dossier.invalid"), severity="error")
            return
        updated = updated.with_changes(
            acard=self.query_one(ACardPanel).card().model_dump(), notes=updated.notes
        )
        saved = self.attempt(lambda: self.store.save(updated))
        if saved is not None:
            self.account = saved
            form.record = saved
            self.notify(self.t("notify.saved"))
            self.refresh_data()

    def _selected_opportunity(self) -> str | None:
        table = self.query_one("#opp-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _open(self, screen: str, opportunity_id: str | None = None, record_id: str | None = None):
        chosen = opportunity_id or self._selected_opportunity()
        self.post_message(self.Open(screen, self.account_id, chosen, record_id))

    def action_org_chart(self) -> None:
        self._open("orgchart")

    def action_spin(self) -> None:
        self._open("spin")

    def action_proposal(self) -> None:
        self._open("proposal")

    def action_checklist(self) -> None:
        self._open("checklist")

    def action_log_activity(self) -> None:
        self._open("log_activity")

    @on(DataTable.RowSelected, "#org-table")
    @on(DataTable.RowSelected, "#contact-table")
    def _open_org(self, event: DataTable.RowSelected) -> None:
        self._open("orgchart", record_id=event.row_key.value)

    @on(DataTable.RowSelected, "#activity-table")
    def _open_activity(self, event: DataTable.RowSelected) -> None:
        activity = self.store.get(Activity, event.row_key.value)
        opportunity = activity.opportunity_id if activity else None
        self._open("activities", opportunity, event.row_key.value)

    @on(DataTable.RowSelected, "#opp-table")
    def _open_opportunity(self) -> None:
        self._open("spin")

    @on(DataTable.RowSelected, "#proposal-table")
    def _open_proposal(self, event: DataTable.RowSelected) -> None:
        proposal = self.store.get(Proposal, event.row_key.value)
        opportunity = proposal.opportunity_id if proposal else None
        self._open("proposal", opportunity, event.row_key.value)

    # ---------------------------------------------------------------- deleting, with undo
    def action_delete_row(self) -> None:
        """Delete the contact, competitor or opportunity under the cursor (a tombstone)."""
        table = self.focused if isinstance(self.focused, DataTable) else None
        model = DELETABLE.get(table.id or "") if table is not None else None
        if table is None or model is None or table.row_count == 0:
            self.notify(self.t("dossier.nothing_to_delete"), severity="warning")
            return
        record_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        record = self.store.get(model, record_id)
        if record is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and self.attempt(lambda: self.store.delete(model, record.id)) is not None:
                self._last_deleted = record
                self.notify(self.t("notify.deleted", name=record.name), markup=False)
                self.refresh_data()

        question = self.t("dossier.confirm_delete", name=record.name)
        self.app.push_screen(ConfirmScreen(question, self.lang), confirmed)

    def action_undo_delete(self) -> None:
        record, self._last_deleted = self._last_deleted, None
        if record is not None and self.attempt(lambda: self.store.restore(type(record), record.id)):
            self.notify(self.t("notify.restored", name=record.name), markup=False)
            self.refresh_data()

    # ---------------------------------------------------------------- adding and editing people, rivals, deals
    def _form(self, record, fields, title_key: str) -> None:
        from screens.widgets.record_form import RecordFormScreen

        def done(saved) -> None:
            if saved is not None:
                self.refresh_data()

        self.app.push_screen(
            RecordFormScreen(self.store, record, fields, self.t(title_key), self.lang), done
        )

    # New records start unvalidated with an empty name: the model checks them on save, and the
    # form names the field if the user leaves it empty.
    def action_new_contact(self) -> None:
        person = Contact.model_construct(account_id=self.account_id, name="")
        self._form(person, CONTACT_FIELDS, "contact.new")

    def action_new_competitor(self) -> None:
        rival = Competitor.model_construct(account_id=self.account_id, name="")
        self._form(rival, COMPETITOR_FIELDS, "contact.new_competitor")

    def action_new_opportunity(self) -> None:
        opp = Opportunity.model_construct(
            account_id=self.account_id,
            name="",
            owner=self.account.owner,
            first_contact_on=self.today,
        )
        self._form(opp, OPPORTUNITY_FIELDS, "contact.new_opportunity")

    @on(DataTable.RowSelected, "#personal-table")
    def _edit_contact(self, event: DataTable.RowSelected) -> None:
        contact = self.store.get(Contact, event.row_key.value)
        if contact is not None:
            self._form(contact, CONTACT_FIELDS, "contact.edit")

    @on(DataTable.RowSelected, "#competitor-table")
    def _edit_competitor(self, event: DataTable.RowSelected) -> None:
        rival = self.store.get(Competitor, event.row_key.value)
        if rival is not None:
            self._form(rival, COMPETITOR_FIELDS, "contact.edit_competitor")
