"""Tables as spreadsheets: .xlsx (one sheet a table, merged cells kept) and CSV, the way a 台账 goes up.

Each sheet has its header rows frozen and repeated on every printed page, columns as wide as their
labels, figures stored as numbers and dates as dates, and prints on A4 (landscape when wide).
Stored text never makes a sheet fail: characters a spreadsheet cannot hold are dropped.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.ledger import BORDER, HEADER_FILL, csv_cell, print_setup, width
from services.reporting.reports.document import Report, Table

NUMBER = re.compile(r"-?\d+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
WIDE = 8  # columns: a table this wide prints landscape


def _value(text: str) -> str | int | date:
    """A figure as a number and an ISO date as a date, so the sheet sums and sorts them."""
    if NUMBER.fullmatch(text) and len(text) < 16:
        return int(text)
    if DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _sheet_name(caption: str, taken: set[str]) -> str:
    base = FORBIDDEN_IN_SHEET_NAMES.sub("", ILLEGAL_CHARACTERS_RE.sub("", caption)).strip()[:28] or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}{n}", n + 1
    taken.add(name)
    return name


def _header_rows(table: Table) -> int:
    rows = 0
    for cells in table.rows:
        if not cells or not all(cell.header for cell in cells):
            break
        rows += 1
    return rows


def _write(sheet: Worksheet, table: Table) -> None:
    widths: dict[int, float] = {}
    for placed in table.placed():
        row, col, span = placed.row + 1, placed.col + 1, placed.cell
        cell = sheet.cell(row=row, column=col, value=_value(span.text))
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # stored text, never a formula
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center",
                                   horizontal="left" if col == 1 and not span.header else "center")
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
        if span.header:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        if span.rowspan > 1 or span.colspan > 1:
            for r in range(row, row + span.rowspan):  # borders on every covered cell, so the merge is boxed
                for c in range(col, col + span.colspan):
                    sheet.cell(row=r, column=c).border = BORDER
            sheet.merge_cells(start_row=row, start_column=col, end_row=row + span.rowspan - 1,
                              end_column=col + span.colspan - 1)
        elif span.text:
            widths[col] = max(widths.get(col, 0), min(width(span.text), 40))
    _, cols = table.shape()
    for col in range(1, cols + 1):
        sheet.column_dimensions[get_column_letter(col)].width = max(widths.get(col, 6), 6) + 2
    print_setup(sheet, landscape=cols >= WIDE, header_rows=_header_rows(table))
    row_after = table.shape()[0] + 2
    for note in table.notes:
        sheet.cell(row=row_after, column=1, value=_value(note))
        row_after += 1


def workbook(tables: list[Table]) -> bytes:
    """The .xlsx bytes: one sheet a table, named after its caption."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        _write(book.create_sheet(_sheet_name(table.caption, taken)), table)
    if not tables:
        book.create_sheet("空")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_tables(report: Report) -> list[Table]:
    return [block for section in report.sections for block in section.blocks if isinstance(block, Table)]


def render_xlsx(report: Report) -> bytes:
    """Every table of a report (for the disclosure report: tables 二, 三 and 四) as a workbook."""
    return workbook(report_tables(report))


def render_csv(table: Table) -> bytes:
    """One table as CSV in UTF-8 with a byte-order mark, which Excel needs to read Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table.grid():
        writer.writerow([csv_cell(text) for text in row])
    return out.getvalue().encode("utf-8-sig")
