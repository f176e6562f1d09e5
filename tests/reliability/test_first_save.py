"""Issue 18, the first save of a session: cheap, and as safe as before.

The check before the first write (every table) runs in the background from the open and hashes
the tables the file recorded digests for; the backup is a hard link (a copy where links are
refused). These tests hold that the safety is unchanged: the backup holds the session's starting
data at every instant after the first save, and a table is accepted unparsed only when its bytes
are exactly what was written.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui import storage as storage_module
from dragon_tui.errors import DamagedDatabase, DatabaseError
from dragon_tui.models import Account, Activity
from dragon_tui.store import Store, check_database_file

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _names(path: Path) -> set[str]:
    with Store(path, readonly=True) as store:
        return {a.name for a in store.all(Account)}


def _summaries(path: Path) -> set[str]:
    with Store(path, readonly=True) as store:
        return {a.summary for a in store.all(Activity)}


def _database(path: Path) -> None:
    with Store(path) as store:
        store.save(Account(name="一"))
        for n in range(5):
            store.save(Activity(account_id="a", summary=f"拜访{n}", occurred_at=NOW))


def _table_line(raw: bytes, name: str) -> tuple[int, int]:
    """Where the JSON of table `name` starts and ends in the file (one table per line, each
    line but the last ending in a comma)."""
    start = raw.index(b'"' + name.encode() + b'":') + len(name) + 3
    end = raw.index(b"\n", start)
    return start, end - 1 if raw[end - 1 : end] == b"," else end


def _refuse(*args, **kwargs):
    raise OSError(errno.EPERM, os.strerror(errno.EPERM))


@pytest.mark.parametrize("links", [True, False])
def test_the_backup_holds_the_data_the_session_started_with(tmp_path, monkeypatch, links):
    path = tmp_path / "db.json"
    _database(path)
    if not links:
        monkeypatch.setattr(os, "link", _refuse)  # a file system without hard links
    store = Store(path)
    earlier = store.list_backups()
    store.save(Account(name="二"))  # the first write of the session takes the backup
    backup, *rest = store.list_backups()
    assert rest == earlier
    check_database_file(backup)  # complete the moment the save returned
    assert _names(backup) == {"一"}
    for n in range(3):
        store.save(Account(name=f"三{n}"))
    store.close()  # the main file is replaced: the backup must not follow it
    assert _names(path) == {"一", "二", "三0", "三1", "三2"}
    check_database_file(backup)
    assert _names(backup) == {"一"}
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    assert os.stat(backup).st_ino != os.stat(path).st_ino
    assert not list(backup.parent.glob(".*.tmp"))


def test_unread_tables_are_checked_by_their_digest_and_an_edited_one_is_parsed(
    tmp_path, monkeypatch
):
    path = tmp_path / "db.json"
    _database(path)
    parsed: list[str] = []
    real = storage_module._parse_table

    def counting(name, blob, where, *, keep):
        parsed.append(name)
        return real(name, blob, where, keep=keep)

    monkeypatch.setattr(storage_module, "_parse_table", counting)
    with Store(path) as store:
        store.save(Account(name="二"))
        assert "activities" not in parsed  # its bytes hash to what the file recorded
    # A hand edit that keeps the JSON valid: the digest no longer matches, so it is parsed
    # (and accepted, as before digests existed).
    raw = path.read_bytes()
    path.write_bytes(raw.replace("拜访3".encode(), "拜见3".encode()))
    parsed.clear()
    with Store(path) as store:
        store.save(Account(name="三"))
        assert "activities" in parsed
    assert _summaries(path) == {"拜访0", "拜访1", "拜访2", "拜见3", "拜访4"}


def test_closing_a_store_stops_its_background_check(tmp_path):
    path = tmp_path / "db.json"
    _database(path)
    for _ in range(3):
        Store(path).close()
    assert not [t for t in threading.enumerate() if t.name == "dragon-prepare"]


_BASE: dict[str, bytes] = {}


def _base_file() -> bytes:
    if "raw" not in _BASE:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "db.json"
            _database(path)
            _BASE["raw"] = path.read_bytes()
    return _BASE["raw"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_changed_byte_in_an_unread_table_is_never_written_from(data):
    """Whatever single byte of the activities table changes, the first save either refuses the
    file (untouched) or the table still parses to a table of documents."""
    raw = _base_file()
    start, end = _table_line(raw, "activities")
    at = data.draw(st.integers(start, end - 1), label="at")
    new = data.draw(st.integers(0, 255).filter(lambda b: b != raw[at]), label="byte")
    changed = raw[:at] + bytes([new]) + raw[at + 1 :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.json"
        path.write_bytes(changed)
        try:
            store = Store(path, backups=0)
        except DatabaseError:
            assert path.read_bytes() == changed
            return
        try:
            store.save(Account(name="新"))
        except DamagedDatabase:
            assert path.read_bytes() == changed
            return
        finally:
            store.close()
        table = orjson.loads(changed[start:end])
        assert isinstance(table, dict) and all(isinstance(d, dict) for d in table.values())
