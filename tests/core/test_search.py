"""Account search: pinyin initials and full pinyin, polyphonic names, mixed Latin/Chinese,
contacts, tags, and the prefilter that keeps every keystroke fast."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dragon_tui.method.filters import AccountFilter
from dragon_tui.models import Account, Contact, Opportunity
from dragon_tui.search import (
    AccountIndex,
    initial_grams,
    piece_initials,
    pinyin_match,
    search_accounts,
    search_rows,
)
from dragon_tui.service.accounts import IndexCache, account_index


@pytest.fixture
def index(store):
    store.save_many(
        [
            Account(id="a1", name="北京现代汽车有限公司", industry="汽车", tags=["重点"]),
            Account(id="a2", name="ABB北京分公司", industry="能源"),
            Account(id="a3", name="上海华信精密", industry="制造"),
            Account(id="a4", name="重庆长安", industry="汽车", region="西南"),
            Account(id="a5", name="单县农机厂", industry="农业"),
        ]
    )
    store.save_many(
        [
            Contact(account_id="a3", name="曾国强"),
            Contact(account_id="a3", name="解小东"),
            Contact(account_id="a2", name="Anna Müller"),
        ]
    )
    return account_index(store)


def ids(rows) -> list[str]:
    return sorted(r.id for r in rows)


@pytest.mark.parametrize(
    "query",
    [
        "bjxd",
        "beijingxiandai",
        "bjxiandai",
        "beijingxd",
        "BJXD",
        "北京现代",
        "xdqc",
        "xiandaiqiche",
    ],
)
def test_pinyin_initials_full_and_mixed_find_beijing_xiandai(index, query):
    assert "a1" in ids(index.search(query))
    assert ids(AccountIndex(index.rows).search(query)) == ids(index.search(query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("abb北京", ["a2"]),  # Latin and Chinese in one word
        ("abbbj", ["a2"]),
        ("abbbeijing", ["a2"]),
        ("北京", ["a1", "a2"]),
        ("bj", ["a1", "a2"]),
        ("müller", ["a2"]),  # contact names, non-ASCII Latin
        ("anna", ["a2"]),
        ("重点", ["a1"]),  # tags
        ("西南", ["a4"]),  # region
        ("汽车 重庆", ["a4"]),  # every term must match
        ("qqqq", []),
    ],
)
def test_mixed_latin_chinese_contacts_tags_and_terms(index, query, expected):
    assert ids(index.search(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 重庆长安: 重 chong/zhong, 长 chang/zhang — the usual reading and the other both match
        ("cqca", ["a4"]),
        ("zqza", ["a4"]),
        ("chongqing", ["a4"]),
        ("zhongqing", ["a4"]),
        # surnames: 单 shan/dan, 曾 zeng/ceng, 解 xie/jie
        ("shanxian", ["a5"]),
        ("danxian", ["a5"]),
        ("sx", ["a5"]),
        ("zgq", ["a3"]),
        ("cgq", ["a3"]),
        ("zengguoqiang", ["a3"]),
        ("xiexiaodong", ["a3"]),
        ("jiexd", ["a3"]),
    ],
)
def test_polyphonic_characters_match_on_every_reading(index, query, expected):
    assert ids(index.search(query)) == expected


def test_pinyin_match_handles_lv_and_unknown_characters():
    assert (
        pinyin_match("吕布", "lvbu") and pinyin_match("吕布", "lubu") and pinyin_match("吕布", "lb")
    )
    assert pinyin_match("🐉龙", "long") and not pinyin_match("🐉龙", "hu")
    assert not pinyin_match("", "a")


def test_piece_initials_are_what_a_match_spells():
    assert "bjx" in piece_initials("bjxd")
    assert "bjx" in piece_initials("beijingxiandai")
    assert "x" in piece_initials("xian")  # one character still being typed
    assert all(len(p) <= 3 for p in piece_initials("beijingxiandaiqiche"))
    assert "|bjx" in initial_grams(["北京现代"]) and "|zqz" in initial_grams(["重庆长安"])


names = st.lists(
    st.text(alphabet="北京现代重庆长安单曾解上海华信ABab 吕", min_size=1, max_size=8),
    min_size=1,
    max_size=6,
)


@settings(max_examples=80, deadline=None)
@given(names=names, query=st.text(alphabet="abcdeghijlnoqsuvxyz", min_size=1, max_size=8))
@example(names=["华长"], query="ha")  # "ha" inside 长 chang is no syllable's start: no match
def test_prefilter_never_hides_a_match(names, query):
    """The fast path gives exactly what the exact matcher gives, for any names and query."""
    rows = AccountIndex([row for i, name in enumerate(names) for row in _rows_for(f"id{i}", name)])
    expected = [
        r.id
        for r in rows.rows
        if query in r.haystack or any(pinyin_match(t, query) for t in (r.account.name, *r.contacts))
    ]
    assert [r.id for r in search_rows(rows.rows, query)] == expected


def _rows_for(account_id: str, name: str):
    from dragon_tui.search import AccountView, _row

    return [_row(AccountView(id=account_id, name=name), [{"name": name[::-1]}], [])]


def test_search_accounts_applies_typed_tokens_and_filters(store, index):
    store.save(Opportunity(account_id="a4", name="x", stage=4))
    index = account_index(store)
    assert ids(search_accounts(index, "汽车")) == ["a1", "a4"]
    assert ids(search_accounts(index, "汽车 stage:4")) == ["a4"]
    bar = AccountFilter().with_condition("industry", "汽车")
    assert ids(search_accounts(index, "", bar)) == ["a1", "a4"]
    assert ids(search_accounts(index, "bj", bar)) == ["a1"]
    assert ids(search_accounts(index, "industry:能源", bar)) == ["a2"]  # typed token wins
    by_name_desc = AccountFilter(sort="name", descending=True)
    # code-point order, reversed: 重 (U+91CD) first, Latin last
    assert [r.id for r in search_accounts(index, "", by_name_desc)] == [
        "a4",
        "a5",
        "a1",
        "a3",
        "a2",
    ]


def test_index_cache_rebuilds_only_when_the_store_changed(store):
    store.save(Account(id="x", name="甲"))
    cache = IndexCache(store)
    first = cache.get()
    assert cache.get() is first and cache.is_complete
    store.save(Account(name="乙"))
    assert cache.get() is not first and len(cache.get().rows) == 2
    store.delete(Account, "x")
    assert [r.account.name for r in cache.get().rows] == ["乙"]


def test_readings_come_from_the_public_api_when_the_data_file_is_not_there(monkeypatch):
    """pypinyin's data file is not a public interface: without it, search still reads every
    heteronym through pypinyin's public API."""
    import dragon_tui.pinyin as pinyin

    from_file = {c: pinyin.char_readings(c) for c in "单曾中绿a"}
    monkeypatch.setattr(pinyin, "_pinyin_table", lambda: None)
    monkeypatch.setattr(pinyin, "_pinyin_bytes", lambda: None)
    pinyin.char_readings.cache_clear()
    try:
        assert {c: pinyin.char_readings(c) for c in "单曾中绿a"} == from_file
        assert "shan" in pinyin.char_readings("单") and "zeng" in pinyin.char_readings("曾")
    finally:
        pinyin.char_readings.cache_clear()


