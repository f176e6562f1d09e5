"""`dragon-tui export` and `dragon-tui import`: bundles that move data between laptops."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from dragon_tui.commands.core import open_store
from dragon_tui.errors import BundleError, DatabaseError
from dragon_tui.sync.files import needs_passphrase, read_bundle

PASSPHRASE_ENV = "DRAGON_TUI_PASSPHRASE"


def passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    if args.passphrase_file:
        try:
            return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise BundleError(
                f"{args.passphrase_file}: cannot read the passphrase ({exc.strerror})"
            ) from None
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise BundleError(f"a passphrase is needed: use --passphrase-file or ${PASSPHRASE_ENV}")
    first = getpass.getpass("passphrase: ")
    if confirm and getpass.getpass("again: ") != first:
        raise BundleError("the two passphrases differ")
    return first


def _progress(done: int, total: int) -> None:
    print(f"\r  {done}/{total} records", end="", file=sys.stderr, flush=True)


def run_export(args: argparse.Namespace) -> int:
    secret = passphrase(args, confirm=True) if args.encrypt else None
    with open_store(args, readonly=not args.since_last) as store:
        bundle, size = store.export_to_file(
            Path(args.output),
            account_id=args.account,
            peer=args.since_last,
            redact=args.redact,
            passphrase=secret,
        )
    extras = [x for x, on in (("redacted", args.redact), ("encrypted", args.encrypt)) if on]
    note = f" ({', '.join(extras)})" if extras else ""
    print(f"exported {len(bundle.records)} records to {args.output}{note}, {size:,} bytes")
    return 0


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    secret = passphrase(args, confirm=False) if needs_passphrase(path) else None
    bundle = read_bundle(path, secret)
    with open_store(args, readonly=args.dry_run) as store:
        if store.readonly and not args.dry_run:
            raise DatabaseError(f"{store.path}: {store.readonly_reason}")
        plan = store.preview_import(
            bundle, path, _progress if len(bundle.records) > 20_000 else None
        )
        if not args.dry_run:
            plan = store.apply_import(plan)
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {path} from {bundle.device}: {plan.summary()}")
    if args.dry_run and args.verbose:
        from dragon_tui.service.exchange import describe

        for label, records in (
            ("added", plan.added),
            ("updated", plan.updated),
            ("deleted", plan.deleted),
            ("conflict", plan.conflicts),
        ):
            for record in records:
                print(f"  {label:8} {describe(record)}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    exp = subparsers.add_parser("export", help="export a sync bundle for another laptop")
    exp.add_argument("-o", "--output", required=True, help="the bundle file to write")
    exp.add_argument("--account", metavar="ID", help="only this account and what hangs from it")
    exp.add_argument(
        "--since-last", metavar="PEER", help="only what changed since the last bundle sent to PEER"
    )
    exp.add_argument(
        "--redact", action="store_true", help="leave out contacts' personal information"
    )
    exp.add_argument("--encrypt", action="store_true", help="protect the file with a passphrase")
    exp.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase from FILE (or ${PASSPHRASE_ENV})",
    )
    add_db_option(exp)
    exp.set_defaults(run=run_export)

    imp = subparsers.add_parser("import", help="merge a sync bundle from another laptop")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument(
        "-v", "--verbose", action="store_true", help="with --dry-run, list the records"
    )
    imp.add_argument("--passphrase-file", metavar="FILE")
    add_db_option(imp)
    imp.set_defaults(run=run_import)
