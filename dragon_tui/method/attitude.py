"""Attitude and relationship changes kept as dated history, and their trend (METHOD §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from dragon_tui.labels import Phrase, phrase, t
from dragon_tui.models import AttitudeChange, Contact
from dragon_tui.models.enums import Attitude, Function, Level, PurchaseRole, RelationshipStage


def _with_history(contact: Contact, changes: dict, when: datetime | None, note: str) -> Contact:
    entry = AttitudeChange(
        on=when or datetime.now(UTC),
        attitude=changes.get("attitude", contact.attitude),
        relationship_stage=changes.get("relationship_stage", contact.relationship_stage),
        note=note,
    )
    history = [h.model_dump() for h in contact.attitude_history] + [entry.model_dump()]
    return contact.with_changes(**changes, attitude_history=history)


def set_attitude(
    contact: Contact, attitude: int | None, when: datetime | None = None, note: str = ""
) -> Contact:
    """The contact with a new attitude (−4…+4, None = unknown), the change kept in history."""
    value = None if attitude is None else Attitude(max(-4, min(4, attitude)))
    if value == contact.attitude:
        return contact
    return _with_history(contact, {"attitude": value}, when, note)


def nudge_attitude(contact: Contact, step: int, when: datetime | None = None) -> Contact:
    """+1 / −1 from the current attitude (unknown counts as neutral)."""
    return set_attitude(contact, int(contact.attitude or 0) + step, when)


def trend(contact: Contact) -> int:
    """Direction of the attitude over its history: +1 warming, −1 cooling, 0 flat or unknown."""
    values = [int(h.attitude) for h in contact.attitude_history if h.attitude is not None]
    if contact.attitude is not None and (not values or values[-1] != int(contact.attitude)):
        values.append(int(contact.attitude))
    if len(values) < 2:
        return 0
    return (values[-1] > values[0]) - (values[-1] < values[0])


def toggle_role(contact: Contact, role: PurchaseRole) -> Contact:
    roles = (
        [r for r in contact.roles if r != role] if role in contact.roles else [*contact.roles, role]
    )
    return contact.with_changes(roles=roles)


def toggle_coach(contact: Contact) -> Contact:
    return contact.with_changes(is_coach=not contact.is_coach)


def move_to_cell(contact: Contact, level: Level, function: Function) -> Contact:
    return contact.with_changes(level=level, function=function)


@dataclass(frozen=True)
class AttitudeCues:
    """The source's cues for one attitude level (METHOD §3), shown when the rep rates a person:
    the behaviour and what it means for him ("attitude.cue.<level>"), and what he typically
    says ("attitude.says.<level>")."""

    behaviour: Phrase
    says: Phrase


def attitude_cue_phrases(attitude: Attitude) -> AttitudeCues:
    level = int(attitude)
    return AttitudeCues(phrase(f"attitude.cue.{level}"), phrase(f"attitude.says.{level}"))


def trust_activities(stage: RelationshipStage, lang: str) -> str:
    """Suggested trust activities for a rung of the relationship ladder (METHOD §2.2, §5)."""
    return t(f"relationship.trust.{stage.value}", lang)
