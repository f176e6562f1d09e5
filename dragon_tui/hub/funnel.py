"""The manager's team funnel, computed on the hub: per rep (the account's owner) and in total.

SQL does the aggregation: it places each opportunity in the period's funnel (the counterpart of
`method.funnel.funnel_place`, the one rule stated twice, held to the laptop's by tests/hub) and
sums per owner, place and stage; the figures are then taken by the laptop's own
`method.funnel.FunnelSums`. For the at-risk deals SQL gathers the facts of every open deal (days
in stage, next step, coach and decision-makers among the people involved) and the laptop's
`method.risk.risks_from` judges them. So a rep's figures and at-risk deals are exactly the laptop
funnel's over that rep's opportunities. The stage scheme, win rates and expected days in stage
are team settings (`meta`), with the laptop's defaults.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dragon_tui.hub.client import check_schema
from dragon_tui.hub.schema import SCHEMA
from dragon_tui.method.funnel import FunnelSums, Place, check_target
from dragon_tui.method.periods import Period
from dragon_tui.method.risk import RiskFacts, at_risk_order, risks_from
from dragon_tui.method.stages import paid_stage
from dragon_tui.models import DEFAULT_EXPECTED_STAGE_DAYS, DEFAULT_WIN_RATES
from dragon_tui.models.enums import StageScheme

if TYPE_CHECKING:
    import psycopg

# Where each opportunity counts (method.funnel.funnel_place), summed per owner, place and stage.
_SUMS = f"""
WITH placed AS (
  SELECT coalesce(o.owner, '') AS owner, x.stage, x.amount,
    CASE
      WHEN x.status = 'open' AND x.stage = %(paid)s THEN
        CASE WHEN x.entered_stage BETWEEN %(start)s AND %(end)s THEN 'paid' END
      WHEN x.status = 'open' THEN 'open'
      WHEN x.closed_on BETWEEN %(start)s AND %(end)s THEN x.status
    END AS place,
    (x.status = 'won' AND x.closed_on BETWEEN %(start)s AND %(end)s) OR EXISTS (
      SELECT 1 FROM unnest(x.moved_on) m WHERE m BETWEEN %(start)s AND %(end)s
    ) AS moved
  FROM {SCHEMA}.opps x LEFT JOIN {SCHEMA}.ownership o ON o.account_id = x.account_id
  WHERE NOT x.deleted
)
SELECT owner, place, CASE WHEN place IN ('open', 'paid') THEN stage ELSE 0 END, count(*),
       sum(amount), coalesce(sum(amount) FILTER (WHERE moved), 0)
FROM placed WHERE place IS NOT NULL GROUP BY 1, 2, 3
"""

# The facts of every open deal the at-risk rules look at (method.risk.RiskFacts): the people
# involved are those the opportunity names, or everyone at the account when it names nobody
# (method.support.people_involved); decision-makers in a stable order (name, id).
_FACTS = f"""
WITH open AS (
  SELECT coalesce(o.owner, '') AS owner, x.id, x.name, x.account_id, x.amount, x.stage,
         greatest(%(today)s - x.entered_stage, 0) AS age, x.next_step,
         x.next_contact_on IS NOT NULL AS has_next_contact, x.contact_ids
  FROM {SCHEMA}.opps x LEFT JOIN {SCHEMA}.ownership o ON o.account_id = x.account_id
  WHERE NOT x.deleted AND x.status = 'open'
), live AS (
  SELECT * FROM {SCHEMA}.people WHERE NOT deleted
), named AS (
  SELECT x.id AS opp, p.id, p.name, p.is_coach, p.decision_maker, p.attitude
  FROM open x JOIN live p ON p.account_id = x.account_id AND p.id = ANY (x.contact_ids)
), involved AS (
  SELECT * FROM named
  UNION ALL
  SELECT x.id, p.id, p.name, p.is_coach, p.decision_maker, p.attitude
  FROM open x JOIN live p ON p.account_id = x.account_id
  WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.opp = x.id)
), people_of AS (
  SELECT opp, bool_or(is_coach) AS has_coach,
         array_agg(name ORDER BY name, id) FILTER (WHERE decision_maker) AS dm_names,
         array_agg(attitude ORDER BY name, id) FILTER (WHERE decision_maker) AS dm_attitudes
  FROM involved GROUP BY opp
)
SELECT x.owner, x.id, x.name, x.account_id, x.amount, x.stage, x.age, x.next_step,
       x.has_next_contact, coalesce(p.has_coach, false), p.dm_names, p.dm_attitudes
