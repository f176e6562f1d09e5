"""A large table's fields read by a child process: the same answer as reading them here, used
only for the very bytes this process holds; any failure leaves the reading to this process."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from dragon_tui import doc_lines, doc_scan
from dragon_tui.doc_lines import LineTable
from dragon_tui.doc_scan import field_values_elsewhere
from dragon_tui.models import Activity, Contact
from dragon_tui.store import Store, read_fields

WHEN = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
def activities_db(db_path):
    with Store(db_path) as store:
        store.put(
            [
                Activity(
                    id=f"act-{n}",
                    account_id=f"a-{n % 7}",
                    opportunity_id=None if n % 3 else f"o-{n % 5}",
                    occurred_at=WHEN,
                    summary='拜访 "\\u006b" \x1b[31m' if n % 11 == 0 else f"拜访{n}",
                )
                for n in range(400)  # the line layout
            ]
        )
    return db_path


@pytest.fixture
def every_table_elsewhere(monkeypatch):
    monkeypatch.setattr(doc_scan, "ELSEWHERE_MIN_BYTES", 0)


def _not_here(monkeypatch):
    """Reading the table in this process fails the test: the answer must come from the child."""

    def refused(*args, **kwargs):
        pytest.fail("read in this process")

    monkeypatch.setattr(LineTable, "field_values", refused)
    monkeypatch.setattr(doc_lines, "index_lines", refused)


def test_a_child_reads_the_fields_and_places_this_process_would(
    activities_db, monkeypatch, every_table_elsewhere
):
    fields = ["account_id", "opportunity_id"]
    with Store(activities_db, readonly=True) as store:
        expected = store.raw(Activity.table).frozen().field_values(fields)
        _, places = store.raw(Activity.table).frozen().index()
    with Store(activities_db) as store:
        docs = store.raw(Activity.table)
        _not_here(monkeypatch)
        assert read_fields(Activity, docs, fields, elsewhere=True) == expected
        assert docs.index()[1] == places  # taken from the child, not worked out here


def test_a_find_in_the_ui_or_the_cli_reads_here(activities_db, monkeypatch, every_table_elsewhere):
    """A child costs more time from start to end: only a worker beside the UI asks for one."""
    with Store(activities_db) as store:
        monkeypatch.setattr(doc_scan.subprocess, "Popen", lambda *a, **k: pytest.fail("spawned"))
        found = store.find(Activity, account_id="a-3")
        assert sorted(a.id for a in found) == sorted(f"act-{n}" for n in range(400) if n % 7 == 3)


def test_the_warm_up_lookups_come_from_the_child(activities_db, monkeypatch, every_table_elsewhere):
    with Store(activities_db) as store:
        _not_here(monkeypatch)
        store.prepare_lookups(Activity, ("account_id",))
        assert store.lookups_ready(Activity, ("account_id",))
        assert len(store.find(Activity, account_id="a-0")) == len(range(0, 400, 7))


def test_bytes_other_than_those_held_here_are_not_used(activities_db, every_table_elsewhere):
    """The file replaced since it was read here (a save from another program, a restore): the
    child read other bytes, and says so by their digest."""
    with Store(activities_db, readonly=True) as store:
        docs = store.raw(Activity.table)
        with Store(activities_db.with_name("other.json")) as other:
            other.put([Activity(id=f"y{n}", account_id="b", occurred_at=WHEN) for n in range(300)])
        os.replace(activities_db.with_name("other.json"), activities_db)
        assert field_values_elsewhere(docs, ["account_id"]) is None
        assert docs.field_values(["account_id"])[0]["act-1"] == "a-1"  # still read here


def test_a_child_that_fails_or_is_not_worth_it_leaves_the_reading_here(
    activities_db, monkeypatch, tmp_path
):
    with Store(activities_db, readonly=True) as store:
        docs = store.raw(Activity.table)
        assert field_values_elsewhere(docs, ["account_id"]) is None  # too small for a process
        monkeypatch.setattr(doc_scan, "ELSEWHERE_MIN_BYTES", 0)
        # no such file for the child to read
        gone = LineTable.read(docs.name, docs.blob, tmp_path / "gone.json")
        assert field_values_elsewhere(gone, ["account_id"]) is None
        # a child that does not answer in time is stopped
        monkeypatch.setattr(doc_scan, "TIMEOUT", 0.001)
        assert field_values_elsewhere(docs, ["account_id"]) is None
        monkeypatch.setattr(doc_scan, "TIMEOUT", 60.0)
        # no interpreter to start, or none known (an embedding program)
        monkeypatch.setattr(doc_scan.sys, "executable", str(tmp_path / "no-python"))
        assert field_values_elsewhere(docs, ["account_id"]) is None
        monkeypatch.setattr(doc_scan.sys, "executable", None)
        assert field_values_elsewhere(docs, ["account_id"]) is None


def test_a_table_changed_here_is_read_here(activities_db, monkeypatch, every_table_elsewhere):
    with Store(activities_db) as store:
        store.save(Activity(id="act-new", account_id="a-1", occurred_at=WHEN))
        docs = store.raw(Activity.table)
        assert docs.changed
        monkeypatch.setattr(doc_scan.subprocess, "Popen", lambda *a, **k: pytest.fail("spawned"))
        assert field_values_elsewhere(docs, ["account_id"]) is None
        values = read_fields(Activity, docs, ["account_id"], elsewhere=True)[0]
        assert values["act-new"] == "a-1" and len(values) == 401


def test_the_child_says_what_it_cannot_read_in_one_line(db_path, capsys):
    with Store(db_path) as store:
        store.put([Contact(id=f"c{n}", account_id="a", name="曾") for n in range(3)])  # a dict
    assert doc_scan.main([str(db_path), "contacts", "account_id"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(db_path) in err and "line layout" in err
    assert doc_scan.main([str(db_path)]) == 2


@pytest.mark.parametrize("step", [1, 7, 4096, 8 << 20])
def test_a_tables_digest_is_its_bytes_sha256_however_it_is_read(activities_db, monkeypatch, step):
    """The digest that tells the child's bytes from these is hashed a few megabytes at a time
    (the pages let go after each): the same SHA-256 as the bytes' whole."""
    import hashlib

    from dragon_tui import storage

    monkeypatch.setattr(storage, "DIGEST_STEP", step)
    with Store(activities_db, readonly=True) as store:
        blob = store.raw(Activity.table).blob
        if step == 1:
            blob = blob[:5000]  # a byte at a time: a slice of it
        assert storage.digest(blob) == hashlib.sha256(bytes(blob)).hexdigest()


def test_the_child_runs_this_installations_code_not_the_folders(
    activities_db, monkeypatch, tmp_path, every_table_elsewhere
):
    """Started from a folder holding a module of the same name (a checkout, a download), the
    child imports this installation's, as the app does."""
    (tmp_path / "orjson.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    with Store(activities_db) as store:
        docs = store.raw(Activity.table)
        _not_here(monkeypatch)
        assert read_fields(Activity, docs, ["account_id"], elsewhere=True)[0]["act-8"] == "a-1"
