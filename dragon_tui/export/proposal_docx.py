"""A proposal as a Word document (python-docx) that opens in Word and WPS: a cover with the
customer's and our names, the nine sections as headings, the FAB statements, the quote table
with its totals."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from dragon_tui.export.proposal import _fab_lines, quote_rows
from dragon_tui.labels import label, t
from dragon_tui.models import Account, Opportunity, Proposal
from dragon_tui.models.enums import ProposalSection

# XML 1.0 cannot hold these; a user's pasted text sometimes does.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A font every Chinese Word and WPS install has, for the East Asian characters.
EAST_ASIAN_FONT = "宋体"


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _east_asian(document) -> None:
    from docx.oxml.ns import qn

    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def proposal_docx(
    proposal: Proposal,
    account: Account,
    opportunity: Opportunity,
    names: Mapping[str, str],
    lang: str,
    our_name: str = "",
) -> bytes:
    """The .docx file's bytes."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    document = Document()
    _east_asian(document)
    props = document.core_properties
    props.title = _clean(proposal.title or opportunity.name)[:255]
    props.author = _clean(our_name or opportunity.owner)[:255]
    props.language = "zh-CN" if lang == "zh" else "en"

    # Cover: title, the customer, us, version and date.
    document.add_paragraph(_clean(proposal.title or opportunity.name), style="Title")
    cover = [
        (t("docx.customer", lang), account.name),
        (t("docx.opportunity", lang), opportunity.name),
        (t("docx.prepared_by", lang), our_name or opportunity.owner),
        (t("docx.version", lang), f"v{proposal.version}"),
        (t("docx.date", lang), proposal.issued_on.isoformat() if proposal.issued_on else "—"),
    ]
    for name, value in cover:
        if not str(value).strip():
            continue
        paragraph = document.add_paragraph()
        paragraph.add_run(_clean(name) + ("：" if lang == "zh" else ": ")).bold = True
        paragraph.add_run(_clean(value))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for n, section in enumerate(ProposalSection, 1):
        document.add_heading(f"{n}. {label(section, lang)}", level=1)
        body = proposal.sections.get(section, "").strip()
        for block in body.split("\n\n") if body else ():
            document.add_paragraph(_clean(block))
        if section == ProposalSection.PRODUCTS_AND_SERVICES:
            for head, text in _fab_lines(proposal, names, lang):
                if not text and head.endswith("."):
                    document.add_heading(_clean(head), level=2)
                    continue
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(_clean(head) + ("：" if lang == "zh" else ": ")).bold = True
                paragraph.add_run(_clean(text))
        if section == ProposalSection.QUOTE and proposal.quote.lines:
            head, rows, foot = quote_rows(proposal, lang)
            grid = document.add_table(rows=1, cols=len(head))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(grid.rows[0].cells, head, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(_clean(text)).bold = True
            for row in rows:
                cells = grid.add_row().cells
                for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
                    cell.text = _clean(text)
                    if column:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for name, value in foot:
                cells = grid.add_row().cells
                merged = cells[0].merge(cells[-2])
                merged.text = ""
                merged.paragraphs[0].add_run(_clean(name)).bold = True
                merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                cells[-1].text = ""
                cells[-1].paragraphs[0].add_run(_clean(value)).bold = True
                cells[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
