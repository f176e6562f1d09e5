"""Sync conflicts: the losing value of a field changed on two laptops, kept for review."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dragon_tui.models.base import Name, Record


class Conflict(Record):
    table = "conflicts"

    record_table: Name
    record_id: str
    field: Name
    kept_value: Any = None
    lost_value: Any = None
    kept_by: str = ""
    lost_by: str = ""
    detected_at: datetime
    resolved: bool = False
