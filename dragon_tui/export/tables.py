"""Reading a spreadsheet as a header and numbered rows: CSV in any encoding Chinese Excel or WPS
saves (UTF-8 with or without BOM, GBK/GB18030, UTF-16), `,` `;` or tab separated, or .xlsx.

Row numbers are the ones a spreadsheet shows (blank rows are skipped but still counted). A file
cut in the middle of a row (a copy interrupted, a download cut short) marks that last row as
incomplete so it is never imported half.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dragon_tui.errors import ImportRejected

MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
# The encodings a Chinese office produces; the detector is asked to choose among these only, so
# a short GBK file is never taken for Big5 or a Western code page.
CANDIDATES = ("utf_8", "gb18030", "utf_16", "big5")
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Table:
    """A header and the data rows; cells are text (CSV) or text, numbers and dates (.xlsx)."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str = ""
    incomplete_row: int | None = None  # the number of a row cut off at the end of the file
    notes: list[str] = field(default_factory=list)


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes; `-` reads standard input."""
    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportRejected(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise ImportRejected(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB")
    return raw


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 saved without a BOM: text of Latin letters, digits and separators has a zero in
    every other byte (CJK text has not, and is left to the detector)."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode(raw: bytes, path: Path | str) -> tuple[str, str]:
    """The text and the name of its encoding; a clear refusal when the encoding is unclear."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ImportRejected(
                    f"{path}: starts as {encoding} but byte {exc.start} is not; "
                    "save it again as UTF-8 CSV"
                ) from None
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.chaos > 0.2:
        raise ImportRejected(
            f"{path}: cannot tell the text encoding (not UTF-8, GBK or UTF-16); "
            "save it as UTF-8 CSV (CSV UTF-8 逗号分隔)"
        )
    encoding = best.encoding
    if encoding in ("gb2312", "gbk", "gb18030", "hz"):
        encoding = "gb18030"  # the superset: a GBK file read as GB18030 is the same text
    try:
        return raw.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise ImportRejected(f"{path}: not readable as {encoding}; save it as UTF-8 CSV") from None


def sniff_delimiter(text: str) -> str:
    """`,` `;` or tab: the one that splits the first line into the most columns (quotes aside)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if first.lower().startswith("sep=") and len(first.rstrip("\r")) == 5:
        return first[4]  # Excel's "sep=;" first line
    try:
        return csv.Sniffer().sniff(first, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in DELIMITERS}
        return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Does the file end with a quoted field still open (cut in the middle of a cell)?"""
    if '"' not in text:
        return False
    try:
        for _row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def parse_csv(text: str, path: Path | str) -> Table:
    delimiter = sniff_delimiter(text)
    lines = text.split("\n", 1)
    if lines[0].lower().startswith("sep="):
        text = lines[1] if len(lines) > 1 else ""
    # Notes can be up to a MiB of text; the csv module refuses fields over 128 KiB by default.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected(f"{path}: not a valid CSV ({exc})") from None
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not numbered:
        raise ImportRejected(f"{path}: empty file, no header row")
    header = [h.strip().lstrip("\ufeff") for h in numbered[0][1]]
    # A NUL may sit in a note (and is exported as it is), never in a header: a binary file.
    if any("\x00" in h for h in header):
        raise ImportRejected(f"{path}: contains NUL bytes; not a CSV file")
    table = Table(header, numbered[1:])
    if len(numbered) > 1:
        last_number, last = numbered[-1]
        width = len(header)
        others = [row for _, row in numbered[1:-1]]
        # Short last row, no final newline, every other row full: the file stopped mid-row.
        # (A hand-made file whose rows are short anyway gives no such evidence.)
        cut = _ends_inside_quotes(text, delimiter) or (
            not text.endswith(("\n", "\r"))
            and len(last) < width
            and bool(others)
            and all(len(row) >= width for row in others)
        )
        if cut:
            table.incomplete_row = last_number
    return table


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        from dragon_tui.export.xlsx import decode_text

        return decode_text(value)
    return value


def parse_xlsx(raw: bytes, path: Path | str, sheet: str | None) -> Table:
    """The first sheet (or `sheet`) of an .xlsx workbook; formulas are read as their last
    computed value."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportRejected(
            f"{path}: not a readable .xlsx workbook ({type(exc).__name__})"
        ) from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise ImportRejected(
                    f"{path}: no sheet named {sheet!r}; sheets: {', '.join(book.sheetnames)}"
                )
            worksheet = book[sheet]
        else:
            worksheet = book.worksheets[0]
        rows = [
            (n, [_xlsx_cell(v) for v in row])
            for n, row in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected(
            f"{path}: not a readable .xlsx workbook ({type(exc).__name__})"
        ) from None
    finally:
        book.close()
    numbered = [(n, r) for n, r in rows if any(str(c).strip() for c in r)]
    if not numbered:
        raise ImportRejected(f"{path}: empty sheet, no header row")
    header = [str(h).strip() for h in numbered[0][1]]
    return Table(header, numbered[1:], encoding="xlsx")


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read a CSV or .xlsx file (or `-`, standard input) into a Table."""
    raw = read_bytes(path)
    if raw.startswith(XLSX_MAGIC) or str(path).lower().endswith((".xlsx", ".xlsm")):
        return parse_xlsx(raw, path, sheet)
    if raw.startswith(XLS_MAGIC):
        raise ImportRejected(f"{path}: an old Excel .xls workbook; save it as .xlsx or CSV")
    if sheet is not None:
        raise ImportRejected(f"{path}: --sheet applies to .xlsx workbooks only")
    text, encoding = decode(raw, path)
    table = parse_csv(text, path)
    table.encoding = encoding
    return table
