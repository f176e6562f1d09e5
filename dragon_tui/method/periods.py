"""Reporting periods: a year (2026), a quarter (2026Q4) or a month (2026-11), both ends included."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dragon_tui.errors import DragonError
from dragon_tui.labels import phrase

_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    name: str
    start: date
    end: date  # inclusive

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def parse_period(text: str) -> Period:
    """Read '2026', '2026Q4' / '2026-Q4' or '2026-11'; anything else is a clear error."""
    raw = text.strip()
    if match := _QUARTER.match(raw):
        year, quarter = int(match[1]), int(match[2])
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return Period(
            f"{year}Q{quarter}",
            date(year, first, 1),
            date(year, last, calendar.monthrange(year, last)[1]),
        )
    if match := _MONTH.match(raw):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise DragonError(
                f"period {text!r}: month must be 1–12",
                phrase=phrase("error.period_month", text=text),
            )
        return Period(
            f"{year}-{month:02d}",
            date(year, month, 1),
            date(year, month, calendar.monthrange(year, month)[1]),
        )
    if match := _YEAR.match(raw):
        year = int(match[1])
        return Period(str(year), date(year, 1, 1), date(year, 12, 31))
    raise DragonError(
        f"period {text!r} is not a year (2026), quarter (2026Q4) or month (2026-11)",
        phrase=phrase("error.period", text=text),
    )


def quarter_of(day: date) -> Period:
    return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")
