"""An opportunity's records: what its proposal is pre-filled from, and an account's deals."""

from __future__ import annotations

from datetime import date

from dragon_tui.errors import NotFound
from dragon_tui.export.proposal import proposal_markdown, proposal_text
from dragon_tui.method.proposal import ProposalSources, latest, new_proposal
from dragon_tui.models import Account, Contact, NeedItem, Opportunity, Proposal, SpinAnswer
from dragon_tui.models.enums import OpportunityStatus
from dragon_tui.service.records import Service
from dragon_tui.store import Store


def proposal_sources(
    source: Service | Store, opportunity: Opportunity, lang: str
) -> ProposalSources:
    account = source.require(Account, opportunity.account_id)
    return ProposalSources(
        account=account,
        opportunity=opportunity,
        contacts=source.find(Contact, account_id=account.id),
        answers=source.find(SpinAnswer, opportunity_id=opportunity.id),
        needs=source.find(NeedItem, opportunity_id=opportunity.id),
        lang=lang,
    )


def opportunities_of(source: Service | Store, account_id: str) -> list[Opportunity]:
    """An account's live opportunities: open ones first, then the most recently updated."""
    found = source.find(Opportunity, account_id=account_id)
    found.sort(key=lambda o: o.updated_at, reverse=True)
    found.sort(key=lambda o: o.status is not OpportunityStatus.OPEN)
    return found


def render_proposal(
    source: Service | Store, opportunity_id: str, fmt: str, lang: str, today: date
) -> str:
    """The latest proposal of an opportunity (or a fresh pre-filled one) as text or Markdown."""
    opportunity = source.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise NotFound(
            f"no opportunity with id {opportunity_id!r} (see the dossier's 360° view for ids)"
        )
    src = proposal_sources(source, opportunity, lang)
    proposal = latest(source.find(Proposal, opportunity_id=opportunity.id)) or new_proposal(
        src, today
    )
    names = {c.id: c.name for c in src.contacts}
    if fmt == "md":
        return proposal_markdown(proposal, src.account, opportunity, names, lang)
    return proposal_text(proposal, src.account, opportunity, names, lang)
