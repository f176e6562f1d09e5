"""The customer's purchase process (采购流程, METHOD §2.3): six phases, key role, exit event, action."""

from __future__ import annotations

from dataclasses import dataclass

from dragon_tui.labels import Phrase, phrase
from dragon_tui.models.enums import PurchasePhase, PurchaseRole


@dataclass(frozen=True)
class PhaseInfo:
    phase: PurchasePhase
    key_role: PurchaseRole

    @property
    def exit_event(self) -> Phrase:
        """The customer event that ends the phase ("phase.exit.<phase>")."""
        return phrase(f"phase.exit.{self.phase.value}")

    @property
    def sales_action(self) -> Phrase:
        """The matching sales action ("phase.action.<phase>")."""
        return phrase(f"phase.action.{self.phase.value}")

    def exit_event_text(self, lang: str) -> str:
        return self.exit_event.text(lang)

    def sales_action_text(self, lang: str) -> str:
        return self.sales_action.text(lang)


# Each phase's key role; its exit event and sales action are labels (METHOD §2.3).
PHASES: tuple[PhaseInfo, ...] = (
    PhaseInfo(PurchasePhase.NEED_DISCOVERED, PurchaseRole.INITIATOR),
    PhaseInfo(PurchasePhase.INTERNAL_DELIBERATION, PurchaseRole.DECISION_MAKER),
    PhaseInfo(PurchasePhase.PURCHASE_DESIGN, PurchaseRole.DESIGNER),
    PhaseInfo(PurchasePhase.EVALUATION, PurchaseRole.EVALUATOR),
    PhaseInfo(PurchasePhase.COMMITMENT, PurchaseRole.DECISION_MAKER),
    PhaseInfo(PurchasePhase.SERVICE_EXPERIENCE, PurchaseRole.USER),
)

_BY_PHASE = {info.phase: info for info in PHASES}


def phase_info(phase: PurchasePhase) -> PhaseInfo:
    return _BY_PHASE[phase]


def next_phase(phase: PurchasePhase) -> PurchasePhase | None:
    order = list(PurchasePhase)
    index = order.index(phase)
    return order[index + 1] if index + 1 < len(order) else None
