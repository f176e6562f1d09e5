"""Coverage warnings of the org-chart role grid (METHOD §3), each with what to do about it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dragon_tui.labels import Phrase, phrase
from dragon_tui.models import Contact
from dragon_tui.models.enums import Influence, Level, PurchaseRole

# The five purchase roles a deal needs someone mapped to (the gatekeeper is optional).
REQUIRED_ROLES = (
    PurchaseRole.INITIATOR,
    PurchaseRole.DECISION_MAKER,
    PurchaseRole.USER,
    PurchaseRole.DESIGNER,
    PurchaseRole.EVALUATOR,
)


class WarningKind(StrEnum):
    NO_COACH = "no_coach"
    ROLE_UNMAPPED = "role_unmapped"
    DECISION_MAKER_UNKNOWN = "decision_maker_unknown"
    DECISION_MAKER_NOT_SUPPORTIVE = "decision_maker_not_supportive"
    NO_DECISION_LEVEL = "no_decision_level"
    HIGH_INFLUENCE_OPPONENT = "high_influence_opponent"
    KEY_PERSON_QUIET = "key_person_quiet"
    COACH_NEGATIVE = "coach_negative"
    SINGLE_THREADED = "single_threaded"


@dataclass(frozen=True)
class CoverageWarning:
    kind: WarningKind
    message: Phrase  # "coverage.<kind>"
    action: Phrase  # what to do: "coverage.<kind>.todo"
    contact_id: str | None = None
    role: PurchaseRole | None = None

    def text(self, lang: str) -> str:
        return self.message.text(lang)

    def todo(self, lang: str) -> str:
        return self.action.text(lang)


def _warning(
    kind: WarningKind,
    contact: Contact | None = None,
    role: PurchaseRole | None = None,
    key: str | None = None,
    **args: object,
) -> CoverageWarning:
    """A warning whose message is `coverage.<key or kind>` and action `coverage.<kind>.todo`."""
    if contact is not None:
        args.setdefault("name", contact.name)
        if contact.attitude is not None:
            args.setdefault("attitude", f"{int(contact.attitude):+d}")
    return CoverageWarning(
        kind,
        phrase(f"coverage.{key or kind.value}", **args),
        phrase(f"coverage.{kind.value}.todo"),
        contact_id=contact.id if contact is not None else None,
        role=role,
    )


def is_key_person(contact: Contact) -> bool:
    return (
        contact.is_coach
        or PurchaseRole.DECISION_MAKER in contact.roles
        or contact.influence == Influence.HIGH
        or contact.level == Level.DECISION
    )


def _role_warnings(people: Sequence[Contact]) -> list[CoverageWarning]:
    mapped = {role for c in people for role in c.roles}
    return [
        _warning(WarningKind.ROLE_UNMAPPED, role=role, role_name=role)
        for role in REQUIRED_ROLES
        if role not in mapped
    ]


def _decision_maker_warnings(people: Sequence[Contact]) -> list[CoverageWarning]:
    result = []
    for person in people:
        if PurchaseRole.DECISION_MAKER not in person.roles:
            continue
        if person.attitude is None:
            result.append(_warning(WarningKind.DECISION_MAKER_UNKNOWN, person))
        elif person.attitude <= 0:
            result.append(_warning(WarningKind.DECISION_MAKER_NOT_SUPPORTIVE, person))
    return result


def _source_warnings(people: Sequence[Contact]) -> list[CoverageWarning]:
    """Issue 19: "A coach with a negative attitude, and a deal that rests on one person, are
    coverage warnings." A deal rests on one person when he is its only supporter (+1 or more)
    or the only person mapped."""
    result = [
        _warning(WarningKind.COACH_NEGATIVE, p)
        for p in people
        if p.is_coach and p.attitude is not None and p.attitude < 0
    ]
    supporters = [p for p in people if p.attitude is not None and p.attitude >= 1]
    alone = supporters[0] if len(supporters) == 1 else people[0] if len(people) == 1 else None
    if alone is not None:
        result.append(_warning(WarningKind.SINGLE_THREADED, alone))
    return result


def coverage_warnings(
    contacts: Iterable[Contact],
    today: date,
    quiet_days: int = 30,
    last_contacted: dict[str, date] | None = None,
) -> list[CoverageWarning]:
    """Every coverage warning for the people of one account (or one deal)."""
    people = [c for c in contacts if not c.deleted]
    last_contacted = last_contacted or {}
    warnings: list[CoverageWarning] = []
    if not any(c.is_coach for c in people):
        warnings.append(_warning(WarningKind.NO_COACH))
    warnings += _role_warnings(people)
    warnings += _decision_maker_warnings(people)
    if not any(c.level == Level.DECISION for c in people):
        warnings.append(_warning(WarningKind.NO_DECISION_LEVEL))
    for person in people:
        if (
            person.attitude is not None
            and person.attitude <= -2
            and person.influence == Influence.HIGH
        ):
            warnings.append(_warning(WarningKind.HIGH_INFLUENCE_OPPONENT, person))
    warnings += _source_warnings(people)
    for person in people:
        if not is_key_person(person):
            continue
        seen = max(
            (d for d in (last_contacted.get(person.id), person.last_contacted_on) if d),
            default=None,
        )
        if seen is None:
            warnings.append(_warning(WarningKind.KEY_PERSON_QUIET, person, key="key_person_never"))
        elif (today - seen).days >= quiet_days:
            warnings.append(
                _warning(WarningKind.KEY_PERSON_QUIET, person, days=(today - seen).days)
            )
    return warnings


def has_coach(contacts: Iterable[Contact]) -> bool:
    return any(c.is_coach and not c.deleted for c in contacts)


def decision_makers(contacts: Iterable[Contact]) -> list[Contact]:
    return [c for c in contacts if not c.deleted and PurchaseRole.DECISION_MAKER in c.roles]
