"""The customer's purchase process (采购流程, METHOD §2.3): six phases, key role, exit event, action."""

from __future__ import annotations

from dataclasses import dataclass

from dragon_tui.models.enums import PurchasePhase, PurchaseRole


@dataclass(frozen=True)
class PhaseInfo:
    phase: PurchasePhase
    key_role: PurchaseRole
    exit_event: tuple[str, str]  # (zh, en)
    sales_action: tuple[str, str]  # the matching sales action (zh, en)

    def exit_event_text(self, lang: str) -> str:
        return self.exit_event[0 if lang == "zh" else 1]

    def sales_action_text(self, lang: str) -> str:
        return self.sales_action[0 if lang == "zh" else 1]


PHASES: tuple[PhaseInfo, ...] = (
    PhaseInfo(
        PurchasePhase.NEED_DISCOVERED,
        PurchaseRole.INITIATOR,
        ("提出需求", "Request raised"),
        (
            "找到发起者，了解需求来源和动机",
            "Find the initiator; learn where the need comes from and why",
        ),
    ),
    PhaseInfo(
        PurchasePhase.INTERNAL_DELIBERATION,
        PurchaseRole.DECISION_MAKER,
        ("项目立项（预算批准）", "Project approved (budget)"),
        (
            "接触决策者，把需求与公司战略挂钩",
            "Reach the decision-maker; tie the need to the strategy",
        ),
    ),
    PhaseInfo(
        PurchasePhase.PURCHASE_DESIGN,
        PurchaseRole.DESIGNER,
        ("发布招标书/询价，确定指标", "Tender / RFQ issued with criteria"),
        (
            "影响设计者，让采购指标偏向我们的优势",
            "Shape the criteria toward our strengths with the designer",
        ),
    ),
    PhaseInfo(
        PurchasePhase.EVALUATION,
        PurchaseRole.EVALUATOR,
        ("入围，开始谈判", "Shortlist; negotiation begins"),
        (
            "向评估者呈现价值，做竞争分析",
            "Present value to the evaluators; work the competitive chart",
        ),
    ),
    PhaseInfo(
        PurchasePhase.COMMITMENT,
        PurchaseRole.DECISION_MAKER,
        ("签订合同", "Contract signed"),
        (
            "识别购买信号，促成决策者承诺",
            "Read buying signals; win the decision-maker's commitment",
        ),
    ),
    PhaseInfo(
        PurchasePhase.SERVICE_EXPERIENCE,
        PurchaseRole.USER,
        ("稳定合作", "Stable cooperation"),
        ("服务使用者，回收账款，扩展合作", "Serve the users, collect payment, expand the deal"),
    ),
)

_BY_PHASE = {info.phase: info for info in PHASES}


def phase_info(phase: PurchasePhase) -> PhaseInfo:
    return _BY_PHASE[phase]


def next_phase(phase: PurchasePhase) -> PurchasePhase | None:
    order = list(PurchasePhase)
    index = order.index(phase)
    return order[index + 1] if index + 1 < len(order) else None
