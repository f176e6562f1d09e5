"""SIGKILL `restore-backup` and the backup copy at random points: a valid database always exists.

A forked child restores backups (or opens, saves and closes, each session taking a backup) in a
loop and is killed many times: at a random moment, or a random instant after a copy has started.
The backup is a hard link where the file system allows one (`backup`), a copy where it does not
(`backup-copy`: the child's `os.link` refuses). After every kill the database at the path passes
the full check a restore applies to a backup (every table, every record), holds one of the
states it could hold, and every backup file left is complete.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import time
from pathlib import Path

from dragon_tui import backups as backup_command
from dragon_tui import store as store_module
from dragon_tui.backups import list_backups, restore_backup
from dragon_tui.models import Account
from dragon_tui.store import Store, check_database_file

KILLS = {"restore": 30, "backup": 30, "backup-copy": 20}
PRELOAD = 1500  # enough data that a copy takes long enough to be interrupted


def _names(path: Path) -> frozenset[str]:
    with Store(path, readonly=True) as store:
        return frozenset(a.name for a in store.all(Account))


def _restore_forever(path: Path, ack_fd: int) -> None:
    choices = list_backups(path)[:2]
    i = 0
    while True:
        restore_backup(path, choices[i % 2])
        os.write(ack_fd, b"r\n")
        i += 1


def _sessions_forever(path: Path, ack_fd: int) -> None:
    i = 0
    while True:
        i += 1
        with Store(path, device_id="child") as store:  # each session copies a backup first
            saved = store.save(Account(name=f"s{i}"))
        os.write(ack_fd, (saved.name + "\n").encode())


def _announce_copies(mode: str, notify_fd: int) -> None:
    """In the child: say on `notify_fd` each time a copy (restore or backup) starts."""
    module = backup_command if mode == "restore" else store_module
    names = ["write_atomic"] if mode == "restore" else ["write_atomic", "snapshot_file"]
    for name in names:
        real = getattr(module, name)

        def announced(*args, _real=real, **kwargs):
            os.write(notify_fd, b"c")
            return _real(*args, **kwargs)

        setattr(module, name, announced)
    if mode == "backup-copy":

        def no_links(*args, **kwargs):
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        os.link = no_links


def _run_and_kill(path: Path, mode: str, rng: random.Random) -> set[str]:
    """Half the rounds kill at a random moment, half just after a copy has started."""
    read_fd, write_fd = os.pipe()
    notify_read, notify_write = os.pipe()
    at_copy = rng.random() < 0.5
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_fd)
        os.close(notify_read)
        try:
            _announce_copies(mode, notify_write)
            (_restore_forever if mode == "restore" else _sessions_forever)(path, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    os.close(notify_write)
    if at_copy:
        os.read(notify_read, 1)  # wait until a copy starts, then kill inside it
        time.sleep(rng.uniform(0, 0.004))
    else:
        time.sleep(rng.uniform(0.002, 0.15))
    os.kill(pid, signal.SIGKILL)
    os.close(notify_read)
    os.waitpid(pid, 0)
    acked = b""
    while chunk := os.read(read_fd, 65536):
        acked += chunk
    os.close(read_fd)
    return {line for line in acked.decode().split("\n")[:-1] if line}


def _preload(path: Path) -> list[frozenset[str]]:
    """A database with three sessions of history; returns the states of its two newest backups."""
    with Store(path) as store:
        store.put([Account(name=f"pre{i}", notes="旧数据" * 40) for i in range(PRELOAD)])
    for extra in ("第二", "第三"):
        with Store(path) as store:
            store.save(Account(name=extra))
    return [_names(b) for b in list_backups(path)[:2]]


def _torn(folder: Path) -> bool:
    """A kill landed mid-copy: a temp file of the copy was left behind (for the backup copy,
    in backups/; for a restore, beside the database)."""
    return any(folder.glob(".*.tmp"))


def test_sigkill_during_restore_and_backup_always_leaves_a_valid_database(tmp_path: Path):
    torn = dict.fromkeys(KILLS, 0)
    for mode, kills in KILLS.items():
        rng = random.Random(f"kill-{mode}")
        folder = tmp_path / mode
        path = folder / "db.json"
        backup_states = _preload(path)
        states = {_names(path), *backup_states}
        acknowledged: set[str] = set()
        for round_ in range(kills):
            acknowledged |= _run_and_kill(path, mode, rng)
            torn[mode] += _torn(folder if mode == "restore" else folder / "backups")
            check_database_file(path)  # a valid database exists after every kill
            for backup in list_backups(path):
                check_database_file(backup)  # and no backup is truncated
            with Store(path) as store:  # it opens, and the app would show it
                assert store.problems() == []
                names = frozenset(a.name for a in store.all(Account))
            if mode == "restore":
                assert names in states, f"restore round {round_}: an unexpected state"
            else:
                lost = acknowledged - names
                assert not lost, f"backup round {round_}: acknowledged saves lost: {lost}"
    # The test only means something if kills interrupted the copies themselves.
    assert torn["restore"] > 0 and torn["backup-copy"] > 0, torn
