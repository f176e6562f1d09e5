"""Each move's steps and exit marker checked from the data; overrides; won only from move 5."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dragon_tui.method import moves
from dragon_tui.method.moves import DealRecords, ExitMarkerUnmet, move_guide
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Activity,
    Contact,
    CreditCheck,
    Invoice,
    Opportunity,
    Payment,
    SignalSeen,
    StageOverride,
)
from dragon_tui.models.enums import (
    ACardCriterion,
    BuyingSignal,
    ClosingMethod,
    CreditRating,
    OpportunityStatus,
    PurchaseRole,
    RelationshipStage,
    StageScheme,
)

TODAY = date(2026, 11, 25)
ACCOUNT = Account(id="acc", name="北京现代", industry="汽车")


def deal(stage: int = 1, **kw) -> Opportunity:
    return Opportunity(
        id="o", account_id="acc", name="产线", amount=Decimal("100"), stage=stage, **kw
    )


def records(opp: Opportunity, **kw) -> DealRecords:
    return DealRecords(opportunity=opp, account=kw.pop("account", ACCOUNT), **kw)


def card(*scores: int) -> ACard:
    return ACard(
        scores={c: ACardScore(score=s) for c, s in zip(ACardCriterion, scores, strict=True)}
    )


def test_move_1_exit_is_the_opportunitys_acard_saying_invest():
    # METHOD §2.1: "A strong A-card → invest now (go to stage 2). Weak → keep in touch"
    assert move_guide(records(deal(acard=card(4, 4, 4, 4, 4)))).marker_met is True
    assert move_guide(records(deal(acard=card(5, 5, 5, 5, 1)))).marker_met is False
    assert move_guide(records(deal())).marker_met is False


def test_move_1_steps_read_the_dossier():
    # METHOD §2.1: "Find an inside contact, the coach (内线/教练)" … "Assess the opportunity"
    bare = {s.key: s.done for s in move_guide(records(deal())).steps}
    assert bare == {
        "find_coach": False,
        "customer_status": True,
        "organisation": False,
        "competitors": False,
        "acard": False,
    }
    coach = Contact(account_id="acc", name="小李", is_coach=True)
    done = {
        s.key: s.done
        for s in move_guide(records(deal(acard=card(1, 1, 1, 1, 1)), contacts=[coach])).steps
    }
    assert done["find_coach"] and done["acard"]


@pytest.mark.parametrize(
    ("rung", "met"),
    [
        (RelationshipStage.ACQUAINTANCE, False),
        (RelationshipStage.INTERACTION, False),
        (RelationshipStage.TRUST, True),
        (RelationshipStage.ALLIANCE, True),
    ],
)
def test_move_2_exit_is_decision_maker_or_coach_at_trust_or_above(rung, met):
    # METHOD §2 table: "key stakeholders trust the rep (relationship ≥ trust with decision-maker/coach)"
    dm = Contact(
        account_id="acc", name="王总", roles=[PurchaseRole.DECISION_MAKER], relationship_stage=rung
    )
    assert move_guide(records(deal(2), contacts=[dm])).marker_met is met
    user = Contact(
        account_id="acc", name="张工", roles=[PurchaseRole.USER], relationship_stage=rung
    )
    assert move_guide(records(deal(2), contacts=[user])).marker_met is False


def test_move_3_exit_is_needs_confirmed_in_writing():
    # METHOD §2.3: "Exit: needs explicit and, ideally, confirmed in writing (书面需求)."
    assert move_guide(records(deal(3))).marker_met is False
    assert move_guide(records(deal(3, needs_confirmed_in_writing=True))).marker_met is True


def test_move_4_exit_is_a_buying_signal_seen():
    # METHOD §2.4: "Exit: the customer signals they will switch to us and negotiation starts."
    assert move_guide(records(deal(4))).marker_met is False
    seen = [SignalSeen(signal=BuyingSignal.PRICE, seen_on=TODAY)]
    assert move_guide(records(deal(4, buying_signals=seen))).marker_met is True


def test_move_5_exit_is_contract_signed_and_steps_follow_the_workbench():
    # METHOD §2.5: "Exit: contract signed."
    assert move_guide(records(deal(5))).marker_met is False
    signed = deal(5, contract_signed_on=TODAY)
    assert move_guide(records(signed)).marker_met is True
    closing = Activity(
        account_id="acc",
        opportunity_id="o",
        occurred_at=datetime(2026, 11, 1, tzinfo=UTC),
        closing_method=ClosingMethod.CHOICE,
    )
    steps = {s.key: s.done for s in move_guide(records(signed, activities=[closing])).steps}
    assert steps["closing"] and not steps["buying_signals"] and not steps["upsell"]


def test_move_6_exit_is_invoices_paid_in_full():
    # METHOD §2.6 / issue 19: "Stage 6 ends when the opportunity's invoices are paid in full."
    def invoice(*paid: str) -> Invoice:
        return Invoice(
            account_id="acc",
            opportunity_id="o",
            number="1",
            amount=Decimal("100"),
            issued_on=TODAY,
            due_on=TODAY,
            payments=[Payment(amount=Decimal(p), paid_on=TODAY) for p in paid],
        )

    assert move_guide(records(deal(6))).marker_met is False  # no invoice yet: nothing paid
    assert move_guide(records(deal(6), invoices=[invoice("40")])).marker_met is False
    assert move_guide(records(deal(6), invoices=[invoice("40", "60")])).marker_met is True
    assert move_guide(records(deal(6), invoices=[invoice("100"), invoice()])).marker_met is False
    checked = ACCOUNT.with_changes(
        credit_check=CreditCheck(checked_on=TODAY, rating=CreditRating.GOOD).model_dump()
    )
    steps = {s.key: s.done for s in move_guide(records(deal(6), account=checked)).steps}
    assert steps["credit_check"] and not steps["invoices"]


def test_telephone_scheme_markers_are_confirmed_by_hand():
    assert move_guide(records(deal(3)), StageScheme.TELEPHONE).marker_met is None


def test_advancing_with_the_marker_unmet_needs_a_reason_and_records_it():
    # Issue 19: "Advancing with the marker unmet asks for a reason and records the override."
    r = records(deal(3))
    with pytest.raises(ExitMarkerUnmet, match="reason"):
        moves.advance_checked(r, TODAY)
    with pytest.raises(ExitMarkerUnmet):
        moves.advance_checked(r, TODAY, reason="   ")
    moved = moves.advance_checked(r, TODAY, reason="客户口头确认")
    assert moved.stage == 4
    assert moved.stage_overrides == [
        StageOverride(from_stage=3, to_stage=4, on=TODAY, reason="客户口头确认")
    ]
    assert moved.stage_history[-1].from_stage == 3


def test_advancing_with_the_marker_met_records_no_override():
    moved = moves.advance_checked(records(deal(3, needs_confirmed_in_writing=True)), TODAY)
    assert moved.stage == 4 and moved.stage_overrides == []


def test_won_only_from_move_5_or_with_a_recorded_override():
    # Issue 19: "Won is only possible from move 5 or with a recorded override."
    with pytest.raises(ExitMarkerUnmet):
        moves.mark_won_checked(deal(4), TODAY)
    won = moves.mark_won_checked(deal(4), TODAY, reason="总部直签")
    assert won.status == OpportunityStatus.WON
    assert won.stage_overrides[-1] == StageOverride(
        from_stage=4, to_stage=0, on=TODAY, reason="总部直签"
    )
    for stage in (5, 6):
        plain = moves.mark_won_checked(deal(stage), TODAY)
        assert plain.status == OpportunityStatus.WON and plain.stage_overrides == []
