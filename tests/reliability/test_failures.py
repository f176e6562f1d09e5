"""Disk full and permission denied during a save; restoring the latest backup; the delta journal."""

from __future__ import annotations

import errno
import os

import orjson
import pytest

from dragon_tui.cli import main
from dragon_tui.commands.backup import restore_latest_backup
from dragon_tui.errors import DatabaseError
from dragon_tui.models import Account
from dragon_tui.storage import AtomicJSONStorage, delta_path
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


def _crash(store: Store) -> None:
    """Leave the files as a killed process would: no close, the journal stays."""
    store._storage._close_journal()
    store._lock.release()


def test_a_save_appends_one_line_to_the_journal(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    store.save(Account(id="a", name="一"))
    before = delta_path(path).read_bytes()
    store.save(Account(id="b", name="二"))
    after = delta_path(path).read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1
    _crash(store)
    with Store(path, readonly=True) as reader:
        assert {a.id for a in reader.all(Account)} == {"a", "b"}


def test_torn_last_journal_line_is_ignored_and_a_bad_middle_line_is_corruption(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    store.save(Account(id="a", name="一"))
    store.save(Account(id="b", name="二"))
    _crash(store)
    journal = delta_path(path)
    good = journal.read_bytes()
    journal.write_bytes(good + good.splitlines(keepends=True)[-1][:30])  # a write cut short
    with Store(path, readonly=True) as reader:
        assert {a.id for a in reader.all(Account)} == {"a", "b"}
    lines = good.splitlines(keepends=True)
    damaged = lines[1].replace("一".encode(), "三".encode())  # its checksum no longer matches
    journal.write_bytes(b"".join([lines[0], damaged, *lines[2:]]))
    with pytest.raises(DatabaseError, match="change journal is corrupt"):
        Store(path, readonly=True)


def test_crash_between_a_background_fold_and_the_journal_rebase(tmp_path, monkeypatch):
    """The new main file is in place but the journal still belongs to the previous one: opening
    applies only the entries after the point the fold covered."""
    path = tmp_path / "db.json"
    store = Store(path)
    store.save(Account(id="a", name="一"))
    store.save(Account(id="b", name="二"))
    monkeypatch.setattr(AtomicJSONStorage, "_rebase_journal", lambda self, offset: None)
    storage = store._storage
    storage.start_fold()
    storage._fold.thread.join()
    store.save(Account(id="c", name="三"))  # appended after the point the fold covered
    store.delete(Account, "a")
    assert b'"from":' in path.read_bytes()  # the fold replaced the main file
    _crash(store)
    monkeypatch.undo()
    with Store(path, readonly=True) as reader:
        assert {a.id for a in reader.all(Account)} == {"b", "c"}
        assert reader.get(Account, "a", include_deleted=True).deleted
    with Store(path) as reopened:
        assert {a.id for a in reopened.all(Account)} == {"b", "c"}
    assert not delta_path(path).exists()


def test_background_fold_rebases_the_journal_and_saves_go_on(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    storage = store._storage
    storage.journal_limit = 2_000
    compactions = storage.compactions  # creating the file wrote it whole
    saved = [store.save(Account(name=f"客户{i}", notes="备注" * 40)).id for i in range(40)]
    store.save(Account(id="last", name="最后"))
    while storage._fold is not None:  # let the last fold finish
        storage._fold.thread.join()
        storage._maybe_fold()
    assert storage.folds >= 1 and storage.compactions == compactions  # no save waited for one
    main_token = orjson.loads(path.read_bytes())["_meta"]["storage"]["token"]
    header = orjson.loads(delta_path(path).read_bytes().split(b"\n")[0])
    assert header["base"] == main_token  # the journal now belongs to the folded main file
    _crash(store)
    with Store(path, readonly=True) as reader:
        assert {a.id for a in reader.all(Account)} == {*saved, "last"}


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
    end = raw.index(b"\n", start)
    end -= raw[end - 1 : end] == b","  # the table's JSON, not the comma that ends its line
    path.write_bytes(raw[:start] + b"{garbage}" + raw[end:])
    assert main(["doctor", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "table 'accounts' is corrupt" in captured.out + captured.err


def test_a_delta_in_the_former_one_object_format_is_still_applied(tmp_path):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(id="a", name="一"))
    token = orjson.loads(path.read_bytes())["_meta"]["storage"]["token"]
    later = Account(id="b", name="二").model_dump(mode="json")
    delta_path(path).write_bytes(
        orjson.dumps({"base": token, "tables": {"accounts": {"b": later, "a": None}}})
    )
    with Store(path) as reopened:
        assert {a.id for a in reopened.all(Account)} == {"b"}
    assert not delta_path(path).exists()
