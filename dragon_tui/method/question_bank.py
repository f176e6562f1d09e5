"""Editing the SPIN question bank: seed it, add, edit, retire, tag by industry."""

from __future__ import annotations

from dragon_tui.errors import ValidationFailed
from dragon_tui.method import objections, spin_bank
from dragon_tui.models import Objection, SpinQuestion
from dragon_tui.models.enums import QuestionForm, SpinCategory
from dragon_tui.store import Store


def ensure_seeded(store: Store) -> int:
    """Add the starting bank and objection bank where missing (stable ids: no duplicates on sync)."""
    if store.readonly:
        return 0
    questions = spin_bank.missing_seed(r.id for r in store.all(SpinQuestion, include_deleted=True))
    objections_ = objections.missing_seed(r.id for r in store.all(Objection, include_deleted=True))
    missing = [*questions, *objections_]
    if missing:
        store.put(missing)
    return len(missing)


def add_question(
    category: SpinCategory,
    text_zh: str = "",
    text_en: str = "",
    form: QuestionForm = QuestionForm.OPEN,
    industries: list[str] | None = None,
) -> SpinQuestion:
    if not (text_zh.strip() or text_en.strip()):
        raise ValidationFailed("text: a question needs its Chinese or English text")
    return SpinQuestion(
        category=category,
        text_zh=text_zh.strip(),
        text_en=text_en.strip(),
        form=form,
        industries=industries or [],
    )


def edit_question(question: SpinQuestion, **changes) -> SpinQuestion:
    updated = question.with_changes(**changes)
    if not (updated.text_zh.strip() or updated.text_en.strip()):
        raise ValidationFailed("text: a question needs its Chinese or English text")
    return updated


def retire(question: SpinQuestion, retired: bool = True) -> SpinQuestion:
    return question.with_changes(retired=retired)


def tag_industry(question: SpinQuestion, industry: str) -> SpinQuestion:
    tags = list(dict.fromkeys([*question.industries, industry.strip()]))
    return question.with_changes(industries=[t for t in tags if t])
