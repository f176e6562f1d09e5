"""Building activity records from quick entry (销售活动): people by name, next steps with due dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from dragon_tui.errors import ValidationFailed
from dragon_tui.labels import phrase
from dragon_tui.models import Activity, Contact, NextStep
from dragon_tui.models.enums import ActivityType


def resolve_people(names: str, contacts: Sequence[Contact]) -> list[str]:
    """Contact ids for comma-separated names; unknown names are an error listing them."""
    wanted = [
        n.strip() for n in names.replace("，", ",").replace("、", ",").split(",") if n.strip()
    ]
    by_name = {c.name: c.id for c in contacts if not c.deleted}
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        raise ValidationFailed(
            f"people: unknown {', '.join(unknown)}",
            phrase=phrase("error.unknown_people", names=unknown),
        )
    return [by_name[n] for n in wanted]


def new_activity(
    account_id: str,
    kind: ActivityType,
    on: date,
    summary: str,
    *,
    opportunity_id: str | None = None,
    contact_ids: Sequence[str] = (),
    replies: str = "",
    next_step: str = "",
    due_on: date | None = None,
    owner: str = "",
    planned: bool = False,
) -> Activity:
    steps = (
        [NextStep(text=next_step.strip(), due_on=due_on, owner=owner)] if next_step.strip() else []
    )
    return Activity(
        account_id=account_id,
        opportunity_id=opportunity_id,
        type=kind,
        occurred_at=datetime.combine(on, time(12, 0), tzinfo=UTC),
        planned=planned,
        contact_ids=list(contact_ids),
        summary=summary,
        customer_replies=replies,
        next_steps=steps,
    )


def follow_up_activity(done: Activity, step: NextStep, today: date) -> Activity:
    """The activity logged when a next step is marked done from the agenda (one move)."""
    return new_activity(
        done.account_id,
        ActivityType.OTHER,
        today,
        step.text,
        opportunity_id=done.opportunity_id,
        contact_ids=done.contact_ids,
    )
