"""Issue 16, restore and backups: no path destroys, erases or leaks data (one test per item)."""

from __future__ import annotations

import errno
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from dragon_tui import backups as backup_command
from dragon_tui import storage
from dragon_tui.cli import main
from dragon_tui.commands.core import open_store_for_app
from dragon_tui.errors import DamagedDatabase, DatabaseError
from dragon_tui.models import Account, Activity
from dragon_tui.storage import delta_path
from dragon_tui.store import Store, check_database_file

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def sessions(path: Path, *names: str) -> None:
    """One session per name, each saving one account (so each takes one backup)."""
    for name in names:
        with Store(path) as store:
            store.save(Account(name=name))


def account_names(path: Path) -> list[str]:
    with Store(path, readonly=True) as store:
        return sorted(a.name for a in store.all(Account))


def backups(path: Path) -> list[Path]:
    return backup_command.list_backups(path)


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


def fail_with(code: int):
    def broken(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return broken


# ---------------------------------------------------------------- restore validates the backup

BAD_BACKUPS = {
    "empty": lambda good: b"",
    "truncated": lambda good: good[: len(good) // 2],
    "wrong shape": lambda good: b"[1, 2, 3]",
    "corrupt table": lambda good: good.replace(b'"name":"', b'"name":', 1),
    "record fails its model": lambda good: orjson.dumps(
        {"accounts": {"x": {"id": "x", "name": ""}}}
    ),
    "unknown table": lambda good: orjson.dumps({"strangers": {}}),
}


@pytest.mark.parametrize("case", sorted(BAD_BACKUPS))
def test_restore_refuses_a_bad_newest_backup_and_offers_the_next_good_one(tmp_path, capsys, case):
    path = tmp_path / "db.json"
    sessions(path, "一", "二", "三")
    newest, good = backups(path)[:2]
    newest.write_bytes(BAD_BACKUPS[case](newest.read_bytes()))
    before = path.read_bytes()
    assert main(["restore-backup", "--db", str(path)]) == 1
    err = one_line_error(capsys)
    assert str(newest) in err and "not restored" in err and f"--backup {good}" in err
    assert path.read_bytes() == before  # nothing installed, nothing moved aside
    assert not list(tmp_path.glob("db.json.bad-*"))
    assert main(["restore-backup", "--db", str(path), "--backup", str(good)]) == 0
    assert account_names(path) == ["一"]  # the backup taken before the second session


def test_restore_with_no_good_backup_says_so(tmp_path, capsys):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    for bad in backups(path):
        bad.write_bytes(b"{")
    assert main(["restore-backup", "--db", str(path)]) == 1
    assert "no good backup is left" in one_line_error(capsys)
    assert account_names(path) == ["一", "二"]


def test_check_database_file_validates_every_record_of_a_lazy_table(tmp_path):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Activity(account_id="a", summary="拜访", occurred_at=NOW))
    check_database_file(path)  # a good file passes
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"occurred_at":"', b'"occurred_at":"not a date', 1))
    with pytest.raises(DamagedDatabase, match="activities is invalid: occurred_at"):
        check_database_file(path)


# ---------------------------------------------------------------- restore is atomic


@pytest.mark.parametrize("kind", ["folder", "unreadable"])
def test_restore_from_an_unusable_backup_is_one_line(tmp_path, capsys, monkeypatch, kind):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    newest = backups(path)[0]
    if kind == "folder":
        newest.unlink()
        newest.mkdir()
    else:
        real = storage._map_file  # how a database file is read (mapped)

        def unreadable(where):
            if Path(where) == newest:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(where))
            return real(where)

        monkeypatch.setattr(storage, "_map_file", unreadable)
    before = path.read_bytes()
    assert main(["restore-backup", "--db", str(path)]) == 1
    err = one_line_error(capsys)
    assert str(newest) in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("write", errno.ENOSPC),  # a full disk while the temp copy is written
        ("link", errno.EACCES),  # a read-only data folder: nothing can be set aside
        ("replace", errno.EACCES),  # the final rename refused
    ],
)
def test_restore_os_failure_is_one_line_and_leaves_the_database(
    tmp_path, capsys, monkeypatch, target, code
):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    before = path.read_bytes()
    monkeypatch.setattr(os, target, fail_with(code))
    assert main(["restore-backup", "--db", str(path)]) == 1
    err = one_line_error(capsys)
    monkeypatch.undo()
    assert str(path) in err and os.strerror(code) in err
    assert "run `dragon-tui restore-backup" not in err  # the hint is for damaged files only
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("db.json.bad-*"))  # no stray set-aside links either
    assert not list(tmp_path.glob(".db.json.*.tmp"))
    assert account_names(path) == ["一", "二"]


