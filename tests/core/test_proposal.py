"""Proposal: quote maths, FAB warnings, pre-fill, guidance, versions, outline, golden exports."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from dragon_tui.cli import main
from dragon_tui.export.proposal import proposal_markdown, proposal_text
from dragon_tui.method import proposal as prop
from dragon_tui.method.competitive import advice, chart, set_cell
from dragon_tui.method.fab import fab_warnings, statement_from_product
from dragon_tui.method.quote import line_total, totals
from dragon_tui.models import (
    Account,
    Competitor,
    Contact,
    FabStatement,
    NeedItem,
    Opportunity,
    Product,
    Proposal,
    Quote,
    QuoteLine,
    SpinAnswer,
)
from dragon_tui.models.enums import (
    AnswerStatus,
    CompetitivePosition,
    NeedLevel,
    ProposalSection,
    PurchaseRole,
    SpinCategory,
)
from dragon_tui.store import Store

GOLDEN = Path(__file__).parent.parent / "golden"
WHEN = datetime(2026, 10, 1, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def line(product, qty, price, discount="0"):
    return QuoteLine(
        product=product,
        quantity=Decimal(qty),
        unit_price=Decimal(price),
        discount=Decimal(discount),
    )


def test_quote_maths_with_rounding():
    assert line_total(line("x", "3", "33.335")) == Decimal("100.01")  # 100.005 rounds half up
    assert line_total(line("x", "2", "10", "0.125")) == Decimal("17.50")
    quote = Quote(
        lines=[line("a", "10", "38000", "0.05"), line("b", "1", "50000")], tax_rate=Decimal("0.13")
    )
    sums = totals(quote)
    assert sums.lines == [Decimal("361000.00"), Decimal("50000.00")]
    assert (sums.subtotal, sums.tax, sums.total) == (
        Decimal("411000.00"),
        Decimal("53430.00"),
        Decimal("464430.00"),
    )
    assert totals(Quote()).total == Decimal("0.00")
    odd = totals(Quote(lines=[line("a", "1", "0.05")], tax_rate=Decimal("0.1")))
    assert odd.tax == Decimal("0.01")  # 0.005 → 0.01


def scenario():
    account = Account(id="acc", name="北京现代汽车有限公司")
    opp = Opportunity(
        id="opp", account_id="acc", name="ERP升级项目", amount=Decimal("500000"), stage=4
    )
    boss = Contact(id="boss", account_id="acc", name="王总", roles=[PurchaseRole.DECISION_MAKER])
    eng = Contact(id="eng", account_id="acc", name="李工", roles=[PurchaseRole.EVALUATOR])
    answers = [
        SpinAnswer(
            id="a1",
            opportunity_id="opp",
            category=SpinCategory.SITUATION,
            answer="工厂有三条产线，人员200人",
            created_at=WHEN,
        ),
        SpinAnswer(
            id="a2",
            opportunity_id="opp",
            category=SpinCategory.PROBLEM,
            answer="高峰期系统卡顿",
            created_at=WHEN,
        ),
        SpinAnswer(
            id="a3",
            opportunity_id="opp",
            category=SpinCategory.PROBLEM,
            answer="数据无法在部门间共享",
            created_at=WHEN,
        ),
        SpinAnswer(
            id="a4",
            opportunity_id="opp",
            category=SpinCategory.IMPLICATION,
            answer="每月因停线损失约十万元",
            created_at=WHEN,
        ),
        SpinAnswer(
            id="a5",
            opportunity_id="opp",
            category=SpinCategory.PROBLEM,
            answer="skipped one",
            status=AnswerStatus.SKIPPED,
            created_at=WHEN,
        ),
    ]
    needs = [
        NeedItem(
            id="n1",
            opportunity_id="opp",
            level=NeedLevel.GOAL,
            text="三年内产能翻番",
            created_at=WHEN,
        ),
        NeedItem(
            id="n2",
            opportunity_id="opp",
            level=NeedLevel.PURCHASE_CRITERIA,
            text="支持国产数据库",
            created_at=WHEN,
        ),
    ]
    return account, opp, [boss, eng], answers, needs


def test_prefill_sections_from_what_was_recorded():
    account, opp, contacts, answers, needs = scenario()
    sections = prop.prefill(prop.ProposalSources(account, opp, contacts, answers, needs, lang="zh"))
    assert list(sections) == list(ProposalSection)
    assert "王总" in sections[ProposalSection.COVER_LETTER]
    assert sections[ProposalSection.PROBLEMS_AND_CHALLENGES].splitlines() == [
        "1. 高峰期系统卡顿",
        "2. 数据无法在部门间共享",
        "3. 每月因停线损失约十万元",
    ]
    assert "三年内产能翻番" in sections[ProposalSection.CURRENT_AND_FUTURE]
    assert "支持国产数据库" in sections[ProposalSection.RESPONSES]


def test_guidance():
    g = prop.guidance(ProposalSection.PROBLEMS_AND_CHALLENGES, "1. a\n2. b")
    assert not g.ok and "2" in g.text("en")
    assert prop.guidance(ProposalSection.PROBLEMS_AND_CHALLENGES, "1. a\n2. b\n3. c").ok
    assert not prop.guidance(ProposalSection.CURRENT_AND_FUTURE, "one\n\ntwo").ok
    assert prop.guidance(ProposalSection.CURRENT_AND_FUTURE, "one paragraph").ok
    assert not prop.guidance(ProposalSection.COVER_LETTER, "行\n" * 41).ok


def test_fab_warnings():
    _, _, contacts, _, needs = scenario()
    product = Product(name="平台", feature="统一数据接入", advantage="上线快一倍")
    good = statement_from_product(product, "停线损失减半", "boss", "n1")
    no_benefit = FabStatement(feature="f")
    no_need = FabStatement(feature="g", benefit="b", contact_id="eng")
    kinds = [w.kind for w in fab_warnings([no_benefit, no_need], contacts, needs)]
    assert kinds == ["no_benefit", "no_need", "decision_maker_unaddressed"]
    assert fab_warnings([good], contacts, needs) == []


def test_competitive_chart_and_advice():
    _, _, _, _, needs = scenario()
    rival = Competitor(id="r1", account_id="acc", name="SAP")
    ours = set_cell(None, "opp", "n1", None, CompetitivePosition.STRENGTH)
    theirs = set_cell(None, "opp", "n2", None, CompetitivePosition.WEAKNESS)
    rows = chart(needs, [rival], [ours, theirs])
    assert rows[0].position(None) == CompetitivePosition.STRENGTH and rows[0].position("r1") is None
    assert set_cell(ours, "opp", "n1", None, CompetitivePosition.PARITY).id == ours.id
    tips = advice(rows, "en")
    assert tips[0].startswith("Strengthen") and tips[1].startswith("Neutralise")


def test_versions_keep_the_old_one(store):
    account, opp, contacts, answers, needs = scenario()
    v1 = store.save(
        prop.new_proposal(prop.ProposalSources(account, opp, contacts, answers, needs), TODAY)
    )
    v2 = store.save(prop.next_version(v1.with_changes(title="改"), date(2026, 12, 1)))
    assert (v2.version, v2.issued_on, v2.title) == (2, date(2026, 12, 1), "改")
    assert store.get(Proposal, v1.id).title == v1.title and v1.id != v2.id
    assert prop.latest(store.all(Proposal)).id == v2.id


def golden_proposal() -> tuple:
    account, opp, contacts, answers, needs = scenario()
    proposal = prop.new_proposal(
        prop.ProposalSources(account, opp, contacts, answers, needs, lang="zh"), TODAY
    )
    proposal = proposal.with_changes(
        fab_statements=[
            FabStatement(
                id="f1",
                feature="统一数据接入与治理",
                advantage="比传统数据仓库上线快一倍",
                benefit="让生产部在高峰期也能稳定运行，停线损失减半",
                contact_id="boss",
                need_id="n1",
            ).model_dump()
        ],
        quote=Quote(
            lines=[
                line("数据中台平台 Data platform", "10", "38000", "0.05"),
                line("实施服务", "1", "50000"),
            ]
        ).model_dump(),
    )
    return proposal, account, opp, {c.id: c.name for c in contacts}


@pytest.mark.parametrize(("fmt", "lang"), [("txt", "zh"), ("md", "zh"), ("txt", "en")])
def test_golden_exports(fmt, lang):
    proposal, account, opp, names = golden_proposal()
    render = proposal_text if fmt == "txt" else proposal_markdown
    output = render(proposal, account, opp, names, lang)
    golden = GOLDEN / f"proposal-{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):  # regenerate deliberately, then review the diff
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_text_export_fits_width_and_aligns():
    from rich.cells import cell_len

    proposal, account, opp, names = golden_proposal()
    for width in (80, 60):
        text = proposal_text(proposal, account, opp, names, "zh", width=width)
        assert all(cell_len(line) <= max(width, 80) for line in text.splitlines())
    lines = proposal_text(proposal, account, opp, names, "zh").splitlines()
    quote = [line for line in lines if line.endswith(".00")]
    assert len({cell_len(line) for line in quote}) == 1  # totals right-aligned in one column


def test_cli_proposal(tmp_path, capsys):
    db = tmp_path / "db.json"
    proposal, account, opp, _ = golden_proposal()
    with Store(db) as store:
        store.save_many([account, opp, proposal, *scenario()[2]])
    assert main(["proposal", "opp", "--format", "md", "--lang", "en", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ") and "| Product |" in out
    target = tmp_path / "p.txt"
    assert main(["proposal", "opp", "-o", str(target), "--db", str(db)]) == 0
    assert "报价表" in target.read_text()
    assert main(["proposal", "nope", "--db", str(db)]) == 1
    assert "nope" in capsys.readouterr().err
