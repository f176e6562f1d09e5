"""Writing a table as an .xlsx workbook (openpyxl): text stays text, dates are date cells."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

# OOXML's escape for characters XML cannot hold (ST_Xstring): `_x0008_`. Excel writes control
# characters this way and writes a literal "_x0041_" as "_x005F_x0041_"; so do we.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def encode_text(text: str) -> str:
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def decode_text(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def workbook_bytes(title: str, header: list[str], rows: list[list[Any]]) -> bytes:
    """One sheet: a bold header row, then the rows. A string is always a text cell, even one
    starting with `=` (openpyxl would otherwise store it as a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([None] * len(values))
        row = sheet.max_row
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
                continue
            cell.value = encode_text(str(value))
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
