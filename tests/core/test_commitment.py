"""Move 5 (buying signals, closing, negotiation, upsell), the A-card effort rules, the attitude
scale's labels and cues, and the coverage warnings added by issue 19."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dragon_tui.errors import ValidationFailed
from dragon_tui.labels import label, parse_enum
from dragon_tui.method import acard, commitment
from dragon_tui.method.attitude import attitude_cue_phrases, trust_activities
from dragon_tui.method.coverage import WarningKind, coverage_warnings
from dragon_tui.models import ACard, ACardScore, Contact, NegotiationPlan, Opportunity, Trade
from dragon_tui.models.enums import (
    ACardCriterion,
    Attitude,
    BuyingSignal,
    ClosingMethod,
    ClosingResult,
    RelationshipStage,
    TimingBucket,
    UpsellDirection,
)

TODAY = date(2026, 11, 25)


def deal(stage: int = 4, **kw) -> Opportunity:
    return Opportunity(account_id="acc", name="产线", stage=stage, **kw)


def test_buying_signal_ticked_with_its_date_and_unticked():
    # Issue 19: "the buying signals of the method … ticked as seen, with the date"
    ticked = commitment.toggle_signal(deal(), BuyingSignal.PAYMENT_TERMS, TODAY)
    assert [(s.signal, s.seen_on) for s in ticked.buying_signals] == [
        (BuyingSignal.PAYMENT_TERMS, TODAY)
    ]
    assert commitment.toggle_signal(ticked, BuyingSignal.PAYMENT_TERMS, TODAY).buying_signals == []


def test_signals_suggest_moving_on_before_win_commitment_only():
    # Issue 19: "when signals appear the app suggests moving on"
    assert not commitment.suggests_moving_on(deal())
    seen = commitment.toggle_signal(deal(3), BuyingSignal.TRIAL, TODAY)
    assert commitment.suggests_moving_on(seen)
    assert not commitment.suggests_moving_on(seen.with_changes(stage=5))


def test_closing_attempt_is_logged_as_an_activity():
    # Issue 19: "the closing method used (选择法 …) and the result, logged as an activity"
    opp = deal(5, contact_ids=["p1"])
    when = datetime(2026, 11, 20, 9, tzinfo=UTC)
    act = commitment.closing_activity(opp, ClosingMethod.CHOICE, ClosingResult.DEFERRED, when)
    assert (act.opportunity_id, act.account_id, act.contact_ids) == (opp.id, "acc", ["p1"])
    assert (act.closing_method, act.closing_result, act.occurred_at) == (
        ClosingMethod.CHOICE,
        ClosingResult.DEFERRED,
        when,
    )


def with_concessions(*amounts: str) -> Opportunity:
    plan = NegotiationPlan(concessions=[{"amount": Decimal(a)} for a in amounts])
    return deal(5, negotiation=plan)


def test_concessions_must_shrink():
    # METHOD §2.5: "probe the bottom line, concede in shrinking steps"
    assert commitment.concession_warnings(with_concessions("50000", "20000", "5000")) == []
    flagged = commitment.concession_warnings(with_concessions("50000", "50000", "10000", "20000"))
    assert [w.index for w in flagged] == [1, 3]
    assert "shrinking" in flagged[0].text("en") and "逐步缩小" in flagged[0].text("zh")


@given(st.lists(st.integers(min_value=1, max_value=10**9), max_size=12))
def test_concession_warnings_flag_exactly_the_steps_that_do_not_shrink(amounts):
    opp = with_concessions(*map(str, amounts))
    flagged = {w.index for w in commitment.concession_warnings(opp)}
    for i in range(1, len(amounts)):
        assert (i in flagged) == (amounts[i] >= amounts[i - 1])
    assert 0 not in flagged


def test_trades_that_ask_nothing_back_are_flagged():
    # METHOD §2.5: "trade concessions (never give without getting)"
    plan = NegotiationPlan(
        trades=[Trade(give="免费培训", get="预付30%"), Trade(give="延长保修", get=" ")]
    )
    assert commitment.trades_without_return(deal(5, negotiation=plan)) == [1]


def test_upsell_follow_ups_in_due_order():
    # METHOD §2.5: "Expand the deal: vertical (more of the same), horizontal (other …)"
    opp = commitment.add_upsell(deal(5), UpsellDirection.HORIZONTAL, "介绍财务部", None)
    opp = commitment.add_upsell(opp, UpsellDirection.VERTICAL, "二期产线", date(2026, 12, 1))
    assert [u.text for u in commitment.open_upsells(opp)] == ["二期产线", "介绍财务部"]
    with pytest.raises(ValidationFailed):
        commitment.add_upsell(opp, UpsellDirection.VERTICAL, "  ")


def test_sign_contract_meets_move_5s_marker():
    assert commitment.sign_contract(deal(5), TODAY).contract_signed_on == TODAY


def test_effort_rule_70_20_10_and_all_in_when_the_quarter_target_is_at_risk():
    # METHOD §2.1: "70% of time on deals closing this quarter, 20% this year, 10% next year";
    # issue 19: "a quarter's target that can't be made → all effort this quarter"
    shares = {b: acard.effort_share(ACard(timing_bucket=b)) for b in TimingBucket}
    assert shares == {
        TimingBucket.THIS_QUARTER: 0.70,
        TimingBucket.THIS_YEAR: 0.20,
        TimingBucket.NEXT_YEAR: 0.10,
    }
    at_risk = acard.quarter_target_at_risk(0.8)
    assert at_risk and not acard.quarter_target_at_risk(1.0)
    assert not acard.quarter_target_at_risk(None)
    assert acard.effort_share(ACard(timing_bucket=TimingBucket.THIS_QUARTER), at_risk) == 1.0
    assert acard.effort_share(ACard(timing_bucket=TimingBucket.NEXT_YEAR), at_risk) == 0.0
    assert acard.effort_share(ACard()) is None


def test_prospects_rank_by_their_best_opportunitys_acard():
    # METHOD §5: "Prospect priority list: accounts ranked by A-card score and timing."
    def card(score: int) -> ACard:
        return ACard(scores={c: ACardScore(score=score) for c in ACardCriterion})

    assert acard.prospect_score(card(1), [card(3), card(4), ACard()]) == 20
    assert acard.prospect_score(card(2), [ACard()]) == 10
    assert acard.prospect_score(ACard(), []) is None


def test_attitude_scale_uses_the_sources_nine_labels():
    # METHOD §3: "+4 坚决拥护 … +3 大力支持 … +2 表示支持 … +1 产生兴趣 … 0 观点一致 …
    # −1 毫无兴趣 … −2 负面评价 … −3 当众抵制 … −4 势不两立"
    expected = [
        "势不两立",
        "当众抵制",
        "负面评价",
        "毫无兴趣",
        "观点一致",
        "产生兴趣",
        "表示支持",
        "大力支持",
        "坚决拥护",
    ]
    assert [label(Attitude(v), "zh") for v in range(-4, 5)] == expected
    assert parse_enum(Attitude, "当众抵制") == Attitude(-3)


def test_each_attitude_level_has_cues_and_typical_phrases_in_both_languages():
    # METHOD §3: "−1 毫无兴趣 … ("you're too late", "leave the brochure", "no budget this year")"
    cues = attitude_cue_phrases(Attitude(-1))
    assert "fears risk" in cues.behaviour.text("en")
    assert "No budget this year" in cues.says.text("en")
    assert "今年没有预算" in cues.says.text("zh")
    for level in Attitude:
        cues = attitude_cue_phrases(level)
        for lang in ("zh", "en"):
            for text in (cues.behaviour.text(lang), cues.says.text(lang)):
                assert text and not text.startswith("attitude.")  # a label, not a missing key
    assert "first meeting" in trust_activities(RelationshipStage.ACQUAINTANCE, "en")


def kinds(people) -> list[WarningKind]:
    return [w.kind for w in coverage_warnings(people, TODAY)]


def test_a_coach_with_a_negative_attitude_is_a_warning():
    # Issue 19: "A coach with a negative attitude … [is a] coverage warning."
    sour = Contact(id="c", account_id="acc", name="小李", is_coach=True, attitude=-1)
    neutral = Contact(id="c", account_id="acc", name="小李", is_coach=True, attitude=0)
    assert WarningKind.COACH_NEGATIVE in kinds([sour])
    assert WarningKind.COACH_NEGATIVE not in kinds([neutral])


def test_a_deal_resting_on_one_person_is_a_warning():
    # Issue 19: "… a deal that rests on one person, are coverage warnings."
    one = Contact(id="a", account_id="acc", name="王总", attitude=3)
    other = Contact(id="b", account_id="acc", name="张工", attitude=-1)
    two = Contact(id="c", account_id="acc", name="刘工", attitude=1)
    assert WarningKind.SINGLE_THREADED in kinds([one])
    assert WarningKind.SINGLE_THREADED in kinds([one, other])
    assert WarningKind.SINGLE_THREADED not in kinds([one, other, two])


def _doc(record) -> dict:
    return record.model_dump(mode="json", exclude_defaults=True) | {"id": record.id}


def test_account_list_sorts_prospects_by_their_opportunities_acard():
    # Issue 19: "the account list can sort prospects by it" (METHOD §5 prospect priority list)
    from dragon_tui.method.filters import sort_rows
    from dragon_tui.models import Account
    from dragon_tui.search import AccountIndex

    def card(score: int) -> ACard:
        return ACard(scores={c: ACardScore(score=score) for c in ACardCriterion})

    strong, weak, older, none = (
        Account(name="甲"),
        Account(name="乙"),
        Account(name="丙", acard=card(3)),
        Account(name="丁"),
    )
    opportunities = [
        Opportunity(account_id=strong.id, name="a", acard=card(5)),
        Opportunity(account_id=weak.id, name="b", acard=card(2)),
        Opportunity(account_id=weak.id, name="c", acard=card(5), status="won"),  # closed: ignored
    ]
    index = AccountIndex.from_documents(
        [_doc(a) for a in (strong, weak, older, none)], [], [_doc(o) for o in opportunities]
    )
    ranked = sort_rows(index.rows, "prospect_score", descending=True)
    assert [(r.account.name, r.prospect_score) for r in ranked] == [
        ("甲", 25),
        ("丙", 15),
        ("乙", 10),
        ("丁", None),
    ]


def test_the_quarter_is_at_risk_when_its_forecast_is_below_the_target(store):
    # issue 19: "a quarter's target that can't be made → all effort this quarter"
    from dragon_tui.models import Account
    from dragon_tui.service.deal import quarter_at_risk

    account = store.save(Account(name="甲"))
    this_quarter = date(2026, 11, 30)
    store.save(
        Opportunity(
            account_id=account.id,
            name="a",
            amount=Decimal("300000"),
            stage=5,
            expected_close=this_quarter,
        )
    )
    assert not quarter_at_risk(store, TODAY)  # no target: never at risk
    settings = store.settings()
    store.save_settings(settings.with_changes(sales_target=Decimal("100000")))
    assert not quarter_at_risk(store, TODAY)  # 300,000 × stage 5's rate covers 100,000
    store.save_settings(settings.with_changes(sales_target=Decimal("900000")))
    assert quarter_at_risk(store, TODAY)


def test_prospects_with_equal_scores_rank_by_timing():
    # METHOD §5: "Prospect priority list: accounts ranked by A-card score and timing."
    from dragon_tui.method.filters import sort_rows
    from dragon_tui.models import Account
    from dragon_tui.search import AccountIndex

    def card(score: int, timing: TimingBucket | None) -> ACard:
        scores = {c: ACardScore(score=score) for c in ACardCriterion}
        return ACard(scores=scores, timing_bucket=timing)

    later, sooner, undated, better = (Account(name=n) for n in ("后", "先", "无", "高"))
    opportunities = [
        Opportunity(account_id=later.id, name="a", acard=card(4, TimingBucket.NEXT_YEAR)),
        Opportunity(account_id=sooner.id, name="b", acard=card(4, TimingBucket.THIS_QUARTER)),
        Opportunity(account_id=undated.id, name="c", acard=card(4, None)),
        # a higher score wins over a sooner timing
        Opportunity(account_id=better.id, name="d", acard=card(5, TimingBucket.NEXT_YEAR)),
        # the account's best card is its best score, then its soonest timing
        Opportunity(account_id=later.id, name="e", acard=card(4, TimingBucket.THIS_YEAR)),
    ]
    index = AccountIndex.from_documents(
        [_doc(a) for a in (later, sooner, undated, better)], [], [_doc(o) for o in opportunities]
    )
    ranked = sort_rows(index.rows, "prospect_score", descending=True)
    assert [(r.account.name, r.prospect_score) for r in ranked] == [
        ("高", 25),
        ("先", 20),
        ("后", 20),
        ("无", 20),
    ]


def test_deal_health_reads_the_opportunitys_acard():
    from dragon_tui.method.health import deal_health
    from dragon_tui.models import Account

    strong = ACard(scores={c: ACardScore(score=5) for c in ACardCriterion})
    reasons = [
        r.text("en")
        for r in deal_health(deal(3, acard=strong), Account(name="甲"), [], TODAY, [30] * 6).reasons
    ]
    assert "A-card not assessed" not in reasons
    bare = deal_health(deal(3), Account(name="甲"), [], TODAY, [30] * 6).reasons
    assert [r.text("zh") for r in bare if r.key == "health.acard_missing"] == ["A卡未评估"]


def test_finance_is_its_own_function_with_its_needs():
    # METHOD §3: "财务部门 finance (the group-purchase source treats their needs apart)" …
    # "purchasing: performance/cost, delivery flexibility, low risk; … finance: cost, payment terms"
    from dragon_tui.method.needs_hints import needs_hints
    from dragon_tui.models.enums import Function, Level

    finance = Contact(account_id="acc", name="钱会计", function=Function.FINANCE)
    buyer = Contact(account_id="acc", name="采购", function=Function.PURCHASING)
    assert "Finance: cost, payment terms" in needs_hints(finance, "en")
    assert not any("payment terms" in h for h in needs_hints(buyer, "en"))
    assert label(Function.FINANCE, "zh") == "财务部门"
    assert Function("purchasing_finance") is Function.PURCHASING  # old data still loads
    manager = Contact(account_id="acc", name="经理", level=Level.MANAGEMENT)
    worker = Contact(account_id="acc", name="操作员", level=Level.OPERATIONAL)
    assert any(h.startswith("Management:") for h in needs_hints(manager, "en"))
    assert any(h.startswith("Execution level:") for h in needs_hints(worker, "en"))


def test_maslow_cues_help_while_the_personal_need_is_unknown():
    # METHOD §3: "personal needs (个人需求, Maslow): 安全 safety (avoid blame), 归属 belonging …"
    from dragon_tui.method.needs_hints import needs_hints
    from dragon_tui.models.enums import PersonalNeed

    unknown = needs_hints(Contact(account_id="acc", name="甲"), "zh")
    assert sum("→" in h for h in unknown) == 4 and any(h.endswith("→ 安全") for h in unknown)
    known = needs_hints(
        Contact(account_id="acc", name="甲", personal_need=PersonalNeed.ESTEEM), "en"
    )
    assert not any("→" in h for h in known) and any(h.startswith("Esteem") for h in known)


def test_purchase_roles_add_buyer_and_influencer_and_the_gatekeeper_is_kanmenzhe():
    # METHOD §3: "the Hyundai practice adds 采购者 buyer … and 影响者 influencer …
    # and 看门者 (also 把关者) gatekeeper"
    from dragon_tui.models.enums import PurchaseRole

    assert [label(r, "zh") for r in (PurchaseRole.BUYER, PurchaseRole.INFLUENCER)] == [
        "采购者",
        "影响者",
    ]
    assert label(PurchaseRole.GATEKEEPER, "zh") == "看门者"
    assert parse_enum(PurchaseRole, "把关者") is PurchaseRole.GATEKEEPER
    assert label(RelationshipStage.INTERACTION, "zh") == "约会"


def test_each_upsell_is_a_follow_up_due_when_it_is():
    # Issue 19: "upsell: vertical … and horizontal …, each as a follow-up"
    from dragon_tui.method.followups import open_steps

    opp = commitment.add_upsell(deal(5), UpsellDirection.VERTICAL, "二期产线", date(2026, 12, 1))
    follow = commitment.upsell_follow_up(
        opp, opp.upsells[0], datetime(2026, 11, 25, tzinfo=UTC), "zh"
    )
    assert (follow.opportunity_id, follow.account_id) == (opp.id, "acc")
    (due,) = open_steps([follow], TODAY)
    assert due.step.due_on == date(2026, 12, 1) and "二期产线" in due.step.text
    assert due.step.text.startswith("纵向")


@given(st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=8), st.data())
def test_rerank_puts_the_named_interests_first_and_keeps_every_one(items, data):
    # METHOD §2.5 negotiation: "understand both positions and interests" — issue 19: "interests
    # ranked for each side"; ranking again never loses or duplicates one.
    named = data.draw(st.permutations(range(1, len(items) + 1)))
    named = named[: data.draw(st.integers(1, len(items)))]
    ranked = commitment.rerank(items, " ".join(map(str, named)))
    assert sorted(ranked) == sorted(items)
    assert ranked[: len(named)] == [items[n - 1] for n in named]
    rest = [items[n - 1] for n in range(1, len(items) + 1) if n not in named]
    assert ranked[len(named) :] == rest


def test_rerank_refuses_what_is_not_a_ranking():
    interests = ["价格", "交期", "服务"]
    assert commitment.rerank(interests, "3，1") == ["服务", "价格", "交期"]
    for bad in ("", "4", "0", "a", "1 1", "-1"):
        with pytest.raises(ValidationFailed):
            commitment.rerank(interests, bad)
