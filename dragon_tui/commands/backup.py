"""`dragon-tui restore-backup`: put the latest backup back, keeping the bad file aside."""

from __future__ import annotations

import argparse
import shutil
from datetime import UTC, datetime
from pathlib import Path

from dragon_tui.commands.core import db_path
from dragon_tui.errors import DatabaseError
from dragon_tui.locations import backups_dir
from dragon_tui.storage import FILE_MODE, delta_path


def latest_backup(path: Path) -> Path | None:
    folder = backups_dir(path)
    if not folder.is_dir():
        return None
    found = sorted(folder.glob(f"{path.stem}.*{path.suffix}"), reverse=True)
    return found[0] if found else None


def restore_latest_backup(path: Path) -> tuple[Path, Path | None]:
    """Copy the newest backup over `path`; the current file (and its delta) are renamed aside,
    never deleted. Returns (backup used, where the old file went)."""
    backup = latest_backup(path)
    if backup is None:
        raise DatabaseError(f"{path}: no backup found in {backups_dir(path)}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = None
    if path.exists():
        aside = path.with_name(f"{path.name}.bad-{stamp}")
        path.replace(aside)
    delta = delta_path(path)
    if delta.exists():
        delta.replace(delta.with_name(f"{delta.name}.bad-{stamp}"))
    tmp = path.with_name(f".{path.name}.restore.tmp")
    shutil.copyfile(backup, tmp)
    tmp.chmod(FILE_MODE)
    tmp.replace(path)
    return backup, aside


def run_restore(args: argparse.Namespace) -> int:
    path = db_path(args)
    backup, aside = restore_latest_backup(path)
    moved = f"; the previous file is kept as {aside}" if aside else ""
    print(f"restored {path} from {backup}{moved}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    cmd = subparsers.add_parser(
        "restore-backup", help="replace a damaged database with its latest backup"
    )
    add_db_option(cmd)
    cmd.set_defaults(run=run_restore)
