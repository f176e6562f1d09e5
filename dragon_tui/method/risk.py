"""At-risk opportunities (METHOD §4): stale in stage, no next step, no coach, unsupportive decision-maker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dragon_tui.labels import Phrase, phrase
from dragon_tui.method.coverage import decision_makers, has_coach
from dragon_tui.method.stages import entered_current_stage
from dragon_tui.method.support import people_involved
from dragon_tui.models import Contact, Opportunity
from dragon_tui.models.enums import OpportunityStatus


@dataclass(frozen=True)
class Risk:
    kind: str  # stale | no_next_step | no_coach | decision_maker
    reason: Phrase  # "risk.…"

    def text(self, lang: str) -> str:
        return self.reason.text(lang)


def days_in_stage(opp: Opportunity, today: date) -> int:
    entered = entered_current_stage(opp) or today
    return max((today - entered).days, 0)


def opportunity_risks(
    opp: Opportunity, contacts: list[Contact], today: date, expected_stage_days: list[int]
) -> list[Risk]:
    """The reasons an open opportunity is at risk; empty when it is healthy."""
    if opp.deleted or opp.status != OpportunityStatus.OPEN:
        return []
    risks = []
    age, expected = days_in_stage(opp, today), expected_stage_days[opp.stage - 1]
    if age > expected:
        risks.append(Risk("stale", phrase("risk.stale", age=age, expected=expected)))
    if not opp.next_step.strip():
        risks.append(Risk("no_next_step", phrase("risk.no_next_step")))
    elif opp.next_contact_on is None:
        risks.append(Risk("no_next_step", phrase("risk.no_next_contact")))
    people = people_involved(opp, contacts)
    if not has_coach(people):
        risks.append(Risk("no_coach", phrase("risk.no_coach")))
    deciders = decision_makers(people)
    if not deciders:
        risks.append(Risk("decision_maker", phrase("risk.decision_maker_unknown")))
    for person in deciders:
        if person.attitude is None or person.attitude <= 0:
            shown = "?" if person.attitude is None else f"{int(person.attitude):+d}"
            risks.append(
                Risk(
                    "decision_maker",
                    phrase("risk.decision_maker_at", name=person.name, attitude=shown),
                )
            )
    return risks


def at_risk(
    opportunities: Iterable[Opportunity],
    contacts_by_account: dict[str, list[Contact]],
    today: date,
    expected_stage_days: list[int],
) -> list[tuple[Opportunity, list[Risk]]]:
    result = []
    for opp in opportunities:
        risks = opportunity_risks(
            opp, contacts_by_account.get(opp.account_id, []), today, expected_stage_days
        )
        if risks:
            result.append((opp, risks))
    result.sort(key=lambda pair: (-len(pair[1]), -pair[0].amount))
    return result
