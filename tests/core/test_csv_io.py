"""CSV import/export of accounts and contacts: header mapping, per-row errors with row numbers,
BOM, all-or-nothing, --valid-only, --dry-run, and a fuzzed importer that never crashes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.cli import main
from dragon_tui.errors import ImportRejected
from dragon_tui.export.csv_io import ALIASES, export_csv, import_csv, read_csv
from dragon_tui.models import Account, Contact
from dragon_tui.models import enums as e
from dragon_tui.store import Store


def write(tmp_path: Path, text: str, *, bom: bool = False, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


BAD = (
    "客户名称,行业,员工数,企业性质,等级,标签\n"
    "好公司,制造,1200,民营企业,A类,重点；老客户\n"  # row 2: fine (zh labels, full-width ;)
    ",金融,5,,,\n"  # row 3: missing name
    "坏公司,x,很多,,,\n"  # row 4: wrong number
    "\n"  # row 5: blank, skipped but counted
    "怪公司,x,1,外星企业,,\n"  # row 6: unknown enum value
    "[bold]x[/] \x1b[31m,x,1,,,\n"  # row 7: markup and ANSI kept literally
)


@pytest.mark.parametrize("bom", [False, True])
def test_bad_rows_are_named_by_row_number_and_nothing_is_written(tmp_path, db_path, bom):
    with Store(db_path) as store:
        store.save(Account(name="已有"))
    before = db_path.read_bytes()
    with Store(db_path) as store:
        result = read_csv(store, "accounts", write(tmp_path, BAD, bom=bom))
        assert result.rows == 5 and len(result.records) == 2
        errors = "\n".join(result.errors)
        assert "row 3: name" in errors
        assert "row 4: staff_count: '很多' is not a whole number" in errors
        assert "row 6: nature: '外星企业' is not a valid AccountNature" in errors
        assert len(result.errors) == 3
        with pytest.raises(ImportRejected, match="3 invalid row"):
            import_csv(store, "accounts", write(tmp_path, BAD, bom=bom))
    assert db_path.read_bytes() == before


def test_valid_only_imports_the_good_rows_and_keeps_text_literally(tmp_path, store):
    result = import_csv(store, "accounts", write(tmp_path, BAD), valid_only=True)
    assert len(result.errors) == 3
    good, odd = sorted(store.all(Account), key=lambda a: a.name)[::-1]
    assert good.name == "好公司" and good.staff_count == 1200
    assert good.nature == e.AccountNature.PRIVATE and good.value_tier == e.ValueTier.A
    assert good.tags == ["重点", "老客户"]
    assert odd.name == "[bold]x[/] \x1b[31m"


def test_english_headers_field_names_and_extra_empty_columns(tmp_path, store):
    text = "Name,Industry,value_tier,Lead_Source,staff,,\nAcme,Auto,b,Web,12,,\n"
    import_csv(store, "accounts", write(tmp_path, text))
    (acme,) = store.all(Account)
    assert (acme.industry, acme.value_tier, acme.lead_source) == ("Auto", "b", "web")


def test_unknown_columns_are_a_warning_a_missing_name_column_refuses_the_file(tmp_path, store):
    result = read_csv(store, "accounts", write(tmp_path, "name,colour,尺寸\na,red,大\n"))
    assert not result.errors and [r.name for r in result.records] == ["a"]
    (warning,) = result.warnings
    assert "'colour'" in warning and "'尺寸'" in warning and "ignored" in warning
    with pytest.raises(ImportRejected, match="no name column"):
        read_csv(store, "accounts", write(tmp_path, "industry\n制造\n"))


def test_contacts_resolve_to_accounts_by_name_or_id(tmp_path, store):
    a = store.save(Account(name="北京现代"))
    text = (
        "客户,姓名,职务,层级,采购角色,支持度,教练\n"
        f"北京现代,王,总经理,决策层,决策者,+3,是\n"
        f"{a.id},李,工程师,operational,user;evaluator,-1,\n"
        "不存在,赵,,,,,\n"
        "北京现代,钱,,,,九,\n"
    )
    with pytest.raises(ImportRejected):
        import_csv(store, "contacts", write(tmp_path, text))
    result = import_csv(store, "contacts", write(tmp_path, text), valid_only=True)
    assert [err.split(":")[0] for err in result.errors] == ["row 4", "row 5"]
    people = {c.name: c for c in store.find(Contact, account_id=a.id)}
    assert set(people) == {"王", "李"}
    assert people["王"].is_coach and people["王"].attitude == e.Attitude.SUPPORTS
    assert people["李"].roles == [e.PurchaseRole.USER, e.PurchaseRole.EVALUATOR]
    assert people["李"].level == e.Level.OPERATIONAL


def test_cli_dry_run_writes_nothing_and_lists_every_error(tmp_path, capsys):
    db = tmp_path / "db.json"
    with Store(db) as store:
        store.save(Account(name="甲"))
    before = db.read_bytes()
    good = write(tmp_path, "name,industry\n乙,制造\n", name="good.csv")
    assert main(["import-csv", "accounts", str(good), "--dry-run", "--db", str(db)]) == 0
    assert "1 added, 0 updated, 0 unchanged, 0 refused; would write 1" in capsys.readouterr().out
    assert db.read_bytes() == before
    bad = write(tmp_path, BAD, name="bad.csv")
    assert main(["import-csv", "accounts", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "row 3" in err and "row 4" in err and "row 6" in err and "nothing imported" in err
    assert db.read_bytes() == before
    assert main(["import-csv", "accounts", str(bad), "--valid-only", "--db", str(db)]) == 0
    with Store(db) as store:
        assert len(store.all(Account)) == 3


def accounts_copied(tmp_path: Path, db: Path) -> Path:
    """A second database holding `db`'s accounts, copied through export-csv and import-csv."""
    db2 = tmp_path / "db2.json"
    accounts = tmp_path / "accounts.csv"
    assert main(["export-csv", "accounts", "-o", str(accounts), "--db", str(db)]) == 0
    assert main(["import-csv", "accounts", str(accounts), "--db", str(db2)]) == 0
    return db2


