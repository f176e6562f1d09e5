"""Sync with a real hub: push and pull, convergence with bundles mixed in, killed and retried."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.hub.client import connect, init_hub
from dragon_tui.models import Account, Conflict, Contact, NeedItem, Opportunity
from dragon_tui.service import hub_sync
from dragon_tui.service.exchange import EXCHANGED, apply_plan, export_bundle, plan_import
from dragon_tui.service.hub_sync import hub_state, sync_with_hub
from dragon_tui.store import Store
from tests.conftest import lock_free

DEVICES = ("A", "B", "C")
_dbs = itertools.count()


def state(store: Store) -> dict:
    return {
        m.table: {
            r.id: r.model_dump(mode="json", exclude={"revision"})
            for r in store.all(m, include_deleted=True)
        }
        for m in EXCHANGED
    }


def hub_sync_once(store: Store, url: str):
    with connect(url) as conn:
        return sync_with_hub(store, conn)


def bundle(src: Store, dst: Store) -> None:
    apply_plan(dst, plan_import(dst, export_bundle(src), Path("mem.bundle")))


@pytest.fixture
def laptops(tmp_path):
    stores = {d: Store(tmp_path / f"{d}.json", device_id=d) for d in DEVICES}
    yield stores
    for s in stores.values():
        s.close()


def test_push_then_pull_carries_every_table(hub, laptops):
    a, b = laptops["A"], laptops["B"]
    acc = a.save(Account(name="华东电力"))
    opp = a.save(Opportunity(account_id=acc.id, name="变电站", amount="120000"))
    a.save(NeedItem(opportunity_id=opp.id, level="problem", text="降低停电时间"))
    a.save(Contact(account_id=acc.id, name="王总", phone="13800000000"))
    first = hub_sync_once(a, hub.url())
    assert first.pushed == 4 and not first.refused
    hub_sync_once(b, hub.url())
    assert state(b) == state(a)
    # Nothing changed: a second sync pushes nothing and writes nothing.
    again = hub_sync_once(a, hub.url())
    assert again.pushed == 0 and again.plan.writes == []
    # The hub derived each record's account from the document (need item via its opportunity).
    with hub.connect() as conn:
        rows = dict(conn.execute("SELECT tbl, account_id FROM dragon_hub.records").fetchall())
    assert rows == {t: acc.id for t in ("accounts", "opportunities", "need_items", "contacts")}


def test_concurrent_edits_merge_per_field_and_log_the_conflict(hub, laptops):
    a, b = laptops["A"], laptops["B"]
    acc = a.save(Account(name="start"))
    hub_sync_once(a, hub.url())
    hub_sync_once(b, hub.url())
    a.save(a.require(Account, acc.id).with_changes(industry="电力", region="上海"))
    b.save(b.require(Account, acc.id).with_changes(industry="能源"))
    hub_sync_once(a, hub.url())
    result = hub_sync_once(b, hub.url())
    hub_sync_once(a, hub.url())
    merged = a.require(Account, acc.id)
    assert merged.region == "上海"  # A's edit of another field survives
    assert merged.industry == "能源"  # B's edit is later: last writer wins per field
    assert [c.lost_value for c in result.plan.conflicts] == ["电力"]
    assert [c.lost_value for c in a.all(Conflict)] == ["电力"]  # the conflict travelled to A
    assert state(a) == state(b)


ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"),
            st.sampled_from(DEVICES),
            st.sampled_from("012"),
            st.sampled_from(("name", "industry", "region")),
            st.sampled_from(("x", "y", "北京")),
        ),
        st.tuples(
            st.just("delete"),
            st.sampled_from(DEVICES),
            st.sampled_from("012"),
            st.just(""),
            st.just(""),
        ),
        st.tuples(st.just("hub"), st.sampled_from(DEVICES), st.just(""), st.just(""), st.just("")),
        st.tuples(
            st.just("bundle"),
            st.sampled_from(DEVICES),
            st.sampled_from(DEVICES),
            st.just(""),
            st.just(""),
        ),
    ),
    max_size=18,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=ops, order=st.permutations(DEVICES))
def test_three_laptops_hub_and_bundles_converge(cluster, tmp_path_factory, steps, order):
    name = f"conv_{next(_dbs)}"
    with connect(cluster.url()) as admin:
        admin.autocommit = True
        admin.execute(f"CREATE DATABASE {name}")
    url = cluster.url(dbname=name)
    with connect(url) as conn:
        init_hub(conn)
    folder = tmp_path_factory.mktemp("laptops")
    stores = {d: Store(folder / f"{d}.json", device_id=d) for d in DEVICES}
    try:
        stores["A"].save_many([Account(id=f"acc{i}", name=f"start{i}") for i in "012"])
        bundle(stores["A"], stores["B"])  # B starts from a bundle, C from the hub
        for op, device, target, field, value in steps:
            store = stores[device]
            if op == "edit":
                current = store.get(Account, f"acc{target}", include_deleted=True)
                if current is not None:
                    store.save(current.with_changes(**{field: value}))
            elif op == "delete":
                if store.get(Account, f"acc{target}") is not None:
                    store.delete(Account, f"acc{target}")
            elif op == "hub":
                hub_sync_once(store, url)
            elif device != target:
                bundle(store, stores[target])
        for device in [*order, *order]:  # two rounds through the hub, in a random order
            hub_sync_once(stores[device], url)
        states = [state(stores[d]) for d in DEVICES]
        assert states[0] == states[1] == states[2]
        assert len(states[0]["accounts"]) == 3
    finally:
        for s in stores.values():
            s.close()
        with connect(cluster.url()) as admin:
            admin.autocommit = True
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


class Killed(BaseException):
    """Stands for the process dying at that point (not an Exception: nothing catches it)."""


def test_killed_after_the_hub_committed_the_retry_completes(hub, laptops, monkeypatch):
    a, b = laptops["A"], laptops["B"]
    acc = a.save(Account(name="first"))
    hub_sync_once(a, hub.url())
    a.save(a.require(Account, acc.id).with_changes(industry="化工"))
    b.save(Account(name="b's own"))
    marks = hub_state(a)

    def die(*args):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(hub_sync, "apply_plan", die)
        with pytest.raises(Killed):
            hub_sync_once(a, hub.url())
    # The hub has A's edit; A's file is as before the sync (valid, with its local edit).
    with Store(a.path, readonly=True) as on_disk:
        assert on_disk.require(Account, acc.id).industry == "化工"
    assert hub_state(a) == marks
    hub_sync_once(b, hub.url())
    assert b.require(Account, acc.id).industry == "化工"
    hub_sync_once(a, hub.url())  # the retry
    hub_sync_once(b, hub.url())
    assert state(a) == state(b)
    assert {x.name for x in a.all(Account)} == {"first", "b's own"}


def test_connection_cut_mid_push_loses_nothing(hub, laptops, monkeypatch):
    a, b = laptops["A"], laptops["B"]
    a.save_many([Account(name=f"acc {i}") for i in range(30)])
    real_upload = hub_sync._upload

    def cut(conn, rows):
        real_upload(conn, rows)
        conn.pgconn.finish()  # the network goes away before the commit

    with monkeypatch.context() as patch:
        patch.setattr(hub_sync, "_upload", cut)
        with pytest.raises(Exception):  # noqa: B017 - psycopg's error for a closed connection
            hub_sync_once(a, hub.url())
    with hub.connect() as conn:
        assert conn.execute("SELECT count(*) FROM dragon_hub.records").fetchone()[0] == 0
    assert hub_state(a) == {}
    result = hub_sync_once(a, hub.url())
    assert result.pushed == 30
    hub_sync_once(b, hub.url())
    assert len(b.all(Account)) == 30


def _backends(conn, **where) -> list[tuple]:
    rows = conn.execute(
        "SELECT pid, wait_event_type, state FROM pg_stat_activity "
        "WHERE application_name = 'dragon-tui' AND pid <> pg_backend_pid()"
    ).fetchall()
    return [r for r in rows if all(r[{"wait": 1, "state": 2}[k]] == v for k, v in where.items())]


def _wait_until(condition, what: str) -> None:
    """Poll a condition (the wait is on the condition; the bound only turns a hang into a failure)."""
    import time

    for _ in range(6_000):
        if condition():
            return
        time.sleep(0.01)
    pytest.fail(f"never happened: {what}")


def test_sigkill_mid_transaction_then_retry(hub, laptops):
    """A `dragon-tui sync` process killed while its hub transaction is open (its rows written,
    not committed): the hub rolls back, the laptop file is intact, and a retry completes."""
    import os
    import signal
    import subprocess
    import sys

    from dragon_tui.hub.client import change_ownership

    a, b = laptops["A"], laptops["B"]
    anchor = a.save(Account(name="anchor"))
    hub_sync_once(a, hub.url("rep_a"))
    with hub.connect("rep_a") as conn:
        change_ownership(conn, anchor.id, "claim")
    a.save(a.require(Account, anchor.id).with_changes(notes="edited before the kill"))
    a.save_many([Account(name=f"batch {i}") for i in range(40)])
    a.close()  # the child process opens the laptop's file
    blocker = hub.connect()
    blocker.execute("BEGIN")
    blocker.execute(
        "SELECT 1 FROM dragon_hub.ownership WHERE account_id = %s FOR UPDATE", (anchor.id,)
    )
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dragon_tui",
            "sync",
            "--server",
            hub.url("rep_a"),
            "--db",
            str(a.path),
        ],
        stdout=subprocess.DEVNULL,
        env={**os.environ},
    )
    watch = hub.connect()  # pg_stat_activity is a snapshot per transaction: poll from autocommit
    try:
        # The child has written its rows and now waits for the anchor's ownership row (touch()).
        _wait_until(
            lambda: child.poll() is not None or _backends(watch, wait="Lock"),
            "the sync waiting inside its transaction",
        )
        assert child.poll() is None, "the sync ended before it could be killed"
        with hub.connect() as peek:  # not committed: nothing visible yet
            assert peek.execute("SELECT count(*) FROM dragon_hub.records").fetchone()[0] == 1
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        child.kill()
        blocker.execute("ROLLBACK")
        blocker.close()
    _wait_until(lambda: not _backends(watch), "the killed sync's backend to go away")
    assert watch.execute("SELECT count(*) FROM dragon_hub.records").fetchone()[0] == 1
    watch.close()
    with Store(a.path, device_id="A") as again:
        assert len(again.all(Account)) == 41
        result = hub_sync_once(again, hub.url("rep_a"))
        assert result.pushed == 41 and not result.refused
        hub_sync_once(b, hub.url("boss"))
        assert state(b) == state(again)


def test_a_save_while_the_sync_writes_what_it_pulled_waits_its_turn(hub, tmp_path, monkeypatch):
    """The sync's one local write holds the store's lock, then the file's, in the order every
    save takes them: a rep saving meanwhile (the sync runs in a worker) waits for it, and both
    land. The other order froze both for good."""
    import threading

    a = Store(tmp_path / "a.json", device_id="A")
    b = Store(tmp_path / "b.json", device_id="B")
    acc = a.save(Account(name="华东电力"))
    hub_sync_once(a, hub.url())
    real_apply = hub_sync.apply_plan
    saved: list = []

    def apply_while_saving(store, plan):
        # the rep saves from the UI thread now, as the sync writes
        saver = threading.Thread(target=lambda: saved.append(store.save(Account(name="新客户"))))
        saver.start()
        for _ in range(1000):  # until the save holds the store's lock or waits for it
            if not lock_free(store) or not saver.is_alive():
                break
            threading.Event().wait(0.001)
        result = real_apply(store, plan)
        apply_while_saving.saver = saver
        return result

    monkeypatch.setattr(hub_sync, "apply_plan", apply_while_saving)
    syncing = threading.Thread(target=hub_sync_once, args=(b, hub.url()), daemon=True)
    syncing.start()
    syncing.join(60)
    assert not syncing.is_alive(), "the sync and the save froze each other"
    apply_while_saving.saver.join(60)
    assert not apply_while_saving.saver.is_alive()
    assert {x.name for x in b.all(Account)} == {acc.name, "新客户"} and saved
    a.close()
    b.close()
