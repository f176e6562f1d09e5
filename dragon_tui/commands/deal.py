"""`dragon-tui deal OPPORTUNITY_ID` (the deal plan) and `dragon-tui receivables` (open invoices
with the receivables matrix's action)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from dragon_tui.commands.core import emit, open_store
from dragon_tui.errors import DragonError
from dragon_tui.export.deal import deal_markdown, deal_text
from dragon_tui.export.receivables import receivables_text
from dragon_tui.service.deal import deal_records, receivables


def run_deal(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        settings = store.settings()
        records = deal_records(store, args.opportunity)
    lang = args.lang or settings.language.value
    render = deal_markdown if args.format == "md" else deal_text
    emit(render(records, settings.stage_scheme, lang), args.output)
    return 0


def _as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DragonError(f"--as-of {text!r} is not a date (YYYY-MM-DD)") from None


def run_receivables(args: argparse.Namespace) -> int:
    as_of = _as_of(args.as_of)
    with open_store(args, readonly=True) as store:
        lang = args.lang or store.settings().language.value
        report = receivables(store, as_of)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(receivables_text(report, lang), end="")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    deal = subparsers.add_parser(
        "deal",
        help="the deal plan: current move, steps, exit marker, negotiation, invoices",
        epilog="examples:\n  dragon-tui deal 3f2a… --format md -o plan.md\n"
        "  dragon-tui list opportunities --filter bjxd   (to find the id)\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    deal.add_argument(
        "opportunity", metavar="OPPORTUNITY_ID", help="opportunity id (or exact name)"
    )
    deal.add_argument(
        "--format", choices=["text", "md"], default="text", help="plain text or Markdown"
    )
    deal.add_argument("--lang", choices=["zh", "en"], help="label language")
    deal.add_argument("-o", "--output", help="write to this file (- or none: standard output)")
    add_db_option(deal)
    deal.set_defaults(run=run_deal)

    rec = subparsers.add_parser(
        "receivables",
        help="open invoices with days overdue and the receivables matrix action",
        epilog="examples:\n  dragon-tui receivables\n  dragon-tui receivables --as-of 2026-12-31 --json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rec.add_argument("--as-of", help="the day to count overdue days to (default: today)")
    rec.add_argument("--json", action="store_true", help="print JSON")
    rec.add_argument("--lang", choices=["zh", "en"], help="label language")
    add_db_option(rec)
    rec.set_defaults(run=run_receivables)
