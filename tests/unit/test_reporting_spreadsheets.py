"""Tables as .xlsx and CSV: merged cells, numbers as numbers, and stored text that never breaks a sheet."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl

from services.reporting.reports.document import Cell, Table, head
from services.reporting.reports.xlsx import render_csv, workbook


def table(*rows: list[Cell]) -> Table:
    return Table("表：测试/台账", [[head("事项", colspan=2), head("数量")], *rows])


def test_merged_headers_stay_merged_and_figures_are_numbers_and_dates_dates():
    book = openpyxl.load_workbook(io.BytesIO(workbook([table([Cell("甲"), Cell("2026-03-05"), Cell("12")])])))
    sheet = book.worksheets[0]
    assert sheet.title == "表：测试台账"  # "/", which a sheet name cannot hold, is dropped
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:B1"]
    assert sheet["B2"].value.date() == date(2026, 3, 5) and sheet["C2"].value == 12


def test_stored_text_with_control_characters_or_a_formula_never_breaks_or_runs():
    hostile = [Cell("=HYPERLINK(\"http://x\")"), Cell("行\x0b政\x00"), Cell("-3")]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook([table(hostile)]))).worksheets[0]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=")  # text, not a formula
    assert sheet["B2"].value == "行政" and sheet["C2"].value == -3
    rows = list(csv.reader(io.StringIO(render_csv(table(hostile)).decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "行政", "-3"]


def test_an_empty_workbook_still_opens():
    assert openpyxl.load_workbook(io.BytesIO(workbook([]))).sheetnames == ["空"]
