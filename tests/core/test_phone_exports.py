"""The phone and scripts: `agenda` (text, JSON, .ics parsed back with icalendar, stable UIDs),
`contacts --format vcf` (parsed back with vobject, --redact), `list --json`, `doctor --json`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import vobject
from icalendar import Calendar

from dragon_tui.cli import main
from dragon_tui.export.agenda import agenda_ics, agenda_items
from dragon_tui.models import Account, Activity, Contact, NextStep, Opportunity
from dragon_tui.store import Store


def fill(db, today: date) -> dict[str, str]:
    with Store(db) as store:
        acme = store.save(Account(name="北京现代", industry="制造"))
        other = store.save(Account(name="上海电气", industry="能源"))
        deal = store.save(
            Opportunity(account_id=acme.id, name="MES 二期", amount=Decimal("380000.50"))
        )
        store.save(Opportunity(account_id=other.id, name="储能", amount=Decimal("1")))
        held = store.save(
            Activity(
                account_id=acme.id,
                opportunity_id=deal.id,
                occurred_at=datetime(2026, 1, 1, 2, tzinfo=UTC),
                summary="首次拜访",
                next_steps=[
                    NextStep(id="s-late", text="寄送报价", due_on=today - timedelta(days=3)),
                    NextStep(id="s-soon", text="约技术交流", due_on=today + timedelta(days=2)),
                    NextStep(id="s-far", text="年底回访", due_on=today + timedelta(days=60)),
                    NextStep(id="s-done", text="已完成", due_on=today, done=True),
                ],
            )
        )
        visit = store.save(
            Activity(
                account_id=other.id,
                occurred_at=datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)
                + timedelta(hours=2),
                planned=True,
                summary="拜访李总\n带上方案",
            )
        )
        store.save(
            Activity(
                account_id=other.id,
                occurred_at=datetime.combine(today + timedelta(days=40), datetime.min.time(), UTC),
                planned=True,
                summary="太远的拜访",
            )
        )
        store.save(
            Contact(
                account_id=acme.id,
                name="王总",
                title="总经理",
                department="采购部",
                phone="13800138000",
                email="wang@example.cn",
                office_address="北京亦庄",
            )
        )
        store.save(Contact(account_id=acme.id, name='李工, "老李"', title="工程师"))
    return {"acme": acme.id, "deal": deal.id, "held": held.id, "visit": visit.id}


def test_agenda_items_are_open_follow_ups_and_planned_visits_of_the_window(tmp_path):
    today = date(2026, 11, 25)
    ids = fill(tmp_path / "db.json", today)
    with Store(tmp_path / "db.json") as store:
        items = agenda_items(store, today, days=7)
    assert [(i.kind, i.title.split("\n")[0], i.day) for i in items] == [
        ("follow_up", "寄送报价", today),  # overdue: shown today
        ("visit", "拜访李总", today + timedelta(days=1)),
        ("follow_up", "约技术交流", today + timedelta(days=2)),
    ]
    assert items[0].days_overdue == 3 and items[0].due_on == today - timedelta(days=3)
    assert items[0].opportunity == "MES 二期" and items[1].uid == f"visit-{ids['visit']}@dragon-tui"


def test_ics_parses_back_one_vevent_each_with_stable_uids(tmp_path):
    today = date(2026, 11, 25)
    fill(tmp_path / "db.json", today)
    with Store(tmp_path / "db.json") as store:
        items = agenda_items(store, today, days=7)
    first = agenda_ics(items, "zh", datetime(2026, 11, 25, 8, tzinfo=UTC))
    again = agenda_ics(items, "zh", datetime(2026, 11, 26, 8, tzinfo=UTC))
    calendar = Calendar.from_ical(first)
    events = calendar.walk("VEVENT")
    assert len(events) == 3 and not calendar.walk("VTODO")
    assert str(calendar["VERSION"]) == "2.0" and "dragon-tui" in str(calendar["PRODID"])
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 3
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(again).walk("VEVENT")]
    late, visit, _soon = events
    assert late.decoded("DTSTART") == today and "逾期3天" in str(late["SUMMARY"])
    assert visit.decoded("DTSTART") == datetime(2026, 11, 26, 2, tzinfo=UTC)
    assert visit.decoded("DTEND") - visit.decoded("DTSTART") == timedelta(hours=1)
    assert "带上方案" in str(visit["DESCRIPTION"])


def test_agenda_cli_json_and_ics_file(tmp_path, capsys):
    db = tmp_path / "db.json"
    fill(db, date.today())
    assert main(["agenda", "--json", "--db", str(db)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [i["kind"] for i in report["items"]] == ["follow_up", "visit", "follow_up"]
    assert report["days"] == 7 and report["items"][0]["days_overdue"] == 3
    out = tmp_path / "日程.ics"
    assert main(["agenda", "--days", "90", "--format", "ics", "-o", str(out), "--db", str(db)]) == 0
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 5
    assert main(["agenda", "--days", "-1", "--db", str(db)]) == 1
    assert "--days" in capsys.readouterr().err


def test_vcards_parse_back_and_redact_leaves_personal_fields_out(tmp_path, capsys):
    db = tmp_path / "db.json"
    ids = fill(db, date.today())
    out = tmp_path / "people.vcf"
    assert main(["contacts", "北京", "--format", "vcf", "-o", str(out), "--db", str(db)]) == 0
    cards = {c.fn.value: c for c in vobject.readComponents(out.read_text(encoding="utf-8"))}
    assert set(cards) == {"王总", '李工, "老李"'}
    wang = cards["王总"]
    assert wang.title.value == "总经理" and wang.org.value == ["北京现代", "采购部"]
    assert wang.tel.value == "13800138000" and wang.email.value == "wang@example.cn"
    assert main(["contacts", ids["acme"], "--redact", "--db", str(db)]) == 0
    redacted = capsys.readouterr().out
    assert "13800138000" not in redacted and "wang@" not in redacted and "亦庄" not in redacted
    cards = {c.fn.value: c for c in vobject.readComponents(redacted)}
    assert cards["王总"].title.value == "总经理" and "tel" not in cards["王总"].contents
    assert main(["contacts", "不存在", "--db", str(db)]) == 1
    assert "不存在" in capsys.readouterr().err


def test_list_json_gives_ids_and_money_as_strings(tmp_path, capsys):
    db = tmp_path / "db.json"
    ids = fill(db, date.today())
    assert main(["list", "accounts", "--json", "--db", str(db)]) == 0
    accounts = json.loads(capsys.readouterr().out)
    assert [a["name"] for a in accounts] == sorted(["北京现代", "上海电气"])
    assert main(["list", "accounts", "--filter", "bjxd", "--json", "--db", str(db)]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["id"] == ids["acme"]
    assert main(["list", "opportunities", "--filter", "北京", "--json", "--db", str(db)]) == 0
    (deal,) = json.loads(capsys.readouterr().out)
    assert deal["id"] == ids["deal"] and deal["amount"] == "380000.50"
    assert main(["list", "opportunities", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and any(line.startswith(ids["deal"] + "\t") for line in lines)


def test_doctor_json(tmp_path, capsys):
    db = tmp_path / "db.json"
    fill(db, date.today())
    assert main(["doctor", "--json", "--db", str(db)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["problems"] == [] and report["records"] >= 9


def test_every_option_has_help_and_every_command_shows_examples(capsys):
    from dragon_tui.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    assert {"agenda", "contacts", "list", "import-csv", "export-csv", "proposal"} <= set(commands)
    for name, sub in commands.items():
        assert "examples:\n  dragon-tui " in (sub.epilog or ""), name
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}"
        with pytest.raises(SystemExit):
            main([name, "--help"])
        assert "examples:" in capsys.readouterr().out, name


def test_hostile_names_stay_on_their_line_in_text_output(tmp_path, capsys):
    db = tmp_path / "db.json"
    today = date.today()
    with Store(db) as store:
        acme = store.save(Account(name="坏\n公司\t\x1b[31m"))
        store.save(
            Activity(
                account_id=acme.id,
                occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
                next_steps=[NextStep(text="第一行\n第二行", due_on=today)],
            )
        )
    assert main(["list", "accounts", "--db", str(db)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert "\x1b" not in line and line.count("\t") == 2
    assert main(["agenda", "--db", str(db)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert "第一行 第二行" in line and "\x1b" not in line
