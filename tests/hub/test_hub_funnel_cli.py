"""The team funnel on the hub equals the laptop funnel on the same data; the CLI end to end."""

from __future__ import annotations

import json
from contextlib import nullcontext
from datetime import date
from decimal import Decimal

import pytest

from dragon_tui.cli import main
from dragon_tui.hub.client import change_ownership, connect, init_hub, set_funnel_settings
from dragon_tui.hub.funnel import AtRisk, team_at_risk, team_funnel, team_settings
from dragon_tui.hub.schema import MIGRATIONS, SCHEMA_VERSION
from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.periods import parse_period
from dragon_tui.method.quote import money
from dragon_tui.method.risk import at_risk
from dragon_tui.method.stages import paid_stage, win_rates
from dragon_tui.models import Account, Contact, Opportunity, StageChange
from dragon_tui.models.enums import Attitude, PurchaseRole, StageScheme
from dragon_tui.service.hub_sync import sync_with_hub
from dragon_tui.store import Store


def edge_cases(laptop: Store) -> None:
    """Deals that test the at-risk rules' corners, on one account of their own."""
    acc = laptop.save(Account(name="边界客户"))
    coach = laptop.save(Contact(account_id=acc.id, name="甲", is_coach=True))
    laptop.save(coach.with_changes(deleted=True))  # a deleted coach is no coach
    named = laptop.save(
        Contact(account_id=acc.id, name="乙", roles=[PurchaseRole.DECISION_MAKER])
    )  # attitude unknown
    laptop.save(
        Contact(
            account_id=acc.id,
            name="丙",
            roles=[PurchaseRole.DECISION_MAKER],
            attitude=Attitude.FAVOURABLE,
            is_coach=True,
        )
    )
    laptop.save(Contact(account_id=acc.id, name="丁", roles=[PurchaseRole.DECISION_MAKER]))
    # entered on the first day of 2026-11 and 2026Q4: a period includes both its ends
    entered = [StageChange(stage=6, entered_on=date(2026, 11, 1), from_stage=5).model_dump()]
    for name, changes in (
        # names only people that do not exist: everyone at the account is involved
        ("nobody named", {"contact_ids": ["missing"], "next_step": "拜访", "stage": 2}),
        # names the decision-maker of unknown attitude: only him
        ("one named", {"contact_ids": [named.id], "next_step": "拜访", "stage": 3}),
        # an ideographic space is blank to the laptop (str.strip)
        ("blank step", {"next_step": "\u3000 ", "stage": 4}),
        ("no date", {"next_step": "报价", "next_contact_on": None, "stage": 5}),
        # at the telephone scheme's paid stage, reached in November 2026
        ("paid", {"next_step": "回访", "stage": 6, "stage_history": entered}),
    ):
        base = {"next_contact_on": date(2026, 12, 1), **changes}
        laptop.save(Opportunity(account_id=acc.id, name=name, amount="1000", **base))


@pytest.fixture
def shared_team(hub, tmp_path, demo_records):
    """The demo data (and `edge_cases`) on the hub; the first half of the accounts rep_a's, the
    rest rep_b's."""
    laptop = Store(tmp_path / "laptop.json", device_id="L")
    laptop.put(demo_records)
    edge_cases(laptop)
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


def laptop_at_risk(laptop: Store, opps: list[Opportunity], today: date) -> list[tuple]:
    """The laptop's at-risk deals (method/risk.py), as (id, kinds, reasons, order key)."""
    contacts: dict[str, list[Contact]] = {}
    for contact in laptop.all(Contact, include_deleted=True):
        contacts.setdefault(contact.account_id, []).append(contact)
    days = laptop.settings().expected_stage_days
    return [
        (
            opp.id,
            [r.kind for r in risks],
            sorted((r.text("zh"), r.text("en")) for r in risks),
            (len(risks), opp.amount),
        )
        for opp, risks in at_risk(opps, contacts, today, days)
    ]


def hub_at_risk(deals: list[AtRisk]) -> list[tuple]:
    return [
        (
            d.id,
            [r.kind for r in d.risks],
            sorted((r.text("zh"), r.text("en")) for r in d.risks),
            (len(d.risks), d.amount),
        )
        for d in deals
    ]


def same_at_risk(got: list[tuple], expected: list[tuple]) -> None:
    """The same deals with the same reasons, listed in the laptop's order (ties in any order)."""
    assert {g[0]: g[1:3] for g in got} == {e[0]: e[1:3] for e in expected}
    assert [g[3] for g in got] == [e[3] for e in expected]


