"""Bad database files: one clear line naming the file, exit 1, and the file left untouched."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from dragon_tui import storage
from dragon_tui.cli import main
from dragon_tui.errors import DatabaseError
from dragon_tui.models import Account
from dragon_tui.store import SCHEMA_VERSION, Store

BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n",
    "truncated": b'{"_meta": {"meta": {"schema_version": 1}}, "accounts": {"a": {"na',
    "garbage": bytes(range(256)) * 4,
    "wrong_shape_list": b"[1, 2, 3]",
    "wrong_shape_table": b'{"accounts": [1, 2]}',
    "unknown_table": b'{"_meta": {"meta": {"schema_version": 1}}, "bananas": {}}',
    "newer_schema": orjson.dumps({"_meta": {"meta": {"schema_version": SCHEMA_VERSION + 1}}}),
}
EXPECTED = {
    "empty": "empty",
    "whitespace": "empty",
    "truncated": "corrupt",
    "garbage": "corrupt",
    "wrong_shape_list": "wrong JSON shape",
    "wrong_shape_table": "wrong JSON shape",
    "unknown_table": "unknown tables",
    "newer_schema": "newer dragon-tui",
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", [[], ["stats"], ["doctor"], ["demo", "--accounts", "1"]])
def test_bad_file_gives_one_line_and_is_untouched(
    tmp_path: Path, capsys, monkeypatch, case, command
):
    path = tmp_path / "dragon.json"
    path.write_bytes(BAD_FILES[case])
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    if not command:
        monkeypatch.setattr(
            "dragon_tui.screens.app.run_app", lambda *a, **k: pytest.fail("app must not open")
        )
    code = main([*command, "--db", str(path)] if command else ["--db", str(path)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1, err
    assert str(path) in err and EXPECTED[case] in err
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert not list(tmp_path.glob(".dragon.json.*.tmp"))


def test_store_refuses_bad_file_without_writing(tmp_path: Path):
    path = tmp_path / "db.json"
    path.write_bytes(b"{not json")
    with pytest.raises(DatabaseError, match="corrupt"):
        Store(path)
    assert path.read_bytes() == b"{not json"


def test_a_folder_is_not_a_database(tmp_path: Path, capsys):
    assert main(["stats", "--db", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_unreadable_file(tmp_path: Path, monkeypatch, capsys):
    path = tmp_path / "db.json"
    with Store(path) as store:
        store.save(Account(name="甲"))
    real = storage._map_file  # how the database file is read (mapped)

    def denied(where):
        if Path(where) == path:
            raise PermissionError(13, "Permission denied")
        return real(where)

    monkeypatch.setattr(storage, "_map_file", denied)
    assert main(["stats", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "permission denied" in err and str(path) in err


def test_schema_zero_is_migrated_with_a_backup(tmp_path: Path):
    path = tmp_path / "db.json"
    account = Account(name="旧").model_dump(mode="json")
    path.write_bytes(orjson.dumps({"accounts": {account["id"]: account}}))
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get(Account, account["id"]).name == "旧"
        assert len(store.list_backups()) == 1


def test_doctor_names_each_invalid_record(tmp_path: Path, capsys):
    path = tmp_path / "db.json"
    with Store(path) as store:
        good = store.save(Account(name="甲"))
    data = orjson.loads(path.read_bytes())
    data["accounts"][good.id]["staff_count"] = -5
    bad = dict(data["accounts"][good.id], id="bad-2", name="")
    data["accounts"]["bad-2"] = bad
    path.write_bytes(orjson.dumps(data))
    assert main(["doctor", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"accounts/{good.id}: staff_count" in out
    assert "accounts/bad-2: name" in out


def test_a_file_that_cannot_be_mapped_is_read_whole(tmp_path: Path, monkeypatch):
    path = tmp_path / "db.json"
    with Store(path) as store:
        account = store.save(Account(name="甲"))

    def refused(*args, **kwargs):
        raise OSError(19, "No such device")  # what mmap says on a file system without it

    monkeypatch.setattr(storage.mmap, "mmap", refused)
    with Store(path, readonly=True) as store:
        assert store.get(Account, account.id).name == "甲"