def test_restore_gives_the_restored_file_a_new_generation_and_sets_the_delta_aside(tmp_path):
    path = tmp_path / "db.json"
    sessions(path, "一")
    store = Store(path)
    store.save(Account(name="二"))  # goes to the delta; the main file keeps its generation
    assert delta_path(path).exists()
    store._lock.release()  # a crash: the delta stays
    store._lock = None
    backup_command.restore_backup(path, backups(path)[0])
    assert not delta_path(path).exists()
    (delta_aside,) = tmp_path.glob("db.json.delta.bad-*")
    assert b"\\u4e8c" in delta_aside.read_bytes() or "二".encode() in delta_aside.read_bytes()
    assert account_names(path) == ["一"]


# ---------------------------------------------------------------- restore respects the lock


def test_restore_is_refused_while_another_process_holds_the_database(tmp_path, capsys):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    with Store(path) as app:  # the app is open
        assert not app.readonly
        before = path.read_bytes()
        assert main(["restore-backup", "--db", str(path)]) == 1
        err = one_line_error(capsys)
        assert "another dragon-tui is using this database" in err
        assert "run `dragon-tui restore-backup" not in err
        assert path.read_bytes() == before
        app.save(Account(name="三"))
    assert account_names(path) == ["一", "三", "二"]
    assert not list(tmp_path.glob("db.json.delta.stale"))


# ---------------------------------------------------------------- aside names are unique


def test_two_restores_in_the_same_instant_keep_both_set_aside_files(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    frozen = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    monkeypatch.setattr(backup_command, "datetime", Frozen)
    path.write_bytes(b"first damage")
    backup_command.restore_backup(path)
    path.write_bytes(b"second damage")
    backup_command.restore_backup(path)
    asides = sorted(p.read_bytes() for p in tmp_path.glob("db.json.bad-*"))
    assert asides == [b"first damage", b"second damage"]


# ---------------------------------------------------------------- backups are atomic and private


def test_backups_are_private_and_in_a_private_folder(tmp_path):
    path = tmp_path / "data" / "db.json"
    sessions(path, "一", "二")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    folder = path.parent / "backups"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    copies = backups(path)
    assert len(copies) == 2
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        check_database_file(copy)


def _full_disk_halfway(real):
    """`os.copy_file_range` that copies a little, then finds the disk full."""
    calls = []

    def copy(src, dst, count, *args, **kwargs):
        calls.append(count)
        if len(calls) == 1:
            return real(src, dst, min(count, 100), *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return copy


@pytest.mark.parametrize("way", ["link", "copy"])
def test_a_full_disk_during_the_backup_is_one_line_and_keeps_every_good_backup(
    tmp_path, capsys, monkeypatch, way
):
    path = tmp_path / "db.json"
    sessions(path, *"一二三四五六")
    kept = {p: p.read_bytes() for p in backups(path)}
    assert len(kept) == 5
    before = path.read_bytes()
    if way == "link":  # no room even for the folder entry of a hard link
        monkeypatch.setattr(os, "link", fail_with(errno.ENOSPC))
    else:  # no hard links here (another file system): a copy, and the disk fills up during it
        monkeypatch.setattr(os, "link", fail_with(errno.EXDEV))
        monkeypatch.setattr(os, "copy_file_range", _full_disk_halfway(os.copy_file_range))
        monkeypatch.setattr(os, "write", fail_with(errno.ENOSPC))
    csv = tmp_path / "accounts.csv"
    csv.write_text("名称\n新客户\n", encoding="utf-8")
    assert main(["import-csv", "accounts", str(csv), "--db", str(path)]) == 1
    err = one_line_error(capsys)
    monkeypatch.undo()
    assert "backup" in err and os.strerror(errno.ENOSPC) in err
    assert "run `dragon-tui restore-backup" not in err
    assert {p: p.read_bytes() for p in backups(path)} == kept  # none truncated, none pushed out
    assert not list((tmp_path / "backups").glob(".*.tmp"))
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["import-csv", "import"])
def test_a_read_only_data_folder_without_backups_is_one_line(
    tmp_path, capsys, monkeypatch, command
):
    path = tmp_path / "db.json"
    sessions(path, "一")
    bundle = tmp_path / "in.bundle"
    assert main(["export", "-o", str(bundle), "--db", str(path)]) == 0
    csv = tmp_path / "accounts.csv"
    csv.write_text("名称\n新客户\n", encoding="utf-8")
    other = tmp_path / "other" / "db.json"
    sessions(other, "别处")
    for old in backups(other):
        old.unlink()
    (other.parent / "backups").rmdir()
    before = other.read_bytes()
    capsys.readouterr()
    real_mkdir = Path.mkdir

    def read_only_mkdir(self, *args, **kwargs):
        if self.parent == other.parent:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only_mkdir)
    argv = (
        ["import-csv", "accounts", str(csv)] if command == "import-csv" else ["import", str(bundle)]
    )
    assert main([*argv, "--db", str(other)]) == 1
    err = one_line_error(capsys)
    assert "backups" in err and os.strerror(errno.EACCES) in err
    assert "run `dragon-tui restore-backup" not in err
    assert other.read_bytes() == before