def test_the_table_looked_up_in_its_bytes_gives_what_it_holds():
    """The first characters of a process are looked up in the table's bytes by bisection
    (reading all 41,923 entries costs more than a few hundred lookups): every entry is found
    with its readings, and codes between entries are not there."""
    import orjson

    import dragon_tui.pinyin as pinyin

    raw = pinyin._pinyin_bytes()
    assert raw is not None  # the installed pypinyin lays its table out as expected
    table = {int(code): found for code, found in orjson.loads(raw).items()}
    assert all(pinyin._find_reading(raw, code) == found for code, found in table.items())
    codes = sorted(table)
    between = [c + 1 for c, after in zip(codes, codes[1:], strict=False) if after > c + 1]
    assert between and all(pinyin._find_reading(raw, code) is None for code in between[::50])
    assert pinyin._find_reading(raw, 0) is None and pinyin._find_reading(raw, 10**7) is None


def test_a_table_laid_out_otherwise_is_read_whole(monkeypatch):
    import dragon_tui.pinyin as pinyin

    expected = {c: pinyin.char_readings(c) for c in "单曾中绿"}
    # escaped text (or any line not `"<code>": "<readings>",`) is not looked up in the bytes
    escaped = b'{\n"21333": "\\u0064\\u0101n",\n"26366": "c\\u00e9ng"\n}'
    monkeypatch.setattr(pinyin, "_pinyin_bytes", lambda: escaped)
    monkeypatch.setattr(pinyin, "_lookups", 0)  # still looking up in the bytes
    pinyin.char_readings.cache_clear()
    try:
        assert {c: pinyin.char_readings(c) for c in "单曾中绿"} == expected
    finally:
        pinyin.char_readings.cache_clear()
