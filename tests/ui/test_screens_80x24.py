"""Every screen at 80×24 in both languages: a snapshot each, and a footer that fits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from textual.widgets import Input

from dragon_tui.models import Activity, Competitor, Contact, NeedItem, NextStep, Product
from dragon_tui.models.enums import (
    Function,
    Level,
    NeedLevel,
    PurchaseRole,
)
from screens.app import DragonApp
from screens.widgets.footer import Footer

TODAY = date(2026, 11, 25)
# The account list and the funnel have their 80×24 snapshots in test_home_snapshot.py and
# test_funnel_screen.py; their footers are checked here too.
SNAPSHOT_SCREENS = [
    "dossier",
    "orgchart",
    "spin",
    "proposal",
    "agenda",
    "checklist",
    "activities",
    "log_activity",
    "sync",
    "conflicts",
    "settings",
    "trash",
    "csv_import",
    "commitment",
]
SCREENS = ["home", *SNAPSHOT_SCREENS, "funnel"]


@pytest.fixture
def visit_store(fixed_store):
    """北京现代 with people (two named 曾…), a rival, a need, a product and a visit with a
    long summary and a hostile reply."""
    people = [
        ("z-1", "曾强", Level.DECISION, Function.USER_DEPARTMENT, [PurchaseRole.DECISION_MAKER], 2),
        ("z-2", "曾娜", Level.DECISION, Function.TECHNICAL, [PurchaseRole.EVALUATOR], -1),
        (
            "z-3",
            "区磊",
            Level.MANAGEMENT,
            Function.PURCHASING_FINANCE,
            [PurchaseRole.GATEKEEPER],
            0,
        ),
    ]
    fixed_store.save_many(
        [
            *[
                Contact(
                    id=cid,
                    account_id="acc-1",
                    name=name,
                    level=level,
                    function=function,
                    roles=roles,
                    attitude=attitude,
                )
                for cid, name, level, function, roles, attitude in people
            ],
            Competitor(id="r-1", account_id="acc-1", name="用友"),
            NeedItem(id="n-1", opportunity_id="o-1", level=NeedLevel.GOAL, text="产能翻番"),
            Product(id="p-1", name="数据中台", feature="统一数据接入", advantage="上线快一倍"),
            Activity(
                id="a-1",
                account_id="acc-1",
                opportunity_id="o-1",
                occurred_at=datetime(2026, 11, 10, 8, tzinfo=UTC),
                summary="拜访区磊和曾娜，讨论数据中台的上线周期与预算，客户希望年底前看到演示",
                customer_replies="[bold]预算[/] \x1b[31mRED 已在申请",
                contact_ids=["z-3", "z-2"],
                next_steps=[
                    NextStep(id="s-1", text="发送技术方案", due_on=date(2026, 11, 20), owner="张明")
                ],
            ),
        ]
    )
    return fixed_store


def make_app(store, lang: str) -> DragonApp:
    store.save_settings(store.settings().with_changes(language=lang))
    app = DragonApp(store, today=TODAY)
    return app


async def open_screen(pilot, name: str) -> None:
    if name != "home":
        pilot.app.open_screen(name, "acc-1", "o-1")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the list behind a dialog loads in a worker
    await pilot.wait_for_scheduled_animations()
    # a focused field's cursor shows steadily: a blink half a second later (a slow, busy
    # machine) would otherwise change the picture
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SNAPSHOT_SCREENS)
def test_screen_snapshot_80x24(snap_compare, visit_store, name, lang, monkeypatch):
    # the sync screen shows the default export folder: the same on every machine
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", "/home/rep/Documents")

    async def run_before(pilot):
        await open_screen(pilot, name)

    assert snap_compare(make_app(visit_store, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SCREENS)
async def test_footer_fits_80_columns(visit_store, name, lang):
    app = make_app(visit_store, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, name)
        footer = app.screen.query_one(Footer)
        assert footer.region.width == 80
        keys = footer.entries()
        palette = [k for k in keys if k.palette]
        others = [k for k in keys if not k.palette]
        assert others, f"{name}: no footer keys"
        limit = palette[0].x if palette else 80
        for key in others:
            assert key.width > 0 and key.right <= limit, (
                f"{name} ({lang}): {key.key_display} {key.description} is cut off"
            )
            if lang == "zh":  # no English left in a Chinese footer
                assert not any(c.isascii() and c.isalpha() for c in key.description) or (
                    key.description in ("EN", "SPIN")
                ), f"{name}: {key.description}"
