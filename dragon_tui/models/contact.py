"""Contacts / stakeholders (联系人 / 关键人) and the dated history of their attitude."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from dragon_tui.models.base import LIST_MAX, LongText, Model, Name, Record, ShortText, utc_now
from dragon_tui.models.enums import (
    Attitude,
    CommunicationStyle,
    Function,
    Influence,
    Level,
    PersonalNeed,
    PurchaseRole,
    RelationshipStage,
)


class AttitudeChange(Model):
    """One dated observation of a contact's attitude and relationship stage."""

    on: datetime = Field(default_factory=utc_now)
    attitude: Attitude | None = None
    relationship_stage: RelationshipStage | None = None
    note: str = Field(default="", max_length=2_000)


class Contact(Record):
    """A person at an account, placed on the org-chart role grid (METHOD §3)."""

    table = "contacts"
    personal_fields = frozenset(
        {
            "phone",
            "email",
            "office_address",
            "age",
            "hobbies",
            "background",
            "family",
            "birthday",
            "schedule",
            "personal_notes",
        }
    )

    account_id: str
    name: Name = Field(min_length=1)
    title: Name = ""
    department: Name = ""
    # personal information (个人信息) — personal data, redacted in shared exports
    phone: Name = ""
    email: Name = ""
    office_address: Name = ""
    age: int | None = Field(default=None, ge=14, le=120)
    hobbies: LongText = ""
    background: LongText = ""  # career
    family: LongText = ""
    birthday: date | None = None
    schedule: LongText = ""  # itinerary
    personal_notes: LongText = ""  # children's names, pets…
    # role in the purchase
    authority_scope: ShortText = ""
    level: Level | None = None
    function: Function | None = None
    roles: list[PurchaseRole] = Field(default_factory=list, max_length=len(PurchaseRole))
    is_coach: bool = False
    attitude: Attitude | None = None  # None = unknown
    relationship_stage: RelationshipStage | None = None
    communication_style: CommunicationStyle | None = None
    influence: Influence | None = None
    reports_to: str | None = None  # another contact's id
    personal_need: PersonalNeed | None = None
    organisational_needs: LongText = ""
    internal_relationships: LongText = ""  # allies, rivals
    attitude_history: list[AttitudeChange] = Field(default_factory=list, max_length=LIST_MAX)
    last_contacted_on: date | None = None
