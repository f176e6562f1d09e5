"""The manager's team funnel, computed on the hub: per rep (the account's owner) and in total.

The sums are SQL (one pass over the hub's opportunities, grouped by owner, status and stage);
the ratios are then taken exactly as the laptop funnel takes them (method/funnel.py), so the
figures for a rep equal the laptop funnel over that rep's opportunities. The at-risk deals are
the two rules that need only the opportunity (METHOD §4): too long in the stage, no next step or
next contact date; the coverage rules (coach, decision-maker) need the contacts and stay on the
laptop.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dragon_tui.hub.client import check_schema
from dragon_tui.hub.schema import SCHEMA
from dragon_tui.method.funnel import FunnelFigures, StageRow, _ratio
from dragon_tui.method.periods import Period
from dragon_tui.method.quote import money_json
from dragon_tui.models import DEFAULT_WIN_RATES
from dragon_tui.models.enums import StageScheme

if TYPE_CHECKING:
    import psycopg

ZERO = Decimal("0")
DEFAULT_STAGE_DAYS = [30, 45, 45, 60, 45, 90]

_OPPS = f"""
WITH opp AS (
  SELECT coalesce(o.owner, '') AS owner, x.*
  FROM {SCHEMA}.opps x LEFT JOIN {SCHEMA}.ownership o ON o.account_id = x.account_id
  WHERE NOT x.deleted
), infunnel AS (
  SELECT *,
    (status = 'won' AND closed_on BETWEEN %(start)s AND %(end)s) OR EXISTS (
      SELECT 1 FROM unnest(moved_on) m WHERE m BETWEEN %(start)s AND %(end)s
    ) AS moved
  FROM opp WHERE status = 'open' OR closed_on BETWEEN %(start)s AND %(end)s
)
"""

_SUMS = (
    _OPPS
    + """
SELECT owner, status, CASE WHEN status = 'open' THEN stage ELSE 0 END AS stage, count(*),
       sum(amount), coalesce(sum(amount) FILTER (WHERE moved), 0)
FROM infunnel GROUP BY 1, 2, 3
"""
)

_AT_RISK = f"""
SELECT coalesce(o.owner, '') AS owner, x.id, x.name, x.account_id, x.amount, x.stage,
       greatest(%(today)s - x.entered_stage, 0),
       greatest(%(today)s - x.entered_stage, 0) > (%(expected)s::int[])[x.stage] AS stale,
       btrim(x.next_step, E' \\t\\n\\r\\f\\v') = '' OR x.next_contact_on IS NULL AS no_next_step
FROM {SCHEMA}.opps x LEFT JOIN {SCHEMA}.ownership o ON o.account_id = x.account_id
WHERE NOT x.deleted AND x.status = 'open'
"""


def _setting(conn: psycopg.Connection, key: str, default: Any) -> Any:
    row = conn.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = %s", (key,)).fetchone()
    return row[0] if row else default


def _figures(
    period: Period, rates: list[Decimal], target: Decimal | None, rows: list[tuple]
) -> FunnelFigures:
    count = [0] * 6
    amount = [ZERO] * 6
    closed = total = moved = lost = ZERO
    for _owner, status, stage, n, summed, moved_sum in rows:
        if status == "open":
            count[stage - 1] += n
            amount[stage - 1] += summed
        elif status == "won":
            closed += summed
        else:
            lost += summed
        total += summed
        moved += moved_sum
    stages = [
        StageRow(i + 1, float(rates[i]), count[i], amount[i], amount[i] * rates[i])
        for i in range(6)
    ]
    weighted = sum((row.weighted for row in stages), ZERO)
    return FunnelFigures(
        period=period,
        stages=stages,
        closed_revenue=closed,
        weighted_open=weighted,
        funnel_total=total,
        moved_amount=moved,
        lost_amount=lost,
        target=target,
        forecast=float((closed + weighted) / target) if target is not None else None,
        progress=_ratio(moved, total),
        loss_rate=_ratio(lost, total),
    )


def team_funnel(
    conn: psycopg.Connection,
    period: Period,
    target: Decimal | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """{"reps": [{"owner", "forecast", "progress", "loss_rate", "stages", …, "at_risk"}],
    "total": {…}}; `target` is each rep's target (the total's is that × the number of reps)."""
    from dragon_tui.errors import DragonError

    if target is not None and target <= 0:
        raise DragonError(
            f"the sales target must be above zero (got {target}); a zero target has no forecast"
        )
    check_schema(conn)
    rates = [
        Decimal(str(r))
        for r in _setting(conn, "win_rates", DEFAULT_WIN_RATES[StageScheme.SIX_MOVES])
    ]
    expected = list(_setting(conn, "expected_stage_days", DEFAULT_STAGE_DAYS))
    params = {
        "start": period.start,
        "end": period.end,
        "today": today or date.today(),
        "expected": expected,
    }
    with conn.transaction():
        sums = conn.execute(_SUMS, params).fetchall()
        risky = conn.execute(_AT_RISK, params).fetchall()
    owners = sorted({row[0] for row in sums} | {row[0] for row in risky})
    risks: dict[str, list[dict[str, Any]]] = {}
    for owner, opp_id, name, account_id, amount, _stage, age, stale, no_next in risky:
        kinds = [k for k, on in (("stale", stale), ("no_next_step", no_next)) if on]
        if kinds:
            risks.setdefault(owner, []).append(
                {
                    "id": opp_id,
                    "name": name,
                    "account_id": account_id,
                    "amount": Decimal(amount),  # a string once sorted (money_json)
                    "days_in_stage": age,
                    "risks": kinds,
                }
            )
    for found in risks.values():
        found.sort(key=lambda r: (-len(r["risks"]), -r["amount"], r["id"]))
    all_risks = sorted(
        (r for found in risks.values() for r in found),
        key=lambda r: (-len(r["risks"]), -r["amount"], r["id"]),
    )
    all_risks = [{**r, "amount": money_json(r["amount"])} for r in all_risks]
    risks = {
        owner: [{**r, "amount": money_json(r["amount"])} for r in found]
        for owner, found in risks.items()
    }
    reps = []
    for owner in owners:
        figures = _figures(period, rates, target, [r for r in sums if r[0] == owner])
        reps.append({"owner": owner, **figures.as_json(), "at_risk": risks.get(owner, [])})
    team_target = (
        target * len([o for o in owners if o]) if target is not None and any(owners) else None
    )
    total = _figures(period, rates, team_target, sums)
    return {"period": period.name, "reps": reps, "total": {**total.as_json(), "at_risk": all_risks}}
