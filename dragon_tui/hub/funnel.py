"""The manager's team funnel, computed on the hub: per rep (the account's owner) and in total.

SQL does the aggregation: it places each opportunity in the period's funnel (the counterpart of
`method.funnel.funnel_place`) and sums per owner, place and stage; the figures are then taken by
the laptop's own `method.funnel.FunnelSums`. For the at-risk deals SQL gathers the facts of every
open deal (days in stage, next step, coach and decision-makers among the people involved) and
judges them by the laptop's four rules (`method.risk.risks_from`), stated again in `JUDGE`: a
team has ~75,000 open deals, nearly all at risk, and judging them one by one in Python kept the
team funnel above its two seconds. The rules stated again in SQL (where a deal counts in a
period, which deals are at risk and why) are held to the laptop's by tests/hub (hypothesis, and
every combination of the at-risk facts); `team_at_risk` still judges the same facts by
`risks_from` itself (the reasons in full, with the decision-makers' names). So a rep's figures and
at-risk deals are exactly the laptop funnel's over that rep's opportunities. The stage scheme, win
rates and expected days in stage are team settings (`meta`), with the laptop's defaults.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from dragon_tui.hub.client import check_schema
from dragon_tui.hub.schema import SCHEMA
from dragon_tui.method.funnel import FunnelSums, Place, check_target
from dragon_tui.method.periods import Period
from dragon_tui.method.quote import money_json
from dragon_tui.method.risk import Risk, RiskFacts, risks_from
from dragon_tui.method.stages import paid_stage
from dragon_tui.models import DEFAULT_EXPECTED_STAGE_DAYS, DEFAULT_WIN_RATES
from dragon_tui.models.enums import StageScheme
from dragon_tui.storage import no_gc_pauses

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

# Every open deal with what the at-risk rules need of it and of its account's people. The people
# involved (method.support.people_involved) are the live people at the account the deal names, or
# everyone there when it names none of them; `account_people` holds each account's live people,
# coaches and decision-makers (in the order name, id).
_OPEN = f"""
open AS (
  SELECT coalesce(o.owner, '') AS owner, x.id, x.name, x.account_id, x.amount, x.stage,
         greatest(%(today)s - x.entered_stage, 0) AS age, x.next_step,
         x.next_contact_on IS NOT NULL AS has_next_contact, x.contact_ids,
         a.live_ids, a.coach_ids, a.dm_ids, a.dm_names, a.dm_attitudes,
         x.contact_ids && a.live_ids AS names_people
  FROM {SCHEMA}.opps x LEFT JOIN {SCHEMA}.ownership o ON o.account_id = x.account_id
  LEFT JOIN {SCHEMA}.account_people a ON a.account_id = x.account_id
  WHERE NOT x.deleted AND x.status = 'open'
)"""
# A coach among the people involved (method.coverage.has_coach).
_HAS_COACH = (
    "coalesce(CASE WHEN names_people THEN contact_ids && coach_ids ELSE coach_ids <> '{}' END,"
    " false)"
)


def _involved(column: str, ordered: bool = True) -> str:
    """`column` (dm_names, dm_attitudes) of the decision-makers involved in the deal, in the
    order name, id (`ordered`) or in any order."""
    if not ordered:
        return f"""CASE WHEN names_people AND NOT dm_ids <@ contact_ids THEN
    ARRAY(SELECT d.v FROM unnest(dm_ids, {column}) AS d(id, v) WHERE d.id = ANY (contact_ids))
  ELSE coalesce({column}, '{{}}') END"""
    return f"""CASE WHEN names_people AND NOT dm_ids <@ contact_ids THEN
    ARRAY(SELECT d.v FROM unnest(dm_ids, {column}) WITH ORDINALITY AS d(id, v, n)
          WHERE d.id = ANY (contact_ids) ORDER BY n)
  ELSE {column} END"""


# The facts of every open deal (method.risk.RiskFacts), largest first, then by id: the laptop's
# order once sorted (stably) by the number of reasons. `team_at_risk` judges them by `risks_from`.
_FACTS = f"""
WITH {_OPEN}
SELECT owner, id, name, account_id, amount, stage, age, next_step, has_next_contact,
  {_HAS_COACH}, {_involved("dm_names")}, {_involved("dm_attitudes")}
FROM open ORDER BY amount DESC, id
"""

# What Python's str.strip() removes (str.isspace): a next step of only these is no next step
# (method.risk.has_text). tests/hub checks every code point.
BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# The laptop's at-risk rules (method.risk.risks_from) stated in SQL over a deal's facts: `stage`,
# `age` (days in stage), `next_step`, `has_next_contact`, `coach` and `attitudes` (those of the
# decision-makers involved, NULL when unknown), given %(expected)s (the expected days in each
# stage) and %(blank)s (BLANK). One column per rule: three flags and the number of decision-maker
# reasons (1 when there is none, else one per decision-maker of unknown or unfavourable attitude).
JUDGE = """
  age > (%(expected)s::int[])[stage] AS stale,
  btrim(next_step, %(blank)s) = '' OR NOT has_next_contact AS no_next_step,
  NOT coach AS no_coach,
  CASE WHEN cardinality(attitudes) = 0 THEN 1
       ELSE (SELECT count(*) FROM unnest(attitudes) AS a WHERE a IS NULL OR a <= 0)::int
  END AS decision_maker
