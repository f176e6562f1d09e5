"""The team funnel on the hub equals the laptop funnel on the same data; the CLI end to end."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from dragon_tui.cli import main
from dragon_tui.hub.client import change_ownership, connect
from dragon_tui.hub.funnel import team_funnel
from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.periods import parse_period
from dragon_tui.method.stages import win_rates
from dragon_tui.models import Account, Opportunity
from dragon_tui.service.hub_sync import sync_with_hub
from dragon_tui.store import Store


@pytest.fixture
def shared_team(hub, tmp_path, demo_records):
    """The demo data on the hub; the first half of the accounts rep_a's, the rest rep_b's."""
    laptop = Store(tmp_path / "laptop.json", device_id="L")
    laptop.put(demo_records)
    with hub.connect() as conn:
        sync_with_hub(laptop, conn)
    accounts = sorted(a.id for a in laptop.all(Account))
    owners = {
        aid: ("rep_a" if i < len(accounts) // 2 else "rep_b") for i, aid in enumerate(accounts)
    }
    with hub.connect("boss") as conn:
        for aid, rep in owners.items():
            change_ownership(conn, aid, "assign", rep)
    yield laptop, owners
    laptop.close()


@pytest.mark.parametrize("period", ["2026", "2026Q2", "2026Q4", "2026-11", "2025"])
@pytest.mark.parametrize("target", [None, Decimal("250000")])
def test_team_funnel_equals_the_laptop_funnel(hub, shared_team, period, target):
    laptop, owners = shared_team
    p = parse_period(period)
    rates = win_rates(laptop.settings())
    opps = laptop.all(Opportunity)
    with hub.connect("boss") as conn:
        report = team_funnel(conn, p, target)
    by_owner = {row["owner"]: row for row in report["reps"]}
    assert set(by_owner) == {"rep_a", "rep_b"}
    for rep in ("rep_a", "rep_b"):
        mine = [o for o in opps if owners[o.account_id] == rep]
        expected = funnel_figures(mine, p, rates, target).as_json()
        got = {k: v for k, v in by_owner[rep].items() if k not in ("owner", "at_risk")}
        assert got == expected
    total_target = target * 2 if target is not None else None
    expected_total = funnel_figures(opps, p, rates, total_target).as_json()
    assert {k: v for k, v in report["total"].items() if k != "at_risk"} == expected_total
    assert Decimal(expected_total["funnel_total"]) > 0 or period == "2025"


def test_team_funnel_at_risk_matches_the_laptop_rules(hub, shared_team):
    from dragon_tui.method.risk import opportunity_risks

    laptop, owners = shared_team
    today = date(2026, 11, 25)
    days = laptop.settings().expected_stage_days
    with hub.connect("boss") as conn:
        report = team_funnel(conn, parse_period("2026"), None, today=today)
    got = {r["id"]: set(r["risks"]) for r in report["total"]["at_risk"]}
    expected = {}
    for opp in laptop.all(Opportunity):
        kinds = {r.kind for r in opportunity_risks(opp, [], today, days)} & {
            "stale",
            "no_next_step",
        }
        if kinds:
            expected[opp.id] = kinds
    assert got == expected and got


def test_a_rep_sees_only_their_own_and_the_pool_in_the_team_funnel(hub, shared_team):
    with hub.connect("rep_a") as conn:
        report = team_funnel(conn, parse_period("2026"))
    assert [row["owner"] for row in report["reps"]] == ["rep_a"]


def test_cli_team_init_sync_account_and_funnel(hub, tmp_path, monkeypatch, capsys):
    db = tmp_path / "cli.json"
    with Store(db, device_id="CLI") as store:
        acc = store.save(Account(name="长江航运"))
        store.save(Opportunity(account_id=acc.id, name="船队", amount="5000"))
    monkeypatch.setenv("DRAGON_TUI_SERVER", hub.url("rep_a"))
    assert main(["team", "init", "--server", hub.url()]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["sync", "--db", str(db)]) == 0
    assert "pushed 2" in capsys.readouterr().out
    assert main(["account", "长江航运", "--claim", "--db", str(db)]) == 0
    assert "owned by rep_a" in capsys.readouterr().out
    assert main(["account", acc.id, "--share", "rep_b", "--db", str(db)]) == 0
    assert "shared with rep_b" in capsys.readouterr().out
    assert main(["account", acc.id, "--protect", "--db", str(db)]) == 0
    assert "; protected" in capsys.readouterr().out
    assert main(["account", acc.id, "--claim", "--server", hub.url("rep_c"), "--db", str(db)]) == 1
    assert "owned by rep_a" in capsys.readouterr().err
    assert main(["team", "funnel", "--json", "--period", "2026", "--server", hub.url("boss")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["owner"] for r in report["reps"]] == ["rep_a"]
    assert report["reps"][0]["stages"][0]["amount"] == "5000.00"  # money as a string
    assert set(report["reps"][0]) >= {"owner", "forecast", "progress", "loss_rate", "stages"}


@pytest.mark.parametrize(
    "url",
    ["postgresql://rep:secret@localhost/hub", "host=/tmp dbname=hub password=secret"],
)
def test_a_password_in_the_url_is_refused(url, capsys):
    assert main(["sync", "--server", url]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "password" in err[0] and "secret" not in err[0]


def test_no_hub_given_or_unreachable_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DRAGON_TUI_SERVER", raising=False)
    assert main(["sync"]) == 1
    assert "no hub given" in capsys.readouterr().err
    assert main(["sync", "--server", f"host={tmp_path} dbname=nothing"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot connect to the hub" in err[0]


def test_a_rep_cannot_init_the_hub(hub, capsys):
    with connect(hub.url()) as conn:
        conn.execute("DROP SCHEMA dragon_hub CASCADE")
        conn.commit()
    assert main(["team", "init", "--server", hub.url("rep_a")]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_schema_versions_members_and_settings(hub, tmp_path, capsys):
    assert main(["team", "add-rep", "rep_d", "--server", hub.url()]) == 0
    assert main(["team", "add-rep", "Bad Name", "--server", hub.url()]) == 1
    assert "not a valid role name" in capsys.readouterr().err
    assert main(["team", "set", "--fallback-days", "45", "--server", hub.url()]) == 0
    assert main(["team", "set", "--fallback-days", "-1", "--server", hub.url()]) == 1
    with hub.connect("rep_d") as conn:
        days = conn.execute("SELECT value FROM dragon_hub.meta WHERE key = 'fallback_days'")
        assert days.fetchone()[0] == 45
    with hub.connect() as conn:
        conn.execute("UPDATE dragon_hub.meta SET value = '99' WHERE key = 'schema_version'")
    capsys.readouterr()
    db = tmp_path / "v.json"
    assert main(["sync", "--server", hub.url("rep_d"), "--db", str(db)]) == 1
    assert "schema 99" in capsys.readouterr().err
    assert main(["team", "init", "--server", hub.url()]) == 1
    assert "update it" in capsys.readouterr().err
