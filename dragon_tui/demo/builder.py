"""Builds the demo dataset: accounts with contacts, opportunities, activities and the rest."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from dragon_tui.demo import names as n
from dragon_tui.method.objections import seed_objections
from dragon_tui.method.spin_bank import seed_questions
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Activity,
    AttitudeChange,
    Checklist,
    ChecklistItem,
    Competitor,
    Contact,
    FabStatement,
    Invoice,
    NeedItem,
    NextStep,
    Opportunity,
    Payment,
    Product,
    Proposal,
    Quote,
    QuoteLine,
    Record,
    SpinAnswer,
    StageChange,
)
from dragon_tui.models import enums as e

DEMO_TODAY = date(2026, 11, 25)
FIRST_ACCOUNT = "北京现代汽车有限公司"


class _Maker:
    """Holds the random generator so every id, date and choice follows from the seed."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, time(9, 0), tzinfo=UTC)
        self.meta = {"updated_by": "demo", "revision": 1}

    def id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self, days_ago: int) -> dict:
        when = self.now - timedelta(days=days_ago, minutes=self.rng.randrange(600))
        return {"id": self.id(), "created_at": when, "updated_at": when, **self.meta}

    def day(self, lo: int, hi: int) -> date:
        """A date between `lo` and `hi` days from today (negative = past)."""
        return self.today + timedelta(days=self.rng.randint(lo, hi))

    def person(self) -> str:
        return self.rng.choice(n.SURNAMES) + self.rng.choice(n.GIVEN)


def _account(m: _Maker, index: int) -> Account:
    rng = m.rng
    industry, kinds = rng.choice(n.INDUSTRIES)
    city = rng.choice(n.CITIES)
    name = (
        FIRST_ACCOUNT
        if index == 0
        else f"{city}{rng.choice(n.BRANDS)}{rng.choice(kinds)}{rng.choice(n.SUFFIXES)}"
    )
    if index == 0:
        city, industry = "北京", "制造"
    scores = {
        c: ACardScore(score=rng.randint(1, 5), note="")
        for c in e.ACardCriterion
        if rng.random() < 0.85
    }
    return Account(
        **m.stamp(rng.randint(30, 700)),
        name=name,
        nature=rng.choice(list(e.AccountNature)),
        industry=industry,
        region=n.REGION_OF_CITY[city],
        size=rng.choice(list(e.AccountSize)),
        staff_count=rng.choice((80, 300, 1200, 5000, 20000)),
        annual_revenue=Decimal(rng.randrange(10, 5000)) * Decimal("1000000"),
        business_scope=f"{industry}相关产品与服务",
        address=f"{city}市{rng.choice(('朝阳区', '浦东新区', '南山区', '天河区', '高新区'))}{rng.randint(1, 300)}号",
        website=f"https://www.example-{index}.cn",
        purchase_volume=f"每月约{rng.randint(10, 500)}台",
        current_suppliers=rng.sample(n.RIVALS, rng.randint(0, 2)),
        value_tier=rng.choice(list(e.ValueTier)),
        lead_source=rng.choice(list(e.LeadSource)),
        owner=rng.choice(n.OWNERS),
        tags=rng.sample(n.TAGS, rng.randint(0, 2)),
        departments=["总经办", "IT部", "采购部", "财务部", "生产部"],
        acard=ACard(
            scores=scores,
            timing_bucket=rng.choice(list(e.TimingBucket)),
            assessed_on=m.day(-120, -1),
        ),
    )


