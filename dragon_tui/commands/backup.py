"""`dragon-tui restore-backup`: put a good backup back, keeping the current file aside (see
`dragon_tui/backups.py` for how a restore stays atomic and checked)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from dragon_tui.backups import latest_backup, list_backups, restore_backup, restore_latest_backup
from dragon_tui.commands.core import db_path
from dragon_tui.errors import DatabaseError
from dragon_tui.storage import write_atomic

STDIN_NAME = "<stdin>"
MAX_STDIN_BYTES = 2 * 1024 * 1024 * 1024

__all__ = ["latest_backup", "list_backups", "restore_backup", "restore_latest_backup"]


def _restore_from_stdin(path: Path) -> tuple[str, Path | None]:
    """`--backup -`: the backup comes on standard input; it is checked like any backup, from a
    private copy (0600 in a 0700 folder) that is removed afterwards."""
    raw = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(raw) > MAX_STDIN_BYTES:
        raise DatabaseError(f"{STDIN_NAME}: too large for a dragon-tui database")
    with tempfile.TemporaryDirectory(prefix="dragon-tui-restore-") as folder:
        copy = Path(folder) / "stdin.json"
        write_atomic(copy, raw)
        try:
            _, aside = restore_backup(path, copy)
        except DatabaseError as err:  # name what the user gave, not the private copy
            raise DatabaseError(str(err).replace(str(copy), STDIN_NAME)) from None
    return STDIN_NAME, aside


def run_restore(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.backup is not None and str(args.backup) == "-":
        backup, aside = _restore_from_stdin(path)
    else:
        backup, aside = restore_backup(path, args.backup)
    moved = f"; the previous file is kept as {aside}" if aside else ""
    print(f"restored {path} from {backup}{moved}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    cmd = subparsers.add_parser(
        "restore-backup",
        help="replace a damaged database with its latest good backup (checked first)",
    )
    cmd.add_argument(
        "--backup",
        type=Path,
        metavar="FILE",
        help="restore this backup instead of the newest (- reads it from stdin)",
    )
    add_db_option(cmd)
    cmd.set_defaults(run=run_restore)
