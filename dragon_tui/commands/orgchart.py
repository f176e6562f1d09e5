"""`dragon-tui orgchart ACCOUNT`: the role grid and coverage warnings as text or Markdown."""

from __future__ import annotations

import argparse
from datetime import date

from dragon_tui.commands.core import open_store
from dragon_tui.export.orgchart import orgchart_markdown, orgchart_text
from dragon_tui.method.coverage import coverage_warnings
from dragon_tui.method.followups import last_contacted
from dragon_tui.models import Activity, Contact
from dragon_tui.service.accounts import find_account


def run_orgchart(args: argparse.Namespace) -> int:
    today = date.today()
    with open_store(args, readonly=True) as store:
        account = find_account(store, args.account)
        contacts = store.find(Contact, account_id=account.id)
        lang = args.lang or store.settings().language.value
        seen = last_contacted(store.find(Activity, account_id=account.id))
        warnings = coverage_warnings(contacts, today, store.settings().stale_contact_days, seen)
    render = orgchart_markdown if args.format == "md" else orgchart_text
    print(render(account, contacts, warnings, lang, today), end="")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    org = subparsers.add_parser("orgchart", help="the org-chart role grid and coverage warnings")
    org.add_argument("account", help="account id, name or unique name prefix")
    org.add_argument("--format", choices=["text", "md"], default="text")
    org.add_argument("--lang", choices=["zh", "en"])
    add_db_option(org)
    org.set_defaults(run=run_orgchart)
