"""The funnel screen (销售漏斗): stage table and drawn funnel, figures, at-risk, learned rates, receivables."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane
from textual.widgets.data_table import RowDoesNotExist

from dragon_tui.errors import DragonError
from dragon_tui.method import health, learned_rates, receivables, risk, stages
from dragon_tui.method.funnel import FunnelFigures, funnel_figures
from dragon_tui.method.periods import parse_period, quarter_of
from dragon_tui.models import Account, Contact, Invoice, Opportunity
from dragon_tui.models.enums import OpportunityStatus
from dragon_tui.search import pinyin_match
from screens.base import DragonScreen, literal
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.prompt import PromptScreen

BAR = 30


def funnel_bars(figures: FunnelFigures, names: list[str]) -> Text:
    """A drawn funnel: one centred bar per stage, width by amount."""
    top = max((row.amount for row in figures.stages), default=Decimal(0)) or Decimal(1)
    text = Text()
    for row, name in zip(figures.stages, names, strict=True):
        width = max(int(BAR * row.amount / top), 1 if row.count else 0)
        pad = (BAR - width) // 2
        text.append(f"{row.stage} ", style="bold")
        text.append(
            " " * pad + "█" * width + " " * (BAR - width - pad),
            style=f"color({33 + row.stage * 6})",
        )
        text.append(f" {name}\n")
    return text


FILTER_KEYS = {"负责人": "owner", "区域": "region", "行业": "industry"}
# Tabs whose rows are deals: `>` `<` `w` `l` act on the highlighted row of the tab in view.
DEAL_TABS = {"tab-deals": "deals", "tab-risk": "risks"}


def deal_matches(opp: Opportunity, account: Account | None, term: str) -> bool:
    """A free word of the funnel filter: deal or account name, literally or by pinyin."""
    names = [opp.name, account.name if account else ""]
    if any(term in name.casefold() for name in names):
        return True
    return term.isascii() and term.isalpha() and any(pinyin_match(n, term) for n in names)


class FunnelScreen(DragonScreen):
    """Funnel by stage for a period and target; the deals behind it, and what to do next."""

    # Below 100 columns the drawn funnel goes under the stage table, so amounts stay whole.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("greater_than_sign", "advance", ">"),
        Binding("less_than_sign", "step_back", "<", show=False),
        Binding("w", "won", "Won"),
        Binding("l", "lost", "Lost"),
        Binding("A", "adopt_rates", "Adopt rates"),
        Binding("R", "export_review", "Weekly review"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="funnel-controls"):
            yield Input(id="period", placeholder="2026Q4")
            yield Input(id="target", placeholder="500000")
            yield Input(id="funnel-filter")
        yield Static(id="metrics", classes="metrics")
        with TabbedContent(id="funnel-tabs"):
            with TabPane("", id="tab-stages"):
                with Horizontal(id="stages-pane"):
                    yield DataTable(id="stages", cursor_type="row")
                    yield Static(id="bars")
            with TabPane("", id="tab-deals"):
                yield DataTable(id="deals", cursor_type="row")
            with TabPane("", id="tab-risk"):
                yield DataTable(id="risks", cursor_type="row")
            with TabPane("", id="tab-learned"):
                yield DataTable(id="learned", cursor_type="row")
            with TabPane("", id="tab-receivables"):
                yield DataTable(id="receivables", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        settings = self.store.settings()
        self.query_one("#period", Input).value = quarter_of(self.today).name
        if settings.sales_target > 0:
            self.query_one("#target", Input).value = str(settings.sales_target)
        self.refresh_language()
        self.query_one("#stages", DataTable).focus()

    # ---------------------------------------------------------------- data
    def _settings(self):
        return self.store.settings()

    def _names(self) -> list[str]:
        scheme = self._settings().stage_scheme
        return [self.label(stages.stage_enum(scheme, s)) for s in range(1, 7)]

    def _target(self) -> Decimal | None:
        text = self.query_one("#target", Input).value.strip().replace(",", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise DragonError(f"target {text!r} is not an amount") from None
        return value

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.funnel")
        self.query_one("#funnel-filter", Input).placeholder = self.t("funnel.filter_placeholder")
        for wid, key in (
            ("period", "funnel.period_label"),
            ("target", "funnel.target_label"),
            ("funnel-filter", "funnel.filter_label"),
        ):
            self.query_one(f"#{wid}", Input).border_title = self.t(key)
        tabs = self.query_one(TabbedContent)
        for pane, key in (
            ("tab-stages", "funnel.tab_stages"),
            ("tab-deals", "funnel.tab_deals"),
            ("tab-risk", "funnel.tab_risk"),
            ("tab-learned", "funnel.tab_learned"),
            ("tab-receivables", "funnel.tab_receivables"),
        ):
            tabs.get_tab(pane).label = self.t(key)
        self.refresh_data()

    @on(Input.Changed)
    def _inputs_changed(self) -> None:
        self.refresh_data()

    def _filtered(self) -> list[Opportunity]:
        """Opportunities matching the filter box: `owner:`/`region:`/`industry:` tokens, and free
        words matched against the deal and account names (literally or by pinyin, like the
        account list)."""
        wanted: dict[str, str] = {}
        words: list[str] = []
        for token in self.query_one("#funnel-filter", Input).value.casefold().split():
            key, colon, value = token.partition(":")
            key = FILTER_KEYS.get(key, key)
            if colon and key in ("owner", "region", "industry"):
                if value:
                    wanted[key] = value
            else:
                words.append(token)
        opportunities = self.store.all(Opportunity)
        if not wanted and not words:
            return opportunities
        accounts = {a.id: a for a in self.store.all(Account)}

        def keep(opp: Opportunity) -> bool:
            account = accounts.get(opp.account_id)
            values = {
                "owner": opp.owner or (account.owner if account else ""),
                "region": account.region if account else "",
                "industry": account.industry if account else "",
            }
            return all(v in values[k].casefold() for k, v in wanted.items()) and all(
                deal_matches(opp, account, word) for word in words
            )

        return [o for o in opportunities if keep(o)]

    def refresh_data(self) -> None:
        opportunities = self._filtered()
        settings = self._settings()
        try:
            period = parse_period(
                self.query_one("#period", Input).value or quarter_of(self.today).name
            )
            figures = funnel_figures(
                opportunities, period, stages.win_rates(settings), self._target()
            )
        except DragonError as err:
            self.query_one("#metrics", Static).update(Text(str(err), style="red"))
            return
        self._show_metrics(figures)
        self._show_stages(figures)
        contacts: dict[str, list[Contact]] = {}
        for contact in self.store.all(Contact):
            contacts.setdefault(contact.account_id, []).append(contact)
        self._show_deals(opportunities, contacts, settings)
        self._show_risks(opportunities, contacts, settings)
        self._show_learned(opportunities, settings)
        self._show_receivables(settings)

    def _show_metrics(self, f: FunnelFigures) -> None:
        pct = lambda v: "—" if v is None else f"{v:.1%}"  # noqa: E731
        line = self.t(
            "funnel.metrics",
            period=f.period.name,
            closed=f"{f.closed_revenue:,.0f}",
            forecast=pct(f.forecast),
            progress=pct(f.progress),
            loss=pct(f.loss_rate),
            total=f"{f.funnel_total:,.0f}",
        )
        self.query_one("#metrics", Static).update(Text(line))

    def _reset(self, table_id: str, keys: list[str]) -> DataTable:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear(columns=True)
        for key in keys:
            table.add_column(self.t(key), key=key)
        return table

    def _show_stages(self, f: FunnelFigures) -> None:
        names = self._names()
        table = self._reset(
            "stages",
            [
                "funnel.col_stage",
                "funnel.col_rate",
                "funnel.col_count",
                "funnel.col_amount",
                "funnel.col_weighted",
            ],
        )
        for row, name in zip(f.stages, names, strict=True):
            table.add_row(
                f"{row.stage} {name}",
                f"{row.win_rate:.0%}",
                str(row.count),
                f"{row.amount:,.0f}",
                f"{row.weighted:,.0f}",
            )
        self.query_one("#bars", Static).update(funnel_bars(f, names))

    def _show_deals(self, opportunities, contacts, settings) -> None:
        names = self._names()
        table = self._reset(
            "deals",
            [
                "funnel.col_opportunity",
                "funnel.col_account",
                "funnel.col_stage",
                "funnel.col_amount",
                "funnel.col_days",
                "funnel.col_health",
                "funnel.col_next",
            ],
        )
        accounts = {a.id: a for a in self.store.all(Account)}
        open_opps = sorted(
            (o for o in opportunities if o.status == OpportunityStatus.OPEN),
            key=lambda o: (-o.stage, -o.amount),
        )
        for opp in open_opps:
            account = accounts.get(opp.account_id)
            h = health.deal_health(
                opp,
                account,
                contacts.get(opp.account_id, []),
                self.today,
                settings.expected_stage_days,
            )
            action = h.next_action_text(self.lang)
            table.add_row(
                literal(opp.name),
                literal(account.name if account else "?"),
                names[opp.stage - 1],
                f"{opp.amount:,.0f}",
                str(risk.days_in_stage(opp, self.today)),
                str(h.score),
                action,
                key=opp.id,
            )

    def _show_risks(self, opportunities, contacts, settings) -> None:
        table = self._reset("risks", ["funnel.col_opportunity", "funnel.col_reasons"])
        for opp, reasons in risk.at_risk(
            opportunities, contacts, self.today, settings.expected_stage_days
        ):
            table.add_row(
                literal(opp.name),
                literal("；".join(r.text(self.lang) for r in reasons)),
                key=opp.id,
            )

    def _show_learned(self, opportunities, settings) -> None:
        names = self._names()
        self._learned = learned_rates.learned_win_rates(opportunities, stages.win_rates(settings))
        table = self._reset(
            "learned",
            ["funnel.col_stage", "funnel.col_rate", "funnel.col_observed", "funnel.col_sample"],
        )
        for r in self._learned:
            observed = "—" if r.observed is None else f"{r.observed:.0%}"
            table.add_row(
                f"{r.stage} {names[r.stage - 1]}",
                f"{r.configured:.0%}",
                observed,
                f"{r.won}/{r.reached}",
            )

    def _show_receivables(self, settings) -> None:
        table = self._reset(
            "receivables",
            [
                "funnel.col_invoice",
                "funnel.col_outstanding",
                "funnel.col_overdue",
                "funnel.col_action",
            ],
        )
        for item in receivables.overdue_invoices(self.store.all(Invoice), self.today, settings):
            table.add_row(
                literal(item.invoice.number),
                f"{item.outstanding:,.0f}",
                str(item.days_overdue),
                item.action(self.lang),
            )

    # ---------------------------------------------------------------- actions
    def _deal_table(self) -> DataTable | None:
        """The deal table in view (opportunities or at-risk), or None on another tab."""
        table_id = DEAL_TABS.get(self.query_one(TabbedContent).active)
        return self.query_one(f"#{table_id}", DataTable) if table_id else None

    def _selected(self) -> Opportunity | None:
        table = self._deal_table()
        if table is None:
            self.notify(self.t("funnel.pick_deal_tab"), severity="warning")
            return None
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.store.get(Opportunity, key)

    def _save(self, opp: Opportunity) -> None:
        if self.attempt(lambda: self.store.save(opp)) is not None:
            self.notify(self.t("notify.saved"))
            self.refresh_data()
            self._keep_cursor_on(opp.id)

    def _keep_cursor_on(self, opportunity_id: str) -> None:
        """After a move the list is re-sorted: put the cursor back on the deal that moved."""
        table = self._deal_table()
        if table is None:
            return
        try:
            table.move_cursor(row=table.get_row_index(opportunity_id))
        except RowDoesNotExist:  # the deal left this list (won, lost, no longer at risk)
            return

    def action_advance(self) -> None:
        opp = self._selected()
        if opp is None:
            return
        if opp.stage >= 6:
            self.notify(self.t("funnel.last_stage"), severity="warning")
            return
        marker = stages.exit_marker(self._settings().stage_scheme, opp.stage, self.lang)
        question = self.t("funnel.confirm_exit", name=opp.name, marker=marker)

        def done(yes: bool | None) -> None:
            if yes:
                moved = self.attempt(lambda: stages.advance(opp, self.today))
                if moved is not None:
                    self._save(moved)

        self.app.push_screen(ConfirmScreen(question, self.lang), done)

    def action_step_back(self) -> None:
        opp = self._selected()
        if opp is not None:
            moved = self.attempt(lambda: stages.step_back(opp, self.today))
            if moved is not None:
                self._save(moved)

    def action_won(self) -> None:
        opp = self._selected()
        if opp is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                won = self.attempt(lambda: stages.mark_won(opp, self.today))
                if won is not None:
                    self._save(won)

        self.app.push_screen(
            ConfirmScreen(self.t("funnel.confirm_won", name=opp.name), self.lang), done
        )

    def action_lost(self) -> None:
        opp = self._selected()
        if opp is None:
            return

        def done(reason: str | None) -> None:
            if reason:
                lost = self.attempt(lambda: stages.mark_lost(opp, self.today, reason))
                if lost is not None:
                    self._save(lost)

        self.app.push_screen(PromptScreen(self.t("funnel.ask_lost_reason", name=opp.name)), done)

    def action_adopt_rates(self) -> None:
        settings = self._settings()
        rates = learned_rates.adopted_rates(self._learned)

        def done(yes: bool | None) -> None:
            if yes:
                new = {
                    **{k.value: v for k, v in settings.win_rates.items()},
                    settings.stage_scheme.value: rates,
                }
                if self.attempt(
                    lambda: self.store.save_settings(settings.with_changes(win_rates=new))
                ):
                    self.notify(self.t("notify.saved"))
                    self.refresh_data()

        shown = " / ".join(f"{r:.0%}" for r in rates)
        self.app.push_screen(
            ConfirmScreen(self.t("funnel.confirm_adopt", rates=shown), self.lang), done
        )

    def action_export_review(self) -> None:
        from dragon_tui.export.review import review_markdown, review_text
        from dragon_tui.models import Competitor

        accounts = {a.id: a for a in self.store.all(Account)}
        rivals = {c.id: c for c in self.store.all(Competitor)}
        period = self.query_one("#period", Input).value or quarter_of(self.today).name
        title = self.t("review.title", period=period)
        opportunities = self._filtered()
        self.export_files(
            f"weekly-review-{period}",
            lambda: {
                ".txt": review_text(opportunities, accounts, rivals, self.lang, title),
                ".md": review_markdown(opportunities, accounts, rivals, self.lang, title),
            },
            "review.exported",
        )