def _contacts(m: _Maker, account: Account) -> list[Contact]:
    rng = m.rng
    count = rng.randint(8, 12)
    people: list[Contact] = []
    levels = [e.Level.DECISION] * 2 + [e.Level.MANAGEMENT] * 4 + [e.Level.OPERATIONAL] * (count - 6)
    for i, level in enumerate(levels):
        function = list(e.Function)[i % 4]
        boss = None
        if level != e.Level.DECISION:
            above = [
                p for p in people if p.level != level and p.level != e.Level.OPERATIONAL
            ] or people
            boss = rng.choice(above).id if above else None
        roles = {
            e.Level.DECISION: [e.PurchaseRole.DECISION_MAKER]
            if i == 0
            else [e.PurchaseRole.INITIATOR],
            e.Level.MANAGEMENT: rng.sample(
                [e.PurchaseRole.DESIGNER, e.PurchaseRole.EVALUATOR, e.PurchaseRole.GATEKEEPER], 1
            ),
            e.Level.OPERATIONAL: [e.PurchaseRole.USER] if rng.random() < 0.7 else [],
        }[level]
        known = rng.random() < 0.8
        attitude = e.Attitude(rng.randint(-4, 4)) if known else None
        history = (
            [
                AttitudeChange(
                    on=m.now - timedelta(days=d),
                    attitude=e.Attitude(max(-4, min(4, (attitude or 0) + rng.randint(-1, 1)))),
                    relationship_stage=rng.choice(list(e.RelationshipStage)),
                )
                for d in sorted(rng.sample(range(20, 300), 2), reverse=True)
            ]
            if known
            else []
        )
        people.append(
            Contact(
                **m.stamp(rng.randint(10, 400)),
                account_id=account.id,
                name=m.person(),
                title=rng.choice(n.TITLES[(level.value, function.value)]),
                department=account.departments[i % len(account.departments)],
                phone=f"13{rng.randint(100000000, 999999999)}",
                email=f"contact{rng.randint(1000, 9999)}@example.cn",
                office_address=account.address,
                age=rng.randint(26, 60),
                hobbies=rng.choice(n.HOBBIES),
                background="曾在外企工作多年" if rng.random() < 0.3 else "",
                family=rng.choice(n.FAMILY) if rng.random() < 0.5 else "",
                birthday=date(rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28)),
                level=level,
                function=function,
                roles=roles,
                is_coach=rng.random() < 0.12,
                attitude=attitude,
                relationship_stage=rng.choice(list(e.RelationshipStage)),
                communication_style=rng.choice(list(e.CommunicationStyle)),
                influence=rng.choice(list(e.Influence)),
                reports_to=boss,
                personal_need=rng.choice(list(e.PersonalNeed)) if rng.random() < 0.7 else None,
                attitude_history=history,
                last_contacted_on=m.day(-90, -1) if rng.random() < 0.6 else None,
            )
        )
    return people


def _stage_history(m: _Maker, stage: int, start: date) -> list[StageChange]:
    history, day = [StageChange(stage=1, entered_on=start)], start
    for s in range(2, stage + 1):
        day = min(day + timedelta(days=m.rng.randint(10, 50)), m.today)
        history.append(StageChange(stage=s, entered_on=day, from_stage=s - 1))
    return history


def _opportunities(
    m: _Maker, account: Account, people: list[Contact], rivals: list[Competitor]
) -> list[Opportunity]:
    rng = m.rng
    result = []
    for _ in range(rng.randint(3, 5)):
        roll = rng.random()
        status = (
            e.OpportunityStatus.WON
            if roll < 0.15
            else e.OpportunityStatus.LOST
            if roll < 0.25
            else e.OpportunityStatus.OPEN
        )
        stage = rng.randint(5, 6) if status == e.OpportunityStatus.WON else rng.randint(1, 6)
        start = m.day(-400, -20)
        history = _stage_history(m, stage, start)
        closed = None
        if status != e.OpportunityStatus.OPEN:
            closed = min(history[-1].entered_on + timedelta(days=rng.randint(5, 40)), m.today)
        has_next = status == e.OpportunityStatus.OPEN and rng.random() < 0.8
        involved = rng.sample(people, min(len(people), rng.randint(3, 6)))
        result.append(
            Opportunity(
                **m.stamp(rng.randint(1, 300)),
                account_id=account.id,
                name=f"{rng.choice(n.OPP_TOPICS)}项目",
                amount=Decimal(rng.randrange(5, 300)) * Decimal("10000"),
                stage=stage,
                status=status,
                owner=account.owner,
                stage_history=history,
                closed_on=closed,
                lost_reason=rng.choice(n.LOST_REASONS)
                if status == e.OpportunityStatus.LOST
                else "",
                expected_close=m.day(10, 300),
                first_contact_on=start,
                next_contact_on=m.day(-10, 30) if has_next else None,
                next_step=rng.choice(n.NEXT_STEPS) if has_next else "",
                urgent_need=rng.choice(
                    ("系统老旧，故障频繁", "业务扩张，产能不足", "合规要求", "")
                ),
                decision_process="部门提需求 → 技术评估 → 总经理审批" if rng.random() < 0.6 else "",
                decision_date=m.day(10, 200) if rng.random() < 0.5 else None,
                quoted=stage >= 4,
                competitor_ids=[c.id for c in rivals if rng.random() < 0.6],
                contact_ids=[p.id for p in involved],
                purchase_phase=list(e.PurchasePhase)[min(stage - 1, 5)],
                needs_confirmed_in_writing=stage >= 4,
            )
        )
    return result


