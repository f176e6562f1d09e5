"""The FAB proposal builder (方案): nine sections, FAB statements, quote, competitive chart, outline."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from dragon_tui.export.proposal import proposal_markdown, proposal_text
from dragon_tui.export.proposal_docx import proposal_docx
from dragon_tui.method import competitive
from dragon_tui.method import proposal as prop
from dragon_tui.method.fab import fab_warnings, statement_from_product
from dragon_tui.method.quote import totals
from dragon_tui.models import (
    CompetitiveCell,
    Competitor,
    Contact,
    FabStatement,
    NeedItem,
    Opportunity,
    Product,
    Proposal,
    QuoteLine,
)
from dragon_tui.models.enums import CompetitivePosition, ProposalSection
from dragon_tui.service.deals import proposal_sources as sources
from dragon_tui.text import printable, safe_file_stem

from .base import DragonScreen, literal
from .widgets.columns import set_columns
from .widgets.entry_form import EntryField, EntryFormScreen, FormRefused
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.tabbook import TabBook, TabPage
from .widgets.table import RowTable
from .widgets.unsaved import leave_or_ask

SECTIONS = list(ProposalSection)
POSITIONS = list(CompetitivePosition)


class ProposalScreen(DragonScreen):
    """Build, version and export the proposal for one opportunity."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="proposal.save"),
        Binding("a", "add", "Add", id="proposal.add"),
        Binding("N", "new_version", "New version", id="proposal.new_version"),
        Binding("v", "cycle_version", "Versions", id="proposal.cycle_version"),
        Binding("e", "export", "Export", id="proposal.export"),
        Binding("1", "set_position(0)", "Strength", show=False, id="proposal.set_position_0"),
        Binding("2", "set_position(1)", "Parity", show=False, id="proposal.set_position_1"),
        Binding("3", "set_position(2)", "Weakness", show=False, id="proposal.set_position_2"),
        Binding("escape", "back", "Back", id="proposal.back"),
    ]

    def __init__(self, store, opportunity_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.opportunity: Opportunity = store.require(Opportunity, opportunity_id)
        self.src = sources(store, self.opportunity, self.store.settings().language.value)
        versions = self._versions()
        self.proposal: Proposal | None = (
            versions[-1] if versions else None
        )  # a draft is made on mount
        self.section = 0

    def _versions(self) -> list[Proposal]:
        return sorted(
            self.store.find(Proposal, opportunity_id=self.opportunity.id), key=lambda p: p.version
        )

    @property
    def is_old_version(self) -> bool:
        versions = self._versions()
        return bool(versions) and self.proposal.version < versions[-1].version

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.opportunity.account_id, self.opportunity.id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="proposal-summary", classes="metrics")
        # the sections on opening; every other tab is made and filled when first shown
        with TabBook(self._tab_labels(), id="proposal-tabs", build=self._build_page):
            with TabPage(id="tab-sections"):
                with Horizontal():
                    yield OptionList(id="section-list")
                    with Vertical():
                        yield TextArea(id="section-text", soft_wrap=True)
                        yield Static(id="section-guidance", classes="hint")
        yield Footer()

    def _build_page(self, page: TabPage) -> None:
        """A tab's widgets, mounted the first time it is shown, and filled."""
        box: Widget = page
        if page.id == "tab-fab":
            box = Horizontal(id="fab-pane")
            parts = [RowTable(id="fab-table", cursor_type="row"), Static(id="fab-warnings")]
        elif page.id == "tab-quote":
            box = Vertical()
            parts = [
                RowTable(id="quote-table", cursor_type="row"),
                Static(id="quote-totals", classes="metrics"),
            ]
        elif page.id == "tab-chart":
            box = Vertical()
            parts = [
                RowTable(id="chart-table", cursor_type="cell"),
                Static(id="chart-advice", classes="hint"),
            ]
        elif page.id == "tab-outline":
            box = VerticalScroll()
            parts = [Static(id="outline")]
        else:
            parts = [RowTable(id="library-table", cursor_type="row")]
        if box is not page:
            page.mount(box)
        box.mount_all(parts)
        self._show_page(page.id or "")

    def _show_page(self, pane: str) -> None:
        shows = {
            "tab-fab": self._show_fab,
            "tab-quote": self._show_quote,
            "tab-chart": self._show_chart,
            "tab-outline": self._show_outline,
            "tab-library": self._show_library,
        }
        if pane in shows and self.query_one(TabBook).made(pane) is not None:
            shows[pane]()

    AUTO_FOCUS = "#section-list"  # focused from the first frame, not after it (drawn again)

    def on_mount(self) -> None:
        if self.proposal is None:
            self.src.lang = self.lang
            self.proposal = prop.new_proposal(self.src, self.today)
        self._clean_sections = dict(self.proposal.sections)
        self.refresh_language()

    # ---------------------------------------------------------------- view
    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.proposal')} — {self.opportunity.name}"
        self.query_one(TabBook).set_labels(self._tab_labels())
        self.refresh_data()

    def _tab_labels(self) -> dict[str, str]:
        panes = ("sections", "fab", "quote", "chart", "outline", "library")
        return {f"tab-{pane}": self.t(f"proposal.tab_{pane}") for pane in panes}

    def _names(self) -> dict[str, str]:
        return {
            c.id: c.name for c in self.store.find(Contact, account_id=self.opportunity.account_id)
        }

    def _needs(self) -> list[NeedItem]:
        return sorted(
            self.store.find(NeedItem, opportunity_id=self.opportunity.id),
            key=lambda n: n.created_at,
        )

    def refresh_data(self) -> None:
        p = self.proposal
        summary = Text(f"{p.title}  v{p.version}  {p.issued_on or ''}", style="bold")
        if self.is_old_version:
            summary.append("   " + self.t("proposal.read_only", version=p.version), style="yellow")
        summary.append(
            "   "
            + self.t("proposal.versions")
            + ": "
            + " ".join(f"v{v.version}" for v in self._versions()),
            style="dim",
        )
        self.query_one("#proposal-summary", Static).update(summary)
        self._show_sections()
        for page in self.query_one(TabBook).query_children(TabPage):
            self._show_page(page.id or "")  # the tabs made so far

    def _show_sections(self) -> None:
        options = self.query_one("#section-list", OptionList)
        options.clear_options()
        for n, section in enumerate(SECTIONS, 1):
            g = prop.guidance(section, self.proposal.sections.get(section, ""))
            mark = "✓" if g.ok else "!"
            options.add_option(
                Option(Text(f"{mark} {n}. {self.label(section)}", style="" if g.ok else "yellow"))
            )
        options.highlighted = self.section
        self._load_section()

    def _load_section(self) -> None:
        section = SECTIONS[self.section]
        area = self.query_one("#section-text", TextArea)
        area.read_only = self.is_old_version
        text = self.proposal.sections.get(section, "")
        if area.text != text:
            area.load_text(text)
        self._show_guidance(section, text)

    def _show_guidance(self, section: ProposalSection, text: str) -> None:
        g = prop.guidance(section, text)
        self.query_one("#section-guidance", Static).update(
            Text(g.text(self.lang), style="green" if g.ok else "yellow")
        )

    def _show_fab(self) -> None:
        names = self._names()
        needs = {n.id: n.text for n in self._needs()}
        table = self.query_one("#fab-table", DataTable)
        width = self.size.width or self.app.size.width
        # every column on screen: the texts share the width and wrap (the warnings sit beside
        # the table from 100 columns, under it below that)
        set_columns(
            table,
            width if width < 100 else width - 40,
            [
                (self.t("proposal.feature"), None),
                (self.t("proposal.advantage"), None),
                (self.t("proposal.benefit"), None),
                (self.t("dossier.person"), 8),
                (self.t("spin.ladder"), None),
            ],
        )
        for s in self.proposal.fab_statements:
            table.add_row(
                literal(s.feature),
                literal(s.advantage),
                literal(s.benefit),
                literal(names.get(s.contact_id or "", "")),
                literal(needs.get(s.need_id or "", "")),
                height=None,
            )
        contacts = self.store.find(Contact, account_id=self.opportunity.account_id)
        warnings = fab_warnings(self.proposal.fab_statements, contacts, self._needs())
        text = Text(self.t("proposal.warnings") + "\n", style="bold")
        for w in warnings:
            text.append("! " + w.text(self.lang) + "\n", style="yellow")
        if not warnings:
            text.append(self.t("proposal.no_warnings"), style="green")
        self.query_one("#fab-warnings", Static).update(text)

    def _show_quote(self) -> None:
        table = self.reset_table(
            "quote-table",
            [
                "proposal.q_product",
                "proposal.q_quantity",
                "proposal.q_unit_price",
                "proposal.q_discount",
                "proposal.q_line_total",
            ],
        )
        sums = totals(self.proposal.quote)
        for line, total in zip(self.proposal.quote.lines, sums.lines, strict=True):
            table.add_row(
                literal(line.product),
                f"{line.quantity.normalize():f}",
                f"{line.unit_price:,.2f}",
                f"{line.discount * 100:.0f}%",
                f"{total:,.2f}",
            )
        currency = self.proposal.quote.currency
        self.query_one("#quote-totals", Static).update(
            f"{self.t('proposal.q_subtotal')} {sums.subtotal:,.2f}   {self.t('proposal.q_tax', rate=f'{self.proposal.quote.tax_rate * 100:.0f}%')} {sums.tax:,.2f}   {self.t('proposal.q_total', currency=currency)} {sums.total:,.2f}"
        )

    def _competitors(self) -> list[Competitor]:
        return sorted(
            self.store.find(Competitor, account_id=self.opportunity.account_id),
            key=lambda c: c.name,
        )

    def _show_chart(self) -> None:
        rivals = self._competitors()
        rows = competitive.chart(
            self._needs(),
            rivals,
            self.store.find(CompetitiveCell, opportunity_id=self.opportunity.id),
        )
        table = self.query_one("#chart-table", DataTable)
        table.clear(columns=True)
        table.add_column(self.t("spin.ladder"))
        table.add_column(self.t("proposal.us"))
        for rival in rivals:
            table.add_column(literal(rival.name))
        for row in rows:
            cells = [row.position(col) for col in [None, *[r.id for r in rivals]]]
            table.add_row(
                literal(row.need.text),
                *[self.label(c) if c else "·" for c in cells],
                key=row.need.id,
            )
        advice = competitive.advice(rows, self.lang)
        hint = self.t("proposal.chart_hint") if rows else self.t("proposal.no_needs")
        self.query_one("#chart-advice", Static).update(Text("\n".join([hint, *advice])))

    def _show_outline(self) -> None:
        self.query_one("#outline", Static).update(
            Text("\n".join(prop.presentation_outline(self.proposal, self.lang)))
        )

    def _show_library(self) -> None:
        table = self.reset_table(
            "library-table", ["proposal.q_product", "proposal.feature", "proposal.advantage"]
        )
        for product in sorted(self.store.all(Product), key=lambda p: p.name):
            table.add_row(
                literal(product.name),
                literal(product.feature),
                literal(product.advantage),
                key=product.id,
            )

    # ---------------------------------------------------------------- editing
    @on(OptionList.OptionHighlighted, "#section-list")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.section:
            self._keep_text()
            self.section = event.option_index
            self._load_section()

    @on(OptionList.OptionSelected, "#section-list")
    def _section_selected(self) -> None:
        self.query_one("#section-text", TextArea).focus()

    @on(TextArea.Changed, "#section-text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        self._show_guidance(SECTIONS[self.section], event.text_area.text)

    def _keep_text(self) -> None:
        """Hold the edited section text in the draft (saved with ctrl+s)."""
        if self.is_old_version:
            return
        text = self.query_one("#section-text", TextArea).text
        section = SECTIONS[self.section]
        if self.proposal.sections.get(section, "") != text:
            sections = {**self.proposal.sections, section: text}
            self.proposal = self.proposal.model_copy(update={"sections": sections})

    def _save(self, proposal: Proposal) -> bool:
        if self.is_old_version:
            self.notify(
                self.t("proposal.read_only", version=self.proposal.version), severity="warning"
            )
            return False
        try:
            validated = Proposal.model_validate(proposal.model_dump())
        except ValidationError as exc:
            self.notify(str(exc.errors()[0]["msg"]), severity="error", markup=False)
            return False
        saved = self.attempt(lambda: self.store.save(validated))
        if saved is None:
            return False
        self.proposal = saved
        self._clean_sections = dict(saved.sections)
        self.refresh_data()
        return True

    def action_save(self) -> None:
        self._keep_text()
        if self._save(self.proposal):
            self.notify(self.t("notify.saved"))

    def action_add(self) -> None:
        """A form with pick-lists for the tab in view: FAB statement, quote line or product."""
        tab = self.query_one(TabBook).active
        if tab == "tab-fab":
            self._add_fab()
        elif tab == "tab-quote":
            self._add_line()
        elif tab == "tab-library":
            self._add_product()
        else:
            self.notify(self.t("proposal.add_where"), severity="warning")

    def _products(self) -> list[Product]:
        return sorted(self.store.all(Product), key=lambda p: p.name)

    def _add_fab(self) -> None:
        products = self._products()
        if not products:
            self.notify(self.t("proposal.no_products"), severity="warning")
            return
        contacts = sorted(
            self.store.find(Contact, account_id=self.opportunity.account_id), key=lambda c: c.name
        )
        needs = self._needs()
        by_id = {p.id: p for p in products}

        def build(values: dict[str, str | None]):
            return statement_from_product(
                by_id[values["product"]], values["benefit"] or "", values["person"], values["need"]
            )

        fields = [
            EntryField(
                "product",
                self.t("proposal.q_product"),
                # a library of one product: it is the one (focus starts on the benefit)
                value=products[0].id if len(products) == 1 else "",
                options=[(printable(p.name, single_line=True), p.id) for p in products],
                required=True,
            ),
            EntryField("benefit", self.t("proposal.benefit")),
            EntryField(
                "person",
                self.t("dossier.person"),
                options=[(printable(c.name, single_line=True), c.id) for c in contacts],
            ),
            EntryField(
                "need",
                self.t("spin.ladder"),
                options=[(printable(n.text, single_line=True), n.id) for n in needs],
            ),
        ]
        self._open_form("proposal.add_fab", fields, build, self._append_fab)

    def _add_line(self) -> None:
        products = self._products()
        by_id = {p.id: p for p in products}

        def build(values: dict[str, str | None]) -> QuoteLine:
            picked = by_id.get(values["library"] or "")
            name = (values["product"] or "").strip() or (picked.name if picked else "")
            price = (values["unit_price"] or "").replace(",", "").strip()
            if not price and picked and picked.unit_price is not None:
                price = str(picked.unit_price)
            return QuoteLine(
                product=name,
                quantity=self._number("quantity", values["quantity"]),
                unit_price=self._number("unit_price", price),
                discount=self._number("discount", values["discount"] or "0") / 100,
            )

        fields = [
            EntryField(
                "library",
                self.t("proposal.from_library"),
                value=self._next_to_quote(products),
                options=[(printable(p.name, single_line=True), p.id) for p in products],
            ),
            EntryField("product", self.t("proposal.q_product_name")),
            EntryField("quantity", self.t("proposal.q_quantity"), value="1"),
            EntryField("unit_price", self.t("proposal.q_unit_price")),
            EntryField("discount", self.t("proposal.q_discount_pct"), value="0"),
        ]
        self._open_form("proposal.add_line", fields, build, self._append_line)

    def _next_to_quote(self, products: list[Product]) -> str:
        """The product a new quote line most likely prices: the first one the FAB statements
        present that the quote has no line for yet, else the only product ("" for none)."""
        quoted = {line.product for line in self.proposal.quote.lines}
        by_id = {p.id: p for p in products}
        for statement in self.proposal.fab_statements:
            product = by_id.get(statement.product_id or "")
            if product is not None and product.name not in quoted:
                return product.id
        return products[0].id if len(products) == 1 else ""

    def _number(self, field_name: str, text: str | None) -> Decimal:
        try:
            return Decimal((text or "").replace(",", "").strip())
        except InvalidOperation:
            raise FormRefused(field_name, self.t("invalid.number")) from None

    def _add_product(self) -> None:
        def build(values: dict[str, str | None]) -> Product:
            return Product(
                name=(values["name"] or "").strip(),
                feature=values["feature"] or "",
                advantage=values["advantage"] or "",
            )

        fields = [
            EntryField("name", self.t("proposal.q_product")),
            EntryField("feature", self.t("proposal.feature")),
            EntryField("advantage", self.t("proposal.advantage")),
        ]

        def saved(product: Product | None) -> None:
            if product is not None and self.attempt(lambda: self.store.save(product)):
                self.notify(self.t("notify.saved"))
                self._show_library()

        self._open_form("proposal.add_product", fields, build, saved)

    def _open_form(self, title_key: str, fields, build, done) -> None:
        self.app.push_screen(EntryFormScreen(self.t(title_key), fields, build, self.lang), done)

    def _append_fab(self, statement: FabStatement | None) -> None:
        if statement is None:
            return
        self._keep_text()
        statements = [*self.proposal.fab_statements, statement]
        self._save(self.proposal.model_copy(update={"fab_statements": statements}))

    def _append_line(self, line: QuoteLine | None) -> None:
        if line is None:
            return
        self._keep_text()
        quote = self.proposal.quote.model_copy(update={"lines": [*self.proposal.quote.lines, line]})
        self._save(self.proposal.model_copy(update={"quote": quote}))

    def action_set_position(self, index: int) -> None:
        if self.query_one(TabBook).active != "tab-chart":
            return
        table = self.query_one("#chart-table", DataTable)
        if table.row_count == 0:
            return
        row, col = table.cursor_coordinate
        if col == 0:
            return
        need_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        rivals = self._competitors()
        competitor_id = None if col == 1 else rivals[col - 2].id
        existing = next(
            (
                c
                for c in self.store.find(CompetitiveCell, opportunity_id=self.opportunity.id)
                if c.need_id == need_id and c.competitor_id == competitor_id
            ),
            None,
        )
        cell = competitive.set_cell(
            existing, self.opportunity.id, need_id, competitor_id, POSITIONS[index]
        )
        if self.attempt(lambda: self.store.save(cell)):
            self._show_chart()
            table.move_cursor(row=row, column=col)

    def action_new_version(self) -> None:
        self._keep_text()
        versions = self._versions()
        base = versions[-1] if versions else self.proposal
        if not versions:
            self._save(self.proposal)
            base = self.proposal
        created = prop.next_version(base, self.today)
        saved = self.attempt(lambda: self.store.save(created))
        if saved is not None:
            self.proposal = saved
            self._clean_sections = dict(saved.sections)
            self.notify(self.t("proposal.created", version=saved.version))
            self.refresh_data()

    def action_cycle_version(self) -> None:
        if len(self._versions()) < 2:
            return
        self._keep_text()
        self._leave_draft(self._show_previous_version)

    def _show_previous_version(self) -> None:
        versions = self._versions()
        index = next(
            (i for i, v in enumerate(versions) if v.version == self.proposal.version),
            len(versions) - 1,
        )
        self.proposal = versions[(index - 1) % len(versions)]
        self._clean_sections = dict(self.proposal.sections)
        self.refresh_data()

    def action_export(self) -> None:
        self._keep_text()
        proposal, account, opportunity, names = (
            self.proposal,
            self.src.account,
            self.opportunity,
            self._names(),
        )
        self.export_files(
            safe_file_stem(account.name, opportunity.name, f"v{proposal.version}"),
            lambda: {
                ".txt": proposal_text(proposal, account, opportunity, names, self.lang),
                ".md": proposal_markdown(proposal, account, opportunity, names, self.lang),
                ".docx": proposal_docx(proposal, account, opportunity, names, self.lang),
            },
            "proposal.exported",
        )

    def action_back(self) -> None:
        if self.query_one("#section-text", TextArea).has_focus:
            self._keep_text()
            self.query_one("#section-list", OptionList).focus()
            return
        self._keep_text()
        self._leave_draft(self.app.pop_screen)

    def _leave_draft(self, then) -> None:
        """Run `then` (leave, show another version) once unsaved edits are saved or discarded."""

        def save() -> None:
            if self._save(self.proposal):
                self.notify(self.t("notify.saved"))
                then()

        leave_or_ask(self, self.has_unsaved_edits, save, then, self.lang)

    @property
    def has_unsaved_edits(self) -> bool:
        """Whether the draft differs from what is stored (or, unsaved, from the fresh draft)."""
        if self.is_old_version:
            return False
        return self.proposal.sections != self._clean_sections

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # While typing a section, letters and digits are text, not commands.
        if action in (
            "add",
            "new_version",
            "cycle_version",
            "export",
            "set_position",
        ) and isinstance(self.focused, TextArea):
            return False
        return super().check_action(action, parameters)
