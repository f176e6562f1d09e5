"""SPIN: bank seeding and editing, gap-based suggestions, answers linked to the needs ladder."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dragon_tui.errors import ValidationFailed
from dragon_tui.method import question_bank
from dragon_tui.method.needs_ladder import ladder, record_answer
from dragon_tui.method.purchase_process import PHASES, next_phase, phase_info
from dragon_tui.method.spin_bank import SEED, active_questions, seed_questions
from dragon_tui.method.spin_suggestions import (
    implication_gaps,
    personal_need_gaps,
    role_gaps,
    suggestions,
)
from dragon_tui.models import Contact, NeedItem, Objection, SpinAnswer, SpinQuestion
from dragon_tui.models.enums import (
    AnswerStatus,
    NeedLevel,
    PersonalNeed,
    PurchasePhase,
    PurchaseRole,
    SpinCategory,
)
from dragon_tui.service.banks import ensure_seeded

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def test_seed_has_at_least_eight_per_category_bilingual():
    bank = seed_questions()
    for category in SpinCategory:
        mine = [q for q in bank if q.category == category and not q.is_needs_research]
        assert len(mine) >= 8, category
        assert all(q.text_zh and q.text_en for q in mine)
    assert sum(q.is_needs_research for q in bank) == 6
    assert {q.form for q in bank} == {"open", "closed"}
    assert len({q.id for q in bank}) == len(SEED)


def test_seeding_is_idempotent_and_stable(store):
    assert ensure_seeded(store) == len(SEED) + len(store.all(Objection))
    assert ensure_seeded(store) == 0
    retired = question_bank.retire(store.all(SpinQuestion)[0])
    store.save(retired)
    assert ensure_seeded(store) == 0  # a retired question is not re-seeded
    assert len(active_questions(store.all(SpinQuestion))) == len(SEED) - 1


def test_bank_editing():
    q = question_bank.add_question(
        SpinCategory.PROBLEM, text_zh="设备老化吗？", industries=["制造"]
    )
    assert active_questions([q], SpinCategory.PROBLEM, "制造") == [q]
    assert active_questions([q], SpinCategory.PROBLEM, "金融") == []
    q2 = question_bank.tag_industry(q, "能源")
    assert q2.industries == ["制造", "能源"]
    with pytest.raises(ValidationFailed):
        question_bank.add_question(SpinCategory.PROBLEM)
    with pytest.raises(ValidationFailed):
        question_bank.edit_question(q, text_zh=" ")


def test_problem_without_implication_is_suggested_until_developed():
    problem = SpinAnswer(
        opportunity_id="o",
        category=SpinCategory.PROBLEM,
        answer="高峰期系统卡顿",
        status=AnswerStatus.ASKED,
    )
    gaps = implication_gaps([problem])
    assert (
        len(gaps) == 1
        and gaps[0].follows_answer_id == problem.id
        and "高峰期系统卡顿" in gaps[0].text("zh")
    )
    developed = SpinAnswer(
        opportunity_id="o",
        category=SpinCategory.IMPLICATION,
        answer="每月损失十万",
        follows_answer_id=problem.id,
    )
    assert implication_gaps([problem, developed]) == []
    skipped = problem.model_copy(update={"status": AnswerStatus.SKIPPED})
    assert implication_gaps([skipped]) == []


def test_personal_need_and_role_gaps():
    known = Contact(
        account_id="a", name="王", personal_need=PersonalNeed.SAFETY, roles=list(PurchaseRole)
    )
    unknown = Contact(account_id="a", name="李")
    assert [g.contact_id for g in personal_need_gaps([known, unknown])] == [unknown.id]
    assert role_gaps([known]) == []
    missing = role_gaps([unknown])
    assert len(missing) == 5  # initiator, decision-maker, designer, evaluator, user (each once)
    # the Chinese reason names the phase and the role in Chinese, never the stored value
    first = missing[0].reason("zh")
    assert "发现需求" in first and "发起者" in first
    assert not any(c.isascii() and c.isalpha() for m in missing for c in m.reason("zh"))


def test_suggestions_fill_from_the_bank_without_repeats():
    bank = seed_questions()
    first = suggestions(SpinCategory.PROBLEM, bank, [], limit=3)
    assert len(first) == 3 and all(s.question_id for s in first)
    asked = [
        SpinAnswer(
            opportunity_id="o",
            question_id=first[0].question_id,
            category=SpinCategory.PROBLEM,
            status=AnswerStatus.SKIPPED,
        )
    ]
    second = suggestions(SpinCategory.PROBLEM, bank, asked, limit=3)
    assert first[0].question_id not in {s.question_id for s in second}
    later = [
        SpinAnswer(
            opportunity_id="o",
            question_id=first[0].question_id,
            category=SpinCategory.PROBLEM,
            status=AnswerStatus.NEXT_TIME,
        )
    ]
    assert first[0].question_id in {
        s.question_id for s in suggestions(SpinCategory.PROBLEM, bank, later, limit=3)
    }


def test_answers_are_saved_and_linked_to_ladder_items(store):
    records = record_answer(
        "o", SpinCategory.PROBLEM, "Q?", "数据无法共享", AnswerStatus.ASKED, ["c1"], WHEN
    )
    store.save_many(records)
    (answer,) = store.all(SpinAnswer)
    (item,) = store.all(NeedItem)
    assert (
        item.level == NeedLevel.PROBLEM
        and item.spin_answer_ids == [answer.id]
        and item.contact_ids == ["c1"]
    )
    assert ladder(store.all(NeedItem))[NeedLevel.PROBLEM] == [item]
    situation = record_answer(
        "o", SpinCategory.SITUATION, "Q?", "200 人", AnswerStatus.ASKED, [], WHEN
    )
    assert len(situation) == 1
    payoff = record_answer(
        "o", SpinCategory.NEED_PAYOFF, "Q?", "效率提升", AnswerStatus.ASKED, [], WHEN
    )
    assert payoff[1].level == NeedLevel.GOAL


def test_purchase_process_phases():
    assert [p.phase for p in PHASES] == list(PurchasePhase)
    assert phase_info(PurchasePhase.PURCHASE_DESIGN).key_role == PurchaseRole.DESIGNER
    assert next_phase(PurchasePhase.SERVICE_EXPERIENCE) is None
