"""`dragon-tui export` and `dragon-tui import`: bundles that move data between laptops."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from dragon_tui.commands.core import open_store
from dragon_tui.errors import BundleError, DatabaseError
from dragon_tui.sync.files import STDIN_NAME, is_stdio, read_bundle

PASSPHRASE_ENV = "DRAGON_TUI_PASSPHRASE"


def _decoded(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise BundleError(f"{where}: the passphrase is not UTF-8 text") from None


def passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    if args.passphrase_file and is_stdio(args.passphrase_file):
        if is_stdio(getattr(args, "file", "")):
            raise BundleError("standard input cannot carry both the bundle and the passphrase")
        return _decoded(sys.stdin.buffer.readline(), str(STDIN_NAME))
    if args.passphrase_file:
        try:
            raw = Path(args.passphrase_file).read_bytes()
        except OSError as exc:
            raise BundleError(
                f"{args.passphrase_file}: cannot read the passphrase ({exc.strerror})"
            ) from None
        return _decoded(raw, args.passphrase_file)
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
    where = "standard output" if is_stdio(args.output) else args.output
    # With `-o -` the bundle is on standard output: the summary goes to stderr.
    print(
        f"exported {len(bundle.records)} records to {where}{note}, {size:,} bytes",
        file=sys.stderr if is_stdio(args.output) else sys.stdout,
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    path = STDIN_NAME if is_stdio(args.file) else Path(args.file)
    # Read once (standard input cannot be read twice); ask for the passphrase only if needed.
    bundle = read_bundle(args.file, ask=lambda: passphrase(args, confirm=False))
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
    exp.add_argument(
        "-o", "--output", required=True, help="the bundle file to write; - writes to stdout"
    )
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
        help=f"read the passphrase from FILE (- : the first line of stdin; or ${PASSPHRASE_ENV})",
    )
    add_db_option(exp)
    exp.set_defaults(run=run_export)

    imp = subparsers.add_parser("import", help="merge a sync bundle from another laptop")
    imp.add_argument("file", help="the bundle file another laptop exported; - reads stdin")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument(
        "-v", "--verbose", action="store_true", help="with --dry-run, list the records"
    )
    imp.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase of an encrypted bundle from FILE (- : stdin; or ${PASSPHRASE_ENV})",
    )
    add_db_option(imp)
    imp.set_defaults(run=run_import)
