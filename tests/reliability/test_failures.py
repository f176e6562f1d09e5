"""Disk full and permission denied during a save; restoring the latest backup; the delta journal."""

from __future__ import annotations

import errno
import os

import pytest

from dragon_tui.cli import main
from dragon_tui.commands.backup import restore_latest_backup
from dragon_tui.errors import DatabaseError
from dragon_tui.models import Account
from dragon_tui.storage import delta_path
from dragon_tui.store import Store


def files(path):
    delta = delta_path(path)
    return path.read_bytes(), delta.read_bytes() if delta.exists() else None


@pytest.mark.parametrize(
    ("call", "code", "how"),
    [
        ("write", errno.ENOSPC, "journal append"),
        ("fsync", errno.EIO, "journal append"),
        ("write", errno.ENOSPC, "main file rewrite"),
        ("replace", errno.EACCES, "main file rewrite"),
        ("fsync", errno.EIO, "main file rewrite"),
    ],
)
def test_failed_save_is_clear_keeps_data_and_the_store_goes_on(
    tmp_path, monkeypatch, call, code, how
):
    path = tmp_path / "db.json"
    store = Store(path)
    kept = store.save(Account(name="已保存"))
    if how == "main file rewrite":
        store._storage.journal_limit = 10  # every save is too big for the journal
    before = files(path)
    real = getattr(os, call)

    def broken(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, broken)
    with pytest.raises(DatabaseError) as err:
        store.save(Account(name="写不进去"))
    assert str(path) in str(err.value) and os.strerror(code) in str(err.value)
    monkeypatch.setattr(os, call, real)
    assert files(path) == before  # the previous data is intact on disk
    assert [a.name for a in store.all(Account)] == [
        "已保存"
    ]  # and in memory: no half-applied change
    store.save(Account(name="之后"))  # the store keeps working
    store.close()
    with Store(path) as again:
        assert sorted(a.name for a in again.all(Account)) == ["之后", "已保存"]
        assert again.get(Account, kept.id) is not None


def test_saves_go_to_the_delta_and_close_folds_them_in(tmp_path):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(name="一"))
        main_before = path.read_bytes()
        store.save(Account(name="二"))
        assert path.read_bytes() == main_before  # one small atomic write, not the whole file
        assert delta_path(path).exists()
        with Store(path, readonly=True) as reader:  # another reader sees the saved data
            assert len(reader.all(Account)) == 2
    assert not delta_path(path).exists()
    assert b"\\u4e8c" in path.read_bytes() or "二".encode() in path.read_bytes()


def test_leftover_delta_after_a_crash_is_applied_and_folded(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    store.save(Account(id="a", name="一"))
    store.save(Account(id="b", name="二"))
    store._lock.release()  # simulate a crash: no close, the delta stays
    with Store(path) as reopened:
        assert {a.id for a in reopened.all(Account)} == {"a", "b"}
        assert not delta_path(path).exists()


def test_stale_delta_is_never_applied(tmp_path):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(id="a", name="一"))
    old_main = path.read_bytes()
    store = Store(path)
    store.save(Account(id="b", name="二"))
    store._lock.release()
    path.write_bytes(old_main.replace(b'"token":"', b'"token":"x'))  # a different generation
    with Store(path) as reopened:
        assert {a.id for a in reopened.all(Account)} == {"a"}
    assert list(tmp_path.glob("db.json.delta.stale"))


def test_corrupt_delta_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(name="一"))
    delta_path(path).write_bytes(b"{broken")
    assert main(["stats", "--db", str(path)]) == 1
    assert "change journal is corrupt" in capsys.readouterr().err


def test_damaged_file_offers_the_backup_and_restore_keeps_the_bad_file(tmp_path, capsys):
    path = tmp_path / "db.json"
    for name in ("一", "二"):
        with Store(path) as store:
            store.save(Account(name=name))
    path.write_bytes(path.read_bytes()[:100])
    assert main(["stats", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "corrupt" in err and "restore-backup" in err and len(err.strip().splitlines()) == 1
    damaged = path.read_bytes()
    assert main(["restore-backup", "--db", str(path)]) == 0
    (aside,) = tmp_path.glob("db.json.bad-*")
    assert aside.read_bytes() == damaged
    with Store(path) as store:
        assert [a.name for a in store.all(Account)] == ["一"]


def test_restore_without_backup_is_an_error(tmp_path):
    with pytest.raises(DatabaseError, match="no backup"):
        restore_latest_backup(tmp_path / "none.json")


def test_lazy_table_corruption_is_reported_by_doctor(tmp_path, capsys):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(name="一"))
    raw = path.read_bytes()
    start = raw.index(b'"accounts":') + len(b'"accounts":')
    path.write_bytes(raw[:start] + b"{garbage}" + raw[raw.index(b"\n", start) :])
    assert main(["doctor", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "table 'accounts' is corrupt" in captured.out + captured.err
