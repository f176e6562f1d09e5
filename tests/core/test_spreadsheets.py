"""The files a Chinese sales office already has: GBK / UTF-16 / `;` CSVs, .xlsx with date cells,
re-import as an update, exports that always re-import, formula injection, stdin/stdout."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from dragon_tui.cli import main
from dragon_tui.errors import ImportRejected
from dragon_tui.export.csv_io import import_csv, read_csv
from dragon_tui.export.table_export import export_csv, export_xlsx
from dragon_tui.models import Account, Contact, Opportunity
from dragon_tui.models import enums as e
from dragon_tui.store import Store

GBK_OPPORTUNITIES = (
    "客户名称,商机,阶段,金额,状态,成交日期,负责人,微信群\r\n"
    "北京现代,发动机线改造,赢取承诺,￥380000,进行中,,张明,有\r\n"
    "北京现代,质检系统,挖掘需求,38万,赢单,2026/11/20,张明,\r\n"
    "上海电气,MES 二期,呈现价值,1.2亿,open,,李娜,\r\n"
    '上海电气,旧项目,客户分析,"380,000.50",流失,2026年1月5日,李娜,\r\n'
)


def gbk_file(tmp_path: Path, text: str, name: str = "商机.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


def test_a_gbk_csv_with_chinese_headers_and_peoples_formats_imports(tmp_path, store):
    result = import_csv(store, "opportunities", gbk_file(tmp_path, GBK_OPPORTUNITIES))
    assert result.encoding == "gb18030" and not result.errors
    assert "'微信群'" in result.warnings[0]  # the unknown column is named, then ignored
    assert (result.added, result.updated, len(result.new_accounts)) == (4, 0, 2)
    deals = {o.name: o for o in store.all(Opportunity)}
    engine = deals["发动机线改造"]
    assert engine.amount == Decimal("380000") and engine.stage == 5 and engine.owner == "张明"
    assert engine.status == e.OpportunityStatus.OPEN
    qc = deals["质检系统"]
    assert qc.status == e.OpportunityStatus.WON and qc.closed_on == date(2026, 11, 20)
    assert qc.amount == Decimal("380000") and qc.stage == 3
    assert deals["MES 二期"].amount == Decimal("120000000")
    old = deals["旧项目"]
    assert old.status == e.OpportunityStatus.LOST and old.closed_on == date(2026, 1, 5)
    assert old.amount == Decimal("380000.50") and old.lost_reason
    accounts = {a.id: a.name for a in store.all(Account)}
    assert {accounts[o.account_id] for o in deals.values()} == {"北京现代", "上海电气"}


def test_gbk_contacts_with_labels_and_semicolons(tmp_path, store):
    store.save(Account(name="北京现代"))
    text = "客户;姓名;职务;层级;采购角色;支持度;教练\r\n北京现代;王总;总经理;决策层;决策者、评估者;大力支持;是\r\n"
    import_csv(store, "contacts", gbk_file(tmp_path, text, "联系人.csv"))
    (wang,) = store.all(Contact)
    assert (wang.name, wang.title, wang.level) == ("王总", "总经理", e.Level.DECISION)
    assert wang.roles == [e.PurchaseRole.DECISION_MAKER, e.PurchaseRole.EVALUATOR]
    assert wang.attitude == e.Attitude.SUPPORTS and wang.is_coach


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "gb18030"])
def test_utf16_and_tab_separated_files_as_excel_saves_unicode_text(tmp_path, store, encoding):
    text = "客户名称\t行业\t员工数\r\n华为技术\t通信\t1,200\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # Excel's "Unicode text" carries a BOM
    path = tmp_path / "unicode.txt"
    path.write_bytes(data)
    result = import_csv(store, "accounts", path)
    (account,) = store.all(Account)
    assert (account.name, account.industry, account.staff_count) == ("华为技术", "通信", 1200)
    assert result.added == 1


def test_an_unclear_encoding_is_a_clear_refusal(tmp_path, store):
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(ImportRejected, match="noise.csv: cannot tell the text encoding"):
        read_csv(store, "accounts", path)


def test_an_xlsx_with_date_and_number_cells(tmp_path, store):
    book = Workbook()
    sheet = book.active
    sheet.title = "概览"
    other = book.create_sheet("商机")
    other.append(["客户", "商机", "阶段", "金额", "预计成交日期", "状态"])
    other.append(["北京现代", "数字化工厂", 4, 380000, datetime(2026, 11, 20), "赢单"])
    other.append([None, None, None, None, None, None])
    other.append(["北京现代", "培训", "Build trust", "38万", "2026/1/5", None])
    path = tmp_path / "book.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected, match="book.xlsx: empty sheet"):
        read_csv(store, "opportunities", path)  # the first sheet is the empty 概览
    with pytest.raises(ImportRejected, match="no sheet named 'x'; sheets: 概览, 商机"):
        read_csv(store, "opportunities", path, sheet="x")
    result = import_csv(store, "opportunities", path, sheet="商机")
    assert result.added == 2 and not result.errors
    deals = {o.name: o for o in store.all(Opportunity)}
    factory = deals["数字化工厂"]
    assert factory.expected_close == date(2026, 11, 20) and factory.amount == Decimal("380000")
    assert factory.stage == 4 and factory.status == e.OpportunityStatus.WON
    assert deals["培训"].expected_close == date(2026, 1, 5) and deals["培训"].stage == 2


def test_a_damaged_xlsx_and_an_old_xls_are_one_line_refusals(tmp_path, store):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportRejected, match="broken.xlsx: not a readable .xlsx"):
        read_csv(store, "accounts", broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(ImportRejected, match="old Excel .xls"):
        read_csv(store, "accounts", old)


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [("客户名称,名称", "客户名称", "名称"), ("姓名,电话,手机", "电话", "手机")],
)
def test_two_columns_for_the_same_field_are_refused_naming_both(
    tmp_path, store, header, first, second
):
    kind = "accounts" if header.startswith("客户") else "contacts"
    path = tmp_path / "dup.csv"
    path.write_text(header + "\n" + ",".join("x" * header.count(",")) + ",x\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        read_csv(store, kind, path)
    assert f"'{first}' and '{second}' both mean" in str(err.value)


@pytest.mark.parametrize(
    "tail",
    [
        'c,"notes cut in the mid',  # inside a quoted cell
        "c",  # before the last columns
    ],
)
def test_a_file_cut_in_the_middle_of_a_row_does_not_import_that_row(tmp_path, store, tail):
    path = tmp_path / "cut.csv"
    path.write_text(f"name,industry,notes\na,制造,ok\nb,金融,\n{tail}", encoding="utf-8")
    with pytest.raises(ImportRejected, match="row 4: incomplete"):
        import_csv(store, "accounts", path)
    result = import_csv(store, "accounts", path, valid_only=True)
    assert sorted(a.name for a in store.all(Account)) == ["a", "b"] and result.refused == 1
    whole = tmp_path / "whole.csv"
    whole.write_text("name,industry\na,制造", encoding="utf-8")  # no final newline, complete
    assert not read_csv(store, "accounts", whole).errors


def test_notes_longer_than_the_csv_modules_default_limit_re_import(tmp_path):
    db = tmp_path / "db.json"
    notes = "长" * 200_000 + '\n"quoted", and more'
    with Store(db) as store:
        store.save(Account(name="甲", notes=notes))
    out = tmp_path / "a.csv"
    assert main(["export-csv", "accounts", "-o", str(out), "--db", str(db)]) == 0
    db2 = tmp_path / "db2.json"
    assert main(["import-csv", "accounts", str(out), "--db", str(db2)]) == 0
    with Store(db2) as store:
        (account,) = store.all(Account)
        assert account.notes == notes


def test_reimporting_an_edited_export_updates_and_counts(tmp_path, capsys):
    db = tmp_path / "db.json"
    with Store(db) as store:
        a = store.save(Account(name="甲", industry="制造"))
        store.save(Account(name="乙"))
        store.save(Contact(account_id=a.id, name="王", phone="138"))
    out = tmp_path / "contacts.csv"
    assert main(["export-csv", "contacts", "-o", str(out), "--lang", "zh", "--db", str(db)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["编号", "客户", "姓名", "职务"]
    rows[1][rows[0].index("电话")] = "139"
    rows.append(["", "甲", "李", "", "", "", "", "", "", "", "", "", "", "", "", ""])
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert (
        main(["import-csv", "contacts", str(edited), "--dry-run", "--json", "--db", str(db)]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["updated"], report["unchanged"], report["refused"]) == (
        1,
        1,
        0,
        0,
    )
    assert report["dry_run"] is True
    assert main(["import-csv", "contacts", str(edited), "--db", str(db)]) == 0
    with Store(db) as store:
        people = {c.name: c for c in store.all(Contact)}
        assert people["王"].phone == "139" and people["王"].revision == 2
        assert set(people) == {"王", "李"}
    # Accounts without an id column match by exact name.
    names = tmp_path / "names.csv"
    names.write_text("名称,行业\n甲,汽车\n丙,\n", encoding="utf-8")
    assert main(["import-csv", "accounts", str(names), "--db", str(db)]) == 0
    assert "1 added, 1 updated, 0 unchanged" in capsys.readouterr().out
    with Store(db) as store:
        assert sorted(a.name for a in store.all(Account)) == ["丙", "乙", "甲"]
        assert store.require(Account, a.id).industry == "汽车"


def test_the_same_record_twice_in_one_file_is_refused(tmp_path, store):
    a = store.save(Account(name="甲"))
    path = tmp_path / "twice.csv"
    path.write_text(f"id,name\n{a.id},甲一\n{a.id},甲二\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="row 3: the same record as row 2"):
        import_csv(store, "accounts", path)


def test_formula_cells_are_written_as_text_and_read_back_exactly(tmp_path, store):
    hostile = ['=HYPERLINK("http://x","点我")', "+86 138", "-", "@SUM(A1)", "'=1+1", "'plain"]
    for name in hostile:
        store.save(Account(name=name, notes=name))
    text = export_csv(store, "accounts")
    cells = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("http://x","点我")' in cells and "'plain" in cells
    book = load_workbook(io.BytesIO(export_xlsx(store, "accounts")))
    values = [row[1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(values) == sorted(hostile)  # text cells, not formulas
    assert all(
        c.data_type == "s" for row in book.active.iter_rows(min_row=2) for c in row if c.value
    )
    for suffix, data in ((".csv", text.encode()), (".xlsx", export_xlsx(store, "accounts"))):
        path = tmp_path / f"out{suffix}"
        path.write_bytes(data)
        result = import_csv(store, "accounts", path)
        assert (result.unchanged, result.added, result.updated) == (len(hostile), 0, 0), suffix


names = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
accounts = st.builds(
    Account,
    name=names,
    industry=st.sampled_from(["", "制造", "金融"]),
    nature=st.none() | st.sampled_from(list(e.AccountNature)),
    value_tier=st.none() | st.sampled_from(list(e.ValueTier)),
    tags=st.lists(st.sampled_from(["重点", "老客户", "VIP"]), unique=True, max_size=3),
    staff_count=st.none() | st.integers(0, 10_000_000),
    annual_revenue=st.none() | st.decimals(0, Decimal("1e12"), places=2, allow_nan=False),
    notes=st.text(max_size=40),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(accounts, max_size=6, unique_by=lambda a: a.name),
    lang=st.sampled_from(["zh", "en"]),
    suffix=st.sampled_from([".csv", ".xlsx"]),
    deals=st.lists(
        st.tuples(
            names,
            st.integers(1, 6),
            st.sampled_from(list(e.OpportunityStatus)),
            st.decimals(0, Decimal("1e12"), places=2, allow_nan=False),
        ),
        max_size=4,
    ),
)
def test_export_then_import_changes_nothing(tmp_path, records, lang, suffix, deals):
    db = tmp_path / "round.json"
    db.unlink(missing_ok=True)
    with Store(db) as store:
        saved = store.save_many(records)
        if saved:
            for name, stage, status, amount in deals:
                store.save(
                    Opportunity(
                        account_id=saved[0].id,
                        name=name,
                        stage=stage,
                        status=status,
                        amount=amount,
                        lost_reason="价格" if status == e.OpportunityStatus.LOST else "",
                    )
                )
    before = db.read_bytes()
    for kind in ("accounts", "opportunities"):
        with Store(db, readonly=True) as store:
            data = (
                export_xlsx(store, kind, lang)
                if suffix == ".xlsx"
                else ("\ufeff" + export_csv(store, kind, lang)).encode()
            )
        path = tmp_path / f"{kind}{suffix}"
        path.write_bytes(data)
        with Store(db) as store:
            result = import_csv(store, kind, path)
            assert (result.added, result.updated, result.refused) == (0, 0, 0), result.errors
            assert result.unchanged == len(
                store.all(Opportunity if kind != "accounts" else Account)
            )
    assert db.read_bytes() == before


def test_stdin_import_and_stdout_export(tmp_path, monkeypatch, capsys):
    db = tmp_path / "db.json"
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO("名称,行业\n甲,制造\n".encode("gbk")))
    )
    assert main(["import-csv", "accounts", "-", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["export-csv", "accounts", "-o", "-", "--lang", "en", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "name", "industry"] and rows[1][1:3] == ["甲", "制造"]


def test_export_to_a_path_under_a_file_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export-csv", "accounts", "-o", str(blocker / "a.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "Traceback" not in err


def people_amount(value: Decimal, style: int) -> str:
    """An amount the way someone types it into a spreadsheet."""
    if style == 1:
        return f"￥{value:,.2f}"
    if style == 2 and value == value.to_integral_value() and value % 10_000 == 0:
        return f"{value / 10_000:f}万"
    if style == 3:
        return f"{value:,.2f}元"
    return format(value, "f")


def people_date(day: date, style: int) -> str:
    return [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    ][style % 3]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.text(alphabet="北京现代上海电气华为中兴ABC 甲乙丙丁", min_size=1, max_size=8).map(
                str.strip
            ),
            st.decimals(0, Decimal("1e11"), places=2, allow_nan=False)
            | st.integers(0, 10**6).map(lambda n: Decimal(n * 10_000)),
            st.integers(0, 3),
            st.dates(date(2000, 1, 1), date(2100, 12, 31)),
            st.sampled_from(["赢单", "won", "已成交", "进行中", "open", "流失", "丢单"]),
        ),
        min_size=1,
        max_size=6,
    ),
    encoding=st.sampled_from(["gb18030", "utf-16", "utf-8-sig", "xlsx"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_people_formatted_rows_import_to_the_values_they_mean(tmp_path, rows, encoding, delimiter):
    rows = [r for r in rows if r[0]]
    header = ["客户名称", "商机", "金额", "成交日期", "状态", "流失原因"]
    table = [
        [name, f"商机{i}", people_amount(amount, style), people_date(day, style), status, "价格"]
        for i, (name, amount, style, day, status) in enumerate(rows)
    ]
    if encoding == "xlsx":
        book = Workbook()
        book.active.append(header)
        for row in table:
            book.active.append(row)
        path = tmp_path / "deals.xlsx"
        book.save(path)
    else:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows([header, *table])
        path = tmp_path / "deals.csv"
        path.write_bytes(out.getvalue().encode(encoding))
    db = tmp_path / "people.json"
    db.unlink(missing_ok=True)
    with Store(db) as store:
        result = import_csv(store, "opportunities", path)
        assert result.added == len(rows) and not result.errors
        deals = {o.name: o for o in store.all(Opportunity)}
        names = {a.id: a.name for a in store.all(Account)}
    for i, (name, amount, _style, day, status) in enumerate(rows):
        deal = deals[f"商机{i}"]
        assert names[deal.account_id] == name
        assert deal.amount == amount and deal.closed_on == day
        won = status in ("赢单", "won", "已成交")
        lost = status in ("流失", "丢单")
        assert deal.status == (
            e.OpportunityStatus.WON
            if won
            else e.OpportunityStatus.LOST
            if lost
            else e.OpportunityStatus.OPEN
        )


def test_a_hand_made_file_with_short_rows_is_not_taken_for_a_cut_one(tmp_path, store):
    path = tmp_path / "hand.csv"
    path.write_text("name,industry,notes\na\nb,制造\nc", encoding="utf-8")
    result = import_csv(store, "accounts", path)
    assert result.added == 3 and not result.errors
