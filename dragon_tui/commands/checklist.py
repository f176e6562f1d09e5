"""`dragon-tui checklist ACCOUNT`: generate a pre-visit checklist as text or Markdown."""

from __future__ import annotations

import argparse

from dragon_tui.commands.core import emit, open_store
from dragon_tui.export.checklist import checklist_markdown, checklist_text
from dragon_tui.method.checklist import VisitContext, new_checklist
from dragon_tui.service.accounts import find_account
from dragon_tui.service.records import Service
from dragon_tui.service.visits import visit_context


def render(store: Service, ctx: VisitContext, fmt: str) -> str:
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
    from dragon_tui.commands import add_db_option

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
