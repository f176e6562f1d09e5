"""Follow-ups and the agenda (METHOD §5): next steps due, visits planned, people and deals gone quiet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from dragon_tui.models import Activity, Contact, NextStep, Opportunity
from dragon_tui.models.enums import ActivityType, OpportunityStatus


class ActivityFacts(NamedTuple):
    """What the agenda reads of an activity it shows no row for (no next step open, not a
    visit still to come): who was met or called, how, and when. Taken where an Activity is, so
    20,000 activities need not each become a model to work out who has gone quiet."""

    id: str
    account_id: str
    type: ActivityType
    occurred_at: datetime  # in the offset it was written with, as the model has it
    planned: bool
    deleted: bool
    contact_ids: tuple[str, ...]
    next_steps: tuple[NextStep, ...] = ()


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


def open_steps(activities: Iterable[Activity | ActivityFacts], today: date) -> list[DueStep]:
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


def note_contacted(latest: dict[str, date], activity: Activity | ActivityFacts) -> None:
    """Take one activity into `latest` (contact id → the day last met): `last_contacted` one
    activity at a time."""
    if activity.deleted or activity.planned:
        return
    day = activity.occurred_at.date()
    for contact_id in activity.contact_ids:
        if contact_id not in latest or latest[contact_id] < day:
            latest[contact_id] = day


def last_contacted(activities: Iterable[Activity | ActivityFacts]) -> dict[str, date]:
    """For each contact id, the date of the latest held (not planned) activity with them."""
    latest: dict[str, date] = {}
    for activity in activities:
        note_contacted(latest, activity)
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
    contacts: Iterable[Contact],
    activities: Iterable[Activity | ActivityFacts],
    today: date,
    days: int,
    *,
    contacted: dict[str, date] | None = None,
) -> list[QuietContact]:
    """Key people not contacted for `days` days or more (or never), quietest first.
    `contacted`: `last_contacted` of every activity, when worked out already (then only the
    people are read, not `activities`)."""
    latest = last_contacted(activities) if contacted is None else contacted
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
    activities: list[Activity | ActivityFacts],
    contacts: list[Contact],
    opportunities: list[Opportunity],
    today: date,
    quiet_days: int = 30,
    soon_days: int = 7,
    *,
    contacted: dict[str, date] | None = None,
) -> Agenda:
    """The agenda. `contacted`: when each person was last met, if worked out already from
    every activity (`note_contacted`); `activities` need then hold only those with a next step
    open or a visit planned."""
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
        quiet_contacts=quiet_key_people(
            contacts, activities, today, quiet_days, contacted=contacted
        ),
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
