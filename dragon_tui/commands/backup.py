"""`dragon-tui restore-backup`: put a good backup back, keeping the current file aside (see
`dragon_tui/backups.py` for how a restore stays atomic and checked)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dragon_tui.backups import latest_backup, list_backups, restore_backup, restore_latest_backup
from dragon_tui.commands.core import db_path

__all__ = ["latest_backup", "list_backups", "restore_backup", "restore_latest_backup"]


def run_restore(args: argparse.Namespace) -> int:
    path = db_path(args)
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
        "--backup", type=Path, metavar="FILE", help="restore this backup instead of the newest"
    )
    add_db_option(cmd)
    cmd.set_defaults(run=run_restore)
