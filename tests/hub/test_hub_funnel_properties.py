"""The team funnel equals the laptop funnel for any opportunities and people (hypothesis): the
rules SQL states again, where each deal counts in a period and which deals are at risk, and the
facts of the at-risk rules."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.hub.client import connect, set_funnel_settings
from dragon_tui.hub.funnel import team_at_risk, team_funnel
from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.periods import Period
from dragon_tui.method.risk import at_risk
from dragon_tui.method.stages import paid_stage
from dragon_tui.models import DEFAULT_WIN_RATES, Account, Contact, Opportunity, StageChange
from dragon_tui.models.enums import OpportunityStatus, PurchaseRole, StageScheme
from dragon_tui.service.hub_sync import sync_with_hub
from dragon_tui.store import Store

_runs = itertools.count()
PEOPLE = ["p0", "p1", "p2", "p3"]
# the period's edges and either side of them, often; any day, sometimes
edges = [
    date(2026, 6, 30),
    date(2026, 7, 1),
    date(2026, 8, 15),
    date(2026, 9, 30),
    date(2026, 10, 1),
]
days = st.sampled_from(edges) | st.dates(date(2025, 12, 1), date(2027, 1, 31))
PERIOD = Period("2026Q3+", date(2026, 7, 1), date(2026, 9, 30))
TODAY = date(2026, 9, 30)

seldom = st.sampled_from([False, False, False, True])  # deleted now and then
contacts = st.lists(
    st.builds(
        lambda i, coach, decides, attitude, deleted: Contact(
            id=PEOPLE[i],
            account_id="acc",
            name=f"人{i}",
            is_coach=coach,
            roles=[PurchaseRole.DECISION_MAKER] if decides else [],
            attitude=attitude,
            deleted=deleted,
        ),
        st.integers(0, 3),
        st.booleans(),
        st.booleans(),
        st.none() | st.integers(-4, 4),
        seldom,
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda c: c.id,
)


@st.composite
def opportunities(draw) -> Opportunity:
    status = draw(st.sampled_from([OpportunityStatus.OPEN, *OpportunityStatus]))
    stage = draw(st.integers(1, 6) | st.just(6))  # 6: the telephone scheme's paid stage
    moves = st.tuples(st.integers(1, 6), days, st.none() | st.integers(1, 6))
    history = [
        StageChange(stage=to, entered_on=on, from_stage=before)
        for to, on, before in draw(st.lists(moves, max_size=3))
    ]
    if draw(st.booleans()):  # usually the history says when it entered its current stage
        history.append(
            StageChange(stage=stage, entered_on=draw(days), from_stage=draw(st.integers(1, 6)))
        )
    return Opportunity(
        account_id="acc",
        name="机会",
        amount=Decimal(draw(st.integers(0, 10**7))) / 100,
        stage=stage,
        status=status,
        closed_on=draw(st.none() | days) if status != OpportunityStatus.OPEN else None,
        lost_reason="价格" if status == OpportunityStatus.LOST else "",
        stage_history=history,
        next_step=draw(st.sampled_from(["", " ", "\u3000", "拜访"])),
        next_contact_on=draw(st.none() | days),
        first_contact_on=draw(st.none() | days),
        created_at=datetime(2026, 1, 5, 23, 30, tzinfo=UTC),
        contact_ids=draw(st.lists(st.sampled_from([*PEOPLE, "missing"]), max_size=3)),
        deleted=draw(seldom),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=contacts,
    opps=st.lists(opportunities(), min_size=1, max_size=6),
    scheme=st.sampled_from(list(StageScheme)),
)
def test_any_deals_give_the_laptop_funnel_on_the_hub(hub, tmp_path_factory, people, opps, scheme):
    with hub.connect() as conn:
        conn.execute(
            "TRUNCATE dragon_hub.records, dragon_hub.private, dragon_hub.opps, "
            "dragon_hub.people, dragon_hub.account_people, dragon_hub.ownership"
        )
        set_funnel_settings(conn, stage_scheme=scheme.value)
    folder = tmp_path_factory.mktemp(f"funnel{next(_runs)}")
    with Store(folder / "laptop.json", device_id="F") as laptop:
        laptop.save(Account(id="acc", name="客户"))
        laptop.save_many(people)
        laptop.save_many(opps)
        with connect(hub.url()) as conn:
            sync_with_hub(laptop, conn)
            report = team_funnel(conn, PERIOD, Decimal("1000"), today=TODAY)
            deals, expected_days = team_at_risk(conn, TODAY)
        saved = laptop.all(Opportunity)
        rates = DEFAULT_WIN_RATES[scheme]
        expected = funnel_figures(saved, PERIOD, rates, Decimal("1000"), paid_stage(scheme))
        # every deal is in the pool: its row (owner "") is the laptop's funnel
        pool = [row for row in report["reps"] if row["owner"] == ""]
        got = {k: v for k, v in pool[0].items() if k not in ("owner", "at_risk")} if pool else None
        if got is None:  # nothing in this period's funnel and nothing at risk
            assert expected.funnel_total == 0 and report["reps"] == []
        else:
            assert got == expected.as_json()
        laptop_risks = at_risk(saved, {"acc": laptop.all(Contact)}, TODAY, expected_days)
        assert sorted((d.id, sorted(r.text("en") for r in d.risks)) for d in deals) == sorted(
            (opp.id, sorted(r.text("en") for r in risks)) for opp, risks in laptop_risks
        )
        assert [(len(d.risks), d.amount) for d in deals] == [
            (len(risks), opp.amount) for opp, risks in laptop_risks
        ]
        # the team funnel judges in SQL what `team_at_risk` judges by the laptop's own rules
        assert report["total"]["at_risk"] == [d.as_json() for d in deals]
        assert (pool[0]["at_risk"] if pool else []) == [d.as_json() for d in deals]
