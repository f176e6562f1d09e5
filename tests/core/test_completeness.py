"""Dossier completeness (METHOD §2.1): per information category, what is still missing."""

from __future__ import annotations

from dragon_tui.method.completeness import CATEGORIES, category_label, completeness
from dragon_tui.models import Account, Competitor, Contact
from dragon_tui.models import enums as e


def labels(gaps, lang="en"):
    return [g.label(lang) for g in gaps]


def test_categories_are_the_four_of_the_method():
    assert CATEGORIES == ("customer_status", "organisation", "personal", "competitors")
    assert [category_label(c, "zh") for c in CATEGORIES] == [
        "客户现状",
        "组织结构",
        "个人信息",
        "竞争信息",
    ]


def test_customer_status_lists_every_empty_field_in_both_languages():
    account = Account(name="甲", industry="制造", website="x.cn", current_suppliers=["华为"])
    (gap,) = completeness(account, [], [])["customer_status"]
    assert gap.label("en").startswith("Missing nature, region, size")
    assert "industry" not in gap.label("en") and "website" not in gap.label("en")
    assert gap.label("zh").startswith("缺少企业性质、区域") and "行业" not in gap.label("zh")


def test_organisation_gaps_follow_the_people_on_the_chart():
    account = Account(name="甲", departments=["IT"])
    staff = Contact(account_id=account.id, name="李", level=e.Level.OPERATIONAL)
    assert labels(completeness(account, [staff], [])["organisation"]) == [
        "Nobody at the decision level",
        "Not placed on the org chart: 李",
        "No reporting lines",
    ]
    boss = Contact(
        account_id=account.id, name="王", level=e.Level.DECISION, function=e.Function.OTHER
    )
    placed = staff.with_changes(function=e.Function.TECHNICAL, reports_to=boss.id)
    assert completeness(account, [boss, placed], [])["organisation"] == []
    gone = boss.with_changes(deleted=True)  # a deleted contact does not count
    assert "Nobody at the decision level" in labels(
        completeness(account, [gone, placed], [])["organisation"]
    )


def test_personal_information_per_contact():
    account = Account(name="甲")
    wang = Contact(account_id=account.id, name="王", title="总经理", phone="1", hobbies="茶")
    li = Contact(account_id=account.id, name="[b]李[/b]")
    personal = labels(completeness(account, [wang, li], [])["personal"])
    assert personal[0].startswith("王: missing level, function, purchase role, attitude")
    assert "title" not in personal[0] and "hobbies" not in personal[0]
    assert personal[1].startswith("[b]李[/b]: missing title, phone")  # names kept literally


def test_competitor_information_per_rival():
    account = Account(name="甲")
    assert labels(completeness(account, [], [])["competitors"]) == ["No competitor information yet"]
    rival = Competitor(account_id=account.id, name="华为", history="十年", price="低")
    (gap,) = completeness(account, [], [rival])["competitors"]
    assert gap.label("en") == "华为: missing relationships, rival rep, service, network"
    assert gap.label("zh") == "华为缺少关系、对手销售、服务、网络覆盖"
