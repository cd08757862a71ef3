"""A desk's 台账 as a spreadsheet: rows of cases under Chinese headings, as .xlsx or as CSV.

One writer for every service's case lists: the header row frozen and repeated on every printed
page, columns as wide as their contents, dates stored as dates and figures as numbers, A4
landscape. Stored text never makes a sheet fail: characters a spreadsheet cannot hold are
dropped, and text a spreadsheet would run as a formula is kept as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INTEGER = re.compile(r"-?\d+")
MAX_WIDTH = 48  # characters: longer text wraps
Value = str | int | Decimal | date | None


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its heading and how a case's body gives its value."""

    heading: str
    value: Callable[[dict[str, Any]], Value]


def width(text: str) -> float:
    """Display width: a CJK character takes about two Latin ones."""
    return sum(1.0 if ord(ch) < 0x2E80 else 2.1 for ch in text)


def csv_cell(text: str) -> str:
    """Text for a CSV cell: characters a spreadsheet cannot hold dropped, and text a spreadsheet would
    take for a formula (not a plain number) quoted with an apostrophe."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text[:1] in ("=", "+", "-", "@") and not INTEGER.fullmatch(text):
        return "'" + text
    return text


def print_setup(sheet: Any, *, landscape: bool, header_rows: int) -> None:
    """A4, fitted to the page width; the header rows frozen and printed on every page."""
    if header_rows:
        sheet.freeze_panes = sheet.cell(row=header_rows + 1, column=1)
        sheet.print_title_rows = f"1:{header_rows}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _clean(value: Value) -> Value:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx(title: str, columns: Sequence[Column], bodies: Sequence[dict[str, Any]]) -> bytes:
    """The ledger as an .xlsx workbook of one sheet named `title`."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    widths = [width(c.heading) for c in columns]
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=column.heading)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row, body in enumerate(bodies, start=2):
        for col, column in enumerate(columns, start=1):
            value = _clean(column.value(body))
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # stored text, never a formula
            cell.border = BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
                widths[col - 1] = max(widths[col - 1], 10)
            elif value is not None:
                widths[col - 1] = max(widths[col - 1], min(width(str(value)), MAX_WIDTH))
    for col, fitted in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(fitted, 6) + 2
    if bodies:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(bodies) + 1}"
    print_setup(sheet, landscape=True, header_rows=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_cell(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def csv_bytes(columns: Sequence[Column], bodies: Sequence[dict[str, Any]]) -> bytes:
    """The ledger as CSV in UTF-8 with a byte-order mark, which Excel needs to read Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.heading for c in columns])
    for body in bodies:
        writer.writerow([_csv_text(c.value(body)) for c in columns])
    return out.getvalue().encode("utf-8-sig")


# -- column helpers: what a case body's fields become in a cell --------------------------------

def day(key: str) -> Callable[[dict[str, Any]], date | None]:
    """An ISO date field (a dotted path reaches into objects) as a date."""
    def get(body: dict[str, Any]) -> date | None:
        value = dig(body, key)
        return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None
    return get


def text(key: str) -> Callable[[dict[str, Any]], str | None]:
    def get(body: dict[str, Any]) -> str | None:
        value = dig(body, key)
        return None if value is None else str(value)
    return get


def number(key: str) -> Callable[[dict[str, Any]], int | Decimal | None]:
    def get(body: dict[str, Any]) -> int | Decimal | None:
        value = dig(body, key)
        if value is None or isinstance(value, bool):
            return None
        return value if isinstance(value, int) else Decimal(str(value))
    return get


def yes_no(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda body: "是" if dig(body, key) else "否"


def names(key: str, sep: str = "、") -> Callable[[dict[str, Any]], str]:
    """The `name` of each person in a list field, joined (as the reader may see them: masked or not)."""
    return lambda body: sep.join(str(p.get("name") or "") for p in (dig(body, key) or []))


def joined(key: str, sep: str = "、") -> Callable[[dict[str, Any]], str]:
    return lambda body: sep.join(str(v) for v in (dig(body, key) or []))


def dig(body: dict[str, Any], key: str) -> Any:
    value: Any = body
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# -- the edge: every page of a list, and the file that goes back --------------------------------

EXPORT_PAGE = 500  # documents read per query while an export walks the whole list
SHEET_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "the ledger, as an attachment (.xlsx, or CSV in UTF-8 with a byte-order mark)",
    "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}, "text/csv": {"schema": {"type": "string"}}},
}}


async def every_document(store: Any, query: Any) -> list[Any]:
    """All documents a list query matches, page after page (an export is the whole list, not one page)."""
    from dataclasses import replace

    found: list[Any] = []
    query = replace(query, limit=EXPORT_PAGE, with_total=False, after=None)
    while True:
        page = await store.list_documents(query)
        found.extend(page.items)
        if page.next_cursor is None:
            return found
        query = replace(query, after=page.next_cursor)


def sheet_file(title: str, columns: Sequence[Column], bodies: Sequence[dict[str, Any]], fmt: SheetFormat,
               filename: str) -> Any:
    """The HTTP response carrying the ledger as an attachment (an ASCII file name, and the Chinese one per RFC 6266)."""
    from urllib.parse import quote

    from fastapi import Response

    if fmt is SheetFormat.CSV:
        body, media = csv_bytes(columns, bodies), "text/csv; charset=utf-8"
    else:
        body, media = xlsx(title, columns, bodies), XLSX
    name = f"{filename}.{fmt.value}"
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(f'{title}-{name}')}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
