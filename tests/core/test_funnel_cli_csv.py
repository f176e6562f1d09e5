"""`funnel --json` on imported opportunities (METHOD §4 example) and CSV import/export rules."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.cli import main
from dragon_tui.errors import ImportRejected
from dragon_tui.export.csv_io import import_csv
from dragon_tui.models import Account, Contact, Opportunity
from dragon_tui.store import Store

EXAMPLE = """account,name,stage,amount,status,closed_on,stage_entered_on,previous_stage,owner
甲公司,A,2,100000,open,,2026-08-01,1,张明
甲公司,B,赢取承诺,200000,open,,2026-03-01,4,张明
乙公司,C,5,50000,won,2026-09-30,,,李娜
乙公司,D,Dig needs,150000,lost,2026-07-15,,,李娜
丙公司,E,6,70000,won,2026-06-30,,,李娜
"""


def write(tmp_path: Path, text: str, bom: bool = False) -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_funnel_json_matches_the_worked_example(tmp_path, capsys):
    db = tmp_path / "db.json"
    assert (
        main(["import-csv", "opportunities", str(write(tmp_path, EXAMPLE)), "--db", str(db)]) == 0
    )
    capsys.readouterr()
    assert (
        main(["funnel", "--period", "2026Q3", "--target", "500000", "--json", "--db", str(db)]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["forecast"] == pytest.approx(0.36)
    assert data["progress"] == pytest.approx(0.30)
    assert data["loss_rate"] == pytest.approx(0.30)
    # money as strings with cents, never floats
    assert data["closed_revenue"] == "50000.00" and data["target"] == "500000.00"
    assert {"stage", "win_rate", "count", "amount", "weighted"} <= set(data["stages"][0])
    assert all(
        isinstance(s["amount"], str) and isinstance(s["weighted"], str) for s in data["stages"]
    )
    assert sum(Decimal(s["amount"]) for s in data["stages"]) > 0
    with Store(db) as store:
        assert sorted(a.name for a in store.all(Account)) == ["丙公司", "乙公司", "甲公司"]


def test_zero_target_is_a_clear_error(tmp_path, capsys):
    assert main(["funnel", "--target", "0", "--db", str(tmp_path / "db.json")]) == 1
    assert "target" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["1e30", "10000000000001", "Infinity"])
def test_an_absurd_target_is_one_line_and_exit_1(tmp_path, capsys, target):
    assert main(["funnel", "--target", target, "--db", str(tmp_path / "db.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--target" in err and target in err


def test_bad_rows_reject_everything_with_row_numbers(tmp_path, store):
    text = "客户名称,行业,员工数,企业性质\n好公司,制造,100,国有企业\n,金融,5,\n坏公司,x,many,\n怪公司,x,1,外星企业\n[bold]x[/],x,1,\n"
    before = store.path.read_bytes() if store.path.exists() else None
    with pytest.raises(ImportRejected) as err:
        import_csv(store, "accounts", write(tmp_path, text, bom=True))
    message = str(err.value)
    assert (
        "row 3: name" in message and "row 4: staff_count" in message and "row 5: nature" in message
    )
    assert (store.path.read_bytes() if store.path.exists() else None) == before
    result = import_csv(store, "accounts", write(tmp_path, text), valid_only=True)
    assert sorted(a.name for a in store.all(Account)) == ["[bold]x[/]", "好公司"]
    assert len(result.errors) == 3


def test_contacts_need_a_known_account(tmp_path, store):
    store.save(Account(name="甲"))
    text = "account,name,roles,attitude,coach\n甲,王,决策者;评估者,-2,是\n乙,李,,,\n"
    with pytest.raises(ImportRejected, match="row 3: account"):
        import_csv(store, "contacts", write(tmp_path, text))
    import_csv(store, "contacts", write(tmp_path, text), valid_only=True)
    (wang,) = store.all(Contact)
    assert wang.is_coach and int(wang.attitude) == -2 and len(wang.roles) == 2


def test_dry_run_writes_nothing(tmp_path, store):
    import_csv(store, "accounts", write(tmp_path, "name\n甲\n"), dry_run=True)
    assert store.all(Account) == []


def test_export_round_trips(tmp_path, capsys):
    db = tmp_path / "db.json"
    src = write(tmp_path, "name,industry,tags\n北京现代,制造,重点;老客户\n")
    assert main(["import-csv", "accounts", str(src), "--db", str(db)]) == 0
    out = tmp_path / "out.csv"
    assert main(["export-csv", "accounts", "-o", str(out), "--db", str(db)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    db2 = tmp_path / "db2.json"
    assert main(["import-csv", "accounts", str(out), "--db", str(db2)]) == 0
    with Store(db2) as store:
        (account,) = store.all(Account)
        assert account.tags == ["重点", "老客户"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_fuzzed_csv_never_crashes_and_rejects_cleanly(tmp_path, data):
    db = tmp_path / "fuzz.json"
    with Store(db) as store:
        store.save(Account(name="甲"))
    before = db.read_bytes()
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    for kind in ("accounts", "contacts", "opportunities"):
        with Store(db) as store:
            try:
                import_csv(store, kind, path)
            except ImportRejected:
                assert db.read_bytes() == before
            else:
                assert store.all(Opportunity) is not None
        db.write_bytes(before)