def _activities(
    m: _Maker, account: Account, people: list[Contact], opps: list[Opportunity]
) -> list[Activity]:
    rng = m.rng
    result = []
    for i in range(rng.randint(35, 45)):
        planned = i < 1 and rng.random() < 0.5
        days_ago = -rng.randint(1, 14) if planned else rng.randint(0, 365)
        when = m.now - timedelta(days=days_ago, hours=rng.randint(0, 8))
        steps = []
        if rng.random() < 0.3 and not planned:
            due = when.date() + timedelta(days=rng.randint(3, 30))
            done = due < m.today and rng.random() < 0.6
            steps.append(
                NextStep(
                    id=m.id(),
                    text=rng.choice(n.NEXT_STEPS),
                    due_on=due,
                    owner=account.owner,
                    done=done,
                    done_on=due if done else None,
                )
            )
        result.append(
            Activity(
                **m.stamp(max(days_ago, 0)),
                account_id=account.id,
                opportunity_id=rng.choice(opps).id if opps and rng.random() < 0.8 else None,
                type=list(e.ActivityType)[i % len(e.ActivityType)],
                occurred_at=when,
                planned=planned,
                contact_ids=[p.id for p in rng.sample(people, min(len(people), rng.randint(1, 3)))],
                summary=rng.choice(n.SUMMARIES),
                customer_replies=rng.choice(n.REPLIES),
                next_steps=steps,
            )
        )
    return result


def _competitors(m: _Maker, account: Account) -> list[Competitor]:
    rng = m.rng
    return [
        Competitor(
            **m.stamp(rng.randint(10, 300)),
            account_id=account.id,
            name=rival,
            history=f"与客户合作{rng.randint(1, 8)}年",
            relationships="与IT部门关系较好",
            rival_rep=m.person(),
            rival_rep_style=rng.choice(n.RIVAL_STYLES),
            price=rng.choice(("报价偏低", "报价偏高", "价格灵活")),
            service=rng.choice(("本地有服务团队", "响应慢", "服务一般")),
            network=rng.choice(("全国覆盖", "只在一线城市", "渠道多")),
            strengths="品牌知名度高",
            weaknesses="实施周期长",
        )
        for rival in rng.sample(n.RIVALS, rng.randint(1, 3))
    ]


def _needs_and_answers(m: _Maker, opp: Opportunity, questions) -> list[Record]:
    rng = m.rng
    problem = SpinAnswer(
        **m.stamp(rng.randint(5, 60)),
        opportunity_id=opp.id,
        question_id=questions[8].id,
        question_text=questions[8].text_zh,
        category=e.SpinCategory.PROBLEM,
        contact_ids=opp.contact_ids[:1],
        answer=rng.choice(("高峰期系统经常卡顿", "数据在部门之间无法共享", "运维成本每年上涨")),
        asked_at=m.now - timedelta(days=rng.randint(5, 60)),
    )
    goal = NeedItem(
        **m.stamp(5),
        opportunity_id=opp.id,
        level=e.NeedLevel.GOAL,
        text="提升运营效率，支撑业务增长",
        contact_ids=opp.contact_ids[:1],
    )
    pain = NeedItem(
        **m.stamp(5),
        opportunity_id=opp.id,
        level=e.NeedLevel.PROBLEM,
        text=problem.answer,
        contact_ids=opp.contact_ids[:1],
        spin_answer_ids=[problem.id],
    )
    return [problem, goal, pain]


