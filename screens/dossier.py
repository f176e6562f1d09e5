"""The account dossier (客户档案): the four information categories, A-card, completeness, 360° view."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Select, Static

from dragon_tui.method.acard import assess, effort_share, prospect_score
from dragon_tui.method.completeness import category_label, completeness
from dragon_tui.method.stages import stage_name
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Activity,
    Competitor,
    Contact,
    Opportunity,
    Proposal,
)
from dragon_tui.models import enums as e
from dragon_tui.service.deal import quarter_at_risk

from . import messages as m
from .base import DragonScreen, literal
from .widgets.columns import add_wrapped_row
from .widgets.footer import Footer
from .widgets.form import Field, RecordForm
from .widgets.header import Header
from .widgets.tabbook import TabBook, TabPage
from .widgets.table import RowTable

CONTACT_FIELDS = [
    Field("name", "dossier.person"),
    Field("title", "dossier.title"),
    Field("department", "contact.department"),
    Field("level", "dossier.level", e.Level),
    Field("function", "dossier.function", e.Function),
    Field("influence", "contact.influence", e.Influence),
    Field("relationship_stage", "contact.relationship", e.RelationshipStage),
    Field("communication_style", "dossier.style", e.CommunicationStyle),
    Field("personal_need", "dossier.personal_need", e.PersonalNeed),
    Field("phone", "dossier.phone"),
    Field("email", "dossier.email"),
    Field("age", "contact.age"),
    Field("hobbies", "dossier.hobbies"),
    Field("family", "dossier.family"),
    Field("background", "contact.background"),
    Field("personal_notes", "contact.personal_notes"),
    Field("organisational_needs", "contact.organisational_needs"),
]
COMPETITOR_FIELDS = [
    Field("name", "dossier.competitor"),
    Field("history", "dossier.history"),
    Field("relationships", "contact.relationships"),
    Field("rival_rep", "dossier.rival_rep"),
    Field("rival_rep_style", "contact.rival_rep_style"),
    Field("price", "dossier.price"),
    Field("service", "dossier.service"),
    Field("network", "dossier.network"),
    Field("strengths", "dossier.strengths"),
    Field("weaknesses", "dossier.weaknesses"),
]
OPPORTUNITY_FIELDS = [
    Field("name", "funnel.col_opportunity"),
    Field("amount", "funnel.col_amount"),
    Field("owner", "col.owner"),
    Field("next_step", "review.next_action"),
    Field("urgent_need", "review.urgent_need"),
    Field("decision_process", "review.decision"),
]

STATUS_FIELDS = [
    Field("name", "dossier.name"),
    Field("nature", "dossier.nature", e.AccountNature),
    Field("industry", "col.industry"),
    Field("region", "col.region"),
    Field("size", "dossier.size", e.AccountSize),
    Field("staff_count", "dossier.staff_count"),
    Field("annual_revenue", "dossier.annual_revenue"),
    Field("business_scope", "dossier.business_scope"),
    Field("address", "dossier.address"),
    Field("website", "dossier.website"),
    Field("purchase_volume", "dossier.purchase_volume"),
    Field("current_suppliers", "dossier.current_suppliers", is_list=True),
    Field("value_tier", "col.tier", e.ValueTier),
    Field("lead_source", "dossier.lead_source", e.LeadSource),
    Field("owner", "col.owner"),
    Field("tags", "dossier.tags", is_list=True),
]


TABS = {
    "tab-status": "dossier.tab_status",
    "tab-organisation": "dossier.tab_organisation",
    "tab-personal": "dossier.tab_personal",
    "tab-competitors": "dossier.tab_competitors",
    "tab-acard": "dossier.tab_acard",
    "tab-completeness": "dossier.tab_completeness",
    "tab-360": "dossier.tab_360",
}


# What the dossier finds by account: read in a worker when a table's lookups are not made yet.
READ_BY_ACCOUNT = (Contact, Competitor, Opportunity, Activity, Proposal)


def _same_card(one: ACard, other: ACard) -> bool:
    """The same scores, notes and timing (when it was assessed aside)."""
    return one.model_dump(exclude={"assessed_on"}) == other.model_dump(exclude={"assessed_on"})


class DossierScreen(DragonScreen):
    """One account: everything known, what is missing, and the way into every other screen."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="dossier.save"),
        Binding("o", "org_chart", "Org chart", id="dossier.org_chart"),
        Binding("s", "spin", "SPIN", id="dossier.spin"),
        Binding("p", "proposal", "Proposal", id="dossier.proposal"),
        Binding("c", "checklist", "Checklist", id="dossier.checklist"),
        Binding("w", "commitment", "Commitment", show=False, id="dossier.commitment"),
        Binding("n", "log_activity", "Log activity", show=False, id="dossier.log_activity"),
        Binding("k", "new_contact", "New contact", show=False, id="dossier.new_contact"),
        Binding(
            "ctrl+o", "new_opportunity", "New opportunity", show=False, id="dossier.new_opportunity"
        ),
        Binding(
            "ctrl+r", "new_competitor", "New competitor", show=False, id="dossier.new_competitor"
        ),
        Binding("O", "ownership", "Ownership", show=False, id="dossier.ownership"),
        Binding("escape", "app.pop_screen", "Back", id="dossier.app_pop_screen"),
    ]

    def __init__(self, store, account_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.account_id = account_id
        self._labelled = False  # labelled once: later language changes may wait until shown
        self._language_stale = False
        self.account: Account = store.require(Account, account_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dossier-summary", classes="metrics")
        labels = {pane: self.t(key) for pane, key in TABS.items()}
        with TabBook(labels, id="dossier-tabs", initial="tab-360"):
            # Only the 360° view is built on opening; every other tab is built when first shown
            # (the status form and the A-card alone are a hundred widgets).
            with TabPage(id="tab-360"):
                with VerticalScroll():
                    yield Label("", classes="section-title", id="title-opps")
                    yield RowTable(id="opp-table", cursor_type="row")
                    yield Static(id="opp-table-empty", classes="hint")
                    yield Label("", classes="section-title", id="title-activities")
                    yield RowTable(id="activity-table", cursor_type="row")
                    yield Static(id="activity-table-empty", classes="hint")
                    yield Label("", classes="section-title", id="title-proposals")
                    yield RowTable(id="proposal-table", cursor_type="row")
                    yield Static(id="proposal-table-empty", classes="hint")
        yield Footer()

    def _compose_tab(self, pane: str) -> list[Widget]:
        if pane == "tab-status":
            return [
                VerticalScroll(RecordForm(self.account, STATUS_FIELDS, self.lang, id="status-form"))
            ]
        if pane == "tab-organisation":
            return [
                RowTable(id="org-table", cursor_type="row"),
                Static(id="org-table-empty", classes="hint"),
            ]
        if pane == "tab-personal":
            return [
                RowTable(id="personal-table", cursor_type="row"),
                Static(id="personal-table-empty", classes="hint"),
            ]
        if pane == "tab-competitors":
            return [
                RowTable(id="competitor-table", cursor_type="row"),
                Static(id="competitor-table-empty", classes="hint"),
            ]
        if pane == "tab-acard":
            return self._compose_acard()
        return [Static(id="completeness", classes="metrics")]

    # ---------------------------------------------------------------- the A-card tab
    # The A-card scores each opportunity (METHOD §2.1, schema 2): the tab shows and edits the card
    # of one of the account's opportunities — the one under the cursor of the opportunities table
    # when the tab is built, then whichever the rep picks. Edits to several cards are kept apart
    # and ctrl+s saves each on its opportunity. The account's own card (kept by the schema 2
    # migration) is no longer edited here.
    def _acard_opportunities(self) -> list[Opportunity]:
        return sorted(
            self.store.find(Opportunity, account_id=self.account_id),
            key=lambda o: (o.status != e.OpportunityStatus.OPEN, -o.stage, o.name),
        )

    def _compose_acard(self) -> list[Widget]:
        cells: list[Widget] = []
        for criterion in e.ACardCriterion:
            cells += [
                Label(self.label(criterion), id=f"acard-label-{criterion.value}"),
                Select(
                    [(str(i), i) for i in range(1, 6)],
                    prompt="—",  # not scored yet (a word here would be in one language only)
                    id=f"acard-score-{criterion.value}",
                    compact=True,
                ),
                Input(id=f"acard-note-{criterion.value}", compact=True),
            ]
        timing = Select(
            [(self.label(b), b.value) for b in e.TimingBucket],
            prompt="—",
            id="acard-timing",
            compact=True,
        )
        picker = Select([], prompt="—", id="acard-opportunity", compact=True)
        editor = Vertical(
            Horizontal(Label("", id="acard-opportunity-label"), picker, id="acard-picker"),
            Grid(*cells, id="acard-grid"),
            timing,
            Static(id="acard-result", classes="metrics"),
            id="acard-editor",
        )
        return [VerticalScroll(Static(id="acard-none", classes="hint"), editor)]

    def _fill_acard(self) -> None:
        """Point the tab at an opportunity of the account (the one under the table's cursor when
        none is chosen yet) and show its card; a card with unsaved edits stays as edited."""
        opportunities = self._acard_opportunities()
        ids = [o.id for o in opportunities]
        if self.acard_opportunity_id not in ids:
            under_cursor = self._selected_opportunity()
            self._acard_cursor = under_cursor
            self.acard_opportunity_id = (
                under_cursor if under_cursor in ids else ids[0] if ids else None
            )
            self._acard_loaded = None
        picker = self.query_one("#acard-opportunity", Select)
        with self.prevent(Select.Changed):
            picker.set_options([(self._acard_option(o), o.id) for o in opportunities])
            if self.acard_opportunity_id is not None:
                picker.value = self.acard_opportunity_id
        has_one = self.acard_opportunity_id is not None
        # read once per refresh (it sums the whole funnel), not on every score picked
        self._quarter_at_risk = has_one and quarter_at_risk(self.store, self.today)
        self.query_one("#acard-editor").display = has_one
        self.query_one("#acard-none", Static).display = not has_one
        if not has_one:
            return
        shown = self._acard_from_inputs()
        if self._acard_loaded is None or _same_card(shown, self._acard_loaded):
            # nothing edited: show the card as stored now (another screen may have changed it)
            self._show_acard_card(self._stored_card(self.acard_opportunity_id))
        else:
            self._show_acard(shown)

    def _acard_option(self, opp: Opportunity) -> Text:
        stage = stage_name(self.store.settings().stage_scheme, opp, self.lang)
        closed = "" if opp.status == e.OpportunityStatus.OPEN else f" · {self.label(opp.status)}"
        return literal(f"{opp.name} ({stage}{closed})")

    def _stored_card(self, opportunity_id: str | None) -> ACard:
        opp = self.store.get(Opportunity, opportunity_id) if opportunity_id else None
        return opp.acard if opp is not None else ACard()

    def _show_acard_card(self, card: ACard) -> None:
        """Put `card` in the tab's inputs (no change events: this is not an edit)."""
        with self.prevent(Select.Changed, Input.Changed):
            for criterion in e.ACardCriterion:
                score = card.scores.get(criterion, ACardScore())
                self.query_one(f"#acard-score-{criterion.value}", Select).value = (
                    score.score or Select.NULL
                )
                self.query_one(f"#acard-note-{criterion.value}", Input).value = score.note
            self.query_one("#acard-timing", Select).value = card.timing_bucket or Select.NULL
        self._acard_loaded = card
        self._show_acard(card)

    def _follow_opportunity_cursor(self) -> None:
        """Back on the A-card after choosing another deal in the opportunities table: show that
        deal's card (edits to the one shown before are kept as a draft)."""
        under_cursor = self._selected_opportunity()
        if under_cursor is None or under_cursor == self._acard_cursor:
            return  # the cursor has not moved: the rep's own pick stays
        picker = next(self.query("#acard-opportunity").results(Select), None)
        if picker is None:
            return  # still being built: it starts on the cursor's deal anyway
        self._acard_cursor = under_cursor
        if under_cursor != self.acard_opportunity_id and under_cursor in {
            o.id for o in self._acard_opportunities()
        }:
            picker.value = under_cursor  # handled like a pick in the list

    @on(Select.Changed, "#acard-opportunity")
    def _acard_opportunity_picked(self, event: Select.Changed) -> None:
        event.stop()
        picked = event.value if isinstance(event.value, str) else None
        if picked is None or picked == self.acard_opportunity_id:
            if picked is None and self.acard_opportunity_id is not None:
                with self.prevent(Select.Changed):
                    event.select.value = self.acard_opportunity_id  # blank is not a choice
            return
        if self.acard_opportunity_id is not None:
            edited = self._acard_from_inputs()
            if self._acard_loaded is None or not _same_card(edited, self._acard_loaded):
                self._acard_drafts[self.acard_opportunity_id] = edited
        self.acard_opportunity_id = picked
        draft = self._acard_drafts.pop(picked, None)
        self._show_acard_card(draft or self._stored_card(picked))
        if draft is not None:
            self._acard_loaded = self._stored_card(picked)  # the draft is an unsaved edit

    @property
    def built_tabs(self) -> frozenset[str]:
        """The tabs built so far (the 360° view from the start, the others once shown)."""
        return frozenset(self._built)

    async def show_tab(self, pane: str) -> None:
        """Show tab `pane`, building it first if this is the first time."""
        tabs = self.query_one(TabBook)
        if tabs.active != pane:
            tabs.active = pane  # the TabActivated handler builds it
        await self._build_tab(pane)

    @on(TabBook.TabActivated, "#dossier-tabs")
    async def _tab_shown(self, event: TabBook.TabActivated) -> None:
        await self._build_tab(event.pane.id or "")
        if event.pane.id == "tab-acard":
            self._follow_opportunity_cursor()
        self._focus_shown_tab(event.pane)

    async def _build_tab(self, pane: str) -> None:
        if pane in self._built or pane not in TABS:
            return
        self._built.add(pane)
        await self.query_one(TabBook).page(pane).mount_all(self._compose_tab(pane))
        self._relabel_tab(pane)
        if not self._reading:  # else filled with the others once read
            self._fill_tab(pane, self._people())

    AUTO_FOCUS = "#opp-table"  # focused from the first frame, not after it (drawn again)

    def on_mount(self) -> None:
        self._built: set[str] = {"tab-360"}
        # Opened before the list's warm-up has read the large tables (200,000 activities at
        # 5,000 accounts, a second or two): they are read in a worker, the tabs behind a
        # loading indicator, the footer and keys there at once; filled when read.
        self._reading = not self.store.lookups_ready(*READ_BY_ACCOUNT, by="account_id")
        if self._reading:
            self.query_one(TabBook).loading = True
            self.run_worker(self._read_tables, thread=True, group="dossier-read")
        self.acard_opportunity_id: str | None = None  # whose A-card the A-card tab shows
        self._acard_drafts: dict[str, ACard] = {}  # edited cards of other opportunities
        self._acard_loaded: ACard | None = None  # the card last put in the inputs
        self._quarter_at_risk = False  # this quarter's target can't be made (A-card effort rule)
        self._acard_cursor: str | None = None  # the table's opportunity the tab last followed
        self.refresh_language()

    def _focus_shown_tab(self, pane: TabPage) -> None:
        """Focus follows the tab in view: keys act on what is shown, and the table left behind
        does not pull its tab back into view."""
        # what the rep works with: a table or a field, not the scroll box around it
        focusable = [
            w for w in pane.query("*") if w.focusable and not isinstance(w, ScrollableContainer)
        ]
        focused = self.focused
        if focused is not None and pane in focused.ancestors:
            return
        if focusable:
            focusable[0].focus()
        else:
            self.query_one(TabBook).bar.focus()

    def on_screen_resume(self) -> None:
        if not self.resumed_again():
            return  # filled as it was mounted, just now: nothing to read again
        self.account = self.store.get(Account, self.account_id) or self.account
        if self._language_stale:
            self.refresh_language()  # refreshes the data too
        else:
            self.refresh_data()

    def refresh_language(self) -> None:
        if not self.is_current and self._labelled:
            # under another screen: relabel when shown again, not while the rep waits
            self._language_stale = True
            return
        self._labelled, self._language_stale = True, False
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.dossier")
        self.query_one(TabBook).set_labels({pane: self.t(key) for pane, key in TABS.items()})
        for pane in self._built:
            self._relabel_tab(pane)
        self.refresh_data()

    def _relabel_tab(self, pane: str) -> None:
        if pane == "tab-status":
            form = self.query_one(RecordForm)
            form.lang = self.lang
            for f in STATUS_FIELDS:
                form.query_one(f"#label-{f.name}", Label).update(self.t(f.label_key))
        elif pane == "tab-acard":
            for criterion in e.ACardCriterion:
                self.query_one(f"#acard-label-{criterion.value}", Label).update(
                    self.label(criterion)
                )
            self.query_one("#acard-opportunity-label", Label).update(self.t("acard.opportunity"))
            self.query_one("#acard-none", Static).update(self.t("acard.no_opportunity"))
        elif pane == "tab-360":
            for key in ("opps", "activities", "proposals"):
                self.query_one(f"#title-{key}", Label).update(self.t(f"dossier.title_{key}"))

    # ---------------------------------------------------------------- data
    def _enum(self, value) -> str:
        return self.label(value) if value is not None else ""

    def _people(self) -> tuple[list[Contact], list[Competitor]]:
        contacts = sorted(
            self.store.find(Contact, account_id=self.account.id),
            key=lambda c: (c.level is None, c.level or "", c.name),
        )
        return contacts, self.store.find(Competitor, account_id=self.account.id)

    def _read_tables(self) -> None:
        """In a worker: the lookups of the tables the dossier reads (waiting for the warm-up's
        reading of a table it is reading now), then the dossier filled."""
        for model in READ_BY_ACCOUNT:
            self.store.prepare(model, lookups=True, by="account_id")
        for model in READ_BY_ACCOUNT:
            self.store.find(model, account_id=self.account_id)
        self.app.call_from_thread(self._tables_read)

    def _tables_read(self) -> None:
        self._reading = False
        if not self.is_attached:
            return
        self.query_one(TabBook).loading = False
        self.refresh_data()

    def refresh_data(self) -> None:
        if self._reading:
            return  # filled when the worker has read the tables (`_tables_read`)
        people = self._people()
        self._show_summary(self.account, *people)
        for pane in TABS:
            if pane in self._built:
                self._fill_tab(pane, people)

    def _fill_tab(self, pane: str, people: tuple[list[Contact], list[Competitor]]) -> None:
        contacts, competitors = people
        if pane == "tab-organisation":
            self._show_organisation(contacts)
        elif pane == "tab-personal":
            self._show_personal(contacts)
        elif pane == "tab-competitors":
            self._show_competitors(competitors)
        elif pane == "tab-acard":
            self._fill_acard()
        elif pane == "tab-completeness":
            self._show_completeness(self.account, contacts, competitors)
        elif pane == "tab-360":
            self._show_360(self.account)
        self._show_empty_hints()

    def _show_organisation(self, contacts: list[Contact]) -> None:
        org = self.reset_table(
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

    def _show_personal(self, contacts: list[Contact]) -> None:
        personal = self.reset_table(
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

    def _show_competitors(self, competitors: list[Competitor]) -> None:
        rivals = self.reset_table(
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

    def _show_summary(self, account, contacts, competitors) -> None:
        # the account's A-card figure is its best open opportunity's card (the prospect score)
        open_cards = [
            o.acard
            for o in self.store.find(Opportunity, account_id=account.id)
            if o.status == e.OpportunityStatus.OPEN
        ]
        best = prospect_score(account.acard, open_cards)
        total = "—" if best is None else f"{best}/25"
        text = Text()
        text.append(account.name, style="bold")
        text.append(
            f"   {self.t('dossier.summary', contacts=len(contacts), competitors=len(competitors), acard=total)}"
        )
        text.append(self._ownership(account.id))
        self.query_one("#dossier-summary", Static).update(text)

    def _ownership(self, account_id: str) -> str:
        """Owner, sharing and protection on the team hub ("" without a hub), and the key."""
        from .ownership import ownership_hint

        return ownership_hint(self.store, account_id, self.lang)

    def action_ownership(self) -> None:
        from .ownership import OwnershipScreen

        def done(changed: bool | None) -> None:
            if changed:
                self._show_summary(self.account, *self._people())

        self.app.push_screen(OwnershipScreen(self.store, self.account_id, self.lang), done)

    def _show_acard(self, card: ACard) -> None:
        """The total, the effort share and the recommendation, under the effort rules: 70/20/10,
        and all on this quarter when its target can't be made (then said in a line of its own)."""
        result = assess(card)
        at_risk = self._quarter_at_risk
        share = effort_share(card, at_risk)
        text = self.t(
            "dossier.acard_result",
            total="—" if result.total is None else f"{result.total}/25",
            share="—" if share is None else f"{share:.0%}",
            rec=result.recommendation_text(self.lang),
        )
        text += "\n" + self.t("acard.effort_rule")
        if at_risk:
            text += "\n" + self.t("acard.quarter_at_risk")
        self.query_one("#acard-result", Static).update(text)

    def _show_completeness(self, account, contacts, competitors) -> None:
        gaps = completeness(account, contacts, competitors)
        text = Text()
        for category, items in gaps.items():
            text.append(
                ("✓ " if not items else "• ") + category_label(category, self.lang) + "\n",
                style="bold green" if not items else "bold",
            )
            for gap in items:
                text.append("    " + gap.label(self.lang) + "\n")
        self.query_one("#completeness", Static).update(text)

    def _show_360(self, account) -> None:
        opps = self.reset_table(
            "opp-table",
            ["funnel.col_opportunity", "funnel.col_stage", "funnel.col_amount", "dossier.status"],
        )
        for o in sorted(
            self.store.find(Opportunity, account_id=account.id), key=lambda o: -o.stage
        ):
            opps.add_row(
                literal(o.name),
                stage_name(self.store.settings().stage_scheme, o, self.lang),
                f"{o.amount:,.0f}",
                self.label(o.status),
                key=o.id,
            )
        acts = self.reset_table(
            "activity-table",
            [
                ("dossier.when", 10),
                ("dossier.type", self.label_width(e.ActivityType)),
                ("dossier.summary_col", None),
            ],
            fit=True,
        )
        recent = sorted(
            self.store.find(Activity, account_id=account.id),
            key=lambda a: a.occurred_at,
            reverse=True,
        )[:10]
        # the summary wrapped here to its column (a CJK-aware wrap of ten strings) instead of
        # the table rendering every cell to measure its height
        for a in recent:
            add_wrapped_row(
                acts,
                [
                    Text(a.occurred_at.astimezone().strftime("%Y-%m-%d")),
                    Text(self.label(a.type)),
                    a.summary,
                ],
                key=a.id,
                single_line=False,
            )
        props = self.reset_table(
            "proposal-table",
            [("dossier.proposal", None), ("dossier.version", 6), ("dossier.issued", 10)],
            fit=True,
        )
        for p in sorted(
            self.store.find(Proposal, account_id=account.id),
            key=lambda p: (p.opportunity_id, -p.version),
        ):
            props.add_row(literal(p.title), f"v{p.version}", str(p.issued_on or ""), key=p.id)

    def _show_empty_hints(self) -> None:
        """An empty table says how to add its first row."""
        for table_id, key in (
            ("org-table", "dossier.empty_contacts"),
            ("personal-table", "dossier.empty_contacts"),
            ("competitor-table", "dossier.empty_competitors"),
            ("opp-table", "dossier.empty_opportunities"),
            ("activity-table", "dossier.empty_activities"),
            ("proposal-table", "dossier.empty_proposals"),
        ):
            tables = self.query(f"#{table_id}").results(DataTable)
            table = next(tables, None)
            if table is None:  # its tab is not built yet
                continue
            is_empty = table.row_count == 0
            hint = self.query_one(f"#{table_id}-empty", Static)
            hint.update(self.t(key) if is_empty else "")
            hint.display = is_empty

    # ---------------------------------------------------------------- editing
    def _acard_from_inputs(self) -> ACard:
        """The card in the A-card tab's inputs (the stored one before the tab is built)."""
        stored = self._stored_card(self.acard_opportunity_id)
        if "tab-acard" not in self._built or self.acard_opportunity_id is None:
            return stored
        scores = {}
        for criterion in e.ACardCriterion:
            value = self.query_one(f"#acard-score-{criterion.value}", Select).value
            note = self.query_one(f"#acard-note-{criterion.value}", Input).value
            score = value if isinstance(value, int) else None
            if score is not None or note:
                scores[criterion] = ACardScore(score=score, note=note)
        timing = self.query_one("#acard-timing", Select).value
        bucket = e.TimingBucket(timing) if isinstance(timing, str) else None
        return stored.model_copy(update={"scores": scores, "timing_bucket": bucket})

    def _edited_cards(self) -> list[Opportunity]:
        """Every opportunity whose A-card was edited here, with its new card."""
        drafts = dict(self._acard_drafts)
        if self.acard_opportunity_id is not None:
            drafts[self.acard_opportunity_id] = self._acard_from_inputs()
        changed = []
        for opportunity_id, card in drafts.items():
            opp = self.store.get(Opportunity, opportunity_id)
            if opp is None or opp.account_id != self.account_id:
                continue
            if _same_card(card, opp.acard):
                continue
            dated = card.model_copy(update={"assessed_on": self.today})
            changed.append(opp.with_changes(acard=dated.model_dump()))
        return changed

    @on(Select.Changed)
    def _acard_changed(self, event: Select.Changed) -> None:
        if (
            event.select.id
            and event.select.id.startswith("acard-")
            and (event.select.id != "acard-opportunity")
        ):
            self._show_acard(self._acard_from_inputs())

    def action_save(self) -> None:
        form = next(self.query(RecordForm).results(RecordForm), None)
        updated = self.account if form is None else form.apply()
        if updated is None:
            self.notify(self.t("dossier.invalid"), severity="error")
            return
        cards = self._edited_cards()
        # an account nobody changed is not saved again (a save is a change that syncs)
        changed = [*([updated] if updated != self.account else []), *cards]
        saved = self.attempt(lambda: self.store.save_many(changed)) if changed else []
        if saved is not None:
            self._acard_drafts.clear()
            self._acard_loaded = None  # show the cards as saved
            saved = self.store.require(Account, self.account_id)
            self.account = saved
            if form is not None:
                form.record = saved
            self.notify(self.t("notify.saved"))
            self.refresh_data()

    def _selected_opportunity(self) -> str | None:
        """The opportunity under the cursor of this account's table (None before it is built)."""
        found = self.query("#opp-table").results(DataTable)
        table = next(found, None)
        if table is None or table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.account_id, self._selected_opportunity()

    def _for_deal(self, make) -> None:
        """Open a deal screen for the opportunity under the cursor. An account without one is
        offered a new opportunity (and the screen opens on it once saved); never another
        account's deal."""
        opportunity_id = self._selected_opportunity()
        if opportunity_id is not None:
            self.post_message(make(self.account_id, opportunity_id))
            return
        from .widgets.confirm import ConfirmScreen

        def answered(create: bool | None) -> None:
            if create:
                self.action_new_opportunity(
                    then=lambda opp: self.post_message(make(opp.account_id, opp.id))
                )

        question = self.t("deal.none_yet", account=self.account.name)
        self.app.push_screen(ConfirmScreen(question, self.lang), answered)

    def action_org_chart(self) -> None:
        self.post_message(m.ShowOrgChart(self.account_id))

    def action_spin(self) -> None:
        self._for_deal(m.ShowSpin)

    def action_proposal(self) -> None:
        self._for_deal(m.ShowProposal)

    def action_checklist(self) -> None:
        self.post_message(m.ShowChecklist(self.account_id, self._selected_opportunity()))

    def action_log_activity(self) -> None:
        self.post_message(m.LogActivity(self.account_id, self._selected_opportunity()))

    def action_commitment(self) -> None:
        self._for_deal(m.ShowCommitment)

    @on(DataTable.RowSelected, "#org-table")
    def _open_org(self) -> None:
        self.action_org_chart()

    @on(DataTable.RowSelected, "#opp-table")
    def _open_opportunity(self) -> None:
        self.action_spin()

    @on(DataTable.RowSelected, "#proposal-table")
    def _open_proposal(self, event: DataTable.RowSelected) -> None:
        proposal = self.store.get(Proposal, event.row_key.value)
        if proposal is not None and proposal.account_id == self.account_id:
            self.post_message(m.ShowProposal(self.account_id, proposal.opportunity_id))

    # ---------------------------------------------------------------- adding and editing people, rivals, deals
    def _form(self, record, fields, title_key: str, then=None) -> None:
        from .widgets.record_form import RecordFormScreen

        def done(saved) -> None:
            if saved is not None:
                self.refresh_data()
                if then is not None:
                    then(saved)

        self.app.push_screen(
            RecordFormScreen(self.store, record, fields, self.t(title_key), self.lang), done
        )

    def action_new_contact(self) -> None:
        self._form(Contact(account_id=self.account_id, name="?"), CONTACT_FIELDS, "contact.new")

    def action_new_competitor(self) -> None:
        self._form(
            Competitor(account_id=self.account_id, name="?"),
            COMPETITOR_FIELDS,
            "contact.new_competitor",
        )

    def action_new_opportunity(self, then=None) -> None:
        from datetime import date

        opp = Opportunity(
            account_id=self.account_id,
            name="?",
            owner=self.account.owner,
            first_contact_on=date.today(),
        )
        self._form(opp, OPPORTUNITY_FIELDS, "contact.new_opportunity", then)

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
