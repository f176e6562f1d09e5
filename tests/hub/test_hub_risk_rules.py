"""The at-risk rules stated in SQL for the team funnel (`hub.funnel.JUDGE`, `KINDS`, `REASONS`,
`BLANK`, and the amount as the JSON shows it) give exactly what the laptop's Python rules give
(`method.risk.risks_from`, `has_text`, `method.quote.money_json`): every combination of the facts
that matter, every code point, and hypothesis beyond."""

from __future__ import annotations

import itertools
import sys
from decimal import Decimal

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.hub.client import connect
from dragon_tui.hub.funnel import BLANK, JUDGE, KINDS, REASONS
from dragon_tui.method.quote import money_json
from dragon_tui.method.risk import RiskFacts, has_text, risks_from
from dragon_tui.models import DEFAULT_EXPECTED_STAGE_DAYS, Opportunity

# The facts, one JSON object each, judged in SQL in the order given.
_JUDGED = f"""
SELECT {KINDS}, {REASONS} FROM (
  SELECT n, {JUDGE}
  FROM ROWS FROM (jsonb_to_recordset(%(facts)s::jsonb) AS (
    stage int, age int, next_step text, has_next_contact boolean, coach boolean,
    attitudes int[])) WITH ORDINALITY AS f(stage, age, next_step, has_next_contact, coach,
    attitudes, n)
) AS judged ORDER BY n
"""


@pytest.fixture
def db(cluster):
    with connect(cluster.url()) as conn:
        yield conn


def judged_in_sql(conn, facts: list[RiskFacts], expected: list[int]) -> list[tuple[list, int]]:
    """Each deal's kinds of reasons (in the laptop's order) and how many, as SQL judges them."""
    rows = [
        {
            "stage": f.stage,
            "age": f.days_in_stage,
            "next_step": f.next_step,
            "has_next_contact": f.has_next_contact,
            "coach": f.has_coach,
            "attitudes": [attitude for _name, attitude in f.decision_makers],
        }
        for f in facts
    ]
    params = {"facts": orjson.dumps(rows).decode(), "expected": expected, "blank": BLANK}
    return [
        (kinds.split(",") if kinds else [], count)
        for kinds, count in conn.execute(_JUDGED, params).fetchall()
    ]


def judged_in_python(facts: list[RiskFacts], expected: list[int]) -> list[tuple[list, int]]:
    out = []
    for f in facts:
        risks = risks_from(f, expected)
        out.append(([r.kind for r in risks], len(risks)))
    return out


ATTITUDES = [
    [],
    [None],
    [-2],
    [-1],
    [0],
    [1],
    [2],
    [None, None],
    [None, 2],
    [1, 2],
    [-2, 0, 2],
    [2, 2, -1, None],
    [None, -1, 0, -2],
]
STEPS = ["", " ", "\u3000", "\t\n", "\u00a0x", "拜访", " 拜访 ", "x"]


@pytest.mark.parametrize("expected", [list(DEFAULT_EXPECTED_STAGE_DAYS), [1, 0, 7, 30, 365, 2]])
def test_every_combination_of_the_facts_is_judged_as_the_laptop_judges_it(db, expected):
    facts = [
        RiskFacts(
            stage,
            age,
            step,
            has_next,
            coach,
            tuple((f"人{i}", attitude) for i, attitude in enumerate(attitudes)),
        )
        for stage in range(1, 7)
        for age in sorted(
            {0, expected[stage - 1] - 1, expected[stage - 1], expected[stage - 1] + 1}
        )
        if age >= 0
        for step, has_next, coach, attitudes in itertools.product(
            STEPS, [True, False], [True, False], ATTITUDES
        )
    ]
    assert len(facts) > 6 * 3 * 8 * 2 * 2 * 13 - 1
    got = judged_in_sql(db, facts, expected)
    assert got == judged_in_python(facts, expected)
    # every reason and every number of them (0 to 7) occurs among the combinations
    assert {k for kinds, _n in got for k in kinds} == {
        "stale",
        "no_next_step",
        "no_coach",
        "decision_maker",
    }
    assert {n for _kinds, n in got} == set(range(8))


facts_strategy = st.builds(
    RiskFacts,
    st.integers(1, 6),
    st.integers(0, 5000),
    # any text a rep can type: no NUL (PostgreSQL refuses it), no lone surrogate (not UTF-8)
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=6)
    | st.sampled_from(STEPS)
    | st.text(st.sampled_from(BLANK), max_size=4),
    st.booleans(),
    st.booleans(),
    st.lists(st.tuples(st.just("某"), st.none() | st.integers(-2, 2)), max_size=5).map(tuple),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    facts=st.lists(facts_strategy, min_size=1, max_size=30),
    expected=st.lists(st.integers(0, 400), min_size=6, max_size=6),
)
def test_any_facts_are_judged_as_the_laptop_judges_them(db, facts, expected):
    assert judged_in_sql(db, facts, expected) == judged_in_python(facts, expected)


def test_blank_is_what_python_strips_and_sql_trims_exactly_those(db):
    """Every code point: a next step of BLANK's characters only is no next step, on both sides."""
    pythons = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if not has_text(c))
    assert BLANK == pythons
    # PostgreSQL text holds neither NUL nor the surrogates
    trimmed = db.execute(
        "SELECT c FROM generate_series(1, %s) AS c WHERE (c < 55296 OR c > 57343) "
        "AND btrim(chr(c), %s) = '' ORDER BY c",
        (sys.maxunicode, BLANK),
    ).fetchall()
    assert [c for (c,) in trimmed] == [ord(c) for c in BLANK]
    assert has_text("\x00") and not has_text(BLANK)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(
        st.decimals(min_value=0, max_value=Decimal("1e13"), places=4)
        | st.sampled_from([Decimal("0.005"), Decimal("0.015"), Decimal("2.675"), Decimal("1e13")])
        | st.integers(0, 10**9).map(lambda cents: Decimal(cents) / 1000),
        min_size=1,
        max_size=20,
    )
)
def test_amounts_are_shown_as_the_laptop_shows_them(db, amounts):
    """The opportunity's amount as the hub stores it (from the record's JSON), rounded in SQL,
    is `money_json` of the laptop's amount: half up to cents, as text."""
    opps = [Opportunity(account_id="a", name="n", amount=a) for a in amounts]
    stored = [opp.model_dump(mode="json")["amount"] for opp in opps]
    got = db.execute(
        "SELECT round(a::numeric, 2)::text FROM unnest(%s::text[]) WITH ORDINALITY AS t(a, n) "
        "ORDER BY n",
        (stored,),
    ).fetchall()
    assert [g for (g,) in got] == [money_json(opp.amount) for opp in opps]
