"""The needs ladder of an opportunity (需求层次, METHOD §2.3) and recording SPIN answers into it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from dragon_tui.models import NeedItem, SpinAnswer
from dragon_tui.models.enums import AnswerStatus, NeedLevel, SpinCategory

# Which rung a SPIN answer feeds: problems become Problems, need-payoff answers become Goals.
LADDER_FROM_CATEGORY = {
    SpinCategory.PROBLEM: NeedLevel.PROBLEM,
    SpinCategory.NEED_PAYOFF: NeedLevel.GOAL,
}


def ladder(items: Iterable[NeedItem]) -> dict[NeedLevel, list[NeedItem]]:
    """Items by rung, deep to surface, each rung in creation order."""
    result: dict[NeedLevel, list[NeedItem]] = {level: [] for level in NeedLevel}
    for item in sorted((i for i in items if not i.deleted), key=lambda i: i.created_at):
        result[item.level].append(item)
    return result


def record_answer(
    opportunity_id: str,
    category: SpinCategory,
    question_text: str,
    answer: str,
    status: AnswerStatus,
    contact_ids: Sequence[str],
    when: datetime,
    question_id: str | None = None,
    follows_answer_id: str | None = None,
) -> list[SpinAnswer | NeedItem]:
    """The records to save for one answer: the SpinAnswer, and a ladder item when it feeds one."""
    saved = SpinAnswer(
        opportunity_id=opportunity_id,
        question_id=question_id,
        question_text=question_text,
        category=category,
        contact_ids=list(contact_ids),
        answer=answer,
        status=status,
        asked_at=when if status == AnswerStatus.ASKED else None,
        follows_answer_id=follows_answer_id,
    )
    records: list[SpinAnswer | NeedItem] = [saved]
    level = LADDER_FROM_CATEGORY.get(category)
    if level is not None and status == AnswerStatus.ASKED and answer.strip():
        records.append(
            NeedItem(
                opportunity_id=opportunity_id,
                level=level,
                text=answer.strip(),
                contact_ids=list(contact_ids),
                spin_answer_ids=[saved.id],
            )
        )
    return records


def answers_for(
    answers: Iterable[SpinAnswer], category: SpinCategory | None = None
) -> list[SpinAnswer]:
    chosen = [a for a in answers if not a.deleted and (category is None or a.category == category)]
    return sorted(chosen, key=lambda a: a.asked_at or a.created_at)


def add_need(
    opportunity_id: str, level: NeedLevel, text: str, contact_ids: Sequence[str] = ()
) -> NeedItem:
    """A rung item entered by hand: any of the five rungs ("goals → problems → solution →
    products/services → purchase criteria", METHOD §2.3), not only those SPIN answers feed."""
    return NeedItem(
        opportunity_id=opportunity_id, level=level, text=text.strip(), contact_ids=list(contact_ids)
    )
