"""The objection bank (电话拒绝 and visit objections) with prepared responses: seed and lookup."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from dragon_tui.models import Objection

_NAMESPACE = uuid.UUID("0c7f2f7e-3f0d-4d0a-8c55-4a3f6b8e2b10")

# (channel, zh, en, response zh, response en)
SEED: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "phone",
        "我很忙，没时间。",
        "I'm busy, I have no time.",
        "理解您很忙，我只占用您两分钟，说明一件可能为您节省成本的事，您看周二还是周四方便？",
        "I understand. Two minutes to explain one thing that may save you cost — is Tuesday or Thursday better?",
    ),
    (
        "phone",
        "把资料发到我邮箱吧。",
        "Just send me the material by email.",
        "好的，为了只发您真正需要的内容，我想先问两个问题……",
        "Of course. So I send only what you need, may I ask two quick questions first…",
    ),
    (
        "phone",
        "我们已经有供应商了。",
        "We already have a supplier.",
        "很多客户在我们合作前也有供应商，他们选择我们是为了多一个备选和比较，不妨了解一下。",
        "Many of our customers had a supplier too; they talked to us to have an alternative to compare.",
    ),
    (
        "phone",
        "没有预算。",
        "There is no budget.",
        "明白。很多项目是在看到投入回报后才立项的，我们可以先一起算一笔账。",
        "Understood. Many projects get budget once the return is clear; let's work out the numbers together.",
    ),
    (
        "visit",
        "你们的价格太高了。",
        "Your price is too high.",
        "价格是重要因素。除了价格，您最看重哪些方面？我们来对比一下总拥有成本。",
        "Price matters. Besides price, what matters most? Let's compare the total cost of ownership.",
    ),
    (
        "visit",
        "我需要再考虑考虑。",
        "I need to think about it.",
        "当然。您主要还在考虑哪一点？我可以现在补充资料。",
        "Of course. Which point are you still weighing? I can add what's missing now.",
    ),
    (
        "visit",
        "这个要领导决定。",
        "My boss has to decide.",
        "理解。您觉得领导最关心什么？我们一起准备一份给领导的材料，或者约领导一起谈。",
        "Understood. What does your boss care about most? Let's prepare a brief for them, or meet together.",
    ),
    (
        "visit",
        "你们公司规模太小/没听说过。",
        "Your company is too small / unknown to us.",
        "我们在本行业服务了多家同类客户，我带了案例和客户推荐，您可以直接联系他们。",
        "We serve several similar customers in your industry; here are references you can call directly.",
    ),
    (
        "visit",
        "换供应商风险太大。",
        "Switching suppliers is too risky.",
        "这正是我们重视的。我们可以从小范围试点开始，并提供切换保障方案。",
        "That is exactly our concern too: start with a small pilot, with a switch-over guarantee.",
    ),
)


def seed_id(english_text: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, english_text))


def seed_objections() -> list[Objection]:
    return [
        Objection(
            id=seed_id(en),
            channel=channel,
            text_zh=zh,
            text_en=en,
            response_zh=rzh,
            response_en=ren,
            updated_by="seed",
        )
        for channel, zh, en, rzh, ren in SEED
    ]


def active_objections(
    objections: Iterable[Objection], channel: str | None = None
) -> list[Objection]:
    """Objections not retired, for a channel ('phone', 'visit'); 'any' fits every channel."""
    return [
        o
        for o in objections
        if not o.retired and not o.deleted and (channel is None or o.channel in (channel, "any"))
    ]
