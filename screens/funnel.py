"""The funnel screen (销售漏斗): stage table and drawn funnel, figures, at-risk, learned rates, receivables."""

from __future__ import annotations

import asyncio
import threading
import weakref
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from dragon_tui.errors import DragonError
from dragon_tui.labels import phrase
from dragon_tui.method import health, learned_rates, moves, receivables, risk, stages
from dragon_tui.method.funnel import FunnelFigures, funnel_figures
from dragon_tui.method.periods import parse_period, quarter_of
from dragon_tui.models import Account, Contact, Invoice, Opportunity
from dragon_tui.models.enums import OpportunityStatus
from dragon_tui.search import pinyin_match
from dragon_tui.service.accounts import PeopleByAccount
from dragon_tui.service.deal import deal_records

from .base import DragonScreen, literal
from .widgets.columns import add_wrapped_row
from .widgets.confirm import ConfirmScreen
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.prompt import PromptScreen
from .widgets.tabbook import TabBook, TabPage
from .widgets.table import RowTable

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


TABS = {
    "tab-stages": "funnel.tab_stages",
    "tab-deals": "funnel.tab_deals",
    "tab-risk": "funnel.tab_risk",
    "tab-learned": "funnel.tab_learned",
    "tab-receivables": "funnel.tab_receivables",
}
SHOWN_DEALS = 200  # a few screenfuls; the filter narrows the rest
DEAL_PAGE = 20  # deal rows added to the table at a time, at least (see `_deal_page`)


@dataclass
class FunnelData:
    """What the funnel's tabs show, worked out in a worker thread (no widget touched there)."""

    error: str = ""
    opportunities: list[Opportunity] = field(default_factory=list)
    settings: object = None
    figures: FunnelFigures | None = None
    deals: list[tuple] = field(default_factory=list)  # (opp, account name, days, health, next)
    open_deals: int = 0  # all open deals matching the filter; `deals` holds the shown ones
    risks: list[tuple] = field(default_factory=list)
    overdue: list = field(default_factory=list)

    @classmethod
    def build(
        cls,
        service,
        today: date,
        panes,
        period_text,
        target_text,
        filter_text,
        lang,
        wanted=None,
        *,
        kept=False,
    ) -> FunnelData:
        """`wanted`: a deal listed even past the first SHOWN_DEALS (the one the cursor goes to).

        What does not depend on the language is kept for the records as they are (the store's
        generation): opening the funnel again, or switching language on it, reuses it. With
        `kept`, NotKept is raised rather than working out anything not kept."""
        settings = service.settings()

        def _kept(key: tuple, make):
            return _kept_part(service, today, key, make, only=kept)

        opportunities, figures = _kept(
            ("figures", period_text, target_text, filter_text),
            lambda: _figures(service, today, settings, period_text, target_text, filter_text),
        )
        data = cls(opportunities=opportunities, settings=settings, figures=figures)
        if panes & {"tab-deals", "tab-risk"}:
            contacts = _kept(("contacts",), lambda: PeopleByAccount(service))
            if "tab-deals" in panes:
                open_opps, shown = _kept(
                    ("deals", period_text, target_text, filter_text),
                    lambda: _shown_deals(service, today, opportunities, contacts, settings),
                )
                data.open_deals = len(open_opps)
                if wanted is not None and all(row[0].id != wanted for row in shown):
                    # the deal the cursor goes to, past the first rows: listed after them
                    later = [o for o in open_opps[SHOWN_DEALS:] if o.id == wanted]
                    shown = shown + _deal_rows(service, today, later, contacts, settings)
                data.deals = [
                    (opp, name, days, h.score, h.next_action_text(lang))
                    for opp, name, days, h in shown
                ]
            if "tab-risk" in panes:
                data.risks = _kept(
                    ("risks", period_text, target_text, filter_text),
                    lambda: risk.at_risk(
                        opportunities, contacts, today, settings.expected_stage_days
                    ),
                )
        if "tab-receivables" in panes:
            data.overdue = receivables.overdue_invoices(service.all(Invoice), today, settings)
        return data


