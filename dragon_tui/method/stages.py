"""Stage schemes and moving an opportunity through them, with dated history (METHOD §2)."""

from __future__ import annotations

from datetime import date

from dragon_tui.errors import ValidationFailed
from dragon_tui.labels import Phrase, label, phrase
from dragon_tui.models import Opportunity, Settings, StageChange
from dragon_tui.models.enums import OpportunityStatus, Stage, StageScheme, TelephoneStage


def exit_marker_phrase(scheme: StageScheme, stage: int) -> Phrase:
    """The exit marker of `stage`: the customer event that moves an opportunity on from it,
    labelled "stage.exit.<scheme>.<stage>". In the telephone scheme Commit holds two milestones:
    −80% (price accepted) on entry, +80% when the customer confirms the payment date; it is left
    when the payment is received."""
    if not 1 <= stage <= 6:
        raise ValueError(f"stage must be 1–6, not {stage}")
    return phrase(f"stage.exit.{scheme.value}.{stage}")


def stage_enum(scheme: StageScheme, stage: int) -> Stage | TelephoneStage:
    return Stage(stage) if scheme == StageScheme.SIX_MOVES else TelephoneStage(stage)


def exit_marker(scheme: StageScheme, stage: int, lang: str) -> str:
    return exit_marker_phrase(scheme, stage).text(lang)


def stage_name(scheme: StageScheme, opp: Opportunity | int, lang: str) -> str:
    """The stage's name in the active scheme; the telephone scheme's 承诺 shows −80% (price
    accepted) or +80% (payment date confirmed) apart."""
    stage = opp if isinstance(opp, int) else opp.stage
    name = label(stage_enum(scheme, stage), lang)
    if scheme == StageScheme.TELEPHONE and stage == TelephoneStage.COMMIT:
        confirmed = not isinstance(opp, int) and opp.payment_date_confirmed_on is not None
        name += " +80%" if confirmed else " −80%"
    return name


def paid_stage(scheme: StageScheme) -> int | None:
    """The stage an opportunity reaches once paid (telephone 跟进): its amount is revenue then,
    not a weighted open deal, so the forecast counts it once."""
    return TelephoneStage.FOLLOW_UP.value if scheme == StageScheme.TELEPHONE else None


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
