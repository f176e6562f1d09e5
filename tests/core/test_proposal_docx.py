"""The proposal as a Word document: opened back with python-docx, the cover names the customer
and us, the nine sections are headings, the quote is a table with its totals, FAB included."""

from __future__ import annotations

import io

from docx import Document

from dragon_tui.cli import main
from dragon_tui.labels import label
from dragon_tui.models import Settings
from dragon_tui.models.enums import ProposalSection
from dragon_tui.store import Store
from tests.core.test_proposal import golden_proposal, scenario


def test_the_document_opens_with_its_cover_sections_fab_and_quote(tmp_path, capsys):
    db = tmp_path / "db.json"
    proposal, account, opp, _ = golden_proposal()
    with Store(db) as store:
        store.save_many([account, opp, proposal, *scenario()[2]])
        store.save_settings(store.settings().with_changes(owner_name="张明\x07"))
    out = tmp_path / "方案.docx"
    args = ["proposal", "opp", "--format", "docx", "-o", str(out), "--lang", "zh", "--db", str(db)]
    assert main(args) == 0
    document = Document(io.BytesIO(out.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == (proposal.title or opp.name)
    assert f"客户：{account.name}" in paragraphs and "我方：张明" in paragraphs
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{n}. {label(s, 'zh')}" for n, s in enumerate(ProposalSection, 1)]
    assert any("停线损失减半" in p for p in paragraphs)  # the FAB benefit
    (quote,) = document.tables
    cells = [[c.text for c in row.cells] for row in quote.rows]
    assert cells[0] == ["产品", "数量", "单价", "折扣", "小计"]
    assert cells[1][0] == "数据中台平台 Data platform" and cells[1][-1] == "361,000.00"
    assert cells[2][-1] == "50,000.00"
    assert cells[3][-1] == "411,000.00" and cells[3][0].startswith("合计")
    assert cells[-1][0].startswith("总计") and len(cells) == 6
    assert document.core_properties.language == "zh-CN"


def test_docx_needs_a_file_and_an_unknown_id_is_one_line(tmp_path, capsys):
    db = tmp_path / "db.json"
    with Store(db) as store:
        store.save_settings(Settings())
    assert main(["proposal", "x", "--format", "docx", "--db", str(db)]) == 1
    assert "-o FILE.docx" in capsys.readouterr().err
    assert (
        main(
            [
                "proposal",
                "nope",
                "--format",
                "docx",
                "-o",
                str(tmp_path / "a.docx"),
                "--db",
                str(db),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1 and not (tmp_path / "a.docx").exists()
