"""Pinyin search (initials, full, mixed, polyphonic), filters on the index, completeness gaps."""

from __future__ import annotations

from dragon_tui.method.completeness import completeness, completeness_ratio
from dragon_tui.models import Account, Competitor, Contact
from dragon_tui.models import enums as e
from dragon_tui.search import AccountIndex, pinyin_match
from dragon_tui.service.accounts import account_index


def index_of(store):
    return account_index(store)


def test_pinyin_forms(store):
    store.save_many(
        [Account(name="北京现代汽车"), Account(name="上海华信"), Account(name="ABB北京分公司")]
    )
    idx = index_of(store)
    names = lambda q: sorted(r.account.name for r in idx.search(q))  # noqa: E731
    assert names("bjxd") == ["北京现代汽车"]
    assert names("beijingxiandai") == ["北京现代汽车"]
    assert names("bjxiandai") == ["北京现代汽车"]
    assert names("abbbj") == ["ABB北京分公司"]
    assert names("北京") == ["ABB北京分公司", "北京现代汽车"]
    assert names("shhx") == ["上海华信"]
    assert names("zzz") == []
    assert len(idx.search("")) == 3


def test_polyphonic_surnames_match_every_reading():
    assert pinyin_match("单志强", "shanzq") and pinyin_match("单志强", "danzq")
    assert pinyin_match("曾伟", "zengwei") and pinyin_match("曾伟", "cw")
    assert not pinyin_match("王伟", "lw")


def test_contacts_tags_and_several_terms(store):
    a = store.save(Account(name="甲公司", tags=["重点"], region="华北"))
    store.save(Account(name="乙公司", region="华北"))
    store.save(Contact(account_id=a.id, name="单志强"))
    idx = index_of(store)
    assert [r.id for r in idx.search("单志强")] == [a.id]
    assert [r.id for r in idx.search("szq")] == [a.id]
    assert [r.id for r in idx.search("重点")] == [a.id]
    assert len(idx.search("华北")) == 2
    assert [r.id for r in idx.search("华北 重点")] == [a.id]


def test_incremental_typing_gives_the_same_answers(store):
    store.save_many([Account(name=n) for n in ("北京现代", "北京新元", "南京嘉禾", "Beta Corp")])
    typing = index_of(store)  # searched keystroke by keystroke: narrows from the last result
    for query in ("b", "bj", "bjx", "bjxd", "bj", "n", "nj", "be", "bet", "beta", "beta c"):
        fresh = AccountIndex(typing.rows)  # a new index searches everything
        assert [r.id for r in typing.search(query)] == [r.id for r in fresh.search(query)], query


def test_completeness_lists_each_gap_and_none_when_complete():
    bare = completeness(Account(name="x"), [], [])
    assert bare["customer_status"] and bare["organisation"] and bare["competitors"]
    assert bare["personal"] == []  # no people yet: the organisation gap says so
    assert completeness_ratio(bare) == 0.25
    account = Account(
        name="x",
        nature=e.AccountNature.PRIVATE,
        industry="制造",
        region="华北",
        size=e.AccountSize.LARGE,
        staff_count=10,
        annual_revenue=1,
        business_scope="s",
        address="a",
        website="w",
        purchase_volume="v",
        current_suppliers=["华为"],
        departments=["IT"],
    )
    boss = Contact(
        account_id=account.id,
        name="王",
        title="总",
        phone="1",
        level=e.Level.DECISION,
        function=e.Function.OTHER,
        roles=[e.PurchaseRole.DECISION_MAKER],
        attitude=1,
        communication_style=e.CommunicationStyle.OWL,
        personal_need=e.PersonalNeed.ESTEEM,
        hobbies="茶",
    )
    worker = boss.model_copy(
        update={"id": "w", "name": "李", "reports_to": boss.id, "level": e.Level.OPERATIONAL}
    )
    rival = Competitor(
        account_id=account.id,
        name="华为",
        history="h",
        relationships="r",
        rival_rep="张",
        price="p",
        service="s",
        network="n",
    )
    full = completeness(account, [boss, worker], [rival])
    assert full == {c: [] for c in full} and completeness_ratio(full) == 1
    no_hobby = completeness(account, [boss, worker.model_copy(update={"hobbies": ""})], [rival])
    assert [g.label("en") for g in no_hobby["personal"]] == ["李: missing hobbies"]