# ---------------------------------------------------------------- a lazily parsed corrupt table


def _flip_a_byte_in_the_activities_line(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    start = raw.index(b'"activities":')
    brace = raw.index(b'"summary"', start)
    raw[brace] = ord("}")  # one byte: the table no longer parses
    path.write_bytes(bytes(raw))


def test_a_corrupt_unread_table_is_never_written_over_nor_backed_up(tmp_path, capsys):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(name="一"))
        store.save(Activity(account_id="a", summary="拜访", occurred_at=NOW))
    _flip_a_byte_in_the_activities_line(path)
    before = path.read_bytes()
    kept = {p: p.read_bytes() for p in backups(path)}
    csv = tmp_path / "accounts.csv"
    csv.write_text("名称\n新客户\n", encoding="utf-8")
    for _session in range(6):
        assert main(["import-csv", "accounts", str(csv), "--db", str(path)]) == 1
        err = one_line_error(capsys)
        assert "'activities' is corrupt" in err and str(path) in err
        assert "restore-backup" in err  # the file itself is bad: the hint belongs here
    assert path.read_bytes() == before
    assert {p: p.read_bytes() for p in backups(path)} == kept  # no backup of the corruption


def test_a_store_refuses_to_save_into_a_file_with_a_corrupt_unread_table(tmp_path):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Activity(account_id="a", summary="拜访", occurred_at=NOW))
    _flip_a_byte_in_the_activities_line(path)
    before = path.read_bytes()
    store = Store(path, backups=0)  # opening is lazy and still works
    with pytest.raises(DamagedDatabase, match="activities"):
        store.save(Account(name="新"))
    store.close()
    assert path.read_bytes() == before
    assert not delta_path(path).exists()


# ---------------------------------------------------------------- demo data only on a first run


def test_demo_data_only_on_a_true_first_run(tmp_path):
    path = tmp_path / "fresh" / "db.json"
    store, first_run = open_store_for_app(path)
    with store:
        assert first_run and store.all(Account)


@pytest.mark.parametrize("trace", ["backup", "set-aside", "delta"])
def test_a_missing_database_with_a_history_is_never_replaced_by_demo_data(tmp_path, trace):
    path = tmp_path / "db.json"
    sessions(path, "真实客户", "第二次")
    if trace == "set-aside":
        for old in backups(path):
            old.unlink()
        path.replace(path.with_name("db.json.bad-20261125T000000Z"))
    elif trace == "delta":
        for old in backups(path):
            old.unlink()
        delta_path(path).write_bytes(path.read_bytes())
        path.unlink()
    else:
        path.unlink()
    with pytest.raises(DatabaseError, match="restore-backup"):
        open_store_for_app(path)
    assert not path.exists()


def test_after_a_lost_database_restore_brings_the_data_back(tmp_path, capsys):
    path = tmp_path / "db.json"
    sessions(path, "真实客户", "第二次")
    path.unlink()
    assert main(["--db", str(path)]) == 1  # the app refuses, no demo data
    assert "restore-backup" in one_line_error(capsys)
    assert main(["restore-backup", "--db", str(path)]) == 0
    assert account_names(path) == ["真实客户"]


# ---------------------------------------------------------------- the hint is for bad files only


def test_the_restore_hint_is_only_for_a_damaged_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    csv = tmp_path / "accounts.csv"
    csv.write_text("名称\n新客户\n", encoding="utf-8")
    with Store(path):  # locked by another instance
        assert main(["import-csv", "accounts", str(csv), "--db", str(path)]) == 1
        assert "restore-backup" not in one_line_error(capsys)
    monkeypatch.setattr(os, "replace", fail_with(errno.ENOSPC))  # the save fails
    assert main(["import-csv", "accounts", str(csv), "--db", str(path)]) == 1
    assert "restore-backup" not in one_line_error(capsys)
    monkeypatch.undo()
    path.write_bytes(path.read_bytes()[:50])
    assert main(["stats", "--db", str(path)]) == 1
    assert "run `dragon-tui restore-backup" in one_line_error(capsys)