def same_at_risk_json(entries: list[dict], expected: list[tuple]) -> None:
    """The JSON's at-risk deals: the same deals, kinds of risk and order as the laptop's."""
    got = [(e["id"], e["risks"]) for e in entries]
    assert dict(got) == {e[0]: e[1] for e in expected}
    assert [(len(e["risks"]), Decimal(e["amount"])) for e in entries] == [
        (e[3][0], money(e[3][1])) for e in expected
    ]


PERIODS = ["2026", "2026Q2", "2026Q4", "2026-11", "2025"]


@pytest.mark.parametrize("scheme", list(StageScheme))
@pytest.mark.parametrize("target", [None, Decimal("250000")])
def test_team_funnel_equals_the_laptop_funnel(hub, shared_team, scheme, target):
    """Stage table, forecast, progress, loss rate and at-risk deals, per rep and in total, in
    both stage schemes (the telephone scheme's paid stage counted as revenue once)."""
    laptop, owners = shared_team
    laptop.save(laptop.settings().with_changes(stage_scheme=scheme))
    settings = laptop.settings()
    with hub.connect() as conn:
        set_funnel_settings(conn, stage_scheme=scheme.value)
    rates, paid = win_rates(settings), paid_stage(scheme)
    opps = laptop.all(Opportunity)
    for period, today in zip(PERIODS, [date(2026, 11, 25), date(2027, 3, 1)] * 3, strict=False):
        p = parse_period(period)
        with hub.connect("boss") as conn:
            report = team_funnel(conn, p, target, today=today)
        assert report["stage_scheme"] == scheme.value
        by_owner = {row["owner"]: row for row in report["reps"]}
        assert set(by_owner) == {"rep_a", "rep_b"}
        for rep in ("rep_a", "rep_b"):
            mine = [o for o in opps if owners[o.account_id] == rep]
            expected = funnel_figures(mine, p, rates, target, paid).as_json()
            got = {k: v for k, v in by_owner[rep].items() if k not in ("owner", "at_risk")}
            assert got == expected, (rep, period)
            same_at_risk_json(by_owner[rep]["at_risk"], laptop_at_risk(laptop, mine, today))
        total_target = target * 2 if target is not None else None
        expected_total = funnel_figures(opps, p, rates, total_target, paid).as_json()
        assert {k: v for k, v in report["total"].items() if k != "at_risk"} == expected_total
        expected_risks = laptop_at_risk(laptop, opps, today)
        same_at_risk_json(report["total"]["at_risk"], expected_risks)
        with hub.connect("boss") as conn:
            deals = team_at_risk(conn, today)[0]
        same_at_risk(hub_at_risk(deals), expected_risks)
        # judged in SQL by the funnel, by the laptop's rules in `team_at_risk`: the same list
        assert report["total"]["at_risk"] == [d.as_json() for d in deals]
        assert Decimal(expected_total["funnel_total"]) > 0 or period == "2025"
    kinds = {k for e in report["total"]["at_risk"] for k in e["risks"]}
    assert kinds == {"stale", "no_next_step", "no_coach", "decision_maker"}


def test_the_edge_cases_are_judged_as_the_laptop_judges_them(hub, shared_team):
    """Spelled out, so the comparison above cannot pass by both sides being wrong alike."""
    with hub.connect("boss") as conn:
        deals, _days = team_at_risk(conn, date(2026, 11, 25))
    reasons = {d.name: [r.text("en") for r in d.risks] for d in deals}
    # everyone at the account is involved: 丙 is a coach, 乙 of unknown attitude decides with 丙
    assert reasons["nobody named"][-1:] == ["Decision-maker 乙 at ?"]
    assert "No coach" not in reasons["nobody named"]
    assert reasons["one named"][-2:] == ["No coach", "Decision-maker 乙 at ?"]
    assert "No next step" in reasons["blank step"]
    assert "No next contact date" in reasons["no date"]
    with hub.connect() as conn:
        set_funnel_settings(conn, stage_scheme="telephone")
    with hub.connect("boss") as conn:
        november = team_funnel(conn, parse_period("2026-11"), today=date(2026, 11, 25))
        october = team_funnel(conn, parse_period("2026-10"), today=date(2026, 11, 25))
    edge_owner = next(r for r in november["reps"] if any(e["name"] == "paid" for e in r["at_risk"]))
    assert november["total"]["stages"][5]["weighted"] == "0.00"  # paid: revenue, not weighted
    assert Decimal(november["total"]["closed_revenue"]) >= 1000
    assert edge_owner["stages"][5]["count"] >= 1
    assert october["total"]["stages"][5]["count"] < november["total"]["stages"][5]["count"]


