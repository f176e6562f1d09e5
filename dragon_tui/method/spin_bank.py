"""The seeded SPIN question bank (Situation, Problem, Implication, Need-payoff) and its editing.

The bank is data in the database (SpinQuestion records) so it syncs like everything else; this
module holds the starting bank written for B2B key-account selling and the seeding step. Seeded
questions get stable ids (uuid5 of their English text) so two laptops seeding independently
create the same records instead of duplicates.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from dragon_tui.models import SpinQuestion
from dragon_tui.models.enums import QuestionForm, SpinCategory

_NAMESPACE = uuid.UUID("5b1d1c64-6a0e-4c59-9f57-2f1f4f6d7a01")

S, P, IMP, N = (
    SpinCategory.SITUATION,
    SpinCategory.PROBLEM,
    SpinCategory.IMPLICATION,
    SpinCategory.NEED_PAYOFF,
)
OPEN, CLOSED = QuestionForm.OPEN, QuestionForm.CLOSED

# (category, form, zh, en, is_needs_research)
SEED: tuple[tuple[SpinCategory, QuestionForm, str, str, bool], ...] = (
    # Situation 背景问题 — facts about the current state
    (
        S,
        OPEN,
        "目前这项业务是怎么运作的？由哪些部门参与？",
        "How does this process run today, and which departments take part?",
        False,
    ),
    (
        S,
        OPEN,
        "现在用的是哪家供应商的产品？用了多久？",
        "Which supplier's products do you use now, and for how long?",
        False,
    ),
    (
        S,
        CLOSED,
        "这套系统每月大约处理多少业务量？",
        "Roughly what volume does the system handle each month?",
        False,
    ),
    (
        S,
        OPEN,
        "贵公司今年在这方面的重点工作是什么？",
        "What are the company's priorities in this area this year?",
        False,
    ),
    (
        S,
        CLOSED,
        "这方面的预算是按年度还是按项目审批？",
        "Is the budget for this approved yearly or per project?",
        False,
    ),
    (
        S,
        OPEN,
        "采购这类产品一般经过哪些环节、由谁拍板？",
        "What steps does a purchase like this go through, and who signs off?",
        False,
    ),
    (S, CLOSED, "现有合同什么时候到期？", "When does the current contract expire?", False),
    (
        S,
        OPEN,
        "团队规模有多大？使用者主要是哪些岗位？",
        "How large is the team, and which roles use it day to day?",
        False,
    ),
    # Problem 难点问题 — difficulties and dissatisfaction
    (
        P,
        OPEN,
        "现在的方案在哪些方面让您不太满意？",
        "Where does the current solution fall short for you?",
        False,
    ),
    (
        P,
        CLOSED,
        "高峰期系统会不会出现响应慢或宕机？",
        "Does the system slow down or fail at peak times?",
        False,
    ),
    (P, OPEN, "使用部门最常抱怨的是什么？", "What do the users complain about most often?", False),
    (
        P,
        CLOSED,
        "供应商的服务响应速度能满足您的要求吗？",
        "Does the supplier's service response meet your needs?",
        False,
    ),
    (
        P,
        OPEN,
        "在成本控制上遇到了哪些困难？",
        "What difficulties do you face in keeping costs under control?",
        False,
    ),
    (
        P,
        OPEN,
        "数据在各部门之间流转时有哪些障碍？",
        "What gets in the way when data moves between departments?",
        False,
    ),
    (
        P,
        CLOSED,
        "扩容或升级时是否遇到过兼容性问题？",
        "Have you hit compatibility problems when scaling or upgrading?",
        False,
    ),
    (
        P,
        OPEN,
        "要达成今年的目标，最大的障碍是什么？",
        "What is the biggest obstacle to reaching this year's goals?",
        False,
    ),
    # Implication 暗示问题 — consequences: cost, risk, delay
    (
        IMP,
        OPEN,
        "这个问题每个月大概会造成多少损失或额外成本？",
        "Roughly how much does this problem cost you each month?",
        False,
    ),
    (
        IMP,
        OPEN,
        "如果问题持续到明年，会对业务目标产生什么影响？",
        "If this continues into next year, what happens to the business targets?",
        False,
    ),
    (
        IMP,
        OPEN,
        "系统停机一次，会影响到哪些客户或部门？",
        "When the system goes down, which customers or departments are hit?",
        False,
    ),
    (
        IMP,
        CLOSED,
        "这会不会影响到审计或合规检查？",
        "Could this affect audits or compliance checks?",
        False,
    ),
    (
        IMP,
        OPEN,
        "员工为了弥补这个问题，要额外花多少时间？",
        "How much extra time do staff spend working around it?",
        False,
    ),
    (
        IMP,
        OPEN,
        "交付延误会对客户满意度和续约带来什么后果？",
        "What do delivery delays do to customer satisfaction and renewals?",
        False,
    ),
    (
        IMP,
        CLOSED,
        "领导层是否已经注意到这个问题带来的风险？",
        "Has management already noticed the risk this creates?",
        False,
    ),
    (
        IMP,
        OPEN,
        "竞争对手如果先解决了这个问题，对您意味着什么？",
        "What would it mean for you if a competitor solved this first?",
        False,
    ),
    # Need-payoff 需求-效益问题 — the value of solving it, in the customer's words
    (
        N,
        OPEN,
        "如果这个问题解决了，对您的团队最大的帮助是什么？",
        "If this were solved, what would help your team most?",
        False,
    ),
    (
        N,
        OPEN,
        "响应时间缩短一半，能为业务带来什么价值？",
        "What would halving the response time be worth to the business?",
        False,
    ),
    (
        N,
        CLOSED,
        "如果能节省两成运维成本，这对您重要吗？",
        "Would saving a fifth of operating cost matter to you?",
        False,
    ),
    (
        N,
        OPEN,
        "更好的数据共享能让哪些决策更快？",
        "Which decisions would better data sharing speed up?",
        False,
    ),
    (
        N,
        OPEN,
        "如果上线周期缩短，您会如何向领导汇报这个成果？",
        "If go-live came sooner, how would you present that result to your leadership?",
        False,
    ),
    (
        N,
        CLOSED,
        "一个更稳定的方案能否帮您顺利通过年度考核？",
        "Would a more stable solution help you meet your annual review targets?",
        False,
    ),
    (
        N,
        OPEN,
        "除了您，还有谁会从这个改进中受益？",
        "Besides you, who else would benefit from this improvement?",
        False,
    ),
    (
        N,
        OPEN,
        "解决之后，您希望一年后看到什么样的变化？",
        "Once solved, what change would you like to see a year from now?",
        False,
    ),
    # Needs research 需求调研 (METHOD §2.3)
    (S, OPEN, "这个需求是谁提出的？为什么是现在？", "Who raised this need, and why now?", True),
    (
        S,
        OPEN,
        "这个项目和公司的整体战略有什么关系？",
        "How does this project link to the company's strategy?",
        True,
    ),
    (S, OPEN, "项目希望达到哪些具体目标？", "What specific goals should the project reach?", True),
    (S, OPEN, "目标市场或最终用户是谁？", "Who is the target market or end user?", True),
    (
        S,
        CLOSED,
        "这是新建项目还是在现有系统上迭代？",
        "Is this a new build or an iteration of an existing system?",
        True,
    ),
    (
        S,
        CLOSED,
        "项目计划什么时候启动、什么时候完成？",
        "When should the project start and finish?",
        True,
    ),
)


def seed_id(english_text: str) -> str:
    """The stable id of a seeded question, the same on every laptop."""
    return str(uuid.uuid5(_NAMESPACE, english_text))


def seed_questions() -> list[SpinQuestion]:
    """The starting bank as records (not yet stored)."""
    return [
        SpinQuestion(
            id=seed_id(en),
            category=category,
            form=form,
            text_zh=zh,
            text_en=en,
            is_needs_research=research,
            updated_by="seed",
        )
        for category, form, zh, en, research in SEED
    ]


def question_text(question: SpinQuestion, lang: str) -> str:
    """The question in `lang`, falling back to the other language when one is blank."""
    first, second = (
        (question.text_zh, question.text_en)
        if lang == "zh"
        else (
            question.text_en,
            question.text_zh,
        )
    )
    return first or second


def active_questions(
    questions: Iterable[SpinQuestion],
    category: SpinCategory | None = None,
    industry: str | None = None,
) -> list[SpinQuestion]:
    """Questions not retired, of a category, for an industry (untagged ones fit every industry)."""
    result = []
    for q in questions:
        if q.retired or q.deleted:
            continue
        if category is not None and q.category != category:
            continue
        if industry and q.industries and industry not in q.industries:
            continue
        result.append(q)
    return result
