"""`dragon-tui checklist ACCOUNT`: generate a pre-visit checklist as text or Markdown."""

from __future__ import annotations

import argparse
from datetime import date

from dragon_tui.commands.core import emit, open_store
from dragon_tui.commands.orgchart import find_account
from dragon_tui.errors import NotFound
from dragon_tui.export.checklist import checklist_markdown, checklist_text
from dragon_tui.method.checklist import VisitContext, new_checklist
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
from dragon_tui.store import Store


def visit_context(
    store: Store,
    account: Account,
    opportunity_id: str | None,
    lang: str,
    meeting_ids: list[str] | None = None,
    visit_on: date | None = None,
) -> VisitContext:
    contacts = store.find(Contact, account_id=account.id)
    opportunity = None
    if opportunity_id:
        opportunity = store.get(Opportunity, opportunity_id)
        if opportunity is None or opportunity.account_id != account.id:
            raise NotFound(f"no opportunity {opportunity_id!r} at {account.name}")
    wanted = set(meeting_ids or (opportunity.contact_ids if opportunity else []))
    return VisitContext(
        account=account,
        contacts=contacts,
        competitors=store.find(Competitor, account_id=account.id),
        opportunity=opportunity,
        meeting=[c for c in contacts if c.id in wanted],
        proposals=store.find(Proposal, opportunity_id=opportunity.id) if opportunity else [],
        bank=store.all(SpinQuestion),
        answers=store.find(SpinAnswer, opportunity_id=opportunity.id) if opportunity else [],
        objections=store.all(Objection),
        visit_on=visit_on,
        lang=lang,
    )


def render(store: Store, ctx: VisitContext, fmt: str) -> str:
    checklist = new_checklist(ctx)
    render_fn = checklist_markdown if fmt == "md" else checklist_text
    return render_fn(checklist, ctx.account, ctx.opportunity, ctx.meeting, ctx.lang)


def run_checklist(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        account = find_account(store, args.account)
        lang = args.lang or store.settings().language.value
        text = render(store, visit_context(store, account, args.opportunity, lang), args.format)
    emit(text, args.output)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.cli import add_db_option

    cmd = subparsers.add_parser(
        "checklist", help="a pre-visit checklist generated from the dossier's gaps"
    )
    cmd.add_argument("account", help="account id, name or unique name prefix")
    cmd.add_argument("--opportunity", metavar="ID")
    cmd.add_argument("--format", choices=["text", "md"], default="text")
    cmd.add_argument("--lang", choices=["zh", "en"])
    cmd.add_argument("-o", "--output")
    add_db_option(cmd)
    cmd.set_defaults(run=run_checklist)
