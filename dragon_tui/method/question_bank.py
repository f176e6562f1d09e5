"""Editing the SPIN question bank: add, edit, retire, tag by industry (seeding: service.banks)."""

from __future__ import annotations

from dragon_tui.errors import ValidationFailed
from dragon_tui.models import SpinQuestion
from dragon_tui.models.enums import QuestionForm, SpinCategory


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
