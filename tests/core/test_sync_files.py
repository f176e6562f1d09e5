"""Bundle files: bad files rejected with the database untouched; redaction; scopes; CLI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.cli import main
from dragon_tui.errors import BundleError
from dragon_tui.models import Account, Activity, Contact, Opportunity
from dragon_tui.service.exchange import apply_plan, export_bundle, export_to_file, plan_import
from dragon_tui.store import Store
from dragon_tui.sync.bundle import decode_lines
from dragon_tui.sync.files import read_bundle, write_bundle

PERSONAL = {
    "phone": "13912345678",
    "email": "wang@secret.cn",
    "hobbies": "钓鱼秘密",
    "family": "女儿叫小美",
    "personal_notes": "养了一只猫叫咪咪",
}


@pytest.fixture
def source(tmp_path) -> Store:
    store = Store(tmp_path / "src.json", device_id="src")
    account = store.save(Account(id="acc", name="北京现代"))
    store.save(Contact(id="wang", account_id=account.id, name="王总", **PERSONAL))
    store.save(Opportunity(id="opp", account_id=account.id, name="ERP"))
    store.save(Account(id="other", name="上海华信"))
    yield store
    store.close()


def target(tmp_path) -> Path:
    path = tmp_path / "dst.json"
    with Store(path, device_id="dst") as store:
        store.save(Account(id="mine", name="我的客户"))
    return path


def write(tmp_path, store, **kw) -> Path:
    path = tmp_path / "out.bundle"
    write_bundle(
        path,
        export_bundle(store, **{k: v for k, v in kw.items() if k != "passphrase"}),
        kw.get("passphrase"),
    )
    return path


def corruptions(good: bytes) -> dict[str, bytes]:
    doc = orjson.loads(good)
    tampered = json.loads(good)
    tampered["content"]["records"][0]["record"]["name"] = "篡改"
    wrong_version = dict(doc, version=99)
    invalid_record = json.loads(good)
    invalid_record["content"]["records"][0]["record"]["staff_count"] = -1
    from dragon_tui.sync.bundle import checksum

    invalid_record["checksum"] = checksum(invalid_record["content"])
    return {
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "not json": b"\x00\x01garbage",
        "not a bundle": b'{"hello": "world"}',
        "tampered": orjson.dumps(tampered),
        "wrong version": orjson.dumps(wrong_version),
        "invalid record": orjson.dumps(invalid_record),
    }


@pytest.mark.parametrize(
    "case",
    [
        "truncated",
        "empty",
        "not json",
        "not a bundle",
        "tampered",
        "wrong version",
        "invalid record",
    ],
)
def test_bad_bundles_are_rejected_and_change_nothing(tmp_path, source, capsys, case):
    good = write(tmp_path, source).read_bytes()
    bad = tmp_path / "bad.bundle"
    bad.write_bytes(corruptions(good)[case])
    db = target(tmp_path)
    before = db.read_bytes()
    assert main(["import", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err
    assert db.read_bytes() == before


def test_wrong_passphrase_and_tampered_ciphertext(tmp_path, source, monkeypatch, capsys):
    path = write(tmp_path, source, passphrase="正确的口令")
    assert b"\xe5\x8c\x97\xe4\xba\xac" not in path.read_bytes()  # 北京 not in clear
    assert read_bundle(path, "正确的口令").device == "src"
    with pytest.raises(BundleError, match="wrong passphrase"):
        read_bundle(path, "wrong")
    doc = orjson.loads(path.read_bytes())
    doc["ciphertext"] = doc["ciphertext"][:-8] + "AAAAAAA="
    path.write_bytes(orjson.dumps(doc))
    with pytest.raises(BundleError):
        read_bundle(path, "正确的口令")
    db = target(tmp_path)
    before = db.read_bytes()
    monkeypatch.setenv("DRAGON_TUI_PASSPHRASE", "wrong")
    assert main(["import", str(write(tmp_path, source, passphrase="x")), "--db", str(db)]) == 1
    assert db.read_bytes() == before


def test_redacted_bundle_has_no_personal_bytes_and_keeps_the_receivers(tmp_path, source):
    path = write(tmp_path, source, redact=True)
    raw = path.read_bytes()
    for value in PERSONAL.values():
        assert value.encode() not in raw
    # a receiver that already has the personal details keeps them
    with Store(tmp_path / "friend.json", device_id="friend") as friend:
        apply_plan(friend, plan_import(friend, export_bundle(source), Path("full")))
        source.save(source.get(Contact, "wang").with_changes(title="总经理"))
        apply_plan(friend, plan_import(friend, read_bundle(path), path))
        apply_plan(
            friend, plan_import(friend, read_bundle(write(tmp_path, source, redact=True)), path)
        )
        wang = friend.get(Contact, "wang")
        assert wang.title == "总经理" and wang.phone == PERSONAL["phone"]


def test_account_scope_and_since_last(tmp_path, source):
    scoped = export_bundle(source, account_id="acc")
    assert {e["record"]["id"] for e in scoped.records} == {"acc", "wang", "opp"}
    first, _ = export_to_file(source, tmp_path / "b1.bundle", peer="laptop-b")
    assert len(first.records) == 4
    assert export_to_file(source, tmp_path / "b2.bundle", peer="laptop-b")[0].records == []
    source.save(Activity(account_id="acc", occurred_at="2026-11-01T00:00:00Z", summary="new"))
    again, _ = export_to_file(source, tmp_path / "b3.bundle", peer="laptop-b")
    assert [e["table"] for e in again.records] == ["activities"]
    assert len(export_bundle(source, peer="laptop-c").records) == 5


def test_cli_round_trip_dry_run_and_idempotence(tmp_path, source, capsys):
    bundle = tmp_path / "all.bundle"
    source.close()
    assert main(["export", "-o", str(bundle), "--db", str(tmp_path / "src.json")]) == 0
    assert "exported 4 records" in capsys.readouterr().out
    db = target(tmp_path)
    before = db.read_bytes()
    assert main(["import", str(bundle), "--dry-run", "-v", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "4 added" in out and "accounts: 北京现代" in out
    assert db.read_bytes() == before
    assert main(["import", str(bundle), "--db", str(db)]) == 0
    assert "4 added" in capsys.readouterr().out
    after = db.read_bytes()
    assert main(["import", str(bundle), "--db", str(db)]) == 0
    assert "0 added, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert db.read_bytes() == after


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=300)
    | st.text(max_size=300).map(str.encode)
    | st.recursive(
        st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
        max_leaves=10,
    ).map(orjson.dumps)
)
def test_fuzzed_bundles_never_crash_and_never_write(tmp_path, data):
    path = tmp_path / "fuzz.bundle"
    path.write_bytes(data)
    db = tmp_path / "fuzz-db.json"
    if not db.exists():
        with Store(db) as store:
            store.save(Account(name="x"))
    before = db.read_bytes()
    with Store(db) as store:
        try:
            apply_plan(store, plan_import(store, read_bundle(path), path))
        except BundleError:
            pass
    assert db.read_bytes() == before


def _one_line_bundle(bundle_path: Path) -> bytes:
    """The same bundle as one JSON document, checksum before content (the earlier layout)."""
    bundle = read_bundle(bundle_path)
    content = {"records": bundle.records}
    digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    document = {
        "format": "dragon-tui-bundle",
        "version": 1,
        "device": bundle.device,
        "exported_at": bundle.exported_at,
        "scope": bundle.scope,
        "redacted": bundle.redacted,
        "checksum": f"sha256:{digest}",
        "content": content,
    }
    return orjson.dumps(document)


def test_bundle_is_written_a_record_per_line_and_any_layout_reads_the_same(tmp_path, source):
    path = tmp_path / "all.bundle"
    write_bundle(path, export_bundle(source))
    raw = path.read_bytes()
    lines = raw.splitlines()
    bundle = read_bundle(path)
    assert len(bundle.records) == 4 and len(lines) == len(bundle.records) + 2
    assert [orjson.loads(line.rstrip(b",")) for line in lines[1:-1]] == bundle.records
    assert decode_lines(raw, path) is not None  # read a line at a time
    assert orjson.loads(raw)["content"]["records"] == bundle.records  # still one JSON document
    old = tmp_path / "old.bundle"
    old.write_bytes(_one_line_bundle(path))
    again = read_bundle(old)
    assert (again.records, again.device, again.scope) == (
        bundle.records,
        bundle.device,
        bundle.scope,
    )
    pretty = tmp_path / "pretty.bundle"
    pretty.write_bytes(json.dumps(orjson.loads(raw), ensure_ascii=False, indent=1).encode())
    assert read_bundle(pretty).records == bundle.records


@pytest.mark.parametrize("damage", ["edit a record", "drop a record", "cut the end"])
def test_damaged_line_bundle_is_rejected(tmp_path, source, damage):
    path = tmp_path / "all.bundle"
    write_bundle(path, export_bundle(source))
    raw = path.read_bytes()
    if damage == "edit a record":
        raw = raw.replace("北京现代".encode(), "北京现在".encode())
    elif damage == "drop a record":
        lines = raw.split(b"\n")
        raw = b"\n".join(lines[:2] + lines[3:])
    else:
        raw = raw[: len(raw) // 2]
    path.write_bytes(raw)
    with pytest.raises(BundleError, match=str(path)):
        read_bundle(path)
