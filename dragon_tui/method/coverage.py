"""Coverage warnings of the org-chart role grid (METHOD §3), each with what to do about it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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
    message: tuple[str, str]  # (zh, en)
    action: tuple[str, str]  # what to do (zh, en)
    contact_id: str | None = None
    role: PurchaseRole | None = None

    def text(self, lang: str) -> str:
        return self.message[0] if lang == "zh" else self.message[1]

    def todo(self, lang: str) -> str:
        return self.action[0] if lang == "zh" else self.action[1]


def is_key_person(contact: Contact) -> bool:
    return (
        contact.is_coach
        or PurchaseRole.DECISION_MAKER in contact.roles
        or contact.influence == Influence.HIGH
        or contact.level == Level.DECISION
    )


def _role_warnings(people: Sequence[Contact]) -> list[CoverageWarning]:
    from dragon_tui.labels import label

    mapped = {role for c in people for role in c.roles}
    return [
        CoverageWarning(
            WarningKind.ROLE_UNMAPPED,
            (f"没有人对应“{label(role, 'zh')}”角色", f"Nobody is mapped as {label(role, 'en')}"),
            (
                "找出并接触这个角色，发展为中立或支持",
                "Find and meet this role; develop them to neutral or support",
            ),
            role=role,
        )
        for role in REQUIRED_ROLES
        if role not in mapped
    ]


def _decision_maker_warnings(people: Sequence[Contact]) -> list[CoverageWarning]:
    result = []
    for person in people:
        if PurchaseRole.DECISION_MAKER not in person.roles:
            continue
        if person.attitude is None:
            result.append(
                CoverageWarning(
                    WarningKind.DECISION_MAKER_UNKNOWN,
                    (
                        f"决策者{person.name}的态度未知",
                        f"Decision-maker {person.name}'s attitude is unknown",
                    ),
                    (
                        "通过教练了解决策者的真实态度",
                        "Learn the decision-maker's real attitude through the coach",
                    ),
                    contact_id=person.id,
                )
            )
        elif person.attitude <= 0:
            result.append(
                CoverageWarning(
                    WarningKind.DECISION_MAKER_NOT_SUPPORTIVE,
                    (
                        f"决策者{person.name}的支持度为{int(person.attitude):+d}",
                        f"Decision-maker {person.name}'s attitude is {int(person.attitude):+d}",
                    ),
                    (
                        "发展中立者：找到他的个人需求，安排高层拜访",
                        "Develop the neutral: find his personal need, arrange an executive visit",
                    ),
                    contact_id=person.id,
                )
            )
    return result


def _source_warnings(people: Sequence[Contact]) -> list[CoverageWarning]:
    """Issue 19: "A coach with a negative attitude, and a deal that rests on one person, are
    coverage warnings." A deal rests on one person when he is its only supporter (+1 or more)
    or the only person mapped."""
    result = [
        CoverageWarning(
            WarningKind.COACH_NEGATIVE,
            (
                f"教练{p.name}的支持度为负（{int(p.attitude):+d}）",
                f"Coach {p.name} has a negative attitude ({int(p.attitude):+d})",
            ),
            (
                "核实他传递的信息，另外发展一位教练",
                "Check what he tells us and develop another coach",
            ),
            contact_id=p.id,
        )
        for p in people
        if p.is_coach and p.attitude is not None and p.attitude < 0
    ]
    supporters = [p for p in people if p.attitude is not None and p.attitude >= 1]
    alone = supporters[0] if len(supporters) == 1 else people[0] if len(people) == 1 else None
    if alone is not None:
        result.append(
            CoverageWarning(
                WarningKind.SINGLE_THREADED,
                (
                    f"这单只依靠{alone.name}一个人",
                    f"The deal rests on one person: {alone.name}",
                ),
                (
                    "发展第二位支持者，接触更多角色",
                    "Develop a second supporter; meet more roles",
                ),
                contact_id=alone.id,
            )
        )
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
        warnings.append(
            CoverageWarning(
                WarningKind.NO_COACH,
                ("没有内线/教练", "No coach"),
                (
                    "从支持者中发展一位教练：谁希望我们赢？",
                    "Develop a coach among the supporters: who wants us to win?",
                ),
            )
        )
    warnings += _role_warnings(people)
    warnings += _decision_maker_warnings(people)
    if not any(c.level == Level.DECISION for c in people):
        warnings.append(
            CoverageWarning(
                WarningKind.NO_DECISION_LEVEL,
                ("决策层没有联系人", "Nobody at the decision level"),
                (
                    "请教练或支持者引荐决策层",
                    "Ask the coach or a supporter to introduce the decision level",
                ),
            )
        )
    for person in people:
        if (
            person.attitude is not None
            and person.attitude <= -2
            and person.influence == Influence.HIGH
        ):
            warnings.append(
                CoverageWarning(
                    WarningKind.HIGH_INFLUENCE_OPPONENT,
                    (
                        f"{person.name}反对我们（{int(person.attitude):+d}）且影响力高",
                        f"{person.name} opposes us ({int(person.attitude):+d}) with high influence",
                    ),
                    (
                        "孤立反对者：加强支持者，避免他主导评估",
                        "Isolate the opponent: strengthen supporters, keep him from leading the evaluation",
                    ),
                    contact_id=person.id,
                )
            )
    warnings += _source_warnings(people)
    for person in people:
        if not is_key_person(person):
            continue
        seen = max(
            (d for d in (last_contacted.get(person.id), person.last_contacted_on) if d),
            default=None,
        )
        if seen is None or (today - seen).days >= quiet_days:
            days = "从未联系" if seen is None else f"{(today - seen).days}天未联系"
            days_en = (
                "never contacted"
                if seen is None
                else f"not contacted for {(today - seen).days} days"
            )
            warnings.append(
                CoverageWarning(
                    WarningKind.KEY_PERSON_QUIET,
                    (f"关键人{person.name}{days}", f"Key person {person.name}: {days_en}"),
                    ("加强支持者：安排一次接触", "Strengthen supporters: arrange a contact"),
                    contact_id=person.id,
                )
            )
    return warnings


def has_coach(contacts: Iterable[Contact]) -> bool:
    return any(c.is_coach and not c.deleted for c in contacts)


def decision_makers(contacts: Iterable[Contact]) -> list[Contact]:
    return [c for c in contacts if not c.deleted and PurchaseRole.DECISION_MAKER in c.roles]
