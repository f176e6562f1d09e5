"""A-card maths (METHOD §2.1): total of five 1–5 scores, effort share, recommendation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dragon_tui.method.acard import EFFORT_SHARE, INVEST_THRESHOLD, acard_total, assess
from dragon_tui.models import ACard, ACardScore
from dragon_tui.models.enums import ACardCriterion, TimingBucket


def card(*scores: int | None, timing: TimingBucket | None = None) -> ACard:
    return ACard(
        scores={
            c: ACardScore(score=s, note=f"n{i}")
            for i, (c, s) in enumerate(zip(ACardCriterion, scores, strict=False))
        },
        timing_bucket=timing,
    )


def test_total_needs_all_five_scores():
    assert acard_total(card(5, 4, 3, 2, 1)) == 15
    assert acard_total(card(5, 4, 3, 2)) is None
    assert acard_total(card(5, 4, None, 2, 1)) is None
    assert acard_total(ACard()) is None


def test_effort_rule_70_20_10():
    assert [assess(card(timing=b)).effort_share for b in TimingBucket] == [0.7, 0.2, 0.1]
    assert sum(EFFORT_SHARE.values()) == pytest.approx(1.0)
    assert assess(card(3, 3, 3, 3, 3)).effort_share is None  # no timing yet


@pytest.mark.parametrize(
    ("scores", "invest"),
    [
        ((4, 4, 4, 3, 3), True),  # 18 = the threshold
        ((4, 4, 3, 3, 3), False),  # 17: nurture
        ((5, 5, 5, 5, 5), True),
        ((5, 5, 5, 5, 1), False),  # 21 but one fatal weakness
        ((2, 2, 2, 2, 2), False),
    ],
)
def test_recommendation_threshold(scores, invest):
    result = assess(card(*scores, timing=TimingBucket.THIS_QUARTER))
    assert result.total == sum(scores) and result.scored == 5
    assert result.invest_now is invest
    assert ("Invest now" in result.recommendation_text("en")) is invest
    assert ("Nurture" in result.recommendation_text("en")) is not invest
    assert INVEST_THRESHOLD == 18


def test_incomplete_card_asks_for_the_scores_first():
    result = assess(card(5, 5, 5))
    assert result.total is None and result.scored == 3 and not result.invest_now
    assert "five" in result.recommendation_text("en")
    assert "五" in result.recommendation_text("zh")


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_scores_outside_1_to_5_are_refused(bad):
    with pytest.raises(ValidationError):
        ACardScore(score=bad)
