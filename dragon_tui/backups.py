"""Backups of the database: list them, find a good one, restore one (checked, atomic, locked).

At every instant a valid database exists at the database path: the backup is checked exactly as
an open checks a file (and every record), written to a temp file beside the database, fsync'd and
`os.replace`d over it. The current file and its delta are first hard-linked to unique `.bad-…`
names (so they are kept, never deleted, and the database path is never empty). The restored file
gets a new generation token, so a leftover delta of the old file is never applied to it. The
restore takes the database's lock: it is refused while the app (or another command) has it open.
"""

from __future__ import annotations

import errno
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import filelock

from dragon_tui.errors import DatabaseError
from dragon_tui.locations import backups_dir, lock_path
from dragon_tui.storage import (
    FILE_MODE,
    FOLDER_MODE,
    STORAGE_DOC,
    STORAGE_TABLE,
    delta_path,
    load_database_file,
    write_atomic,
)
from dragon_tui.store import check_database_file


def list_backups(path: Path) -> list[Path]:
    """Backups of the database at `path`, newest first."""
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{path.stem}.*{path.suffix}"), reverse=True)


def latest_backup(path: Path) -> Path | None:
    found = list_backups(path)
    return found[0] if found else None


def good_backup(path: Path, *, after: Path | None = None) -> Path | None:
    """The newest backup that passes `check_database_file` (older than `after` if given)."""
    for backup in list_backups(path):
        if after is not None and backup.name >= after.name:
            continue
        try:
            check_database_file(backup)
        except DatabaseError:
            continue
        return backup
    return None


def _set_aside(source: Path, stamp: str) -> Path | None:
    """Hard-link `source` to a unique `<name>.bad-<stamp>[-n]` (the original stays in place)."""
    for n in range(1000):
        aside = source.with_name(f"{source.name}.bad-{stamp}" + (f"-{n}" if n else ""))
        try:
            os.link(source, aside)
        except FileExistsError:
            continue
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
                raise
            if aside.exists():  # no hard links on this file system: a copy does as well
                continue
            write_atomic(aside, source.read_bytes())
        return aside
    raise FileExistsError(f"{source}: too many set-aside copies")


def _restored_bytes(backup: Path) -> bytes:
    """The backup's content under a new generation token (so no old delta matches it)."""
    tables = load_database_file(backup)
    assert tables is not None  # checked just before
    meta = dict(tables[STORAGE_TABLE]) if STORAGE_TABLE in tables else {}
    meta[STORAGE_DOC] = {"token": uuid.uuid4().hex}
    tables[STORAGE_TABLE] = meta
    return tables.dump()


def restore_backup(path: Path, backup: Path | None = None) -> tuple[Path, Path | None]:
    """Install `backup` (default: the newest backup) at `path` after checking it; the current
    file and its delta are kept under `.bad-…` names. Returns (backup used, where the old file
    was kept). Raises DatabaseError, one line, and leaves everything as it was on any failure."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if backup is None:
        backup = latest_backup(path)
        if backup is None:
            raise DatabaseError(f"{path}: no backup found in {backups_dir(path)}")
    backup = Path(backup)
    try:
        check_database_file(backup)
    except DatabaseError as err:
        following = good_backup(path, after=backup)
        offer = (
            f"; the next good backup is {following}: run "
            f"`dragon-tui restore-backup --db {path} --backup {following}`"
            if following is not None
            else "; no good backup is left"
        )
        raise DatabaseError(f"not restored: {err}{offer}") from None
    lock = filelock.FileLock(str(lock_path(path)), timeout=0, mode=FILE_MODE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        lock.acquire()
    except filelock.Timeout:
        raise DatabaseError(
            f"{path}: another dragon-tui is using this database; close it, then restore"
        ) from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot lock the database ({exc.strerror})") from None
    try:
        return _install(path, backup)
    finally:
        lock.release()


def _install(path: Path, backup: Path) -> tuple[Path, Path | None]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    delta = delta_path(path)
    kept: list[Path] = []
    try:
        data = _restored_bytes(backup)
        aside = _set_aside(path, stamp)
        kept += [aside] if aside else []
        delta_aside = _set_aside(delta, stamp)
        kept += [delta_aside] if delta_aside else []
        write_atomic(path, data)  # the one step that changes the database: temp, fsync, replace
    except OSError as exc:
        for extra in kept:  # nothing changed: drop the extra links again
            extra.unlink(missing_ok=True)
        raise DatabaseError(
            f"{path}: cannot restore {backup.name} ({exc.strerror or exc}); "
            "the database is as it was"
        ) from None
    delta.unlink(missing_ok=True)  # kept aside; it belonged to the old file (and cannot match)
    return backup, aside


def restore_latest_backup(path: Path) -> tuple[Path, Path | None]:
    """Restore the newest backup (checked first); see `restore_backup`."""
    return restore_backup(path)