def _proposal(
    m: _Maker, account: Account, opp: Opportunity, products: list[Product], needs: list[Record]
) -> Proposal:
    rng = m.rng
    product = rng.choice(products)
    need = next(
        (r for r in needs if isinstance(r, NeedItem) and r.level == e.NeedLevel.PROBLEM), None
    )
    return Proposal(
        **m.stamp(rng.randint(1, 60)),
        opportunity_id=opp.id,
        account_id=account.id,
        version=1,
        title=f"{account.name}{opp.name}建议书",
        issued_on=m.day(-60, -1),
        sections={
            e.ProposalSection.COVER_LETTER: f"尊敬的{account.name}领导：感谢贵公司的信任。",
            e.ProposalSection.CURRENT_AND_FUTURE: "贵公司业务快速增长，现有系统已难以支撑未来三年的发展。",
            e.ProposalSection.PROBLEMS_AND_CHALLENGES: "1. 高峰期系统卡顿\n2. 数据无法共享\n3. 运维成本上涨",
            e.ProposalSection.SOLUTION: f"以{product.name}为核心，分两期实施。",
        },
        fab_statements=[
            FabStatement(
                id=m.id(),
                product_id=product.id,
                feature=product.feature,
                advantage=product.advantage,
                benefit="让业务部门在高峰期也能稳定运行",
                contact_id=opp.contact_ids[0] if opp.contact_ids else None,
                need_id=need.id if need else None,
            )
        ],
        quote=Quote(
            lines=[
                QuoteLine(
                    product=product.name,
                    quantity=Decimal(rng.randint(1, 20)),
                    unit_price=Decimal(rng.randrange(1, 50)) * Decimal("1000"),
                    discount=Decimal("0.05"),
                ),
                QuoteLine(product="实施服务", quantity=Decimal("1"), unit_price=Decimal("50000")),
            ]
        ),
    )


def _invoice(m: _Maker, account: Account, opp: Opportunity) -> Invoice:
    rng = m.rng
    issued = opp.closed_on or m.day(-120, -10)
    due = issued + timedelta(days=30)
    paid = opp.amount * Decimal(rng.choice(("0", "0.3", "0.5", "1")))
    payments = [Payment(amount=paid, paid_on=min(due, m.today))] if paid else []
    return Invoice(
        **m.stamp(10),
        opportunity_id=opp.id,
        account_id=account.id,
        number=f"INV-{rng.randint(10000, 99999)}",
        amount=opp.amount,
        issued_on=issued,
        due_on=due,
        payments=payments,
    )


def _checklist(
    m: _Maker, account: Account, opp: Opportunity | None, people: list[Contact]
) -> Checklist:
    meet = people[:2]
    items = [
        ChecklistItem(id=m.id(), kind=e.ChecklistKind.OBJECTIVE, text="确认需求并约技术交流"),
        ChecklistItem(id=m.id(), kind=e.ChecklistKind.MATERIALS, text="带上同行案例", done=True),
        ChecklistItem(id=m.id(), kind=e.ChecklistKind.NEXT_APPOINTMENT, text="约定下次见面时间"),
    ]
    return Checklist(
        **m.stamp(3),
        account_id=account.id,
        opportunity_id=opp.id if opp else None,
        contact_ids=[p.id for p in meet],
        visit_on=m.day(1, 10),
        objective="确认需求",
        items=items,
    )


def build_demo(
    accounts: int = 40, seed: int = 7, today: date | None = None
) -> dict[type[Record], list[Record]]:
    """The demo dataset by record type; the same seed and `today` give the same records."""
    m = _Maker(seed, today or DEMO_TODAY)
    out: dict[type[Record], list[Record]] = {}

    def add(records) -> None:
        for record in records:
            out.setdefault(type(record), []).append(record)

    questions = seed_questions()
    add(questions)
    add(seed_objections())
    products = [
        Product(**m.stamp(200), name=name, feature=f, advantage=a, alternative="传统方案")
        for name, f, a in n.PRODUCTS
    ]
    add(products)
    for index in range(accounts):
        account = _account(m, index)
        people = _contacts(m, account)
        rivals = _competitors(m, account)
        opps = _opportunities(m, account, people, rivals)
        add([account, *people, *rivals, *opps])
        add(_activities(m, account, people, opps))
        for opp in opps:
            if m.rng.random() < 0.5:
                needs = _needs_and_answers(m, opp, questions)
                add(needs)
                if m.rng.random() < 0.5:
                    add([_proposal(m, account, opp, products, needs)])
            if opp.status == e.OpportunityStatus.WON:
                add([_invoice(m, account, opp)])
        if index % 5 == 0:
            open_opps = [o for o in opps if o.status == e.OpportunityStatus.OPEN]
            add([_checklist(m, account, open_opps[0] if open_opps else None, people)])
    return out


def demo_records_flat(accounts: int = 40, seed: int = 7, today: date | None = None) -> list[Record]:
    return [r for group in build_demo(accounts, seed, today).values() for r in group]
