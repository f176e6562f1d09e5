"""`dragon-tui proposal OPPORTUNITY_ID`: the proposal as plain text or Markdown."""

from __future__ import annotations

import argparse
from datetime import date

from dragon_tui.commands.core import emit, open_store
from dragon_tui.service.deals import render_proposal


def run_proposal(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        lang = args.lang or store.settings().language.value
        text = render_proposal(store, args.opportunity, args.format, lang, date.today())
    emit(text, args.output)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    cmd = subparsers.add_parser(
        "proposal", help="export an opportunity's latest proposal as text or Markdown"
    )
    cmd.add_argument("opportunity", metavar="OPPORTUNITY_ID")
    cmd.add_argument("--format", choices=["text", "md"], default="text")
    cmd.add_argument("--lang", choices=["zh", "en"])
    cmd.add_argument("-o", "--output", help="write to this file instead of standard output")
    add_db_option(cmd)
    cmd.set_defaults(run=run_proposal)