"""
# The judged columns as the laptop lists the reasons' kinds (comma-separated), and how many.
KINDS = """concat_ws(',', CASE WHEN stale THEN 'stale' END,
  CASE WHEN no_next_step THEN 'no_next_step' END, CASE WHEN no_coach THEN 'no_coach' END,
  nullif(rtrim(repeat('decision_maker,', decision_maker), ','), ''))"""
REASONS = "stale::int + no_next_step::int + no_coach::int + decision_maker"

# The deals at risk, judged in SQL, with the amount as the JSON shows it (method.quote.money_json:
# half up to cents) and the number of reasons; largest first, then by id: the laptop's order once
# sorted stably by the number of reasons, in Python (sorting on that number first here costs more:
# the amounts then no longer sort by numeric's abbreviated keys). OFFSET 0 keeps each step a
# subquery of its own, so each expression is evaluated once per deal.
_AT_RISK = f"""
WITH {_OPEN}, facts AS (
  SELECT owner, id, name, account_id, amount, stage, age, next_step, has_next_contact,
    {_HAS_COACH} AS coach, {_involved("dm_attitudes", ordered=False)} AS attitudes
  FROM open OFFSET 0
), judged AS (
  SELECT owner, id, name, account_id, amount, age, {JUDGE} FROM facts OFFSET 0
)
SELECT owner, id, name, account_id, round(amount, 2)::text, age, {KINDS}, {REASONS}
FROM judged WHERE stale OR no_next_step OR no_coach OR decision_maker > 0
ORDER BY amount DESC, id
"""


class AtRisk(NamedTuple):
    """An open deal the laptop's rules find at risk, with the reasons."""

    owner: str
    id: str
    name: str
    account_id: str
    amount: Decimal
    days_in_stage: int
    risks: list[Risk]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "account_id": self.account_id,
            "amount": money_json(self.amount),
            "days_in_stage": self.days_in_stage,
            "risks": [kind for kind, _detail in self.risks],
        }


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


def _at_risk(rows: list[tuple], expected: list[int]) -> list[AtRisk]:
    """The deals at risk, judged by the laptop's rules, in the laptop's order: the rows come
    largest first (then by id), and a stable sort puts the most reasons first."""
    found = []
    keep, judge, facts, deal = found.append, risks_from, RiskFacts._make, AtRisk._make
    for owner, opp_id, name, account_id, amount, stage, age, step, has_next, coach, dm, att in rows:
        deciders = tuple(zip(dm, att, strict=True)) if dm else ()
        risks = judge(facts((stage, age, step, has_next, coach, deciders)), expected)
        if risks:
            keep(deal((owner, opp_id, name, account_id, amount, age, risks)))
    found.sort(key=lambda d: -len(d.risks))
    return found


def team_at_risk(
    conn: psycopg.Connection, today: date | None = None
) -> tuple[list[AtRisk], list[int]]:
    """Every open deal at risk this connection may see, and the expected days in stage."""
    _scheme, _rates, expected = team_settings(conn)
    rows = conn.execute(_FACTS, {"today": today or date.today()}).fetchall()
    return _at_risk(rows, expected), expected


def at_risk_json(conn: psycopg.Connection, expected: list[int], today: date) -> list[tuple]:
    """Every open deal at risk this connection may see, judged in SQL, in the laptop's order:
    (owner, the deal's JSON entry as `AtRisk.as_json` gives it)."""
    params = {"today": today, "expected": expected, "blank": BLANK}
    # ~75,000 deals for a team, no cycles among them: the collector would rescan them again and
    # again (three quarters of the time spent here in Python)
    with no_gc_pauses():
        rows = conn.execute(_AT_RISK, params).fetchall()
        rows.sort(key=itemgetter(7), reverse=True)  # most reasons first (stable)
        return [
            (
                owner,
                {
                    "id": opp_id,
                    "name": name,
                    "account_id": account_id,
                    "amount": amount,
                    "days_in_stage": age,
                    "risks": kinds.split(","),
                },
            )
            for owner, opp_id, name, account_id, amount, age, kinds, _count in rows
        ]


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
        # One snapshot for the settings, the sums and the facts. No JIT and no parallel workers:
        # compiling the plan and starting workers cost more than they save on these scans of a
        # team's ~100k deals; memory enough to sort the open ones without disk.
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        conn.execute("SET LOCAL jit = off")
        conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        conn.execute("SET LOCAL work_mem = '64MB'")
        scheme, rates, expected = team_settings(conn)
        paid = paid_stage(scheme)
        params = {"start": period.start, "end": period.end, "paid": paid}
        sums = conn.execute(_SUMS, params).fetchall()
        every_risk = at_risk_json(conn, expected, today or date.today())
    risks: dict[str, list[dict[str, Any]]] = {}
    for owner, entry in every_risk:
        if owner in risks:
            risks[owner].append(entry)
        else:
            risks[owner] = [entry]
    owners = sorted({row[0] for row in sums} | set(risks))
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
            "at_risk": [entry for _owner, entry in every_risk],
        },
    }
