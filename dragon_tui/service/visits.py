"""A visit's context: everything the pre-visit checklist reads, gathered for one account."""

from __future__ import annotations

from datetime import date

from dragon_tui.errors import NotFound
from dragon_tui.method.checklist import VisitContext
from dragon_tui.models import (
    Account,
    Competitor,
    Contact,
    Objection,
    Opportunity,
    Proposal,
    SpinAnswer,
    SpinQuestion,
)
from dragon_tui.service.records import Service
from dragon_tui.store import Store


def visit_context(
    source: Service | Store,
    account: Account,
    opportunity_id: str | None,
    lang: str,
    meeting_ids: list[str] | None = None,
    visit_on: date | None = None,
) -> VisitContext:
    """The account's people, rivals, the opportunity (which must be this account's), its
    proposals and answers, the question and objection banks."""
    contacts = source.find(Contact, account_id=account.id)
    opportunity = None
    if opportunity_id:
        opportunity = source.get(Opportunity, opportunity_id)
        if opportunity is None or opportunity.account_id != account.id:
            raise NotFound(f"no opportunity {opportunity_id!r} at {account.name}")
    wanted = set(meeting_ids or (opportunity.contact_ids if opportunity else []))
    return VisitContext(
        account=account,
        contacts=contacts,
        competitors=source.find(Competitor, account_id=account.id),
        opportunity=opportunity,
        meeting=[c for c in contacts if c.id in wanted],
        proposals=source.find(Proposal, opportunity_id=opportunity.id) if opportunity else [],
        bank=source.all(SpinQuestion),
        answers=source.find(SpinAnswer, opportunity_id=opportunity.id) if opportunity else [],
        objections=source.all(Objection),
        visit_on=visit_on,
        lang=lang,
    )
