"""Hints on what a person needs: organisational needs by function and level, personal (Maslow) needs."""

from __future__ import annotations

from dragon_tui.models import Contact
from dragon_tui.models.enums import Function, Level, PersonalNeed

ORGANISATIONAL = {
    Function.PURCHASING_FINANCE: (
        "性能价格比、交付灵活、低风险；财务关注成本与付款条件",
        "Performance for cost, delivery flexibility, low risk; finance: cost and payment terms",
    ),
    Function.TECHNICAL: ("先进、稳定、兼容、有认证", "Advanced, stable, compatible, certified"),
    Function.USER_DEPARTMENT: (
        "易用、不改变习惯、减轻工作量",
        "Easy to use, no change of habits, lower workload",
    ),
    Function.OTHER: ("了解其部门目标", "Learn their department's goals"),
}
DECISION_LEVEL = ("组织利益、权力平衡", "The organisation's interest, balance of power")
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


def needs_hints(contact: Contact, lang: str) -> list[str]:
    i = 0 if lang == "zh" else 1
    hints = []
    if contact.level == Level.DECISION:
        hints.append(DECISION_LEVEL[i])
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
    return hints
