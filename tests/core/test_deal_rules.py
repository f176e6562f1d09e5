"""Stage moves, learned win rates, at-risk rules, health, receivables, A-card (pure functions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dragon_tui.errors import ValidationFailed
from dragon_tui.method import acard, health, learned_rates, receivables, risk, stages
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Contact,
    Invoice,
    Opportunity,
    Payment,
    Settings,
    StageChange,
)
from dragon_tui.models.enums import (
    ACardCriterion,
    Influence,
    PurchaseRole,
    StageScheme,
    TimingBucket,
)

TODAY = date(2026, 11, 25)
EXPECTED = [30, 45, 45, 60, 45, 90]


def opp(**kw):
    base = {
        "account_id": "a",
        "name": "deal",
        "amount": Decimal("1000"),
        "stage": 2,
        "next_step": "demo",
        "next_contact_on": TODAY,
        "stage_history": [StageChange(stage=2, entered_on=date(2026, 11, 1), from_stage=1)],
    }
    base.update(kw)
    return Opportunity(**base)


def good_people():
    return [
        Contact(
            id="dm",
            account_id="a",
            name="王总",
            roles=[PurchaseRole.DECISION_MAKER],
            attitude=3,
            influence=Influence.HIGH,
        ),
        Contact(id="co", account_id="a", name="小李", is_coach=True, attitude=2),
    ]


def test_moves_are_dated_history_both_ways():
    o = opp()
    forward = stages.advance(o, date(2026, 11, 20))
    assert forward.stage == 3 and forward.stage_history[-1] == StageChange(
        stage=3, entered_on=date(2026, 11, 20), from_stage=2
    )
    back = stages.step_back(forward, date(2026, 11, 21))
    assert back.stage == 2 and back.stage_history[-1].from_stage == 3
    assert stages.entered_current_stage(back) == date(2026, 11, 21)


def test_terminal_states():
    won = stages.mark_won(opp(), TODAY)
    assert won.status == "won" and won.closed_on == TODAY
    with pytest.raises(ValidationFailed):
        stages.advance(won, TODAY)
    with pytest.raises(ValidationFailed, match="reason"):
        stages.mark_lost(opp(), TODAY, " ")
    lost = stages.mark_lost(opp(), TODAY, "价格")
    assert lost.lost_reason == "价格"
    with pytest.raises(ValidationFailed):
        stages.advance(opp(stage=6), TODAY)


def test_exit_markers_exist_for_both_schemes():
    from dragon_tui.labels import STRINGS

    for scheme in StageScheme:
        for stage in range(1, 7):
            # every marker is a label in both languages (an unknown key would show the key)
            assert stages.exit_marker_phrase(scheme, stage).key in STRINGS
            zh, en = (stages.exit_marker(scheme, stage, lang) for lang in ("zh", "en"))
            assert zh and en and zh != en
        with pytest.raises(ValueError):
            stages.exit_marker_phrase(scheme, 7)
    # the telephone scheme's Commit keeps −80% (price accepted) and +80% (payment date) apart
    assert "−80%" in stages.exit_marker(StageScheme.TELEPHONE, 4, "en")
    assert "+80%" in stages.exit_marker(StageScheme.TELEPHONE, 5, "zh")


def test_learned_rates_with_a_stage_never_reached():
    history = lambda *s: [StageChange(stage=x, entered_on=TODAY) for x in s]  # noqa: E731
    closed = [
        opp(stage=5, status="won", closed_on=TODAY, stage_history=history(1, 2, 3, 4, 5)),
        opp(
            stage=3, status="lost", closed_on=TODAY, lost_reason="x", stage_history=history(1, 2, 3)
        ),
        opp(stage=2, status="lost", closed_on=TODAY, lost_reason="x", stage_history=history(1, 2)),
        opp(stage=4),  # open: ignored
    ]
    learned = learned_rates.learned_win_rates(closed, [0.05, 0.1, 0.2, 0.3, 0.6, 0.8])
    assert [(r.reached, r.won) for r in learned] == [(3, 1), (3, 1), (2, 1), (1, 1), (1, 1), (0, 0)]
    assert learned[0].observed == pytest.approx(1 / 3)
    assert learned[5].observed is None
    adopted = learned_rates.adopted_rates(learned)
    assert adopted[5] == 0.8 and adopted[3] == 1.0


def test_healthy_deal_has_no_risk():
    assert risk.opportunity_risks(opp(), good_people(), TODAY, EXPECTED) == []


@pytest.mark.parametrize(
    ("changes", "people", "kind"),
    [
        ({"stage_history": [StageChange(stage=2, entered_on=date(2026, 1, 1))]}, None, "stale"),
        ({"next_step": ""}, None, "no_next_step"),
        ({"next_contact_on": None}, None, "no_next_step"),
        (
            {},
            [Contact(account_id="a", name="王总", roles=[PurchaseRole.DECISION_MAKER], attitude=3)],
            "no_coach",
        ),
        (
            {},
            [
                Contact(
                    account_id="a",
                    name="王总",
                    roles=[PurchaseRole.DECISION_MAKER],
                    attitude=0,
                    is_coach=True,
                )
            ],
            "decision_maker",
        ),
        (
            {},
            [
                Contact(
                    account_id="a", name="王总", roles=[PurchaseRole.DECISION_MAKER], is_coach=True
                )
            ],
            "decision_maker",
        ),
        ({}, [Contact(account_id="a", name="小李", is_coach=True)], "decision_maker"),
    ],
)
def test_each_risk_rule(changes, people, kind):
    risks = risk.opportunity_risks(opp(**changes), people or good_people(), TODAY, EXPECTED)
    assert [r.kind for r in risks] == [kind]
    assert risks[0].text("zh") and risks[0].text("en")


def full_card(score=4, bucket=TimingBucket.THIS_QUARTER):
    return ACard(scores={c: ACardScore(score=score) for c in ACardCriterion}, timing_bucket=bucket)


def test_acard_maths():
    strong = acard.assess(full_card(4))
    assert (strong.total, strong.invest_now, strong.effort_share) == (20, True, 0.7)
    weak = acard.assess(full_card(3, TimingBucket.NEXT_YEAR))
    assert (weak.total, weak.invest_now, weak.effort_share) == (15, False, 0.1)
    card = full_card(5)
    one_fatal = card.with_changes(
        scores={**{c.value: {"score": 5} for c in ACardCriterion}, "fit": {"score": 1}}
    )
    assert acard.assess(one_fatal).total == 21 and not acard.assess(one_fatal).invest_now
    partial = acard.assess(ACard(scores={ACardCriterion.FIT: ACardScore(score=5)}))
    assert partial.total is None and partial.scored == 1 and not partial.invest_now


def test_health_reasons_and_next_action():
    account = Account(name="x", acard=full_card(4))
    fine = health.deal_health(opp(), account, good_people(), TODAY, EXPECTED)
    assert fine.score == 100 and fine.next_action is None
    sick = health.deal_health(
        opp(next_step=""), Account(name="x"), good_people()[:1], TODAY, EXPECTED
    )
    assert sick.score == 100 - 20 - 20 - 10
    assert sick.next_action == health.ACTION["no_coach"]


def test_receivables_matrix():
    settings = Settings()

    def inv(amount, due, paid="0"):
        return Invoice(
            opportunity_id="o",
            account_id="a",
            amount=Decimal(amount),
            issued_on=date(2026, 1, 1),
            due_on=due,
            payments=[Payment(amount=Decimal(paid), paid_on=date(2026, 1, 2))]
            if paid != "0"
            else [],
        )

    items = [
        inv("5000", date(2026, 11, 1)),  # short, small
        inv("500000", date(2026, 11, 1)),  # short, large
        inv("5000", date(2026, 6, 1)),  # long, small
        inv("500000", date(2026, 6, 1), paid="100000"),  # long, large, 400k outstanding
        inv("5000", date(2026, 6, 1), paid="5000"),  # paid: not overdue
        inv("5000", date(2026, 12, 1)),  # not due yet
    ]
    overdue = receivables.overdue_invoices(items, TODAY, settings)
    assert [(o.is_long, o.is_large) for o in overdue] == [
        (True, True),
        (True, False),
        (False, True),
        (False, False),
    ]
    assert overdue[0].outstanding == Decimal("400000")
    assert overdue[0].action("en") == "Special arrangement agreed with management"
