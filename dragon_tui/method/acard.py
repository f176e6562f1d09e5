"""The A-card (A卡, METHOD §2.1): five criteria scored 1–5, total, timing bucket, recommendation."""

from __future__ import annotations

from dataclasses import dataclass

from dragon_tui.labels import Phrase, phrase
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
    recommendation: Phrase  # acard.rec.score_first | acard.rec.invest | acard.rec.nurture

    def recommendation_text(self, lang: str) -> str:
        return self.recommendation.text(lang)


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
        rec = phrase("acard.rec.score_first")
        invest = False
    elif total >= INVEST_THRESHOLD and min(scores.values()) > 1:
        rec = phrase("acard.rec.invest")
        invest = True
    else:
        rec = phrase("acard.rec.nurture")
        invest = False
    return ACardAssessment(total, len(scores), share, invest, rec)


# "a quarter's target that can't be made → all effort this quarter" (issue 19, the source's
# second effort rule): when the quarter's forecast is below its target, this quarter's deals get
# all the time and later ones none until the target is safe.
ALL_IN_THIS_QUARTER = {
    TimingBucket.THIS_QUARTER: 1.0,
    TimingBucket.THIS_YEAR: 0.0,
    TimingBucket.NEXT_YEAR: 0.0,
}


def quarter_target_at_risk(forecast: float | None) -> bool:
    """The quarter's target cannot be made: the forecast (closed + weighted open ÷ target) is
    below 1. No target (None) is never at risk."""
    return forecast is not None and forecast < 1.0


def effort_share(card: ACard, target_at_risk: bool = False) -> float | None:
    """The share of the rep's time this opportunity's timing bucket deserves."""
    if card.timing_bucket is None:
        return None
    shares = ALL_IN_THIS_QUARTER if target_at_risk else EFFORT_SHARE
    return shares[card.timing_bucket]


def prospect_score(account_card: ACard, opportunity_cards: list[ACard]) -> int | None:
    """An account's rank on the prospect priority list: the best A-card total among its
    opportunities, else the account's own (older) A-card; None when nothing is scored."""
    totals = [t for t in map(acard_total, opportunity_cards) if t is not None]
    if totals:
        return max(totals)
    return acard_total(account_card)


# The prospect priority list: "accounts ranked by A-card score and timing" (METHOD §5). Between
# two equal scores the deal that can close sooner comes first.
TIMING_ORDER = {
    TimingBucket.THIS_QUARTER: 3,
    TimingBucket.THIS_YEAR: 2,
    TimingBucket.NEXT_YEAR: 1,
}


def prospect_rank(total: int | None, timing: TimingBucket | None) -> tuple[int, int] | None:
    """The sort key of a scored A-card on the prospect list (higher first); None unscored."""
    if total is None:
        return None
    return total, TIMING_ORDER.get(timing, 0) if timing is not None else 0


def prospect_rank_of_document(doc: object) -> tuple[int, int] | None:
    """`prospect_rank` read straight from a stored A-card document."""
    total = acard_total_of_document(doc)
    if total is None:
        return None
    timing = doc.get("timing_bucket")  # type: ignore[union-attr]  (a dict: it has a total)
    try:
        # the rank of each stored value, looked up (the account list reads 5,000 cards at start)
        return total, _TIMING_RANK.get(timing, 0)
    except TypeError:  # an unhashable value: no timing
        return total, 0


_TIMING_RANK = {bucket.value: rank for bucket, rank in TIMING_ORDER.items()}
_CRITERIA = tuple(c.value for c in ACardCriterion)  # read per stored card: no Enum lookups


def acard_total_of_document(doc: object) -> int | None:
    """`acard_total` read straight from a stored A-card document (the account list reads
    documents, not models, to start fast)."""
    if not isinstance(doc, dict):
        return None
    scores = doc.get("scores")
    if not isinstance(scores, dict):
        return None
    total = 0
    for criterion in _CRITERIA:
        value = (scores.get(criterion) or {}).get("score")
        if not isinstance(value, int):
            return None
        total += value
    return total
