"""Deal health (0–100) from the A-card, coverage, stage age and next step, with the next best action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dragon_tui.method.acard import acard_total
from dragon_tui.method.risk import opportunity_risks
from dragon_tui.method.support import people_involved, support_score
from dragon_tui.models import Account, Contact, Opportunity

# Points deducted per risk kind, and the action that answers it (zh, en).
PENALTY = {"stale": 20, "no_next_step": 20, "no_coach": 20, "decision_maker": 20}
ACTION = {
    "no_next_step": ("约定下一步和下次联系日期", "Agree the next step and the next contact date"),
    "no_coach": ("发展一位教练", "Develop a coach"),
    "decision_maker": (
        "接触决策者，了解并提升他的支持度",
        "Reach the decision-maker; learn and raise his support",
    ),
    "stale": ("推动客户完成本阶段的出口事件", "Push for this stage's exit marker"),
}


@dataclass(frozen=True)
class Health:
    score: int
    reasons: list[tuple[str, str]]
    next_action: tuple[str, str] | None

    def next_action_text(self, lang: str) -> str:
        return "" if self.next_action is None else self.next_action[0 if lang == "zh" else 1]


def deal_health(
    opp: Opportunity,
    account: Account | None,
    contacts: list[Contact],
    today: date,
    expected_stage_days: list[int],
) -> Health:
    score = 100
    reasons: list[tuple[str, str]] = []
    risks = opportunity_risks(opp, contacts, today, expected_stage_days)
    for risk in risks:
        score -= PENALTY.get(risk.kind, 10)
        reasons.append(risk.reason)
    total = acard_total(account.acard) if account else None
    if total is None:
        score -= 10
        reasons.append(("A卡未评估", "A-card not assessed"))
    elif total < 15:
        score -= 10
        reasons.append((f"A卡得分偏低（{total}/25）", f"Weak A-card ({total}/25)"))
    support = support_score(people_involved(opp, contacts))
    if support is not None and support < 0:
        score -= 10
        reasons.append(("相关人整体不支持", "The people involved lean against us"))
    order = ["decision_maker", "no_coach", "no_next_step", "stale"]
    kinds = {r.kind for r in risks}
    action = next((ACTION[k] for k in order if k in kinds), None)
    return Health(max(score, 0), reasons, action)
