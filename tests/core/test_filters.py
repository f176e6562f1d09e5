"""Account list filters combined with search, and sorting."""

from __future__ import annotations

from dragon_tui.method.filters import matches, parse_filter, sort_rows
from dragon_tui.models import Account, Opportunity
from dragon_tui.models import enums as e
from dragon_tui.search import AccountIndex


def test_parse_filter_tokens_and_aliases():
    f = parse_filter(
        "北京 industry:制造 区域:华北 tier:A类 stage:挖掘需求 owner:张 tag:重点 nature:private size:large source:web"
    )
    assert f.text == "北京" and not f.errors
    assert (
        f.conditions["value_tier"] == e.ValueTier.A and f.conditions["stage"] == e.Stage.DIG_NEEDS
    )
    assert f.conditions["region"] == "华北" and f.conditions["nature"] == e.AccountNature.PRIVATE
    assert parse_filter("tier:z").errors == ["tier:z"]
    assert parse_filter("industry:").conditions == {}  # still typing
    assert parse_filter("http://x").text == "http://x"  # unknown key: plain text


def test_filters_combined_with_search(store):
    a = store.save(
        Account(name="北京现代", industry="制造", region="华北", value_tier="a", tags=["重点"])
    )
    store.save(Account(name="北京新元", industry="金融", region="华北", value_tier="b"))
    store.save(Account(name="上海华信", industry="制造", region="华东", value_tier="a"))
    store.save(Opportunity(account_id=a.id, name="x", stage=3))
    rows = AccountIndex.build(store).rows

    def names(query):
        f = parse_filter(query)
        found = AccountIndex(rows).search(f.text)
        return sorted(r.account.name for r in found if matches(r, f.conditions))

    assert names("industry:制造") == ["上海华信", "北京现代"]
    assert names("industry:制造 region:华北") == ["北京现代"]
    assert names("bj tier:b") == ["北京新元"]
    assert names("tag:重点 stage:3") == ["北京现代"]
    assert names("stage:2") == []
    assert [r.account.industry for r in sort_rows(rows, "industry")] == ["制造", "制造", "金融"]
    assert [r.account.industry for r in sort_rows(rows, "industry", descending=True)][0] == "金融"
    assert [r.account.name for r in sort_rows(rows, "open_opportunities", descending=True)][
        0
    ] == "北京现代"