# What FunnelData.build worked out last, per kind: (the service, key, value). A key holds the
# generation of the deals, people and accounts and the settings the figures use, so a write to
# them makes it stale; the service is held weakly and compared by identity (another database is
# never mistaken for this one). One entry per kind.
_KEPT: dict[str, tuple[weakref.ref, tuple, object]] = {}
# What a thread is working out now, by (kind, service id, key): another thread that needs the
# same waits for it rather than working it out beside it (the funnel opened while the list's
# warm-up prepares it: both read every deal at once, each at half speed).
_MAKING: dict[tuple, threading.Event] = {}
_MAKING_LOCK = threading.Lock()


class NotKept(Exception):
    """FunnelData.build(kept=True): a part is not kept (it would take a worker)."""


def _kept_part(service, today: date, key: tuple, make, *, only: bool = False):
    settings = service.settings()
    full = (
        service.generation_of(Opportunity, Contact, Account),
        # the settings the figures use (not the language: switching it writes the settings)
        settings.stage_scheme,
        tuple(stages.win_rates(settings)),
        tuple(settings.expected_stage_days),
        today,
        *key,
    )

    def kept_now():
        found = _KEPT.get(key[0])
        if found is not None and found[0]() is service and found[1] == full:
            return found
        return None

    found = kept_now()
    if found is not None:
        return found[2]
    if only:
        raise NotKept(key[0])
    token = (key[0], id(service), full)
    with _MAKING_LOCK:
        making = _MAKING.get(token)
        mine = making is None
        if mine:
            making = _MAKING[token] = threading.Event()
    if not mine:
        making.wait()
        found = kept_now()
        if found is not None:
            return found[2]  # else it failed there: worked out here
    try:
        value = make()
        _KEPT[key[0]] = (weakref.ref(service), full, value)
        return value
    finally:
        if mine:
            with _MAKING_LOCK:
                del _MAKING[token]
            making.set()


def _figures(service, today: date, settings, period_text, target_text, filter_text):
    opportunities = matching_deals(service, filter_text)
    period = parse_period(period_text or quarter_of(today).name)
    figures = funnel_figures(
        opportunities,
        period,
        stages.win_rates(settings),
        parse_target(target_text),
        stages.paid_stage(settings.stage_scheme),
    )
    return opportunities, figures


def _shown_deals(service, today: date, opportunities, contacts, settings):
    """(the open deals, largest stage and amount first; [(deal, account name, days in stage,
    health)] for the first SHOWN_DEALS of them)."""
    open_opps = sorted(
        (o for o in opportunities if o.status == OpportunityStatus.OPEN),
        key=lambda o: (-o.stage, -o.amount),
    )
    # health is worked out for the rows shown only (the rest wait for the filter)
    return open_opps, _deal_rows(service, today, open_opps[:SHOWN_DEALS], contacts, settings)


def _deal_rows(service, today: date, deals, contacts, settings) -> list[tuple]:
    rows = []
    for opp in deals:
        account = service.get(Account, opp.account_id)
        h = health.deal_health(
            opp, account, contacts.get(opp.account_id, []), today, settings.expected_stage_days
        )
        name = account.name if account else "?"
        rows.append((opp, name, risk.days_in_stage(opp, today), h))
    return rows


def prepare(service, today: date) -> None:
    """Work out and keep what the funnel shows on opening with its default inputs (this
    quarter, the target in the settings, no filter): the home screen's worker calls this while
    the rep reads the list, so the first funnel opens as fast as the next."""
    settings = service.settings()
    target = str(settings.sales_target) if settings.sales_target > 0 else ""
    panes = {"tab-stages", "tab-deals"}
    period = quarter_of(today).name
    FunnelData.build(service, today, panes, period, target, "", settings.language.value)


TARGET_MAX = Decimal(10**13)  # as for every amount stored (`Money`)


