"""Deal health (0–100) from the A-card, coverage, stage age and next step, with the next best action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dragon_tui.labels import Phrase, phrase
from dragon_tui.method.acard import acard_total
from dragon_tui.method.risk import opportunity_risks
from dragon_tui.method.support import people_involved, support_score
from dragon_tui.models import Account, Contact, Opportunity

# Points deducted per risk kind, and the action that answers it ("health.action.<kind>").
PENALTY = {"stale": 20, "no_next_step": 20, "no_coach": 20, "decision_maker": 20}
ACTION = {kind: phrase(f"health.action.{kind}") for kind in PENALTY}


@dataclass(frozen=True)
class Health:
    score: int
    reasons: list[Phrase]
    next_action: Phrase | None

    def next_action_text(self, lang: str) -> str:
        return "" if self.next_action is None else self.next_action.text(lang)


def deal_health(
    opp: Opportunity,
    account: Account | None,
    contacts: list[Contact],
    today: date,
    expected_stage_days: list[int],
) -> Health:
    score = 100
    reasons: list[Phrase] = []
    risks = opportunity_risks(opp, contacts, today, expected_stage_days)
    for risk in risks:
        score -= PENALTY.get(risk.kind, 10)
        reasons.append(risk.reason)
    # The A-card scores the opportunity (METHOD §2.1); the account's older card is the fallback.
    total = acard_total(opp.acard)
    if total is None and account is not None:
        total = acard_total(account.acard)
    if total is None:
        score -= 10
        reasons.append(phrase("health.acard_missing"))
    elif total < 15:
        score -= 10
        reasons.append(phrase("health.acard_weak", total=total))
    support = support_score(people_involved(opp, contacts))
    if support is not None and support < 0:
        score -= 10
        reasons.append(phrase("health.against_us"))
    order = ["decision_maker", "no_coach", "no_next_step", "stale"]
    kinds = {r.kind for r in risks}
    action = next((ACTION[k] for k in order if k in kinds), None)
    return Health(max(score, 0), reasons, action)
