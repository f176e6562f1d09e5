"""Follow-ups and the agenda (METHOD §5): next steps due, visits planned, people and deals gone quiet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dragon_tui.models import Activity, Contact, NextStep, Opportunity
from dragon_tui.models.enums import OpportunityStatus


@dataclass(frozen=True)
class DueStep:
    """A next step not done yet, with the activity it was agreed in."""

    activity: Activity
    step: NextStep
    days_overdue: int  # > 0 overdue, 0 due today, < 0 due later

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class QuietContact:
    contact: Contact
    last_contacted_on: date | None  # None = never
    days_quiet: int | None


@dataclass(frozen=True)
class Agenda:
    """The today screen: what is due, planned, quiet or missing a next step."""

    today: date
    overdue: list[DueStep]
    due_today: list[DueStep]
    due_soon: list[DueStep]
    planned_visits: list[Activity]
    quiet_contacts: list[QuietContact]
    no_next_step: list[Opportunity]


def open_steps(activities: Iterable[Activity], today: date) -> list[DueStep]:
    """Every undone next step with a due date, oldest due first."""
    result = []
    for activity in activities:
        if activity.deleted:
            continue
        for step in activity.next_steps:
            if step.done or step.due_on is None:
                continue
            result.append(DueStep(activity, step, (today - step.due_on).days))
    result.sort(key=lambda d: (d.step.due_on, d.step.text))
    return result


def last_contacted(activities: Iterable[Activity]) -> dict[str, date]:
    """For each contact id, the date of the latest held (not planned) activity with them."""
    latest: dict[str, date] = {}
    for activity in activities:
        if activity.deleted or activity.planned:
            continue
        day = activity.occurred_at.date()
        for contact_id in activity.contact_ids:
            if contact_id not in latest or latest[contact_id] < day:
                latest[contact_id] = day
    return latest


def is_key_person(contact: Contact) -> bool:
    """A key person: a coach, a decision-maker, or anyone of high influence."""
    from dragon_tui.models.enums import Influence, PurchaseRole

    return (
        contact.is_coach
        or PurchaseRole.DECISION_MAKER in contact.roles
        or contact.influence == Influence.HIGH
    )


def quiet_key_people(
    contacts: Iterable[Contact], activities: Iterable[Activity], today: date, days: int
) -> list[QuietContact]:
    """Key people not contacted for `days` days or more (or never), quietest first."""
    latest = last_contacted(activities)
    result = []
    for contact in contacts:
        if contact.deleted or not is_key_person(contact):
            continue
        seen = max(
            (d for d in (latest.get(contact.id), contact.last_contacted_on) if d), default=None
        )
        quiet = None if seen is None else (today - seen).days
        if quiet is None or quiet >= days:
            result.append(QuietContact(contact, seen, quiet))
    result.sort(key=lambda q: (q.days_quiet is not None, -(q.days_quiet or 0), q.contact.name))
    return result


def lacks_next_step(opportunity: Opportunity) -> bool:
    return opportunity.status == OpportunityStatus.OPEN and not (
        opportunity.next_step.strip() or opportunity.next_contact_on
    )


def build_agenda(
    activities: list[Activity],
    contacts: list[Contact],
    opportunities: list[Opportunity],
    today: date,
    quiet_days: int = 30,
    soon_days: int = 7,
) -> Agenda:
    steps = open_steps(activities, today)
    horizon = today + timedelta(days=soon_days)
    planned = sorted(
        (a for a in activities if a.planned and not a.deleted and a.occurred_at.date() >= today),
        key=lambda a: a.occurred_at,
    )
    return Agenda(
        today=today,
        overdue=[s for s in steps if s.days_overdue > 0],
        due_today=[s for s in steps if s.days_overdue == 0],
        due_soon=[s for s in steps if s.days_overdue < 0 and s.step.due_on <= horizon],
        planned_visits=planned,
        quiet_contacts=quiet_key_people(contacts, activities, today, quiet_days),
        no_next_step=[o for o in opportunities if not o.deleted and lacks_next_step(o)],
    )


def complete_step(activity: Activity, step_id: str, today: date) -> Activity:
    """The activity with one next step marked done today."""
    steps = [
        s.with_changes(done=True, done_on=today) if s.id == step_id else s
        for s in activity.next_steps
    ]
    if steps == list(activity.next_steps):
        raise KeyError(step_id)
    return activity.with_changes(next_steps=[s.model_dump() for s in steps])
