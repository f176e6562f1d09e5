"""Activities (销售活动) with their agreed next steps, and pre-visit checklists (拜访准备清单)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from dragon_tui.models.base import LIST_MAX, LongText, Model, Name, Record, ShortText, new_id
from dragon_tui.models.enums import ActivityType, ChecklistKind, ClosingMethod, ClosingResult


class NextStep(Model):
    """An agreed next step with a due date and owner: a follow-up reminder."""

    id: str = Field(default_factory=new_id)
    text: ShortText = Field(min_length=1)
    due_on: date | None = None
    owner: Name = ""
    done: bool = False
    done_on: date | None = None


class Activity(Record):
    """A call, visit, email, demo, meal, proposal sent… at an account (activity log)."""

    table = "activities"

    account_id: str
    opportunity_id: str | None = None
    type: ActivityType = ActivityType.VISIT
    occurred_at: datetime
    planned: bool = False  # a visit planned for the future, not yet held
    contact_ids: list[str] = Field(default_factory=list, max_length=1_000)  # people met
    summary: LongText = ""
    customer_replies: LongText = ""
    next_steps: list[NextStep] = Field(default_factory=list, max_length=LIST_MAX)
    # a closing attempt (move 5): the method used and the result
    closing_method: ClosingMethod | None = None
    closing_result: ClosingResult | None = None


class ChecklistItem(Model):
    id: str = Field(default_factory=new_id)
    kind: ChecklistKind
    text: LongText = Field(min_length=1)
    done: bool = False


class Checklist(Record):
    """A pre-visit checklist, generated from the dossier's gaps and stored with the visit."""

    table = "checklists"

    account_id: str
    opportunity_id: str | None = None
    activity_id: str | None = None  # the planned visit it prepares
    contact_ids: list[str] = Field(default_factory=list, max_length=1_000)
    visit_on: date | None = None
    objective: ShortText = ""
    items: list[ChecklistItem] = Field(default_factory=list, max_length=LIST_MAX)
