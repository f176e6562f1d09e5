"""Move 6: the receivables matrix, the open-invoice report, payments, `import-csv invoices`, the
schema-2 migration of the A-card, and golden files for `deal` and `receivables`."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.cli import main
from dragon_tui.errors import ImportRejected, ValidationFailed
from dragon_tui.export.csv_io import ALIASES, import_csv, read_csv
from dragon_tui.method import receivables as rec
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Activity,
    Concession,
    Contact,
    CreditCheck,
    Invoice,
    NegotiationPlan,
    Opportunity,
    Payment,
    Settings,
    SignalSeen,
    Trade,
    Upsell,
)
from dragon_tui.models.enums import (
    ACardCriterion,
    BuyingSignal,
    ClosingMethod,
    ClosingResult,
    CreditRating,
    LatePaymentCause,
    PurchaseRole,
    ReceivableAction,
    RelationshipStage,
    TimingBucket,
    UpsellDirection,
)
from dragon_tui.store import SCHEMA_VERSION, Store

GOLDEN = Path(__file__).parent.parent / "golden"
AS_OF = date(2026, 11, 25)
SETTINGS = Settings(overdue_long_days=60, large_amount=Decimal("100000"))


def invoice(amount: str, due: date, *paid: str, **kw) -> Invoice:
    return Invoice(
        account_id=kw.pop("account_id", "acc"),
        number=kw.pop("number", "INV"),
        amount=Decimal(amount),
        issued_on=date(2026, 1, 1),
        due_on=due,
        payments=[Payment(amount=Decimal(p), paid_on=date(2026, 2, 1)) for p in paid],
        **kw,
    )


@pytest.mark.parametrize(
    ("days", "owed", "action"),
    [
        # METHOD §2.6: "short overdue | finance sends a normal reminder | rep visits in person"
        (1, "99999", ReceivableAction.REMINDER),
        (59, "100000", ReceivableAction.VISIT),
        # "long overdue | escalating letters | special arrangement agreed with management"
        (60, "5000", ReceivableAction.LETTERS),
        (400, "100000", ReceivableAction.MANAGEMENT),
        (0, "100000", None),  # not overdue: no action
    ],
)
def test_receivables_matrix_by_days_overdue_and_amount(days, owed, action):
    assert rec.matrix_action(days, Decimal(owed), SETTINGS) == action


def test_thresholds_are_settings():
    # METHOD §2.6: "Thresholds (days, amount) are settings."
    strict = Settings(overdue_long_days=10, large_amount=Decimal("1000"))
    assert rec.matrix_action(10, Decimal("1000"), strict) == ReceivableAction.MANAGEMENT


def test_report_lists_open_invoices_with_partial_payments_and_totals():
    invoices = [
        invoice("1000", date(2026, 11, 20), "400", number="A"),  # 5 days overdue, 600 owed
        invoice("500", date(2026, 12, 31), number="B"),  # not due yet
        invoice("300", date(2026, 1, 1), "300", number="C"),  # paid in full: not listed
        invoice("200000", date(2026, 8, 1), number="D"),  # 116 days, large
        invoice("9", date(2026, 1, 1), number="E", deleted=True),
    ]
    report = rec.receivables_report(invoices, {"acc": "北京现代"}, AS_OF, SETTINGS)
    got = [(r.invoice.number, r.outstanding, r.days_overdue, r.action) for r in report.rows]
    assert got == [
        ("D", Decimal("200000"), 116, ReceivableAction.MANAGEMENT),
        ("A", Decimal("600"), 5, ReceivableAction.REMINDER),
        ("B", Decimal("500"), 0, None),
    ]
    assert report.total_outstanding == Decimal("201100")
    assert report.total_overdue == Decimal("200600")
    data = report.as_json()
    assert data["invoices"][1] == {
        "number": "A",
        "account": "北京现代",
        "opportunity_id": None,
        "due_on": "2026-11-20",
        "outstanding": "600.00",
        "days_overdue": 5,
        "action": "reminder",
    }
    assert data["totals"]["by_action"] == {
        "reminder": "600.00",
        "visit": "0.00",
        "letters": "0.00",
        "management": "200000.00",
    }


def test_partial_payments_and_overpayment_refused():
    inv = invoice("1000", AS_OF)
    part = rec.add_payment(inv, Decimal("250"), AS_OF, "首付")
    assert rec.outstanding(part) == Decimal("750") and not rec.is_paid_in_full(part)
    full = rec.add_payment(part, Decimal("750"), AS_OF)
    assert rec.is_paid_in_full(full)
    with pytest.raises(ValidationFailed, match="more than"):
        rec.add_payment(part, Decimal("751"), AS_OF)
    with pytest.raises(ValidationFailed):
        rec.add_payment(part, Decimal("0"), AS_OF)


# --------------------------------------------------------------------------- CSV import
HEADER = "客户名称,商机,发票号,金额,开票日期,到期日,已收金额\n"


def seeded(db: Path) -> tuple[str, str]:
    with Store(db) as store:
        account = store.save(Account(name="北京现代"))
        opp = store.save(Opportunity(account_id=account.id, name="产线"))
    return account.id, opp.id


def test_import_invoices_with_empty_or_named_opportunity_and_paid(tmp_path, db_path):
    account_id, opp_id = seeded(db_path)
    path = tmp_path / "inv.csv"
    path.write_text(
        HEADER
        + '北京现代,产线,INV-1,"1,000",2026-10-01,2026-10-31,400\n'
        + f"北京现代,{opp_id},INV-2,500,2026-10-01,2026-11-30,\n"
        + "北京现代,,INV-3,800,2026-10-01,2026-12-31,800\n",
        encoding="utf-8",
    )
    with Store(db_path) as store:
        result = import_csv(store, "invoices", path)
        assert result.ok and len(result.records) == 3
        by_number = {i.number: i for i in store.all(Invoice)}
    assert by_number["INV-1"].opportunity_id == opp_id
    assert rec.outstanding(by_number["INV-1"]) == Decimal("600")
    assert by_number["INV-2"].opportunity_id == opp_id and by_number["INV-2"].payments == []
    assert by_number["INV-3"].opportunity_id == "" and rec.is_paid_in_full(by_number["INV-3"])
    assert {i.account_id for i in by_number.values()} == {account_id}


def test_reimporting_invoices_by_id_records_only_the_new_payment(tmp_path, db_path):
    """已收金额 is the total received: a re-import with a larger total adds one payment for the
    difference and keeps the earlier ones; the same total changes nothing."""
    seeded(db_path)
    first = tmp_path / "inv.csv"
    first.write_text(HEADER + "北京现代,,INV-9,1000,2026-10-01,2026-10-31,300\n", encoding="utf-8")
    with Store(db_path) as store:
        import_csv(store, "invoices", first)
        (invoice,) = store.all(Invoice)
    again = tmp_path / "again.csv"
    again.write_text(
        "id," + HEADER + f"{invoice.id},北京现代,,INV-9,1000,2026-10-01,2026-10-31,700\n",
        encoding="utf-8",
    )
    with Store(db_path) as store:
        result = import_csv(store, "invoices", again)
        (updated,) = store.all(Invoice)
        assert [p.amount for p in updated.payments] == [Decimal("300"), Decimal("400")]
        assert rec.outstanding(updated) == Decimal("300")
        assert "1 updated" in result.summary()
        same = import_csv(store, "invoices", again)
        assert "1 unchanged" in same.summary()
        assert len(store.all(Invoice)[0].payments) == 2


def test_bad_invoice_rows_are_named_and_nothing_is_written(tmp_path, db_path, capsys):
    seeded(db_path)
    before = db_path.read_bytes()
    path = tmp_path / "bad.csv"
    path.write_text(
        "account,opportunity,number,amount,issued_on,due_on,paid\n"
        "北京现代,产线,OK-1,100,2026-10-01,2026-10-31,\n"  # row 2 fine
        "不存在,,X-1,100,2026-10-01,2026-10-31,\n"  # row 3 unknown account
        "北京现代,别的,X-2,100,2026-10-01,2026-10-31,\n"  # row 4 unknown opportunity
        "北京现代,,X-3,100,2026-10-01,2026-10-31,200\n"  # row 5 paid > amount
        "北京现代,,X-4,100,2026-10-01,,\n"  # row 6 no due date
        "北京现代,,X-5,100,2026/13/01,2026-10-31,\n",  # row 7 bad date
        encoding="utf-8",
    )
    assert main(["import-csv", "invoices", str(path), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    for expected in (
        "row 3: account: no account named '不存在'",
        "row 4: opportunity: no opportunity '别的' at 北京现代",
        "row 5: paid: 200 is more than the amount 100",
        "row 6: due_on: Field required",
        "row 7: issued_on: '2026/13/01'",
        "5 invalid row(s), nothing imported",
    ):
        assert expected in err
    assert db_path.read_bytes() == before
    header_only = tmp_path / "noheader.csv"
    header_only.write_text("客户名称,金额\n北京现代,1\n", encoding="utf-8")
    with Store(db_path) as store, pytest.raises(ImportRejected, match="no number column"):
        read_csv(store, "invoices", header_only)


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10
) | st.sampled_from(
    ["", "北京现代", "产线", "100", "1e999", "-5", "NaN", "2026-10-01", "2026-13-01", "1,000"]
)


@st.composite
def invoice_tables(draw):
    names = [a[draw(st.integers(0, len(a) - 1))] for a in ALIASES["invoices"].values()]
    header = draw(st.lists(st.sampled_from(names), min_size=1, max_size=7, unique=True))
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 1), max_size=4))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=invoice_tables())
def test_fuzzed_invoice_tables_import_cleanly_or_leave_the_file_unchanged(tmp_path, text):
    db = tmp_path / "fuzz.json"
    db.unlink(missing_ok=True)
    seeded(db)
    before = db.read_bytes()
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8")
    with Store(db) as store:
        try:
            result = import_csv(store, "invoices", path)
        except ImportRejected:
            rejected = True
        else:
            rejected = False
            assert len(store.all(Invoice)) == len(result.records)
            assert all(rec.paid(i) <= i.amount for i in store.all(Invoice))
    if rejected:
        assert db.read_bytes() == before


# --------------------------------------------------------------------------- migration
def test_schema_1_opportunities_get_their_accounts_acard(tmp_path):
    # METHOD §2.1 A-card; issue 19: "The A-card moves to the opportunity … migrate existing data"
    path = tmp_path / "old.json"
    card = ACard(
        scores={ACardCriterion.VOLUME: ACardScore(score=4)}, timing_bucket=TimingBucket.THIS_YEAR
    )
    account = Account(name="旧", acard=card).model_dump(mode="json", exclude_defaults=True)
    own = ACard(scores={ACardCriterion.FIT: ACardScore(score=2)})
    plain = Opportunity(account_id=account["id"], name="甲").model_dump(
        mode="json", exclude_defaults=True
    )
    scored = Opportunity(account_id=account["id"], name="乙", acard=own).model_dump(
        mode="json", exclude_defaults=True
    )
    path.write_bytes(
        orjson.dumps(
            {
                "_meta": {"meta": {"schema_version": 1, "device_id": "old"}},
                "accounts": {account["id"]: account},
                "opportunities": {plain["id"]: plain, scored["id"]: scored},
            }
        )
    )
    before = path.read_bytes()
    with Store(path, readonly=True) as store:  # a report: upgraded in memory, file untouched
        assert store.get(Opportunity, plain["id"]).acard == card
    assert path.read_bytes() == before
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
        assert store.get(Opportunity, plain["id"]).acard == card
        assert store.get(Opportunity, scored["id"]).acard == own  # its own card is kept
        assert len(store.list_backups()) == 1
    with Store(path) as store:
        assert store.get(Opportunity, plain["id"]).acard == card  # written, not just in memory


# --------------------------------------------------------------------------- golden files
def golden_db(db: Path) -> str:
    """A deal at move 5 with every section filled, and invoices across the matrix."""
    account = Account(
        id="acc-1",
        name="北京现代汽车",
        industry="汽车",
        credit_check=CreditCheck(
            checked_on=date(2026, 9, 1), rating=CreditRating.WATCH, note="付款慢"
        ),
    )
    other = Account(id="acc-2", name="Acme Trading", industry="retail")
    coach = Contact(
        id="c-1",
        account_id="acc-1",
        name="李工",
        is_coach=True,
        attitude=2,
        relationship_stage=RelationshipStage.TRUST,
    )
    dm = Contact(
        id="c-2",
        account_id="acc-1",
        name="王总",
        roles=[PurchaseRole.DECISION_MAKER],
        attitude=1,
        relationship_stage=RelationshipStage.INTERACTION,
    )
    opp = Opportunity(
        id="opp-1",
        account_id="acc-1",
        name="焊装线MES项目",
        amount=Decimal("1200000"),
        stage=5,
        buying_signals=[
            SignalSeen(signal=BuyingSignal.PAYMENT_TERMS, seen_on=date(2026, 11, 2)),
            SignalSeen(signal=BuyingSignal.TRIAL, seen_on=date(2026, 11, 9)),
        ],
        negotiation=NegotiationPlan(
            our_interests=["预付30%", "三年服务合同"],
            their_interests=["年底前上线", "总价不超预算"],
            trades=[Trade(give="免费培训两天", get="预付30%"), Trade(give="延长保修一年")],
            concessions=[
                Concession(amount=Decimal("50000"), note="首轮"),
                Concession(amount=Decimal("60000")),
            ],
            walk_away="总价低于105万",
            escalation="副总裁介入",
        ),
        upsells=[
            Upsell(direction=UpsellDirection.VERTICAL, text="二期涂装线", due_on=date(2027, 3, 1)),
            Upsell(direction=UpsellDirection.HORIZONTAL, text="引荐给采购部", done=True),
        ],
    )
    closing = Activity(
        account_id="acc-1",
        opportunity_id="opp-1",
        occurred_at=datetime(2026, 11, 12, 10, tzinfo=UTC),
        closing_method=ClosingMethod.CHOICE,
        closing_result=ClosingResult.DEFERRED,
        summary="两种付款方案",
    )
    invoices = [
        invoice(
            "300000",
            date(2026, 11, 15),
            "100000",
            number="HX-001",
            account_id="acc-1",
            opportunity_id="opp-1",
            late_cause=LatePaymentCause.OUR_FAULT,
        ),
        invoice("8000", date(2026, 8, 1), number="AC-17", account_id="acc-2"),
        invoice("20000", date(2026, 12, 20), number="AC-18", account_id="acc-2"),
    ]
    with Store(db) as store:
        store.save_many([account, other, coach, dm, opp, closing, *invoices])
    return opp.id


def check_golden(name: str, output: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):  # regenerate deliberately, then review the diff
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "lang"), [("text", "zh"), ("text", "en"), ("md", "zh"), ("md", "en")]
)
def test_deal_golden(db_path, capsys, fmt, lang):
    opp_id = golden_db(db_path)
    assert main(["deal", opp_id, "--format", fmt, "--lang", lang, "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    check_golden(f"deal-{lang}.{'txt' if fmt == 'text' else 'md'}", out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_receivables_golden(db_path, capsys, lang):
    golden_db(db_path)
    args = ["receivables", "--as-of", "2026-11-25", "--lang", lang, "--db", str(db_path)]
    assert main(args) == 0
    check_golden(f"receivables-{lang}.txt", capsys.readouterr().out)


def test_receivables_json(db_path, capsys):
    golden_db(db_path)
    assert main(["receivables", "--as-of", "2026-11-25", "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = [
        (r["number"], r["account"], r["outstanding"], r["days_overdue"], r["action"])
        for r in data["invoices"]
    ]
    assert rows == [
        ("AC-17", "Acme Trading", "8000.00", 116, "letters"),
        ("HX-001", "北京现代汽车", "200000.00", 10, "visit"),
        ("AC-18", "Acme Trading", "20000.00", 0, None),
    ]
    assert data["totals"]["outstanding"] == "228000.00"
    assert data["totals"]["overdue"] == "208000.00"


def test_deal_and_receivables_errors_are_one_line(db_path, capsys):
    golden_db(db_path)
    assert main(["deal", "no-such", "--db", str(db_path)]) == 1
    assert main(["receivables", "--as-of", "25/11/2026", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "dragon-tui: error: no opportunity with id or name 'no-such'",
        "dragon-tui: error: --as-of '25/11/2026' is not a date (YYYY-MM-DD)",
    ]


def test_deal_by_exact_name(db_path, capsys):
    golden_db(db_path)
    assert main(["deal", "焊装线MES项目", "--lang", "en", "--db", str(db_path)]) == 0
    assert "Deal plan: 焊装线MES项目" in capsys.readouterr().out


def test_hostile_text_in_the_deal_plan_is_shown_literally(db_path, capsys):
    hostile = "[bold]x[/] \x1b[31mred\x07 # *bold* <b>"
    with Store(db_path) as store:
        account = store.save(Account(name=hostile))
        opp = store.save(
            Opportunity(
                account_id=account.id,
                name=hostile,
                stage=5,
                negotiation=NegotiationPlan(their_interests=[hostile], walk_away=hostile),
            )
        )
    for fmt in ("text", "md"):
        assert main(["deal", opp.id, "--format", fmt, "--lang", "en", "--db", str(db_path)]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        assert "[bold]x[/]" in out or "\\[bold\\]x\\[/\\]" in out
        if fmt == "md":
            assert "\n# " not in out.split("\n", 1)[1]  # user text never makes a heading
            assert "<b>" not in out