def test_the_at_risk_deals_follow_the_people_as_they_change(hub, shared_team):
    """Each account's people on the hub are kept as contacts are edited, moved and deleted."""
    laptop, _owners = shared_team
    people = {c.name: c for c in laptop.all(Contact) if c.name in ("乙", "丙", "丁")}
    other = laptop.save(Account(name="别处"))
    laptop.save(people["丙"].with_changes(deleted=True))
    laptop.save(people["乙"].with_changes(account_id=other.id))
    laptop.save(people["丁"].with_changes(is_coach=True, attitude=Attitude.SUPPORTS))
    with hub.connect() as conn:
        sync_with_hub(laptop, conn)
    today = date(2026, 11, 25)
    with hub.connect("boss") as conn:
        deals, _days = team_at_risk(conn, today)
    same_at_risk(hub_at_risk(deals), laptop_at_risk(laptop, laptop.all(Opportunity), today))
    reasons = {d.name: [r.text("en") for r in d.risks] for d in deals}
    # 乙 moved away and 丙 deleted: everyone at the account is 丁, a supporting coach
    assert "one named" not in reasons and "nobody named" not in reasons
    assert reasons["blank step"] == ["No next step"]


def test_a_hub_of_schema_1_migrates_and_lists_the_same_at_risk_deals(cluster, tmp_path):
    """The people and named contacts of deals synced before version 2 are filled in by it."""
    with connect(cluster.url()) as admin:
        admin.execute("CREATE DATABASE hub_v1")
    url = cluster.url(dbname="hub_v1")
    try:
        with connect(url) as conn, conn.transaction():
            conn.execute(MIGRATIONS[0])
            conn.execute("INSERT INTO dragon_hub.meta VALUES ('schema_version', '1')")
        laptop = Store(tmp_path / "old.json", device_id="O")
        edge_cases(laptop)
        with connect(url) as conn:
            seqs = "SELECT tbl, id, seq FROM dragon_hub.records ORDER BY 1, 2"
            with conn.transaction():
                # a version-1 hub, synced by a version-1 laptop: no schema check to pass
                conn.execute("UPDATE dragon_hub.meta SET value = '2' WHERE key = 'schema_version'")
                sync_with_hub(laptop, conn)
                conn.execute("UPDATE dragon_hub.meta SET value = '1' WHERE key = 'schema_version'")
            before = conn.execute(seqs).fetchall()
            assert init_hub(conn) == (1, SCHEMA_VERSION)
            assert conn.execute(seqs).fetchall() == before  # nobody pulls anything again
            today = date(2026, 11, 25)
            deals, _days = team_at_risk(conn, today)
        same_at_risk(hub_at_risk(deals), laptop_at_risk(laptop, laptop.all(Opportunity), today))
        laptop.close()
    finally:
        with connect(cluster.url()) as admin:
            admin.execute("DROP DATABASE hub_v1 WITH (FORCE)")


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
    with hub.connect("boss") as conn:
        assert report == team_funnel(conn, parse_period("2026"))


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
    capsys.readouterr()
    assert main(["team", "set", "--stage-scheme", "telephone", "--server", hub.url()]) == 0
    assert "telephone; win rates [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]" in capsys.readouterr().out
    days = ["--expected-stage-days", "7,14,14,21,14,30"]
    assert main(["team", "set", *days, "--server", hub.url()]) == 0
    with hub.connect("rep_d") as conn:
        assert team_settings(conn) == (
            StageScheme.TELEPHONE,
            [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            [7, 14, 14, 21, 14, 30],
        )
    for bad, problem in (
        (["--win-rates", "0.1,0.2"], "give 6"),
        (["--win-rates", "0.1,0.2,0.3,0.4,0.5,1.5"], "less than or equal to 1"),
        (["--win-rates", "a,b"], "six numbers"),
        (["--expected-stage-days", "1,2,3,4,5,-6"], "between 0 and 3650"),
        (["--stage-scheme", "fax"], "invalid choice"),
    ):
        with pytest.raises(SystemExit) if bad[0] == "--stage-scheme" else nullcontext():
            assert main(["team", "set", *bad, "--server", hub.url()]) == 1
        assert problem in capsys.readouterr().err
    with hub.connect("rep_d") as conn:
        assert team_settings(conn)[2] == [7, 14, 14, 21, 14, 30]  # the refused changed nothing
    assert main(["team", "set", "--stage-scheme", "six_moves", "--server", hub.url("rep_d")]) == 1
    assert capsys.readouterr().err.count("\n") == 1  # a rep may not change team settings
    with hub.connect() as conn:
        conn.execute("UPDATE dragon_hub.meta SET value = '99' WHERE key = 'schema_version'")
    capsys.readouterr()
    db = tmp_path / "v.json"
    assert main(["sync", "--server", hub.url("rep_d"), "--db", str(db)]) == 1
    assert "schema 99" in capsys.readouterr().err
    assert main(["team", "init", "--server", hub.url()]) == 1
    assert "update it" in capsys.readouterr().err