# ---------------------------------------------------------------- exports


@pytest.mark.parametrize("command", ["export", "export-csv"])
def test_export_to_a_full_disk_or_under_a_file_is_one_line(tmp_path, capsys, monkeypatch, command):
    path = tmp_path / "db.json"
    sessions(path, "一")
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("x")
    argv = ["export", "-o"] if command == "export" else ["export-csv", "accounts", "-o"]
    for output, broken in ((in_the_way / "out", None), (tmp_path / "out", "write")):
        if broken:
            monkeypatch.setattr(os, broken, fail_with(errno.ENOSPC))
        assert main([*argv, str(output), "--db", str(path)]) == 1
        monkeypatch.undo()
        err = one_line_error(capsys)
        assert str(output) in err and "cannot write" in err
        if command == "export-csv":
            reason = f"{in_the_way} is a file, not a folder" if broken is None else "No space left"
            assert reason in err and "nothing was written" in err
        assert not output.exists()


def test_emit_used_by_text_exports_fails_in_one_line(tmp_path, monkeypatch):
    from dragon_tui.commands.core import emit
    from dragon_tui.errors import WriteFailed

    monkeypatch.setattr(os, "write", fail_with(errno.ENOSPC))
    with pytest.raises(WriteFailed, match="No space left"):
        emit("方案", tmp_path / "proposal.md")
    assert not (tmp_path / "proposal.md").exists()


def test_a_full_disk_when_folding_in_a_leftover_delta_is_one_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "db.json"
    sessions(path, "一")
    store = Store(path)
    store.save(Account(name="二"))  # in the delta
    store._lock.release()  # a crash: the delta stays
    store._lock = None
    before = path.read_bytes(), delta_path(path).read_bytes()
    real = os.replace

    def full_for_the_database(source, target, *args, **kwargs):
        if Path(target) == path:  # the new main file cannot be put in place
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_for_the_database)
    assert main(["stats", "--db", str(path)]) == 0  # reading needs no space
    capsys.readouterr()
    csv = tmp_path / "accounts.csv"
    csv.write_text("名称\n新客户\n", encoding="utf-8")
    assert main(["import-csv", "accounts", str(csv), "--db", str(path)]) == 1
    err = one_line_error(capsys)
    assert str(path) in err and os.strerror(errno.ENOSPC) in err
    assert "run `dragon-tui restore-backup" not in err
    monkeypatch.undo()
    assert (path.read_bytes(), delta_path(path).read_bytes()) == before
    assert account_names(path) == ["一", "二"]  # the delta's change is still there


def test_the_backup_after_a_crash_holds_the_changes_left_in_the_delta(tmp_path):
    path = tmp_path / "db.json"
    sessions(path, "一")
    store = Store(path)
    store.save(Account(name="二"))  # only in the delta
    store._lock.release()  # a crash
    store._lock = None
    with Store(path):  # the next session folds the delta in, backing up first
        pass
    newest = backups(path)[0]
    check_database_file(newest)
    assert account_names(newest) == ["一", "二"]


# ---------------------------------------------------------------- a backup on standard input


def feed_stdin(monkeypatch, data: bytes) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_restore_reads_a_backup_from_stdin(tmp_path, capsys, monkeypatch):
    path = tmp_path / "db.json"
    sessions(path, "一", "二", "三")
    good = backups(path)[1]
    feed_stdin(monkeypatch, good.read_bytes())
    assert main(["restore-backup", "--db", str(path), "--backup", "-"]) == 0
    assert "from <stdin>" in capsys.readouterr().out
    assert account_names(path) == ["一"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert list(tmp_path.glob("db.json.bad-*"))  # the replaced file is kept aside, as always


@pytest.mark.parametrize("case", sorted(BAD_BACKUPS))
def test_a_bad_backup_on_stdin_is_one_line_naming_stdin(tmp_path, capsys, monkeypatch, case):
    path = tmp_path / "db.json"
    sessions(path, "一", "二")
    before = path.read_bytes()
    feed_stdin(monkeypatch, BAD_BACKUPS[case](backups(path)[0].read_bytes()))
    assert main(["restore-backup", "--db", str(path), "--backup", "-"]) == 1
    err = one_line_error(capsys)
    assert "not restored: <stdin>: " in err and "stdin.json" not in err
    assert path.read_bytes() == before
