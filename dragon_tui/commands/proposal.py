"""`dragon-tui proposal OPPORTUNITY_ID`: the proposal as plain text or Markdown."""

from __future__ import annotations

import argparse
from datetime import date

from dragon_tui.commands.core import emit, emit_bytes, open_store
from dragon_tui.errors import DragonError
from dragon_tui.service.deals import render_proposal, render_proposal_docx

EXAMPLES = """examples:
  dragon-tui proposal 3f2a… --format md
  dragon-tui proposal 3f2a… --format docx -o 方案.docx
  dragon-tui list opportunities --filter 北京      (to find the id)
"""


def run_proposal(args: argparse.Namespace) -> int:
    if args.format == "docx" and not args.output:
        raise DragonError("--format docx writes a file: give -o FILE.docx (or -o - for stdout)")
    with open_store(args, readonly=True) as store:
        settings = store.settings()
        lang = args.lang or settings.language.value
        if args.format == "docx":
            data = render_proposal_docx(
                store, args.opportunity, lang, date.today(), settings.owner_name
            )
        else:
            text = render_proposal(store, args.opportunity, args.format, lang, date.today())
    if args.format == "docx":
        emit_bytes(data, args.output)
    else:
        emit(text, args.output)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    cmd = subparsers.add_parser(
        "proposal",
        help="export an opportunity's latest proposal as text, Markdown or Word (.docx)",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("opportunity", metavar="OPPORTUNITY_ID", help="the opportunity's id")
    cmd.add_argument(
        "--format", choices=["text", "md", "docx"], default="text", help="output format (text)"
    )
    cmd.add_argument("--lang", choices=["zh", "en"], help="labels (default: the app's language)")
    cmd.add_argument(
        "-o", "--output", help="write to this file instead of standard output (- = stdout)"
    )
    add_db_option(cmd)
    cmd.set_defaults(run=run_proposal)
