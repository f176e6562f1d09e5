"""Which SPIN questions to ask next, from the gaps in what we know (METHOD §2.3).

Gaps that produce a suggestion:
- a Problem answer with no Implication answer developing it → ask its implications;
- a stakeholder present whose personal need is unknown → ask to learn what matters to them;
- a purchase-process phase whose key role has nobody mapped → ask who plays that role;
- a category with no answer yet in the opportunity → its first unasked bank questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dragon_tui.labels import label
from dragon_tui.method.purchase_process import PHASES
from dragon_tui.method.spin_bank import active_questions, question_text
from dragon_tui.models import Contact, SpinAnswer, SpinQuestion
from dragon_tui.models.enums import AnswerStatus, SpinCategory


@dataclass(frozen=True)
class Suggestion:
    """A question to ask, why it is suggested, and what it follows up."""

    category: SpinCategory
    text_zh: str
    text_en: str
    reason_zh: str
    reason_en: str
    question_id: str | None = None
    follows_answer_id: str | None = None
    contact_id: str | None = None

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def implication_gaps(answers: Sequence[SpinAnswer]) -> list[Suggestion]:
    """A Problem answer with no Implication answer following it."""
    developed = {a.follows_answer_id for a in answers if a.category == SpinCategory.IMPLICATION}
    result = []
    for answer in answers:
        if answer.deleted or answer.category != SpinCategory.PROBLEM:
            continue
        if answer.status != AnswerStatus.ASKED or not answer.answer.strip():
            continue
        if answer.id in developed:
            continue
        said = _short(answer.answer)
        result.append(
            Suggestion(
                category=SpinCategory.IMPLICATION,
                text_zh=f"“{said}”这个问题如果不解决，会带来什么影响（成本、风险、延误）？",
                text_en=f"If “{said}” stays unsolved, what does it cost you (money, risk, delay)?",
                reason_zh="难点问题还没有追问暗示问题",
                reason_en="A Problem answer has no Implication yet",
                follows_answer_id=answer.id,
            )
        )
    return result


def personal_need_gaps(present: Iterable[Contact]) -> list[Suggestion]:
    """Stakeholders in the meeting whose personal (Maslow) need is unknown."""
    return [
        Suggestion(
            category=SpinCategory.SITUATION,
            text_zh=f"{c.name}，这个项目做成了，对您个人最重要的是什么？",
            text_en=f"{c.name}, if this project succeeds, what matters most to you personally?",
            reason_zh=f"不了解{c.name}的个人需求",
            reason_en=f"{c.name}'s personal need is unknown",
            contact_id=c.id,
        )
        for c in present
        if c.personal_need is None and not c.deleted
    ]


def role_gaps(contacts: Iterable[Contact]) -> list[Suggestion]:
    """Purchase-process phases whose key role nobody at the account is mapped to."""
    mapped = {role for c in contacts if not c.deleted for role in c.roles}
    seen = set()
    result = []
    for info in PHASES:
        if info.key_role in mapped or info.key_role in seen:
            continue
        seen.add(info.key_role)
        role = info.key_role.value.replace("_", "-")
        phase_zh, role_zh = label(info.phase, "zh"), label(info.key_role, "zh")
        result.append(
            Suggestion(
                category=SpinCategory.SITUATION,
                text_zh=f"在“{info.exit_event[0]}”这一步，由谁负责？",
                text_en=f"Who is responsible at the step “{info.exit_event[1]}”?",
                reason_zh=f"“{phase_zh}”阶段的关键角色（{role_zh}）无人对应",
                reason_en=f"No one mapped as {role} for the {info.phase.value.replace('_', ' ')} phase",
            )
        )
    return result


def bank_suggestions(
    bank: Iterable[SpinQuestion],
    answers: Sequence[SpinAnswer],
    category: SpinCategory,
    industry: str | None = None,
    limit: int = 3,
) -> list[Suggestion]:
    """The next bank questions of a category not yet asked or skipped in this opportunity."""
    done = {a.question_id for a in answers if a.status != AnswerStatus.NEXT_TIME}
    result = []
    for q in active_questions(bank, category, industry):
        if q.id in done:
            continue
        result.append(
            Suggestion(
                category=category,
                text_zh=question_text(q, "zh"),
                text_en=question_text(q, "en"),
                reason_zh="题库",
                reason_en="Question bank",
                question_id=q.id,
            )
        )
        if len(result) >= limit:
            break
    return result


def suggestions(
    category: SpinCategory,
    bank: Iterable[SpinQuestion],
    answers: Sequence[SpinAnswer],
    present: Iterable[Contact] = (),
    account_contacts: Iterable[Contact] = (),
    industry: str | None = None,
    limit: int = 3,
) -> list[Suggestion]:
    """Gap-based suggestions for one SPIN step first, then bank questions to fill up to `limit`."""
    gaps: list[Suggestion] = []
    if category == SpinCategory.IMPLICATION:
        gaps = implication_gaps(answers)
    elif category == SpinCategory.SITUATION:
        gaps = personal_need_gaps(present) + role_gaps(account_contacts)
    fill = bank_suggestions(bank, answers, category, industry, limit=max(limit - len(gaps), 1))
    return gaps + fill
