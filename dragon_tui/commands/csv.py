"""`import-csv` and `export-csv`: spreadsheets (CSV or .xlsx) in and out."""

from __future__ import annotations

import argparse
import json
import sys

from dragon_tui.commands.core import emit_bytes, open_store
from dragon_tui.errors import DatabaseError
from dragon_tui.export.csv_io import ALIASES, read_csv, rejection
from dragon_tui.export.table_export import EXPORT_FIELDS, export_csv, export_xlsx

IMPORT_EXAMPLES = """examples:
  dragon-tui import-csv accounts 客户.csv              GBK, UTF-8 or UTF-16; , ; or tab
  dragon-tui import-csv contacts people.xlsx --sheet 联系人
  dragon-tui import-csv opportunities deals.csv --dry-run --json
  cat accounts.csv | dragon-tui import-csv accounts -
"""
EXPORT_EXAMPLES = """examples:
  dragon-tui export-csv accounts -o 客户.xlsx --lang zh
  dragon-tui export-csv opportunities -o deals.csv
  dragon-tui export-csv contacts -o - | head
"""


def run_import(args: argparse.Namespace) -> int:
    """Validate the whole file, list every bad row on stderr, then write all of it or nothing."""
    with open_store(args, readonly=args.dry_run) as store:
        if store.readonly and not args.dry_run:
            raise DatabaseError(f"{store.path}: {store.readonly_reason}")
        result = read_csv(store, args.kind, args.file, sheet=args.sheet)
        for line in [*result.warnings, *result.errors]:
            print(line, file=sys.stderr)
        if result.errors and not args.valid_only:
            raise rejection(result)
        if not args.dry_run and result.records:
            store.save_many(result.records)
    if args.json:
        print(json.dumps({**result.as_dict(), "dry_run": args.dry_run}, ensure_ascii=False))
        return 0
    verb = "would write" if args.dry_run else "wrote"
    print(f"{result.summary()}; {verb} {len(result.records)} records")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        lang = args.lang or store.settings().language.value
        as_xlsx = str(args.output).lower().endswith(".xlsx")
        if as_xlsx:
            data = export_xlsx(store, args.kind, lang)
        else:
            text = export_csv(store, args.kind, lang)
            # A BOM so Excel reads the file as UTF-8 (the importer accepts both).
            data = ("\ufeff" + text).encode("utf-8")
    emit_bytes(data, args.output)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    imp = subparsers.add_parser(
        "import-csv",
        help="import accounts, contacts or opportunities from CSV or .xlsx (updates by id)",
        description="Read a spreadsheet saved by Excel or WPS (CSV in UTF-8, GBK or UTF-16, or "
        ".xlsx). Every row is checked before anything is written. A row whose id (accounts: "
        "exact name) matches a record updates it; unknown columns are ignored with a warning.",
        epilog=IMPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("kind", choices=list(ALIASES), help="what the rows are")
    imp.add_argument("file", help="the .csv or .xlsx file; - reads standard input")
    imp.add_argument("--sheet", help="the .xlsx sheet to read (default: the first)")
    imp.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    imp.add_argument(
        "--valid-only", action="store_true", help="import the valid rows even if some are invalid"
    )
    imp.add_argument(
        "--json", action="store_true", help="print the summary (added/updated/…) as JSON"
    )
    add_db_option(imp)
    imp.set_defaults(run=run_import)

    exp = subparsers.add_parser(
        "export-csv",
        help="export accounts, contacts or opportunities to CSV or .xlsx (Excel-ready)",
        description="Write a spreadsheet with an id column, so importing it back updates the "
        "records instead of adding them again. The output file's extension picks the format.",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("kind", choices=list(EXPORT_FIELDS), help="what to export")
    exp.add_argument(
        "-o", "--output", required=True, help="a .csv or .xlsx file; - writes CSV to stdout"
    )
    exp.add_argument(
        "--lang", choices=["zh", "en"], help="headers and labels (default: the app's language)"
    )
    add_db_option(exp)
    exp.set_defaults(run=run_export)
