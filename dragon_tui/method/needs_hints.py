"""Hints on what a person needs: organisational needs by function and level, personal (Maslow) needs."""

from __future__ import annotations

from dragon_tui.models import Contact
from dragon_tui.models.enums import Function, Level, PersonalNeed

# Organisational needs by function (METHOD §3).
ORGANISATIONAL = {
    Function.PURCHASING: (
        "采购：性能价格比、交付灵活、低风险",
        "Purchasing: performance for cost, delivery flexibility, low risk",
    ),
    Function.FINANCE: ("财务：成本、付款条件", "Finance: cost, payment terms"),
    Function.TECHNICAL: ("先进、稳定、兼容、有认证", "Advanced, stable, compatible, certified"),
    Function.USER_DEPARTMENT: (
        "易用、不改变习惯、减轻工作量",
        "Easy to use, no change of habits, lower workload",
    ),
    Function.OTHER: ("了解其部门目标", "Learn their department's goals"),
}
# By level: "The decision level makes five decisions: whether to buy, when, the budget, which
# vendor, and signing"; management answers for its department's results; the execution
# (operational) level lives with the product every day.
LEVEL_NEEDS = {
    Level.DECISION: (
        "决策层：组织利益、权力平衡（决定买不买、何时买、预算、选谁、签约）",
        "Decision level: the organisation's interest, balance of power (whether, when, budget, "
        "vendor, signing)",
    ),
    Level.MANAGEMENT: (
        "管理层：部门业绩和管理效率，实施风险可控",
        "Management: the department's results and efficiency, a controlled rollout",
    ),
    Level.OPERATIONAL: (
        "执行层：好用、省事、不打乱现有工作方式",
        "Execution level: easy, less work, no upheaval of how the job is done",
    ),
}
DECISION_LEVEL = LEVEL_NEEDS[Level.DECISION]
PERSONAL = {
    PersonalNeed.SAFETY: (
        "安全：避免被追责——给他降低风险的证据",
        "Safety: avoid blame — give evidence that lowers the risk",
    ),
    PersonalNeed.BELONGING: (
        "归属：被团体接纳——让方案成为团队的共识",
        "Belonging: be accepted — make the choice the team's consensus",
    ),
    PersonalNeed.ESTEEM: (
        "尊重：获得认可——让他成为项目的功臣",
        "Esteem: recognition — make him the one credited with the success",
    ),
    PersonalNeed.SELF_ACTUALISATION: (
        "自我实现：成就与影响——把项目和他的抱负连起来",
        "Self-actualisation: achievement, legacy — tie the project to his ambition",
    ),
}
# How a rep spots each personal need (Maslow cues), shown while it is unknown.
MASLOW_CUES = {
    PersonalNeed.SAFETY: (
        "常问风险、保障、成功案例 → 安全",
        "Asks about risk, guarantees, references → safety",
    ),
    PersonalNeed.BELONGING: (
        "看重同事和上级怎么看 → 归属",
        "Cares what colleagues and the boss think → belonging",
    ),
    PersonalNeed.ESTEEM: (
        "在意头衔、功劳、被重视 → 尊重",
        "Minds titles, credit, being consulted → esteem",
    ),
    PersonalNeed.SELF_ACTUALISATION: (
        "谈理想、创新、长远影响 → 自我实现",
        "Talks of vision, innovation, legacy → self-actualisation",
    ),
}


def needs_hints(contact: Contact, lang: str) -> list[str]:
    i = 0 if lang == "zh" else 1
    hints = []
    if contact.level is not None:
        hints.append(LEVEL_NEEDS[contact.level][i])
    if contact.function is not None:
        hints.append(ORGANISATIONAL[contact.function][i])
    if contact.personal_need is not None:
        hints.append(PERSONAL[contact.personal_need][i])
    else:
        hints.append(
            (
                "个人需求未知：通过提问和教练了解",
                "Personal need unknown: learn it by asking and through the coach",
            )[i]
        )
        hints += [cue[i] for cue in MASLOW_CUES.values()]
    return hints
