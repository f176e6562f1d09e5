"""`dragon-tui proposal OPPORTUNITY_ID`: the proposal as plain text or Markdown."""

from __future__ import annotations

import argparse
from datetime import date

from dragon_tui.commands.core import emit, open_store
from dragon_tui.errors import NotFound
from dragon_tui.export.proposal import proposal_markdown, proposal_text
from dragon_tui.method.proposal import ProposalSources, latest, new_proposal
from dragon_tui.models import Account, Contact, NeedItem, Opportunity, Proposal, SpinAnswer
from dragon_tui.store import Store


def sources(store: Store, opportunity: Opportunity, lang: str) -> ProposalSources:
    account = store.require(Account, opportunity.account_id)
    return ProposalSources(
        account=account,
        opportunity=opportunity,
        contacts=store.find(Contact, account_id=account.id),
        answers=store.find(SpinAnswer, opportunity_id=opportunity.id),
        needs=store.find(NeedItem, opportunity_id=opportunity.id),
        lang=lang,
    )


def render_proposal(store: Store, opportunity_id: str, fmt: str, lang: str, today: date) -> str:
    opportunity = store.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise NotFound(
            f"no opportunity with id {opportunity_id!r} (see the dossier's 360° view for ids)"
        )
    src = sources(store, opportunity, lang)
    proposal = latest(store.find(Proposal, opportunity_id=opportunity.id)) or new_proposal(
        src, today
    )
    names = {c.id: c.name for c in src.contacts}
    if fmt == "md":
        return proposal_markdown(proposal, src.account, opportunity, names, lang)
    return proposal_text(proposal, src.account, opportunity, names, lang)


def run_proposal(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        lang = args.lang or store.settings().language.value
        text = render_proposal(store, args.opportunity, args.format, lang, date.today())
    emit(text, args.output)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.cli import add_db_option

    cmd = subparsers.add_parser(
        "proposal", help="export an opportunity's latest proposal as text or Markdown"
    )
    cmd.add_argument("opportunity", metavar="OPPORTUNITY_ID")
    cmd.add_argument("--format", choices=["text", "md"], default="text")
    cmd.add_argument("--lang", choices=["zh", "en"])
    cmd.add_argument("-o", "--output", help="write to this file instead of standard output")
    add_db_option(cmd)
    cmd.set_defaults(run=run_proposal)
