"""`agenda`, `contacts` and `list`: the follow-ups and people for the phone, ids for scripts."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime

from dragon_tui.commands import add_db_option
from dragon_tui.commands.core import emit, emit_bytes, open_store
from dragon_tui.errors import DragonError
from dragon_tui.export.agenda import agenda_ics, agenda_items, agenda_json, agenda_text
from dragon_tui.export.vcard import contacts_vcf
from dragon_tui.models import Contact
from dragon_tui.service.listing import list_accounts, list_opportunities
from dragon_tui.text import printable

AGENDA_EXAMPLES = """examples:
  dragon-tui agenda                          the next 7 days, overdue follow-ups first
  dragon-tui agenda --days 30 --format ics -o 日程.ics     import into the phone's calendar
  dragon-tui agenda --json | jq '.items[].title'
"""
CONTACTS_EXAMPLES = """examples:
  dragon-tui contacts 北京现代 --format vcf -o 北京现代.vcf
  dragon-tui contacts 3f2a… --format vcf --redact -o -     (no phone, email or address)
"""
LIST_EXAMPLES = """examples:
  dragon-tui list accounts --filter "bjxd"           pinyin initials work
  dragon-tui list accounts --filter "industry:制造 tier:A" --json
  dragon-tui list opportunities --filter 北京 --json
"""


def run_agenda(args: argparse.Namespace) -> int:
    if not 0 <= args.days <= 3660:
        raise DragonError(f"--days must be between 0 and 3660, not {args.days}")
    fmt = "json" if args.json else args.format
    today = date.today()
    with open_store(args, readonly=True) as store:
        lang = args.lang or store.settings().language.value
        items = agenda_items(store, today, args.days)
    if fmt == "ics":
        emit_bytes(agenda_ics(items, lang, datetime.now(UTC)), args.output)
    elif fmt == "json":
        emit(agenda_json(items, today, args.days), args.output)
    else:
        emit(agenda_text(items, lang), args.output)
    return 0


def run_contacts(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        account = store.find_account(args.account)
        people = store.find(Contact, account_id=account.id)
    emit(contacts_vcf(account, people, redact=args.redact), args.output)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        lister = list_accounts if args.kind == "accounts" else list_opportunities
        rows = lister(store, args.filter or "")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        extra = row.get("account") if args.kind == "opportunities" else row.get("industry")
        cells = (row["id"], row["name"], extra or "")
        print("\t".join(printable(str(v), single_line=True) for v in cells))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    agenda = subparsers.add_parser(
        "agenda",
        help="open follow-ups and planned visits, as text, JSON or a phone calendar (.ics)",
        description="Every open follow-up (overdue ones included, shown today) and the planned "
        "visits of the next N days. The .ics has one event each with a stable UID: importing "
        "it again updates the phone's events instead of duplicating them.",
        epilog=AGENDA_EXAMPLES,
        formatter_class=formatter,
    )
    agenda.add_argument("--days", type=int, default=7, help="how many days ahead (7)")
    agenda.add_argument(
        "--format", choices=["text", "json", "ics"], default="text", help="output format (text)"
    )
    agenda.add_argument("--json", action="store_true", help="same as --format json")
    agenda.add_argument("--lang", choices=["zh", "en"], help="labels (default: the app's)")
    agenda.add_argument("-o", "--output", help="write to this file (- or none: stdout)")
    add_db_option(agenda)
    agenda.set_defaults(run=run_agenda)

    contacts = subparsers.add_parser(
        "contacts",
        help="an account's people as vCards (.vcf) for the phone's address book",
        epilog=CONTACTS_EXAMPLES,
        formatter_class=formatter,
    )
    contacts.add_argument("account", metavar="ACCOUNT", help="account id, name or name prefix")
    contacts.add_argument("--format", choices=["vcf"], default="vcf", help="output format (vcf)")
    contacts.add_argument(
        "--redact", action="store_true", help="leave personal fields out (phone, email, address)"
    )
    contacts.add_argument("-o", "--output", help="write to this file (- or none: stdout)")
    add_db_option(contacts)
    contacts.set_defaults(run=run_contacts)

    lister = subparsers.add_parser(
        "list",
        help="accounts or opportunities with their ids (for scripts)",
        description="One line per record: id, name and a field to tell them apart (tab "
        "separated), or JSON with --json. --filter takes what the account list's search takes: "
        "text, pinyin and key:value tokens.",
        epilog=LIST_EXAMPLES,
        formatter_class=formatter,
    )
    lister.add_argument("kind", choices=["accounts", "opportunities"], help="what to list")
    lister.add_argument("--filter", metavar="TOKENS", help="search text and key:value tokens")
    lister.add_argument("--json", action="store_true", help="print JSON (money as strings)")
    add_db_option(lister)
    lister.set_defaults(run=run_list)