def test_export_then_import_round_trips_contacts(tmp_path, capsys):
    db = tmp_path / "db.json"
    with Store(db) as store:
        a = store.save(Account(name='甲, "引号"', tags=["重点"]))
        store.save(
            Contact(
                account_id=a.id,
                name="王\n换行",
                roles=[e.PurchaseRole.DECISION_MAKER, e.PurchaseRole.USER],
                attitude=e.Attitude.OPPOSES,
                is_coach=True,
            )
        )
        text = export_csv(store, "contacts")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["id", "account", "name"]
    out = tmp_path / "contacts.csv"
    assert main(["export-csv", "contacts", "-o", str(out), "--db", str(db)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    db2 = accounts_copied(tmp_path, db)
    assert main(["import-csv", "contacts", str(out), "--db", str(db2)]) == 0
    with Store(db2) as store:
        (person,) = store.all(Contact)
        assert person.name == "王\n换行" and person.is_coach
        assert person.attitude == e.Attitude.OPPOSES and len(person.roles) == 2
        assert store.require(Account, person.account_id).name == '甲, "引号"'


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12
) | st.sampled_from(
    [
        "",
        "A类",
        "国有企业",
        "many",
        "-1",
        "1e999",
        "NaN",
        "[bold]",
        "\ufeff",
        "甲",
        "5",
        "是",
        "决策者",
    ]
)


@st.composite
def tables(draw):
    kind = draw(st.sampled_from(["accounts", "contacts"]))
    names = [aliases[draw(st.integers(0, len(aliases) - 1))] for aliases in ALIASES[kind].values()]
    header = draw(st.lists(st.sampled_from(names), min_size=1, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 1), max_size=5))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return kind, out.getvalue(), draw(st.booleans())


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=tables())
def test_fuzzed_tables_import_cleanly_or_leave_the_file_unchanged(tmp_path, table):
    kind, text, bom = table
    db = tmp_path / "fuzz.json"
    db.unlink(missing_ok=True)
    with Store(db) as store:
        store.save(Account(name="甲"))
    before = db.read_bytes()
    path = write(tmp_path, text, bom=bom)
    with Store(db) as store:
        try:
            result = import_csv(store, kind, path)
        except ImportRejected:
            rejected = True
        else:
            rejected = False
            model = Account if kind == "accounts" else Contact
            assert len(store.all(model)) == (kind == "accounts") + result.added
            assert len(result.records) == result.added + result.updated
    if rejected:
        assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("scheme", "names"),
    [
        (e.StageScheme.TELEPHONE, {"探寻", "承诺"}),
        (e.StageScheme.SIX_MOVES, {"挖掘需求", "赢取承诺"}),
    ],
)
def test_opportunities_export_in_the_reps_stage_scheme_and_import_back(tmp_path, scheme, names):
    """`export-csv opportunities` names each stage in the scheme the rep works in (it always
    used the six moves' names), and such a file imports back to the same stages."""
    from dragon_tui.models import Opportunity

    db = tmp_path / "db.json"
    with Store(db) as store:
        store.save_settings(store.settings().with_changes(stage_scheme=scheme))
        account = store.save(Account(name="甲公司"))
        for stage, name in ((3, "三期"), (5, "五期")):
            store.save(Opportunity(account_id=account.id, name=name, stage=stage))
        text = export_csv(store, "opportunities", "zh")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["阶段"] for row in rows} == names
    out = write(tmp_path, text, name="opps.csv")
    db2 = accounts_copied(tmp_path, db)
    assert main(["import-csv", "opportunities", str(out), "--db", str(db2)]) == 0
    with Store(db2) as store:
        assert {o.name: int(o.stage) for o in store.all(Opportunity)} == {"三期": 3, "五期": 5}
