"""`import-csv` and `export-csv`: plain tables in and out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dragon_tui.commands.core import open_store
from dragon_tui.errors import DatabaseError
from dragon_tui.export.csv_io import export_csv, read_csv, rejection
from dragon_tui.storage import write_atomic


def run_import(args: argparse.Namespace) -> int:
    """Validate the whole file, list every bad row on stderr, then write all of it or nothing."""
    with open_store(args, readonly=args.dry_run) as store:
        if store.readonly and not args.dry_run:
            raise DatabaseError(f"{store.path}: {store.readonly_reason}")
        result = read_csv(store, args.kind, args.file)
        for error in result.errors:
            print(error, file=sys.stderr)
        if result.errors and not args.valid_only:
            raise rejection(result)
        if not args.dry_run and result.records:
            store.save_many(result.records)
    verb = "would import" if args.dry_run else "imported"
    print(f"{result.summary()}; {verb} {len(result.records)} records")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        text = export_csv(store, args.kind)
    # A BOM so Excel reads the file as UTF-8 (the importer accepts both).
    write_atomic(Path(args.output), ("\ufeff" + text).encode("utf-8"))
    print(f"wrote {max(text.count(chr(10)) - 1, 0)} {args.kind} to {args.output}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    imp = subparsers.add_parser(
        "import-csv", help="import accounts, contacts or opportunities from CSV"
    )
    imp.add_argument("kind", choices=["accounts", "contacts", "opportunities"])
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    imp.add_argument(
        "--valid-only", action="store_true", help="import the valid rows even if some are invalid"
    )
    add_db_option(imp)
    imp.set_defaults(run=run_import)

    exp = subparsers.add_parser(
        "export-csv", help="export accounts or contacts to CSV (Excel-ready)"
    )
    exp.add_argument("kind", choices=["accounts", "contacts"])
    exp.add_argument("-o", "--output", required=True, type=Path)
    add_db_option(exp)
    exp.set_defaults(run=run_export)
