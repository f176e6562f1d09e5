"""Account list filters combined with search, and sorting."""

from __future__ import annotations

from dragon_tui.method.filters import matches, parse_filter, sort_rows
from dragon_tui.models import Account, Opportunity
from dragon_tui.models import enums as e
from dragon_tui.search import AccountIndex
from dragon_tui.service.accounts import account_index


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
    rows = account_index(store).rows

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


def test_filter_model_round_trips_through_settings(store):
    from dragon_tui.method.filters import AccountFilter

    wanted = (
        AccountFilter(text="北京", sort="owner", descending=True)
        .with_condition("industry", "Auto Parts")
        .with_condition("value_tier", e.ValueTier.A)
        .with_condition("stage", e.Stage.DIG_NEEDS)
        .with_condition("lead_source", e.LeadSource.WEB)
        .with_condition("tags", ("重点", "老客户"))
    )
    saved = wanted.to_settings()
    assert saved["query"] == (
        '北京 industry:"auto parts" tier:a stage:3 source:web tag:重点 tag:老客户'
    )
    assert all(isinstance(v, str) for v in saved.values())
    store.save_settings(store.settings().with_changes(last_account_filter=saved))
    back = AccountFilter.from_settings(store.settings().last_account_filter)
    assert back == wanted
    assert back.with_condition("industry", None).conditions.keys() == {
        "value_tier",
        "stage",
        "lead_source",
        "tags",
    }
    assert AccountFilter.from_settings({"sort": "nonsense"}).sort == "name"
    assert AccountFilter.from_settings({}) == AccountFilter()


def test_every_condition_combined(store):
    from dragon_tui.method.filters import AccountFilter, filter_choices

    common = dict(
        industry="制造",
        region="华北",
        nature=e.AccountNature.PRIVATE,
        size=e.AccountSize.LARGE,
        value_tier=e.ValueTier.A,
        owner="张明",
        lead_source=e.LeadSource.REFERRAL,
        tags=["重点", "老客户"],
    )
    hit = store.save(Account(name="命中", **common))
    store.save(Opportunity(account_id=hit.id, name="d", stage=5))
    store.save(Opportunity(account_id=hit.id, name="lost", stage=6, status="lost", lost_reason="x"))
    # each near miss differs from the hit in exactly one condition
    misses = {
        "industry": "金融",
        "region": "华东",
        "nature": e.AccountNature.FOREIGN,
        "size": e.AccountSize.SMALL,
        "value_tier": e.ValueTier.B,
        "owner": "李娜",
        "lead_source": e.LeadSource.WEB,
        "tags": ["重点"],
    }
    for name, value in misses.items():
        miss = store.save(Account(name=f"差{name}", **{**common, name: value}))
        store.save(Opportunity(account_id=miss.id, name="d", stage=5))
    store.save(Account(name="差stage", **common))  # no open opportunity
    rows = account_index(store).rows
    wanted = AccountFilter()
    for name, value in {**common, "stage": e.Stage.WIN_COMMITMENT}.items():
        wanted = wanted.with_condition(name, tuple(value) if isinstance(value, list) else value)
    assert [r.account.name for r in wanted.apply(rows)] == ["命中"]
    # the same filter typed as tokens
    typed = parse_filter(wanted.to_query())
    assert [r.account.name for r in rows if matches(r, typed.conditions)] == ["命中"]
    choices = filter_choices(rows)
    assert choices["owner"] == ["张明", "李娜"] and choices["tags"] == ["老客户", "重点"]


def test_quoted_values_and_repeated_tags():
    f = parse_filter('industry:"auto parts" tag:a tag:B 北京 "loose')
    assert f.conditions == {"industry": "auto parts", "tags": ("a", "b")}
    assert f.text == '北京 "loose'
