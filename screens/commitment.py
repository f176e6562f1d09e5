"""The commitment workbench (赢取承诺 / 回收账款) of one opportunity: the move guide, buying
signals, closing attempts, the negotiation plan, upsell, invoices and payments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, SelectionList, Static

from dragon_tui.export.deal import money
from dragon_tui.labels import parse_enum
from dragon_tui.method import commitment, moves, receivables
from dragon_tui.method.moves import move_guide
from dragon_tui.method.stages import stage_name
from dragon_tui.models import Account, Invoice, Opportunity
from dragon_tui.models.enums import BuyingSignal, CreditRating, UpsellDirection
from dragon_tui.service.deal import deal_records
from dragon_tui.text import printable

from .base import DragonScreen, literal
from .widgets.footer import Footer
from .widgets.form import Field
from .widgets.header import Header
from .widgets.prompt import PromptScreen
from .widgets.record_form import RecordFormScreen
from .widgets.table import RowTable

INVOICE_FIELDS = [
    Field("number", "field.number"),
    Field("amount", "field.amount"),
    Field("issued_on", "field.issued_on"),
    Field("due_on", "field.due_on"),
    Field("late_cause", "field.late_cause", enum=None),
    Field("notes", "field.notes"),
]


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class CommitmentScreen(DragonScreen):
    """Constructed with the id of the opportunity it shows."""

    DEFAULT_CSS = """
    CommitmentScreen #cw-body { height: 1fr; }
    CommitmentScreen #cw-signals-box { width: 40; }
    CommitmentScreen #cw-signals { height: 1fr; }
    CommitmentScreen #cw-invoices { height: auto; max-height: 8; }
    CommitmentScreen #cw-guide { padding: 0 1; }
    CommitmentScreen #cw-hint { padding: 0 1; color: $warning; }
    """

    BINDINGS = [
        Binding("c", "closing", "Closing", id="commitment.closing"),
        Binding("A", "acard", "A-card", show=False, id="commitment.acard"),
        Binding(
            "i",
            "add_interest('their')",
            "Their interest",
            show=False,
            id="commitment.add_interest_their",
        ),
        Binding(
            "o", "add_interest('our')", "Our interest", show=False, id="commitment.add_interest_our"
        ),
        Binding(
            "b",
            "rank_interests('their')",
            "Rank theirs",
            show=False,
            id="commitment.rank_interests_their",
        ),
        Binding(
            "B",
            "rank_interests('our')",
            "Rank ours",
            show=False,
            id="commitment.rank_interests_our",
        ),
        Binding("t", "add_trade", "Trade", show=False, id="commitment.add_trade"),
        Binding("k", "add_concession", "Concession", show=False, id="commitment.add_concession"),
        Binding(
            "w",
            "set_text('walk_away')",
            "Walk-away",
            show=False,
            id="commitment.set_text_walk_away",
        ),
        Binding(
            "e",
            "set_text('escalation')",
            "Escalation",
            show=False,
            id="commitment.set_text_escalation",
        ),
        Binding("g", "agreed_terms", "Terms", show=False, id="commitment.agreed_terms"),
        Binding("v", "upsell('vertical')", "Upsell ↓", show=False, id="commitment.upsell_vertical"),
        Binding(
            "h", "upsell('horizontal')", "Upsell →", show=False, id="commitment.upsell_horizontal"
        ),
        Binding("s", "sign_contract", "Signed", show=False, id="commitment.sign_contract"),
        Binding("d", "payment_date", "Payment date", show=False, id="commitment.payment_date"),
        Binding("n", "new_invoice", "Invoice", id="commitment.new_invoice"),
        Binding("enter", "edit_invoice", "Edit invoice", show=False, id="commitment.edit_invoice"),
        Binding("p", "add_payment", "Payment", id="commitment.add_payment"),
        Binding("r", "credit_check", "Credit", show=False, id="commitment.credit_check"),
        Binding("a", "advance", "Move on", id="commitment.advance"),
        Binding("W", "won", "Won", show=False, id="commitment.won"),
        Binding("escape", "back", "Back", id="commitment.back"),
    ]

    def __init__(self, store, opportunity_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        opp = self.store.require(Opportunity, opportunity_id)
        self.opportunity_id, self.account_id = opp.id, opp.account_id

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.account_id, self.opportunity_id

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="cw-guide")
        yield Static(id="cw-hint")
        with Horizontal(id="cw-body"):
            with Vertical(id="cw-signals-box"):
                yield Static("", classes="section-title", id="cw-signals-title")
                yield SelectionList[str](id="cw-signals")
            with VerticalScroll(id="cw-plan-box"):
                yield Static("", classes="section-title", id="cw-plan-title")
                yield Static(id="cw-plan")
        yield Static("", classes="section-title", id="cw-invoices-title")
        yield RowTable(id="cw-invoices", cursor_type="row", zebra_stripes=True)
        yield Static(id="cw-invoices-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_language(self) -> None:
        self.refresh_data()

    @property
    def opportunity(self) -> Opportunity:
        return self.store.require(Opportunity, self.opportunity_id)

    def refresh_data(self) -> None:
        records = deal_records(self.store, self.opportunity_id)
        opp = records.opportunity
        self.title = opp.name
        self.sub_title = self.t("screen.commitment")
        self._show_guide(records)
        self._show_signals(opp)
        self._show_plan(records)
        self._show_invoices(records.invoices)

    def _show_guide(self, records: moves.DealRecords) -> None:
        opp = records.opportunity
        scheme = self.store.settings().stage_scheme
        guide = move_guide(records, scheme)
        text = Text(
            self.t(
                "commitment.guide",
                stage=opp.stage,
                name=stage_name(scheme, opp, self.lang),
                done=guide.steps_done,
                total=len(guide.steps),
            ),
            style="bold",
        )
        for step in guide.steps:
            text.append("\n  ")
            text.append("✓ " if step.done else "· ", style="green" if step.done else "dim")
            text.append(self.t(f"move.step.{step.key}"))
        state = {True: "move.marker_met", False: "move.marker_unmet", None: "move.marker_unknown"}
        marker = self.t(f"move.marker.{opp.stage}") if guide.marker_met is not None else ""
        text.append(f"\n{self.t('deal.exit_marker')}: {marker} — {self.t(state[guide.marker_met])}")
        self.query_one("#cw-guide", Static).update(text)
        hints = []
        if opp.stage == 6 and guide.marker_met and opp.status == "open":
            hints.append(self.t("commitment.paid_in_full"))  # "Stage 6 ends when … paid in full"
        if commitment.suggests_moving_on(opp):
            hints.append(self.t("move.suggest_move_on"))
        hints += [w.text(self.lang) for w in commitment.concession_warnings(opp)]
        if commitment.trades_without_return(opp):
            hints.append(self.t("deal.trades") + ": " + self.t("deal.trade_no_return"))
        self.query_one("#cw-hint", Static).update(literal("  ".join(hints)))

    def _show_signals(self, opp: Opportunity) -> None:
        self.query_one("#cw-signals-title", Static).update(self.t("commitment.signals"))
        seen = {s.signal: s.seen_on for s in opp.buying_signals}
        signals = self.query_one("#cw-signals", SelectionList)
        highlighted = signals.highlighted
        with signals.prevent(SelectionList.SelectedChanged):
            signals.clear_options()
            for signal in BuyingSignal:
                when = f"  {seen[signal].isoformat()}" if signal in seen else ""
                signals.add_option((self.label(signal) + when, signal.value, signal in seen))
        if highlighted is not None:
            signals.highlighted = highlighted

    def _show_plan(self, records: moves.DealRecords) -> None:
        from dragon_tui.export.deal import deal_sections

        self.query_one("#cw-plan-title", Static).update(self.t("commitment.plan"))
        scheme = self.store.settings().stage_scheme
        _, sections = deal_sections(records, scheme, self.lang)
        # each part with its keys (the footer has room for the main ones only)
        wanted = {
            self.t(k): self.t(f"commitment.keys.{k.removeprefix('deal.')}")
            for k in ("deal.closing", "deal.negotiation", "deal.upsell")
        }
        text = Text()
        for section in sections:
            if section.title not in wanted:
                continue
            text.append(f"【{section.title}】", style="bold")
            text.append(f"  {wanted[section.title]}\n", style="dim")
            for item in section.items:
                box = "" if item.checked is None else ("[x] " if item.checked else "[ ] ")
                text.append(f"  {box}")
                text.append(literal(item.text))
                text.append("\n")
        self.query_one("#cw-plan", Static).update(text)

    def _show_invoices(self, invoices: list[Invoice]) -> None:
        self.query_one("#cw-invoices-title", Static).update(self.t("commitment.invoices"))
        table = self.reset_table(
            "cw-invoices",
            [
                "receivables.col_number",
                "deal.amount",
                "receivables.col_due",
                "receivables.col_outstanding",
                "receivables.col_days",
                "receivables.col_action",
            ],
        )
        settings = self.store.settings()
        for invoice in sorted(invoices, key=lambda i: (i.due_on, i.number)):
            owed = receivables.outstanding(invoice)
            days = max((self.today - invoice.due_on).days, 0)
            action = receivables.matrix_action(days, owed, settings)
            table.add_row(
                literal(invoice.number or "—"),
                money(invoice.amount),
                invoice.due_on.isoformat(),
                money(owed),
                str(days),
                self.t(f"receivables.short.{action.value}") if action else "",
                key=invoice.id,
            )
        empty = self.query_one("#cw-invoices-empty", Static)
        empty.update("" if invoices else self.t("commitment.no_invoices"))

    # ------------------------------------------------------------------ edits
    def _change(self, make: Callable[[Opportunity], Opportunity]) -> None:
        """Apply a core change to the opportunity and save it; errors become notices."""
        changed = self.attempt(lambda: self.store.save(make(self.opportunity)))
        if changed is not None:
            self.refresh_data()

    def _ask(self, key: str, then: Callable[[str], None], value: str = "", **fmt) -> None:
        def done(text: str | None) -> None:
            if text is not None and text.strip():
                then(text.strip())

        self.app.push_screen(PromptScreen(self.t(key, **fmt), value=value), done)

    @on(SelectionList.SelectionToggled, "#cw-signals")
    def _signal_toggled(self, event: SelectionList.SelectionToggled) -> None:
        signal = BuyingSignal(event.selection.value)
        self._change(lambda opp: commitment.toggle_signal(opp, signal, self.today))

    def _plan(self, opp: Opportunity, **changes) -> Opportunity:
        plan = opp.negotiation.model_dump()
        plan.update(changes)
        return opp.with_changes(negotiation=plan)

    def action_add_interest(self, side: str) -> None:
        field = f"{side}_interests"

        def add(text: str) -> None:
            self._change(lambda o: self._plan(o, **{field: [*getattr(o.negotiation, field), text]}))

        self._ask(f"commitment.ask_{side}_interest", add)

    def action_rank_interests(self, side: str) -> None:
        """Rank one side's interests again: the rep types the positions in their new order."""
        field = f"{side}_interests"
        interests = getattr(self.opportunity.negotiation, field)
        if len(interests) < 2:
            self.notify(self.t("commitment.nothing_to_rank"), severity="warning")
            return
        listed = "  ".join(f"{n}. {text}" for n, text in enumerate(interests, 1))

        def rank(order: str) -> None:
            ranked = self.attempt(lambda: commitment.rerank(interests, order))
            if ranked is not None:
                self._change(lambda o: self._plan(o, **{field: ranked}))

        self._ask(f"commitment.ask_rank_{side}", rank, interests=printable(listed))

    def action_add_trade(self) -> None:
        def add(text: str) -> None:
            for sep in ("→", "->", "=>"):
                if sep in text:
                    give, get = (p.strip() for p in text.split(sep, 1))
                    break
            else:
                give, get = text, ""
            trade = {"give": give, "get": get}
            self._change(
                lambda o: self._plan(
                    o, trades=[*[t.model_dump() for t in o.negotiation.trades], trade]
                )
            )

        self._ask("commitment.ask_trade", add)

    def action_add_concession(self) -> None:
        def add(text: str) -> None:
            amount = _amount(text)
            if amount is None:
                self.notify(
                    self.t("commitment.not_a_number", text=text), severity="error", markup=False
                )
                return
            steps = [c.model_dump() for c in self.opportunity.negotiation.concessions]
            self._change(lambda o: self._plan(o, concessions=[*steps, {"amount": amount}]))

        self._ask("commitment.ask_concession", add)

    def action_set_text(self, field: str) -> None:
        current = getattr(self.opportunity.negotiation, field)
        self._ask(
            f"commitment.ask_{field}",
            lambda text: self._change(lambda o: self._plan(o, **{field: text})),
            value=current,
        )

    def action_agreed_terms(self) -> None:
        self._ask(
            "commitment.ask_terms",
            lambda text: self._change(
                lambda o: self._plan(o, agreed_terms=text, agreed_in_writing=True)
            ),
            value=self.opportunity.negotiation.agreed_terms,
        )

    def action_upsell(self, direction: str) -> None:
        way = UpsellDirection(direction)

        def add(text: str) -> None:
            opp = self.attempt(
                lambda: commitment.add_upsell(
                    self.opportunity, way, text, self.today + timedelta(days=30)
                )
            )
            if opp is None:
                return
            follow = commitment.upsell_follow_up(opp, opp.upsells[-1], datetime.now(UTC), self.lang)
            if self.attempt(lambda: self.store.save_many([opp, follow])) is not None:
                self.refresh_data()

        self._ask(f"commitment.ask_upsell_{direction}", add)

    def action_sign_contract(self) -> None:
        self._change(lambda o: commitment.sign_contract(o, self.today))
        self.notify(self.t("commitment.signed", date=self.today.isoformat()))

    def action_payment_date(self) -> None:
        """Telephone scheme: the customer confirmed the payment date (承诺 +80%)."""
        self._change(lambda o: o.with_changes(payment_date_confirmed_on=self.today))

    def action_closing(self) -> None:
        from dragon_tui.models.enums import ClosingMethod, ClosingResult

        opp = self.opportunity
        draft = commitment.closing_activity(
            opp, ClosingMethod.CHOICE, ClosingResult.DEFERRED, datetime.now(UTC)
        )
        fields = [
            Field("closing_method", "field.closing_method", enum=ClosingMethod),
            Field("closing_result", "field.closing_result", enum=ClosingResult),
            Field("summary", "field.summary"),
        ]
        self.app.push_screen(
            RecordFormScreen(
                self.store, draft, fields, self.t("commitment.closing_title"), self.lang
            ),
            lambda saved: self.refresh_data() if saved is not None else None,
        )

    def _invoice_fields(self) -> list[Field]:
        from dragon_tui.models.enums import LatePaymentCause

        return [
            f if f.name != "late_cause" else Field(f.name, f.label_key, enum=LatePaymentCause)
            for f in INVOICE_FIELDS
        ]

    def action_new_invoice(self) -> None:
        opp = self.opportunity
        draft = Invoice(
            account_id=opp.account_id,
            opportunity_id=opp.id,
            amount=opp.amount,
            issued_on=self.today,
            due_on=self.today + timedelta(days=30),
        )
        self._invoice_form(draft)

    def _invoice_form(self, invoice: Invoice) -> None:
        self.app.push_screen(
            RecordFormScreen(
                self.store,
                invoice,
                self._invoice_fields(),
                self.t("commitment.invoice_title"),
                self.lang,
            ),
            lambda saved: self.refresh_data() if saved is not None else None,
        )

    def _selected_invoice(self) -> Invoice | None:
        table = self.query_one("#cw-invoices", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.store.get(Invoice, key)

    def action_edit_invoice(self) -> None:
        invoice = self._selected_invoice()
        if invoice is not None:
            self._invoice_form(invoice)

    def action_add_payment(self) -> None:
        invoice = self._selected_invoice()
        if invoice is None:
            self.notify(self.t("commitment.no_invoices"), severity="warning")
            return
        owed = receivables.outstanding(invoice)

        def pay(text: str) -> None:
            amount = _amount(text)
            if amount is None:
                self.notify(
                    self.t("commitment.not_a_number", text=text), severity="error", markup=False
                )
                return
            paid = self.attempt(lambda: receivables.add_payment(invoice, amount, self.today))
            if paid is not None and self.attempt(lambda: self.store.save(paid)) is not None:
                self.refresh_data()

        self._ask(
            "commitment.ask_payment",
            pay,
            value=str(owed),
            number=invoice.number or "—",
            owed=money(owed),
        )

    def action_credit_check(self) -> None:
        from dragon_tui.models import CreditCheck

        account = self.store.require(Account, self.opportunity.account_id)

        def record(text: str) -> None:
            try:
                rating = parse_enum(CreditRating, text)
            except ValueError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            check = CreditCheck(checked_on=self.today, rating=rating)
            if self.attempt(
                lambda: self.store.save(account.with_changes(credit_check=check.model_dump()))
            ):
                self.refresh_data()

        self._ask("commitment.ask_credit", record)

    def action_advance(self) -> None:
        records = deal_records(self.store, self.opportunity_id)
        scheme = self.store.settings().stage_scheme

        def go(reason: str = "") -> None:
            moved = self.attempt(lambda: moves.advance_checked(records, self.today, reason, scheme))
            if moved is not None and self.attempt(lambda: self.store.save(moved)) is not None:
                name = f"{moved.stage} {stage_name(scheme, moved, self.lang)}"
                self.notify(self.t("commitment.advanced", stage=name))
                self.refresh_data()

        if move_guide(records, scheme).marker_met is False:
            marker = self.t(f"move.marker.{records.opportunity.stage}")
            self._ask("move.ask_override", go, marker=marker)
        else:
            go()

    def action_won(self) -> None:
        opp = self.opportunity

        def win(reason: str = "") -> None:
            won = self.attempt(lambda: moves.mark_won_checked(opp, self.today, reason))
            if won is not None and self.attempt(lambda: self.store.save(won)) is not None:
                self.notify(self.t("commitment.won"))
                self.refresh_data()

        if moves.can_win_without_override(opp):
            win()
        else:
            self._ask("move.ask_won_override", win, name=opp.name)

    def action_acard(self) -> None:
        from .opportunity_acard import OpportunityACardScreen

        self.app.push_screen(
            OpportunityACardScreen(self.store, self.opportunity_id, self.lang, self.today),
            lambda saved: self.refresh_data() if saved is not None else None,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
