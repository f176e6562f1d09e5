"""Weekly review export: every review question per open opportunity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dragon_tui.export.review import review_markdown, review_text
from dragon_tui.models import Account, Competitor, Opportunity


def test_review_lists_open_deals_with_each_question():
    account = Account(id="a", name="北京现代")
    rival = Competitor(id="r", account_id="a", name="SAP")
    open_deal = Opportunity(
        account_id="a",
        name="ERP",
        amount=Decimal("100"),
        stage=3,
        first_contact_on=date(2026, 1, 5),
        urgent_need="产能",
        competitor_ids=["r"],
        quoted=True,
        next_step="约高层",
    )
    won = Opportunity(account_id="a", name="已成交项目", status="won", closed_on=date(2026, 2, 1))
    text = review_text([open_deal, won], {"a": account}, {"r": rival}, "zh", "周回顾")
    assert "ERP" in text and "已成交项目" not in text
    for expected in (
        "首次接触日期：2026-01-05",
        "紧迫需求：产能",
        "竞争对手：SAP",
        "是否已报价：是",
        "下一步行动：约高层",
        "下次联系日期：未知",
    ):
        assert expected in text
    md = review_markdown([open_deal], {"a": account}, {"r": rival}, "en", "Weekly")
    assert "- **Competitors in play**: SAP" in md and "- **Quoted yet**: Yes" in md
