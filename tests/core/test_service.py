"""The service layer's promises: an import never overwrites an edit made after its preview, a
failed `--since-last` export moves no mark, and readers never see a table half-loaded."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest

from dragon_tui.cli import main
from dragon_tui.errors import BundleError
from dragon_tui.models import Account, Activity, Conflict, Contact, Opportunity
from dragon_tui.service.records import Service
from dragon_tui.store import Store
from dragon_tui.sync.files import read_bundle, write_bundle


def laptop(path: Path, device: str) -> Service:
    return Service(Store(path, device_id=device))


@pytest.fixture
def pair(tmp_path):
    a = laptop(tmp_path / "a.json", "aaaa")
    a.save(Account(id="acc", name="北京现代", industry="制造"))
    a.save(Contact(id="wang", account_id="acc", name="王总", title="经理"))
    b = laptop(tmp_path / "b.json", "bbbb")
    first = tmp_path / "first.bundle"
    write_bundle(first, a.export_bundle())
    b.apply_import(b.preview_import(read_bundle(first), first))
    yield a, b
    a.close()
    b.close()


def test_an_edit_made_after_the_preview_survives_the_apply(tmp_path, pair):
    a, b = pair
    a.save(a.require(Account, "acc").with_changes(industry="汽车"))
    a.save(a.require(Contact, "wang").with_changes(title="总经理"))
    path = tmp_path / "second.bundle"
    write_bundle(path, a.export_bundle())
    plan = b.preview_import(read_bundle(path), path)
    assert {r.id for r in plan.updated} == {"acc", "wang"}
    # While the rep reads the preview, they edit the same account and the same person.
    b.save(b.require(Account, "acc").with_changes(notes="周三拜访"))
    b.save(b.require(Contact, "wang").with_changes(title="副总裁"))
    b.apply_import(plan)
    account = b.require(Account, "acc")
    assert account.notes == "周三拜访"  # the edit made after the preview
    assert account.industry == "汽车"  # the bundle's change to another field
    # Same field changed on both laptops: the later edit (the rep's) is kept, the other logged.
    assert b.require(Contact, "wang").title == "副总裁"
    (conflict,) = b.all(Conflict)
    assert (conflict.record_id, conflict.field) == ("wang", "title")
    assert {conflict.kept_value, conflict.lost_value} == {"副总裁", "总经理"}


def test_a_failed_since_last_export_moves_no_mark(tmp_path, pair, monkeypatch):
    a, _ = pair
    to_b = tmp_path / "to-b.bundle"
    sent, _ = a.export_to_file(to_b, peer="bbbb")
    assert {e["record"]["id"] for e in sent.records} == {"acc", "wang"}
    a.save(Opportunity(id="opp", account_id="acc", name="ERP"))
    a.save(Activity(account_id="acc", occurred_at="2026-11-20T09:00:00Z", summary="拜访"))

    import dragon_tui.sync.files as files

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_atomic", disk_full)
    monkeypatch.setattr(files, "write_atomic_parts", disk_full)
    with pytest.raises(BundleError, match="retry.bundle: cannot write the bundle"):
        a.export_to_file(tmp_path / "retry.bundle", peer="bbbb")
    monkeypatch.undo()
    retried, _ = a.export_to_file(tmp_path / "retry.bundle", peer="bbbb")
    assert sorted(e["table"] for e in retried.records) == ["activities", "opportunities"]
    # And the mark moved only now: nothing new, nothing sent.
    assert a.export_to_file(tmp_path / "none.bundle", peer="bbbb")[0].records == []


def test_cli_since_last_to_an_unwritable_path_keeps_the_mark(tmp_path, capsys):
    db = tmp_path / "db.json"
    with Store(db, device_id="cli") as store:
        store.save(Account(id="acc", name="甲"))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert (
        main(["export", "-o", str(blocker / "out.bundle"), "--since-last", "p", "--db", str(db)])
        == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    out = tmp_path / "ok.bundle"
    assert main(["export", "-o", str(out), "--since-last", "p", "--db", str(db)]) == 0
    assert [e["record"]["id"] for e in read_bundle(out).records] == ["acc"]


def test_readers_never_see_a_table_empty_or_partial_while_one_thread_saves(tmp_path):
    import sys

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show up at once
    try:
        _race(tmp_path)
    finally:
        sys.setswitchinterval(old)


def _race(tmp_path):
    path = tmp_path / "db.json"
    with Store(path, device_id="t") as store:
        store.put([Account(id=f"a{i}", name=f"客户{i}") for i in range(300)])
        store.put(
            [
                Activity(
                    account_id=f"a{i % 300}", occurred_at="2026-11-01T00:00:00Z", summary=str(i)
                )
                for i in range(3000)
            ]
        )
    for trial in range(10):
        store = Store(path, device_id="t")  # every table still unparsed
        problems: list[str] = []
        start = threading.Barrier(9)

        def read(model, expected, store=store, problems=problems, start=start):
            start.wait()
            for _ in range(20):
                count = len(store.all(model))
                if count < expected:
                    problems.append(f"{model.table}: {count} < {expected}")

        def write(store=store, start=start, trial=trial):
            start.wait()
            for i in range(30):
                store.save(Account(name=f"新客户{trial}-{i}"))

        threads = [threading.Thread(target=read, args=(Account, 300)) for _ in range(4)]
        threads += [threading.Thread(target=read, args=(Activity, 3000)) for _ in range(4)]
        threads.append(threading.Thread(target=write))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        store.close()
        assert problems == [], problems


def test_a_tables_generation_moves_only_when_that_table_changes(tmp_path):
    service = laptop(tmp_path / "g.json", "gggg")
    service.save(Account(id="acc", name="北京现代"))
    people = service.generation_of(Contact)
    deals_and_people = service.generation_of(Opportunity, Contact)
    before = service.find(Contact, account_id="acc")
    # the language is a setting: views of people and deals are kept
    service.save_settings(service.settings().with_changes(language="en"))
    assert service.generation_of(Contact) == people
    assert service.generation_of(Opportunity, Contact) == deals_and_people
    service.save(Contact(id="wang", account_id="acc", name="王总"))
    assert service.generation_of(Contact) > people
    assert service.generation_of(Opportunity, Contact) > deals_and_people
    assert before == [] and [c.id for c in service.find(Contact, account_id="acc")] == ["wang"]
    # a batch that fails clears every cached model: every table counts as changed
    people = service.generation_of(Contact)
    with pytest.raises(RuntimeError), service.batch():
        service.save(Account(id="acc-2", name="上海"))
        raise RuntimeError("interrupted")
    assert service.generation_of(Contact) > people
    assert service.find(Account, name="上海") == []


def test_the_account_index_is_kept_when_only_a_setting_changes(tmp_path):
    from dragon_tui.service.accounts import IndexCache

    service = laptop(tmp_path / "i.json", "iiii")
    service.save(Account(id="acc", name="北京现代"))
    cache = IndexCache(service)
    index = cache.get()
    service.save_settings(service.settings().with_changes(language="en"))
    assert cache.is_complete and cache.get() is index  # the language switch rebuilt it
    service.save(Contact(id="wang", account_id="acc", name="王总"))
    assert not cache.is_complete
    assert [row.account.id for row in cache.get().search("王总")] == ["acc"]


def test_people_by_account_are_each_accounts_live_people(tmp_path):
    """`PeopleByAccount.get` answers as a dict of every account's live people would, reading
    only the accounts asked for."""
    from dragon_tui.service.accounts import PeopleByAccount
    from dragon_tui.service.demo import fill_with_demo

    store = Store(tmp_path / "db.json")
    fill_with_demo(store, 8, seed=4)
    some = store.all(Contact)[0]
    store.delete(Contact, some.id)
    grouped: dict[str, set[str]] = {}
    for person in store.all(Contact):
        grouped.setdefault(person.account_id, set()).add(person.id)
    people = PeopleByAccount(Service(store))
    for account in store.all(Account):
        found = people.get(account.id, [])
        assert {p.id for p in found} == grouped.get(account.id, set())
        assert some.id not in {p.id for p in found}
        assert people[account.id] is found  # read once
    assert people.get("no-such-account", []) == []
