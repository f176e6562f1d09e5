"""The A-card (A卡, METHOD §2.1): five criteria scored 1–5, total, timing bucket, recommendation."""

from __future__ import annotations

from dataclasses import dataclass

from dragon_tui.models import ACard
from dragon_tui.models.enums import ACardCriterion, TimingBucket

# The effort rule: 70% of time on deals closing this quarter, 20% this year, 10% next year.
EFFORT_SHARE = {
    TimingBucket.THIS_QUARTER: 0.70,
    TimingBucket.THIS_YEAR: 0.20,
    TimingBucket.NEXT_YEAR: 0.10,
}
# Invest now when every criterion is assessed, the total is at least 18/25 (a 3.6 average)
# and no single criterion is a 1: one fatal weakness is enough to wait.
INVEST_THRESHOLD = 18


@dataclass(frozen=True)
class ACardAssessment:
    total: int | None  # None until all five criteria are scored
    scored: int
    effort_share: float | None
    invest_now: bool
    recommendation: tuple[str, str]

    def recommendation_text(self, lang: str) -> str:
        return self.recommendation[0 if lang == "zh" else 1]


def acard_total(card: ACard) -> int | None:
    scores = [card.scores.get(c) for c in ACardCriterion]
    if any(s is None or s.score is None for s in scores):
        return None
    return sum(s.score for s in scores)  # type: ignore[union-attr]


def assess(card: ACard) -> ACardAssessment:
    scores = {c: s.score for c, s in card.scores.items() if s.score is not None}
    total = acard_total(card)
    share = EFFORT_SHARE.get(card.timing_bucket) if card.timing_bucket else None
    if total is None:
        rec = ("先完成五项评分", "Score all five criteria first")
        invest = False
    elif total >= INVEST_THRESHOLD and min(scores.values()) > 1:
        rec = ("立即投入：进入建立信任阶段", "Invest now: move to Build trust")
        invest = True
    else:
        rec = (
            "保持联系，等待时机（电话、信息、小礼物）",
            "Nurture: keep in touch (calls, messages, small gifts) and wait",
        )
        invest = False
    return ACardAssessment(total, len(scores), share, invest, rec)
