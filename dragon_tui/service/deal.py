"""A deal's records gathered for the move guide, the commitment workbench and `dragon-tui deal`;
the receivables report over every invoice; saving what the workbench edits."""

from __future__ import annotations

from datetime import date

from dragon_tui.errors import NotFound
from dragon_tui.method.acard import quarter_target_at_risk
from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.moves import DealRecords
from dragon_tui.method.periods import quarter_of
from dragon_tui.method.receivables import ReceivablesReport, receivables_report
from dragon_tui.method.stages import paid_stage, win_rates
from dragon_tui.models import (
    Account,
    Activity,
    CompetitiveCell,
    Competitor,
    Contact,
    Invoice,
    NeedItem,
    Opportunity,
    Proposal,
    SpinAnswer,
)
from dragon_tui.service.records import Service
from dragon_tui.store import Store


def find_opportunity(store: Service | Store, key: str) -> Opportunity:
    """An opportunity by id, or by exact name when exactly one has it."""
    found = store.get(Opportunity, key)
    if found is not None:
        return found
    named = [o for o in store.all(Opportunity) if o.name == key]
    if len(named) == 1:
        return named[0]
    if named:
        raise NotFound(f"{len(named)} opportunities are named {key!r}; use the id")
    raise NotFound(f"no opportunity with id or name {key!r}")


def deal_records(store: Service | Store, opportunity_id: str) -> DealRecords:
    """Everything the move guide and the deal plan read for one opportunity."""
    opp = find_opportunity(store, opportunity_id)
    account = store.get(Account, opp.account_id)
    if account is None:
        raise NotFound(f"opportunity {opp.name!r}: its account {opp.account_id} is missing")
    return DealRecords(
        opportunity=opp,
        account=account,
        contacts=store.find(Contact, account_id=account.id),
        competitors=store.find(Competitor, account_id=account.id),
        activities=store.find(Activity, opportunity_id=opp.id),
        invoices=store.find(Invoice, opportunity_id=opp.id),
        spin_answers=store.find(SpinAnswer, opportunity_id=opp.id),
        need_items=store.find(NeedItem, opportunity_id=opp.id),
        proposals=store.find(Proposal, opportunity_id=opp.id),
        competitive_cells=store.find(CompetitiveCell, opportunity_id=opp.id),
    )


def receivables(store: Service | Store, as_of: date) -> ReceivablesReport:
    names = {a.id: a.name for a in store.all(Account)}
    return receivables_report(store.all(Invoice), names, as_of, store.settings())


def quarter_at_risk(store: Service | Store, today: date) -> bool:
    """This quarter's target cannot be made (its forecast is below 1): the A-card's rule "a
    quarter's target that can't be made → all effort this quarter" applies. No target (0) is
    never at risk."""
    settings = store.settings()
    if settings.sales_target <= 0:
        return False
    figures = funnel_figures(
        store.all(Opportunity),
        quarter_of(today),
        win_rates(settings),
        settings.sales_target,
        paid_stage(settings.stage_scheme),
    )
    return quarter_target_at_risk(figures.forecast)
