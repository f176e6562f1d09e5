"""Stage schemes and moving an opportunity through them, with dated history (METHOD §2)."""

from __future__ import annotations

from datetime import date

from dragon_tui.errors import ValidationFailed
from dragon_tui.models import Opportunity, Settings, StageChange
from dragon_tui.models.enums import OpportunityStatus, Stage, StageScheme, TelephoneStage

# Exit markers: the customer event that moves an opportunity on from each stage.
EXIT_MARKERS: dict[StageScheme, list[tuple[str, str]]] = {
    StageScheme.SIX_MOVES: [
        (
            "发现了明确、近期的机会（已完成A卡评估）",
            "A clear, near-term opportunity is identified (A-card assessed)",
        ),
        (
            "关键人信任我们（与决策者/教练的关系达到信赖）",
            "Key stakeholders trust us (trust with the decision-maker/coach)",
        ),
        (
            "客户明确确认需求，最好是书面的",
            "The customer confirmed the needs explicitly, ideally in writing",
        ),
        (
            "客户表示要切换到我们/开始谈判",
            "The customer signals intent to switch / starts negotiating",
        ),
        ("合同已签订", "Contract signed"),
        ("已回款，合作稳定", "Payment received; stable cooperation"),
    ],
    StageScheme.TELEPHONE: [
        ("客户同意交谈", "The customer agrees to talk"),
        ("客户说出需求/紧迫动机", "The customer states a need / urgent motive"),
        ("客户接受产品，决策日期已知", "The customer accepts the product; decision date known"),
        ("客户接受价格", "The customer accepts the price"),
        ("客户确认付款日期", "The customer confirms the payment date"),
        ("持续跟进", "Ongoing follow-up"),
    ],
}


def stage_enum(scheme: StageScheme, stage: int) -> Stage | TelephoneStage:
    return Stage(stage) if scheme == StageScheme.SIX_MOVES else TelephoneStage(stage)


def exit_marker(scheme: StageScheme, stage: int, lang: str) -> str:
    zh, en = EXIT_MARKERS[scheme][stage - 1]
    return zh if lang == "zh" else en


def win_rates(settings: Settings) -> list[float]:
    return list(settings.win_rates[settings.stage_scheme])


def _ensure_open(opp: Opportunity) -> None:
    if opp.status != OpportunityStatus.OPEN:
        raise ValidationFailed(f"opportunity {opp.name!r} is {opp.status.value}; reopen it first")


def move_to_stage(opp: Opportunity, stage: int, on: date, note: str = "") -> Opportunity:
    """The opportunity at `stage` (forwards or backwards), the move kept as dated history."""
    _ensure_open(opp)
    if not 1 <= stage <= 6:
        raise ValidationFailed(f"stage must be 1–6, not {stage}")
    if stage == opp.stage:
        return opp
    change = StageChange(stage=stage, entered_on=on, from_stage=opp.stage, note=note)
    history = [*opp.stage_history, change]
    return opp.with_changes(stage=stage, stage_history=[h.model_dump() for h in history])


def advance(opp: Opportunity, on: date, note: str = "") -> Opportunity:
    if opp.stage >= 6:
        raise ValidationFailed(
            f"opportunity {opp.name!r} is already at the last stage; mark it won"
        )
    return move_to_stage(opp, opp.stage + 1, on, note)


def step_back(opp: Opportunity, on: date, note: str = "") -> Opportunity:
    if opp.stage <= 1:
        raise ValidationFailed(f"opportunity {opp.name!r} is already at the first stage")
    return move_to_stage(opp, opp.stage - 1, on, note)


def mark_won(opp: Opportunity, on: date) -> Opportunity:
    _ensure_open(opp)
    return opp.with_changes(status=OpportunityStatus.WON, closed_on=on)


def mark_lost(opp: Opportunity, on: date, reason: str) -> Opportunity:
    _ensure_open(opp)
    if not reason.strip():
        raise ValidationFailed("lost_reason: a lost opportunity needs a reason")
    return opp.with_changes(status=OpportunityStatus.LOST, closed_on=on, lost_reason=reason)


def entered_current_stage(opp: Opportunity) -> date | None:
    """When the opportunity entered the stage it is in now."""
    for change in reversed(opp.stage_history):
        if change.stage == opp.stage:
            return change.entered_on
    return opp.first_contact_on or opp.created_at.date()