def parse_target(text: str) -> Decimal | None:
    """The target typed in the funnel (commas allowed); None when empty."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        target = Decimal(text)
    except InvalidOperation:
        raise DragonError(
            f"target {text!r} is not an amount", phrase=phrase("error.target", text=text)
        ) from None
    if not target.is_finite() or not 0 <= target <= TARGET_MAX:
        raise DragonError(
            f"target {text!r} is out of range (0 to {TARGET_MAX:,})",
            phrase=phrase("error.target_range", text=text, most=f"{TARGET_MAX:,}"),
        )
    return target


def matching_deals(service, text: str) -> list[Opportunity]:
    """Opportunities matching the filter box: `owner:`/`region:`/`industry:` tokens, and free
    words matched against the deal and account names (literally or by pinyin, like the
    account list)."""
    wanted: dict[str, str] = {}
    words: list[str] = []
    for token in text.casefold().split():
        key, colon, value = token.partition(":")
        key = FILTER_KEYS.get(key, key)
        if colon and key in ("owner", "region", "industry"):
            if value:
                wanted[key] = value
        else:
            words.append(token)
    opportunities = service.all(Opportunity)
    if not wanted and not words:
        return opportunities
    accounts = {a.id: a for a in service.all(Account)}

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


FILTER_KEYS = {"负责人": "owner", "区域": "region", "行业": "industry"}
# Tabs whose rows are deals: `>` `<` `w` `l` act on the highlighted row of the tab in view.
DEAL_TABS = {"tab-deals": "deals", "tab-risk": "risks"}
# Tabs whose table is made when the tab is first filled.
LATER_TABLES = {"tab-risk": "risks", "tab-learned": "learned", "tab-receivables": "receivables"}


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
        Binding("d", "show_deals", "Deals", show=False, id="funnel.show_deals"),
        Binding("greater_than_sign", "advance", ">", id="funnel.advance"),
        Binding("less_than_sign", "step_back", "<", show=False, id="funnel.step_back"),
        Binding("w", "won", "Won", id="funnel.won"),
        Binding("l", "lost", "Lost", id="funnel.lost"),
        Binding("A", "adopt_rates", "Adopt rates", id="funnel.adopt_rates"),
        Binding("R", "export_review", "Weekly review", id="funnel.export_review"),
        Binding("escape", "app.pop_screen", "Back", id="funnel.app_pop_screen"),
    ]

    def __init__(self, store, opportunity_id: str | None = None, **kwargs) -> None:
        """`opportunity_id`: the deal the rep came from (the dossier's, `ctrl+f`); the funnel
        opens on the deals tab with the cursor on it, ready for `>`."""
        super().__init__(store, **kwargs)
        self.opportunity_id = opportunity_id
        # focused from the first frame, not after it (every cell on screen drawn again)
        self.AUTO_FOCUS = "#deals" if opportunity_id is not None else "#stages"

    def shown_ids(self) -> tuple[str | None, str | None]:
        table = self._deal_table()
        if table is None or table.row_count == 0:
            return None, None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        opp = self.store.get(Opportunity, key) if key else None
        return (opp.account_id, opp.id) if opp else (None, None)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="funnel-controls"):
            yield Input(id="period", placeholder="2026Q4")
            yield Input(id="target", placeholder="500000")
            yield Input(id="funnel-filter")
        yield Static(id="metrics", classes="metrics")
        labels = {pane: self.t(key) for pane, key in TABS.items()}
        # the tab the funnel opens on (the deals when opened for one); every other tab is
        # made when first shown or filled (`_build_page`)
        initial = "tab-deals" if self.opportunity_id is not None else "tab-stages"
        with TabBook(labels, id="funnel-tabs", initial=initial, build=self._build_page):
            with TabPage(id=initial):
                if initial == "tab-stages":
                    with Horizontal(id="stages-pane"):
                        yield from self._stages_parts()
                else:
                    yield from self._deals_parts()
        yield Footer()

    @staticmethod
    def _stages_parts() -> list[Widget]:
        return [RowTable(id="stages", cursor_type="row"), Static(id="bars")]

    @staticmethod
    def _deals_parts() -> list[Widget]:
        note = Static(id="deals-note")
        note.display = False  # shown when the deals are more than the table lists
        return [RowTable(id="deals", cursor_type="row"), note]

    def _build_page(self, page: TabPage) -> None:
        """A tab's widgets, mounted the first time it is shown or filled (queryable at once:
        a container's parts are mounted into it, not given to it to compose later)."""
        if page.id == "tab-stages":
            box = Horizontal(id="stages-pane")
            page.mount(box)
            box.mount_all(self._stages_parts())
        elif page.id == "tab-deals":
            page.mount_all(self._deals_parts())
        elif page.id in LATER_TABLES:
            page.mount(RowTable(id=LATER_TABLES[page.id], cursor_type="row"))

    def _made(self, pane: str) -> bool:
        """Whether tab `pane`'s widgets are made."""
        return self.query_one(TabBook).made(pane) is not None

    def _make_tables(self, panes: set[str]) -> None:
        """The tables of the later `panes` not made yet (queryable at once, drawn once
        mounted)."""
        book = self.query_one(TabBook)
        for pane in sorted(panes & LATER_TABLES.keys()):
            book.page(pane)

    def on_mount(self) -> None:
        self._shown_inputs: tuple | None = None  # the inputs the tables on screen were built for
        self._filled: set[str] = set()  # tabs filled for those inputs
        self._cursor_on: str | None = None  # the deal the cursor goes back to after a refill
        self._pending: set[str] = set()  # the tabs the load in flight works out
        self._deal_rows: list[tuple] = []  # (key, cells…) of the deals tab; the table pages them
        self._loading = 0  # the number of the newest load; older results are dropped
        self._learned = []
        settings = self.store.settings()
        self.query_one("#period", Input).value = quarter_of(self.today).name
        if settings.sales_target > 0:
            self.query_one("#target", Input).value = str(settings.sales_target)
        if self.opportunity_id is not None:
            # opened for a deal: its tab in view, the cursor put on it once the rows are in
            self._cursor_on = self.opportunity_id
        self.refresh_language()

    # ---------------------------------------------------------------- data
    def _settings(self):
        return self.store.settings()

    def _names(self) -> list[str]:
        scheme = self._settings().stage_scheme
        return [self.label(stages.stage_enum(scheme, s)) for s in range(1, 7)]

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = self.t("screen.funnel")
        self.query_one("#funnel-filter", Input).placeholder = self.t("funnel.filter_placeholder")
        # words, not a figure: a bare 500000 read as a target already set
        self.query_one("#target", Input).placeholder = self.t("funnel.target_placeholder")
        for wid, key in (
            ("period", "funnel.period_label"),
            ("target", "funnel.target_label"),
            ("funnel-filter", "funnel.filter_label"),
        ):
            self.query_one(f"#{wid}", Input).border_title = self.t(key)
        self.query_one(TabBook).set_labels({pane: self.t(key) for pane, key in TABS.items()})
        self.refresh_data()

    @on(Input.Changed)
    def _inputs_changed(self) -> None:
        self.refresh_data()

    def _filtered(self) -> list[Opportunity]:
        """Opportunities matching the filter box (`matching_deals`)."""
        return matching_deals(self.store, self.query_one("#funnel-filter", Input).value)

    def _inputs(self) -> tuple:
        return (
            self.query_one("#period", Input).value,
            self.query_one("#target", Input).value,
            self.query_one("#funnel-filter", Input).value,
            self.lang,
            self.store.generation,
        )

    def refresh_data(self) -> None:
        """Work the figures out again if an input, the language or the records changed: in a
        worker (reading thousands of deals and people is slow the first time), with the tables
        behind a loading indicator; the footer and the keys stay usable meanwhile."""
        inputs = self._inputs()
        if inputs == self._shown_inputs:
            return
        self._shown_inputs = inputs
        self._filled = set()
        self._pending = set()
        self._load({"tab-stages", self.query_one(TabBook).active or "tab-stages"})

    def on_resize(self, event) -> None:
        # the deal tables are fitted to the width: a new width fits them again
        if getattr(self, "_fitted_width", event.size.width) != event.size.width:
            self._shown_inputs = None
            self.refresh_data()
        self._fitted_width = event.size.width

    @on(TabBook.TabActivated, "#funnel-tabs")
    def _tab_shown(self, event: TabBook.TabActivated) -> None:
        pane = event.pane.id or ""
        if self._shown_inputs is None or pane in self._filled | self._pending:
            return  # shown already, or on its way
        # the load in flight is overtaken: the new one does its tabs too
        self._load(self._pending | {pane})

    async def show_tab(self, pane: str) -> None:
        """Show tab `pane` with its data (tests and callers that need the rows at once)."""
        self.query_one(TabBook).active = pane
        while pane not in self._filled:
            await self.app.workers.wait_for_complete()
            await asyncio.sleep(0)

    def _load(self, panes: set[str]) -> None:
        self._loading += 1
        self._pending = set(panes)
        number = self._loading
        inputs = (*(self._shown_inputs or self._inputs())[:4], self._cursor_on)
        try:
            # all of it kept from before (the funnel opened again, the language switched):
            # shown at once, no worker and no loading indicator
            data = FunnelData.build(self.store, self.today, panes, *inputs, kept=True)
        except NotKept:
            pass
        except DragonError as err:
            self._show(number, panes, FunnelData(error=err.text(self.lang)))
            return
        else:
            self._show(number, panes, data)
            return
        self.query_one("#funnel-tabs").loading = True
        self.run_worker(lambda: self._compute(number, panes, *inputs), thread=True, group="funnel")

    def _compute(self, number, panes, period_text, target_text, filter_text, lang, wanted) -> None:
        """In a worker thread: read the records and work out what the tabs in `panes` show."""
        try:
            data = FunnelData.build(
                self.store, self.today, panes, period_text, target_text, filter_text, lang, wanted
            )
        except DragonError as err:
            data = FunnelData(error=err.text(lang))
        self.app.call_from_thread(self._show, number, panes, data)

    def _show(self, number: int, panes: set[str], data: FunnelData) -> None:
        if number != self._loading or not self.is_attached:
            return  # an older load, overtaken by a newer one
        self._pending = set()
        self.query_one("#funnel-tabs").loading = False
        self._make_tables(panes)
        if data.error:
            self.query_one("#metrics", Static).update(Text(data.error, style="red"))
            self._filled |= panes
            return
        self._show_metrics(data.figures)
        if self._made("tab-stages"):
            self._show_stages(data.figures)
        if "tab-deals" in panes and self._made("tab-deals"):
            self._show_deals(data)
        if "tab-risk" in panes:
            self._show_risks(data)
        if "tab-learned" in panes:
            self._show_learned(data.opportunities, data.settings)
        if "tab-receivables" in panes:
            self._show_receivables(data)
        # a tab not made yet is filled when first shown (`_tab_shown`)
        self._filled |= {pane for pane in panes | {"tab-stages"} if self._made(pane)}
        if self._cursor_on is not None:
            self._keep_cursor_on(self._cursor_on)
            self._cursor_on = None

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

    def _show_stages(self, f: FunnelFigures) -> None:
        names = self._names()
        table = self.reset_table(
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

    def _show_deals(self, data: FunnelData) -> None:
        names = self._names()
        shown = data.deals  # the first SHOWN_DEALS, and the deal the cursor goes to
        amounts = [f"{row[0].amount:,.0f}" for row in shown]
        rows = [
            (opp.id, opp.name, account, names[opp.stage - 1], amount, str(days), str(score), action)
            for (opp, account, days, score, action), amount in zip(shown, amounts, strict=True)
        ]
        # Fitted to the screen: amounts, days and health whole; names, stage and the next
        # action share the rest and wrap (at 80 columns nothing runs off to the right), each
        # no wider than its widest cell (a wide screen shows the names whole).
        widest = [max((cell_len(row[n]) for row in rows), default=0) for n in range(1, 8)]
        table = self.reset_table(
            "deals",
            [
                ("funnel.col_opportunity", 1.0),
                ("funnel.col_account", 1.0),
                ("funnel.col_stage", 1.0),
                ("funnel.col_amount", max(map(len, amounts), default=0)),
                ("funnel.col_days", 4),
                ("funnel.col_health", 3),
                ("funnel.col_next", 1.5),
            ],
            fit=True,
            most=[*widest[:3], None, None, None, widest[6]],
        )
        self._deal_rows = rows
        # rows are added a page at a time: enough to reach the deal the cursor goes to, the
        # next page when the cursor nears the end
        wanted = next((i for i, row in enumerate(self._deal_rows) if row[0] == self._cursor_on), 0)
        self._add_deal_rows(table, wanted + self._deal_page())
        note = self.query_one("#deals-note", Static)
        note.display = data.open_deals > SHOWN_DEALS
        note.update(self.t("funnel.first_deals", shown=SHOWN_DEALS, total=data.open_deals))

    def _deal_page(self) -> int:
        """Deal rows added at a time: a screenful (a row is a line or more), the next page when
        the cursor nears the end. Each row is wrapped to its columns: rows out of sight were a
        tenth of opening the funnel."""
        return max(DEAL_PAGE, self.app.size.height)

    def _add_deal_rows(self, table: DataTable, count: int) -> None:
        """Add rows up to `count`, each text wrapped here to its column's width (a CJK-aware
        wrap of a few strings, instead of the table rendering every cell to measure it)."""
        for key, *cells in self._deal_rows[table.row_count : count]:
            add_wrapped_row(table, cells, key=key, single_line=False)

    @on(DataTable.RowHighlighted, "#deals")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if event.cursor_row >= table.row_count - 5 and table.row_count < len(self._deal_rows):
            self._add_deal_rows(table, table.row_count + self._deal_page())

    def _show_risks(self, data: FunnelData) -> None:
        table = self.reset_table(
            "risks", [("funnel.col_opportunity", 1.0), ("funnel.col_reasons", 3.0)], fit=True
        )
        for opp, reasons in data.risks[:SHOWN_DEALS]:
            table.add_row(
                literal(opp.name),
                literal("；".join(r.text(self.lang) for r in reasons)),
                key=opp.id,
                height=None,
            )

    def _show_learned(self, opportunities, settings) -> None:
        names = self._names()
        self._learned = learned_rates.learned_win_rates(opportunities, stages.win_rates(settings))
        table = self.reset_table(
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

    def _show_receivables(self, data: FunnelData) -> None:
        table = self.reset_table(
            "receivables",
            [
                "funnel.col_invoice",
                "funnel.col_outstanding",
                "funnel.col_overdue",
                "funnel.col_action",
            ],
        )
        for item in data.overdue:
            table.add_row(
                literal(item.invoice.number),
                f"{item.outstanding:,.0f}",
                str(item.days_overdue),
                item.action(self.lang),
            )

    # ---------------------------------------------------------------- actions
    def action_show_deals(self) -> None:
        """One key to the deals, the list `>` `<` `w` `l` act on."""
        self.query_one(TabBook).active = "tab-deals"
        self.query_one("#deals", DataTable).focus()

    def _deal_table(self) -> DataTable | None:
        """The deal table in view (opportunities or at-risk), or None on another tab."""
        table_id = DEAL_TABS.get(self.query_one(TabBook).active)
        if table_id is None:
            return None
        return next(self.query(f"#{table_id}").results(DataTable), None)  # none before filled

    def _selected(self) -> Opportunity | None:
        if self.query_one(TabBook).active not in DEAL_TABS:
            self.notify(self.t("funnel.pick_deal_tab"), severity="warning")
            return None
        table = self._deal_table()
        if table is None or table.row_count == 0:  # (none yet: its tab is being filled)
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.store.get(Opportunity, key)

    def _save(self, opp: Opportunity) -> None:
        if self.attempt(lambda: self.store.save(opp)) is not None:
            self.notify(self.t("notify.saved"))
            self._cursor_on = opp.id  # the list is re-sorted in a worker: back on it when shown
            self.refresh_data()

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
        scheme = self._settings().stage_scheme
        records = self.attempt(lambda: deal_records(self.store, opp.id))
        if records is None:
            return

        def go(reason: str = "") -> None:
            moved = self.attempt(lambda: moves.advance_checked(records, self.today, reason, scheme))
            if moved is not None:
                self._save(moved)

        if moves.move_guide(records, scheme).marker_met is False:
            # The exit marker is checked from the data: moving on anyway needs a reason.
            marker = self.t(f"move.marker.{opp.stage}")
            self.app.push_screen(
                PromptScreen(self.t("move.ask_override", marker=marker)),
                lambda reason: go(reason) if reason else None,
            )
            return
        marker = stages.exit_marker(scheme, opp.stage, self.lang)
        question = self.t("funnel.confirm_exit", name=opp.name, marker=marker)
        self.app.push_screen(ConfirmScreen(question, self.lang), lambda yes: go() if yes else None)

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

        def done(reason: str = "") -> None:
            won = self.attempt(lambda: moves.mark_won_checked(opp, self.today, reason))
            if won is not None:
                self._save(won)

        if not moves.can_win_without_override(opp):
            # Won only from move 5, or with a recorded override.
            self.app.push_screen(
                PromptScreen(self.t("move.ask_won_override", name=opp.name)),
                lambda reason: done(reason) if reason else None,
            )
            return
        self.app.push_screen(
            ConfirmScreen(self.t("funnel.confirm_won", name=opp.name), self.lang),
            lambda yes: done() if yes else None,
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
        if not self._learned:
            self._learned = learned_rates.learned_win_rates(
                self._filtered(), stages.win_rates(settings)
            )
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
        scheme = self._settings().stage_scheme
        self.export_files(
            f"weekly-review-{period}",
            lambda: {
                ".txt": review_text(opportunities, accounts, rivals, self.lang, title, scheme),
                ".md": review_markdown(opportunities, accounts, rivals, self.lang, title, scheme),
            },
            "review.exported",
        )
