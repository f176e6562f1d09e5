"""Issue 16, redaction and bundles: a redacted round trip erases nothing, redaction covers the
conflict log, and the checksum covers the bundle's header."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.cli import main
from dragon_tui.models import Account, Conflict, Contact
from dragon_tui.service.exchange import apply_plan, export_bundle, plan_import
from dragon_tui.store import Store
from dragon_tui.sync.bundle import content_checksum
from dragon_tui.sync.files import read_bundle, write_bundle
from dragon_tui.sync.merge import ABSENT_STAMP, Versioned, is_empty, merge_versions, micros

CREATED = "2026-11-01T08:00:00+00:00"
PERSONAL = {
    "phone": "13912345678",
    "email": "wang@secret.cn",
    "age": 52,
    "birthday": date(1974, 3, 8),
    "family": "女儿叫小美",
    "personal_notes": "养了一只猫叫咪咪",
}


def send(src: Store, dst: Store, tmp_path: Path, *, redact: bool) -> None:
    """Export from src to a file and import it into dst, as two laptops do."""
    path = tmp_path / f"{src.device_id}-to-{dst.device_id}.bundle"
    write_bundle(path, export_bundle(src, redact=redact))
    apply_plan(dst, plan_import(dst, read_bundle(path), path))


def personal(store: Store, contact_id: str) -> dict:
    contact = store.get(Contact, contact_id)
    return {name: getattr(contact, name) for name in PERSONAL}


# ---------------------------------------------------------------- the round trip of the issue


@pytest.mark.parametrize("stamped", [False, True], ids=["demo-like (no stamps)", "saved"])
def test_a_redacted_round_trip_erases_nothing(tmp_path, stamped):
    a = Store(tmp_path / "a.json", device_id="A")
    b = Store(tmp_path / "b.json", device_id="B")
    try:
        contacts = [
            Contact(id=f"c{i}", account_id="acc", name=f"联系人{i}", **PERSONAL) for i in range(5)
        ]
        a.put([Account(id="acc", name="北京现代")])
        if stamped:
            a.save_many(contacts)
        else:
            a.put(contacts)  # the demo data and old files: no per-field stamps
        send(a, b, tmp_path, redact=True)
        assert personal(b, "c0")["phone"] == ""  # B never received them
        send(b, a, tmp_path, redact=False)
        for contact in contacts:
            assert personal(a, contact.id) == PERSONAL  # nothing erased on A
        assert a.all(Conflict) == []
        # B edits a non-personal field; A still keeps its personal details and takes the edit.
        b.save(b.get(Contact, "c1").with_changes(title="总经理"))
        send(b, a, tmp_path, redact=False)
        assert personal(a, "c1") == PERSONAL and a.get(Contact, "c1").title == "总经理"
        # And a real edit of a personal field made on B later still wins on A.
        b.save(b.get(Contact, "c2").with_changes(phone="13800000000"))
        send(b, a, tmp_path, redact=False)
        assert a.get(Contact, "c2").phone == "13800000000"
    finally:
        a.close()
        b.close()


def test_cli_redacted_round_trip_keeps_age_and_birthday(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["demo", "--accounts", "3", "--db", str(a)]) == 0
    with Store(a, readonly=True) as store:
        before = {c.id: (c.age, c.birthday) for c in store.all(Contact)}
    assert any(age or birthday for age, birthday in before.values())
    assert main(["export", "--redact", "-o", str(tmp_path / "r.bundle"), "--db", str(a)]) == 0
    assert main(["import", str(tmp_path / "r.bundle"), "--db", str(b)]) == 0
    assert main(["export", "-o", str(tmp_path / "b.bundle"), "--db", str(b)]) == 0
    assert main(["import", str(tmp_path / "b.bundle"), "--db", str(a)]) == 0
    with Store(a, readonly=True) as store:
        after = {c.id: (c.age, c.birthday) for c in store.all(Contact)}
    assert after == before


# ---------------------------------------------------------------- the merge property

FIELDS = ("phone", "age", "family")
VALUES = st.sampled_from([None, "", "x", "y", 3, 7, [], ["a"]])
STAMPS = st.one_of(
    st.none(),  # never written since creation
    st.just(list(ABSENT_STAMP)),  # left out by redaction
    st.tuples(
        st.sampled_from([micros(CREATED), micros(CREATED) + 5]),
        st.sampled_from(["A", "B"]),
        st.integers(1, 3),
    ).map(list),
)
SIDE = st.tuples(
    st.fixed_dictionaries({f: VALUES for f in FIELDS}),
    st.fixed_dictionaries({f: STAMPS for f in FIELDS}),
    st.dictionaries(st.sampled_from(["A", "B"]), st.integers(0, 3)),
)


def versioned(side) -> Versioned:
    values, stamps, vv = side
    record = {"id": "r", "created_at": CREATED, "updated_at": CREATED, "updated_by": ""}
    return Versioned(record | values, dict(vv), {k: v for k, v in stamps.items() if v is not None})


@settings(max_examples=400, deadline=None)
@given(local=SIDE, remote=SIDE)
def test_redacted_fields_never_win_and_ties_never_prefer_empty(local, remote):
    left, right = versioned(local), versioned(remote)
    merged, _ = merge_versions(left, right)
    swapped, _ = merge_versions(right, left)
    assert merged.record == swapped.record  # the same on every laptop, whoever imports
    for name in FIELDS:
        lv, rv = left.record[name], right.record[name]
        ls, rs = left.stamp(name), right.stamp(name)
        if rs == ABSENT_STAMP and ls != ABSENT_STAMP:
            assert merged.record[name] == lv, "a redacted-out value won"
        if ls == ABSENT_STAMP and rs != ABSENT_STAMP:
            assert merged.record[name] == rv, "a redacted-out value won"
        if ls == rs and is_empty(lv) != is_empty(rv):
            assert not is_empty(merged.record[name]), "a tie preferred the empty value"


# ---------------------------------------------------------------- exchanges, property-tested

PERSONAL_VALUES = st.fixed_dictionaries(
    {
        "phone": st.sampled_from(["", "13912345678", "010-1234"]),
        "age": st.sampled_from([None, 30, 52]),
        "birthday": st.sampled_from([None, date(1980, 1, 2)]),
        "family": st.sampled_from(["", "女儿叫小美"]),
    }
)
STEPS = st.lists(st.sampled_from(["A>B redacted", "B>A", "A>B", "B>A redacted"]), max_size=6)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=PERSONAL_VALUES, stamped=st.booleans(), steps=STEPS)
def test_no_exchange_order_erases_personal_details(tmp_path_factory, values, stamped, steps):
    folder = tmp_path_factory.mktemp("redaction")
    a = Store(folder / "a.json", device_id="A")
    b = Store(folder / "b.json", device_id="B")
    try:
        contact = Contact(id="wang", account_id="acc", name="王总", **values)
        (a.save if stamped else lambda r: a.put([r]))(contact)
        send(a, b, folder, redact=True)
        for step in steps:
            src, dst = (a, b) if step.startswith("A") else (b, a)
            send(src, dst, folder, redact=step.endswith("redacted"))
            kept = {name: getattr(a.get(Contact, "wang"), name) for name in values}
            assert kept == values, f"after {step}"
        send(a, b, folder, redact=False)  # a full bundle brings B up to date
        assert {name: getattr(b.get(Contact, "wang"), name) for name in values} == values
    finally:
        a.close()
        b.close()


# ---------------------------------------------------------------- the conflict log


def test_redacted_bundles_carry_no_personal_value_from_the_conflict_log(tmp_path):
    a = Store(tmp_path / "a.json", device_id="A")
    b = Store(tmp_path / "b.json", device_id="B")
    try:
        a.save(Contact(id="wang", account_id="acc", name="王总", phone="13900000001"))
        send(a, b, tmp_path, redact=False)
        a.save(a.get(Contact, "wang").with_changes(phone="13900000002", name="王总监"))
        b.save(b.get(Contact, "wang").with_changes(phone="13900000003", name="王经理"))
        send(b, a, tmp_path, redact=False)
        logged = {c.field for c in a.all(Conflict)}
        assert logged == {"phone", "name"}  # both sides' values are in A's conflict log
        path = tmp_path / "shared.bundle"
        write_bundle(path, export_bundle(a, redact=True))
        raw = path.read_bytes()
        for phone in ("13900000001", "13900000002", "13900000003"):
            assert phone.encode() not in raw
        # the conflict on a non-personal field still travels
        assert "王经理".encode() in raw or "王总监".encode() in raw
    finally:
        a.close()
        b.close()


# ---------------------------------------------------------------- the checksum covers the header


def _bundle(tmp_path: Path) -> tuple[Path, dict]:
    with Store(tmp_path / "src.json", device_id="src") as store:
        store.save(Account(name="北京现代"))
        path = tmp_path / "out.bundle"
        write_bundle(path, export_bundle(store))
    return path, orjson.loads(path.read_bytes())


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("device", "someone-else"),
        ("scope", {"kind": "account", "account_id": "x"}),
        ("redacted", True),
        ("exported_at", datetime(2020, 1, 1, tzinfo=UTC).isoformat()),
    ],
)
def test_changing_the_header_fails_the_checksum(tmp_path, capsys, key, value):
    path, document = _bundle(tmp_path)
    path.write_bytes(orjson.dumps(document | {key: value}))
    db = tmp_path / "dst.json"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "checksum mismatch" in err and str(path) in err
    assert not db.exists() or not Store(db, readonly=True).all(Account)


def test_version_1_bundles_are_still_read(tmp_path):
    path, document = _bundle(tmp_path)
    old = document | {"version": 1, "checksum": content_checksum(document["content"])}
    path.write_bytes(orjson.dumps(old))
    bundle = read_bundle(path)
    assert [r["record"]["name"] for r in bundle.records if r["table"] == "accounts"] == ["北京现代"]
