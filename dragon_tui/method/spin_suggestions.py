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

from dragon_tui.labels import Phrase, phrase
from dragon_tui.method.purchase_process import PHASES
from dragon_tui.method.spin_bank import active_questions, question_text
from dragon_tui.models import Contact, SpinAnswer, SpinQuestion
from dragon_tui.models.enums import AnswerStatus, SpinCategory


@dataclass(frozen=True)
class Suggestion:
    """A question to ask, why it is suggested, and what it follows up.

    The question is either drafted from a gap (`prompt`, a "suggest.…" label) or taken from the
    rep's question bank (`bank_question`, whose text the rep keeps in both languages)."""

    category: SpinCategory
    why: Phrase
    prompt: Phrase | None = None
    bank_question: SpinQuestion | None = None
    follows_answer_id: str | None = None
    contact_id: str | None = None

    @property
    def question_id(self) -> str | None:
        return self.bank_question.id if self.bank_question is not None else None

    def text(self, lang: str) -> str:
        if self.bank_question is not None:
            return question_text(self.bank_question, lang)
        return self.prompt.text(lang) if self.prompt is not None else ""

    def reason(self, lang: str) -> str:
        return self.why.text(lang)


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
                why=phrase("suggest.implication.why"),
                prompt=phrase("suggest.implication", said=said),
                follows_answer_id=answer.id,
            )
        )
    return result


def personal_need_gaps(present: Iterable[Contact]) -> list[Suggestion]:
    """Stakeholders in the meeting whose personal (Maslow) need is unknown."""
    return [
        Suggestion(
            category=SpinCategory.SITUATION,
            why=phrase("suggest.personal_need.why", name=c.name),
            prompt=phrase("suggest.personal_need", name=c.name),
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
        why = phrase(
            "suggest.role.why",
            phase=info.phase,  # zh: the phase's and the role's labels
            role_name=info.key_role,
            role=info.key_role.value.replace("_", "-"),
            phase_words=info.phase.value.replace("_", " "),
        )
        result.append(
            Suggestion(
                category=SpinCategory.SITUATION,
                why=why,
                prompt=phrase("suggest.role", step=info.exit_event),
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
                why=phrase("suggest.bank.why"),
                bank_question=q,
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
