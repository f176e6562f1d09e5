"""Hostile text in every field type on every screen: shown literally, never a crash."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dragon_tui.models import (
    Account,
    Activity,
    Checklist,
    ChecklistItem,
    Competitor,
    Conflict,
    Contact,
    FabStatement,
    Invoice,
    NeedItem,
    NextStep,
    Opportunity,
    Product,
    Proposal,
    Quote,
    QuoteLine,
    SpinAnswer,
)
from dragon_tui.models import enums as e
from dragon_tui.store import Store
from screens.app import DragonApp

NASTY = [
    "[bold red]markup[/]",
    "[/]",
    "[link=https://evil.example]click[/link]",
    "\x1b[31mred\x1b[0m\x1b]0;title\x07",
    "\x00\x08\r\t\x7f\u202eRTL override\u202c",
    "🐉🔥👨‍👩‍👧 emoji",
    "北京" * 140,  # long CJK, within the name limit
]
HUGE = "长" * 1_048_000  # about 1 MB of text in a long field
WHEN = datetime(2026, 11, 1, tzinfo=UTC)
TODAY = date(2026, 11, 25)
SCREENS = [
    "home",
    "dossier",
    "orgchart",
    "spin",
    "proposal",
    "funnel",
    "agenda",
    "checklist",
    "activities",
    "sync",
    "conflicts",
]


def hostile_records(text: str, long_text: str) -> list:
    account = Account(
        id="acc",
        name=text,
        industry=text,
        region=text,
        owner=text,
        tags=["[b]"],
        notes=long_text,
        business_scope=long_text,
    )
    contact = Contact(
        id="con",
        account_id="acc",
        name=text,
        title=text,
        hobbies=long_text,
        family=text,
        roles=[e.PurchaseRole.DECISION_MAKER],
        level=e.Level.DECISION,
        function=e.Function.TECHNICAL,
        attitude=-2,
    )
    opp = Opportunity(
        id="opp",
        account_id="acc",
        name=text,
        amount=Decimal("1000"),
        next_step=text,
        urgent_need=text,
        contact_ids=["con"],
    )
    return [
        account,
        contact,
        opp,
        Competitor(account_id="acc", name=text, history=long_text, rival_rep=text),
        Activity(
            account_id="acc",
            opportunity_id="opp",
            occurred_at=WHEN,
            summary=long_text,
            customer_replies=text,
            contact_ids=["con"],
            next_steps=[NextStep(text=text, due_on=date(2026, 11, 20))],
        ),
        Checklist(
            account_id="acc", items=[ChecklistItem(kind=e.ChecklistKind.GAP, text=long_text)]
        ),
        Proposal(
            opportunity_id="opp",
            account_id="acc",
            title=text,
            sections={s: text for s in e.ProposalSection},
            fab_statements=[
                FabStatement(feature=text, advantage=text, benefit=long_text, contact_id="con")
            ],
            quote=Quote(
                lines=[QuoteLine(product=text, quantity=Decimal(1), unit_price=Decimal(1))]
            ),
        ),
        Product(name=text, feature=long_text, advantage=text),
        NeedItem(
            opportunity_id="opp", level=e.NeedLevel.PROBLEM, text=long_text, contact_ids=["con"]
        ),
        SpinAnswer(
            opportunity_id="opp",
            category=e.SpinCategory.PROBLEM,
            question_text=text,
            answer=long_text,
        ),
        Invoice(
            opportunity_id="opp",
            account_id="acc",
            number=text,
            amount=Decimal("5"),
            issued_on=date(2026, 1, 1),
            due_on=date(2026, 2, 1),
        ),
        Conflict(
            record_table="accounts",
            record_id="acc",
            field="name",
            kept_value=text,
            lost_value=long_text,
            detected_at=WHEN,
        ),
    ]


async def settle(pilot) -> None:
    """Wait until the screen has handled every pending message. `pilot.pause()` gives up after
    a fixed 30 s, which a loaded machine can exceed with megabyte fields; this waits on the
    condition itself (the bound is only there so a hang still ends)."""
    await pilot._wait_for_screen(timeout=3600)


async def open_every_screen(app, pilot) -> None:
    """Open each screen for the hostile account and deal, let it settle, then go back."""
    for name in SCREENS:
        home = app.screen
        app.open_screen(name, "acc", "opp")
        await settle(pilot)
        assert app.is_running, name
        if name == "home":
            continue
        assert app.screen is not home, name
        app.pop_screen()
        await settle(pilot)
        assert app.screen is home, name


@pytest.mark.parametrize("text", NASTY[:6] + [NASTY[6]])
async def test_every_screen_shows_hostile_text_without_crashing(tmp_path, text):
    long_text = text * 20
    with Store(tmp_path / "db.json") as store:
        store.save_many(hostile_records(text, long_text))
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_every_screen(app, pilot)
            assert not app._exception


async def test_one_megabyte_fields_open_everywhere(tmp_path):
    with Store(tmp_path / "db.json") as store:
        store.save_many(hostile_records("巨大", HUGE))
        app = DragonApp(store, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_every_screen(app, pilot)
