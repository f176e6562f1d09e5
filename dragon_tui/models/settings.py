"""Settings: per database, stored as one record so a team can share win rates by bundle."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from dragon_tui.models.base import Money, Name, Rate, Record
from dragon_tui.models.enums import Language, StageScheme

SETTINGS_ID = "settings"

DEFAULT_WIN_RATES: dict[StageScheme, list[float]] = {
    StageScheme.SIX_MOVES: [0.05, 0.10, 0.20, 0.30, 0.60, 0.80],
    StageScheme.TELEPHONE: [0.0, 0.20, 0.40, 0.60, 0.80, 1.0],
}

# expected days in each stage before an opportunity is flagged as stale (method/risk.py)
DEFAULT_EXPECTED_STAGE_DAYS = (30, 45, 45, 60, 45, 90)


def _default_win_rates() -> dict[StageScheme, list[float]]:
    return {scheme: list(rates) for scheme, rates in DEFAULT_WIN_RATES.items()}


class Settings(Record):
    table = "settings"

    id: str = SETTINGS_ID
    language: Language = Language.ZH
    stage_scheme: StageScheme = StageScheme.SIX_MOVES
    win_rates: dict[StageScheme, list[Rate]] = Field(default_factory=_default_win_rates)
    expected_stage_days: list[int] = Field(
        default_factory=lambda: list(DEFAULT_EXPECTED_STAGE_DAYS), min_length=6, max_length=6
    )
    stale_contact_days: int = Field(default=30, ge=1, le=3650)  # key person not contacted
    # receivables matrix thresholds (METHOD §2.6)
    overdue_long_days: int = Field(default=60, ge=1, le=3650)
    large_amount: Money = Decimal("100000")
    currency: str = Field(default="CNY", min_length=3, max_length=3)
    sales_target: Money = Decimal("0")
    owner_name: Name = ""  # the rep using this laptop
    last_account_filter: dict[str, str] = Field(default_factory=dict)
