"""Stage 3 data: the SPIN question bank, answers, the needs ladder and the objection bank."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from dragon_tui.models.base import LIST_MAX, LongText, Name, Record, ShortText
from dragon_tui.models.enums import AnswerStatus, NeedLevel, QuestionForm, SpinCategory


class SpinQuestion(Record):
    """A question in the bank (editable data, synced like every record)."""

    table = "spin_questions"

    category: SpinCategory
    text_zh: ShortText = ""
    text_en: ShortText = ""
    form: QuestionForm = QuestionForm.OPEN
    industries: list[Name] = Field(default_factory=list, max_length=200)  # empty = any industry
    is_needs_research: bool = False  # one of the 需求调研 questions
    retired: bool = False


class SpinAnswer(Record):
    """What the customer said to one question in one opportunity."""

    table = "spin_answers"

    opportunity_id: str
    question_id: str | None = None  # None for an ad-hoc question
    question_text: ShortText = ""  # the question as asked (ad-hoc or edited)
    category: SpinCategory
    contact_ids: list[str] = Field(default_factory=list, max_length=1_000)
    answer: LongText = ""
    status: AnswerStatus = AnswerStatus.ASKED
    asked_at: datetime | None = None
    # For an Implication answer: the Problem answer it develops.
    follows_answer_id: str | None = None


class NeedItem(Record):
    """One rung item of an opportunity's needs ladder, linked to who holds it and where it came from."""

    table = "need_items"

    opportunity_id: str
    level: NeedLevel
    text: LongText = Field(min_length=1)
    contact_ids: list[str] = Field(default_factory=list, max_length=1_000)
    spin_answer_ids: list[str] = Field(default_factory=list, max_length=LIST_MAX)


class Objection(Record):
    """An objection (电话拒绝 and others) with the prepared response: an editable bank."""

    table = "objections"

    text_zh: ShortText = ""
    text_en: ShortText = ""
    response_zh: LongText = ""
    response_en: LongText = ""
    channel: Name = "visit"  # phone / visit / any
    retired: bool = False