FROM open x LEFT JOIN people_of p ON p.opp = x.id
"""


def team_settings(conn: psycopg.Connection) -> tuple[StageScheme, list[float], list[int]]:
    """The team's stage scheme, its win rates and the expected days in each stage (the laptop's
    defaults for those the team has not set)."""
    rows = dict(
        conn.execute(
            f"SELECT key, value FROM {SCHEMA}.meta WHERE key = ANY (%s)",
            (["stage_scheme", "win_rates", "expected_stage_days"],),
        ).fetchall()
    )
    scheme = StageScheme(rows.get("stage_scheme", StageScheme.SIX_MOVES.value))
    rates = [float(r) for r in rows.get("win_rates", DEFAULT_WIN_RATES[scheme])]
    expected = [int(d) for d in rows.get("expected_stage_days", DEFAULT_EXPECTED_STAGE_DAYS)]
    return scheme, rates, expected


def _at_risk(rows: list[tuple], expected: list[int]) -> list[tuple[tuple, str, dict[str, Any]]]:
    """The at-risk deals as (order, owner, entry), judged by the laptop's rules and sorted in
    the laptop's order (then by id, so the order is the same at every run)."""
    found = []
    for (
        owner,
        opp_id,
        name,
        account_id,
        amount,
        stage,
        age,
        next_step,
        has_next,
        coach,
        *dm,
    ) in rows:
        facts = RiskFacts(
            stage=stage,
            days_in_stage=age,
            next_step=next_step,
            has_next_contact=has_next,
            has_coach=coach,
            decision_makers=tuple(zip(dm[0] or (), dm[1] or (), strict=True)),
        )
        risks = risks_from(facts, expected)
        if risks:
            entry = {
                "id": opp_id,
                "name": name,
                "account_id": account_id,
                "amount": float(amount),
                "days_in_stage": age,
                "risks": [r.kind for r in risks],
                "reasons": [{"zh": r.reason[0], "en": r.reason[1]} for r in risks],
            }
            found.append(((*at_risk_order(amount, risks), opp_id), owner, entry))
    found.sort(key=lambda item: item[0])
    return found


def team_funnel(
    conn: psycopg.Connection,
    period: Period,
    target: Decimal | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """{"reps": [{"owner", "forecast", "progress", "loss_rate", "stages", …, "at_risk"}],
    "total": {…}}; `target` is each rep's target (the total's is that × the number of reps)."""
    check_target(target)
    check_schema(conn)
    with conn.transaction():
        # one snapshot for the settings, the sums and the facts
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        scheme, rates, expected = team_settings(conn)
        paid = paid_stage(scheme)
        params = {
            "start": period.start,
            "end": period.end,
            "paid": paid,
            "today": today or date.today(),
        }
        sums = conn.execute(_SUMS, params).fetchall()
        facts = conn.execute(_FACTS, params).fetchall()
    every_risk = _at_risk(facts, expected)
    risks: dict[str, list[dict[str, Any]]] = {}
    for _order, owner, entry in every_risk:
        risks.setdefault(owner, []).append(entry)
    owners = sorted({row[0] for row in sums} | {row[0] for row in facts})
    per_owner = {owner: FunnelSums() for owner in owners}
    total = FunnelSums()
    for owner, place, stage, count, amount, moved in sums:
        for into in (per_owner[owner], total):
            into.add(Place(place), stage, amount, moved, count)
    reps = [
        {
            "owner": owner,
            **per_owner[owner].figures(period, rates, target, paid).as_json(),
            "at_risk": risks.get(owner, []),
        }
        for owner in owners
    ]
    reps_counted = len([o for o in owners if o])
    team_target = target * reps_counted if target is not None and reps_counted else None
    return {
        "period": period.name,
        "stage_scheme": scheme.value,
        "reps": reps,
        "total": {
            **total.figures(period, rates, team_target, paid).as_json(),
            "at_risk": [entry for *_, entry in every_risk],
        },
    }
