"""UI fixtures: a store with a small fixed dataset, for stable snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dragon_tui.models import Account, Contact, Opportunity, StageChange
from dragon_tui.models import enums as e
from dragon_tui.store import Store

FIXED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def fixed_accounts() -> list:
    names = [
        ("acc-1", "北京现代汽车有限公司", "制造", "华北", e.ValueTier.A, "张明"),
        ("acc-2", "上海华信精密科技有限公司", "制造", "华东", e.ValueTier.B, "李娜"),
        ("acc-3", "[bold]Markup[/] & \x1b[31mANSI", "金融", "华南", None, "王强"),
        ("acc-4", "ABB北京 🐉 Emoji", "能源", "华北", e.ValueTier.C, "陈静"),
    ]
    records: list = []
    for rid, name, industry, region, tier, owner in names:
        records.append(
            Account(
                id=rid,
                name=name,
                industry=industry,
                region=region,
                value_tier=tier,
                owner=owner,
                created_at=FIXED,
                updated_at=FIXED,
            )
        )
    records.append(
        Contact(id="c-1", account_id="acc-1", name="单志强", created_at=FIXED, updated_at=FIXED)
    )
    records.append(
        Opportunity(
            id="o-1",
            account_id="acc-1",
            name="ERP升级项目",
            amount=Decimal("300000"),
            stage=3,
            stage_history=[
                StageChange(stage=1, entered_on=date(2026, 9, 1)),
                StageChange(stage=3, entered_on=date(2026, 10, 1), from_stage=1),
            ],
            created_at=FIXED,
            updated_at=FIXED,
        )
    )
    return records


@pytest.fixture
def fixed_store(tmp_path):
    with Store(tmp_path / "ui.json", device_id="ui") as store:
        store.put(fixed_accounts())
        yield store


async def today_ready(pilot) -> None:
    """Until Today is on top and shows what it worked out in its worker (a condition, never a
    clock: a busy machine only takes more turns)."""
    from screens.agenda import AgendaScreen

    for _ in range(2000):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if (
            isinstance(screen, AgendaScreen)
            and screen._working is None
            and not screen.query_one("#agenda").loading
        ):
            return
    raise AssertionError("Today never showed what it worked out")
