"""At-risk opportunities (METHOD §4): stale in stage, no next step, no coach, unsupportive decision-maker."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from dragon_tui.labels import Phrase, phrase
from dragon_tui.method.coverage import decision_makers, has_coach
from dragon_tui.method.stages import entered_current_stage
from dragon_tui.method.support import people_involved
from dragon_tui.models import Contact, Opportunity
from dragon_tui.models.enums import OpportunityStatus


class Risk(NamedTuple):
    """One reason a deal is at risk: its kind and what the reason names; the text is written
    when shown (the team funnel judges tens of thousands of deals and shows few)."""

    kind: str  # stale | no_next_step | no_coach | decision_maker
    detail: tuple = ()  # stale: (days, expected); no_next_step: (what is missing,);
    # decision_maker: () unknown, or (name, attitude or None)

    @property
    def reason(self) -> Phrase:  # "risk.…"
        if self.kind == "stale":
            age, expected = self.detail
            return phrase("risk.stale", age=age, expected=expected)
        if self.kind == "no_next_step":
            missing = self.detail == ("next_step",)
            return phrase("risk.no_next_step" if missing else "risk.no_next_contact")
        if self.kind == "no_coach":
            return phrase("risk.no_coach")
        if not self.detail:
            return phrase("risk.decision_maker_unknown")
        name, attitude = self.detail
        shown = "?" if attitude is None else f"{attitude:+d}"
        return phrase("risk.decision_maker_at", name=name, attitude=shown)

    def text(self, lang: str) -> str:
        return self.reason.text(lang)


def days_in_stage(opp: Opportunity, today: date) -> int:
    entered = entered_current_stage(opp) or today
    return max((today - entered).days, 0)


def has_text(value: str) -> bool:
    """Is a free-text field (the next step) filled in, not just blank?"""
    return bool(value.strip())


class RiskFacts(NamedTuple):
    """What the at-risk rules look at for one open opportunity. The laptop reads them from the
    records (`risk_facts`); the team hub gathers them in SQL. Both judge them by `risks_from`."""

    stage: int
    days_in_stage: int
    next_step: str
    has_next_contact: bool
    has_coach: bool
    decision_makers: tuple[tuple[str, int | None], ...]  # (name, attitude) of each


def risk_facts(opp: Opportunity, contacts: list[Contact], today: date) -> RiskFacts:
    people = people_involved(opp, contacts)
    return RiskFacts(
        stage=opp.stage,
        days_in_stage=days_in_stage(opp, today),
        next_step=opp.next_step,
        has_next_contact=opp.next_contact_on is not None,
        has_coach=has_coach(people),
        decision_makers=tuple(
            (p.name, None if p.attitude is None else int(p.attitude))
            for p in decision_makers(people)
        ),
    )


NO_NEXT_STEP = Risk("no_next_step", ("next_step",))
NO_NEXT_CONTACT = Risk("no_next_step", ("next_contact_on",))
NO_COACH = Risk("no_coach")
NO_DECISION_MAKER = Risk("decision_maker")


def risks_from(facts: RiskFacts, expected_stage_days: list[int]) -> list[Risk]:
    """The reasons an open opportunity with these facts is at risk; empty when it is healthy."""
    stage, age, next_step, has_next_contact, coach, deciders = facts
    risks = []
    expected = expected_stage_days[stage - 1]
    if age > expected:
        risks.append(Risk("stale", (age, expected)))
    if not has_text(next_step):
        risks.append(NO_NEXT_STEP)
    elif not has_next_contact:
        risks.append(NO_NEXT_CONTACT)
    if not coach:
        risks.append(NO_COACH)
    if not deciders:
        risks.append(NO_DECISION_MAKER)
    for name, attitude in deciders:
        if attitude is None or attitude <= 0:
            risks.append(Risk("decision_maker", (name, attitude)))
    return risks


def opportunity_risks(
    opp: Opportunity, contacts: list[Contact], today: date, expected_stage_days: list[int]
) -> list[Risk]:
    """The reasons an open opportunity is at risk; empty when it is healthy."""
    if opp.deleted or opp.status != OpportunityStatus.OPEN:
        return []
    return risks_from(risk_facts(opp, contacts, today), expected_stage_days)


def at_risk_order(amount: Decimal, risks: list[Risk]) -> tuple:
    """At-risk deals are listed most reasons first, then largest first."""
    return (-len(risks), -amount)


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
    result.sort(key=lambda pair: at_risk_order(pair[0].amount, pair[1]))
    return result
