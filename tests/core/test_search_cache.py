"""The search-keys cache beside the database: the keys it gives back are the keys worked out;
a stale, damaged or foreign cache is never used; it is written privately and atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dragon_tui.pinyin as pinyin
import dragon_tui.search as search
from dragon_tui import search_cache
from dragon_tui.models import Account, Contact, Opportunity
from dragon_tui.search_cache import cache_path, encode, read_keys, settle, write_keys
from dragon_tui.service.accounts import account_index
from dragon_tui.service.records import Service

NAMES = ["北京现代汽车有限公司", "重庆长安", "单县农机厂", "ABB北京分公司", "吕布 🐉龙", "x"]


def _rows(index) -> list[tuple]:
    return [
        (
            r.account,
            r.open_opportunities,
            r.best_stage,
            r.prospect_score,
            r.prospect_rank,
            r.haystack,
            r.initials,
            r.full,
            r.starts,
            r.polyphonic,
            r.letters,
            r.grams,
            r.syllables,
        )
        for r in index.rows
    ]


def _fresh(service: Service, with_contacts: bool = False):
    """The index with every key worked out now (no cache involved)."""
    from dragon_tui.service.records import store_of

    store = store_of(service)
    return search.AccountIndex.from_documents(
        store.raw("accounts").values(),
        store.raw("contacts").values() if with_contacts else [],
        store.raw("opportunities").values(),
    )


@pytest.fixture
def service(db_path: Path):
    with Service.open(db_path) as opened:
        opened.save_many([Account(id=f"a{i}", name=name) for i, name in enumerate(NAMES)])
        opened.save(Contact(account_id="a1", name="曾国强"))
        yield opened


def _count_worked_out(monkeypatch) -> list[str]:
    worked_out: list[str] = []
    real = search.text_keys

    def counting(text: str):
        worked_out.append(text)
        return real(text)

    monkeypatch.setattr(search, "text_keys", counting)
    return worked_out


text = st.text(alphabet="北京现代重庆长安单曾解上海华信有限公司ABab 吕🐉-", max_size=14)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(text, max_size=8, unique=True))
def test_keys_read_back_are_the_keys_worked_out(tmp_path_factory, texts):
    where = tmp_path_factory.mktemp("cache") / "db.json.search"
    keys = {t: pinyin.text_keys(t) for t in texts}
    write_keys(where, keys)
    assert read_keys(where) == keys


def test_an_open_reads_the_names_keys_from_the_cache(service, db_path, monkeypatch):
    first = account_index(service, with_contacts=False)
    settle()
    assert cache_path(db_path).exists()
    worked_out = _count_worked_out(monkeypatch)
    with Service.open(db_path, readonly=True) as again:
        second = account_index(again, with_contacts=False)
        assert worked_out == []  # every name's keys came from the cache
        assert _rows(second) == _rows(first) == _rows(_fresh(again))
        full = account_index(again)
        assert worked_out == ["曾国强"]  # contacts are the full index's own work
        assert _rows(full) == _rows(_fresh(again, with_contacts=True))


def test_a_new_name_is_worked_out_and_added(service, db_path, monkeypatch):
    account_index(service, with_contacts=False)
    settle()
    service.save(Account(id="new", name="解放军总医院"))
    worked_out = _count_worked_out(monkeypatch)
    index = account_index(service, with_contacts=False)
    settle()
    assert worked_out == ["解放军总医院"]
    assert "jfjzyy" in [r.initials for r in index.rows]
    assert set(read_keys(cache_path(db_path))) == {*NAMES, "解放军总医院"}


def test_a_stale_cache_is_never_used(service, db_path, monkeypatch):
    """Keys cached by another version of the code (or another reading table) are ignored, even
    where they are wrong: here every cached key is nonsense under an older source."""
    account_index(service, with_contacts=False)
    settle()
    where = cache_path(db_path)
    nonsense = pinyin.TextKeys("zz", "zz", frozenset({0}), False, frozenset("z"), "|z|", "|z")
    stale = encode(dict.fromkeys(NAMES, nonsense))
    monkeypatch.setattr(pinyin, "KEYS_VERSION", pinyin.KEYS_VERSION + 1)
    where.write_bytes(stale)  # as the next version would find it
    search_cache._known.clear()
    with Service.open(db_path, readonly=True) as again:
        assert read_keys(where) == {}
        index = account_index(again, with_contacts=False)
        settle()
        assert _rows(index) == _rows(_fresh(again))
        assert "bjxdqcyxgs" in [r.initials for r in index.rows]
    # and the cache was rewritten under the current source
    assert read_keys(where) == {n: pinyin.text_keys(n) for n in NAMES}


def test_another_reading_table_makes_the_cache_stale(service, db_path, monkeypatch, tmp_path):
    account_index(service, with_contacts=False)
    settle()
    where = cache_path(db_path)
    assert read_keys(where)
    other = tmp_path / "pinyin_dict.json"
    other.write_bytes(b"{}")  # pypinyin updated: another table
    monkeypatch.setattr(pinyin, "_pinyin_file", lambda: other)
    assert read_keys(where) == {}


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped", "not_json", "wrong_shape", "header_only", "empty"],
)
def test_a_damaged_cache_is_ignored(service, db_path, damage):
    account_index(service, with_contacts=False)
    settle()
    where = cache_path(db_path)
    good = where.read_bytes()
    header, body = good.split(b"\n", 1)
    if damage == "truncated":
        bad = good[: len(good) // 2]
    elif damage == "flipped":
        bad = header + b"\n" + body.replace("北".encode(), "南".encode(), 1)
    elif damage == "not_json":
        bad = b"\x00\xff" * 40
    elif damage == "wrong_shape":  # a well-formed file whose entries are not keys
        body = orjson.dumps({"keys": {n: ["x", 1, "starts", None, 2, 3, 4] for n in NAMES}})
        meta = orjson.loads(header)
        import zlib

        meta["crc32"] = zlib.crc32(body)
        bad = orjson.dumps(meta) + b"\n" + body
    elif damage == "header_only":
        bad = header
    else:
        bad = b""
    where.write_bytes(bad)
    search_cache._known.clear()
    assert read_keys(where) == {}
    with Service.open(db_path, readonly=True) as again:
        assert _rows(account_index(again, with_contacts=False)) == _rows(_fresh(again))


def test_the_cache_is_private_and_replaced_atomically(service, db_path, monkeypatch):
    account_index(service, with_contacts=False)
    settle()
    where = cache_path(db_path)
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    before = where.read_bytes()

    def refused(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refused)
    service.save(Account(name="新客户"))
    account_index(service, with_contacts=False)  # the rewrite fails: the old cache stays whole
    settle()
    assert where.read_bytes() == before
    assert not list(db_path.parent.glob(f".{where.name}.*.tmp"))


def test_names_no_longer_in_the_database_are_dropped(db_path):
    with Service.open(db_path) as service:
        service.save_many([Account(id=f"old{i}", name=f"旧客户{i}") for i in range(150)])
        account_index(service, with_contacts=False)
        settle()
        for i in range(150):
            service.delete(Account, f"old{i}")
        service.save(Account(name="新客户"))
        account_index(service, with_contacts=False)
        settle()
    assert set(read_keys(cache_path(db_path))) == {"新客户"}


def test_a_cache_left_alone_is_no_trace_of_a_database(tmp_path):
    """Only records can be restored: a search-keys cache beside a missing database does not
    stop a true first run (the lock file does not either)."""
    from dragon_tui.commands.core import open_store_for_app

    path = tmp_path / "fresh" / "db.json"
    path.parent.mkdir()
    write_keys(cache_path(path), {"旧客户": pinyin.text_keys("旧客户")})
    store, first_run = open_store_for_app(path)
    with store:
        assert first_run and store.all(Account)


# ---------------------------------------------------------------- views and deal figures


def _closed_database(db_path: Path) -> None:
    with Service.open(db_path) as service:
        service.save_many([Account(id=f"a{i}", name=name) for i, name in enumerate(NAMES)])
        service.save(Opportunity(id="o1", account_id="a1", name="卡车", stage=3))
        service.save(Contact(account_id="a1", name="曾国强"))


def _count_parts(monkeypatch) -> list[str]:
    import dragon_tui.service.accounts as accounts

    made: list[str] = []
    for name in ("account_views", "deal_summaries"):
        real = getattr(accounts, name)

        def counting(docs, real=real, name=name):
            made.append(name)
            return real(docs)

        monkeypatch.setattr(accounts, name, counting)
    return made


def test_an_open_of_unchanged_tables_reads_views_and_deal_figures_from_the_cache(
    db_path, monkeypatch
):
    _closed_database(db_path)
    with Service.open(db_path, readonly=True) as first:
        made = _count_parts(monkeypatch)
        expected = _rows(account_index(first, with_contacts=False))
        assert made == ["account_views", "deal_summaries"]
    with Service.open(db_path, readonly=True) as again:
        made.clear()
        assert _rows(account_index(again, with_contacts=False)) == expected
        assert made == []  # neither table parsed for the list
        assert _rows(account_index(again)) == _rows(_fresh(again, with_contacts=True))
        assert made == []


def test_views_and_deal_figures_follow_every_change_of_their_tables(db_path, monkeypatch):
    _closed_database(db_path)
    with Service.open(db_path, readonly=True) as first:
        account_index(first, with_contacts=False)
    with Service.open(db_path) as service:  # the cache holds the tables as they were
        opportunity = service.get(Opportunity, "o1")
        service.save(opportunity.model_copy(update={"stage": 5}))
        service.save(Account(id="a9", name="新客户", industry="能源"))
        changed = account_index(service, with_contacts=False)  # changed in memory: not cached
        assert _rows(changed) == _rows(_fresh(service))
        assert next(r for r in changed.rows if r.id == "a1").best_stage == 5
    made = _count_parts(monkeypatch)
    with Service.open(db_path, readonly=True) as again:  # rewritten by the close: new bytes
        assert _rows(account_index(again, with_contacts=False)) == _rows(_fresh(again))
        assert made == ["account_views", "deal_summaries"]
    settle()
    made.clear()
    with Service.open(db_path, readonly=True) as third:
        assert _rows(account_index(third, with_contacts=False)) == _rows(_fresh(third))
        assert made == []


def test_a_table_edited_by_hand_is_not_read_from_the_cache(db_path, monkeypatch):
    _closed_database(db_path)
    with Service.open(db_path, readonly=True) as first:
        account_index(first, with_contacts=False)
    settle()
    raw = db_path.read_bytes()
    db_path.write_bytes(raw.replace("单县农机厂".encode(), "单县农具厂".encode(), 1))
    made = _count_parts(monkeypatch)
    with Service.open(db_path, readonly=True) as again:
        index = account_index(again, with_contacts=False)
        assert "单县农具厂" in [r.account.name for r in index.rows]
        assert made == ["account_views"]  # the opportunities are the same bytes


def test_views_made_by_another_version_are_not_used(db_path, monkeypatch):
    _closed_database(db_path)
    with Service.open(db_path, readonly=True) as first:
        account_index(first, with_contacts=False)
    settle()
    monkeypatch.setattr(search_cache, "PARTS_VERSION", search_cache.PARTS_VERSION + 1)
    cached = search_cache.read_cache(cache_path(db_path))
    assert cached.keys and cached.views is None and cached.deals is None


def _count_writes(monkeypatch) -> list[set]:
    """The names whose keys each write of the cache holds, in order."""
    writes: list[set] = []
    real_write = search_cache.write_keys

    def write(path, keys, *rest):
        writes.append(set(keys))
        return real_write(path, keys, *rest)

    monkeypatch.setattr(search_cache, "write_keys", write)
    return writes


def test_the_full_index_made_before_the_write_reuses_the_quick_ones_parts(db_path, monkeypatch):
    """The app makes the quick index, then at once the full one, before the quick one's cache
    is written (a second later): the full one takes the names' keys, the accounts and the deal
    figures from the cache remembered (before, it read them again and wrote the cache a
    second time)."""
    import dragon_tui.service.accounts as accounts

    with Service.open(db_path) as service:
        service.save_many([Account(id=f"a{i}", name=name) for i, name in enumerate(NAMES)])
        service.save(Contact(account_id="a1", name="曾国强"))
        service.save(Opportunity(account_id="a1", name="二期"))
    writes = _count_writes(monkeypatch)
    read_again: list[str] = []
    for name in ("account_views", "deal_summaries"):
        real = getattr(accounts, name)
        monkeypatch.setattr(
            accounts, name, lambda docs, real=real, name=name: read_again.append(name) or real(docs)
        )
    worked_out = _count_worked_out(monkeypatch)
    with Service.open(db_path) as again:  # as the app opens it: tables as in the file
        quick = account_index(again, with_contacts=False)
        assert read_again == ["account_views", "deal_summaries"]
        assert sorted(worked_out) == sorted(NAMES)
        full = account_index(again)
        assert read_again == ["account_views", "deal_summaries"]  # not read a second time
        assert worked_out[len(NAMES) :] == ["曾国强"]  # only the people's names are new work
        assert writes == []  # not written yet
        settle()
        assert writes == [set(NAMES)]  # once (people's names are not kept: see above)
        assert _rows(quick) == _rows(_fresh(again))
        assert _rows(full) == _rows(_fresh(again, with_contacts=True))


def test_a_cache_remembered_again_before_its_write_is_written_once_as_the_newest(
    db_path, monkeypatch
):
    from dragon_tui.search_cache import SearchCache, known_cache, remember

    writes = _count_writes(monkeypatch)
    older = SearchCache({"北京": pinyin.text_keys("北京")})
    newer = SearchCache({"北京": pinyin.text_keys("北京"), "重庆": pinyin.text_keys("重庆")})
    remember(db_path, older)
    assert known_cache(db_path) is older
    remember(db_path, newer)
    assert known_cache(db_path) is newer
    settle()
    assert writes == [{"北京", "重庆"}]
    search_cache._known.clear()
    assert set(known_cache(db_path).keys) == {"北京", "重庆"}  # read back from the file
